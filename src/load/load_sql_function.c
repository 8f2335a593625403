/* SPDX-License-Identifier: MIT */
/*
 * SQL loader: functions and procedures (rt_function). CREATE [OR
 * REPLACE] FUNCTION / PROCEDURE, ALTER FUNCTION (attributes, RENAME, SET
 * SCHEMA), DROP and COMMENT. A function is named by its identity
 * argument types ("f(integer, text)"); the live loader feeds
 * pg_get_functiondef's text through the same code, so both sides agree
 * on the body (prosrc, byte for byte) and the defaults PostgreSQL fills
 * in (volatile, parallel unsafe, cost, rows).
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/sql.h"
#include "load/load_sql_int.h"
#include "schema/canon.h"

/* Built-in pseudo and other types a function may take or return that
 * rt_schema_canonical_type does not list (it covers column types). */
static const char *const pseudo_types[] = {
    "any",
    "anyarray",
    "anycompatible",
    "anycompatiblearray",
    "anycompatiblemultirange",
    "anycompatiblenonarray",
    "anycompatiblerange",
    "anyelement",
    "anyenum",
    "anymultirange",
    "anynonarray",
    "anyrange",
    "cstring",
    "event_trigger",
    "fdw_handler",
    "index_am_handler",
    "internal",
    "language_handler",
    "pg_ddl_command",
    "record",
    "refcursor",
    "regcollation",
    "regdictionary",
    "regoper",
    "regoperator",
    "table_am_handler",
    "trigger",
    "tsm_handler",
    "unknown",
    "void",
};

static bool is_pseudo(const char *name)
{
	for (size_t i = 0; i < RT_ARRAY_LEN(pseudo_types); i++)
		if (strcmp(name, pseudo_types[i]) == 0)
			return true;
	return false;
}

/* A built-in type name without its typmods, as a function's argument or
 * result keeps it: "character varying(20)" -> "character varying",
 * "character(1)" -> "character", "interval day" -> "interval". */
static const char *strip_typmods(ld *l, const char *name)
{
	rt_buf b = RT_BUF_INIT;
	const char *arr = strchr(name, '[');
	if (strncmp(name, "interval", 8) == 0) {
		rt_buf_adds(&b, "interval");
		if (arr)
			rt_buf_adds(&b, arr);
		return rt_buf_detach_arena(&b, l->a);
	}
	if (strncmp(name, "bpchar", 6) == 0) {
		/* format_type_be's spelling of blank-padded char */
		rt_buf_adds(&b, "character");
		name += 6;
	}
	for (const char *p = name; *p; p++) {
		if (*p == '(') {
			while (*p && *p != ')')
				p++;
			if (!*p)
				break;
			continue;
		}
		rt_buf_addch(&b, *p);
	}
	return rt_buf_detach_arena(&b, l->a);
}

/* The type of an argument or result: built-in types without typmods,
 * pseudo-types built-in, user types with their schema. 1 (nothing set)
 * for a %TYPE reference, which the model cannot hold. */
static int func_type(ld *l, const PgQuery__TypeName *tn, rt_type *out)
{
	size_t n = tn->n_names;
	const char *base = n ? str_of(tn->names[n - 1]) : NULL;
	const char *schema = n >= 2 ? str_of(tn->names[n - 2]) : NULL;
	if (tn->pct_type)
		return 1;
	if (base && n <= 2 && (!schema || strcmp(schema, "pg_catalog") == 0) &&
	    is_pseudo(base)) {
		rt_buf b = RT_BUF_INIT;
		/* a reserved word: format_type quotes it */
		rt_buf_adds(&b, strcmp(base, "any") == 0 ? "\"any\"" : base);
		for (size_t i = 0; i < tn->n_array_bounds; i++)
			rt_buf_adds(&b, "[]");
		out->schema = RT_CATALOG;
		out->name = rt_buf_detach_arena(&b, l->a);
		return 0;
	}
	if (rt_load__resolve_type(l, tn, out, NULL) < 0)
		return -1;
	if (!out->schema || rt_is_catalog(out->schema)) {
		out->schema = RT_CATALOG;
		out->name = strip_typmods(l, out->name);
	}
	return 0;
}

/* A type as the identity arguments spell it: built-in names as they are,
 * user types quoted, unqualified in public (search_path=public, as the
 * live loader's session prints them). */
static void spell_type(rt_buf *b, rt_type t)
{
	size_t len, dims = 0;
	if (!t.schema || rt_is_catalog(t.schema)) {
		rt_buf_adds(b, t.name);
		return;
	}
	len = strlen(t.name);
	while (len >= 2 && t.name[len - 2] == '[' && t.name[len - 1] == ']') {
		len -= 2;
		dims++;
	}
	char *base = rt_xmalloc(len + 1);
	memcpy(base, t.name, len);
	base[len] = '\0';
	if (strcmp(t.schema, RT_PUBLIC) != 0) {
		rt_buf_add_ident(b, RT_DIALECT_PG, t.schema);
		rt_buf_addch(b, '.');
	}
	rt_buf_add_ident(b, RT_DIALECT_PG, base);
	free(base);
	while (dims--)
		rt_buf_adds(b, "[]");
}

/* true when x and y name the same type (built-in ones may have no
 * schema yet) */
static bool type_same(rt_type x, rt_type y)
{
	bool bx = !x.schema || rt_is_catalog(x.schema);
	bool by = !y.schema || rt_is_catalog(y.schema);
	if (bx != by || !rt_streq(x.name, y.name))
		return false;
	return bx || rt_streq(x.schema, y.schema);
}

/* true for the modes that make a function's identity */
static bool identity_mode(char m)
{
	return m == 'i' || m == 'b' || m == 'v';
}

/* "f(integer, text)": proname and the identity argument types. */
static const char *identity_name(ld *l, const char *proname, const rt_vec *args)
{
	rt_buf b = RT_BUF_INIT;
	bool first = true;
	rt_buf_adds(&b, proname);
	rt_buf_addch(&b, '(');
	for (size_t i = 0; i < args->len; i++) {
		const rt_funcarg *a = args->items[i];
		if (!identity_mode(a->mode))
			continue;
		if (!first)
			rt_buf_adds(&b, ", ");
		first = false;
		spell_type(&b, a->type);
	}
	rt_buf_addch(&b, ')');
	return rt_buf_detach_arena(&b, l->a);
}

static char param_mode(PgQuery__FunctionParameterMode m)
{
	switch (m) {
	case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT:
		return 'o';
	case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT:
		return 'b';
	case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC:
		return 'v';
	case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE:
		return 't';
	default:
		return 'i';
	}
}

/* The schemas an unqualified function name is looked up in. */
static size_t path_of(ld *l, const char **out, size_t max)
{
	size_t n = 0;
	if (!l->path_set) {
		out[n++] = RT_PUBLIC;
		return n;
	}
	for (size_t i = 0; i < l->path.len && n < max; i++)
		out[n++] = l->path.items[i];
	return n;
}

/* The function named proname whose identity argument types give name
 * in schema (NULL: along the search path). */
static rt_function *find_sig(ld *l, const char *schema, const char *name)
{
	const char *path[16];
	size_t n;
	if (schema)
		return (rt_function *)rt_schema_find(l->s, RT_KIND_FUNCTION,
						     schema, name);
	n = path_of(l, path, RT_ARRAY_LEN(path));
	for (size_t i = 0; i < n; i++) {
		rt_object *o =
		    rt_schema_find(l->s, RT_KIND_FUNCTION, path[i], name);
		if (o)
			return (rt_function *)o;
	}
	return NULL;
}

/* The only function named proname in schema (NULL: the first schema of
 * the path holding one); *many is set when there are several. */
static rt_function *find_by_proname(ld *l, const char *schema,
				    const char *proname, bool *many)
{
	const char *path[16];
	size_t n = 1;
	*many = false;
	if (schema)
		path[0] = schema;
	else
		n = path_of(l, path, RT_ARRAY_LEN(path));
	for (size_t p = 0; p < n; p++) {
		rt_function *found = NULL;
		for (size_t i = 0; i < l->s->functions.len; i++) {
			rt_function *f = l->s->functions.items[i];
			if (strcmp(f->schema, path[p]) != 0 ||
			    strcmp(f->proname, proname) != 0)
				continue;
			if (found)
				*many = true;
			found = f;
		}
		if (found)
			return found;
	}
	return NULL;
}

/* "(integer, text)" from a list of TypeName nodes; 1 when a type
 * cannot be named (%TYPE). */
static int types_sig(ld *l, rt_buf *b, Node **args, size_t n)
{
	rt_buf_addch(b, '(');
	for (size_t i = 0; i < n; i++) {
		rt_type t;
		int rc;
		if (args[i]->node_case != PG_QUERY__NODE__NODE_TYPE_NAME)
			return 1;
		rc = func_type(l, args[i]->type_name, &t);
		if (rc != 0)
			return rc;
		if (i)
			rt_buf_adds(b, ", ");
		spell_type(b, t);
	}
	rt_buf_addch(b, ')');
	return 0;
}

int rt_load__find_function(ld *l, rt_function **out, PgQuery__ObjectWithArgs *f)
{
	rt_qname q = rt_load__names_qname(l, f->objname, f->n_objname);
	rt_buf b = RT_BUF_INIT;
	int rc = 0;
	*out = NULL;
	if (f->args_unspecified) {
		bool many;
		rt_function *x = find_by_proname(l, q.schema, q.name, &many);
		if (many)
			return rt_load__fail(
			    l, "function name '%s' is not unique", q.name);
		*out = x;
		return 0;
	}
	rt_buf_adds(&b, q.name);
	rc = types_sig(l, &b, f->objargs, f->n_objargs);
	if (rc == 0)
		*out = find_sig(l, q.schema, b.data);
	if (rc == 0 && !*out) {
		/* DROP PROCEDURE p(integer, text) may name the OUT arguments
		 * too: match a procedure's whole argument list */
		Node **args = f->n_objfuncargs ? f->objfuncargs : f->objargs;
		size_t n = f->n_objfuncargs ? f->n_objfuncargs : f->n_objargs;
		for (size_t i = 0; i < l->s->functions.len && !*out; i++) {
			rt_function *x = l->s->functions.items[i];
			bool same =
			    x->prokind == 'p' &&
			    strcmp(x->proname, q.name) == 0 &&
			    x->args.len == n &&
			    (!q.schema || strcmp(x->schema, q.schema) == 0);
			for (size_t k = 0; same && k < n; k++) {
				const rt_funcarg *a = x->args.items[k];
				const PgQuery__TypeName *tn =
				    args[k]->node_case ==
					    PG_QUERY__NODE__NODE_FUNCTION_PARAMETER
					? args[k]->function_parameter->arg_type
				    : args[k]->node_case ==
					    PG_QUERY__NODE__NODE_TYPE_NAME
					? args[k]->type_name
					: NULL;
				rt_type t;
				same = tn && func_type(l, tn, &t) == 0 &&
				       type_same(a->type, t);
			}
			if (same)
				*out = x;
		}
		rt_error_clear(l->err);
	}
	rt_buf_release(&b);
	if (rc < 0)
		return -1;
	return 0;
}

/* ---- CREATE FUNCTION -------------------------------------------------- */

/* GUCs whose list elements proconfig keeps quoted as identifiers
 * (GUC_LIST_QUOTE). */
static bool list_quote_guc(const char *name)
{
	return strcmp(name, "search_path") == 0 ||
	       strcmp(name, "temp_tablespaces") == 0 ||
	       strcmp(name, "session_preload_libraries") == 0 ||
	       strcmp(name, "shared_preload_libraries") == 0 ||
	       strcmp(name, "local_preload_libraries") == 0;
}

/* SET name = value as proconfig stores it ("search_path=public, pg_temp");
 * NULL (nothing set) for forms the model does not hold (FROM CURRENT). */
static const char *config_entry(ld *l, const PgQuery__VariableSetStmt *v)
{
	rt_buf b = RT_BUF_INIT;
	bool quote = list_quote_guc(v->name);
	if (v->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE)
		return NULL;
	rt_buf_addf(&b, "%s=", v->name);
	for (size_t i = 0; i < v->n_args; i++) {
		const char *s = rt_load__defarg_str(l, v->args[i]);
		if (i)
			rt_buf_adds(&b, ", ");
		if (!s)
			s = "";
		if (quote)
			rt_buf_add_ident(&b, RT_DIALECT_PG, s);
		else
			rt_buf_adds(&b, s);
	}
	return rt_buf_detach_arena(&b, l->a);
}

/* Removes the entry for GUC name from f's config. */
static void config_remove(rt_function *f, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < f->config.len;) {
		const char *e = f->config.items[i];
		if (strncmp(e, name, n) == 0 && e[n] == '=')
			rt_vec_remove(&f->config, i);
		else
			i++;
	}
}

/* Text of a DefElem number (COST 5, ROWS 1e3) as a double. */
static int option_number(ld *l, const Node *arg, const char *what, double *out)
{
	const char *s = rt_load__defarg_str(l, arg);
	char *end;
	if (!s)
		return rt_load__fail(l, "%s requires a numeric value", what);
	*out = strtod(s, &end);
	if (*end || *out <= 0)
		return rt_load__fail(l, "%s must be positive", what);
	return 0;
}

/*
 * Applies one attribute (CREATE's options, ALTER FUNCTION's actions) to
 * f. *unmanaged is set for what the model cannot hold (WINDOW, SUPPORT,
 * TRANSFORM, SET ... FROM CURRENT, a C function's object file).
 */
static int apply_option(ld *l, rt_function *f, PgQuery__DefElem *d,
			bool *unmanaged, bool *cost_set, bool *rows_set)
{
	const char *k = d->defname;
	const char *s;
	if (strcmp(k, "as") == 0) {
		const Node *a = d->arg;
		if (a && a->node_case == PG_QUERY__NODE__NODE_LIST) {
			if (a->list->n_items != 1) {
				*unmanaged = true; /* 'obj_file', 'symbol' */
				return 0;
			}
			a = a->list->items[0];
		}
		s = rt_load__defarg_str(l, a);
		f->body = rt_arena_strdup(l->a, s ? s : "");
	} else if (strcmp(k, "language") == 0) {
		s = rt_load__defarg_str(l, d->arg);
		f->language = rt_arena_strdup(l->a, s ? s : "");
	} else if (strcmp(k, "volatility") == 0) {
		s = rt_load__defarg_str(l, d->arg);
		f->volatility = s && strcmp(s, "immutable") == 0 ? 'i'
				: s && strcmp(s, "stable") == 0	 ? 's'
								 : 'v';
	} else if (strcmp(k, "strict") == 0) {
		f->strict = rt_load__defarg_bool(l, d->arg, false);
	} else if (strcmp(k, "security") == 0) {
		f->security_definer = rt_load__defarg_bool(l, d->arg, false);
	} else if (strcmp(k, "leakproof") == 0) {
		f->leakproof = rt_load__defarg_bool(l, d->arg, false);
	} else if (strcmp(k, "parallel") == 0) {
		s = rt_load__defarg_str(l, d->arg);
		if (!s ||
		    (strcmp(s, "safe") != 0 && strcmp(s, "restricted") != 0 &&
		     strcmp(s, "unsafe") != 0))
			return rt_load__fail(
			    l, "parameter 'parallel' must be SAFE, "
			       "RESTRICTED, or UNSAFE");
		f->parallel = s[0];
	} else if (strcmp(k, "cost") == 0) {
		if (option_number(l, d->arg, "COST", &f->cost) < 0)
			return -1;
		*cost_set = true;
	} else if (strcmp(k, "rows") == 0) {
		if (option_number(l, d->arg, "ROWS", &f->rows) < 0)
			return -1;
		*rows_set = true;
	} else if (strcmp(k, "set") == 0) {
		const PgQuery__VariableSetStmt *v =
		    d->arg ? d->arg->variable_set_stmt : NULL;
		if (!v)
			return 0;
		if (v->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL) {
			f->config.len = 0;
			return 0;
		}
		config_remove(f, v->name);
		if (v->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_CURRENT) {
			*unmanaged = true;
			return 0;
		}
		const char *e = config_entry(l, v);
		if (e)
			rt_vec_push(&f->config, l->a, (void *)e);
	} else {
		/* window, support, transform */
		*unmanaged = true;
	}
	return 0;
}

/* What PostgreSQL fills in when COST or ROWS is not given. */
static void fill_defaults(rt_function *f, bool cost_set, bool rows_set)
{
	if (!cost_set)
		f->cost = f->language && (strcmp(f->language, "c") == 0 ||
					  strcmp(f->language, "internal") == 0)
			      ? 1
			      : 100;
	if (!rows_set)
		f->rows = f->retset ? 1000 : 0;
}

/* The text and key of one statement of an SQL-standard body. */
static int body_stmt(ld *l, Node *n, const char **text, const char **key)
{
	*text = rt_load__deparse(l, n);
	if (!*text)
		return -1;
	if (rt_canon_function_body(key, l->a, *text, l->err) < 0)
		return rt_load__failed_here(l);
	return 0;
}

/* The text of an SQL-standard body as libpg_query deparses it, with its
 * key: RETURN expr, or BEGIN ATOMIC, one statement a line, END. */
static int sql_body(ld *l, rt_function *f, Node *body)
{
	rt_buf text = RT_BUF_INIT, key = RT_BUF_INIT, loose = RT_BUF_INIT;
	const char *t, *k, *lk;
	int rc = -1;
	if (body->node_case != PG_QUERY__NODE__NODE_LIST) {
		if (body->node_case != PG_QUERY__NODE__NODE_RETURN_STMT)
			return rt_load__fail(l, "cannot read the body of '%s'",
					     f->proname);
		rt_expr *e;
		if (!body->return_stmt->returnval ||
		    rt_load__node_expr(l, &e, body->return_stmt->returnval) < 0)
			return -1;
		f->sql_body = RT_NEW(l->a, rt_expr);
		f->sql_body->text = rt_arena_printf(l->a, "RETURN %s", e->text);
		f->sql_body->key = rt_arena_printf(l->a, "RETURN %s", e->key);
		if (rt_canon_query_loose(
			&f->sql_body_loose, l->a,
			rt_arena_printf(l->scratch, "SELECT %s", e->text),
			l->err) < 0)
			return rt_load__failed_here(l);
		return 0;
	}
	const PgQuery__List *outer = body->list;
	const PgQuery__List *stmts =
	    outer->n_items == 1 &&
		    outer->items[0]->node_case == PG_QUERY__NODE__NODE_LIST
		? outer->items[0]->list
		: outer;
	rt_buf_adds(&text, "BEGIN ATOMIC\n");
	rt_buf_adds(&key, "BEGIN ATOMIC");
	for (size_t i = 0; i < stmts->n_items; i++) {
		if (body_stmt(l, stmts->items[i], &t, &k) < 0)
			goto done;
		if (rt_canon_query_loose(&lk, l->scratch, t, l->err) < 0) {
			rt_load__failed_here(l);
			goto done;
		}
		rt_buf_addf(&text, " %s;\n", t);
		rt_buf_addf(&key, " %s;", k);
		rt_buf_addf(&loose, " %s;", lk);
	}
	rt_buf_adds(&text, "END");
	rt_buf_adds(&key, " END");
	f->sql_body = RT_NEW(l->a, rt_expr);
	f->sql_body->text = rt_buf_detach_arena(&text, l->a);
	f->sql_body->key = rt_buf_detach_arena(&key, l->a);
	f->sql_body_loose = loose.len ? rt_buf_detach_arena(&loose, l->a) : "";
	rc = 0;
done:
	rt_buf_release(&text);
	rt_buf_release(&key);
	rt_buf_release(&loose);
	return rc;
}

/* Reads the arguments of st into f; 1 when one cannot be held. */
static int read_args(ld *l, rt_function *f, PgQuery__CreateFunctionStmt *st)
{
	for (size_t i = 0; i < st->n_parameters; i++) {
		PgQuery__FunctionParameter *p =
		    st->parameters[i]->function_parameter;
		rt_funcarg *a = RT_NEW(l->a, rt_funcarg);
		int rc;
		a->mode = param_mode(p->mode);
		a->name = nz(p->name) ? rt_arena_strdup(l->a, p->name) : NULL;
		rc = func_type(l, p->arg_type, &a->type);
		if (rc != 0)
			return rc;
		if (p->defexpr &&
		    rt_load__node_expr(l, &a->default_expr, p->defexpr) < 0)
			return -1;
		rt_vec_push(&f->args, l->a, a);
	}
	return 0;
}

/* The result type when RETURNS is left out: the OUT arguments'. */
static int implied_result(ld *l, rt_function *f)
{
	const rt_funcarg *out = NULL;
	size_t n = 0;
	for (size_t i = 0; i < f->args.len; i++) {
		const rt_funcarg *a = f->args.items[i];
		if (a->mode == 'o' || a->mode == 'b' || a->mode == 't') {
			out = a;
			n++;
		}
	}
	if (n == 0)
		return rt_load__fail(l, "function result type must be "
					"specified");
	if (n == 1) {
		f->rettype = out->type;
	} else {
		f->rettype.schema = RT_CATALOG;
		f->rettype.name = "record";
	}
	return 0;
}

/* Copies the definition (everything after the header) of src into dst. */
static void copy_definition(rt_function *dst, const rt_function *src)
{
	size_t off = offsetof(rt_function, proname);
	memcpy((char *)dst + off, (const char *)src + off,
	       sizeof(rt_function) - off);
}

int rt_load__create_function(ld *l, PgQuery__CreateFunctionStmt *st)
{
	rt_qname q = rt_load__names_qname(l, st->funcname, st->n_funcname);
	rt_function tmp = {0};
	rt_function *f = &tmp, *old;
	bool unmanaged = false, cost_set = false, rows_set = false;
	int rc;

	f->proname = q.name;
	f->prokind = st->is_procedure ? 'p' : 'f';
	f->volatility = 'v';
	f->parallel = 'u';
	rc = read_args(l, f, st);
	if (rc < 0)
		return -1;
	if (rc > 0)
		goto unmanaged;
	for (size_t i = 0; i < st->n_options; i++)
		if (apply_option(l, f, st->options[i]->def_elem, &unmanaged,
				 &cost_set, &rows_set) < 0)
			return -1;
	if (unmanaged || (f->language && strcmp(f->language, "c") == 0))
		goto unmanaged; /* C: the object file is not model state */
	if (st->return_type) {
		rc = func_type(l, st->return_type, &f->rettype);
		if (rc < 0)
			return -1;
		if (rc > 0)
			goto unmanaged;
		f->retset = st->return_type->setof;
	} else if (!st->is_procedure && implied_result(l, f) < 0) {
		return -1;
	}
	if (st->sql_body) {
		if (sql_body(l, f, st->sql_body) < 0)
			return -1;
		f->body = NULL;
		if (!f->language)
			f->language = "sql";
	}
	if (!f->language)
		return rt_load__fail(l, "no language specified");
	if (!f->body && !f->sql_body)
		return rt_load__fail(l, "no function body specified");
	fill_defaults(f, cost_set, rows_set);

	const char *schema = rt_load__schema(l, q.schema, NULL, LOOK_NEW);
	if (rt_load__need_namespace(l, schema) < 0)
		return -1;
	const char *name = identity_name(l, q.name, &f->args);
	old =
	    (rt_function *)rt_schema_find(l->s, RT_KIND_FUNCTION, schema, name);
	if (old) {
		if (!st->replace)
			return rt_load__fail(
			    l, "function '%s.%s' already exists", schema, name);
		if (old->prokind != f->prokind)
			return rt_load__fail(l,
					     "cannot change routine kind of "
					     "'%s.%s'",
					     schema, name);
		if (old->prokind == 'f' &&
		    (old->retset != f->retset ||
		     !type_same(old->rettype, f->rettype)))
			return rt_load__fail(l,
					     "cannot change return type of "
					     "existing function '%s.%s'",
					     schema, name);
		copy_definition(old, f);
		f = old;
	} else {
		rt_function *n = rt_schema_new_object(l->s, RT_KIND_FUNCTION,
						      schema, name, NULL);
		copy_definition(n, f);
		f = n;
	}
	if (!l->exact) {
		f->src_file = l->file;
		f->src_line = rt_load__src_line(l);
	}
	return 0;
unmanaged:
	rt_error_clear(l->err);
	rt_load__unmanaged(l, rt_load__function_what(l, st));
	return 0;
}

/* ---- ALTER, DROP, COMMENT --------------------------------------------- */

/* The function f names; an error when it does not exist (unless
 * missing_ok: then NULL). */
static int lookup(ld *l, rt_function **out, PgQuery__ObjectWithArgs *f,
		  bool missing_ok)
{
	if (rt_load__find_function(l, out, f) < 0)
		return -1;
	if (*out || missing_ok)
		return 0;
	rt_qname q = rt_load__names_qname(l, f->objname, f->n_objname);
	return rt_load__fail(l, "function '%s' does not exist", q.name);
}

/* true when an unmanaged function (or procedure, aggregate) named
 * schema.proname was recorded; forgets it when drop. */
static bool unmanaged_function(ld *l, PgQuery__ObjectWithArgs *f, bool drop)
{
	rt_qname q = rt_load__names_qname(l, f->objname, f->n_objname);
	static const char *const words[] = {"function", "procedure",
					    "aggregate"};
	bool found = false;
	for (size_t w = 0; w < RT_ARRAY_LEN(words); w++) {
		const char *prefix = rt_arena_printf(
		    l->scratch, "%s %s.%s(", words[w],
		    rt_load__schema(l, q.schema, NULL, LOOK_NEW), q.name);
		size_t n = strlen(prefix);
		for (size_t i = 0; i < l->s->unmanaged.len; i++) {
			rt_unmanaged *u = l->s->unmanaged.items[i];
			if (strncmp(u->what, prefix, n) == 0)
				found = true;
		}
		if (found && drop)
			rt_load__unmanaged_drop(l, prefix, true);
		if (found)
			return true;
	}
	return false;
}

int rt_load__drop_function(ld *l, PgQuery__ObjectWithArgs *owa, bool missing_ok,
			   bool cascade)
{
	rt_function *f;
	if (rt_load__find_function(l, &f, owa) < 0)
		return -1;
	if (!f) {
		if (unmanaged_function(l, owa, true) || missing_ok)
			return 0;
		return lookup(l, &f, owa, false);
	}
	if (rt_load__triggers_function_dropped(l, f, cascade) < 0)
		return -1;
	/* its privileges, while they are unmanaged (rt_load__grant_stmt) */
	for (int w = 0; w < 2; w++)
		rt_load__unmanaged_drop(
		    l,
		    rt_arena_printf(l->scratch, "privileges on %s %s.%s",
				    w ? "procedure" : "function", f->schema,
				    f->name),
		    false);
	rt_schema_remove(l->s, &f->obj);
	return 0;
}

int rt_load__comment_function(ld *l, PgQuery__ObjectWithArgs *owa,
			      const char *text)
{
	rt_function *f;
	if (rt_load__find_function(l, &f, owa) < 0)
		return -1;
	if (!f) {
		if (unmanaged_function(l, owa, false))
			return 0;
		return lookup(l, &f, owa, false);
	}
	f->comment = text;
	return 0;
}

int rt_load__alter_function(ld *l, PgQuery__AlterFunctionStmt *st)
{
	rt_function *f;
	bool unmanaged = false, cost_set = false, rows_set = false;
	if (rt_load__find_function(l, &f, st->func) < 0)
		return -1;
	if (!f) {
		if (unmanaged_function(l, st->func, false))
			return 0;
		return lookup(l, &f, st->func, false);
	}
	for (size_t i = 0; i < st->n_actions; i++)
		if (apply_option(l, f, st->actions[i]->def_elem, &unmanaged,
				 &cost_set, &rows_set) < 0)
			return -1;
	if (unmanaged)
		rt_load__unmanaged(
		    l, rt_arena_printf(l->scratch, "attributes of %s %s.%s",
				       f->prokind == 'p' ? "procedure"
							 : "function",
				       f->schema, f->name));
	return 0;
}

int rt_load__rename_function(ld *l, PgQuery__ObjectWithArgs *owa,
			     const char *newname, const char *newschema)
{
	rt_function *f;
	const char *name, *schema;
	if (rt_load__find_function(l, &f, owa) < 0)
		return -1;
	if (!f) {
		if (unmanaged_function(l, owa, false)) {
			rt_load__unmanaged(
			    l, rt_arena_printf(
				   l->scratch, "function %s.%s(...)",
				   newschema ? newschema
					     : rt_load__schema(l, NULL, NULL,
							       LOOK_NEW),
				   newname ? newname : "?"));
			return 0;
		}
		return lookup(l, &f, owa, false);
	}
	schema = newschema ? rt_arena_strdup(l->a, newschema) : f->schema;
	if (newschema && rt_load__need_namespace(l, schema) < 0)
		return -1;
	const char *proname =
	    newname ? rt_arena_strdup(l->a, newname) : f->proname;
	name = identity_name(l, proname, &f->args);
	if (rt_schema_find(l->s, RT_KIND_FUNCTION, schema, name))
		return rt_load__fail(l, "function '%s.%s' already exists",
				     schema, name);
	const char *old_schema = f->schema, *old_proname = f->proname;
	f->proname = proname;
	rt_schema_rename(l->s, &f->obj, schema, name);
	return rt_load__triggers_function_renamed(l, old_schema, old_proname,
						  f);
}

void rt_load__functions_schema_renamed(ld *l, const char *old, const char *nn)
{
	for (size_t i = 0; i < l->s->functions.len; i++) {
		rt_function *f = l->s->functions.items[i];
		bool retyped = false;
		for (size_t k = 0; k < f->args.len; k++) {
			rt_funcarg *a = f->args.items[k];
			if (rt_streq(a->type.schema, old)) {
				a->type.schema = nn;
				retyped = true;
			}
		}
		if (rt_streq(f->rettype.schema, old))
			f->rettype.schema = nn;
		if (retyped)
			rt_schema_rename(
			    l->s, &f->obj, NULL,
			    identity_name(l, f->proname, &f->args));
		if (strcmp(f->schema, nn) == 0 &&
		    rt_load__triggers_function_renamed(l, old, f->proname, f) <
			0)
			rt_error_clear(l->err); /* the old text stays */
	}
}

int rt_load__drop_schema_functions(ld *l, const char *schema, bool cascade)
{
	for (size_t i = 0; i < l->s->functions.len;) {
		rt_function *f = l->s->functions.items[i];
		if (strcmp(f->schema, schema) != 0) {
			i++;
			continue;
		}
		if (!cascade)
			return rt_load__fail(l,
					     "cannot drop schema '%s' because "
					     "other objects depend on it",
					     schema);
		if (rt_load__triggers_function_dropped(l, f, true) < 0)
			return -1;
		rt_schema_remove(l->s, &f->obj);
	}
	return 0;
}
