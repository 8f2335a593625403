/* SPDX-License-Identifier: MIT */
/* Operations of the rule kind (rt_rule). */
#include "base/common.h"
#include "schema/kind.h"

static void json(rt_json *w, const rt_object *o)
{
	const rt_rule *r = (const rt_rule *)o;
	char en[2] = {r->enabled ? r->enabled : 'O', 0};
	rt_json_object(w, NULL);
	rt_json_str(w, "schema", r->schema);
	rt_json_str(w, "name", r->name);
	rt_kind_json_qname(w, "table", &r->table);
	rt_kind_json_expr(w, "definition", r->def);
	rt_json_str(w, "enabled", en);
	rt_json_str(w, "comment", r->comment);
	rt_json_end(w);
}

static rt_same compare(const rt_object *from, const rt_object *to)
{
	const rt_rule *x = (const rt_rule *)from;
	const rt_rule *y = (const rt_rule *)to;
	if (!rt_kind_expr_eq(x->def, y->def))
		return RT_REPLACE;
	return x->enabled == y->enabled ? RT_SAME : RT_ALTER;
}

const rt_kind_ops rt_kind_rule = {
    .kind = RT_KIND_RULE,
    .name = "rule",
    .plural = "rules",
    .scope = RT_SCOPE_RELATION,
    .size = sizeof(rt_rule),
    .list = offsetof(rt_schema, rules),
    .priority = 12,
    .cmp = rt_kind_cmp_on,
    .json = json,
    .sql_type = "RULE",
    .naming = RT_NAMING_ON_TABLE,
    .compare = compare,
    .on_relations = true,
};
