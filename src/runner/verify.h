/* SPDX-License-Identifier: MIT */
/*
 * What `retort verify` needs beside the runner: a scratch database that
 * is created for the run and always dropped (a temporary database on a
 * PostgreSQL server, or a temporary SQLite file), rows seeded into every
 * table with values that fit each column, and the tables' contents read
 * and compared between two states of the schema. Everything goes through
 * runner.h's rt_conn; nothing here prints.
 */
#ifndef RT_RUNNER_VERIFY_H
#define RT_RUNNER_VERIFY_H

#include "base/common.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/vec.h"
#include "runner/runner.h"
#include "schema/schema.h"

/* A scratch database; strings in the arena given at creation. */
typedef struct rt_verify_scratch {
	rt_dialect dialect;
	const char *url;    /* the scratch database, for rt_conn_open and
			       the loaders */
	const char *where;  /* the server or file, passwords redacted */
	const char *dbname; /* PostgreSQL: the database's name */
	const char *dir;    /* SQLite: the temporary folder of the file */
	rt_conn *admin;	    /* PostgreSQL: the connection that created it */
} rt_verify_scratch;

/*
 * Creates a scratch database. PostgreSQL (d RT_DIALECT_PG): dev_url is a
 * postgres:// or postgresql:// URL of a server where the role may create
 * databases; a database retort_verify_<pid>_<n> is created there
 * (TEMPLATE template0) and out->url names it. SQLite: dev_url must be
 * NULL; a file verify.db in a new temporary folder (under $TMPDIR, else
 * /tmp). Errors: a dev_url that is not such a URL RT_EUSAGE; a server
 * that cannot be reached or refuses RT_EDB; a folder that cannot be made
 * RT_EIO. On error nothing is left behind.
 */
int rt_verify_scratch_create(rt_verify_scratch *out, rt_arena *a, rt_dialect d,
			     const char *dev_url, rt_error *err);

/*
 * Opens a connection to the scratch database. On SQLite, writes are not
 * synced to disk (PRAGMA synchronous = OFF, journal in memory): the file
 * is thrown away at the end, so durability buys nothing there. Errors as
 * rt_conn_open's.
 */
int rt_verify_scratch_connect(rt_conn **out, const rt_verify_scratch *s,
			      rt_error *err);

/*
 * Drops the scratch database (PostgreSQL: DROP DATABASE ... WITH (FORCE),
 * which ends any session left on it; SQLite: the file, its journal and
 * the folder) and closes the admin connection. Safe to call once after a
 * successful create, whatever happened in between. A failure is RT_EDB
 * (RT_EIO for SQLite) naming the database.
 */
int rt_verify_scratch_drop(rt_verify_scratch *s, rt_error *err);

/*
 * Inserts up to `per_table` rows into every table of s (the live schema
 * of c's database), parents before the tables whose foreign keys refer
 * to them. Values fit each column's type (integers, numerics within
 * their precision, texts within their length, booleans, dates, times,
 * uuids, JSON, enums' labels, a domain's base type, empty arrays) and
 * are distinct from one call to the next (*counter is advanced); a
 * foreign key's columns take the referenced columns of a row of the
 * parent; serial, identity and generated columns, and SQLite's INTEGER
 * PRIMARY KEY, are left to the database. A row the database refuses (a
 * CHECK the values miss, a unique boolean) is tried again with only the
 * columns that need a value; a table where no row goes in gets a line
 * in notes (const char *, in a): "cannot seed public.t: <message>".
 * *rows_out receives the rows inserted. Only a failure of c itself
 * (the database gone) would show in the next call; this one returns 0.
 */
int rt_verify_seed(size_t *rows_out, rt_vec *notes, rt_conn *c, rt_arena *a,
		   const rt_schema *s, unsigned long *counter,
		   unsigned per_table, rt_error *err);

/* The contents of the tables of a schema, as text. */
typedef struct rt_verify_table {
	const char *schema, *name;
	rt_vec columns; /* const char *: the column names, in order */
	rt_vec types;	/* const char *: each column's type as SQL writes
			   it ("character varying(20)", "public.mood[]") */
	size_t nrows;
	char **cells; /* nrows * columns.len; NULL for an SQL NULL */
} rt_verify_table;

typedef struct rt_verify_data {
	rt_vec tables; /* rt_verify_table *, in s's order */
	size_t rows;   /* in all tables */
} rt_verify_data;

/*
 * Reads every row of every table of s (the live schema of c's database)
 * into *out (in a). A failing query: RT_EDB naming the table.
 */
int rt_verify_read(rt_verify_data **out, rt_conn *c, rt_arena *a,
		   const rt_schema *s, rt_error *err);

/*
 * For PostgreSQL: the values of before (the rows before a step) in the
 * columns whose type the step changed, cast by the database into their
 * type in after (a copy of before, in a), so that a value the step
 * only respelled ('5.5' as numeric(10,2) is '5.50', a timestamp given a
 * time zone gains '+00') compares equal to what it became. A value the
 * new type refuses is kept as it was. SQLite (whose declared types are
 * affinities) and a before without such columns: before itself. A
 * failing connection: RT_EDB.
 */
int rt_verify_recast(const rt_verify_data **out, rt_conn *c, rt_arena *a,
		     const rt_verify_data *before, const rt_verify_data *after,
		     rt_error *err);

/*
 * Compares the rows of before and after, for each table in both and the
 * columns in both (same names): the rows, as a multiset, must be the
 * same. Appends to out (const char *, in a) one line per table that
 * differs: "public.tasks: 4 rows before, 2 after" or "public.tasks.title:
 * 3 values differ (e.g. 'r12' became NULL)". Returns the number of lines
 * added; *compared_out (may be NULL) the rows compared.
 */
size_t rt_verify_compare(rt_vec *out, size_t *compared_out, rt_arena *a,
			 const rt_verify_data *before,
			 const rt_verify_data *after);

/*
 * The value a seeded row gives a column of declared type `type` (lower
 * case or not: "integer", "character varying(5)", "VARCHAR(5)",
 * "numeric(4,2)", "timestamp with time zone", "DATETIME", ...) in
 * dialect d, for row number k, as the text of a literal (in a); NULL
 * when the type is not known (enums and domains are the caller's).
 * Exposed for the unit tests.
 */
const char *rt_verify_value(rt_arena *a, rt_dialect d, const char *type,
			    unsigned long k);

#endif
