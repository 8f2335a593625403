/* SPDX-License-Identifier: MIT */
/*
 * Table statistics of a live PostgreSQL database, and a throughput measured
 * on it, for duration estimates (issue 8 item 3; reference
 * postgres-ddl-safety.md section 4). Read in a fixed number of queries
 * whatever the number of tables (load_stats_pg.c, libpq there only).
 */
#ifndef RT_LOAD_STATS_H
#define RT_LOAD_STATS_H

#include "base/common.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/map.h"
#include "base/vec.h"
#include "schema/schema.h"

/* One table's (or materialized view's) figures; a partitioned table's are
 * the sums over its leaf partitions. */
typedef struct rt_table_stats {
	rt_qname name;
	double reltuples;    /* pg_class.reltuples: -1 never analyzed */
	int64_t relpages;    /* pg_class.relpages at that moment */
	int64_t heap_bytes;  /* pg_relation_size: main fork, exact */
	int64_t table_bytes; /* pg_table_size: heap + TOAST + FSM + VM */
	int64_t index_bytes; /* pg_indexes_size */
	int64_t total_bytes; /* pg_total_relation_size */
	int nindexes;
	/* of which with a collatable first key (text, varchar) in a
	 * collation other than C or POSIX: they sort slower */
	int ntext_indexes;
	/* the planner's current row count (reltuples / relpages scaled to
	 * the heap's size now); 0 for an empty heap; -1 unknown (never
	 * analyzed and not empty) */
	double rows;
} rt_table_stats;

/* Throughput measured on the target by rt_load_stats (a sample table of
 * known size built, scanned, indexed and rewritten in a transaction that
 * is rolled back). Rates are per millisecond. */
typedef struct rt_calibration {
	double scan_bytes_ms;	  /* heap bytes a validating scan reads */
	double write_bytes_ms;	  /* table bytes a rewrite copies */
	double sort_rows_ms;	  /* rows * log2(rows) an index build sorts */
	double sort_text_rows_ms; /* the same on a text key (32 characters,
				   * the database's default collation) */
	double catalog_ms;	  /* one catalog-only ALTER, round trip */
	int64_t sample_rows;
	int64_t sample_bytes; /* the sample's heap */
	bool temp;	      /* measured on a TEMP table (no CREATE right):
			       * no WAL, so writes look faster */
	double took_ms;	      /* the calibration's own time */
} rt_calibration;

typedef struct rt_db_stats {
	int server_version; /* PQserverVersion, e.g. 150004 */
	int block_size;
	/* shared_buffers: a sequential scan of a table over a quarter of it
	 * reads through a small ring of buffers, from the OS cache or disk,
	 * never from shared buffers (PostgreSQL's BAS_BULKREAD) */
	int64_t shared_buffers_bytes;
	/* max_parallel_maintenance_workers, and min_parallel_table_scan_size
	 * in bytes: a btree build on a larger table sorts in parallel */
	int parallel_workers;
	int64_t min_parallel_bytes;
	rt_vec tables; /* rt_table_stats *, by schema then name */
	rt_map by_name;
	bool calibrated;
	rt_calibration cal;
	size_t queries; /* statements sent */
} rt_db_stats;

/*
 * Reads the statistics of every table of the database conninfo names in
 * one query and, when calibrate is set, measures its throughput (a fixed
 * number of statements, a fraction of a second; nothing is left behind).
 * Everything in arena a. Connection or query failure: RT_EDB, the
 * password never shown.
 */
int rt_load_stats(rt_db_stats **out, rt_arena *a, const char *conninfo,
		  bool calibrate, rt_error *err);

/* The table schema.name of s, or NULL (not there: it does not exist yet).
 * schema NULL: "public". */
const rt_table_stats *rt_db_stats_find(const rt_db_stats *s, const char *schema,
				       const char *name);

/* The row count of t from reltuples, relpages and the heap's size now
 * (the planner's formula), 0 for an empty heap, -1 when unknown. */
double rt_table_stats_rows(double reltuples, int64_t relpages,
			   int64_t heap_bytes, int block_size);

#endif
