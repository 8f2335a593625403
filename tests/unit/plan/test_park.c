/* SPDX-License-Identifier: MIT */
/* rt_plan_park: dropped tables and columns become parks in up and
 * restores in down; what goes along with a parked table is neither
 * dropped nor created; what cannot be parked stays a drop with a note.
 * Rendered on PostgreSQL to check the statements. */
#include "base/common.h"
#include "diff/diff.h"
#include "load/load.h"
#include "plan/describe.h"
#include "plan/plan.h"
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

TestSuite(park, .init = setup, .fini = teardown);

static rt_schema *load(const char *sql)
{
	rt_schema *s = NULL;
	rt_error err = RT_ERROR_INIT;

	cr_assert(rt_load_sql_text(&s, arena, "t.sql", sql, &err) == 0, "%s",
		  err.msg);
	return s;
}

typedef struct parked {
	rt_vec up, down, notes;
} parked;

static const rt_park_opts opts = {
    .version = 3, .migration = "0003_x.sql", .prefix = "0003"};

static parked park(const char *from_sql, const char *to_sql)
{
	parked r = {0};
	rt_vec changes = {0}, inv = {0};
	rt_error err = RT_ERROR_INIT;
	rt_schema *from = load(from_sql), *to = load(to_sql);

	cr_assert(rt_diff(&changes, arena, from, to, &err) == 0, "%s", err.msg);
	rt_diff_invert(&inv, arena, &changes);
	cr_assert(rt_plan(&r.up, arena, &changes, &err) == 0, "%s", err.msg);
	cr_assert(rt_plan(&r.down, arena, &inv, &err) == 0, "%s", err.msg);
	rt_plan_park(&r.up, &r.down, &r.notes, arena, to, &opts);
	return r;
}

static char *ops(const rt_vec *v)
{
	rt_buf b = RT_BUF_INIT;

	for (size_t i = 0; i < v->len; i++) {
		const rt_step *s = v->items[i];
		if (i)
			rt_buf_addch(&b, ' ');
		rt_buf_adds(&b, rt_op_name(s->op));
	}
	return rt_buf_detach_arena(&b, arena);
}

static char *sql(const rt_vec *steps)
{
	rt_vec stmts = {0};
	rt_buf b = RT_BUF_INIT;
	rt_error err = RT_ERROR_INIT;

	cr_assert(rt_render(&stmts, arena, RT_DIALECT_PG, steps, &err) == 0,
		  "%s", err.msg);
	rt_render_script(&b, &stmts);
	return rt_buf_detach_arena(&b, arena);
}

static const char *const ORDERS_FROM =
    "create table users (id int primary key, name text not null,"
    "  note text default 'x' not null);"
    "create table orders (id serial primary key,"
    "  user_id int references users (id), code text unique);"
    "create index orders_user on orders (user_id);"
    "create table items (id int primary key,"
    "  order_id int references orders (id));";

static const char *const ORDERS_TO =
    "create table users (id int primary key, name text not null);"
    "create table items (id int primary key, order_id int);";

Test(park, table_and_column)
{
	parked r = park(ORDERS_FROM, ORDERS_TO);

	/* foreign keys dropped, the column parked, the table parked: its
	 * index and sequence go along (no drop_index, no sequence steps) */
	cr_expect_str_eq(ops(&r.up), "drop_constraint drop_constraint "
				     "park_begin park_column park_table");
	cr_expect_str_eq(ops(&r.down), "restore_table restore_column park_end "
				       "add_constraint add_constraint");
	cr_expect_eq(r.notes.len, 0);
	for (size_t i = 0; i < r.up.len; i++)
		cr_expect_not(((const rt_step *)r.up.items[i])->data_loss, "%s",
			      rt_op_name(((rt_step *)r.up.items[i])->op));

	char *up = sql(&r.up), *down = sql(&r.down);
	cr_expect(strstr(up, "CREATE SCHEMA IF NOT EXISTS retort_archive;\n"),
		  "%s", up);
	cr_expect(strstr(up, "CREATE SCHEMA retort_park_0003;\n"), "%s", up);
	cr_expect(strstr(up, "CREATE TABLE retort_park_0003.users__note (id "
			     "integer NOT NULL, note text, PRIMARY KEY (id));"),
		  "%s", up);
	cr_expect(strstr(up, "INSERT INTO retort_park_0003.users__note (id, "
			     "note) SELECT id, note FROM public.users;"),
		  "%s", up);
	cr_expect(strstr(up, "ALTER TABLE public.users DROP COLUMN note;"),
		  "%s", up);
	cr_expect(strstr(up, "ALTER TABLE public.orders SET SCHEMA "
			     "retort_park_0003;"),
		  "%s", up);
	cr_expect(strstr(up, "'0003_x.sql', 'table', 'public.orders', "
			     "'retort_park_0003', 'orders')"),
		  "%s", up);
	cr_expect_null(strstr(up, "DROP TABLE"), "%s", up);
	cr_expect_null(strstr(up, "DROP INDEX"), "%s", up);
	cr_expect_null(strstr(up, "SEQUENCE"), "%s", up);

	cr_expect(strstr(down, "ALTER TABLE retort_park_0003.orders SET "
			       "SCHEMA public;"),
		  "%s", down);
	/* nullable with its default, the values back, then NOT NULL */
	const char *add = strstr(down, "ALTER TABLE public.users ADD COLUMN "
				       "note text DEFAULT 'x';");
	const char *upd = strstr(
	    down, "UPDATE public.users AS live SET note = park.note FROM "
		  "retort_park_0003.users__note AS park WHERE live.id = "
		  "park.id;");
	const char *nn = strstr(down, "ALTER TABLE public.users ALTER COLUMN "
				      "note SET NOT NULL;");
	cr_expect(add && upd && nn && add < upd && upd < nn, "%s", down);
	cr_expect(strstr(down, "DROP TABLE retort_park_0003.users__note;"),
		  "%s", down);
	cr_expect(strstr(down, "DROP SCHEMA retort_park_0003;"), "%s", down);
	cr_expect_null(strstr(down, "CREATE TABLE"), "%s", down);
	cr_expect_null(strstr(down, "CREATE INDEX"), "%s", down);
	cr_expect_null(strstr(down, "SEQUENCE"), "%s", down);
}

Test(park, header_says_parks_not_data_loss)
{
	parked r = park(ORDERS_FROM, ORDERS_TO);
	rt_vec lines = {0}, header = {0};
	rt_buf all = RT_BUF_INIT;

	rt_describe(&lines, arena, RT_DIALECT_PG, &r.up);
	rt_describe_header(&header, arena, &lines);
	for (size_t i = 0; i < header.len; i++) {
		rt_buf_adds(&all, header.items[i]);
		rt_buf_addch(&all, '\n');
	}
	char *h = rt_buf_detach_arena(&all, arena);
	cr_expect_null(strstr(h, "data loss"), "%s", h);
	cr_expect(strstr(h, "Parked:\n"), "%s", h);
	cr_expect(strstr(h, "  parks table public.orders as "
			    "retort_park_0003.orders;"),
		  "%s", h);
	cr_expect(strstr(h, "  parks column public.users.note as "
			    "retort_park_0003.users__note"),
		  "%s", h);
}

Test(park, column_without_primary_key_stays_a_drop)
{
	parked r =
	    park("create table t (a int, b text);", "create table t (a int);");

	cr_expect_str_eq(ops(&r.up), "drop_column");
	cr_expect_str_eq(ops(&r.down), "add_column");
	cr_expect(((const rt_step *)r.up.items[0])->data_loss);
	cr_assert_eq(r.notes.len, 1);
	cr_expect_str_eq(r.notes.items[0],
			 "column public.t.b is dropped, not parked: its table "
			 "has no primary key to keep its values by");
}

Test(park, refusals)
{
	/* a key column, an identity, a key that changes in the migration */
	parked r = park("create table k (a int, b int, c int generated always "
			"as identity, primary key (a, b));"
			"create table m (id int primary key, v text);",
			"create table k (a int primary key);"
			"create table m (id bigint primary key);");

	cr_expect_str_eq(ops(&r.up), "drop_constraint drop_column "
				     "drop_column drop_column "
				     "alter_column_type add_constraint");
	cr_assert_eq(r.notes.len, 3, "%zu", r.notes.len);
	cr_expect(strstr(r.notes.items[0], "public.k.b"), "%s",
		  (char *)r.notes.items[0]);
	cr_expect(strstr(r.notes.items[0], "primary key"));
	cr_expect(strstr(r.notes.items[1], "identity"), "%s",
		  (char *)r.notes.items[1]);
	cr_expect(strstr(r.notes.items[2], "public.m.v"));
	cr_expect(strstr(r.notes.items[2], "changes in the same migration"));
}

Test(park, partitioned_table_stays_a_drop)
{
	parked r = park("create table p (id int, d date) partition by range "
			"(d);",
			"");

	cr_expect_str_eq(ops(&r.up), "drop_table");
	cr_assert_eq(r.notes.len, 1);
	cr_expect(strstr(r.notes.items[0], "table public.p is dropped, not "
					   "parked: a table in a partition"));
}

Test(park, user_type_kept_as_text)
{
	parked r = park("create type mood as enum ('a', 'b');"
			"create table t (id int primary key, m mood);",
			"create type mood as enum ('a', 'b');"
			"create table t (id int primary key);");
	char *up = sql(&r.up), *down = sql(&r.down);

	cr_expect(strstr(up, "CREATE TABLE retort_park_0003.t__m (id integer "
			     "NOT NULL, m text, PRIMARY KEY (id));"),
		  "%s", up);
	cr_expect(strstr(up, "SELECT id, m::text FROM public.t;"), "%s", up);
	cr_expect(strstr(down, "SET m = park.m::public.mood FROM"), "%s", down);
}

Test(park, nothing_to_park)
{
	parked r = park("create table t (id int primary key);",
			"create table t (id int primary key, b int);");

	cr_expect_str_eq(ops(&r.up), "add_column");
	cr_expect_str_eq(ops(&r.down), "drop_column");
	cr_expect_eq(r.notes.len, 0);
}

Test(park, safety_facts)
{
	parked r = park(ORDERS_FROM, ORDERS_TO);
	const rt_step *col = r.up.items[3], *tab = r.up.items[4];
	const rt_step *back = r.down.items[1];

	cr_assert_eq(col->op, RT_OP_PARK_COLUMN);
	cr_expect(col->scan);
	cr_expect_not(col->data_loss);
	cr_assert_eq(tab->op, RT_OP_PARK_TABLE);
	cr_expect_not(tab->scan);
	cr_expect_not(tab->rewrite);
	cr_assert_eq(back->op, RT_OP_RESTORE_COLUMN);
	cr_expect(back->rewrite);
	cr_expect_str_eq(col->park->source, "public.users.note");
	cr_expect_str_eq(tab->park->schema, "retort_park_0003");
	cr_expect_eq(col->park->key.len, 1);
}

Test(park, columns_restored_in_table_order)
{
	parked r = park("create table t (id int primary key, a int, b int, "
			"c int);",
			"create table t (id int primary key, b int);");
	const rt_step *x = r.down.items[0], *y = r.down.items[1];

	cr_expect_str_eq(ops(&r.down),
			 "restore_column restore_column park_end");
	cr_expect_str_eq(((const rt_column *)x->target)->name, "a");
	cr_expect_str_eq(((const rt_column *)y->target)->name, "c");
}

Test(park, table_using_a_type_dropped_too_stays_a_drop)
{
	/* a parked table would hold the enum back: DROP TYPE would fail */
	parked r = park("create type mood as enum ('a', 'b');"
			"create table t (id int primary key, m mood);"
			"create table u (id serial primary key);",
			"");

	cr_expect_str_eq(ops(&r.up), "drop_table park_begin park_table "
				     "drop_type");
	cr_assert_eq(r.notes.len, 1);
	cr_expect_str_eq(r.notes.items[0],
			 "table public.t is dropped, not parked: it uses "
			 "public.mood, which the migration drops too");
	/* u's own sequence goes along: no refusal, no sequence step */
	cr_expect_str_eq(((const rt_step *)r.up.items[2])->park->source,
			 "public.u");
}
