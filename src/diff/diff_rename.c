/* SPDX-License-Identifier: MIT */
/*
 * Renames: requests parsed and checked against the two schemas (asked on
 * the command line, or marked in a SQL source), their RENAME changes and
 * their inverse, and the hints for renames that were not asked for but
 * may have been meant. Nothing here guesses: a hint is only printed, and
 * the diff stays a drop and an add until the rename is asked for.
 */
#include "base/common.h"
#include "base/sql.h"
#include "diff/diff.h"
#include "diff/diff_int.h"

/* ---- parsing and formatting requests ---- */

/* Reads one identifier at *p (double-quoted, or up to the next '.' or
 * '=', folded to lower case as PostgreSQL folds unquoted names). */
static const char *read_part(rt_arena *a, const char **p)
{
	rt_buf b = RT_BUF_INIT;
	const char *s = *p;

	if (*s == '"') {
		for (s++; *s; s++) {
			if (*s == '"') {
				if (s[1] != '"')
					break;
				s++;
			}
			rt_buf_addch(&b, *s);
		}
		if (*s != '"') {
			rt_buf_release(&b);
			return NULL;
		}
		s++;
	} else {
		for (; *s && *s != '.' && *s != '='; s++)
			rt_buf_addch(&b, (char)((*s >= 'A' && *s <= 'Z')
						    ? *s - 'A' + 'a'
						    : *s));
	}
	*p = s;
	if (b.len == 0) {
		rt_buf_release(&b);
		return NULL;
	}
	return rt_buf_detach_arena(&b, a);
}

int rt_rename_parse(rt_rename *out, rt_arena *a, const char *spec,
		    rt_error *err)
{
	const char *parts[3] = {NULL, NULL, NULL};
	const char *p = spec;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	for (;;) {
		const char *part = read_part(a, &p);
		if (!part || n == 3)
			goto bad;
		parts[n++] = part;
		if (*p == '.') {
			p++;
			continue;
		}
		if (*p != '=')
			goto bad;
		p++;
		break;
	}
	if (n < 2)
		goto bad;
	out->new_name = read_part(a, &p);
	if (!out->new_name || *p)
		goto bad;
	out->schema = parts[0];
	if (n == 2) {
		out->kind = RT_KIND_TABLE;
		out->name = parts[1];
	} else {
		out->kind = RT_KIND_COLUMN;
		out->table = parts[1];
		out->name = parts[2];
	}
	return 0;
bad:
	return rt_errorf(
	    err, RT_EUSAGE,
	    "cannot read rename '%s': expected "
	    "schema.table=new_name or schema.table.column=new_name",
	    spec);
}

void rt_rename_format(rt_buf *b, const rt_rename *r)
{
	rt_buf_add_ident(b, RT_DIALECT_PG, r->schema);
	rt_buf_addch(b, '.');
	if (r->table) {
		rt_buf_add_ident(b, RT_DIALECT_PG, r->table);
		rt_buf_addch(b, '.');
	}
	rt_buf_add_ident(b, RT_DIALECT_PG, r->name);
	rt_buf_addch(b, '=');
	rt_buf_add_ident(b, RT_DIALECT_PG, r->new_name);
}

/* ---- checking requests ---- */

static rt_rename *new_rename(rt_arena *a, rt_kind kind, const char *schema,
			     const char *table, const char *name,
			     const char *new_name)
{
	rt_rename *r = RT_NEW(a, rt_rename);
	r->kind = kind;
	r->schema = schema;
	r->table = table;
	r->name = name;
	r->new_name = new_name;
	return r;
}

/* The table rename of schema.table in v, or NULL. */
static const rt_rename *table_rename(const rt_vec *v, const char *schema,
				     const char *table)
{
	for (size_t i = 0; i < v->len; i++) {
		const rt_rename *r = v->items[i];
		if (r->kind == RT_KIND_TABLE &&
		    strcmp(r->schema, schema) == 0 &&
		    strcmp(r->name, table) == 0)
			return r;
	}
	return NULL;
}

/* The rename in v of the same object as r, or NULL. */
static const rt_rename *same_object(const rt_vec *v, const rt_rename *r)
{
	for (size_t i = 0; i < v->len; i++) {
		const rt_rename *x = v->items[i];
		if (x->kind == r->kind && strcmp(x->schema, r->schema) == 0 &&
		    rt_streq(x->table, r->table) &&
		    strcmp(x->name, r->name) == 0)
			return x;
	}
	return NULL;
}

/* The table rename in v that gives schema.name, or NULL. */
static const rt_rename *renamed_to(const rt_vec *v, const char *schema,
				   const char *name)
{
	for (size_t i = 0; i < v->len; i++) {
		const rt_rename *r = v->items[i];
		if (r->kind == RT_KIND_TABLE &&
		    strcmp(r->schema, schema) == 0 &&
		    strcmp(r->new_name, name) == 0)
			return r;
	}
	return NULL;
}

/* The name the from-side table schema.table has on the to side. */
static const char *table_after(const rt_vec *v, const char *schema,
			       const char *table)
{
	const rt_rename *r = table_rename(v, schema, table);
	return r ? r->new_name : table;
}

static int check_table(const rt_schema *from, const rt_schema *to,
		       const rt_vec *all, const rt_rename *r, rt_error *err)
{
	if (!rt_schema_find_table(from, r->schema, r->name))
		return rt_errorf(err, RT_EUSAGE,
				 "cannot rename table '%s.%s': FROM has no "
				 "such table",
				 r->schema, r->name);
	if (!rt_schema_find_table(to, r->schema, r->new_name))
		return rt_errorf(err, RT_EUSAGE,
				 "cannot rename table '%s.%s' to '%s': TO has "
				 "no table '%s.%s'",
				 r->schema, r->name, r->new_name, r->schema,
				 r->new_name);
	if (rt_schema_find_table(from, r->schema, r->new_name))
		return rt_errorf(err, RT_EUSAGE,
				 "cannot rename table '%s.%s' to '%s': FROM "
				 "already has a table '%s.%s'",
				 r->schema, r->name, r->new_name, r->schema,
				 r->new_name);
	if (renamed_to(all, r->schema, r->new_name) != r)
		return rt_errorf(err, RT_EUSAGE,
				 "cannot rename table '%s.%s' to '%s': another "
				 "table is renamed to that name",
				 r->schema, r->name, r->new_name);
	return 0;
}

static int check_column(const rt_schema *from, const rt_schema *to,
			const rt_vec *all, const rt_rename *r, rt_error *err)
{
	const rt_table *ft = rt_schema_find_table(from, r->schema, r->table);
	const char *tname = table_after(all, r->schema, r->table);
	const rt_table *tt = rt_schema_find_table(to, r->schema, tname);

	if (!ft || !rt_table_find_column(ft, r->name))
		return rt_errorf(err, RT_EUSAGE,
				 "cannot rename column '%s.%s.%s': FROM has no "
				 "such column",
				 r->schema, r->table, r->name);
	if (!tt || !rt_table_find_column(tt, r->new_name))
		return rt_errorf(err, RT_EUSAGE,
				 "cannot rename column '%s.%s.%s' to '%s': TO "
				 "has no column '%s.%s.%s'",
				 r->schema, r->table, r->name, r->new_name,
				 r->schema, tname, r->new_name);
	if (rt_table_find_column(ft, r->new_name))
		return rt_errorf(err, RT_EUSAGE,
				 "cannot rename column '%s.%s.%s' to '%s': "
				 "FROM's table already has a column '%s'",
				 r->schema, r->table, r->name, r->new_name,
				 r->new_name);
	for (size_t i = 0; i < all->len; i++) {
		const rt_rename *x = all->items[i];
		if (x != r && x->kind == RT_KIND_COLUMN &&
		    strcmp(x->schema, r->schema) == 0 &&
		    strcmp(x->table, r->table) == 0 &&
		    strcmp(x->new_name, r->new_name) == 0)
			return rt_errorf(err, RT_EUSAGE,
					 "cannot rename column '%s.%s.%s' to "
					 "'%s': another column is renamed to "
					 "that name",
					 r->schema, r->table, r->name,
					 r->new_name);
	}
	return 0;
}

static bool has_marked_column(const rt_table *t)
{
	for (size_t j = 0; j < t->columns.len; j++)
		if (((const rt_column *)t->columns.items[j])->renamed_from)
			return true;
	return false;
}

/* The to side's marks: a table marked "renamed from" an old name that
 * from has (and whose new name from does not have); then the columns. */
static void marked(rt_vec *all, rt_arena *a, const rt_schema *from,
		   const rt_schema *to)
{
	for (size_t i = 0; i < to->tables.len; i++) {
		const rt_table *tt = to->tables.items[i];
		if (!tt->renamed_from ||
		    !rt_schema_find_table(from, tt->schema, tt->renamed_from) ||
		    rt_schema_find_table(from, tt->schema, tt->name) ||
		    renamed_to(all, tt->schema, tt->name) ||
		    table_rename(all, tt->schema, tt->renamed_from))
			continue;
		rt_vec_push(all, a,
			    new_rename(a, RT_KIND_TABLE, tt->schema, NULL,
				       tt->renamed_from, tt->name));
	}
	for (size_t i = 0; i < to->tables.len; i++) {
		const rt_table *tt = to->tables.items[i];
		if (!has_marked_column(tt))
			continue; /* (no lookup in from) */
		const rt_rename *tr = renamed_to(all, tt->schema, tt->name);
		const rt_table *ft = rt_schema_find_table(
		    from, tt->schema, tr ? tr->name : tt->name);
		if (!ft || (!tr && table_rename(all, ft->schema, ft->name)))
			continue;
		for (size_t j = 0; j < tt->columns.len; j++) {
			const rt_column *tc = tt->columns.items[j];
			rt_rename *r;
			if (!tc->renamed_from ||
			    !rt_table_find_column(ft, tc->renamed_from) ||
			    rt_table_find_column(ft, tc->name))
				continue;
			r = new_rename(a, RT_KIND_COLUMN, ft->schema, ft->name,
				       tc->renamed_from, tc->name);
			if (!same_object(all, r))
				rt_vec_push(all, a, r);
		}
	}
}

int rt_diff_renames(rt_vec *out, rt_arena *a, const rt_schema *from,
		    const rt_schema *to, const rt_vec *asked, rt_error *err)
{
	rt_vec all = {0};

	for (size_t i = 0; i < asked->len; i++) {
		const rt_rename *r = asked->items[i];
		const rt_rename *x = same_object(&all, r);
		if (x) {
			rt_buf b = RT_BUF_INIT;
			rt_rename_format(&b, r);
			rt_errorf(err, RT_EUSAGE,
				  "cannot rename '%s': it is already renamed "
				  "to '%s'",
				  b.data, x->new_name);
			rt_buf_release(&b);
			return -1;
		}
		rt_vec_push(&all, a, (void *)r);
	}
	marked(&all, a, from, to);
	for (size_t i = 0; i < all.len; i++) {
		const rt_rename *r = all.items[i];
		if ((r->kind == RT_KIND_COLUMN
			 ? check_column(from, to, &all, r, err)
			 : check_table(from, to, &all, r, err)) < 0)
			return -1;
	}
	for (int tables = 0; tables < 2; tables++)
		for (size_t i = 0; i < all.len; i++) {
			rt_rename *r = all.items[i];
			if ((r->kind == RT_KIND_TABLE) == (tables == 1))
				rt_vec_push(out, a, r);
		}
	return 0;
}

/* ---- what follows a rename ---- */

static bool expr_eq(const rt_expr *x, const rt_expr *y)
{
	if (!x || !y)
		return x == y;
	if (x->key && y->key)
		return strcmp(x->key, y->key) == 0;
	return rt_streq(x->text, y->text);
}

static bool on_table(rt_qname q, const rt_table *t)
{
	return rt_streq(q.schema, t->schema) && rt_streq(q.name, t->name);
}

/* Constraints of ft (renamed, in from) whose name tt (its to-side self)
 * does not have, and the one constraint of tt they match. */
static void follow_constraints(rt_vec *out, rt_arena *a, const rt_table *ft,
			       const rt_table *tt)
{
	for (size_t i = 0; i < ft->constraints.len; i++) {
		const rt_constraint *k = ft->constraints.items[i];
		const rt_constraint *match = NULL;
		size_t n = 0, back = 0;
		if (!k->is_local || rt_table_find_constraint(tt, k->name))
			continue;
		for (size_t j = 0; j < tt->constraints.len; j++) {
			const rt_constraint *tk = tt->constraints.items[j];
			if (tk->is_local &&
			    !rt_table_find_constraint(ft, tk->name) &&
			    rt_diff__constraint_eq(k, tk)) {
				match = tk;
				n++;
			}
		}
		for (size_t j = 0; n == 1 && j < ft->constraints.len; j++) {
			const rt_constraint *fk = ft->constraints.items[j];
			if (fk->is_local &&
			    !rt_table_find_constraint(tt, fk->name) &&
			    rt_diff__constraint_eq(fk, match))
				back++;
		}
		if (n == 1 && back == 1)
			rt_vec_push(out, a,
				    new_rename(a, RT_KIND_CONSTRAINT,
					       ft->schema, ft->name, k->name,
					       match->name));
	}
}

static void follow_indexes(rt_vec *out, rt_arena *a, const rt_schema *from,
			   const rt_schema *to, const rt_table *ft)
{
	for (size_t i = 0; i < from->indexes.len; i++) {
		const rt_index *f = from->indexes.items[i];
		const rt_index *match = NULL;
		size_t n = 0, back = 0;
		if (!on_table(f->table, ft) ||
		    rt_schema_find_index(to, f->schema, f->name))
			continue;
		for (size_t j = 0; j < to->indexes.len; j++) {
			const rt_index *t = to->indexes.items[j];
			if (on_table(t->table, ft) &&
			    rt_streq(t->schema, f->schema) &&
			    !rt_schema_find_index(from, t->schema, t->name) &&
			    expr_eq(f->def, t->def)) {
				match = t;
				n++;
			}
		}
		for (size_t j = 0; n == 1 && j < from->indexes.len; j++) {
			const rt_index *g = from->indexes.items[j];
			if (on_table(g->table, ft) &&
			    !rt_schema_find_index(to, g->schema, g->name) &&
			    expr_eq(g->def, match->def))
				back++;
		}
		if (n == 1 && back == 1)
			rt_vec_push(out, a,
				    new_rename(a, RT_KIND_INDEX, f->schema,
					       NULL, f->name, match->name));
	}
}

static bool owned_by(const rt_sequence *q, const rt_table *t, const char *col)
{
	return on_table(q->owned_by_table, t) &&
	       (!col || rt_streq(q->owned_by_column, col));
}

static void follow_sequences(rt_vec *out, rt_arena *a, const rt_schema *from,
			     const rt_schema *to, const rt_table *ft)
{
	for (size_t i = 0; i < from->sequences.len; i++) {
		const rt_sequence *f = from->sequences.items[i];
		const rt_sequence *match = NULL;
		size_t n = 0;
		if (!owned_by(f, ft, NULL) ||
		    rt_schema_find_sequence(to, f->schema, f->name))
			continue;
		for (size_t j = 0; j < to->sequences.len; j++) {
			const rt_sequence *t = to->sequences.items[j];
			if (owned_by(t, ft, f->owned_by_column) &&
			    rt_streq(t->schema, f->schema) &&
			    !rt_schema_find_sequence(from, t->schema,
						     t->name)) {
				match = t;
				n++;
			}
		}
		/* one column owns one sequence in each: no way back to
		 * check */
		if (n == 1)
			rt_vec_push(out, a,
				    new_rename(a, RT_KIND_SEQUENCE, f->schema,
					       NULL, f->name, match->name));
	}
}

void rt_diff_follow_renames(rt_vec *out, rt_arena *a, const rt_schema *from,
			    const rt_schema *to, const rt_vec *renames)
{
	rt_vec tables = {0}; /* const rt_table *: from's, renamed */
	rt_vec cons = {0}, rest = {0};

	for (size_t i = 0; i < renames->len; i++) {
		const rt_rename *r = renames->items[i];
		const char *name =
		    r->kind == RT_KIND_TABLE
			? r->new_name
			: table_after(renames, r->schema, r->table);
		const rt_table *ft;
		bool seen = false;
		if (r->kind != RT_KIND_TABLE && r->kind != RT_KIND_COLUMN)
			continue;
		ft = rt_schema_find_table(from, r->schema, name);
		for (size_t j = 0; j < tables.len; j++)
			seen = seen || tables.items[j] == ft;
		if (ft && !seen)
			rt_vec_push(&tables, a, (void *)ft);
	}
	for (size_t i = 0; i < tables.len; i++) {
		const rt_table *ft = tables.items[i];
		const rt_table *tt =
		    rt_schema_find_table(to, ft->schema, ft->name);
		if (!tt)
			continue;
		follow_constraints(&cons, a, ft, tt);
	}
	for (size_t i = 0; i < tables.len; i++)
		follow_indexes(&rest, a, from, to, tables.items[i]);
	for (size_t i = 0; i < tables.len; i++)
		follow_sequences(&rest, a, from, to, tables.items[i]);
	for (size_t i = 0; i < cons.len; i++)
		rt_vec_push(out, a, cons.items[i]);
	for (size_t i = 0; i < rest.len; i++)
		rt_vec_push(out, a, rest.items[i]);
}

void rt_diff_renames_invert(rt_vec *out, rt_arena *a, const rt_vec *renames)
{
	for (size_t i = 0; i < renames->len; i++) {
		const rt_rename *r = renames->items[i];
		const char *table =
		    r->kind == RT_KIND_COLUMN
			? table_after(renames, r->schema, r->table)
			: r->table;
		rt_vec_push(out, a,
			    new_rename(a, r->kind, r->schema, table,
				       r->new_name, r->name));
	}
}

/* ---- the changes ---- */

static const void *rename_object(const rt_schema *s, const rt_rename *r,
				 const char *table, const char *name)
{
	const rt_table *t;

	switch (r->kind) {
	case RT_KIND_TABLE:
		return rt_schema_find_table(s, r->schema, name);
	case RT_KIND_COLUMN:
		t = rt_schema_find_table(s, r->schema, table);
		return t ? rt_table_find_column(t, name) : NULL;
	case RT_KIND_CONSTRAINT:
		t = rt_schema_find_table(s, r->schema, table);
		return t ? rt_table_find_constraint(t, name) : NULL;
	case RT_KIND_INDEX:
		return rt_schema_find_index(s, r->schema, name);
	case RT_KIND_SEQUENCE:
		return rt_schema_find_sequence(s, r->schema, name);
	default:
		return NULL;
	}
}

void rt_diff_rename_changes(rt_vec *out, rt_arena *a, const rt_schema *from,
			    const rt_schema *to, const rt_vec *renames)
{
	for (size_t i = 0; i < renames->len; i++) {
		const rt_rename *r = renames->items[i];
		rt_change *ch = RT_NEW(a, rt_change);
		const char *tt =
		    r->table ? table_after(renames, r->schema, r->table) : NULL;
		ch->kind = RT_CH_RENAME;
		ch->obj = r->kind;
		ch->rename = r;
		ch->before = rename_object(from, r, r->table, r->name);
		ch->after = rename_object(to, r, tt, r->new_name);
		rt_vec_push(out, a, ch);
	}
}

/* ---- hints ---- */

static bool type_eq(rt_type x, rt_type y)
{
	return rt_streq(x.schema, y.schema) && rt_streq(x.name, y.name);
}

/* The same shape (diff.h): the same columns, names, types and NOT NULL,
 * in the same order. */
static bool same_shape(const rt_table *x, const rt_table *y)
{
	if (strcmp(x->schema, y->schema) != 0 ||
	    x->columns.len != y->columns.len)
		return false;
	for (size_t i = 0; i < x->columns.len; i++) {
		const rt_column *p = x->columns.items[i];
		const rt_column *q = y->columns.items[i];
		if (strcmp(p->name, q->name) != 0 ||
		    !type_eq(p->type, q->type) || p->not_null != q->not_null)
			return false;
	}
	return true;
}

/* The column rename in v of schema.table.name (from side), or NULL. */
static const rt_rename *column_rename(const rt_vec *v, const char *schema,
				      const char *table, const char *name)
{
	for (size_t i = 0; i < v->len; i++) {
		const rt_rename *r = v->items[i];
		if (r->kind == RT_KIND_COLUMN &&
		    strcmp(r->schema, schema) == 0 &&
		    strcmp(r->table, table) == 0 && strcmp(r->name, name) == 0)
			return r;
	}
	return NULL;
}

/* The column rename in v that gives column name to schema.table (from
 * side), or NULL. */
static const rt_rename *column_renamed_to(const rt_vec *v, const char *schema,
					  const char *table, const char *name)
{
	for (size_t i = 0; i < v->len; i++) {
		const rt_rename *r = v->items[i];
		if (r->kind == RT_KIND_COLUMN &&
		    strcmp(r->schema, schema) == 0 &&
		    strcmp(r->table, table) == 0 &&
		    strcmp(r->new_name, name) == 0)
			return r;
	}
	return NULL;
}

/* true when to-side table tt is new: no table of from becomes it */
static bool table_appears(const rt_schema *from, const rt_vec *renames,
			  const rt_table *tt)
{
	return !renamed_to(renames, tt->schema, tt->name) &&
	       (!rt_schema_find_table(from, tt->schema, tt->name) ||
		table_rename(renames, tt->schema, tt->name));
}

/* true when to-side column tc (of ft's table on the to side) is new */
static bool column_appears(const rt_vec *renames, const rt_table *ft,
			   const rt_column *tc)
{
	return !column_renamed_to(renames, ft->schema, ft->name, tc->name) &&
	       (!rt_table_find_column(ft, tc->name) ||
		column_rename(renames, ft->schema, ft->name, tc->name));
}

/* One pass over from's tables, one lookup of each in to (the table hints
 * come first in out, then the column hints). */
void rt_diff_hints(rt_vec *out, rt_arena *a, const rt_schema *from,
		   const rt_schema *to, const rt_vec *renames)
{
	rt_vec cols = {0};

	for (size_t i = 0; i < from->tables.len; i++) {
		const rt_table *ft = from->tables.items[i];
		const rt_rename *r =
		    table_rename(renames, ft->schema, ft->name);
		const rt_table *tt = rt_schema_find_table(
		    to, ft->schema, r ? r->new_name : ft->name);
		for (size_t j = 0; !r && !tt && j < to->tables.len; j++) {
			const rt_table *nt = to->tables.items[j];
			if (table_appears(from, renames, nt) &&
			    same_shape(ft, nt))
				rt_vec_push(out, a,
					    new_rename(a, RT_KIND_TABLE,
						       ft->schema, NULL,
						       ft->name, nt->name));
		}
		if (!tt || ft->relkind != tt->relkind)
			continue;
		/* the table's own columns: a parent's column dropped and
		 * added is hinted at on the parent, not on each partition */
		for (size_t j = 0; j < ft->columns.len; j++) {
			const rt_column *fc = ft->columns.items[j];
			if (!fc->is_local ||
			    column_rename(renames, ft->schema, ft->name,
					  fc->name) ||
			    rt_table_find_column(tt, fc->name))
				continue;
			for (size_t k = 0; k < tt->columns.len; k++) {
				const rt_column *tc = tt->columns.items[k];
				if (!tc->is_local ||
				    !column_appears(renames, ft, tc) ||
				    !type_eq(fc->type, tc->type) ||
				    fc->not_null != tc->not_null ||
				    !expr_eq(fc->default_expr,
					     tc->default_expr))
					continue;
				rt_vec_push(&cols, a,
					    new_rename(a, RT_KIND_COLUMN,
						       ft->schema, ft->name,
						       fc->name, tc->name));
			}
		}
	}
	for (size_t i = 0; i < cols.len; i++)
		rt_vec_push(out, a, cols.items[i]);
}
