/* SPDX-License-Identifier: MIT */
/* SQL loader: errors name file:line:col and the object. */
#include "test_sql_helpers.h"

TestSuite(load_sql_errors, .init = setup, .fini = teardown);

Test(load_sql_errors, syntax_error_place)
{
	rt_error *e = load_err("create table t (a int);\n"
			       "create tabel u (b int);\n");
	cr_expect_eq(e->code, RT_EINPUT);
	cr_expect_str_eq(e->file, "t.sql");
	cr_expect_eq(e->line, 2);
	cr_expect_eq(e->col, 8);
	cr_expect_not_null(strstr(e->msg, "syntax error at or near"), "%s",
			   e->msg);
}

Test(load_sql_errors, syntax_error_counts_characters)
{
	/* "é" is two bytes but one column */
	rt_error *e = load_err("-- café\ncomment on table t is 'é' x;");
	cr_expect_eq(e->line, 2);
	cr_expect_eq(e->col, 27);
}

Test(load_sql_errors, alter_missing_table)
{
	rt_error *e = load_err("create table t (a int);\n\n"
			       "  -- comment\n"
			       "  alter table u add column b int;");
	cr_expect_eq(e->code, RT_EINPUT);
	cr_expect_eq(e->line, 4);
	cr_expect_eq(e->col, 3);
	cr_expect_str_eq(e->msg, "relation 'public.u' does not exist");
}

Test(load_sql_errors, duplicate_table)
{
	rt_error *e = load_err("create table t (a int);\ncreate table t (b "
			       "int);");
	cr_expect_eq(e->line, 2);
	cr_expect_str_eq(e->msg, "relation 'public.t' already exists");
}

Test(load_sql_errors, if_not_exists_is_quiet)
{
	rt_schema *s = load("create table t (a int);\n"
			    "create table if not exists t (b int);\n"
			    "drop table if exists nope;\n"
			    "alter table if exists nope add column x int;");
	cr_expect_eq(table(s, "t")->columns.len, 1);
}

Test(load_sql_errors, unknown_column_in_constraint)
{
	rt_error *e = load_err("create table t (a int, primary key (b));");
	cr_expect_str_eq(e->msg, "column 'b' named in key does not exist");
	cr_expect_eq(e->line, 1);
	cr_expect_eq(e->col, 1);
}

Test(load_sql_errors, drop_missing_table)
{
	rt_error *e = load_err("drop table t;");
	cr_expect_str_eq(e->msg, "relation 'public.t' does not exist");
}

Test(load_sql_errors, missing_schema)
{
	rt_error *e = load_err("create table nope.t (a int);");
	cr_expect_str_eq(e->msg, "schema 'nope' does not exist");
}

Test(load_sql_errors, fk_without_unique_key)
{
	rt_error *e = load_err("create table o (a int);\n"
			       "create table t (x int references o (a));");
	cr_expect_eq(e->line, 2);
	cr_expect_not_null(strstr(e->msg, "no unique constraint"));
}

Test(load_sql_errors, on_delete_set_column_outside_the_key)
{
	rt_error *e = load_err("create table o (a int primary key);\n"
			       "create table t (x int, y int references o\n"
			       "  on delete set null (x));");
	cr_expect_eq(e->line, 2);
	cr_expect_str_eq(e->msg, "column 'x' referenced in ON DELETE SET "
				 "action must be part of foreign key");
}

Test(load_sql_errors, key_storage_parameter_given_twice)
{
	rt_error *e = load_err("create table t (a int unique\n"
			       "  with (fillfactor = 50, fillfactor = 60));");
	cr_expect_eq(e->line, 1);
	cr_expect_str_eq(e->msg,
			 "parameter 'fillfactor' specified more than once");
}

Test(load_sql_errors, unknown_collation_source)
{
	rt_error *e = load_err("create collation x from \"de_DE\";");
	cr_expect_not_null(strstr(e->msg, "not known statically"));
}

Test(load_sql_errors, meta_commands_are_skipped)
{
	rt_schema *s = load("\\set ON_ERROR_STOP on\ncreate table t (a int);\n"
			    "\\connect x\n");
	cr_expect_eq(table(s, "t")->src_line, 2);
}

Test(load_sql_errors, unreadable_file)
{
	rt_schema *s = NULL;
	cr_expect_eq(rt_load_sql_file(&s, arena, "/nonexistent/x.sql", &err),
		     -1);
	cr_expect_eq(err.code, RT_EIO);
	cr_expect_null(s);
}

Test(load_sql_errors, source_kind)
{
	rt_source_kind k;
	cr_expect_eq(rt_load_source_kind(&k, "postgres://u@h/db", &err), 0);
	cr_expect_eq(k, RT_SOURCE_PG);
	cr_expect_eq(rt_load_source_kind(&k, "postgresql://h/db", &err), 0);
	cr_expect_eq(k, RT_SOURCE_PG);
	cr_expect_eq(rt_load_source_kind(&k, "schema.sql", &err), 0);
	cr_expect_eq(k, RT_SOURCE_SQL);
	cr_expect_eq(rt_load_source_kind(&k, "schema.json", &err), 0);
	cr_expect_eq(k, RT_SOURCE_JSON);
	cr_expect_eq(rt_load_source_kind(&k, "models.py", &err), 0);
	cr_expect_eq(k, RT_SOURCE_MODELS);
	/* a dotted name is a module only when its file is here */
	cr_expect_eq(rt_load_source_kind(&k, "unit.load", &err), -1);
	cr_expect_eq(rt_load_source_kind(&k, "schema.txt", &err), -1);
	cr_expect_eq(rt_load_source_kind(&k, ".", &err), 0);
	cr_expect_eq(k, RT_SOURCE_MODELS);
	cr_expect_eq(rt_load_source_kind(&k, "app..models", &err), -1);
	cr_expect_eq(rt_load_source_kind(&k, "app.1x", &err), -1);
	cr_expect_eq(rt_load_source_kind(&k, "sqlite:///x.db", &err), 0);
	cr_expect_eq(k, RT_SOURCE_SQLITE);
	cr_expect_eq(rt_load_source_kind(&k, "mysql://x/db", &err), -1);
	cr_expect_eq(err.code, RT_EUSAGE);
	cr_expect_str_eq(err.msg,
			 "unknown source 'mysql://x/db': expected "
			 "postgres://..., postgresql://..., sqlite:///PATH, "
			 "a .sql or .json file, a migrations folder (DIR or "
			 "DIR@VERSION), or SQLModel models (a .py file, a "
			 "directory or a module name such as "
			 "app.models)");
}

Test(load_sql_errors, backslash_lines_inside_quotes_are_kept)
{
	rt_schema *s = load("create function f() returns text language sql "
			    "as $body$\n"
			    "\\ not a meta-command\n"
			    "$body$;\n"
			    "create table t (a text default 'x\n"
			    "\\y', b text default E'\\'\n"
			    "\\z');\n"
			    "\\echo done\n"
			    "create table u (c int);");
	rt_table *t = table(s, "t");
	cr_expect_not_null(strstr(column(t, "a")->default_expr->text, "\\y"));
	cr_expect_eq(table(s, "u")->src_line, 8);
}
