/* SPDX-License-Identifier: MIT */
/* The estimate model (estimate.c) on statistics and a calibration given by
 * hand: each kind of work, the no-statistics message, lock hold times to
 * the end of a transaction, the downtime verdict; and the planner's row
 * formula of load_stats_pg.c. */
#include "base/common.h"
#include "load/stats.h"
#include "plan/estimate.h"

#include <criterion/criterion.h>
#include <math.h>

static rt_arena *arena;
static rt_db_stats db;

/* 100 MB/s scan, 50 MB/s rewrite, 1e4 n*log2(n) per ms, 1 ms catalog */
#define MB (1024.0 * 1024)

static void add_table(const char *name, double reltuples, int64_t heap,
		      int nindexes)
{
	rt_table_stats *t = rt_arena_alloc(arena, sizeof(*t));
	memset(t, 0, sizeof(*t));
	t->name.schema = "public";
	t->name.name = name;
	t->reltuples = reltuples;
	t->relpages = heap / 8192;
	t->heap_bytes = heap;
	t->table_bytes = heap;
	t->nindexes = nindexes;
	t->rows = rt_table_stats_rows(reltuples, t->relpages, heap, 8192);
	rt_vec_push(&db.tables, arena, t);
	const char *key = rt_arena_printf(arena, "public.%s", name);
	rt_map_put(&db.by_name, arena, key, strlen(key), t);
}

static void setup(void)
{
	arena = rt_arena_new();
	memset(&db, 0, sizeof(db));
	db.block_size = 8192;
	db.calibrated = true;
	db.cal.scan_bytes_ms = 100 * MB / 1000;
	db.cal.write_bytes_ms = 50 * MB / 1000;
	db.cal.sort_rows_ms = 1e4;
	db.cal.catalog_ms = 1;
	add_table("big", 1e6, (int64_t)(100 * MB), 2);
	add_table("fresh", -1, (int64_t)(8 * MB), 0);
	add_table("empty", -1, 0, 1);
}

static void teardown(void)
{
	rt_arena_free(arena);
}

TestSuite(estimate, .init = setup, .fini = teardown);

static rt_estimate est(rt_est_work w, const char *table, bool new_table)
{
	rt_estimate e;
	rt_qname q = {"public", table};
	rt_estimate_stmt(&e, arena, w, table ? &q : NULL,
			 new_table ? RT_EST_NEW_TABLE : 0, &db);
	return e;
}

Test(estimate, catalog_is_the_measured_round_trip)
{
	rt_estimate e = est(RT_EST_CATALOG, "big", false);
	cr_assert(e.known);
	cr_assert_float_eq(e.ms, 1.0, 1e-9);
	db.calibrated = false;
	e = est(RT_EST_CATALOG, "big", false);
	cr_assert_float_eq(e.ms, RT_CATALOG_MS, 1e-9);
}

Test(estimate, scan_follows_heap_bytes)
{
	rt_estimate e = est(RT_EST_SCAN, "big", false);
	cr_assert(e.known);
	/* 100 MB at 100 MB/s, plus the catalog's 1 ms */
	cr_assert_float_eq(e.ms, 1001.0, 1e-6);
	cr_assert_str_eq(e.basis, "scan of 100 MB at 100 MB/s");
}

Test(estimate, index_is_scan_plus_sort)
{
	rt_estimate e = est(RT_EST_INDEX, "big", false);
	double sort = 1e6 * log2(1e6) / 1e4;
	cr_assert_float_eq(e.ms, 1000 + sort + 1, 1e-6);
	rt_estimate c = est(RT_EST_INDEX_CONCURRENT, "big", false);
	cr_assert_gt(c.ms, e.ms * 1.2);
	cr_assert_str_eq(e.basis, "index build of 1.0 M rows (100 MB)");
}

Test(estimate, rewrite_copies_then_rebuilds_each_index)
{
	rt_estimate e = est(RT_EST_REWRITE, "big", false);
	double idx = 1000 + 1e6 * log2(1e6) / 1e4;
	cr_assert_float_eq(e.ms, 2000 + 2 * idx + 1, 1e-6);
	cr_assert_str_eq(e.basis, "rewrite of 100 MB at 50 MB/s + 2 index "
				  "builds of 1.0 M rows");
}

Test(estimate, big_tables_scan_slower_and_sort_in_parallel)
{
	rt_estimate small = est(RT_EST_INDEX, "big", false);
	/* 100 MB is over a quarter of 128 MB of shared buffers: read
	 * through the ring, slower; and over min_parallel_table_scan_size
	 * with workers: the sort is shared */
	db.shared_buffers_bytes = (int64_t)(128 * MB);
	rt_estimate scan = est(RT_EST_SCAN, "big", false);
	cr_assert_gt(scan.ms, 1001.0 * 1.2);
	db.parallel_workers = 2;
	db.min_parallel_bytes = (int64_t)(8 * MB);
	rt_estimate par = est(RT_EST_INDEX, "big", false);
	double sort = 1e6 * log2(1e6) / 1e4;
	/* the ring's scan, the sort shared by 1.5, the catalog's 1 ms */
	cr_assert_float_eq(par.ms, scan.ms + sort / 1.5, 1e-6);
	cr_assert_lt(par.ms - scan.ms, small.ms - 1001);
}

Test(estimate, text_keys_sort_at_their_own_rate)
{
	db.cal.sort_text_rows_ms = 2.5e3; /* four times slower */
	rt_qname q = {"public", "big"};
	rt_estimate i, t, r;
	rt_estimate_stmt(&i, arena, RT_EST_INDEX, &q, 0, &db);
	rt_estimate_stmt(&t, arena, RT_EST_INDEX, &q, RT_EST_TEXT_KEY, &db);
	double sort = 1e6 * log2(1e6) / 1e4;
	cr_assert_float_eq(t.ms - i.ms, 3 * sort, 1e-6);
	cr_assert_str_eq(t.basis,
			 "index build of a text key on 1.0 M rows (100 MB)");
	/* a rewrite rebuilds its one text index at the text rate */
	rt_estimate before = est(RT_EST_REWRITE, "big", false);
	((rt_table_stats *)RT_VEC_AT(db.tables, 0))->ntext_indexes = 1;
	rt_estimate_stmt(&r, arena, RT_EST_REWRITE, &q, 0, &db);
	cr_assert_float_eq(r.ms - before.ms, 3 * sort, 1e-6);
}

Test(estimate, never_analyzed_has_no_figure)
{
	rt_estimate e = est(RT_EST_SCAN, "fresh", false);
	cr_assert_not(e.known);
	cr_assert_str_eq(e.reason,
			 "no statistics for public.fresh: run ANALYZE");
}

Test(estimate, empty_new_or_absent_table_costs_the_catalog)
{
	/* never analyzed, but its heap is empty: 0 rows is a fact */
	rt_estimate e = est(RT_EST_REWRITE, "empty", false);
	cr_assert(e.known);
	cr_assert_float_eq(e.ms, 1.0, 1e-9);
	e = est(RT_EST_INDEX, "big", true); /* created earlier: empty */
	cr_assert_float_eq(e.ms, 1.0, 1e-9);
	e = est(RT_EST_SCAN, "nowhere", false);
	cr_assert(e.known);
	cr_assert_str_eq(e.basis, "public.nowhere is empty");
}

Test(estimate, data_dependent_work_has_no_figure)
{
	rt_estimate e = est(RT_EST_DATA, "big", false);
	cr_assert_not(e.known);
	cr_assert_not_null(e.reason);
}

Test(estimate, uncalibrated_has_no_figure_for_real_work)
{
	db.calibrated = false;
	rt_estimate e = est(RT_EST_SCAN, "big", false);
	cr_assert_not(e.known);
	cr_assert_str_eq(e.reason, "no throughput measured on the database");
}

static rt_est_item item(double ms, bool known, bool blocks, int txn)
{
	rt_est_item it;
	memset(&it, 0, sizeof(it));
	it.est.known = known;
	it.est.ms = ms;
	it.blocks = blocks;
	it.txn = txn;
	return it;
}

Test(estimate, lock_is_held_to_the_end_of_the_transaction)
{
	/* a catalog ALTER then a 3 s scan in one transaction: the ALTER's
	 * ACCESS EXCLUSIVE lock is held through the scan */
	rt_est_item v[] = {item(1, true, true, 1), item(3000, true, false, 1),
			   item(500, true, true, 2)};
	rt_est_total t;
	rt_estimate_total(&t, v, 3);
	cr_assert_float_eq(v[0].lock_ms, 3001, 1e-9);
	cr_assert_float_eq(v[1].lock_ms, 3000, 1e-9);
	cr_assert_float_eq(v[2].lock_ms, 500, 1e-9);
	cr_assert_float_eq(t.ms, 3501, 1e-9);
	cr_assert_eq(t.downtime, RT_DOWNTIME_YES);
	cr_assert_float_eq(t.worst_lock_ms, 3001, 1e-9);
}

Test(estimate, outside_a_transaction_each_statement_alone)
{
	rt_est_item v[] = {item(1, true, true, -1),
			   item(3000, true, false, -1)};
	rt_est_total t;
	rt_estimate_total(&t, v, 2);
	cr_assert_float_eq(v[0].lock_ms, 1, 1e-9);
	cr_assert_eq(t.downtime, RT_DOWNTIME_NO);
}

Test(estimate, unknown_blocking_lock_is_unknown_downtime)
{
	rt_est_item v[] = {item(0, false, true, 1), item(5, true, true, 2)};
	rt_est_total t;
	rt_estimate_total(&t, v, 2);
	cr_assert_eq(t.downtime, RT_DOWNTIME_UNKNOWN);
	cr_assert_eq(t.unknown, 1);
	cr_assert_not(v[0].lock_known);
	cr_assert_str_eq(rt_downtime_name(t.downtime), "unknown");
}

Test(estimate, planner_row_formula)
{
	/* 1,000 rows on 10 pages then the heap grew to 20 pages */
	cr_assert_float_eq(rt_table_stats_rows(1000, 10, 20 * 8192, 8192), 2000,
			   1e-9);
	cr_assert_float_eq(rt_table_stats_rows(-1, 0, 8192, 8192), -1, 1e-9);
	cr_assert_float_eq(rt_table_stats_rows(-1, 0, 0, 8192), 0, 1e-9);
	/* analyzed when empty, filled since: unknown */
	cr_assert_float_eq(rt_table_stats_rows(0, 0, 8192, 8192), -1, 1e-9);
}

Test(estimate, formats)
{
	rt_buf b = RT_BUF_INIT;
	rt_estimate_fmt_ms(&b, 3.25);
	rt_buf_adds(&b, "|");
	rt_estimate_fmt_ms(&b, 3400);
	rt_buf_adds(&b, "|");
	rt_estimate_fmt_ms(&b, 125000);
	rt_buf_adds(&b, "|");
	rt_estimate_fmt_bytes(&b, 48 * MB);
	cr_assert_str_eq(b.data, "3.2 ms|3.4 s|2 min 5 s|48 MB");
	rt_buf_release(&b);
}
