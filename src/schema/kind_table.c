/* SPDX-License-Identifier: MIT */
/* Operations of the table kind (rt_table). */
#include "base/common.h"
#include "schema/kind.h"

static void owned_list(rt_json *w, rt_kind k, const rt_vec *v)
{
	const rt_kind_ops *ops = rt_kind_get(k);
	rt_json_array(w, ops->plural);
	for (size_t i = 0; i < v->len; i++)
		ops->json(w, v->items[i]);
	rt_json_end(w);
}

static void json(rt_json *w, const rt_object *o)
{
	const rt_table *t = (const rt_table *)o;
	rt_json_object(w, NULL);
	rt_json_str(w, "schema", t->schema);
	rt_json_str(w, "name", t->name);
	rt_json_str(w, "kind",
		    t->relkind == RT_REL_PARTITIONED ? "partitioned" : "table");
	rt_json_bool(w, "unlogged", t->unlogged);
	owned_list(w, RT_KIND_COLUMN, &t->columns);
	owned_list(w, RT_KIND_CONSTRAINT, &t->constraints);
	rt_json_array(w, "inherits");
	for (size_t i = 0; i < t->inherits.len; i++)
		rt_kind_json_qname(w, NULL, t->inherits.items[i]);
	rt_json_end(w);
	rt_kind_json_expr(w, "partition_key", t->partition_key);
	rt_kind_json_qname(w, "partition_of", &t->partition_of);
	rt_kind_json_expr(w, "partition_bound", t->partition_bound);
	rt_json_bool(w, "rls", t->rls);
	rt_json_bool(w, "force_rls", t->force_rls);
	rt_kind_json_grants(w, &t->grants);
	rt_json_str(w, "comment", t->comment);
	rt_kind_json_strvec(w, "options", &t->options);
	char ri[2] = {t->replica_identity ? t->replica_identity : 'd', 0};
	rt_json_str(w, "replica_identity", ri);
	rt_json_str(w, "replica_index", t->replica_index);
	rt_json_str(w, "cluster_on", t->cluster_index);
	rt_json_end(w);
}

const rt_kind_ops rt_kind_table = {
    .kind = RT_KIND_TABLE,
    .name = "table",
    .plural = "tables",
    .scope = RT_SCOPE_SCHEMA,
    .size = sizeof(rt_table),
    .list = offsetof(rt_schema, tables),
    .priority = 7,
    .cmp = rt_kind_cmp_qualified,
    .json = json,
    .sql_type = "TABLE",
    .naming = RT_NAMING_QUALIFIED,
};
