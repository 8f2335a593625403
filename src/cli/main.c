/* SPDX-License-Identifier: MIT */
/*
 * retort's entry point: global options (--help, --version), then the
 * command from the table in commands.c, run with the one arena of this
 * run. main frees the arena and shuts the loaders down, so valgrind sees
 * a zero baseline.
 */
#include "base/common.h"
#include "base/arena.h"
#include "cli/cmd.h"
#include "load/load.h"

#include <errno.h>
#include <malloc.h>
#include <signal.h>

static volatile sig_atomic_t caught;

/* SIGINT / SIGTERM: a scratch database in use is cleaned up by the
 * loader (which sees its statement cancelled) before the command
 * returns; otherwise the signal does what it always does. */
static void on_signal(int sig)
{
	caught = sig;
	if (!rt_load_interrupt()) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
}

static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static void usage(FILE *f)
{
	fputs("usage: retort [--help | --version] COMMAND [ARGS]\n\n"
	      "retort: schema migrations for PostgreSQL and SQLite\n\n"
	      "commands:\n",
	      f);
	for (const rt_command *c = rt_cli_commands; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->summary);
	fputs("\nsources (diff, inspect): postgres://... or postgresql://... "
	      "(a live database),\nsqlite:///PATH (a SQLite file), FILE.sql "
	      "(DDL), - (DDL on stdin), FILE.json,\nSQLModel models (a .py "
	      "file, a folder, a module name), a migrations folder\n(DIR or "
	      "DIR@VERSION)\n"
	      "'retort COMMAND --help' describes a command.\n"
	      "exit status: 0 ok, 1 a finding, 2 bad input or usage, "
	      "3 database or I/O failure\n",
	      f);
}

/*
 * The exit status once standard output is flushed: a failed write (a full
 * disk, a closed pipe's EPIPE with SIGPIPE ignored) turns success into
 * RT_EXIT_FAILURE, with a message. A write that failed during the command
 * set the stream's error flag, but its errno is long gone (a later call
 * may have cleared it): the reason is given only when this flush fails.
 */
static int output_written(int status)
{
	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return status;
	if (errno != 0)
		fprintf(stderr, "retort: cannot write the output: %s\n",
			strerror(errno));
	else
		fputs("retort: cannot write the output: a write to standard "
		      "output failed\n",
		      stderr);
	return status == RT_EXIT_OK ? RT_EXIT_FAILURE : status;
}

int main(int argc, char **argv)
{
	const rt_command *cmd;
	rt_cli cli = {0};
	char *help_argv[4];
	int status;

	/* Memory freed during the run stays with the process instead of
	 * going back to the kernel at each free() that leaves 128 KB free at
	 * the top of the heap: a live load frees each libpq result once
	 * converted, and the next one grew the heap again into fresh pages
	 * the kernel zeroed (huge pages, 2 MB at a time). Inspecting 1,000
	 * tables: 1,000 fewer page faults, 5 to 7 ms less system time. The
	 * process is short-lived; what it holds is freed at exit. */
#ifdef M_TRIM_THRESHOLD
	(void)mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
#endif
	if (argc < 2) {
		usage(stderr);
		return RT_EXIT_INPUT;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		argv[1] = (char *)"help";
	if (strcmp(argv[1], "help") == 0) {
		if (argc > 2) {
			/* "retort help CMD" is "retort CMD --help" */
			help_argv[0] = argv[0];
			help_argv[1] = argv[2];
			help_argv[2] = (char *)"--help";
			help_argv[3] = NULL;
			argv = help_argv;
			argc = 3;
		} else {
			usage(stdout);
			return output_written(RT_EXIT_OK);
		}
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("retort %s\n", RT_VERSION);
		return output_written(RT_EXIT_OK);
	}
	if (argv[1][0] == '-') {
		fprintf(stderr, "retort: unknown option '%s'\n", argv[1]);
		fputs("usage: retort [--help | --version] COMMAND [ARGS]\n",
		      stderr);
		return RT_EXIT_INPUT;
	}
	cmd = rt_cli_find_command(argv[1]);
	if (!cmd) {
		fprintf(stderr,
			"retort: unknown command '%s'\n"
			"hint: 'retort --help' lists the commands\n",
			argv[1]);
		return RT_EXIT_INPUT;
	}

	cli.arena = rt_arena_new();
	cli.cmd = cmd->name;
	/* RETORT_SNAPSHOT: when a migrations folder's snapshot is used */
	const char *snap = getenv("RETORT_SNAPSHOT");
	if (snap && *snap) {
		if (strcmp(snap, "always") == 0) {
			cli.snapshot = RT_SNAPSHOT_ALWAYS;
		} else if (strcmp(snap, "never") == 0) {
			cli.snapshot = RT_SNAPSHOT_NEVER;
		} else if (strcmp(snap, "auto") != 0) {
			fprintf(stderr,
				"retort: RETORT_SNAPSHOT is '%s': expected "
				"auto, always or never\n",
				snap);
			rt_arena_free(cli.arena);
			return RT_EXIT_INPUT;
		}
	}
	/* RETORT_SQLITE_ROUNDTRIP=1: models read on SQLite through SQLite
	 * itself (tests compare it with the direct read) */
	const char *rtrip = getenv("RETORT_SQLITE_ROUNDTRIP");
	rt_load_sqlite_roundtrip(rtrip && strcmp(rtrip, "1") == 0);
	catch_signals();
	status = cmd->fn(argc - 1, argv + 1, &cli);
	if (caught)
		status = 128 + caught; /* the shell's convention: 130 for ^C */
	rt_arena_free(cli.arena);
	rt_load_shutdown();
	return output_written(status);
}
