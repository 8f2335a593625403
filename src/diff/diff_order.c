/* SPDX-License-Identifier: MIT */
/*
 * Dependency order of changes, as pg_dump_sort.c orders objects: a stable
 * presort, then a topological sort over the objects' dependency edges
 * that keeps the presort wherever the edges allow.
 *
 * The presort: diff.c gives each change a phase (drops of dependents,
 * creates and alters, drops of what they used, comments) and, inside a
 * phase, keys that put parents before children (depth), then (schema,
 * table, position, name), then the order diff.c produced them in.
 *
 * The edges, from each schema's graph (o->deps): a change that creates or
 * alters an object comes after the changes that create or reshape what
 * it depends on (to side); a change that drops an object comes before
 * the drops and reshapes of what it depended on (from side): what is
 * altered lives through the reshape, what is dropped must go first.
 * Comments and notes take no edges. A cycle is an error naming the
 * changes on it.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/map.h"
#include "base/topo.h"
#include "diff/diff_int.h"

static int cmp_int(int a, int b)
{
	return (a > b) - (a < b);
}

static int cmp_item(const void *pa, const void *pb)
{
	const rt_diff_item *a = pa, *b = pb;
	int r;

	if ((r = cmp_int(a->phase, b->phase)))
		return r;
	if ((r = cmp_int(a->depth, b->depth)))
		return r;
	if ((r = rt_strcmp0(a->schema, b->schema)))
		return r;
	if ((r = rt_strcmp0(a->table, b->table)))
		return r;
	if ((r = cmp_int(a->k1, b->k1)))
		return r;
	if ((r = cmp_int(a->k2, b->k2)))
		return r;
	if ((r = rt_strcmp0(a->name, b->name)))
		return r;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* What a change does to its objects, for the edges. */
enum role { NONE, ESTABLISH, REMOVE, ALTER };

/* Alters that change what depends on the object: a column's type, a
 * type or collation replaced or extended. Other alters (attaching a
 * partition, a table's persistence) leave its dependents alone, so they
 * take no edges from them. */
static bool reshapes(const rt_change *c)
{
	switch (c->kind) {
	case RT_CH_ALTER_COLUMN_TYPE:
	case RT_CH_REPLACE_ENUM:
	case RT_CH_ADD_ENUM_VALUE:
	case RT_CH_REPLACE_COLLATION:
	case RT_CH_ALTER_EXTENSION_VERSION:
		return true;
	default:
		return false;
	}
}

static enum role role_of(const rt_change *c)
{
	switch (c->kind) {
	case RT_CH_SET_COMMENT:
	case RT_CH_UNMANAGED:
		return NONE;
	default:
		break;
	}
	if (!c->before)
		return ESTABLISH;
	if (!c->after)
		return REMOVE;
	return ALTER;
}

/* index + 1 of the changes touching each object, by pointer */
typedef struct touch {
	size_t idx;
	struct touch *next;
} touch;

static void note_touch(rt_map *m, rt_arena *a, const void *obj, size_t idx)
{
	const void **key;
	touch *t, *head;

	if (!obj)
		return;
	head = rt_map_get(m, &obj, sizeof(obj));
	t = RT_NEW(a, touch);
	t->idx = idx;
	t->next = head;
	if (head) {
		/* keep the head pointer stable: insert after it */
		t->next = head->next;
		head->next = t;
		return;
	}
	key = RT_NEW(a, const void *);
	*key = obj;
	rt_map_put(m, a, key, sizeof(*key), t);
}

static touch *touches(const rt_map *m, const void *obj)
{
	return rt_map_get(m, &obj, sizeof(obj));
}

typedef struct edges {
	rt_topo_edge *v;
	size_t len, cap;
} edges;

static void add_edge(edges *e, size_t before, size_t after)
{
	if (before == after)
		return;
	if (e->len == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 64;
		e->v = rt_xrealloc(e->v, e->cap * sizeof(*e->v));
	}
	e->v[e->len++] = (rt_topo_edge){before, after};
}

static const rt_object *obj_of(const rt_change *c, bool after)
{
	if (c->obj == RT_KIND_UNMANAGED)
		return NULL;
	return after ? c->after : c->before;
}

/* The identity of o as a map key (kind, schema, owner, name): a name
 * must be free before it is taken again. */
static const char *identity_key(rt_arena *a, rt_kind k, const rt_object *o)
{
	return rt_arena_printf(a, "%d\x1f%s\x1f%s\x1f%s", (int)k,
			       o->schema ? o->schema : "",
			       o->owner ? o->owner->name : "", o->name);
}

static void object_words(rt_buf *b, const rt_change *c)
{
	const rt_object *o = obj_of(c, c->after != NULL);
	rt_buf_addf(b, "%s ", rt_change_kind_name(c->kind));
	if (!o)
		return;
	if (o->owner)
		rt_buf_addf(b, "%s.%s.%s", o->schema, o->owner->name, o->name);
	else
		rt_buf_addf(b, "%s.%s", o->schema, o->name);
}

int rt_diff__order(rt_vec *items, rt_arena *a, rt_error *err)
{
	size_t n = items->len;
	rt_map est = {0}, rem = {0}, freed = {0};
	edges e = {0};
	size_t *order, *cycle, ncycle = 0;
	int rc = 0;

	rt_vec_sort(items, cmp_item);
	for (size_t i = 0; i < n; i++) {
		const rt_change *c = ((rt_diff_item *)items->items[i])->c;
		enum role r = role_of(c);
		if (r == ESTABLISH || (r == ALTER && reshapes(c)))
			note_touch(&est, a, obj_of(c, true), i);
		if (r == REMOVE || (r == ALTER && reshapes(c)))
			note_touch(&rem, a, obj_of(c, false), i);
		if (r == REMOVE && obj_of(c, false)) {
			const char *k =
			    identity_key(a, c->obj, obj_of(c, false));
			size_t *idx = RT_NEW(a, size_t);
			*idx = i + 1;
			rt_map_put(&freed, a, k, strlen(k), idx);
		}
	}
	for (size_t i = 0; i < n; i++) {
		const rt_change *c = ((rt_diff_item *)items->items[i])->c;
		enum role r = role_of(c);
		const rt_object *o;
		if ((r == ESTABLISH || r == ALTER) && (o = obj_of(c, true)))
			for (size_t d = 0; d < o->deps.len; d++)
				for (touch *t = touches(&est, o->deps.items[d]);
				     t; t = t->next)
					add_edge(&e, t->idx, i);
		if (r == ESTABLISH && (o = obj_of(c, true))) {
			/* dropped and created again under the same name (a
			 * function whose signature stays, a changed view):
			 * the drop first */
			const char *k = identity_key(a, c->obj, o);
			const size_t *idx = rt_map_get(&freed, k, strlen(k));
			if (idx)
				add_edge(&e, *idx - 1, i);
		}
		if (r == REMOVE && (o = obj_of(c, false)))
			for (size_t d = 0; d < o->deps.len; d++)
				for (touch *t = touches(&rem, o->deps.items[d]);
				     t; t = t->next)
					add_edge(&e, i, t->idx);
	}
	order = rt_xcalloc(n + 1, sizeof(size_t));
	cycle = rt_xcalloc(n + 1, sizeof(size_t));
	if (rt_topo_sort(order, n, e.v, e.len, cycle, &ncycle) < 0) {
		rt_buf b = RT_BUF_INIT;
		for (size_t i = 0; i < ncycle; i++) {
			if (i)
				rt_buf_adds(&b, " -> ");
			object_words(
			    &b, ((rt_diff_item *)items->items[cycle[i]])->c);
		}
		rc = rt_errorf(err, RT_EINPUT,
			       "cannot order the changes: dependency cycle: %s",
			       b.data);
		rt_buf_release(&b);
	} else if (n > 0) {
		void **sorted = rt_arena_alloc(a, n * sizeof(void *));
		for (size_t i = 0; i < n; i++)
			sorted[i] = items->items[order[i]];
		memcpy(items->items, sorted, n * sizeof(void *));
	}
	free(order);
	free(cycle);
	free(e.v);
	return rc;
}
