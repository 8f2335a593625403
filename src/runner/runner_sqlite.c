/* SPDX-License-Identifier: MIT */
/*
 * The runner's SQLite backend: the only runner file that uses sqlite3.
 * Statements are prepared one by one (so an error has its byte offset);
 * rows are copied into the caller's arena before sqlite3_finalize. The
 * "lock" is the busy timeout: each migration's BEGIN IMMEDIATE waits under
 * it for the writer that holds the database.
 */
#include "base/common.h"
#include "runner/runner_int.h"

#include <sqlite3.h>

#define DEFAULT_BUSY_MS (10 * 60 * 1000)

static int sq_fail(rt_conn *c, const char *sql, const char *at, rt_error *err)
{
	sqlite3 *db = c->impl;
	int off = sqlite3_error_offset(db);
	c->err_offset = off >= 0 ? (long)(at - sql) + off : -1;
	return rt_errorf(err, RT_EDB, "%s", sqlite3_errmsg(db));
}

/*
 * Runs every statement of sql; when rows is not NULL it gets the rows of
 * the last statement that returned columns.
 */
static int run(rt_rows *rows, rt_conn *c, rt_arena *a, const char *sql,
	       rt_error *err)
{
	sqlite3 *db = c->impl;
	const char *at = sql;
	c->err_offset = -1;
	if (rows)
		memset(rows, 0, sizeof(*rows));
	while (*at) {
		sqlite3_stmt *st = NULL;
		const char *tail = NULL;
		if (sqlite3_prepare_v2(db, at, -1, &st, &tail) != SQLITE_OK)
			return sq_fail(c, sql, at, err);
		if (!st) { /* whitespace or a comment */
			at = tail;
			continue;
		}
		size_t ncols = (size_t)sqlite3_column_count(st);
		size_t nrows = 0, cap = 0;
		char **cells = NULL;
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (!rows || !ncols)
				continue;
			if (nrows == cap) {
				size_t ncap = cap ? cap * 2 : 8;
				char **n = rt_arena_alloc(
				    a, ncap * ncols * sizeof(char *));
				if (cells)
					memcpy(n, cells,
					       nrows * ncols * sizeof(char *));
				cells = n;
				cap = ncap;
			}
			for (size_t j = 0; j < ncols; j++) {
				const unsigned char *t =
				    sqlite3_column_text(st, (int)j);
				cells[nrows * ncols + j] =
				    t ? rt_arena_strdup(a, (const char *)t)
				      : NULL;
			}
			nrows++;
		}
		if (rc != SQLITE_DONE) {
			sq_fail(c, sql, at, err);
			c->err_offset = -1; /* a run-time error: no place */
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_finalize(st);
		if (rows && ncols) {
			rows->nrows = nrows;
			rows->ncols = ncols;
			rows->cells = cells;
		}
		at = tail;
	}
	return 0;
}

static int sq_exec(rt_conn *c, const char *sql, rt_error *err)
{
	return run(NULL, c, NULL, sql, err);
}

static int sq_query(rt_rows *out, rt_conn *c, rt_arena *a, const char *sql,
		    rt_error *err)
{
	return run(out, c, a, sql, err);
}

static int sq_lock(rt_conn *c, int timeout_ms, rt_error *err)
{
	(void)err;
	sqlite3_busy_timeout(c->impl,
			     timeout_ms > 0 ? timeout_ms : DEFAULT_BUSY_MS);
	return 0;
}

static int sq_unlock(rt_conn *c, rt_error *err)
{
	(void)c;
	(void)err;
	return 0;
}

static void sq_close(rt_conn *c)
{
	sqlite3_close(c->impl);
	c->impl = NULL;
}

static const rt_conn_ops sq_ops = {
    .exec = sq_exec,
    .query = sq_query,
    .lock = sq_lock,
    .unlock = sq_unlock,
    .begin_sql = "BEGIN IMMEDIATE",
    .recheck = true,
    .close = sq_close,
};

int rt_runner__sqlite_open(rt_conn *c, const char *path, rt_error *err)
{
	sqlite3 *db = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		rt_errorf(err, RT_EDB, "cannot open '%s': %s", c->where,
			  db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, DEFAULT_BUSY_MS);
	c->impl = db;
	c->ops = &sq_ops;
	c->dialect = RT_DIALECT_SQLITE;
	return 0;
}
