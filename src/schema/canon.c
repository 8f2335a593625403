/* SPDX-License-Identifier: MIT */
/*
 * Normalised comparison keys with libpg_query (confined to this file in the
 * schema module). Text is parsed to protobuf, unpacked into a scratch arena
 * so the tree can be rewired freely, rewritten, packed and deparsed.
 */
#include "base/common.h"
#include "base/buf.h"
#include "schema/canon.h"
#include "schema/canon_json.h"
#include "schema/canon_pack.h"
#include "schema/canon_parse.h"
#include "schema/schema.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <pthread.h>

typedef PgQuery__Node Node;

/* protobuf-c string fields are char *: writable copies of constants */
static char empty_str[] = "";
static char btree_str[] = "btree";
static char rule_str[] = "r";
static char trigger_str[] = "t";

static void *arena_alloc(void *data, size_t n)
{
	return rt_arena_alloc(data, n);
}

static void arena_nofree(void *data, void *p)
{
	(void)data;
	(void)p;
}

/* ---- tree rewriting ---------------------------------------------------- */

static bool is_const(const Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_A_CONST;
}

static const char *str_of(const Node *n)
{
	if (n && n->node_case == PG_QUERY__NODE__NODE_STRING)
		return n->string->sval;
	return NULL;
}

/* true for text that reads as a number: -?digits[.digits][e[+-]digits] */
static bool numeric_text(const char *s)
{
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	if (!(*p >= '0' && *p <= '9') &&
	    !(*p == '.' && p[1] >= '0' && p[1] <= '9'))
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

static bool digits(const char *p, int n)
{
	for (int i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

/*
 * A date or timestamp literal in the spelling PostgreSQL prints for a UTC
 * session: '2024-01-01', '2024-01-01 00:00', '2024-01-01 00:00:00+00' all
 * become "2024-01-01"; other times get their seconds ("10:30" ->
 * "10:30:00"). NULL when s is not such a literal (or names another zone).
 */
static const char *canon_datetime(rt_arena *a, const char *s)
{
	if (!(digits(s, 4) && s[4] == '-' && digits(s + 5, 2) && s[7] == '-' &&
	      digits(s + 8, 2)))
		return NULL;
	const char *p = s + 10;
	if (*p == '\0')
		return NULL; /* already canonical */
	if (*p != ' ' && *p != 'T')
		return NULL;
	p++;
	if (!(digits(p, 2) && p[2] == ':' && digits(p + 3, 2)))
		return NULL;
	char hm[6];
	memcpy(hm, p, 5);
	hm[5] = '\0';
	p += 5;
	const char *sec = "00", *frac = "";
	size_t fraclen = 0;
	if (*p == ':') {
		if (!digits(p + 1, 2))
			return NULL;
		sec = p + 1;
		p += 3;
		if (*p == '.') {
			frac = p;
			fraclen = 1;
			while (p[fraclen] >= '0' && p[fraclen] <= '9')
				fraclen++;
			p += fraclen;
		}
	}
	if (*p == '+' && p[1] == '0' && p[2] == '0')
		p += (p[3] == ':' && p[4] == '0' && p[5] == '0') ? 6 : 3;
	else if (*p == 'Z')
		p++;
	else if (strcmp(p, " UTC") == 0 || strcmp(p, " utc") == 0)
		p += 4;
	if (*p != '\0')
		return NULL;
	if (strcmp(hm, "00:00") == 0 && strncmp(sec, "00", 2) == 0 &&
	    strspn(frac, ".0") == fraclen)
		return rt_arena_strndup(a, s, 10);
	return rt_arena_printf(a, "%.10s %s:%.2s%.*s", s, hm, sec, (int)fraclen,
			       frac);
}

/* A number with an exponent as numeric_in stores it: "1e9" is
 * 1000000000, "1.50e1" is 15.0, "1e-2" is 0.01; text itself otherwise
 * (or when the exponent is out of reason). */
static const char *plain_number(rt_arena *a, const char *text)
{
	const char *p = text, *e = strpbrk(text, "eE");
	rt_buf d = RT_BUF_INIT, out = RT_BUF_INIT;
	long exp;
	size_t nint = 0;
	bool neg = false, frac = false;

	if (!e)
		return text;
	exp = strtol(e + 1, NULL, 10);
	if (exp > 100 || exp < -100)
		return text;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (; p < e; p++) {
		if (*p == '.') {
			frac = true;
			continue;
		}
		rt_buf_addch(&d, *p);
		if (!frac)
			nint++;
	}
	long pos = (long)nint + exp;
	if (neg)
		rt_buf_addch(&out, '-');
	if (pos <= 0) {
		rt_buf_adds(&out, "0.");
		for (long i = 0; i < -pos; i++)
			rt_buf_addch(&out, '0');
		rt_buf_adds(&out, d.data);
	} else if ((size_t)pos >= d.len) {
		size_t z = strspn(d.data, "0");
		rt_buf_adds(&out, z == d.len ? "0" : d.data + z);
		for (long i = (long)d.len; i < pos && z < d.len; i++)
			rt_buf_addch(&out, '0');
	} else {
		size_t z = strspn(d.data, "0");
		if (z >= (size_t)pos)
			rt_buf_addch(&out, '0');
		else
			rt_buf_add(&out, d.data + z, (size_t)pos - z);
		rt_buf_addch(&out, '.');
		rt_buf_adds(&out, d.data + pos);
	}
	const char *r = rt_arena_strdup(a, out.data);
	rt_buf_release(&d);
	rt_buf_release(&out);
	return r;
}

/* Every numeric constant, and every string constant that reads as a
 * number, becomes a Float with its text: 1, '1' and (1)::numeric agree.
 * Date and timestamp strings take one spelling (canon_datetime). */
static void canon_const(rt_arena *a, PgQuery__AConst *c)
{
	const char *text = NULL;
	if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL && c->sval) {
		const char *dt = canon_datetime(a, c->sval->sval);
		if (dt) {
			PgQuery__String *str = RT_NEW(a, PgQuery__String);
			pg_query__string__init(str);
			str->sval = (char *)dt;
			c->sval = str;
			return;
		}
	}
	if (c->val_case == PG_QUERY__A__CONST__VAL_IVAL)
		text = rt_arena_printf(a, "%d", c->ival ? c->ival->ival : 0);
	else if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL && c->sval &&
		 numeric_text(c->sval->sval))
		text = c->sval->sval;
	else if (c->val_case == PG_QUERY__A__CONST__VAL_FVAL && c->fval)
		text = c->fval->fval;
	if (!text)
		return;
	PgQuery__Float *f = RT_NEW(a, PgQuery__Float);
	pg_query__float__init(f);
	f->fval = rt_arena_strdup(a, plain_number(a, text));
	c->val_case = PG_QUERY__A__CONST__VAL_FVAL;
	c->fval = f;
}

/* Drops a leading "public" (and for functions "pg_catalog") from a name
 * list such as a FuncCall's funcname. */
static void strip_qualifier(size_t *n, Node ***names, bool catalog_too)
{
	if (*n < 2)
		return;
	const char *first = str_of((*names)[0]);
	if (first && (strcmp(first, "public") == 0 ||
		      (catalog_too && strcmp(first, "pg_catalog") == 0))) {
		(*names)++;
		(*n)--;
	}
}

static Node *new_node(rt_arena *a)
{
	Node *n = RT_NEW(a, Node);
	pg_query__node__init(n);
	return n;
}

/* x IN (a, b) -> x = ANY (ARRAY[a, b]); NOT IN -> <> ALL (...) */
static void in_to_any(rt_arena *a, PgQuery__AExpr *e)
{
	Node *r = e->rexpr;
	if (!r || r->node_case != PG_QUERY__NODE__NODE_LIST)
		return;
	PgQuery__AArrayExpr *arr = RT_NEW(a, PgQuery__AArrayExpr);
	pg_query__a__array_expr__init(arr);
	arr->n_elements = r->list->n_items;
	arr->elements = r->list->items;
	Node *n = new_node(a);
	n->node_case = PG_QUERY__NODE__NODE_A_ARRAY_EXPR;
	n->a_array_expr = arr;
	e->rexpr = n;
	const char *op = e->n_name ? str_of(e->name[e->n_name - 1]) : NULL;
	e->kind = (op && strcmp(op, "<>") == 0)
		      ? PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL
		      : PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY;
}

static Node *make_op(rt_arena *a, const char *op, Node *l, Node *r)
{
	PgQuery__AExpr *e = RT_NEW(a, PgQuery__AExpr);
	pg_query__a__expr__init(e);
	e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
	Node *name = new_node(a);
	PgQuery__String *s = RT_NEW(a, PgQuery__String);
	pg_query__string__init(s);
	s->sval = rt_arena_strdup(a, op);
	name->node_case = PG_QUERY__NODE__NODE_STRING;
	name->string = s;
	e->n_name = 1;
	e->name = rt_arena_alloc(a, sizeof(Node *));
	e->name[0] = name;
	e->lexpr = l;
	e->rexpr = r;
	Node *n = new_node(a);
	n->node_case = PG_QUERY__NODE__NODE_A_EXPR;
	n->a_expr = e;
	return n;
}

/* x BETWEEN a AND b -> x >= a AND x <= b, as PostgreSQL stores it */
static void between_to_and(rt_arena *a, Node *n)
{
	PgQuery__AExpr *e = n->a_expr;
	Node *r = e->rexpr;
	if (!r || r->node_case != PG_QUERY__NODE__NODE_LIST ||
	    r->list->n_items != 2)
		return;
	bool neg = e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN;
	PgQuery__BoolExpr *b = RT_NEW(a, PgQuery__BoolExpr);
	pg_query__bool_expr__init(b);
	b->boolop = neg ? PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR
			: PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR;
	b->n_args = 2;
	b->args = rt_arena_alloc(a, 2 * sizeof(Node *));
	b->args[0] = make_op(a, neg ? "<" : ">=", e->lexpr, r->list->items[0]);
	b->args[1] = make_op(a, neg ? ">" : "<=", e->lexpr, r->list->items[1]);
	n->node_case = PG_QUERY__NODE__NODE_BOOL_EXPR;
	n->bool_expr = b;
}

/* Flattens nested ANDs / ORs: a AND (b AND c) -> AND(a, b, c). */
static void flatten_bool(rt_arena *a, PgQuery__BoolExpr *b)
{
	if (b->boolop == PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR)
		return;
	size_t n = 0;
	for (size_t i = 0; i < b->n_args; i++) {
		Node *c = b->args[i];
		if (c->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR &&
		    c->bool_expr->boolop == b->boolop)
			n += c->bool_expr->n_args;
		else
			n++;
	}
	if (n == b->n_args)
		return;
	Node **args = rt_arena_alloc(a, n * sizeof(Node *));
	size_t k = 0;
	for (size_t i = 0; i < b->n_args; i++) {
		Node *c = b->args[i];
		if (c->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR &&
		    c->bool_expr->boolop == b->boolop) {
			for (size_t j = 0; j < c->bool_expr->n_args; j++)
				args[k++] = c->bool_expr->args[j];
		} else {
			args[k++] = c;
		}
	}
	b->args = args;
	b->n_args = n;
}

/* Calls visit(ctx, sub) for each sub-message of m, in field order. */
typedef void (*visit_fn)(void *ctx, ProtobufCMessage *sub);

static void visit_field(const ProtobufCMessage *m,
			const ProtobufCFieldDescriptor *f, visit_fn visit,
			void *ctx)
{
	const char *base = (const char *)m;
	if (f->type != PROTOBUF_C_TYPE_MESSAGE)
		return;
	if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
		uint32_t which =
		    *(const uint32_t *)(base + f->quantifier_offset);
		if (which != f->id)
			return;
	}
	if (f->label == PROTOBUF_C_LABEL_REPEATED) {
		size_t cnt = *(const size_t *)(base + f->quantifier_offset);
		ProtobufCMessage *const *arr =
		    *(ProtobufCMessage *const *const *)(base + f->offset);
		for (size_t k = 0; k < cnt; k++)
			if (arr[k])
				visit(ctx, arr[k]);
	} else {
		ProtobufCMessage *sub =
		    *(ProtobufCMessage *const *)(base + f->offset);
		if (sub)
			visit(ctx, sub);
	}
}

/* A Node is a oneof of every node type (some 250 fields, nothing else):
 * only the field it holds is looked at, found by its id, instead of
 * testing each of them (that loop was a tenth of a live load's client
 * time). */
static void each_sub(const ProtobufCMessage *m, visit_fn visit, void *ctx)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	if (d == &pg_query__node__descriptor) {
		const Node *n = (const Node *)m;
		const ProtobufCFieldDescriptor *f = rt_canon_node_field(n);
		if (f)
			visit_field(m, f, visit, ctx);
		return;
	}
	for (unsigned i = 0; i < d->n_fields; i++)
		visit_field(m, &d->fields[i], visit, ctx);
}

static void unqualify_columns(ProtobufCMessage *m, const char *q);

static void unqualify_visit(void *ctx, ProtobufCMessage *sub)
{
	unqualify_columns(sub, ctx);
}

/* Drops qualifier q from the two-part column references of m, not
 * looking into nested SELECTs (which have relations of their own). */
static void unqualify_columns(ProtobufCMessage *m, const char *q)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	if (d == &pg_query__select_stmt__descriptor)
		return;
	if (d == &pg_query__column_ref__descriptor) {
		PgQuery__ColumnRef *c = (PgQuery__ColumnRef *)m;
		const char *first =
		    c->n_fields == 2 ? str_of(c->fields[0]) : NULL;
		if (first && str_of(c->fields[1]) && strcmp(first, q) == 0) {
			c->fields++;
			c->n_fields--;
		}
		return;
	}
	each_sub(m, unqualify_visit, (void *)q);
}

/* A SELECT over one relation: its column references lose that relation's
 * name (or alias), which PostgreSQL prints (pg_get_expr of a policy's
 * subquery, pg_get_viewdef) and a user seldom writes. */
static void canon_select(PgQuery__SelectStmt *s)
{
	const PgQuery__RangeVar *rv;
	const char *q;
	if (s->n_from_clause != 1 ||
	    s->from_clause[0]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
		return;
	rv = s->from_clause[0]->range_var;
	q = rv->alias && rv->alias->aliasname && *rv->alias->aliasname
		? rv->alias->aliasname
		: rv->relname;
	if (!q || !*q)
		return;
	for (size_t i = 0; i < s->n_target_list; i++)
		unqualify_columns(&s->target_list[i]->base, q);
	if (s->where_clause)
		unqualify_columns(&s->where_clause->base, q);
	for (size_t i = 0; i < s->n_group_clause; i++)
		unqualify_columns(&s->group_clause[i]->base, q);
	if (s->having_clause)
		unqualify_columns(&s->having_clause->base, q);
	for (size_t i = 0; i < s->n_sort_clause; i++)
		unqualify_columns(&s->sort_clause[i]->base, q);
}

static void rewrite_node(rt_arena *a, Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_A_CONST:
		canon_const(a, n->a_const);
		break;
	case PG_QUERY__NODE__NODE_TYPE_CAST: {
		/* 'x'::text, (0)::numeric, ARRAY['a']::text[], (col)::numeric:
		 * the casts PostgreSQL adds to make operand types meet. A
		 * user's own cast of a column is lost from the key too, a
		 * difference that hardly ever changes meaning. */
		PgQuery__TypeCast *tc = n->type_cast;
		Node *arg = tc->arg;
		if (!arg)
			break;
		bool strip =
		    is_const(arg) ||
		    arg->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR ||
		    arg->node_case == PG_QUERY__NODE__NODE_COLUMN_REF;
		if (strip)
			*n = *arg;
		break;
	}
	case PG_QUERY__NODE__NODE_FUNC_CALL: {
		PgQuery__FuncCall *f = n->func_call;
		strip_qualifier(&f->n_funcname, &f->funcname, true);
		/* nextval('public.s'::regclass) -> nextval('s') */
		const char *fn = f->n_funcname ? str_of(f->funcname[0]) : NULL;
		if (fn && f->n_args == 1 && is_const(f->args[0]) &&
		    (strcmp(fn, "nextval") == 0 ||
		     strcmp(fn, "currval") == 0)) {
			PgQuery__AConst *c = f->args[0]->a_const;
			if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL &&
			    strncmp(c->sval->sval, "public.", 7) == 0)
				c->sval->sval += 7;
		}
		break;
	}
	case PG_QUERY__NODE__NODE_TYPE_NAME: {
		PgQuery__TypeName *t = n->type_name;
		strip_qualifier(&t->n_names, &t->names, false);
		break;
	}
	case PG_QUERY__NODE__NODE_RANGE_VAR:
		if (n->range_var->schemaname &&
		    strcmp(n->range_var->schemaname, "public") == 0)
			n->range_var->schemaname = empty_str;
		break;
	case PG_QUERY__NODE__NODE_A_EXPR:
		switch (n->a_expr->kind) {
		case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
			in_to_any(a, n->a_expr);
			break;
		case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
		case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE:
			/* the parser names LIKE "~~" and ILIKE "~~*";
			 * PostgreSQL prints them back as those operators */
			n->a_expr->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
			break;
		case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
		case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
			between_to_and(a, n);
			break;
		default:
			break;
		}
		break;
	case PG_QUERY__NODE__NODE_BOOL_EXPR:
		flatten_bool(a, n->bool_expr);
		break;
	case PG_QUERY__NODE__NODE_SELECT_STMT:
		canon_select(n->select_stmt);
		break;
	default:
		break;
	}
}

/* ASC and the default NULLS placement (LAST for ASC, FIRST for DESC) are
 * what pg_get_indexdef leaves out; operator classes and collations lose
 * their public / pg_catalog qualification. */
static void canon_index_elem(PgQuery__IndexElem *e)
{
	/* pg_dump writes public.gin_trgm_ops, pg_get_indexdef with
	 * search_path=public writes gin_trgm_ops */
	strip_qualifier(&e->n_opclass, &e->opclass, true);
	strip_qualifier(&e->n_collation, &e->collation, true);
	if (e->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_ASC)
		e->ordering = PG_QUERY__SORT_BY_DIR__SORTBY_DEFAULT;
	bool desc = e->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
	if ((desc && e->nulls_ordering ==
			 PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST) ||
	    (!desc &&
	     e->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST))
		e->nulls_ordering =
		    PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_DEFAULT;
}

/* Option values compare as text: WITH (fillfactor = 70) is printed back
 * as fillfactor='70', and fastupdate = off as fastupdate='off'. */
static void canon_def_elem(rt_arena *a, PgQuery__DefElem *d)
{
	Node *arg = d->arg;
	const char *text = NULL;
	if (!arg)
		return;
	if (arg->node_case == PG_QUERY__NODE__NODE_INTEGER)
		text = rt_arena_printf(a, "%d", arg->integer->ival);
	else if (arg->node_case == PG_QUERY__NODE__NODE_FLOAT)
		text = arg->float_->fval;
	else if (arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME &&
		 arg->type_name->n_names == 1)
		text = str_of(arg->type_name->names[0]);
	if (!text)
		return;
	PgQuery__String *str = RT_NEW(a, PgQuery__String);
	pg_query__string__init(str);
	str->sval = (char *)text;
	Node *n = new_node(a);
	n->node_case = PG_QUERY__NODE__NODE_STRING;
	n->string = str;
	d->arg = n;
}

/* TypeName and RangeVar appear as plain message fields, not Nodes. */
static void rewrite_message(rt_arena *a, ProtobufCMessage *m)
{
	if (m->descriptor == &pg_query__index_elem__descriptor) {
		canon_index_elem((PgQuery__IndexElem *)m);
		return;
	}
	if (m->descriptor == &pg_query__def_elem__descriptor) {
		canon_def_elem(a, (PgQuery__DefElem *)m);
		return;
	}
	if (m->descriptor == &pg_query__type_name__descriptor) {
		PgQuery__TypeName *t = (PgQuery__TypeName *)m;
		strip_qualifier(&t->n_names, &t->names, false);
	} else if (m->descriptor == &pg_query__range_var__descriptor) {
		PgQuery__RangeVar *r = (PgQuery__RangeVar *)m;
		if (r->schemaname && strcmp(r->schemaname, "public") == 0)
			r->schemaname = empty_str;
	}
}

static void walk(rt_arena *a, ProtobufCMessage *m);

static void walk_visit(void *ctx, ProtobufCMessage *sub)
{
	walk(ctx, sub);
}

/* Post-order walk over every sub-message, driven by the descriptors. */
static void walk(rt_arena *a, ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	each_sub(m, walk_visit, a);
	if (d == &pg_query__node__descriptor)
		rewrite_node(a, (Node *)m);
	else
		rewrite_message(a, m);
}

/* ---- the memo ------------------------------------------------------------ */

/*
 * Results already computed, for every thread: diff loads its two sides at
 * once and most texts recur in both (and across tables). Each entry is
 * keyed by what was done (a tag) and the SQL text parsed; it is filled on
 * success only, in the memo's own arena (freed by rt_canon_shutdown), and
 * callers get copies in their arena. References are noted while a key is
 * computed from the same parse, so rt_canon_refs seldom parses again.
 */
static struct {
	pthread_mutex_t lock;
	rt_arena *a;
	rt_map keys; /* tag + sql -> const char * */
	rt_map refs; /* sql -> rt_refs * */
} memo = {PTHREAD_MUTEX_INITIALIZER, NULL, {0}, {0}};

/* tag + sql as one byte string, in b */
static void memo_name(rt_buf *b, const void *tag, size_t tag_len,
		      const char *sql)
{
	rt_buf_add(b, tag, tag_len);
	rt_buf_adds(b, sql);
}

static const char *memo_key(const rt_buf *name)
{
	pthread_mutex_lock(&memo.lock);
	const char *k = rt_map_get(&memo.keys, name->data, name->len);
	pthread_mutex_unlock(&memo.lock);
	return k;
}

static void memo_put_key(const rt_buf *name, const char *key)
{
	pthread_mutex_lock(&memo.lock);
	if (!memo.a)
		memo.a = rt_arena_new();
	if (!rt_map_get(&memo.keys, name->data, name->len)) {
		char *n = rt_arena_alloc(memo.a, name->len);
		memcpy(n, name->data, name->len);
		rt_map_put(&memo.keys, memo.a, n, name->len,
			   rt_arena_strdup(memo.a, key));
	}
	pthread_mutex_unlock(&memo.lock);
}

static void copy_strings(rt_vec *to, rt_arena *a, const rt_vec *from)
{
	for (size_t i = 0; i < from->len; i++)
		rt_vec_push(to, a, rt_arena_strdup(a, from->items[i]));
}

static void copy_refs(rt_refs *to, rt_arena *a, const rt_refs *from)
{
	copy_strings(&to->columns, a, &from->columns);
	copy_strings(&to->functions, a, &from->functions);
	copy_strings(&to->sequences, a, &from->sequences);
	copy_strings(&to->relations, a, &from->relations);
	to->star = from->star;
}

/* Copies the references noted for sql into out; false when none are. */
static bool memo_get_refs(rt_refs *out, rt_arena *a, const char *sql)
{
	pthread_mutex_lock(&memo.lock);
	const rt_refs *r = rt_map_get(&memo.refs, sql, strlen(sql));
	pthread_mutex_unlock(&memo.lock);
	/* (an entry is never changed once in the memo: copied unlocked) */
	if (r)
		copy_refs(out, a, r);
	return r != NULL;
}

static void collect_refs(rt_refs *out, rt_arena *a,
			 const PgQuery__ParseResult *tree);

/* Notes the references of tree, parsed from sql (before any rewriting). */
static void memo_put_refs(const char *sql, const PgQuery__ParseResult *tree)
{
	size_t n = strlen(sql);
	pthread_mutex_lock(&memo.lock);
	if (!memo.a)
		memo.a = rt_arena_new();
	if (!rt_map_get(&memo.refs, sql, n)) {
		rt_refs *r = RT_NEW(memo.a, rt_refs);
		collect_refs(r, memo.a, tree);
		rt_map_put(&memo.refs, memo.a, rt_arena_strdup(memo.a, sql), n,
			   r);
	}
	pthread_mutex_unlock(&memo.lock);
}

/* ---- parse, rewrite, deparse ------------------------------------------- */

/*
 * sql parsed into scratch: straight into protobuf-c structs
 * (canon_parse.c), or where that cannot be done from libpg_query's JSON
 * output (written faster than protobuf: canon_json.c), or from its
 * protobuf output when the JSON may have lost a negative number. NULL when
 * sql does not parse, *msg then the parser's message (in scratch), or ""
 * when the tree is unreadable.
 */
static PgQuery__ParseResult *parse_sql(rt_arena *scratch, const char *sql,
				       const char **msg, rt_parse_hold *hold)
{
	PgQuery__ParseResult *tree;
	bool too_deep;
	int pos;
	switch (rt_canon_parse(scratch, sql, SIZE_MAX / 2, &tree, msg, &pos,
			       hold)) {
	case RT_PARSE_OK:
		return tree;
	case RT_PARSE_ERROR:
		return NULL;
	case RT_PARSE_TOO_DEEP:
		*msg = "";
		return NULL;
	case RT_PARSE_NOT_HERE:
		break;
	}
	*msg = "";
	PgQueryParseResult js = pg_query_parse(sql);
	if (js.error) {
		*msg = rt_arena_strdup(scratch, js.error->message);
		pg_query_free_parse_result(js);
		return NULL;
	}
	tree = rt_canon_json_tree(scratch, sql, js.parse_tree, SIZE_MAX / 2,
				  &too_deep);
	pg_query_free_parse_result(js);
	if (tree)
		return tree;
	PgQueryProtobufParseResult pr = pg_query_parse_protobuf(sql);
	if (pr.error) {
		*msg = rt_arena_strdup(scratch, pr.error->message);
	} else {
		ProtobufCAllocator alloc = {arena_alloc, arena_nofree, scratch};
		tree = pg_query__parse_result__unpack(
		    &alloc, pr.parse_tree.len,
		    (const uint8_t *)pr.parse_tree.data);
	}
	pg_query_free_protobuf_parse_result(pr);
	return tree;
}

typedef void (*prepare_fn)(rt_arena *a, PgQuery__ParseResult *tree);

/*
 * Parses sql (one statement), lets prepare() adjust the tree, normalises
 * every node and deparses. On success *out is the deparsed text in arena
 * out_arena.
 */

static int canon_stmt2(const char **out, rt_refs *refs, rt_arena *out_arena,
		       const char *sql, const char *what, prepare_fn prepare,
		       prepare_fn finish, rt_error *err);

static void collect_refs(rt_refs *out, rt_arena *a,
			 const PgQuery__ParseResult *tree);

static int canon_stmt(const char **out, rt_refs *refs, rt_arena *out_arena,
		      const char *sql, const char *what, prepare_fn prepare,
		      rt_error *err)
{
	return canon_stmt2(out, refs, out_arena, sql, what, prepare, NULL, err);
}

/* ... and when refs is not NULL, fills it with the references of sql as
 * written (rt_canon_refs walks the same parse of the same text), before
 * the rewrite changes the tree. */
static int canon_stmt2(const char **out, rt_refs *refs, rt_arena *out_arena,
		       const char *sql, const char *what, prepare_fn prepare,
		       prepare_fn finish, rt_error *err)
{
	int rc = -1;
	const prepare_fn tag[2] = {prepare, finish};
	rt_buf name = RT_BUF_INIT;
	memo_name(&name, tag, sizeof(tag), sql);
	const char *known = memo_key(&name);
	if (known && (!refs || memo_get_refs(refs, out_arena, sql))) {
		*out = rt_arena_strdup(out_arena, known);
		rt_buf_release(&name);
		return 0;
	}
	rt_arena *scratch = rt_arena_new();
	PgQueryDeparseResult dr = {0};
	const char *msg;
	rt_parse_hold hold = {NULL};
	PgQuery__ParseResult *tree = parse_sql(scratch, sql, &msg, &hold);

	if (!tree && *msg) {
		rt_errorf(err, RT_EINPUT, "cannot parse %s '%s': %s", what, sql,
			  msg);
		goto done;
	}
	if (!tree || tree->n_stmts != 1) {
		rt_errorf(err, RT_EINPUT, "cannot parse %s '%s'", what, sql);
		goto done;
	}
	memo_put_refs(sql, tree);
	if (refs)
		collect_refs(refs, out_arena, tree);
	if (prepare)
		prepare(scratch, tree);
	walk(scratch, &tree->base);
	if (finish)
		finish(scratch, tree);
	dr = rt_canon_deparse(tree);
	if (dr.error) {
		rt_errorf(err, RT_EINTERNAL, "cannot deparse %s '%s': %s", what,
			  sql, dr.error->message);
		goto done;
	}
	*out = rt_arena_strdup(out_arena, dr.query);
	memo_put_key(&name, dr.query);
	rc = 0;
done:
	rt_buf_release(&name);
	pg_query_free_deparse_result(dr);
	rt_canon_parse_release(&hold);
	rt_arena_free(scratch);
	return rc;
}

static int expr_key(const char **out, rt_refs *refs, rt_arena *a,
		    const char *expr, rt_error *err)
{
	rt_buf sql = RT_BUF_INIT;
	const char *key = NULL;
	rt_buf_addf(&sql, "SELECT %s", expr);
	int rc = canon_stmt(&key, refs, a, sql.data, "expression", NULL, err);
	rt_buf_release(&sql);
	if (rc == 0)
		*out = strncmp(key, "SELECT ", 7) == 0 ? key + 7 : key;
	return rc;
}

int rt_canon_expr(const char **out, rt_arena *a, const char *expr,
		  rt_error *err)
{
	return expr_key(out, NULL, a, expr, err);
}

static void prepare_index(rt_arena *a, PgQuery__ParseResult *tree)
{
	(void)a;
	Node *n = tree->stmts[0]->stmt;
	if (!n || n->node_case != PG_QUERY__NODE__NODE_INDEX_STMT)
		return;
	PgQuery__IndexStmt *ix = n->index_stmt;
	ix->idxname = empty_str;
	ix->concurrent = false;
	ix->if_not_exists = false;
	if (!ix->access_method || !ix->access_method[0])
		ix->access_method = btree_str;
}

int rt_canon_index(const char **out, rt_arena *a, const char *create_index,
		   rt_error *err)
{
	return canon_stmt(out, NULL, a, create_index, "index definition",
			  prepare_index, err);
}

static int exclude_key(const char **out, rt_refs *refs, rt_arena *a,
		       const char *def, rt_error *err)
{
	rt_buf sql = RT_BUF_INIT;
	rt_buf_addf(&sql, "ALTER TABLE t ADD CONSTRAINT c %s", def);
	int rc = canon_stmt(out, refs, a, sql.data, "exclusion constraint",
			    NULL, err);
	rt_buf_release(&sql);
	return rc;
}

int rt_canon_exclude(const char **out, rt_arena *a, const char *def,
		     rt_error *err)
{
	return exclude_key(out, NULL, a, def, err);
}

int rt_canon_partkey(const char **out, rt_arena *a, const char *key,
		     rt_error *err)
{
	rt_buf sql = RT_BUF_INIT;
	rt_buf_addf(&sql, "CREATE TABLE t () PARTITION BY %s", key);
	int rc = canon_stmt(out, NULL, a, sql.data, "partition key", NULL, err);
	rt_buf_release(&sql);
	return rc;
}

int rt_canon_partbound(const char **out, rt_arena *a, const char *bound,
		       rt_error *err)
{
	rt_buf sql = RT_BUF_INIT;
	rt_buf_addf(&sql, "CREATE TABLE t PARTITION OF p %s", bound);
	int rc =
	    canon_stmt(out, NULL, a, sql.data, "partition bound", NULL, err);
	rt_buf_release(&sql);
	return rc;
}

/* ---- function bodies and triggers ---- */

/* SELECT x AS x is SELECT x: the server prints the output name of
 * every column of an SQL-standard body; a file seldom does. */
static void drop_same_alias(PgQuery__SelectStmt *sel)
{
	for (size_t i = 0; i < sel->n_target_list; i++) {
		Node *n = sel->target_list[i];
		if (n->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
			continue;
		PgQuery__ResTarget *rt = n->res_target;
		const Node *v = rt->val;
		if (!rt->name || !rt->name[0] || !v ||
		    v->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
			continue;
		const PgQuery__ColumnRef *c = v->column_ref;
		const char *last =
		    c->n_fields ? str_of(c->fields[c->n_fields - 1]) : NULL;
		if (last && strcmp(last, rt->name) == 0)
			rt->name = empty_str;
	}
}

static void visit_body_selects(ProtobufCMessage *m);

static void body_selects_visit(void *ctx, ProtobufCMessage *sub)
{
	(void)ctx;
	visit_body_selects(sub);
}

static void visit_body_selects(ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	if (d == &pg_query__select_stmt__descriptor)
		drop_same_alias((PgQuery__SelectStmt *)m);
	each_sub(m, body_selects_visit, NULL);
}

static void prepare_body(rt_arena *a, PgQuery__ParseResult *tree)
{
	(void)a;
	visit_body_selects(&tree->base);
}

int rt_canon_function_body(const char **out, rt_arena *a, const char *stmt,
			   rt_error *err)
{
	return canon_stmt(out, NULL, a, stmt, "function body", prepare_body,
			  err);
}

static void prepare_trigger(rt_arena *a, PgQuery__ParseResult *tree)
{
	(void)a;
	Node *n = tree->stmts[0]->stmt;
	if (!n || n->node_case != PG_QUERY__NODE__NODE_CREATE_TRIG_STMT)
		return;
	PgQuery__CreateTrigStmt *t = n->create_trig_stmt;
	t->trigname = trigger_str; /* the deparser needs a name */
	t->replace = false;
	/* pg_get_triggerdef qualifies the function unless search_path
	 * (public) finds it */
	strip_qualifier(&t->n_funcname, &t->funcname, false);
	/* REFERENCING OLD TABLE ... NEW TABLE ...: the server prints the
	 * old one first */
	if (t->n_transition_rels == 2) {
		Node *x = t->transition_rels[0], *y = t->transition_rels[1];
		if (x->node_case == PG_QUERY__NODE__NODE_TRIGGER_TRANSITION &&
		    y->node_case == PG_QUERY__NODE__NODE_TRIGGER_TRANSITION &&
		    x->trigger_transition->is_new &&
		    !y->trigger_transition->is_new) {
			t->transition_rels[0] = y;
			t->transition_rels[1] = x;
		}
	}
}

int rt_canon_trigger(const char **out, rt_arena *a, const char *create_trigger,
		     rt_error *err)
{
	return canon_stmt(out, NULL, a, create_trigger, "trigger definition",
			  prepare_trigger, err);
}

/* ---- queries (view bodies) ---- */

/* The name PostgreSQL gives an output column written without AS
 * (FigureColname), or NULL when it is "?column?". */
static const char *figure_colname(const Node *n)
{
	if (!n)
		return NULL;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_COLUMN_REF: {
		const PgQuery__ColumnRef *r = n->column_ref;
		return r->n_fields ? str_of(r->fields[r->n_fields - 1]) : NULL;
	}
	case PG_QUERY__NODE__NODE_FUNC_CALL: {
		const PgQuery__FuncCall *f = n->func_call;
		return f->n_funcname ? str_of(f->funcname[f->n_funcname - 1])
				     : NULL;
	}
	case PG_QUERY__NODE__NODE_TYPE_CAST: {
		const char *a = figure_colname(n->type_cast->arg);
		const PgQuery__TypeName *t = n->type_cast->type_name;
		if (a)
			return a;
		return t && t->n_names ? str_of(t->names[t->n_names - 1])
				       : NULL;
	}
	case PG_QUERY__NODE__NODE_CASE_EXPR:
		return "case";
	case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
		return "array";
	case PG_QUERY__NODE__NODE_COALESCE_EXPR:
		return "coalesce";
	case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
		return n->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST
			   ? "greatest"
			   : "least";
	case PG_QUERY__NODE__NODE_ROW_EXPR:
		return "row";
	case PG_QUERY__NODE__NODE_SUB_LINK: {
		const PgQuery__SubLink *l = n->sub_link;
		if (l->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK)
			return "exists";
		if (l->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK)
			return "array";
		if (l->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK &&
		    l->subselect &&
		    l->subselect->node_case ==
			PG_QUERY__NODE__NODE_SELECT_STMT &&
		    l->subselect->select_stmt->n_target_list) {
			const Node *t =
			    l->subselect->select_stmt->target_list[0];
			if (t->node_case == PG_QUERY__NODE__NODE_RES_TARGET) {
				const char *nm = t->res_target->name;
				return nm && *nm
					   ? nm
					   : figure_colname(t->res_target->val);
			}
		}
		return NULL;
	}
	default:
		return NULL;
	}
}

/* Output names: an implicit name made explicit before the tree is
 * normalised (a cast it names the column after may go), then dropped
 * again where it is a column's own name (pg_get_viewdef writes "t.a" and
 * "lower(t.b) AS lower" where the source may say "a" and "lower(b)"). */
static void name_targets(PgQuery__SelectStmt *st)
{
	for (size_t i = 0; i < st->n_target_list; i++) {
		Node *t = st->target_list[i];
		if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
			continue;
		PgQuery__ResTarget *r = t->res_target;
		if ((!r->name || !*r->name) && r->val &&
		    r->val->node_case != PG_QUERY__NODE__NODE_COLUMN_REF) {
			const char *nm = figure_colname(r->val);
			r->name = (char *)(nm ? nm : "?column?");
		}
	}
}

static void unname_targets(PgQuery__SelectStmt *st)
{
	for (size_t i = 0; i < st->n_target_list; i++) {
		Node *t = st->target_list[i];
		if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
			continue;
		PgQuery__ResTarget *r = t->res_target;
		if (r->val &&
		    r->val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
		    r->name && rt_streq(r->name, figure_colname(r->val)))
			r->name = empty_str;
	}
}

/* The branches of a UNION, INTERSECT or EXCEPT after the first name no
 * output column (pg_get_viewdef writes the first branch's names on them
 * all): their names go. */
static void unname_branch(PgQuery__SelectStmt *st)
{
	if (!st)
		return;
	if (st->larg || st->rarg) {
		unname_branch(st->larg);
		unname_branch(st->rarg);
		return;
	}
	for (size_t i = 0; i < st->n_target_list; i++) {
		Node *t = st->target_list[i];
		if (t->node_case == PG_QUERY__NODE__NODE_RES_TARGET &&
		    t->res_target->val)
			t->res_target->name = empty_str;
	}
}

static void canon_targets(PgQuery__SelectStmt *st, bool naming)
{
	if (!naming && st->rarg)
		unname_branch(st->rarg);
	if (naming)
		name_targets(st);
	else
		unname_targets(st);
}

static void visit_selects(ProtobufCMessage *m, bool naming);

static void selects_visit(void *ctx, ProtobufCMessage *sub)
{
	visit_selects(sub, *(const bool *)ctx);
}

static void visit_selects(ProtobufCMessage *m, bool naming)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	if (d == &pg_query__select_stmt__descriptor)
		canon_targets((PgQuery__SelectStmt *)m, naming);
	each_sub(m, selects_visit, &naming);
}

static void prepare_query(rt_arena *a, PgQuery__ParseResult *tree)
{
	(void)a;
	visit_selects(&tree->base, true);
}

static void finish_query(rt_arena *a, PgQuery__ParseResult *tree)
{
	(void)a;
	visit_selects(&tree->base, false);
}

int rt_canon_query(const char **out, rt_arena *a, const char *query,
		   rt_error *err)
{
	return canon_stmt2(out, NULL, a, query, "query", prepare_query,
			   finish_query, err);
}

typedef struct cols_ctx {
	rt_vec *out;
	rt_arena *a;
} cols_ctx;

static void query_columns(rt_arena *a, PgQuery__ParseResult *tree, rt_vec *out)
{
	if (tree->n_stmts != 1 || !tree->stmts[0]->stmt ||
	    tree->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return;
	PgQuery__SelectStmt *st = tree->stmts[0]->stmt->select_stmt;
	while (st->larg)
		st = st->larg;
	rt_vec names = {0};
	for (size_t i = 0; i < st->n_target_list; i++) {
		Node *t = st->target_list[i];
		if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
			return;
		PgQuery__ResTarget *r = t->res_target;
		const char *nm =
		    r->name && *r->name ? r->name : figure_colname(r->val);
		if (r->val &&
		    r->val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
			const PgQuery__ColumnRef *c = r->val->column_ref;
			if (c->n_fields &&
			    c->fields[c->n_fields - 1]->node_case ==
				PG_QUERY__NODE__NODE_A_STAR)
				return;
		}
		rt_vec_push(&names, a, (void *)(nm ? nm : "?column?"));
	}
	for (size_t i = 0; i < names.len; i++)
		rt_vec_push(out, a, names.items[i]);
}

int rt_canon_query_columns(rt_vec *out, rt_arena *a, const char *query,
			   rt_error *err)
{
	int rc = -1;
	rt_arena *scratch = rt_arena_new();
	PgQueryProtobufParseResult pr = pg_query_parse_protobuf(query);
	if (pr.error) {
		rt_errorf(err, RT_EINPUT, "cannot parse query '%s': %s", query,
			  pr.error->message);
		goto done;
	}
	ProtobufCAllocator alloc = {arena_alloc, arena_nofree, scratch};
	PgQuery__ParseResult *tree = pg_query__parse_result__unpack(
	    &alloc, pr.parse_tree.len, (const uint8_t *)pr.parse_tree.data);
	if (!tree) {
		rt_errorf(err, RT_EINPUT, "cannot parse query '%s'", query);
		goto done;
	}
	rt_vec names = {0};
	query_columns(scratch, tree, &names);
	for (size_t i = 0; i < names.len; i++)
		rt_vec_push(out, a, rt_arena_strdup(a, names.items[i]));
	rc = 0;
done:
	pg_query_free_protobuf_parse_result(pr);
	rt_arena_free(scratch);
	return rc;
}

/* Targets in the order of their column references' last names (others
 * keep their place relative to each other only loosely: by kind). */
static int cmp_target(const void *pa, const void *pb)
{
	const Node *a = *(Node *const *)pa, *b = *(Node *const *)pb;
	const char *x = NULL, *y = NULL;
	if (a->node_case == PG_QUERY__NODE__NODE_RES_TARGET)
		x = figure_colname(a->res_target->val);
	if (b->node_case == PG_QUERY__NODE__NODE_RES_TARGET)
		y = figure_colname(b->res_target->val);
	return rt_strcmp0(x, y);
}

static void loosen(ProtobufCMessage *m);

static void loosen_visit(void *ctx, ProtobufCMessage *sub)
{
	(void)ctx;
	loosen(sub);
}

/* The loose form: what spelling can change is gone. */
static void loosen(ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	if (d == &pg_query__node__descriptor) {
		Node *n = (Node *)m;
		while (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST &&
		       n->type_cast->arg)
			*n = *n->type_cast->arg;
	} else if (d == &pg_query__column_ref__descriptor) {
		PgQuery__ColumnRef *r = (PgQuery__ColumnRef *)m;
		if (r->n_fields > 1) {
			r->fields += r->n_fields - 1;
			r->n_fields = 1;
		}
	} else if (d == &pg_query__res_target__descriptor) {
		PgQuery__ResTarget *r = (PgQuery__ResTarget *)m;
		if (r->val)
			r->name = empty_str;
	} else if (d == &pg_query__select_stmt__descriptor) {
		/* a "*" over a table whose columns are in another order
		 * (retort never reorders columns) lists them differently */
		PgQuery__SelectStmt *st = (PgQuery__SelectStmt *)m;
		if (st->n_target_list > 1)
			qsort(st->target_list, st->n_target_list,
			      sizeof(Node *), cmp_target);
	}
	each_sub(m, loosen_visit, NULL);
}

static void finish_loose(rt_arena *a, PgQuery__ParseResult *tree)
{
	(void)a;
	loosen(&tree->base);
}

int rt_canon_query_loose(const char **out, rt_arena *a, const char *query,
			 rt_error *err)
{
	return canon_stmt2(out, NULL, a, query, "query", NULL, finish_loose,
			   err);
}

/* ---- rules ---- */

/* A column reference's qualification by the relation an action writes
 * (pg_get_ruledef prints "log.id" where the user wrote "id": the rule's
 * range table holds new and old too). */
typedef struct unqualify {
	const char *rel, *alias;
} unqualify;

static void strip_rel_qualifier(ProtobufCMessage *m, const unqualify *u);

static void strip_rel_visit(void *ctx, ProtobufCMessage *sub)
{
	strip_rel_qualifier(sub, ctx);
}

static void strip_rel_qualifier(ProtobufCMessage *m, const unqualify *u)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	if (d == &pg_query__column_ref__descriptor) {
		PgQuery__ColumnRef *r = (PgQuery__ColumnRef *)m;
		const char *first =
		    r->n_fields == 2 ? str_of(r->fields[0]) : NULL;
		if (first && (strcmp(first, u->rel) == 0 ||
			      (u->alias && strcmp(first, u->alias) == 0))) {
			r->fields++;
			r->n_fields--;
		}
		return;
	}
	each_sub(m, strip_rel_visit, (void *)u);
}

/* The relation an INSERT, UPDATE or DELETE action writes, or NULL. */
static const PgQuery__RangeVar *action_rel(const Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_INSERT_STMT:
		return n->insert_stmt->relation;
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
		return n->update_stmt->relation;
	case PG_QUERY__NODE__NODE_DELETE_STMT:
		return n->delete_stmt->relation;
	default:
		return NULL;
	}
}

static void prepare_rule(rt_arena *a, PgQuery__ParseResult *tree)
{
	(void)a;
	Node *n = tree->stmts[0]->stmt;
	if (!n || n->node_case != PG_QUERY__NODE__NODE_RULE_STMT)
		return;
	PgQuery__RuleStmt *r = n->rule_stmt;
	r->rulename = rule_str;
	r->replace = false;
	for (size_t i = 0; i < r->n_actions; i++) {
		const PgQuery__RangeVar *rv = action_rel(r->actions[i]);
		if (!rv || !rv->relname)
			continue;
		unqualify u = {rv->relname, rv->alias && rv->alias->aliasname &&
						    rv->alias->aliasname[0]
						? rv->alias->aliasname
						: NULL};
		strip_rel_qualifier(&r->actions[i]->base, &u);
	}
}

int rt_canon_rule(const char **out, rt_arena *a, const char *create_rule,
		  rt_error *err)
{
	return canon_stmt(out, NULL, a, create_rule, "rule", prepare_rule, err);
}

/* ---- references ---- */

typedef struct refs_ctx {
	rt_refs *out;
	rt_arena *a;
} refs_ctx;

static void add_unique(rt_vec *v, rt_arena *a, const char *s)
{
	for (size_t i = 0; i < v->len; i++)
		if (strcmp(v->items[i], s) == 0)
			return;
	rt_vec_push(v, a, rt_arena_strdup(a, s));
}

/* The string constant n holds ('seq' or 'seq'::regclass), or NULL. */
static const char *string_arg(const Node *n)
{
	if (n && n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
		n = n->type_cast->arg;
	if (n && n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
	    n->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
		return n->a_const->sval->sval;
	return NULL;
}

static void note_ref(refs_ctx *c, const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	if (d == &pg_query__column_ref__descriptor) {
		const PgQuery__ColumnRef *r = (const PgQuery__ColumnRef *)m;
		const char *name =
		    r->n_fields ? str_of(r->fields[r->n_fields - 1]) : NULL;
		if (name)
			add_unique(&c->out->columns, c->a, name);
	} else if (d == &pg_query__range_var__descriptor) {
		const PgQuery__RangeVar *r = (const PgQuery__RangeVar *)m;
		if (r->relname && r->relname[0])
			add_unique(&c->out->relations, c->a,
				   r->schemaname && r->schemaname[0]
				       ? rt_arena_printf(c->a, "%s.%s",
							 r->schemaname,
							 r->relname)
				       : r->relname);
	} else if (d == &pg_query__a__star__descriptor) {
		c->out->star = true;
	} else if (d == &pg_query__index_elem__descriptor) {
		const PgQuery__IndexElem *e = (const PgQuery__IndexElem *)m;
		if (e->name && e->name[0])
			add_unique(&c->out->columns, c->a, e->name);
	} else if (d == &pg_query__range_var__descriptor) {
		const PgQuery__RangeVar *r = (const PgQuery__RangeVar *)m;
		if (r->relname && r->relname[0])
			add_unique(&c->out->relations, c->a,
				   r->schemaname && r->schemaname[0]
				       ? rt_arena_printf(c->a, "%s.%s",
							 r->schemaname,
							 r->relname)
				       : r->relname);
	} else if (d == &pg_query__create_trig_stmt__descriptor) {
		/* the function a trigger executes, the columns of UPDATE
		 * OF */
		const PgQuery__CreateTrigStmt *t =
		    (const PgQuery__CreateTrigStmt *)m;
		rt_buf b = RT_BUF_INIT;
		for (size_t i = 0; i < t->n_funcname; i++) {
			if (b.len)
				rt_buf_addch(&b, '.');
			rt_buf_adds(&b, str_of(t->funcname[i])
					    ? str_of(t->funcname[i])
					    : "");
		}
		if (b.len)
			add_unique(&c->out->functions, c->a, b.data);
		rt_buf_release(&b);
		for (size_t i = 0; i < t->n_columns; i++)
			if (str_of(t->columns[i]))
				add_unique(&c->out->columns, c->a,
					   str_of(t->columns[i]));
	} else if (d == &pg_query__create_trig_stmt__descriptor) {
		/* the function a trigger executes, the columns of UPDATE
		 * OF */
		const PgQuery__CreateTrigStmt *t =
		    (const PgQuery__CreateTrigStmt *)m;
		rt_buf b = RT_BUF_INIT;
		for (size_t i = 0; i < t->n_funcname; i++) {
			if (b.len)
				rt_buf_addch(&b, '.');
			rt_buf_adds(&b, str_of(t->funcname[i])
					    ? str_of(t->funcname[i])
					    : "");
		}
		if (b.len)
			add_unique(&c->out->functions, c->a, b.data);
		rt_buf_release(&b);
		for (size_t i = 0; i < t->n_columns; i++)
			if (str_of(t->columns[i]))
				add_unique(&c->out->columns, c->a,
					   str_of(t->columns[i]));
	} else if (d == &pg_query__func_call__descriptor) {
		const PgQuery__FuncCall *f = (const PgQuery__FuncCall *)m;
		rt_buf b = RT_BUF_INIT;
		for (size_t i = 0; i < f->n_funcname; i++) {
			const char *part = str_of(f->funcname[i]);
			if (!part)
				continue;
			if (b.len)
				rt_buf_addch(&b, '.');
			rt_buf_adds(&b, part);
		}
		if (b.len)
			add_unique(&c->out->functions, c->a, b.data);
		if (f->n_funcname && str_of(f->funcname[f->n_funcname - 1]) &&
		    strcmp(str_of(f->funcname[f->n_funcname - 1]), "nextval") ==
			0 &&
		    f->n_args >= 1 && string_arg(f->args[0]))
			add_unique(&c->out->sequences, c->a,
				   string_arg(f->args[0]));
		rt_buf_release(&b);
	}
}

static void walk_refs(refs_ctx *c, const ProtobufCMessage *m);

static void walk_refs_visit(void *ctx, ProtobufCMessage *sub)
{
	walk_refs(ctx, sub);
}

static void walk_refs(refs_ctx *c, const ProtobufCMessage *m)
{
	note_ref(c, m);
	each_sub(m, walk_refs_visit, c);
}

static void collect_refs(rt_refs *out, rt_arena *a,
			 const PgQuery__ParseResult *tree)
{
	refs_ctx c = {out, a};
	walk_refs(&c, &tree->base);
}

int rt_canon_key_refs(const char **out, rt_refs *refs, rt_arena *a,
		      rt_canon_kind kind, const char *text, rt_error *err)
{
	RT_ASSERT(refs && kind != RT_CANON_STMT);
	if (kind == RT_CANON_EXPR)
		return expr_key(out, refs, a, text, err);
	if (kind == RT_CANON_INDEX)
		return canon_stmt(out, refs, a, text, "index definition",
				  prepare_index, err);
	return exclude_key(out, refs, a, text, err);
}

int rt_canon_refs(rt_refs *out, rt_arena *a, rt_canon_kind kind,
		  const char *text, rt_error *err)
{
	rt_buf sql = RT_BUF_INIT;
	rt_arena *scratch = rt_arena_new();
	rt_parse_hold hold = {NULL};
	int rc = -1;

	if (kind == RT_CANON_EXPR)
		rt_buf_addf(&sql, "SELECT %s", text);
	else if (kind == RT_CANON_EXCLUDE)
		rt_buf_addf(&sql, "ALTER TABLE t ADD CONSTRAINT c %s", text);
	else
		rt_buf_adds(&sql, text);
	if (memo_get_refs(out, a, sql.data)) {
		rc = 0;
		goto done;
	}
	const char *msg;
	PgQuery__ParseResult *tree = parse_sql(scratch, sql.data, &msg, &hold);
	if (!tree && *msg) {
		rt_errorf(err, RT_EINPUT, "cannot parse '%s': %s", text, msg);
		goto done;
	}
	if (!tree) {
		rt_errorf(err, RT_EINPUT, "cannot parse '%s'", text);
		goto done;
	}
	collect_refs(out, a, tree);
	rc = 0;
done:
	rt_canon_parse_release(&hold);
	rt_arena_free(scratch);
	rt_buf_release(&sql);
	return rc;
}

void rt_canon_shutdown(void)
{
	/* pg_query_exit() crashes when libpg_query was never initialised
	 * (its TopMemoryContext is still NULL) and when it runs a second
	 * time; load_sql.c may have used the parser without canon. A trivial
	 * parse makes the one exit safe either way. */
	static bool done;
	if (done)
		return;
	done = true;
	PgQueryProtobufParseResult pr = pg_query_parse_protobuf("SELECT 1");
	pg_query_free_protobuf_parse_result(pr);
	pg_query_exit();
	rt_canon_json_release();
	pthread_mutex_lock(&memo.lock);
	rt_arena_free(memo.a);
	memset(&memo.keys, 0, sizeof(memo.keys));
	memset(&memo.refs, 0, sizeof(memo.refs));
	memo.a = NULL;
	pthread_mutex_unlock(&memo.lock);
}
