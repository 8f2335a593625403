/* SPDX-License-Identifier: MIT */
/*
 * The pieces of `retort verify` below the command line (verify.h): the
 * scratch database, the row seeder and the comparison of table contents.
 * Only runner.h's rt_conn talks to the database, so this file works the
 * same on PostgreSQL and SQLite.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/sql.h"
#include "runner/verify.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- the scratch database ------------------------------------------ */

static bool is_pg_url(const char *url)
{
	return strncmp(url, "postgres://", 11) == 0 ||
	       strncmp(url, "postgresql://", 13) == 0;
}

/* url with its database (the path after the authority) replaced by db;
 * the query string is kept. */
static const char *url_with_db(rt_arena *a, const char *url, const char *db)
{
	const char *auth = strstr(url, "://") + 3;
	size_t alen = strcspn(auth, "/?");
	const char *query = strchr(auth + alen, '?');
	return rt_arena_printf(a, "%.*s/%s%s", (int)(auth + alen - url), url,
			       db, query ? query : "");
}

static int create_pg(rt_verify_scratch *out, rt_arena *a, const char *dev_url,
		     rt_error *err)
{
	static unsigned long seq;
	char where[512];
	rt_buf sql = RT_BUF_INIT;

	if (!is_pg_url(dev_url))
		return rt_errorf(err, RT_EUSAGE,
				 "--dev-url must be a postgres:// or "
				 "postgresql:// URL");
	rt_conninfo_redact(where, sizeof(where), dev_url);
	out->where = rt_arena_strdup(a, where);
	if (rt_conn_open(&out->admin, dev_url, err) < 0)
		return -1;
	out->dbname =
	    rt_arena_printf(a, "retort_verify_%ld_%lx", (long)getpid(),
			    (unsigned long)time(NULL) * 16 + seq++);
	rt_buf_adds(&sql, "CREATE DATABASE ");
	rt_buf_add_ident(&sql, RT_DIALECT_PG, out->dbname);
	rt_buf_adds(&sql, " TEMPLATE template0 ENCODING 'UTF8'");
	if (rt_conn_exec(out->admin, sql.data, err) < 0) {
		rt_error inner = *err;
		rt_errorf(err, RT_EDB,
			  "cannot create a scratch database on '%s'", where);
		rt_error_detail(err, "%s", inner.msg);
		rt_error_hint(err, "the role of --dev-url needs CREATEDB");
		rt_buf_release(&sql);
		rt_conn_close(out->admin);
		out->admin = NULL;
		return -1;
	}
	rt_buf_release(&sql);
	out->url = url_with_db(a, dev_url, out->dbname);
	return 0;
}

static int create_sqlite(rt_verify_scratch *out, rt_arena *a, rt_error *err)
{
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = "/tmp";
	char *dir = rt_arena_printf(a, "%s/retort_verify_XXXXXX", tmp);
	if (!mkdtemp(dir))
		return rt_errorf(err, RT_EIO,
				 "cannot create a temporary folder in '%s': %s",
				 tmp, strerror(errno));
	out->dir = dir;
	out->where = rt_arena_printf(a, "%s/verify.db", dir);
	/* sqlite:/// then an absolute path: four slashes */
	out->url = rt_arena_printf(a, "sqlite:///%s", out->where);
	return 0;
}

int rt_verify_scratch_create(rt_verify_scratch *out, rt_arena *a, rt_dialect d,
			     const char *dev_url, rt_error *err)
{
	memset(out, 0, sizeof(*out));
	out->dialect = d;
	if (d == RT_DIALECT_PG) {
		if (!dev_url)
			return rt_errorf(err, RT_EUSAGE,
					 "a PostgreSQL scratch database needs "
					 "--dev-url");
		return create_pg(out, a, dev_url, err);
	}
	if (dev_url)
		return rt_errorf(err, RT_EUSAGE,
				 "--dev-url is for PostgreSQL projects; a "
				 "SQLite project is verified in a temporary "
				 "file");
	return create_sqlite(out, a, err);
}

int rt_verify_scratch_connect(rt_conn **out, const rt_verify_scratch *s,
			      rt_error *err)
{
	rt_conn *c = NULL;
	if (rt_conn_open(&c, s->url, err) < 0)
		return -1;
	if (rt_conn_exec(c,
			 s->dialect == RT_DIALECT_SQLITE
			     ? "PRAGMA synchronous = OFF; "
			       "PRAGMA journal_mode = MEMORY"
			     : "SET synchronous_commit = off",
			 err) < 0) {
		rt_conn_close(c);
		return -1;
	}
	*out = c;
	return 0;
}

int rt_verify_scratch_drop(rt_verify_scratch *s, rt_error *err)
{
	int rc = 0;
	if (s->dialect == RT_DIALECT_PG) {
		if (!s->admin)
			return 0;
		rt_buf sql = RT_BUF_INIT;
		rt_buf_adds(&sql, "DROP DATABASE IF EXISTS ");
		rt_buf_add_ident(&sql, RT_DIALECT_PG, s->dbname);
		rt_buf_adds(&sql, " WITH (FORCE)");
		if (rt_conn_exec(s->admin, sql.data, err) < 0) {
			rt_error inner = *err;
			rc = rt_errorf(err, RT_EDB,
				       "cannot drop the scratch database '%s' "
				       "on '%s'",
				       s->dbname, s->where);
			rt_error_detail(err, "%s", inner.msg);
		}
		rt_buf_release(&sql);
		rt_conn_close(s->admin);
		s->admin = NULL;
		return rc;
	}
	if (!s->dir)
		return 0;
	static const char *const suffix[] = {"", "-journal", "-wal", "-shm"};
	char path[4096];
	for (size_t i = 0; i < sizeof(suffix) / sizeof(*suffix); i++) {
		snprintf(path, sizeof(path), "%s%s", s->where, suffix[i]);
		if (unlink(path) < 0 && errno != ENOENT && rc == 0)
			rc = rt_errorf(err, RT_EIO, "cannot remove '%s': %s",
				       path, strerror(errno));
	}
	if (rmdir(s->dir) < 0 && rc == 0)
		rc = rt_errorf(err, RT_EIO, "cannot remove '%s': %s", s->dir,
			       strerror(errno));
	s->dir = NULL;
	return rc;
}

/* ---- values ---------------------------------------------------------- */

/* The numbers in "(p)" or "(p,s)" of a type; how many were found. */
static int type_args(const char *t, long *p, long *s)
{
	const char *open = strchr(t, '(');
	if (!open)
		return 0;
	char *end;
	*p = strtol(open + 1, &end, 10);
	if (end == open + 1)
		return 0;
	while (*end == ' ')
		end++;
	if (*end != ',')
		return 1;
	*s = strtol(end + 1, NULL, 10);
	return 2;
}

static bool has(const char *t, const char *word)
{
	return strstr(t, word) != NULL;
}

static bool starts(const char *t, const char *word)
{
	return strncmp(t, word, strlen(word)) == 0;
}

const char *rt_verify_value(rt_arena *a, rt_dialect d, const char *type,
			    unsigned long k)
{
	char t[128];
	size_t n = 0;
	for (; type[n] && n < sizeof(t) - 1; n++)
		t[n] = (char)tolower((unsigned char)type[n]);
	t[n] = '\0';
	unsigned day = (unsigned)(k % 28) + 1;
	bool pg = d == RT_DIALECT_PG;
	bool tz = has(t, "with time zone") && !has(t, "without");
	long p = 0, s = 0;
	int nargs = type_args(t, &p, &s);

	if (n >= 2 && strcmp(t + n - 2, "[]") == 0)
		return pg ? "{}" : NULL;
	if (has(t, "interval"))
		return rt_arena_printf(a, "%lu minutes", k);
	if (has(t, "timestamp") || has(t, "datetime"))
		return pg ? rt_arena_printf(a, "2024-01-%02u 12:%02lu:00%s",
					    day, k % 60, tz ? "+00" : "")
			  : rt_arena_printf(a,
					    "2024-01-%02u 12:%02lu:00.000000",
					    day, k % 60);
	if (starts(t, "date"))
		return rt_arena_printf(a, "2024-01-%02u", day);
	if (starts(t, "time"))
		return rt_arena_printf(a, "12:%02lu:00%s", k % 60,
				       pg && tz ? "+00" : "");
	if (has(t, "bool"))
		return pg ? (k % 2 ? "true" : "false") : (k % 2 ? "1" : "0");
	if (has(t, "uuid"))
		return rt_arena_printf(a, "00000000-0000-4000-8000-%012lx", k);
	if (has(t, "json"))
		return rt_arena_printf(a, "{\"k\": %lu}", k);
	if (starts(t, "bytea"))
		return rt_arena_printf(a, "\\x%04lx", k & 0xffff);
	if (starts(t, "inet"))
		return rt_arena_printf(a, "10.0.%lu.%lu", (k / 256) % 256,
				       k % 256);
	if (starts(t, "cidr"))
		return rt_arena_printf(a, "10.%lu.%lu.0/24", (k / 256) % 256,
				       k % 256);
	if (starts(t, "macaddr"))
		return rt_arena_printf(a, "08:00:2b:00:%02lx:%02lx",
				       (k / 256) % 256, k % 256);
	if (starts(t, "money"))
		return rt_arena_printf(a, "%lu.00", k);
	if (starts(t, "point"))
		return rt_arena_printf(a, "(%lu,1)", k);
	if (starts(t, "xml"))
		return "<r/>";
	if (starts(t, "tsvector"))
		return rt_arena_printf(a, "r%lu", k);
	if (starts(t, "numeric") || starts(t, "decimal")) {
		if (nargs == 0)
			return rt_arena_printf(a, "%lu.5", k);
		long digits = p - (nargs == 2 ? s : 0);
		if (digits <= 0)
			return nargs == 2 && s > 0 ? "0.5" : "0";
		unsigned long bound = 1;
		for (long i = 0; i < digits && i < 9; i++)
			bound *= 10;
		return rt_arena_printf(a, "%lu%s", k % bound,
				       nargs == 2 && s > 0 ? ".5" : "");
	}
	if (has(t, "real") || has(t, "double") || has(t, "float"))
		return rt_arena_printf(a, "%lu.5", k);
	if (has(t, "int") || has(t, "serial")) {
		if (has(t, "smallint") || has(t, "int2") || has(t, "tinyint"))
			return rt_arena_printf(a, "%lu", k % 32000);
		return rt_arena_printf(a, "%lu", k);
	}
	if (has(t, "char") || has(t, "text") || has(t, "clob") ||
	    has(t, "string") || strcmp(t, "name") == 0 || !*t ||
	    starts(t, "blob")) {
		const char *v = rt_arena_printf(a, "r%lu", k);
		size_t len = strlen(v);
		/* the last characters: distinct rows stay distinct longest */
		if (nargs >= 1 && p > 0 && (size_t)p < len)
			return v + len - (size_t)p;
		return v;
	}
	return NULL;
}

/* The value for column c of a table of s (enums: a label; domains: their
 * base type's), or NULL. */
static const char *column_value(rt_arena *a, const rt_schema *s,
				const rt_type *type, unsigned long k)
{
	for (int depth = 0; depth < 8 && type->name; depth++) {
		if (!type->schema || strcmp(type->schema, RT_CATALOG) == 0 ||
		    s->dialect == RT_DIALECT_SQLITE)
			return rt_verify_value(a, s->dialect, type->name, k);
		size_t n = strlen(type->name);
		if (n >= 2 && strcmp(type->name + n - 2, "[]") == 0)
			return "{}";
		const rt_enum *e =
		    rt_schema_find_enum(s, type->schema, type->name);
		if (e)
			return e->labels.len
				   ? RT_VEC_AT(e->labels, k % e->labels.len)
				   : NULL;
		const rt_domain *dom = (const rt_domain *)rt_schema_find(
		    s, RT_KIND_DOMAIN, type->schema, type->name);
		if (!dom)
			return NULL;
		type = &dom->type;
	}
	return NULL;
}

/* ---- seeding --------------------------------------------------------- */

static void add_table_name(rt_buf *b, rt_dialect d, const char *schema,
			   const char *name)
{
	if (d == RT_DIALECT_PG) {
		rt_buf_add_ident(b, d, schema);
		rt_buf_addch(b, '.');
	}
	rt_buf_add_ident(b, d, name);
}

/* Rows of t are seeded: a plain or partitioned table (a partition gets
 * its rows through its parent). */
static bool seedable(const rt_table *t)
{
	return !t->partition_of.name;
}

/* The foreign key of t whose columns include col (the first), or NULL. */
static const rt_constraint *fk_of(const rt_table *t, const char *col,
				  size_t *pos)
{
	for (size_t i = 0; i < t->constraints.len; i++) {
		const rt_constraint *c = RT_VEC_AT(t->constraints, i);
		if (c->type != RT_CON_FOREIGN)
			continue;
		for (size_t j = 0; j < c->columns.len; j++)
			if (strcmp(RT_VEC_AT(c->columns, j), col) == 0 &&
			    j < c->ref_columns.len) {
				*pos = j;
				return c;
			}
	}
	return NULL;
}

/* Columns the database fills: generated, identity, serial (a nextval
 * default), SQLite's INTEGER PRIMARY KEY (the rowid). */
static bool database_fills(const rt_schema *s, const rt_table *t,
			   const rt_column *c)
{
	if (c->generated || c->identity != RT_IDENTITY_NONE)
		return true;
	if (c->default_expr && ((c->default_expr->key &&
				 strstr(c->default_expr->key, "nextval(")) ||
				(c->default_expr->text &&
				 strstr(c->default_expr->text, "nextval("))))
		return true;
	if (s->dialect == RT_DIALECT_SQLITE) {
		const rt_constraint *pk = rt_table_primary_key(t);
		if (pk && pk->columns.len == 1 &&
		    strcmp(RT_VEC_AT(pk->columns, 0), c->name) == 0 &&
		    c->type.name && strcasecmp(c->type.name, "INTEGER") == 0)
			return true;
	}
	return false;
}

/* Which columns a seeded row gives values to. */
enum fill {
	FILL_ALL,	 /* every column the database does not fill */
	FILL_NO_DEFAULT, /* those without a default */
	FILL_NEEDED,	 /* those NOT NULL without a default */
};

/* The position of fk among t's foreign keys. */
static unsigned long fk_number(const rt_table *t, const rt_constraint *fk)
{
	unsigned long n = 0;
	for (size_t i = 0; i < t->constraints.len; i++) {
		const rt_constraint *c = RT_VEC_AT(t->constraints, i);
		if (c == fk)
			break;
		if (c->type == RT_CON_FOREIGN)
			n++;
	}
	return n;
}

/* "(SELECT refcol FROM parent ORDER BY refcols LIMIT 1" without the
 * closing parenthesis: the pos-th referenced column of fk. */
static void parent_row(rt_buf *b, rt_dialect d, const rt_table *t,
		       const rt_constraint *fk, size_t pos)
{
	rt_buf_adds(b, "(SELECT ");
	rt_buf_add_ident(b, d, RT_VEC_AT(fk->ref_columns, pos));
	rt_buf_adds(b, " FROM ");
	add_table_name(b, d,
		       fk->ref_table.schema ? fk->ref_table.schema : t->schema,
		       fk->ref_table.name);
	rt_buf_adds(b, " ORDER BY ");
	for (size_t j = 0; j < fk->ref_columns.len; j++) {
		if (j)
			rt_buf_adds(b, ", ");
		rt_buf_add_ident(b, d, RT_VEC_AT(fk->ref_columns, j));
	}
	rt_buf_adds(b, " LIMIT 1");
}

/* INSERT INTO t (...) VALUES (...): the columns `fill` says, with row k's
 * values. */
static void insert_sql(rt_buf *b, rt_arena *a, const rt_schema *s,
		       const rt_table *t, unsigned long k, enum fill fill)
{
	rt_dialect d = s->dialect;
	rt_buf cols = RT_BUF_INIT, vals = RT_BUF_INIT;
	for (size_t i = 0; i < t->columns.len; i++) {
		const rt_column *c = RT_VEC_AT(t->columns, i);
		if (database_fills(s, t, c))
			continue;
		if (fill != FILL_ALL && c->default_expr)
			continue;
		if (fill == FILL_NEEDED && !c->not_null)
			continue;
		size_t pos = 0;
		const rt_constraint *fk = fk_of(t, c->name, &pos);
		const char *v = fk ? NULL : column_value(a, s, &c->type, k);
		if (!fk && !v)
			continue;
		if (cols.len) {
			rt_buf_adds(&cols, ", ");
			rt_buf_adds(&vals, ", ");
		}
		rt_buf_add_ident(&cols, d, c->name);
		if (!fk) {
			rt_buf_add_literal(&vals, d, v);
			continue;
		}
		/* a row of the parent, the same one for every column of the
		 * key (ordered on all of them). Its place is k's f-th digit
		 * in base n (n the parent's rows, f the key's number among
		 * the table's foreign keys), so that the rows of a key over
		 * two foreign keys to one parent go through every pair */
		rt_buf count = RT_BUF_INIT;
		rt_buf_adds(&count, "NULLIF((SELECT count(*) FROM ");
		add_table_name(&count, d,
			       fk->ref_table.schema ? fk->ref_table.schema
						    : t->schema,
			       fk->ref_table.name);
		rt_buf_adds(&count, "), 0)");
		parent_row(&vals, d, t, fk, pos);
		rt_buf_addf(&vals, " OFFSET COALESCE(%lu", k);
		for (unsigned long f = fk_number(t, fk); f > 0; f--)
			rt_buf_addf(&vals, " / %s", count.data);
		rt_buf_addf(&vals, " %% %s, 0))", count.data);
		rt_buf_release(&count);
	}
	rt_buf_adds(b, "INSERT INTO ");
	add_table_name(b, d, t->schema, t->name);
	if (cols.len)
		rt_buf_addf(b, " (%s) VALUES (%s)", cols.data, vals.data);
	else
		rt_buf_adds(b, " DEFAULT VALUES");
	rt_buf_release(&cols);
	rt_buf_release(&vals);
}

/* true when t's foreign keys refer only to itself, to tables not seeded
 * here, or to tables already done. */
static bool parents_done(const rt_table *t, const rt_schema *s,
			 const bool *done)
{
	for (size_t i = 0; i < t->constraints.len; i++) {
		const rt_constraint *c = RT_VEC_AT(t->constraints, i);
		if (c->type != RT_CON_FOREIGN)
			continue;
		const char *schema =
		    c->ref_table.schema ? c->ref_table.schema : t->schema;
		if (strcmp(schema, t->schema) == 0 &&
		    strcmp(c->ref_table.name, t->name) == 0)
			continue;
		for (size_t j = 0; j < s->tables.len; j++) {
			const rt_table *p = RT_VEC_AT(s->tables, j);
			if (!done[j] && seedable(p) &&
			    strcmp(p->schema, schema) == 0 &&
			    strcmp(p->name, c->ref_table.name) == 0)
				return false;
		}
	}
	return true;
}

static size_t seed_table(rt_vec *notes, rt_conn *c, rt_arena *a,
			 const rt_schema *s, const rt_table *t,
			 unsigned long *counter, unsigned per_table)
{
	size_t rows = 0;
	rt_error why = RT_ERROR_INIT;
	rt_buf sql = RT_BUF_INIT;
	for (unsigned r = 0; r < per_table; r++) {
		unsigned long k = ++*counter;
		/* a row the database refuses (a CHECK the values miss) is
		 * tried with fewer values: the defaults, then NULLs */
		for (int fill = FILL_ALL; fill <= FILL_NEEDED; fill++) {
			rt_error e = RT_ERROR_INIT;
			rt_buf_reset(&sql);
			insert_sql(&sql, a, s, t, k, (enum fill)fill);
			if (rt_conn_exec(c, sql.data, &e) == 0) {
				rows++;
				break;
			}
			if (fill == FILL_ALL)
				why = e;
		}
	}
	if (rows == 0 && per_table > 0)
		rt_vec_push(notes, a,
			    rt_arena_printf(a, "cannot seed %s.%s: %s",
					    t->schema, t->name, why.msg));
	rt_buf_release(&sql);
	return rows;
}

int rt_verify_seed(size_t *rows_out, rt_vec *notes, rt_conn *c, rt_arena *a,
		   const rt_schema *s, unsigned long *counter,
		   unsigned per_table, rt_error *err)
{
	(void)err;
	size_t n = s->tables.len, rows = 0;
	bool *done = rt_arena_alloc(a, (n + 1) * sizeof(*done));
	memset(done, 0, (n + 1) * sizeof(*done));
	for (size_t i = 0; i < n; i++)
		if (!seedable(RT_VEC_AT(s->tables, i)))
			done[i] = true;
	for (;;) {
		bool progress = false, left = false;
		for (size_t i = 0; i < n; i++) {
			const rt_table *t = RT_VEC_AT(s->tables, i);
			if (done[i])
				continue;
			left = true;
			if (!parents_done(t, s, done))
				continue;
			rows +=
			    seed_table(notes, c, a, s, t, counter, per_table);
			done[i] = progress = true;
		}
		if (!left)
			break;
		if (!progress) {
			/* a cycle of foreign keys: take the first left */
			for (size_t i = 0; i < n; i++)
				if (!done[i]) {
					rows +=
					    seed_table(notes, c, a, s,
						       RT_VEC_AT(s->tables, i),
						       counter, per_table);
					done[i] = true;
					break;
				}
		}
	}
	*rows_out = rows;
	return 0;
}

/* ---- reading and comparing ------------------------------------------- */

/* A column's type as SQL writes it: a built-in as it is, a user type
 * schema-qualified and quoted (its "[]" kept outside the quotes). */
static const char *type_sql(rt_arena *a, rt_dialect d, const rt_type *t)
{
	if (!t->name)
		return "";
	if (d != RT_DIALECT_PG || !t->schema ||
	    strcmp(t->schema, RT_CATALOG) == 0)
		return t->name;
	rt_buf b = RT_BUF_INIT;
	size_t n = strlen(t->name), dims = 0;
	while (n >= 2 && strncmp(t->name + n - 2, "[]", 2) == 0) {
		n -= 2;
		dims++;
	}
	rt_buf_add_ident(&b, d, t->schema);
	rt_buf_addch(&b, '.');
	char *base = rt_arena_strndup(a, t->name, n);
	rt_buf_add_ident(&b, d, base);
	while (dims--)
		rt_buf_adds(&b, "[]");
	return rt_buf_detach_arena(&b, a);
}

int rt_verify_read(rt_verify_data **out, rt_conn *c, rt_arena *a,
		   const rt_schema *s, rt_error *err)
{
	rt_verify_data *d = RT_NEW(a, rt_verify_data);
	memset(d, 0, sizeof(*d));
	rt_buf sql = RT_BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < s->tables.len; i++) {
		const rt_table *t = RT_VEC_AT(s->tables, i);
		if (!seedable(t))
			continue;
		rt_verify_table *vt = RT_NEW(a, rt_verify_table);
		memset(vt, 0, sizeof(*vt));
		vt->schema = t->schema;
		vt->name = t->name;
		rt_buf_reset(&sql);
		rt_buf_adds(&sql, "SELECT ");
		for (size_t j = 0; j < t->columns.len; j++) {
			const rt_column *col = RT_VEC_AT(t->columns, j);
			if (j)
				rt_buf_adds(&sql, ", ");
			rt_buf_add_ident(&sql, s->dialect, col->name);
			rt_vec_push(&vt->columns, a, (void *)col->name);
			rt_vec_push(
			    &vt->types, a,
			    (void *)type_sql(a, s->dialect, &col->type));
		}
		if (!t->columns.len)
			rt_buf_adds(&sql, "1");
		rt_buf_adds(&sql, " FROM ");
		add_table_name(&sql, s->dialect, t->schema, t->name);
		rt_rows rows;
		if (rt_conn_query(&rows, c, a, sql.data, err) < 0) {
			rt_error_object(
			    err,
			    rt_arena_printf(a, "%s.%s", t->schema, t->name));
			rc = -1;
			break;
		}
		vt->nrows = rows.nrows;
		vt->cells = rows.cells;
		if (!t->columns.len)
			vt->cells = NULL;
		d->rows += rows.nrows;
		rt_vec_push(&d->tables, a, vt);
	}
	rt_buf_release(&sql);
	if (rc == 0)
		*out = d;
	return rc;
}

static const rt_verify_table *find_table(const rt_verify_data *d,
					 const char *schema, const char *name)
{
	for (size_t i = 0; i < d->tables.len; i++) {
		const rt_verify_table *t = RT_VEC_AT(d->tables, i);
		if (strcmp(t->schema, schema) == 0 &&
		    strcmp(t->name, name) == 0)
			return t;
	}
	return NULL;
}

static long column_index(const rt_verify_table *t, const char *name)
{
	for (size_t i = 0; i < t->columns.len; i++)
		if (strcmp(RT_VEC_AT(t->columns, i), name) == 0)
			return (long)i;
	return -1;
}

/* NULL sorts first; then byte order. */
static int cell_cmp(const char *x, const char *y)
{
	if (!x || !y)
		return (x != NULL) - (y != NULL);
	return strcmp(x, y);
}

static int cell_qsort(const void *x, const void *y)
{
	return cell_cmp(*(char *const *)x, *(char *const *)y);
}

/* 'value' (shortened) or NULL, for a message. */
static const char *show(rt_arena *a, const char *v)
{
	if (!v)
		return "NULL";
	size_t n = strlen(v);
	return n > 40 ? rt_arena_printf(a, "'%.37s...'", v)
		      : rt_arena_printf(a, "'%s'", v);
}

/* The column's values, sorted. */
static char **column_values(const rt_verify_table *t, size_t col)
{
	char **v = rt_xmalloc((t->nrows + 1) * sizeof(*v));
	for (size_t r = 0; r < t->nrows; r++)
		v[r] = t->cells[r * t->columns.len + col];
	qsort(v, t->nrows, sizeof(*v), cell_qsort);
	return v;
}

/* Casts column col of table t (a copy's cells, replaced in place) from
 * type `from` into type `to`, as ALTER COLUMN ... TYPE without USING
 * converts: one query over all its values. */
static int recast_column(rt_verify_table *t, size_t col, const char *from,
			 const char *to, rt_conn *c, rt_arena *a, rt_error *err)
{
	size_t ncols = t->columns.len;
	rt_buf sql = RT_BUF_INIT;
	rt_buf_addf(&sql,
		    "SELECT CAST(CAST(v AS %s) AS %s)::text FROM (VALUES ",
		    from, to);
	for (size_t r = 0; r < t->nrows; r++) {
		const char *v = t->cells[r * ncols + col];
		rt_buf_addf(&sql, "%s(%zu, ", r ? ", " : "", r);
		if (v)
			rt_buf_add_literal(&sql, RT_DIALECT_PG, v);
		else
			rt_buf_adds(&sql, "NULL");
		rt_buf_adds(&sql, "::text)");
	}
	rt_buf_adds(&sql, ") AS x(n, v) ORDER BY n");
	rt_rows rows;
	rt_error e = RT_ERROR_INIT;
	int rc = rt_conn_query(&rows, c, a, sql.data, &e);
	rt_buf_release(&sql);
	if (rc < 0) {
		/* a value the type refuses stays as it was, unless the
		 * database itself is gone */
		if (rt_conn_exec(c, "SELECT 1", err) < 0)
			return -1;
		return 0;
	}
	for (size_t r = 0; r < t->nrows && r < rows.nrows; r++)
		t->cells[r * ncols + col] = rows.cells[r * rows.ncols];
	return 0;
}

int rt_verify_recast(const rt_verify_data **out, rt_conn *c, rt_arena *a,
		     const rt_verify_data *before, const rt_verify_data *after,
		     rt_error *err)
{
	*out = before;
	if (rt_conn_dialect(c) != RT_DIALECT_PG)
		return 0;
	rt_verify_data *copy = NULL;
	for (size_t i = 0; i < before->tables.len; i++) {
		const rt_verify_table *tb = RT_VEC_AT(before->tables, i);
		const rt_verify_table *ta =
		    find_table(after, tb->schema, tb->name);
		rt_verify_table *tc = NULL;
		if (!ta || !tb->nrows)
			continue;
		for (size_t col = 0; col < tb->columns.len; col++) {
			long ca = column_index(ta, RT_VEC_AT(tb->columns, col));
			if (ca < 0 || col >= tb->types.len ||
			    (size_t)ca >= ta->types.len)
				continue;
			const char *from = RT_VEC_AT(tb->types, col);
			const char *to = RT_VEC_AT(ta->types, (size_t)ca);
			if (strcmp(from, to) == 0)
				continue;
			if (!copy) {
				copy = RT_NEW(a, rt_verify_data);
				*copy = *before;
				copy->tables.items =
				    rt_arena_alloc(a, (before->tables.len + 1) *
							  sizeof(void *));
				memcpy(copy->tables.items, before->tables.items,
				       before->tables.len * sizeof(void *));
				copy->tables.cap = before->tables.len;
			}
			if (!tc) {
				size_t n = tb->nrows * tb->columns.len;
				tc = RT_NEW(a, rt_verify_table);
				*tc = *tb;
				tc->cells =
				    rt_arena_alloc(a, (n + 1) * sizeof(char *));
				memcpy(tc->cells, tb->cells,
				       n * sizeof(char *));
				copy->tables.items[i] = tc;
			}
			if (recast_column(tc, col, from, to, c, a, err) < 0)
				return -1;
		}
	}
	if (copy)
		*out = copy;
	return 0;
}

size_t rt_verify_compare(rt_vec *out, size_t *compared_out, rt_arena *a,
			 const rt_verify_data *before,
			 const rt_verify_data *after)
{
	size_t lines = 0, compared = 0;
	for (size_t i = 0; i < before->tables.len; i++) {
		const rt_verify_table *tb = RT_VEC_AT(before->tables, i);
		const rt_verify_table *ta =
		    find_table(after, tb->schema, tb->name);
		if (!ta)
			continue;
		compared += tb->nrows;
		if (tb->nrows != ta->nrows) {
			rt_vec_push(out, a,
				    rt_arena_printf(
					a, "%s.%s: %zu row%s before, %zu after",
					tb->schema, tb->name, tb->nrows,
					tb->nrows == 1 ? "" : "s", ta->nrows));
			lines++;
			continue;
		}
		for (size_t c = 0; c < tb->columns.len && tb->nrows; c++) {
			const char *name = RT_VEC_AT(tb->columns, c);
			long ca = column_index(ta, name);
			if (ca < 0)
				continue;
			char **vb = column_values(tb, c);
			char **va = column_values(ta, (size_t)ca);
			size_t x = 0, y = 0, gone = 0;
			const char *first_gone = NULL, *first_new = NULL;
			bool any_gone = false, any_new = false;
			while (x < tb->nrows || y < ta->nrows) {
				int cmp = x == tb->nrows ? 1
					  : y == ta->nrows
					      ? -1
					      : cell_cmp(vb[x], va[y]);
				if (cmp == 0) {
					x++;
					y++;
				} else if (cmp < 0) {
					if (!any_gone)
						first_gone = vb[x];
					any_gone = true;
					gone++;
					x++;
				} else {
					if (!any_new)
						first_new = va[y];
					any_new = true;
					y++;
				}
			}
			if (gone) {
				rt_vec_push(
				    out, a,
				    rt_arena_printf(
					a,
					"%s.%s.%s: %zu of %zu value%s "
					"differ (%s before, %s after)",
					tb->schema, tb->name, name, gone,
					tb->nrows, tb->nrows == 1 ? "" : "s",
					show(a, first_gone),
					any_new ? show(a, first_new) : "?"));
				lines++;
			}
			free(vb);
			free(va);
		}
	}
	if (compared_out)
		*compared_out = compared;
	return lines;
}
