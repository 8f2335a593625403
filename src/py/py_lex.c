/* SPDX-License-Identifier: MIT */
/*
 * Python's lexical language, as the tokenize module and the language
 * reference describe it: indentation turned into INDENT/DEDENT tokens,
 * newlines inside brackets and after a backslash ignored, comments
 * dropped, strings with every prefix (r, b, u, f and their pairs),
 * single or triple quoted, decoded (escapes) except f-strings, numbers
 * as written. Columns count characters, as Python's error messages do.
 */
#include "base/common.h"

#include <ctype.h>

#include "base/buf.h"
#include "py/py_int.h"

typedef struct lexer {
	rt_arena *a;
	const char *path, *t;
	size_t len, p;
	int line;
	size_t bol;	/* offset of the current line's start */
	size_t col_off; /* col_off/col_val: the last column asked */
	int col_val;	/* for, on this line (linear scans) */
	char brackets[RT_PY_DEPTH_MAX + 1];
	int bline[RT_PY_DEPTH_MAX + 1], bcol[RT_PY_DEPTH_MAX + 1];
	int depth;
	int indents[RT_PY_DEPTH_MAX + 1];
	int nindent;
	tok *v;
	size_t n, cap;
	rt_error *err;
} lexer;

/* Column (characters, from 1) of offset off on the current line. */
static int col_of(lexer *lx, size_t off)
{
	if (lx->col_off < lx->bol || lx->col_off > off) {
		lx->col_off = lx->bol;
		lx->col_val = 1;
	}
	for (; lx->col_off < off; lx->col_off++)
		if (((unsigned char)lx->t[lx->col_off] & 0xC0) != 0x80)
			lx->col_val++;
	return lx->col_val;
}

static int fail_at(lexer *lx, int line, int col, const char *fmt, ...)
    RT_PRINTF(4, 5);

static int fail_at(lexer *lx, int line, int col, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rt_errorf(lx->err, RT_EINPUT, "%s", msg);
	rt_error_at(lx->err, lx->path, line, col);
	return -1;
}

static tok *push(lexer *lx, tok_kind k, size_t off)
{
	if (lx->n == lx->cap) {
		/* malloc, not the arena: the tokens die with the parse */
		/* about a token every 4 bytes in models: rarely regrown */
		lx->cap = lx->cap ? lx->cap * 2 : lx->len / 3 + 64;
		lx->v = rt_xrealloc(lx->v, lx->cap * sizeof(*lx->v));
	}
	tok *t = &lx->v[lx->n++];
	*t = (tok){.kind = k,
		   .off = off,
		   .line = lx->line,
		   .col = off >= lx->bol ? col_of(lx, off) : 1};
	return t;
}

/* ASCII letters, '_' and any byte of a multibyte character (what
 * isalpha and isalnum give in the C locale, without a call per byte) */
static bool is_name_start(unsigned char c)
{
	return (unsigned)((c | 0x20) - 'a') < 26 || c == '_' || c >= 0x80;
}

static bool is_name_char(unsigned char c)
{
	return is_name_start(c) || (unsigned)(c - '0') < 10;
}

/* Python's keywords by first character (the parser asks for every name):
 * s[0] matched already, and every keyword has a second byte, so that
 * byte rules out most before a strcmp. */
static bool in_list(const char *s, const char *const *l)
{
	for (; *l; l++)
		if (s[1] == (*l)[1] && strcmp(s + 2, *l + 2) == 0)
			return true;
	return false;
}

bool rt_py__is_keyword(const char *s)
{
#define KW(...) in_list(s, (const char *const[]){__VA_ARGS__, NULL})
	switch (s[0]) {
	case 'F':
		return KW("False");
	case 'N':
		return KW("None");
	case 'T':
		return KW("True");
	case 'a':
		return KW("and", "as", "assert", "async", "await");
	case 'b':
		return KW("break");
	case 'c':
		return KW("class", "continue");
	case 'd':
		return KW("def", "del");
	case 'e':
		return KW("elif", "else", "except");
	case 'f':
		return KW("finally", "for", "from");
	case 'g':
		return KW("global");
	case 'i':
		return KW("if", "import", "in", "is");
	case 'l':
		return KW("lambda");
	case 'n':
		return KW("nonlocal", "not");
	case 'o':
		return KW("or");
	case 'p':
		return KW("pass");
	case 'r':
		return KW("raise", "return");
	case 't':
		return KW("try");
	case 'w':
		return KW("while", "with");
	case 'y':
		return KW("yield");
	default:
		return false;
	}
#undef KW
}

/* Appends code point cp as UTF-8. */
static void add_utf8(rt_buf *b, uint32_t cp)
{
	if (cp < 0x80) {
		rt_buf_addch(b, (char)cp);
	} else if (cp < 0x800) {
		rt_buf_addch(b, (char)(0xC0 | (cp >> 6)));
		rt_buf_addch(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		rt_buf_addch(b, (char)(0xE0 | (cp >> 12)));
		rt_buf_addch(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		rt_buf_addch(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		rt_buf_addch(b, (char)(0xF0 | (cp >> 18)));
		rt_buf_addch(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
		rt_buf_addch(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		rt_buf_addch(b, (char)(0x80 | (cp & 0x3F)));
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes the escape at body[i] (after the backslash) into b; returns
 * the number of bytes it took. */
static size_t escape(rt_buf *b, const char *s, size_t i, size_t end, bool bytes)
{
	char c = s[i];
	int n = 0;
	uint32_t cp = 0;
	switch (c) {
	case '\n':
		return 1;
	case '\r':
		return (i + 1 < end && s[i + 1] == '\n') ? 2 : 1;
	case '\\':
	case '\'':
	case '"':
		rt_buf_addch(b, c);
		return 1;
	case 'a':
		rt_buf_addch(b, '\a');
		return 1;
	case 'b':
		rt_buf_addch(b, '\b');
		return 1;
	case 'f':
		rt_buf_addch(b, '\f');
		return 1;
	case 'n':
		rt_buf_addch(b, '\n');
		return 1;
	case 'r':
		rt_buf_addch(b, '\r');
		return 1;
	case 't':
		rt_buf_addch(b, '\t');
		return 1;
	case 'v':
		rt_buf_addch(b, '\v');
		return 1;
	case 'x':
		n = 2;
		break;
	case 'u':
		n = bytes ? 0 : 4;
		break;
	case 'U':
		n = bytes ? 0 : 8;
		break;
	default:
		if (c >= '0' && c <= '7') {
			size_t k = 0;
			while (k < 3 && i + k < end && s[i + k] >= '0' &&
			       s[i + k] <= '7') {
				cp = cp * 8 + (uint32_t)(s[i + k] - '0');
				k++;
			}
			if (bytes)
				rt_buf_addch(b, (char)(cp & 0xFF));
			else
				add_utf8(b, cp);
			return k;
		}
		break;
	}
	if (n > 0 && i + (size_t)n < end) {
		for (int k = 1; k <= n; k++) {
			int h = hexval(s[i + (size_t)k]);
			if (h < 0)
				goto keep;
			cp = cp * 16 + (uint32_t)h;
		}
		if (bytes || c == 'x') {
			if (bytes)
				rt_buf_addch(b, (char)cp);
			else
				add_utf8(b, cp);
		} else {
			add_utf8(b, cp > 0x10FFFF ? 0xFFFD : cp);
		}
		return (size_t)n + 1;
	}
keep:
	/* unknown escape (\N{...} included): kept as written */
	rt_buf_addch(b, '\\');
	rt_buf_addch(b, c);
	return 1;
}

/* A string literal at lx->p, after a prefix of plen bytes. */
static int lex_string(lexer *lx, size_t start, size_t plen)
{
	bool raw = false, bytes = false, fstr = false;
	for (size_t i = start; i < start + plen; i++) {
		char c = (char)tolower((unsigned char)lx->t[i]);
		raw |= c == 'r';
		bytes |= c == 'b';
		fstr |= c == 'f';
	}
	size_t p = start + plen;
	char q = lx->t[p];
	bool triple = p + 2 < lx->len && lx->t[p + 1] == q && lx->t[p + 2] == q;
	int sline = lx->line, scol = col_of(lx, start);
	p += triple ? 3 : 1;
	size_t body = p;
	for (;;) {
		if (p >= lx->len) {
			if (triple)
				return fail_at(lx, sline, scol,
					       "syntax error: unterminated "
					       "triple-quoted "
					       "string literal (detected at "
					       "line %d)",
					       lx->line);
			return fail_at(lx, sline, scol,
				       "syntax error: unterminated string "
				       "literal (detected "
				       "at line %d)",
				       sline);
		}
		char c = lx->t[p];
		if (c == '\\' && p + 1 < lx->len) {
			char d = lx->t[p + 1];
			p += 2;
			if (d == '\r' && p < lx->len && lx->t[p] == '\n')
				p++;
			if (d == '\n' || d == '\r') {
				lx->line++;
				lx->bol = p;
			}
			continue;
		}
		if (c == '\n' || c == '\r') {
			if (!triple)
				return fail_at(
				    lx, sline, scol,
				    "syntax error: unterminated string "
				    "literal "
				    "(detected at line %d)",
				    sline);
			if (c == '\r' && p + 1 < lx->len &&
			    lx->t[p + 1] == '\n')
				p++;
			lx->line++;
			lx->bol = p + 1;
			p++;
			continue;
		}
		if (c == q &&
		    (!triple || (p + 2 < lx->len && lx->t[p + 1] == q &&
				 lx->t[p + 2] == q)))
			break;
		p++;
	}
	size_t end = p;
	tok *t = push(lx, T_STRING, start);
	t->line = sline;
	t->col = scol;
	t->flags = (bytes ? TF_BYTES : 0) | (fstr ? TF_FSTRING : 0);
	if (raw || fstr) {
		t->s = rt_arena_strndup(lx->a, lx->t + body, end - body);
		t->len = end - body;
	} else {
		rt_buf b = RT_BUF_INIT;
		for (size_t i = body; i < end;) {
			if (lx->t[i] == '\\' && i + 1 < end) {
				i += 1 + escape(&b, lx->t, i + 1, end, bytes);
			} else {
				rt_buf_addch(&b, lx->t[i]);
				i++;
			}
		}
		t->len = b.len;
		t->s = rt_arena_strndup(lx->a, b.data, b.len);
		rt_buf_release(&b);
	}
	lx->p = end + (triple ? 3 : 1);
	return 0;
}

static size_t digits(const char *t, size_t p, size_t len, int (*ok)(int))
{
	while (p < len && (ok((unsigned char)t[p]) || t[p] == '_'))
		p++;
	return p;
}

static int is_hex(int c)
{
	return isxdigit(c);
}

static int is_dec(int c)
{
	return isdigit(c);
}

static void lex_number(lexer *lx)
{
	size_t s = lx->p, p = s, len = lx->len;
	const char *t = lx->t;
	if (t[p] == '0' && p + 1 < len && strchr("xXoObB", t[p + 1])) {
		p = digits(t, p + 2, len, is_hex);
	} else {
		p = digits(t, p, len, is_dec);
		if (p < len && t[p] == '.')
			p = digits(t, p + 1, len, is_dec);
		if (p < len && (t[p] == 'e' || t[p] == 'E')) {
			size_t q = p + 1;
			if (q < len && (t[q] == '+' || t[q] == '-'))
				q++;
			if (q < len && isdigit((unsigned char)t[q]))
				p = digits(t, q, len, is_dec);
		}
		if (p < len && (t[p] == 'j' || t[p] == 'J'))
			p++;
	}
	tok *k = push(lx, T_NUMBER, s);
	k->s = rt_arena_strndup(lx->a, t + s, p - s);
	k->len = p - s;
	lx->p = p;
}

static const char *const ops3[] = {"**=", "//=", ">>=", "<<=", "...", NULL};
static const char *const ops2[] = {
    "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "->", ":=",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", NULL};

static int lex_op(lexer *lx)
{
	const char *t = lx->t + lx->p;
	size_t rem = lx->len - lx->p;
	/* only these characters start a two- or three-character operator,
	 * and only these come second in one */
	if (rem >= 2 && t[0] && strchr("*/<>=!-:+%&|^@.", t[0]) &&
	    (t[1] == '=' || t[1] == '*' || t[1] == '/' || t[1] == '<' ||
	     t[1] == '>' || t[1] == '.')) {
		const char *const *tabs[] = {ops3, ops2};
		size_t lens[] = {3, 2};
		for (int k = 0; k < 2; k++) {
			if (rem < lens[k])
				continue;
			for (const char *const *o = tabs[k]; *o; o++) {
				if ((*o)[0] != t[0] || (*o)[1] != t[1] ||
				    (lens[k] == 3 && (*o)[2] != t[2]))
					continue;
				tok *x = push(lx, T_OP, lx->p);
				x->s = *o;
				x->len = lens[k];
				lx->p += lens[k];
				return 0;
			}
		}
	}
	char c = *t;
	static const char single[] = "+-*/%@&|^~<>()[]{},:;.=!";
	const char *at = c ? strchr(single, c) : NULL;
	if (!at) {
		unsigned char u = (unsigned char)c;
		if (u < 0x20 || u == 0x7F)
			return fail_at(lx, lx->line, col_of(lx, lx->p),
				       "invalid non-printable character "
				       "U+%04X",
				       u);
		return fail_at(lx, lx->line, col_of(lx, lx->p),
			       "invalid character '%c'", c);
	}
	int line = lx->line, col = col_of(lx, lx->p);
	if (c == '(' || c == '[' || c == '{') {
		if (lx->depth >= RT_PY_DEPTH_MAX)
			return fail_at(lx, line, col,
				       "too many nested parentheses (over "
				       "%d)",
				       RT_PY_DEPTH_MAX);
		lx->brackets[lx->depth] = c;
		lx->bline[lx->depth] = line;
		lx->bcol[lx->depth] = col;
		lx->depth++;
	} else if (c == ')' || c == ']' || c == '}') {
		char open = c == ')' ? '(' : c == ']' ? '[' : '{';
		if (lx->depth == 0)
			return fail_at(lx, line, col,
				       "syntax error: unmatched '%c'", c);
		char was = lx->brackets[lx->depth - 1];
		if (was != open)
			return fail_at(lx, line, col,
				       "syntax error: closing parenthesis "
				       "'%c' does not "
				       "match opening parenthesis '%c' on "
				       "line %d",
				       c, was, lx->bline[lx->depth - 1]);
		lx->depth--;
	}
	static const char *const names[] = {
	    "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">",
	    "(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "=", "!"};
	tok *x = push(lx, T_OP, lx->p);
	x->s = names[at - single];
	x->len = 1;
	lx->p++;
	return 0;
}

/* The coding declaration of the first two lines is UTF-8 (or absent). */
static bool utf8_declared(const char *t, size_t len)
{
	size_t p = 0;
	for (int line = 0; line < 2 && p < len; line++) {
		size_t e = p;
		while (e < len && t[e] != '\n')
			e++;
		const char *c = NULL;
		for (size_t i = p; i + 6 < e; i++) {
			if (memcmp(t + i, "coding", 6) == 0 &&
			    (t[i + 6] == ':' || t[i + 6] == '=')) {
				c = t + i + 7;
				break;
			}
		}
		if (c) {
			while (c < t + e && (*c == ' ' || *c == '\t'))
				c++;
			return strncasecmp(c, "utf-8", 5) == 0 ||
			       strncasecmp(c, "utf8", 4) == 0 ||
			       strncasecmp(c, "utf_8", 5) == 0;
		}
		p = e + 1;
	}
	return true;
}

/* Offset of the first byte that is not valid UTF-8, or len. */
static size_t utf8_bad(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		uint32_t min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			n = 1;
			min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2;
			min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3;
			min = 0x10000;
		} else {
			return i;
		}
		uint32_t cp = c & (0x3F >> n);
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
			return i;
		i += n + 1;
	}
	return len;
}

/* Line and column of offset off, counted from the start. */
static void place(const char *t, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (t[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)t[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

static bool last_is_line_end(lexer *lx)
{
	if (lx->n == 0)
		return true;
	tok_kind k = lx->v[lx->n - 1].kind;
	return k == T_NEWLINE || k == T_INDENT || k == T_DEDENT;
}

/* At the start of a logical line: indentation, blank and comment lines. */
static int line_start(lexer *lx)
{
	for (;;) {
		int width = 0;
		size_t p = lx->p;
		while (p < lx->len) {
			char c = lx->t[p];
			if (c == ' ')
				width++;
			else if (c == '\t')
				width = (width / 8 + 1) * 8;
			else if (c == '\f')
				width = 0;
			else
				break;
			p++;
		}
		if (p >= lx->len) {
			lx->p = p;
			return 0;
		}
		char c = lx->t[p];
		if (c == '#' || c == '\n' || c == '\r') {
			while (p < lx->len && lx->t[p] != '\n' &&
			       lx->t[p] != '\r')
				p++;
			if (p < lx->len) {
				if (lx->t[p] == '\r' && p + 1 < lx->len &&
				    lx->t[p + 1] == '\n')
					p++;
				p++;
				lx->line++;
				lx->bol = p;
			}
			lx->p = p;
			continue;
		}
		lx->p = p;
		int top = lx->indents[lx->nindent - 1];
		if (width > top) {
			if (lx->nindent > RT_PY_DEPTH_MAX)
				return fail_at(lx, lx->line, 1,
					       "too many levels of "
					       "indentation (over %d)",
					       RT_PY_DEPTH_MAX);
			lx->indents[lx->nindent++] = width;
			push(lx, T_INDENT, p);
		} else {
			while (width < lx->indents[lx->nindent - 1]) {
				lx->nindent--;
				push(lx, T_DEDENT, p);
			}
			if (width != lx->indents[lx->nindent - 1])
				return fail_at(
				    lx, lx->line, col_of(lx, p),
				    "syntax error: unindent does not "
				    "match any "
				    "outer indentation level");
		}
		return 0;
	}
}

/* The body of rt_py__lex: tokens into lx->v (malloc'd; the caller frees
 * them on failure too). */
static int lex_all(lexer *lx)
{
	rt_arena *a = lx->a;
	const char *text = lx->t;
	size_t len = lx->len;
	int line, col;
	if (len > RT_PY_FILE_MAX)
		return fail_at(lx, 0, 0, "file too large (over %d MiB)",
			       RT_PY_FILE_MAX >> 20);
	const char *nul = memchr(text, 0, len);
	if (nul) {
		place(text, (size_t)(nul - text), &line, &col);
		return fail_at(lx, line, col,
			       "source code cannot contain null bytes");
	}
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		lx->p = lx->bol = 3;
	if (utf8_declared(text, len)) {
		size_t bad = utf8_bad((const unsigned char *)text, len);
		if (bad < len) {
			place(text, bad, &line, &col);
			return fail_at(lx, line, col,
				       "invalid UTF-8 byte 0x%02X (the file "
				       "declares no other encoding)",
				       (unsigned char)text[bad]);
		}
	}
	bool bol = true;
	while (lx->p < lx->len) {
		if (bol && lx->depth == 0) {
			if (line_start(lx) < 0)
				return -1;
			bol = false;
			if (lx->p >= lx->len)
				break;
		}
		size_t p = lx->p;
		unsigned char c = (unsigned char)text[p];
		if (c == ' ' || c == '\t' || c == '\f') {
			lx->p++;
		} else if (c == '#') {
			while (lx->p < len && text[lx->p] != '\n' &&
			       text[lx->p] != '\r')
				lx->p++;
		} else if (c == '\\') {
			size_t q = p + 1;
			if (q < len && text[q] == '\r')
				q++;
			if (q < len && text[q] == '\n')
				q++;
			else if (q == p + 1 || q > p + 2)
				return fail_at(lx, lx->line, col_of(lx, p),
					       "syntax error: unexpected "
					       "character after "
					       "line continuation character");
			lx->p = q;
			lx->line++;
			lx->bol = q;
		} else if (c == '\n' || c == '\r') {
			if (lx->depth == 0 && !last_is_line_end(lx))
				push(lx, T_NEWLINE, p);
			lx->p++;
			if (c == '\r' && lx->p < len && text[lx->p] == '\n')
				lx->p++;
			lx->line++;
			lx->bol = lx->p;
			bol = lx->depth == 0;
		} else if (is_name_start(c)) {
			size_t e = p;
			while (e < len && is_name_char((unsigned char)text[e]))
				e++;
			size_t plen = e - p;
			if (e < len && (text[e] == '\'' || text[e] == '"') &&
			    plen <= 2) {
				bool prefix = true;
				for (size_t i = p; i < e; i++)
					prefix &=
					    strchr("rRbBuUfF", text[i]) != NULL;
				if (prefix) {
					if (lex_string(lx, p, plen) < 0)
						return -1;
					continue;
				}
			}
			tok *t = push(lx, T_NAME, p);
			t->s = rt_arena_strndup(a, text + p, plen);
			/* keywords and the soft keywords the parser asks about
			 */
			if (rt_py__is_keyword(t->s) ||
			    (t->s[0] == 'm' && !strcmp(t->s, "match")) ||
			    (t->s[0] == 'c' && !strcmp(t->s, "case")))
				t->flags |= TF_KEYWORD;
			t->len = plen;
			lx->p = e;
		} else if (isdigit(c) ||
			   (c == '.' && p + 1 < len &&
			    isdigit((unsigned char)text[p + 1]))) {
			lex_number(lx);
		} else if (c == '\'' || c == '"') {
			if (lex_string(lx, p, 0) < 0)
				return -1;
		} else {
			if (lex_op(lx) < 0)
				return -1;
		}
	}
	if (lx->depth > 0)
		return fail_at(lx, lx->bline[lx->depth - 1],
			       lx->bcol[lx->depth - 1],
			       "syntax error: '%c' was never "
			       "closed",
			       lx->brackets[lx->depth - 1]);
	if (!last_is_line_end(lx))
		push(lx, T_NEWLINE, lx->p);
	while (lx->nindent > 1) {
		lx->nindent--;
		push(lx, T_DEDENT, lx->p);
	}
	push(lx, T_END, lx->p);
	return 0;
}

int rt_py__lex(tokens *out, rt_arena *a, const char *path, const char *text,
	       size_t len, rt_error *err)
{
	lexer lx = {.a = a,
		    .path = path,
		    .t = text,
		    .len = len,
		    .line = 1,
		    .col_val = 1,
		    .v = out->v,
		    .cap = out->v ? out->cap : 0,
		    .err = err};
	lx.indents[0] = 0;
	lx.nindent = 1;
	int rc = lex_all(&lx);
	out->v = lx.v;
	out->cap = lx.cap;
	out->n = rc < 0 ? 0 : lx.n;
	return rc;
}

void rt_py__tokens_release(tokens *toks)
{
	free(toks->v);
	toks->v = NULL;
	toks->n = 0;
	toks->cap = 0;
}
