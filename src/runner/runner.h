/* SPDX-License-Identifier: MIT */
/*
 * runner: applies and rolls back migrations on a live database, with a
 * tracking table, one runner at a time, each migration in its own
 * transaction. The input is plain structs (rt_run_mig), so the runner
 * depends on no file format; a small connection abstraction (rt_conn) hides
 * libpq (runner_pg.c) and sqlite3 (runner_sqlite.c).
 *
 * Tracking table (RT_RUNNER_TABLE, created on first use, in the first schema
 * of the search_path on PostgreSQL):
 *
 *   version      bigint PRIMARY KEY  the migration's number
 *   name         text NOT NULL       its name (slug)
 *   checksum     text NOT NULL       hex hash of its file, as given
 *   applied_at   timestamptz (PostgreSQL, now()) / text (SQLite, UTC ISO 8601)
 *   duration_ms  bigint, NULL        wall time of its statements and checks;
 *                                    NULL when stamped or applied by a script
 *   applied_by   text NOT NULL       current_user on PostgreSQL; on SQLite
 *                                    rt_run_opts.applied_by ("" when NULL)
 *
 * One runner at a time. PostgreSQL: a session-level advisory lock on
 * RT_RUNNER_LOCK_KEY, taken with pg_try_advisory_lock polled every 50 ms
 * (a waiter that sat in pg_advisory_lock would hold a snapshot and make
 * CREATE INDEX CONCURRENTLY in the running migration wait for it forever),
 * released at the end or by the server when the session dies. SQLite: each
 * migration's transaction is BEGIN IMMEDIATE under a busy timeout, and the
 * tracking table is read again inside it, so a migration another runner
 * applied meanwhile is skipped: each is applied exactly once.
 *
 * Transactions. Each migration runs in one transaction: its statements, its
 * validation queries, then its tracking row (INSERT on apply, DELETE on
 * roll back) and COMMIT. A failing statement or a failed validation rolls
 * the whole migration back: schema and tracking table are as before it;
 * migrations before it stay applied (rt_run_result.done says how many). A
 * SIGKILL at any point leaves the transaction uncommitted, so the server
 * (PostgreSQL) or the rollback journal (SQLite, on next open) undoes it and
 * the next run applies the migration again from the start.
 *
 * Statements flagged no_transaction (CREATE INDEX CONCURRENTLY, VACUUM) run
 * outside: the transaction so far is committed, the statement runs alone
 * (autocommit), and a new transaction holds what follows and the tracking
 * row. Then only this is guaranteed: the tracking row is written last, in
 * the final transaction, so a migration is recorded only when all of it ran;
 * after a failure or a kill, the parts committed before the failure stay,
 * unrecorded, and the next run runs the whole migration again. Such
 * migrations must therefore be idempotent (IF NOT EXISTS), ideally the
 * no_transaction statement alone. On SQLite the exactly-once guarantee under
 * concurrency holds only up to the first no_transaction statement.
 *
 * Round trips (PostgreSQL; each rt_conn call is one): per migration the
 * runner adds TWO beyond its own statements and validation queries -- BEGIN,
 * and "INSERT (or DELETE) tracking row; COMMIT" sent as one query string --
 * plus two (a COMMIT before, a BEGIN after) for each run of no_transaction
 * statements that follows transactional ones; a migration that is one
 * CREATE INDEX CONCURRENTLY costs two in all. Per run, three more: the lock,
 * "CREATE TABLE IF NOT EXISTS; SELECT applied versions" as one string, and
 * the unlock (the lock is one more per 50 ms spent waiting for another
 * runner). On SQLite the re-check inside each transaction adds a third
 * call per migration, which is a function call, not a round trip.
 * With timeouts (rt_run_opts.timeouts) the SETs ride on the BEGIN and
 * COMMIT strings, and the RESET on the tracking row's, except that a
 * migration starting with a no_transaction statement sends one more call
 * for its SET, and a failed migration one more for the RESET; a retry
 * counts its calls again. The progress connection's queries are not
 * counted. rt_run_result.calls counts them so tests can check the figure.
 */
#ifndef RT_RUNNER_RUNNER_H
#define RT_RUNNER_RUNNER_H

#include "base/common.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/error.h"
#include "base/sql.h"

#define RT_RUNNER_TABLE RT_TRACKING_TABLE
/* pg_advisory_lock key: the bytes "retort" read as a number */
#define RT_RUNNER_LOCK_KEY 0x726574726f7274LL

/* ---- connection ------------------------------------------------------ */

/* An open database connection; opaque. */
typedef struct rt_conn rt_conn;

/* Rows of a query as text: cell (r, c) is cells[r * ncols + c], NULL for an
 * SQL NULL. Everything lives in the arena given to rt_conn_query. */
typedef struct rt_rows {
	size_t nrows, ncols;
	char **cells;
} rt_rows;

/*
 * Opens url: "postgres://..." or "postgresql://..." (passed to libpq as is),
 * or "sqlite:///path.db" (SQLAlchemy's form: three slashes then the path,
 * relative unless it starts with '/', so "sqlite:////tmp/x.db" is absolute;
 * "sqlite://" and "sqlite:///:memory:" are an in-memory database). On
 * SQLite the busy timeout starts at 10 minutes. The caller frees *out with
 * rt_conn_close. Errors: RT_EINPUT for an unknown scheme or an empty path,
 * RT_EDB when the database refuses (the URL in the message is redacted).
 */
int rt_conn_open(rt_conn **out, const char *url, rt_error *err);

/* Closes the connection and frees the handle; NULL is a no-op. */
void rt_conn_close(rt_conn *c);

/* The connection's SQL dialect. */
rt_dialect rt_conn_dialect(const rt_conn *c);

/* The URL with any password replaced (borrowed from c). */
const char *rt_conn_where(const rt_conn *c);

/*
 * Runs sql, which may hold several statements; results are discarded. On
 * failure err is RT_EDB with the database's message (first line) as msg and
 * its detail / hint lines, if any, in detail.
 */
int rt_conn_exec(rt_conn *c, const char *sql, rt_error *err);

/* Runs one query; *out gets its rows as text, in the arena a. */
int rt_conn_query(rt_rows *out, rt_conn *c, rt_arena *a, const char *sql,
		  rt_error *err);

/* BEGIN (on SQLite BEGIN IMMEDIATE, which waits for the write lock under
 * the busy timeout), COMMIT, ROLLBACK. */
int rt_conn_begin(rt_conn *c, rt_error *err);
int rt_conn_commit(rt_conn *c, rt_error *err);
int rt_conn_rollback(rt_conn *c, rt_error *err);

/*
 * Where the last failure of rt_conn_exec / rt_conn_query was inside its SQL
 * text: a 0-based byte offset, or -1 when the database did not say.
 */
long rt_conn_error_offset(const rt_conn *c);

/* Calls made to the database since the connection opened (for PostgreSQL,
 * round trips; connecting not counted). */
size_t rt_conn_calls(const rt_conn *c);

/* The SQLSTATE of the last failure ("55P03"), "" when the database gave
 * none (SQLite). */
const char *rt_conn_sqlstate(const rt_conn *c);

/* ---- input ----------------------------------------------------------- */

typedef struct rt_run_stmt {
	const char *sql;     /* one statement (a trailing ';' is optional) */
	int line;	     /* its first line in the migration file, 1-based */
	bool no_transaction; /* run outside the migration's transaction;
				must then be ONE statement (PostgreSQL wraps
				a multi-statement string in a transaction) */
} rt_run_stmt;

/*
 * A validation query and what it must give: either the first column of the
 * first row, compared as text ("t", "42"; "NULL" for an SQL NULL, "" never
 * matches a query with no rows), or "rows=N", the number of rows.
 */
typedef struct rt_run_check {
	const char *sql;
	int line;
	const char *expect;
} rt_run_check;

/*
 * Timeouts of a migration's statements on PostgreSQL (ignored on SQLite),
 * and what a lock timeout (SQLSTATE 55P03) leads to. Each transaction of a
 * migration starts "BEGIN; SET LOCAL lock_timeout ...; SET LOCAL
 * statement_timeout ..." (one round trip, undone by its COMMIT or
 * ROLLBACK); a no_transaction statement runs after a session-level SET
 * (folded into the COMMIT before it, or one round trip of its own), reset
 * by the next transaction's BEGIN or, when none follows, the tracking
 * row's COMMIT string. A statement that hit lock_timeout has its
 * transaction rolled back and run again from its first statement (a
 * no_transaction statement: itself alone) after retry_delay_ms, doubled
 * for each further try (+-20% jitter), up to tries in all; a concurrent
 * index build (CREATE INDEX / REINDEX ... CONCURRENTLY) that timed out
 * first has the INVALID indexes it left dropped (DROP INDEX CONCURRENTLY),
 * so IF NOT EXISTS cannot skip the rebuild. Durations in ms; 0: none.
 */
typedef struct rt_run_timeouts {
	long long lock_ms;	     /* lock_timeout */
	long long statement_ms;	     /* statement_timeout in transactions */
	long long notx_statement_ms; /* and for no_transaction statements */
	int tries;		     /* on a lock timeout; < 1 counts as 1 */
	long long retry_delay_ms;    /* before the second try */
} rt_run_timeouts;

/*
 * Parses a duration as PostgreSQL's lock_timeout takes it: a whole number
 * and an optional unit (ms, s, min, h; none is ms), blanks allowed between
 * them, "0" for none. false when text is anything else (negative, a
 * fraction, an unknown unit, more than a day).
 */
bool rt_runner_parse_duration(long long *ms_out, const char *text);

typedef struct rt_run_mig {
	long long version;
	const char *name;
	const char *checksum;  /* hex, stored as given */
	const char *path;      /* for messages */
	const char *down_path; /* file of the down statements when another
				  one (NULL: path) */
	const rt_run_stmt *up;
	size_t nup;
	const rt_run_stmt *down;
	size_t ndown;
	const rt_run_check *checks; /* run after up, in its transaction */
	size_t nchecks;
} rt_run_mig;

/* A lock timeout about to be retried (rt_run_opts.on_retry). */
typedef struct rt_run_retry {
	const rt_run_mig *mig;
	const rt_run_stmt *stmt; /* the statement that timed out */
	bool down;		 /* in the down statements */
	bool whole_tx;		 /* its transaction is run again; false: a
				    no_transaction statement alone */
	int try_no, tries;	 /* the try that failed (from 1), of tries */
	long long delay_ms;	 /* before the next one */
	const char *message;	 /* the server's */
} rt_run_retry;

/*
 * What a running statement is doing, read about 4 times a second from
 * pg_stat_activity, pg_stat_progress_create_index (CREATE INDEX, REINDEX)
 * and pg_stat_progress_cluster (CLUSTER, VACUUM FULL) on a second
 * connection (rt_run_opts.on_progress). Counts are -1 when unknown.
 */
typedef struct rt_run_progress {
	const rt_run_mig *mig;
	const rt_run_stmt *stmt;
	bool down;
	bool done;	      /* the statement ended: the last call */
	long long elapsed_ms; /* since the statement was sent */
	bool waiting;	      /* waits for a lock */
	char command[40];     /* the view's command, "" when no view */
	char phase[80];	      /* its phase, "" when none */
	long long blocks_done, blocks_total;
	long long tuples_done, tuples_total;
	long long lockers_done, lockers_total; /* transactions waited for */
} rt_run_progress;

/*
 * Appends p as one line (no newline) to out: the file's name and the
 * statement's line, the figure that moves (blocks, else tuples, else
 * transactions waited for) as "pct% done/total unit", the time, then what
 * the statement does (the command and phase; when no view reports on
 * it, "waiting for a lock" or "running"), e.g. "0003_idx.sql:7 25%
 * 1200/4800 blocks, 3.2 s, CREATE INDEX CONCURRENTLY: building index:
 * scanning table".
 */
void rt_runner_progress_line(rt_buf *out, const rt_run_progress *p);

typedef struct rt_run_opts {
	const char *applied_by; /* SQLite only (e.g. $USER); PostgreSQL
				   records current_user */
	int lock_timeout_ms;	/* wait for another runner at most this long;
				   0: PostgreSQL forever, SQLite 10 minutes */
	/* apply / rollback: called after each migration of the list, with
	 * done false when it was skipped (already in the wanted state, e.g.
	 * another runner got there first); may be NULL */
	void (*progress)(void *ctx, const struct rt_run_mig *m, bool done);
	void *progress_ctx;
	/* PostgreSQL: the statements' timeouts and retries (a migration's
	 * own override them); NULL sets none and never retries */
	const rt_run_timeouts *timeouts;
	/* apply / rollback: [i] the own timeouts of migs[i] (from its
	 * header); NULL, or a NULL entry: timeouts */
	const rt_run_timeouts *const *mig_timeouts;
	/* called before a lock timeout is retried, with progress_ctx; may
	 * be NULL */
	void (*on_retry)(void *ctx, const rt_run_retry *r);
	/* PostgreSQL: called while a statement runs, every 250 ms from
	 * 250 ms on, and once with done set when one that was reported ends
	 * (then only this call); NULL: statements are not watched and no
	 * second connection is opened. The context is progress_ctx. */
	void (*on_progress)(void *ctx, const rt_run_progress *p);
} rt_run_opts;

typedef enum rt_run_dir {
	RT_RUN_UP,
	RT_RUN_DOWN,
} rt_run_dir;

/* ---- operations ------------------------------------------------------ */

typedef struct rt_run_result {
	size_t done;	/* migrations applied / rolled back / stamped here */
	size_t skipped; /* already in the wanted state (e.g. another runner
			   applied them while this one waited) */
	size_t calls;	/* rt_conn calls made by this operation */
} rt_run_result;

/* A row of the tracking table; strings in the arena. */
typedef struct rt_applied {
	long long version;
	const char *name;
	const char *checksum;
	const char *applied_at;
	long long duration_ms; /* -1 when NULL */
	const char *applied_by;
} rt_applied;

/*
 * The tracking table's rows by version, in the arena. A database without the
 * table has none (it is not created). Takes no lock.
 */
int rt_runner_status(rt_applied **out, size_t *n_out, rt_conn *c, rt_arena *a,
		     rt_error *err);

/* How a migration file and the tracking table compare. */
typedef enum rt_mig_state {
	RT_MIG_PENDING, /* a file, not applied */
	RT_MIG_APPLIED, /* applied with the file's checksum */
	RT_MIG_EDITED,	/* applied, but the file's checksum differs */
	RT_MIG_MISSING, /* applied, no file */
} rt_mig_state;

typedef struct rt_mig_status {
	long long version;
	rt_mig_state state;
	const rt_run_mig *file;	   /* borrowed; NULL when MISSING */
	const rt_applied *applied; /* borrowed; NULL when PENDING */
} rt_mig_status;

/*
 * Merges files (any order) and applied rows (from rt_runner_status) into
 * one list by version, in the arena.
 */
void rt_runner_compare(rt_mig_status **out, size_t *n_out, rt_arena *a,
		       const rt_run_mig *files, size_t nfiles,
		       const rt_applied *applied, size_t napplied);

/*
 * Applies migs[0..n) in that order (the caller picks them: pending ones up
 * to the target), each in its own transaction; a migration already in the
 * tracking table is skipped. Takes the runner lock, creates the tracking
 * table if needed. On failure returns -1 with err naming the migration, the
 * statement (file:line, its first line) or validation query (expected vs
 * got), and the database's message in detail; res->done migrations before
 * it stay applied.
 */
int rt_runner_apply(rt_run_result *res, rt_conn *c, const rt_run_mig *migs,
		    size_t n, const rt_run_opts *opts, rt_error *err);

/*
 * Rolls back migs[0..n) in that order (the caller lists them newest first)
 * by running each one's down statements and deleting its tracking row, in
 * one transaction per migration. Migrations not in the tracking table are
 * skipped. Failures as in rt_runner_apply.
 */
int rt_runner_rollback(rt_run_result *res, rt_conn *c, const rt_run_mig *migs,
		       size_t n, const rt_run_opts *opts, rt_error *err);

/*
 * Writes (RT_RUN_UP) or deletes (RT_RUN_DOWN) the tracking rows of migs
 * without running any of their statements, all in one transaction, under
 * the runner lock. Rows already in the wanted state are skipped.
 */
int rt_runner_stamp(rt_run_result *res, rt_conn *c, const rt_run_mig *migs,
		    size_t n, rt_run_dir dir, const rt_run_opts *opts,
		    rt_error *err);

/*
 * Offline mode: appends to out the SQL script that rt_runner_apply (UP) or
 * rt_runner_rollback (DOWN) would run for migs[0..n), in that order,
 * without a database: CREATE TABLE IF NOT EXISTS for the tracking table,
 * then per migration BEGIN, its statements (no_transaction ones between
 * COMMIT and BEGIN), its validation queries as comments (a script cannot
 * check them), the tracking INSERT / DELETE and COMMIT. On PostgreSQL with
 * timeouts in opts (and mig_timeouts), each BEGIN is followed by its SET
 * LOCALs and the first no_transaction statement of a migration by session
 * SETs, reset after its COMMIT; a script cannot retry. The script takes no
 * lock and does not skip applied migrations.
 */
void rt_runner_script(rt_buf *out, rt_dialect d, rt_run_dir dir,
		      const rt_run_mig *migs, size_t n,
		      const rt_run_opts *opts);

#endif
