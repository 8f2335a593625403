/* SPDX-License-Identifier: MIT */
/* Operations of the constraint kind (rt_constraint). */
#include "base/common.h"
#include "schema/kind.h"

static const char *contype_name(rt_contype t)
{
	switch (t) {
	case RT_CON_PRIMARY:
		return "primary_key";
	case RT_CON_UNIQUE:
		return "unique";
	case RT_CON_FOREIGN:
		return "foreign_key";
	case RT_CON_CHECK:
		return "check";
	case RT_CON_EXCLUDE:
		return "exclude";
	}
	return "unknown";
}

static const char *fk_action(char c)
{
	switch (c) {
	case 'a':
		return "no action";
	case 'r':
		return "restrict";
	case 'c':
		return "cascade";
	case 'n':
		return "set null";
	case 'd':
		return "set default";
	}
	return NULL;
}

static void json(rt_json *w, const rt_object *o)
{
	const rt_constraint *c = (const rt_constraint *)o;
	rt_json_object(w, NULL);
	rt_json_str(w, "name", c->name);
	rt_json_str(w, "type", contype_name(c->type));
	rt_kind_json_strvec(w, "columns", &c->columns);
	if (c->type == RT_CON_PRIMARY || c->type == RT_CON_UNIQUE)
		rt_kind_json_strvec(w, "include", &c->include);
	if (c->type == RT_CON_UNIQUE)
		rt_json_bool(w, "nulls_not_distinct", c->nulls_not_distinct);
	if (c->type == RT_CON_FOREIGN) {
		rt_kind_json_qname(w, "ref_table", &c->ref_table);
		rt_kind_json_strvec(w, "ref_columns", &c->ref_columns);
		rt_json_str(w, "on_update", fk_action(c->on_update));
		rt_json_str(w, "on_delete", fk_action(c->on_delete));
		rt_json_str(w, "match",
			    c->match == 'f'   ? "full"
			    : c->match == 'p' ? "partial"
			    : c->match	      ? "simple"
					      : NULL);
	}
	if (c->type == RT_CON_CHECK || c->type == RT_CON_EXCLUDE)
		rt_kind_json_expr(w, "expr", c->expr);
	if (c->type == RT_CON_CHECK)
		rt_json_bool(w, "no_inherit", c->no_inherit);
	rt_json_bool(w, "deferrable", c->deferrable);
	rt_json_bool(w, "initially_deferred", c->initially_deferred);
	rt_json_bool(w, "not_valid", c->not_valid);
	rt_json_bool(w, "is_local", c->is_local);
	rt_json_str(w, "comment", c->comment);
	if (c->type == RT_CON_FOREIGN)
		rt_kind_json_strvec(w, "on_delete_columns",
				    &c->on_delete_columns);
	if (c->type == RT_CON_PRIMARY || c->type == RT_CON_UNIQUE)
		rt_kind_json_strvec(w, "index_options", &c->index_options);
	rt_json_end(w);
}

const rt_kind_ops rt_kind_constraint = {
    .kind = RT_KIND_CONSTRAINT,
    .name = "constraint",
    .plural = "constraints",
    .scope = RT_SCOPE_OWNER,
    .size = sizeof(rt_constraint),
    .list = offsetof(rt_table, constraints),
    .priority = 9,
    .cmp = rt_kind_cmp_name,
    .json = json,
    .sql_type = "CONSTRAINT",
    .naming = RT_NAMING_ON_TABLE,
};
