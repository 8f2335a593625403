/* SPDX-License-Identifier: MIT */
/* Operations of the composite type kind (rt_composite). */
#include "base/common.h"
#include "schema/kind.h"

static void json(rt_json *w, const rt_object *o)
{
	const rt_composite *c = (const rt_composite *)o;
	rt_json_object(w, NULL);
	rt_json_str(w, "schema", c->schema);
	rt_json_str(w, "name", c->name);
	rt_json_array(w, "attributes");
	for (size_t i = 0; i < c->attributes.len; i++) {
		const rt_attribute *a = c->attributes.items[i];
		rt_json_object(w, NULL);
		rt_json_str(w, "name", a->name);
		rt_kind_json_type(w, "type", a->type);
		rt_kind_json_qname(w, "collation", &a->collation);
		rt_json_end(w);
	}
	rt_json_end(w);
	rt_kind_json_grants(w, &c->grants);
	rt_json_str(w, "comment", c->comment);
	rt_json_end(w);
}

static rt_same compare(const rt_object *from, const rt_object *to)
{
	const rt_composite *x = (const rt_composite *)from;
	const rt_composite *y = (const rt_composite *)to;
	if (x->attributes.len != y->attributes.len)
		return RT_ALTER;
	for (size_t i = 0; i < x->attributes.len; i++) {
		const rt_attribute *a = x->attributes.items[i];
		const rt_attribute *b = y->attributes.items[i];
		if (!rt_streq(a->name, b->name) ||
		    !rt_kind_type_eq(a->type, b->type) ||
		    !rt_kind_qname_eq(a->collation, b->collation))
			return RT_ALTER;
	}
	return RT_SAME;
}

const rt_kind_ops rt_kind_composite = {
    .kind = RT_KIND_COMPOSITE,
    .name = "composite type",
    .plural = "composite_types",
    .scope = RT_SCOPE_SCHEMA,
    .size = sizeof(rt_composite),
    .list = offsetof(rt_schema, composites),
    .priority = 5,
    .cmp = rt_kind_cmp_qualified,
    .json = json,
    .sql_type = "TYPE",
    .naming = RT_NAMING_QUALIFIED,
    .compare = compare,
};
