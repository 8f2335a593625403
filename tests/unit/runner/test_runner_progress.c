/* SPDX-License-Identifier: MIT */
/*
 * What the runner gives the command line for timeouts and progress: the
 * durations it reads (--lock-timeout, [tool.retort], a migration's header)
 * and the progress line it makes of a row of PostgreSQL's progress views.
 */
#include "base/common.h"
#include "base/buf.h"
#include "runner/runner.h"

#include <criterion/criterion.h>

Test(runner_progress, durations)
{
	static const struct {
		const char *text;
		long long ms;
	} ok[] = {
	    {"0", 0},
	    {"250", 250},
	    {"250ms", 250},
	    {"2s", 2000},
	    {"2 s", 2000},
	    {"1min", 60000},
	    {"1h", 3600000},
	    {"24h", 86400000},
	    {"1440min", 86400000},
	    {"86400000", 86400000},
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		long long ms = -7;
		cr_assert(rt_runner_parse_duration(&ms, ok[i].text), "%s",
			  ok[i].text);
		cr_assert_eq(ms, ok[i].ms, "%s: %lld", ok[i].text, ms);
	}
	static const char *const bad[] = {
	    "",
	    "s",
	    "-1",
	    "1.5s",
	    "2 sec",
	    "2S",
	    " 2s",
	    "2s ",
	    "25h",
	    "2d",
	    "1e3",
	    "0x10",
	    "9999999999999999999999",
	    "2ss",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		long long ms = -7;
		cr_assert(!rt_runner_parse_duration(&ms, bad[i]), "%s", bad[i]);
		cr_assert_eq(ms, -7, "%s: changed the output", bad[i]);
	}
}

static const rt_run_stmt STMT = {"CREATE INDEX CONCURRENTLY i ON t (x)", 7,
				 true};
static const rt_run_mig MIG = {.version = 3,
			       .name = "idx",
			       .path = "migrations/0003_idx.sql",
			       .down_path = "migrations/0003_idx.down.sql"};

static rt_run_progress row(void)
{
	rt_run_progress p;
	memset(&p, 0, sizeof(p));
	p.mig = &MIG;
	p.stmt = &STMT;
	p.blocks_done = p.blocks_total = p.tuples_done = p.tuples_total =
	    p.lockers_done = p.lockers_total = -1;
	return p;
}

static void expect_line(const rt_run_progress *p, const char *want)
{
	rt_buf b = RT_BUF_INIT;
	rt_runner_progress_line(&b, p);
	cr_assert_str_eq(b.data, want);
	rt_buf_release(&b);
}

Test(runner_progress, blocks_of_a_table_scan)
{
	rt_run_progress p = row();
	snprintf(p.command, sizeof(p.command), "CREATE INDEX CONCURRENTLY");
	snprintf(p.phase, sizeof(p.phase), "building index: scanning table");
	p.blocks_done = 1200;
	p.blocks_total = 4800;
	p.tuples_done = 0;
	p.tuples_total = 0;
	p.elapsed_ms = 3250;
	expect_line(&p, "0003_idx.sql:7 25% 1200/4800 blocks, 3.2 s, CREATE "
			"INDEX CONCURRENTLY: building index: scanning table");
}

Test(runner_progress, tuples_when_no_blocks)
{
	rt_run_progress p = row();
	snprintf(p.command, sizeof(p.command), "CREATE INDEX");
	snprintf(p.phase, sizeof(p.phase),
		 "building index: loading tuples "
		 "in tree");
	p.blocks_done = p.blocks_total = 0;
	p.tuples_done = 3;
	p.tuples_total = 9;
	p.elapsed_ms = 999;
	expect_line(&p, "0003_idx.sql:7 33% 3/9 tuples, 0.9 s, CREATE INDEX: "
			"building index: loading tuples in tree");
}

Test(runner_progress, lockers_waited_for_and_done_past_total)
{
	rt_run_progress p = row();
	snprintf(p.command, sizeof(p.command), "REINDEX CONCURRENTLY");
	snprintf(p.phase, sizeof(p.phase), "waiting for old snapshots");
	p.lockers_done = 2;
	p.lockers_total = 2;
	p.elapsed_ms = 12000;
	expect_line(&p, "0003_idx.sql:7 100% 2/2 transactions, 12.0 s, "
			"REINDEX CONCURRENTLY: waiting for old snapshots");
	/* a count past its total (the view can lag) stays at 100% */
	p.lockers_done = 3;
	expect_line(&p, "0003_idx.sql:7 100% 3/2 transactions, 12.0 s, "
			"REINDEX CONCURRENTLY: waiting for old snapshots");
}

Test(runner_progress, a_rewrite_counts_tuples_written)
{
	rt_run_progress p = row();
	snprintf(p.command, sizeof(p.command), "VACUUM FULL");
	snprintf(p.phase, sizeof(p.phase), "seq scanning heap");
	p.blocks_done = 10;
	p.blocks_total = 0; /* unknown yet: no percent */
	p.tuples_done = 5000;
	p.elapsed_ms = 400;
	expect_line(&p, "0003_idx.sql:7 5000 tuples, 0.4 s, VACUUM FULL: seq "
			"scanning heap");
}

Test(runner_progress, no_view_running_or_waiting)
{
	rt_run_progress p = row();
	p.elapsed_ms = 61000;
	expect_line(&p, "0003_idx.sql:7 61.0 s, running");
	p.waiting = true;
	expect_line(&p, "0003_idx.sql:7 61.0 s, waiting for a lock");
	/* waiting inside a build: its phase says for what */
	snprintf(p.command, sizeof(p.command), "CREATE INDEX CONCURRENTLY");
	snprintf(p.phase, sizeof(p.phase), "waiting for writers before build");
	p.lockers_done = 0;
	p.lockers_total = 1;
	expect_line(&p, "0003_idx.sql:7 0% 0/1 transactions, 61.0 s, CREATE "
			"INDEX CONCURRENTLY: waiting for writers before build");
}

Test(runner_progress, down_statements_name_their_file)
{
	rt_run_progress p = row();
	p.down = true;
	p.elapsed_ms = 250;
	expect_line(&p, "0003_idx.down.sql:7 0.2 s, running");
}
