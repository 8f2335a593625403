/* SPDX-License-Identifier: MIT */
/* Operations of the extension kind (rt_extension). */
#include "base/common.h"
#include "schema/kind.h"

static void json(rt_json *w, const rt_object *o)
{
	const rt_extension *e = (const rt_extension *)o;
	rt_json_object(w, NULL);
	rt_json_str(w, "name", e->name);
	rt_json_str(w, "schema", e->schema);
	rt_json_str(w, "version", e->version);
	rt_json_end(w);
}

const rt_kind_ops rt_kind_extension = {
    .kind = RT_KIND_EXTENSION,
    .name = "extension",
    .plural = "extensions",
    .scope = RT_SCOPE_DATABASE,
    .size = sizeof(rt_extension),
    .list = offsetof(rt_schema, extensions),
    .priority = 2,
    .cmp = rt_kind_cmp_name,
    .json = json,
    .sql_type = "EXTENSION",
    .naming = RT_NAMING_PLAIN,
};
