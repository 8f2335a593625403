/* SPDX-License-Identifier: MIT */
/*
 * Inside the runner: the connection handle and the operations each backend
 * (runner_pg.c, runner_sqlite.c) provides. Only runner*.c include this.
 */
#ifndef RT_RUNNER_RUNNER_INT_H
#define RT_RUNNER_RUNNER_INT_H

#include "runner/runner.h"

typedef struct rt_conn_ops {
	/* runs sql (one or more statements), discarding results */
	int (*exec)(rt_conn *c, const char *sql, rt_error *err);
	/* runs one query (or several: the last one's rows), rows as text */
	int (*query)(rt_rows *out, rt_conn *c, rt_arena *a, const char *sql,
		     rt_error *err);
	/* the runner lock: waits at most timeout_ms (0: the default) */
	int (*lock)(rt_conn *c, int timeout_ms, rt_error *err);
	int (*unlock)(rt_conn *c, rt_error *err);
	/* BEGIN statement text for a migration's transaction */
	const char *begin_sql;
	/* re-read the tracking table inside each migration's transaction
	 * (when the lock does not cover the whole run) */
	bool recheck;
	void (*close)(rt_conn *c);
	/* PostgreSQL only (NULL on SQLite): exec, calling tick(ctx, elapsed
	 * ms) every tick_ms while the statement runs */
	int (*exec_watch)(rt_conn *c, const char *sql, int tick_ms,
			  void (*tick)(void *ctx, long long elapsed_ms),
			  void *ctx, rt_error *err);
	/* fills p's activity fields for the statement c runs, through a
	 * second connection opened on first use; -1 when it cannot (then
	 * nothing is reported, the statement goes on) */
	int (*activity)(rt_conn *c, rt_run_progress *p);
} rt_conn_ops;

struct rt_conn {
	rt_dialect dialect;
	const rt_conn_ops *ops;
	void *impl;	     /* PGconn or sqlite3 */
	char where[512];     /* the URL, redacted */
	size_t calls;	     /* exec and query calls */
	long err_offset;     /* byte offset of the last error in its SQL, -1 */
	char sqlstate[6];    /* of the last error, "" when none */
	void *monitor;	     /* PostgreSQL: the second connection, or NULL */
	bool monitor_failed; /* it could not be opened or failed: not again */
};

/* Backends: fill c->ops and c->impl, or fail with err. */
int rt_runner__pg_open(rt_conn *c, const char *url, rt_error *err);
int rt_runner__sqlite_open(rt_conn *c, const char *path, rt_error *err);

#endif
