/* SPDX-License-Identifier: MIT */
/*
 * The dependency graph, built once the source is loaded
 * (rt_schema_finish), from names the loader resolved and from the parse
 * trees of expressions, never by searching text:
 *  - an object on its namespace, an extension on its schema;
 *  - a column on its table, its user type and collation, the sequences
 *    its default calls nextval on, and (generated) the columns its
 *    expression reads;
 *  - a constraint on its table and columns (key columns, the columns a
 *    CHECK or EXCLUDE reads); a foreign key on the table, columns and key
 *    (primary or unique) it references;
 *  - an index on its table and the columns it reads;
 *  - a table on its parents;
 *  - a policy on its table and the columns and functions it uses.
 * A sequence OWNED BY a column does not depend on it: the column's
 * default uses the sequence, and OWNED BY is set by a statement of its
 * own once both exist. Function calls are collected (rt_refs) but give
 * no edge until functions are a kind of their own.
 */
#include "base/common.h"
#include "schema/canon.h"
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

bool rt_refs_column(const rt_refs *refs, const char *col)
{
	if (!refs)
		return false;
	for (size_t i = 0; i < refs->columns.len; i++)
		if (strcmp(refs->columns.items[i], col) == 0)
			return true;
	return false;
}

/* Fills e->refs from its text (once). An expression the loader accepted
 * parses; if one does not, it simply has no references. */
/* texts already read, by kind: expressions repeat across tables */
typedef struct linker {
	rt_schema *s;
	rt_map memo[4]; /* rt_canon_kind -> text -> rt_refs * */
} linker;

static const rt_refs *refs_of(linker *k, rt_expr *e, rt_canon_kind kind)
{
	rt_schema *s = k->s;
	if (!e || !e->text)
		return NULL;
	if (!e->refs) {
		size_t n = strlen(e->text);
		e->refs = rt_map_get(&k->memo[kind], e->text, n);
	}
	if (!e->refs) {
		rt_error err = RT_ERROR_INIT;
		e->refs = RT_NEW(s->arena, rt_refs);
		if (rt_canon_refs(e->refs, s->arena, kind, e->text, &err) < 0)
			memset(e->refs, 0, sizeof(*e->refs));
		rt_map_put(&k->memo[kind], s->arena, e->text, strlen(e->text),
			   e->refs);
	}
	return e->refs;
}

/* One part of a regclass text: "Seq" quoted keeps its case, seq folds
 * to lower case; *p moves past it and a following '.'. */
static char *name_part(rt_arena *a, const char **p)
{
	rt_buf b = RT_BUF_INIT;
	const char *q = *p;
	if (*q == '"') {
		for (q++; *q; q++) {
			if (q[0] == '"' && q[1] == '"') {
				rt_buf_addch(&b, '"');
				q++;
			} else if (*q == '"') {
				q++;
				break;
			} else {
				rt_buf_addch(&b, *q);
			}
		}
	} else {
		for (; *q && *q != '.'; q++)
			rt_buf_addch(&b, (char)(*q >= 'A' && *q <= 'Z'
						    ? *q - 'A' + 'a'
						    : *q));
	}
	if (*q == '.')
		q++;
	*p = q;
	return rt_buf_detach_arena(&b, a);
}

/* The sequence a nextval('...') text names: qualified, or looked up in
 * the table's schema, then in public (the search_path loaders pin). */
static rt_object *sequence_named(rt_schema *s, const char *text,
				 const char *schema)
{
	const char *p = text;
	char *first = name_part(s->arena, &p);
	if (*p)
		return find(s, RT_KIND_SEQUENCE, first,
			    name_part(s->arena, &p));
	rt_object *q = find(s, RT_KIND_SEQUENCE, schema, first);
	return q ? q : find(s, RT_KIND_SEQUENCE, RT_PUBLIC, first);
}

/* Edges from o to the columns of t that refs names. */
static void column_edges(rt_schema *s, rt_object *o, const rt_table *t,
			 const rt_refs *refs)
{
	if (!refs)
		return;
	for (size_t i = 0; i < refs->columns.len; i++) {
		rt_column *c = rt_table_find_column(t, refs->columns.items[i]);
		if (c)
			edge(s, o, &c->obj);
	}
}

static void column_list_edges(rt_schema *s, rt_object *o, const rt_table *t,
			      const rt_vec *names)
{
	for (size_t i = 0; t && i < names->len; i++) {
		rt_column *c = rt_table_find_column(t, names->items[i]);
		if (c)
			edge(s, o, &c->obj);
	}
}

static bool same_names(const rt_vec *x, const rt_vec *y)
{
	if (x->len != y->len)
		return false;
	for (size_t i = 0; i < x->len; i++)
		if (strcmp(x->items[i], y->items[i]) != 0)
			return false;
	return true;
}

/* The primary key or unique constraint of t a foreign key on cols
 * references (the primary key when cols is empty), or NULL. */
static rt_object *referenced_key(const rt_table *t, const rt_vec *cols)
{
	for (size_t i = 0; i < t->constraints.len; i++) {
		rt_constraint *k = t->constraints.items[i];
		if (k->type != RT_CON_PRIMARY && k->type != RT_CON_UNIQUE)
			continue;
		if (cols->len ? same_names(&k->columns, cols)
			      : k->type == RT_CON_PRIMARY)
			return &k->obj;
	}
	return NULL;
}

static void link_table(linker *lk, rt_table *t)
{
	rt_schema *s = lk->s;
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
		const rt_refs *d = refs_of(lk, c->default_expr, RT_CANON_EXPR);
		for (size_t j = 0; d && j < d->sequences.len; j++)
			edge(s, &c->obj,
			     sequence_named(s, d->sequences.items[j],
					    t->schema));
		column_edges(s, &c->obj, t,
			     refs_of(lk, c->generated, RT_CANON_EXPR));
	}
	for (size_t i = 0; i < t->constraints.len; i++) {
		rt_constraint *k = t->constraints.items[i];
		edge(s, &k->obj, &t->obj);
		column_list_edges(s, &k->obj, t, &k->columns);
		column_list_edges(s, &k->obj, t, &k->include);
		column_edges(s, &k->obj, t,
			     refs_of(lk, k->expr,
				     k->type == RT_CON_EXCLUDE
					 ? RT_CANON_EXCLUDE
					 : RT_CANON_EXPR));
		if (k->type == RT_CON_FOREIGN) {
			rt_object *rt =
			    find(s, RT_KIND_TABLE, k->ref_table.schema,
				 k->ref_table.name);
			edge(s, &k->obj, rt);
			column_list_edges(s, &k->obj, (rt_table *)rt,
					  &k->ref_columns);
			if (rt)
				edge(s, &k->obj,
				     referenced_key((rt_table *)rt,
						    &k->ref_columns));
		}
	}
}

/* The table or view a query names ("t", "s.t"): qualified, or looked up
 * in the object's schema, then in public. */
static rt_object *relation_named(rt_schema *s, const char *text,
				 const char *schema)
{
	const char *dot = strchr(text, '.');
	if (dot) {
		char *sch =
		    rt_arena_strndup(s->arena, text, (size_t)(dot - text));
		return rt_schema_find_relation(s, sch, dot + 1);
	}
	rt_object *o = rt_schema_find_relation(s, schema, text);
	return o ? o : rt_schema_find_relation(s, RT_PUBLIC, text);
}

/* The functions named name ("f" or "s.f") in the model, by proname. */
static void function_edges(rt_schema *s, rt_object *o, const rt_refs *refs)
{
	for (size_t i = 0; refs && i < refs->functions.len; i++) {
		const char *name = refs->functions.items[i];
		const char *dot = strchr(name, '.');
		for (size_t j = 0; j < s->functions.len; j++) {
			rt_function *f = s->functions.items[j];
			bool hit = dot ? strncmp(name, f->schema,
						 (size_t)(dot - name)) == 0 &&
					     f->schema[dot - name] == '\0' &&
					     strcmp(dot + 1, f->proname) == 0
				       : strcmp(name, f->proname) == 0;
			if (hit)
				edge(s, o, &f->obj);
		}
	}
}

/* A view on the relations its query reads, the columns of those it
 * names (all of them for a "*"), and the functions it calls. */
static void link_view(linker *lk, rt_view *v)
{
	rt_schema *s = lk->s;
	const rt_refs *r = refs_of(lk, v->query, RT_CANON_STMT);
	for (size_t i = 0; r && i < r->relations.len; i++) {
		rt_object *rel =
		    relation_named(s, r->relations.items[i], v->schema);
		if (!rel || rel == &v->obj)
			continue;
		edge(s, &v->obj, rel);
		if (rel->kind != RT_KIND_TABLE)
			continue;
		const rt_table *t = (const rt_table *)rel;
		for (size_t j = 0; j < t->columns.len; j++) {
			rt_column *c = t->columns.items[j];
			if (r->star || rt_refs_column(r, c->name))
				edge(s, &v->obj, &c->obj);
		}
	}
	function_edges(s, &v->obj, r);
}

/* Edges from policy p to the relations a subquery of its expression
 * reads (refs), and to their columns it names. */
static void subquery_edges(rt_schema *s, rt_policy *p, const rt_refs *refs)
{
	for (size_t i = 0; refs && i < refs->relations.len; i++) {
		rt_object *rel =
		    relation_named(s, refs->relations.items[i], p->schema);
		if (!rel || rel == p->owner)
			continue;
		edge(s, &p->obj, rel);
		if (rel->kind == RT_KIND_TABLE)
			column_edges(s, &p->obj, (const rt_table *)rel, refs);
	}
}

/* A policy on its table, the columns and functions its expressions
 * use, and the relations their subqueries read. */
static void link_policy(linker *lk, rt_policy *p)
{
	rt_schema *s = lk->s;
	const rt_table *t = p->owner && p->owner->kind == RT_KIND_TABLE
				? (const rt_table *)p->owner
				: NULL;
	const rt_refs *u = refs_of(lk, p->using_expr, RT_CANON_EXPR);
	const rt_refs *c = refs_of(lk, p->check_expr, RT_CANON_EXPR);
	edge(s, &p->obj, p->owner);
	if (t) {
		column_edges(s, &p->obj, t, u);
		column_edges(s, &p->obj, t, c);
	}
	function_edges(s, &p->obj, u);
	function_edges(s, &p->obj, c);
	subquery_edges(s, p, u);
	subquery_edges(s, p, c);
}

void rt_schema_add_dep(rt_schema *s, rt_object *from, rt_object *to)
{
	edge(s, from, to);
}

void rt_schema__link(rt_schema *s)
{
	linker lk = {.s = s};
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
		link_table(&lk, s->tables.items[i]);
	for (size_t i = 0; i < s->views.len; i++)
		link_view(&lk, s->views.items[i]);
	for (size_t i = 0; i < s->indexes.len; i++) {
		rt_index *x = s->indexes.items[i];
		rt_object *t =
		    find(s, RT_KIND_TABLE, x->table.schema, x->table.name);
		if (!t && x->table.name)
			edge(s, &x->obj,
			     rt_schema_find_relation(s, x->table.schema,
						     x->table.name));
		edge(s, &x->obj, t);
		if (t)
			column_edges(s, &x->obj, (rt_table *)t,
				     refs_of(&lk, x->def, RT_CANON_INDEX));
	}
	for (size_t i = 0; i < s->policies.len; i++)
		link_policy(&lk, s->policies.items[i]);
}
