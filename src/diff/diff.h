/* SPDX-License-Identifier: MIT */
/*
 * Diff: two schemas give an ordered list of typed changes (rt_change), each
 * with the objects before and after; plan.h says how each is carried out
 * and what it costs. Every change has an inverse, so the
 * down migration is computed (rt_diff_invert), never hand-written.
 * Order: a stable presort by (kind priority, schema, name), then dependency
 * order (diff_order.c): drops first in reverse dependency order, then
 * creates and alters.
 */
#ifndef RT_DIFF_DIFF_H
#define RT_DIFF_DIFF_H

#include "base/common.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/vec.h"
#include "schema/schema.h"

typedef enum rt_change_kind {
	RT_CH_CREATE_SCHEMA,
	RT_CH_DROP_SCHEMA,
	RT_CH_CREATE_EXTENSION,
	RT_CH_DROP_EXTENSION,
	RT_CH_ALTER_EXTENSION_VERSION, /* newer version: ALTER ... UPDATE TO */
	RT_CH_CREATE_COLLATION,
	RT_CH_DROP_COLLATION,
	RT_CH_REPLACE_COLLATION, /* redefined while columns use it: rename
				  * the old, create, re-collate the columns
				  * (uses), drop the old */
	RT_CH_CREATE_ENUM,
	RT_CH_DROP_ENUM,
	RT_CH_ADD_ENUM_VALUE, /* label, neighbour: see rt_change */
	RT_CH_REPLACE_ENUM,   /* labels lost or reordered: rename the old
			       * type, create the new one, retype the
			       * columns (uses), drop the old */
	RT_CH_CREATE_SEQUENCE,
	RT_CH_DROP_SEQUENCE,
	RT_CH_ALTER_SEQUENCE,	    /* type and options (not OWNED BY) */
	RT_CH_ALTER_SEQUENCE_OWNER, /* OWNED BY t.c / OWNED BY NONE */
	RT_CH_CREATE_TABLE,	    /* includes PARTITION OF / INHERITS */
	RT_CH_DROP_TABLE,
	RT_CH_ADD_COLUMN,
	RT_CH_DROP_COLUMN,
	RT_CH_ALTER_COLUMN_TYPE, /* type and/or collation */
	RT_CH_SET_DEFAULT,
	RT_CH_DROP_DEFAULT,
	RT_CH_SET_NOT_NULL,
	RT_CH_DROP_NOT_NULL,
	RT_CH_ADD_IDENTITY,
	RT_CH_DROP_IDENTITY,
	RT_CH_ALTER_IDENTITY, /* SET GENERATED ALWAYS / BY DEFAULT and the
			       * sequence's options (SET INCREMENT BY ...) */
	RT_CH_RENAME_IDENTITY_SEQUENCE, /* the identity's sequence renamed */
	RT_CH_DROP_EXPRESSION,		/* generated column becomes plain */
	RT_CH_ADD_CONSTRAINT,
	RT_CH_DROP_CONSTRAINT,
	RT_CH_CREATE_INDEX,
	RT_CH_DROP_INDEX,
	RT_CH_ATTACH_PARTITION,
	RT_CH_DETACH_PARTITION,
	RT_CH_ADD_INHERIT,
	RT_CH_DROP_INHERIT,
	RT_CH_SET_PERSISTENCE, /* SET LOGGED / SET UNLOGGED (after's) */
	RT_CH_SET_COMMENT,     /* on any object; after's comment, IS NULL when
				* after is NULL (object about to be dropped) */
	/* the kinds diffed generically (rt_kind_ops.compare: functions,
	 * types, views, triggers, policies, rules): created, dropped, or
	 * altered in place by the kind's own statements */
	RT_CH_CREATE_OBJECT,
	RT_CH_DROP_OBJECT,
	RT_CH_ALTER_OBJECT,
	RT_CH_MAYBE_CHANGED, /* compare said RT_MAYBE: a note, never DDL */
	RT_CH_GRANT,	     /* grant on before/after (either may be NULL for
			      * an object created or dropped) */
	RT_CH_REVOKE,
	RT_CH_SET_RLS, /* a table's ENABLE / FORCE ROW LEVEL SECURITY */
	/* a table's storage parameters, replica identity, cluster index
	 * (before NULL for a new table) */
	RT_CH_SET_TABLE_OPTIONS,
	RT_CH_SET_REPLICA_IDENTITY,
	RT_CH_SET_CLUSTER,
	/* a column's storage, statistics target and compression (before
	 * NULL for a new column) */
	RT_CH_SET_COLUMN_OPTIONS,
	RT_CH_UNMANAGED, /* an object the model does not cover exists
			  * on one side only (rt_unmanaged): rendered as
			  * an SQL comment, never as DDL */
	RT_CH__COUNT
} rt_change_kind;

typedef struct rt_change {
	rt_change_kind kind;
	rt_kind obj; /* what before/after point at (rt_unmanaged for
		      * RT_KIND_UNMANAGED) */
	/* the object on the from side and on the to side, borrowed from the
	 * schemas: NULL for create (before) and drop (after). For a change
	 * on a column or constraint both carry ->table. */
	const void *before;
	const void *after;
	/* ADD_ENUM_VALUE: the label and its neighbour in the new type
	 * (neighbour NULL: appended at the end) */
	const char *label;
	const char *neighbour;
	bool neighbour_after; /* ADD VALUE label AFTER neighbour */
	/* ADD_ENUM_VALUE, REPLACE_ENUM, REPLACE_COLLATION: the columns of
	 * the type or collation as pairs: uses[i] (rt_column *, from side)
	 * and uses_after[i] (the same column on the to side). A replace
	 * drops their defaults around the retype and sets uses_after's back;
	 * the inverse swaps the two vectors. */
	rt_vec uses;
	rt_vec uses_after;
	/* ATTACH/DETACH_PARTITION, ADD/DROP_INHERIT: the child is before or
	 * after (an rt_table), parent names the parent */
	rt_qname parent;
	/* GRANT / REVOKE: the privilege; grant_option: of its grant option
	 * only (the role keeps the privilege itself) */
	const rt_grant *grant;
	bool grant_option;
} rt_change;

/*
 * Compares from with to and appends to out (rt_change *, in arena a) the
 * ordered changes that turn from into to. from and to are borrowed and
 * must outlive the changes. Both schemas should have been through
 * rt_schema_sort. Returns -1 (RT_EINPUT, object set) for a change that
 * cannot be expressed, e.g. a dependency cycle.
 */
int rt_diff(rt_vec *out, rt_arena *a, const rt_schema *from,
	    const rt_schema *to, rt_error *err);

/*
 * The down migration: appends to out the inverse of each change of
 * changes (create<->drop, add<->drop, before/after swapped), in reverse
 * order. Rendering the result is equivalent to rendering rt_diff(to,
 * from). New changes live in arena a.
 */
void rt_diff_invert(rt_vec *out, rt_arena *a, const rt_vec *changes);

/* "create_table", "add_column", ... (for plans and tests). */
const char *rt_change_kind_name(rt_change_kind k);

#endif
