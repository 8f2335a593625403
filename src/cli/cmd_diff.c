/* SPDX-License-Identifier: MIT */
/*
 * `retort diff FROM TO`: loads both sources, compares them and prints the
 * SQL that turns FROM into TO (with --down, TO back into FROM). Exits 0
 * whether or not they differ (`retort check` is the command that exits 1).
 */
#include "base/common.h"

#include <pthread.h>

#include "cli/cmd.h"
#include "diff/diff.h"
#include "load/load.h"
#include "render/render.h"

enum {
	OPT_DOWN = 256,
	OPT_SCHEMA,
	OPT_EXCLUDE,
	OPT_DEV_URL,
	OPT_PYTHON,
	OPT_RENAME,
	OPT_SAFE,
	OPT_BACKFILL,
};

static const rt_opt diff_opts[] = {
    {"down", 0, NULL, "print the reverse migration (TO back into FROM)",
     OPT_DOWN},
    {"schema", 0, "S", "only objects in schema S (repeatable)", OPT_SCHEMA},
    {"exclude-schema", 0, "S", "leave out schema S (repeatable)", OPT_EXCLUDE},
    {"dev-url", 0, "URL",
     "apply SQL sources to a scratch database on this server and read "
     "them back (exact comparison)",
     OPT_DEV_URL},
    {"python", 0, "[=PY]",
     "import SQLModel models with Python PY (default /usr/bin/python3) "
     "instead of reading them statically",
     OPT_PYTHON},
    {"rename", 0, "OLD=NEW",
     "rename instead of drop and add: schema.table=new_name or "
     "schema.table.column=new_name, named as in FROM (repeatable)",
     OPT_RENAME},
    {"safe", 0, NULL,
     "PostgreSQL: print the safe forms 'retort revision' writes (CREATE "
     "INDEX CONCURRENTLY, NOT VALID then VALIDATE, ...) instead of the "
     "plain statements",
     OPT_SAFE},
    {"backfill", 0, "S.T.COL=SQLEXPR",
     "with --safe: the value a NOT NULL column added without a default "
     "gets on the rows a table has (repeatable)",
     OPT_BACKFILL},
    {NULL, 0, NULL, NULL, 0},
};

static const rt_opt_spec diff_spec = {
    "diff FROM TO [options]",
    "Print the SQL that turns source FROM into source TO.",
    "FROM and TO are each postgres://... or postgresql://... (a live "
    "database),\nsqlite:///PATH (a SQLite file; models on the other side "
    "are then read\nfor SQLite), FILE.sql or - (SQL on standard input), "
    "FILE.json (what "
    "inspect --json\nprints), SQLModel models (a .py file, a directory "
    "or a module name\nsuch as app.models; with --python), or a migrations "
    "folder (DIR, or\nDIR@VERSION: its -- +up sections replayed). Nothing is "
    "printed when they are the\nsame; the exit status is 0 either way. "
    "Objects retort does not model yet\nare named on stderr as "
    "'unmanaged'.\n\nA table or column that disappears while one of the "
    "same shape appears is\ndropped and added, with a hint on stderr; "
    "--rename (or, in a SQL source,\n'-- retort: renamed from OLD' on the "
    "line before CREATE TABLE or a column)\nmakes it one ALTER TABLE ... "
    "RENAME, and no data moves.\n\n--safe prints, for tables FROM has, the "
    "forms 'retort revision' writes on\nPostgreSQL; a statement that must run "
    "outside a transaction (it then\ncommits what came before) follows a line "
    "'-- retort: outside a transaction'.",
    diff_opts,
};

struct diff_args {
	rt_cli *cli;
	bool down;
	rt_schema_filter filter;
	rt_vec renames; /* rt_rename *: --rename */
	rt_error err;	/* a --rename that cannot be read */
	bool safe;
	rt_plan_opts plan; /* --safe: backfills */
};

static int on_opt(void *ctx, int id, const char *arg)
{
	struct diff_args *a = ctx;
	switch (id) {
	case OPT_DOWN:
		a->down = true;
		break;
	case OPT_SCHEMA:
		rt_vec_push(&a->filter.include, a->cli->arena, (void *)arg);
		break;
	case OPT_EXCLUDE:
		rt_vec_push(&a->filter.exclude, a->cli->arena, (void *)arg);
		break;
	case OPT_DEV_URL:
		a->cli->dev_url = arg;
		break;
	case OPT_PYTHON:
		a->cli->python = rt_cli_python(arg);
		break;
	case OPT_RENAME: {
		rt_rename *r = RT_NEW(a->cli->arena, rt_rename);
		if (rt_rename_parse(r, a->cli->arena, arg, &a->err) < 0)
			return rt_cli_usage_error(&diff_spec, "%s", a->err.msg);
		rt_vec_push(&a->renames, a->cli->arena, r);
		break;
	}
	case OPT_SAFE:
		a->safe = true;
		break;
	case OPT_BACKFILL: {
		rt_backfill *b = RT_NEW(a->cli->arena, rt_backfill);
		if (rt_cli_backfill_parse(b, a->cli->arena, arg, &a->err) < 0)
			return rt_cli_usage_error(&diff_spec, "%s", a->err.msg);
		rt_vec_push(&a->plan.backfills, a->cli->arena, b);
		break;
	}
	}
	return 0;
}

/* The script of changes from `from` to `to` in the safe forms (a
 * refusal: its exit status, 1), appended to out. */
static int render_safe(rt_buf *out, rt_cli *cli, struct diff_args *args,
		       const rt_vec *changes, const rt_schema *from,
		       const rt_schema *to)
{
	rt_vec steps = {0}, stmts = {0}, refusals = {0};
	rt_error err = RT_ERROR_INIT;
	int rc;

	args->plan.from = from;
	args->plan.refuse = true;
	if (rt_plan_safe(&steps, &refusals, cli->arena, changes, &args->plan,
			 &err) < 0)
		return rt_cli_report(&err);
	if (refusals.len)
		return rt_cli_report_refusals(&refusals, cli->arena,
					      to->dialect);
	if ((rc = rt_cli_backfills_used(&args->plan.backfills)) != RT_EXIT_OK)
		return rc;
	if (rt_render_between(&stmts, cli->arena, to->dialect, &steps, from, to,
			      &err) < 0)
		return rt_cli_report(&err);
	rt_render_script(out, &stmts);
	return RT_EXIT_OK;
}

/*
 * FROM is loaded on a thread of its own while TO loads on this one, so two
 * databases (or a database and a file) are read at the same time. The
 * arena is not thread-safe: the thread allocates only in an arena of its
 * own (side.cli.arena), which holds FROM's schema and lives until the
 * command ends (freed in cmd_diff after the output is written). The thread
 * only reads what it shares (the source string, the filter). The parser
 * library keeps per-thread state and frees it when the thread exits.
 */
struct side_load {
	rt_cli cli; /* the command's, with the side's own arena */
	const char *source;
	const rt_schema_filter *filter;
	rt_schema *schema;
	rt_error err;
	int rc;
};

static void *load_side(void *arg)
{
	struct side_load *side = arg;

	side->rc = rt_cli_load(&side->schema, &side->cli, side->source,
			       side->filter, &side->err);
	return NULL;
}

/*
 * Loads FROM (into side, its own arena) and TO (into cli's arena) at once;
 * when no thread can be started, one after the other. The error reported
 * is FROM's when both fail, as when they were loaded in order.
 */
static int load_both(rt_schema **from, rt_schema **to, struct side_load *side,
		     rt_cli *cli, const char *to_source,
		     const rt_schema_filter *filter, rt_error *err)
{
	rt_error to_err = RT_ERROR_INIT;
	pthread_t th;
	int to_rc;

	if (pthread_create(&th, NULL, load_side, side) == 0) {
		to_rc = rt_cli_load(to, cli, to_source, filter, &to_err);
		pthread_join(th, NULL);
	} else {
		load_side(side);
		to_rc = side->rc < 0
			    ? -1
			    : rt_cli_load(to, cli, to_source, filter, &to_err);
	}
	if (side->rc < 0) {
		*err = side->err;
		return -1;
	}
	if (to_rc < 0) {
		*err = to_err;
		return -1;
	}
	*from = side->schema;
	return 0;
}

/*
 * The rename hints, printed, and the diff of dfrom into dto with drenames.
 * When nothing is renamed, the hints (about 30 ms at 16,000 tables: a
 * lookup of each table and column in the other side) are worked out on a
 * thread while the diff runs: the diff then changes neither schema, both
 * only read them (the column hint a lookup writes is atomic), and the
 * thread allocates in an arena of its own. They are printed after the
 * join, before anything the diff reports, as when worked out first.
 */
struct hints_job {
	rt_arena *arena;
	const rt_schema *from, *to;
	const rt_vec *renames;
	rt_vec hints;
};

static void *hints_thread(void *arg)
{
	struct hints_job *j = arg;
	rt_diff_hints(&j->hints, j->arena, j->from, j->to, j->renames);
	return NULL;
}

static int hints_and_diff(rt_vec *changes, rt_arena *a, const rt_schema *from,
			  const rt_schema *to, const rt_vec *renames,
			  rt_schema *dfrom, const rt_schema *dto,
			  const rt_vec *drenames, rt_error *err)
{
	struct hints_job job = {.arena = rt_arena_new(),
				.from = from,
				.to = to,
				.renames = renames};
	pthread_t th;
	bool threaded = !renames->len && !drenames->len &&
			pthread_create(&th, NULL, hints_thread, &job) == 0;
	int rc;

	if (!threaded) {
		hints_thread(&job);
		rt_cli_report_hints(&job.hints);
	}
	rc = rt_cli_diff_renamed(changes, a, dfrom, dto, drenames, err);
	if (threaded) {
		pthread_join(th, NULL);
		rt_cli_report_hints(&job.hints);
	}
	rt_arena_free(job.arena);
	return rc;
}

int cmd_diff(int argc, char **argv, rt_cli *cli)
{
	struct diff_args args = {.cli = cli, .err = RT_ERROR_INIT};
	rt_error err = RT_ERROR_INIT;
	rt_buf out = RT_BUF_INIT;
	rt_schema *from = NULL, *to = NULL;
	rt_vec changes = {0}, down = {0}, renames = {0};
	struct side_load side = {.err = RT_ERROR_INIT};
	int first, done, status = RT_EXIT_OK;

	if (rt_cli_opts_parse(&first, &done, argc, argv, &diff_spec, on_opt,
			      &args) < 0)
		return done;
	if (argc - first != 2)
		return rt_cli_usage_error(
		    &diff_spec, argc - first < 2 ? "diff needs FROM and TO"
						 : "diff takes two sources");
	if (strcmp(argv[first], "-") == 0 && strcmp(argv[first + 1], "-") == 0)
		return rt_cli_usage_error(
		    &diff_spec, "standard input ('-') can be only one source");

	/* models compared with a SQLite database are read for SQLite */
	for (int i = first; i < first + 2; i++) {
		rt_source_kind k;
		rt_error ignore = RT_ERROR_INIT;
		if (rt_load_source_kind(&k, argv[i], &ignore) == 0 &&
		    k == RT_SOURCE_SQLITE)
			cli->dialect = RT_DIALECT_SQLITE;
	}
	side.cli = *cli;
	side.cli.arena = rt_arena_new();
	side.source = argv[first];
	side.filter = &args.filter;
	if (load_both(&from, &to, &side, cli, argv[first + 1], &args.filter,
		      &err) < 0) {
		status = rt_cli_report(&err);
		goto done;
	}
	if (from->dialect != to->dialect) {
		char a[256], b[256];
		rt_conninfo_redact(a, sizeof(a), argv[first]);
		rt_conninfo_redact(b, sizeof(b), argv[first + 1]);
		rt_errorf(&err, RT_EUSAGE,
			  "cannot compare a %s schema ('%s') with a %s one "
			  "('%s')",
			  rt_cli_dialect_name(from->dialect), a,
			  rt_cli_dialect_name(to->dialect), b);
		status = rt_cli_report(&err);
		goto done;
	}
	rt_cli_report_unmanaged(from);
	rt_cli_report_unmanaged(to);
	if (rt_diff_renames(&renames, cli->arena, from, to, &args.renames,
			    &err) < 0) {
		status = rt_cli_report(&err);
		goto done;
	}
	if (args.down && renames.len) {
		/* TO back into FROM, renamed back first (diff.h) */
		rt_vec back = {0};
		rt_diff_renames_invert(&back, cli->arena, &renames);
		if (hints_and_diff(&down, cli->arena, from, to, &renames, to,
				   from, &back, &err) < 0) {
			status = rt_cli_report(&err);
			goto done;
		}
	} else {
		if (hints_and_diff(&changes, cli->arena, from, to, &renames,
				   from, to, &renames, &err) < 0) {
			status = rt_cli_report(&err);
			goto done;
		}
		if (args.down)
			rt_diff_invert(&down, cli->arena, &changes);
	}
	if (args.plan.backfills.len && !args.safe) {
		status = rt_cli_usage_error(&diff_spec,
					    "--backfill goes with --safe");
		goto done;
	}
	if (args.safe && to->dialect == RT_DIALECT_PG) {
		status =
		    render_safe(&out, cli, &args, args.down ? &down : &changes,
				args.down ? to : from, args.down ? from : to);
		if (status != RT_EXIT_OK)
			goto done;
	} else if (rt_render_changes_between(&out, cli->arena, to->dialect,
					     args.down ? &down : &changes,
					     args.down ? to : from,
					     args.down ? from : to, &err) < 0) {
		status = rt_cli_report(&err);
		goto done;
	}
	fwrite(out.data, 1, out.len, stdout);
done:
	rt_buf_release(&out);
	rt_arena_free(side.cli.arena);
	return status;
}
