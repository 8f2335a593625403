/* SPDX-License-Identifier: MIT */
/* The live SQLite loader: SQLite files built here with the sqlite3 API,
 * loaded, and the model checked against what was created; a fixed number
 * of queries whatever the number of tables; bad URLs and files. */
#include "base/common.h"

#include <criterion/criterion.h>

#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "load/load.h"
#include "runner/runner.h"
#include "schema/schema.h"

static rt_arena *arena;
static rt_error err;
static char dir[64];
static char path[128];

static void setup(void)
{
	arena = rt_arena_new();
	rt_error_clear(&err);
	snprintf(dir, sizeof(dir), "/tmp/rt-sqlite-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
}

static void teardown(void)
{
	unlink(path);
	rmdir(dir);
	rt_arena_free(arena);
}

TestSuite(load_sqlite, .init = setup, .fini = teardown);

/* Creates path with the statements in sql. */
static void make_db(const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, &msg), SQLITE_OK, "%s",
		     msg ? msg : "");
	sqlite3_close(db);
}

static const char *url(void)
{
	return rt_arena_printf(arena, "sqlite:///%s", path);
}

static rt_schema *load_n(const char *sql, size_t *queries)
{
	rt_schema *s = NULL;
	make_db(sql);
	cr_assert_eq(rt_load_sqlite(&s, arena, url(), queries, &err), 0, "%s",
		     err.msg);
	cr_assert_eq(s->dialect, RT_DIALECT_SQLITE);
	return s;
}

static rt_schema *load(const char *sql)
{
	return load_n(sql, NULL);
}

static rt_table *table(rt_schema *s, const char *name)
{
	rt_table *t = rt_schema_find_table(s, "main", name);
	cr_assert_not_null(t, "no table %s", name);
	return t;
}

static rt_column *column(rt_table *t, const char *name)
{
	rt_column *c = rt_table_find_column(t, name);
	cr_assert_not_null(c, "no column %s", name);
	return c;
}

static rt_constraint *constraint(rt_table *t, const char *name)
{
	rt_constraint *c = rt_table_find_constraint(t, name);
	if (!c) {
		rt_buf b = RT_BUF_INIT;
		for (size_t i = 0; i < t->constraints.len; i++)
			rt_buf_addf(
			    &b, " %s",
			    ((rt_constraint *)t->constraints.items[i])->name);
		cr_assert_fail("no constraint %s; there are:%s", name, b.data);
	}
	return c;
}

static void expect_cols(const rt_vec *v, const char *want)
{
	rt_buf b = RT_BUF_INIT;
	for (size_t i = 0; i < v->len; i++)
		rt_buf_addf(&b, "%s%s", i ? "," : "", (char *)v->items[i]);
	cr_expect_str_eq(b.data, want);
	rt_buf_release(&b);
}

Test(load_sqlite, columns_types_defaults)
{
	rt_schema *s = load("CREATE TABLE t (id INTEGER PRIMARY KEY, "
			    "name varchar (40) NOT NULL, "
			    "price NUMERIC(10, 2) DEFAULT (0), "
			    "note DEFAULT 'it''s', "
			    "at datetime DEFAULT current_timestamp, "
			    "n INT COLLATE nocase)");
	rt_table *t = table(s, "t");
	cr_assert_eq(s->namespaces.len, 1);
	cr_expect_str_eq(((rt_namespace *)s->namespaces.items[0])->name,
			 "main");
	cr_assert_eq(t->columns.len, 6);
	cr_expect_str_eq(column(t, "id")->type.name, "INTEGER");
	cr_expect_str_eq(column(t, "id")->type.schema, RT_CATALOG);
	cr_expect_str_eq(column(t, "name")->type.name, "VARCHAR(40)");
	cr_expect(column(t, "name")->not_null);
	cr_expect(!column(t, "price")->not_null);
	cr_expect_str_eq(column(t, "price")->type.name, "NUMERIC(10,2)");
	cr_expect_str_eq(column(t, "price")->default_expr->key, "0");
	cr_expect_str_eq(column(t, "note")->type.name, "");
	cr_expect_str_eq(column(t, "note")->default_expr->text, "'it''s'");
	cr_expect_str_eq(column(t, "note")->default_expr->key, "'it''s'");
	cr_expect_str_eq(column(t, "at")->default_expr->text,
			 "current_timestamp");
	cr_expect_str_eq(column(t, "at")->default_expr->key,
			 "CURRENT_TIMESTAMP");
	cr_expect_str_eq(column(t, "n")->collation.name, "nocase");
	cr_expect_null(column(t, "at")->collation.name);
	/* columns in their order */
	cr_expect_str_eq(((rt_column *)t->columns.items[5])->name, "n");
}

Test(load_sqlite, generated_columns)
{
	rt_schema *s = load("CREATE TABLE t (a INT, "
			    "b INT GENERATED ALWAYS AS (a * 2) STORED, "
			    "c AS (a + 1), d INT AS (a - 1) VIRTUAL)");
	rt_table *t = table(s, "t");
	cr_expect_str_eq(column(t, "b")->generated->text, "a * 2");
	cr_expect_str_eq(column(t, "b")->generated->key, "A * 2 STORED");
	cr_expect_null(column(t, "b")->default_expr);
	cr_expect_str_eq(column(t, "c")->generated->key, "A + 1 VIRTUAL");
	cr_expect_str_eq(column(t, "d")->generated->key, "A - 1 VIRTUAL");
	cr_expect_str_eq(column(t, "d")->type.name, "INT");
	cr_expect(rt_refs_column(column(t, "b")->generated->refs, "a"));
}

Test(load_sqlite, primary_keys)
{
	rt_schema *s = load(
	    "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, x TEXT);"
	    "CREATE TABLE b (x TEXT, y INT, CONSTRAINT b_key_named "
	    "PRIMARY KEY (y, x)) WITHOUT ROWID;"
	    "CREATE TABLE c (x TEXT CONSTRAINT cpk PRIMARY KEY) STRICT;"
	    "CREATE TABLE d (x TEXT)");
	rt_constraint *pk = constraint(table(s, "a"), "a_pkey");
	cr_expect_eq(pk->type, RT_CON_PRIMARY);
	expect_cols(&pk->columns, "id");
	expect_cols(&table(s, "a")->options, "autoincrement");
	pk = constraint(table(s, "b"), "b_key_named");
	expect_cols(&pk->columns, "y,x");
	expect_cols(&table(s, "b")->options, "without_rowid");
	expect_cols(&constraint(table(s, "c"), "cpk")->columns, "x");
	expect_cols(&table(s, "c")->options, "strict");
	cr_expect_eq(table(s, "d")->constraints.len, 0);
	/* sqlite_sequence (AUTOINCREMENT's) is SQLite's, not a table */
	cr_expect_eq(s->tables.len, 4);
	cr_expect_eq(s->indexes.len, 0, "autoindexes are not indexes");
}

Test(load_sqlite, unique_constraints)
{
	rt_schema *s = load("CREATE TABLE t (a INT UNIQUE, b INT, c INT "
			    "CONSTRAINT c_once UNIQUE, "
			    "UNIQUE (a, b), CONSTRAINT pair UNIQUE (b, c))");
	rt_table *t = table(s, "t");
	cr_assert_eq(t->constraints.len, 4);
	expect_cols(&constraint(t, "t_a_key")->columns, "a");
	expect_cols(&constraint(t, "c_once")->columns, "c");
	expect_cols(&constraint(t, "t_a_b_key")->columns, "a,b");
	expect_cols(&constraint(t, "pair")->columns, "b,c");
	cr_expect_eq(constraint(t, "pair")->type, RT_CON_UNIQUE);
}

Test(load_sqlite, foreign_keys)
{
	rt_schema *s = load(
	    "CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT UNIQUE);"
	    "CREATE TABLE c (a INT REFERENCES p ON DELETE CASCADE, "
	    "b TEXT, d INT CONSTRAINT d_fk REFERENCES p (id) ON UPDATE SET "
	    "NULL ON DELETE SET DEFAULT DEFERRABLE INITIALLY DEFERRED, "
	    "FOREIGN KEY (b) REFERENCES p (code) ON DELETE RESTRICT "
	    "NOT DEFERRABLE, "
	    "CONSTRAINT two FOREIGN KEY (a, b) REFERENCES c2 (x, y) "
	    "DEFERRABLE INITIALLY IMMEDIATE);"
	    "CREATE TABLE c2 (x INT, y TEXT, PRIMARY KEY (x, y))");
	rt_table *t = table(s, "c");
	rt_constraint *f = constraint(t, "c_a_fkey");
	cr_expect_eq(f->type, RT_CON_FOREIGN);
	cr_expect_str_eq(f->ref_table.schema, "main");
	cr_expect_str_eq(f->ref_table.name, "p");
	expect_cols(&f->ref_columns, "id"); /* the referenced primary key */
	cr_expect_eq(f->on_delete, 'c');
	cr_expect_eq(f->on_update, 'a');
	cr_expect_eq(f->match, 's');
	cr_expect(!f->deferrable);
	f = constraint(t, "d_fk");
	cr_expect_eq(f->on_update, 'n');
	cr_expect_eq(f->on_delete, 'd');
	cr_expect(f->deferrable && f->initially_deferred);
	f = constraint(t, "c_b_fkey");
	expect_cols(&f->ref_columns, "code");
	cr_expect_eq(f->on_delete, 'r');
	cr_expect(!f->deferrable);
	f = constraint(t, "two");
	expect_cols(&f->columns, "a,b");
	cr_expect_str_eq(f->ref_table.name, "c2");
	expect_cols(&f->ref_columns, "x,y");
	cr_expect(f->deferrable && !f->initially_deferred);
	cr_expect_eq(t->constraints.len, 4);
}

Test(load_sqlite, check_constraints)
{
	rt_schema *s = load("CREATE TABLE t (a INT CHECK (a > 0), "
			    "b TEXT CONSTRAINT b_len CHECK (length(b) < 9), "
			    "c INT, CHECK (a < c), CHECK ((c <> 0)), "
			    "CHECK (\"c\" != 'a, b'))");
	rt_table *t = table(s, "t");
	rt_constraint *c = constraint(t, "t_a_check");
	cr_expect_eq(c->type, RT_CON_CHECK);
	cr_expect_str_eq(c->expr->text, "a > 0");
	cr_expect_str_eq(c->expr->key, "A > 0");
	cr_expect_str_eq(constraint(t, "b_len")->expr->key, "LENGTH(B) < 9");
	cr_expect_str_eq(constraint(t, "t_check")->expr->text, "a < c");
	cr_expect_str_eq(constraint(t, "t_c_check")->expr->key, "C <> 0");
	cr_expect_str_eq(constraint(t, "t_c_check1")->expr->text,
			 "\"c\" != 'a, b'");
	cr_expect_eq(t->constraints.len, 5);
}

Test(load_sqlite, indexes)
{
	rt_schema *s =
	    load("CREATE TABLE t (a INT, \"B c\" TEXT, d TEXT UNIQUE);"
		 "CREATE INDEX ix_a ON t (a);"
		 "CREATE UNIQUE INDEX IF NOT EXISTS main.ux ON t "
		 "(lower(d), a DESC) WHERE d IS NOT NULL;"
		 "create index ix_b on t([B c] collate nocase)");
	cr_assert_eq(s->indexes.len, 3);
	rt_index *x = rt_schema_find_index(s, "main", "ix_a");
	cr_assert_not_null(x);
	cr_expect(!x->unique);
	cr_expect_str_eq(x->table.name, "t");
	cr_expect_str_eq(x->def->text, "CREATE INDEX ix_a ON t (a)");
	cr_expect_str_eq(x->def->key, "CREATE INDEX ON T(A)");
	x = rt_schema_find_index(s, "main", "ux");
	cr_assert_not_null(x);
	cr_expect(x->unique);
	cr_expect_str_eq(x->def->text, "CREATE UNIQUE INDEX ux ON t (lower(d), "
				       "a DESC) WHERE d IS NOT NULL");
	cr_expect(rt_refs_column(x->def->refs, "d"));
	cr_expect(rt_refs_column(x->def->refs, "a"));
	x = rt_schema_find_index(s, "main", "ix_b");
	cr_assert_not_null(x);
	cr_expect_str_eq(x->def->text,
			 "CREATE INDEX ix_b ON t (\"B c\" collate nocase)");
	cr_expect_str_eq(x->def->key,
			 "CREATE INDEX ON T(\"B c\" COLLATE NOCASE)");
}

Test(load_sqlite, views_triggers_and_skipped_tables)
{
	rt_schema *s =
	    load("CREATE TABLE t (a INT);"
		 "CREATE TABLE " RT_RUNNER_TABLE " (version INT);"
		 "CREATE VIEW v AS SELECT a FROM t;"
		 "CREATE TRIGGER tg AFTER INSERT ON t BEGIN SELECT 1; END;");
	cr_assert_eq(s->tables.len, 1);
	cr_assert_eq(s->unmanaged.len, 2);
	rt_unmanaged *u = s->unmanaged.items[0];
	cr_expect_str_eq(u->what, "trigger main.tg");
	cr_expect_str_eq(u->sql,
			 "CREATE TRIGGER tg AFTER INSERT ON t BEGIN SELECT 1; "
			 "END");
	u = s->unmanaged.items[1];
	cr_expect_str_eq(u->what, "view main.v");
	cr_expect_str_eq(u->sql, "CREATE VIEW v AS SELECT a FROM t");
	cr_expect(!u->data);
}

/* The JSON keeps the CREATE text of unmanaged objects and reads it back. */
Test(load_sqlite, unmanaged_sql_round_trips_through_json)
{
	rt_schema *s = load("CREATE TABLE t (a INT);"
			    "CREATE VIEW v AS SELECT a FROM t");
	rt_schema *back = NULL;
	rt_buf one = RT_BUF_INIT, two = RT_BUF_INIT;
	rt_schema_json(&one, s);
	cr_assert_eq(
	    rt_load_json_text(&back, arena, "x.json", one.data, one.len, &err),
	    0, "%s", err.msg);
	cr_expect_str_eq(((rt_unmanaged *)back->unmanaged.items[0])->sql,
			 "CREATE VIEW v AS SELECT a FROM t");
	back->source = s->source;
	rt_schema_json(&two, back);
	cr_expect_str_eq(one.data, two.data);
	rt_buf_release(&one);
	rt_buf_release(&two);
}

Test(load_sqlite, fixed_number_of_queries)
{
	size_t q1 = 0, q200 = 0;
	rt_buf sql = RT_BUF_INIT;
	rt_schema *s = load_n("CREATE TABLE t0 (id INTEGER PRIMARY KEY)", &q1);
	cr_assert_eq(s->tables.len, 1);
	unlink(path);
	for (int i = 0; i < 200; i++)
		rt_buf_addf(&sql,
			    "CREATE TABLE t%d (id INTEGER PRIMARY KEY, "
			    "u TEXT UNIQUE, p INT REFERENCES t0, "
			    "CHECK (u <> ''));"
			    "CREATE INDEX ix%d ON t%d (p);",
			    i, i, i);
	s = load_n(sql.data, &q200);
	rt_buf_release(&sql);
	cr_assert_eq(s->tables.len, 200);
	cr_assert_eq(s->indexes.len, 200);
	cr_expect_eq(q1, 4);
	cr_expect_eq(q200, q1);
}

/* The loader on a handle the caller opened (the migrations replay). */
Test(load_sqlite, open_handle)
{
	sqlite3 *db = NULL;
	rt_schema *s = NULL;
	cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "CREATE TABLE t (a INT NOT NULL)", NULL,
				  NULL, NULL),
		     SQLITE_OK);
	cr_assert_eq(rt_load_sqlite_db(&s, arena, db, "replay", &err), 0, "%s",
		     err.msg);
	sqlite3_close(db);
	cr_expect_str_eq(s->source, "replay");
	cr_expect(column(table(s, "t"), "a")->not_null);
}

Test(load_sqlite, tracking_table_name_is_the_runners)
{
	/* load_sqlite.c spells it itself (load cannot include runner.h) */
	rt_schema *s = load("CREATE TABLE retort_version (v INT)");
	cr_expect_eq(s->tables.len, 0);
	cr_expect_str_eq(RT_RUNNER_TABLE, "retort_version");
}

static void expect_error(const char *u, rt_errcode code, const char *msg)
{
	rt_schema *s = NULL;
	rt_error_clear(&err);
	cr_assert_eq(rt_load_sqlite(&s, arena, u, NULL, &err), -1, "%s", u);
	cr_expect_null(s);
	cr_expect_eq(err.code, code, "%s: code %d", u, err.code);
	cr_expect(strstr(err.msg, msg) != NULL, "%s: '%s' lacks '%s'", u,
		  err.msg, msg);
}

Test(load_sqlite, bad_urls_and_files)
{
	FILE *f;
	expect_error("sqlite://", RT_EINPUT, "no path");
	expect_error("sqlite:///", RT_EINPUT, "no database file");
	expect_error("sqlite:///:memory:", RT_EINPUT, "no database file");
	expect_error("sqlite://host/x.db", RT_EINPUT, "three slashes");
	expect_error(rt_arena_printf(arena, "sqlite:///%s/missing.db", dir),
		     RT_EIO, "missing.db': No such file");
	expect_error(rt_arena_printf(arena, "sqlite:///%s", dir), RT_EIO,
		     "Is a directory");
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("this is not a database, not at all; it is plain text\n", f);
	fclose(f);
	expect_error(url(), RT_EDB, "file is not a database");
	/* never created */
	cr_expect_neq(
	    access(rt_arena_printf(arena, "%s/missing.db", dir), F_OK), 0);
}

Test(load_sqlite, source_kind)
{
	rt_source_kind k;
	cr_assert_eq(rt_load_source_kind(&k, "sqlite:///x.db", &err), 0);
	cr_expect_eq(k, RT_SOURCE_SQLITE);
	cr_assert_eq(rt_load_source_kind(&k, "sqlite:////tmp/x.sql", &err), 0);
	cr_expect_eq(k, RT_SOURCE_SQLITE);
}

/* A virtual table is unmanaged with its text; the shadow tables that keep
 * its data are SQLite's, not the schema's. */
Test(load_sqlite, virtual_tables_and_their_shadows)
{
	rt_schema *s = load("CREATE TABLE t (a INT);"
			    "CREATE VIRTUAL TABLE docs USING fts5(body);"
			    "CREATE TABLE docs_notes (n TEXT)");
	cr_assert_eq(s->tables.len, 2);
	table(s, "t");
	table(s, "docs_notes"); /* named like a shadow, but not one */
	cr_assert_eq(s->unmanaged.len, 1);
	rt_unmanaged *u = s->unmanaged.items[0];
	cr_expect_str_eq(u->what, "virtual table main.docs");
	cr_expect_str_eq(u->sql, "CREATE VIRTUAL TABLE docs USING fts5(body)");
}

/* rt_load_rename on a SQLite schema writes the indexes that follow the
 * renamed column or table back as the SQLite loader writes them, so they
 * equal those of a database where the rename was made. */
Test(load_sqlite, rename_keeps_sqlite_index_spelling)
{
	rt_schema *s = load("CREATE TABLE t (a INTEGER, b TEXT);\n"
			    "CREATE INDEX ix_b ON t (b);\n"
			    "CREATE UNIQUE INDEX ix_ab ON t (a, b DESC);\n");
	cr_assert_eq(
	    rt_load_rename(s, RT_KIND_COLUMN, "main", "t", "b", "c", &err), 0,
	    "%s", err.msg);
	rt_schema *want = load("DROP TABLE t;\n"
			       "CREATE TABLE t (a INTEGER, c TEXT);\n"
			       "CREATE INDEX ix_b ON t (c);\n"
			       "CREATE UNIQUE INDEX ix_ab ON t (a, c DESC);\n");
	for (size_t i = 0; i < want->indexes.len; i++) {
		const rt_index *w = want->indexes.items[i];
		const rt_index *g = rt_schema_find_index(s, "main", w->name);
		cr_assert(g, "%s", w->name);
		cr_assert_str_eq(g->def->text, w->def->text);
		cr_assert_str_eq(g->def->key, w->def->key);
	}
}

/* What the faster queries leave out or put in order themselves: key
 * columns only (a WITHOUT ROWID table's unique index also holds its
 * primary key), no primary key autoindex, foreign keys spelled in lower
 * case, and indexes in name order whatever order SQLite lists them in. */
Test(load_sqlite, index_keys_foreign_keys_and_order)
{
	rt_schema *s =
	    load("CREATE TABLE w (k TEXT, n INT, u TEXT UNIQUE, v INT, "
		 "PRIMARY KEY (k, n), UNIQUE (v, u)) WITHOUT ROWID;"
		 "CREATE INDEX zz ON w (v);"
		 "CREATE INDEX aa ON w (u, lower(k));"
		 "CREATE INDEX mm ON w (n DESC);"
		 "create table r (id integer primary key, "
		 "wk text, wn int, x int references r, "
		 "foreign key (wk, wn) references w (k, n));"
		 "CREATE TABLE quiet (id INT, note TEXT DEFAULT 'REFERENCES')");
	rt_table *w = table(s, "w");
	expect_cols(&constraint(w, "w_pkey")->columns, "k,n");
	expect_cols(&constraint(w, "w_u_key")->columns, "u");
	expect_cols(&constraint(w, "w_v_u_key")->columns, "v,u");
	cr_expect_eq(w->constraints.len, 3);
	cr_assert_eq(s->indexes.len, 3);
	rt_index *x = rt_schema_find_index(s, "main", "aa");
	cr_assert_not_null(x);
	cr_expect_str_eq(x->def->text, "CREATE INDEX aa ON w (u, lower(k))");
	cr_expect(rt_refs_column(x->def->refs, "k"));
	x = rt_schema_find_index(s, "main", "mm");
	cr_assert_not_null(x);
	cr_expect_str_eq(x->def->text, "CREATE INDEX mm ON w (n DESC)");
	rt_table *r = table(s, "r");
	rt_constraint *f = constraint(r, "r_wk_wn_fkey");
	expect_cols(&f->ref_columns, "k,n");
	f = constraint(r, "r_x_fkey");
	expect_cols(&f->ref_columns, "id");
	cr_expect_eq(r->constraints.len, 3);
	cr_expect_eq(table(s, "quiet")->constraints.len, 0);
}

/* An index's key columns come from its text where the text is sure of
 * them, else from pragma_index_info (in the same query): names in any
 * quotes or case, COLLATE and DESC after them, a double-quoted name that
 * is no column (a string), expressions, and keywords that name columns. */
Test(load_sqlite, index_keys_from_text_and_pragma)
{
	size_t q = 0;
	rt_schema *s = load_n(
	    "CREATE TABLE t (a INT, \"b c\" TEXT, \"true\" INT, x INT, "
	    "\"null\" INT);"
	    "CREATE INDEX q2 ON t (\"nosuch\");"
	    "CREATE INDEX q3 ON t (true);"
	    "CREATE INDEX q4 ON t ('x' COLLATE nocase DESC);"
	    "CREATE INDEX q5 ON t (null);"
	    "CREATE UNIQUE INDEX q6 ON t (A, [b c], `x`);"
	    "CREATE INDEX q7 ON t (a IS NULL, x+1, (x), -a, abs(x));"
	    "CREATE INDEX q10 ON t (\"null\", \"true\" collate nocase asc)",
	    &q);
	static const char *want[][2] = {
	    {"q2", "CREATE INDEX q2 ON t (\"nosuch\")"},
	    {"q3", "CREATE INDEX q3 ON t (true)"},
	    {"q4", "CREATE INDEX q4 ON t (x COLLATE nocase DESC)"},
	    {"q5", "CREATE INDEX q5 ON t (null)"},
	    {"q6", "CREATE UNIQUE INDEX q6 ON t (a, \"b c\", x)"},
	    {"q7", "CREATE INDEX q7 ON t (a IS NULL, x+1, (x), -a, abs(x))"},
	    {"q10", "CREATE INDEX q10 ON t (\"null\", true collate nocase "
		    "asc)"},
	};
	cr_assert_eq(s->indexes.len, RT_ARRAY_LEN(want));
	for (size_t i = 0; i < RT_ARRAY_LEN(want); i++) {
		rt_index *x = rt_schema_find_index(s, "main", want[i][0]);
		cr_assert_not_null(x, "no index %s", want[i][0]);
		cr_expect_str_eq(x->def->text, want[i][1]);
		cr_expect_eq(x->unique, i == 4);
	}
	rt_index *x = rt_schema_find_index(s, "main", "q6");
	cr_expect(rt_refs_column(x->def->refs, "b c"));
	cr_expect(rt_refs_column(x->def->refs, "x"));
	cr_expect_eq(q, 4);
}
