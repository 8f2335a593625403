/* SPDX-License-Identifier: MIT */
/*
 * The runner: URL dispatch for rt_conn, the tracking table, and apply /
 * roll back / stamp / status / offline script on top of the backend
 * operations in runner_int.h. No libpq or sqlite3 here: dialect
 * differences are SQL text only. The design and the round-trip count are in
 * runner.h.
 */
#include "base/common.h"
#include "base/sql.h"
#include "runner/runner_int.h"

#include <ctype.h>
#include <errno.h>
#include <strings.h>
#include <time.h>

/* ---- connection ------------------------------------------------------ */

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int rt_conn_open(rt_conn **out, const char *url, rt_error *err)
{
	rt_conn *c = rt_xcalloc(1, sizeof(*c));
	int rc = -1;

	RT_ASSERT(out && url);
	*out = NULL;
	c->err_offset = -1;
	rt_conninfo_redact(c->where, sizeof(c->where), url);
	if (starts(url, "postgres://") || starts(url, "postgresql://")) {
		rc = rt_runner__pg_open(c, url, err);
	} else if (starts(url, "sqlite://")) {
		const char *rest = url + strlen("sqlite://");
		const char *path = ":memory:";
		if (*rest && *rest != '/') {
			rt_errorf(err, RT_EINPUT,
				  "invalid SQLite URL '%s': expected "
				  "sqlite:///PATH (three slashes)",
				  c->where);
			goto done;
		}
		if (*rest && rest[1])
			path = rest + 1;
		rc = rt_runner__sqlite_open(c, path, err);
	} else {
		size_t n = strcspn(url, ":");
		rt_errorf(
		    err, RT_EINPUT,
		    "unknown database URL scheme '%.*s' in '%s': expected "
		    "postgresql://, postgres:// or sqlite:///",
		    (int)(url[n] ? n : 0), url, c->where);
	}
done:
	if (rc < 0) {
		free(c);
		return -1;
	}
	*out = c;
	return 0;
}

void rt_conn_close(rt_conn *c)
{
	if (!c)
		return;
	if (c->ops)
		c->ops->close(c);
	free(c);
}

rt_dialect rt_conn_dialect(const rt_conn *c)
{
	return c->dialect;
}

const char *rt_conn_where(const rt_conn *c)
{
	return c->where;
}

int rt_conn_exec(rt_conn *c, const char *sql, rt_error *err)
{
	c->calls++;
	return c->ops->exec(c, sql, err);
}

int rt_conn_query(rt_rows *out, rt_conn *c, rt_arena *a, const char *sql,
		  rt_error *err)
{
	c->calls++;
	return c->ops->query(out, c, a, sql, err);
}

int rt_conn_begin(rt_conn *c, rt_error *err)
{
	return rt_conn_exec(c, c->ops->begin_sql, err);
}

int rt_conn_commit(rt_conn *c, rt_error *err)
{
	return rt_conn_exec(c, "COMMIT", err);
}

int rt_conn_rollback(rt_conn *c, rt_error *err)
{
	return rt_conn_exec(c, "ROLLBACK", err);
}

long rt_conn_error_offset(const rt_conn *c)
{
	return c->err_offset;
}

size_t rt_conn_calls(const rt_conn *c)
{
	return c->calls;
}

const char *rt_conn_sqlstate(const rt_conn *c)
{
	return c->sqlstate;
}

/* ---- durations and progress lines ------------------------------------ */

bool rt_runner_parse_duration(long long *ms_out, const char *text)
{
	static const struct {
		const char *unit;
		long long ms;
	} units[] = {
	    {"", 1}, {"ms", 1}, {"s", 1000}, {"min", 60000}, {"h", 3600000}};
	const char *p = text;
	long long v = 0;
	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > 86400000)
			return false;
	}
	while (*p == ' ')
		p++;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(p, units[i].unit) != 0)
			continue;
		if (v > 86400000 / units[i].ms)
			return false;
		*ms_out = v * units[i].ms;
		return true;
	}
	return false;
}

/* "pct% done/total unit, " when total is known and positive. */
static bool add_count(rt_buf *out, long long done, long long total,
		      const char *unit)
{
	if (total <= 0 || done < 0)
		return false;
	rt_buf_addf(out, "%lld%% %lld/%lld %s, ",
		    done >= total ? 100 : done * 100 / total, done, total,
		    unit);
	return true;
}

void rt_runner_progress_line(rt_buf *out, const rt_run_progress *p)
{
	const char *path = p->mig && p->mig->path ? p->mig->path : "";
	if (p->down && p->mig && p->mig->down_path)
		path = p->mig->down_path;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	rt_buf_addf(out, "%s:%d ", base, p->stmt ? p->stmt->line : 0);
	/* the figures first: a narrow terminal cuts the end of the line */
	if (p->command[0] &&
	    !add_count(out, p->blocks_done, p->blocks_total, "blocks") &&
	    !add_count(out, p->tuples_done, p->tuples_total, "tuples") &&
	    !add_count(out, p->lockers_done, p->lockers_total,
		       "transactions") &&
	    p->tuples_done > 0)
		rt_buf_addf(out, "%lld tuples, ", p->tuples_done);
	rt_buf_addf(out, "%lld.%lld s, ", p->elapsed_ms / 1000,
		    p->elapsed_ms % 1000 / 100);
	/* a build's phase says what it waits for; other statements
	 * only that they wait */
	if (!p->command[0])
		rt_buf_adds(out, p->waiting ? "waiting for a lock" : "running");
	else
		rt_buf_adds(out, p->command);
	if (p->command[0] && p->phase[0])
		rt_buf_addf(out, ": %s", p->phase);
}

/* ---- tracking table SQL ---------------------------------------------- */

static const char *create_sql(rt_dialect d)
{
	if (d == RT_DIALECT_PG)
		return "CREATE TABLE IF NOT EXISTS " RT_RUNNER_TABLE " ("
		       "version bigint PRIMARY KEY, "
		       "name text NOT NULL, "
		       "checksum text NOT NULL, "
		       "applied_at timestamptz NOT NULL DEFAULT now(), "
		       "duration_ms bigint, "
		       "applied_by text NOT NULL DEFAULT current_user)";
	return "CREATE TABLE IF NOT EXISTS " RT_RUNNER_TABLE " ("
	       "version INTEGER PRIMARY KEY, "
	       "name TEXT NOT NULL, "
	       "checksum TEXT NOT NULL, "
	       "applied_at TEXT NOT NULL DEFAULT "
	       "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), "
	       "duration_ms INTEGER, "
	       "applied_by TEXT NOT NULL DEFAULT '')";
}

/* The INSERT (UP) or DELETE (DOWN) of m's tracking row, no ';'. */
static void add_track(rt_buf *b, rt_dialect d, rt_run_dir dir,
		      const rt_run_mig *m, long long duration_ms,
		      const rt_run_opts *o, bool ignore_dup)
{
	if (dir == RT_RUN_DOWN) {
		rt_buf_addf(
		    b, "DELETE FROM " RT_RUNNER_TABLE " WHERE version = %lld",
		    m->version);
		return;
	}
	rt_buf_addf(b,
		    "INSERT INTO " RT_RUNNER_TABLE
		    " (version, name, checksum, duration_ms, applied_by) "
		    "VALUES (%lld, ",
		    m->version);
	rt_buf_add_literal(b, d, m->name ? m->name : "");
	rt_buf_adds(b, ", ");
	rt_buf_add_literal(b, d, m->checksum ? m->checksum : "");
	if (duration_ms >= 0)
		rt_buf_addf(b, ", %lld, ", duration_ms);
	else
		rt_buf_adds(b, ", NULL, ");
	if (d == RT_DIALECT_PG)
		rt_buf_adds(b, "current_user");
	else
		rt_buf_add_literal(b, d,
				   o && o->applied_by ? o->applied_by : "");
	rt_buf_adds(b, ")");
	if (ignore_dup) /* stamp only: apply must fail on a duplicate */
		rt_buf_adds(b, " ON CONFLICT (version) DO NOTHING");
}

/* ---- helpers --------------------------------------------------------- */

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The first non-blank line of sql, trimmed and cut to fit out. */
static void first_line(char *out, size_t outsz, const char *sql)
{
	while (*sql == ' ' || *sql == '\t' || *sql == '\n' || *sql == '\r')
		sql++;
	size_t n = strcspn(sql, "\r\n");
	while (n && (sql[n - 1] == ' ' || sql[n - 1] == '\t'))
		n--;
	if (n >= outsz) {
		n = outsz - 4;
		snprintf(out, outsz, "%.*s...", (int)n, sql);
		return;
	}
	snprintf(out, outsz, "%.*s", (int)n, sql);
}

/* Line of byte offset off in sql, counting from line (the statement's). */
static int line_at(const char *sql, int line, long off)
{
	for (long i = 0; i < off && sql[i]; i++)
		if (sql[i] == '\n')
			line++;
	return line;
}

static void rollback_quietly(rt_conn *c)
{
	rt_error ignored = RT_ERROR_INIT;
	rt_conn_rollback(c, &ignored);
}

/* Creates the tracking table if needed and reads the applied versions,
 * sorted, in one call. */
static int ensure_and_read(long long **v_out, size_t *n_out, rt_conn *c,
			   rt_arena *a, rt_error *err)
{
	rt_buf sql = RT_BUF_INIT;
	rt_rows rows;
	int rc = -1;

	rt_buf_adds(&sql, create_sql(c->dialect));
	rt_buf_adds(&sql, "; SELECT version FROM " RT_RUNNER_TABLE
			  " ORDER BY version");
	if (rt_conn_query(&rows, c, a, sql.data, err) < 0) {
		char msg[512];
		snprintf(msg, sizeof(msg), "%s", err->msg);
		rt_errorf(err, RT_EDB,
			  "cannot create or read the tracking table '%s' on "
			  "'%s': %s",
			  RT_RUNNER_TABLE, c->where, msg);
		goto done;
	}
	*v_out = rt_arena_alloc(a, (rows.nrows + 1) * sizeof(long long));
	for (size_t i = 0; i < rows.nrows; i++)
		(*v_out)[i] = strtoll(rows.cells[i * rows.ncols], NULL, 10);
	*n_out = rows.nrows;
	rc = 0;
done:
	rt_buf_release(&sql);
	return rc;
}

static bool has_version(const long long *v, size_t n, long long version)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] == version)
			return true;
		if (v[mid] < version)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/*
 * Rewrites err (whose msg is the database's message) to name the
 * migration, the statement's first line and its place.
 */
static int stmt_failed(rt_conn *c, const rt_run_mig *m, bool down,
		       const char *what, const char *sql, int line,
		       bool partial, rt_error *err)
{
	char dbmsg[512], first[96];
	snprintf(dbmsg, sizeof(dbmsg), "%s", err->msg);
	first_line(first, sizeof(first), sql);
	long off = rt_conn_error_offset(c);
	int at = off >= 0 ? line_at(sql, line, off) : line;
	const char *path = down && m->down_path ? m->down_path : m->path;
	rt_errorf(err, RT_EDB,
		  "migration %lld '%s' rolled back: %s '%s' failed: %s",
		  m->version, m->name ? m->name : "", what, first, dbmsg);
	rt_error_at(err, path ? path : "", at, 0);
	if (partial)
		rt_error_hint(err, "statements of it that ran outside a "
				   "transaction stay committed; it is not "
				   "recorded, so the next run starts it again "
				   "from its first statement");
	return -1;
}

/* Runs m's validation queries; -1 with err on an error or a mismatch. */
static int run_checks(rt_conn *c, rt_arena *a, const rt_run_mig *m,
		      bool partial, rt_error *err)
{
	for (size_t i = 0; i < m->nchecks; i++) {
		const rt_run_check *k = &m->checks[i];
		rt_rows rows;
		char rows_n[32], first[96];
		if (rt_conn_query(&rows, c, a, k->sql, err) < 0)
			return stmt_failed(c, m, false, "validation query",
					   k->sql, k->line, partial, err);
		const char *expect = k->expect ? k->expect : "";
		/* the value compared whole, however long (a table's column
		 * list is); only the message shortens it */
		const char *got = rows_n;
		if (starts(expect, "rows="))
			snprintf(rows_n, sizeof(rows_n), "rows=%zu",
				 rows.nrows);
		else if (rows.nrows == 0 || rows.ncols == 0)
			got = "(no rows)";
		else if (!rows.cells[0])
			got = "NULL";
		else
			got = rows.cells[0];
		if (strcmp(got, expect) == 0)
			continue;
		first_line(first, sizeof(first), k->sql);
		rt_errorf(err, RT_EDB,
			  "migration %lld '%s' rolled back: validation "
			  "'%s' expected '%s', got '%s'",
			  m->version, m->name ? m->name : "", first, expect,
			  got);
		rt_error_at(err, m->path ? m->path : "", k->line, 0);
		return -1;
	}
	return 0;
}

/* ---- timeouts, retries, progress ------------------------------------ */

/* The timeouts of migs[i] on c; NULL: none (SQLite, or not asked). */
static const rt_run_timeouts *timeouts_of(const rt_conn *c, size_t i,
					  const rt_run_opts *o)
{
	if (c->dialect != RT_DIALECT_PG || !o)
		return NULL;
	if (o->mig_timeouts && o->mig_timeouts[i])
		return o->mig_timeouts[i];
	return o->timeouts;
}

static bool lock_timed_out(const rt_conn *c)
{
	return strcmp(c->sqlstate, "55P03") == 0;
}

/* BEGIN of a migration's transaction, with its SET LOCALs. */
static int begin_tx(rt_conn *c, const rt_run_timeouts *to, rt_error *err)
{
	if (!to)
		return rt_conn_begin(c, err);
	char sql[192];
	snprintf(sql, sizeof(sql),
		 "%s; SET LOCAL lock_timeout = '%lldms'; SET LOCAL "
		 "statement_timeout = '%lldms'",
		 c->ops->begin_sql, to->lock_ms, to->statement_ms);
	return rt_conn_exec(c, sql, err);
}

#define RESET_SQL "RESET lock_timeout; RESET statement_timeout"

/* Every INVALID index by name, one a line (NULL when none). */
#define INVALID_SQL                                                            \
	"SELECT string_agg(indexrelid::regclass::text, E'\\n' ORDER BY "       \
	"indexrelid) FROM pg_catalog.pg_index WHERE NOT indisvalid"

static bool word_at(const char *s, const char *w)
{
	size_t n = strlen(w);
	return strncasecmp(s, w, n) == 0 &&
	       !(isalnum((unsigned char)s[n]) || s[n] == '_');
}

/* CREATE [UNIQUE] INDEX ... CONCURRENTLY or REINDEX ... CONCURRENTLY: a
 * build that a lock timeout can leave INVALID. */
static bool concurrent_index(const char *sql)
{
	while (isspace((unsigned char)*sql))
		sql++;
	if (!word_at(sql, "create") && !word_at(sql, "reindex"))
		return false;
	for (const char *p = sql; *p; p++)
		if ((p == sql || !isalnum((unsigned char)p[-1])) &&
		    word_at(p, "concurrently"))
			return true;
	return false;
}

/* The cell of a one-value query, "" for none. */
static const char *one_cell(const rt_rows *r)
{
	return r->nrows && r->ncols && r->cells[0] ? r->cells[0] : "";
}

/* Drops, concurrently, the INVALID indexes that are not in before (as
 * INVALID_SQL gives them): those a timed-out build left. */
static int drop_new_invalid(rt_conn *c, rt_arena *a, const char *before,
			    rt_error *err)
{
	rt_rows rows;
	if (rt_conn_query(&rows, c, a, INVALID_SQL, err) < 0)
		return -1;
	const char *had = rt_arena_printf(a, "\n%s\n", before);
	const char *now = one_cell(&rows);
	while (*now) {
		size_t n = strcspn(now, "\n");
		const char *name = rt_arena_strndup(a, now, n);
		now += n + (now[n] == '\n');
		if (strstr(had, rt_arena_printf(a, "\n%s\n", name)))
			continue;
		if (rt_conn_exec(c,
				 rt_arena_printf(a,
						 "DROP INDEX CONCURRENTLY IF "
						 "EXISTS %s",
						 name),
				 err) < 0) {
			char msg[512];
			snprintf(msg, sizeof(msg), "%s", err->msg);
			return rt_errorf(err, RT_EDB,
					 "cannot drop the invalid index '%s' "
					 "a timed-out build left: %s",
					 name, msg);
		}
	}
	return 0;
}

/* The wait before try try_no + 1: the delay doubled per try, capped at a
 * minute, +-20%. */
static long long retry_delay(const rt_run_timeouts *to, int try_no)
{
	static unsigned seed;
	long long d = to->retry_delay_ms > 0 ? to->retry_delay_ms : 0;
	for (int i = 1; i < try_no && d < 60000; i++)
		d *= 2;
	if (d > 60000)
		d = 60000;
	if (!seed)
		seed = (unsigned)now_ms() | 1u;
	seed = seed * 1103515245u + 12345u;
	return d * (80 + (long long)((seed >> 16) % 41)) / 100;
}

static void sleep_ms(long long ms)
{
	struct timespec ts = {(time_t)(ms / 1000),
			      (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void notify_retry(const rt_run_opts *o, const rt_run_mig *m,
			 const rt_run_stmt *st, bool down, bool whole_tx,
			 int try_no, int tries, long long delay_ms,
			 const char *message)
{
	if (!o || !o->on_retry)
		return;
	rt_run_retry r = {m,	  st,	 down,	   whole_tx,
			  try_no, tries, delay_ms, message};
	o->on_retry(o->progress_ctx, &r);
}

/* The hint of a statement that still hit lock_timeout at its last try. */
static void lock_hint(rt_error *err, const rt_run_timeouts *to, int tries)
{
	rt_error_hint(err,
		      "it waited lock_timeout (%lld ms) for a lock %d "
		      "time%s: another session holds a lock it needs (see "
		      "pg_locks, pg_stat_activity); run it again later, or "
		      "raise --lock-timeout or --lock-retries",
		      to->lock_ms, tries, tries == 1 ? "" : "s");
}

struct watch {
	rt_conn *c;
	const rt_run_opts *o;
	rt_run_progress p;
	bool shown;
};

static void watch_tick(void *ctx, long long elapsed_ms)
{
	struct watch *w = ctx;
	rt_run_progress *p = &w->p;
	p->elapsed_ms = elapsed_ms;
	p->waiting = false;
	p->command[0] = p->phase[0] = '\0';
	p->blocks_done = p->blocks_total = p->tuples_done = p->tuples_total =
	    p->lockers_done = p->lockers_total = -1;
	w->c->ops->activity(w->c, p); /* on failure: "running" and the time */
	w->o->on_progress(w->o->progress_ctx, p);
	w->shown = true;
}

/* Runs a statement of m, watched when the caller asked for progress. */
static int exec_stmt(rt_conn *c, const rt_run_mig *m, const rt_run_stmt *st,
		     bool down, const rt_run_opts *o, rt_error *err)
{
	if (!o || !o->on_progress || !c->ops->exec_watch)
		return rt_conn_exec(c, st->sql, err);
	struct watch w = {.c = c, .o = o};
	w.p.mig = m;
	w.p.stmt = st;
	w.p.down = down;
	c->calls++;
	int rc = c->ops->exec_watch(c, st->sql, 250, watch_tick, &w, err);
	if (w.shown) {
		w.p.done = true;
		o->on_progress(o->progress_ctx, &w.p);
	}
	return rc;
}

/*
 * Runs one migration in direction dir with its tracking row, as described
 * in runner.h. *skipped is set when the re-check inside the transaction
 * finds it already in the wanted state.
 */
static int run_one(bool *skipped, rt_conn *c, rt_arena *a, const rt_run_mig *m,
		   rt_run_dir dir, const rt_run_opts *o,
		   const rt_run_timeouts *to, rt_error *err)
{
	const rt_run_stmt *st = dir == RT_RUN_UP ? m->up : m->down;
	size_t ns = dir == RT_RUN_UP ? m->nup : m->ndown;
	int tries = to && to->tries > 1 ? to->tries : 1;
	bool down = dir == RT_RUN_DOWN;
	bool in_tx = false, partial = false;
	bool session_set = false; /* session-level timeouts to reset */
	size_t seg = 0;		  /* first statement of the open transaction */
	int try_no = 1;		  /* of the open transaction */
	long long t0 = now_ms();
	rt_buf track = RT_BUF_INIT;
	int rc = -1;

	*skipped = false;
	if (c->ops->recheck) {
		char sql[128];
		rt_rows rows;
		if (rt_conn_begin(c, err) < 0)
			goto done;
		in_tx = true;
		snprintf(sql, sizeof(sql),
			 "SELECT 1 FROM " RT_RUNNER_TABLE
			 " WHERE version = %lld",
			 m->version);
		if (rt_conn_query(&rows, c, a, sql, err) < 0)
			goto done;
		if ((rows.nrows > 0) == (dir == RT_RUN_UP)) {
			*skipped = true;
			rc = 0;
			goto done; /* in_tx: rolled back below */
		}
	}
	for (size_t i = 0; i < ns;) {
		if (st[i].no_transaction) {
			/* COMMIT before it, its SETs, and for a concurrent
			 * index build the INVALID indexes so far: one call */
			bool cic = tries > 1 && concurrent_index(st[i].sql);
			const char *before = "";
			rt_buf pre = RT_BUF_INIT;
			if (in_tx)
				rt_buf_adds(&pre, "COMMIT");
			if (to)
				rt_buf_addf(&pre,
					    "%sSET lock_timeout = '%lldms'; "
					    "SET statement_timeout = '%lldms'",
					    pre.len ? "; " : "", to->lock_ms,
					    to->notx_statement_ms);
			if (cic)
				rt_buf_addf(&pre, "; %s", INVALID_SQL);
			int prc = 0;
			if (cic) {
				rt_rows rows;
				prc = rt_conn_query(&rows, c, a, pre.data, err);
				if (prc == 0)
					before = one_cell(&rows);
			} else if (pre.len) {
				prc = rt_conn_exec(c, pre.data, err);
			}
			rt_buf_release(&pre);
			if (prc < 0)
				goto done;
			in_tx = false;
			session_set = session_set || to;
			for (int t = 1;; t++) {
				/* a try after a timed-out build first drops
				 * what it left; that drop waits for the same
				 * lockers, so its lock timeout is the try's */
				int src = 0;
				if (t > 1 && cic)
					src =
					    drop_new_invalid(c, a, before, err);
				if (src == 0)
					src = exec_stmt(c, m, &st[i], down, o,
							err);
				if (src == 0)
					break;
				bool timed_out = to && lock_timed_out(c);
				if (!timed_out || t >= tries) {
					stmt_failed(c, m, down, "statement",
						    st[i].sql, st[i].line,
						    partial, err);
					if (timed_out)
						lock_hint(err, to, tries);
					if (timed_out && cic) {
						/* best effort: leave none
						 * of it behind */
						rt_error ign = RT_ERROR_INIT;
						drop_new_invalid(c, a, before,
								 &ign);
					}
					goto done;
				}
				long long d = retry_delay(to, t);
				notify_retry(o, m, &st[i], down, false, t,
					     tries, d, err->msg);
				sleep_ms(d);
			}
			partial = true;
			try_no = 1;
			i++;
			continue;
		}
		if (!in_tx) {
			if (begin_tx(c, to, err) < 0)
				goto done;
			in_tx = true;
			seg = i;
		}
		if (exec_stmt(c, m, &st[i], down, o, err) < 0) {
			bool timed_out = to && lock_timed_out(c);
			if (timed_out && try_no < tries) {
				/* the whole transaction again, from its first
				 * statement */
				long long d = retry_delay(to, try_no);
				notify_retry(o, m, &st[i], down, true, try_no,
					     tries, d, err->msg);
				rollback_quietly(c);
				in_tx = false;
				sleep_ms(d);
				try_no++;
				i = seg;
				continue;
			}
			stmt_failed(c, m, down, "statement", st[i].sql,
				    st[i].line, partial, err);
			if (timed_out)
				lock_hint(err, to, tries);
			goto done;
		}
		i++;
	}
	if (!in_tx) {
		if (begin_tx(c, to, err) < 0)
			goto done;
		in_tx = true;
	}
	if (dir == RT_RUN_UP && run_checks(c, a, m, partial, err) < 0)
		goto done;
	add_track(&track, c->dialect, dir, m, now_ms() - t0, o, false);
	rt_buf_adds(&track, "; COMMIT");
	if (session_set)
		rt_buf_adds(&track, "; " RESET_SQL);
	if (rt_conn_exec(c, track.data, err) < 0) {
		char msg[512];
		snprintf(msg, sizeof(msg), "%s", err->msg);
		rt_errorf(err, RT_EDB,
			  "migration %lld '%s' rolled back: cannot record it "
			  "in '%s': %s",
			  m->version, m->name ? m->name : "", RT_RUNNER_TABLE,
			  msg);
		rt_error_at(err, m->path ? m->path : "", 0, 0);
		goto done;
	}
	in_tx = false;
	session_set = false;
	rc = 0;
done:
	if (in_tx)
		rollback_quietly(c);
	if (session_set) {
		rt_error ignored = RT_ERROR_INIT;
		rt_conn_exec(c, RESET_SQL, &ignored);
	}
	rt_buf_release(&track);
	return rc;
}

typedef int (*locked_fn)(rt_run_result *res, rt_conn *c, rt_arena *a,
			 const rt_run_mig *migs, size_t n, rt_run_dir dir,
			 const rt_run_opts *o, rt_error *err);

/* Runs fn under the runner lock, counting calls into res. */
static int with_lock(rt_run_result *res, rt_conn *c, const rt_run_mig *migs,
		     size_t n, rt_run_dir dir, const rt_run_opts *o,
		     locked_fn fn, rt_error *err)
{
	rt_run_result scratch;
	rt_arena *a = rt_arena_new();
	size_t calls0 = c->calls;
	int rc = -1;

	if (!res)
		res = &scratch;
	memset(res, 0, sizeof(*res));
	if (c->ops->lock(c, o ? o->lock_timeout_ms : 0, err) < 0)
		goto done;
	rc = fn(res, c, a, migs, n, dir, o, err);
	rt_error unlock_err = RT_ERROR_INIT;
	if (c->ops->unlock(c, &unlock_err) < 0 && rc == 0) {
		*err = unlock_err;
		rc = -1;
	}
done:
	res->calls = c->calls - calls0;
	rt_arena_free(a);
	return rc;
}

static int run_locked(rt_run_result *res, rt_conn *c, rt_arena *a,
		      const rt_run_mig *migs, size_t n, rt_run_dir dir,
		      const rt_run_opts *o, rt_error *err)
{
	long long *applied = NULL;
	size_t napplied = 0;

	if (ensure_and_read(&applied, &napplied, c, a, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		bool present = has_version(applied, napplied, migs[i].version);
		bool skipped;
		if (present == (dir == RT_RUN_UP)) {
			skipped = true;
		} else if (run_one(&skipped, c, a, &migs[i], dir, o,
				   timeouts_of(c, i, o), err) < 0) {
			return -1;
		}
		if (skipped)
			res->skipped++;
		else
			res->done++;
		if (o && o->progress)
			o->progress(o->progress_ctx, &migs[i], !skipped);
	}
	return 0;
}

int rt_runner_apply(rt_run_result *res, rt_conn *c, const rt_run_mig *migs,
		    size_t n, const rt_run_opts *opts, rt_error *err)
{
	RT_ASSERT(c && (migs || !n));
	return with_lock(res, c, migs, n, RT_RUN_UP, opts, run_locked, err);
}

int rt_runner_rollback(rt_run_result *res, rt_conn *c, const rt_run_mig *migs,
		       size_t n, const rt_run_opts *opts, rt_error *err)
{
	RT_ASSERT(c && (migs || !n));
	return with_lock(res, c, migs, n, RT_RUN_DOWN, opts, run_locked, err);
}

static int stamp_locked(rt_run_result *res, rt_conn *c, rt_arena *a,
			const rt_run_mig *migs, size_t n, rt_run_dir dir,
			const rt_run_opts *o, rt_error *err)
{
	long long *applied = NULL;
	size_t napplied = 0;
	rt_buf sql = RT_BUF_INIT;
	int rc = -1;

	if (rt_conn_begin(c, err) < 0)
		return -1;
	if (ensure_and_read(&applied, &napplied, c, a, err) < 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		bool present = has_version(applied, napplied, migs[i].version);
		if (present == (dir == RT_RUN_UP)) {
			res->skipped++;
			continue;
		}
		add_track(&sql, c->dialect, dir, &migs[i], -1, o, true);
		rt_buf_adds(&sql, ";\n");
		res->done++;
	}
	rt_buf_adds(&sql, "COMMIT");
	if (rt_conn_exec(c, sql.data, err) < 0) {
		char msg[512];
		snprintf(msg, sizeof(msg), "%s", err->msg);
		rt_errorf(err, RT_EDB, "cannot stamp '%s': %s", RT_RUNNER_TABLE,
			  msg);
		res->done = 0;
		goto done;
	}
	rc = 0;
done:
	if (rc < 0)
		rollback_quietly(c);
	rt_buf_release(&sql);
	return rc;
}

int rt_runner_stamp(rt_run_result *res, rt_conn *c, const rt_run_mig *migs,
		    size_t n, rt_run_dir dir, const rt_run_opts *opts,
		    rt_error *err)
{
	RT_ASSERT(c && (migs || !n));
	return with_lock(res, c, migs, n, dir, opts, stamp_locked, err);
}

/* ---- status ---------------------------------------------------------- */

int rt_runner_status(rt_applied **out, size_t *n_out, rt_conn *c, rt_arena *a,
		     rt_error *err)
{
	rt_rows rows;
	const char *exists =
	    c->dialect == RT_DIALECT_PG
		? "SELECT count(*) FROM pg_catalog.pg_class WHERE oid = "
		  "to_regclass('" RT_RUNNER_TABLE "')"
		: "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
		  "AND name = '" RT_RUNNER_TABLE "'";
	const char *list =
	    c->dialect == RT_DIALECT_PG
		? "SELECT version, name, checksum, applied_at::text, "
		  "duration_ms, applied_by FROM " RT_RUNNER_TABLE
		  " ORDER BY version"
		: "SELECT version, name, checksum, applied_at, duration_ms, "
		  "applied_by FROM " RT_RUNNER_TABLE " ORDER BY version";

	*out = NULL;
	*n_out = 0;
	if (rt_conn_query(&rows, c, a, exists, err) < 0)
		goto fail;
	if (rows.nrows != 1 || !rows.cells[0] ||
	    strcmp(rows.cells[0], "0") == 0)
		return 0;
	if (rt_conn_query(&rows, c, a, list, err) < 0)
		goto fail;
	*out = rt_arena_alloc(a, (rows.nrows + 1) * sizeof(rt_applied));
	for (size_t i = 0; i < rows.nrows; i++) {
		char **r = rows.cells + i * rows.ncols;
		rt_applied *p = &(*out)[i];
		p->version = strtoll(r[0], NULL, 10);
		p->name = r[1] ? r[1] : "";
		p->checksum = r[2] ? r[2] : "";
		p->applied_at = r[3] ? r[3] : "";
		p->duration_ms = r[4] ? strtoll(r[4], NULL, 10) : -1;
		p->applied_by = r[5] ? r[5] : "";
	}
	*n_out = rows.nrows;
	return 0;
fail:;
	char msg[512];
	snprintf(msg, sizeof(msg), "%s", err->msg);
	return rt_errorf(err, RT_EDB,
			 "cannot read the tracking table '%s' on "
			 "'%s': %s",
			 RT_RUNNER_TABLE, c->where, msg);
}

static int cmp_mig(const void *x, const void *y)
{
	const rt_run_mig *a = *(const rt_run_mig *const *)x;
	const rt_run_mig *b = *(const rt_run_mig *const *)y;
	return (a->version > b->version) - (a->version < b->version);
}

void rt_runner_compare(rt_mig_status **out, size_t *n_out, rt_arena *a,
		       const rt_run_mig *files, size_t nfiles,
		       const rt_applied *applied, size_t napplied)
{
	const rt_run_mig **f =
	    rt_xcalloc(nfiles + 1, sizeof(const rt_run_mig *));
	rt_mig_status *s =
	    rt_arena_alloc(a, (nfiles + napplied + 1) * sizeof(*s));
	size_t i = 0, j = 0, n = 0;

	for (size_t k = 0; k < nfiles; k++)
		f[k] = &files[k];
	qsort(f, nfiles, sizeof(*f), cmp_mig);
	while (i < nfiles || j < napplied) {
		rt_mig_status *p = &s[n++];
		if (j == napplied ||
		    (i < nfiles && f[i]->version < applied[j].version)) {
			p->version = f[i]->version;
			p->state = RT_MIG_PENDING;
			p->file = f[i++];
		} else if (i == nfiles || applied[j].version < f[i]->version) {
			p->version = applied[j].version;
			p->state = RT_MIG_MISSING;
			p->applied = &applied[j++];
		} else {
			p->version = f[i]->version;
			p->file = f[i++];
			p->applied = &applied[j++];
			p->state =
			    rt_streq(p->file->checksum ? p->file->checksum : "",
				     p->applied->checksum)
				? RT_MIG_APPLIED
				: RT_MIG_EDITED;
		}
	}
	free(f);
	*out = s;
	*n_out = n;
}

/* ---- offline script -------------------------------------------------- */

/* Appends sql as one statement ending in ';' and a newline. */
static void add_stmt(rt_buf *b, const char *sql)
{
	size_t n = strlen(sql);
	while (n && strchr(" \t\r\n", sql[n - 1]))
		n--;
	rt_buf_add(b, sql, n);
	if (n && sql[n - 1] == ';') {
		rt_buf_addch(b, '\n');
		return;
	}
	/* a last line that is a comment would swallow the ';' */
	size_t bol = n;
	while (bol && sql[bol - 1] != '\n')
		bol--;
	if (memmem(sql + bol, n - bol, "--", 2))
		rt_buf_addch(b, '\n');
	rt_buf_adds(b, ";\n");
}

/* Appends text as SQL comment lines, each prefixed with "-- ". */
static void add_comment(rt_buf *b, const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "\n");
		rt_buf_adds(b, "--   ");
		rt_buf_add(b, text, n);
		rt_buf_addch(b, '\n');
		text += n + (text[n] == '\n');
	}
}

/* BEGIN in a script, with the migration's SET LOCALs when it has any. */
static void script_begin(rt_buf *out, const rt_run_timeouts *to)
{
	rt_buf_adds(out, "BEGIN;\n");
	if (to)
		rt_buf_addf(out,
			    "SET LOCAL lock_timeout = '%lldms';\n"
			    "SET LOCAL statement_timeout = '%lldms';\n",
			    to->lock_ms, to->statement_ms);
}

void rt_runner_script(rt_buf *out, rt_dialect d, rt_run_dir dir,
		      const rt_run_mig *migs, size_t n, const rt_run_opts *opts)
{
	rt_buf_addf(out, "-- retort: %s %zu migration%s; tracking table '%s'\n",
		    dir == RT_RUN_UP ? "apply" : "roll back", n,
		    n == 1 ? "" : "s", RT_RUNNER_TABLE);
	rt_buf_adds(out, create_sql(d));
	rt_buf_adds(out, ";\n");
	for (size_t i = 0; i < n; i++) {
		const rt_run_mig *m = &migs[i];
		const rt_run_stmt *st = dir == RT_RUN_UP ? m->up : m->down;
		size_t ns = dir == RT_RUN_UP ? m->nup : m->ndown;
		bool in_tx = false, session_set = false;
		const rt_run_timeouts *to =
		    d == RT_DIALECT_PG && opts
			? (opts->mig_timeouts && opts->mig_timeouts[i]
			       ? opts->mig_timeouts[i]
			       : opts->timeouts)
			: NULL;

		rt_buf_addf(out, "\n-- retort: %s %lld '%s' (%s)\n",
			    dir == RT_RUN_UP ? "migration" : "roll back",
			    m->version, m->name ? m->name : "",
			    m->path ? m->path : "");
		for (size_t k = 0; k < ns; k++) {
			if (st[k].no_transaction) {
				if (in_tx)
					rt_buf_adds(out, "COMMIT;\n");
				in_tx = false;
				if (to && !session_set)
					rt_buf_addf(out,
						    "SET lock_timeout = "
						    "'%lldms';\nSET "
						    "statement_timeout = "
						    "'%lldms';\n",
						    to->lock_ms,
						    to->notx_statement_ms);
				session_set = session_set || to;
				const char *p =
				    dir == RT_RUN_DOWN && m->down_path
					? m->down_path
					: m->path;
				rt_buf_addf(out,
					    "-- retort: outside a transaction "
					    "(%s:%d)\n",
					    p ? p : "", st[k].line);
			} else if (!in_tx) {
				script_begin(out, to);
				in_tx = true;
			}
			add_stmt(out, st[k].sql);
		}
		if (!in_tx)
			script_begin(out, to);
		for (size_t k = 0; dir == RT_RUN_UP && k < m->nchecks; k++) {
			rt_buf_addf(out,
				    "-- retort: validation (%s:%d), not "
				    "checked by a script, expects '%s':\n",
				    m->path ? m->path : "", m->checks[k].line,
				    m->checks[k].expect ? m->checks[k].expect
							: "");
			add_comment(out, m->checks[k].sql);
		}
		add_track(out, d, dir, m, -1, opts, false);
		rt_buf_adds(out, ";\nCOMMIT;\n");
		if (session_set)
			rt_buf_adds(out, RESET_SQL ";\n");
	}
}
