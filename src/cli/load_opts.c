/* SPDX-License-Identifier: MIT */
/*
 * Loading a source for a command: rt_load, then the --schema /
 * --exclude-schema filter. Shared by diff and inspect so both treat
 * sources the same way. "-" is SQL read from standard input.
 */
#include "base/common.h"
#include "cli/cmd.h"
#include "load/load.h"

#include <unistd.h>

const char *rt_cli_python(const char *arg)
{
	if (arg && *arg)
		return arg;
	if (access("/usr/bin/python3", X_OK) == 0)
		return "/usr/bin/python3";
	return "python3";
}

int rt_cli_dialect(rt_dialect *out, const rt_opt_spec *spec, const char *arg)
{
	if (strcmp(arg, "postgresql") == 0 || strcmp(arg, "postgres") == 0) {
		*out = RT_DIALECT_PG;
		return 0;
	}
	if (strcmp(arg, "sqlite") == 0) {
		*out = RT_DIALECT_SQLITE;
		return 0;
	}
	return rt_cli_usage_error(spec,
				  "unknown dialect '%s': expected postgresql "
				  "or sqlite",
				  arg);
}

const char *rt_cli_dialect_name(rt_dialect d)
{
	return d == RT_DIALECT_SQLITE ? "SQLite" : "PostgreSQL";
}

int rt_cli_load(rt_schema **out, rt_cli *cli, const char *source,
		const rt_schema_filter *f, rt_error *err)
{
	rt_schema *s = NULL;
	if (!source || !*source)
		return rt_errorf(err, RT_EUSAGE, "empty source");
	rt_error why = RT_ERROR_INIT;
	rt_load_opts opts = {.dev_url = cli->dev_url,
			     .python = cli->python,
			     .dialect = cli->dialect,
			     .fell_back = &why,
			     .snapshot = cli->snapshot};
	if (rt_load(&s, cli->arena, source, &opts, err) < 0)
		return -1;
	if (why.code != RT_OK) {
		/* the static reader refused; the import bridge read them */
		rt_error note = why;
		rt_buf m = RT_BUF_INIT;
		rt_buf_addf(&m,
			    "note: %s; read by importing the models with "
			    "python3 instead",
			    why.msg);
		snprintf(note.msg, sizeof(note.msg), "%.*s",
			 (int)(sizeof(note.msg) - 1), m.data);
		rt_buf_release(&m);
		note.code = RT_OK;
		(void)rt_cli_report(&note);
	}
	rt_schema_filter_apply(s, f);
	*out = s;
	return 0;
}
