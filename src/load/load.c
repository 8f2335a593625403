/* SPDX-License-Identifier: MIT */
/*
 * rt_load: picks the loader by the source's form (a postgres:// URL or a
 * .sql file) and hands the source over. rt_load_shutdown frees what the
 * parser libraries keep per thread.
 */
#include "base/common.h"
#include "load/load.h"
#include "schema/canon.h"

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

int rt_load_source_kind(rt_source_kind *out, const char *source, rt_error *err)
{
	if (has_prefix(source, "postgres://") ||
	    has_prefix(source, "postgresql://")) {
		*out = RT_SOURCE_PG;
		return 0;
	}
	if (has_suffix(source, ".sql")) {
		*out = RT_SOURCE_SQL;
		return 0;
	}
	char shown[512];
	rt_conninfo_redact(shown, sizeof(shown), source);
	return rt_errorf(err, RT_EUSAGE,
			 "unknown source '%s': expected postgres://..., "
			 "postgresql://... or a .sql file",
			 shown);
}

int rt_load(rt_schema **out, rt_arena *a, const char *source, rt_error *err)
{
	rt_source_kind kind;
	if (rt_load_source_kind(&kind, source, err) < 0)
		return -1;
	if (kind == RT_SOURCE_PG)
		return rt_load_pg(out, a, source, NULL, err);
	return rt_load_sql_file(out, a, source, err);
}

void rt_load_shutdown(void)
{
	rt_canon_shutdown();
}
