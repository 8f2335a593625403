/* SPDX-License-Identifier: MIT */
/* rt_describe: the lines of a migration's header, exact texts; the
 * header's sections; the data-loss line recogniser. */
#include "base/common.h"
#include "diff/diff.h"
#include "load/load.h"
#include "plan/describe.h"
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

TestSuite(describe, .init = setup, .fini = teardown);

static rt_vec steps_of(const char *from, const char *to)
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

/* The lines as "K text\n", K one of C (change), L (loss), H, N. */
static const char *described(const char *from, const char *to, rt_dialect d)
{
	rt_vec steps = steps_of(from, to), lines = {0};
	rt_buf b = RT_BUF_INIT;

	rt_describe(&lines, arena, d, &steps);
	for (size_t i = 0; i < lines.len; i++) {
		const rt_describe_line *l = lines.items[i];
		rt_buf_addf(&b, "%c %s\n", "CLHN"[l->kind], l -> text);
	}
	return rt_buf_detach_arena(&b, arena);
}

static const char *const FROM =
    "create table tasks (id int primary key, title varchar(100), note "
    "text);"
    "create index ix_tasks_title on tasks (title);"
    "create type e as enum ('a', 'b', 'c');"
    "create table t (x e);";
static const char *const TO =
    "create table tasks (id int primary key, title text, priority integer "
    "not null default 0);"
    "create table projects (a int, b int, c int, d int, e int);"
    "create index ix_projects_a on projects (a);"
    "create type e as enum ('a', 'c');"
    "create table t (x e);";

Test(describe, one_line_per_change_then_losses_then_hazards)
{
	cr_expect_str_eq(
	    described(FROM, TO, RT_DIALECT_PG),
	    "C drop index public.ix_tasks_title\n"
	    "C drop column public.tasks.note\n"
	    "C replace enum public.e ('a', 'b', 'c') with ('a', 'c'), "
	    "retyping 1 column\n"
	    "C create table public.projects (5 columns)\n"
	    "C change type of public.tasks.title from character varying(100) "
	    "to text\n"
	    "C add column public.tasks.priority integer NOT NULL DEFAULT 0\n"
	    "C create index public.ix_projects_a on public.projects USING "
	    "btree (a)\n"
	    "L data loss: drops column public.tasks.note\n"
	    "L data loss: removes 'b' of enum public.e from column public.t.x\n"
	    "H ACCESS EXCLUSIVE lock on public.t; rewrites the table: replace "
	    "enum public.e ('a', 'b', 'c') with ('a', 'c'), retyping 1 "
	    "column\n");
}

Test(describe, hazards_of_existing_tables_only)
{
	/* the index on the new table and the varchar widening: none */
	cr_expect_str_eq(
	    described("create table t (a int, b text, c varchar(5));",
		      "create table t (a bigint, b text, c varchar(9));"
		      "create index t_b on t (b);"
		      "create table u (b text unique);"
		      "alter table t add constraint t_b_fk foreign key (b) "
		      "references u (b) not valid;"
		      "create index u_b on u (b);",
		      RT_DIALECT_PG),
	    "C create table public.u (1 column)\n"
	    "C change type of public.t.a from integer to bigint\n"
	    "C change type of public.t.c from character varying(5) to "
	    "character varying(9)\n"
	    "C create index public.t_b on public.t USING btree (b)\n"
	    "C create index public.u_b on public.u USING btree (b)\n"
	    "C add foreign key t_b_fk on public.t (b) references public.u (b) "
	    "NOT VALID\n"
	    "H ACCESS EXCLUSIVE lock on public.t; rewrites the table: change "
	    "type of public.t.a from integer to bigint\n"
	    "H SHARE lock on public.t; scans the table: create index "
	    "public.t_b "
	    "on public.t USING btree (b)\n");
}

Test(describe, sqlite_has_no_lock_hazards)
{
	cr_expect_str_eq(described("create table t (a int, b int);",
				   "create table t (a bigint);",
				   RT_DIALECT_SQLITE),
			 "C drop column public.t.b\n"
			 "C change type of public.t.a from integer to bigint\n"
			 "L data loss: drops column public.t.b\n");
}

Test(describe, narrowing_and_drops_are_data_loss)
{
	cr_expect_str_eq(
	    described("create table t (a varchar(100), b numeric(10,2));"
		      "create table \"Old\" (x int); create sequence s;",
		      "create table t (a varchar(50), b numeric(10,2));",
		      RT_DIALECT_PG),
	    "C drop table public.\"Old\"\n"
	    "C change type of public.t.a from character varying(100) to "
	    "character varying(50)\n"
	    "C drop sequence public.s\n"
	    "L data loss: drops table public.\"Old\"\n"
	    "L data loss: narrows column public.t.a from character "
	    "varying(100) to character varying(50)\n"
	    "L data loss: drops sequence public.s and its current value\n"
	    "H ACCESS EXCLUSIVE lock on public.t; rewrites the table: change "
	    "type of public.t.a from character varying(100) to character "
	    "varying(50)\n");
}

Test(describe, time_zone_change_says_how_values_are_read)
{
	cr_expect_str_eq(
	    described("create table t (a timestamp);",
		      "create table t (a timestamptz);", RT_DIALECT_PG),
	    "C change type of public.t.a from timestamp without time zone to "
	    "timestamp with time zone\n"
	    "H ACCESS EXCLUSIVE lock on public.t; rewrites the table; reads "
	    "each value in the session's TimeZone: change type of public.t.a "
	    "from timestamp without time zone to timestamp with time zone\n");
}

Test(describe, expressions_on_one_line)
{
	cr_expect_str_eq(
	    described("create table t (a int);",
		      "create table t (a int, b int default\n"
		      "  (1 +\n   2), constraint c check (a >\n 0));",
		      RT_DIALECT_PG),
	    "C add column public.t.b integer DEFAULT 1 + 2\n"
	    "C add check constraint c on public.t (a > 0)\n"
	    "H ACCESS EXCLUSIVE lock on public.t; scans the "
	    "table: add check constraint c on public.t (a > 0)\n");
}

Test(describe, header_sections)
{
	rt_vec steps = steps_of(FROM, TO), lines = {0}, header = {0};
	rt_buf b = RT_BUF_INIT;

	rt_describe(&lines, arena, RT_DIALECT_PG, &steps);
	rt_describe_header(&header, arena, &lines);
	for (size_t i = 0; i < header.len; i++)
		rt_buf_addf(&b, "%s\n", (const char *)header.items[i]);
	cr_expect_str_eq(
	    b.data,
	    "Changes:\n"
	    "  drop index public.ix_tasks_title\n"
	    "  drop column public.tasks.note\n"
	    "  replace enum public.e ('a', 'b', 'c') with ('a', 'c'), "
	    "retyping 1 column\n"
	    "  create table public.projects (5 columns)\n"
	    "  change type of public.tasks.title from character varying(100) "
	    "to text\n"
	    "  add column public.tasks.priority integer NOT NULL DEFAULT 0\n"
	    "  create index public.ix_projects_a on public.projects USING "
	    "btree (a)\n"
	    "Hazards:\n"
	    "  data loss: drops column public.tasks.note\n"
	    "  data loss: removes 'b' of enum public.e from column public.t.x\n"
	    "  ACCESS EXCLUSIVE lock on public.t; rewrites the table: replace "
	    "enum public.e ('a', 'b', 'c') with ('a', 'c'), retyping 1 "
	    "column\n");
	rt_buf_release(&b);

	/* every data-loss line of the header is recognised, nothing else */
	size_t n = 0;
	for (size_t i = 0; i < header.len; i++)
		n += rt_describe_data_loss(header.items[i]) != NULL;
	cr_expect_eq(n, 2);
}

Test(describe, no_changes_no_lines)
{
	rt_vec steps = steps_of("create table t (a int);",
				"create table t (a int);"),
	       lines = {0}, header = {0};
	rt_describe(&lines, arena, RT_DIALECT_PG, &steps);
	rt_describe_header(&header, arena, &lines);
	cr_expect_eq(lines.len, 0);
	cr_expect_eq(header.len, 0);
}

Test(describe, data_loss_recogniser)
{
	cr_expect_str_eq(
	    rt_describe_data_loss("  data loss: drops column public.t.a"),
	    "drops column public.t.a");
	cr_expect_str_eq(rt_describe_data_loss("data loss: drops table x"),
			 "drops table x");
	cr_expect_str_eq(rt_describe_data_loss("\tdata loss: x"), "x");
	cr_expect_null(rt_describe_data_loss("  drop column public.t.a"));
	cr_expect_null(rt_describe_data_loss("  data loss:"));
	cr_expect_null(rt_describe_data_loss("  data loss: "));
	cr_expect_null(rt_describe_data_loss("Hazards:"));
	cr_expect_null(rt_describe_data_loss("  Data loss: x"));
	cr_expect_null(rt_describe_data_loss(""));
}
