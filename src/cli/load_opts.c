/* SPDX-License-Identifier: MIT */
/*
 * Loading a source for a command: rt_load, then the --schema /
 * --exclude-schema filter. Shared by diff and inspect so both treat
 * sources the same way. "-" is SQL read from standard input.
 */
#include "base/common.h"
#include "cli/cmd.h"
#include "load/load.h"

int rt_cli_load(rt_schema **out, rt_cli *cli, const char *source,
		const rt_schema_filter *f, rt_error *err)
{
	rt_schema *s = NULL;
	if (!source || !*source)
		return rt_errorf(err, RT_EUSAGE, "empty source");
	rt_load_opts opts = {.dev_url = cli->dev_url};
	if (rt_load(&s, cli->arena, source, &opts, err) < 0)
		return -1;
	rt_schema_filter_apply(s, f);
	*out = s;
	return 0;
}
