/* SPDX-License-Identifier: MIT */
/*
 * The data-driven diff cases: every folder tests/data/<case>/ holds
 * from.sql and to.sql (loaded with rt_load_sql_file), expected_up.sql (the
 * rendered rt_diff) and expected_down.sql (the rendered rt_diff_invert).
 * A new case is new files, not new code. Each case is also diffed twice to
 * prove the output is byte-for-byte deterministic.
 */
#include "base/common.h"
#include "diff/diff.h"
#include "diff/diff_int.h"
#include "load/load.h"
#include "render/render.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <sys/stat.h>

#define DATA_DIR "data" /* make unit runs from tests/ */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	rt_buf b = RT_BUF_INIT;
	char chunk[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rt_buf_add(&b, chunk, n);
	fclose(f);
	return rt_buf_detach(&b);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The case folders under DATA_DIR, sorted; caller frees. */
static size_t list_cases(char ***out)
{
	DIR *d = opendir(DATA_DIR);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[1024];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), DATA_DIR "/%s/from.sql",
			 e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = rt_xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = rt_xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	*out = names;
	return n;
}

/* Renders the up and down migrations of case name into up / down. */
static int run_case(const char *name, rt_buf *up, rt_buf *down, rt_error *err)
{
	rt_arena *a = rt_arena_new();
	rt_schema *from = NULL, *to = NULL;
	rt_vec changes = {0}, inv = {0};
	char fp[1024], tp[1024];
	int rc = -1;

	snprintf(fp, sizeof(fp), DATA_DIR "/%s/from.sql", name);
	snprintf(tp, sizeof(tp), DATA_DIR "/%s/to.sql", name);
	if (rt_load_sql_file(&from, a, fp, err) < 0 ||
	    rt_load_sql_file(&to, a, tp, err) < 0 ||
	    rt_diff(&changes, a, from, to, err) < 0 ||
	    rt_render_changes(up, a, RT_DIALECT_PG, &changes, err) < 0)
		goto done;
	rt_diff_invert(&inv, a, &changes);
	if (rt_render_changes(down, a, RT_DIALECT_PG, &inv, err) < 0)
		goto done;
	rc = 0;
done:
	rt_arena_free(a);
	return rc;
}

static void expect_file(const char *name, const char *file, const char *got)
{
	char path[1024];
	char *want;

	snprintf(path, sizeof(path), DATA_DIR "/%s/%s", name, file);
	want = slurp(path);
	cr_expect(want != NULL, "%s: cannot read %s", name, path);
	if (want)
		cr_expect(strcmp(want, got) == 0,
			  "%s/%s differs:\n--- want\n%s--- got\n%s", name, file,
			  want, got);
	free(want);
}

Test(diff_cases, all)
{
	char **names;
	size_t n = list_cases(&names);

	cr_expect(n > 0, "no cases under tests/" DATA_DIR);
	for (size_t i = 0; i < n; i++) {
		rt_error err = RT_ERROR_INIT;
		rt_buf up = RT_BUF_INIT, down = RT_BUF_INIT;
		rt_buf up2 = RT_BUF_INIT, down2 = RT_BUF_INIT;

		if (run_case(names[i], &up, &down, &err) < 0) {
			cr_expect(0, "%s: %s:%d: %s", names[i], err.file,
				  err.line, err.msg);
		} else {
			expect_file(names[i], "expected_up.sql", up.data);
			expect_file(names[i], "expected_down.sql", down.data);
			cr_expect(run_case(names[i], &up2, &down2, &err) == 0);
			cr_expect_str_eq(up.data, up2.data,
					 "%s: not deterministic", names[i]);
			cr_expect_str_eq(down.data, down2.data,
					 "%s: down not deterministic",
					 names[i]);
		}
		rt_buf_release(&up);
		rt_buf_release(&down);
		rt_buf_release(&up2);
		rt_buf_release(&down2);
		free(names[i]);
	}
	free(names);
}

/* Renders the diff of files fp -> tp into out ("error: ..." when it
 * fails), with the later phases on two threads or not. */
static void diff_files(rt_buf *out, const char *fp, const char *tp,
		       bool threaded)
{
	rt_arena *a = rt_arena_new();
	rt_schema *from = NULL, *to = NULL;
	rt_vec changes = {0}, inv = {0};
	rt_error err = RT_ERROR_INIT;

	rt_diff__set_parallel_min(threaded ? 0 : SIZE_MAX);
	if (rt_load_sql_file(&from, a, fp, &err) < 0 ||
	    rt_load_sql_file(&to, a, tp, &err) < 0 ||
	    rt_diff(&changes, a, from, to, &err) < 0 ||
	    rt_render_changes(out, a, RT_DIALECT_PG, &changes, &err) < 0) {
		rt_buf_adds(out, "error: ");
		rt_buf_adds(out, err.msg);
	} else {
		rt_diff_invert(&inv, a, &changes);
		rt_buf_adds(out, "-- down\n");
		if (rt_render_changes(out, a, RT_DIALECT_PG, &inv, &err) < 0)
			rt_buf_adds(out, "error");
	}
	rt_diff__set_parallel_min(2000);
	rt_arena_free(a);
}

/* rt_diff's later phases on a second thread give the same changes in the
 * same order as on one, for every own case both ways (privileges, RLS
 * and table properties are the phases moved). */
Test(diff_cases, threaded_later_phases_change_nothing)
{
	DIR *d = opendir("cases");
	struct dirent *e;
	size_t n = 0;

	cr_assert(d != NULL, "no tests/cases");
	while ((e = readdir(d))) {
		char fp[1024], tp[1024];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(fp, sizeof(fp), "cases/%s/a.sql", e->d_name);
		snprintf(tp, sizeof(tp), "cases/%s/b.sql", e->d_name);
		if (stat(fp, &st) != 0 || stat(tp, &st) != 0)
			continue;
		for (int way = 0; way < 2; way++) {
			const char *x = way ? tp : fp, *y = way ? fp : tp;
			rt_buf one = RT_BUF_INIT, two = RT_BUF_INIT;
			diff_files(&one, x, y, false);
			diff_files(&two, x, y, true);
			cr_expect_str_eq(one.data, two.data, "%s -> %s", x, y);
			rt_buf_release(&one);
			rt_buf_release(&two);
		}
		n++;
	}
	closedir(d);
	cr_expect(n > 100, "only %zu cases", n);
}
