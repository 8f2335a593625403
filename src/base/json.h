/* SPDX-License-Identifier: MIT */
/*
 * rt_json: a streaming JSON writer into an rt_buf, indented by two spaces
 * the way jansson's JSON_INDENT(2) prints (so output stays byte-stable).
 * Keys are written in call order; the writer tracks nesting and commas.
 * Strings are UTF-8, escaped as JSON requires (control characters, '"'
 * and '\'); NULL strings are written as null. A writer made by
 * rt_json_init_file passes the text on to a file as it goes.
 */
#ifndef RT_BASE_JSON_H
#define RT_BASE_JSON_H

#include "base/common.h"
#include "base/buf.h"

#include <stdio.h>

#define RT_JSON_MAX_DEPTH 32

/* rt_json_init_file's writer hands the buffer's text to its file once it
 * holds this much, as a container ends. */
#define RT_JSON_CHUNK (64 * 1024)

typedef struct rt_json {
	rt_buf *out; /* borrowed */
	FILE *sink;  /* NULL, or where out's text goes (rt_json_init_file) */
	int depth;
	bool first[RT_JSON_MAX_DEPTH]; /* nothing written yet at this level */
	bool is_obj[RT_JSON_MAX_DEPTH];
} rt_json;

/* Starts writing into out (appended). */
void rt_json_init(rt_json *w, rt_buf *out);

/*
 * Starts writing to f, out (empty) holding the text not written yet:
 * it is written in chunks of about RT_JSON_CHUNK bytes, so the whole
 * document is never in memory (10 MB for 1,000 tables), and the rest by
 * rt_json_flush. Write errors are f's (ferror).
 */
void rt_json_init_file(rt_json *w, rt_buf *out, FILE *f);
/* With a file: writes what out holds and empties it. */
void rt_json_flush(rt_json *w);

/*
 * The entry points take the key's length, which the inline wrappers
 * below compute: for the program's literal keys the compiler folds it,
 * so a key costs no strlen (keys are still escaped when they need it).
 */
void rt_json__object(rt_json *w, const char *key, size_t klen);
void rt_json__array(rt_json *w, const char *key, size_t klen);
void rt_json__str(rt_json *w, const char *key, size_t klen, const char *value);
void rt_json__int(rt_json *w, const char *key, size_t klen, int64_t value);
void rt_json__bool(rt_json *w, const char *key, size_t klen, bool value);
void rt_json__double(rt_json *w, const char *key, size_t klen, double value);
void rt_json__null(rt_json *w, const char *key, size_t klen);

#define RT_JSON_KLEN(key) ((key) ? strlen(key) : 0)

/* Containers. key is the member name inside an object, NULL inside an
 * array or at the top. */
static inline void rt_json_object(rt_json *w, const char *key)
{
	rt_json__object(w, key, RT_JSON_KLEN(key));
}
static inline void rt_json_array(rt_json *w, const char *key)
{
	rt_json__array(w, key, RT_JSON_KLEN(key));
}
void rt_json_end(rt_json *w); /* closes the innermost container */

/* Values. */
static inline void rt_json_str(rt_json *w, const char *key, const char *value)
{
	rt_json__str(w, key, RT_JSON_KLEN(key), value);
}
static inline void rt_json_int(rt_json *w, const char *key, int64_t value)
{
	rt_json__int(w, key, RT_JSON_KLEN(key), value);
}
static inline void rt_json_bool(rt_json *w, const char *key, bool value)
{
	rt_json__bool(w, key, RT_JSON_KLEN(key), value);
}
static inline void rt_json_double(rt_json *w, const char *key, double value)
{
	rt_json__double(w, key, RT_JSON_KLEN(key), value);
}
static inline void rt_json_null(rt_json *w, const char *key)
{
	rt_json__null(w, key, RT_JSON_KLEN(key));
}

#endif
