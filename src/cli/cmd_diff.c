/* SPDX-License-Identifier: MIT */
/*
 * `retort diff FROM TO`: loads both sources, compares them and prints the
 * SQL that turns FROM into TO (with --down, TO back into FROM). Exits 0
 * whether or not they differ (`retort check` is the command that exits 1).
 */
#include "base/common.h"
#include "cli/cmd.h"
#include "diff/diff.h"
#include "render/render.h"

enum { OPT_DOWN = 256, OPT_SCHEMA, OPT_EXCLUDE, OPT_DEV_URL };

static const rt_opt diff_opts[] = {
    {"down", 0, NULL, "print the reverse migration (TO back into FROM)",
     OPT_DOWN},
    {"schema", 0, "S", "only objects in schema S (repeatable)", OPT_SCHEMA},
    {"exclude-schema", 0, "S", "leave out schema S (repeatable)", OPT_EXCLUDE},
    {"dev-url", 0, "URL",
     "apply SQL sources to a scratch database on this server and read "
     "them back (exact comparison)",
     OPT_DEV_URL},
    {NULL, 0, NULL, NULL, 0},
};

static const rt_opt_spec diff_spec = {
    "diff FROM TO [options]",
    "Print the SQL that turns source FROM into source TO.",
    "FROM and TO are each postgres://... or postgresql://... (a live "
    "database),\nFILE.sql or - (SQL on standard input). Nothing is printed "
    "when they are the same; "
    "the exit status is 0\neither way. Objects retort does not model yet "
    "are named on stderr as\n'unmanaged'.",
    diff_opts,
};

struct diff_args {
	rt_cli *cli;
	bool down;
	rt_schema_filter filter;
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
	}
	return 0;
}

int cmd_diff(int argc, char **argv, rt_cli *cli)
{
	struct diff_args args = {.cli = cli};
	rt_error err = RT_ERROR_INIT;
	rt_buf out = RT_BUF_INIT;
	rt_schema *from = NULL, *to = NULL;
	rt_vec changes = {0}, down = {0};
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

	if (rt_cli_load(&from, cli, argv[first], &args.filter, &err) < 0 ||
	    rt_cli_load(&to, cli, argv[first + 1], &args.filter, &err) < 0) {
		status = rt_cli_report(&err);
		goto done;
	}
	rt_cli_report_unmanaged(from);
	rt_cli_report_unmanaged(to);
	if (rt_diff(&changes, cli->arena, from, to, &err) < 0) {
		status = rt_cli_report(&err);
		goto done;
	}
	if (args.down)
		rt_diff_invert(&down, cli->arena, &changes);
	if (rt_render_changes(&out, cli->arena, RT_DIALECT_PG,
			      args.down ? &down : &changes, &err) < 0) {
		status = rt_cli_report(&err);
		goto done;
	}
	fwrite(out.data, 1, out.len, stdout);
done:
	rt_buf_release(&out);
	return status;
}
