/* SPDX-License-Identifier: MIT */
/* The SQL loader on views and materialized views. */
#include "test_sql_helpers.h"

TestSuite(load_sql_views, .init = setup, .fini = teardown);

static rt_view *view(rt_schema *s, const char *schema, const char *name)
{
	rt_view *v = rt_schema_find_view(s, schema, name);
	cr_assert_not_null(v, "no view %s.%s", schema, name);
	return v;
}

/* A view written as a user writes it and as pg_get_viewdef prints it
 * get the same key: star expanded, columns qualified, output names
 * and the column list made explicit, casts of constants and GROUP BY
 * ordinals resolved. */
Test(load_sql_views, user_and_server_spelling_share_a_key)
{
	rt_schema *s = load(
	    "create table t (id int primary key, name text, price numeric);\n"
	    "create table u (id int, tid int, note text);\n"
	    "create view a1 as select * from t where price > 10;\n"
	    "create view a2 as select t.id, t.name, t.price from t "
	    "where (t.price > (10)::numeric);\n"
	    "create view b1 (k, n) as select id, lower(name) from t;\n"
	    "create view b2 as select t.id as k, lower(t.name) as n from t;\n"
	    "create view c1 as select note, count(*) from u join t on "
	    "tid = t.id group by 1;\n"
	    "create view c2 as select u.note, count(*) as count from u join "
	    "t on u.tid = t.id group by u.note;\n");
	cr_expect_str_eq(view(s, "public", "a1")->query->key,
			 view(s, "public", "a2")->query->key);
	cr_expect_str_eq(view(s, "public", "b1")->query->key,
			 view(s, "public", "b2")->query->key);
	cr_expect_str_eq(view(s, "public", "c1")->query->key,
			 view(s, "public", "c2")->query->key);
	/* the text is the source's, for render */
	cr_expect_str_eq(view(s, "public", "a1")->query->text,
			 "SELECT * FROM t WHERE price > 10");
	cr_expect_eq(view(s, "public", "a1")->columns.len, 3);
}

Test(load_sql_views, a_real_change_differs_loosely_too)
{
	rt_schema *s =
	    load("create table t (id int, price numeric);\n"
		 "create view a as select id from t where price > 10;\n"
		 "create view b as select t.id from t where t.price > 20;\n"
		 "create view c as select t.id from t where t.price > 10;\n");
	rt_view *a = view(s, "public", "a"), *b = view(s, "public", "b");
	rt_view *c = view(s, "public", "c");
	cr_expect_str_neq(a->loose, b->loose);
	cr_expect_str_eq(a->loose, c->loose);
}

Test(load_sql_views, options_matviews_indexes_comments)
{
	rt_schema *s = load(
	    "create schema r;\n"
	    "create table t (id int, region text);\n"
	    "create view r.eu with (security_barrier) as select id from t "
	    "where region = 'eu' with local check option;\n"
	    "create materialized view r.m as select region, count(*) from t "
	    "group by region;\n"
	    "create unique index m_region on r.m (region);\n"
	    "comment on materialized view r.m is 'per region';\n"
	    "create or replace view r.eu with (security_barrier) as select "
	    "id, region from t where region = 'eu' with local check "
	    "option;\n");
	rt_view *eu = view(s, "r", "eu");
	cr_expect_not(eu->materialized);
	cr_assert_eq(eu->options.len, 2);
	cr_expect_str_eq(eu->options.items[0], "check_option=local");
	cr_expect_str_eq(eu->options.items[1], "security_barrier=true");
	cr_expect(strstr(eu->query->text, "region") != NULL);
	rt_view *m = view(s, "r", "m");
	cr_expect(m->materialized);
	cr_expect_str_eq(m->comment, "per region");
	rt_index *ix = rt_schema_find_index(s, "r", "m_region");
	cr_assert_not_null(ix);
	cr_expect_str_eq(ix->table.name, "m");
	cr_expect_str_eq(m->src_file, "t.sql");
	cr_expect_eq(m->src_line, 4);
}

Test(load_sql_views, drop_and_rename)
{
	rt_schema *s = load("create table t (id int);\n"
			    "create view v as select id from t;\n"
			    "alter view v rename to w;\n"
			    "create materialized view m as select id from t;\n"
			    "create index m_id on m (id);\n"
			    "drop materialized view m;\n"
			    "drop view if exists nothing;\n");
	cr_expect_null(rt_schema_find_view(s, "public", "v"));
	cr_expect_not_null(rt_schema_find_view(s, "public", "w"));
	cr_expect_null(rt_schema_find_view(s, "public", "m"));
	cr_expect_null(rt_schema_find_index(s, "public", "m_id"));
}

Test(load_sql_views, errors_name_the_place)
{
	rt_error *e = load_err("create table t (id int);\n"
			       "create view t as select 1;\n");
	cr_expect_eq(e->line, 2);
	cr_expect(strstr(e->msg, "already exists") != NULL);
	e = load_err("create view v as select 1;\n"
		     "create index i on v (x);\n");
	cr_expect_eq(e->line, 2);
	e = load_err("drop view nope;\n");
	cr_expect(strstr(e->msg, "does not exist") != NULL);
}
