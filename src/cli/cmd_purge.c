/* SPDX-License-Identifier: MIT */
/*
 * `retort purge [--yes] [--older-than VERSION]`: lists what migrations
 * parked in the database (plan.h, rt_plan_park: dropped tables and
 * columns kept so that their down migrations can restore them) and, with
 * --yes, deletes it for good (src/runner/park.c). Without --yes it only
 * lists, and exits 1 when there is something a purge would delete.
 */
#include "base/common.h"
#include "cli/cmd.h"
#include "cli/project.h"
#include "runner/park.h"

#include <inttypes.h>

enum { OPT_YES = 256, OPT_OLDER_THAN };

struct purge_args {
	rt_project_flags flags;
	bool yes;
	const char *older_than;
};

static int on_opt(void *ctx, int id, const char *arg)
{
	struct purge_args *r = ctx;
	if (rt_project_flag(&r->flags, id, arg))
		return 0;
	if (id == OPT_YES)
		r->yes = true;
	else if (id == OPT_OLDER_THAN)
		r->older_than = arg;
	return 0;
}

static const rt_opt purge_opts[] = {
    {"yes", 0, NULL, "delete what is listed (without it: only list)", OPT_YES},
    {"older-than", 0, "VERSION",
     "only what migrations numbered below VERSION parked (a number, or a "
     "file name starting with one)",
     OPT_OLDER_THAN},
    RT_PROJECT_OPT_ROWS,
    {NULL, 0, NULL, NULL, 0},
};

static const rt_opt_spec purge_spec = {
    "purge [--yes] [--older-than VERSION] [options]",
    "List or delete the tables and columns migrations parked.",
    "A migration written by 'retort revision' parks the tables and columns "
    "it drops\n(PostgreSQL), so that its down migration restores them. "
    "Without --yes this lists\nthem with their sizes and exits 1 when "
    "there is something to purge; with --yes\nit deletes them, after "
    "which those down migrations can no longer run\n('retort downgrade' "
    "refuses them).",
    purge_opts,
};

/* "12 kB", "3.4 MB" */
static void human(char *out, size_t n, int64_t bytes)
{
	static const char *const units[] = {"bytes", "kB", "MB", "GB", "TB"};
	double v = (double)bytes;
	size_t u = 0;
	while (v >= 1024 && u + 1 < RT_ARRAY_LEN(units)) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(out, n, "%" PRId64 " bytes", bytes);
	else
		snprintf(out, n, "%.1f %s", v, units[u]);
}

static int parse_version(uint64_t *out, const char *s)
{
	size_t n = strspn(s, "0123456789");
	if (n == 0 || n > 18 || (s[n] && s[n] != '_'))
		return -1;
	*out = strtoull(s, NULL, 10);
	return 0;
}

int cmd_purge(int argc, char **argv, rt_cli *cli)
{
	struct purge_args args = {0};
	rt_error err = RT_ERROR_INIT;
	rt_project p;
	rt_conn *conn = NULL;
	rt_parked *all = NULL, *sel = NULL;
	size_t nall = 0, nsel = 0;
	uint64_t below = UINT64_MAX;
	int first, done, status = RT_EXIT_OK;
	int64_t total = 0;
	char size[32];

	if (rt_cli_opts_parse(&first, &done, argc, argv, &purge_spec, on_opt,
			      &args) < 0)
		return done;
	if (argc - first != 0)
		return rt_cli_usage_error(&purge_spec,
					  "purge takes no arguments");
	if (args.older_than && parse_version(&below, args.older_than) < 0)
		return rt_cli_usage_error(&purge_spec,
					  "--older-than needs a migration "
					  "number, not '%s'",
					  args.older_than);
	if (rt_project_load(&p, cli->arena, &args.flags, &err) < 0 ||
	    rt_project_connect(&conn, &p, false, cli->arena, &err) < 0 ||
	    rt_park_list(&all, &nall, conn, cli->arena, &err) < 0)
		goto fail;

	sel = rt_arena_alloc(cli->arena, (nall + 1) * sizeof(*sel));
	for (size_t i = 0; i < nall; i++)
		if (!all[i].purged_at && all[i].version < below)
			sel[nsel++] = all[i];
	if (nsel == 0) {
		printf("nothing parked%s\n",
		       args.older_than ? " by the migrations before it" : "");
		goto out;
	}
	for (size_t i = 0; i < nsel; i++) {
		const rt_parked *k = &sel[i];
		if (i == 0 || strcmp(k->migration, sel[i - 1].migration))
			printf("parked by %s at %s:\n", k->migration,
			       k->parked_at);
		if (k->bytes >= 0) {
			human(size, sizeof(size), k->bytes);
			total += k->bytes;
		} else {
			snprintf(size, sizeof(size), "missing");
		}
		printf("  %s %s as %s.%s, %s\n", k->kind, k->source,
		       k->archive_schema, k->archive_name, size);
	}
	human(size, sizeof(size), total);
	if (!args.yes) {
		printf("would purge %zu parked object%s (%s); 'retort purge "
		       "--yes' deletes %s, and %s down migration%s can no "
		       "longer restore %s\n",
		       nsel, nsel == 1 ? "" : "s", size,
		       nsel == 1 ? "it" : "them", nsel == 1 ? "its" : "their",
		       nsel == 1 ? "" : "s", nsel == 1 ? "it" : "them");
		status = RT_EXIT_FINDING;
		goto out;
	}
	if (rt_park_purge(&total, conn, cli->arena, sel, nsel, &err) < 0)
		goto fail;
	human(size, sizeof(size), total);
	printf("purged %zu parked object%s (%s)\n", nsel, nsel == 1 ? "" : "s",
	       size);
	goto out;
fail:
	status = rt_cli_report(&err);
out:
	rt_conn_close(conn);
	return status;
}
