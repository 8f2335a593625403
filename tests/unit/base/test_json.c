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

/* Every byte that needs an escape (and a few that do not: DEL, 0x80 and
 * UTF-8 lead bytes, which the word-at-a-time test must not mistake for
 * one) at every position of strings of 1 to 40 bytes, as keys and as
 * values: the paths for under 4, 4 to 7, 8 to 16 and longer strings. */
Test(base_json, each_escape_at_each_position)
{
	static const unsigned char bytes[] = {0x01, 0x1f, '"',	'\\', '\n',
					      0x7f, 0x80, 0xc3, 0xff, ' ',
					      '!',  '#',  '[',	']',  0x21};
	char s[41];

	for (size_t len = 1; len <= 40; len++) {
		for (size_t at = 0; at < len; at++) {
			for (size_t k = 0; k < RT_ARRAY_LEN(bytes); k++) {
				rt_buf b = RT_BUF_INIT;
				json_t *root = json_object();
				rt_json w;
				char *want;

				memset(s, 'a', len);
				s[len] = '\0';
				s[at] = (char)bytes[k];
				rt_json_init(&w, &b);
				rt_json_object(&w, NULL);
				rt_json_str(&w, s, s);
				rt_json_end(&w);
				json_object_set_new(root, s,
						    json_stringn(s, len));
				want = json_dumps(
				    root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
				if (bytes[k] >= 0x80) {
					/* not UTF-8 alone: jansson refuses
					 * it; the writer copies it as it is */
					rt_buf want_b = RT_BUF_INIT;
					rt_buf_addf(&want_b,
						    "{\n  \"%s\": \"%s\"\n}", s,
						    s);
					cr_expect_str_eq(b.data, want_b.data);
					rt_buf_release(&want_b);
				} else {
					cr_assert_not_null(want);
					cr_expect_str_eq(
					    b.data, want,
					    "length %zu, byte %#x at %zu", len,
					    bytes[k], at);
				}
				free(want);
				json_decref(root);
				rt_buf_release(&b);
			}
		}
	}
}

/* A writer on a file writes the same bytes as one into a buffer, in
 * chunks as containers end (the buffer never holds much more than a
 * chunk), the rest at rt_json_flush. */
Test(base_json, file_writer_writes_the_same_text)
{
	rt_buf mem = RT_BUF_INIT, staged = RT_BUF_INIT;
	rt_json a, b;
	FILE *f = tmpfile();
	size_t most = 0, n;
	char *back;

	cr_assert_not_null(f);
	rt_json_init(&a, &mem);
	rt_json_init_file(&b, &staged, f);
	rt_json_array(&a, NULL);
	rt_json_array(&b, NULL);
	for (int i = 0; i < 20000; i++) {
		rt_json *ws[2] = {&a, &b};
		for (int k = 0; k < 2; k++) {
			rt_json_object(ws[k], NULL);
			rt_json_str(ws[k], "name", "a \"quoted\" name");
			rt_json_int(ws[k], "i", i);
			rt_json_bool(ws[k], "odd", i % 2);
			rt_json_null(ws[k], "none");
			rt_json_end(ws[k]);
		}
		if (staged.len > most)
			most = staged.len;
	}
	rt_json_end(&a);
	rt_json_end(&b);
	rt_json_flush(&b);
	cr_expect_eq(staged.len, 0);
	cr_expect_lt(most, RT_JSON_CHUNK + 256);
	cr_expect_gt(mem.len, 4 * RT_JSON_CHUNK);
	cr_assert_eq(fflush(f), 0);
	cr_assert_eq(ftell(f), (long)mem.len);
	rewind(f);
	back = malloc(mem.len + 1);
	cr_assert_not_null(back);
	n = fread(back, 1, mem.len, f);
	cr_assert_eq(n, mem.len);
	back[n] = '\0';
	cr_expect_str_eq(back, mem.data);
	free(back);
	fclose(f);
	rt_buf_release(&mem);
	rt_buf_release(&staged);
}
