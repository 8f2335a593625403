/* SPDX-License-Identifier: MIT */
/*
 * SQL loader: CREATE TABLE (columns, serials, identity, constraints with
 * PostgreSQL's default names, INHERITS, partitions) and CREATE INDEX.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/sql.h"
#include "load/load_sql_int.h"
#include "schema/canon.h"

/* protobuf-c string fields are char *: writable copies of constants */
static char empty_str[] = "";
static char btree_str[] = "btree";
/* ---- tables ----------------------------------------------------------- */

int rt_load__lookup_table(ld *l, rt_table **out, const PgQuery__RangeVar *rv,
			  bool missing_ok)
{
	const char *schema =
	    rt_load__schema(l, rv->schemaname, rv->relname, LOOK_REL);
	*out = rt_schema_find_table(l->s, schema, rv->relname);
	if (!*out && !missing_ok)
		return rt_load__fail(l, "relation '%s.%s' does not exist",
				     schema, rv->relname);
	return 0;
}

int rt_load__need_namespace(ld *l, const char *schema)
{
	if (!rt_schema_find_namespace(l->s, schema))
		return rt_load__fail(l, "schema '%s' does not exist", schema);
	return 0;
}

int rt_load__src_line(ld *l)
{
	return l->loc_line;
}

/* Newlines of the piece before byte offset off (binary search in the
 * offsets of its newlines, found once per piece: a statement's columns
 * and constraints each ask for their line). */
static size_t newlines_before(ld *l, int off)
{
	if (!l->nl) {
		rt_vec offs = {0};
		for (const char *p = strchr(l->text, '\n'); p;
		     p = strchr(p + 1, '\n'))
			rt_vec_push(&offs, l->scratch,
				    (void *)(intptr_t)(p - l->text));
		l->n_nl = offs.len;
		l->nl =
		    rt_arena_alloc(l->scratch, (offs.len + 1) * sizeof(int));
		for (size_t i = 0; i < offs.len; i++)
			l->nl[i] = (int)(intptr_t)offs.items[i];
	}
	size_t lo = 0, hi = l->n_nl;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->nl[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int rt_load__line_at(ld *l, int off)
{
	if (off < l->loc)
		return l->loc_line;
	return l->loc_line +
	       (int)(newlines_before(l, off) - newlines_before(l, l->loc));
}

/* FigureIndexColname: the name PostgreSQL gives an index expression. */
static const char *figure_colname(const Node *e)
{
	if (!e)
		return "expr";
	switch (e->node_case) {
	case PG_QUERY__NODE__NODE_COLUMN_REF: {
		PgQuery__ColumnRef *r = e->column_ref;
		const char *s =
		    r->n_fields ? str_of(r->fields[r->n_fields - 1]) : NULL;
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

const char *rt_load__index_elem_name(const PgQuery__IndexElem *e)
{
	if (!empty(e->indexcolname))
		return e->indexcolname;
	if (!empty(e->name))
		return e->name;
	return figure_colname(e->expr);
}

int rt_load__need_column(ld *l, rt_table *t, const char *col, const char *what)
{
	if (!rt_table_find_column(t, col))
		return rt_load__fail(l, "column '%s' %s does not exist", col,
				     what);
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

static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The WITH (...) storage parameters of the index behind a key, into out
 * (arena a) as transformRelOptions stores them ("fillfactor=70", a name
 * alone is "name=true"), sorted. Names are not checked (the index access
 * method knows them); one given twice is an error. */
static int index_options(ld *l, rt_vec *out, rt_arena *a, Node **opts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const PgQuery__DefElem *d = opts[i]->def_elem;
		const char *v;
		if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM ||
		    empty(d->defname))
			return rt_load__fail(l,
					     "cannot read storage parameter");
		v = d->arg ? rt_load__defarg_str(l, d->arg) : "true";
		if (!v)
			return rt_load__fail(l,
					     "cannot read the value of storage "
					     "parameter '%s'",
					     d->defname);
		rt_vec_push(out, a,
			    rt_arena_printf(
				a, "%s%s%s=%s",
				empty(d->defnamespace) ? "" : d->defnamespace,
				empty(d->defnamespace) ? "" : ".", d->defname,
				v));
	}
	rt_vec_sort(out, cmp_str);
	for (size_t i = 1; i < out->len; i++) {
		const char *x = out->items[i - 1], *y = out->items[i];
		size_t len = strcspn(x, "=");
		if (strncmp(x, y, len + 1) == 0)
			return rt_load__fail(l,
					     "parameter '%.*s' specified more "
					     "than once",
					     (int)len, x);
	}
	return 0;
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
	cmd.def = rt_load__wrap(l, PG_QUERY__NODE__NODE_CONSTRAINT, &copy);
	cmdn = rt_load__wrap(l, PG_QUERY__NODE__NODE_ALTER_TABLE_CMD, &cmd);
	rv.relname = (char *)"t";
	rv.inh = true;
	st.relation = &rv;
	st.n_cmds = 1;
	st.cmds = &cmdn;
	st.objtype = PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
	const char *t = rt_load__deparse(
	    l, rt_load__wrap(l, PG_QUERY__NODE__NODE_ALTER_TABLE_STMT, &st));
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
void rt_load__index_colnames(ld *l, const char **cols, size_t n)
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
		PgQuery__ParseResult *tree = rt_load__reparse(l, ix->def->text);
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
		return rt_load__fail(l, "index '%s' does not exist", indexname);
	if (strcmp(ix->table.name, t->name) != 0)
		return rt_load__fail(l,
				     "index '%s' does not belong to table '%s'",
				     indexname, t->name);
	if (!ix->unique)
		return rt_load__fail(l, "'%s' is not a unique index",
				     indexname);
	PgQuery__ParseResult *tree = rt_load__reparse(l, ix->def->text);
	if (!tree ||
	    tree->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_INDEX_STMT)
		return rt_load__fail(l, "cannot read index '%s'", indexname);
	PgQuery__IndexStmt *is = tree->stmts[0]->stmt->index_stmt;
	for (size_t i = 0; i < is->n_index_params; i++) {
		PgQuery__IndexElem *e = is->index_params[i]->index_elem;
		if (empty(e->name))
			return rt_load__fail(
			    l, "index '%s' contains expressions", indexname);
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
	if (index_options(l, &con->index_options, l->a, is->options,
			  is->n_options) < 0)
		return -1;
	if (empty(con->name))
		con->name = ix->name;
	rt_schema_remove(l->s, &ix->obj);
	return 0;
}

static int set_pk_not_null(ld *l, rt_table *t, rt_constraint *con)
{
	for (size_t i = 0; i < con->columns.len; i++) {
		rt_column *col = rt_table_find_column(t, con->columns.items[i]);
		if (!col)
			return rt_load__fail(
			    l,
			    "column '%s' of relation '%s' does "
			    "not exist",
			    (const char *)con->columns.items[i], t->name);
		col->not_null = true;
	}
	return 0;
}

/*
 * Adds constraint c to t. col names the column for a column constraint
 * (NULL for a table constraint). Names the constraint as PostgreSQL would
 * when the user did not.
 */
int rt_load__add_constraint(ld *l, rt_table *t, PgQuery__Constraint *c,
			    const char *col)
{
	rt_constraint *con = RT_NEW(l->a, rt_constraint);
	const char *cols[64];
	size_t ncols = 0;
	con->table = t;
	con->is_local = true;
	con->deferrable = c->deferrable;
	con->initially_deferred = c->initdeferred;
	con->src_line = rt_load__line_at(l, c->location);
	con->name = nz(c->conname) ? rt_arena_strdup(l->a, c->conname) : NULL;
	rt_constraint *have =
	    con->name ? rt_table_find_constraint(t, con->name) : NULL;
	if (have && have->type == RT_CON_CHECK && !have->is_local &&
	    c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK) {
		/* a local CHECK named like an inherited one merges with it */
		rt_expr *e;
		if (rt_load__node_expr(l, &e, c->raw_expr) < 0)
			return -1;
		if (strcmp(e->key, have->expr->key) != 0)
			return rt_load__fail(l,
					     "constraint '%s' conflicts with "
					     "inherited constraint on relation "
					     "'%s'",
					     con->name, t->name);
		have->is_local = true;
		return 0;
	}
	if (have)
		return rt_load__fail(
		    l,
		    "constraint '%s' for relation '%s' already "
		    "exists",
		    con->name, t->name);
	switch (c->contype) {
	case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
	case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: {
		bool pk = c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
		con->type = pk ? RT_CON_PRIMARY : RT_CON_UNIQUE;
		if (pk && rt_table_primary_key(t))
			return rt_load__fail(
			    l,
			    "multiple primary keys for table '%s' "
			    "are not allowed",
			    t->name);
		if (!empty(c->indexname)) {
			if (take_index(l, t, con, c->indexname) < 0)
				return -1;
		} else if (col) {
			rt_vec_push(&con->columns, l->a,
				    rt_arena_strdup(l->a, col));
		} else {
			rt_load__str_list(l, &con->columns, c->keys, c->n_keys);
			rt_load__str_list(l, &con->include, c->including,
					  c->n_including);
		}
		for (size_t i = 0; i < con->columns.len; i++) {
			if (rt_load__need_column(l, t, con->columns.items[i],
						 "named in key") < 0)
				return -1;
			if (ncols < RT_ARRAY_LEN(cols))
				cols[ncols++] = con->columns.items[i];
		}
		for (size_t i = 0; i < con->include.len; i++) {
			if (rt_load__need_column(l, t, con->include.items[i],
						 "named in key") < 0)
				return -1;
			if (ncols < RT_ARRAY_LEN(cols))
				cols[ncols++] = con->include.items[i];
		}
		con->nulls_not_distinct |= c->nulls_not_distinct;
		if (index_options(l, &con->index_options, l->a, c->options,
				  c->n_options) < 0)
			return -1;
		rt_load__index_colnames(l, cols, ncols);
		if (!con->name)
			con->name = rt_schema_default_name(
			    l->s, t->schema, t->name, cols, pk ? 0 : ncols,
			    pk ? "pkey" : "key");
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
			rt_load__str_list(l, &con->columns, c->fk_attrs,
					  c->n_fk_attrs);
		for (size_t i = 0; i < con->columns.len; i++) {
			if (rt_load__need_column(l, t, con->columns.items[i],
						 "referenced in foreign key "
						 "constraint") < 0)
				return -1;
			if (ncols < RT_ARRAY_LEN(cols))
				cols[ncols++] = con->columns.items[i];
		}
		if (rt_load__lookup_table(l, &ref, c->pktable, false) < 0)
			return -1;
		con->ref_table.schema = ref->schema;
		con->ref_table.name = ref->name;
		rt_load__str_list(l, &con->ref_columns, c->pk_attrs,
				  c->n_pk_attrs);
		if (con->ref_columns.len == 0) {
			rt_constraint *pk = rt_table_primary_key(ref);
			if (!pk)
				return rt_load__fail(
				    l,
				    "there is no primary key for "
				    "referenced table '%s'",
				    ref->name);
			for (size_t i = 0; i < pk->columns.len; i++)
				rt_vec_push(&con->ref_columns, l->a,
					    pk->columns.items[i]);
		}
		for (size_t i = 0; i < con->ref_columns.len; i++)
			if (rt_load__need_column(l, ref,
						 con->ref_columns.items[i],
						 "referenced in foreign key "
						 "constraint") < 0)
				return -1;
		if (con->ref_columns.len != con->columns.len)
			return rt_load__fail(
			    l, "number of referencing and referenced "
			       "columns for foreign key disagree");
		if (!unique_key(l, ref, &con->ref_columns))
			return rt_load__fail(
			    l,
			    "there is no unique constraint matching "
			    "given keys for referenced table '%s'",
			    ref->name);
		con->on_update = fk_action(c->fk_upd_action);
		con->on_delete = fk_action(c->fk_del_action);
		rt_load__str_list(l, &con->on_delete_columns,
				  c->fk_del_set_cols, c->n_fk_del_set_cols);
		for (size_t i = 0; i < con->on_delete_columns.len; i++) {
			const char *dc = con->on_delete_columns.items[i];
			if (rt_load__need_column(l, t, dc,
						 "referenced in foreign key "
						 "constraint") < 0)
				return -1;
			if (!rt_load__vec_has(&con->columns, dc))
				return rt_load__fail(
				    l,
				    "column '%s' referenced in ON DELETE SET "
				    "action must be part of foreign key",
				    dc);
		}
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
		rt_load__node_colrefs(&refs, &c->raw_expr->base);
		for (size_t i = 0; i < refs.names.len; i++)
			if (rt_load__need_column(l, t, refs.names.items[i],
						 "") < 0)
				return -1;
		rt_load__bool_literals(l, t, c->raw_expr);
		if (rt_load__node_expr(l, &con->expr, c->raw_expr) < 0)
			return -1;
		if (!con->name) {
			const char *one =
			    refs.names.len == 1 ? refs.names.items[0] : NULL;
			con->name =
			    rt_schema_default_name(l->s, t->schema, t->name,
						   &one, one ? 1 : 0, "check");
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
			return rt_load__failed_here(l);
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
			    rt_load__need_column(l, t, e->name,
						 "named in key") < 0)
				return -1;
			if (ncols < RT_ARRAY_LEN(cols))
				cols[ncols++] = rt_load__index_elem_name(e);
		}
		rt_load__index_colnames(l, cols, ncols);
		if (!con->name)
			con->name = rt_schema_default_name(
			    l->s, t->schema, t->name, cols, ncols, "excl");
		break;
	}
	default:
		return rt_load__fail(l, "unsupported constraint");
	}
	con->owner = &t->obj;
	rt_schema_add(l->s, RT_KIND_CONSTRAINT, &con->obj);
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

/* true when key c has the storage parameters opts (an unreadable list
 * differs: adding it reports the error) */
static bool same_options(ld *l, const rt_vec *opts,
			 const PgQuery__Constraint *c)
{
	rt_vec v = {0};
	if (index_options(l, &v, l->scratch, c->options, c->n_options) < 0) {
		rt_error_clear(l->err);
		return false;
	}
	if (v.len != opts->len)
		return false;
	for (size_t i = 0; i < v.len; i++)
		if (strcmp(v.items[i], opts->items[i]) != 0)
			return false;
	return true;
}

/* transformIndexConstraints: a UNIQUE that repeats the primary key or an
 * earlier UNIQUE of the same statement is dropped. */
static bool duplicate_key(ld *l, rt_table *t, const pending *p, size_t first)
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
		    same_options(l, &k->index_options, c) &&
		    k->deferrable == c->deferrable &&
		    k->initially_deferred == c->initdeferred)
			return true;
	}
	return false;
}

/* Applies pending constraints in PostgreSQL's naming order: checks, the
 * primary key, other index-backed ones, then foreign keys. */
int rt_load__apply_pending(ld *l, rt_table *t, rt_vec *v)
{
	size_t first = t->constraints.len;
	for (int pass = 0; pass < 4; pass++) {
		for (size_t i = 0; i < v->len; i++) {
			pending *p = v->items[i];
			PgQuery__ConstrType ct = p->c->contype;
			int want =
			    ct == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK	  ? 0
			    : ct == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ? 1
			    : ct == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN ? 3
									  : 2;
			if (want != pass)
				continue;
			if (want == 2 && duplicate_key(l, t, p, first))
				continue;
			/* a new table (or column) is empty: NOT VALID
			 * constraints are valid at once */
			p->c->skip_validation = false;
			if (rt_load__add_constraint(l, t, p->c, p->col) < 0)
				return -1;
		}
	}
	return 0;
}

static int make_serial(ld *l, rt_table *t, rt_column *col, const char *type)
{
	const char *cn = col->name;
	const char *name =
	    rt_schema_default_name(l->s, t->schema, t->name, &cn, 1, "seq");
	rt_sequence *q = rt_load__sequence_new(l->s, t->schema, name, type);
	q->owned_by_table.schema = t->schema;
	q->owned_by_table.name = t->name;
	q->owned_by_column = col->name;
	q->src_line = rt_load__src_line(l);
	col->not_null = true;
	col->generated = NULL;
	return rt_load__make_expr(l, &col->default_expr,
				  rt_load__nextval_text(l->s, t->schema, name));
}

void rt_load__set_identity(rt_column *col, const char *when)
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
int rt_load__column_apply(ld *l, rt_table *t, rt_column *col,
			  PgQuery__ColumnDef *cd, rt_vec *pend)
{
	const char *serial = NULL;
	if (cd->type_name) {
		rt_type ty;
		if (rt_load__resolve_type(l, cd->type_name, &ty, &serial) < 0)
			return -1;
		col->type = ty;
	}
	if (cd->coll_clause)
		col->collation = rt_load__resolve_collation(
		    l, cd->coll_clause->collname, cd->coll_clause->n_collname);
	if (cd->is_not_null)
		col->not_null = true;
	if (!empty(cd->compression) &&
	    rt_load__column_compression(l, col, cd->compression) < 0)
		return -1;
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
			/* DEFAULT NULL stores no default (and hides an
			 * inherited one) */
			col->default_expr = NULL;
			if (!rt_load__null_default_dropped(l, c->raw_expr,
							   &col->type) &&
			    rt_load__default_expr(l, &col->default_expr,
						  c->raw_expr, &col->type) < 0)
				return -1;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
			rt_load__set_identity(col, c->generated_when);
			if (rt_load__identity_options(l, col, c->options,
						      c->n_options, true) < 0)
				return -1;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
			if (rt_load__node_expr(l, &col->generated,
					       c->raw_expr) < 0)
				return -1;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
		case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
		case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
		case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE:
			if (!last)
				return rt_load__fail(l, "misplaced constraint "
							"attribute");
			if (c->contype ==
			    PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE)
				last->c->deferrable = true;
			else if (
			    c->contype ==
			    PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE)
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
			return rt_load__fail(
			    l,
			    "multiple default values specified for "
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
void rt_load__column_to_children(ld *l, rt_table *t, rt_column *col)
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
		rt_load__column_to_children(l, k, n);
	}
}

/* Copies parent p's columns and inheritable checks into child t. */
static void inherit_from(ld *l, rt_table *t, rt_table *p)
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
			const char *x = rt_load__expr_text(l, e->expr);
			bool fn = e->expr->node_case ==
				  PG_QUERY__NODE__NODE_FUNC_CALL;
			rt_buf_addf(&b, fn ? "%s" : "(%s)", x ? x : "");
		}
		if (e->n_collation) {
			rt_qname q = rt_load__names_qname(l, e->collation,
							  e->n_collation);
			rt_buf_adds(&b, " COLLATE ");
			rt_buf_add_qname(&b, RT_DIALECT_PG, q.schema, q.name);
		}
		if (e->n_opclass) {
			rt_qname q =
			    rt_load__names_qname(l, e->opclass, e->n_opclass);
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
		return rt_load__failed_here(l);
	t->relkind = RT_REL_PARTITIONED;
	t->partition_key = e;
	return 0;
}

/* "FOR VALUES FROM (...) TO (...)" / "DEFAULT" for a bound. */
int rt_load__set_bound(ld *l, rt_table *t, PgQuery__PartitionBoundSpec *b)
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
	parent = rt_load__wrap(l, PG_QUERY__NODE__NODE_RANGE_VAR, &pv);
	cs.relation = &rv;
	cs.n_inh_relations = 1;
	cs.inh_relations = &parent;
	cs.partbound = b;
	cs.oncommit = PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_NOOP;
	const char *text = rt_load__deparse(
	    l, rt_load__wrap(l, PG_QUERY__NODE__NODE_CREATE_STMT, &cs));
	if (!text)
		return -1;
	const char *p = strstr(text, " PARTITION OF p ");
	if (!p)
		return rt_load__fail(l, "cannot read partition bound");
	rt_expr *e = RT_NEW(l->a, rt_expr);
	e->text = p + strlen(" PARTITION OF p ");
	if (rt_canon_partbound(&e->key, l->a, e->text, l->err) < 0)
		return rt_load__failed_here(l);
	t->partition_bound = e;
	return 0;
}

/* A copy of key constraint c (primary key, unique, exclusion) on table
 * dst, named as PostgreSQL names a new one there. */
void rt_load__clone_key(ld *l, const rt_constraint *c, rt_table *dst)
{
	const char *cols[64];
	size_t n = 0;
	for (size_t j = 0; j < c->columns.len && n < 64; j++)
		cols[n++] = c->columns.items[j];
	for (size_t j = 0; j < c->include.len && n < 64; j++)
		cols[n++] = c->include.items[j];
	if (c->type == RT_CON_EXCLUDE && c->expr) {
		PgQuery__ParseResult *tree = rt_load__reparse(
		    l, rt_arena_printf(l->scratch,
				       "ALTER TABLE t ADD CONSTRAINT c %s",
				       c->expr->text));
		PgQuery__AlterTableStmt *at =
		    tree ? tree->stmts[0]->stmt->alter_table_stmt : NULL;
		PgQuery__Constraint *x =
		    at ? at->cmds[0]->alter_table_cmd->def->constraint : NULL;
		for (size_t j = 0; x && j < x->n_exclusions && n < 64; j++) {
			Node *pair = x->exclusions[j];
			if (pair->node_case == PG_QUERY__NODE__NODE_LIST &&
			    pair->list->n_items > 0 &&
			    pair->list->items[0]->node_case ==
				PG_QUERY__NODE__NODE_INDEX_ELEM)
				cols[n++] = rt_load__index_elem_name(
				    pair->list->items[0]->index_elem);
		}
	}
	rt_load__index_colnames(l, cols, n);
	const char *name =
	    rt_schema_default_name(l->s, dst->schema, dst->name, cols,
				   c->type == RT_CON_PRIMARY ? 0 : n,
				   c->type == RT_CON_PRIMARY  ? "pkey"
				   : c->type == RT_CON_UNIQUE ? "key"
							      : "excl");
	rt_constraint *nc = rt_load__constraint_inherit(l->s, dst, c);
	nc->is_local = true;
	rt_schema_rename(l->s, &nc->obj, NULL, name);
}

/* Copies of the stand-alone indexes of src on dst, with names chosen for
 * dst (CREATE TABLE LIKE, a detached partition). */
void rt_load__clone_indexes(ld *l, const rt_table *src, rt_table *dst,
			    bool comments)
{
	size_t nix = l->s->indexes.len;
	for (size_t i = 0; i < nix; i++) {
		rt_index *ix = l->s->indexes.items[i];
		if (ix->table.name != src->name ||
		    strcmp(ix->table.schema, src->schema) != 0)
			continue;
		PgQuery__ParseResult *tree = rt_load__reparse(l, ix->def->text);
		if (!tree || tree->stmts[0]->stmt->node_case !=
				 PG_QUERY__NODE__NODE_INDEX_STMT)
			continue;
		PgQuery__IndexStmt *is = tree->stmts[0]->stmt->index_stmt;
		const char *cols[64];
		size_t n = 0;
		for (size_t j = 0; j < is->n_index_params && n < 64; j++)
			cols[n++] = rt_load__index_elem_name(
			    is->index_params[j]->index_elem);
		for (size_t j = 0; j < is->n_index_including_params && n < 64;
		     j++)
			cols[n++] = rt_load__index_elem_name(
			    is->index_including_params[j]->index_elem);
		rt_load__index_colnames(l, cols, n);
		rt_index *c = RT_NEW(l->a, rt_index);
		*c = *ix;
		rt_object_reset(&c->obj, NULL);
		if (!comments)
			c->comment = NULL;
		c->name = rt_schema_default_name(l->s, dst->schema, dst->name,
						 cols, n, "idx");
		c->schema = dst->schema;
		c->table.schema = dst->schema;
		c->table.name = dst->name;
		c->def = RT_NEW(l->a, rt_expr);
		*c->def = *ix->def;
		rt_load__index_redef(l, c, NULL);
		rt_schema_add(l->s, RT_KIND_INDEX, &c->obj);
	}
}

/* CREATE_TABLE_LIKE_* bits of TableLikeClause.options */
enum {
	LIKE_COMMENTS = 1 << 0,
	LIKE_CONSTRAINTS = 1 << 2,
	LIKE_DEFAULTS = 1 << 3,
	LIKE_GENERATED = 1 << 4,
	LIKE_IDENTITY = 1 << 5,
	LIKE_INDEXES = 1 << 6,
};

/* LIKE src: the columns (with NOT NULL, and what the options ask). */
static void like_columns(ld *l, rt_table *t, const rt_table *src, uint32_t opt)
{
	for (size_t j = 0; j < src->columns.len; j++) {
		rt_column *sc = src->columns.items[j];
		rt_column *nc = rt_load__column_new(l->s, t, sc->name);
		nc->type = sc->type;
		nc->collation = sc->collation;
		nc->not_null = sc->not_null;
		nc->src_line = rt_load__src_line(l);
		if (opt & LIKE_DEFAULTS)
			nc->default_expr = sc->default_expr;
		if (opt & LIKE_GENERATED)
			nc->generated = sc->generated;
		if (opt & LIKE_IDENTITY && sc->identity) {
			nc->identity = sc->identity;
			rt_sequence *q = rt_schema_identity_seq(l->s, nc);
			const char *qs = q->schema, *qn = q->name;
			if (sc->id_seq) {
				*q = *sc->id_seq;
				q->schema = qs;
				q->name = qn;
			}
		}
		if (opt & LIKE_COMMENTS)
			nc->comment = sc->comment;
	}
}

/* LIKE src: constraints and indexes, made once the table is complete. */
static void like_rest(ld *l, rt_table *t, const rt_table *src, uint32_t opt)
{
	for (size_t i = 0; i < src->constraints.len; i++) {
		rt_constraint *c = src->constraints.items[i];
		if (c->type == RT_CON_CHECK && (opt & LIKE_CONSTRAINTS) &&
		    !rt_table_find_constraint(t, c->name)) {
			rt_constraint *nc =
			    rt_load__constraint_inherit(l->s, t, c);
			nc->is_local = true;
			if (opt & LIKE_COMMENTS)
				nc->comment = c->comment;
		} else if ((opt & LIKE_INDEXES) &&
			   (c->type == RT_CON_PRIMARY ||
			    c->type == RT_CON_UNIQUE ||
			    c->type == RT_CON_EXCLUDE)) {
			if (c->type == RT_CON_PRIMARY &&
			    rt_table_primary_key(t))
				continue;
			rt_load__clone_key(l, c, t);
		}
	}
	if (opt & LIKE_INDEXES)
		rt_load__clone_indexes(l, src, t, opt & LIKE_COMMENTS);
}

int rt_load__create_table(ld *l, PgQuery__CreateStmt *cs)
{
	rt_qname q = rt_load__rv_new_qname(l, cs->relation);
	rt_vec pend = {0}, likes = {0};
	if (rt_load__need_namespace(l, q.schema) < 0)
		return -1;
	if (rt_schema_relname_taken(l->s, q.schema, q.name)) {
		if (cs->if_not_exists)
			return 0;
		return rt_load__fail(l, "relation '%s.%s' already exists",
				     q.schema, q.name);
	}
	if (cs->of_typename) {
		rt_load__unmanaged(l, rt_arena_printf(l->scratch, "table %s.%s",
						      q.schema, q.name));
		return 0;
	}
	rt_table *t = rt_load__table_new(l->s, q.schema, q.name);
	t->src_line = rt_load__src_line(l);
	t->renamed_from = rt_load__renamed_from(l, l->loc);
	t->unlogged = cs->relation->relpersistence &&
		      cs->relation->relpersistence[0] == 'u';
	for (size_t i = 0; i < cs->n_inh_relations; i++) {
		rt_table *p;
		if (rt_load__lookup_table(
			l, &p, cs->inh_relations[i]->range_var, false) < 0)
			return -1;
		if (cs->partbound) {
			if (p->relkind != RT_REL_PARTITIONED)
				return rt_load__fail(l,
						     "table '%s' is not "
						     "partitioned",
						     p->name);
			t->partition_of.schema = p->schema;
			t->partition_of.name = p->name;
			p->maybe_parent = true;
			if (rt_load__set_bound(l, t, cs->partbound) < 0)
				return -1;
		} else {
			if (p->relkind == RT_REL_PARTITIONED)
				return rt_load__fail(l,
						     "cannot inherit from "
						     "partitioned table '%s'",
						     p->name);
			rt_qname *pq = RT_NEW(l->a, rt_qname);
			pq->schema = p->schema;
			pq->name = p->name;
			rt_vec_push(&t->inherits, l->a, pq);
			p->maybe_parent = true;
		}
		inherit_from(l, t, p);
	}
	for (size_t i = 0; i < cs->n_table_elts; i++) {
		Node *e = cs->table_elts[i];
		if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
			PgQuery__ColumnDef *cd = e->column_def;
			rt_column *col = rt_table_find_column(t, cd->colname);
			if (col && col->is_local)
				return rt_load__fail(
				    l,
				    "column '%s' specified more "
				    "than once",
				    cd->colname);
			if (col) {
				if (!cs->partbound)
					col->is_local = true;
			} else {
				if (cs->partbound)
					return rt_load__fail(
					    l,
					    "column '%s' named in "
					    "partition does not "
					    "exist",
					    cd->colname);
				col = rt_load__column_new(l->s, t, cd->colname);
				col->src_line =
				    rt_load__line_at(l, cd->location);
				col->renamed_from =
				    rt_load__renamed_from(l, cd->location);
			}
			if (rt_load__column_apply(l, t, col, cd, &pend) < 0)
				return -1;
		} else if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
			add_pending(l, &pend, e->constraint, NULL);
		} else if (e->node_case ==
			   PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE) {
			rt_table *src;
			if (rt_load__lookup_table(
				l, &src, e->table_like_clause->relation,
				false) < 0)
				return -1;
			like_columns(l, t, src, e->table_like_clause->options);
			rt_vec_push(&likes, l->scratch, e->table_like_clause);
		}
	}
	if (rt_load__apply_pending(l, t, &pend) < 0)
		return -1;
	if (rt_load__table_options(l, t, cs->options, cs->n_options,
				   RT_OPTIONS_SET) < 0)
		return -1;
	for (size_t i = 0; i < likes.len; i++) {
		PgQuery__TableLikeClause *lc = likes.items[i];
		rt_table *src;
		if (rt_load__lookup_table(l, &src, lc->relation, false) < 0)
			return -1;
		like_rest(l, t, src, lc->options);
	}
	if (cs->partspec && set_partkey(l, t, cs->partspec) < 0)
		return -1;
	return 0;
}

/* ---- indexes ---------------------------------------------------------- */

/* true when two name vectors are equal, in order */
static bool same_list(const rt_vec *a, const rt_vec *b)
{
	if (a->len != b->len)
		return false;
	for (size_t i = 0; i < a->len; i++)
		if (strcmp(a->items[i], b->items[i]) != 0)
			return false;
	return true;
}

/* An index definition with its name and table blanked: two indexes of
 * the same shape on a parent and a partition compare equal. */
static const char *index_shape(ld *l, const rt_index *ix)
{
	PgQuery__ParseResult *tree = rt_load__reparse(l, ix->def->text);
	const char *key;
	if (!tree ||
	    tree->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_INDEX_STMT)
		return NULL;
	PgQuery__IndexStmt *is = tree->stmts[0]->stmt->index_stmt;
	is->idxname = empty_str;
	is->relation->schemaname = empty_str;
	is->relation->relname = (char *)"t";
	const char *def = rt_load__deparse(l, tree->stmts[0]->stmt);
	if (!def || rt_canon_index(&key, l->scratch, def, l->err) < 0) {
		rt_error_clear(l->err);
		return NULL;
	}
	return key;
}

/* ix, on a partitioned table, takes over the first index of partition
 * part with the same shape (ATTACH PARTITION and CREATE INDEX attach
 * such an index instead of building one): that index is derived now. */
static void adopt_index(ld *l, rt_index *ix, rt_table *part)
{
	const char *shape = index_shape(l, ix);
	if (!shape)
		return;
	for (size_t i = 0; i < l->s->indexes.len; i++) {
		rt_index *c = l->s->indexes.items[i];
		if (c->table.name != part->name ||
		    strcmp(c->table.schema, part->schema) != 0 ||
		    c->unique != ix->unique)
			continue;
		const char *cs = index_shape(l, c);
		if (cs && strcmp(cs, shape) == 0) {
			rt_schema_remove(l->s, &c->obj);
			return;
		}
	}
}

/* The CREATE INDEX text of is named name. libpg_query prints the index
 * name unquoted, so it deparses a placeholder and puts the quoted name in
 * its place. */
static const char *index_text(ld *l, PgQuery__IndexStmt *is, const char *name)
{
	static char placeholder[] = "rt__index__name";
	char *saved = is->idxname;
	is->idxname = placeholder;
	const char *def = rt_load__deparse(
	    l, rt_load__wrap(l, PG_QUERY__NODE__NODE_INDEX_STMT, is));
	is->idxname = saved;
	if (!def)
		return NULL;
	const char *at = strstr(def, placeholder);
	if (!at)
		return def;
	rt_buf b = RT_BUF_INIT;
	rt_buf_add(&b, def, (size_t)(at - def));
	rt_buf_add_ident(&b, RT_DIALECT_PG, name);
	/* libpg_query also glues an expression's operator class to it,
	 * "lower(b)text_pattern_ops": a space after ')' outside quotes */
	char q = 0;
	for (const char *p = at + strlen(placeholder); *p; p++) {
		rt_buf_addch(&b, *p);
		if (q) {
			if (*p == q)
				q = 0;
		} else if (*p == '\'' || *p == '"') {
			q = *p;
		} else if (*p == ')' && ((p[1] >= 'a' && p[1] <= 'z') ||
					 p[1] == '_' || p[1] == '"')) {
			rt_buf_addch(&b, ' ');
		}
	}
	return rt_buf_detach_arena(&b, l->a);
}

/* is's index columns with a COLLATE equal to the column's own collation
 * left out, as pg_get_indexdef prints them (a copy in the scratch
 * arena). */
static Node **plain_collations(ld *l, rt_table *t, PgQuery__IndexStmt *is)
{
	Node **out = rt_arena_alloc(l->scratch,
				    sizeof(Node *) * (is->n_index_params + 1));
	for (size_t i = 0; i < is->n_index_params; i++) {
		Node *n = is->index_params[i];
		PgQuery__IndexElem *e = n->index_elem;
		rt_column *c =
		    empty(e->name) ? NULL : rt_table_find_column(t, e->name);
		out[i] = n;
		if (!c || !e->n_collation)
			continue;
		rt_qname q =
		    rt_load__resolve_collation(l, e->collation, e->n_collation);
		bool same = c->collation.name
				? rt_streq(q.name, c->collation.name) &&
				      rt_streq(q.schema, c->collation.schema)
				: !q.schema && strcmp(q.name, "default") == 0;
		if (!same)
			continue;
		PgQuery__IndexElem *ce =
		    rt_arena_alloc(l->scratch, sizeof(*ce));
		*ce = *e;
		ce->n_collation = 0;
		ce->collation = NULL;
		out[i] = rt_load__wrap(l, PG_QUERY__NODE__NODE_INDEX_ELEM, ce);
	}
	return out;
}

/* An index on a materialized view (a plain view cannot have one). */
static int view_index(ld *l, rt_view *v, PgQuery__IndexStmt *is)
{
	const char *cols[64];
	size_t ncols = 0;
	if (!v->materialized)
		return rt_load__fail(l,
				     "cannot create an index on view '%s.%s'",
				     v->schema, v->name);
	for (size_t i = 0; i < is->n_index_params; i++)
		if (ncols < RT_ARRAY_LEN(cols))
			cols[ncols++] = rt_load__index_elem_name(
			    is->index_params[i]->index_elem);
	const char *name = nz(is->idxname);
	if (name && rt_schema_relname_taken(l->s, v->schema, name)) {
		if (is->if_not_exists)
			return 0;
		return rt_load__fail(l, "relation '%s.%s' already exists",
				     v->schema, name);
	}
	rt_load__index_colnames(l, cols, ncols);
	if (!name)
		name = rt_schema_default_name(l->s, v->schema, v->name, cols,
					      ncols, "idx");
	PgQuery__IndexStmt copy = *is;
	PgQuery__RangeVar rv = *is->relation;
	copy.relation = &rv;
	rv.schemaname = (char *)v->schema;
	rv.inh = true;
	copy.concurrent = false;
	copy.if_not_exists = false;
	if (empty(copy.access_method))
		copy.access_method = btree_str;
	const char *def = index_text(l, &copy, name);
	if (!def)
		return -1;
	rt_index *ix = RT_NEW(l->a, rt_index);
	ix->schema = v->schema;
	ix->name = rt_arena_strdup(l->a, name);
	ix->table.schema = v->schema;
	ix->table.name = v->name;
	ix->unique = is->unique;
	ix->src_line = rt_load__src_line(l);
	ix->def = RT_NEW(l->a, rt_expr);
	ix->def->text = def;
	if (rt_canon_index(&ix->def->key, l->a, def, l->err) < 0)
		return rt_load__failed_here(l);
	rt_schema_add(l->s, RT_KIND_INDEX, &ix->obj);
	return 0;
}

int rt_load__create_index(ld *l, PgQuery__IndexStmt *is)
{
	rt_table *t;
	const char *cols[64];
	size_t ncols = 0;
	const char *rschema = rt_load__schema(l, is->relation->schemaname,
					      is->relation->relname, LOOK_REL);
	rt_view *mv = rt_schema_find_view(l->s, rschema, is->relation->relname);
	if (mv)
		return view_index(l, mv, is);
	if (!rt_schema_find_table(l->s, rschema, is->relation->relname) &&
	    rt_load__other_relation(l, is->relation))
		return 0; /* an index on an unmanaged relation: part of it */
	if (rt_load__lookup_table(l, &t, is->relation, false) < 0)
		return -1;
	for (size_t i = 0; i < is->n_index_params; i++) {
		PgQuery__IndexElem *e = is->index_params[i]->index_elem;
		if (!empty(e->name) &&
		    rt_load__need_column(l, t, e->name, "") < 0)
			return -1;
		if (ncols < RT_ARRAY_LEN(cols))
			cols[ncols++] = rt_load__index_elem_name(e);
	}
	for (size_t i = 0; i < is->n_index_including_params; i++) {
		PgQuery__IndexElem *e =
		    is->index_including_params[i]->index_elem;
		if (!empty(e->name) &&
		    rt_load__need_column(l, t, e->name, "") < 0)
			return -1;
		if (ncols < RT_ARRAY_LEN(cols))
			cols[ncols++] = rt_load__index_elem_name(e);
	}
	const char *name = nz(is->idxname);
	if (name && rt_schema_relname_taken(l->s, t->schema, name)) {
		if (is->if_not_exists)
			return 0;
		return rt_load__fail(l, "relation '%s.%s' already exists",
				     t->schema, name);
	}
	rt_load__index_colnames(l, cols, ncols);
	if (!name)
		name = rt_schema_default_name(l->s, t->schema, t->name, cols,
					      ncols, "idx");
	PgQuery__IndexStmt copy = *is;
	PgQuery__RangeVar rv = *is->relation;
	copy.relation = &rv;
	rv.schemaname = (char *)t->schema;
	rv.inh = true; /* ON ONLY: pg_get_indexdef does not print it */
	copy.concurrent = false;
	copy.if_not_exists = false;
	if (empty(copy.access_method))
		copy.access_method = btree_str;
	copy.index_params = plain_collations(l, t, is);
	const char *def = index_text(l, &copy, name);
	if (!def)
		return -1;
	rt_index *ix = RT_NEW(l->a, rt_index);
	ix->schema = t->schema;
	ix->name = rt_arena_strdup(l->a, name);
	ix->table.schema = t->schema;
	ix->table.name = t->name;
	ix->unique = is->unique;
	ix->src_line = rt_load__src_line(l);
	ix->def = RT_NEW(l->a, rt_expr);
	ix->def->text = def;
	if (rt_canon_index(&ix->def->key, l->a, def, l->err) < 0)
		return rt_load__failed_here(l);
	rt_schema_add(l->s, RT_KIND_INDEX, &ix->obj);
	if (t->relkind == RT_REL_PARTITIONED) {
		/* a matching index of a partition is attached to it */
		rt_vec kids = {0};
		rt_load__children(l->s, t, &kids);
		for (size_t i = 0; i < kids.len; i++)
			adopt_index(l, ix, kids.items[i]);
	}
	return 0;
}

void rt_load__adopt_matches(ld *l, rt_table *parent, rt_table *part)
{
	size_t n = l->s->indexes.len;
	rt_vec parents = {0};
	for (size_t i = 0; i < n; i++) {
		rt_index *ix = l->s->indexes.items[i];
		if (ix->table.name == parent->name &&
		    strcmp(ix->table.schema, parent->schema) == 0)
			rt_vec_push(&parents, l->scratch, ix);
	}
	for (size_t i = 0; i < parents.len; i++)
		adopt_index(l, parents.items[i], part);
	for (size_t i = 0; i < parent->constraints.len; i++) {
		rt_constraint *pc = parent->constraints.items[i];
		if (pc->type != RT_CON_PRIMARY && pc->type != RT_CON_UNIQUE)
			continue;
		for (size_t j = 0; j < part->constraints.len; j++) {
			rt_constraint *c = part->constraints.items[j];
			if (c->type == pc->type &&
			    same_list(&c->columns, &pc->columns) &&
			    same_list(&c->include, &pc->include) &&
			    c->nulls_not_distinct == pc->nulls_not_distinct) {
				rt_load__drop_constraint(l->s,
							 c); /* a clone now */
				break;
			}
		}
	}
}

/* An index of a SQLite schema (rt_load_rename on what the SQLite loader
 * read) written back as that loader writes it (load_sqlite.c, add_index:
 * "CREATE [UNIQUE] INDEX name ON table (col, ...)", the key the same
 * without the name, rt_sqlite_expr_key), so that it still compares equal
 * with the models' index after a rename. Only an index of plain columns
 * (ASC or DESC, no collation, no predicate) is written so; false for any
 * other, which keeps PostgreSQL's spelling. */
static bool sqlite_index_redef(ld *l, rt_index *ix,
			       const PgQuery__IndexStmt *is)
{
	if (is->where_clause || !is->n_index_params)
		return false;
	for (size_t i = 0; i < is->n_index_params; i++) {
		const PgQuery__Node *n = is->index_params[i];
		const PgQuery__IndexElem *e =
		    n->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM
			? n->index_elem
			: NULL;
		if (!e || !e->name || !*e->name || e->expr || e->n_collation ||
		    e->n_opclass ||
		    e->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_USING ||
		    (e->nulls_ordering !=
			 PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_DEFAULT &&
		     e->nulls_ordering !=
			 PG_QUERY__SORT_BY_NULLS__SORT_BY_NULLS_UNDEFINED))
			return false;
	}
	rt_buf body = RT_BUF_INIT, b = RT_BUF_INIT;
	rt_refs *refs = RT_NEW(l->a, rt_refs);
	rt_buf_adds(&body, " ON ");
	rt_buf_add_ident(&body, RT_DIALECT_SQLITE, ix->table.name);
	rt_buf_adds(&body, " (");
	for (size_t i = 0; i < is->n_index_params; i++) {
		const PgQuery__IndexElem *e = is->index_params[i]->index_elem;
		if (i)
			rt_buf_adds(&body, ", ");
		rt_buf_add_ident(&body, RT_DIALECT_SQLITE, e->name);
		if (e->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC)
			rt_buf_adds(&body, " DESC");
		else if (e->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_ASC)
			rt_buf_adds(&body, " ASC");
		rt_vec_push(&refs->columns, l->a,
			    (void *)rt_arena_strdup(l->a, e->name));
	}
	rt_buf_adds(&body, ")");
	const char *kw = is->unique ? "CREATE UNIQUE INDEX" : "CREATE INDEX";
	rt_buf_addf(&b, "%s ", kw);
	rt_buf_add_ident(&b, RT_DIALECT_SQLITE, ix->name);
	rt_buf_adds(&b, body.data);
	ix->def->text = rt_arena_strndup(l->a, b.data, b.len);
	rt_buf_reset(&b);
	rt_buf_addf(&b, "%s%s", kw, body.data);
	rt_buf t = RT_BUF_INIT;
	rt_sqlite_expr_key(&t, b.data);
	ix->def->key = rt_arena_strndup(l->a, t.data, t.len);
	ix->def->refs = refs;
	rt_buf_release(&t);
	rt_buf_release(&b);
	rt_buf_release(&body);
	return true;
}

/* Re-deparses an index definition after its name or table changed. */
void rt_load__index_redef(ld *l, rt_index *ix, renamer *r)
{
	PgQuery__ParseResult *tree = rt_load__reparse(l, ix->def->text);
	if (!tree ||
	    tree->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_INDEX_STMT)
		return;
	PgQuery__IndexStmt *is = tree->stmts[0]->stmt->index_stmt;
	is->relation->schemaname = (char *)ix->table.schema;
	is->relation->relname = (char *)ix->table.name;
	if (r)
		rt_load__walk(&tree->base, rt_load__visit_rename, r);
	if (l->s->dialect == RT_DIALECT_SQLITE && sqlite_index_redef(l, ix, is))
		return;
	const char *def = index_text(l, is, ix->name);
	const char *key;
	if (!def || rt_canon_index(&key, l->a, def, l->err) < 0) {
		rt_error_clear(l->err);
		return;
	}
	ix->def->text = def;
	ix->def->key = key;
	ix->def->refs = NULL;
}
