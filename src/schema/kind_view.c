/* SPDX-License-Identifier: MIT */
/* Operations of the view kind (rt_view: views, materialized views). */
#include "base/common.h"
#include "schema/kind.h"

static void json(rt_json *w, const rt_object *o)
{
	const rt_view *v = (const rt_view *)o;
	rt_json_object(w, NULL);
	rt_json_str(w, "schema", v->schema);
	rt_json_str(w, "name", v->name);
	rt_json_bool(w, "materialized", v->materialized);
	rt_kind_json_expr(w, "query", v->query);
	rt_kind_json_strvec(w, "options", &v->options);
	rt_kind_json_grants(w, &v->grants);
	rt_json_str(w, "comment", v->comment);
	rt_json_end(w);
}

/* A changed view is dropped and created with what depends on it.
 * Queries are compared on their keys; when the two sides spell SQL
 * differently (one read from a database) and only the loose keys agree,
 * the difference may be spelling only. */
static rt_same compare(const rt_object *from, const rt_object *to)
{
	const rt_view *x = (const rt_view *)from;
	const rt_view *y = (const rt_view *)to;
	if (x->materialized != y->materialized ||
	    !rt_kind_strvec_eq(&x->options, &y->options))
		return RT_REPLACE;
	if (rt_kind_expr_eq(x->query, y->query))
		return RT_SAME;
	if (x->exact == y->exact || !rt_streq(x->loose, y->loose))
		return RT_REPLACE;
	return RT_MAYBE;
}

const rt_kind_ops rt_kind_view = {
    .kind = RT_KIND_VIEW,
    .name = "view",
    .plural = "views",
    .scope = RT_SCOPE_SCHEMA,
    .size = sizeof(rt_view),
    .list = offsetof(rt_schema, views),
    .priority = 11,
    .cmp = rt_kind_cmp_qualified,
    .json = json,
    .sql_type = "VIEW",
    .naming = RT_NAMING_QUALIFIED,
    .compare = compare,
    .on_relations = true,
};
