/* SPDX-License-Identifier: MIT */
/* Operations of the namespace kind (rt_namespace). */
#include "base/common.h"
#include "schema/kind.h"

static void json(rt_json *w, const rt_object *o)
{
	rt_json_object(w, NULL);
	rt_json_str(w, "name", o->name);
	rt_kind_json_grants(w, &o->grants);
	rt_json_str(w, "comment", o->comment);
	rt_json_end(w);
}

const rt_kind_ops rt_kind_namespace = {
    .kind = RT_KIND_NAMESPACE,
    .name = "namespace",
    .plural = "namespaces",
    .scope = RT_SCOPE_DATABASE,
    .size = sizeof(rt_namespace),
    .list = offsetof(rt_schema, namespaces),
    .priority = 1,
    .cmp = rt_kind_cmp_name,
    .json = json,
    .sql_type = "SCHEMA",
    .naming = RT_NAMING_PLAIN,
};
