/* SPDX-License-Identifier: MIT */
/* SQL loader: INHERITS and declarative partitioning. */
#include "test_sql_helpers.h"

TestSuite(load_sql_inherit, .init = setup, .fini = teardown);

Test(load_sql_inherit, inherits_copies_columns_and_checks)
{
	rt_schema *s =
	    load("create table base (id int not null, ts timestamp default "
		 "now(), check (id > 0), constraint ni check (id < 9) no "
		 "inherit);\n"
		 "create table kid (ts timestamp, extra text) inherits "
		 "(base);");
	rt_table *k = table(s, "kid");
	cr_assert_eq(k->columns.len, 3);
	rt_column *id = k->columns.items[0];
	cr_expect_str_eq(id->name, "id");
	cr_expect(!id->is_local);
	cr_expect_eq(id->inhcount, 1);
	cr_expect(id->not_null);
	rt_column *ts = k->columns.items[1];
	cr_expect(ts->is_local); /* merged with the local definition */
	cr_expect_eq(ts->inhcount, 1);
	cr_expect_not_null(ts->default_expr);
	rt_column *extra = k->columns.items[2];
	cr_expect(extra->is_local);
	cr_expect_eq(extra->inhcount, 0);
	rt_constraint *c = constraint(k, "base_id_check");
	cr_expect(!c->is_local);
	cr_expect_null(rt_table_find_constraint(k, "ni"));
	cr_expect_eq(k->inherits.len, 1);
}

Test(load_sql_inherit, alter_parent_cascades)
{
	rt_schema *s = load("create table base (a int);\n"
			    "create table kid () inherits (base);\n"
			    "alter table base add column b int;\n"
			    "alter table base add constraint b_pos check (b > "
			    "0);\n"
			    "alter table base drop column a;");
	rt_table *k = table(s, "kid");
	cr_assert_eq(k->columns.len, 1);
	cr_expect_str_eq(column(k, "b")->name, "b");
	cr_expect(!column(k, "b")->is_local);
	cr_expect(!constraint(k, "b_pos")->is_local);
}

Test(load_sql_inherit, partitions)
{
	rt_schema *s =
	    load("create table m (city int not null, day date not null, v "
		 "int, primary key (city, day)) partition by range (day);\n"
		 "create table m_2020 partition of m for values from "
		 "('2020-01-01') to ('2021-01-01');\n"
		 "create table m_def partition of m default;\n"
		 "create index on m (v);\n");
	rt_table *m = table(s, "m");
	cr_expect_eq(m->relkind, RT_REL_PARTITIONED);
	cr_expect_str_eq(m->partition_key->text, "RANGE (day)");
	rt_table *p = table(s, "m_2020");
	cr_expect_str_eq(p->partition_of.name, "m");
	cr_expect_str_eq(p->partition_bound->text,
			 "FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')");
	cr_expect_eq(p->columns.len, 3);
	cr_expect(!column(p, "v")->is_local);
	cr_expect_eq(column(p, "v")->inhcount, 1);
	cr_expect_eq(p->constraints.len, 0); /* the key is the parent's */
	cr_expect_eq(p->inherits.len, 0);
	cr_expect_str_eq(table(s, "m_def")->partition_bound->text, "DEFAULT");
	cr_expect_eq(s->indexes.len, 1); /* only the parent's */
}

Test(load_sql_inherit, attach_and_detach)
{
	rt_schema *s =
	    load("create table m (k int primary key, v int) partition by "
		 "list (k);\n"
		 "create table m1 (k int not null, v int);\n"
		 "alter table m attach partition m1 for values in (1);\n"
		 "create table m2 partition of m for values in (2);\n"
		 "alter table m detach partition m2;");
	rt_table *m1 = table(s, "m1");
	cr_expect_str_eq(m1->partition_of.name, "m");
	cr_expect(!column(m1, "v")->is_local);
	rt_table *m2 = table(s, "m2");
	cr_expect_null(m2->partition_of.name);
	cr_expect_null(m2->partition_bound);
	cr_expect(column(m2, "v")->is_local);
	constraint(m2, "m2_pkey"); /* the clone became its own */
}

Test(load_sql_inherit, partition_of_unpartitioned_fails)
{
	rt_error *e = load_err("create table t (a int);\n"
			       "create table p partition of t default;");
	cr_expect_str_eq(e->msg, "table 't' is not partitioned");
	cr_expect_eq(e->line, 2);
}

Test(load_sql_inherit, matching_partition_indexes_are_attached)
{
	rt_schema *s =
	    load("create table m (k int, v int, primary key (k)) partition by "
		 "list (k);\n"
		 "create index m_v on m (v);\n"
		 "create table m1 (k int not null, v int);\n"
		 "alter table m1 add constraint m1_pk primary key (k);\n"
		 "create index m1_v on m1 (v);\n"
		 "create index m1_other on m1 (v, k);\n"
		 "alter table m attach partition m1 for values in (1);\n"
		 "create table p (k int, v int) partition by list (k);\n"
		 "create table p1 partition of p for values in (1);\n"
		 "create index p1_v on p1 (v);\n"
		 "create index on p (v);");
	cr_expect_null(rt_schema_find_index(s, "public", "m1_v"));
	cr_expect_not_null(rt_schema_find_index(s, "public", "m1_other"));
	cr_expect_null(rt_table_find_constraint(table(s, "m1"), "m1_pk"));
	cr_expect_null(rt_schema_find_index(s, "public", "p1_v"));
	cr_expect_not_null(rt_schema_find_index(s, "public", "p_v_idx"));
}
