/* SPDX-License-Identifier: MIT */
/* rt_json: the JSON writer prints what jansson prints (JSON_INDENT(2),
 * members in order), escapes and integers included. */
#include "base/common.h"
#include "base/buf.h"
#include "base/json.h"

#include <criterion/criterion.h>
#include <jansson.h>

/* Strings that take every path of the writer: plain (short and long),
 * each escape, control bytes, UTF-8, an escape at the start, in the middle
 * and at the end of a long run. */
static const char *const strings[] = {
    "",
    "a",
    "public",
    "a rather long plain string, longer than eight bytes and then some",
    "quote \" in the middle of a long string",
    "\"",
    "ends with a backslash \\",
    "\\starts with one",
    "tab\there, newline\nthere, cr\r, bs\b, ff\f",
    "\x01\x02\x1f control bytes \x7f (DEL is not escaped)",
    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 UTF-8 stays as it is",
    "0123456\"", /* the escape as the eighth byte */
    "01234567\"",
    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"",
};

static const int64_t ints[] = {
    0, 1, -1, 9, 10, -10, 123456789, INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN,
};

static char *jansson_text(void)
{
	json_t *root = json_object(), *arr = json_array(), *obj;
	char key[32];
	char *out;

	for (size_t i = 0; i < RT_ARRAY_LEN(strings); i++) {
		snprintf(key, sizeof(key), "s%zu", i);
		json_object_set_new(root, key, json_string(strings[i]));
		json_array_append_new(arr, json_string(strings[i]));
	}
	for (size_t i = 0; i < RT_ARRAY_LEN(ints); i++) {
		snprintf(key, sizeof(key), "i%zu", i);
		json_object_set_new(root, key, json_integer(ints[i]));
	}
	json_object_set_new(root, "strings", arr);
	json_object_set_new(root, "empty", json_array());
	obj = json_object();
	json_object_set_new(obj, "t", json_true());
	json_object_set_new(obj, "f", json_false());
	json_object_set_new(obj, "n", json_null());
	json_object_set_new(obj, "o", json_object());
	json_object_set_new(root, "nested", obj);
	out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	return out;
}

static void rt_text(rt_buf *b)
{
	rt_json w;
	char key[32];

	rt_json_init(&w, b);
	rt_json_object(&w, NULL);
	for (size_t i = 0; i < RT_ARRAY_LEN(strings); i++) {
		snprintf(key, sizeof(key), "s%zu", i);
		rt_json_str(&w, key, strings[i]);
	}
	for (size_t i = 0; i < RT_ARRAY_LEN(ints); i++) {
		snprintf(key, sizeof(key), "i%zu", i);
		rt_json_int(&w, key, ints[i]);
	}
	rt_json_array(&w, "strings");
	for (size_t i = 0; i < RT_ARRAY_LEN(strings); i++)
		rt_json_str(&w, NULL, strings[i]);
	rt_json_end(&w);
	rt_json_array(&w, "empty");
	rt_json_end(&w);
	rt_json_object(&w, "nested");
	rt_json_bool(&w, "t", true);
	rt_json_bool(&w, "f", false);
	rt_json_null(&w, "n");
	rt_json_object(&w, "o");
	rt_json_end(&w);
	rt_json_end(&w);
	rt_json_end(&w);
}

Test(base_json, prints_what_jansson_prints)
{
	rt_buf b = RT_BUF_INIT;
	char *want = jansson_text();

	cr_assert_not_null(want);
	rt_text(&b);
	cr_expect_str_eq(b.data, want);
	cr_expect_eq(b.len, strlen(want));
	free(want);
	rt_buf_release(&b);
}

Test(base_json, a_null_string_is_null)
{
	rt_buf b = RT_BUF_INIT;
	rt_json w;

	rt_json_init(&w, &b);
	rt_json_array(&w, NULL);
	rt_json_str(&w, NULL, NULL);
	rt_json_end(&w);
	cr_expect_str_eq(b.data, "[\n  null\n]");
	rt_buf_release(&b);
}

/* Long strings, plain or with an escape near their end, each written first
 * into a fresh buffer (which grows in the middle of the string), at every
 * depth up to the deepest (the indentation is copied from one constant pad
 * whatever the depth, with room reserved for all of it). */
Test(base_json, long_strings_and_deep_levels)
{
	static const size_t lens[] = {94, 95, 96, 97, 98, 191, 192, 5000};
	char *s = malloc(5001);

	cr_assert_not_null(s);
	for (size_t i = 0; i < RT_ARRAY_LEN(lens); i++) {
		for (long esc = -1; esc < 4; esc++) {
			size_t at =
			    esc < 0 ? SIZE_MAX : lens[i] - 2 + (size_t)esc;
			rt_buf b = RT_BUF_INIT;
			json_t *root = json_array(), *cur = root;
			rt_json w;
			char *want;

			memset(s, 'x', lens[i]);
			s[lens[i]] = '\0';
			if (at < lens[i])
				s[at] = esc % 2 ? '"' : '\n';
			rt_json_init(&w, &b);
			rt_json_array(&w, NULL);
			for (int d = 0; d < RT_JSON_MAX_DEPTH / 2 - 1; d++) {
				json_t *next = json_object();

				json_array_append_new(cur, json_string(s));
				json_array_append_new(cur, next);
				rt_json_str(&w, NULL, s);
				rt_json_object(&w, NULL);
				cur = json_array();
				json_object_set_new(next, s, cur);
				rt_json_array(&w, s);
			}
			for (int d = 0; d < RT_JSON_MAX_DEPTH / 2 - 1; d++) {
				rt_json_end(&w);
				rt_json_end(&w);
			}
			rt_json_end(&w);
			want = json_dumps(root,
					  JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			cr_assert_not_null(want);
			cr_expect_str_eq(b.data, want,
					 "length %zu, escape at %zu", lens[i],
					 at);
			free(want);
			json_decref(root);
			rt_buf_release(&b);
		}
	}
	free(s);
}
