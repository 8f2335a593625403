/* SPDX-License-Identifier: MIT */
/*
 * First include of every retort source file: feature macros, the standard
 * headers everyone needs, RT_ASSERT, and banned.h.
 */
#ifndef RT_BASE_COMMON_H
#define RT_BASE_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RT_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define RT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define RT_NORETURN	__attribute__((noreturn))

/* Aborts with file:line in every build: for programmer errors only. */
#define RT_ASSERT(cond)                                                        \
	do {                                                                   \
		if (!(cond))                                                   \
			rt_assert_fail(#cond, __FILE__, __LINE__);             \
	} while (0)

RT_NORETURN void rt_assert_fail(const char *cond, const char *file, int line);

/* malloc family that never returns NULL: out of memory aborts here. */
void *rt_xmalloc(size_t n);
void *rt_xcalloc(size_t n, size_t size);
void *rt_xrealloc(void *p, size_t n);
char *rt_xstrdup(const char *s);

/* true when a and b are both NULL or equal strings */
static inline bool rt_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* strcmp that orders NULL first */
static inline int rt_strcmp0(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

#include "base/banned.h"

#endif
