/* SPDX-License-Identifier: MIT */
/* Operations of the function kind (rt_function: functions, procedures). */
#include "base/common.h"
#include "schema/kind.h"

static const char *mode_word(char m)
{
	switch (m) {
	case 'o':
		return "out";
	case 'b':
		return "inout";
	case 'v':
		return "variadic";
	case 't':
		return "table";
	default:
		return "in";
	}
}

static void json(rt_json *w, const rt_object *o)
{
	const rt_function *f = (const rt_function *)o;
	rt_json_object(w, NULL);
	rt_json_str(w, "schema", f->schema);
	rt_json_str(w, "name", f->name);
	rt_json_str(w, "kind", f->prokind == 'p' ? "procedure" : "function");
	rt_json_array(w, "arguments");
	for (size_t i = 0; i < f->args.len; i++) {
		const rt_funcarg *a = f->args.items[i];
		rt_json_object(w, NULL);
		rt_json_str(w, "mode", mode_word(a->mode));
		rt_json_str(w, "name", a->name);
		rt_kind_json_type(w, "type", a->type);
		rt_kind_json_expr(w, "default", a->default_expr);
		rt_json_end(w);
	}
	rt_json_end(w);
	if (f->rettype.name)
		rt_kind_json_type(w, "returns", f->rettype);
	else
		rt_json_null(w, "returns");
	rt_json_bool(w, "returns_set", f->retset);
	rt_json_str(w, "language", f->language);
	rt_json_str(w, "body", f->body);
	rt_kind_json_expr(w, "sql_body", f->sql_body);
	rt_json_str(w, "volatility",
		    f->volatility == 'i'   ? "immutable"
		    : f->volatility == 's' ? "stable"
					   : "volatile");
	rt_json_str(w, "parallel",
		    f->parallel == 's'	 ? "safe"
		    : f->parallel == 'r' ? "restricted"
					 : "unsafe");
	rt_json_bool(w, "strict", f->strict);
	rt_json_bool(w, "security_definer", f->security_definer);
	rt_json_bool(w, "leakproof", f->leakproof);
	rt_json_double(w, "cost", f->cost);
	rt_json_double(w, "rows", f->rows);
	rt_kind_json_strvec(w, "config", &f->config);
	rt_kind_json_grants(w, &f->grants);
	rt_json_str(w, "comment", f->comment);
	rt_json_end(w);
}

static bool arg_eq(const rt_funcarg *x, const rt_funcarg *y)
{
	return x->mode == y->mode && rt_streq(x->name, y->name) &&
	       rt_kind_type_eq(x->type, y->type) &&
	       rt_kind_expr_eq(x->default_expr, y->default_expr);
}

/* What CREATE OR REPLACE cannot change: the kind, the result, the names
 * and modes of the arguments (their types are the identity), defaults
 * removed. Those take a drop and a create. */
static bool replaceable(const rt_function *x, const rt_function *y)
{
	if (x->prokind != y->prokind || x->retset != y->retset ||
	    !rt_kind_type_eq(x->rettype, y->rettype) ||
	    x->args.len != y->args.len)
		return false;
	for (size_t i = 0; i < x->args.len; i++) {
		const rt_funcarg *a = x->args.items[i], *b = y->args.items[i];
		if (a->mode != b->mode || !rt_streq(a->name, b->name) ||
		    !rt_kind_type_eq(a->type, b->type))
			return false;
		if (a->default_expr && !b->default_expr)
			return false;
	}
	return true;
}

static bool compare_fields(const rt_function *x, const rt_function *y)
{
	bool same =
	    x->prokind == y->prokind && x->retset == y->retset &&
	    rt_kind_type_eq(x->rettype, y->rettype) &&
	    x->args.len == y->args.len && rt_streq(x->language, y->language) &&
	    rt_streq(x->body, y->body) &&
	    rt_kind_expr_eq(x->sql_body, y->sql_body) &&
	    x->volatility == y->volatility && x->parallel == y->parallel &&
	    x->strict == y->strict &&
	    x->security_definer == y->security_definer &&
	    x->leakproof == y->leakproof && x->cost == y->cost &&
	    x->rows == y->rows && rt_kind_strvec_eq(&x->config, &y->config);
	for (size_t i = 0; same && i < x->args.len; i++)
		same = arg_eq(x->args.items[i], y->args.items[i]);
	return same;
}

/* true when x and y differ in their SQL-standard bodies only */
static bool sql_body_only(const rt_function *x, const rt_function *y)
{
	rt_function tmp;
	if (!x->sql_body || !y->sql_body ||
	    rt_kind_expr_eq(x->sql_body, y->sql_body))
		return false;
	tmp = *y;
	tmp.sql_body = x->sql_body;
	return compare_fields(x, &tmp);
}

static rt_same compare(const rt_object *from, const rt_object *to)
{
	const rt_function *x = (const rt_function *)from;
	const rt_function *y = (const rt_function *)to;
	bool same = compare_fields(x, y);
	if (same)
		return RT_SAME;
	if (!replaceable(x, y))
		return RT_REPLACE;
	/* one side spelled by the server: a difference that the loose
	 * keys do not show may be spelling only */
	if (sql_body_only(x, y) &&
	    (x->src_file == NULL) != (y->src_file == NULL) &&
	    rt_streq(x->sql_body_loose, y->sql_body_loose))
		return RT_MAYBE;
	return RT_ALTER;
}

const rt_kind_ops rt_kind_function = {
    .kind = RT_KIND_FUNCTION,
    .name = "function",
    .plural = "functions",
    .scope = RT_SCOPE_SCHEMA,
    .size = sizeof(rt_function),
    .list = offsetof(rt_schema, functions),
    .priority = 6,
    .cmp = rt_kind_cmp_qualified,
    .json = json,
    .sql_type = "FUNCTION",
    .naming = RT_NAMING_SIGNATURE,
    .compare = compare,
    .on_relations = false,
};
