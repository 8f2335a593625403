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
#include "base/map.h"
#include "base/buf.h"
#include "load/load.h"
#include "load/load_int.h"
#include "schema/canon_json.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

typedef PgQuery__Node Node;

/* The loader's state for one run. */
typedef struct ld {
	rt_schema *s;
	rt_arena *a;	   /* the caller's arena: the model */
	rt_arena *scratch; /* parse trees, freed after each statement */
	const char *file;
	const char *text; /* the piece of input being executed */
	int marked; /* whether text holds a renamed-from mark: 1 yes, 2 no,
		       0 not known yet (rt_load__renamed_from) */
	int base_line, base_col; /* where text starts in the file */
	int loc;      /* byte offset in text of the statement being executed */
	int loc_line; /* and its line */
	rt_error *err;
	int seen_off, seen_line, seen_bol; /* place_of's resume point */
	bool seen_nl;			   /* a newline before seen_off */
	int *nl;			   /* line_at's: offsets of text's */
	size_t n_nl;			   /* newlines (NULL: not yet) */
	rt_vec path; /* search_path (const char *); empty: "public" */
	bool path_set;
	/* canonical keys of expression texts seen (text -> key, both in
	 * a): the same default or check recurs on many tables */
	rt_map canon_memo;
	/* default texts seen (text in a -> as is, or parenthesised) */
	rt_map default_memo;
	/* rt_schema_canonical_type's answers (type text in a -> name in a,
	 * or a mark for none: load_sql.c's canonical_type) */
	rt_map type_memo;
	/* the statements are a database's own (rt_load__sql_exec: the
	 * live loader's definitions, deparsed by the server): objects
	 * made from them are marked exact, and get no source place */
	bool exact;
	/* pairs (rt_object *, role): REVOKE ALL took nothing from role on
	 * the object, so a GRANT ALL to it that follows is pg_dump's owner
	 * pair (load_sql_grant.c) */
	rt_vec owner_revokes;
	/* pairs (rt_object *, role or NULL): the owner ALTER ... OWNER TO
	 * or AUTHORIZATION named (load_sql_grant.c) */
	rt_vec owners;
	/* struct defacl *: ALTER DEFAULT PRIVILEGES of the current role,
	 * applied to the objects each later statement creates */
	rt_vec defacls;
} ld;

/* What an unqualified name is looked up as (rt_load__schema). */
typedef enum look_kind {
	LOOK_NEW,  /* a new object: the creation schema */
	LOOK_REL,  /* a relation: table, sequence, index, view */
	LOOK_TYPE, /* a type: enum, domain, other user type */
	LOOK_COLL, /* a collation */
} look_kind;

/* Called by rt_load__walk on every message of a tree. */
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

/* The text of a String node, NULL for any other node. */
static inline const char *str_of(const Node *n)
{
	if (n && n->node_case == PG_QUERY__NODE__NODE_STRING)
		return n->string->sval;
	return NULL;
}

/* protobuf-c leaves absent strings as "": both count as empty. */
static inline bool empty(const char *s)
{
	return !s || !*s;
}

/* s, or NULL when empty. */
static inline const char *nz(const char *s)
{
	return empty(s) ? NULL : s;
}

/* s, or "public" when empty (for text retort wrote, always qualified). */
static inline const char *dflt_schema(const char *s)
{
	return empty(s) ? "public" : s;
}

/* ---- load_sql.c: places, errors, names, deparsing, types ------------- */

/* The loader state of a run (rt_load_sql_begin): for a source that builds
 * statements' parse trees itself instead of writing their text (the
 * SQLModel reader, load_sqlmodel_table.c). */
ld *rt_load__run_ld(rt_load_sql_run *r);

/* RT_EINPUT at the current statement's file:line:col (printf format);
 * returns -1. */
int rt_load__fail(ld *l, const char *fmt, ...) RT_PRINTF(2, 3);

/* An error already set by a callee (canon): gives it the current
 * statement's place; returns -1. */
int rt_load__failed_here(ld *l);

/* Line and column (characters, from 1) of byte offset off. Resumes from
 * the last offset asked for, so asking in increasing order is linear. */
void rt_load__place_of(ld *l, int off, int *line, int *col);

/* NAME when the line before byte offset off of the current piece (where
 * CREATE TABLE or a column's definition starts, with only blanks before
 * it on its line) is "-- retort: renamed from NAME"; NULL otherwise. In
 * the model's arena (load_sql_rename.c). */
const char *rt_load__renamed_from(ld *l, int off);

/* The current statement's line. */
int rt_load__src_line(ld *l);

/* The line of byte offset off inside the current statement (a node's
 * location); the statement's line when off is before it. */
int rt_load__line_at(ld *l, int off);

/* Records an unmanaged object at the current statement, once per what
 * (CREATE OR REPLACE keeps one record). */
rt_unmanaged *rt_load__unmanaged(ld *l, const char *what);

/* Forgets unmanaged objects named what (or starting with what when
 * prefix). */
void rt_load__unmanaged_drop(ld *l, const char *what, bool prefix);

/* The schema of name: schema when given, else as search_path resolves
 * an object of kind (the first schema of the path holding one), else the
 * creation schema (the first existing schema of the path, "public" by
 * default). The result lives as long as the model. */
const char *rt_load__schema(ld *l, const char *schema, const char *name,
			    look_kind kind);

/* SET search_path / set_config('search_path', ...): the new path, a
 * comma-separated list of names ("quoted" keeps case). */
void rt_load__set_path(ld *l, const char *value);

/* A list of String nodes (any_name) as schema (NULL if unqualified) and
 * name, copied into the model's arena. */
rt_qname rt_load__names_qname(ld *l, Node **items, size_t n);
/* Identity column col's sequence options (DefElem list): with create (or
 * when it has none) a new sequence with PostgreSQL's defaults first;
 * SEQUENCE NAME names it, RESTART is not model state. */
int rt_load__identity_options(ld *l, rt_column *col, Node **opts, size_t n,
			      bool create);
/* The sequence of an identity column named schema.name, or NULL. */
rt_sequence *rt_load__find_identity_seq(ld *l, const char *schema,
					const char *name);

/* The same for a node that is a List of Strings or one String. */
rt_qname rt_load__list_qname(ld *l, const Node *n);

/* rv's schema (search_path lookup of a relation) and name. */
rt_qname rt_load__rv_qname(ld *l, const PgQuery__RangeVar *rv);

/* rv's name for a new relation (the creation schema when unqualified). */
rt_qname rt_load__rv_new_qname(ld *l, const PgQuery__RangeVar *rv);

/* Deparses one statement node into the model's arena; NULL (with the
 * error set at the statement) on failure. */
const char *rt_load__deparse(ld *l, Node *stmt);

/* A Node (in the scratch arena) wrapping message msg of case c. */
Node *rt_load__wrap(ld *l, PgQuery__Node__NodeCase c, void *msg);

/* The text of a scalar expression node (deparsed); NULL on failure. */
const char *rt_load__expr_text(ld *l, Node *e);
/* What libpg_query's deparser prints for e when e is a constant integer,
 * string or boolean (rt_load__expr_text's shortcut), in a; NULL for any
 * other node. */
const char *rt_load__const_text(rt_arena *a, const Node *e);

/* true for NULL and NULL::type: a default PostgreSQL does not store. */
bool rt_load__is_null(const Node *e);

/* true when DEFAULT e on a column of type t stores nothing: e is NULL
 * and t is not a domain (a domain column keeps its NULL default). */
bool rt_load__null_default_dropped(ld *l, const Node *e, const rt_type *t);

/* An rt_expr of text with its rt_canon_expr key; -1 (error at the
 * statement) when text is NULL or does not canonicalise. */
int rt_load__make_expr(ld *l, rt_expr **out, const char *text);

/* A column default of type: as rt_load__node_expr, with the literals
 * PostgreSQL stores differently spelled its way ('yes' on a boolean is
 * true, B'101' on a bit column is '101'). */
int rt_load__default_expr(ld *l, rt_expr **out, Node *e, const rt_type *type);

/* In expression tree e, a string literal compared with a boolean column
 * of t becomes the boolean constant PostgreSQL stores (f = 'true' is
 * f = true). Rewrites e in place. */
void rt_load__bool_literals(ld *l, const rt_table *t, Node *e);

/* rt_load__make_expr of a deparsed expression node. */
int rt_load__node_expr(ld *l, rt_expr **out, Node *e);

/* Pre-order walk over every sub-message, driven by the descriptors. */
void rt_load__walk(ProtobufCMessage *m, visit_fn fn, void *arg);

/* Parses sql (one statement) into the scratch arena; NULL if it does not
 * parse (text retort produced itself, so this does not happen). */
PgQuery__ParseResult *rt_load__reparse(ld *l, const char *sql);

/* Adds to c the column names that tree m refers to (column references,
 * index columns). */
void rt_load__node_colrefs(colrefs *c, ProtobufCMessage *m);

/* true when expression text (or with stmt, statement text) uses column
 * col. */
bool rt_load__text_uses_column(ld *l, const char *text, bool stmt,
			       const char *col);

/* rt_load__walk visitor applying a renamer (arg). */
void rt_load__visit_rename(ProtobufCMessage *m, void *arg);

/* Rewrites expression e (statement text when stmt) with r and recomputes
 * its key with canon; e is left alone if anything fails. */
void rt_load__rename_expr(ld *l, rt_expr *e, renamer *r, bool stmt,
			  int (*canon)(const char **, rt_arena *, const char *,
				       rt_error *));

/* A DefElem argument as text (String, TypeName, number, boolean); the
 * text may live in the scratch arena. NULL when absent or other. */
const char *rt_load__defarg_str(ld *l, const Node *n);

/* A DefElem argument as a boolean ("CYCLE" alone: true). */
bool rt_load__defarg_bool(ld *l, const Node *n, bool dflt);

/* A DefElem argument as an integer; -1 with an error otherwise. */
int rt_load__defarg_int64(ld *l, const Node *n, int64_t *out);

/* Appends the texts of a list of String nodes to out (model's arena). */
void rt_load__str_list(ld *l, rt_vec *out, Node **items, size_t n);

/* Resolves a TypeName to the model's spelling (built-in types as
 * format_type prints them, user types with their schema). *serial_out
 * (may be NULL) receives the integer type behind serial/bigserial/
 * smallserial, else NULL. */
int rt_load__resolve_type(ld *l, const PgQuery__TypeName *tn, rt_type *out,
			  const char **serial_out);

/* A type as text for unmanaged names: "integer", "public.mytype". */
const char *rt_load__type_text(ld *l, const PgQuery__TypeName *tn);

/* A collation name list: schema NULL for built-in ones. */
rt_qname rt_load__resolve_collation(ld *l, Node **items, size_t n);

/* ---- load_sql_table.c: CREATE TABLE, constraints, CREATE INDEX ------ */

/* The table rv names (search_path lookup). Missing: NULL when
 * missing_ok, else an error. */
int rt_load__lookup_table(ld *l, rt_table **out, const PgQuery__RangeVar *rv,
			  bool missing_ok);

/* An error unless namespace schema exists. */
int rt_load__need_namespace(ld *l, const char *schema);

/* An error (naming what the column is for) unless t has column col. */
int rt_load__need_column(ld *l, rt_table *t, const char *col, const char *what);

/* The name PostgreSQL uses for an index column in default names: the
 * column, or FigureIndexColname of the expression ("lower", "expr"). */
const char *rt_load__index_elem_name(const PgQuery__IndexElem *e);

/* ChooseIndexColumnNames: a name repeated within one index gets a number
 * ("b", "b1"). Rewrites cols[0..n) in place (new names in the scratch
 * arena). */
void rt_load__index_colnames(ld *l, const char **cols, size_t n);

/*
 * Adds constraint c to t. col names the column for a column constraint
 * (NULL for a table constraint). Names the constraint as PostgreSQL would
 * when the user did not; a CHECK goes to the descendants too.
 */
int rt_load__add_constraint(ld *l, rt_table *t, PgQuery__Constraint *c,
			    const char *col);

/* Applies pending constraints (rt_vec of the table file's pending
 * entries) in PostgreSQL's naming order: checks, the primary key, other
 * index-backed ones, then foreign keys. */
int rt_load__apply_pending(ld *l, rt_table *t, rt_vec *v);

/* Makes col an identity column (when: "a" always, "d" by default). */
void rt_load__set_identity(rt_column *col, const char *when);

/*
 * Applies a column definition to col (new or merged): type, collation,
 * NULL/NOT NULL, DEFAULT, identity, generated, serial; other constraints
 * go to pend for rt_load__apply_pending.
 */
int rt_load__column_apply(ld *l, rt_table *t, rt_column *col,
			  PgQuery__ColumnDef *cd, rt_vec *pend);

/* Adds a copy of col (not local) to every descendant of t. */
void rt_load__column_to_children(ld *l, rt_table *t, rt_column *col);

/* Sets t's partition bound ("FOR VALUES FROM (...) TO (...)", "DEFAULT")
 * from b. */
int rt_load__set_bound(ld *l, rt_table *t, PgQuery__PartitionBoundSpec *b);

/* A copy of key constraint c (primary key, unique, exclusion) on table
 * dst, named as PostgreSQL names a new one there. */
void rt_load__clone_key(ld *l, const rt_constraint *c, rt_table *dst);

/* Copies of the stand-alone indexes of src on dst, with names chosen for
 * dst (CREATE TABLE LIKE, a detached partition); comments copied when
 * comments is true. */
void rt_load__clone_indexes(ld *l, const rt_table *src, rt_table *dst,
			    bool comments);

/* ATTACH PARTITION of part to parent: part's indexes and keys that match
 * the parent's are attached to them, so they are derived and no longer
 * listed. */
void rt_load__adopt_matches(ld *l, rt_table *parent, rt_table *part);

/* Re-deparses an index definition after its name or table changed (and
 * applies r when not NULL). */
void rt_load__index_redef(ld *l, rt_index *ix, renamer *r);

/* Statement executors: 0, or -1 with the error at the statement. */
int rt_load__create_table(ld *l, PgQuery__CreateStmt *cs);
int rt_load__create_index(ld *l, PgQuery__IndexStmt *is);

/* ---- load_sql_alter.c: ALTER TABLE, renames, SET SCHEMA -------------- */

/* Drops column name of t with what depends on it (constraints, indexes,
 * owned sequences; with cascade, foreign keys of other tables) and, when
 * recurse, the children's inherited copies. top: the column named by the
 * user (an inherited one may not be dropped there). */
int rt_load__drop_column(ld *l, rt_table *t, const char *name, bool recurse,
			 bool cascade, bool top);

/* Statement executors: 0, or -1 with the error at the statement. */
int rt_load__alter_table(ld *l, PgQuery__AlterTableStmt *st);
int rt_load__rename_stmt(ld *l, PgQuery__RenameStmt *st);
int rt_load__set_schema(ld *l, PgQuery__AlterObjectSchemaStmt *st);

/* ---- load_sql_objects.c: other objects, DROP, COMMENT, unmanaged ----- */

/* After a sequence got a new schema or name: defaults that call it. */
void rt_load__sequence_renamed(ld *l, const char *old_schema,
			       const char *old_name, rt_sequence *q);

/* A new namespace name (no checks). */
rt_namespace *rt_load__add_namespace(ld *l, const char *name);

/* The constraint that owns index name in schema, if any. */
rt_constraint *rt_load__index_constraint(ld *l, const char *schema,
					 const char *name);

/* The word naming an object type in unmanaged names ("view",
 * "materialized view", "function", "trigger", ...). */
const char *rt_load__objtype_word(PgQuery__ObjectType o);

/* "(integer, text[])" for a list of TypeName nodes. */
const char *rt_load__args_text(ld *l, Node **args, size_t n);

/* "schema.name" of an existing relation rv (search_path lookup). */
const char *rt_load__rv_text(ld *l, const PgQuery__RangeVar *rv);

/* "schema.name" of rv for a new relation. */
const char *rt_load__rv_new_text(ld *l, const PgQuery__RangeVar *rv);

/* "schema.name" for a new object named by a String list. */
const char *rt_load__names_text(ld *l, Node **items, size_t n);

/* "function public.f(i integer, t text[])": a function's unmanaged name,
 * with its identity arguments as pg_get_function_identity_arguments
 * prints them. */
const char *rt_load__function_what(ld *l, PgQuery__CreateFunctionStmt *f);

/* "statement INSERT", "statement CREATE CAST": the statement's first
 * words, for statements that name no object. */
const char *rt_load__statement_what(ld *l);

/* true for a SELECT with no effect on the schema: constants, set_config()
 * and setval() calls (pg_dump emits them). */
bool rt_load__is_config_select(const PgQuery__SelectStmt *s);

/* true when rv names a relation the model keeps out of tables (a
 * sequence, an index, an unmanaged view). */
bool rt_load__other_relation(ld *l, const PgQuery__RangeVar *rv);

/* Statement executors: 0, or -1 with the error at the statement. */
int rt_load__create_sequence(ld *l, PgQuery__CreateSeqStmt *st);
int rt_load__alter_sequence(ld *l, PgQuery__AlterSeqStmt *st);
int rt_load__create_enum(ld *l, PgQuery__CreateEnumStmt *st);
int rt_load__alter_enum(ld *l, PgQuery__AlterEnumStmt *st);
int rt_load__create_extension(ld *l, PgQuery__CreateExtensionStmt *st);
int rt_load__alter_extension(ld *l, PgQuery__AlterExtensionStmt *st);
int rt_load__create_collation(ld *l, PgQuery__DefineStmt *st);
int rt_load__create_schema(ld *l, PgQuery__CreateSchemaStmt *st);
int rt_load__drop_stmt(ld *l, PgQuery__DropStmt *st);
int rt_load__comment_stmt(ld *l, PgQuery__CommentStmt *st);

/* ---- load_sql_grant.c: GRANT, REVOKE ------------------------------- */

/* GRANT / REVOKE on tables, views, columns, sequences, functions,
 * schemas and types into their grants; on objects the model does not
 * hold, "privileges on function public.f(integer)" as unmanaged. 0, or -1
 * with the error at the statement (an unknown column, a privilege the
 * object does not take). */
int rt_load__grant_stmt(ld *l, PgQuery__GrantStmt *g);

/* ALTER TABLE / SEQUENCE / VIEW ... OWNER TO, ALTER <kind> ... OWNER TO,
 * CREATE SCHEMA ... AUTHORIZATION: the object's grants to its new owner
 * are dropped (they become the owner's) and later ones ignored. */
void rt_load__alter_table_owner(ld *l, PgQuery__AlterTableStmt *st);

/* ALTER DEFAULT PRIVILEGES without FOR ROLE (the current role's, which
 * creates the file's objects): remembered, and applied by
 * rt_load__default_privileges_apply to the tables, views, sequences,
 * functions, types and schemas a statement created (ids above
 * before). With FOR ROLE (maybe another role) nothing is modelled. The
 * statement itself stays unmanaged. */
void rt_load__default_privileges(ld *l,
				 PgQuery__AlterDefaultPrivilegesStmt *st);
void rt_load__default_privileges_apply(ld *l, uint32_t before);
void rt_load__alter_owner(ld *l, PgQuery__AlterOwnerStmt *st);
void rt_load__schema_owner(ld *l, rt_namespace *ns, const PgQuery__RoleSpec *r);

/* ---- load_sql_policy.c: row level security policies ----------------- */

/* Statement executors: 0, or -1 with the error at the statement. A
 * policy on a relation the model does not hold is named as unmanaged. */
int rt_load__create_policy(ld *l, PgQuery__CreatePolicyStmt *st);
int rt_load__alter_policy(ld *l, PgQuery__AlterPolicyStmt *st);
int rt_load__rename_policy(ld *l, PgQuery__RenameStmt *st);

/* DROP POLICY / COMMENT ON POLICY of obj, a [schema.]table.policy name
 * list (text: the comment, in the model's arena, NULL to remove). */
int rt_load__drop_policy(ld *l, const Node *obj, bool missing_ok);
int rt_load__comment_policy(ld *l, const Node *obj, const char *text);

/* Drops the policies on t (t is being dropped). */
void rt_load__drop_policies_on(ld *l, rt_table *t);

/* The policies on t follow its new name, and with r (a column rename)
 * their expressions too. */
void rt_load__policies_follow(ld *l, rt_table *t, renamer *r);

/* ---- load_sql_view.c: views and materialized views ------------------ */

/* Statement executors: 0, or -1 with the error at the statement. */
int rt_load__create_view(ld *l, PgQuery__ViewStmt *vs);
int rt_load__create_matview(ld *l, PgQuery__CreateTableAsStmt *c);

/* DROP VIEW / DROP MATERIALIZED VIEW of q (search_path lookup), with its
 * indexes, triggers and rules. */
int rt_load__drop_view(ld *l, rt_qname q, bool materialized, bool missing_ok);

/* Gives v the query `query` (a parse tree, qualified in place for the
 * key): its text, key, loose key and output columns; v is left alone
 * on failure (-1, the error set). */
int rt_load__view_requery(ld *l, rt_view *v, Node *query);

/* ---- load_sql_rename.c ------------------------------------------------ */

/* After table t was renamed from old_schema.old_rel (old_col NULL), or
 * its column old_col to new_col: the views that read it are rewritten as
 * PostgreSQL prints them after the rename (a column keeps its output
 * name: "name AS title"). A view the rewrite cannot be sure of (a "*",
 * a set operation, another relation with a column of that name) is left
 * as it is. */
void rt_load__views_follow(ld *l, const rt_table *t, const char *old_schema,
			   const char *old_rel, const char *old_col,
			   const char *new_col);

/* ---- load_sql_props.c: storage parameters, replica identity, cluster,
 * column storage, statistics and compression --------------------------- */

typedef enum rt_options_how {
	RT_OPTIONS_SET,	    /* WITH (...), SET (...) */
	RT_OPTIONS_RESET,   /* RESET (...) */
	RT_OPTIONS_REPLACE, /* all of them replaced */
} rt_options_how;

/* Applies a list of DefElem storage parameters to t. */
int rt_load__table_options(ld *l, rt_table *t, Node **opts, size_t n,
			   rt_options_how how);

/* SET STORAGE word / COMPRESSION word (NULL or "default": the default). */
int rt_load__column_storage(ld *l, rt_column *c, const char *word);
int rt_load__column_compression(ld *l, rt_column *c, const char *word);

/* ALTER TABLE subcommands on those properties. */
int rt_load__table_prop(ld *l, rt_table *t, PgQuery__AlterTableCmd *cmd);
/* ---- load_sql_types.c: domains, composite and range types, rules ----- */

/* The domain, composite or range type schema.name, or NULL. */
rt_object *rt_load__find_user_type(ld *l, const char *schema, const char *name);

/* DROP TYPE / DROP DOMAIN of a domain, composite or range type: 1 when
 * dropped (with its dependents when cascade), 0 when there is none of
 * that name, -1 with the error at the statement. */
int rt_load__drop_user_type(ld *l, const char *schema, const char *name,
			    bool domain, bool cascade);

/* COMMENT ON TYPE / DOMAIN: false when there is no such type. */
bool rt_load__comment_user_type(ld *l, const char *schema, const char *name,
				const char *text);

/* Renames (schema NULL: same schema) a domain, composite or range type,
 * and the references to it (columns, attributes, domains, ranges). */
int rt_load__rename_user_type(ld *l, rt_object *o, const char *schema,
			      const char *name);

/* Every reference to type old_schema.old_name (columns, domains' base
 * types, attributes, range subtypes, arrays of it too) now names
 * schema.name (strings in the model's arena). */
void rt_load__type_renamed(ld *l, const char *old_schema, const char *old_name,
			   const char *schema, const char *name);

/* ALTER DOMAIN ... RENAME CONSTRAINT, ALTER TYPE ... RENAME ATTRIBUTE. */
int rt_load__rename_type_member(ld *l, PgQuery__RenameStmt *st);

/* ALTER SCHEMA old RENAME TO nn / DROP SCHEMA: the types follow or go
 * (without cascade, an error when there is one). */
void rt_load__types_schema_renamed(ld *l, const char *old, const char *nn);
int rt_load__types_schema_dropped(ld *l, const char *schema, bool cascade);

/* DROP RULE / COMMENT ON RULE of a managed rule (obj: the name list):
 * false when there is none. */
bool rt_load__drop_rule(ld *l, const Node *obj);
bool rt_load__comment_rule(ld *l, const Node *obj, const char *text);

/* After table t was renamed from old_schema.old_name: the rules' texts
 * name it anew. After its column old became new_name: the texts of its
 * own rules follow (any column so named in them: an approximation). */
void rt_load__rules_table_renamed(ld *l, const char *old_schema,
				  const char *old_name, const rt_table *t);
void rt_load__rules_column_renamed(ld *l, const rt_table *t, const char *old,
				   const char *new_name);

/* ALTER TABLE t ENABLE / DISABLE [REPLICA | ALWAYS] RULE name. */
int rt_load__rule_enable(ld *l, rt_table *t, const char *name, char enabled);

/* Statement executors: 0, or -1 with the error at the statement. */
int rt_load__create_domain(ld *l, PgQuery__CreateDomainStmt *st);
int rt_load__alter_domain(ld *l, PgQuery__AlterDomainStmt *st);
int rt_load__create_composite(ld *l, PgQuery__CompositeTypeStmt *st);
int rt_load__alter_composite(ld *l, PgQuery__AlterTableStmt *st);
int rt_load__create_range(ld *l, PgQuery__CreateRangeStmt *st);
int rt_load__create_rule(ld *l, Node *rule_stmt);
int rt_load__rename_rule(ld *l, PgQuery__RenameStmt *st);
/* ---- load_sql_function.c: functions and procedures ------------------ */

/* The function or procedure f names (its argument types, or its name
 * alone when unique, along the search path when unqualified), or NULL
 * in *out; -1 when a name without arguments is not unique. */
int rt_load__find_function(ld *l, rt_function **out,
			   PgQuery__ObjectWithArgs *f);

/* DROP FUNCTION / PROCEDURE / ROUTINE of one object (with cascade, the
 * triggers that execute it too). */
int rt_load__drop_function(ld *l, PgQuery__ObjectWithArgs *owa, bool missing_ok,
			   bool cascade);

/* COMMENT ON FUNCTION / PROCEDURE (text NULL: removed). */
int rt_load__comment_function(ld *l, PgQuery__ObjectWithArgs *owa,
			      const char *text);

/* ALTER FUNCTION ... RENAME TO newname / SET SCHEMA newschema (either
 * may be NULL). */
int rt_load__rename_function(ld *l, PgQuery__ObjectWithArgs *owa,
			     const char *newname, const char *newschema);

/* DROP SCHEMA: its functions go (with cascade, and the triggers that
 * execute them), else an error when it has any. */
int rt_load__drop_schema_functions(ld *l, const char *schema, bool cascade);

/* Schema old was renamed nn (its functions moved already): argument and
 * result types follow, and the triggers that execute its functions. */
void rt_load__functions_schema_renamed(ld *l, const char *old, const char *nn);

/* Statement executors: 0, or -1 with the error at the statement. */
int rt_load__create_function(ld *l, PgQuery__CreateFunctionStmt *st);
int rt_load__alter_function(ld *l, PgQuery__AlterFunctionStmt *st);

/* ---- load_sql_trigger.c: triggers ----------------------------------- */

/* DROP TRIGGER name ON rel (obj: the name list) / COMMENT ON TRIGGER. */
int rt_load__drop_trigger(ld *l, const Node *obj, bool missing_ok);
int rt_load__comment_trigger(ld *l, const Node *obj, const char *text);

/* ALTER TRIGGER name ON rel RENAME TO newname. */
int rt_load__rename_trigger(ld *l, PgQuery__RenameStmt *st);

/* ALTER TABLE rel ENABLE / DISABLE TRIGGER name (NULL: all of rel's):
 * enabled as pg_trigger.tgenabled ('O', 'D', 'R', 'A'). */
int rt_load__enable_trigger(ld *l, rt_object *rel, const char *name,
			    char enabled);

/* After rel was renamed or moved to another schema, or (old_col set)
 * its column old_col renamed new_col: its triggers' statements say so. */
int rt_load__triggers_follow(ld *l, const rt_object *rel, const char *old_col,
			     const char *new_col);

/* Column col of rel is dropped: the triggers that name it go with it
 * under cascade, else an error. */
int rt_load__triggers_column_dropped(ld *l, const rt_object *rel,
				     const char *col, bool cascade);

/* Function f is dropped: the triggers that execute it go with it under
 * cascade, else an error. */
int rt_load__triggers_function_dropped(ld *l, const rt_function *f,
				       bool cascade);

/* Function f (no arguments) was renamed or moved from
 * old_schema.old_proname: the triggers that execute it say its new name,
 * as the server prints them. */
int rt_load__triggers_function_renamed(ld *l, const char *old_schema,
				       const char *old_proname,
				       const rt_function *f);

/* Forgets the triggers on rel (dropped with it). */
void rt_load__drop_triggers_on(ld *l, const rt_object *rel);

/* Statement executor: 0, or -1 with the error at the statement. */
int rt_load__create_trigger(ld *l, PgQuery__CreateTrigStmt *st);

#endif
