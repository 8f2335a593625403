/* SPDX-License-Identifier: MIT */
/*
 * The schema model: creation, deterministic sorting, finders, PostgreSQL's
 * default object names and canonical built-in type names.
 */
#include "base/common.h"
#include "base/buf.h"
#include "schema/kind.h"
#include "schema/schema_int.h"
#include "schema/schema.h"

#define NAMEDATALEN 64

rt_schema *rt_schema_new(rt_arena *a)
{
	rt_schema *s = RT_NEW(a, rt_schema);
	s->arena = a;
	return s;
}

/* ---- the object index ---- */

static void claim(rt_schema *s, rt_object *o, int delta);

/* The index key of o: its kind, then the name alone (database scope),
 * schema NUL name, or (relation scope) schema NUL relation NUL name.
 * Owned objects are not indexed: their owner's list is short
 * (PostgreSQL allows 1,600 columns) and is searched instead. */
static size_t make_key(char **out, rt_arena *a, rt_kind k, const char *schema,
		       const char *rel, const char *name)
{
	const rt_kind_ops *ops = rt_kind_get(k);
	size_t ns = ops->scope != RT_SCOPE_DATABASE ? strlen(schema) + 1 : 0;
	size_t nr = ops->scope == RT_SCOPE_RELATION ? strlen(rel) + 1 : 0;
	size_t nn = strlen(name);
	char *key = a ? rt_arena_alloc(a, 1 + ns + nr + nn + 1) : *out;

	key[0] = (char)('A' + k);
	if (ns)
		memcpy(key + 1, schema, ns);
	if (nr)
		memcpy(key + 1 + ns, rel, nr);
	memcpy(key + 1 + ns + nr, name, nn + 1);
	*out = key;
	return 1 + ns + nr + nn;
}

static size_t key_need(const char *schema, const char *rel, const char *name)
{
	return (schema ? strlen(schema) : 0) + (rel ? strlen(rel) : 0) +
	       strlen(name) + 4;
}

static size_t *claim_slot(rt_map *m, rt_arena *a, const char *schema,
			  const char *name, bool create);

static void index_object(rt_schema *s, rt_object *o)
{
	char *key;
	const rt_kind_ops *ops = rt_kind_get(o->kind);
	if (ops->scope == RT_SCOPE_OWNER)
		return;
	if (o->kind == RT_KIND_TABLE || o->kind == RT_KIND_VIEW ||
	    o->kind == RT_KIND_INDEX || o->kind == RT_KIND_SEQUENCE)
		claim_slot(&s->relnames, s->arena, o->schema, o->name, true);
	if ((o->kind == RT_KIND_ENUM || o->kind == RT_KIND_DOMAIN ||
	     o->kind == RT_KIND_COMPOSITE || o->kind == RT_KIND_RANGE) &&
	    !rt_map_get(&s->typenames, o->name, strlen(o->name)))
		rt_map_put(&s->typenames, s->arena,
			   rt_arena_strdup(s->arena, o->name), strlen(o->name),
			   s);
	o->index_key_len = make_key(
	    &key, s->arena, o->kind, o->schema,
	    ops->scope == RT_SCOPE_RELATION ? o->owner->name : NULL, o->name);
	o->index_key = key;
	rt_map_put(&s->index, s->arena, key, o->index_key_len, o);
}

static void unindex_object(rt_schema *s, rt_object *o)
{
	if (!o->index_key)
		return;
	/* only when o is the object under its key (a duplicate added by a
	 * loader that then failed does not take its twin out) */
	if (rt_map_get(&s->index, o->index_key, o->index_key_len) == o)
		rt_map_del(&s->index, o->index_key, o->index_key_len);
	o->index_key = NULL;
	o->index_key_len = 0;
}

void rt_schema_add(rt_schema *s, rt_kind k, rt_object *o)
{
	const rt_kind_ops *ops = rt_kind_get(k);

	RT_ASSERT(o->name != NULL && o->id == 0);
	o->kind = k;
	o->id = ++s->next_id;
	if (ops->scope == RT_SCOPE_DATABASE && !o->schema &&
	    k == RT_KIND_NAMESPACE)
		o->schema = o->name;
	if (ops->scope == RT_SCOPE_OWNER || ops->scope == RT_SCOPE_RELATION) {
		RT_ASSERT(o->owner != NULL);
		o->schema = o->owner->schema;
	}
	RT_ASSERT(o->schema != NULL || k == RT_KIND_EXTENSION);
	if (o->grants.len == 0 && rt_schema_default_grant(k))
		rt_vec_push(&o->grants, s->arena,
			    (void *)rt_schema_default_grant(k));
	index_object(s, o);
	claim(s, o, 1);
	rt_vec_push(rt_kind_list(ops, s, o->owner), s->arena, o);
}

const rt_grant *rt_schema_default_grant(rt_kind k)
{
	static const rt_grant execute = {"PUBLIC", "EXECUTE", false};
	static const rt_grant usage = {"PUBLIC", "USAGE", false};
	if (k == RT_KIND_FUNCTION)
		return &execute;
	if (k == RT_KIND_ENUM || k == RT_KIND_DOMAIN ||
	    k == RT_KIND_COMPOSITE || k == RT_KIND_RANGE)
		return &usage;
	return NULL;
}

void rt_schema_public_defaults(rt_schema *s, rt_namespace *ns)
{
	static const rt_grant usage = {"PUBLIC", "USAGE", false};
	rt_vec_push(&ns->grants, s->arena, (void *)&usage);
	rt_vec_sort(&ns->grants, rt_grant_cmp);
}

void *rt_schema_new_object(rt_schema *s, rt_kind k, const char *schema,
			   const char *name, rt_object *owner)
{
	rt_object *o = rt_arena_alloc(s->arena, rt_kind_get(k)->size);
	o->schema = rt_arena_strdup(s->arena, schema);
	o->name = rt_arena_strdup(s->arena, name);
	o->owner = owner;
	rt_schema_add(s, k, o);
	return o;
}

void rt_schema__forget(rt_schema *s, rt_object *o)
{
	unindex_object(s, o);
	claim(s, o, -1);
}

void rt_object_reset(rt_object *o, rt_object *owner)
{
	o->id = 0;
	o->index_key = NULL;
	o->index_key_len = 0;
	memset(&o->deps, 0, sizeof(o->deps));
	o->owner = owner;
}

void rt_schema_remove(rt_schema *s, rt_object *o)
{
	const rt_kind_ops *ops = rt_kind_get(o->kind);
	rt_vec *v = rt_kind_list(ops, s, o->owner);
	for (size_t i = v->len; i-- > 0;) {
		if (v->items[i] == o) {
			rt_vec_remove(v, i);
			unindex_object(s, o);
			claim(s, o, -1);
			break;
		}
	}
}

/* The triggers, policies and rules on relation rel follow its new name
 * and schema. */
static void reindex_on(rt_schema *s, rt_object *rel)
{
	for (rt_kind k = 0; k < RT_KIND_UNMANAGED; k++) {
		const rt_kind_ops *ops = rt_kind_get(k);
		if (ops->scope != RT_SCOPE_RELATION)
			continue;
		rt_vec *v = rt_kind_list(ops, s, NULL);
		for (size_t i = 0; i < v->len; i++) {
			rt_object *o = v->items[i];
			if (o->owner != rel)
				continue;
			unindex_object(s, o);
			o->schema = rel->schema;
			index_object(s, o);
		}
	}
}

void rt_schema_remove_on(rt_schema *s, rt_object *rel)
{
	for (rt_kind k = 0; k < RT_KIND_UNMANAGED; k++) {
		const rt_kind_ops *ops = rt_kind_get(k);
		if (ops->scope != RT_SCOPE_RELATION)
			continue;
		rt_vec *v = rt_kind_list(ops, s, NULL);
		for (size_t i = 0; i < v->len;) {
			rt_object *o = v->items[i];
			if (o->owner == rel)
				rt_schema_remove(s, o);
			else
				i++;
		}
	}
}

void rt_schema_rename(rt_schema *s, rt_object *o, const char *schema,
		      const char *name)
{
	bool indexed = o->index_key != NULL;
	if (indexed)
		unindex_object(s, o);
	claim(s, o, -1);
	if (schema)
		o->schema = schema;
	o->name = name;
	if (indexed)
		index_object(s, o);
	claim(s, o, 1);
	if (o->kind == RT_KIND_TABLE || o->kind == RT_KIND_VIEW)
		reindex_on(s, o);
	if (schema && o->kind == RT_KIND_TABLE) {
		rt_table *t = (rt_table *)o;
		for (size_t i = 0; i < t->columns.len; i++)
			((rt_column *)t->columns.items[i])->schema = schema;
		for (size_t i = 0; i < t->constraints.len; i++) {
			rt_object *c = t->constraints.items[i];
			rt_schema_rename(s, c, schema, c->name);
		}
	}
}

static rt_object *find_key(const rt_schema *s, rt_kind k, const char *schema,
			   const char *rel, const char *name)
{
	char small[256], *key = small;
	size_t need = key_need(schema, rel, name);
	rt_object *o;

	if (need > sizeof(small))
		key = rt_xmalloc(need);
	size_t len = make_key(&key, NULL, k, schema, rel, name);
	o = rt_map_get(&s->index, key, len);
	if (key != small)
		free(key);
	return o;
}

rt_object *rt_schema_find(const rt_schema *s, rt_kind k, const char *schema,
			  const char *name)
{
	RT_ASSERT(rt_kind_get(k)->scope != RT_SCOPE_OWNER &&
		  rt_kind_get(k)->scope != RT_SCOPE_RELATION);
	RT_ASSERT(schema || rt_kind_get(k)->scope == RT_SCOPE_DATABASE);
	return find_key(s, k, schema, NULL, name);
}

rt_object *rt_schema_find_on(const rt_schema *s, rt_kind k, const char *schema,
			     const char *rel, const char *name)
{
	RT_ASSERT(rt_kind_get(k)->scope == RT_SCOPE_RELATION);
	RT_ASSERT(schema && rel && name);
	return find_key(s, k, schema, rel, name);
}

rt_view *rt_schema_find_view(const rt_schema *s, const char *schema,
			     const char *name)
{
	return (rt_view *)rt_schema_find(s, RT_KIND_VIEW, schema, name);
}

rt_object *rt_schema_find_relation(const rt_schema *s, const char *schema,
				   const char *name)
{
	rt_object *o = rt_schema_find(s, RT_KIND_TABLE, schema, name);
	return o ? o : rt_schema_find(s, RT_KIND_VIEW, schema, name);
}

/* ---- sorting ---- */

static int cmp_unmanaged(const void *a, const void *b)
{
	const rt_unmanaged *x = a, *y = b;
	int c = rt_strcmp0(x->file, y->file);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return strcmp(x->what, y->what);
}

static void sort_list(rt_vec *v, const rt_kind_ops *ops)
{
	if (!ops->cmp)
		return;
	rt_vec_sort(v, ops->cmp);
}

static void check_ref(const rt_qname *q)
{
	RT_ASSERT(!q->name || q->schema);
}

void rt_schema_finish(rt_schema *s)
{
	for (size_t i = 0; i < s->tables.len; i++) {
		rt_table *t = s->tables.items[i];
		for (size_t j = 0; j < t->columns.len; j++) {
			rt_column *c = t->columns.items[j];
			if (!c->type.schema)
				c->type.schema = RT_CATALOG;
			if (c->collation.name && !c->collation.schema)
				c->collation.schema = RT_CATALOG;
		}
		for (size_t j = 0; j < t->constraints.len; j++)
			check_ref(&((rt_constraint *)t->constraints.items[j])
				       ->ref_table);
		for (size_t j = 0; j < t->inherits.len; j++)
			check_ref(t->inherits.items[j]);
		check_ref(&t->partition_of);
	}
	for (size_t i = 0; i < s->sequences.len; i++)
		check_ref(
		    &((rt_sequence *)s->sequences.items[i])->owned_by_table);
	for (size_t i = 0; i < s->indexes.len; i++)
		check_ref(&((rt_index *)s->indexes.items[i])->table);
	rt_schema__link(s);
	rt_schema_sort(s);
}

bool rt_is_catalog(const char *schema)
{
	return schema && strcmp(schema, RT_CATALOG) == 0;
}

void rt_schema_sort(rt_schema *s)
{
	for (rt_kind k = 0; k < RT_KIND_UNMANAGED; k++) {
		const rt_kind_ops *ops = rt_kind_get(k);
		if (ops->scope != RT_SCOPE_OWNER) {
			sort_list(rt_kind_list(ops, s, NULL), ops);
			continue;
		}
		for (size_t i = 0; i < s->tables.len; i++)
			sort_list(rt_kind_list(ops, s, s->tables.items[i]),
				  ops);
	}
	rt_vec_sort(&s->unmanaged, cmp_unmanaged);
}

/* ---- finders ---- */

rt_namespace *rt_schema_find_namespace(const rt_schema *s, const char *name)
{
	return (rt_namespace *)rt_schema_find(s, RT_KIND_NAMESPACE, NULL, name);
}

rt_table *rt_schema_find_table(const rt_schema *s, const char *schema,
			       const char *name)
{
	return (rt_table *)rt_schema_find(s, RT_KIND_TABLE, schema, name);
}

/* (the first bytes compared inline: most names differ there, and a
 * table's columns are looked up often enough for strcmp calls to show;
 * the hint is read and written atomically, relaxed: the diff looks up
 * columns of the same tables from two threads, and any hint is a valid
 * place to start) */
static bool column_named(const rt_column *c, const char *name)
{
	return c->name[0] == name[0] && strcmp(c->name, name) == 0;
}

rt_column *rt_table_find_column(const rt_table *t, const char *name)
{
	size_t n = t->columns.len;
	size_t hint = __atomic_load_n(&t->column_hint, __ATOMIC_RELAXED);
	/* the column after the last one found (lookups mostly come in
	 * column order), then that one again (asked twice in a row) */
	if (hint + 1 < n && column_named(t->columns.items[hint + 1], name)) {
		__atomic_store_n(&((rt_table *)t)->column_hint, hint + 1,
				 __ATOMIC_RELAXED);
		return t->columns.items[hint + 1];
	}
	if (hint < n && column_named(t->columns.items[hint], name))
		return t->columns.items[hint];
	for (size_t at = 0; at < n; at++) {
		rt_column *c = t->columns.items[at];
		if (column_named(c, name)) {
			/* a hint only: the one field a lookup writes */
			__atomic_store_n(&((rt_table *)t)->column_hint, at,
					 __ATOMIC_RELAXED);
			return c;
		}
	}
	return NULL;
}

rt_constraint *rt_table_find_constraint(const rt_table *t, const char *name)
{
	for (size_t i = 0; i < t->constraints.len; i++) {
		rt_constraint *c = t->constraints.items[i];
		if (c->name[0] == name[0] && strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

rt_constraint *rt_table_primary_key(const rt_table *t)
{
	for (size_t i = 0; i < t->constraints.len; i++) {
		rt_constraint *c = t->constraints.items[i];
		if (c->type == RT_CON_PRIMARY)
			return c;
	}
	return NULL;
}

rt_index *rt_schema_find_index(const rt_schema *s, const char *schema,
			       const char *name)
{
	return (rt_index *)rt_schema_find(s, RT_KIND_INDEX, schema, name);
}

rt_enum *rt_schema_find_enum(const rt_schema *s, const char *schema,
			     const char *name)
{
	return (rt_enum *)rt_schema_find(s, RT_KIND_ENUM, schema, name);
}

rt_sequence *rt_schema_find_sequence(const rt_schema *s, const char *schema,
				     const char *name)
{
	return (rt_sequence *)rt_schema_find(s, RT_KIND_SEQUENCE, schema, name);
}

rt_extension *rt_schema_find_extension(const rt_schema *s, const char *name)
{
	return (rt_extension *)rt_schema_find(s, RT_KIND_EXTENSION, NULL, name);
}

rt_collation *rt_schema_find_collation(const rt_schema *s, const char *schema,
				       const char *name)
{
	return (rt_collation *)rt_schema_find(s, RT_KIND_COLLATION, schema,
					      name);
}

/* Counted claims on constraint names in a namespace: PostgreSQL's
 * ConstraintNameExists looks at every table of the namespace, and the
 * index behind a primary key, unique or exclusion constraint takes a
 * pg_class name. Counts, never removed, so a name freed and taken again
 * costs nothing. */
static size_t *claim_slot(rt_map *m, rt_arena *a, const char *schema,
			  const char *name, bool create)
{
	size_t ns = strlen(schema) + 1, nn = strlen(name);
	char small[256], *key = small;
	size_t *n;

	if (ns + nn > sizeof(small))
		key = rt_xmalloc(ns + nn);
	memcpy(key, schema, ns);
	memcpy(key + ns, name, nn);
	n = rt_map_get(m, key, ns + nn);
	if (!n && create) {
		char *k = rt_arena_alloc(a, ns + nn);
		memcpy(k, key, ns + nn);
		n = rt_arena_alloc(a, sizeof(*n));
		rt_map_put(m, a, k, ns + nn, n);
	}
	if (key != small)
		free(key);
	return n;
}

static bool has_index(const rt_constraint *c)
{
	return c->type == RT_CON_PRIMARY || c->type == RT_CON_UNIQUE ||
	       c->type == RT_CON_EXCLUDE;
}

static void claim(rt_schema *s, rt_object *o, int delta)
{
	const rt_constraint *c = (const rt_constraint *)o;
	if (o->kind != RT_KIND_CONSTRAINT)
		return;
	*claim_slot(&s->conname, s->arena, o->schema, o->name, true) += delta;
	if (has_index(c)) {
		*claim_slot(&s->conrel, s->arena, o->schema, o->name, true) +=
		    delta;
		claim_slot(&s->relnames, s->arena, o->schema, o->name, true);
	}
}

static bool claimed(const rt_schema *s, const rt_map *m, const char *schema,
		    const char *name)
{
	size_t *n = claim_slot((rt_map *)m, s->arena, schema, name, false);
	return n && *n > 0;
}

/* (one lookup in relnames for a name never used, the common case, where
 * each of the five below is a cache miss in a large schema) */
bool rt_schema_relname_taken(const rt_schema *s, const char *schema,
			     const char *name)
{
	if (!claim_slot((rt_map *)&s->relnames, s->arena, schema, name, false))
		return false;
	return rt_schema_find_table(s, schema, name) ||
	       rt_schema_find_view(s, schema, name) ||
	       rt_schema_find_index(s, schema, name) ||
	       rt_schema_find_sequence(s, schema, name) ||
	       claimed(s, &s->conrel, schema, name);
}

bool rt_schema_type_name_used(const rt_schema *s, const char *name)
{
	return rt_map_get(&s->typenames, name, strlen(name)) != NULL;
}

/* Any constraint of any table in the namespace (ConstraintNameExists). */
static bool constraint_name_taken(const rt_schema *s, const char *schema,
				  const char *name)
{
	return claimed(s, &s->conname, schema, name);
}

void rt_schema_add_unmanaged(rt_schema *s, const char *what, const char *file,
			     int line, int col)
{
	rt_unmanaged *u = RT_NEW(s->arena, rt_unmanaged);
	u->what = rt_arena_strdup(s->arena, what);
	u->file = rt_arena_strdup(s->arena, file);
	u->line = line;
	u->col = col;
	rt_vec_push(&s->unmanaged, s->arena, u);
}

/* Length of the longest prefix of s[0..n) that does not cut a UTF-8
 * character (pg_mbcliplen). */
static size_t mbcliplen(const char *s, size_t n)
{
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* makeObjectName from PostgreSQL's indexcmds.c */
static void make_object_name(rt_buf *out, const char *name1, const char *name2,
			     const char *label)
{
	size_t n1 = strlen(name1), n2 = name2 ? strlen(name2) : 0;
	size_t overhead = (name2 ? 1 : 0) + (label ? strlen(label) + 1 : 0);
	size_t avail = NAMEDATALEN - 1 - overhead;
	while (n1 + n2 > avail) {
		if (n1 > n2)
			n1--;
		else
			n2--;
	}
	n1 = mbcliplen(name1, n1);
	if (name2)
		n2 = mbcliplen(name2, n2);
	rt_buf_reset(out);
	rt_buf_add(out, name1, n1);
	if (name2) {
		rt_buf_addch(out, '_');
		rt_buf_add(out, name2, n2);
	}
	if (label) {
		rt_buf_addch(out, '_');
		rt_buf_adds(out, label);
	}
}

const char *rt_schema_default_name(rt_schema *s, const char *schema,
				   const char *table, const char *const *cols,
				   size_t ncols, const char *suffix)
{
	rt_buf name2 = RT_BUF_INIT, name = RT_BUF_INIT, label = RT_BUF_INIT;
	bool is_constraint =
	    strcmp(suffix, "fkey") == 0 || strcmp(suffix, "check") == 0;
	bool also_constraint = strcmp(suffix, "pkey") == 0 ||
			       strcmp(suffix, "key") == 0 ||
			       strcmp(suffix, "excl") == 0;
	/* ChooseIndexNameAddition: names joined by '_', stopping once the
	 * text reaches NAMEDATALEN bytes */
	for (size_t i = 0; i < ncols; i++) {
		if (name2.len > 0)
			rt_buf_addch(&name2, '_');
		size_t n = strlen(cols[i]);
		if (n > NAMEDATALEN - 1)
			n = NAMEDATALEN - 1;
		rt_buf_add(&name2, cols[i], n);
		if (name2.len >= NAMEDATALEN)
			break;
	}
	for (int pass = 0;; pass++) {
		rt_buf_reset(&label);
		rt_buf_adds(&label, suffix);
		if (pass > 0)
			rt_buf_addf(&label, "%d", pass);
		make_object_name(&name, table, ncols ? name2.data : NULL,
				 label.data);
		bool taken;
		if (is_constraint)
			taken = constraint_name_taken(s, schema, name.data);
		else
			taken = rt_schema_relname_taken(s, schema, name.data) ||
				(also_constraint &&
				 constraint_name_taken(s, schema, name.data));
		if (!taken)
			break;
	}
	const char *r = rt_arena_strdup(s->arena, name.data);
	rt_buf_release(&name2);
	rt_buf_release(&name);
	rt_buf_release(&label);
	return r;
}

char rt_schema_type_storage(rt_type t)
{
	/* pg_type.typstorage of PostgreSQL 15's built-in types that are not
	 * 'x' (extended): fixed-length ones are plain, a few are main */
	static const char *const plain[] = {"bigint",
					    "smallint",
					    "integer",
					    "oid",
					    "boolean",
					    "\"char\"",
					    "name",
					    "real",
					    "double precision",
					    "money",
					    "macaddr",
					    "macaddr8",
					    "date",
					    "time without time zone",
					    "timestamp without time zone",
					    "timestamp with time zone",
					    "interval",
					    "time with time zone",
					    "uuid",
					    "point",
					    "lseg",
					    "box",
					    "line",
					    "circle",
					    "tsquery",
					    "xid",
					    "xid8",
					    "cid",
					    "tid",
					    "pg_lsn"};
	static const char *const main_[] = {"numeric", "inet", "cidr"};
	char base[128];
	size_t n;

	/* a loader may leave a built-in's schema NULL until
	 * rt_schema_finish */
	if (!t.name || (t.schema && !rt_is_catalog(t.schema)))
		return 0;
	if (strstr(t.name, "[]"))
		return 'x';
	n = strcspn(t.name, "(");
	if (n >= sizeof(base))
		return 'x';
	memcpy(base, t.name, n);
	base[n] = '\0';
	/* "timestamp(3) with time zone" */
	if (t.name[n] == '(' && strchr(t.name + n, ')'))
		snprintf(base + n, sizeof(base) - n, "%s",
			 strchr(t.name + n, ')') + 1);
	for (size_t i = 0; i < RT_ARRAY_LEN(plain); i++)
		if (strcmp(base, plain[i]) == 0)
			return 'p';
	for (size_t i = 0; i < RT_ARRAY_LEN(main_); i++)
		if (strcmp(base, main_[i]) == 0)
			return 'm';
	return 'x';
}

const char *rt_schema_serial_type(const char *name)
{
	if (strcmp(name, "serial") == 0 || strcmp(name, "serial4") == 0)
		return "integer";
	if (strcmp(name, "bigserial") == 0 || strcmp(name, "serial8") == 0)
		return "bigint";
	if (strcmp(name, "smallserial") == 0 || strcmp(name, "serial2") == 0)
		return "smallint";
	return NULL;
}

/* Built-in type spellings: alias -> format_type name. Types that keep
 * their name ("text", "uuid") are listed as themselves. */
static const struct {
	const char *alias, *canon;
} type_aliases[] = {
    {"bigint", "bigint"},
    {"bigserial", "bigint"},
    {"bit varying", "bit varying"},
    {"bool", "boolean"},
    {"boolean", "boolean"},
    {"box", "box"},
    {"bpchar", "bpchar"},
    {"bytea", "bytea"},
    {"char", "character"},
    {"character", "character"},
    {"character varying", "character varying"},
    {"cidr", "cidr"},
    {"circle", "circle"},
    {"date", "date"},
    {"datemultirange", "datemultirange"},
    {"daterange", "daterange"},
    {"decimal", "numeric"},
    {"double precision", "double precision"},
    {"float", "double precision"},
    {"float4", "real"},
    {"float8", "double precision"},
    {"inet", "inet"},
    {"int", "integer"},
    {"int2", "smallint"},
    {"int4", "integer"},
    {"int4multirange", "int4multirange"},
    {"int4range", "int4range"},
    {"int8", "bigint"},
    {"int8multirange", "int8multirange"},
    {"int8range", "int8range"},
    {"integer", "integer"},
    {"interval", "interval"},
    {"json", "json"},
    {"jsonb", "jsonb"},
    {"jsonpath", "jsonpath"},
    {"line", "line"},
    {"lseg", "lseg"},
    {"macaddr", "macaddr"},
    {"macaddr8", "macaddr8"},
    {"money", "money"},
    {"name", "name"},
    {"numeric", "numeric"},
    {"nummultirange", "nummultirange"},
    {"numrange", "numrange"},
    {"oid", "oid"},
    {"path", "path"},
    {"pg_lsn", "pg_lsn"},
    {"pg_snapshot", "pg_snapshot"},
    {"point", "point"},
    {"polygon", "polygon"},
    {"real", "real"},
    {"regclass", "regclass"},
    {"regconfig", "regconfig"},
    {"regnamespace", "regnamespace"},
    {"regproc", "regproc"},
    {"regprocedure", "regprocedure"},
    {"regrole", "regrole"},
    {"regtype", "regtype"},
    {"serial", "integer"},
    {"serial2", "smallint"},
    {"serial4", "integer"},
    {"serial8", "bigint"},
    {"smallint", "smallint"},
    {"smallserial", "smallint"},
    {"text", "text"},
    {"tid", "tid"},
    {"tsmultirange", "tsmultirange"},
    {"tsquery", "tsquery"},
    {"tsrange", "tsrange"},
    {"tstzmultirange", "tstzmultirange"},
    {"tstzrange", "tstzrange"},
    {"tsvector", "tsvector"},
    {"txid_snapshot", "txid_snapshot"},
    {"uuid", "uuid"},
    {"varbit", "bit varying"},
    {"varchar", "character varying"},
    {"xid", "xid"},
    {"xid8", "xid8"},
    {"xml", "xml"},
};

static const char *lookup_alias(const char *name)
{
	size_t lo = 0, hi = RT_ARRAY_LEN(type_aliases);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, type_aliases[mid].alias);
		if (c == 0)
			return type_aliases[mid].canon;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Collapses runs of spaces and drops spaces after '(' / ',' and before
 * ')' so "numeric( 10, 2 )" reads "numeric(10,2)". */
static void squeeze(rt_buf *out, const char *s, size_t n)
{
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\n') {
			space = true;
			continue;
		}
		if (space && out->len > 0 && c != ')' && c != ',' && c != '(' &&
		    out->data[out->len - 1] != '(' &&
		    out->data[out->len - 1] != ',')
			rt_buf_addch(out, ' ');
		space = false;
		rt_buf_addch(out, c);
	}
}

/* time/timestamp keep "with[out] time zone" after the typmod. */
static bool time_type(rt_buf *out, const char *base, const char *mod)
{
	static const struct {
		const char *name, *root, *zone;
	} t[] = {
	    {"time", "time", " without time zone"},
	    {"time without time zone", "time", " without time zone"},
	    {"time with time zone", "time", " with time zone"},
	    {"timetz", "time", " with time zone"},
	    {"timestamp", "timestamp", " without time zone"},
	    {"timestamp without time zone", "timestamp", " without time zone"},
	    {"timestamp with time zone", "timestamp", " with time zone"},
	    {"timestamptz", "timestamp", " with time zone"},
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(t); i++) {
		if (strcmp(base, t[i].name) == 0) {
			rt_buf_adds(out, t[i].root);
			rt_buf_adds(out, mod);
			rt_buf_adds(out, t[i].zone);
			return true;
		}
	}
	return false;
}

const char *rt_schema_canonical_type(rt_arena *a, const char *name)
{
	rt_buf norm = RT_BUF_INIT, base = RT_BUF_INIT, mod = RT_BUF_INIT,
	       out = RT_BUF_INIT;
	const char *result = NULL;
	bool array = false;

	squeeze(&norm, name, strlen(name));
	/* strip array suffixes: "[]", "[3]", repeated */
	size_t len = norm.len;
	while (len > 0 && norm.data[len - 1] == ']') {
		char *open = memrchr(norm.data, '[', len);
		if (!open)
			goto done;
		len = (size_t)(open - norm.data);
		while (len > 0 && norm.data[len - 1] == ' ')
			len--;
		array = true;
	}
	if (len > 6 && strncmp(norm.data + len - 6, " array", 6) == 0) {
		len -= 6;
		array = true;
	}
	if (strncmp(norm.data, "pg_catalog.", 11) == 0) {
		memmove(norm.data, norm.data + 11, norm.len - 11 + 1);
		len -= 11;
		norm.len -= 11;
	}
	/* split "base(mod)" and "time(3) with time zone" */
	const char *paren = memchr(norm.data, '(', len);
	if (paren) {
		const char *close =
		    memchr(paren, ')', len - (size_t)(paren - norm.data));
		if (!close)
			goto done;
		rt_buf_add(&base, norm.data, (size_t)(paren - norm.data));
		while (base.len > 0 && base.data[base.len - 1] == ' ')
			rt_buf_setlen(&base, base.len - 1);
		rt_buf_add(&mod, paren, (size_t)(close - paren) + 1);
		const char *rest = close + 1;
		size_t restlen = len - (size_t)(rest - norm.data);
		if (restlen > 0) {
			/* "time(3) with time zone": move the zone to base */
			rt_buf_add(&base, rest, restlen);
		}
	} else {
		rt_buf_add(&base, norm.data, len);
	}

	if (time_type(&out, base.data, mod.data)) {
		/* done */
	} else if (strcmp(base.data, "float") == 0 && mod.len) {
		/* float(p): real up to 24 bits of precision */
		long p = strtol(mod.data + 1, NULL, 10);
		rt_buf_adds(&out, p <= 24 ? "real" : "double precision");
	} else if (strcmp(base.data, "bit") == 0) {
		rt_buf_adds(&out, "bit");
		rt_buf_adds(&out, mod.len ? mod.data : "(1)");
	} else if (strcmp(base.data, "\"char\"") == 0) {
		rt_buf_adds(&out, "\"char\"");
	} else {
		const char *c = lookup_alias(base.data);
		if (!c)
			goto done;
		if ((strcmp(base.data, "char") == 0 ||
		     strcmp(base.data, "character") == 0) &&
		    !mod.len) {
			rt_buf_adds(&out, "character(1)");
		} else if (strcmp(c, "bpchar") == 0 && mod.len) {
			rt_buf_adds(&out, "character");
			rt_buf_adds(&out, mod.data);
		} else if (strcmp(c, "numeric") == 0 && mod.len &&
			   !strchr(mod.data, ',')) {
			/* numeric(5) is numeric(5,0) */
			rt_buf_adds(&out, c);
			rt_buf_add(&out, mod.data, mod.len - 1);
			rt_buf_adds(&out, ",0)");
		} else {
			rt_buf_adds(&out, c);
			rt_buf_adds(&out, mod.data);
		}
	}
	if (array)
		rt_buf_adds(&out, "[]");
	result = rt_arena_strdup(a, out.data);
done:
	rt_buf_release(&norm);
	rt_buf_release(&base);
	rt_buf_release(&mod);
	rt_buf_release(&out);
	return result;
}

/* ---- casts between built-in types ---- */

/* Families whose members all cast to each other (pg_cast, any context). */
static const char *const cast_families[][8] = {
    {"smallint", "integer", "bigint", "numeric", "real", "double precision",
     "money", NULL},
    {"date", "timestamp without time zone", "timestamp with time zone", NULL},
    {"time without time zone", "time with time zone", "interval", NULL},
    {"json", "jsonb", NULL},
    {"inet", "cidr", NULL},
    {"bit", "bit varying", "integer", "bigint", NULL},
    {"boolean", "integer", NULL},
    {"character", "\"char\"", NULL},
};

/* Types that take and give any type by I/O conversion (explicitly). */
static const char *const string_types[] = {
    "text", "character varying", "character", "bpchar", "name",
};

/* name without its typmod ("numeric(10,2)" -> "numeric") into out */
static void base_type(char *out, size_t outsz, const char *name)
{
	size_t n = strcspn(name, "(");
	const char *close = strchr(name, ')');
	/* "timestamp(3) with time zone": the words after the typmod */
	if (close && close[1] == ' ')
		snprintf(out, outsz, "%.*s%s", (int)n, name, close + 1);
	else
		snprintf(out, outsz, "%.*s", (int)n, name);
}

static bool in_list(const char *const *list, size_t n, const char *name)
{
	for (size_t i = 0; i < n && list[i]; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

bool rt_schema_type_castable(rt_type from, rt_type to)
{
	char f[128], t[128];
	size_t fl, tl;

	if (!rt_is_catalog(from.schema) || !rt_is_catalog(to.schema))
		return true; /* user types go through text */
	fl = strlen(from.name);
	tl = strlen(to.name);
	bool farr = fl > 2 && strcmp(from.name + fl - 2, "[]") == 0;
	bool tarr = tl > 2 && strcmp(to.name + tl - 2, "[]") == 0;
	if (farr != tarr)
		return false;
	base_type(f, sizeof(f), from.name);
	base_type(t, sizeof(t), to.name);
	if (farr) { /* element by element */
		f[strcspn(f, "[")] = '\0';
		t[strcspn(t, "[")] = '\0';
	}
	if (strcmp(f, t) == 0)
		return true;
	if (in_list(string_types, RT_ARRAY_LEN(string_types), f) ||
	    in_list(string_types, RT_ARRAY_LEN(string_types), t))
		return true;
	for (size_t i = 0; i < RT_ARRAY_LEN(cast_families); i++)
		if (in_list(cast_families[i], 8, f) &&
		    in_list(cast_families[i], 8, t))
			return true;
	return false;
}

static void int_bounds(const char *type, int64_t *min, int64_t *max)
{
	bool s = rt_streq(type, "smallint"), i = rt_streq(type, "integer");
	*min = s ? INT16_MIN : i ? INT32_MIN : INT64_MIN;
	*max = s ? INT16_MAX : i ? INT32_MAX : INT64_MAX;
}

const rt_sequence *rt_schema_identity_retyped(rt_sequence *out,
					      const rt_sequence *old,
					      const char *type)
{
	int64_t omin, omax, nmin, nmax;

	*out = *old;
	if (!old->type || !type || rt_streq(old->type, type) ||
	    (!rt_streq(type, "smallint") && !rt_streq(type, "integer") &&
	     !rt_streq(type, "bigint")))
		return out;
	int_bounds(old->type, &omin, &omax);
	int_bounds(type, &nmin, &nmax);
	if (out->min == omin)
		out->min = nmin;
	if (out->max == omax)
		out->max = nmax;
	out->type = type;
	return out;
}

void rt_schema_identity_seq_name(rt_buf *out, const rt_column *c)
{
	make_object_name(out, c->table->name, c->name, "seq");
}

rt_sequence *rt_schema_identity_seq(rt_schema *s, rt_column *c)
{
	rt_sequence *q = RT_NEW(s->arena, rt_sequence);
	const char *cols[1] = {c->name};

	q->schema = c->table->schema;
	q->name = rt_schema_default_name(s, c->table->schema, c->table->name,
					 cols, 1, "seq");
	q->type = c->type.name;
	q->increment = 1;
	q->min = 1;
	q->max = strcmp(q->type, "smallint") == 0  ? INT16_MAX
		 : strcmp(q->type, "integer") == 0 ? INT32_MAX
						   : INT64_MAX;
	q->start = 1;
	q->cache = 1;
	c->id_seq = q;
	return q;
}
