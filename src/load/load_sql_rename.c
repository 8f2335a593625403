/* SPDX-License-Identifier: MIT */
/*
 * Renames for the diff (diff.h, "renames"): a model renamed in place as
 * PostgreSQL renames, by executing the ALTER TABLE ... RENAME statement
 * with the SQL loader's own code (references, expressions, indexes,
 * views, triggers and policies follow); and the "-- retort: renamed from
 * NAME" mark a SQL source puts on the line before CREATE TABLE or a
 * column's definition.
 */
#include "base/common.h"
#include <ctype.h>

#include "base/buf.h"
#include "base/sql.h"
#include "load/load.h"
#include "load/load_int.h"
#include "load/load_sql_int.h"

int rt_load_rename(rt_schema *s, rt_kind kind, const char *schema,
		   const char *table, const char *name, const char *new_name,
		   rt_error *err)
{
	rt_buf sql = RT_BUF_INIT;
	int rc;

	switch (kind) {
	case RT_KIND_TABLE:
		rt_buf_adds(&sql, "ALTER TABLE ");
		rt_buf_add_qname(&sql, RT_DIALECT_PG, schema, name);
		rt_buf_adds(&sql, " RENAME TO ");
		break;
	case RT_KIND_COLUMN:
	case RT_KIND_CONSTRAINT:
		rt_buf_adds(&sql, "ALTER TABLE ");
		rt_buf_add_qname(&sql, RT_DIALECT_PG, schema, table);
		rt_buf_adds(&sql, kind == RT_KIND_COLUMN
				      ? " RENAME COLUMN "
				      : " RENAME CONSTRAINT ");
		rt_buf_add_ident(&sql, RT_DIALECT_PG, name);
		rt_buf_adds(&sql, " TO ");
		break;
	case RT_KIND_INDEX:
	case RT_KIND_SEQUENCE:
		rt_buf_adds(&sql, kind == RT_KIND_INDEX ? "ALTER INDEX "
							: "ALTER SEQUENCE ");
		rt_buf_add_qname(&sql, RT_DIALECT_PG, schema, name);
		rt_buf_adds(&sql, " RENAME TO ");
		break;
	default:
		rt_buf_release(&sql);
		return rt_errorf(err, RT_EINTERNAL,
				 "cannot rename an object of this kind");
	}
	rt_buf_add_ident(&sql, RT_DIALECT_PG, new_name);
	rc = rt_load__sql_exec(s, "--rename", sql.data, err);
	rt_buf_release(&sql);
	if (rc == 0)
		rt_schema_sort(s);
	return rc;
}

#define MARK "-- retort: renamed from "

/* Reads the name after MARK in line[0..n): a plain identifier (folded to
 * lower case) or a double-quoted one, then only blanks. */
static const char *mark_name(rt_arena *a, const char *p, const char *end)
{
	rt_buf b = RT_BUF_INIT;

	if (p < end && *p == '"') {
		for (p++; p < end; p++) {
			if (*p == '"') {
				if (p + 1 >= end || p[1] != '"')
					break;
				p++;
			}
			rt_buf_addch(&b, *p);
		}
		if (p >= end)
			goto bad;
		p++;
	} else {
		for (; p < end && (isalnum((unsigned char)*p) || *p == '_' ||
				   *p == '$' || (unsigned char)*p >= 0x80);
		     p++)
			rt_buf_addch(&b, (char)tolower((unsigned char)*p));
	}
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	if (p != end || b.len == 0)
		goto bad;
	return rt_buf_detach_arena(&b, a);
bad:
	rt_buf_release(&b);
	return NULL;
}

const char *rt_load__renamed_from(ld *l, int off)
{
	const char *text = l->text, *p, *end, *start;

	/* off is the parser's, inside text (no strlen: this is asked for
	 * every column of a statement that may be long) */
	if (off <= 0)
		return NULL;
	/* a piece without the mark anywhere, the common case, is searched
	 * once, not once per column (each a walk back over two lines) */
	if (!l->marked)
		l->marked = strstr(text, MARK) ? 1 : 2;
	if (l->marked == 2)
		return NULL;
	/* only blanks between the start of the line and the object */
	for (p = text + off; p > text && p[-1] != '\n'; p--)
		if (p[-1] != ' ' && p[-1] != '\t')
			return NULL;
	if (p == text)
		return NULL; /* no line before it in this piece */
	end = p - 1;	     /* the newline ending the line before */
	if (end > text && end[-1] == '\r')
		end--;
	for (start = end; start > text && start[-1] != '\n'; start--)
		;
	while (start < end && (*start == ' ' || *start == '\t'))
		start++;
	if ((size_t)(end - start) <= strlen(MARK) ||
	    strncmp(start, MARK, strlen(MARK)) != 0)
		return NULL;
	return mark_name(l->a, start + strlen(MARK), end);
}

/* ---- views follow a rename -------------------------------------------- */

typedef struct follow {
	ld *l;
	const rt_table *t;
	const char *old_schema, *old_rel; /* the table's name before */
	const char *old_col, *new_col;	  /* NULL: the table is renamed */
	bool reads;			  /* the view reads the table */
	bool unsure;			  /* leave the view alone */
	rt_vec quals; /* const char *: what qualifies the table's columns */
} follow;

static bool has_name(const rt_vec *v, const char *s)
{
	for (size_t i = 0; i < v->len; i++)
		if (strcmp(v->items[i], s) == 0)
			return true;
	return false;
}

static bool is_star(const Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_A_STAR;
}

/* Pass 1: which range entries are the table, and whether the rewrite
 * can be sure of every column reference. */
static void survey(ProtobufCMessage *m, void *arg)
{
	follow *f = arg;

	if (m->descriptor == &pg_query__range_var__descriptor) {
		PgQuery__RangeVar *v = (PgQuery__RangeVar *)m;
		const char *schema = dflt_schema(v->schemaname);
		if (strcmp(v->relname, f->old_rel) == 0 &&
		    strcmp(schema, f->old_schema) == 0) {
			f->reads = true;
			rt_vec_push(&f->quals, f->l->scratch,
				    v->alias && !empty(v->alias->aliasname)
					? v->alias->aliasname
					: v->relname);
			return;
		}
		if (f->old_col) {
			/* another relation with a column of that name (or
			 * one whose columns are unknown: a CTE, a view)
			 * could be the one an unqualified name means */
			const rt_table *o =
			    rt_schema_find_table(f->l->s, schema, v->relname);
			if (!o || rt_table_find_column(o, f->old_col))
				f->unsure = true;
		}
	} else if (m->descriptor == &pg_query__column_ref__descriptor) {
		PgQuery__ColumnRef *c = (PgQuery__ColumnRef *)m;
		for (size_t i = 0; f->old_col && i < c->n_fields; i++)
			if (is_star(c->fields[i]))
				f->unsure = true;
	}
}

/* Pass 2: the names rewritten. */
static void rewrite(ProtobufCMessage *m, void *arg)
{
	follow *f = arg;

	if (!f->old_col && m->descriptor == &pg_query__range_var__descriptor) {
		PgQuery__RangeVar *v = (PgQuery__RangeVar *)m;
		if (strcmp(v->relname, f->old_rel) == 0 &&
		    strcmp(dflt_schema(v->schemaname), f->old_schema) == 0)
			v->relname = (char *)f->t->name;
	} else if (m->descriptor == &pg_query__column_ref__descriptor) {
		PgQuery__ColumnRef *c = (PgQuery__ColumnRef *)m;
		size_t n = c->n_fields;
		const char *qual = n >= 2 ? str_of(c->fields[n - 2]) : NULL;
		const char *last = n >= 1 ? str_of(c->fields[n - 1]) : NULL;
		if (!f->old_col) {
			/* a qualifier that is the table's own name */
			if (qual && strcmp(qual, f->old_rel) == 0 &&
			    has_name(&f->quals, f->old_rel))
				c->fields[n - 2]->string->sval =
				    (char *)f->t->name;
			return;
		}
		if (last && strcmp(last, f->old_col) == 0 &&
		    (!qual || has_name(&f->quals, qual)))
			c->fields[n - 1]->string->sval = (char *)f->new_col;
	}
}

/* A column renamed: the view's output columns keep their names, as
 * PostgreSQL prints them ("todo.name AS title"). */
static void keep_output_names(follow *f, PgQuery__SelectStmt *st)
{
	for (size_t i = 0; i < st->n_target_list; i++) {
		Node *t = st->target_list[i];
		if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
			continue;
		PgQuery__ResTarget *rt = t->res_target;
		if (!empty(rt->name) || !rt->val ||
		    rt->val->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
			continue;
		PgQuery__ColumnRef *c = rt->val->column_ref;
		size_t n = c->n_fields;
		const char *last = n ? str_of(c->fields[n - 1]) : NULL;
		if (last && strcmp(last, f->old_col) == 0)
			rt->name = (char *)f->old_col;
	}
}

void rt_load__views_follow(ld *l, const rt_table *t, const char *old_schema,
			   const char *old_rel, const char *old_col,
			   const char *new_col)
{
	for (size_t i = 0; i < l->s->views.len; i++) {
		rt_view *v = l->s->views.items[i];
		follow f = {l,	     t,	    old_schema, old_rel, old_col,
			    new_col, false, false,	{0}};
		PgQuery__ParseResult *tree;
		Node *q;
		/* a view whose text does not even spell the name cannot
		 * read it: no parse (a quick test only; the parse decides) */
		if (!v->query || !v->query->text ||
		    !strstr(v->query->text, old_col ? old_col : old_rel))
			continue;
		tree = rt_load__reparse(l, v->query->text);
		if (!tree || tree->n_stmts != 1 || !tree->stmts[0]->stmt)
			continue;
		q = tree->stmts[0]->stmt;
		if (q->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
			continue;
		rt_load__walk(&q->base, survey, &f);
		/* a set operation: its branches' output names are the
		 * first branch's, left alone */
		if (!f.reads || f.unsure ||
		    (old_col && (q->select_stmt->larg || q->select_stmt->rarg)))
			continue;
		if (old_col)
			keep_output_names(&f, q->select_stmt);
		rt_load__walk(&q->base, rewrite, &f);
		if (rt_load__view_requery(l, v, q) < 0)
			rt_error_clear(l->err); /* the old text stays */
	}
}
