/* SPDX-License-Identifier: MIT */
/*
 * Shared by the SQLite loader's files: the small tokenizer of SQLite's
 * CREATE text (load_sqlite_lex.c; never libpg_query: this is not
 * PostgreSQL's grammar), and the rows the loader reads, which come from
 * SQLite's pragmas (load_sqlite.c) or are worked out from that text
 * without SQLite (load_sqlite_direct.c).
 */
#ifndef RT_LOAD_LOAD_SQLITE_INT_H
#define RT_LOAD_LOAD_SQLITE_INT_H

#include "base/common.h"

#include <stdint.h>
#include <strings.h>

#include "base/arena.h"
#include "base/vec.h"
#include "load/load_int.h"

/* runner.h's RT_RUNNER_TABLE (the runner's tracking table), which this
 * layer cannot include; tests/unit/load/test_sqlite.c checks they agree */
#define TRACKING_TABLE "retort_version"

typedef enum tok_kind {
	T_END,
	T_WORD,	  /* a bare word: a keyword or an identifier */
	T_QUOTED, /* "x", `x`, [x] */
	T_STRING, /* 'x' (x'..' blobs too) */
	T_NUMBER,
	T_PUNCT, /* one character */
} tok_kind;

typedef struct tok {
	tok_kind kind;
	const char *p;
	size_t n;
} tok;

typedef struct toks {
	const char *text;
	tok *v;
	size_t n;
} toks;

/* Splits text into tokens (comments and blanks dropped), in arena a; the
 * list ends with a T_END token at the end of the text. */
void rt_load__sqlite_lex(toks *out, rt_arena *a, const char *text);

/* The name token i spells, unquoted, in arena a. */
const char *rt_load__sqlite_name(const toks *t, size_t i, rt_arena *a);

/* The index just past the parenthesis that closes the one at i (or the
 * end). */
size_t rt_load__sqlite_skip_parens(const toks *t, size_t i);

/* The text of tokens [from, to) as written, in arena a. */
const char *rt_load__sqlite_span(const toks *t, size_t from, size_t to,
				 rt_arena *a);

/* Token i, or the final T_END past the end. */
static inline const tok *at(const toks *t, size_t i)
{
	return &t->v[i < t->n ? i : t->n - 1];
}

/* kw: an upper-case keyword of n letters. The first letter decides most
 * calls. */
static inline bool is_kw_n(const toks *t, size_t i, const char *kw, size_t n)
{
	const tok *k = at(t, i);
	return k->kind == T_WORD && (k->p[0] & ~0x20) == kw[0] && n == k->n &&
	       strncasecmp(k->p, kw, n) == 0;
}

/* kw: a string literal (its length known when compiling) */
#define is_kw(t, i, kw) is_kw_n(t, i, "" kw, sizeof(kw) - 1)

static inline bool is_punct(const toks *t, size_t i, char c)
{
	const tok *k = at(t, i);
	return k->kind == T_PUNCT && k->p[0] == c;
}

static inline bool is_name(const toks *t, size_t i)
{
	tok_kind k = at(t, i)->kind;
	return k == T_WORD || k == T_QUOTED || k == T_STRING;
}

/* A table constraint's start. */
static inline bool constraint_start(const toks *t, size_t i)
{
	return is_kw(t, i, "CONSTRAINT") || is_kw(t, i, "PRIMARY") ||
	       is_kw(t, i, "UNIQUE") || is_kw(t, i, "CHECK") ||
	       is_kw(t, i, "FOREIGN");
}

/* Whether the name lists a and b (of const char *) are equal, ignoring
 * ASCII case (SQLite's folding). */
bool rt_load__sqlite_same_names(const rt_vec *a, const rt_vec *b);

/* Whether the n bytes at p spell a keyword of SQLite's (its own list,
 * sqlite3_keyword_check: load_sqlite.c). */
bool rt_load__sqlite_keyword(const char *p, size_t n);

/* One result row: its cells, then the sort key the query's last columns
 * give (load_sqlite.c's fetch). */
typedef struct row {
	const char **cells;   /* NULL for SQL NULL */
	int64_t k[3];	      /* the integer keys, in the spec's order */
	const char *name;     /* the text key, NULL when the spec has none */
	const struct toks *t; /* given rows of sqlite_schema: sql's tokens */
} row;

typedef struct rows {
	size_t n, ncols;
	row **v;
} rows;

/* Rows by their keys: the integers in order, the text key after the
 * first (the keys of every query here are unique); for rt_vec_sort. */
int rt_load__sqlite_row_cmp(const void *pa, const void *pb);

/* The rows the loader's four queries (tables, columns, index keys,
 * foreign keys) would return for a database whose sqlite_schema holds
 * objs (the statements of sql), worked out from their text by SQLite's
 * own rules, into out[0..3], in arena a. false when the text holds
 * anything those rules here do not cover (a strict subset of SQLite's
 * grammar): then only SQLite itself can say (load_sqlite_direct.c). */
bool rt_load__sqlite_direct_rows(rows out[4], rt_arena *a, const char *sql,
				 const rt_load_sqlite_obj *const *objs,
				 size_t n);

#endif
