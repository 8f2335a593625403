/* SPDX-License-Identifier: MIT */
/*
 * Exact loading of SQL through a scratch database (--dev-url): creates a
 * temporary database on the dev server, applies the SQL there, reads it
 * back with the live loader (so expressions, view bodies and everything
 * else come out in PostgreSQL's own canonical spelling), and drops the
 * database on every path: success, a failing statement, a lost
 * connection, or an interrupt (rt_load_interrupt, which the command line
 * calls from its SIGINT/SIGTERM handler).
 *
 * libpq is used here as well as in load_pg.c and load_pg_rows.c: this
 * file only creates, fills and drops the database; reading it is
 * load_pg.c's job.
 */
#include "base/common.h"

#include <libpq-fe.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/sql.h"
#include "load/load.h"
#include "load/load_int.h"

/* The scratch work in progress, for rt_load_interrupt. diff loads its two
 * sources on two threads, so there may be two: a count, and a slot per
 * statement being applied (lock-free atomics are async-signal-safe). */
#define MAX_SCRATCH 4
static _Atomic(PGcancel *) cancels[MAX_SCRATCH];
static atomic_int scratch_active;
static volatile sig_atomic_t interrupted;

bool rt_load_interrupt(void)
{
	char buf[256];
	interrupted = 1;
	for (int i = 0; i < MAX_SCRATCH; i++) {
		PGcancel *c = atomic_load(&cancels[i]);
		if (c)
			PQcancel(c, buf, sizeof(buf)); /* async-signal-safe */
	}
	return atomic_load(&scratch_active) > 0;
}

/* Puts c in a free slot; the slot's index, or -1 when all are taken
 * (then that statement cannot be cancelled, only waited for). */
static int hold_cancel(PGcancel *c)
{
	for (int i = 0; i < MAX_SCRATCH; i++) {
		PGcancel *none = NULL;
		if (atomic_compare_exchange_strong(&cancels[i], &none, c))
			return i;
	}
	return -1;
}

bool rt_load_interrupted(void)
{
	return interrupted != 0;
}

/* A number distinct for each scratch database of this process. */
static unsigned long next_scratch_number(void)
{
	static atomic_ulong n;
	return (unsigned long)time(NULL) * 16 + atomic_fetch_add(&n, 1);
}

/* dev_url's parameters as a key=value string with dbname replaced. */
static char *conninfo_for(const char *dev_url, const char *dbname)
{
	PQconninfoOption *opts = PQconninfoParse(dev_url, NULL);
	rt_buf b = RT_BUF_INIT;

	if (!opts)
		return NULL;
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		const char *v =
		    strcmp(o->keyword, "dbname") == 0 ? dbname : o->val;
		if (!v || !*v)
			continue;
		rt_buf_addf(&b, "%s%s='", b.len ? " " : "", o->keyword);
		for (const char *p = v; *p; p++) {
			if (*p == '\'' || *p == '\\')
				rt_buf_addch(&b, '\\');
			rt_buf_addch(&b, *p);
		}
		rt_buf_addch(&b, '\'');
	}
	PQconninfoFree(opts);
	return rt_buf_detach(&b);
}

static PGconn *connect_to(const char *conninfo)
{
	const char *keys[] = {"dbname", "options", "application_name", NULL};
	const char *vals[] = {conninfo, "-c client_min_messages=warning",
			      "retort scratch", NULL};
	return PQconnectdbParams(keys, vals, 1);
}

/* line:col of the 1-based character position pos in a statement that
 * starts at line:col. */
static void place_in(const char *text, size_t len, long pos, int *line,
		     int *col)
{
	long chars = 0;
	for (size_t i = 0; i < len && chars < pos - 1; i++) {
		unsigned char ch = (unsigned char)text[i];
		if ((ch & 0xC0) == 0x80)
			continue; /* UTF-8 continuation: same character */
		chars++;
		if (ch == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* The statement as the server gets it: psql meta-commands (lines that
 * start with a backslash, as pg_dump writes) blanked, so that positions
 * stay where they are in the file. NULL when nothing is left to run. */
static char *statement_text(const rt_sqlstmt *st)
{
	char *t = rt_xmalloc(st->len + 1);
	bool bol = true, any = false;
	memcpy(t, st->text, st->len);
	t[st->len] = '\0';
	for (size_t i = 0; i < st->len; i++) {
		if (bol && t[i] == '\\')
			for (; i < st->len && t[i] != '\n'; i++)
				t[i] = ' ';
		if (i >= st->len)
			break;
		bol = t[i] == '\n';
		if (!strchr(" \t\r\n;", t[i]))
			any = true;
	}
	if (!any) {
		free(t);
		return NULL;
	}
	return t;
}

/* Runs one statement on the scratch connection; a failure is RT_EINPUT
 * at name:line:col (the server's position in the statement, or the
 * statement's start) with the server's words. */
static int run_statement(PGconn *c, const char *name, const rt_sqlstmt *st,
			 const char *text, rt_error *err)
{
	PGcancel *cancel = PQgetCancel(c);
	int slot = cancel ? hold_cancel(cancel) : -1;
	PGresult *res = PQexec(c, text);
	ExecStatusType rs = PQresultStatus(res);
	int rc = 0;

	if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK &&
	    rs != PGRES_EMPTY_QUERY) {
		const char *msg =
		    PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		const char *pos =
		    PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION);
		int line = st->line, col = st->col;
		if (interrupted) {
			rc = rt_errorf(err, RT_EIO,
				       "interrupted while applying '%s' to "
				       "the scratch database",
				       name);
		} else {
			rc = rt_errorf(err, RT_EINPUT, "%s",
				       msg ? msg : PQerrorMessage(c));
			if (pos)
				place_in(st->text, st->len,
					 strtol(pos, NULL, 10), &line, &col);
			else
				place_in(st->text, st->len,
					 (long)strspn(text, " \t\r\n") + 1,
					 &line, &col);
			rt_error_at(err, name, line, col);
			rt_error_detail(err, "applied to the scratch database "
					     "(--dev-url)");
		}
	}
	PQclear(res);
	if (slot >= 0)
		atomic_store(&cancels[slot], NULL);
	PQfreeCancel(cancel);
	return rc;
}

/* Applies the statements of src one by one, each on its own (so that
 * CREATE INDEX CONCURRENTLY runs, and an error names its statement). */
static int apply(PGconn *c, rt_sqlsrc *src, rt_error *err)
{
	rt_sqlstmt st;
	int r;
	while ((r = rt_load__next_stmt(src, &st, err)) > 0) {
		char *text = statement_text(&st);
		int rc = text ? run_statement(c, src->name, &st, text, err) : 0;
		free(text);
		if (rc < 0)
			return -1;
		if (interrupted)
			return rt_errorf(err, RT_EIO, "interrupted");
	}
	return r;
}

int rt_load_sql_scratch(rt_schema **out, rt_arena *a, rt_sqlsrc *src,
			const char *dev_url, rt_error *err)
{
	char where[512], words[512], dbname[64];
	PGconn *admin = NULL, *sc = NULL;
	char *conninfo = NULL;
	rt_buf sql = RT_BUF_INIT;
	bool created = false;
	int rc = -1;

	rt_conninfo_redact(where, sizeof(where), dev_url);
	atomic_fetch_add(&scratch_active, 1);
	admin = connect_to(dev_url);
	if (!admin || PQstatus(admin) != CONNECTION_OK) {
		rt_load__server_words(
		    words, sizeof(words),
		    admin ? PQerrorMessage(admin) : "out of memory", dev_url);
		rt_errorf(err, RT_EDB, "cannot connect to '%s'", where);
		rt_error_detail(err, "%s", words);
		goto done;
	}
	snprintf(dbname, sizeof(dbname), "retort_scratch_%ld_%lx",
		 (long)getpid(), next_scratch_number());
	rt_buf_adds(&sql, "CREATE DATABASE ");
	rt_buf_add_ident(&sql, RT_DIALECT_PG, dbname);
	rt_buf_adds(&sql, " TEMPLATE template0 ENCODING 'UTF8'");
	{
		PGresult *res = PQexec(admin, sql.data);
		bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		if (!ok) {
			rt_load__server_words(words, sizeof(words),
					      PQerrorMessage(admin), dev_url);
			rt_errorf(err, RT_EDB,
				  "cannot create a scratch database on '%s'",
				  where);
			rt_error_detail(err, "%s", words);
			rt_error_hint(err, "the role of --dev-url needs "
					   "CREATEDB");
		}
		PQclear(res);
		if (!ok)
			goto done;
	}
	created = true;
	conninfo = conninfo_for(dev_url, dbname);
	if (!conninfo) {
		rt_errorf(err, RT_EUSAGE, "cannot read --dev-url '%s'", where);
		goto done;
	}
	sc = connect_to(conninfo);
	if (!sc || PQstatus(sc) != CONNECTION_OK) {
		rt_load__server_words(words, sizeof(words),
				      sc ? PQerrorMessage(sc) : "out of memory",
				      dev_url);
		rt_errorf(err, RT_EDB,
			  "cannot connect to the scratch database "
			  "on '%s'",
			  where);
		rt_error_detail(err, "%s", words);
		goto done;
	}
	if (apply(sc, src, err) < 0)
		goto done;
	PQfinish(sc);
	sc = NULL;
	if (interrupted) {
		rt_errorf(err, RT_EIO, "interrupted");
		goto done;
	}
	if (rt_load_pg(out, a, conninfo, NULL, err) < 0)
		goto done;
	(*out)->source = rt_arena_strdup(a, src->name);
	rc = 0;
done:
	if (sc)
		PQfinish(sc);
	if (created) {
		PGresult *res;
		rt_buf_reset(&sql);
		rt_buf_adds(&sql, "DROP DATABASE IF EXISTS ");
		rt_buf_add_ident(&sql, RT_DIALECT_PG, dbname);
		rt_buf_adds(&sql, " WITH (FORCE)");
		res = PQexec(admin, sql.data);
		if (PQresultStatus(res) != PGRES_COMMAND_OK && rc == 0) {
			rt_load__server_words(words, sizeof(words),
					      PQerrorMessage(admin), dev_url);
			rc = rt_errorf(err, RT_EDB,
				       "cannot drop the scratch database "
				       "'%s' on '%s'",
				       dbname, where);
			rt_error_detail(err, "%s", words);
		}
		PQclear(res);
	}
	if (admin)
		PQfinish(admin);
	free(conninfo);
	rt_buf_release(&sql);
	atomic_fetch_sub(&scratch_active, 1);
	return rc;
}
