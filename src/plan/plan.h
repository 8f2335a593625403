/* SPDX-License-Identifier: MIT */
/*
 * Plan: how to carry out a list of changes. Each change (diff.h: what
 * differs) becomes one or more steps, each step one DDL statement in any
 * dialect: an enum replaced is rename, create, retype each column, drop;
 * a type change takes the column's default off and puts the new one on.
 * Every step carries its safety facts from reference/postgres-ddl-safety.md
 * (lock, rewrite, scan, transaction, data loss); render turns steps into
 * statements and never decides anything itself.
 */
#ifndef RT_PLAN_PLAN_H
#define RT_PLAN_PLAN_H

#include "base/common.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/vec.h"
#include "diff/diff.h"
#include "schema/schema.h"

/* One DDL statement's operation. */
typedef enum rt_op {
	RT_OP_NONE, /* not an operation (0: unset) */
	RT_OP_CREATE_SCHEMA,
	RT_OP_DROP_SCHEMA,
	RT_OP_CREATE_EXTENSION,
	RT_OP_DROP_EXTENSION,
	RT_OP_ALTER_EXTENSION_SCHEMA, /* SET SCHEMA (target's) */
	RT_OP_ALTER_EXTENSION_UPDATE, /* UPDATE TO (target's version) */
	RT_OP_CREATE_COLLATION,
	RT_OP_DROP_COLLATION, /* name: the collation's current name */
	RT_OP_RENAME_COLLATION,
	RT_OP_CREATE_ENUM,
	RT_OP_DROP_TYPE, /* name: the type's current name */
	RT_OP_RENAME_TYPE,
	RT_OP_ADD_ENUM_VALUE, /* the change's label and neighbour */
	RT_OP_CREATE_SEQUENCE,
	RT_OP_DROP_SEQUENCE,
	RT_OP_ALTER_SEQUENCE,	    /* options: object -> target */
	RT_OP_ALTER_SEQUENCE_OWNER, /* target's OWNED BY */
	RT_OP_CREATE_TABLE,
	RT_OP_DROP_TABLE,
	RT_OP_ADD_COLUMN,
	RT_OP_DROP_COLUMN,
	RT_OP_ALTER_COLUMN_TYPE, /* object -> type, collation, using */
	RT_OP_SET_DEFAULT,	 /* target's default */
	RT_OP_DROP_DEFAULT,
	RT_OP_SET_NOT_NULL,
	RT_OP_DROP_NOT_NULL,
	RT_OP_ADD_IDENTITY, /* target's identity */
	RT_OP_DROP_IDENTITY,
	RT_OP_ALTER_IDENTITY,
	RT_OP_RENAME_IDENTITY_SEQUENCE, /* ALTER SEQUENCE ... RENAME TO */
	RT_OP_DROP_EXPRESSION,
	RT_OP_ADD_CONSTRAINT,
	RT_OP_DROP_CONSTRAINT,
	RT_OP_CREATE_INDEX,
	RT_OP_DROP_INDEX,
	RT_OP_ATTACH_PARTITION, /* parent: the change's */
	RT_OP_DETACH_PARTITION,
	RT_OP_ADD_INHERIT,
	RT_OP_DROP_INHERIT,
	RT_OP_SET_PERSISTENCE, /* target's */
	RT_OP_COMMENT,	       /* on target (comment) or object (IS NULL) */
	/* the generic kinds (views, functions, triggers, ...): the kind's
	 * own CREATE, DROP and in-place change (CREATE OR REPLACE FUNCTION,
	 * ALTER POLICY, ALTER TABLE ... ENABLE TRIGGER, ALTER TYPE ...
	 * ATTRIBUTE); ALTER_DOMAIN_* are one ALTER DOMAIN each */
	RT_OP_CREATE_OBJECT,
	RT_OP_DROP_OBJECT,
	RT_OP_ALTER_OBJECT,
	RT_OP_ALTER_DOMAIN_DEFAULT,    /* SET DEFAULT target's / DROP DEFAULT */
	RT_OP_ALTER_DOMAIN_NOT_NULL,   /* SET / DROP NOT NULL as target's */
	RT_OP_ALTER_DOMAIN_DROP_CHECK, /* name: the check */
	RT_OP_ALTER_DOMAIN_ADD_CHECK,  /* name: target's check */
	RT_OP_ALTER_DOMAIN_VALIDATE,   /* name: a NOT VALID check validated */
	RT_OP_GRANT,		       /* the change's grant on target */
	RT_OP_REVOKE,		       /* the change's grant on object */
	RT_OP_SET_RLS,		       /* target's ENABLE / FORCE RLS */
	RT_OP_SET_TABLE_OPTIONS,       /* SET / RESET (...) to target's */
	RT_OP_SET_REPLICA_IDENTITY,    /* target's */
	RT_OP_SET_CLUSTER,	       /* CLUSTER ON / SET WITHOUT CLUSTER */
	RT_OP_SET_COLUMN_OPTIONS,      /* storage, statistics, compression */
	RT_OP_NOTE, /* no statement: a note on an unmanaged object, or on a
		     * definition that may differ in spelling only */
	/* ALTER TABLE ... RENAME [COLUMN | CONSTRAINT ...] TO name, ALTER
	 * INDEX / SEQUENCE ... RENAME TO name: the change's rename (diff.h)
	 * names the objects as they are when it runs */
	RT_OP_RENAME_TABLE,
	RT_OP_RENAME_COLUMN,
	RT_OP_RENAME_CONSTRAINT,
	RT_OP_RENAME_INDEX,
	RT_OP_RENAME_SEQUENCE,
	/* parking (plan_park.c, rt_plan_park): a dropped table or column
	 * kept in an archive schema so that the down migration restores
	 * it; step->park says where */
	RT_OP_PARK_BEGIN,     /* the archive schema, its catalog, the
			       * migration's park schema */
	RT_OP_PARK_TABLE,     /* object: the table, moved away */
	RT_OP_PARK_COLUMN,    /* object: the column, values copied, dropped */
	RT_OP_RESTORE_TABLE,  /* target: the table, moved back */
	RT_OP_RESTORE_COLUMN, /* target: the column, re-added, values back */
	RT_OP_PARK_END,	      /* the migration's park schema dropped */
	/* safe forms (plan_safe.c): ALTER TABLE ... VALIDATE CONSTRAINT of
	 * target (an rt_constraint); UPDATE of target's column (an
	 * rt_column) to step->backfill in batches */
	RT_OP_VALIDATE_CONSTRAINT,
	RT_OP_BACKFILL,
	RT_OP__COUNT
} rt_op;

/* How ALTER COLUMN TYPE converts the values. */
typedef enum rt_using {
	RT_USING_NONE,	     /* an implicit or binary-coercible cast */
	RT_USING_CAST,	     /* USING col::type */
	RT_USING_TEXT,	     /* USING col::text::type (user types: enums) */
	RT_USING_TEXT_ARRAY, /* USING col::text[]::type[] */
} rt_using;

/* Lock levels, weakest first (reference section 0). */
typedef enum rt_lock {
	RT_LOCK_NONE = 0,
	RT_LOCK_ACCESS_SHARE,
	RT_LOCK_ROW_SHARE,
	RT_LOCK_ROW_EXCLUSIVE,
	RT_LOCK_SHARE_UPDATE_EXCLUSIVE,
	RT_LOCK_SHARE,
	RT_LOCK_SHARE_ROW_EXCLUSIVE,
	RT_LOCK_EXCLUSIVE,
	RT_LOCK_ACCESS_EXCLUSIVE,
} rt_lock;

typedef struct rt_step {
	rt_op op;
	const rt_change *change; /* the change it carries out (borrowed) */
	rt_kind kind;		 /* kind of object and target */
	/* the object as it is when the step runs (NULL for a create) and as
	 * the step leaves it (NULL for a drop); borrowed from the schemas */
	const void *object;
	const void *target;
	/* RENAME_*: the new name; DROP_TYPE / DROP_COLLATION: the name the
	 * object has when dropped (after a rename); NULL otherwise */
	const char *name;
	/* ALTER_COLUMN_TYPE: the new type and collation and the USING form */
	rt_type type;
	rt_qname collation;
	rt_using using;
	/* safe forms (plan_safe.c), all false / NULL in a plain plan:
	 * CREATE / DROP INDEX CONCURRENTLY; DROP INDEX ... IF EXISTS;
	 * ADD CONSTRAINT ... NOT VALID (whatever the target says), preceded
	 * by DROP CONSTRAINT IF EXISTS in the same ALTER TABLE so that a rerun
	 * after a failure finds nothing in its way; ADD COLUMN IF NOT EXISTS */
	bool concurrently;
	bool if_exists;
	bool not_valid;
	bool rerunnable;
	/* an object the safe form creates and drops again (the CHECK behind
	 * a SET NOT NULL): not in the target, never checked */
	bool temporary;
	/* RT_OP_BACKFILL: the SQL expression every NULL gets */
	const char *backfill;
	/* the first step of a change planned in a safe form: what was done
	 * instead of the plain statement, and why, in plain words (for the
	 * migration's header); NULL otherwise */
	const char *safe;
	/* safety facts */
	rt_lock lock;
	bool rewrite;	     /* the table is rewritten */
	bool scan;	     /* the table is scanned under the lock */
	bool transaction_ok; /* may run inside a transaction block */
	/* data is lost: a table, column, sequence, materialized view or
	 * extension dropped, or a column's values that may not survive its
	 * type change (narrowed, converted from text, an enum that loses
	 * labels: plan_safety.c has the rules) */
	bool data_loss;
	/* RT_OP_PARK_* and RT_OP_RESTORE_*: where (NULL otherwise) */
	const struct rt_park *park;
} rt_step;

/*
 * Appends to out (rt_step *, in arena a) the steps that carry out changes
 * (rt_change *, in rt_diff's order), in order. Changes are borrowed and
 * must outlive the steps. Fails (RT_EINTERNAL) only on a malformed change.
 */
int rt_plan(rt_vec *out, rt_arena *a, const rt_vec *changes, rt_error *err);

/* ---- parking (plan_park.c) ---- */

/* The archive: one schema holds the catalog of what is parked, one schema
 * per migration holds what that migration parked. */
#define RT_PARK_ARCHIVE	      "retort_archive"
#define RT_PARK_CATALOG	      "parked"
#define RT_PARK_SCHEMA_PREFIX "retort_park_"

/* Where one parked table or column goes. */
typedef struct rt_park {
	uint64_t version;      /* the migration that parks it */
	const char *migration; /* its file name */
	const char *schema;    /* RT_PARK_SCHEMA_PREFIX + the version, as
				* the file name spells it: retort_park_0003 */
	const char *name;      /* in schema: the table's own name, or for a
				* column "<table>__<column>" */
	const char *source;    /* "public.orders", "public.users.note"
				* (raw names, for the catalog and messages) */
	/* a column: the table's primary key columns (const rt_column *), its
	 * values keyed by them */
	rt_vec key;
} rt_park;

typedef struct rt_park_opts {
	uint64_t version;      /* the migration being written */
	const char *migration; /* its file name ("0003_drop_orders.sql") */
	const char *prefix;    /* its version as the file name spells it
				* ("0003") */
} rt_park_opts;

/*
 * Turns the destructive drops of up (rt_step *, as rt_plan gives them for
 * changes from -> to) into parks, and the creates of down (the steps of
 * the inverse changes) that undo them into restores, in place:
 *  - DROP_TABLE becomes PARK_TABLE (ALTER TABLE ... SET SCHEMA into the
 *    migration's park schema: indexes, constraints, owned sequences,
 *    triggers and grants go along). The up steps that would drop what
 *    goes along (its indexes, the sequences its columns own) and the down
 *    steps that would create them again are removed. Foreign keys stay
 *    as the diff has them: dropped in up (those of other tables pointing
 *    at it and its own), added back in down after the restore.
 *  - DROP_COLUMN becomes PARK_COLUMN (its values copied, keyed by the
 *    table's primary key, into a table of the park schema, then
 *    dropped) and the down's ADD_COLUMN RESTORE_COLUMN.
 * A PARK_BEGIN step goes before the first park, a PARK_END step after
 * the last restore. A drop that cannot be parked stays a drop (with its
 * data loss), and a note saying why is appended to notes (const char *,
 * in a): a column of a table without a primary key, or in it, an identity
 * or generated column, a table whose key changes in the same migration, a
 * name too long or parked twice. Steps live in arena a. Nothing to park:
 * up and down are left as they are.
 */
void rt_plan_park(rt_vec *up, rt_vec *down, rt_vec *notes, rt_arena *a,
		  const rt_schema *to, const rt_park_opts *o);
/* A value for a NOT NULL column added without a default
 * (--backfill schema.table.column=SQLEXPR). */
typedef struct rt_backfill {
	const char *schema, *table, *column;
	const char *expr; /* SQL, written as it is */
	bool used;	  /* set by rt_plan_safe when a step takes it */
} rt_backfill;

/* A change rt_plan_safe will not write: the plain step (to render for the
 * message) and the hazard and its alternative in plain words. */
typedef struct rt_refusal {
	const rt_step *step; /* planned, not in the output; in the arena */
	const char *hazard;  /* one line */
	const char *instead; /* one line: the safe alternative, step by step */
} rt_refusal;

typedef struct rt_plan_opts {
	/* the database as it is before the changes (borrowed; NULL: every
	 * table not created by the changes is taken to exist) */
	const rt_schema *from;
	rt_vec backfills; /* rt_backfill * (borrowed) */
	/* false: a change that has no safe form and would fail on a table
	 * with rows is planned plainly (a down section) instead of refused */
	bool refuse;
} rt_plan_opts;

/*
 * rt_plan with PostgreSQL's safe forms for tables that exist already
 * (reference/postgres-ddl-safety.md sections 1 and 5): CREATE / DROP INDEX
 * CONCURRENTLY outside a transaction, an invalid index left by a failed
 * build dropped first; foreign keys and checks added NOT VALID then
 * validated outside the migration's transaction; SET NOT NULL through a
 * validated CHECK; a volatile default added without a rewrite (the column
 * bare, SET DEFAULT, existing rows backfilled in batches); a NOT NULL
 * column without a default backfilled with the value o->backfills gives.
 * Each such change's first step says what was done in step->safe, and a
 * rewriting type change says what to do instead. Partitioned tables keep
 * the plain forms (PostgreSQL 15 refuses CONCURRENTLY and NOT VALID
 * there). A NOT NULL column without a default and without a backfill
 * value is not planned when o->refuse: appended to refusals (rt_refusal *)
 * instead. Errors as rt_plan.
 */
int rt_plan_safe(rt_vec *out, rt_vec *refusals, rt_arena *a,
		 const rt_vec *changes, const rt_plan_opts *o, rt_error *err);

/* "create_table", "alter_column_type", ... (for plans and tests). */
const char *rt_op_name(rt_op op);

/* "ACCESS EXCLUSIVE", ... ("" for RT_LOCK_NONE). */
const char *rt_lock_name(rt_lock l);

#endif
