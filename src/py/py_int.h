/* SPDX-License-Identifier: MIT */
/*
 * Internals of the Python reader: the token stream py_lex.c produces and
 * py_parse.c consumes.
 */
#ifndef RT_PY_PY_INT_H
#define RT_PY_PY_INT_H

#include "base/common.h"
#include "py/py.h"

typedef enum tok_kind {
	T_END,
	T_NEWLINE,
	T_INDENT,
	T_DEDENT,
	T_NAME,
	T_NUMBER,
	T_STRING, /* s, len: decoded; flags below */
	T_OP,	  /* s: the operator or bracket */
} tok_kind;

enum tok_flags {
	TF_BYTES = 1 << 0,
	TF_FSTRING = 1 << 1,
	TF_KEYWORD = 1 << 2, /* T_NAME: a keyword, or "match" / "case" */
};

typedef struct tok {
	tok_kind kind;
	unsigned flags;
	int line, col;
	const char *s; /* in the arena */
	size_t len;
	size_t off; /* byte offset in the text */
} tok;

typedef struct tokens {
	tok *v;
	size_t n;
	size_t cap; /* entries v has room for */
} tokens;

/* Tokenizes text into *out, ending with T_END: the array is malloc'd,
 * reusing (and growing) the one *out holds, if any (zero it for none);
 * the caller calls rt_py__tokens_release on success and on failure. The
 * tokens' strings are in arena a. */
int rt_py__lex(tokens *out, rt_arena *a, const char *path, const char *text,
	       size_t len, rt_error *err);

/* Whether s is one of Python's (hard) keywords. */
bool rt_py__is_keyword(const char *s);

/* Frees the array rt_py__lex made. */
void rt_py__tokens_release(tokens *toks);

#endif
