/* SPDX-License-Identifier: MIT */
/*
 * `retort plan [TARGET]`: the review of the pending migrations up to
 * TARGET (issue 8 item 4), as Markdown or with --json as data: overview
 * (purpose, risk, estimated duration, downtime), the schema changes (the
 * schema before and after them replayed and diffed), the forward,
 * rollback and validation SQL, each statement's lock, work and findings
 * (plan/analyze.h), estimates from the live database's statistics and a
 * throughput measured on it (load/stats.h, plan/estimate.h), and a
 * testing checklist.
 */
#include "base/common.h"

#include <ctype.h>
#include <math.h>
#include <sys/stat.h>

#include "base/json.h"
#include "cli/cmd.h"
#include "cli/project.h"
#include "load/stats.h"
#include "plan/analyze.h"
#include "plan/describe.h"
#include "plan/estimate.h"
#include "plan/plan.h"

enum { OPT_JSON = 256, OPT_NO_ESTIMATE };

struct plan_args {
	rt_project_flags flags;
	bool json;
	bool no_estimate;
};

static int on_opt(void *ctx, int id, const char *arg)
{
	struct plan_args *pa = ctx;
	if (rt_project_flag(&pa->flags, id, arg))
		return 0;
	if (id == OPT_JSON)
		pa->json = true;
	else if (id == OPT_NO_ESTIMATE)
		pa->no_estimate = true;
	return 0;
}

static const rt_opt plan_opts[] = {
    {"json", 0, NULL, "the plan as JSON instead of Markdown", OPT_JSON},
    {"no-estimate", 0, NULL,
     "do not read statistics nor measure the database (no durations)",
     OPT_NO_ESTIMATE},
    RT_PROJECT_OPT_ROWS,
    {NULL, 0, NULL, NULL, 0},
};

static const rt_opt_spec plan_spec = {
    "plan [TARGET] [options]",
    "Review the pending migrations up to TARGET (default head).",
    "TARGET is head, a version (3, 0003 or 0003_add_tags) or +N.\n"
    "With a database: what it has applied, its table statistics and a "
    "throughput\nmeasured on it (a sample table in a transaction rolled "
    "back, about a second)\ngive each statement a duration and lock time. "
    "Downtime: a lock that blocks\nreads or writes held over 1 s. Without "
    "one every migration is pending and\nnothing is estimated.",
    plan_opts,
};

/* One statement of the up sections, with what is known of it. */
typedef struct plan_stmt {
	const rt_project_mig *m;
	const rt_migdir_stmt *st;
	const rt_stmt_analysis *an; /* NULL: not analyzed (SQLite) */
	bool text_key;	   /* builds an index whose first key is text */
	rt_est_item *item; /* NULL: no estimates */
} plan_stmt;

typedef struct plan {
	rt_cli *cli;
	rt_project p;
	rt_vec pending;		 /* rt_project_mig * */
	rt_vec stmts;		 /* plan_stmt * */
	rt_vec describe;	 /* rt_describe_line * */
	bool have_db;		 /* a database URL was given */
	bool db_exists;		 /* and it could be read */
	uint64_t current;	 /* applied version (0: none) */
	rt_db_stats *stats;	 /* NULL: no estimates */
	const char *no_estimate; /* why there are none, or NULL */
	rt_est_item *items;
	rt_est_total total;
	const char *risk;
	bool data_loss, no_down;
	size_t findings;
} plan;

static bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static bool is_applied(const rt_applied *applied, size_t n, uint64_t v)
{
	for (size_t i = 0; i < n; i++)
		if ((uint64_t)applied[i].version == v)
			return true;
	return false;
}

/* The purpose of a migration: its header's lines before the generated
 * sections ("Changes:", ...), else its slug in words. */
static const char *purpose(rt_arena *a, const rt_migration *m)
{
	rt_buf b = RT_BUF_INIT;
	for (size_t i = 0; i < m->header.len; i++) {
		const char *l = RT_VEC_AT(m->header, i);
		if (!*l)
			break;
		if (strcmp(l, "Changes:") == 0 || strcmp(l, "Hazards:") == 0 ||
		    strcmp(l, "Notes:") == 0)
			break;
		if (b.len)
			rt_buf_addch(&b, ' ');
		rt_buf_adds(&b, l);
	}
	if (!b.len) {
		rt_buf_adds(&b, m->slug);
		for (size_t i = 0; i < b.len; i++)
			if (b.data[i] == '_')
				b.data[i] = ' ';
	}
	return rt_buf_detach_arena(&b, a);
}

/* Which applied rows the database has; none when no URL or no file. */
static int read_applied(plan *pl, rt_applied **applied, size_t *napplied,
			rt_error *err)
{
	rt_conn *conn = NULL;
	const char *path;
	rt_error ignore = RT_ERROR_INIT;
	*applied = NULL;
	*napplied = 0;
	if (!pl->p.database_url)
		return 0;
	pl->have_db = true;
	if (pl->p.dialect == RT_DIALECT_SQLITE &&
	    rt_load_sqlite_path(&path, pl->cli->arena, pl->p.database_url,
				&ignore) == 0 &&
	    !file_exists(path))
		return 0; /* no file yet: nothing applied */
	pl->db_exists = true;
	int rc =
	    rt_project_connect(&conn, &pl->p, false, pl->cli->arena, err) < 0 ||
		    rt_runner_status(applied, napplied, conn, pl->cli->arena,
				     err) < 0
		? -1
		: 0;
	rt_conn_close(conn);
	return rc;
}

static rt_est_work est_work(const rt_stmt_analysis *an)
{
	switch (an->work) {
	case RT_WORK_CATALOG:
		return RT_EST_CATALOG;
	case RT_WORK_SCAN:
		return RT_EST_SCAN;
	case RT_WORK_REWRITE:
		return RT_EST_REWRITE;
	case RT_WORK_INDEX:
		return an->in_transaction ? RT_EST_INDEX
					  : RT_EST_INDEX_CONCURRENT;
	case RT_WORK_FAILS:
	case RT_WORK_DEPENDS:
		break;
	}
	return RT_EST_DATA;
}

/* true when the first key of index x (pg_get_indexdef's text: "... USING
 * btree (key, ...) ...") is a column of a string type whose collation is
 * not C or POSIX: it sorts at the text rate. An expression key is not
 * looked into. */
static bool text_first_key(const rt_schema *s, const rt_index *x)
{
	const char *def = x->def ? x->def->text : NULL;
	const char *p = def ? strstr(def, " USING ") : NULL;
	p = p ? strchr(p, '(') : NULL;
	if (!p)
		return false;
	p++;
	char name[128];
	size_t n = 0;
	if (*p == '"') {
		for (p++; *p && n + 1 < sizeof(name); p++) {
			if (*p == '"' && p[1] != '"')
				break;
			if (*p == '"')
				p++;
			name[n++] = *p;
		}
		if (*p != '"')
			return false;
		p++;
	} else {
		while ((isalnum((unsigned char)*p) || *p == '_' ||
			(unsigned char)*p >= 0x80) &&
		       n + 1 < sizeof(name))
			name[n++] = *p++;
	}
	name[n] = 0;
	if (!n || (*p != ',' && *p != ')' && *p != ' '))
		return false;
	const rt_table *t =
	    rt_schema_find_table(s, x->table.schema, x->table.name);
	const rt_column *c = t ? rt_table_find_column(t, name) : NULL;
	if (!c || !c->type.name)
		return false;
	if (c->collation.name && (strcmp(c->collation.name, "C") == 0 ||
				  strcmp(c->collation.name, "POSIX") == 0))
		return false;
	const char *ty = c->type.name;
	return strncmp(ty, "text", 4) == 0 ||
	       strncmp(ty, "character", 9) == 0 ||
	       strncmp(ty, "varchar", 7) == 0 || strcmp(ty, "citext") == 0;
}

/* Analyzes every pending statement against the schema before them. */
static int analyze(plan *pl, const rt_schema *before, rt_error *err)
{
	rt_arena *a = pl->cli->arena;
	rt_analyzer *z = NULL;
	bool pg = pl->p.dialect == RT_DIALECT_PG;
	rt_analyze_opts o = {0};
	if (pl->stats)
		o.server_version = pl->stats->server_version;
	if (pg && rt_analyzer_new(&z, a, before, &o, err) < 0)
		return -1;
	for (size_t i = 0; i < pl->pending.len; i++) {
		const rt_project_mig *m = RT_VEC_AT(pl->pending, i);
		for (size_t j = 0; j < m->mig->up.stmts.len; j++) {
			const rt_migdir_stmt *st =
			    RT_VEC_AT(m->mig->up.stmts, j);
			plan_stmt *ps = rt_arena_alloc(a, sizeof(*ps));
			memset(ps, 0, sizeof(*ps));
			ps->m = m;
			ps->st = st;
			if (z) {
				rt_vec out = {0};
				size_t nidx =
				    rt_analyzer_schema(z)->indexes.len;
				if (rt_analyze_text(z, &out, m->path, st->line,
						    st->sql, strlen(st->sql),
						    err) < 0)
					return -1;
				/* one statement in, one out */
				if (out.len)
					ps->an = RT_VEC_AT(out, 0);
				const rt_schema *now = rt_analyzer_schema(z);
				if (ps->an && ps->an->work == RT_WORK_INDEX &&
				    now->indexes.len > nidx)
					ps->text_key = text_first_key(
					    now,
					    RT_VEC_AT(now->indexes,
						      now->indexes.len - 1));
			}
			rt_vec_push(&pl->stmts, a, ps);
		}
		/* no rt_analyze_end_file between migrations: the pending ones
		 * run one after another in one upgrade, on one connection, so
		 * a table an earlier one created is still new (empty) when a
		 * later one alters it */
	}
	return 0;
}

static void estimate(plan *pl)
{
	rt_arena *a = pl->cli->arena;
	size_t n = pl->stmts.len;
	pl->items = rt_arena_alloc(a, (n + 1) * sizeof(*pl->items));
	memset(pl->items, 0, (n + 1) * sizeof(*pl->items));
	for (size_t i = 0; i < n; i++) {
		plan_stmt *ps = RT_VEC_AT(pl->stmts, i);
		rt_est_item *it = &pl->items[i];
		const rt_stmt_analysis *an = ps->an;
		ps->item = it;
		/* one transaction per migration, unless it says otherwise */
		bool notx = ps->m->mig->up.notransaction ||
			    ps->st->notransaction ||
			    (an && !an->in_transaction);
		it->txn = notx ? -1 : (int)(ps->m->mig->version & 0x7fffffff);
		if (!an) {
			it->est.reason = "statement not analyzed";
			continue;
		}
		it->blocks =
		    !an->new_table && (an->blocks_reads || an->blocks_writes);
		rt_estimate_stmt(&it->est, a, est_work(an), &an->table,
				 (an->new_table ? RT_EST_NEW_TABLE : 0) |
				     (ps->text_key ? RT_EST_TEXT_KEY : 0),
				 pl->stats);
		if (an->work == RT_WORK_FAILS && !it->est.known)
			it->est.reason = "fails when the table has rows";
	}
	rt_estimate_total(&pl->total, pl->items, n);
}

static void assess(plan *pl)
{
	bool scan_locked = false;
	for (size_t i = 0; i < pl->stmts.len; i++) {
		const plan_stmt *ps = RT_VEC_AT(pl->stmts, i);
		if (!ps->an)
			continue;
		pl->findings += ps->an->findings.len;
		if (ps->an->data_loss)
			pl->data_loss = true;
		if (!ps->an->new_table &&
		    (ps->an->blocks_reads || ps->an->blocks_writes) &&
		    ps->an->work != RT_WORK_CATALOG)
			scan_locked = true;
	}
	for (size_t i = 0; i < pl->pending.len; i++) {
		const rt_project_mig *m = RT_VEC_AT(pl->pending, i);
		if (!m->mig->down.present)
			pl->no_down = true;
	}
	bool downtime = pl->stats && pl->total.downtime == RT_DOWNTIME_YES;
	bool unknown = pl->stats && pl->total.downtime == RT_DOWNTIME_UNKNOWN;
	pl->risk = pl->data_loss || downtime ? "high"
		   : pl->findings || scan_locked || unknown || pl->no_down
		       ? "medium"
		       : "low";
}

/* ---- the schema changes ----------------------------------------- */

static const char *change_group(rt_change_kind k, rt_kind obj)
{
	switch (k) {
	case RT_CH_CREATE_TABLE:
	case RT_CH_DROP_TABLE:
		return "Tables";
	case RT_CH_ADD_COLUMN:
	case RT_CH_DROP_COLUMN:
	case RT_CH_ALTER_COLUMN_TYPE:
	case RT_CH_SET_DEFAULT:
	case RT_CH_DROP_DEFAULT:
	case RT_CH_SET_NOT_NULL:
	case RT_CH_DROP_NOT_NULL:
	case RT_CH_ADD_IDENTITY:
	case RT_CH_DROP_IDENTITY:
	case RT_CH_ALTER_IDENTITY:
	case RT_CH_DROP_EXPRESSION:
		return "Columns";
	case RT_CH_CREATE_INDEX:
	case RT_CH_DROP_INDEX:
		return "Indexes";
	case RT_CH_ADD_CONSTRAINT:
	case RT_CH_DROP_CONSTRAINT:
		return "Constraints";
	case RT_CH_RENAME:
		return obj == RT_KIND_TABLE	   ? "Tables"
		       : obj == RT_KIND_COLUMN	   ? "Columns"
		       : obj == RT_KIND_INDEX	   ? "Indexes"
		       : obj == RT_KIND_CONSTRAINT ? "Constraints"
						   : "Other";
	default:
		break;
	}
	return "Other";
}

static const char *const groups[] = {"Tables", "Columns", "Indexes",
				     "Constraints", "Other"};

static int schema_changes(plan *pl, rt_schema *before, const rt_schema *after,
			  rt_error *err)
{
	rt_arena *a = pl->cli->arena;
	rt_vec changes = {0}, steps = {0};
	if (rt_diff(&changes, a, before, after, err) < 0 ||
	    rt_plan(&steps, a, &changes, err) < 0)
		return -1;
	rt_describe(&pl->describe, a, pl->p.dialect, &steps);
	return 0;
}

/* ---- Markdown ------------------------------------------------------ */

/* text as a Markdown table cell: one line, '|' escaped. */
static void cell(rt_buf *b, const char *text)
{
	for (const char *s = text ? text : ""; *s; s++) {
		if (*s == '|')
			rt_buf_adds(b, "\\|");
		else if (*s == '\n' || *s == '\t')
			rt_buf_addch(b, ' ');
		else
			rt_buf_addch(b, *s);
	}
}

static void code_cell(rt_buf *b, const char *sql)
{
	rt_buf one = RT_BUF_INIT;
	bool blank = false;
	for (const char *s = sql; *s; s++) {
		bool sp = *s == ' ' || *s == '\n' || *s == '\t' || *s == '\r';
		if (sp) {
			blank = one.len > 0;
			continue;
		}
		if (blank)
			rt_buf_addch(&one, ' ');
		blank = false;
		rt_buf_addch(&one, *s == '`' ? '\'' : *s);
	}
	if (one.len > 70) {
		rt_buf_setlen(&one, 67);
		rt_buf_adds(&one, "...");
	}
	rt_buf_adds(b, "`");
	cell(b, one.data);
	rt_buf_adds(b, "`");
	rt_buf_release(&one);
}

static const char *mig_label(const rt_project_mig *m)
{
	const char *slash = strrchr(m->path, '/');
	return slash ? slash + 1 : m->path;
}

static void md_estimate_line(rt_buf *b, const plan *pl)
{
	if (!pl->stats) {
		rt_buf_addf(b, "not estimated (%s)", pl->no_estimate);
		return;
	}
	rt_estimate_fmt_ms(b, pl->total.ms);
	if (pl->total.unknown)
		rt_buf_addf(b, " + %zu statement%s without an estimate",
			    pl->total.unknown,
			    pl->total.unknown == 1 ? "" : "s");
}

static void md_downtime(rt_buf *b, const plan *pl)
{
	if (!pl->stats) {
		rt_buf_addf(b, "unknown (%s)", pl->no_estimate);
		return;
	}
	rt_buf_adds(b, rt_downtime_name(pl->total.downtime));
	if (pl->total.downtime == RT_DOWNTIME_YES) {
		rt_buf_adds(b, ": a lock that blocks traffic is held ");
		rt_estimate_fmt_ms(b, pl->total.worst_lock_ms);
		rt_buf_adds(b, " (over 1 s)");
	} else if (pl->total.downtime == RT_DOWNTIME_UNKNOWN) {
		rt_buf_adds(b, ": a blocking lock's duration is not known");
	} else if (pl->total.worst_lock_ms > 0) {
		rt_buf_adds(b, " (longest blocking lock ");
		rt_estimate_fmt_ms(b, pl->total.worst_lock_ms);
		rt_buf_adds(b, ")");
	}
}

static void md_overview(rt_buf *b, const plan *pl)
{
	rt_buf_adds(b, "## Overview\n\n| | |\n| --- | --- |\n");
	rt_buf_adds(b, "| Migrations | ");
	for (size_t i = 0; i < pl->pending.len; i++)
		rt_buf_addf(b, "%s%s", i ? ", " : "",
			    mig_label(RT_VEC_AT(pl->pending, i)));
	rt_buf_adds(b, " |\n| Purpose | ");
	for (size_t i = 0; i < pl->pending.len; i++) {
		const rt_project_mig *m = RT_VEC_AT(pl->pending, i);
		if (i)
			rt_buf_adds(b, "; ");
		cell(b, purpose(pl->cli->arena, m->mig));
	}
	rt_buf_addf(b, " |\n| Database | %s |\n",
		    rt_cli_dialect_name(pl->p.dialect));
	rt_buf_addf(b, "| Risk level | %s |\n| Estimated duration | ",
		    pl->risk);
	md_estimate_line(b, pl);
	rt_buf_adds(b, " |\n| Downtime | ");
	md_downtime(b, pl);
	rt_buf_adds(b, " |\n");
	if (pl->stats && pl->stats->calibrated) {
		const rt_calibration *c = &pl->stats->cal;
		rt_buf_adds(b, "| Throughput measured | scan ");
		rt_estimate_fmt_bytes(b, c->scan_bytes_ms * 1000);
		rt_buf_adds(b, "/s, rewrite ");
		rt_estimate_fmt_bytes(b, c->write_bytes_ms * 1000);
		rt_buf_addf(b, "/s, index sort %.1f M rows/s%s |\n",
			    c->sort_rows_ms * 1000 /
				log2((double)c->sample_rows) / 1e6,
			    c->temp ? " (on a TEMP table: no WAL)" : "");
	}
	if (pl->p.dialect == RT_DIALECT_SQLITE)
		rt_buf_adds(b, "\nSQLite: every write takes the database-wide "
			       "lock for its transaction; there is no "
			       "per-table lock analysis.\n");
	rt_buf_adds(b, "\n");
}

static void md_changes(rt_buf *b, const plan *pl)
{
	rt_buf_adds(b, "## Schema changes\n\n");
	size_t nchanges = 0;
	for (size_t g = 0; g < sizeof(groups) / sizeof(*groups); g++) {
		size_t n = 0;
		for (size_t i = 0; i < pl->describe.len; i++) {
			const rt_describe_line *l = RT_VEC_AT(pl->describe, i);
			if (l->kind != RT_DESCRIBE_CHANGE ||
			    strcmp(
				change_group(l->change->kind, l->change->obj),
				groups[g]) != 0)
				continue;
			if (!n++)
				rt_buf_addf(b,
					    "### %s\n\n| change |\n| --- |\n",
					    groups[g]);
			rt_buf_adds(b, "| ");
			cell(b, l->text);
			rt_buf_adds(b, " |\n");
		}
		if (n)
			rt_buf_adds(b, "\n");
		nchanges += n;
	}
	if (!nchanges)
		rt_buf_adds(b, "No change to the schema.\n\n");
}

/* A section's statements as an SQL block, as the file has them. */
static void md_sql(rt_buf *b, const rt_migdir_section *sec)
{
	rt_buf_adds(b, "```sql\n");
	if (sec->notransaction)
		rt_buf_adds(b, "-- runs outside a transaction\n");
	for (size_t j = 0; j < sec->stmts.len; j++) {
		const rt_migdir_stmt *st = RT_VEC_AT(sec->stmts, j);
		rt_buf_addf(b, "%s%s;\n", j ? "\n" : "", st->sql);
	}
	rt_buf_adds(b, "```\n\n");
}

static void md_forward(rt_buf *b, const plan *pl)
{
	rt_buf_adds(b, "## Forward SQL\n\n");
	for (size_t i = 0; i < pl->pending.len; i++) {
		const rt_project_mig *m = RT_VEC_AT(pl->pending, i);
		rt_buf_addf(b,
			    "### %s\n\n| line | statement | lock | work | "
			    "in transaction | estimate | lock held |\n| --- "
			    "| --- | --- | --- | --- | --- | --- |\n",
			    mig_label(m));
		for (size_t j = 0; j < pl->stmts.len; j++) {
			const plan_stmt *ps = RT_VEC_AT(pl->stmts, j);
			if (ps->m != m)
				continue;
			const rt_stmt_analysis *an = ps->an;
			rt_buf_addf(b, "| %d | ", ps->st->line);
			code_cell(b, ps->st->sql);
			if (!an) {
				rt_buf_adds(b, " | database-wide | - | yes | ");
			} else {
				const char *mode = rt_lock_mode(an->lock);
				rt_buf_addf(b, " | %s", mode ? mode : "none");
				if (mode && an->table.name)
					rt_buf_addf(b, " on %s.%s",
						    an->table.schema
							? an->table.schema
							: "public",
						    an->table.name);
				rt_buf_addf(b, " | %s | %s | ",
					    rt_work_name(an->work),
					    an->in_transaction ? "yes" : "no");
			}
			const rt_est_item *it = ps->item;
			if (!pl->stats || !it)
				rt_buf_adds(b, "- | - |\n");
			else if (!it->est.known) {
				cell(b, it->est.reason);
				rt_buf_adds(b, " | - |\n");
			} else {
				rt_estimate_fmt_ms(b, it->est.ms);
				rt_buf_adds(b, " (");
				cell(b, it->est.basis);
				rt_buf_adds(b, ") | ");
				if (!it->blocks)
					rt_buf_adds(b, "blocks nothing");
				else if (it->lock_known)
					rt_estimate_fmt_ms(b, it->lock_ms);
				else
					rt_buf_adds(b, "unknown");
				rt_buf_adds(b, " |\n");
			}
		}
		rt_buf_adds(b, "\n");
		md_sql(b, &m->mig->up);
	}
}

static void md_rollback(rt_buf *b, const plan *pl)
{
	rt_buf_adds(b, "## Rollback SQL\n\nNewest first, as `retort "
		       "downgrade` runs them.\n\n");
	for (size_t i = pl->pending.len; i-- > 0;) {
		const rt_project_mig *m = RT_VEC_AT(pl->pending, i);
		rt_buf_addf(b, "### %s\n\n", mig_label(m));
		if (!m->mig->down.present) {
			rt_buf_adds(b, "No `-- +down` section: this migration "
				       "cannot be rolled back.\n\n");
			continue;
		}
		md_sql(b, &m->mig->down);
	}
}

static const char *expect_text(rt_arena *a, const rt_migdir_check *c)
{
	switch (c->expect) {
	case RT_MIGDIR_EXPECT_TRUE:
		return "true";
	case RT_MIGDIR_EXPECT_ROWS:
		return rt_arena_printf(a, "%llu rows",
				       (unsigned long long)c->rows);
	case RT_MIGDIR_EXPECT_VALUE:
		return rt_arena_printf(a, "value %s", c->value);
	}
	return "true";
}

static void md_validate(rt_buf *b, const plan *pl)
{
	rt_buf_adds(b, "## Validation SQL\n\nRun after each migration's "
		       "`-- +up`; a failed expectation rolls it back.\n\n");
	size_t n = 0;
	for (size_t i = 0; i < pl->pending.len; i++) {
		const rt_project_mig *m = RT_VEC_AT(pl->pending, i);
		if (!m->mig->checks.len)
			continue;
		rt_buf_addf(b, "### %s\n\n```sql\n", mig_label(m));
		for (size_t j = 0; j < m->mig->checks.len; j++) {
			const rt_migdir_check *c = RT_VEC_AT(m->mig->checks, j);
			rt_buf_addf(b, "%s-- expect %s\n%s;\n", j ? "\n" : "",
				    expect_text(pl->cli->arena, c), c->sql);
			n++;
		}
		rt_buf_adds(b, "```\n\n");
	}
	if (!n)
		rt_buf_adds(b, "The pending migrations have no validation "
			       "queries.\n\n");
}

static void md_risks(rt_buf *b, const plan *pl)
{
	rt_buf_adds(b, "## Risk assessment\n\n");
	size_t n = 0;
	for (size_t i = 0; i < pl->stmts.len; i++) {
		const plan_stmt *ps = RT_VEC_AT(pl->stmts, i);
		if (!ps->an)
			continue;
		for (size_t j = 0; j < ps->an->findings.len; j++) {
			const rt_finding *f = RT_VEC_AT(ps->an->findings, j);
			if (!n++)
				rt_buf_adds(b, "| where | rule | hazard | "
					       "mitigation |\n| --- | --- | "
					       "--- | --- |\n");
			rt_buf_addf(b, "| %s:%d | %s | ", mig_label(ps->m),
				    ps->st->line, f->rule);
			cell(b, f->message);
			rt_buf_adds(b, " | ");
			cell(b, f->fix ? f->fix : "none known: schedule it");
			rt_buf_adds(b, " |\n");
		}
	}
	for (size_t i = 0; i < pl->describe.len; i++) {
		const rt_describe_line *l = RT_VEC_AT(pl->describe, i);
		if (l->kind != RT_DESCRIBE_DATA_LOSS)
			continue;
		if (!n++)
			rt_buf_adds(b, "| where | rule | hazard | mitigation "
				       "|\n| --- | --- | --- | --- |\n");
		rt_buf_adds(b, "| schema | data-loss | ");
		cell(b, l->text);
		rt_buf_adds(b, " | back the data up first; `retort upgrade "
			       "--allow-data-loss` is needed |\n");
	}
	if (pl->p.dialect == RT_DIALECT_SQLITE && !n)
		rt_buf_adds(b, "No statement analysis on SQLite (its locks are "
			       "the whole database's); the data-loss lines of "
			       "the schema changes are listed when there are "
			       "any.\n");
	else if (!n)
		rt_buf_adds(b, "No hazard found.\n");
	rt_buf_adds(b, "\n");
}

/* The testing checklist, as lines (in the arena). */
static void checklist(rt_vec *out, const plan *pl)
{
	rt_arena *a = pl->cli->arena;
	const rt_project_mig *last =
	    RT_VEC_AT(pl->pending, pl->pending.len - 1);
	rt_vec_push(out, a,
		    (void *)"apply on a copy of the production database "
			    "(`retort upgrade` there) and time it against the "
			    "estimate");
	rt_vec_push(out, a,
		    (void *)"`retort check`: the models and the migrations "
			    "agree, and the database has not drifted");
	rt_vec_push(out, a,
		    rt_arena_printf(a, "the validation queries pass after %s",
				    mig_label(last)));
	if (pl->no_down)
		rt_vec_push(
		    out, a,
		    (void *)"a migration has no `-- +down` section: "
			    "plan a restore from backup as the rollback");
	else
		rt_vec_push(
		    out, a,
		    rt_arena_printf(
			a,
			"roll back with `retort downgrade %s` and "
			"upgrade again: the schema and the rows "
			"survive",
			pl->current
			    ? rt_arena_printf(a, "%04llu",
					      (unsigned long long)pl->current)
			    : "base"));
	if (pl->data_loss)
		rt_vec_push(out, a,
			    (void *)"back up the data the migration drops, "
				    "and check nothing still reads it");
	if (pl->stats && pl->total.downtime != RT_DOWNTIME_NO)
		rt_vec_push(out, a,
			    (void *)"a lock blocks traffic for long or for an "
				    "unknown time: schedule a maintenance "
				    "window or use the safe alternative");
	for (size_t i = 0; i < pl->stmts.len; i++) {
		const plan_stmt *ps = RT_VEC_AT(pl->stmts, i);
		if (ps->item && !ps->item->est.known && ps->item->est.reason &&
		    strncmp(ps->item->est.reason, "no statistics", 13) == 0)
			rt_vec_push(out, a,
				    rt_arena_printf(a, "%s, then plan again",
						    ps->item->est.reason));
		if (ps->an && ps->an->work == RT_WORK_INDEX &&
		    !ps->an->in_transaction)
			rt_vec_push(out, a,
				    rt_arena_printf(
					a,
					"after %s:%d, no INVALID index is "
					"left (SELECT indexrelid::regclass "
					"FROM pg_index WHERE NOT indisvalid)",
					mig_label(ps->m), ps->st->line));
	}
	for (size_t i = 0; i < pl->stmts.len; i++) {
		const plan_stmt *ps = RT_VEC_AT(pl->stmts, i);
		if (!ps->an)
			continue;
		for (size_t j = 0; j < ps->an->findings.len; j++) {
			const rt_finding *f = RT_VEC_AT(ps->an->findings, j);
			rt_vec_push(out, a,
				    rt_arena_printf(a,
						    "%s:%d (%s): the hazard is "
						    "accepted or fixed",
						    mig_label(ps->m),
						    ps->st->line, f->rule));
		}
	}
}

static void markdown(rt_buf *b, const plan *pl, const rt_vec *checks)
{
	const rt_project_mig *first = RT_VEC_AT(pl->pending, 0);
	const rt_project_mig *last =
	    RT_VEC_AT(pl->pending, pl->pending.len - 1);
	rt_buf_addf(b, "# Migration plan: %s", mig_label(first));
	if (first != last)
		rt_buf_addf(b, " to %s", mig_label(last));
	rt_buf_adds(b, "\n\n");
	md_overview(b, pl);
	md_changes(b, pl);
	md_forward(b, pl);
	md_rollback(b, pl);
	md_validate(b, pl);
	md_risks(b, pl);
	rt_buf_adds(b, "## Testing checklist\n\n");
	for (size_t i = 0; i < checks->len; i++)
		rt_buf_addf(b, "- [ ] %s\n",
			    (const char *)RT_VEC_AT(*checks, i));
}

/* ---- JSON ---------------------------------------------------------- */

static void json_ms(rt_json *w, const char *key, bool known, double ms)
{
	if (known)
		rt_json_double(w, key, floor(ms * 10 + 0.5) / 10);
	else
		rt_json_null(w, key);
}

static void json_stmt(rt_json *w, const plan *pl, const plan_stmt *ps)
{
	const rt_stmt_analysis *an = ps->an;
	rt_json_object(w, NULL);
	rt_json_int(w, "line", ps->st->line);
	rt_json_str(w, "statement", ps->st->sql);
	if (an) {
		rt_json_str(w, "lock", rt_lock_mode(an->lock));
		if (an->table.name)
			rt_json_str(w, "table",
				    rt_arena_printf(pl->cli->arena, "%s.%s",
						    an->table.schema
							? an->table.schema
							: "public",
						    an->table.name));
		else
			rt_json_null(w, "table");
		rt_json_str(w, "work", rt_work_name(an->work));
		rt_json_bool(w, "in_transaction", an->in_transaction);
		rt_json_bool(w, "data_loss", an->data_loss);
		rt_json_bool(w, "blocks_reads",
			     an->blocks_reads && !an->new_table);
		rt_json_bool(w, "blocks_writes",
			     an->blocks_writes && !an->new_table);
		rt_json_array(w, "findings");
		for (size_t j = 0; j < an->findings.len; j++) {
			const rt_finding *f = RT_VEC_AT(an->findings, j);
			rt_json_object(w, NULL);
			rt_json_str(w, "rule", f->rule);
			rt_json_str(w, "message", f->message);
			rt_json_str(w, "fix", f->fix);
			rt_json_end(w);
		}
		rt_json_end(w);
	} else {
		rt_json_null(w, "lock");
		rt_json_null(w, "table");
		rt_json_null(w, "work");
		rt_json_bool(w, "in_transaction",
			     !ps->m->mig->up.notransaction);
		rt_json_null(w, "data_loss");
		rt_json_array(w, "findings");
		rt_json_end(w);
	}
	const rt_est_item *it = ps->item;
	bool known = pl->stats && it && it->est.known;
	rt_json_object(w, "estimate");
	json_ms(w, "duration_ms", known, it ? it->est.ms : 0);
	json_ms(w, "lock_ms", known && it->blocks && it->lock_known,
		it ? it->lock_ms : 0);
	rt_json_str(w, "basis", known ? it->est.basis : NULL);
	rt_json_str(w, "unknown_because",
		    known	 ? NULL
		    : !pl->stats ? pl->no_estimate
		    : it	 ? it->est.reason
				 : NULL);
	rt_json_end(w);
	rt_json_end(w);
}

static void json_plan(rt_buf *b, const plan *pl, const rt_vec *checks)
{
	rt_arena *a = pl->cli->arena;
	rt_json w;
	rt_json_init(&w, b);
	rt_json_object(&w, NULL);
	rt_json_str(&w, "dialect",
		    pl->p.dialect == RT_DIALECT_SQLITE ? "sqlite"
						       : "postgresql");
	rt_json_bool(&w, "database", pl->have_db);
	rt_json_int(&w, "current", (int64_t)pl->current);
	rt_json_str(&w, "risk", pl->risk);
	rt_json_object(&w, "estimate");
	rt_json_bool(&w, "available", pl->stats != NULL);
	rt_json_str(&w, "unavailable_because", pl->no_estimate);
	json_ms(&w, "total_ms", pl->stats != NULL, pl->total.ms);
	rt_json_int(&w, "statements_without_estimate",
		    pl->stats ? (int64_t)pl->total.unknown : 0);
	rt_json_str(&w, "downtime",
		    pl->stats ? rt_downtime_name(pl->total.downtime)
			      : "unknown");
	json_ms(&w, "longest_blocking_lock_ms", pl->stats != NULL,
		pl->total.worst_lock_ms);
	rt_json_double(&w, "downtime_threshold_ms", RT_DOWNTIME_MS);
	if (pl->stats && pl->stats->calibrated) {
		const rt_calibration *c = &pl->stats->cal;
		rt_json_object(&w, "calibration");
		rt_json_double(&w, "scan_mb_s",
			       floor(c->scan_bytes_ms * 1000 / 1048576));
		rt_json_double(&w, "rewrite_mb_s",
			       floor(c->write_bytes_ms * 1000 / 1048576));
		rt_json_double(&w, "sort_rows_log_rows_per_ms",
			       floor(c->sort_rows_ms));
		rt_json_bool(&w, "temp_table", c->temp);
		rt_json_int(&w, "statements_sent", (int64_t)pl->stats->queries);
		json_ms(&w, "took_ms", true, c->took_ms);
		rt_json_end(&w);
	}
	rt_json_end(&w);
	rt_json_array(&w, "changes");
	for (size_t i = 0; i < pl->describe.len; i++) {
		const rt_describe_line *l = RT_VEC_AT(pl->describe, i);
		if (l->kind != RT_DESCRIBE_CHANGE)
			continue;
		rt_json_object(&w, NULL);
		rt_json_str(&w, "group",
			    change_group(l->change->kind, l->change->obj));
		rt_json_str(&w, "kind", rt_change_kind_name(l->change->kind));
		rt_json_str(&w, "text", l->text);
		rt_json_end(&w);
	}
	rt_json_end(&w);
	rt_json_array(&w, "data_loss");
	for (size_t i = 0; i < pl->describe.len; i++) {
		const rt_describe_line *l = RT_VEC_AT(pl->describe, i);
		if (l->kind == RT_DESCRIBE_DATA_LOSS)
			rt_json_str(&w, NULL, l->text);
	}
	rt_json_end(&w);
	rt_json_array(&w, "migrations");
	for (size_t i = 0; i < pl->pending.len; i++) {
		const rt_project_mig *m = RT_VEC_AT(pl->pending, i);
		rt_json_object(&w, NULL);
		rt_json_int(&w, "version", (int64_t)m->mig->version);
		rt_json_str(&w, "name", m->mig->name);
		rt_json_str(&w, "purpose", purpose(a, m->mig));
		rt_json_bool(&w, "in_transaction", !m->mig->up.notransaction);
		rt_json_array(&w, "statements");
		for (size_t j = 0; j < pl->stmts.len; j++) {
			const plan_stmt *ps = RT_VEC_AT(pl->stmts, j);
			if (ps->m == m)
				json_stmt(&w, pl, ps);
		}
		rt_json_end(&w);
		if (m->mig->down.present) {
			rt_json_array(&w, "rollback");
			for (size_t j = 0; j < m->mig->down.stmts.len; j++)
				rt_json_str(&w, NULL,
					    ((rt_migdir_stmt *)RT_VEC_AT(
						 m->mig->down.stmts, j))
						->sql);
			rt_json_end(&w);
		} else {
			rt_json_null(&w, "rollback");
		}
		rt_json_array(&w, "validate");
		for (size_t j = 0; j < m->mig->checks.len; j++) {
			const rt_migdir_check *c = RT_VEC_AT(m->mig->checks, j);
			rt_json_object(&w, NULL);
			rt_json_str(&w, "sql", c->sql);
			rt_json_str(&w, "expect", expect_text(a, c));
			rt_json_end(&w);
		}
		rt_json_end(&w);
		rt_json_end(&w);
	}
	rt_json_end(&w);
	rt_json_array(&w, "checklist");
	for (size_t i = 0; i < checks->len; i++)
		rt_json_str(&w, NULL, RT_VEC_AT(*checks, i));
	rt_json_end(&w);
	rt_json_end(&w);
	rt_buf_addch(b, '\n');
}

int cmd_plan(int argc, char **argv, rt_cli *cli)
{
	struct plan_args args = {0};
	rt_error err = RT_ERROR_INIT;
	rt_vec migs = {0}, checks = {0};
	rt_applied *applied = NULL;
	size_t napplied = 0;
	rt_schema *before = NULL, *after = NULL;
	int first, done;
	plan pl;

	memset(&pl, 0, sizeof(pl));
	pl.cli = cli;
	if (rt_cli_opts_parse(&first, &done, argc, argv, &plan_spec, on_opt,
			      &args) < 0)
		return done;
	if (argc - first > 1)
		return rt_cli_usage_error(&plan_spec, "plan takes one TARGET");
	const char *target = argc - first == 1 ? argv[first] : "head";
	if (rt_project_load(&pl.p, cli->arena, &args.flags, &err) < 0 ||
	    rt_project_migrations(&migs, cli->arena, &pl.p, &err) < 0 ||
	    read_applied(&pl, &applied, &napplied, &err) < 0)
		return rt_cli_report(&err);
	pl.current = rt_project_current(applied, napplied);
	uint64_t to;
	if (rt_project_target(&to, target, &migs, pl.current, &err) < 0)
		return rt_cli_report(&err);
	for (size_t i = 0; i < migs.len; i++) {
		rt_project_mig *m = RT_VEC_AT(migs, i);
		if (m->mig->version <= to &&
		    !is_applied(applied, napplied, m->mig->version))
			rt_vec_push(&pl.pending, cli->arena, m);
	}
	if (!pl.pending.len) {
		if (args.json)
			printf("{\n  \"pending\": []\n}\n");
		else
			printf("nothing pending up to %s\n", target);
		return RT_EXIT_OK;
	}

	/* the schema before and after: the applied files replayed, then the
	 * files up to the target */
	if (rt_project_replay(&before, cli, &pl.p,
			      pl.current ? pl.current : UINT64_MAX, &err) < 0 ||
	    rt_project_replay(&after, cli, &pl.p, to ? to : UINT64_MAX, &err) <
		0 ||
	    schema_changes(&pl, before, after, &err) < 0)
		return rt_cli_report(&err);

	if (args.no_estimate)
		pl.no_estimate = "--no-estimate";
	else if (!pl.have_db)
		pl.no_estimate = "no database URL: give --database-url or "
				 "DATABASE_URL";
	else if (pl.p.dialect == RT_DIALECT_SQLITE)
		pl.no_estimate = "SQLite: no table statistics";
	else if (rt_load_stats(&pl.stats, cli->arena, pl.p.database_url, true,
			       &err) < 0)
		return rt_cli_report(&err);

	if (analyze(&pl, before, &err) < 0)
		return rt_cli_report(&err);
	if (pl.stats)
		estimate(&pl);
	assess(&pl);
	checklist(&checks, &pl);

	rt_buf out = RT_BUF_INIT;
	if (args.json)
		json_plan(&out, &pl, &checks);
	else
		markdown(&out, &pl, &checks);
	fwrite(out.data, 1, out.len, stdout);
	rt_buf_release(&out);
	return RT_EXIT_OK;
}
