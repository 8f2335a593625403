/* SPDX-License-Identifier: MIT */
/*
 * `retort inspect SOURCE`: loads one source and prints its schema as SQL
 * (the render of "create everything") or as JSON (the model itself).
 * Unmanaged objects are named on stderr.
 */
#include "base/common.h"
#include "cli/cmd.h"
#include "render/render.h"

#include <time.h>

enum {
	OPT_JSON = 256,
	OPT_SCHEMA,
	OPT_EXCLUDE,
	OPT_STATS,
	OPT_DEV_URL,
	OPT_PYTHON,
	OPT_DIALECT
};

static const rt_opt inspect_opts[] = {
    {"json", 0, NULL, "print the model as JSON instead of SQL", OPT_JSON},
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
    {"stats", 0, NULL, "print the object counts and load time to stderr",
     OPT_STATS},
    {"dialect", 0, "D",
     "read SQLModel models for database D: postgresql (default) or "
     "sqlite",
     OPT_DIALECT},
    {NULL, 0, NULL, NULL, 0},
};

static const rt_opt_spec inspect_spec = {
    "inspect SOURCE [options]",
    "Print the schema of SOURCE as SQL (default) or JSON.",
    "SOURCE is postgres://... or postgresql://... (a live database), "
    "sqlite:///PATH\n(a SQLite file), FILE.sql,\n- (SQL on standard input), "
    "FILE.json (what inspect --json "
    "prints),\nSQLModel models (a .py file, a directory or a module "
    "name such as\napp.models; with --python), or a migrations folder "
    "(DIR, or DIR@VERSION).\n"
    "Objects retort does not model yet (views, functions, triggers, ...) "
    "are\nnamed on stderr as 'unmanaged'.",
    inspect_opts,
};

struct inspect_args {
	rt_cli *cli;
	bool json, stats;
	rt_schema_filter filter;
};

static int on_opt(void *ctx, int id, const char *arg)
{
	struct inspect_args *a = ctx;
	switch (id) {
	case OPT_JSON:
		a->json = true;
		break;
	case OPT_STATS:
		a->stats = true;
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
	case OPT_DIALECT:
		return rt_cli_dialect(&a->cli->dialect, &inspect_spec, arg);
	}
	return 0;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int cmd_inspect(int argc, char **argv, rt_cli *cli)
{
	struct inspect_args args = {.cli = cli};
	rt_error err = RT_ERROR_INIT;
	rt_buf out = RT_BUF_INIT;
	rt_schema *s = NULL;
	int first, done, status = RT_EXIT_OK;
	double t0;

	if (rt_cli_opts_parse(&first, &done, argc, argv, &inspect_spec, on_opt,
			      &args) < 0)
		return done;
	if (argc - first != 1)
		return rt_cli_usage_error(&inspect_spec,
					  argc - first < 1
					      ? "inspect needs a SOURCE"
					      : "inspect takes one SOURCE");

	t0 = now_ms();
	if (rt_cli_load(&s, cli, argv[first], &args.filter, &err) < 0) {
		status = rt_cli_report(&err);
		goto done;
	}
	if (args.stats)
		fprintf(stderr,
			"retort: loaded %zu tables, %zu indexes, %zu enums, "
			"%zu sequences in %.1f ms\n",
			s->tables.len, s->indexes.len, s->enums.len,
			s->sequences.len, now_ms() - t0);
	rt_cli_report_unmanaged(s);
	if (args.json) {
		/* written as it is made (main reports a write error) */
		rt_schema_json_file(stdout, s);
		goto done;
	}
	if (rt_render_schema(&out, cli->arena, s->dialect, s, &err) < 0) {
		status = rt_cli_report(&err);
		goto done;
	}
	fwrite(out.data, 1, out.len, stdout);
done:
	rt_buf_release(&out);
	return status;
}
