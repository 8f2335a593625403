/* SPDX-License-Identifier: MIT */
/*
 * rt_json: a streaming JSON writer into an rt_buf, indented by two spaces
 * the way jansson's JSON_INDENT(2) prints (so output stays byte-stable).
 * Keys are written in call order; the writer tracks nesting and commas.
 * Strings are UTF-8, escaped as JSON requires (control characters, '"'
 * and '\'); NULL strings are written as null.
 */
#ifndef RT_BASE_JSON_H
#define RT_BASE_JSON_H

#include "base/common.h"
#include "base/buf.h"

#define RT_JSON_MAX_DEPTH 32

typedef struct rt_json {
	rt_buf *out; /* borrowed */
	int depth;
	bool first[RT_JSON_MAX_DEPTH]; /* nothing written yet at this level */
	bool is_obj[RT_JSON_MAX_DEPTH];
} rt_json;

/* Starts writing into out (appended). */
void rt_json_init(rt_json *w, rt_buf *out);

/* Containers. key is the member name inside an object, NULL inside an
 * array or at the top. */
void rt_json_object(rt_json *w, const char *key);
void rt_json_array(rt_json *w, const char *key);
void rt_json_end(rt_json *w); /* closes the innermost container */

/* Values. */
void rt_json_str(rt_json *w, const char *key, const char *value);
void rt_json_int(rt_json *w, const char *key, int64_t value);
void rt_json_bool(rt_json *w, const char *key, bool value);
void rt_json_double(rt_json *w, const char *key, double value);
void rt_json_null(rt_json *w, const char *key);

#endif
