/* SPDX-License-Identifier: MIT */
/*
 * Duration estimates (issue 8 item 3): what a statement's work (catalog,
 * scan, rewrite, index build) costs on a table of the target database,
 * from the table's statistics and the throughput measured there
 * (load/stats.h); then, over a migration, how long each lock is held (to
 * the end of its transaction), the total, and whether it means downtime.
 * A figure is given only from statistics: a table never analyzed has none,
 * and the estimate says so instead. Cost model: reference
 * postgres-ddl-safety.md section 4a; README "Plans" documents it.
 */
#ifndef RT_PLAN_ESTIMATE_H
#define RT_PLAN_ESTIMATE_H

#include "base/common.h"
#include "base/arena.h"
#include "base/buf.h"
#include "load/stats.h"
#include "schema/schema.h"

/* A lock that blocks reads or writes held longer than this is downtime:
 * requests queue behind it (reference section 2) for longer than a web
 * request's usual timeout budget. */
#define RT_DOWNTIME_MS 1000.0

/* A catalog-only statement's cost when nothing was measured: a round
 * trip and a catalog update, a few milliseconds (reference 4a). */
#define RT_CATALOG_MS 2.0

/* The work whose cost is estimated (analyze.h's rt_work, with the
 * concurrent index build apart: it costs more and blocks nothing). */
typedef enum rt_est_work {
	RT_EST_CATALOG,
	RT_EST_SCAN,
	RT_EST_REWRITE,
	RT_EST_INDEX,
	RT_EST_INDEX_CONCURRENT,
	RT_EST_DATA, /* depends on data or settings (DELETE, UPDATE, a
		      * statement that fails on a filled table): no figure */
} rt_est_work;

typedef struct rt_estimate {
	bool known;	    /* false: no figure, reason says why */
	double ms;	    /* the statement's own duration */
	const char *basis;  /* one line: what was assumed, in the arena */
	const char *reason; /* !known: "no statistics for public.t: run
			     * ANALYZE", in the arena */
} rt_estimate;

enum rt_estimate_flags {
	RT_EST_NEW_TABLE = 1 << 0, /* the table was created earlier in the
				    * same plan: empty */
	RT_EST_TEXT_KEY = 1 << 1,  /* an index build whose first key is
				    * text in a collation other than C: the
				    * text sort rate */
};

/*
 * Estimates work on table (NULL: the statement works on no table) in the
 * database whose statistics and calibration are db (calibrated); flags
 * are enum rt_estimate_flags. A new table or one absent from db is
 * empty: catalog cost. A table whose rows are unknown (never analyzed,
 * not empty) has no figure. A rewrite rebuilds each index of the table
 * at the rate of its key (rt_table_stats.ntext_indexes). Everything in
 * arena a.
 */
void rt_estimate_stmt(rt_estimate *out, rt_arena *a, rt_est_work work,
		      const rt_qname *table, unsigned flags,
		      const rt_db_stats *db);

/* A statement of a migration, for rt_estimate_total. */
typedef struct rt_est_item {
	rt_estimate est; /* in */
	bool blocks;	 /* in: its lock blocks reads or writes */
	int txn;	 /* in: statements with one number run in one
			  * transaction; -1: outside any */
	double lock_ms;	 /* out: how long its lock is held (its own
			  * duration and the rest of its transaction);
			  * meaningful when lock_known */
	bool lock_known; /* out */
} rt_est_item;

typedef enum rt_downtime {
	RT_DOWNTIME_NO,
	RT_DOWNTIME_YES,
	RT_DOWNTIME_UNKNOWN, /* a blocking lock whose duration is unknown */
} rt_downtime;

typedef struct rt_est_total {
	double ms;	/* the sum of the known durations */
	size_t unknown; /* statements without a figure */
	rt_downtime downtime;
	double worst_lock_ms; /* the longest blocking lock held (known) */
} rt_est_total;

/*
 * Fills each item's lock time (a lock is kept until the end of its
 * transaction: the sum of its own and the later statements' durations in
 * that transaction) and the total: downtime when a blocking lock is held
 * over RT_DOWNTIME_MS, unknown when one's duration is not known and none
 * is known over it.
 */
void rt_estimate_total(rt_est_total *out, rt_est_item *items, size_t n);

/* "12 ms", "3.4 s", "2 min 5 s" appended to b. */
void rt_estimate_fmt_ms(rt_buf *b, double ms);

/* "812 kB", "48 MB", "1.2 GB" appended to b. */
void rt_estimate_fmt_bytes(rt_buf *b, double bytes);

/* "yes", "no", "unknown". */
const char *rt_downtime_name(rt_downtime d);

#endif
