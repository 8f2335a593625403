/* SPDX-License-Identifier: MIT */
/* Shared inside src/render/ only: one dialect's statement writer. */
#ifndef RT_RENDER_RENDER_INT_H
#define RT_RENDER_RENDER_INT_H

#include "base/common.h"
#include "render/render.h"
#include "schema/schema.h"

/* Appends st as one PostgreSQL statement, without the ';'. */
int rt_render__pg_step(rt_buf *b, const rt_step *st, rt_error *err);

/* The statements of a parking step (RT_OP_PARK_*, RT_OP_RESTORE_*),
 * appended to out (render_pg_park.c); rt_render__is_park says which ops
 * go there. */
int rt_render__pg_park(rt_vec *out, rt_arena *a, const rt_step *st,
		       rt_error *err);
bool rt_render__is_park(rt_op op);

/* The same for the steps of the generic kinds, grants and row level
 * security (render_pg_objects.c). */
int rt_render__pg_object(rt_buf *b, const rt_step *st, rt_error *err);

/* PostgreSQL spelling helpers (render_pg.c): a qualified name, one
 * identifier, a collation (built-in ones bare), a type as format_type
 * prints it, an object as its kind's naming says. */
void rt_render__qname(rt_buf *b, const char *schema, const char *name);
void rt_render__ident(rt_buf *b, const char *name);
void rt_render__collation_name(rt_buf *b, rt_qname q);
void rt_render__type_name(rt_buf *b, rt_type t);
void rt_render__object_name(rt_buf *b, rt_kind k, const rt_object *o);

/* How one generic kind is written: create (target), drop (object; NULL:
 * DROP <type> <name>), alter in place (object to target; NULL when the
 * kind has no in-place change). One per render_pg_<kind>.c, registered
 * in render_pg_objects.c. */
typedef struct rt_render_kind {
	void (*create)(rt_buf *b, const rt_object *o);
	void (*drop)(rt_buf *b, const rt_object *o);
	void (*alter)(rt_buf *b, const rt_object *from, const rt_object *to);
} rt_render_kind;

extern const rt_render_kind rt_render__pg_view;
extern const rt_render_kind rt_render__pg_domain;
extern const rt_render_kind rt_render__pg_composite;
extern const rt_render_kind rt_render__pg_range;
extern const rt_render_kind rt_render__pg_rule;
extern const rt_render_kind rt_render__pg_function;
extern const rt_render_kind rt_render__pg_trigger;
extern const rt_render_kind rt_render__pg_policy;

/* The part of a CREATE INDEX statement after the table name ("USING btree
 * (a) WHERE ...", "(a, lower(b))"), or NULL when def does not have the
 * expected shape; *unique: the statement says UNIQUE. */
const char *rt_render__index_tail(const char *def, bool *unique);

/* Appends to out one statement of step st with sql (copied into a) and
 * the step's flags, plus extra (rt_stmt_flags). */
void rt_render__stmt(rt_vec *out, rt_arena *a, const char *sql,
		     const rt_step *st, unsigned extra);

/* SQLite: the statements of steps between schemas from and to (either
 * may be NULL: then a step that needs them fails), render_sqlite.c. */
int rt_render__sqlite(rt_vec *out, rt_arena *a, const rt_vec *steps,
		      const rt_schema *from, const rt_schema *to,
		      rt_error *err);

/* The SQL words of o's type ("VIEW", "MATERIALIZED VIEW", "PROCEDURE"). */
const char *rt_render__sql_type(rt_kind k, const rt_object *o);

/* Drops the trailing semicolon and blanks a definition's source text
 * may have kept (an index's text, written back as it is). */
void rt_render__trim_semicolon(rt_buf *b);

#endif
