/* SPDX-License-Identifier: MIT */
/*
 * Table statistics and a throughput calibration read from a live
 * PostgreSQL database (stats.h). One query reads every table's figures;
 * the calibration builds a sample table of known size in a transaction it
 * rolls back and times a validating scan, an index build and a rewrite on
 * it. libpq stays in this file; every result is copied out and cleared.
 */
#include "base/common.h"

#include <libpq-fe.h>
#include <math.h>
#include <time.h>

#include "base/buf.h"
#include "load/load_int.h"
#include "load/stats.h"

/* The sample the calibration measures: about 7 MB of heap, a few hundred
 * milliseconds of work on a laptop. */
#define SAMPLE_ROWS 100000

/* Leaf partitions' figures are summed into their partitioned parent. */
static const char stats_sql[] =
    "SELECT n.nspname, c.relname, c.reltuples::float8, c.relpages::int8,"
    " s.heap, s.tbl, s.idx, s.total, s.nidx, s.ntidx,"
    " current_setting('block_size')::int,"
    " (SELECT setting::int8 FROM pg_catalog.pg_settings"
    "   WHERE name = 'shared_buffers'),"
    " current_setting('max_parallel_maintenance_workers')::int,"
    " (SELECT setting::int8 FROM pg_catalog.pg_settings"
    "   WHERE name = 'min_parallel_table_scan_size')"
    " FROM pg_catalog.pg_class c"
    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
    " CROSS JOIN LATERAL ("
    "  SELECT coalesce(sum(pg_catalog.pg_relation_size(r)), 0)::int8 heap,"
    "   coalesce(sum(pg_catalog.pg_table_size(r)), 0)::int8 tbl,"
    "   coalesce(sum(pg_catalog.pg_indexes_size(r)), 0)::int8 idx,"
    "   coalesce(sum(pg_catalog.pg_total_relation_size(r)), 0)::int8 total,"
    "   (SELECT count(*) FROM pg_catalog.pg_index i"
    "     WHERE i.indrelid = c.oid)::int nidx,"
    "   (SELECT count(*) FROM pg_catalog.pg_index i"
    "     WHERE i.indrelid = c.oid AND i.indcollation[0] <> 0"
    "     AND i.indcollation[0] NOT IN ('pg_catalog.\"C\"'::regcollation,"
    "      'pg_catalog.\"POSIX\"'::regcollation))::int ntidx"
    "  FROM (SELECT c.oid r WHERE c.relkind <> 'p'"
    "   UNION ALL SELECT t.relid FROM pg_catalog.pg_partition_tree(c.oid) t"
    "    WHERE c.relkind = 'p' AND t.isleaf) leaves) s"
    " WHERE c.relkind IN ('r', 'p', 'm')"
    " AND n.nspname <> 'information_schema'"
    " AND n.nspname !~ '^pg_'"
    " ORDER BY 1, 2";

typedef struct conn_ctx {
	PGconn *conn;
	const char *conninfo;
	const char *where; /* redacted */
	size_t queries;
} conn_ctx;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Runs sql; on success *res (may be NULL: cleared here) holds the result.
 * Failure: RT_EDB "cannot read table statistics from '...'" with the
 * server's words. */
static int run(PGresult **res, conn_ctx *c, const char *sql,
	       const char *purpose, rt_error *err)
{
	PGresult *r = PQexec(c->conn, sql);
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	c->queries++;
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		char line[512];
		rt_load__server_words(line, sizeof(line),
				      r ? PQresultErrorMessage(r)
					: PQerrorMessage(c->conn),
				      c->conninfo);
		PQclear(r);
		rt_errorf(err, RT_EDB, "cannot %s on '%s'", purpose, c->where);
		rt_error_detail(err, "%s", line);
		return -1;
	}
	if (res)
		*res = r;
	else
		PQclear(r);
	return 0;
}

static int64_t cell_i64(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col)
		   ? 0
		   : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

static double cell_f(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? 0
					: strtod(PQgetvalue(r, row, col), NULL);
}

double rt_table_stats_rows(double reltuples, int64_t relpages,
			   int64_t heap_bytes, int block_size)
{
	if (heap_bytes <= 0)
		return 0;
	if (reltuples < 0)
		return -1;
	if (relpages <= 0)
		/* analyzed when empty, filled since: the count is stale and
		 * nothing scales it */
		return reltuples > 0 ? reltuples : -1;
	double pages =
	    (double)heap_bytes / (block_size > 0 ? block_size : 8192);
	return floor(reltuples / (double)relpages * pages + 0.5);
}

static const char *stats_key(rt_arena *a, const char *schema, const char *name)
{
	return rt_arena_printf(a, "%s.%s", schema, name);
}

const rt_table_stats *rt_db_stats_find(const rt_db_stats *s, const char *schema,
				       const char *name)
{
	char key[512];
	int n = snprintf(key, sizeof(key), "%s.%s", schema ? schema : "public",
			 name);
	if (n < 0 || (size_t)n >= sizeof(key))
		return NULL;
	return rt_map_get(&s->by_name, key, (size_t)n);
}

static int read_tables(rt_db_stats *s, conn_ctx *c, rt_arena *a, rt_error *err)
{
	PGresult *r = NULL;
	if (run(&r, c, stats_sql, "read table statistics", err) < 0)
		return -1;
	int n = PQntuples(r);
	s->block_size = 8192;
	for (int i = 0; i < n; i++) {
		rt_table_stats *t = rt_arena_alloc(a, sizeof(*t));
		memset(t, 0, sizeof(*t));
		t->name.schema = rt_arena_strdup(a, PQgetvalue(r, i, 0));
		t->name.name = rt_arena_strdup(a, PQgetvalue(r, i, 1));
		t->reltuples = cell_f(r, i, 2);
		t->relpages = cell_i64(r, i, 3);
		t->heap_bytes = cell_i64(r, i, 4);
		t->table_bytes = cell_i64(r, i, 5);
		t->index_bytes = cell_i64(r, i, 6);
		t->total_bytes = cell_i64(r, i, 7);
		t->nindexes = (int)cell_i64(r, i, 8);
		t->ntext_indexes = (int)cell_i64(r, i, 9);
		s->block_size = (int)cell_i64(r, i, 10);
		s->shared_buffers_bytes = cell_i64(r, i, 11) * s->block_size;
		s->parallel_workers = (int)cell_i64(r, i, 12);
		s->min_parallel_bytes = cell_i64(r, i, 13) * s->block_size;
		t->rows = rt_table_stats_rows(t->reltuples, t->relpages,
					      t->heap_bytes, s->block_size);
		rt_vec_push(&s->tables, a, t);
		const char *key = stats_key(a, t->name.schema, t->name.name);
		rt_map_put(&s->by_name, a, key, strlen(key), t);
	}
	PQclear(r);
	return 0;
}

/* Times sql (one round trip) into *ms. */
static int timed(double *ms, conn_ctx *c, const char *sql, rt_error *err)
{
	double t0 = now_ms();
	if (run(NULL, c, sql, "calibrate", err) < 0)
		return -1;
	*ms = now_ms() - t0;
	return 0;
}

static double max2(double x, double y)
{
	return x > y ? x : y;
}

/* The median of v[0..n), n odd (v is sorted in place). */
static double median(double *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			double t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}

static void sample_sql(char *out, size_t sz, const char *temp)
{
	snprintf(out, sz,
		 "CREATE %sTABLE retort_calibration AS SELECT g::int AS id,"
		 " ((g::int8 * 7919) %% %d)::int AS k, md5(g::text) AS pad"
		 " FROM generate_series(1, %d) g",
		 temp, SAMPLE_ROWS, SAMPLE_ROWS);
}

/*
 * The sample: an int key in a scrambled order (what an index sorts), an
 * int and a 32-byte text, about 70 bytes a row as typical narrow tables
 * have. A regular table when the role may create one (a rewrite then
 * writes WAL as a real one does), else a TEMP table; dropped with the
 * transaction either way.
 */
static int calibrate(rt_calibration *cal, conn_ctx *c, rt_error *err)
{
	double t0 = now_ms(), ms_rewrite, ms_catalog, ms_scan, ms_index;
	PGresult *r = NULL;
	char sql[512];

	memset(cal, 0, sizeof(*cal));
	if (run(NULL, c, "BEGIN", "calibrate", err) < 0)
		return -1;
	sample_sql(sql, sizeof(sql), "");
	if (run(NULL, c, "SAVEPOINT sample", "calibrate", err) < 0)
		goto fail;
	if (run(NULL, c, sql, "calibrate", err) < 0) {
		/* no CREATE right in the first schema of search_path */
		rt_error_clear(err);
		cal->temp = true;
		sample_sql(sql, sizeof(sql), "TEMP ");
		if (run(NULL, c, "ROLLBACK TO SAVEPOINT sample", "calibrate",
			err) < 0)
			goto fail;
		if (run(NULL, c, sql, "calibrate", err) < 0)
			goto fail;
	}
	/* the first read sets hint bits (it writes): not what is measured */
	if (run(NULL, c, "SELECT count(*) FROM retort_calibration", "calibrate",
		err) < 0)
		goto fail;
	/* the rewrite first, while the sample has no index: the heap's copy
	 * alone (a rewrite's index builds are estimated as builds) */
	if (timed(&ms_catalog, c,
		  "ALTER TABLE retort_calibration ADD COLUMN extra int",
		  err) < 0 ||
	    timed(&ms_rewrite, c,
		  "ALTER TABLE retort_calibration ALTER COLUMN id TYPE bigint",
		  err) < 0)
		goto fail;
	/* the scan (about 15 ms) and the index build (about 100 ms) are
	 * short: the median of five scans and of three builds keeps an
	 * unlucky moment of a shared machine out; one build on the text
	 * column (three times as long) gives the text sort rate */
	double scans[5], builds[3], text_builds[1];
	for (int i = 0; i < 5; i++) {
		if (timed(&scans[i], c,
			  "ALTER TABLE retort_calibration ADD CONSTRAINT "
			  "retort_calibration_check CHECK (k >= 0)",
			  err) < 0 ||
		    run(NULL, c,
			"ALTER TABLE retort_calibration DROP CONSTRAINT "
			"retort_calibration_check",
			"calibrate", err) < 0)
			goto fail;
		if (i < 3 && (timed(&builds[i], c,
				    "CREATE INDEX retort_calibration_k ON "
				    "retort_calibration (k)",
				    err) < 0 ||
			      run(NULL, c, "DROP INDEX retort_calibration_k",
				  "calibrate", err) < 0))
			goto fail;
		if (i < 1 && (timed(&text_builds[i], c,
				    "CREATE INDEX retort_calibration_p ON "
				    "retort_calibration (pad)",
				    err) < 0 ||
			      run(NULL, c, "DROP INDEX retort_calibration_p",
				  "calibrate", err) < 0))
			goto fail;
	}
	ms_scan = median(scans, 5);
	ms_index = median(builds, 3);
	double ms_text_index = text_builds[0];
	if (run(&r, c,
		"SELECT pg_relation_size('retort_calibration'),"
		" pg_table_size('retort_calibration')",
		"calibrate", err) < 0)
		goto fail;
	int64_t heap = cell_i64(r, 0, 0), table = cell_i64(r, 0, 1);
	PQclear(r);
	r = NULL;
	if (run(NULL, c, "ROLLBACK", "calibrate", err) < 0)
		return -1;

	double n = SAMPLE_ROWS, nlogn = n * log2(n);
	cal->sample_rows = SAMPLE_ROWS;
	cal->sample_bytes = heap;
	cal->catalog_ms = ms_catalog;
	/* the statements' round trips are in the times, as they are in
	 * a migration's; floors keep a rate finite on a fast machine */
	cal->scan_bytes_ms = (double)heap / max2(ms_scan, 0.05);
	double sort_ms =
	    max2(ms_index - (double)heap / cal->scan_bytes_ms, ms_index * 0.2);
	cal->sort_rows_ms = nlogn / max2(sort_ms, 0.05);
	double text_sort_ms =
	    max2(ms_text_index - (double)heap / cal->scan_bytes_ms,
		 ms_text_index * 0.2);
	cal->sort_text_rows_ms = nlogn / max2(text_sort_ms, 0.05);
	cal->write_bytes_ms = (double)table / max2(ms_rewrite, 0.05);
	cal->took_ms = now_ms() - t0;
	return 0;
fail:
	PQclear(r);
	rt_error ignored = RT_ERROR_INIT;
	run(NULL, c, "ROLLBACK", "calibrate", &ignored);
	return -1;
}

int rt_load_stats(rt_db_stats **out, rt_arena *a, const char *conninfo,
		  bool calibrate_it, rt_error *err)
{
	const char *keys[] = {"dbname", "client_encoding", "application_name",
			      NULL};
	const char *vals[] = {conninfo, "UTF8", "retort", NULL};
	char where[512], line[512];
	conn_ctx c = {0};
	int rc = -1;
	rt_db_stats *s = rt_arena_alloc(a, sizeof(*s));
	memset(s, 0, sizeof(*s));

	rt_conninfo_redact(where, sizeof(where), conninfo);
	c.conninfo = conninfo;
	c.where = where;
	c.conn = PQconnectdbParams(keys, vals, 1);
	if (!c.conn || PQstatus(c.conn) != CONNECTION_OK) {
		rt_load__server_words(line, sizeof(line),
				      c.conn ? PQerrorMessage(c.conn)
					     : "out of memory",
				      conninfo);
		rt_errorf(err, RT_EDB, "cannot connect to '%s'", where);
		rt_error_detail(err, "%s", line);
		goto done;
	}
	s->server_version = PQserverVersion(c.conn);
	if (read_tables(s, &c, a, err) < 0)
		goto done;
	if (calibrate_it) {
		if (calibrate(&s->cal, &c, err) < 0)
			goto done;
		s->calibrated = true;
	}
	s->queries = c.queries;
	*out = s;
	rc = 0;
done:
	PQfinish(c.conn);
	return rc;
}
