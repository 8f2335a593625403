/* SPDX-License-Identifier: MIT */
/* Shared inside src/plan/ only. */
#ifndef RT_PLAN_PLAN_INT_H
#define RT_PLAN_PLAN_INT_H

#include "base/common.h"
#include "plan/plan.h"

/* Fills s's safety fields from reference/postgres-ddl-safety.md. */
void rt_plan__safety(rt_step *s);

#endif
