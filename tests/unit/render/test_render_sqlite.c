/* SPDX-License-Identifier: MIT */
/*
 * The SQLite renderer on two SQLite-dialect schemas built with the schema
 * API: rt_diff, rt_plan, rt_render_between, then the statements run on a
 * real in-memory SQLite holding rows, in one transaction with the checks
 * (RT_STMT_CHECK) as a runner runs them. The result is compared with
 * SQLite's own pragmas on a database created fresh from the target
 * (columns, types, NOT NULL, defaults, keys, foreign keys, indexes, the
 * tables' definitions) and every row is checked. Plus exact texts.
 */
#include "base/common.h"
#include "diff/diff.h"
#include "load/load.h"
#include "plan/plan.h"
#include "render/render.h"

#include <criterion/criterion.h>
#include <ctype.h>
#include <sqlite3.h>

static rt_arena *arena;

static void setup(void)
{
	arena = rt_arena_new();
}

static void teardown(void)
{
	rt_arena_free(arena);
}

TestSuite(render_sqlite, .init = setup, .fini = teardown);

/* ---- building schemas ---- */

static rt_schema *sq(void)
{
	rt_schema *s = rt_schema_new(arena);
	s->dialect = RT_DIALECT_SQLITE;
	rt_schema_new_object(s, RT_KIND_NAMESPACE, "main", "main", NULL);
	return s;
}

static rt_expr *expr(const char *text)
{
	rt_expr *e = RT_NEW(arena, rt_expr);
	e->text = text;
	e->key = text;
	return e;
}

static rt_table *tab(rt_schema *s, const char *name)
{
	rt_table *t =
	    rt_schema_new_object(s, RT_KIND_TABLE, "main", name, NULL);
	t->relkind = RT_REL_TABLE;
	return t;
}

static rt_table *find(rt_schema *s, const char *name)
{
	rt_table *t = rt_schema_find_table(s, "main", name);
	cr_assert_not_null(t, "no table %s", name);
	return t;
}

/* a column; dflt NULL: none */
static rt_column *col(rt_schema *s, rt_table *t, const char *name,
		      const char *type, bool not_null, const char *dflt)
{
	rt_column *c =
	    rt_schema_new_object(s, RT_KIND_COLUMN, NULL, name, &t->obj);
	c->table = t;
	c->type.schema = RT_CATALOG;
	c->type.name = type;
	c->not_null = not_null;
	c->default_expr = dflt ? expr(dflt) : NULL;
	c->is_local = true;
	return c;
}

static void split_into(rt_vec *v, const char *list)
{
	const char *p = list;
	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		rt_vec_push(v, arena, rt_arena_strndup(arena, p, n));
		p = e ? e + 1 : NULL;
	}
}

/* a key (p, u) on cols "a,b", or a check (c) with expression cols */
static rt_constraint *con(rt_schema *s, rt_table *t, const char *name,
			  rt_contype type, const char *cols)
{
	rt_constraint *k =
	    rt_schema_new_object(s, RT_KIND_CONSTRAINT, NULL, name, &t->obj);
	k->table = t;
	k->type = type;
	k->is_local = true;
	if (type == RT_CON_CHECK)
		k->expr = expr(cols);
	else
		split_into(&k->columns, cols);
	return k;
}

static rt_constraint *fk(rt_schema *s, rt_table *t, const char *name,
			 const char *cols, const char *ref,
			 const char *ref_cols, char on_delete)
{
	rt_constraint *k = con(s, t, name, RT_CON_FOREIGN, cols);
	k->ref_table.schema = "main";
	k->ref_table.name = ref;
	split_into(&k->ref_columns, ref_cols);
	k->on_update = 'a';
	k->on_delete = on_delete;
	k->match = 's';
	return k;
}

/* an index; def as sqlite_schema holds it */
static rt_index *idx(rt_schema *s, const char *name, const char *table,
		     bool unique, const char *def)
{
	rt_index *ix =
	    rt_schema_new_object(s, RT_KIND_INDEX, "main", name, NULL);
	ix->table.schema = "main";
	ix->table.name = table;
	ix->unique = unique;
	ix->def = expr(def);
	return ix;
}

/* a view or trigger, as the SQLite loader keeps them */
static void unmanaged(rt_schema *s, const char *what, const char *sql)
{
	rt_unmanaged *u;
	rt_schema_add_unmanaged(s, what, NULL, 0, 0);
	u = s->unmanaged.items[s->unmanaged.len - 1];
	u->sql = sql;
}

/*
 * The schema most tests start from:
 *   parent(id INTEGER PRIMARY KEY, name TEXT NOT NULL, UNIQUE (name))
 *   child(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent
 *         ON DELETE CASCADE, note VARCHAR(20) DEFAULT 'n/a', qty INTEGER
 *         CHECK (qty >= 0))
 *   index child_note_idx on child(note)
 */
static rt_schema *base(void)
{
	rt_schema *s = sq();
	rt_table *p = tab(s, "parent"), *c = tab(s, "child");

	col(s, p, "id", "INTEGER", false, NULL);
	col(s, p, "name", "TEXT", true, NULL);
	con(s, p, "parent_pkey", RT_CON_PRIMARY, "id");
	con(s, p, "parent_name_key", RT_CON_UNIQUE, "name");
	col(s, c, "id", "INTEGER", false, NULL);
	col(s, c, "parent_id", "INTEGER", false, NULL);
	col(s, c, "note", "VARCHAR(20)", false, "'n/a'");
	col(s, c, "qty", "INTEGER", false, NULL);
	con(s, c, "child_pkey", RT_CON_PRIMARY, "id");
	fk(s, c, "child_parent_id_fkey", "parent_id", "parent", "id", 'c');
	con(s, c, "child_qty_check", RT_CON_CHECK, "qty >= 0");
	idx(s, "child_note_idx", "child", false,
	    "CREATE INDEX child_note_idx ON child (note)");
	return s;
}

static const char *rows = "INSERT INTO parent VALUES (1, 'one'), (2, 'two');"
			  "INSERT INTO child VALUES (10, 1, 'a', 1),"
			  " (11, 1, NULL, 2), (12, 2, 'c', 0),"
			  " (13, NULL, 'd', NULL);";

/* ---- running ---- */

static char *query(sqlite3 *db, const char *sql)
{
	rt_buf b = RT_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc;

	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK,
		     "%s: %s", sql, sqlite3_errmsg(db));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			if (i)
				rt_buf_addch(&b, '|');
			rt_buf_adds(&b, t ? (const char *)t : "NULL");
		}
		rt_buf_addch(&b, '\n');
	}
	cr_assert_eq(rc, SQLITE_DONE, "%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rt_buf_detach_arena(&b, arena);
}

static void exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, &msg), SQLITE_OK,
		     "%s\n%s", msg ? msg : "", sql);
}

/* A database holding schema s (as rt_render_schema writes it, its views
 * and triggers) and the rows. */
static sqlite3 *db_of(const rt_schema *s, const char *data)
{
	sqlite3 *db = NULL;
	rt_buf b = RT_BUF_INIT;
	rt_error err = RT_ERROR_INIT;

	cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	cr_assert_eq(rt_render_schema(&b, arena, RT_DIALECT_SQLITE, s, &err), 0,
		     "%s", err.msg);
	exec(db, b.data ? b.data : "");
	rt_buf_release(&b);
	for (size_t i = 0; i < s->unmanaged.len; i++)
		exec(db, ((rt_unmanaged *)s->unmanaged.items[i])->sql);
	if (data)
		exec(db, data);
	return db;
}

static rt_vec render(rt_schema *from, rt_schema *to)
{
	rt_vec changes = {0}, steps = {0}, stmts = {0};
	rt_error err = RT_ERROR_INIT;

	rt_schema_finish(from);
	rt_schema_finish(to);
	cr_assert_eq(rt_diff(&changes, arena, from, to, &err), 0, "%s",
		     err.msg);
	cr_assert_eq(rt_plan(&steps, arena, &changes, &err), 0, "%s", err.msg);
	cr_assert_eq(rt_render_between(&stmts, arena, RT_DIALECT_SQLITE, &steps,
				       from, to, &err),
		     0, "%s", err.msg);
	return stmts;
}

/* Runs stmts as the runner does: BEGIN, the statements, the checks
 * (each must return no rows), COMMIT; on a failure ROLLBACK and the
 * message in *why. */
static bool apply(sqlite3 *db, const rt_vec *stmts, const char **why)
{
	char *msg = NULL;

	exec(db, "BEGIN IMMEDIATE");
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < stmts->len; i++) {
			const rt_stmt *s = stmts->items[i];
			bool check = s->flags & RT_STMT_CHECK;
			if ((s->flags & RT_STMT_NOTE) || check != (pass == 1))
				continue;
			if (check) {
				sqlite3_stmt *st = NULL;
				int rc;
				if (sqlite3_prepare_v2(db, s->sql, -1, &st,
						       NULL) != SQLITE_OK) {
					*why = rt_arena_strdup(
					    arena, sqlite3_errmsg(db));
					goto fail;
				}
				rc = sqlite3_step(st);
				sqlite3_finalize(st);
				if (rc != SQLITE_DONE) {
					*why = rt_arena_printf(
					    arena, "check returned rows: %s",
					    s->sql);
					goto fail;
				}
				continue;
			}
			if (sqlite3_exec(db, s->sql, NULL, NULL, &msg) !=
			    SQLITE_OK) {
				*why = rt_arena_printf(arena, "%s: %s", s->sql,
						       msg);
				sqlite3_free(msg);
				goto fail;
			}
		}
	exec(db, "COMMIT");
	return true;
fail:
	exec(db, "ROLLBACK");
	return false;
}

/* What SQLite says of the schema: every table's columns, keys, foreign
 * keys, indexes with their columns, the definitions from their '('. */
static char *describe(sqlite3 *db)
{
	rt_buf b = RT_BUF_INIT;
	static const char *const parts[] = {
	    "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk,"
	    " p.hidden FROM sqlite_schema m, pragma_table_xinfo(m.name) p"
	    " WHERE m.type = 'table' ORDER BY m.name, p.cid",
	    "SELECT m.name, f.id, f.seq, f.\"table\", f.\"from\", f.\"to\","
	    " f.on_update, f.on_delete FROM sqlite_schema m,"
	    " pragma_foreign_key_list(m.name) f WHERE m.type = 'table'"
	    " ORDER BY m.name, f.\"from\"",
	    "SELECT m.name, l.name, l.\"unique\", l.origin, l.partial, x.seqno,"
	    " x.name, x.\"desc\", x.coll, x.key FROM sqlite_schema m,"
	    " pragma_index_list(m.name) l, pragma_index_xinfo(l.name) x"
	    " WHERE m.type = 'table' ORDER BY m.name, l.name, x.seqno",
	    /* blanks and quotes aside: ALTER TABLE ADD COLUMN writes
	     * ", col", RENAME TO writes a foreign key's table quoted */
	    "SELECT type, name, tbl_name, CASE type WHEN 'table' THEN"
	    " replace(replace(replace(replace(substr(sql, instr(sql, '(')),"
	    " char(10), ''), '    ', ''), ', ', ','), '\"', '') ELSE sql END"
	    " FROM sqlite_schema"
	    " ORDER BY type, name",
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(parts); i++) {
		rt_buf_adds(&b, query(db, parts[i]));
		rt_buf_adds(&b, "--\n");
	}
	return rt_buf_detach_arena(&b, arena);
}

/* The whole round: the from database with rows, the migration applied,
 * then compared with a fresh database of the target. Returns the
 * migrated database (the caller closes it) and the statements. */
static sqlite3 *migrate(rt_vec *stmts_out, rt_schema *from, rt_schema *to,
			const char *data)
{
	const char *why = NULL;
	rt_vec stmts = render(from, to);
	sqlite3 *db = db_of(from, data), *fresh = db_of(to, NULL);

	cr_assert(apply(db, &stmts, &why), "%s", why);
	cr_expect_str_eq(describe(db), describe(fresh));
	cr_expect_str_eq(query(db, "PRAGMA foreign_key_check"), "");
	cr_expect_str_eq(query(db, "PRAGMA integrity_check"), "ok\n");
	sqlite3_close(fresh);
	if (stmts_out)
		*stmts_out = stmts;
	return db;
}

static size_t count(const rt_vec *stmts, const char *prefix)
{
	size_t n = 0;
	for (size_t i = 0; i < stmts->len; i++)
		if (strncmp(((rt_stmt *)stmts->items[i])->sql, prefix,
			    strlen(prefix)) == 0)
			n++;
	return n;
}

static char *script(const rt_vec *stmts)
{
	rt_buf b = RT_BUF_INIT;
	rt_render_script(&b, stmts);
	return rt_buf_detach_arena(&b, arena);
}

#define REBUILDS(v) count(&(v), "CREATE TABLE main._retort_new_")

static const char *child_rows =
    "10|1|a|1\n11|1|NULL|2\n12|2|c|0\n13|NULL|d|NULL\n";

/* ---- ALTER TABLE in place ---- */

Test(render_sqlite, add_column_in_place)
{
	rt_schema *from = base(), *to = base();
	rt_vec v;
	sqlite3 *db;

	col(to, find(to, "child"), "flag", "BOOLEAN", true, "0");
	col(to, find(to, "child"), "label", "TEXT", false, "'it''s'");
	col(to, find(to, "child"), "ratio", "REAL", false, "-1.5e3");
	col(to, find(to, "child"), "nothing", "", false, NULL);
	db = migrate(&v, from, to, rows);
	cr_expect_eq(REBUILDS(v), 0);
	cr_expect_str_eq(script(&v),
			 "ALTER TABLE main.child ADD COLUMN flag BOOLEAN "
			 "DEFAULT 0 NOT NULL;\n\n"
			 "ALTER TABLE main.child ADD COLUMN label TEXT "
			 "DEFAULT 'it''s';\n\n"
			 "ALTER TABLE main.child ADD COLUMN ratio REAL "
			 "DEFAULT -1.5e3;\n\n"
			 "ALTER TABLE main.child ADD COLUMN \"nothing\";\n");
	cr_expect_str_eq(query(db, "SELECT * FROM child ORDER BY id"),
			 "10|1|a|1|0|it's|-1500.0|NULL\n"
			 "11|1|NULL|2|0|it's|-1500.0|NULL\n"
			 "12|2|c|0|0|it's|-1500.0|NULL\n"
			 "13|NULL|d|NULL|0|it's|-1500.0|NULL\n");
	sqlite3_close(db);
}

Test(render_sqlite, drop_column_in_place)
{
	rt_schema *from = base(), *to = base();
	rt_vec v;
	sqlite3 *db;

	col(from, find(from, "parent"), "extra", "TEXT", false, "'x'");
	db = migrate(&v, from, to,
		     "INSERT INTO parent VALUES (1, 'one', 'e1');");
	cr_expect_str_eq(script(&v),
			 "ALTER TABLE main.parent DROP COLUMN extra;\n");
	cr_expect(((rt_stmt *)v.items[0])->flags & RT_STMT_DATA_LOSS);
	cr_expect_str_eq(query(db, "SELECT * FROM parent"), "1|one\n");
	sqlite3_close(db);
}

Test(render_sqlite, create_and_drop_index)
{
	rt_schema *from = base(), *to = base();
	rt_vec v;
	sqlite3 *db;

	rt_schema_remove(
	    to, &rt_schema_find_index(to, "main", "child_note_idx")->obj);
	idx(to, "child_lower_note", "child", true,
	    "CREATE UNIQUE INDEX child_lower_note ON child (lower(note), qty) "
	    "WHERE qty > 0");
	db = migrate(&v, from, to, rows);
	cr_expect_eq(REBUILDS(v), 0);
	cr_expect_str_eq(script(&v),
			 "DROP INDEX main.child_note_idx;\n\n"
			 "CREATE UNIQUE INDEX main.child_lower_note ON child "
			 "(lower(note), qty) WHERE qty > 0;\n");
	cr_expect_str_eq(query(db, "SELECT * FROM child ORDER BY id"),
			 child_rows);
	sqlite3_close(db);
}

/* ---- creating tables: every constraint inline ---- */

Test(render_sqlite, create_table_inline_constraints)
{
	rt_schema *from = sq(), *to = base();
	rt_vec v = render(from, to);
	rt_error err = RT_ERROR_INIT;
	rt_buf b = RT_BUF_INIT;

	/* the foreign key is a step of its own in the plan: no statement */
	cr_expect_str_eq(script(&v),
			 "CREATE TABLE main.child (\n"
			 "    id INTEGER,\n"
			 "    parent_id INTEGER,\n"
			 "    note VARCHAR(20) DEFAULT 'n/a',\n"
			 "    qty INTEGER,\n"
			 "    CONSTRAINT child_parent_id_fkey FOREIGN KEY "
			 "(parent_id) REFERENCES parent (id) ON DELETE "
			 "CASCADE,\n"
			 "    CONSTRAINT child_pkey PRIMARY KEY (id),\n"
			 "    CONSTRAINT child_qty_check CHECK (qty >= 0)\n"
			 ");\n\n"
			 "CREATE TABLE main.parent (\n"
			 "    id INTEGER,\n"
			 "    name TEXT NOT NULL,\n"
			 "    CONSTRAINT parent_name_key UNIQUE (name),\n"
			 "    CONSTRAINT parent_pkey PRIMARY KEY (id)\n"
			 ");\n\n"
			 "CREATE INDEX main.child_note_idx ON child (note);\n");
	/* rt_render_schema: the same, no CREATE SCHEMA main */
	cr_expect_eq(rt_render_schema(&b, arena, RT_DIALECT_SQLITE, to, &err),
		     0, "%s", err.msg);
	cr_expect_str_eq(b.data, script(&v));
	rt_buf_release(&b);
	sqlite3_close(migrate(NULL, sq(), base(), NULL));
}

Test(render_sqlite, drop_table)
{
	rt_schema *from = base(), *to = base();
	rt_vec v;
	sqlite3 *db;

	tab(from, "gone");
	col(from, find(from, "gone"), "x", "INTEGER", false, NULL);
	db = migrate(&v, from, to, "INSERT INTO gone VALUES (1);");
	cr_expect_str_eq(script(&v), "DROP TABLE main.gone;\n");
	sqlite3_close(db);
}

/* ---- rebuilds, one per cause ---- */

/* a rebuild of child: every row kept, one rebuild, its statements in
 * order */
static sqlite3 *rebuild_child(rt_vec *v, rt_schema *from, rt_schema *to)
{
	sqlite3 *db = migrate(v, from, to, rows);
	cr_expect_eq(REBUILDS(*v), 1, "%s", script(v));
	cr_expect_eq(count(v, "DROP TABLE main.child"), 1);
	cr_expect_eq(
	    count(v, "ALTER TABLE main._retort_new_child RENAME TO child"), 1);
	cr_expect_eq(count(v, "PRAGMA foreign_key_check(child)"), 1);
	return db;
}

Test(render_sqlite, rebuild_type_change)
{
	rt_schema *from = base(), *to = base();
	rt_vec v;
	sqlite3 *db;

	rt_table_find_column(find(to, "child"), "qty")->type.name = "TEXT";
	db = rebuild_child(&v, from, to);
	cr_expect_str_eq(query(db, "SELECT id, typeof(qty), qty FROM child "
				   "ORDER BY id"),
			 "10|text|1\n11|text|2\n12|text|0\n13|null|NULL\n");
	sqlite3_close(db);
}

Test(render_sqlite, rebuild_not_null_set_and_dropped)
{
	rt_schema *from = base(), *to = base();
	rt_vec v;
	sqlite3 *db;
	const char *why = NULL;

	rt_table_find_column(find(to, "parent"), "name")->not_null = false;
	rt_table_find_column(find(to, "child"), "note")->not_null = true;
	/* child 11 has a NULL note: the copy fails, nothing changes */
	v = render(from, to);
	db = db_of(from, rows);
	cr_expect_not(apply(db, &v, &why));
	cr_expect(strstr(why, "NOT NULL constraint failed: _retort_new_child"),
		  "%s", why);
	cr_expect_str_eq(query(db, "SELECT name FROM sqlite_schema WHERE "
				   "name LIKE '%retort%'"),
			 "");
	cr_expect_str_eq(query(db, "SELECT * FROM child ORDER BY id"),
			 child_rows);
	sqlite3_close(db);
	/* without that row it goes through: two tables, two rebuilds */
	db = migrate(&v, base(), to,
		     "INSERT INTO parent VALUES (1, 'one');"
		     "INSERT INTO child VALUES (10, 1, 'a', 1);");
	cr_expect_eq(REBUILDS(v), 2);
	cr_expect_str_eq(query(db, "SELECT * FROM child"), "10|1|a|1\n");
	exec(db, "INSERT INTO parent VALUES (2, NULL)");
	sqlite3_close(db);
}

Test(render_sqlite, rebuild_default_changed_and_dropped)
{
	rt_schema *from = base(), *to = base();
	rt_vec v;
	sqlite3 *db;

	rt_table_find_column(find(to, "child"), "note")->default_expr =
	    expr("lower('ABC')");
	rt_table_find_column(find(to, "child"), "qty")->default_expr =
	    expr("CURRENT_TIMESTAMP");
	db = rebuild_child(&v, from, to);
	cr_expect_str_eq(query(db, "SELECT * FROM child ORDER BY id"),
			 child_rows);
	exec(db, "INSERT INTO child (id) VALUES (20)");
	cr_expect_str_eq(
	    query(db, "SELECT note, length(qty) FROM child WHERE id = 20"),
	    "abc|19\n");
	sqlite3_close(db);
	/* and back: the default dropped */
	from = base();
	to = base();
	rt_table_find_column(find(to, "child"), "note")->default_expr = NULL;
	sqlite3_close(rebuild_child(&v, from, to));
}

Test(render_sqlite, rebuild_constraints_added_and_dropped)
{
	rt_schema *from = base(), *to = base();
	rt_table *c = find(to, "child");
	rt_vec v;
	sqlite3 *db;

	rt_schema_remove(to,
			 &rt_table_find_constraint(c, "child_qty_check")->obj);
	con(to, c, "child_note_key", RT_CON_UNIQUE, "note");
	con(to, c, "child_note_check", RT_CON_CHECK, "length(note) < 5");
	db = rebuild_child(&v, from, to);
	cr_expect_str_eq(query(db, "SELECT * FROM child ORDER BY id"),
			 child_rows);
	exec(db, "INSERT INTO child VALUES (30, NULL, 'z', -5)");
	cr_expect_neq(
	    sqlite3_exec(db, "INSERT INTO child VALUES (31, NULL, 'z', 1)",
			 NULL, NULL, NULL),
	    SQLITE_OK);
	cr_expect_neq(sqlite3_exec(db,
				   "INSERT INTO child VALUES (32, NULL, "
				   "'toolong', 1)",
				   NULL, NULL, NULL),
		      SQLITE_OK);
	sqlite3_close(db);
}

Test(render_sqlite, rebuild_for_columns_sqlite_cannot_add_or_drop)
{
	rt_schema *from = base(), *to = base();
	rt_vec v;
	sqlite3 *db;

	/* NOT NULL without a default; a default that is an expression */
	col(to, find(to, "parent"), "created", "TEXT", false,
	    "CURRENT_TIMESTAMP");
	/* note is indexed, qty is in a CHECK */
	rt_schema_remove(to,
			 &rt_table_find_column(find(to, "child"), "note")->obj);
	rt_schema_remove(
	    to, &rt_schema_find_index(to, "main", "child_note_idx")->obj);
	db = migrate(&v, from, to, rows);
	cr_expect_eq(REBUILDS(v), 2, "%s", script(&v));
	cr_expect_eq(count(&v, "ALTER TABLE main.child DROP"), 0);
	cr_expect_str_eq(query(db, "SELECT * FROM child ORDER BY id"),
			 "10|1|1\n11|1|2\n12|2|0\n13|NULL|NULL\n");
	cr_expect_str_eq(
	    query(db, "SELECT id, name, length(created) FROM parent"),
	    "1|one|19\n2|two|19\n");
	sqlite3_close(db);
}

Test(render_sqlite, not_null_column_without_default_fails_on_rows)
{
	rt_schema *from = base(), *to = base();
	rt_vec v;
	sqlite3 *db;
	const char *why = NULL;

	col(to, find(to, "parent"), "code", "TEXT", true, NULL);
	v = render(from, to);
	cr_expect_eq(REBUILDS(v), 1);
	db = db_of(from, rows);
	cr_expect_not(apply(db, &v, &why));
	cr_expect(strstr(why, "NOT NULL"), "%s", why);
	sqlite3_close(db);
	/* an empty table takes it */
	sqlite3_close(migrate(NULL, base(), to, NULL));
}

Test(render_sqlite, several_changes_one_rebuild)
{
	rt_schema *from = base(), *to = base();
	rt_table *c = find(to, "child");
	rt_vec v;
	sqlite3 *db;

	rt_table_find_column(c, "qty")->type.name = "NUMERIC(10,2)";
	rt_table_find_column(c, "qty")->default_expr = expr("0");
	rt_table_find_column(c, "note")->type.name = "VARCHAR(40)";
	rt_schema_remove(to, &rt_table_find_column(c, "parent_id")->obj);
	rt_schema_remove(
	    to, &rt_table_find_constraint(c, "child_parent_id_fkey")->obj);
	col(to, c, "added", "INTEGER", true, "7");
	idx(to, "child_qty_idx", "child", false,
	    "CREATE INDEX child_qty_idx ON child (qty DESC)");
	db = migrate(&v, from, to, rows);
	cr_expect_eq(REBUILDS(v), 1, "%s", script(&v));
	cr_expect_eq(count(&v, "CREATE INDEX main.child_note_idx"), 1);
	cr_expect_eq(count(&v, "CREATE INDEX main.child_qty_idx"), 1);
	/* one statement flagged data loss: the DROP TABLE (parent_id) */
	cr_expect_str_eq(query(db, "SELECT * FROM child ORDER BY id"),
			 "10|a|1|7\n11|NULL|2|7\n12|c|0|7\n13|d|NULL|7\n");
	sqlite3_close(db);
}

/* ---- rebuilds around other objects ---- */

Test(render_sqlite, rebuild_of_a_referenced_table)
{
	rt_schema *from = base(), *to = base();
	rt_vec v;
	sqlite3 *db;

	rt_table_find_column(find(to, "parent"), "name")->type.name =
	    "VARCHAR(100)";
	db = migrate(&v, from, to, rows);
	cr_expect_eq(REBUILDS(v), 1);
	cr_expect_eq(count(&v, "PRAGMA foreign_key_check(parent)"), 1);
	cr_expect_eq(count(&v, "PRAGMA foreign_key_check(child)"), 1);
	/* the children and their reference survive */
	cr_expect_str_eq(query(db, "SELECT * FROM child ORDER BY id"),
			 child_rows);
	cr_expect_str_eq(query(db, "SELECT \"table\" FROM "
				   "pragma_foreign_key_list('child')"),
			 "parent\n");
	exec(db, "PRAGMA foreign_keys = ON; DELETE FROM parent WHERE id = 2");
	cr_expect_str_eq(query(db, "SELECT id FROM child ORDER BY id"),
			 "10\n11\n13\n");
	sqlite3_close(db);
}

Test(render_sqlite, rebuild_refused_when_foreign_keys_are_on)
{
	rt_schema *from = base(), *to = base();
	rt_vec v;
	sqlite3 *db;
	const char *why = NULL;

	rt_table_find_column(find(to, "parent"), "name")->type.name = "BLOB";
	v = render(from, to);
	db = db_of(from, rows);
	/* DROP TABLE parent would cascade to child: the check rolls the
	 * whole migration back */
	exec(db, "PRAGMA foreign_keys = ON");
	cr_expect_not(apply(db, &v, &why));
	cr_expect(strstr(why, "pragma_foreign_keys"), "%s", why);
	cr_expect_str_eq(query(db, "SELECT * FROM child ORDER BY id"),
			 child_rows);
	cr_expect_str_eq(query(db, "SELECT type FROM pragma_table_info("
				   "'parent') WHERE name = 'name'"),
			 "TEXT\n");
	sqlite3_close(db);
}

Test(render_sqlite, foreign_key_added_on_bad_rows_fails)
{
	rt_schema *from = base(), *to = base();
	rt_vec v;
	sqlite3 *db;
	const char *why = NULL;

	col(from, find(from, "parent"), "owner", "INTEGER", false, NULL);
	col(to, find(to, "parent"), "owner", "INTEGER", false, NULL);
	fk(to, find(to, "parent"), "parent_owner_fkey", "owner", "child", "id",
	   'a');
	con(to, find(to, "child"), "child_id_key", RT_CON_UNIQUE, "id");
	v = render(from, to);
	db = db_of(from, "INSERT INTO parent VALUES (1, 'one', 99);");
	cr_expect_not(apply(db, &v, &why));
	cr_expect(strstr(why, "foreign_key_check(parent)"), "%s", why);
	sqlite3_close(db);
	db = migrate(&v, base(), to, rows);
	cr_expect_eq(REBUILDS(v), 2);
	sqlite3_close(db);
}

Test(render_sqlite, rebuild_keeps_index_trigger_and_view)
{
	rt_schema *from = base(), *to = base();
	rt_vec v;
	sqlite3 *db;
	const char *log = "CREATE TABLE log (msg TEXT)";
	const char *trg = "CREATE TRIGGER child_ins AFTER INSERT ON child "
			  "BEGIN INSERT INTO log VALUES ('child ' || new.id); "
			  "END";
	const char *view = "CREATE VIEW \"child names\" AS SELECT c.id, "
			   "p.name FROM child c JOIN parent p ON p.id = "
			   "c.parent_id";
	const char *view2 = "CREATE VIEW v2 AS SELECT count(*) AS n FROM "
			    "\"child names\"";
	/* a trigger on another table that writes into child */
	const char *trg2 = "CREATE TRIGGER log_ins AFTER INSERT ON log WHEN "
			   "new.msg = 'x' BEGIN INSERT INTO child (id) VALUES "
			   "(99); END";

	for (int i = 0; i < 2; i++) {
		rt_schema *s = i ? to : from;
		col(s, tab(s, "log"), "msg", "TEXT", false, NULL);
		unmanaged(s, "trigger main.child.child_ins", trg);
		unmanaged(s, "view main.child names", view);
		unmanaged(s, "view main.v2", view2);
		unmanaged(s, "trigger main.log.log_ins", trg2);
	}
	(void)log;
	rt_table_find_column(find(to, "child"), "qty")->not_null = true;
	rt_table_find_column(find(to, "child"), "qty")->default_expr =
	    expr("0");
	db = migrate(&v, from, to,
		     "INSERT INTO parent VALUES (1, 'one'), (2, 'two');"
		     "INSERT INTO child VALUES (10, 1, 'a', 1), "
		     "(12, 2, 'c', 0);");
	cr_expect_eq(REBUILDS(v), 1, "%s", script(&v));
	cr_expect_eq(count(&v, "DROP VIEW"), 2);
	cr_expect_eq(count(&v, "DROP TRIGGER"), 2);
	cr_expect_eq(count(&v, "CREATE INDEX main.child_note_idx"), 1);
	cr_expect_str_eq(query(db, "SELECT * FROM log ORDER BY 1"),
			 "child 10\nchild 12\n");
	exec(db, "INSERT INTO child (id, parent_id) VALUES (14, 2);"
		 "INSERT INTO log VALUES ('x')");
	cr_expect_str_eq(query(db, "SELECT * FROM \"child names\" ORDER BY 1"),
			 "10|one\n12|two\n14|two\n");
	cr_expect_str_eq(query(db, "SELECT * FROM v2"), "3\n");
	cr_expect_str_eq(query(db, "SELECT id, qty FROM child ORDER BY id"),
			 "10|1\n12|0\n14|0\n99|0\n");
	cr_expect_str_eq(query(db, "SELECT * FROM log ORDER BY 1"),
			 "child 10\nchild 12\nchild 14\nchild 99\nx\n");
	sqlite3_close(db);
}

Test(render_sqlite, drop_column_a_view_uses_is_refused)
{
	rt_schema *from = base(), *to = base();
	rt_vec v;
	sqlite3 *db;
	const char *why = NULL;
	const char *view = "CREATE VIEW qtys AS SELECT id, qty FROM child";

	unmanaged(from, "view main.qtys", view);
	unmanaged(to, "view main.qtys", view);
	rt_schema_remove(to,
			 &rt_table_find_column(find(to, "child"), "qty")->obj);
	rt_schema_remove(
	    to, &rt_table_find_constraint(find(to, "child"), "child_qty_check")
		     ->obj);
	v = render(from, to);
	db = db_of(from, rows);
	cr_expect_not(apply(db, &v, &why));
	cr_expect(strstr(why, "no such column: qty"), "%s", why);
	cr_expect_str_eq(query(db, "SELECT * FROM child ORDER BY id"),
			 child_rows);
	sqlite3_close(db);
}

/* ---- exact text of a rebuild ---- */

Test(render_sqlite, rebuild_text)
{
	rt_schema *from = sq(), *to = sq();
	rt_table *f = tab(from, "T x"), *t = tab(to, "T x");
	rt_vec v;

	col(from, f, "a", "INTEGER", false, NULL);
	col(from, f, "b", "TEXT", false, NULL);
	col(to, t, "a", "INTEGER", true, "1");
	col(to, t, "b", "TEXT", false, NULL);
	col(to, t, "c", "TEXT", true, "(upper('q'))");
	idx(from, "T x_b", "T x", false,
	    "CREATE INDEX \"T x_b\" ON \"T x\" (b)");
	idx(to, "T x_b", "T x", false, "CREATE INDEX \"T x_b\" ON \"T x\" (b)");
	unmanaged(from, "view main.w", "CREATE VIEW w AS SELECT a FROM [T x]");
	unmanaged(to, "view main.w", "CREATE VIEW w AS SELECT a FROM [T x]");
	v = render(from, to);
	cr_expect_str_eq(
	    script(&v),
	    "CREATE TABLE main.\"_retort_new_T x\" (\n"
	    "    a INTEGER DEFAULT 1 NOT NULL,\n"
	    "    b TEXT,\n"
	    "    c TEXT DEFAULT (upper('q')) NOT NULL\n"
	    ");\n"
	    "INSERT INTO main.\"_retort_new_T x\" (a, b) SELECT a, b FROM "
	    "main.\"T x\";\n"
	    "DROP VIEW main.w;\n"
	    "DROP TABLE main.\"T x\";\n"
	    "ALTER TABLE main.\"_retort_new_T x\" RENAME TO \"T x\";\n"
	    "CREATE INDEX main.\"T x_b\" ON \"T x\" (b);\n"
	    "CREATE VIEW w AS SELECT a FROM [T x];\n"
	    "-- retort: validation, must return no rows\n"
	    "SELECT foreign_keys FROM pragma_foreign_keys WHERE "
	    "foreign_keys;\n"
	    "-- retort: validation, must return no rows\n"
	    "PRAGMA foreign_key_check(\"T x\");\n"
	    "-- retort: validation, must return no rows\n"
	    "SELECT * FROM main.w LIMIT 0;\n");
	for (size_t i = 0; i < v.len; i++) {
		const rt_stmt *s = v.items[i];
		cr_expect_eq(!!(s->flags & RT_STMT_CHECK), i >= 7, "%zu", i);
	}
	sqlite3_close(migrate(NULL, from, to,
			      "INSERT INTO \"T x\" VALUES (5, 'five'), "
			      "(6, 'six');"));
}

/* ---- what SQLite cannot do ---- */

Test(render_sqlite, unsupported_objects_are_usage_errors)
{
	rt_schema *from = sq(), *to = sq();
	rt_vec changes = {0}, steps = {0}, stmts = {0};
	rt_error err = RT_ERROR_INIT;
	rt_sequence *seq =
	    rt_schema_new_object(to, RT_KIND_SEQUENCE, "main", "s", NULL);

	seq->type = "bigint";
	seq->start = seq->increment = seq->min = seq->cache = 1;
	seq->max = INT64_MAX;
	cr_assert_eq(rt_diff(&changes, arena, from, to, &err), 0, "%s",
		     err.msg);
	cr_assert_eq(rt_plan(&steps, arena, &changes, &err), 0, "%s", err.msg);
	cr_expect_eq(rt_render_between(&stmts, arena, RT_DIALECT_SQLITE, &steps,
				       from, to, &err),
		     -1);
	cr_expect_eq(err.code, RT_EUSAGE);
	cr_expect_str_eq(err.object, "main.s");
	cr_expect(strstr(err.msg, "SQLite cannot"), "%s", err.msg);

	/* another schema than main */
	from = sq();
	to = sq();
	rt_schema_new_object(to, RT_KIND_NAMESPACE, "aux", "aux", NULL);
	changes.len = steps.len = 0;
	rt_error_clear(&err);
	cr_assert_eq(rt_diff(&changes, arena, from, to, &err), 0);
	cr_assert_eq(rt_plan(&steps, arena, &changes, &err), 0);
	cr_expect_eq(rt_render(&stmts, arena, RT_DIALECT_SQLITE, &steps, &err),
		     -1);
	cr_expect_str_eq(err.object, "aux");
}

Test(render_sqlite, altering_a_table_needs_the_schemas)
{
	rt_schema *from = base(), *to = base();
	rt_vec changes = {0}, steps = {0}, stmts = {0};
	rt_error err = RT_ERROR_INIT;

	rt_table_find_column(find(to, "child"), "qty")->type.name = "TEXT";
	cr_assert_eq(rt_diff(&changes, arena, from, to, &err), 0);
	cr_assert_eq(rt_plan(&steps, arena, &changes, &err), 0);
	cr_expect_eq(rt_render(&stmts, arena, RT_DIALECT_SQLITE, &steps, &err),
		     -1);
	cr_expect_eq(err.code, RT_EUSAGE);
	cr_expect_str_eq(err.object, "main.child");
}

Test(render_sqlite, down_migration_is_the_inverse)
{
	rt_schema *from = base(), *to = base();
	rt_vec changes = {0}, down = {0}, steps = {0}, stmts = {0};
	rt_error err = RT_ERROR_INIT;
	const char *why = NULL;
	sqlite3 *db;

	rt_table_find_column(find(to, "child"), "qty")->type.name = "TEXT";
	col(to, find(to, "parent"), "x", "INTEGER", false, "3");
	db = migrate(NULL, from, to, rows);
	cr_assert_eq(rt_diff(&changes, arena, from, to, &err), 0);
	rt_diff_invert(&down, arena, &changes);
	cr_assert_eq(rt_plan(&steps, arena, &down, &err), 0);
	cr_assert_eq(rt_render_between(&stmts, arena, RT_DIALECT_SQLITE, &steps,
				       to, from, &err),
		     0, "%s", err.msg);
	cr_assert(apply(db, &stmts, &why), "%s", why);
	{
		sqlite3 *fresh = db_of(from, NULL);
		cr_expect_str_eq(describe(db), describe(fresh));
		sqlite3_close(fresh);
	}
	cr_expect_str_eq(query(db, "SELECT * FROM child ORDER BY id"),
			 child_rows);
	sqlite3_close(db);
}

Test(render_sqlite, drop_tables_that_reference_each_other)
{
	rt_schema *from = base(), *to = sq();
	rt_vec v;
	sqlite3 *db;

	fk(from, find(from, "parent"), "parent_id_fkey", "id", "child", "id",
	   'a');
	db = migrate(&v, from, to, NULL);
	cr_expect_str_eq(script(&v),
			 "DROP TABLE main.child;\n\nDROP TABLE main.parent;\n");
	sqlite3_close(db);
}

Test(render_sqlite, keywords_are_quoted)
{
	for (int i = 0; i < sqlite3_keyword_count(); i++) {
		const char *z;
		int n;
		char word[64];
		rt_buf b = RT_BUF_INIT;

		cr_assert_eq(sqlite3_keyword_name(i, &z, &n), SQLITE_OK);
		cr_assert_lt(n, (int)sizeof(word));
		for (int j = 0; j < n; j++)
			word[j] = (char)tolower((unsigned char)z[j]);
		word[n] = '\0';
		rt_buf_add_ident(&b, RT_DIALECT_SQLITE, word);
		cr_expect_eq(b.data[0], '"', "%s", word);
		rt_buf_release(&b);
	}
}

Test(render_sqlite, generated_columns_rebuild)
{
	rt_schema *from = base(), *to = base();
	rt_column *g;
	rt_vec v;
	sqlite3 *db;

	/* SQLite cannot ADD a STORED generated column */
	g = col(to, find(to, "child"), "twice", "INTEGER", false, NULL);
	g->generated = expr("qty * 2");
	db = rebuild_child(&v, from, to);
	cr_expect_str_eq(query(db, "SELECT id, twice FROM child ORDER BY id"),
			 "10|2\n11|4\n12|0\n13|NULL\n");
	sqlite3_close(db);
	/* nor DROP one: rebuilt again, the rows stay */
	db = rebuild_child(&v, to, base());
	cr_expect_str_eq(query(db, "SELECT * FROM child ORDER BY id"),
			 child_rows);
	sqlite3_close(db);
}

Test(render_sqlite, drop_column_another_table_references)
{
	rt_schema *from = base(), *to = base();
	rt_vec v;
	sqlite3 *db;

	/* child.code references parent.code: parent is rebuilt, not
	 * ALTERed, since SQLite refuses to drop a referenced column */
	col(from, find(from, "parent"), "code", "TEXT", false, NULL);
	con(from, find(from, "parent"), "parent_code_key", RT_CON_UNIQUE,
	    "code");
	col(from, find(from, "child"), "code", "TEXT", false, NULL);
	col(to, find(to, "child"), "code", "TEXT", false, NULL);
	fk(from, find(from, "child"), "child_code_fkey", "code", "parent",
	   "code", 'a');
	db = migrate(&v, from, to,
		     "INSERT INTO parent VALUES (1, 'one', 'x');"
		     "INSERT INTO child VALUES (10, 1, 'a', 1, 'x');");
	cr_expect_eq(count(&v, "ALTER TABLE main.parent DROP COLUMN"), 0);
	cr_expect_eq(REBUILDS(v), 2, "%s", script(&v));
	cr_expect_str_eq(query(db, "SELECT * FROM parent"), "1|one\n");
	cr_expect_str_eq(query(db, "SELECT * FROM child"), "10|1|a|1|x\n");
	sqlite3_close(db);
}

/* a foreign key naming the referenced table in another case, with no
 * column list (the primary key): the column dropped from that table is
 * rebuilt, as SQLite's DROP COLUMN would refuse; FROM's foreign keys are
 * listed by table with the name folded as strcasecmp does */
Test(render_sqlite, drop_column_referenced_in_another_case)
{
	rt_schema *from = base(), *to = base();
	rt_vec v;
	sqlite3 *db;

	col(from, find(from, "parent"), "extra", "TEXT", false, NULL);
	fk(from, find(from, "child"), "child_qty_fkey", "qty", "PaRent", "",
	   'a');
	fk(to, find(to, "child"), "child_qty_fkey", "qty", "PaRent", "", 'a');
	db = migrate(&v, from, to,
		     "INSERT INTO parent VALUES (1, 'one', 'e');"
		     "INSERT INTO child VALUES (10, 1, 'a', 1);");
	cr_expect_eq(count(&v, "DROP COLUMN"), 0, "%s", script(&v));
	cr_expect_eq(REBUILDS(v), 1, "%s", script(&v));
	cr_expect_str_eq(query(db, "SELECT * FROM parent"), "1|one\n");
	sqlite3_close(db);
}

/* The renames as `retort diff --rename` carries them out (cli/rename.c):
 * their changes first, from renamed in place, what follows them, then
 * the rest of the diff. */
static rt_vec render_renamed(rt_schema *from, rt_schema *to,
			     const rt_vec *asked)
{
	rt_vec renames = {0}, follow = {0}, changes = {0}, steps = {0},
	       stmts = {0};
	rt_error err = RT_ERROR_INIT;

	rt_schema_finish(from);
	rt_schema_finish(to);
	cr_assert_eq(rt_diff_renames(&renames, arena, from, to, asked, &err), 0,
		     "%s", err.msg);
	rt_diff_rename_changes(&changes, arena, from, to, &renames);
	for (size_t i = 0; i < renames.len; i++) {
		const rt_rename *r = renames.items[i];
		cr_assert_eq(rt_load_rename(from, r->kind, r->schema, r->table,
					    r->name, r->new_name, &err),
			     0, "%s", err.msg);
	}
	rt_diff_follow_renames(&follow, arena, from, to, &renames);
	rt_diff_rename_changes(&changes, arena, from, to, &follow);
	for (size_t i = 0; i < follow.len; i++) {
		const rt_rename *r = follow.items[i];
		cr_assert_eq(rt_load_rename(from, r->kind, r->schema, r->table,
					    r->name, r->new_name, &err),
			     0, "%s", err.msg);
	}
	cr_assert_eq(rt_diff(&changes, arena, from, to, &err), 0, "%s",
		     err.msg);
	cr_assert_eq(rt_plan(&steps, arena, &changes, &err), 0, "%s", err.msg);
	cr_assert_eq(rt_render_between(&stmts, arena, RT_DIALECT_SQLITE, &steps,
				       from, to, &err),
		     0, "%s", err.msg);
	return stmts;
}

static rt_rename *rename_req(rt_kind kind, const char *table, const char *name,
			     const char *new_name)
{
	rt_rename *r = RT_NEW(arena, rt_rename);
	r->kind = kind;
	r->schema = "main";
	r->table = table;
	r->name = name;
	r->new_name = new_name;
	return r;
}

Test(render_sqlite, renames)
{
	rt_schema *from = base(), *to = sq(), *db_side = base();
	rt_table *m = tab(to, "mother"), *c = tab(to, "child");
	rt_vec asked = {0}, v;
	sqlite3 *db, *fresh;
	const char *why = NULL;

	/* parent becomes mother, its name column label, the keys follow;
	 * child's column note becomes remark (indexed: the index follows) */
	col(to, m, "id", "INTEGER", false, NULL);
	col(to, m, "label", "TEXT", true, NULL);
	con(to, m, "mother_pkey", RT_CON_PRIMARY, "id");
	con(to, m, "mother_label_key", RT_CON_UNIQUE, "label");
	col(to, c, "id", "INTEGER", false, NULL);
	col(to, c, "parent_id", "INTEGER", false, NULL);
	col(to, c, "remark", "VARCHAR(20)", false, "'n/a'");
	col(to, c, "qty", "INTEGER", false, NULL);
	con(to, c, "child_pkey", RT_CON_PRIMARY, "id");
	fk(to, c, "child_parent_id_fkey", "parent_id", "mother", "id", 'c');
	con(to, c, "child_qty_check", RT_CON_CHECK, "qty >= 0");
	idx(to, "child_remark_idx", "child", false,
	    "CREATE INDEX child_remark_idx ON child (remark)");
	unmanaged(from, "view main.names",
		  "CREATE VIEW names AS SELECT name FROM parent");
	unmanaged(db_side, "view main.names",
		  "CREATE VIEW names AS SELECT name FROM parent");
	unmanaged(to, "view main.names",
		  "CREATE VIEW names AS SELECT label AS name FROM mother");
	rt_vec_push(&asked, arena,
		    rename_req(RT_KIND_COLUMN, "parent", "name", "label"));
	rt_vec_push(&asked, arena,
		    rename_req(RT_KIND_COLUMN, "child", "note", "remark"));
	rt_vec_push(&asked, arena,
		    rename_req(RT_KIND_TABLE, NULL, "parent", "mother"));
	rt_schema_finish(db_side);
	v = render_renamed(from, to, &asked);
	cr_expect_eq(count(&v, "ALTER TABLE main.parent RENAME COLUMN name "
			       "TO label"),
		     1, "%s", script(&v));
	cr_expect_eq(count(&v, "ALTER TABLE main.child RENAME COLUMN note "
			       "TO remark"),
		     1);
	cr_expect_eq(count(&v, "ALTER TABLE main.parent RENAME TO mother"), 1);
	/* the keys' names are in CREATE TABLE only: mother is rebuilt */
	cr_expect_eq(REBUILDS(v), 1, "%s", script(&v));
	cr_expect_eq(count(&v, "DROP INDEX main.child_note_idx"), 1);
	db = db_of(db_side, rows);
	cr_assert(apply(db, &v, &why), "%s", why);
	fresh = db_of(to, NULL);
	cr_expect_str_eq(describe(db), describe(fresh));
	cr_expect_str_eq(query(db, "SELECT * FROM mother ORDER BY id"),
			 "1|one\n2|two\n");
	cr_expect_str_eq(query(db, "SELECT * FROM child ORDER BY id"),
			 child_rows);
	cr_expect_str_eq(query(db, "SELECT * FROM names ORDER BY 1"),
			 "one\ntwo\n");
	sqlite3_close(fresh);
	sqlite3_close(db);
}

Test(render_sqlite, table_options_and_virtual_columns)
{
	rt_schema *from = base(), *to = base();
	rt_table *kv;
	rt_column *g;
	rt_vec v;
	sqlite3 *db;

	/* AUTOINCREMENT on parent on both sides, added WITHOUT ROWID and
	 * STRICT on kv: rebuilt, the counter kept */
	for (int i = 0; i < 2; i++) {
		rt_schema *s = i ? to : from;
		rt_vec_push(&find(s, "parent")->options, arena,
			    (void *)"autoincrement");
		rt_table_find_column(find(s, "parent"), "name")->type.name =
		    i ? "VARCHAR(9)" : "TEXT";
		kv = tab(s, "kv");
		col(s, kv, "k", "TEXT", true, NULL);
		col(s, kv, "v", "INTEGER", false, NULL);
		con(s, kv, "kv_pkey", RT_CON_PRIMARY, "k");
	}
	rt_vec_push(&kv->options, arena, (void *)"without_rowid");
	rt_vec_push(&kv->options, arena, (void *)"strict");
	/* a VIRTUAL generated column is added in place */
	g = col(to, find(to, "child"), "twice", "INTEGER", false, NULL);
	g->generated = expr("qty * 2");
	g->generated->key = "QTY * 2 VIRTUAL";
	db = migrate(&v, from, to,
		     "INSERT INTO parent VALUES (1, 'one'), (7, 'seven');"
		     "DELETE FROM parent WHERE id = 7;"
		     "INSERT INTO kv VALUES ('a', 1);");
	cr_expect_eq(REBUILDS(v), 2, "%s", script(&v));
	cr_expect_eq(count(&v, "ALTER TABLE main.child ADD COLUMN twice "
			       "INTEGER GENERATED ALWAYS AS (qty * 2) VIRTUAL"),
		     1, "%s", script(&v));
	cr_expect_str_eq(query(db, "SELECT * FROM sqlite_sequence"),
			 "parent|7\n");
	exec(db, "INSERT INTO parent (name) VALUES ('next')");
	cr_expect_str_eq(query(db, "SELECT id FROM parent WHERE name = 'next'"),
			 "8\n");
	cr_expect_str_eq(query(db, "SELECT * FROM kv"), "a|1\n");
	cr_expect_neq(sqlite3_exec(db, "INSERT INTO kv VALUES ('b', 'x')", NULL,
				   NULL, NULL),
		      SQLITE_OK);
	sqlite3_close(db);
}
