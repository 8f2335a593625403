/* SPDX-License-Identifier: MIT */
/*
 * `retort verify [--dev-url URL]`: the round trip of the project's
 * migrations on a scratch database (src/runner/verify.h). Every migration
 * is applied from empty, one at a time, with rows seeded after each; the
 * schema at head is compared with the models; then the walk goes down to
 * base and up to head again, one step at a time, comparing each schema
 * with the one recorded at that version on the way up and each table's
 * rows with those before the step. A report per migration; exit 1 on any
 * failure. The scratch database is dropped on every path.
 */
#include "base/common.h"
#include "cli/cmd.h"
#include "cli/project.h"
#include "plan/describe.h"
#include "plan/plan.h"
#include "runner/verify.h"

#include <signal.h>
#include <time.h>

enum { OPT_DEV_URL = 256 };

/* Rows seeded into every table after each up. */
#define SEED_ROWS 2

struct verify_args {
	rt_project_flags flags;
	const char *dev_url;
};

static int on_opt(void *ctx, int id, const char *arg)
{
	struct verify_args *v = ctx;
	if (rt_project_flag(&v->flags, id, arg))
		return 0;
	if (id == OPT_DEV_URL)
		v->dev_url = arg;
	return 0;
}

static const rt_opt verify_opts[] = {
    {"dev-url", 0, "URL",
     "a PostgreSQL server where a scratch database is created and dropped "
     "(needed for a PostgreSQL project)",
     OPT_DEV_URL},
    RT_PROJECT_OPT_ROWS,
    {NULL, 0, NULL, NULL, 0},
};

static const rt_opt_spec verify_spec = {
    "verify [options]",
    "Prove the migrations round-trip, on a scratch database.",
    "Applies every migration from empty, one at a time, seeding rows into "
    "every\ntable after each; compares the schema at head with the models; "
    "then rolls\nback to base and applies again, one step at a time, "
    "comparing each schema\nwith the one recorded at that version and "
    "each table's rows with those\nbefore the step (a migration whose "
    "header declares data loss is reported\nas irreversible for data, not "
    "as a failure). PostgreSQL: a database is\ncreated on --dev-url's "
    "server (the role needs CREATEDB) and dropped at the\nend; SQLite: a "
    "temporary file. The project's own database is never used (only\nthe "
    "dialect of its URL counts). Exit 1 when a migration or the models "
    "fail.",
    verify_opts,
};

/* ---- signals: the scratch database is dropped on ^C, SIGTERM and
 * SIGHUP too ---- */

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

static void catch_stop(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* ---- the run ---- */

/* What verify found about one migration. */
struct mig_report {
	const rt_project_mig *m;
	rt_buf loss;	     /* its header's data-loss lines, "; " between */
	rt_vec failures;     /* const char *: one line each */
	rt_vec irreversible; /* const char *: data lost by a lossy step */
	unsigned steps;	     /* steps done: up, down, up again */
};

struct run {
	rt_cli *cli;
	rt_arena *a;
	const rt_project *p;
	const rt_vec *migs; /* rt_project_mig * */
	rt_conn *conn;
	const char *url;	 /* the scratch database */
	rt_schema **states;	 /* [0..n]: the schema at each version */
	rt_verify_data *data;	 /* the rows now */
	struct mig_report *rep;	 /* [0..n) */
	unsigned long counter;	 /* seeded values so far */
	rt_vec seed_notes;	 /* const char *, distinct */
	size_t seeded, compared; /* rows */
	bool stopped;		 /* a failure ended the walk */
};

static void add_line(rt_vec *v, rt_arena *a, const char *fmt, ...)
    RT_PRINTF(3, 4);

static void add_line(rt_vec *v, rt_arena *a, const char *fmt, ...)
{
	rt_buf b = RT_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	rt_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	rt_vec_push(v, a, rt_buf_detach_arena(&b, a));
}

/* An error as one line: place, message, detail. */
static const char *error_line(rt_arena *a, const rt_error *e)
{
	rt_buf b = RT_BUF_INIT;
	if (e->file[0]) {
		rt_buf_adds(&b, e->file);
		if (e->line)
			rt_buf_addf(&b, ":%d", e->line);
		rt_buf_adds(&b, ": ");
	} else if (e->object[0]) {
		rt_buf_addf(&b, "%s: ", e->object);
	}
	rt_buf_adds(&b, e->msg);
	if (e->detail[0])
		rt_buf_addf(&b, " (%s)", e->detail);
	return rt_buf_detach_arena(&b, a);
}

static int load_live(rt_schema **out, struct run *r, rt_error *err)
{
	rt_load_opts lo = {.dialect = r->p->dialect};
	return rt_load(out, r->a, r->url, &lo, err);
}

/* Each of changes as "kind schema.name", appended to out: for changes
 * that describe.h has no words for. */
static void name_changes(rt_vec *out, rt_arena *a, const rt_vec *changes)
{
	for (size_t i = 0; i < changes->len; i++) {
		const rt_change *c = RT_VEC_AT(*changes, i);
		const rt_object *o = c->after ? c->after : c->before;
		add_line(out, a, "%s %s.%s", rt_change_kind_name(c->kind),
			 o->schema, o->name);
	}
}

/* The changes that turn from into to, in plain words (describe.h), as
 * lines appended to out. */
static int describe_diff(rt_vec *out, rt_arena *a, rt_dialect d,
			 const rt_schema *from, const rt_schema *to,
			 rt_error *err)
{
	rt_vec changes = {0}, steps = {0}, lines = {0};
	if (rt_diff(&changes, a, from, to, err) < 0)
		return -1;
	if (!changes.len)
		return 0;
	if (rt_plan(&steps, a, &changes, err) < 0) {
		name_changes(out, a, &changes);
		return 0;
	}
	rt_describe(&lines, a, d, &steps);
	for (size_t i = 0; i < lines.len; i++) {
		const rt_describe_line *l = RT_VEC_AT(lines, i);
		if (l->kind == RT_DESCRIBE_CHANGE)
			rt_vec_push(out, a, (void *)l->text);
	}
	if (!out->len) /* changes that describe no line: name them */
		name_changes(out, a, &changes);
	return 0;
}

static const char *version_label(const struct run *r, size_t v)
{
	if (v == 0)
		return "base (no migration)";
	const rt_project_mig *m = RT_VEC_AT(*r->migs, v - 1);
	return m->mig->name;
}

/* Is the database still there? (A failing statement is the migration's
 * fault; a connection that no longer answers is not.) */
static bool alive(struct run *r)
{
	rt_error e = RT_ERROR_INIT;
	return rt_conn_exec(r->conn, "SELECT 1", &e) == 0;
}

static int seed(struct run *r, const rt_schema *s, rt_error *err)
{
	size_t rows = 0;
	rt_vec notes = {0};
	if (rt_verify_seed(&rows, &notes, r->conn, r->a, s, &r->counter,
			   SEED_ROWS, err) < 0)
		return -1;
	r->seeded += rows;
	for (size_t i = 0; i < notes.len; i++) {
		const char *n = RT_VEC_AT(notes, i);
		bool seen = false;
		for (size_t j = 0; j < r->seed_notes.len && !seen; j++)
			seen = strcmp(RT_VEC_AT(r->seed_notes, j), n) == 0;
		if (!seen)
			rt_vec_push(&r->seed_notes, r->a, (void *)n);
	}
	return 0;
}

/*
 * One step: migration i up (dir RT_RUN_UP: version i to i+1) or down
 * (i+1 to i). The schema after it is compared with the one recorded at
 * that version (the first time up, it is recorded), the rows with those
 * before it; after an up, rows are seeded. Returns 0 when the walk may go
 * on, 1 when this step failed so that it cannot (recorded in the
 * report), -1 when the scratch database failed (err).
 */
static int step(struct run *r, size_t i, rt_run_dir dir, const char *phase,
		rt_error *err)
{
	struct mig_report *rep = &r->rep[i];
	const rt_project_mig *m = rep->m;
	size_t at = dir == RT_RUN_UP ? i + 1 : i;
	rt_run_opts ro = {.applied_by = rt_project_user()};
	rt_run_result res = {0};
	rt_error e = RT_ERROR_INIT;
	rt_schema *now = NULL;
	rt_verify_data *after = NULL;

	if (dir == RT_RUN_DOWN && !m->mig->down.present) {
		add_line(&rep->failures, r->a,
			 "down: no -- +down section: it cannot be rolled "
			 "back");
		return 1;
	}
	int rc = dir == RT_RUN_UP
		     ? rt_runner_apply(&res, r->conn, &m->run, 1, &ro, &e)
		     : rt_runner_rollback(&res, r->conn, &m->run, 1, &ro, &e);
	if (rc < 0) {
		if (!alive(r)) {
			*err = e;
			return -1;
		}
		add_line(&rep->failures, r->a, "%s: %s%s", phase,
			 error_line(r->a, &e),
			 r->data && r->data->rows && dir == RT_RUN_UP
			     ? " [with seeded rows in the tables]"
			     : "");
		return 1;
	}
	rep->steps++;
	if (load_live(&now, r, err) < 0)
		return -1;
	if (r->states[at]) {
		rt_vec lines = {0};
		if (describe_diff(&lines, r->a, r->p->dialect, now,
				  r->states[at], err) < 0)
			return -1;
		if (lines.len) {
			add_line(&rep->failures, r->a,
				 "%s: the schema differs from the one "
				 "recorded at %s; to match it, it would "
				 "still need to:",
				 phase, version_label(r, at));
			for (size_t j = 0; j < lines.len; j++)
				add_line(&rep->failures, r->a, "  %s",
					 (const char *)RT_VEC_AT(lines, j));
			return 1;
		}
	} else {
		r->states[at] = now;
	}
	if (rt_verify_read(&after, r->conn, r->a, now, err) < 0)
		return -1;
	if (r->data) {
		rt_vec lines = {0};
		size_t compared = 0;
		const rt_verify_data *was = NULL;
		if (rt_verify_recast(&was, r->conn, r->a, r->data, after, err) <
		    0)
			return -1;
		rt_verify_compare(&lines, &compared, r->a, was, after);
		r->compared += compared;
		for (size_t j = 0; j < lines.len; j++) {
			const char *l = RT_VEC_AT(lines, j);
			if (rep->loss.len)
				add_line(&rep->irreversible, r->a, "%s: %s",
					 phase, l);
			else
				add_line(&rep->failures, r->a,
					 "%s: rows did not survive: %s", phase,
					 l);
		}
	}
	r->data = after;
	if (dir == RT_RUN_UP) {
		if (seed(r, now, err) < 0 ||
		    rt_verify_read(&r->data, r->conn, r->a, now, err) < 0)
			return -1;
	}
	return 0;
}

/* The whole walk; -1 on a database failure (err). */
static int walk(struct run *r, const rt_schema *models, rt_vec *drift,
		rt_error *err)
{
	size_t n = r->migs->len;
	if (load_live(&r->states[0], r, err) < 0 ||
	    rt_verify_read(&r->data, r->conn, r->a, r->states[0], err) < 0)
		return -1;
	for (size_t i = 0; i < n && !stop_signal; i++) {
		int rc = step(r, i, RT_RUN_UP, "up", err);
		if (rc < 0)
			return -1;
		if (rc > 0) {
			r->stopped = true;
			return 0;
		}
	}
	if (stop_signal)
		return 0;
	if (models && describe_diff(drift, r->a, r->p->dialect, r->states[n],
				    models, err) < 0)
		return -1;
	for (size_t i = n; i-- > 0 && !stop_signal;) {
		int rc = step(r, i, RT_RUN_DOWN, "down", err);
		if (rc < 0)
			return -1;
		if (rc > 0) {
			r->stopped = true;
			return 0;
		}
	}
	for (size_t i = 0; i < n && !stop_signal; i++) {
		int rc = step(r, i, RT_RUN_UP, "up again", err);
		if (rc < 0)
			return -1;
		if (rc > 0) {
			r->stopped = true;
			return 0;
		}
	}
	return 0;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Prints the report; the number of failures (migrations and models). */
static size_t report(const struct run *r, const rt_schema *models,
		     const rt_vec *drift, double ms)
{
	size_t failed = 0, n = r->migs->len;
	const char *first = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct mig_report *rep = &r->rep[i];
		const char *name = rep->m->mig->name;
		if (rep->failures.len) {
			failed++;
			if (!first)
				first = name;
			printf("%s: FAILED\n", name);
			for (size_t j = 0; j < rep->failures.len; j++)
				printf("  %s\n", (const char *)RT_VEC_AT(
						     rep->failures, j));
		} else if (rep->steps < 3) {
			printf("%s: not verified (the walk stopped before "
			       "it)\n",
			       name);
		} else if (rep->irreversible.len) {
			printf("%s: ok; irreversible for data, as its header "
			       "declares (%s):\n",
			       name, rep->loss.data);
			for (size_t j = 0; j < rep->irreversible.len; j++)
				printf("  %s\n", (const char *)RT_VEC_AT(
						     rep->irreversible, j));
		} else {
			printf("%s: ok\n", name);
		}
	}
	if (!models) {
		printf("models: not configured; the drift check was "
		       "skipped\n");
	} else if (drift->len) {
		failed++;
		if (!first)
			first = "models";
		printf("models: FAILED: the schema the migrations make "
		       "differs from the models; to match them, a "
		       "migration would still need to:\n");
		for (size_t j = 0; j < drift->len; j++)
			printf("  %s\n", (const char *)RT_VEC_AT(*drift, j));
	} else if (!r->states[n]) {
		printf("models: not compared (the migrations did not reach "
		       "head)\n");
	} else {
		printf("models: ok (the schema at head matches them)\n");
	}
	for (size_t j = 0; j < r->seed_notes.len; j++)
		printf("note: %s\n", (const char *)RT_VEC_AT(r->seed_notes, j));
	printf("verify: %zu migration%s, %zu failure%s%s%s; %zu rows seeded, "
	       "%zu compared (%.0f ms)\n",
	       n, n == 1 ? "" : "s", failed, failed == 1 ? "" : "s",
	       first ? ", the first: " : "", first ? first : "", r->seeded,
	       r->compared, ms);
	return failed;
}

int cmd_verify(int argc, char **argv, rt_cli *cli)
{
	struct verify_args args = {0};
	rt_error err = RT_ERROR_INIT;
	rt_project p;
	rt_vec migs = {0}, drift = {0};
	rt_schema *models = NULL;
	rt_verify_scratch scratch;
	bool created = false;
	int first, done, status = RT_EXIT_OK;
	struct run r;

	if (rt_cli_opts_parse(&first, &done, argc, argv, &verify_spec, on_opt,
			      &args) < 0)
		return done;
	if (argc - first != 0)
		return rt_cli_usage_error(&verify_spec,
					  "verify takes no arguments");
	if (rt_project_load(&p, cli->arena, &args.flags, &err) < 0)
		return rt_cli_report(&err);
	if (p.dialect == RT_DIALECT_PG && !args.dev_url) {
		rt_errorf(&err, RT_EUSAGE,
			  "verify needs --dev-url for a PostgreSQL project");
		rt_error_hint(&err,
			      "give a development server where the role may "
			      "create databases: --dev-url "
			      "postgresql://me@localhost/postgres (the "
			      "project's own database is never used)");
		return rt_cli_report(&err);
	}
	if (p.dialect == RT_DIALECT_SQLITE && args.dev_url) {
		rt_errorf(&err, RT_EUSAGE,
			  "--dev-url is for PostgreSQL projects");
		rt_error_hint(&err, "a SQLite project is verified in a "
				    "temporary SQLite file, without it");
		return rt_cli_report(&err);
	}
	if (rt_project_migrations(&migs, cli->arena, &p, &err) < 0)
		return rt_cli_report(&err);
	if (p.models && rt_project_models(&models, cli, &p, &err) < 0)
		return rt_cli_report(&err);
	if (!migs.len) {
		printf("verify: no migrations in %s\n", p.migrations);
		return RT_EXIT_OK;
	}

	memset(&r, 0, sizeof(r));
	r.cli = cli;
	r.a = cli->arena;
	r.p = &p;
	r.migs = &migs;
	r.states =
	    rt_arena_alloc(cli->arena, (migs.len + 1) * sizeof(*r.states));
	memset(r.states, 0, (migs.len + 1) * sizeof(*r.states));
	r.rep = rt_arena_alloc(cli->arena, migs.len * sizeof(*r.rep));
	memset(r.rep, 0, migs.len * sizeof(*r.rep));
	for (size_t i = 0; i < migs.len; i++) {
		struct mig_report *rep = &r.rep[i];
		rep->m = RT_VEC_AT(migs, i);
		rt_buf_init(&rep->loss);
		for (size_t j = 0; j < rep->m->mig->header.len; j++) {
			const char *lost = rt_describe_data_loss(
			    RT_VEC_AT(rep->m->mig->header, j));
			if (!lost)
				continue;
			if (rep->loss.len)
				rt_buf_adds(&rep->loss, "; ");
			rt_buf_adds(&rep->loss, lost);
		}
	}

	catch_stop();
	double t0 = now_ms();
	if (rt_verify_scratch_create(&scratch, cli->arena, p.dialect,
				     args.dev_url, &err) < 0)
		goto fail;
	created = true;
	r.url = scratch.url;
	if (rt_verify_scratch_connect(&r.conn, &scratch, &err) < 0 ||
	    walk(&r, models, &drift, &err) < 0)
		goto fail;
	rt_conn_close(r.conn);
	r.conn = NULL;
	created = false;
	if (rt_verify_scratch_drop(&scratch, &err) < 0)
		goto fail;
	if (stop_signal) {
		fprintf(stderr, "retort: interrupted; the scratch database "
				"was dropped\n");
		status = 128 + stop_signal;
		goto out;
	}
	status = report(&r, models, &drift, now_ms() - t0) ? RT_EXIT_FINDING
							   : RT_EXIT_OK;
	goto out;
fail:
	if (stop_signal && err.code != RT_OK)
		status = 128 + stop_signal;
	else
		status = rt_cli_report(&err);
out:
	rt_conn_close(r.conn);
	r.conn = NULL;
	if (created) {
		rt_error drop = RT_ERROR_INIT;
		if (rt_verify_scratch_drop(&scratch, &drop) < 0)
			(void)rt_cli_report(&drop);
	}
	for (size_t i = 0; i < migs.len && r.rep; i++)
		rt_buf_release(&r.rep[i].loss);
	return status;
}
