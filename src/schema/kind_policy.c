/* SPDX-License-Identifier: MIT */
/* Operations of the policy kind (rt_policy). */
#include "base/common.h"
#include "schema/kind.h"

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

static void json(rt_json *w, const rt_object *o)
{
	const rt_policy *p = (const rt_policy *)o;
	rt_json_object(w, NULL);
	rt_json_str(w, "schema", p->schema);
	rt_json_str(w, "name", p->name);
	rt_kind_json_qname(w, "table", &p->table);
	rt_json_bool(w, "permissive", p->permissive);
	rt_json_str(w, "command", cmd_word(p->cmd));
	rt_kind_json_strvec(w, "roles", &p->roles);
	rt_kind_json_expr(w, "using", p->using_expr);
	rt_kind_json_expr(w, "with_check", p->check_expr);
	rt_json_str(w, "comment", p->comment);
	rt_json_end(w);
}

/* ALTER POLICY changes the roles and both expressions; the command and
 * PERMISSIVE / RESTRICTIVE take a new policy, and so does an expression
 * added or taken away: ALTER POLICY cannot take one away, and the
 * answer must hold both ways (the down migration alters back). */
static rt_same compare(const rt_object *from, const rt_object *to)
{
	const rt_policy *x = (const rt_policy *)from;
	const rt_policy *y = (const rt_policy *)to;
	if (x->permissive != y->permissive || x->cmd != y->cmd)
		return RT_REPLACE;
	if (rt_kind_strvec_eq(&x->roles, &y->roles) &&
	    rt_kind_expr_eq(x->using_expr, y->using_expr) &&
	    rt_kind_expr_eq(x->check_expr, y->check_expr))
		return RT_SAME;
	if (!x->using_expr != !y->using_expr ||
	    !x->check_expr != !y->check_expr)
		return RT_REPLACE;
	return RT_ALTER;
}

const rt_kind_ops rt_kind_policy = {
    .kind = RT_KIND_POLICY,
    .name = "policy",
    .plural = "policies",
    .scope = RT_SCOPE_RELATION,
    .size = sizeof(rt_policy),
    .list = offsetof(rt_schema, policies),
    .priority = 12,
    .cmp = rt_kind_cmp_on,
    .json = json,
    .sql_type = "POLICY",
    .naming = RT_NAMING_ON_TABLE,
    .compare = compare,
    .on_relations = true,
};
