/* SPDX-License-Identifier: MIT */
/* rt_arena: zeroed, aligned allocations with one lifetime. */
#include "base/common.h"
#include "base/arena.h"

#include <criterion/criterion.h>

Test(base_arena, alloc_is_zeroed_and_aligned)
{
	rt_arena *a = rt_arena_new();
	for (size_t n = 1; n < 200; n += 7) {
		unsigned char *p = rt_arena_alloc(a, n);
		cr_assert_not_null(p);
		cr_expect_eq((uintptr_t)p % _Alignof(max_align_t), 0,
			     "size %zu misaligned", n);
		for (size_t i = 0; i < n; i++)
			cr_expect_eq(p[i], 0);
		memset(p, 0xab, n);
	}
	rt_arena_free(a);
}

Test(base_arena, large_allocations)
{
	rt_arena *a = rt_arena_new();
	char *big = rt_arena_alloc(a, 1 << 20);
	big[(1 << 20) - 1] = 'x';
	char *small = rt_arena_alloc(a, 8);
	cr_expect_neq(big, small);
	cr_expect_geq(rt_arena_used(a), (size_t)(1 << 20) + 8);
	rt_arena_free(a);
}

Test(base_arena, many_small_allocations_stay_distinct)
{
	rt_arena *a = rt_arena_new();
	int **ptrs = rt_xcalloc(5000, sizeof(*ptrs));
	for (int i = 0; i < 5000; i++) {
		ptrs[i] = RT_NEW(a, int);
		*ptrs[i] = i;
	}
	for (int i = 0; i < 5000; i++)
		cr_expect_eq(*ptrs[i], i);
	free(ptrs);
	rt_arena_free(a);
}

Test(base_arena, strings)
{
	rt_arena *a = rt_arena_new();
	cr_expect_null(rt_arena_strdup(a, NULL));
	cr_expect_str_eq(rt_arena_strdup(a, "tasks"), "tasks");
	cr_expect_str_eq(rt_arena_strndup(a, "tasks_pkey", 5), "tasks");
	cr_expect_str_eq(rt_arena_printf(a, "%s_%s_%s", "t", "a", "fkey"),
			 "t_a_fkey");
	rt_arena_free(a);
}

Test(base_arena, free_null_is_noop)
{
	rt_arena_free(NULL);
}

/* Past a few MB an arena's blocks come from the kernel zeroed (no memset):
 * every allocation there, and every big one, is still zeroed, aligned and
 * distinct from the others. */
Test(base_arena, big_arena_blocks_are_zeroed)
{
	rt_arena *a = rt_arena_new();
	unsigned char *prev = NULL;
	size_t sizes[] = {24, 200, 5000, 20000, 300000, 3 << 20, 40};
	for (int round = 0; round < 400; round++) {
		size_t n = sizes[round % RT_ARRAY_LEN(sizes)];
		unsigned char *p = rt_arena_alloc(a, n);
		cr_expect_eq((uintptr_t)p % _Alignof(max_align_t), 0);
		cr_expect_neq(p, prev);
		for (size_t i = 0; i < n; i++)
			if (p[i] != 0)
				cr_assert_fail(
				    "round %d: byte %zu of %zu not zero", round,
				    i, n);
		memset(p, 0xab, n);
		prev = p;
	}
	cr_expect_geq(rt_arena_used(a), (size_t)50 << 20);
	rt_arena_free(a);
}
