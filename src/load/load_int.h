/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared inside the load module: model bookkeeping that the SQL
 * loader needs and that involves no parse tree (load_sql_model.c). All
 * objects live in the schema's arena.
 */
#ifndef RT_LOAD_LOAD_INT_H
#define RT_LOAD_LOAD_INT_H

#include "base/common.h"
#include "load/load.h"
#include "base/buf.h"
#include "schema/schema.h"

/* true when v (of const char *) holds name. */
bool rt_load__vec_has(const rt_vec *v, const char *name);

/* A new empty regular table schema.name, appended to s->tables. */
rt_table *rt_load__table_new(rt_schema *s, const char *schema,
			     const char *name);

/* A new column name appended to t: local, nullable, no default. */
rt_column *rt_load__column_new(rt_schema *s, rt_table *t, const char *name);

/* Copies of a parent's column / constraint for child t, not local. */
rt_column *rt_load__column_inherit(rt_schema *s, rt_table *t,
				   const rt_column *c);
rt_constraint *rt_load__constraint_inherit(rt_schema *s, rt_table *t,
					   const rt_constraint *c);

/* Tables that inherit from t or are its partitions, into out (arena a). */
void rt_load__children(const rt_schema *s, const rt_table *t, rt_vec *out);

/* true when d is t or one of its descendants (children, their children,
 * ...); scratch lists in arena a. */
bool rt_load__is_descendant(const rt_schema *s, rt_arena *a, const rt_table *d,
			    const rt_table *t);

/* true when t has parent p (INHERITS or PARTITION OF). */
bool rt_load__is_child_of(const rt_table *t, const rt_table *p);

/* Drops t with its indexes and owned sequences (not its children). */
void rt_load__drop_table(rt_schema *s, rt_table *t);

/* Drops the sequences owned by column col of t (all columns if NULL). */
void rt_load__drop_owned_sequences(rt_schema *s, const rt_table *t,
				   const char *col);

/* Foreign keys of any table that reference t (column col, or any column
 * when col is NULL), into out. */
void rt_load__referencing_fks(const rt_schema *s, const rt_table *t,
			      const char *col, rt_vec *out);

/* Removes a constraint from its table. */
void rt_load__drop_constraint(rt_schema *s, rt_constraint *c);

/* Smallest and largest value of a sequence type ("smallint", "integer",
 * "bigint"). */
int64_t rt_load__type_min(const char *type);
int64_t rt_load__type_max(const char *type);

/* PostgreSQL's defaults for a fresh sequence: ascending by 1 from 1,
 * bigint unless type says otherwise, cache 1, no cycle. */
rt_sequence *rt_load__sequence_new(rt_schema *s, const char *schema,
				   const char *name, const char *type);

/* After a table moved or was renamed (old -> t's current name): updates
 * foreign keys, INHERITS lists, partition parents, sequence owners and
 * index table names that pointed at the old name. */
void rt_load__table_renamed(rt_schema *s, const char *old_schema,
			    const char *old_name, rt_table *t);

/* After a column rename on t: foreign key column lists (of t and of
 * referencing tables), constraint key columns, sequence owners. */
void rt_load__column_renamed(rt_schema *s, rt_table *t, const char *old,
			     const char *new_name);

/* nextval('<seq>'::regclass) text for a sequence, qualified only when not
 * in public (as pg_get_expr prints it with search_path=public). */
const char *rt_load__nextval_text(rt_schema *s, const char *schema,
				  const char *name);

/* ---- load_sql_split.c: reading the input statement by statement ----- */

/* An input being read: a stream, or text in memory (f NULL, all in buf). */
typedef struct rt_sqlsrc {
	FILE *f;
	const char *name; /* the file in errors */
	rt_buf buf;	  /* read and not yet consumed: data[pos..len) */
	size_t pos;
	bool eof, started;
	bool bol;      /* data[pos] starts a line */
	int line, col; /* place of data[pos] */
} rt_sqlsrc;

/* One piece of input: a statement with what precedes it (blanks,
 * comments), borrowed from the source until the next call. */
typedef struct rt_sqlstmt {
	const char *text; /* not NUL-terminated */
	size_t len;
	int line, col; /* place of text[0] */
} rt_sqlstmt;

/* Starts reading f (NULL: the caller fills src->buf with all the text). */
void rt_load__src_init(rt_sqlsrc *src, const char *name, FILE *f);
void rt_load__src_release(rt_sqlsrc *src);

/* The next statement into *out: 1, 0 at the end of the input, -1 with
 * err set (RT_EIO; RT_EINPUT at the place of a NUL byte, or of a
 * statement over RT_LOAD_STMT_MAX bytes or RT_LOAD_EXPR_MAX tokens). */
int rt_load__next_stmt(rt_sqlsrc *src, rt_sqlstmt *out, rt_error *err);

/* Moves line/col (characters, from 1) over the n bytes at p. */
void rt_load__advance(int *line, int *col, const char *p, size_t n);

/* The first line of a server or libpq message into out, with the
 * password of conninfo (if any) replaced by RT_REDACTED (load_pg.c). */
void rt_load__server_words(char *out, size_t outsz, const char *msg,
			   const char *conninfo);

/* SQL read from src applied to a scratch database on dev_url and read
 * back (scratch_pg.c); see rt_load. */
int rt_load_sql_scratch(rt_schema **out, rt_arena *a, rt_sqlsrc *src,
			const char *dev_url, rt_error *err);

/*
 * Executes sql (one or more statements a server printed: pg_get_viewdef,
 * pg_get_functiondef, pg_get_triggerdef, ...) into s, as the SQL loader
 * would, with search_path public. The live loader reads the kinds whose
 * definition is text this way, so that both loaders build them with
 * the same code. origin names the source in errors.
 */
int rt_load__sql_exec(rt_schema *s, const char *origin, const char *sql,
		      rt_error *err);

/*
 * Runs sql (SQLite DDL, statement by statement) in a new in-memory SQLite
 * database and loads that as rt_load_sqlite_db does (load_sqlite.c): what
 * the SQLModel reader does with the DDL create_all runs on SQLite. A
 * failing statement: RT_EINPUT at name:line:col (lines of sql) with
 * SQLite's message.
 */
int rt_load__sqlite_text(rt_schema **out, rt_arena *a, const char *name,
			 const char *sql, rt_error *err);

/* One CREATE TABLE or CREATE [UNIQUE] INDEX statement of SQLite DDL the
 * SQLModel reader wrote: the row of sqlite_schema it makes. */
typedef struct rt_load_sqlite_obj {
	const char *type;     /* "table" or "index" */
	const char *name;     /* as SQLite stores it (no quotes) */
	const char *tbl_name; /* the table (a table: its own name) */
	size_t start, end;    /* the statement in the DDL, without its ';' */
} rt_load_sqlite_obj;

/*
 * rt_load__sqlite_text of sql, whose statements are exactly objs (in
 * order), without executing them one by one: each CREATE makes SQLite
 * scan its whole catalog (quadratic: 3.8 G instructions for 1,000 tables
 * and 2,200 indexes), so the rows go into sqlite_schema directly and
 * SQLite parses them once, as it parses any database's schema when it
 * opens it (the same parser and checks; the pages they name hold no
 * data, which a schema read never looks at). Fails, with no schema, on
 * anything SQLite's schema reader refuses: the caller then runs
 * rt_load__sqlite_text, which gives the statement's own error. The
 * caller leaves out what only CREATE itself refuses (names starting
 * with "sqlite_", an index named like a table, bound parameters).
 */
int rt_load__sqlite_objs(rt_schema **out, rt_arena *a, const char *name,
			 const char *sql, const rt_load_sqlite_obj *const *objs,
			 size_t n, rt_error *err);

/*
 * What rt_load__sqlite_objs gives, without SQLite: the rows its four
 * queries would return worked out from the text of objs by SQLite's own
 * rules (load_sqlite.c, direct_rows), and read by the same code. 0; 1
 * when the text holds anything those rules here do not cover (a strict
 * subset of SQLite's grammar), *out untouched: then the round trip.
 * rt_load__sqlite_objs tries this first, unless rt_load_sqlite_roundtrip.
 */
int rt_load__sqlite_direct(rt_schema **out, rt_arena *a, const char *name,
			   const char *sql,
			   const rt_load_sqlite_obj *const *objs, size_t n);

/* Frees what the SQL loader keeps for every thread (its memo of deparsed
 * texts): once, at exit, from rt_load_shutdown. */
void rt_load__sql_shutdown(void);

#endif
