/* SPDX-License-Identifier: MIT */
/*
 * The binary schema form (snap.c): every schema of the data cases
 * (tests/cases, tests/data, and the migra corpus when it is there) and a
 * set of SQLite schemas written and read back gives the same JSON, the
 * same dependency edges, ids and places, the same strings shared (an
 * index's table name is its table's); a body cut short anywhere, or of
 * another version, is refused; bytes changed anywhere never crash the
 * reader.
 */
#include "base/common.h"
#include "base/buf.h"
#include "load/load.h"
#include "schema/kind.h"
#include "schema/schema.h"
#include "schema/snap.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <sqlite3.h>
#include <stdlib.h>

static rt_arena *A;
static rt_error err;

static void setup(void)
{
	A = rt_arena_new();
	rt_error_clear(&err);
}

static void teardown(void)
{
	rt_arena_free(A);
	rt_load_shutdown();
}

TestSuite(snap, .init = setup, .fini = teardown);

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	rt_buf b = RT_BUF_INIT;
	char chunk[4096];
	size_t n;
	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rt_buf_add(&b, chunk, n);
	fclose(f);
	return rt_buf_detach_arena(&b, A);
}

static char *json_of(const rt_schema *s)
{
	rt_buf b = RT_BUF_INIT;
	rt_schema_json(&b, s);
	return rt_buf_detach_arena(&b, A);
}

/* Every object with its id, place and edges (ids of the targets), in
 * list order: what the JSON does not show. */
static void dump_list(rt_buf *b, const rt_vec *v)
{
	for (size_t i = 0; i < v->len; i++) {
		const rt_object *o = v->items[i];
		rt_buf_addf(b, "%u %d %s %s.%s %s:%d ->", o->id, o->kind,
			    o->owner ? o->owner->name : "-", o->schema, o->name,
			    o->src_file ? o->src_file : "-", o->src_line);
		for (size_t j = 0; j < o->deps.len; j++)
			rt_buf_addf(b, " %u",
				    ((const rt_object *)o->deps.items[j])->id);
		rt_buf_addch(b, '\n');
	}
}

static char *facts_of(rt_schema *s)
{
	rt_buf b = RT_BUF_INIT;
	rt_buf_addf(&b, "next %u dialect %d\n", s->next_id, (int)s->dialect);
	for (rt_kind k = 0; k < RT_KIND_UNMANAGED; k++) {
		const rt_kind_ops *ops = rt_kind_get(k);
		if (ops->scope != RT_SCOPE_OWNER) {
			dump_list(&b, rt_kind_list(ops, s, NULL));
			continue;
		}
		for (size_t t = 0; t < s->tables.len; t++)
			dump_list(&b, rt_kind_list(ops, s, s->tables.items[t]));
	}
	for (size_t i = 0; i < s->unmanaged.len; i++) {
		const rt_unmanaged *u = s->unmanaged.items[i];
		rt_buf_addf(&b, "unmanaged %s %s:%d:%d %d %s\n", u->what,
			    u->file ? u->file : "-", u->line, u->col, u->data,
			    u->sql ? u->sql : "-");
	}
	return rt_buf_detach_arena(&b, A);
}

/* How many tables' names are the very string n (0 for NULL). */
static size_t sharing(const rt_schema *s, const char *n)
{
	size_t k = 0;
	for (size_t i = 0; n && i < s->tables.len; i++)
		k += ((const rt_table *)s->tables.items[i])->name == n;
	return k;
}

/* Which references share their table's name string (the SQL loader
 * compares them as pointers when it continues a replay): indexes,
 * owned sequences, foreign keys and policies; and with how many tables
 * each index's does (one: twins in two schemas have two strings). */
static char *aliases_of(const rt_schema *s)
{
	rt_buf b = RT_BUF_INIT;
	for (size_t i = 0; i < s->indexes.len; i++)
		rt_buf_addf(&b, "%zu ",
			    sharing(s, ((const rt_index *)s->indexes.items[i])
					   ->table.name));
	for (size_t i = 0; i < s->indexes.len; i++) {
		const rt_index *x = s->indexes.items[i];
		const rt_table *t =
		    rt_schema_find_table(s, x->table.schema, x->table.name);
		rt_buf_addch(&b, t && t->name == x->table.name ? 'I' : 'i');
	}
	for (size_t i = 0; i < s->sequences.len; i++) {
		const rt_sequence *q = s->sequences.items[i];
		const rt_table *t =
		    q->owned_by_table.name
			? rt_schema_find_table(s, q->owned_by_table.schema,
					       q->owned_by_table.name)
			: NULL;
		rt_buf_addch(&b, t && t->name == q->owned_by_table.name ? 'S'
									: 's');
	}
	for (size_t i = 0; i < s->tables.len; i++) {
		const rt_table *t = s->tables.items[i];
		for (size_t j = 0; j < t->constraints.len; j++) {
			const rt_constraint *c = t->constraints.items[j];
			const rt_table *r =
			    c->ref_table.name
				? rt_schema_find_table(s, c->ref_table.schema,
						       c->ref_table.name)
				: NULL;
			rt_buf_addch(
			    &b, r && r->name == c->ref_table.name ? 'F' : 'f');
		}
	}
	for (size_t i = 0; i < s->policies.len; i++) {
		const rt_policy *p = s->policies.items[i];
		rt_buf_addch(&b, p->owner && p->owner->name == p->table.name
				     ? 'P'
				     : 'p');
	}
	return rt_buf_detach_arena(&b, A);
}

/* s written and read back: the same JSON, facts and shared strings; and
 * every object is found again through the index. */
static void round_trip(const char *what, rt_schema *s)
{
	rt_buf b = RT_BUF_INIT;
	rt_schema *back = NULL;
	cr_assert(rt_snap_write(&b, s, NULL), "%s: not written", what);
	cr_assert_eq(rt_snap_read(&back, A, b.data, b.len, NULL, &err), 0,
		     "%s: %s", what, err.msg);
	back->source = s->source;
	cr_expect_str_eq(json_of(back), json_of(s), "%s: JSON differs", what);
	cr_expect_str_eq(facts_of(back), facts_of(s), "%s: facts differ", what);
	cr_expect_str_eq(aliases_of(back), aliases_of(s),
			 "%s: shared strings differ", what);
	for (size_t i = 0; i < back->tables.len; i++) {
		rt_table *t = back->tables.items[i];
		cr_expect_eq(rt_schema_find_table(back, t->schema, t->name), t,
			     "%s: %s not indexed", what, t->name);
	}
	rt_buf_release(&b);
}

/* The SQL files name[] of every folder under root. */
static size_t each_sql(const char *root, const char *const *names)
{
	DIR *d = opendir(root);
	struct dirent *de;
	size_t n = 0;
	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		for (size_t i = 0; names[i]; i++) {
			const char *p = rt_arena_printf(A, "%s/%s/%s", root,
							de->d_name, names[i]);
			char *text = read_all(p);
			rt_schema *s = NULL;
			if (!text || rt_load_sql_text(&s, A, p, text, &err) < 0)
				continue; /* not loadable alone */
			round_trip(p, s);
			n++;
		}
	}
	closedir(d);
	return n;
}

Test(snap, every_case_schema_round_trips, .timeout = 120)
{
	static const char *const ab[] = {"a.sql", "b.sql", NULL};
	static const char *const ft[] = {"from.sql", "to.sql", NULL};
	const char *corpus = getenv("RETORT_CORPUS");
	size_t n = each_sql("cases", ab);
	cr_expect_gt(n, 200, "tests/cases: %zu schemas", n);
	n = each_sql("data", ft);
	cr_expect_gt(n, 40, "tests/data: %zu schemas", n);
	/* the migra corpus beside the repository (tests/e2e's find_corpus) */
	const char *migra = rt_arena_printf(
	    A, "%s/migra", corpus ? corpus : "../../shared/corpus");
	DIR *d = opendir(migra);
	if (d) {
		closedir(d);
		n = each_sql(migra, ab);
		cr_expect_gt(n, 40, "%s: %zu schemas", migra, n);
	}
}

/* SQLite schemas, as the migrations of a SQLite project load them. */
static rt_schema *sqlite_schema(const char *sql)
{
	sqlite3 *db = NULL;
	rt_schema *s = NULL;
	cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK, "%s",
		     sqlite3_errmsg(db));
	cr_assert_eq(rt_load_sqlite_db(&s, A, db, "mem", &err), 0, "%s",
		     err.msg);
	sqlite3_close(db);
	return s;
}

Test(snap, sqlite_schemas_round_trip)
{
	static const char *const sqls[] = {
	    "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, "
	    "name VARCHAR(20) NOT NULL DEFAULT 'x' COLLATE NOCASE, "
	    "n NUMERIC(10,2) CHECK (n > 0), UNIQUE (name));",
	    "CREATE TABLE p (id INTEGER PRIMARY KEY);"
	    "CREATE TABLE c (id INTEGER PRIMARY KEY, "
	    "p_id INTEGER REFERENCES p (id) ON DELETE CASCADE);"
	    "CREATE INDEX c_p ON c (p_id DESC);"
	    "CREATE UNIQUE INDEX c_low ON c (lower(id)) WHERE id > 3;"
	    "CREATE VIEW v AS SELECT id FROM c;"
	    "CREATE TRIGGER t AFTER INSERT ON c BEGIN SELECT 1; END;",
	    "CREATE TABLE g (a INT, b INT GENERATED ALWAYS AS (a * 2) "
	    "STORED, c TEXT, PRIMARY KEY (a, c)) WITHOUT ROWID;",
	    NULL};
	for (size_t i = 0; sqls[i]; i++)
		round_trip(sqls[i], sqlite_schema(sqls[i]));
}

static rt_buf small_body(void)
{
	rt_schema *s = NULL;
	rt_buf b = RT_BUF_INIT;
	cr_assert_eq(rt_load_sql_text(
			 &s, A, "x.sql",
			 "CREATE TABLE a (id int PRIMARY KEY, n text "
			 "DEFAULT lower('X') CHECK (n <> ''));\n"
			 "CREATE TABLE b (a_id int REFERENCES a);\n"
			 "CREATE VIEW v AS SELECT id FROM a;\n"
			 "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql "
			 "RETURN x + 1;\n"
			 "CREATE TRIGGER t AFTER INSERT ON a FOR EACH ROW "
			 "EXECUTE FUNCTION g();\n",
			 &err),
		     0, "%s", err.msg);
	cr_assert(rt_snap_write(&b, s, NULL));
	return b;
}

Test(snap, a_body_cut_short_anywhere_is_refused)
{
	rt_buf b = small_body();
	for (size_t len = 0; len < b.len; len++) {
		rt_schema *s = NULL;
		rt_error e = RT_ERROR_INIT;
		/* a copy of exactly len bytes, so that reading past it is
		 * caught by the sanitizers too */
		char *cut = malloc(len ? len : 1);
		memcpy(cut, b.data, len);
		cr_expect_eq(rt_snap_read(&s, A, cut, len, NULL, &e), -1,
			     "%zu of %zu bytes read", len, b.len);
		cr_expect_eq(e.code, RT_EINPUT);
		free(cut);
	}
	rt_buf_release(&b);
}

Test(snap, bytes_changed_anywhere_never_crash)
{
	rt_buf b = small_body();
	size_t refused = 0;
	for (size_t i = 0; i < b.len; i++) {
		for (int x = 1; x < 256; x <<= 2) {
			rt_schema *s = NULL;
			rt_error e = RT_ERROR_INIT;
			b.data[i] ^= (char)x;
			if (rt_snap_read(&s, A, b.data, b.len, NULL, &e) < 0)
				refused++;
			b.data[i] ^= (char)x;
		}
	}
	/* most changes break a count, a string number or a reference */
	cr_expect_gt(refused, b.len);
	rt_buf_release(&b);
}

Test(snap, another_version_is_refused)
{
	rt_buf b = small_body();
	rt_schema *s = NULL;
	b.data[8] = RT_SNAP_VERSION + 1; /* the version after the magic */
	cr_expect_eq(rt_snap_read(&s, A, b.data, b.len, NULL, &err), -1);
	cr_expect_not_null(strstr(err.msg, "format"), "%s", err.msg);
	rt_buf_release(&b);
}

Test(snap, places_under_dir_follow_its_spelling)
{
	rt_schema *s = NULL, *back = NULL;
	rt_buf b = RT_BUF_INIT;
	cr_assert_eq(rt_load_sql_text(&s, A, "mig/0001_a.sql",
				      "CREATE TABLE a (id int);\n"
				      "CREATE VIEW v AS SELECT id FROM a;\n"
				      "INSERT INTO a VALUES (1);\n",
				      &err),
		     0, "%s", err.msg);
	cr_assert_gt(s->unmanaged.len, 0);
	cr_assert(rt_snap_write(&b, s, "mig"));
	cr_assert_eq(rt_snap_read(&back, A, b.data, b.len, "./mig/", &err), 0,
		     "%s", err.msg);
	rt_view *v = back->views.items[0];
	cr_expect_str_eq(v->src_file, "./mig//0001_a.sql");
	cr_expect_str_eq(((rt_unmanaged *)back->unmanaged.items[0])->file,
			 "./mig//0001_a.sql");
	rt_buf_release(&b);
}
