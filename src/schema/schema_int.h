/* SPDX-License-Identifier: MIT */
/* Shared inside src/schema/ only. */
#ifndef RT_SCHEMA_SCHEMA_INT_H
#define RT_SCHEMA_SCHEMA_INT_H

#include "base/common.h"
#include "schema/schema.h"

/* Takes o out of the index and the name claims, not out of its list
 * (for callers that rebuild the list themselves). */
void rt_schema__forget(rt_schema *s, rt_object *o);

/* Fills every object's deps from the model's references (graph.c). */
void rt_schema__link(rt_schema *s);

#endif
