/* SPDX-License-Identifier: MIT */
/* SQL loader: functions, procedures and triggers. */
#include "test_sql_helpers.h"
#include "schema/kind.h"

TestSuite(load_sql_functions, .init = setup, .fini = teardown);

static rt_function *function(rt_schema *s, const char *name)
{
	rt_function *f =
	    (rt_function *)rt_schema_find(s, RT_KIND_FUNCTION, "public", name);
	cr_assert_not_null(f, "no function %s", name);
	return f;
}

static rt_trigger *trigger(rt_schema *s, const char *rel, const char *name)
{
	rt_trigger *t = (rt_trigger *)rt_schema_find_on(s, RT_KIND_TRIGGER,
							"public", rel, name);
	cr_assert_not_null(t, "no trigger %s on %s", name, rel);
	return t;
}

static const rt_funcarg *arg(const rt_function *f, size_t i)
{
	cr_assert_lt(i, f->args.len);
	return f->args.items[i];
}

Test(load_sql_functions, identity_and_defaults)
{
	rt_schema *s = load(
	    "create function f(a int, b varchar(10) default 'x', out c text)\n"
	    "  language plpgsql as $b$ begin c := a || b; end $b$;");
	rt_function *f = function(s, "f(integer, character varying)");
	cr_expect_str_eq(f->proname, "f");
	cr_expect_eq(f->prokind, 'f');
	cr_expect_str_eq(f->rettype.name, "text"); /* one OUT argument */
	cr_expect_not(f->retset);
	cr_expect_str_eq(f->language, "plpgsql");
	cr_expect_str_eq(f->body, " begin c := a || b; end ");
	cr_expect_null(f->sql_body);
	cr_expect_eq(f->volatility, 'v');
	cr_expect_eq(f->parallel, 'u');
	cr_expect(f->cost == 100);
	cr_expect(f->rows == 0);
	cr_expect_eq(arg(f, 1)->mode, 'i');
	cr_expect_str_eq(arg(f, 1)->name, "b");
	cr_expect_str_eq(arg(f, 1)->type.name, "character varying");
	cr_assert_not_null(arg(f, 1)->default_expr);
	cr_expect_str_eq(arg(f, 1)->default_expr->key, "'x'");
	cr_expect_eq(arg(f, 2)->mode, 'o');
	cr_expect_str_eq(f->src_file, "t.sql");
	cr_expect_eq(f->src_line, 1);
}

Test(load_sql_functions, attributes)
{
	rt_schema *s =
	    load("create type mood as enum ('a');\n"
		 "create function g() returns table(x int, m mood)\n"
		 "  language sql stable strict security definer leakproof\n"
		 "  parallel safe cost 5 rows 10\n"
		 "  set search_path = public, pg_temp set work_mem = '64MB'\n"
		 "  as 'select 1, ''a''::mood';");
	rt_function *f = function(s, "g()");
	cr_expect_str_eq(f->rettype.name, "record");
	cr_expect(f->retset);
	cr_expect_eq(arg(f, 1)->mode, 't');
	cr_expect_str_eq(arg(f, 1)->type.schema, "public");
	cr_expect_str_eq(arg(f, 1)->type.name, "mood");
	cr_expect_eq(f->volatility, 's');
	cr_expect_eq(f->parallel, 's');
	cr_expect(f->strict && f->security_definer && f->leakproof);
	cr_expect(f->cost == 5);
	cr_expect(f->rows == 10);
	cr_assert_eq(f->config.len, 2);
	cr_expect_str_eq(f->config.items[0], "search_path=public, pg_temp");
	cr_expect_str_eq(f->config.items[1], "work_mem=64MB");
	cr_expect_str_eq(f->body, "select 1, 'a'::mood");
}

Test(load_sql_functions, catalog_defaults_of_cost_and_rows)
{
	rt_schema *s = load("create function s() returns setof int\n"
			    "  language sql as 'select 1';\n"
			    "create function i(int) returns int\n"
			    "  language internal as 'int4abs';");
	cr_expect(function(s, "s()")->rows == 1000);
	cr_expect(function(s, "s()")->cost == 100);
	cr_expect(function(s, "i(integer)")->cost == 1);
	cr_expect(function(s, "i(integer)")->rows == 0);
}

Test(load_sql_functions, sql_standard_bodies)
{
	rt_schema *s = load("create function r(x int) returns int\n"
			    "  language sql return x * 2;\n"
			    "create function a(x int) returns setof int\n"
			    "  begin atomic select x as x; select x + 1; end;");
	rt_function *r = function(s, "r(integer)");
	cr_assert_not_null(r->sql_body);
	cr_expect_null(r->body);
	cr_expect_str_eq(r->sql_body->text, "RETURN x * 2");
	rt_function *a = function(s, "a(integer)");
	cr_expect_str_eq(a->language, "sql"); /* the default with a body */
	cr_expect_str_eq(a->sql_body->text,
			 "BEGIN ATOMIC\n SELECT x AS x;\n SELECT x + 1;\nEND");
	/* the server prints "x AS x" for "x": both read the same */
	cr_expect_str_eq(a->sql_body->key, "BEGIN ATOMIC SELECT x; SELECT x + "
					   "1; END");
}

Test(load_sql_functions, procedure_and_variadic)
{
	rt_schema *s = load("create procedure p(a int, inout b text,\n"
			    "  variadic c int[]) language plpgsql\n"
			    "  as $$ begin end $$;");
	rt_function *p = function(s, "p(integer, text, integer[])");
	cr_expect_eq(p->prokind, 'p');
	cr_expect_null(p->rettype.name);
	cr_expect_eq(arg(p, 1)->mode, 'b');
	cr_expect_eq(arg(p, 2)->mode, 'v');
}

Test(load_sql_functions, replace_drop_comment_rename)
{
	rt_schema *s = load(
	    "create schema app;\n"
	    "create function f(int) returns int language sql as 'select 1';\n"
	    "create or replace function f(x int) returns int\n"
	    "  language sql immutable as 'select 2';\n"
	    "create function f(text) returns int language sql as 'select 3';\n"
	    "comment on function f(integer) is 'one';\n"
	    "drop function f(text);\n"
	    "alter function f(int) stable cost 7;\n"
	    "alter function f(int) rename to g;\n"
	    "alter function g(int) set schema app;\n");
	rt_function *f = (rt_function *)rt_schema_find(s, RT_KIND_FUNCTION,
						       "app", "g(integer)");
	cr_assert_not_null(f);
	cr_expect_str_eq(f->proname, "g");
	cr_expect_str_eq(f->body, "select 2");
	cr_expect_eq(f->volatility, 's');
	cr_expect(f->cost == 7);
	cr_expect_str_eq(f->comment, "one");
	cr_expect_eq(s->functions.len, 1);
}

Test(load_sql_functions, drop_by_name_and_procedure_out_args)
{
	rt_schema *s = load(
	    "create function f(a int) returns int language sql as 'select 1';\n"
	    "create procedure p(a int, out b text) language sql\n"
	    "  begin atomic select 'x'; end;\n"
	    "drop function f;\n"
	    "drop procedure p(int, text);\n"
	    "drop function if exists nothing(int);");
	cr_expect_eq(s->functions.len, 0);
}

Test(load_sql_functions, errors)
{
	rt_error *e = load_err("create function f() returns int\n"
			       "  language sql as 'select 1';\n"
			       "create function f() returns int\n"
			       "  language sql as 'select 2';");
	cr_expect_not_null(strstr(e->msg, "already exists"));
	cr_expect_eq(e->line, 3);
	e = load_err("drop function f(int);");
	cr_expect_not_null(strstr(e->msg, "does not exist"));
	e = load_err("create function f() returns int as 'select 1';");
	cr_expect_not_null(strstr(e->msg, "no language specified"));
	e = load_err("create function f() returns int language sql\n"
		     "  as 'select 1';\n"
		     "create or replace function f() returns text\n"
		     "  language sql as 'select 1';");
	cr_expect_not_null(strstr(e->msg, "cannot change return type"));
	e = load_err("create function f(int) returns int language sql\n"
		     "  as 'select 1';\n"
		     "create function f(text) returns int language sql\n"
		     "  as 'select 1';\n"
		     "drop function f;");
	cr_expect_not_null(strstr(e->msg, "not unique"));
}

Test(load_sql_functions, unmanaged_forms)
{
	rt_schema *s = load("create table t (a int);\n"
			    "create function w(x int) returns int\n"
			    "  language c as 'lib', 'w';\n"
			    "create function v(x t.a%type) returns int\n"
			    "  language sql as 'select 1';");
	cr_expect(has_unmanaged(s, "function public.w(x integer)"));
	cr_expect_eq(s->functions.len, 0);
	cr_expect_eq(s->unmanaged.len, 2);
}

Test(load_sql_functions, triggers)
{
	rt_schema *s = load(
	    "create schema app;\n"
	    "create function app.trg() returns trigger language plpgsql\n"
	    "  as $$ begin return new; end $$;\n"
	    "create table t (a int, b text);\n"
	    "set search_path = app, public;\n"
	    "create trigger t1 before insert or update of a on t for each row\n"
	    "  when (new.a > 0) execute procedure trg();\n"
	    "create trigger t2 after delete on t execute function trg('x');\n"
	    "alter table t disable trigger t2;\n"
	    "comment on trigger t1 on t is 'c';\n"
	    "reset search_path;\n");
	rt_trigger *t1 = trigger(s, "t", "t1");
	cr_expect_str_eq(t1->def->text,
			 "CREATE TRIGGER t1 BEFORE INSERT OR UPDATE OF a ON "
			 "public.t FOR EACH ROW WHEN (new.a > 0) EXECUTE "
			 "FUNCTION app.trg()");
	cr_expect_str_eq(t1->def->key,
			 "CREATE TRIGGER t BEFORE INSERT OR UPDATE OF a ON t "
			 "FOR EACH ROW WHEN (new.a > 0) EXECUTE FUNCTION "
			 "app.trg()");
	cr_expect_eq(t1->enabled, 'O');
	cr_expect_str_eq(t1->comment, "c");
	cr_expect_eq(t1->owner, &table(s, "t")->obj);
	cr_expect_eq(trigger(s, "t", "t2")->enabled, 'D');
}

Test(load_sql_functions, trigger_key_matches_server_spelling)
{
	rt_schema *s = load(
	    "create function trg() returns trigger language plpgsql\n"
	    "  as $$ begin return new; end $$;\n"
	    "create table t (a int, b text);\n"
	    "create trigger x before update on t for each row\n"
	    "  when (new.a > 0 and new.b <> 'x') execute procedure trg();\n"
	    "create trigger y before update on public.t for each row\n"
	    "  when (((new.a > 0) AND (new.b <> 'x'::text)))\n"
	    "  execute function trg();\n");
	cr_expect_str_eq(trigger(s, "t", "x")->def->key,
			 trigger(s, "t", "y")->def->key);
}

Test(load_sql_functions, trigger_follows_renames_and_drops)
{
	rt_schema *s =
	    load("create function trg() returns trigger language plpgsql\n"
		 "  as $$ begin return new; end $$;\n"
		 "create table t (a int, b text);\n"
		 "create trigger x before update of a on t for each row\n"
		 "  execute function trg();\n"
		 "create trigger y before insert on t for each row\n"
		 "  execute function trg();\n"
		 "alter table t rename column a to c;\n"
		 "alter table t rename to u;\n"
		 "alter trigger y on u rename to z;\n"
		 "drop trigger z on u;\n");
	rt_trigger *x = trigger(s, "u", "x");
	cr_expect_str_eq(x->def->text,
			 "CREATE TRIGGER x BEFORE UPDATE OF c ON public.u FOR "
			 "EACH ROW EXECUTE FUNCTION public.trg()");
	cr_expect_eq(s->triggers.len, 1);
	rt_error *e =
	    load_err("create function trg() returns trigger language plpgsql\n"
		     "  as $$ begin return new; end $$;\n"
		     "create table t (a int);\n"
		     "create trigger x before update of a on t for each row\n"
		     "  execute function trg();\n"
		     "alter table t drop column a;");
	cr_expect_not_null(strstr(e->msg, "depends on it"));
	e = load_err("create function trg() returns trigger\n"
		     "  language plpgsql as $$ begin return new; end $$;\n"
		     "create table t (a int);\n"
		     "create trigger x before update on t for each row\n"
		     "  execute function trg();\n"
		     "drop function trg();");
	cr_expect_not_null(strstr(e->msg, "depends on it"));
	s = load("create function trg() returns trigger\n"
		 "  language plpgsql as $$ begin return new; end $$;\n"
		 "create table t (a int);\n"
		 "create trigger x before update on t for each row\n"
		 "  execute function trg();\n"
		 "drop function trg() cascade;\n"
		 "create table v (a int);\n"
		 "create function trg() returns trigger\n"
		 "  language plpgsql as $$ begin return new; end $$;\n"
		 "create trigger x before update on v for each row\n"
		 "  execute function trg();\n"
		 "drop table v;");
	cr_expect_eq(s->triggers.len, 0);
}

Test(load_sql_functions, trigger_errors)
{
	rt_error *e = load_err("create trigger x before update on nope\n"
			       "  for each row execute function f();");
	cr_expect_not_null(strstr(e->msg, "does not exist"));
	e = load_err("create function trg() returns trigger\n"
		     "  language plpgsql as $$ begin return new; end $$;\n"
		     "create table t (a int);\n"
		     "create trigger x before update on t for each row\n"
		     "  execute function trg();\n"
		     "create trigger x before update on t for each row\n"
		     "  execute function trg();");
	cr_expect_not_null(strstr(e->msg, "already exists"));
	cr_expect_eq(e->line, 6);
}

Test(load_sql_functions, trigger_follows_its_function)
{
	rt_schema *s =
	    load("create schema s2;\n"
		 "create table t (a int);\n"
		 "create function trg() returns trigger language plpgsql\n"
		 "  as $$ begin return new; end $$;\n"
		 "create trigger x before insert on t for each row\n"
		 "  execute function trg();\n"
		 "alter function trg() rename to trg2;\n"
		 "alter function trg2() set schema s2;\n");
	cr_expect_str_eq(trigger(s, "t", "x")->def->text,
			 "CREATE TRIGGER x BEFORE INSERT ON public.t FOR EACH "
			 "ROW EXECUTE FUNCTION s2.trg2()");
}

/* The compare operation of the function kind on f as two files spell
 * it: what CREATE OR REPLACE can carry, what takes a drop. */
static rt_same compare_fn(const char *from, const char *to)
{
	rt_schema *a = load(from), *b = load(to);
	cr_assert_eq(a->functions.len, 1);
	cr_assert_eq(b->functions.len, 1);
	return rt_kind_get(RT_KIND_FUNCTION)
	    ->compare(a->functions.items[0], b->functions.items[0]);
}

Test(load_sql_functions, compare_alter_or_replace)
{
	const char *base = "create function f(a int) returns int language sql "
			   "as 'select a';";
	cr_expect_eq(compare_fn(base, base), RT_SAME);
	cr_expect_eq(compare_fn(base, "create function f(a int) returns int "
				      "language sql stable cost 3 as 'select "
				      "a + 1';"),
		     RT_ALTER);
	cr_expect_eq(compare_fn(base, "create function f(a int default 1) "
				      "returns int language sql as 'select "
				      "a';"),
		     RT_ALTER);
	/* the result type, an argument's name, a removed default */
	cr_expect_eq(compare_fn(base, "create function f(a int) returns "
				      "bigint language sql as 'select a';"),
		     RT_REPLACE);
	cr_expect_eq(compare_fn(base, "create function f(b int) returns int "
				      "language sql as 'select b';"),
		     RT_REPLACE);
	cr_expect_eq(compare_fn("create function f(a int default 1) returns "
				"int language sql as 'select a';",
				base),
		     RT_REPLACE);
}

Test(load_sql_functions, compare_sql_body_spelled_by_a_server)
{
	rt_schema *a =
	    load("create function f(a int) returns bigint\n"
		 "  language sql begin atomic select count(*) from t "
		 "where t.x = a; end;");
	rt_schema *b = load("create function f(a int) returns bigint\n"
			    "  language sql begin atomic select count(*) as "
			    "count from t where t.x = f.a; end;");
	rt_function *x = a->functions.items[0], *y = b->functions.items[0];
	const rt_kind_ops *ops = rt_kind_get(RT_KIND_FUNCTION);
	cr_expect_eq(ops->compare(&x->obj, &y->obj), RT_ALTER);
	y->src_file = NULL; /* as if read from a database */
	cr_expect_eq(ops->compare(&x->obj, &y->obj), RT_MAYBE);
}

Test(load_sql_functions, drop_schema_takes_functions_and_their_triggers)
{
	rt_schema *s =
	    load("create schema x;\n"
		 "create function x.trg() returns trigger language plpgsql\n"
		 "  as $$ begin return new; end $$;\n"
		 "create table t (a int);\n"
		 "create trigger tr before insert on t for each row\n"
		 "  execute function x.trg();\n"
		 "drop schema x cascade;\n");
	cr_expect_eq(s->functions.len, 0);
	cr_expect_eq(s->triggers.len, 0);
	rt_error *e = load_err("create schema x;\n"
			       "create function x.f() returns int\n"
			       "  language sql as 'select 1';\n"
			       "drop schema x;");
	cr_expect_not_null(strstr(e->msg, "depend on it"));
	cr_expect_eq(e->line, 4);
}

/* The splitter's word and byte classes: BEGIN ATOMIC bodies after
 * CREATE [OR REPLACE] FUNCTION|PROCEDURE in any case, identifiers with
 * digits, '$' and multibyte characters, dollar quotes, indentation. */
Test(load_sql_functions, split_words_and_identifiers)
{
	const char *text =
	    "Create Or Replace Function f() Returns int Language sql\n"
	    "    Begin Atomic Select 1; Select 2; End;\n"
	    "create procedure p() language sql begin atomic select 1; end;\n"
	    "  select $q$a;b$q$ as x$1, \xc3\xa9t\xc3\xa9_2;\n"
	    "create table orb (c int); create function g() returns int "
	    "language sql return 1;\n"
	    "select 1;";
	rt_vec pieces = {0};
	cr_assert_eq(
	    rt_load_split(&pieces, arena, "x.sql", text, strlen(text), &err), 0,
	    "%s", err.msg);
	cr_assert_eq(pieces.len, 6);
	const rt_load_piece *p = pieces.items[0];
	cr_expect(strstr(p->text, "End;") != NULL, "%s", p->text);
	p = pieces.items[1];
	cr_expect(strstr(p->text, "end;") != NULL, "%s", p->text);
	p = pieces.items[2];
	cr_expect(strstr(p->text, "$q$a;b$q$ as x$1, \xc3\xa9t\xc3\xa9_2;") !=
		      NULL,
		  "%s", p->text);
	p = pieces.items[3];
	cr_expect(strstr(p->text, "(c int);") != NULL, "%s", p->text);
	p = pieces.items[5];
	cr_expect(strstr(p->text, "select 1;") != NULL, "%s", p->text);
}
