/* SPDX-License-Identifier: MIT */
/* rt_map: put, get, replace, delete with tombstones, growth. */
#include "base/common.h"
#include "base/map.h"

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

TestSuite(base_map, .init = setup, .fini = teardown);

Test(base_map, empty_map_finds_nothing)
{
	rt_map m = {0};
	cr_expect_null(rt_map_get(&m, "a", 1));
	cr_expect_not(rt_map_del(&m, "a", 1));
}

Test(base_map, put_get_replace)
{
	rt_map m = {0};
	int x = 1, y = 2;
	rt_map_put(&m, arena, "key", 3, &x);
	cr_expect_eq(rt_map_get(&m, "key", 3), &x);
	cr_expect_null(rt_map_get(&m, "ke", 2));
	rt_map_put(&m, arena, "key", 3, &y);
	cr_expect_eq(rt_map_get(&m, "key", 3), &y);
	cr_expect_eq(m.len, 1);
}

Test(base_map, keys_with_nul_bytes_differ)
{
	rt_map m = {0};
	int x = 1, y = 2;
	rt_map_put(&m, arena, "a\0bc", 4, &x);
	rt_map_put(&m, arena, "ab\0c", 4, &y);
	cr_expect_eq(rt_map_get(&m, "a\0bc", 4), &x);
	cr_expect_eq(rt_map_get(&m, "ab\0c", 4), &y);
}

Test(base_map, many_keys_delete_and_reinsert)
{
	rt_map m = {0};
	static int vals[20000];
	char *keys[20000];
	for (int i = 0; i < 20000; i++) {
		keys[i] = rt_arena_printf(arena, "t%d", i);
		vals[i] = i;
		rt_map_put(&m, arena, keys[i], strlen(keys[i]), &vals[i]);
	}
	cr_assert_eq(m.len, 20000);
	for (int i = 0; i < 20000; i += 2)
		cr_assert(rt_map_del(&m, keys[i], strlen(keys[i])));
	cr_assert_eq(m.len, 10000);
	for (int i = 0; i < 20000; i++) {
		int *v = rt_map_get(&m, keys[i], strlen(keys[i]));
		if (i % 2)
			cr_assert(v && *v == i, "key %s", keys[i]);
		else
			cr_assert_null(v, "deleted key %s", keys[i]);
	}
	/* churn: tombstones must not fill the table */
	for (int round = 0; round < 50; round++)
		for (int i = 0; i < 20000; i += 2) {
			rt_map_put(&m, arena, keys[i], strlen(keys[i]),
				   &vals[i]);
			rt_map_del(&m, keys[i], strlen(keys[i]));
		}
	cr_expect_eq(m.len, 10000);
	cr_expect_leq(m.used, m.cap * 3 / 4);
}
