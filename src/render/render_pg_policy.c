/* SPDX-License-Identifier: MIT */
/* Row level security policies in PostgreSQL (DROP is the generic
 * "DROP POLICY name ON table"). */
#include "base/common.h"
#include "render/render_int.h"

static const char *cmd_word(char c)
{
	switch (c) {
	case 'r':
		return "SELECT";
	case 'a':
		return "INSERT";
	case 'w':
		return "UPDATE";
	case 'd':
		return "DELETE";
	default:
		return "ALL";
	}
}

/* " ON schema.table" */
static void on_table(rt_buf *b, const rt_policy *p)
{
	rt_buf_adds(b, " ON ");
	rt_render__qname(b, p->owner->schema, p->owner->name);
}

/* " TO r1, r2 USING (...) WITH CHECK (...)" */
static void roles_and_exprs(rt_buf *b, const rt_policy *p)
{
	rt_buf_adds(b, " TO ");
	for (size_t i = 0; i < p->roles.len; i++) {
		const char *r = p->roles.items[i];
		if (i)
			rt_buf_adds(b, ", ");
		if (strcmp(r, "PUBLIC") == 0 ||
		    strcmp(r, "CURRENT_USER") == 0 ||
		    strcmp(r, "SESSION_USER") == 0)
			rt_buf_adds(b, r);
		else
			rt_render__ident(b, r);
	}
	if (!p->roles.len)
		rt_buf_adds(b, "PUBLIC");
	if (p->using_expr)
		rt_buf_addf(b, "\n  USING (%s)", p->using_expr->text);
	if (p->check_expr)
		rt_buf_addf(b, "\n  WITH CHECK (%s)", p->check_expr->text);
}

static void create(rt_buf *b, const rt_object *o)
{
	const rt_policy *p = (const rt_policy *)o;

	rt_buf_adds(b, "CREATE POLICY ");
	rt_render__ident(b, p->name);
	on_table(b, p);
	if (!p->permissive)
		rt_buf_adds(b, " AS RESTRICTIVE");
	rt_buf_addf(b, " FOR %s", cmd_word(p->cmd));
	roles_and_exprs(b, p);
}

/* ALTER POLICY sets the roles and the expressions the new one has (an
 * expression it lacks makes compare ask for a new policy instead). */
static void alter(rt_buf *b, const rt_object *from, const rt_object *to)
{
	const rt_policy *p = (const rt_policy *)to;

	(void)from;
	rt_buf_adds(b, "ALTER POLICY ");
	rt_render__ident(b, p->name);
	on_table(b, p);
	roles_and_exprs(b, p);
}

const rt_render_kind rt_render__pg_policy = {
    .create = create,
    .alter = alter,
};
