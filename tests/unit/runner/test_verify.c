/* SPDX-License-Identifier: MIT */
/*
 * verify.h: the values a seeded row gives each type, the comparison of
 * two states' rows, and a whole round on a SQLite scratch database
 * (created, seeded through foreign keys and checks, read back, dropped).
 */
#include "base/common.h"
#include "base/arena.h"
#include "load/load.h"
#include "runner/verify.h"

#include <criterion/criterion.h>
#include <sys/stat.h>

static const char *value(rt_dialect d, const char *type, unsigned long k)
{
	static char out[128];
	rt_arena *a = rt_arena_new();
	const char *v = rt_verify_value(a, d, type, k);
	snprintf(out, sizeof(out), "%s", v ? v : "(none)");
	rt_arena_free(a);
	return out;
}

Test(verify_values, postgresql_types)
{
	rt_dialect pg = RT_DIALECT_PG;
	cr_assert_str_eq(value(pg, "integer", 5), "5");
	cr_assert_str_eq(value(pg, "bigint", 70000), "70000");
	cr_assert_str_eq(value(pg, "smallint", 70000), "6000");
	cr_assert_str_eq(value(pg, "text", 7), "r7");
	/* the last characters fit a short length: distinct rows stay so */
	cr_assert_str_eq(value(pg, "character varying(2)", 123), "23");
	cr_assert_str_eq(value(pg, "character varying(200)", 123), "r123");
	cr_assert_str_eq(value(pg, "numeric(4,2)", 1234), "34.5");
	cr_assert_str_eq(value(pg, "numeric(2,2)", 9), "0.5");
	cr_assert_str_eq(value(pg, "numeric(3)", 1234), "234");
	cr_assert_str_eq(value(pg, "numeric", 3), "3.5");
	cr_assert_str_eq(value(pg, "double precision", 3), "3.5");
	cr_assert_str_eq(value(pg, "boolean", 1), "true");
	cr_assert_str_eq(value(pg, "boolean", 2), "false");
	cr_assert_str_eq(value(pg, "date", 5), "2024-01-06");
	cr_assert_str_eq(value(pg, "timestamp without time zone", 5),
			 "2024-01-06 12:05:00");
	cr_assert_str_eq(value(pg, "timestamp with time zone", 5),
			 "2024-01-06 12:05:00+00");
	cr_assert_str_eq(value(pg, "time without time zone", 61), "12:01:00");
	cr_assert_str_eq(value(pg, "interval", 4), "4 minutes");
	cr_assert_str_eq(value(pg, "uuid", 255),
			 "00000000-0000-4000-8000-0000000000ff");
	cr_assert_str_eq(value(pg, "jsonb", 2), "{\"k\": 2}");
	cr_assert_str_eq(value(pg, "bytea", 1), "\\x0001");
	cr_assert_str_eq(value(pg, "inet", 257), "10.0.1.1");
	cr_assert_str_eq(value(pg, "point", 2), "(2,1)");
	cr_assert_str_eq(value(pg, "text[]", 2), "{}");
	cr_assert_str_eq(value(pg, "tsrange", 2), "(none)");
}

Test(verify_values, sqlite_types)
{
	rt_dialect sq = RT_DIALECT_SQLITE;
	cr_assert_str_eq(value(sq, "INTEGER", 5), "5");
	cr_assert_str_eq(value(sq, "VARCHAR(3)", 12345), "345");
	cr_assert_str_eq(value(sq, "BOOLEAN", 1), "1");
	cr_assert_str_eq(value(sq, "DATETIME", 5),
			 "2024-01-06 12:05:00.000000");
	cr_assert_str_eq(value(sq, "NUMERIC(10,2)", 5), "5.5");
	cr_assert_str_eq(value(sq, "CHAR(32)", 5), "r5");
	cr_assert_str_eq(value(sq, "", 5), "r5");
	cr_assert_str_eq(value(sq, "TEXT[]", 5), "(none)");
}

/* A table of the rows given as "a,b" strings ("~" is NULL). */
static rt_verify_table *table(rt_arena *a, const char *name, const char *cols,
			      const char *const *rows, size_t nrows)
{
	rt_verify_table *t = RT_NEW(a, rt_verify_table);
	memset(t, 0, sizeof(*t));
	t->schema = "public";
	t->name = name;
	char *c = rt_arena_strdup(a, cols);
	for (char *p = c, *comma; p; p = comma ? comma + 1 : NULL) {
		comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		rt_vec_push(&t->columns, a, p);
	}
	size_t ncols = t->columns.len;
	t->nrows = nrows;
	t->cells = rt_arena_alloc(a, (nrows * ncols + 1) * sizeof(char *));
	for (size_t r = 0; r < nrows; r++) {
		char *row = rt_arena_strdup(a, rows[r]);
		size_t i = 0;
		for (char *p = row, *comma; p && i < ncols;
		     p = comma ? comma + 1 : NULL, i++) {
			comma = strchr(p, ',');
			if (comma)
				*comma = '\0';
			t->cells[r * ncols + i] = strcmp(p, "~") ? p : NULL;
		}
	}
	return t;
}

static rt_verify_data *data(rt_arena *a, rt_verify_table *t1,
			    rt_verify_table *t2)
{
	rt_verify_data *d = RT_NEW(a, rt_verify_data);
	memset(d, 0, sizeof(*d));
	if (t1)
		rt_vec_push(&d->tables, a, t1);
	if (t2)
		rt_vec_push(&d->tables, a, t2);
	return d;
}

Test(verify_compare, same_rows_any_order_and_other_columns)
{
	rt_arena *a = rt_arena_new();
	const char *r1[] = {"1,x", "2,y"};
	const char *r2[] = {"2,y,new", "1,x,new"};
	const char *r3[] = {"5"};
	rt_vec out = {0};
	size_t compared = 0;
	/* a column only after, a table only before: not compared */
	size_t n = rt_verify_compare(
	    &out, &compared, a,
	    data(a, table(a, "t", "id,name", r1, 2),
		 table(a, "gone", "id", r3, 1)),
	    data(a, table(a, "t", "id,name,extra", r2, 2), NULL));
	cr_assert_eq(n, 0);
	cr_assert_eq(out.len, 0);
	cr_assert_eq(compared, 2);
	rt_arena_free(a);
}

Test(verify_compare, lost_values_and_rows)
{
	rt_arena *a = rt_arena_new();
	const char *r1[] = {"1,x", "2,y"};
	const char *r2[] = {"1,x", "2,~"};
	const char *r3[] = {"1,x"};
	rt_vec out = {0};
	cr_assert_eq(
	    rt_verify_compare(&out, NULL, a,
			      data(a, table(a, "t", "id,name", r1, 2), NULL),
			      data(a, table(a, "t", "id,name", r2, 2), NULL)),
	    1);
	cr_assert_str_eq(RT_VEC_AT(out, 0),
			 "public.t.name: 1 of 2 values differ ('y' before, "
			 "NULL after)");
	out.len = 0;
	cr_assert_eq(
	    rt_verify_compare(&out, NULL, a,
			      data(a, table(a, "t", "id,name", r1, 2), NULL),
			      data(a, table(a, "t", "name,id", r3, 1), NULL)),
	    1);
	cr_assert_str_eq(RT_VEC_AT(out, 0), "public.t: 2 rows before, 1 after");
	rt_arena_free(a);
}

static void exec(rt_conn *c, const char *sql)
{
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_conn_exec(c, sql, &err), 0, "%s: %s", sql, err.msg);
}

/* The scratch database of a test, dropped by the suite's fini when a
 * failed assertion ended the test before it did. */
static rt_verify_scratch s;
static rt_conn *c;
static rt_arena *a;

static void cleanup(void)
{
	rt_error ignore = RT_ERROR_INIT;
	rt_conn_close(c);
	c = NULL;
	if (a)
		(void)rt_verify_scratch_drop(&s, &ignore);
	rt_arena_free(a);
	a = NULL;
}

TestSuite(verify_sqlite, .fini = cleanup);

Test(verify_sqlite, seed_read_and_drop)
{
	rt_error err = RT_ERROR_INIT;
	rt_schema *schema = NULL;
	struct stat st;

	a = rt_arena_new();

	cr_assert_eq(
	    rt_verify_scratch_create(&s, a, RT_DIALECT_SQLITE, NULL, &err), 0,
	    "%s", err.msg);
	cr_assert_eq(rt_verify_scratch_connect(&c, &s, &err), 0, "%s", err.msg);
	/* children first in the text: the seeder orders by the keys */
	exec(c, "CREATE TABLE link (a INTEGER NOT NULL REFERENCES child (id), "
		"b INTEGER NOT NULL REFERENCES parent (id), PRIMARY KEY (a, "
		"b));"
		"CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER "
		"NOT NULL REFERENCES parent (id), n INTEGER NOT NULL DEFAULT 3 "
		"CHECK (n BETWEEN 1 AND 5), note VARCHAR(4));"
		"CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT "
		"NULL UNIQUE, flag BOOLEAN NOT NULL);");
	cr_assert_eq(rt_load_sqlite(&schema, a, s.url, NULL, &err), 0, "%s",
		     err.msg);
	rt_vec notes = {0};
	size_t rows = 0;
	unsigned long counter = 0;
	for (int round = 0; round < 3; round++)
		cr_assert_eq(rt_verify_seed(&rows, &notes, c, a, schema,
					    &counter, 2, &err),
			     0);
	cr_assert_eq(notes.len, 0, "%s",
		     notes.len ? (char *)RT_VEC_AT(notes, 0) : "");
	rt_verify_data *d = NULL;
	cr_assert_eq(rt_verify_read(&d, c, a, schema, &err), 0, "%s", err.msg);
	cr_assert_eq(d->tables.len, 3);
	for (size_t i = 0; i < d->tables.len; i++) {
		const rt_verify_table *t = RT_VEC_AT(d->tables, i);
		/* link's key is a pair of parents' rows: a pair that comes
		 * again is refused, but each round gets one in */
		if (strcmp(t->name, "link") == 0)
			cr_assert_geq(t->nrows, 3, "link: %zu", t->nrows);
		else
			cr_assert_eq(t->nrows, 6, "%s: %zu", t->name, t->nrows);
		if (strcmp(t->name, "child") == 0) {
			/* a value the CHECK refused became the default */
			for (size_t r = 0; r < t->nrows; r++) {
				long n = strtol(t->cells[r * 4 + 2], NULL, 10);
				cr_assert(n >= 1 && n <= 5, "n = %ld", n);
				cr_assert_not_null(t->cells[r * 4 + 1]);
			}
		}
	}
	/* the same state compares equal with itself read again */
	rt_verify_data *again = NULL;
	rt_vec lines = {0};
	cr_assert_eq(rt_verify_read(&again, c, a, schema, &err), 0);
	cr_assert_eq(rt_verify_compare(&lines, NULL, a, d, again), 0);
	exec(c, "UPDATE child SET note = NULL");
	cr_assert_eq(rt_verify_read(&again, c, a, schema, &err), 0);
	cr_assert_eq(rt_verify_compare(&lines, NULL, a, d, again), 1);

	rt_conn_close(c);
	c = NULL;
	const char *dir = s.dir;
	cr_assert_eq(stat(dir, &st), 0);
	cr_assert_eq(rt_verify_scratch_drop(&s, &err), 0, "%s", err.msg);
	cr_assert_neq(stat(dir, &st), 0, "%s is still there", dir);
}

Test(verify_scratch, bad_dev_urls)
{
	rt_arena *ar = rt_arena_new();
	rt_error err = RT_ERROR_INIT;
	rt_verify_scratch sc;
	cr_assert_eq(
	    rt_verify_scratch_create(&sc, ar, RT_DIALECT_PG, NULL, &err), -1);
	cr_assert_eq(err.code, RT_EUSAGE);
	cr_assert_eq(rt_verify_scratch_create(&sc, ar, RT_DIALECT_PG,
					      "mysql://x/y", &err),
		     -1);
	cr_assert_eq(err.code, RT_EUSAGE);
	cr_assert_eq(rt_verify_scratch_create(&sc, ar, RT_DIALECT_SQLITE,
					      "postgresql://x/y", &err),
		     -1);
	cr_assert_eq(err.code, RT_EUSAGE);
	rt_arena_free(ar);
}
