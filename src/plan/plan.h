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
} rt_step;

/*
 * Appends to out (rt_step *, in arena a) the steps that carry out changes
 * (rt_change *, in rt_diff's order), in order. Changes are borrowed and
 * must outlive the steps. Fails (RT_EINTERNAL) only on a malformed change.
 */
int rt_plan(rt_vec *out, rt_arena *a, const rt_vec *changes, rt_error *err);

/* "create_table", "alter_column_type", ... (for plans and tests). */
const char *rt_op_name(rt_op op);

/* "ACCESS EXCLUSIVE", ... ("" for RT_LOCK_NONE). */
const char *rt_lock_name(rt_lock l);

#endif
