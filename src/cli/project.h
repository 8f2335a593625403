/* SPDX-License-Identifier: MIT */
/*
 * The project the lifecycle commands (init, revision, upgrade, downgrade,
 * current, history, status, check, stamp, renumber) work on: where its
 * models, migrations folder and database are (flags, then the environment,
 * then [tool.retort] in the nearest pyproject.toml), the migrations folder
 * read into runner input, and the targets (head, base, a version, +N, -N).
 */
#ifndef RT_CLI_PROJECT_H
#define RT_CLI_PROJECT_H

#include "base/common.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/sql.h"
#include "base/vec.h"
#include "cli/cmd.h"
#include "migdir/migdir.h"
#include "runner/runner.h"

/* The option ids of the project options every lifecycle command takes. */
enum {
	RT_PROJ_OPT_MODELS = 0x1000,
	RT_PROJ_OPT_MIGRATIONS,
	RT_PROJ_OPT_URL,
	RT_PROJ_OPT_DIALECT,
};

/* The rows of those options, for a command's option table. */
#define RT_PROJECT_OPT_ROWS                                                    \
	{"models", 0, "M",                                                     \
	 "the SQLModel models: a .py file, a directory or a module name",      \
	 RT_PROJ_OPT_MODELS},                                                  \
	    {"migrations", 0, "DIR",                                           \
	     "the migrations folder (default: migrations)",                    \
	     RT_PROJ_OPT_MIGRATIONS},                                          \
	    {"database-url", 0, "URL",                                         \
	     "postgres://... or sqlite:///path.db (default: $DATABASE_URL)",   \
	     RT_PROJ_OPT_URL},                                                 \
	{                                                                      \
		"dialect", 0, "D",                                             \
		    "postgresql or sqlite, when no database URL says it",      \
		    RT_PROJ_OPT_DIALECT                                        \
	}

/* What the command line said (NULL: not given). */
typedef struct rt_project_flags {
	const char *models, *migrations, *database_url, *dialect;
} rt_project_flags;

/* Records a project option in f: 1 when id is one, 0 when it is not. */
int rt_project_flag(rt_project_flags *f, int id, const char *arg);

/* The option table of a command whose only options are the project's. */
extern const rt_opt rt_project_opts[];

typedef struct rt_project {
	const char *pyproject;	  /* the pyproject.toml read, NULL: none */
	const char *models;	  /* a source for rt_load; NULL: not set */
	const char *migrations;	  /* the folder's path */
	const char *database_url; /* NULL: not set */
	rt_dialect dialect;
	bool dialect_defaulted; /* no URL nor dialect setting said it */
	/* [tool.retort] lock_timeout, statement_timeout (ms; -1: not set)
	 * and lock_retries (-1: not set), for upgrade and downgrade */
	long long lock_timeout_ms, statement_timeout_ms;
	long long lock_retries;
} rt_project;

/*
 * Fills p from flags, then $DATABASE_URL, then [tool.retort] of the
 * pyproject.toml in the current directory or the nearest parent (keys
 * models, migrations, database_url, dialect; paths in it are relative to
 * its directory; lock_timeout and statement_timeout, a duration string as
 * rt_runner_parse_duration reads it or an integer of ms, and lock_retries,
 * an integer from 0 to 100). A malformed pyproject.toml or a key of the wrong
 * type: RT_EINPUT at its line. The dialect is the URL's, else the dialect
 * setting, else PostgreSQL.
 */
int rt_project_load(rt_project *p, rt_arena *a, const rt_project_flags *flags,
		    rt_error *err);

/*
 * For a command whose only options are the project's (spec's table is
 * rt_project_opts) and that takes no argument: parses argv, leaving the
 * flags in *flags, and loads the project into p. -1 with *status the
 * exit status when the command must stop there (--help, a usage error,
 * a bad configuration, reported).
 */
int rt_project_command(rt_project *p, rt_project_flags *flags, rt_cli *cli,
		       const rt_opt_spec *spec, int argc, char **argv,
		       int *status);

/* A migration file of the project, read. */
typedef struct rt_project_mig {
	const char *path;  /* migrations/0003_add_tags.sql */
	rt_migration *mig; /* parsed */
	char checksum[65]; /* SHA-256 of the file, hex */
	rt_run_mig run;	   /* the runner's view of it */
} rt_project_mig;

/*
 * Reads every migration file of p's folder into out (rt_project_mig *, by
 * version). A missing folder: RT_EINPUT with a hint to run `retort init`.
 * Two files with one number: RT_EINPUT naming both, with the hint to run
 * `retort renumber`. A file that does not parse: its error.
 */
int rt_project_migrations(rt_vec *out, rt_arena *a, const rt_project *p,
			  rt_error *err);

/* The migration files of p's folder as rt_migdir_list gives them
 * (rt_migdir_entry *, by version), neither read nor hashed: what check
 * and revision need when the replay is taken from the snapshot. Errors
 * as rt_project_migrations' but those of a file's text, which the
 * replay reports. */
int rt_project_migration_names(rt_vec *out, rt_arena *a, const rt_project *p,
			       rt_error *err);

/* Opens p's database; none configured is RT_EUSAGE saying how to give it.
 * A SQLite file that does not exist is created only when create is set
 * (upgrade, stamp); otherwise it is RT_EIO naming it. */
int rt_project_connect(rt_conn **out, const rt_project *p, bool create,
		       rt_arena *a, rt_error *err);

/*
 * A target: "head", "base", a version ("3", "0003", or a file name's
 * beginning, "0003_add_tags"), "+N" or "-N" counted from current (the
 * highest applied version, 0 when none), among migs (by version). *out
 * is the version to end at (0 for base). An unknown target: RT_EUSAGE
 * naming it.
 */
int rt_project_target(uint64_t *out, const char *target, const rt_vec *migs,
		      uint64_t current, rt_error *err);

/* Who runs the command, for the tracking table on SQLite: $USER, else
 * the login name of the user id, else "". */
const char *rt_project_user(void);

/* The highest applied version (0: none). */
uint64_t rt_project_current(const rt_applied *applied, size_t napplied);

/*
 * The schema obtained by replaying the up sections of p's migrations
 * through version upto (0: all; UINT64_MAX: none, the empty schema of
 * p's dialect), without a database.
 */
int rt_project_replay(rt_schema **out, rt_cli *cli, const rt_project *p,
		      uint64_t upto, rt_error *err);

/* The models of p read for p's dialect; none configured is RT_EUSAGE. */
int rt_project_models(rt_schema **out, rt_cli *cli, const rt_project *p,
		      rt_error *err);

/*
 * Drift: appends to out the changes from the schema p's applied
 * migrations build (*want_out) to p's live database (*live_out); empty
 * when it matches. The applied set must be every file up to the current
 * version (RT_EINPUT otherwise, saying which is not). Returns 1, with
 * nothing compared, when p's database is a SQLite file that does not
 * exist yet (no migration applied, nothing can have drifted).
 */
int rt_project_drift(rt_vec *out, rt_schema **want_out, rt_schema **live_out,
		     rt_cli *cli, const rt_project *p, const rt_vec *migs,
		     rt_error *err);

/* The same for a caller that has read the tracking table already
 * (applied[0..napplied), rt_runner_status): no connection of its own. */
int rt_project_drift_from(rt_vec *out, rt_schema **want_out,
			  rt_schema **live_out, rt_cli *cli,
			  const rt_project *p, const rt_vec *migs,
			  const rt_applied *applied, size_t napplied,
			  rt_error *err);

#endif
