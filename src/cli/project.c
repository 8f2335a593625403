/* SPDX-License-Identifier: MIT */
/*
 * The project of the lifecycle commands: configuration lookup, the
 * migrations folder read into runner input, and targets. project.h says
 * what each function promises.
 */
#include "base/common.h"
#include "base/toml.h"
#include "cli/project.h"
#include "diff/diff.h"
#include "load/load.h"
#include "plan/plan.h"

#include <errno.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

const rt_opt rt_project_opts[] = {
    RT_PROJECT_OPT_ROWS,
    {NULL, 0, NULL, NULL, 0},
};

static int on_project_opt(void *ctx, int id, const char *arg)
{
	rt_project_flag(ctx, id, arg);
	return 0;
}

int rt_project_command(rt_project *p, rt_project_flags *flags, rt_cli *cli,
		       const rt_opt_spec *spec, int argc, char **argv,
		       int *status)
{
	rt_error err = RT_ERROR_INIT;
	int first, done;
	memset(flags, 0, sizeof(*flags));
	if (rt_cli_opts_parse(&first, &done, argc, argv, spec, on_project_opt,
			      flags) < 0) {
		*status = done;
		return -1;
	}
	if (argc - first != 0) {
		*status =
		    rt_cli_usage_error(spec, "%s takes no arguments", argv[0]);
		return -1;
	}
	if (rt_project_load(p, cli->arena, flags, &err) < 0) {
		*status = rt_cli_report(&err);
		return -1;
	}
	return 0;
}

int rt_project_flag(rt_project_flags *f, int id, const char *arg)
{
	switch (id) {
	case RT_PROJ_OPT_MODELS:
		f->models = arg;
		return 1;
	case RT_PROJ_OPT_MIGRATIONS:
		f->migrations = arg;
		return 1;
	case RT_PROJ_OPT_URL:
		f->database_url = arg;
		return 1;
	case RT_PROJ_OPT_DIALECT:
		f->dialect = arg;
		return 1;
	}
	return 0;
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* path as seen from dir (NULL: as it is); relative to the current
 * directory when dir is in it, so messages show short paths. */
static const char *under(rt_arena *a, const char *dir, const char *path)
{
	char cwd[4096];
	if (!dir || path[0] == '/')
		return path;
	if (getcwd(cwd, sizeof(cwd))) {
		size_t n = strlen(cwd);
		if (strcmp(dir, cwd) == 0)
			return path;
		if (strncmp(dir, cwd, n) == 0 && dir[n] == '/')
			return rt_arena_printf(a, "%s/%s", dir + n + 1, path);
	}
	return rt_arena_printf(a, "%s/%s", dir, path);
}

/* The nearest pyproject.toml from the current directory up, or NULL. */
static const char *find_pyproject(rt_arena *a)
{
	char cwd[4096];
	if (!getcwd(cwd, sizeof(cwd)))
		return NULL;
	for (;;) {
		const char *p = rt_arena_printf(a, "%s/pyproject.toml",
						strcmp(cwd, "/") ? cwd : "");
		if (is_file(p))
			return p;
		char *slash = strrchr(cwd, '/');
		if (!slash || slash == cwd) {
			if (strcmp(cwd, "/") == 0)
				return NULL;
			cwd[0] = '/';
			cwd[1] = 0;
			continue;
		}
		*slash = 0;
	}
}

static int read_text(char **out, size_t *len, rt_arena *a, const char *path,
		     rt_error *err)
{
	FILE *f = fopen(path, "rb");
	rt_buf b = RT_BUF_INIT;
	char chunk[8192];
	size_t n;
	if (!f)
		return rt_errorf(err, RT_EIO, "cannot read %s: %s", path,
				 strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rt_buf_add(&b, chunk, n);
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		rt_buf_release(&b);
		return rt_errorf(err, RT_EIO, "cannot read %s", path);
	}
	*len = b.len;
	*out = rt_buf_detach_arena(&b, a);
	return 0;
}

/* SQLAlchemy URLs name a driver ("postgresql+psycopg2://",
 * "sqlite+pysqlite:///"); libpq and retort want the bare scheme. */
static const char *bare_url(rt_arena *a, const char *url)
{
	const char *colon = strstr(url, "://");
	const char *plus = strchr(url, '+');
	if (!colon || !plus || plus > colon)
		return url;
	return rt_arena_printf(a, "%.*s%s", (int)(plus - url), url, colon);
}

/* The dialect of a database URL; -1 for an unknown scheme. */
static int url_dialect(const char *url)
{
	if (strncmp(url, "postgres://", 11) == 0 ||
	    strncmp(url, "postgresql://", 13) == 0)
		return RT_DIALECT_PG;
	if (strncmp(url, "sqlite://", 9) == 0)
		return RT_DIALECT_SQLITE;
	return -1;
}

static int parse_dialect(rt_dialect *out, const char *s)
{
	if (strcmp(s, "postgresql") == 0 || strcmp(s, "postgres") == 0)
		*out = RT_DIALECT_PG;
	else if (strcmp(s, "sqlite") == 0)
		*out = RT_DIALECT_SQLITE;
	else
		return -1;
	return 0;
}

/* A relative SQLite URL from pyproject.toml is relative to its folder. */
static const char *config_url(rt_arena *a, const char *dir, const char *url)
{
	const char *bare = bare_url(a, url);
	if (strncmp(bare, "sqlite:///", 10) == 0 && bare[10] &&
	    bare[10] != '/' && strcmp(bare + 10, ":memory:") != 0)
		return rt_arena_printf(a, "sqlite:///%s/%s", dir, bare + 10);
	return bare;
}

/* models from pyproject.toml: a path relative to its folder, or a module
 * name, which is turned into the path it names there. */
static const char *config_models(rt_arena *a, const char *dir, const char *m)
{
	const char *path = under(a, dir, m);
	if (exists(path) || strchr(m, '/'))
		return path;
	char *rel = rt_arena_strdup(a, m);
	for (char *p = rel; *p; p++)
		if (*p == '.')
			*p = '/';
	const char *file = rt_arena_printf(a, "%s/%s.py", dir, rel);
	if (is_file(file))
		return file;
	const char *pkg = rt_arena_printf(a, "%s/%s", dir, rel);
	if (exists(pkg))
		return pkg;
	return path;
}

/* A duration setting of [tool.retort]: a string ("2s", "500ms", "0") or
 * an integer of ms. 1 when set, 0 when absent, -1 when malformed. */
static int get_duration(long long *out, const rt_toml_value *tool,
			const char *key, const char *file, rt_error *err)
{
	const rt_toml_value *v = rt_toml_find(tool, key);
	if (!v)
		return 0;
	if (v->type == RT_TOML_INT && v->i >= 0 && v->i <= 86400000) {
		*out = v->i;
		return 1;
	}
	if (v->type == RT_TOML_STRING && strlen(v->str) == v->len &&
	    rt_runner_parse_duration(out, v->str))
		return 1;
	rt_errorf(err, RT_EINPUT,
		  "'tool.retort.%s' must be a duration such as \"2s\", "
		  "\"500ms\" or 0 (none), at most a day",
		  key);
	rt_error_at(err, file, v->line, v->col);
	return -1;
}

int rt_project_load(rt_project *p, rt_arena *a, const rt_project_flags *flags,
		    rt_error *err)
{
	const char *c_models = NULL, *c_migrations = NULL, *c_url = NULL,
		   *c_dialect = NULL, *dir = NULL;
	const rt_toml_value *tool = NULL;

	memset(p, 0, sizeof(*p));
	p->pyproject = find_pyproject(a);
	if (p->pyproject) {
		char *text;
		size_t len;
		rt_toml_value *root;
		if (read_text(&text, &len, a, p->pyproject, err) < 0 ||
		    rt_toml_parse(&root, a, p->pyproject, text, len, err) < 0 ||
		    rt_toml_table(&tool, root, "tool.retort", err) < 0)
			return -1;
		dir = rt_arena_strndup(
		    a, p->pyproject,
		    (size_t)(strrchr(p->pyproject, '/') - p->pyproject));
		if (!*dir)
			dir = "/";
	}
	if (tool &&
	    (rt_toml_get_string(&c_models, tool, "models", err) < 0 ||
	     rt_toml_get_string(&c_migrations, tool, "migrations", err) < 0 ||
	     rt_toml_get_string(&c_url, tool, "database_url", err) < 0 ||
	     rt_toml_get_string(&c_dialect, tool, "dialect", err) < 0))
		return -1;
	p->lock_timeout_ms = p->statement_timeout_ms = p->lock_retries = -1;
	if (tool && (get_duration(&p->lock_timeout_ms, tool, "lock_timeout",
				  p->pyproject, err) < 0 ||
		     get_duration(&p->statement_timeout_ms, tool,
				  "statement_timeout", p->pyproject, err) < 0))
		return -1;
	int64_t retries;
	int got =
	    tool ? rt_toml_get_int(&retries, tool, "lock_retries", err) : 0;
	if (got < 0)
		return -1;
	if (got && (retries < 0 || retries > 100)) {
		const rt_toml_value *v = rt_toml_find(tool, "lock_retries");
		rt_errorf(err, RT_EINPUT,
			  "'tool.retort.lock_retries' must be from 0 to 100");
		rt_error_at(err, p->pyproject, v->line, v->col);
		return -1;
	}
	if (got)
		p->lock_retries = retries;
	/* unknown keys are typos: say so */
	for (size_t i = 0; tool && i < tool->items.len; i++) {
		const rt_toml_kv *kv = RT_VEC_AT(tool->items, i);
		const char *k = kv->key;
		if (strcmp(k, "models") && strcmp(k, "migrations") &&
		    strcmp(k, "database_url") && strcmp(k, "dialect") &&
		    strcmp(k, "lock_timeout") &&
		    strcmp(k, "statement_timeout") &&
		    strcmp(k, "lock_retries")) {
			rt_errorf(err, RT_EINPUT,
				  "unknown setting 'tool.retort.%s' (known: "
				  "models, migrations, database_url, dialect, "
				  "lock_timeout, statement_timeout, "
				  "lock_retries)",
				  k);
			rt_error_at(err, p->pyproject, kv->value->line, 0);
			return -1;
		}
	}

	if (flags->models)
		p->models = flags->models;
	else if (c_models)
		p->models = config_models(a, dir, c_models);

	if (flags->migrations)
		p->migrations = flags->migrations;
	else
		p->migrations =
		    under(a, dir, c_migrations ? c_migrations : "migrations");

	const char *env = getenv("DATABASE_URL");
	if (flags->database_url)
		p->database_url = bare_url(a, flags->database_url);
	else if (env && *env)
		p->database_url = bare_url(a, env);
	else if (c_url)
		p->database_url = config_url(a, dir, c_url);

	p->dialect = RT_DIALECT_PG;
	if (p->database_url) {
		int d = url_dialect(p->database_url);
		if (d < 0) {
			rt_errorf(err, RT_EUSAGE,
				  "unknown database URL scheme in '%.*s' "
				  "(known: postgres://, postgresql://, "
				  "sqlite:///)",
				  (int)strcspn(p->database_url, ":"),
				  p->database_url);
			if (!flags->database_url && !(env && *env))
				rt_error_at(err, p->pyproject, 0, 0);
			return -1;
		}
		p->dialect = (rt_dialect)d;
	}
	const char *dialect = flags->dialect ? flags->dialect : c_dialect;
	p->dialect_defaulted = !p->database_url && !dialect;
	if (dialect) {
		rt_dialect d;
		if (parse_dialect(&d, dialect) < 0)
			return rt_errorf(err, RT_EUSAGE,
					 "unknown dialect '%s' (known: "
					 "postgresql, sqlite)",
					 dialect);
		if (p->database_url && d != p->dialect)
			return rt_errorf(err, RT_EUSAGE,
					 "dialect '%s' but the database URL "
					 "is %s",
					 dialect,
					 p->dialect == RT_DIALECT_PG
					     ? "PostgreSQL"
					     : "SQLite");
		p->dialect = d;
	}
	return 0;
}

/* ---- the migrations folder ---- */

static void add_run_stmts(const rt_run_stmt **out, size_t *n, rt_arena *a,
			  const rt_migdir_section *sec)
{
	rt_run_stmt *v = rt_arena_alloc(a, (sec->stmts.len + 1) * sizeof(*v));
	for (size_t i = 0; i < sec->stmts.len; i++) {
		const rt_migdir_stmt *s = RT_VEC_AT(sec->stmts, i);
		v[i].sql = s->sql;
		v[i].line = s->line;
		v[i].no_transaction = s->notransaction || sec->notransaction;
	}
	*out = v;
	*n = sec->stmts.len;
}

static void add_run_checks(rt_run_mig *r, rt_arena *a, const rt_migration *m)
{
	rt_run_check *v = rt_arena_alloc(a, (m->checks.len + 1) * sizeof(*v));
	for (size_t i = 0; i < m->checks.len; i++) {
		const rt_migdir_check *c = RT_VEC_AT(m->checks, i);
		v[i].sql = c->sql;
		v[i].line = c->line;
		switch (c->expect) {
		case RT_MIGDIR_EXPECT_TRUE:
			v[i].expect = "t";
			break;
		case RT_MIGDIR_EXPECT_ROWS:
			v[i].expect = rt_arena_printf(
			    a, "rows=%llu", (unsigned long long)c->rows);
			break;
		case RT_MIGDIR_EXPECT_VALUE:
			v[i].expect = c->value;
			break;
		}
	}
	r->checks = v;
	r->nchecks = m->checks.len;
}

int rt_project_migration_names(rt_vec *out, rt_arena *a, const rt_project *p,
			       rt_error *err)
{
	if (!exists(p->migrations)) {
		rt_errorf(err, RT_EINPUT, "no migrations folder '%s'",
			  p->migrations);
		rt_error_hint(err, "'retort init' creates it; --migrations "
				   "or tool.retort.migrations names another");
		return -1;
	}
	if (rt_migdir_list(out, a, p->migrations, err) < 0 ||
	    rt_migdir_check_numbers(p->migrations, out, err) < 0)
		return -1;
	return 0;
}

int rt_project_migrations(rt_vec *out, rt_arena *a, const rt_project *p,
			  rt_error *err)
{
	rt_vec entries = {0};
	if (rt_project_migration_names(&entries, a, p, err) < 0)
		return -1;
	for (size_t i = 0; i < entries.len; i++) {
		const rt_migdir_entry *e = RT_VEC_AT(entries, i);
		rt_project_mig *m = RT_NEW(a, rt_project_mig);
		m->path = rt_arena_printf(a, "%s/%s", p->migrations, e->name);
		if (rt_migdir_read(&m->mig, a, m->path, err) < 0 ||
		    rt_migdir_hash_file(m->checksum, m->path, err) < 0)
			return -1;
		m->run.version = (long long)e->version;
		m->run.name = e->slug;
		m->run.checksum = m->checksum;
		m->run.path = m->path;
		add_run_stmts(&m->run.up, &m->run.nup, a, &m->mig->up);
		add_run_stmts(&m->run.down, &m->run.ndown, a, &m->mig->down);
		add_run_checks(&m->run, a, m->mig);
		rt_vec_push(out, a, m);
	}
	return 0;
}

const char *rt_project_user(void)
{
	const char *u = getenv("USER");
	if (u && *u)
		return u;
	struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_name ? pw->pw_name : "";
}

int rt_project_connect(rt_conn **out, const rt_project *p, bool create,
		       rt_arena *a, rt_error *err)
{
	if (!p->database_url) {
		rt_errorf(err, RT_EUSAGE, "no database given");
		rt_error_hint(err, "give --database-url, set DATABASE_URL, or "
				   "set database_url under [tool.retort] in "
				   "pyproject.toml");
		return -1;
	}
	if (!create && p->dialect == RT_DIALECT_SQLITE) {
		/* opening would create it: a mistyped path must not give an
		 * empty database that says "base" */
		const char *path;
		rt_error ignore = RT_ERROR_INIT;
		if (rt_load_sqlite_path(&path, a, p->database_url, &ignore) ==
			0 &&
		    !exists(path)) {
			rt_errorf(err, RT_EIO, "no SQLite database at '%s'",
				  path);
			rt_error_hint(err, "'retort upgrade' creates it");
			return -1;
		}
	}
	return rt_conn_open(out, p->database_url, err);
}

uint64_t rt_project_current(const rt_applied *applied, size_t napplied)
{
	uint64_t cur = 0;
	for (size_t i = 0; i < napplied; i++)
		if ((uint64_t)applied[i].version > cur)
			cur = (uint64_t)applied[i].version;
	return cur;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int rt_project_target(uint64_t *out, const char *target, const rt_vec *migs,
		      uint64_t current, rt_error *err)
{
	size_t n = migs->len;
	if (strcmp(target, "head") == 0) {
		*out = n ? ((rt_project_mig *)RT_VEC_AT(*migs, n - 1))
			       ->mig->version
			 : 0;
		return 0;
	}
	if (strcmp(target, "base") == 0) {
		*out = 0;
		return 0;
	}
	if ((target[0] == '+' || target[0] == '-') && all_digits(target + 1)) {
		unsigned long steps = strtoul(target + 1, NULL, 10);
		/* after: migrations at or before current */
		size_t after = 0;
		while (
		    after < n &&
		    ((rt_project_mig *)RT_VEC_AT(*migs, after))->mig->version <=
			current)
			after++;
		if (target[0] == '+') {
			if (steps == 0 || steps > n - after)
				return rt_errorf(
				    err, RT_EUSAGE,
				    "target '%s': %zu migration%s after the "
				    "current one",
				    target, n - after,
				    n - after == 1 ? "" : "s");
			*out = ((rt_project_mig *)RT_VEC_AT(*migs,
							    after + steps - 1))
				   ->mig->version;
			return 0;
		}
		if (steps == 0 || steps > after)
			return rt_errorf(err, RT_EUSAGE,
					 "target '%s': %zu migration%s at or "
					 "before the current one",
					 target, after, after == 1 ? "" : "s");
		*out = after - steps == 0 ? 0
					  : ((rt_project_mig *)RT_VEC_AT(
						 *migs, after - steps - 1))
						->mig->version;
		return 0;
	}
	if (all_digits(target) && strlen(target) <= 18) {
		uint64_t v = strtoull(target, NULL, 10);
		for (size_t i = 0; i < n; i++)
			if (((rt_project_mig *)RT_VEC_AT(*migs, i))
				->mig->version == v) {
				*out = v;
				return 0;
			}
		return rt_errorf(err, RT_EUSAGE,
				 "unknown target '%s': no migration numbered "
				 "%llu",
				 target, (unsigned long long)v);
	}
	const rt_project_mig *found = NULL;
	for (size_t i = 0; i < n; i++) {
		const rt_project_mig *m = RT_VEC_AT(*migs, i);
		if (strncmp(m->mig->name, target, strlen(target)) == 0) {
			if (found)
				return rt_errorf(err, RT_EUSAGE,
						 "target '%s' names both %s "
						 "and %s",
						 target, found->mig->name,
						 m->mig->name);
			found = m;
		}
	}
	if (!found)
		return rt_errorf(err, RT_EUSAGE,
				 "unknown target '%s' (head, base, a "
				 "version, +N, -N or a migration's name)",
				 target);
	*out = found->mig->version;
	return 0;
}

/* ---- schemas ---- */

/* Leaves out of s the archive of parked tables and columns (plan.h,
 * RT_PARK_ARCHIVE and the RT_PARK_SCHEMA_PREFIX schemas): the migrations
 * make them and the database holds them until `retort purge`, but no
 * model has them, so no revision, check or drift should see them. */
static void strip_parked(rt_schema *s, rt_arena *a)
{
	rt_schema_filter f = {0};
	size_t n = strlen(RT_PARK_SCHEMA_PREFIX);
	for (size_t i = 0; i < s->namespaces.len; i++) {
		const rt_namespace *ns = RT_VEC_AT(s->namespaces, i);
		if (!strcmp(ns->name, RT_PARK_ARCHIVE) ||
		    !strncmp(ns->name, RT_PARK_SCHEMA_PREFIX, n))
			rt_vec_push(&f.exclude, a, (void *)ns->name);
	}
	if (f.exclude.len)
		rt_schema_filter_apply(s, &f);
}

/* source loaded as rt_cli_load does, SQLModel models read for dialect. */
static int load_for(rt_schema **out, rt_cli *cli, const char *source,
		    rt_dialect dialect, rt_error *err)
{
	rt_schema_filter all = {0};
	rt_dialect was = cli->dialect;
	cli->dialect = dialect;
	int rc = rt_cli_load(out, cli, source, &all, err);
	cli->dialect = was;
	if (rc == 0)
		strip_parked(*out, cli->arena);
	return rc;
}

int rt_project_models(rt_schema **out, rt_cli *cli, const rt_project *p,
		      rt_error *err)
{
	if (!p->models) {
		rt_errorf(err, RT_EUSAGE, "no models configured");
		rt_error_hint(err, "give --models, or set models under "
				   "[tool.retort] in pyproject.toml");
		return -1;
	}
	return load_for(out, cli, p->models, p->dialect, err);
}

/* rt_project_replay; migs (rt_project_mig *, may be NULL): the files
 * already read and hashed, whose hashes the snapshot's key takes. */
static int replay(rt_schema **out, rt_cli *cli, const rt_project *p,
		  uint64_t upto, const rt_vec *migs, rt_error *err)
{
	rt_vec known = {0};
	if (upto == UINT64_MAX) /* nothing applied */
		return rt_load_empty(out, cli->arena, p->dialect, p->migrations,
				     err);
	for (size_t i = 0; migs && i < migs->len; i++) {
		const rt_project_mig *m = RT_VEC_AT(*migs, i);
		rt_migdir_sum *k = RT_NEW(cli->arena, rt_migdir_sum);
		k->name = m->mig->name;
		memcpy(k->hex, m->checksum, sizeof(k->hex));
		rt_vec_push(&known, cli->arena, k);
	}
	rt_load_migrations_opts mo = {
	    .dialect = p->dialect,
	    .use_snapshot = cli->snapshot != RT_SNAPSHOT_NEVER,
	    .snapshot_if_cheaper = cli->snapshot == RT_SNAPSHOT_AUTO,
	    .known = migs ? &known : NULL};
	if (rt_load_migrations(out, cli->arena, p->migrations, upto, &mo,
			       err) == 0) {
		strip_parked(*out, cli->arena);
	} else {
		/* a SQLite project's folder read as PostgreSQL fails on its
		 * first "main." name: say which dialect was assumed */
		if (p->dialect_defaulted && !err->hint[0])
			rt_error_hint(err,
				      "the migrations were read as PostgreSQL "
				      "(no database URL or dialect setting); "
				      "for SQLite set dialect = \"sqlite\" "
				      "under [tool.retort] or give --dialect "
				      "sqlite");
		return -1;
	}
	return 0;
}

int rt_project_replay(rt_schema **out, rt_cli *cli, const rt_project *p,
		      uint64_t upto, rt_error *err)
{
	return replay(out, cli, p, upto, NULL, err);
}

int rt_project_drift(rt_vec *out, rt_schema **want_out, rt_schema **live_out,
		     rt_cli *cli, const rt_project *p, const rt_vec *migs,
		     rt_error *err)
{
	rt_conn *conn = NULL;
	rt_applied *applied = NULL;
	size_t napplied = 0;
	const char *path;
	rt_error ignore = RT_ERROR_INIT;

	if (p->dialect == RT_DIALECT_SQLITE &&
	    rt_load_sqlite_path(&path, cli->arena, p->database_url, &ignore) ==
		0 &&
	    !exists(path))
		return 1; /* no database yet: nothing applied, nothing drifted
			   */

	if (rt_project_connect(&conn, p, false, cli->arena, err) < 0 ||
	    rt_runner_status(&applied, &napplied, conn, cli->arena, err) < 0) {
		rt_conn_close(conn);
		return -1;
	}
	rt_conn_close(conn);
	return rt_project_drift_from(out, want_out, live_out, cli, p, migs,
				     applied, napplied, err);
}

int rt_project_drift_from(rt_vec *out, rt_schema **want_out,
			  rt_schema **live_out, rt_cli *cli,
			  const rt_project *p, const rt_vec *migs,
			  const rt_applied *applied, size_t napplied,
			  rt_error *err)
{
	rt_schema *want = NULL, *live = NULL;
	uint64_t cur = rt_project_current(applied, napplied);
	/* the replay stands for what was applied when the applied set is
	 * every file up to the current one; a gap (a file applied out of
	 * order, or one skipped) would make the comparison a guess */
	size_t upto = 0;
	for (size_t i = 0; i < migs->len; i++) {
		const rt_project_mig *m = RT_VEC_AT(*migs, i);
		bool on = false;
		for (size_t j = 0; j < napplied; j++)
			if ((uint64_t)applied[j].version == m->mig->version)
				on = true;
		if (m->mig->version <= cur && !on) {
			rt_errorf(err, RT_EINPUT,
				  "cannot compare the database with its "
				  "migrations: %s is not applied but later "
				  "ones are",
				  m->mig->name);
			rt_error_hint(err, "'retort upgrade' applies it");
			return -1;
		}
		if (on)
			upto++;
	}
	if (upto < napplied) {
		rt_errorf(err, RT_EINPUT,
			  "cannot compare the database with its migrations: "
			  "%zu applied migration%s ha%s no file",
			  napplied - upto, napplied - upto == 1 ? "" : "s",
			  napplied - upto == 1 ? "s" : "ve");
		rt_error_hint(err, "'retort status' names them");
		return -1;
	}
	if (replay(&want, cli, p, cur == 0 ? UINT64_MAX : cur, migs, err) < 0 ||
	    load_for(&live, cli, p->database_url, p->dialect, err) < 0)
		return -1;
	*want_out = want;
	*live_out = live;
	return rt_diff(out, cli->arena, want, live, err);
}
