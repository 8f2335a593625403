/* SPDX-License-Identifier: MIT */
/*
 * `retort current`, `retort history` and `retort status`: where the
 * database stands, what the migrations folder holds, and how the two and
 * the integrity file (retort.sum) agree.
 */
#include "base/common.h"
#include "cli/cmd.h"
#include "cli/project.h"

static const rt_opt_spec current_spec = {
    "current [options]",
    "Print the database's current migration.",
    "The highest version in the tracking table, 'base' when none, and how "
    "many\nmigrations of the folder are pending.",
    rt_project_opts,
};

static const rt_opt_spec history_spec = {
    "history [options]",
    "List the migrations of the folder, oldest first.",
    "One line each: the file and the first line of its header. Needs no "
    "database.",
    rt_project_opts,
};

static const rt_opt_spec status_spec = {
    "status [options]",
    "Show each migration's state: applied, pending, edited or missing.",
    "Also what retort.sum says of the files and, with a database, whether "
    "it drifted\nfrom the migrations it applied. Exit status 1 when an "
    "applied migration was\nedited or lost, a file disagrees with "
    "retort.sum, or the database drifted.",
    rt_project_opts,
};

static int setup(rt_project *p, rt_vec *migs, rt_cli *cli,
		 const rt_opt_spec *spec, int argc, char **argv, int *status)
{
	rt_project_flags flags;
	rt_error err = RT_ERROR_INIT;
	if (rt_project_command(p, &flags, cli, spec, argc, argv, status) < 0)
		return -1;
	if (rt_project_migrations(migs, cli->arena, p, &err) < 0) {
		*status = rt_cli_report(&err);
		return -1;
	}
	return 0;
}

/* The first header line of m, or "". */
static const char *title(const rt_migration *m)
{
	for (size_t i = 0; i < m->header.len; i++) {
		const char *line = RT_VEC_AT(m->header, i);
		while (*line == ' ')
			line++;
		if (*line)
			return line;
	}
	return "";
}

int cmd_current(int argc, char **argv, rt_cli *cli)
{
	rt_project p;
	rt_vec migs = {0};
	rt_error err = RT_ERROR_INIT;
	rt_conn *conn = NULL;
	rt_applied *applied = NULL;
	size_t napplied = 0;
	int status = RT_EXIT_OK;

	if (setup(&p, &migs, cli, &current_spec, argc, argv, &status) < 0)
		return status;
	if (rt_project_connect(&conn, &p, false, cli->arena, &err) < 0 ||
	    rt_runner_status(&applied, &napplied, conn, cli->arena, &err) < 0) {
		status = rt_cli_report(&err);
		goto out;
	}
	uint64_t cur = rt_project_current(applied, napplied);
	size_t pending = 0;
	const char *name = NULL;
	for (size_t i = 0; i < migs.len; i++) {
		const rt_project_mig *m = RT_VEC_AT(migs, i);
		bool done = false;
		for (size_t j = 0; j < napplied; j++)
			if ((uint64_t)applied[j].version == m->mig->version)
				done = true;
		if (!done)
			pending++;
		if (m->mig->version == cur)
			name = m->mig->name;
	}
	if (cur == 0)
		printf("base");
	else if (name)
		printf("%s", name);
	else
		printf("%04llu (no file)", (unsigned long long)cur);
	if (pending == 0)
		printf(" (head)\n");
	else
		printf(" (%zu pending)\n", pending);
out:
	rt_conn_close(conn);
	return status;
}

int cmd_history(int argc, char **argv, rt_cli *cli)
{
	rt_project p;
	rt_vec migs = {0};
	int status = RT_EXIT_OK;

	if (setup(&p, &migs, cli, &history_spec, argc, argv, &status) < 0)
		return status;
	if (migs.len == 0)
		printf("no migrations in %s\n", p.migrations);
	for (size_t i = 0; i < migs.len; i++) {
		const rt_project_mig *m = RT_VEC_AT(migs, i);
		const char *t = title(m->mig);
		printf("%s%s%s%s\n", m->mig->name, *t ? "  " : "", t,
		       i + 1 == migs.len ? "  (head)" : "");
	}
	return status;
}

static const char *sum_problem(rt_migdir_problem_kind k)
{
	switch (k) {
	case RT_MIGDIR_EDITED:
		return "edited since retort.sum recorded it";
	case RT_MIGDIR_MISSING:
		return "recorded in retort.sum, but the file is gone";
	case RT_MIGDIR_UNRECORDED:
		return "not recorded in retort.sum";
	}
	return "";
}

int cmd_status(int argc, char **argv, rt_cli *cli)
{
	rt_project p;
	rt_vec migs = {0}, problems = {0};
	rt_error err = RT_ERROR_INIT;
	rt_conn *conn = NULL;
	rt_applied *applied = NULL;
	size_t napplied = 0;
	int status = RT_EXIT_OK;
	bool finding = false;

	if (setup(&p, &migs, cli, &status_spec, argc, argv, &status) < 0)
		return status;
	if (rt_migdir_verify(&problems, cli->arena, p.migrations, &err) < 0) {
		status = rt_cli_report(&err);
		goto out;
	}
	if (p.database_url) {
		if (rt_project_connect(&conn, &p, false, cli->arena, &err) <
			0 ||
		    rt_runner_status(&applied, &napplied, conn, cli->arena,
				     &err) < 0) {
			status = rt_cli_report(&err);
			goto out;
		}
	}
	rt_run_mig *files =
	    rt_arena_alloc(cli->arena, (migs.len + 1) * sizeof(*files));
	for (size_t i = 0; i < migs.len; i++)
		files[i] = ((rt_project_mig *)RT_VEC_AT(migs, i))->run;
	rt_mig_status *st = NULL;
	size_t nst = 0;
	rt_runner_compare(&st, &nst, cli->arena, files, migs.len, applied,
			  napplied);
	size_t pending = 0;
	for (size_t i = 0; i < nst; i++) {
		const rt_mig_status *s = &st[i];
		const char *name = s->file ? s->file->path : NULL;
		if (name && strrchr(name, '/'))
			name = strrchr(name, '/') + 1;
		switch (s->state) {
		case RT_MIG_PENDING:
			pending++;
			printf("%-40s %s\n", name,
			       conn ? "pending" : "(no database)");
			break;
		case RT_MIG_APPLIED:
			printf("%-40s applied %s by %s\n", name,
			       s->applied->applied_at, s->applied->applied_by);
			break;
		case RT_MIG_EDITED:
			finding = true;
			printf("%-40s EDITED since it was applied %s\n", name,
			       s->applied->applied_at);
			break;
		case RT_MIG_MISSING:
			finding = true;
			printf("%-40s MISSING: applied %s, no file\n",
			       rt_arena_printf(cli->arena, "%04lld_%s.sql",
					       s->applied->version,
					       s->applied->name),
			       s->applied->applied_at);
			break;
		}
	}
	for (size_t i = 0; i < problems.len; i++) {
		const rt_migdir_problem *pr = RT_VEC_AT(problems, i);
		finding = true;
		printf("retort.sum: %s: %s\n", pr->name, sum_problem(pr->kind));
	}
	if (conn)
		printf("%zu applied, %zu pending\n", napplied, pending);
	if (conn && !finding) {
		/* drift: the database against what its migrations build;
		 * only when the files it applied are all there as applied */
		rt_vec drift = {0};
		rt_schema *want, *live;
		rt_error derr = RT_ERROR_INIT;
		if (rt_project_drift_from(&drift, &want, &live, cli, &p, &migs,
					  applied, napplied, &derr) < 0) {
			if (derr.code != RT_EINPUT) {
				status = rt_cli_report(&derr);
				goto out;
			}
			/* e.g. a migration below the current one not applied
			 * yet: the comparison would be a guess */
			printf("drift: not checked: %s\n", derr.msg);
		} else if (drift.len) {
			printf("drift: the database differs from its "
			       "migrations in %zu change%s ('retort check' "
			       "prints them)\n",
			       drift.len, drift.len == 1 ? "" : "s");
			status = RT_EXIT_FINDING;
		}
	}
	if (finding) {
		fprintf(stderr,
			"hint: an edited or missing applied migration: "
			"restore it from version control; a file retort.sum "
			"does not know: record it with 'retort hash' once "
			"reviewed\n");
		status = RT_EXIT_FINDING;
	}
out:
	rt_conn_close(conn);
	return status;
}
