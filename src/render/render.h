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

#endif
