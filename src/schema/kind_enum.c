/* SPDX-License-Identifier: MIT */
/* Operations of the enum kind (rt_enum). */
#include "base/common.h"
#include "schema/kind.h"

static void json(rt_json *w, const rt_object *o)
{
	const rt_enum *e = (const rt_enum *)o;
	rt_json_object(w, NULL);
	rt_json_str(w, "schema", e->schema);
	rt_json_str(w, "name", e->name);
	rt_kind_json_strvec(w, "labels", &e->labels);
	rt_kind_json_grants(w, &e->grants);
	rt_json_str(w, "comment", e->comment);
	rt_json_end(w);
}

const rt_kind_ops rt_kind_enum = {
    .kind = RT_KIND_ENUM,
    .name = "enum",
    .plural = "enums",
    .scope = RT_SCOPE_SCHEMA,
    .size = sizeof(rt_enum),
    .list = offsetof(rt_schema, enums),
    .priority = 4,
    .cmp = rt_kind_cmp_qualified,
    .json = json,
    .sql_type = "TYPE",
    .naming = RT_NAMING_QUALIFIED,
};
