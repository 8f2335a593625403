/* SPDX-License-Identifier: MIT */
/*
 * libpg_query's parser and deparser without its protobuf wire format
 * (canon_parse.c): the parse comes in the protobuf-c structs that
 * libpg_query builds from PostgreSQL's own Node trees, and the deparser
 * reads protobuf-c structs that were never packed.
 */
#ifndef RT_SCHEMA_CANON_PARSE_H
#define RT_SCHEMA_CANON_PARSE_H

#include "base/common.h"
#include "base/arena.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

/* The field a Node holds (the member numbered node_case), or NULL. A
 * Node's fields are numbered 1, 2, ... in order, so the field is read by
 * its place (protobuf_c_message_descriptor_get_field searches the ranges
 * of numbers, a tenth of a tree walk's instructions), checked against its
 * number. */
static inline const ProtobufCFieldDescriptor *
rt_canon_node_field(const PgQuery__Node *n)
{
	const ProtobufCMessageDescriptor *d = &pg_query__node__descriptor;
	unsigned c = (unsigned)n->node_case;
	if (c >= 1 && c <= d->n_fields && d->fields[c - 1].id == c)
		return &d->fields[c - 1];
	return protobuf_c_message_descriptor_get_field(d, c);
}

typedef enum rt_parse_rc {
	RT_PARSE_OK,	   /* *tree set */
	RT_PARSE_ERROR,	   /* a syntax error: *msg, *cursorpos */
	RT_PARSE_TOO_DEEP, /* messages nest deeper than the limit */
	RT_PARSE_NOT_HERE  /* no direct way here: use libpg_query's output */
} rt_parse_rc;

/* libpg_query memory that holds a parse tree (rt_canon_parse). */
typedef struct rt_parse_hold {
	void *ctx;
} rt_parse_hold;

/*
 * Parses sql into protobuf-c structs, the tree
 * pg_query__parse_result__unpack gives for pg_query_parse_protobuf's
 * output of the same text, without that output: in arena a, or when hold
 * is not NULL in libpg_query's memory (no copy), which *hold then keeps
 * until rt_canon_parse_release on the same thread. limit bounds how deep
 * messages nest below the result (as the loader's tree_depth counts).
 * On RT_PARSE_ERROR, *msg (in a) is the parser's message and *cursorpos
 * its 1-based character position (0: none). Thread-safe.
 */
rt_parse_rc rt_canon_parse(rt_arena *a, const char *sql, size_t limit,
			   PgQuery__ParseResult **tree, const char **msg,
			   int *cursorpos, rt_parse_hold *hold);

/* Frees what *hold keeps (nothing when rt_canon_parse did not fill it). */
void rt_canon_parse_release(rt_parse_hold *hold);

/* Whether sql parses (a raw parse, no tree kept). Thread-safe. */
bool rt_canon_parses(const char *sql);

/*
 * pg_query_deparse_protobuf of tree, which the deparser reads as it is
 * instead of from packed bytes (when that cannot be arranged, from the
 * bytes canon_pack.c writes). The caller frees the result with
 * pg_query_free_deparse_result.
 */
PgQueryDeparseResult rt_canon_deparse(const PgQuery__ParseResult *tree);

/* The fields of messages of type d but their source locations
 * (location, stmt_location, stmt_len: int32), in descriptor order; NULL
 * for a type not of pg_query.proto. Thread-safe. */
const ProtobufCFieldDescriptor *const *
rt_canon_kept_fields(const ProtobufCMessageDescriptor *d, unsigned *n);

/* Whether the hand-overs above work in this process: false once one was
 * found not to (libpg_query does not call through the interposed
 * symbols), and every call since took libpg_query's own way. */
bool rt_canon_direct(void);

#endif
