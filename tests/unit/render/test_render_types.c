/* SPDX-License-Identifier: MIT */
/* Domains, composite and range types and rules: the statements a diff of
 * two SQL texts renders, and those of its inverse. */
#include "base/common.h"
#include "diff/diff.h"
#include "load/load.h"
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
	rt_load_shutdown();
}

TestSuite(render_types, .init = setup, .fini = teardown);

static rt_schema *load(const char *sql)
{
	rt_schema *s = NULL;
	rt_error err = RT_ERROR_INIT;
	cr_assert(rt_load_sql_text(&s, arena, "t.sql", sql, &err) == 0,
		  "%s:%d: %s", err.file, err.line, err.msg);
	return s;
}

static char *render(const rt_vec *v)
{
	rt_buf b = RT_BUF_INIT;
	rt_error err = RT_ERROR_INIT;
	cr_assert(rt_render_changes(&b, arena, RT_DIALECT_PG, v, &err) == 0,
		  "%s", err.msg);
	return rt_buf_detach_arena(&b, arena);
}

/* The migration from a to b; *down gets the inverse's. */
static char *migrate(const char *a, const char *b, char **down)
{
	rt_vec v = {0}, inv = {0};
	rt_error err = RT_ERROR_INIT;
	cr_assert(rt_diff(&v, arena, load(a), load(b), &err) == 0, "%s",
		  err.msg);
	if (down) {
		rt_diff_invert(&inv, arena, &v);
		*down = render(&inv);
	}
	return render(&v);
}

Test(render_types, create_domain_not_valid_check_added_after)
{
	char *down;
	char *up = migrate("",
			   "create domain d as int default 1 not null "
			   "check (value > 0);\n"
			   "alter domain d add constraint big check "
			   "(value < 10) not valid;\n"
			   "comment on domain d is 'dee';\n",
			   &down);
	cr_expect_str_eq(
	    up, "CREATE DOMAIN public.d AS integer DEFAULT 1 NOT NULL "
		"CONSTRAINT d_check CHECK (value > 0);\n"
		"ALTER DOMAIN public.d ADD CONSTRAINT big CHECK (value < 10) "
		"NOT VALID;\n"
		"\n"
		"COMMENT ON DOMAIN public.d IS 'dee';\n");
	cr_expect_str_eq(down, "COMMENT ON DOMAIN public.d IS NULL;\n"
			       "\n"
			       "DROP DOMAIN public.d;\n");
}

Test(render_types, alter_domain_steps)
{
	char *down;
	char *up = migrate("create domain d as text default 'a' "
			   "check (value <> '');\n",
			   "create domain d as text not null "
			   "constraint len check (length(value) < 5);\n",
			   &down);
	cr_expect_str_eq(up, "ALTER DOMAIN public.d DROP CONSTRAINT d_check;\n"
			     "ALTER DOMAIN public.d DROP DEFAULT;\n"
			     "ALTER DOMAIN public.d SET NOT NULL;\n"
			     "ALTER DOMAIN public.d ADD CONSTRAINT len CHECK "
			     "(length(value) < 5);\n");
	cr_expect_str_eq(down, "ALTER DOMAIN public.d DROP CONSTRAINT len;\n"
			       "ALTER DOMAIN public.d SET DEFAULT 'a';\n"
			       "ALTER DOMAIN public.d DROP NOT NULL;\n"
			       "ALTER DOMAIN public.d ADD CONSTRAINT d_check "
			       "CHECK (value <> '');\n");
}

Test(render_types, domain_base_type_change_retypes_its_columns)
{
	char *up = migrate("create domain d as int;\n"
			   "create table t (id int, a d default 1);\n",
			   "create domain d as bigint;\n"
			   "create table t (id int, a d default 1);\n",
			   NULL);
	cr_expect_str_eq(
	    up, "ALTER TABLE public.t ALTER COLUMN a DROP DEFAULT;\n"
		"ALTER TABLE public.t ALTER COLUMN a TYPE integer USING "
		"a::text::integer;\n"
		"\n"
		"DROP DOMAIN public.d;\n"
		"\n"
		"CREATE DOMAIN public.d AS bigint;\n"
		"\n"
		"ALTER TABLE public.t ALTER COLUMN a DROP DEFAULT;\n"
		"ALTER TABLE public.t ALTER COLUMN a TYPE public.d USING "
		"a::text::public.d;\n"
		"ALTER TABLE public.t ALTER COLUMN a SET DEFAULT 1;\n");
}

Test(render_types, composite_alter_is_one_statement)
{
	char *down;
	char *up = migrate("create type c as (a int, b text, z int);\n",
			   "create type c as (a bigint, b text, n text "
			   "collate \"C\");\n",
			   &down);
	cr_expect_str_eq(up, "ALTER TYPE public.c DROP ATTRIBUTE z, ALTER "
			     "ATTRIBUTE a TYPE bigint, ADD ATTRIBUTE n text "
			     "COLLATE \"C\";\n");
	cr_expect_str_eq(down, "ALTER TYPE public.c DROP ATTRIBUTE n, ALTER "
			       "ATTRIBUTE a TYPE integer, ADD ATTRIBUTE z "
			       "integer;\n");
}

Test(render_types, composite_reordered_is_replaced)
{
	char *up = migrate("create type c as (a int, b text);\n",
			   "create type c as (b text, a int);\n", NULL);
	cr_expect_str_eq(up, "DROP TYPE public.c;\n"
			     "\n"
			     "CREATE TYPE public.c AS (b text, a integer);\n");
	/* an attribute added between old ones: also a replace */
	up = migrate("create type c as (a int, b text);\n",
		     "create type c as (a int, x int, b text);\n", NULL);
	cr_expect_str_eq(up, "DROP TYPE public.c;\n"
			     "\n"
			     "CREATE TYPE public.c AS (a integer, x integer, b "
			     "text);\n");
}

Test(render_types, composite_in_use_retyped_through_text)
{
	char *up = migrate("create type c as (a int);\n"
			   "create table t (v c);\n",
			   "create type c as (a bigint);\n"
			   "create table t (v c);\n",
			   NULL);
	cr_expect_str_eq(up,
			 "ALTER TABLE public.t ALTER COLUMN v TYPE text "
			 "USING v::text::text;\n"
			 "\n"
			 "DROP TYPE public.c;\n"
			 "\n"
			 "CREATE TYPE public.c AS (a bigint);\n"
			 "\n"
			 "ALTER TABLE public.t ALTER COLUMN v TYPE public.c "
			 "USING v::text::public.c;\n");
}

Test(render_types, range_create_and_replace)
{
	char *down;
	char *up = migrate("create type r as range (subtype = float8);\n",
			   "create type r as range (subtype = float8, "
			   "subtype_diff = float8mi, multirange_type_name = "
			   "r_multi);\n",
			   &down);
	cr_expect_str_eq(up, "DROP TYPE public.r;\n"
			     "\n"
			     "CREATE TYPE public.r AS RANGE (SUBTYPE = double "
			     "precision, SUBTYPE_DIFF = pg_catalog.float8mi, "
			     "MULTIRANGE_TYPE_NAME = public.r_multi);\n");
	cr_expect_str_eq(down,
			 "DROP TYPE public.r;\n"
			 "\n"
			 "CREATE TYPE public.r AS RANGE (SUBTYPE = double "
			 "precision);\n");
}

Test(render_types, rules_created_switched_and_replaced)
{
	const char *base = "create table t (id int);\n"
			   "create table log (id int);\n";
	char *down;
	char *up = migrate(
	    rt_arena_printf(arena, "%s%s", base,
			    "create rule r as on insert to t do also insert "
			    "into log values (new.id);\n"),
	    rt_arena_printf(arena, "%s%s", base,
			    "create rule r as on insert to t do also insert "
			    "into log values (new.id);\n"
			    "alter table t disable rule r;\n"
			    "create rule d as on delete to t do instead "
			    "nothing;\n"
			    "alter table t enable always rule d;\n"),
	    &down);
	cr_expect_str_eq(up, "CREATE RULE d AS ON DELETE TO public.t DO "
			     "INSTEAD NOTHING;\n"
			     "ALTER TABLE public.t ENABLE ALWAYS RULE d;\n"
			     "\n"
			     "ALTER TABLE public.t DISABLE RULE r;\n");
	cr_expect_str_eq(down, "ALTER TABLE public.t ENABLE RULE r;\n"
			       "\n"
			       "DROP RULE d ON public.t;\n");
	up = migrate(rt_arena_printf(arena, "%s%s", base,
				     "create rule r as on insert to t do "
				     "instead nothing;\n"),
		     rt_arena_printf(arena, "%s%s", base,
				     "create rule r as on insert to t do "
				     "also nothing;\n"),
		     NULL);
	cr_expect_str_eq(up, "DROP RULE r ON public.t;\n"
			     "\n"
			     "CREATE RULE r AS ON INSERT TO public.t DO "
			     "NOTHING;\n");
}

Test(render_types, domain_check_validated_in_place)
{
	char *down;
	char *up = migrate("create domain d as int;\n"
			   "alter domain d add constraint pos check "
			   "(value > 0) not valid;\n",
			   "create domain d as int constraint pos check "
			   "(value > 0);\n",
			   &down);
	cr_expect_str_eq(up,
			 "ALTER DOMAIN public.d VALIDATE CONSTRAINT pos;\n");
	/* a valid check cannot be made NOT VALID again but by a new one */
	cr_expect_str_eq(down, "ALTER DOMAIN public.d DROP CONSTRAINT pos;\n"
			       "ALTER DOMAIN public.d ADD CONSTRAINT pos CHECK "
			       "(value > 0) NOT VALID;\n");
}
