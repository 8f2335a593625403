/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the TOML reader (base/toml.c): the input is a
 * pyproject.toml. Errors are expected and must carry a message and a
 * line; an accepted document is walked whole, and [tool.retort] is read
 * with every typed getter as the CLI will. Crashes, sanitizer reports,
 * leaks and hangs are the findings. Built and run by `make fuzz` /
 * `make fuzz-smoke`.
 */
#include "base/common.h"
#include "base/toml.h"

static size_t walk(const rt_toml_value *v, int depth)
{
	size_t n = 1;
	RT_ASSERT(depth <= RT_TOML_DEPTH_MAX + 64 + 2);
	RT_ASSERT(v->line >= 1);
	if (v->type == RT_TOML_ARRAY) {
		for (size_t i = 0; i < v->items.len; i++)
			n += walk(v->items.items[i], depth + 1);
	} else if (v->type == RT_TOML_TABLE) {
		for (size_t i = 0; i < v->items.len; i++) {
			const rt_toml_kv *kv = v->items.items[i];
			RT_ASSERT(rt_toml_find(v, kv->key) == kv->value);
			n += walk(kv->value, depth + 1);
		}
	} else if (v->type == RT_TOML_STRING) {
		RT_ASSERT(v->str && v->str[v->len] == '\0');
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rt_arena *a = rt_arena_new();
	rt_error err = RT_ERROR_INIT;
	rt_toml_value *root = NULL;
	if (rt_toml_parse(&root, a, "pyproject.toml", (const char *)data, size,
			  &err) < 0) {
		RT_ASSERT(err.code == RT_EINPUT && err.msg[0]);
		RT_ASSERT(err.line >= 1);
		goto done;
	}
	(void)walk(root, 0);
	const rt_toml_value *t = NULL;
	if (rt_toml_table(&t, root, "tool.retort", &err) == 0 && t) {
		static const char *const keys[] = {"models", "migrations",
						   "database_url", "strict"};
		for (size_t i = 0; i < RT_ARRAY_LEN(keys); i++) {
			const char *s;
			bool b;
			int64_t n;
			rt_vec v = {0};
			(void)rt_toml_get_string(&s, t, keys[i], &err);
			(void)rt_toml_get_bool(&b, t, keys[i], &err);
			(void)rt_toml_get_int(&n, t, keys[i], &err);
			(void)rt_toml_get_strings(&v, a, t, keys[i], &err);
		}
	}
done:
	rt_arena_free(a);
	return 0;
}
