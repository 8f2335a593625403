/* SPDX-License-Identifier: MIT */
/* rt_render_changes on hand-built changes: quoting, index definitions taken
 * apart and renamed, separators, comments, rt_render_schema. */
#include "base/common.h"
#include "diff/diff.h"
#include "render/render.h"

#include <criterion/criterion.h>

static rt_arena *arena;

static void setup(void)
{
	arena = rt_arena_new();
}

static void teardown(void)
{
	rt_arena_free(arena);
}

TestSuite(render, .init = setup, .fini = teardown);

static rt_expr *expr(const char *text)
{
	rt_expr *e = RT_NEW(arena, rt_expr);
	e->text = text;
	e->key = text;
	return e;
}

static rt_table *table(const char *schema, const char *name)
{
	rt_table *t = RT_NEW(arena, rt_table);
	t->schema = schema;
	t->name = name;
	t->relkind = RT_REL_TABLE;
	return t;
}

static rt_column *column(rt_table *t, const char *name, const char *type)
{
	rt_column *c = RT_NEW(arena, rt_column);
	c->name = name;
	c->type.schema = RT_CATALOG;
	c->type.name = type;
	c->is_local = true;
	c->table = t;
	c->owner = &t->obj;
	rt_vec_push(&t->columns, arena, c);
	return c;
}

static rt_change *change(rt_change_kind k, rt_kind obj, const void *before,
			 const void *after)
{
	rt_change *c = RT_NEW(arena, rt_change);
	c->kind = k;
	c->obj = obj;
	c->before = before;
	c->after = after;
	return c;
}

static const char *render1(rt_change *c)
{
	rt_vec v = {0};
	rt_buf b = RT_BUF_INIT;
	rt_error err = RT_ERROR_INIT;

	rt_vec_push(&v, arena, c);
	cr_assert(rt_render_changes(&b, arena, RT_DIALECT_PG, &v, &err) == 0,
		  "%s", err.msg);
	return rt_buf_detach_arena(&b, arena);
}

Test(render, empty_for_no_changes)
{
	rt_vec v = {0};
	rt_buf b = RT_BUF_INIT;
	rt_error err = RT_ERROR_INIT;
	cr_expect_eq(rt_render_changes(&b, arena, RT_DIALECT_PG, &v, &err), 0);
	cr_expect_eq(b.len, 0);
}

Test(render, create_table_quotes_names)
{
	rt_table *t = table("My Schema", "user");
	rt_column *c = column(t, "Id", "integer");
	rt_column *s = column(t, "select", "text");
	rt_constraint *k = RT_NEW(arena, rt_constraint);

	c->not_null = true;
	s->default_expr = expr("'x'::text");
	s->collation.schema = RT_CATALOG;
	s->collation.name = "C";
	k->name = "user pkey";
	k->type = RT_CON_PRIMARY;
	k->is_local = true;
	k->table = t;
	k->owner = &t->obj;
	rt_vec_push(&k->columns, arena, (void *)"Id");
	rt_vec_push(&t->constraints, arena, k);
	cr_expect_str_eq(
	    render1(change(RT_CH_CREATE_TABLE, RT_KIND_TABLE, NULL, t)),
	    "CREATE TABLE \"My Schema\".\"user\" (\n"
	    "    \"Id\" integer NOT NULL,\n"
	    "    \"select\" text COLLATE \"C\" DEFAULT 'x'::text,\n"
	    "    CONSTRAINT \"user pkey\" PRIMARY KEY (\"Id\")\n"
	    ");\n");
}

Test(render, user_array_type_quoted_outside_brackets)
{
	rt_table *t = table("public", "t");
	rt_column *c = column(t, "moods", "Mood[]");
	c->type.schema = "public";
	cr_expect_str_eq(
	    render1(change(RT_CH_ADD_COLUMN, RT_KIND_COLUMN, NULL, c)),
	    "ALTER TABLE public.t ADD COLUMN moods public.\"Mood\"[];\n");
}

Test(render, index_name_and_table_from_model)
{
	rt_index *ix = RT_NEW(arena, rt_index);
	ix->schema = "Sales";
	ix->name = "Docs Owner";
	ix->table.schema = "Sales";
	ix->table.name = "Docs";
	ix->def = expr("CREATE UNIQUE INDEX whatever ON ONLY \"Sales\".x "
		       "USING btree (\"Owner\") WHERE (\"Owner\" IS NOT NULL)");
	cr_expect_str_eq(
	    render1(change(RT_CH_CREATE_INDEX, RT_KIND_INDEX, NULL, ix)),
	    "CREATE UNIQUE INDEX \"Docs Owner\" ON \"Sales\".\"Docs\" "
	    "USING btree (\"Owner\") WHERE (\"Owner\" IS NOT NULL);\n");
	ix->def = expr("create index on t (a);");
	cr_expect_str_eq(
	    render1(change(RT_CH_CREATE_INDEX, RT_KIND_INDEX, NULL, ix)),
	    "CREATE INDEX \"Docs Owner\" ON \"Sales\".\"Docs\" (a);\n");
	cr_expect_str_eq(
	    render1(change(RT_CH_DROP_INDEX, RT_KIND_INDEX, ix, NULL)),
	    "DROP INDEX \"Sales\".\"Docs Owner\";\n");
}

Test(render, changes_separated_by_blank_line)
{
	rt_table *t = table("public", "t");
	rt_column *a = column(t, "a", "integer");
	rt_column *b = column(t, "b", "text");
	rt_vec v = {0};
	rt_buf out = RT_BUF_INIT;
	rt_error err = RT_ERROR_INIT;

	rt_vec_push(&v, arena,
		    change(RT_CH_DROP_COLUMN, RT_KIND_COLUMN, a, NULL));
	rt_vec_push(&v, arena,
		    change(RT_CH_SET_NOT_NULL, RT_KIND_COLUMN, b, b));
	cr_assert(rt_render_changes(&out, arena, RT_DIALECT_PG, &v, &err) == 0);
	cr_expect_str_eq(out.data,
			 "ALTER TABLE public.t DROP COLUMN a;\n\n"
			 "ALTER TABLE public.t ALTER COLUMN b SET NOT NULL;\n");
	rt_buf_release(&out);
}

Test(render, column_type_using_only_when_needed)
{
	rt_table *t = table("public", "t");
	rt_column *f = column(t, "c", "character varying(10)");
	rt_column *to = column(t, "c", "text");
	cr_expect_str_eq(
	    render1(change(RT_CH_ALTER_COLUMN_TYPE, RT_KIND_COLUMN, f, to)),
	    "ALTER TABLE public.t ALTER COLUMN c TYPE text;\n");
	to->type.name = "integer";
	cr_expect_str_eq(
	    render1(change(RT_CH_ALTER_COLUMN_TYPE, RT_KIND_COLUMN, f, to)),
	    "ALTER TABLE public.t ALTER COLUMN c TYPE integer "
	    "USING c::integer;\n");
	to->type.schema = "other";
	to->type.name = "e";
	cr_expect_str_eq(
	    render1(change(RT_CH_ALTER_COLUMN_TYPE, RT_KIND_COLUMN, f, to)),
	    "ALTER TABLE public.t ALTER COLUMN c TYPE other.e "
	    "USING c::text::other.e;\n");
}

Test(render, comments_literal_and_null)
{
	rt_table *t = table("public", "t");
	rt_column *c = column(t, "a", "integer");
	c->comment = "it's";
	cr_expect_str_eq(
	    render1(change(RT_CH_SET_COMMENT, RT_KIND_COLUMN, NULL, c)),
	    "COMMENT ON COLUMN public.t.a IS 'it''s';\n");
	cr_expect_str_eq(
	    render1(change(RT_CH_SET_COMMENT, RT_KIND_COLUMN, c, NULL)),
	    "COMMENT ON COLUMN public.t.a IS NULL;\n");
}

Test(render, sequence_options_and_owner)
{
	rt_sequence *s = RT_NEW(arena, rt_sequence);
	rt_sequence *o = RT_NEW(arena, rt_sequence);
	s->schema = "public";
	s->name = "s";
	s->type = "integer";
	s->start = s->min = s->increment = 1;
	s->max = INT32_MAX;
	s->cache = 1;
	cr_expect_str_eq(
	    render1(change(RT_CH_CREATE_SEQUENCE, RT_KIND_SEQUENCE, NULL, s)),
	    "CREATE SEQUENCE public.s AS integer;\n");
	*o = *s;
	o->owned_by_table.schema = "public";
	o->owned_by_table.name = "T";
	o->owned_by_column = "id";
	cr_expect_str_eq(
	    render1(change(RT_CH_ALTER_SEQUENCE_OWNER, RT_KIND_SEQUENCE, s, o)),
	    "ALTER SEQUENCE public.s OWNED BY public.\"T\".id;\n");
	cr_expect_str_eq(
	    render1(change(RT_CH_ALTER_SEQUENCE_OWNER, RT_KIND_SEQUENCE, o, s)),
	    "ALTER SEQUENCE public.s OWNED BY NONE;\n");
}

Test(render, partition_of_and_attach)
{
	rt_table *p = table("public", "m");
	rt_table *c = table("public", "m_1");
	p->relkind = RT_REL_PARTITIONED;
	p->partition_key = expr("RANGE (d)");
	c->partition_of.schema = "public";
	c->partition_of.name = "m";
	c->partition_bound = expr("FOR VALUES FROM (1) TO (2)");
	column(c, "d", "integer")->is_local = false;
	cr_expect_str_eq(
	    render1(change(RT_CH_CREATE_TABLE, RT_KIND_TABLE, NULL, c)),
	    "CREATE TABLE public.m_1 PARTITION OF public.m "
	    "FOR VALUES FROM (1) TO (2);\n");
	rt_change *ch = change(RT_CH_ATTACH_PARTITION, RT_KIND_TABLE, NULL, c);
	ch->parent = c->partition_of;
	cr_expect_str_eq(render1(ch),
			 "ALTER TABLE public.m ATTACH PARTITION public.m_1 "
			 "FOR VALUES FROM (1) TO (2);\n");
}

Test(render, schema_as_sql)
{
	rt_schema *s = rt_schema_new(arena);
	rt_table *t = table("public", "t");
	rt_buf out = RT_BUF_INIT;
	rt_error err = RT_ERROR_INIT;

	/* a database's public schema, with PostgreSQL 15's USAGE to PUBLIC
	 * that a new database has too */
	rt_schema_public_defaults(s, rt_schema_new_object(s, RT_KIND_NAMESPACE,
							  "public", "public",
							  NULL));
	column(t, "a", "integer");
	rt_schema_add(s, RT_KIND_TABLE, &t->obj);
	cr_assert(rt_render_schema(&out, arena, RT_DIALECT_PG, s, &err) == 0);
	cr_expect_str_eq(out.data, "CREATE TABLE public.t (\n"
				   "    a integer\n"
				   ");\n");
	rt_buf_release(&out);
}
