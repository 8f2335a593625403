/* SPDX-License-Identifier: MIT */
/*
 * rt_plan_safe: the plain plan (plan.c), then each step on a table that
 * exists already replaced by PostgreSQL's safe form where one exists
 * (reference/postgres-ddl-safety.md sections 1 and 5; rule numbers in
 * the comments). A table the changes create is empty and unseen: it keeps
 * the plain forms (section 1i). Steps that must not hold the migration's
 * locks (CONCURRENTLY, VALIDATE, a batched backfill) are marked to run
 * outside its transaction; the runner then commits what came before, so
 * they run in a later transaction. Because a failure after such a step
 * leaves what came before committed and the whole migration runs again,
 * the steps a safe form writes can run twice: an index build is preceded
 * by DROP INDEX CONCURRENTLY IF EXISTS (a failed CREATE INDEX CONCURRENTLY
 * leaves an INVALID index of that name), a NOT VALID constraint by DROP
 * CONSTRAINT IF EXISTS in the same ALTER TABLE, a column by IF NOT EXISTS.
 */
#include "base/common.h"
#include "plan/plan.h"
#include "plan/plan_int.h"

typedef struct safe_planner {
	rt_arena *a;
	const rt_plan_opts *o;
	rt_vec *out;
	rt_vec *refusals;
	rt_vec new_tables; /* rt_qname *: tables the steps create */
} safe_planner;

static bool same_table(rt_qname q, const char *schema, const char *name)
{
	return rt_streq(q.schema, schema) && rt_streq(q.name, name);
}

/* The table (schema, name) as it is before the changes, when it exists
 * then and the changes do not create it; NULL otherwise. fallback: the
 * table the step's own object names (used when there is no from). */
static const rt_table *existing(const safe_planner *p, const char *schema,
				const char *name, const rt_table *fallback)
{
	for (size_t i = 0; i < p->new_tables.len; i++)
		if (same_table(*(rt_qname *)p->new_tables.items[i], schema,
			       name))
			return NULL;
	if (p->o->from)
		return rt_schema_find_table(p->o->from, schema, name);
	return fallback;
}

/* PostgreSQL 15 has no CONCURRENTLY and no NOT VALID foreign key on a
 * partitioned table (R40, R50, R59). */
static bool partitioned(const rt_table *t)
{
	return t->relkind == RT_REL_PARTITIONED || t->partition_key;
}

static rt_step *add(safe_planner *p, const rt_step *like, rt_op op)
{
	rt_step *s = RT_NEW(p->a, rt_step);
	*s = *like;
	s->op = op;
	s->safe = NULL;
	rt_vec_push(p->out, p->a, s);
	return s;
}

static void facts(rt_step *s)
{
	rt_plan__safety(s);
}

static const char *col_words(safe_planner *p, const rt_column *c)
{
	return rt_arena_printf(p->a, "%s.%s.%s", c->table->schema,
			       c->table->name, c->name);
}

/* ---- indexes (R49-R52) ---- */

static bool index_step(safe_planner *p, const rt_step *st)
{
	const rt_index *ix =
	    st->op == RT_OP_CREATE_INDEX ? st->target : st->object;
	const rt_table *t =
	    existing(p, ix->table.schema ? ix->table.schema : ix->schema,
		     ix->table.name, NULL);
	rt_step *s;

	if (!t || partitioned(t))
		return false;
	if (st->op == RT_OP_DROP_INDEX) {
		s = add(p, st, RT_OP_DROP_INDEX);
		s->concurrently = s->if_exists = true;
		facts(s);
		s->safe = "DROP INDEX CONCURRENTLY outside the migration's "
			  "transaction: no ACCESS EXCLUSIVE lock, reads and "
			  "writes go on";
		return true;
	}
	/* an INVALID index a failed build left under this name: the
	 * changes create it, so it was not there before them */
	s = add(p, st, RT_OP_DROP_INDEX);
	s->object = NULL;
	s->target = ix;
	s->concurrently = s->if_exists = s->temporary = true;
	facts(s);
	s->safe = "CREATE INDEX CONCURRENTLY outside the migration's "
		  "transaction: writes go on during the build; DROP INDEX "
		  "CONCURRENTLY IF EXISTS first removes an invalid index a "
		  "failed build left, so a rerun builds it again";
	s = add(p, st, RT_OP_CREATE_INDEX);
	s->concurrently = true;
	facts(s);
	return true;
}

/* ---- constraints (R37-R42) ---- */

/* ADD CONSTRAINT k NOT VALID (after DROP CONSTRAINT IF EXISTS k), then
 * VALIDATE CONSTRAINT k outside the migration's transaction. */
static rt_step *add_then_validate(safe_planner *p, const rt_step *like,
				  const rt_constraint *k, bool temporary)
{
	rt_step *first = add(p, like, RT_OP_ADD_CONSTRAINT);
	rt_step *v;

	first->kind = RT_KIND_CONSTRAINT;
	first->object = NULL;
	first->target = k;
	first->not_valid = first->rerunnable = true;
	first->temporary = temporary;
	facts(first);
	v = add(p, first, RT_OP_VALIDATE_CONSTRAINT);
	facts(v);
	return first;
}

static bool constraint_step(safe_planner *p, const rt_step *st)
{
	const rt_constraint *k = st->target;
	const rt_table *t;
	rt_step *s;

	if (k->not_valid ||
	    (k->type != RT_CON_FOREIGN && k->type != RT_CON_CHECK))
		return false;
	t = existing(p, k->table->schema, k->table->name, k->table);
	if (!t || partitioned(t))
		return false;
	s = add_then_validate(p, st, k, false);
	s->safe = "added NOT VALID (catalog only, no scan under the lock), "
		  "then VALIDATE CONSTRAINT in a transaction of its own "
		  "(SHARE UPDATE EXCLUSIVE: reads and writes go on)";
	return true;
}

/* ---- NOT NULL (R30, R31, R38, R39) ---- */

/* The CHECK (col IS NOT NULL) behind a SET NOT NULL, named
 * <table>_<column>_not_null within PostgreSQL's 63 bytes. */
static const rt_constraint *not_null_check(safe_planner *p, const rt_column *c)
{
	rt_constraint *k = RT_NEW(p->a, rt_constraint);
	rt_buf b = RT_BUF_INIT;
	char *name =
	    rt_arena_printf(p->a, "%s_%s_not_null", c->table->name, c->name);

	if (strlen(name) > 63)
		name[63] = '\0';
	k->kind = RT_KIND_CONSTRAINT;
	k->schema = c->table->schema;
	k->name = name;
	k->owner = &c->table->obj;
	k->table = c->table;
	k->type = RT_CON_CHECK;
	k->not_valid = true;
	k->is_local = true;
	rt_buf_add_ident(&b, RT_DIALECT_PG, c->name);
	rt_buf_adds(&b, " IS NOT NULL");
	k->expr = RT_NEW(p->a, rt_expr);
	k->expr->text = rt_arena_strdup(p->a, b.data);
	k->expr->key = k->expr->text;
	rt_buf_release(&b);
	return k;
}

/* The CHECK route to NOT NULL on column c (target: as the change leaves
 * it); returns its first step. */
static rt_step *not_null_route(safe_planner *p, const rt_step *like,
			       const rt_column *c)
{
	const rt_constraint *k = not_null_check(p, c);
	rt_step *first = add_then_validate(p, like, k, true), *s;

	s = add(p, like, RT_OP_SET_NOT_NULL);
	s->kind = RT_KIND_COLUMN;
	s->object = c;
	s->target = c;
	s->not_valid = s->rerunnable = false;
	facts(s);
	s->scan = false; /* R31: the validated CHECK proves it */
	s = add(p, first, RT_OP_DROP_CONSTRAINT);
	s->object = k;
	s->target = NULL;
	s->not_valid = s->rerunnable = false;
	facts(s);
	return first;
}

static bool set_not_null_step(safe_planner *p, const rt_step *st)
{
	const rt_column *c = st->target ? st->target : st->object;
	const rt_table *t =
	    existing(p, c->table->schema, c->table->name, c->table);
	rt_step *s;

	if (!t || partitioned(t))
		return false;
	s = not_null_route(p, st, c);
	s->safe = "through CHECK (... IS NOT NULL) NOT VALID, VALIDATE in a "
		  "transaction of its own, then SET NOT NULL without a scan "
		  "and the CHECK dropped";
	return true;
}

/* ---- columns added (R13-R17) ---- */

static rt_backfill *backfill_for(safe_planner *p, const rt_column *c)
{
	for (size_t i = 0; i < p->o->backfills.len; i++) {
		rt_backfill *b = p->o->backfills.items[i];
		if (rt_streq(b->schema, c->table->schema) &&
		    rt_streq(b->table, c->table->name) &&
		    rt_streq(b->column, c->name))
			return b;
	}
	return NULL;
}

/* c as ADD COLUMN first writes it: nullable, without a default. */
static const rt_column *bare(safe_planner *p, const rt_column *c)
{
	rt_column *b = RT_NEW(p->a, rt_column);
	*b = *c;
	b->not_null = false;
	b->default_expr = NULL;
	return b;
}

static void refuse(safe_planner *p, const rt_step *st, const rt_column *c)
{
	rt_refusal *r = RT_NEW(p->a, rt_refusal);
	rt_step *plain = RT_NEW(p->a, rt_step);
	const char *n = col_words(p, c);

	*plain = *st;
	plain->rerunnable = false; /* the statement as the user wrote it */
	r->step = plain;
	r->hazard = rt_arena_printf(
	    p->a,
	    "a NOT NULL column without a default fails on a table with rows "
	    "('column \"%s\" contains null values'), under an ACCESS "
	    "EXCLUSIVE lock",
	    c->name);
	r->instead = rt_arena_printf(
	    p->a,
	    "1. add %s nullable; 2. backfill it in batches outside a "
	    "transaction; 3. set NOT NULL through CHECK (%s IS NOT NULL) NOT "
	    "VALID, VALIDATE CONSTRAINT, SET NOT NULL, DROP CONSTRAINT; "
	    "--backfill %s=SQLEXPR writes these steps with that value, or "
	    "give the column a default",
	    n, c->name, n);
	rt_vec_push(p->refusals, p->a, r);
}

static bool add_column_step(safe_planner *p, const rt_step *st)
{
	const rt_column *c = st->target;
	const rt_table *t =
	    existing(p, c->table->schema, c->table->name, c->table);
	bool vol = rt_plan__volatile_default(c);
	rt_backfill *bf = NULL;
	rt_step *first, *s;

	if (!t || c->generated || c->identity)
		return false;
	if (!vol && !(c->not_null && !c->default_expr))
		return false; /* R13, R14, R17: catalog only */
	if (partitioned(t)) {
		/* batches go by ctid, which is not unique across partitions */
		if (vol || !p->o->refuse)
			return false;
		refuse(p, st, c);
		return true;
	}
	if (!vol && !(bf = backfill_for(p, c))) {
		if (!p->o->refuse)
			return false;
		refuse(p, st, c);
		return true;
	}
	if (bf)
		bf->used = true;
	first = add(p, st, RT_OP_ADD_COLUMN);
	first->target = bare(p, c);
	first->rerunnable = true;
	facts(first);
	if (vol) {
		s = add(p, st, RT_OP_SET_DEFAULT);
		s->target = c;
		facts(s);
	}
	s = add(p, st, RT_OP_BACKFILL);
	s->target = c;
	s->backfill = vol ? c->default_expr->text : bf->expr;
	facts(s);
	if (c->not_null)
		not_null_route(p, st, c);
	if (vol)
		first->safe = rt_arena_printf(
		    p->a,
		    "added without its volatile default (no table rewrite), "
		    "SET DEFAULT for new rows, existing rows backfilled in "
		    "batches outside a transaction%s",
		    c->not_null ? ", then NOT NULL through a validated CHECK"
				: "");
	else
		first->safe = rt_arena_printf(
		    p->a,
		    "added nullable, backfilled with %s in batches outside a "
		    "transaction, then NOT NULL through a validated CHECK",
		    bf->expr);
	return true;
}

/* ---- type changes (R28, section 5) ---- */

static void type_change_note(safe_planner *p, rt_step *st)
{
	const rt_column *c = st->object;
	const rt_table *t;
	rt_buf b = RT_BUF_INIT;

	if (!st->rewrite || !c || st->kind != RT_KIND_COLUMN)
		return;
	t = existing(p, c->table->schema, c->table->name, c->table);
	if (!t)
		return;
	rt_buf_addf(&b,
		    "none applied: the type change rewrites the table "
		    "under an ACCESS EXCLUSIVE lock; without downtime, expand "
		    "and contract: add column %s__new, a trigger that copies "
		    "%s into it on every write, backfill it in batches, build "
		    "its indexes CONCURRENTLY, then in one short transaction "
		    "rename %s away and %s__new to %s, and drop the old "
		    "column once no code uses it",
		    c->name, c->name, c->name, c->name, c->name);
	st->safe = rt_arena_strdup(p->a, b.data);
	rt_buf_release(&b);
}

/* ---- reruns ---- */

/* When a step of steps[first..] runs outside the transaction, what runs
 * before it is committed by then, and a failure after it runs the whole
 * migration again: the steps that PostgreSQL can write so that they
 * succeed a second time are written so (IF [NOT] EXISTS). */
static void rerunnable(rt_vec *steps, size_t first)
{
	size_t last = first;
	bool any = false;

	for (size_t i = first; i < steps->len; i++)
		if (!((const rt_step *)steps->items[i])->transaction_ok) {
			last = i;
			any = true;
		}
	for (size_t i = first; any && i < last; i++) {
		rt_step *s = steps->items[i];
		switch (s->op) {
		case RT_OP_CREATE_SCHEMA:
		case RT_OP_CREATE_SEQUENCE:
		case RT_OP_CREATE_TABLE:
		case RT_OP_ADD_COLUMN:
		case RT_OP_ADD_CONSTRAINT:
		case RT_OP_DROP_CONSTRAINT:
			s->rerunnable = true;
			break;
		case RT_OP_CREATE_INDEX:
			s->rerunnable = !s->concurrently;
			break;
		default:
			break;
		}
	}
}

/* ---- the plan ---- */

static bool one_step(safe_planner *p, rt_step *st)
{
	switch (st->op) {
	case RT_OP_CREATE_INDEX:
	case RT_OP_DROP_INDEX:
		return index_step(p, st);
	case RT_OP_ADD_CONSTRAINT:
		return constraint_step(p, st);
	case RT_OP_SET_NOT_NULL:
		return set_not_null_step(p, st);
	case RT_OP_ADD_COLUMN:
		return add_column_step(p, st);
	case RT_OP_ALTER_COLUMN_TYPE:
		type_change_note(p, st);
		return false;
	default:
		return false;
	}
}

int rt_plan_safe(rt_vec *out, rt_vec *refusals, rt_arena *a,
		 const rt_vec *changes, const rt_plan_opts *o, rt_error *err)
{
	rt_vec plain = {0};
	size_t first;
	safe_planner p = {.a = a, .o = o, .out = out, .refusals = refusals};

	if (rt_plan(&plain, a, changes, err) < 0)
		return -1;
	for (size_t i = 0; i < plain.len; i++) {
		const rt_step *s = plain.items[i];
		if (s->op == RT_OP_CREATE_TABLE) {
			const rt_table *t = s->target;
			rt_qname *q = RT_NEW(a, rt_qname);
			q->schema = t->schema;
			q->name = t->name;
			rt_vec_push(&p.new_tables, a, q);
		}
	}
	first = out->len;
	for (size_t i = 0; i < plain.len; i++) {
		rt_step *s = plain.items[i];
		if (!one_step(&p, s))
			rt_vec_push(out, a, s);
	}
	rerunnable(out, first);
	return 0;
}
