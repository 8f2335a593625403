/* SPDX-License-Identifier: MIT */
/*
 * rt_plan_park: a migration's dropped tables and columns parked instead of
 * destroyed. The up's DROP TABLE becomes a move into the migration's park
 * schema, its DROP COLUMN a copy of the values (keyed by the primary key)
 * then the drop; the down's matching CREATE TABLE and ADD COLUMN become
 * the restores. What cannot be parked stays a drop, with a note why.
 */
#include "base/common.h"
#include "plan/plan.h"
#include "plan/plan_int.h"

/* PostgreSQL's identifier limit (NAMEDATALEN - 1). */
#define NAME_MAX_BYTES 63

typedef struct parker {
	rt_arena *a;
	const rt_park_opts *o;
	const char *schema; /* retort_park_<prefix> */
	rt_vec parks;	    /* rt_park *: every park, in up's order */
	rt_vec tables;	    /* const rt_table *: the parked tables */
	rt_vec sequences;   /* const rt_sequence *: owned by them */
	rt_vec *notes;
} parker;

static bool name_used(const parker *p, const char *name)
{
	for (size_t i = 0; i < p->parks.len; i++)
		if (!strcmp(((const rt_park *)p->parks.items[i])->name, name))
			return true;
	return false;
}

static void note(parker *p, const char *what, const char *why)
{
	rt_vec_push(
	    p->notes, p->a,
	    rt_arena_printf(p->a, "%s is dropped, not parked: %s", what, why));
}

static rt_park *new_park(parker *p, const char *name, const char *source)
{
	rt_park *k = RT_NEW(p->a, rt_park);
	k->version = p->o->version;
	k->migration = p->o->migration;
	k->schema = p->schema;
	k->name = name;
	k->source = source;
	rt_vec_push(&p->parks, p->a, k);
	return k;
}

/* true when step s drops object o (by kind and name: a step may hold a
 * copy of the object it drops). */
static bool drops(const rt_step *s, const rt_object *o)
{
	const rt_object *x = s->object;

	switch (s->op) {
	case RT_OP_DROP_TYPE:
	case RT_OP_DROP_SEQUENCE:
	case RT_OP_DROP_COLLATION:
	case RT_OP_DROP_OBJECT:
		return x && x->kind == o->kind &&
		       rt_streq(x->schema, o->schema) &&
		       rt_streq(x->name, o->name);
	default:
		return false;
	}
}

/* An object one of deps (rt_object *) names that a step of up drops, but
 * a sequence t owns (it goes along with t); NULL when none. */
static const rt_object *dropped_dep(const rt_vec *up, const rt_table *t,
				    const rt_vec *deps)
{
	for (size_t i = 0; i < deps->len; i++) {
		const rt_object *d = deps->items[i];
		if (d->kind == RT_KIND_SEQUENCE) {
			const rt_sequence *q = deps->items[i];
			if (rt_streq(q->owned_by_table.schema, t->schema) &&
			    rt_streq(q->owned_by_table.name, t->name))
				continue;
		}
		for (size_t j = 0; j < up->len; j++)
			if (drops(up->items[j], d))
				return d;
	}
	return NULL;
}

/* What table t (its columns, its constraints but foreign keys, which are
 * dropped anyway) uses that the migration drops: a type, a sequence, a
 * function, a collation. A parked table would hold it back (DROP TYPE
 * fails while a column has the type). NULL when nothing. */
static const rt_object *uses_dropped(const rt_vec *up, const rt_table *t)
{
	const rt_object *d = dropped_dep(up, t, &t->obj.deps);
	for (size_t i = 0; !d && i < t->columns.len; i++)
		d = dropped_dep(
		    up, t, &((const rt_column *)t->columns.items[i])->deps);
	for (size_t i = 0; !d && i < t->constraints.len; i++) {
		const rt_constraint *k = t->constraints.items[i];
		if (k->type != RT_CON_FOREIGN)
			d = dropped_dep(up, t, &k->deps);
	}
	return d;
}

/* Why table t cannot be parked under its name, NULL when it can. */
static const char *table_refusal(const parker *p, const rt_vec *up,
				 const rt_table *t)
{
	const rt_object *d = uses_dropped(up, t);
	if (d)
		return rt_arena_printf(p->a,
				       "it uses %s.%s, which the migration "
				       "drops too",
				       d->schema, d->name);
	if (t->relkind == RT_REL_PARTITIONED || t->partition_of.name ||
	    t->inherits.len || t->maybe_parent)
		return "a table in a partition or inheritance tree moves "
		       "alone, not with its relatives";
	if (strlen(t->name) > NAME_MAX_BYTES)
		return "its name is too long";
	if (name_used(p, t->name))
		return "the migration parks another table of that name";
	return NULL;
}

static bool same_type(const rt_column *x, const rt_column *y)
{
	return rt_streq(x->type.schema, y->type.schema) &&
	       rt_streq(x->type.name, y->type.name);
}

/* Why column c cannot be parked (NULL when it can), with its table's
 * primary key columns appended to key. */
static const char *column_refusal(rt_vec *key, parker *p, const rt_column *c,
				  const rt_schema *to, const char *name)
{
	const rt_table *t = c->table;
	const rt_constraint *pk = rt_table_primary_key(t);
	const rt_table *tt =
	    to ? rt_schema_find_table(to, t->schema, t->name) : NULL;
	const rt_constraint *tpk = tt ? rt_table_primary_key(tt) : NULL;

	if (c->generated)
		return "a generated column's values are computed again when "
		       "the down adds it back";
	if (c->identity)
		return "an identity column's values cannot be written back";
	if (!pk || !pk->columns.len)
		return "its table has no primary key to keep its values by";
	if (!tt || !tpk || tpk->columns.len != pk->columns.len)
		return "its table's primary key changes in the same migration";
	for (size_t i = 0; i < pk->columns.len; i++) {
		const char *kn = pk->columns.items[i];
		const rt_column *kc = rt_table_find_column(t, kn);
		const rt_column *tc = rt_table_find_column(tt, kn);
		if (!strcmp(kn, c->name))
			return "it is part of its table's primary key";
		if (!kc || !tc || !same_type(kc, tc) ||
		    !rt_streq(kn, tpk->columns.items[i]))
			return "its table's primary key changes in the same "
			       "migration";
		rt_vec_push(key, p->a, (void *)kc);
	}
	if (strlen(name) > NAME_MAX_BYTES)
		return "the name of its archive table (table__column) is too "
		       "long";
	if (name_used(p, name))
		return "the migration parks another object under the same "
		       "archive name";
	return NULL;
}

static void park_table(parker *p, const rt_vec *up, rt_step *s)
{
	if (s->op == RT_OP_DROP_TABLE) {
		const rt_table *t = s->object;
		const char *why = table_refusal(p, up, t);
		const char *src =
		    rt_arena_printf(p->a, "%s.%s", t->schema, t->name);
		if (why) {
			note(p, rt_arena_printf(p->a, "table %s", src), why);
			return;
		}
		s->op = RT_OP_PARK_TABLE;
		s->park = new_park(p, t->name, src);
		rt_vec_push(&p->tables, p->a, (void *)t);
		rt_plan__safety(s);
	}
}

static bool is_parked_table(const parker *p, const char *schema,
			    const char *name)
{
	for (size_t i = 0; i < p->tables.len; i++) {
		const rt_table *t = p->tables.items[i];
		if (rt_streq(t->schema, schema) && rt_streq(t->name, name))
			return true;
	}
	return false;
}

static bool owned_by_parked(const parker *p, const rt_sequence *q)
{
	return q && q->owned_by_table.name &&
	       is_parked_table(p, q->owned_by_table.schema,
			       q->owned_by_table.name);
}

static bool is_along_sequence(const parker *p, const rt_sequence *q)
{
	for (size_t i = 0; i < p->sequences.len; i++) {
		const rt_sequence *x = p->sequences.items[i];
		if (rt_streq(x->schema, q->schema) &&
		    rt_streq(x->name, q->name))
			return true;
	}
	return false;
}

/* The sequences a parked table's columns own: the diff takes them off
 * the column (OWNED BY NONE) and drops them in up, and creates and owns
 * them again in down, each step on its own copy of the sequence, so
 * they are found by name from the ownership steps. */
static void find_sequences(parker *p, const rt_vec *steps)
{
	for (size_t i = 0; i < steps->len; i++) {
		const rt_step *s = steps->items[i];
		if (s->op != RT_OP_ALTER_SEQUENCE_OWNER)
			continue;
		if (owned_by_parked(p, s->object))
			rt_vec_push(&p->sequences, p->a, (void *)s->object);
		else if (owned_by_parked(p, s->target))
			rt_vec_push(&p->sequences, p->a, (void *)s->target);
	}
}

/* true when step s (of up or down) is about an object that goes along
 * with a parked table: one of its indexes, a sequence one of its columns
 * owns. */
static bool goes_along(const parker *p, const rt_step *s)
{
	const void *o = s->object ? s->object : s->target;

	switch (s->op) {
	case RT_OP_DROP_INDEX:
	case RT_OP_CREATE_INDEX: {
		const rt_index *ix = o;
		return is_parked_table(p, ix->table.schema, ix->table.name);
	}
	case RT_OP_DROP_SEQUENCE:
	case RT_OP_CREATE_SEQUENCE:
	case RT_OP_ALTER_SEQUENCE:
	case RT_OP_ALTER_SEQUENCE_OWNER:
		return is_along_sequence(p, o);
	default:
		return false;
	}
}

static const rt_park *find_park(const parker *p, const char *source)
{
	for (size_t i = 0; i < p->parks.len; i++) {
		const rt_park *k = p->parks.items[i];
		if (!strcmp(k->source, source))
			return k;
	}
	return NULL;
}

static rt_step *new_step(parker *p, rt_op op, const rt_step *like)
{
	rt_step *s = RT_NEW(p->a, rt_step);
	s->op = op;
	s->change = like->change;
	s->kind = like->kind;
	/* on the same table as the park or restore it goes with (for the
	 * facts and the header: describe names the table) */
	s->object = like->object;
	s->target = like->target;
	s->park = like->park;
	rt_plan__safety(s);
	return s;
}

static void park_columns(parker *p, rt_vec *up, const rt_schema *to)
{
	for (size_t i = 0; i < up->len; i++) {
		rt_step *s = up->items[i];
		const rt_column *c = s->object;
		rt_vec key = {0};
		if (s->op != RT_OP_DROP_COLUMN)
			continue;
		const char *name =
		    rt_arena_printf(p->a, "%s__%s", c->table->name, c->name);
		const char *src =
		    rt_arena_printf(p->a, "%s.%s.%s", c->table->schema,
				    c->table->name, c->name);
		const char *why = column_refusal(&key, p, c, to, name);
		if (why) {
			note(p, rt_arena_printf(p->a, "column %s", src), why);
			continue;
		}
		rt_park *k = new_park(p, name, src);
		k->key = key;
		s->op = RT_OP_PARK_COLUMN;
		s->park = k;
		rt_plan__safety(s);
	}
}

/* The position of column c in its table. */
static size_t column_pos(const rt_column *c)
{
	for (size_t i = 0; i < c->table->columns.len; i++)
		if (c->table->columns.items[i] == c)
			return i;
	return SIZE_MAX;
}

/* The inverse of dropping columns adds them back last first: consecutive
 * restores of one table's columns are put back in the table's order, so
 * that columns that were last come back in their places. */
static void restore_in_order(rt_vec *down)
{
	for (size_t i = 1; i < down->len; i++)
		for (size_t j = i; j > 0; j--) {
			rt_step *x = down->items[j - 1], *y = down->items[j];
			const rt_column *cx = x->target, *cy = y->target;
			if (x->op != RT_OP_RESTORE_COLUMN ||
			    y->op != RT_OP_RESTORE_COLUMN ||
			    cx->table != cy->table ||
			    column_pos(cx) < column_pos(cy))
				break;
			down->items[j - 1] = y;
			down->items[j] = x;
		}
}

void rt_plan_park(rt_vec *up, rt_vec *down, rt_vec *notes, rt_arena *a,
		  const rt_schema *to, const rt_park_opts *o)
{
	parker p = {.a = a, .o = o, .notes = notes};
	size_t first = SIZE_MAX, last = SIZE_MAX, w = 0;

	p.schema = rt_arena_printf(a, "%s%s", RT_PARK_SCHEMA_PREFIX, o->prefix);
	/* tables first, so that a column's archive name cannot take a
	 * parked table's */
	for (size_t i = 0; i < up->len; i++)
		park_table(&p, up, up->items[i]);
	park_columns(&p, up, to);
	if (!p.parks.len)
		return;

	/* up: what goes along is not dropped; PARK_BEGIN before the first
	 * park */
	find_sequences(&p, up);
	find_sequences(&p, down);
	for (size_t i = 0; i < up->len; i++) {
		rt_step *s = up->items[i];
		if (goes_along(&p, s))
			continue;
		up->items[w++] = s;
	}
	up->len = w;
	for (size_t i = 0; i < up->len && first == SIZE_MAX; i++) {
		const rt_step *s = up->items[i];
		if (s->op == RT_OP_PARK_TABLE || s->op == RT_OP_PARK_COLUMN)
			first = i;
	}
	rt_vec_insert(up, a, first,
		      new_step(&p, RT_OP_PARK_BEGIN, up->items[first]));

	/* down: the creates that undo a park restore it; what goes along
	 * comes back with its table */
	w = 0;
	for (size_t i = 0; i < down->len; i++) {
		rt_step *s = down->items[i];
		const rt_park *k = NULL;
		if (s->op == RT_OP_CREATE_TABLE) {
			const rt_table *t = s->target;
			k = find_park(&p, rt_arena_printf(a, "%s.%s", t->schema,
							  t->name));
			if (k)
				s->op = RT_OP_RESTORE_TABLE;
		} else if (s->op == RT_OP_ADD_COLUMN) {
			const rt_column *c = s->target;
			k = find_park(
			    &p, rt_arena_printf(a, "%s.%s.%s", c->table->schema,
						c->table->name, c->name));
			if (k)
				s->op = RT_OP_RESTORE_COLUMN;
		} else if (goes_along(&p, s)) {
			continue;
		}
		if (k) {
			s->park = k;
			rt_plan__safety(s);
			last = w;
		}
		down->items[w++] = s;
	}
	down->len = w;
	restore_in_order(down);
	if (last != SIZE_MAX)
		rt_vec_insert(down, a, last + 1,
			      new_step(&p, RT_OP_PARK_END, down->items[last]));
}
