/* SPDX-License-Identifier: MIT */
/*
 * Functions and procedures in PostgreSQL: CREATE FUNCTION / PROCEDURE
 * from the model's fields, laid out as pg_get_functiondef prints them;
 * an in-place change is CREATE OR REPLACE (kind_function.c's compare
 * says when one is possible); the drop is the generic DROP FUNCTION
 * name(argument types).
 */
#include "base/common.h"
#include "base/sql.h"
#include "render/render_int.h"

/* true when the body followed by tag holds tag only at its end, so
 * $tag$body$tag$ reads back as body */
static bool tag_fits(const char *body, const char *tag)
{
	size_t n = strlen(body), t = strlen(tag);
	char *joined = rt_xmalloc(n + t + 1);
	const char *hit;
	bool ok;
	memcpy(joined, body, n);
	memcpy(joined + n, tag, t + 1);
	hit = strstr(joined, tag);
	ok = hit == joined + n;
	free(joined);
	return ok;
}

/* Appends body dollar-quoted with a tag that does not occur in it. */
static void dollar_quote(rt_buf *b, const char *body)
{
	rt_buf tag = RT_BUF_INIT;
	rt_buf_adds(&tag, "$$");
	for (int i = 0; !tag_fits(body, tag.data); i++) {
		rt_buf_reset(&tag);
		if (i == 0)
			rt_buf_adds(&tag, "$function$");
		else
			rt_buf_addf(&tag, "$body%d$", i);
	}
	rt_buf_adds(b, tag.data);
	rt_buf_adds(b, body);
	rt_buf_adds(b, tag.data);
	rt_buf_release(&tag);
}

static void arg(rt_buf *b, const rt_funcarg *a)
{
	switch (a->mode) {
	case 'o':
		rt_buf_adds(b, "OUT ");
		break;
	case 'b':
		rt_buf_adds(b, "INOUT ");
		break;
	case 'v':
		rt_buf_adds(b, "VARIADIC ");
		break;
	default:
		break;
	}
	if (a->name) {
		rt_render__ident(b, a->name);
		rt_buf_addch(b, ' ');
	}
	rt_render__type_name(b, a->type);
	if (a->default_expr)
		rt_buf_addf(b, " DEFAULT %s", a->default_expr->text);
}

static void returns(rt_buf *b, const rt_function *f)
{
	bool table = false;
	for (size_t i = 0; i < f->args.len; i++)
		if (((const rt_funcarg *)f->args.items[i])->mode == 't')
			table = true;
	if (f->prokind == 'p' || !f->rettype.name)
		return;
	rt_buf_adds(b, "\n RETURNS ");
	if (table) {
		bool first = true;
		rt_buf_adds(b, "TABLE(");
		for (size_t i = 0; i < f->args.len; i++) {
			const rt_funcarg *a = f->args.items[i];
			if (a->mode != 't')
				continue;
			if (!first)
				rt_buf_adds(b, ", ");
			first = false;
			rt_render__ident(b, a->name ? a->name : "column");
			rt_buf_addch(b, ' ');
			rt_render__type_name(b, a->type);
		}
		rt_buf_addch(b, ')');
		return;
	}
	if (f->retset)
		rt_buf_adds(b, "SETOF ");
	rt_render__type_name(b, f->rettype);
}

/* One SET entry ("name=value" as proconfig keeps it): lists whose
 * elements proconfig quotes as identifiers are split into literals. */
static void config(rt_buf *b, const char *entry)
{
	const char *eq = strchr(entry, '=');
	const char *v;
	bool list;
	if (!eq)
		return;
	v = eq + 1;
	rt_buf_adds(b, "\n SET ");
	rt_buf_add(b, entry, (size_t)(eq - entry));
	rt_buf_adds(b, " TO ");
	list = (size_t)(eq - entry) == 11 &&
	       strncmp(entry, "search_path", 11) == 0;
	if (!list) {
		rt_buf_add_literal(b, RT_DIALECT_PG, v);
		return;
	}
	while (*v) {
		rt_buf item = RT_BUF_INIT;
		if (*v == '"') {
			for (v++; *v; v++) {
				if (v[0] == '"' && v[1] == '"') {
					rt_buf_addch(&item, '"');
					v++;
				} else if (*v == '"') {
					v++;
					break;
				} else {
					rt_buf_addch(&item, *v);
				}
			}
		} else {
			while (*v && *v != ',')
				rt_buf_addch(&item, *v++);
		}
		rt_buf_add_literal(b, RT_DIALECT_PG, item.data);
		rt_buf_release(&item);
		while (*v == ' ')
			v++;
		if (*v == ',') {
			rt_buf_adds(b, ", ");
			v++;
			while (*v == ' ')
				v++;
		}
	}
}

static double default_cost(const rt_function *f)
{
	return f->language && (strcmp(f->language, "c") == 0 ||
			       strcmp(f->language, "internal") == 0)
		   ? 1
		   : 100;
}

static void definition(rt_buf *b, const rt_function *f, bool replace)
{
	bool first = true;
	rt_buf_addf(b, "CREATE %s%s ", replace ? "OR REPLACE " : "",
		    f->prokind == 'p' ? "PROCEDURE" : "FUNCTION");
	rt_render__qname(b, f->schema, f->proname);
	rt_buf_addch(b, '(');
	for (size_t i = 0; i < f->args.len; i++) {
		const rt_funcarg *a = f->args.items[i];
		if (a->mode == 't')
			continue;
		if (!first)
			rt_buf_adds(b, ", ");
		first = false;
		arg(b, a);
	}
	rt_buf_addch(b, ')');
	returns(b, f);
	rt_buf_adds(b, "\n LANGUAGE ");
	rt_render__ident(b, f->language);
	rt_buf_adds(b, "\n");
	if (f->prokind != 'p') {
		rt_buf_adds(b, f->volatility == 'i'   ? " IMMUTABLE"
			       : f->volatility == 's' ? " STABLE"
						      : " VOLATILE");
		if (f->parallel == 's')
			rt_buf_adds(b, " PARALLEL SAFE");
		else if (f->parallel == 'r')
			rt_buf_adds(b, " PARALLEL RESTRICTED");
		if (f->strict)
			rt_buf_adds(b, " STRICT");
		if (f->leakproof)
			rt_buf_adds(b, " LEAKPROOF");
	}
	if (f->security_definer)
		rt_buf_adds(b, " SECURITY DEFINER");
	if (f->prokind != 'p' && f->cost != default_cost(f))
		rt_buf_addf(b, " COST %.17g", f->cost);
	if (f->prokind != 'p' && f->retset && f->rows != 1000)
		rt_buf_addf(b, " ROWS %.17g", f->rows);
	for (size_t i = 0; i < f->config.len; i++)
		config(b, f->config.items[i]);
	if (b->data[b->len - 1] != '\n')
		rt_buf_addch(b, '\n');
	if (f->sql_body) {
		rt_buf_adds(b, f->sql_body->text);
	} else {
		rt_buf_adds(b, "AS ");
		dollar_quote(b, f->body ? f->body : "");
	}
}

static void create(rt_buf *b, const rt_object *o)
{
	definition(b, (const rt_function *)o, false);
}

static void alter(rt_buf *b, const rt_object *from, const rt_object *to)
{
	(void)from;
	definition(b, (const rt_function *)to, true);
}

const rt_render_kind rt_render__pg_function = {
    .create = create,
    .alter = alter,
};
