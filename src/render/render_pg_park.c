/* SPDX-License-Identifier: MIT */
/*
 * PostgreSQL statements of the parking steps (plan_park.c): several
 * statements per step, all transactional, so a park or a restore is whole
 * or not at all. The catalog retort_archive.parked records each parked
 * object (which migration, from where, to where, when; purged_at once
 * `retort purge` deleted it), so purge can list it and downgrade can
 * refuse to restore what is gone.
 */
#include "base/common.h"
#include "render/render.h"
#include "render/render_int.h"

#include <inttypes.h>

#define PG RT_DIALECT_PG

static void literal(rt_buf *b, const char *s)
{
	rt_buf_add_literal(b, PG, s);
}

static void catalog(rt_buf *b)
{
	rt_render__qname(b, RT_PARK_ARCHIVE, RT_PARK_CATALOG);
}

/* The archive's copy of a column keeps its type when it is a built-in
 * one; a user type (an enum, a domain) is kept as text, so that the
 * archive does not hold the type back from being dropped or changed. */
static bool kept_as_text(const rt_column *c)
{
	return !rt_is_catalog(c->type.schema);
}

static void archive_type(rt_buf *b, const rt_column *c)
{
	if (kept_as_text(c))
		rt_buf_adds(b, "text");
	else
		rt_render__type_name(b, c->type);
}

static void record(rt_buf *b, const rt_park *k, const char *kind)
{
	rt_buf_adds(b, "INSERT INTO ");
	catalog(b);
	rt_buf_addf(b,
		    " (version, migration, kind, source, archive_schema, "
		    "archive_name) VALUES (%" PRIu64 ", ",
		    k->version);
	literal(b, k->migration);
	rt_buf_adds(b, ", ");
	literal(b, kind);
	rt_buf_adds(b, ", ");
	literal(b, k->source);
	rt_buf_adds(b, ", ");
	literal(b, k->schema);
	rt_buf_adds(b, ", ");
	literal(b, k->name);
	rt_buf_addch(b, ')');
}

static void forget(rt_buf *b, const rt_park *k)
{
	rt_buf_adds(b, "DELETE FROM ");
	catalog(b);
	rt_buf_adds(b, " WHERE archive_schema = ");
	literal(b, k->schema);
	rt_buf_adds(b, " AND archive_name = ");
	literal(b, k->name);
	rt_buf_adds(b, " AND purged_at IS NULL");
}

typedef struct emitter {
	rt_vec *out;
	rt_arena *a;
	const rt_step *st;
	rt_buf b;
} emitter;

static void flush(emitter *e)
{
	rt_render__stmt(e->out, e->a, e->b.data, e->st, 0);
	rt_buf_reset(&e->b);
}

static void park_begin(emitter *e, const rt_park *k)
{
	rt_buf_adds(&e->b, "CREATE SCHEMA IF NOT EXISTS ");
	rt_render__ident(&e->b, RT_PARK_ARCHIVE);
	flush(e);
	rt_buf_adds(&e->b, "CREATE TABLE IF NOT EXISTS ");
	catalog(&e->b);
	rt_buf_adds(&e->b,
		    " (version bigint NOT NULL, migration text NOT NULL, "
		    "kind text NOT NULL, source text NOT NULL, archive_schema "
		    "text NOT NULL, archive_name text NOT NULL, parked_at "
		    "timestamp with time zone DEFAULT now() NOT NULL, "
		    "purged_at timestamp with time zone)");
	flush(e);
	rt_buf_adds(&e->b, "CREATE SCHEMA ");
	rt_render__ident(&e->b, k->schema);
	flush(e);
}

static void park_table(emitter *e, const rt_table *t, const rt_park *k)
{
	rt_buf_adds(&e->b, "ALTER TABLE ");
	rt_render__qname(&e->b, t->schema, t->name);
	rt_buf_adds(&e->b, " SET SCHEMA ");
	rt_render__ident(&e->b, k->schema);
	flush(e);
	record(&e->b, k, "table");
	flush(e);
}

static void restore_table(emitter *e, const rt_table *t, const rt_park *k)
{
	rt_buf_adds(&e->b, "ALTER TABLE ");
	rt_render__qname(&e->b, k->schema, k->name);
	rt_buf_adds(&e->b, " SET SCHEMA ");
	rt_render__ident(&e->b, t->schema);
	flush(e);
	forget(&e->b, k);
	flush(e);
}

static void key_list(rt_buf *b, const rt_park *k)
{
	for (size_t i = 0; i < k->key.len; i++) {
		const rt_column *kc = k->key.items[i];
		if (i)
			rt_buf_adds(b, ", ");
		rt_render__ident(b, kc->name);
	}
}

static void park_column(emitter *e, const rt_column *c, const rt_park *k)
{
	rt_buf *b = &e->b;

	rt_buf_adds(b, "CREATE TABLE ");
	rt_render__qname(b, k->schema, k->name);
	rt_buf_adds(b, " (");
	for (size_t i = 0; i < k->key.len; i++) {
		const rt_column *kc = k->key.items[i];
		rt_render__ident(b, kc->name);
		rt_buf_addch(b, ' ');
		archive_type(b, kc);
		rt_buf_adds(b, " NOT NULL, ");
	}
	rt_render__ident(b, c->name);
	rt_buf_addch(b, ' ');
	archive_type(b, c);
	rt_buf_adds(b, ", PRIMARY KEY (");
	key_list(b, k);
	rt_buf_adds(b, "))");
	flush(e);

	rt_buf_adds(b, "INSERT INTO ");
	rt_render__qname(b, k->schema, k->name);
	rt_buf_adds(b, " (");
	key_list(b, k);
	rt_buf_adds(b, ", ");
	rt_render__ident(b, c->name);
	rt_buf_adds(b, ") SELECT ");
	for (size_t i = 0; i < k->key.len; i++) {
		const rt_column *kc = k->key.items[i];
		rt_render__ident(b, kc->name);
		rt_buf_adds(b, kept_as_text(kc) ? "::text, " : ", ");
	}
	rt_render__ident(b, c->name);
	if (kept_as_text(c))
		rt_buf_adds(b, "::text");
	rt_buf_adds(b, " FROM ");
	rt_render__qname(b, c->table->schema, c->table->name);
	flush(e);

	record(b, k, "column");
	flush(e);

	rt_buf_adds(b, "ALTER TABLE ");
	rt_render__qname(b, c->table->schema, c->table->name);
	rt_buf_adds(b, " DROP COLUMN ");
	rt_render__ident(b, c->name);
	flush(e);
}

/* "live"."id" = "park"."id" AND ... with the archive's text key cast
 * back to the column's type */
static void key_match(rt_buf *b, const rt_park *k)
{
	for (size_t i = 0; i < k->key.len; i++) {
		const rt_column *kc = k->key.items[i];
		if (i)
			rt_buf_adds(b, " AND ");
		rt_buf_adds(b, "live.");
		rt_render__ident(b, kc->name);
		rt_buf_adds(b, " = park.");
		rt_render__ident(b, kc->name);
		if (kept_as_text(kc)) {
			rt_buf_adds(b, "::");
			rt_render__type_name(b, kc->type);
		}
	}
}

static void restore_column(emitter *e, const rt_column *c, const rt_park *k)
{
	rt_buf *b = &e->b;

	/* added back nullable with its default (rows inserted since the up
	 * get it, as an ADD COLUMN gives it), the values written back over
	 * it, then NOT NULL again */
	rt_buf_adds(b, "ALTER TABLE ");
	rt_render__qname(b, c->table->schema, c->table->name);
	rt_buf_adds(b, " ADD COLUMN ");
	rt_render__ident(b, c->name);
	rt_buf_addch(b, ' ');
	rt_render__type_name(b, c->type);
	if (c->collation.name) {
		rt_buf_adds(b, " COLLATE ");
		rt_render__collation_name(b, c->collation);
	}
	if (c->default_expr)
		rt_buf_addf(b, " DEFAULT %s", c->default_expr->text);
	flush(e);

	rt_buf_adds(b, "UPDATE ");
	rt_render__qname(b, c->table->schema, c->table->name);
	rt_buf_adds(b, " AS live SET ");
	rt_render__ident(b, c->name);
	rt_buf_adds(b, " = park.");
	rt_render__ident(b, c->name);
	if (kept_as_text(c)) {
		rt_buf_adds(b, "::");
		rt_render__type_name(b, c->type);
	}
	rt_buf_adds(b, " FROM ");
	rt_render__qname(b, k->schema, k->name);
	rt_buf_adds(b, " AS park WHERE ");
	key_match(b, k);
	flush(e);

	if (c->not_null) {
		rt_buf_adds(b, "ALTER TABLE ");
		rt_render__qname(b, c->table->schema, c->table->name);
		rt_buf_adds(b, " ALTER COLUMN ");
		rt_render__ident(b, c->name);
		rt_buf_adds(b, " SET NOT NULL");
		flush(e);
	}

	rt_buf_adds(b, "DROP TABLE ");
	rt_render__qname(b, k->schema, k->name);
	flush(e);
	forget(b, k);
	flush(e);
}

int rt_render__pg_park(rt_vec *out, rt_arena *a, const rt_step *st,
		       rt_error *err)
{
	emitter e = {.out = out, .a = a, .st = st, .b = RT_BUF_INIT};
	const rt_park *k = st->park;

	if (!k) {
		rt_buf_release(&e.b);
		return rt_errorf(err, RT_EINTERNAL,
				 "a parking step without its place");
	}
	switch (st->op) {
	case RT_OP_PARK_BEGIN:
		park_begin(&e, k);
		break;
	case RT_OP_PARK_TABLE:
		park_table(&e, st->object, k);
		break;
	case RT_OP_PARK_COLUMN:
		park_column(&e, st->object, k);
		break;
	case RT_OP_RESTORE_TABLE:
		restore_table(&e, st->target, k);
		break;
	case RT_OP_RESTORE_COLUMN:
		restore_column(&e, st->target, k);
		break;
	case RT_OP_PARK_END:
		rt_buf_adds(&e.b, "DROP SCHEMA ");
		rt_render__ident(&e.b, k->schema);
		flush(&e);
		break;
	default:
		rt_buf_release(&e.b);
		return rt_errorf(err, RT_EINTERNAL,
				 "cannot render step op %d as a park",
				 (int)st->op);
	}
	rt_buf_release(&e.b);
	return 0;
}

bool rt_render__is_park(rt_op op)
{
	return op == RT_OP_PARK_BEGIN || op == RT_OP_PARK_TABLE ||
	       op == RT_OP_PARK_COLUMN || op == RT_OP_RESTORE_TABLE ||
	       op == RT_OP_RESTORE_COLUMN || op == RT_OP_PARK_END;
}
