/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the SQL loader and what follows it: the input is
 * one or two SQL sources (split at the first line "----"), each loaded
 * through rt_load_sql_stream as a file would be, then diffed both ways and
 * rendered, and each rendered as inspect prints it. Errors are expected
 * (bad input is the point); crashes, sanitizer reports, leaks and hangs
 * are the findings. Built and run by `make fuzz` / `make fuzz-smoke`.
 */
#include "base/common.h"
#include "base/buf.h"
#include "diff/diff.h"
#include "load/load.h"
#include "render/render.h"

static int load(rt_schema **out, rt_arena *a, const char *name,
		const uint8_t *data, size_t n)
{
	rt_error err = RT_ERROR_INIT;
	/* fmemopen refuses an empty buffer: an empty source is text "" */
	if (n == 0)
		return rt_load_sql_text(out, a, name, "", &err);
	FILE *f = fmemopen((void *)data, n, "r");
	RT_ASSERT(f);
	int rc = rt_load_sql_stream(out, a, name, f, &err);
	fclose(f);
	if (rc < 0)
		RT_ASSERT(err.code != RT_OK && err.msg[0]);
	return rc;
}

static void render(rt_arena *a, const rt_schema *from, const rt_schema *to)
{
	rt_error err = RT_ERROR_INIT;
	rt_vec changes = {0}, down = {0};
	rt_buf out = RT_BUF_INIT;
	if (rt_diff(&changes, a, from, to, &err) == 0) {
		(void)rt_render_changes(&out, a, RT_DIALECT_PG, &changes, &err);
		rt_diff_invert(&down, a, &changes);
		(void)rt_render_changes(&out, a, RT_DIALECT_PG, &down, &err);
	}
	rt_buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char sep[] = "\n----\n";
	const uint8_t *cut = memmem(data, size, sep, sizeof(sep) - 1);
	size_t n1 = cut ? (size_t)(cut - data) : size;
	rt_arena *a = rt_arena_new();
	rt_schema *s1 = NULL, *s2 = NULL;
	rt_buf out = RT_BUF_INIT;
	rt_error err = RT_ERROR_INIT;

	if (load(&s1, a, "a.sql", data, n1) == 0) {
		(void)rt_render_schema(&out, a, RT_DIALECT_PG, s1, &err);
		if (cut) {
			size_t off = n1 + sizeof(sep) - 1;
			if (load(&s2, a, "b.sql", data + off, size - off) == 0)
				render(a, s1, s2);
		} else {
			rt_schema *empty = NULL;
			if (rt_load_sql_text(&empty, a, "e.sql", "", &err) == 0)
				render(a, empty, s1);
		}
	}
	rt_buf_release(&out);
	rt_arena_free(a);
	return 0;
}
