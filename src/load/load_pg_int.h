/* SPDX-License-Identifier: MIT */
/*
 * Shared by the live PostgreSQL loader's files: load_pg.c (the entry
 * point: the connections and the statements' pipelines), load_pg_sql.c
 * (the statements' text), load_pg_rows.c (reading the results)
 * and load_pg_kinds.c (the object kinds' loaders). Each function is described
 * where it is defined.
 */
#ifndef RT_LOAD_LOAD_PG_INT_H
#define RT_LOAD_LOAD_PG_INT_H

#include "base/common.h"

#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/error.h"
#include "base/map.h"
#include "base/vec.h"
#include "load/load_int.h"
#include "schema/canon.h"
#include "schema/schema.h"

/* libpq's connection (libpq-fe.h's typedef, repeated): libpq itself stays
 * in load_pg.c */
typedef struct pg_conn PGconn;

/* A query result copied out of the PGresult: n rows of ncols cells, NULL
 * for SQL NULL, all in the arena. */
typedef struct pg_rows {
	size_t n, ncols;
	const char **cells;
} pg_rows;

typedef struct table_ref {
	unsigned long oid;
	rt_table *t;
	const char **att; /* column names by attnum (NULL: dropped) */
	rt_column **col;  /* the columns by attnum (NULL: dropped) */
	bool *generated;  /* by attnum: a generated column (load_defaults) */
	size_t natt;	  /* 1 + the highest attnum */
} table_ref;

/* An object's name for messages ("schema.table" or "schema.table.name"),
 * spelled out only when a message needs it: most rows never do, and
 * printing it for each of them was a visible part of the client's time. */
typedef struct obj_name {
	const char *schema, *table, *name; /* name NULL: the table itself */
} obj_name;

typedef int (*canon_fn)(const char **out, rt_arena *a, const char *text,
			rt_error *err);

/* A canonical key already computed: the same default or check text recurs
 * on many tables (now(), 'new'::status), and canon parses are the bulk of
 * the client's time. */
typedef struct memo_ent {
	canon_fn fn;
	const char *text, *key;
	rt_refs *refs; /* what text refers to, or NULL (see make_expr) */
} memo_ent;

typedef struct loader {
	PGconn *conn[2];      /* the two connections (see steps) */
	bool broken[2];	      /* PQconsumeInput failed (wait_result) */
	bool single;	      /* the second could not connect (see steps) */
	const char *snapshot; /* the first one's, the second imports it */
	rt_arena *a;
	rt_schema *s;
	const char *where; /* redacted conninfo, for messages */
	int version;	   /* PQserverVersion */
	size_t nqueries;
	table_ref *tables; /* sorted by oid, in the arena */
	size_t ntables;
	memo_ent *memo; /* open addressing, in the arena */
	size_t memo_cap, memo_len;
	const char *probes; /* q_first's probe letters (PROBES) */
	pg_rows depends;    /* q_depends, applied after rt_schema_finish */
	rt_map shapes;	    /* index shape -> index_shape * (load_indexes) */
	rt_map rels; /* "schema\0table" -> its spelling in an index key */
	pg_rows idx; /* q_indexes, converted when their texts come */
	size_t *idx_leader; /* per row: the row printed for it (itself
			       when printed alone), or SIZE_MAX: skipped */
	bool *idx_grouped;  /* per row: its text is its group's (a tail) */
	rt_buf idx_oids;    /* the indexes q_printed prints, "{oid,...}" */
	struct check_row *checks; /* the checks, converted by load_checks */
	size_t nchecks;
	rt_buf chk_oids;    /* the checks q_printed prints */
	struct fk_row *fks; /* foreign keys to tables not loaded (load_fks) */
	size_t nfks;
	rt_buf fk_oids;		  /* their oids, for q_printed */
	bool columns_loaded;	  /* load_columns has run (defaults_sql) */
	struct comment *comments; /* q_enums' comments, sorted (comment_of) */
	size_t ncomments;
	struct collation_ent *colls; /* q_enums' collations, by oid */
	size_t ncolls;
} loader;

/* A collation of q_enums, by oid (coll_of). */
typedef struct collation_ent {
	unsigned long oid;
	const char *schema, *name; /* schema NULL: pg_catalog */
} collation_ent;

/* A comment of q_enums, by comment_key: on object oid (column sub, or 0)
 * of catalog cls, 'r' pg_class, 't' pg_type or 'c' pg_constraint. */
typedef struct comment {
	uint64_t key;
	const char *text;
} comment;

/* A foreign key of q_constraints to a table retort does not load, waiting
 * for that table's names (q_printed). */
typedef struct fk_row {
	rt_constraint *c;
	obj_name on;
	const char *oid;
} fk_row;

/* A check of q_constraints, waiting for its expression (q_printed): its
 * own, or its group's first check's (lead). */
typedef struct check_row {
	rt_constraint *c;
	obj_name on;
	const char *oid;
	size_t lead; /* index into loader.checks */
} check_row;

/* A result's cells, read (load_pg.c's fetch copies them out of libpq). */
static inline const char *cell(const pg_rows *r, size_t row, size_t col)
{
	RT_ASSERT(row < r->n && col < r->ncols);
	return r->cells[row * r->ncols + col];
}

static inline bool cell_bool(const pg_rows *r, size_t row, size_t col)
{
	const char *v = cell(r, row, col);
	return v && v[0] == 't';
}

static inline char cell_char(const pg_rows *r, size_t row, size_t col)
{
	const char *v = cell(r, row, col);
	return v ? v[0] : '\0';
}

/* load_pg_sql.c: the statements (see there), and those composed at run
 * time, in the arena. */
extern const char rt_load__pg_q_begin[];
extern const char rt_load__pg_q_snapshot[];
extern const char rt_load__pg_q_first[];
extern const char rt_load__pg_q_enums[];
extern const char rt_load__pg_q_sequences[];
extern const char rt_load__pg_q_tables[];
extern const char rt_load__pg_q_columns[];
extern const char rt_load__pg_q_constraints[];
extern const char rt_load__pg_q_indexes[];
char *rt_load__pg_expand(loader *l, const char *sql);
const char *rt_load__pg_defaults_sql(loader *l);
const char *rt_load__pg_printed_sql(loader *l);
const char *rt_load__pg_definitions_sql(loader *l);
const char *rt_load__pg_depends_sql(loader *l);
const char *rt_load__pg_unmanaged_sql(loader *l);
const char *rt_load__pg_snapshot_sql(loader *l);

/* load_pg_rows.c: results (copied out of libpq by load_pg.c) read. */
void rt_load__pg_first_line(char *out, size_t outsz, const char *msg);
void rt_load__pg_scrub(char *buf, size_t sz, const char *secret);
int rt_load__pg_parse_array(rt_vec *out, rt_arena *a, const char *s);
int rt_load__pg_bad_array(const char *what, const char *object, rt_error *err);
int rt_load__pg_parse_int64(int64_t *out, const char *s);
char *rt_load__pg_concat(rt_arena *a, const char *head, size_t n, ...);
const char *rt_load__pg_obj_text(rt_arena *a, const obj_name *o);
int rt_load__pg_make_expr(rt_expr **out, loader *l, canon_fn canon,
			  const char *text, const char *what,
			  const obj_name *obj, rt_error *err);
int rt_load__pg_cmp_table_ref(const void *x, const void *y);
int rt_load__pg_cmp_str(const void *a, const void *b);
table_ref *rt_load__pg_find_ref(const loader *l, const char *oid_text);
int rt_load__pg_attnums_to_names(rt_vec *out, rt_arena *a, const table_ref *ref,
				 const char *text, long skip, long take);

/* load_pg_kinds.c: each step's rows into the model (load_fn, see
 * load_pg.c's steps), and the dependencies once the model is complete. */
int rt_load__pg_load_snapshot(loader *l, const pg_rows *r, rt_error *err);
int rt_load__pg_load_first(loader *l, const pg_rows *rows, rt_error *err);
int rt_load__pg_load_enums(loader *l, const pg_rows *rows, rt_error *err);
int rt_load__pg_load_sequences(loader *l, const pg_rows *rows, rt_error *err);
int rt_load__pg_load_tables(loader *l, const pg_rows *rows, rt_error *err);
int rt_load__pg_load_columns(loader *l, const pg_rows *rows, rt_error *err);
int rt_load__pg_load_defaults(loader *l, const pg_rows *rows, rt_error *err);
int rt_load__pg_load_constraints(loader *l, const pg_rows *rows, rt_error *err);
int rt_load__pg_load_indexes_raw(loader *l, const pg_rows *rows, rt_error *err);
int rt_load__pg_load_printed(loader *l, const pg_rows *rows, rt_error *err);
int rt_load__pg_load_unmanaged(loader *l, const pg_rows *rows, rt_error *err);
int rt_load__pg_load_definitions(loader *l, const pg_rows *rows, rt_error *err);
int rt_load__pg_load_depends(loader *l, const pg_rows *rows, rt_error *err);
void rt_load__pg_load_depends_finish(loader *l);

#endif
