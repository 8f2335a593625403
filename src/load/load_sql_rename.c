/* SPDX-License-Identifier: MIT */
/*
 * Renames for the diff (diff.h, "renames"): a model renamed in place as
 * PostgreSQL renames, by executing the ALTER TABLE ... RENAME statement
 * with the SQL loader's own code (references, expressions, indexes,
 * views, triggers and policies follow); and the "-- retort: renamed from
 * NAME" mark a SQL source puts on the line before CREATE TABLE or a
 * column's definition.
 */
#include "base/common.h"
#include <ctype.h>

#include "base/buf.h"
#include "base/sql.h"
#include "load/load.h"
#include "load/load_int.h"
#include "load/load_sql_int.h"

int rt_load_rename(rt_schema *s, rt_kind kind, const char *schema,
		   const char *table, const char *name, const char *new_name,
		   rt_error *err)
{
	rt_buf sql = RT_BUF_INIT;
	int rc;

	switch (kind) {
	case RT_KIND_TABLE:
		rt_buf_adds(&sql, "ALTER TABLE ");
		rt_buf_add_qname(&sql, RT_DIALECT_PG, schema, name);
		rt_buf_adds(&sql, " RENAME TO ");
		break;
	case RT_KIND_COLUMN:
	case RT_KIND_CONSTRAINT:
		rt_buf_adds(&sql, "ALTER TABLE ");
		rt_buf_add_qname(&sql, RT_DIALECT_PG, schema, table);
		rt_buf_adds(&sql, kind == RT_KIND_COLUMN
				      ? " RENAME COLUMN "
				      : " RENAME CONSTRAINT ");
		rt_buf_add_ident(&sql, RT_DIALECT_PG, name);
		rt_buf_adds(&sql, " TO ");
		break;
	case RT_KIND_INDEX:
	case RT_KIND_SEQUENCE:
		rt_buf_adds(&sql, kind == RT_KIND_INDEX ? "ALTER INDEX "
							: "ALTER SEQUENCE ");
		rt_buf_add_qname(&sql, RT_DIALECT_PG, schema, name);
		rt_buf_adds(&sql, " RENAME TO ");
		break;
	default:
		rt_buf_release(&sql);
		return rt_errorf(err, RT_EINTERNAL,
				 "cannot rename an object of this kind");
	}
	rt_buf_add_ident(&sql, RT_DIALECT_PG, new_name);
	rc = rt_load__sql_exec(s, "--rename", sql.data, err);
	rt_buf_release(&sql);
	if (rc == 0)
		rt_schema_sort(s);
	return rc;
}

#define MARK "-- retort: renamed from "

/* Reads the name after MARK in line[0..n): a plain identifier (folded to
 * lower case) or a double-quoted one, then only blanks. */
static const char *mark_name(rt_arena *a, const char *p, const char *end)
{
	rt_buf b = RT_BUF_INIT;

	if (p < end && *p == '"') {
		for (p++; p < end; p++) {
			if (*p == '"') {
				if (p + 1 >= end || p[1] != '"')
					break;
				p++;
			}
			rt_buf_addch(&b, *p);
		}
		if (p >= end)
			goto bad;
		p++;
	} else {
		for (; p < end && (isalnum((unsigned char)*p) || *p == '_' ||
				   *p == '$' || (unsigned char)*p >= 0x80);
		     p++)
			rt_buf_addch(&b, (char)tolower((unsigned char)*p));
	}
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	if (p != end || b.len == 0)
		goto bad;
	return rt_buf_detach_arena(&b, a);
bad:
	rt_buf_release(&b);
	return NULL;
}

const char *rt_load__renamed_from(ld *l, int off)
{
	const char *text = l->text, *p, *end, *start;

	if (off <= 0 || (size_t)off > strlen(text))
		return NULL;
	/* only blanks between the start of the line and the object */
	for (p = text + off; p > text && p[-1] != '\n'; p--)
		if (p[-1] != ' ' && p[-1] != '\t')
			return NULL;
	if (p == text)
		return NULL; /* no line before it in this piece */
	end = p - 1;	     /* the newline ending the line before */
	if (end > text && end[-1] == '\r')
		end--;
	for (start = end; start > text && start[-1] != '\n'; start--)
		;
	while (start < end && (*start == ' ' || *start == '\t'))
		start++;
	if ((size_t)(end - start) <= strlen(MARK) ||
	    strncmp(start, MARK, strlen(MARK)) != 0)
		return NULL;
	return mark_name(l->a, start + strlen(MARK), end);
}
