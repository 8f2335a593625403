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

static const rt_attribute *find_attr(const rt_composite *c, const char *name)
{
	for (size_t i = 0; i < c->attributes.len; i++) {
		const rt_attribute *a = c->attributes.items[i];
		if (strcmp(a->name, name) == 0)
			return a;
	}
	return NULL;
}

/*
 * ALTER TYPE drops attributes anywhere, retypes them in place and adds
 * them at the end: a new list that keeps the surviving attributes in
 * their old order, followed by the new ones, is an ALTER; any other
 * order (attributes moved, or one added between old ones) recreates the
 * type.
 */
static rt_same compare(const rt_object *from, const rt_object *to)
{
	const rt_composite *x = (const rt_composite *)from;
	const rt_composite *y = (const rt_composite *)to;
	size_t j = 0;
	bool same = x->attributes.len == y->attributes.len;

	for (size_t i = 0; i < x->attributes.len; i++) {
		const rt_attribute *a = x->attributes.items[i];
		const rt_attribute *b;
		if (!find_attr(y, a->name)) {
			same = false;
			continue;
		}
		if (j >= y->attributes.len)
			return RT_REPLACE;
		b = y->attributes.items[j++];
		if (!rt_streq(a->name, b->name))
			return RT_REPLACE;
		if (!rt_kind_type_eq(a->type, b->type) ||
		    !rt_kind_qname_eq(a->collation, b->collation))
			same = false;
	}
	for (; j < y->attributes.len; j++) {
		const rt_attribute *b = y->attributes.items[j];
		if (find_attr(x, b->name))
			return RT_REPLACE;
		same = false;
	}
	return same ? RT_SAME : RT_ALTER;
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
