/* SPDX-License-Identifier: MIT */
/* Shared inside src/render/ only: one dialect's statement writer. */
#ifndef RT_RENDER_RENDER_INT_H
#define RT_RENDER_RENDER_INT_H

#include "base/common.h"
#include "render/render.h"
#include "schema/schema.h"

/* Appends st as one PostgreSQL statement, without the ';'. */
int rt_render__pg_step(rt_buf *b, const rt_step *st, rt_error *err);

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

/* The SQL words of o's type ("VIEW", "MATERIALIZED VIEW", "PROCEDURE"). */
const char *rt_render__sql_type(rt_kind k, const rt_object *o);

#endif
