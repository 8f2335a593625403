/* SPDX-License-Identifier: MIT */
/*
 * The in-memory schema every source loads into and every diff compares.
 * Structs are transparent; everything lives in the arena passed to
 * rt_schema_new and is never freed one by one. Names are stored raw
 * (unquoted); only render quotes them.
 *
 * Canonical forms, so that two sources compare equal when the database
 * would (see DESIGN.md "Canonical text"):
 *  - types are spelled as PostgreSQL's format_type() prints them
 *    ("integer", "character varying(20)", "timestamp with time zone",
 *    "integer[]"); user-defined types carry their schema separately;
 *  - expressions keep the source's text for rendering and a normalised key
 *    (rt_canon_expr) for comparison;
 *  - default constraint, index and sequence names are resolved at load time
 *    (rt_schema_default_name), never left empty.
 */
#ifndef RT_SCHEMA_SCHEMA_H
#define RT_SCHEMA_SCHEMA_H

#include "base/common.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/vec.h"

/* A schema-qualified name. schema is NULL for built-in (pg_catalog) objects
 * such as the type "integer" or the collation "C". */
typedef struct rt_qname {
	const char *schema;
	const char *name;
} rt_qname;

/* An SQL expression: text as the source spells it (rendered back as is) and
 * key, its normalised form (rt_canon_expr), which is what diff compares. */
typedef struct rt_expr {
	const char *text;
	const char *key;
} rt_expr;

/* A column or sequence type. Built-in: schema NULL, name as format_type()
 * prints it ("numeric(10,2)", "text[]"). User type (enum, domain, extension
 * type): schema set, name the raw type name, "[]" appended for arrays. */
typedef struct rt_type {
	const char *schema;
	const char *name;
} rt_type;

typedef enum rt_identity {
	RT_IDENTITY_NONE = 0,
	RT_IDENTITY_ALWAYS = 'a',
	RT_IDENTITY_BY_DEFAULT = 'd',
} rt_identity;

typedef struct rt_table rt_table;

typedef struct rt_column {
	const char *name;
	rt_type type;
	rt_qname collation; /* name NULL when the type's default */
	bool not_null;
	rt_expr *default_expr; /* NULL if none (also NULL when generated) */
	rt_expr *generated;    /* GENERATED ALWAYS AS (expr) STORED, or NULL */
	rt_identity identity;
	bool is_local; /* false when the column only comes from a parent */
	int inhcount;  /* number of parents it is inherited from */
	const char *comment;
	rt_table *table; /* back pointer, borrowed */
	int src_line;	 /* where it was defined, 0 if unknown */
} rt_column;

typedef enum rt_contype {
	RT_CON_PRIMARY = 'p',
	RT_CON_UNIQUE = 'u',
	RT_CON_FOREIGN = 'f',
	RT_CON_CHECK = 'c',
	RT_CON_EXCLUDE = 'x',
} rt_contype;

/* FK actions and match types use pg_constraint's letters:
 * confupdtype/confdeltype 'a' no action, 'r' restrict, 'c' cascade,
 * 'n' set null, 'd' set default; confmatchtype 's' simple, 'f' full. */
typedef struct rt_constraint {
	const char *name;
	rt_contype type;
	rt_vec columns; /* const char *: key columns (p, u, f) */
	rt_vec include; /* const char *: INCLUDE columns (p, u) */
	bool deferrable, initially_deferred;
	bool not_valid;		 /* NOT VALID (f, c) */
	bool nulls_not_distinct; /* UNIQUE NULLS NOT DISTINCT (u) */
	/* foreign keys */
	rt_qname ref_table;
	rt_vec ref_columns; /* const char * */
	char on_update, on_delete, match;
	/* check: the boolean expression; exclude: the whole definition from
	 * "EXCLUDE" on, as pg_get_constraintdef prints it */
	rt_expr *expr;
	bool no_inherit; /* CHECK ... NO INHERIT */
	bool is_local;	 /* false when only inherited from a parent */
	const char *comment;
	rt_table *table; /* back pointer, borrowed */
	int src_line;
} rt_constraint;

typedef enum rt_relkind {
	RT_REL_TABLE = 'r',
	RT_REL_PARTITIONED = 'p',
} rt_relkind;

struct rt_table {
	const char *schema, *name;
	rt_relkind kind;
	bool unlogged;
	rt_vec columns;	    /* rt_column *, in attnum order */
	rt_vec constraints; /* rt_constraint *, sorted by name */
	rt_vec inherits;    /* rt_qname *: INHERITS parents, in order */
	/* partitioned table: key as pg_get_partkeydef prints it,
	 * e.g. "RANGE (logdate)"; NULL otherwise */
	rt_expr *partition_key;
	/* partition: parent and bound ("FOR VALUES FROM (...) TO (...)",
	 * "DEFAULT"), both NULL otherwise */
	rt_qname partition_of;
	rt_expr *partition_bound;
	const char *comment;
	int src_line;
};

/* A stand-alone index, i.e. not the one behind a primary key, unique or
 * exclusion constraint (that one belongs to the constraint). Indexes that a
 * partitioned index creates on each partition are derived, not listed. */
typedef struct rt_index {
	const char *schema, *name; /* schema is the table's */
	rt_qname table;
	bool unique;
	/* the definition as pg_get_indexdef prints it:
	 * "CREATE UNIQUE INDEX name ON schema.table USING btree (a, lower(b))
	 *  INCLUDE (c) WHERE (d > 0)"; key is normalised without the name */
	rt_expr *def;
	const char *comment;
	int src_line;
} rt_index;

typedef struct rt_enum {
	const char *schema, *name;
	rt_vec labels; /* const char *, in sort order */
	const char *comment;
	int src_line;
} rt_enum;

/* A sequence that is its own object (not an identity column's). */
typedef struct rt_sequence {
	const char *schema, *name;
	const char *type; /* "smallint", "integer" or "bigint" */
	int64_t start, increment, min, max, cache;
	bool cycle;
	rt_qname owned_by_table; /* name NULL when not OWNED BY a column */
	const char *owned_by_column;
	const char *comment;
	int src_line;
} rt_sequence;

typedef struct rt_extension {
	const char *name;
	const char *schema;  /* where its objects live */
	const char *version; /* NULL when the source did not say (SQL
			      * without VERSION): matches any version */
	int src_line;
} rt_extension;

typedef struct rt_collation {
	const char *schema, *name;
	char provider;			   /* 'c' libc, 'i' icu, 'd' default */
	const char *lc_collate, *lc_ctype; /* libc; for icu both the locale */
	bool deterministic;
	const char *comment;
	int src_line;
} rt_collation;

typedef struct rt_namespace {
	const char *name;
	const char *comment;
	int src_line;
} rt_namespace;

/* Something the source holds that the model does not cover yet: kept so
 * that diff and inspect can name it instead of ignoring it. */
typedef struct rt_unmanaged {
	const char *what; /* "function public.f(integer)", "view public.v" */
	const char *file; /* source file, NULL for a database */
	int line, col;
} rt_unmanaged;

typedef struct rt_schema {
	rt_arena *arena;
	const char *source; /* what it was loaded from, redacted */
	rt_vec namespaces;  /* rt_namespace *, "public" included */
	rt_vec extensions;  /* rt_extension * */
	rt_vec collations;  /* rt_collation * */
	rt_vec enums;	    /* rt_enum * */
	rt_vec sequences;   /* rt_sequence * */
	rt_vec tables;	    /* rt_table * */
	rt_vec indexes;	    /* rt_index * */
	rt_vec unmanaged;   /* rt_unmanaged * */
} rt_schema;

/* A new empty schema in arena a (no namespaces, not even "public"). */
rt_schema *rt_schema_new(rt_arena *a);

/* Sorts every list by (schema, name) and each table's constraints by name,
 * so output never depends on load order. Columns keep attnum order. */
void rt_schema_sort(rt_schema *s);

/* Finders: NULL when absent. schema NULL means "public". */
rt_namespace *rt_schema_find_namespace(const rt_schema *s, const char *name);
rt_table *rt_schema_find_table(const rt_schema *s, const char *schema,
			       const char *name);
rt_column *rt_table_find_column(const rt_table *t, const char *name);
rt_constraint *rt_table_find_constraint(const rt_table *t, const char *name);
rt_index *rt_schema_find_index(const rt_schema *s, const char *schema,
			       const char *name);
rt_enum *rt_schema_find_enum(const rt_schema *s, const char *schema,
			     const char *name);
rt_sequence *rt_schema_find_sequence(const rt_schema *s, const char *schema,
				     const char *name);
rt_extension *rt_schema_find_extension(const rt_schema *s, const char *name);
rt_collation *rt_schema_find_collation(const rt_schema *s, const char *schema,
				       const char *name);
rt_constraint *rt_table_primary_key(const rt_table *t);

/* true when schema.name is taken by a table, index or sequence (the names
 * that share pg_class). */
bool rt_schema_relname_taken(const rt_schema *s, const char *schema,
			     const char *name);

/* Records an unmanaged object (what is copied into the arena). */
void rt_schema_add_unmanaged(rt_schema *s, const char *what, const char *file,
			     int line, int col);

/*
 * PostgreSQL's name for an object the user did not name, as
 * ChooseRelationName / ChooseConstraintName build it: "<table>_<cols>_<suffix>"
 * with each part cut so the whole fits in 63 bytes, and a number appended
 * when the name is taken in the namespace (relations for "pkey", "key",
 * "idx", "excl", "seq"; the table's constraints for "fkey", "check").
 * cols are joined with '_' (PostgreSQL's rule); ncols may be 0.
 * Returns a string in s's arena.
 */
const char *rt_schema_default_name(rt_schema *s, const char *schema,
				   const char *table, const char *const *cols,
				   size_t ncols, const char *suffix);

/*
 * Canonical spelling of a built-in type name as format_type() prints it:
 * "int" -> "integer", "varchar(20)" -> "character varying(20)",
 * "timestamptz" -> "timestamp with time zone", "int4[]" -> "integer[]",
 * "serial" -> "integer". Input is lower case with typmods as written
 * ("numeric(10, 2)" is accepted). Returns an arena string, or NULL when
 * name is not a built-in type (then it is a user type).
 */
const char *rt_schema_canonical_type(rt_arena *a, const char *name);

/* "bigserial" -> "bigint", "serial"/"serial4" -> "integer",
 * "smallserial"/"serial2" -> "smallint"; NULL when not a serial type. */
const char *rt_schema_serial_type(const char *name);

#endif
