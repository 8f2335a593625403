/* SPDX-License-Identifier: MIT */
/*
 * rt_diff: compares two schemas object kind by object kind, on canonical
 * keys (never on source text), and emits typed changes with ordering keys;
 * diff_order.c sorts them. rt_diff_invert builds the down migration from
 * the changes alone. Objects are borrowed from the two schemas; the changes
 * and the few synthetic objects (a sequence without its owner) live in the
 * arena.
 */
#include "base/common.h"

#include <pthread.h>

#include "diff/diff.h"
#include "base/map.h"
#include "diff/diff_int.h"
#include "schema/kind.h"

/* A set of objects: by id (n_by_id slots; an object without an id, with
 * one past them, or whose slot another object with its id took, in map),
 * the object itself compared, so that another object with o's id (of the
 * other side, or a copy made here) is not taken for it. An array: a map
 * lookup per question was a cache miss in a large schema. */
typedef struct obj_set {
	const rt_object **by_id;
	uint32_t n_by_id;
	rt_map map;
} obj_set;

typedef struct ctx {
	rt_arena *a;
	const rt_schema *from, *to;
	rt_vec items; /* rt_diff_item * */
	size_t seq;
	/* from-side columns whose enum changes (ADD VALUE or replace): their
	 * constraints and indexes are rebuilt around it; replaced_cols: the
	 * replaced ones, whose default changes the replace itself makes */
	rt_vec enum_cols, replaced_cols;
	/* from-side constraints and indexes that go: dropped, changed, or
	 * rebuilt because something they depend on goes (see mark_goes) */
	obj_set goes;
	/* from-side columns dropped or retyped: the views, triggers,
	 * policies and rules that read them go too */
	obj_set reshaped;
	/* from-side enums replaced (renamed away, created anew): objects of
	 * the generic kinds that use them (a function's argument) would
	 * keep the old type, so they go too */
	rt_vec replaced_enums;
	/* answers of table_goes and column_goes, which depend on the two
	 * schemas only and are asked again for every privilege, comment and
	 * index of a table: by from-side object id, 0 not asked yet, 1 no,
	 * 2 yes (an array: a map lookup per question missed the cache) */
	uint8_t *known;
	uint32_t n_known;
	/* each side's tables' namesakes on the other side, found once: by
	 * object id, NULL not looked up yet, &no_table none */
	const rt_table **to_of, **from_of;
	uint32_t n_to_of, n_from_of;
} ctx;

static const rt_table no_table;

/* The remembered answer for o: 1, 0, or -1 when not asked yet. (known,
 * to_of and from_of are read and written atomically, relaxed: the later
 * phases run on two threads (rt_diff), which may both work out the same
 * answer from the two schemas, which do not change, and store it.) */
static int known_answer(const ctx *c, const rt_object *o)
{
	if (o->id == 0 || o->id >= c->n_known)
		return -1;
	uint8_t k = __atomic_load_n(&c->known[o->id], __ATOMIC_RELAXED);
	return k ? k == 2 : -1;
}

static bool remember(const ctx *c, const rt_object *o, bool answer)
{
	if (o->id != 0 && o->id < c->n_known)
		__atomic_store_n(&c->known[o->id], (uint8_t)(answer ? 2 : 1),
				 __ATOMIC_RELAXED);
	return answer;
}

/* steps of one column's changes, in execution order */
enum {
	ST_DROP_IDENTITY = 0,
	ST_DROP_EXPRESSION = 10,
	ST_DROP_DEFAULT = 20,
	ST_SEQ_SWAP = 25, /* serial <-> identity: the sequence of that name */
	ST_TYPE = 30,
	ST_SET_DEFAULT = 40,
	ST_DROP_NOT_NULL = 50,
	ST_SET_NOT_NULL = 60,
	ST_ADD_IDENTITY = 70,
	ST_ALTER_IDENTITY = 80,
	ST_RENAME_IDENTITY_SEQUENCE = 85,
};

/* ---- small comparisons ---- */

static bool expr_eq(const rt_expr *x, const rt_expr *y)
{
	if (!x || !y)
		return x == y;
	if (x->key && y->key)
		return strcmp(x->key, y->key) == 0;
	return rt_streq(x->text, y->text);
}

static bool vec_has_ptr(const rt_vec *v, const void *p)
{
	for (size_t i = 0; i < v->len; i++)
		if (v->items[i] == p)
			return true;
	return false;
}

static bool qname_eq(rt_qname x, rt_qname y)
{
	if (!x.name || !y.name)
		return x.name == y.name;
	return strcmp(x.schema, y.schema) == 0 && strcmp(x.name, y.name) == 0;
}

static bool strvec_eq(const rt_vec *x, const rt_vec *y)
{
	if (x->len != y->len)
		return false;
	for (size_t i = 0; i < x->len; i++)
		if (!rt_streq(x->items[i], y->items[i]))
			return false;
	return true;
}

static bool type_eq(rt_type x, rt_type y)
{
	return rt_streq(x.schema, y.schema) && rt_streq(x.name, y.name);
}

static rt_table *find_table(const rt_schema *s, const char *schema,
			    const char *name)
{
	return rt_schema_find_table(s, schema, name);
}

/* The table named as t (a table of the other side) in the schema on
 * side s (c->to or c->from): find_table, remembered per table. */
static rt_table *namesake_table(const ctx *c, const rt_schema *s,
				const rt_table *t)
{
	const rt_table **memo = s == c->to ? c->to_of : c->from_of;
	uint32_t n = s == c->to ? c->n_to_of : c->n_from_of;
	uint32_t id = t->obj.id;
	if (!memo || id == 0 || id >= n)
		return find_table(s, t->schema, t->name);
	const rt_table *m = __atomic_load_n(&memo[id], __ATOMIC_RELAXED);
	if (!m) {
		const rt_table *found = find_table(s, t->schema, t->name);
		m = found ? found : &no_table;
		__atomic_store_n(&memo[id], m, __ATOMIC_RELAXED);
	}
	return m == &no_table ? NULL : (rt_table *)m;
}

/* Inheritance / partition depth of t in s: 0 for a table without
 * parents. */
static int table_depth(const rt_schema *s, const rt_table *t, int guard)
{
	int d = 0;

	if (!t || guard > 16)
		return 0;
	if (t->partition_of.name) {
		rt_table *p =
		    find_table(s, t->partition_of.schema, t->partition_of.name);
		int pd = 1 + table_depth(s, p, guard + 1);
		if (pd > d)
			d = pd;
	}
	for (size_t i = 0; i < t->inherits.len; i++) {
		const rt_qname *q = t->inherits.items[i];
		rt_table *p = find_table(s, q->schema, q->name);
		int pd = 1 + table_depth(s, p, guard + 1);
		if (pd > d)
			d = pd;
	}
	return d;
}

/* true when PostgreSQL cannot turn ft into tt in place */
static bool table_recreated(const rt_table *ft, const rt_table *tt)
{
	if (!ft || !tt)
		return false;
	if (ft->relkind != tt->relkind)
		return true;
	if (ft->relkind == RT_REL_PARTITIONED &&
	    !expr_eq(ft->partition_key, tt->partition_key))
		return true;
	return false;
}

/* true when ft is dropped or recreated by this diff, its partitions with
 * it (DROP TABLE on a partitioned table drops them) */
static bool table_goes_depth(const ctx *c, const rt_table *ft, int guard)
{
	const rt_table *tt = namesake_table(c, c->to, ft);
	const rt_table *parent;

	if (!tt || table_recreated(ft, tt))
		return true;
	if (!ft->partition_of.name || guard > 16)
		return false;
	parent =
	    find_table(c->from, ft->partition_of.schema, ft->partition_of.name);
	return parent && table_goes_depth(c, parent, guard + 1);
}

static bool table_goes(const ctx *c, const rt_table *ft)
{
	int k = known_answer(c, &ft->obj);
	if (k >= 0)
		return k;
	return remember(c, &ft->obj, table_goes_depth(c, ft, 0));
}

static bool is_partition(const rt_table *t)
{
	return t->partition_of.name != NULL;
}

static bool inherits_eq(const rt_table *x, const rt_table *y)
{
	if (x->inherits.len != y->inherits.len)
		return false;
	for (size_t i = 0; i < x->inherits.len; i++)
		if (!qname_eq(*(rt_qname *)x->inherits.items[i],
			      *(rt_qname *)y->inherits.items[i]))
			return false;
	return true;
}

/*
 * Which columns of a table pair are compared: only local ones, except when
 * the table changes between partition / child / plain, where PostgreSQL
 * flips attislocal itself (DETACH, NO INHERIT) and all columns count.
 */
static bool partition_moved(const rt_table *ft, const rt_table *tt)
{
	return is_partition(ft) && is_partition(tt) &&
	       (!qname_eq(ft->partition_of, tt->partition_of) ||
		!expr_eq(ft->partition_bound, tt->partition_bound));
}

static bool consider_all_columns(const rt_table *ft, const rt_table *tt)
{
	return is_partition(ft) != is_partition(tt) ||
	       partition_moved(ft, tt) || !inherits_eq(ft, tt);
}

/* A column ALTER cannot turn into its new self: generated on one side and
 * not the other, or retyped without a cast. It is dropped and added
 * again. */
static bool column_recreated(const ctx *c, const rt_column *fc,
			     const rt_column *tc)
{
	/* no cast from the old type to the new one: drop and add (the
	 * values are lost, and DROP COLUMN says so). SQLite keeps any value
	 * in any column (a declared type is an affinity), so there a retype
	 * is always one, which its renderer carries out by copying the
	 * table's rows (render_sqlite.c) */
	if (!type_eq(fc->type, tc->type) &&
	    c->to->dialect != RT_DIALECT_SQLITE &&
	    !rt_schema_type_castable(fc->type, tc->type))
		return true;
	if (!fc->generated && tc->generated)
		return true;
	if (fc->generated && tc->generated &&
	    !expr_eq(fc->generated, tc->generated))
		return true;
	return false;
}

bool rt_diff__constraint_eq(const rt_constraint *x, const rt_constraint *y)
{
	if (x->type != y->type || x->deferrable != y->deferrable ||
	    x->initially_deferred != y->initially_deferred ||
	    x->not_valid != y->not_valid ||
	    x->nulls_not_distinct != y->nulls_not_distinct ||
	    x->no_inherit != y->no_inherit)
		return false;
	if (!strvec_eq(&x->columns, &y->columns) ||
	    !strvec_eq(&x->include, &y->include) ||
	    !strvec_eq(&x->index_options, &y->index_options))
		return false;
	if (x->type == RT_CON_FOREIGN &&
	    (!qname_eq(x->ref_table, y->ref_table) ||
	     !strvec_eq(&x->ref_columns, &y->ref_columns) ||
	     x->on_update != y->on_update || x->on_delete != y->on_delete ||
	     !strvec_eq(&x->on_delete_columns, &y->on_delete_columns) ||
	     x->match != y->match))
		return false;
	return expr_eq(x->expr, y->expr);
}

/* Constraints written inside CREATE TABLE; the others (foreign keys, NOT
 * VALID ones) are separate changes so that every table exists first. */
static bool constraint_inline(const rt_constraint *k)
{
	return k->type != RT_CON_FOREIGN && !k->not_valid;
}

/* ---- emitting ---- */

static rt_change *emit(ctx *c, rt_change_kind kind, rt_kind obj,
		       const void *before, const void *after, int phase,
		       int depth, const char *schema, const char *table, int k1,
		       int k2, const char *name)
{
	rt_change *ch = RT_NEW(c->a, rt_change);
	rt_diff_item *it = RT_NEW(c->a, rt_diff_item);

	ch->kind = kind;
	ch->obj = obj;
	ch->before = before;
	ch->after = after;
	it->c = ch;
	it->phase = phase;
	it->depth = depth;
	it->schema = schema;
	it->table = table;
	it->k1 = k1;
	it->k2 = k2;
	it->name = name;
	it->seq = c->seq++;
	rt_vec_push(&c->items, c->a, it);
	return ch;
}

/* A comment change on any object: before/after are the objects, bc/ac
 * their comments. An object about to be dropped (after NULL) has its
 * comment cleared early, so that the inverse sets it back last. */
static void comment_change(ctx *c, rt_kind obj, const void *before,
			   const void *after, const char *bc, const char *ac,
			   const char *schema, const char *table,
			   const char *name)
{
	if (rt_streq(bc, ac) || (!before && !ac) || (!after && !bc))
		return;
	emit(c, RT_CH_SET_COMMENT, obj, before, after,
	     after ? RT_PH_COMMENT : RT_PH_COMMENT_CLEAR, 0, schema, table,
	     (int)obj, 0, name);
}

/* ---- namespaces, extensions, collations ---- */

static void diff_namespaces(ctx *c)
{
	for (size_t i = 0; i < c->from->namespaces.len; i++) {
		rt_namespace *f = c->from->namespaces.items[i];
		rt_namespace *t = rt_schema_find_namespace(c->to, f->name);
		comment_change(c, RT_KIND_NAMESPACE, f, t, f->comment,
			       t ? t->comment : NULL, f->name, NULL, f->name);
		if (!t)
			emit(c, RT_CH_DROP_SCHEMA, RT_KIND_NAMESPACE, f, NULL,
			     RT_PH_DROP_SCHEMA, 0, f->name, NULL, 0, 0,
			     f->name);
	}
	for (size_t i = 0; i < c->to->namespaces.len; i++) {
		rt_namespace *t = c->to->namespaces.items[i];
		if (rt_schema_find_namespace(c->from, t->name))
			continue;
		emit(c, RT_CH_CREATE_SCHEMA, RT_KIND_NAMESPACE, NULL, t,
		     RT_PH_CREATE_SCHEMA, 0, t->name, NULL, 0, 0, t->name);
		comment_change(c, RT_KIND_NAMESPACE, NULL, t, NULL, t->comment,
			       t->name, NULL, t->name);
	}
}

static void diff_extensions(ctx *c)
{
	for (size_t i = 0; i < c->from->extensions.len; i++) {
		rt_extension *f = c->from->extensions.items[i];
		rt_extension *t = rt_schema_find_extension(c->to, f->name);
		if (!t)
			emit(c, RT_CH_DROP_EXTENSION, RT_KIND_EXTENSION, f,
			     NULL, RT_PH_DROP_EXTENSION, 0, NULL, NULL, 0, 0,
			     f->name);
		else if ((f->version && t->version &&
			  strcmp(f->version, t->version) != 0) ||
			 (f->schema && t->schema &&
			  strcmp(f->schema, t->schema) != 0))
			emit(c, RT_CH_ALTER_EXTENSION_VERSION,
			     RT_KIND_EXTENSION, f, t, RT_PH_EXTENSION, 0, NULL,
			     NULL, 0, 0, f->name);
	}
	for (size_t i = 0; i < c->to->extensions.len; i++) {
		rt_extension *t = c->to->extensions.items[i];
		if (!rt_schema_find_extension(c->from, t->name))
			emit(c, RT_CH_CREATE_EXTENSION, RT_KIND_EXTENSION, NULL,
			     t, RT_PH_EXTENSION, 0, NULL, NULL, 0, 0, t->name);
	}
}

static bool collation_eq(const rt_collation *x, const rt_collation *y)
{
	return x->provider == y->provider &&
	       rt_streq(x->lc_collate, y->lc_collate) &&
	       rt_streq(x->lc_ctype, y->lc_ctype) &&
	       x->deterministic == y->deterministic;
}

static bool collation_pred(const rt_column *col, const void *arg)
{
	const rt_collation *k = arg;
	return col->collation.name &&
	       strcmp(col->collation.name, k->name) == 0 &&
	       strcmp(col->collation.schema, k->schema) == 0;
}

static void collect_uses(ctx *c, rt_change *ch,
			 bool (*pred)(const rt_column *, const void *),
			 const void *arg);

static void diff_collations(ctx *c)
{
	for (size_t i = 0; i < c->from->collations.len; i++) {
		rt_collation *f = c->from->collations.items[i];
		rt_collation *t =
		    rt_schema_find_collation(c->to, f->schema, f->name);
		bool same = t && collation_eq(f, t);
		rt_change *ch;
		comment_change(c, RT_KIND_COLLATION, f, same ? t : NULL,
			       f->comment, same ? t->comment : NULL, f->schema,
			       NULL, f->name);
		if (same)
			continue;
		if (t) {
			/* redefined: columns using it move to the new one */
			ch = emit(c, RT_CH_REPLACE_COLLATION, RT_KIND_COLLATION,
				  f, t, RT_PH_COLLATION, 0, f->schema, NULL, 0,
				  0, f->name);
			collect_uses(c, ch, collation_pred, f);
			comment_change(c, RT_KIND_COLLATION, NULL, t, NULL,
				       t->comment, t->schema, NULL, t->name);
			continue;
		}
		emit(c, RT_CH_DROP_COLLATION, RT_KIND_COLLATION, f, NULL,
		     RT_PH_DROP_COLLATION, 0, f->schema, NULL, 0, 0, f->name);
	}
	for (size_t i = 0; i < c->to->collations.len; i++) {
		rt_collation *t = c->to->collations.items[i];
		if (rt_schema_find_collation(c->from, t->schema, t->name))
			continue;
		emit(c, RT_CH_CREATE_COLLATION, RT_KIND_COLLATION, NULL, t,
		     RT_PH_COLLATION, 0, t->schema, NULL, 0, 1, t->name);
		comment_change(c, RT_KIND_COLLATION, NULL, t, NULL, t->comment,
			       t->schema, NULL, t->name);
	}
}

/* ---- enums ---- */

static bool column_uses_enum(const rt_column *col, const rt_enum *e)
{
	size_t n = strlen(e->name);

	if (strcmp(col->type.schema, e->schema) != 0)
		return false;
	if (strncmp(col->type.name, e->name, n) != 0)
		return false;
	return col->type.name[n] == '\0' ||
	       strcmp(col->type.name + n, "[]") == 0;
}

/* The from side's columns of type e that still exist when the enum
 * changes (their table and the column survive in place). */
/* Fills ch->uses / ch->uses_after with the columns matching pred on the
 * from side that still exist, in place, on the to side. */
static void collect_uses(ctx *c, rt_change *ch,
			 bool (*pred)(const rt_column *, const void *),
			 const void *arg)
{
	for (size_t i = 0; i < c->from->tables.len; i++) {
		rt_table *ft = c->from->tables.items[i];
		rt_table *tt = namesake_table(c, c->to, ft);
		if (!tt || table_goes(c, ft))
			continue;
		for (size_t j = 0; j < ft->columns.len; j++) {
			rt_column *fc = ft->columns.items[j];
			rt_column *tc;
			if (!fc->is_local || fc->inhcount > 0 || !pred(fc, arg))
				continue;
			tc = rt_table_find_column(tt, fc->name);
			if (!tc || column_recreated(c, fc, tc))
				continue;
			rt_vec_push(&ch->uses, c->a, fc);
			rt_vec_push(&ch->uses_after, c->a, tc);
		}
	}
}

static bool enum_pred(const rt_column *col, const void *arg)
{
	return column_uses_enum(col, arg);
}

static void enum_uses(ctx *c, rt_change *ch, const rt_enum *e, bool replace)
{
	collect_uses(c, ch, enum_pred, e);
	for (size_t i = 0; i < ch->uses.len; i++) {
		rt_vec_push(&c->enum_cols, c->a, ch->uses.items[i]);
		if (replace)
			rt_vec_push(&c->replaced_cols, c->a, ch->uses.items[i]);
	}
}

static bool expr_has_literal(const rt_expr *e, const char *lit)
{
	const char *k = e ? (e->key ? e->key : e->text) : NULL;
	return k && strstr(k, lit) != NULL;
}

/* true when some to-side expression spells label as a literal: a label
 * added with ALTER TYPE ... ADD VALUE cannot be used before the
 * transaction commits, so the type is replaced instead */
static bool label_used(const ctx *c, const char *label)
{
	char *lit = rt_arena_printf(c->a, "'%s'", label);
	const rt_schema *s = c->to;

	for (size_t i = 0; i < s->tables.len; i++) {
		const rt_table *t = s->tables.items[i];
		for (size_t j = 0; j < t->columns.len; j++) {
			const rt_column *col = t->columns.items[j];
			if (expr_has_literal(col->default_expr, lit) ||
			    expr_has_literal(col->generated, lit))
				return true;
		}
		for (size_t j = 0; j < t->constraints.len; j++) {
			const rt_constraint *k = t->constraints.items[j];
			if (expr_has_literal(k->expr, lit))
				return true;
		}
		if (expr_has_literal(t->partition_bound, lit))
			return true;
	}
	for (size_t i = 0; i < s->indexes.len; i++) {
		const rt_index *ix = s->indexes.items[i];
		if (expr_has_literal(ix->def, lit))
			return true;
	}
	return false;
}

/* true when every label of x appears in y in the same order */
static bool labels_subsequence(const rt_vec *x, const rt_vec *y)
{
	size_t j = 0;

	for (size_t i = 0; i < x->len; i++) {
		while (j < y->len && !rt_streq(x->items[i], y->items[j]))
			j++;
		if (j == y->len)
			return false;
		j++;
	}
	return true;
}

static bool vec_has(const rt_vec *v, const char *s)
{
	for (size_t i = 0; i < v->len; i++)
		if (rt_streq(v->items[i], s))
			return true;
	return false;
}

static void diff_enums(ctx *c)
{
	for (size_t i = 0; i < c->from->enums.len; i++) {
		rt_enum *f = c->from->enums.items[i];
		rt_enum *t = rt_schema_find_enum(c->to, f->schema, f->name);
		comment_change(c, RT_KIND_ENUM, f, t, f->comment,
			       t ? t->comment : NULL, f->schema, NULL, f->name);
		if (!t) {
			emit(c, RT_CH_DROP_ENUM, RT_KIND_ENUM, f, NULL,
			     RT_PH_DROP_ENUM, 0, f->schema, NULL, 0, 0,
			     f->name);
			continue;
		}
		if (strvec_eq(&f->labels, &t->labels))
			continue;
		bool replace = !labels_subsequence(&f->labels, &t->labels);
		for (size_t j = 0; !replace && j < t->labels.len; j++)
			replace = !vec_has(&f->labels, t->labels.items[j]) &&
				  label_used(c, t->labels.items[j]);
		if (replace) {
			rt_change *ch = emit(c, RT_CH_REPLACE_ENUM,
					     RT_KIND_ENUM, f, t, RT_PH_ENUM, 0,
					     f->schema, f->name, 0, 0, f->name);
			enum_uses(c, ch, f, true);
			rt_vec_push(&c->replaced_enums, c->a, f);
			continue;
		}
		for (size_t j = 0; j < t->labels.len; j++) {
			const char *l = t->labels.items[j];
			rt_change *ch;
			if (vec_has(&f->labels, l))
				continue;
			ch = emit(c, RT_CH_ADD_ENUM_VALUE, RT_KIND_ENUM, f, t,
				  RT_PH_ENUM, 0, f->schema, f->name, 0, (int)j,
				  f->name);
			ch->label = l;
			if (j > 0) {
				ch->neighbour = t->labels.items[j - 1];
				ch->neighbour_after = true;
			} else if (t->labels.len > 1) {
				ch->neighbour = t->labels.items[1];
			}
			enum_uses(c, ch, f, false);
		}
	}
	for (size_t i = 0; i < c->to->enums.len; i++) {
		rt_enum *t = c->to->enums.items[i];
		if (rt_schema_find_enum(c->from, t->schema, t->name))
			continue;
		emit(c, RT_CH_CREATE_ENUM, RT_KIND_ENUM, NULL, t, RT_PH_ENUM, 0,
		     t->schema, t->name, 0, 0, t->name);
		comment_change(c, RT_KIND_ENUM, NULL, t, NULL, t->comment,
			       t->schema, NULL, t->name);
	}
}

/* ---- sequences ---- */

static bool sequence_options_eq(const rt_sequence *x, const rt_sequence *y)
{
	return rt_streq(x->type, y->type) && x->start == y->start &&
	       x->increment == y->increment && x->min == y->min &&
	       x->max == y->max && x->cache == y->cache && x->cycle == y->cycle;
}

static const rt_sequence *unowned_copy(ctx *c, const rt_sequence *s)
{
	rt_sequence *n;

	if (!s->owned_by_table.name)
		return s; /* itself: what depends on it is ordered after */
	n = RT_NEW(c->a, rt_sequence);
	*n = *s;
	n->owned_by_table.schema = NULL;
	n->owned_by_table.name = NULL;
	n->owned_by_column = NULL;
	return n;
}

static bool owner_eq(const rt_sequence *x, const rt_sequence *y)
{
	return qname_eq(x->owned_by_table, y->owned_by_table) &&
	       rt_streq(x->owned_by_column, y->owned_by_column);
}

/* true when the owning column of from-side sequence s disappears, taking
 * the sequence with it unless it is released first */
static bool owner_goes(const ctx *c, const rt_sequence *s)
{
	rt_table *ft, *tt;
	rt_column *fc, *tc;

	if (!s->owned_by_table.name)
		return false;
	ft = find_table(c->from, s->owned_by_table.schema,
			s->owned_by_table.name);
	if (!ft || table_goes(c, ft))
		return true;
	tt = namesake_table(c, c->to, ft);
	fc = rt_table_find_column(ft, s->owned_by_column);
	tc = rt_table_find_column(tt, s->owned_by_column);
	return !fc || !tc || column_recreated(c, fc, tc);
}

static void own_change(ctx *c, const rt_sequence *before,
		       const rt_sequence *after, int phase)
{
	emit(c, RT_CH_ALTER_SEQUENCE_OWNER, RT_KIND_SEQUENCE, before, after,
	     phase, 0, after->schema, NULL, 0, 0, after->name);
}

/*
 * serial <-> identity: the column's own sequence and the identity's
 * implicit one want the same name, so the serial's sequence is dropped
 * between DROP DEFAULT and ADD IDENTITY, and created between DROP
 * IDENTITY and SET DEFAULT. Returns the change placed there, or NULL when
 * s (a sequence on side `in`, owned by a column) is not such a case.
 */
static rt_change *seq_swap(ctx *c, rt_change_kind kind, const rt_sequence *s,
			   const rt_schema *in, const rt_schema *other,
			   const void *before, const void *after)
{
	const rt_table *t, *ot;
	const rt_column *col, *ocol;
	int pos = 0;

	if (!s->owned_by_table.name)
		return NULL;
	t = find_table(in, s->owned_by_table.schema, s->owned_by_table.name);
	ot = t ? find_table(other, t->schema, t->name) : NULL;
	col = t ? rt_table_find_column(t, s->owned_by_column) : NULL;
	ocol = ot ? rt_table_find_column(ot, s->owned_by_column) : NULL;
	if (!col || !ocol || col->identity || !ocol->identity)
		return NULL;
	{
		const rt_table *tt = in == c->to ? t : ot;
		for (size_t i = 0; i < tt->columns.len; i++)
			if (rt_streq(((rt_column *)tt->columns.items[i])->name,
				     col->name))
				pos = (int)i;
		return emit(c, kind, RT_KIND_SEQUENCE, before, after,
			    RT_PH_COLUMN, table_depth(c->to, tt, 0), tt->schema,
			    tt->name, pos, ST_SEQ_SWAP, s->name);
	}
}

static void diff_sequences(ctx *c)
{
	for (size_t i = 0; i < c->from->sequences.len; i++) {
		rt_sequence *f = c->from->sequences.items[i];
		rt_sequence *t =
		    rt_schema_find_sequence(c->to, f->schema, f->name);
		bool goes = owner_goes(c, f);
		const rt_sequence *mid = NULL;

		comment_change(c, RT_KIND_SEQUENCE, f, t, f->comment,
			       t ? t->comment : NULL, f->schema, NULL, f->name);
		if (f->owned_by_table.name && (!t || goes || !owner_eq(f, t))) {
			mid = unowned_copy(c, f);
			own_change(c, f, mid, RT_PH_SEQ_UNOWN);
		}
		if (!t) {
			if (!seq_swap(c, RT_CH_DROP_SEQUENCE, f, c->from, c->to,
				      mid ? mid : f, NULL))
				emit(c, RT_CH_DROP_SEQUENCE, RT_KIND_SEQUENCE,
				     mid ? mid : f, NULL, RT_PH_DROP_SEQUENCE,
				     0, f->schema, NULL, 0, 0, f->name);
			continue;
		}
		if (!sequence_options_eq(f, t))
			emit(c, RT_CH_ALTER_SEQUENCE, RT_KIND_SEQUENCE, f, t,
			     RT_PH_SEQUENCE, 0, f->schema, NULL, 0, 0, f->name);
		if (t->owned_by_table.name && (mid || !owner_eq(f, t)))
			own_change(c, mid ? mid : f, t, RT_PH_SEQ_OWN);
	}
	for (size_t i = 0; i < c->to->sequences.len; i++) {
		rt_sequence *t = c->to->sequences.items[i];
		if (rt_schema_find_sequence(c->from, t->schema, t->name))
			continue;
		const rt_sequence *mid = unowned_copy(c, t);
		if (!seq_swap(c, RT_CH_CREATE_SEQUENCE, t, c->to, c->from, NULL,
			      mid))
			emit(c, RT_CH_CREATE_SEQUENCE, RT_KIND_SEQUENCE, NULL,
			     mid, RT_PH_SEQUENCE, 0, t->schema, NULL, 0, 0,
			     t->name);
		if (t->owned_by_table.name)
			own_change(c, mid, t, RT_PH_SEQ_OWN);
		comment_change(c, RT_KIND_SEQUENCE, NULL, t, NULL, t->comment,
			       t->schema, NULL, t->name);
	}
}

/* ---- tables ---- */

static void drop_constraint(ctx *c, const rt_constraint *k, int depth)
{
	emit(c, RT_CH_DROP_CONSTRAINT, RT_KIND_CONSTRAINT, k, NULL,
	     k->type == RT_CON_FOREIGN ? RT_PH_DROP_FK : RT_PH_DROP_CONSTRAINT,
	     -depth, k->table->schema, k->table->name, 0, 0, k->name);
}

static void add_constraint(ctx *c, const rt_constraint *k, int depth)
{
	emit(c, RT_CH_ADD_CONSTRAINT, RT_KIND_CONSTRAINT, NULL, k,
	     k->type == RT_CON_FOREIGN ? RT_PH_ADD_FK : RT_PH_ADD_CONSTRAINT,
	     depth, k->table->schema, k->table->name, 0, 0, k->name);
}

static void drop_table(ctx *c, const rt_table *ft)
{
	int depth = table_depth(c->from, ft, 0);

	comment_change(c, RT_KIND_TABLE, ft, NULL, ft->comment, NULL,
		       ft->schema, ft->name, ft->name);
	for (size_t i = 0; i < ft->columns.len; i++) {
		rt_column *col = ft->columns.items[i];
		comment_change(c, RT_KIND_COLUMN, col, NULL, col->comment, NULL,
			       ft->schema, ft->name, col->name);
	}
	for (size_t i = 0; i < ft->constraints.len; i++) {
		rt_constraint *k = ft->constraints.items[i];
		if (!k->is_local)
			continue;
		comment_change(c, RT_KIND_CONSTRAINT, k, NULL, k->comment, NULL,
			       ft->schema, ft->name, k->name);
		if (!constraint_inline(k))
			drop_constraint(c, k, depth);
	}
	emit(c, RT_CH_DROP_TABLE, RT_KIND_TABLE, ft, NULL, RT_PH_DROP_TABLE,
	     -depth, ft->schema, ft->name, 0, 0, ft->name);
}

static void create_table(ctx *c, const rt_table *tt)
{
	int depth = table_depth(c->to, tt, 0);

	emit(c, RT_CH_CREATE_TABLE, RT_KIND_TABLE, NULL, tt, RT_PH_CREATE_TABLE,
	     depth, tt->schema, tt->name, 0, 0, tt->name);
	for (size_t i = 0; i < tt->constraints.len; i++) {
		rt_constraint *k = tt->constraints.items[i];
		if (!k->is_local)
			continue;
		if (!constraint_inline(k))
			add_constraint(c, k, depth);
		comment_change(c, RT_KIND_CONSTRAINT, NULL, k, NULL, k->comment,
			       tt->schema, tt->name, k->name);
	}
	comment_change(c, RT_KIND_TABLE, NULL, tt, NULL, tt->comment,
		       tt->schema, tt->name, tt->name);
	for (size_t i = 0; i < tt->columns.len; i++) {
		rt_column *col = tt->columns.items[i];
		comment_change(c, RT_KIND_COLUMN, NULL, col, NULL, col->comment,
			       tt->schema, tt->name, col->name);
	}
}

static void col_change(ctx *c, rt_change_kind kind, const rt_column *fc,
		       const rt_column *tc, int depth, int pos, int step)
{
	emit(c, kind, RT_KIND_COLUMN, fc, tc, RT_PH_COLUMN, depth,
	     tc->table->schema, tc->table->name, pos, step, tc->name);
}

/*
 * Generated columns are added after the plain ones (their expression may
 * use a new column) and dropped before them. A child's own copy of a
 * column its parent also gains is added first: the parent's ADD COLUMN
 * then merges into it (and the inverse drops the parent's first, as
 * PostgreSQL refuses to drop an inherited column).
 */
static void add_column(ctx *c, const rt_column *tc, int depth, int pos)
{
	if (tc->inhcount > 0)
		depth -= 100;
	emit(c, RT_CH_ADD_COLUMN, RT_KIND_COLUMN, NULL, tc, RT_PH_COLUMN, depth,
	     tc->table->schema, tc->table->name,
	     tc->generated ? pos + 100000 : pos, 0, tc->name);
	comment_change(c, RT_KIND_COLUMN, NULL, tc, NULL, tc->comment,
		       tc->table->schema, tc->table->name, tc->name);
}

static void drop_column(ctx *c, const rt_column *fc, int depth, int pos)
{
	comment_change(c, RT_KIND_COLUMN, fc, NULL, fc->comment, NULL,
		       fc->table->schema, fc->table->name, fc->name);
	emit(c, RT_CH_DROP_COLUMN, RT_KIND_COLUMN, fc, NULL, RT_PH_DROP_COLUMN,
	     depth, fc->table->schema, fc->table->name,
	     fc->generated ? pos - 100000 : pos, 0, fc->name);
}

/* true when x and y differ only by the schema of an extension that this
 * diff moves (ALTER EXTENSION SET SCHEMA takes its types along) */
static bool type_moved_with_extension(const ctx *c, rt_type x, rt_type y)
{
	if (!x.schema || !y.schema || !rt_streq(x.name, y.name))
		return false;
	for (size_t i = 0; i < c->from->extensions.len; i++) {
		const rt_extension *f = c->from->extensions.items[i];
		const rt_extension *t =
		    rt_schema_find_extension(c->to, f->name);
		if (t && rt_streq(f->schema, x.schema) &&
		    rt_streq(t->schema, y.schema))
			return true;
	}
	return false;
}

/* the options of two identities' sequences (not compared when a source
 * did not give them) */
static bool identity_seq_eq(const rt_column *x, const rt_column *y)
{
	const rt_sequence *p = x->id_seq, *q = y->id_seq;
	rt_sequence tmp;

	if (p && q) /* an ALTER TYPE before sets the type's bounds */
		p = rt_schema_identity_retyped(&tmp, p, q->type);
	return !p || !q ||
	       (p->start == q->start && p->increment == q->increment &&
		p->min == q->min && p->max == q->max && p->cache == q->cache &&
		p->cycle == q->cycle);
}

static bool goes(const ctx *c, const rt_object *o);

/* true when column fc's default calls a function that is dropped and
 * created again: the default is dropped before and set again after. */
static bool default_calls_going(const ctx *c, const rt_column *fc)
{
	if (!fc->default_expr)
		return false;
	for (size_t i = 0; i < fc->obj.deps.len; i++) {
		const rt_object *d = fc->obj.deps.items[i];
		if (d->kind == RT_KIND_FUNCTION && goes(c, d))
			return true;
	}
	return false;
}

static void alter_column(ctx *c, const rt_column *fc, const rt_column *tc,
			 int depth, int pos)
{
	/* a replaced enum's columns get their new default from the replace */
	/* a retype sets the new default itself (the old one may not cast,
	 * and the inverse must not set it on the wrong type) */
	bool retype = !type_eq(fc->type, tc->type) &&
		      !type_moved_with_extension(c, fc->type, tc->type) &&
		      !(fc->inhcount > 0 && tc->inhcount > 0);
	bool def_changed = !expr_eq(fc->default_expr, tc->default_expr) &&
			   !vec_has_ptr(&c->replaced_cols, fc) && !retype;

	if (fc->identity && !tc->identity)
		col_change(c, RT_CH_DROP_IDENTITY, fc, tc, depth, pos,
			   ST_DROP_IDENTITY);
	/* before any column drop: the expression may use a dropped column */
	if (fc->generated && !tc->generated)
		emit(c, RT_CH_DROP_EXPRESSION, RT_KIND_COLUMN, fc, tc,
		     RT_PH_DROP_COLUMN, depth, tc->table->schema,
		     tc->table->name, pos - 200000, 0, tc->name);
	if (def_changed && !tc->default_expr && fc->default_expr)
		col_change(c, RT_CH_DROP_DEFAULT, fc, tc, depth, pos,
			   ST_DROP_DEFAULT);
	/* an inherited column follows its parent's ALTER TYPE (which
	 * recurses); PostgreSQL refuses it on the child */
	if ((!(type_eq(fc->type, tc->type) ||
	       type_moved_with_extension(c, fc->type, tc->type)) ||
	     !qname_eq(fc->collation, tc->collation)) &&
	    !(fc->inhcount > 0 && tc->inhcount > 0))
		col_change(c, RT_CH_ALTER_COLUMN_TYPE, fc, tc, depth, pos,
			   ST_TYPE);
	if (def_changed && tc->default_expr)
		col_change(c, RT_CH_SET_DEFAULT, fc, tc, depth, pos,
			   ST_SET_DEFAULT);
	if (!def_changed && !retype && tc->default_expr &&
	    default_calls_going(c, fc)) {
		/* the drop takes no target and the set no source, so that
		 * the graph orders them around the function's drop and
		 * create (and their inverses the other way round) */
		emit(c, RT_CH_DROP_DEFAULT, RT_KIND_COLUMN, fc, NULL,
		     RT_PH_DROP_CONSTRAINT, depth, fc->table->schema,
		     fc->table->name, pos, ST_DROP_DEFAULT, fc->name);
		col_change(c, RT_CH_SET_DEFAULT, NULL, tc, depth, pos,
			   ST_SET_DEFAULT);
	}
	if (fc->not_null && !tc->not_null)
		col_change(c, RT_CH_DROP_NOT_NULL, fc, tc, depth, pos,
			   ST_DROP_NOT_NULL);
	if (!fc->not_null && tc->not_null)
		col_change(c, RT_CH_SET_NOT_NULL, fc, tc, depth, pos,
			   ST_SET_NOT_NULL);
	if (!fc->identity && tc->identity)
		col_change(c, RT_CH_ADD_IDENTITY, fc, tc, depth, pos,
			   ST_ADD_IDENTITY);
	if (fc->identity && tc->identity &&
	    (fc->identity != tc->identity || !identity_seq_eq(fc, tc)))
		col_change(c, RT_CH_ALTER_IDENTITY, fc, tc, depth, pos,
			   ST_ALTER_IDENTITY);
	/* the same schema: a sequence moved elsewhere is not followed */
	if (fc->identity && tc->identity && fc->id_seq && tc->id_seq &&
	    rt_streq(fc->id_seq->schema, tc->id_seq->schema) &&
	    !rt_streq(fc->id_seq->name, tc->id_seq->name))
		col_change(c, RT_CH_RENAME_IDENTITY_SEQUENCE, fc, tc, depth,
			   pos, ST_RENAME_IDENTITY_SEQUENCE);
	comment_change(c, RT_KIND_COLUMN, fc, tc, fc->comment, tc->comment,
		       tc->table->schema, tc->table->name, tc->name);
}

static rt_column *find_considered(const rt_table *t, const char *name, bool all)
{
	rt_column *col = rt_table_find_column(t, name);

	return col && (all || col->is_local) ? col : NULL;
}

/* Column name of t's parent (its partitioned table, or the first of its
 * INHERITS parents that has the column) in schema s, or NULL. */
static const rt_column *parent_column(const rt_schema *s, const rt_table *t,
				      const char *name)
{
	const rt_table *p = NULL;
	const rt_column *col = NULL;
	if (t->partition_of.name) {
		p = find_table(s, t->partition_of.schema, t->partition_of.name);
		return p ? rt_table_find_column(p, name) : NULL;
	}
	for (size_t i = 0; !col && i < t->inherits.len; i++) {
		const rt_qname *q = t->inherits.items[i];
		p = find_table(s, q->schema, q->name);
		col = p ? rt_table_find_column(p, name) : NULL;
	}
	return col;
}

/*
 * A column a table has from its parent keeps its own NOT NULL and default
 * (a partition may be stricter than its parent, or default otherwise).
 * ALTER TABLE on the parent recurses to it, so what the parent's change
 * leaves is the starting point; only what differs from that is the
 * child's own change.
 */
static void inherited_column(ctx *c, const rt_table *ft, const rt_table *tt,
			     const rt_column *fc, const rt_column *tc,
			     int depth, int pos)
{
	const rt_column *pf = parent_column(c->from, ft, fc->name);
	const rt_column *pt = parent_column(c->to, tt, tc->name);
	bool not_null = fc->not_null;
	const rt_expr *def = fc->default_expr;

	if (pf && pt && pf->not_null != pt->not_null)
		not_null = pt->not_null;
	if (pf && pt && !expr_eq(pf->default_expr, pt->default_expr))
		def = pt->default_expr;
	if (!expr_eq(def, tc->default_expr) && !tc->generated && !tc->identity)
		col_change(c,
			   tc->default_expr ? RT_CH_SET_DEFAULT
					    : RT_CH_DROP_DEFAULT,
			   fc, tc, depth, pos,
			   tc->default_expr ? ST_SET_DEFAULT : ST_DROP_DEFAULT);
	if (not_null != tc->not_null)
		col_change(
		    c, tc->not_null ? RT_CH_SET_NOT_NULL : RT_CH_DROP_NOT_NULL,
		    fc, tc, depth, pos,
		    tc->not_null ? ST_SET_NOT_NULL : ST_DROP_NOT_NULL);
}

static void diff_columns(ctx *c, const rt_table *ft, const rt_table *tt,
			 int depth)
{
	bool all = consider_all_columns(ft, tt);

	for (size_t i = 0; i < ft->columns.len; i++) {
		rt_column *fc = ft->columns.items[i];
		rt_column *tc;
		if (!all && !fc->is_local)
			continue;
		tc = find_considered(tt, fc->name, all);
		if (!tc || column_recreated(c, fc, tc))
			drop_column(c, fc, depth, (int)i);
	}
	for (size_t i = 0; i < tt->columns.len; i++) {
		rt_column *tc = tt->columns.items[i];
		rt_column *fc;
		if (!all && !tc->is_local) {
			fc = rt_table_find_column(ft, tc->name);
			if (fc && !fc->is_local)
				inherited_column(c, ft, tt, fc, tc, depth,
						 (int)i);
			continue;
		}
		fc = find_considered(ft, tc->name, all);
		if (!fc || column_recreated(c, fc, tc))
			add_column(c, tc, depth, (int)i);
		else
			alter_column(c, fc, tc, depth, (int)i);
	}
}

/* ---- what goes: dropped, changed, or rebuilt with what it depends on */

static bool set_has(const obj_set *set, const rt_object *o)
{
	if (o->id && o->id < set->n_by_id && set->by_id[o->id] == o)
		return true;
	return set->map.len && rt_map_get(&set->map, &o, sizeof(o)) != NULL;
}

static void set_add(ctx *c, obj_set *set, const rt_object *o)
{
	if (!set->by_id) {
		set->n_by_id = c->from->next_id + 1;
		set->by_id =
		    rt_arena_alloc(c->a, set->n_by_id * sizeof(*set->by_id));
	}
	if (o->id && o->id < set->n_by_id &&
	    (!set->by_id[o->id] || set->by_id[o->id] == o)) {
		set->by_id[o->id] = o;
		return;
	}
	const rt_object **key = RT_NEW(c->a, const rt_object *);
	*key = o;
	rt_map_put(&set->map, c->a, key, sizeof(*key), (void *)o);
}

static bool goes(const ctx *c, const rt_object *o)
{
	return set_has(&c->goes, o);
}

static void set_goes(ctx *c, const rt_object *o)
{
	set_add(c, &c->goes, o);
}

/* Columns that go with their table's changes: dropped and added again
 * (DROP EXPRESSION counts too: its inverse is a drop and an add). */
static bool column_goes(const ctx *c, const rt_column *fc)
{
	int k = known_answer(c, &fc->obj);
	if (k >= 0)
		return k;
	const rt_table *tt = namesake_table(c, c->to, fc->table);
	const rt_column *tc = tt ? rt_table_find_column(tt, fc->name) : NULL;
	return remember(
	    c, &fc->obj,
	    tc && (column_recreated(c, fc, tc) || column_recreated(c, tc, fc)));
}

/* Expression of a constraint or index, when it reads columns. */
static const rt_refs *reads(const rt_object *o)
{
	if (o->kind == RT_KIND_INDEX) {
		const rt_expr *e = ((const rt_index *)o)->def;
		return e ? e->refs : NULL;
	}
	const rt_constraint *k = (const rt_constraint *)o;
	if (k->type != RT_CON_CHECK && k->type != RT_CON_EXCLUDE)
		return NULL;
	return k->expr ? k->expr->refs : NULL;
}

/* true when o (a from-side constraint or index) must be dropped because
 * of dep: dep goes, or dep is a column whose enum changes under it and o
 * compares it with the old type's constants in an expression. */
static bool goes_with(const ctx *c, const rt_object *o, const rt_object *dep)
{
	if (goes(c, dep))
		return true;
	if (rt_kind_get(o->kind)->compare &&
	    vec_has_ptr(&c->replaced_enums, dep))
		return true;
	if (rt_kind_get(o->kind)->on_relations &&
	    (set_has(&c->reshaped, dep) || vec_has_ptr(&c->replaced_cols, dep)))
		return true;
	return dep->kind == RT_KIND_COLUMN && vec_has_ptr(&c->enum_cols, dep) &&
	       rt_refs_column(reads(o), dep->name);
}

static void collect_rebuildable(const ctx *c, rt_vec *out)
{
	for (rt_kind k = 0; k < RT_KIND_UNMANAGED; k++) {
		const rt_kind_ops *ops = rt_kind_get(k);
		if (!ops->compare)
			continue;
		const rt_vec *v = rt_kind_list(ops, (rt_schema *)c->from, NULL);
		for (size_t i = 0; i < v->len; i++)
			rt_vec_push(out, c->a, v->items[i]);
	}
	for (size_t i = 0; i < c->from->tables.len; i++) {
		const rt_table *t = c->from->tables.items[i];
		for (size_t j = 0; j < t->constraints.len; j++)
			rt_vec_push(out, c->a, t->constraints.items[j]);
	}
	for (size_t i = 0; i < c->from->indexes.len; i++)
		rt_vec_push(out, c->a, c->from->indexes.items[i]);
}

static void set_reshaped(ctx *c, const rt_column *col)
{
	set_add(c, &c->reshaped, &col->obj);
}

/* The namesake of from-side object o on the to side, or NULL. */
static rt_object *namesake(const ctx *c, const rt_object *o)
{
	if (rt_kind_get(o->kind)->scope == RT_SCOPE_RELATION)
		return rt_schema_find_on(c->to, o->kind, o->schema,
					 o->owner->name, o->name);
	return rt_schema_find(c->to, o->kind, o->schema, o->name);
}

static rt_object *from_namesake(const ctx *c, const rt_object *o)
{
	if (rt_kind_get(o->kind)->scope == RT_SCOPE_RELATION)
		return rt_schema_find_on(c->from, o->kind, o->schema,
					 o->owner->name, o->name);
	return rt_schema_find(c->from, o->kind, o->schema, o->name);
}

static bool type_pred(const rt_column *col, const void *arg);

/* true when composite type f (t on the to side) has an attribute that
 * changes type or collation while a column uses f: ALTER ATTRIBUTE TYPE
 * is refused then, so the type is replaced (its columns retyped through
 * text around it). */
static bool composite_retyped_in_use(const ctx *c, const rt_object *f,
				     const rt_object *t)
{
	const rt_composite *x = (const rt_composite *)f;
	const rt_composite *y = (const rt_composite *)t;
	bool retyped = false;

	if (f->kind != RT_KIND_COMPOSITE || !t)
		return false;
	for (size_t i = 0; i < x->attributes.len && !retyped; i++) {
		const rt_attribute *a = x->attributes.items[i];
		for (size_t j = 0; j < y->attributes.len; j++) {
			const rt_attribute *b = y->attributes.items[j];
			if (rt_streq(a->name, b->name) &&
			    (!type_eq(a->type, b->type) ||
			     !qname_eq(a->collation, b->collation)))
				retyped = true;
		}
	}
	for (size_t i = 0; retyped && i < c->from->tables.len; i++) {
		const rt_table *ft = c->from->tables.items[i];
		for (size_t j = 0; j < ft->columns.len; j++)
			if (type_pred(ft->columns.items[j], f))
				return true;
	}
	return false;
}

/* Objects of the generic kinds that go: dropped, or changed in a way
 * only a drop and a create can carry. */
static void mark_generic(ctx *c)
{
	for (rt_kind k = 0; k < RT_KIND_UNMANAGED; k++) {
		const rt_kind_ops *ops = rt_kind_get(k);
		if (!ops->compare)
			continue;
		const rt_vec *v = rt_kind_list(ops, (rt_schema *)c->from, NULL);
		for (size_t i = 0; i < v->len; i++) {
			rt_object *f = v->items[i];
			rt_object *t = namesake(c, f);
			if (!t || ops->compare(f, t) == RT_REPLACE ||
			    composite_retyped_in_use(c, f, t))
				set_goes(c, f);
		}
	}
}

/*
 * The set of from-side objects that go, from the graph: tables that are
 * dropped or recreated, columns that are dropped and added again, keys
 * that are dropped or changed; then, to a fixpoint, every constraint or
 * index that depends on something that goes (a foreign key on a table or
 * key that goes, a check or index on a column that is recreated). What
 * goes is dropped first and, when the target has it, created again.
 */
static void goes_closure(ctx *c);

/* What the table pass of mark_goes found on a range of from's tables run
 * on a thread of its own (rt_diff): the objects that go and the columns
 * reshaped, added to the sets by the caller after the join (the sets are
 * not shared while both threads run). */
typedef struct table_marks {
	ctx c; /* a copy: only the schemas and the remembered answers */
	size_t lo, hi;
	rt_arena *a;
	rt_vec goes, reshaped;
} table_marks;

static void mark_one(ctx *c, table_marks *m, bool reshaped, const rt_object *o)
{
	if (!m)
		set_add(c, reshaped ? &c->reshaped : &c->goes, o);
	else
		rt_vec_push(reshaped ? &m->reshaped : &m->goes, m->a,
			    (void *)o);
}

/* Columns dropped or given a new type or collation. */
static void mark_reshaped(ctx *c, table_marks *m, const rt_table *ft,
			  const rt_table *tt)
{
	for (size_t j = 0; tt && j < ft->columns.len; j++) {
		rt_column *fc = ft->columns.items[j];
		rt_column *tc = rt_table_find_column(tt, fc->name);
		if (!tc || !type_eq(fc->type, tc->type) ||
		    !qname_eq(fc->collation, tc->collation))
			mark_one(c, m, true, &fc->obj);
	}
}

/* The table pass over from's tables [lo, hi): reads the two schemas and
 * the remembered answers only, so it may run while the first phases do
 * (they too only ask table_goes and column_goes of what goes). Marks go
 * to the sets, or to m when m is not NULL. */
static void mark_tables(ctx *c, table_marks *m, size_t lo, size_t hi)
{
	for (size_t i = lo; i < hi; i++) {
		rt_table *ft = c->from->tables.items[i];
		rt_table *tt = namesake_table(c, c->to, ft);
		/* (while the table's columns are in the cache) */
		mark_reshaped(c, m, ft, tt);
		if (!tt || table_goes(c, ft)) {
			mark_one(c, m, false, &ft->obj);
			continue;
		}
		for (size_t j = 0; j < ft->columns.len; j++)
			if (column_goes(c, ft->columns.items[j]))
				mark_one(
				    c, m, false,
				    &((rt_column *)ft->columns.items[j])->obj);
		for (size_t j = 0; j < ft->constraints.len; j++) {
			rt_constraint *k = ft->constraints.items[j];
			rt_constraint *tk =
			    rt_table_find_constraint(tt, k->name);
			if ((k->type == RT_CON_PRIMARY ||
			     k->type == RT_CON_UNIQUE) &&
			    (!tk || !rt_diff__constraint_eq(k, tk)))
				mark_one(c, m, false, &k->obj);
		}
	}
}

static void *mark_tables_thread(void *arg)
{
	table_marks *m = arg;
	mark_tables(&m->c, m, m->lo, m->hi);
	return NULL;
}

/* The marks a thread found, added to the sets (in the order found: the
 * sets answer the same whatever the order), its arena freed. */
static void adopt_marks(ctx *c, table_marks *m)
{
	for (size_t i = 0; i < m->reshaped.len; i++)
		set_add(c, &c->reshaped, m->reshaped.items[i]);
	for (size_t i = 0; i < m->goes.len; i++)
		set_add(c, &c->goes, m->goes.items[i]);
	rt_arena_free(m->a);
}

static void mark_goes(ctx *c)
{
	mark_generic(c);
	goes_closure(c);
}

/* Every object that depends on something that goes goes too (to a
 * fixpoint). */
static void goes_closure(ctx *c)
{
	rt_vec objs = {0};
	bool changed = true;

	collect_rebuildable(c, &objs);
	while (changed) {
		changed = false;
		for (size_t i = 0; i < objs.len; i++) {
			rt_object *o = objs.items[i];
			if (goes(c, o))
				continue;
			for (size_t d = 0; d < o->deps.len; d++) {
				if (goes_with(c, o, o->deps.items[d])) {
					set_goes(c, o);
					changed = true;
					break;
				}
			}
		}
	}
}

/* true when from-side constraint fk must be dropped (and added back when
 * tk, its to-side namesake, exists) */
static bool constraint_changes(const ctx *c, const rt_constraint *fk,
			       const rt_constraint *tk)
{
	return !tk || !rt_diff__constraint_eq(fk, tk) || goes(c, &fk->obj);
}

static void diff_constraints(ctx *c, const rt_table *ft, const rt_table *tt,
			     int depth)
{
	for (size_t i = 0; i < ft->constraints.len; i++) {
		rt_constraint *fk = ft->constraints.items[i];
		rt_constraint *tk;
		if (!fk->is_local)
			continue;
		tk = rt_table_find_constraint(tt, fk->name);
		if (tk && !tk->is_local)
			tk = NULL;
		if (!constraint_changes(c, fk, tk)) {
			comment_change(c, RT_KIND_CONSTRAINT, fk, tk,
				       fk->comment, tk->comment, tt->schema,
				       tt->name, tk->name);
			continue;
		}
		comment_change(c, RT_KIND_CONSTRAINT, fk, NULL, fk->comment,
			       NULL, ft->schema, ft->name, fk->name);
		drop_constraint(c, fk, depth);
	}
	for (size_t i = 0; i < tt->constraints.len; i++) {
		rt_constraint *tk = tt->constraints.items[i];
		rt_constraint *fk;
		if (!tk->is_local)
			continue;
		fk = rt_table_find_constraint(ft, tk->name);
		if (fk && fk->is_local && !constraint_changes(c, fk, tk))
			continue;
		add_constraint(c, tk, depth);
		comment_change(c, RT_KIND_CONSTRAINT, NULL, tk, NULL,
			       tk->comment, tt->schema, tt->name, tk->name);
	}
}

static bool has_parent(const rt_table *t, const rt_qname *q)
{
	for (size_t i = 0; i < t->inherits.len; i++)
		if (qname_eq(*(rt_qname *)t->inherits.items[i], *q))
			return true;
	return false;
}

static void diff_parents(ctx *c, const rt_table *ft, const rt_table *tt,
			 int fdepth, int tdepth)
{
	bool fp = is_partition(ft), tp = is_partition(tt);
	bool moved = partition_moved(ft, tt);

	if (fp && (!tp || moved)) {
		rt_change *ch = emit(c, RT_CH_DETACH_PARTITION, RT_KIND_TABLE,
				     ft, tt, RT_PH_DETACH, -fdepth, ft->schema,
				     ft->name, 0, 0, ft->name);
		ch->parent = ft->partition_of;
	}
	if (tp && (!fp || moved)) {
		rt_change *ch = emit(c, RT_CH_ATTACH_PARTITION, RT_KIND_TABLE,
				     ft, tt, RT_PH_ATTACH, tdepth, tt->schema,
				     tt->name, 0, 0, tt->name);
		ch->parent = tt->partition_of;
	}
	for (size_t i = 0; i < ft->inherits.len; i++) {
		rt_qname *q = ft->inherits.items[i];
		rt_change *ch;
		if (has_parent(tt, q))
			continue;
		ch = emit(c, RT_CH_DROP_INHERIT, RT_KIND_TABLE, ft, tt,
			  RT_PH_DETACH, -fdepth, ft->schema, ft->name, 1,
			  (int)i, ft->name);
		ch->parent = *q;
	}
	for (size_t i = 0; i < tt->inherits.len; i++) {
		rt_qname *q = tt->inherits.items[i];
		rt_change *ch;
		if (has_parent(ft, q))
			continue;
		ch = emit(c, RT_CH_ADD_INHERIT, RT_KIND_TABLE, ft, tt,
			  RT_PH_ATTACH, tdepth, tt->schema, tt->name, 1, (int)i,
			  tt->name);
		ch->parent = *q;
	}
}

static void diff_tables(ctx *c)
{
	for (size_t i = 0; i < c->from->tables.len; i++) {
		rt_table *ft = c->from->tables.items[i];
		rt_table *tt = namesake_table(c, c->to, ft);
		int tdepth;

		if (!tt || table_goes(c, ft)) {
			drop_table(c, ft);
			if (tt)
				create_table(c, tt);
			continue;
		}
		tdepth = table_depth(c->to, tt, 0);
		diff_parents(c, ft, tt, table_depth(c->from, ft, 0), tdepth);
		if (ft->unlogged != tt->unlogged)
			emit(c, RT_CH_SET_PERSISTENCE, RT_KIND_TABLE, ft, tt,
			     RT_PH_COLUMN, tdepth, tt->schema, tt->name, -1, 0,
			     tt->name);
		diff_columns(c, ft, tt, tdepth);
		diff_constraints(c, ft, tt, tdepth);
		comment_change(c, RT_KIND_TABLE, ft, tt, ft->comment,
			       tt->comment, tt->schema, tt->name, tt->name);
	}
	for (size_t i = 0; i < c->to->tables.len; i++) {
		rt_table *tt = c->to->tables.items[i];
		if (!namesake_table(c, c->from, tt))
			create_table(c, tt);
	}
}

/* ---- indexes ---- */

static void diff_indexes(ctx *c)
{
	for (size_t i = 0; i < c->from->indexes.len; i++) {
		rt_index *f = c->from->indexes.items[i];
		rt_index *t = rt_schema_find_index(c->to, f->schema, f->name);
		bool same = t && expr_eq(f->def, t->def) &&
			    qname_eq(f->table, t->table) && !goes(c, &f->obj);
		comment_change(c, RT_KIND_INDEX, f, same ? t : NULL, f->comment,
			       same ? t->comment : NULL, f->schema,
			       f->table.name, f->name);
		if (!same)
			emit(c, RT_CH_DROP_INDEX, RT_KIND_INDEX, f, NULL,
			     RT_PH_DROP_INDEX, 0, f->schema, f->table.name, 0,
			     0, f->name);
	}
	for (size_t i = 0; i < c->to->indexes.len; i++) {
		rt_index *t = c->to->indexes.items[i];
		rt_index *f = rt_schema_find_index(c->from, t->schema, t->name);
		if (f && expr_eq(f->def, t->def) &&
		    qname_eq(f->table, t->table) && !goes(c, &f->obj))
			continue;
		emit(c, RT_CH_CREATE_INDEX, RT_KIND_INDEX, NULL, t,
		     RT_PH_CREATE_INDEX, 0, t->schema, t->table.name, 0, 0,
		     t->name);
		comment_change(c, RT_KIND_INDEX, NULL, t, NULL, t->comment,
			       t->schema, t->table.name, t->name);
	}
}

/* ---- the generic kinds: functions, types, views, triggers, policies,
 * rules (rt_kind_ops.compare) ---- */

static const char *rel_of(const rt_object *o)
{
	return rt_kind_get(o->kind)->scope == RT_SCOPE_RELATION ? o->owner->name
								: NULL;
}

static void create_object(ctx *c, const rt_object *t)
{
	const rt_kind_ops *ops = rt_kind_get(t->kind);
	emit(c, RT_CH_CREATE_OBJECT, t->kind, NULL, t,
	     ops->on_relations ? RT_PH_ON_REL : RT_PH_TYPE, 0, t->schema,
	     rel_of(t), ops->priority, 0, t->name);
	comment_change(c, t->kind, NULL, t, NULL, t->comment, t->schema,
		       rel_of(t), t->name);
}

/* ---- a type replaced under its columns ---- */

static bool type_pred(const rt_column *col, const void *arg)
{
	const rt_object *o = arg;
	size_t n = strlen(o->name);
	return rt_streq(col->type.schema, o->schema) &&
	       strncmp(col->type.name, o->name, n) == 0 &&
	       (col->type.name[n] == '\0' ||
		strcmp(col->type.name + n, "[]") == 0);
}

static int column_pos(const rt_column *col)
{
	for (size_t i = 0; i < col->table->columns.len; i++)
		if (col->table->columns.items[i] == col)
			return (int)i;
	return 0;
}

/*
 * A domain, composite or range type dropped and created again while
 * columns use it: DROP TYPE would fail, so each such column is first
 * retyped to what the type is made of (a domain's base type; text for
 * the others, through which any value converts), and, when the target
 * keeps the type, back to the new type once it exists.
 */
static void retype_through(ctx *c, const rt_object *f)
{
	rt_change tmp = {0};
	rt_type base = {RT_CATALOG, "text"};
	const rt_domain *d =
	    f->kind == RT_KIND_DOMAIN ? (const rt_domain *)f : NULL;
	/* a domain over a domain: down to a type that stays */
	for (int guard = 0; d && guard < 32; guard++) {
		base = d->type;
		d = rt_is_catalog(base.schema) || strchr(base.name, '[')
			? NULL
			: (const rt_domain *)rt_schema_find(
			      c->from, RT_KIND_DOMAIN, base.schema, base.name);
	}
	const char *mid = base.name, *mid_schema = base.schema;

	collect_uses(c, &tmp, type_pred, f);
	for (size_t i = 0; i < tmp.uses.len; i++) {
		const rt_column *fc = tmp.uses.items[i];
		const rt_column *tc = tmp.uses_after.items[i];
		bool arr = strstr(fc->type.name, "[]") != NULL;
		rt_column *m = RT_NEW(c->a, rt_column);
		int pos = column_pos(fc);
		*m = *fc;
		memset(&m->deps, 0, sizeof(m->deps));
		m->type.schema = mid_schema;
		m->type.name = arr ? rt_arena_printf(c->a, "%s[]", mid) : mid;
		m->default_expr = NULL;
		rt_vec_push(&c->replaced_cols, c->a, (void *)fc);
		set_reshaped(c, fc);
		emit(c, RT_CH_ALTER_COLUMN_TYPE, RT_KIND_COLUMN, fc, m,
		     RT_PH_DROP_COLUMN, 0, fc->table->schema, fc->table->name,
		     pos - 300000, ST_TYPE, fc->name);
		if (type_eq(fc->type, tc->type))
			col_change(c, RT_CH_ALTER_COLUMN_TYPE, m, tc, 0, pos,
				   ST_TYPE);
	}
}

/* Before the tables: their columns' defaults are set by the retype. */
static void replace_types(ctx *c)
{
	const rt_vec *lists[] = {&c->from->domains, &c->from->composites,
				 &c->from->ranges};
	for (size_t k = 0; k < RT_ARRAY_LEN(lists); k++)
		for (size_t i = 0; i < lists[k]->len; i++) {
			const rt_object *f = lists[k]->items[i];
			if (goes(c, f) && namesake(c, f))
				retype_through(c, f);
		}
	/* the views and rules that read the retyped columns go too */
	if (c->replaced_cols.len)
		goes_closure(c);
}

/* true when function f is dropped while the target has another function
 * of its name in its schema (its signature changed) */
static bool overload_changes(const ctx *c, const rt_object *f)
{
	if (f->kind != RT_KIND_FUNCTION)
		return false;
	const rt_function *ff = (const rt_function *)f;
	for (size_t i = 0; i < c->to->functions.len; i++) {
		const rt_function *t = c->to->functions.items[i];
		if (strcmp(t->proname, ff->proname) == 0 &&
		    strcmp(t->schema, ff->schema) == 0)
			return true;
	}
	return false;
}

static void diff_generic(ctx *c, const rt_kind_ops *ops)
{
	const rt_vec *fv = rt_kind_list(ops, (rt_schema *)c->from, NULL);
	const rt_vec *tv = rt_kind_list(ops, (rt_schema *)c->to, NULL);

	for (size_t i = 0; i < fv->len; i++) {
		const rt_object *f = fv->items[i];
		const rt_object *t = namesake(c, f);
		if (!t || goes(c, f)) {
			comment_change(c, f->kind, f, NULL, f->comment, NULL,
				       f->schema, rel_of(f), f->name);
			/* replaced: dropped before its namesake is created
			 * (a function whose overload set changes too: a
			 * call to its name must not find two) */
			emit(c, RT_CH_DROP_OBJECT, f->kind, f, NULL,
			     ops->on_relations		   ? RT_PH_DROP_ON_REL
			     : t || overload_changes(c, f) ? RT_PH_DROP_REPLACED
							   : RT_PH_DROP_TYPE,
			     0, f->schema, rel_of(f), -ops->priority, 0,
			     f->name);
			if (t)
				create_object(c, t);
			continue;
		}
		switch (ops->compare(f, t)) {
		case RT_ALTER:
			emit(c, RT_CH_ALTER_OBJECT, f->kind, f, t,
			     ops->on_relations ? RT_PH_ON_REL : RT_PH_TYPE, 0,
			     t->schema, rel_of(t), ops->priority, 0, t->name);
			break;
		case RT_MAYBE:
			emit(c, RT_CH_MAYBE_CHANGED, f->kind, f, t,
			     RT_PH_UNMANAGED, 0, t->schema, rel_of(t),
			     ops->priority, 0, t->name);
			break;
		default:
			break;
		}
		comment_change(c, f->kind, f, t, f->comment, t->comment,
			       t->schema, rel_of(t), t->name);
	}
	for (size_t i = 0; i < tv->len; i++) {
		const rt_object *t = tv->items[i];
		if (!from_namesake(c, t))
			create_object(c, t);
	}
}

static void diff_generic_kinds(ctx *c)
{
	for (rt_kind k = 0; k < RT_KIND_UNMANAGED; k++) {
		const rt_kind_ops *ops = rt_kind_get(k);
		if (ops->compare)
			diff_generic(c, ops);
	}
}

/* ---- privileges, on every kind ---- */

static bool grant_in(const rt_vec *v, const rt_grant *g)
{
	for (size_t i = 0; i < v->len; i++) {
		const rt_grant *x = v->items[i];
		if (rt_grant_cmp(x, g) == 0)
			return true;
	}
	return false;
}

/* The grant of v that differs from g in its grant option only, or NULL. */
static const rt_grant *grant_other_option(const rt_vec *v, const rt_grant *g)
{
	for (size_t i = 0; i < v->len; i++) {
		const rt_grant *x = v->items[i];
		if (strcmp(x->grantee, g->grantee) == 0 &&
		    strcmp(x->privilege, g->privilege) == 0 &&
		    x->grantable != g->grantable)
			return x;
	}
	return NULL;
}

/* GRANT and REVOKE that take f's privileges (NULL: a new object of t's
 * kind, with its defaults) to t's. */
static void grant_changes(ctx *c, const rt_object *f, const rt_object *t)
{
	rt_vec dflt = {0};
	const rt_vec *fg = &dflt;
	const rt_grant *d = rt_schema_default_grant(t->kind);
	const char *table = t->owner ? t->owner->name : NULL;

	if (f)
		fg = &f->grants;
	else if (d)
		rt_vec_push(&dflt, c->a, (void *)d);
	for (size_t i = 0; i < fg->len; i++) {
		const rt_grant *g = fg->items[i];
		const rt_grant *o = grant_other_option(&t->grants, g);
		if (grant_in(&t->grants, g))
			continue;
		/* only the grant option differs: add or take just that */
		rt_change *ch =
		    emit(c, o && o->grantable ? RT_CH_GRANT : RT_CH_REVOKE,
			 t->kind, f, t, RT_PH_GRANT, 0, t->schema, table,
			 o && o->grantable ? 1 : 0, 0, t->name);
		ch->grant = o && o->grantable ? o : g;
		ch->grant_option = o != NULL;
	}
	for (size_t i = 0; i < t->grants.len; i++) {
		const rt_grant *g = t->grants.items[i];
		if (grant_in(fg, g) || grant_other_option(fg, g))
			continue;
		rt_change *ch = emit(c, RT_CH_GRANT, t->kind, f, t, RT_PH_GRANT,
				     0, t->schema, table, 1, 0, t->name);
		ch->grant = g;
	}
}

/* The from-side object the privileges of to-side object t are compared
 * with: its namesake, unless that one is dropped and created again. */
static const rt_object *grant_base(const ctx *c, const rt_object *t)
{
	const rt_kind_ops *ops = rt_kind_get(t->kind);
	const rt_object *f;

	if (ops->scope == RT_SCOPE_OWNER) {
		if (t->kind != RT_KIND_COLUMN)
			return NULL;
		const rt_table *ft =
		    namesake_table(c, c->from, (const rt_table *)t->owner);
		if (!ft || table_goes(c, ft))
			return NULL;
		const rt_column *fc = rt_table_find_column(ft, t->name);
		return fc && !column_goes(c, fc) ? &fc->obj : NULL;
	}
	f = t->kind == RT_KIND_TABLE ? (const rt_object *)namesake_table(
					   c, c->from, (const rt_table *)t)
				     : from_namesake(c, t);
	if (!f || goes(c, f))
		return NULL;
	if (t->kind == RT_KIND_TABLE && table_goes(c, (const rt_table *)f))
		return NULL;
	return f;
}

/* The privileges of f, about to be dropped, taken back to its kind's
 * defaults first: nothing for the up migration, but its inverse (the
 * down migration) grants them again once f is created again, as the
 * comments (RT_PH_COMMENT_CLEAR). */
static void grant_clear(ctx *c, const rt_object *f)
{
	const rt_grant *d = rt_schema_default_grant(f->kind);
	const char *table = f->owner ? f->owner->name : NULL;
	bool has_default = false;
	for (size_t i = 0; i < f->grants.len; i++) {
		const rt_grant *g = f->grants.items[i];
		if (d && rt_grant_cmp(g, d) == 0) {
			has_default = true;
			continue;
		}
		rt_change *ch =
		    emit(c, RT_CH_REVOKE, f->kind, f, NULL, RT_PH_GRANT_CLEAR,
			 0, f->schema, table, 0, 0, f->name);
		ch->grant = g;
	}
	if (d && !has_default) {
		rt_change *ch =
		    emit(c, RT_CH_GRANT, f->kind, f, NULL, RT_PH_GRANT_CLEAR, 0,
			 f->schema, table, 1, 0, f->name);
		ch->grant = d;
	}
}

/* The from-side objects that go (dropped, or dropped and created
 * again): their privileges are cleared before (grant_clear). */
static void grant_clears(ctx *c)
{
	for (rt_kind k = 0; k < RT_KIND_UNMANAGED; k++) {
		const rt_kind_ops *ops = rt_kind_get(k);
		if (k == RT_KIND_CONSTRAINT || ops->scope == RT_SCOPE_OWNER)
			continue;
		const rt_vec *v = rt_kind_list(ops, (rt_schema *)c->from, NULL);
		for (size_t i = 0; i < v->len; i++) {
			const rt_object *f = v->items[i];
			bool gone = k == RT_KIND_TABLE
					? table_goes(c, (const rt_table *)f)
					: !namesake(c, f) || goes(c, f);
			if (gone)
				grant_clear(c, f);
			if (k != RT_KIND_TABLE)
				continue;
			const rt_table *ft = (const rt_table *)f;
			const rt_table *tt =
			    gone ? NULL : namesake_table(c, c->to, ft);
			for (size_t j = 0; j < ft->columns.len; j++) {
				const rt_column *fc = ft->columns.items[j];
				/* (a column has no default privileges:
				 * grant_clear of one without any does
				 * nothing) */
				if (fc->obj.grants.len == 0)
					continue;
				if (!tt ||
				    !rt_table_find_column(tt, fc->name) ||
				    column_goes(c, fc))
					grant_clear(c, &fc->obj);
			}
		}
	}
}

/* false when owned object o (of to-side table t, whose namesake is ft)
 * certainly gets no GRANT or REVOKE: it has no privileges, no default
 * ones, and its namesake on the from side, if any, has none either
 * (grant_base need not decide whether that one goes) */
static bool owned_grants_may_change(const rt_table *ft, const rt_object *o)
{
	if (o->grants.len || rt_schema_default_grant(o->kind))
		return true;
	if (o->kind != RT_KIND_COLUMN)
		return false; /* grant_base gives NULL: nothing to take */
	const rt_column *fc = ft ? rt_table_find_column(ft, o->name) : NULL;
	return fc && fc->obj.grants.len;
}

static void diff_grants(ctx *c)
{
	grant_clears(c);
	for (rt_kind k = 0; k < RT_KIND_UNMANAGED; k++) {
		const rt_kind_ops *ops = rt_kind_get(k);
		if (k == RT_KIND_CONSTRAINT)
			continue;
		if (ops->scope == RT_SCOPE_OWNER) {
			for (size_t i = 0; i < c->to->tables.len; i++) {
				const rt_table *t = c->to->tables.items[i];
				const rt_table *ft =
				    namesake_table(c, c->from, t);
				const rt_vec *v = rt_kind_list(
				    ops, (rt_schema *)c->to, (rt_object *)t);
				for (size_t j = 0; j < v->len; j++) {
					const rt_object *o = v->items[j];
					if (!owned_grants_may_change(ft, o))
						continue;
					grant_changes(c, grant_base(c, o), o);
				}
			}
			continue;
		}
		const rt_vec *v = rt_kind_list(ops, (rt_schema *)c->to, NULL);
		for (size_t i = 0; i < v->len; i++) {
			const rt_object *o = v->items[i];
			grant_changes(c, grant_base(c, o), o);
		}
	}
}

/* ---- storage parameters, replica identity, cluster, column options */

static bool column_options_eq(const rt_column *x, const rt_column *y)
{
	return x->storage == y->storage &&
	       x->has_statistics == y->has_statistics &&
	       (!x->has_statistics || x->statistics == y->statistics) &&
	       rt_streq(x->compression, y->compression);
}

static bool column_options_default(const rt_column *c)
{
	return !c->storage && !c->has_statistics && !c->compression;
}

static bool has_str(const rt_vec *v, const char *s)
{
	for (size_t i = 0; i < v->len; i++)
		if (strcmp(v->items[i], s) == 0)
			return true;
	return false;
}

/* the same options, in any order */
static bool options_eq(const rt_vec *x, const rt_vec *y)
{
	if (x->len != y->len)
		return false;
	for (size_t i = 0; i < x->len; i++)
		if (!has_str(y, x->items[i]))
			return false;
	return true;
}

/* ft: the from-side table, NULL when tt is created. */
static void table_props(ctx *c, const rt_table *ft, const rt_table *tt)
{
	static const rt_table none;
	const rt_table *f = ft ? ft : &none;
	if (!options_eq(&f->options, &tt->options))
		emit(c, RT_CH_SET_TABLE_OPTIONS, RT_KIND_TABLE, ft, tt,
		     RT_PH_COLUMN, 0, tt->schema, tt->name, -1, 1, tt->name);
	if (f->replica_identity != tt->replica_identity ||
	    !rt_streq(f->replica_index, tt->replica_index))
		emit(c, RT_CH_SET_REPLICA_IDENTITY, RT_KIND_TABLE, ft, tt,
		     RT_PH_TABLE_PROPS, 0, tt->schema, tt->name, 0, 0,
		     tt->name);
	if (!rt_streq(f->cluster_index, tt->cluster_index))
		emit(c, RT_CH_SET_CLUSTER, RT_KIND_TABLE, ft, tt,
		     RT_PH_TABLE_PROPS, 0, tt->schema, tt->name, 1, 0,
		     tt->name);
	for (size_t i = 0; i < tt->columns.len; i++) {
		const rt_column *tc = tt->columns.items[i];
		const rt_column *fc =
		    ft ? rt_table_find_column(ft, tc->name) : NULL;
		/* (options left at their defaults on both: nothing, whether
		 * the column is recreated or not) */
		if (column_options_default(tc) &&
		    (!fc || column_options_default(fc)))
			continue;
		if (fc && (column_recreated(c, fc, tc) ||
			   column_recreated(c, tc, fc)))
			fc = NULL;
		if (fc ? column_options_eq(fc, tc) : column_options_default(tc))
			continue;
		emit(c, RT_CH_SET_COLUMN_OPTIONS, RT_KIND_COLUMN, fc, tc,
		     RT_PH_COLUMN, 0, tt->schema, tt->name, (int)i + 1, 90,
		     tc->name);
	}
}

/* The properties of a table or column that goes, as changes with no
 * after: nothing to do in this direction (plan gives them no step), but
 * their inverse sets them on the table or column created again. */
static void gone_props(ctx *c, const rt_table *ft, bool whole)
{
	const rt_table *tt = whole ? NULL : namesake_table(c, c->to, ft);
	if (whole) {
		if (ft->options.len)
			emit(c, RT_CH_SET_TABLE_OPTIONS, RT_KIND_TABLE, ft,
			     NULL, RT_PH_DROP_TABLE, 0, ft->schema, ft->name,
			     -1, 1, ft->name);
		if (ft->replica_identity)
			emit(c, RT_CH_SET_REPLICA_IDENTITY, RT_KIND_TABLE, ft,
			     NULL, RT_PH_DROP_TABLE, 0, ft->schema, ft->name, 0,
			     0, ft->name);
		if (ft->cluster_index)
			emit(c, RT_CH_SET_CLUSTER, RT_KIND_TABLE, ft, NULL,
			     RT_PH_DROP_TABLE, 0, ft->schema, ft->name, 1, 0,
			     ft->name);
	}
	for (size_t i = 0; i < ft->columns.len; i++) {
		const rt_column *fc = ft->columns.items[i];
		if (column_options_default(fc))
			continue;
		const rt_column *tc =
		    tt ? rt_table_find_column(tt, fc->name) : NULL;
		if (tc && !column_recreated(c, fc, tc) &&
		    !column_recreated(c, tc, fc))
			continue;
		emit(c, RT_CH_SET_COLUMN_OPTIONS, RT_KIND_COLUMN, fc, NULL,
		     RT_PH_DROP_COLUMN, 0, ft->schema, ft->name, (int)i + 1, 90,
		     fc->name);
	}
}

static void diff_table_props(ctx *c)
{
	for (size_t i = 0; i < c->to->tables.len; i++) {
		const rt_table *tt = c->to->tables.items[i];
		const rt_table *ft = namesake_table(c, c->from, tt);
		table_props(c, ft && !table_goes(c, ft) ? ft : NULL, tt);
	}
	for (size_t i = 0; i < c->from->tables.len; i++) {
		const rt_table *ft = c->from->tables.items[i];
		const rt_table *tt = namesake_table(c, c->to, ft);
		gone_props(c, ft, !tt || table_goes(c, ft));
	}
}

/* ---- row level security ---- */

static void diff_rls(ctx *c)
{
	/* tables about to go lose their flags first, so that the down
	 * migration sets them again */
	for (size_t i = 0; i < c->from->tables.len; i++) {
		const rt_table *ft = c->from->tables.items[i];
		if ((ft->rls || ft->force_rls) && table_goes(c, ft))
			emit(c, RT_CH_SET_RLS, RT_KIND_TABLE, ft, NULL,
			     RT_PH_GRANT_CLEAR, 0, ft->schema, ft->name, 0, 0,
			     ft->name);
	}
	for (size_t i = 0; i < c->to->tables.len; i++) {
		const rt_table *tt = c->to->tables.items[i];
		const rt_table *ft = namesake_table(c, c->from, tt);
		bool frls = false, fforce = false;
		if (ft && !table_goes(c, ft)) {
			frls = ft->rls;
			fforce = ft->force_rls;
		} else {
			ft = NULL;
		}
		if (frls == tt->rls && fforce == tt->force_rls)
			continue;
		emit(c, RT_CH_SET_RLS, RT_KIND_TABLE, ft, tt, RT_PH_RLS, 0,
		     tt->schema, tt->name, 0, 0, tt->name);
	}
}

/* ---- unmanaged ---- */

static bool unmanaged_has(const rt_schema *s, const char *what)
{
	for (size_t i = 0; i < s->unmanaged.len; i++) {
		rt_unmanaged *u = s->unmanaged.items[i];
		if (rt_streq(u->what, what))
			return true;
	}
	return false;
}

static void diff_unmanaged(ctx *c)
{
	for (size_t i = 0; i < c->from->unmanaged.len; i++) {
		rt_unmanaged *u = c->from->unmanaged.items[i];
		if (!u->data && !unmanaged_has(c->to, u->what))
			emit(c, RT_CH_UNMANAGED, RT_KIND_UNMANAGED, u, NULL,
			     RT_PH_UNMANAGED, 0, NULL, NULL, 0, 0, u->what);
	}
	for (size_t i = 0; i < c->to->unmanaged.len; i++) {
		rt_unmanaged *u = c->to->unmanaged.items[i];
		if (!u->data && !unmanaged_has(c->from, u->what))
			emit(c, RT_CH_UNMANAGED, RT_KIND_UNMANAGED, NULL, u,
			     RT_PH_UNMANAGED, 0, NULL, NULL, 1, 0, u->what);
	}
}

/* The phases after the goes and reshaped marks, which read the two
 * schemas and those marks and only add changes, in two halves: the second
 * (privileges, RLS, table and column properties: 40% of the diff's time
 * at 16,000 tables) runs on a thread of its own with its own ctx, arena
 * and list of changes, appended after the first's as if emitted in
 * order. Both halves ask the same lazily remembered questions (known,
 * to_of, from_of, a table's column hint), whose answers depend on the
 * schemas only, stored atomically. */
static void diff_later_first(ctx *c)
{
	diff_tables(c);
	diff_indexes(c);
	diff_generic_kinds(c);
}

static void *diff_later_second(void *arg)
{
	ctx *c = arg;
	diff_grants(c);
	diff_rls(c);
	diff_table_props(c);
	return NULL;
}

/* Below this many tables (both sides) a thread costs more than it saves;
 * the unit tests lower it to check both ways give the same changes. */
static size_t parallel_min = 2000;

void rt_diff__set_parallel_min(size_t tables)
{
	parallel_min = tables;
}

static void diff_later(ctx *c)
{
	ctx second = *c;
	pthread_t th;
	bool threaded = false;

	if (c->from->tables.len + c->to->tables.len >= parallel_min) {
		second.a = rt_arena_new();
		second.items = (rt_vec){0};
		second.seq = 0;
		threaded =
		    pthread_create(&th, NULL, diff_later_second, &second) == 0;
		if (!threaded) {
			rt_arena_free(second.a);
			second.a = c->a;
		}
	}
	diff_later_first(c);
	if (!threaded) {
		diff_later_second(c);
		return;
	}
	pthread_join(th, NULL);
	for (size_t i = 0; i < second.items.len; i++) {
		rt_diff_item *it = second.items.items[i];
		it->seq += c->seq;
		rt_vec_push(&c->items, c->a, it);
	}
	c->seq += second.seq;
	rt_arena_adopt(c->a, second.a);
}

int rt_diff(rt_vec *out, rt_arena *a, const rt_schema *from,
	    const rt_schema *to, rt_error *err)
{
	ctx c = {.a = a, .from = from, .to = to};
	c.n_known = from->next_id + 1;
	c.known = rt_arena_alloc(a, c.n_known); /* zeroed */
	c.n_to_of = from->next_id + 1;
	c.to_of = rt_arena_alloc(a, c.n_to_of * sizeof(*c.to_of));
	c.n_from_of = to->next_id + 1;
	c.from_of = rt_arena_alloc(a, c.n_from_of * sizeof(*c.from_of));

	/* above parallel_min tables, the table pass of mark_goes over the
	 * later half of from's tables runs on a thread while this one does
	 * the first phases and the first half */
	size_t n = from->tables.len, split = n;
	table_marks m = {.c = c};
	pthread_t th;
	bool threaded = false;
	if (n + to->tables.len >= parallel_min) {
		m.a = rt_arena_new();
		m.lo = split = n / 2;
		m.hi = n;
		threaded =
		    pthread_create(&th, NULL, mark_tables_thread, &m) == 0;
		if (!threaded) {
			rt_arena_free(m.a);
			split = n;
		}
	}
	diff_namespaces(&c);
	diff_extensions(&c);
	diff_collations(&c);
	diff_enums(&c);
	diff_sequences(&c);
	mark_tables(&c, NULL, 0, split);
	if (threaded) {
		pthread_join(th, NULL);
		adopt_marks(&c, &m);
	}
	mark_goes(&c);
	replace_types(&c);
	diff_later(&c);
	diff_unmanaged(&c);
	if (rt_diff__order(&c.items, a, err) < 0)
		return -1;
	for (size_t i = 0; i < c.items.len; i++) {
		rt_diff_item *it = c.items.items[i];
		rt_vec_push(out, a, it->c);
	}
	return 0;
}

/* ---- inverse ---- */

static rt_change *flipped(rt_arena *a, const rt_change *ch, rt_change_kind kind)
{
	rt_change *n = RT_NEW(a, rt_change);

	*n = *ch;
	n->kind = kind;
	n->before = ch->after;
	n->after = ch->before;
	n->uses = ch->uses_after;
	n->uses_after = ch->uses;
	return n;
}

/* The inverse kind; a switch without default so that a new kind that is
 * not handled here is a compiler warning (-Wswitch), hence an error. */
static rt_change_kind inverse_kind(rt_change_kind k)
{
	switch (k) {
	case RT_CH_CREATE_SCHEMA:
		return RT_CH_DROP_SCHEMA;
	case RT_CH_DROP_SCHEMA:
		return RT_CH_CREATE_SCHEMA;
	case RT_CH_CREATE_EXTENSION:
		return RT_CH_DROP_EXTENSION;
	case RT_CH_DROP_EXTENSION:
		return RT_CH_CREATE_EXTENSION;
	case RT_CH_CREATE_COLLATION:
		return RT_CH_DROP_COLLATION;
	case RT_CH_DROP_COLLATION:
		return RT_CH_CREATE_COLLATION;
	case RT_CH_CREATE_ENUM:
		return RT_CH_DROP_ENUM;
	case RT_CH_DROP_ENUM:
		return RT_CH_CREATE_ENUM;
	case RT_CH_ADD_ENUM_VALUE:
		return RT_CH_REPLACE_ENUM;
	case RT_CH_CREATE_SEQUENCE:
		return RT_CH_DROP_SEQUENCE;
	case RT_CH_DROP_SEQUENCE:
		return RT_CH_CREATE_SEQUENCE;
	case RT_CH_CREATE_TABLE:
		return RT_CH_DROP_TABLE;
	case RT_CH_DROP_TABLE:
		return RT_CH_CREATE_TABLE;
	case RT_CH_ADD_COLUMN:
		return RT_CH_DROP_COLUMN;
	case RT_CH_DROP_COLUMN:
		return RT_CH_ADD_COLUMN;
	case RT_CH_DROP_DEFAULT:
		return RT_CH_SET_DEFAULT;
	case RT_CH_SET_NOT_NULL:
		return RT_CH_DROP_NOT_NULL;
	case RT_CH_DROP_NOT_NULL:
		return RT_CH_SET_NOT_NULL;
	case RT_CH_ADD_IDENTITY:
		return RT_CH_DROP_IDENTITY;
	case RT_CH_DROP_IDENTITY:
		return RT_CH_ADD_IDENTITY;
	case RT_CH_ADD_CONSTRAINT:
		return RT_CH_DROP_CONSTRAINT;
	case RT_CH_DROP_CONSTRAINT:
		return RT_CH_ADD_CONSTRAINT;
	case RT_CH_CREATE_INDEX:
		return RT_CH_DROP_INDEX;
	case RT_CH_DROP_INDEX:
		return RT_CH_CREATE_INDEX;
	case RT_CH_ATTACH_PARTITION:
		return RT_CH_DETACH_PARTITION;
	case RT_CH_DETACH_PARTITION:
		return RT_CH_ATTACH_PARTITION;
	case RT_CH_ADD_INHERIT:
		return RT_CH_DROP_INHERIT;
	case RT_CH_DROP_INHERIT:
		return RT_CH_ADD_INHERIT;
	case RT_CH_CREATE_OBJECT:
		return RT_CH_DROP_OBJECT;
	case RT_CH_DROP_OBJECT:
		return RT_CH_CREATE_OBJECT;
	case RT_CH_GRANT:
		return RT_CH_REVOKE;
	case RT_CH_REVOKE:
		return RT_CH_GRANT;
	/* their own inverse, before and after swapped */
	case RT_CH_ALTER_EXTENSION_VERSION:
	case RT_CH_REPLACE_ENUM:
	case RT_CH_REPLACE_COLLATION:
	case RT_CH_ALTER_SEQUENCE:
	case RT_CH_ALTER_SEQUENCE_OWNER:
	case RT_CH_ALTER_COLUMN_TYPE:
	case RT_CH_SET_DEFAULT: /* or DROP_DEFAULT: rt_diff_invert */
	case RT_CH_ALTER_IDENTITY:
	case RT_CH_RENAME_IDENTITY_SEQUENCE:
	case RT_CH_DROP_EXPRESSION: /* special-cased in rt_diff_invert */
	case RT_CH_SET_PERSISTENCE:
	case RT_CH_SET_COMMENT:
	case RT_CH_ALTER_OBJECT:
	case RT_CH_MAYBE_CHANGED:
	case RT_CH_SET_RLS:
	case RT_CH_SET_TABLE_OPTIONS:
	case RT_CH_SET_REPLICA_IDENTITY:
	case RT_CH_SET_CLUSTER:
	case RT_CH_SET_COLUMN_OPTIONS:
	case RT_CH_UNMANAGED:
	case RT_CH_RENAME: /* the rename reversed: rt_diff_invert */
		return k;
	case RT_CH__COUNT:
		break;
	}
	RT_ASSERT(!"bad change kind");
	return k;
}

void rt_diff_invert(rt_vec *out, rt_arena *a, const rt_vec *changes)
{
	const rt_change *last_replace = NULL;

	for (size_t i = changes->len; i-- > 0;) {
		const rt_change *ch = changes->items[i];
		rt_change *n;

		switch (ch->kind) {
		case RT_CH_ADD_ENUM_VALUE:
			/* several added labels undo with one replace */
			if (last_replace &&
			    last_replace->before == ch->before &&
			    last_replace->after == ch->after)
				continue;
			last_replace = ch;
			n = flipped(a, ch, RT_CH_REPLACE_ENUM);
			n->label = n->neighbour = NULL;
			rt_vec_push(out, a, n);
			continue;
		case RT_CH_SET_DEFAULT: {
			const rt_column *b = ch->before;
			n = flipped(a, ch,
				    b && b->default_expr ? RT_CH_SET_DEFAULT
							 : RT_CH_DROP_DEFAULT);
			rt_vec_push(out, a, n);
			continue;
		}
		case RT_CH_RENAME: {
			/* renamed back; a column's table has its old name
			 * again by then (the up migration renames columns
			 * before tables), a constraint's its new one still
			 * (renamed after tables, back before them) */
			rt_rename *back = RT_NEW(a, rt_rename);
			*back = *ch->rename;
			back->name = ch->rename->new_name;
			back->new_name = ch->rename->name;
			n = flipped(a, ch, ch->kind);
			n->rename = back;
			rt_vec_push(out, a, n);
			continue;
		}
		case RT_CH_DROP_EXPRESSION:
			/* a plain column cannot gain an expression: drop it
			 * and add the generated one back */
			n = flipped(a, ch, RT_CH_DROP_COLUMN);
			n->before = ch->after;
			n->after = NULL;
			rt_vec_push(out, a, n);
			n = flipped(a, ch, RT_CH_ADD_COLUMN);
			n->before = NULL;
			n->after = ch->before;
			rt_vec_push(out, a, n);
			continue;
		default:
			break;
		}
		rt_vec_push(out, a, flipped(a, ch, inverse_kind(ch->kind)));
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
    [RT_CH_RENAME_IDENTITY_SEQUENCE] = "rename_identity_sequence",
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
    [RT_CH_CREATE_OBJECT] = "create",
    [RT_CH_DROP_OBJECT] = "drop",
    [RT_CH_ALTER_OBJECT] = "alter",
    [RT_CH_MAYBE_CHANGED] = "maybe_changed",
    [RT_CH_GRANT] = "grant",
    [RT_CH_REVOKE] = "revoke",
    [RT_CH_SET_RLS] = "set_rls",
    [RT_CH_SET_TABLE_OPTIONS] = "set_table_options",
    [RT_CH_SET_REPLICA_IDENTITY] = "set_replica_identity",
    [RT_CH_SET_CLUSTER] = "set_cluster",
    [RT_CH_SET_COLUMN_OPTIONS] = "set_column_options",
    [RT_CH_UNMANAGED] = "unmanaged",
    [RT_CH_RENAME] = "rename",
    [RT_CH__COUNT] = NULL,
};

const char *rt_change_kind_name(rt_change_kind k)
{
	RT_ASSERT((unsigned)k < RT_CH__COUNT);
	return kind_names[k];
}
