/* SPDX-License-Identifier: MIT */
/* rt_render_checks: the validation queries' exact text on PostgreSQL,
 * and on SQLite each query run on an in-memory database: before the
 * DDL (the checks of what it creates fail) and after it (all hold). */
#include "base/common.h"
#include "diff/diff.h"
#include "load/load.h"
#include "migdir/migdir.h"
#include "plan/plan.h"
#include "render/render.h"

#include <criterion/criterion.h>
#include <sqlite3.h>

static rt_arena *arena;

static void setup(void)
{
	arena = rt_arena_new();
}

static void teardown(void)
{
	rt_arena_free(arena);
}

TestSuite(checks, .init = setup, .fini = teardown);

/* SQLite's convention for a schema the SQL loader read: the declared
 * types as rt_sqlite_type_norm gives them ("integer" -> "INTEGER"). */
static void sqlite_types(rt_schema *s)
{
	s->dialect = RT_DIALECT_SQLITE;
	for (size_t i = 0; i < s->tables.len; i++) {
		rt_table *t = s->tables.items[i];
		for (size_t j = 0; j < t->columns.len; j++) {
			rt_column *c = t->columns.items[j];
			rt_buf b = RT_BUF_INIT;
			rt_sqlite_type_norm(&b, c->type.name);
			c->type.name = rt_buf_detach_arena(&b, arena);
		}
	}
}

static rt_vec checks_of(const char *from, const char *to, rt_dialect d)
{
	rt_vec changes = {0}, steps = {0}, out = {0};
	rt_error err = RT_ERROR_INIT;
	rt_schema *f = NULL, *t = NULL;

	cr_assert(rt_load_sql_text(&f, arena, "a.sql", from, &err) == 0, "%s",
		  err.msg);
	cr_assert(rt_load_sql_text(&t, arena, "b.sql", to, &err) == 0, "%s",
		  err.msg);
	if (d == RT_DIALECT_SQLITE) {
		sqlite_types(f);
		sqlite_types(t);
	}
	cr_assert(rt_diff(&changes, arena, f, t, &err) == 0, "%s", err.msg);
	cr_assert(rt_plan(&steps, arena, &changes, &err) == 0, "%s", err.msg);
	cr_assert(rt_render_checks(&out, arena, d, &steps, t, &err) == 0, "%s",
		  err.msg);
	return out;
}

/* "expect | sql" lines */
static const char *shown(const rt_vec *v)
{
	rt_buf b = RT_BUF_INIT;
	for (size_t i = 0; i < v->len; i++) {
		const rt_check *k = v->items[i];
		switch (k->expect) {
		case RT_CHECK_TRUE:
			rt_buf_adds(&b, "true");
			break;
		case RT_CHECK_ROWS:
			rt_buf_addf(&b, "%llu rows",
				    (unsigned long long)k->rows);
			break;
		case RT_CHECK_VALUE:
			rt_buf_addf(&b, "value %s", k->value);
			break;
		}
		rt_buf_addf(&b, "%s | %s\n", k->creates ? " (creates)" : "",
			    k->sql);
	}
	return rt_buf_detach_arena(&b, arena);
}

Test(checks, pg_add_column_and_index)
{
	rt_vec v = checks_of("create table tasks (id int, title text);",
			     "create table tasks (id int, title text, "
			     "priority int not null default 0);"
			     "create unique index tasks_p on tasks (priority);",
			     RT_DIALECT_PG);
	cr_expect_str_eq(
	    shown(&v),
	    "value integer NOT NULL (creates) | SELECT "
	    "pg_catalog.format_type(a.atttypid, a.atttypmod) || CASE WHEN "
	    "a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END FROM "
	    "pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = "
	    "a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = "
	    "c.relnamespace WHERE n.nspname = 'public' AND c.relname = "
	    "'tasks' AND a.attnum > 0 AND NOT a.attisdropped AND a.attname = "
	    "'priority'\n"
	    "true (creates) | SELECT x.indisvalid AND x.indisunique FROM "
	    "pg_catalog.pg_index x JOIN pg_catalog.pg_class i ON i.oid = "
	    "x.indexrelid JOIN pg_catalog.pg_class c ON c.oid = x.indrelid "
	    "JOIN "
	    "pg_catalog.pg_namespace n ON n.oid = i.relnamespace JOIN "
	    "pg_catalog.pg_namespace tn ON tn.oid = c.relnamespace WHERE "
	    "n.nspname = 'public' AND i.relname = 'tasks_p' AND tn.nspname = "
	    "'public' AND c.relname = 'tasks' AND NOT EXISTS (SELECT 1 FROM "
	    "pg_catalog.pg_depend d WHERE d.classid = "
	    "'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = i.oid "
	    "AND d.deptype = 'i')\n");
	const rt_check *k = v.items[0];
	cr_expect_str_eq(k->what,
			 "column public.tasks.priority is integer NOT NULL");
}

Test(checks, pg_drops_and_constraints)
{
	rt_vec v = checks_of(
	    "create table t (a int, b int); create table gone (x int);",
	    "create table t (a int);"
	    "alter table t add constraint a_pos check (a > 0) not valid;",
	    RT_DIALECT_PG);
	cr_expect_str_eq(
	    shown(&v),
	    "0 rows | SELECT 1 FROM pg_catalog.pg_attribute a JOIN "
	    "pg_catalog.pg_class c ON c.oid = a.attrelid JOIN "
	    "pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE "
	    "n.nspname = 'public' AND c.relname = 't' AND a.attnum > 0 AND NOT "
	    "a.attisdropped AND a.attname = 'b'\n"
	    "0 rows | SELECT 1 FROM pg_catalog.pg_class c JOIN "
	    "pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE "
	    "n.nspname = 'public' AND c.relname = 'gone' AND c.relkind IN "
	    "('r', 'p')\n"
	    "true (creates) | SELECT NOT k.convalidated FROM "
	    "pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = "
	    "k.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = "
	    "c.relnamespace WHERE n.nspname = 'public' AND c.relname = 't' AND "
	    "k.conname = 'a_pos' AND k.contype = 'c'\n");
}

Test(checks, pg_new_table_with_user_types_and_keys)
{
	rt_vec v = checks_of("create type m as enum ('x');",
			     "create type m as enum ('x', 'y');"
			     "create table \"T\" (id int primary key, "
			     "m m[] not null, \"Note\" varchar(9));",
			     RT_DIALECT_PG);
	cr_assert_eq(v.len, 4);
	const rt_check *labels = v.items[0], *exists = v.items[1],
		       *cols = v.items[2], *pk = v.items[3];
	cr_expect_eq(labels->expect, RT_CHECK_VALUE);
	cr_expect_str_eq(labels->value, "x, y");
	cr_expect_not(labels->creates);
	cr_expect_str_eq(exists->value, "r");
	cr_expect(exists->creates);
	cr_expect_str_eq(cols->value,
			 "Note character varying(9) NULL, id "
			 "integer NOT NULL, m public.m[] NOT NULL");
	cr_expect(strstr(cols->sql, "c.relname = 'T'"));
	cr_expect(strstr(cols->sql, "tn.nspname || '.' || t.typname"));
	cr_expect_eq(pk->expect, RT_CHECK_TRUE);
	cr_expect(strstr(pk->sql, "k.conname = 'T_pkey' AND k.contype = 'p'"));
}

Test(checks, pg_value_a_file_cannot_hold_is_compared_in_the_query)
{
	rt_vec v =
	    checks_of("", "create type e as enum (' padded ');", RT_DIALECT_PG);
	cr_assert_eq(v.len, 1);
	const rt_check *k = v.items[0];
	cr_expect_eq(k->expect, RT_CHECK_TRUE);
	cr_expect_null(k->value);
	cr_expect(strstr(k->sql, ") = ' padded ' FROM"), "%s", k->sql);
}

Test(checks, pg_dropped_and_created_again_is_checked_as_it_ends)
{
	/* a type change without a cast: the column is dropped and added */
	rt_vec v = checks_of("create table t (a int);",
			     "create table t (a uuid);", RT_DIALECT_PG);
	cr_assert_eq(v.len, 1, "%s", shown(&v));
	const rt_check *k = v.items[0];
	cr_expect_str_eq(k->value, "uuid NULL");
	cr_expect_not(k->creates);
}

/* ---- SQLite: run the checks ---- */

static void exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	cr_assert(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK,
		  "%s: %s", sql, msg ? msg : "");
}

/* true when check k gives its expected result on db */
static bool holds(sqlite3 *db, const rt_check *k)
{
	sqlite3_stmt *st = NULL;
	uint64_t rows = 0;
	bool one_ok = false;
	int rc;

	cr_assert(sqlite3_prepare_v2(db, k->sql, -1, &st, NULL) == SQLITE_OK,
		  "%s: %s", k->sql, sqlite3_errmsg(db));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rows++;
		if (rows == 1 && sqlite3_column_count(st) == 1) {
			const char *t =
			    (const char *)sqlite3_column_text(st, 0);
			if (k->expect == RT_CHECK_VALUE)
				one_ok = t && !strcmp(t, k->value);
			else if (k->expect == RT_CHECK_TRUE)
				one_ok = sqlite3_column_int(st, 0) == 1;
		}
	}
	cr_assert_eq(rc, SQLITE_DONE, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	if (k->expect == RT_CHECK_ROWS)
		return rows == k->rows;
	return rows == 1 && one_ok;
}

/* The model side: SQL read by the SQL loader with SQLite's one schema,
 * "main"; its types are then put in SQLite's convention (schema.h), as
 * the SQLite loader reads them. */
#define SQLITE_FROM                                                            \
	"create schema main;"                                                  \
	"create table main.t (a integer not null, b text);"                    \
	"create index t_b on main.t (b);"                                      \
	"create table main.old (x integer);"
#define SQLITE_TO                                                              \
	"create schema main;"                                                  \
	"create table main.t (a integer not null, c text not null default "    \
	"'x');"                                                                \
	"create unique index t_c on main.t (c);"                               \
	"create table main.n (id integer not null, v text);"

Test(checks, sqlite_checks_hold_after_the_ddl_and_creates_fail_before)
{
	rt_vec v = checks_of(SQLITE_FROM, SQLITE_TO, RT_DIALECT_SQLITE);
	sqlite3 *db = NULL;
	size_t creates = 0;

	cr_assert_str_eq(
	    shown(&v),
	    "0 rows | SELECT 1 FROM main.sqlite_schema WHERE type = 'index' "
	    "AND name = 't_b'\n"
	    "0 rows | SELECT 1 FROM pragma_table_xinfo('t', 'main') WHERE "
	    "hidden <> 1 AND name = 'b'\n"
	    "0 rows | SELECT 1 FROM main.sqlite_schema WHERE type = 'table' "
	    "AND name = 'old'\n"
	    "1 rows (creates) | SELECT 1 FROM main.sqlite_schema WHERE type = "
	    "'table' AND name = 'n'\n"
	    "value id INTEGER NOT NULL, v TEXT NULL (creates) | SELECT "
	    "group_concat(name || ' ' || trim(upper(type) || CASE WHEN "
	    "\"notnull\" THEN ' NOT NULL' ELSE ' NULL' END), ', ') FROM "
	    "(SELECT name, "
	    "type, \"notnull\" FROM pragma_table_xinfo('n', 'main') WHERE "
	    "hidden <> 1 ORDER BY name)\n"
	    "value TEXT NOT NULL (creates) | SELECT trim(upper(type) || CASE "
	    "WHEN \"notnull\" THEN ' NOT NULL' ELSE ' NULL' END) FROM "
	    "pragma_table_xinfo('t', 'main') WHERE hidden <> 1 AND name = "
	    "'c'\n"
	    "value 1 (creates) | SELECT \"unique\" FROM pragma_index_list('t', "
	    "'main') WHERE name = 't_c'\n");

	cr_assert(sqlite3_open(":memory:", &db) == SQLITE_OK);
	exec(db, "CREATE TABLE t (a integer NOT NULL, b text);"
		 "CREATE INDEX t_b ON t (b);"
		 "CREATE TABLE old (x integer);");
	for (size_t i = 0; i < v.len; i++) {
		const rt_check *k = v.items[i];
		if (!k->creates)
			continue;
		creates++;
		cr_expect_not(holds(db, k), "holds before: %s", k->sql);
	}
	cr_expect_eq(creates, 4);
	/* the migration, by hand (the SQLite renderer comes later) */
	exec(db, "DROP INDEX t_b;"
		 "ALTER TABLE t DROP COLUMN b;"
		 "ALTER TABLE t ADD COLUMN c text NOT NULL DEFAULT 'x';"
		 "CREATE UNIQUE INDEX t_c ON t (c);"
		 "DROP TABLE old;"
		 "CREATE TABLE n (id integer NOT NULL, v text);");
	for (size_t i = 0; i < v.len; i++) {
		const rt_check *k = v.items[i];
		cr_expect(holds(db, k), "fails after: %s", k->sql);
	}
	/* and a migration that went wrong is caught */
	exec(db, "DROP INDEX t_c; CREATE INDEX t_c ON t (c);");
	cr_expect_not(holds(db, v.items[6]));
	sqlite3_close(db);
}

Test(checks, unknown_dialect_is_refused)
{
	rt_vec steps = {0}, out = {0};
	rt_error err = RT_ERROR_INIT;
	cr_expect_eq(rt_render_checks(&out, arena, (rt_dialect)7, &steps,
				      rt_schema_new(arena), &err),
		     -1);
	cr_expect_eq(err.code, RT_EUSAGE);
}

Test(checks, pg_triggers_and_policies)
{
	const char *base =
	    "create table t (a int);"
	    "create function f() returns trigger language plpgsql as "
	    "$$begin return new; end$$;";
	rt_vec v = checks_of(
	    rt_arena_printf(arena,
			    "%s create trigger old_trg before insert on t for "
			    "each row execute function f();",
			    base),
	    rt_arena_printf(arena,
			    "%s create trigger trg before insert on t for each "
			    "row execute function f();"
			    "alter table t disable trigger trg;"
			    "create policy p on t using (a > 0);",
			    base),
	    RT_DIALECT_PG);
	const char *s = shown(&v);
	cr_assert_eq(v.len, 3, "%s", s);
	cr_expect(strstr(s, "0 rows | SELECT 1 FROM pg_catalog.pg_trigger g "
			    "JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid "
			    "JOIN pg_catalog.pg_namespace n ON n.oid = "
			    "c.relnamespace WHERE n.nspname = 'public' AND "
			    "c.relname = 't' AND g.tgname = 'old_trg' AND NOT "
			    "g.tgisinternal\n"),
		  "%s", s);
	cr_expect(strstr(s, "value D (creates) | SELECT g.tgenabled FROM "
			    "pg_catalog.pg_trigger g"),
		  "%s", s);
	cr_expect(strstr(s, "1 rows (creates) | SELECT 1 FROM "
			    "pg_catalog.pg_policy g JOIN pg_catalog.pg_class c "
			    "ON c.oid = g.polrelid"),
		  "%s", s);
}

Test(checks, expectations_map_on_the_migration_file)
{
	/* rt_check -> rt_migdir_check is a cast of the expectation */
	cr_expect_eq((int)RT_CHECK_TRUE, (int)RT_MIGDIR_EXPECT_TRUE);
	cr_expect_eq((int)RT_CHECK_ROWS, (int)RT_MIGDIR_EXPECT_ROWS);
	cr_expect_eq((int)RT_CHECK_VALUE, (int)RT_MIGDIR_EXPECT_VALUE);
}
