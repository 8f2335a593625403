/* SPDX-License-Identifier: MIT */
/* Shared by analyze.c (input, places, ignore comments, the schema run)
 * and analyze_stmt.c (the rules per statement). libpg_query is included
 * here and only by those files. */
#ifndef RT_PLAN_ANALYZE_INT_H
#define RT_PLAN_ANALYZE_INT_H

#include "base/common.h"
#include "base/map.h"
#include "load/load.h"
#include "plan/analyze.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

struct rt_analyzer {
	rt_arena *a;
	rt_schema *s;	       /* the schema as the input left it */
	rt_load_sql_run *run;  /* evolves s statement by statement */
	int version;	       /* server_version */
	const rt_vec *exclude; /* rule ids never reported */
	const rt_vec *include; /* opt-in rule ids reported */
	rt_map created;	       /* "schema.name" of relations the input
				  created -> (void *)1 */
	/* the session of the current file */
	bool in_block;		 /* after BEGIN, before COMMIT */
	rt_stmt_analysis *began; /* the BEGIN */
	bool lock_timeout;	 /* SET lock_timeout seen (not 0) */
	bool statement_timeout;	 /* SET statement_timeout seen */
	rt_map tx_not_valid;	 /* "table\ncon" added NOT VALID in
				    the open transaction block */
	unsigned file_gen;	 /* created's generation: one per file */
	unsigned tx_gen;	 /* tx_not_valid's generation */
	bool assume_tx;		 /* each file runs in one transaction */
	/* rt_analyze_opts.is_empty */
	bool (*is_empty)(void *ctx, const char *schema, const char *name);
	void *is_empty_ctx;
	rt_vec path; /* SET search_path (const char *); empty: "public" */
};

/* One statement being analyzed. */
typedef struct an_stmt {
	rt_analyzer *z;
	rt_stmt_analysis *r;
	rt_arena *scratch; /* freed after the statement */
	bool applies;	   /* the statement may change the schema */
} an_stmt;

/* Fills st->r's facts and findings for statement n (analyze_stmt.c). The
 * schema is as it is before n runs. */
void rt_analyze__stmt(an_stmt *st, PgQuery__Node *n);

/* Adds a finding to st->r unless its rule is excluded; message and fix
 * are copied into the analyzer's arena (fix may be NULL). */
void rt_analyze__find(an_stmt *st, const char *rule, const char *fix,
		      const char *fmt, ...) RT_PRINTF(4, 5);

#endif
