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
#include "base/buf.h"
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
	/* ALTER ... RENAME of the change's rename (its kind is obj): asked
	 * for (rt_diff_renames), never guessed, or following one that was
	 * (rt_diff_follow_renames) */
	RT_CH_RENAME,
	RT_CH__COUNT
} rt_change_kind;

/*
 * A rename: a table, a column, or (following a table's or a column's,
 * rt_diff_follow_renames) a constraint, an index or a sequence. Names are
 * as the rename finds them: in rt_diff_renames's list the column renames
 * come first and all name their tables by their from-side names, then
 * the table renames.
 */
typedef struct rt_rename {
	rt_kind kind;	    /* TABLE, COLUMN, CONSTRAINT, INDEX, SEQUENCE */
	const char *schema; /* the object's schema (a column's: its table's) */
	const char *table;  /* a column's or constraint's table, else NULL */
	const char *name;   /* the object's name before the rename */
	const char *new_name;
} rt_rename;

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
	/* RENAME: the names (before and after are the from-side and to-side
	 * objects, but the from side's is renamed in place before rt_diff
	 * runs, so its name is already the new one) */
	const rt_rename *rename;
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
 * changes (create<->drop, add<->drop, before/after swapped, a rename
 * renamed back), in reverse order. Rendering the result is equivalent to
 * rendering rt_diff(to, from). New changes live in arena a. (With
 * renames, see "renames" below.)
 */
void rt_diff_invert(rt_vec *out, rt_arena *a, const rt_vec *changes);

/* "create_table", "add_column", ... (for plans and tests). */
const char *rt_change_kind_name(rt_change_kind k);

/* ---- renames (diff_rename.c) ----
 *
 * A rename is never guessed: the diff of a table or column that
 * disappears while one of the same shape appears is a drop and an add,
 * with a hint (rt_diff_hints). Asked for (--rename, or a SQL source's
 * "-- retort: renamed from NAME"), it is one ALTER ... RENAME statement,
 * and the rest of the diff compares the renamed object with its new self
 * (a rename and a type change: a rename, then an ALTER). No data moves.
 * How a command puts it together (cli/rename.c does):
 *
 *   rt_diff_renames(&renames, ...)         the requests, checked
 *   rt_diff_rename_changes(&changes, ...)  their RENAME changes, first
 *   rt_load_rename(from, r) for each       the from model renamed in
 *                                          place as PostgreSQL renames
 *   rt_diff_follow_renames(&more, ...)     the renamed tables' keys,
 *                                          indexes, sequences whose name
 *                                          alone differs: changes and
 *                                          rt_load_rename, the same way
 *   rt_diff(&changes, ..., from, to, ...)  the rest
 *
 * and rt_diff_hints(&hints, ..., from, to, renames) before renaming.
 * The down migration is the same steps from TO to FROM with
 * rt_diff_renames_invert(renames), TO renamed in place: rt_diff_invert
 * of a list with renames puts them back last, which is right only when
 * no other change names the renamed objects (a view recreated over a
 * renamed column reads its old name only once it is renamed back).
 */

/*
 * Parses a request as --rename takes it: "schema.table=new_name" (a
 * table) or "schema.table.column=new_name" (a column). A part may be
 * double-quoted ("My Table", "" for a quote); others are folded to lower
 * case. Malformed: RT_EUSAGE naming spec. Strings in arena a.
 */
int rt_rename_parse(rt_rename *out, rt_arena *a, const char *spec,
		    rt_error *err);

/* Appends a table or column rename as rt_rename_parse reads it
 * ("public.tasks.title=name"), quoting a part only when it needs it. */
void rt_rename_format(rt_buf *b, const rt_rename *r);

/*
 * The renames to carry out from `from` to `to`: asked (rt_rename *, as
 * the user named them: tables by their from-side names, the new names on
 * the to side), then the to side's "renamed from" marks (rt_table and
 * rt_column renamed_from) that apply: the old name exists in from and the
 * new one does not (a database already renamed is not renamed again); a
 * mark on something already asked for is left out. Appended to out
 * (rt_rename *, in a) in the order to run them: the columns' first, then
 * the tables'. A request naming a table or column from does not have, a
 * new name to does not have or from already has, or two renames of one
 * object or to one name: RT_EUSAGE naming it.
 */
int rt_diff_renames(rt_vec *out, rt_arena *a, const rt_schema *from,
		    const rt_schema *to, const rt_vec *asked, rt_error *err);

/*
 * What follows renames (rt_diff_renames's list, already applied to
 * from): a constraint, stand-alone index or owned sequence of a table
 * renamed or with a column renamed, whose name to does not have, while
 * to's table has exactly one of the same kind and definition (an index's
 * definition, a constraint's, a sequence's owning column) under a name
 * from does not have: PostgreSQL keeps "tasks_pkey" when tasks becomes
 * todo, the target says "todo_pkey", and a rename says it without
 * dropping the key. Appended to out (rt_rename *, in a), constraints,
 * then indexes, then sequences.
 */
void rt_diff_follow_renames(rt_vec *out, rt_arena *a, const rt_schema *from,
			    const rt_schema *to, const rt_vec *renames);

/*
 * The requests that undo renames (a list in rt_diff_renames's order), as
 * `diff TO FROM` takes them: each table rename reversed, each column
 * rename reversed and naming its table by its new name; in the same
 * order (columns first). In arena a.
 */
void rt_diff_renames_invert(rt_vec *out, rt_arena *a, const rt_vec *renames);

/*
 * Appends one RT_CH_RENAME change per rename, in the list's order, to
 * out: the first changes of a diff, before anything else touches the
 * renamed objects. before and after are looked up in from and to (call
 * this before renaming from). In arena a.
 */
void rt_diff_rename_changes(rt_vec *out, rt_arena *a, const rt_schema *from,
			    const rt_schema *to, const rt_vec *renames);

/*
 * Hints: renames that were not asked for and may have been meant.
 * Appends to out (rt_rename *, in a, named as a request names them: a
 * column's table by its from-side name) every pair of
 *  - a table of from that to does not have and a table of to that from
 *    does not have, in the same schema and of the same shape: the same
 *    columns (name, type, NOT NULL) in the same order;
 *  - a column of a table on both sides that to's table does not have and
 *    a column of to's table that from's does not have, both the table's
 *    own (not inherited), with the same type, NOT NULL and default.
 * Every pair is listed: a column that could have become either of two
 * new ones gets two hints, and retort does not choose. Objects renames
 * (rt_diff_renames's list) renames are neither gone nor new; from is the
 * model before them. Ordered by from's tables and columns, then to's.
 */
void rt_diff_hints(rt_vec *out, rt_arena *a, const rt_schema *from,
		   const rt_schema *to, const rt_vec *renames);

#endif
