/* SPDX-License-Identifier: MIT */
/*
 * Internals shared by the SQL loader's files (load_sql*.c): the loader
 * state, place and error helpers, deparsing and tree helpers, and the
 * statement executors. libpg_query is included here and only by those
 * files.
 */
#ifndef RT_LOAD_LOAD_SQL_INT_H
#define RT_LOAD_LOAD_SQL_INT_H

#include "base/common.h"
#include "base/buf.h"
#include "load/load.h"
#include "load/load_int.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

typedef PgQuery__Node Node;

/* The loader's state for one run. */
typedef struct ld {
	rt_schema *s;
	rt_arena *a;	   /* the caller's arena: the model */
	rt_arena *scratch; /* parse trees, freed at the end */
	const char *file;
	const char *text;
	int loc;      /* byte offset of the statement being executed */
	int loc_line; /* and its line */
	rt_error *err;
	rt_vec funcs; /* pairs: unmanaged what, argument-type signature */
	int seen_off, seen_line, seen_bol; /* place_of's resume point */
	rt_vec path; /* search_path (const char *); empty: "public" */
	bool path_set;
} ld;

/* What an unqualified name is looked up as (rt_load__schema). */
typedef enum look_kind {
	LOOK_NEW,  /* a new object: the creation schema */
	LOOK_REL,  /* a relation: table, sequence, index, view */
	LOOK_TYPE, /* a type: enum, domain, other user type */
	LOOK_COLL, /* a collation */
} look_kind;

typedef void (*visit_fn)(ProtobufCMessage *m, void *arg);

/* Column names referenced by an expression or index tree. */
typedef struct colrefs {
	ld *l;
	rt_vec names; /* const char *, distinct */
} colrefs;

/* Renames in a tree: column refs / index columns old -> new, and range
 * vars of relation old_rel -> new_rel (schema new_schema). */
typedef struct renamer {
	const char *old_col, *new_col;
	const char *old_schema, *old_rel, *new_schema, *new_rel;
} renamer;

static inline const char *str_of(const Node *n)
{
	if (n && n->node_case == PG_QUERY__NODE__NODE_STRING)
		return n->string->sval;
	return NULL;
}

static inline bool empty(const char *s)
{
	return !s || !*s;
}

static inline const char *nz(const char *s)
{
	return empty(s) ? NULL : s;
}

static inline const char *dflt_schema(const char *s)
{
	return empty(s) ? "public" : s;
}

/* RT_EINPUT at the current statement (printf format); returns -1. */
int rt_load__fail(ld *l, const char *fmt, ...) RT_PRINTF(2, 3);

/* Line and column (characters, from 1) of byte offset off. */
void rt_load__place_of(ld *l, int off, int *line, int *col);

/* An error set by a callee (canon): give it the statement's place. */
int rt_load__failed_here(ld *l);

void rt_load__unmanaged(ld *l, const char *what);

/* Forgets unmanaged objects named what (or starting with what when
 * prefix). */
void rt_load__unmanaged_drop(ld *l, const char *what, bool prefix);

/* A list of String nodes (any_name) as schema and name. */
rt_qname rt_load__names_qname(ld *l, Node **items, size_t n);

rt_qname rt_load__list_qname(ld *l, const Node *n);

rt_qname rt_load__rv_qname(ld *l, const PgQuery__RangeVar *rv);

/* Deparses one statement node; NULL (with the error set) on failure. */
const char *rt_load__deparse(ld *l, Node *stmt);

Node *rt_load__wrap(ld *l, PgQuery__Node__NodeCase c, void *msg);

/* The text of a scalar expression node. */
const char *rt_load__expr_text(ld *l, Node *e);

int rt_load__make_expr(ld *l, rt_expr **out, const char *text);

int rt_load__node_expr(ld *l, rt_expr **out, Node *e);

/* Pre-order walk over every sub-message, driven by the descriptors. */
void rt_load__walk(ProtobufCMessage *m, visit_fn fn, void *arg);

/* Parses sql (one statement) into the scratch arena; NULL if it does not
 * parse (text we produced ourselves, so this does not happen). */
PgQuery__ParseResult *rt_load__reparse(ld *l, const char *sql);

void rt_load__node_colrefs(colrefs *c, ProtobufCMessage *m);

/* Columns an expression text (or with stmt, a statement text) uses. */
bool rt_load__text_uses_column(ld *l, const char *text, bool stmt,
			       const char *col);

void rt_load__visit_rename(ProtobufCMessage *m, void *arg);

void rt_load__rename_expr(ld *l, rt_expr *e, renamer *r, bool stmt,
			  int (*canon)(const char **, rt_arena *, const char *,
				       rt_error *));

/* A DefElem argument as text (String, TypeName, number, boolean). */
const char *rt_load__defarg_str(ld *l, const Node *n);

bool rt_load__defarg_bool(ld *l, const Node *n, bool dflt);

int rt_load__defarg_int64(ld *l, const Node *n, int64_t *out);

/* The column names of a list of String nodes, as an arena vector. */
void rt_load__str_list(ld *l, rt_vec *out, Node **items, size_t n);

/* Resolves a TypeName. *serial_out (may be NULL) receives the integer type
 * behind serial/bigserial/smallserial, else NULL. */
int rt_load__resolve_type(ld *l, const PgQuery__TypeName *tn, rt_type *out,
			  const char **serial_out);

/* A type as text for unmanaged names: "integer", "public.mytype". */
const char *rt_load__type_text(ld *l, const PgQuery__TypeName *tn);

/* A collation name list: schema NULL for built-in ones. */
rt_qname rt_load__resolve_collation(ld *l, Node **items, size_t n);

/* an index on a view: part of the unmanaged view */
int rt_load__lookup_table(ld *l, rt_table **out, const PgQuery__RangeVar *rv,
			  bool missing_ok);

int rt_load__need_namespace(ld *l, const char *schema);

int rt_load__src_line(ld *l);

const char *rt_load__index_elem_name(const PgQuery__IndexElem *e);

int rt_load__need_column(ld *l, rt_table *t, const char *col, const char *what);

/* ChooseIndexColumnNames: a name repeated within one index gets a number
 * ("b", "b1"). Rewrites cols[0..n) in place (new names in the scratch
 * arena). */
void rt_load__index_colnames(ld *l, const char **cols, size_t n);

/*
 * Adds constraint c to t. col names the column for a column constraint
 * (NULL for a table constraint). Names the constraint as PostgreSQL would
 * when the user did not.
 */
int rt_load__add_constraint(ld *l, rt_table *t, PgQuery__Constraint *c,
			    const char *col);

/* Applies pending constraints in PostgreSQL's naming order: checks, the
 * primary key, other index-backed ones, then foreign keys. */
int rt_load__apply_pending(ld *l, rt_table *t, rt_vec *v);

void rt_load__set_identity(rt_column *col, const char *when);

/*
 * Applies a column definition to col (new or merged): type, collation,
 * NULL/NOT NULL, DEFAULT, identity, generated; other constraints go to
 * pend. With merge, the type is only checked.
 */
int rt_load__column_apply(ld *l, rt_table *t, rt_column *col,
			  PgQuery__ColumnDef *cd, rt_vec *pend);

/* Adds a column to t and, not local, to every descendant. */
void rt_load__column_to_children(ld *l, rt_table *t, rt_column *col);

/* "FOR VALUES FROM (...) TO (...)" / "DEFAULT" for a bound. */
int rt_load__set_bound(ld *l, rt_table *t, PgQuery__PartitionBoundSpec *b);

int rt_load__create_table(ld *l, PgQuery__CreateStmt *cs);

int rt_load__create_index(ld *l, PgQuery__IndexStmt *is);

/* Re-deparses an index definition after its name or table changed. */
void rt_load__index_redef(ld *l, rt_index *ix, renamer *r);

int rt_load__create_sequence(ld *l, PgQuery__CreateSeqStmt *st);

int rt_load__alter_sequence(ld *l, PgQuery__AlterSeqStmt *st);

/* After a sequence got a new schema or name: defaults that call it. */
void rt_load__sequence_renamed(ld *l, const char *old_schema,
			       const char *old_name, rt_sequence *q);

int rt_load__create_enum(ld *l, PgQuery__CreateEnumStmt *st);

int rt_load__alter_enum(ld *l, PgQuery__AlterEnumStmt *st);

int rt_load__create_extension(ld *l, PgQuery__CreateExtensionStmt *st);

int rt_load__alter_extension(ld *l, PgQuery__AlterExtensionStmt *st);

int rt_load__create_collation(ld *l, PgQuery__DefineStmt *st);

rt_namespace *rt_load__add_namespace(ld *l, const char *name);

int rt_load__create_schema(ld *l, PgQuery__CreateSchemaStmt *st);

/* The constraint that owns index name in schema, if any. */
rt_constraint *rt_load__index_constraint(ld *l, const char *schema,
					 const char *name);

const char *rt_load__objtype_word(PgQuery__ObjectType o);

/* "(integer, text[])" for a list of TypeName nodes */
const char *rt_load__args_text(ld *l, Node **args, size_t n);

int rt_load__drop_stmt(ld *l, PgQuery__DropStmt *st);

int rt_load__comment_stmt(ld *l, PgQuery__CommentStmt *st);

const char *rt_load__rv_text(ld *l, const PgQuery__RangeVar *rv);

const char *rt_load__names_text(ld *l, Node **items, size_t n);

const char *rt_load__function_what(ld *l, PgQuery__CreateFunctionStmt *f);

/* "statement INSERT", "statement CREATE CAST": the statement's first
 * words. */
const char *rt_load__statement_what(ld *l);

bool rt_load__is_config_select(const PgQuery__SelectStmt *s);

void rt_load__grant_stmt(ld *l, PgQuery__GrantStmt *g);

/* true when rv names a relation the model keeps out of tables (a
 * sequence, an index, an unmanaged view). */
bool rt_load__other_relation(ld *l, const PgQuery__RangeVar *rv);

int rt_load__rename_stmt(ld *l, PgQuery__RenameStmt *st);

int rt_load__set_schema(ld *l, PgQuery__AlterObjectSchemaStmt *st);

int rt_load__alter_table(ld *l, PgQuery__AlterTableStmt *st);

/* A created function: recorded as unmanaged, and remembered by its
 * argument types so that DROP FUNCTION f(text) finds "f(t text)". */
void rt_load__function_created(ld *l, PgQuery__CreateFunctionStmt *f);

/* A copy of key constraint c (primary key, unique, exclusion) on table
 * dst, named as PostgreSQL names a new one there. */
void rt_load__clone_key(ld *l, const rt_constraint *c, rt_table *dst);

/* Copies of the stand-alone indexes of src on dst, with names chosen for
 * dst (CREATE TABLE LIKE, a detached partition); comments copied when
 * comments is true. */
void rt_load__clone_indexes(ld *l, const rt_table *src, rt_table *dst,
			    bool comments);

/* Drops column name of t with what depends on it (constraints, indexes,
 * owned sequences; with cascade, foreign keys of other tables) and, when
 * recurse, the children's inherited copies. top: the column named by the
 * user (an inherited one may not be dropped there). */
int rt_load__drop_column(ld *l, rt_table *t, const char *name, bool recurse,
			 bool cascade, bool top);

/* The schema of name: schema when given, else as search_path resolves
 * an object of kind (the first schema of the path holding one), else the
 * creation schema (the first existing schema of the path, "public" by
 * default). */
const char *rt_load__schema(ld *l, const char *schema, const char *name,
			    look_kind kind);

/* rv's name for a new relation (the creation schema when unqualified). */
rt_qname rt_load__rv_new_qname(ld *l, const PgQuery__RangeVar *rv);

/* "schema.name" of rv for a new relation. */
const char *rt_load__rv_new_text(ld *l, const PgQuery__RangeVar *rv);

/* SET search_path / set_config('search_path', ...): the new path. */
void rt_load__set_path(ld *l, const char *value);

/* true for NULL and NULL::type: a default PostgreSQL does not store */
bool rt_load__is_null(const Node *e);

/* The line of byte offset off inside the current statement (a node's
 * location); the statement's line when off is before it. */
int rt_load__line_at(ld *l, int off);

#endif
