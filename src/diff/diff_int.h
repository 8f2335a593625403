/* SPDX-License-Identifier: MIT */
/*
 * Shared inside src/diff/ only: the ordering keys diff.c attaches to each
 * change and the ordering pass of diff_order.c.
 */
#ifndef RT_DIFF_DIFF_INT_H
#define RT_DIFF_DIFF_INT_H

#include "base/common.h"
#include "diff/diff.h"

/* Phases, in execution order: drops of dependents first, then creates and
 * alters, then drops of the things the dropped objects used. */
enum rt_diff_phase {
	RT_PH_SEQ_UNOWN = 10,	  /* OWNED BY NONE before owners go away */
	RT_PH_COMMENT_CLEAR = 15, /* comments of objects about to go */
	RT_PH_GRANT_CLEAR = 16,	  /* their privileges and RLS too */
	RT_PH_DROP_ON_REL = 17,	  /* views, triggers, policies, rules */
	RT_PH_DROP_FK = 20,
	RT_PH_DROP_INDEX = 22,
	RT_PH_DROP_CONSTRAINT = 25,
	RT_PH_DETACH = 35, /* detach partition, no inherit */
	RT_PH_DROP_COLUMN = 40,
	RT_PH_DROP_TABLE = 45,
	RT_PH_DROP_REPLACED = 48, /* a type dropped to be created anew */
	RT_PH_CREATE_SCHEMA = 50,
	RT_PH_EXTENSION = 55,
	RT_PH_COLLATION = 60,
	RT_PH_ENUM = 65,
	RT_PH_TYPE = 67, /* domains, composite and range types, functions */
	RT_PH_SEQUENCE = 70,
	RT_PH_CREATE_TABLE = 75,
	RT_PH_COLUMN = 85,
	RT_PH_ATTACH = 87, /* once the columns match the parent's */
	RT_PH_ADD_CONSTRAINT = 90,
	RT_PH_CREATE_INDEX = 91,
	RT_PH_ADD_FK = 92,
	RT_PH_TABLE_PROPS = 93, /* replica identity, cluster: on indexes */
	RT_PH_ON_REL = 95,	/* views, triggers, policies, rules */
	RT_PH_RLS = 97,
	RT_PH_SEQ_OWN = 100,
	RT_PH_DROP_SEQUENCE = 105,
	RT_PH_DROP_TYPE = 108,
	RT_PH_DROP_ENUM = 110,
	RT_PH_DROP_COLLATION = 115,
	RT_PH_DROP_EXTENSION = 120,
	RT_PH_DROP_SCHEMA = 125,
	RT_PH_GRANT = 128,
	RT_PH_COMMENT = 130,
	RT_PH_UNMANAGED = 140,
};

/* A change with its sort keys: (phase, depth, schema, table, k1, k2,
 * name, seq), compared in that order. */
typedef struct rt_diff_item {
	rt_change *c;
	int phase;
	int depth; /* inheritance depth; negated for table drops */
	const char *schema, *table;
	int k1, k2;
	const char *name;
	size_t seq; /* creation order: the final tie-break */
} rt_diff_item;

/* Orders items (rt_diff_item *): the presort by their keys, then the
 * topological sort over the objects' dependency edges (diff_order.c).
 * A cycle: RT_EINPUT naming the changes on it. Temporaries in arena a. */
int rt_diff__order(rt_vec *items, rt_arena *a, rt_error *err);

/* true when x and y are the same constraint but for their names (their
 * kind, columns, references, options and expression). */
bool rt_diff__constraint_eq(const rt_constraint *x, const rt_constraint *y);

/* rt_diff runs its later phases on two threads when the two schemas have
 * at least this many tables between them (2,000 unless set): for tests. */
void rt_diff__set_parallel_min(size_t tables);

#endif
