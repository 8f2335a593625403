/* SPDX-License-Identifier: MIT */
/*
 * Render: steps (plan.h) as SQL statements of one dialect. Names are quoted
 * here and only here (rt_buf_add_ident / rt_buf_add_qname /
 * rt_buf_add_literal), always schema-qualified. Each step gives one
 * statement with its flags, so that the migration writer and the runner
 * can group them into transactions; nothing downstream parses SQL back.
 * Output is deterministic.
 */
#ifndef RT_RENDER_RENDER_H
#define RT_RENDER_RENDER_H

#include "base/common.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/error.h"
#include "base/sql.h"
#include "base/vec.h"
#include "plan/plan.h"
#include "schema/schema.h"

typedef enum rt_stmt_flags {
	RT_STMT_NO_TRANSACTION = 1 << 0, /* must run outside a transaction */
	RT_STMT_NOTE = 1 << 1,		 /* an SQL comment for the reader,
					  * nothing to execute */
	RT_STMT_DATA_LOSS = 1 << 2,	 /* drops data */
} rt_stmt_flags;

typedef struct rt_stmt {
	const char *sql;     /* one statement without its ';', or for a
			      * note the comment text ("-- ...") */
	const rt_step *step; /* the step it carries out (borrowed) */
	unsigned flags;	     /* rt_stmt_flags */
} rt_stmt;

/*
 * Appends to out (rt_stmt *, in arena a) one statement per step of steps
 * (rt_step *, as rt_plan gives them), in dialect d. Fails with RT_EUSAGE
 * for a dialect retort cannot write yet, RT_EINTERNAL for a malformed
 * step.
 */
int rt_render(rt_vec *out, rt_arena *a, rt_dialect d, const rt_vec *steps,
	      rt_error *err);

/*
 * Appends statements (rt_stmt *) as a script to b: each statement
 * followed by ";\n" (a note by "\n"), and an empty line between the
 * statements of two different changes. No statements: nothing appended.
 */
void rt_render_script(rt_buf *b, const rt_vec *stmts);

/*
 * The whole way from changes to a script: rt_plan, rt_render in dialect d,
 * rt_render_script appended to out. Temporaries live in arena a.
 */
int rt_render_changes(rt_buf *out, rt_arena *a, rt_dialect d,
		      const rt_vec *changes, rt_error *err);

/*
 * For inspect: appends the schema s as a canonical SQL script in dialect
 * d, i.e. the script of rt_diff(empty schema, s). Temporaries live in
 * arena a.
 */
int rt_render_schema(rt_buf *out, rt_arena *a, rt_dialect d, const rt_schema *s,
		     rt_error *err);

/* ---- validation queries (render_check.c) ---- */

/* What a validation query must return; the same three forms, in the same
 * order, as a migration file's '-- +expect' (migdir.h rt_migdir_expect). */
typedef enum rt_check_expect {
	RT_CHECK_TRUE,	/* one row, one column, true */
	RT_CHECK_ROWS,	/* exactly rows rows */
	RT_CHECK_VALUE, /* one row, one column, printed as value */
} rt_check_expect;

typedef struct rt_check {
	const char *sql; /* one SELECT without its ';', on one line */
	rt_check_expect expect;
	uint64_t rows;	   /* RT_CHECK_ROWS */
	const char *value; /* RT_CHECK_VALUE: non-empty, no newline, no
			    * blank at either end */
	const char *what;  /* what it proves, for a reader: "column
			    * public.tasks.priority is integer NOT NULL" */
	bool creates;	   /* about an object the steps create (the first
			    * step on it creates it): run before the steps,
			    * the query fails its expectation */
} rt_check;

/*
 * Appends to out (rt_check *, in arena a) the queries that prove, on a
 * database of dialect d right after the statements of steps (rt_step *,
 * as rt_plan gives them) ran, that what they create and change is there
 * as schema to (the target the steps lead to; borrowed) says: a table
 * exists with its columns' names, types and nullability (and its
 * constraints, on PostgreSQL); a column added or changed has its type
 * (format_type on PostgreSQL, the declared type on SQLite), nullability
 * and collation; a constraint exists with its type and is validated (or
 * not, when NOT VALID); an index exists on its table, is valid and unique
 * or not; a schema, sequence, view or enum (with its labels, in order)
 * exists; what the steps drop and to does not have is gone. Each object
 * is checked once, in the order the steps first touch it. Names are
 * compared as literals (raw, schema-qualified), never through the
 * search_path. Errors: RT_EUSAGE for a dialect without checks.
 */
int rt_render_checks(rt_vec *out, rt_arena *a, rt_dialect d,
		     const rt_vec *steps, const rt_schema *to, rt_error *err);

#endif
