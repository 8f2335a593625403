/* SPDX-License-Identifier: MIT */
/* The parse taken straight from libpg_query's protobuf-c structs
 * (canon_parse.c) is the tree unpacked from its protobuf output, field
 * for field (packed, the bytes are the same), for tricky statements and
 * every statement of the test cases; it came the direct way, not through
 * a fallback; depth limits, errors and the deparser reading unpacked
 * trees behave as before. */
#include <criterion/criterion.h>

#include "base/common.h"
#include "load/load_sql_int.h"
#include "schema/canon.h"
#include "schema/canon_json.h"
#include "schema/canon_pack.h"
#include "schema/canon_parse.h"

#include <glob.h>

static void teardown(void)
{
	rt_canon_shutdown();
}

TestSuite(schema_canon_parse, .fini = teardown);

/* true when sql gives the same tree both ways, copied into the arena
 * or (held) left in libpg_query's memory */
static bool same_tree_as(const char *sql, bool held)
{
	rt_arena *a = rt_arena_new();
	bool same = false;
	const char *msg;
	int pos;
	PgQuery__ParseResult *tree;
	rt_parse_hold hold = {NULL};
	PgQueryProtobufParseResult pb = pg_query_parse_protobuf(sql);
	rt_parse_rc rc = rt_canon_parse(a, sql, RT_LOAD_DEPTH_MAX, &tree, &msg,
					&pos, held ? &hold : NULL);
	if (pb.error) {
		same = rc == RT_PARSE_ERROR &&
		       strcmp(msg, pb.error->message) == 0 &&
		       pos == pb.error->cursorpos;
		goto done;
	}
	if (rc != RT_PARSE_OK) {
		cr_log_error("rc %d", (int)rc);
		goto done;
	}
	size_t len;
	uint8_t *buf = rt_canon_pack(&len, &tree->base);
	same = len == pb.parse_tree.len &&
	       memcmp(buf, pb.parse_tree.data, len) == 0;
	free(buf);
done:
	if (!same)
		cr_log_error("differs (%s): %s", held ? "held" : "copied", sql);
	rt_canon_parse_release(&hold);
	pg_query_free_protobuf_parse_result(pb);
	rt_arena_free(a);
	return same;
}

static bool same_tree(const char *sql)
{
	return same_tree_as(sql, false) && same_tree_as(sql, true);
}

Test(schema_canon_parse, tricky_statements)
{
	static const char *const sqls[] = {
	    "create table t (a int default 0 check (a > -1.5), b text "
	    "default E'x\\n\"y\\\\ \\u00e9' collate \"C\", c bool default "
	    "false, d bit(3) default B'101', e bit(8) default x'1F')",
	    "select null, true, 1e10, -2147483648, 9223372036854775807, "
	    "'<>&'::text, 'é' as \"Wörd\", $1",
	    "create foreign table f (a int) server s options (x 'y')",
	    "create index concurrently if not exists i on only s.t using gist "
	    "(lower(a) collate \"C\" desc nulls last, (b + 1)) include (c) "
	    "where a is not null",
	    "alter table t alter column a type bigint using a::bigint, add "
	    "constraint k exclude using gist (c with &&) deferrable",
	    "create view v with (security_barrier) as with recursive r(n) as "
	    "(select 1 union all select n + 1 from r where n < 10) select * "
	    "from r, lateral (select n) x order by 1 desc limit 5",
	    "comment on column t.a is 'tab\there'; select 1; select 2",
	    "create function f(a int, out b text) returns setof record "
	    "language sql immutable as $$ select 'x' $$",
	    "select -1, - 7, 0, 5, -0, -2147483648, 2147483647",
	    "create table t (a int[], b text[][] default '{}', c int "
	    "array, d int[5] default -3, e int[0])",
	    "grant select (a, b) on t to r with grant option",
	    "-- only a comment",
	    "",
	    "create table t (a int",
	    "select 'unterminated",
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(sqls); i++)
		cr_expect(same_tree(sqls[i]), "statement %zu", i);
}

Test(schema_canon_parse, every_case_statement)
{
	glob_t g;
	size_t stmts = 0;
	cr_assert_eq(glob("cases/*/*.sql", 0, NULL, &g), 0);
	glob("data/*/*.sql", GLOB_APPEND, NULL, &g);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		FILE *f = fopen(g.gl_pathv[i], "rb");
		rt_sqlsrc src;
		rt_sqlstmt st;
		rt_error err = RT_ERROR_INIT;
		cr_assert_not_null(f);
		rt_load__src_init(&src, g.gl_pathv[i], f);
		while (rt_load__next_stmt(&src, &st, &err) > 0) {
			char *sql = rt_xmalloc(st.len + 1);
			memcpy(sql, st.text, st.len);
			sql[st.len] = '\0';
			cr_expect(same_tree(sql), "%s:%d", g.gl_pathv[i],
				  st.line);
			free(sql);
			stmts++;
		}
		rt_load__src_release(&src);
		fclose(f);
	}
	globfree(&g);
	cr_expect_gt(stmts, 1000);
}

Test(schema_canon_parse, error_place)
{
	rt_arena *a = rt_arena_new();
	PgQuery__ParseResult *tree;
	const char *msg;
	int pos;
	cr_assert_eq(rt_canon_parse(a, "select 1;\nselect frm x y z", 100,
				    &tree, &msg, &pos, NULL),
		     RT_PARSE_ERROR);
	cr_expect_null(tree);
	cr_expect_str_eq(msg, "syntax error at or near \"y\"");
	cr_expect_eq(pos, 24); /* 1-based: the "y" */
	cr_expect(rt_canon_parses("create table t (c int default 1)"));
	cr_expect_not(
	    rt_canon_parses("create table t (c int default a and b)"));
	rt_arena_free(a);
}

/* limit counts message levels below the result, as the JSON reader and
 * the loader's protobuf depth check do */
Test(schema_canon_parse, too_deep)
{
	rt_buf sql = RT_BUF_INIT;
	rt_arena *a = rt_arena_new();
	PgQuery__ParseResult *tree;
	const char *msg;
	int pos;
	bool too_deep = false;
	rt_buf_adds(&sql, "select ");
	for (int i = 0; i < 300; i++)
		rt_buf_adds(&sql, "(1 + ");
	rt_buf_adds(&sql, "1");
	for (int i = 0; i < 300; i++)
		rt_buf_adds(&sql, ")");
	PgQueryParseResult js = pg_query_parse(sql.data);
	cr_assert_null(js.error);
	/* the largest limit the JSON reader refuses, and the next */
	size_t limit = 100;
	while (!rt_canon_json_tree(a, sql.data, js.parse_tree, limit + 1,
				   &too_deep))
		limit++;
	cr_expect_eq(
	    rt_canon_parse(a, sql.data, limit, &tree, &msg, &pos, NULL),
	    RT_PARSE_TOO_DEEP);
	cr_expect_null(tree);
	cr_expect_eq(
	    rt_canon_parse(a, sql.data, limit + 1, &tree, &msg, &pos, NULL),
	    RT_PARSE_OK);
	cr_expect_not_null(tree);
	rt_parse_hold hold;
	cr_expect_eq(
	    rt_canon_parse(a, sql.data, limit, &tree, &msg, &pos, &hold),
	    RT_PARSE_TOO_DEEP);
	cr_expect_null(hold.ctx);
	cr_expect_eq(
	    rt_canon_parse(a, sql.data, limit + 1, &tree, &msg, &pos, &hold),
	    RT_PARSE_OK);
	cr_expect_not_null(hold.ctx);
	rt_canon_parse_release(&hold);
	pg_query_free_parse_result(js);
	rt_arena_free(a);
	rt_buf_release(&sql);
}

static char *deparse_packed(const PgQuery__ParseResult *tree)
{
	size_t len;
	uint8_t *buf = rt_canon_pack(&len, &tree->base);
	PgQueryProtobuf pb = {len, (char *)buf};
	PgQueryDeparseResult d = pg_query_deparse_protobuf(pb);
	free(buf);
	cr_assert_null(d.error);
	char *out = rt_xstrdup(d.query);
	pg_query_free_deparse_result(d);
	return out;
}

static char *deparse_direct(const PgQuery__ParseResult *tree)
{
	PgQueryDeparseResult d = rt_canon_deparse(tree);
	cr_assert_null(d.error);
	char *out = rt_xstrdup(d.query);
	pg_query_free_deparse_result(d);
	return out;
}

Test(schema_canon_parse, deparse_reads_the_tree)
{
	static const char *const sqls[] = {
	    "CREATE INDEX i ON s.t USING btree (lower(a) DESC, (b + 1)) "
	    "INCLUDE (c) WHERE a IS NOT NULL",
	    "SELECT -1, 'x'::text, B'101', NULL, true, $1 FROM t WHERE a IN "
	    "(1, 2) AND b LIKE 'x%'",
	    "CREATE TABLE t (a int DEFAULT nextval('s'::regclass), b "
	    "numeric(12,2)[] CHECK (b IS NOT NULL))",
	};
	rt_arena *a = rt_arena_new();
	for (size_t i = 0; i < RT_ARRAY_LEN(sqls); i++) {
		PgQuery__ParseResult *tree;
		const char *msg;
		int pos;
		cr_assert_eq(
		    rt_canon_parse(a, sqls[i], 100, &tree, &msg, &pos, NULL),
		    RT_PARSE_OK);
		char *x = deparse_packed(tree), *y = deparse_direct(tree);
		cr_expect_str_eq(y, x);
		free(x);
		free(y);
	}
	cr_expect(rt_canon_direct(), "the deparser read the tree itself");
	/* what packing would drop (a NULL string, a Node whose member is
	 * missing) is not handed over as it is */
	PgQuery__ParseResult *tree;
	const char *msg;
	int pos;
	cr_assert_eq(rt_canon_parse(a, "SELECT a, 'x' FROM t", 100, &tree, &msg,
				    &pos, NULL),
		     RT_PARSE_OK);
	PgQuery__SelectStmt *sel = tree->stmts[0]->stmt->select_stmt;
	PgQuery__ResTarget *rt = sel->target_list[0]->res_target;
	rt->val->column_ref->fields[0]->string->sval = NULL;
	sel->target_list[1]->res_target->val->a_const->sval->sval = NULL;
	char *x = deparse_packed(tree), *y = deparse_direct(tree);
	cr_expect_str_eq(y, x);
	free(x);
	free(y);
	rt_arena_free(a);
}

static bool has_field(const ProtobufCFieldDescriptor *const *f, unsigned n,
		      const char *name)
{
	for (unsigned i = 0; i < n; i++)
		if (strcmp(f[i]->name, name) == 0)
			return true;
	return false;
}

Test(schema_canon_parse, kept_fields_leave_out_locations)
{
	unsigned n;
	const ProtobufCFieldDescriptor *const *f =
	    rt_canon_kept_fields(&pg_query__column_ref__descriptor, &n);
	cr_assert_not_null(f);
	cr_expect_eq(n, pg_query__column_ref__descriptor.n_fields - 1);
	cr_expect(has_field(f, n, "fields"));
	cr_expect_not(has_field(f, n, "location"));
	f = rt_canon_kept_fields(&pg_query__raw_stmt__descriptor, &n);
	cr_assert_not_null(f);
	cr_expect_eq(n, 1u);
	cr_expect(has_field(f, n, "stmt"));
	/* every message type of pg_query.proto is known, through Node */
	for (unsigned i = 0; i < pg_query__node__descriptor.n_fields; i++) {
		const ProtobufCFieldDescriptor *nf =
		    &pg_query__node__descriptor.fields[i];
		cr_expect_not_null(rt_canon_kept_fields(nf->descriptor, &n),
				   "%s", nf->name);
	}
}

/* the loader's shortcut for constants prints what the deparser prints */
Test(schema_canon_parse, constant_text_as_deparsed)
{
	static const char *const consts[] = {
	    "0",      "-1",	   "2147483647", "-2147483647",	 "42",
	    "true",   "false",	   "'c1'",	 "''",		 "'it''s'",
	    "'a\\b'", "E'a\\\\b'", "E'x\\ny'",	 "'é ü'",	 "'{}'",
	    "'$1'",   "E'\\''",	   "'\"q\"'",	 "U&'d\\0061t'", "'  '",
	};
	rt_arena *a = rt_arena_new();
	for (size_t i = 0; i < RT_ARRAY_LEN(consts); i++) {
		char sql[64];
		snprintf(sql, sizeof(sql), "SELECT %s", consts[i]);
		PgQuery__ParseResult *tree;
		const char *msg;
		int pos;
		cr_assert_eq(
		    rt_canon_parse(a, sql, 100, &tree, &msg, &pos, NULL),
		    RT_PARSE_OK, "%s: %s", sql, msg);
		const PgQuery__Node *val =
		    tree->stmts[0]
			->stmt->select_stmt->target_list[0]
			->res_target->val;
		const char *fast = rt_load__const_text(a, val);
		cr_assert_not_null(fast, "%s", sql);
		char *slow = deparse_direct(tree);
		cr_expect_str_eq(fast, slow + strlen("SELECT "), "%s", sql);
		free(slow);
	}
	/* not a plain constant: left to the deparser */
	PgQuery__ParseResult *tree;
	const char *msg;
	int pos;
	cr_assert_eq(rt_canon_parse(a,
				    "SELECT 1.5, NULL, 'x'::text, -2147483648",
				    100, &tree, &msg, &pos, NULL),
		     RT_PARSE_OK);
	PgQuery__SelectStmt *sel = tree->stmts[0]->stmt->select_stmt;
	for (size_t i = 0; i < sel->n_target_list; i++)
		cr_expect_null(rt_load__const_text(
		    a, sel->target_list[i]->res_target->val));
	rt_arena_free(a);
}
