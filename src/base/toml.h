/* SPDX-License-Identifier: MIT */
/*
 * rt_toml: a TOML 1.0 reader for configuration files (pyproject.toml's
 * [tool.retort]). A pure function of its text: the whole document becomes
 * a tree of values in an arena, and any malformed input is an RT_EINPUT
 * error at file:line:col. Tables, dotted keys, basic and literal strings
 * (multi-line too), integers, floats, booleans, dates and times (kept as
 * written), arrays, inline tables and arrays of tables are read; the rules
 * on defining a key or a table twice are enforced.
 */
#ifndef RT_BASE_TOML_H
#define RT_BASE_TOML_H

#include "base/common.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/map.h"
#include "base/vec.h"

typedef enum rt_toml_type {
	RT_TOML_STRING,
	RT_TOML_INT,
	RT_TOML_FLOAT,
	RT_TOML_BOOL,
	RT_TOML_DATETIME, /* an offset or local date-time, date or time */
	RT_TOML_ARRAY,
	RT_TOML_TABLE,
} rt_toml_type;

typedef struct rt_toml_value {
	rt_toml_type type;
	int line, col;	  /* where the value (or the table's header) starts */
	const char *str;  /* STRING: the text (may hold NUL bytes: len);
			     DATETIME and FLOAT: as written */
	size_t len;	  /* STRING: bytes in str */
	int64_t i;	  /* INT */
	double f;	  /* FLOAT */
	bool b;		  /* BOOL */
	rt_vec items;	  /* ARRAY: rt_toml_value *; TABLE: rt_toml_kv * in
			     the order written */
	rt_map keys;	  /* TABLE: key -> rt_toml_kv * */
	const char *path; /* TABLE: its dotted key path, "" for the root */
	const char *file; /* TABLE: the file name given to rt_toml_parse */
	unsigned flags;	  /* the reader's bookkeeping */
} rt_toml_value;

typedef struct rt_toml_kv {
	const char *key;
	rt_toml_value *value;
} rt_toml_kv;

/* Levels of nested arrays and inline tables accepted. */
#define RT_TOML_DEPTH_MAX 256

/*
 * Reads text[0..len) (file name in errors) into a root table in arena a.
 * Any malformed input (bad syntax, an invalid escape or control
 * character, a duplicate key or table, an integer out of range, nesting
 * past RT_TOML_DEPTH_MAX, invalid UTF-8): RT_EINPUT at name:line:col.
 */
int rt_toml_parse(rt_toml_value **out, rt_arena *a, const char *name,
		  const char *text, size_t len, rt_error *err);

/* The value of key in table t, or NULL (also when t is not a table). */
const rt_toml_value *rt_toml_find(const rt_toml_value *t, const char *key);

/* A type's name for messages: "a string", "an integer", ... */
const char *rt_toml_type_name(rt_toml_type type);

/*
 * The table at dotted path ("tool.retort") under root into *out, NULL
 * when a key along it is absent. A key along it that is not a table:
 * RT_EINPUT at the value's place. An array of tables on the way stands
 * for its last table.
 */
int rt_toml_table(const rt_toml_value **out, const rt_toml_value *root,
		  const char *path, rt_error *err);

/*
 * Typed getters on table t: 1 with *out set when key is there, 0 when it
 * is absent (*out untouched), -1 when it has another type: RT_EINPUT at
 * the value's place, "'tool.retort.models' must be a string, not an
 * integer". Strings borrow the tree's memory; a string with a NUL byte is
 * refused. rt_toml_get_strings appends const char * items to out (arena
 * a) and wants an array of strings.
 */
int rt_toml_get_string(const char **out, const rt_toml_value *t,
		       const char *key, rt_error *err);
int rt_toml_get_bool(bool *out, const rt_toml_value *t, const char *key,
		     rt_error *err);
int rt_toml_get_int(int64_t *out, const rt_toml_value *t, const char *key,
		    rt_error *err);
int rt_toml_get_strings(rt_vec *out, rt_arena *a, const rt_toml_value *t,
			const char *key, rt_error *err);

#endif
