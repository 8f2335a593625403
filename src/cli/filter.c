/* SPDX-License-Identifier: MIT */
/*
 * --schema / --exclude-schema: drops the objects of schemas a command
 * should not look at from a loaded schema, before diff or inspect see it.
 * Unmanaged objects are matched by the schema part of the qualified names
 * in their description ("trigger t on public.t").
 */
#include "base/common.h"
#include "cli/cmd.h"

bool rt_cli_filter_accepts(const rt_schema_filter *f, const char *name)
{
	if (!name)
		return true;
	for (size_t i = 0; i < f->exclude.len; i++)
		if (strcmp(RT_VEC_AT(f->exclude, i), name) == 0)
			return false;
	if (f->include.len == 0)
		return true;
	for (size_t i = 0; i < f->include.len; i++)
		if (strcmp(RT_VEC_AT(f->include, i), name) == 0)
			return true;
	return false;
}

/* Keeps the items of v for which schema_of(item) passes the filter. */
static void keep(rt_vec *v, const rt_schema_filter *f,
		 const char *(*schema_of)(const void *item))
{
	size_t n = 0;
	for (size_t i = 0; i < v->len; i++)
		if (rt_cli_filter_accepts(f, schema_of(v->items[i])))
			v->items[n++] = v->items[i];
	v->len = n;
}

static const char *ns_schema(const void *p)
{
	return ((const rt_namespace *)p)->name;
}

static const char *ext_schema(const void *p)
{
	return ((const rt_extension *)p)->schema;
}

static const char *coll_schema(const void *p)
{
	return ((const rt_collation *)p)->schema;
}

static const char *enum_schema(const void *p)
{
	return ((const rt_enum *)p)->schema;
}

static const char *seq_schema(const void *p)
{
	return ((const rt_sequence *)p)->schema;
}

static const char *table_schema(const void *p)
{
	return ((const rt_table *)p)->schema;
}

static const char *index_schema(const void *p)
{
	return ((const rt_index *)p)->schema;
}

/* true when some "schema.name" word of what names a rejected schema */
static bool unmanaged_rejected(const rt_schema_filter *f, const char *what)
{
	const char *p = what;
	bool rejected = false;
	while (*p && !rejected) {
		size_t wlen = strcspn(p, " ");
		const char *dot = memchr(p, '.', wlen);
		if (dot && dot > p) {
			char *name = rt_xstrdup(p);
			name[dot - p] = '\0';
			rejected = !rt_cli_filter_accepts(f, name);
			free(name);
		}
		p += wlen;
		p += strspn(p, " ");
	}
	return rejected;
}

void rt_cli_filter_apply(rt_schema *s, const rt_schema_filter *f)
{
	size_t n = 0;
	if (f->include.len == 0 && f->exclude.len == 0)
		return;
	keep(&s->namespaces, f, ns_schema);
	keep(&s->extensions, f, ext_schema);
	keep(&s->collations, f, coll_schema);
	keep(&s->enums, f, enum_schema);
	keep(&s->sequences, f, seq_schema);
	keep(&s->tables, f, table_schema);
	keep(&s->indexes, f, index_schema);
	for (size_t i = 0; i < s->unmanaged.len; i++) {
		rt_unmanaged *u = s->unmanaged.items[i];
		if (!unmanaged_rejected(f, u->what))
			s->unmanaged.items[n++] = u;
	}
	s->unmanaged.len = n;
}
