/* SPDX-License-Identifier: MIT */
/*
 * SQL loader on hostile input (what a mutation fuzzer found): deep nesting,
 * NUL bytes, a byte-order mark, huge statements, and statements split
 * across the reader's chunks.
 */
#include "test_sql_helpers.h"
#include "base/buf.h"

#include <unistd.h>

TestSuite(load_sql_hostile, .init = setup, .fini = teardown);

/* head, n copies of unit, then tail, in a new malloc'd string */
static char *repeat(const char *head, const char *unit, size_t n,
		    const char *tail)
{
	rt_buf b = RT_BUF_INIT;
	rt_buf_adds(&b, head);
	for (size_t i = 0; i < n; i++)
		rt_buf_adds(&b, unit);
	rt_buf_adds(&b, tail);
	return rt_buf_detach(&b);
}

static void expect_nested_error(const char *head, const char *unit, size_t n,
				const char *tail, int line)
{
	char *sql = repeat(head, unit, n, tail);
	rt_error *e = load_err(sql);
	free(sql);
	cr_expect_eq(e->code, RT_EINPUT);
	cr_expect_str_eq(e->file, "t.sql");
	cr_expect_eq(e->line, line);
	cr_expect_eq(e->col, 1);
	cr_expect(strstr(e->msg, "nested too deeply") != NULL, "%s", e->msg);
}

Test(load_sql_hostile, deep_sum_is_an_error)
{
	/* used to overflow the stack while the parse tree was unpacked */
	expect_nested_error("create table a (x int);\n"
			    "create table t (a int default ",
			    "1 + ", 6000, "1);", 2);
}

Test(load_sql_hostile, deep_subselects_are_an_error)
{
	char *sql =
	    repeat("create table t (a int default ", "(select ", 1500, "1");
	char *all = repeat(sql, ")", 1500, ");");
	rt_error *e = load_err(all);
	free(sql);
	free(all);
	cr_expect_eq(e->line, 1);
	cr_expect(strstr(e->msg, "nested too deeply") != NULL, "%s", e->msg);
}

Test(load_sql_hostile, deep_not_is_an_error)
{
	expect_nested_error("\n\ncreate table t (a bool check (", "not ", 5000,
			    "a));", 3);
}

Test(load_sql_hostile, very_long_sum_is_an_error_before_parsing)
{
	/* 40,000 terms: the parser itself would overflow the stack */
	expect_nested_error("create table t (a int default ", "1+", 40000,
			    "1);", 1);
}

Test(load_sql_hostile, nesting_below_the_limit_loads)
{
	char *sql = repeat("create table t (a int default ", "1 + ", 800,
			   "1, b bool check (");
	char *all = repeat(sql, "not ", 800, "b));");
	rt_schema *s = load(all);
	free(sql);
	free(all);
	cr_expect_not_null(column(table(s, "t"), "a")->default_expr);
}

Test(load_sql_hostile, long_flat_lists_load)
{
	/* a long list is wide, not deep: no limit applies */
	char *sql = repeat("create table t (a int check (a in (0", ", 1", 30000,
			   ")));");
	rt_schema *s = load(sql);
	free(sql);
	cr_expect_eq(table(s, "t")->constraints.len, 1);
}

/* Writes data[0..n) to a temporary file; returns its path (static). */
static const char *tmp_file(const void *data, size_t n)
{
	static char path[64];
	snprintf(path, sizeof(path), "/tmp/rt-hostile-XXXXXX");
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, data, n), (ssize_t)n);
	close(fd);
	return path;
}

static rt_error *load_file_err(const void *data, size_t n)
{
	rt_schema *s = NULL;
	const char *path = tmp_file(data, n);
	int rc = rt_load_sql_file(&s, arena, path, &err);
	unlink(path);
	cr_assert_eq(rc, -1, "load should have failed");
	cr_expect_str_eq(err.file, path);
	return &err;
}

Test(load_sql_hostile, nul_byte_has_a_place)
{
	static const char sql[] = "create table a (x int);\n"
				  "create table b (\0 x int);\n";
	rt_error *e = load_file_err(sql, sizeof(sql) - 1);
	cr_expect_eq(e->code, RT_EINPUT);
	cr_expect_eq(e->line, 2);
	cr_expect_eq(e->col, 17);
	cr_expect(strstr(e->msg, "NUL byte") != NULL, "%s", e->msg);
}

Test(load_sql_hostile, nul_byte_after_a_backslash_escape)
{
	/* found by the migration-file fuzzer: E'..\<NUL>' slipped through */
	static const char sql[] = "select E'a\\\0';\n";
	rt_error *e = load_file_err(sql, sizeof(sql) - 1);
	cr_expect_eq(e->code, RT_EINPUT);
	cr_expect_eq(e->line, 1);
	cr_expect_eq(e->col, 12);
	cr_expect(strstr(e->msg, "NUL byte") != NULL, "%s", e->msg);
}

Test(load_sql_hostile, nul_byte_in_a_literal_far_in)
{
	/* past the first read of 64 KiB, inside a string */
	rt_buf b = RT_BUF_INIT;
	for (int i = 0; i < 3000; i++)
		rt_buf_addf(&b, "comment on schema public is 'line %d';\n", i);
	rt_buf_adds(&b, "comment on schema public is 'a");
	rt_buf_addch(&b, '\0');
	rt_buf_adds(&b, "b';\n");
	rt_error *e = load_file_err(b.data, b.len);
	rt_buf_release(&b);
	cr_expect_eq(e->line, 3001);
	cr_expect_eq(e->col, 31);
}

Test(load_sql_hostile, byte_order_mark_is_skipped)
{
	rt_schema *s = load("\xef\xbb\xbf"
			    "create table a (x int);");
	cr_expect_not_null(table(s, "a"));
	/* and columns count from after it */
	rt_error *e = load_err("\xef\xbb\xbf"
			       "create tabel a (x int);");
	cr_expect_eq(e->line, 1);
	cr_expect_eq(e->col, 8);
}

Test(load_sql_hostile, byte_order_mark_in_a_file)
{
	static const char sql[] = "\xef\xbb\xbf"
				  "create table a (x int);\n";
	rt_schema *s = NULL;
	const char *path = tmp_file(sql, sizeof(sql) - 1);
	int rc = rt_load_sql_file(&s, arena, path, &err);
	unlink(path);
	cr_assert_eq(rc, 0, "%s", err.msg);
	cr_expect_not_null(table(s, "a"));
}

Test(load_sql_hostile, statement_too_long)
{
	size_t n = (RT_LOAD_STMT_MAX / 2) + 10;
	char *sql =
	    repeat("create table a (x int);\n\n  comment on table a is ", "'' ",
		   n, "");
	rt_error *e = load_err(sql);
	free(sql);
	cr_expect_eq(e->line, 3);
	cr_expect_eq(e->col, 3);
	cr_expect(strstr(e->msg, "statement longer than") != NULL, "%s",
		  e->msg);
}

/* Statements that contain ';' in every form psql knows: one statement
 * each, so the split must not cut them. */
static const char *const tricky[] = {
    "comment on table a is 'x;y';",
    "comment on table a is E'x\\';y';",
    "comment on table a is e'\\\\';",
    "comment on table a is $$x;y$$;",
    "comment on table a is $t$x;$$;y$t$;",
    "comment on table a is 'x'/* ; */;",
    "comment on table a is /* /* ; */ ; */ 'x';",
    "comment on table a is -- ;\n 'x';",
    "create table \"b;c\" (x int);",
    "create function f() returns int language sql begin atomic select 1; "
    "select case when true then 2 end; end;",
    "create or replace procedure p() language sql begin atomic "
    "insert into a values (1); end;",
    "create rule r as on insert to a do also (notify x; notify y);",
    "select U&'x;y', B'101', X'ff', N'x;y';",
};

Test(load_sql_hostile, split_respects_quotes_and_bodies)
{
	rt_buf b = RT_BUF_INIT;
	rt_buf_adds(&b, "create table a (x int);\n");
	for (size_t i = 0; i < RT_ARRAY_LEN(tricky); i++)
		rt_buf_addf(&b, "%s\n", tricky[i]);
	rt_buf_adds(&b, "create tabel z (x int);\n");
	rt_error *e = load_err(b.data);
	/* the error is at the right line: nothing was split wrongly
	 * (a wrong split is a syntax error earlier) */
	cr_expect(strstr(e->msg, "\"tabel\"") != NULL, "%s", e->msg);
	int lines = 2;
	for (const char *p = b.data; *p; p++)
		lines += *p == '\n';
	cr_expect_eq(e->line, lines - 2, "line %d, expected %d", e->line,
		     lines - 2);
	rt_buf_release(&b);
}

/* Each tricky statement placed so that it straddles the reader's 64 KiB
 * chunk at every offset around the boundary. */
Test(load_sql_hostile, split_across_read_chunks)
{
	for (size_t t = 0; t < RT_ARRAY_LEN(tricky); t++) {
		size_t len = strlen(tricky[t]);
		for (size_t cut = 0; cut <= len; cut += 1 + len / 12) {
			rt_buf b = RT_BUF_INIT;
			rt_buf_adds(&b, "create table a (x int);\n-- ");
			while (b.len < 65536 - cut - 1)
				rt_buf_addch(&b, 'x');
			rt_buf_addch(&b, '\n');
			rt_buf_addf(&b, "%s\ncreate table z (x int);\n",
				    tricky[t]);
			rt_schema *s = NULL;
			const char *path = tmp_file(b.data, b.len);
			int rc = rt_load_sql_file(&s, arena, path, &err);
			unlink(path);
			cr_assert_eq(rc, 0, "%s cut %zu: %d:%d: %s", tricky[t],
				     cut, err.line, err.col, err.msg);
			cr_assert_not_null(
			    rt_schema_find_table(s, "public", "z"));
			rt_buf_release(&b);
		}
	}
}

Test(load_sql_hostile, error_place_after_many_pieces)
{
	rt_buf b = RT_BUF_INIT;
	rt_buf_adds(&b, "create table a (x int);");
	for (int i = 0; i < 5000; i++)
		rt_buf_adds(&b, " comment on table a is 'é\n';");
	rt_buf_adds(&b, "\n  alter table nope add column y int;");
	rt_error *e = load_err(b.data);
	rt_buf_release(&b);
	cr_expect_eq(e->line, 5002);
	cr_expect_eq(e->col, 3);
}

Test(load_sql_hostile, stream_from_memory)
{
	static char sql[] = "create table a (x int);\ncreate tabel b (y int);";
	FILE *f = fmemopen(sql, strlen(sql), "r");
	rt_schema *s = NULL;
	cr_assert_not_null(f);
	int rc = rt_load_sql_stream(&s, arena, "<stdin>", f, &err);
	fclose(f);
	cr_assert_eq(rc, -1);
	cr_expect_str_eq(err.file, "<stdin>");
	cr_expect_eq(err.line, 2);
	cr_expect_eq(err.col, 8);
}
