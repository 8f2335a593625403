/* SPDX-License-Identifier: MIT */
/*
 * The command table (STYLE.md section 6): name, function, the setup main
 * does first, and the one-line summary "retort --help" lists. Keep it
 * alphabetical.
 */
#include "base/common.h"
#include "cli/cmd.h"

const rt_command rt_cli_commands[] = {
    {"check", cmd_check, RT_CMD_CONFIG,
     "exit 1 when the models and the migrations differ"},
    {"current", cmd_current, RT_CMD_CONFIG | RT_CMD_DB,
     "print the database's current migration"},
    {"diff", cmd_diff, RT_CMD_NONE,
     "print the SQL that turns source FROM into source TO"},
    {"downgrade", cmd_downgrade, RT_CMD_CONFIG | RT_CMD_DB,
     "roll back migrations (default: the last one)"},
    {"hash", cmd_hash, RT_CMD_CONFIG,
     "record the migration files' hashes in retort.sum"},
    {"history", cmd_history, RT_CMD_CONFIG, "list the migrations"},
    {"init", cmd_init, RT_CMD_CONFIG,
     "create the migrations folder and the configuration"},
    {"inspect", cmd_inspect, RT_CMD_NONE, "print a schema as SQL or JSON"},
    {"lint", cmd_lint, RT_CMD_NONE, "report the hazards of SQL statements"},
    {"plan", cmd_plan, RT_CMD_CONFIG,
     "review the pending migrations: changes, risk, estimates"},
    {"purge", cmd_purge, RT_CMD_CONFIG | RT_CMD_DB,
     "list or delete the tables and columns migrations parked"},
    {"renumber", cmd_renumber, RT_CMD_CONFIG,
     "renumber migrations that share a number after a merge"},
    {"revision", cmd_revision, RT_CMD_CONFIG,
     "write the next migration (the models' changes, or empty)"},
    {"stamp", cmd_stamp, RT_CMD_CONFIG | RT_CMD_DB,
     "record a version as applied without running anything"},
    {"status", cmd_status, RT_CMD_CONFIG,
     "show each migration's state and the integrity file's"},
    {"upgrade", cmd_upgrade, RT_CMD_CONFIG | RT_CMD_DB,
     "apply pending migrations (default: all)"},
    {"verify", cmd_verify, RT_CMD_CONFIG,
     "prove the migrations round-trip on a scratch database"},
    {NULL, NULL, 0, NULL},
};

const rt_command *rt_cli_find_command(const char *name)
{
	for (const rt_command *c = rt_cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}
