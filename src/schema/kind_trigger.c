/* SPDX-License-Identifier: MIT */
/* Operations of the trigger kind (rt_trigger). */
#include "base/common.h"
#include "schema/kind.h"

static void json(rt_json *w, const rt_object *o)
{
	const rt_trigger *t = (const rt_trigger *)o;
	char en[2] = {t->enabled ? t->enabled : 'O', 0};
	rt_json_object(w, NULL);
	rt_json_str(w, "schema", t->schema);
	rt_json_str(w, "name", t->name);
	rt_kind_json_qname(w, "table", &t->table);
	rt_kind_json_expr(w, "definition", t->def);
	rt_json_str(w, "enabled", en);
	rt_json_str(w, "comment", t->comment);
	rt_json_end(w);
}

static rt_same compare(const rt_object *from, const rt_object *to)
{
	const rt_trigger *x = (const rt_trigger *)from;
	const rt_trigger *y = (const rt_trigger *)to;
	if (!rt_kind_expr_eq(x->def, y->def))
		return RT_REPLACE;
	return x->enabled == y->enabled ? RT_SAME : RT_ALTER;
}

const rt_kind_ops rt_kind_trigger = {
    .kind = RT_KIND_TRIGGER,
    .name = "trigger",
    .plural = "triggers",
    .scope = RT_SCOPE_RELATION,
    .size = sizeof(rt_trigger),
    .list = offsetof(rt_schema, triggers),
    .priority = 12,
    .cmp = rt_kind_cmp_on,
    .json = json,
    .sql_type = "TRIGGER",
    .naming = RT_NAMING_ON_TABLE,
    .compare = compare,
    .on_relations = true,
};
