/* SPDX-License-Identifier: MIT */
/* Operations of the domain kind (rt_domain). */
#include "base/common.h"
#include "schema/kind.h"

static void json(rt_json *w, const rt_object *o)
{
	const rt_domain *d = (const rt_domain *)o;
	rt_json_object(w, NULL);
	rt_json_str(w, "schema", d->schema);
	rt_json_str(w, "name", d->name);
	rt_kind_json_type(w, "type", d->type);
	rt_kind_json_qname(w, "collation", &d->collation);
	rt_kind_json_expr(w, "default", d->default_expr);
	rt_json_bool(w, "not_null", d->not_null);
	rt_json_array(w, "checks");
	for (size_t i = 0; i < d->checks.len; i++) {
		const rt_domain_check *k = d->checks.items[i];
		rt_json_object(w, NULL);
		rt_json_str(w, "name", k->name);
		rt_kind_json_expr(w, "expression", k->expr);
		rt_json_bool(w, "not_valid", k->not_valid);
		rt_json_end(w);
	}
	rt_json_end(w);
	rt_kind_json_grants(w, &d->grants);
	rt_json_str(w, "comment", d->comment);
	rt_json_end(w);
}

/* A new base type or collation is a new domain; the rest is ALTER
 * DOMAIN (default, NOT NULL, constraints added and dropped). */
static rt_same compare(const rt_object *from, const rt_object *to)
{
	const rt_domain *x = (const rt_domain *)from;
	const rt_domain *y = (const rt_domain *)to;
	bool same;

	if (!rt_kind_type_eq(x->type, y->type) ||
	    !rt_kind_qname_eq(x->collation, y->collation))
		return RT_REPLACE;
	same = rt_kind_expr_eq(x->default_expr, y->default_expr) &&
	       x->not_null == y->not_null && x->checks.len == y->checks.len;
	for (size_t i = 0; same && i < x->checks.len; i++) {
		const rt_domain_check *a = x->checks.items[i];
		const rt_domain_check *b = y->checks.items[i];
		same = rt_streq(a->name, b->name) &&
		       rt_kind_expr_eq(a->expr, b->expr) &&
		       a->not_valid == b->not_valid;
	}
	return same ? RT_SAME : RT_ALTER;
}

const rt_kind_ops rt_kind_domain = {
    .kind = RT_KIND_DOMAIN,
    .name = "domain",
    .plural = "domains",
    .scope = RT_SCOPE_SCHEMA,
    .size = sizeof(rt_domain),
    .list = offsetof(rt_schema, domains),
    .priority = 5,
    .cmp = rt_kind_cmp_qualified,
    .json = json,
    .sql_type = "DOMAIN",
    .naming = RT_NAMING_QUALIFIED,
    .compare = compare,
};
