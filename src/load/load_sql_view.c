/* SPDX-License-Identifier: MIT */
/*
 * CREATE VIEW and CREATE MATERIALIZED VIEW, and indexes on materialized
 * views. A view keeps its query twice: the text as written (what render
 * prints) and a key for comparison. The key is made from a copy of the
 * tree spelled the way pg_get_viewdef prints a view, as far as the model
 * allows: "*" expanded into the table's columns, column references
 * qualified by the FROM item they belong to, the view's column list
 * written as output names; rt_canon_query does the rest.
 */
#include "base/common.h"
#include "load/load_sql_int.h"
#include "schema/canon.h"

/* A FROM item of one SELECT: the name its columns are qualified with and
 * the table behind it (NULL: a view, a subquery, a function: columns
 * unknown). */
typedef struct from_item {
	const char *qual;
	const rt_table *t;
	const rt_view *v;
} from_item;

/* The number of output columns of a FROM item, -1 when unknown. */
static long item_ncols(const from_item *it)
{
	if (it->t)
		return (long)it->t->columns.len;
	if (it->v && it->v->columns.len)
		return (long)it->v->columns.len;
	return -1;
}

static const char *item_col(const from_item *it, size_t i)
{
	if (it->t)
		return ((const rt_column *)it->t->columns.items[i])->name;
	return it->v->columns.items[i];
}

static bool item_has(const from_item *it, const char *col)
{
	long n = item_ncols(it);
	for (long i = 0; i < n; i++)
		if (strcmp(item_col(it, (size_t)i), col) == 0)
			return true;
	return false;
}

typedef struct from_list {
	from_item items[32];
	size_t n;
	bool overflow;
} from_list;

static void add_from(ld *l, from_list *fl, const Node *n)
{
	if (!n)
		return;
	if (fl->n == RT_ARRAY_LEN(fl->items)) {
		fl->overflow = true;
		return;
	}
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_RANGE_VAR: {
		const PgQuery__RangeVar *rv = n->range_var;
		const char *schema =
		    rt_load__schema(l, rv->schemaname, rv->relname, LOOK_REL);
		from_item *it = &fl->items[fl->n++];
		it->t = rt_schema_find_table(l->s, schema, rv->relname);
		it->v = it->t ? NULL
			      : rt_schema_find_view(l->s, schema, rv->relname);
		it->qual = rv->alias && !empty(rv->alias->aliasname)
			       ? rv->alias->aliasname
			       : rv->relname;
		break;
	}
	case PG_QUERY__NODE__NODE_JOIN_EXPR:
		add_from(l, fl, n->join_expr->larg);
		add_from(l, fl, n->join_expr->rarg);
		break;
	case PG_QUERY__NODE__NODE_RANGE_SUBSELECT: {
		const PgQuery__Alias *a = n->range_subselect->alias;
		from_item *it = &fl->items[fl->n++];
		it->t = NULL;
		it->v = NULL;
		it->qual = a && !empty(a->aliasname) ? a->aliasname : NULL;
		break;
	}
	default: {
		from_item *it = &fl->items[fl->n++];
		it->t = NULL;
		it->v = NULL;
		it->qual = NULL;
		break;
	}
	}
}

static Node *make_string(ld *l, const char *s)
{
	PgQuery__String *str = RT_NEW(l->scratch, PgQuery__String);
	pg_query__string__init(str);
	str->sval = (char *)s;
	return rt_load__wrap(l, PG_QUERY__NODE__NODE_STRING, str);
}

/* The FROM item an unqualified column belongs to, or NULL when that is
 * not certain. */
static const from_item *owner_of(const from_list *fl, const char *col)
{
	const from_item *hit = NULL;
	if (fl->overflow)
		return NULL;
	if (fl->n == 1)
		return fl->items[0].qual ? &fl->items[0] : NULL;
	for (size_t i = 0; i < fl->n; i++) {
		const from_item *it = &fl->items[i];
		if (item_ncols(it) < 0)
			return NULL; /* its columns are unknown */
		if (item_has(it, col)) {
			if (hit)
				return NULL;
			hit = it;
		}
	}
	return hit && hit->qual ? hit : NULL;
}

typedef struct qual_ctx {
	ld *l;
	const from_list *fl;
} qual_ctx;

static void qualify_message(qual_ctx *q, ProtobufCMessage *m);

/* Qualifies the column references of one SELECT level (nested SELECTs
 * have their own FROM and are done on their own). */
static void qualify_fields(qual_ctx *q, ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		char *base = (char *)m;
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
					qualify_message(q, arr[k]);
		} else {
			ProtobufCMessage *sub =
			    *(ProtobufCMessage **)(base + f->offset);
			if (sub)
				qualify_message(q, sub);
		}
	}
}

static void canon_select(ld *l, PgQuery__SelectStmt *st);

static void qualify_message(qual_ctx *q, ProtobufCMessage *m)
{
	if (m->descriptor == &pg_query__select_stmt__descriptor) {
		canon_select(q->l, (PgQuery__SelectStmt *)m);
		return;
	}
	if (m->descriptor == &pg_query__column_ref__descriptor) {
		PgQuery__ColumnRef *r = (PgQuery__ColumnRef *)m;
		const char *col =
		    r->n_fields == 1 ? str_of(r->fields[0]) : NULL;
		const from_item *it = col ? owner_of(q->fl, col) : NULL;
		if (!it)
			return;
		Node **f = rt_arena_alloc(q->l->scratch, 2 * sizeof(Node *));
		f[0] = make_string(q->l, it->qual);
		f[1] = r->fields[0];
		r->fields = f;
		r->n_fields = 2;
		return;
	}
	qualify_fields(q, m);
}

/* The ColumnRef of a target that is "*" or "x.*": the qualifier (NULL
 * for "*"); false when the target is something else. */
static bool star_target(const Node *t, const char **qual)
{
	if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
		return false;
	const Node *v = t->res_target->val;
	if (!v || v->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
		return false;
	const PgQuery__ColumnRef *r = v->column_ref;
	if (!r->n_fields || r->fields[r->n_fields - 1]->node_case !=
				PG_QUERY__NODE__NODE_A_STAR)
		return false;
	*qual = r->n_fields == 2 ? str_of(r->fields[0]) : NULL;
	return true;
}

static Node *column_target(ld *l, const char *qual, const char *col)
{
	PgQuery__ColumnRef *r = RT_NEW(l->scratch, PgQuery__ColumnRef);
	pg_query__column_ref__init(r);
	r->fields = rt_arena_alloc(l->scratch, 2 * sizeof(Node *));
	r->fields[0] = make_string(l, qual);
	r->fields[1] = make_string(l, col);
	r->n_fields = 2;
	PgQuery__ResTarget *t = RT_NEW(l->scratch, PgQuery__ResTarget);
	pg_query__res_target__init(t);
	t->val = rt_load__wrap(l, PG_QUERY__NODE__NODE_COLUMN_REF, r);
	return rt_load__wrap(l, PG_QUERY__NODE__NODE_RES_TARGET, t);
}

/* "*" and "x.*" become the columns of the tables they stand for, as
 * PostgreSQL expands them when the view is created; left alone when a
 * FROM item's columns are unknown. */
static void expand_stars(ld *l, PgQuery__SelectStmt *st, const from_list *fl)
{
	rt_vec out = {0};
	bool changed = false;
	for (size_t i = 0; i < st->n_target_list; i++) {
		Node *t = st->target_list[i];
		const char *qual;
		bool ok = star_target(t, &qual) && !fl->overflow;
		for (size_t k = 0; ok && k < fl->n; k++)
			if ((!qual || rt_streq(qual, fl->items[k].qual)) &&
			    (item_ncols(&fl->items[k]) < 0 ||
			     !fl->items[k].qual))
				ok = false;
		if (!ok) {
			rt_vec_push(&out, l->scratch, t);
			continue;
		}
		for (size_t k = 0; k < fl->n; k++) {
			const from_item *it = &fl->items[k];
			if (qual && !rt_streq(qual, it->qual))
				continue;
			for (long c = 0; c < item_ncols(it); c++)
				rt_vec_push(
				    &out, l->scratch,
				    column_target(l, it->qual,
						  item_col(it, (size_t)c)));
		}
		changed = true;
	}
	if (!changed)
		return;
	st->target_list = (Node **)out.items;
	st->n_target_list = out.len;
}

/* GROUP BY 1 and ORDER BY 1 name the first output column: PostgreSQL
 * prints its expression. */
static Node *ordinal_target(PgQuery__SelectStmt *st, Node *n)
{
	if (!n || n->node_case != PG_QUERY__NODE__NODE_A_CONST ||
	    n->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL)
		return n;
	int k = n->a_const->ival->ival;
	if (k < 1 || (size_t)k > st->n_target_list)
		return n;
	Node *t = st->target_list[k - 1];
	if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET ||
	    !t->res_target->val)
		return n;
	return t->res_target->val;
}

static void ordinals(PgQuery__SelectStmt *st)
{
	for (size_t i = 0; i < st->n_group_clause; i++)
		st->group_clause[i] = ordinal_target(st, st->group_clause[i]);
	for (size_t i = 0; i < st->n_sort_clause; i++) {
		Node *s = st->sort_clause[i];
		if (s->node_case == PG_QUERY__NODE__NODE_SORT_BY)
			s->sort_by->node = ordinal_target(st, s->sort_by->node);
	}
}

static void canon_select(ld *l, PgQuery__SelectStmt *st)
{
	if (st->larg || st->rarg) {
		if (st->larg)
			canon_select(l, st->larg);
		if (st->rarg)
			canon_select(l, st->rarg);
		return;
	}
	from_list fl = {0};
	for (size_t i = 0; i < st->n_from_clause; i++)
		add_from(l, &fl, st->from_clause[i]);
	expand_stars(l, st, &fl);
	ordinals(st);
	qual_ctx q = {l, &fl};
	qualify_fields(&q, &st->base);
}

/* The leftmost SELECT of a query (where a view's column list applies). */
static PgQuery__SelectStmt *leftmost(PgQuery__SelectStmt *st)
{
	while (st->larg)
		st = st->larg;
	return st;
}

/* Writes the view's column list into the query as output names: false
 * when it cannot (a "*" or fewer targets than names). */
static bool apply_aliases(Node *query, Node **names, size_t n)
{
	if (!n)
		return true;
	if (query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return false;
	PgQuery__SelectStmt *st = leftmost(query->select_stmt);
	if (st->n_target_list < n)
		return false;
	for (size_t i = 0; i < n; i++) {
		const char *q;
		if (star_target(st->target_list[i], &q))
			return false;
	}
	for (size_t i = 0; i < n; i++) {
		Node *t = st->target_list[i];
		if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET ||
		    !str_of(names[i]))
			return false;
		t->res_target->name = (char *)str_of(names[i]);
	}
	return true;
}

/* WITH (...) options as "name=value" (a bare name is "name=true"). */
static void view_options(ld *l, rt_vec *out, Node **opts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		PgQuery__DefElem *d = opts[i]->def_elem;
		const char *v =
		    d->arg ? rt_load__defarg_str(l, d->arg) : "true";
		rt_vec_push(
		    out, l->a,
		    rt_arena_printf(l->a, "%s=%s", d->defname, v ? v : ""));
	}
}

/* rt_vec_sort passes the items themselves */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* v's query: text as written, keytext with its columns qualified. */
static int set_query(ld *l, rt_view *v, const char *text, const char *keytext)
{
	rt_expr *e = RT_NEW(l->a, rt_expr);
	rt_vec columns = {0};
	const char *loose;

	e->text = rt_arena_strdup(l->a, text);
	if (rt_canon_query(&e->key, l->a, keytext, l->err) < 0 ||
	    rt_canon_query_loose(&loose, l->a, keytext, l->err) < 0 ||
	    rt_canon_query_columns(&columns, l->a, keytext, l->err) < 0)
		return rt_load__failed_here(l);
	v->query = e;
	v->loose = loose;
	v->columns = columns;
	return 0;
}

int rt_load__view_requery(ld *l, rt_view *v, Node *query)
{
	const char *text, *keytext;

	if (!(text = rt_load__deparse(l, query)))
		return -1;
	if (query->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
		canon_select(l, query->select_stmt);
	if (!(keytext = rt_load__deparse(l, query)))
		return -1;
	return set_query(l, v, text, keytext);
}

/* Makes (or with replace, redefines) view q from query. */
static int define_view(ld *l, rt_qname q, bool materialized, bool replace,
		       Node *query, Node **names, size_t nnames, Node **opts,
		       size_t nopts, const char *check)
{
	rt_view *v = rt_schema_find_view(l->s, q.schema, q.name);
	const char *text, *keytext;

	if (rt_load__need_namespace(l, q.schema) < 0)
		return -1;
	if (v && (!replace || v->materialized != materialized))
		return rt_load__fail(l, "relation '%s.%s' already exists",
				     q.schema, q.name);
	if (!v && rt_schema_relname_taken(l->s, q.schema, q.name))
		return rt_load__fail(l, "relation '%s.%s' already exists",
				     q.schema, q.name);
	if (!apply_aliases(query, names, nnames)) {
		rt_load__unmanaged(
		    l,
		    rt_arena_printf(l->scratch, "%s %s.%s",
				    materialized ? "materialized view" : "view",
				    q.schema, q.name));
		return 0;
	}
	if (!(text = rt_load__deparse(l, query)))
		return -1;
	if (query->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
		canon_select(l, query->select_stmt);
	if (!(keytext = rt_load__deparse(l, query)))
		return -1;
	if (!v)
		v = rt_schema_new_object(l->s, RT_KIND_VIEW, q.schema, q.name,
					 NULL);
	if (set_query(l, v, text, keytext) < 0)
		return -1;
	v->materialized = materialized;
	v->exact = l->exact;
	memset(&v->options, 0, sizeof(v->options));
	view_options(l, &v->options, opts, nopts);
	if (check)
		rt_vec_push(&v->options, l->a,
			    rt_arena_printf(l->a, "check_option=%s", check));
	rt_vec_sort(&v->options, cmp_str);
	if (!l->exact) {
		v->src_file = l->file;
		v->src_line = rt_load__src_line(l);
	}
	return 0;
}

int rt_load__create_view(ld *l, PgQuery__ViewStmt *vs)
{
	const char *check = NULL;
	if (vs->view->relpersistence && vs->view->relpersistence[0] == 't')
		return 0; /* a temporary view is not part of the schema */
	if (vs->with_check_option ==
	    PG_QUERY__VIEW_CHECK_OPTION__LOCAL_CHECK_OPTION)
		check = "local";
	else if (vs->with_check_option ==
		 PG_QUERY__VIEW_CHECK_OPTION__CASCADED_CHECK_OPTION)
		check = "cascaded";
	/* WITH (check_option=...) from a database's reloptions is the
	 * same option */
	return define_view(l, rt_load__rv_new_qname(l, vs->view), false,
			   vs->replace, vs->query, vs->aliases, vs->n_aliases,
			   vs->options, vs->n_options, check);
}

int rt_load__create_matview(ld *l, PgQuery__CreateTableAsStmt *c)
{
	PgQuery__IntoClause *in = c->into;
	rt_qname q = rt_load__rv_new_qname(l, in->rel);
	if (c->if_not_exists && rt_schema_relname_taken(l->s, q.schema, q.name))
		return 0;
	return define_view(l, q, true, false, c->query, in->col_names,
			   in->n_col_names, in->options, in->n_options, NULL);
}

int rt_load__drop_view(ld *l, rt_qname q, bool materialized, bool missing_ok)
{
	const char *schema = rt_load__schema(l, q.schema, q.name, LOOK_REL);
	rt_view *v = rt_schema_find_view(l->s, schema, q.name);
	if (!v || v->materialized != materialized) {
		if (missing_ok)
			return 0;
		return rt_load__fail(l, "%s '%s.%s' does not exist",
				     materialized ? "materialized view"
						  : "view",
				     schema, q.name);
	}
	for (size_t i = 0; i < l->s->indexes.len;) {
		rt_index *ix = l->s->indexes.items[i];
		if (rt_streq(ix->table.schema, v->schema) &&
		    rt_streq(ix->table.name, v->name))
			rt_schema_remove(l->s, &ix->obj);
		else
			i++;
	}
	rt_schema_remove_on(l->s, &v->obj);
	rt_schema_remove(l->s, &v->obj);
	return 0;
}
