/* SPDX-License-Identifier: MIT */
/*
 * rt_error: what went wrong and where. The library fills one and returns -1;
 * only cli/report.c prints it. The function that detects a problem sets the
 * place (file:line:col or an object path); callers may add detail.
 */
#ifndef RT_BASE_ERROR_H
#define RT_BASE_ERROR_H

#include "base/common.h"

typedef enum rt_errcode {
	RT_OK = 0,
	RT_EINPUT,    /* bad input: SQL, Python, a source string (exit 2) */
	RT_EUSAGE,    /* bad command line (exit 2) */
	RT_EDB,	      /* database failure (exit 3) */
	RT_EIO,	      /* file or OS failure (exit 3) */
	RT_EINTERNAL, /* a bug in retort (exit 3) */
} rt_errcode;

typedef struct rt_error {
	rt_errcode code;
	char msg[512];	  /* one line, no trailing period */
	char detail[512]; /* optional: the server's words */
	char hint[512];	  /* optional: what to do about it */
	char file[256];	  /* input file, "" if none */
	int line, col;	  /* 1-based, 0 when unknown */
	char object[256]; /* "public.tasks.owner_id", "" if none */
} rt_error;

#define RT_ERROR_INIT                                                          \
	{                                                                      \
		0                                                              \
	}

/* Resets err to "no error". */
void rt_error_clear(rt_error *err);

/*
 * Sets code and message (printf format; the message is cut at 511 bytes and
 * newlines become spaces). Keeps any place already set. Returns -1 so a
 * caller can write `return rt_errorf(err, RT_EINPUT, "...")`.
 */
int rt_errorf(rt_error *err, rt_errcode code, const char *fmt, ...)
    RT_PRINTF(3, 4);

/* Sets the place: file, 1-based line and column (0 when unknown). */
void rt_error_at(rt_error *err, const char *file, int line, int col);

/* Sets the object path the error is about. */
void rt_error_object(rt_error *err, const char *object);

/* Sets the detail or hint line (printf format). */
void rt_error_detail(rt_error *err, const char *fmt, ...) RT_PRINTF(2, 3);
void rt_error_hint(rt_error *err, const char *fmt, ...) RT_PRINTF(2, 3);

/* What a hidden password is printed as. */
#define RT_REDACTED "xxxxx"

/*
 * Copies conninfo (a URL or key=value string) into out with any password
 * replaced by RT_REDACTED. out is always NUL-terminated.
 */
void rt_conninfo_redact(char *out, size_t outsz, const char *conninfo);

#endif
