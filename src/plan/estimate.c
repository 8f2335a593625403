/* SPDX-License-Identifier: MIT */
/*
 * The cost model of estimate.h. Times follow bytes where the work reads
 * or writes the heap (scan, rewrite) and rows * log2(rows) where it
 * sorts (index builds), each divided by the rate measured on the target
 * (rt_calibration). A rewrite copies the table then rebuilds each index;
 * a concurrent build scans the heap twice more and validates.
 */
#include "base/common.h"

#include <math.h>

#include "plan/estimate.h"

/* CREATE INDEX CONCURRENTLY against a plain build on a server without
 * other traffic: a second heap scan and the validation pass (an index
 * scan, a sort of the TIDs, a heap scan). The reference (4a) says 2-3x on
 * busy systems, where the waits for older transactions dominate;
 * bench_estimate measured 1.0-1.6x at 1 M rows and 1.5-1.9x at 5 M on an
 * idle one. The waits are not predictable from the catalog. */
#define CONCURRENT_FACTOR 1.7

/* A table over a quarter of shared_buffers is scanned through a ring of
 * buffers, from the OS cache (PostgreSQL's BAS_BULKREAD), where the
 * calibration's small sample is read from shared buffers. bench_estimate
 * measured such tables (73 and 365 MB, shared_buffers 128 MB) scanned
 * 1.0-2.0x slower per byte than the sample. */
#define RING_FACTOR 1.4

/* A btree build on a table over min_parallel_table_scan_size sorts with
 * max_parallel_maintenance_workers workers (the sample, smaller, sorts
 * alone). The commit that added it says 2-3x faster; on bench_estimate's
 * two shared cores, 1.5x. */
#define PARALLEL_SPEEDUP 1.5

/* The scan rate for t. */
static double scan_rate(const rt_db_stats *db, const rt_table_stats *t)
{
	double r = db->cal.scan_bytes_ms;
	if (db->shared_buffers_bytes > 0 &&
	    t->heap_bytes > db->shared_buffers_bytes / 4)
		r /= RING_FACTOR;
	return r;
}

const char *rt_downtime_name(rt_downtime d)
{
	switch (d) {
	case RT_DOWNTIME_NO:
		return "no";
	case RT_DOWNTIME_YES:
		return "yes";
	case RT_DOWNTIME_UNKNOWN:
		break;
	}
	return "unknown";
}

void rt_estimate_fmt_ms(rt_buf *b, double ms)
{
	if (ms < 10)
		rt_buf_addf(b, "%.1f ms", ms);
	else if (ms < 1000)
		rt_buf_addf(b, "%.0f ms", ms);
	else if (ms < 60000)
		rt_buf_addf(b, "%.1f s", ms / 1000);
	else
		rt_buf_addf(b, "%.0f min %.0f s", floor(ms / 60000),
			    fmod(ms, 60000) / 1000);
}

void rt_estimate_fmt_bytes(rt_buf *b, double bytes)
{
	if (bytes < 1024)
		rt_buf_addf(b, "%.0f B", bytes);
	else if (bytes < 1024 * 1024)
		rt_buf_addf(b, "%.0f kB", bytes / 1024);
	else if (bytes < 1024.0 * 1024 * 1024)
		rt_buf_addf(b, "%.0f MB", bytes / (1024 * 1024));
	else
		rt_buf_addf(b, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
}

static void fmt_rows(rt_buf *b, double rows)
{
	if (rows < 10000)
		rt_buf_addf(b, "%.0f rows", rows);
	else if (rows < 1e6)
		rt_buf_addf(b, "%.0f k rows", rows / 1e3);
	else
		rt_buf_addf(b, "%.1f M rows", rows / 1e6);
}

/* A rate in bytes per ms as "MB/s". */
static void fmt_rate(rt_buf *b, double bytes_ms)
{
	rt_buf_addf(b, "%.0f MB/s", bytes_ms * 1000 / (1024 * 1024));
}

/* An index build's sort of t's rows (its heap scan apart), on a text key
 * or not. */
static double sort_ms(const rt_db_stats *db, const rt_table_stats *t, bool text)
{
	if (t->rows < 2)
		return 0;
	double rate = text && db->cal.sort_text_rows_ms > 0
			  ? db->cal.sort_text_rows_ms
			  : db->cal.sort_rows_ms;
	double ms = t->rows * log2(t->rows) / rate;
	if (db->parallel_workers > 0 && db->min_parallel_bytes > 0 &&
	    t->heap_bytes >= db->min_parallel_bytes)
		ms /= PARALLEL_SPEEDUP;
	return ms;
}

/* A plain index build: one heap scan and the sort. */
static double index_ms(const rt_db_stats *db, const rt_table_stats *t,
		       bool text)
{
	return (double)t->heap_bytes / scan_rate(db, t) + sort_ms(db, t, text);
}

static const char *qname_text(rt_arena *a, const rt_qname *q)
{
	return rt_arena_printf(a, "%s.%s", q->schema ? q->schema : "public",
			       q->name);
}

void rt_estimate_stmt(rt_estimate *out, rt_arena *a, rt_est_work work,
		      const rt_qname *table, unsigned flags,
		      const rt_db_stats *db)
{
	bool new_table = flags & RT_EST_NEW_TABLE;
	bool text = flags & RT_EST_TEXT_KEY;
	rt_buf b = RT_BUF_INIT;
	const rt_calibration *cal = &db->cal;
	double catalog = db->calibrated && cal->catalog_ms > 0 ? cal->catalog_ms
							       : RT_CATALOG_MS;
	const rt_table_stats *t = NULL;

	memset(out, 0, sizeof(*out));
	if (work == RT_EST_DATA) {
		out->reason = "depends on the data: no estimate";
		return;
	}
	if (work == RT_EST_CATALOG || !table || !table->name) {
		out->known = true;
		out->ms = catalog;
		out->basis = "catalog only";
		return;
	}
	if (!new_table)
		t = rt_db_stats_find(db, table->schema, table->name);
	if (!t || t->heap_bytes == 0) {
		/* created in this migration, or empty: nothing to read */
		out->known = true;
		out->ms = catalog;
		out->basis =
		    rt_arena_printf(a, "%s is empty", qname_text(a, table));
		return;
	}
	if (t->rows < 0) {
		out->reason =
		    rt_arena_printf(a, "no statistics for %s: run ANALYZE",
				    qname_text(a, table));
		return;
	}
	if (!db->calibrated) {
		out->reason = "no throughput measured on the database";
		return;
	}
	out->known = true;
	switch (work) {
	case RT_EST_SCAN:
		out->ms = (double)t->heap_bytes / scan_rate(db, t);
		rt_buf_adds(&b, "scan of ");
		rt_estimate_fmt_bytes(&b, (double)t->heap_bytes);
		rt_buf_adds(&b, " at ");
		fmt_rate(&b, scan_rate(db, t));
		break;
	case RT_EST_REWRITE:
		out->ms =
		    (double)t->table_bytes / cal->write_bytes_ms +
		    (t->nindexes - t->ntext_indexes) * index_ms(db, t, false) +
		    t->ntext_indexes * index_ms(db, t, true);
		rt_buf_adds(&b, "rewrite of ");
		rt_estimate_fmt_bytes(&b, (double)t->table_bytes);
		rt_buf_adds(&b, " at ");
		fmt_rate(&b, cal->write_bytes_ms);
		if (t->nindexes) {
			rt_buf_addf(&b, " + %d index build%s of ", t->nindexes,
				    t->nindexes == 1 ? "" : "s");
			fmt_rows(&b, t->rows);
		}
		break;
	case RT_EST_INDEX:
	case RT_EST_INDEX_CONCURRENT:
		out->ms = index_ms(db, t, text);
		if (work == RT_EST_INDEX_CONCURRENT)
			out->ms *= CONCURRENT_FACTOR;
		rt_buf_adds(&b, work == RT_EST_INDEX ? "index build of "
						     : "concurrent index build "
						       "of ");
		if (text)
			rt_buf_adds(&b, "a text key on ");
		fmt_rows(&b, t->rows);
		rt_buf_adds(&b, " (");
		rt_estimate_fmt_bytes(&b, (double)t->heap_bytes);
		rt_buf_adds(&b, ")");
		break;
	case RT_EST_CATALOG:
	case RT_EST_DATA:
		break;
	}
	out->ms += catalog;
	out->basis = rt_buf_detach_arena(&b, a);
}

void rt_estimate_total(rt_est_total *out, rt_est_item *items, size_t n)
{
	bool blocking_unknown = false;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		rt_est_item *it = &items[i];
		if (it->est.known)
			out->ms += it->est.ms;
		else
			out->unknown++;
		/* the lock is held from here to the end of the transaction */
		double held = 0;
		bool known = true;
		for (size_t j = i; j < n; j++) {
			if (j > i && (it->txn < 0 || items[j].txn != it->txn))
				break;
			if (items[j].est.known)
				held += items[j].est.ms;
			else
				known = false;
		}
		it->lock_ms = held;
		it->lock_known = known;
		if (!it->blocks)
			continue;
		if (held > out->worst_lock_ms)
			out->worst_lock_ms = held;
		if (!known)
			blocking_unknown = true;
	}
	out->downtime = out->worst_lock_ms > RT_DOWNTIME_MS ? RT_DOWNTIME_YES
			: blocking_unknown ? RT_DOWNTIME_UNKNOWN
					   : RT_DOWNTIME_NO;
}
