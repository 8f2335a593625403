/* SPDX-License-Identifier: MIT */
/*
 * Domains, composite and range types in PostgreSQL. A domain's changes
 * in place are ALTER DOMAIN steps (render_pg_objects.c); its NOT VALID
 * checks are added by such steps after the CREATE (plan.c). A composite
 * type's are one ALTER TYPE with its actions; a range type is only ever
 * created and dropped.
 */
#include "base/common.h"
#include "render/render_int.h"

static void collate(rt_buf *b, rt_qname q)
{
	if (!q.name)
		return;
	rt_buf_adds(b, " COLLATE ");
	rt_render__collation_name(b, q);
}

/* ---- domains ---- */

static void create_domain(rt_buf *b, const rt_object *o)
{
	const rt_domain *d = (const rt_domain *)o;

	rt_buf_adds(b, "CREATE DOMAIN ");
	rt_render__qname(b, d->schema, d->name);
	rt_buf_adds(b, " AS ");
	rt_render__type_name(b, d->type);
	collate(b, d->collation);
	if (d->default_expr)
		rt_buf_addf(b, " DEFAULT %s", d->default_expr->text);
	if (d->not_null)
		rt_buf_adds(b, " NOT NULL");
	for (size_t i = 0; i < d->checks.len; i++) {
		const rt_domain_check *k = d->checks.items[i];
		if (k->not_valid)
			continue;
		rt_buf_adds(b, " CONSTRAINT ");
		rt_render__ident(b, k->name);
		rt_buf_addf(b, " CHECK (%s)", k->expr->text);
	}
}

const rt_render_kind rt_render__pg_domain = {
    .create = create_domain,
};

/* ---- composite types ---- */

static void attribute(rt_buf *b, const rt_attribute *a)
{
	rt_render__ident(b, a->name);
	rt_buf_addch(b, ' ');
	rt_render__type_name(b, a->type);
	collate(b, a->collation);
}

static void create_composite(rt_buf *b, const rt_object *o)
{
	const rt_composite *c = (const rt_composite *)o;

	rt_buf_adds(b, "CREATE TYPE ");
	rt_render__qname(b, c->schema, c->name);
	rt_buf_adds(b, " AS (");
	for (size_t i = 0; i < c->attributes.len; i++) {
		if (i)
			rt_buf_adds(b, ", ");
		attribute(b, c->attributes.items[i]);
	}
	rt_buf_addch(b, ')');
}

static const rt_attribute *find_attr(const rt_composite *c, const char *name)
{
	for (size_t i = 0; i < c->attributes.len; i++) {
		const rt_attribute *a = c->attributes.items[i];
		if (strcmp(a->name, name) == 0)
			return a;
	}
	return NULL;
}

static bool qname_eq(rt_qname x, rt_qname y)
{
	return rt_streq(x.schema, y.schema) && rt_streq(x.name, y.name);
}

/* One ALTER TYPE: the attributes that go, then the retyped ones, then
 * the new ones (appended: compare asks for a replace when the order
 * cannot be reached that way). */
static void alter_composite(rt_buf *b, const rt_object *from,
			    const rt_object *to)
{
	const rt_composite *f = (const rt_composite *)from;
	const rt_composite *t = (const rt_composite *)to;
	const char *sep = " ";

	rt_buf_adds(b, "ALTER TYPE ");
	rt_render__qname(b, t->schema, t->name);
	for (size_t i = 0; i < f->attributes.len; i++) {
		const rt_attribute *a = f->attributes.items[i];
		if (find_attr(t, a->name))
			continue;
		rt_buf_addf(b, "%sDROP ATTRIBUTE ", sep);
		rt_render__ident(b, a->name);
		sep = ", ";
	}
	for (size_t i = 0; i < t->attributes.len; i++) {
		const rt_attribute *a = t->attributes.items[i];
		const rt_attribute *x = find_attr(f, a->name);
		if (!x || (rt_streq(x->type.schema, a->type.schema) &&
			   rt_streq(x->type.name, a->type.name) &&
			   qname_eq(x->collation, a->collation)))
			continue;
		rt_buf_addf(b, "%sALTER ATTRIBUTE ", sep);
		rt_render__ident(b, a->name);
		rt_buf_adds(b, " TYPE ");
		rt_render__type_name(b, a->type);
		collate(b, a->collation);
		sep = ", ";
	}
	for (size_t i = 0; i < t->attributes.len; i++) {
		const rt_attribute *a = t->attributes.items[i];
		if (find_attr(f, a->name))
			continue;
		rt_buf_addf(b, "%sADD ATTRIBUTE ", sep);
		attribute(b, a);
		sep = ", ";
	}
}

const rt_render_kind rt_render__pg_composite = {
    .create = create_composite,
    .alter = alter_composite,
};

/* ---- range types ---- */

static void create_range(rt_buf *b, const rt_object *o)
{
	const rt_range *r = (const rt_range *)o;

	rt_buf_adds(b, "CREATE TYPE ");
	rt_render__qname(b, r->schema, r->name);
	rt_buf_adds(b, " AS RANGE (SUBTYPE = ");
	rt_render__type_name(b, r->subtype);
	if (r->opclass.name) {
		rt_buf_adds(b, ", SUBTYPE_OPCLASS = ");
		rt_render__qname(b, r->opclass.schema, r->opclass.name);
	}
	if (r->collation.name) {
		rt_buf_adds(b, ", COLLATION = ");
		rt_render__collation_name(b, r->collation);
	}
	if (r->canonical.name) {
		rt_buf_adds(b, ", CANONICAL = ");
		rt_render__qname(b, r->canonical.schema, r->canonical.name);
	}
	if (r->subtype_diff.name) {
		rt_buf_adds(b, ", SUBTYPE_DIFF = ");
		rt_render__qname(b, r->subtype_diff.schema,
				 r->subtype_diff.name);
	}
	if (r->multirange) {
		rt_buf_adds(b, ", MULTIRANGE_TYPE_NAME = ");
		rt_render__qname(b, r->schema, r->multirange);
	}
	rt_buf_addch(b, ')');
}

const rt_render_kind rt_render__pg_range = {
    .create = create_range,
};
