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
	/*
	 * A validation query, not a statement to run: the migration must
	 * FAIL when it returns any row. A runner adds it as a check after
	 * the migration's statements, in their transaction (rt_run_check
	 * with expect "rows=0"); a migration file puts it under
	 * '-- +validate' with '-- +expect 0 rows'; rt_render_script writes
	 * it as a statement after a comment saying so (a script cannot
	 * check). SQLite's table rebuild gives them: PRAGMA
	 * foreign_key_check of the rebuilt table and of the tables whose
	 * foreign keys reference it, a query that returns a row when
	 * foreign keys are enforced (the rebuild relies on them not being
	 * so), and a SELECT of each view it recreated (an error when the
	 * view no longer fits the table).
	 */
	RT_STMT_CHECK = 1 << 3,
} rt_stmt_flags;

typedef struct rt_stmt {
	const char *sql;     /* one statement without its ';', or for a
			      * note the comment text ("-- ...") */
	const rt_step *step; /* the step it carries out (borrowed) */
	unsigned flags;	     /* rt_stmt_flags */
} rt_stmt;

/*
 * Appends to out (rt_stmt *, in arena a) the statements of steps (rt_step
 * *, as rt_plan gives them), in dialect d: on PostgreSQL one per step.
 * Fails with RT_EUSAGE for a dialect retort cannot write, or a step the
 * dialect cannot express (naming the object), RT_EINTERNAL for a
 * malformed step. Same as rt_render_between without the schemas, which
 * SQLite needs to alter an existing table: there use rt_render_between.
 */
int rt_render(rt_vec *out, rt_arena *a, rt_dialect d, const rt_vec *steps,
	      rt_error *err);

/*
 * rt_render for steps that turn schema from (the database as it is) into
 * to (both borrowed; NULL: not known).
 *
 * SQLite (render_sqlite.c) writes CREATE TABLE with every constraint
 * inline (a constraint the plan adds to a table it creates is part of its
 * CREATE TABLE and gives no statement of its own), DROP TABLE, CREATE /
 * DROP INDEX, ALTER TABLE ADD / DROP COLUMN within SQLite's limits,
 * ALTER TABLE RENAME TO / RENAME COLUMN (an index renamed: dropped and
 * created). Every other change of an existing table (a type, NOT NULL, a
 * default, a constraint added, dropped or renamed, a column SQLite cannot
 * add or drop in
 * place) is SQLite's twelve-step rebuild, once per table at the place of
 * the table's first step, which then gives all the table's statements:
 * CREATE TABLE "_retort_new_<t>" as in to, INSERT ... SELECT of the
 * common columns, DROP of the views and triggers that name the table (as
 * from holds them, rt_unmanaged.sql), DROP TABLE, ALTER TABLE ... RENAME
 * TO <t>, the table's indexes as in to, the views and triggers again
 * (to's text of the same view or trigger when it has one, else from's),
 * then the RT_STMT_CHECK queries. It needs both schemas; it relies on
 * foreign keys not being enforced (PRAGMA foreign_keys off, which the
 * runner's SQLite connection never turns on; one of the checks fails the
 * migration otherwise). A step SQLite cannot express (a sequence, an
 * enum, a comment, a grant, a schema other than "main") is RT_EUSAGE.
 */
int rt_render_between(rt_vec *out, rt_arena *a, rt_dialect d,
		      const rt_vec *steps, const rt_schema *from,
		      const rt_schema *to, rt_error *err);

/*
 * Appends statements (rt_stmt *) as a script to b: each statement
 * followed by ";\n" (a note by "\n"; a check after the line
 * "-- retort: validation, must return no rows"; a statement flagged
 * RT_STMT_NO_TRANSACTION after "-- retort: outside a transaction"), and an
 * empty line between the statements of two different changes. No statements:
 * nothing appended.
 */
void rt_render_script(rt_buf *b, const rt_vec *stmts);

/*
 * The whole way from changes to a script: rt_plan, rt_render in dialect d,
 * rt_render_script appended to out. Temporaries live in arena a.
 */
int rt_render_changes(rt_buf *out, rt_arena *a, rt_dialect d,
		      const rt_vec *changes, rt_error *err);

/* The same with the schemas the changes go between (rt_render_between):
 * what rt_diff(from, to) gave, or its inverse with from and to swapped. */
int rt_render_changes_between(rt_buf *out, rt_arena *a, rt_dialect d,
			      const rt_vec *changes, const rt_schema *from,
			      const rt_schema *to, rt_error *err);

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
