/* SPDX-License-Identifier: MIT */
/*
 * Reading libpg_query's JSON parse output into protobuf-c structs
 * (canon_json.c), for canon.c and the SQL loader: libpg_query writes JSON
 * faster than it packs protobuf.
 */
#ifndef RT_SCHEMA_CANON_JSON_H
#define RT_SCHEMA_CANON_JSON_H

#include "base/common.h"
#include "base/arena.h"

#include <pg_query/pg_query.pb-c.h>

/*
 * The tree libpg_query's JSON parse output json of sql stands for, in
 * protobuf-c structs in arena a: what pg_query__parse_result__unpack
 * gives for the protobuf output of the same parse (canon_json.c).
 * Thread-safe. NULL when json is not such output, when it may have lost a
 * negative number (parse again with protobuf), or (*too_deep set) when
 * messages nest more than limit levels below the result.
 */
PgQuery__ParseResult *rt_canon_json_tree(rt_arena *a, const char *sql,
					 const char *json, size_t limit,
					 bool *too_deep);

/* Frees the table of field names rt_canon_json_tree builds on first use:
 * once, at exit (rt_canon_shutdown); no reading afterwards. */
void rt_canon_json_release(void);

#endif
