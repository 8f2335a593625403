/* SPDX-License-Identifier: MIT */
/*
 * Table classes as SQLAlchemy creates them (reference/sqlmodel-mapping.md,
 * current SQLModel): fields to columns (type, nullability, SERIAL, keys,
 * indexes, foreign keys, server defaults), __table_args__, sa_column,
 * sa_type, enums, naming conventions and SQLAlchemy's shortening of long
 * generated names. On PostgreSQL the model is built directly (see "the
 * direct build" below); otherwise the result is the DDL create_all runs,
 * which a loader executes, every line of it remembering the Python line it
 * came from, for errors and for the model's source places.
 */
#include "base/common.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdatomic.h>

#include "base/sql.h"
#include "load/load_sql_int.h"
#include "load/load_sqlmodel_int.h"
#include "schema/canon_parse.h"
#include "schema/canon.h"

enum affinity { AFF_OTHER, AFF_INT, AFF_BIGINT, AFF_SMALLINT, AFF_NUMERIC };

typedef struct enumtype {
	const char *schema, *name;
	rt_vec labels; /* const char * */
	sm_class *cls; /* the Enum class it was made from, or NULL */
} enumtype;

typedef struct fkey {
	rt_vec cols;		/* const char *: DB names */
	const char *ref_schema; /* NULL: unqualified */
	const char *ref_table;	/* as written */
	rt_vec ref_cols;	/* const char * */
	const char *name;	/* NULL: PostgreSQL's or the convention's */
	const char *ondelete, *onupdate, *match, *initially;
	bool deferrable;
	int line;
} fkey;

typedef struct con {
	char type;	  /* 'p', 'u', 'c' */
	const char *name; /* NULL: PostgreSQL's */
	bool explicit_name;
	rt_vec cols; /* const char * (p, u) */
	const char *check;
	const char *initially;
	bool deferrable;
	int line;
} con;

typedef struct idx {
	const char *name;
	bool unique;
	rt_vec elems;	/* const char *: SQL, quoted */
	rt_vec include; /* const char * */
	const char *where, *using, *with;
	const char *col0; /* first column (names) */
	int line;
} idx;

typedef struct col {
	const char *name, *key;
	int line;
	const char *type; /* DDL; NULL: the referenced column's */
	enum affinity aff;
	bool nullable, pk, unique, index;
	int autoinc; /* -1 auto, 0 False, 1 True */
	bool py_default;
	const char *server_default, *identity, *computed, *comment;
	bool computed_stored;	/* Computed(persisted=True) */
	const char *lite_type;	/* typeinfo.lite */
	const char *plain_type; /* the type before SERIAL replaced it */
	struct enumtype *en;	/* an enum column's type, or NULL */
	const char *collation;
	rt_vec checks; /* con * */
	fkey *fk;
} col;

typedef struct tbl {
	sm_class *c;
	const char *schema, *name;
	const char *comment;
	rt_vec cols;  /* col * */
	rt_vec cons;  /* con *: __table_args__, in order */
	rt_vec fks;   /* fkey * */
	rt_vec idxs;  /* idx * */
	con *pk_args; /* a PrimaryKeyConstraint in __table_args__ */
	bool sqlite_autoincrement; /* __table_args__ sqlite_autoincrement */
	int line;
	sm_place *place;
} tbl;

typedef struct tb {
	sm *r;
	rt_vec tables;	/* tbl * */
	rt_map by_name; /* "schema\1name" -> tbl * */
	rt_vec enums;	/* enumtype * */
	rt_vec schemas; /* const char * */
	rt_arena *ma;	/* the model's arena (places) */
} tb;

/* ---- errors ------------------------------------------------------------- */

static int field_fail(sm *r, sm_module *m, int line, bool refusal, const tbl *t,
		      const char *field, const char *fmt, ...) RT_PRINTF(7, 8);

static int field_fail(sm *r, sm_module *m, int line, bool refusal, const tbl *t,
		      const char *field, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (field)
		return rt_load__sm_fail(r, m, line, refusal, "%s.%s: %s",
					t->name, field, msg);
	return rt_load__sm_fail(r, m, line, refusal, "%s: %s", t->name, msg);
}

/* Python source for simple expressions (names, subscripts, constants),
 * for messages. */
static void expr_src(rt_buf *b, sm *r, rt_py_expr *e, int depth)
{
	if (!e || depth > 8) {
		rt_buf_adds(b, "...");
		return;
	}
	const char *d = rt_py_dotted(r->a, e);
	if (d) {
		rt_buf_adds(b, d);
		return;
	}
	switch (e->kind) {
	case RT_PY_SUBSCRIPT:
		expr_src(b, r, e->a, depth + 1);
		rt_buf_addch(b, '[');
		expr_src(b, r, e->b, depth + 1);
		rt_buf_addch(b, ']');
		return;
	case RT_PY_TUPLE:
		for (size_t i = 0; i < e->n; i++) {
			if (i)
				rt_buf_adds(b, ", ");
			expr_src(b, r, e->items[i], depth + 1);
		}
		return;
	case RT_PY_STR:
		rt_buf_addf(b, "\"%s\"", e->s);
		return;
	case RT_PY_NUM:
		rt_buf_adds(b, e->s);
		return;
	case RT_PY_BINOP:
		expr_src(b, r, e->a, depth + 1);
		rt_buf_addf(b, " %s ", e->s);
		expr_src(b, r, e->b, depth + 1);
		return;
	case RT_PY_CALL:
		expr_src(b, r, e->a, depth + 1);
		rt_buf_adds(b, "(...)");
		return;
	default:
		rt_buf_adds(b, "...");
	}
}

static const char *src_of(sm *r, rt_py_expr *e)
{
	rt_buf b = RT_BUF_INIT;
	expr_src(&b, r, e, 0);
	return rt_buf_detach_arena(&b, r->a);
}

static const char *text_of(sm *r, rt_py_expr *e)
{
	const char *d = rt_py_dotted(r->a, e);
	if (d)
		return d;
	if (e && e->kind == RT_PY_CALL)
		return text_of(r, e->a);
	if (e && e->kind == RT_PY_SUBSCRIPT)
		return text_of(r, e->a);
	return "expression";
}

/* ---- names: quoting, conventions, shortening ----------------------------- */

static void ident(rt_buf *b, const char *name)
{
	rt_buf_add_ident(b, RT_DIALECT_PG, name);
}

static void qname(rt_buf *b, const char *schema, const char *name)
{
	if (schema) {
		ident(b, schema);
		rt_buf_addch(b, '.');
	}
	ident(b, name);
}

static void literal(rt_buf *b, const char *s)
{
	rt_buf_addch(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			rt_buf_addch(b, '\'');
		rt_buf_addch(b, *s);
	}
	rt_buf_addch(b, '\'');
}

/* SQLAlchemy's _truncate_and_render_maxlen_name for PostgreSQL (63). */
static const char *shorten(sm *r, const char *name)
{
	size_t n = strlen(name);
	if (n <= 63 || r->dialect == RT_DIALECT_SQLITE)
		return name; /* SQLite's limit is SQLAlchemy's default, 9999 */
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_Digest(name, n, md, &mdlen, EVP_md5(), NULL);
	char hex[33];
	for (unsigned i = 0; i < mdlen && i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return rt_arena_printf(r->a, "%.55s_%s", name, hex + 28);
}

/* Expands a naming convention template. NULL (with the error set) on an
 * unknown token or one the constraint cannot fill. */
static const char *convention(sm *r, sm_module *m, int line, const tbl *t,
			      const char *tmpl, const rt_vec *cols,
			      const rt_vec *keys, const fkey *fk,
			      const char *cname)
{
	rt_buf b = RT_BUF_INIT;
	const char *p = tmpl;
	while (*p) {
		if (p[0] != '%' || p[1] != '(') {
			rt_buf_addch(&b, *p++);
			continue;
		}
		const char *end = strstr(p, ")s");
		if (!end)
			break;
		char tok[64];
		size_t n = (size_t)(end - (p + 2));
		if (n >= sizeof(tok))
			n = sizeof(tok) - 1;
		memcpy(tok, p + 2, n);
		tok[n] = 0;
		p = end + 2;
		if (!strcmp(tok, "table_name")) {
			rt_buf_adds(&b, t->name);
			continue;
		}
		if (!strcmp(tok, "constraint_name")) {
			if (!cname)
				goto cannot;
			rt_buf_adds(&b, cname);
			continue;
		}
		if (!strcmp(tok, "referred_table_name")) {
			if (!fk)
				goto cannot;
			rt_buf_adds(&b, fk->ref_table);
			continue;
		}
		const rt_vec *v = cols;
		const char *rest = NULL;
		bool label = false;
		if (!strncmp(tok, "referred_column_0", 17)) {
			if (!fk)
				goto cannot;
			v = &fk->ref_cols;
			rest = tok + 17;
		} else if (!strncmp(tok, "column_0", 8)) {
			rest = tok + 8;
		} else {
			goto unknown;
		}
		bool all = false, sep = false;
		if (!strncmp(rest, "_N_", 3)) {
			all = sep = true;
			rest += 2;
		} else if (!strncmp(rest, "N_", 2)) {
			all = true;
			rest += 1;
		}
		if (!strcmp(rest, "_key") && v == cols)
			v = keys;
		else if (!strcmp(rest, "_label"))
			label = true;
		else if (strcmp(rest, "_name") && strcmp(rest, "_key"))
			goto unknown;
		if (!v || !v->len)
			goto cannot;
		for (size_t i = 0; i < (all ? v->len : 1); i++) {
			if (i && sep)
				rt_buf_addch(&b, '_');
			if (label) {
				if (t->schema) {
					rt_buf_adds(&b, t->schema);
					rt_buf_addch(&b, '_');
				}
				rt_buf_adds(&b, t->name);
				rt_buf_addch(&b, '_');
			}
			rt_buf_adds(&b, v->items[i]);
		}
		continue;
	unknown:
		rt_buf_release(&b);
		rt_load__sm_fail(r, m, line, false,
				 "%s: naming convention '%s': unknown token "
				 "'%%(%s)s'",
				 t->name, tmpl, tok);
		return NULL;
	cannot:
		rt_buf_release(&b);
		rt_load__sm_fail(r, m, line, false,
				 "%s: naming convention '%s' needs '%s', which "
				 "this constraint does not have (name it)",
				 t->name, tmpl, tok);
		return NULL;
	}
	const char *s = rt_buf_detach_arena(&b, r->a);
	return shorten(r, s);
}

/* SQLAlchemy refuses an explicit name over PostgreSQL's 63 bytes
 * (IdentifierError at create_all); it shortens generated ones. */
static int long_name(sm *r, sm_module *m, int line, const char *whokind,
		     const char *who, const char *what, const char *name)
{
	if (!name || strlen(name) <= 63 || r->dialect == RT_DIALECT_SQLITE)
		return 0;
	char w[320];
	if (!strcmp(whokind, "class"))
		snprintf(w, sizeof(w), "class %s", who);
	else
		snprintf(w, sizeof(w), "table '%s'", who);
	return rt_load__sm_fail(r, m, line, false,
				"%s: %s '%s' is longer than 63 bytes", w, what,
				name);
}

/* ---- values ------------------------------------------------------------ */

static const char *sa_name(sm *r, sm_module *m, rt_py_expr *e)
{
	const char *x = rt_load__sm_ext(r, m, e);
	if (!x)
		return NULL;
	if (!strncmp(x, "sa.", 3) || !strncmp(x, "pg.", 3))
		return x + 3;
	return NULL;
}

/* The callee of e when e is a call of sa.<name> (or pg.<name>). */
static bool is_call_of(sm *r, sm_module *m, rt_py_expr *e, const char *name)
{
	if (!e || e->kind != RT_PY_CALL)
		return false;
	const char *n = sa_name(r, m, e->a);
	return n && !strcmp(n, name);
}

/* Follows names to the expression they are bound to. */
static rt_py_expr *deref(sm *r, sm_module **m, rt_py_expr *e)
{
	sm_val v = rt_load__sm_eval(r, *m, e);
	if (v.kind == V_EXPR) {
		*m = v.m;
		return v.expr;
	}
	return e;
}

/* An SQL expression given as text("...") or a string: the text. */
static bool sql_text(sm *r, sm_module *m, rt_py_expr *e, const char **out)
{
	e = deref(r, &m, e);
	if (is_call_of(r, m, e, "text") && e->n == 1)
		return rt_load__sm_str(r, m, e->items[0], out);
	return rt_load__sm_str(r, m, e, out);
}

/* Validates an SQL snippet of the model (a default, a check, an index
 * expression) with the SQL parser, so an error names the field. */
static int check_sql(sm *r, sm_module *m, int line, const tbl *t,
		     const char *field, const char *what, const char *sql)
{
	const char *key;
	rt_error e = RT_ERROR_INIT;
	if (rt_canon_expr(&key, r->a, sql, &e) == 0)
		return 0;
	return field_fail(r, m, line, false, t, field, "%s '%s': %s", what, sql,
			  e.msg);
}

/* server_default: SQL text as SQLAlchemy renders it. */
static int default_sql(sm *r, sm_module *m, rt_py_expr *e, const tbl *t,
		       const char *field, int line, rt_buf *out, int depth)
{
	e = deref(r, &m, e);
	const char *s;
	long long n;
	bool bv;
	if (depth > 20)
		goto refuse;
	if (e->kind == RT_PY_STR) {
		literal(out, e->s);
		return 0;
	}
	if (e->kind != RT_PY_CALL)
		goto refuse;
	if (is_call_of(r, m, e, "text") ||
	    is_call_of(r, m, e, "literal_column")) {
		if (e->n != 1 || !rt_load__sm_str(r, m, e->items[0], &s))
			goto refuse;
		rt_buf_adds(out, s);
		return 0;
	}
	if (is_call_of(r, m, e, "true") || is_call_of(r, m, e, "false") ||
	    is_call_of(r, m, e, "null")) {
		const char *nm = sa_name(r, m, e->a);
		if (r->dialect == RT_DIALECT_SQLITE && strcmp(nm, "null"))
			/* SQLite has no boolean literals: SQLAlchemy writes 1/0
			 */
			nm = !strcmp(nm, "true") ? "1" : "0";
		rt_buf_adds(out, !strcmp(nm, "null") ? "NULL" : nm);
		return 0;
	}
	if ((is_call_of(r, m, e, "DefaultClause") ||
	     is_call_of(r, m, e, "literal")) &&
	    e->n == 1)
		return default_sql(r, m, e->items[0], t, field, line, out,
				   depth + 1);
	const char *x = rt_load__sm_ext(r, m, e->a);
	if (x && !strncmp(x, "sa.func.", 8)) {
		const char *fn = x + 8;
		if (r->dialect == RT_DIALECT_SQLITE && !strcmp(fn, "now") &&
		    e->n == 0) {
			/* SQLite's compiler: func.now() is CURRENT_TIMESTAMP */
			rt_buf_adds(out, "CURRENT_TIMESTAMP");
			return 0;
		}
		static const char *const bare[] = {
		    "current_date", "current_time", "current_timestamp",
		    "current_user", "localtime",    "localtimestamp",
		    "session_user", "user",	    NULL};
		for (const char *const *k = bare; *k; k++) {
			if (!strcmp(fn, *k) && e->n == 0) {
				for (const char *c = fn; *c; c++)
					rt_buf_addch(
					    out,
					    (char)toupper((unsigned char)*c));
				return 0;
			}
		}
		rt_buf_addf(out, "%s(", fn);
		for (size_t i = 0; i < e->n; i++) {
			if (i)
				rt_buf_adds(out, ", ");
			rt_py_expr *a = e->items[i];
			if (rt_load__sm_int(r, m, a, &n))
				rt_buf_addf(out, "%lld", n);
			else if (rt_load__sm_bool(r, m, a, &bv))
				rt_buf_adds(out, bv ? "true" : "false");
			else if (rt_load__sm_str(r, m, a, &s))
				literal(out, s);
			else if (default_sql(r, m, a, t, field, line, out,
					     depth + 1) < 0)
				return -1;
		}
		rt_buf_addch(out, ')');
		return 0;
	}
refuse:
	return field_fail(r, m, line, true, t, field,
			  "server_default '%s' cannot be resolved statically",
			  text_of(r, e));
}

/* ---- types ------------------------------------------------------------- */

typedef struct typeinfo {
	const char *sql;
	/* SQLite's spelling where the type name alone decides it (sa.Double
	 * is DOUBLE, sa.TIMESTAMP TIMESTAMP); NULL: sqlite_type derives it */
	const char *lite;
	enum affinity aff;
	enumtype *en;
	const char *collation;
} typeinfo;

static enumtype *enum_type(tb *b, const char *schema, const char *name)
{
	for (size_t i = 0; i < b->enums.len; i++) {
		enumtype *e = b->enums.items[i];
		if (!strcmp(e->name, name) &&
		    ((!e->schema && !schema) ||
		     (e->schema && schema && !strcmp(e->schema, schema))))
			return e;
	}
	enumtype *e = rt_arena_alloc(b->r->a, sizeof(*e));
	memset(e, 0, sizeof(*e));
	e->schema = schema;
	e->name = name;
	rt_vec_push(&b->enums, b->r->a, e);
	return e;
}

/* An argument: positional i or keyword kw. */
static rt_py_expr *arg(rt_py_expr *call, size_t i, const char *kw)
{
	if (!call || call->kind != RT_PY_CALL)
		return NULL;
	rt_py_expr *k = kw ? rt_py_kwarg(call, kw) : NULL;
	if (k)
		return k;
	return i < call->n ? call->items[i] : NULL;
}

/* sa.Enum(...) / pg.ENUM(...) / Enum(MyEnum). */
static int enum_from_call(tb *b, sm_module *m, rt_py_expr *call, int line,
			  const tbl *t, const char *field, typeinfo *out)
{
	sm *r = b->r;
	const char *name = NULL, *schema = NULL;
	rt_vec labels = {0};
	rt_py_expr *nm = rt_py_kwarg(call, "name");
	if (nm && !rt_load__sm_str(r, m, nm, &name))
		return field_fail(r, m, line, true, t, field,
				  "enum name cannot be resolved statically");
	rt_py_expr *sc = rt_py_kwarg(call, "schema");
	if (sc && !rt_load__sm_str(r, m, sc, &schema))
		return field_fail(r, m, line, true, t, field,
				  "enum schema cannot be resolved "
				  "statically");
	bool native = true;
	rt_py_expr *ne = rt_py_kwarg(call, "native_enum");
	if (ne)
		rt_load__sm_bool(r, m, ne, &native);
	sm_class *cls = NULL;
	for (size_t i = 0; i < call->n; i++) {
		const char *s;
		sm_val v = rt_load__sm_eval(r, m, call->items[i]);
		if (v.kind == V_CLASS && v.cls->enum_kind) {
			cls = v.cls;
		} else if (rt_load__sm_str(r, m, call->items[i], &s)) {
			rt_vec_push(&labels, r->a, (void *)s);
		} else {
			return field_fail(r, m, line, true, t, field,
					  "enum '%s' cannot be resolved "
					  "statically",
					  text_of(r, call->items[i]));
		}
	}
	if (cls) {
		if (rt_load__sm_class(r, cls) < 0)
			return -1;
		labels = cls->labels;
		if (!name)
			name = rt_arena_strlower(r->a, cls->name);
		enum_type(b, schema, name)->cls = cls;
		rt_py_expr *vc = rt_py_kwarg(call, "values_callable");
		if (vc) {
			/* lambda x: [e.value for e in x] */
			if (vc->kind != RT_PY_LAMBDA || !vc->s ||
			    !strstr(vc->s, ".value") ||
			    vc->b->kind != RT_PY_OTHER)
				return field_fail(r, m, line, true, t, field,
						  "values_callable cannot be "
						  "resolved statically");
			rt_vec vals = {0};
			for (size_t i = 0; i < cls->st->body.len; i++) {
				rt_py_stmt *s = cls->st->body.items[i];
				const char *v;
				if (s->kind != RT_PY_S_ASSIGN ||
				    s->ntargets != 1 ||
				    s->targets[0]->kind != RT_PY_NAME ||
				    s->targets[0]->s[0] == '_')
					continue;
				if (!rt_load__sm_str(r, cls->m, s->value, &v))
					return field_fail(
					    r, m, line, true, t, field,
					    "enum %s: value of %s cannot be "
					    "resolved statically",
					    cls->name, s->targets[0]->s);
				bool dup = false;
				for (size_t k = 0; k < vals.len; k++)
					dup |= !strcmp(vals.items[k], v);
				if (!dup)
					rt_vec_push(&vals, r->a, (void *)v);
			}
			labels = vals;
		}
	}
	if (!native) {
		size_t longest = 0;
		for (size_t i = 0; i < labels.len; i++)
			if (strlen(labels.items[i]) > longest)
				longest = strlen(labels.items[i]);
		rt_py_expr *len = rt_py_kwarg(call, "length");
		long long n;
		if (len && rt_load__sm_int(r, m, len, &n))
			longest = (size_t)n;
		out->sql = rt_arena_printf(r->a, "VARCHAR(%zu)", longest);
		return 0;
	}
	if (!name)
		return field_fail(r, m, line, false, t, field,
				  "a PostgreSQL enum needs a name "
				  "(Enum(..., name='...'))");
	enumtype *e = enum_type(b, schema, name);
	if (!e->labels.len)
		e->labels = labels;
	out->en = e;
	if (r->dialect == RT_DIALECT_SQLITE) {
		/* no shared type on SQLite: each column its own labels */
		out->en = rt_arena_alloc(r->a, sizeof(*out->en));
		*out->en = *e;
		out->en->labels = labels;
	}
	rt_buf q = RT_BUF_INIT;
	qname(&q, schema, name);
	out->sql = rt_buf_detach_arena(&q, r->a);
	return 0;
}

static int sa_type(tb *b, sm_module *m, rt_py_expr *e, int line, const tbl *t,
		   const char *field, typeinfo *out, int depth);

/* SQLAlchemy type names (after sa. or pg.) with a fixed rendering. */
static const struct {
	const char *name, *sql;
	enum affinity aff;
} fixed_types[] = {
    {"Text", "TEXT", AFF_OTHER},
    {"TEXT", "TEXT", AFF_OTHER},
    {"UnicodeText", "TEXT", AFF_OTHER},
    {"Integer", "INTEGER", AFF_INT},
    {"INTEGER", "INTEGER", AFF_INT},
    {"INT", "INTEGER", AFF_INT},
    {"BigInteger", "BIGINT", AFF_BIGINT},
    {"BIGINT", "BIGINT", AFF_BIGINT},
    {"SmallInteger", "SMALLINT", AFF_SMALLINT},
    {"SMALLINT", "SMALLINT", AFF_SMALLINT},
    {"Boolean", "BOOLEAN", AFF_OTHER},
    {"BOOLEAN", "BOOLEAN", AFF_OTHER},
    {"Date", "DATE", AFF_OTHER},
    {"DATE", "DATE", AFF_OTHER},
    {"REAL", "REAL", AFF_NUMERIC},
    {"Double", "DOUBLE PRECISION", AFF_NUMERIC},
    {"DOUBLE", "DOUBLE PRECISION", AFF_NUMERIC},
    {"DOUBLE_PRECISION", "DOUBLE PRECISION", AFF_NUMERIC},
    {"JSON", "JSON", AFF_OTHER},
    {"JSONB", "JSONB", AFF_OTHER},
    {"UUID", "UUID", AFF_OTHER},
    {"Uuid", "UUID", AFF_OTHER},
    {"GUID", "UUID", AFF_OTHER},
    {"LargeBinary", "BYTEA", AFF_OTHER},
    {"BYTEA", "BYTEA", AFF_OTHER},
    {"PickleType", "BYTEA", AFF_OTHER},
    {"INET", "INET", AFF_OTHER},
    {"CIDR", "CIDR", AFF_OTHER},
    {"MACADDR", "MACADDR", AFF_OTHER},
    {"MACADDR8", "MACADDR8", AFF_OTHER},
    {"MONEY", "MONEY", AFF_OTHER},
    {"OID", "OID", AFF_OTHER},
    {"REGCLASS", "REGCLASS", AFF_OTHER},
    {"TSVECTOR", "TSVECTOR", AFF_OTHER},
    {"TSQUERY", "TSQUERY", AFF_OTHER},
    {"INT4RANGE", "INT4RANGE", AFF_OTHER},
    {"INT8RANGE", "INT8RANGE", AFF_OTHER},
    {"NUMRANGE", "NUMRANGE", AFF_OTHER},
    {"DATERANGE", "DATERANGE", AFF_OTHER},
    {"TSRANGE", "TSRANGE", AFF_OTHER},
    {"TSTZRANGE", "TSTZRANGE", AFF_OTHER},
    {"XML", "XML", AFF_OTHER},
};

static bool bool_arg(sm *r, sm_module *m, rt_py_expr *call, size_t i,
		     const char *kw, bool dflt)
{
	rt_py_expr *a = arg(call, i, kw);
	bool v = dflt;
	if (a)
		rt_load__sm_bool(r, m, a, &v);
	return v;
}

static int int_arg(sm *r, sm_module *m, rt_py_expr *call, size_t i,
		   const char *kw, long long *out)
{
	rt_py_expr *a = arg(call, i, kw);
	if (!a || rt_load__sm_is_none(r, m, a))
		return 0;
	return rt_load__sm_int(r, m, a, out) ? 1 : -1;
}

static int sa_type(tb *b, sm_module *m, rt_py_expr *e, int line, const tbl *t,
		   const char *field, typeinfo *out, int depth)
{
	sm *r = b->r;
	e = deref(r, &m, e);
	rt_py_expr *call = e->kind == RT_PY_CALL ? e : NULL;
	rt_py_expr *callee = call ? e->a : e;
	const char *x = rt_load__sm_ext(r, m, callee);
	const char *n = sa_name(r, m, callee);
	long long p = 0, s = 0;
	int hp, hs;
	memset(out, 0, sizeof(*out));
	if (depth > 10 || !n) {
		sm_val v = rt_load__sm_eval(r, m, callee);
		if (v.kind == V_CLASS && v.cls->enum_kind) {
			/* sa_type=MyEnum is not a type; SQLAlchemy fails */
			return field_fail(r, m, line, false, t, field,
					  "'%s' is not a SQLAlchemy type "
					  "(use Enum(%s))",
					  v.cls->name, v.cls->name);
		}
		return field_fail(r, m, line, true, t, field,
				  "type '%s'%s%s cannot be resolved "
				  "statically",
				  text_of(r, callee), x ? " from " : "",
				  x ? x : "");
	}
	for (size_t i = 0; i < sizeof(fixed_types) / sizeof(*fixed_types);
	     i++) {
		if (!strcmp(n, fixed_types[i].name)) {
			out->sql = fixed_types[i].sql;
			out->aff = fixed_types[i].aff;
			/* SQLAlchemy's SQLite compiler: visit_double / DOUBLE,
			 * DOUBLE_PRECISION, UUID (the uppercase type) */
			if (!strcmp(n, "Double") || !strcmp(n, "DOUBLE"))
				out->lite = "DOUBLE";
			else if (!strcmp(n, "UUID"))
				out->lite = "UUID";
			return 0;
		}
	}
	if (!strcmp(n, "String") || !strcmp(n, "VARCHAR") ||
	    !strcmp(n, "Unicode") || !strcmp(n, "AutoString") ||
	    !strcmp(n, "NVARCHAR") || !strcmp(n, "CHAR") ||
	    !strcmp(n, "NCHAR")) {
		const char *kw = (!strcmp(n, "CHAR") || !strcmp(n, "NCHAR"))
				     ? "CHAR"
				     : "VARCHAR";
		if ((hp = int_arg(r, m, call, 0, "length", &p)) < 0)
			goto refuse;
		out->sql = hp ? rt_arena_printf(r->a, "%s(%lld)", kw, p) : kw;
		rt_py_expr *coll = arg(call, 1, "collation");
		const char *cs;
		if (coll && rt_load__sm_str(r, m, coll, &cs))
			out->collation = cs;
		return 0;
	}
	if (!strcmp(n, "DateTime") || !strcmp(n, "TIMESTAMP") ||
	    !strcmp(n, "Time") || !strcmp(n, "TIME")) {
		bool time = n[0] == 'T' && (n[1] == 'i' || n[1] == 'I') &&
			    strlen(n) == 4;
		bool tz = bool_arg(r, m, call, 0, "timezone", false);
		if ((hp = int_arg(r, m, call, 1, "precision", &p)) < 0)
			goto refuse;
		const char *base = time ? "TIME" : "TIMESTAMP";
		if (!strcmp(n, "TIMESTAMP"))
			out->lite = "TIMESTAMP"; /* DateTime is DATETIME */
		out->sql =
		    hp ? rt_arena_printf(r->a, "%s(%lld) %s TIME ZONE", base, p,
					 tz ? "WITH" : "WITHOUT")
		       : rt_arena_printf(r->a, "%s %s TIME ZONE", base,
					 tz ? "WITH" : "WITHOUT");
		return 0;
	}
	if (!strcmp(n, "Interval") || !strcmp(n, "INTERVAL")) {
		const char *fields;
		rt_py_expr *f = arg(call, 100, "fields");
		hp = int_arg(r, m, call, 0, "precision", &p);
		if (hp < 0)
			goto refuse;
		rt_buf q = RT_BUF_INIT;
		rt_buf_adds(&q, "INTERVAL");
		if (f && rt_load__sm_str(r, m, f, &fields))
			rt_buf_addf(&q, " %s", fields);
		if (hp)
			rt_buf_addf(&q, "(%lld)", p);
		out->sql = rt_buf_detach_arena(&q, r->a);
		return 0;
	}
	if (!strcmp(n, "Numeric") || !strcmp(n, "NUMERIC") ||
	    !strcmp(n, "DECIMAL")) {
		if ((hp = int_arg(r, m, call, 0, "precision", &p)) < 0 ||
		    (hs = int_arg(r, m, call, 1, "scale", &s)) < 0)
			goto refuse;
		out->aff = AFF_NUMERIC;
		out->sql =
		    hp && hs
			? rt_arena_printf(r->a, "NUMERIC(%lld, %lld)", p, s)
		    : hp ? rt_arena_printf(r->a, "NUMERIC(%lld)", p)
			 : "NUMERIC";
		return 0;
	}
	if (!strcmp(n, "Float") || !strcmp(n, "FLOAT")) {
		if ((hp = int_arg(r, m, call, 0, "precision", &p)) < 0)
			goto refuse;
		out->aff = AFF_NUMERIC;
		out->sql =
		    hp ? rt_arena_printf(r->a, "FLOAT(%lld)", p) : "FLOAT";
		return 0;
	}
	if (!strcmp(n, "BIT")) {
		hp = int_arg(r, m, call, 0, "length", &p);
		bool varying = bool_arg(r, m, call, 1, "varying", false);
		if (hp < 0)
			goto refuse;
		out->sql = rt_arena_printf(
		    r->a, "BIT%s(%lld)", varying ? " VARYING" : "", hp ? p : 1);
		return 0;
	}
	if (!strcmp(n, "ARRAY")) {
		rt_py_expr *item = arg(call, 0, "item_type");
		if (!item)
			goto refuse;
		typeinfo it;
		if (sa_type(b, m, item, line, t, field, &it, depth + 1) < 0)
			return -1;
		long long dims = 1;
		if (int_arg(r, m, call, 2, "dimensions", &dims) < 0)
			goto refuse;
		rt_buf q = RT_BUF_INIT;
		rt_buf_adds(&q, it.sql);
		for (long long i = 0; i < (dims > 0 ? dims : 1) && i < 6; i++)
			rt_buf_adds(&q, "[]");
		out->sql = rt_buf_detach_arena(&q, r->a);
		out->en = it.en;
		return 0;
	}
	if (!strcmp(n, "Enum") || !strcmp(n, "ENUM")) {
		if (!call)
			goto refuse;
		return enum_from_call(b, m, call, line, t, field, out);
	}
refuse:
	return field_fail(r, m, line, true, t, field,
			  "type '%s' cannot be resolved statically",
			  text_of(r, e));
}

/* Options of a Field(...) (and of Annotated metadata) the type uses. */
typedef struct fopts {
	rt_py_expr *call;  /* the Field(...) call, or NULL */
	rt_py_expr *extra; /* Annotated's Field(...), or NULL */
	sm_module *m;
} fopts;

static rt_py_expr *fopt(const fopts *o, const char *name)
{
	rt_py_expr *e = o->call ? rt_py_kwarg(o->call, name) : NULL;
	if (!e && o->extra)
		e = rt_py_kwarg(o->extra, name);
	return e;
}

/* max_digits / decimal_places from Field(...) or schema_extra. */
static int field_int(sm *r, const fopts *o, const char *name, long long *out)
{
	rt_py_expr *e = fopt(o, name);
	if (!e) {
		rt_py_expr *se = fopt(o, "schema_extra");
		sm_module *m = o->m;
		se = se ? deref(r, &m, se) : NULL;
		if (se && se->kind == RT_PY_DICT) {
			for (size_t i = 0; i < se->n; i++) {
				const char *k;
				if (se->items[i] &&
				    rt_load__sm_str(r, m, se->items[i], &k) &&
				    !strcmp(k, name))
					return rt_load__sm_int(r, m,
							       se->vals[i], out)
						   ? 1
						   : -1;
			}
		}
		return 0;
	}
	if (rt_load__sm_is_none(r, o->m, e))
		return 0;
	return rt_load__sm_int(r, o->m, e, out) ? 1 : -1;
}

/* Why expression e (of module m) has no static value: "is computed (a
 * call to int())", or "" when nothing more precise can be said. */
static const char *why_not(sm *r, sm_module *m, rt_py_expr *e)
{
	sm_val v = rt_load__sm_eval(r, m, e);
	if (v.kind == V_EXPR)
		e = v.expr;
	if (e && e->kind == RT_PY_CALL)
		return rt_arena_printf(r->a, " is computed (a call to %s())",
				       text_of(r, e->a));
	if (e && e->kind == RT_PY_NAME && v.kind == V_NONE)
		return rt_arena_printf(r->a,
				       " uses '%s', which is not defined "
				       "or imported",
				       e->s);
	return "";
}

static int string_type(sm *r, const fopts *o, typeinfo *out)
{
	long long n = 0;
	int h = field_int(r, o, "max_length", &n);
	if (h < 0)
		return -1;
	out->sql =
	    h && n > 0 ? rt_arena_printf(r->a, "VARCHAR(%lld)", n) : "VARCHAR";
	return 0;
}

static const char *const str_types[] = {
    "builtins.str",	     "ipaddress.IPv4Address",
    "ipaddress.IPv6Address", "ipaddress.IPv4Network",
    "ipaddress.IPv6Network", "pathlib.Path",
    "pathlib.PurePath",	     "pathlib.PosixPath",
    "pydantic.EmailStr",     "pydantic.StrictStr",
    "pydantic.FilePath",     "pydantic.DirectoryPath",
    "pydantic.NewPath",	     NULL};

static const struct {
	const char *name, *sql;
	enum affinity aff;
} py_types[] = {
    {"builtins.float", "FLOAT", AFF_NUMERIC},
    {"pydantic.StrictFloat", "FLOAT", AFF_NUMERIC},
    {"pydantic.PositiveFloat", "FLOAT", AFF_NUMERIC},
    {"pydantic.NegativeFloat", "FLOAT", AFF_NUMERIC},
    {"pydantic.NonNegativeFloat", "FLOAT", AFF_NUMERIC},
    {"pydantic.NonPositiveFloat", "FLOAT", AFF_NUMERIC},
    {"pydantic.FiniteFloat", "FLOAT", AFF_NUMERIC},
    {"builtins.bool", "BOOLEAN", AFF_OTHER},
    {"pydantic.StrictBool", "BOOLEAN", AFF_OTHER},
    {"builtins.int", "INTEGER", AFF_INT},
    {"pydantic.StrictInt", "INTEGER", AFF_INT},
    {"pydantic.PositiveInt", "INTEGER", AFF_INT},
    {"pydantic.NegativeInt", "INTEGER", AFF_INT},
    {"pydantic.NonNegativeInt", "INTEGER", AFF_INT},
    {"pydantic.NonPositiveInt", "INTEGER", AFF_INT},
    {"datetime.datetime", "TIMESTAMP WITHOUT TIME ZONE", AFF_OTHER},
    {"datetime.date", "DATE", AFF_OTHER},
    {"datetime.timedelta", "INTERVAL", AFF_OTHER},
    {"datetime.time", "TIME WITHOUT TIME ZONE", AFF_OTHER},
    {"builtins.bytes", "BYTEA", AFF_OTHER},
    {"pydantic.StrictBytes", "BYTEA", AFF_OTHER},
    {"uuid.UUID", "UUID", AFF_OTHER},
    {"pydantic.UUID1", "UUID", AFF_OTHER},
    {"pydantic.UUID3", "UUID", AFF_OTHER},
    {"pydantic.UUID4", "UUID", AFF_OTHER},
    {"pydantic.UUID5", "UUID", AFF_OTHER},
};

static bool ext_is(const char *x, const char *name)
{
	return x && !strcmp(x, name);
}

/* Strips Optional, unions with None and Annotated; *noneable: a union
 * with None; *meta: Annotated's Field(...) at the top level. */
static int strip(tb *b, sm_module *m, rt_py_expr **e, bool *noneable,
		 rt_py_expr **meta, int line, const tbl *t, const char *field)
{
	sm *r = b->r;
	for (int guard = 0; guard < 20; guard++) {
		rt_py_expr *x = *e;
		if (x->kind == RT_PY_STR) {
			/* a forward reference: "Optional[str]" */
			rt_py_expr *p = rt_load__sm_parse_expr(r, x->s);
			if (!p)
				return 0;
			*e = p;
			continue;
		}
		if (x->kind == RT_PY_BINOP && !strcmp(x->s, "|")) {
			rt_py_expr *keep = NULL;
			int n = 0;
			bool none = false;
			rt_py_expr *stack[32];
			int sp = 0;
			stack[sp++] = x;
			while (sp > 0) {
				rt_py_expr *y = stack[--sp];
				if (y->kind == RT_PY_BINOP &&
				    !strcmp(y->s, "|") && sp < 30) {
					stack[sp++] = y->b;
					stack[sp++] = y->a;
				} else if (rt_load__sm_is_none(r, m, y)) {
					none = true;
				} else {
					keep = y;
					n++;
				}
			}
			if (n != 1 || !none)
				return field_fail(r, m, line, false, t, field,
						  "a union other than X | None "
						  "has no SQLAlchemy type");
			*noneable = true;
			*e = keep;
			continue;
		}
		if (x->kind != RT_PY_SUBSCRIPT)
			return 0;
		const char *g = rt_load__sm_ext(r, m, x->a);
		rt_py_expr *in = x->b;
		if (ext_is(g, "typing.Optional")) {
			*noneable = true;
			*e = in;
			continue;
		}
		if (ext_is(g, "typing.Union")) {
			rt_py_expr *keep = NULL;
			int n = 0;
			bool none = false;
			size_t cnt = in->kind == RT_PY_TUPLE ? in->n : 1;
			for (size_t i = 0; i < cnt; i++) {
				rt_py_expr *y =
				    in->kind == RT_PY_TUPLE ? in->items[i] : in;
				if (rt_load__sm_is_none(r, m, y))
					none = true;
				else
					keep = y, n++;
			}
			if (n != 1 || !none)
				return field_fail(r, m, line, false, t, field,
						  "a union other than "
						  "Optional[X] has no "
						  "SQLAlchemy type");
			*noneable = true;
			*e = keep;
			continue;
		}
		if (ext_is(g, "typing.Annotated") && in->kind == RT_PY_TUPLE &&
		    in->n >= 1) {
			if (guard == 0 && meta) {
				for (size_t i = 1; i < in->n; i++)
					if (is_call_of(r, m, in->items[i],
						       "Field"))
						*meta = in->items[i];
			}
			*e = in->items[0];
			continue;
		}
		return 0;
	}
	return 0;
}

/* The column type of a field from its annotation (current SQLModel's
 * get_sqlalchemy_type). */
static int annotation_type(tb *b, sm_module *m, rt_py_expr *e, const fopts *o,
			   int line, const tbl *t, const char *field,
			   typeinfo *out)
{
	sm *r = b->r;
	memset(out, 0, sizeof(*out));
	if (e->kind == RT_PY_STR)
		return field_fail(r, m, line, true, t, field,
				  "a forward reference '%s' as a column type "
				  "cannot be resolved statically",
				  e->s);
	if (e->kind == RT_PY_SUBSCRIPT)
		return field_fail(r, m, line, false, t, field,
				  "type '%s' has no matching SQLAlchemy type "
				  "(current SQLModel raises ValueError; give "
				  "sa_type= or sa_column=)",
				  src_of(r, e));
	if (e->kind == RT_PY_CALL) {
		const char *f = rt_load__sm_ext(r, m, e->a);
		if (ext_is(f, "pydantic.constr"))
			return out->sql = "VARCHAR", 0;
		if (ext_is(f, "pydantic.conint"))
			return out->sql = "INTEGER", out->aff = AFF_INT, 0;
		if (ext_is(f, "pydantic.confloat"))
			return out->sql = "FLOAT", out->aff = AFF_NUMERIC, 0;
		if (ext_is(f, "pydantic.conbytes"))
			return out->sql = "BYTEA", 0;
		if (ext_is(f, "pydantic.condecimal")) {
			fopts co = {.call = e, .m = m};
			long long p = 0, s = 0;
			int hp = field_int(r, &co, "max_digits", &p);
			int hs = field_int(r, &co, "decimal_places", &s);
			if (hp < 0 || hs < 0)
				goto refuse;
			out->aff = AFF_NUMERIC;
			out->sql =
			    hp && hs ? rt_arena_printf(
					   r->a, "NUMERIC(%lld, %lld)", p, s)
			    : hp ? rt_arena_printf(r->a, "NUMERIC(%lld)", p)
				 : "NUMERIC";
			return 0;
		}
		goto refuse;
	}
	sm_val v = rt_load__sm_eval(r, m, e);
	if (v.kind == V_CLASS) {
		sm_class *c = v.cls;
		if (rt_load__sm_class(r, c) < 0)
			return -1;
		if (c->enum_kind) {
			enumtype *en = enum_type(
			    b, NULL, rt_arena_strlower(r->a, c->name));
			if (!en->labels.len)
				en->labels = c->labels;
			if (!en->cls)
				en->cls = c;
			out->en = en;
			if (r->dialect == RT_DIALECT_SQLITE) {
				/* each column its own labels (no shared type)
				 */
				out->en = rt_arena_alloc(r->a, sizeof(*en));
				*out->en = *en;
				out->en->labels = c->labels;
			}
			rt_buf q = RT_BUF_INIT;
			ident(&q, en->name);
			out->sql = rt_buf_detach_arena(&q, r->a);
			return 0;
		}
		if (c->str_like) {
			if (string_type(r, o, out) < 0)
				return field_fail(
				    r, m, line, true, t, field,
				    "max_length%s and cannot be resolved "
				    "statically",
				    why_not(r, o->m, fopt(o, "max_length")));
			return 0;
		}
		return field_fail(r, m, line, false, t, field,
				  "class %s has no matching SQLAlchemy type "
				  "(a relationship needs Relationship())",
				  c->name);
	}
	if (v.kind == V_EXTERN) {
		const char *x = v.ext;
		/* the first byte rules out most entries before a strcmp */
		for (const char *const *k = str_types; *k; k++)
			if (x[0] == (*k)[0] && !strcmp(x, *k))
				return string_type(r, o, out) < 0
					   ? field_fail(
						 r, m, line, true, t, field,
						 "max_length%s and cannot be "
						 "resolved statically",
						 why_not(r, o->m,
							 fopt(o, "max_length")))
					   : 0;
		for (size_t i = 0; i < sizeof(py_types) / sizeof(*py_types);
		     i++) {
			if (x[0] == py_types[i].name[0] &&
			    !strcmp(x, py_types[i].name)) {
				out->sql = py_types[i].sql;
				out->aff = py_types[i].aff;
				return 0;
			}
		}
		if (!strcmp(x, "decimal.Decimal")) {
			long long p = 0, s = 0;
			int hp = field_int(r, o, "max_digits", &p);
			int hs = field_int(r, o, "decimal_places", &s);
			if (hp < 0 || hs < 0)
				goto refuse;
			out->aff = AFF_NUMERIC;
			out->sql =
			    hp && hs ? rt_arena_printf(
					   r->a, "NUMERIC(%lld, %lld)", p, s)
			    : hp ? rt_arena_printf(r->a, "NUMERIC(%lld)", p)
				 : "NUMERIC";
			return 0;
		}
		if (!strncmp(x, "builtins.", 9) || !strncmp(x, "typing.", 7) ||
		    !strncmp(x, "pydantic.", 9) ||
		    !strncmp(x, "datetime.", 9) || !strncmp(x, "sa.", 3) ||
		    !strncmp(x, "pg.", 3))
			return field_fail(
			    r, m, line, false, t, field,
			    "'%s' has no matching SQLAlchemy type "
			    "(current SQLModel raises "
			    "ValueError; give sa_type= or "
			    "sa_column=)",
			    x);
		const char *dot = strrchr(x, '.');
		return field_fail(
		    r, m, line, true, t, field,
		    "type '%s' from module '%.*s' cannot be resolved "
		    "statically",
		    dot ? dot + 1 : x, dot ? (int)(dot - x) : (int)strlen(x),
		    x);
	}
refuse:
	return field_fail(r, m, line, true, t, field,
			  "type '%s' cannot be resolved statically",
			  text_of(r, e));
}

/* ---- columns ------------------------------------------------------------ */

static fkey *fk_new(sm *r, int line)
{
	fkey *f = rt_arena_alloc(r->a, sizeof(*f));
	memset(f, 0, sizeof(*f));
	f->line = line;
	return f;
}

/* "schema.table.col" or "table.col" into f. */
static int fk_target(sm *r, sm_module *m, int line, const tbl *t,
		     const char *field, const char *spec, fkey *f)
{
	const char *last = strrchr(spec, '.');
	if (!last || last == spec || !last[1])
		return field_fail(r, m, line, false, t, field,
				  "foreign key '%s' is not 'table.column'",
				  spec);
	char *head = rt_arena_strndup(r->a, spec, (size_t)(last - spec));
	char *dot = strrchr(head, '.');
	if (dot) {
		*dot = 0;
		f->ref_schema = head;
		f->ref_table = dot + 1;
	} else {
		f->ref_table = head;
	}
	rt_vec_push(&f->ref_cols, r->a, rt_arena_strdup(r->a, last + 1));
	return 0;
}

static const char *str_kw(sm *r, sm_module *m, rt_py_expr *call, const char *kw)
{
	const char *s = NULL;
	rt_py_expr *e = rt_py_kwarg(call, kw);
	if (e && !rt_load__sm_str(r, m, e, &s))
		return NULL;
	return s;
}

/* ForeignKey("t.c", ondelete=..., ...) */
static int foreign_key(sm *r, sm_module *m, rt_py_expr *call, int line,
		       const tbl *t, const char *field, const char *colname,
		       fkey **out)
{
	const char *spec;
	if (call->n < 1 || !rt_load__sm_str(r, m, call->items[0], &spec))
		return field_fail(r, m, line, true, t, field,
				  "ForeignKey target cannot be resolved "
				  "statically");
	fkey *f = fk_new(r, line);
	if (fk_target(r, m, line, t, field, spec, f) < 0)
		return -1;
	rt_vec_push(&f->cols, r->a, (void *)colname);
	f->name = str_kw(r, m, call, "name");
	f->ondelete = str_kw(r, m, call, "ondelete");
	f->onupdate = str_kw(r, m, call, "onupdate");
	f->initially = str_kw(r, m, call, "initially");
	f->match = str_kw(r, m, call, "match");
	f->deferrable = bool_arg(r, m, call, 100, "deferrable", false);
	*out = f;
	return 0;
}

static con *con_new(sm *r, char type, int line)
{
	con *c = rt_arena_alloc(r->a, sizeof(*c));
	memset(c, 0, sizeof(*c));
	c->type = type;
	c->line = line;
	return c;
}

static int check_con(sm *r, sm_module *m, rt_py_expr *call, int line,
		     const tbl *t, const char *field, con **out)
{
	const char *sql;
	if (call->n < 1 || !sql_text(r, m, call->items[0], &sql))
		return field_fail(r, m, line, true, t, field,
				  "CheckConstraint text cannot be resolved "
				  "statically");
	if (check_sql(r, m, line, t, field, "check", sql) < 0)
		return -1;
	con *c = con_new(r, 'c', line);
	c->check = sql;
	c->name = str_kw(r, m, call, "name");
	c->explicit_name = c->name != NULL;
	*out = c;
	return 0;
}

/* Identity(...) as PostgreSQL's GENERATED ... AS IDENTITY. */
static const char *identity_sql(sm *r, sm_module *m, rt_py_expr *call)
{
	rt_buf b = RT_BUF_INIT;
	bool always = bool_arg(r, m, call, 0, "always", false);
	rt_buf_addf(&b, "GENERATED %s AS IDENTITY",
		    always ? "ALWAYS" : "BY DEFAULT");
	static const struct {
		const char *kw, *sql;
	} opts[] = {{"start", "START WITH"},
		    {"increment", "INCREMENT BY"},
		    {"minvalue", "MINVALUE"},
		    {"maxvalue", "MAXVALUE"},
		    {"cache", "CACHE"}};
	bool any = false;
	for (size_t i = 0; i < sizeof(opts) / sizeof(*opts); i++) {
		long long v;
		rt_py_expr *e = rt_py_kwarg(call, opts[i].kw);
		if (e && rt_load__sm_int(r, m, e, &v)) {
			rt_buf_adds(&b, any ? " " : " (");
			rt_buf_addf(&b, "%s %lld", opts[i].sql, v);
			any = true;
		}
	}
	bool cycle;
	rt_py_expr *cy = rt_py_kwarg(call, "cycle");
	if (cy && rt_load__sm_bool(r, m, cy, &cycle) && cycle) {
		rt_buf_adds(&b, any ? " CYCLE" : " (CYCLE");
		any = true;
	}
	if (any)
		rt_buf_addch(&b, ')');
	return rt_buf_detach_arena(&b, r->a);
}

/* sa_column=Column(...) into c. */
static int column_call(tb *b, sm_module *m, rt_py_expr *call, col *c,
		       const tbl *t)
{
	sm *r = b->r;
	int line = c->line;
	bool have_type = false;
	c->nullable = true;
	c->autoinc = -1;
	rt_py_expr *typ = rt_py_kwarg(call, "type_");
	const char *s;
	for (size_t i = 0; i < call->n; i++) {
		rt_py_expr *a = deref(r, &m, call->items[i]);
		if (i == 0 && rt_load__sm_str(r, m, a, &s)) {
			c->name = s;
			continue;
		}
		if (is_call_of(r, m, a, "ForeignKey")) {
			if (foreign_key(r, m, a, line, t, c->key, c->name,
					&c->fk) < 0)
				return -1;
			continue;
		}
		if (is_call_of(r, m, a, "Identity")) {
			c->identity = identity_sql(r, m, a);
			continue;
		}
		if (is_call_of(r, m, a, "Computed")) {
			const char *sql;
			if (a->n < 1 || !sql_text(r, m, a->items[0], &sql))
				return field_fail(r, m, line, true, t, c->key,
						  "Computed expression cannot "
						  "be resolved statically");
			if (check_sql(r, m, line, t, c->key, "computed", sql) <
			    0)
				return -1;
			c->computed = sql;
			c->computed_stored =
			    bool_arg(r, m, a, 1, "persisted", false);
			continue;
		}
		if (is_call_of(r, m, a, "CheckConstraint")) {
			con *k;
			if (check_con(r, m, a, line, t, c->key, &k) < 0)
				return -1;
			rt_vec_push(&c->checks, r->a, k);
			continue;
		}
		if (!have_type && !typ) {
			typ = a;
			continue;
		}
		return field_fail(r, m, line, true, t, c->key,
				  "Column argument '%s' cannot be resolved "
				  "statically",
				  text_of(r, a));
	}
	if ((s = str_kw(r, m, call, "name")))
		c->name = s;
	if (typ) {
		typeinfo ti;
		if (sa_type(b, m, typ, line, t, c->key, &ti, 0) < 0)
			return -1;
		c->type = ti.sql;
		c->aff = ti.aff;
		c->en = ti.en;
		c->lite_type = ti.lite;
		c->collation = ti.collation;
	}
	for (size_t i = 0; i < call->nkw; i++) {
		const char *k = call->kw[i];
		rt_py_expr *v = call->kwv[i];
		bool bv;
		if (!k)
			return field_fail(r, m, line, true, t, c->key,
					  "Column(**...) cannot be resolved "
					  "statically");
		if (!strcmp(k, "primary_key") || !strcmp(k, "nullable") ||
		    !strcmp(k, "unique") || !strcmp(k, "index")) {
			if (!rt_load__sm_bool(r, m, v, &bv) &&
			    !rt_load__sm_is_none(r, m, v))
				return field_fail(r, m, line, true, t, c->key,
						  "%s cannot be resolved "
						  "statically",
						  k);
			if (rt_load__sm_is_none(r, m, v))
				continue;
			if (!strcmp(k, "primary_key"))
				c->pk = bv;
			else if (!strcmp(k, "nullable"))
				c->nullable = bv;
			else if (!strcmp(k, "unique"))
				c->unique = bv;
			else
				c->index = bv;
		} else if (!strcmp(k, "server_default")) {
			if (rt_load__sm_is_none(r, m, v))
				continue;
			rt_buf d = RT_BUF_INIT;
			if (default_sql(r, m, v, t, c->key, line, &d, 0) < 0) {
				rt_buf_release(&d);
				return -1;
			}
			c->server_default = rt_buf_detach_arena(&d, r->a);
			if (check_sql(r, m, line, t, c->key, "server_default",
				      c->server_default) < 0)
				return -1;
		} else if (!strcmp(k, "comment") || !strcmp(k, "doc")) {
			if (!strcmp(k, "comment") &&
			    !rt_load__sm_is_none(r, m, v) &&
			    !rt_load__sm_str(r, m, v, &c->comment))
				return field_fail(r, m, line, true, t, c->key,
						  "comment cannot be resolved "
						  "statically");
		} else if (!strcmp(k, "autoincrement")) {
			const char *as;
			if (rt_load__sm_bool(r, m, v, &bv))
				c->autoinc = bv;
			else if (!rt_load__sm_str(r, m, v, &as))
				return field_fail(r, m, line, true, t, c->key,
						  "autoincrement cannot be "
						  "resolved statically");
		} else if (!strcmp(k, "default") ||
			   !strcmp(k, "insert_default")) {
			c->py_default |= !rt_load__sm_is_none(r, m, v);
		}
		/* onupdate, server_onupdate, key, info, quote, ...: no DDL */
	}
	if (c->pk && !rt_py_kwarg(call, "nullable"))
		c->nullable = false;
	if (c->identity)
		c->nullable = false;
	return 0;
}

/* The Field(...) value of a field, or NULL (a plain default). */
static rt_py_expr *field_call(sm *r, sm_module *m, rt_py_expr *v)
{
	return v && is_call_of(r, m, v, "Field") ? v : NULL;
}

static int kw_bool(sm *r, sm_module *m, rt_py_expr *call, const char *kw,
		   int line, const tbl *t, const char *field, int *out)
{
	rt_py_expr *e = call ? rt_py_kwarg(call, kw) : NULL;
	bool v;
	*out = -1;
	if (!e || rt_load__sm_is_none(r, m, e))
		return 0;
	if (!rt_load__sm_bool(r, m, e, &v))
		return field_fail(r, m, line, true, t, field,
				  "%s cannot be resolved statically", kw);
	*out = v;
	return 0;
}

static int build_column(tb *b, tbl *t, sm_field *f, col **out)
{
	sm *r = b->r;
	sm_module *m = f->owner->m;
	int line = f->line;
	col *c = rt_arena_alloc(r->a, sizeof(*c));
	memset(c, 0, sizeof(*c));
	c->name = c->key = f->name;
	c->line = line;
	c->autoinc = -1;
	rt_py_expr *fc = field_call(r, m, f->value);
	fopts o = {.call = fc, .m = m};
	rt_py_expr *ann = f->annotation;
	bool noneable = false;
	if (strip(b, m, &ann, &noneable, &o.extra, line, t, f->name) < 0)
		return -1;
	if (o.extra && !fc)
		o.call = NULL;
	/* default */
	if (fc) {
		rt_py_expr *d = rt_py_kwarg(fc, "default");
		if (!d && fc->n > 0)
			d = fc->items[0];
		if (d && d->kind != RT_PY_ELLIPSIS &&
		    !rt_load__sm_is_none(r, m, d))
			c->py_default = true;
		if (rt_py_kwarg(fc, "default_factory"))
			c->py_default = true;
	} else if (f->value && !rt_load__sm_is_none(r, m, f->value) &&
		   f->value->kind != RT_PY_ELLIPSIS) {
		c->py_default = true;
	}
	rt_py_expr *sac = fc ? rt_py_kwarg(fc, "sa_column") : NULL;
	if (sac) {
		sm_module *cm = m;
		rt_py_expr *call = deref(r, &cm, sac);
		if (!is_call_of(r, cm, call, "Column"))
			return field_fail(r, m, line, true, t, f->name,
					  "sa_column '%s' cannot be resolved "
					  "statically",
					  text_of(r, call));
		static const char *const clash[] = {
		    "primary_key", "nullable",	     "foreign_key",
		    "ondelete",	   "unique",	     "index",
		    "sa_type",	   "sa_column_args", "sa_column_kwargs",
		    NULL};
		for (const char *const *k = clash; *k; k++)
			if (rt_py_kwarg(fc, *k))
				return field_fail(
				    r, m, line, false, t, f->name,
				    "sa_column cannot be combined with %s "
				    "(current SQLModel raises RuntimeError)",
				    *k);
		if (column_call(b, cm, call, c, t) < 0)
			return -1;
		if (!c->type && !c->fk)
			return field_fail(r, m, line, false, t, f->name,
					  "Column without a type");
		*out = c;
		return 0;
	}
	/* type */
	rt_py_expr *st = fc ? rt_py_kwarg(fc, "sa_type") : NULL;
	typeinfo ti;
	if (st) {
		if (sa_type(b, m, st, line, t, f->name, &ti, 0) < 0)
			return -1;
	} else if (annotation_type(b, m, ann, &o, line, t, f->name, &ti) < 0) {
		return -1;
	}
	c->type = ti.sql;
	c->aff = ti.aff;
	c->en = ti.en;
	c->lite_type = ti.lite;
	c->collation = ti.collation;
	/* options */
	int pk, nullable, unique, index;
	if (kw_bool(r, m, fc, "primary_key", line, t, f->name, &pk) < 0 ||
	    kw_bool(r, m, fc, "nullable", line, t, f->name, &nullable) < 0 ||
	    kw_bool(r, m, fc, "unique", line, t, f->name, &unique) < 0 ||
	    kw_bool(r, m, fc, "index", line, t, f->name, &index) < 0)
		return -1;
	c->pk = pk == 1;
	c->unique = unique == 1;
	c->index = index == 1;
	c->nullable = nullable >= 0 ? nullable == 1 : (!c->pk && noneable);
	rt_py_expr *fk = fc ? rt_py_kwarg(fc, "foreign_key") : NULL;
	if (fk) {
		const char *spec;
		if (!rt_load__sm_str(r, m, fk, &spec))
			return field_fail(r, m, line, true, t, f->name,
					  "foreign_key cannot be resolved "
					  "statically");
		c->fk = fk_new(r, line);
		if (fk_target(r, m, line, t, f->name, spec, c->fk) < 0)
			return -1;
		rt_vec_push(&c->fk->cols, r->a, (void *)c->name);
		rt_py_expr *od = rt_py_kwarg(fc, "ondelete");
		if (od && !rt_load__sm_str(r, m, od, &c->fk->ondelete))
			return field_fail(r, m, line, true, t, f->name,
					  "ondelete cannot be resolved "
					  "statically");
		if (c->fk->ondelete &&
		    !strcasecmp(c->fk->ondelete, "SET NULL") && !c->nullable)
			return field_fail(r, m, line, false, t, f->name,
					  "ondelete=\"SET NULL\" requires "
					  "nullable=True");
	} else if (rt_py_kwarg(fc, "ondelete")) {
		return field_fail(r, m, line, false, t, f->name,
				  "ondelete can only be used with "
				  "foreign_key");
	}
	/* sa_column_args, then sa_column_kwargs over everything */
	rt_py_expr *args = fc ? rt_py_kwarg(fc, "sa_column_args") : NULL;
	if (args) {
		sm_module *am = m;
		args = deref(r, &am, args);
		if (args->kind != RT_PY_LIST && args->kind != RT_PY_TUPLE)
			return field_fail(r, m, line, true, t, f->name,
					  "sa_column_args cannot be resolved "
					  "statically");
		for (size_t i = 0; i < args->n; i++) {
			rt_py_expr *a = deref(r, &am, args->items[i]);
			if (is_call_of(r, am, a, "CheckConstraint")) {
				con *k;
				if (check_con(r, am, a, line, t, f->name, &k) <
				    0)
					return -1;
				rt_vec_push(&c->checks, r->a, k);
			} else if (is_call_of(r, am, a, "ForeignKey")) {
				if (foreign_key(r, am, a, line, t, f->name,
						c->name, &c->fk) < 0)
					return -1;
			} else if (is_call_of(r, am, a, "Identity")) {
				c->identity = identity_sql(r, am, a);
				c->nullable = false;
			} else if (is_call_of(r, am, a, "Computed")) {
				const char *sql;
				if (a->n < 1 ||
				    !sql_text(r, am, a->items[0], &sql))
					return field_fail(
					    r, m, line, true, t, f->name,
					    "Computed expression cannot be "
					    "resolved statically");
				c->computed = sql;
				c->computed_stored =
				    bool_arg(r, am, a, 1, "persisted", false);
			} else {
				return field_fail(r, m, line, true, t, f->name,
						  "sa_column_args item '%s' "
						  "cannot be resolved "
						  "statically",
						  text_of(r, a));
			}
		}
	}
	rt_py_expr *kws = fc ? rt_py_kwarg(fc, "sa_column_kwargs") : NULL;
	if (kws) {
		sm_module *km = m;
		kws = deref(r, &km, kws);
		rt_py_expr *call = NULL;
		if (kws->kind == RT_PY_DICT) {
			/* as the keywords of a Column call */
			call = rt_arena_alloc(r->a, sizeof(*call));
			memset(call, 0, sizeof(*call));
			call->kind = RT_PY_CALL;
			call->kw = rt_arena_alloc(r->a, (kws->n + 1) *
							    sizeof(*call->kw));
			call->kwv = rt_arena_alloc(
			    r->a, (kws->n + 1) * sizeof(*call->kwv));
			for (size_t i = 0; i < kws->n; i++) {
				const char *k;
				if (!kws->items[i] ||
				    !rt_load__sm_str(r, km, kws->items[i], &k))
					return field_fail(
					    r, m, line, true, t, f->name,
					    "sa_column_kwargs cannot be "
					    "resolved statically");
				call->kw[call->nkw] = k;
				call->kwv[call->nkw++] = kws->vals[i];
			}
		} else if (kws->kind == RT_PY_CALL && kws->n == 0) {
			call = kws; /* dict(server_default=...) */
		} else {
			return field_fail(r, m, line, true, t, f->name,
					  "sa_column_kwargs cannot be "
					  "resolved statically");
		}
		col saved = *c;
		if (column_call(b, km, call, c, t) < 0)
			return -1;
		/* column_call starts from Column's defaults: keep what the
		 * field said unless the kwargs say otherwise */
		if (!rt_py_kwarg(call, "nullable"))
			c->nullable = rt_py_kwarg(call, "primary_key")
					  ? (c->pk ? false : saved.nullable)
					  : saved.nullable;
		if (!rt_py_kwarg(call, "primary_key"))
			c->pk = saved.pk;
		if (!rt_py_kwarg(call, "unique"))
			c->unique = saved.unique;
		if (!rt_py_kwarg(call, "index"))
			c->index = saved.index;
		if (!rt_py_kwarg(call, "autoincrement"))
			c->autoinc = saved.autoinc;
		c->py_default |= saved.py_default;
		if (c->fk)
			c->fk->cols.items[0] = (void *)c->name;
	}
	*out = c;
	return 0;
}

/* ---- __table_args__ ------------------------------------------------------ */

static col *find_col(tbl *t, const char *name)
{
	for (size_t i = 0; i < t->cols.len; i++) {
		col *c = t->cols.items[i];
		if (c->key[0] == name[0] && !strcmp(c->key, name))
			return c;
	}
	for (size_t i = 0; i < t->cols.len; i++) {
		col *c = t->cols.items[i];
		if (!strcmp(c->name, name))
			return c;
	}
	return NULL;
}

/* The positional arguments of call from index first, with *x expanded
 * when x is a constant tuple or list. */
static void expand_args(sm *r, sm_module *m, rt_py_expr *call, size_t first,
			rt_py_expr ***items, size_t *n, sm_module ***mods)
{
	/* room for every argument and every item of a starred one */
	size_t cap = call->n;
	for (size_t i = first; i < call->n; i++) {
		rt_py_expr *e = call->items[i];
		sm_module *em = m;
		if (e->kind == RT_PY_UNARY && !strcmp(e->s, "*")) {
			rt_py_expr *x = deref(r, &em, e->a);
			if (x->kind == RT_PY_TUPLE || x->kind == RT_PY_LIST)
				cap += x->n;
		}
	}
	rt_py_expr **v = rt_arena_alloc(r->a, (cap + 1) * sizeof(*v));
	sm_module **ms = rt_arena_alloc(r->a, (cap + 1) * sizeof(*ms));
	size_t k = 0;
	for (size_t i = first; i < call->n; i++) {
		rt_py_expr *e = call->items[i];
		sm_module *em = m;
		if (e->kind == RT_PY_UNARY && !strcmp(e->s, "*")) {
			rt_py_expr *x = deref(r, &em, e->a);
			if (x->kind == RT_PY_TUPLE || x->kind == RT_PY_LIST) {
				for (size_t j = 0; j < x->n; j++) {
					ms[k] = em;
					v[k++] = x->items[j];
				}
				continue;
			}
		}
		ms[k] = m;
		v[k++] = e;
	}
	*items = v;
	*n = k;
	*mods = ms;
}

static int name_list_in(sm *r, sm_module *m, sm_module **mods,
			rt_py_expr **items, size_t n, tbl *t, int line,
			const char *what, rt_vec *v);

/* Column names (strings) of a constraint into v (DB names). */
static int name_list(sm *r, sm_module *m, rt_py_expr **items, size_t n, tbl *t,
		     int line, const char *what, rt_vec *v)
{
	return name_list_in(r, m, NULL, items, n, t, line, what, v);
}

static int name_list_in(sm *r, sm_module *m, sm_module **mods,
			rt_py_expr **items, size_t n, tbl *t, int line,
			const char *what, rt_vec *v)
{
	for (size_t i = 0; i < n; i++) {
		const char *s;
		if (!rt_load__sm_str(r, mods ? mods[i] : m, items[i], &s))
			return field_fail(r, m, line, true, t, NULL,
					  "%s: column '%s' cannot be resolved "
					  "statically",
					  what, text_of(r, items[i]));
		col *c = find_col(t, s);
		if (!c)
			return field_fail(r, m, line, false, t, NULL,
					  "%s: no column '%s'", what, s);
		rt_vec_push(v, r->a, (void *)c->name);
	}
	return 0;
}

static int index_args(tb *b, tbl *t, sm_module *m, rt_py_expr *call, int line)
{
	sm *r = b->r;
	idx *x = rt_arena_alloc(r->a, sizeof(*x));
	memset(x, 0, sizeof(*x));
	x->line = line;
	size_t first = 0;
	const char *s;
	if (call->n > 0) {
		if (rt_load__sm_is_none(r, m, call->items[0]))
			first = 1;
		else if (rt_load__sm_str(r, m, call->items[0], &s))
			x->name = s, first = 1;
	}
	rt_py_expr *nm = rt_py_kwarg(call, "name");
	if (nm && rt_load__sm_str(r, m, nm, &s))
		x->name = s;
	if (long_name(r, m, line, "table", t->name, "index name", x->name) < 0)
		return -1;
	rt_py_expr **items;
	sm_module **mods;
	size_t nitems;
	const char *fx;
	rt_vec elem_cols = {0}; /* col * or NULL, per element */
	expand_args(r, m, call, first, &items, &nitems, &mods);
	for (size_t i = 0; i < nitems; i++) {
		m = mods[i];
		rt_py_expr *e = deref(r, &m, items[i]);
		rt_buf q = RT_BUF_INIT;
		if (e->kind == RT_PY_STR) {
			col *c = find_col(t, e->s);
			if (!c) {
				rt_buf_release(&q);
				return field_fail(r, m, line, false, t, NULL,
						  "index %s: no column '%s'",
						  x->name ? x->name : "", e->s);
			}
			ident(&q, c->name);
			if (!x->col0)
				x->col0 = c->name;
		} else if (is_call_of(r, m, e, "text") && e->n == 1 &&
			   rt_load__sm_str(r, m, e->items[0], &s)) {
			/* as SQLAlchemy prints a text() element: verbatim */
			rt_buf_adds(&q, s);
		} else if (e->kind == RT_PY_CALL &&
			   (fx = rt_load__sm_ext(r, m, e->a)) &&
			   !strncmp(fx, "sa.func.", 8)) {
			if (default_sql(r, m, e, t, NULL, line, &q, 0) < 0) {
				rt_buf_release(&q);
				return -1;
			}
		} else if ((is_call_of(r, m, e, "desc") ||
			    is_call_of(r, m, e, "asc")) &&
			   e->n == 1 &&
			   rt_load__sm_str(r, m, e->items[0], &s) &&
			   find_col(t, s)) {
			ident(&q, find_col(t, s)->name);
			rt_buf_adds(&q,
				    is_call_of(r, m, e, "desc") ? " DESC" : "");
		} else {
			rt_buf_release(&q);
			return field_fail(r, m, line, true, t, NULL,
					  "index element '%s' cannot be "
					  "resolved statically",
					  text_of(r, e));
		}
		rt_vec_push(&x->elems, r->a, rt_buf_detach_arena(&q, r->a));
		rt_vec_push(&elem_cols, r->a,
			    e->kind == RT_PY_STR ? find_col(t, e->s) : NULL);
	}
	bool lite = r->dialect == RT_DIALECT_SQLITE;
	rt_py_expr *ops = lite ? NULL : rt_py_kwarg(call, "postgresql_ops");
	if (ops) {
		sm_module *om = m;
		ops = deref(r, &om, ops);
		if (ops->kind != RT_PY_DICT)
			return field_fail(r, m, line, true, t, NULL,
					  "postgresql_ops cannot be resolved "
					  "statically");
		for (size_t i = 0; i < ops->n; i++) {
			const char *k, *v;
			if (!ops->items[i] ||
			    !rt_load__sm_str(r, om, ops->items[i], &k) ||
			    !rt_load__sm_str(r, om, ops->vals[i], &v))
				return field_fail(r, m, line, true, t, NULL,
						  "postgresql_ops cannot be "
						  "resolved statically");
			col *c = find_col(t, k);
			bool found = false;
			for (size_t j = 0; c && j < elem_cols.len; j++) {
				if (elem_cols.items[j] != c)
					continue;
				x->elems.items[j] = rt_arena_printf(
				    r->a, "%s %s",
				    (const char *)x->elems.items[j], v);
				found = true;
			}
			if (!found)
				return field_fail(r, m, line, false, t, NULL,
						  "postgresql_ops: no index "
						  "column '%s'",
						  k);
		}
	}
	bool u = false;
	rt_py_expr *ue = rt_py_kwarg(call, "unique");
	if (ue && rt_load__sm_bool(r, m, ue, &u))
		x->unique = u;
	rt_py_expr *w =
	    rt_py_kwarg(call, lite ? "sqlite_where" : "postgresql_where");
	if (w) {
		if (!sql_text(r, m, w, &s))
			return field_fail(r, m, line, true, t, NULL,
					  "%s_where cannot be resolved "
					  "statically",
					  lite ? "sqlite" : "postgresql");
		if (check_sql(r, m, line, t, NULL, "index predicate", s) < 0)
			return -1;
		x->where = s;
	}
	rt_py_expr *us = lite ? NULL : rt_py_kwarg(call, "postgresql_using");
	if (us && !rt_load__sm_str(r, m, us, &x->using))
		return field_fail(r, m, line, true, t, NULL,
				  "postgresql_using cannot be resolved "
				  "statically");
	rt_py_expr *inc = lite ? NULL : rt_py_kwarg(call, "postgresql_include");
	if (inc) {
		inc = deref(r, &m, inc);
		if ((inc->kind != RT_PY_LIST && inc->kind != RT_PY_TUPLE) ||
		    name_list(r, m, inc->items, inc->n, t, line, "include",
			      &x->include) < 0)
			return r->err->code
				   ? -1
				   : field_fail(r, m, line, true, t, NULL,
						"postgresql_include "
						"cannot be resolved "
						"statically");
	}
	if (!x->elems.len)
		return field_fail(r, m, line, false, t, NULL,
				  "index %s has no columns",
				  x->name ? x->name : "");
	rt_vec_push(&t->idxs, r->a, x);
	return 0;
}

static int table_arg(tb *b, tbl *t, sm_module *m, rt_py_expr *e, int line)
{
	sm *r = b->r;
	e = deref(r, &m, e);
	const char *s;
	if (is_call_of(r, m, e, "Index"))
		return index_args(b, t, m, e, line);
	if (is_call_of(r, m, e, "UniqueConstraint") ||
	    is_call_of(r, m, e, "PrimaryKeyConstraint")) {
		bool pk = is_call_of(r, m, e, "PrimaryKeyConstraint");
		con *c = con_new(r, pk ? 'p' : 'u', line);
		rt_py_expr **items;
		sm_module **mods;
		size_t n;
		expand_args(r, m, e, 0, &items, &n, &mods);
		if (name_list_in(r, m, mods, items, n, t, line,
				 pk ? "primary key" : "unique constraint",
				 &c->cols) < 0)
			return -1;
		c->name = str_kw(r, m, e, "name");
		c->explicit_name = c->name != NULL;
		c->deferrable = bool_arg(r, m, e, 100, "deferrable", false);
		c->initially = str_kw(r, m, e, "initially");
		if (pk)
			t->pk_args = c;
		else
			rt_vec_push(&t->cons, r->a, c);
		return 0;
	}
	if (is_call_of(r, m, e, "CheckConstraint")) {
		con *c;
		if (check_con(r, m, e, line, t, NULL, &c) < 0)
			return -1;
		rt_vec_push(&t->cons, r->a, c);
		return 0;
	}
	if (is_call_of(r, m, e, "ForeignKeyConstraint")) {
		rt_py_expr *cols = e->n > 0 ? deref(r, &m, e->items[0]) : NULL;
		rt_py_expr *refs = e->n > 1 ? deref(r, &m, e->items[1]) : NULL;
		if (!cols || !refs ||
		    (cols->kind != RT_PY_LIST && cols->kind != RT_PY_TUPLE) ||
		    (refs->kind != RT_PY_LIST && refs->kind != RT_PY_TUPLE) ||
		    cols->n != refs->n || !cols->n)
			return field_fail(r, m, line, true, t, NULL,
					  "ForeignKeyConstraint cannot be "
					  "resolved statically");
		fkey *f = fk_new(r, line);
		if (name_list(r, m, cols->items, cols->n, t, line,
			      "foreign key", &f->cols) < 0)
			return -1;
		for (size_t i = 0; i < refs->n; i++) {
			fkey one = {0};
			if (!rt_load__sm_str(r, m, refs->items[i], &s))
				return field_fail(r, m, line, true, t, NULL,
						  "ForeignKeyConstraint target "
						  "cannot be resolved "
						  "statically");
			if (fk_target(r, m, line, t, NULL, s, &one) < 0)
				return -1;
			if (i == 0) {
				f->ref_schema = one.ref_schema;
				f->ref_table = one.ref_table;
			}
			rt_vec_push(&f->ref_cols, r->a, one.ref_cols.items[0]);
		}
		f->name = str_kw(r, m, e, "name");
		f->ondelete = str_kw(r, m, e, "ondelete");
		f->onupdate = str_kw(r, m, e, "onupdate");
		f->initially = str_kw(r, m, e, "initially");
		f->match = str_kw(r, m, e, "match");
		f->deferrable = bool_arg(r, m, e, 100, "deferrable", false);
		rt_vec_push(&t->fks, r->a, f);
		return 0;
	}
	return field_fail(r, m, line, true, t, NULL,
			  "__table_args__ item '%s' cannot be resolved "
			  "statically",
			  text_of(r, e));
}

static int table_kwargs(tb *b, tbl *t, sm_module *m, rt_py_expr *d, int line)
{
	sm *r = b->r;
	for (size_t i = 0; i < d->n; i++) {
		const char *k, *s;
		if (!d->items[i] || !rt_load__sm_str(r, m, d->items[i], &k))
			return field_fail(r, m, line, true, t, NULL,
					  "__table_args__ keys cannot be "
					  "resolved statically");
		rt_py_expr *v = d->vals[i];
		if (!strcmp(k, "schema")) {
			if (rt_load__sm_is_none(r, m, v))
				continue;
			if (!rt_load__sm_str(r, m, v, &s))
				return field_fail(r, m, line, true, t, NULL,
						  "schema cannot be resolved "
						  "statically");
			t->schema = s;
		} else if (!strcmp(k, "comment")) {
			if (!rt_load__sm_str(r, m, v, &s))
				return field_fail(r, m, line, true, t, NULL,
						  "comment cannot be resolved "
						  "statically");
			t->comment = s;
		} else if (!strcmp(k, "sqlite_autoincrement")) {
			bool on = false;
			if (!rt_load__sm_bool(r, m, v, &on))
				return field_fail(r, m, line, true, t, NULL,
						  "sqlite_autoincrement cannot "
						  "be resolved statically");
			t->sqlite_autoincrement = on;
		} else if (!strncmp(k, "postgresql_", 11) &&
			   r->dialect != RT_DIALECT_SQLITE) {
			return field_fail(r, m, line, false, t, NULL,
					  "__table_args__ option '%s' is not "
					  "supported yet",
					  k);
		}
		/* extend_existing, info, sqlite_*, mysql_*: no DDL here */
	}
	return 0;
}

/* The class attribute name of c or of the first class of its MRO that
 * has it. */
static rt_py_stmt *mro_attr(sm_class *c, const char *name, sm_class **owner)
{
	for (size_t k = 0; k < c->mro.len; k++) {
		sm_class *x = c->mro.items[k];
		for (size_t i = 0; i < x->st->body.len; i++) {
			rt_py_stmt *s = x->st->body.items[i];
			if ((s->kind == RT_PY_S_ASSIGN ||
			     s->kind == RT_PY_S_ANN) &&
			    s->value && s->ntargets == 1 &&
			    s->targets[0]->kind == RT_PY_NAME &&
			    !strcmp(s->targets[0]->s, name)) {
				*owner = x;
				return s;
			}
		}
	}
	return NULL;
}

/* ---- tables ------------------------------------------------------------- */

static bool serial_candidate(const col *c)
{
	return (c->aff == AFF_INT || c->aff == AFF_BIGINT ||
		c->aff == AFF_SMALLINT || c->aff == AFF_NUMERIC) &&
	       c->autoinc != 0 && !c->fk && !c->py_default &&
	       !c->server_default && !c->identity && !c->computed;
}

static int build_table(tb *b, sm_class *c, tbl **out)
{
	sm *r = b->r;
	sm_module *m = c->m;
	tbl *t = rt_arena_alloc(r->a, sizeof(*t));
	memset(t, 0, sizeof(*t));
	t->c = c;
	t->line = c->st->line;
	sm_class *owner;
	/* a @declared_attr function computes them: refused */
	for (size_t k = 0; k < c->mro.len; k++) {
		sm_class *x = c->mro.items[k];
		for (size_t i = 0; i < x->st->body.len; i++) {
			rt_py_stmt *s = x->st->body.items[i];
			if (s->kind == RT_PY_S_DEF &&
			    (!strcmp(s->name, "__tablename__") ||
			     !strcmp(s->name, "__table_args__")))
				return rt_load__sm_fail(
				    r, x->m, s->line, true,
				    "class %s: %s is computed by a function "
				    "and cannot be resolved statically",
				    c->name, s->name);
		}
	}
	rt_py_stmt *tn = mro_attr(c, "__tablename__", &owner);
	if (tn) {
		if (!rt_load__sm_str(r, owner->m, tn->value, &t->name))
			return rt_load__sm_fail(
			    r, owner->m, tn->line, true,
			    "class %s: __tablename__ cannot "
			    "be resolved statically",
			    c->name);
	} else {
		t->name = rt_arena_strlower(r->a, c->name);
	}
	if (long_name(r, tn ? owner->m : m, tn ? tn->line : t->line, "class",
		      c->name, "table name", t->name) < 0)
		return -1;
	rt_py_stmt *ta = mro_attr(c, "__table_args__", &owner);
	rt_py_expr *args = NULL;
	sm_module *am = m;
	if (ta) {
		am = owner->m;
		args = deref(r, &am, ta->value);
		if (args->kind == RT_PY_DICT) {
			if (table_kwargs(b, t, am, args, ta->line) < 0)
				return -1;
		} else if (args->kind == RT_PY_TUPLE) {
			if (args->n &&
			    args->items[args->n - 1]->kind == RT_PY_DICT &&
			    table_kwargs(b, t, am, args->items[args->n - 1],
					 ta->line) < 0)
				return -1;
		} else if (!rt_load__sm_is_none(r, am, args)) {
			return rt_load__sm_fail(
			    r, am, ta->line, args->kind != RT_PY_LIST,
			    "class %s: __table_args__ %s", c->name,
			    args->kind == RT_PY_LIST
				? "must be a tuple, dict, or None"
				: "cannot be resolved statically");
		}
	}
	for (size_t i = 0; i < c->fields.len; i++) {
		sm_field *f = c->fields.items[i];
		if (!f->annotation)
			continue;
		col *k;
		if (build_column(b, t, f, &k) < 0)
			return -1;
		for (size_t j = 0; j < t->cols.len; j++) {
			col *o = t->cols.items[j];
			/* the first byte rules out most before a strcmp */
			if (o->name[0] == k->name[0] &&
			    !strcmp(o->name, k->name))
				return field_fail(
				    r, f->owner->m, f->line, false, t, f->name,
				    "column '%s' given twice", k->name);
		}
		rt_vec_push(&t->cols, r->a, k);
	}
	if (args && args->kind == RT_PY_TUPLE) {
		for (size_t i = 0; i < args->n; i++) {
			if (args->items[i]->kind == RT_PY_DICT &&
			    i + 1 == args->n)
				continue;
			if (table_arg(b, t, am, args->items[i],
				      args->items[i]->line) < 0)
				return -1;
		}
	}
	if (long_name(r, am, ta ? ta->line : t->line, "class", c->name,
		      "schema name", t->schema) < 0)
		return -1;
	for (size_t i = 0; i < t->cons.len; i++) {
		con *k = t->cons.items[i];
		if (long_name(r, am, k->line, "table", t->name,
			      "constraint name", k->name) < 0)
			return -1;
	}
	/* the primary key */
	size_t npk = 0;
	if (t->pk_args) {
		for (size_t i = 0; i < t->cols.len; i++)
			((col *)t->cols.items[i])->pk = false;
		for (size_t i = 0; i < t->pk_args->cols.len; i++) {
			col *k = find_col(t, t->pk_args->cols.items[i]);
			k->pk = true;
			k->nullable = false;
		}
	}
	for (size_t i = 0; i < t->cols.len; i++)
		npk += ((col *)t->cols.items[i])->pk;
	if (npk == 0)
		return rt_load__sm_fail(r, m, t->line, false,
					"class %s: table '%s' has no primary "
					"key",
					c->name, t->name);
	for (size_t i = 0; i < t->cols.len; i++) {
		col *k = t->cols.items[i];
		if (!k->pk || !serial_candidate(k) ||
		    (npk > 1 && k->autoinc != 1))
			continue;
		k->plain_type = k->type;
		k->type = k->aff == AFF_BIGINT	   ? "BIGSERIAL"
			  : k->aff == AFF_SMALLINT ? "SMALLSERIAL"
						   : "SERIAL";
	}
	*out = t;
	return 0;
}

static const char *table_key(tb *b, const char *schema, const char *name)
{
	/* "\1" stands for no schema: not the same as "public" */
	return rt_load__sm_join(b->r->a, schema ? schema : "", "\1", name);
}

static tbl *find_table(tb *b, const char *schema, const char *name)
{
	const char *k = table_key(b, schema, name);
	return rt_map_get(&b->by_name, k, strlen(k));
}

/* Checks a foreign key's target; fills a missing column type from it. */
static int resolve_fk(tb *b, tbl *t, fkey *f, col *from)
{
	sm *r = b->r;
	sm_module *m = t->c->m;
	const char *field = from ? from->key : NULL;
	const char *target =
	    f->ref_schema
		? rt_arena_printf(r->a, "%s.%s.%s", f->ref_schema, f->ref_table,
				  (const char *)f->ref_cols.items[0])
		: rt_load__sm_join(r->a, f->ref_table, ".",
				   f->ref_cols.items[0]);
	tbl *rt = find_table(b, f->ref_schema, f->ref_table);
	if (!rt)
		return field_fail(r, m, f->line, false, t, field,
				  "foreign key to '%s': no table '%s%s%s'",
				  target, f->ref_schema ? f->ref_schema : "",
				  f->ref_schema ? "." : "", f->ref_table);
	for (size_t i = 0; i < f->ref_cols.len; i++) {
		col *rc = find_col(rt, f->ref_cols.items[i]);
		if (!rc)
			return field_fail(r, m, f->line, false, t, field,
					  "foreign key to '%s': no column "
					  "'%s' in table '%s' (%s:%d)",
					  target,
					  (const char *)f->ref_cols.items[i],
					  rt->name, rt->c->m->path, rt->line);
		f->ref_cols.items[i] = (void *)rc->name;
		if (from && !from->type && i == 0) {
			const char *ty = rc->type;
			if (ty && !strcmp(ty, "SERIAL"))
				ty = "INTEGER";
			else if (ty && !strcmp(ty, "BIGSERIAL"))
				ty = "BIGINT";
			else if (ty && !strcmp(ty, "SMALLSERIAL"))
				ty = "SMALLINT";
			from->type = ty;
			from->plain_type = rc->plain_type;
			from->lite_type = rc->lite_type;
			from->en = rc->en;
			from->aff = rc->aff;
		}
	}
	return 0;
}

/* ---- DDL ------------------------------------------------------------------
 */

typedef struct out {
	tb *b;
	rt_buf *sql;
	int line; /* lines in sql so far */
	rt_vec *stmt_places;
	rt_map *places;
	rt_vec *objs; /* rt_load_sqlite_obj *: SQLite's statements */
} out;

/* Notes the SQLite statement sql[start, end) (rt_load__sqlite_objs). */
static void note_obj(out *o, const char *type, const char *name,
		     const char *tbl_name, size_t start, size_t end)
{
	rt_load_sqlite_obj *x = rt_arena_alloc(o->b->r->a, sizeof(*x));
	x->type = type;
	x->name = name;
	x->tbl_name = tbl_name;
	x->start = start;
	x->end = end;
	rt_vec_push(o->objs, o->b->r->a, x);
}

static sm_place *place_new(tb *b, sm_module *m, int line)
{
	sm_place *p = rt_arena_alloc(b->ma, sizeof(*p));
	if (!m->model_path)
		m->model_path = rt_arena_strdup(b->ma, m->path);
	p->file = m->model_path;
	p->line = line;
	return p;
}

/* Ends the current line of DDL, which came from place p. */
static void eol(out *o, sm_place *p)
{
	rt_buf_addch(o->sql, '\n');
	o->line++;
	rt_vec_push(o->stmt_places, o->b->ma, (void *)(intptr_t)o->line);
	rt_vec_push(o->stmt_places, o->b->ma, p);
}

static const char *conv_name(tb *b, tbl *t, int key, const char *given,
			     const rt_vec *cols, const rt_vec *keys,
			     const fkey *fk, int line, bool *failed)
{
	const char *tmpl = b->r->conv[key];
	*failed = false;
	if (!tmpl)
		return given;
	if (given && !strstr(tmpl, "%(constraint_name)s"))
		return given;
	const char *n =
	    convention(b->r, t->c->m, line, t, tmpl, cols, keys, fk, given);
	if (!n)
		*failed = true;
	return n;
}

enum { CONV_IX, CONV_UQ, CONV_CK, CONV_FK, CONV_PK };

static void keys_of(tb *b, tbl *t, const rt_vec *names, rt_vec *keys)
{
	for (size_t i = 0; i < names->len; i++) {
		col *c = find_col(t, names->items[i]);
		rt_vec_push(keys, b->r->a,
			    (void *)(c ? c->key : names->items[i]));
	}
}

static void col_list(rt_buf *q, const rt_vec *v)
{
	rt_buf_addch(q, '(');
	for (size_t i = 0; i < v->len; i++) {
		if (i)
			rt_buf_adds(q, ", ");
		ident(q, v->items[i]);
	}
	rt_buf_addch(q, ')');
}

/* SQLAlchemy's SQLite spelling of column c's type (its SQLite type
 * compiler), from the PostgreSQL one the reader works out; NULL for a
 * type it cannot render there (create_all fails). */
static const char *sqlite_type(sm *r, const col *c)
{
	const char *ty = c->plain_type ? c->plain_type : c->type;
	if (c->lite_type && !c->en)
		return c->lite_type;
	static const char *const same[] = {
	    "TEXT", "INTEGER", "BIGINT",  "SMALLINT", "BOOLEAN", "DATE", "REAL",
	    "JSON", "FLOAT",   "NUMERIC", "VARCHAR",  "CHAR",	 NULL};
	if (c->en) {
		/* Enum: VARCHAR(n), n the longest label in characters */
		size_t n = 0;
		for (size_t i = 0; i < c->en->labels.len; i++) {
			size_t k = 0;
			for (const char *p = c->en->labels.items[i]; *p; p++)
				k += ((unsigned char)*p & 0xC0) != 0x80;
			if (k > n)
				n = k;
		}
		if (strstr(ty, "[]"))
			return NULL;
		return n ? rt_arena_printf(r->a, "VARCHAR(%zu)", n) : "VARCHAR";
	}
	if (strstr(ty, "[]"))
		return NULL;
	if (!strcmp(ty, "SERIAL"))
		return "INTEGER";
	if (!strcmp(ty, "BIGSERIAL"))
		return "BIGINT";
	if (!strcmp(ty, "SMALLSERIAL"))
		return "SMALLINT";
	if (!strncmp(ty, "TIMESTAMP", 9) || !strncmp(ty, "INTERVAL", 8))
		return "DATETIME";
	if (!strncmp(ty, "TIME", 4))
		return "TIME";
	if (!strcmp(ty, "UUID"))
		return "CHAR(32)";
	if (!strcmp(ty, "BYTEA"))
		return "BLOB";
	if (!strcmp(ty, "DOUBLE PRECISION"))
		return "DOUBLE PRECISION";
	for (const char *const *k = same; *k; k++) {
		size_t n = strlen(*k);
		if (!strncmp(ty, *k, n) && (ty[n] == 0 || ty[n] == '('))
			return ty;
	}
	return NULL;
}

/* A server default as SQLAlchemy's SQLite compiler writes it (since
 * SQLAlchemy 2.0.40): text that neither starts with a quote or a
 * parenthesis nor is one word goes in parentheses. (default_sql already
 * wrote true() and false() as 1 and 0, func.now() as CURRENT_TIMESTAMP.) */
static const char *sqlite_default(sm *r, const char *d)
{
	bool word = true;
	while (*d == ' ' || *d == '\t' || *d == '\n')
		d++;
	if (*d == '\'' || *d == '"' || *d == '(')
		return d;
	for (const char *p = d; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' &&
		    (unsigned char)*p < 0x80)
			word = false;
	return word ? d : rt_arena_printf(r->a, "(%s)", d);
}

/* The column SQLite's AUTOINCREMENT goes on (sqlite_autoincrement=True):
 * the primary key's only column, of integer affinity, with no foreign
 * key; NULL when none. */
static const col *sqlite_autoinc_col(const tbl *t)
{
	const col *pk = NULL;
	if (!t->sqlite_autoincrement)
		return NULL;
	if (t->pk_args && t->pk_args->cols.len != 1)
		return NULL;
	for (size_t i = 0; i < t->cols.len; i++) {
		const col *c = t->cols.items[i];
		bool is_pk = t->pk_args
				 ? !strcmp(c->name, t->pk_args->cols.items[0])
				 : c->pk;
		if (!is_pk)
			continue;
		if (pk)
			return NULL;
		pk = c;
	}
	if (!pk || pk->fk ||
	    !(pk->aff == AFF_INT || pk->aff == AFF_BIGINT ||
	      pk->aff == AFF_SMALLINT))
		return NULL;
	return pk;
}

static void fk_clause(out *o, rt_buf *q, fkey *f, const char *name);
static void fk_tail(rt_buf *q, const fkey *f);

/* Notes where column c of t came from (the model's places). */
static void col_place(out *o, tbl *t, col *c, sm_place *cp)
{
	tb *b = o->b;
	bool lite = b->r->dialect == RT_DIALECT_SQLITE;
	rt_buf kb = RT_BUF_INIT;
	rt_buf_adds(&kb, t->schema ? t->schema : lite ? "main" : "public");
	rt_buf_addch(&kb, '.');
	rt_buf_adds(&kb, t->name);
	rt_buf_addch(&kb, '.');
	rt_buf_adds(&kb, c->name);
	size_t kl = kb.len;
	char *k = rt_buf_detach_arena(&kb, b->ma);
	rt_map_put(o->places, b->ma, k, kl, cp);
}

/* Column c's definition after its name: " TYPE ... CHECK (...)". */
static int col_text(out *o, tbl *t, col *c, const col *autoinc, rt_buf *q)
{
	tb *b = o->b;
	sm *r = b->r;
	bool failed;
	bool lite = r->dialect == RT_DIALECT_SQLITE;
	const char *ty = lite ? sqlite_type(r, c) : c->type;
	if (!ty)
		return field_fail(r, t->c->m, c->line, false, t, c->key,
				  "type %s has no SQLite spelling "
				  "(create_all fails on SQLite)",
				  c->type);
	rt_buf_addch(q, ' ');
	rt_buf_adds(q, ty);
	if (c->collation) {
		rt_buf_adds(q, " COLLATE ");
		ident(q, c->collation);
	}
	if (c->server_default) {
		rt_buf_adds(q, " DEFAULT ");
		rt_buf_adds(q, lite ? sqlite_default(r, c->server_default)
				    : c->server_default);
	}
	if (!c->nullable)
		rt_buf_adds(q, " NOT NULL");
	if (c == autoinc)
		rt_buf_adds(q, " PRIMARY KEY AUTOINCREMENT");
	if (c->identity && !lite)
		rt_buf_addf(q, " %s", c->identity);
	if (c->computed)
		rt_buf_addf(q, " GENERATED ALWAYS AS (%s)%s", c->computed,
			    !lite || c->computed_stored ? " STORED" : "");
	for (size_t k = 0; k < c->checks.len; k++) {
		con *ck = c->checks.items[k];
		rt_vec cols = {0}, keys = {0};
		rt_vec_push(&cols, r->a, (void *)c->name);
		rt_vec_push(&keys, r->a, (void *)c->key);
		const char *n = conv_name(b, t, CONV_CK, ck->name, &cols, &keys,
					  NULL, c->line, &failed);
		if (failed)
			return -1;
		if (n) {
			rt_buf_adds(q, " CONSTRAINT ");
			ident(q, n);
		}
		rt_buf_addf(q, " CHECK (%s)", ck->check);
	}
	return 0;
}

/* The primary key clause: "[CONSTRAINT n ]PRIMARY KEY (...)". */
static int pk_text(out *o, tbl *t, rt_buf *q)
{
	tb *b = o->b;
	sm *r = b->r;
	bool failed;
	rt_vec pkcols = {0}, pkkeys = {0};
	for (size_t i = 0; i < t->cols.len; i++) {
		col *c = t->cols.items[i];
		if (c->pk)
			rt_vec_push(&pkcols, r->a, (void *)c->name);
	}
	if (t->pk_args)
		pkcols = t->pk_args->cols;
	keys_of(b, t, &pkcols, &pkkeys);
	const char *pkname =
	    conv_name(b, t, CONV_PK, t->pk_args ? t->pk_args->name : NULL,
		      &pkcols, &pkkeys, NULL, t->line, &failed);
	if (failed)
		return -1;
	if (pkname) {
		rt_buf_adds(q, "CONSTRAINT ");
		ident(q, pkname);
		rt_buf_addch(q, ' ');
	}
	rt_buf_adds(q, "PRIMARY KEY ");
	col_list(q, &pkcols);
	return 0;
}

/* The table's constraints after the key: __table_args__ ones, then
 * those of unique=True columns (con *, into all). */
static void table_cons(tb *b, tbl *t, rt_vec *all)
{
	sm *r = b->r;
	for (size_t i = 0; i < t->cons.len; i++)
		rt_vec_push(all, r->a, t->cons.items[i]);
	for (size_t i = 0; i < t->cols.len; i++) {
		col *c = t->cols.items[i];
		if (c->unique && !c->index) {
			con *u = con_new(r, 'u', c->line);
			rt_vec_push(&u->cols, r->a, (void *)c->name);
			rt_vec_push(all, r->a, u);
		}
	}
}

/* A constraint clause of CREATE TABLE (unique or check). */
static int con_text(out *o, tbl *t, con *c, rt_buf *q)
{
	tb *b = o->b;
	bool failed;
	rt_vec keys = {0};
	keys_of(b, t, &c->cols, &keys);
	const char *n =
	    conv_name(b, t, c->type == 'u' ? CONV_UQ : CONV_CK, c->name,
		      &c->cols, &keys, NULL, c->line, &failed);
	if (failed)
		return -1;
	if (n) {
		rt_buf_adds(q, "CONSTRAINT ");
		ident(q, n);
		rt_buf_addch(q, ' ');
	}
	if (c->type == 'u') {
		rt_buf_adds(q, "UNIQUE ");
		col_list(q, &c->cols);
	} else {
		rt_buf_addf(q, "CHECK (%s)", c->check);
	}
	if (c->deferrable)
		rt_buf_adds(q, " DEFERRABLE");
	if (c->initially)
		rt_buf_addf(q, " INITIALLY %s", c->initially);
	return 0;
}

/* t's indexes, in create_all's order: __table_args__ ones, then those
 * of index=True columns (idx *, into all). */
static void table_indexes(tb *b, tbl *t, rt_vec *all)
{
	sm *r = b->r;
	for (size_t i = 0; i < t->idxs.len; i++)
		rt_vec_push(all, r->a, t->idxs.items[i]);
	for (size_t i = 0; i < t->cols.len; i++) {
		col *c = t->cols.items[i];
		if (!c->index)
			continue;
		idx *x = rt_arena_alloc(r->a, sizeof(*x));
		memset(x, 0, sizeof(*x));
		x->unique = c->unique;
		x->line = c->line;
		x->col0 = c->name;
		rt_buf e = RT_BUF_INIT;
		ident(&e, c->name);
		rt_vec_push(&x->elems, r->a, rt_buf_detach_arena(&e, r->a));
		rt_vec_push(all, r->a, x);
	}
}

/* Index x's name: its own, or the convention's (NULL: error set). */
static const char *index_name(tb *b, tbl *t, idx *x)
{
	sm *r = b->r;
	if (x->name)
		return x->name;
	rt_vec cols = {0}, keys = {0};
	if (x->col0)
		rt_vec_push(&cols, r->a, (void *)x->col0);
	keys_of(b, t, &cols, &keys);
	const char *tmpl =
	    r->conv[CONV_IX] ? r->conv[CONV_IX] : "ix_%(column_0_label)s";
	return convention(r, t->c->m, x->line, t, tmpl, &cols, &keys, NULL,
			  NULL);
}

/* CREATE INDEX after "ON table": "[ USING m] (...)[ INCLUDE ...][ WHERE
 * ...]". */
static void index_tail(sm *r, idx *x, rt_buf *q)
{
	bool lite = r->dialect == RT_DIALECT_SQLITE;
	if (x->using && !lite)
		rt_buf_addf(q, " USING %s", x->using);
	rt_buf_adds(q, " (");
	for (size_t k = 0; k < x->elems.len; k++) {
		if (k)
			rt_buf_adds(q, ", ");
		rt_buf_adds(q, x->elems.items[k]);
	}
	rt_buf_addch(q, ')');
	if (x->include.len && !lite) {
		rt_buf_adds(q, " INCLUDE ");
		col_list(q, &x->include);
	}
	if (x->where)
		rt_buf_addf(q, " WHERE %s", x->where);
}

static int emit_table(out *o, tbl *t)
{
	tb *b = o->b;
	sm *r = b->r;
	rt_buf *q = o->sql;
	bool failed;
	sm_place *tp = t->place;
	bool lite = r->dialect == RT_DIALECT_SQLITE;
	const col *autoinc = lite ? sqlite_autoinc_col(t) : NULL;
	size_t start = q->len;
	rt_buf_adds(q, "CREATE TABLE ");
	qname(q, t->schema, t->name);
	rt_buf_adds(q, " (");
	eol(o, tp);
	bool first = true;
	for (size_t i = 0; i < t->cols.len; i++) {
		col *c = t->cols.items[i];
		sm_place *cp = place_new(b, t->c->m, c->line);
		if (!first) {
			rt_buf_addch(q, ',');
			eol(o, cp);
		}
		first = false;
		rt_buf_addch(q, '\t');
		ident(q, c->name);
		if (col_text(o, t, c, autoinc, q) < 0)
			return -1;
		col_place(o, t, c, cp);
	}
	if (!autoinc) { /* with autoinc, the key is the column's */
		rt_buf_addch(q, ',');
		eol(o, tp);
		rt_buf_addch(q, '\t');
		if (pk_text(o, t, q) < 0)
			return -1;
	}
	rt_vec all = {0};
	table_cons(b, t, &all);
	for (size_t i = 0; i < all.len; i++) {
		con *c = all.items[i];
		rt_buf_addch(q, ',');
		eol(o, place_new(b, t->c->m, c->line));
		rt_buf_addch(q, '\t');
		if (con_text(o, t, c, q) < 0)
			return -1;
	}
	/* SQLite has no ALTER TABLE ADD CONSTRAINT: foreign keys inline */
	for (size_t i = 0; lite && i < t->cols.len + t->fks.len; i++) {
		fkey *f = i < t->cols.len ? ((col *)t->cols.items[i])->fk
					  : t->fks.items[i - t->cols.len];
		if (!f)
			continue;
		rt_vec keys = {0};
		keys_of(b, t, &f->cols, &keys);
		const char *n = conv_name(b, t, CONV_FK, f->name, &f->cols,
					  &keys, f, f->line, &failed);
		if (failed)
			return -1;
		rt_buf_addch(q, ',');
		eol(o, place_new(b, t->c->m, f->line));
		rt_buf_addch(q, '\t');
		fk_clause(o, q, f, n);
	}
	eol(o, tp);
	if (lite)
		note_obj(o, "table", t->name, t->name, start, q->len + 1);
	rt_buf_adds(q, ");");
	eol(o, tp);
	/* indexes */
	rt_vec idxs = {0};
	table_indexes(b, t, &idxs);
	for (size_t i = 0; i < idxs.len; i++) {
		idx *x = idxs.items[i];
		const char *n = index_name(b, t, x);
		if (!n)
			return -1;
		start = q->len;
		rt_buf_adds(q, x->unique ? "CREATE UNIQUE INDEX "
					 : "CREATE INDEX ");
		ident(q, n);
		rt_buf_adds(q, " ON ");
		qname(q, t->schema, t->name);
		index_tail(r, x, q);
		if (lite)
			note_obj(o, "index", n, t->name, start, q->len);
		rt_buf_addch(q, ';');
		eol(o, place_new(b, t->c->m, x->line));
	}
	/* comments (SQLite has none) */
	if (lite)
		return 0;
	if (t->comment) {
		rt_buf_adds(q, "COMMENT ON TABLE ");
		qname(q, t->schema, t->name);
		rt_buf_adds(q, " IS ");
		literal(q, t->comment);
		rt_buf_addch(q, ';');
		eol(o, tp);
	}
	for (size_t i = 0; i < t->cols.len; i++) {
		col *c = t->cols.items[i];
		if (!c->comment)
			continue;
		rt_buf_adds(q, "COMMENT ON COLUMN ");
		qname(q, t->schema, t->name);
		rt_buf_addch(q, '.');
		ident(q, c->name);
		rt_buf_adds(q, " IS ");
		literal(q, c->comment);
		rt_buf_addch(q, ';');
		eol(o, place_new(b, t->c->m, c->line));
	}
	return 0;
}

static int emit_fk(out *o, tbl *t, fkey *f)
{
	tb *b = o->b;
	rt_buf *q = o->sql;
	bool failed;
	rt_vec keys = {0};
	keys_of(b, t, &f->cols, &keys);
	const char *n = conv_name(b, t, CONV_FK, f->name, &f->cols, &keys, f,
				  f->line, &failed);
	if (failed)
		return -1;
	rt_buf_adds(q, "ALTER TABLE ");
	qname(q, t->schema, t->name);
	rt_buf_adds(q, " ADD ");
	fk_clause(o, q, f, n);
	rt_buf_addch(q, ';');
	eol(o, place_new(b, t->c->m, f->line));
	return 0;
}

/* [CONSTRAINT n] FOREIGN KEY (...) REFERENCES ... (SQLite: the
 * referenced table without its schema, as SQLAlchemy writes it). */
static void fk_clause(out *o, rt_buf *q, fkey *f, const char *n)
{
	if (n) {
		rt_buf_adds(q, "CONSTRAINT ");
		ident(q, n);
		rt_buf_addch(q, ' ');
	}
	rt_buf_adds(q, "FOREIGN KEY ");
	col_list(q, &f->cols);
	rt_buf_adds(q, " REFERENCES ");
	qname(q, o->b->r->dialect == RT_DIALECT_SQLITE ? NULL : f->ref_schema,
	      f->ref_table);
	rt_buf_addch(q, ' ');
	col_list(q, &f->ref_cols);
	fk_tail(q, f);
}

/* A foreign key clause after the referenced columns: MATCH, actions,
 * deferral. */
static void fk_tail(rt_buf *q, const fkey *f)
{
	if (f->match)
		rt_buf_addf(q, " MATCH %s", f->match);
	if (f->ondelete) {
		rt_buf_adds(q, " ON DELETE ");
		rt_buf_adds(q, f->ondelete);
	}
	if (f->onupdate)
		rt_buf_addf(q, " ON UPDATE %s", f->onupdate);
	if (f->deferrable)
		rt_buf_adds(q, " DEFERRABLE");
	if (f->initially)
		rt_buf_addf(q, " INITIALLY %s", f->initially);
}

/* ---- the direct build (PostgreSQL) ----------------------------------------
 *
 * Instead of writing the whole DDL and having the SQL loader parse it, the
 * parse tree of each statement is put together from pieces: a column's
 * definition, a key, an index's tail, a foreign key's actions are parsed
 * once per distinct text (a thousand tables share a few dozen) with the
 * names set afterwards, and the loader's own functions
 * (rt_load__create_table, rt_load__create_index, rt_load__add_constraint)
 * run on the trees: the schema is the one the DDL gives, built by the
 * same code. Pieces that hold a CHECK are parsed each time (the loader
 * rewrites a check's tree for the table's boolean columns). Whatever
 * fails returns DIRECT_REDO: the caller then loads the DDL, whose error
 * (message and place) is the reference.
 */

enum { DIRECT_REDO = -2 };
enum { DIRECT_THREADED = 32 };

/*
 * The direct build runs as a pipeline on two threads: the prep (a helper
 * thread) puts together each table's pieces (the columns' and
 * constraints' texts, the conventions' names, the parse trees), using the
 * reader's state and its scratch arena only, while the loader (the
 * calling thread) runs rt_load__create_table and the rest on them, in the
 * loader's state and arenas only, one table behind. The prep does the
 * tables in order, then their foreign keys, and stops at its first
 * failure, which it records where direct_table met it before: the loader
 * stops there too, so the first failure (and so the error, or the DDL's)
 * is the one of the single-thread build.
 */

/* One table's pieces, made ahead of the loader by the prep. */
typedef struct dtab {
	int rc;	     /* 0, or the first failure: -1 (r->err set) */
	int fail;    /* or DIRECT_REDO; where: -1 before CREATE
		      * TABLE, k at index k */
	size_t len;  /* the longest piece text parsed for it */
	Node *tmpl;  /* "CREATE TABLE t ()" */
	Node **elts; /* the columns' ColumnDefs (t->cols' order, all
		      * named "c"), then the key and constraints */
	size_t n_elts;
	rt_vec idxs;	     /* idx *: table_indexes' */
	const char **inames; /* their names */
	Node **istmts;	     /* "CREATE [UNIQUE] INDEX i ON t ...", or NULL */
	struct plainix **iplain; /* their texts when plain, or NULL */
	const char *schema;	 /* the table's ("public" when none) */
	/* the foreign keys: the columns', then __table_args__' */
	int fk_rc; /* 0, or the first failure, at foreign key fk_fail */
	size_t fk_fail, n_fks, fk_len;
	fkey **fks;
	const char **fnames;
	PgQuery__Constraint **fcons; /* the parsed constraint, unnamed */
} dtab;

typedef struct dx {
	out *o;
	/* the prep's */
	rt_arena *keep; /* the parse trees: the reader's scratch arena */
	rt_map memo;	/* piece SQL -> Node * (its statement) */
	ld lp;		/* rt_load__reparse's (scratch = keep, nothing else) */
	size_t len;	/* the longest piece parsed since it was reset */
	dtab *tabs;	/* one per table of b */
	/* the loader's */
	ld *l;
	rt_load_sql_run *run;
	rt_arena *ba;	  /* the blanks' */
	char *blank;	  /* l->text: blanks as long as any piece, so the */
	size_t blank_len; /* loader's places fall on no line and no mark */
	/* between them: the prep's steps are the tables, then their
	 * foreign keys (2 per table) */
	bool threaded;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t ready;	  /* steps done */
	bool waiting;	  /* the loader waits for one */
	atomic_bool stop; /* the loader failed: the prep stops */
} dx;

/* The statement sql (one) as a tree; NULL when it does not parse. */
static Node *dx_parse(dx *d, const char *sql, bool memo)
{
	size_t n = strlen(sql);
	if (n > d->len)
		d->len = n;
	if (memo) {
		Node *got = rt_map_get(&d->memo, sql, n);
		if (got)
			return got;
	}
	PgQuery__ParseResult *tree = NULL;
	const char *msg;
	int at;
	switch (rt_canon_parse(d->keep, sql, RT_LOAD_DEPTH_MAX, &tree, &msg,
			       &at, NULL)) {
	case RT_PARSE_OK:
		break;
	case RT_PARSE_NOT_HERE:
		tree = rt_load__reparse(&d->lp, sql);
		break;
	default:
		return NULL;
	}
	if (!tree || tree->n_stmts != 1 || !tree->stmts[0]->stmt)
		return NULL;
	Node *st = tree->stmts[0]->stmt;
	if (memo)
		rt_map_put(&d->memo, d->keep, rt_arena_strdup(d->keep, sql), n,
			   st);
	return st;
}

/* The single element of "CREATE TABLE t (...)" in sql, of case c. */
static Node *dx_elt(dx *d, const char *sql, bool memo,
		    PgQuery__Node__NodeCase c)
{
	Node *st = dx_parse(d, sql, memo);
	if (!st || st->node_case != PG_QUERY__NODE__NODE_CREATE_STMT ||
	    st->create_stmt->n_table_elts != 1 ||
	    st->create_stmt->table_elts[0]->node_case != c)
		return NULL;
	return st->create_stmt->table_elts[0];
}

/* The loader's blanks: at least len long (the longest piece to come). */
static void dx_blank(dx *d, size_t len)
{
	if (len < d->blank_len)
		return;
	d->blank_len = 2 * len + 256;
	d->blank = rt_arena_alloc(d->ba, d->blank_len + 1);
	memset(d->blank, ' ', d->blank_len);
	d->blank[d->blank_len] = 0;
}

/* Points the loader at the next statement, from Python line line. */
static void dx_at(dx *d, int line)
{
	ld *l = d->l;
	l->text = d->blank;
	l->nl = NULL;
	l->loc = 0;
	l->loc_line = line;
}

static Node **dx_strings(dx *d, const rt_vec *v)
{
	ld *l = d->l;
	Node **v2 = rt_arena_alloc(l->scratch, (v->len + 1) * sizeof(*v2));
	for (size_t i = 0; i < v->len; i++) {
		PgQuery__String *str = rt_arena_alloc(l->scratch, sizeof(*str));
		pg_query__string__init(str);
		str->sval = (char *)v->items[i];
		v2[i] = rt_load__wrap(l, PG_QUERY__NODE__NODE_STRING, str);
	}
	return v2;
}

static PgQuery__RangeVar *dx_rv(dx *d, const PgQuery__RangeVar *tmpl,
				const char *schema, const char *name)
{
	PgQuery__RangeVar *rv = rt_arena_alloc(d->l->scratch, sizeof(*rv));
	*rv = *tmpl;
	rv->schemaname = (char *)(schema ? schema : "");
	rv->relname = (char *)name;
	return rv;
}

static rt_table *dx_table(dx *d, const tbl *t)
{
	return rt_schema_find_table(d->l->s, t->schema ? t->schema : "public",
				    t->name);
}

static const char *dx_comment(dx *d, const char *text)
{
	return text && *text ? rt_arena_strdup(d->l->a, text) : NULL;
}

/* Whether name is written bare by PostgreSQL's quote_identifier (and so
 * by the deparser and rt_buf_add_ident alike). */
static bool bare(const char *name)
{
	return !rt_sql_ident_needs_quotes(RT_DIALECT_PG, name);
}

/* A plain index's texts (direct_plain_index's), made by the prep in the
 * reader's arena: what depends on names only. */
typedef struct plainix {
	const char *def, *key; /* rt_expr's text and key */
	const char *rel;       /* "schema.table" */
	rt_vec cols;	       /* const char *: the distinct columns */
} plainix;

/* Index x's plainix when it is plain as far as names tell (columns only,
 * btree, no INCLUDE, no WHERE, every name bare and a column of t), with
 * name n, in schema (t->schema, or "public"); NULL when not. */
static plainix *prep_plain(dx *d, tbl *t, idx *x, const char *schema,
			   const char *n)
{
	rt_arena *a = d->keep;
	if (x->using || x->include.len || x->where || !x->elems.len ||
	    !bare(schema) || !bare(t->name))
		return NULL;
	for (size_t k = 0; k < x->elems.len; k++) {
		const char *e = x->elems.items[k];
		col *c = find_col(t, e);
		if (!c || strcmp(c->name, e) || !bare(e))
			return NULL;
	}
	plainix *pi = rt_arena_alloc(a, sizeof(*pi));
	memset(pi, 0, sizeof(*pi));
	rt_buf def = RT_BUF_INIT, key = RT_BUF_INIT, list = RT_BUF_INIT;
	const char *head = x->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
	rt_buf_adds(&list, " USING btree (");
	for (size_t k = 0; k < x->elems.len; k++) {
		const char *e = x->elems.items[k];
		if (k)
			rt_buf_adds(&list, ", ");
		rt_buf_adds(&list, e);
		bool seen = false;
		for (size_t j = 0; j < pi->cols.len && !seen; j++)
			seen = !strcmp(pi->cols.items[j], e);
		if (!seen)
			rt_vec_push(&pi->cols, a, (void *)e);
	}
	rt_buf_addch(&list, ')');
	rt_buf_adds(&def, head);
	rt_buf_add_ident(&def, RT_DIALECT_PG, n);
	rt_buf_adds(&def, " ON ");
	rt_buf_adds(&def, schema);
	rt_buf_addch(&def, '.');
	rt_buf_adds(&def, t->name);
	rt_buf_adds(&def, list.data);
	rt_buf_adds(&key, head);
	rt_buf_adds(&key, "ON ");
	if (strcmp(schema, "public") != 0) {
		rt_buf_adds(&key, schema);
		rt_buf_addch(&key, '.');
	}
	rt_buf_adds(&key, t->name);
	rt_buf_adds(&key, list.data);
	pi->def = rt_buf_detach_arena(&def, a);
	pi->key = rt_buf_detach_arena(&key, a);
	pi->rel = rt_load__sm_join(a, schema, ".", t->name);
	rt_buf_release(&list);
	return pi;
}

/* Index n on table tt, as index x of the model wrote it: its definition
 * text, key and refs (in l's arena) made by the caller. */
static void add_plain_index(ld *l, rt_table *tt, const idx *x, const char *n,
			    const char *text, const char *key, rt_refs *refs)
{
	rt_index *ix = RT_NEW(l->a, rt_index);
	ix->schema = tt->schema;
	ix->name = rt_arena_strdup(l->a, n);
	ix->table.schema = tt->schema;
	ix->table.name = tt->name;
	ix->unique = x->unique;
	ix->src_line = x->line;
	ix->def = RT_NEW(l->a, rt_expr);
	ix->def->text = text;
	ix->def->key = key;
	ix->def->refs = refs;
	rt_schema_add(l->s, RT_KIND_INDEX, &ix->obj);
}

/*
 * Index x of table tt when it is a plain one (columns only, btree, no
 * INCLUDE, no WHERE, every name bare): the rt_index rt_load__create_index
 * makes of it, with the definition pg_get_indexdef prints, the key
 * rt_canon_index gives (name and "public." left out) and the references
 * rt_canon_refs finds (the distinct columns, the table as written), none
 * of them parsed. 1 when built, 0 when not plain, -1 on a failure.
 */
static int direct_plain_index(dx *d, tbl *t, rt_table *tt, idx *x,
			      const char *n)
{
	ld *l = d->l;
	if (x->using || x->include.len || x->where || !x->elems.len ||
	    !bare(tt->schema) || !bare(tt->name))
		return 0;
	rt_vec cols = {0};
	for (size_t k = 0; k < x->elems.len; k++) {
		const char *e = x->elems.items[k];
		col *c = find_col(t, e);
		if (!c || strcmp(c->name, e) || !bare(e) ||
		    !rt_table_find_column(tt, e))
			return 0;
		rt_vec_push(&cols, l->scratch, (void *)e);
	}
	if (rt_schema_relname_taken(l->s, tt->schema, n))
		return -1;
	rt_buf def = RT_BUF_INIT, key = RT_BUF_INIT, list = RT_BUF_INIT;
	const char *head = x->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
	rt_buf_adds(&list, " USING btree (");
	rt_refs *refs = RT_NEW(l->a, rt_refs);
	for (size_t k = 0; k < cols.len; k++) {
		if (k)
			rt_buf_adds(&list, ", ");
		rt_buf_adds(&list, cols.items[k]);
		bool seen = false;
		for (size_t j = 0; j < refs->columns.len && !seen; j++)
			seen = !strcmp(refs->columns.items[j], cols.items[k]);
		if (!seen)
			rt_vec_push(&refs->columns, l->a,
				    rt_arena_strdup(l->a, cols.items[k]));
	}
	rt_buf_addch(&list, ')');
	rt_buf_adds(&def, head);
	rt_buf_add_ident(&def, RT_DIALECT_PG, n);
	rt_buf_adds(&def, " ON ");
	rt_buf_adds(&def, tt->schema);
	rt_buf_addch(&def, '.');
	rt_buf_adds(&def, tt->name);
	rt_buf_adds(&def, list.data);
	rt_buf_adds(&key, head);
	rt_buf_adds(&key, "ON ");
	if (strcmp(tt->schema, "public") != 0) {
		rt_buf_adds(&key, tt->schema);
		rt_buf_addch(&key, '.');
	}
	rt_buf_adds(&key, tt->name);
	rt_buf_adds(&key, list.data);
	rt_vec_push(&refs->relations, l->a,
		    rt_load__sm_join(l->a, tt->schema, ".", tt->name));
	const char *text = rt_buf_detach_arena(&def, l->a);
	add_plain_index(l, tt, x, n, text, rt_buf_detach_arena(&key, l->a),
			refs);
	rt_buf_release(&list);
	return 1;
}

/* direct_plain_index from the prep's texts pi (tt's schema and name those
 * pi was made with): the same index, the same answer. */
static int direct_plain_pre(dx *d, rt_table *tt, idx *x, const char *n,
			    const plainix *pi)
{
	ld *l = d->l;
	for (size_t k = 0; k < pi->cols.len; k++)
		if (!rt_table_find_column(tt, pi->cols.items[k]))
			return 0;
	if (rt_schema_relname_taken(l->s, tt->schema, n))
		return -1;
	rt_refs *refs = RT_NEW(l->a, rt_refs);
	for (size_t k = 0; k < pi->cols.len; k++)
		rt_vec_push(&refs->columns, l->a,
			    rt_arena_strdup(l->a, pi->cols.items[k]));
	rt_vec_push(&refs->relations, l->a, rt_arena_strdup(l->a, pi->rel));
	add_plain_index(l, tt, x, n, rt_arena_strdup(l->a, pi->def),
			rt_arena_strdup(l->a, pi->key), refs);
	return 1;
}

/* A SERIAL column's default: rt_load__make_expr finds its key in the
 * loader's memo when the sequence gets the name PostgreSQL would give it
 * now and that name is bare (nextval('s.t_c_seq'::regclass) has the key
 * nextval('s.t_c_seq')); the text of that default, or NULL. */
static const char *seed_nextval(dx *d, const rt_table *tt, const char *colname)
{
	ld *l = d->l;
	const char *seq = rt_schema_default_name(l->s, tt->schema, tt->name,
						 &colname, 1, "seq");
	if (!bare(seq) || !bare(tt->schema))
		return NULL;
	const char *text = rt_load__nextval_text(l->s, tt->schema, seq);
	size_t n = strlen(text);
	if (n < 20 || strcmp(text + n - 12, "'::regclass)"))
		return NULL;
	if (!rt_map_get(&l->canon_memo, text, n)) {
		char *key =
		    rt_arena_printf(l->a, "%.*s')", (int)(n - 12), text);
		rt_map_put(&l->canon_memo, l->a, text, n, key);
	}
	return text;
}

/* The references of default text (seed_nextval's): nextval and the
 * sequence as written, as rt_canon_refs finds them. */
static rt_refs *nextval_refs(dx *d, const char *text)
{
	ld *l = d->l;
	rt_refs *refs = RT_NEW(l->a, rt_refs);
	size_t n = strlen(text);
	rt_vec_push(&refs->functions, l->a, (void *)"nextval");
	rt_vec_push(&refs->sequences, l->a,
		    rt_arena_strndup(l->a, text + 9, n - 9 - 12));
	return refs;
}

/* The pieces of table i that direct_table puts together, in its order:
 * the prep's part (the reader's state, d->keep). */
static void prep_table(dx *d, size_t i)
{
	out *o = d->o;
	tb *b = o->b;
	sm *r = b->r;
	tbl *t = b->tables.items[i];
	dtab *p = &d->tabs[i];
	rt_buf q = RT_BUF_INIT;
	rt_vec all = {0};
	d->len = 0;
	p->rc = DIRECT_REDO;
	p->fail = -1;
	p->tmpl = dx_parse(d, "CREATE TABLE t ()", true);
	if (!p->tmpl || p->tmpl->node_case != PG_QUERY__NODE__NODE_CREATE_STMT)
		goto done;
	table_cons(b, t, &all);
	p->elts =
	    rt_arena_alloc(r->a, (t->cols.len + 1 + all.len) * sizeof(Node *));
	for (size_t k = 0; k < t->cols.len; k++) {
		col *c = t->cols.items[k];
		q.len = 0;
		rt_buf_adds(&q, "CREATE TABLE t (c");
		if (col_text(o, t, c, NULL, &q) < 0) {
			p->rc = -1;
			goto done;
		}
		rt_buf_addch(&q, ')');
		Node *e = dx_elt(d, q.data, c->checks.len == 0,
				 PG_QUERY__NODE__NODE_COLUMN_DEF);
		if (!e)
			goto done;
		p->elts[p->n_elts++] = e;
	}
	q.len = 0;
	rt_buf_adds(&q, "CREATE TABLE t (");
	if (pk_text(o, t, &q) < 0) {
		p->rc = -1;
		goto done;
	}
	rt_buf_addch(&q, ')');
	Node *pk = dx_elt(d, q.data, true, PG_QUERY__NODE__NODE_CONSTRAINT);
	if (!pk)
		goto done;
	p->elts[p->n_elts++] = pk;
	for (size_t k = 0; k < all.len; k++) {
		con *c = all.items[k];
		q.len = 0;
		rt_buf_adds(&q, "CREATE TABLE t (");
		if (con_text(o, t, c, &q) < 0) {
			p->rc = -1;
			goto done;
		}
		rt_buf_addch(&q, ')');
		Node *e = dx_elt(d, q.data, c->type != 'c',
				 PG_QUERY__NODE__NODE_CONSTRAINT);
		if (!e)
			goto done;
		p->elts[p->n_elts++] = e;
	}
	table_indexes(b, t, &p->idxs);
	size_t ni = p->idxs.len + 1;
	p->inames = rt_arena_alloc(r->a, ni * sizeof(*p->inames));
	p->istmts = rt_arena_alloc(r->a, ni * sizeof(*p->istmts));
	p->iplain = rt_arena_alloc(r->a, ni * sizeof(*p->iplain));
	p->schema = t->schema ? t->schema : "public";
	for (size_t k = 0; k < p->idxs.len; k++) {
		idx *x = p->idxs.items[k];
		p->inames[k] = index_name(b, t, x);
		if (!p->inames[k]) {
			p->rc = -1;
			p->fail = (int)k;
			goto done;
		}
		/* wanted only when the index is not a plain one, which the
		 * loader's schema decides: parsed for all (one per text) */
		q.len = 0;
		rt_buf_adds(&q, x->unique ? "CREATE UNIQUE INDEX i ON t"
					  : "CREATE INDEX i ON t");
		index_tail(r, x, &q);
		p->istmts[k] = dx_parse(d, q.data, true);
		p->iplain[k] = prep_plain(d, t, x, p->schema, p->inames[k]);
	}
	p->rc = 0;
done:
	p->len = d->len;
	rt_buf_release(&q);
}

/* The pieces of table i's foreign keys (direct_fk's, the prep's part). */
static void prep_fks(dx *d, size_t i)
{
	tb *b = d->o->b;
	sm *r = b->r;
	tbl *t = b->tables.items[i];
	dtab *p = &d->tabs[i];
	size_t n = t->fks.len;
	for (size_t k = 0; k < t->cols.len; k++)
		n += ((col *)t->cols.items[k])->fk != NULL;
	p->fks = rt_arena_alloc(r->a, (n + 1) * sizeof(*p->fks));
	p->fnames = rt_arena_alloc(r->a, (n + 1) * sizeof(*p->fnames));
	p->fcons = rt_arena_alloc(r->a, (n + 1) * sizeof(*p->fcons));
	for (size_t k = 0; k < t->cols.len; k++)
		if (((col *)t->cols.items[k])->fk)
			p->fks[p->n_fks++] = ((col *)t->cols.items[k])->fk;
	for (size_t k = 0; k < t->fks.len; k++)
		p->fks[p->n_fks++] = t->fks.items[k];
	d->len = 0;
	rt_buf q = RT_BUF_INIT;
	for (size_t k = 0; k < p->n_fks; k++) {
		fkey *f = p->fks[k];
		bool failed;
		rt_vec keys = {0};
		keys_of(b, t, &f->cols, &keys);
		p->fnames[k] = conv_name(b, t, CONV_FK, f->name, &f->cols,
					 &keys, f, f->line, &failed);
		p->fk_fail = k;
		p->fk_rc = -1;
		if (failed)
			break;
		q.len = 0;
		rt_buf_adds(
		    &q, "ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES r (b)");
		fk_tail(&q, f);
		Node *st = dx_parse(d, q.data, true);
		p->fk_rc = DIRECT_REDO;
		if (!st ||
		    st->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_STMT ||
		    st->alter_table_stmt->n_cmds != 1)
			break;
		PgQuery__AlterTableCmd *cmd =
		    st->alter_table_stmt->cmds[0]->alter_table_cmd;
		if (!cmd->def ||
		    cmd->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
			break;
		p->fcons[k] = cmd->def->constraint;
		p->fk_rc = 0;
	}
	p->fk_len = d->len;
	rt_buf_release(&q);
}

/* The prep's step s: table s, or the foreign keys of table s - n. Whether
 * it failed. */
static bool prep_step(dx *d, size_t s)
{
	size_t n = d->o->b->tables.len;
	if (s < n) {
		prep_table(d, s);
		return d->tabs[s].rc != 0;
	}
	prep_fks(d, s - n);
	return d->tabs[s - n].fk_rc != 0;
}

static void *prep_thread(void *arg)
{
	dx *d = arg;
	size_t steps = 2 * d->o->b->tables.len;
	for (size_t s = 0; s < steps; s++) {
		if (atomic_load_explicit(&d->stop, memory_order_relaxed))
			break;
		bool failed = prep_step(d, s);
		pthread_mutex_lock(&d->mu);
		d->ready = s + 1;
		if (d->waiting)
			pthread_cond_signal(&d->cv);
		pthread_mutex_unlock(&d->mu);
		if (failed)
			break;
	}
	return NULL;
}

/* Waits until the prep has done step s (does it, without the thread). The
 * prep stops only after a failed step, where the loader stops too. */
static void prep_wait(dx *d, size_t s)
{
	if (!d->threaded) {
		prep_step(d, s);
		return;
	}
	pthread_mutex_lock(&d->mu);
	while (d->ready <= s) {
		d->waiting = true;
		pthread_cond_wait(&d->cv, &d->mu);
	}
	d->waiting = false;
	pthread_mutex_unlock(&d->mu);
}

/* CREATE TABLE, its indexes and comments, as emit_table writes them, from
 * the pieces of table i: the loader's part. */
static int direct_table(dx *d, size_t i)
{
	tb *b = d->o->b;
	tbl *t = b->tables.items[i];
	const dtab *p = &d->tabs[i];
	ld *l = d->l;
	if (p->rc && p->fail < 0)
		return p->rc;
	dx_blank(d, p->len);
	Node **elts = rt_arena_alloc(l->scratch, p->n_elts * sizeof(*elts));
	for (size_t k = 0; k < p->n_elts; k++) {
		if (k >= t->cols.len) {
			elts[k] = p->elts[k];
			continue;
		}
		PgQuery__ColumnDef *cd =
		    rt_arena_alloc(l->scratch, sizeof(*cd));
		*cd = *p->elts[k]->column_def;
		cd->colname = (char *)((col *)t->cols.items[k])->name;
		elts[k] = rt_load__wrap(l, PG_QUERY__NODE__NODE_COLUMN_DEF, cd);
	}
	PgQuery__CreateStmt cs = *p->tmpl->create_stmt;
	cs.relation = dx_rv(d, cs.relation, t->schema, t->name);
	cs.table_elts = elts;
	cs.n_table_elts = p->n_elts;
	/* SERIAL columns: their nextval defaults' keys in the loader's memo */
	const char **seeded =
	    rt_arena_alloc(l->scratch, (t->cols.len + 1) * sizeof(*seeded));
	rt_table probe = {.schema = t->schema ? t->schema : "public",
			  .name = t->name};
	for (size_t k = 0; k < t->cols.len; k++) {
		col *c = t->cols.items[k];
		seeded[k] = c->type && strstr(c->type, "SERIAL")
				? seed_nextval(d, &probe, c->name)
				: NULL;
	}
	dx_at(d, t->line);
	if (rt_load__create_table(l, &cs) < 0)
		return DIRECT_REDO;
	rt_table *tt = dx_table(d, t);
	if (!tt)
		return DIRECT_REDO;
	for (size_t k = 0; k < t->cols.len; k++) {
		col *c = t->cols.items[k];
		rt_column *cc =
		    seeded[k] ? rt_table_find_column(tt, c->name) : NULL;
		if (cc && cc->default_expr && !cc->default_expr->refs &&
		    !strcmp(cc->default_expr->text, seeded[k]))
			cc->default_expr->refs = nextval_refs(d, seeded[k]);
	}
	for (size_t k = 0; k < p->idxs.len; k++) {
		if (p->rc && (int)k == p->fail)
			return p->rc;
		idx *x = p->idxs.items[k];
		const char *n = p->inames[k];
		dx_at(d, x->line);
		int plain;
		if (!strcmp(tt->schema, p->schema) &&
		    !strcmp(tt->name, t->name))
			plain = p->iplain[k] ? direct_plain_pre(d, tt, x, n,
								p->iplain[k])
					     : 0;
		else
			plain = direct_plain_index(d, t, tt, x, n);
		if (plain < 0)
			return DIRECT_REDO;
		if (plain)
			continue;
		Node *st = p->istmts[k];
		if (!st || st->node_case != PG_QUERY__NODE__NODE_INDEX_STMT)
			return DIRECT_REDO;
		PgQuery__IndexStmt is = *st->index_stmt;
		is.idxname = (char *)n;
		is.relation = dx_rv(d, is.relation, t->schema, t->name);
		dx_at(d, x->line);
		if (rt_load__create_index(l, &is) < 0)
			return DIRECT_REDO;
	}
	if (t->comment)
		tt->comment = dx_comment(d, t->comment);
	for (size_t k = 0; k < t->cols.len; k++) {
		col *c = t->cols.items[k];
		if (!c->comment)
			continue;
		rt_column *cc = rt_table_find_column(tt, c->name);
		if (!cc)
			return DIRECT_REDO;
		cc->comment = dx_comment(d, c->comment);
	}
	return 0;
}

/* ALTER TABLE t ADD [CONSTRAINT n] FOREIGN KEY ..., as emit_fk writes it,
 * for each foreign key of table i: the loader's part. */
static int direct_fks(dx *d, size_t i)
{
	tbl *t = d->o->b->tables.items[i];
	const dtab *p = &d->tabs[i];
	ld *l = d->l;
	dx_blank(d, p->fk_len);
	for (size_t k = 0; k < p->n_fks; k++) {
		if (p->fk_rc && k == p->fk_fail)
			return p->fk_rc;
		fkey *f = p->fks[k];
		const char *n = p->fnames[k];
		PgQuery__Constraint *c = rt_arena_alloc(l->scratch, sizeof(*c));
		*c = *p->fcons[k];
		c->conname = (char *)(n ? n : "");
		c->fk_attrs = dx_strings(d, &f->cols);
		c->n_fk_attrs = f->cols.len;
		c->pk_attrs = dx_strings(d, &f->ref_cols);
		c->n_pk_attrs = f->ref_cols.len;
		c->pktable = dx_rv(d, c->pktable, f->ref_schema, f->ref_table);
		rt_table *tt = dx_table(d, t);
		if (!tt)
			return DIRECT_REDO;
		dx_at(d, f->line);
		if (rt_load__add_constraint(l, tt, c, NULL) < 0)
			return DIRECT_REDO;
	}
	return 0;
}

static bool too_long(const char *n)
{
	return n && strlen(n) >= 64; /* NAMEDATALEN */
}

static bool long_in(const rt_vec *v)
{
	for (size_t i = 0; i < v->len; i++)
		if (too_long(v->items[i]))
			return true;
	return false;
}

/* Whether a name of b's tables is one PostgreSQL's parser truncates to
 * 63 bytes: those take the DDL's way, where the parser does. */
static bool any_long_name(tb *b)
{
	for (size_t i = 0; i < b->tables.len; i++) {
		tbl *t = b->tables.items[i];
		if (too_long(t->schema) || too_long(t->name) ||
		    (t->pk_args && long_in(&t->pk_args->cols)))
			return true;
		for (size_t k = 0; k < t->cols.len; k++) {
			col *c = t->cols.items[k];
			if (too_long(c->name) || too_long(c->collation))
				return true;
			for (size_t j = 0; j < c->checks.len; j++)
				if (too_long(((con *)c->checks.items[j])->name))
					return true;
		}
		rt_vec fks = {0};
		for (size_t k = 0; k < t->cols.len; k++)
			if (((col *)t->cols.items[k])->fk)
				rt_vec_push(&fks, b->r->a,
					    ((col *)t->cols.items[k])->fk);
		for (size_t k = 0; k < t->fks.len; k++)
			rt_vec_push(&fks, b->r->a, t->fks.items[k]);
		for (size_t k = 0; k < fks.len; k++) {
			fkey *f = fks.items[k];
			if (too_long(f->name) || too_long(f->ref_schema) ||
			    too_long(f->ref_table) || long_in(&f->cols) ||
			    long_in(&f->ref_cols))
				return true;
		}
		for (size_t k = 0; k < t->cons.len; k++) {
			con *c = t->cons.items[k];
			if (too_long(c->name) || long_in(&c->cols))
				return true;
		}
		for (size_t k = 0; k < t->idxs.len; k++) {
			idx *x = t->idxs.items[k];
			if (too_long(x->name) || long_in(&x->include))
				return true;
		}
	}
	return false;
}

/* The model's places, as rt_load_sqlmodel's set_places gives them after
 * the DDL: a table and its constraints the class's line, a column its
 * field's. */
static void direct_places(dx *d)
{
	tb *b = d->o->b;
	for (size_t i = 0; i < b->tables.len; i++) {
		tbl *t = b->tables.items[i];
		rt_table *tt = dx_table(d, t);
		if (!tt)
			continue;
		const char *file = t->place->file;
		tt->src_file = file;
		tt->src_line = t->place->line;
		for (size_t k = 0; k < tt->constraints.len; k++) {
			rt_constraint *c = tt->constraints.items[k];
			c->src_file = file;
			c->src_line = t->place->line;
		}
		for (size_t k = 0; k < tt->columns.len; k++) {
			rt_column *c = tt->columns.items[k];
			col *mc = k < t->cols.len ? t->cols.items[k] : NULL;
			if (!mc || strcmp(mc->name, c->name) != 0)
				mc = NULL;
			for (size_t j = 0; !mc && j < t->cols.len; j++)
				if (!strcmp(((col *)t->cols.items[j])->name,
					    c->name))
					mc = t->cols.items[j];
			c->src_file = file;
			c->src_line = mc ? mc->line : t->place->line;
		}
	}
}

/* The schemas and enum types (their DDL, through the loader), the
 * tables, then the foreign keys: create_all's order. */
static int direct_all(out *o, rt_load_sql_run *run)
{
	tb *b = o->b;
	sm *r = b->r;
	if (any_long_name(b))
		return DIRECT_REDO;
	dx d = {.o = o, .l = rt_load__run_ld(run), .run = run, .keep = r->a};
	ld *l = d.l;
	rt_buf sql = RT_BUF_INIT;
	for (size_t i = 0; i < b->schemas.len; i++) {
		rt_buf_adds(&sql, "CREATE SCHEMA IF NOT EXISTS ");
		ident(&sql, b->schemas.items[i]);
		rt_buf_adds(&sql, ";\n");
	}
	for (size_t i = 0; i < b->enums.len; i++) {
		enumtype *e = b->enums.items[i];
		rt_buf_adds(&sql, "CREATE TYPE ");
		qname(&sql, e->schema, e->name);
		rt_buf_adds(&sql, " AS ENUM (");
		for (size_t k = 0; k < e->labels.len; k++) {
			if (k)
				rt_buf_adds(&sql, ", ");
			literal(&sql, e->labels.items[k]);
		}
		rt_buf_adds(&sql, ");\n");
	}
	int rc = 0;
	if (sql.len &&
	    rt_load_sql_apply(run, l->s->source, sql.data, 1, 1, r->err) < 0)
		rc = DIRECT_REDO;
	rt_buf_release(&sql);
	if (rc)
		return rc;
	size_t n = b->tables.len;
	d.tabs = rt_arena_alloc(r->a, (n + 1) * sizeof(*d.tabs));
	memset(d.tabs, 0, (n + 1) * sizeof(*d.tabs));
	d.lp.scratch = r->a;
	d.ba = rt_arena_new();
	atomic_init(&d.stop, false);
	/* the prep writes r->err and r->refused only (its failure), the
	 * loader its own error, which is r's when it fails first or not at
	 * all: a DIRECT_REDO's is cleared by the caller */
	bool refused = r->refused;
	rt_error lerr = {0};
	l->file = l->s->source;
	l->err = &lerr;
	/* below DIRECT_THREADED tables the thread costs more than it saves
	 * (callgrind, the main thread at 10 tables: +0.6 M instructions) */
	pthread_t th;
	if (n >= DIRECT_THREADED) {
		pthread_mutex_init(&d.mu, NULL);
		pthread_cond_init(&d.cv, NULL);
		d.threaded = pthread_create(&th, NULL, prep_thread, &d) == 0;
		if (!d.threaded) {
			pthread_mutex_destroy(&d.mu);
			pthread_cond_destroy(&d.cv);
		}
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		prep_wait(&d, i);
		l->scratch = rt_arena_new();
		rc = direct_table(&d, i);
		rt_arena_free(l->scratch);
		l->scratch = NULL;
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		prep_wait(&d, n + i);
		l->scratch = rt_arena_new();
		rc = direct_fks(&d, i);
		rt_arena_free(l->scratch);
		l->scratch = NULL;
	}
	if (d.threaded) {
		atomic_store(&d.stop, true);
		pthread_join(th, NULL);
		pthread_mutex_destroy(&d.mu);
		pthread_cond_destroy(&d.cv);
	}
	l->err = r->err;
	if (rc == DIRECT_REDO || (rc == 0 && lerr.code))
		*r->err = lerr;
	if (rc == DIRECT_REDO)
		r->refused = refused;
	l->text = NULL;
	l->nl = NULL;
	if (rc == 0)
		direct_places(&d);
	rt_arena_free(d.ba);
	return rc;
}

static void add_schema(tb *b, const char *s)
{
	if (!s || !strcmp(s, "public"))
		return;
	for (size_t i = 0; i < b->schemas.len; i++)
		if (!strcmp(b->schemas.items[i], s))
			return;
	rt_vec_push(&b->schemas, b->r->a, (void *)s);
}

int rt_load__sm_tables(sm *r, rt_buf *sql, rt_map *places, rt_vec *stmt_places,
		       rt_vec *objs, rt_load_sql_run *run)
{
	tb b = {.r = r, .ma = r->ma};
	for (size_t i = 0; i < r->classes.len; i++) {
		sm_class *c = r->classes.items[i];
		if (!c->table)
			continue;
		tbl *t = NULL;
		if (build_table(&b, c, &t) < 0)
			return -1;
		tbl *dup = find_table(&b, t->schema, t->name);
		if (dup)
			return rt_load__sm_fail(
			    r, c->m, c->st->line, false,
			    "classes %s (%s:%d) and %s (%s:%d) both make table "
			    "'%s'",
			    dup->c->name, dup->c->m->path, dup->line, c->name,
			    c->m->path, t->line, t->name);
		if (t->schema && r->dialect == RT_DIALECT_SQLITE)
			return rt_load__sm_fail(
			    r, c->m, t->line, false,
			    "class %s: table '%s.%s': SQLite has no schema "
			    "'%s' (create_all fails: unknown database)",
			    c->name, t->schema, t->name, t->schema);
		t->place = place_new(&b, c->m, t->line);
		rt_vec_push(&b.tables, r->a, t);
		const char *k = table_key(&b, t->schema, t->name);
		rt_map_put(&b.by_name, r->a, k, strlen(k), t);
		add_schema(&b, t->schema);
	}
	for (size_t i = 0; i < b.tables.len; i++) {
		tbl *t = b.tables.items[i];
		for (size_t k = 0; k < t->cols.len; k++) {
			col *c = t->cols.items[k];
			if (c->fk && resolve_fk(&b, t, c->fk, c) < 0)
				return -1;
		}
		for (size_t k = 0; k < t->fks.len; k++)
			if (resolve_fk(&b, t, t->fks.items[k], NULL) < 0)
				return -1;
		for (size_t k = 0; k < t->cols.len; k++) {
			col *c = t->cols.items[k];
			if (!c->type)
				return field_fail(r, t->c->m, c->line, false, t,
						  c->key,
						  "column without a type");
		}
	}
	bool lite = r->dialect == RT_DIALECT_SQLITE;
	const char *deflt = lite ? "main" : "public";
	for (size_t i = 0; !lite && i < b.enums.len; i++) {
		enumtype *e = b.enums.items[i];
		add_schema(&b, e->schema);
		const char *es = e->schema ? e->schema : "public";
		for (size_t k = 0; k < b.tables.len; k++) {
			tbl *t = b.tables.items[k];
			const char *ts = t->schema ? t->schema : "public";
			if (strcmp(es, ts) || strcmp(e->name, t->name))
				continue;
			/* a table's row type has its name: CREATE TYPE fails */
			if (e->cls)
				return rt_load__sm_fail(
				    r, t->c->m, t->line, false,
				    "class %s: table '%s' has the name of enum "
				    "type '%s' (class %s, %s:%d)",
				    t->c->name, t->name, e->name, e->cls->name,
				    e->cls->m->path, e->cls->st->line);
			return rt_load__sm_fail(r, t->c->m, t->line, false,
						"class %s: table '%s' has the "
						"name of an enum type",
						t->c->name, t->name);
		}
	}
	out o = {.b = &b,
		 .sql = sql,
		 .stmt_places = stmt_places,
		 .places = places,
		 .objs = objs};
	if (run)
		return direct_all(&o, run);
	sm_place *top = rt_arena_alloc(b.ma, sizeof(*top));
	top->file = "";
	top->line = 0;
	for (size_t i = 0; !lite && i < b.schemas.len; i++) {
		rt_buf_adds(sql, "CREATE SCHEMA IF NOT EXISTS ");
		ident(sql, b.schemas.items[i]);
		rt_buf_addch(sql, ';');
		eol(&o, top);
	}
	for (size_t i = 0; !lite && i < b.enums.len; i++) {
		enumtype *e = b.enums.items[i];
		rt_buf_adds(sql, "CREATE TYPE ");
		qname(sql, e->schema, e->name);
		rt_buf_adds(sql, " AS ENUM (");
		for (size_t k = 0; k < e->labels.len; k++) {
			if (k)
				rt_buf_adds(sql, ", ");
			literal(sql, e->labels.items[k]);
		}
		rt_buf_adds(sql, ");");
		eol(&o, top);
	}
	for (size_t i = 0; i < b.tables.len; i++) {
		tbl *t = b.tables.items[i];
		char *k = rt_load__sm_join(b.ma, t->schema ? t->schema : deflt,
					   ".", t->name);
		rt_map_put(places, b.ma, k, strlen(k), t->place);
		if (emit_table(&o, t) < 0)
			return -1;
	}
	for (size_t i = 0; !lite && i < b.tables.len; i++) {
		tbl *t = b.tables.items[i];
		for (size_t k = 0; k < t->cols.len; k++) {
			col *c = t->cols.items[k];
			if (c->fk && emit_fk(&o, t, c->fk) < 0)
				return -1;
		}
		for (size_t k = 0; k < t->fks.len; k++)
			if (emit_fk(&o, t, t->fks.items[k]) < 0)
				return -1;
	}
	return 0;
}
