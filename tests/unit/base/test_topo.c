/* SPDX-License-Identifier: MIT */
/* rt_topo_sort: presort kept where edges allow, edges respected, cycles
 * reported with their items. */
#include "base/common.h"
#include "base/topo.h"

#include <criterion/criterion.h>

static void expect_order(const size_t *got, const size_t *want, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cr_expect_eq(got[i], want[i], "position %zu: %zu, not %zu", i,
			     got[i], want[i]);
}

Test(base_topo, no_edges_keeps_presort)
{
	size_t order[4], cyc[4], nc = 0;
	size_t want[] = {0, 1, 2, 3};
	cr_assert(rt_topo_sort(order, 4, NULL, 0, cyc, &nc) == 0);
	expect_order(order, want, 4);
}

Test(base_topo, edges_move_as_little_as_possible)
{
	/* 3 must come before 1; 0 and 2 keep their places around them */
	rt_topo_edge e[] = {{3, 1}};
	size_t order[4], cyc[4], nc = 0;
	size_t want[] = {0, 2, 3, 1};
	cr_assert(rt_topo_sort(order, 4, e, 1, cyc, &nc) == 0);
	expect_order(order, want, 4);
}

Test(base_topo, chain_and_diamond)
{
	rt_topo_edge e[] = {{4, 2}, {2, 0}, {4, 3}, {3, 0}, {1, 4}};
	size_t order[5], cyc[5], nc = 0, pos[5];
	cr_assert(rt_topo_sort(order, 5, e, 5, cyc, &nc) == 0);
	for (size_t i = 0; i < 5; i++)
		pos[order[i]] = i;
	for (size_t i = 0; i < 5; i++)
		cr_expect_lt(pos[e[i].before], pos[e[i].after], "edge %zu", i);
}

Test(base_topo, cycle_is_reported_in_order)
{
	/* 0 alone; 1 -> 2 -> 3 -> 1 */
	rt_topo_edge e[] = {{1, 2}, {2, 3}, {3, 1}};
	size_t order[4], cyc[4], nc = 0;
	cr_assert(rt_topo_sort(order, 4, e, 3, cyc, &nc) == -1);
	cr_assert_eq(nc, 3);
	/* each item before the next, the last before the first */
	for (size_t i = 0; i < nc; i++) {
		size_t b = cyc[i], a = cyc[(i + 1) % nc];
		bool found = false;
		for (size_t k = 0; k < 3; k++)
			found |= e[k].before == b && e[k].after == a;
		cr_expect(found, "%zu -> %zu is not an edge", b, a);
	}
}

Test(base_topo, self_edge_is_a_cycle_of_one)
{
	rt_topo_edge e[] = {{0, 1}, {1, 1}};
	size_t order[2], cyc[2], nc = 0;
	cr_assert(rt_topo_sort(order, 2, e, 2, cyc, &nc) == -1);
	cr_expect_eq(nc, 1);
	cr_expect_eq(cyc[0], 1);
}

Test(base_topo, large_chain_is_linear)
{
	size_t n = 200000;
	rt_topo_edge *e = rt_xcalloc(n, sizeof(*e));
	size_t *order = rt_xcalloc(n, sizeof(size_t)), nc = 0;
	/* reverse chain: n-1 before n-2 before ... before 0 */
	for (size_t i = 0; i + 1 < n; i++)
		e[i] = (rt_topo_edge){i + 1, i};
	cr_assert(rt_topo_sort(order, n, e, n - 1, NULL, &nc) == 0);
	cr_expect_eq(order[0], n - 1);
	cr_expect_eq(order[n - 1], 0);
	free(e);
	free(order);
}
