/* SPDX-License-Identifier: MIT */
/*
 * Statement analysis (issue 8 items 1 and 6): the hazards of any SQL text,
 * generated or hand-written, read from libpg_query's parse trees against
 * the schema the statements run on (reference/postgres-ddl-safety.md is
 * the rule book). For each statement: the strongest table lock it takes
 * (pg_locks naming), the work it does to that table, whether it may run
 * in a transaction block, whether it loses data, and findings (rule,
 * message, safe alternative). The schema evolves statement by statement
 * through the SQL loader, so a later statement sees what earlier ones
 * created or changed (a table created in the same input is empty: no
 * hazard). `retort lint` and `retort plan` print these.
 */
#ifndef RT_PLAN_ANALYZE_H
#define RT_PLAN_ANALYZE_H

#include "base/common.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/vec.h"
#include "plan/plan.h" /* rt_lock */
#include "schema/schema.h"

/* What a statement does to the table it works on (issue 8 item 1). */
typedef enum rt_work {
	RT_WORK_CATALOG, /* metadata only: instant once it has its lock */
	RT_WORK_SCAN,	 /* reads every row under its lock, writes nothing */
	RT_WORK_REWRITE, /* writes a new copy of the table and its indexes */
	RT_WORK_INDEX,	 /* builds an index (sort of the rows) */
	RT_WORK_FAILS,	 /* fails on a table that has rows */
	RT_WORK_DEPENDS, /* depends on a session setting / data (e.g. DELETE) */
} rt_work;

/* "catalog", "scan", "rewrite", "index", "fails", "depends". */
const char *rt_work_name(rt_work w);

/* The lock mode as pg_locks names it without "Lock": "AccessExclusive",
 * "ShareUpdateExclusive", ...; NULL for RT_LOCK_NONE. */
const char *rt_lock_mode(rt_lock l);

typedef struct rt_finding {
	const char *rule;    /* retort's rule id, e.g. "adding-required-field",
				"require-concurrent-index-creation" */
	const char *message; /* one line: the hazard */
	const char *fix; /* one line: the safe alternative, NULL when none */
} rt_finding;

typedef struct rt_stmt_analysis {
	const char *file; /* as given */
	int line, col;	  /* of the statement's first token, 1-based */
	const char *sql;  /* the statement text, without trailing ';' */
	rt_lock lock;	  /* strongest table lock taken (RT_LOCK_NONE: none) */
	rt_qname table; /* the table the lock/work is on; name NULL when none */
	rt_work work;
	bool in_transaction; /* may run inside a transaction block */
	bool data_loss;
	bool new_table;	    /* table created earlier in the same input (the
			       same file, see rt_analyze_end_file): empty,
			       no hazard */
	bool blocks_reads;  /* the lock conflicts with SELECT (ACCESS
			       EXCLUSIVE) */
	bool blocks_writes; /* the lock conflicts with INSERT/UPDATE/DELETE
			       (SHARE or stronger) */
	rt_vec findings;    /* rt_finding *, in the arena */
	/* added for lint: */
	const char *kind; /* what the statement is, e.g. "ALTER TABLE",
			     "CREATE INDEX" (libpg_query's statement node) */
	bool table_known; /* the table is in the schema (its current columns,
			     types and constraints were used) */
	rt_vec ignored;	  /* rt_finding *: findings a "-- retort:ignore RULE"
			     comment turned off (not in findings) */
	bool empty_table; /* the database holds the table without a row
			     (rt_analyze_opts.is_empty): no hazard, as a new
			     one; never set with new_table */
} rt_stmt_analysis;

typedef struct rt_analyze_opts {
	int server_version; /* e.g. 150000; 0: 150000 */
	/* findings of these rules are never reported (const char *; NULL
	 * or empty: none) */
	const rt_vec *exclude;
	/* findings of these opt-in rules are reported too (const char *):
	 * the type-choice advice (prefer-bigint-over-int, ...) */
	const rt_vec *include;
	/* every file runs inside one transaction block (as Alembic and
	 * retort's runner run them), as if it began with BEGIN */
	bool assume_in_transaction;
	/* when not NULL: true when the database the statements run on holds
	 * the table schema.name without a row (from its statistics: lint
	 * --database-url); a statement on such a table has no hazard, as on
	 * a new one. Asked once per statement that names a table. */
	bool (*is_empty)(void *ctx, const char *schema, const char *name);
	void *is_empty_ctx;
} rt_analyze_opts;

typedef struct rt_analyzer rt_analyzer; /* in the arena */

/* A new analyzer whose statements run on schema `against` (borrowed and
 * never changed: the analyzer works on its own copy; NULL: an empty
 * database). Fails only when against cannot be copied (RT_EINTERNAL). */
int rt_analyzer_new(rt_analyzer **out, rt_arena *a, const rt_schema *against,
		    const rt_analyze_opts *o, rt_error *err);

/* Analyzes every statement of text[0..len) (file name `name`, text starting
 * at line first_line) in order, appending rt_stmt_analysis * to out; the
 * schema seen by later statements includes what earlier ones (of this and
 * earlier calls) created or changed. SQL that does not parse: RT_EINPUT at
 * name:line:col (the statements before it are in out). A statement the
 * schema contradicts (ALTER of a table it does not hold) is analyzed
 * conservatively, never an error. "-- retort:ignore RULE[,RULE...]" on
 * the line before a statement or after it on its last line moves those
 * findings to `ignored` ("all": every finding). */
int rt_analyze_text(rt_analyzer *z, rt_vec *out, const char *name,
		    int first_line, const char *text, size_t len,
		    rt_error *err);

/* Ends the input of one file (one migration, one session): a transaction
 * left open (BEGIN without COMMIT) is a finding on the statement that
 * opened it ("ban-uncommitted-transaction"); the transaction, the
 * session's settings (search_path, timeouts) and what counts as a new
 * table start again for the next file (the schema carries on). */
void rt_analyze_end_file(rt_analyzer *z);

/* The schema as the statements so far left it (in the analyzer's arena;
 * changed by later calls). */
const rt_schema *rt_analyzer_schema(const rt_analyzer *z);

/* Every rule id the analyzer reports, NULL-terminated, with a one-line
 * description each (rules[i], descriptions[i]). */
extern const char *const rt_analyze_rules[];
extern const char *const rt_analyze_rule_help[];

#endif
