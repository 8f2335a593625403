/* SPDX-License-Identifier: MIT */
/*
 * The runner's PostgreSQL backend: the only runner file that uses libpq.
 * Results are copied into the caller's arena and PQclear'd here; server
 * notices (CREATE TABLE IF NOT EXISTS, RAISE NOTICE) are dropped, since the
 * library never prints.
 */
#include "base/common.h"
#include "runner/runner_int.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <time.h>

static void no_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Byte offset of the 1-based character position pos in sql, or -1. */
static long char_to_byte(const char *sql, long pos)
{
	long chars = 0;
	if (pos <= 0)
		return -1;
	for (long i = 0; sql[i]; i++) {
		if (((unsigned char)sql[i] & 0xc0) != 0x80 && ++chars == pos)
			return i;
	}
	return -1;
}

/* Fills err from a failed result (or the connection when r is NULL). */
static int pg_fail(rt_conn *c, PGresult *r, const char *sql, rt_error *err)
{
	PGconn *pc = c->impl;
	const char *primary =
	    r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	c->err_offset = -1;
	snprintf(c->sqlstate, sizeof(c->sqlstate), "%s", state ? state : "");
	if (!primary) {
		const char *m = r ? PQresultErrorMessage(r) : "";
		if (!m || !*m)
			m = PQerrorMessage(pc);
		if (r && PQresultStatus(r) != PGRES_FATAL_ERROR &&
		    PQresultStatus(r) != PGRES_NONFATAL_ERROR)
			m = "statements that copy data (COPY FROM STDIN / TO "
			    "STDOUT) are not supported";
		size_t len = strcspn(m, "\n");
		return rt_errorf(err, RT_EDB, "%.*s", (int)len, m);
	}
	const char *pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
	if (pos && sql)
		c->err_offset = char_to_byte(sql, strtol(pos, NULL, 10));
	const char *detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
	const char *hint = PQresultErrorField(r, PG_DIAG_MESSAGE_HINT);
	rt_errorf(err, RT_EDB, "%s", primary);
	if (detail)
		rt_error_detail(err, "%s", detail);
	if (hint)
		rt_error_hint(err, "%s", hint);
	return -1;
}

/*
 * A statement that started a COPY from or to the client leaves the
 * connection copying: end it so the connection can go on (the
 * transaction is then aborted and the caller rolls it back).
 */
static void end_copy(PGconn *pc, PGresult *r)
{
	ExecStatusType st = PQresultStatus(r);
	if (st == PGRES_COPY_IN || st == PGRES_COPY_BOTH)
		PQputCopyEnd(pc, "retort does not send COPY data");
	if (st == PGRES_COPY_OUT || st == PGRES_COPY_BOTH) {
		char *buf = NULL;
		while (PQgetCopyData(pc, &buf, 0) > 0)
			PQfreemem(buf);
	}
	if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT ||
	    st == PGRES_COPY_BOTH) {
		PGresult *rest;
		while ((rest = PQgetResult(pc)))
			PQclear(rest);
	}
}

static int pg_exec(rt_conn *c, const char *sql, rt_error *err)
{
	PGresult *r = PQexec(c->impl, sql);
	int rc = -1;
	switch (PQresultStatus(r)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
	case PGRES_EMPTY_QUERY:
		rc = 0;
		break;
	default:
		pg_fail(c, r, sql, err);
		end_copy(c->impl, r);
		break;
	}
	PQclear(r);
	return rc;
}

static int pg_query(rt_rows *out, rt_conn *c, rt_arena *a, const char *sql,
		    rt_error *err)
{
	PGresult *r = PQexec(c->impl, sql);
	int rc = -1;
	memset(out, 0, sizeof(*out));
	if (PQresultStatus(r) == PGRES_COMMAND_OK) {
		rc = 0; /* a statement without rows: zero rows */
		goto done;
	}
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		pg_fail(c, r, sql, err);
		end_copy(c->impl, r);
		goto done;
	}
	out->nrows = (size_t)PQntuples(r);
	out->ncols = (size_t)PQnfields(r);
	out->cells =
	    rt_arena_alloc(a, (out->nrows * out->ncols + 1) * sizeof(char *));
	for (size_t i = 0; i < out->nrows; i++)
		for (size_t j = 0; j < out->ncols; j++)
			if (!PQgetisnull(r, (int)i, (int)j))
				out->cells[i * out->ncols + j] =
				    rt_arena_strdup(
					a, PQgetvalue(r, (int)i, (int)j));
	rc = 0;
done:
	PQclear(r);
	return rc;
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * pg_try_advisory_lock, polled: a session waiting inside pg_advisory_lock
 * holds a snapshot, and CREATE INDEX CONCURRENTLY in the runner that holds
 * the lock would wait for that snapshot while the waiter waits for it.
 */
static int pg_lock(rt_conn *c, int timeout_ms, rt_error *err)
{
	char sql[96];
	long long start = now_ms();
	snprintf(sql, sizeof(sql), "SELECT pg_try_advisory_lock(%lld)",
		 (long long)RT_RUNNER_LOCK_KEY);
	for (;;) {
		PGresult *r = PQexec(c->impl, sql);
		c->calls++;
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			pg_fail(c, r, sql, err);
			PQclear(r);
			return -1;
		}
		bool got = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
		PQclear(r);
		if (got)
			return 0;
		if (timeout_ms > 0 && now_ms() - start >= timeout_ms)
			return rt_errorf(err, RT_EDB,
					 "another runner holds the migration "
					 "lock on '%s' (waited %d ms)",
					 c->where, timeout_ms);
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}

static int pg_unlock(rt_conn *c, rt_error *err)
{
	char sql[96];
	snprintf(sql, sizeof(sql), "SELECT pg_advisory_unlock(%lld)",
		 (long long)RT_RUNNER_LOCK_KEY);
	c->calls++;
	return pg_exec(c, sql, err);
}

/*
 * PQexec's work done asynchronously (PQsendQuery, then PQconsumeInput
 * while PQisBusy, polling the socket tick_ms at a time) so that tick can
 * run while the server works. Results and errors as in pg_exec: the first
 * failing result is the error.
 */
static int pg_exec_watch(rt_conn *c, const char *sql, int tick_ms,
			 void (*tick)(void *ctx, long long elapsed_ms),
			 void *ctx, rt_error *err)
{
	PGconn *pc = c->impl;
	bool failed = false;
	if (!PQsendQuery(pc, sql))
		return pg_fail(c, NULL, sql, err);
	long long t0 = now_ms(), next = t0 + tick_ms;
	for (;;) {
		while (!PQisBusy(pc)) {
			PGresult *r = PQgetResult(pc);
			if (!r)
				return failed ? -1 : 0;
			switch (PQresultStatus(r)) {
			case PGRES_COMMAND_OK:
			case PGRES_TUPLES_OK:
			case PGRES_EMPTY_QUERY:
				break;
			default:
				if (!failed)
					pg_fail(c, r, sql, err);
				failed = true;
				end_copy(pc, r);
				break;
			}
			PQclear(r);
		}
		long long now = now_ms();
		if (now >= next) {
			tick(ctx, now - t0);
			now = now_ms();
			next = now + tick_ms;
		}
		struct pollfd pfd = {PQsocket(pc), POLLIN, 0};
		int n = poll(&pfd, 1, (int)(next - now));
		if (n < 0 && errno != EINTR)
			return rt_errorf(err, RT_EDB,
					 "cannot wait for '%s': %s", c->where,
					 strerror(errno));
		if (n > 0 && !PQconsumeInput(pc)) {
			if (!failed)
				pg_fail(c, NULL, sql, err);
			return -1;
		}
	}
}

/* A copy of c's connection, with its parameters (PQconninfo). */
static PGconn *pg_second(PGconn *pc)
{
	PQconninfoOption *opts = PQconninfo(pc);
	if (!opts)
		return NULL;
	size_t n = 0;
	for (PQconninfoOption *o = opts; o->keyword; o++)
		n++;
	const char **keys = rt_xcalloc(n + 2, sizeof(char *));
	const char **vals = rt_xcalloc(n + 2, sizeof(char *));
	size_t k = 0;
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		if (!o->val || strcmp(o->keyword, "application_name") == 0)
			continue;
		keys[k] = o->keyword;
		vals[k++] = o->val;
	}
	keys[k] = "application_name";
	vals[k++] = "retort progress";
	PGconn *m = PQconnectdbParams(keys, vals, 0);
	free(keys);
	free(vals);
	PQconninfoFree(opts);
	if (PQstatus(m) != CONNECTION_OK) {
		PQfinish(m);
		return NULL;
	}
	PQsetNoticeProcessor(m, no_notices, NULL);
	return m;
}

static long long cell_ll(PGresult *r, int col)
{
	if (PQgetisnull(r, 0, col))
		return -1;
	return strtoll(PQgetvalue(r, 0, col), NULL, 10);
}

static void cell_str(char *out, size_t outsz, PGresult *r, int col)
{
	snprintf(out, outsz, "%s",
		 PQgetisnull(r, 0, col) ? "" : PQgetvalue(r, 0, col));
}

/* The progress views of PostgreSQL 12 and later, joined on the pid. */
static int pg_activity(rt_conn *c, rt_run_progress *p)
{
	char sql[1024];
	if (c->monitor_failed)
		return -1;
	if (!c->monitor && !(c->monitor = pg_second(c->impl))) {
		c->monitor_failed = true;
		return -1;
	}
	snprintf(sql, sizeof(sql),
		 "SELECT a.wait_event_type = 'Lock', "
		 "coalesce(i.command, k.command), "
		 "coalesce(i.phase, k.phase), "
		 "coalesce(i.blocks_done, k.heap_blks_scanned), "
		 "coalesce(i.blocks_total, k.heap_blks_total), "
		 "coalesce(i.tuples_done, k.heap_tuples_written), "
		 "i.tuples_total, i.lockers_done, i.lockers_total "
		 "FROM pg_catalog.pg_stat_activity a "
		 "LEFT JOIN pg_catalog.pg_stat_progress_create_index i "
		 "ON i.pid = a.pid "
		 "LEFT JOIN pg_catalog.pg_stat_progress_cluster k "
		 "ON k.pid = a.pid WHERE a.pid = %d",
		 PQbackendPID(c->impl));
	PGresult *r = PQexec(c->monitor, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1 ||
	    PQnfields(r) != 9) {
		int bad = PQresultStatus(r) != PGRES_TUPLES_OK;
		PQclear(r);
		if (bad) { /* not again: the view or the right is missing */
			PQfinish(c->monitor);
			c->monitor = NULL;
			c->monitor_failed = true;
		}
		return -1;
	}
	p->waiting = !PQgetisnull(r, 0, 0) && PQgetvalue(r, 0, 0)[0] == 't';
	cell_str(p->command, sizeof(p->command), r, 1);
	cell_str(p->phase, sizeof(p->phase), r, 2);
	p->blocks_done = cell_ll(r, 3);
	p->blocks_total = cell_ll(r, 4);
	p->tuples_done = cell_ll(r, 5);
	p->tuples_total = cell_ll(r, 6);
	p->lockers_done = cell_ll(r, 7);
	p->lockers_total = cell_ll(r, 8);
	PQclear(r);
	return 0;
}

static void pg_close(rt_conn *c)
{
	if (c->monitor)
		PQfinish(c->monitor);
	c->monitor = NULL;
	PQfinish(c->impl);
	c->impl = NULL;
}

static const rt_conn_ops pg_ops = {
    .exec = pg_exec,
    .query = pg_query,
    .lock = pg_lock,
    .unlock = pg_unlock,
    .begin_sql = "BEGIN",
    .recheck = false,
    .close = pg_close,
    .exec_watch = pg_exec_watch,
    .activity = pg_activity,
};

int rt_runner__pg_open(rt_conn *c, const char *url, rt_error *err)
{
	PGconn *pc = PQconnectdb(url);
	if (PQstatus(pc) != CONNECTION_OK) {
		const char *m = PQerrorMessage(pc);
		size_t len = strlen(m);
		while (len && (m[len - 1] == '\n' || m[len - 1] == ' '))
			len--;
		rt_errorf(err, RT_EDB, "cannot connect to '%s': %.*s", c->where,
			  (int)len, m);
		PQfinish(pc);
		return -1;
	}
	PQsetNoticeProcessor(pc, no_notices, NULL);
	c->impl = pc;
	c->ops = &pg_ops;
	c->dialect = RT_DIALECT_PG;
	return 0;
}
