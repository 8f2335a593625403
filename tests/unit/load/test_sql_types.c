/* SPDX-License-Identifier: MIT */
/* The SQL loader's domains, composite and range types and rules. */
#include "test_sql_helpers.h"

#include "schema/canon.h"

TestSuite(load_sql_types, .init = setup, .fini = teardown);

static rt_domain *domain(rt_schema *s, const char *schema, const char *name)
{
	rt_domain *d =
	    (rt_domain *)rt_schema_find(s, RT_KIND_DOMAIN, schema, name);
	cr_assert_not_null(d, "no domain %s.%s", schema, name);
	return d;
}

static rt_domain_check *check(rt_domain *d, size_t i)
{
	cr_assert_lt(i, d->checks.len, "domain %s has %zu checks", d->name,
		     d->checks.len);
	return d->checks.items[i];
}

static rt_composite *composite(rt_schema *s, const char *name)
{
	rt_composite *c = (rt_composite *)rt_schema_find(s, RT_KIND_COMPOSITE,
							 "public", name);
	cr_assert_not_null(c, "no composite type %s", name);
	return c;
}

static rt_attribute *attr(rt_composite *c, size_t i)
{
	cr_assert_lt(i, c->attributes.len);
	return c->attributes.items[i];
}

static rt_range *range(rt_schema *s, const char *name)
{
	rt_range *r =
	    (rt_range *)rt_schema_find(s, RT_KIND_RANGE, "public", name);
	cr_assert_not_null(r, "no range type %s", name);
	return r;
}

static rt_rule *rule(rt_schema *s, const char *rel, const char *name)
{
	rt_rule *r =
	    (rt_rule *)rt_schema_find_on(s, RT_KIND_RULE, "public", rel, name);
	cr_assert_not_null(r, "no rule %s on %s", name, rel);
	return r;
}

/* ---- domains ---- */

Test(load_sql_types, domain_checks_named_as_postgresql_does)
{
	rt_schema *s = load("create domain posint as int check (value > 0)\n"
			    "  check (value < 100) constraint named check "
			    "(value <> 7);\n"
			    "alter domain posint add check (value <> 13);\n");
	rt_domain *d = domain(s, "public", "posint");
	cr_expect_str_eq(d->type.schema, "pg_catalog");
	cr_expect_str_eq(d->type.name, "integer");
	cr_assert_eq(d->checks.len, 4);
	cr_expect_str_eq(check(d, 0)->name, "named");
	cr_expect_str_eq(check(d, 1)->name, "posint_check");
	cr_expect_str_eq(check(d, 1)->expr->text, "value > 0");
	cr_expect_str_eq(check(d, 2)->name, "posint_check1");
	cr_expect_str_eq(check(d, 3)->name, "posint_check2");
	cr_expect_str_eq(check(d, 3)->expr->text, "value <> 13");
	cr_expect_str_eq(d->src_file, "t.sql");
	cr_expect_eq(d->src_line, 1);
	cr_expect_eq(s->unmanaged.len, 0);
}

Test(load_sql_types, domain_check_name_skips_table_constraints)
{
	/* ChooseConstraintName looks at every constraint of the schema */
	rt_schema *s = load("create table t (a int constraint d_check "
			    "check (a > 0));\n"
			    "create domain d as int check (value > 0);\n");
	cr_expect_str_eq(check(domain(s, "public", "d"), 0)->name, "d_check1");
}

Test(load_sql_types, domain_options_and_alter_domain)
{
	rt_schema *s =
	    load("create schema app;\n"
		 "create domain app.email as text collate \"C\" default 'a@b' "
		 "not null;\n"
		 "alter domain app.email add constraint has_at check "
		 "(value like '%@%') not valid;\n"
		 "alter domain app.email add constraint short check "
		 "(length(value) < 9);\n");
	rt_domain *d = domain(s, "app", "email");
	cr_expect_str_eq(d->collation.schema, "pg_catalog");
	cr_expect_str_eq(d->collation.name, "C");
	cr_expect_str_eq(d->default_expr->text, "'a@b'");
	cr_expect(d->not_null);
	cr_expect(check(d, 0)->not_valid);
	cr_expect_not(check(d, 1)->not_valid);

	s = load("create domain e as text default 'x' not null;\n"
		 "alter domain e add constraint c check (value <> '') not "
		 "valid;\n"
		 "alter domain e add constraint k check (value <> 'k');\n"
		 "alter domain e drop default;\n"
		 "alter domain e drop not null;\n"
		 "alter domain e validate constraint c;\n"
		 "alter domain e drop constraint k;\n"
		 "alter domain e rename constraint c to nonempty;\n");
	d = domain(s, "public", "e");
	cr_expect_null(d->default_expr);
	cr_expect_not(d->not_null);
	cr_assert_eq(d->checks.len, 1);
	cr_expect_str_eq(check(d, 0)->name, "nonempty");
	cr_expect_not(check(d, 0)->not_valid);
}

Test(load_sql_types, column_of_a_domain_names_its_schema)
{
	rt_schema *s = load("create schema app;\n"
			    "create domain app.code as varchar(5);\n"
			    "set search_path = app, public;\n"
			    "create table public.t (c code, cs code[]);\n");
	rt_column *c = column(table(s, "t"), "c");
	cr_expect_str_eq(c->type.schema, "app");
	cr_expect_str_eq(c->type.name, "code");
	c = column(table(s, "t"), "cs");
	cr_expect_str_eq(c->type.schema, "app");
	cr_expect_str_eq(c->type.name, "code[]");
	/* the graph: the column depends on the domain */
	rt_domain *d = domain(s, "app", "code");
	bool dep = false;
	for (size_t i = 0; i < c->deps.len; i++)
		dep |= c->deps.items[i] == (void *)d;
	cr_expect(dep, "no column -> domain edge");
}

Test(load_sql_types, domain_renamed_and_moved_with_its_columns)
{
	rt_schema *s = load("create schema other;\n"
			    "create domain d as int;\n"
			    "create table t (a d, b d[]);\n"
			    "alter domain d rename to dd;\n"
			    "alter domain dd set schema other;\n");
	domain(s, "other", "dd");
	cr_expect_str_eq(column(table(s, "t"), "a")->type.schema, "other");
	cr_expect_str_eq(column(table(s, "t"), "a")->type.name, "dd");
	cr_expect_str_eq(column(table(s, "t"), "b")->type.name, "dd[]");
}

Test(load_sql_types, drop_domain_in_use_needs_cascade)
{
	rt_error *e = load_err("create domain d as int;\n"
			       "create table t (id int, a d);\n"
			       "drop domain d;\n");
	cr_expect_str_eq(e->msg, "cannot drop type 'public.d' because other "
				 "objects depend on it");
	cr_expect_eq(e->line, 3);
	rt_schema *s = load("create domain d as int;\n"
			    "create table t (id int, a d);\n"
			    "drop domain d cascade;\n");
	cr_expect_null(rt_schema_find(s, RT_KIND_DOMAIN, "public", "d"));
	cr_expect_null(rt_table_find_column(table(s, "t"), "a"));
}

Test(load_sql_types, drop_type_dispatches_by_kind)
{
	rt_schema *s = load("create type e as enum ('a');\n"
			    "create type c as (x int);\n"
			    "create type r as range (subtype = int8);\n"
			    "create domain d as int;\n"
			    "drop type e, c, r;\n"
			    "drop type d;\n");
	cr_expect_eq(s->enums.len, 0);
	cr_expect_eq(s->composites.len, 0);
	cr_expect_eq(s->ranges.len, 0);
	cr_expect_eq(s->domains.len, 0);
	rt_error *e = load_err("create type c as (x int);\ndrop domain c;\n");
	cr_expect_str_eq(e->msg, "'public.c' is not a domain");
	e = load_err("create domain d as int;\ncreate type d as (a int);\n");
	cr_expect_str_eq(e->msg, "type 'public.d' already exists");
	cr_expect_eq(e->line, 2);
}

/* ---- composite types ---- */

Test(load_sql_types, composite_attributes_and_alter_type)
{
	rt_schema *s =
	    load("create type addr as (street text, city text collate \"C\","
		 " zip varchar(10));\n"
		 "alter type addr drop attribute zip, add attribute country "
		 "text, alter attribute street type varchar(200);\n"
		 "alter type addr rename attribute city to town;\n"
		 "comment on type addr is 'postal';\n");
	rt_composite *c = composite(s, "addr");
	cr_assert_eq(c->attributes.len, 3);
	cr_expect_str_eq(attr(c, 0)->name, "street");
	cr_expect_str_eq(attr(c, 0)->type.name, "character varying(200)");
	cr_expect_str_eq(attr(c, 1)->name, "town");
	cr_expect_str_eq(attr(c, 1)->collation.name, "C");
	cr_expect_str_eq(attr(c, 2)->name, "country");
	cr_expect_str_eq(c->comment, "postal");
	cr_expect_eq(s->unmanaged.len, 0);
}

/* ---- range types ---- */

Test(load_sql_types, range_options_normalised)
{
	rt_schema *s = load(
	    "create function my_diff(a float8, b float8) returns float8 "
	    "language sql immutable as 'select a - b';\n"
	    "create type floatrange as range (subtype = float8, "
	    "subtype_diff = float8mi, multirange_type_name = "
	    "public.floatmultirange);\n"
	    "create type r2 as range (subtype = float8, subtype_diff = "
	    "my_diff, multirange_type_name = r2_many);\n"
	    "create type r3 as range (subtype = text, collation = \"C\");\n");
	rt_range *r = range(s, "floatrange");
	cr_expect_str_eq(r->subtype.name, "double precision");
	cr_expect_str_eq(r->subtype_diff.schema, "pg_catalog");
	cr_expect_str_eq(r->subtype_diff.name, "float8mi");
	cr_expect_null(r->multirange, "the default name is not kept");
	r = range(s, "r2");
	cr_expect_str_eq(r->subtype_diff.schema, "public");
	cr_expect_str_eq(r->multirange, "r2_many");
	r = range(s, "r3");
	cr_expect_str_eq(r->collation.schema, "pg_catalog");
	cr_expect_str_eq(r->collation.name, "C");
	rt_error *e = load_err("create type r as range (subtype_diff = f);\n");
	cr_expect_str_eq(e->msg, "type attribute 'subtype' is required");
}

/* ---- rules ---- */

Test(load_sql_types, rule_text_key_and_switches)
{
	rt_schema *s =
	    load("create table t (id int, v text);\n"
		 "create table log (id int, what text);\n"
		 "create rule t_ins as on insert to t do also insert into log "
		 "values (new.id, 'ins');\n"
		 "create rule t_del as on delete to t do instead nothing;\n"
		 "alter table t disable rule t_del;\n"
		 "comment on rule t_ins on t is 'audit';\n");
	rt_rule *r = rule(s, "t", "t_ins");
	cr_expect_str_eq(r->def->text,
			 "CREATE RULE t_ins AS ON INSERT TO public.t DO INSERT "
			 "INTO log (id, what) VALUES (new.id, 'ins')");
	cr_expect_str_eq(r->comment, "audit");
	cr_expect_eq(r->enabled, 'O');
	cr_expect_eq(rule(s, "t", "t_del")->enabled, 'D');
	cr_expect(r->obj.owner == &table(s, "t")->obj);

	/* the key is pg_get_ruledef's */
	const char *key = NULL;
	rt_error e = RT_ERROR_INIT;
	cr_assert_eq(
	    rt_canon_rule(&key, arena,
			  "CREATE RULE t_ins AS\n    ON INSERT TO t DO "
			  " INSERT INTO log (id, what)\n  VALUES "
			  "(new.id, 'ins'::text);",
			  &e),
	    0, "%s", e.msg);
	cr_expect_str_eq(r->def->key, key);
}

Test(load_sql_types, rule_key_ignores_target_qualification)
{
	const char *a = NULL, *b = NULL;
	rt_error e = RT_ERROR_INIT;
	cr_assert_eq(rt_canon_rule(&a, arena,
				   "create rule r as on update to t do also "
				   "update log set n = new.n where id = old.id",
				   &e),
		     0);
	cr_assert_eq(
	    rt_canon_rule(&b, arena,
			  "CREATE RULE r AS\n    ON UPDATE TO public.t "
			  "DO  UPDATE log SET n = new.n\n  WHERE "
			  "(log.id = old.id);",
			  &e),
	    0);
	cr_expect_str_eq(a, b);
}

Test(load_sql_types, rules_go_with_their_table_and_by_drop_rule)
{
	rt_schema *s = load("create table t (id int);\n"
			    "create table u (id int);\n"
			    "create rule r1 as on insert to t do instead "
			    "nothing;\n"
			    "create rule r2 as on insert to u do instead "
			    "nothing;\n"
			    "create rule r3 as on update to u do instead "
			    "nothing;\n"
			    "drop table t;\n"
			    "drop rule r2 on u;\n"
			    "alter rule r3 on u rename to r4;\n");
	cr_assert_eq(s->rules.len, 1);
	rt_rule *r = rule(s, "u", "r4");
	cr_expect_str_eq(r->def->text, "CREATE RULE r4 AS ON UPDATE TO "
				       "public.u DO INSTEAD NOTHING");
	rt_error *e = load_err("create table t (id int);\n"
			       "create rule r as on insert to t do instead "
			       "nothing;\n"
			       "create rule r as on insert to t do also "
			       "nothing;\n");
	cr_expect_str_eq(e->msg, "rule 'r' for relation 't' already exists");
	cr_expect_eq(e->line, 3);
	s = load("create table t (id int);\n"
		 "create rule r as on insert to t do instead nothing;\n"
		 "create or replace rule r as on insert to t do also "
		 "nothing;\n");
	cr_expect_str_eq(rule(s, "t", "r")->def->text,
			 "CREATE RULE r AS ON INSERT TO public.t DO NOTHING");
}

Test(load_sql_types, rule_stars_expanded_as_postgresql_prints_them)
{
	rt_schema *s = load("create table t (id int, name text);\n"
			    "create table log (id int, n text, extra int);\n"
			    "create rule r as on insert to t do also insert "
			    "into log select new.*;\n"
			    "create rule d as on delete to t do also insert "
			    "into log select * from t where false;\n");
	cr_expect_str_eq(rule(s, "t", "r")->def->text,
			 "CREATE RULE r AS ON INSERT TO public.t DO INSERT "
			 "INTO log (id, n) SELECT new.id, new.name");
	/* a star of another relation: left as written */
	cr_expect_str_eq(rule(s, "t", "d")->def->text,
			 "CREATE RULE d AS ON DELETE TO public.t DO INSERT "
			 "INTO log SELECT * FROM t WHERE false");
}

Test(load_sql_types, types_made_of_a_renamed_enum_follow_it)
{
	rt_schema *s = load("create schema x;\n"
			    "create type mood as enum ('ok');\n"
			    "create domain happy as mood;\n"
			    "create type pair as (m mood, ms mood[]);\n"
			    "alter type mood rename to feeling;\n"
			    "alter type feeling set schema x;\n");
	rt_domain *d = domain(s, "public", "happy");
	cr_expect_str_eq(d->type.schema, "x");
	cr_expect_str_eq(d->type.name, "feeling");
	cr_expect_str_eq(attr(composite(s, "pair"), 1)->type.name, "feeling[]");
	cr_expect_str_eq(attr(composite(s, "pair"), 1)->type.schema, "x");
}

/* Column types resolve to user types of every kind through the search
 * path, also when one is renamed after its first use, and built-in names
 * stay built-in. */
Test(load_sql_types, user_types_on_the_path)
{
	rt_schema *s =
	    load("create schema app;\n"
		 "set search_path = app, public;\n"
		 "create type app.mood as enum ('a');\n"
		 "create domain public.posint as int check (value > 0);\n"
		 "create type public.pair as (a int, b int);\n"
		 "create type span as range (subtype = int);\n"
		 "create table t (a mood, b posint, c pair, d span,\n"
		 "  e int, f text);\n"
		 "alter type app.mood rename to feeling;\n"
		 "create table u (a feeling);\n");
	rt_table *t = rt_schema_find_table(s, "app", "t");
	cr_assert_not_null(t);
	static const struct {
		const char *col, *schema, *name;
	} want[] = {
	    {"a", "app", "feeling"},	    {"b", "public", "posint"},
	    {"c", "public", "pair"},	    {"d", "app", "span"},
	    {"e", "pg_catalog", "integer"}, {"f", "pg_catalog", "text"}};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		rt_column *c = column(t, want[i].col);
		cr_expect_str_eq(c->type.schema, want[i].schema, "%s",
				 want[i].col);
		cr_expect_str_eq(c->type.name, want[i].name, "%s", want[i].col);
	}
	rt_table *u = rt_schema_find_table(s, "app", "u");
	cr_assert_not_null(u);
	cr_expect_str_eq(column(u, "a")->type.schema, "app");
	cr_expect_str_eq(column(u, "a")->type.name, "feeling");
}
