/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the static SQLModel reader: the input is written
 * as models.py in a directory of its own and read with rt_load_sqlmodel
 * (tokenizer, parser, name resolution, the table builder and the SQL
 * loader behind it), then printed as inspect prints it. Errors are
 * expected; crashes, sanitizer reports, leaks and hangs are the findings.
 * Built and run by `make fuzz` / `make fuzz-smoke`.
 */
#include "base/common.h"
#include "base/buf.h"
#include "load/load.h"
#include "render/render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[64], path[96];
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/rt_fuzz_py_XXXXXX");
		RT_ASSERT(mkdtemp(dir));
		snprintf(path, sizeof(path), "%s/models.py", dir);
	}
	FILE *f = fopen(path, "wb");
	RT_ASSERT(f);
	if (size)
		RT_ASSERT(fwrite(data, 1, size, f) == size);
	fclose(f);
	rt_arena *a = rt_arena_new();
	rt_schema *s = NULL;
	rt_error err = RT_ERROR_INIT;
	rt_buf out = RT_BUF_INIT;
	bool refused;
	if (rt_load_sqlmodel(&s, a, path, RT_DIALECT_PG, &refused, &err) == 0)
		(void)rt_render_schema(&out, a, RT_DIALECT_PG, s, &err);
	else
		RT_ASSERT(err.code != RT_OK && err.msg[0]);
	rt_buf_release(&out);
	rt_arena_free(a);
	return 0;
}
