/* SPDX-License-Identifier: MIT */
/*
 * A TOML 1.0 reader: a recursive descent over the text with the place of
 * every byte known (line, and column in characters), building the tree in
 * an arena. Tables carry flags that enforce the spec's rules on defining
 * a table twice (by header, by dotted keys, inline). Pure: no I/O.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/toml.h"

#include <errno.h>
#include <math.h>

enum {
	F_IMPLICIT = 1, /* created as a parent by a [header] */
	F_DEFINED = 2,	/* defined by its own [header] or [[header]] */
	F_DOTTED = 4,	/* created by a dotted key */
	F_SEALED = 8,	/* an inline table (or inside one): closed */
	F_AOT = 16,	/* an array made by [[header]] */
};

typedef struct P {
	rt_arena *a;
	const char *name;
	const char *p, *e;
	int line;
	const char *bol; /* start of the current line */
	int depth;
	rt_error *err;
	rt_toml_value *root, *cur;
	const char *vpath; /* the key path of the value being read */
} P;

static int col_of(const P *p, const char *at)
{
	if (at < p->bol)
		return 0;
	int c = 1;
	for (const char *s = p->bol; s < at; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			c++;
	return c;
}

RT_PRINTF(3, 4)
static int fail(P *p, const char *at, const char *fmt, ...)
{
	va_list ap;
	char msg[400];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rt_errorf(p->err, RT_EINPUT, "%s", msg);
	rt_error_at(p->err, p->name, p->line, col_of(p, at));
	return -1;
}

/* What is at p->p, for messages. */
static const char *what(P *p)
{
	if (p->p >= p->e)
		return "the end of the file";
	unsigned char c = (unsigned char)*p->p;
	if (c == '\n' || c == '\r')
		return "the end of the line";
	if (c < 0x20 || c == 0x7f)
		return "a control character";
	const char *s = p->p;
	size_t n = 1;
	while (n < 16 && s + n < p->e && s[n] != '\n' && s[n] != '\r' &&
	       s[n] != ' ' && s[n] != '\t')
		n++;
	return rt_arena_printf(p->a, "'%.*s'", (int)n, s);
}

static bool at_eof(P *p)
{
	return p->p >= p->e;
}

static bool ctrl(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

static void skip_ws(P *p)
{
	while (p->p < p->e && (*p->p == ' ' || *p->p == '\t'))
		p->p++;
}

/* A newline at p->p (LF or CRLF): consumed, true. */
static bool newline(P *p)
{
	if (p->p < p->e && *p->p == '\n') {
		p->p++;
	} else if (p->e - p->p >= 2 && p->p[0] == '\r' && p->p[1] == '\n') {
		p->p += 2;
	} else {
		return false;
	}
	p->line++;
	p->bol = p->p;
	return true;
}

/* A comment at p->p: skipped up to its newline; -1 on a control char. */
static int comment(P *p)
{
	if (p->p >= p->e || *p->p != '#')
		return 0;
	while (p->p < p->e && *p->p != '\n') {
		unsigned char c = (unsigned char)*p->p;
		if (c == '\r' && p->p + 1 < p->e && p->p[1] == '\n')
			break;
		if (ctrl(c))
			return fail(p, p->p,
				    "control character 0x%02x in a comment", c);
		p->p++;
	}
	return 0;
}

/* Blanks, comments and newlines (inside arrays). */
static int skip_all(P *p)
{
	for (;;) {
		skip_ws(p);
		if (comment(p) < 0)
			return -1;
		if (!newline(p))
			return 0;
	}
}

/* ---- strings ----------------------------------------------------------- */

static void add_utf8(rt_buf *b, uint32_t c)
{
	if (c < 0x80) {
		rt_buf_addch(b, (char)c);
	} else if (c < 0x800) {
		rt_buf_addch(b, (char)(0xc0 | (c >> 6)));
		rt_buf_addch(b, (char)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		rt_buf_addch(b, (char)(0xe0 | (c >> 12)));
		rt_buf_addch(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		rt_buf_addch(b, (char)(0x80 | (c & 0x3f)));
	} else {
		rt_buf_addch(b, (char)(0xf0 | (c >> 18)));
		rt_buf_addch(b, (char)(0x80 | ((c >> 12) & 0x3f)));
		rt_buf_addch(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		rt_buf_addch(b, (char)(0x80 | (c & 0x3f)));
	}
}

/* An escape at p->p (the backslash) into b. */
static int escape(P *p, rt_buf *b)
{
	const char *at = p->p;
	p->p++;
	if (at_eof(p))
		return fail(p, at, "unterminated string");
	char c = *p->p++;
	switch (c) {
	case 'b':
		rt_buf_addch(b, '\b');
		return 0;
	case 't':
		rt_buf_addch(b, '\t');
		return 0;
	case 'n':
		rt_buf_addch(b, '\n');
		return 0;
	case 'f':
		rt_buf_addch(b, '\f');
		return 0;
	case 'r':
		rt_buf_addch(b, '\r');
		return 0;
	case '"':
		rt_buf_addch(b, '"');
		return 0;
	case '\\':
		rt_buf_addch(b, '\\');
		return 0;
	case 'u':
	case 'U': {
		int n = c == 'u' ? 4 : 8;
		uint32_t v = 0;
		for (int i = 0; i < n; i++) {
			if (at_eof(p))
				return fail(p, at, "unterminated string");
			char h = *p->p;
			int d = h >= '0' && h <= '9'   ? h - '0'
				: h >= 'a' && h <= 'f' ? h - 'a' + 10
				: h >= 'A' && h <= 'F' ? h - 'A' + 10
						       : -1;
			if (d < 0)
				return fail(p, at,
					    "invalid escape: \\%c needs %d hex "
					    "digits",
					    c, n);
			v = v * 16 + (uint32_t)d;
			p->p++;
		}
		if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
			return fail(p, at,
				    "invalid escape: U+%04X is not a Unicode "
				    "scalar value",
				    (unsigned)v);
		add_utf8(b, v);
		return 0;
	}
	default:
		return fail(p, at,
			    "invalid escape '\\%c' (escapes: \\b \\t \\n \\f "
			    "\\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)",
			    c);
	}
}

/* A string at p->p (its opening quote) into *s / *n, in the arena. */
static int string(P *p, const char **s, size_t *n, bool allow_ml)
{
	char q = *p->p;
	const char *at = p->p;
	bool ml = p->e - p->p >= 3 && p->p[1] == q && p->p[2] == q;
	int sline = p->line;
	const char *sbol = p->bol;
	rt_buf b = RT_BUF_INIT;
	if (ml && !allow_ml) {
		rt_buf_release(&b);
		return fail(p, at, "a multi-line string cannot be a key");
	}
	p->p += ml ? 3 : 1;
	if (ml)
		(void)newline(p); /* a newline right after the quotes */
	for (;;) {
		if (at_eof(p)) {
			p->line = sline;
			p->bol = sbol;
			fail(p, at, "unterminated string");
			goto bad;
		}
		unsigned char c = (unsigned char)*p->p;
		if (c == (unsigned char)q) {
			if (!ml) {
				p->p++;
				break;
			}
			size_t k = 0;
			while (p->p + k < p->e && p->p[k] == q)
				k++;
			if (k >= 3) {
				if (k > 5) {
					fail(p, p->p,
					     "too many quotes closing a "
					     "multi-line string");
					goto bad;
				}
				for (size_t i = 3; i < k; i++)
					rt_buf_addch(&b, q);
				p->p += k;
				break;
			}
			for (size_t i = 0; i < k; i++)
				rt_buf_addch(&b, q);
			p->p += k;
			continue;
		}
		if (c == '\n' || c == '\r') {
			if (!ml) {
				fail(p, p->p,
				     "unterminated string (a newline "
				     "before the closing quote)");
				goto bad;
			}
			if (!newline(p)) {
				fail(p, p->p,
				     "a carriage return not "
				     "followed by a newline");
				goto bad;
			}
			rt_buf_addch(&b, '\n');
			continue;
		}
		if (ctrl(c)) {
			fail(p, p->p, "control character 0x%02x in a string",
			     c);
			goto bad;
		}
		if (c == '\\' && q == '"') {
			if (ml) {
				/* a line-ending backslash trims the
				 * blanks and newlines after it */
				const char *r = p->p + 1;
				while (r < p->e && (*r == ' ' || *r == '\t'))
					r++;
				if (r < p->e && (*r == '\n' || *r == '\r')) {
					p->p = r;
					for (;;) {
						skip_ws(p);
						if (!newline(p))
							break;
					}
					continue;
				}
			}
			if (escape(p, &b) < 0)
				goto bad;
			continue;
		}
		rt_buf_addch(&b, (char)c);
		p->p++;
	}
	*n = b.len;
	*s = rt_buf_detach_arena(&b, p->a);
	return 0;
bad:
	rt_buf_release(&b);
	return -1;
}

/* ---- keys and tables --------------------------------------------------- */

static bool bare_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

typedef struct key_part {
	const char *s;
	const char *at; /* place in the text */
} key_part;

#define KEY_PARTS_MAX 64

/* A dotted key into parts[0..*n). */
static int key(P *p, key_part *parts, size_t *n)
{
	*n = 0;
	for (;;) {
		skip_ws(p);
		const char *at = p->p;
		const char *s;
		size_t len;
		if (at_eof(p))
			return fail(p, at, "expected a key, found %s", what(p));
		if (*p->p == '"' || *p->p == '\'') {
			if (string(p, &s, &len, false) < 0)
				return -1;
			if (strlen(s) != len)
				return fail(p, at, "a key holds a NUL byte");
		} else if (bare_char(*p->p)) {
			while (p->p < p->e && bare_char(*p->p))
				p->p++;
			s = rt_arena_strndup(p->a, at, (size_t)(p->p - at));
		} else {
			return fail(p, at, "expected a key, found %s", what(p));
		}
		if (*n == KEY_PARTS_MAX)
			return fail(p, at, "a key of more than %d parts",
				    KEY_PARTS_MAX);
		parts[*n].s = s;
		parts[*n].at = at;
		(*n)++;
		skip_ws(p);
		if (p->p < p->e && *p->p == '.') {
			p->p++;
			continue;
		}
		return 0;
	}
}

static rt_toml_value *value_new(P *p, rt_toml_type type, const char *at)
{
	rt_toml_value *v = RT_NEW(p->a, rt_toml_value);
	v->type = type;
	v->line = p->line;
	v->col = col_of(p, at);
	return v;
}

static rt_toml_value *table_new(P *p, const rt_toml_value *parent,
				const char *k, const char *at, unsigned flags)
{
	rt_toml_value *t = value_new(p, RT_TOML_TABLE, at);
	t->flags = flags;
	t->file = p->name;
	t->path = parent->path[0]
		      ? rt_arena_printf(p->a, "%s.%s", parent->path, k)
		      : k;
	return t;
}

static rt_toml_kv *get_kv(const rt_toml_value *t, const char *k)
{
	return rt_map_get(&t->keys, k, strlen(k));
}

static void put(P *p, rt_toml_value *t, const char *k, rt_toml_value *v)
{
	rt_toml_kv *kv = RT_NEW(p->a, rt_toml_kv);
	kv->key = k;
	kv->value = v;
	rt_map_put(&t->keys, p->a, k, strlen(k), kv);
	rt_vec_push(&t->items, p->a, kv);
}

static const char *full(P *p, const rt_toml_value *t, const char *k)
{
	return t->path[0] ? rt_arena_printf(p->a, "%s.%s", t->path, k) : k;
}

/* Into the table under key k of t on the way to a header's table. */
static int header_step(P *p, rt_toml_value **t, const key_part *k)
{
	rt_toml_kv *kv = get_kv(*t, k->s);
	if (!kv) {
		rt_toml_value *n = table_new(p, *t, k->s, k->at, F_IMPLICIT);
		put(p, *t, k->s, n);
		*t = n;
		return 0;
	}
	rt_toml_value *v = kv->value;
	if (v->type == RT_TOML_ARRAY && (v->flags & F_AOT)) {
		*t = v->items.items[v->items.len - 1];
		return 0;
	}
	if (v->type != RT_TOML_TABLE)
		return fail(p, k->at, "'%s' is %s (line %d), not a table",
			    full(p, *t, k->s), rt_toml_type_name(v->type),
			    v->line);
	if (v->flags & F_SEALED)
		return fail(p, k->at,
			    "'%s' is an inline table (line %d): it cannot be "
			    "extended",
			    full(p, *t, k->s), v->line);
	*t = v;
	return 0;
}

/* [a.b] or [[a.b]] at p->p. */
static int header(P *p)
{
	const char *at = p->p;
	bool aot = p->e - p->p >= 2 && p->p[1] == '[';
	key_part parts[KEY_PARTS_MAX];
	size_t n;
	p->p += aot ? 2 : 1;
	if (key(p, parts, &n) < 0)
		return -1;
	if (p->p >= p->e || *p->p != ']' ||
	    (aot && (p->e - p->p < 2 || p->p[1] != ']')))
		return fail(p, p->p,
			    "expected '%s' closing the table header, "
			    "found %s",
			    aot ? "]]" : "]", what(p));
	p->p += aot ? 2 : 1;
	rt_toml_value *t = p->root;
	for (size_t i = 0; i + 1 < n; i++)
		if (header_step(p, &t, &parts[i]) < 0)
			return -1;
	const key_part *k = &parts[n - 1];
	rt_toml_kv *kv = get_kv(t, k->s);
	const char *name = full(p, t, k->s);
	if (aot) {
		rt_toml_value *arr;
		if (!kv) {
			arr = value_new(p, RT_TOML_ARRAY, at);
			arr->flags = F_AOT;
			put(p, t, k->s, arr);
		} else if (kv->value->type == RT_TOML_ARRAY &&
			   (kv->value->flags & F_AOT)) {
			arr = kv->value;
		} else {
			return fail(p, at,
				    "[[%s]]: '%s' is %s (line %d), not an "
				    "array of tables",
				    name, name,
				    rt_toml_type_name(kv->value->type),
				    kv->value->line);
		}
		rt_toml_value *nt = table_new(p, t, k->s, at, F_DEFINED);
		rt_vec_push(&arr->items, p->a, nt);
		p->cur = nt;
		return 0;
	}
	if (!kv) {
		rt_toml_value *nt = table_new(p, t, k->s, at, F_DEFINED);
		put(p, t, k->s, nt);
		p->cur = nt;
		return 0;
	}
	rt_toml_value *v = kv->value;
	if (v->type == RT_TOML_TABLE && v->flags == F_IMPLICIT) {
		v->flags = F_DEFINED;
		v->line = p->line;
		v->col = col_of(p, at);
		p->cur = v;
		return 0;
	}
	if (v->type == RT_TOML_TABLE && (v->flags & F_DOTTED) &&
	    !(v->flags & F_SEALED))
		return fail(p, at,
			    "table [%s] was already defined by dotted keys "
			    "(line %d)",
			    name, v->line);
	if (v->type == RT_TOML_TABLE)
		return fail(p, at,
			    "table [%s] is defined twice (first at line "
			    "%d)",
			    name, v->line);
	return fail(p, at, "[%s]: '%s' is %s (line %d), not a table", name,
		    name,
		    (v->flags & F_AOT) ? "an array of tables"
				       : rt_toml_type_name(v->type),
		    v->line);
}

static int value(P *p, rt_toml_value **out);

/* key = value, into table t. */
static int keyval(P *p, rt_toml_value *t)
{
	key_part parts[KEY_PARTS_MAX];
	size_t n;
	if (key(p, parts, &n) < 0)
		return -1;
	if (p->p >= p->e || *p->p != '=')
		return fail(p, p->p,
			    "expected '=' after the key '%s', found %s",
			    parts[n - 1].s, what(p));
	p->p++;
	skip_ws(p);
	for (size_t i = 0; i + 1 < n; i++) {
		const key_part *k = &parts[i];
		rt_toml_kv *kv = get_kv(t, k->s);
		if (!kv) {
			rt_toml_value *nt =
			    table_new(p, t, k->s, k->at, F_DOTTED);
			put(p, t, k->s, nt);
			t = nt;
			continue;
		}
		rt_toml_value *v = kv->value;
		if (v->type != RT_TOML_TABLE)
			return fail(p, k->at,
				    "'%s' is %s (line %d), not a table",
				    full(p, t, k->s),
				    rt_toml_type_name(v->type), v->line);
		if (v->flags & F_SEALED)
			return fail(p, k->at,
				    "'%s' is an inline table (line %d): it "
				    "cannot be extended",
				    full(p, t, k->s), v->line);
		if (!(v->flags & F_DOTTED))
			return fail(p, k->at,
				    "'%s' is a table with a header (line "
				    "%d): dotted keys cannot add to it",
				    full(p, t, k->s), v->line);
		t = v;
	}
	const key_part *k = &parts[n - 1];
	rt_toml_kv *kv = get_kv(t, k->s);
	if (kv)
		return fail(p, k->at, "duplicate key '%s' (first at line %d)",
			    full(p, t, k->s), kv->value->line);
	rt_toml_value *v;
	p->vpath = full(p, t, k->s);
	if (value(p, &v) < 0)
		return -1;
	put(p, t, k->s, v);
	return 0;
}

/* ---- values ------------------------------------------------------------ */

static void seal(rt_toml_value *t)
{
	t->flags |= F_SEALED;
	for (size_t i = 0; i < t->items.len; i++) {
		rt_toml_kv *kv = t->items.items[i];
		if (kv->value->type == RT_TOML_TABLE)
			seal(kv->value);
	}
}

static int inline_table(P *p, rt_toml_value **out)
{
	const char *at = p->p;
	rt_toml_value *t = value_new(p, RT_TOML_TABLE, at);
	t->file = p->name;
	t->path = p->vpath ? p->vpath : "";
	t->flags = F_DOTTED; /* its own keys may be dotted into it */
	p->p++;
	skip_ws(p);
	if (p->p < p->e && *p->p == '}') {
		p->p++;
		goto done;
	}
	for (;;) {
		skip_ws(p);
		if (p->p < p->e && (*p->p == '\n' || *p->p == '\r'))
			return fail(p, p->p,
				    "a newline inside an inline table "
				    "(TOML 1.0 keeps them on one "
				    "line)");
		if (p->p < p->e && *p->p == '}')
			return fail(p, p->p,
				    "a trailing comma in an inline table");
		if (keyval(p, t) < 0)
			return -1;
		skip_ws(p);
		if (p->p < p->e && *p->p == ',') {
			p->p++;
			continue;
		}
		if (p->p < p->e && *p->p == '}') {
			p->p++;
			break;
		}
		if (p->p < p->e && (*p->p == '\n' || *p->p == '\r'))
			return fail(p, p->p,
				    "a newline inside an inline table "
				    "(TOML 1.0 keeps them on one "
				    "line)");
		return fail(p, p->p,
			    "expected ',' or '}' in an inline table, found %s",
			    what(p));
	}
done:
	seal(t);
	*out = t;
	return 0;
}

static int array(P *p, rt_toml_value **out)
{
	rt_toml_value *arr = value_new(p, RT_TOML_ARRAY, p->p);
	const char *path = p->vpath;
	p->p++;
	for (;;) {
		if (skip_all(p) < 0)
			return -1;
		if (p->p < p->e && *p->p == ']') {
			p->p++;
			break;
		}
		rt_toml_value *v;
		p->vpath = path;
		if (value(p, &v) < 0)
			return -1;
		rt_vec_push(&arr->items, p->a, v);
		if (skip_all(p) < 0)
			return -1;
		if (p->p < p->e && *p->p == ',') {
			p->p++;
			continue;
		}
		if (p->p < p->e && *p->p == ']') {
			p->p++;
			break;
		}
		return fail(p, p->p,
			    "expected ',' or ']' in an array, found %s",
			    what(p));
	}
	*out = arr;
	return 0;
}

static bool dig(char c)
{
	return c >= '0' && c <= '9';
}

static bool digs(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!dig(s[i]))
			return false;
	return true;
}

static int num2(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* hh:mm:ss[.frac] at s[0..n): its length, 0 when not one. */
static size_t time_part(const char *s, size_t n)
{
	if (n < 8 || !digs(s, 2) || s[2] != ':' || !digs(s + 3, 2) ||
	    s[5] != ':' || !digs(s + 6, 2))
		return 0;
	if (num2(s) > 23 || num2(s + 3) > 59 || num2(s + 6) > 60)
		return 0;
	size_t i = 8;
	if (i < n && s[i] == '.') {
		i++;
		size_t f = i;
		while (i < n && dig(s[i]))
			i++;
		if (i == f)
			return 0;
	}
	return i;
}

static bool datetime_ok(const char *s, size_t n)
{
	if (n >= 10 && digs(s, 4) && s[4] == '-' && digs(s + 5, 2) &&
	    s[7] == '-' && digs(s + 8, 2)) {
		static const int mdays[] = {31, 29, 31, 30, 31, 30,
					    31, 31, 30, 31, 30, 31};
		int year = num2(s) * 100 + num2(s + 2);
		int mon = num2(s + 5), day = num2(s + 8);
		if (mon < 1 || mon > 12 || day < 1 || day > mdays[mon - 1])
			return false;
		bool leap =
		    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
		if (mon == 2 && day == 29 && !leap)
			return false;
		if (n == 10)
			return true;
		if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
			return false;
		size_t t = time_part(s + 11, n - 11);
		if (!t)
			return false;
		size_t i = 11 + t;
		if (i == n)
			return true;
		if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == n)
			return true;
		return (s[i] == '+' || s[i] == '-') && n - i == 6 &&
		       digs(s + i + 1, 2) && s[i + 3] == ':' &&
		       digs(s + i + 4, 2) && num2(s + i + 1) < 24 &&
		       num2(s + i + 4) < 60;
	}
	return time_part(s, n) == n;
}

/* Digits of base (with single '_' between them) at s[0..n). */
static bool digit_run(const char *s, size_t n, int base)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '_') {
			if (i == 0 || i + 1 == n || s[i + 1] == '_')
				return false;
			continue;
		}
		int d = dig(c)			 ? c - '0'
			: (c >= 'a' && c <= 'f') ? c - 'a' + 10
			: (c >= 'A' && c <= 'F') ? c - 'A' + 10
						 : 99;
		if (d >= base)
			return false;
	}
	return true;
}

/* A number or date-time token at p->p. */
static int scalar(P *p, rt_toml_value **out)
{
	const char *at = p->p, *s = p->p;
	while (p->p < p->e && (bare_char(*p->p) || *p->p == '+' ||
			       *p->p == '.' || *p->p == ':'))
		p->p++;
	/* a date, a space, a time: one value */
	if (p->p - s == 10 && p->e - p->p >= 3 && p->p[0] == ' ' &&
	    dig(p->p[1]) && dig(p->p[2]) && digs(s, 4) && s[4] == '-') {
		p->p++;
		while (p->p < p->e && (bare_char(*p->p) || *p->p == '+' ||
				       *p->p == '.' || *p->p == ':'))
			p->p++;
	}
	size_t n = (size_t)(p->p - s);
	char *tok = rt_arena_strndup(p->a, s, n);
	if (n == 0)
		return fail(p, at, "expected a value, found %s", what(p));
	if ((n >= 5 && digs(s, 4) && s[4] == '-') ||
	    (n >= 3 && digs(s, 2) && s[2] == ':')) {
		if (!datetime_ok(s, n))
			return fail(p, at, "invalid date or time '%s'", tok);
		rt_toml_value *v = value_new(p, RT_TOML_DATETIME, at);
		v->str = tok;
		*out = v;
		return 0;
	}
	const char *d = s;
	size_t dn = n;
	bool sign = *d == '+' || *d == '-';
	if (sign) {
		d++;
		dn--;
	}
	if (dn == 3 && (memcmp(d, "inf", 3) == 0 || memcmp(d, "nan", 3) == 0)) {
		rt_toml_value *v = value_new(p, RT_TOML_FLOAT, at);
		v->str = tok;
		v->f = d[0] == 'i' ? (s[0] == '-' ? -INFINITY : INFINITY) : NAN;
		*out = v;
		return 0;
	}
	if (!sign && dn >= 2 && d[0] == '0' &&
	    (d[1] == 'x' || d[1] == 'o' || d[1] == 'b')) {
		int base = d[1] == 'x' ? 16 : d[1] == 'o' ? 8 : 2;
		if (!digit_run(d + 2, dn - 2, base))
			return fail(p, at, "invalid integer '%s'", tok);
		uint64_t u = 0;
		for (size_t i = 2; i < dn; i++) {
			if (d[i] == '_')
				continue;
			int x =
			    dig(d[i]) ? d[i] - '0' : (d[i] | 0x20) - 'a' + 10;
			if (u > ((uint64_t)INT64_MAX - (uint64_t)x) /
				    (uint64_t)base)
				return fail(p, at,
					    "integer '%s' out of range (64 "
					    "bits)",
					    tok);
			u = u * (uint64_t)base + (uint64_t)x;
		}
		rt_toml_value *v = value_new(p, RT_TOML_INT, at);
		v->i = (int64_t)u;
		*out = v;
		return 0;
	}
	if (dn == 0 || !dig(d[0]))
		return fail(p, at, "expected a value, found '%s'", tok);
	/* decimal: int part, then an optional fraction and exponent */
	size_t i = 0;
	while (i < dn && (dig(d[i]) || d[i] == '_'))
		i++;
	if (!digit_run(d, i, 10) || (i > 1 && d[0] == '0'))
		return fail(p, at, "invalid number '%s'", tok);
	bool is_float = false;
	if (i < dn && d[i] == '.') {
		size_t f = ++i;
		while (i < dn && (dig(d[i]) || d[i] == '_'))
			i++;
		if (!digit_run(d + f, i - f, 10))
			return fail(p, at, "invalid number '%s'", tok);
		is_float = true;
	}
	if (i < dn && (d[i] == 'e' || d[i] == 'E')) {
		i++;
		if (i < dn && (d[i] == '+' || d[i] == '-'))
			i++;
		size_t f = i;
		while (i < dn && (dig(d[i]) || d[i] == '_'))
			i++;
		if (!digit_run(d + f, i - f, 10))
			return fail(p, at, "invalid number '%s'", tok);
		is_float = true;
	}
	if (i != dn)
		return fail(p, at, "invalid value '%s'", tok);
	rt_buf clean = RT_BUF_INIT;
	for (size_t k = 0; k < n; k++)
		if (s[k] != '_')
			rt_buf_addch(&clean, s[k]);
	rt_toml_value *v =
	    value_new(p, is_float ? RT_TOML_FLOAT : RT_TOML_INT, at);
	errno = 0;
	if (is_float) {
		v->str = tok;
		v->f = strtod(clean.data, NULL);
	} else {
		long long x = strtoll(clean.data, NULL, 10);
		v->i = (int64_t)x;
	}
	int range = errno == ERANGE;
	rt_buf_release(&clean);
	if (range && !is_float)
		return fail(p, at, "integer '%s' out of range (64 bits)", tok);
	*out = v;
	return 0;
}

static int value(P *p, rt_toml_value **out)
{
	const char *at = p->p;
	if (at_eof(p))
		return fail(p, at, "expected a value, found %s", what(p));
	char c = *p->p;
	if (c == '"' || c == '\'') {
		rt_toml_value *v = value_new(p, RT_TOML_STRING, at);
		if (string(p, &v->str, &v->len, true) < 0)
			return -1;
		*out = v;
		return 0;
	}
	if (c == '[' || c == '{') {
		if (++p->depth > RT_TOML_DEPTH_MAX)
			return fail(p, at,
				    "arrays and inline tables nested more "
				    "than %d deep",
				    RT_TOML_DEPTH_MAX);
		int rc = c == '[' ? array(p, out) : inline_table(p, out);
		p->depth--;
		return rc;
	}
	static const struct {
		const char *w;
		bool b;
	} bools[] = {{"true", true}, {"false", false}};
	for (size_t i = 0; i < RT_ARRAY_LEN(bools); i++) {
		size_t n = strlen(bools[i].w);
		if ((size_t)(p->e - p->p) >= n &&
		    memcmp(p->p, bools[i].w, n) == 0 &&
		    (p->p + n == p->e || !bare_char(p->p[n]))) {
			rt_toml_value *v = value_new(p, RT_TOML_BOOL, at);
			v->b = bools[i].b;
			p->p += n;
			*out = v;
			return 0;
		}
	}
	if (dig(c) || c == '+' || c == '-' || c == 'i' || c == 'n')
		return scalar(p, out);
	return fail(p, at, "expected a value, found %s", what(p));
}

/* ---- the document ------------------------------------------------------ */

/* The first byte of text that is not valid UTF-8, or NULL. */
static const char *bad_utf8(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text, *e = s + len;
	while (s < e) {
		unsigned c = *s;
		size_t n;
		uint32_t v;
		if (c < 0x80) {
			s++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			v = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			v = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			v = c & 0x07;
		} else {
			return (const char *)s;
		}
		if ((size_t)(e - s) <= n)
			return (const char *)s;
		for (size_t i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return (const char *)s;
			v = (v << 6) | (s[i] & 0x3f);
		}
		if ((n == 2 && v < 0x800) || (n == 3 && v < 0x10000) ||
		    v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
			return (const char *)s;
		s += n + 1;
	}
	return NULL;
}

int rt_toml_parse(rt_toml_value **out, rt_arena *a, const char *name,
		  const char *text, size_t len, rt_error *err)
{
	P p = {.a = a,
	       .name = name,
	       .p = text,
	       .e = text + len,
	       .line = 1,
	       .bol = text,
	       .err = err};
	const char *bad = bad_utf8(text, len);
	if (bad) {
		/* place it: count the lines before it */
		for (const char *s = text; s < bad; s++)
			if (*s == '\n') {
				p.line++;
				p.bol = s + 1;
			}
		return fail(&p, bad, "invalid UTF-8 (byte 0x%02x)",
			    (unsigned char)*bad);
	}
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		p.p += 3;
	p.root = RT_NEW(a, rt_toml_value);
	p.root->type = RT_TOML_TABLE;
	p.root->line = 1;
	p.root->path = "";
	p.root->file = name;
	p.root->flags = F_DEFINED;
	p.cur = p.root;
	while (!at_eof(&p)) {
		skip_ws(&p);
		if (at_eof(&p))
			break;
		char c = *p.p;
		if (c == '[') {
			if (header(&p) < 0)
				return -1;
		} else if (c != '#' && c != '\n' && c != '\r') {
			if (keyval(&p, p.cur) < 0)
				return -1;
		}
		skip_ws(&p);
		if (comment(&p) < 0)
			return -1;
		if (at_eof(&p))
			break;
		if (!newline(&p)) {
			if (*p.p == '\r')
				return fail(&p, p.p,
					    "a carriage return not "
					    "followed by a newline");
			return fail(&p, p.p,
				    "expected the end of the line, found %s",
				    what(&p));
		}
	}
	*out = p.root;
	return 0;
}

/* ---- reading the tree -------------------------------------------------- */

const rt_toml_value *rt_toml_find(const rt_toml_value *t, const char *key)
{
	if (!t || t->type != RT_TOML_TABLE)
		return NULL;
	const rt_toml_kv *kv = rt_map_get(&t->keys, key, strlen(key));
	return kv ? kv->value : NULL;
}

const char *rt_toml_type_name(rt_toml_type type)
{
	switch (type) {
	case RT_TOML_STRING:
		return "a string";
	case RT_TOML_INT:
		return "an integer";
	case RT_TOML_FLOAT:
		return "a float";
	case RT_TOML_BOOL:
		return "a boolean";
	case RT_TOML_DATETIME:
		return "a date-time";
	case RT_TOML_ARRAY:
		return "an array";
	case RT_TOML_TABLE:
		return "a table";
	}
	return "a value";
}

static int wrong(const rt_toml_value *t, const char *key,
		 const rt_toml_value *v, const char *want, rt_error *err)
{
	rt_errorf(err, RT_EINPUT, "'%s%s%s' must be %s, not %s", t->path,
		  t->path[0] ? "." : "", key, want, rt_toml_type_name(v->type));
	rt_error_at(err, t->file, v->line, v->col);
	return -1;
}

int rt_toml_table(const rt_toml_value **out, const rt_toml_value *root,
		  const char *path, rt_error *err)
{
	const rt_toml_value *t = root;
	const char *s = path;
	char k[256];
	*out = NULL;
	while (*s) {
		const char *dot = strchr(s, '.');
		size_t n = dot ? (size_t)(dot - s) : strlen(s);
		RT_ASSERT(n < sizeof(k));
		memcpy(k, s, n);
		k[n] = '\0';
		const rt_toml_value *v = rt_toml_find(t, k);
		if (!v)
			return 0;
		if (v->type == RT_TOML_ARRAY && (v->flags & F_AOT))
			v = v->items.items[v->items.len - 1];
		if (v->type != RT_TOML_TABLE)
			return wrong(t, k, v, "a table", err);
		t = v;
		s = dot ? dot + 1 : s + n;
	}
	*out = t;
	return 0;
}

int rt_toml_get_string(const char **out, const rt_toml_value *t,
		       const char *key, rt_error *err)
{
	const rt_toml_value *v = rt_toml_find(t, key);
	if (!v)
		return 0;
	if (v->type != RT_TOML_STRING)
		return wrong(t, key, v, "a string", err);
	if (strlen(v->str) != v->len) {
		rt_errorf(err, RT_EINPUT, "'%s%s%s' holds a NUL byte", t->path,
			  t->path[0] ? "." : "", key);
		rt_error_at(err, t->file, v->line, v->col);
		return -1;
	}
	*out = v->str;
	return 1;
}

int rt_toml_get_bool(bool *out, const rt_toml_value *t, const char *key,
		     rt_error *err)
{
	const rt_toml_value *v = rt_toml_find(t, key);
	if (!v)
		return 0;
	if (v->type != RT_TOML_BOOL)
		return wrong(t, key, v, "a boolean", err);
	*out = v->b;
	return 1;
}

int rt_toml_get_int(int64_t *out, const rt_toml_value *t, const char *key,
		    rt_error *err)
{
	const rt_toml_value *v = rt_toml_find(t, key);
	if (!v)
		return 0;
	if (v->type != RT_TOML_INT)
		return wrong(t, key, v, "an integer", err);
	*out = v->i;
	return 1;
}

int rt_toml_get_strings(rt_vec *out, rt_arena *a, const rt_toml_value *t,
			const char *key, rt_error *err)
{
	const rt_toml_value *v = rt_toml_find(t, key);
	if (!v)
		return 0;
	if (v->type != RT_TOML_ARRAY || (v->flags & F_AOT))
		return wrong(t, key, v, "an array of strings", err);
	for (size_t i = 0; i < v->items.len; i++) {
		const rt_toml_value *s = v->items.items[i];
		if (s->type != RT_TOML_STRING || strlen(s->str) != s->len) {
			rt_errorf(err, RT_EINPUT,
				  "'%s%s%s' must be an array of strings; item "
				  "%zu is %s",
				  t->path, t->path[0] ? "." : "", key, i + 1,
				  s->type == RT_TOML_STRING
				      ? "a string with a NUL byte"
				      : rt_toml_type_name(s->type));
			rt_error_at(err, t->file, s->line, s->col);
			return -1;
		}
	}
	for (size_t i = 0; i < v->items.len; i++)
		rt_vec_push(out, a,
			    (void *)((rt_toml_value *)v->items.items[i])->str);
	return 1;
}
