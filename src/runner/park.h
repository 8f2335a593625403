/* SPDX-License-Identifier: MIT */
/*
 * What migrations parked (plan.h, rt_plan_park) in a live database, read
 * from the catalog retort_archive.parked their up sections fill; and the
 * purge that deletes it for good. PostgreSQL only: nothing is parked on
 * SQLite.
 */
#ifndef RT_RUNNER_PARK_H
#define RT_RUNNER_PARK_H

#include "base/common.h"
#include "base/arena.h"
#include "base/error.h"
#include "runner/runner.h"

/* One row of the catalog. */
typedef struct rt_parked {
	uint64_t version;	    /* the migration that parked it */
	const char *migration;	    /* its file name */
	const char *kind;	    /* "table" or "column" */
	const char *source;	    /* "public.orders", "public.users.note" */
	const char *archive_schema; /* "retort_park_0003" */
	const char *archive_name;   /* "orders", "users__note" */
	const char *parked_at;	    /* as PostgreSQL prints a timestamptz */
	const char *purged_at;	    /* NULL while it is still there */
	int64_t bytes; /* its size with indexes and TOAST; -1 when gone */
} rt_parked;

/*
 * Reads the catalog into *out (n_out rows, in arena a), ordered by
 * version then archive name: what is parked and what was purged. No
 * catalog (nothing ever parked) or a SQLite database: no rows. Errors:
 * RT_EDB.
 */
int rt_park_list(rt_parked **out, size_t *n_out, rt_conn *c, rt_arena *a,
		 rt_error *err);

/*
 * Deletes, in one transaction, the park schema of every version that
 * items[0..n) (rows of rt_park_list, not purged) name, with everything in
 * it, and marks their catalog rows purged. *bytes_out: the sizes of the
 * objects deleted. Errors: RT_EDB (nothing is deleted then).
 */
int rt_park_purge(int64_t *bytes_out, rt_conn *c, rt_arena *a,
		  const rt_parked *items, size_t n, rt_error *err);

#endif
