/* SPDX-License-Identifier: MIT */
/*
 * The SQLite loader's tokenizer of SQLite's CREATE text (the declarations
 * and the token tests are in load_sqlite_int.h).
 */
#include "base/common.h"

#include <ctype.h>

#include "base/buf.h"
#include "base/sql.h"
#include "load/load_sqlite_int.h"

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '$' ||
	       (unsigned char)c >= 0x80;
}

/* Splits text into tokens (comments and blanks dropped), in arena a; the
 * list ends with a T_END token at the end of the text. */
void rt_load__sqlite_lex(toks *out, rt_arena *a, const char *text)
{
	size_t cap = 16, n = 0;
	tok *v = rt_arena_alloc(a, cap * sizeof(tok));
	const char *p = text;
	for (;;) {
		tok t = {T_END, p, 0};
		p = rt_sqlite_skip_blanks(p);
		t.p = p;
		if (!*p) {
			t.kind = T_END;
		} else if ((*p == 'x' || *p == 'X') && p[1] == '\'') {
			t.kind = T_STRING;
			p = rt_sqlite_quoted_end(p + 1);
		} else if (*p == '\'') {
			t.kind = T_STRING;
			p = rt_sqlite_quoted_end(p);
		} else if (*p == '"' || *p == '`' || *p == '[') {
			t.kind = T_QUOTED;
			p = rt_sqlite_quoted_end(p);
		} else if (isdigit((unsigned char)*p) ||
			   (*p == '.' && isdigit((unsigned char)p[1]))) {
			t.kind = T_NUMBER;
			while (word_char(*p) || *p == '.' ||
			       ((*p == '+' || *p == '-') &&
				(p[-1] == 'e' || p[-1] == 'E')))
				p++;
		} else if (word_char(*p)) {
			t.kind = T_WORD;
			while (word_char(*p))
				p++;
		} else {
			t.kind = T_PUNCT;
			p++;
		}
		t.n = (size_t)(p - t.p);
		if (n == cap) {
			tok *nv = rt_arena_alloc(a, 2 * cap * sizeof(tok));
			memcpy(nv, v, n * sizeof(tok));
			v = nv;
			cap *= 2;
		}
		v[n++] = t;
		if (t.kind == T_END)
			break;
	}
	out->text = text;
	out->v = v;
	out->n = n;
}

/* The name token i spells, unquoted, in arena a. */
const char *rt_load__sqlite_name(const toks *t, size_t i, rt_arena *a)
{
	const tok *k = at(t, i);
	rt_buf b = RT_BUF_INIT;
	const char *r;
	if (k->kind == T_WORD || k->n < 2)
		return rt_arena_strndup(a, k->p, k->n);
	char close = k->p[0] == '[' ? ']' : k->p[0];
	for (size_t j = 1; j + 1 < k->n; j++) {
		rt_buf_addch(&b, k->p[j]);
		if (k->p[j] == close && close != ']' && j + 2 < k->n &&
		    k->p[j + 1] == close)
			j++;
	}
	r = rt_arena_strndup(a, b.data, b.len);
	rt_buf_release(&b);
	return r;
}

/* The index just past the parenthesis that closes the one at i (or the
 * end). */
size_t rt_load__sqlite_skip_parens(const toks *t, size_t i)
{
	int depth = 0;
	for (; at(t, i)->kind != T_END; i++) {
		if (is_punct(t, i, '('))
			depth++;
		else if (is_punct(t, i, ')') && --depth == 0)
			return i + 1;
	}
	return i;
}

/* The text of tokens [from, to) as written, in arena a. */
const char *rt_load__sqlite_span(const toks *t, size_t from, size_t to,
				 rt_arena *a)
{
	if (to <= from)
		return rt_arena_strdup(a, "");
	const tok *f = at(t, from), *l = at(t, to - 1);
	return rt_arena_strndup(a, f->p, (size_t)(l->p + l->n - f->p));
}

bool rt_load__sqlite_same_names(const rt_vec *a, const rt_vec *b)
{
	if (a->len != b->len)
		return false;
	for (size_t i = 0; i < a->len; i++)
		if (strcasecmp(a->items[i], b->items[i]) != 0)
			return false;
	return true;
}
