/* SPDX-License-Identifier: MIT */
/*
 * The binary form of a schema (snap.h). Layout:
 *
 *   "RTSNAP" NUL, version, dialect, next_id, object count, string count,
 *   string bytes (NUL-terminated strings, each string of the schema
 *   stored once: see put_s), the objects, then the dependency edges.
 *
 * Numbers are LEB128 varints (signed ones zig-zag), doubles their 8
 * bytes. A string is its number in the table, 0 for NULL. Objects come
 * kind by kind in registry order, each list in its order, a table's
 * columns and constraints after it; every object's header (id, schema,
 * name, comment, place, grants) then its kind's fields in struct order.
 * An object is referred to (the owner of a trigger, policy or rule, a
 * dependency) by its position in that order. The reader copies the
 * string bytes into the arena once and points into them.
 */
#include "base/common.h"

#include <limits.h>

#include "base/map.h"
#include "schema/kind.h"
#include "schema/snap.h"

static const char magic[8] = "RTSNAP";

/* ---- writing ----------------------------------------------------------- */

typedef struct sw {
	rt_buf *out;
	rt_buf strs;	 /* the string table */
	rt_buf objs;	 /* the objects */
	rt_buf deps;	 /* the edges, object by object */
	rt_arena *a;	 /* the maps' storage */
	rt_map str;	 /* string -> its number */
	rt_map ord;	 /* id (4 bytes of the object) -> 1 + position */
	size_t nstr;	 /* strings in the table */
	size_t nobj;	 /* objects written */
	rt_vec order;	 /* rt_object *: as written, for the edges */
	const char *dir; /* places under dir/ are written relative */
	size_t dlen;
} sw;

static void put_u(rt_buf *b, uint64_t v)
{
	unsigned char t[10];
	size_t n = 0;
	do {
		t[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v)
			t[n] |= 0x80;
		n++;
	} while (v);
	rt_buf_add(b, t, n);
}

static void put_i(rt_buf *b, int64_t v)
{
	put_u(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static void put_d(rt_buf *b, double d)
{
	rt_buf_add(b, &d, sizeof(d));
}

/*
 * A string, by its number in the table: one entry per distinct pointer,
 * not per distinct text, so that the schema read back shares strings
 * exactly as s did. The SQL loader relies on that when it continues a
 * replay on the schema: an index's table.name is its table's name string
 * (load_sql_alter.c compares them as pointers), and two tables of one
 * name in two schemas have two.
 */
static void put_s(sw *w, const char *s)
{
	size_t *num;
	if (!s) {
		put_u(&w->objs, 0);
		return;
	}
	num = rt_map_get(&w->str, &s, sizeof(s));
	if (!num) {
		const char **key = RT_NEW(w->a, const char *);
		*key = s;
		num = RT_NEW(w->a, size_t);
		*num = ++w->nstr;
		rt_buf_add(&w->strs, s, strlen(s) + 1);
		rt_map_put(&w->str, w->a, key, sizeof(*key), num);
	}
	put_u(&w->objs, *num);
}

/* A file name: 1 and its part after dir/ when under dir, else 0 and
 * the whole (or NULL). */
static void put_path(sw *w, const char *s)
{
	if (s && w->dir && strncmp(s, w->dir, w->dlen) == 0 &&
	    s[w->dlen] == '/') {
		put_u(&w->objs, 1);
		put_s(w, s + w->dlen + 1);
		return;
	}
	put_u(&w->objs, 0);
	put_s(w, s);
}

static void put_b(sw *w, bool v)
{
	rt_buf_addch(&w->objs, v ? 1 : 0);
}

static void put_c(sw *w, char c)
{
	rt_buf_addch(&w->objs, c);
}

static void put_strvec(sw *w, const rt_vec *v)
{
	put_u(&w->objs, v->len);
	for (size_t i = 0; i < v->len; i++)
		put_s(w, v->items[i]);
}

static void put_qname(sw *w, rt_qname q)
{
	put_s(w, q.schema);
	put_s(w, q.name);
}

static void put_type(sw *w, rt_type t)
{
	put_s(w, t.schema);
	put_s(w, t.name);
}

static void put_expr(sw *w, const rt_expr *e)
{
	if (!e) {
		put_u(&w->objs, 0);
		return;
	}
	put_u(&w->objs, e->refs ? 2 : 1);
	put_s(w, e->text);
	put_s(w, e->key);
	if (e->refs) {
		put_strvec(w, &e->refs->columns);
		put_strvec(w, &e->refs->functions);
		put_strvec(w, &e->refs->sequences);
		put_strvec(w, &e->refs->relations);
		put_b(w, e->refs->star);
	}
}

/* The position of o in the order written (o written before). */
static bool put_ref(sw *w, rt_buf *b, const rt_object *o)
{
	size_t *pos = rt_map_get(&w->ord, &o->id, sizeof(o->id));
	if (!pos || w->order.items[*pos - 1] != o)
		return false;
	put_u(b, *pos - 1);
	return true;
}

static void put_head(sw *w, const rt_object *o)
{
	size_t *pos = RT_NEW(w->a, size_t);
	*pos = ++w->nobj;
	rt_map_put(&w->ord, w->a, &o->id, sizeof(o->id), pos);
	rt_vec_push(&w->order, w->a, (void *)o);
	put_u(&w->objs, o->id);
	put_s(w, o->schema);
	put_s(w, o->name);
	put_s(w, o->comment);
	put_path(w, o->src_file);
	put_i(&w->objs, o->src_line);
	put_u(&w->objs, o->grants.len);
	for (size_t i = 0; i < o->grants.len; i++) {
		const rt_grant *g = o->grants.items[i];
		put_s(w, g->grantee);
		put_s(w, g->privilege);
		put_b(w, g->grantable);
	}
}

static void put_seq_fields(sw *w, const rt_sequence *q)
{
	put_s(w, q->type);
	put_i(&w->objs, q->start);
	put_i(&w->objs, q->increment);
	put_i(&w->objs, q->min);
	put_i(&w->objs, q->max);
	put_i(&w->objs, q->cache);
	put_b(w, q->cycle);
	put_qname(w, q->owned_by_table);
	put_s(w, q->owned_by_column);
}

static void put_column(sw *w, const rt_column *c)
{
	put_head(w, &c->obj);
	put_type(w, c->type);
	put_qname(w, c->collation);
	put_b(w, c->not_null);
	put_expr(w, c->default_expr);
	put_expr(w, c->generated);
	put_c(w, (char)c->identity);
	put_b(w, c->id_seq != NULL);
	if (c->id_seq) {
		/* not in the schema's lists: its fields only */
		put_s(w, c->id_seq->schema);
		put_s(w, c->id_seq->name);
		put_s(w, c->id_seq->comment);
		put_seq_fields(w, c->id_seq);
	}
	put_b(w, c->is_local);
	put_i(&w->objs, c->inhcount);
	put_c(w, c->storage);
	put_b(w, c->has_statistics);
	put_i(&w->objs, c->statistics);
	put_s(w, c->compression);
	put_s(w, c->renamed_from);
}

static void put_constraint(sw *w, const rt_constraint *c)
{
	put_head(w, &c->obj);
	put_c(w, (char)c->type);
	put_strvec(w, &c->columns);
	put_strvec(w, &c->include);
	put_b(w, c->deferrable);
	put_b(w, c->initially_deferred);
	put_b(w, c->not_valid);
	put_b(w, c->nulls_not_distinct);
	put_strvec(w, &c->index_options);
	put_qname(w, c->ref_table);
	put_strvec(w, &c->ref_columns);
	put_c(w, c->on_update);
	put_c(w, c->on_delete);
	put_c(w, c->match);
	put_strvec(w, &c->on_delete_columns);
	put_expr(w, c->expr);
	put_b(w, c->no_inherit);
	put_b(w, c->is_local);
}

/* The fields of o (kind k) after its header. false when it refers to an
 * object not written before it. */
static bool put_object(sw *w, rt_kind k, const rt_object *o)
{
	switch (k) {
	case RT_KIND_NAMESPACE:
		put_head(w, o);
		break;
	case RT_KIND_EXTENSION:
		put_head(w, o);
		put_s(w, ((const rt_extension *)o)->version);
		break;
	case RT_KIND_COLLATION: {
		const rt_collation *c = (const rt_collation *)o;
		put_head(w, o);
		put_c(w, c->provider);
		put_s(w, c->lc_collate);
		put_s(w, c->lc_ctype);
		put_b(w, c->deterministic);
		break;
	}
	case RT_KIND_ENUM:
		put_head(w, o);
		put_strvec(w, &((const rt_enum *)o)->labels);
		break;
	case RT_KIND_SEQUENCE:
		put_head(w, o);
		put_seq_fields(w, (const rt_sequence *)o);
		break;
	case RT_KIND_TABLE: {
		const rt_table *t = (const rt_table *)o;
		put_head(w, o);
		put_c(w, (char)t->relkind);
		put_b(w, t->unlogged);
		put_u(&w->objs, t->inherits.len);
		for (size_t i = 0; i < t->inherits.len; i++)
			put_qname(w, *(const rt_qname *)t->inherits.items[i]);
		put_expr(w, t->partition_key);
		put_qname(w, t->partition_of);
		put_expr(w, t->partition_bound);
		put_b(w, t->maybe_parent);
		put_b(w, t->rls);
		put_b(w, t->force_rls);
		put_strvec(w, &t->options);
		put_c(w, t->replica_identity);
		put_s(w, t->replica_index);
		put_s(w, t->cluster_index);
		put_s(w, t->renamed_from);
		put_u(&w->objs, t->columns.len);
		for (size_t i = 0; i < t->columns.len; i++)
			put_column(w, t->columns.items[i]);
		put_u(&w->objs, t->constraints.len);
		for (size_t i = 0; i < t->constraints.len; i++)
			put_constraint(w, t->constraints.items[i]);
		break;
	}
	case RT_KIND_INDEX: {
		const rt_index *x = (const rt_index *)o;
		put_head(w, o);
		put_qname(w, x->table);
		put_b(w, x->unique);
		put_expr(w, x->def);
		break;
	}
	case RT_KIND_FUNCTION: {
		const rt_function *f = (const rt_function *)o;
		put_head(w, o);
		put_s(w, f->proname);
		put_c(w, f->prokind);
		put_u(&w->objs, f->args.len);
		for (size_t i = 0; i < f->args.len; i++) {
			const rt_funcarg *g = f->args.items[i];
			put_c(w, g->mode);
			put_s(w, g->name);
			put_type(w, g->type);
			put_expr(w, g->default_expr);
		}
		put_type(w, f->rettype);
		put_b(w, f->retset);
		put_s(w, f->language);
		put_s(w, f->body);
		put_expr(w, f->sql_body);
		put_s(w, f->sql_body_loose);
		put_c(w, f->volatility);
		put_c(w, f->parallel);
		put_b(w, f->strict);
		put_b(w, f->security_definer);
		put_b(w, f->leakproof);
		put_d(&w->objs, f->cost);
		put_d(&w->objs, f->rows);
		put_strvec(w, &f->config);
		break;
	}
	case RT_KIND_DOMAIN: {
		const rt_domain *d = (const rt_domain *)o;
		put_head(w, o);
		put_type(w, d->type);
		put_qname(w, d->collation);
		put_expr(w, d->default_expr);
		put_b(w, d->not_null);
		put_u(&w->objs, d->checks.len);
		for (size_t i = 0; i < d->checks.len; i++) {
			const rt_domain_check *c = d->checks.items[i];
			put_s(w, c->name);
			put_expr(w, c->expr);
			put_b(w, c->not_valid);
		}
		break;
	}
	case RT_KIND_COMPOSITE: {
		const rt_composite *c = (const rt_composite *)o;
		put_head(w, o);
		put_u(&w->objs, c->attributes.len);
		for (size_t i = 0; i < c->attributes.len; i++) {
			const rt_attribute *at = c->attributes.items[i];
			put_s(w, at->name);
			put_type(w, at->type);
			put_qname(w, at->collation);
		}
		break;
	}
	case RT_KIND_RANGE: {
		const rt_range *g = (const rt_range *)o;
		put_head(w, o);
		put_type(w, g->subtype);
		put_qname(w, g->opclass);
		put_qname(w, g->collation);
		put_qname(w, g->canonical);
		put_qname(w, g->subtype_diff);
		put_s(w, g->multirange);
		break;
	}
	case RT_KIND_VIEW: {
		const rt_view *v = (const rt_view *)o;
		put_head(w, o);
		put_b(w, v->materialized);
		put_expr(w, v->query);
		put_strvec(w, &v->options);
		put_s(w, v->loose);
		put_strvec(w, &v->columns);
		put_b(w, v->exact);
		break;
	}
	case RT_KIND_TRIGGER:
	case RT_KIND_RULE: {
		/* rt_trigger and rt_rule have one layout after the header */
		const rt_trigger *t = (const rt_trigger *)o;
		const rt_rule *r = (const rt_rule *)o;
		if (!o->owner || !put_ref(w, &w->objs, o->owner))
			return false;
		put_head(w, o);
		put_qname(w, k == RT_KIND_TRIGGER ? t->table : r->table);
		put_expr(w, k == RT_KIND_TRIGGER ? t->def : r->def);
		put_c(w, k == RT_KIND_TRIGGER ? t->enabled : r->enabled);
		break;
	}
	case RT_KIND_POLICY: {
		const rt_policy *p = (const rt_policy *)o;
		if (!o->owner || !put_ref(w, &w->objs, o->owner))
			return false;
		put_head(w, o);
		put_qname(w, p->table);
		put_b(w, p->permissive);
		put_c(w, p->cmd);
		put_strvec(w, &p->roles);
		put_expr(w, p->using_expr);
		put_expr(w, p->check_expr);
		break;
	}
	default:
		return false;
	}
	return true;
}

/* The edges of every object, in the order written. */
static bool put_deps(sw *w)
{
	for (size_t i = 0; i < w->order.len; i++) {
		const rt_object *o = w->order.items[i];
		put_u(&w->deps, o->deps.len);
		for (size_t j = 0; j < o->deps.len; j++)
			if (!put_ref(w, &w->deps, o->deps.items[j]))
				return false;
	}
	return true;
}

bool rt_snap_write(rt_buf *out, const rt_schema *s, const char *dir)
{
	sw w = {.out = out,
		.strs = RT_BUF_INIT,
		.objs = RT_BUF_INIT,
		.deps = RT_BUF_INIT,
		.dir = dir,
		.dlen = dir ? strlen(dir) : 0};
	rt_buf head = RT_BUF_INIT;
	bool ok = true;

	w.a = rt_arena_new();
	for (rt_kind k = 0; ok && k < RT_KIND_UNMANAGED; k++) {
		const rt_kind_ops *ops = rt_kind_get(k);
		const rt_vec *v;
		if (ops->scope == RT_SCOPE_OWNER)
			continue; /* with their table */
		v = rt_kind_list(ops, (rt_schema *)s, NULL);
		put_u(&w.objs, v->len);
		for (size_t i = 0; ok && i < v->len; i++)
			ok = put_object(&w, k, v->items[i]);
	}
	put_u(&w.objs, s->unmanaged.len);
	for (size_t i = 0; ok && i < s->unmanaged.len; i++) {
		const rt_unmanaged *u = s->unmanaged.items[i];
		put_s(&w, u->what);
		put_path(&w, u->file);
		put_i(&w.objs, u->line);
		put_i(&w.objs, u->col);
		put_b(&w, u->data);
		put_s(&w, u->sql);
	}
	ok = ok && put_deps(&w);
	if (ok) {
		rt_buf_add(&head, magic, sizeof(magic));
		put_u(&head, RT_SNAP_VERSION);
		put_u(&head, (uint64_t)s->dialect);
		put_u(&head, s->next_id);
		put_u(&head, w.nobj);
		put_u(&head, w.nstr);
		put_u(&head, w.strs.len);
		rt_buf_add(out, head.data, head.len);
		rt_buf_add(out, w.strs.data, w.strs.len);
		rt_buf_add(out, w.objs.data, w.objs.len);
		rt_buf_add(out, w.deps.data, w.deps.len);
	}
	rt_buf_release(&head);
	rt_buf_release(&w.strs);
	rt_buf_release(&w.objs);
	rt_buf_release(&w.deps);
	rt_arena_free(w.a);
	return ok;
}

/* ---- reading ----------------------------------------------------------- */

typedef struct sr {
	const unsigned char *p, *end;
	bool bad;
	const char *why; /* the first problem, for the error */
	rt_arena *a;
	rt_schema *s;
	const char **str; /* the table: str[0] is string 1 */
	size_t nstr;
	rt_object **order; /* the objects, as read */
	size_t nobj, nread;
	uint32_t next_id;
	const char *dir;    /* what relative places are under */
	const char **under; /* under[i]: dir/string i+1, made once */
} sr;

static void bad(sr *r, const char *why)
{
	if (!r->bad)
		r->why = why;
	r->bad = true;
}

static uint64_t get_u(sr *r)
{
	uint64_t v = 0;
	for (int sh = 0; sh < 64 && r->p < r->end; sh += 7) {
		unsigned char c = *r->p++;
		v |= (uint64_t)(c & 0x7f) << sh;
		if (!(c & 0x80))
			return v;
	}
	bad(r, "truncated number");
	r->p = r->end;
	return 0;
}

static int64_t get_i(sr *r)
{
	uint64_t u = get_u(r);
	return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

static int get_int(sr *r)
{
	int64_t v = get_i(r);
	if (v < INT_MIN || v > INT_MAX)
		bad(r, "number out of range");
	return (int)v;
}

static double get_d(sr *r)
{
	double d = 0;
	if ((size_t)(r->end - r->p) < sizeof(d)) {
		bad(r, "truncated number");
		r->p = r->end;
		return 0;
	}
	memcpy(&d, r->p, sizeof(d));
	r->p += sizeof(d);
	return d;
}

static char get_c(sr *r)
{
	if (r->p >= r->end) {
		bad(r, "truncated");
		return 0;
	}
	return (char)*r->p++;
}

static bool get_b(sr *r)
{
	char c = get_c(r);
	if (c != 0 && c != 1)
		bad(r, "not a boolean");
	return c == 1;
}

static const char *get_s(sr *r)
{
	uint64_t i = get_u(r);
	if (i == 0)
		return NULL;
	if (i > r->nstr) {
		bad(r, "string number out of range");
		return NULL;
	}
	return r->str[i - 1];
}

/* A file name written by put_path. */
static const char *get_path(sr *r)
{
	uint64_t rel = get_u(r), i;
	if (rel == 0)
		return get_s(r);
	i = get_u(r);
	if (rel != 1 || i == 0 || i > r->nstr) {
		bad(r, "not a file name");
		return NULL;
	}
	if (!r->dir)
		return r->str[i - 1];
	if (!r->under) {
		r->under = rt_arena_alloc(r->a, r->nstr * sizeof(char *));
		memset(r->under, 0, r->nstr * sizeof(char *));
	}
	if (!r->under[i - 1])
		r->under[i - 1] =
		    rt_arena_printf(r->a, "%s/%s", r->dir, r->str[i - 1]);
	return r->under[i - 1];
}

/* A string that must be there. */
static const char *get_sv(sr *r)
{
	const char *s = get_s(r);
	if (!s)
		bad(r, "a required string is missing");
	return s ? s : "";
}

/* A count of items of at least one byte each. */
static size_t get_n(sr *r)
{
	uint64_t n = get_u(r);
	if (n > (uint64_t)(r->end - r->p)) {
		bad(r, "count beyond the end");
		return 0;
	}
	return (size_t)n;
}

static void get_strvec(sr *r, rt_vec *v)
{
	size_t n = get_n(r);
	*v = (rt_vec){0};
	if (!n)
		return;
	v->items = rt_arena_alloc(r->a, n * sizeof(void *));
	v->cap = n;
	for (size_t i = 0; i < n && !r->bad; i++)
		v->items[v->len++] = (void *)get_sv(r);
}

static rt_qname get_qname(sr *r)
{
	rt_qname q;
	q.schema = get_s(r);
	q.name = get_s(r);
	return q;
}

static rt_type get_type(sr *r)
{
	rt_type t;
	t.schema = get_s(r);
	t.name = get_s(r);
	return t;
}

static rt_expr *get_expr(sr *r)
{
	uint64_t tag = get_u(r);
	rt_expr *e;
	if (tag == 0)
		return NULL;
	if (tag > 2) {
		bad(r, "not an expression");
		return NULL;
	}
	e = RT_NEW(r->a, rt_expr);
	e->text = get_sv(r);
	e->key = get_s(r);
	if (tag == 2) {
		e->refs = RT_NEW(r->a, rt_refs);
		get_strvec(r, &e->refs->columns);
		get_strvec(r, &e->refs->functions);
		get_strvec(r, &e->refs->sequences);
		get_strvec(r, &e->refs->relations);
		e->refs->star = get_b(r);
	}
	return e;
}

/* An object written before, by its position. */
static rt_object *get_ref(sr *r)
{
	uint64_t i = get_u(r);
	if (i >= r->nread) {
		bad(r, "reference out of range");
		return NULL;
	}
	return r->order[i];
}

/* The header into o (allocated by the caller at its kind's size). */
static void get_head(sr *r, rt_object *o)
{
	uint64_t id = get_u(r);
	size_t n;
	if (id == 0 || id > r->next_id)
		bad(r, "object id out of range");
	o->id = (uint32_t)id;
	o->schema = get_s(r);
	o->name = get_sv(r);
	o->comment = get_s(r);
	o->src_file = get_path(r);
	o->src_line = get_int(r);
	n = get_n(r);
	o->grants = (rt_vec){0};
	if (n) {
		o->grants.items = rt_arena_alloc(r->a, n * sizeof(void *));
		o->grants.cap = n;
	}
	for (size_t i = 0; i < n && !r->bad; i++) {
		rt_grant *g = RT_NEW(r->a, rt_grant);
		g->grantee = get_sv(r);
		g->privilege = get_sv(r);
		g->grantable = get_b(r);
		o->grants.items[o->grants.len++] = g;
	}
}

/* Adds o (its header and fields read) as kind k under owner, keeping
 * the id and grants it was written with. */
static bool add(sr *r, rt_kind k, rt_object *o, rt_object *owner)
{
	uint32_t id = o->id;
	rt_vec grants = o->grants;
	const rt_kind_ops *ops = rt_kind_get(k);
	if (r->bad)
		return false;
	if (r->nread >= r->nobj) {
		bad(r, "more objects than counted");
		return false;
	}
	if ((ops->scope == RT_SCOPE_SCHEMA && !o->schema) ||
	    ((ops->scope == RT_SCOPE_OWNER ||
	      ops->scope == RT_SCOPE_RELATION) &&
	     !owner)) {
		bad(r, "an object without its schema or owner");
		return false;
	}
	o->owner = owner;
	o->id = 0;
	o->grants = (rt_vec){0};
	rt_schema_add(r->s, k, o);
	o->id = id;
	o->grants = grants;
	r->order[r->nread++] = o;
	return true;
}

static void get_seq_fields(sr *r, rt_sequence *q)
{
	q->type = get_s(r);
	q->start = get_i(r);
	q->increment = get_i(r);
	q->min = get_i(r);
	q->max = get_i(r);
	q->cache = get_i(r);
	q->cycle = get_b(r);
	q->owned_by_table = get_qname(r);
	q->owned_by_column = get_s(r);
}

static bool get_column(sr *r, rt_table *t)
{
	rt_column *c = RT_NEW(r->a, rt_column);
	get_head(r, &c->obj);
	c->table = t;
	c->type = get_type(r);
	c->collation = get_qname(r);
	c->not_null = get_b(r);
	c->default_expr = get_expr(r);
	c->generated = get_expr(r);
	c->identity = (rt_identity)get_c(r);
	if (get_b(r)) {
		rt_sequence *q = RT_NEW(r->a, rt_sequence);
		q->kind = RT_KIND_SEQUENCE;
		q->schema = get_s(r);
		q->name = get_s(r);
		q->comment = get_s(r);
		get_seq_fields(r, q);
		c->id_seq = q;
	}
	c->is_local = get_b(r);
	c->inhcount = get_int(r);
	c->storage = get_c(r);
	c->has_statistics = get_b(r);
	c->statistics = get_int(r);
	c->compression = get_s(r);
	c->renamed_from = get_s(r);
	return add(r, RT_KIND_COLUMN, &c->obj, &t->obj);
}

static bool get_constraint(sr *r, rt_table *t)
{
	rt_constraint *c = RT_NEW(r->a, rt_constraint);
	get_head(r, &c->obj);
	c->table = t;
	c->type = (rt_contype)get_c(r);
	get_strvec(r, &c->columns);
	get_strvec(r, &c->include);
	c->deferrable = get_b(r);
	c->initially_deferred = get_b(r);
	c->not_valid = get_b(r);
	c->nulls_not_distinct = get_b(r);
	get_strvec(r, &c->index_options);
	c->ref_table = get_qname(r);
	get_strvec(r, &c->ref_columns);
	c->on_update = get_c(r);
	c->on_delete = get_c(r);
	c->match = get_c(r);
	get_strvec(r, &c->on_delete_columns);
	c->expr = get_expr(r);
	c->no_inherit = get_b(r);
	c->is_local = get_b(r);
	return add(r, RT_KIND_CONSTRAINT, &c->obj, &t->obj);
}

static bool get_table(sr *r)
{
	rt_table *t = RT_NEW(r->a, rt_table);
	size_t n;
	get_head(r, &t->obj);
	t->relkind = (rt_relkind)get_c(r);
	t->unlogged = get_b(r);
	n = get_n(r);
	for (size_t i = 0; i < n && !r->bad; i++) {
		rt_qname *q = RT_NEW(r->a, rt_qname);
		*q = get_qname(r);
		rt_vec_push(&t->inherits, r->a, q);
	}
	t->partition_key = get_expr(r);
	t->partition_of = get_qname(r);
	t->partition_bound = get_expr(r);
	t->maybe_parent = get_b(r);
	t->rls = get_b(r);
	t->force_rls = get_b(r);
	get_strvec(r, &t->options);
	t->replica_identity = get_c(r);
	t->replica_index = get_s(r);
	t->cluster_index = get_s(r);
	t->renamed_from = get_s(r);
	if (!add(r, RT_KIND_TABLE, &t->obj, NULL))
		return false;
	n = get_n(r);
	for (size_t i = 0; i < n; i++)
		if (!get_column(r, t))
			return false;
	n = get_n(r);
	for (size_t i = 0; i < n; i++)
		if (!get_constraint(r, t))
			return false;
	return true;
}

static bool get_object(sr *r, rt_kind k)
{
	rt_object *o, *owner = NULL;
	if (k == RT_KIND_TABLE)
		return get_table(r);
	if (rt_kind_get(k)->scope == RT_SCOPE_RELATION) {
		owner = get_ref(r);
		if (owner && owner->kind != RT_KIND_TABLE &&
		    owner->kind != RT_KIND_VIEW)
			bad(r, "an owner that is not a relation");
	}
	o = rt_arena_alloc(r->a, rt_kind_get(k)->size);
	get_head(r, o);
	switch (k) {
	case RT_KIND_NAMESPACE:
		break;
	case RT_KIND_EXTENSION:
		((rt_extension *)o)->version = get_s(r);
		break;
	case RT_KIND_COLLATION: {
		rt_collation *c = (rt_collation *)o;
		c->provider = get_c(r);
		c->lc_collate = get_s(r);
		c->lc_ctype = get_s(r);
		c->deterministic = get_b(r);
		break;
	}
	case RT_KIND_ENUM:
		get_strvec(r, &((rt_enum *)o)->labels);
		break;
	case RT_KIND_SEQUENCE:
		get_seq_fields(r, (rt_sequence *)o);
		break;
	case RT_KIND_INDEX: {
		rt_index *x = (rt_index *)o;
		x->table = get_qname(r);
		x->unique = get_b(r);
		x->def = get_expr(r);
		break;
	}
	case RT_KIND_FUNCTION: {
		rt_function *f = (rt_function *)o;
		size_t n;
		f->proname = get_s(r);
		f->prokind = get_c(r);
		n = get_n(r);
		for (size_t i = 0; i < n && !r->bad; i++) {
			rt_funcarg *g = RT_NEW(r->a, rt_funcarg);
			g->mode = get_c(r);
			g->name = get_s(r);
			g->type = get_type(r);
			g->default_expr = get_expr(r);
			rt_vec_push(&f->args, r->a, g);
		}
		f->rettype = get_type(r);
		f->retset = get_b(r);
		f->language = get_s(r);
		f->body = get_s(r);
		f->sql_body = get_expr(r);
		f->sql_body_loose = get_s(r);
		f->volatility = get_c(r);
		f->parallel = get_c(r);
		f->strict = get_b(r);
		f->security_definer = get_b(r);
		f->leakproof = get_b(r);
		f->cost = get_d(r);
		f->rows = get_d(r);
		get_strvec(r, &f->config);
		break;
	}
	case RT_KIND_DOMAIN: {
		rt_domain *d = (rt_domain *)o;
		size_t n;
		d->type = get_type(r);
		d->collation = get_qname(r);
		d->default_expr = get_expr(r);
		d->not_null = get_b(r);
		n = get_n(r);
		for (size_t i = 0; i < n && !r->bad; i++) {
			rt_domain_check *c = RT_NEW(r->a, rt_domain_check);
			c->name = get_s(r);
			c->expr = get_expr(r);
			c->not_valid = get_b(r);
			rt_vec_push(&d->checks, r->a, c);
		}
		break;
	}
	case RT_KIND_COMPOSITE: {
		rt_composite *c = (rt_composite *)o;
		size_t n = get_n(r);
		for (size_t i = 0; i < n && !r->bad; i++) {
			rt_attribute *at = RT_NEW(r->a, rt_attribute);
			at->name = get_s(r);
			at->type = get_type(r);
			at->collation = get_qname(r);
			rt_vec_push(&c->attributes, r->a, at);
		}
		break;
	}
	case RT_KIND_RANGE: {
		rt_range *g = (rt_range *)o;
		g->subtype = get_type(r);
		g->opclass = get_qname(r);
		g->collation = get_qname(r);
		g->canonical = get_qname(r);
		g->subtype_diff = get_qname(r);
		g->multirange = get_s(r);
		break;
	}
	case RT_KIND_VIEW: {
		rt_view *v = (rt_view *)o;
		v->materialized = get_b(r);
		v->query = get_expr(r);
		get_strvec(r, &v->options);
		v->loose = get_s(r);
		get_strvec(r, &v->columns);
		v->exact = get_b(r);
		break;
	}
	case RT_KIND_TRIGGER: {
		rt_trigger *t = (rt_trigger *)o;
		t->table = get_qname(r);
		t->def = get_expr(r);
		t->enabled = get_c(r);
		break;
	}
	case RT_KIND_RULE: {
		rt_rule *u = (rt_rule *)o;
		u->table = get_qname(r);
		u->def = get_expr(r);
		u->enabled = get_c(r);
		break;
	}
	case RT_KIND_POLICY: {
		rt_policy *p = (rt_policy *)o;
		p->table = get_qname(r);
		p->permissive = get_b(r);
		p->cmd = get_c(r);
		get_strvec(r, &p->roles);
		p->using_expr = get_expr(r);
		p->check_expr = get_expr(r);
		break;
	}
	default:
		bad(r, "an unknown kind");
		return false;
	}
	return add(r, k, o, owner);
}

static void get_deps(sr *r)
{
	for (size_t i = 0; i < r->nread && !r->bad; i++) {
		rt_object *o = r->order[i];
		size_t n = get_n(r);
		o->deps = (rt_vec){0};
		if (!n)
			continue;
		o->deps.items = rt_arena_alloc(r->a, n * sizeof(void *));
		o->deps.cap = n;
		for (size_t j = 0; j < n && !r->bad; j++) {
			rt_object *d = get_ref(r);
			if (d)
				o->deps.items[o->deps.len++] = d;
		}
	}
}

/* The string table: nstr NUL-terminated strings in bytes[0..n). */
static void get_strings(sr *r, size_t n)
{
	char *blob;
	size_t at = 0;
	if (n > (size_t)(r->end - r->p) || r->nstr > n) {
		bad(r, "string table beyond the end");
		return;
	}
	if (n && r->p[n - 1] != '\0') {
		bad(r, "string table not terminated");
		return;
	}
	blob = rt_arena_alloc(r->a, n ? n : 1);
	memcpy(blob, r->p, n);
	r->p += n;
	r->str = rt_arena_alloc(r->a, (r->nstr ? r->nstr : 1) * sizeof(char *));
	for (size_t i = 0; i < r->nstr; i++) {
		const char *nul;
		if (at >= n) {
			bad(r, "fewer strings than counted");
			return;
		}
		nul = memchr(blob + at, '\0', n - at);
		r->str[i] = blob + at;
		at = (size_t)(nul - blob) + 1;
	}
	if (at != n)
		bad(r, "more strings than counted");
}

int rt_snap_read(rt_schema **out, rt_arena *a, const void *data, size_t len,
		 const char *dir, rt_error *err)
{
	sr r = {.p = data,
		.end = (const unsigned char *)data + len,
		.a = a,
		.dir = dir};
	uint64_t v, dialect, next_id, nobj, nstr, slen;

	if (len < sizeof(magic) || memcmp(data, magic, sizeof(magic)) != 0)
		return rt_errorf(err, RT_EINPUT,
				 "not a retort schema snapshot");
	r.p += sizeof(magic);
	v = get_u(&r);
	if (v != RT_SNAP_VERSION)
		return rt_errorf(err, RT_EINPUT,
				 "schema snapshot of format %llu, not %d",
				 (unsigned long long)v, RT_SNAP_VERSION);
	dialect = get_u(&r);
	next_id = get_u(&r);
	nobj = get_u(&r);
	nstr = get_u(&r);
	slen = get_u(&r);
	if (r.bad || dialect > RT_DIALECT_SQLITE || next_id > UINT32_MAX ||
	    nobj > next_id || nstr > slen)
		return rt_errorf(err, RT_EINPUT, "schema snapshot: bad header");
	r.s = rt_schema_new(a);
	r.s->dialect = (rt_dialect)dialect;
	r.next_id = (uint32_t)next_id;
	r.nobj = (size_t)nobj;
	r.nstr = (size_t)nstr;
	r.order = rt_arena_alloc(a, (r.nobj ? r.nobj : 1) * sizeof(void *));
	get_strings(&r, (size_t)slen);
	for (rt_kind k = 0; !r.bad && k < RT_KIND_UNMANAGED; k++) {
		size_t n;
		if (rt_kind_get(k)->scope == RT_SCOPE_OWNER)
			continue;
		n = get_n(&r);
		for (size_t i = 0; i < n; i++)
			if (!get_object(&r, k))
				break;
	}
	if (!r.bad) {
		size_t n = get_n(&r);
		for (size_t i = 0; i < n && !r.bad; i++) {
			rt_unmanaged *u = RT_NEW(a, rt_unmanaged);
			u->what = get_sv(&r);
			u->file = get_path(&r);
			u->line = get_int(&r);
			u->col = get_int(&r);
			u->data = get_b(&r);
			u->sql = get_s(&r);
			rt_vec_push(&r.s->unmanaged, a, u);
		}
	}
	if (!r.bad && r.nread != r.nobj)
		bad(&r, "fewer objects than counted");
	get_deps(&r);
	if (!r.bad && r.p != r.end)
		bad(&r, "bytes after the end");
	if (r.bad)
		return rt_errorf(err, RT_EINPUT, "schema snapshot: %s", r.why);
	r.s->next_id = r.next_id;
	*out = r.s;
	return 0;
}
