/* SPDX-License-Identifier: MIT */
/*
 * One operations table per object kind (kind_<kind>.c), registered in
 * kind.c. Generic code (the schema's index and lists, sorting, filters,
 * JSON) loops over kinds through these tables and never switches on the
 * kind; a new kind is one file and one line in kind.c.
 */
#ifndef RT_SCHEMA_KIND_H
#define RT_SCHEMA_KIND_H

#include "base/common.h"
#include "base/json.h"
#include "schema/schema.h"

/* Where an object's name is unique. */
typedef enum rt_kind_scope {
	RT_SCOPE_DATABASE, /* namespaces, extensions: by name alone */
	RT_SCOPE_SCHEMA,   /* by (schema, name) */
	RT_SCOPE_OWNER,	   /* by (owner, name): columns, constraints */
	RT_SCOPE_RELATION, /* by (schema, owner's name, name), listed in
			    * the schema: triggers, policies, rules */
} rt_kind_scope;

/* What compare says of an object found on both sides. */
typedef enum rt_same {
	RT_SAME,    /* nothing to do */
	RT_ALTER,   /* changed in place (kind-specific statements) */
	RT_REPLACE, /* dropped and created again, with what depends on it */
	RT_MAYBE,   /* the texts differ, but the two sources spell SQL
		     * differently (a database's deparsed text against a
		     * file's): perhaps only spelling; a note, never DDL */
} rt_same;

/* How SQL names an object of the kind (COMMENT ON, DROP, ...). */
typedef enum rt_sql_naming {
	RT_NAMING_PLAIN,     /* name: schemas, extensions */
	RT_NAMING_QUALIFIED, /* schema.name */
	RT_NAMING_MEMBER,    /* schema.table.name: columns */
	RT_NAMING_ON_TABLE,  /* name ON schema.table: constraints, triggers */
	RT_NAMING_SIGNATURE, /* schema.proname(argument types): functions */
} rt_sql_naming;

typedef struct rt_kind_ops {
	rt_kind kind;
	const char *name;   /* "table": for messages */
	const char *plural; /* "tables": the list's JSON key */
	rt_kind_scope scope;
	size_t size; /* sizeof the model struct */
	/* where its objects are listed: offsetof an rt_vec in rt_schema, or
	 * in rt_table for RT_SCOPE_OWNER */
	size_t list;
	/* the presort (pg_dump_sort.c's object-type priority): lower first
	 * on create, last on drop */
	int priority;
	/* order within the list (qsort-style, on two rt_object *); NULL
	 * keeps the order added (columns) */
	int (*cmp)(const void *a, const void *b);
	/* the object type's SQL words ("TABLE", "TYPE" for an enum) and how
	 * SQL names one of them */
	const char *sql_type;
	rt_sql_naming naming;
	/* writes o as one JSON object (retort's schema format: every field,
	 * absent values as null, keys in the model's field order) */
	void (*json)(rt_json *w, const rt_object *o);
	/* kinds diffed generically (diff.c's diff_objects): compares an
	 * object with its namesake (comments and grants aside); NULL for
	 * the kinds diff.c compares itself */
	rt_same (*compare)(const rt_object *from, const rt_object *to);
	/* made from relations (views, triggers, policies, rules): created
	 * after tables, dropped before them; otherwise created before
	 * tables (types, functions) and dropped after */
	bool on_relations;
} rt_kind_ops;

/* The operations of kind k (never NULL for k < RT_KIND_UNMANAGED). */
const rt_kind_ops *rt_kind_get(rt_kind k);

/* The list kind k's objects live in, in s or (owned kinds) in owner. */
rt_vec *rt_kind_list(const rt_kind_ops *ops, rt_schema *s, rt_object *owner);

/* (schema, name) order, shared by most kinds' cmp. */
int rt_kind_cmp_qualified(const void *a, const void *b);
/* name order (namespaces, extensions, constraints). */
int rt_kind_cmp_name(const void *a, const void *b);
/* (schema, owner's name, name) order: triggers, policies, rules. */
int rt_kind_cmp_on(const void *a, const void *b);

/* JSON helpers for the kinds' json operations: a qualified name as
 * {"schema", "name"} (null when q->name is NULL), an expression's text,
 * a list of strings. */
void rt_kind_json_qname(rt_json *w, const char *key, const rt_qname *q);
void rt_kind_json_expr(rt_json *w, const char *key, const rt_expr *e);
void rt_kind_json_strvec(rt_json *w, const char *key, const rt_vec *v);

/* The registered kinds, one extern per kind_<kind>.c. */
extern const rt_kind_ops rt_kind_namespace, rt_kind_extension,
    rt_kind_collation, rt_kind_enum, rt_kind_sequence, rt_kind_table,
    rt_kind_column, rt_kind_constraint, rt_kind_index, rt_kind_function,
    rt_kind_domain, rt_kind_composite, rt_kind_range, rt_kind_view,
    rt_kind_trigger, rt_kind_policy, rt_kind_rule;

/* Helpers for compare operations. */
bool rt_kind_expr_eq(const rt_expr *x, const rt_expr *y);
bool rt_kind_qname_eq(rt_qname x, rt_qname y);
bool rt_kind_type_eq(rt_type x, rt_type y);
bool rt_kind_strvec_eq(const rt_vec *x, const rt_vec *y);
/* A list of grants as JSON ("grants": [{grantee, privilege,
 * grantable}]). */
void rt_kind_json_grants(rt_json *w, const rt_vec *grants);
void rt_kind_json_type(rt_json *w, const char *key, rt_type t);

#endif
