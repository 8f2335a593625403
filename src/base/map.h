/* SPDX-License-Identifier: MIT */
/*
 * rt_map: a hash map from byte-string keys to pointers, open addressing
 * with linear probing and tombstones, storage in an arena (old storage is
 * abandoned to the arena when it grows, as rt_vec does). Zero-initialised
 * is empty. Keys and values are borrowed: a key must stay unchanged while
 * it is in the map. Lookups cost O(1) on average whatever the size, so
 * finders never scan a list.
 */
#ifndef RT_BASE_MAP_H
#define RT_BASE_MAP_H

#include "base/common.h"
#include "base/arena.h"

typedef struct rt_map_slot rt_map_slot;

typedef struct rt_map {
	rt_map_slot *slots;
	size_t cap;  /* a power of two, or 0 */
	size_t len;  /* live entries */
	size_t used; /* live entries + tombstones */
} rt_map;

/* The value stored under key[0..len), or NULL. */
void *rt_map_get(const rt_map *m, const void *key, size_t len);

/* Stores value under key[0..len) (borrowed), replacing any value there.
 * value must not be NULL. */
void rt_map_put(rt_map *m, rt_arena *a, const void *key, size_t len,
		void *value);

/* Removes key; false when it was absent. */
bool rt_map_del(rt_map *m, const void *key, size_t len);

/* A 64-bit hash of key[0..len) (the same in every run; it reads words
 * in the machine's byte order). */
uint64_t rt_map_hash(const void *key, size_t len);

#endif
