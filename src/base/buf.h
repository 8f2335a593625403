/* SPDX-License-Identifier: MIT */
/*
 * rt_buf: the one growable string builder. .data is never NULL and always
 * NUL-terminated. Memory is malloc'd: the owner calls rt_buf_release, or
 * rt_buf_detach / rt_buf_detach_arena to hand the text over.
 */
#ifndef RT_BASE_BUF_H
#define RT_BASE_BUF_H

#include "base/common.h"
#include "base/arena.h"

typedef struct rt_buf {
	char *data; /* never NULL, NUL-terminated */
	size_t len;
	size_t alloc; /* 0 while data points at the shared empty string */
} rt_buf;

extern char rt_buf_empty[1];
#define RT_BUF_INIT                                                            \
	{                                                                      \
		rt_buf_empty, 0, 0                                             \
	}

void rt_buf_init(rt_buf *b);
/* Frees the memory and leaves b empty and reusable. */
void rt_buf_release(rt_buf *b);
/* Truncates to length 0, keeping the memory. */
void rt_buf_reset(rt_buf *b);
void rt_buf_grow(rt_buf *b, size_t extra);
void rt_buf_add(rt_buf *b, const void *data, size_t n);
void rt_buf_adds(rt_buf *b, const char *s);
void rt_buf_addch(rt_buf *b, char c);
void rt_buf_addf(rt_buf *b, const char *fmt, ...) RT_PRINTF(2, 3);
void rt_buf_vaddf(rt_buf *b, const char *fmt, va_list ap);
/* Cuts the text back to len bytes (len <= b->len). */
void rt_buf_setlen(rt_buf *b, size_t len);

/* Hands the malloc'd string to the caller (who frees it); b is emptied. */
char *rt_buf_detach(rt_buf *b);
/* Copies the text into the arena and releases b. */
char *rt_buf_detach_arena(rt_buf *b, rt_arena *a);

#endif
