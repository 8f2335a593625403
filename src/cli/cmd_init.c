/* SPDX-License-Identifier: MIT */
/*
 * The migrations folder's housekeeping: `retort init` (the folder, its
 * retort.sum, and [tool.retort] in pyproject.toml), `retort hash` (record
 * the files as they are in retort.sum) and `retort renumber` (give two
 * migrations that share a number, after a merge, numbers of their own).
 */
#include "base/common.h"
#include "cli/cmd.h"
#include "cli/project.h"

#include <errno.h>
#include <sys/stat.h>

static const rt_opt_spec init_spec = {
    "init [options]",
    "Create the migrations folder and the project's configuration.",
    "Makes the folder (default migrations) with an empty retort.sum and, "
    "unless\nthe nearest pyproject.toml has a [tool.retort] table, adds "
    "one to the\npyproject.toml of this directory (created if need be) "
    "with the options given.",
    rt_project_opts,
};

static const rt_opt_spec hash_spec = {
    "hash [options]",
    "Record every migration file's hash in retort.sum as the file is now.",
    "For hand edits made on purpose; review them first: retort.sum is what "
    "tells\nan edited migration from the one that was written.",
    rt_project_opts,
};

static const rt_opt_spec renumber_spec = {
    "renumber [options]",
    "Give migrations that share a number (two branches merged) their own.",
    "In each group the one the database has applied (when a database is "
    "given)\nor else the first by name keeps its number; the others move "
    "after the\nhighest. retort.sum follows the new names.",
    rt_project_opts,
};

/* mkdir -p path. */
static int mkdir_parents(const char *path)
{
	char buf[4096];
	size_t n = strlen(path);
	if (n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0777) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0777) < 0 && errno != EEXIST ? -1 : 0;
}

/* A TOML basic string holding s. */
static void add_toml_string(rt_buf *b, const char *s)
{
	rt_buf_addch(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			rt_buf_addch(b, '\\');
		rt_buf_addch(b, *s);
	}
	rt_buf_addch(b, '"');
}

int cmd_init(int argc, char **argv, rt_cli *cli)
{
	rt_project p;
	rt_project_flags flags;
	rt_error err = RT_ERROR_INIT;
	rt_vec entries = {0};
	int status = RT_EXIT_OK;

	if (rt_project_command(&p, &flags, cli, &init_spec, argc, argv,
			       &status) < 0)
		return status;
	/* configuration: leave an existing [tool.retort] alone */
	bool configured = false;
	if (p.pyproject) {
		FILE *f = fopen(p.pyproject, "r");
		char line[1024];
		while (f && fgets(line, sizeof(line), f))
			if (strncmp(line, "[tool.retort]", 13) == 0)
				configured = true;
		if (f)
			fclose(f);
	}
	/* without it, this folder is the project's: its pyproject.toml gets
	 * the table, and the migrations folder is relative to it */
	if (!configured)
		p.migrations =
		    flags.migrations ? flags.migrations : "migrations";

	struct stat st;
	if (stat(p.migrations, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			rt_errorf(&err, RT_EINPUT, "%s is not a folder",
				  p.migrations);
			return rt_cli_report(&err);
		}
		if (rt_migdir_list(&entries, cli->arena, p.migrations, &err) <
		    0)
			return rt_cli_report(&err);
		const char *sum = rt_arena_printf(cli->arena, "%s/%s",
						  p.migrations, RT_MIGDIR_SUM);
		if (stat(sum, &st) == 0) {
			/* set up already: a second init would reset the
			 * integrity file */
			rt_errorf(&err, RT_EINPUT,
				  "%s is set up already (it has %s)",
				  p.migrations, RT_MIGDIR_SUM);
			rt_error_hint(&err, "'retort revision' writes the "
					    "next migration");
			return rt_cli_report(&err);
		}
		if (entries.len) {
			rt_errorf(&err, RT_EINPUT,
				  "%s already holds %zu migration%s",
				  p.migrations, entries.len,
				  entries.len == 1 ? "" : "s");
			rt_error_hint(&err, "the project is set up; 'retort "
					    "revision' writes the next one");
			return rt_cli_report(&err);
		}
	} else if (mkdir_parents(p.migrations) < 0) {
		rt_errorf(&err, RT_EIO, "cannot create %s: %s", p.migrations,
			  strerror(errno));
		return rt_cli_report(&err);
	}
	if (rt_migdir_sum_write(p.migrations, &entries, cli->arena, &err) < 0)
		return rt_cli_report(&err);
	printf("created %s/ with an empty %s\n", p.migrations, RT_MIGDIR_SUM);

	if (configured) {
		printf("%s already has [tool.retort]\n", p.pyproject);
		return status;
	}
	rt_buf b = RT_BUF_INIT;
	rt_buf_adds(&b, "\n[tool.retort]\n");
	if (flags.models) {
		rt_buf_adds(&b, "models = ");
		add_toml_string(&b, flags.models);
		rt_buf_addch(&b, '\n');
	} else {
		rt_buf_adds(&b, "# models = \"app/models.py\"   # a file, a "
				"folder or a module name\n");
	}
	rt_buf_adds(&b, "migrations = ");
	add_toml_string(&b, flags.migrations ? flags.migrations : "migrations");
	rt_buf_addch(&b, '\n');
	if (flags.database_url) {
		rt_buf_adds(&b, "database_url = ");
		add_toml_string(&b, flags.database_url);
		rt_buf_addch(&b, '\n');
	} else {
		rt_buf_adds(&b, "# database_url = \"sqlite:///app.db\"   # or "
				"postgresql://...; $DATABASE_URL wins\n");
	}
	const char *path = "pyproject.toml";
	FILE *f = fopen(path, "a");
	if (!f || fwrite(b.data, 1, b.len, f) != b.len || fclose(f) != 0) {
		rt_errorf(&err, RT_EIO, "cannot write %s: %s", path,
			  strerror(errno));
		rt_buf_release(&b);
		return rt_cli_report(&err);
	}
	rt_buf_release(&b);
	printf("added [tool.retort] to %s\n", path);
	return status;
}

int cmd_hash(int argc, char **argv, rt_cli *cli)
{
	rt_project p;
	rt_project_flags flags;
	rt_error err = RT_ERROR_INIT;
	rt_vec entries = {0};
	int status = RT_EXIT_OK;

	if (rt_project_command(&p, &flags, cli, &hash_spec, argc, argv,
			       &status) < 0)
		return status;
	if (rt_migdir_list(&entries, cli->arena, p.migrations, &err) < 0 ||
	    rt_migdir_sum_write(p.migrations, &entries, cli->arena, &err) < 0)
		return rt_cli_report(&err);
	printf("recorded %zu file%s in %s/%s\n", entries.len,
	       entries.len == 1 ? "" : "s", p.migrations, RT_MIGDIR_SUM);
	return status;
}

int cmd_renumber(int argc, char **argv, rt_cli *cli)
{
	rt_project p;
	rt_project_flags flags;
	rt_error err = RT_ERROR_INIT;
	rt_vec entries = {0}, keep = {0}, plan = {0};
	int status = RT_EXIT_OK;

	if (rt_project_command(&p, &flags, cli, &renumber_spec, argc, argv,
			       &status) < 0)
		return status;
	if (rt_migdir_list(&entries, cli->arena, p.migrations, &err) < 0)
		return rt_cli_report(&err);
	if (p.database_url) {
		/* what the database applied keeps its number */
		rt_conn *conn = NULL;
		rt_applied *applied = NULL;
		size_t n = 0;
		if (rt_project_connect(&conn, &p, false, cli->arena, &err) <
			0 ||
		    rt_runner_status(&applied, &n, conn, cli->arena, &err) <
			0) {
			rt_conn_close(conn);
			return rt_cli_report(&err);
		}
		rt_conn_close(conn);
		for (size_t i = 0; i < n; i++)
			rt_vec_push(&keep, cli->arena,
				    (void *)rt_migdir_file_name(
					cli->arena,
					(uint64_t)applied[i].version,
					applied[i].name));
	}
	rt_migdir_renumber_plan(&plan, cli->arena, &entries, &keep);
	if (plan.len == 0) {
		printf("every migration has a number of its own\n");
		return status;
	}
	if (rt_migdir_renumber_apply(p.migrations, &plan, cli->arena, &err) < 0)
		return rt_cli_report(&err);
	for (size_t i = 0; i < plan.len; i++) {
		const rt_migdir_rename *r = RT_VEC_AT(plan, i);
		printf("renamed %s to %s\n", r->from, r->to);
	}
	return status;
}
