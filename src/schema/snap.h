/* SPDX-License-Identifier: MIT */
/*
 * A compact binary form of a finished rt_schema (snap.c): every field of
 * every kind, the expressions' keys and references and the objects' ids
 * and dependency edges included, so that reading it back needs neither
 * the SQL parser nor rt_schema_finish. It is the migrations folder's
 * snapshot (load_migdir.c): written and read by the same build only (the
 * snapshot's key says which build wrote it), so the layout is this
 * build's and carries no compatibility promise. The reader still checks
 * every count, string and reference against the bytes it was given: a
 * damaged or foreign body is refused, never half-read.
 */
#ifndef RT_SCHEMA_SNAP_H
#define RT_SCHEMA_SNAP_H

#include "base/common.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/error.h"
#include "schema/schema.h"

/* The format's version, written first in every body. */
#define RT_SNAP_VERSION 1

/* Appends s (finished: rt_schema_finish ran) to out. s->source is not
 * written (the reader's caller names the schema). With dir, the places
 * (objects' src_file, unmanaged files) under dir/ are written relative
 * to it, for rt_snap_read to put under its own spelling of dir. false, and
 * nothing appended, when an edge or an owner is an object outside s's lists. */
bool rt_snap_write(rt_buf *out, const rt_schema *s, const char *dir);

/*
 * Reads data[0..len), written by rt_snap_write, into a new schema in
 * arena a: the same lists in the same order, the same ids and next_id,
 * the same deps, every object indexed (rt_schema_add), as s was when
 * written; finished (rt_schema_finish must not run again on it before
 * rt_load_sql_begin drops its edges). Its source is NULL. Places
 * written relative (rt_snap_write's dir) are read as dir/place. Malformed,
 * truncated or of another version: -1 with an RT_EINPUT error saying
 * what, and nothing of the schema is to be used.
 */
int rt_snap_read(rt_schema **out, rt_arena *a, const void *data, size_t len,
		 const char *dir, rt_error *err);

#endif
