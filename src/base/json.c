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

static void newline(rt_json *w)
{
	/* the newline and the indentation in one copy */
	static const char pad[1 + 2 * RT_JSON_MAX_DEPTH + 1] =
	    "\n                                "
	    "                                ";
	RT_ASSERT(w->depth >= 0 && w->depth < RT_JSON_MAX_DEPTH);
	rt_buf_add(w->out, pad, 1 + 2 * (size_t)w->depth);
}

static void quoted(rt_buf *b, const char *s)
{
	rt_buf_addch(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		/* the run of characters that need no escape, in one copy
		 * (character by character was most of the output's time) */
		size_t run = 0;
		while (p[run] >= 0x20 && p[run] != '"' && p[run] != '\\')
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
			if (*p < 0x20)
				rt_buf_addf(b, "\\u%04X", *p);
			else
				rt_buf_addch(b, (char)*p);
		}
	}
	rt_buf_addch(b, '"');
}

/* Separator, indentation and key before a value at the current level. */
static void member(rt_json *w, const char *key)
{
	if (w->depth > 0) {
		if (!w->first[w->depth])
			rt_buf_addch(w->out, ',');
		newline(w);
	}
	w->first[w->depth] = false;
	RT_ASSERT((key != NULL) == (w->depth > 0 && w->is_obj[w->depth]));
	if (key) {
		quoted(w->out, key);
		rt_buf_adds(w->out, ": ");
	}
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
	member(w, key);
	rt_buf_addf(w->out, "%lld", (long long)value);
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
