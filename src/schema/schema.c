/* SPDX-License-Identifier: MIT */
/*
 * The schema model: creation, deterministic sorting, finders, PostgreSQL's
 * default object names and canonical built-in type names.
 */
#include "base/common.h"
#include "base/buf.h"
#include "schema/schema.h"

#define NAMEDATALEN 64

rt_schema *rt_schema_new(rt_arena *a)
{
	rt_schema *s = RT_NEW(a, rt_schema);
	s->arena = a;
	return s;
}

/* (schema, name) order shared by every object kind */
static int qcmp(const char *s1, const char *n1, const char *s2, const char *n2)
{
	int c = rt_strcmp0(s1, s2);
	return c ? c : rt_strcmp0(n1, n2);
}

static int cmp_namespace(const void *a, const void *b)
{
	const rt_namespace *x = a, *y = b;
	return strcmp(x->name, y->name);
}

static int cmp_extension(const void *a, const void *b)
{
	const rt_extension *x = a, *y = b;
	return strcmp(x->name, y->name);
}

static int cmp_collation(const void *a, const void *b)
{
	const rt_collation *x = a, *y = b;
	return qcmp(x->schema, x->name, y->schema, y->name);
}

static int cmp_enum(const void *a, const void *b)
{
	const rt_enum *x = a, *y = b;
	return qcmp(x->schema, x->name, y->schema, y->name);
}

static int cmp_sequence(const void *a, const void *b)
{
	const rt_sequence *x = a, *y = b;
	return qcmp(x->schema, x->name, y->schema, y->name);
}

static int cmp_table(const void *a, const void *b)
{
	const rt_table *x = a, *y = b;
	return qcmp(x->schema, x->name, y->schema, y->name);
}

static int cmp_index(const void *a, const void *b)
{
	const rt_index *x = a, *y = b;
	return qcmp(x->schema, x->name, y->schema, y->name);
}

static int cmp_constraint(const void *a, const void *b)
{
	const rt_constraint *x = a, *y = b;
	return strcmp(x->name, y->name);
}

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

void rt_schema_sort(rt_schema *s)
{
	rt_vec_sort(&s->namespaces, cmp_namespace);
	rt_vec_sort(&s->extensions, cmp_extension);
	rt_vec_sort(&s->collations, cmp_collation);
	rt_vec_sort(&s->enums, cmp_enum);
	rt_vec_sort(&s->sequences, cmp_sequence);
	rt_vec_sort(&s->tables, cmp_table);
	rt_vec_sort(&s->indexes, cmp_index);
	rt_vec_sort(&s->unmanaged, cmp_unmanaged);
	for (size_t i = 0; i < s->tables.len; i++) {
		rt_table *t = s->tables.items[i];
		rt_vec_sort(&t->constraints, cmp_constraint);
	}
}

static const char *dflt(const char *schema)
{
	return schema ? schema : "public";
}

rt_namespace *rt_schema_find_namespace(const rt_schema *s, const char *name)
{
	for (size_t i = 0; i < s->namespaces.len; i++) {
		rt_namespace *n = s->namespaces.items[i];
		if (strcmp(n->name, name) == 0)
			return n;
	}
	return NULL;
}

rt_table *rt_schema_find_table(const rt_schema *s, const char *schema,
			       const char *name)
{
	schema = dflt(schema);
	for (size_t i = 0; i < s->tables.len; i++) {
		rt_table *t = s->tables.items[i];
		if (strcmp(t->name, name) == 0 &&
		    strcmp(t->schema, schema) == 0)
			return t;
	}
	return NULL;
}

rt_column *rt_table_find_column(const rt_table *t, const char *name)
{
	for (size_t i = 0; i < t->columns.len; i++) {
		rt_column *c = t->columns.items[i];
		if (strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

rt_constraint *rt_table_find_constraint(const rt_table *t, const char *name)
{
	for (size_t i = 0; i < t->constraints.len; i++) {
		rt_constraint *c = t->constraints.items[i];
		if (strcmp(c->name, name) == 0)
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
	schema = dflt(schema);
	for (size_t i = 0; i < s->indexes.len; i++) {
		rt_index *x = s->indexes.items[i];
		if (strcmp(x->name, name) == 0 &&
		    strcmp(x->schema, schema) == 0)
			return x;
	}
	return NULL;
}

rt_enum *rt_schema_find_enum(const rt_schema *s, const char *schema,
			     const char *name)
{
	schema = dflt(schema);
	for (size_t i = 0; i < s->enums.len; i++) {
		rt_enum *e = s->enums.items[i];
		if (strcmp(e->name, name) == 0 &&
		    strcmp(e->schema, schema) == 0)
			return e;
	}
	return NULL;
}

rt_sequence *rt_schema_find_sequence(const rt_schema *s, const char *schema,
				     const char *name)
{
	schema = dflt(schema);
	for (size_t i = 0; i < s->sequences.len; i++) {
		rt_sequence *q = s->sequences.items[i];
		if (strcmp(q->name, name) == 0 &&
		    strcmp(q->schema, schema) == 0)
			return q;
	}
	return NULL;
}

rt_extension *rt_schema_find_extension(const rt_schema *s, const char *name)
{
	for (size_t i = 0; i < s->extensions.len; i++) {
		rt_extension *e = s->extensions.items[i];
		if (strcmp(e->name, name) == 0)
			return e;
	}
	return NULL;
}

rt_collation *rt_schema_find_collation(const rt_schema *s, const char *schema,
				       const char *name)
{
	schema = dflt(schema);
	for (size_t i = 0; i < s->collations.len; i++) {
		rt_collation *c = s->collations.items[i];
		if (strcmp(c->name, name) == 0 &&
		    strcmp(c->schema, schema) == 0)
			return c;
	}
	return NULL;
}

/* Constraints whose backing index shares pg_class names: p, u, x. */
static bool index_constraint_named(const rt_schema *s, const char *schema,
				   const char *name)
{
	for (size_t i = 0; i < s->tables.len; i++) {
		const rt_table *t = s->tables.items[i];
		if (strcmp(t->schema, schema) != 0)
			continue;
		for (size_t j = 0; j < t->constraints.len; j++) {
			const rt_constraint *c = t->constraints.items[j];
			if ((c->type == RT_CON_PRIMARY ||
			     c->type == RT_CON_UNIQUE ||
			     c->type == RT_CON_EXCLUDE) &&
			    strcmp(c->name, name) == 0)
				return true;
		}
	}
	return false;
}

bool rt_schema_relname_taken(const rt_schema *s, const char *schema,
			     const char *name)
{
	schema = dflt(schema);
	return rt_schema_find_table(s, schema, name) ||
	       rt_schema_find_index(s, schema, name) ||
	       rt_schema_find_sequence(s, schema, name) ||
	       index_constraint_named(s, schema, name);
}

/* Any constraint of any table in the namespace (ConstraintNameExists). */
static bool constraint_name_taken(const rt_schema *s, const char *schema,
				  const char *name)
{
	for (size_t i = 0; i < s->tables.len; i++) {
		const rt_table *t = s->tables.items[i];
		if (strcmp(t->schema, schema) == 0 &&
		    rt_table_find_constraint(t, name))
			return true;
	}
	return false;
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
	schema = dflt(schema);

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
