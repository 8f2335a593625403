/* SPDX-License-Identifier: MIT */
/*
 * The migrations folder: listing in version order, numbering checks, the
 * integrity file retort.sum (format, verification, errors) and the
 * renumbering after a merge. Each test works in its own temporary folder.
 */
#include "base/common.h"
#include "migdir/migdir.h"

#include <criterion/criterion.h>
#include <sys/stat.h>
#include <unistd.h>

static rt_arena *A;
static char dir[64];

static void setup(void)
{
	A = rt_arena_new();
	snprintf(dir, sizeof(dir), "/tmp/rt-migdir-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
	rt_arena_free(A);
}

TestSuite(migdir_dir, .init = setup, .fini = teardown);

static void put_file(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

static char *get_file(const char *name)
{
	char path[256], buf[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return rt_arena_strdup(A, buf);
}

static bool exists(const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

static rt_vec list_ok(void)
{
	rt_vec v = {0};
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_migdir_list(&v, A, dir, &err), 0, "%s", err.msg);
	return v;
}

static const char *name_at(const rt_vec *v, size_t i)
{
	cr_assert_lt(i, v->len);
	return ((const rt_migdir_entry *)v->items[i])->name;
}

Test(migdir_dir, lists_in_version_order)
{
	put_file("0010_ten.sql", "-- +up\n");
	put_file("0002_two.sql", "-- +up\n");
	put_file("00003_three.sql", "-- +up\n");
	put_file("0002_a_two.sql", "-- +up\n");
	put_file("retort.sum", "");
	put_file("README.md", "notes");
	put_file(".0001_hidden.sql", "");
	rt_vec v = list_ok();
	cr_assert_eq(v.len, 4);
	cr_expect_str_eq(name_at(&v, 0), "0002_a_two.sql");
	cr_expect_str_eq(name_at(&v, 1), "0002_two.sql");
	cr_expect_str_eq(name_at(&v, 2), "00003_three.sql");
	cr_expect_str_eq(name_at(&v, 3), "0010_ten.sql");
	cr_expect_eq(((rt_migdir_entry *)v.items[2])->version, 3);
	cr_expect_str_eq(((rt_migdir_entry *)v.items[2])->slug, "three");
	cr_expect_eq(rt_migdir_next_version(&v), 11);
	rt_vec empty = {0};
	cr_expect_eq(rt_migdir_next_version(&empty), 1);
}

Test(migdir_dir, list_errors)
{
	rt_vec v = {0};
	rt_error err = RT_ERROR_INIT;
	put_file("0001_ok.sql", "");
	put_file("schema.sql", "");
	cr_assert_eq(rt_migdir_list(&v, A, dir, &err), -1);
	cr_expect_eq(err.code, RT_EINPUT);
	char *want = rt_arena_printf(A,
				     "'%s/schema.sql' is not a migration file "
				     "name (NNNN_slug.sql: 4 or more digits, "
				     "a slug of a-z, 0-9 and _)",
				     dir);
	cr_expect_str_eq(err.msg, want);
	cr_expect(strstr(err.hint, "rename it"));
	rt_error_clear(&err);
	cr_assert_eq(rt_migdir_list(&v, A, "/nonexistent/migrations", &err),
		     -1);
	cr_expect_eq(err.code, RT_EIO);
	cr_expect_str_eq(err.msg, "cannot open folder '/nonexistent/migrations'"
				  ": No such file or directory");
}

Test(migdir_dir, two_migrations_with_one_number)
{
	put_file("0001_init.sql", "");
	put_file("0002_add_b.sql", "");
	put_file("0002_add_a.sql", "");
	rt_vec v = list_ok();
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_migdir_check_numbers(dir, &v, &err), -1);
	cr_expect_eq(err.code, RT_EINPUT);
	cr_expect_str_eq(err.msg, "two migrations numbered 0002: "
				  "'0002_add_a.sql' and '0002_add_b.sql'");
	cr_expect_str_eq(err.file, dir);
	cr_expect(strstr(err.hint, "renumber"));
	rt_vec one = {0};
	rt_vec_push(&one, A, v.items[0]);
	rt_vec_push(&one, A, v.items[1]);
	cr_expect_eq(rt_migdir_check_numbers(dir, &one, &err), 0);
}

Test(migdir_dir, sha256_of_a_file)
{
	char hex[65];
	rt_error err = RT_ERROR_INIT;
	put_file("abc", "abc");
	char *path = rt_arena_printf(A, "%s/abc", dir);
	cr_assert_eq(rt_migdir_hash_file(hex, path, &err), 0);
	cr_expect_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9c"
			      "b410ff61f20015ad");
	put_file("empty", "");
	path = rt_arena_printf(A, "%s/empty", dir);
	cr_assert_eq(rt_migdir_hash_file(hex, path, &err), 0);
	cr_expect_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934c"
			      "a495991b7852b855");
	path = rt_arena_printf(A, "%s/none", dir);
	cr_expect_eq(rt_migdir_hash_file(hex, path, &err), -1);
	cr_expect_eq(err.code, RT_EIO);
}

Test(migdir_dir, sum_written_as_sha256sum_reads_it)
{
	put_file("0002_b.sql", "-- +up\nselect 2;\n");
	put_file("0001_a.sql", "abc");
	rt_vec v = list_ok();
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_migdir_sum_write(dir, &v, A, &err), 0, "%s", err.msg);
	char *sum = get_file("retort.sum");
	cr_assert_not_null(sum);
	const char *first = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb"
			    "410ff61f20015ad  0001_a.sql\n";
	cr_expect(strncmp(sum, first, strlen(first)) == 0, "%s", sum);
	cr_expect(strstr(sum, "  0002_b.sql\n"));
	cr_expect_not(exists(".retort.sum.tmp"));
	/* byte for byte what sha256sum prints, with the folder cut off the
	 * names (no cd and no exit status: under make valgrind the child
	 * runs under valgrind too) */
	char *cmd = rt_arena_printf(
	    A, "sha256sum '%s/0001_a.sql' '%s/0002_b.sql'", dir, dir);
	FILE *pipe = popen(cmd, "r");
	cr_assert_not_null(pipe);
	char line[256], *want = rt_arena_strdup(A, "");
	char *prefix = rt_arena_printf(A, "  %s/", dir);
	while (fgets(line, sizeof(line), pipe)) {
		char *cut = strstr(line, prefix);
		cr_assert_not_null(cut, "%s", line);
		want = rt_arena_printf(A, "%s%.*s  %s", want, (int)(cut - line),
				       line, cut + strlen(prefix));
	}
	pclose(pipe);
	cr_expect_str_eq(sum, want);
	rt_vec sums = {0}, problems = {0};
	bool there = false;
	cr_assert_eq(rt_migdir_sum_read(&sums, &there, A, dir, &err), 0);
	cr_expect(there);
	cr_assert_eq(sums.len, 2);
	cr_expect_str_eq(((rt_migdir_sum *)sums.items[1])->name, "0002_b.sql");
	cr_expect_eq(((rt_migdir_sum *)sums.items[1])->line, 2);
	cr_assert_eq(rt_migdir_verify(&problems, A, dir, &err), 0);
	cr_expect_eq(problems.len, 0);
}

Test(migdir_dir, no_sum_file_everything_unrecorded)
{
	rt_vec sums = {0}, problems = {0};
	bool there = true;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_migdir_sum_read(&sums, &there, A, dir, &err), 0);
	cr_expect_not(there);
	cr_expect_eq(sums.len, 0);
	put_file("0001_a.sql", "x");
	cr_assert_eq(rt_migdir_verify(&problems, A, dir, &err), 0);
	cr_assert_eq(problems.len, 1);
	cr_expect_eq(((rt_migdir_problem *)problems.items[0])->kind,
		     RT_MIGDIR_UNRECORDED);
}

static const rt_migdir_problem *prob(const rt_vec *v, size_t i)
{
	cr_assert_lt(i, v->len);
	return v->items[i];
}

Test(migdir_dir, verify_finds_edited_missing_unrecorded)
{
	put_file("0001_a.sql", "one");
	put_file("0002_b.sql", "two");
	put_file("0003_c.sql", "three");
	rt_vec v = list_ok();
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_migdir_sum_write(dir, &v, A, &err), 0);
	put_file("0002_b.sql", "two, edited");
	char *p = rt_arena_printf(A, "%s/0003_c.sql", dir);
	cr_assert_eq(unlink(p), 0);
	put_file("0004_d.sql", "four");
	rt_vec problems = {0};
	cr_assert_eq(rt_migdir_verify(&problems, A, dir, &err), 0);
	cr_assert_eq(problems.len, 3);
	cr_expect_eq(prob(&problems, 0)->kind, RT_MIGDIR_EDITED);
	cr_expect_str_eq(prob(&problems, 0)->name, "0002_b.sql");
	cr_expect_eq(prob(&problems, 0)->line, 2);
	cr_expect_neq(
	    strcmp(prob(&problems, 0)->recorded, prob(&problems, 0)->actual),
	    0);
	cr_expect_eq(prob(&problems, 1)->kind, RT_MIGDIR_MISSING);
	cr_expect_str_eq(prob(&problems, 1)->name, "0003_c.sql");
	cr_expect_null(prob(&problems, 1)->actual);
	cr_expect_eq(prob(&problems, 2)->kind, RT_MIGDIR_UNRECORDED);
	cr_expect_str_eq(prob(&problems, 2)->name, "0004_d.sql");
	cr_expect_null(prob(&problems, 2)->recorded);

	char *sum = rt_arena_printf(A, "%s/retort.sum", dir);
	cr_expect_eq(rt_migdir_problem_error(&err, dir, prob(&problems, 0)),
		     -1);
	cr_expect_str_eq(err.msg, "migration '0002_b.sql' was edited since "
				  "retort.sum recorded it");
	cr_expect_str_eq(err.file, sum);
	cr_expect_eq(err.line, 2);
	cr_expect(strstr(err.detail, "recorded "));
	cr_expect(strstr(err.hint, "write a new migration"));
	rt_error_clear(&err);
	rt_migdir_problem_error(&err, dir, prob(&problems, 1));
	cr_expect_str_eq(err.msg, "migration '0003_c.sql' is recorded in "
				  "retort.sum but missing");
	cr_expect_eq(err.line, 3);
	rt_error_clear(&err);
	rt_migdir_problem_error(&err, dir, prob(&problems, 2));
	cr_expect_str_eq(
	    err.msg, "migration '0004_d.sql' is not recorded in retort.sum");
	cr_expect_eq(err.line, 0);
	cr_expect_eq(err.code, RT_EINPUT);
}

/* Writes text as retort.sum and expects rt_migdir_sum_read to fail at
 * line:col with a message holding want. */
static void sum_err(const char *text, int line, int col, const char *want)
{
	rt_vec sums = {0};
	rt_error err = RT_ERROR_INIT;
	put_file("retort.sum", text);
	cr_assert_eq(rt_migdir_sum_read(&sums, NULL, A, dir, &err), -1, "%s",
		     text);
	cr_expect_eq(err.code, RT_EINPUT);
	cr_expect_eq(err.line, line, "%s: line %d", err.msg, err.line);
	cr_expect_eq(err.col, col, "%s: col %d", err.msg, err.col);
	cr_expect(strstr(err.msg, want), "'%s' lacks '%s'", err.msg, want);
	char *sum = rt_arena_printf(A, "%s/retort.sum", dir);
	cr_expect_str_eq(err.file, sum);
}

#define H64 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

Test(migdir_dir, sum_file_errors)
{
	sum_err(H64 "  0001_a.sql\nnot a line\n", 2, 1, "malformed line in '");
	sum_err(H64 "  0001_a.sql\nnot a line\n", 2, 1,
		"(expected '<SHA-256 in 64 hex digits>  <file name>')");
	sum_err("ba7816bf  0001_a.sql\n", 1, 9, "malformed line");
	sum_err(H64 " 0001_a.sql\n", 1, 65, "malformed line");
	sum_err(H64 "  \n", 1, 65, "malformed line");
	sum_err(H64 "  a.sql\n", 1, 67, "'a.sql' in '");
	sum_err(H64 "  0001_a.sql\n\n" H64 "  0001_a.sql\n", 3, 67,
		"'0001_a.sql' is recorded twice in '");
	sum_err(H64 "  0001_a.sql\n<<<<<<< HEAD\n" H64 "  0002_a.sql\n", 2, 1,
		"merge conflict markers in '");
	rt_vec sums = {0};
	rt_error err = RT_ERROR_INIT;
	/* upper case hex, binary mode '*' and CRLF are what sha256sum
	 * accepts too */
	put_file("retort.sum", "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9"
			       "CB410FF61F20015AD *0001_a.sql\r\n");
	cr_assert_eq(rt_migdir_sum_read(&sums, NULL, A, dir, &err), 0, "%s",
		     err.msg);
	cr_expect_str_eq(((rt_migdir_sum *)sums.items[0])->hex, H64);
	cr_expect_str_eq(((rt_migdir_sum *)sums.items[0])->name, "0001_a.sql");
}

static const rt_migdir_rename *ren(const rt_vec *v, size_t i)
{
	cr_assert_lt(i, v->len);
	return v->items[i];
}

Test(migdir_dir, renumber_plan_moves_duplicates_to_the_end)
{
	put_file("0001_init.sql", "");
	put_file("0002_users.sql", "");
	put_file("0003_a_tasks.sql", "");
	put_file("0003_b_tags.sql", "");
	put_file("0003_c_more.sql", "");
	put_file("0004_after.sql", "");
	rt_vec v = list_ok(), plan = {0};
	rt_migdir_renumber_plan(&plan, A, &v, NULL);
	cr_assert_eq(plan.len, 2);
	cr_expect_str_eq(ren(&plan, 0)->from, "0003_b_tags.sql");
	cr_expect_str_eq(ren(&plan, 0)->to, "0005_b_tags.sql");
	cr_expect_str_eq(ren(&plan, 1)->from, "0003_c_more.sql");
	cr_expect_str_eq(ren(&plan, 1)->to, "0006_c_more.sql");
	/* the applied one keeps its number */
	rt_vec keep = {0}, plan2 = {0};
	rt_vec_push(&keep, A, (void *)"0003_b_tags.sql");
	rt_migdir_renumber_plan(&plan2, A, &v, &keep);
	cr_assert_eq(plan2.len, 2);
	cr_expect_str_eq(ren(&plan2, 0)->from, "0003_a_tasks.sql");
	cr_expect_str_eq(ren(&plan2, 0)->to, "0005_a_tasks.sql");
	cr_expect_str_eq(ren(&plan2, 1)->from, "0003_c_more.sql");
	/* unique numbers: nothing to do */
	rt_vec uniq = {0}, plan3 = {0};
	rt_vec_push(&uniq, A, v.items[0]);
	rt_vec_push(&uniq, A, v.items[1]);
	rt_migdir_renumber_plan(&plan3, A, &uniq, NULL);
	cr_expect_eq(plan3.len, 0);
}

Test(migdir_dir, renumber_keeps_the_widest_number)
{
	put_file("09999_x.sql", "");
	put_file("09999_y.sql", "");
	rt_vec v = list_ok(), plan = {0};
	rt_migdir_renumber_plan(&plan, A, &v, NULL);
	cr_assert_eq(plan.len, 1);
	cr_expect_str_eq(ren(&plan, 0)->to, "10000_y.sql");
}

Test(migdir_dir, renumber_apply_renames_and_rewrites_the_sum)
{
	put_file("0001_init.sql", "init");
	put_file("0002_a.sql", "a");
	put_file("0002_b.sql", "b");
	rt_vec v = list_ok(), plan = {0}, problems = {0};
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_migdir_sum_write(dir, &v, A, &err), 0);
	put_file("0002_b.sql", "b, edited");
	rt_migdir_renumber_plan(&plan, A, &v, NULL);
	cr_assert_eq(plan.len, 1);
	cr_assert_eq(rt_migdir_renumber_apply(dir, &plan, A, &err), 0, "%s",
		     err.msg);
	cr_expect_not(exists("0002_b.sql"));
	cr_expect_str_eq(get_file("0003_b.sql"), "b, edited");
	rt_vec after = list_ok();
	cr_expect_eq(rt_migdir_check_numbers(dir, &after, &err), 0);
	/* the edit is still reported, under the new name */
	cr_assert_eq(rt_migdir_verify(&problems, A, dir, &err), 0);
	cr_assert_eq(problems.len, 1);
	cr_expect_eq(prob(&problems, 0)->kind, RT_MIGDIR_EDITED);
	cr_expect_str_eq(prob(&problems, 0)->name, "0003_b.sql");
	cr_expect_eq(prob(&problems, 0)->line, 3);
	cr_expect(strstr(get_file("retort.sum"), "  0003_b.sql\n"));
}

Test(migdir_dir, renumber_apply_undoes_on_failure)
{
	put_file("0001_a.sql", "a");
	put_file("0001_b.sql", "b");
	put_file("0001_c.sql", "c");
	rt_vec v = list_ok(), plan = {0};
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_migdir_sum_write(dir, &v, A, &err), 0);
	char *before = get_file("retort.sum");
	rt_migdir_renumber_plan(&plan, A, &v, NULL);
	cr_assert_eq(plan.len, 2);
	/* someone created the second target meanwhile */
	put_file("0003_c.sql", "in the way");
	cr_assert_eq(rt_migdir_renumber_apply(dir, &plan, A, &err), -1);
	cr_expect_eq(err.code, RT_EIO);
	cr_expect(strstr(err.msg, "cannot rename '"), "%s", err.msg);
	cr_expect(strstr(err.msg, "File exists"), "%s", err.msg);
	cr_expect(exists("0001_b.sql"));
	cr_expect_not(exists("0002_b.sql"));
	cr_expect_str_eq(get_file("0003_c.sql"), "in the way");
	cr_expect_str_eq(get_file("retort.sum"), before);
	/* a malformed sum file stops it before any rename */
	put_file("retort.sum", "junk\n");
	cr_assert_eq(rt_migdir_renumber_apply(dir, &plan, A, &err), -1);
	cr_expect_eq(err.code, RT_EINPUT);
	cr_expect(exists("0001_b.sql"));
}

static void make_dir(const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	cr_assert_eq(mkdir(path, 0700), 0);
}

Test(migdir_dir, io_errors_name_the_file)
{
	rt_error err = RT_ERROR_INIT;
	rt_vec v = {0}, sums = {0};
	char hex[65];
	/* a migration that is a folder: cannot be hashed */
	make_dir("0001_a.sql");
	char *p = rt_arena_printf(A, "%s/0001_a.sql", dir);
	cr_assert_eq(rt_migdir_hash_file(hex, p, &err), -1);
	cr_expect_eq(err.code, RT_EIO);
	cr_expect_str_eq(err.msg, rt_arena_printf(A,
						  "cannot read '%s': Is a "
						  "directory",
						  p));
	p = rt_arena_printf(A, "%s/0404_none.sql", dir);
	cr_assert_eq(rt_migdir_hash_file(hex, p, &err), -1);
	cr_expect_str_eq(err.msg, rt_arena_printf(A,
						  "cannot open '%s': No such "
						  "file or directory",
						  p));
	/* retort.sum that is a folder: cannot be read, nor replaced */
	make_dir("retort.sum");
	make_dir("retort.sum/x");
	cr_assert_eq(rt_migdir_sum_read(&sums, NULL, A, dir, &err), -1);
	cr_expect_eq(err.code, RT_EIO);
	cr_expect(strstr(err.msg, "cannot read '"), "%s", err.msg);
	cr_expect(strstr(err.msg, "/retort.sum': Is a directory"), "%s",
		  err.msg);
	cr_assert_eq(rt_migdir_sum_write(dir, &v, A, &err), -1);
	cr_expect_eq(err.code, RT_EIO);
	cr_expect(strstr(err.msg, "cannot write '"), "%s", err.msg);
	cr_expect_not(exists(".retort.sum.tmp"));
	/* a folder that is a file */
	put_file("plain", "x");
	p = rt_arena_printf(A, "%s/plain", dir);
	cr_assert_eq(rt_migdir_sum_read(&sums, NULL, A, p, &err), -1);
	cr_expect_str_eq(err.msg, rt_arena_printf(A,
						  "cannot open '%s/retort.sum'"
						  ": Not a directory",
						  p));
	cr_assert_eq(rt_migdir_sum_write(p, &v, A, &err), -1);
	cr_expect_str_eq(err.msg, rt_arena_printf(A,
						  "cannot create "
						  "'%s/.retort.sum.tmp': Not a "
						  "directory",
						  p));
}

Test(migdir_dir, sum_file_nul_byte)
{
	rt_vec sums = {0};
	rt_error err = RT_ERROR_INIT;
	char path[256];
	snprintf(path, sizeof(path), "%s/retort.sum", dir);
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	fwrite(H64 "  0001_a.sql\n" H64 "\0 0002_b.sql\n", 1, 64 + 13 + 78, f);
	fclose(f);
	cr_assert_eq(rt_migdir_sum_read(&sums, NULL, A, dir, &err), -1);
	cr_expect_eq(err.code, RT_EINPUT);
	cr_expect_eq(err.line, 2);
	cr_expect_str_eq(err.msg, rt_arena_printf(A,
						  "unexpected NUL byte in "
						  "'%s'",
						  path));
}

Test(migdir_dir, record_one_file_keeps_the_others)
{
	put_file("0001_a.sql", "a");
	put_file("0003_c.sql", "c");
	rt_vec v = list_ok(), problems = {0};
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_migdir_sum_write(dir, &v, A, &err), 0);
	put_file("0001_a.sql", "a, edited"); /* an edit no one recorded */
	put_file("0002_b.sql", "b");	     /* a new migration */
	cr_assert_eq(rt_migdir_sum_record(dir, "0002_b.sql", A, &err), 0, "%s",
		     err.msg);
	cr_assert_eq(rt_migdir_verify(&problems, A, dir, &err), 0);
	cr_assert_eq(problems.len, 1);
	cr_expect_eq(prob(&problems, 0)->kind, RT_MIGDIR_EDITED);
	cr_expect_str_eq(prob(&problems, 0)->name, "0001_a.sql");
	/* in version order */
	char *sum = get_file("retort.sum");
	char *b = strstr(sum, "0002_b.sql"), *c = strstr(sum, "0003_c.sql");
	cr_expect(b && c && b < c, "%s", sum);
	/* recording the edit on purpose clears it */
	cr_assert_eq(rt_migdir_sum_record(dir, "0001_a.sql", A, &err), 0);
	rt_vec none = {0};
	cr_assert_eq(rt_migdir_verify(&none, A, dir, &err), 0);
	cr_expect_eq(none.len, 0);
	/* into a folder without retort.sum, and a missing file */
	char *p = rt_arena_printf(A, "%s/retort.sum", dir);
	cr_assert_eq(unlink(p), 0);
	cr_assert_eq(rt_migdir_sum_record(dir, "0003_c.sql", A, &err), 0);
	cr_expect(strstr(get_file("retort.sum"), "  0003_c.sql\n"));
	cr_assert_eq(rt_migdir_sum_record(dir, "0009_none.sql", A, &err), -1);
	cr_expect_eq(err.code, RT_EIO);
}
