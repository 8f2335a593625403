/* SPDX-License-Identifier: MIT */
/* Operations of the collation kind (rt_collation). */
#include "base/common.h"
#include "schema/kind.h"

static void json(rt_json *w, const rt_object *o)
{
	const rt_collation *c = (const rt_collation *)o;
	rt_json_object(w, NULL);
	rt_json_str(w, "schema", c->schema);
	rt_json_str(w, "name", c->name);
	rt_json_str(w, "provider",
		    c->provider == 'i'	 ? "icu"
		    : c->provider == 'c' ? "libc"
					 : "default");
	rt_json_str(w, "lc_collate", c->lc_collate);
	rt_json_str(w, "lc_ctype", c->lc_ctype);
	rt_json_bool(w, "deterministic", c->deterministic);
	rt_json_str(w, "comment", c->comment);
	rt_json_end(w);
}

const rt_kind_ops rt_kind_collation = {
    .kind = RT_KIND_COLLATION,
    .name = "collation",
    .plural = "collations",
    .scope = RT_SCOPE_SCHEMA,
    .size = sizeof(rt_collation),
    .list = offsetof(rt_schema, collations),
    .priority = 3,
    .cmp = rt_kind_cmp_qualified,
    .json = json,
    .sql_type = "COLLATION",
    .naming = RT_NAMING_QUALIFIED,
};
