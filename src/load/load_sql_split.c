/* SPDX-License-Identifier: MIT */
/*
 * Reading SQL input statement by statement, as psql splits a file: a ';'
 * ends a statement unless it is inside a literal, a quoted name, a dollar
 * quote, a comment, parentheses (CREATE RULE ... (a; b)) or a BEGIN ATOMIC
 * body. Only the statement being read is held in memory, so a large file
 * costs what its largest statement costs. The input is checked on the way:
 * a NUL byte, a statement over RT_LOAD_STMT_MAX bytes and an expression too
 * long for the parser's stack are errors at their place. No libpg_query
 * here.
 */
#include "base/common.h"
#include "load/load_int.h"

#include <errno.h>

#define READ_CHUNK 65536
#define MAX_GROUPS 256 /* parentheses tracked by the estimate */

void rt_load__src_init(rt_sqlsrc *src, const char *name, FILE *f)
{
	memset(src, 0, sizeof(*src));
	src->name = name;
	src->f = f;
	src->eof = f == NULL;
	src->bol = true;
	src->line = 1;
	src->col = 1;
	rt_buf_init(&src->buf);
}

void rt_load__src_release(rt_sqlsrc *src)
{
	rt_buf_release(&src->buf);
}

void rt_load__advance(int *line, int *col, const char *p, size_t n)
{
	const char *end = p + n, *nl;
	/* lines by memchr; characters only after the last newline */
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		(*line)++;
		*col = 1;
		p = nl + 1;
	}
	for (; p < end; p++)
		if (((unsigned char)*p & 0xc0) != 0x80)
			(*col)++;
}

/* Byte classes, looked up: the splitter asks for every byte (the
 * comparisons were a fifth of its instructions). IDENT_START: a letter,
 * '_' or a byte of a multibyte character; IDENT_CHAR: those, a digit or
 * '$'. */
enum { IDENT_START = 1, IDENT_CHAR = 2 };
static const unsigned char byte_class[256] = {
    ['$'] = IDENT_CHAR,
    ['0' ... '9'] = IDENT_CHAR,
    ['A' ... 'Z'] = IDENT_START | IDENT_CHAR,
    ['_'] = IDENT_START | IDENT_CHAR,
    ['a' ... 'z'] = IDENT_START | IDENT_CHAR,
    [0x80 ... 0xff] = IDENT_START | IDENT_CHAR,
};

static inline bool ident_start(unsigned char c)
{
	return byte_class[c] & IDENT_START;
}

static inline bool ident_char(unsigned char c)
{
	return byte_class[c] & IDENT_CHAR;
}

/* (the length compared inline first: the splitter asks for every word
 * whether it is AND or OR, and two library calls a word showed) */
static inline bool word_is(const char *p, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(p, w, n) == 0;
}

/* The nesting estimate: for each open parenthesis, the tokens of the
 * current list element (since the last ',', AND, OR or ';' at that level)
 * and the largest estimate of the groups inside it. A parse tree cannot be
 * deeper than the tokens along its deepest path, and a left-nested chain
 * (1 + 1 + ...) takes at least two tokens a level. */
typedef struct group {
	size_t tokens, inner, best;
} group;

typedef struct scan {
	group g[MAX_GROUPS];
	int ng;	       /* open groups tracked (g[0]: the statement) */
	size_t deeper; /* open groups past MAX_GROUPS */
	size_t parens, begins;
	unsigned words; /* words read so far (psql's identifier_count) */
	char first[4];	/* initials of CREATE OR REPLACE FUNCTION */
	size_t max_est;
} scan;

static void elem_end(group *g)
{
	size_t v = g->tokens + g->inner;
	if (v > g->best)
		g->best = v;
	g->tokens = 0;
	g->inner = 0;
}

static void est_token(scan *s)
{
	group *g = &s->g[s->ng - 1];
	g->tokens++;
	if (g->tokens + g->inner > s->max_est)
		s->max_est = g->tokens + g->inner;
}

static void est_open(scan *s)
{
	est_token(s);
	if (s->ng < MAX_GROUPS) {
		memset(&s->g[s->ng], 0, sizeof(group));
		s->ng++;
	} else {
		s->deeper++;
	}
}

static void est_close(scan *s)
{
	if (s->deeper) {
		s->deeper--;
	} else if (s->ng > 1) {
		group *g = &s->g[s->ng - 1];
		elem_end(g);
		s->ng--;
		group *p = &s->g[s->ng - 1];
		if (g->best > p->inner)
			p->inner = g->best;
	}
	est_token(s);
}

static void est_sep(scan *s)
{
	if (!s->deeper)
		elem_end(&s->g[s->ng - 1]);
}

/* psql's heuristic for BEGIN ATOMIC bodies (psqlscan.l): in a statement
 * starting CREATE [OR REPLACE] FUNCTION|PROCEDURE, outside parentheses,
 * BEGIN opens a block, CASE inside one opens another and END closes. */
static void word(scan *s, const char *p, size_t n)
{
	static const struct {
		const char *w;
		size_t n;
	} marks[] = {{"create", 6},
		     {"function", 8},
		     {"procedure", 9},
		     {"or", 2},
		     {"replace", 7}};
	if (s->words < sizeof(s->first)) {
		for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
			if (marks[i].n == n &&
			    strncasecmp(p, marks[i].w, n) == 0)
				s->first[s->words] = marks[i].w[0];
	}
	s->words++;
	const char *f = s->first;
	bool routine =
	    f[0] == 'c' &&
	    (f[1] == 'f' || f[1] == 'p' ||
	     (f[1] == 'o' && f[2] == 'r' && (f[3] == 'f' || f[3] == 'p')));
	if (routine && s->parens == 0) {
		if (word_is(p, n, "begin"))
			s->begins++;
		else if (word_is(p, n, "case") && s->begins > 0)
			s->begins++;
		else if (word_is(p, n, "end") && s->begins > 0)
			s->begins--;
	}
	if (word_is(p, n, "and") || word_is(p, n, "or"))
		est_sep(s);
	else
		est_token(s);
}

enum { NEED_MORE = -1, FOUND_NUL = -2 };

/* The position of the first NUL in d[b..e), or e. */
static size_t nul_in(const char *d, size_t b, size_t e)
{
	const char *z = memchr(d + b, '\0', e - b);
	return z ? (size_t)(z - d) : e;
}

/*
 * Finds the end of the first statement in d[0..n): the offset just past
 * its ';', or n at the end of the input (eof). NEED_MORE when the buffer
 * ends inside something that more input may complete; FOUND_NUL with
 * *at set. Blanks psql meta-command lines (a backslash starting a line,
 * outside quotes) in place. *first: offset of the first token (n if
 * none); *est: the nesting estimate.
 */
static long find_end(char *d, size_t n, bool eof, bool bol, size_t *first,
		     size_t *est, size_t *at)
{
	scan s;
	size_t i = 0;
	s.ng = 1;
	memset(&s.g[0], 0, sizeof(s.g[0]));
	s.deeper = s.parens = s.begins = s.max_est = 0;
	s.words = 0;
	memset(s.first, 0, sizeof(s.first));
	*first = n;
	while (i < n) {
		unsigned char c = (unsigned char)d[i];
		if (c == ' ') {
			/* (first: a quarter of a formatted file's bytes are
			 * indentation; a blank ends a line's start, as below)
			 */
			bol = false;
			i++;
			continue;
		}
		/* can the character after this one be looked at? */
		bool more = i + 1 < n;
		if (!more && !eof && (c == '-' || c == '/'))
			return NEED_MORE;
		if (c == '\0') {
			*at = i;
			return FOUND_NUL;
		}
		if (c == '\n') {
			bol = true;
			i++;
			continue;
		}
		if (bol && c == '\\') {
			/* a psql meta-command line: blanked */
			size_t e = i;
			while (e < n && d[e] != '\n' && d[e] != '\0')
				e++;
			if (e == n && !eof)
				return NEED_MORE;
			memset(d + i, ' ', e - i);
			i = e;
			continue;
		}
		bol = false;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' ||
		    c == '\v') {
			i++;
			continue;
		}
		if (c == '-' && more && d[i + 1] == '-') {
			while (i < n && d[i] != '\n' && d[i] != '\0')
				i++;
			if (i == n && !eof)
				return NEED_MORE;
			continue;
		}
		if (c == '/' && more && d[i + 1] == '*') {
			size_t depth = 0;
			while (i < n) {
				if (i + 1 == n && !eof)
					return NEED_MORE;
				if (d[i] == '\0') {
					*at = i;
					return FOUND_NUL;
				}
				if (i + 1 < n && d[i] == '/' &&
				    d[i + 1] == '*') {
					depth++;
					i += 2;
				} else if (i + 1 < n && d[i] == '*' &&
					   d[i + 1] == '/') {
					i += 2;
					if (--depth == 0)
						break;
				} else {
					i++;
				}
			}
			if (depth > 0 && !eof)
				return NEED_MORE;
			continue;
		}
		if (*first == n)
			*first = i;
		if (c == '\'' || c == '"') {
			/* E'...' takes backslash escapes; a doubled quote
			 * stands for itself */
			bool esc =
			    c == '\'' && i > 0 &&
			    (d[i - 1] == 'E' || d[i - 1] == 'e') &&
			    (i == 1 || !ident_char((unsigned char)d[i - 2]));
			i++;
			for (;;) {
				if (i >= n) {
					if (!eof)
						return NEED_MORE;
					break;
				}
				if (d[i] == '\0') {
					*at = i;
					return FOUND_NUL;
				}
				if (esc && d[i] == '\\') {
					/* the escaped byte is checked too */
					if (i + 1 < n && d[i + 1] == '\0') {
						*at = i + 1;
						return FOUND_NUL;
					}
					i += 2;
					continue;
				}
				if ((unsigned char)d[i] == c) {
					if (i + 1 == n && !eof)
						return NEED_MORE;
					if (i + 1 < n &&
					    (unsigned char)d[i + 1] == c) {
						i += 2;
						continue;
					}
					i++;
					break;
				}
				i++;
			}
			est_token(&s);
			continue;
		}
		if (c == '$' &&
		    (i == 0 || !ident_char((unsigned char)d[i - 1]))) {
			/* $tag$ ... $tag$ (not $1) */
			size_t t = i + 1;
			while (t < n && ident_char((unsigned char)d[t]) &&
			       d[t] != '$')
				t++;
			if (t == n && !eof)
				return NEED_MORE;
			if (t < n && d[t] == '$' &&
			    (t == i + 1 ||
			     ident_start((unsigned char)d[i + 1]))) {
				size_t len = t + 1 - i, b = t + 1;
				const char *e =
				    memmem(d + b, n - b, d + i, len);
				size_t stop = e ? (size_t)(e - d) : n;
				*at = nul_in(d, b, stop);
				if (*at < stop)
					return FOUND_NUL;
				if (!e && !eof)
					return NEED_MORE;
				i = e ? stop + len : n;
				est_token(&s);
				continue;
			}
		}
		if (ident_char(c)) {
			size_t b = i++;
			while (i < n && ident_char((unsigned char)d[i]))
				i++;
			if (i == n && !eof)
				return NEED_MORE;
			word(&s, d + b, i - b);
			continue;
		}
		i++;
		if (c == '(') {
			s.parens++;
			est_open(&s);
		} else if (c == ')') {
			if (s.parens > 0)
				s.parens--;
			est_close(&s);
		} else if (c == ',') {
			est_sep(&s);
		} else if (c == ';') {
			if (s.parens == 0 && s.begins == 0) {
				*est = s.max_est;
				return (long)i;
			}
			est_sep(&s);
		} else {
			est_token(&s);
		}
	}
	if (!eof)
		return NEED_MORE;
	*est = s.max_est;
	return (long)n;
}

/* Reads at least want more bytes (fewer at the end of the input),
 * dropping what was consumed first: once per read, not per statement. */
static int read_more(rt_sqlsrc *src, size_t want, rt_error *err)
{
	rt_buf *b = &src->buf;
	if (src->pos > 0) {
		size_t rest = b->len - src->pos;
		memmove(b->data, b->data + src->pos, rest);
		rt_buf_setlen(b, rest);
		src->pos = 0;
	}
	if (want < READ_CHUNK)
		want = READ_CHUNK;
	size_t got = 0;
	while (got < want && !src->eof) {
		rt_buf_grow(b, want - got);
		size_t n = fread(b->data + b->len, 1, want - got, src->f);
		b->len += n;
		b->data[b->len] = '\0';
		got += n;
		if (n == 0) {
			if (ferror(src->f))
				return rt_errorf(err, RT_EIO,
						 "cannot read '%s': %s",
						 src->name, strerror(errno));
			src->eof = true;
		}
	}
	return 0;
}

/* Sets err's place to byte off of the pending text; returns -1. */
static int place(rt_sqlsrc *src, size_t off, rt_error *err)
{
	int line = src->line, col = src->col;
	rt_load__advance(&line, &col, src->buf.data + src->pos, off);
	rt_error_at(err, src->name, line, col);
	return -1;
}

int rt_load__next_stmt(rt_sqlsrc *src, rt_sqlstmt *out, rt_error *err)
{
	size_t first = 0, est = 0, at = 0;
	long end;
	if (!src->started) {
		/* a UTF-8 byte-order mark is not part of the SQL */
		src->started = true;
		if (read_more(src, 0, err) < 0)
			return -1;
		if (src->buf.len >= 3 &&
		    memcmp(src->buf.data, "\xef\xbb\xbf", 3) == 0)
			src->pos = 3;
	}
	for (;;) {
		size_t have = src->buf.len - src->pos;
		end = find_end(src->buf.data + src->pos, have, src->eof,
			       src->bol, &first, &est, &at);
		if (end == FOUND_NUL) {
			rt_errorf(err, RT_EINPUT,
				  "unexpected NUL byte: not a text file?");
			return place(src, at, err);
		}
		if (end != NEED_MORE)
			break;
		if (have > RT_LOAD_STMT_MAX) {
			rt_errorf(err, RT_EINPUT,
				  "statement longer than %d MiB (no end found)",
				  RT_LOAD_STMT_MAX >> 20);
			return place(src, first < have ? first : 0, err);
		}
		if (read_more(src, have, err) < 0)
			return -1;
	}
	if (end == 0)
		return 0;
	if ((size_t)end > RT_LOAD_STMT_MAX) {
		rt_errorf(err, RT_EINPUT, "statement longer than %d MiB",
			  RT_LOAD_STMT_MAX >> 20);
		return place(src, first, err);
	}
	if (est > RT_LOAD_EXPR_MAX) {
		rt_errorf(err, RT_EINPUT,
			  "expression too long or nested too deeply (over %d "
			  "tokens)",
			  RT_LOAD_EXPR_MAX);
		return place(src, first, err);
	}
	out->text = src->buf.data + src->pos;
	out->len = (size_t)end;
	out->line = src->line;
	out->col = src->col;
	rt_load__advance(&src->line, &src->col, out->text, out->len);
	src->bol = out->text[out->len - 1] == '\n';
	src->pos += out->len;
	return 1;
}

int rt_load_split(rt_vec *out, rt_arena *a, const char *name, const char *text,
		  size_t len, rt_error *err)
{
	rt_sqlsrc src;
	rt_sqlstmt st;
	int rc;
	rt_load__src_init(&src, name, NULL);
	rt_buf_add(&src.buf, text, len);
	while ((rc = rt_load__next_stmt(&src, &st, err)) > 0) {
		rt_load_piece *p = RT_NEW(a, rt_load_piece);
		p->text = rt_arena_strndup(a, st.text, st.len);
		p->off = (size_t)(st.text - src.buf.data);
		p->len = st.len;
		p->line = st.line;
		p->col = st.col;
		rt_vec_push(out, a, p);
	}
	rt_load__src_release(&src);
	return rc < 0 ? -1 : 0;
}
