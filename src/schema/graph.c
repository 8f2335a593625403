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
 *  - a column default, generated column, check or index on the
 *    functions it calls (every overload of the name);
 *  - a function on the user types of its arguments and result and, when
 *    its language is sql, the relations, sequences (nextval) and
 *    functions its body uses;
 *  - a trigger on its table or view, the columns it names and its
 *    function.
 *  - a policy on its table and the columns and functions it uses.
 * A sequence OWNED BY a column does not depend on it: the column's
 * default uses the sequence, and OWNED BY is set by a statement of its
 * own once both exist.
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

/* The user type a column or argument type names ("mood" or "mood[]"):
 * an enum, domain, composite or range type, or a table's or view's row
 * type, if the model has it. */
static rt_object *type_object(rt_schema *s, rt_type t)
{
	static const rt_kind kinds[] = {RT_KIND_ENUM,	   RT_KIND_DOMAIN,
					RT_KIND_COMPOSITE, RT_KIND_RANGE,
					RT_KIND_TABLE,	   RT_KIND_VIEW};
	if (!t.schema || !t.name || rt_is_catalog(t.schema))
		return NULL;
	size_t n = strlen(t.name);
	while (n >= 2 && t.name[n - 2] == '[' && t.name[n - 1] == ']')
		n -= 2;
	char *base = rt_arena_strndup(s->arena, t.name, n);
	for (size_t i = 0; i < RT_ARRAY_LEN(kinds); i++) {
		rt_object *o = find(s, kinds[i], t.schema, base);
		if (o)
			return o;
	}
	return NULL;
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
	rt_map memo[4];	   /* rt_canon_kind -> text -> rt_refs * */
	rt_map by_proname; /* proname -> rt_vec * of rt_function * */
	bool procs_mapped;
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

/* The functions named proname (every schema, every overload). */
static const rt_vec *functions_named(linker *lk, const char *proname)
{
	rt_schema *s = lk->s;
	if (!lk->procs_mapped) {
		lk->procs_mapped = true;
		for (size_t i = 0; i < s->functions.len; i++) {
			rt_function *f = s->functions.items[i];
			size_t n = strlen(f->proname);
			rt_vec *v = rt_map_get(&lk->by_proname, f->proname, n);
			if (!v) {
				v = RT_NEW(s->arena, rt_vec);
				rt_map_put(&lk->by_proname, s->arena,
					   f->proname, n, v);
			}
			rt_vec_push(v, s->arena, f);
		}
	}
	return rt_map_get(&lk->by_proname, proname, strlen(proname));
}

/* Edges from o to the functions refs calls: "s.f" in s, "f" in schema
 * then public; every overload of the name (a call's argument types
 * are not known here). */
static void function_edges(linker *lk, rt_object *o, const rt_refs *refs,
			   const char *schema)
{
	rt_schema *s = lk->s;
	for (size_t i = 0; refs && s->functions.len && i < refs->functions.len;
	     i++) {
		const char *name = refs->functions.items[i];
		const char *dot = strrchr(name, '.');
		const char *sch[2] = {schema, RT_PUBLIC};
		size_t nsch = 2;
		if (dot) {
			sch[0] = rt_arena_strndup(s->arena, name,
						  (size_t)(dot - name));
			nsch = 1;
			name = dot + 1;
		}
		const rt_vec *v = functions_named(lk, name);
		for (size_t k = 0; v && k < nsch; k++) {
			bool found = false;
			for (size_t j = 0; j < v->len; j++) {
				rt_function *f = v->items[j];
				if (rt_streq(f->schema, sch[k])) {
					edge(s, o, &f->obj);
					found = true;
				}
			}
			if (found)
				break;
		}
	}
}

/* The table or view a relation name of an expression in schema's
 * objects names ("t", "s.t"): in schema, then public. */
static rt_object *relation_named(rt_schema *s, const char *text,
				 const char *schema)
{
	const char *dot = strrchr(text, '.');
	if (dot)
		return rt_schema_find_relation(
		    s, rt_arena_strndup(s->arena, text, (size_t)(dot - text)),
		    dot + 1);
	rt_object *o = rt_schema_find_relation(s, schema, text);
	return o ? o : rt_schema_find_relation(s, RT_PUBLIC, text);
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
		function_edges(lk, &c->obj, d, t->schema);
		const rt_refs *g = refs_of(lk, c->generated, RT_CANON_EXPR);
		column_edges(s, &c->obj, t, g);
		function_edges(lk, &c->obj, g, t->schema);
	}
	for (size_t i = 0; i < t->constraints.len; i++) {
		rt_constraint *k = t->constraints.items[i];
		edge(s, &k->obj, &t->obj);
		column_list_edges(s, &k->obj, t, &k->columns);
		column_list_edges(s, &k->obj, t, &k->include);
		const rt_refs *kr =
		    refs_of(lk, k->expr,
			    k->type == RT_CON_EXCLUDE ? RT_CANON_EXCLUDE
						      : RT_CANON_EXPR);
		column_edges(s, &k->obj, t, kr);
		function_edges(lk, &k->obj, kr, t->schema);
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
	function_edges(lk, &v->obj, r, v->schema);
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
	function_edges(lk, &p->obj, u, p->schema);
	function_edges(lk, &p->obj, c, p->schema);
	subquery_edges(s, p, u);
	subquery_edges(s, p, c);
}

void rt_schema_add_dep(rt_schema *s, rt_object *from, rt_object *to)
{
	edge(s, from, to);
}

/* Domains, composite and range types on the types and collations they
 * are made of; rules on their relation (which they follow when it is
 * renamed). */
static void link_types(linker *lk)
{
	rt_schema *s = lk->s;
	for (size_t i = 0; i < s->domains.len; i++) {
		rt_domain *d = s->domains.items[i];
		edge(s, &d->obj, type_object(s, d->type));
		if (!rt_is_catalog(d->collation.schema))
			edge(s, &d->obj,
			     find(s, RT_KIND_COLLATION, d->collation.schema,
				  d->collation.name));
	}
	for (size_t i = 0; i < s->composites.len; i++) {
		rt_composite *c = s->composites.items[i];
		for (size_t j = 0; j < c->attributes.len; j++) {
			rt_attribute *a = c->attributes.items[j];
			edge(s, &c->obj, type_object(s, a->type));
			if (!rt_is_catalog(a->collation.schema))
				edge(s, &c->obj,
				     find(s, RT_KIND_COLLATION,
					  a->collation.schema,
					  a->collation.name));
		}
	}
	for (size_t i = 0; i < s->ranges.len; i++) {
		rt_range *r = s->ranges.items[i];
		edge(s, &r->obj, type_object(s, r->subtype));
		if (!rt_is_catalog(r->collation.schema))
			edge(s, &r->obj,
			     find(s, RT_KIND_COLLATION, r->collation.schema,
				  r->collation.name));
	}
	for (size_t i = 0; i < s->rules.len; i++) {
		rt_rule *r = s->rules.items[i];
		edge(s, &r->obj, r->owner);
		/* the owner's columns it reads (new.c, old.c) */
		if (r->owner->kind == RT_KIND_TABLE)
			column_edges(s, &r->obj, (rt_table *)r->owner,
				     refs_of(lk, r->def, RT_CANON_INDEX));
		r->table.schema = r->owner->schema;
		r->table.name = r->owner->name;
	}
}

/* true when relation rel calls function f in a column default,
 * generated column or check (then f cannot come after rel: its body's
 * reference to rel gives no edge, or the two would form a cycle) */
static bool relation_calls(const rt_object *rel, const rt_function *f)
{
	if (rel->kind != RT_KIND_TABLE)
		return false;
	const rt_table *t = (const rt_table *)rel;
	for (size_t i = 0; i < t->columns.len; i++) {
		const rt_object *c = t->columns.items[i];
		for (size_t d = 0; d < c->deps.len; d++)
			if (c->deps.items[d] == &f->obj)
				return true;
	}
	for (size_t i = 0; i < t->constraints.len; i++) {
		const rt_object *c = t->constraints.items[i];
		for (size_t d = 0; d < c->deps.len; d++)
			if (c->deps.items[d] == &f->obj)
				return true;
	}
	return false;
}

/* A function on the types of its arguments and result and, for an SQL
 * function (whose body the server checks at creation), the tables and
 * views its body reads and the functions it calls. */
static void link_function(linker *lk, rt_function *f)
{
	rt_schema *s = lk->s;
	const rt_refs *r = NULL;
	for (size_t i = 0; i < f->args.len; i++)
		edge(s, &f->obj,
		     type_object(s, ((rt_funcarg *)f->args.items[i])->type));
	if (f->rettype.name)
		edge(s, &f->obj, type_object(s, f->rettype));
	if (!f->language || strcmp(f->language, "sql") != 0)
		return;
	if (f->body) {
		rt_expr e = {.text = f->body};
		r = refs_of(lk, &e, RT_CANON_STMT);
	} else if (f->sql_body) {
		rt_expr e = {.text = rt_arena_printf(s->arena,
						     "CREATE FUNCTION f() %s",
						     f->sql_body->text)};
		r = refs_of(lk, &e, RT_CANON_STMT);
	}
	for (size_t i = 0; r && i < r->relations.len; i++) {
		rt_object *rel =
		    relation_named(s, r->relations.items[i], f->schema);
		if (rel && !relation_calls(rel, f))
			edge(s, &f->obj, rel);
	}
	for (size_t i = 0; r && i < r->sequences.len; i++)
		edge(s, &f->obj,
		     sequence_named(s, r->sequences.items[i], f->schema));
	function_edges(lk, &f->obj, r, f->schema);
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
	link_types(&lk);
	for (size_t i = 0; i < s->indexes.len; i++) {
		rt_index *x = s->indexes.items[i];
		rt_object *t =
		    find(s, RT_KIND_TABLE, x->table.schema, x->table.name);
		if (!t && x->table.name)
			edge(s, &x->obj,
			     rt_schema_find_relation(s, x->table.schema,
						     x->table.name));
		edge(s, &x->obj, t);
		const rt_refs *xr = refs_of(&lk, x->def, RT_CANON_INDEX);
		if (t)
			column_edges(s, &x->obj, (rt_table *)t, xr);
		function_edges(&lk, &x->obj, xr, x->schema);
	}
	for (size_t i = 0; i < s->functions.len; i++)
		link_function(&lk, s->functions.items[i]);
	for (size_t i = 0; i < s->triggers.len; i++) {
		rt_trigger *g = s->triggers.items[i];
		const rt_refs *r = refs_of(&lk, g->def, RT_CANON_STMT);
		edge(s, &g->obj, g->owner);
		if (g->owner && g->owner->kind == RT_KIND_TABLE)
			column_edges(s, &g->obj, (rt_table *)g->owner, r);
		function_edges(&lk, &g->obj, r, g->schema);
	}
	for (size_t i = 0; i < s->policies.len; i++)
		link_policy(&lk, s->policies.items[i]);
}
