/* SPDX-License-Identifier: MIT */
/* Operations of the range type kind (rt_range). */
#include "base/common.h"
#include "schema/kind.h"

static void json(rt_json *w, const rt_object *o)
{
	const rt_range *r = (const rt_range *)o;
	rt_json_object(w, NULL);
	rt_json_str(w, "schema", r->schema);
	rt_json_str(w, "name", r->name);
	rt_kind_json_type(w, "subtype", r->subtype);
	rt_kind_json_qname(w, "subtype_opclass", &r->opclass);
	rt_kind_json_qname(w, "collation", &r->collation);
	rt_kind_json_qname(w, "canonical", &r->canonical);
	rt_kind_json_qname(w, "subtype_diff", &r->subtype_diff);
	rt_json_str(w, "multirange", r->multirange);
	rt_kind_json_grants(w, &r->grants);
	rt_json_str(w, "comment", r->comment);
	rt_json_end(w);
}

/* Nothing of a range type can be altered: any difference recreates it. */
static rt_same compare(const rt_object *from, const rt_object *to)
{
	const rt_range *x = (const rt_range *)from;
	const rt_range *y = (const rt_range *)to;
	bool same = rt_kind_type_eq(x->subtype, y->subtype) &&
		    rt_kind_qname_eq(x->opclass, y->opclass) &&
		    rt_kind_qname_eq(x->collation, y->collation) &&
		    rt_kind_qname_eq(x->canonical, y->canonical) &&
		    rt_kind_qname_eq(x->subtype_diff, y->subtype_diff) &&
		    rt_streq(x->multirange, y->multirange);
	return same ? RT_SAME : RT_REPLACE;
}

const rt_kind_ops rt_kind_range = {
    .kind = RT_KIND_RANGE,
    .name = "range type",
    .plural = "range_types",
    .scope = RT_SCOPE_SCHEMA,
    .size = sizeof(rt_range),
    .list = offsetof(rt_schema, ranges),
    .priority = 5,
    .cmp = rt_kind_cmp_qualified,
    .json = json,
    .sql_type = "TYPE",
    .naming = RT_NAMING_QUALIFIED,
    .compare = compare,
};
