/* SPDX-License-Identifier: MIT */
/* rt_buf: the one string builder (never NULL, always NUL-terminated). */
#include "base/common.h"
#include "base/buf.h"

#include <criterion/criterion.h>

Test(base_buf, starts_empty_and_terminated)
{
	rt_buf b = RT_BUF_INIT;
	cr_assert_not_null(b.data);
	cr_expect_eq(b.len, 0);
	cr_expect_str_eq(b.data, "");
	rt_buf_release(&b); /* releasing an empty buffer is a no-op */
	cr_expect_str_eq(b.data, "");
}

Test(base_buf, add_variants)
{
	rt_buf b = RT_BUF_INIT;
	rt_buf_adds(&b, "abc");
	rt_buf_addch(&b, '-');
	rt_buf_add(&b, "xyz", 2);
	rt_buf_addf(&b, "[%d:%s]", 42, "q");
	cr_expect_str_eq(b.data, "abc-xy[42:q]");
	cr_expect_eq(b.len, strlen("abc-xy[42:q]"));
	rt_buf_release(&b);
}

Test(base_buf, grows_past_many_reallocations)
{
	rt_buf b = RT_BUF_INIT;
	for (int i = 0; i < 10000; i++)
		rt_buf_addf(&b, "%04d", i % 10000);
	cr_expect_eq(b.len, 40000);
	cr_expect_eq(b.data[b.len], '\0');
	cr_expect_eq(memcmp(b.data + 4 * 9999, "9999", 4), 0);
	rt_buf_release(&b);
}

Test(base_buf, reset_and_setlen_keep_termination)
{
	rt_buf b = RT_BUF_INIT;
	rt_buf_adds(&b, "hello world");
	rt_buf_setlen(&b, 5);
	cr_expect_str_eq(b.data, "hello");
	rt_buf_reset(&b);
	cr_expect_str_eq(b.data, "");
	cr_expect_eq(b.len, 0);
	rt_buf_adds(&b, "again");
	cr_expect_str_eq(b.data, "again");
	rt_buf_release(&b);
}

Test(base_buf, detach_hands_over_memory)
{
	rt_buf b = RT_BUF_INIT;
	rt_buf_adds(&b, "mine");
	char *s = rt_buf_detach(&b);
	cr_expect_str_eq(s, "mine");
	cr_expect_str_eq(b.data, "");
	cr_expect_eq(b.len, 0);
	free(s);

	/* detaching an empty buffer still gives a freeable string */
	s = rt_buf_detach(&b);
	cr_assert_not_null(s);
	cr_expect_str_eq(s, "");
	free(s);
}

Test(base_buf, detach_into_arena)
{
	rt_arena *a = rt_arena_new();
	rt_buf b = RT_BUF_INIT;
	rt_buf_addf(&b, "%s.%s", "public", "t");
	char *s = rt_buf_detach_arena(&b, a);
	cr_expect_str_eq(s, "public.t");
	cr_expect_str_eq(b.data, "");
	rt_arena_free(a);
}

Test(base_buf, embedded_nul_counts_in_len)
{
	rt_buf b = RT_BUF_INIT;
	rt_buf_add(&b, "a\0b", 3);
	cr_expect_eq(b.len, 3);
	cr_expect_eq(b.data[3], '\0');
	rt_buf_release(&b);
}
