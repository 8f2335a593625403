/* SPDX-License-Identifier: MIT */
/*
 * Migration files: the format read (sections, options, per-statement
 * markers, expectations, places), every error with its message and line,
 * and the writer's round trip parse(write(x)) == x.
 */
#include "base/common.h"
#include "migdir/migdir.h"

#include <criterion/criterion.h>

static rt_arena *A;

static void setup(void)
{
	A = rt_arena_new();
}

static void teardown(void)
{
	rt_arena_free(A);
}

TestSuite(migdir_file, .init = setup, .fini = teardown);

static rt_migration *parse_ok(const char *path, const char *text)
{
	rt_migration *m = NULL;
	rt_error err = RT_ERROR_INIT;
	int rc = rt_migdir_parse(&m, A, path, text, strlen(text), &err);
	cr_assert_eq(rc, 0, "%s: %s:%d: %s", path, err.file, err.line, err.msg);
	return m;
}

/* Parses text as path, expecting an error at line whose message holds
 * want. */
static void parse_err(const char *text, int line, const char *want)
{
	rt_migration *m = NULL;
	rt_error err = RT_ERROR_INIT;
	int rc =
	    rt_migdir_parse(&m, A, "m/0001_x.sql", text, strlen(text), &err);
	cr_assert_eq(rc, -1, "parsed, expected '%s'", want);
	cr_expect_eq(err.code, RT_EINPUT);
	cr_expect_str_eq(err.file, "m/0001_x.sql");
	cr_expect_eq(err.line, line, "line %d, expected %d: %s", err.line, line,
		     err.msg);
	cr_expect(strstr(err.msg, want), "'%s' lacks '%s'", err.msg, want);
}

static const rt_migdir_stmt *stmt(const rt_migdir_section *s, size_t i)
{
	cr_assert_lt(i, s->stmts.len);
	return s->stmts.items[i];
}

static const rt_migdir_check *check(const rt_migration *m, size_t i)
{
	cr_assert_lt(i, m->checks.len);
	return m->checks.items[i];
}

Test(migdir_file, reads_the_example_file)
{
	rt_migration *m = NULL;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(
	    rt_migdir_read(&m, A, "data/migdir/0007_add_priority.sql", &err), 0,
	    "%s", err.msg);
	cr_expect_eq(m->version, 7);
	cr_expect_str_eq(m->slug, "add_priority");
	cr_expect_str_eq(m->name, "0007_add_priority.sql");
	cr_assert_eq(m->header.len, 7);
	cr_expect_str_eq(m->header.items[0],
			 "Add a priority to tasks, and index it.");
	cr_expect_str_eq(m->header.items[1], "");
	cr_expect_str_eq(m->header.items[3],
			 "  add column public.tasks.priority (integer, not "
			 "null, default 0)");
	cr_expect(m->up.present);
	cr_expect_not(m->up.notransaction);
	cr_expect_eq(m->up.line, 9);
	cr_assert_eq(m->up.stmts.len, 2);
	cr_expect_str_eq(stmt(&m->up, 0)->sql,
			 "ALTER TABLE public.tasks ADD COLUMN priority integer "
			 "DEFAULT 0 NOT NULL");
	cr_expect_eq(stmt(&m->up, 0)->line, 10);
	cr_expect_not(stmt(&m->up, 0)->notransaction);
	cr_expect_str_eq(stmt(&m->up, 1)->sql,
			 "CREATE INDEX CONCURRENTLY tasks_priority_idx ON "
			 "public.tasks (priority)");
	cr_expect_eq(stmt(&m->up, 1)->line, 13);
	cr_expect(stmt(&m->up, 1)->notransaction);
	cr_expect(m->down.present);
	cr_expect_eq(m->down.line, 15);
	cr_assert_eq(m->down.stmts.len, 2);
	cr_expect_eq(stmt(&m->down, 1)->line, 18);
	cr_expect(m->has_validate);
	cr_expect_eq(m->validate_line, 20);
	cr_assert_eq(m->checks.len, 3);
	cr_expect_eq(check(m, 0)->expect, RT_MIGDIR_EXPECT_VALUE);
	cr_expect_str_eq(check(m, 0)->value, "integer");
	cr_expect_eq(check(m, 0)->line, 22);
	cr_expect_str_eq(check(m, 0)->sql,
			 "SELECT data_type FROM information_schema.columns\n"
			 " WHERE table_schema = 'public' AND table_name = "
			 "'tasks'\n   AND column_name = 'priority'");
	cr_expect_eq(check(m, 1)->expect, RT_MIGDIR_EXPECT_TRUE);
	cr_expect_eq(check(m, 2)->expect, RT_MIGDIR_EXPECT_ROWS);
	cr_expect_eq(check(m, 2)->rows, 0);
	cr_expect_eq(check(m, 2)->line, 30);
}

Test(migdir_file, markers_inside_quotes_and_comments_are_text)
{
	rt_migration *m = NULL;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(
	    rt_migdir_read(&m, A, "data/migdir/0008_functions.sql", &err), 0,
	    "%s:%d: %s", err.file, err.line, err.msg);
	cr_expect(m->up.notransaction);
	cr_assert_eq(m->up.stmts.len, 2);
	cr_expect(strstr(stmt(&m->up, 0)->sql, "-- +down (not a marker"));
	cr_expect(strstr(stmt(&m->up, 0)->sql, "END;\n$$"));
	cr_expect_eq(stmt(&m->up, 1)->line, 13);
	cr_expect(strstr(stmt(&m->up, 1)->sql, "updated_at;\n-- +up'"));
	cr_assert_eq(m->down.stmts.len, 1);
	cr_expect_not(m->has_validate);
}

Test(migdir_file, defaults_and_small_forms)
{
	rt_migration *m = parse_ok("0012_x.sql", "-- +up\n-- +down\n");
	cr_expect_eq(m->version, 12);
	cr_expect_eq(m->header.len, 0);
	cr_expect_eq(m->up.stmts.len, 0);
	cr_expect(m->down.present);
	/* no expectation: true; "1 row"; empty statements skipped; a last
	 * statement without ';'; CRLF line ends; comments between */
	m = parse_ok("dir/00001_y_2.sql",
		     "--head\r\n-- +up\r\nselect 1;;\r\n-- note\r\n;\r\n"
		     "-- +validate\r\nselect true;\r\n-- +expect 1 row\r\n"
		     "select 1\r\n");
	cr_expect_eq(m->version, 1);
	cr_expect_str_eq(m->slug, "y_2");
	cr_expect_str_eq(m->header.items[0], "head");
	cr_assert_eq(m->up.stmts.len, 1);
	cr_expect_str_eq(stmt(&m->up, 0)->sql, "select 1");
	cr_expect_not(m->down.present);
	cr_assert_eq(m->checks.len, 2);
	cr_expect_eq(check(m, 0)->expect, RT_MIGDIR_EXPECT_TRUE);
	cr_expect_eq(check(m, 1)->expect, RT_MIGDIR_EXPECT_ROWS);
	cr_expect_eq(check(m, 1)->rows, 1);
	cr_expect_str_eq(check(m, 1)->sql, "select 1");
	cr_expect_eq(check(m, 1)->line, 9);
	/* a byte-order mark, markers without the blank, a down section
	 * that runs outside a transaction */
	m = parse_ok("0002_z.sql", "\xef\xbb\xbf--+up\nselect 1;\n"
				   "--\t+down   notransaction\nselect 2;\n");
	cr_expect_eq(stmt(&m->up, 0)->line, 2);
	cr_expect(m->down.notransaction);
	cr_expect_not(m->up.notransaction);
}

Test(migdir_file, file_names)
{
	uint64_t v = 0;
	const char *slug = NULL;
	cr_expect(rt_migdir_parse_name(&v, &slug, A, "0001_init.sql"));
	cr_expect_eq(v, 1);
	cr_expect_str_eq(slug, "init");
	cr_expect(rt_migdir_parse_name(&v, NULL, A, "123456_a_b_9.sql"));
	cr_expect_eq(v, 123456);
	const char *bad[] = {"001_x.sql",    "0001_X.sql",
			     "0001_.sql",    "0001-x.sql",
			     "0001_x.txt",   "0001_x.sql.bak",
			     "abcd_x.sql",   "0001_a-b.sql",
			     "0001_a b.sql", "0000000000000000001_x.sql",
			     "0001x.sql",    ""};
	for (size_t i = 0; i < RT_ARRAY_LEN(bad); i++)
		cr_expect_not(rt_migdir_parse_name(&v, NULL, A, bad[i]), "%s",
			      bad[i]);
	cr_expect_str_eq(rt_migdir_file_name(A, 7, "add_priority"),
			 "0007_add_priority.sql");
	cr_expect_str_eq(rt_migdir_file_name(A, 12345, "x"), "12345_x.sql");
	cr_expect_str_eq(rt_migdir_slug(A, "Add priority to Tasks!"),
			 "add_priority_to_tasks");
	cr_expect_str_eq(rt_migdir_slug(A, "  --  "), "migration");
	cr_expect_str_eq(rt_migdir_slug(A, "é 2 ünïcode"), "2_n_code");
	cr_expect_str_eq(rt_migdir_slug(A, "a very long message that goes "
					   "on and on and on and on"),
			 "a_very_long_message_that_goes_on_and_on");
	cr_expect_str_eq(rt_migdir_slug(A, "x123456789x123456789x123456789"
					   "x123456789x123"),
			 "x123456789x123456789x123456789x123456789");
}

Test(migdir_file, error_file_name)
{
	rt_migration *m = NULL;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(
	    rt_migdir_parse(&m, A, "migrations/7_x.sql", "-- +up\n", 7, &err),
	    -1);
	cr_expect_str_eq(err.file, "migrations/7_x.sql");
	cr_expect_eq(err.line, 0);
	cr_expect_str_eq(err.msg,
			 "'7_x.sql' is not a migration file name "
			 "(NNNN_slug.sql: 4 or more digits, a slug of a-z, 0-9 "
			 "and _)");
}

Test(migdir_file, error_unknown_marker)
{
	parse_err("-- h\n-- +upp\nselect 1;\n", 2,
		  "unknown marker '-- +upp' (markers: -- +up, -- +down, -- "
		  "+validate, -- +notransaction, -- +expect)");
	parse_err("-- +up\nselect 1;\n  -- +Down\n", 3, "'-- +Down'");
	parse_err("-- +up\n-- +\n", 2, "unknown marker '-- +'");
}

Test(migdir_file, error_section_twice)
{
	parse_err("-- +up\nselect 1;\n-- +down\n-- +up\n", 4,
		  "section '-- +up' appears twice (first at line 1)");
	parse_err("-- +up\n-- +validate\n-- +validate\n", 3,
		  "section '-- +validate' appears twice (first at line 2)");
}

Test(migdir_file, error_statement_before_first_section)
{
	parse_err("-- header\n\ncreate table a (x int);\n-- +up\n", 3,
		  "statement before the first section marker ('-- +up')");
	parse_err("/* c */ select 1;\n-- +up\n", 1, "before the first section");
}

Test(migdir_file, error_no_up)
{
	rt_migration *m = NULL;
	rt_error err = RT_ERROR_INIT;
	const char *t = "-- only down\n-- +down\ndrop table a;\n";
	cr_assert_eq(rt_migdir_parse(&m, A, "0003_d.sql", t, strlen(t), &err),
		     -1);
	cr_expect_str_eq(err.msg, "no '-- +up' section (sections: -- +up, -- "
				  "+down, -- +validate)");
	cr_expect_str_eq(err.file, "0003_d.sql");
	cr_expect_eq(err.line, 0);
	parse_err("", 0, "no '-- +up' section");
}

Test(migdir_file, error_options)
{
	parse_err("-- +up notx\n", 1,
		  "unknown option 'notx' after '-- +up' (options: "
		  "notransaction)");
	parse_err("-- +up\n-- +down notransaction x\n", 2,
		  "unknown option 'x' after '-- +down'");
	parse_err("-- +up\n-- +validate notransaction\n", 2,
		  "'-- +validate' takes no options, found 'notransaction'");
	parse_err("-- +up\n-- +notransaction now\nselect 1;\n", 2,
		  "'-- +notransaction' takes no options, found 'now'");
}

Test(migdir_file, error_notransaction_misplaced)
{
	parse_err("-- +notransaction\n-- +up\n", 1,
		  "'-- +notransaction' marks a statement of '-- +up' or '-- "
		  "+down', not of the header");
	parse_err("-- +up\n-- +validate\n-- +notransaction\nselect true;\n", 3,
		  "not of '-- +validate'");
	parse_err("-- +up\n-- +notransaction\n-- +notransaction\nselect 1;\n",
		  3,
		  "'-- +notransaction' twice before one statement (first "
		  "at line 2)");
	parse_err("-- +up\nselect 1;\n-- +notransaction\n", 3,
		  "'-- +notransaction' is not followed by a statement of its "
		  "section");
	parse_err("-- +up\n-- +notransaction\n-- +down\nselect 1;\n", 2,
		  "is not followed by a statement");
}

Test(migdir_file, error_expectations)
{
	parse_err("-- +up\n-- +expect true\nselect true;\n", 2,
		  "'-- +expect' belongs in '-- +validate', before a query");
	parse_err("-- +up\n-- +validate\n-- +expect true\n-- +expect 1 row\n"
		  "select 1;\n",
		  4,
		  "two '-- +expect' lines before one query (first at line "
		  "3)");
	parse_err("-- +up\n-- +validate\n-- +expect 1 row\n", 3,
		  "'-- +expect' is not followed by a query of its section");
	const char *bad[] = {"-- +expect",
			     "-- +expect yes",
			     "-- +expect 2",
			     "-- +expect 2 lines",
			     "-- +expect true false",
			     "-- +expect value   ",
			     "-- +expect 1 rows x",
			     "-- +expect -1 rows"};
	for (size_t i = 0; i < RT_ARRAY_LEN(bad); i++) {
		char *t = rt_arena_printf(A,
					  "-- +up\n-- +validate\n%s\nselect "
					  "1;\n",
					  bad[i]);
		parse_err(t, 3, "malformed expectation '");
		parse_err(t, 3,
			  "(expected '-- +expect true', '-- +expect N rows' or "
			  "'-- +expect value TEXT')");
	}
}

Test(migdir_file, error_marker_places)
{
	parse_err("-- +up\nselect 1; -- +down\nselect 2;\n", 2,
		  "marker '-- +down' must be on a line of its own");
	parse_err("-- +up\ncreate table a (x int)\n\n-- +down\ndrop table a;\n",
		  4,
		  "marker '-- +down' inside the statement that starts at line "
		  "2 (a ';' missing before it?)");
}

Test(migdir_file, error_statement_never_ends)
{
	const char *want = "the statement that starts at line 3 never ends: an "
			   "unclosed quote, comment or parenthesis";
	parse_err("-- +up\nselect 1;\nselect 'abc;\n-- +down\n", 3, want);
	parse_err("-- +up\nselect 1;\nselect $$abc;\n", 3, want);
	parse_err("-- +up\nselect 1;\nselect 1 /* abc;\n", 3, want);
	parse_err("-- +up\nselect 1;\ncreate table a (x int;\n", 3, want);
	/* a comment left open after the last statement is harmless */
	parse_ok("0001_x.sql", "-- +up\nselect 1;\n/* abc\n");
}

Test(migdir_file, error_input_bytes)
{
	parse_err("-- +up\n\\i other.sql\nselect 1;\n", 2,
		  "psql meta-command lines (a backslash starting a line) have "
		  "no place in a migration");
	/* found by the fuzzer: after a ';' on the same line */
	parse_err("-- +up\nselect 1; \\gset\n", 2,
		  "psql meta-command lines (a backslash starting a line)");
	rt_migration *m = NULL;
	rt_error err = RT_ERROR_INIT;
	const char t[] = "-- +up\nselect '\0';\n";
	cr_assert_eq(
	    rt_migdir_parse(&m, A, "0001_x.sql", t, sizeof(t) - 1, &err), -1);
	cr_expect_eq(err.line, 2);
	cr_expect(strstr(err.msg, "NUL byte"), "%s", err.msg);
	cr_assert_eq(rt_migdir_read(&m, A, "data/migdir", &err), -1);
	cr_expect_eq(err.code, RT_EIO);
	cr_expect_str_eq(err.msg, "cannot read 'data/migdir': Is a directory");
	cr_assert_eq(rt_migdir_read(&m, A, "data/migdir/0404_none.sql", &err),
		     -1);
	cr_expect_eq(err.code, RT_EIO);
	cr_expect(strstr(err.msg, "cannot open 'data/migdir/0404_none.sql'"));
}

/* ---- writing ----------------------------------------------------------- */

static rt_migdir_stmt *mk_stmt(const char *sql, bool notx)
{
	rt_migdir_stmt *s = RT_NEW(A, rt_migdir_stmt);
	s->sql = sql;
	s->notransaction = notx;
	return s;
}

static rt_migdir_check *mk_check(const char *sql, rt_migdir_expect e,
				 uint64_t rows, const char *value)
{
	rt_migdir_check *c = RT_NEW(A, rt_migdir_check);
	c->sql = sql;
	c->expect = e;
	c->rows = rows;
	c->value = value;
	return c;
}

static rt_migration *sample(void)
{
	rt_migration *m = RT_NEW(A, rt_migration);
	m->version = 42;
	m->slug = "sample";
	m->name = "0042_sample.sql";
	const char *header[] = {"What changes:", "",
				"  indented",	 "-- dashes",
				"tabs\tinside",	 "trailing  "};
	for (size_t i = 0; i < RT_ARRAY_LEN(header); i++)
		rt_vec_push(&m->header, A, (void *)header[i]);
	m->up.present = true;
	rt_vec_push(
	    &m->up.stmts, A,
	    mk_stmt("CREATE TABLE a (\n  x int, -- the key\n  y text\n)",
		    false));
	rt_vec_push(&m->up.stmts, A,
		    mk_stmt("CREATE INDEX CONCURRENTLY a_y ON a (y)", true));
	rt_vec_push(&m->up.stmts, A,
		    mk_stmt("CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql "
			    "AS $$\nBEGIN\n-- +down\n  RETURN 1;\nEND;\n$$",
			    false));
	rt_vec_push(&m->up.stmts, A,
		    mk_stmt("INSERT INTO a VALUES (1, 'a;b') -- a line comment",
			    false));
	rt_vec_push(&m->up.stmts, A, mk_stmt("SELECT 1 /* block */", true));
	m->down.present = true;
	m->down.notransaction = true;
	rt_vec_push(&m->down.stmts, A, mk_stmt("DROP TABLE a", false));
	m->has_validate = true;
	rt_vec_push(&m->checks, A,
		    mk_check("SELECT count(*) = 0 FROM a",
			     RT_MIGDIR_EXPECT_TRUE, 0, NULL));
	rt_vec_push(
	    &m->checks, A,
	    mk_check("SELECT * FROM a", RT_MIGDIR_EXPECT_ROWS, 1, NULL));
	rt_vec_push(&m->checks, A,
		    mk_check("SELECT * FROM a -- all", RT_MIGDIR_EXPECT_ROWS,
			     12, NULL));
	rt_vec_push(&m->checks, A,
		    mk_check("SELECT data_type FROM information_schema.columns",
			     RT_MIGDIR_EXPECT_VALUE, 0,
			     "character varying(20)"));
	return m;
}

static void expect_same_section(const rt_migdir_section *a,
				const rt_migdir_section *b)
{
	cr_expect_eq(a->present, b->present);
	cr_expect_eq(a->notransaction, b->notransaction);
	cr_assert_eq(a->stmts.len, b->stmts.len);
	for (size_t i = 0; i < a->stmts.len; i++) {
		const rt_migdir_stmt *x = a->stmts.items[i];
		const rt_migdir_stmt *y = b->stmts.items[i];
		cr_expect_str_eq(x->sql, y->sql);
		cr_expect_eq(x->notransaction, y->notransaction);
	}
}

/* parse(write(m)) == m, and writing again gives the same bytes. */
static void round_trip(const rt_migration *m)
{
	rt_buf text = RT_BUF_INIT, again = RT_BUF_INIT;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_migdir_write(&text, m, &err), 0, "%s", err.msg);
	rt_migration *r = NULL;
	char *path = rt_arena_printf(A, "m/%s", m->name);
	cr_assert_eq(rt_migdir_parse(&r, A, path, text.data, text.len, &err), 0,
		     "%s:%d: %s\n%s", err.file, err.line, err.msg, text.data);
	cr_expect_eq(r->version, m->version);
	cr_expect_str_eq(r->slug, m->slug);
	cr_expect_str_eq(r->name, m->name);
	cr_assert_eq(r->header.len, m->header.len);
	for (size_t i = 0; i < m->header.len; i++)
		cr_expect_str_eq(r->header.items[i], m->header.items[i]);
	expect_same_section(&r->up, &m->up);
	expect_same_section(&r->down, &m->down);
	cr_expect_eq(r->has_validate, m->has_validate);
	cr_assert_eq(r->checks.len, m->checks.len);
	for (size_t i = 0; i < m->checks.len; i++) {
		const rt_migdir_check *x = r->checks.items[i];
		const rt_migdir_check *y = m->checks.items[i];
		cr_expect_str_eq(x->sql, y->sql);
		cr_expect_eq(x->expect, y->expect);
		if (y->expect == RT_MIGDIR_EXPECT_ROWS)
			cr_expect_eq(x->rows, y->rows);
		if (y->expect == RT_MIGDIR_EXPECT_VALUE)
			cr_expect_str_eq(x->value, y->value);
	}
	/* the lines point at the statements in the written text */
	for (size_t i = 0; i < r->up.stmts.len; i++) {
		const rt_migdir_stmt *s = r->up.stmts.items[i];
		const char *p = text.data;
		for (int l = 1; l < s->line; l++)
			p = strchr(p, '\n') + 1;
		cr_expect_eq(strncmp(p, s->sql, strlen(s->sql)), 0);
	}
	cr_assert_eq(rt_migdir_write(&again, r, &err), 0);
	cr_expect_str_eq(again.data, text.data);
	rt_buf_release(&text);
	rt_buf_release(&again);
}

Test(migdir_file, write_round_trip)
{
	rt_migration *m = sample();
	round_trip(m);
	rt_buf text = RT_BUF_INIT;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_migdir_write(&text, m, &err), 0);
	/* the layout a reviewer sees */
	const char *head = "-- What changes:\n--\n--   indented\n-- -- "
			   "dashes\n-- tabs\tinside\n-- trailing  \n\n-- +up\n";
	cr_expect(strncmp(text.data, head, strlen(head)) == 0, "%s", text.data);
	cr_expect(strstr(text.data, "\n\n-- +up\nCREATE TABLE a (\n"));
	cr_expect(strstr(text.data, "\n\n-- +notransaction\nCREATE INDEX "
				    "CONCURRENTLY a_y ON a (y);\n"));
	cr_expect(strstr(text.data, "-- a line comment\n;\n"));
	cr_expect(strstr(text.data, "\n-- +down notransaction\nDROP TABLE "
				    "a;\n"));
	cr_expect(strstr(text.data, "-- +expect 1 row\nSELECT * FROM a;\n"));
	cr_expect(strstr(text.data, "-- +expect 12 rows\n"));
	cr_expect(
	    strstr(text.data, "-- +expect value character varying(20)\n"));
	rt_buf_release(&text);
}

Test(migdir_file, write_round_trip_small_and_files)
{
	rt_migration *m = RT_NEW(A, rt_migration);
	m->version = 1;
	m->slug = "empty";
	m->name = "0001_empty.sql";
	m->up.present = true;
	round_trip(m);
	m->has_validate = true;
	round_trip(m);
	/* found by the fuzzer: a byte-order mark starting a statement
	 * (not the file) is part of it, and is written back so */
	const char *t = "-- +up\n\xef\xbb\xbfSELECT 1;\n";
	rt_error e = RT_ERROR_INIT;
	cr_assert_eq(rt_migdir_parse(&m, A, "0001_empty.sql", t, strlen(t), &e),
		     0);
	cr_expect_str_eq(stmt(&m->up, 0)->sql, "\xef\xbb\xbfSELECT 1");
	round_trip(m);
	/* the example files, written back, read back equal */
	const char *files[] = {"data/migdir/0007_add_priority.sql",
			       "data/migdir/0008_functions.sql"};
	for (size_t i = 0; i < RT_ARRAY_LEN(files); i++) {
		rt_error err = RT_ERROR_INIT;
		cr_assert_eq(rt_migdir_read(&m, A, files[i], &err), 0);
		round_trip(m);
	}
}

static void write_err(const rt_migration *m, const char *want)
{
	rt_buf text = RT_BUF_INIT;
	rt_error err = RT_ERROR_INIT;
	cr_expect_eq(rt_migdir_write(&text, m, &err), -1, "wrote, expected %s",
		     want);
	cr_expect_eq(err.code, RT_EINPUT);
	cr_expect(strstr(err.msg, want), "'%s' lacks '%s'", err.msg, want);
	rt_buf_release(&text);
}

Test(migdir_file, write_refuses_what_would_not_read_back)
{
	rt_migration *m = sample();
	m->up.present = false;
	write_err(m, "a migration needs its '-- +up' section");
	m = sample();
	m->header.items[1] = (void *)"two\nlines";
	write_err(m, "header line 2 holds a line break");
	m->header.items[1] = (void *)" +up";
	write_err(m, "header line 2 would read as a marker");
	m->header.items[1] = (void *)"ends in CR\r";
	write_err(m, "header line 2 holds a line break");
	m = sample();
	m->header.items[1] = (void *)"a CR\rinside";
	round_trip(m);
	const char *bad[] = {"",
			     "SELECT 1; SELECT 2",
			     "SELECT 1;",
			     " SELECT 1",
			     "SELECT 1\n",
			     "-- comment\nSELECT 1",
			     "/* c */ SELECT 1",
			     "SELECT 'unclosed",
			     "SELECT 1 /* unclosed",
			     "SELECT 1\n-- +down\n",
			     "SELECT 1\n-- +down\nSELECT 2",
			     "SELECT 1\n\\i x.sql\nSELECT 2"};
	for (size_t i = 0; i < RT_ARRAY_LEN(bad); i++) {
		m = sample();
		m->down.stmts.items[0] = mk_stmt(bad[i], false);
		write_err(m, "statement 1 of '-- +down' cannot be written as "
			     "one statement");
	}
	m = sample();
	((rt_migdir_check *)m->checks.items[3])->value = " padded";
	write_err(m, "query 4 of '-- +validate': the expected value");
	((rt_migdir_check *)m->checks.items[3])->value = "";
	write_err(m, "query 4 of '-- +validate'");
	((rt_migdir_check *)m->checks.items[3])->value = "a\nb";
	write_err(m, "query 4 of '-- +validate'");
}

Test(migdir_file, statements_know_their_column)
{
	rt_migration *m =
	    parse_ok("0001_a.sql", "-- +up\n"
				   "CREATE TABLE a (x int);\n"
				   "  /* é */ CREATE TABLE b (x int); "
				   "CREATE TABLE c (x int);\n"
				   "/* two\n"
				   "   lines */ CREATE TABLE d (x int);\n");
	cr_assert_eq(m->up.stmts.len, 4);
	cr_expect_eq(stmt(&m->up, 0)->line, 2);
	cr_expect_eq(stmt(&m->up, 0)->col, 1);
	cr_expect_eq(stmt(&m->up, 1)->line, 3);
	cr_expect_eq(stmt(&m->up, 1)->col, 11);
	cr_expect_eq(stmt(&m->up, 2)->line, 3);
	cr_expect_eq(stmt(&m->up, 2)->col, 35);
	cr_expect_eq(stmt(&m->up, 3)->line, 5);
	cr_expect_eq(stmt(&m->up, 3)->col, 13);
}

/* A section is checked in one split (all_read_back) and one by one only
 * when that finds a statement that does not end at its ';': the tails and
 * the statement named are those of the one-by-one check. */
Test(migdir_file, write_checks_a_section_whole_then_one_by_one)
{
	rt_migration *m = RT_NEW(A, rt_migration);
	rt_buf text = RT_BUF_INIT;
	rt_error err = RT_ERROR_INIT;
	m->version = 1;
	m->slug = "s";
	m->name = "0001_s.sql";
	m->up.present = true;
	const char *fine[] = {"SELECT 1", "SELECT $a$;$a$", "SELECT ';'",
			      "SELECT 2"};
	for (size_t i = 0; i < RT_ARRAY_LEN(fine); i++)
		rt_vec_push(&m->up.stmts, A, mk_stmt(fine[i], false));
	cr_assert_eq(rt_migdir_write(&text, m, &err), 0, "%s", err.msg);
	cr_expect_str_eq(text.data, "-- +up\nSELECT 1;\n\nSELECT $a$;$a$;\n\n"
				    "SELECT ';';\n\nSELECT 2;\n");
	round_trip(m);
	/* a line comment at the end: that statement alone takes "\n;" */
	m->up.stmts.items[1] = mk_stmt("SELECT 2 -- note", false);
	rt_buf_reset(&text);
	cr_assert_eq(rt_migdir_write(&text, m, &err), 0, "%s", err.msg);
	cr_expect_str_eq(text.data, "-- +up\nSELECT 1;\n\nSELECT 2 -- note\n;"
				    "\n\nSELECT ';';\n\nSELECT 2;\n");
	round_trip(m);
	/* a dollar quote the next statement would close: the second is
	 * refused, not the pair read as one */
	m->up.stmts.items[1] = mk_stmt("SELECT $a$ x", false);
	m->up.stmts.items[2] = mk_stmt("SELECT $a$", false);
	write_err(m, "statement 2 of '-- +up' cannot be written as one "
		     "statement");
	m->up.stmts.items[1] = mk_stmt("SELECT 1", false);
	m->up.stmts.items[2] = mk_stmt("SELECT ';'", false);
	m->up.stmts.items[3] = mk_stmt("SELECT 'a", false);
	write_err(m, "statement 4 of '-- +up' cannot be written as one "
		     "statement");
	/* the plain statements found without the splitter, and what looks
	 * plain but is not */
	const char *good[] = {
	    "SELECT 1)", "SELECT 'a;b', \"c\"\"d\", 'it''s', E'x'",
	    "SELECT trim(upper(type) || CASE WHEN \"notnull\" THEN ' NOT "
	    "NULL' ELSE ' NULL' END) FROM pragma_table_xinfo('t', 'main')",
	    "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC "
	    "SELECT 1; END",
	    "SELECT 'begin'"};
	for (size_t i = 0; i < RT_ARRAY_LEN(good); i++) {
		m->up.stmts.items[3] = mk_stmt(good[i], false);
		rt_buf_reset(&text);
		cr_assert_eq(rt_migdir_write(&text, m, &err), 0, "%s: %s",
			     good[i], err.msg);
		cr_expect(
		    strstr(text.data, rt_arena_printf(A, "\n%s;\n", good[i])),
		    "%s", text.data);
		round_trip(m);
	}
	const char *bad[] = {
	    "SELECT (1", "SELECT 'a''", "SELECT \"a", "SELECT E'\\'",
	    "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC "
	    "SELECT 1"};
	for (size_t i = 0; i < RT_ARRAY_LEN(bad); i++) {
		m->up.stmts.items[3] = mk_stmt(bad[i], false);
		write_err(m, "statement 4 of '-- +up' cannot be written as one "
			     "statement");
	}
	rt_buf_release(&text);
}
