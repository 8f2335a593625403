/* SPDX-License-Identifier: MIT */
/* rt_json implementation: jansson-compatible indentation and escapes. */
#include "base/common.h"
#include "base/json.h"

void rt_json_init(rt_json *w, rt_buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->first[0] = true;
}

/* The bytes a JSON string cannot hold as they are. */
static const bool needs_escape[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
    [0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1,
    [0x0c] = 1, [0x0d] = 1, [0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1,
    [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
    [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1,
    [0x1e] = 1, [0x1f] = 1, ['"'] = 1,	['\\'] = 1,
};

/* The newline and the indentation of the current level. */
static const char pad[1 + 2 * RT_JSON_MAX_DEPTH + 1] =
    "\n                                "
    "                                ";

static void newline(rt_json *w)
{
	RT_ASSERT(w->depth >= 0 && w->depth < RT_JSON_MAX_DEPTH);
	rt_buf_add(w->out, pad, 1 + 2 * (size_t)w->depth);
}

/* s escaped, character by character. */
static void quoted_slow(rt_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		/* the run of characters that need no escape, in one copy */
		size_t run = 0;
		while (!needs_escape[p[run]])
			run++;
		if (run) {
			rt_buf_add(b, (const char *)p, run);
			p += run - 1;
			continue;
		}
		switch (*p) {
		case '"':
			rt_buf_adds(b, "\\\"");
			break;
		case '\\':
			rt_buf_adds(b, "\\\\");
			break;
		case '\b':
			rt_buf_adds(b, "\\b");
			break;
		case '\f':
			rt_buf_adds(b, "\\f");
			break;
		case '\n':
			rt_buf_adds(b, "\\n");
			break;
		case '\r':
			rt_buf_adds(b, "\\r");
			break;
		case '\t':
			rt_buf_adds(b, "\\t");
			break;
		default:
			rt_buf_addf(b, "\\u%04X", *p);
		}
	}
}

/*
 * Appends s as a JSON string followed by tail (tl bytes), written straight
 * into the buffer when s needs no escape (nearly always: names, types,
 * keys), else through quoted_slow.
 */
static inline void quoted_then(rt_buf *b, const char *s, const char *tail,
			       size_t tl)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	char *d;

	/* the NUL stops it too (it "needs escape") */
	while (!needs_escape[p[n]])
		n++;
	if (p[n]) { /* an escape */
		rt_buf_addch(b, '"');
		quoted_slow(b, s);
		rt_buf_addch(b, '"');
		rt_buf_add(b, tail, tl);
		return;
	}
	if (b->len + n + 3 + tl > b->alloc)
		rt_buf_grow(b, n + 2 + tl);
	d = b->data + b->len;
	*d++ = '"';
	memcpy(d, s, n);
	d += n;
	*d++ = '"';
	memcpy(d, tail, tl);
	d += tl;
	*d = '\0';
	b->len = (size_t)(d - b->data);
}

static void quoted(rt_buf *b, const char *s)
{
	quoted_then(b, s, "", 0);
}

/* Separator, indentation and key before a value at the current level. */
static void member(rt_json *w, const char *key)
{
	if (w->depth > 0) {
		size_t n = 1 + 2 * (size_t)w->depth;
		bool comma = !w->first[w->depth];
		char *d;

		RT_ASSERT(w->depth < RT_JSON_MAX_DEPTH);
		/* room for the whole pad: one copy of a constant size, no
		 * call to memcpy, of which n bytes are kept */
		if (w->out->len + sizeof(pad) + 1 > w->out->alloc)
			rt_buf_grow(w->out, sizeof(pad));
		d = w->out->data + w->out->len;
		if (comma)
			*d++ = ',';
		memcpy(d, pad, sizeof(pad) - 1);
		d += n;
		*d = '\0';
		w->out->len = (size_t)(d - w->out->data);
	}
	w->first[w->depth] = false;
	RT_ASSERT((key != NULL) == (w->depth > 0 && w->is_obj[w->depth]));
	if (key)
		quoted_then(w->out, key, ": ", 2);
}

static void open(rt_json *w, const char *key, bool obj)
{
	member(w, key);
	rt_buf_addch(w->out, obj ? '{' : '[');
	RT_ASSERT(w->depth + 1 < RT_JSON_MAX_DEPTH);
	w->depth++;
	w->first[w->depth] = true;
	w->is_obj[w->depth] = obj;
}

void rt_json_object(rt_json *w, const char *key)
{
	open(w, key, true);
}

void rt_json_array(rt_json *w, const char *key)
{
	open(w, key, false);
}

void rt_json_end(rt_json *w)
{
	bool obj = w->is_obj[w->depth], empty = w->first[w->depth];
	RT_ASSERT(w->depth > 0);
	w->depth--;
	if (!empty)
		newline(w);
	rt_buf_addch(w->out, obj ? '}' : ']');
}

void rt_json_str(rt_json *w, const char *key, const char *value)
{
	member(w, key);
	if (value)
		quoted(w->out, value);
	else
		rt_buf_adds(w->out, "null");
}

void rt_json_int(rt_json *w, const char *key, int64_t value)
{
	/* what "%lld" prints, without printf */
	char digits[24], *d = digits + sizeof(digits);
	uint64_t u = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;

	member(w, key);
	do {
		*--d = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (value < 0)
		*--d = '-';
	rt_buf_add(w->out, d, (size_t)(digits + sizeof(digits) - d));
}

void rt_json_bool(rt_json *w, const char *key, bool value)
{
	member(w, key);
	rt_buf_adds(w->out, value ? "true" : "false");
}

void rt_json_null(rt_json *w, const char *key)
{
	member(w, key);
	rt_buf_adds(w->out, "null");
}

void rt_json_double(rt_json *w, const char *key, double value)
{
	member(w, key);
	rt_buf_addf(w->out, "%.17g", value);
}
