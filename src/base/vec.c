/* SPDX-License-Identifier: MIT */
/* rt_vec implementation. */
#include "base/common.h"
#include "base/vec.h"

static void reserve(rt_vec *v, rt_arena *a, size_t n)
{
	if (n <= v->cap)
		return;
	size_t cap =
	    v->cap
		? v->cap * 2
		: 2; /* most lists (an object's deps, grants) hold one or two */
	while (cap < n)
		cap *= 2;
	void **items = rt_arena_alloc(a, cap * sizeof(void *));
	if (v->len)
		memcpy(items, v->items, v->len * sizeof(void *));
	v->items = items;
	v->cap = cap;
}

void rt_vec_push(rt_vec *v, rt_arena *a, void *item)
{
	reserve(v, a, v->len + 1);
	v->items[v->len++] = item;
}

void rt_vec_insert(rt_vec *v, rt_arena *a, size_t i, void *item)
{
	RT_ASSERT(i <= v->len);
	reserve(v, a, v->len + 1);
	memmove(v->items + i + 1, v->items + i, (v->len - i) * sizeof(void *));
	v->items[i] = item;
	v->len++;
}

void rt_vec_remove(rt_vec *v, size_t i)
{
	RT_ASSERT(i < v->len);
	memmove(v->items + i, v->items + i + 1,
		(v->len - i - 1) * sizeof(void *));
	v->len--;
}

static void msort(void **x, void **tmp, size_t n,
		  int (*cmp)(const void *, const void *))
{
	if (n < 2)
		return;
	size_t h = n / 2;
	msort(x, tmp, h, cmp);
	msort(x + h, tmp, n - h, cmp);
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = cmp(x[j], x[i]) < 0 ? x[j++] : x[i++];
	while (i < h)
		tmp[k++] = x[i++];
	while (j < n)
		tmp[k++] = x[j++];
	memcpy(x, tmp, n * sizeof(void *));
}

void rt_vec_sort(rt_vec *v, int (*cmp)(const void *a, const void *b))
{
	if (v->len < 2)
		return;
	void **tmp = rt_xmalloc(v->len * sizeof(void *));
	msort(v->items, tmp, v->len, cmp);
	free(tmp);
}
