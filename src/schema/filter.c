/* SPDX-License-Identifier: MIT */
/*
 * Schema filters (--schema / --exclude-schema): drops the objects of
 * schemas a command should not look at from a loaded schema, before diff
 * or inspect see it. Generic over object kinds: an object goes with its
 * schema (an extension with the schema of its objects, a namespace with
 * itself). Unmanaged objects are matched by the schema part of the
 * qualified names in their description ("trigger t on public.t").
 */
#include "base/common.h"
#include "schema/kind.h"
#include "schema/schema.h"
#include "schema/schema_int.h"

bool rt_schema_filter_accepts(const rt_schema_filter *f, const char *name)
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
			rejected = !rt_schema_filter_accepts(f, name);
			free(name);
		}
		p += wlen;
		p += strspn(p, " ");
	}
	return rejected;
}

void rt_schema_filter_apply(rt_schema *s, const rt_schema_filter *f)
{
	size_t n = 0;
	if (f->include.len == 0 && f->exclude.len == 0)
		return;
	for (rt_kind k = 0; k < RT_KIND_UNMANAGED; k++) {
		const rt_kind_ops *ops = rt_kind_get(k);
		if (ops->scope == RT_SCOPE_OWNER)
			continue; /* they go with their table */
		rt_vec *v = rt_kind_list(ops, s, NULL);
		n = 0;
		for (size_t i = 0; i < v->len; i++) {
			rt_object *o = v->items[i];
			if (rt_schema_filter_accepts(f, o->schema))
				v->items[n++] = o;
			else
				rt_schema__forget(s, o);
		}
		v->len = n;
	}
	n = 0;
	for (size_t i = 0; i < s->unmanaged.len; i++) {
		rt_unmanaged *u = s->unmanaged.items[i];
		if (!unmanaged_rejected(f, u->what))
			s->unmanaged.items[n++] = u;
	}
	s->unmanaged.len = n;
}
