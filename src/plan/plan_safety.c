/* SPDX-License-Identifier: MIT */
/*
 * Safety facts of each step, from reference/postgres-ddl-safety.md (rule
 * numbers R01... in the comments): the lock the statement takes, whether
 * it rewrites or scans the table, whether it may run in a transaction
 * block, whether it loses data. Without table statistics these are the
 * statement's own facts; estimates come later from the live database.
 */
#include "base/common.h"
#include "plan/plan_int.h"

/* ---- data loss of a type change (R24-R28) ----
 *
 * A type change loses data when some value of the old type cannot be kept
 * exactly in the new one: it is truncated or rounded, or the conversion
 * fails on it (the ALTER then aborts, and the migration cannot go on
 * without deleting or editing rows). A change is lossless only when it is
 * known to be: the same type, a widening (a longer varchar, numeric with
 * room for every value, a larger integer, real to double precision, more
 * fractional seconds), anything to unbounded text, cidr to inet, date to
 * timestamp, jsonb to json. timestamp <-> timestamptz keeps every value
 * (R26: they are reinterpreted in the session's TimeZone, not lost).
 * Everything else is a loss: narrowing, text-like to another type, a
 * built-in to a user type (an enum, a domain may refuse values) or back
 * to anything but text, json to jsonb (duplicate keys and the text form
 * are dropped). */

typedef rt_plan__typespec typespec;

void rt_plan__type_split(typespec *t, const char *name)
{
	const char *open = strchr(name, '(');
	size_t n = 0;

	t->nmod = 0;
	if (!open) {
		snprintf(t->base, sizeof(t->base), "%s", name);
		return;
	}
	n = (size_t)(open - name);
	if (n >= sizeof(t->base))
		n = sizeof(t->base) - 1;
	memcpy(t->base, name, n);
	t->base[n] = '\0';
	for (const char *p = open + 1; t->nmod < 2;) {
		char *end;
		t->mod[t->nmod++] = strtol(p, &end, 10);
		if (*end != ',')
			break;
		p = end + 1;
	}
	/* "timestamp(3) with time zone": the rest after ')' */
	open = strchr(open, ')');
	if (open && open[1])
		snprintf(t->base + n, sizeof(t->base) - n, "%s", open + 1);
}

static bool base_is(const typespec *t, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t->base, names[i]) == 0)
			return true;
	return false;
}

static const char *const text_like[] = {"text", "character varying",
					"character", "bpchar", "name"};

/* Decimal digits every value of an integer type fits in, 0: not one. */
static int int_digits(const typespec *t)
{
	if (!strcmp(t->base, "smallint"))
		return 5;
	if (!strcmp(t->base, "integer"))
		return 10;
	if (!strcmp(t->base, "bigint"))
		return 19;
	return 0;
}

/* Fractional-second precision of a date/time type (6 when not given),
 * -1 when t is not one; *family: the base without time zone words. */
static int time_precision(const typespec *t, const char **family)
{
	static const char *const bases[][2] = {
	    {"timestamp without time zone", "timestamp"},
	    {"timestamp with time zone", "timestamp"},
	    {"time without time zone", "time"},
	    {"time with time zone", "timetz"},
	    {"interval", "interval"},
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(bases); i++)
		if (!strcmp(t->base, bases[i][0])) {
			*family = bases[i][1];
			return t->nmod ? (int)t->mod[0] : 6;
		}
	return -1;
}

static bool builtin_lossless(const char *from, const char *to)
{
	typespec f, t;
	const char *ff = NULL, *tf = NULL;
	int fp, tp, fd, td;

	if (!strcmp(from, to))
		return true;
	rt_plan__type_split(&f, from);
	rt_plan__type_split(&t, to);
	/* to text or varchar without a length: every value has its text */
	if ((!strcmp(t.base, "text") || !strcmp(t.base, "character varying")) &&
	    !t.nmod)
		return true;
	if (base_is(&f, text_like, RT_ARRAY_LEN(text_like)))
		/* to a bounded string only from one no longer */
		return (!strcmp(t.base, "character varying") ||
			!strcmp(t.base, "character")) &&
		       f.nmod && t.nmod && strcmp(f.base, "name") &&
		       f.mod[0] <= t.mod[0];
	if ((fd = int_digits(&f))) {
		if ((td = int_digits(&t)))
			return td >= fd;
		if (!strcmp(t.base, "numeric"))
			return !t.nmod ||
			       t.mod[0] - (t.nmod > 1 ? t.mod[1] : 0) >= fd;
		if (!strcmp(t.base, "real"))
			return fd <= 5; /* 24-bit mantissa */
		if (!strcmp(t.base, "double precision"))
			return fd <= 10; /* 53-bit mantissa */
		return false;
	}
	if (!strcmp(f.base, "numeric") && !strcmp(t.base, "numeric")) {
		long fs = f.nmod > 1 ? f.mod[1] : 0,
		     ts = t.nmod > 1 ? t.mod[1] : 0;
		if (!t.nmod)
			return true;
		return f.nmod && ts >= fs && t.mod[0] - ts >= f.mod[0] - fs;
	}
	if (!strcmp(f.base, "real"))
		return !strcmp(t.base, "double precision");
	if ((fp = time_precision(&f, &ff)) >= 0 &&
	    (tp = time_precision(&t, &tf)) >= 0)
		return !strcmp(ff, tf) && tp >= fp; /* R25, R26 */
	if (!strcmp(f.base, "date"))
		return !strcmp(t.base, "timestamp without time zone") ||
		       !strcmp(t.base, "timestamp with time zone");
	if (!strcmp(f.base, "bit varying") || !strcmp(f.base, "bit"))
		return !strcmp(t.base, "bit varying") &&
		       (!t.nmod || (f.nmod && f.mod[0] <= t.mod[0]));
	if (!strcmp(f.base, "cidr"))
		return !strcmp(t.base, "inet");
	if (!strcmp(f.base, "jsonb"))
		return !strcmp(t.base, "json");
	return false;
}

/* true when every value of column type from converts to type to exactly
 * (see above). Arrays convert element by element. */
bool rt_plan__type_lossless(rt_type from, rt_type to)
{
	bool fa = strstr(from.name, "[]") != NULL;
	bool ta = strstr(to.name, "[]") != NULL;
	bool fb = rt_is_catalog(from.schema), tb = rt_is_catalog(to.schema);
	char fe[128], te[128];

	if (rt_streq(from.schema, to.schema) && rt_streq(from.name, to.name))
		return true;
	if (tb && !ta &&
	    (!strcmp(to.name, "text") || !strcmp(to.name, "character varying")))
		return true;
	if (!fb || !tb || fa != ta)
		return false;
	snprintf(fe, sizeof(fe), "%.*s", (int)strcspn(from.name, "["),
		 from.name);
	snprintf(te, sizeof(te), "%.*s", (int)strcspn(to.name, "["), to.name);
	return builtin_lossless(fe, te);
}

/* R24, R25: a built-in type change PostgreSQL makes in the catalog only
 * (binary-coercible, or a typmod that admits every old value): a longer
 * or no varchar length, varchar to text, text to varchar without a
 * length, more numeric precision at the same scale, more fractional
 * seconds, a longer varbit, cidr to inet. */
bool rt_plan__type_catalog_only(const char *from, const char *to)
{
	typespec f, t;
	const char *ff = NULL, *tf = NULL;
	int fp, tp;

	rt_plan__type_split(&f, from);
	rt_plan__type_split(&t, to);
	if ((!strcmp(f.base, "character varying") || !strcmp(f.base, "text")) &&
	    (!strcmp(t.base, "text") ||
	     (!strcmp(t.base, "character varying") && !t.nmod)))
		return true;
	if (!strcmp(f.base, "character varying") && f.nmod &&
	    !strcmp(t.base, "character varying") && t.nmod)
		return t.mod[0] >= f.mod[0];
	if (!strcmp(f.base, "numeric") && !strcmp(t.base, "numeric"))
		return !t.nmod || (f.nmod && t.mod[0] >= f.mod[0] &&
				   (f.nmod > 1 ? f.mod[1] : 0) ==
				       (t.nmod > 1 ? t.mod[1] : 0));
	if ((fp = time_precision(&f, &ff)) >= 0 &&
	    (tp = time_precision(&t, &tf)) >= 0)
		return !strcmp(f.base, t.base) && tp >= fp;
	if (!strcmp(f.base, "bit varying") && !strcmp(t.base, "bit varying"))
		return !t.nmod || (f.nmod && t.mod[0] >= f.mod[0]);
	return !strcmp(f.base, "cidr") && !strcmp(t.base, "inet");
}

static bool type_changes(const rt_step *s)
{
	const rt_column *c = s->object;
	/* R24/R27: same type, only the collation changes: no rewrite; a
	 * conversion (USING) always rewrites, also to a new type of the
	 * same name (an enum replaced) */
	if (s->using != RT_USING_NONE)
		return true;
	if (rt_streq(c->type.schema, s->type.schema) &&
	    rt_streq(c->type.name, s->type.name))
		return false;
	return !(rt_is_catalog(c->type.schema) &&
		 rt_is_catalog(s->type.schema) && !strstr(c->type.name, "[]") &&
		 !strstr(s->type.name, "[]") &&
		 rt_plan__type_catalog_only(c->type.name, s->type.name));
}

/* An enum replaced without some of its labels: its columns lose the
 * values that had them (the cast through text fails on them). */
static bool enum_loses_labels(const rt_change *ch)
{
	const rt_enum *f = ch->before, *t = ch->after;

	for (size_t i = 0; f && t && i < f->labels.len; i++) {
		bool kept = false;
		for (size_t j = 0; j < t->labels.len && !kept; j++)
			kept = !strcmp(f->labels.items[i], t->labels.items[j]);
		if (!kept)
			return true;
	}
	return false;
}

static bool type_change_loses(const rt_step *s)
{
	const rt_column *c = s->object;

	if (s->change && s->change->kind == RT_CH_REPLACE_ENUM)
		return enum_loses_labels(s->change);
	return !rt_plan__type_lossless(c->type, s->type);
}

/* R15: a volatile default makes ADD COLUMN rewrite the table. */
bool rt_plan__volatile_default(const rt_column *col)
{
	const char *k = col->default_expr ? col->default_expr->key : NULL;
	return k && (strstr(k, "nextval") || strstr(k, "random") ||
		     strstr(k, "clock_timestamp") || strstr(k, "uuid"));
}

/* CREATE, DROP and in-place changes of the generic kinds (R71-R77). */
static void object_safety(rt_step *s)
{
	switch (s->kind) {
	case RT_KIND_VIEW: {
		const rt_view *v = s->target ? s->target : s->object;
		if (s->op == RT_OP_CREATE_OBJECT)
			/* R71 (AS on what it reads); R74: a materialized
			 * view runs its query */
			s->lock = v->materialized ? RT_LOCK_SHARE
						  : RT_LOCK_ACCESS_SHARE;
		s->scan = v->materialized && s->op == RT_OP_CREATE_OBJECT;
		s->data_loss = v->materialized && s->op == RT_OP_DROP_OBJECT;
		break; /* R73: DROP is AE on the view */
	}
	case RT_KIND_TRIGGER: /* R75, R76 */
		if (s->op != RT_OP_DROP_OBJECT)
			s->lock = RT_LOCK_SHARE_ROW_EXCLUSIVE;
		break;
	case RT_KIND_POLICY: /* R77 */
	case RT_KIND_RULE:
		break;
	default: /* functions and types: their own catalog rows */
		s->lock = RT_LOCK_NONE;
		break;
	}
}

void rt_plan__safety(rt_step *s)
{
	s->lock = RT_LOCK_ACCESS_EXCLUSIVE;
	s->rewrite = false;
	s->scan = false;
	s->transaction_ok = true;
	s->data_loss = false;

	switch (s->op) {
	case RT_OP_CREATE_SCHEMA:
	case RT_OP_DROP_SCHEMA:
	case RT_OP_CREATE_COLLATION:
	case RT_OP_DROP_COLLATION:
	case RT_OP_RENAME_COLLATION:
	case RT_OP_CREATE_ENUM:
	case RT_OP_DROP_TYPE:
	case RT_OP_RENAME_TYPE:
	case RT_OP_ADD_ENUM_VALUE:  /* R60, R61, R64: the type only */
	case RT_OP_CREATE_SEQUENCE: /* R66 */
	case RT_OP_NOTE:
		s->lock = RT_LOCK_NONE;
		break;
	case RT_OP_CREATE_EXTENSION:
	case RT_OP_DROP_EXTENSION:
	case RT_OP_ALTER_EXTENSION_SCHEMA:
	case RT_OP_ALTER_EXTENSION_UPDATE: /* R85: depends on the script */
		s->lock = RT_LOCK_NONE;
		s->data_loss = s->op == RT_OP_DROP_EXTENSION;
		break;
	case RT_OP_DROP_SEQUENCE: /* R69 */
		s->data_loss = true;
		break;
	case RT_OP_ALTER_SEQUENCE:
	case RT_OP_ALTER_SEQUENCE_OWNER: /* R67 */
	case RT_OP_RENAME_IDENTITY_SEQUENCE:
		s->lock = RT_LOCK_SHARE_ROW_EXCLUSIVE;
		break;
	case RT_OP_CREATE_TABLE: /* R01, R03 (AE on the parent) */
		break;
	case RT_OP_DROP_TABLE:	/* R05 */
	case RT_OP_DROP_COLUMN: /* R22 */
		s->data_loss = true;
		break;
	case RT_OP_ADD_COLUMN: { /* R13-R19 */
		const rt_column *col = s->target;
		s->rewrite = col->generated || col->identity ||
			     rt_plan__volatile_default(col);
		break;
	}
	case RT_OP_ALTER_COLUMN_TYPE: /* R24-R28 */
		s->rewrite = type_changes(s);
		s->data_loss = type_change_loses(s);
		break;
	case RT_OP_SET_DEFAULT:
	case RT_OP_DROP_DEFAULT:  /* R29 */
	case RT_OP_DROP_NOT_NULL: /* R32 */
	case RT_OP_ADD_IDENTITY:  /* R35 */
	case RT_OP_DROP_IDENTITY:
	case RT_OP_ALTER_IDENTITY:
	case RT_OP_DROP_EXPRESSION: /* R36 */
		break;
	case RT_OP_SET_NOT_NULL: /* R30 (R31: plan_safe.c clears scan) */
		s->scan = true;
		break;
	case RT_OP_ADD_CONSTRAINT: { /* R37-R46 */
		const rt_constraint *k = s->target;
		if (k->type == RT_CON_FOREIGN)
			s->lock = RT_LOCK_SHARE_ROW_EXCLUSIVE; /* R40, R41 */
		s->scan = !k->not_valid && !s->not_valid;
		break;
	}
	case RT_OP_VALIDATE_CONSTRAINT: /* R39, R42: in a transaction of its
					 * own, never after an AE lock */
		s->lock = RT_LOCK_SHARE_UPDATE_EXCLUSIVE;
		s->scan = true;
		s->transaction_ok = false;
		break;
	case RT_OP_BACKFILL: /* batched UPDATEs, each committed */
		s->lock = RT_LOCK_ROW_EXCLUSIVE;
		s->scan = true;
		s->transaction_ok = false;
		break;
	case RT_OP_DROP_CONSTRAINT: /* R47 */
		break;
	case RT_OP_CREATE_INDEX: /* R49, R50 */
		s->lock = s->concurrently ? RT_LOCK_SHARE_UPDATE_EXCLUSIVE
					  : RT_LOCK_SHARE;
		s->scan = true;
		s->transaction_ok = !s->concurrently;
		break;
	case RT_OP_DROP_INDEX: /* R51, R52 */
		if (s->concurrently)
			s->lock = RT_LOCK_SHARE_UPDATE_EXCLUSIVE;
		s->transaction_ok = !s->concurrently;
		break;
	case RT_OP_ATTACH_PARTITION: /* R79: SUE on the parent */
		s->lock = RT_LOCK_SHARE_UPDATE_EXCLUSIVE;
		s->scan = true;
		break;
	case RT_OP_DETACH_PARTITION: /* R80 */
	case RT_OP_ADD_INHERIT:
	case RT_OP_DROP_INHERIT:
		break;
	case RT_OP_SET_PERSISTENCE: /* R10 */
		s->rewrite = true;
		break;
	case RT_OP_CREATE_OBJECT:
	case RT_OP_DROP_OBJECT:
	case RT_OP_ALTER_OBJECT:
		object_safety(s);
		break;
	case RT_OP_ALTER_DOMAIN_DEFAULT:
	case RT_OP_ALTER_DOMAIN_DROP_CHECK:
		s->lock = RT_LOCK_NONE; /* the domain only */
		break;
	case RT_OP_ALTER_DOMAIN_NOT_NULL:
	case RT_OP_ALTER_DOMAIN_ADD_CHECK:
	case RT_OP_ALTER_DOMAIN_VALIDATE:
		/* SET NOT NULL and a valid check scan every column of the
		 * domain, under a SHARE lock on their tables */
		s->lock = RT_LOCK_SHARE;
		s->scan = true;
		break;
	case RT_OP_GRANT:
	case RT_OP_REVOKE: /* R84: catalog only */
		s->lock = RT_LOCK_NONE;
		break;
	case RT_OP_SET_RLS:		 /* R77 */
	case RT_OP_SET_REPLICA_IDENTITY: /* R78 */
		break;
	case RT_OP_SET_TABLE_OPTIONS: /* R12: SUE for the usual ones */
	case RT_OP_SET_CLUSTER:
		s->lock = RT_LOCK_SHARE_UPDATE_EXCLUSIVE;
		break;
	case RT_OP_SET_COLUMN_OPTIONS: { /* R33 statistics, R34 storage */
		const rt_column *f = s->object, *t = s->target;
		bool heavy =
		    (f ? f->storage : 0) != t->storage ||
		    !rt_streq(f ? f->compression : NULL, t->compression);
		s->lock = heavy ? RT_LOCK_ACCESS_EXCLUSIVE
				: RT_LOCK_SHARE_UPDATE_EXCLUSIVE;
		break;
	}
	case RT_OP_COMMENT: /* R70 */
		s->lock = RT_LOCK_SHARE_UPDATE_EXCLUSIVE;
		break;
	case RT_OP_RENAME_TABLE:      /* R07 */
	case RT_OP_RENAME_COLUMN:     /* R23: catalog only, AE for an instant;
				       * views, indexes, constraints follow */
	case RT_OP_RENAME_CONSTRAINT: /* R48 */
		break;
	case RT_OP_RENAME_INDEX: /* R55 (PostgreSQL 12 and later) */
		s->lock = RT_LOCK_SHARE_UPDATE_EXCLUSIVE;
		break;
	case RT_OP_RENAME_SEQUENCE: /* as RENAME_IDENTITY_SEQUENCE */
		s->lock = RT_LOCK_SHARE_ROW_EXCLUSIVE;
		break;
	/* parking (plan_park.c): nothing is lost, the down restores it */
	case RT_OP_PARK_BEGIN:
	case RT_OP_PARK_END:
		s->lock = RT_LOCK_NONE; /* schemas and the catalog only */
		break;
	case RT_OP_PARK_TABLE: /* SET SCHEMA: catalog only (R07) */
	case RT_OP_RESTORE_TABLE:
		break;
	case RT_OP_PARK_COLUMN: /* the values copied (a scan), R22 */
		s->scan = true;
		break;
	case RT_OP_RESTORE_COLUMN: /* every row updated under the lock */
		s->rewrite = true;
		break;
	case RT_OP_NONE:
	case RT_OP__COUNT:
		RT_ASSERT(!"bad step op");
	}
}

static const char *const op_names[RT_OP__COUNT] = {
    [RT_OP_NONE] = "none",
    [RT_OP_CREATE_SCHEMA] = "create_schema",
    [RT_OP_DROP_SCHEMA] = "drop_schema",
    [RT_OP_CREATE_EXTENSION] = "create_extension",
    [RT_OP_DROP_EXTENSION] = "drop_extension",
    [RT_OP_ALTER_EXTENSION_SCHEMA] = "alter_extension_schema",
    [RT_OP_ALTER_EXTENSION_UPDATE] = "alter_extension_update",
    [RT_OP_CREATE_COLLATION] = "create_collation",
    [RT_OP_DROP_COLLATION] = "drop_collation",
    [RT_OP_RENAME_COLLATION] = "rename_collation",
    [RT_OP_CREATE_ENUM] = "create_enum",
    [RT_OP_DROP_TYPE] = "drop_type",
    [RT_OP_RENAME_TYPE] = "rename_type",
    [RT_OP_ADD_ENUM_VALUE] = "add_enum_value",
    [RT_OP_CREATE_SEQUENCE] = "create_sequence",
    [RT_OP_DROP_SEQUENCE] = "drop_sequence",
    [RT_OP_ALTER_SEQUENCE] = "alter_sequence",
    [RT_OP_ALTER_SEQUENCE_OWNER] = "alter_sequence_owner",
    [RT_OP_CREATE_TABLE] = "create_table",
    [RT_OP_DROP_TABLE] = "drop_table",
    [RT_OP_ADD_COLUMN] = "add_column",
    [RT_OP_DROP_COLUMN] = "drop_column",
    [RT_OP_ALTER_COLUMN_TYPE] = "alter_column_type",
    [RT_OP_SET_DEFAULT] = "set_default",
    [RT_OP_DROP_DEFAULT] = "drop_default",
    [RT_OP_SET_NOT_NULL] = "set_not_null",
    [RT_OP_DROP_NOT_NULL] = "drop_not_null",
    [RT_OP_ADD_IDENTITY] = "add_identity",
    [RT_OP_DROP_IDENTITY] = "drop_identity",
    [RT_OP_ALTER_IDENTITY] = "alter_identity",
    [RT_OP_RENAME_IDENTITY_SEQUENCE] = "rename_identity_sequence",
    [RT_OP_DROP_EXPRESSION] = "drop_expression",
    [RT_OP_ADD_CONSTRAINT] = "add_constraint",
    [RT_OP_DROP_CONSTRAINT] = "drop_constraint",
    [RT_OP_CREATE_INDEX] = "create_index",
    [RT_OP_DROP_INDEX] = "drop_index",
    [RT_OP_ATTACH_PARTITION] = "attach_partition",
    [RT_OP_DETACH_PARTITION] = "detach_partition",
    [RT_OP_ADD_INHERIT] = "add_inherit",
    [RT_OP_DROP_INHERIT] = "drop_inherit",
    [RT_OP_SET_PERSISTENCE] = "set_persistence",
    [RT_OP_COMMENT] = "comment",
    [RT_OP_NOTE] = "note",
    [RT_OP_RENAME_TABLE] = "rename_table",
    [RT_OP_RENAME_COLUMN] = "rename_column",
    [RT_OP_RENAME_CONSTRAINT] = "rename_constraint",
    [RT_OP_RENAME_INDEX] = "rename_index",
    [RT_OP_RENAME_SEQUENCE] = "rename_sequence",
    [RT_OP_CREATE_OBJECT] = "create",
    [RT_OP_DROP_OBJECT] = "drop",
    [RT_OP_ALTER_OBJECT] = "alter",
    [RT_OP_ALTER_DOMAIN_DEFAULT] = "alter_domain_default",
    [RT_OP_ALTER_DOMAIN_NOT_NULL] = "alter_domain_not_null",
    [RT_OP_ALTER_DOMAIN_DROP_CHECK] = "alter_domain_drop_check",
    [RT_OP_ALTER_DOMAIN_ADD_CHECK] = "alter_domain_add_check",
    [RT_OP_ALTER_DOMAIN_VALIDATE] = "alter_domain_validate",
    [RT_OP_GRANT] = "grant",
    [RT_OP_REVOKE] = "revoke",
    [RT_OP_SET_RLS] = "set_rls",
    [RT_OP_SET_TABLE_OPTIONS] = "set_table_options",
    [RT_OP_SET_REPLICA_IDENTITY] = "set_replica_identity",
    [RT_OP_SET_CLUSTER] = "set_cluster",
    [RT_OP_SET_COLUMN_OPTIONS] = "set_column_options",
    [RT_OP_PARK_BEGIN] = "park_begin",
    [RT_OP_PARK_TABLE] = "park_table",
    [RT_OP_PARK_COLUMN] = "park_column",
    [RT_OP_RESTORE_TABLE] = "restore_table",
    [RT_OP_RESTORE_COLUMN] = "restore_column",
    [RT_OP_PARK_END] = "park_end",
    [RT_OP_VALIDATE_CONSTRAINT] = "validate_constraint",
    [RT_OP_BACKFILL] = "backfill",
};

const char *rt_op_name(rt_op op)
{
	RT_ASSERT((unsigned)op < RT_OP__COUNT && op_names[op]);
	return op_names[op];
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
