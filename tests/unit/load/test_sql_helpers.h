/* SPDX-License-Identifier: MIT */
/* Shared setup for the SQL loader's unit tests: load text, find things. */
#ifndef RT_TESTS_LOAD_SQL_HELPERS_H
#define RT_TESTS_LOAD_SQL_HELPERS_H

#include "base/common.h"
#include "load/load.h"
#include "schema/schema.h"

#include <criterion/criterion.h>

static rt_arena *arena;
static rt_error err;

static void setup(void)
{
	arena = rt_arena_new();
	rt_error_clear(&err);
}

static void teardown(void)
{
	rt_arena_free(arena);
	rt_load_shutdown();
}

/* Loads sql as "t.sql"; fails the test on error. */
static inline rt_schema *load(const char *sql)
{
	rt_schema *s = NULL;
	int rc = rt_load_sql_text(&s, arena, "t.sql", sql, &err);
	cr_assert_eq(rc, 0, "load failed: %s:%d:%d: %s", err.file, err.line,
		     err.col, err.msg);
	return s;
}

/* Loads sql expecting an error; returns the error. */
static inline rt_error *load_err(const char *sql)
{
	rt_schema *s = NULL;
	int rc = rt_load_sql_text(&s, arena, "t.sql", sql, &err);
	cr_assert_eq(rc, -1, "load should have failed");
	cr_assert_null(s);
	return &err;
}

static inline rt_table *table(rt_schema *s, const char *name)
{
	rt_table *t = rt_schema_find_table(s, "public", name);
	cr_assert_not_null(t, "no table %s", name);
	return t;
}

static inline rt_column *column(rt_table *t, const char *name)
{
	rt_column *c = rt_table_find_column(t, name);
	cr_assert_not_null(c, "no column %s.%s", t->name, name);
	return c;
}

static inline rt_constraint *constraint(rt_table *t, const char *name)
{
	rt_constraint *c = rt_table_find_constraint(t, name);
	cr_assert_not_null(c, "no constraint %s on %s", name, t->name);
	return c;
}

static inline bool has_unmanaged(rt_schema *s, const char *what)
{
	for (size_t i = 0; i < s->unmanaged.len; i++) {
		rt_unmanaged *u = s->unmanaged.items[i];
		if (strcmp(u->what, what) == 0)
			return true;
	}
	return false;
}

#endif
