/* SPDX-License-Identifier: MIT */
/*
 * Dependency order of changes. diff.c gives each change a phase (drops of
 * dependents, creates and alters, drops of what they used, comments) and,
 * inside a phase, keys that put parents before children (depth), then
 * (schema, table, position, name). The sort is stable, so equal keys keep
 * the order diff.c produced them in.
 */
#include "base/common.h"
#include "diff/diff_int.h"

static int cmp_int(int a, int b)
{
	return (a > b) - (a < b);
}

static int cmp_item(const void *pa, const void *pb)
{
	const rt_diff_item *a = pa, *b = pb;
	int r;

	if ((r = cmp_int(a->phase, b->phase)))
		return r;
	if ((r = cmp_int(a->depth, b->depth)))
		return r;
	if ((r = rt_strcmp0(a->schema, b->schema)))
		return r;
	if ((r = rt_strcmp0(a->table, b->table)))
		return r;
	if ((r = cmp_int(a->k1, b->k1)))
		return r;
	if ((r = cmp_int(a->k2, b->k2)))
		return r;
	if ((r = rt_strcmp0(a->name, b->name)))
		return r;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

void rt_diff__order(rt_vec *items)
{
	rt_vec_sort(items, cmp_item);
}
