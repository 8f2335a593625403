/* SPDX-License-Identifier: MIT */
/*
 * rt_render: steps to statements through the dialect's writer, and the
 * statements as a script. Dialects are a table: a new one is a new
 * render_<dialect>.c and a row here. PostgreSQL writes one statement per
 * step; SQLite looks at the whole list (a table rebuild takes all of a
 * table's steps) and at the schemas.
 */
#include "base/common.h"
#include "diff/diff.h"
#include "render/render.h"
#include "render/render_int.h"

typedef int (*list_writer)(rt_vec *out, rt_arena *a, const rt_vec *steps,
			   const rt_schema *from, const rt_schema *to,
			   rt_error *err);

static int render_pg(rt_vec *out, rt_arena *a, const rt_vec *steps,
		     const rt_schema *from, const rt_schema *to, rt_error *err);

static const struct {
	rt_dialect dialect;
	const char *name;
	list_writer write;
} dialects[] = {
    {RT_DIALECT_PG, "postgresql", render_pg},
    {RT_DIALECT_SQLITE, "sqlite", rt_render__sqlite},
};

static list_writer writer_for(rt_dialect d)
{
	for (size_t i = 0; i < RT_ARRAY_LEN(dialects); i++)
		if (dialects[i].dialect == d)
			return dialects[i].write;
	return NULL;
}

void rt_render__stmt(rt_vec *out, rt_arena *a, const char *sql,
		     const rt_step *st, unsigned extra)
{
	rt_stmt *s = RT_NEW(a, rt_stmt);
	s->sql = rt_arena_strdup(a, sql);
	s->step = st;
	s->flags = extra;
	if (!st->transaction_ok)
		s->flags |= RT_STMT_NO_TRANSACTION;
	if (st->op == RT_OP_NOTE)
		s->flags |= RT_STMT_NOTE;
	if (st->data_loss)
		s->flags |= RT_STMT_DATA_LOSS;
	rt_vec_push(out, a, s);
}

static int render_pg(rt_vec *out, rt_arena *a, const rt_vec *steps,
		     const rt_schema *from, const rt_schema *to, rt_error *err)
{
	rt_buf b = RT_BUF_INIT;
	int rc = 0;

	(void)from;
	(void)to;
	for (size_t i = 0; i < steps->len; i++) {
		const rt_step *st = steps->items[i];
		rt_buf_reset(&b);
		if (rt_render__is_park(st->op)) {
			if (rt_render__pg_park(out, a, st, err) < 0) {
				rc = -1;
				break;
			}
			continue;
		}
		if (rt_render__pg_step(&b, st, err) < 0) {
			rc = -1;
			break;
		}
		rt_render__stmt(out, a, b.data, st, 0);
	}
	rt_buf_release(&b);
	return rc;
}

int rt_render_between(rt_vec *out, rt_arena *a, rt_dialect d,
		      const rt_vec *steps, const rt_schema *from,
		      const rt_schema *to, rt_error *err)
{
	list_writer write = writer_for(d);

	if (!write)
		return rt_errorf(err, RT_EUSAGE,
				 "cannot write SQL for dialect %d yet", (int)d);
	return write(out, a, steps, from, to, err);
}

int rt_render(rt_vec *out, rt_arena *a, rt_dialect d, const rt_vec *steps,
	      rt_error *err)
{
	return rt_render_between(out, a, d, steps, NULL, NULL, err);
}

void rt_render_script(rt_buf *b, const rt_vec *stmts)
{
	const rt_change *last = NULL;
	for (size_t i = 0; i < stmts->len; i++) {
		const rt_stmt *s = stmts->items[i];
		if (i && s->step->change != last)
			rt_buf_addch(b, '\n');
		last = s->step->change;
		if (s->flags & RT_STMT_CHECK)
			rt_buf_adds(b, "-- retort: validation, must return "
				       "no rows\n");
		if (s->flags & RT_STMT_NO_TRANSACTION)
			rt_buf_adds(b, "-- retort: outside a transaction\n");
		rt_buf_adds(b, s->sql);
		rt_buf_adds(b, s->flags & RT_STMT_NOTE ? "\n" : ";\n");
	}
}

int rt_render_changes_between(rt_buf *out, rt_arena *a, rt_dialect d,
			      const rt_vec *changes, const rt_schema *from,
			      const rt_schema *to, rt_error *err)
{
	rt_vec steps = {0}, stmts = {0};
	if (rt_plan(&steps, a, changes, err) < 0 ||
	    rt_render_between(&stmts, a, d, &steps, from, to, err) < 0)
		return -1;
	rt_render_script(out, &stmts);
	return 0;
}

int rt_render_changes(rt_buf *out, rt_arena *a, rt_dialect d,
		      const rt_vec *changes, rt_error *err)
{
	return rt_render_changes_between(out, a, d, changes, NULL, NULL, err);
}

int rt_render_schema(rt_buf *out, rt_arena *a, rt_dialect d, const rt_schema *s,
		     rt_error *err)
{
	rt_schema *empty = rt_schema_new(a);
	rt_vec changes = {0};

	empty->dialect = s->dialect;
	/* every database has RT_PUBLIC (PostgreSQL) or "main" (SQLite):
	 * inspect does not create it */
	if (s->dialect == RT_DIALECT_SQLITE) {
		if (rt_schema_find_namespace(s, "main"))
			rt_schema_new_object(empty, RT_KIND_NAMESPACE, "main",
					     "main", NULL);
	} else if (rt_schema_find_namespace(s, RT_PUBLIC)) {
		rt_schema_public_defaults(
		    empty, rt_schema_new_object(empty, RT_KIND_NAMESPACE,
						RT_PUBLIC, RT_PUBLIC, NULL));
	}
	if (rt_diff(&changes, a, empty, s, err) < 0)
		return -1;
	return rt_render_changes_between(out, a, d, &changes, empty, s, err);
}

void rt_render__trim_semicolon(rt_buf *b)
{
	while (b->len &&
	       (b->data[b->len - 1] == ';' || b->data[b->len - 1] == ' ' ||
		b->data[b->len - 1] == '\n'))
		rt_buf_setlen(b, b->len - 1);
}
