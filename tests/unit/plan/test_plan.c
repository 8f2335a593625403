/* SPDX-License-Identifier: MIT */
/* rt_plan: changes become steps (multi-statement changes spelled out),
 * each with its safety facts; schemas loaded from SQL text. */
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

TestSuite(plan, .init = setup, .fini = teardown);

static rt_schema *load(const char *sql)
{
	rt_schema *s = NULL;
	rt_error err = RT_ERROR_INIT;

	cr_assert(rt_load_sql_text(&s, arena, "t.sql", sql, &err) == 0, "%s",
		  err.msg);
	return s;
}

static rt_vec plan(const char *from, const char *to, bool down)
{
	rt_vec changes = {0}, inv = {0}, steps = {0};
	rt_error err = RT_ERROR_INIT;

	cr_assert(rt_diff(&changes, arena, load(from), load(to), &err) == 0,
		  "%s", err.msg);
	if (down)
		rt_diff_invert(&inv, arena, &changes);
	cr_assert(rt_plan(&steps, arena, down ? &inv : &changes, &err) == 0,
		  "%s", err.msg);
	return steps;
}

/* "op op op" of a step list */
static char *ops(const rt_vec *v)
{
	rt_buf b = RT_BUF_INIT;

	for (size_t i = 0; i < v->len; i++) {
		const rt_step *s = v->items[i];
		if (i)
			rt_buf_addch(&b, ' ');
		rt_buf_adds(&b, rt_op_name(s->op));
	}
	return rt_buf_detach_arena(&b, arena);
}

Test(plan, safety_facts)
{
	rt_vec v = plan("create table t (a int, b int);",
			"create table t (a bigint);"
			"create index t_a on t (a);",
			false);
	cr_assert_str_eq(ops(&v), "drop_column alter_column_type "
				  "create_index");
	const rt_step *drop = v.items[0], *type = v.items[1], *idx = v.items[2];
	cr_expect(drop->data_loss);
	cr_expect_eq(drop->lock, RT_LOCK_ACCESS_EXCLUSIVE);
	cr_expect(type->rewrite);
	cr_expect_not(type->data_loss);
	cr_expect_eq(idx->lock, RT_LOCK_SHARE);
	cr_expect(idx->scan);
	cr_expect(idx->transaction_ok);
	cr_expect_str_eq(rt_lock_name(idx->lock), "SHARE");
}

Test(plan, type_change_takes_the_default_off_and_on)
{
	rt_vec v = plan("create table t (a int default 1);",
			"create table t (a text default 'x');", false);
	cr_expect_str_eq(ops(&v), "drop_default alter_column_type set_default");
	const rt_step *type = v.items[1];
	cr_expect_eq(type->using, RT_USING_CAST);
	cr_expect_str_eq(type->type.name, "text");
}

Test(plan, collation_only_change_does_not_rewrite)
{
	rt_vec v = plan("create table t (a text);",
			"create table t (a text collate \"C\");", false);
	cr_assert_str_eq(ops(&v), "alter_column_type");
	const rt_step *s = v.items[0];
	cr_expect_not(s->rewrite);
	cr_expect_eq(s->using, RT_USING_NONE);
}

Test(plan, enum_replace_is_spelled_out)
{
	rt_vec v = plan("create type e as enum ('a', 'b', 'c');"
			"create table t (x e default 'a', y e[]);",
			"create type e as enum ('a', 'c');"
			"create table t (x e default 'a', y e[]);",
			false);
	cr_expect_str_eq(ops(&v), "drop_default rename_type create_enum "
				  "alter_column_type alter_column_type "
				  "set_default drop_type");
	const rt_step *rename = v.items[1], *x = v.items[3], *y = v.items[4],
		      *drop = v.items[6];
	cr_expect_str_eq(rename->name, "e__retort_old");
	cr_expect_str_eq(drop->name, "e__retort_old");
	cr_expect_eq(x->using, RT_USING_TEXT);
	cr_expect_eq(y->using, RT_USING_TEXT_ARRAY);
	cr_expect_str_eq(y->type.name, "e[]");
	cr_expect(x->rewrite);
}

Test(plan, extension_downgrade_is_drop_and_create)
{
	const char *a = "create extension hstore version '1.8';";
	const char *b = "create extension hstore version '1.7';";
	rt_vec v = plan(a, b, false);
	cr_expect_str_eq(ops(&v), "drop_extension create_extension");
	v = plan(b, a, false);
	cr_expect_str_eq(ops(&v), "alter_extension_update");
}

Test(plan, every_op_has_a_name)
{
	for (int k = 0; k < RT_OP__COUNT; k++)
		cr_expect(rt_op_name((rt_op)k) != NULL, "op %d", k);
}
