/* SPDX-License-Identifier: MIT */
/* Shared inside src/plan/ only. */
#ifndef RT_PLAN_PLAN_INT_H
#define RT_PLAN_PLAN_INT_H

#include "base/common.h"
#include "plan/plan.h"

/* Fills s's safety fields from reference/postgres-ddl-safety.md. */
void rt_plan__safety(rt_step *s);

/* true when every value of a column of type from converts exactly to type
 * to (plan_safety.c says which changes are known to be lossless). */
bool rt_plan__type_lossless(rt_type from, rt_type to);

/* A built-in type name as format_type prints it, split into its base
 * ("timestamp without time zone", "character varying") and its typmods
 * ("numeric(10,2)": 10, 2; "timestamp(3) with time zone": 3). */
typedef struct rt_plan__typespec {
	char base[96];
	int nmod; /* 0, 1 or 2 */
	long mod[2];
} rt_plan__typespec;

void rt_plan__type_split(rt_plan__typespec *t, const char *name);

/* R24, R25: a change between the built-in types from and to (format_type
 * names, not arrays) that PostgreSQL makes in the catalog only. */
bool rt_plan__type_catalog_only(const char *from, const char *to);

/* R15: the column's default is volatile (ADD COLUMN rewrites the table). */
bool rt_plan__volatile_default(const rt_column *col);

#endif
