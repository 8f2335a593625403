/* SPDX-License-Identifier: MIT */
/* rt_buf implementation (after git's strbuf). */
#include "base/common.h"
#include "base/buf.h"

char rt_buf_empty[1];

void rt_buf_init(rt_buf *b)
{
	b->data = rt_buf_empty;
	b->len = b->alloc = 0;
}

void rt_buf_release(rt_buf *b)
{
	if (b->alloc)
		free(b->data);
	rt_buf_init(b);
}

void rt_buf_reset(rt_buf *b)
{
	if (b->alloc) {
		b->len = 0;
		b->data[0] = '\0';
	}
}

void rt_buf_grow(rt_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->alloc)
		return;
	size_t n = b->alloc ? b->alloc : 64;
	while (n < need)
		n *= 2;
	if (b->alloc) {
		b->data = rt_xrealloc(b->data, n);
	} else {
		b->data = rt_xmalloc(n);
		b->data[0] = '\0';
	}
	b->alloc = n;
}

void rt_buf_add(rt_buf *b, const void *data, size_t n)
{
	if (n == 0)
		return;
	if (b->len + n + 1 > b->alloc)
		rt_buf_grow(b, n);
	memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void rt_buf_adds(rt_buf *b, const char *s)
{
	rt_buf_add(b, s, strlen(s));
}

void rt_buf_addch(rt_buf *b, char c)
{
	if (b->len + 2 > b->alloc)
		rt_buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void rt_buf_vaddf(rt_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	RT_ASSERT(n >= 0);
	rt_buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void rt_buf_addf(rt_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rt_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void rt_buf_setlen(rt_buf *b, size_t len)
{
	RT_ASSERT(len <= b->len);
	if (!b->alloc)
		return;
	b->len = len;
	b->data[len] = '\0';
}

char *rt_buf_detach(rt_buf *b)
{
	char *p = b->alloc ? b->data : rt_xstrdup("");
	rt_buf_init(b);
	return p;
}

char *rt_buf_detach_arena(rt_buf *b, rt_arena *a)
{
	char *p = rt_arena_strndup(a, b->data, b->len);
	rt_buf_release(b);
	return p;
}
