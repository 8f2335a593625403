/* SPDX-License-Identifier: MIT */
/*
 * The migrations folder as a source (rt_load_migrations): a replay gives
 * the schema of the concatenated SQL, a replay resumed from the snapshot
 * gives the schema of a replay from scratch (over every data case), the
 * snapshot is used only when its files are a prefix with equal hashes,
 * anything else rebuilds, and errors name the migration file's line:col.
 * Each test works in its own temporary folder.
 */
#include "base/common.h"
#include "base/buf.h"
#include "load/load.h"
#include "migdir/migdir.h"
#include "schema/kind.h"
#include "schema/schema.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

static rt_arena *A;
static char dir[64];
static rt_error err;

static void setup(void)
{
	A = rt_arena_new();
	rt_error_clear(&err);
	snprintf(dir, sizeof(dir), "/tmp/rt-migsrc-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
	rt_arena_free(A);
	rt_load_shutdown();
}

TestSuite(load_migrations, .init = setup, .fini = teardown);

static const char *at(const char *name)
{
	return rt_arena_printf(A, "%s/%s", dir, name);
}

static void put_file(const char *name, const char *text)
{
	FILE *f = fopen(at(name), "wb");
	cr_assert_not_null(f, "%s", name);
	fputs(text, f);
	fclose(f);
}

static char *read_all(const char *path, size_t *len)
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
	if (len)
		*len = b.len;
	return rt_buf_detach_arena(&b, A);
}

static const char *snapshot_path(void)
{
	return at(RT_LOAD_SNAPSHOT_DIR "/" RT_LOAD_SNAPSHOT_FILE);
}

/* Replays dir (through upto) with or without the snapshot. */
static rt_schema *replay(uint64_t upto, bool snap, rt_load_migrations_stats *st)
{
	rt_schema *s = NULL;
	rt_load_migrations_opts o = {
	    .dialect = RT_DIALECT_PG, .use_snapshot = snap, .stats = st};
	int rc = rt_load_migrations(&s, A, dir, upto, &o, &err);
	cr_assert_eq(rc, 0, "replay failed: %s:%d:%d: %s", err.file, err.line,
		     err.col, err.msg);
	cr_assert_not_null(s);
	return s;
}

static rt_error *replay_err(void)
{
	rt_schema *s = NULL;
	rt_load_migrations_opts o = {.use_snapshot = true};
	cr_assert_eq(rt_load_migrations(&s, A, dir, 0, &o, &err), -1,
		     "replay should have failed");
	cr_assert_null(s);
	return &err;
}

static char *json_of(const rt_schema *s)
{
	rt_buf b = RT_BUF_INIT;
	rt_schema_json(&b, s);
	return rt_buf_detach_arena(&b, A);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(x, y); /* rt_vec_sort passes the items */
}

static const char *label(const rt_object *o)
{
	return rt_arena_printf(A, "%s %s.%s%s%s", rt_kind_get(o->kind)->name,
			       o->schema, o->owner ? o->owner->name : "",
			       o->owner ? "." : "", o->name);
}

static void dump_list(rt_buf *b, const rt_vec *v)
{
	for (size_t i = 0; i < v->len; i++) {
		const rt_object *o = v->items[i];
		rt_vec deps = {0};
		for (size_t j = 0; j < o->deps.len; j++)
			rt_vec_push(&deps, A, (void *)label(o->deps.items[j]));
		rt_vec_sort(&deps, cmp_str);
		rt_buf_addf(b, "%s ->", label(o));
		for (size_t j = 0; j < deps.len; j++)
			rt_buf_addf(b, " [%s]", (const char *)deps.items[j]);
		rt_buf_addch(b, '\n');
	}
}

/* Every object's dependency edges as text: the JSON does not show them. */
static char *deps_of(rt_schema *s)
{
	rt_buf b = RT_BUF_INIT;
	for (rt_kind k = 0; k < RT_KIND_UNMANAGED; k++) {
		const rt_kind_ops *ops = rt_kind_get(k);
		if (ops->scope != RT_SCOPE_OWNER) {
			dump_list(&b, rt_kind_list(ops, s, NULL));
			continue;
		}
		for (size_t t = 0; t < s->tables.len; t++)
			dump_list(&b, rt_kind_list(ops, s, s->tables.items[t]));
	}
	return rt_buf_detach_arena(&b, A);
}

/* The JSON with the unmanaged objects' places and the source left out:
 * what a replay and the concatenated file must agree on. */
static char *json_placeless(rt_schema *s)
{
	for (size_t i = 0; i < s->unmanaged.len; i++) {
		rt_unmanaged *u = s->unmanaged.items[i];
		u->file = "f";
		u->line = 0;
		u->col = 0;
	}
	s->source = "x";
	rt_schema_sort(s);
	return json_of(s);
}

/* ---- equivalence over the data cases ------------------------------------ */

/* text split at statement boundaries into three migration files (one
 * when a session setting or a pg_dump owner pair could straddle files). */
static void write_split(const char *text, size_t *nfiles)
{
	rt_vec pieces = {0};
	cr_assert_eq(
	    rt_load_split(&pieces, A, "x.sql", text, strlen(text), &err), 0,
	    "%s", err.msg);
	bool one = strstr(text, "search_path") || strstr(text, "REVOKE ALL");
	size_t parts = one ? 1 : 3, n = pieces.len;
	for (size_t p = 0; p < parts; p++) {
		rt_buf b = RT_BUF_INIT;
		rt_buf_adds(&b, "-- +up\n");
		for (size_t i = p * n / parts; i < (p + 1) * n / parts; i++)
			rt_buf_adds(&b,
				    ((rt_load_piece *)pieces.items[i])->text);
		rt_buf_adds(&b, "\n");
		put_file(rt_arena_printf(A, "%04zu_part.sql", p + 1), b.data);
		rt_buf_release(&b);
	}
	*nfiles = parts;
}

static void clear_dir(void)
{
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'/* '%s'/.retort", dir, dir);
	cr_assert_eq(system(cmd), 0);
}

/* One SQL text: the replay equals the concatenation, and a replay
 * resumed from a snapshot of the first files equals one from scratch. */
static size_t resumed; /* texts checked in more than one file */

static void check_text(const char *what, const char *text)
{
	rt_schema *whole = NULL, *cold, *warm;
	rt_load_migrations_stats st;
	size_t n;
	char *cold_json, *cold_deps;
	const char *last;
	bool stateful = strstr(text, "DEFAULT PRIVILEGES") ||
			strstr(text, "OWNER TO") ||
			strstr(text, "AUTHORIZATION");

	if (rt_load_sql_text(&whole, A, "x.sql", text, &err) < 0)
		return; /* not loadable alone: nothing to compare */
	clear_dir();
	write_split(text, &n);
	cold = replay(0, false, &st);
	cr_expect_eq(st.parsed, n, "%s", what);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_OFF);
	cold_json = json_of(cold);
	cold_deps = deps_of(cold);
	cr_expect_str_eq(json_placeless(cold), json_placeless(whole),
			 "%s: replay differs from the concatenation", what);
	if (n < 2)
		return;
	resumed++;

	/* a snapshot of the first files, then the last one added */
	last = rt_arena_printf(A, "%04zu_part.sql", n);
	char *last_text = read_all(at(last), NULL);
	cr_assert_eq(unlink(at(last)), 0);
	(void)replay(0, true, &st);
	cr_expect_eq(st.written, !stateful, "%s: snapshot written", what);
	put_file(last, last_text);
	warm = replay(0, true, &st);
	if (!stateful) {
		cr_expect_eq(st.snapshot, RT_SNAPSHOT_PREFIX, "%s", what);
		cr_expect_eq(st.cached, n - 1, "%s", what);
		cr_expect_eq(st.parsed, 1, "%s", what);
	}
	cr_expect_str_eq(json_of(warm), cold_json, "%s: resumed replay differs",
			 what);
	cr_expect_str_eq(deps_of(warm), cold_deps,
			 "%s: resumed replay's graph differs", what);

	/* and all of it from the snapshot */
	warm = replay(0, true, &st);
	if (!stateful) {
		cr_expect_eq(st.snapshot, RT_SNAPSHOT_HIT, "%s", what);
		cr_expect_eq(st.parsed, 0, "%s", what);
	}
	cr_expect_str_eq(json_of(warm), cold_json, "%s: hit differs", what);
	cr_expect_str_eq(deps_of(warm), cold_deps, "%s: hit's graph differs",
			 what);
}

Test(load_migrations, every_data_case_replays_and_resumes_exactly,
     .timeout = 120)
{
	DIR *d = opendir("data");
	struct dirent *de;
	size_t cases = 0;
	cr_assert_not_null(d, "run from tests/");
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		static const char *const sides[] = {"from.sql", "to.sql"};
		for (size_t i = 0; i < 2; i++) {
			const char *p = rt_arena_printf(A, "data/%s/%s",
							de->d_name, sides[i]);
			char *text = read_all(p, NULL);
			if (!text)
				continue;
			check_text(p, text);
			cases++;
		}
	}
	closedir(d);
	cr_expect_gt(cases, 40);
	cr_expect_gt(resumed, 30);
}

/* Statements that rename, drop and re-point what earlier files made: the
 * snapshot's graph and expressions must not keep the old names. */
Test(load_migrations, resumed_renames_and_drops_rebuild_the_graph)
{
	rt_load_migrations_stats st;
	put_file("0001_base.sql",
		 "-- +up\n"
		 "CREATE TABLE a (id int PRIMARY KEY, n int CHECK (n > 0));\n"
		 "CREATE TABLE b (id int, a_id int REFERENCES a);\n"
		 "CREATE INDEX b_a ON b (a_id);\n"
		 "CREATE VIEW v AS SELECT id, n FROM a;\n"
		 "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql "
		 "RETURN x + 1;\n"
		 "CREATE TABLE c (id int DEFAULT f(1));\n");
	(void)replay(0, true, &st);
	cr_assert(st.written);
	put_file("0002_change.sql",
		 "-- +up\n"
		 "DROP VIEW v;\n"
		 "ALTER TABLE a RENAME COLUMN n TO m;\n"
		 "ALTER TABLE b RENAME COLUMN a_id TO ref;\n"
		 "ALTER TABLE a RENAME TO aa;\n"
		 "ALTER TABLE c ALTER COLUMN id DROP DEFAULT;\n"
		 "DROP FUNCTION f(int);\n"
		 "CREATE VIEW w AS SELECT m FROM aa;\n");
	rt_schema *warm = replay(0, true, &st);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_PREFIX);
	cr_expect_eq(st.parsed, 1);
	char *wj = json_of(warm), *wd = deps_of(warm);
	rt_schema *cold = replay(0, false, &st);
	cr_expect_str_eq(wj, json_of(cold));
	cr_expect_str_eq(wd, deps_of(cold));
	cr_expect_null(strstr(wd, "view public.v"));
	cr_expect_null(strstr(wd, "function public.f"));
	cr_expect_not_null(strstr(wd, "view public.w -> [column public.aa.m]"),
			   "%s", wd);
}

/* Two tables of one name in two schemas, with indexes and owned
 * sequences: a move and a rename of one after the snapshot leave the
 * other's alone, as a replay from scratch does (the loader tells an
 * index's table by its name string; test_snap.c checks that the snapshot
 * shares exactly the strings the schema shared). */
Test(load_migrations, resumed_rename_of_a_twin_table)
{
	rt_load_migrations_stats st;
	put_file("0001_base.sql",
		 "-- +up\n"
		 "CREATE SCHEMA other;\n"
		 "CREATE TABLE a (id serial PRIMARY KEY, n int UNIQUE);\n"
		 "CREATE INDEX a_n ON a (n);\n"
		 "CREATE TABLE other.a (id serial PRIMARY KEY, n int "
		 "UNIQUE);\n"
		 "CREATE INDEX a_n ON other.a (n);\n");
	(void)replay(0, true, &st);
	cr_assert(st.written);
	put_file("0002_change.sql", "-- +up\n"
				    "CREATE SCHEMA third;\n"
				    "ALTER TABLE a SET SCHEMA third;\n"
				    "ALTER TABLE third.a RENAME TO b;\n"
				    "ALTER TABLE other.a ADD COLUMN m int;\n");
	rt_schema *warm = replay(0, true, &st);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_PREFIX);
	cr_expect_eq(st.parsed, 1);
	char *wj = json_of(warm), *wd = deps_of(warm);
	rt_schema *cold = replay(0, false, &st);
	cr_expect_str_eq(wj, json_of(cold));
	cr_expect_str_eq(wd, deps_of(cold));
	cr_expect_not_null(rt_schema_find_sequence(warm, "other", "a_id_seq"));
	cr_expect_not_null(rt_schema_find_sequence(warm, "third", "a_id_seq"));
}

/* ---- the snapshot's key -------------------------------------------------- */

static void three_files(void)
{
	put_file("0001_a.sql", "-- +up\nCREATE TABLE a (id int);\n");
	put_file("0002_b.sql", "-- +up\nCREATE TABLE b (id int);\n");
	put_file("0003_c.sql", "-- +up\nCREATE TABLE c (id int);\n");
}

Test(load_migrations, hit_parses_nothing)
{
	rt_load_migrations_stats st;
	three_files();
	rt_schema *cold = replay(0, true, &st);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_NONE);
	cr_expect_eq(st.files, 3);
	cr_expect_eq(st.parsed, 3);
	cr_expect_eq(st.cached, 0);
	cr_expect(st.written);
	rt_schema *warm = replay(0, true, &st);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_HIT);
	cr_expect_eq(st.parsed, 0);
	cr_expect_eq(st.cached, 3);
	cr_expect_not(st.written, "a hit is not written again");
	cr_expect_str_eq(json_of(warm), json_of(cold));
	cr_expect_str_eq(warm->source, dir);
	/* the folder is ignored by git, and listed by nobody */
	cr_expect_not_null(read_all(at(".retort/.gitignore"), NULL));
}

/* Hashes the caller already has are taken, by name at their place: a
 * wrong one makes the key differ (proof that the file was not hashed
 * again); one under another name is not used. */
Test(load_migrations, known_hashes_are_not_computed_again)
{
	rt_load_migrations_stats st;
	rt_schema *s = NULL;
	rt_vec known = {0};
	three_files();
	(void)replay(0, true, &st);
	static const char *const names[] = {"0001_a.sql", "0002_b.sql",
					    "0003_c.sql"};
	for (size_t i = 0; i < 3; i++) {
		rt_migdir_sum *k = RT_NEW(A, rt_migdir_sum);
		k->name = names[i];
		cr_assert_eq(rt_migdir_hash_file(k->hex, at(names[i]), &err),
			     0);
		rt_vec_push(&known, A, k);
	}
	rt_load_migrations_opts o = {.dialect = RT_DIALECT_PG,
				     .use_snapshot = true,
				     .stats = &st,
				     .known = &known};
	cr_assert_eq(rt_load_migrations(&s, A, dir, 0, &o, &err), 0);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_HIT);
	rt_migdir_sum *second = known.items[1];
	memset(second->hex, 'f', 64);
	cr_assert_eq(rt_load_migrations(&s, A, dir, 0, &o, &err), 0);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_STALE);
	/* the snapshot now says 'fff...' for 0002: a wrong hash given under
	 * another name is not taken, the file is hashed */
	second->name = "0002_other.sql";
	cr_assert_eq(rt_load_migrations(&s, A, dir, 0, &o, &err), 0);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_STALE);
	cr_assert_eq(rt_load_migrations(&s, A, dir, 0, &o, &err), 0);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_HIT);
}

Test(load_migrations, new_files_alone_are_parsed)
{
	rt_load_migrations_stats st;
	three_files();
	(void)replay(0, true, &st);
	put_file("0004_d.sql", "-- +up\nALTER TABLE a ADD COLUMN x int;\n");
	put_file("0005_e.sql", "-- +up\nDROP TABLE b;\n");
	rt_schema *s = replay(0, true, &st);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_PREFIX);
	cr_expect_eq(st.files, 5);
	cr_expect_eq(st.cached, 3);
	cr_expect_eq(st.parsed, 2);
	cr_expect(st.written);
	cr_expect_str_eq(json_of(s), json_of(replay(0, false, NULL)));
	cr_expect_null(rt_schema_find_table(s, "public", "b"));
	(void)replay(0, true, &st);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_HIT);
}

/* Replays with the snapshot after change() and expects a rebuild from
 * scratch that equals a replay without it, and a new snapshot. */
static void expect_rebuild(void (*change)(void), rt_load_snapshot_use why)
{
	rt_load_migrations_stats st;
	three_files();
	(void)replay(0, true, &st);
	cr_assert(st.written);
	change();
	rt_schema *s = replay(0, true, &st);
	cr_expect_eq(st.snapshot, why, "use %d, expected %d", st.snapshot, why);
	cr_expect_eq(st.cached, 0);
	cr_expect_eq(st.parsed, st.files);
	cr_expect(st.written);
	cr_expect_str_eq(json_of(s), json_of(replay(0, false, NULL)));
	(void)replay(0, true, &st);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_HIT, "rewritten");
}

static void edit_first(void)
{
	put_file("0001_a.sql", "-- +up\nCREATE TABLE a (id bigint);\n");
}

static void edit_comment(void)
{
	/* the same schema, other bytes: still a rebuild */
	put_file("0002_b.sql", "-- b\n-- +up\nCREATE TABLE b (id int);\n");
}

static void remove_middle(void)
{
	cr_assert_eq(unlink(at("0002_b.sql")), 0);
}

static void rename_one(void)
{
	cr_assert_eq(rename(at("0002_b.sql"), at("0002_bee.sql")), 0);
}

static void insert_before_last(void)
{
	cr_assert_eq(rename(at("0003_c.sql"), at("0009_c.sql")), 0);
	put_file("0004_x.sql", "-- +up\nCREATE TABLE x (id int);\n");
}

static void remove_last(void)
{
	cr_assert_eq(unlink(at("0003_c.sql")), 0);
}

Test(load_migrations, edited_file_rebuilds)
{
	expect_rebuild(edit_first, RT_SNAPSHOT_STALE);
}

Test(load_migrations, edited_bytes_rebuild_even_when_the_schema_is_equal)
{
	expect_rebuild(edit_comment, RT_SNAPSHOT_STALE);
}

Test(load_migrations, removed_file_rebuilds)
{
	expect_rebuild(remove_middle, RT_SNAPSHOT_STALE);
}

Test(load_migrations, renamed_file_rebuilds)
{
	expect_rebuild(rename_one, RT_SNAPSHOT_STALE);
}

Test(load_migrations, inserted_file_rebuilds)
{
	expect_rebuild(insert_before_last, RT_SNAPSHOT_STALE);
}

Test(load_migrations, removed_last_file_rebuilds)
{
	/* the snapshot lists more files than there are */
	expect_rebuild(remove_last, RT_SNAPSHOT_STALE);
}

/* Rewrites the snapshot with fn applied to its text. */
static void mangle(void (*fn)(rt_buf *b))
{
	size_t len;
	char *text = read_all(snapshot_path(), &len);
	rt_buf b = RT_BUF_INIT;
	cr_assert_not_null(text);
	rt_buf_add(&b, text, len);
	fn(&b);
	FILE *f = fopen(snapshot_path(), "wb");
	cr_assert_not_null(f);
	fwrite(b.data, 1, b.len, f);
	fclose(f);
	rt_buf_release(&b);
}

static void truncate_it(rt_buf *b)
{
	rt_buf_setlen(b, b->len - 10);
}

static void flip_body(rt_buf *b)
{
	/* a byte of the body changed: its hash no longer holds */
	char *p = strstr(b->data, "\nschema ");
	cr_assert_not_null(p);
	p = strchr(p + 1, '\n');
	cr_assert_not_null(p);
	cr_assert_lt((size_t)(p + 20 - b->data), b->len);
	p[20] ^= 0x20;
}

static void replace_line(rt_buf *b, const char *from, const char *to)
{
	char *p = strstr(b->data, from);
	cr_assert_not_null(p, "%s", from);
	char *nl = strchr(p, '\n');
	rt_buf r = RT_BUF_INIT;
	rt_buf_add(&r, b->data, (size_t)(p - b->data));
	rt_buf_adds(&r, to);
	rt_buf_adds(&r, nl);
	rt_buf_reset(b);
	rt_buf_add(b, r.data, r.len);
	rt_buf_release(&r);
}

static void newer_format(rt_buf *b)
{
	replace_line(b, "retort-snapshot ",
		     rt_arena_printf(A, "retort-snapshot %d",
				     RT_LOAD_SNAPSHOT_VERSION + 1));
}

static void other_dialect(rt_buf *b)
{
	replace_line(b, "dialect postgresql", "dialect sqlite");
}

static void other_build(rt_buf *b)
{
	replace_line(b, "build ", "build another");
}

static void garbage(rt_buf *b)
{
	rt_buf_reset(b);
	rt_buf_adds(b, "{\"not\": \"a snapshot\"}\n");
}

static void empty(rt_buf *b)
{
	rt_buf_reset(b);
}

/* The snapshot with body in place of its own, its count and hash right. */
static void put_body(rt_buf *b, const void *body, size_t len)
{
	char *s = strstr(b->data, "\nschema ");
	cr_assert_not_null(s);
	rt_buf_setlen(b, (size_t)(s - b->data) + 1);
	rt_buf r = RT_BUF_INIT;
	rt_buf_add(&r, b->data, b->len);
	char hex[65];
	rt_migdir_hash_text(hex, body, len);
	rt_buf_addf(&r, "schema %zu %s\n", len, hex);
	rt_buf_add(&r, body, len);
	rt_buf_reset(b);
	rt_buf_add(b, r.data, r.len);
	rt_buf_release(&r);
}

static void bad_json(rt_buf *b)
{
	/* a body whose count and hash agree but that is no schema */
	const char *body = "{\"tables\": 3}\n";
	put_body(b, body, strlen(body));
}

static void cut_body(rt_buf *b)
{
	/* a schema cut short, its count and hash made to agree: the reader
	 * finds the end before the last object */
	char *s = strstr(b->data, "\nschema ");
	cr_assert_not_null(s);
	s = strchr(s + 1, '\n') + 1;
	size_t len = b->len - (size_t)(s - b->data) - 3;
	char *body = rt_arena_alloc(A, len);
	memcpy(body, s, len);
	put_body(b, body, len);
}

static void mangle_truncate(void)
{
	mangle(truncate_it);
}
static void mangle_flip(void)
{
	mangle(flip_body);
}
static void mangle_format(void)
{
	mangle(newer_format);
}
static void mangle_dialect(void)
{
	mangle(other_dialect);
}
static void mangle_build(void)
{
	mangle(other_build);
}
static void mangle_garbage(void)
{
	mangle(garbage);
}
static void mangle_empty(void)
{
	mangle(empty);
}
static void mangle_bad_json(void)
{
	mangle(bad_json);
}
static void mangle_cut_body(void)
{
	mangle(cut_body);
}

Test(load_migrations, truncated_snapshot_rebuilds)
{
	expect_rebuild(mangle_truncate, RT_SNAPSHOT_INVALID);
}

Test(load_migrations, altered_snapshot_body_rebuilds)
{
	expect_rebuild(mangle_flip, RT_SNAPSHOT_INVALID);
}

Test(load_migrations, newer_snapshot_format_rebuilds)
{
	expect_rebuild(mangle_format, RT_SNAPSHOT_INVALID);
}

Test(load_migrations, snapshot_of_another_dialect_rebuilds)
{
	expect_rebuild(mangle_dialect, RT_SNAPSHOT_STALE);
}

Test(load_migrations, snapshot_of_another_build_rebuilds)
{
	expect_rebuild(mangle_build, RT_SNAPSHOT_STALE);
}

Test(load_migrations, malformed_snapshot_rebuilds)
{
	expect_rebuild(mangle_garbage, RT_SNAPSHOT_INVALID);
}

Test(load_migrations, empty_snapshot_rebuilds)
{
	expect_rebuild(mangle_empty, RT_SNAPSHOT_INVALID);
}

Test(load_migrations, snapshot_that_is_no_schema_rebuilds)
{
	expect_rebuild(mangle_bad_json, RT_SNAPSHOT_INVALID);
}

Test(load_migrations, snapshot_cut_short_with_its_hash_rebuilds)
{
	expect_rebuild(mangle_cut_body, RT_SNAPSHOT_INVALID);
}

Test(load_migrations, snapshot_that_cannot_be_written_is_no_error)
{
	rt_load_migrations_stats st;
	three_files();
	cr_assert_eq(mkdir(at(".retort"), 0777), 0);
	cr_assert_eq(mkdir(snapshot_path(), 0777), 0); /* in the way */
	rt_schema *s = replay(0, true, &st);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_INVALID);
	cr_expect_not(st.written);
	cr_expect_str_eq(json_of(s), json_of(replay(0, false, NULL)));
}

/* ---- what is replayed ---------------------------------------------------- */

Test(load_migrations, upto_replays_through_that_version)
{
	rt_load_migrations_stats st;
	three_files();
	rt_schema *s = replay(2, true, &st);
	cr_expect_eq(st.files, 2);
	cr_expect_not_null(rt_schema_find_table(s, "public", "b"));
	cr_expect_null(rt_schema_find_table(s, "public", "c"));
	cr_expect_not(st.written, "only a replay of the whole folder is "
				  "written");
	(void)replay(0, true, &st);
	cr_expect(st.written);
	/* a snapshot of more files than asked for is no use, and kept */
	s = replay(2, true, &st);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_STALE);
	cr_expect_null(rt_schema_find_table(s, "public", "c"));
	cr_expect_not(st.written);
	(void)replay(0, true, &st);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_HIT);
	/* and a shorter one is a prefix */
	put_file("0004_d.sql", "-- +up\nCREATE TABLE d (id int);\n");
	s = replay(4, true, &st);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_PREFIX);
	cr_expect_eq(st.parsed, 1);
	cr_expect_not_null(rt_schema_find_table(s, "public", "d"));
}

Test(load_migrations, upto_naming_no_file_is_an_error)
{
	rt_schema *s = NULL;
	put_file("0001_a.sql", "-- +up\nCREATE TABLE a (id int);\n");
	put_file("0003_c.sql", "-- +up\nCREATE TABLE c (id int);\n");
	cr_assert_eq(rt_load_migrations(&s, A, dir, 2, NULL, &err), -1);
	cr_expect_eq(err.code, RT_EINPUT);
	cr_expect_str_eq(err.msg, rt_arena_printf(A,
						  "no migration numbered 0002 "
						  "in '%s'",
						  dir));
	cr_expect_str_eq(err.file, dir);
}

Test(load_migrations, only_up_sections_are_replayed)
{
	put_file("0001_a.sql", "-- Create a.\n"
			       "-- +up\n"
			       "CREATE TABLE a (id int);\n"
			       "-- +down\n"
			       "DROP TABLE a;\n"
			       "-- +validate\n"
			       "SELECT count(*) = 0 FROM a;\n");
	rt_schema *s = replay(0, false, NULL);
	cr_expect_not_null(rt_schema_find_table(s, "public", "a"));
}

Test(load_migrations, each_file_is_a_session)
{
	put_file("0001_a.sql", "-- +up\n"
			       "CREATE SCHEMA app;\n"
			       "SET search_path = app;\n"
			       "CREATE TABLE a (id int);\n");
	put_file("0002_b.sql", "-- +up\nCREATE TABLE b (id int);\n");
	rt_schema *s = replay(0, false, NULL);
	cr_expect_not_null(rt_schema_find_table(s, "app", "a"));
	cr_expect_not_null(rt_schema_find_table(s, "public", "b"));
}

Test(load_migrations, default_privileges_carry_on_and_are_not_snapshot)
{
	rt_load_migrations_stats st;
	put_file("0001_a.sql", "-- +up\n"
			       "ALTER DEFAULT PRIVILEGES GRANT SELECT ON "
			       "TABLES TO reader;\n");
	put_file("0002_b.sql", "-- +up\nCREATE TABLE b (id int);\n");
	rt_schema *s = replay(0, true, &st);
	rt_table *b = rt_schema_find_table(s, "public", "b");
	cr_assert_not_null(b);
	cr_expect_eq(b->grants.len, 1, "the default privilege applies");
	cr_expect_not(st.written, "the model does not hold it");
	(void)replay(0, true, &st);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_NONE);
}

Test(load_migrations, unmanaged_places_follow_the_folder_spelling)
{
	rt_load_migrations_stats st;
	rt_schema *s = NULL;
	rt_load_migrations_opts o = {.use_snapshot = true, .stats = &st};
	put_file("0001_a.sql", "-- +up\n"
			       "CREATE TABLE a (id int);\n"
			       "INSERT INTO a VALUES (1);\n");
	(void)replay(0, true, &st);
	cr_assert(st.written);
	const char *spelled = rt_arena_printf(A, "%s//", dir);
	cr_assert_eq(rt_load_migrations(&s, A, spelled, 0, &o, &err), 0, "%s",
		     err.msg);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_HIT);
	cr_assert_eq(s->unmanaged.len, 1);
	const rt_unmanaged *u = s->unmanaged.items[0];
	cr_expect_str_eq(u->file, at("0001_a.sql"));
	cr_expect_eq(u->line, 3);
	cr_expect_str_eq(s->source, spelled);
}

Test(load_migrations, empty_folder_is_an_empty_schema)
{
	put_file("retort.sum", "");
	rt_load_migrations_stats st;
	rt_schema *s = replay(0, true, &st);
	cr_expect_eq(st.files, 0);
	cr_expect_eq(s->tables.len, 0);
	cr_expect_not_null(rt_schema_find_namespace(s, "public"));
}

Test(load_migrations, sqlite_replays_in_an_in_memory_database)
{
	rt_schema *s = NULL;
	rt_load_migrations_stats st;
	rt_load_migrations_opts o = {
	    .dialect = RT_DIALECT_SQLITE, .use_snapshot = true, .stats = &st};
	put_file("0001_a.sql",
		 "-- +up\nCREATE TABLE a (id INTEGER NOT NULL, "
		 "name varchar (20) NOT NULL, PRIMARY KEY (id));\n"
		 "CREATE INDEX ix_a_name ON a (name);\n");
	put_file("0002_b.sql",
		 "-- +up\nALTER TABLE a ADD COLUMN note TEXT DEFAULT 'x';\n"
		 "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER "
		 "REFERENCES a (id));\n");
	cr_assert_eq(rt_load_migrations(&s, A, dir, 0, &o, &err), 0, "%s",
		     err.msg);
	cr_expect_eq(s->dialect, RT_DIALECT_SQLITE);
	const rt_table *a = rt_schema_find_table(s, "main", "a");
	cr_assert_not_null(a);
	cr_expect_eq(a->columns.len, 3);
	const rt_column *name = a->columns.items[1];
	cr_expect_str_eq(name->type.name, "VARCHAR(20)");
	cr_expect(name->not_null);
	const rt_column *note = a->columns.items[2];
	cr_assert_not_null(note->default_expr);
	cr_expect_str_eq(note->default_expr->text, "'x'");
	cr_expect_not_null(rt_schema_find_table(s, "main", "b"));
	cr_expect_eq(s->indexes.len, 1);
	/* every file ran; the database's image is the snapshot */
	cr_expect_eq(st.files, 2);
	cr_expect_eq(st.parsed, 2);
	cr_expect(st.written);
	/* only through 0001: the snapshot is longer than that, not used */
	cr_assert_eq(rt_load_migrations(&s, A, dir, 1, &o, &err), 0);
	a = rt_schema_find_table(s, "main", "a");
	cr_expect_eq(a->columns.len, 2);
	cr_expect_null(rt_schema_find_table(s, "main", "b"));
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_STALE);
	/* all again: from the image, nothing parsed */
	cr_assert_eq(rt_load_migrations(&s, A, dir, 0, &o, &err), 0);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_HIT);
	cr_expect_eq(st.parsed, 0);
	cr_expect_eq(st.cached, 2);
	cr_expect_eq(rt_schema_find_table(s, "main", "a")->columns.len, 3);
	/* a new file: the image, then that file alone */
	put_file("0003_c.sql", "-- +up\nALTER TABLE b ADD COLUMN x INTEGER;\n");
	cr_assert_eq(rt_load_migrations(&s, A, dir, 0, &o, &err), 0);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_PREFIX);
	cr_expect_eq(st.parsed, 1);
	cr_expect_eq(rt_schema_find_table(s, "main", "b")->columns.len, 3);
	/* an edit of a file the image holds: never trusted, all again */
	put_file("0001_a.sql", "-- +up\nCREATE TABLE a (id INTEGER NOT NULL, "
			       "name TEXT, PRIMARY KEY (id));\n");
	cr_assert_eq(rt_load_migrations(&s, A, dir, 0, &o, &err), 0);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_STALE);
	cr_expect_eq(st.parsed, 3);
	cr_expect_str_eq(((rt_column *)rt_schema_find_table(s, "main", "a")
			      ->columns.items[1])
			     ->type.name,
			 "TEXT");
	cr_expect_eq(s->indexes.len, 0);
}

/* Garbles the body of dir's snapshot (image and schema) and fixes up the
 * hashes the header records (the image's only when fix_image), so that
 * only the readers of the body can tell. */
static void garble_body(bool fix_image)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/.retort/snapshot", dir);
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f);
	rt_buf b = RT_BUF_INIT;
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rt_buf_add(&b, chunk, got);
	fclose(f);
	char *img = strstr(b.data, "\nimage ");
	char *sch = strstr(b.data, "\nschema ");
	cr_assert_not_null(img);
	cr_assert_not_null(sch);
	size_t ilen = strtoul(img + 7, NULL, 10);
	char *body = strchr(sch + 1, '\n') + 1;
	size_t blen = b.len - (size_t)(body - b.data);
	cr_assert_leq(ilen, blen);
	for (size_t i = 0; i < blen; i++)
		body[i] = (char)(body[i] ^ 0x5a);
	char ihex[65], hex[65];
	if (fix_image)
		rt_migdir_hash_text(ihex, body, ilen);
	else
		snprintf(ihex, sizeof(ihex), "%.64s", strchr(img + 7, ' ') + 1);
	rt_migdir_hash_text(hex, body + ilen, blen - ilen);
	rt_buf out = RT_BUF_INIT;
	rt_buf_add(&out, b.data, (size_t)(img - b.data));
	rt_buf_addf(&out, "\nimage %zu %s\nschema %zu %s\n", ilen, ihex,
		    blen - ilen, hex);
	rt_buf_add(&out, body, blen);
	f = fopen(path, "wb");
	fwrite(out.data, 1, out.len, f);
	fclose(f);
	rt_buf_release(&b);
	rt_buf_release(&out);
}

Test(load_migrations, sqlite_image_that_does_not_open_is_not_trusted)
{
	rt_schema *s = NULL;
	rt_load_migrations_stats st;
	rt_load_migrations_opts o = {
	    .dialect = RT_DIALECT_SQLITE, .use_snapshot = true, .stats = &st};
	put_file("0001_a.sql", "-- +up\nCREATE TABLE a (id INTEGER);\n");
	cr_assert_eq(rt_load_migrations(&s, A, dir, 0, &o, &err), 0);
	cr_assert(st.written);
	/* a hit reads the schema part: garbled, it is not used */
	garble_body(true);
	cr_assert_eq(rt_load_migrations(&s, A, dir, 0, &o, &err), 0, "%s",
		     err.msg);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_INVALID);
	cr_expect_eq(st.parsed, 1);
	cr_expect(st.written);
	cr_expect_not_null(rt_schema_find_table(s, "main", "a"));
	/* a prefix opens the image: garbled, SQLite refuses it */
	garble_body(true);
	put_file("0002_b.sql", "-- +up\nCREATE TABLE b (id INTEGER);\n");
	cr_assert_eq(rt_load_migrations(&s, A, dir, 0, &o, &err), 0, "%s",
		     err.msg);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_INVALID);
	cr_expect_eq(st.parsed, 2);
	cr_expect_not_null(rt_schema_find_table(s, "main", "a"));
	cr_expect_not_null(rt_schema_find_table(s, "main", "b"));
	/* and the hit after it is exact */
	rt_schema *hit = NULL;
	cr_assert_eq(rt_load_migrations(&hit, A, dir, 0, &o, &err), 0);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_HIT);
	cr_expect_str_eq(json_of(hit), json_of(s));
	/* an image that is not the one its hash names: never opened */
	garble_body(false);
	put_file("0003_c.sql", "-- +up\nCREATE TABLE c (id INTEGER);\n");
	cr_assert_eq(rt_load_migrations(&s, A, dir, 0, &o, &err), 0, "%s",
		     err.msg);
	cr_expect_eq(st.snapshot, RT_SNAPSHOT_INVALID);
	cr_expect_eq(st.parsed, 3);
	cr_expect_not_null(rt_schema_find_table(s, "main", "c"));
}

Test(load_migrations, sqlite_error_names_the_file_line_and_column)
{
	rt_schema *s = NULL;
	rt_load_migrations_opts o = {.dialect = RT_DIALECT_SQLITE};
	put_file("0001_a.sql", "-- +up\nCREATE TABLE a (id INTEGER);\n\n"
			       "CREATE TABLE b (id INTEGER,\n  PRIMARY KEY "
			       "KEY);\n");
	cr_assert_eq(rt_load_migrations(&s, A, dir, 0, &o, &err), -1);
	cr_expect_eq(err.code, RT_EINPUT);
	cr_expect_str_eq(err.file + strlen(err.file) - 10, "0001_a.sql");
	cr_expect_eq(err.line, 5, "line %d", err.line);
	cr_expect_gt(err.col, 0);
	cr_expect(strstr(err.msg, "syntax error") != NULL, "%s", err.msg);
}

/* ---- errors -------------------------------------------------------------- */

Test(load_migrations, sql_error_names_the_file_line_and_column)
{
	put_file("0001_a.sql", "-- +up\nCREATE TABLE a (id int);\n");
	put_file("0002_b.sql", "-- header\n"
			       "-- +up\n"
			       "CREATE TABLE b (id int);\n"
			       "\n"
			       "CREATE TABLE c (id int);   ALTER TABLE nope\n"
			       "  ADD COLUMN x int;\n");
	rt_error *e = replay_err();
	cr_expect_eq(e->code, RT_EINPUT);
	cr_expect_str_eq(e->file, at("0002_b.sql"));
	cr_expect_eq(e->line, 5);
	cr_expect_eq(e->col, 28);
	cr_expect_str_eq(e->msg, "relation 'public.nope' does not exist");
}

Test(load_migrations, syntax_error_place_counts_characters)
{
	put_file("0001_a.sql", "-- +up\n"
			       "CREATE TABLE a (id int);\n"
			       "  CREATE TABLE é (id int,, x int);\n");
	rt_error *e = replay_err();
	cr_expect_str_eq(e->file, at("0001_a.sql"));
	cr_expect_eq(e->line, 3);
	cr_expect_eq(e->col, 26);
}

Test(load_migrations, error_after_a_snapshot_is_placed_too)
{
	rt_load_migrations_stats st;
	three_files();
	(void)replay(0, true, &st);
	put_file("0004_d.sql", "-- +up\n\n\nDROP TABLE b;\nDROP TABLE b;\n");
	rt_error *e = replay_err();
	cr_expect_str_eq(e->file, at("0004_d.sql"));
	cr_expect_eq(e->line, 5);
	cr_expect_eq(e->col, 1);
}

Test(load_migrations, migration_file_error_names_its_line)
{
	put_file("0001_a.sql", "-- +up\nCREATE TABLE a (id int);\n-- +dwon\n");
	rt_error *e = replay_err();
	cr_expect_eq(e->code, RT_EINPUT);
	cr_expect_str_eq(e->file, at("0001_a.sql"));
	cr_expect_eq(e->line, 3);
}

Test(load_migrations, two_files_of_one_number_are_refused)
{
	put_file("0001_a.sql", "-- +up\nCREATE TABLE a (id int);\n");
	put_file("0001_b.sql", "-- +up\nCREATE TABLE b (id int);\n");
	rt_error *e = replay_err();
	cr_expect_eq(e->code, RT_EINPUT);
	cr_expect_not_null(strstr(e->msg, "two migrations numbered 0001"));
}

Test(load_migrations, missing_folder_is_an_io_error)
{
	rt_schema *s = NULL;
	cr_assert_eq(rt_load_migrations(&s, A, at("nope"), 0, NULL, &err), -1);
	cr_expect_eq(err.code, RT_EIO);
}

/* ---- the source form ------------------------------------------------------
 */

Test(load_migrations, source_kind)
{
	rt_source_kind k;
	cr_expect_eq(rt_load_source_kind(&k, dir, &err), 0);
	cr_expect_eq(k, RT_SOURCE_MODELS, "an empty folder stays models");
	put_file("retort.sum", "");
	cr_expect(rt_load_is_migrations_dir(dir));
	put_file("retort.sum", "");
	cr_expect_eq(rt_load_source_kind(&k, dir, &err), 0);
	cr_expect_eq(k, RT_SOURCE_MIGRATIONS);
	three_files();
	const char *v = rt_arena_printf(A, "%s@2", dir);
	cr_expect_eq(rt_load_source_kind(&k, v, &err), 0);
	cr_expect_eq(k, RT_SOURCE_MIGRATIONS);
	v = rt_arena_printf(A, "%s@two", dir);
	cr_expect_eq(rt_load_source_kind(&k, v, &err), -1);
	cr_expect_eq(err.code, RT_EUSAGE);
	cr_expect_not_null(strstr(err.msg, "bad version 'two'"));
	put_file("models.py", "");
	cr_expect_not(rt_load_is_migrations_dir(dir));
	cr_expect_eq(rt_load_source_kind(&k, dir, &err), 0);
	cr_expect_eq(k, RT_SOURCE_MODELS, "a .py file makes it models");
}

Test(load_migrations, rt_load_reads_dir_at_version)
{
	rt_schema *s = NULL;
	three_files();
	const char *v = rt_arena_printf(A, "%s@0002", dir);
	cr_assert_eq(rt_load(&s, A, v, NULL, &err), 0, "%s", err.msg);
	cr_expect_str_eq(s->source, v);
	cr_expect_not_null(rt_schema_find_table(s, "public", "b"));
	cr_expect_null(rt_schema_find_table(s, "public", "c"));
	cr_assert_eq(rt_load(&s, A, dir, NULL, &err), 0, "%s", err.msg);
	cr_expect_not_null(rt_schema_find_table(s, "public", "c"));
}

/* ---- the SQL loader's runs, directly ------------------------------------ */

Test(load_migrations, run_continues_a_schema_a_loader_handed_over)
{
	rt_schema *s = NULL;
	cr_assert_eq(rt_load_sql_text(&s, A, "a.sql",
				      "CREATE TABLE a (id int PRIMARY KEY);\n",
				      &err),
		     0);
	rt_load_sql_run *r = rt_load_sql_begin(A, s, NULL);
	cr_assert_eq(rt_load_sql_apply(r, "b.sql",
				       "CREATE TABLE b (a_id int REFERENCES a);"
				       "\nALTER TABLE a RENAME TO aa;",
				       1, 1, &err),
		     0, "%s", err.msg);
	s = rt_load_sql_finish(r);
	cr_expect_null(rt_schema_find_table(s, "public", "a"));
	cr_expect_not_null(rt_schema_find_table(s, "public", "aa"));
	/* the same as one text, edges included */
	rt_schema *one = NULL;
	cr_assert_eq(rt_load_sql_text(&one, A, "a.sql",
				      "CREATE TABLE a (id int PRIMARY KEY);\n"
				      "CREATE TABLE b (a_id int REFERENCES a);"
				      "\nALTER TABLE a RENAME TO aa;",
				      &err),
		     0);
	cr_expect_str_eq(json_of(s), json_of(one));
	cr_expect_str_eq(deps_of(s), deps_of(one));
}

Test(load_migrations, run_places_errors_from_the_given_line_and_column)
{
	rt_load_sql_run *r = rt_load_sql_begin(A, NULL, "x");
	rt_error *e = &err;
	/* text starting at x.sql:10:7: its second line is line 11 */
	cr_assert_eq(rt_load_sql_apply(r, "x.sql",
				       "CREATE TABLE t (a int);\n"
				       "  ALTER TABLE u ADD b int;",
				       10, 7, e),
		     -1);
	cr_expect_str_eq(e->file, "x.sql");
	cr_expect_eq(e->line, 11);
	cr_expect_eq(e->col, 3);
	rt_error_clear(e);
	r = rt_load_sql_begin(A, NULL, "x");
	cr_assert_eq(
	    rt_load_sql_apply(r, "y.sql", "CREATE TABLE t (a int,,);", 4, 7, e),
	    -1);
	cr_expect_str_eq(e->file, "y.sql");
	cr_expect_eq(e->line, 4);
	cr_expect_eq(e->col, 7 + 22);
}

Test(load_migrations, run_session_resets_search_path_only)
{
	rt_load_sql_run *r = rt_load_sql_begin(A, NULL, "x");
	cr_assert_eq(
	    rt_load_sql_apply(r, "1.sql",
			      "CREATE SCHEMA app; SET search_path = app;"
			      " CREATE TABLE a (id int);",
			      1, 1, &err),
	    0);
	cr_assert_eq(rt_load_sql_apply(r, "1.sql", "CREATE TABLE b (id int);",
				       2, 1, &err),
		     0);
	rt_load_sql_session(r);
	cr_assert_eq(rt_load_sql_apply(r, "2.sql", "CREATE TABLE c (id int);",
				       1, 1, &err),
		     0);
	cr_expect_not(rt_load_sql_stateful(r));
	rt_schema *s = rt_load_sql_finish(r);
	cr_expect_not_null(rt_schema_find_table(s, "app", "a"));
	cr_expect_not_null(rt_schema_find_table(s, "app", "b"));
	cr_expect_not_null(rt_schema_find_table(s, "public", "c"));
}

Test(load_migrations, run_owner_to_is_state_the_model_lacks)
{
	rt_load_sql_run *r = rt_load_sql_begin(A, NULL, "x");
	cr_assert_eq(rt_load_sql_apply(r, "1.sql",
				       "CREATE TABLE a (id int);"
				       "ALTER TABLE a OWNER TO app;",
				       1, 1, &err),
		     0, "%s", err.msg);
	cr_expect(rt_load_sql_stateful(r));
}
