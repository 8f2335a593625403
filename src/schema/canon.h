/* SPDX-License-Identifier: MIT */
/*
 * Normalised keys for SQL text, so that two spellings PostgreSQL treats as
 * the same compare equal: "price > 0" and "(price > (0)::numeric)",
 * "'A'" and "'A'::text", "public.t" and "t". Each function parses with
 * libpg_query (PostgreSQL's own parser), rewrites the tree (drops casts of
 * constants, the "public." qualification, redundant parentheses, default
 * index method and sort order) and deparses it. Keys are for comparison
 * only; render uses the source's text.
 *
 * All results are strings in arena a. A text that does not parse is
 * RT_EINPUT with the parser's message; the caller sets the place.
 */
#ifndef RT_SCHEMA_CANON_H
#define RT_SCHEMA_CANON_H

#include "base/common.h"
#include "base/arena.h"
#include "base/error.h"

/* Key of a scalar expression (a default, a CHECK body, a generated
 * column's expression). */
int rt_canon_expr(const char **out, rt_arena *a, const char *expr,
		  rt_error *err);

/* Key of a CREATE INDEX statement: index name and IF NOT EXISTS dropped,
 * CONCURRENTLY dropped, method defaulted to btree. */
int rt_canon_index(const char **out, rt_arena *a, const char *create_index,
		   rt_error *err);

/* Key of an exclusion constraint definition ("EXCLUDE USING gist (c WITH
 * &&)"). */
int rt_canon_exclude(const char **out, rt_arena *a, const char *def,
		     rt_error *err);

/* Key of a partition key ("RANGE (logdate)") or partition bound
 * ("FOR VALUES FROM ('2006-02-01') TO ('2006-03-01')", "DEFAULT"). */
int rt_canon_partkey(const char **out, rt_arena *a, const char *key,
		     rt_error *err);
int rt_canon_partbound(const char **out, rt_arena *a, const char *bound,
		       rt_error *err);

/* Key of a query (a view's body, "SELECT ..."): output names made
 * canonical (an implicit name written out, a column's own name left
 * implicit) on top of the expression rules. */
int rt_canon_query(const char **out, rt_arena *a, const char *query,
		   rt_error *err);

/* A looser key of a query: also without qualifiers, casts and output
 * names. Two queries whose keys differ but whose loose keys agree may be
 * spelled differently only; when the loose keys differ, so do they. */
int rt_canon_query_loose(const char **out, rt_arena *a, const char *query,
			 rt_error *err);

/* Appends to out (strings in a) the output column names of a query's
 * (first) SELECT; nothing when one of them is a "*". */
struct rt_vec;
int rt_canon_query_columns(struct rt_vec *out, rt_arena *a, const char *query,
			   rt_error *err);
/* Key of a CREATE RULE statement: the rule's name and OR REPLACE
 * dropped, and column references an action qualifies with the relation
 * it writes ("log.id", as pg_get_ruledef prints them) unqualified. An
 * INSERT's column list is the caller's (pg_get_ruledef always prints
 * it; the SQL loader fills it from the model). */
int rt_canon_rule(const char **out, rt_arena *a, const char *create_rule,
		  rt_error *err);
/* Key of an SQL-standard function body, given as a whole minimal
 * statement ("CREATE FUNCTION f() RETURN x + 1"). */
int rt_canon_function_body(const char **out, rt_arena *a, const char *stmt,
			   rt_error *err);

/* Key of a CREATE TRIGGER statement: the trigger's name and OR REPLACE
 * dropped, "public." dropped from the table and function (EXECUTE
 * PROCEDURE and EXECUTE FUNCTION, FOR EACH STATEMENT or not, read the
 * same), constants in WHEN as rt_canon_expr has them. */
int rt_canon_trigger(const char **out, rt_arena *a, const char *create_trigger,
		     rt_error *err);

/* What text is, for rt_canon_refs. */
typedef enum rt_canon_kind {
	RT_CANON_EXPR,	  /* a scalar expression */
	RT_CANON_INDEX,	  /* a CREATE INDEX statement */
	RT_CANON_EXCLUDE, /* an EXCLUDE constraint definition */
	RT_CANON_STMT,	  /* a whole statement (a view's query, a trigger) */
} rt_canon_kind;

/* Fills out (zeroed by the caller; strings in arena a) with the columns,
 * functions and nextval sequences text refers to (rt_refs in schema.h).
 * Text that does not parse: RT_EINPUT. */
struct rt_refs;
int rt_canon_refs(struct rt_refs *out, rt_arena *a, rt_canon_kind kind,
		  const char *text, rt_error *err);

/* rt_canon_expr, rt_canon_index or rt_canon_exclude (by kind, not
 * RT_CANON_STMT) of text into *out, and from the same parse the references
 * rt_canon_refs would find in text into refs (zeroed by the caller; strings
 * in arena a): one parse instead of two. Errors as the key's function. */
int rt_canon_key_refs(const char **out, struct rt_refs *refs, rt_arena *a,
		      rt_canon_kind kind, const char *text, rt_error *err);

/* Frees libpg_query's per-thread memory: call once at exit (later
 * calls do nothing; the parser must not be used afterwards). */
void rt_canon_shutdown(void);

#endif
