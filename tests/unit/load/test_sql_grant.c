/* SPDX-License-Identifier: MIT */
/* SQL loader: GRANT / REVOKE, row level security and policies. */
#include "test_sql_helpers.h"

TestSuite(load_sql_grant, .init = setup, .fini = teardown);

/* "grantee:PRIV[*]" for each grant of v, comma-separated (* when
 * grantable), in the model's order. */
static const char *grants(const rt_vec *v)
{
	rt_buf b = RT_BUF_INIT;
	for (size_t i = 0; i < v->len; i++) {
		const rt_grant *g = v->items[i];
		rt_buf_addf(&b, "%s%s:%s%s", i ? "," : "", g->grantee,
			    g->privilege, g->grantable ? "*" : "");
	}
	return rt_buf_detach_arena(&b, arena);
}

Test(load_sql_grant, table_all_and_revoke)
{
	rt_schema *s = load("create table t (a int, b int);\n"
			    "grant all privileges on t to app;\n"
			    "revoke truncate, trigger on table t from app;\n"
			    "grant select on t to public with grant option;\n");
	cr_expect_str_eq(grants(&table(s, "t")->grants),
			 "PUBLIC:SELECT*,app:DELETE,app:INSERT,"
			 "app:REFERENCES,app:SELECT,app:UPDATE");
}

Test(load_sql_grant, columns_and_table_revoke_takes_them)
{
	rt_schema *s = load("create table t (a int, b int);\n"
			    "grant select (a, b), update (b) on t to app;\n"
			    "grant insert (a) on t to other;\n"
			    "revoke select on t from app;\n");
	rt_table *t = table(s, "t");
	cr_expect_str_eq(grants(&t->grants), "");
	cr_expect_str_eq(grants(&column(t, "a")->grants), "other:INSERT");
	cr_expect_str_eq(grants(&column(t, "b")->grants), "app:UPDATE");
}

Test(load_sql_grant, grant_option_only)
{
	rt_schema *s = load("create sequence q;\n"
			    "grant usage, select on sequence q to app "
			    "with grant option;\n"
			    "revoke grant option for usage on q from app;\n");
	rt_sequence *q = rt_schema_find_sequence(s, "public", "q");
	cr_expect_str_eq(grants(&q->grants), "app:SELECT*,app:USAGE");
}

Test(load_sql_grant, sequence_named_as_table_and_all_in_schema)
{
	rt_schema *s = load("create schema app;\n"
			    "create table app.t (a int);\n"
			    "create table app.u (a int);\n"
			    "create sequence app.q;\n"
			    "create table other (a int);\n"
			    "grant select on all tables in schema app to r;\n"
			    "grant all on table app.q to r;\n");
	cr_expect_str_eq(grants(&rt_schema_find_table(s, "app", "t")->grants),
			 "r:SELECT");
	cr_expect_str_eq(grants(&rt_schema_find_table(s, "app", "u")->grants),
			 "r:SELECT");
	cr_expect_str_eq(grants(&table(s, "other")->grants), "");
	cr_expect_str_eq(
	    grants(&rt_schema_find_sequence(s, "app", "q")->grants),
	    "r:SELECT,r:UPDATE,r:USAGE");
}

Test(load_sql_grant, defaults_schemas_and_types)
{
	rt_schema *s = load("create schema app;\n"
			    "create type mood as enum ('a');\n"
			    "grant usage, create on schema app to r;\n"
			    "revoke all on type mood from public;\n"
			    "grant usage on type mood to r;\n");
	cr_expect_str_eq(grants(&rt_schema_find_namespace(s, "app")->grants),
			 "r:CREATE,r:USAGE");
	/* PostgreSQL 15's public schema */
	cr_expect_str_eq(grants(&rt_schema_find_namespace(s, "public")->grants),
			 "PUBLIC:USAGE");
	cr_expect_str_eq(
	    grants(&rt_schema_find_enum(s, "public", "mood")->grants),
	    "r:USAGE");
}

Test(load_sql_grant, owner_is_never_listed)
{
	/* pg_dump's pair for the owner, and the current role */
	rt_schema *s = load("create table t (a int);\n"
			    "revoke all on table t from postgres;\n"
			    "grant all on table t to postgres;\n"
			    "grant select on table t to current_user;\n"
			    "grant select on table t to reader;\n");
	cr_expect_str_eq(grants(&table(s, "t")->grants), "reader:SELECT");
}

Test(load_sql_grant, function_and_unmanaged_targets)
{
	rt_schema *s = load("create function f(i integer) returns int "
			    "language sql as 'select 1';\n"
			    "grant execute on function f(integer) to r;\n"
			    "grant connect on database d to r;\n");
	/* the function is in the model, with its grant */
	rt_object *f =
	    rt_schema_find(s, RT_KIND_FUNCTION, "public", "f(integer)");
	cr_assert_not_null(f);
	cr_expect(strstr(grants(&f->grants), "r:EXECUTE") != NULL);
	cr_expect(has_unmanaged(s, "privileges on database d"));
}

Test(load_sql_grant, errors)
{
	rt_error *e = load_err("create table t (a int);\n"
			       "grant select (nope) on t to r;\n");
	cr_expect_eq(e->line, 2);
	cr_expect_str_eq(e->msg,
			 "column 'nope' of relation 'public.t' does not exist");
	e = load_err("create schema s;\ngrant execute on schema s to r;\n");
	cr_expect_eq(e->line, 2);
	cr_expect_str_eq(e->msg,
			 "invalid privilege type execute for namespace");
}

Test(load_sql_grant, row_level_security)
{
	rt_schema *s = load("create table t (a int);\n"
			    "alter table t enable row level security;\n"
			    "alter table t force row level security;\n"
			    "create table u (a int);\n"
			    "alter table u enable row level security, "
			    "force row level security;\n"
			    "alter table u disable row level security, "
			    "no force row level security;\n");
	cr_expect(table(s, "t")->rls && table(s, "t")->force_rls);
	cr_expect(!table(s, "u")->rls && !table(s, "u")->force_rls);
	cr_expect_eq(s->unmanaged.len, 0);
}

static rt_policy *policy(rt_schema *s, const char *t, const char *name)
{
	rt_policy *p = (rt_policy *)rt_schema_find_on(s, RT_KIND_POLICY,
						      "public", t, name);
	cr_assert_not_null(p, "no policy %s on %s", name, t);
	return p;
}

Test(load_sql_grant, policies)
{
	rt_schema *s = load(
	    "create table t (a int, owner text);\n"
	    "create policy p on t using (owner = current_user);\n"
	    "create policy q on public.t as restrictive for insert "
	    "to zed, alice, zed with check ((a > 0));\n"
	    "create policy r on t for select to alice, public using (true);\n"
	    "comment on policy p on t is 'mine';\n"
	    "alter policy q on t to bob with check (a > 1);\n"
	    "alter policy r on t rename to r2;\n"
	    "alter table t rename column owner to who;\n");
	rt_policy *p = policy(s, "t", "p");
	cr_expect(p->permissive);
	cr_expect_eq(p->cmd, '*');
	cr_expect_eq(p->roles.len, 1);
	cr_expect_str_eq(p->roles.items[0], "PUBLIC");
	cr_expect_str_eq(p->comment, "mine");
	cr_expect_not_null(strstr(p->using_expr->text, "who"), "%s",
			   p->using_expr->text);
	cr_expect_null(p->check_expr);
	rt_policy *q = policy(s, "t", "q");
	cr_expect(!q->permissive);
	cr_expect_eq(q->cmd, 'a');
	cr_expect_eq(q->roles.len, 1);
	cr_expect_str_eq(q->roles.items[0], "bob");
	cr_expect_str_eq(q->check_expr->key,
			 policy(load("create table t (a int);\n"
				     "create policy x on t for insert "
				     "with check (((a > 1)));\n"),
				"t", "x")
			     ->check_expr->key);
	rt_policy *r = policy(s, "t", "r2");
	cr_expect_eq(r->roles.len, 1); /* PUBLIC among others: PUBLIC */
	cr_expect_str_eq(r->roles.items[0], "PUBLIC");
	cr_expect_eq(s->policies.len, 3);
}

Test(load_sql_grant, policies_go_with_their_table)
{
	rt_schema *s = load("create table t (a int);\n"
			    "create policy p on t using (a > 0);\n"
			    "create policy q on t using (a > 1);\n"
			    "drop policy q on t;\n"
			    "drop policy if exists nope on t;\n"
			    "alter table t rename to u;\n");
	cr_expect_not_null(policy(s, "u", "p"));
	cr_expect_str_eq(policy(s, "u", "p")->table.name, "u");
	cr_expect_eq(s->policies.len, 1);
	s = load("create table t (a int);\n"
		 "create policy p on t using (a > 0);\n"
		 "drop table t;\n");
	cr_expect_eq(s->policies.len, 0);
}

Test(load_sql_grant, policy_errors)
{
	rt_error *e = load_err("create table t (a int);\n"
			       "create policy p on t using (true);\n"
			       "create policy p on t using (true);\n");
	cr_expect_eq(e->line, 3);
	cr_expect_str_eq(e->msg, "policy 'p' for table 't' already exists");
	e = load_err("create table t (a int);\n"
		     "create policy p on t for select with check (true);\n");
	cr_expect_eq(e->line, 2);
	e = load_err("create table t (a int);\ndrop policy p on t;\n");
	cr_expect_str_eq(e->msg, "policy 'p' for table 't' does not exist");
	e = load_err("create policy p on nope using (true);\n");
	cr_expect_str_eq(e->msg, "relation 'public.nope' does not exist");
}

Test(load_sql_grant, new_owner_takes_its_grants)
{
	rt_schema *s = load("create table t (a int);\n"
			    "create schema app authorization boss;\n"
			    "grant select, update (a) on t to bob;\n"
			    "grant select on t to reader;\n"
			    "alter table t owner to bob;\n"
			    "grant insert on t to bob;\n"
			    "grant usage on schema app to boss, reader;\n"
			    "create sequence q;\n"
			    "alter sequence q owner to seqowner;\n"
			    "grant usage on sequence q to seqowner;\n");
	rt_table *t = table(s, "t");
	cr_expect_str_eq(grants(&t->grants), "reader:SELECT");
	cr_expect_str_eq(grants(&column(t, "a")->grants), "");
	cr_expect_str_eq(grants(&rt_schema_find_namespace(s, "app")->grants),
			 "reader:USAGE");
	cr_expect_str_eq(
	    grants(&rt_schema_find_sequence(s, "public", "q")->grants), "");
}

Test(load_sql_grant, default_privileges_apply_to_new_objects)
{
	rt_schema *s =
	    load("create schema app;\n"
		 "create table old (a int);\n"
		 "alter default privileges grant select on tables to r;\n"
		 "alter default privileges in schema app grant usage on "
		 "sequences to r;\n"
		 "alter default privileges revoke usage on types from public;\n"
		 "alter default privileges for role other grant all on tables "
		 "to public;\n"
		 "create table t (id serial);\n"
		 "create table app.u (id serial);\n"
		 "create type mood as enum ('a');\n"
		 "alter default privileges revoke select on tables from r;\n"
		 "create table later (a int);\n");
	cr_expect_str_eq(grants(&table(s, "old")->grants), "");
	cr_expect_str_eq(grants(&table(s, "t")->grants), "r:SELECT");
	cr_expect_str_eq(grants(&table(s, "later")->grants), "");
	cr_expect_str_eq(grants(&rt_schema_find_table(s, "app", "u")->grants),
			 "r:SELECT");
	cr_expect_str_eq(
	    grants(&rt_schema_find_sequence(s, "public", "t_id_seq")->grants),
	    "");
	cr_expect_str_eq(
	    grants(&rt_schema_find_sequence(s, "app", "u_id_seq")->grants),
	    "r:USAGE");
	cr_expect_str_eq(
	    grants(&rt_schema_find_enum(s, "public", "mood")->grants), "");
	/* the statements themselves stay unmanaged */
	cr_expect(has_unmanaged(s, "statement ALTER DEFAULT"));
}
