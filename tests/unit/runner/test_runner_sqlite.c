/* SPDX-License-Identifier: MIT */
/*
 * The runner on SQLite (temporary files): apply, roll back, a failure
 * halfway, validation, stamp, status, the offline script, concurrent
 * runners (fork) and SIGKILL at any statement.
 */
#include "base/common.h"
#include "base/arena.h"
#include "base/buf.h"
#include "runner/runner.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

static char db_path[64];
static char db_url[96];

static void setup(void)
{
	snprintf(db_path, sizeof(db_path), "/tmp/retort-runner-XXXXXX");
	int fd = mkstemp(db_path);
	cr_assert_geq(fd, 0);
	close(fd);
	snprintf(db_url, sizeof(db_url), "sqlite:///%s", db_path);
}

static void teardown(void)
{
	char j[96];
	unlink(db_path);
	snprintf(j, sizeof(j), "%s-journal", db_path);
	unlink(j);
}

TestSuite(runner_sqlite, .init = setup, .fini = teardown);

static rt_conn *open_db(void)
{
	rt_conn *c = NULL;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_conn_open(&c, db_url, &err), 0, "%s", err.msg);
	return c;
}

/* The first cell of sql's first row, "" when none, in a static buffer. */
static const char *scalar(rt_conn *c, const char *sql)
{
	static char out[256];
	rt_arena *a = rt_arena_new();
	rt_rows rows;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_conn_query(&rows, c, a, sql, &err), 0, "%s: %s", sql,
		     err.msg);
	snprintf(out, sizeof(out), "%s",
		 rows.nrows && rows.cells[0] ? rows.cells[0] : "");
	rt_arena_free(a);
	return out;
}

static bool has_table(rt_conn *c, const char *name)
{
	char sql[160];
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
		 "AND name = '%s'",
		 name);
	return strcmp(scalar(c, sql), "1") == 0;
}

/* ---- three migrations ------------------------------------------------ */

static const rt_run_stmt up1[] = {
    {"CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL)", 3,
     false},
    {"INSERT INTO users VALUES (1, 'ann')", 4, false},
};
static const rt_run_stmt down1[] = {{"DROP TABLE users", 8, false}};
static const rt_run_check check1[] = {
    {"SELECT count(*) FROM users", 5, "1"},
    {"SELECT name FROM users", 6, "rows=1"},
};

static const rt_run_stmt up2[] = {
    {"CREATE TABLE tasks (id integer PRIMARY KEY, title text)", 3, false},
    {"CREATE INDEX tasks_title ON tasks (title)", 4, false},
};
static const rt_run_stmt down2[] = {{"DROP TABLE tasks", 7, false}};

static const rt_run_stmt up3[] = {
    {"ALTER TABLE users ADD COLUMN email text", 3, false},
};
static const rt_run_stmt down3[] = {
    {"ALTER TABLE users DROP COLUMN email", 6, false}};

static const rt_run_mig migs[] = {
    {1, "users", "aaaa", "m/0001_users.sql", NULL, up1, 2, down1, 1, check1, 2},
    {2, "tasks", "bbbb", "m/0002_tasks.sql", NULL, up2, 2, down2, 1, NULL, 0},
    {3, "email", "cccc", "m/0003_email.sql", NULL, up3, 1, down3, 1, NULL, 0},
};

static size_t applied_count(rt_conn *c)
{
	rt_arena *a = rt_arena_new();
	rt_applied *ap = NULL;
	size_t n = 0;
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_runner_status(&ap, &n, c, a, &err), 0, "%s", err.msg);
	rt_arena_free(a);
	return n;
}

Test(runner_sqlite, apply_then_again_is_a_no_op)
{
	rt_conn *c = open_db();
	rt_run_result res;
	rt_error err = RT_ERROR_INIT;
	rt_run_opts o = {.applied_by = "tester"};

	cr_assert_eq(rt_runner_apply(&res, c, migs, 3, &o, &err), 0, "%s",
		     err.msg);
	cr_expect_eq(res.done, 3);
	cr_expect_eq(res.skipped, 0);
	cr_expect(has_table(c, "users") && has_table(c, "tasks"));
	cr_expect_str_eq(scalar(c, "SELECT count(*) FROM pragma_table_info("
				   "'users') WHERE name = 'email'"),
			 "1");

	rt_arena *a = rt_arena_new();
	rt_applied *ap = NULL;
	size_t n = 0;
	cr_assert_eq(rt_runner_status(&ap, &n, c, a, &err), 0);
	cr_assert_eq(n, 3);
	cr_expect_eq(ap[0].version, 1);
	cr_expect_str_eq(ap[0].name, "users");
	cr_expect_str_eq(ap[0].checksum, "aaaa");
	cr_expect_str_eq(ap[2].checksum, "cccc");
	cr_expect_str_eq(ap[1].applied_by, "tester");
	cr_expect_geq(ap[1].duration_ms, 0);
	cr_expect_neq(ap[1].applied_at[0], '\0');
	rt_arena_free(a);

	cr_assert_eq(rt_runner_apply(&res, c, migs, 3, &o, &err), 0);
	cr_expect_eq(res.done, 0);
	cr_expect_eq(res.skipped, 3);
	cr_expect_str_eq(scalar(c, "SELECT count(*) FROM users"), "1");
	rt_conn_close(c);
}

Test(runner_sqlite, calls_per_migration)
{
	rt_conn *c = open_db();
	rt_run_result res;
	rt_error err = RT_ERROR_INIT;
	/* migration 2: 2 statements; on SQLite BEGIN IMMEDIATE, the
	 * re-check and INSERT+COMMIT are 3 more; 1 per run (create + read) */
	cr_assert_eq(rt_runner_apply(&res, c, &migs[0], 1, NULL, &err), 0);
	cr_assert_eq(rt_runner_apply(&res, c, &migs[1], 1, NULL, &err), 0);
	cr_expect_eq(res.calls, 1 + 2 + 3, "calls %zu", res.calls);
	rt_conn_close(c);
}

Test(runner_sqlite, rollback_runs_down_in_the_given_order)
{
	rt_conn *c = open_db();
	rt_run_result res;
	rt_error err = RT_ERROR_INIT;
	rt_run_mig rev[3] = {migs[2], migs[1], migs[0]};

	cr_assert_eq(rt_runner_apply(&res, c, migs, 3, NULL, &err), 0);
	cr_assert_eq(rt_runner_rollback(&res, c, rev, 2, NULL, &err), 0, "%s",
		     err.msg);
	cr_expect_eq(res.done, 2);
	cr_expect_not(has_table(c, "tasks"));
	cr_expect(has_table(c, "users"));
	cr_expect_str_eq(scalar(c, "SELECT count(*) FROM pragma_table_info("
				   "'users') WHERE name = 'email'"),
			 "0");
	cr_expect_eq(applied_count(c), 1);
	/* rolling back again skips what is not applied */
	cr_assert_eq(rt_runner_rollback(&res, c, rev, 3, NULL, &err), 0);
	cr_expect_eq(res.done, 1);
	cr_expect_eq(res.skipped, 2);
	cr_expect_not(has_table(c, "users"));
	cr_expect_eq(applied_count(c), 0);
	rt_conn_close(c);
}

Test(runner_sqlite, failure_halfway_leaves_nothing_of_that_migration)
{
	static const rt_run_stmt bad_up[] = {
	    {"CREATE TABLE half (x int)", 10, false},
	    {"INSERT INTO users VALUES (2, 'bob')", 11, false},
	    {"INSERT INTO half\n  VALUES (1, 2, 3)", 12, false},
	    {"CREATE TABLE never (x int)", 14, false},
	};
	rt_run_mig m[3] = {migs[0], migs[1], migs[2]};
	m[1].up = bad_up;
	m[1].nup = 4;
	m[1].path = "m/0002_bad.sql";
	rt_conn *c = open_db();
	rt_run_result res;
	rt_error err = RT_ERROR_INIT;

	cr_assert_eq(rt_runner_apply(&res, c, m, 3, NULL, &err), -1);
	cr_expect_eq(res.done, 1, "migrations applied before it: %zu",
		     res.done);
	cr_expect_eq(err.code, RT_EDB);
	cr_expect_str_eq(err.file, "m/0002_bad.sql");
	cr_expect_eq(err.line, 12);
	cr_expect(strstr(err.msg, "migration 2 'tasks' rolled back"), "%s",
		  err.msg);
	cr_expect(strstr(err.msg, "'INSERT INTO half'"), "%s", err.msg);
	cr_expect(strstr(err.msg, "has 1 columns but 3 values"), "%s", err.msg);
	/* nothing of migration 2, nothing after it, migration 1 stays */
	cr_expect_not(has_table(c, "half"));
	cr_expect_not(has_table(c, "never"));
	cr_expect_str_eq(scalar(c, "SELECT count(*) FROM users"), "1");
	cr_expect_str_eq(scalar(c, "SELECT group_concat(version) FROM "
				   "retort_version"),
			 "1");
	rt_conn_close(c);
}

Test(runner_sqlite, syntax_error_names_its_line_inside_the_statement)
{
	static const rt_run_stmt bad_up[] = {
	    {"CREATE TABLE t (\n  a int,\n  b int DEFAULT (1 +)\n)", 20, false},
	};
	rt_run_mig m = migs[0];
	m.up = bad_up;
	m.nup = 1;
	m.nchecks = 0;
	rt_conn *c = open_db();
	rt_error err = RT_ERROR_INIT;

	cr_assert_eq(rt_runner_apply(NULL, c, &m, 1, NULL, &err), -1);
	cr_expect_eq(err.line, 22, "line %d: %s", err.line, err.msg);
	cr_expect(strstr(err.msg, "'CREATE TABLE t ('"), "%s", err.msg);
	cr_expect(strstr(err.msg, "syntax error"), "%s", err.msg);
	cr_expect_eq(applied_count(c), 0);
	rt_conn_close(c);
}

Test(runner_sqlite, failed_validation_rolls_back)
{
	static const rt_run_check bad_check[] = {
	    {"SELECT count(*) FROM users", 5, "1"},
	    {"SELECT count(*) FROM users", 6, "2"},
	};
	rt_run_mig m = migs[0];
	m.checks = bad_check;
	rt_conn *c = open_db();
	rt_run_result res;
	rt_error err = RT_ERROR_INIT;

	cr_assert_eq(rt_runner_apply(&res, c, &m, 1, NULL, &err), -1);
	cr_expect_eq(res.done, 0);
	cr_expect_str_eq(err.file, "m/0001_users.sql");
	cr_expect_eq(err.line, 6);
	cr_expect(strstr(err.msg, "expected '2', got '1'"), "%s", err.msg);
	cr_expect_not(has_table(c, "users"));
	cr_expect_eq(applied_count(c), 0);

	static const rt_run_check rows_check[] = {
	    {"SELECT * FROM users WHERE id > 5", 9, "rows=1"},
	};
	m.checks = rows_check;
	m.nchecks = 1;
	cr_assert_eq(rt_runner_apply(&res, c, &m, 1, NULL, &err), -1);
	cr_expect(strstr(err.msg, "expected 'rows=1', got 'rows=0'"), "%s",
		  err.msg);
	cr_expect_not(has_table(c, "users"));

	static const rt_run_check err_check[] = {
	    {"SELECT nope FROM users", 9, "1"},
	};
	m.checks = err_check;
	cr_assert_eq(rt_runner_apply(&res, c, &m, 1, NULL, &err), -1);
	cr_expect(strstr(err.msg, "validation query 'SELECT nope FROM users' "
				  "failed: no such column: nope"),
		  "%s", err.msg);
	cr_expect_not(has_table(c, "users"));
	rt_conn_close(c);
}

Test(runner_sqlite, long_expected_values_are_compared_whole)
{
	/* a value of 600 bytes (a wide table's column list): equal holds,
	 * one byte off at the end fails */
	char want[601], off[601];
	memset(want, 'x', 600);
	want[600] = 0;
	memcpy(off, want, sizeof(off));
	off[599] = 'y';
	rt_buf q = RT_BUF_INIT;
	rt_buf_addf(&q, "SELECT '%s'", want);
	rt_run_check ok[] = {{q.data, 5, want}};
	rt_run_check bad[] = {{q.data, 5, off}};
	rt_run_mig m = migs[0];
	m.checks = ok;
	m.nchecks = 1;
	rt_conn *c = open_db();
	rt_run_result res;
	rt_error err = RT_ERROR_INIT;
	cr_expect_eq(rt_runner_apply(&res, c, &m, 1, NULL, &err), 0, "%s",
		     err.msg);
	cr_expect_eq(applied_count(c), 1);
	m.version = 42;
	m.nup = 0; /* the checks alone */
	m.checks = bad;
	cr_expect_eq(rt_runner_apply(&res, c, &m, 1, NULL, &err), -1);
	cr_expect(strstr(err.msg, "rolled back: validation") != NULL, "%s",
		  err.msg);
	cr_expect_eq(applied_count(c), 1);
	rt_conn_close(c);
	rt_buf_release(&q);
}

Test(runner_sqlite, stamp_writes_rows_and_runs_nothing)
{
	rt_conn *c = open_db();
	rt_run_result res;
	rt_error err = RT_ERROR_INIT;

	cr_assert_eq(rt_runner_stamp(&res, c, migs, 2, RT_RUN_UP, NULL, &err),
		     0, "%s", err.msg);
	cr_expect_eq(res.done, 2);
	cr_expect_not(has_table(c, "users"));
	cr_expect_str_eq(scalar(c, "SELECT count(*) FROM retort_version "
				   "WHERE duration_ms IS NULL"),
			 "2");
	cr_assert_eq(rt_runner_stamp(&res, c, migs, 3, RT_RUN_UP, NULL, &err),
		     0);
	cr_expect_eq(res.done, 1);
	cr_expect_eq(res.skipped, 2);
	cr_assert_eq(
	    rt_runner_stamp(&res, c, &migs[1], 2, RT_RUN_DOWN, NULL, &err), 0);
	cr_expect_eq(res.done, 2);
	cr_expect_str_eq(scalar(c, "SELECT group_concat(version) FROM "
				   "retort_version"),
			 "1");
	rt_conn_close(c);
}

Test(runner_sqlite, status_compares_files_and_rows)
{
	rt_conn *c = open_db();
	rt_error err = RT_ERROR_INIT;
	rt_arena *a = rt_arena_new();
	rt_applied *ap = NULL;
	size_t nap = 99;

	/* no tracking table yet: no rows, and none created */
	cr_assert_eq(rt_runner_status(&ap, &nap, c, a, &err), 0, "%s", err.msg);
	cr_expect_eq(nap, 0);
	cr_expect_not(has_table(c, "retort_version"));

	cr_assert_eq(rt_runner_stamp(NULL, c, migs, 3, RT_RUN_UP, NULL, &err),
		     0);
	cr_assert_eq(rt_runner_status(&ap, &nap, c, a, &err), 0);
	/* files: 3 edited, 1 unchanged, 2 gone, 4 new (given out of order) */
	rt_run_mig files[3] = {migs[2], migs[0], migs[1]};
	files[0].checksum = "edited";
	files[2].version = 4;
	rt_mig_status *st = NULL;
	size_t n = 0;
	rt_runner_compare(&st, &n, a, files, 3, ap, nap);
	cr_assert_eq(n, 4);
	cr_expect_eq(st[0].version, 1);
	cr_expect_eq(st[0].state, RT_MIG_APPLIED);
	cr_expect_eq(st[1].version, 2);
	cr_expect_eq(st[1].state, RT_MIG_MISSING);
	cr_expect_null(st[1].file);
	cr_expect_eq(st[2].version, 3);
	cr_expect_eq(st[2].state, RT_MIG_EDITED);
	cr_expect_str_eq(st[2].applied->checksum, "cccc");
	cr_expect_eq(st[3].version, 4);
	cr_expect_eq(st[3].state, RT_MIG_PENDING);
	cr_expect_null(st[3].applied);
	rt_arena_free(a);
	rt_conn_close(c);
}

Test(runner_sqlite, offline_script_does_what_apply_does)
{
	rt_buf up = RT_BUF_INIT, down = RT_BUF_INIT;
	rt_run_mig rev[3] = {migs[2], migs[1], migs[0]};
	rt_run_opts o = {.applied_by = "ci"};
	rt_error err = RT_ERROR_INIT;

	rt_runner_script(&up, RT_DIALECT_SQLITE, RT_RUN_UP, migs, 3, &o);
	cr_expect(strstr(up.data, "BEGIN;\nCREATE TABLE users"), "%s", up.data);
	cr_expect(strstr(up.data, "INSERT INTO retort_version (version, name, "
				  "checksum, duration_ms, applied_by) VALUES "
				  "(3, 'email', 'cccc', NULL, 'ci');\nCOMMIT;"),
		  "%s", up.data);
	cr_expect(strstr(up.data, "--   SELECT count(*) FROM users"));

	/* the script, run as it is, applies all three */
	rt_conn *c = open_db();
	cr_assert_eq(rt_conn_exec(c, up.data, &err), 0, "%s", err.msg);
	cr_expect(has_table(c, "tasks"));
	cr_expect_eq(applied_count(c), 3);
	/* the runner then has nothing to do */
	rt_run_result res;
	cr_assert_eq(rt_runner_apply(&res, c, migs, 3, NULL, &err), 0);
	cr_expect_eq(res.skipped, 3);

	rt_runner_script(&down, RT_DIALECT_SQLITE, RT_RUN_DOWN, rev, 3, &o);
	cr_expect(strstr(down.data, "DROP TABLE users;\nDELETE FROM "
				    "retort_version WHERE version = 1;\n"
				    "COMMIT;"),
		  "%s", down.data);
	cr_assert_eq(rt_conn_exec(c, down.data, &err), 0, "%s", err.msg);
	cr_expect_not(has_table(c, "users"));
	cr_expect_eq(applied_count(c), 0);
	rt_conn_close(c);
	rt_buf_release(&up);
	rt_buf_release(&down);
}

Test(runner_sqlite, offline_script_puts_no_transaction_outside)
{
	static const rt_run_stmt up[] = {
	    {"CREATE TABLE v (x int);", 2, false},
	    {"VACUUM", 4, true},
	    {"CREATE INDEX v_x ON v (x)\n-- trailing note", 5, false},
	};
	rt_run_mig m = {7, "vac", "dd", "m/7.sql", NULL, up,
			3, NULL,  0,	NULL,	   0};
	rt_buf b = RT_BUF_INIT;
	rt_runner_script(&b, RT_DIALECT_PG, RT_RUN_UP, &m, 1, NULL);
	cr_expect(strstr(b.data,
			 "BEGIN;\nCREATE TABLE v (x int);\nCOMMIT;\n"
			 "-- retort: outside a transaction (m/7.sql:4)"
			 "\nVACUUM;\nBEGIN;\nCREATE INDEX v_x ON v (x)\n"
			 "-- trailing note\n;\n"),
		  "%s", b.data);
	cr_expect(strstr(b.data, "'dd', NULL, current_user);\nCOMMIT;\n"), "%s",
		  b.data);
	rt_buf_release(&b);

	/* and the runner runs VACUUM, which SQLite refuses in a
	 * transaction, outside */
	rt_conn *c = open_db();
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(rt_runner_apply(NULL, c, &m, 1, NULL, &err), 0, "%s",
		     err.msg);
	cr_expect_eq(applied_count(c), 1);
	rt_conn_close(c);
}

Test(runner_sqlite, urls)
{
	rt_conn *c = NULL;
	rt_error err = RT_ERROR_INIT;

	cr_expect_eq(rt_conn_open(&c, "mysql://u:pw@h/db", &err), -1);
	cr_expect_null(c);
	cr_expect_eq(err.code, RT_EINPUT);
	cr_expect(strstr(err.msg, "unknown database URL scheme 'mysql'"), "%s",
		  err.msg);
	cr_expect_null(strstr(err.msg, "pw"), "%s", err.msg);
	cr_expect_eq(rt_conn_open(&c, "sqlite:/x.db", &err), -1);
	cr_expect_eq(err.code, RT_EINPUT);
	cr_expect_eq(rt_conn_open(&c, "sqlite:///nonexistent-dir/x/y.db", &err),
		     -1);
	cr_expect_eq(err.code, RT_EDB);

	cr_assert_eq(rt_conn_open(&c, "sqlite:///:memory:", &err), 0);
	cr_expect_eq(rt_conn_dialect(c), RT_DIALECT_SQLITE);
	cr_assert_eq(rt_runner_apply(NULL, c, migs, 3, NULL, &err), 0);
	cr_expect_eq(applied_count(c), 3);
	cr_expect_eq(access(":memory:", F_OK), -1);
	rt_conn_close(c);

	cr_assert_eq(rt_conn_open(&c, "sqlite://", &err), 0);
	rt_conn_close(c);
}

/* ---- concurrency and SIGKILL ------------------------------------------ */

#define NMIG 6
static rt_run_stmt conc_up[NMIG][3];
static rt_run_mig conc[NMIG];
static char conc_sql[NMIG][2][96];
#define BUSY                                                                   \
	"CREATE TEMP TABLE busy AS WITH RECURSIVE n(i) AS (SELECT 1 UNION "    \
	"ALL SELECT i + 1 FROM n WHERE i < 20000) SELECT count(*) FROM n"

/* Migrations that fail when run twice (CREATE TABLE without IF NOT
 * EXISTS) and log each run in a table of their own. */
static void conc_init(void)
{
	for (int i = 0; i < NMIG; i++) {
		snprintf(conc_sql[i][0], sizeof(conc_sql[i][0]),
			 "CREATE TABLE c%d (x int)", i + 1);
		snprintf(conc_sql[i][1], sizeof(conc_sql[i][1]),
			 "INSERT INTO runs VALUES (%d, %d)", i + 1,
			 (int)getpid());
		conc_up[i][0] = (rt_run_stmt){conc_sql[i][0], 1, false};
		conc_up[i][1] = (rt_run_stmt){conc_sql[i][1], 2, false};
		/* a few milliseconds of work, so the runners overlap */
		conc_up[i][2] =
		    (rt_run_stmt){BUSY "; DROP TABLE busy", 3, false};
		conc[i] =
		    (rt_run_mig){i + 1, "c",  "x", "c.sql", NULL, conc_up[i],
				 3,	NULL, 0,   NULL,    0};
	}
}

Test(runner_sqlite, concurrent_runners_apply_each_migration_once)
{
	rt_conn *c = open_db();
	rt_error err = RT_ERROR_INIT;
	cr_assert_eq(
	    rt_conn_exec(c, "CREATE TABLE runs (v int, pid int)", &err), 0);
	rt_conn_close(c);

	enum { NPROC = 10 };
	pid_t kids[NPROC];
	int gate[2];
	cr_assert_eq(pipe(gate), 0);
	for (int k = 0; k < NPROC; k++) {
		kids[k] = fork();
		cr_assert_geq(kids[k], 0);
		if (kids[k] == 0) {
			rt_conn *cc = NULL;
			rt_error e = RT_ERROR_INIT;
			char ch;
			conc_init();
			if (rt_conn_open(&cc, db_url, &e) < 0)
				_exit(3);
			/* all start together: the gate opens at EOF */
			close(gate[1]);
			if (read(gate[0], &ch, 1) != 0)
				_exit(4);
			int rc =
			    rt_runner_apply(NULL, cc, conc, NMIG, NULL, &e);
			if (rc < 0)
				fprintf(stderr, "child: %s\n", e.msg);
			rt_conn_close(cc);
			_exit(rc < 0 ? 3 : 0);
		}
	}
	close(gate[0]);
	usleep(50000);
	close(gate[1]);
	for (int k = 0; k < NPROC; k++) {
		int st = 0;
		cr_assert_eq(waitpid(kids[k], &st, 0), kids[k]);
		cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0,
			  "runner %d: status %d", k, st);
	}
	c = open_db();
	cr_expect_str_eq(scalar(c, "SELECT count(*) FROM runs"), "6");
	cr_expect_str_eq(scalar(c, "SELECT count(DISTINCT v) FROM runs"), "6");
	cr_expect_eq(applied_count(c), NMIG);
	rt_conn_close(c);
}

Test(runner_sqlite, sigkill_at_any_statement_then_rerun_completes)
{
	/* 20 statements, each busy for a few milliseconds */
	enum { NST = 20 };
	static char sql[NST][200];
	static rt_run_stmt st[NST];
	for (int i = 0; i < NST; i++) {
		snprintf(sql[i], sizeof(sql[i]),
			 "CREATE TABLE k%d AS WITH RECURSIVE n(i) AS (SELECT 1 "
			 "UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
			 "SELECT count(*) AS c FROM n",
			 i);
		st[i] = (rt_run_stmt){sql[i], i + 1, false};
	}
	rt_run_mig m = {1, "k", "x", "k.sql", NULL, st, NST, NULL, 0, NULL, 0};

	/* how long a whole run takes, to spread the kills over it */
	rt_conn *c = open_db();
	rt_error err = RT_ERROR_INIT;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(rt_runner_apply(NULL, c, &m, 1, NULL, &err), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long total_us = (t1.tv_sec - t0.tv_sec) * 1000000L +
			(t1.tv_nsec - t0.tv_nsec) / 1000;
	rt_conn_close(c);

	/* 24 kill points spread over 1.2 times the run; 4 under valgrind,
	 * where each run is some 50 times slower */
	int npoints = RUNNING_ON_VALGRIND ? 4 : 24;
	int killed_mid = 0;
	for (int k = 0; k < npoints; k++) {
		teardown();
		pid_t pid = fork();
		cr_assert_geq(pid, 0);
		if (pid == 0) {
			rt_conn *cc = NULL;
			rt_error e = RT_ERROR_INIT;
			if (rt_conn_open(&cc, db_url, &e) < 0)
				_exit(3);
			int rc = rt_runner_apply(NULL, cc, &m, 1, NULL, &e);
			rt_conn_close(cc);
			_exit(rc < 0 ? 3 : 0);
		}
		usleep((useconds_t)(total_us * k * 6 / (5 * npoints)));
		kill(pid, SIGKILL);
		int ws = 0;
		waitpid(pid, &ws, 0);

		/* consistent: the tracking row iff all 20 tables */
		c = open_db();
		long ntables = strtol(
		    scalar(c, "SELECT count(*) FROM sqlite_master WHERE type "
			      "= 'table' AND name GLOB 'k[0-9]*'"),
		    NULL, 10);
		size_t napplied = applied_count(c);
		cr_expect((napplied == 1 && ntables == NST) ||
			      (napplied == 0 && ntables == 0),
			  "kill %d: %zu tracking rows, %ld of %d tables", k,
			  napplied, ntables, NST);
		if (WIFSIGNALED(ws) && napplied == 0)
			killed_mid++;
		/* the next run completes */
		cr_assert_eq(rt_runner_apply(NULL, c, &m, 1, NULL, &err), 0,
			     "kill %d: %s", k, err.msg);
		cr_expect_eq(applied_count(c), 1);
		cr_expect_str_eq(
		    scalar(c, "SELECT count(*) FROM sqlite_master WHERE type "
			      "= 'table' AND name GLOB 'k[0-9]*'"),
		    "20");
		rt_conn_close(c);
	}
	/* most kills land inside the migration, not before or after it */
	cr_expect_geq(killed_mid, npoints / 4, "only %d kills mid-migration",
		      killed_mid);
}
