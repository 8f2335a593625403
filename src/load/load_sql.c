/* SPDX-License-Identifier: MIT */
/*
 * The SQL loader: parses a DDL file with libpg_query (PostgreSQL's own
 * parser, confined to this file) and executes each statement symbolically
 * against a fresh rt_schema, as PostgreSQL would apply it. Statements the
 * model does not cover are recorded as unmanaged with their place. Model
 * bookkeeping that needs no parse tree is in load_sql_model.c; statement
 * executors are in load_sql_table.c, load_sql_alter.c, load_sql_objects.c.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/sql.h"
#include "load/load_sql_int.h"
#include "schema/canon.h"
#include "schema/canon_pack.h"
#include "schema/canon_parse.h"
#include "schema/kind.h"

#include <errno.h>
#include <pthread.h>

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

/* Line and column (characters, from 1) in the file of byte offset off of
 * the current piece of input. Statements come in order, so the scan
 * resumes from the last place asked for. */
void rt_load__place_of(ld *l, int off, int *line, int *col)
{
	const char *text = l->text;
	int c;
	if (off < l->seen_off) {
		l->seen_off = 0;
		l->seen_line = l->base_line;
		l->seen_bol = 0;
		l->seen_nl = false;
	}
	for (int i = l->seen_off; i < off && text[i]; i++) {
		if (text[i] == '\n') {
			l->seen_line++;
			l->seen_bol = i + 1;
			l->seen_nl = true;
		}
	}
	l->seen_off = off;
	c = l->seen_nl ? 1 : l->base_col;
	for (int i = l->seen_bol; i < off && text[i]; i++)
		if (((unsigned char)text[i] & 0xc0) != 0x80)
			c++;
	*line = l->seen_line;
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
	rt_load__place_of(l, l->loc, &line, &col);
	rt_error_at(err, l->file, line, col);
}

/* RT_EINPUT at the current statement. */
int rt_load__fail(ld *l, const char *fmt, ...)
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
int rt_load__failed_here(ld *l)
{
	set_place(l, l->err);
	return -1;
}

rt_unmanaged *rt_load__unmanaged(ld *l, const char *what)
{
	rt_vec *v = &l->s->unmanaged;
	int line, col;
	for (size_t i = 0; i < v->len; i++) {
		rt_unmanaged *u = v->items[i];
		if (strcmp(u->what, what) == 0)
			return u; /* CREATE OR REPLACE: one record */
	}
	if (l->exact) {
		/* a database's own statements: the database has no place */
		rt_schema_add_unmanaged(l->s, what, NULL, 0, 0);
	} else {
		rt_load__place_of(l, l->loc, &line, &col);
		rt_schema_add_unmanaged(l->s, what, l->file, line, col);
	}
	return v->items[v->len - 1];
}

/* Forgets unmanaged objects named what (or starting with what when
 * prefix). */
void rt_load__unmanaged_drop(ld *l, const char *what, bool prefix)
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

/* "schema.name" in the arena */
static const char *qn(ld *l, const char *schema, const char *name)
{
	return rt_arena_printf(l->a, "%s.%s", schema, name);
}

/* A list of String nodes (any_name) as schema and name. */
rt_qname rt_load__names_qname(ld *l, Node **items, size_t n)
{
	rt_qname q = {NULL, NULL};
	if (n >= 1)
		q.name = rt_arena_strdup(l->a, str_of(items[n - 1]));
	if (n >= 2)
		q.schema = rt_arena_strdup(l->a, str_of(items[n - 2]));
	return q;
}

rt_qname rt_load__list_qname(ld *l, const Node *n)
{
	rt_qname q = {NULL, NULL};
	if (n && n->node_case == PG_QUERY__NODE__NODE_LIST)
		return rt_load__names_qname(l, n->list->items,
					    n->list->n_items);
	if (str_of(n))
		q.name = rt_arena_strdup(l->a, str_of(n));
	return q;
}

/* true when schema holds an object name of kind */
static bool holds(ld *l, const char *schema, const char *name, look_kind kind)
{
	const char *words[3] = {NULL, NULL, NULL};
	switch (kind) {
	case LOOK_REL:
		if (rt_schema_relname_taken(l->s, schema, name))
			return true;
		words[0] = "view";
		words[1] = "materialized view";
		words[2] = "foreign table";
		break;
	case LOOK_TYPE:
		/* (a name no type ever had, as every built-in type's, in one
		 * lookup in a small set instead of four in the index) */
		if (rt_schema_type_name_used(l->s, name) &&
		    (rt_schema_find_enum(l->s, schema, name) ||
		     rt_load__find_user_type(l, schema, name)))
			return true;
		words[0] = "type";
		words[1] = "domain";
		break;
	case LOOK_COLL:
		return rt_schema_find_collation(l->s, schema, name) != NULL;
	default:
		return false;
	}
	if (!l->s->unmanaged.len)
		return false;
	for (size_t w = 0; w < 3 && words[w]; w++) {
		const char *what = rt_arena_printf(l->scratch, "%s %s.%s",
						   words[w], schema, name);
		for (size_t i = 0; i < l->s->unmanaged.len; i++) {
			rt_unmanaged *u = l->s->unmanaged.items[i];
			if (strcmp(u->what, what) == 0)
				return true;
		}
	}
	return false;
}

const char *rt_load__schema(ld *l, const char *schema, const char *name,
			    look_kind kind)
{
	if (!empty(schema))
		return schema;
	if (!l->path_set)
		return "public";
	if (kind != LOOK_NEW && name)
		for (size_t i = 0; i < l->path.len; i++)
			if (holds(l, l->path.items[i], name, kind))
				return l->path.items[i];
	for (size_t i = 0; i < l->path.len; i++)
		if (rt_schema_find_namespace(l->s, l->path.items[i]))
			return l->path.items[i];
	return "public";
}

void rt_load__set_path(ld *l, const char *value)
{
	const char *p = value ? value : "";
	l->path.len = 0;
	l->path_set = true;
	while (*p) {
		size_t n;
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (!*p)
			break;
		rt_buf b = RT_BUF_INIT;
		if (*p == '"') {
			for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
				if (*p == '"')
					p++;
				rt_buf_addch(&b, *p);
			}
			if (*p)
				p++;
		} else {
			n = strcspn(p, ", \t");
			for (size_t i = 0; i < n; i++)
				rt_buf_addch(&b,
					     (char)(p[i] >= 'A' && p[i] <= 'Z'
							? p[i] + 32
							: p[i]));
			p += n;
		}
		if (strcmp(b.data, "$user") != 0 &&
		    strcmp(b.data, "pg_catalog") != 0)
			rt_vec_push(&l->path, l->a,
				    rt_buf_detach_arena(&b, l->a));
		else
			rt_buf_release(&b);
	}
}

rt_qname rt_load__rv_new_qname(ld *l, const PgQuery__RangeVar *rv)
{
	rt_qname q;
	q.schema = rt_arena_strdup(
	    l->a, rt_load__schema(l, rv->schemaname, NULL, LOOK_NEW));
	q.name = rt_arena_strdup(l->a, rv->relname);
	return q;
}

const char *rt_load__rv_new_text(ld *l, const PgQuery__RangeVar *rv)
{
	return rt_arena_printf(
	    l->scratch, "%s.%s",
	    rt_load__schema(l, rv->schemaname, NULL, LOOK_NEW), rv->relname);
}

rt_qname rt_load__rv_qname(ld *l, const PgQuery__RangeVar *rv)
{
	rt_qname q;
	q.schema = rt_arena_strdup(
	    l->a, rt_load__schema(l, rv->schemaname, rv->relname, LOOK_REL));
	q.name = rt_arena_strdup(l->a, rv->relname);
	return q;
}

/* ---- deparse
 * ---------------------------------------------------------- */

/*
 * Deparsed texts by the shape of their tree, for every thread: defaults,
 * expressions and index definitions recur across tables and across the
 * two sides of a diff, and each deparse costs a pack, an unpack and
 * libpg_query's setup. A shape is every field of the tree but the places
 * in the source (locations), which deparsing does not read. Filled on
 * success only, in the memo's own arena (freed by rt_load__sql_shutdown);
 * callers get copies in their arena.
 */
static struct {
	pthread_mutex_t lock;
	rt_arena *a;
	rt_map texts; /* shape -> deparsed text */
} deparsed = {PTHREAD_MUTEX_INITIALIZER, NULL, {0}};

static bool is_location(const ProtobufCFieldDescriptor *f)
{
	if (f->type != PROTOBUF_C_TYPE_INT32 ||
	    (f->name[0] != 'l' && f->name[0] != 's'))
		return false;
	return strcmp(f->name, "location") == 0 ||
	       strcmp(f->name, "stmt_location") == 0 ||
	       strcmp(f->name, "stmt_len") == 0;
}

static void add_shape(rt_buf *b, const ProtobufCMessage *m);

/* rt_buf_add for the shapes' many small pieces (a call each was a third
 * of a shape's instructions) */
static inline void put(rt_buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (b->len + n + 1 > b->alloc)
		rt_buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* rt_canon_pack_is_default, its scalars read whole */
static inline bool at_default(const ProtobufCFieldDescriptor *f, const char *p)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_MESSAGE:
	case PROTOBUF_C_TYPE_STRING:
	case PROTOBUF_C_TYPE_BYTES:
		return rt_canon_pack_is_default(f, p);
	default:
		break;
	}
	size_t n = rt_canon_pack_c_size(f);
	if (n == 8) {
		uint64_t v;
		memcpy(&v, p, 8);
		return v == 0;
	}
	if (n == 4) {
		uint32_t v;
		memcpy(&v, p, 4);
		return v == 0;
	}
	return rt_canon_pack_is_default(f, p);
}

/* One value of field f at p (an element of a repeated field, or the
 * field itself). */
static void add_value(rt_buf *b, const ProtobufCFieldDescriptor *f,
		      const char *p)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_MESSAGE: {
		const ProtobufCMessage *sub = *(ProtobufCMessage *const *)p;
		if (sub)
			add_shape(b, sub);
		else
			put(b, "0", 1);
		break;
	}
	case PROTOBUF_C_TYPE_STRING: {
		const char *str = *(char *const *)p;
		size_t n = str ? strlen(str) : 0;
		put(b, &n, sizeof(n));
		put(b, str ? str : "", n);
		break;
	}
	case PROTOBUF_C_TYPE_BYTES: {
		const ProtobufCBinaryData *d = (const ProtobufCBinaryData *)p;
		put(b, &d->len, sizeof(d->len));
		put(b, d->data, d->len);
		break;
	}
	default:
		put(b, p, rt_canon_pack_c_size(f));
	}
}

/* Appends m's shape to b: its type, then each field set (by number) with
 * its value, then an end mark, so that two shapes are equal only when the
 * trees are; fields at their default are left out, as protobuf leaves
 * them. A Node holds one member: only that one is looked at. */
static void add_shape(rt_buf *b, const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	const char *base = (const char *)m;
	put(b, &d, sizeof(d));
	if (d == &pg_query__node__descriptor) {
		const Node *n = (const Node *)m;
		const ProtobufCFieldDescriptor *f = rt_canon_node_field(n);
		if (f) {
			put(b, &f->id, sizeof(f->id));
			add_value(b, f, base + f->offset);
		}
		put(b, ".", 1);
		return;
	}
	unsigned nf;
	const ProtobufCFieldDescriptor *const *kept =
	    rt_canon_kept_fields(d, &nf);
	if (!kept)
		nf = d->n_fields;
	for (unsigned i = 0; i < nf; i++) {
		const ProtobufCFieldDescriptor *f =
		    kept ? kept[i] : &d->fields[i];
		if (!kept && is_location(f))
			continue;
		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			if (*(const uint32_t *)(base + f->quantifier_offset) !=
			    f->id)
				continue;
		} else if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			if (*(const size_t *)(base + f->quantifier_offset) == 0)
				continue;
		} else if (at_default(f, base + f->offset)) {
			continue;
		}
		put(b, &f->id, sizeof(f->id));
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t cnt =
			    *(const size_t *)(base + f->quantifier_offset);
			const char *arr = *(char *const *)(base + f->offset);
			size_t step =
			    f->type == PROTOBUF_C_TYPE_MESSAGE	? sizeof(void *)
			    : f->type == PROTOBUF_C_TYPE_STRING ? sizeof(char *)
			    : f->type == PROTOBUF_C_TYPE_BYTES
				? sizeof(ProtobufCBinaryData)
				: rt_canon_pack_c_size(f);
			put(b, &cnt, sizeof(cnt));
			for (size_t k = 0; k < cnt; k++)
				add_value(b, f, arr + k * step);
		} else {
			add_value(b, f, base + f->offset);
		}
	}
	put(b, ".", 1);
}

static const char *deparsed_find(const rt_buf *shape)
{
	pthread_mutex_lock(&deparsed.lock);
	const char *t = rt_map_get(&deparsed.texts, shape->data, shape->len);
	pthread_mutex_unlock(&deparsed.lock);
	return t;
}

static void deparsed_put(const rt_buf *shape, const char *text)
{
	pthread_mutex_lock(&deparsed.lock);
	if (!deparsed.a)
		deparsed.a = rt_arena_new();
	if (!rt_map_get(&deparsed.texts, shape->data, shape->len)) {
		char *k = rt_arena_alloc(deparsed.a, shape->len);
		memcpy(k, shape->data, shape->len);
		rt_map_put(&deparsed.texts, deparsed.a, k, shape->len,
			   rt_arena_strdup(deparsed.a, text));
	}
	pthread_mutex_unlock(&deparsed.lock);
}

void rt_load__sql_shutdown(void)
{
	pthread_mutex_lock(&deparsed.lock);
	rt_arena_free(deparsed.a);
	deparsed.a = NULL;
	memset(&deparsed.texts, 0, sizeof(deparsed.texts));
	pthread_mutex_unlock(&deparsed.lock);
}

/* Deparses one statement node; NULL (with the error set) on failure. */
const char *rt_load__deparse(ld *l, Node *stmt)
{
	rt_buf shape = RT_BUF_INIT;
	rt_buf_grow(&shape, 1024);
	add_shape(&shape, &stmt->base);
	const char *known = deparsed_find(&shape);
	if (known) {
		rt_buf_release(&shape);
		return rt_arena_strdup(l->a, known);
	}
	PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
	PgQuery__RawStmt *raws[1] = {&raw};
	PgQuery__ParseResult pr = PG_QUERY__PARSE_RESULT__INIT;
	const char *out = NULL;
	raw.stmt = stmt;
	pr.version = PG_VERSION_NUM;
	pr.n_stmts = 1;
	pr.stmts = raws;
	PgQueryDeparseResult d = rt_canon_deparse(&pr);
	if (d.error) {
		rt_errorf(l->err, RT_EINTERNAL, "cannot rt_load__deparse: %s",
			  d.error->message);
		set_place(l, l->err);
	} else {
		out = rt_arena_strdup(l->a, d.query);
		deparsed_put(&shape, d.query);
	}
	pg_query_free_deparse_result(d);
	rt_buf_release(&shape);
	return out;
}

Node *rt_load__wrap(ld *l, PgQuery__Node__NodeCase c, void *msg)
{
	Node *n = rt_arena_alloc(l->scratch, sizeof(*n));
	pg_query__node__init(n);
	n->node_case = c;
	n->select_stmt = msg; /* union: any member */
	return n;
}

const char *rt_load__const_text(rt_arena *a, const Node *e)
{
	if (!e || e->node_case != PG_QUERY__NODE__NODE_A_CONST ||
	    e->a_const->isnull)
		return NULL;
	const PgQuery__AConst *c = e->a_const;
	switch (c->val_case) {
	case PG_QUERY__A__CONST__VAL_IVAL: /* deparseValue: "%d" */
		return rt_arena_printf(a, "%d", (int)c->ival->ival);
	case PG_QUERY__A__CONST__VAL_BOOLVAL:
		return c->boolval->boolval ? "true" : "false";
	case PG_QUERY__A__CONST__VAL_SVAL: {
		/* deparseStringLiteral: E'' when there is a backslash, quotes
		 * and backslashes doubled */
		if (!c->sval->sval)
			return NULL;
		rt_buf b = RT_BUF_INIT;
		rt_buf_add_literal(&b, RT_DIALECT_PG, c->sval->sval);
		return rt_buf_detach_arena(&b, a);
	}
	default:
		return NULL;
	}
}

/* The text of a scalar expression node (a constant's without the
 * deparser: defaults are mostly constants, and a deparse, or even the
 * shape that finds one done already, costs more than printing it). */
const char *rt_load__expr_text(ld *l, Node *e)
{
	const char *known = rt_load__const_text(l->a, e);
	if (known)
		return known;
	PgQuery__ResTarget rt = PG_QUERY__RES_TARGET__INIT;
	PgQuery__SelectStmt sel = PG_QUERY__SELECT_STMT__INIT;
	Node *target = rt_load__wrap(l, PG_QUERY__NODE__NODE_RES_TARGET, &rt);
	rt.val = e;
	sel.n_target_list = 1;
	sel.target_list = &target;
	const char *t = rt_load__deparse(
	    l, rt_load__wrap(l, PG_QUERY__NODE__NODE_SELECT_STMT, &sel));
	if (t && strncmp(t, "SELECT ", 7) == 0)
		t += 7;
	return t;
}

bool rt_load__is_null(const Node *e)
{
	if (!e)
		return false;
	if (e->node_case == PG_QUERY__NODE__NODE_A_CONST)
		return e->a_const->isnull;
	if (e->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
		return rt_load__is_null(e->type_cast->arg);
	return false;
}

bool rt_load__null_default_dropped(ld *l, const Node *e, const rt_type *t)
{
	if (!rt_load__is_null(e))
		return false;
	/* on a domain the NULL is stored: it overrides the domain's
	 * default (a CoerceToDomain, not a bare NULL, in heap.c) */
	return !(t && t->schema && t->name && !rt_is_catalog(t->schema) &&
		 rt_schema_find(l->s, RT_KIND_DOMAIN, t->schema, t->name));
}

/* A boolean literal's value as PostgreSQL's boolin reads it: 1 true,
 * 0 false, -1 not a boolean. */
static int bool_text(const char *s)
{
	static const char *const yes[] = {"t", "true", "y", "yes", "on", "1"};
	static const char *const no[] = {"f", "false", "n", "no", "off", "0"};
	char buf[8];
	size_t n = 0;
	while (*s == ' ')
		s++;
	while (*s && *s != ' ' && n + 1 < sizeof(buf)) {
		buf[n++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
		s++;
	}
	buf[n] = '\0';
	while (*s == ' ')
		s++;
	if (*s)
		return -1;
	for (size_t i = 0; i < RT_ARRAY_LEN(yes); i++) {
		if (strcmp(buf, yes[i]) == 0)
			return 1;
		if (strcmp(buf, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* A boolean constant node (scratch arena). */
static Node *bool_const(ld *l, bool v)
{
	PgQuery__AConst *n = rt_arena_alloc(l->scratch, sizeof(*n));
	PgQuery__Boolean *b = rt_arena_alloc(l->scratch, sizeof(*b));
	pg_query__a__const__init(n);
	pg_query__boolean__init(b);
	b->boolval = v;
	n->val_case = PG_QUERY__A__CONST__VAL_BOOLVAL;
	n->boolval = b;
	return rt_load__wrap(l, PG_QUERY__NODE__NODE_A_CONST, n);
}

typedef struct boolfix {
	ld *l;
	const rt_table *t;
} boolfix;

/* true when n is a reference to a boolean column of t */
static bool bool_column(const rt_table *t, const Node *n)
{
	if (!n || n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
		return false;
	const PgQuery__ColumnRef *r = n->column_ref;
	const char *name =
	    r->n_fields ? str_of(r->fields[r->n_fields - 1]) : NULL;
	const rt_column *c = name ? rt_table_find_column(t, name) : NULL;
	return c && !c->type.schema && rt_streq(c->type.name, "boolean");
}

/* the value of a string constant that reads as a boolean, else -1 */
static int bool_literal(const Node *n)
{
	if (!n || n->node_case != PG_QUERY__NODE__NODE_A_CONST ||
	    n->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
		return -1;
	return bool_text(n->a_const->sval->sval);
}

static void visit_boolfix(ProtobufCMessage *m, void *arg)
{
	boolfix *f = arg;
	if (m->descriptor != &pg_query__a__expr__descriptor)
		return;
	PgQuery__AExpr *e = (PgQuery__AExpr *)m;
	if (bool_column(f->t, e->lexpr) && bool_literal(e->rexpr) >= 0)
		e->rexpr = bool_const(f->l, bool_literal(e->rexpr) == 1);
	else if (bool_column(f->t, e->rexpr) && bool_literal(e->lexpr) >= 0)
		e->lexpr = bool_const(f->l, bool_literal(e->lexpr) == 1);
}

void rt_load__bool_literals(ld *l, const rt_table *t, Node *e)
{
	boolfix f = {l, t};
	if (e)
		rt_load__walk(&e->base, visit_boolfix, &f);
}

/* true when PostgreSQL takes text as it is after DEFAULT: the clause
 * takes a b_expr, so "a AND b", "x LIKE y", "x IN (...)", "x IS NULL",
 * "t AT TIME ZONE z" need parentheses there (pg_get_expr prints them). */
static bool default_parses(ld *l, const char *text)
{
	const char *sql = rt_arena_printf(
	    l->scratch, "CREATE TABLE t (c int DEFAULT %s)", text);
	return rt_canon_parses(sql);
}

/* text as a default: parenthesised unless PostgreSQL takes it as it is
 * (the answer kept in l->default_memo: defaults recur on many tables). A
 * constant (constant: text prints an A_Const) always is: a literal, or a
 * minus sign and a number, which b_expr takes; constants differ from
 * table to table ('c1', 'c2', ...), so each was a parse. */
static const char *default_text(ld *l, const char *text, bool constant)
{
	if (constant)
		return text;
	size_t n = strlen(text);
	const char *out = rt_map_get(&l->default_memo, text, n);
	if (out)
		return out;
	out = default_parses(l, text) ? text
				      : rt_arena_printf(l->a, "(%s)", text);
	rt_map_put(&l->default_memo, l->a, text, n, (void *)out);
	return out;
}

int rt_load__default_expr(ld *l, rt_expr **out, Node *e, const rt_type *type)
{
	Node *c = e;
	if (c->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
		c = c->type_cast->arg; /* 'yes'::boolean, B'1'::bit(1) */
	if (!type->schema && type->name &&
	    c->node_case == PG_QUERY__NODE__NODE_A_CONST) {
		PgQuery__AConst *k = c->a_const;
		bool boolean = strcmp(type->name, "boolean") == 0;
		bool bits = strncmp(type->name, "bit", 3) == 0 &&
			    !strchr(type->name, '[');
		if (boolean && k->val_case == PG_QUERY__A__CONST__VAL_SVAL &&
		    bool_text(k->sval->sval) >= 0) {
			/* stored as the boolean constant: true / false */
			e = bool_const(l, bool_text(k->sval->sval) == 1);
		} else if (bits &&
			   k->val_case == PG_QUERY__A__CONST__VAL_BSVAL) {
			/* B'101' / X'1F' is stored as '101'::"bit" */
			const char *v = k->bsval->bsval;
			rt_buf b = RT_BUF_INIT;
			if (v[0] == 'x' || v[0] == 'X') {
				for (const char *p = v + 1; *p; p++) {
					int d = (*p >= '0' && *p <= '9')
						    ? *p - '0'
						: (*p | 32) >= 'a' &&
							(*p | 32) <= 'f'
						    ? (*p | 32) - 'a' + 10
						    : 0;
					for (int bit = 3; bit >= 0; bit--)
						rt_buf_addch(&b, (d >> bit) & 1
								     ? '1'
								     : '0');
				}
			} else {
				rt_buf_adds(&b,
					    v + (v[0] == 'b' || v[0] == 'B'));
			}
			PgQuery__AConst *n =
			    rt_arena_alloc(l->scratch, sizeof(*n));
			PgQuery__String *str =
			    rt_arena_alloc(l->scratch, sizeof(*str));
			pg_query__a__const__init(n);
			pg_query__string__init(str);
			str->sval = rt_buf_detach_arena(&b, l->scratch);
			n->val_case = PG_QUERY__A__CONST__VAL_SVAL;
			n->sval = str;
			e = rt_load__wrap(l, PG_QUERY__NODE__NODE_A_CONST, n);
		}
	}
	const char *text = rt_load__expr_text(l, e);
	if (text)
		text = default_text(
		    l, text, e->node_case == PG_QUERY__NODE__NODE_A_CONST);
	return rt_load__make_expr(l, out, text);
}

int rt_load__make_expr(ld *l, rt_expr **out, const char *text)
{
	rt_expr *e = RT_NEW(l->a, rt_expr);
	if (!text)
		return -1;
	e->text = text;
	e->key = rt_map_get(&l->canon_memo, text, strlen(text));
	if (!e->key) {
		if (rt_canon_expr(&e->key, l->a, text, l->err) < 0)
			return rt_load__failed_here(l);
		rt_map_put(&l->canon_memo, l->a, rt_arena_strdup(l->a, text),
			   strlen(text), (void *)e->key);
	}
	*out = e;
	return 0;
}

int rt_load__node_expr(ld *l, rt_expr **out, Node *e)
{
	return rt_load__make_expr(l, out, rt_load__expr_text(l, e));
}

/* ---- re-reading stored SQL text --------------------------------------- */

/* The fields of m a walk looks at: a Node holds one member of its oneof,
 * the field numbered node_case, so only that one (a Node has a field for
 * every kind of node); any other message, all of its fields. */
static const ProtobufCFieldDescriptor *fields_of(const ProtobufCMessage *m,
						 unsigned *n)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	if (d == &pg_query__node__descriptor) {
		const ProtobufCFieldDescriptor *f =
		    rt_canon_node_field((const Node *)m);
		*n = f ? 1 : 0;
		return f;
	}
	*n = d->n_fields;
	return d->fields;
}

/* Pre-order walk over every sub-message, driven by the descriptors. */
void rt_load__walk(ProtobufCMessage *m, visit_fn fn, void *arg)
{
	fn(m, arg);
	unsigned nf;
	const ProtobufCFieldDescriptor *fs = fields_of(m, &nf);
	for (unsigned i = 0; i < nf; i++) {
		const ProtobufCFieldDescriptor *f = &fs[i];
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
					rt_load__walk(arr[k], fn, arg);
		} else {
			ProtobufCMessage *sub =
			    *(ProtobufCMessage **)(base + f->offset);
			if (sub)
				rt_load__walk(sub, fn, arg);
		}
	}
}

/* Parses sql (one statement) into the scratch arena; NULL if it does not
 * parse (text we produced ourselves, so this does not happen). */
PgQuery__ParseResult *rt_load__reparse(ld *l, const char *sql)
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

void rt_load__node_colrefs(colrefs *c, ProtobufCMessage *m)
{
	if (m)
		rt_load__walk(m, visit_colref, c);
}

/* Columns an expression text (or with stmt, a statement text) uses. */
bool rt_load__text_uses_column(ld *l, const char *text, bool stmt,
			       const char *col)
{
	colrefs c = {l, {0}};
	const char *sql =
	    stmt ? text : rt_arena_printf(l->scratch, "SELECT %s", text);
	PgQuery__ParseResult *t = rt_load__reparse(l, sql);
	if (!t)
		return false;
	rt_load__node_colrefs(&c, &t->base);
	for (size_t i = 0; i < c.names.len; i++)
		if (strcmp(c.names.items[i], col) == 0)
			return true;
	return false;
}

void rt_load__visit_rename(ProtobufCMessage *m, void *arg)
{
	renamer *r = arg;
	if (r->old_col && m->descriptor == &pg_query__column_ref__descriptor) {
		PgQuery__ColumnRef *c = (PgQuery__ColumnRef *)m;
		if (c->n_fields > 0) {
			Node *last = c->fields[c->n_fields - 1];
			if (str_of(last) &&
			    strcmp(str_of(last), r->old_col) == 0)
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
static const char *rename_in(ld *l, const char *text, bool stmt, renamer *r)
{
	const char *sql =
	    stmt ? text : rt_arena_printf(l->scratch, "SELECT %s", text);
	PgQuery__ParseResult *t = rt_load__reparse(l, sql);
	if (!t)
		return text;
	rt_load__walk(&t->base, rt_load__visit_rename, r);
	const char *out = rt_load__deparse(l, t->stmts[0]->stmt);
	if (!out) {
		rt_error_clear(l->err);
		return text;
	}
	if (!stmt && strncmp(out, "SELECT ", 7) == 0)
		out += 7;
	return out;
}

void rt_load__rename_expr(ld *l, rt_expr *e, renamer *r, bool stmt,
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
	e->refs = NULL; /* the graph reads them again from the new text */
}

/* ---- small node helpers ----------------------------------------------- */

/* A DefElem argument as text (String, TypeName, number, boolean). */
const char *rt_load__defarg_str(ld *l, const Node *n)
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
			return rt_arena_printf(l->scratch, "%d", c->ival->ival);
		if (c->val_case == PG_QUERY__A__CONST__VAL_FVAL)
			return c->fval->fval;
		if (c->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL)
			return c->boolval->boolval ? "true" : "false";
		return NULL;
	}
	case PG_QUERY__NODE__NODE_LIST:
		if (n->list->n_items)
			return rt_load__defarg_str(
			    l, n->list->items[n->list->n_items - 1]);
		return NULL;
	default:
		return NULL;
	}
}

bool rt_load__defarg_bool(ld *l, const Node *n, bool dflt)
{
	const char *s = rt_load__defarg_str(l, n);
	if (!n)
		return true; /* "CYCLE" alone */
	if (!s)
		return dflt;
	return strcmp(s, "true") == 0 || strcmp(s, "on") == 0 ||
	       strcmp(s, "1") == 0 || strcmp(s, "yes") == 0;
}

int rt_load__defarg_int64(ld *l, const Node *n, int64_t *out)
{
	const char *s = rt_load__defarg_str(l, n);
	char *end;
	if (!s)
		return rt_load__fail(l, "expected an integer");
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end)
		return rt_load__fail(l, "invalid integer '%s'", s);
	*out = v;
	return 0;
}

/* The column names of a list of String nodes, as an arena vector. */
void rt_load__str_list(ld *l, rt_vec *out, Node **items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (str_of(items[i]))
			rt_vec_push(out, l->a,
				    rt_arena_strdup(l->a, str_of(items[i])));
}

/* ---- types ------------------------------------------------------------ */

/* Resolves a TypeName. *serial_out (may be NULL) receives the integer type
 * behind serial/bigserial/smallserial, else NULL. */
/* A decimal int, 0 when s is not one. */
static int atoi_safe(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	return *end ? 0 : (int)v;
}

/* "interval day to second(3)" from the field mask and precision typmods,
 * as format_type prints them. */
static const char *interval_type(ld *l, const PgQuery__TypeName *tn)
{
	static const struct {
		int mask;
		const char *text;
	} fields[] = {
	    {1 << 2, " year"},
	    {1 << 1, " month"},
	    {1 << 3, " day"},
	    {1 << 10, " hour"},
	    {1 << 11, " minute"},
	    {1 << 12, " second"},
	    {1 << 2 | 1 << 1, " year to month"},
	    {1 << 3 | 1 << 10, " day to hour"},
	    {1 << 3 | 1 << 10 | 1 << 11, " day to minute"},
	    {1 << 3 | 1 << 10 | 1 << 11 | 1 << 12, " day to second"},
	    {1 << 10 | 1 << 11, " hour to minute"},
	    {1 << 10 | 1 << 11 | 1 << 12, " hour to second"},
	    {1 << 11 | 1 << 12, " minute to second"},
	};
	rt_buf b = RT_BUF_INIT;
	const char *m = rt_load__defarg_str(l, tn->typmods[0]);
	int mask = m ? atoi_safe(m) : 0x7fff;
	rt_buf_adds(&b, "interval");
	for (size_t i = 0; i < RT_ARRAY_LEN(fields); i++)
		if (fields[i].mask == mask)
			rt_buf_adds(&b, fields[i].text);
	if (tn->n_typmods > 1) {
		const char *p = rt_load__defarg_str(l, tn->typmods[1]);
		rt_buf_addf(&b, "(%s)", p ? p : "");
	}
	for (size_t i = 0; i < tn->n_array_bounds; i++)
		rt_buf_adds(&b, "[]");
	return rt_buf_detach_arena(&b, l->a);
}

/* rt_schema_canonical_type(l->a, text), remembered: columns repeat
 * their types */
static const char *canonical_type(ld *l, const char *text, size_t len)
{
	static const char none;
	const char *c = rt_map_get(&l->type_memo, text, len);
	if (c)
		return c == &none ? NULL : c;
	c = rt_schema_canonical_type(l->a, text);
	rt_map_put(&l->type_memo, l->a, rt_arena_strndup(l->a, text, len), len,
		   (void *)(c ? c : &none));
	return c;
}

int rt_load__resolve_type(ld *l, const PgQuery__TypeName *tn, rt_type *out,
			  const char **serial_out)
{
	const char *names[3] = {NULL, NULL, NULL};
	size_t n = tn->n_names;
	rt_buf b = RT_BUF_INIT;
	if (serial_out)
		*serial_out = NULL;
	if (n == 0 || n > 3)
		return rt_load__fail(l, "unsupported type name");
	for (size_t i = 0; i < n; i++)
		names[i] = str_of(tn->names[i]);
	if (tn->pct_type)
		return rt_load__fail(l, "%%TYPE references are not supported");
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
	if (!schema && strcmp(base, "interval") == 0 && tn->n_typmods) {
		out->name = interval_type(l, tn);
		return 0;
	}
	if (!schema && n == 1 && strcmp(base, "char") == 0) {
		/* quoted "char": the one-byte internal type */
		rt_buf_adds(&b, "\"char\"");
		for (size_t i = 0; i < tn->n_array_bounds; i++)
			rt_buf_adds(&b, "[]");
		out->name = rt_buf_detach_arena(&b, l->a);
		return 0;
	}
	rt_buf_adds(&b, base);
	if (tn->n_typmods) {
		bool numeric = strcmp(base, "numeric") == 0 ||
			       strcmp(base, "decimal") == 0;
		rt_buf_addch(&b, '(');
		for (size_t i = 0; i < tn->n_typmods; i++) {
			const char *m = rt_load__defarg_str(l, tn->typmods[i]);
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
	if (!schema &&
	    (n >= 2 || !holds(l, rt_load__schema(l, NULL, base, LOOK_TYPE),
			      base, LOOK_TYPE)))
		out->name = canonical_type(l, b.data, b.len);
	if (!out->name) {
		if (n >= 2 && !schema) {
			/* an unknown pg_catalog type: keep its name */
			out->name = rt_buf_detach_arena(&b, l->a);
			return 0;
		}
		out->schema = rt_arena_strdup(
		    l->a, rt_load__schema(l, schema, base, LOOK_TYPE));
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
const char *rt_load__type_text(ld *l, const PgQuery__TypeName *tn)
{
	rt_type t;
	if (!tn || rt_load__resolve_type(l, tn, &t, NULL) < 0) {
		rt_error_clear(l->err);
		return "?";
	}
	return t.schema ? qn(l, t.schema, t.name) : t.name;
}

/* A collation name list: schema NULL for built-in ones. */
rt_qname rt_load__resolve_collation(ld *l, Node **items, size_t n)
{
	rt_qname q = rt_load__names_qname(l, items, n);
	if (q.schema && strcmp(q.schema, "pg_catalog") == 0)
		q.schema = NULL;
	else if (!q.schema) {
		const char *s = rt_load__schema(l, NULL, q.name, LOOK_COLL);
		if (rt_schema_find_collation(l->s, s, q.name))
			q.schema = s;
	}
	return q;
}

/* ---- search_path ------------------------------------------------------ */

/* SET search_path TO a, b / RESET search_path / SET ... TO DEFAULT */
static void set_stmt(ld *l, const PgQuery__VariableSetStmt *st)
{
	rt_buf b = RT_BUF_INIT;
	if (strcmp(st->name, "search_path") != 0)
		return;
	if (st->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE) {
		l->path_set = false; /* the default: "$user", public */
		return;
	}
	for (size_t i = 0; i < st->n_args; i++) {
		const char *v = rt_load__defarg_str(l, st->args[i]);
		if (i)
			rt_buf_addch(&b, ',');
		/* quoted: the value is one name, case kept */
		rt_buf_addch(&b, '"');
		for (const char *p = v ? v : ""; *p; p++) {
			if (*p == '"')
				rt_buf_addch(&b, '"');
			rt_buf_addch(&b, *p);
		}
		rt_buf_addch(&b, '"');
	}
	rt_load__set_path(l, b.data);
	rt_buf_release(&b);
}

/* SELECT pg_catalog.set_config('search_path', '...', ...) */
static void path_from_select(ld *l, const PgQuery__SelectStmt *s)
{
	for (size_t i = 0; i < s->n_target_list; i++) {
		const PgQuery__ResTarget *rt = s->target_list[i]->res_target;
		if (!rt->val ||
		    rt->val->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
			continue;
		const PgQuery__FuncCall *f = rt->val->func_call;
		const char *fn = str_of(f->funcname[f->n_funcname - 1]);
		if (strcmp(fn, "set_config") != 0 || f->n_args < 2)
			continue;
		const char *name = rt_load__defarg_str(l, f->args[0]);
		if (name && strcmp(name, "search_path") == 0)
			rt_load__set_path(l,
					  rt_load__defarg_str(l, f->args[1]));
	}
}

/* ---- dispatch --------------------------------------------------------- */

static int exec_stmt(ld *l, Node *n);

/* CREATE SCHEMA s [CREATE TABLE ...]: the elements are created in s. */
static int create_schema(ld *l, PgQuery__CreateSchemaStmt *st)
{
	rt_vec saved = l->path;
	bool saved_set = l->path_set;
	int rc = 0;
	size_t before = l->s->namespaces.len;
	if (rt_load__create_schema(l, st) < 0)
		return -1;
	if (st->n_schema_elts == 0 || l->s->namespaces.len == before)
		return 0;
	rt_namespace *ns = l->s->namespaces.items[before];
	memset(&l->path, 0, sizeof(l->path));
	rt_vec_push(&l->path, l->scratch, (void *)ns->name);
	l->path_set = true;
	for (size_t i = 0; i < st->n_schema_elts && rc == 0; i++)
		rc = exec_stmt(l, st->schema_elts[i]);
	l->path = saved;
	l->path_set = saved_set;
	return rc;
}

static int exec_stmt(ld *l, Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		return rt_load__create_table(l, n->create_stmt);
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
		PgQuery__AlterTableStmt *st = n->alter_table_stmt;
		rt_load__alter_table_owner(l, st);
		if (st->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE &&
		    !rt_schema_find_table(
			l->s,
			rt_load__schema(l, st->relation->schemaname,
					st->relation->relname, LOOK_REL),
			st->relation->relname) &&
		    rt_load__other_relation(l, st->relation))
			return 0;
		return rt_load__alter_table(l, st);
	}
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		return rt_load__create_index(l, n->index_stmt);
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
		return rt_load__create_sequence(l, n->create_seq_stmt);
	case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
		return rt_load__alter_sequence(l, n->alter_seq_stmt);
	case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
		return rt_load__create_enum(l, n->create_enum_stmt);
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
		return rt_load__alter_enum(l, n->alter_enum_stmt);
	case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
		return rt_load__create_extension(l, n->create_extension_stmt);
	case PG_QUERY__NODE__NODE_ALTER_EXTENSION_STMT:
		return rt_load__alter_extension(l, n->alter_extension_stmt);
	case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
		return create_schema(l, n->create_schema_stmt);
	case PG_QUERY__NODE__NODE_DROP_STMT:
		return rt_load__drop_stmt(l, n->drop_stmt);
	case PG_QUERY__NODE__NODE_COMMENT_STMT:
		return rt_load__comment_stmt(l, n->comment_stmt);
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		return rt_load__rename_stmt(l, n->rename_stmt);
	case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT:
		return rt_load__set_schema(l, n->alter_object_schema_stmt);
	case PG_QUERY__NODE__NODE_DEFINE_STMT: {
		PgQuery__DefineStmt *d = n->define_stmt;
		if (d->kind == PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION)
			return rt_load__create_collation(l, d);
		if (d->kind == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE) {
			rt_load__unmanaged(
			    l, rt_arena_printf(
				   l->scratch, "aggregate %s%s",
				   rt_load__names_text(l, d->defnames,
						       d->n_defnames),
				   d->n_args && d->args[0]->node_case ==
						    PG_QUERY__NODE__NODE_LIST
				       ? rt_load__args_text(
					     l, d->args[0]->list->items,
					     d->args[0]->list->n_items)
				       : "(*)"));
			return 0;
		}
		if (d->kind == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE) {
			rt_load__unmanaged(
			    l, rt_arena_printf(
				   l->scratch, "type %s",
				   rt_load__names_text(l, d->defnames,
						       d->n_defnames)));
			return 0;
		}
		rt_load__unmanaged(l, rt_load__statement_what(l));
		return 0;
	}
	case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
		return rt_load__create_composite(l, n->composite_type_stmt);
	case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
		return rt_load__create_range(l, n->create_range_stmt);
	case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
		return rt_load__create_domain(l, n->create_domain_stmt);
	case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
		return rt_load__alter_domain(l, n->alter_domain_stmt);
	case PG_QUERY__NODE__NODE_VIEW_STMT:
		return rt_load__create_view(l, n->view_stmt);
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: {
		PgQuery__CreateTableAsStmt *c = n->create_table_as_stmt;
		if (c->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW)
			return rt_load__create_matview(l, c);
		rt_load__unmanaged(
		    l, rt_arena_printf(l->scratch, "table %s",
				       rt_load__rv_new_text(l, c->into->rel)));
		return 0;
	}
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
		return rt_load__create_function(l, n->create_function_stmt);
	case PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT:
		return rt_load__alter_function(l, n->alter_function_stmt);
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
		return rt_load__create_trigger(l, n->create_trig_stmt);
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
		return rt_load__create_policy(l, n->create_policy_stmt);
	case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT:
		return rt_load__alter_policy(l, n->alter_policy_stmt);
	case PG_QUERY__NODE__NODE_RULE_STMT:
		return rt_load__create_rule(l, n);
	case PG_QUERY__NODE__NODE_CREATE_EVENT_TRIG_STMT:
		rt_load__unmanaged(
		    l, rt_arena_printf(l->scratch, "event trigger %s",
				       n->create_event_trig_stmt->trigname));
		return 0;
	case PG_QUERY__NODE__NODE_CREATE_PUBLICATION_STMT:
		rt_load__unmanaged(
		    l, rt_arena_printf(l->scratch, "publication %s",
				       n->create_publication_stmt->pubname));
		return 0;
	case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT:
		rt_load__unmanaged(
		    l, rt_arena_printf(
			   l->scratch, "foreign table %s",
			   rt_load__rv_new_text(l, n->create_foreign_table_stmt
						       ->base_stmt->relation)));
		return 0;
	case PG_QUERY__NODE__NODE_CREATE_STATS_STMT:
		if (n->create_stats_stmt->n_defnames) {
			rt_load__unmanaged(
			    l, rt_arena_printf(
				   l->scratch, "statistics %s",
				   rt_load__names_text(
				       l, n->create_stats_stmt->defnames,
				       n->create_stats_stmt->n_defnames)));
			return 0;
		}
		rt_load__unmanaged(l, rt_load__statement_what(l));
		return 0;
	case PG_QUERY__NODE__NODE_CREATE_FDW_STMT:
		rt_load__unmanaged(
		    l, rt_arena_printf(l->scratch, "foreign data wrapper %s",
				       n->create_fdw_stmt->fdwname));
		return 0;
	case PG_QUERY__NODE__NODE_CREATE_FOREIGN_SERVER_STMT:
		rt_load__unmanaged(
		    l,
		    rt_arena_printf(l->scratch, "server %s",
				    n->create_foreign_server_stmt->servername));
		return 0;
	case PG_QUERY__NODE__NODE_GRANT_STMT:
		return rt_load__grant_stmt(l, n->grant_stmt);
	case PG_QUERY__NODE__NODE_SELECT_STMT:
		if (rt_load__is_config_select(n->select_stmt)) {
			path_from_select(l, n->select_stmt);
			return 0;
		}
		rt_load__unmanaged(l, rt_load__statement_what(l));
		return 0;
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
		set_stmt(l, n->variable_set_stmt);
		return 0;
	case PG_QUERY__NODE__NODE_INSERT_STMT:
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
	case PG_QUERY__NODE__NODE_DELETE_STMT:
	case PG_QUERY__NODE__NODE_COPY_STMT:
	case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
	/* a DO block: code run once (a migration's batched backfill), not
	 * an object of the schema */
	case PG_QUERY__NODE__NODE_DO_STMT:
	/* roles belong to the cluster, not to the database's schema */
	case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
	case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT:
	case PG_QUERY__NODE__NODE_DROP_ROLE_STMT:
	case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT:
		rt_load__unmanaged(l, rt_load__statement_what(l))->data = true;
		return 0;
	case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT:
		rt_load__default_privileges(l,
					    n->alter_default_privileges_stmt);
		rt_load__unmanaged(l, rt_load__statement_what(l));
		return 0;
	case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
		rt_load__alter_owner(l, n->alter_owner_stmt);
		return 0;
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
	case PG_QUERY__NODE__NODE_VACUUM_STMT:
		return 0; /* no schema state */
	default:
		rt_load__unmanaged(l, rt_load__statement_what(l));
		return 0;
	}
}

/* ---- entry points ----------------------------------------------------- */

/* Deepest nesting of messages in a packed parse result, counted without
 * recursion; stops once past limit. protobuf-c unpacks (and libpg_query
 * deparses) recursively, so a tree too deep for the stack must be refused
 * before it is unpacked. Malformed input gives 0: unpacking reports it. */
static bool varint(const uint8_t *p, size_t end, size_t *pos, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (*pos >= end)
			return false;
		uint8_t b = p[(*pos)++];
		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return true;
	}
	return false;
}

static size_t tree_depth(const uint8_t *p, size_t len, size_t limit)
{
	typedef struct level {
		const ProtobufCMessageDescriptor *d;
		size_t end;
	} level;
	level *st = rt_xmalloc((limit + 2) * sizeof(*st));
	size_t depth = 0, pos = 0, deepest = 0;
	uint64_t key, n;
	st[0].d = &pg_query__parse_result__descriptor;
	st[0].end = len;
	while (depth <= limit) {
		while (depth > 0 && pos >= st[depth].end)
			depth--;
		if (pos >= len)
			break;
		if (!varint(p, len, &pos, &key))
			goto malformed;
		switch (key & 7) {
		case 0: /* varint */
			if (!varint(p, len, &pos, &n))
				goto malformed;
			continue;
		case 1: /* 64-bit */
			n = 8;
			break;
		case 5: /* 32-bit */
			n = 4;
			break;
		case 2: /* length-delimited: a message, string or packed */
			if (!varint(p, len, &pos, &n))
				goto malformed;
			break;
		default:
			goto malformed;
		}
		if (n > st[depth].end - pos)
			goto malformed;
		const ProtobufCFieldDescriptor *f =
		    (key & 7) == 2 ? protobuf_c_message_descriptor_get_field(
					 st[depth].d, (unsigned)(key >> 3))
				   : NULL;
		if (f && f->type == PROTOBUF_C_TYPE_MESSAGE) {
			depth++;
			if (depth > deepest)
				deepest = depth;
			st[depth].d = f->descriptor;
			st[depth].end = pos + n;
		} else {
			pos += n;
		}
	}
	free(st);
	return deepest;
malformed:
	free(st);
	return 0;
}

/* Executes the statements of tree, parsed from l->text. */
static int exec_tree(ld *l, const PgQuery__ParseResult *tree)
{
	for (size_t i = 0; i < tree->n_stmts; i++) {
		PgQuery__RawStmt *raw = tree->stmts[i];
		int col;
		l->loc = skip_blank(l->text, raw->stmt_location);
		rt_load__place_of(l, l->loc, &l->loc_line, &col);
		uint32_t before = l->s->next_id;
		if (raw->stmt && exec_stmt(l, raw->stmt) < 0)
			return -1;
		if (l->defacls.len)
			rt_load__default_privileges_apply(l, before);
	}
	return 0;
}

/* exec_piece with libpg_query's protobuf output: for the statements
 * whose JSON output may have lost a negative number. */
static int exec_piece_protobuf(ld *l)
{
	int rc = -1;
	PgQueryProtobufParseResult pr = pg_query_parse_protobuf(l->text);
	if (pr.error) {
		int pos = pr.error->cursorpos;
		l->loc =
		    pos > 0 ? byte_of_char(l->text, pos) : (int)strlen(l->text);
		rt_errorf(l->err, RT_EINPUT, "%s", pr.error->message);
		set_place(l, l->err);
		goto done;
	}
	if (tree_depth((const uint8_t *)pr.parse_tree.data, pr.parse_tree.len,
		       RT_LOAD_DEPTH_MAX) > RT_LOAD_DEPTH_MAX) {
		l->loc = skip_blank(l->text, 0);
		rt_load__fail(l, "statement nested too deeply (over %d levels)",
			      RT_LOAD_DEPTH_MAX);
		goto done;
	}
	ProtobufCAllocator alloc = {arena_alloc, arena_nofree, l->scratch};
	PgQuery__ParseResult *tree = pg_query__parse_result__unpack(
	    &alloc, pr.parse_tree.len, (const uint8_t *)pr.parse_tree.data);
	if (!tree) {
		rt_errorf(l->err, RT_EINTERNAL, "cannot read the parse tree");
		l->loc = 0;
		set_place(l, l->err);
		goto done;
	}
	rc = exec_tree(l, tree);
done:
	pg_query_free_protobuf_parse_result(pr);
	return rc;
}

static void too_deep_here(ld *l)
{
	l->loc = skip_blank(l->text, 0);
	rt_load__fail(l, "statement nested too deeply (over %d levels)",
		      RT_LOAD_DEPTH_MAX);
}

/* Parses and executes one piece of input (statements in l->text). The
 * parse comes straight in protobuf-c structs (canon_parse.c), or where
 * that cannot be done as JSON (rt_canon_json_tree): libpg_query writes it
 * faster than protobuf, which it packs in time growing with each Node's
 * oneof. */
static int exec_piece(ld *l)
{
	int rc = -1;
	bool too_deep = false;
	PgQuery__ParseResult *direct;
	const char *msg;
	int at;
	rt_parse_hold hold;
	l->nl = NULL; /* a new piece: rt_load__line_at finds its newlines */
	l->marked = 0;
	switch (rt_canon_parse(l->scratch, l->text, RT_LOAD_DEPTH_MAX, &direct,
			       &msg, &at, &hold)) {
	case RT_PARSE_OK:
		rc = exec_tree(l, direct);
		rt_canon_parse_release(&hold);
		return rc;
	case RT_PARSE_ERROR:
		l->loc =
		    at > 0 ? byte_of_char(l->text, at) : (int)strlen(l->text);
		rt_errorf(l->err, RT_EINPUT, "%s", msg);
		set_place(l, l->err);
		return -1;
	case RT_PARSE_TOO_DEEP:
		too_deep_here(l);
		return -1;
	case RT_PARSE_NOT_HERE:
		break;
	}
	PgQueryParseResult pr = pg_query_parse(l->text);
	if (pr.error) {
		int pos = pr.error->cursorpos;
		l->loc =
		    pos > 0 ? byte_of_char(l->text, pos) : (int)strlen(l->text);
		rt_errorf(l->err, RT_EINPUT, "%s", pr.error->message);
		set_place(l, l->err);
		goto done;
	}
	PgQuery__ParseResult *tree = rt_canon_json_tree(
	    l->scratch, l->text, pr.parse_tree, RT_LOAD_DEPTH_MAX, &too_deep);
	if (too_deep) {
		too_deep_here(l);
		goto done;
	}
	rc = tree ? exec_tree(l, tree) : exec_piece_protobuf(l);
done:
	pg_query_free_parse_result(pr);
	return rc;
}

/* ---- runs: one schema built from several texts ------------------------ */

struct rt_load_sql_run {
	ld l;
};

/* Forgets s's dependency edges: rt_schema_finish fills them from the
 * model's references and only adds, so edges to what a later statement
 * dropped or renamed would stay. The run's finish rebuilds them. */
static void unlink_graph(rt_schema *s)
{
	for (rt_kind k = 0; k < RT_KIND_UNMANAGED; k++) {
		const rt_kind_ops *ops = rt_kind_get(k);
		if (ops->scope != RT_SCOPE_OWNER) {
			rt_vec *v = rt_kind_list(ops, s, NULL);
			for (size_t i = 0; i < v->len; i++)
				((rt_object *)v->items[i])->deps.len = 0;
			continue;
		}
		for (size_t t = 0; t < s->tables.len; t++) {
			rt_vec *v = rt_kind_list(ops, s, s->tables.items[t]);
			for (size_t i = 0; i < v->len; i++)
				((rt_object *)v->items[i])->deps.len = 0;
		}
	}
}

rt_load_sql_run *rt_load_sql_begin(rt_arena *a, rt_schema *s,
				   const char *source)
{
	rt_load_sql_run *r = RT_NEW(a, rt_load_sql_run);
	ld *l = &r->l;
	l->a = a;
	if (s) {
		RT_ASSERT(s->arena == a);
		unlink_graph(s);
		l->s = s;
		return r;
	}
	l->s = rt_schema_new(a);
	l->s->source = rt_arena_strdup(a, source);
	rt_namespace *pub = rt_load__add_namespace(l, "public");
	pub->comment = "standard public schema";
	rt_schema_public_defaults(l->s, pub);
	((rt_namespace *)l->s->namespaces.items[0])->src_line = 0;
	return r;
}

ld *rt_load__run_ld(rt_load_sql_run *r)
{
	return &r->l;
}

void rt_load_sql_session(rt_load_sql_run *r)
{
	r->l.path.len = 0;
	r->l.path_set = false;
	r->l.owner_revokes.len = 0;
}

bool rt_load_sql_stateful(const rt_load_sql_run *r)
{
	if (r->l.defacls.len > 0)
		return true;
	/* pairs (object, role); a NULL role (CREATE SCHEMA without
	 * AUTHORIZATION) says no more than no pair */
	for (size_t i = 1; i < r->l.owners.len; i += 2)
		if (r->l.owners.items[i])
			return true;
	return false;
}

/* Reads src statement by statement into the run's schema. */
static int run_src(ld *l, rt_sqlsrc *src, rt_error *err)
{
	rt_sqlstmt st;
	int got;
	l->file = src->name;
	l->err = err;
	while ((got = rt_load__next_stmt(src, &st, err)) > 0) {
		int rc;
		l->scratch = rt_arena_new();
		l->text = rt_arena_strndup(l->scratch, st.text, st.len);
		l->base_line = st.line;
		l->base_col = st.col;
		l->seen_off = 0;
		l->seen_line = st.line;
		l->seen_bol = 0;
		l->seen_nl = false;
		rc = exec_piece(l);
		rt_arena_free(l->scratch);
		l->scratch = NULL;
		l->text = NULL;
		if (rc < 0)
			return -1;
	}
	return got < 0 ? -1 : 0;
}

int rt_load_sql_apply(rt_load_sql_run *r, const char *name, const char *text,
		      int line, int col, rt_error *err)
{
	rt_sqlsrc src;
	int rc;
	rt_load__src_init(&src, name, NULL);
	rt_buf_adds(&src.buf, text);
	src.line = line > 0 ? line : 1;
	src.col = col > 0 ? col : 1;
	src.bol = src.col == 1;
	rc = run_src(&r->l, &src, err);
	rt_load__src_release(&src);
	return rc;
}

rt_schema *rt_load_sql_finish(rt_load_sql_run *r)
{
	rt_schema_finish(r->l.s);
	return r->l.s;
}

/* Reads src statement by statement into a new schema. */
static int load_src(rt_schema **out, rt_arena *a, rt_sqlsrc *src, rt_error *err)
{
	rt_load_sql_run *r = rt_load_sql_begin(a, NULL, src->name);
	if (run_src(&r->l, src, err) < 0)
		return -1;
	*out = rt_load_sql_finish(r);
	return 0;
}

int rt_load__sql_exec(rt_schema *s, const char *origin, const char *sql,
		      rt_error *err)
{
	ld l = {0};
	int rc;

	l.a = s->arena;
	l.s = s;
	l.file = origin;
	l.err = err;
	l.exact = true;
	l.scratch = rt_arena_new();
	l.text = rt_arena_strdup(l.scratch, sql);
	l.base_line = 1;
	l.base_col = 1;
	l.seen_line = 1;
	rc = exec_piece(&l);
	rt_arena_free(l.scratch);
	return rc;
}

int rt_load_sql_text(rt_schema **out, rt_arena *a, const char *name,
		     const char *text, rt_error *err)
{
	rt_sqlsrc src;
	rt_load__src_init(&src, name, NULL);
	rt_buf_adds(&src.buf, text);
	int rc = load_src(out, a, &src, err);
	rt_load__src_release(&src);
	return rc;
}

int rt_load_sql_stream(rt_schema **out, rt_arena *a, const char *name, FILE *f,
		       rt_error *err)
{
	rt_sqlsrc src;
	rt_load__src_init(&src, name, f);
	int rc = load_src(out, a, &src, err);
	rt_load__src_release(&src);
	return rc;
}

int rt_load_sql_file(rt_schema **out, rt_arena *a, const char *path,
		     rt_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return rt_errorf(err, RT_EIO, "cannot read '%s': %s", path,
				 strerror(errno));
	int rc = rt_load_sql_stream(out, a, path, f, err);
	fclose(f);
	return rc;
}
