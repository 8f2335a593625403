/* SPDX-License-Identifier: MIT */
/*
 * Renames (diff.h, "renames"): requests parsed and checked, the SQL
 * source's "-- retort: renamed from" marks, the RENAME changes with what
 * follows them, the down migration, the plan's safety facts, and the
 * hints for renames that were not asked for. The pipeline is the one
 * cli/rename.c runs, on schemas loaded from SQL text.
 */
#include "base/common.h"
#include "diff/diff.h"
#include "load/load.h"
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

TestSuite(renames, .init = setup, .fini = teardown);

static rt_schema *load(const char *sql)
{
	rt_schema *s = NULL;
	rt_error err = RT_ERROR_INIT;

	cr_assert(rt_load_sql_text(&s, arena, "t.sql", sql, &err) == 0, "%s",
		  err.msg);
	return s;
}

/* The requests of specs (NULL-terminated), parsed. */
static rt_vec asked(const char *const *specs)
{
	rt_vec v = {0};
	for (size_t i = 0; specs && specs[i]; i++) {
		rt_rename *r = RT_NEW(arena, rt_rename);
		rt_error err = RT_ERROR_INIT;
		cr_assert(rt_rename_parse(r, arena, specs[i], &err) == 0, "%s",
			  err.msg);
		rt_vec_push(&v, arena, r);
	}
	return v;
}

static void apply(rt_schema *s, const rt_vec *renames)
{
	for (size_t i = 0; i < renames->len; i++) {
		const rt_rename *r = renames->items[i];
		rt_error err = RT_ERROR_INIT;
		cr_assert(rt_load_rename(s, r->kind, r->schema, r->table,
					 r->name, r->new_name, &err) == 0,
			  "%s", err.msg);
	}
}

/* cli/rename.c's rt_cli_diff_renamed */
static rt_vec diff_renamed(rt_schema *from, const rt_schema *to,
			   const rt_vec *renames)
{
	rt_vec changes = {0}, follow = {0};
	rt_error err = RT_ERROR_INIT;

	rt_diff_rename_changes(&changes, arena, from, to, renames);
	apply(from, renames);
	rt_diff_follow_renames(&follow, arena, from, to, renames);
	rt_diff_rename_changes(&changes, arena, from, to, &follow);
	apply(from, &follow);
	cr_assert(rt_diff(&changes, arena, from, to, &err) == 0, "%s", err.msg);
	return changes;
}

static char *render(const rt_vec *v)
{
	rt_buf b = RT_BUF_INIT;
	rt_error err = RT_ERROR_INIT;

	cr_assert(rt_render_changes(&b, arena, RT_DIALECT_PG, v, &err) == 0,
		  "%s", err.msg);
	return rt_buf_detach_arena(&b, arena);
}

/* The up migration from a to b with the requests specs. */
static char *up(const char *a, const char *b, const char *const *specs)
{
	rt_schema *from = load(a), *to = load(b);
	rt_vec req = asked(specs), renames = {0};
	rt_error err = RT_ERROR_INIT;

	cr_assert(rt_diff_renames(&renames, arena, from, to, &req, &err) == 0,
		  "%s", err.msg);
	rt_vec changes = diff_renamed(from, to, &renames);
	return render(&changes);
}

/* The down migration: b back into a, with the requests reversed. */
static char *down(const char *a, const char *b, const char *const *specs)
{
	rt_schema *from = load(a), *to = load(b);
	rt_vec req = asked(specs), renames = {0}, back = {0};
	rt_error err = RT_ERROR_INIT;

	cr_assert(rt_diff_renames(&renames, arena, from, to, &req, &err) == 0,
		  "%s", err.msg);
	rt_diff_renames_invert(&back, arena, &renames);
	rt_vec changes = diff_renamed(to, from, &back);
	return render(&changes);
}

/* rt_diff_renames's error for the requests, "" when none. */
static const char *refused(const char *a, const char *b,
			   const char *const *specs)
{
	rt_vec req = asked(specs), renames = {0};
	rt_error err = RT_ERROR_INIT;

	if (rt_diff_renames(&renames, arena, load(a), load(b), &req, &err) == 0)
		return "";
	cr_expect_eq(err.code, RT_EUSAGE);
	return rt_arena_strdup(arena, err.msg);
}

/* The hints from a to b with the requests specs, one line each. */
static char *hints(const char *a, const char *b, const char *const *specs)
{
	rt_schema *from = load(a), *to = load(b);
	rt_vec req = asked(specs), renames = {0}, h = {0};
	rt_buf out = RT_BUF_INIT;
	rt_error err = RT_ERROR_INIT;

	cr_assert(rt_diff_renames(&renames, arena, from, to, &req, &err) == 0,
		  "%s", err.msg);
	rt_diff_hints(&h, arena, from, to, &renames);
	for (size_t i = 0; i < h.len; i++) {
		rt_rename_format(&out, h.items[i]);
		rt_buf_addch(&out, '\n');
	}
	return rt_buf_detach_arena(&out, arena);
}

#define SPECS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ---- parsing ---- */

Test(renames, parse_table_and_column)
{
	rt_rename r;
	rt_error err = RT_ERROR_INIT;

	cr_assert(rt_rename_parse(&r, arena, "public.tasks=todo", &err) == 0);
	cr_expect_eq(r.kind, RT_KIND_TABLE);
	cr_expect_str_eq(r.schema, "public");
	cr_expect_null(r.table);
	cr_expect_str_eq(r.name, "tasks");
	cr_expect_str_eq(r.new_name, "todo");

	cr_assert(rt_rename_parse(&r, arena, "App.\"My \"\"T\".Title=\"New\"",
				  &err) == 0);
	cr_expect_eq(r.kind, RT_KIND_COLUMN);
	cr_expect_str_eq(r.schema, "app");
	cr_expect_str_eq(r.table, "My \"T");
	cr_expect_str_eq(r.name, "title");
	cr_expect_str_eq(r.new_name, "New");

	rt_buf b = RT_BUF_INIT;
	rt_rename_format(&b, &r);
	cr_expect_str_eq(b.data, "app.\"My \"\"T\".title=\"New\"");
	rt_buf_release(&b);
}

Test(renames, parse_malformed)
{
	const char *bad[] = {"tasks=todo",   "public.tasks",
			     "a.b.c.d=e",    "public.t.c=",
			     "public..c=d",  "=x",
			     "public.t=\"",  "public.t=a=b",
			     "public.\"t=x", ""};
	for (size_t i = 0; i < RT_ARRAY_LEN(bad); i++) {
		rt_rename r;
		rt_error err = RT_ERROR_INIT;
		cr_expect_eq(rt_rename_parse(&r, arena, bad[i], &err), -1, "%s",
			     bad[i]);
		cr_expect_eq(err.code, RT_EUSAGE, "%s", bad[i]);
		cr_expect(strstr(err.msg, "cannot read rename") != NULL);
	}
}

/* ---- explicit renames ---- */

static const char *const TASKS =
    "create table tasks (id int primary key, title text not null,"
    " done boolean not null default false,"
    " constraint title_len check (length(title) < 100));"
    "create index tasks_title_idx on tasks (lower(title));"
    "create table notes (id int primary key,"
    " task_id int references tasks (id));";

Test(renames, column_is_one_statement)
{
	const char *b =
	    "create table tasks (id int primary key, name text not null,"
	    " done boolean not null default false,"
	    " constraint title_len check (length(name) < 100));"
	    "create index tasks_title_idx on tasks (lower(name));"
	    "create table notes (id int primary key,"
	    " task_id int references tasks (id));";

	/* without the request: a drop and an add, and a hint */
	cr_expect(strstr(up(TASKS, b, NULL), "DROP COLUMN title") != NULL);
	cr_expect_str_eq(hints(TASKS, b, NULL), "public.tasks.title=name\n");
	/* asked: the check and the index follow the column */
	cr_expect_str_eq(
	    up(TASKS, b, SPECS("public.tasks.title=name")),
	    "ALTER TABLE public.tasks RENAME COLUMN title TO name;\n");
	cr_expect_str_eq(hints(TASKS, b, SPECS("public.tasks.title=name")), "");
	cr_expect_str_eq(
	    down(TASKS, b, SPECS("public.tasks.title=name")),
	    "ALTER TABLE public.tasks RENAME COLUMN name TO title;\n");
}

Test(renames, table_keeps_its_key_and_sequence)
{
	const char *a = "create table tasks (id serial primary key, v text);"
			"create table notes (id int primary key,"
			" task_id int references tasks (id));";
	const char *b = "create table todo (id serial primary key, v text);"
			"create table notes (id int primary key,"
			" task_id int references todo (id));";

	/* the foreign key follows the table; the key and the sequence
	 * named after it are renamed, never dropped */
	cr_expect_str_eq(
	    up(a, b, SPECS("public.tasks=todo")),
	    "ALTER TABLE public.tasks RENAME TO todo;\n\n"
	    "ALTER TABLE public.todo RENAME CONSTRAINT tasks_pkey TO "
	    "todo_pkey;\n\n"
	    "ALTER SEQUENCE public.tasks_id_seq RENAME TO todo_id_seq;\n");
	cr_expect_str_eq(
	    down(a, b, SPECS("public.tasks=todo")),
	    "ALTER TABLE public.todo RENAME TO tasks;\n\n"
	    "ALTER TABLE public.tasks RENAME CONSTRAINT todo_pkey TO "
	    "tasks_pkey;\n\n"
	    "ALTER SEQUENCE public.todo_id_seq RENAME TO tasks_id_seq;\n");
	/* without the request: no table of the same shape (the columns'
	 * defaults differ in the sequence's name), so no hint either way
	 * is claimed beyond the shape rule */
	cr_expect(strstr(up(a, b, NULL), "DROP TABLE public.tasks") != NULL);
}

Test(renames, table_and_column_with_index_renamed)
{
	const char *a = "create table tasks (id int primary key, title text);"
			"create index ix_tasks_title on tasks (title);";
	const char *b = "create table todo (id int primary key, name text);"
			"create index ix_todo_name on todo (name);";

	cr_expect_str_eq(
	    up(a, b, SPECS("public.tasks=todo", "public.tasks.title=name")),
	    "ALTER TABLE public.tasks RENAME COLUMN title TO name;\n\n"
	    "ALTER TABLE public.tasks RENAME TO todo;\n\n"
	    "ALTER TABLE public.todo RENAME CONSTRAINT tasks_pkey TO "
	    "todo_pkey;\n\n"
	    "ALTER INDEX public.ix_tasks_title RENAME TO ix_todo_name;\n");
	/* `diff b a` with the reversed requests */
	cr_expect_str_eq(
	    down(a, b, SPECS("public.tasks=todo", "public.tasks.title=name")),
	    "ALTER TABLE public.todo RENAME COLUMN name TO title;\n\n"
	    "ALTER TABLE public.todo RENAME TO tasks;\n\n"
	    "ALTER TABLE public.tasks RENAME CONSTRAINT todo_pkey TO "
	    "tasks_pkey;\n\n"
	    "ALTER INDEX public.ix_todo_name RENAME TO ix_tasks_title;\n");
}

Test(renames, rename_then_alter)
{
	const char *a = "create table t (id int primary key, n int not null);";
	const char *b = "create table t (id int primary key, m bigint);";

	cr_expect_str_eq(
	    up(a, b, SPECS("public.t.n=m")),
	    "ALTER TABLE public.t RENAME COLUMN n TO m;\n\n"
	    "ALTER TABLE public.t ALTER COLUMN m TYPE bigint;\n\n"
	    "ALTER TABLE public.t ALTER COLUMN m DROP NOT NULL;\n");
}

Test(renames, inverse_requests)
{
	rt_vec req = asked(SPECS("public.tasks.title=name", "public.tasks=todo",
				 "s.x.a=b")),
	       back = {0};
	rt_diff_renames_invert(&back, arena, &req);
	cr_assert_eq(back.len, 3);
	const char *want[] = {"public.todo.name=title", "public.todo=tasks",
			      "s.x.b=a"};
	for (size_t i = 0; i < 3; i++) {
		rt_buf b = RT_BUF_INIT;
		rt_rename_format(&b, back.items[i]);
		cr_expect_str_eq(b.data, want[i]);
		rt_buf_release(&b);
	}
}

Test(renames, invert_of_the_changes)
{
	const char *a = "create table t (id int primary key, n int);";
	const char *b = "create table t (id int primary key, m int);";
	rt_schema *from = load(a), *to = load(b);
	rt_vec req = asked(SPECS("public.t.n=m")), renames = {0}, inv = {0};
	rt_error err = RT_ERROR_INIT;

	cr_assert(rt_diff_renames(&renames, arena, from, to, &req, &err) == 0);
	rt_vec changes = diff_renamed(from, to, &renames);
	cr_assert_eq(changes.len, 1);
	cr_expect_str_eq(
	    rt_change_kind_name(((const rt_change *)changes.items[0])->kind),
	    "rename");
	rt_diff_invert(&inv, arena, &changes);
	cr_expect_str_eq(render(&inv),
			 "ALTER TABLE public.t RENAME COLUMN m TO n;\n");
}

Test(renames, safety_facts)
{
	const char *a = "create table t (id int primary key, n int);"
			"create index t_n on t (n);";
	const char *b = "create table u (id int primary key, m int);"
			"create index u_m on u (m);";
	rt_schema *from = load(a), *to = load(b);
	rt_vec req = asked(SPECS("public.t.n=m", "public.t=u")), renames = {0};
	rt_vec steps = {0};
	rt_error err = RT_ERROR_INIT;

	cr_assert(rt_diff_renames(&renames, arena, from, to, &req, &err) == 0);
	rt_vec changes = diff_renamed(from, to, &renames);
	cr_assert(rt_plan(&steps, arena, &changes, &err) == 0, "%s", err.msg);
	cr_assert_eq(steps.len, 4);
	const char *ops[] = {"rename_column", "rename_table",
			     "rename_constraint", "rename_index"};
	for (size_t i = 0; i < steps.len; i++) {
		const rt_step *s = steps.items[i];
		cr_expect_str_eq(rt_op_name(s->op), ops[i]);
		cr_expect(!s->rewrite && !s->scan && !s->data_loss);
		cr_expect(s->transaction_ok);
		cr_expect_eq(s->lock, i == 3 ? RT_LOCK_SHARE_UPDATE_EXCLUSIVE
					     : RT_LOCK_ACCESS_EXCLUSIVE);
	}
}

/* ---- bad requests ---- */

Test(renames, bad_requests)
{
	const char *a = "create table t (id int primary key, n int, k int);"
			"create table w (id int);";
	const char *b = "create table u (id int primary key, m int, k int);"
			"create table w (id int);";

	cr_expect_str_eq(refused(a, b, SPECS("public.nope=u")),
			 "cannot rename table 'public.nope': FROM has no such "
			 "table");
	cr_expect_str_eq(refused(a, b, SPECS("public.t=nope")),
			 "cannot rename table 'public.t' to 'nope': TO has no "
			 "table 'public.nope'");
	cr_expect_str_eq(refused(a, b, SPECS("public.t=w")),
			 "cannot rename table 'public.t' to 'w': FROM already "
			 "has a table 'public.w'");
	cr_expect_str_eq(refused(a, b, SPECS("public.t.x=m", "public.t=u")),
			 "cannot rename column 'public.t.x': FROM has no such "
			 "column");
	/* the column's new name is looked up in the renamed table */
	cr_expect_str_eq(refused(a, b, SPECS("public.t.n=m")),
			 "cannot rename column 'public.t.n' to 'm': TO has no "
			 "column 'public.t.m'");
	cr_expect_str_eq(refused(a, b, SPECS("public.t.n=m", "public.t=u")),
			 "");
	cr_expect_str_eq(refused(a, b, SPECS("public.t.n=k", "public.t=u")),
			 "cannot rename column 'public.t.n' to 'k': FROM's "
			 "table already has a column 'k'");
	cr_expect_str_eq(refused(a, b, SPECS("public.t=u", "public.t=u")),
			 "cannot rename 'public.t=u': it is already renamed to "
			 "'u'");
	cr_expect_str_eq(
	    refused(a, b, SPECS("public.t.n=m", "public.t.k=m", "public.t=u")),
	    "cannot rename column 'public.t.n' to 'm': another column is "
	    "renamed to that name");
}

/* ---- the SQL source's marks ---- */

Test(renames, marks_are_read)
{
	rt_schema *s =
	    load("create table a (x int);\n"
		 "-- retort: renamed from Old_Tasks\n"
		 "create table todo (\n"
		 "  id int,\n"
		 "  -- retort: renamed from \"Title\"\n"
		 "  name text,\n"
		 "  -- a comment, then the mark is not right before\n"
		 "  other text, -- retort: renamed from x\n"
		 "  last text\n"
		 ");\n"
		 "create table b (y int);");
	rt_table *t = rt_schema_find_table(s, "public", "todo");
	cr_assert_not_null(t);
	cr_expect_str_eq(t->renamed_from, "old_tasks");
	cr_expect_null(rt_table_find_column(t, "id")->renamed_from);
	cr_expect_str_eq(rt_table_find_column(t, "name")->renamed_from,
			 "Title");
	cr_expect_null(rt_table_find_column(t, "other")->renamed_from);
	/* the mark must be alone on the line before */
	cr_expect_null(rt_table_find_column(t, "last")->renamed_from);
	cr_expect_null(rt_schema_find_table(s, "public", "a")->renamed_from);
	cr_expect_null(rt_schema_find_table(s, "public", "b")->renamed_from);
}

Test(renames, marks_ask_for_the_rename_once)
{
	const char *a = "create table tasks (id int primary key, title text);";
	const char *b = "-- retort: renamed from tasks\n"
			"create table todo (\n"
			"  id int primary key,\n"
			"  -- retort: renamed from title\n"
			"  name text\n"
			");";
	const char *renamed = "create table tasks (id int primary key,"
			      " title text);"
			      "alter table tasks rename title to name;"
			      "alter table tasks rename to todo;"
			      "alter table todo rename constraint tasks_pkey"
			      " to todo_pkey;";

	cr_expect_str_eq(
	    up(a, b, NULL),
	    "ALTER TABLE public.tasks RENAME COLUMN title TO name;\n\n"
	    "ALTER TABLE public.tasks RENAME TO todo;\n\n"
	    "ALTER TABLE public.todo RENAME CONSTRAINT tasks_pkey TO "
	    "todo_pkey;\n");
	/* a database already renamed: nothing left to do */
	cr_expect_str_eq(up(renamed, b, NULL), "");
	/* an explicit request wins over the mark */
	cr_expect_str_eq(refused(a, b, SPECS("public.tasks.title=nope")),
			 "cannot rename column 'public.tasks.title' to "
			 "'nope': TO has no column 'public.todo.nope'");
}

/* ---- hints ---- */

Test(renames, hint_table_of_the_same_shape)
{
	const char *a = "create table old_tags (id int not null, label text);"
			"create table other (id int not null, label text);";
	const char *b = "create table tags (id int not null, label text);"
			"create table other (id int not null, label text);"
			"create table bigger (id int not null, label text,"
			" x int);";

	cr_expect_str_eq(hints(a, b, NULL), "public.old_tags=tags\n");
	/* not the same shape: a type, a NOT NULL, the order of columns */
	cr_expect_str_eq(hints("create table a (id int, v text);",
			       "create table b (id bigint, v text);", NULL),
			 "");
	cr_expect_str_eq(hints("create table a (id int, v text);",
			       "create table b (id int not null, v text);",
			       NULL),
			 "");
	cr_expect_str_eq(hints("create table a (id int, v text);",
			       "create table b (v text, id int);", NULL),
			 "");
	/* another schema is not the same shape */
	cr_expect_str_eq(hints("create table a (id int);",
			       "create schema s; create table s.b (id int);",
			       NULL),
			 "");
}

Test(renames, hint_several_candidates_all_listed)
{
	const char *a = "create table t (id int, note text);"
			"create table x1 (id int);";
	const char *b = "create table t (id int, note2 text, note3 text,"
			" n int);"
			"create table y1 (id int); create table y2 (id int);";

	/* retort does not choose: every pair is named */
	cr_expect_str_eq(hints(a, b, NULL), "public.x1=y1\n"
					    "public.x1=y2\n"
					    "public.t.note=note2\n"
					    "public.t.note=note3\n");
}

Test(renames, hint_column_needs_same_type_nullability_default)
{
	const char *a = "create table t (id int, a text default 'x');";
	cr_expect_str_eq(
	    hints(a, "create table t (id int, b text default 'x');", NULL),
	    "public.t.a=b\n");
	cr_expect_str_eq(
	    hints(a, "create table t (id int, b text default 'y');", NULL), "");
	cr_expect_str_eq(
	    hints(a, "create table t (id int, b varchar default 'x');", NULL),
	    "");
	cr_expect_str_eq(
	    hints(a, "create table t (id int, b text not null default 'x');",
		  NULL),
	    "");
}

Test(renames, hint_names_the_table_as_asked)
{
	const char *a = "create table tasks (id int, title text);";
	const char *b = "create table todo (id int, name text);";

	/* a table renamed: its column is named by the table's old name, as
	 * --rename takes it */
	cr_expect_str_eq(hints(a, b, SPECS("public.tasks=todo")),
			 "public.tasks.title=name\n");
}

Test(renames, hint_partitions_only_on_parent)
{
	const char *a = "create table p (id int, a text) partition by "
			"range (id);"
			"create table p1 partition of p for values from (0) "
			"to (10);";
	const char *b = "create table p (id int, b text) partition by "
			"range (id);"
			"create table p1 partition of p for values from (0) "
			"to (10);";
	cr_expect_str_eq(hints(a, b, NULL), "public.p.a=b\n");
}

/* ---- views follow, as PostgreSQL's follow by object id ---- */

Test(renames, views_follow_the_rename)
{
	const char *a = "create table tasks (id int primary key, title text,"
			" done bool);"
			"create view open_tasks as select id, title from tasks"
			" where not done;"
			"create view q as select tasks.id, tasks.title as t"
			" from tasks;";
	const char *b = "create table todo (id int primary key, name text,"
			" done bool);"
			"create view open_tasks as select id, name as title"
			" from todo where not done;"
			"create view q as select todo.id, todo.name as t"
			" from todo;";
	const char *renamed =
	    "ALTER TABLE public.tasks RENAME COLUMN title TO name;\n\n"
	    "ALTER TABLE public.tasks RENAME TO todo;\n\n"
	    "ALTER TABLE public.todo RENAME CONSTRAINT tasks_pkey TO "
	    "todo_pkey;\n";

	cr_expect_str_eq(
	    up(a, b, SPECS("public.tasks.title=name", "public.tasks=todo")),
	    renamed);
	cr_expect(
	    strstr(down(a, b,
			SPECS("public.tasks.title=name", "public.tasks=todo")),
		   "VIEW") == NULL);
}

Test(renames, views_the_rewrite_is_unsure_of_are_recreated)
{
	/* another table with a column of the old name, and a "*": left
	 * as they were, so the diff recreates them from the target */
	const char *a = "create table t (id int, title text);"
			"create table o (id int, title text);"
			"create view j as select t.id, o.title from t"
			" join o using (id);"
			"create view s as select * from t;";
	const char *b = "create table t (id int, name text);"
			"create table o (id int, title text);"
			"create view j as select t.id, o.title from t"
			" join o using (id);"
			"create view s as select * from t;";
	char *out = up(a, b, SPECS("public.t.title=name"));

	cr_expect(strncmp(out,
			  "ALTER TABLE public.t RENAME COLUMN title TO name;\n",
			  50) == 0,
		  "%s", out);
	cr_expect(strstr(out, "CREATE VIEW public.s") != NULL, "%s", out);
}

Test(renames, loader_views_follow_alter_rename)
{
	rt_schema *s = load("create table t (id int, title text);"
			    "create view v as select id, title from t"
			    " where title <> '';"
			    "alter table t rename column title to name;"
			    "alter table t rename to u;");
	rt_view *v = rt_schema_find_view(s, "public", "v");
	cr_assert_not_null(v);
	cr_expect_str_eq(v->query->text,
			 "SELECT id, name AS title FROM u WHERE name <> ''");
	cr_expect_eq(v->columns.len, 2);
	cr_expect_str_eq(v->columns.items[1], "title");
}
