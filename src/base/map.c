/* SPDX-License-Identifier: MIT */
/* rt_map implementation: linear probing, tombstones, grown at 3/4 full. */
#include "base/common.h"
#include "base/map.h"

struct rt_map_slot {
	const void *key; /* NULL: empty; TOMB: deleted */
	size_t len;
	uint64_t hash;
	void *value;
};

static const char tomb_byte;
#define TOMB ((const void *)&tomb_byte)

/* a and b multiplied to 128 bits, the halves folded: every bit of the
 * result depends on every bit of both */
static uint64_t fold(uint64_t a, uint64_t b)
{
	unsigned __int128 r = (unsigned __int128)a * b;
	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/* Eight bytes at a time (byte-at-a-time FNV-1a took a fifth of a diff's
 * lookups on long keys, and its low bits, the ones the table's mask
 * keeps, mix poorly). */
uint64_t rt_map_hash(const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, w;
	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = fold(h ^ w, 0xbf58476d1ce4e5b9ULL);
	}
	w = 0;
	memcpy(&w, p, len);
	return fold(h ^ w, 0x94d049bb133111ebULL);
}

static bool slot_is(const rt_map_slot *s, uint64_t h, const void *key,
		    size_t len)
{
	return s->key && s->key != TOMB && s->hash == h && s->len == len &&
	       memcmp(s->key, key, len) == 0;
}

/* The slot holding key, or NULL. */
static rt_map_slot *find(const rt_map *m, uint64_t h, const void *key,
			 size_t len)
{
	if (!m->cap)
		return NULL;
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		rt_map_slot *s = &m->slots[i];
		if (!s->key)
			return NULL;
		if (slot_is(s, h, key, len))
			return s;
	}
}

static void grow(rt_map *m, rt_arena *a)
{
	size_t cap = m->cap ? m->cap : 16;
	/* live entries fill at most half after the rehash: the table
	 * doubles when they and the tombstones reach 3/4 (it quadrupled,
	 * which at 16,000 tables made the maps a quarter of the memory);
	 * tombstones vanish */
	while ((m->len + 1) * 2 > cap)
		cap *= 2;
	rt_map_slot *old = m->slots;
	size_t old_cap = m->cap;
	m->slots = rt_arena_alloc(a, cap * sizeof(rt_map_slot));
	m->cap = cap;
	m->used = m->len;
	for (size_t i = 0; i < old_cap; i++) {
		rt_map_slot *s = &old[i];
		if (!s->key || s->key == TOMB)
			continue;
		size_t j = s->hash & (cap - 1);
		while (m->slots[j].key)
			j = (j + 1) & (cap - 1);
		m->slots[j] = *s;
	}
}

void *rt_map_get(const rt_map *m, const void *key, size_t len)
{
	rt_map_slot *s = find(m, rt_map_hash(key, len), key, len);
	return s ? s->value : NULL;
}

void rt_map_put(rt_map *m, rt_arena *a, const void *key, size_t len,
		void *value)
{
	uint64_t h = rt_map_hash(key, len);
	rt_map_slot *s = find(m, h, key, len);

	RT_ASSERT(value != NULL);
	if (s) {
		s->key = key;
		s->value = value;
		return;
	}
	if ((m->used + 1) * 4 > m->cap * 3)
		grow(m, a);
	size_t mask = m->cap - 1, i = h & mask;
	while (m->slots[i].key && m->slots[i].key != TOMB)
		i = (i + 1) & mask;
	if (!m->slots[i].key)
		m->used++;
	m->slots[i] = (rt_map_slot){key, len, h, value};
	m->len++;
}

bool rt_map_del(rt_map *m, const void *key, size_t len)
{
	rt_map_slot *s = find(m, rt_map_hash(key, len), key, len);
	if (!s)
		return false;
	s->key = TOMB;
	s->value = NULL;
	m->len--;
	return true;
}
