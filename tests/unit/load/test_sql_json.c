/* SPDX-License-Identifier: MIT */
/* SQL loader: the tree read from libpg_query's JSON output is the tree
 * unpacked from its protobuf output, field for field (packed again, the
 * bytes are the same), for tricky statements and every statement of the
 * test cases. */
#include <criterion/criterion.h>

#include "base/common.h"
#include "load/load_sql_int.h"
#include "schema/canon_pack.h"

#include <glob.h>

static void *arena_alloc(void *data, size_t n)
{
	return rt_arena_alloc(data, n);
}

static void arena_nofree(void *data, void *p)
{
	(void)data;
	(void)p;
}

/* true when sql (one or more statements) gives the same tree both ways,
 * and rt_canon_pack packs it as protobuf-c does */
static bool same_tree(const char *sql)
{
	rt_arena *a = rt_arena_new();
	bool too_deep = false, same = false;
	PgQueryProtobufParseResult pb = pg_query_parse_protobuf(sql);
	PgQueryParseResult js = pg_query_parse(sql);
	if (pb.error || js.error) {
		same = pb.error && js.error; /* not for this test */
		goto done;
	}
	/* rt_canon_pack writes the bytes protobuf-c writes */
	ProtobufCAllocator alloc = {arena_alloc, arena_nofree, a};
	PgQuery__ParseResult *unpacked = pg_query__parse_result__unpack(
	    &alloc, pb.parse_tree.len, (const uint8_t *)pb.parse_tree.data);
	size_t plen;
	uint8_t *packed = rt_canon_pack(&plen, &unpacked->base);
	bool pack_same = plen == pb.parse_tree.len &&
			 memcmp(packed, pb.parse_tree.data, plen) == 0;
	free(packed);
	if (!pack_same) {
		cr_log_error("rt_canon_pack differs");
		goto done;
	}
	PgQuery__ParseResult *tree = rt_canon_json_tree(
	    a, sql, js.parse_tree, RT_LOAD_DEPTH_MAX, &too_deep);
	if (!tree) { /* unsure: the loader parses again with protobuf */
		same = !too_deep;
		goto done;
	}
	size_t len = pg_query__parse_result__get_packed_size(tree);
	uint8_t *buf = rt_xmalloc(len ? len : 1);
	pg_query__parse_result__pack(tree, buf);
	same = len == pb.parse_tree.len &&
	       memcmp(buf, pb.parse_tree.data, len) == 0;
	free(buf);
done:
	if (!same)
		cr_log_error("differs: %s", sql);
	pg_query_free_protobuf_parse_result(pb);
	pg_query_free_parse_result(js);
	rt_arena_free(a);
	return same;
}

Test(load_sql_json, tricky_statements)
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
	    "array, d int[5] default -3)",
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(sqls); i++)
		cr_expect(same_tree(sqls[i]), "statement %zu", i);
}

Test(load_sql_json, too_deep)
{
	rt_buf sql = RT_BUF_INIT;
	rt_arena *a = rt_arena_new();
	bool too_deep = false;
	rt_buf_adds(&sql, "select ");
	for (int i = 0; i < 300; i++)
		rt_buf_adds(&sql, "(1 + ");
	rt_buf_adds(&sql, "1");
	for (int i = 0; i < 300; i++)
		rt_buf_adds(&sql, ")");
	PgQueryParseResult js = pg_query_parse(sql.data);
	cr_assert_null(js.error);
	cr_expect_null(
	    rt_canon_json_tree(a, sql.data, js.parse_tree, 100, &too_deep));
	cr_expect(too_deep);
	cr_expect_not_null(rt_canon_json_tree(a, sql.data, js.parse_tree,
					      RT_LOAD_DEPTH_MAX, &too_deep));
	cr_expect_not(too_deep);
	pg_query_free_parse_result(js);
	rt_arena_free(a);
	rt_buf_release(&sql);
}

Test(load_sql_json, every_case_statement)
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
