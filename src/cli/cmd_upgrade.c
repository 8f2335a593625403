/* SPDX-License-Identifier: MIT */
/*
 * `retort upgrade [TARGET]`, `retort downgrade [TARGET]` and `retort stamp
 * VERSION`: the migrations folder against the database's tracking table,
 * carried out by the runner (src/runner). With --sql, upgrade and
 * downgrade print the script instead and never connect.
 */
#include "base/common.h"
#include "cli/cmd.h"
#include "cli/project.h"
#include "plan/describe.h"
#include "runner/park.h"

#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

enum {
	OPT_SQL = 256,
	OPT_ALLOW_DATA_LOSS,
	OPT_LOCK_TIMEOUT,
	OPT_STATEMENT_TIMEOUT,
	OPT_LOCK_RETRIES,
};

/*
 * The defaults of the timeouts (postgres-ddl-safety.md, section 2, of
 * the shared reference): lock_timeout 2 s, between squawk's 1 s and
 * pg-schema-diff's 3 s, short enough that the queue behind a waiting ACCESS
 * EXCLUSIVE drains before connection pools fill; statement_timeout 1 h in a
 * transaction (strong_migrations' bound on a statement holding its locks)
 * and none outside one, where CREATE INDEX CONCURRENTLY and friends run
 * long without blocking traffic; 3 tries, waiting 0.5 s then 1 s.
 */
#define DEFAULT_LOCK_TIMEOUT_MS	     2000
#define DEFAULT_STATEMENT_TIMEOUT_MS (3600 * 1000)
#define DEFAULT_LOCK_RETRIES	     2
#define RETRY_DELAY_MS		     500

struct move_args {
	const rt_opt_spec *spec;
	rt_project_flags flags;
	bool sql;
	bool allow_data_loss;
	long long lock_timeout_ms, statement_timeout_ms; /* -1: not given */
	long long lock_retries;				 /* -1: not given */
};

static int on_opt(void *ctx, int id, const char *arg)
{
	struct move_args *m = ctx;
	if (rt_project_flag(&m->flags, id, arg))
		return 0;
	if (id == OPT_SQL) {
		m->sql = true;
	} else if (id == OPT_ALLOW_DATA_LOSS) {
		m->allow_data_loss = true;
	} else if (id == OPT_LOCK_TIMEOUT || id == OPT_STATEMENT_TIMEOUT) {
		long long *out = id == OPT_LOCK_TIMEOUT
				     ? &m->lock_timeout_ms
				     : &m->statement_timeout_ms;
		if (!rt_runner_parse_duration(out, arg))
			return rt_cli_usage_error(
			    m->spec,
			    "--%s-timeout '%s': expected a duration such as "
			    "2s, 500ms, 1min or 0 (none), at most a day",
			    id == OPT_LOCK_TIMEOUT ? "lock" : "statement", arg);
	} else if (id == OPT_LOCK_RETRIES) {
		char *end;
		long v = strtol(arg, &end, 10);
		if (!*arg || *end || v < 0 || v > 100)
			return rt_cli_usage_error(
			    m->spec,
			    "--lock-retries '%s': expected a number from 0 "
			    "to 100",
			    arg);
		m->lock_retries = v;
	}
	return 0;
}

#define TIMEOUT_OPT_ROWS                                                       \
	{"lock-timeout", 0, "DUR",                                             \
	 "PostgreSQL: wait at most DUR for each lock (default 2s; 0: "         \
	 "forever)",                                                           \
	 OPT_LOCK_TIMEOUT},                                                    \
	    {"statement-timeout", 0, "DUR",                                    \
	     "PostgreSQL: cancel a statement after DUR (default 1h in a "      \
	     "transaction, none outside; 0: none)",                            \
	     OPT_STATEMENT_TIMEOUT},                                           \
	{                                                                      \
		"lock-retries", 0, "N",                                        \
		    "PostgreSQL: after a lock timeout, run the transaction "   \
		    "again up to N times (default 2)",                         \
		    OPT_LOCK_RETRIES                                           \
	}

static const rt_opt upgrade_opts[] = {
    {"sql", 0, NULL,
     "print the SQL instead of running it (no database; TARGET may be "
     "FROM:TO)",
     OPT_SQL},
    {"allow-data-loss", 0, NULL,
     "apply migrations whose header says they lose data", OPT_ALLOW_DATA_LOSS},
    TIMEOUT_OPT_ROWS,
    RT_PROJECT_OPT_ROWS,
    {NULL, 0, NULL, NULL, 0},
};

static const rt_opt downgrade_opts[] = {
    {"sql", 0, NULL,
     "print the SQL instead of running it (no database; TARGET may be "
     "FROM:TO, FROM head by default)",
     OPT_SQL},
    TIMEOUT_OPT_ROWS,
    RT_PROJECT_OPT_ROWS,
    {NULL, 0, NULL, NULL, 0},
};

static const rt_opt stamp_opts[] = {
    RT_PROJECT_OPT_ROWS,
    {NULL, 0, NULL, NULL, 0},
};

static const rt_opt_spec upgrade_spec = {
    "upgrade [TARGET] [options]",
    "Apply the pending migrations up to TARGET (default head).",
    "TARGET is head, a version (3, 0003 or 0003_add_tags) or +N (N more).\n"
    "Each migration runs in its own transaction, then its validation "
    "queries;\na failure rolls that migration back and stops. One runner "
    "at a time.",
    upgrade_opts,
};

static const rt_opt_spec downgrade_spec = {
    "downgrade [TARGET] [options]",
    "Roll back the applied migrations after TARGET (default -1).",
    "TARGET is base (everything), a version, or -N (N steps back).\nEach "
    "migration's -- +down section runs in its own transaction, newest "
    "first.",
    downgrade_opts,
};

static const rt_opt_spec stamp_spec = {
    "stamp VERSION [options]",
    "Record VERSION as the database's version without running anything.",
    "Migrations up to VERSION are recorded as applied and later ones as "
    "not;\nVERSION may be base or head. For adopting a database whose "
    "schema is\nalready there.",
    stamp_opts,
};

/* The runner's input for migs[idx[0..n)] (migs: rt_project_mig *). */
static rt_run_mig *run_list(rt_arena *a, const rt_vec *migs, size_t *idx,
			    size_t n)
{
	rt_run_mig *v = rt_arena_alloc(a, (n + 1) * sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = ((rt_project_mig *)RT_VEC_AT(*migs, idx[i]))->run;
	return v;
}

static const rt_project_mig *find_version(const rt_vec *migs, uint64_t v)
{
	for (size_t i = 0; i < migs->len; i++) {
		const rt_project_mig *m = RT_VEC_AT(*migs, i);
		if (m->mig->version == v)
			return m;
	}
	return NULL;
}

/*
 * An applied migration whose file changed since, or whose file is gone:
 * moving the database on from there would build on something no one can
 * see. RT_EINPUT naming the first one.
 */
static int check_applied(const rt_vec *migs, const rt_applied *applied,
			 size_t napplied, const char *dir, rt_error *err)
{
	for (size_t i = 0; i < napplied; i++) {
		const rt_applied *ap = &applied[i];
		const rt_project_mig *m =
		    find_version(migs, (uint64_t)ap->version);
		if (!m) {
			rt_errorf(err, RT_EINPUT,
				  "migration %04lld (%s) is applied but has "
				  "no file in %s",
				  ap->version, ap->name, dir);
			rt_error_hint(err,
				      "restore the file (from version "
				      "control); 'retort status' lists the "
				      "state of every migration");
			return -1;
		}
		if (strcmp(m->checksum, ap->checksum) != 0) {
			rt_errorf(err, RT_EINPUT,
				  "migration %s was edited after it was "
				  "applied",
				  m->mig->name);
			rt_error_at(err, m->path, 0, 0);
			rt_error_hint(err,
				      "restore it as applied (e.g. git "
				      "checkout -- %s) and put the change in "
				      "a new migration ('retort revision')",
				      m->path);
			return -1;
		}
	}
	return 0;
}

static bool is_applied(const rt_applied *applied, size_t n, uint64_t v)
{
	for (size_t i = 0; i < n; i++)
		if ((uint64_t)applied[i].version == v)
			return true;
	return false;
}

/*
 * "+N" for upgrade: the N-th pending migration, counting those numbered
 * below the current one too (merged from another branch after it), which
 * upgrade applies. target is '+' and digits.
 */
static int pending_target(uint64_t *out, const char *target, const rt_vec *migs,
			  const rt_applied *applied, size_t napplied,
			  rt_error *err)
{
	unsigned long steps = strtoul(target + 1, NULL, 10);
	size_t pending = 0;
	for (size_t i = 0; i < migs->len; i++) {
		uint64_t v =
		    ((rt_project_mig *)RT_VEC_AT(*migs, i))->mig->version;
		if (is_applied(applied, napplied, v))
			continue;
		if (++pending == steps && steps > 0) {
			*out = v;
			return 0;
		}
	}
	return rt_errorf(err, RT_EUSAGE, "target '%s': %zu migration%s pending",
			 target, pending, pending == 1 ? "" : "s");
}

static const char *mig_label(const rt_vec *migs, uint64_t v)
{
	if (v == 0)
		return "base";
	const rt_project_mig *m = find_version(migs, v);
	return m ? m->mig->name : "?";
}

/* Records in retort.sum the files just applied whose hash it lacks or
 * holds otherwise (a hand edit before the first apply is meant). */
static void record_sums(const rt_project *p, rt_arena *a, const rt_vec *migs,
			const size_t *idx, size_t n)
{
	rt_vec problems = {0};
	rt_error err = RT_ERROR_INIT;
	if (rt_migdir_verify(&problems, a, p->migrations, &err) < 0)
		return;
	for (size_t i = 0; i < problems.len; i++) {
		const rt_migdir_problem *pr = RT_VEC_AT(problems, i);
		if (pr->kind == RT_MIGDIR_MISSING)
			continue;
		for (size_t j = 0; j < n; j++) {
			const rt_project_mig *m = RT_VEC_AT(*migs, idx[j]);
			if (strcmp(m->mig->name, pr->name) != 0)
				continue;
			if (rt_migdir_sum_record(p->migrations, pr->name, a,
						 &err) == 0 &&
			    pr->kind == RT_MIGDIR_EDITED)
				fprintf(stderr,
					"retort: note: %s was edited since "
					"retort.sum recorded it; recorded as "
					"applied\n",
					pr->name);
		}
	}
}

/*
 * The data-loss lines of a migration's header (as `retort revision`
 * writes them, rt_describe_data_loss): what each loses appended to b,
 * "; " between them; the number found.
 */
static size_t data_loss_lines(rt_buf *b, const rt_migration *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->header.len; i++) {
		const char *lost =
		    rt_describe_data_loss(RT_VEC_AT(m->header, i));
		if (!lost)
			continue;
		if (n++)
			rt_buf_adds(b, "; ");
		rt_buf_adds(b, lost);
	}
	return n;
}

/* true when one of the migrations migs[idx[0..n)] loses data: the first
 * is named on stderr with what it loses. */
static int refuse_data_loss(const rt_vec *migs, const size_t *idx, size_t n)
{
	rt_buf lost = RT_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const rt_project_mig *m = RT_VEC_AT(*migs, idx[i]);
		if (data_loss_lines(&lost, m->mig) == 0)
			continue;
		fprintf(stderr,
			"retort: %s: would lose data: %s\n"
			"hint: --allow-data-loss applies it; nothing was "
			"applied\n",
			m->path, lost.data);
		rt_buf_release(&lost);
		return 1;
	}
	rt_buf_release(&lost);
	return 0;
}

/*
 * 1 when one of the migrations migs[idx[0..n)] to roll back parked a
 * table or column that `retort purge` deleted since (its down would fail
 * on the missing archive): the first is named on stderr with what is
 * gone. 0 when every down can restore what it needs, -1 on a database
 * error. Checked before anything runs, so a downgrade of several
 * migrations does not stop midway.
 */
static int refuse_purged(rt_conn *c, rt_arena *a, const rt_vec *migs,
			 const size_t *idx, size_t n, rt_error *err)
{
	rt_parked *k = NULL;
	size_t nk = 0;

	if (rt_park_list(&k, &nk, c, a, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const rt_project_mig *m = RT_VEC_AT(*migs, idx[i]);
		for (size_t j = 0; j < nk; j++) {
			bool again = false; /* parked again since */
			if (k[j].version != m->mig->version || !k[j].purged_at)
				continue;
			for (size_t x = 0; x < nk && !again; x++)
				again = !k[x].purged_at &&
					!strcmp(k[x].archive_schema,
						k[j].archive_schema) &&
					!strcmp(k[x].archive_name,
						k[j].archive_name);
			if (again)
				continue;
			fprintf(stderr,
				"retort: %s: cannot roll back: the %s %s it "
				"parked as %s.%s was purged at %s\n"
				"hint: its down section restores from what "
				"'retort purge' deleted; nothing was rolled "
				"back\n",
				m->path, k[j].kind, k[j].source,
				k[j].archive_schema, k[j].archive_name,
				k[j].purged_at);
			return 1;
		}
	}
	return 0;
}

/* Splits "FROM:TO" for --sql; *from NULL when there is no ':'. */
static void split_range(const char **from, const char **to, rt_arena *a,
			const char *arg)
{
	const char *colon = strchr(arg, ':');
	if (!colon) {
		*from = NULL;
		*to = arg;
		return;
	}
	*from = rt_arena_strndup(a, arg, (size_t)(colon - arg));
	*to = colon + 1;
}

/* The runner's progress: one line per migration as it is done. */
static void progress(const rt_run_mig *m, bool done, const char *verb)
{
	const char *name = strrchr(m->path, '/');
	name = name ? name + 1 : m->path;
	if (done)
		printf("%s %s\n", verb, name);
	else
		printf("%s: %s by another runner meanwhile\n", name, verb);
	fflush(stdout);
}

static void progress_up(void *ctx, const rt_run_mig *m, bool done)
{
	(void)ctx;
	progress(m, done, "applied");
}

static void progress_down(void *ctx, const rt_run_mig *m, bool done)
{
	(void)ctx;
	progress(m, done, "rolled back");
}

/* ---- timeouts and the terminal ---------------------------------------- */

/* The progress line on stderr, when it is a terminal (or asked for). */
struct term {
	int width;
	bool shown; /* a line is on the screen */
};

static void clear_line(struct term *t)
{
	if (!t->shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	t->shown = false;
}

static void show_progress(void *ctx, const rt_run_progress *pr)
{
	struct term *t = ctx;
	if (pr->done) {
		clear_line(t);
		return;
	}
	rt_buf line = RT_BUF_INIT;
	rt_runner_progress_line(&line, pr);
	fprintf(stderr, "\r%.*s\033[K", t->width - 1, line.data);
	fflush(stderr);
	t->shown = true;
	rt_buf_release(&line);
}

static void show_retry(void *ctx, const rt_run_retry *r)
{
	struct term *t = ctx;
	const char *path =
	    r->down && r->mig->down_path ? r->mig->down_path : r->mig->path;
	clear_line(t);
	fprintf(stderr,
		"retort: note: %s:%d: %s (try %d of %d); running %s again in "
		"%.1f s\n",
		path ? path : "", r->stmt->line, r->message, r->try_no,
		r->tries,
		r->whole_tx ? "its transaction" : "the statement alone",
		(double)r->delay_ms / 1000.0);
	fflush(stderr);
}

/*
 * Whether to show progress: RETORT_PROGRESS=always, never, or auto (the
 * default: when stderr is a terminal). -1 for another value, reported.
 */
static int want_progress(struct term *t)
{
	const char *v = getenv("RETORT_PROGRESS");
	struct winsize ws;
	bool tty = isatty(STDERR_FILENO);
	t->width = 80;
	if (tty && ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		t->width = ws.ws_col;
	if (!v || !*v || strcmp(v, "auto") == 0)
		return tty;
	if (strcmp(v, "always") == 0)
		return 1;
	if (strcmp(v, "never") == 0)
		return 0;
	fprintf(stderr,
		"retort: RETORT_PROGRESS is '%s': expected always, never or "
		"auto\n",
		v);
	return -1;
}

/*
 * A migration's own timeouts, from header lines "lock_timeout: DUR" and
 * "statement_timeout: DUR" (blanks around allowed): a copy of run's with
 * them, in the arena, or run's when it has none. NULL with err
 * (RT_EINPUT at the file) for a malformed duration.
 */
static const rt_run_timeouts *mig_timeouts(rt_arena *a, const rt_project_mig *m,
					   const rt_run_timeouts *run,
					   rt_error *err)
{
	rt_run_timeouts *own = NULL;
	for (size_t i = 0; i < m->mig->header.len; i++) {
		const char *h = RT_VEC_AT(m->mig->header, i);
		h += strspn(h, " \t");
		bool lock = strncmp(h, "lock_timeout:", 13) == 0;
		if (!lock && strncmp(h, "statement_timeout:", 18) != 0)
			continue;
		const char *v = strchr(h, ':') + 1;
		v += strspn(v, " \t");
		size_t n = strlen(v);
		while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
			n--;
		long long ms;
		if (!rt_runner_parse_duration(&ms, rt_arena_strndup(a, v, n))) {
			rt_errorf(err, RT_EINPUT,
				  "%s's header: '%.*s' is not a duration "
				  "such as 2s, 500ms, 1min or 0 (none)",
				  m->mig->name, (int)(strchr(h, ':') - h), h);
			rt_error_at(err, m->path, 0, 0);
			return NULL;
		}
		if (!own) {
			own = rt_arena_alloc(a, sizeof(*own));
			*own = *run;
		}
		if (lock)
			own->lock_ms = ms;
		else
			own->statement_ms = own->notx_statement_ms = ms;
	}
	return own ? own : run;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int refuse_data_loss(const rt_vec *migs, const size_t *idx, size_t n);

static int offline(rt_cli *cli, const rt_project *p, const rt_vec *migs,
		   rt_run_dir dir, const char *arg, const rt_run_opts *ro,
		   bool allow_data_loss)
{
	rt_error err = RT_ERROR_INIT;
	const char *from_s, *to_s;
	uint64_t from = 0, to = 0;
	uint64_t head =
	    migs->len ? ((rt_project_mig *)RT_VEC_AT(*migs, migs->len - 1))
			    ->mig->version
		      : 0;
	split_range(&from_s, &to_s, cli->arena, arg);
	if (from_s) {
		if (rt_project_target(&from, from_s, migs, 0, &err) < 0)
			return rt_cli_report(&err);
	} else {
		from = dir == RT_RUN_UP ? 0 : head;
	}
	if (rt_project_target(&to, to_s, migs, from, &err) < 0)
		return rt_cli_report(&err);
	if (dir == RT_RUN_UP ? to < from : to > from) {
		rt_errorf(
		    &err, RT_EUSAGE, "the range '%s' goes %s: %s is %s %s", arg,
		    dir == RT_RUN_UP ? "backwards" : "forwards",
		    mig_label(migs, to), dir == RT_RUN_UP ? "before" : "after",
		    mig_label(migs, from));
		return rt_cli_report(&err);
	}
	size_t *idx =
	    rt_arena_alloc(cli->arena, (migs->len + 1) * sizeof(*idx));
	size_t n = 0;
	if (dir == RT_RUN_UP) {
		for (size_t i = 0; i < migs->len; i++) {
			uint64_t v = ((rt_project_mig *)RT_VEC_AT(*migs, i))
					 ->mig->version;
			if (v > from && v <= to)
				idx[n++] = i;
		}
	} else {
		for (size_t i = migs->len; i-- > 0;) {
			const rt_project_mig *m = RT_VEC_AT(*migs, i);
			uint64_t v = m->mig->version;
			if (v > to && v <= from) {
				if (!m->mig->down.present) {
					rt_errorf(&err, RT_EINPUT,
						  "%s has no -- +down section",
						  m->mig->name);
					rt_error_at(&err, m->path, 0, 0);
					return rt_cli_report(&err);
				}
				idx[n++] = i;
			}
		}
	}
	if (dir == RT_RUN_UP && !allow_data_loss &&
	    refuse_data_loss(migs, idx, n))
		return RT_EXIT_FINDING;
	rt_run_opts so = *ro;
	const rt_run_timeouts **own =
	    rt_arena_alloc(cli->arena, (n + 1) * sizeof(*own));
	for (size_t i = 0; i < n; i++) {
		own[i] = mig_timeouts(cli->arena, RT_VEC_AT(*migs, idx[i]),
				      ro->timeouts, &err);
		if (!own[i])
			return rt_cli_report(&err);
	}
	so.mig_timeouts = own;
	rt_buf out = RT_BUF_INIT;
	rt_runner_script(&out, p->dialect, dir,
			 run_list(cli->arena, migs, idx, n), n, &so);
	fwrite(out.data, 1, out.len, stdout);
	rt_buf_release(&out);
	return RT_EXIT_OK;
}

static int move(int argc, char **argv, rt_cli *cli, rt_run_dir dir)
{
	const rt_opt_spec *spec =
	    dir == RT_RUN_UP ? &upgrade_spec : &downgrade_spec;
	struct move_args args = {.spec = spec,
				 .lock_timeout_ms = -1,
				 .statement_timeout_ms = -1,
				 .lock_retries = -1};
	rt_error err = RT_ERROR_INIT;
	rt_project p;
	rt_vec migs = {0};
	rt_conn *conn = NULL;
	rt_applied *applied = NULL;
	size_t napplied = 0;
	int first, done, status = RT_EXIT_OK;
	struct term term = {0};

	/* "-2" is a target, not an option: take it out before getopt */
	const char *steps = NULL;
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		if (strcmp(s, "--") == 0)
			break;
		if (s[0] == '-' && s[1] &&
		    strspn(s + 1, "0123456789") == strlen(s + 1)) {
			if (steps)
				return rt_cli_usage_error(
				    spec, "%s takes one TARGET", argv[0]);
			steps = s;
			memmove(&argv[i], &argv[i + 1],
				(size_t)(argc - i) * sizeof(*argv));
			argc--;
			i--;
		}
	}
	if (rt_cli_opts_parse(&first, &done, argc, argv, spec, on_opt, &args) <
	    0)
		return done;
	if (argc - first + (steps != NULL) > 1)
		return rt_cli_usage_error(spec, "%s takes one TARGET", argv[0]);
	const char *target = steps		 ? steps
			     : argc - first == 1 ? argv[first]
			     : dir == RT_RUN_UP	 ? "head"
						 : "-1";
	if (rt_project_load(&p, cli->arena, &args.flags, &err) < 0 ||
	    rt_project_migrations(&migs, cli->arena, &p, &err) < 0)
		return rt_cli_report(&err);
	int show = want_progress(&term);
	if (show < 0)
		return RT_EXIT_INPUT;
	/* flag, else [tool.retort], else the default */
	long long stmt_ms = args.statement_timeout_ms >= 0
				? args.statement_timeout_ms
				: p.statement_timeout_ms;
	long long retries = args.lock_retries >= 0 ? args.lock_retries
			    : p.lock_retries >= 0  ? p.lock_retries
						   : DEFAULT_LOCK_RETRIES;
	rt_run_timeouts timeouts = {
	    .lock_ms = args.lock_timeout_ms >= 0 ? args.lock_timeout_ms
		       : p.lock_timeout_ms >= 0	 ? p.lock_timeout_ms
						 : DEFAULT_LOCK_TIMEOUT_MS,
	    .statement_ms =
		stmt_ms >= 0 ? stmt_ms : DEFAULT_STATEMENT_TIMEOUT_MS,
	    .notx_statement_ms = stmt_ms >= 0 ? stmt_ms : 0,
	    .tries = (int)retries + 1,
	    .retry_delay_ms = RETRY_DELAY_MS,
	};
	rt_run_opts ro = {.applied_by = rt_project_user(),
			  .timeouts = &timeouts,
			  .on_retry = show_retry,
			  .on_progress = show ? show_progress : NULL,
			  .progress_ctx = &term};
	if (args.sql)
		return offline(cli, &p, &migs, dir, target, &ro,
			       args.allow_data_loss);
	if (strchr(target, ':'))
		return rt_cli_usage_error(spec, "a range FROM:TO needs --sql");

	if (rt_project_connect(&conn, &p, dir == RT_RUN_UP, cli->arena, &err) <
		0 ||
	    rt_runner_status(&applied, &napplied, conn, cli->arena, &err) < 0)
		goto fail;
	if (check_applied(&migs, applied, napplied, p.migrations, &err) < 0)
		goto fail;
	uint64_t current = rt_project_current(applied, napplied), to;
	bool plus = dir == RT_RUN_UP && target[0] == '+' && target[1] &&
		    strspn(target + 1, "0123456789") == strlen(target + 1);
	if ((plus ? pending_target(&to, target, &migs, applied, napplied, &err)
		  : rt_project_target(&to, target, &migs, current, &err)) < 0)
		goto fail;

	size_t *idx = rt_arena_alloc(cli->arena, (migs.len + 1) * sizeof(*idx));
	size_t n = 0;
	if (dir == RT_RUN_UP) {
		for (size_t i = 0; i < migs.len; i++) {
			const rt_project_mig *m = RT_VEC_AT(migs, i);
			if (m->mig->version <= to &&
			    !is_applied(applied, napplied, m->mig->version))
				idx[n++] = i;
		}
	} else {
		for (size_t i = migs.len; i-- > 0;) {
			const rt_project_mig *m = RT_VEC_AT(migs, i);
			if (m->mig->version > to &&
			    is_applied(applied, napplied, m->mig->version)) {
				if (!m->mig->down.present) {
					rt_errorf(&err, RT_EINPUT,
						  "%s has no -- +down section: "
						  "it cannot be rolled back",
						  m->mig->name);
					rt_error_at(&err, m->path, 0, 0);
					goto fail;
				}
				idx[n++] = i;
			}
		}
	}
	if (n == 0 && (dir == RT_RUN_UP ? to < current : to > current)) {
		/* the wrong way: upgrade to an earlier version, downgrade to
		 * a later one (a merged migration below the current one is
		 * still applied by an upgrade to it) */
		rt_errorf(&err, RT_EUSAGE,
			  "target '%s' (%s) is %s the current version (%s)",
			  target, mig_label(&migs, to),
			  dir == RT_RUN_UP ? "before" : "after",
			  mig_label(&migs, current));
		rt_error_hint(&err, "'retort %s %s' goes %s",
			      dir == RT_RUN_UP ? "downgrade" : "upgrade",
			      mig_label(&migs, to),
			      dir == RT_RUN_UP ? "back" : "forward");
		goto fail;
	}
	if (n == 0) {
		printf("nothing to %s: the database is at %s\n",
		       dir == RT_RUN_UP ? "apply" : "roll back",
		       mig_label(&migs, current));
		goto out;
	}
	if (dir == RT_RUN_UP && !args.allow_data_loss &&
	    refuse_data_loss(&migs, idx, n)) {
		status = RT_EXIT_FINDING;
		goto out;
	}
	if (dir == RT_RUN_DOWN) {
		int refused =
		    refuse_purged(conn, cli->arena, &migs, idx, n, &err);
		if (refused < 0)
			goto fail;
		if (refused) {
			status = RT_EXIT_FINDING;
			goto out;
		}
	}

	rt_run_result res = {0};
	ro.progress = dir == RT_RUN_UP ? progress_up : progress_down;
	double t0 = now_ms();
	rt_run_mig *run = run_list(cli->arena, &migs, idx, n);
	const rt_run_timeouts **own =
	    rt_arena_alloc(cli->arena, (n + 1) * sizeof(*own));
	for (size_t i = 0; i < n; i++) {
		own[i] = mig_timeouts(cli->arena, RT_VEC_AT(migs, idx[i]),
				      &timeouts, &err);
		if (!own[i])
			goto fail;
	}
	ro.mig_timeouts = own;
	int rc = dir == RT_RUN_UP
		     ? rt_runner_apply(&res, conn, run, n, &ro, &err)
		     : rt_runner_rollback(&res, conn, run, n, &ro, &err);
	double ms = now_ms() - t0;
	/* the runner goes in order and stops at a failure: the files after
	 * the ones it applied or found applied were not applied */
	if (dir == RT_RUN_UP && res.done)
		record_sums(&p, cli->arena, &migs, idx,
			    rc < 0 ? res.done + res.skipped : n);
	if (rc < 0) {
		if (res.done)
			fprintf(stderr,
				"retort: %zu migration%s %s before the "
				"failure stay%s\n",
				res.done, res.done == 1 ? "" : "s",
				dir == RT_RUN_UP ? "applied" : "rolled back",
				res.done == 1 ? "s" : "");
		goto fail;
	}
	/* the database now stands at... */
	uint64_t now = dir == RT_RUN_UP ? current : to;
	if (dir == RT_RUN_UP)
		for (size_t i = 0; i < n; i++) {
			uint64_t v = ((rt_project_mig *)RT_VEC_AT(migs, idx[i]))
					 ->mig->version;
			if (v > now)
				now = v;
		}
	else if (to < current) {
		/* versions at or below to that stay applied */
		now = 0;
		for (size_t i = 0; i < napplied; i++)
			if ((uint64_t)applied[i].version <= to &&
			    (uint64_t)applied[i].version > now)
				now = (uint64_t)applied[i].version;
	}
	printf("now at %s (%.0f ms, %zu database calls)\n",
	       mig_label(&migs, now), ms, res.calls);
	goto out;
fail:
	status = rt_cli_report(&err);
out:
	rt_conn_close(conn);
	return status;
}

int cmd_upgrade(int argc, char **argv, rt_cli *cli)
{
	return move(argc, argv, cli, RT_RUN_UP);
}

int cmd_downgrade(int argc, char **argv, rt_cli *cli)
{
	return move(argc, argv, cli, RT_RUN_DOWN);
}

int cmd_stamp(int argc, char **argv, rt_cli *cli)
{
	struct move_args args = {0};
	rt_error err = RT_ERROR_INIT;
	rt_project p;
	rt_vec migs = {0};
	rt_conn *conn = NULL;
	rt_applied *applied = NULL;
	size_t napplied = 0;
	int first, done, status = RT_EXIT_OK;

	if (rt_cli_opts_parse(&first, &done, argc, argv, &stamp_spec, on_opt,
			      &args) < 0)
		return done;
	if (argc - first != 1)
		return rt_cli_usage_error(&stamp_spec,
					  "stamp takes one VERSION");
	if (rt_project_load(&p, cli->arena, &args.flags, &err) < 0 ||
	    rt_project_migrations(&migs, cli->arena, &p, &err) < 0 ||
	    rt_project_connect(&conn, &p, true, cli->arena, &err) < 0 ||
	    rt_runner_status(&applied, &napplied, conn, cli->arena, &err) < 0)
		goto fail;
	uint64_t current = rt_project_current(applied, napplied), to;
	if (rt_project_target(&to, argv[first], &migs, current, &err) < 0)
		goto fail;

	rt_run_opts ro = {.applied_by = rt_project_user()};
	size_t *idx = rt_arena_alloc(cli->arena, (migs.len + 1) * sizeof(*idx));
	size_t n = 0;
	for (size_t i = 0; i < migs.len; i++) {
		const rt_project_mig *m = RT_VEC_AT(migs, i);
		if (m->mig->version <= to &&
		    !is_applied(applied, napplied, m->mig->version))
			idx[n++] = i;
	}
	rt_run_result up = {0}, down = {0};
	if (n && rt_runner_stamp(&up, conn, run_list(cli->arena, &migs, idx, n),
				 n, RT_RUN_UP, &ro, &err) < 0)
		goto fail;
	/* applied rows after VERSION go, with or without a file */
	rt_run_mig *gone =
	    rt_arena_alloc(cli->arena, (napplied + 1) * sizeof(*gone));
	size_t ngone = 0;
	for (size_t i = 0; i < napplied; i++) {
		if ((uint64_t)applied[i].version <= to)
			continue;
		rt_run_mig *g = &gone[ngone++];
		memset(g, 0, sizeof(*g));
		g->version = applied[i].version;
		g->name = applied[i].name;
		g->checksum = applied[i].checksum;
		g->path = p.migrations;
	}
	if (ngone && rt_runner_stamp(&down, conn, gone, ngone, RT_RUN_DOWN, &ro,
				     &err) < 0)
		goto fail;
	printf("stamped %s (%zu recorded, %zu forgotten)\n",
	       mig_label(&migs, to), up.done, down.done);
	goto out;
fail:
	status = rt_cli_report(&err);
out:
	rt_conn_close(conn);
	return status;
}
