/* SPDX-License-Identifier: MIT */
/*
 * `retort lint FILE...|-`: the hazards of any SQL (hand-written
 * migrations, `alembic upgrade --sql` output), statement by statement,
 * from the analyzer (plan/analyze.h), against the schema the statements
 * will run on: --database-url, --against SOURCE, else the SQL seen so
 * far. Prints text, JSON (one object per statement) or GitHub
 * annotations; exit 1 when there is a finding, 0 when none.
 */
#include "base/common.h"
#include "base/json.h"
#include "cli/cmd.h"
#include "load/stats.h"
#include "plan/analyze.h"

#include <errno.h>

enum {
	OPT_DATABASE_URL = 256,
	OPT_AGAINST,
	OPT_FORMAT,
	OPT_EXCLUDE,
	OPT_INCLUDE,
	OPT_PG_VERSION,
	OPT_ASSUME_TX,
	OPT_LIST_RULES,
};

static const rt_opt lint_opts[] = {
    {"database-url", 0, "URL",
     "lint against this PostgreSQL database's schema (without it or "
     "--against: against the SQL seen so far)",
     OPT_DATABASE_URL},
    {"against", 0, "SOURCE",
     "lint against the schema of SOURCE (a .sql file, a migrations "
     "folder, models, a database URL, ...)",
     OPT_AGAINST},
    {"format", 0, "F", "text (default), json or github", OPT_FORMAT},
    {"exclude", 0, "RULES",
     "never report these rules (comma-separated, repeatable)", OPT_EXCLUDE},
    {"include", 0, "RULES",
     "also report these opt-in rules (comma-separated, repeatable)",
     OPT_INCLUDE},
    {"pg-version", 0, "V",
     "the server version the SQL runs on: 11, 12, ... or 150000 "
     "(default 15)",
     OPT_PG_VERSION},
    {"assume-in-transaction", 0, NULL,
     "each file runs inside one transaction block (as Alembic runs it)",
     OPT_ASSUME_TX},
    {"list-rules", 0, NULL, "print the rules and exit", OPT_LIST_RULES},
    {NULL, 0, NULL, NULL, 0},
};

static const rt_opt_spec lint_spec = {
    "lint FILE...|- [options]",
    "Report the hazards of SQL statements: lock, work, transaction, data "
    "loss.",
    "Each statement gets the lock it takes (as pg_locks names it), its "
    "work on the\ntable (catalog, scan, rewrite, index, fails, depends), "
    "whether it may run in a\ntransaction block and whether it loses data; "
    "findings name a rule and the safe\nalternative. A comment "
    "'-- retort:ignore RULE[,RULE]' on the line before a\nstatement or at "
    "the end of its last line turns those rules off for it.\nExit status: "
    "0 no finding, 1 findings, 2 bad input (SQL that does not parse),\n3 a "
    "database or I/O failure.",
    lint_opts,
};

typedef enum lint_format { FMT_TEXT, FMT_JSON, FMT_GITHUB } lint_format;

struct lint_args {
	rt_cli *cli;
	const char *database_url, *against;
	lint_format format;
	rt_vec exclude, include;
	int version;
	bool assume_tx, list_rules;
};

static void add_rules(rt_vec *v, rt_arena *a, const char *arg)
{
	const char *p = arg;
	while (*p) {
		size_t n = strcspn(p, ", ");
		if (n)
			rt_vec_push(v, a, rt_arena_strndup(a, p, n));
		p += n;
		while (*p == ',' || *p == ' ')
			p++;
	}
}

static bool known_rule(const char *r)
{
	for (size_t i = 0; rt_analyze_rules[i]; i++)
		if (!strcmp(rt_analyze_rules[i], r))
			return true;
	return false;
}

static int on_opt(void *ctx, int id, const char *arg)
{
	struct lint_args *a = ctx;
	switch (id) {
	case OPT_DATABASE_URL:
		a->database_url = arg;
		break;
	case OPT_AGAINST:
		a->against = arg;
		break;
	case OPT_FORMAT:
		if (!strcmp(arg, "text"))
			a->format = FMT_TEXT;
		else if (!strcmp(arg, "json"))
			a->format = FMT_JSON;
		else if (!strcmp(arg, "github"))
			a->format = FMT_GITHUB;
		else
			return rt_cli_usage_error(
			    &lint_spec,
			    "unknown format '%s' (text, json or github)", arg);
		break;
	case OPT_EXCLUDE:
	case OPT_INCLUDE: {
		rt_vec *v = id == OPT_EXCLUDE ? &a->exclude : &a->include;
		size_t before = v->len;
		add_rules(v, a->cli->arena, arg);
		for (size_t i = before; i < v->len; i++)
			if (!known_rule(v->items[i]))
				return rt_cli_usage_error(
				    &lint_spec,
				    "unknown rule '%s' (--list-rules lists "
				    "them)",
				    (const char *)v->items[i]);
		break;
	}
	case OPT_PG_VERSION: {
		char *end;
		errno = 0;
		long v = strtol(arg, &end, 10);
		if (errno || *end || v <= 0)
			return rt_cli_usage_error(&lint_spec,
						  "bad --pg-version '%s'", arg);
		a->version = v < 100 ? (int)v * 10000 : (int)v;
		if (a->version < 90000 || a->version > 990000)
			return rt_cli_usage_error(&lint_spec,
						  "bad --pg-version '%s'", arg);
		break;
	}
	case OPT_ASSUME_TX:
		a->assume_tx = true;
		break;
	case OPT_LIST_RULES:
		a->list_rules = true;
		break;
	}
	return 0;
}

/* Reads all of f into b. */
static int read_all(rt_buf *b, FILE *f, const char *name, rt_error *err)
{
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rt_buf_add(b, chunk, n);
	if (ferror(f))
		return rt_errorf(err, RT_EIO, "cannot read '%s': %s", name,
				 strerror(errno));
	return 0;
}

static int read_input(rt_buf *b, const char *path, const char **name,
		      rt_error *err)
{
	if (!strcmp(path, "-")) {
		*name = "<stdin>";
		return read_all(b, stdin, *name, err);
	}
	*name = path;
	FILE *f = fopen(path, "rb");
	if (!f)
		return rt_errorf(err, RT_EIO, "cannot read '%s': %s", path,
				 strerror(errno));
	int rc = read_all(b, f, path, err);
	fclose(f);
	return rc;
}

/* ---- output ------------------------------------------------------------ */

static void json_stmt(rt_json *w, const rt_stmt_analysis *r)
{
	rt_json_object(w, NULL);
	rt_json_str(w, "file", r->file);
	rt_json_int(w, "line", r->line);
	rt_json_int(w, "col", r->col);
	rt_json_str(w, "statement", r->sql);
	rt_json_str(w, "kind", r->kind);
	rt_json_str(w, "lock", rt_lock_mode(r->lock));
	if (r->table.name) {
		rt_json_object(w, "table");
		rt_json_str(w, "schema", r->table.schema);
		rt_json_str(w, "name", r->table.name);
		rt_json_end(w);
	} else {
		rt_json_null(w, "table");
	}
	rt_json_str(w, "work", rt_work_name(r->work));
	rt_json_bool(w, "in_transaction", r->in_transaction);
	rt_json_bool(w, "data_loss", r->data_loss);
	rt_json_bool(w, "new_table", r->new_table);
	rt_json_bool(w, "empty_table", r->empty_table);
	rt_json_bool(w, "blocks_reads", r->blocks_reads);
	rt_json_bool(w, "blocks_writes", r->blocks_writes);
	rt_json_array(w, "findings");
	for (size_t j = 0; j < r->findings.len; j++) {
		const rt_finding *f = r->findings.items[j];
		rt_json_object(w, NULL);
		rt_json_str(w, "rule", f->rule);
		rt_json_str(w, "message", f->message);
		rt_json_str(w, "fix", f->fix);
		rt_json_end(w);
	}
	rt_json_end(w);
	rt_json_array(w, "ignored");
	for (size_t j = 0; j < r->ignored.len; j++)
		rt_json_str(w, NULL,
			    ((const rt_finding *)r->ignored.items[j])->rule);
	rt_json_end(w);
	rt_json_end(w);
}

/* GitHub workflow commands: %, CR, LF escaped; in properties ':' and
 * ',' too. */
static void gh_escape(rt_buf *out, const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%')
			rt_buf_adds(out, "%25");
		else if (*s == '\r')
			rt_buf_adds(out, "%0D");
		else if (*s == '\n')
			rt_buf_adds(out, "%0A");
		else if (property && *s == ':')
			rt_buf_adds(out, "%3A");
		else if (property && *s == ',')
			rt_buf_adds(out, "%2C");
		else
			rt_buf_addch(out, *s);
	}
}

/* One "::warning file=F,line=L::rule: message" workflow command per
 * finding; the fix on a second line of the annotation. */
static void print_github(rt_buf *out, const rt_vec *res)
{
	for (size_t i = 0; i < res->len; i++) {
		const rt_stmt_analysis *r = res->items[i];
		for (size_t j = 0; j < r->findings.len; j++) {
			const rt_finding *f = r->findings.items[j];
			rt_buf_adds(out, "::warning file=");
			gh_escape(out, r->file, true);
			rt_buf_addf(out, ",line=%d::", r->line);
			gh_escape(out, f->rule, false);
			rt_buf_adds(out, ": ");
			gh_escape(out, f->message, false);
			if (f->fix) {
				rt_buf_adds(out, "%0Afix: ");
				gh_escape(out, f->fix, false);
			}
			rt_buf_addch(out, '\n');
		}
	}
}

static int list_rules(void)
{
	for (size_t i = 0; rt_analyze_rules[i]; i++)
		printf("%-46s %s\n", rt_analyze_rules[i],
		       rt_analyze_rule_help[i]);
	return RT_EXIT_OK;
}

/* The database lint runs against: its schema and its tables' sizes. */
struct lint_db {
	const rt_schema *schema;
	const rt_db_stats *stats;
};

/* rt_analyze_opts.is_empty from the database's statistics: a table (not a
 * materialized view, whose REFRESH reads its query's tables) whose heap
 * has no page (pg_relation_size, exact, not the planner's estimate; a
 * partitioned table: the sum over its partitions) has no row. */
static bool stats_empty(void *ctx, const char *schema, const char *name)
{
	const struct lint_db *db = ctx;
	const rt_table_stats *t = rt_db_stats_find(db->stats, schema, name);
	return t && t->heap_bytes == 0 &&
	       rt_schema_find_table(db->schema, schema, name);
}

int cmd_lint(int argc, char **argv, rt_cli *cli)
{
	struct lint_args args = {.cli = cli};
	rt_error err = RT_ERROR_INIT;
	rt_buf out = RT_BUF_INIT, in = RT_BUF_INIT;
	rt_schema *against = NULL;
	rt_analyzer *z = NULL;
	rt_vec res = {0};
	int first, done, status = RT_EXIT_OK;
	size_t findings = 0, flagged = 0;

	if (rt_cli_opts_parse(&first, &done, argc, argv, &lint_spec, on_opt,
			      &args) < 0)
		return done;
	if (args.list_rules)
		return list_rules();
	if (argc - first < 1)
		return rt_cli_usage_error(&lint_spec,
					  "lint needs a FILE (or - for "
					  "standard input)");
	if (args.database_url && args.against)
		return rt_cli_usage_error(&lint_spec,
					  "give --database-url or --against, "
					  "not both");
	/* the database's schema, and its tables' sizes: a statement on a
	 * table without a row has no hazard */
	rt_db_stats *stats = NULL;
	if (args.database_url &&
	    (rt_load_pg(&against, cli->arena, args.database_url, NULL, &err) <
		 0 ||
	     rt_load_stats(&stats, cli->arena, args.database_url, false, &err) <
		 0)) {
		status = rt_cli_report(&err);
		goto done;
	}
	rt_schema_filter all = {0};
	if (args.against &&
	    rt_cli_load(&against, cli, args.against, &all, &err) < 0) {
		status = rt_cli_report(&err);
		goto done;
	}
	struct lint_db db = {.schema = against, .stats = stats};
	rt_analyze_opts o = {
	    .server_version = args.version,
	    .exclude = &args.exclude,
	    .include = &args.include,
	    .assume_in_transaction = args.assume_tx,
	    .is_empty = stats ? stats_empty : NULL,
	    .is_empty_ctx = &db,
	};
	if (rt_analyzer_new(&z, cli->arena, against, &o, &err) < 0) {
		status = rt_cli_report(&err);
		goto done;
	}
	for (int i = first; i < argc; i++) {
		const char *name = NULL;
		rt_buf_reset(&in);
		if (read_input(&in, argv[i], &name, &err) < 0 ||
		    rt_analyze_text(z, &res, name, 1, in.data, in.len, &err) <
			0) {
			status = rt_cli_report(&err);
			goto done;
		}
		rt_analyze_end_file(z);
	}
	for (size_t i = 0; i < res.len; i++) {
		const rt_stmt_analysis *r = res.items[i];
		findings += r->findings.len;
		flagged += r->findings.len > 0;
	}
	switch (args.format) {
	case FMT_TEXT:
		for (size_t i = 0; i < res.len; i++) {
			const rt_stmt_analysis *r = res.items[i];
			for (size_t j = 0; j < r->findings.len; j++) {
				const rt_finding *f = r->findings.items[j];
				rt_buf_addf(&out, "%s:%d:%d: %s: %s\n", r->file,
					    r->line, r->col, f->rule,
					    f->message);
				if (f->fix)
					rt_buf_addf(&out, "  fix: %s\n",
						    f->fix);
			}
			if (!r->findings.len)
				continue;
			rt_buf_addf(&out, "  %s: lock %s", r->kind,
				    r->lock ? rt_lock_mode(r->lock) : "none");
			if (r->table.name)
				rt_buf_addf(&out, " on %s.%s",
					    r->table.schema ? r->table.schema
							    : "public",
					    r->table.name);
			rt_buf_addf(
			    &out, ", work %s%s%s\n", rt_work_name(r->work),
			    r->in_transaction ? ""
					      : ", not in a transaction block",
			    r->data_loss ? ", loses data" : "");
		}
		rt_buf_addf(&out, "%zu finding%s in %zu of %zu statements\n",
			    findings, findings == 1 ? "" : "s", flagged,
			    res.len);
		break;
	case FMT_JSON: {
		rt_json w;
		rt_json_init(&w, &out);
		rt_json_array(&w, NULL);
		for (size_t i = 0; i < res.len; i++)
			json_stmt(&w, res.items[i]);
		rt_json_end(&w);
		rt_buf_addch(&out, '\n');
		break;
	}
	case FMT_GITHUB:
		print_github(&out, &res);
		break;
	}
	fwrite(out.data, 1, out.len, stdout);
	status = findings ? RT_EXIT_FINDING : RT_EXIT_OK;
done:
	rt_buf_release(&in);
	rt_buf_release(&out);
	return status;
}
