/* SPDX-License-Identifier: MIT */
/*
 * The safety facts of each change kind, from
 * reference/postgres-ddl-safety.md sections 0, 1 and 1h (row ids in the
 * comments). The planner refines them with the table's statistics.
 */
#include "base/common.h"
#include "diff/diff_int.h"

static bool type_needs_rewrite(const rt_column *b, const rt_column *a)
{
	/* R24/R27: same type, only the collation changes: no rewrite */
	return !(rt_streq(b->type.schema, a->type.schema) &&
		 rt_streq(b->type.name, a->type.name));
}

void rt_diff__safety(rt_change *c)
{
	c->lock = RT_LOCK_ACCESS_EXCLUSIVE;
	c->rewrite = false;
	c->scan = false;
	c->transaction_ok = true;
	c->data_loss = false;

	switch (c->kind) {
	case RT_CH_CREATE_SCHEMA:
	case RT_CH_DROP_SCHEMA:
	case RT_CH_CREATE_COLLATION:
	case RT_CH_DROP_COLLATION:
	case RT_CH_CREATE_ENUM:
	case RT_CH_DROP_ENUM:
	case RT_CH_ADD_ENUM_VALUE:  /* R60, R61, R64: the type only */
	case RT_CH_CREATE_SEQUENCE: /* R66 */
	case RT_CH_UNMANAGED:
		c->lock = RT_LOCK_NONE;
		break;
	case RT_CH_CREATE_EXTENSION:
	case RT_CH_DROP_EXTENSION:
	case RT_CH_ALTER_EXTENSION_VERSION: /* R85: depends on the script */
		c->lock = RT_LOCK_NONE;
		c->data_loss = c->kind == RT_CH_DROP_EXTENSION;
		break;
	case RT_CH_REPLACE_COLLATION: /* R27: indexes on the columns rebuilt */
		c->lock =
		    c->uses.len > 0 ? RT_LOCK_ACCESS_EXCLUSIVE : RT_LOCK_NONE;
		break;
	case RT_CH_REPLACE_ENUM: /* R63 via R28: rewrite of each column */
		c->rewrite = c->uses.len > 0;
		c->lock =
		    c->uses.len > 0 ? RT_LOCK_ACCESS_EXCLUSIVE : RT_LOCK_NONE;
		break;
	case RT_CH_DROP_SEQUENCE: /* R69 */
		c->data_loss = true;
		break;
	case RT_CH_ALTER_SEQUENCE:
	case RT_CH_ALTER_SEQUENCE_OWNER: /* R67 */
		c->lock = RT_LOCK_SHARE_ROW_EXCLUSIVE;
		break;
	case RT_CH_CREATE_TABLE: /* R01, R03 (AE on the parent) */
		break;
	case RT_CH_DROP_TABLE:	/* R05 */
	case RT_CH_DROP_COLUMN: /* R22 */
		c->data_loss = true;
		break;
	case RT_CH_ADD_COLUMN: { /* R13-R19 */
		const rt_column *col = c->after;
		if (col->generated || col->identity)
			c->rewrite = true;
		else if (col->default_expr && col->default_expr->key &&
			 (strstr(col->default_expr->key, "nextval") ||
			  strstr(col->default_expr->key, "random") ||
			  strstr(col->default_expr->key, "clock_timestamp") ||
			  strstr(col->default_expr->key, "uuid")))
			c->rewrite = true; /* R15: volatile default */
		break;
	}
	case RT_CH_ALTER_COLUMN_TYPE: /* R24-R28 */
		c->rewrite = type_needs_rewrite(c->before, c->after);
		break;
	case RT_CH_SET_DEFAULT:
	case RT_CH_DROP_DEFAULT:  /* R29 */
	case RT_CH_DROP_NOT_NULL: /* R32 */
	case RT_CH_ADD_IDENTITY:  /* R35 */
	case RT_CH_DROP_IDENTITY:
	case RT_CH_ALTER_IDENTITY:
	case RT_CH_DROP_EXPRESSION: /* R36 */
		break;
	case RT_CH_SET_NOT_NULL: /* R30 */
		c->scan = true;
		break;
	case RT_CH_ADD_CONSTRAINT: { /* R37-R46 */
		const rt_constraint *k = c->after;
		if (k->type == RT_CON_FOREIGN)
			c->lock = RT_LOCK_SHARE_ROW_EXCLUSIVE; /* R40, R41 */
		c->scan = !k->not_valid;
		break;
	}
	case RT_CH_DROP_CONSTRAINT: /* R47 */
		break;
	case RT_CH_CREATE_INDEX: /* R49 */
		c->lock = RT_LOCK_SHARE;
		c->scan = true;
		break;
	case RT_CH_DROP_INDEX: /* R51 */
		break;
	case RT_CH_ATTACH_PARTITION: /* R79: SUE on the parent */
		c->lock = RT_LOCK_SHARE_UPDATE_EXCLUSIVE;
		c->scan = true;
		break;
	case RT_CH_DETACH_PARTITION: /* R80 */
	case RT_CH_ADD_INHERIT:
	case RT_CH_DROP_INHERIT:
		break;
	case RT_CH_SET_PERSISTENCE: /* R10 */
		c->rewrite = true;
		break;
	case RT_CH_SET_COMMENT: /* R70 */
		c->lock = RT_LOCK_SHARE_UPDATE_EXCLUSIVE;
		break;
	case RT_CH__COUNT:
		RT_ASSERT(!"bad change kind");
	}
}

static const char *const kind_names[RT_CH__COUNT + 1] = {
    [RT_CH_CREATE_SCHEMA] = "create_schema",
    [RT_CH_DROP_SCHEMA] = "drop_schema",
    [RT_CH_CREATE_EXTENSION] = "create_extension",
    [RT_CH_DROP_EXTENSION] = "drop_extension",
    [RT_CH_ALTER_EXTENSION_VERSION] = "alter_extension_version",
    [RT_CH_CREATE_COLLATION] = "create_collation",
    [RT_CH_DROP_COLLATION] = "drop_collation",
    [RT_CH_REPLACE_COLLATION] = "replace_collation",
    [RT_CH_CREATE_ENUM] = "create_enum",
    [RT_CH_DROP_ENUM] = "drop_enum",
    [RT_CH_ADD_ENUM_VALUE] = "add_enum_value",
    [RT_CH_REPLACE_ENUM] = "replace_enum",
    [RT_CH_CREATE_SEQUENCE] = "create_sequence",
    [RT_CH_DROP_SEQUENCE] = "drop_sequence",
    [RT_CH_ALTER_SEQUENCE] = "alter_sequence",
    [RT_CH_ALTER_SEQUENCE_OWNER] = "alter_sequence_owner",
    [RT_CH_CREATE_TABLE] = "create_table",
    [RT_CH_DROP_TABLE] = "drop_table",
    [RT_CH_ADD_COLUMN] = "add_column",
    [RT_CH_DROP_COLUMN] = "drop_column",
    [RT_CH_ALTER_COLUMN_TYPE] = "alter_column_type",
    [RT_CH_SET_DEFAULT] = "set_default",
    [RT_CH_DROP_DEFAULT] = "drop_default",
    [RT_CH_SET_NOT_NULL] = "set_not_null",
    [RT_CH_DROP_NOT_NULL] = "drop_not_null",
    [RT_CH_ADD_IDENTITY] = "add_identity",
    [RT_CH_DROP_IDENTITY] = "drop_identity",
    [RT_CH_ALTER_IDENTITY] = "alter_identity",
    [RT_CH_DROP_EXPRESSION] = "drop_expression",
    [RT_CH_ADD_CONSTRAINT] = "add_constraint",
    [RT_CH_DROP_CONSTRAINT] = "drop_constraint",
    [RT_CH_CREATE_INDEX] = "create_index",
    [RT_CH_DROP_INDEX] = "drop_index",
    [RT_CH_ATTACH_PARTITION] = "attach_partition",
    [RT_CH_DETACH_PARTITION] = "detach_partition",
    [RT_CH_ADD_INHERIT] = "add_inherit",
    [RT_CH_DROP_INHERIT] = "drop_inherit",
    [RT_CH_SET_PERSISTENCE] = "set_persistence",
    [RT_CH_SET_COMMENT] = "set_comment",
    [RT_CH_UNMANAGED] = "unmanaged",
    [RT_CH__COUNT] = NULL,
};

const char *rt_change_kind_name(rt_change_kind k)
{
	RT_ASSERT((unsigned)k < RT_CH__COUNT);
	return kind_names[k];
}

const char *rt_lock_name(rt_lock l)
{
	static const char *const names[] = {
	    "",
	    "ACCESS SHARE",
	    "ROW SHARE",
	    "ROW EXCLUSIVE",
	    "SHARE UPDATE EXCLUSIVE",
	    "SHARE",
	    "SHARE ROW EXCLUSIVE",
	    "EXCLUSIVE",
	    "ACCESS EXCLUSIVE",
	};
	RT_ASSERT((unsigned)l < RT_ARRAY_LEN(names));
	return names[l];
}
