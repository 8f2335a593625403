/* SPDX-License-Identifier: MIT */
/* rt_error helpers and the one out-of-memory exit. */
#include "base/common.h"
#include "base/error.h"

void rt_assert_fail(const char *cond, const char *file, int line)
{
	fprintf(stderr, "retort: %s:%d: assertion failed: %s\n", file, line,
		cond);
	abort();
}

static RT_NORETURN void oom(void)
{
	fputs("retort: out of memory\n", stderr);
	abort();
}

void *rt_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *rt_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *rt_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

char *rt_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = rt_xmalloc(n);
	memcpy(p, s, n);
	return p;
}

void rt_error_clear(rt_error *err)
{
	memset(err, 0, sizeof(*err));
}

static void one_line(char *dst, size_t dstsz, const char *fmt, va_list ap)
{
	vsnprintf(dst, dstsz, fmt, ap);
	for (char *p = dst; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	size_t n = strlen(dst);
	while (n > 0 && dst[n - 1] == ' ')
		dst[--n] = '\0';
}

int rt_errorf(rt_error *err, rt_errcode code, const char *fmt, ...)
{
	va_list ap;
	if (!err)
		return -1;
	err->code = code;
	va_start(ap, fmt);
	one_line(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void rt_error_at(rt_error *err, const char *file, int line, int col)
{
	if (!err)
		return;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	err->col = col;
}

void rt_error_object(rt_error *err, const char *object)
{
	if (err)
		snprintf(err->object, sizeof(err->object), "%s",
			 object ? object : "");
}

void rt_error_detail(rt_error *err, const char *fmt, ...)
{
	va_list ap;
	if (!err)
		return;
	va_start(ap, fmt);
	one_line(err->detail, sizeof(err->detail), fmt, ap);
	va_end(ap);
}

void rt_error_hint(rt_error *err, const char *fmt, ...)
{
	va_list ap;
	if (!err)
		return;
	va_start(ap, fmt);
	one_line(err->hint, sizeof(err->hint), fmt, ap);
	va_end(ap);
}

/* Appends s[0..n) to out at *pos, never overflowing. */
static void put(char *out, size_t outsz, size_t *pos, const char *s, size_t n)
{
	while (n-- && *pos + 1 < outsz)
		out[(*pos)++] = *s++;
	out[*pos] = '\0';
}

void rt_conninfo_redact(char *out, size_t outsz, const char *ci)
{
	size_t pos = 0;
	RT_ASSERT(outsz > 0);
	out[0] = '\0';
	if (!ci)
		return;
	const char *scheme = strstr(ci, "://");
	if (scheme) {
		/* URL: user:password@host; hide what is between ':' and '@' */
		const char *auth = scheme + 3;
		const char *end = auth + strcspn(auth, "/?#");
		const char *at = NULL;
		for (const char *p = auth; p < end; p++)
			if (*p == '@')
				at = p;
		const char *colon =
		    at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
		if (colon) {
			put(out, outsz, &pos, ci, (size_t)(colon + 1 - ci));
			put(out, outsz, &pos, RT_REDACTED, strlen(RT_REDACTED));
			ci = at;
		}
		/* password=... in the query string */
		const char *q = strstr(ci, "password=");
		if (q) {
			put(out, outsz, &pos, ci, (size_t)(q + 9 - ci));
			put(out, outsz, &pos, RT_REDACTED, strlen(RT_REDACTED));
			ci = q + 9 + strcspn(q + 9, "&#");
		}
		put(out, outsz, &pos, ci, strlen(ci));
		return;
	}
	/* key=value form */
	const char *p = ci;
	while (*p) {
		const char *q = strstr(p, "password");
		if (!q) {
			put(out, outsz, &pos, p, strlen(p));
			break;
		}
		const char *v = q + 8;
		while (*v == ' ')
			v++;
		if (*v != '=') {
			put(out, outsz, &pos, p, (size_t)(v - p));
			p = v;
			continue;
		}
		v++;
		while (*v == ' ')
			v++;
		put(out, outsz, &pos, p, (size_t)(v - p));
		put(out, outsz, &pos, RT_REDACTED, strlen(RT_REDACTED));
		if (*v == '\'') {
			v++;
			while (*v && *v != '\'')
				v += (*v == '\\' && v[1]) ? 2 : 1;
			if (*v)
				v++;
		} else {
			while (*v && *v != ' ')
				v++;
		}
		p = v;
	}
}
