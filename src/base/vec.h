/* SPDX-License-Identifier: MIT */
/*
 * rt_vec: a growable array of pointers whose storage lives in an arena
 * (old storage is abandoned to the arena when it grows). Zero-initialised
 * is empty. Elements are borrowed: the vector never frees them.
 */
#ifndef RT_BASE_VEC_H
#define RT_BASE_VEC_H

#include "base/common.h"
#include "base/arena.h"

typedef struct rt_vec {
	void **items;
	size_t len, cap;
} rt_vec;

void rt_vec_push(rt_vec *v, rt_arena *a, void *item);
/* Inserts at index i (0..len), shifting later items. */
void rt_vec_insert(rt_vec *v, rt_arena *a, size_t i, void *item);
/* Removes index i, shifting later items down. */
void rt_vec_remove(rt_vec *v, size_t i);
/* Stable sort (merge sort) with a qsort-style comparator on the items. */
void rt_vec_sort(rt_vec *v, int (*cmp)(const void *a, const void *b));

#define RT_VEC_AT(v, i) ((v).items[i])

#endif
