/* SPDX-License-Identifier: MIT */
/* Operations of the index kind (rt_index). */
#include "base/common.h"
#include "schema/kind.h"

static void json(rt_json *w, const rt_object *o)
{
	const rt_index *x = (const rt_index *)o;
	rt_json_object(w, NULL);
	rt_json_str(w, "schema", x->schema);
	rt_json_str(w, "name", x->name);
	rt_kind_json_qname(w, "table", &x->table);
	rt_json_bool(w, "unique", x->unique);
	rt_kind_json_expr(w, "definition", x->def);
	rt_json_str(w, "comment", x->comment);
	rt_json_end(w);
}

const rt_kind_ops rt_kind_index = {
    .kind = RT_KIND_INDEX,
    .name = "index",
    .plural = "indexes",
    .scope = RT_SCOPE_SCHEMA,
    .size = sizeof(rt_index),
    .list = offsetof(rt_schema, indexes),
    .priority = 10,
    .cmp = rt_kind_cmp_qualified,
    .json = json,
    .sql_type = "INDEX",
    .naming = RT_NAMING_QUALIFIED,
};
