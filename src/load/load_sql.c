/* SPDX-License-Identifier: MIT */
/*
 * The SQL loader: parses a DDL file with libpg_query (PostgreSQL's own
 * parser, confined to this file) and executes each statement symbolically
 * against a fresh rt_schema, as PostgreSQL would apply it. Statements the
 * model does not cover are recorded as unmanaged with their place. Model
 * bookkeeping that needs no parse tree is in load_sql_model.c.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/sql.h"
#include "load/load.h"
#include "load/load_int.h"
#include "schema/canon.h"

#include <errno.h>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

typedef PgQuery__Node Node;

/* The loader's state for one run. */
typedef struct ld {
	rt_schema *s;
	rt_arena *a;	   /* the caller's arena: the model */
	rt_arena *scratch; /* parse trees, freed at the end */
	const char *file;
	const char *text;
	int loc; /* byte offset of the statement being executed */
	rt_error *err;
} ld;

/* protobuf-c string fields are char *: writable copies of constants */
static char empty_str[] = "";
static char btree_str[] = "btree";

static void *arena_alloc(void *data, size_t n)
{
	return rt_arena_alloc(data, n);
}

static void arena_nofree(void *data, void *p)
{
	(void)data;
	(void)p;
}

/* ---- places and errors ------------------------------------------------ */

/* Line and column (characters, from 1) of byte offset off. */
static void place_of(const char *text, int off, int *line, int *col)
{
	int ln = 1, c = 1;
	for (int i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n') {
			ln++;
			c = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80) {
			c++;
		}
	}
	*line = ln;
	*col = c;
}

/* Byte offset of the 1-based character position pos. */
static int byte_of_char(const char *text, int pos)
{
	int i = 0, chars = 0;
	while (text[i]) {
		if (((unsigned char)text[i] & 0xc0) != 0x80) {
			if (++chars == pos)
				return i;
		}
		i++;
	}
	return i;
}

/* Skips blanks and comments from off: where a statement really starts. */
static int skip_blank(const char *text, int off)
{
	for (;;) {
		while (text[off] == ' ' || text[off] == '\t' ||
		       text[off] == '\n' || text[off] == '\r' ||
		       text[off] == '\f')
			off++;
		if (text[off] == '-' && text[off + 1] == '-') {
			while (text[off] && text[off] != '\n')
				off++;
		} else if (text[off] == '/' && text[off + 1] == '*') {
			int depth = 0;
			do {
				if (text[off] == '/' && text[off + 1] == '*') {
					depth++;
					off += 2;
				} else if (text[off] == '*' &&
					   text[off + 1] == '/') {
					depth--;
					off += 2;
				} else {
					off++;
				}
			} while (depth > 0 && text[off]);
		} else {
			return off;
		}
	}
}

static void set_place(ld *l, rt_error *err)
{
	int line, col;
	place_of(l->text, l->loc, &line, &col);
	rt_error_at(err, l->file, line, col);
}

/* RT_EINPUT at the current statement. */
static int RT_PRINTF(2, 3) fail(ld *l, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rt_errorf(l->err, RT_EINPUT, "%s", msg);
	set_place(l, l->err);
	return -1;
}

/* An error set by a callee (canon): give it the statement's place. */
static int failed_here(ld *l)
{
	set_place(l, l->err);
	return -1;
}

static void unmanaged(ld *l, const char *what)
{
	rt_vec *v = &l->s->unmanaged;
	int line, col;
	for (size_t i = 0; i < v->len; i++) {
		rt_unmanaged *u = v->items[i];
		if (strcmp(u->what, what) == 0)
			return; /* CREATE OR REPLACE: one record */
	}
	place_of(l->text, l->loc, &line, &col);
	rt_schema_add_unmanaged(l->s, what, l->file, line, col);
}

/* Forgets unmanaged objects named what (or starting with what when
 * prefix). */
static void unmanaged_drop(ld *l, const char *what, bool prefix)
{
	rt_vec *v = &l->s->unmanaged;
	size_t n = strlen(what);
	for (size_t i = 0; i < v->len;) {
		rt_unmanaged *u = v->items[i];
		if (prefix ? strncmp(u->what, what, n) == 0
			   : strcmp(u->what, what) == 0)
			rt_vec_remove(v, i);
		else
			i++;
	}
}

/* ---- names ------------------------------------------------------------ */

static const char *str_of(const Node *n)
{
	if (n && n->node_case == PG_QUERY__NODE__NODE_STRING)
		return n->string->sval;
	return NULL;
}

static bool empty(const char *s)
{
	return !s || !*s;
}

static const char *nz(const char *s)
{
	return empty(s) ? NULL : s;
}

static const char *dflt_schema(const char *s)
{
	return empty(s) ? "public" : s;
}

/* "schema.name" in the arena */
static const char *qn(ld *l, const char *schema, const char *name)
{
	return rt_arena_printf(l->a, "%s.%s", schema, name);
}

/* A list of String nodes (any_name) as schema and name. */
static rt_qname names_qname(ld *l, Node **items, size_t n)
{
	rt_qname q = {NULL, NULL};
	if (n >= 1)
		q.name = rt_arena_strdup(l->a, str_of(items[n - 1]));
	if (n >= 2)
		q.schema = rt_arena_strdup(l->a, str_of(items[n - 2]));
	return q;
}

static rt_qname list_qname(ld *l, const Node *n)
{
	rt_qname q = {NULL, NULL};
	if (n && n->node_case == PG_QUERY__NODE__NODE_LIST)
		return names_qname(l, n->list->items, n->list->n_items);
	if (str_of(n))
		q.name = rt_arena_strdup(l->a, str_of(n));
	return q;
}

static rt_qname rv_qname(ld *l, const PgQuery__RangeVar *rv)
{
	rt_qname q;
	q.schema = rt_arena_strdup(l->a, dflt_schema(rv->schemaname));
	q.name = rt_arena_strdup(l->a, rv->relname);
	return q;
}

/* ---- deparse ---------------------------------------------------------- */

/* Deparses one statement node; NULL (with the error set) on failure. */
static const char *deparse(ld *l, Node *stmt)
{
	PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
	PgQuery__RawStmt *raws[1] = {&raw};
	PgQuery__ParseResult pr = PG_QUERY__PARSE_RESULT__INIT;
	const char *out = NULL;
	raw.stmt = stmt;
	pr.version = PG_VERSION_NUM;
	pr.n_stmts = 1;
	pr.stmts = raws;
	size_t len = pg_query__parse_result__get_packed_size(&pr);
	uint8_t *buf = rt_xmalloc(len ? len : 1);
	pg_query__parse_result__pack(&pr, buf);
	PgQueryProtobuf pb = {len, (char *)buf};
	PgQueryDeparseResult d = pg_query_deparse_protobuf(pb);
	free(buf);
	if (d.error) {
		rt_errorf(l->err, RT_EINTERNAL, "cannot deparse: %s",
			  d.error->message);
		set_place(l, l->err);
	} else {
		out = rt_arena_strdup(l->a, d.query);
	}
	pg_query_free_deparse_result(d);
	return out;
}

static Node *wrap(ld *l, PgQuery__Node__NodeCase c, void *msg)
{
	Node *n = rt_arena_alloc(l->scratch, sizeof(*n));
	pg_query__node__init(n);
	n->node_case = c;
	n->select_stmt = msg; /* union: any member */
	return n;
}

/* The text of a scalar expression node. */
static const char *expr_text(ld *l, Node *e)
{
	PgQuery__ResTarget rt = PG_QUERY__RES_TARGET__INIT;
	PgQuery__SelectStmt sel = PG_QUERY__SELECT_STMT__INIT;
	Node *target = wrap(l, PG_QUERY__NODE__NODE_RES_TARGET, &rt);
	rt.val = e;
	sel.n_target_list = 1;
	sel.target_list = &target;
	const char *t = deparse(l, wrap(l, PG_QUERY__NODE__NODE_SELECT_STMT,
					&sel));
	if (t && strncmp(t, "SELECT ", 7) == 0)
		t += 7;
	return t;
}

static int make_expr(ld *l, rt_expr **out, const char *text)
{
	rt_expr *e = RT_NEW(l->a, rt_expr);
	if (!text)
		return -1;
	e->text = text;
	if (rt_canon_expr(&e->key, l->a, text, l->err) < 0)
		return failed_here(l);
	*out = e;
	return 0;
}

static int node_expr(ld *l, rt_expr **out, Node *e)
{
	return make_expr(l, out, expr_text(l, e));
}

/* ---- re-reading stored SQL text --------------------------------------- */

typedef void (*visit_fn)(ProtobufCMessage *m, void *arg);

/* Pre-order walk over every sub-message, driven by the descriptors. */
static void walk(ProtobufCMessage *m, visit_fn fn, void *arg)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	fn(m, arg);
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		char *base = (char *)m;
		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			uint32_t which =
				*(uint32_t *)(base + f->quantifier_offset);
			if (which != f->id)
				continue;
		}
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t cnt = *(size_t *)(base + f->quantifier_offset);
			ProtobufCMessage **arr =
				*(ProtobufCMessage ***)(base + f->offset);
			for (size_t k = 0; k < cnt; k++)
				if (arr[k])
					walk(arr[k], fn, arg);
		} else {
			ProtobufCMessage *sub =
				*(ProtobufCMessage **)(base + f->offset);
			if (sub)
				walk(sub, fn, arg);
		}
	}
}

/* Parses sql (one statement) into the scratch arena; NULL if it does not
 * parse (text we produced ourselves, so this does not happen). */
static PgQuery__ParseResult *reparse(ld *l, const char *sql)
{
	PgQueryProtobufParseResult pr = pg_query_parse_protobuf(sql);
	PgQuery__ParseResult *tree = NULL;
	if (!pr.error) {
		ProtobufCAllocator alloc = {arena_alloc, arena_nofree,
					    l->scratch};
		tree = pg_query__parse_result__unpack(
			&alloc, pr.parse_tree.len,
			(const uint8_t *)pr.parse_tree.data);
	}
	pg_query_free_protobuf_parse_result(pr);
	if (tree && tree->n_stmts != 1)
		tree = NULL;
	return tree;
}

/* Column names referenced by an expression or index tree. */
typedef struct colrefs {
	ld *l;
	rt_vec names; /* const char *, distinct */
} colrefs;

static void add_name(colrefs *c, const char *name)
{
	for (size_t i = 0; i < c->names.len; i++)
		if (strcmp(c->names.items[i], name) == 0)
			return;
	rt_vec_push(&c->names, c->l->scratch, (void *)name);
}

static void visit_colref(ProtobufCMessage *m, void *arg)
{
	colrefs *c = arg;
	if (m->descriptor == &pg_query__column_ref__descriptor) {
		PgQuery__ColumnRef *r = (PgQuery__ColumnRef *)m;
		if (r->n_fields > 0 && str_of(r->fields[r->n_fields - 1]))
			add_name(c, str_of(r->fields[r->n_fields - 1]));
	} else if (m->descriptor == &pg_query__index_elem__descriptor) {
		PgQuery__IndexElem *e = (PgQuery__IndexElem *)m;
		if (!empty(e->name))
			add_name(c, e->name);
	}
}

static void node_colrefs(colrefs *c, ProtobufCMessage *m)
{
	if (m)
		walk(m, visit_colref, c);
}

/* Columns an expression text (or with stmt, a statement text) uses. */
static bool text_uses_column(ld *l, const char *text, bool stmt,
			     const char *col)
{
	colrefs c = {l, {0}};
	const char *sql = stmt ? text
			       : rt_arena_printf(l->scratch, "SELECT %s", text);
	PgQuery__ParseResult *t = reparse(l, sql);
	if (!t)
		return false;
	node_colrefs(&c, &t->base);
	for (size_t i = 0; i < c.names.len; i++)
		if (strcmp(c.names.items[i], col) == 0)
			return true;
	return false;
}

/* Renames in a tree: column refs / index columns old -> new, and range
 * vars of relation old_rel -> new_rel (schema new_schema). */
typedef struct renamer {
	const char *old_col, *new_col;
	const char *old_schema, *old_rel, *new_schema, *new_rel;
} renamer;

static void visit_rename(ProtobufCMessage *m, void *arg)
{
	renamer *r = arg;
	if (r->old_col && m->descriptor == &pg_query__column_ref__descriptor) {
		PgQuery__ColumnRef *c = (PgQuery__ColumnRef *)m;
		if (c->n_fields > 0) {
			Node *last = c->fields[c->n_fields - 1];
			if (str_of(last) && strcmp(str_of(last), r->old_col) == 0)
				last->string->sval = (char *)r->new_col;
		}
	} else if (r->old_col &&
		   m->descriptor == &pg_query__index_elem__descriptor) {
		PgQuery__IndexElem *e = (PgQuery__IndexElem *)m;
		if (!empty(e->name) && strcmp(e->name, r->old_col) == 0)
			e->name = (char *)r->new_col;
	} else if (r->old_rel &&
		   m->descriptor == &pg_query__range_var__descriptor) {
		PgQuery__RangeVar *v = (PgQuery__RangeVar *)m;
		if (strcmp(v->relname, r->old_rel) == 0 &&
		    strcmp(dflt_schema(v->schemaname), r->old_schema) == 0) {
			v->relname = (char *)r->new_rel;
			v->schemaname = (char *)r->new_schema;
		}
	}
}

/* text rewritten by r; stmt false: text is an expression. */
static const char *rename_in(ld *l, const char *text, bool stmt,
			     renamer *r)
{
	const char *sql = stmt ? text
			       : rt_arena_printf(l->scratch, "SELECT %s", text);
	PgQuery__ParseResult *t = reparse(l, sql);
	if (!t)
		return text;
	walk(&t->base, visit_rename, r);
	const char *out = deparse(l, t->stmts[0]->stmt);
	if (!out) {
		rt_error_clear(l->err);
		return text;
	}
	if (!stmt && strncmp(out, "SELECT ", 7) == 0)
		out += 7;
	return out;
}

static void rename_expr(ld *l, rt_expr *e, renamer *r, bool stmt,
			int (*canon)(const char **, rt_arena *, const char *,
				     rt_error *))
{
	if (!e)
		return;
	const char *t = rename_in(l, e->text, stmt, r);
	const char *key;
	if (t == e->text)
		return;
	if (canon(&key, l->a, t, l->err) < 0) {
		rt_error_clear(l->err);
		return;
	}
	e->text = t;
	e->key = key;
}

/* ---- small node helpers ----------------------------------------------- */

/* A DefElem argument as text (String, TypeName, number, boolean). */
static const char *defarg_str(ld *l, const Node *n)
{
	if (!n)
		return NULL;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_STRING:
		return n->string->sval;
	case PG_QUERY__NODE__NODE_INTEGER:
		return rt_arena_printf(l->scratch, "%d", n->integer->ival);
	case PG_QUERY__NODE__NODE_FLOAT:
		return n->float_->fval;
	case PG_QUERY__NODE__NODE_BOOLEAN:
		return n->boolean->boolval ? "true" : "false";
	case PG_QUERY__NODE__NODE_TYPE_NAME: {
		PgQuery__TypeName *t = n->type_name;
		return t->n_names ? str_of(t->names[t->n_names - 1]) : NULL;
	}
	case PG_QUERY__NODE__NODE_A_CONST: {
		PgQuery__AConst *c = n->a_const;
		if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL)
			return c->sval->sval;
		if (c->val_case == PG_QUERY__A__CONST__VAL_IVAL)
			return rt_arena_printf(l->scratch, "%d",
					       c->ival->ival);
		if (c->val_case == PG_QUERY__A__CONST__VAL_FVAL)
			return c->fval->fval;
		if (c->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL)
			return c->boolval->boolval ? "true" : "false";
		return NULL;
	}
	case PG_QUERY__NODE__NODE_LIST:
		if (n->list->n_items)
			return defarg_str(l, n->list->items[
				n->list->n_items - 1]);
		return NULL;
	default:
		return NULL;
	}
}

static bool defarg_bool(ld *l, const Node *n, bool dflt)
{
	const char *s = defarg_str(l, n);
	if (!n)
		return true; /* "CYCLE" alone */
	if (!s)
		return dflt;
	return strcmp(s, "true") == 0 || strcmp(s, "on") == 0 ||
	       strcmp(s, "1") == 0 || strcmp(s, "yes") == 0;
}

static int defarg_int64(ld *l, const Node *n, int64_t *out)
{
	const char *s = defarg_str(l, n);
	char *end;
	if (!s)
		return fail(l, "expected an integer");
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end)
		return fail(l, "invalid integer '%s'", s);
	*out = v;
	return 0;
}

/* The column names of a list of String nodes, as an arena vector. */
static void str_list(ld *l, rt_vec *out, Node **items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (str_of(items[i]))
			rt_vec_push(out, l->a,
				    rt_arena_strdup(l->a, str_of(items[i])));
}

/* ---- types ------------------------------------------------------------ */

/* Resolves a TypeName. *serial_out (may be NULL) receives the integer type
 * behind serial/bigserial/smallserial, else NULL. */
static int resolve_type(ld *l, const PgQuery__TypeName *tn, rt_type *out,
			const char **serial_out)
{
	const char *names[3] = {NULL, NULL, NULL};
	size_t n = tn->n_names;
	rt_buf b = RT_BUF_INIT;
	if (serial_out)
		*serial_out = NULL;
	if (n == 0 || n > 3)
		return fail(l, "unsupported type name");
	for (size_t i = 0; i < n; i++)
		names[i] = str_of(tn->names[i]);
	if (tn->pct_type)
		return fail(l, "%%TYPE references are not supported");
	const char *base = names[n - 1];
	const char *schema = n >= 2 ? names[n - 2] : NULL;
	if (schema && strcmp(schema, "pg_catalog") == 0)
		schema = NULL;
	out->schema = NULL;
	out->name = NULL;
	if (!schema && n == 1 && tn->n_array_bounds == 0 && serial_out) {
		const char *st = rt_schema_serial_type(base);
		if (st) {
			*serial_out = st;
			out->name = st;
			return 0;
		}
	}
	rt_buf_adds(&b, base);
	/* interval field masks are not typmods PostgreSQL prints */
	if (tn->n_typmods && strcmp(base, "interval") != 0) {
		bool numeric = strcmp(base, "numeric") == 0 ||
			       strcmp(base, "decimal") == 0;
		rt_buf_addch(&b, '(');
		for (size_t i = 0; i < tn->n_typmods; i++) {
			const char *m = defarg_str(l, tn->typmods[i]);
			if (i)
				rt_buf_addch(&b, ',');
			rt_buf_adds(&b, m ? m : "");
		}
		if (numeric && tn->n_typmods == 1)
			rt_buf_adds(&b, ",0"); /* numeric(5) is numeric(5,0) */
		rt_buf_addch(&b, ')');
	}
	for (size_t i = 0; i < tn->n_array_bounds; i++)
		rt_buf_adds(&b, "[]");
	if (!schema && (n >= 2 || !rt_schema_find_enum(l->s, "public", base)))
		out->name = rt_schema_canonical_type(l->a, b.data);
	if (!out->name) {
		if (n >= 2 && !schema) {
			/* an unknown pg_catalog type: keep its name */
			out->name = rt_buf_detach_arena(&b, l->a);
			return 0;
		}
		out->schema = rt_arena_strdup(l->a, dflt_schema(schema));
		rt_buf_reset(&b);
		rt_buf_adds(&b, base);
		for (size_t i = 0; i < tn->n_array_bounds; i++)
			rt_buf_adds(&b, "[]");
		out->name = rt_buf_detach_arena(&b, l->a);
		return 0;
	}
	rt_buf_release(&b);
	return 0;
}

/* A type as text for unmanaged names: "integer", "public.mytype". */
static const char *type_text(ld *l, const PgQuery__TypeName *tn)
{
	rt_type t;
	if (!tn || resolve_type(l, tn, &t, NULL) < 0) {
		rt_error_clear(l->err);
		return "?";
	}
	return t.schema ? qn(l, t.schema, t.name) : t.name;
}

/* A collation name list: schema NULL for built-in ones. */
static rt_qname resolve_collation(ld *l, Node **items, size_t n)
{
	rt_qname q = names_qname(l, items, n);
	if (q.schema && strcmp(q.schema, "pg_catalog") == 0)
		q.schema = NULL;
	else if (!q.schema && rt_schema_find_collation(l->s, "public", q.name))
		q.schema = "public";
	return q;
}

/* ---- tables ----------------------------------------------------------- */

static int lookup_table(ld *l, rt_table **out, const PgQuery__RangeVar *rv,
			bool missing_ok)
{
	const char *schema = dflt_schema(rv->schemaname);
	*out = rt_schema_find_table(l->s, schema, rv->relname);
	if (!*out && !missing_ok)
		return fail(l, "relation '%s.%s' does not exist", schema,
			    rv->relname);
	return 0;
}

static int need_namespace(ld *l, const char *schema)
{
	if (!rt_schema_find_namespace(l->s, schema))
		return fail(l, "schema '%s' does not exist", schema);
	return 0;
}

static int src_line(ld *l)
{
	int line, col;
	place_of(l->text, l->loc, &line, &col);
	return line;
}

/* FigureIndexColname: the name PostgreSQL gives an index expression. */
static const char *figure_colname(const Node *e)
{
	if (!e)
		return "expr";
	switch (e->node_case) {
	case PG_QUERY__NODE__NODE_COLUMN_REF: {
		PgQuery__ColumnRef *r = e->column_ref;
		const char *s = r->n_fields ? str_of(r->fields[r->n_fields - 1])
					    : NULL;
		return s ? s : "expr";
	}
	case PG_QUERY__NODE__NODE_FUNC_CALL: {
		PgQuery__FuncCall *f = e->func_call;
		return str_of(f->funcname[f->n_funcname - 1]);
	}
	case PG_QUERY__NODE__NODE_TYPE_CAST: {
		const char *s = figure_colname(e->type_cast->arg);
		PgQuery__TypeName *t = e->type_cast->type_name;
		if (strcmp(s, "expr") == 0 && t->n_names)
			return str_of(t->names[t->n_names - 1]);
		return s;
	}
	case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
		return figure_colname(e->collate_clause->arg);
	case PG_QUERY__NODE__NODE_CASE_EXPR:
		return "case";
	case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
		return "array";
	case PG_QUERY__NODE__NODE_ROW_EXPR:
		return "row";
	case PG_QUERY__NODE__NODE_COALESCE_EXPR:
		return "coalesce";
	case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
		return e->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST
			       ? "greatest"
			       : "least";
	default:
		return "expr";
	}
}

static const char *index_elem_name(const PgQuery__IndexElem *e)
{
	if (!empty(e->indexcolname))
		return e->indexcolname;
	if (!empty(e->name))
		return e->name;
	return figure_colname(e->expr);
}

static int need_column(ld *l, rt_table *t, const char *col, const char *what)
{
	if (!rt_table_find_column(t, col))
		return fail(l, "column '%s' %s does not exist", col, what);
	return 0;
}

/* Adds constraint c (a copy, not local) to every descendant of t. */
static void inherit_check(ld *l, rt_table *t, rt_constraint *c)
{
	rt_vec kids = {0};
	rt_load__children(l->s, t, &kids);
	for (size_t i = 0; i < kids.len; i++) {
		rt_table *k = kids.items[i];
		rt_constraint *have = rt_table_find_constraint(k, c->name);
		if (have)
			continue;
		inherit_check(l, k, rt_load__constraint_inherit(l->s, k, c));
	}
}

/* The text of an exclusion constraint from "EXCLUDE" on. */
static const char *exclude_text(ld *l, const PgQuery__Constraint *c)
{
	PgQuery__Constraint copy = *c;
	PgQuery__AlterTableCmd cmd = PG_QUERY__ALTER_TABLE_CMD__INIT;
	PgQuery__AlterTableStmt st = PG_QUERY__ALTER_TABLE_STMT__INIT;
	PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
	Node *cmdn;
	copy.conname = empty_str;
	copy.deferrable = false;
	copy.initdeferred = false;
	cmd.subtype = PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint;
	cmd.def = wrap(l, PG_QUERY__NODE__NODE_CONSTRAINT, &copy);
	cmdn = wrap(l, PG_QUERY__NODE__NODE_ALTER_TABLE_CMD, &cmd);
	rv.relname = (char *)"t";
	rv.inh = true;
	st.relation = &rv;
	st.n_cmds = 1;
	st.cmds = &cmdn;
	st.objtype = PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
	const char *t = deparse(l, wrap(l, PG_QUERY__NODE__NODE_ALTER_TABLE_STMT,
					&st));
	const char *x = t ? strstr(t, "EXCLUDE") : NULL;
	return x;
}

static char fk_action(const char *a)
{
	return empty(a) ? 'a' : a[0];
}

/* ChooseIndexColumnNames: a name repeated within one index gets a number
 * ("b", "b1"). Rewrites cols[0..n) in place (new names in the scratch
 * arena). */
static void index_colnames(ld *l, const char **cols, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		const char *orig = cols[i];
		for (int k = 1;; k++) {
			bool clash = false;
			for (size_t j = 0; j < i && !clash; j++)
				clash = strcmp(cols[j], cols[i]) == 0;
			if (!clash)
				break;
			cols[i] = rt_arena_printf(l->scratch, "%s%d", orig, k);
		}
	}
}

/* true when the set of names a equals the set b */
static bool same_set(const rt_vec *a, const rt_vec *b)
{
	if (a->len != b->len)
		return false;
	for (size_t i = 0; i < a->len; i++)
		if (!rt_load__vec_has(b, a->items[i]))
			return false;
	return true;
}

/* true when cols of t are covered by a primary key, a unique constraint
 * or a plain unique index (what a foreign key may reference). */
static bool unique_key(ld *l, rt_table *t, const rt_vec *cols)
{
	for (size_t i = 0; i < t->constraints.len; i++) {
		rt_constraint *c = t->constraints.items[i];
		if ((c->type == RT_CON_PRIMARY || c->type == RT_CON_UNIQUE) &&
		    !c->deferrable && same_set(&c->columns, cols))
			return true;
	}
	for (size_t i = 0; i < l->s->indexes.len; i++) {
		rt_index *ix = l->s->indexes.items[i];
		if (!ix->unique || ix->table.name != t->name)
			continue;
		PgQuery__ParseResult *tree = reparse(l, ix->def->text);
		if (!tree || tree->stmts[0]->stmt->node_case !=
				     PG_QUERY__NODE__NODE_INDEX_STMT)
			continue;
		PgQuery__IndexStmt *is = tree->stmts[0]->stmt->index_stmt;
		rt_vec names = {0};
		bool plain = !is->where_clause;
		for (size_t j = 0; plain && j < is->n_index_params; j++) {
			PgQuery__IndexElem *e = is->index_params[j]->index_elem;
			if (empty(e->name))
				plain = false;
			else
				rt_vec_push(&names, l->scratch, e->name);
		}
		if (plain && same_set(&names, cols))
			return true;
	}
	return false;
}

/* Key columns of the index behind USING INDEX, and removes the index. */
static int take_index(ld *l, rt_table *t, rt_constraint *con,
		      const char *indexname)
{
	rt_index *ix = rt_schema_find_index(l->s, t->schema, indexname);
	if (!ix)
		return fail(l, "index '%s' does not exist", indexname);
	if (strcmp(ix->table.name, t->name) != 0)
		return fail(l, "index '%s' does not belong to table '%s'",
			    indexname, t->name);
	if (!ix->unique)
		return fail(l, "'%s' is not a unique index", indexname);
	PgQuery__ParseResult *tree = reparse(l, ix->def->text);
	if (!tree || tree->stmts[0]->stmt->node_case !=
			     PG_QUERY__NODE__NODE_INDEX_STMT)
		return fail(l, "cannot read index '%s'", indexname);
	PgQuery__IndexStmt *is = tree->stmts[0]->stmt->index_stmt;
	for (size_t i = 0; i < is->n_index_params; i++) {
		PgQuery__IndexElem *e = is->index_params[i]->index_elem;
		if (empty(e->name))
			return fail(l, "index '%s' contains expressions",
				    indexname);
		rt_vec_push(&con->columns, l->a,
			    rt_arena_strdup(l->a, e->name));
	}
	for (size_t i = 0; i < is->n_index_including_params; i++) {
		PgQuery__IndexElem *e =
			is->index_including_params[i]->index_elem;
		rt_vec_push(&con->include, l->a,
			    rt_arena_strdup(l->a, e->name));
	}
	con->nulls_not_distinct = is->nulls_not_distinct;
	if (empty(con->name))
		con->name = ix->name;
	rt_load__vec_drop(&l->s->indexes, ix);
	return 0;
}

static int set_pk_not_null(ld *l, rt_table *t, rt_constraint *con)
{
	for (size_t i = 0; i < con->columns.len; i++) {
		rt_column *col = rt_table_find_column(t, con->columns.items[i]);
		if (!col)
			return fail(l, "column '%s' of relation '%s' does "
				       "not exist",
				    (const char *)con->columns.items[i],
				    t->name);
		col->not_null = true;
	}
	return 0;
}

/*
 * Adds constraint c to t. col names the column for a column constraint
 * (NULL for a table constraint). Names the constraint as PostgreSQL would
 * when the user did not.
 */
static int add_constraint(ld *l, rt_table *t, PgQuery__Constraint *c,
			  const char *col)
{
	rt_constraint *con = RT_NEW(l->a, rt_constraint);
	const char *cols[64];
	size_t ncols = 0;
	con->table = t;
	con->is_local = true;
	con->deferrable = c->deferrable;
	con->initially_deferred = c->initdeferred;
	con->src_line = src_line(l);
	con->name = nz(c->conname) ? rt_arena_strdup(l->a, c->conname) : NULL;
	if (con->name && rt_table_find_constraint(t, con->name))
		return fail(l, "constraint '%s' for relation '%s' already "
			       "exists",
			    con->name, t->name);
	switch (c->contype) {
	case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
	case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: {
		bool pk = c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
		con->type = pk ? RT_CON_PRIMARY : RT_CON_UNIQUE;
		if (pk && rt_table_primary_key(t))
			return fail(l, "multiple primary keys for table '%s' "
				       "are not allowed",
				    t->name);
		if (!empty(c->indexname)) {
			if (take_index(l, t, con, c->indexname) < 0)
				return -1;
		} else if (col) {
			rt_vec_push(&con->columns, l->a,
				    rt_arena_strdup(l->a, col));
		} else {
			str_list(l, &con->columns, c->keys, c->n_keys);
			str_list(l, &con->include, c->including,
				 c->n_including);
		}
		for (size_t i = 0; i < con->columns.len; i++) {
			if (need_column(l, t, con->columns.items[i],
					"named in key") < 0)
				return -1;
			if (ncols < RT_ARRAY_LEN(cols))
				cols[ncols++] = con->columns.items[i];
		}
		for (size_t i = 0; i < con->include.len; i++) {
			if (need_column(l, t, con->include.items[i],
					"named in key") < 0)
				return -1;
			if (ncols < RT_ARRAY_LEN(cols))
				cols[ncols++] = con->include.items[i];
		}
		con->nulls_not_distinct |= c->nulls_not_distinct;
		index_colnames(l, cols, ncols);
		if (!con->name)
			con->name = rt_schema_default_name(
				l->s, t->schema, t->name, cols,
				pk ? 0 : ncols, pk ? "pkey" : "key");
		if (pk && set_pk_not_null(l, t, con) < 0)
			return -1;
		break;
	}
	case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: {
		rt_table *ref;
		con->type = RT_CON_FOREIGN;
		if (col)
			rt_vec_push(&con->columns, l->a,
				    rt_arena_strdup(l->a, col));
		else
			str_list(l, &con->columns, c->fk_attrs, c->n_fk_attrs);
		for (size_t i = 0; i < con->columns.len; i++) {
			if (need_column(l, t, con->columns.items[i],
					"referenced in foreign key "
					"constraint") < 0)
				return -1;
			if (ncols < RT_ARRAY_LEN(cols))
				cols[ncols++] = con->columns.items[i];
		}
		if (lookup_table(l, &ref, c->pktable, false) < 0)
			return -1;
		con->ref_table.schema = ref->schema;
		con->ref_table.name = ref->name;
		str_list(l, &con->ref_columns, c->pk_attrs, c->n_pk_attrs);
		if (con->ref_columns.len == 0) {
			rt_constraint *pk = rt_table_primary_key(ref);
			if (!pk)
				return fail(l, "there is no primary key for "
					       "referenced table '%s'",
					    ref->name);
			for (size_t i = 0; i < pk->columns.len; i++)
				rt_vec_push(&con->ref_columns, l->a,
					    pk->columns.items[i]);
		}
		for (size_t i = 0; i < con->ref_columns.len; i++)
			if (need_column(l, ref, con->ref_columns.items[i],
					"referenced in foreign key "
					"constraint") < 0)
				return -1;
		if (con->ref_columns.len != con->columns.len)
			return fail(l, "number of referencing and referenced "
				       "columns for foreign key disagree");
		if (!unique_key(l, ref, &con->ref_columns))
			return fail(l, "there is no unique constraint matching "
				       "given keys for referenced table '%s'",
				    ref->name);
		con->on_update = fk_action(c->fk_upd_action);
		con->on_delete = fk_action(c->fk_del_action);
		con->match = empty(c->fk_matchtype) ? 's' : c->fk_matchtype[0];
		con->not_valid = c->skip_validation;
		if (!con->name)
			con->name = rt_schema_default_name(
				l->s, t->schema, t->name, cols, ncols, "fkey");
		break;
	}
	case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: {
		colrefs refs = {l, {0}};
		con->type = RT_CON_CHECK;
		con->no_inherit = c->is_no_inherit;
		con->not_valid = c->skip_validation;
		node_colrefs(&refs, &c->raw_expr->base);
		for (size_t i = 0; i < refs.names.len; i++)
			if (need_column(l, t, refs.names.items[i], "") < 0)
				return -1;
		if (node_expr(l, &con->expr, c->raw_expr) < 0)
			return -1;
		if (!con->name) {
			const char *one = refs.names.len == 1
						  ? refs.names.items[0]
						  : NULL;
			con->name = rt_schema_default_name(
				l->s, t->schema, t->name, &one, one ? 1 : 0,
				"check");
		}
		break;
	}
	case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION: {
		const char *text = exclude_text(l, c);
		con->type = RT_CON_EXCLUDE;
		if (!text)
			return -1;
		con->expr = RT_NEW(l->a, rt_expr);
		con->expr->text = text;
		if (rt_canon_exclude(&con->expr->key, l->a, text, l->err) < 0)
			return failed_here(l);
		for (size_t i = 0; i < c->n_exclusions; i++) {
			Node *pair = c->exclusions[i];
			if (pair->node_case != PG_QUERY__NODE__NODE_LIST ||
			    pair->list->n_items < 1 ||
			    pair->list->items[0]->node_case !=
				    PG_QUERY__NODE__NODE_INDEX_ELEM)
				continue;
			PgQuery__IndexElem *e =
				pair->list->items[0]->index_elem;
			if (!empty(e->name) &&
			    need_column(l, t, e->name, "named in key") < 0)
				return -1;
			if (ncols < RT_ARRAY_LEN(cols))
				cols[ncols++] = index_elem_name(e);
		}
		index_colnames(l, cols, ncols);
		if (!con->name)
			con->name = rt_schema_default_name(
				l->s, t->schema, t->name, cols, ncols, "excl");
		break;
	}
	default:
		return fail(l, "unsupported constraint");
	}
	rt_vec_push(&t->constraints, l->a, con);
	if (con->type == RT_CON_CHECK && !con->no_inherit)
		inherit_check(l, t, con);
	return 0;
}

/* A constraint met while reading a table definition, applied after all
 * columns exist. */
typedef struct pending {
	PgQuery__Constraint *c;
	const char *col;
} pending;

static void add_pending(ld *l, rt_vec *v, PgQuery__Constraint *c,
			const char *col)
{
	pending *p = rt_arena_alloc(l->scratch, sizeof(*p));
	p->c = c;
	p->col = col;
	rt_vec_push(v, l->scratch, p);
}

/* true when vector v of names equals the String list items */
static bool same_names(const rt_vec *v, Node **items, size_t n)
{
	if (v->len != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!str_of(items[i]) || strcmp(v->items[i], str_of(items[i])))
			return false;
	return true;
}

/* transformIndexConstraints: a UNIQUE that repeats the primary key or an
 * earlier UNIQUE of the same statement is dropped. */
static bool duplicate_key(rt_table *t, const pending *p, size_t first)
{
	PgQuery__Constraint *c = p->c;
	Node *one[1];
	PgQuery__String str = PG_QUERY__STRING__INIT;
	Node strn = PG_QUERY__NODE__INIT;
	Node **keys = c->keys;
	size_t nkeys = c->n_keys;
	if (c->contype != PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ||
	    !empty(c->indexname))
		return false;
	if (p->col) {
		str.sval = (char *)p->col;
		strn.node_case = PG_QUERY__NODE__NODE_STRING;
		strn.string = &str;
		one[0] = &strn;
		keys = one;
		nkeys = 1;
	}
	for (size_t i = first; i < t->constraints.len; i++) {
		rt_constraint *k = t->constraints.items[i];
		if ((k->type == RT_CON_PRIMARY || k->type == RT_CON_UNIQUE) &&
		    same_names(&k->columns, keys, nkeys) &&
		    same_names(&k->include, c->including, c->n_including) &&
		    k->nulls_not_distinct == c->nulls_not_distinct &&
		    k->deferrable == c->deferrable &&
		    k->initially_deferred == c->initdeferred)
			return true;
	}
	return false;
}

/* Applies pending constraints in PostgreSQL's naming order: checks, the
 * primary key, other index-backed ones, then foreign keys. */
static int apply_pending(ld *l, rt_table *t, rt_vec *v)
{
	size_t first = t->constraints.len;
	for (int pass = 0; pass < 4; pass++) {
		for (size_t i = 0; i < v->len; i++) {
			pending *p = v->items[i];
			PgQuery__ConstrType ct = p->c->contype;
			int want = ct == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK ? 0
				   : ct == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY
					   ? 1
				   : ct == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN
					   ? 3
					   : 2;
			if (want != pass)
				continue;
			if (want == 2 && duplicate_key(t, p, first))
				continue;
			if (add_constraint(l, t, p->c, p->col) < 0)
				return -1;
		}
	}
	return 0;
}

static int make_serial(ld *l, rt_table *t, rt_column *col, const char *type)
{
	const char *cn = col->name;
	const char *name = rt_schema_default_name(l->s, t->schema, t->name, &cn,
						  1, "seq");
	rt_sequence *q = rt_load__sequence_new(l->s, t->schema, name, type);
	q->owned_by_table.schema = t->schema;
	q->owned_by_table.name = t->name;
	q->owned_by_column = col->name;
	q->src_line = src_line(l);
	col->not_null = true;
	col->generated = NULL;
	return make_expr(l, &col->default_expr,
			 rt_load__nextval_text(l->s, t->schema, name));
}

static void set_identity(rt_column *col, const char *when)
{
	col->identity = (when && when[0] == 'd') ? RT_IDENTITY_BY_DEFAULT
						 : RT_IDENTITY_ALWAYS;
	col->not_null = true;
}

/*
 * Applies a column definition to col (new or merged): type, collation,
 * NULL/NOT NULL, DEFAULT, identity, generated; other constraints go to
 * pend. With merge, the type is only checked.
 */
static int column_apply(ld *l, rt_table *t, rt_column *col,
			PgQuery__ColumnDef *cd, rt_vec *pend)
{
	const char *serial = NULL;
	if (cd->type_name) {
		rt_type ty;
		if (resolve_type(l, cd->type_name, &ty, &serial) < 0)
			return -1;
		col->type = ty;
	}
	if (cd->coll_clause)
		col->collation = resolve_collation(l, cd->coll_clause->collname,
						   cd->coll_clause->n_collname);
	if (cd->is_not_null)
		col->not_null = true;
	for (size_t i = 0; i < cd->n_constraints; i++) {
		PgQuery__Constraint *c = cd->constraints[i]->constraint;
		pending *last = pend->len ? pend->items[pend->len - 1] : NULL;
		switch (c->contype) {
		case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
			col->not_null = false;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
			col->not_null = true;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
			if (node_expr(l, &col->default_expr, c->raw_expr) < 0)
				return -1;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
			set_identity(col, c->generated_when);
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
			if (node_expr(l, &col->generated, c->raw_expr) < 0)
				return -1;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
		case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
		case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
		case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE:
			if (!last)
				return fail(l, "misplaced constraint "
					       "attribute");
			if (c->contype ==
			    PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE)
				last->c->deferrable = true;
			else if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE)
				last->c->deferrable = false;
			else if (c->contype ==
				 PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED) {
				last->c->initdeferred = true;
				last->c->deferrable = true;
			} else {
				last->c->initdeferred = false;
			}
			break;
		default:
			add_pending(l, pend, c, col->name);
			break;
		}
	}
	if (serial) {
		if (col->default_expr || col->identity || col->generated)
			return fail(l, "multiple default values specified for "
				       "column '%s' of table '%s'",
				    col->name, t->name);
		if (make_serial(l, t, col, serial) < 0)
			return -1;
	}
	if (col->generated)
		col->default_expr = NULL;
	return 0;
}

/* Adds a column to t and, not local, to every descendant. */
static void column_to_children(ld *l, rt_table *t, rt_column *col)
{
	rt_vec kids = {0};
	rt_load__children(l->s, t, &kids);
	for (size_t i = 0; i < kids.len; i++) {
		rt_table *k = kids.items[i];
		rt_column *have = rt_table_find_column(k, col->name);
		if (have) {
			have->inhcount++;
			continue;
		}
		rt_column *n = rt_load__column_inherit(l->s, k, col);
		column_to_children(l, k, n);
	}
}

/* Copies parent p's columns and inheritable checks into child t. */
static void inherit_from(ld *l, rt_table *t, rt_table *p, bool partition)
{
	for (size_t i = 0; i < p->columns.len; i++) {
		rt_column *pc = p->columns.items[i];
		rt_column *have = rt_table_find_column(t, pc->name);
		if (have) {
			have->inhcount++;
			if (pc->not_null)
				have->not_null = true;
			continue;
		}
		rt_load__column_inherit(l->s, t, pc);
	}
	for (size_t i = 0; i < p->constraints.len; i++) {
		rt_constraint *c = p->constraints.items[i];
		if (c->type != RT_CON_CHECK || c->no_inherit)
			continue;
		if (rt_table_find_constraint(t, c->name))
			continue;
		rt_load__constraint_inherit(l->s, t, c);
	}
	(void)partition;
}

/* "RANGE (a, lower(b))" as pg_get_partkeydef prints it. */
static const char *partkey_text(ld *l, const PgQuery__PartitionSpec *ps)
{
	rt_buf b = RT_BUF_INIT;
	for (const char *p = ps->strategy; *p; p++)
		rt_buf_addch(&b, (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p));
	rt_buf_adds(&b, " (");
	for (size_t i = 0; i < ps->n_part_params; i++) {
		PgQuery__PartitionElem *e = ps->part_params[i]->partition_elem;
		if (i)
			rt_buf_adds(&b, ", ");
		if (!empty(e->name)) {
			rt_buf_add_ident(&b, RT_DIALECT_PG, e->name);
		} else {
			const char *x = expr_text(l, e->expr);
			bool fn = e->expr->node_case ==
				  PG_QUERY__NODE__NODE_FUNC_CALL;
			rt_buf_addf(&b, fn ? "%s" : "(%s)", x ? x : "");
		}
		if (e->n_collation) {
			rt_qname q = names_qname(l, e->collation,
						 e->n_collation);
			rt_buf_adds(&b, " COLLATE ");
			rt_buf_add_qname(&b, RT_DIALECT_PG, q.schema, q.name);
		}
		if (e->n_opclass) {
			rt_qname q = names_qname(l, e->opclass, e->n_opclass);
			rt_buf_addch(&b, ' ');
			rt_buf_add_qname(&b, RT_DIALECT_PG, q.schema, q.name);
		}
	}
	rt_buf_addch(&b, ')');
	return rt_buf_detach_arena(&b, l->a);
}

static int set_partkey(ld *l, rt_table *t, const PgQuery__PartitionSpec *ps)
{
	rt_expr *e = RT_NEW(l->a, rt_expr);
	e->text = partkey_text(l, ps);
	if (rt_canon_partkey(&e->key, l->a, e->text, l->err) < 0)
		return failed_here(l);
	t->kind = RT_REL_PARTITIONED;
	t->partition_key = e;
	return 0;
}

/* "FOR VALUES FROM (...) TO (...)" / "DEFAULT" for a bound. */
static int set_bound(ld *l, rt_table *t, PgQuery__PartitionBoundSpec *b)
{
	PgQuery__CreateStmt cs = PG_QUERY__CREATE_STMT__INIT;
	PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
	PgQuery__RangeVar pv = PG_QUERY__RANGE_VAR__INIT;
	Node *parent;
	rv.relname = (char *)"x";
	rv.inh = true;
	rv.relpersistence = (char *)"p";
	pv.relname = (char *)"p";
	pv.inh = true;
	pv.relpersistence = (char *)"p";
	parent = wrap(l, PG_QUERY__NODE__NODE_RANGE_VAR, &pv);
	cs.relation = &rv;
	cs.n_inh_relations = 1;
	cs.inh_relations = &parent;
	cs.partbound = b;
	cs.oncommit = PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_NOOP;
	const char *text = deparse(l, wrap(l, PG_QUERY__NODE__NODE_CREATE_STMT,
					   &cs));
	if (!text)
		return -1;
	const char *p = strstr(text, " PARTITION OF p ");
	if (!p)
		return fail(l, "cannot read partition bound");
	rt_expr *e = RT_NEW(l->a, rt_expr);
	e->text = p + strlen(" PARTITION OF p ");
	if (rt_canon_partbound(&e->key, l->a, e->text, l->err) < 0)
		return failed_here(l);
	t->partition_bound = e;
	return 0;
}

static int create_table(ld *l, PgQuery__CreateStmt *cs)
{
	rt_qname q = rv_qname(l, cs->relation);
	rt_vec pend = {0};
	if (need_namespace(l, q.schema) < 0)
		return -1;
	if (rt_schema_relname_taken(l->s, q.schema, q.name)) {
		if (cs->if_not_exists)
			return 0;
		return fail(l, "relation '%s.%s' already exists", q.schema,
			    q.name);
	}
	if (cs->of_typename) {
		unmanaged(l, rt_arena_printf(l->scratch, "table %s.%s",
					     q.schema, q.name));
		return 0;
	}
	rt_table *t = rt_load__table_new(l->s, q.schema, q.name);
	t->src_line = src_line(l);
	t->unlogged = cs->relation->relpersistence &&
		      cs->relation->relpersistence[0] == 'u';
	for (size_t i = 0; i < cs->n_inh_relations; i++) {
		rt_table *p;
		if (lookup_table(l, &p, cs->inh_relations[i]->range_var,
				 false) < 0)
			return -1;
		if (cs->partbound) {
			if (p->kind != RT_REL_PARTITIONED)
				return fail(l, "table '%s' is not "
					       "partitioned",
					    p->name);
			t->partition_of.schema = p->schema;
			t->partition_of.name = p->name;
			if (set_bound(l, t, cs->partbound) < 0)
				return -1;
		} else {
			if (p->kind == RT_REL_PARTITIONED)
				return fail(l, "cannot inherit from "
					       "partitioned table '%s'",
					    p->name);
			rt_qname *pq = RT_NEW(l->a, rt_qname);
			pq->schema = p->schema;
			pq->name = p->name;
			rt_vec_push(&t->inherits, l->a, pq);
		}
		inherit_from(l, t, p, cs->partbound != NULL);
	}
	for (size_t i = 0; i < cs->n_table_elts; i++) {
		Node *e = cs->table_elts[i];
		if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
			PgQuery__ColumnDef *cd = e->column_def;
			rt_column *col = rt_table_find_column(t, cd->colname);
			if (col && col->is_local)
				return fail(l, "column '%s' specified more "
					       "than once",
					    cd->colname);
			if (col) {
				if (!cs->partbound)
					col->is_local = true;
			} else {
				if (cs->partbound)
					return fail(l, "column '%s' named in "
						       "partition does not "
						       "exist",
						    cd->colname);
				col = rt_load__column_new(l->s, t, cd->colname);
				col->src_line = src_line(l);
			}
			if (column_apply(l, t, col, cd, &pend) < 0)
				return -1;
		} else if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
			add_pending(l, &pend, e->constraint, NULL);
		} else if (e->node_case ==
			   PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE) {
			rt_table *src;
			if (lookup_table(l, &src, e->table_like_clause->relation,
					 false) < 0)
				return -1;
			for (size_t j = 0; j < src->columns.len; j++) {
				rt_column *sc = src->columns.items[j];
				rt_column *nc = rt_load__column_new(l->s, t,
								    sc->name);
				nc->type = sc->type;
				nc->collation = sc->collation;
				nc->not_null = sc->not_null;
			}
		}
	}
	if (apply_pending(l, t, &pend) < 0)
		return -1;
	if (cs->partspec && set_partkey(l, t, cs->partspec) < 0)
		return -1;
	return 0;
}

/* ---- indexes ---------------------------------------------------------- */

static bool other_relation(ld *l, const PgQuery__RangeVar *rv);

static int create_index(ld *l, PgQuery__IndexStmt *is)
{
	rt_table *t;
	const char *cols[64];
	size_t ncols = 0;
	if (!rt_schema_find_table(l->s, dflt_schema(is->relation->schemaname),
				  is->relation->relname) &&
	    other_relation(l, is->relation))
		return 0; /* an index on a view: part of the unmanaged view */
	if (lookup_table(l, &t, is->relation, false) < 0)
		return -1;
	for (size_t i = 0; i < is->n_index_params; i++) {
		PgQuery__IndexElem *e = is->index_params[i]->index_elem;
		if (!empty(e->name) && need_column(l, t, e->name, "") < 0)
			return -1;
		if (ncols < RT_ARRAY_LEN(cols))
			cols[ncols++] = index_elem_name(e);
	}
	for (size_t i = 0; i < is->n_index_including_params; i++) {
		PgQuery__IndexElem *e =
			is->index_including_params[i]->index_elem;
		if (!empty(e->name) && need_column(l, t, e->name, "") < 0)
			return -1;
		if (ncols < RT_ARRAY_LEN(cols))
			cols[ncols++] = index_elem_name(e);
	}
	const char *name = nz(is->idxname);
	if (name && rt_schema_relname_taken(l->s, t->schema, name)) {
		if (is->if_not_exists)
			return 0;
		return fail(l, "relation '%s.%s' already exists", t->schema,
			    name);
	}
	index_colnames(l, cols, ncols);
	if (!name)
		name = rt_schema_default_name(l->s, t->schema, t->name, cols,
					      ncols, "idx");
	PgQuery__IndexStmt copy = *is;
	PgQuery__RangeVar rv = *is->relation;
	copy.idxname = (char *)name;
	copy.relation = &rv;
	rv.schemaname = (char *)t->schema;
	rv.inh = true; /* ON ONLY: pg_get_indexdef does not print it */
	copy.concurrent = false;
	copy.if_not_exists = false;
	if (empty(copy.access_method))
		copy.access_method = btree_str;
	const char *def = deparse(l, wrap(l, PG_QUERY__NODE__NODE_INDEX_STMT,
					  &copy));
	if (!def)
		return -1;
	rt_index *ix = RT_NEW(l->a, rt_index);
	ix->schema = t->schema;
	ix->name = rt_arena_strdup(l->a, name);
	ix->table.schema = t->schema;
	ix->table.name = t->name;
	ix->unique = is->unique;
	ix->src_line = src_line(l);
	ix->def = RT_NEW(l->a, rt_expr);
	ix->def->text = def;
	if (rt_canon_index(&ix->def->key, l->a, def, l->err) < 0)
		return failed_here(l);
	rt_vec_push(&l->s->indexes, l->a, ix);
	return 0;
}

/* Re-deparses an index definition after its name or table changed. */
static void index_redef(ld *l, rt_index *ix, renamer *r)
{
	PgQuery__ParseResult *tree = reparse(l, ix->def->text);
	if (!tree || tree->stmts[0]->stmt->node_case !=
			     PG_QUERY__NODE__NODE_INDEX_STMT)
		return;
	PgQuery__IndexStmt *is = tree->stmts[0]->stmt->index_stmt;
	is->idxname = (char *)ix->name;
	is->relation->schemaname = (char *)ix->table.schema;
	is->relation->relname = (char *)ix->table.name;
	if (r)
		walk(&tree->base, visit_rename, r);
	const char *def = deparse(l, tree->stmts[0]->stmt);
	const char *key;
	if (!def || rt_canon_index(&key, l->a, def, l->err) < 0) {
		rt_error_clear(l->err);
		return;
	}
	ix->def->text = def;
	ix->def->key = key;
}

/* ---- sequences -------------------------------------------------------- */

static int seq_options(ld *l, rt_sequence *q, Node **opts, size_t n,
		       bool create)
{
	bool has_min = false, has_max = false, has_start = false;
	const char *old_type = q->type;
	int64_t old_min = q->min, old_max = q->max;
	for (size_t i = 0; i < n; i++) {
		PgQuery__DefElem *d = opts[i]->def_elem;
		const char *k = d->defname;
		if (strcmp(k, "as") == 0) {
			rt_type ty;
			if (resolve_type(l, d->arg->type_name, &ty, NULL) < 0)
				return -1;
			if (ty.schema || (strcmp(ty.name, "smallint") != 0 &&
					  strcmp(ty.name, "integer") != 0 &&
					  strcmp(ty.name, "bigint") != 0))
				return fail(l, "sequence type must be "
					       "smallint, integer, or bigint");
			q->type = ty.name;
		} else if (strcmp(k, "increment") == 0) {
			if (defarg_int64(l, d->arg, &q->increment) < 0)
				return -1;
			if (q->increment == 0)
				return fail(l, "INCREMENT must not be zero");
		} else if (strcmp(k, "minvalue") == 0) {
			has_min = d->arg != NULL;
			if (d->arg && defarg_int64(l, d->arg, &q->min) < 0)
				return -1;
			if (!d->arg)
				has_min = false, q->min = INT64_MIN + 1;
		} else if (strcmp(k, "maxvalue") == 0) {
			has_max = d->arg != NULL;
			if (d->arg && defarg_int64(l, d->arg, &q->max) < 0)
				return -1;
			if (!d->arg)
				q->max = INT64_MIN + 1;
		} else if (strcmp(k, "start") == 0) {
			has_start = true;
			if (defarg_int64(l, d->arg, &q->start) < 0)
				return -1;
		} else if (strcmp(k, "cache") == 0) {
			if (defarg_int64(l, d->arg, &q->cache) < 0)
				return -1;
		} else if (strcmp(k, "cycle") == 0) {
			q->cycle = defarg_bool(l, d->arg, true);
		} else if (strcmp(k, "owned_by") == 0) {
			PgQuery__List *lst = d->arg->list;
			if (lst->n_items == 1 && str_of(lst->items[0]) &&
			    strcmp(str_of(lst->items[0]), "none") == 0) {
				q->owned_by_table.schema = NULL;
				q->owned_by_table.name = NULL;
				q->owned_by_column = NULL;
				continue;
			}
			if (lst->n_items < 2)
				return fail(l, "invalid OWNED BY option");
			rt_qname tq = names_qname(l, lst->items,
						  lst->n_items - 1);
			rt_table *t = rt_schema_find_table(
				l->s, dflt_schema(tq.schema), tq.name);
			const char *col = str_of(lst->items[lst->n_items - 1]);
			if (!t)
				return fail(l, "relation '%s.%s' does not exist",
					    dflt_schema(tq.schema), tq.name);
			if (need_column(l, t, col, "") < 0)
				return -1;
			if (strcmp(t->schema, q->schema) != 0)
				return fail(l, "sequence must be in same "
					       "schema as table it is linked "
					       "to");
			q->owned_by_table.schema = t->schema;
			q->owned_by_table.name = t->name;
			q->owned_by_column = rt_arena_strdup(l->a, col);
		}
		/* restart, sequence_name, logged: no model state */
	}
	/* defaults (and NO MINVALUE / NO MAXVALUE, marked INT64_MIN + 1) */
	bool asc = q->increment > 0;
	if (create) {
		if (!has_min || q->min == INT64_MIN + 1)
			q->min = asc ? 1 : rt_load__type_min(q->type);
		if (!has_max || q->max == INT64_MIN + 1)
			q->max = asc ? rt_load__type_max(q->type) : -1;
		if (!has_start)
			q->start = asc ? q->min : q->max;
	} else {
		if (q->min == INT64_MIN + 1)
			q->min = asc ? 1 : rt_load__type_min(q->type);
		else if (!has_min && strcmp(old_type, q->type) != 0 &&
			 old_min == rt_load__type_min(old_type))
			q->min = rt_load__type_min(q->type);
		if (q->max == INT64_MIN + 1)
			q->max = asc ? rt_load__type_max(q->type) : -1;
		else if (!has_max && strcmp(old_type, q->type) != 0 &&
			 old_max == rt_load__type_max(old_type))
			q->max = rt_load__type_max(q->type);
	}
	if (q->min >= q->max)
		return fail(l, "MINVALUE (%lld) must be less than MAXVALUE "
			       "(%lld)",
			    (long long)q->min, (long long)q->max);
	if (q->start < q->min || q->start > q->max)
		return fail(l, "START value (%lld) is out of range",
			    (long long)q->start);
	if (q->cache < 1)
		return fail(l, "CACHE (%lld) must be greater than zero",
			    (long long)q->cache);
	return 0;
}

static int create_sequence(ld *l, PgQuery__CreateSeqStmt *st)
{
	rt_qname q = rv_qname(l, st->sequence);
	if (need_namespace(l, q.schema) < 0)
		return -1;
	if (rt_schema_relname_taken(l->s, q.schema, q.name)) {
		if (st->if_not_exists)
			return 0;
		return fail(l, "relation '%s.%s' already exists", q.schema,
			    q.name);
	}
	rt_sequence *seq = rt_load__sequence_new(l->s, q.schema, q.name, NULL);
	seq->src_line = src_line(l);
	return seq_options(l, seq, st->options, st->n_options, true);
}

static int alter_sequence(ld *l, PgQuery__AlterSeqStmt *st)
{
	rt_qname q = rv_qname(l, st->sequence);
	rt_sequence *seq = rt_schema_find_sequence(l->s, q.schema, q.name);
	if (!seq) {
		if (st->missing_ok)
			return 0;
		return fail(l, "relation '%s.%s' does not exist", q.schema,
			    q.name);
	}
	return seq_options(l, seq, st->options, st->n_options, false);
}

/* After a sequence got a new schema or name: defaults that call it. */
static void sequence_renamed(ld *l, const char *old_schema,
			     const char *old_name, rt_sequence *q)
{
	const char *old = rt_load__nextval_text(l->s, old_schema, old_name);
	const char *old2 = rt_arena_printf(
		l->scratch, "nextval('%s.%s'::regclass)", old_schema, old_name);
	for (size_t i = 0; i < l->s->tables.len; i++) {
		rt_table *t = l->s->tables.items[i];
		for (size_t j = 0; j < t->columns.len; j++) {
			rt_column *c = t->columns.items[j];
			if (!c->default_expr ||
			    (strcmp(c->default_expr->text, old) != 0 &&
			     strcmp(c->default_expr->text, old2) != 0))
				continue;
			rt_expr *e;
			if (make_expr(l, &e, rt_load__nextval_text(
						     l->s, q->schema, q->name)) <
			    0) {
				rt_error_clear(l->err);
				continue;
			}
			c->default_expr = e;
		}
	}
}

/* ---- enums, extensions, collations, schemas --------------------------- */

static int create_enum(ld *l, PgQuery__CreateEnumStmt *st)
{
	rt_qname q = names_qname(l, st->type_name, st->n_type_name);
	q.schema = dflt_schema(q.schema);
	if (need_namespace(l, q.schema) < 0)
		return -1;
	if (rt_schema_find_enum(l->s, q.schema, q.name))
		return fail(l, "type '%s.%s' already exists", q.schema, q.name);
	rt_enum *e = RT_NEW(l->a, rt_enum);
	e->schema = q.schema;
	e->name = q.name;
	e->src_line = src_line(l);
	for (size_t i = 0; i < st->n_vals; i++) {
		const char *v = str_of(st->vals[i]);
		if (rt_load__vec_has(&e->labels, v))
			return fail(l, "enum label '%s' used more than once",
				    v);
		rt_vec_push(&e->labels, l->a, rt_arena_strdup(l->a, v));
	}
	rt_vec_push(&l->s->enums, l->a, e);
	return 0;
}

static int alter_enum(ld *l, PgQuery__AlterEnumStmt *st)
{
	rt_qname q = names_qname(l, st->type_name, st->n_type_name);
	q.schema = dflt_schema(q.schema);
	rt_enum *e = rt_schema_find_enum(l->s, q.schema, q.name);
	if (!e)
		return fail(l, "type '%s.%s' does not exist", q.schema, q.name);
	if (!empty(st->old_val)) {
		for (size_t i = 0; i < e->labels.len; i++) {
			if (strcmp(e->labels.items[i], st->old_val) == 0) {
				if (rt_load__vec_has(&e->labels, st->new_val))
					return fail(l, "enum label '%s' "
						       "already exists",
						    st->new_val);
				e->labels.items[i] =
					rt_arena_strdup(l->a, st->new_val);
				return 0;
			}
		}
		return fail(l, "'%s' is not an existing enum label",
			    st->old_val);
	}
	if (rt_load__vec_has(&e->labels, st->new_val)) {
		if (st->skip_if_new_val_exists)
			return 0;
		return fail(l, "enum label '%s' already exists", st->new_val);
	}
	size_t at = e->labels.len;
	if (!empty(st->new_val_neighbor)) {
		size_t i;
		for (i = 0; i < e->labels.len; i++)
			if (strcmp(e->labels.items[i], st->new_val_neighbor) ==
			    0)
				break;
		if (i == e->labels.len)
			return fail(l, "'%s' is not an existing enum label",
				    st->new_val_neighbor);
		at = st->new_val_is_after ? i + 1 : i;
	}
	rt_vec_insert(&e->labels, l->a, at, rt_arena_strdup(l->a, st->new_val));
	return 0;
}

static int create_extension(ld *l, PgQuery__CreateExtensionStmt *st)
{
	if (rt_schema_find_extension(l->s, st->extname)) {
		if (st->if_not_exists)
			return 0;
		return fail(l, "extension '%s' already exists", st->extname);
	}
	rt_extension *x = RT_NEW(l->a, rt_extension);
	x->name = rt_arena_strdup(l->a, st->extname);
	x->schema = "public";
	x->src_line = src_line(l);
	for (size_t i = 0; i < st->n_options; i++) {
		PgQuery__DefElem *d = st->options[i]->def_elem;
		if (strcmp(d->defname, "schema") == 0)
			x->schema = rt_arena_strdup(l->a, defarg_str(l, d->arg));
		else if (strcmp(d->defname, "new_version") == 0)
			x->version =
				rt_arena_strdup(l->a, defarg_str(l, d->arg));
	}
	if (need_namespace(l, x->schema) < 0)
		return -1;
	rt_vec_push(&l->s->extensions, l->a, x);
	return 0;
}

static int alter_extension(ld *l, PgQuery__AlterExtensionStmt *st)
{
	rt_extension *x = rt_schema_find_extension(l->s, st->extname);
	if (!x)
		return fail(l, "extension '%s' does not exist", st->extname);
	for (size_t i = 0; i < st->n_options; i++) {
		PgQuery__DefElem *d = st->options[i]->def_elem;
		if (strcmp(d->defname, "new_version") == 0)
			x->version =
				rt_arena_strdup(l->a, defarg_str(l, d->arg));
	}
	return 0;
}

static int create_collation(ld *l, PgQuery__DefineStmt *st)
{
	rt_qname q = names_qname(l, st->defnames, st->n_defnames);
	q.schema = dflt_schema(q.schema);
	if (need_namespace(l, q.schema) < 0)
		return -1;
	if (rt_schema_find_collation(l->s, q.schema, q.name)) {
		if (st->if_not_exists)
			return 0;
		return fail(l, "collation '%s' already exists", q.name);
	}
	rt_collation *c = RT_NEW(l->a, rt_collation);
	const char *locale = NULL, *lc_collate = NULL, *lc_ctype = NULL;
	const char *provider = NULL;
	c->schema = q.schema;
	c->name = q.name;
	c->deterministic = true;
	c->src_line = src_line(l);
	for (size_t i = 0; i < st->n_definition; i++) {
		PgQuery__DefElem *d = st->definition[i]->def_elem;
		const char *k = d->defname;
		if (strcmp(k, "from") == 0) {
			rt_qname f = list_qname(l, d->arg);
			rt_collation *src = rt_schema_find_collation(
				l->s, dflt_schema(f.schema), f.name);
			if (src) {
				const char *schema = c->schema, *name = c->name;
				*c = *src;
				c->schema = schema;
				c->name = name;
				c->comment = NULL;
				c->src_line = src_line(l);
			} else if (strcmp(f.name, "C") == 0 ||
				   strcmp(f.name, "POSIX") == 0) {
				c->provider = 'c';
				c->lc_collate = c->lc_ctype =
					rt_arena_strdup(l->a, f.name);
			} else {
				return fail(l, "collation '%s' not known "
					       "statically",
					    f.name);
			}
			rt_vec_push(&l->s->collations, l->a, c);
			return 0;
		}
		const char *v = defarg_str(l, d->arg);
		if (strcmp(k, "provider") == 0)
			provider = v;
		else if (strcmp(k, "locale") == 0)
			locale = v;
		else if (strcmp(k, "lc_collate") == 0)
			lc_collate = v;
		else if (strcmp(k, "lc_ctype") == 0)
			lc_ctype = v;
		else if (strcmp(k, "deterministic") == 0)
			c->deterministic = defarg_bool(l, d->arg, true);
	}
	if (provider && strcmp(provider, "icu") == 0) {
		c->provider = 'i';
		c->lc_collate = c->lc_ctype = rt_arena_strdup(l->a, locale);
	} else {
		c->provider = 'c';
		c->lc_collate = rt_arena_strdup(l->a, lc_collate ? lc_collate
								 : locale);
		c->lc_ctype = rt_arena_strdup(l->a, lc_ctype ? lc_ctype
							     : locale);
	}
	if (!c->lc_collate && !c->lc_ctype)
		return fail(l, "parameter 'locale' must be specified");
	rt_vec_push(&l->s->collations, l->a, c);
	return 0;
}

static rt_namespace *add_namespace(ld *l, const char *name)
{
	rt_namespace *n = RT_NEW(l->a, rt_namespace);
	n->name = rt_arena_strdup(l->a, name);
	n->src_line = src_line(l);
	rt_vec_push(&l->s->namespaces, l->a, n);
	return n;
}

static int create_schema(ld *l, PgQuery__CreateSchemaStmt *st)
{
	if (rt_schema_find_namespace(l->s, st->schemaname)) {
		if (st->if_not_exists)
			return 0;
		return fail(l, "schema '%s' already exists", st->schemaname);
	}
	add_namespace(l, st->schemaname);
	if (st->n_schema_elts)
		unmanaged(l, rt_arena_printf(l->scratch,
					     "statement CREATE SCHEMA %s ...",
					     st->schemaname));
	return 0;
}

/* ---- DROP ------------------------------------------------------------- */

/* Drops t; CASCADE also drops inheriting children and foreign keys that
 * point at it. Partitions always go with their parent. */
static int drop_table(ld *l, rt_table *t, bool cascade)
{
	rt_vec kids = {0}, fks = {0};
	rt_load__children(l->s, t, &kids);
	for (size_t i = 0; i < kids.len; i++) {
		rt_table *k = kids.items[i];
		if (k->partition_of.name || cascade) {
			if (drop_table(l, k, cascade) < 0)
				return -1;
			continue;
		}
		/* a child that inherits from other parents too keeps going */
		return fail(l, "cannot drop table '%s.%s' because other objects "
			       "depend on it",
			    t->schema, t->name);
	}
	rt_load__referencing_fks(l->s, t, NULL, &fks);
	for (size_t i = 0; i < fks.len; i++) {
		rt_constraint *c = fks.items[i];
		if (c->table == t)
			continue;
		if (!cascade)
			return fail(l, "cannot drop table '%s.%s' because "
				       "other objects depend on it",
				    t->schema, t->name);
		rt_load__drop_constraint(c);
	}
	rt_load__drop_table(l->s, t);
	return 0;
}

/* The constraint that owns index name in schema, if any. */
static rt_constraint *index_constraint(ld *l, const char *schema,
				       const char *name)
{
	for (size_t i = 0; i < l->s->tables.len; i++) {
		rt_table *t = l->s->tables.items[i];
		if (strcmp(t->schema, schema) != 0)
			continue;
		rt_constraint *c = rt_table_find_constraint(t, name);
		if (c && (c->type == RT_CON_PRIMARY || c->type == RT_CON_UNIQUE ||
			  c->type == RT_CON_EXCLUDE))
			return c;
	}
	return NULL;
}

static const char *objtype_word(PgQuery__ObjectType o)
{
	switch (o) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
		return "view";
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
		return "materialized view";
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
		return "function";
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
		return "procedure";
	case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE:
		return "aggregate";
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
		return "domain";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
		return "type";
	case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
		return "foreign table";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
		return "trigger";
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
		return "policy";
	case PG_QUERY__OBJECT_TYPE__OBJECT_RULE:
		return "rule";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
		return "table";
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		return "sequence";
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
		return "schema";
	case PG_QUERY__OBJECT_TYPE__OBJECT_EVENT_TRIGGER:
		return "event trigger";
	case PG_QUERY__OBJECT_TYPE__OBJECT_PUBLICATION:
		return "publication";
	default:
		return "object";
	}
}

/* "(integer, text[])" for a list of TypeName nodes */
static const char *args_text(ld *l, Node **args, size_t n)
{
	rt_buf b = RT_BUF_INIT;
	rt_buf_addch(&b, '(');
	for (size_t i = 0; i < n; i++) {
		if (i)
			rt_buf_adds(&b, ", ");
		if (args[i]->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
			rt_buf_adds(&b, type_text(l, args[i]->type_name));
	}
	rt_buf_addch(&b, ')');
	return rt_buf_detach_arena(&b, l->scratch);
}

static int drop_one(ld *l, PgQuery__DropStmt *st, Node *obj)
{
	bool cascade = st->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
	PgQuery__ObjectType o = st->remove_type;
	switch (o) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: {
		rt_qname q = list_qname(l, obj);
		const char *schema = dflt_schema(q.schema);
		if (o == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
			rt_table *t = rt_schema_find_table(l->s, schema, q.name);
			if (t)
				return drop_table(l, t, cascade);
		} else if (o == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX) {
			rt_index *ix = rt_schema_find_index(l->s, schema, q.name);
			if (ix) {
				rt_load__vec_drop(&l->s->indexes, ix);
				return 0;
			}
			if (index_constraint(l, schema, q.name))
				return fail(l, "cannot drop index '%s.%s' "
					       "because constraint '%s' "
					       "requires it",
					    schema, q.name, q.name);
		} else {
			rt_sequence *seq =
				rt_schema_find_sequence(l->s, schema, q.name);
			if (seq) {
				rt_load__vec_drop(&l->s->sequences, seq);
				return 0;
			}
		}
		if (st->missing_ok)
			return 0;
		return fail(l, "relation '%s.%s' does not exist", schema,
			    q.name);
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
		PgQuery__TypeName *tn = obj->type_name;
		rt_qname q = names_qname(l, tn->names, tn->n_names);
		const char *schema = dflt_schema(q.schema);
		rt_enum *e = rt_schema_find_enum(l->s, schema, q.name);
		if (e) {
			rt_load__vec_drop(&l->s->enums, e);
			return 0;
		}
		const char *what = rt_arena_printf(l->scratch, "%s %s.%s",
						   objtype_word(o), schema,
						   q.name);
		size_t before = l->s->unmanaged.len;
		unmanaged_drop(l, what, false);
		if (before != l->s->unmanaged.len || st->missing_ok)
			return 0;
		return fail(l, "type '%s.%s' does not exist", schema, q.name);
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
		const char *name = str_of(obj);
		rt_namespace *n = rt_schema_find_namespace(l->s, name);
		if (!n) {
			if (st->missing_ok)
				return 0;
			return fail(l, "schema '%s' does not exist", name);
		}
		for (size_t i = 0; i < l->s->tables.len;) {
			rt_table *t = l->s->tables.items[i];
			if (strcmp(t->schema, name) != 0) {
				i++;
				continue;
			}
			if (!cascade)
				return fail(l, "cannot drop schema '%s' because "
					       "other objects depend on it",
					    name);
			if (drop_table(l, t, true) < 0)
				return -1;
			i = 0;
		}
		rt_vec *lists[] = {&l->s->enums, &l->s->sequences,
				   &l->s->collations};
		for (size_t k = 0; k < RT_ARRAY_LEN(lists); k++) {
			for (size_t i = 0; i < lists[k]->len;) {
				/* enums, sequences and collations all begin
				 * with schema, name */
				const char *const *sn = lists[k]->items[i];
				if (strcmp(sn[0], name) == 0) {
					if (!cascade)
						return fail(l, "cannot drop "
							       "schema '%s' "
							       "because other "
							       "objects depend "
							       "on it",
							    name);
					rt_vec_remove(lists[k], i);
				} else {
					i++;
				}
			}
		}
		rt_load__vec_drop(&l->s->namespaces, n);
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: {
		rt_extension *x = rt_schema_find_extension(l->s, str_of(obj));
		if (x) {
			rt_load__vec_drop(&l->s->extensions, x);
			return 0;
		}
		if (st->missing_ok)
			return 0;
		return fail(l, "extension '%s' does not exist", str_of(obj));
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION: {
		rt_qname q = list_qname(l, obj);
		rt_collation *c = rt_schema_find_collation(
			l->s, dflt_schema(q.schema), q.name);
		if (c) {
			rt_load__vec_drop(&l->s->collations, c);
			return 0;
		}
		if (st->missing_ok)
			return 0;
		return fail(l, "collation '%s' does not exist", q.name);
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: {
		PgQuery__ObjectWithArgs *f = obj->object_with_args;
		rt_qname q = names_qname(l, f->objname, f->n_objname);
		const char *base = rt_arena_printf(
			l->scratch, "%s %s.%s",
			o == PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE
				? "function"
				: objtype_word(o),
			dflt_schema(q.schema), q.name);
		if (f->args_unspecified)
			unmanaged_drop(l, rt_arena_printf(l->scratch, "%s(",
							  base),
				       true);
		else
			unmanaged_drop(l, rt_arena_printf(
						  l->scratch, "%s%s", base,
						  args_text(l, f->objargs,
							    f->n_objargs)),
				       false);
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
	case PG_QUERY__OBJECT_TYPE__OBJECT_RULE: {
		PgQuery__List *lst = obj->list;
		if (lst->n_items < 2)
			return 0;
		rt_qname t = names_qname(l, lst->items, lst->n_items - 1);
		unmanaged_drop(l,
			       rt_arena_printf(l->scratch, "%s %s on %s.%s",
					       objtype_word(o),
					       str_of(lst->items[lst->n_items -
								 1]),
					       dflt_schema(t.schema), t.name),
			       false);
		return 0;
	}
	default: {
		rt_qname q = list_qname(l, obj);
		if (q.name)
			unmanaged_drop(l,
				       rt_arena_printf(l->scratch, "%s %s%s%s",
						       objtype_word(o),
						       q.schema ? q.schema : "",
						       q.schema ? "." : "",
						       q.name),
				       false);
		if (q.name && !q.schema)
			unmanaged_drop(l,
				       rt_arena_printf(l->scratch, "%s public.%s",
						       objtype_word(o), q.name),
				       false);
		return 0;
	}
	}
}

static int drop_stmt(ld *l, PgQuery__DropStmt *st)
{
	for (size_t i = 0; i < st->n_objects; i++)
		if (drop_one(l, st, st->objects[i]) < 0)
			return -1;
	return 0;
}

/* ---- COMMENT ---------------------------------------------------------- */

static int comment_stmt(ld *l, PgQuery__CommentStmt *st)
{
	const char *text = nz(st->comment)
				   ? rt_arena_strdup(l->a, st->comment)
				   : NULL;
	Node *obj = st->object;
	switch (st->objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
		rt_namespace *n = rt_schema_find_namespace(l->s, str_of(obj));
		if (!n)
			return fail(l, "schema '%s' does not exist",
				    str_of(obj));
		n->comment = text;
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION:
		if (!rt_schema_find_extension(l->s, str_of(obj)))
			return fail(l, "extension '%s' does not exist",
				    str_of(obj));
		return 0; /* the model keeps no extension comment */
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: {
		rt_qname q = list_qname(l, obj);
		const char *schema = dflt_schema(q.schema);
		if (st->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
			rt_table *t = rt_schema_find_table(l->s, schema, q.name);
			if (t) {
				t->comment = text;
				return 0;
			}
		} else if (st->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX) {
			rt_index *ix = rt_schema_find_index(l->s, schema, q.name);
			if (ix) {
				ix->comment = text;
				return 0;
			}
			if (index_constraint(l, schema, q.name))
				return 0; /* the constraint's index */
		} else {
			rt_sequence *seq =
				rt_schema_find_sequence(l->s, schema, q.name);
			if (seq) {
				seq->comment = text;
				return 0;
			}
		}
		return fail(l, "relation '%s.%s' does not exist", schema,
			    q.name);
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
		PgQuery__List *lst = obj->list;
		if (lst->n_items < 2)
			return fail(l, "column name must be qualified");
		rt_qname q = names_qname(l, lst->items, lst->n_items - 1);
		const char *schema = dflt_schema(q.schema);
		const char *cn = str_of(lst->items[lst->n_items - 1]);
		rt_table *t = rt_schema_find_table(l->s, schema, q.name);
		if (!t) {
			unmanaged(l, rt_arena_printf(l->scratch,
						     "comment on column %s.%s.%s",
						     schema, q.name, cn));
			return 0;
		}
		rt_column *c = rt_table_find_column(t, cn);
		if (!c)
			return fail(l, "column '%s' of relation '%s' does not "
				       "exist",
				    cn, t->name);
		c->comment = text;
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT: {
		PgQuery__List *lst = obj->list;
		rt_qname q = names_qname(l, lst->items, lst->n_items - 1);
		const char *schema = dflt_schema(q.schema);
		const char *cn = str_of(lst->items[lst->n_items - 1]);
		rt_table *t = rt_schema_find_table(l->s, schema, q.name);
		if (!t)
			return fail(l, "relation '%s.%s' does not exist", schema,
				    q.name);
		rt_constraint *c = rt_table_find_constraint(t, cn);
		if (!c)
			return fail(l, "constraint '%s' for table '%s' does "
				       "not exist",
				    cn, t->name);
		c->comment = text;
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: {
		PgQuery__TypeName *tn = obj->type_name;
		rt_qname q = names_qname(l, tn->names, tn->n_names);
		rt_enum *e = rt_schema_find_enum(l->s, dflt_schema(q.schema),
						 q.name);
		if (e) {
			e->comment = text;
			return 0;
		}
		break;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION: {
		rt_qname q = list_qname(l, obj);
		rt_collation *c = rt_schema_find_collation(
			l->s, dflt_schema(q.schema), q.name);
		if (c) {
			c->comment = text;
			return 0;
		}
		break;
	}
	default:
		break;
	}
	unmanaged(l, rt_arena_printf(l->scratch, "comment on %s",
				     objtype_word(st->objtype)));
	return 0;
}

/* ---- renames and SET SCHEMA ------------------------------------------- */

/* Re-deparses every expression and index of t after a column rename. */
static void rename_column_refs(ld *l, rt_table *t, const char *old,
			       const char *new_name)
{
	renamer r = {old, new_name, NULL, NULL, NULL, NULL};
	for (size_t i = 0; i < t->constraints.len; i++) {
		rt_constraint *c = t->constraints.items[i];
		if (c->type == RT_CON_CHECK)
			rename_expr(l, c->expr, &r, false, rt_canon_expr);
	}
	for (size_t i = 0; i < t->columns.len; i++) {
		rt_column *c = t->columns.items[i];
		rename_expr(l, c->generated, &r, false, rt_canon_expr);
	}
	for (size_t i = 0; i < l->s->indexes.len; i++) {
		rt_index *ix = l->s->indexes.items[i];
		if (strcmp(ix->table.name, t->name) == 0 &&
		    strcmp(ix->table.schema, t->schema) == 0)
			index_redef(l, ix, &r);
	}
	rt_load__column_renamed(l->s, t, old, new_name);
}

static int rename_column(ld *l, rt_table *t, const char *old,
			 const char *new_name, bool recurse)
{
	rt_column *c = rt_table_find_column(t, old);
	if (!c)
		return fail(l, "column '%s' does not exist", old);
	if (rt_table_find_column(t, new_name))
		return fail(l, "column '%s' of relation '%s' already exists",
			    new_name, t->name);
	c->name = rt_arena_strdup(l->a, new_name);
	rename_column_refs(l, t, old, c->name);
	if (recurse) {
		rt_vec kids = {0};
		rt_load__children(l->s, t, &kids);
		for (size_t i = 0; i < kids.len; i++)
			if (rename_column(l, kids.items[i], old, new_name,
					  true) < 0)
				return -1;
	}
	return 0;
}

/* Gives table t a new schema and/or name and fixes what refers to it. */
static void move_table(ld *l, rt_table *t, const char *schema,
		       const char *name)
{
	const char *old_schema = t->schema, *old_name = t->name;
	t->schema = rt_arena_strdup(l->a, schema);
	t->name = rt_arena_strdup(l->a, name);
	rt_load__table_renamed(l->s, old_schema, old_name, t);
	for (size_t i = 0; i < l->s->indexes.len; i++) {
		rt_index *ix = l->s->indexes.items[i];
		if (ix->table.name == t->name)
			index_redef(l, ix, NULL);
	}
	if (strcmp(old_schema, schema) != 0) {
		/* owned sequences follow their table */
		for (size_t i = 0; i < l->s->sequences.len; i++) {
			rt_sequence *q = l->s->sequences.items[i];
			if (q->owned_by_table.name != t->name)
				continue;
			const char *os = q->schema;
			q->schema = t->schema;
			sequence_renamed(l, os, q->name, q);
		}
	}
}

static int rename_relation(ld *l, PgQuery__RenameStmt *st)
{
	rt_qname q = rv_qname(l, st->relation);
	const char *nn = rt_arena_strdup(l->a, st->newname);
	rt_table *t = rt_schema_find_table(l->s, q.schema, q.name);
	rt_index *ix = rt_schema_find_index(l->s, q.schema, q.name);
	rt_sequence *seq = rt_schema_find_sequence(l->s, q.schema, q.name);
	rt_constraint *ic = index_constraint(l, q.schema, q.name);
	if (!t && !ix && !seq && !ic) {
		if (st->missing_ok)
			return 0;
		if (st->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE &&
		    st->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_INDEX &&
		    st->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE) {
			unmanaged(l, rt_arena_printf(l->scratch, "%s %s.%s",
						     objtype_word(
							     st->rename_type),
						     q.schema, nn));
			return 0;
		}
		return fail(l, "relation '%s.%s' does not exist", q.schema,
			    q.name);
	}
	if (rt_schema_relname_taken(l->s, q.schema, nn))
		return fail(l, "relation '%s.%s' already exists", q.schema, nn);
	if (t) {
		move_table(l, t, t->schema, nn);
	} else if (ix) {
		ix->name = nn;
		index_redef(l, ix, NULL);
	} else if (seq) {
		const char *old = seq->name;
		seq->name = nn;
		sequence_renamed(l, seq->schema, old, seq);
	} else {
		ic->name = nn; /* renaming the index renames its constraint */
	}
	return 0;
}

static int rename_stmt(ld *l, PgQuery__RenameStmt *st)
{
	switch (st->rename_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
		return rename_relation(l, st);
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
		rt_table *t;
		if (lookup_table(l, &t, st->relation, st->missing_ok) < 0)
			return -1;
		if (!t) {
			if (!st->missing_ok)
				unmanaged(l, "statement ALTER ... RENAME "
					     "COLUMN");
			return 0;
		}
		return rename_column(l, t, st->subname, st->newname,
				     st->relation->inh);
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT: {
		rt_table *t;
		if (lookup_table(l, &t, st->relation, st->missing_ok) < 0)
			return -1;
		if (!t)
			return 0;
		rt_constraint *c = rt_table_find_constraint(t, st->subname);
		if (!c)
			return fail(l, "constraint '%s' for table '%s' does "
				       "not exist",
				    st->subname, t->name);
		if (rt_table_find_constraint(t, st->newname))
			return fail(l, "constraint '%s' for relation '%s' "
				       "already exists",
				    st->newname, t->name);
		const char *old = c->name;
		c->name = rt_arena_strdup(l->a, st->newname);
		if (c->type == RT_CON_CHECK) {
			rt_vec kids = {0};
			rt_load__children(l->s, t, &kids);
			for (size_t i = 0; i < kids.len; i++) {
				rt_table *k = kids.items[i];
				rt_constraint *kc =
					rt_table_find_constraint(k, old);
				if (kc && !kc->is_local)
					kc->name = c->name;
			}
		}
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
		rt_namespace *n = rt_schema_find_namespace(l->s, st->subname);
		if (!n)
			return fail(l, "schema '%s' does not exist",
				    st->subname);
		if (rt_schema_find_namespace(l->s, st->newname))
			return fail(l, "schema '%s' already exists",
				    st->newname);
		const char *old = n->name;
		const char *nn = rt_arena_strdup(l->a, st->newname);
		n->name = nn;
		for (size_t i = 0; i < l->s->tables.len; i++) {
			rt_table *t = l->s->tables.items[i];
			for (size_t j = 0; j < t->columns.len; j++) {
				rt_column *c = t->columns.items[j];
				if (c->type.schema &&
				    strcmp(c->type.schema, old) == 0)
					c->type.schema = nn;
				if (c->collation.schema &&
				    strcmp(c->collation.schema, old) == 0)
					c->collation.schema = nn;
			}
			if (strcmp(t->schema, old) == 0)
				move_table(l, t, nn, t->name);
		}
		rt_vec *lists[] = {&l->s->enums, &l->s->sequences,
				   &l->s->collations};
		for (size_t k = 0; k < RT_ARRAY_LEN(lists); k++)
			for (size_t i = 0; i < lists[k]->len; i++) {
				const char **sn = lists[k]->items[i];
				if (strcmp(sn[0], old) == 0)
					sn[0] = nn;
			}
		for (size_t i = 0; i < l->s->extensions.len; i++) {
			rt_extension *x = l->s->extensions.items[i];
			if (strcmp(x->schema, old) == 0)
				x->schema = nn;
		}
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: {
		rt_qname q = list_qname(l, st->object);
		rt_enum *e = rt_schema_find_enum(l->s, dflt_schema(q.schema),
						 q.name);
		if (!e) {
			unmanaged(l, rt_arena_printf(l->scratch, "type %s.%s",
						     dflt_schema(q.schema),
						     st->newname));
			return 0;
		}
		const char *old = e->name;
		e->name = rt_arena_strdup(l->a, st->newname);
		for (size_t i = 0; i < l->s->tables.len; i++) {
			rt_table *t = l->s->tables.items[i];
			for (size_t j = 0; j < t->columns.len; j++) {
				rt_column *c = t->columns.items[j];
				if (!c->type.schema ||
				    strcmp(c->type.schema, e->schema) != 0)
					continue;
				if (strcmp(c->type.name, old) == 0)
					c->type.name = e->name;
				else if (strncmp(c->type.name, old,
						 strlen(old)) == 0 &&
					 strcmp(c->type.name + strlen(old),
						"[]") == 0)
					c->type.name = rt_arena_printf(
						l->a, "%s[]", e->name);
			}
		}
		return 0;
	}
	default:
		unmanaged(l, rt_arena_printf(l->scratch, "statement ALTER %s "
							 "RENAME",
					     objtype_word(st->rename_type)));
		return 0;
	}
}

static int set_schema(ld *l, PgQuery__AlterObjectSchemaStmt *st)
{
	const char *ns = rt_arena_strdup(l->a, st->newschema);
	if (need_namespace(l, ns) < 0)
		return -1;
	switch (st->object_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: {
		rt_table *t;
		if (lookup_table(l, &t, st->relation, st->missing_ok) < 0)
			return -1;
		if (!t)
			return 0;
		if (rt_schema_relname_taken(l->s, ns, t->name))
			return fail(l, "relation '%s' already exists in schema "
				       "'%s'",
				    t->name, ns);
		move_table(l, t, ns, t->name);
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: {
		rt_qname q = rv_qname(l, st->relation);
		rt_sequence *seq = rt_schema_find_sequence(l->s, q.schema,
							   q.name);
		if (!seq)
			return st->missing_ok ? 0
					      : fail(l, "relation '%s.%s' does "
							"not exist",
						     q.schema, q.name);
		const char *os = seq->schema;
		seq->schema = ns;
		sequence_renamed(l, os, seq->name, seq);
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: {
		rt_qname q = list_qname(l, st->object);
		rt_enum *e = rt_schema_find_enum(l->s, dflt_schema(q.schema),
						 q.name);
		if (!e)
			break;
		const char *old = e->schema;
		e->schema = ns;
		for (size_t i = 0; i < l->s->tables.len; i++) {
			rt_table *t = l->s->tables.items[i];
			for (size_t j = 0; j < t->columns.len; j++) {
				rt_column *c = t->columns.items[j];
				if (c->type.schema &&
				    strcmp(c->type.schema, old) == 0 &&
				    (strcmp(c->type.name, e->name) == 0 ||
				     (strncmp(c->type.name, e->name,
					      strlen(e->name)) == 0 &&
				      strcmp(c->type.name + strlen(e->name),
					     "[]") == 0)))
					c->type.schema = ns;
			}
		}
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: {
		rt_extension *x = rt_schema_find_extension(l->s,
							   str_of(st->object));
		if (!x)
			return fail(l, "extension '%s' does not exist",
				    str_of(st->object));
		x->schema = ns;
		return 0;
	}
	default:
		break;
	}
	unmanaged(l, rt_arena_printf(l->scratch, "statement ALTER %s SET "
						 "SCHEMA",
				     objtype_word(st->object_type)));
	return 0;
}

/* ---- ALTER TABLE ------------------------------------------------------ */

static bool constraint_uses(ld *l, const rt_constraint *c, const char *col)
{
	if (rt_load__vec_has(&c->columns, col) ||
	    rt_load__vec_has(&c->include, col))
		return true;
	if (c->type == RT_CON_CHECK && c->expr)
		return text_uses_column(l, c->expr->text, false, col);
	if (c->type == RT_CON_EXCLUDE && c->expr)
		return text_uses_column(
			l,
			rt_arena_printf(l->scratch,
					"ALTER TABLE t ADD CONSTRAINT c %s",
					c->expr->text),
			true, col);
	return false;
}

static int drop_column(ld *l, rt_table *t, const char *name, bool recurse,
		       bool cascade, bool top)
{
	rt_column *col = rt_table_find_column(t, name);
	rt_vec fks = {0}, kids = {0};
	if (!col)
		return fail(l, "column '%s' of relation '%s' does not exist",
			    name, t->name);
	if (top && col->inhcount > 0)
		return fail(l, "cannot drop inherited column '%s'", name);
	for (size_t i = 0; i < t->constraints.len;) {
		rt_constraint *c = t->constraints.items[i];
		if (constraint_uses(l, c, name))
			rt_vec_remove(&t->constraints, i);
		else
			i++;
	}
	rt_load__referencing_fks(l->s, t, name, &fks);
	for (size_t i = 0; i < fks.len; i++) {
		rt_constraint *c = fks.items[i];
		if (!cascade && c->table != t)
			return fail(l, "cannot drop column '%s' of table '%s' "
				       "because other objects depend on it",
				    name, t->name);
		rt_load__drop_constraint(c);
	}
	for (size_t i = 0; i < l->s->indexes.len;) {
		rt_index *ix = l->s->indexes.items[i];
		if (ix->table.name == t->name &&
		    strcmp(ix->table.schema, t->schema) == 0 &&
		    text_uses_column(l, ix->def->text, true, name))
			rt_vec_remove(&l->s->indexes, i);
		else
			i++;
	}
	rt_load__drop_owned_sequences(l->s, t, name);
	rt_load__vec_drop(&t->columns, col);
	rt_load__children(l->s, t, &kids);
	for (size_t i = 0; i < kids.len; i++) {
		rt_table *k = kids.items[i];
		rt_column *kc = rt_table_find_column(k, name);
		if (!kc)
			continue;
		if (kc->inhcount > 0)
			kc->inhcount--;
		if (!recurse) {
			kc->is_local = true;
		} else if (kc->inhcount == 0 && !kc->is_local) {
			if (drop_column(l, k, name, true, cascade, false) < 0)
				return -1;
		}
	}
	return 0;
}

/* Applies fn to column name of t and, when recurse, of its descendants. */
typedef int (*colfn)(ld *l, rt_column *c, void *arg);

static int each_column(ld *l, rt_table *t, const char *name, bool recurse,
		       colfn fn, void *arg)
{
	rt_column *c = rt_table_find_column(t, name);
	if (!c)
		return fail(l, "column '%s' of relation '%s' does not exist",
			    name, t->name);
	if (fn(l, c, arg) < 0)
		return -1;
	if (recurse) {
		rt_vec kids = {0};
		rt_load__children(l->s, t, &kids);
		for (size_t i = 0; i < kids.len; i++)
			if (rt_table_find_column(kids.items[i], name) &&
			    each_column(l, kids.items[i], name, true, fn, arg) <
				    0)
				return -1;
	}
	return 0;
}

static int col_set_type(ld *l, rt_column *c, void *arg)
{
	PgQuery__ColumnDef *cd = arg;
	rt_type ty;
	if (resolve_type(l, cd->type_name, &ty, NULL) < 0)
		return -1;
	c->type = ty;
	c->collation.schema = NULL;
	c->collation.name = NULL;
	if (cd->coll_clause)
		c->collation = resolve_collation(l, cd->coll_clause->collname,
						 cd->coll_clause->n_collname);
	return 0;
}

static int col_set_default(ld *l, rt_column *c, void *arg)
{
	Node *e = arg;
	if (!e) {
		c->default_expr = NULL;
		return 0;
	}
	if (c->generated)
		return fail(l, "column '%s' is a generated column", c->name);
	return node_expr(l, &c->default_expr, e);
}

static int col_not_null(ld *l, rt_column *c, void *arg)
{
	(void)l;
	c->not_null = arg != NULL;
	return 0;
}

static int col_drop_expr(ld *l, rt_column *c, void *arg)
{
	(void)l;
	(void)arg;
	c->generated = NULL;
	return 0;
}

static int add_column(ld *l, rt_table *t, PgQuery__AlterTableCmd *cmd,
		      bool recurse)
{
	PgQuery__ColumnDef *cd = cmd->def->column_def;
	rt_vec pend = {0};
	if (rt_table_find_column(t, cd->colname)) {
		if (cmd->missing_ok)
			return 0;
		return fail(l, "column '%s' of relation '%s' already exists",
			    cd->colname, t->name);
	}
	if (!recurse) {
		rt_vec kids = {0};
		rt_load__children(l->s, t, &kids);
		if (kids.len)
			return fail(l, "column must be added to child tables "
				       "too");
	}
	rt_column *col = rt_load__column_new(l->s, t, cd->colname);
	col->src_line = src_line(l);
	if (column_apply(l, t, col, cd, &pend) < 0)
		return -1;
	if (recurse || t->kind == RT_REL_PARTITIONED)
		column_to_children(l, t, col);
	return apply_pending(l, t, &pend);
}

static int drop_constraint(ld *l, rt_table *t, PgQuery__AlterTableCmd *cmd)
{
	bool cascade = cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
	rt_constraint *c = rt_table_find_constraint(t, cmd->name);
	if (!c) {
		if (cmd->missing_ok)
			return 0;
		return fail(l, "constraint '%s' of relation '%s' does not exist",
			    cmd->name, t->name);
	}
	if (!c->is_local)
		return fail(l, "cannot drop inherited constraint '%s' of "
			       "relation '%s'",
			    cmd->name, t->name);
	if (c->type == RT_CON_PRIMARY || c->type == RT_CON_UNIQUE) {
		rt_vec fks = {0};
		rt_load__referencing_fks(l->s, t, NULL, &fks);
		for (size_t i = 0; i < fks.len; i++) {
			rt_constraint *f = fks.items[i];
			bool same = f->ref_columns.len == c->columns.len;
			for (size_t j = 0; same && j < c->columns.len; j++)
				same = rt_load__vec_has(&f->ref_columns,
							c->columns.items[j]);
			if (!same)
				continue;
			if (!cascade)
				return fail(l, "cannot drop constraint '%s' on "
					       "table '%s' because other "
					       "objects depend on it",
					    c->name, t->name);
			rt_load__drop_constraint(f);
		}
	}
	rt_load__drop_constraint(c);
	if (c->type == RT_CON_CHECK) {
		rt_vec kids = {0};
		rt_load__children(l->s, t, &kids);
		for (size_t i = 0; i < kids.len; i++) {
			rt_constraint *kc =
				rt_table_find_constraint(kids.items[i], c->name);
			if (kc && !kc->is_local)
				rt_load__drop_constraint(kc);
		}
	}
	return 0;
}

/* The parent p of t went away (DETACH / NO INHERIT). */
static void unlink_parent(rt_table *t, rt_table *p)
{
	for (size_t i = 0; i < p->columns.len; i++) {
		rt_column *pc = p->columns.items[i];
		rt_column *c = rt_table_find_column(t, pc->name);
		if (c && c->inhcount > 0 && --c->inhcount == 0)
			c->is_local = true;
	}
	for (size_t i = 0; i < p->constraints.len; i++) {
		rt_constraint *pc = p->constraints.items[i];
		rt_constraint *c = rt_table_find_constraint(t, pc->name);
		if (pc->type == RT_CON_CHECK && c)
			c->is_local = true;
	}
}

/* t becomes a child of p (INHERIT / ATTACH PARTITION). */
static int link_parent(ld *l, rt_table *t, rt_table *p, bool partition)
{
	for (size_t i = 0; i < p->columns.len; i++) {
		rt_column *pc = p->columns.items[i];
		rt_column *c = rt_table_find_column(t, pc->name);
		if (!c)
			return fail(l, "child table is missing column '%s'",
				    pc->name);
		c->inhcount++;
		if (partition)
			c->is_local = false;
	}
	for (size_t i = 0; i < p->constraints.len; i++) {
		rt_constraint *pc = p->constraints.items[i];
		if (pc->type != RT_CON_CHECK || pc->no_inherit)
			continue;
		rt_constraint *c = rt_table_find_constraint(t, pc->name);
		if (!c || c->type != RT_CON_CHECK)
			return fail(l, "child table is missing constraint '%s'",
				    pc->name);
		if (partition)
			c->is_local = false;
	}
	return 0;
}

/* A detached partition k keeps, as its own, the keys, foreign keys and
 * indexes its parent p had cloned onto it. */
static int detach_clones(ld *l, rt_table *k, rt_table *p)
{
	for (size_t i = 0; i < p->constraints.len; i++) {
		rt_constraint *c = p->constraints.items[i];
		const char *cols[64];
		size_t n = 0;
		if (c->type != RT_CON_PRIMARY && c->type != RT_CON_UNIQUE &&
		    c->type != RT_CON_FOREIGN)
			continue;
		rt_constraint *nc = rt_load__constraint_inherit(l->s, k, c);
		nc->is_local = true;
		if (c->type == RT_CON_FOREIGN)
			continue; /* clones keep the parent's name */
		for (size_t j = 0; j < c->columns.len && n < 64; j++)
			cols[n++] = c->columns.items[j];
		for (size_t j = 0; j < c->include.len && n < 64; j++)
			cols[n++] = c->include.items[j];
		index_colnames(l, cols, n);
		nc->name = rt_schema_default_name(
			l->s, k->schema, k->name, cols,
			c->type == RT_CON_PRIMARY ? 0 : n,
			c->type == RT_CON_PRIMARY ? "pkey" : "key");
	}
	size_t nix = l->s->indexes.len;
	for (size_t i = 0; i < nix; i++) {
		rt_index *ix = l->s->indexes.items[i];
		if (ix->table.name != p->name ||
		    strcmp(ix->table.schema, p->schema) != 0)
			continue;
		PgQuery__ParseResult *tree = reparse(l, ix->def->text);
		if (!tree || tree->stmts[0]->stmt->node_case !=
				     PG_QUERY__NODE__NODE_INDEX_STMT)
			continue;
		PgQuery__IndexStmt *is = tree->stmts[0]->stmt->index_stmt;
		const char *cols[64];
		size_t n = 0;
		for (size_t j = 0; j < is->n_index_params && n < 64; j++)
			cols[n++] = index_elem_name(
				is->index_params[j]->index_elem);
		for (size_t j = 0; j < is->n_index_including_params && n < 64;
		     j++)
			cols[n++] = index_elem_name(
				is->index_including_params[j]->index_elem);
		index_colnames(l, cols, n);
		rt_index *c = RT_NEW(l->a, rt_index);
		*c = *ix;
		c->comment = NULL;
		c->name = rt_schema_default_name(l->s, k->schema, k->name, cols,
						 n, "idx");
		c->schema = k->schema;
		c->table.schema = k->schema;
		c->table.name = k->name;
		c->def = RT_NEW(l->a, rt_expr);
		*c->def = *ix->def;
		index_redef(l, c, NULL);
		rt_vec_push(&l->s->indexes, l->a, c);
	}
	return 0;
}

static int alter_cmd(ld *l, rt_table *t, PgQuery__AlterTableCmd *cmd,
		     bool recurse)
{
	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse:
		return add_column(l, t, cmd, recurse);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumnRecurse:
		if (!rt_table_find_column(t, cmd->name) && cmd->missing_ok)
			return 0;
		return drop_column(l, t, cmd->name, recurse,
				   cmd->behavior ==
					   PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE,
				   true);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
		return each_column(l, t, cmd->name, recurse, col_set_type,
				   cmd->def->column_def);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
		return each_column(l, t, cmd->name, recurse, col_set_default,
				   cmd->def);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
		return each_column(l, t, cmd->name, recurse, col_not_null, t);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
		return each_column(l, t, cmd->name, recurse, col_not_null,
				   NULL);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression:
		return each_column(l, t, cmd->name, recurse, col_drop_expr,
				   NULL);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity: {
		rt_column *c = rt_table_find_column(t, cmd->name);
		if (!c)
			return fail(l, "column '%s' of relation '%s' does not "
				       "exist",
				    cmd->name, t->name);
		if (cmd->subtype ==
		    PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity) {
			if (!c->identity && !cmd->missing_ok)
				return fail(l, "column '%s' of relation '%s' "
					       "is not an identity column",
					    cmd->name, t->name);
			c->identity = RT_IDENTITY_NONE;
			return 0;
		}
		if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity) {
			if (c->identity)
				return fail(l, "column '%s' of relation '%s' "
					       "is already an identity column",
					    cmd->name, t->name);
			if (!c->not_null)
				return fail(l, "column '%s' of relation '%s' "
					       "must be declared NOT NULL "
					       "before identity can be added",
					    cmd->name, t->name);
			if (c->default_expr)
				return fail(l, "column '%s' of relation '%s' "
					       "already has a default value",
					    cmd->name, t->name);
			set_identity(c, cmd->def->constraint->generated_when);
			return 0;
		}
		if (!c->identity)
			return fail(l, "column '%s' of relation '%s' is not an "
				       "identity column",
				    cmd->name, t->name);
		if (cmd->def && cmd->def->node_case ==
					PG_QUERY__NODE__NODE_LIST) {
			PgQuery__List *lst = cmd->def->list;
			for (size_t i = 0; i < lst->n_items; i++) {
				PgQuery__DefElem *d = lst->items[i]->def_elem;
				if (strcmp(d->defname, "generated") == 0 &&
				    d->arg && d->arg->node_case ==
						      PG_QUERY__NODE__NODE_INTEGER)
					c->identity = d->arg->integer->ival ==
							      'd'
							      ? RT_IDENTITY_BY_DEFAULT
							      : RT_IDENTITY_ALWAYS;
			}
		}
		return 0;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse: {
		PgQuery__Constraint *c = cmd->def->constraint;
		if (add_constraint(l, t, c, NULL) < 0)
			return -1;
		if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) {
			rt_constraint *pk = rt_table_primary_key(t);
			for (size_t i = 0; pk && i < pk->columns.len; i++)
				if (each_column(l, t, pk->columns.items[i], true,
						col_not_null, t) < 0)
					return -1;
		}
		return 0;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraintRecurse:
		return drop_constraint(l, t, cmd);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraintRecurse: {
		rt_constraint *c = rt_table_find_constraint(t, cmd->name);
		if (!c)
			return fail(l, "constraint '%s' of relation '%s' does "
				       "not exist",
				    cmd->name, t->name);
		c->not_valid = false;
		return 0;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterConstraint: {
		PgQuery__Constraint *d = cmd->def->constraint;
		rt_constraint *c = rt_table_find_constraint(t, d->conname);
		if (!c)
			return fail(l, "constraint '%s' of relation '%s' does "
				       "not exist",
				    d->conname, t->name);
		c->deferrable = d->deferrable;
		c->initially_deferred = d->initdeferred;
		return 0;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
		t->unlogged = false;
		return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
		t->unlogged = true;
		return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit: {
		rt_table *p;
		if (lookup_table(l, &p, cmd->def->range_var, false) < 0)
			return -1;
		if (link_parent(l, t, p, false) < 0)
			return -1;
		rt_qname *q = RT_NEW(l->a, rt_qname);
		q->schema = p->schema;
		q->name = p->name;
		rt_vec_push(&t->inherits, l->a, q);
		return 0;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit: {
		rt_table *p;
		if (lookup_table(l, &p, cmd->def->range_var, false) < 0)
			return -1;
		for (size_t i = 0; i < t->inherits.len; i++) {
			rt_qname *q = t->inherits.items[i];
			if (strcmp(q->name, p->name) == 0 &&
			    strcmp(q->schema, p->schema) == 0) {
				rt_vec_remove(&t->inherits, i);
				unlink_parent(t, p);
				return 0;
			}
		}
		return fail(l, "relation '%s' is not a parent of relation "
			       "'%s'",
			    p->name, t->name);
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition: {
		PgQuery__PartitionCmd *pc = cmd->def->partition_cmd;
		rt_table *k;
		if (t->kind != RT_REL_PARTITIONED)
			return fail(l, "table '%s' is not partitioned",
				    t->name);
		if (lookup_table(l, &k, pc->name, false) < 0)
			return -1;
		if (k->partition_of.name)
			return fail(l, "'%s' is already a partition", k->name);
		if (link_parent(l, k, t, true) < 0)
			return -1;
		k->partition_of.schema = t->schema;
		k->partition_of.name = t->name;
		return set_bound(l, k, pc->bound);
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition: {
		PgQuery__PartitionCmd *pc = cmd->def->partition_cmd;
		rt_table *k;
		if (lookup_table(l, &k, pc->name, false) < 0)
			return -1;
		if (!rt_load__is_child_of(k, t) || !k->partition_of.name)
			return fail(l, "relation '%s' is not a partition of "
				       "relation '%s'",
				    k->name, t->name);
		k->partition_of.schema = NULL;
		k->partition_of.name = NULL;
		k->partition_bound = NULL;
		unlink_parent(k, t);
		return detach_clones(l, k, t);
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity:
		unmanaged(l, rt_arena_printf(l->scratch,
					     "row level security on %s.%s",
					     t->schema, t->name));
		return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity:
		unmanaged_drop(l,
			       rt_arena_printf(l->scratch,
					       "row level security on %s.%s",
					       t->schema, t->name),
			       false);
		return 0;
	default:
		/* owner, storage, statistics, options, clustering, replica
		 * identity, trigger and rule switches: no model state */
		return 0;
	}
}

/* ALTER INDEX parent ATTACH PARTITION child: the child index (or the
 * constraint behind it) becomes derived from the parent's, so it is no
 * longer listed. */
static int attach_index(ld *l, const PgQuery__RangeVar *rv)
{
	const char *schema = dflt_schema(rv->schemaname);
	rt_index *ix = rt_schema_find_index(l->s, schema, rv->relname);
	rt_constraint *c;
	if (ix) {
		rt_load__vec_drop(&l->s->indexes, ix);
		return 0;
	}
	c = index_constraint(l, schema, rv->relname);
	if (!c)
		return fail(l, "relation '%s.%s' does not exist", schema,
			    rv->relname);
	rt_load__drop_constraint(c);
	return 0;
}

static int alter_table(ld *l, PgQuery__AlterTableStmt *st)
{
	rt_table *t;
	switch (st->objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
		for (size_t i = 0; i < st->n_cmds; i++) {
			PgQuery__AlterTableCmd *c = st->cmds[i]->alter_table_cmd;
			if (c->subtype ==
				    PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition &&
			    attach_index(l, c->def->partition_cmd->name) < 0)
				return -1;
		}
		return 0; /* otherwise owner, tablespace, options */
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		return 0; /* owner, tablespace, options */
	default:
		unmanaged(l, rt_arena_printf(l->scratch, "statement ALTER %s "
							 "%s.%s",
					     objtype_word(st->objtype),
					     dflt_schema(
						     st->relation->schemaname),
					     st->relation->relname));
		return 0;
	}
	if (lookup_table(l, &t, st->relation, st->missing_ok) < 0)
		return -1;
	if (!t)
		return 0;
	for (size_t i = 0; i < st->n_cmds; i++)
		if (alter_cmd(l, t, st->cmds[i]->alter_table_cmd,
			      st->relation->inh) < 0)
			return -1;
	return 0;
}

/* ---- objects the model does not cover --------------------------------- */

static const char *rv_text(ld *l, const PgQuery__RangeVar *rv)
{
	return rt_arena_printf(l->scratch, "%s.%s", dflt_schema(rv->schemaname),
			       rv->relname);
}

static const char *names_text(ld *l, Node **items, size_t n)
{
	rt_qname q = names_qname(l, items, n);
	return rt_arena_printf(l->scratch, "%s.%s", dflt_schema(q.schema),
			       q.name);
}

static const char *function_what(ld *l, PgQuery__CreateFunctionStmt *f)
{
	rt_buf b = RT_BUF_INIT;
	bool first = true;
	rt_buf_addf(&b, "%s %s(", f->is_procedure ? "procedure" : "function",
		    names_text(l, f->funcname, f->n_funcname));
	for (size_t i = 0; i < f->n_parameters; i++) {
		PgQuery__FunctionParameter *p =
			f->parameters[i]->function_parameter;
		if (p->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT ||
		    p->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE)
			continue;
		if (!first)
			rt_buf_adds(&b, ", ");
		first = false;
		if (p->mode ==
		    PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT)
			rt_buf_adds(&b, "INOUT ");
		else if (p->mode ==
			 PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC)
			rt_buf_adds(&b, "VARIADIC ");
		if (!empty(p->name))
			rt_buf_addf(&b, "%s ", p->name);
		rt_buf_adds(&b, type_text(l, p->arg_type));
	}
	rt_buf_addch(&b, ')');
	return rt_buf_detach_arena(&b, l->scratch);
}

/* "statement INSERT", "statement CREATE CAST": the statement's first
 * words. */
static const char *statement_what(ld *l)
{
	rt_buf b = RT_BUF_INIT;
	const char *p = l->text + l->loc;
	int words = 0;
	rt_buf_adds(&b, "statement");
	while (words < 2) {
		size_t n = 0;
		while (p[n] && ((p[n] >= 'a' && p[n] <= 'z') ||
				(p[n] >= 'A' && p[n] <= 'Z') || p[n] == '_'))
			n++;
		if (n == 0)
			break;
		rt_buf_addch(&b, ' ');
		for (size_t i = 0; i < n; i++)
			rt_buf_addch(&b, (char)(p[i] >= 'a' && p[i] <= 'z'
							? p[i] - 32
							: p[i]));
		words++;
		bool more = (n == 6 && (strncasecmp(p, "create", 6) == 0 ||
					strncasecmp(p, "alter ", 6) == 0)) ||
			    (n == 4 && strncasecmp(p, "drop", 4) == 0) ||
			    (n == 5 && strncasecmp(p, "alter", 5) == 0);
		if (!more)
			break;
		p += n;
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
	}
	return rt_buf_detach_arena(&b, l->scratch);
}

static bool is_config_select(const PgQuery__SelectStmt *s)
{
	if (s->n_from_clause || s->n_target_list == 0)
		return false;
	for (size_t i = 0; i < s->n_target_list; i++) {
		const PgQuery__ResTarget *rt = s->target_list[i]->res_target;
		if (!rt->val ||
		    rt->val->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
			return false;
		const PgQuery__FuncCall *f = rt->val->func_call;
		const char *fn = str_of(f->funcname[f->n_funcname - 1]);
		if (!fn || (strcmp(fn, "set_config") != 0 &&
			    strcmp(fn, "setval") != 0))
			return false;
	}
	return true;
}

static void grant_stmt(ld *l, PgQuery__GrantStmt *g)
{
	const char *kind = objtype_word(g->objtype);
	if (g->targtype != PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_OBJECT) {
		unmanaged(l, statement_what(l));
		return;
	}
	for (size_t i = 0; i < g->n_objects; i++) {
		Node *o = g->objects[i];
		const char *name;
		if (o->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
			name = rv_text(l, o->range_var);
		else if (o->node_case == PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
			name = names_text(l, o->object_with_args->objname,
					  o->object_with_args->n_objname);
		else if (str_of(o))
			name = str_of(o);
		else
			name = "?";
		unmanaged(l, rt_arena_printf(l->scratch, "privileges on %s %s",
					     kind, name));
	}
}

/* true when rv names a relation the model keeps out of tables (a
 * sequence, an index, an unmanaged view). */
static bool other_relation(ld *l, const PgQuery__RangeVar *rv)
{
	const char *schema = dflt_schema(rv->schemaname);
	if (rt_schema_find_sequence(l->s, schema, rv->relname) ||
	    rt_schema_find_index(l->s, schema, rv->relname))
		return true;
	const char *kinds[] = {"view", "materialized view", "foreign table",
			       "table"};
	for (size_t k = 0; k < RT_ARRAY_LEN(kinds); k++) {
		const char *what = rt_arena_printf(l->scratch, "%s %s.%s",
						   kinds[k], schema,
						   rv->relname);
		for (size_t i = 0; i < l->s->unmanaged.len; i++) {
			rt_unmanaged *u = l->s->unmanaged.items[i];
			if (strcmp(u->what, what) == 0)
				return true;
		}
	}
	return false;
}

/* ---- dispatch --------------------------------------------------------- */

static int exec_stmt(ld *l, Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		return create_table(l, n->create_stmt);
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
		PgQuery__AlterTableStmt *st = n->alter_table_stmt;
		if (st->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE &&
		    !rt_schema_find_table(l->s, dflt_schema(
							st->relation->schemaname),
					  st->relation->relname) &&
		    other_relation(l, st->relation))
			return 0;
		return alter_table(l, st);
	}
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		return create_index(l, n->index_stmt);
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
		return create_sequence(l, n->create_seq_stmt);
	case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
		return alter_sequence(l, n->alter_seq_stmt);
	case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
		return create_enum(l, n->create_enum_stmt);
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
		return alter_enum(l, n->alter_enum_stmt);
	case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
		return create_extension(l, n->create_extension_stmt);
	case PG_QUERY__NODE__NODE_ALTER_EXTENSION_STMT:
		return alter_extension(l, n->alter_extension_stmt);
	case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
		return create_schema(l, n->create_schema_stmt);
	case PG_QUERY__NODE__NODE_DROP_STMT:
		return drop_stmt(l, n->drop_stmt);
	case PG_QUERY__NODE__NODE_COMMENT_STMT:
		return comment_stmt(l, n->comment_stmt);
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		return rename_stmt(l, n->rename_stmt);
	case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT:
		return set_schema(l, n->alter_object_schema_stmt);
	case PG_QUERY__NODE__NODE_DEFINE_STMT: {
		PgQuery__DefineStmt *d = n->define_stmt;
		if (d->kind == PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION)
			return create_collation(l, d);
		if (d->kind == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE) {
			unmanaged(l, rt_arena_printf(
					     l->scratch, "aggregate %s%s",
					     names_text(l, d->defnames,
							d->n_defnames),
					     d->n_args && d->args[0]->node_case ==
								  PG_QUERY__NODE__NODE_LIST
						     ? args_text(l,
								 d->args[0]->list->items,
								 d->args[0]->list->n_items)
						     : "(*)"));
			return 0;
		}
		if (d->kind == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE) {
			unmanaged(l, rt_arena_printf(l->scratch, "type %s",
						     names_text(l, d->defnames,
								d->n_defnames)));
			return 0;
		}
		unmanaged(l, statement_what(l));
		return 0;
	}
	case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
		unmanaged(l, rt_arena_printf(
				     l->scratch, "type %s",
				     rv_text(l, n->composite_type_stmt->typevar)));
		return 0;
	case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
		unmanaged(l, rt_arena_printf(
				     l->scratch, "type %s",
				     names_text(l, n->create_range_stmt->type_name,
						n->create_range_stmt->n_type_name)));
		return 0;
	case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
		unmanaged(l, rt_arena_printf(
				     l->scratch, "domain %s",
				     names_text(l,
						n->create_domain_stmt->domainname,
						n->create_domain_stmt
							->n_domainname)));
		return 0;
	case PG_QUERY__NODE__NODE_VIEW_STMT:
		unmanaged(l, rt_arena_printf(l->scratch, "view %s",
					     rv_text(l, n->view_stmt->view)));
		return 0;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: {
		PgQuery__CreateTableAsStmt *c = n->create_table_as_stmt;
		unmanaged(l, rt_arena_printf(
				     l->scratch, "%s %s",
				     c->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW
					     ? "materialized view"
					     : "table",
				     rv_text(l, c->into->rel)));
		return 0;
	}
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
		unmanaged(l, function_what(l, n->create_function_stmt));
		return 0;
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
		unmanaged(l, rt_arena_printf(
				     l->scratch, "trigger %s on %s",
				     n->create_trig_stmt->trigname,
				     rv_text(l, n->create_trig_stmt->relation)));
		return 0;
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
		unmanaged(l, rt_arena_printf(
				     l->scratch, "policy %s on %s",
				     n->create_policy_stmt->policy_name,
				     rv_text(l, n->create_policy_stmt->table)));
		return 0;
	case PG_QUERY__NODE__NODE_RULE_STMT:
		unmanaged(l, rt_arena_printf(
				     l->scratch, "rule %s on %s",
				     n->rule_stmt->rulename,
				     rv_text(l, n->rule_stmt->relation)));
		return 0;
	case PG_QUERY__NODE__NODE_CREATE_EVENT_TRIG_STMT:
		unmanaged(l, rt_arena_printf(l->scratch, "event trigger %s",
					     n->create_event_trig_stmt->trigname));
		return 0;
	case PG_QUERY__NODE__NODE_CREATE_PUBLICATION_STMT:
		unmanaged(l, rt_arena_printf(l->scratch, "publication %s",
					     n->create_publication_stmt->pubname));
		return 0;
	case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT:
		unmanaged(l, rt_arena_printf(
				     l->scratch, "foreign table %s",
				     rv_text(l, n->create_foreign_table_stmt->base_stmt
							->relation)));
		return 0;
	case PG_QUERY__NODE__NODE_GRANT_STMT:
		grant_stmt(l, n->grant_stmt);
		return 0;
	case PG_QUERY__NODE__NODE_SELECT_STMT:
		if (is_config_select(n->select_stmt))
			return 0;
		unmanaged(l, statement_what(l));
		return 0;
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
	case PG_QUERY__NODE__NODE_VACUUM_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
		return 0; /* no schema state */
	default:
		unmanaged(l, statement_what(l));
		return 0;
	}
}

/* ---- entry points ----------------------------------------------------- */

/* A copy of text with psql meta-command lines (starting with a backslash)
 * blanked, so offsets and line numbers stay. */
static char *blank_meta(rt_arena *a, const char *text)
{
	char *copy = rt_arena_strdup(a, text);
	bool bol = true;
	for (char *p = copy; *p; p++) {
		if (bol && *p == '\\') {
			while (*p && *p != '\n')
				*p++ = ' ';
			if (!*p)
				break;
		}
		bol = *p == '\n';
	}
	return copy;
}

int rt_load_sql_text(rt_schema **out, rt_arena *a, const char *name,
		     const char *text, rt_error *err)
{
	ld l = {0};
	int rc = -1;
	PgQueryProtobufParseResult pr;
	l.a = a;
	l.scratch = rt_arena_new();
	l.file = name;
	l.err = err;
	l.text = blank_meta(l.scratch, text);
	pr = pg_query_parse_protobuf(l.text);
	if (pr.error) {
		int pos = pr.error->cursorpos;
		l.loc = pos > 0 ? byte_of_char(l.text, pos) : (int)strlen(l.text);
		rt_errorf(err, RT_EINPUT, "%s", pr.error->message);
		set_place(&l, err);
		goto done;
	}
	ProtobufCAllocator alloc = {arena_alloc, arena_nofree, l.scratch};
	PgQuery__ParseResult *tree = pg_query__parse_result__unpack(
		&alloc, pr.parse_tree.len, (const uint8_t *)pr.parse_tree.data);
	if (!tree) {
		rt_errorf(err, RT_EINTERNAL, "cannot read the parse tree");
		rt_error_at(err, name, 0, 0);
		goto done;
	}
	l.s = rt_schema_new(a);
	l.s->source = rt_arena_strdup(a, name);
	add_namespace(&l, "public")->comment = "standard public schema";
	l.s->namespaces.len = l.s->namespaces.len; /* keep for clarity */
	((rt_namespace *)l.s->namespaces.items[0])->src_line = 0;
	for (size_t i = 0; i < tree->n_stmts; i++) {
		PgQuery__RawStmt *raw = tree->stmts[i];
		l.loc = skip_blank(l.text, raw->stmt_location);
		if (raw->stmt && exec_stmt(&l, raw->stmt) < 0)
			goto done;
	}
	rt_schema_sort(l.s);
	*out = l.s;
	rc = 0;
done:
	pg_query_free_protobuf_parse_result(pr);
	rt_arena_free(l.scratch);
	return rc;
}

int rt_load_sql_file(rt_schema **out, rt_arena *a, const char *path,
		     rt_error *err)
{
	rt_buf b = RT_BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");
	if (!f) {
		rt_errorf(err, RT_EIO, "cannot read '%s': %s", path,
			  strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rt_buf_add(&b, chunk, n);
	if (ferror(f)) {
		rt_errorf(err, RT_EIO, "cannot read '%s': %s", path,
			  strerror(errno));
		fclose(f);
		rt_buf_release(&b);
		return -1;
	}
	fclose(f);
	if (memchr(b.data, '\0', b.len)) {
		rt_buf_release(&b);
		rt_errorf(err, RT_EINPUT, "cannot read '%s': not a text file",
			  path);
		return -1;
	}
	int rc = rt_load_sql_text(out, a, path, b.data, err);
	rt_buf_release(&b);
	return rc;
}
