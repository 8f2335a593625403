/* SPDX-License-Identifier: MIT */
/*
 * Model bookkeeping for the SQL loader: creating tables, columns and
 * sequences with PostgreSQL's defaults, copying inherited columns, and
 * keeping references straight when objects are dropped or renamed.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/sql.h"
#include "load/load_int.h"

bool rt_load__vec_has(const rt_vec *v, const char *name)
{
	for (size_t i = 0; i < v->len; i++)
		if (strcmp(v->items[i], name) == 0)
			return true;
	return false;
}

rt_table *rt_load__table_new(rt_schema *s, const char *schema, const char *name)
{
	rt_table *t =
	    rt_schema_new_object(s, RT_KIND_TABLE, schema, name, NULL);
	t->relkind = RT_REL_TABLE;
	return t;
}

rt_column *rt_load__column_new(rt_schema *s, rt_table *t, const char *name)
{
	rt_column *c =
	    rt_schema_new_object(s, RT_KIND_COLUMN, NULL, name, &t->obj);
	c->is_local = true;
	c->table = t;
	return c;
}

rt_column *rt_load__column_inherit(rt_schema *s, rt_table *t,
				   const rt_column *c)
{
	rt_column *n = RT_NEW(s->arena, rt_column);
	*n = *c;
	rt_object_reset(&n->obj, &t->obj);
	n->is_local = false;
	n->inhcount = 1;
	n->identity = RT_IDENTITY_NONE;
	n->comment = NULL;
	n->table = t;
	rt_schema_add(s, RT_KIND_COLUMN, &n->obj);
	return n;
}

static void copy_strvec(rt_arena *a, rt_vec *dst, const rt_vec *src)
{
	memset(dst, 0, sizeof(*dst));
	for (size_t i = 0; i < src->len; i++)
		rt_vec_push(dst, a, src->items[i]);
}

rt_constraint *rt_load__constraint_inherit(rt_schema *s, rt_table *t,
					   const rt_constraint *c)
{
	rt_constraint *n = RT_NEW(s->arena, rt_constraint);
	*n = *c;
	rt_object_reset(&n->obj, &t->obj);
	copy_strvec(s->arena, &n->columns, &c->columns);
	copy_strvec(s->arena, &n->include, &c->include);
	copy_strvec(s->arena, &n->ref_columns, &c->ref_columns);
	copy_strvec(s->arena, &n->on_delete_columns, &c->on_delete_columns);
	copy_strvec(s->arena, &n->index_options, &c->index_options);
	n->is_local = false;
	n->comment = NULL;
	n->table = t;
	rt_schema_add(s, RT_KIND_CONSTRAINT, &n->obj);
	return n;
}

bool rt_load__is_child_of(const rt_table *t, const rt_table *p)
{
	if (t->partition_of.name &&
	    strcmp(t->partition_of.name, p->name) == 0 &&
	    strcmp(t->partition_of.schema, p->schema) == 0)
		return true;
	for (size_t i = 0; i < t->inherits.len; i++) {
		const rt_qname *q = t->inherits.items[i];
		if (strcmp(q->name, p->name) == 0 &&
		    strcmp(q->schema, p->schema) == 0)
			return true;
	}
	return false;
}

bool rt_load__is_descendant(const rt_schema *s, rt_arena *a, const rt_table *d,
			    const rt_table *t)
{
	rt_vec pending = {0};
	if (d == t)
		return true;
	rt_vec_push(&pending, a, (void *)t);
	for (size_t i = 0; i < pending.len; i++) {
		const rt_table *x = pending.items[i];
		for (size_t j = 0; j < s->tables.len; j++) {
			rt_table *c = s->tables.items[j];
			if (!rt_load__is_child_of(c, x))
				continue;
			if (c == d)
				return true;
			bool seen = false;
			for (size_t k = 0; k < pending.len && !seen; k++)
				seen = pending.items[k] == c;
			if (!seen)
				rt_vec_push(&pending, a, c);
		}
	}
	return false;
}

void rt_load__children(const rt_schema *s, const rt_table *t, rt_vec *out)
{
	if (!t->maybe_parent)
		return;
	for (size_t i = 0; i < s->tables.len; i++) {
		rt_table *c = s->tables.items[i];
		if (c != t && rt_load__is_child_of(c, t))
			rt_vec_push(out, s->arena, c);
	}
}

static bool owned_by(const rt_sequence *q, const rt_table *t, const char *col)
{
	if (!q->owned_by_table.name ||
	    strcmp(q->owned_by_table.name, t->name) != 0 ||
	    strcmp(q->owned_by_table.schema, t->schema) != 0)
		return false;
	return !col || rt_streq(q->owned_by_column, col);
}

void rt_load__drop_owned_sequences(rt_schema *s, const rt_table *t,
				   const char *col)
{
	for (size_t i = 0; i < s->sequences.len;) {
		rt_sequence *q = s->sequences.items[i];
		if (owned_by(q, t, col))
			rt_schema_remove(s, &q->obj);
		else
			i++;
	}
}

void rt_load__drop_table(rt_schema *s, rt_table *t)
{
	for (size_t i = 0; i < s->indexes.len;) {
		rt_index *ix = s->indexes.items[i];
		if (strcmp(ix->table.name, t->name) == 0 &&
		    strcmp(ix->table.schema, t->schema) == 0)
			rt_schema_remove(s, &ix->obj);
		else
			i++;
	}
	rt_load__drop_owned_sequences(s, t, NULL);
	rt_schema_remove_on(s, &t->obj);
	rt_schema_remove(s, &t->obj);
}

void rt_load__referencing_fks(const rt_schema *s, const rt_table *t,
			      const char *col, rt_vec *out)
{
	for (size_t i = 0; i < s->tables.len; i++) {
		rt_table *o = s->tables.items[i];
		for (size_t j = 0; j < o->constraints.len; j++) {
			rt_constraint *c = o->constraints.items[j];
			if (c->type != RT_CON_FOREIGN ||
			    strcmp(c->ref_table.name, t->name) != 0 ||
			    strcmp(c->ref_table.schema, t->schema) != 0)
				continue;
			if (col && !rt_load__vec_has(&c->ref_columns, col))
				continue;
			rt_vec_push(out, s->arena, c);
		}
	}
}

void rt_load__drop_constraint(rt_schema *s, rt_constraint *c)
{
	rt_schema_remove(s, &c->obj);
}

int64_t rt_load__type_min(const char *type)
{
	if (strcmp(type, "smallint") == 0)
		return INT16_MIN;
	if (strcmp(type, "integer") == 0)
		return INT32_MIN;
	return INT64_MIN;
}

int64_t rt_load__type_max(const char *type)
{
	if (strcmp(type, "smallint") == 0)
		return INT16_MAX;
	if (strcmp(type, "integer") == 0)
		return INT32_MAX;
	return INT64_MAX;
}

rt_sequence *rt_load__sequence_new(rt_schema *s, const char *schema,
				   const char *name, const char *type)
{
	rt_sequence *q =
	    rt_schema_new_object(s, RT_KIND_SEQUENCE, schema, name, NULL);
	q->type = type ? type : "bigint";
	q->increment = 1;
	q->min = 1;
	q->max = rt_load__type_max(q->type);
	q->start = 1;
	q->cache = 1;
	return q;
}

static bool qname_is(const rt_qname *q, const char *schema, const char *name)
{
	return q->name && strcmp(q->name, name) == 0 && q->schema &&
	       strcmp(q->schema, schema) == 0;
}

void rt_load__table_renamed(rt_schema *s, const char *old_schema,
			    const char *old_name, rt_table *t)
{
	for (size_t i = 0; i < s->tables.len; i++) {
		rt_table *o = s->tables.items[i];
		for (size_t j = 0; j < o->constraints.len; j++) {
			rt_constraint *c = o->constraints.items[j];
			if (c->type == RT_CON_FOREIGN &&
			    qname_is(&c->ref_table, old_schema, old_name)) {
				c->ref_table.schema = t->schema;
				c->ref_table.name = t->name;
			}
		}
		for (size_t j = 0; j < o->inherits.len; j++) {
			rt_qname *q = o->inherits.items[j];
			if (qname_is(q, old_schema, old_name)) {
				q->schema = t->schema;
				q->name = t->name;
			}
		}
		if (qname_is(&o->partition_of, old_schema, old_name)) {
			o->partition_of.schema = t->schema;
			o->partition_of.name = t->name;
		}
	}
	for (size_t i = 0; i < s->sequences.len; i++) {
		rt_sequence *q = s->sequences.items[i];
		if (qname_is(&q->owned_by_table, old_schema, old_name)) {
			q->owned_by_table.schema = t->schema;
			q->owned_by_table.name = t->name;
		}
	}
	for (size_t i = 0; i < s->indexes.len; i++) {
		rt_index *ix = s->indexes.items[i];
		if (qname_is(&ix->table, old_schema, old_name)) {
			ix->table.schema = t->schema;
			ix->table.name = t->name;
			rt_schema_rename(s, &ix->obj, t->schema, ix->name);
		}
	}
}

static void rename_in_vec(rt_vec *v, const char *old, const char *new_name)
{
	for (size_t i = 0; i < v->len; i++)
		if (strcmp(v->items[i], old) == 0)
			v->items[i] = (void *)new_name;
}

void rt_load__column_renamed(rt_schema *s, rt_table *t, const char *old,
			     const char *new_name)
{
	for (size_t j = 0; j < t->constraints.len; j++) {
		rt_constraint *c = t->constraints.items[j];
		rename_in_vec(&c->columns, old, new_name);
		rename_in_vec(&c->include, old, new_name);
		rename_in_vec(&c->on_delete_columns, old, new_name);
	}
	for (size_t i = 0; i < s->tables.len; i++) {
		rt_table *o = s->tables.items[i];
		for (size_t j = 0; j < o->constraints.len; j++) {
			rt_constraint *c = o->constraints.items[j];
			if (c->type == RT_CON_FOREIGN &&
			    qname_is(&c->ref_table, t->schema, t->name))
				rename_in_vec(&c->ref_columns, old, new_name);
		}
	}
	for (size_t i = 0; i < s->sequences.len; i++) {
		rt_sequence *q = s->sequences.items[i];
		if (qname_is(&q->owned_by_table, t->schema, t->name) &&
		    rt_streq(q->owned_by_column, old))
			q->owned_by_column = new_name;
	}
}

const char *rt_load__nextval_text(rt_schema *s, const char *schema,
				  const char *name)
{
	rt_buf b = RT_BUF_INIT, q = RT_BUF_INIT;
	rt_buf_add_qname(&q, RT_DIALECT_PG,
			 strcmp(schema, "public") == 0 ? NULL : schema, name);
	rt_buf_adds(&b, "nextval(");
	rt_buf_add_literal(&b, RT_DIALECT_PG, q.data);
	rt_buf_adds(&b, "::regclass)");
	rt_buf_release(&q);
	return rt_buf_detach_arena(&b, s->arena);
}
