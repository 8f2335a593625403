/* SPDX-License-Identifier: MIT */
/*
 * Triggers in PostgreSQL: created from the stored CREATE TRIGGER
 * statement (followed by the ALTER TABLE that disables it, when it is
 * not enabled the default way); an in-place change is ALTER TABLE ...
 * ENABLE / DISABLE TRIGGER; the drop is DROP TRIGGER name ON table.
 */
#include "base/common.h"
#include "render/render_int.h"

/* ALTER TABLE rel ENABLE / DISABLE ... TRIGGER name */
static void switch_trigger(rt_buf *b, const rt_trigger *t)
{
	rt_buf_adds(b, "ALTER TABLE ");
	rt_render__qname(b, t->owner->schema, t->owner->name);
	switch (t->enabled) {
	case 'D':
		rt_buf_adds(b, " DISABLE TRIGGER ");
		break;
	case 'R':
		rt_buf_adds(b, " ENABLE REPLICA TRIGGER ");
		break;
	case 'A':
		rt_buf_adds(b, " ENABLE ALWAYS TRIGGER ");
		break;
	default:
		rt_buf_adds(b, " ENABLE TRIGGER ");
		break;
	}
	rt_render__ident(b, t->name);
}

static void create(rt_buf *b, const rt_object *o)
{
	const rt_trigger *t = (const rt_trigger *)o;
	rt_buf_adds(b, t->def->text);
	if (t->enabled && t->enabled != 'O') {
		rt_buf_adds(b, ";\n");
		switch_trigger(b, t);
	}
}

static void alter(rt_buf *b, const rt_object *from, const rt_object *to)
{
	(void)from;
	switch_trigger(b, (const rt_trigger *)to);
}

const rt_render_kind rt_render__pg_trigger = {
    .create = create,
    .alter = alter,
};
