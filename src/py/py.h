/* SPDX-License-Identifier: MIT */
/*
 * A reader for the part of Python that declares models: a tokenizer that
 * handles the whole lexical language (strings of every kind, comments,
 * brackets, continuation lines, indentation) and a parser that keeps the
 * module-level and class-level statements (imports, assignments, annotated
 * fields, classes) as a small tree of expressions. Function and method
 * bodies and other compound statements are skipped by their indentation.
 * Nothing here knows about SQLModel (load/load_sqlmodel.c does).
 */
#ifndef RT_PY_PY_H
#define RT_PY_PY_H

#include "base/common.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/vec.h"

/* Limits on hostile input, each an RT_EINPUT error at its place. */
#define RT_PY_FILE_MAX	(16 << 20) /* bytes in one file */
#define RT_PY_DEPTH_MAX 200	   /* nested brackets and expressions */

typedef enum rt_py_kind {
	RT_PY_NAME,	 /* s: the identifier */
	RT_PY_ATTR,	 /* a.s */
	RT_PY_CALL,	 /* a(items..., kw=kwv...) */
	RT_PY_SUBSCRIPT, /* a[b] */
	RT_PY_TUPLE,	 /* items */
	RT_PY_LIST,	 /* items */
	RT_PY_SET,	 /* items */
	RT_PY_DICT,	 /* items: keys, vals: values */
	RT_PY_STR,	 /* s, len: the decoded value (UTF-8) */
	RT_PY_BYTES,	 /* s, len: the decoded value */
	RT_PY_NUM,	 /* s: the literal as written */
	RT_PY_BINOP,	 /* a s b ("|", "+", "and", "==", ...) */
	RT_PY_UNARY,	 /* s a ("-", "not", "~", "*", "**", "await") */
	RT_PY_LAMBDA,	 /* lambda params: b; s: the source text of b */
	RT_PY_ELLIPSIS,	 /* ... */
	RT_PY_OTHER,	 /* s says what: "comprehension", "conditional",
			  * "f-string", "slice", ... (never evaluated) */
} rt_py_kind;

typedef struct rt_py_expr rt_py_expr;
struct rt_py_expr {
	rt_py_kind kind;
	int line, col; /* where it starts, 1-based (col in characters) */
	const char *s;
	size_t len;
	rt_py_expr *a, *b;
	rt_py_expr **items, **vals;
	size_t n;
	const char **kw; /* CALL: keyword names (NULL entry: **kwargs) */
	rt_py_expr **kwv;
	size_t nkw;
	/* the reader's memo (load_sqlmodel: what the expression means in
	 * module memo_key), NULL until it sets one */
	void *memo;
	const void *memo_key;
};

typedef enum rt_py_stmt_kind {
	RT_PY_S_IMPORT, /* import names[i] as asnames[i] (asnames may be NULL)
			 */
	RT_PY_S_FROM,	/* from <level dots>module import names as asnames;
			 * star: import * */
	RT_PY_S_ASSIGN, /* targets = value (targets: chained a = b = v) */
	RT_PY_S_ANN,	/* target: annotation [= value] */
	RT_PY_S_CLASS,	/* class name(bases, kw=kwv): body */
	RT_PY_S_DEF,	/* def name (body skipped) */
	RT_PY_S_OTHER,	/* any other statement (skipped) */
} rt_py_stmt_kind;

typedef struct rt_py_stmt rt_py_stmt;
struct rt_py_stmt {
	rt_py_stmt_kind kind;
	int line, col;
	const char *name;   /* CLASS, DEF */
	const char *module; /* FROM: dotted, may be "" with level > 0 */
	int level;	    /* FROM: leading dots */
	bool star;	    /* FROM: import * */
	const char **names, **asnames;
	size_t nnames;
	rt_py_expr **targets;
	size_t ntargets;
	rt_py_expr *annotation, *value;
	rt_py_expr *call; /* CLASS: a RT_PY_CALL holding bases and keywords */
	rt_vec body;	  /* CLASS: rt_py_stmt * */
	size_t ndecorators;
};

typedef struct rt_py_module {
	const char *path; /* as given to rt_py_parse */
	rt_vec body;	  /* rt_py_stmt *, in source order */
} rt_py_module;

/*
 * Parses text (len bytes, the contents of path) into *out, all in arena a.
 * A UTF-8 byte-order mark is skipped; a coding declaration other than
 * UTF-8 lets other bytes through unchecked. Errors (RT_EINPUT, place set
 * to path:line:col): a syntax error, bad indentation, an unterminated
 * string or bracket, a NUL byte, invalid UTF-8, nesting over
 * RT_PY_DEPTH_MAX, a file over RT_PY_FILE_MAX bytes.
 */
int rt_py_parse(rt_py_module **out, rt_arena *a, const char *path,
		const char *text, size_t len, rt_error *err);

/* A token array kept from one rt_py_parse_reuse to the next (one per
 * thread): a package's files then touch fresh memory once, not once each.
 * Zero-initialize; rt_py_reuse_release frees it. */
typedef struct rt_py_reuse {
	void *v;    /* the array (py_int.h's tok) */
	size_t cap; /* its entries */
} rt_py_reuse;

/* rt_py_parse, with the token array in *buf (grown when needed). */
int rt_py_parse_reuse(rt_py_module **out, rt_arena *a, rt_py_reuse *buf,
		      const char *path, const char *text, size_t len,
		      rt_error *err);

/* Frees buf's array; buf can be used again (empty). */
void rt_py_reuse_release(rt_py_reuse *buf);

/* "a.b.c" for a NAME or a chain of ATTRs on a NAME; NULL otherwise. In
 * arena a. */
const char *rt_py_dotted(rt_arena *a, const rt_py_expr *e);

/* The keyword argument name of call e, or NULL. */
rt_py_expr *rt_py_kwarg(const rt_py_expr *call, const char *name);

#endif
