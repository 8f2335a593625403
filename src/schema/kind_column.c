/* SPDX-License-Identifier: MIT */
/* Operations of the column kind (rt_column). */
#include "base/common.h"
#include "schema/kind.h"

static void json(rt_json *w, const rt_object *o)
{
	const rt_column *c = (const rt_column *)o;
	rt_json_object(w, NULL);
	rt_json_str(w, "name", c->name);
	rt_json_object(w, "type");
	rt_json_str(w, "schema", c->type.schema);
	rt_json_str(w, "name", c->type.name);
	rt_json_end(w);
	rt_kind_json_qname(w, "collation", &c->collation);
	rt_json_bool(w, "not_null", c->not_null);
	rt_kind_json_expr(w, "default", c->default_expr);
	rt_kind_json_expr(w, "generated", c->generated);
	rt_json_str(w, "identity",
		    c->identity == RT_IDENTITY_ALWAYS	    ? "always"
		    : c->identity == RT_IDENTITY_BY_DEFAULT ? "by default"
							    : NULL);
	rt_json_bool(w, "is_local", c->is_local);
	rt_json_int(w, "inhcount", c->inhcount);
	rt_kind_json_grants(w, &c->grants);
	rt_json_str(w, "comment", c->comment);
	char st[2] = {c->storage, 0};
	rt_json_str(w, "storage", c->storage ? st : NULL);
	if (c->has_statistics)
		rt_json_int(w, "statistics", c->statistics);
	else
		rt_json_null(w, "statistics");
	rt_json_str(w, "compression", c->compression);
	if (c->identity && c->id_seq) {
		const rt_sequence *q = c->id_seq;
		rt_json_object(w, "identity_sequence");
		rt_json_str(w, "schema", q->schema);
		rt_json_str(w, "name", q->name);
		rt_json_end(w);
		rt_json_int(w, "identity_start", q->start);
		rt_json_int(w, "identity_increment", q->increment);
		rt_json_int(w, "identity_min", q->min);
		rt_json_int(w, "identity_max", q->max);
		rt_json_int(w, "identity_cache", q->cache);
		rt_json_bool(w, "identity_cycle", q->cycle);
	}
	rt_json_end(w);
}

const rt_kind_ops rt_kind_column = {
    .kind = RT_KIND_COLUMN,
    .name = "column",
    .plural = "columns",
    .scope = RT_SCOPE_OWNER,
    .size = sizeof(rt_column),
    .list = offsetof(rt_table, columns),
    .priority = 8,
    .cmp = NULL,
    .json = json,
    .sql_type = "COLUMN",
    .naming = RT_NAMING_MEMBER,
};
