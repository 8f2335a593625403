/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for migration files (src/migdir): the input is a
 * file's text, parsed as migrations/0001_fuzz.sql. Errors are expected;
 * an accepted file must round-trip: written back, read again to the same
 * struct, and written again to the same bytes. Crashes, sanitizer
 * reports, leaks, hangs and a broken round trip are the findings. Built
 * and run by `make fuzz` / `make fuzz-smoke`.
 */
#include "base/common.h"
#include "base/buf.h"
#include "migdir/migdir.h"

static void same_section(const rt_migdir_section *a, const rt_migdir_section *b)
{
	RT_ASSERT(a->present == b->present);
	RT_ASSERT(a->notransaction == b->notransaction);
	RT_ASSERT(a->stmts.len == b->stmts.len);
	for (size_t i = 0; i < a->stmts.len; i++) {
		const rt_migdir_stmt *x = a->stmts.items[i];
		const rt_migdir_stmt *y = b->stmts.items[i];
		RT_ASSERT(strcmp(x->sql, y->sql) == 0);
		RT_ASSERT(x->notransaction == y->notransaction);
		RT_ASSERT(x->line > 0);
	}
}

static void same(const rt_migration *a, const rt_migration *b)
{
	RT_ASSERT(a->version == b->version);
	RT_ASSERT(strcmp(a->slug, b->slug) == 0);
	RT_ASSERT(a->header.len == b->header.len);
	for (size_t i = 0; i < a->header.len; i++)
		RT_ASSERT(strcmp(a->header.items[i], b->header.items[i]) == 0);
	same_section(&a->up, &b->up);
	same_section(&a->down, &b->down);
	RT_ASSERT(a->has_validate == b->has_validate);
	RT_ASSERT(a->checks.len == b->checks.len);
	for (size_t i = 0; i < a->checks.len; i++) {
		const rt_migdir_check *x = a->checks.items[i];
		const rt_migdir_check *y = b->checks.items[i];
		RT_ASSERT(strcmp(x->sql, y->sql) == 0);
		RT_ASSERT(x->expect == y->expect);
		RT_ASSERT(x->rows == y->rows);
		RT_ASSERT(rt_streq(x->value, y->value));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char path[] = "migrations/0001_fuzz.sql";
	rt_arena *a = rt_arena_new();
	rt_error err = RT_ERROR_INIT;
	rt_migration *m = NULL, *m2 = NULL;
	rt_buf w1 = RT_BUF_INIT, w2 = RT_BUF_INIT;
	if (rt_migdir_parse(&m, a, path, (const char *)data, size, &err) < 0) {
		RT_ASSERT(err.code == RT_EINPUT && err.msg[0]);
		RT_ASSERT(strcmp(err.file, path) == 0);
		goto done;
	}
	if (rt_migdir_write(&w1, m, &err) < 0) {
		fprintf(stderr, "accepted but not written: %s\n", err.msg);
		RT_ASSERT(!"an accepted file is written back");
	}
	if (rt_migdir_parse(&m2, a, path, w1.data, w1.len, &err) < 0) {
		fprintf(stderr, "written but not read: %d: %s\n%s\n", err.line,
			err.msg, w1.data);
		RT_ASSERT(!"a written file is read back");
	}
	same(m, m2);
	RT_ASSERT(rt_migdir_write(&w2, m2, &err) == 0);
	RT_ASSERT(w1.len == w2.len && memcmp(w1.data, w2.data, w1.len) == 0);
done:
	rt_buf_release(&w1);
	rt_buf_release(&w2);
	rt_arena_free(a);
	return 0;
}
