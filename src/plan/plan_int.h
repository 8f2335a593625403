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

/* R15: the column's default is volatile (ADD COLUMN rewrites the table). */
bool rt_plan__volatile_default(const rt_column *col);

#endif
