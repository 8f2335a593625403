/* SPDX-License-Identifier: MIT */
/*
 * rt_plan: changes to steps. Most changes are one statement; the ones
 * PostgreSQL cannot do in one are spelled out here, step by step:
 *  - a column type change drops the old default around the retype and
 *    sets the new one after (a default of the old type may not cast);
 *  - an enum that loses or reorders labels is renamed away, created anew,
 *    its columns retyped through text, the old type dropped;
 *  - a collation redefined under columns is renamed away, created anew,
 *    the columns re-collated, the old one dropped;
 *  - an extension downgrade is a drop and a create (no scripts go down).
 * Safety facts come from plan_safety.c.
 */
#include "base/common.h"
#include "plan/plan.h"
#include "plan/plan_int.h"

typedef struct planner {
	rt_vec *out;
	rt_arena *a;
	const rt_change *ch;
} planner;

static rt_step *step(planner *p, rt_op op, const void *object,
		     const void *target)
{
	rt_step *s = RT_NEW(p->a, rt_step);
	s->op = op;
	s->change = p->ch;
	s->kind = p->ch->obj;
	s->object = object;
	s->target = target;
	rt_vec_push(p->out, p->a, s);
	return s;
}

/* A step on another kind of object than the change's (a column of an
 * enum being replaced). */
static rt_step *step_on(planner *p, rt_op op, rt_kind kind, const void *object,
			const void *target)
{
	rt_step *s = step(p, op, object, target);
	s->kind = kind;
	return s;
}

/* ---- column types ---- */

/* The family of a built-in type for "is an assignment cast enough": the
 * name without its typmod, the numeric and string types folded
 * together. */
static void type_family(char *out, size_t outsz, const char *name)
{
	static const char *const nums[] = {"smallint", "integer",
					   "bigint",   "numeric",
					   "real",     "double precision"};
	static const char *const strs[] = {"text", "character varying",
					   "character", "bpchar", "name"};
	size_t n = strcspn(name, "(");

	if (strstr(name, "[]")) {
		snprintf(out, outsz, "%s", name);
		return;
	}
	for (size_t i = 0; i < RT_ARRAY_LEN(nums); i++)
		if (strlen(nums[i]) == n && !strncmp(name, nums[i], n)) {
			snprintf(out, outsz, "num");
			return;
		}
	for (size_t i = 0; i < RT_ARRAY_LEN(strs); i++)
		if (strlen(strs[i]) == n && !strncmp(name, strs[i], n)) {
			snprintf(out, outsz, "str");
			return;
		}
	snprintf(out, outsz, "%.*s", (int)n, name);
}

static bool same_type(const rt_column *x, const rt_column *y)
{
	return rt_streq(x->type.schema, y->type.schema) &&
	       rt_streq(x->type.name, y->type.name);
}

static rt_using using_for(const rt_column *from, const rt_column *to)
{
	bool user = !rt_is_catalog(from->type.schema) ||
		    !rt_is_catalog(to->type.schema);
	char f1[128], f2[128];

	if (same_type(from, to))
		return RT_USING_NONE;
	if (user)
		return strstr(to->type.name, "[]") ? RT_USING_TEXT_ARRAY
						   : RT_USING_TEXT;
	type_family(f1, sizeof(f1), from->type.name);
	type_family(f2, sizeof(f2), to->type.name);
	return strcmp(f1, f2) != 0 ? RT_USING_CAST : RT_USING_NONE;
}

static bool default_settable(const rt_column *c)
{
	return c && c->default_expr && !c->identity && !c->generated;
}

static void alter_column_type(planner *p, const rt_column *from,
			      const rt_column *to)
{
	bool defaults =
	    !same_type(from, to) && (from->default_expr || to->default_expr);
	rt_step *s;

	if (defaults)
		step(p, RT_OP_DROP_DEFAULT, from, NULL);
	s = step(p, RT_OP_ALTER_COLUMN_TYPE, from, to);
	s->type = to->type;
	s->collation = to->collation;
	s->using = using_for(from, to);
	if (defaults && default_settable(to))
		step(p, RT_OP_SET_DEFAULT, NULL, to);
}

/* ---- replacing an enum or a collation under its columns ---- */

static const rt_column *use_after(const rt_change *ch, size_t i)
{
	return i < ch->uses_after.len ? ch->uses_after.items[i] : NULL;
}

static bool is_array_of(const rt_column *c, const char *schema,
			const char *name)
{
	size_t n = strlen(name);
	return c && rt_streq(c->type.schema, schema) &&
	       strncmp(c->type.name, name, n) == 0 &&
	       strcmp(c->type.name + n, "[]") == 0;
}

static const char *old_name(planner *p, const char *name)
{
	return rt_arena_printf(p->a, "%s__retort_old", name);
}

static void new_comment(planner *p, const void *obj, const char *comment)
{
	/* the new object starts without the old one's comment */
	if (comment)
		step(p, RT_OP_COMMENT, NULL, obj);
}

static void replace_enum(planner *p)
{
	const rt_change *ch = p->ch;
	const rt_enum *from = ch->before, *to = ch->after;
	const char *old = old_name(p, from->name);

	if (!ch->uses.len) {
		step(p, RT_OP_DROP_TYPE, from, NULL)->name = from->name;
		step(p, RT_OP_CREATE_ENUM, NULL, to);
		new_comment(p, to, to->comment);
		return;
	}
	for (size_t i = 0; i < ch->uses.len; i++) {
		const rt_column *c = ch->uses.items[i], *t = use_after(ch, i);
		if (c->default_expr || (t && t->default_expr))
			step_on(p, RT_OP_DROP_DEFAULT, RT_KIND_COLUMN, c, NULL);
	}
	step(p, RT_OP_RENAME_TYPE, from, NULL)->name = old;
	step(p, RT_OP_CREATE_ENUM, NULL, to);
	new_comment(p, to, to->comment);
	for (size_t i = 0; i < ch->uses.len; i++) {
		const rt_column *c = ch->uses.items[i], *t = use_after(ch, i);
		bool arr = is_array_of(c, from->schema, from->name) ||
			   is_array_of(t, from->schema, from->name);
		rt_step *s =
		    step_on(p, RT_OP_ALTER_COLUMN_TYPE, RT_KIND_COLUMN, c, t);
		s->type.schema = to->schema;
		s->type.name =
		    arr ? rt_arena_printf(p->a, "%s[]", to->name) : to->name;
		s->using = arr ? RT_USING_TEXT_ARRAY : RT_USING_TEXT;
	}
	for (size_t i = 0; i < ch->uses.len; i++) {
		const rt_column *t = use_after(ch, i);
		if (default_settable(t))
			step_on(p, RT_OP_SET_DEFAULT, RT_KIND_COLUMN, NULL, t);
	}
	step(p, RT_OP_DROP_TYPE, from, NULL)->name = old;
}

static void replace_collation(planner *p)
{
	const rt_change *ch = p->ch;
	const rt_collation *from = ch->before, *to = ch->after;
	const char *old = old_name(p, from->name);

	step(p, RT_OP_RENAME_COLLATION, from, NULL)->name = old;
	step(p, RT_OP_CREATE_COLLATION, NULL, to);
	new_comment(p, to, to->comment);
	for (size_t i = 0; i < ch->uses.len; i++) {
		/* the column as it is when the change runs: the one that
		 * still has this collation */
		const rt_column *c = ch->uses.items[i], *t = use_after(ch, i);
		const rt_column *cur =
		    (c && rt_streq(c->collation.name, from->name)) || !t ? c
									 : t;
		rt_step *s =
		    step_on(p, RT_OP_ALTER_COLUMN_TYPE, RT_KIND_COLUMN, c, t);
		s->type = cur->type;
		s->collation.schema = to->schema;
		s->collation.name = to->name;
		s->using = RT_USING_NONE;
	}
	step(p, RT_OP_DROP_COLLATION, from, NULL)->name = old;
}

/* ---- extensions ---- */

/* Compares dotted version strings numerically ("1.10" > "1.9"). */
static int version_cmp(const char *x, const char *y)
{
	while (*x || *y) {
		if (*x >= '0' && *x <= '9' && *y >= '0' && *y <= '9') {
			char *ex, *ey;
			unsigned long long a = strtoull(x, &ex, 10);
			unsigned long long c = strtoull(y, &ey, 10);
			if (a != c)
				return a < c ? -1 : 1;
			x = ex;
			y = ey;
			continue;
		}
		if (*x != *y)
			return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
		x++;
		y++;
	}
	return 0;
}

static void alter_extension(planner *p)
{
	const rt_extension *f = p->ch->before, *t = p->ch->after;
	bool moved = f->schema && t->schema && strcmp(f->schema, t->schema);
	bool versions =
	    f->version && t->version && strcmp(f->version, t->version) != 0;

	if (versions && version_cmp(t->version, f->version) < 0) {
		/* no downgrade scripts: drop and create */
		step(p, RT_OP_DROP_EXTENSION, f, NULL);
		step(p, RT_OP_CREATE_EXTENSION, NULL, t);
		return;
	}
	if (moved)
		step(p, RT_OP_ALTER_EXTENSION_SCHEMA, f, t);
	if (versions)
		step(p, RT_OP_ALTER_EXTENSION_UPDATE, f, t);
}

/* ---- one change ---- */

/* Changes that are one statement, by change kind. */
static const rt_op simple_ops[RT_CH__COUNT] = {
    [RT_CH_CREATE_SCHEMA] = RT_OP_CREATE_SCHEMA,
    [RT_CH_DROP_SCHEMA] = RT_OP_DROP_SCHEMA,
    [RT_CH_CREATE_EXTENSION] = RT_OP_CREATE_EXTENSION,
    [RT_CH_DROP_EXTENSION] = RT_OP_DROP_EXTENSION,
    [RT_CH_CREATE_COLLATION] = RT_OP_CREATE_COLLATION,
    [RT_CH_CREATE_ENUM] = RT_OP_CREATE_ENUM,
    [RT_CH_ADD_ENUM_VALUE] = RT_OP_ADD_ENUM_VALUE,
    [RT_CH_CREATE_SEQUENCE] = RT_OP_CREATE_SEQUENCE,
    [RT_CH_DROP_SEQUENCE] = RT_OP_DROP_SEQUENCE,
    [RT_CH_ALTER_SEQUENCE] = RT_OP_ALTER_SEQUENCE,
    [RT_CH_ALTER_SEQUENCE_OWNER] = RT_OP_ALTER_SEQUENCE_OWNER,
    [RT_CH_CREATE_TABLE] = RT_OP_CREATE_TABLE,
    [RT_CH_DROP_TABLE] = RT_OP_DROP_TABLE,
    [RT_CH_ADD_COLUMN] = RT_OP_ADD_COLUMN,
    [RT_CH_DROP_COLUMN] = RT_OP_DROP_COLUMN,
    [RT_CH_SET_DEFAULT] = RT_OP_SET_DEFAULT,
    [RT_CH_DROP_DEFAULT] = RT_OP_DROP_DEFAULT,
    [RT_CH_SET_NOT_NULL] = RT_OP_SET_NOT_NULL,
    [RT_CH_DROP_NOT_NULL] = RT_OP_DROP_NOT_NULL,
    [RT_CH_ADD_IDENTITY] = RT_OP_ADD_IDENTITY,
    [RT_CH_DROP_IDENTITY] = RT_OP_DROP_IDENTITY,
    [RT_CH_ALTER_IDENTITY] = RT_OP_ALTER_IDENTITY,
    [RT_CH_RENAME_IDENTITY_SEQUENCE] = RT_OP_RENAME_IDENTITY_SEQUENCE,
    [RT_CH_DROP_EXPRESSION] = RT_OP_DROP_EXPRESSION,
    [RT_CH_ADD_CONSTRAINT] = RT_OP_ADD_CONSTRAINT,
    [RT_CH_DROP_CONSTRAINT] = RT_OP_DROP_CONSTRAINT,
    [RT_CH_CREATE_INDEX] = RT_OP_CREATE_INDEX,
    [RT_CH_DROP_INDEX] = RT_OP_DROP_INDEX,
    [RT_CH_ATTACH_PARTITION] = RT_OP_ATTACH_PARTITION,
    [RT_CH_DETACH_PARTITION] = RT_OP_DETACH_PARTITION,
    [RT_CH_ADD_INHERIT] = RT_OP_ADD_INHERIT,
    [RT_CH_DROP_INHERIT] = RT_OP_DROP_INHERIT,
    [RT_CH_SET_PERSISTENCE] = RT_OP_SET_PERSISTENCE,
    [RT_CH_SET_COMMENT] = RT_OP_COMMENT,
    [RT_CH_UNMANAGED] = RT_OP_NOTE,
    [RT_CH_CREATE_OBJECT] = RT_OP_CREATE_OBJECT,
    [RT_CH_DROP_OBJECT] = RT_OP_DROP_OBJECT,
    [RT_CH_ALTER_OBJECT] = RT_OP_ALTER_OBJECT,
    [RT_CH_MAYBE_CHANGED] = RT_OP_NOTE,
    [RT_CH_GRANT] = RT_OP_GRANT,
    [RT_CH_REVOKE] = RT_OP_REVOKE,
    [RT_CH_SET_RLS] = RT_OP_SET_RLS,
    [RT_CH_SET_TABLE_OPTIONS] = RT_OP_SET_TABLE_OPTIONS,
    [RT_CH_SET_REPLICA_IDENTITY] = RT_OP_SET_REPLICA_IDENTITY,
    [RT_CH_SET_CLUSTER] = RT_OP_SET_CLUSTER,
    [RT_CH_SET_COLUMN_OPTIONS] = RT_OP_SET_COLUMN_OPTIONS,
};

/* ---- domains ---- */

static bool has_check(const rt_domain *d, const rt_domain_check *k)
{
	for (size_t i = 0; i < d->checks.len; i++) {
		const rt_domain_check *x = d->checks.items[i];
		if (rt_streq(x->name, k->name) &&
		    rt_streq(x->expr ? x->expr->key : NULL,
			     k->expr ? k->expr->key : NULL) &&
		    x->not_valid == k->not_valid)
			return true;
	}
	return false;
}

/* true when check k (NOT VALID in one domain) is d's same check,
 * validated: VALIDATE CONSTRAINT, not a drop and an add */
static bool validated(const rt_domain *d, const rt_domain_check *k)
{
	for (size_t i = 0; k->not_valid && i < d->checks.len; i++) {
		const rt_domain_check *x = d->checks.items[i];
		if (rt_streq(x->name, k->name) && !x->not_valid &&
		    rt_streq(x->expr ? x->expr->key : NULL,
			     k->expr ? k->expr->key : NULL))
			return true;
	}
	return false;
}

/* A domain changed in place: one ALTER DOMAIN per difference, checks
 * dropped before the new ones are added. */
static void alter_domain(planner *p)
{
	const rt_domain *f = p->ch->before, *t = p->ch->after;
	const char *fk = f->default_expr ? f->default_expr->key : NULL;
	const char *tk = t->default_expr ? t->default_expr->key : NULL;

	for (size_t i = 0; i < f->checks.len; i++) {
		const rt_domain_check *k = f->checks.items[i];
		if (!has_check(t, k) && !validated(t, k))
			step(p, RT_OP_ALTER_DOMAIN_DROP_CHECK, f, t)->name =
			    k->name;
	}
	if (!rt_streq(fk, tk))
		step(p, RT_OP_ALTER_DOMAIN_DEFAULT, f, t);
	if (f->not_null != t->not_null)
		step(p, RT_OP_ALTER_DOMAIN_NOT_NULL, f, t);
	for (size_t i = 0; i < t->checks.len; i++) {
		const rt_domain_check *k = t->checks.items[i];
		bool v = false;
		for (size_t j = 0; j < f->checks.len && !v; j++)
			v = validated(t, f->checks.items[j]) &&
			    rt_streq(
				((const rt_domain_check *)f->checks.items[j])
				    ->name,
				k->name);
		if (v)
			step(p, RT_OP_ALTER_DOMAIN_VALIDATE, f, t)->name =
			    k->name;
		else if (!has_check(f, k))
			step(p, RT_OP_ALTER_DOMAIN_ADD_CHECK, f, t)->name =
			    k->name;
	}
}

/* A new domain gets its NOT VALID checks afterwards (CREATE DOMAIN
 * validates every check); a new rule that is not simply enabled gets its
 * switch. */
static bool create_object(planner *p)
{
	const rt_change *ch = p->ch;
	if (ch->obj == RT_KIND_DOMAIN) {
		const rt_domain *d = ch->after;
		step(p, RT_OP_CREATE_OBJECT, NULL, d);
		for (size_t i = 0; i < d->checks.len; i++) {
			const rt_domain_check *k = d->checks.items[i];
			if (k->not_valid)
				step(p, RT_OP_ALTER_DOMAIN_ADD_CHECK, NULL, d)
				    ->name = k->name;
		}
		return true;
	}
	if (ch->obj == RT_KIND_RULE) {
		const rt_rule *r = ch->after;
		step(p, RT_OP_CREATE_OBJECT, NULL, r);
		if (r->enabled && r->enabled != 'O')
			step(p, RT_OP_ALTER_OBJECT, NULL, r);
		return true;
	}
	return false;
}

/* ---- renames ---- */

static int plan_rename(planner *p, rt_error *err)
{
	const rt_change *ch = p->ch;
	rt_op op;

	switch (ch->rename ? ch->rename->kind : RT_KIND_UNMANAGED) {
	case RT_KIND_TABLE:
		op = RT_OP_RENAME_TABLE;
		break;
	case RT_KIND_COLUMN:
		op = RT_OP_RENAME_COLUMN;
		break;
	case RT_KIND_CONSTRAINT:
		op = RT_OP_RENAME_CONSTRAINT;
		break;
	case RT_KIND_INDEX:
		op = RT_OP_RENAME_INDEX;
		break;
	case RT_KIND_SEQUENCE:
		op = RT_OP_RENAME_SEQUENCE;
		break;
	default:
		return rt_errorf(err, RT_EINTERNAL,
				 "cannot plan a rename of this kind");
	}
	step(p, op, ch->before, ch->after)->name = ch->rename->new_name;
	return 0;
}

static int plan_change(planner *p, rt_error *err)
{
	const rt_change *ch = p->ch;

	switch (ch->kind) {
	case RT_CH_CREATE_OBJECT:
		if (create_object(p))
			return 0;
		break;
	case RT_CH_ALTER_EXTENSION_VERSION:
		alter_extension(p);
		return 0;
	case RT_CH_DROP_COLLATION:
		step(p, RT_OP_DROP_COLLATION, ch->before, NULL)->name =
		    ((const rt_collation *)ch->before)->name;
		return 0;
	case RT_CH_REPLACE_COLLATION:
		replace_collation(p);
		return 0;
	case RT_CH_DROP_ENUM:
		step(p, RT_OP_DROP_TYPE, ch->before, NULL)->name =
		    ((const rt_enum *)ch->before)->name;
		return 0;
	case RT_CH_REPLACE_ENUM:
		replace_enum(p);
		return 0;
	case RT_CH_ALTER_COLUMN_TYPE:
		alter_column_type(p, ch->before, ch->after);
		return 0;
	case RT_CH_SET_TABLE_OPTIONS:
	case RT_CH_SET_REPLICA_IDENTITY:
	case RT_CH_SET_CLUSTER:
	case RT_CH_SET_COLUMN_OPTIONS:
		if (!ch->after)
			return 0; /* of an object dropped: for the inverse */
		break;
	case RT_CH_ALTER_OBJECT:
		if (ch->obj != RT_KIND_DOMAIN)
			break;
		alter_domain(p);
		return 0;
	case RT_CH_RENAME:
		return plan_rename(p, err);
	default:
		break;
	}
	if ((unsigned)ch->kind >= RT_CH__COUNT ||
	    simple_ops[ch->kind] == RT_OP_NONE)
		return rt_errorf(err, RT_EINTERNAL,
				 "cannot plan change kind %d", (int)ch->kind);
	step(p, simple_ops[ch->kind], ch->before, ch->after);
	return 0;
}

int rt_plan(rt_vec *out, rt_arena *a, const rt_vec *changes, rt_error *err)
{
	planner p = {.out = out, .a = a};
	size_t first = out->len;

	for (size_t i = 0; i < changes->len; i++) {
		p.ch = changes->items[i];
		if (plan_change(&p, err) < 0)
			return -1;
	}
	for (size_t i = first; i < out->len; i++)
		rt_plan__safety(out->items[i]);
	return 0;
}
