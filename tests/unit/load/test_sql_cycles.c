/* SPDX-License-Identifier: MIT */
/*
 * SQL loader: an inheritance or partition cycle is refused at the statement
 * that would create it, as PostgreSQL refuses it (it used to be accepted,
 * and the next ALTER or DROP recursed forever).
 */
#include "test_sql_helpers.h"

TestSuite(load_sql_cycles, .init = setup, .fini = teardown);

static void expect_cycle(const char *sql, int line, const char *detail)
{
	rt_error *e = load_err(sql);
	cr_expect_eq(e->code, RT_EINPUT);
	cr_expect_str_eq(e->msg, "circular inheritance not allowed");
	cr_expect_str_eq(e->detail, detail);
	cr_expect_eq(e->line, line);
}

Test(load_sql_cycles, self_inheritance)
{
	expect_cycle("create table a (x int);\n"
		     "alter table a inherit a;\n"
		     "drop table a;",
		     2, "\"a\" is already a child of \"a\".");
}

Test(load_sql_cycles, two_table_inheritance_cycle)
{
	expect_cycle("create table a (x int);\n"
		     "create table b () inherits (a);\n"
		     "alter table a inherit b;\n"
		     "alter table a add column y int;",
		     3, "\"b\" is already a child of \"a\".");
}

Test(load_sql_cycles, longer_inheritance_cycle)
{
	expect_cycle("create table a (x int);\n"
		     "create table b () inherits (a);\n"
		     "create table c () inherits (b);\n"
		     "create table d () inherits (c);\n"
		     "alter table a inherit d;\n"
		     "drop table a cascade;",
		     5, "\"d\" is already a child of \"a\".");
}

Test(load_sql_cycles, self_attach)
{
	expect_cycle("create table p (x int) partition by list (x);\n"
		     "alter table p attach partition p for values in (1);",
		     2, "\"p\" is already a child of \"p\".");
}

Test(load_sql_cycles, partition_cycle)
{
	expect_cycle("create table p (x int) partition by list (x);\n"
		     "create table q partition of p for values in (1)\n"
		     "  partition by list (x);\n"
		     "alter table q attach partition p for values in (1);",
		     4, "\"q\" is already a child of \"p\".");
}

Test(load_sql_cycles, inheriting_twice)
{
	rt_error *e = load_err("create table a (x int);\n"
			       "create table b () inherits (a);\n"
			       "alter table b inherit a;");
	cr_expect_str_eq(e->msg,
			 "relation 'a' would be inherited from more than once");
	cr_expect_eq(e->line, 3);
}

Test(load_sql_cycles, inheritance_without_cycle_still_works)
{
	rt_schema *s = load("create table a (x int);\n"
			    "create table b (x int);\n"
			    "create table c () inherits (a);\n"
			    "alter table c inherit b;\n"
			    "alter table a add column y int;");
	cr_expect_eq(table(s, "c")->inherits.len, 2);
	cr_expect_not_null(column(table(s, "c"), "y"));
}
