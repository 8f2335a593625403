/* SPDX-License-Identifier: MIT */
/* Identifier and literal quoting (PostgreSQL's fmtId rules). */
#include "base/common.h"
#include "base/sql.h"

#include <criterion/criterion.h>

static char *ident(const char *name)
{
	rt_buf b = RT_BUF_INIT;
	rt_buf_add_ident(&b, RT_DIALECT_PG, name);
	return rt_buf_detach(&b);
}

static char *literal(const char *text)
{
	rt_buf b = RT_BUF_INIT;
	rt_buf_add_literal(&b, RT_DIALECT_PG, text);
	return rt_buf_detach(&b);
}

#define EXPECT_IDENT(in, out)                                                  \
	do {                                                                   \
		char *s_ = ident(in);                                          \
		cr_expect_str_eq(s_, out);                                     \
		free(s_);                                                      \
	} while (0)

#define EXPECT_LITERAL(in, out)                                                \
	do {                                                                   \
		char *s_ = literal(in);                                        \
		cr_expect_str_eq(s_, out);                                     \
		free(s_);                                                      \
	} while (0)

Test(base_quoting, plain_identifiers_stay_bare)
{
	EXPECT_IDENT("tasks", "tasks");
	EXPECT_IDENT("owner_id", "owner_id");
	EXPECT_IDENT("_x9", "_x9");
}

Test(base_quoting, identifiers_that_need_quotes)
{
	EXPECT_IDENT("Tasks", "\"Tasks\"");
	EXPECT_IDENT("my table", "\"my table\"");
	EXPECT_IDENT("9lives", "\"9lives\"");
	EXPECT_IDENT("", "\"\"");
	EXPECT_IDENT("a\"b", "\"a\"\"b\"");
	EXPECT_IDENT("é", "\"é\"");
}

Test(base_quoting, reserved_words_are_quoted)
{
	EXPECT_IDENT("user", "\"user\"");
	EXPECT_IDENT("order", "\"order\"");
	EXPECT_IDENT("table", "\"table\"");
	EXPECT_IDENT("integer", "\"integer\"");
	/* unreserved keywords need no quotes */
	EXPECT_IDENT("name", "name");
	EXPECT_IDENT("status", "status");
	cr_expect(rt_sql_ident_needs_quotes(RT_DIALECT_PG, "select"));
	cr_expect_not(rt_sql_ident_needs_quotes(RT_DIALECT_PG, "selected"));
}

Test(base_quoting, qualified_names)
{
	rt_buf b = RT_BUF_INIT;
	rt_buf_add_qname(&b, RT_DIALECT_PG, "public", "user");
	rt_buf_adds(&b, " ");
	rt_buf_add_qname(&b, RT_DIALECT_PG, NULL, "t");
	rt_buf_adds(&b, " ");
	rt_buf_add_qname(&b, RT_DIALECT_PG, "My Schema", "t");
	cr_expect_str_eq(b.data, "public.\"user\" t \"My Schema\".t");
	rt_buf_release(&b);
}

Test(base_quoting, literals)
{
	EXPECT_LITERAL("todo", "'todo'");
	EXPECT_LITERAL("", "''");
	EXPECT_LITERAL("it's", "'it''s'");
	EXPECT_LITERAL("a\\b", "E'a\\\\b'");
	EXPECT_LITERAL("'\\'", "E'''\\\\'''");
}

Test(base_quoting, sqlite_literal_has_no_escape_form)
{
	rt_buf b = RT_BUF_INIT;
	rt_buf_add_literal(&b, RT_DIALECT_SQLITE, "a\\b'c");
	cr_expect_str_eq(b.data, "'a\\b''c'");
	rt_buf_release(&b);
}

static void expect_type_norm(const char *in, const char *want)
{
	rt_buf b = RT_BUF_INIT;
	rt_sqlite_type_norm(&b, in);
	cr_expect_str_eq(b.len ? b.data : "", want, "norm(\"%s\")", in);
	rt_buf_release(&b);
}

Test(base_sqlite_type, spellings_of_one_type_are_one)
{
	expect_type_norm("varchar (255)", "VARCHAR(255)");
	expect_type_norm("NUMERIC(10, 2)", "NUMERIC(10,2)");
	expect_type_norm(" numeric ( 10 ,2 ) ", "NUMERIC(10,2)");
	expect_type_norm("double  precision", "DOUBLE PRECISION");
	expect_type_norm("unsigned\tbig int", "UNSIGNED BIG INT");
	expect_type_norm("", "");
	expect_type_norm("   ", "");
	expect_type_norm("INTEGER", "INTEGER");
}

Test(base_sqlite_type, quoted_parts_are_kept)
{
	expect_type_norm("enum('a b',  'It''s')", "ENUM('a b','It''s')");
	expect_type_norm("\"my type\"", "\"my type\"");
	expect_type_norm("x('open", "X('open");
}

static void expect_expr_key(const char *in, const char *want)
{
	rt_buf b = RT_BUF_INIT;
	rt_sqlite_expr_key(&b, in);
	cr_expect_str_eq(b.len ? b.data : "", want, "key(\"%s\")", in);
	rt_buf_release(&b);
}

Test(base_sqlite_expr_key, outer_parentheses_blanks_and_case)
{
	expect_expr_key("(1 + 2)", "1 + 2");
	expect_expr_key("((x  >  0))", "X > 0");
	expect_expr_key("(a) + (b)", "(A) + (B)");
	expect_expr_key(" lower( name ) ", "LOWER(NAME)");
	expect_expr_key("current_timestamp", "CURRENT_TIMESTAMP");
	expect_expr_key("x IN ( 1 , 2 )", "X IN(1,2)");
	expect_expr_key("length (b) < 9", "LENGTH(B) < 9");
	expect_expr_key("", "");
	expect_expr_key("()", "");
}

Test(base_sqlite_expr_key, quoted_parts_are_kept)
{
	expect_expr_key("'a''b'", "'a''b'");
	expect_expr_key("(\"Mixed\"  = 'x)')", "\"Mixed\" = 'x)'");
	expect_expr_key("[my col] is not null", "[my col] IS NOT NULL");
	expect_expr_key("`Col` <> 'It''s'", "`Col` <> 'It''s'");
	expect_expr_key("('(' || x)", "'(' || X");
	expect_expr_key("'open", "'open");
}

Test(sqlite_quoted_end, each_quote_and_its_doubling)
{
	const char *s = "'it''s' rest";
	cr_expect_eq(rt_sqlite_quoted_end(s), s + 7);
	s = "\"a\"\"b\".x";
	cr_expect_eq(rt_sqlite_quoted_end(s), s + 6);
	s = "`a``b` x";
	cr_expect_eq(rt_sqlite_quoted_end(s), s + 6);
	/* [...] has no doubling: the first ] closes it */
	s = "[a]]b";
	cr_expect_eq(rt_sqlite_quoted_end(s), s + 3);
	/* unterminated: the end of the text */
	s = "'open";
	cr_expect_eq(rt_sqlite_quoted_end(s), s + 5);
}

Test(sqlite_skip_blanks, blanks_and_comments)
{
	const char *s = " \t\n\r\f-- a comment\n/* another */ x";
	cr_expect_str_eq(rt_sqlite_skip_blanks(s), "x");
	s = "  /* unclosed";
	cr_expect_str_eq(rt_sqlite_skip_blanks(s), "");
	s = "-- only a comment";
	cr_expect_str_eq(rt_sqlite_skip_blanks(s), "");
	s = "- x";
	cr_expect_str_eq(rt_sqlite_skip_blanks(s), "- x");
}
