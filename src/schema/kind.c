/* SPDX-License-Identifier: MIT */
/* The registry of object kinds: one line per kind. */
#include "base/common.h"
#include "schema/kind.h"

static const rt_kind_ops *const kinds[RT_KIND_UNMANAGED] = {
    [RT_KIND_NAMESPACE] = &rt_kind_namespace,
    [RT_KIND_EXTENSION] = &rt_kind_extension,
    [RT_KIND_COLLATION] = &rt_kind_collation,
    [RT_KIND_ENUM] = &rt_kind_enum,
    [RT_KIND_SEQUENCE] = &rt_kind_sequence,
    [RT_KIND_TABLE] = &rt_kind_table,
    [RT_KIND_COLUMN] = &rt_kind_column,
    [RT_KIND_CONSTRAINT] = &rt_kind_constraint,
    [RT_KIND_INDEX] = &rt_kind_index,
    [RT_KIND_FUNCTION] = &rt_kind_function,
    [RT_KIND_DOMAIN] = &rt_kind_domain,
    [RT_KIND_COMPOSITE] = &rt_kind_composite,
    [RT_KIND_RANGE] = &rt_kind_range,
    [RT_KIND_VIEW] = &rt_kind_view,
    [RT_KIND_TRIGGER] = &rt_kind_trigger,
    [RT_KIND_POLICY] = &rt_kind_policy,
    [RT_KIND_RULE] = &rt_kind_rule,
};

const rt_kind_ops *rt_kind_get(rt_kind k)
{
	RT_ASSERT(k < RT_KIND_UNMANAGED && kinds[k] && kinds[k]->kind == k);
	return kinds[k];
}

rt_vec *rt_kind_list(const rt_kind_ops *ops, rt_schema *s, rt_object *owner)
{
	if (ops->scope == RT_SCOPE_OWNER) {
		RT_ASSERT(owner != NULL);
		return (rt_vec *)((char *)owner + ops->list);
	}
	return (rt_vec *)((char *)s + ops->list);
}

int rt_kind_cmp_qualified(const void *a, const void *b)
{
	const rt_object *x = a, *y = b;
	int c = strcmp(x->schema, y->schema);
	return c ? c : strcmp(x->name, y->name);
}

int rt_kind_cmp_name(const void *a, const void *b)
{
	const rt_object *x = a, *y = b;
	return strcmp(x->name, y->name);
}

int rt_kind_cmp_on(const void *a, const void *b)
{
	const rt_object *x = a, *y = b;
	int c = strcmp(x->schema, y->schema);
	if (!c)
		c = strcmp(x->owner->name, y->owner->name);
	return c ? c : strcmp(x->name, y->name);
}

bool rt_kind_expr_eq(const rt_expr *x, const rt_expr *y)
{
	if (!x || !y)
		return x == y;
	return rt_streq(x->key, y->key);
}

bool rt_kind_qname_eq(rt_qname x, rt_qname y)
{
	return rt_streq(x.schema, y.schema) && rt_streq(x.name, y.name);
}

bool rt_kind_type_eq(rt_type x, rt_type y)
{
	return rt_streq(x.schema, y.schema) && rt_streq(x.name, y.name);
}

bool rt_kind_strvec_eq(const rt_vec *x, const rt_vec *y)
{
	if (x->len != y->len)
		return false;
	for (size_t i = 0; i < x->len; i++)
		if (!rt_streq(x->items[i], y->items[i]))
			return false;
	return true;
}

int rt_grant_cmp(const void *a, const void *b)
{
	const rt_grant *x = a, *y = b;
	int c = strcmp(x->grantee, y->grantee);
	if (!c)
		c = strcmp(x->privilege, y->privilege);
	return c ? c : (int)x->grantable - (int)y->grantable;
}

void rt_kind_json_grants(rt_json *w, const rt_vec *grants)
{
	rt_json_array(w, "grants");
	for (size_t i = 0; i < grants->len; i++) {
		const rt_grant *g = grants->items[i];
		rt_json_object(w, NULL);
		rt_json_str(w, "grantee", g->grantee);
		rt_json_str(w, "privilege", g->privilege);
		rt_json_bool(w, "grantable", g->grantable);
		rt_json_end(w);
	}
	rt_json_end(w);
}

void rt_kind_json_type(rt_json *w, const char *key, rt_type t)
{
	rt_json_object(w, key);
	rt_json_str(w, "schema", t.schema);
	rt_json_str(w, "name", t.name);
	rt_json_end(w);
}

void rt_kind_json_qname(rt_json *w, const char *key, const rt_qname *q)
{
	if (!q->name) {
		rt_json_null(w, key);
		return;
	}
	rt_json_object(w, key);
	rt_json_str(w, "schema", q->schema);
	rt_json_str(w, "name", q->name);
	rt_json_end(w);
}

void rt_kind_json_expr(rt_json *w, const char *key, const rt_expr *e)
{
	rt_json_str(w, key, e ? e->text : NULL);
}

void rt_kind_json_strvec(rt_json *w, const char *key, const rt_vec *v)
{
	rt_json_array(w, key);
	for (size_t i = 0; i < v->len; i++)
		rt_json_str(w, NULL, v->items[i]);
	rt_json_end(w);
}

/* The document, then a newline, into w's buffer. */
static void schema_json(rt_json *w, const rt_schema *s)
{
	rt_json_object(w, NULL);
	rt_json_str(w, "source", s->source);
	/* PostgreSQL, the default, is not written: its documents stay as
	 * they were before SQLite came */
	if (s->dialect == RT_DIALECT_SQLITE)
		rt_json_str(w, "dialect", "sqlite");
	for (rt_kind k = 0; k < RT_KIND_UNMANAGED; k++) {
		const rt_kind_ops *ops = rt_kind_get(k);
		if (ops->scope == RT_SCOPE_OWNER)
			continue; /* written inside their table */
		const rt_vec *v = rt_kind_list(ops, (rt_schema *)s, NULL);
		rt_json_array(w, ops->plural);
		for (size_t i = 0; i < v->len; i++)
			ops->json(w, v->items[i]);
		rt_json_end(w);
	}
	rt_json_array(w, "unmanaged");
	for (size_t i = 0; i < s->unmanaged.len; i++) {
		const rt_unmanaged *u = s->unmanaged.items[i];
		rt_json_object(w, NULL);
		rt_json_str(w, "what", u->what);
		rt_json_str(w, "file", u->file);
		if (u->line > 0)
			rt_json_int(w, "line", u->line);
		else
			rt_json_null(w, "line");
		rt_json_bool(w, "data", u->data);
		if (u->sql)
			rt_json_str(w, "sql", u->sql);
		rt_json_end(w);
	}
	rt_json_end(w);
	rt_json_end(w);
	rt_buf_addch(w->out, '\n');
}

void rt_schema_json(rt_buf *out, const rt_schema *s)
{
	rt_json w;
	rt_json_init(&w, out);
	schema_json(&w, s);
}

void rt_schema_json_file(FILE *f, const rt_schema *s)
{
	rt_buf out = RT_BUF_INIT;
	rt_json w;
	rt_json_init_file(&w, &out, f);
	schema_json(&w, s);
	rt_json_flush(&w);
	rt_buf_release(&out);
}
