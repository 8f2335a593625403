/* SPDX-License-Identifier: MIT */
/*
 * rt_arena: one allocation lifetime per command run. Objects are never freed
 * one by one; rt_arena_free releases everything. Built with RT_ARENA_DEBUG
 * (make DEBUG=1) every allocation is its own malloc, so ASan and valgrind see
 * overruns per object.
 */
#ifndef RT_BASE_ARENA_H
#define RT_BASE_ARENA_H

#include "base/common.h"

typedef struct rt_arena rt_arena;

/* A new empty arena; never NULL (out of memory aborts). */
rt_arena *rt_arena_new(void);

/* Frees the arena and everything allocated in it. NULL is a no-op. */
void rt_arena_free(rt_arena *a);

/* n zeroed bytes, aligned for any type, owned by the arena. */
void *rt_arena_alloc(rt_arena *a, size_t n);

/* A copy of s (NULL gives NULL) in the arena. */
char *rt_arena_strdup(rt_arena *a, const char *s);

/* A NUL-terminated copy of s[0..n) in the arena. */
char *rt_arena_strndup(rt_arena *a, const char *s, size_t n);

/* A copy of s in the arena with A-Z lowered (ASCII only: the folding of
 * strcasecmp in the C locale, and of SQLite's names). */
char *rt_arena_strlower(rt_arena *a, const char *s);

/* printf into a new arena string. */
char *rt_arena_printf(rt_arena *a, const char *fmt, ...) RT_PRINTF(2, 3);

/* Moves everything allocated in from into into (it stays valid until into
 * is freed) and frees from: for work done in an arena of its own on
 * another thread. */
void rt_arena_adopt(rt_arena *into, rt_arena *from);

/* Bytes handed out so far (for benchmarks). */
size_t rt_arena_used(const rt_arena *a);

#define RT_NEW(arena, type) ((type *)rt_arena_alloc((arena), sizeof(type)))

#endif
