/* SPDX-License-Identifier: MIT */
/* The data-loss fact of each step (plan_safety.c): drops of tables and
 * columns, and type changes that narrow, one case per rule. */
#include "base/common.h"
#include "diff/diff.h"
#include "load/load.h"
#include "plan/plan.h"

#include <criterion/criterion.h>

static rt_arena *arena;

static void setup(void)
{
	arena = rt_arena_new();
}

static void teardown(void)
{
	rt_arena_free(arena);
}

TestSuite(data_loss, .init = setup, .fini = teardown);

static rt_vec plan(const char *from, const char *to)
{
	rt_vec changes = {0}, steps = {0};
	rt_error err = RT_ERROR_INIT;
	rt_schema *f = NULL, *t = NULL;

	cr_assert(rt_load_sql_text(&f, arena, "a.sql", from, &err) == 0, "%s",
		  err.msg);
	cr_assert(rt_load_sql_text(&t, arena, "b.sql", to, &err) == 0, "%s",
		  err.msg);
	cr_assert(rt_diff(&changes, arena, f, t, &err) == 0, "%s", err.msg);
	cr_assert(rt_plan(&steps, arena, &changes, &err) == 0, "%s", err.msg);
	return steps;
}

/* The one ALTER COLUMN TYPE step of column t.a changed from type `from`
 * to type `to`. */
static const rt_step *retype(const char *from, const char *to)
{
	char *a = rt_arena_printf(arena, "create table t (a %s);", from);
	char *b = rt_arena_printf(arena, "create table t (a %s);", to);
	rt_vec v = plan(a, b);
	const rt_step *found = NULL;

	for (size_t i = 0; i < v.len; i++) {
		const rt_step *s = v.items[i];
		if (s->op == RT_OP_ALTER_COLUMN_TYPE) {
			cr_assert_null(found, "%s -> %s: two retypes", from,
				       to);
			found = s;
		}
	}
	cr_assert(found, "%s -> %s: no retype step", from, to);
	return found;
}

/* Its data_loss fact. */
static bool retype_loses(const char *from, const char *to)
{
	return retype(from, to)->data_loss;
}

/* R24, R25: changes made in the catalog only do not rewrite; R28: the
 * others do. */
Test(data_loss, rewrite_facts)
{
	static const char *const catalog_only[][2] = {
	    {"varchar(20)", "varchar(30)"},
	    {"varchar(20)", "text"},
	    {"text", "varchar"},
	    {"numeric(8,2)", "numeric(10,2)"},
	    {"numeric(8,2)", "numeric"},
	    {"timestamp(0)", "timestamp(3)"},
	    {"varbit(4)", "varbit(8)"},
	};
	static const char *const rewriting[][2] = {
	    {"integer", "bigint"},	  {"varchar(20)", "varchar(10)"},
	    {"text", "varchar(10)"},	  {"numeric(8,2)", "numeric(10,4)"},
	    {"timestamp", "timestamptz"}, {"json", "jsonb"},
	    {"integer[]", "bigint[]"},	  {"text", "integer"},
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(catalog_only); i++)
		cr_expect_not(
		    retype(catalog_only[i][0], catalog_only[i][1])->rewrite,
		    "%s -> %s", catalog_only[i][0], catalog_only[i][1]);
	for (size_t i = 0; i < RT_ARRAY_LEN(rewriting); i++)
		cr_expect(retype(rewriting[i][0], rewriting[i][1])->rewrite,
			  "%s -> %s", rewriting[i][0], rewriting[i][1]);
}

Test(data_loss, drops_lose_data)
{
	rt_vec v = plan("create table t (a int, b int); create table u ();",
			"create table t (a int);");
	cr_assert_eq(v.len, 2);
	for (size_t i = 0; i < v.len; i++) {
		const rt_step *s = v.items[i];
		cr_expect(s->op == RT_OP_DROP_TABLE ||
			  s->op == RT_OP_DROP_COLUMN);
		cr_expect(s->data_loss, "%s", rt_op_name(s->op));
	}
}

Test(data_loss, creates_and_adds_do_not)
{
	rt_vec v = plan("create table t (a int);",
			"create table t (a int, b int not null default 0);"
			"create table u (x text); create index ix on t (b);");
	cr_assert_eq(v.len, 3);
	for (size_t i = 0; i < v.len; i++)
		cr_expect_not(((const rt_step *)v.items[i])->data_loss);
}

Test(data_loss, strings)
{
	cr_expect(retype_loses("varchar(100)", "varchar(50)"));
	cr_expect_not(retype_loses("varchar(50)", "varchar(100)"));
	cr_expect(retype_loses("text", "varchar(50)"));
	cr_expect(retype_loses("varchar", "varchar(50)"));
	cr_expect_not(retype_loses("varchar(100)", "text"));
	cr_expect_not(retype_loses("varchar(100)", "varchar"));
	cr_expect_not(retype_loses("char(5)", "varchar(5)"));
	cr_expect(retype_loses("char(10)", "char(5)"));
	/* text-like to another type: the cast can fail */
	cr_expect(retype_loses("text", "integer"));
	cr_expect(retype_loses("varchar(36)", "uuid"));
	cr_expect(retype_loses("text", "jsonb"));
}

Test(data_loss, numbers)
{
	cr_expect(retype_loses("bigint", "integer"));
	cr_expect(retype_loses("integer", "smallint"));
	cr_expect(retype_loses("bigint", "smallint"));
	cr_expect_not(retype_loses("smallint", "integer"));
	cr_expect_not(retype_loses("integer", "bigint"));
	cr_expect(retype_loses("double precision", "real"));
	cr_expect_not(retype_loses("real", "double precision"));
	cr_expect(retype_loses("numeric(10,2)", "numeric(8,2)"));
	cr_expect(retype_loses("numeric(10,2)", "numeric(10,1)"));
	cr_expect(retype_loses("numeric(10,2)", "numeric(10,4)")); /* 8->6 */
	cr_expect_not(retype_loses("numeric(10,2)", "numeric(12,4)"));
	cr_expect_not(retype_loses("numeric(10,2)", "numeric"));
	cr_expect(retype_loses("numeric", "numeric(10,2)"));
	cr_expect(retype_loses("numeric(10,2)", "integer"));
	cr_expect(retype_loses("double precision", "bigint"));
	cr_expect_not(retype_loses("integer", "numeric(10,0)"));
	cr_expect(retype_loses("integer", "numeric(9,0)"));
	cr_expect_not(retype_loses("integer", "double precision"));
	cr_expect(retype_loses("bigint", "double precision"));
	cr_expect(retype_loses("integer", "real"));
	cr_expect_not(retype_loses("integer", "text"));
}

Test(data_loss, dates_and_times)
{
	/* R26: reinterpreted in the session's TimeZone, not lost */
	cr_expect_not(retype_loses("timestamptz", "timestamp"));
	cr_expect_not(retype_loses("timestamp", "timestamptz"));
	cr_expect(retype_loses("timestamp", "timestamp(0)"));
	cr_expect(retype_loses("timestamptz(3)", "timestamp(0)"));
	cr_expect_not(retype_loses("timestamp(0)", "timestamp"));
	cr_expect_not(retype_loses("time(2)", "time(4)"));
	cr_expect(retype_loses("timestamp", "date"));
	cr_expect_not(retype_loses("date", "timestamptz"));
	cr_expect(retype_loses("interval", "interval(0)"));
}

Test(data_loss, other_builtins)
{
	cr_expect(retype_loses("json", "jsonb"));
	cr_expect_not(retype_loses("jsonb", "json"));
	cr_expect(retype_loses("inet", "cidr"));
	cr_expect_not(retype_loses("cidr", "inet"));
	cr_expect(retype_loses("varbit(8)", "varbit(4)"));
	cr_expect_not(retype_loses("bit(4)", "varbit(8)"));
	cr_expect(retype_loses("integer[]", "smallint[]"));
	cr_expect_not(retype_loses("integer[]", "bigint[]"));
	cr_expect(retype_loses("text[]", "integer[]"));
	cr_expect_not(retype_loses("uuid", "text"));
}

Test(data_loss, user_types)
{
	const char *e = "create type e as enum ('a', 'b');"
			"create type f as enum ('a', 'b', 'c');";
	rt_vec v =
	    plan(rt_arena_printf(arena, "%s create table t (a text);", e),
		 rt_arena_printf(arena, "%s create table t (a e);", e));
	bool seen = false;
	for (size_t i = 0; i < v.len; i++) {
		const rt_step *s = v.items[i];
		if (s->op == RT_OP_ALTER_COLUMN_TYPE) {
			seen = true;
			cr_expect(s->data_loss, "text to an enum");
		}
	}
	cr_expect(seen);
	v = plan(rt_arena_printf(arena, "%s create table t (a e);", e),
		 rt_arena_printf(arena, "%s create table t (a text);", e));
	cr_assert_eq(v.len, 1);
	cr_expect_not(((const rt_step *)v.items[0])->data_loss,
		      "an enum to text");
}

static size_t lossy_retypes(const rt_vec *v)
{
	size_t n = 0;
	for (size_t i = 0; i < v->len; i++) {
		const rt_step *s = v->items[i];
		if (s->op == RT_OP_ALTER_COLUMN_TYPE && s->data_loss)
			n++;
	}
	return n;
}

Test(data_loss, enum_value_removed)
{
	rt_vec v = plan("create type e as enum ('a', 'b', 'c');"
			"create table t (x e, y e[]);",
			"create type e as enum ('a', 'c');"
			"create table t (x e, y e[]);");
	cr_expect_eq(lossy_retypes(&v), 2);
	/* reordered only: every value is kept */
	v = plan("create type e as enum ('a', 'b', 'c');"
		 "create table t (x e);",
		 "create type e as enum ('c', 'b', 'a');"
		 "create table t (x e);");
	cr_expect_eq(lossy_retypes(&v), 0);
	cr_expect_gt(v.len, 1);
}

Test(data_loss, collation_change_keeps_values)
{
	cr_expect_not(retype_loses("text", "text collate \"C\""));
}
