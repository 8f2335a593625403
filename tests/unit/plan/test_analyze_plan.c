/* SPDX-License-Identifier: MIT */
/*
 * The analyzer against the plan: for every data-driven case
 * (tests/data/<case>/from.sql -> to.sql) and both directions, each
 * PostgreSQL statement rt_render writes for a step is analyzed on the
 * schema the steps before it left, and its facts must agree with the
 * step's (plan_safety.c): the lock, a rewrite, a scan or index build, the
 * transaction rule. Two readings of the same reference must not drift.
 */
#include "base/common.h"
#include "diff/diff.h"
#include "load/load.h"
#include "plan/analyze.h"
#include "render/render.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <sys/stat.h>

#define DATA_DIR "data" /* make unit runs from tests/ */

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t list_cases(char ***out)
{
	DIR *d = opendir(DATA_DIR);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[1024];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), DATA_DIR "/%s/from.sql",
			 e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = rt_xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = rt_xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	*out = names;
	return n;
}

/* Whether the step's facts and the statement's analysis agree; why in
 * msg when not. */
static bool agree(const rt_step *s, const rt_stmt_analysis *r, rt_buf *msg)
{
	bool rewrite = r->work == RT_WORK_REWRITE;
	bool scan = r->work == RT_WORK_SCAN || r->work == RT_WORK_INDEX;
	rt_lock lock = r->lock;

	/* R26: the analyzer says the rewrite depends on TimeZone; the plan
	 * counts it as one */
	if (r->work == RT_WORK_DEPENDS && s->rewrite)
		rewrite = true;
	/* R31: a valid CHECK proves NOT NULL: the analyzer skips the scan
	 * the plan (which does not look at checks) assumes */
	if (s->op == RT_OP_SET_NOT_NULL && s->scan &&
	    r->work == RT_WORK_CATALOG)
		scan = true;
	/* the plan counts a rewrite's scan as no scan of its own */
	if (s->rewrite && rewrite)
		scan = s->scan;
	/* a view's or function's own catalog rows: the plan has no table
	 * lock for CREATE VIEW (AS on what it reads), the analyzer the AE
	 * of the new relation nobody can see yet */
	if (r->new_table && s->op == RT_OP_CREATE_OBJECT)
		lock = s->lock;
	/* R79: the analyzer names the strongest lock, the ACCESS EXCLUSIVE
	 * on the partition; the plan the parent's SHARE UPDATE EXCLUSIVE */
	if (s->op == RT_OP_ATTACH_PARTITION &&
	    s->lock == RT_LOCK_SHARE_UPDATE_EXCLUSIVE &&
	    lock == RT_LOCK_ACCESS_EXCLUSIVE)
		lock = s->lock;
	/* R70: COMMENT locks a table only for a relation or what belongs
	 * to one (column, trigger, policy, constraint); the plan's SUE on a
	 * schema, type or function is on no table */
	if (s->op == RT_OP_COMMENT && !r->table.name && lock == RT_LOCK_NONE)
		lock = s->lock;
	/* R27: a collation change rebuilds the column's indexes: the
	 * analyzer looks at the indexes; the plan's facts come from the
	 * step alone (rt_plan__safety sees no schema, so no index), and it
	 * counts no work: a known gap, in the README's list */
	if (s->op == RT_OP_ALTER_COLUMN_TYPE && !s->scan && !s->rewrite &&
	    r->work == RT_WORK_INDEX)
		scan = false;
	/* R74: a materialized view runs its query: the plan counts a scan,
	 * the analyzer work that depends on the query */
	if (s->op == RT_OP_CREATE_OBJECT && s->scan &&
	    r->work == RT_WORK_DEPENDS)
		scan = true;
	if (s->lock != lock)
		rt_buf_addf(msg, " lock %s/%s", rt_lock_name(s->lock),
			    rt_lock_name(lock));
	if (s->rewrite != rewrite)
		rt_buf_addf(msg, " rewrite %d/%d", s->rewrite, rewrite);
	if (s->scan != scan && !s->rewrite)
		rt_buf_addf(msg, " scan %d/%d (work %s)", s->scan, scan,
			    rt_work_name(r->work));
	if (s->transaction_ok != r->in_transaction)
		rt_buf_addf(msg, " transaction %d/%d", s->transaction_ok,
			    r->in_transaction);
	return msg->len == 0;
}

/* Analyzes the rendered statements of from -> to (up when !down, else
 * the inverse) and appends every disagreement to out. */
static void run_case(const char *name, bool down, rt_buf *out, size_t *n,
		     size_t *compared)
{
	rt_arena *a = rt_arena_new();
	rt_schema *from = NULL, *to = NULL;
	rt_vec changes = {0}, steps = {0}, stmts = {0};
	rt_error err = RT_ERROR_INIT;
	rt_analyzer *z = NULL;
	char fp[1024], tp[1024];

	snprintf(fp, sizeof(fp), DATA_DIR "/%s/from.sql", name);
	snprintf(tp, sizeof(tp), DATA_DIR "/%s/to.sql", name);
	cr_assert(rt_load_sql_file(&from, a, fp, &err) == 0, "%s", err.msg);
	cr_assert(rt_load_sql_file(&to, a, tp, &err) == 0, "%s", err.msg);
	if (down) {
		rt_schema *t = from;
		from = to;
		to = t;
	}
	cr_assert(rt_diff(&changes, a, from, to, &err) == 0, "%s", err.msg);
	cr_assert(rt_plan(&steps, a, &changes, &err) == 0, "%s", err.msg);
	cr_assert(rt_render(&stmts, a, RT_DIALECT_PG, &steps, &err) == 0,
		  "%s: %s", name, err.msg);
	cr_assert(rt_analyzer_new(&z, a, from, NULL, &err) == 0, "%s", err.msg);
	for (size_t i = 0; i < stmts.len; i++) {
		const rt_stmt *st = stmts.items[i];
		rt_vec res = {0};
		rt_buf msg = RT_BUF_INIT;
		if (st->flags & (RT_STMT_NOTE | RT_STMT_CHECK) || !st->step ||
		    st->step->op == RT_OP_NOTE)
			continue;
		cr_assert(rt_analyze_text(z, &res, name, 1, st->sql,
					  strlen(st->sql), &err) == 0,
			  "%s: %s: %s", name, st->sql, err.msg);
		cr_assert_eq(res.len, 1, "%s: %s", name, st->sql);
		(*compared)++;
		if (!agree(st->step, res.items[0], &msg)) {
			rt_buf_addf(out, "%s%s %s: %s:%s\n", name,
				    down ? " (down)" : "",
				    rt_op_name(st->step->op), st->sql,
				    msg.data);
			(*n)++;
		}
		rt_buf_release(&msg);
	}
	rt_arena_free(a);
}

Test(analyze_plan, every_case_agrees)
{
	char **names = NULL;
	size_t n = list_cases(&names), bad = 0, compared = 0;
	rt_buf out = RT_BUF_INIT;

	cr_assert(n > 20, "the data-driven cases are missing");
	for (size_t i = 0; i < n; i++) {
		run_case(names[i], false, &out, &bad, &compared);
		run_case(names[i], true, &out, &bad, &compared);
		free(names[i]);
	}
	free(names);
	rt_load_shutdown();
	cr_log_info("%zu statements of %zu cases compared", compared, n);
	cr_expect(compared > 300, "only %zu statements", compared);
	cr_expect_eq(bad, 0, "%zu statements disagree (plan/analyzer):\n%s",
		     bad, out.data);
	rt_buf_release(&out);
}
