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
#include "base/buf.h"
#include "base/error.h"
#include "base/map.h"
#include "base/vec.h"
#include "base/sql.h"

/* A schema-qualified name: schema is always set when name is ("pg_catalog"
 * for built-ins such as the collation "C"); both NULL for "none". */
typedef struct rt_qname {
	const char *schema;
	const char *name;
} rt_qname;

/* What an expression refers to, read from its parse tree (never by
 * searching its text): column names (the last part of each column
 * reference, index key columns), function names as written ("lower",
 * "public.f"), and the sequences named by nextval('...') as written. */
typedef struct rt_refs {
	rt_vec columns;	  /* const char * */
	rt_vec functions; /* const char * */
	rt_vec sequences; /* const char *: the regclass text */
	rt_vec relations; /* const char *: "name" or "schema.name" as
			   * written (FROM items, CTE names included) */
	bool star;	  /* a "*" or "t.*" */
} rt_refs;

/* An SQL expression: text as the source spells it (rendered back as is) and
 * key, its normalised form (rt_canon_expr), which is what diff compares;
 * refs is filled by rt_schema_finish. */
typedef struct rt_expr {
	const char *text;
	const char *key;
	rt_refs *refs;
} rt_expr;

/* true when refs (may be NULL) names column col. */
bool rt_refs_column(const rt_refs *refs, const char *col);

/* A column or sequence type. Built-in: schema "pg_catalog" (RT_CATALOG),
 * name as format_type() prints it ("numeric(10,2)", "text[]"). User type
 * (enum, domain, extension type): its schema, name the raw type name, "[]"
 * appended for arrays. (Loaders may leave a built-in's schema NULL until
 * rt_schema_finish.) */
typedef struct rt_type {
	const char *schema;
	const char *name;
} rt_type;

/*
 * The kinds of object the model holds. Each has one operations table
 * (schema/kind.h, kind_<kind>.c) registered in kind.c; generic code loops
 * over kinds and never switches on them.
 */
typedef enum rt_kind {
	RT_KIND_NAMESPACE,
	RT_KIND_EXTENSION,
	RT_KIND_COLLATION,
	RT_KIND_ENUM,
	RT_KIND_SEQUENCE,
	RT_KIND_TABLE,
	RT_KIND_COLUMN,
	RT_KIND_CONSTRAINT,
	RT_KIND_INDEX,
	RT_KIND_FUNCTION,
	RT_KIND_DOMAIN,
	RT_KIND_COMPOSITE,
	RT_KIND_RANGE,
	RT_KIND_VIEW,
	RT_KIND_TRIGGER,
	RT_KIND_POLICY,
	RT_KIND_RULE,
	RT_KIND_UNMANAGED, /* something the model does not cover yet */
	RT_KIND__COUNT
} rt_kind;

typedef struct rt_object rt_object;

/*
 * The header every model object starts with (RT_OBJECT_HEAD): the fields
 * are reachable both directly (t->name) and as one rt_object (&t->obj),
 * which is what generic code (finders, ordering, JSON, filters) takes.
 * Identity is (kind, schema, name) for objects in a namespace, (kind,
 * owner, name) for a column or constraint, (kind, schema, owner's name,
 * name) for a trigger, policy or rule, (kind, name) for namespaces and
 * extensions.
 */
#define RT_OBJECT_FIELDS                                                       \
	rt_kind kind;                                                          \
	uint32_t id;	    /* 1, 2, ... in the order added; 0: not added */   \
	const char *schema; /* always set; "pg_catalog" for built-ins; a       \
			     * namespace's own name; an extension's schema */  \
	const char *name;                                                      \
	rt_object *owner;     /* the table of a column or constraint */        \
	const char *comment;  /* COMMENT ON, NULL when none */                 \
	const char *src_file; /* where it was read, NULL: a database */        \
	int src_line;	      /* 1-based, 0 when unknown */                    \
	rt_vec deps;	      /* rt_object *: what it depends on */            \
	rt_vec grants; /* rt_grant *: privileges of roles other than the       \
			* owner (the kind's defaults included), sorted */      \
	const char *index_key; /* its key in the schema's index */             \
	size_t index_key_len

struct rt_object {
	RT_OBJECT_FIELDS;
};

#define RT_OBJECT_HEAD                                                         \
	union {                                                                \
		rt_object obj;                                                 \
		struct {                                                       \
			RT_OBJECT_FIELDS;                                      \
		};                                                             \
	}

/* One privilege granted to a role (or "PUBLIC") on an object. The
 * owner's own privileges are never listed. */
typedef struct rt_grant {
	const char *grantee;   /* role name as written, "PUBLIC" */
	const char *privilege; /* "SELECT", "INSERT", "EXECUTE", "USAGE", ... */
	bool grantable;	       /* WITH GRANT OPTION */
} rt_grant;

/* Orders grants (rt_grant *) by grantee, privilege (qsort-style). */
int rt_grant_cmp(const void *a, const void *b);

typedef enum rt_identity {
	RT_IDENTITY_NONE = 0,
	RT_IDENTITY_ALWAYS = 'a',
	RT_IDENTITY_BY_DEFAULT = 'd',
} rt_identity;

typedef struct rt_table rt_table;

typedef struct rt_column {
	RT_OBJECT_HEAD; /* owner: its table */
	rt_type type;
	rt_qname collation; /* name NULL when the type's default */
	bool not_null;
	rt_expr *default_expr; /* NULL if none (also NULL when generated) */
	rt_expr *generated;    /* GENERATED ALWAYS AS (expr) STORED, or NULL */
	rt_identity identity;
	/* identity: its sequence (schema.name and options as rt_sequence's,
	 * type the column's; not in the schema's sequences); NULL when not
	 * an identity, or when the source did not say (then not compared) */
	struct rt_sequence *id_seq;
	bool is_local;	 /* false when the column only comes from a parent */
	int inhcount;	 /* number of parents it is inherited from */
	rt_table *table; /* == owner, typed */
	/* SET STORAGE: 'p' plain, 'e' external, 'm' main, 'x' extended;
	 * 0 when the type's own (rt_schema_type_storage) */
	char storage;
	bool has_statistics; /* SET STATISTICS given: statistics is it */
	int statistics;
	const char *compression; /* COMPRESSION pglz / lz4, NULL: default */
	/* a SQL source's "-- retort: renamed from NAME" on the line before
	 * the column's definition: its name on the other side of a diff
	 * (diff.h, rt_diff_renames); NULL when none */
	const char *renamed_from;
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
	RT_OBJECT_HEAD; /* owner: its table */
	rt_contype type;
	rt_vec columns; /* const char *: key columns (p, u, f) */
	rt_vec include; /* const char *: INCLUDE columns (p, u) */
	bool deferrable, initially_deferred;
	bool not_valid;		 /* NOT VALID (f, c) */
	bool nulls_not_distinct; /* UNIQUE NULLS NOT DISTINCT (u) */
	/* const char *: WITH (...) of the index behind a key (p, u), as
	 * pg_class.reloptions stores it ("fillfactor=70"), sorted */
	rt_vec index_options;
	/* foreign keys */
	rt_qname ref_table;
	rt_vec ref_columns; /* const char * */
	char on_update, on_delete, match;
	/* const char *: ON DELETE SET NULL / SET DEFAULT (cols), in the
	 * order written; empty: all of columns (PostgreSQL 15's
	 * confdelsetcols) */
	rt_vec on_delete_columns;
	/* check: the boolean expression; exclude: the whole definition from
	 * "EXCLUDE" on, as pg_get_constraintdef prints it */
	rt_expr *expr;
	bool no_inherit; /* CHECK ... NO INHERIT */
	bool is_local;	 /* false when only inherited from a parent */
	rt_table *table; /* == owner, typed */
} rt_constraint;

typedef enum rt_relkind {
	RT_REL_TABLE = 'r',
	RT_REL_PARTITIONED = 'p',
} rt_relkind;

struct rt_table {
	RT_OBJECT_HEAD;
	rt_relkind relkind;
	bool unlogged;
	rt_vec columns;	    /* rt_column *, in attnum order */
	size_t column_hint; /* rt_table_find_column's last find: lookups
			     * mostly come in column order */
	rt_vec constraints; /* rt_constraint *, sorted by name */
	rt_vec inherits;    /* rt_qname *: INHERITS parents, in order */
	/* partitioned table: key as pg_get_partkeydef prints it,
	 * e.g. "RANGE (logdate)"; NULL otherwise */
	rt_expr *partition_key;
	/* partition: parent and bound ("FOR VALUES FROM (...) TO (...)",
	 * "DEFAULT"), both NULL otherwise */
	rt_qname partition_of;
	rt_expr *partition_bound;
	/* set by the SQL loader when a table gets a child (INHERITS,
	 * PARTITION OF, ATTACH) and never cleared: false means it has none,
	 * so looking for its children costs nothing */
	bool maybe_parent;
	bool rls, force_rls; /* ENABLE / FORCE ROW LEVEL SECURITY */
	/* const char *: WITH (...) storage parameters as reloptions stores
	 * them ("fillfactor=70"), in its order (compared as a set) */
	rt_vec options;
	/* REPLICA IDENTITY: 0 default, 'n' nothing, 'f' full, 'i' using
	 * index replica_index */
	char replica_identity;
	const char *replica_index;
	const char *cluster_index; /* CLUSTER ON, NULL when none */
	/* "-- retort: renamed from NAME" on the line before CREATE TABLE in
	 * a SQL source (NAME in the table's schema); NULL when none */
	const char *renamed_from;
};

/* A stand-alone index, i.e. not the one behind a primary key, unique or
 * exclusion constraint (that one belongs to the constraint). Indexes that a
 * partitioned index creates on each partition are derived, not listed. */
typedef struct rt_index {
	RT_OBJECT_HEAD; /* schema is the table's */
	rt_qname table;
	bool unique;
	/* the definition as pg_get_indexdef prints it:
	 * "CREATE UNIQUE INDEX name ON schema.table USING btree (a, lower(b))
	 *  INCLUDE (c) WHERE (d > 0)"; key is normalised without the name */
	rt_expr *def;
} rt_index;

typedef struct rt_enum {
	RT_OBJECT_HEAD;
	rt_vec labels; /* const char *, in sort order */
} rt_enum;

/* A sequence that is its own object (not an identity column's). */
typedef struct rt_sequence {
	RT_OBJECT_HEAD;
	const char *type; /* "smallint", "integer" or "bigint" */
	int64_t start, increment, min, max, cache;
	bool cycle;
	rt_qname owned_by_table; /* name NULL when not OWNED BY a column */
	const char *owned_by_column;
} rt_sequence;

typedef struct rt_extension {
	RT_OBJECT_HEAD;	     /* schema: where its objects live */
	const char *version; /* NULL when the source did not say (SQL
			      * without VERSION): matches any version */
} rt_extension;

typedef struct rt_collation {
	RT_OBJECT_HEAD;
	char provider;			   /* 'c' libc, 'i' icu, 'd' default */
	const char *lc_collate, *lc_ctype; /* libc; for icu both the locale */
	bool deterministic;
} rt_collation;

typedef struct rt_namespace {
	RT_OBJECT_HEAD; /* schema == name */
} rt_namespace;

/* One argument of a function or procedure. */
typedef struct rt_funcarg {
	char mode;	  /* 'i' IN, 'o' OUT, 'b' INOUT, 'v' VARIADIC,
			   * 't' a column of RETURNS TABLE */
	const char *name; /* NULL when unnamed */
	rt_type type;
	rt_expr *default_expr; /* DEFAULT, or NULL */
} rt_funcarg;

/* A function or procedure. Its name carries the argument types that make
 * its identity, as PostgreSQL prints them: "f(integer, text)"; proname is
 * the bare name. */
typedef struct rt_function {
	RT_OBJECT_HEAD;
	const char *proname;
	char prokind;	      /* 'f' function, 'p' procedure, 'w' window */
	rt_vec args;	      /* rt_funcarg *, in order */
	rt_type rettype;      /* name NULL for a procedure; "record" with 't'
			       * arguments for RETURNS TABLE */
	bool retset;	      /* RETURNS SETOF / TABLE */
	const char *language; /* "plpgsql", "sql", ... */
	/* the body between the dollar quotes (prosrc), byte for byte; NULL
	 * for an SQL-standard body, which is sql_body instead (BEGIN ATOMIC
	 * ... END, or RETURN expr: its text and canonical key) */
	const char *body;
	rt_expr *sql_body;
	/* sql_body's key without qualifiers, casts and output names
	 * (rt_canon_query_loose): keys that differ where these agree may
	 * be spelling only */
	const char *sql_body_loose;
	char volatility; /* 'i' immutable, 's' stable, 'v' volatile */
	char parallel;	 /* 's' safe, 'r' restricted, 'u' unsafe */
	bool strict, security_definer, leakproof;
	double cost, rows; /* 0: the default for the language / kind */
	rt_vec config;	   /* const char *: SET name = value ("name=value"),
			    * in the order given */
} rt_function;

/* A CHECK constraint of a domain. */
typedef struct rt_domain_check {
	const char *name;
	rt_expr *expr;
	bool not_valid;
} rt_domain_check;

typedef struct rt_domain {
	RT_OBJECT_HEAD;
	rt_type type;
	rt_qname collation; /* name NULL when the type's default */
	rt_expr *default_expr;
	bool not_null;
	rt_vec checks; /* rt_domain_check *, by name */
} rt_domain;

/* An attribute of a composite type. */
typedef struct rt_attribute {
	const char *name;
	rt_type type;
	rt_qname collation;
} rt_attribute;

typedef struct rt_composite {
	RT_OBJECT_HEAD;
	rt_vec attributes; /* rt_attribute *, in order */
} rt_composite;

typedef struct rt_range {
	RT_OBJECT_HEAD;
	rt_type subtype;
	rt_qname opclass;	/* SUBTYPE_OPCLASS, NULL: the default */
	rt_qname collation;	/* COLLATION, NULL: the default */
	rt_qname canonical;	/* CANONICAL function, NULL when none */
	rt_qname subtype_diff;	/* SUBTYPE_DIFF function, NULL when none */
	const char *multirange; /* MULTIRANGE_TYPE_NAME (schema the range's);
				 * NULL: PostgreSQL's default name */
} rt_range;

/* A view or materialized view. */
typedef struct rt_view {
	RT_OBJECT_HEAD;
	bool materialized;
	/* the query after AS, as the source spells it (with a view column
	 * list, written into the query's output names); key: canonical */
	rt_expr *query;
	rt_vec options; /* const char *: WITH (...) and CHECK OPTION as
			 * "check_option=local", "security_barrier=true";
			 * sorted */
	/* rt_canon_query_loose of the query: when two views' keys differ
	 * and these do too, the difference is not spelling */
	const char *loose;
	/* const char *: its output columns' names, when the query shows
	 * them all (empty when a "*" could not be expanded) */
	rt_vec columns;
	/* true when the source is a database (pg_get_viewdef spelling) */
	bool exact;
} rt_view;

/* A trigger (not one behind a foreign key). owner: its table or view. */
typedef struct rt_trigger {
	RT_OBJECT_HEAD;
	rt_qname table;
	/* the CREATE TRIGGER statement as pg_get_triggerdef prints it; key:
	 * canonical, without the trigger's name */
	rt_expr *def;
	char enabled; /* 'O' origin (the default), 'D' disabled, 'R' replica,
		       * 'A' always */
} rt_trigger;

/* A row-level security policy. owner: its table. */
typedef struct rt_policy {
	RT_OBJECT_HEAD;
	rt_qname table;
	bool permissive;
	char cmd;     /* '*' ALL, 'r' SELECT, 'a' INSERT, 'w' UPDATE,
		       * 'd' DELETE */
	rt_vec roles; /* const char *, sorted; "PUBLIC" when none given */
	rt_expr *using_expr, *check_expr; /* NULL when absent */
} rt_policy;

/* A rule (not a view's _RETURN). owner: its table or view. */
typedef struct rt_rule {
	RT_OBJECT_HEAD;
	rt_qname table;
	/* the CREATE RULE statement as pg_get_ruledef prints it; key:
	 * canonical */
	rt_expr *def;
	char enabled; /* as rt_trigger's */
} rt_rule;

/* Something the source holds that the model does not cover yet: kept so
 * that diff and inspect can name it instead of ignoring it. */
typedef struct rt_unmanaged {
	const char *what; /* "function public.f(integer)", "view public.v" */
	const char *file; /* source file, NULL for a database */
	int line, col;
	/* a statement on data (INSERT, UPDATE, DELETE, COPY) or on roles
	 * (cluster-wide), not a schema object: named by inspect, never
	 * compared by diff */
	bool data;
	/* the statement that creates it, when the source keeps one (a
	 * SQLite view or trigger: what a table rebuild runs again); NULL
	 * otherwise. Not compared. */
	const char *sql;
} rt_unmanaged;

typedef struct rt_schema {
	rt_arena *arena;
	/* The database the schema is for. RT_DIALECT_PG (0, the default) or
	 * RT_DIALECT_SQLITE. A SQLite schema has one namespace, "main" (its
	 * tables and indexes are in it), and its column types are
	 * {RT_CATALOG, the declared type as rt_sqlite_type_norm gives it}:
	 * "INTEGER", "VARCHAR(255)", "NUMERIC(10,2)", "" for none. Diff only
	 * compares schemas of one dialect. */
	rt_dialect dialect;
	rt_map index; /* index_key -> rt_object *: every object not
		       * owned by a table (see rt_schema_add) */
	uint32_t next_id;
	rt_map conname, conrel; /* counted constraint names (schema.c) */
	rt_map relnames;	/* schema NUL name of every relation or key ever
				 * added: what rt_schema_relname_taken can skip */
	rt_map typenames;   /* name of every enum, domain, composite or range
			     * type ever added, in any schema: what
			     * rt_schema_type_name_used answers from */
	const char *source; /* what it was loaded from, redacted */
	rt_vec namespaces;  /* rt_namespace *, "public" included */
	rt_vec extensions;  /* rt_extension * */
	rt_vec collations;  /* rt_collation * */
	rt_vec enums;	    /* rt_enum * */
	rt_vec sequences;   /* rt_sequence * */
	rt_vec tables;	    /* rt_table * */
	rt_vec indexes;	    /* rt_index * */
	rt_vec functions;   /* rt_function * */
	rt_vec domains;	    /* rt_domain * */
	rt_vec composites;  /* rt_composite * */
	rt_vec ranges;	    /* rt_range * */
	rt_vec views;	    /* rt_view * */
	rt_vec triggers;    /* rt_trigger * */
	rt_vec policies;    /* rt_policy * */
	rt_vec rules;	    /* rt_rule * */
	rt_vec unmanaged;   /* rt_unmanaged * */
} rt_schema;

/* A new empty schema in arena a (no namespaces, not even "public"). */
rt_schema *rt_schema_new(rt_arena *a);

/* The namespace of built-in objects. */
#define RT_CATALOG "pg_catalog"

/* The namespace every new database has. */
#define RT_PUBLIC "public"

/* true when schema is pg_catalog. */
bool rt_is_catalog(const char *schema);

/*
 * What every loader calls last, before handing s over: a built-in type or
 * collation read without a schema gets RT_CATALOG, so that no schema in
 * the model is NULL where a name is set (asserted for references to
 * tables); every object's deps are filled from the model's references
 * (graph.c); then rt_schema_sort.
 */
void rt_schema_finish(rt_schema *s);

/* Adds the edge from -> to to the graph (once; none to itself): for a
 * loader that knows a dependency the model's references do not show
 * (pg_depend), after rt_schema_finish. */
void rt_schema_add_dep(rt_schema *s, rt_object *from, rt_object *to);

/* Sorts every list by (schema, name) and each table's constraints by name,
 * so output never depends on load order. Columns keep attnum order. */
void rt_schema_sort(rt_schema *s);

/*
 * Adds o, allocated by the caller in s's arena with its schema, name and
 * (owned kinds) owner set, as an object of kind k: gives it an id,
 * indexes it and appends it to its list (s's, or its owner's). An owned
 * object takes its owner's schema; a namespace is its own schema.
 */
void rt_schema_add(rt_schema *s, rt_kind k, rt_object *o);

/* What a new object of kind k grants to others without being asked
 * (EXECUTE on functions and procedures, USAGE on types, to PUBLIC), or
 * NULL. rt_schema_add gives it to every object added without grants. */
const rt_grant *rt_schema_default_grant(rt_kind k);

/* Gives ns the privileges PostgreSQL 15 grants others on the public
 * schema of a new database (USAGE to PUBLIC). */
void rt_schema_public_defaults(rt_schema *s, rt_namespace *ns);

/* A new zeroed object of kind k named schema.name (both copied), added
 * as rt_schema_add does. owner: the table of a column or constraint. */
void *rt_schema_new_object(rt_schema *s, rt_kind k, const char *schema,
			   const char *name, rt_object *owner);

/* Clears the fields of a copied header (*n = *c) that belong to the
 * original (id, index key, dependencies) and sets its owner, so that the
 * copy can be added. */
void rt_object_reset(rt_object *o, rt_object *owner);

/* Takes o out of its list and the index (it stays in the arena). */
void rt_schema_remove(rt_schema *s, rt_object *o);

/* Removes the triggers, policies and rules on relation rel. */
void rt_schema_remove_on(rt_schema *s, rt_object *rel);

/* Renames o (name and, when not NULL, schema: borrowed, in s's arena)
 * and keeps the index straight; a table's columns and constraints follow
 * it to its new schema. */
void rt_schema_rename(rt_schema *s, rt_object *o, const char *schema,
		      const char *name);

/* The object of kind k named schema.name (schema ignored for namespaces
 * and extensions, which may pass NULL), or NULL. O(1). Owned kinds are
 * found through their table (rt_table_find_column). */
rt_object *rt_schema_find(const rt_schema *s, rt_kind k, const char *schema,
			  const char *name);

/* The trigger, policy or rule (kind k) named name on relation
 * schema.rel, or NULL. O(1). */
rt_object *rt_schema_find_on(const rt_schema *s, rt_kind k, const char *schema,
			     const char *rel, const char *name);

/* The view or materialized view schema.name, or NULL. */
rt_view *rt_schema_find_view(const rt_schema *s, const char *schema,
			     const char *name);

/* The table or view schema.name (what a trigger, rule or index may be
 * on), or NULL. */
rt_object *rt_schema_find_relation(const rt_schema *s, const char *schema,
				   const char *name);

/* Typed finders: NULL when absent. schema must be set. */
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

/* false when no enum, domain, composite or range type of s, in any
 * schema, has ever been named name (true may be a type since dropped or
 * renamed): a loader resolving a column's type asks this before looking
 * for each kind in each schema of its path, each a cache miss in a large
 * schema's index. */
bool rt_schema_type_name_used(const rt_schema *s, const char *name);

/* Which schemas a command looks at: include empty means all. */
typedef struct rt_schema_filter {
	rt_vec include; /* const char *: --schema, repeatable */
	rt_vec exclude; /* const char *: --exclude-schema, repeatable */
} rt_schema_filter;

/* true when objects in schema name pass the filter. */
bool rt_schema_filter_accepts(const rt_schema_filter *f, const char *name);

/* Removes from s (its lists and its index) every object whose schema the
 * filter rejects, and the unmanaged objects naming such a schema. A
 * table's columns and constraints go with it. */
void rt_schema_filter_apply(rt_schema *s, const rt_schema_filter *f);

/* Appends s as indented JSON to out, ending with a newline: "source",
 * then one list per kind in registry order (each kind's json operation),
 * then "unmanaged". Same schema, same bytes. */
void rt_schema_json(rt_buf *out, const rt_schema *s);
/* The same text written to f as it is made, never all in memory (10 MB
 * for 1,000 tables: its pages were zeroed and faulted in, then copied
 * out); write errors are f's (ferror). */
void rt_schema_json_file(FILE *f, const rt_schema *s);

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

/*
 * true when a column of type from can be converted to type to by ALTER
 * COLUMN TYPE ... USING col::to: the types are the same, in one family of
 * built-in casts (numbers, date/times, json/jsonb, ...), or either is a
 * string type (I/O conversion) or a user type (converted through text).
 * false for, say, integer -> uuid or date -> integer: such a column can
 * only be dropped and added again.
 */
bool rt_schema_type_castable(rt_type from, rt_type to);

/* The storage a built-in type's columns get ('p', 'm' or 'x', as
 * pg_type.typstorage), 0 when not known (user types). */
char rt_schema_type_storage(rt_type t);

/* "bigserial" -> "bigint", "serial"/"serial4" -> "integer",
 * "smallserial"/"serial2" -> "smallint"; NULL when not a serial type. */
const char *rt_schema_serial_type(const char *name);

/*
 * Gives identity column c (its type and table set) a sequence with
 * PostgreSQL's defaults: ascending from 1, cache 1, no cycle, max the
 * type's, named <table>_<column>_seq (rt_schema_default_name, suffix
 * "seq") in the table's schema. In s's arena; returns it.
 */
struct rt_sequence *rt_schema_identity_seq(rt_schema *s, rt_column *c);

/* old's options as ALTER COLUMN TYPE type leaves them (ALTER SEQUENCE
 * AS): bounds that were old's type's become type's. Returns *out. */
const struct rt_sequence *
rt_schema_identity_retyped(struct rt_sequence *out,
			   const struct rt_sequence *old, const char *type);

/* Puts into out the name PostgreSQL gives c's identity sequence when it
 * is free: <table>_<column>_seq cut to 63 bytes. */
void rt_schema_identity_seq_name(rt_buf *out, const rt_column *c);

#endif
