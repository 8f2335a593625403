/* SPDX-License-Identifier: MIT */
/* Rules in PostgreSQL: created from their definition's text, switched on
 * and off with ALTER TABLE ... ENABLE / DISABLE RULE (also after the
 * CREATE of a rule that is not enabled: plan.c). */
#include "base/common.h"
#include "render/render_int.h"

/* The statement's text without a trailing ';' or blanks. */
static void statement_text(rt_buf *b, const char *q)
{
	size_t n = strlen(q);
	while (n > 0 &&
	       (q[n - 1] == ';' || q[n - 1] == ' ' || q[n - 1] == '\n' ||
		q[n - 1] == '\t' || q[n - 1] == '\r'))
		n--;
	rt_buf_add(b, q, n);
}

static void enable(rt_buf *b, const rt_rule *r)
{
	rt_buf_adds(b, "ALTER TABLE ");
	rt_render__qname(b, r->owner->schema, r->owner->name);
	switch (r->enabled) {
	case 'D':
		rt_buf_adds(b, " DISABLE RULE ");
		break;
	case 'A':
		rt_buf_adds(b, " ENABLE ALWAYS RULE ");
		break;
	case 'R':
		rt_buf_adds(b, " ENABLE REPLICA RULE ");
		break;
	default:
		rt_buf_adds(b, " ENABLE RULE ");
		break;
	}
	rt_render__ident(b, r->name);
}

static void create(rt_buf *b, const rt_object *o)
{
	const rt_rule *r = (const rt_rule *)o;
	statement_text(b, r->def->text);
}

static void alter(rt_buf *b, const rt_object *from, const rt_object *to)
{
	(void)from;
	enable(b, (const rt_rule *)to);
}

const rt_render_kind rt_render__pg_rule = {
    .create = create,
    .alter = alter,
};
