/* SPDX-License-Identifier: MIT */
/*
 * rt_load: picks the loader by the source's form (a postgres:// URL or a
 * .sql file) and hands the source over. rt_load_shutdown frees what the
 * parser libraries keep per thread.
 */
#include "base/common.h"

#include <errno.h>

#include "base/buf.h"
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

/* The whole file as text (malloc'd), for a scratch database. */
static int read_text(char **out, const char *path, rt_error *err)
{
	FILE *f = fopen(path, "rb");
	rt_buf b = RT_BUF_INIT;
	char chunk[65536];
	size_t n;

	if (!f)
		return rt_errorf(err, RT_EIO, "cannot read '%s': %s", path,
				 strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rt_buf_add(&b, chunk, n);
	if (ferror(f)) {
		int e = errno;
		fclose(f);
		rt_buf_release(&b);
		return rt_errorf(err, RT_EIO, "cannot read '%s': %s", path,
				 strerror(e));
	}
	fclose(f);
	if (memchr(b.data, '\0', b.len)) {
		rt_buf_release(&b);
		return rt_errorf(err, RT_EINPUT, "'%s' holds a NUL byte", path);
	}
	*out = rt_buf_detach(&b);
	return 0;
}

int rt_load(rt_schema **out, rt_arena *a, const char *source,
	    const rt_load_opts *opts, rt_error *err)
{
	rt_source_kind kind;
	if (rt_load_source_kind(&kind, source, err) < 0)
		return -1;
	if (kind == RT_SOURCE_PG)
		return rt_load_pg(out, a, source, NULL, err);
	if (opts && opts->dev_url) {
		char *text = NULL;
		int rc;
		if (read_text(&text, source, err) < 0)
			return -1;
		rc = rt_load_sql_scratch(out, a, source, text, opts->dev_url,
					 err);
		free(text);
		return rc;
	}
	return rt_load_sql_file(out, a, source, err);
}

void rt_load_shutdown(void)
{
	rt_canon_shutdown();
}
