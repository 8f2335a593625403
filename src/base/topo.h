/* SPDX-License-Identifier: MIT */
/*
 * rt_topo_sort: a topological sort that keeps a given presort wherever
 * the edges allow (as pg_dump_sort.c's TopoSort): items are 0..n-1 in
 * presort order; among the items whose predecessors are all placed, the
 * one earliest in the presort goes next. O((n + edges) log n).
 */
#ifndef RT_BASE_TOPO_H
#define RT_BASE_TOPO_H

#include "base/common.h"

typedef struct rt_topo_edge {
	size_t before, after; /* item before must come before item after */
} rt_topo_edge;

/*
 * Writes into order[0..n) the items in an order that respects every edge.
 * Returns 0, or -1 when the edges hold a cycle: then cycle[0..*ncycle)
 * (cycle has room for n items) lists the items of one cycle, each before
 * the next and the last before the first, and order is unspecified.
 * An edge from an item to itself is a cycle of one.
 */
int rt_topo_sort(size_t *order, size_t n, const rt_topo_edge *edges,
		 size_t nedges, size_t *cycle, size_t *ncycle);

#endif
