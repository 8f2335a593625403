/* SPDX-License-Identifier: MIT */
/* SQLite DDL read through sqlite_schema's rows (rt_load__sqlite_objs)
 * gives the schema that executing it statement by statement
 * (rt_load__sqlite_text) gives, byte for byte in JSON; rows SQLite's
 * schema reader refuses fail; and the SQLModel reader falls back to the
 * statements, with their own errors, where only CREATE checks. */
#include "base/common.h"

#include <criterion/criterion.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "load/load.h"
#include "load/load_int.h"
#include "schema/schema.h"

static rt_arena *arena;
static rt_error err;
static char dir[64];

static void setup(void)
{
	arena = rt_arena_new();
	rt_error_clear(&err);
	snprintf(dir, sizeof(dir), "/tmp/rt_sqlite_rows_XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	cr_assert_eq(chdir(dir), 0);
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
	rt_arena_free(arena);
	rt_load_shutdown();
}

TestSuite(load_sqlite_rows, .init = setup, .fini = teardown);

/* name without the double quotes around it, in place */
static char *unquoted(char *name)
{
	size_t n = strlen(name);
	if (n >= 2 && name[0] == '"' && name[n - 1] == '"') {
		name[n - 1] = '\0';
		return name + 1;
	}
	return name;
}

/* The rows of the statements of sql ("CREATE TABLE n" / "CREATE [UNIQUE]
 * INDEX n ON t", names bare or in double quotes, each ending ";\n"). */
static size_t rows_of(const char *sql, rt_load_sqlite_obj ***out)
{
	rt_vec v = {0};
	for (const char *p = sql; *p;) {
		const char *end = strstr(p, ";\n");
		cr_assert_not_null(end);
		rt_load_sqlite_obj *o = rt_arena_alloc(arena, sizeof(*o));
		char a[64] = "", b[64] = "";
		if (sscanf(p, "CREATE TABLE %63[^ (]", a) == 1) {
			o->type = "table";
			o->tbl_name = NULL; /* its name, below */
		} else {
			const char *ix = strstr(p, "INDEX ");
			cr_assert(ix && sscanf(ix, "INDEX %63s ON %63[^ (]", a,
					       b) == 2);
			o->type = "index";
			o->tbl_name = rt_arena_strdup(arena, unquoted(b));
		}
		o->name = rt_arena_strdup(arena, unquoted(a));
		if (!o->tbl_name)
			o->tbl_name = o->name;
		o->start = (size_t)(p - sql);
		o->end = (size_t)(end - sql);
		rt_vec_push(&v, arena, o);
		p = end + 2;
	}
	*out = (rt_load_sqlite_obj **)v.items;
	return v.len;
}

static const char *json_of(rt_schema *s)
{
	rt_buf b = RT_BUF_INIT;
	rt_schema_json(&b, s);
	return rt_buf_detach_arena(&b, arena);
}

Test(load_sqlite_rows, same_schema_as_the_statements)
{
	const char *sql =
	    "CREATE TABLE team (\n\tid INTEGER NOT NULL,\n\tname "
	    "VARCHAR(40) NOT NULL,\n\tPRIMARY KEY (id),\n\tUNIQUE "
	    "(name)\n);\n"
	    "CREATE TABLE hero (\n\tid INTEGER NOT NULL,\n\tname VARCHAR "
	    "NOT NULL,\n\tage INTEGER DEFAULT 0 NOT NULL,\n\tteam_id "
	    "INTEGER,\n\tcode CHAR(32),\n\tPRIMARY KEY (id),\n\tCONSTRAINT "
	    "ck_age CHECK (age >= 0),\n\tUNIQUE (code),\n\tUNIQUE (name, "
	    "team_id),\n\tFOREIGN KEY (team_id) REFERENCES team (id) ON "
	    "DELETE CASCADE\n);\n"
	    "CREATE INDEX ix_hero_name ON hero (name);\n"
	    "CREATE UNIQUE INDEX ix_hero_age ON hero (age, name) WHERE age "
	    "> 18;\n"
	    "CREATE INDEX ix_hero_lower ON hero (lower(name));\n"
	    "CREATE TABLE log (\n\tid INTEGER NOT NULL PRIMARY KEY "
	    "AUTOINCREMENT,\n\tat DATETIME DEFAULT (CURRENT_TIMESTAMP)\n);\n";
	rt_load_sqlite_obj **objs;
	size_t n = rows_of(sql, &objs);
	cr_assert_eq(n, 6);
	rt_schema *rows = NULL, *stmts = NULL;
	cr_assert_eq(rt_load__sqlite_objs(
			 &rows, arena, "m.py", sql,
			 (const rt_load_sqlite_obj *const *)objs, n, &err),
		     0, "%s", err.msg);
	cr_assert_eq(rt_load__sqlite_text(&stmts, arena, "m.py", sql, &err), 0,
		     "%s", err.msg);
	const char *a = json_of(rows), *b = json_of(stmts);
	cr_expect_str_eq(a, b);
	cr_expect(strstr(a, "ix_hero_age") && strstr(a, "ck_age"));
}

Test(load_sqlite_rows, rows_the_schema_reader_refuses_fail)
{
	/* an index on a column the table does not have */
	const char *sql = "CREATE TABLE t (\n\tid INTEGER NOT NULL,\n\tPRIMARY "
			  "KEY (id)\n);\n"
			  "CREATE INDEX ix_t_x ON t (x);\n";
	rt_load_sqlite_obj **objs;
	size_t n = rows_of(sql, &objs);
	rt_schema *s = NULL;
	cr_expect_eq(rt_load__sqlite_objs(
			 &s, arena, "m.py", sql,
			 (const rt_load_sqlite_obj *const *)objs, n, &err),
		     -1);
	cr_expect_null(s);
	cr_expect(strstr(err.msg, "malformed"), "%s", err.msg);
	/* a row whose name is not its statement's */
	objs[1]->name = "ix_other";
	rt_error_clear(&err);
	cr_expect_eq(rt_load__sqlite_objs(
			 &s, arena, "m.py", sql,
			 (const rt_load_sqlite_obj *const *)objs, n, &err),
		     -1);
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

static rt_error *lite_err(const char *source)
{
	rt_schema *s = NULL;
	bool refused;
	cr_assert_eq(rt_load_sqlmodel(&s, arena, source, RT_DIALECT_SQLITE,
				      &refused, &err),
		     -1);
	return &err;
}

#define HEAD                                                                   \
	"from typing import Optional\n"                                        \
	"from sqlmodel import Field, SQLModel\n"

/* What only CREATE checks runs as statements: the statement's error. */
Test(load_sqlite_rows, models_fall_back_to_the_statements)
{
	put("reserved.py", HEAD "class S(SQLModel, table=True):\n"
				"    __tablename__ = 'sqlite_x'\n"
				"    id: Optional[int] = Field(default=None, "
				"primary_key=True)\n");
	rt_error *e = lite_err("reserved.py");
	cr_expect_eq(e->code, RT_EINPUT);
	cr_expect(strstr(e->msg, "reserved for internal use"), "%s", e->msg);
	cr_expect_eq(e->line, 3);
	rt_error_clear(&err);
	/* the table first: SQLite's schema reader lets the index pass */
	put("clash.py", HEAD "class A(SQLModel, table=True):\n"
			     "    __tablename__ = 'ix_b_name'\n"
			     "    id: Optional[int] = Field(default=None, "
			     "primary_key=True)\n"
			     "class B(SQLModel, table=True):\n"
			     "    id: Optional[int] = Field(default=None, "
			     "primary_key=True)\n"
			     "    name: str = Field(index=True)\n");
	e = lite_err("clash.py");
	cr_expect_eq(e->code, RT_EINPUT);
	cr_expect(strstr(e->msg, "already a table named ix_b_name"), "%s",
		  e->msg);
	cr_expect_eq(e->line, 8);
}

/* ---- the rows worked out without SQLite (rt_load__sqlite_direct) ---- */

/* rt_load__sqlite_direct of sql: its result; when 0, its schema is the
 * round trip's, byte for byte in JSON. */
static int direct_of(const char *sql)
{
	rt_load_sqlite_obj **objs;
	size_t n = rows_of(sql, &objs);
	rt_schema *d = NULL, *r = NULL;
	int rc = rt_load__sqlite_direct(
	    &d, arena, "m.py", sql, (const rt_load_sqlite_obj *const *)objs, n);
	if (rc != 0) {
		cr_expect_null(d);
		return rc;
	}
	rt_load_sqlite_roundtrip(true);
	int rt = rt_load__sqlite_objs(&r, arena, "m.py", sql,
				      (const rt_load_sqlite_obj *const *)objs,
				      n, &err);
	rt_load_sqlite_roundtrip(false);
	cr_assert_eq(rt, 0, "round trip: %s\n%s", err.msg, sql);
	cr_expect_str_eq(json_of(d), json_of(r), "%s", sql);
	return rc;
}

/* What the reader writes, and SQLite's rules it leans on: the six
 * standard type names upper-cased, others kept as written; defaults as
 * the spans SQLite keeps; INTEGER PRIMARY KEY without an autoindex,
 * other keys with one (the numbers of the UNIQUEs after it); foreign keys
 * numbered from the last one; names quoted. */
Test(load_sqlite_rows, direct_rows_are_the_round_trips)
{
	static const char *const cases[] = {
	    "CREATE TABLE team (\n\tid INTEGER NOT NULL,\n\tname "
	    "VARCHAR(40) NOT NULL,\n\tPRIMARY KEY (id),\n\tUNIQUE "
	    "(name)\n);\n"
	    "CREATE TABLE hero (\n\tid integer NOT NULL,\n\tname varchar ( 20 "
	    ") NOT NULL,\n\tage Int DEFAULT - 1 NOT NULL,\n\tteam_id "
	    "INTEGER,\n\tcode CHAR(32) DEFAULT 'x''y',\n\tok BOOLEAN DEFAULT "
	    "true,\n\tat DATETIME DEFAULT CURRENT_TIMESTAMP,\n\tr FLOAT "
	    "DEFAULT ( 1.5 ),\n\tn NUMERIC(12, 2) DEFAULT (now()),\n\tx "
	    "DEFAULT NULL,\n\tPRIMARY KEY (id),\n\tCONSTRAINT ck_age CHECK "
	    "(age >= 0 AND age <> 7 OR age BETWEEN 1 AND 5),\n\tCHECK (code "
	    "IN ('a', 'b') OR code IS NULL),\n\tUNIQUE (code),\n\tUNIQUE "
	    "(name, team_id),\n\tFOREIGN KEY (team_id) REFERENCES team (id) "
	    "ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY "
	    "DEFERRED,\n\tFOREIGN KEY (code) REFERENCES team\n);\n"
	    "CREATE INDEX ix_hero_name ON hero (name DESC, age);\n"
	    "CREATE UNIQUE INDEX ix_hero_lower ON hero (lower(name));\n",
	    /* a text primary key has an autoindex: the UNIQUEs count on */
	    "CREATE TABLE \"select\" (\n\t\"from\" TEXT PRIMARY KEY,\n\tb "
	    "INT UNIQUE,\n\t[c d] BLOB REFERENCES other (x) ON DELETE "
	    "RESTRICT,\n\te TEXT CONSTRAINT e_ck CHECK (length_ok = 1 OR "
	    "\"e\" > 'm'),\n\tlength_ok INTEGER,\n\tUNIQUE (e, b),\n\tUNIQUE "
	    "(b, e)\n);\n"
	    "CREATE INDEX \"ix_Sel\" ON \"select\" (\"from\");\n",
	    "CREATE TABLE pair (\n\ta INTEGER NOT NULL,\n\tb TEXT NOT "
	    "NULL,\n\tPRIMARY KEY (b, a),\n\tFOREIGN KEY (a, b) REFERENCES "
	    "pair (a, b) ON UPDATE NO ACTION NOT DEFERRABLE\n);\n",
	    /* two foreign keys on one column: which is which by the ids */
	    "CREATE TABLE two (\n\tid INTEGER NOT NULL,\n\tp INTEGER "
	    "REFERENCES one (x) ON DELETE CASCADE,\n\tPRIMARY KEY "
	    "(id),\n\tFOREIGN KEY (p) REFERENCES other (y) "
	    "DEFERRABLE,\n\tFOREIGN KEY (p) REFERENCES two (id) ON UPDATE "
	    "SET DEFAULT\n);\n",
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(cases); i++)
		cr_expect_eq(direct_of(cases[i]), 0, "refused: %s", cases[i]);
}

/* What is outside the rules followed refuses (the round trip reads it),
 * including what SQLite itself would refuse. */
Test(load_sqlite_rows, direct_refuses_what_it_does_not_follow)
{
#define T(body) "CREATE TABLE t (\n\tid INTEGER NOT NULL,\n" body "\n);\n"
	static const char *const cases[] = {
	    T("\tkey VARCHAR,\n\tPRIMARY KEY (id)"), /* a keyword as a name */
	    T("\tname VARCHAR COLLATE NOCASE"),
	    T("\tname VARCHAR GENERATED ALWAYS AS (id + 1)"),
	    "CREATE TABLE t (\n\tid INTEGER PRIMARY KEY\n) WITHOUT ROWID;\n",
	    "CREATE TABLE t (\n\tid INTEGER PRIMARY KEY\n) STRICT;\n",
	    T("\tname VARCHAR, -- a comment\n\tPRIMARY KEY (id)"),
	    T("\tname VARCHAR,\n\tPRIMARY KEY (id),\n\tUNIQUE (id)"),
	    T("\tname VARCHAR UNIQUE,\n\tUNIQUE (name)"),
	    T("\tname VARCHAR,\n\tCHECK (length(name) > 0)"),
	    T("\tname VARCHAR,\n\tCHECK (nope > 0)"),
	    T("\tname VARCHAR,\n\tCHECK (name > > 0)"),
	    T("\tname VARCHAR,\n\tCHECK (name -> 'a')"),
	    T("\tname VARCHAR DEFAULT (name)"),
	    T("\tname VARCHAR DEFAULT 1 + 2"),
	    T("\tname VARCHAR,\n\tUNIQUE (name) ON CONFLICT REPLACE"),
	    T("\tp INTEGER,\n\tFOREIGN KEY (p) REFERENCES t (id) MATCH FULL"),
	    T("\tp INTEGER,\n\tFOREIGN KEY (p) REFERENCES t (id, p)"),
	    T("\tp INTEGER,\n\tFOREIGN KEY (q) REFERENCES t (id)"),
	    T("\tPRIMARY KEY (id),\n\tPRIMARY KEY (id)"),
	    T("\tid2 INTEGER PRIMARY KEY AUTOINCREMENT"),
	    T("\tid INTEGER"), /* twice */
	    T("\tx VARCHAR_ALWAYS"),
	    T("\tname VARCHAR") "CREATE INDEX ix_t ON t (name) WHERE id > 0;\n",
	    T("\tname VARCHAR") "CREATE INDEX ix_t ON t (nope);\n",
	    T("\tname VARCHAR") "CREATE INDEX ix_t ON u (name);\n",
	    T("\tname VARCHAR") "CREATE INDEX ix_t ON t (name COLLATE x);\n",
	    T("\tname VARCHAR") "CREATE INDEX ix_t ON t (substr(name, 1));\n",
	    T("\tname VARCHAR") "CREATE INDEX ix_t ON t (name);\n"
				"CREATE INDEX ix_t ON t (id);\n",
	    T("\tname VARCHAR") "CREATE TABLE t (\n\tid INTEGER\n);\n",
	    "CREATE TABLE t (\n\tCHECK (1)\n);\n",
	    "CREATE TABLE retort_version (\n\tid INTEGER\n);\n",
	    /* quotes that do not close */
	    T("\tname VARCHAR DEFAULT 'it''"),
	    "CREATE TABLE t (\n\tid INTEGER,\n\t\"a\"\"\n);\n",
	    "CREATE TABLE t (\n\tid INTEGER,\n\t[a]]\n);\n",
	};
#undef T
	for (size_t i = 0; i < RT_ARRAY_LEN(cases); i++)
		cr_expect_eq(direct_of(cases[i]), 1, "taken: %s", cases[i]);
}
