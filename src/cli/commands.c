/* SPDX-License-Identifier: MIT */
/*
 * The command table (STYLE.md section 6): name, function, the setup main
 * does first, and the one-line summary "retort --help" lists. Keep it
 * alphabetical.
 */
#include "base/common.h"
#include "cli/cmd.h"

const rt_command rt_cli_commands[] = {
    {"diff", cmd_diff, RT_CMD_NONE,
     "print the SQL that turns source FROM into source TO"},
    {"inspect", cmd_inspect, RT_CMD_NONE, "print a schema as SQL or JSON"},
    {NULL, NULL, 0, NULL},
};

const rt_command *rt_cli_find_command(const char *name)
{
	for (const rt_command *c = rt_cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}
