/* SPDX-License-Identifier: MIT */
/*
 * Render: typed changes as PostgreSQL SQL. Names are quoted here and only
 * here (rt_buf_add_ident / rt_buf_add_qname / rt_buf_add_literal), always
 * schema-qualified. Output is deterministic.
 */
#ifndef RT_RENDER_RENDER_H
#define RT_RENDER_RENDER_H

#include "base/common.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/error.h"
#include "base/vec.h"
#include "schema/schema.h"

/*
 * Appends the SQL for changes (rt_change *, as rt_diff gives them) to out:
 * one statement per change (a few changes, such as replacing an enum, take
 * several), each followed by ";\n", and a "\n" between changes. No changes:
 * nothing appended. Fails (RT_EINTERNAL) only on a malformed change.
 */
int rt_render_pg(rt_buf *out, const rt_vec *changes, rt_error *err);

/*
 * For inspect: appends the schema s as canonical SQL, i.e. the render of
 * rt_diff(empty schema, s). Temporary objects live in arena a.
 */
int rt_render_schema_pg(rt_buf *out, rt_arena *a, const rt_schema *s,
			rt_error *err);

#endif
