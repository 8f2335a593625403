/* SPDX-License-Identifier: MIT */
/* Identifier and literal quoting. The keyword list is PostgreSQL 15's
 * reserved, type/function-name and column-name keywords: the ones that
 * quote_identifier() quotes; SQLite's is all of its keywords. */
#include "base/common.h"

#include <ctype.h>
#include "base/sql.h"

static const char *const pg_keywords[] = {
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
};

/* SQLite 3.40's keywords (sqlite3_keyword_name), any of which may be
 * reserved where an identifier stands: quoted always. */
static const char *const sqlite_keywords[] = {
    "abort",
    "action",
    "add",
    "after",
    "all",
    "alter",
    "always",
    "analyze",
    "and",
    "as",
    "asc",
    "attach",
    "autoincrement",
    "before",
    "begin",
    "between",
    "by",
    "cascade",
    "case",
    "cast",
    "check",
    "collate",
    "column",
    "commit",
    "conflict",
    "constraint",
    "create",
    "cross",
    "current",
    "current_date",
    "current_time",
    "current_timestamp",
    "database",
    "default",
    "deferrable",
    "deferred",
    "delete",
    "desc",
    "detach",
    "distinct",
    "do",
    "drop",
    "each",
    "else",
    "end",
    "escape",
    "except",
    "exclude",
    "exclusive",
    "exists",
    "explain",
    "fail",
    "filter",
    "first",
    "following",
    "for",
    "foreign",
    "from",
    "full",
    "generated",
    "glob",
    "group",
    "groups",
    "having",
    "if",
    "ignore",
    "immediate",
    "in",
    "index",
    "indexed",
    "initially",
    "inner",
    "insert",
    "instead",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "key",
    "last",
    "left",
    "like",
    "limit",
    "match",
    "materialized",
    "natural",
    "no",
    "not",
    "nothing",
    "notnull",
    "null",
    "nulls",
    "of",
    "offset",
    "on",
    "or",
    "order",
    "others",
    "outer",
    "over",
    "partition",
    "plan",
    "pragma",
    "preceding",
    "primary",
    "query",
    "raise",
    "range",
    "recursive",
    "references",
    "regexp",
    "reindex",
    "release",
    "rename",
    "replace",
    "restrict",
    "returning",
    "right",
    "rollback",
    "row",
    "rows",
    "savepoint",
    "select",
    "set",
    "table",
    "temp",
    "temporary",
    "then",
    "ties",
    "to",
    "transaction",
    "trigger",
    "unbounded",
    "union",
    "unique",
    "update",
    "using",
    "vacuum",
    "values",
    "view",
    "virtual",
    "when",
    "where",
    "window",
    "with",
    "without",
};

static int kwcmp(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

static bool is_keyword(rt_dialect d, const char *name)
{
	if (d == RT_DIALECT_SQLITE)
		return bsearch(name, sqlite_keywords,
			       RT_ARRAY_LEN(sqlite_keywords),
			       sizeof(sqlite_keywords[0]), kwcmp) != NULL;
	return bsearch(name, pg_keywords, RT_ARRAY_LEN(pg_keywords),
		       sizeof(pg_keywords[0]), kwcmp) != NULL;
}

bool rt_sql_ident_needs_quotes(rt_dialect d, const char *name)
{
	if (!name[0] || (name[0] >= '0' && name[0] <= '9'))
		return true;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '_'))
			return true;
	return is_keyword(d, name);
}

void rt_buf_add_ident(rt_buf *b, rt_dialect d, const char *name)
{
	if (!rt_sql_ident_needs_quotes(d, name)) {
		rt_buf_adds(b, name);
		return;
	}
	rt_buf_addch(b, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			rt_buf_addch(b, '"');
		rt_buf_addch(b, *p);
	}
	rt_buf_addch(b, '"');
}

void rt_buf_add_qname(rt_buf *b, rt_dialect d, const char *schema,
		      const char *name)
{
	if (schema && schema[0]) {
		rt_buf_add_ident(b, d, schema);
		rt_buf_addch(b, '.');
	}
	rt_buf_add_ident(b, d, name);
}

void rt_buf_add_literal(rt_buf *b, rt_dialect d, const char *text)
{
	bool esc = d == RT_DIALECT_PG && strchr(text, '\\') != NULL;
	if (esc)
		rt_buf_addch(b, 'E');
	rt_buf_addch(b, '\'');
	for (const char *p = text; *p; p++) {
		if (*p == '\'' || (esc && *p == '\\'))
			rt_buf_addch(b, *p);
		rt_buf_addch(b, *p);
	}
	rt_buf_addch(b, '\'');
}

static bool type_sep(char c)
{
	return c == '(' || c == ')' || c == ',';
}

void rt_sqlite_type_norm(rt_buf *b, const char *declared)
{
	const char *p = declared;
	bool blank = false; /* a blank is pending */
	bool any = false;   /* something was appended */
	char last = 0;	    /* the last character appended */
	while (*p) {
		char c = *p;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			blank = true;
			p++;
			continue;
		}
		if (blank && any && !type_sep(c) && !type_sep(last))
			rt_buf_addch(b, ' ');
		blank = false;
		if (c == '\'' || c == '"') {
			/* a quoted part as it is, through its closing quote
			 * (a doubled quote stays inside) */
			const char *q = p + 1;
			for (;;) {
				if (*q == 0)
					break;
				if (*q == c && q[1] == c) {
					q += 2;
					continue;
				}
				if (*q == c) {
					q++;
					break;
				}
				q++;
			}
			rt_buf_add(b, p, (size_t)(q - p));
			last = q[-1];
			any = true;
			p = q;
			continue;
		}
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		rt_buf_addch(b, c);
		last = c;
		any = true;
		p++;
	}
}

const char *rt_sqlite_skip_blanks(const char *p)
{
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		       *p == '\f')
			p++;
		if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");
			p = e ? e + 2 : p + strlen(p);
		} else {
			return p;
		}
	}
}

const char *rt_sqlite_quoted_end(const char *p)
{
	char close = *p == '[' ? ']' : *p;
	const char *q = p + 1;
	while (*q) {
		if (*q == close && close != ']' && q[1] == close) {
			q += 2;
			continue;
		}
		if (*q++ == close)
			break;
	}
	return q;
}

static bool is_quote(char c)
{
	return c == '\'' || c == '"' || c == '`' || c == '[';
}

/* true when text[0..n) is "( ... )" with the first parenthesis closed by
 * the last character. */
static bool wrapped(const char *text, size_t n)
{
	int depth = 0;
	if (n < 2 || text[0] != '(' || text[n - 1] != ')')
		return false;
	for (const char *p = text; p < text + n;) {
		if (is_quote(*p)) {
			p = rt_sqlite_quoted_end(p);
			continue;
		}
		if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			return p == text + n - 1;
		p++;
	}
	return false;
}

/* true when no blank goes between last and c: inside parentheses, around
 * commas, and between a word and its '(' (a call). */
static bool expr_tight(char last, char c)
{
	return c == ')' || c == ',' || last == '(' || last == ',' ||
	       (c == '(' && (isalnum((unsigned char)last) || last == '_'));
}

void rt_sqlite_expr_key(rt_buf *b, const char *text)
{
	rt_buf t = RT_BUF_INIT;
	const char *p = text;
	bool blank = false, any = false;
	char last = 0;
	size_t from = 0, n;
	while (*p) {
		char c = *p;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			blank = true;
			p++;
			continue;
		}
		if (blank && any && !expr_tight(last, c))
			rt_buf_addch(&t, ' ');
		blank = false;
		any = true;
		if (is_quote(c)) {
			const char *q = rt_sqlite_quoted_end(p);
			rt_buf_add(&t, p, (size_t)(q - p));
			last = q[-1];
			p = q;
			continue;
		}
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		rt_buf_addch(&t, c);
		last = c;
		p++;
	}
	n = t.len;
	while (wrapped(t.data + from, n)) {
		from++;
		n -= 2;
	}
	rt_buf_add(b, t.data + from, n);
	rt_buf_release(&t);
}
