/* SPDX-License-Identifier: MIT */
/*
 * The JSON source: the model as `retort inspect --json` writes it (the
 * kinds' json operations, schema/kind_*.c), read back into a new
 * rt_schema. The kinds the live loader reads as rows (namespaces,
 * extensions, collations, enums, sequences, tables with their columns
 * and constraints, indexes, domains, composite and range types) are
 * built the way load_pg_kinds.c builds them from its rows: fields set, each
 * expression's key from the canonicaliser that loader uses for it. The
 * kinds whose definition is text (functions, views, triggers, policies,
 * rules) are written back as the statements that create them and
 * executed by the SQL loader's own code (rt_load__sql_exec), as
 * load_pg.c does with what the server prints; their comments, grants
 * and switches are then set from the JSON. A field the format always
 * writes that is missing or has the wrong type is an error naming the
 * object and the field; malformed JSON is an error at its line and
 * column. jansson stays in this file.
 *
 * Also read, for the Python bridge (load_bridge.c): a constraint whose
 * "name" is null gets the name PostgreSQL would choose, in the order
 * given; a built-in type may be spelled as SQL writes it ("varchar(50)"),
 * which is made canonical; a column of type serial, bigserial or
 * smallserial gets its sequence and default as CREATE TABLE makes them;
 * an identity column without "identity_sequence" gets PostgreSQL's
 * defaults.
 */
#include "base/common.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/map.h"
#include "base/sql.h"
#include "load/load.h"
#include "load/load_int.h"
#include "schema/canon.h"
#include "schema/schema.h"

typedef struct jr {
	rt_arena *a;
	rt_schema *s;
	const char *name; /* the file, in messages */
	rt_error *err;
	bool from_db; /* the model was read from a database */
	/* canonical keys already computed: "<canon letter><text>" -> struct
	 * memo (the same default or check recurs on many tables) */
	rt_map memo;
	const char *what; /* the object being read, in messages */
} jr;

/* ---- fields ------------------------------------------------------------ */

static int field_error(jr *r, const char *field, const char *problem)
{
	rt_errorf(r->err, RT_EINPUT, "%s: field '%s' %s", r->what, field,
		  problem);
	rt_error_at(r->err, r->name, 0, 0);
	return -1;
}

static int get(json_t **out, jr *r, json_t *obj, const char *key,
	       json_type type, bool nullable, const char *want)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v)
		return field_error(r, key, "is missing");
	if (json_is_null(v)) {
		if (nullable)
			return 0;
		return field_error(
		    r, key,
		    rt_arena_printf(r->a, "must be %s, not null", want));
	}
	if (json_typeof(v) != type &&
	    !(type == JSON_REAL && json_typeof(v) == JSON_INTEGER) &&
	    !(type == JSON_TRUE && json_typeof(v) == JSON_FALSE))
		return field_error(r, key,
				   rt_arena_printf(r->a, "must be %s", want));
	*out = v;
	return 0;
}

/* A string field (NULL for null when nullable), copied into the arena. */
static int str(const char **out, jr *r, json_t *obj, const char *key,
	       bool nullable)
{
	json_t *v;
	*out = NULL;
	if (get(&v, r, obj, key, JSON_STRING, nullable, "a string") < 0)
		return -1;
	if (v)
		*out = rt_arena_strndup(r->a, json_string_value(v),
					json_string_length(v));
	return 0;
}

static int boolean(bool *out, jr *r, json_t *obj, const char *key)
{
	json_t *v;
	if (get(&v, r, obj, key, JSON_TRUE, false, "true or false") < 0)
		return -1;
	*out = json_is_true(v);
	return 0;
}

static int integer(int64_t *out, jr *r, json_t *obj, const char *key)
{
	json_t *v;
	if (get(&v, r, obj, key, JSON_INTEGER, false, "an integer") < 0)
		return -1;
	*out = (int64_t)json_integer_value(v);
	return 0;
}

static int number(double *out, jr *r, json_t *obj, const char *key)
{
	json_t *v;
	if (get(&v, r, obj, key, JSON_REAL, false, "a number") < 0)
		return -1;
	*out = json_number_value(v);
	return 0;
}

static int array(json_t **out, jr *r, json_t *obj, const char *key)
{
	return get(out, r, obj, key, JSON_ARRAY, false, "an array");
}

/* An array of objects, each checked when read. */
static int element(json_t **out, jr *r, json_t *arr, size_t i, const char *key)
{
	*out = json_array_get(arr, i);
	if (!json_is_object(*out))
		return field_error(
		    r, key,
		    rt_arena_printf(r->a, "must hold objects (item %zu)", i));
	return 0;
}

/* A list of strings into v (arena copies). */
static int strvec(rt_vec *v, jr *r, json_t *obj, const char *key)
{
	json_t *arr;
	if (array(&arr, r, obj, key) < 0)
		return -1;
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *e = json_array_get(arr, i);
		if (!json_is_string(e))
			return field_error(
			    r, key,
			    rt_arena_printf(r->a,
					    "must hold strings (item %zu)", i));
		rt_vec_push(v, r->a,
			    rt_arena_strndup(r->a, json_string_value(e),
					     json_string_length(e)));
	}
	return 0;
}

/* {"schema", "name"} or null (nullable) into q. */
static int qname(rt_qname *q, jr *r, json_t *obj, const char *key,
		 bool nullable)
{
	json_t *v;
	const char *outer = r->what;
	int rc;
	*q = (rt_qname){0};
	if (get(&v, r, obj, key, JSON_OBJECT, nullable, "an object") < 0)
		return -1;
	if (!v)
		return 0;
	r->what = rt_arena_printf(r->a, "%s: %s", outer, key);
	rc = str(&q->schema, r, v, "schema", false) < 0 ||
		     str(&q->name, r, v, "name", false) < 0
		 ? -1
		 : 0;
	r->what = outer;
	return rc;
}

/* A type: a built-in one is made canonical (the bridge may write
 * "varchar(50)"; canonical names stay as they are). */
static int type(rt_type *t, jr *r, json_t *obj, const char *key)
{
	rt_qname q;
	if (qname(&q, r, obj, key, false) < 0)
		return -1;
	t->schema = q.schema;
	t->name = q.name;
	/* serial: expanded by serial_column */
	if (rt_is_catalog(q.schema) && !rt_schema_serial_type(q.name)) {
		const char *c = rt_schema_canonical_type(r->a, q.name);
		if (c)
			t->name = c;
	}
	return 0;
}

static int one_of(char *out, jr *r, json_t *obj, const char *key, bool nullable,
		  const char *const *words, const char *codes)
{
	const char *w;
	if (str(&w, r, obj, key, nullable) < 0)
		return -1;
	*out = 0;
	if (!w)
		return 0;
	for (size_t i = 0; words[i]; i++)
		if (strcmp(w, words[i]) == 0) {
			*out = codes[i];
			return 0;
		}
	return field_error(
	    r, key, rt_arena_printf(r->a, "has an unknown value '%s'", w));
}

/* "grants": [{grantee, privilege, grantable}] into o's grants,
 * replacing the defaults rt_schema_add gave it. */
static int grants(rt_object *o, jr *r, json_t *obj)
{
	json_t *arr, *g;
	o->grants = (rt_vec){0};
	if (array(&arr, r, obj, "grants") < 0)
		return -1;
	for (size_t i = 0; i < json_array_size(arr); i++) {
		rt_grant *x = RT_NEW(r->a, rt_grant);
		if (element(&g, r, arr, i, "grants") < 0 ||
		    str(&x->grantee, r, g, "grantee", false) < 0 ||
		    str(&x->privilege, r, g, "privilege", false) < 0 ||
		    boolean(&x->grantable, r, g, "grantable") < 0)
			return -1;
		rt_vec_push(&o->grants, r->a, x);
	}
	rt_vec_sort(&o->grants, rt_grant_cmp);
	return 0;
}

/* ---- expressions ------------------------------------------------------- */

typedef int (*canon_fn)(const char **out, rt_arena *a, const char *text,
			rt_error *err);

struct memo {
	const char *key;
	rt_refs *refs;
};

/* An rt_expr for the string field key (NULL for null), its key from
 * canon as load_pg_rows.c's make_expr computes it, with the references the
 * graph reads for the kinds it reads them of; computed once per distinct
 * text and canonicaliser. */
static int expr(rt_expr **out, jr *r, json_t *obj, const char *key,
		canon_fn canon)
{
	const char *text, *mk;
	rt_error cerr = RT_ERROR_INIT;
	rt_expr *e;
	struct memo *m;
	int kind = canon == rt_canon_expr      ? RT_CANON_EXPR
		   : canon == rt_canon_index   ? RT_CANON_INDEX
		   : canon == rt_canon_exclude ? RT_CANON_EXCLUDE
					       : -1;
	char tag = canon == rt_canon_expr	 ? 'e'
		   : canon == rt_canon_index	 ? 'i'
		   : canon == rt_canon_exclude	 ? 'x'
		   : canon == rt_canon_partkey	 ? 'k'
		   : canon == rt_canon_partbound ? 'b'
						 : '?';
	int rc;

	*out = NULL;
	if (str(&text, r, obj, key, true) < 0)
		return -1;
	if (!text)
		return 0;
	e = RT_NEW(r->a, rt_expr);
	e->text = text;
	mk = rt_arena_printf(r->a, "%c%s", tag, text);
	m = rt_map_get(&r->memo, mk, strlen(mk));
	if (m) {
		e->key = m->key;
		e->refs = m->refs;
		*out = e;
		return 0;
	}
	if (kind >= 0) {
		e->refs = RT_NEW(r->a, rt_refs);
		rc = rt_canon_key_refs(&e->key, e->refs, r->a,
				       (rt_canon_kind)kind, text, &cerr);
	} else {
		rc = canon(&e->key, r->a, text, &cerr);
	}
	if (rc < 0) {
		rt_errorf(r->err, RT_EINPUT,
			  "%s: field '%s' does not parse: %s", r->what, key,
			  cerr.msg);
		rt_error_at(r->err, r->name, 0, 0);
		return -1;
	}
	m = RT_NEW(r->a, struct memo);
	m->key = e->key;
	m->refs = e->refs;
	rt_map_put(&r->memo, r->a, mk, strlen(mk), m);
	*out = e;
	return 0;
}

/* ---- kinds read as fields ---------------------------------------------- */

static const char *in_what(jr *r, const char *kind, const char *schema,
			   const char *name)
{
	if (schema)
		return rt_arena_printf(r->a, "%s %s.%s", kind, schema,
				       name ? name : "?");
	return rt_arena_printf(r->a, "%s %s", kind, name ? name : "?");
}

/* The "schema" and "name" of an object, for messages first. */
static int names(const char **schema, const char **name, jr *r, json_t *o,
		 const char *kind, bool has_schema)
{
	json_t *s = json_object_get(o, "schema"),
	       *n = json_object_get(o, "name");
	r->what = in_what(r, kind,
			  has_schema && json_is_string(s) ? json_string_value(s)
							  : NULL,
			  json_is_string(n) ? json_string_value(n) : NULL);
	if (has_schema && str(schema, r, o, "schema", false) < 0)
		return -1;
	return str(name, r, o, "name", false);
}

static int read_namespace(jr *r, json_t *o)
{
	rt_namespace *ns = RT_NEW(r->a, rt_namespace);
	if (names(NULL, &ns->name, r, o, "schema", false) < 0 ||
	    str(&ns->comment, r, o, "comment", true) < 0)
		return -1;
	rt_schema_add(r->s, RT_KIND_NAMESPACE, &ns->obj);
	return grants(&ns->obj, r, o);
}

static int read_extension(jr *r, json_t *o)
{
	rt_extension *x = RT_NEW(r->a, rt_extension);
	if (names(NULL, &x->name, r, o, "extension", false) < 0 ||
	    str(&x->schema, r, o, "schema", false) < 0 ||
	    str(&x->version, r, o, "version", true) < 0)
		return -1;
	rt_schema_add(r->s, RT_KIND_EXTENSION, &x->obj);
	return 0;
}

static int read_collation(jr *r, json_t *o)
{
	static const char *const w[] = {"icu", "libc", "default", NULL};
	rt_collation *c = RT_NEW(r->a, rt_collation);
	if (names(&c->schema, &c->name, r, o, "collation", true) < 0 ||
	    one_of(&c->provider, r, o, "provider", false, w, "icd") < 0 ||
	    str(&c->lc_collate, r, o, "lc_collate", true) < 0 ||
	    str(&c->lc_ctype, r, o, "lc_ctype", true) < 0 ||
	    boolean(&c->deterministic, r, o, "deterministic") < 0 ||
	    str(&c->comment, r, o, "comment", true) < 0)
		return -1;
	rt_schema_add(r->s, RT_KIND_COLLATION, &c->obj);
	return 0;
}

static int read_enum(jr *r, json_t *o)
{
	rt_enum *e = RT_NEW(r->a, rt_enum);
	if (names(&e->schema, &e->name, r, o, "enum", true) < 0 ||
	    strvec(&e->labels, r, o, "labels") < 0 ||
	    str(&e->comment, r, o, "comment", true) < 0)
		return -1;
	rt_schema_add(r->s, RT_KIND_ENUM, &e->obj);
	return grants(&e->obj, r, o);
}

static int read_sequence(jr *r, json_t *o)
{
	rt_sequence *q = RT_NEW(r->a, rt_sequence);
	json_t *own;
	if (names(&q->schema, &q->name, r, o, "sequence", true) < 0 ||
	    str(&q->type, r, o, "type", false) < 0 ||
	    integer(&q->start, r, o, "start") < 0 ||
	    integer(&q->increment, r, o, "increment") < 0 ||
	    integer(&q->min, r, o, "min") < 0 ||
	    integer(&q->max, r, o, "max") < 0 ||
	    integer(&q->cache, r, o, "cache") < 0 ||
	    boolean(&q->cycle, r, o, "cycle") < 0 ||
	    get(&own, r, o, "owned_by", JSON_OBJECT, true, "an object") < 0 ||
	    str(&q->comment, r, o, "comment", true) < 0)
		return -1;
	if (own) {
		const char *outer = r->what;
		r->what = rt_arena_printf(r->a, "%s: owned_by", outer);
		if (str(&q->owned_by_table.schema, r, own, "schema", false) <
			0 ||
		    str(&q->owned_by_table.name, r, own, "table", false) < 0 ||
		    str(&q->owned_by_column, r, own, "column", false) < 0)
			return -1;
		r->what = outer;
	}
	rt_schema_add(r->s, RT_KIND_SEQUENCE, &q->obj);
	return grants(&q->obj, r, o);
}

/* A column of type serial, bigserial or smallserial (the bridge writes
 * SQLAlchemy's SERIAL so): the integer type, NOT NULL, and its sequence
 * with its default, as CREATE TABLE makes them (load_sql_table.c's
 * make_serial). */
static int serial_column(jr *r, rt_table *t, rt_column *c)
{
	const char *ty = rt_is_catalog(c->type.schema) ? c->type.name : NULL;
	const char *base = ty ? rt_schema_serial_type(ty) : NULL;
	const char *cn = c->name, *seq;
	rt_sequence *q;
	rt_error cerr = RT_ERROR_INIT;

	if (!base)
		return 0;
	if (c->default_expr || c->identity || c->generated)
		return field_error(r, "type",
				   "is a serial type with a default");
	c->type.name = base;
	seq = rt_schema_default_name(r->s, t->schema, t->name, &cn, 1, "seq");
	q = rt_load__sequence_new(r->s, t->schema, seq, base);
	q->owned_by_table.schema = t->schema;
	q->owned_by_table.name = t->name;
	q->owned_by_column = c->name;
	c->not_null = true;
	c->default_expr = RT_NEW(r->a, rt_expr);
	c->default_expr->text = rt_load__nextval_text(r->s, t->schema, seq);
	c->default_expr->refs = RT_NEW(r->a, rt_refs);
	if (rt_canon_key_refs(&c->default_expr->key, c->default_expr->refs,
			      r->a, RT_CANON_EXPR, c->default_expr->text,
			      &cerr) < 0)
		return field_error(r, "default", cerr.msg);
	return 0;
}

static int read_column(jr *r, rt_table *t, json_t *o)
{
	static const char *const idw[] = {"always", "by default", NULL};
	rt_column *c = RT_NEW(r->a, rt_column);
	const char *storage;
	json_t *stat, *seq;
	int64_t inh;
	char id;

	if (names(NULL, &c->name, r, o, "column", false) < 0)
		return -1;
	r->what = rt_arena_printf(r->a, "column %s.%s.%s", t->schema, t->name,
				  c->name);
	c->table = t;
	if (type(&c->type, r, o, "type") < 0 ||
	    qname(&c->collation, r, o, "collation", true) < 0 ||
	    boolean(&c->not_null, r, o, "not_null") < 0 ||
	    expr(&c->default_expr, r, o, "default", rt_canon_expr) < 0 ||
	    expr(&c->generated, r, o, "generated", rt_canon_expr) < 0 ||
	    one_of(&id, r, o, "identity", true, idw, "ad") < 0 ||
	    boolean(&c->is_local, r, o, "is_local") < 0 ||
	    integer(&inh, r, o, "inhcount") < 0 ||
	    str(&c->comment, r, o, "comment", true) < 0 ||
	    str(&storage, r, o, "storage", true) < 0 ||
	    get(&stat, r, o, "statistics", JSON_INTEGER, true, "an integer") <
		0 ||
	    str(&c->compression, r, o, "compression", true) < 0)
		return -1;
	c->identity = (rt_identity)id;
	c->inhcount = (int)inh;
	if (serial_column(r, t, c) < 0)
		return -1;
	if (storage) {
		if (strlen(storage) != 1 || !strchr("pemx", storage[0]))
			return field_error(r, "storage",
					   "must be one of p, e, m, x");
		c->storage = storage[0];
	}
	if (stat) {
		c->has_statistics = true;
		c->statistics = (int)json_integer_value(stat);
	}
	seq = json_object_get(o, "identity_sequence");
	if (c->identity && seq && !json_is_null(seq)) {
		rt_sequence *q = RT_NEW(r->a, rt_sequence);
		rt_qname qn;
		if (qname(&qn, r, o, "identity_sequence", false) < 0 ||
		    integer(&q->start, r, o, "identity_start") < 0 ||
		    integer(&q->increment, r, o, "identity_increment") < 0 ||
		    integer(&q->min, r, o, "identity_min") < 0 ||
		    integer(&q->max, r, o, "identity_max") < 0 ||
		    integer(&q->cache, r, o, "identity_cache") < 0 ||
		    boolean(&q->cycle, r, o, "identity_cycle") < 0)
			return -1;
		q->schema = qn.schema;
		q->name = qn.name;
		q->type = c->type.name;
		c->id_seq = q;
	} else if (c->identity && !seq) {
		/* the bridge: PostgreSQL's defaults and name */
		c->id_seq = rt_schema_identity_seq(r->s, c);
	}
	c->owner = &t->obj;
	rt_schema_add(r->s, RT_KIND_COLUMN, &c->obj);
	return grants(&c->obj, r, o);
}

/* A name PostgreSQL chooses for an unnamed constraint (the bridge's
 * create_all leaves them to it), as load_sql_table.c chooses it. */
static const char *default_conname(jr *r, rt_table *t, rt_constraint *c)
{
	const char *cols[32];
	size_t n = 0;
	if (c->type == RT_CON_CHECK) {
		const rt_vec *v =
		    c->expr && c->expr->refs ? &c->expr->refs->columns : NULL;
		const char *one = NULL;
		for (size_t i = 0; v && i < v->len; i++) {
			const char *col = v->items[i];
			if (!rt_table_find_column(t, col) ||
			    (one && strcmp(one, col) == 0))
				continue;
			if (one) { /* two columns: no column part */
				one = NULL;
				break;
			}
			one = col;
		}
		return rt_schema_default_name(r->s, t->schema, t->name, &one,
					      one ? 1 : 0, "check");
	}
	for (size_t i = 0; i < c->columns.len && n < RT_ARRAY_LEN(cols); i++)
		cols[n++] = c->columns.items[i];
	for (size_t i = 0; c->type != RT_CON_FOREIGN && i < c->include.len &&
			   n < RT_ARRAY_LEN(cols);
	     i++)
		cols[n++] = c->include.items[i];
	switch (c->type) {
	case RT_CON_PRIMARY:
		return rt_schema_default_name(r->s, t->schema, t->name, cols, 0,
					      "pkey");
	case RT_CON_UNIQUE:
		return rt_schema_default_name(r->s, t->schema, t->name, cols, n,
					      "key");
	case RT_CON_FOREIGN:
		return rt_schema_default_name(r->s, t->schema, t->name, cols, n,
					      "fkey");
	default:
		return rt_schema_default_name(r->s, t->schema, t->name, cols, n,
					      "excl");
	}
}

static int read_constraint(jr *r, rt_table *t, json_t *o)
{
	static const char *const tw[] = {
	    "primary_key", "unique", "foreign_key", "check", "exclude", NULL};
	static const char *const aw[] = {"no action", "restrict",    "cascade",
					 "set null",  "set default", NULL};
	static const char *const mw[] = {"full", "partial", "simple", NULL};
	rt_constraint *c = RT_NEW(r->a, rt_constraint);
	char ty;

	if (str(&c->name, r, o, "name", true) < 0)
		return -1;
	r->what = rt_arena_printf(r->a, "constraint %s on %s.%s",
				  c->name ? c->name : "(unnamed)", t->schema,
				  t->name);
	if (one_of(&ty, r, o, "type", false, tw, "pufcx") < 0)
		return -1;
	c->type = (rt_contype)ty;
	c->table = t;
	if (strvec(&c->columns, r, o, "columns") < 0)
		return -1;
	if ((c->type == RT_CON_PRIMARY || c->type == RT_CON_UNIQUE) &&
	    (strvec(&c->include, r, o, "include") < 0 ||
	     strvec(&c->index_options, r, o, "index_options") < 0))
		return -1;
	if (c->type == RT_CON_UNIQUE &&
	    boolean(&c->nulls_not_distinct, r, o, "nulls_not_distinct") < 0)
		return -1;
	if (c->type == RT_CON_FOREIGN &&
	    (qname(&c->ref_table, r, o, "ref_table", false) < 0 ||
	     strvec(&c->ref_columns, r, o, "ref_columns") < 0 ||
	     one_of(&c->on_update, r, o, "on_update", false, aw, "arcnd") < 0 ||
	     one_of(&c->on_delete, r, o, "on_delete", false, aw, "arcnd") < 0 ||
	     one_of(&c->match, r, o, "match", false, mw, "fps") < 0 ||
	     strvec(&c->on_delete_columns, r, o, "on_delete_columns") < 0))
		return -1;
	if (c->type == RT_CON_CHECK &&
	    (expr(&c->expr, r, o, "expr", rt_canon_expr) < 0 ||
	     boolean(&c->no_inherit, r, o, "no_inherit") < 0))
		return -1;
	if (c->type == RT_CON_EXCLUDE &&
	    expr(&c->expr, r, o, "expr", rt_canon_exclude) < 0)
		return -1;
	if (c->type == RT_CON_CHECK && !c->expr)
		return field_error(r, "expr", "must be a string, not null");
	if (boolean(&c->deferrable, r, o, "deferrable") < 0 ||
	    boolean(&c->initially_deferred, r, o, "initially_deferred") < 0 ||
	    boolean(&c->not_valid, r, o, "not_valid") < 0 ||
	    boolean(&c->is_local, r, o, "is_local") < 0 ||
	    str(&c->comment, r, o, "comment", true) < 0)
		return -1;
	if (!c->name)
		c->name = default_conname(r, t, c);
	c->owner = &t->obj;
	rt_schema_add(r->s, RT_KIND_CONSTRAINT, &c->obj);
	return 0;
}

static int read_table(jr *r, json_t *o)
{
	static const char *const kw[] = {"table", "partitioned", NULL};
	static const char *const riw[] = {"d", "n", "f", "i", NULL};
	rt_table *t = RT_NEW(r->a, rt_table);
	json_t *cols, *cons, *inh, *e;
	const char *what;
	char kind, ri;

	if (names(&t->schema, &t->name, r, o, "table", true) < 0)
		return -1;
	what = r->what;
	if (one_of(&kind, r, o, "kind", false, kw, "rp") < 0 ||
	    boolean(&t->unlogged, r, o, "unlogged") < 0 ||
	    array(&cols, r, o, "columns") < 0 ||
	    array(&cons, r, o, "constraints") < 0 ||
	    array(&inh, r, o, "inherits") < 0 ||
	    expr(&t->partition_key, r, o, "partition_key", rt_canon_partkey) <
		0 ||
	    qname(&t->partition_of, r, o, "partition_of", true) < 0 ||
	    expr(&t->partition_bound, r, o, "partition_bound",
		 rt_canon_partbound) < 0 ||
	    boolean(&t->rls, r, o, "rls") < 0 ||
	    boolean(&t->force_rls, r, o, "force_rls") < 0 ||
	    str(&t->comment, r, o, "comment", true) < 0 ||
	    strvec(&t->options, r, o, "options") < 0 ||
	    one_of(&ri, r, o, "replica_identity", false, riw, "dnfi") < 0 ||
	    str(&t->replica_index, r, o, "replica_index", true) < 0 ||
	    str(&t->cluster_index, r, o, "cluster_on", true) < 0)
		return -1;
	t->relkind = kind == 'p' ? RT_REL_PARTITIONED : RT_REL_TABLE;
	t->replica_identity = ri == 'd' ? 0 : ri;
	for (size_t i = 0; i < json_array_size(inh); i++) {
		rt_qname *q = RT_NEW(r->a, rt_qname);
		e = json_array_get(inh, i);
		if (!json_is_object(e))
			return field_error(r, "inherits", "must hold objects");
		if (str(&q->schema, r, e, "schema", false) < 0 ||
		    str(&q->name, r, e, "name", false) < 0)
			return -1;
		rt_vec_push(&t->inherits, r->a, q);
	}
	rt_schema_add(r->s, RT_KIND_TABLE, &t->obj);
	if (grants(&t->obj, r, o) < 0)
		return -1;
	for (size_t i = 0; i < json_array_size(cols); i++) {
		r->what = what;
		if (element(&e, r, cols, i, "columns") < 0 ||
		    read_column(r, t, e) < 0)
			return -1;
	}
	for (size_t i = 0; i < json_array_size(cons); i++) {
		r->what = what;
		if (element(&e, r, cons, i, "constraints") < 0 ||
		    read_constraint(r, t, e) < 0)
			return -1;
	}
	return 0;
}

static int read_index(jr *r, json_t *o)
{
	rt_index *x = RT_NEW(r->a, rt_index);
	if (names(&x->schema, &x->name, r, o, "index", true) < 0 ||
	    qname(&x->table, r, o, "table", false) < 0 ||
	    boolean(&x->unique, r, o, "unique") < 0 ||
	    expr(&x->def, r, o, "definition", rt_canon_index) < 0 ||
	    str(&x->comment, r, o, "comment", true) < 0)
		return -1;
	if (!x->def)
		return field_error(r, "definition",
				   "must be a string, not null");
	rt_schema_add(r->s, RT_KIND_INDEX, &x->obj);
	return 0;
}

static int read_domain(jr *r, json_t *o)
{
	rt_domain *d = RT_NEW(r->a, rt_domain);
	json_t *checks, *e;
	if (names(&d->schema, &d->name, r, o, "domain", true) < 0 ||
	    type(&d->type, r, o, "type") < 0 ||
	    qname(&d->collation, r, o, "collation", true) < 0 ||
	    expr(&d->default_expr, r, o, "default", rt_canon_expr) < 0 ||
	    boolean(&d->not_null, r, o, "not_null") < 0 ||
	    array(&checks, r, o, "checks") < 0 ||
	    str(&d->comment, r, o, "comment", true) < 0)
		return -1;
	for (size_t i = 0; i < json_array_size(checks); i++) {
		rt_domain_check *k = RT_NEW(r->a, rt_domain_check);
		if (element(&e, r, checks, i, "checks") < 0 ||
		    str(&k->name, r, e, "name", false) < 0 ||
		    expr(&k->expr, r, e, "expression", rt_canon_expr) < 0 ||
		    boolean(&k->not_valid, r, e, "not_valid") < 0)
			return -1;
		if (!k->expr)
			return field_error(r, "expression",
					   "must be a string, not null");
		rt_vec_push(&d->checks, r->a, k);
	}
	rt_schema_add(r->s, RT_KIND_DOMAIN, &d->obj);
	return grants(&d->obj, r, o);
}

static int read_composite(jr *r, json_t *o)
{
	rt_composite *c = RT_NEW(r->a, rt_composite);
	json_t *attrs, *e;
	if (names(&c->schema, &c->name, r, o, "composite type", true) < 0 ||
	    array(&attrs, r, o, "attributes") < 0 ||
	    str(&c->comment, r, o, "comment", true) < 0)
		return -1;
	for (size_t i = 0; i < json_array_size(attrs); i++) {
		rt_attribute *at = RT_NEW(r->a, rt_attribute);
		if (element(&e, r, attrs, i, "attributes") < 0 ||
		    str(&at->name, r, e, "name", false) < 0 ||
		    type(&at->type, r, e, "type") < 0 ||
		    qname(&at->collation, r, e, "collation", true) < 0)
			return -1;
		rt_vec_push(&c->attributes, r->a, at);
	}
	rt_schema_add(r->s, RT_KIND_COMPOSITE, &c->obj);
	return grants(&c->obj, r, o);
}

static int read_range(jr *r, json_t *o)
{
	rt_range *g = RT_NEW(r->a, rt_range);
	if (names(&g->schema, &g->name, r, o, "range type", true) < 0 ||
	    type(&g->subtype, r, o, "subtype") < 0 ||
	    qname(&g->opclass, r, o, "subtype_opclass", true) < 0 ||
	    qname(&g->collation, r, o, "collation", true) < 0 ||
	    qname(&g->canonical, r, o, "canonical", true) < 0 ||
	    qname(&g->subtype_diff, r, o, "subtype_diff", true) < 0 ||
	    str(&g->multirange, r, o, "multirange", true) < 0 ||
	    str(&g->comment, r, o, "comment", true) < 0)
		return -1;
	rt_schema_add(r->s, RT_KIND_RANGE, &g->obj);
	return grants(&g->obj, r, o);
}

/* ---- kinds rebuilt from their statements ------------------------------- */

/* Executes sql (built in b) for the object being read. */
static int exec_sql(jr *r, rt_buf *b)
{
	int rc = rt_load__sql_exec(r->s, r->name, b->data, r->err);
	if (rc < 0) {
		char msg[sizeof(r->err->msg)];
		memcpy(msg, r->err->msg, sizeof(msg));
		rt_errorf(r->err, RT_EINPUT, "%s: %.400s", r->what, msg);
		rt_error_at(r->err, r->name, 0, 0);
	}
	rt_buf_release(b);
	return rc;
}

/* A type as SQL names it: built-ins as format_type prints them, user
 * types qualified (array brackets outside the quotes). */
static void add_type(rt_buf *b, rt_type t)
{
	size_t n = strlen(t.name), k = n;
	if (rt_is_catalog(t.schema)) {
		rt_buf_adds(b, t.name);
		return;
	}
	while (k >= 2 && strcmp(t.name + k - 2, "[]") == 0)
		k -= 2;
	rt_buf_add_ident(b, RT_DIALECT_PG, t.schema);
	rt_buf_addch(b, '.');
	{
		char *base = rt_xmalloc(k + 1);
		memcpy(base, t.name, k);
		base[k] = '\0';
		rt_buf_add_ident(b, RT_DIALECT_PG, base);
		free(base);
	}
	rt_buf_adds(b, t.name + k);
}

/* A dollar quote tag not found in body. */
static const char *dollar_tag(jr *r, const char *body)
{
	if (!strstr(body, "$$"))
		return "$$";
	for (int i = 0;; i++) {
		const char *tag = rt_arena_printf(r->a, "$retort%d$", i);
		if (!strstr(body, tag))
			return tag;
	}
}

static const char *const volw[] = {"immutable", "stable", "volatile", NULL};
static const char *const parw[] = {"safe", "restricted", "unsafe", NULL};
static const char *const modew[] = {"in",	"out",	 "inout",
				    "variadic", "table", NULL};

static bool list_quote_guc(const char *name, size_t n)
{
	static const char *const g[] = {
	    "search_path", "temp_tablespaces", "session_preload_libraries",
	    "shared_preload_libraries", "local_preload_libraries"};
	for (size_t i = 0; i < RT_ARRAY_LEN(g); i++)
		if (strlen(g[i]) == n && strncmp(g[i], name, n) == 0)
			return true;
	return false;
}

/* CREATE FUNCTION / PROCEDURE from the fields, as pg_get_functiondef
 * would print it; the SQL loader builds the function from it. */
static int read_function(jr *r, json_t *o)
{
	const char *schema, *name, *kind, *lang, *body, *sql_body, *proname;
	json_t *args, *ret, *e;
	bool retset, strict, secdef, leak, proc, table_args = false;
	char vol, par;
	double cost, rows;
	rt_vec config = {0};
	rt_buf b = RT_BUF_INIT;
	rt_function *f;
	const char *what;

	if (names(&schema, &name, r, o, "function", true) < 0)
		return -1;
	what = r->what;
	if (str(&kind, r, o, "kind", false) < 0 ||
	    array(&args, r, o, "arguments") < 0 ||
	    get(&ret, r, o, "returns", JSON_OBJECT, true, "an object") < 0 ||
	    boolean(&retset, r, o, "returns_set") < 0 ||
	    str(&lang, r, o, "language", true) < 0 ||
	    str(&body, r, o, "body", true) < 0 ||
	    str(&sql_body, r, o, "sql_body", true) < 0 ||
	    one_of(&vol, r, o, "volatility", false, volw, "isv") < 0 ||
	    one_of(&par, r, o, "parallel", false, parw, "sru") < 0 ||
	    boolean(&strict, r, o, "strict") < 0 ||
	    boolean(&secdef, r, o, "security_definer") < 0 ||
	    boolean(&leak, r, o, "leakproof") < 0 ||
	    number(&cost, r, o, "cost") < 0 ||
	    number(&rows, r, o, "rows") < 0 ||
	    strvec(&config, r, o, "config") < 0)
		return -1;
	proc = strcmp(kind, "procedure") == 0;
	if (!proc && strcmp(kind, "function") != 0)
		return field_error(r, "kind", "must be function or procedure");
	if (!strchr(name, '('))
		return field_error(r, "name",
				   "must end with the argument types");
	proname = rt_arena_strndup(r->a, name, strcspn(name, "("));
	rt_buf_addf(&b, "CREATE %s ", proc ? "PROCEDURE" : "FUNCTION");
	rt_buf_add_qname(&b, RT_DIALECT_PG, schema, proname);
	rt_buf_addch(&b, '(');
	for (size_t i = 0, n = 0; i < json_array_size(args); i++) {
		const char *an;
		rt_type at;
		rt_expr *def;
		char mode;
		if (element(&e, r, args, i, "arguments") < 0 ||
		    one_of(&mode, r, e, "mode", false, modew, "iobvt") < 0 ||
		    str(&an, r, e, "name", true) < 0 ||
		    type(&at, r, e, "type") < 0 ||
		    expr(&def, r, e, "default", rt_canon_expr) < 0)
			return -1;
		if (mode == 't') {
			table_args = true;
			continue;
		}
		if (n++)
			rt_buf_adds(&b, ", ");
		rt_buf_adds(&b, mode == 'o'   ? "OUT "
				: mode == 'b' ? "INOUT "
				: mode == 'v' ? "VARIADIC "
					      : "");
		if (an) {
			rt_buf_add_ident(&b, RT_DIALECT_PG, an);
			rt_buf_addch(&b, ' ');
		}
		add_type(&b, at);
		if (def)
			rt_buf_addf(&b, " DEFAULT %s", def->text);
	}
	rt_buf_addch(&b, ')');
	if (table_args) {
		rt_buf_adds(&b, " RETURNS TABLE(");
		for (size_t i = 0, n = 0; i < json_array_size(args); i++) {
			const char *an;
			rt_type at;
			e = json_array_get(args, i);
			if (strcmp(
				json_string_value(json_object_get(e, "mode")),
				"table") != 0)
				continue;
			if (str(&an, r, e, "name", false) < 0 ||
			    type(&at, r, e, "type") < 0)
				return -1;
			if (n++)
				rt_buf_adds(&b, ", ");
			rt_buf_add_ident(&b, RT_DIALECT_PG, an);
			rt_buf_addch(&b, ' ');
			add_type(&b, at);
		}
		rt_buf_addch(&b, ')');
	} else if (ret) {
		rt_type rt;
		if (type(&rt, r, o, "returns") < 0)
			return -1;
		rt_buf_adds(&b, retset ? " RETURNS SETOF " : " RETURNS ");
		add_type(&b, rt);
	} else if (!proc) {
		return field_error(r, "returns",
				   "must be an object for a function");
	}
	if (lang) {
		rt_buf_adds(&b, " LANGUAGE ");
		rt_buf_add_ident(&b, RT_DIALECT_PG, lang);
	}
	if (!proc) {
		rt_buf_adds(&b, vol == 'i'   ? " IMMUTABLE"
				: vol == 's' ? " STABLE"
					     : " VOLATILE");
		if (strict)
			rt_buf_adds(&b, " STRICT");
		if (leak)
			rt_buf_adds(&b, " LEAKPROOF");
		rt_buf_adds(&b, par == 's'   ? " PARALLEL SAFE"
				: par == 'r' ? " PARALLEL RESTRICTED"
					     : " PARALLEL UNSAFE");
		rt_buf_addf(&b, " COST %.17g", cost);
		if (retset)
			rt_buf_addf(&b, " ROWS %.17g", rows);
	}
	if (secdef)
		rt_buf_adds(&b, " SECURITY DEFINER");
	for (size_t i = 0; i < config.len; i++) {
		const char *c = config.items[i], *eq = strchr(c, '=');
		if (!eq)
			return field_error(r, "config",
					   "must hold name=value strings");
		rt_buf_addf(&b, " SET %.*s TO ", (int)(eq - c), c);
		if (list_quote_guc(c, (size_t)(eq - c)))
			rt_buf_adds(&b, *(eq + 1) ? eq + 1 : "''");
		else
			rt_buf_add_literal(&b, RT_DIALECT_PG, eq + 1);
	}
	if (body) {
		const char *tag = dollar_tag(r, body);
		rt_buf_addf(&b, " AS %s%s%s", tag, body, tag);
	} else if (sql_body) {
		rt_buf_addf(&b, " %s", sql_body);
	} else {
		return field_error(r, "body", "or 'sql_body' must be a string");
	}
	r->what = what;
	if (exec_sql(r, &b) < 0)
		return -1;
	f = (rt_function *)rt_schema_find(r->s, RT_KIND_FUNCTION, schema, name);
	if (!f) {
		rt_errorf(r->err, RT_EINPUT,
			  "%s: its fields make a function of another "
			  "signature",
			  r->what);
		rt_error_at(r->err, r->name, 0, 0);
		return -1;
	}
	/* the SQL loader's defaults, where the JSON says otherwise */
	f->cost = cost;
	f->rows = rows;
	f->volatility = vol;
	f->parallel = par;
	f->strict = strict;
	f->leakproof = leak;
	if (!r->from_db)
		f->src_file = r->name;
	if (str(&f->comment, r, o, "comment", true) < 0)
		return -1;
	return grants(&f->obj, r, o);
}

static int read_view(jr *r, json_t *o)
{
	const char *schema, *name, *query, *comment;
	bool mat;
	rt_vec opts = {0};
	rt_buf b = RT_BUF_INIT;
	rt_view *v;

	if (names(&schema, &name, r, o, "view", true) < 0 ||
	    boolean(&mat, r, o, "materialized") < 0 ||
	    str(&query, r, o, "query", false) < 0 ||
	    strvec(&opts, r, o, "options") < 0 ||
	    str(&comment, r, o, "comment", true) < 0)
		return -1;
	/* the JSON does not hold the search_path a file's query was read
	 * under: a view outside public is read with its own schema first
	 * (as a file that set search_path to it wrote it), then public. A
	 * database printed its queries for search_path public. */
	if (!r->from_db && strcmp(schema, RT_PUBLIC) != 0) {
		rt_buf_adds(&b, "SET search_path = ");
		rt_buf_add_ident(&b, RT_DIALECT_PG, schema);
		rt_buf_adds(&b, ", public;\n");
	}
	rt_buf_addf(&b, "CREATE %sVIEW ", mat ? "MATERIALIZED " : "");
	rt_buf_add_qname(&b, RT_DIALECT_PG, schema, name);
	if (opts.len) {
		rt_buf_adds(&b, " WITH (");
		for (size_t i = 0; i < opts.len; i++)
			rt_buf_addf(&b, "%s%s", i ? ", " : "",
				    (const char *)opts.items[i]);
		rt_buf_addch(&b, ')');
	}
	rt_buf_addf(&b, " AS %s", query);
	if (exec_sql(r, &b) < 0)
		return -1;
	v = rt_schema_find_view(r->s, schema, name);
	if (!v) {
		rt_errorf(r->err, RT_EINPUT, "%s: its query cannot be read",
			  r->what);
		rt_error_at(r->err, r->name, 0, 0);
		return -1;
	}
	v->exact = r->from_db;
	v->comment = comment;
	return grants(&v->obj, r, o);
}

/* Triggers and rules: their definition is the whole statement. */
static int read_on(jr *r, json_t *o, rt_kind k)
{
	static const char *const enw[] = {"O", "D", "R", "A", NULL};
	const char *schema, *name, *def, *comment;
	rt_qname rel;
	rt_object *x;
	rt_buf b = RT_BUF_INIT;
	char en;

	if (names(&schema, &name, r, o,
		  k == RT_KIND_TRIGGER ? "trigger" : "rule", true) < 0 ||
	    qname(&rel, r, o, "table", false) < 0 ||
	    str(&def, r, o, "definition", false) < 0 ||
	    one_of(&en, r, o, "enabled", false, enw, "ODRA") < 0 ||
	    str(&comment, r, o, "comment", true) < 0)
		return -1;
	r->what = rt_arena_printf(r->a, "%s %s on %s.%s",
				  k == RT_KIND_TRIGGER ? "trigger" : "rule",
				  name, rel.schema, rel.name);
	rt_buf_adds(&b, def);
	if (exec_sql(r, &b) < 0)
		return -1;
	x = rt_schema_find_on(r->s, k, rel.schema, rel.name, name);
	if (!x) {
		rt_errorf(r->err, RT_EINPUT,
			  "%s: its definition makes another object", r->what);
		rt_error_at(r->err, r->name, 0, 0);
		return -1;
	}
	if (k == RT_KIND_TRIGGER)
		((rt_trigger *)x)->enabled = en;
	else
		((rt_rule *)x)->enabled = en;
	x->comment = comment;
	return 0;
}

static int read_policy(jr *r, json_t *o)
{
	static const char *const cw[] = {"SELECT", "INSERT", "UPDATE",
					 "DELETE", "ALL",    NULL};
	const char *schema, *name, *comment;
	rt_qname rel;
	bool permissive;
	char cmd;
	rt_vec roles = {0};
	rt_expr *u, *c;
	rt_buf b = RT_BUF_INIT;
	rt_object *x;

	if (names(&schema, &name, r, o, "policy", true) < 0 ||
	    qname(&rel, r, o, "table", false) < 0 ||
	    boolean(&permissive, r, o, "permissive") < 0 ||
	    one_of(&cmd, r, o, "command", false, cw, "rawd*") < 0 ||
	    strvec(&roles, r, o, "roles") < 0 ||
	    str(&comment, r, o, "comment", true) < 0)
		return -1;
	r->what = rt_arena_printf(r->a, "policy %s on %s.%s", name, rel.schema,
				  rel.name);
	if (expr(&u, r, o, "using", rt_canon_expr) < 0 ||
	    expr(&c, r, o, "with_check", rt_canon_expr) < 0)
		return -1;
	rt_buf_adds(&b, "CREATE POLICY ");
	rt_buf_add_ident(&b, RT_DIALECT_PG, name);
	rt_buf_adds(&b, " ON ");
	rt_buf_add_qname(&b, RT_DIALECT_PG, rel.schema, rel.name);
	rt_buf_adds(&b, permissive ? " AS PERMISSIVE" : " AS RESTRICTIVE");
	rt_buf_addf(&b, " FOR %s TO ",
		    cmd == 'r'	 ? "SELECT"
		    : cmd == 'a' ? "INSERT"
		    : cmd == 'w' ? "UPDATE"
		    : cmd == 'd' ? "DELETE"
				 : "ALL");
	for (size_t i = 0; i < roles.len; i++) {
		const char *role = roles.items[i];
		if (i)
			rt_buf_adds(&b, ", ");
		if (strcmp(role, "PUBLIC") == 0)
			rt_buf_adds(&b, "PUBLIC");
		else
			rt_buf_add_ident(&b, RT_DIALECT_PG, role);
	}
	if (!roles.len)
		rt_buf_adds(&b, "PUBLIC");
	if (u)
		rt_buf_addf(&b, " USING (%s)", u->text);
	if (c)
		rt_buf_addf(&b, " WITH CHECK (%s)", c->text);
	if (exec_sql(r, &b) < 0)
		return -1;
	x = rt_schema_find_on(r->s, RT_KIND_POLICY, rel.schema, rel.name, name);
	if (!x) {
		rt_errorf(r->err, RT_EINPUT,
			  "%s: its definition makes another object", r->what);
		rt_error_at(r->err, r->name, 0, 0);
		return -1;
	}
	x->comment = comment;
	return 0;
}

/* ---- the document ------------------------------------------------------ */

typedef int (*read_fn)(jr *r, json_t *o);

static int read_trigger(jr *r, json_t *o)
{
	return read_on(r, o, RT_KIND_TRIGGER);
}

static int read_rule(jr *r, json_t *o)
{
	return read_on(r, o, RT_KIND_RULE);
}

/* In the order the live loader builds them: what others refer to first
 * (load_pg.c's steps, then q_definitions' order). */
static const struct list {
	const char *key;
	read_fn read;
} lists[] = {
    {"namespaces", read_namespace},
    {"extensions", read_extension},
    {"collations", read_collation},
    {"enums", read_enum},
    {"tables", read_table},
    {"sequences", read_sequence},
    {"domains", read_domain},
    {"composite_types", read_composite},
    {"range_types", read_range},
    {"functions", read_function},
    {"views", read_view},
    /* after the views: some are on materialized ones */
    {"indexes", read_index},
    {"triggers", read_trigger},
    {"policies", read_policy},
    {"rules", read_rule},
};

/* Views in the order they read each other: a view's query may expand
 * another's "*", so that one is created first (the order of the list is
 * by name). A view whose query does not parse is left for read_view to
 * report. */
static int read_views(jr *r, json_t *arr)
{
	size_t n = json_array_size(arr);
	char *state = rt_arena_alloc(r->a, n ? n : 1); /* 0, 1 busy, 2 done */
	size_t *stack = rt_arena_alloc(r->a, (n ? n : 1) * sizeof(size_t));
	size_t *next = rt_arena_alloc(r->a, (n ? n : 1) * sizeof(size_t));
	rt_refs **refs = rt_arena_alloc(r->a, (n ? n : 1) * sizeof(rt_refs *));
	json_t *e;

	memset(state, 0, n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		const char *q;
		rt_error cerr = RT_ERROR_INIT;
		r->what = "the document";
		if (element(&e, r, arr, i, "views") < 0)
			return -1;
		q = json_string_value(json_object_get(e, "query"));
		refs[i] = RT_NEW(r->a, rt_refs);
		if (!q ||
		    rt_canon_refs(refs[i], r->a, RT_CANON_STMT, q, &cerr) < 0)
			*refs[i] = (rt_refs){0};
	}
	for (size_t root = 0; root < n; root++) {
		size_t depth = 0;
		if (state[root])
			continue;
		stack[depth] = root;
		next[depth++] = 0;
		state[root] = 1;
		while (depth) {
			size_t i = stack[depth - 1], k = next[depth - 1]++;
			const rt_vec *rel = &refs[i]->relations;
			if (k < rel->len) {
				const char *nm = rel->items[k], *dot;
				char sch[256];
				dot = strchr(nm, '.');
				snprintf(sch, sizeof(sch), "%.*s",
					 dot ? (int)(dot - nm) : 6,
					 dot ? nm : "public");
				nm = dot ? dot + 1 : nm;
				for (size_t j = 0; j < n; j++) {
					json_t *v = json_array_get(arr, j);
					if (state[j] ||
					    !rt_streq(json_string_value(
							  json_object_get(
							      v, "schema")),
						      sch) ||
					    !rt_streq(
						json_string_value(
						    json_object_get(v, "name")),
						nm))
						continue;
					state[j] = 1;
					stack[depth] = j;
					next[depth++] = 0;
					break;
				}
				continue;
			}
			depth--;
			state[i] = 2;
			r->what = "the document";
			if (read_view(r, json_array_get(arr, i)) < 0)
				return -1;
		}
	}
	return 0;
}

static int read_unmanaged(jr *r, json_t *doc)
{
	json_t *arr, *e, *line, *data;
	r->what = "the document";
	if (array(&arr, r, doc, "unmanaged") < 0)
		return -1;
	for (size_t i = 0; i < json_array_size(arr); i++) {
		const char *what, *file;
		r->what = "unmanaged";
		if (element(&e, r, arr, i, "unmanaged") < 0 ||
		    str(&what, r, e, "what", false) < 0 ||
		    str(&file, r, e, "file", true) < 0 ||
		    get(&line, r, e, "line", JSON_INTEGER, true, "an integer") <
			0)
			return -1;
		rt_schema_add_unmanaged(
		    r->s, what, file, line ? (int)json_integer_value(line) : 0,
		    0);
		data = json_object_get(e, "data");
		if (data && !json_is_boolean(data))
			return field_error(r, "data", "must be true or false");
		rt_unmanaged *u =
		    r->s->unmanaged.items[r->s->unmanaged.len - 1];
		u->data = json_is_true(data);
		if (json_object_get(e, "sql") &&
		    str(&u->sql, r, e, "sql", true) < 0)
			return -1;
	}
	return 0;
}

/* Kinds the document may hold that this reader does not know: a newer
 * format. Named rather than dropped. */
static int check_keys(jr *r, json_t *doc)
{
	const char *key;
	json_t *v;
	json_object_foreach(doc, key, v)
	{
		bool known = strcmp(key, "source") == 0 ||
			     strcmp(key, "unmanaged") == 0 ||
			     strcmp(key, "dialect") == 0;
		for (size_t i = 0; !known && i < RT_ARRAY_LEN(lists); i++)
			known = strcmp(key, lists[i].key) == 0;
		if (!known) {
			rt_errorf(r->err, RT_EINPUT,
				  "the document holds '%s', which retort "
				  "does not read",
				  key);
			rt_error_at(r->err, r->name, 0, 0);
			return -1;
		}
	}
	return 0;
}

static int read_doc(jr *r, json_t *doc)
{
	const char *source;
	if (!json_is_object(doc)) {
		rt_errorf(r->err, RT_EINPUT,
			  "expected a JSON object (retort inspect --json)");
		rt_error_at(r->err, r->name, 0, 0);
		return -1;
	}
	if (check_keys(r, doc) < 0)
		return -1;
	r->what = "the document";
	if (str(&source, r, doc, "source", true) < 0)
		return -1;
	const char *dialect = NULL;
	if (json_object_get(doc, "dialect") &&
	    str(&dialect, r, doc, "dialect", false) < 0)
		return -1;
	if (dialect && strcmp(dialect, "sqlite") == 0) {
		r->s->dialect = RT_DIALECT_SQLITE;
	} else if (dialect && strcmp(dialect, "postgresql") != 0) {
		rt_errorf(r->err, RT_EINPUT,
			  "unknown dialect '%s' (postgresql or sqlite)",
			  dialect);
		rt_error_at(r->err, r->name, 0, 0);
		return -1;
	}
	r->from_db = source && (strncmp(source, "postgres://", 11) == 0 ||
				strncmp(source, "postgresql://", 13) == 0);
	for (size_t k = 0; k < RT_ARRAY_LEN(lists); k++) {
		json_t *arr, *e;
		r->what = "the document";
		if (array(&arr, r, doc, lists[k].key) < 0)
			return -1;
		if (lists[k].read == read_view) {
			if (read_views(r, arr) < 0)
				return -1;
			continue;
		}
		for (size_t i = 0; i < json_array_size(arr); i++) {
			r->what = "the document";
			if (element(&e, r, arr, i, lists[k].key) < 0 ||
			    lists[k].read(r, e) < 0)
				return -1;
		}
	}
	return read_unmanaged(r, doc);
}

static int read_scratch(rt_schema **out, rt_arena *a, const char *name,
			const char *text, size_t len, rt_error *err);

int rt_load_json_text(rt_schema **out, rt_arena *a, const char *name,
		      const char *text, size_t len, rt_error *err)
{
	if (read_scratch(out, a, name, text, len, err) < 0)
		return -1;
	rt_schema_finish(*out);
	return 0;
}

/*
 * jansson's memory. Its parser mallocs every value and every token and
 * frees the tokens at once, and for a document of megabytes (a snapshot of
 * 1,000 tables) glibc's consolidation of those frees, then freeing the
 * tree, took a third of the time. So while this thread reads a document,
 * jansson allocates from a scratch arena dropped whole afterwards, and
 * its frees do nothing; at other times (other threads) it uses malloc.
 * The functions are installed once and fall back to malloc and free, so
 * a value allocated before they were installed is freed right.
 */
static _Thread_local rt_arena *json_scratch;

static int read_text(rt_schema **out, rt_arena *a, const char *name,
		     const char *text, size_t len, rt_error *err);

static void *json_alloc(size_t n)
{
	return json_scratch ? rt_arena_alloc(json_scratch, n) : malloc(n);
}

static void json_release(void *p)
{
	if (!json_scratch)
		free(p);
}

static void json_alloc_install(void)
{
	json_set_alloc_funcs(json_alloc, json_release);
}

/* The document read into *out, not finished (rt_schema_finish), with
 * jansson's memory in a scratch arena. */
static int read_scratch(rt_schema **out, rt_arena *a, const char *name,
			const char *text, size_t len, rt_error *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	rt_arena *scratch = rt_arena_new();
	int rc;
	pthread_once(&once, json_alloc_install);
	json_scratch = scratch;
	rc = read_text(out, a, name, text, len, err);
	json_scratch = NULL;
	rt_arena_free(scratch);
	return rc;
}

/* read_scratch's work, with jansson's memory in json_scratch. */
static int read_text(rt_schema **out, rt_arena *a, const char *name,
		     const char *text, size_t len, rt_error *err)
{
	json_error_t jerr;
	json_t *doc;
	jr r = {0};
	int rc;

	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		rt_errorf(err, RT_EINPUT, "%s", jerr.text);
		rt_error_at(err, name, jerr.line > 0 ? jerr.line : 0,
			    jerr.column > 0 ? jerr.column : 0);
		return -1;
	}
	r.a = a;
	r.s = rt_schema_new(a);
	r.s->source = rt_arena_strdup(a, name);
	r.name = r.s->source;
	r.err = err;
	rc = read_doc(&r, doc); /* no json_decref: json_scratch goes whole */
	if (rc < 0)
		return -1;
	*out = r.s;
	return 0;
}

int rt_load_json_file(rt_schema **out, rt_arena *a, const char *path,
		      rt_error *err)
{
	FILE *f = fopen(path, "rb");
	rt_buf b = RT_BUF_INIT;
	char chunk[65536];
	size_t n;
	int rc;

	if (!f)
		return rt_errorf(err, RT_EIO, "cannot read '%s': %s", path,
				 strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rt_buf_add(&b, chunk, n);
	if (ferror(f)) {
		rc = rt_errorf(err, RT_EIO, "cannot read '%s': %s", path,
			       strerror(errno));
		fclose(f);
		rt_buf_release(&b);
		return rc;
	}
	fclose(f);
	rc = rt_load_json_text(out, a, path, b.data ? b.data : "", b.len, err);
	rt_buf_release(&b);
	return rc;
}
