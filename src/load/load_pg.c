/* SPDX-License-Identifier: MIT */
/*
 * The live PostgreSQL loader: reads pg_catalog with a fixed number of
 * queries (one per object kind, all tables at once, the rows nearly raw)
 * sent in one pipeline in one REPEATABLE READ READ ONLY transaction, then
 * the index definitions and checks it needs, one per group (q_printed),
 * and fills a fresh rt_schema.
 *
 * This file opens the two connections, runs the statements' pipelines
 * (steps, run_batch) and copies each result out of libpq into the arena
 * (fetch, which clears it): libpq stays in this file. The statements' text
 * is in load_pg_sql.c, the reading of the copied results (cells, arrays,
 * names, expressions) in load_pg_rows.c and the object kinds' loaders
 * (load_first ... load_unmanaged) in load_pg_kinds.c; load_pg_int.h holds
 * what they share.
 */
#include "base/common.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdlib.h>
#include <time.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/error.h"
#include "base/map.h"
#include "base/sql.h"
#include "base/vec.h"
#include "load/load.h"
#include "load/load_int.h"
#include "load/load_pg_int.h"
#include "schema/canon.h"
#include "schema/schema.h"

/* ---- entry point ------------------------------------------------------- */

/* The value of keyword in conninfo, NULL when absent or empty
 * (malloc'd, the caller frees). */
static char *conninfo_value(const char *conninfo, const char *keyword)
{
	PQconninfoOption *opts = PQconninfoParse(conninfo, NULL);
	PQconninfoOption *o;
	char *v = NULL;

	if (!opts)
		return NULL;
	for (o = opts; o->keyword; o++) {
		if (strcmp(o->keyword, keyword) == 0 && o->val && *o->val)
			v = rt_xstrdup(o->val);
	}
	PQconninfoFree(opts);
	return v;
}

void rt_load__server_words(char *out, size_t outsz, const char *msg,
			   const char *conninfo)
{
	char *pw = conninfo_value(conninfo, "password");
	rt_load__pg_first_line(out, outsz, msg);
	rt_load__pg_scrub(out, outsz, pw);
	free(pw);
}

/* libpq "options" of every connection (see connect_db). */
#define SESSION_OPTIONS                                                        \
	"-c search_path=public -c DateStyle=ISO,MDY "                          \
	"-c IntervalStyle=postgres -c TimeZone=UTC -c extra_float_digits=3 "   \
	"-c jit=off -c default_transaction_isolation=repeatable\\ read "       \
	"-c default_transaction_read_only=on"

/*
 * Connects with search_path=public, so that pg_get_expr and friends print
 * objects in public unqualified and all others qualified, and with the
 * output settings pinned (ISO dates, UTC, postgres intervals, exact
 * floats), so that constants in defaults and partition bounds print the
 * same whatever the server or database sets (a database with DateStyle
 * 'SQL, DMY' would otherwise print '01/03/2024', read back as January 3).
 * The user's own options are kept (ours come last and win). JIT is off:
 * the catalog queries run once each on a fresh backend, and compiling the
 * definitions query (its estimate passes jit_above_cost) took 320 ms of a
 * 1,000-table load whose execution takes 40. Transactions are
 * REPEATABLE READ READ ONLY unless they say otherwise: the first
 * connection's is the pipeline's implicit one (see steps).
 *
 * Two connections, opened at once (the second's backend starts while the
 * first's does), each a backend that works on its half of the queries
 * (see steps). connect_timeout, which only the blocking PQconnectdb
 * applies, is applied here to both. When only one of them connects (the
 * role's or the database's connection limit), it runs all the steps.
 */
static int connect_db(loader *l, const char *conninfo, rt_error *err)
{
	const char *keys[] = {"dbname", "options", "client_encoding",
			      "application_name", NULL};
	const char *vals[] = {conninfo, NULL, "UTF8", "retort", NULL};
	char *user_opts = conninfo_value(conninfo, "options");
	char *tmo_text = conninfo_value(conninfo, "connect_timeout");
	PostgresPollingStatusType st[2];
	int tmo_ms = -1, bad = -1;
	struct timespec t0;
	char line[512];

	if (tmo_text) {
		/* as libpq reads it: the leading digits, at least 2 s */
		long v = strtol(tmo_text, NULL, 10);

		if (v > 0)
			tmo_ms = (int)((v < 2	    ? 2
					: v > 86400 ? 86400
						    : v) *
				       1000);
	}
	free(tmo_text);
	vals[1] = rt_arena_printf(l->a, "%s%s%s", user_opts ? user_opts : "",
				  user_opts ? " " : "", SESSION_OPTIONS);
	free(user_opts);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int c = 0; c < 2; c++) {
		l->conn[c] = PQconnectStartParams(keys, vals, 1);
		st[c] = PGRES_POLLING_WRITING;
		if (!l->conn[c] || PQstatus(l->conn[c]) == CONNECTION_BAD) {
			bad = c;
			goto failed;
		}
	}
	for (;;) {
		struct pollfd p[2];
		int which[2], left = tmo_ms;
		nfds_t n = 0;
		struct timespec t;

		for (int c = 0; c < 2; c++) {
			if (st[c] == PGRES_POLLING_OK ||
			    st[c] == PGRES_POLLING_FAILED)
				continue;
			which[n] = c;
			p[n++] = (struct pollfd){
			    PQsocket(l->conn[c]),
			    st[c] == PGRES_POLLING_READING ? POLLIN : POLLOUT,
			    0};
		}
		if (n == 0)
			break;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (tmo_ms >= 0) {
			left =
			    tmo_ms - (int)((t.tv_sec - t0.tv_sec) * 1000 +
					   (t.tv_nsec - t0.tv_nsec) / 1000000);
			if (left <= 0) {
				rt_errorf(err, RT_EDB, "cannot connect to '%s'",
					  l->where);
				rt_error_detail(err, "timeout expired");
				return -1;
			}
		}
		if (poll(p, n, left) < 0 && errno != EINTR) {
			rt_errorf(err, RT_EDB, "cannot connect to '%s'",
				  l->where);
			rt_error_detail(err, "%s", strerror(errno));
			return -1;
		}
		for (nfds_t k = 0; k < n; k++) {
			int c = which[k];

			if (!p[k].revents)
				continue;
			st[c] = PQconnectPoll(l->conn[c]);
			if (st[c] == PGRES_POLLING_FAILED && bad < 0)
				bad = c;
		}
	}
	if (st[0] == PGRES_POLLING_FAILED && st[1] == PGRES_POLLING_FAILED)
		goto failed;
	if (bad >= 0) {
		/* one connection only (a connection limit): it runs all */
		PQfinish(l->conn[bad]);
		l->conn[bad] = NULL;
		if (bad == 0) {
			l->conn[0] = l->conn[1];
			l->conn[1] = NULL;
		}
		l->single = true;
	}
	l->version = PQserverVersion(l->conn[0]);
	if (l->version < 130000)
		return rt_errorf(err, RT_EDB,
				 "cannot load '%s': PostgreSQL %d.%d "
				 "is not supported (13 or later)",
				 l->where, l->version / 10000,
				 l->version % 10000);
	return 0;
failed:
	rt_load__server_words(line, sizeof(line),
			      l->conn[bad] ? PQerrorMessage(l->conn[bad])
					   : "out of memory",
			      conninfo);
	rt_errorf(err, RT_EDB, "cannot connect to '%s'", l->where);
	rt_error_detail(err, "%s", line);
	return -1;
}

typedef int (*load_fn)(loader *l, const pg_rows *r, rt_error *err);
typedef const char *(*sql_fn)(loader *l);

/*
 * The statements, in the order their results are read: each kind's
 * loader needs the ones before it (columns and constraints need the
 * tables, the indexes' groups need the columns). They go to two
 * connections, each in a pipeline, so that two backends work at once;
 * both read one snapshot, which the first exports in its first statement
 * (q_snapshot) and the second imports (SET TRANSACTION SNAPSHOT), as
 * pg_dump -j does. The first's transaction is the pipeline's implicit
 * one (up to its sync), REPEATABLE READ READ ONLY by its session's
 * defaults (SESSION_OPTIONS): no BEGIN, so that its snapshot is a
 * statement of its own, read before q_first is done (the second
 * connection started 10 ms later when it waited for q_first and its
 * probes), and the load still sends 15 statements. Each connection's statements
 * are a subsequence of steps, so reading the results in this order reads each
 * pipeline in its own order. The halves are about even in backend CPU at 1,000
 * tables (bench_load.py's table: each connection's statements in a fresh
 * backend, start included): the first connection has the first query
 * with its probes (about 13 ms), the columns (about 23, the first result
 * the others wait for), the sequences (8) and what the probes leave of
 * the definitions and dependencies (about 6 where there are none of
 * their kinds): about 53; the second the rest (enum types with the
 * comments and collations 5, tables 6, indexes 12, constraints 12, index
 * definitions and checks 1.5, column defaults 11, other objects: about
 * 50).
 *
 * The first connection's statements up to the sequences go at once, the
 * definitions and dependencies when q_first's probes are read (the
 * backend is still on the columns then: it does not wait for them). The
 * second's go when the snapshot is known, in two parts: up to the
 * constraints, then, as soon as the constraints are read, q_printed (the index
 * definitions and check expressions that the rows of the indexes and
 * constraints decide, converted while the backends work on the definitions and
 * the defaults), the column defaults and the other objects. No COMMIT: both
 * transactions are read only; the second's ends when the connection
 * closes, the first's at its sync, sent once the second has imported
 * the snapshot. That keeps the load at 15 statements.
 */
static const struct step {
	int on;		     /* the connection, 0 or 1 */
	const char *sql;     /* NULL: made by make */
	sql_fn make;	     /* q_printed, the snapshot's import, q_defaults,
				those sent as the probes decide */
	const char *purpose; /* "cannot read <purpose>" */
	load_fn load;	     /* NULL for BEGIN and SET */
} steps[] = {
    {0, rt_load__pg_q_snapshot, NULL, "a snapshot", rt_load__pg_load_snapshot},
    {0, rt_load__pg_q_first, NULL, "schemas, extensions and collations",
     rt_load__pg_load_first},
    {1, rt_load__pg_q_begin, NULL, "a snapshot", NULL},
    {1, NULL, rt_load__pg_snapshot_sql, "the exported snapshot", NULL},
    {1, rt_load__pg_q_enums, NULL, "enum types", rt_load__pg_load_enums},
    {1, rt_load__pg_q_tables, NULL, "tables", rt_load__pg_load_tables},
    {0, rt_load__pg_q_columns, NULL, "columns", rt_load__pg_load_columns},
    {1, rt_load__pg_q_indexes, NULL, "indexes", rt_load__pg_load_indexes_raw},
    {1, rt_load__pg_q_constraints, NULL, "constraints",
     rt_load__pg_load_constraints},
    {0, rt_load__pg_q_sequences, NULL, "sequences", rt_load__pg_load_sequences},
    {1, NULL, rt_load__pg_printed_sql,
     "index definitions and check expressions", rt_load__pg_load_printed},
    {1, NULL, rt_load__pg_defaults_sql, "column defaults",
     rt_load__pg_load_defaults},
    {0, NULL, rt_load__pg_definitions_sql,
     "views, functions, triggers, types and policies",
     rt_load__pg_load_definitions},
    {0, NULL, rt_load__pg_depends_sql, "dependencies",
     rt_load__pg_load_depends},
    {1, NULL, rt_load__pg_unmanaged_sql, "other objects",
     rt_load__pg_load_unmanaged},
};

/* The step that gives the snapshot (the second connection's statements
 * go after it), the one that gives the probes (the first connection's
 * STEP_PROBED and after go after it), the last step whose result decides
 * the second connection's second part (the constraints), and where that
 * starts. */
#define STEP_SNAPSHOT 0
#define STEP_FIRST    1
#define STEP_IMPORT   2 /* and 3: the second's BEGIN and SET */
#define STEP_DECIDES  8
#define STEP_SECOND   10
#define STEP_PROBED   12 /* the first one's steps that the probes decide */
_Static_assert(STEP_DECIDES < STEP_SECOND && STEP_SECOND < RT_ARRAY_LEN(steps),
	       "the pipeline's parts");
_Static_assert(STEP_FIRST < STEP_PROBED && STEP_SECOND <= STEP_PROBED &&
		   STEP_PROBED < RT_ARRAY_LEN(steps),
	       "the probes are read before the steps they decide are sent");
_Static_assert(STEP_FIRST < STEP_IMPORT + 1,
	       "the first connection's last steps are sent before its sync");

/* The connection that runs step k: with one connection (l->single), all
 * the steps in order but the second's BEGIN and snapshot import (-1). */
static int conn_of(const loader *l, size_t k)
{
	if (!l->single)
		return steps[k].on;
	return k == STEP_IMPORT || k == STEP_IMPORT + 1 ? -1 : 0;
}

/*
 * Waits until connection `on` has a result, reading what the server sends
 * on both connections meanwhile: a backend with a large result to send
 * stops working until it is read. A connection that broke is no longer
 * read (its own fetch reports it).
 */
static void wait_result(loader *l, int on)
{
	while (!l->broken[on] && PQisBusy(l->conn[on])) {
		struct pollfd p[2];
		int which[2];
		nfds_t n = 0;

		for (int c = 0; c < 2; c++) {
			if (l->conn[c] && !l->broken[c]) {
				which[n] = c;
				p[n++] = (struct pollfd){PQsocket(l->conn[c]),
							 POLLIN, 0};
			}
		}
		if (poll(p, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		for (nfds_t k = 0; k < n; k++) {
			if (p[k].revents && !PQconsumeInput(l->conn[which[k]]))
				l->broken[which[k]] = true;
		}
	}
}

/* fetch copies the texts into arena pieces of this size, back to back:
 * an allocation per text, each rounded up to 16 bytes, cost 6.7 M more
 * instructions and 3 MB more memory on 1,000 tables. */
#define POOL (16 * 1024)

/*
 * Reads the next result of connection `on` and copies it into the arena
 * (PQclear here). A cell is asked whether it is NULL only when its text
 * is empty (libpq gives "" for NULL): a call per cell saved. Using the
 * cells in place instead, the PGresults kept until the arena is freed,
 * saved 26 M of 254 M instructions on 1,000 tables but cost more CPU
 * than it saved (50.7 against 45.8 ms, 1,400 more page faults: the
 * results' memory was no longer reused from one result to the next).
 */
static int fetch(pg_rows *out, loader *l, int on, const char *purpose,
		 rt_error *err)
{
	PGresult *res = NULL;
	ExecStatusType st;
	size_t i, j;
	int rc = -1;

	wait_result(l, on);
	res = PQgetResult(l->conn[on]);
	st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		char line[512];
		const char *msg =
		    res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
			: NULL;

		if (!msg)
			msg = res ? PQresultErrorMessage(res)
				  : PQerrorMessage(l->conn[on]);

		rt_load__pg_first_line(line, sizeof(line),
				       *msg ? msg
					    : "the server sent no result");
		rt_errorf(err, RT_EDB, "cannot read %s from '%s'", purpose,
			  l->where);
		rt_error_detail(err, "%s", line);
		goto done;
	}
	out->n = (size_t)PQntuples(res);
	out->ncols = (size_t)PQnfields(res);
	out->cells = NULL;
	if (out->n && out->ncols) {
		out->cells = rt_arena_alloc(l->a, out->n * out->ncols *
						      sizeof(*out->cells));
		char *pool = NULL; /* the texts, back to back */
		size_t left = 0;

		for (i = 0; i < out->n; i++) {
			for (j = 0; j < out->ncols; j++) {
				const char *v = PQgetvalue(res, (int)i, (int)j);
				size_t n;

				if (!*v && PQgetisnull(res, (int)i, (int)j))
					continue;
				n = (size_t)PQgetlength(res, (int)i, (int)j);
				if (n + 1 > left) {
					left = n + 1 > POOL ? n + 1 : POOL;
					pool = rt_arena_alloc(l->a, left);
				}
				memcpy(pool, v, n);
				pool[n] = '\0';
				out->cells[i * out->ncols + j] = pool;
				pool += n + 1;
				left -= n + 1;
			}
		}
	}
	rc = 0;
done:
	PQclear(res);
	return rc;
}

static int send_failed(loader *l, int on, rt_error *err)
{
	char line[512];

	rt_load__pg_first_line(line, sizeof(line), PQerrorMessage(l->conn[on]));
	rt_errorf(err, RT_EDB, "cannot query '%s'", l->where);
	rt_error_detail(err, "%s", line);
	return -1;
}

/*
 * Sends what libpq holds for connection `on`, reading the server's
 * results meanwhile: the server does not read while it waits to write a
 * result, so a client that only wrote (a second part of many oids, the
 * first part's results not yet read) could wait for it forever. The
 * connection is nonblocking here; libpq keeps what it reads for
 * PQgetResult.
 */
static int flush_all(loader *l, int on, rt_error *err)
{
	PGconn *conn = l->conn[on];
	int r;

	while ((r = PQflush(conn)) == 1) {
		struct pollfd p = {PQsocket(conn), POLLIN | POLLOUT, 0};

		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			return send_failed(l, on, err);
		if ((p.revents & POLLIN) && !PQconsumeInput(conn))
			return send_failed(l, on, err);
	}
	return r == 0 ? 0 : send_failed(l, on, err);
}

/* Queues connection on's steps of [from, to) on its pipeline, each
 * followed by a flush request, then a sync if asked, and sends them. */
static int send_steps(loader *l, int on, size_t from, size_t to, bool sync,
		      rt_error *err)
{
	PGconn *conn = l->conn[on];

	if (PQsetnonblocking(conn, 1) != 0)
		return send_failed(l, on, err);
	for (size_t k = from; k < to; k++) {
		const char *sql;

		if (conn_of(l, k) != on)
			continue;
		sql = steps[k].sql ? rt_load__pg_expand(l, steps[k].sql)
				   : steps[k].make(l);
		/* the server sends a result when asked to flush (or at
		 * the sync), not when it is done with the statement */
		if (!PQsendQueryParams(conn, sql, 0, NULL, NULL, NULL, NULL,
				       0) ||
		    !PQsendFlushRequest(conn))
			return send_failed(l, on, err);
	}
	if (sync && !PQpipelineSync(conn))
		return send_failed(l, on, err);
	if (flush_all(l, on, err) < 0)
		return -1;
	if (PQsetnonblocking(conn, 0) != 0)
		return send_failed(l, on, err);
	return 0;
}

/* Reads the NULL that ends a statement's results in a pipeline. */
static void end_of_result(loader *l, int on)
{
	PGresult *res;

	while ((res = PQgetResult(l->conn[on])) != NULL) {
		bool sync = PQresultStatus(res) == PGRES_PIPELINE_SYNC;

		PQclear(res);
		if (sync)
			break;
	}
}

/*
 * The second connection could not import the snapshot: the first one's
 * transaction has failed (a statement timeout, a cancel), which is the
 * error to report. Reads the first connection's results after step k
 * (all sent) until one fails and puts its error in err; keeps err when
 * none does.
 */
static void first_cause(loader *l, size_t k, rt_error *err)
{
	for (size_t j = k + 1; j < RT_ARRAY_LEN(steps); j++) {
		rt_error first = RT_ERROR_INIT;
		pg_rows r;

		if (steps[j].on != 0)
			continue;
		if (fetch(&r, l, 0, steps[j].purpose, &first) < 0) {
			*err = first;
			return;
		}
		end_of_result(l, 0);
	}
}

/*
 * Sends the statements in their pipelines (statement after statement
 * without waiting, so the servers work on the next query while this side
 * converts the previous result), then reads the results in the order of
 * steps. Still one statement per object kind, and a fixed number of
 * them.
 */
static int run_batch(loader *l, rt_error *err)
{
	size_t k;

	for (int c = 0; c < 2; c++) {
		if (l->conn[c] && !PQenterPipelineMode(l->conn[c]))
			return send_failed(l, c, err);
	}
	/* one connection: the steps before q_printed at once; two: the
	 * first one's steps before those the probes decide */
	if (send_steps(l, 0, 0, l->single ? STEP_SECOND : STEP_PROBED, false,
		       err) < 0)
		return -1;
	l->nqueries = RT_ARRAY_LEN(steps) - (l->single ? 2 : 0);
	for (k = 0; k < RT_ARRAY_LEN(steps); k++) {
		int on = conn_of(l, k);
		pg_rows r;

		if (on < 0)
			continue;
		if (fetch(&r, l, on, steps[k].purpose, err) < 0) {
			if (k == STEP_IMPORT + 1)
				first_cause(l, k, err);
			return -1;
		}
		end_of_result(l, on);
		if (steps[k].load && steps[k].load(l, &r, err) < 0)
			return -1;
		if (k == STEP_SNAPSHOT && !l->single &&
		    send_steps(l, 1, 0, STEP_SECOND, false, err) < 0)
			return -1;
		if (k == STEP_FIRST && !l->single &&
		    send_steps(l, 0, STEP_PROBED, RT_ARRAY_LEN(steps), false,
			       err) < 0)
			return -1;
		/* the first connection's sync ends its implicit transaction
		 * and with it the exported snapshot: only once the second
		 * has imported it (a small database's whole first pipeline
		 * can be done before the second backend runs its SET) */
		if (k == STEP_IMPORT + 1 && !l->single &&
		    send_steps(l, 0, 0, 0, true, err) < 0)
			return -1;
		if (k == STEP_DECIDES &&
		    send_steps(l, l->single ? 0 : 1, STEP_SECOND,
			       RT_ARRAY_LEN(steps), true, err) < 0)
			return -1;
	}
	return 0;
}

int rt_load_pg(rt_schema **out, rt_arena *a, const char *conninfo,
	       size_t *queries_out, rt_error *err)
{
	loader l = {0};
	char where[512];
	int rc = -1;

	RT_ASSERT(out && a && conninfo);
	rt_conninfo_redact(where, sizeof(where), conninfo);
	rt_buf_init(&l.idx_oids);
	rt_buf_init(&l.chk_oids);
	rt_buf_init(&l.fk_oids);
	l.a = a;
	l.where = rt_arena_strdup(a, where);
	if (connect_db(&l, conninfo, err) < 0)
		goto done;
	l.s = rt_schema_new(a);
	l.s->source = l.where;
	if (run_batch(&l, err) < 0)
		goto done;
	rt_schema_finish(l.s);
	rt_load__pg_load_depends_finish(&l);
	*out = l.s;
	rc = 0;
done:
	if (queries_out)
		*queries_out = l.nqueries;
	rt_buf_release(&l.idx_oids);
	rt_buf_release(&l.chk_oids);
	rt_buf_release(&l.fk_oids);
	PQfinish(l.conn[0]);
	PQfinish(l.conn[1]);
	return rc;
}
