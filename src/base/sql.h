/* SPDX-License-Identifier: MIT */
/*
 * Quoting SQL identifiers and literals into a builder (as PostgreSQL's fmtId
 * and SQLite's %w / %q). The model stores raw names; only render quotes.
 */
#ifndef RT_BASE_SQL_H
#define RT_BASE_SQL_H

#include "base/common.h"
#include "base/buf.h"

/* The tracking table the runner keeps in each database it migrates; the
 * live loaders leave it out of the schema they read. */
#define RT_TRACKING_TABLE "retort_version"

typedef enum rt_dialect {
	RT_DIALECT_PG,
	RT_DIALECT_SQLITE,
} rt_dialect;

/* true when name needs double quotes (outside [a-z0-9_], leading digit,
 * empty, or a reserved keyword in the dialect). */
bool rt_sql_ident_needs_quotes(rt_dialect d, const char *name);

/* Appends name, quoted when needed, with embedded '"' doubled. */
void rt_buf_add_ident(rt_buf *b, rt_dialect d, const char *name);

/* Appends schema.name, each part quoted when needed; schema may be NULL. */
void rt_buf_add_qname(rt_buf *b, rt_dialect d, const char *schema,
		      const char *name);

/* Appends 'text' with embedded quotes doubled (E'' form when the text holds
 * a backslash, on PostgreSQL). */
void rt_buf_add_literal(rt_buf *b, rt_dialect d, const char *text);

/* p past the blanks (SQLite's: space, tab, newline, carriage return,
 * form feed) and comments (-- to the end of the line, a closed or
 * unclosed slash-star comment) that start there. */
const char *rt_sqlite_skip_blanks(const char *p);

/* The end of the quoted part that starts at p ('...', "...", `...`, or
 * [...], the closing quote doubled inside but for [...]): just past its
 * closing quote, or the end of the text. */
const char *rt_sqlite_quoted_end(const char *p);

/*
 * SQLite keeps a column's declared type as written. Two spellings that
 * SQLite reads the same are one type to retort: appends declared with
 * letters upper-cased, runs of blanks as one space, none next to '(', ')'
 * or ',', none at either end: "varchar (255)" -> "VARCHAR(255)",
 * "NUMERIC(10, 2)" -> "NUMERIC(10,2)", "double  precision" -> "DOUBLE
 * PRECISION". Quoted parts ('...', "...") are kept as they are.
 */
void rt_sqlite_type_norm(rt_buf *b, const char *declared);

/*
 * The comparison key of a SQLite expression (a DEFAULT, a CHECK, a
 * generated column, an index's parts), the same on every side: appends
 * text with letters upper-cased, runs of blanks as one space (none at
 * either end, after '(' or before ')', around ',', or between a word and
 * its '(': "lower (a)" -> "LOWER(A)"), and parentheses around the whole
 * stripped ("(1 + 2)" -> "1 + 2", "((x > 0))" -> "X > 0"). Quoted parts
 * ('...', "...", `...`, [...]) are
 * kept as they are. No parser: two spellings that differ otherwise
 * ("1+2" and "1 + 2") get different keys.
 */
void rt_sqlite_expr_key(rt_buf *b, const char *text);

#endif
