/* SPDX-License-Identifier: MIT */
/* Operations of the sequence kind (rt_sequence). */
#include "base/common.h"
#include "schema/kind.h"

static void json(rt_json *w, const rt_object *o)
{
	const rt_sequence *q = (const rt_sequence *)o;
	rt_json_object(w, NULL);
	rt_json_str(w, "schema", q->schema);
	rt_json_str(w, "name", q->name);
	rt_json_str(w, "type", q->type);
	rt_json_int(w, "start", q->start);
	rt_json_int(w, "increment", q->increment);
	rt_json_int(w, "min", q->min);
	rt_json_int(w, "max", q->max);
	rt_json_int(w, "cache", q->cache);
	rt_json_bool(w, "cycle", q->cycle);
	if (q->owned_by_table.name) {
		rt_json_object(w, "owned_by");
		rt_json_str(w, "schema", q->owned_by_table.schema);
		rt_json_str(w, "table", q->owned_by_table.name);
		rt_json_str(w, "column", q->owned_by_column);
		rt_json_end(w);
	} else {
		rt_json_null(w, "owned_by");
	}
	rt_kind_json_grants(w, &q->grants);
	rt_json_str(w, "comment", q->comment);
	rt_json_end(w);
}

const rt_kind_ops rt_kind_sequence = {
    .kind = RT_KIND_SEQUENCE,
    .name = "sequence",
    .plural = "sequences",
    .scope = RT_SCOPE_SCHEMA,
    .size = sizeof(rt_sequence),
    .list = offsetof(rt_schema, sequences),
    .priority = 6,
    .cmp = rt_kind_cmp_qualified,
    .json = json,
    .sql_type = "SEQUENCE",
    .naming = RT_NAMING_QUALIFIED,
};
