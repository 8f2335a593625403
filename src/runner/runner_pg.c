/* SPDX-License-Identifier: MIT */
/*
 * The runner's PostgreSQL backend: the only runner file that uses libpq.
 * Results are copied into the caller's arena and PQclear'd here; server
 * notices (CREATE TABLE IF NOT EXISTS, RAISE NOTICE) are dropped, since the
 * library never prints.
 */
#include "base/common.h"
#include "runner/runner_int.h"

#include <libpq-fe.h>
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
	c->err_offset = -1;
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

static void pg_close(rt_conn *c)
{
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
