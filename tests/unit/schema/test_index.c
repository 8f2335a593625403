/* SPDX-License-Identifier: MIT */
/* The object header and the schema's index: add, find, rename, remove,
 * name claims, explicit schemas, JSON through the kinds' operations. */
#include "base/common.h"
#include "load/load.h"
#include "schema/kind.h"
#include "schema/schema.h"

#include <criterion/criterion.h>

static rt_arena *arena;
static rt_schema *s;

static void setup(void)
{
	arena = rt_arena_new();
	s = rt_schema_new(arena);
}

static void teardown(void)
{
	rt_arena_free(arena);
}

TestSuite(schema_index, .init = setup, .fini = teardown);

Test(schema_index, add_gives_ids_and_finds_by_kind)
{
	rt_table *t =
	    rt_schema_new_object(s, RT_KIND_TABLE, "public", "t", NULL);
	rt_index *ix =
	    rt_schema_new_object(s, RT_KIND_INDEX, "public", "t", NULL);
	rt_column *c =
	    rt_schema_new_object(s, RT_KIND_COLUMN, NULL, "a", &t->obj);
	cr_expect_eq(t->kind, RT_KIND_TABLE);
	cr_expect_neq(t->id, 0);
	cr_expect_neq(t->id, ix->id);
	cr_expect_eq(rt_schema_find_table(s, "public", "t"), t);
	cr_expect_eq(rt_schema_find_index(s, "public", "t"), ix);
	cr_expect_null(rt_schema_find_table(s, "other", "t"));
	/* an owned object takes its owner's schema and list */
	cr_expect_str_eq(c->schema, "public");
	cr_expect_eq(t->columns.len, 1);
	cr_expect_eq(rt_table_find_column(t, "a"), c);
}

Test(schema_index, rename_and_remove_keep_the_index_straight)
{
	rt_table *t =
	    rt_schema_new_object(s, RT_KIND_TABLE, "public", "t", NULL);
	rt_constraint *k = RT_NEW(arena, rt_constraint);
	k->name = "t_pkey";
	k->type = RT_CON_PRIMARY;
	k->owner = &t->obj;
	k->table = t;
	rt_schema_add(s, RT_KIND_CONSTRAINT, &k->obj);
	cr_expect(rt_schema_relname_taken(s, "public", "t_pkey"));

	rt_schema_rename(s, &t->obj, "app", "u");
	cr_expect_null(rt_schema_find_table(s, "public", "t"));
	cr_expect_eq(rt_schema_find_table(s, "app", "u"), t);
	/* the key's index name moved with its table */
	cr_expect_str_eq(k->schema, "app");
	cr_expect_not(rt_schema_relname_taken(s, "public", "t_pkey"));
	cr_expect(rt_schema_relname_taken(s, "app", "t_pkey"));

	rt_schema_remove(s, &k->obj);
	cr_expect_not(rt_schema_relname_taken(s, "app", "t_pkey"));
	cr_expect_eq(t->constraints.len, 0);
	rt_schema_remove(s, &t->obj);
	cr_expect_null(rt_schema_find_table(s, "app", "u"));
	cr_expect_eq(s->tables.len, 0);
}

Test(schema_index, loaded_schema_has_explicit_schemas)
{
	rt_schema *l = NULL;
	rt_error err = RT_ERROR_INIT;
	cr_assert(rt_load_sql_text(&l, arena, "t.sql",
				   "create table t (a int, b text collate "
				   "\"C\");",
				   &err) == 0,
		  "%s", err.msg);
	rt_table *t = rt_schema_find_table(l, "public", "t");
	cr_assert_not_null(t);
	rt_column *a = rt_table_find_column(t, "a"),
		  *b = rt_table_find_column(t, "b");
	cr_expect_str_eq(a->type.schema, RT_CATALOG);
	cr_expect_str_eq(b->collation.schema, RT_CATALOG);
	cr_expect(rt_is_catalog(a->type.schema));
}

Test(schema_index, json_walks_every_kind)
{
	rt_buf b = RT_BUF_INIT;
	rt_schema_new_object(s, RT_KIND_NAMESPACE, "public", "public", NULL);
	rt_table *t =
	    rt_schema_new_object(s, RT_KIND_TABLE, "public", "t", NULL);
	t->comment = "say \"hi\"\n";
	rt_schema_json(&b, s);
	cr_expect(strstr(b.data, "\"namespaces\": [\n") != NULL);
	cr_expect(strstr(b.data, "\"comment\": \"say \\\"hi\\\"\\n\"") != NULL);
	cr_expect(strstr(b.data, "\"indexes\": []") != NULL);
	cr_expect(strstr(b.data, "\"unmanaged\": []\n}\n") != NULL);
	for (rt_kind k = 0; k < RT_KIND_UNMANAGED; k++)
		cr_expect_not_null(rt_kind_get(k)->json, "kind %d", k);
	rt_buf_release(&b);
}

Test(schema_index, filter_forgets_what_it_drops)
{
	rt_schema_filter f = {0};
	rt_schema_new_object(s, RT_KIND_TABLE, "public", "t", NULL);
	rt_schema_new_object(s, RT_KIND_TABLE, "app", "t", NULL);
	rt_vec_push(&f.exclude, arena, (void *)"app");
	rt_schema_filter_apply(s, &f);
	cr_expect_eq(s->tables.len, 1);
	cr_expect_null(rt_schema_find_table(s, "app", "t"));
	cr_expect_not_null(rt_schema_find_table(s, "public", "t"));
}

static bool depends(const rt_object *o, const rt_object *on)
{
	for (size_t i = 0; i < o->deps.len; i++)
		if (o->deps.items[i] == on)
			return true;
	return false;
}

Test(schema_index, references_become_edges)
{
	rt_schema *l = NULL;
	rt_error err = RT_ERROR_INIT;
	cr_assert(rt_load_sql_text(
		      &l, arena, "t.sql",
		      "create schema app;"
		      "create type app.mood as enum ('a');"
		      "create table app.p (id int primary key, m app.mood[]);"
		      "create table app.c (pid int references app.p) "
		      "inherits (app.p);"
		      "create index c_pid on app.c (pid);",
		      &err) == 0,
		  "%s", err.msg);
	rt_object *ns = rt_schema_find(l, RT_KIND_NAMESPACE, NULL, "app");
	rt_object *mood = rt_schema_find(l, RT_KIND_ENUM, "app", "mood");
	rt_table *p = rt_schema_find_table(l, "app", "p");
	rt_table *c = rt_schema_find_table(l, "app", "c");
	rt_index *ix = rt_schema_find_index(l, "app", "c_pid");
	cr_assert(ns && mood && p && c && ix);
	cr_expect(depends(mood, ns));
	cr_expect(depends(&p->obj, ns));
	cr_expect(depends(&c->obj, &p->obj), "child on parent");
	cr_expect(depends(&rt_table_find_column(p, "m")->obj, mood),
		  "array column on its enum");
	cr_expect(depends(&ix->obj, &c->obj));
	rt_constraint *fk = NULL;
	for (size_t i = 0; i < c->constraints.len; i++) {
		rt_constraint *k = c->constraints.items[i];
		if (k->type == RT_CON_FOREIGN)
			fk = k;
	}
	cr_assert_not_null(fk);
	cr_expect(depends(&fk->obj, &p->obj), "foreign key on its target");
	cr_expect_not(depends(&p->obj, &c->obj));
}

/* The names any user type has had: enums, domains, composite and range
 * types, in any schema, renames included; tables and others are not. */
Test(schema_index, type_names_used)
{
	cr_expect_not(rt_schema_type_name_used(s, "mood"));
	rt_object *e =
	    rt_schema_new_object(s, RT_KIND_ENUM, "app", "mood", NULL);
	rt_schema_new_object(s, RT_KIND_DOMAIN, "public", "posint", NULL);
	rt_schema_new_object(s, RT_KIND_COMPOSITE, "public", "pair", NULL);
	rt_schema_new_object(s, RT_KIND_RANGE, "public", "span", NULL);
	rt_schema_new_object(s, RT_KIND_TABLE, "public", "t", NULL);
	cr_expect(rt_schema_type_name_used(s, "mood"));
	cr_expect(rt_schema_type_name_used(s, "posint"));
	cr_expect(rt_schema_type_name_used(s, "pair"));
	cr_expect(rt_schema_type_name_used(s, "span"));
	cr_expect_not(rt_schema_type_name_used(s, "t"));
	cr_expect_not(rt_schema_type_name_used(s, "text"));
	rt_schema_rename(s, e, NULL, "feeling");
	cr_expect(rt_schema_type_name_used(s, "feeling"));
	cr_expect_eq(rt_schema_find_enum(s, "app", "feeling"), (rt_enum *)e);
}
