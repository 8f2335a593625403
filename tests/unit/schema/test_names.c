/* SPDX-License-Identifier: MIT */
/* PostgreSQL's default names and canonical type spellings. */
#include "base/common.h"
#include "schema/schema.h"

#include <criterion/criterion.h>

static rt_arena *arena;
static rt_schema *s;

static void setup(void)
{
	arena = rt_arena_new();
	s = rt_schema_new(arena);
}

static void teardown(void)
{
	rt_arena_free(arena);
}

TestSuite(schema_names, .init = setup, .fini = teardown);

static rt_table *add_table(const char *name)
{
	rt_table *t =
	    rt_schema_new_object(s, RT_KIND_TABLE, "public", name, NULL);
	t->relkind = RT_REL_TABLE;
	return t;
}

Test(schema_names, default_names)
{
	const char *cols[] = {"user_id", "kind"};
	add_table("tasks");
	cr_expect_str_eq(
	    rt_schema_default_name(s, "public", "tasks", NULL, 0, "pkey"),
	    "tasks_pkey");
	cr_expect_str_eq(
	    rt_schema_default_name(s, "public", "tasks", cols, 1, "fkey"),
	    "tasks_user_id_fkey");
	cr_expect_str_eq(
	    rt_schema_default_name(s, "public", "tasks", cols, 2, "key"),
	    "tasks_user_id_kind_key");
	cr_expect_str_eq(
	    rt_schema_default_name(s, "public", "tasks", NULL, 0, "check"),
	    "tasks_check");
}

Test(schema_names, default_fk_name_conflict_gets_number)
{
	const char *cols[] = {"a"};
	rt_table *t = add_table("t");
	rt_constraint *c = RT_NEW(arena, rt_constraint);
	c->name = "t_a_fkey";
	c->type = RT_CON_FOREIGN;
	c->owner = &t->obj;
	rt_schema_add(s, RT_KIND_CONSTRAINT, &c->obj);
	cr_expect_str_eq(
	    rt_schema_default_name(s, "public", "t", cols, 1, "fkey"),
	    "t_a_fkey1");
}

Test(schema_names, index_name_conflict_with_relation)
{
	const char *cols[] = {"a"};
	add_table("t");
	add_table("t_a_idx");
	cr_expect_str_eq(
	    rt_schema_default_name(s, "public", "t", cols, 1, "idx"),
	    "t_a_idx1");
}

Test(schema_names, long_names_truncated_to_63_bytes)
{
	const char *long_table =
	    "a_very_long_table_name_that_goes_on_and_on_and_on_forever";
	const char *cols[] = {"another_quite_long_column_name_here"};
	add_table(long_table);
	const char *n =
	    rt_schema_default_name(s, "public", long_table, cols, 1, "fkey");
	cr_expect_eq(strlen(n), 63, "%s", n);
	/* makeObjectName shortens the longer part first */
	cr_expect_str_eq(
	    n,
	    "a_very_long_table_name_that_g_another_quite_long_column_na_fkey");
}

Test(schema_names, canonical_types)
{
	static const char *const cases[][2] = {
	    {"int", "integer"},
	    {"int4", "integer"},
	    {"serial", "integer"},
	    {"bigserial", "bigint"},
	    {"varchar(20)", "character varying(20)"},
	    {"character varying", "character varying"},
	    {"numeric(10, 2)", "numeric(10,2)"},
	    {"numeric(7)", "numeric(7,0)"},
	    {"decimal(5)", "numeric(5,0)"},
	    {"decimal", "numeric"},
	    {"timestamp", "timestamp without time zone"},
	    {"timestamptz", "timestamp with time zone"},
	    {"timestamp(3) with time zone", "timestamp(3) with time zone"},
	    {"time(6)", "time(6) without time zone"},
	    {"bool", "boolean"},
	    {"float", "double precision"},
	    {"float(10)", "real"},
	    {"char", "character(1)"},
	    {"bpchar(5)", "character(5)"},
	    {"int[]", "integer[]"},
	    {"text[][]", "text[]"},
	    {"pg_catalog.int8", "bigint"},
	    {"double precision", "double precision"},
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(cases); i++) {
		const char *got = rt_schema_canonical_type(arena, cases[i][0]);
		cr_expect(got && strcmp(got, cases[i][1]) == 0,
			  "%s: got %s, want %s", cases[i][0],
			  got ? got : "(null)", cases[i][1]);
	}
	cr_expect_null(rt_schema_canonical_type(arena, "order_status"));
	cr_expect_null(rt_schema_canonical_type(arena, "citext"));
}

static rt_type builtin(const char *name)
{
	return (rt_type){RT_CATALOG, name};
}

Test(schema_names, castable_types)
{
	cr_expect(
	    rt_schema_type_castable(builtin("integer"), builtin("bigint")));
	cr_expect(rt_schema_type_castable(builtin("numeric(10,2)"),
					  builtin("integer")));
	cr_expect(rt_schema_type_castable(builtin("integer"), builtin("text")));
	cr_expect(rt_schema_type_castable(builtin("character varying(5)"),
					  builtin("uuid")));
	cr_expect(rt_schema_type_castable(
	    builtin("timestamp(3) with time zone"), builtin("date")));
	cr_expect(
	    rt_schema_type_castable(builtin("integer[]"), builtin("bigint[]")));
	cr_expect(rt_schema_type_castable((rt_type){"public", "mood"},
					  builtin("integer")));
	cr_expect_not(
	    rt_schema_type_castable(builtin("integer"), builtin("uuid")));
	cr_expect_not(
	    rt_schema_type_castable(builtin("date"), builtin("integer")));
	cr_expect_not(
	    rt_schema_type_castable(builtin("integer[]"), builtin("integer")));
	cr_expect_not(
	    rt_schema_type_castable(builtin("uuid[]"), builtin("integer[]")));
}
