/* SPDX-License-Identifier: MIT */
/*
 * The dependency edges the model's own references give: an object on its
 * namespace, a column on its user type and collation, a foreign key on
 * the table (and key) it references, a table on its parents, an index on
 * its table, an extension on its schema. (A sequence OWNED BY a column
 * does not depend on it: the column's default uses the sequence, and
 * OWNED BY is set by a statement of its own once both exist.) Built once the
 * source is loaded (rt_schema_finish), from names the loader resolved, never by
 * searching expression text. Edges that expressions give (functions in
 * defaults, sequences in nextval) come from the parse trees and pg_depend:
 * TODO(#5).
 */
#include "base/common.h"
#include "schema/kind.h"
#include "schema/schema.h"
#include "schema/schema_int.h"

static void edge(rt_schema *s, rt_object *from, rt_object *to)
{
	if (!to || to == from)
		return;
	for (size_t i = 0; i < from->deps.len; i++)
		if (from->deps.items[i] == to)
			return;
	rt_vec_push(&from->deps, s->arena, to);
}

static rt_object *find(const rt_schema *s, rt_kind k, const char *schema,
		       const char *name)
{
	if (!name || !schema)
		return NULL;
	return rt_schema_find(s, k, schema, name);
}

/* The enum a column type names ("mood" or "mood[]"), if the model has
 * it. */
static rt_object *type_object(rt_schema *s, rt_type t)
{
	if (!t.schema || rt_is_catalog(t.schema))
		return NULL;
	size_t n = strlen(t.name);
	while (n >= 2 && t.name[n - 2] == '[' && t.name[n - 1] == ']')
		n -= 2;
	char *base = rt_arena_strndup(s->arena, t.name, n);
	return find(s, RT_KIND_ENUM, t.schema, base);
}

static void link_table(rt_schema *s, rt_table *t)
{
	for (size_t i = 0; i < t->inherits.len; i++) {
		const rt_qname *q = t->inherits.items[i];
		edge(s, &t->obj, find(s, RT_KIND_TABLE, q->schema, q->name));
	}
	edge(s, &t->obj,
	     find(s, RT_KIND_TABLE, t->partition_of.schema,
		  t->partition_of.name));
	for (size_t i = 0; i < t->columns.len; i++) {
		rt_column *c = t->columns.items[i];
		edge(s, &c->obj, &t->obj);
		edge(s, &c->obj, type_object(s, c->type));
		if (!rt_is_catalog(c->collation.schema))
			edge(s, &c->obj,
			     find(s, RT_KIND_COLLATION, c->collation.schema,
				  c->collation.name));
	}
	for (size_t i = 0; i < t->constraints.len; i++) {
		rt_constraint *k = t->constraints.items[i];
		edge(s, &k->obj, &t->obj);
		if (k->type == RT_CON_FOREIGN)
			edge(s, &k->obj,
			     find(s, RT_KIND_TABLE, k->ref_table.schema,
				  k->ref_table.name));
	}
}

void rt_schema__link(rt_schema *s)
{
	for (rt_kind k = 0; k < RT_KIND_UNMANAGED; k++) {
		const rt_kind_ops *ops = rt_kind_get(k);
		if (ops->scope != RT_SCOPE_SCHEMA)
			continue;
		const rt_vec *v = rt_kind_list(ops, s, NULL);
		for (size_t i = 0; i < v->len; i++) {
			rt_object *o = v->items[i];
			edge(s, o,
			     find(s, RT_KIND_NAMESPACE, o->schema, o->schema));
		}
	}
	for (size_t i = 0; i < s->extensions.len; i++) {
		rt_extension *x = s->extensions.items[i];
		edge(s, &x->obj,
		     find(s, RT_KIND_NAMESPACE, x->schema, x->schema));
	}
	for (size_t i = 0; i < s->tables.len; i++)
		link_table(s, s->tables.items[i]);
	for (size_t i = 0; i < s->indexes.len; i++) {
		rt_index *x = s->indexes.items[i];
		edge(s, &x->obj,
		     find(s, RT_KIND_TABLE, x->table.schema, x->table.name));
	}
}
