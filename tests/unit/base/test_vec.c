/* SPDX-License-Identifier: MIT */
/* rt_vec: arena-backed pointer arrays, insert/remove and stable sort. */
#include "base/common.h"
#include "base/vec.h"

#include <criterion/criterion.h>

static rt_arena *arena;

static void setup(void)
{
	arena = rt_arena_new();
}

static void teardown(void)
{
	rt_arena_free(arena);
}

TestSuite(base_vec, .init = setup, .fini = teardown);

static int ints[100];

Test(base_vec, push_many)
{
	rt_vec v = {0};
	for (int i = 0; i < 100; i++) {
		ints[i] = i;
		rt_vec_push(&v, arena, &ints[i]);
	}
	cr_assert_eq(v.len, 100);
	for (int i = 0; i < 100; i++)
		cr_expect_eq(*(int *)RT_VEC_AT(v, i), i);
}

Test(base_vec, insert_and_remove)
{
	rt_vec v = {0};
	rt_vec_push(&v, arena, (void *)"b");
	rt_vec_insert(&v, arena, 0, (void *)"a");
	rt_vec_insert(&v, arena, 2, (void *)"d");
	rt_vec_insert(&v, arena, 2, (void *)"c");
	cr_assert_eq(v.len, 4);
	cr_expect_str_eq(RT_VEC_AT(v, 0), "a");
	cr_expect_str_eq(RT_VEC_AT(v, 1), "b");
	cr_expect_str_eq(RT_VEC_AT(v, 2), "c");
	cr_expect_str_eq(RT_VEC_AT(v, 3), "d");
	rt_vec_remove(&v, 1);
	cr_assert_eq(v.len, 3);
	cr_expect_str_eq(RT_VEC_AT(v, 1), "c");
	rt_vec_remove(&v, 2);
	cr_assert_eq(v.len, 2);
	cr_expect_str_eq(RT_VEC_AT(v, 1), "c");
}

struct item {
	int key;
	int order;
};

static int by_key(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	return (x->key > y->key) - (x->key < y->key);
}

Test(base_vec, sort_is_stable)
{
	rt_vec v = {0};
	struct item items[50];
	for (int i = 0; i < 50; i++) {
		items[i].key = (i * 7) % 5;
		items[i].order = i;
		rt_vec_push(&v, arena, &items[i]);
	}
	rt_vec_sort(&v, by_key);
	for (size_t i = 1; i < v.len; i++) {
		const struct item *p = v.items[i - 1], *q = v.items[i];
		cr_expect_leq(p->key, q->key);
		if (p->key == q->key)
			cr_expect_lt(p->order, q->order, "not stable at %zu",
				     i);
	}
}

Test(base_vec, sort_empty_and_single)
{
	rt_vec v = {0};
	struct item one = {1, 0};
	rt_vec_sort(&v, by_key);
	cr_expect_eq(v.len, 0);
	rt_vec_push(&v, arena, &one);
	rt_vec_sort(&v, by_key);
	cr_expect_eq(v.items[0], &one);
}
