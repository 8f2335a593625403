/* SPDX-License-Identifier: MIT */
/*
 * The command-line layer's shared declarations: the command table, the
 * per-command option tables (one table drives getopt_long and --help), the
 * error reporter and the schema helpers the commands share. Only src/cli/
 * prints, reads argv or the environment, or decides the exit status.
 */
#ifndef RT_CLI_CMD_H
#define RT_CLI_CMD_H

#include "base/common.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/buf.h"
#include "diff/diff.h"
#include "load/load.h"
#include "plan/plan.h"
#include "schema/schema.h"

#define RT_VERSION "0.1.0"

/* Exit statuses (DESIGN.md "Command line"). */
enum rt_exit {
	RT_EXIT_OK = 0,
	RT_EXIT_FINDING = 1, /* drift, hazard, failed check */
	RT_EXIT_INPUT = 2,   /* bad input or usage */
	RT_EXIT_FAILURE = 3, /* database, I/O or internal failure */
};

/* Setup a command asks main for before it runs. */
enum rt_cmd_flags {
	RT_CMD_NONE = 0,
	RT_CMD_CONFIG = 1 << 0, /* reads the project configuration */
	RT_CMD_DB = 1 << 1,	/* needs a database connection */
};

/* What main hands every command. */
typedef struct rt_cli {
	rt_arena *arena;     /* the one arena of this run, freed by main */
	const char *cmd;     /* the command's name, for messages */
	const char *python;  /* --python: SQLModel models are imported by
			      * this interpreter (NULL: read statically) */
	const char *dev_url; /* --dev-url: SQL sources go through a scratch
			      * database there (NULL: symbolically) */
	rt_snapshot_mode snapshot; /* $RETORT_SNAPSHOT: auto, always, never */
	rt_dialect dialect;	   /* the database SQLModel models are read for
				    * (inspect --dialect; diff: the other side's) */
} rt_cli;

typedef int (*rt_cmd_fn)(int argc, char **argv, rt_cli *cli);

typedef struct rt_command {
	const char *name;
	rt_cmd_fn fn;
	unsigned flags; /* enum rt_cmd_flags */
	const char *summary;
} rt_command;

/* The table, alphabetical, terminated by a row with name NULL. */
extern const rt_command rt_cli_commands[];

/* NULL when name is not a command. */
const rt_command *rt_cli_find_command(const char *name);

/* ---- commands (cmd_<verb>.c) ---- */
int cmd_check(int argc, char **argv, rt_cli *cli);
int cmd_current(int argc, char **argv, rt_cli *cli);
int cmd_diff(int argc, char **argv, rt_cli *cli);
int cmd_downgrade(int argc, char **argv, rt_cli *cli);
int cmd_hash(int argc, char **argv, rt_cli *cli);
int cmd_history(int argc, char **argv, rt_cli *cli);
int cmd_init(int argc, char **argv, rt_cli *cli);
int cmd_inspect(int argc, char **argv, rt_cli *cli);
int cmd_lint(int argc, char **argv, rt_cli *cli);
int cmd_plan(int argc, char **argv, rt_cli *cli);
int cmd_purge(int argc, char **argv, rt_cli *cli);
int cmd_renumber(int argc, char **argv, rt_cli *cli);
int cmd_revision(int argc, char **argv, rt_cli *cli);
int cmd_stamp(int argc, char **argv, rt_cli *cli);
int cmd_status(int argc, char **argv, rt_cli *cli);
int cmd_upgrade(int argc, char **argv, rt_cli *cli);
int cmd_verify(int argc, char **argv, rt_cli *cli);

/* --python's interpreter: arg when given, else /usr/bin/python3 when it
 * exists, else python3 found on PATH. */
const char *rt_cli_python(const char *arg);

/* ---- options (opts.c) ---- */

/* One option of a command: drives both getopt_long and --help. */
typedef struct rt_opt {
	const char *name;    /* long name without "--" */
	char shortname;	     /* 0 when none */
	const char *argname; /* NULL for a flag without argument */
	const char *help;
	int id; /* returned by rt_cli_opts_next; > 255 or the short name */
} rt_opt;

/* How a command describes itself to the option parser and to --help. */
typedef struct rt_opt_spec {
	const char *usage;   /* "diff FROM TO [options]" */
	const char *summary; /* one line */
	const char *details; /* optional paragraph after the options, or NULL */
	const rt_opt *opts;  /* terminated by a row with name NULL */
} rt_opt_spec;

/*
 * Parses argv (argv[0] is the command name) against spec. Calls cb for
 * every option with its id and argument (NULL for flags); cb returns 0, or
 * an exit status to stop. --help is built in: prints the help to stdout and
 * returns RT_EXIT_OK through *done. On a usage error prints it with the
 * usage line to stderr and sets *done to RT_EXIT_INPUT. Otherwise *done is
 * -1 and *first_arg is the index of the first positional argument.
 * Returns 0, or -1 when the caller must return *done.
 */
int rt_cli_opts_parse(int *first_arg, int *done, int argc, char **argv,
		      const rt_opt_spec *spec,
		      int (*cb)(void *ctx, int id, const char *arg), void *ctx);

/* Prints the command's help (usage, summary, options) to f. */
void rt_cli_opts_help(FILE *f, const rt_opt_spec *spec);

/* Prints "retort: <message>" and the usage line to stderr; returns 2. */
int rt_cli_usage_error(const rt_opt_spec *spec, const char *fmt, ...)
    RT_PRINTF(2, 3);

/* ---- reporting (report.c) ---- */

/* The exit status for an error code: 0, 2 or 3. */
int rt_cli_exit_code(rt_errcode code);

/*
 * Prints err to stderr as "retort: file:line:col: message" (or
 * "retort: object: message", or "retort: message"), then "detail: ..."
 * and "hint: ..." lines when set. Returns the exit status for its code.
 */
int rt_cli_report(const rt_error *err);

/* Names every unmanaged object of s on stderr, one line each:
 * "retort: file:line: unmanaged: view public.v". */
void rt_cli_report_unmanaged(const rt_schema *s);

/* ---- loading shared by the commands ---- */

/* Loads source with rt_load into cli's arena and applies f. */
int rt_cli_load(rt_schema **out, rt_cli *cli, const char *source,
		const rt_schema_filter *f, rt_error *err);

/* "postgresql" / "sqlite" as a dialect, for --dialect; a usage error (its
 * exit status) otherwise. 0 when it is one. */
int rt_cli_dialect(rt_dialect *out, const rt_opt_spec *spec, const char *arg);

/* The name of a dialect in messages: "PostgreSQL", "SQLite". */
const char *rt_cli_dialect_name(rt_dialect d);
/* ---- renames (rename.c) ---- */

/*
 * Appends to changes the diff from `from` to `to` with renames
 * (rt_diff_renames's list, or for the down migration from TO to FROM
 * rt_diff_renames_invert's): from is renamed in place (rt_load_rename),
 * the RENAME changes come first, then those that follow them
 * (rt_diff_follow_renames), then rt_diff's. Everything in arena a.
 */
int rt_cli_diff_renamed(rt_vec *changes, rt_arena *a, rt_schema *from,
			const rt_schema *to, const rt_vec *renames,
			rt_error *err);

/* Prints each hint (rt_rename *) to stderr: "hint: public.tasks.title may
 * have been renamed to name: --rename public.tasks.title=name". */
void rt_cli_report_hints(const rt_vec *hints);

/* ---- safe forms (safe.c) ---- */

/*
 * Reads "schema.table.column=SQLEXPR" (--backfill; "table.column=..." is
 * in schema public) into out, in arena a: names as written (no quotes),
 * the expression as it is after the first '='. A missing part, an empty
 * expression or one with ';' (not one expression) is RT_EUSAGE.
 */
int rt_cli_backfill_parse(rt_backfill *out, rt_arena *a, const char *arg,
			  rt_error *err);

/*
 * Prints each refusal (rt_refusal *, rt_plan_safe) to stderr as
 * "retort: refusing 'STATEMENT': HAZARD" and "hint: INSTEAD", the
 * statement rendered in dialect d. Returns RT_EXIT_FINDING (1), or the
 * status of a rendering failure.
 */
int rt_cli_report_refusals(const rt_vec *refusals, rt_arena *a, rt_dialect d);

/* RT_EXIT_OK when every --backfill (rt_backfill *) was used by the plan;
 * otherwise prints a usage error naming the first that was not and
 * returns RT_EXIT_INPUT. */
int rt_cli_backfills_used(const rt_vec *backfills);

#endif
