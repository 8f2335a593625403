/* SPDX-License-Identifier: MIT */
/* Canonical keys: spellings PostgreSQL treats alike compare equal. */
#include "base/common.h"
#include "base/buf.h"
#include "schema/canon.h"
#include "schema/schema.h"

#include <criterion/criterion.h>

static rt_arena *arena;

static void setup(void)
{
	arena = rt_arena_new();
}

static void teardown(void)
{
	rt_arena_free(arena);
	rt_canon_shutdown();
}

TestSuite(schema_canon, .init = setup, .fini = teardown);

static const char *key(const char *expr)
{
	const char *out = NULL;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_canon_expr(&out, arena, expr, &err), 0, "%s: %s", expr,
		     err.msg);
	return out;
}

#define SAME(x, y)	cr_expect_str_eq(key(x), key(y), "%s vs %s", x, y)
#define DIFFERENT(x, y) cr_expect_str_neq(key(x), key(y), "%s vs %s", x, y)

Test(schema_canon, constant_casts_dropped)
{
	SAME("price > 0", "(price > (0)::numeric)");
	SAME("entity_type = 'A'", "(entity_type = 'A'::text)");
	SAME("'pending'::order_status", "'pending'");
	SAME("-1", "'-1'::integer");
	SAME("1.50", "(1.50)::numeric");
}

Test(schema_canon, text_casts_on_columns_dropped)
{
	SAME("name <> ''", "((name)::text <> ''::text)");
}

Test(schema_canon, in_list_is_any_array)
{
	SAME("status IN ('a', 'b')",
	     "((status)::text = ANY ((ARRAY['a'::character varying, "
	     "'b'::character varying])::text[]))");
	SAME("x NOT IN (1, 2)", "(x <> ALL (ARRAY[1, 2]))");
}

Test(schema_canon, between_is_two_comparisons)
{
	SAME("x BETWEEN 1 AND 5", "((x >= 1) AND (x <= 5))");
}

Test(schema_canon, public_qualification_dropped)
{
	SAME("nextval('public.t_id_seq'::regclass)",
	     "nextval('t_id_seq'::regclass)");
	SAME("public.f(x)", "f(x)");
	SAME("pg_catalog.now()", "now()");
}

Test(schema_canon, real_changes_stay_different)
{
	DIFFERENT("price > 0", "price >= 0");
	DIFFERENT("'a'", "'b'");
	DIFFERENT("now()", "CURRENT_TIMESTAMP");
	DIFFERENT("nextval('other.s'::regclass)", "nextval('s'::regclass)");
}

Test(schema_canon, index_name_and_method_default)
{
	const char *a = NULL, *b = NULL;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_canon_index(&a, arena,
				    "CREATE INDEX CONCURRENTLY IF NOT EXISTS "
				    "ix ON t (lower(name)) WHERE x > 0",
				    &err),
		     0, "%s", err.msg);
	cr_assert_eq(rt_canon_index(&b, arena,
				    "CREATE INDEX t_lower_idx ON public.t "
				    "USING btree (lower(name)) WHERE (x > 0)",
				    &err),
		     0, "%s", err.msg);
	cr_expect_str_eq(a, b);
}

Test(schema_canon, syntax_error_is_input_error)
{
	const char *out = NULL;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_canon_expr(&out, arena, "a >", &err), -1);
	cr_expect_eq(err.code, RT_EINPUT);
	cr_expect(strstr(err.msg, "syntax error") != NULL, "%s", err.msg);
}

Test(schema_canon, partition_bounds)
{
	const char *a = NULL, *b = NULL;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_canon_partbound(&a, arena,
					"FOR VALUES FROM ('2006-02-01') TO "
					"('2006-03-01')",
					&err),
		     0);
	cr_assert_eq(rt_canon_partbound(&b, arena,
					"FOR VALUES FROM ('2006-02-01'::date) "
					"TO ('2006-03-01'::date)",
					&err),
		     0);
	cr_expect_str_eq(a, b);
}

Test(schema_canon, implicit_casts_on_columns_dropped)
{
	SAME("a * 1.5", "((a)::numeric * 1.5)");
}

static const char *index_key(const char *sql)
{
	const char *out = NULL;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_canon_index(&out, arena, sql, &err), 0, "%s: %s", sql,
		     err.msg);
	return out;
}

Test(schema_canon, index_default_order_and_option_text)
{
	cr_expect_str_eq(index_key("CREATE INDEX i ON t (c DESC NULLS FIRST, "
				   "id ASC NULLS LAST) WITH (fillfactor = 70)"),
			 index_key("CREATE INDEX i ON public.t USING btree "
				   "(c DESC, id) WITH (fillfactor='70')"));
	cr_expect_str_neq(index_key("CREATE INDEX i ON t (c DESC NULLS LAST)"),
			  index_key("CREATE INDEX i ON t (c DESC)"));
	cr_expect_str_eq(index_key("CREATE INDEX i ON t USING gin (a) WITH "
				   "(fastupdate = off)"),
			 index_key("CREATE INDEX i ON public.t USING gin (a) "
				   "WITH (fastupdate='off')"));
}

Test(schema_canon, datetime_literals_one_spelling)
{
	const char *a = NULL, *b = NULL;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_canon_partbound(&a, arena,
					"FOR VALUES FROM ('2024-01-01') TO "
					"('2024-02-01 10:30')",
					&err),
		     0);
	cr_assert_eq(rt_canon_partbound(&b, arena,
					"FOR VALUES FROM ('2024-01-01 "
					"00:00:00+00') TO ('2024-02-01 "
					"10:30:00+00')",
					&err),
		     0);
	cr_expect_str_eq(a, b);
	DIFFERENT("'2024-01-01 10:30:00+02'", "'2024-01-01 10:30:00'");
	SAME("'2024-01-01 00:00:00'", "'2024-01-01'::date");
}

Test(schema_canon, index_opclass_qualification)
{
	cr_expect_str_eq(index_key("CREATE INDEX i ON public.t USING gin "
				   "(title public.gin_trgm_ops)"),
			 index_key("CREATE INDEX i ON t USING gin "
				   "(title gin_trgm_ops)"));
	cr_expect_str_eq(index_key("CREATE INDEX i ON t (a COLLATE "
				   "pg_catalog.\"C\")"),
			 index_key("CREATE INDEX i ON t (a COLLATE \"C\")"));
}

Test(schema_canon, like_is_its_operator)
{
	SAME("name LIKE 'a%'", "((name)::text ~~ 'a%'::text)");
	SAME("name NOT ILIKE 'a%'", "(name !~~* 'a%'::text)");
	DIFFERENT("name LIKE 'a%'", "name ILIKE 'a%'");
}

Test(schema_canon, shutdown_without_parse_is_safe)
{
	rt_canon_shutdown();
	rt_canon_shutdown();
}

Test(schema_canon, exponents_as_numeric_stores_them)
{
	SAME("value < 1e9", "(value < '1000000000'::numeric)");
	SAME("x > 1.50e1", "x > 15.0");
	SAME("x > 1e-2", "x > 0.01");
	SAME("x > -2.5E+3", "x > '-2500'::numeric");
	DIFFERENT("x > 1e2", "x > 1000");
}

static const char *trigger_key(const char *stmt)
{
	const char *out = NULL;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_canon_trigger(&out, arena, stmt, &err), 0, "%s: %s",
		     stmt, err.msg);
	return out;
}

Test(schema_canon, trigger_spellings)
{
	/* the name, OR REPLACE, public., EXECUTE PROCEDURE, FOR EACH
	 * STATEMENT, casts and parentheses in WHEN, the order of
	 * REFERENCING: none of them matter */
	cr_expect_str_eq(
	    trigger_key("CREATE OR REPLACE TRIGGER a AFTER UPDATE ON t "
			"REFERENCING NEW TABLE AS n OLD TABLE AS o FOR EACH "
			"STATEMENT EXECUTE PROCEDURE f('x')"),
	    trigger_key("CREATE TRIGGER b AFTER UPDATE ON public.t "
			"REFERENCING OLD TABLE AS o NEW TABLE AS n EXECUTE "
			"FUNCTION public.f('x')"));
	cr_expect_str_eq(
	    trigger_key("CREATE TRIGGER a BEFORE INSERT OR UPDATE ON t FOR "
			"EACH ROW WHEN (new.a > 0 AND new.b <> 'x') EXECUTE "
			"FUNCTION f()"),
	    trigger_key("CREATE TRIGGER a BEFORE INSERT OR UPDATE ON public.t "
			"FOR EACH ROW WHEN (((new.a > 0) AND (new.b <> "
			"'x'::text))) EXECUTE FUNCTION f()"));
	/* what does matter */
	cr_expect_str_neq(trigger_key("CREATE TRIGGER a BEFORE INSERT ON t "
				      "EXECUTE FUNCTION f()"),
			  trigger_key("CREATE TRIGGER a AFTER INSERT ON t "
				      "EXECUTE FUNCTION f()"));
	cr_expect_str_neq(trigger_key("CREATE TRIGGER a BEFORE INSERT ON t "
				      "EXECUTE FUNCTION f()"),
			  trigger_key("CREATE TRIGGER a BEFORE INSERT ON t "
				      "EXECUTE FUNCTION app.f()"));
}

Test(schema_canon, function_body_output_names)
{
	const char *x = NULL, *y = NULL;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_canon_function_body(
			 &x, arena, "SELECT a AS a, b AS c FROM t", &err),
		     0);
	cr_assert_eq(
	    rt_canon_function_body(&y, arena, "SELECT a, b AS c FROM t", &err),
	    0);
	cr_expect_str_eq(x, y);
}

Test(schema_canon, subquery_columns_lose_their_relation)
{
	/* pg_get_expr qualifies the columns of a one-relation subquery */
	cr_expect_str_eq(
	    key("team_id IN (SELECT members.team_id FROM members WHERE "
		"members.user_name = CURRENT_USER)"),
	    key("team_id in (select team_id from public.members where "
		"user_name = current_user)"));
	cr_expect_str_eq(
	    key("EXISTS (SELECT 1 FROM members m WHERE m.team_id = "
		"t.team_id)"),
	    key("exists (select 1 from members m where team_id = t.team_id)"));
	/* another relation's qualifier stays */
	cr_expect_str_neq(
	    key("EXISTS (SELECT 1 FROM members WHERE team_id = t.team_id)"),
	    key("EXISTS (SELECT 1 FROM members WHERE team_id = team_id)"));
}

/* The joined vector of strings, for comparing two rt_refs. */
static const char *joined(const rt_vec *v)
{
	rt_buf b = RT_BUF_INIT;
	for (size_t i = 0; i < v->len; i++)
		rt_buf_addf(&b, "%s|", (const char *)v->items[i]);
	return rt_buf_detach_arena(&b, arena);
}

/* One parse for the key and the references gives what the two separate
 * calls give (the live loader relies on it). */
static void key_refs_same(rt_canon_kind kind, const char *text)
{
	const char *k1 = NULL, *k2 = NULL;
	rt_refs r1 = {0}, r2 = {0};
	rt_error err = RT_ERROR_INIT;
	int rc = kind == RT_CANON_EXPR ? rt_canon_expr(&k1, arena, text, &err)
		 : kind == RT_CANON_INDEX
		     ? rt_canon_index(&k1, arena, text, &err)
		     : rt_canon_exclude(&k1, arena, text, &err);
	cr_assert_eq(rc, 0, "%s: %s", text, err.msg);
	cr_assert_eq(rt_canon_refs(&r1, arena, kind, text, &err), 0);
	cr_assert_eq(rt_canon_key_refs(&k2, &r2, arena, kind, text, &err), 0);
	cr_expect_str_eq(k1, k2, "%s", text);
	cr_expect_str_eq(joined(&r1.columns), joined(&r2.columns), "%s", text);
	cr_expect_str_eq(joined(&r1.functions), joined(&r2.functions), "%s",
			 text);
	cr_expect_str_eq(joined(&r1.sequences), joined(&r2.sequences), "%s",
			 text);
	cr_expect_str_eq(joined(&r1.relations), joined(&r2.relations), "%s",
			 text);
	cr_expect_eq(r1.star, r2.star, "%s", text);
}

Test(schema_canon, key_refs_is_key_plus_refs)
{
	key_refs_same(RT_CANON_EXPR, "nextval('public.t_id_seq'::regclass)");
	key_refs_same(RT_CANON_EXPR, "(amount >= (0)::numeric) AND f(a, b)");
	key_refs_same(RT_CANON_INDEX,
		      "CREATE UNIQUE INDEX i ON public.t USING btree "
		      "(lower((name)::text), b) INCLUDE (c) WHERE active");
	key_refs_same(RT_CANON_EXCLUDE,
		      "EXCLUDE USING gist (room WITH =, during WITH &&)");
}

/* A view's query may have no output column at all ("SELECT"): its loose
 * key does not sort a list that is not there (UBSan: qsort of NULL). */
Test(schema_canon, loose_key_of_empty_select)
{
	const char *k = NULL;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_canon_query_loose(&k, arena, "SELECT FROM t", &err), 0);
	cr_expect_not_null(k);
	cr_assert_eq(rt_canon_query_loose(&k, arena, "SELECT", &err), 0);
}
