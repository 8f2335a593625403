/* SPDX-License-Identifier: MIT */
/*
 * rt_park_list and rt_park_purge: the catalog of parked tables and
 * columns (render_pg_park.c writes it in the migrations' up and down
 * sections), read and emptied through rt_conn.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/sql.h"
#include "plan/plan.h"
#include "runner/park.h"

#include <inttypes.h>

int rt_park_list(rt_parked **out, size_t *n_out, rt_conn *c, rt_arena *a,
		 rt_error *err)
{
	rt_rows rows = {0};

	*out = NULL;
	*n_out = 0;
	if (rt_conn_dialect(c) != RT_DIALECT_PG)
		return 0;
	if (rt_conn_query(&rows, c, a,
			  "SELECT pg_catalog.to_regclass('" RT_PARK_ARCHIVE
			  "." RT_PARK_CATALOG "') IS NOT NULL",
			  err) < 0)
		return -1;
	if (rows.nrows != 1 || strcmp(rows.cells[0], "t") != 0)
		return 0;
	if (rt_conn_query(
		&rows, c, a,
		"SELECT version, migration, kind, source, archive_schema, "
		"archive_name, parked_at::text, purged_at::text, "
		"COALESCE(pg_catalog.pg_total_relation_size("
		"pg_catalog.to_regclass(pg_catalog.quote_ident(archive_schema) "
		"|| '.' || pg_catalog.quote_ident(archive_name))), -1) "
		"FROM " RT_PARK_ARCHIVE "." RT_PARK_CATALOG
		" ORDER BY version, archive_name, parked_at",
		err) < 0)
		return -1;
	rt_parked *v = rt_arena_alloc(a, (rows.nrows + 1) * sizeof(*v));
	for (size_t r = 0; r < rows.nrows; r++) {
		char **cell = rows.cells + r * rows.ncols;
		v[r].version = strtoull(cell[0], NULL, 10);
		v[r].migration = cell[1];
		v[r].kind = cell[2];
		v[r].source = cell[3];
		v[r].archive_schema = cell[4];
		v[r].archive_name = cell[5];
		v[r].parked_at = cell[6];
		v[r].purged_at = cell[7];
		v[r].bytes = strtoll(cell[8], NULL, 10);
	}
	*out = v;
	*n_out = rows.nrows;
	return 0;
}

int rt_park_purge(int64_t *bytes_out, rt_conn *c, rt_arena *a,
		  const rt_parked *items, size_t n, rt_error *err)
{
	rt_buf sql = RT_BUF_INIT;
	int rc = -1;

	(void)a;
	*bytes_out = 0;
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		if (items[i].bytes > 0)
			*bytes_out += items[i].bytes;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(items[j].archive_schema,
				       items[i].archive_schema);
		if (seen)
			continue;
		rt_buf_adds(&sql, "DROP SCHEMA IF EXISTS ");
		rt_buf_add_ident(&sql, RT_DIALECT_PG, items[i].archive_schema);
		rt_buf_adds(&sql,
			    " CASCADE;\nUPDATE " RT_PARK_ARCHIVE
			    "." RT_PARK_CATALOG " SET purged_at = now() WHERE "
			    "archive_schema = ");
		rt_buf_add_literal(&sql, RT_DIALECT_PG,
				   items[i].archive_schema);
		rt_buf_adds(&sql, " AND purged_at IS NULL;\n");
	}
	if (!sql.len) {
		rt_buf_release(&sql);
		return 0;
	}
	if (rt_conn_begin(c, err) < 0)
		goto done;
	if (rt_conn_exec(c, sql.data, err) < 0) {
		rt_error ignore = RT_ERROR_INIT;
		(void)rt_conn_rollback(c, &ignore);
		goto done;
	}
	if (rt_conn_commit(c, err) < 0)
		goto done;
	rc = 0;
done:
	rt_buf_release(&sql);
	return rc;
}
