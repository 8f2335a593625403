/* SPDX-License-Identifier: MIT */
/*
 * rt_load: picks the loader by the source's form (a postgres:// URL, a
 * .sql or .json file, models, a migrations folder) and hands the source
 * over. rt_load_shutdown frees what the
 * parser libraries keep per thread.
 */
#include "base/common.h"

#include <ctype.h>
#include <errno.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "load/load.h"
#include "load/load_int.h"
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

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* app.models: identifiers joined by dots, at least one dot, and
 * app/models.py or app/models/__init__.py exists below the current
 * directory (schema.txt is no module). */
static bool is_dotted_module(const char *s)
{
	bool dot = false, start = true;
	for (const char *p = s; *p; p++) {
		if (*p == '.') {
			if (start)
				return false;
			dot = start = true;
		} else if (isalpha((unsigned char)*p) || *p == '_' ||
			   (!start && isdigit((unsigned char)*p))) {
			start = false;
		} else {
			return false;
		}
	}
	if (!dot || start)
		return false;
	rt_buf p = RT_BUF_INIT;
	for (const char *c = s; *c; c++)
		rt_buf_addch(&p, *c == '.' ? '/' : *c);
	size_t n = p.len;
	struct stat st;
	rt_buf_adds(&p, ".py");
	bool found = stat(p.data, &st) == 0 && S_ISREG(st.st_mode);
	rt_buf_setlen(&p, n);
	rt_buf_adds(&p, "/__init__.py");
	found |= stat(p.data, &st) == 0 && S_ISREG(st.st_mode);
	rt_buf_release(&p);
	return found;
}

/*
 * A migrations folder, "DIR" or "DIR@VERSION": 1 with the folder's name
 * in dir (caller releases) and the version in *upto (0: all), 0 when
 * source is none, -1 for DIR@X with X no version (RT_EUSAGE).
 */
static int migrations_source(rt_buf *dir, uint64_t *upto, const char *source,
			     rt_error *err)
{
	const char *at = strrchr(source, '@');
	uint64_t v = 0;
	size_t digits = 0;
	rt_buf_reset(dir);
	*upto = 0;
	if (rt_load_is_migrations_dir(source)) {
		rt_buf_adds(dir, source);
		return 1;
	}
	if (!at || at == source)
		return 0;
	rt_buf_add(dir, source, (size_t)(at - source));
	if (!rt_load_is_migrations_dir(dir->data))
		return 0;
	for (const char *p = at + 1; *p; p++, digits++) {
		if (!isdigit((unsigned char)*p) || digits == 18)
			goto bad;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (digits == 0 || v == 0)
		goto bad;
	*upto = v;
	return 1;
bad:
	return rt_errorf(err, RT_EUSAGE,
			 "bad version '%s' in '%s': expected DIR@VERSION, a "
			 "migration's number such as %s@3",
			 at + 1, source, dir->data);
}

int rt_load_source_kind(rt_source_kind *out, const char *source, rt_error *err)
{
	rt_buf dir = RT_BUF_INIT;
	uint64_t upto;
	int mig;
	if (has_prefix(source, "postgres://") ||
	    has_prefix(source, "postgresql://")) {
		*out = RT_SOURCE_PG;
		return 0;
	}
	if (has_prefix(source, "sqlite:")) {
		*out = RT_SOURCE_SQLITE;
		return 0;
	}
	mig = migrations_source(&dir, &upto, source, err);
	rt_buf_release(&dir);
	if (mig < 0)
		return -1;
	if (mig) {
		*out = RT_SOURCE_MIGRATIONS;
		return 0;
	}
	if (has_suffix(source, ".sql")) {
		*out = RT_SOURCE_SQL;
		return 0;
	}
	if (has_suffix(source, ".json")) {
		*out = RT_SOURCE_JSON;
		return 0;
	}
	if (has_suffix(source, ".py") || is_dir(source) ||
	    is_dotted_module(source)) {
		*out = RT_SOURCE_MODELS;
		return 0;
	}
	char shown[512];
	rt_conninfo_redact(shown, sizeof(shown), source);
	return rt_errorf(err, RT_EUSAGE,
			 "unknown source '%s': expected postgres://..., "
			 "postgresql://..., sqlite:///PATH, a .sql or .json "
			 "file, a migrations folder (DIR or DIR@VERSION), or "
			 "SQLModel "
			 "models (a .py file, a directory or a module name "
			 "such as app.models)",
			 shown);
}

/* SQL from the stream f (named name) through a scratch database. */
static int scratch_stream(rt_schema **out, rt_arena *a, const char *name,
			  FILE *f, const char *dev_url, rt_error *err)
{
	rt_sqlsrc src;
	int rc;
	rt_load__src_init(&src, name, f);
	rc = rt_load_sql_scratch(out, a, &src, dev_url, err);
	rt_load__src_release(&src);
	return rc;
}

/*
 * SQLModel models: the import bridge when asked for (opts->python), else
 * the static reader; when that refuses (something only running Python
 * could tell) and a python3 on PATH imports sqlmodel, the bridge reads
 * them instead and opts->fell_back receives the refusal.
 */
static int load_models(rt_schema **out, rt_arena *a, const char *source,
		       const rt_load_opts *opts, rt_error *err)
{
	bool refused;
	rt_dialect d = opts ? opts->dialect : RT_DIALECT_PG;
	if (opts && opts->python && d == RT_DIALECT_SQLITE)
		return rt_errorf(err, RT_EUSAGE,
				 "the import bridge (--python) reads models "
				 "for PostgreSQL only, not for SQLite");
	if (opts && opts->python)
		return rt_load_py_bridge(out, a, opts->python, source, err);
	if (rt_load_sqlmodel(out, a, source, d, &refused, err) == 0)
		return 0;
	if (d == RT_DIALECT_SQLITE)
		return -1; /* the bridge reads for PostgreSQL only */
	if (!refused || (opts && opts->no_fallback))
		return -1;
	const char *py =
	    opts && opts->fallback_python ? opts->fallback_python : "python3";
	if (!rt_load_py_bridge_available(py))
		return -1;
	rt_error why = *err;
	rt_error_clear(err);
	if (rt_load_py_bridge(out, a, py, source, err) < 0)
		return -1;
	if (opts && opts->fell_back)
		*opts->fell_back = why;
	return 0;
}

/* A migrations folder, replayed symbolically whatever opts->dev_url says,
 * with its snapshot; the schema's source is source as written. */
static int load_migrations(rt_schema **out, rt_arena *a, const char *source,
			   rt_dialect dialect, rt_snapshot_mode mode,
			   rt_error *err)
{
	rt_buf dir = RT_BUF_INIT;
	uint64_t upto;
	int rc = -1;
	rt_load_migrations_opts mo = {.dialect = dialect,
				      .use_snapshot = mode != RT_SNAPSHOT_NEVER,
				      .snapshot_if_cheaper =
					  mode == RT_SNAPSHOT_AUTO};
	if (migrations_source(&dir, &upto, source, err) < 0)
		goto done;
	RT_ASSERT(dir.len > 0);
	if (rt_load_migrations(out, a, dir.data, upto, &mo, err) < 0)
		goto done;
	(*out)->source = rt_arena_strdup(a, source);
	rc = 0;
done:
	rt_buf_release(&dir);
	return rc;
}

int rt_load(rt_schema **out, rt_arena *a, const char *source,
	    const rt_load_opts *opts, rt_error *err)
{
	const char *dev_url = opts ? opts->dev_url : NULL;
	rt_source_kind kind;

	if (strcmp(source, "-") == 0) {
		if (dev_url)
			return scratch_stream(out, a, "<stdin>", stdin, dev_url,
					      err);
		return rt_load_sql_stream(out, a, "<stdin>", stdin, err);
	}
	if (rt_load_source_kind(&kind, source, err) < 0)
		return -1;
	if (kind == RT_SOURCE_PG)
		return rt_load_pg(out, a, source, NULL, err);
	if (kind == RT_SOURCE_SQLITE)
		return rt_load_sqlite(out, a, source, NULL, err);
	if (kind == RT_SOURCE_JSON)
		return rt_load_json_file(out, a, source, err);
	if (kind == RT_SOURCE_MODELS)
		return load_models(out, a, source, opts, err);
	if (kind == RT_SOURCE_MIGRATIONS)
		return load_migrations(
		    out, a, source, opts ? opts->dialect : RT_DIALECT_PG,
		    opts ? opts->snapshot : RT_SNAPSHOT_AUTO, err);
	if (dev_url) {
		FILE *f = fopen(source, "rb");
		int rc;
		if (!f)
			return rt_errorf(err, RT_EIO, "cannot read '%s': %s",
					 source, strerror(errno));
		rc = scratch_stream(out, a, source, f, dev_url, err);
		fclose(f);
		return rc;
	}
	return rt_load_sql_file(out, a, source, err);
}

void rt_load_shutdown(void)
{
	rt_load__sql_shutdown();
	rt_canon_shutdown();
}

int rt_load_empty(rt_schema **out, rt_arena *a, rt_dialect d, const char *name,
		  rt_error *err)
{
	if (d == RT_DIALECT_SQLITE)
		return rt_load__sqlite_text(out, a, name, "", err);
	return rt_load_sql_text(out, a, name, "", err);
}
