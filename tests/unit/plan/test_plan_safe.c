/* SPDX-License-Identifier: MIT */
/* rt_plan_safe: the safe forms of steps on tables that exist (plan_safe.c),
 * their facts and statements; schemas loaded from SQL text. */
#include "base/common.h"
#include "diff/diff.h"
#include "load/load.h"
#include "plan/describe.h"
#include "plan/plan.h"
#include "render/render.h"

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

TestSuite(plan_safe, .init = setup, .fini = teardown);

static rt_schema *load(const char *sql)
{
	rt_schema *s = NULL;
	rt_error err = RT_ERROR_INIT;

	cr_assert(rt_load_sql_text(&s, arena, "t.sql", sql, &err) == 0, "%s",
		  err.msg);
	return s;
}

typedef struct result {
	rt_vec steps, refusals, stmts;
	rt_buf script;
} result;

static result *safe_plan(const char *from, const char *to, const char *backfill)
{
	result *r = RT_NEW(arena, result);
	rt_vec changes = {0};
	rt_error err = RT_ERROR_INIT;
	rt_schema *f = load(from), *t = load(to);
	rt_plan_opts o = {.from = f, .refuse = true};

	if (backfill) {
		rt_backfill *b = RT_NEW(arena, rt_backfill);
		b->schema = "public";
		b->table = "t";
		b->column = "c";
		b->expr = backfill;
		rt_vec_push(&o.backfills, arena, b);
	}
	cr_assert(rt_diff(&changes, arena, f, t, &err) == 0, "%s", err.msg);
	cr_assert(rt_plan_safe(&r->steps, &r->refusals, arena, &changes, &o,
			       &err) == 0,
		  "%s", err.msg);
	r->script = (rt_buf)RT_BUF_INIT;
	if (!r->refusals.len) {
		cr_assert(rt_render(&r->stmts, arena, RT_DIALECT_PG, &r->steps,
				    &err) == 0,
			  "%s", err.msg);
		rt_render_script(&r->script, &r->stmts);
		/* the script lives in the arena from here */
		char *text = rt_arena_strdup(arena, r->script.data);
		rt_buf_release(&r->script);
		r->script.data = text;
	}
	return r;
}

static const rt_step *step_at(const result *r, size_t i)
{
	cr_assert(i < r->steps.len, "no step %zu of %zu", i, r->steps.len);
	return r->steps.items[i];
}

static const char *ops(const result *r)
{
	rt_buf b = RT_BUF_INIT;
	for (size_t i = 0; i < r->steps.len; i++)
		rt_buf_addf(&b, "%s%s", i ? " " : "",
			    rt_op_name(step_at(r, i)->op));
	char *s = rt_arena_strdup(arena, b.data);
	rt_buf_release(&b);
	return s;
}

#define T0 "create table t (id int primary key, a int, c int);"

Test(plan_safe, index_concurrently_with_leftover_drop)
{
	result *r = safe_plan(T0, T0 "create unique index t_a on t (a);", NULL);

	cr_assert_str_eq(ops(r), "drop_index create_index");
	cr_assert(!step_at(r, 0)->transaction_ok);
	cr_assert(!step_at(r, 1)->transaction_ok);
	cr_assert_eq(step_at(r, 1)->lock, RT_LOCK_SHARE_UPDATE_EXCLUSIVE);
	cr_assert_not_null(step_at(r, 0)->safe);
	cr_assert_str_eq(r->script.data,
			 "-- retort: outside a transaction\n"
			 "DROP INDEX CONCURRENTLY IF EXISTS public.t_a;\n"
			 "-- retort: outside a transaction\n"
			 "CREATE UNIQUE INDEX CONCURRENTLY t_a ON public.t "
			 "USING btree (a);\n");
	for (size_t i = 0; i < r->stmts.len; i++)
		cr_assert(((const rt_stmt *)r->stmts.items[i])->flags &
			  RT_STMT_NO_TRANSACTION);
}

Test(plan_safe, drop_index_concurrently)
{
	result *r = safe_plan(T0 "create index t_a on t (a);", T0, NULL);

	cr_assert_str_eq(ops(r), "drop_index");
	cr_assert_str_eq(r->script.data,
			 "-- retort: outside a transaction\n"
			 "DROP INDEX CONCURRENTLY IF EXISTS public.t_a;\n");
}

Test(plan_safe, new_table_keeps_plain_forms)
{
	result *r = safe_plan("",
			      T0 "create index t_a on t (a);"
				 "alter table t add check (a > 0);",
			      NULL);

	for (size_t i = 0; i < r->steps.len; i++) {
		cr_assert(step_at(r, i)->transaction_ok);
		cr_assert_null(step_at(r, i)->safe);
	}
	cr_assert_null(strstr(r->script.data, "CONCURRENTLY"));
	cr_assert_null(strstr(r->script.data, "NOT VALID"));
}

Test(plan_safe, foreign_key_not_valid_then_validate)
{
	const char *u = "create table u (id int primary key);";
	char *from = rt_arena_printf(arena, "%s%s", u, T0);
	char *to = rt_arena_printf(arena, "%s%s%s", u, T0,
				   "alter table t add constraint t_a_fkey "
				   "foreign key (a) references u (id);");
	result *r = safe_plan(from, to, NULL);

	cr_assert_str_eq(ops(r), "add_constraint validate_constraint");
	cr_assert(step_at(r, 0)->transaction_ok);
	cr_assert(!step_at(r, 0)->scan);
	cr_assert(!step_at(r, 1)->transaction_ok);
	cr_assert(step_at(r, 1)->scan);
	cr_assert_str_eq(
	    r->script.data,
	    "ALTER TABLE public.t DROP CONSTRAINT IF EXISTS t_a_fkey, ADD "
	    "CONSTRAINT t_a_fkey FOREIGN KEY (a) REFERENCES public.u(id) NOT "
	    "VALID;\n"
	    "-- retort: outside a transaction\n"
	    "ALTER TABLE public.t VALIDATE CONSTRAINT t_a_fkey;\n");
}

Test(plan_safe, set_not_null_through_check)
{
	result *r = safe_plan(
	    T0, "create table t (id int primary key, a int not null, c int);",
	    NULL);

	cr_assert_str_eq(ops(r), "add_constraint validate_constraint "
				 "set_not_null drop_constraint");
	cr_assert(!step_at(r, 2)->scan); /* R31 */
	cr_assert(step_at(r, 0)->temporary);
	cr_assert(strstr(r->script.data,
			 "ADD CONSTRAINT t_a_not_null CHECK (a IS NOT NULL) "
			 "NOT VALID;\n"));
	cr_assert(strstr(r->script.data,
			 "ALTER TABLE public.t DROP CONSTRAINT t_a_not_null;"));
}

Test(plan_safe, not_null_without_default_refused)
{
	result *r = safe_plan(T0,
			      "create table t (id int primary key, a int, c "
			      "int, d int not null);",
			      NULL);

	cr_assert_eq(r->refusals.len, 1);
	const rt_refusal *x = r->refusals.items[0];
	cr_assert_eq(x->step->op, RT_OP_ADD_COLUMN);
	cr_assert(strstr(x->hazard, "contains null values"));
	cr_assert(strstr(x->instead, "nullable"));
	cr_assert(strstr(x->instead, "--backfill public.t.d=SQLEXPR"));
}

Test(plan_safe, not_null_with_backfill)
{
	result *r = safe_plan("create table t (id int primary key);",
			      "create table t (id int primary key, c int not "
			      "null);",
			      "id * 2");

	cr_assert_eq(r->refusals.len, 0);
	cr_assert_str_eq(ops(r), "add_column backfill add_constraint "
				 "validate_constraint set_not_null "
				 "drop_constraint");
	cr_assert(strstr(r->script.data, "ADD COLUMN IF NOT EXISTS c "
					 "integer;\n"));
	cr_assert(strstr(r->script.data, "UPDATE public.t SET c = (id * 2)"));
	cr_assert(strstr(r->script.data, "LIMIT 1000"));
	cr_assert(strstr(r->script.data, "COMMIT;"));
	cr_assert(!step_at(r, 1)->transaction_ok);
}

Test(plan_safe, volatile_default_without_rewrite)
{
	result *r = safe_plan("create table t (id int primary key);",
			      "create table t (id int primary key, c double "
			      "precision default random());",
			      NULL);

	cr_assert_str_eq(ops(r), "add_column set_default backfill");
	cr_assert(!step_at(r, 0)->rewrite);
	cr_assert(strstr(r->script.data,
			 "ADD COLUMN IF NOT EXISTS c double precision;\n"));
	cr_assert(strstr(r->script.data, "SET DEFAULT random();\n"));
	cr_assert(strstr(r->script.data, "SET c = (random())"));
}

Test(plan_safe, stable_default_stays_plain)
{
	result *r = safe_plan("create table t (id int primary key);",
			      "create table t (id int primary key, c "
			      "timestamptz not null default now());",
			      NULL);

	cr_assert_str_eq(ops(r), "add_column");
	cr_assert_null(step_at(r, 0)->safe);
	cr_assert(strstr(r->script.data, "DEFAULT now() NOT NULL"));
}

Test(plan_safe, rewriting_type_change_flagged)
{
	result *r = safe_plan(T0,
			      "create table t (id int primary key, a bigint, c "
			      "int);",
			      NULL);
	rt_vec lines = {0}, header = {0};
	bool found = false;

	cr_assert_str_eq(ops(r), "alter_column_type");
	cr_assert(step_at(r, 0)->rewrite);
	cr_assert(strstr(step_at(r, 0)->safe, "a__new"));
	rt_describe(&lines, arena, RT_DIALECT_PG, &r->steps);
	rt_describe_header(&header, arena, &lines);
	for (size_t i = 0; i < header.len; i++)
		found |= strncmp(header.items[i], "  safe form: change type",
				 24) == 0;
	cr_assert(found);
}

Test(plan_safe, partitioned_table_keeps_plain_index)
{
	const char *p = "create table p (a int) partition by range (a);";
	char *to = rt_arena_printf(arena, "%screate index p_a on p (a);", p);
	result *r = safe_plan(p, to, NULL);

	cr_assert_str_eq(ops(r), "create_index");
	cr_assert(step_at(r, 0)->transaction_ok);
}

Test(plan_safe, statements_before_no_transaction_are_rerunnable)
{
	result *r = safe_plan(
	    T0,
	    "create table t (id int primary key, a int, c int, e int);"
	    "create table n (id int);"
	    "create index t_e on t (e);",
	    NULL);

	cr_assert(strstr(r->script.data, "CREATE TABLE IF NOT EXISTS "
					 "public.n"));
	cr_assert(strstr(r->script.data, "ADD COLUMN IF NOT EXISTS e"));
}
