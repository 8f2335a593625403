/* SPDX-License-Identifier: MIT */
/* The statement analyzer (plan/analyze.h): lock, work, transaction, data
 * loss and findings of each statement against a schema, one case per
 * rule of reference/postgres-ddl-safety.md it follows. */
#include "base/common.h"
#include "load/load.h"
#include "plan/analyze.h"

#include <criterion/criterion.h>

static rt_arena *arena;

static void setup(void)
{
	arena = rt_arena_new();
}

static void teardown(void)
{
	rt_arena_free(arena);
	rt_load_shutdown();
}

TestSuite(analyze, .init = setup, .fini = teardown);

/* The schema every case runs against (unless it says otherwise). */
static const char base_sql[] =
    "CREATE TABLE t (id bigint PRIMARY KEY, name varchar(20), "
    "n numeric(10,2), ts timestamp, note text, k integer);\n"
    "CREATE TABLE p (id bigint PRIMARY KEY);\n"
    "CREATE INDEX t_name ON t (name);\n"
    "CREATE TYPE mood AS ENUM ('a', 'b');\n";

static rt_vec run_opts(const char *against, const char *sql,
		       const rt_analyze_opts *o)
{
	rt_schema *s = NULL;
	rt_analyzer *z = NULL;
	rt_error err = RT_ERROR_INIT;
	rt_vec out = {0};

	if (against)
		cr_assert(
		    rt_load_sql_text(&s, arena, "base.sql", against, &err) == 0,
		    "%s", err.msg);
	cr_assert(rt_analyzer_new(&z, arena, s, o, &err) == 0, "%s", err.msg);
	cr_assert(
	    rt_analyze_text(z, &out, "m.sql", 1, sql, strlen(sql), &err) == 0,
	    "%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
	rt_analyze_end_file(z);
	return out;
}

static rt_vec run(const char *sql)
{
	return run_opts(base_sql, sql, NULL);
}

/* The analysis of the only (or last) statement of sql. */
static const rt_stmt_analysis *one(const char *sql)
{
	rt_vec v = run(sql);
	cr_assert(v.len >= 1);
	return v.items[v.len - 1];
}

static bool has(const rt_stmt_analysis *r, const char *rule)
{
	for (size_t i = 0; i < r->findings.len; i++)
		if (!strcmp(((const rt_finding *)r->findings.items[i])->rule,
			    rule))
			return true;
	return false;
}

#define FACTS(r, l, w, tx, loss)                                               \
	do {                                                                   \
		cr_expect_eq((r)->lock, (l), "%s: lock %d", (r)->sql,          \
			     (r)->lock);                                       \
		cr_expect_eq((r)->work, (w), "%s: work %s", (r)->sql,          \
			     rt_work_name((r)->work));                         \
		cr_expect_eq((r)->in_transaction, (tx), "%s: tx", (r)->sql);   \
		cr_expect_eq((r)->data_loss, (loss), "%s: loss", (r)->sql);    \
	} while (0)

Test(analyze, names)
{
	cr_expect_str_eq(rt_lock_mode(RT_LOCK_ACCESS_EXCLUSIVE),
			 "AccessExclusive");
	cr_expect_str_eq(rt_lock_mode(RT_LOCK_SHARE_UPDATE_EXCLUSIVE),
			 "ShareUpdateExclusive");
	cr_expect_str_eq(rt_lock_mode(RT_LOCK_ROW_EXCLUSIVE), "RowExclusive");
	cr_expect_null(rt_lock_mode(RT_LOCK_NONE));
	cr_expect_str_eq(rt_work_name(RT_WORK_CATALOG), "catalog");
	cr_expect_str_eq(rt_work_name(RT_WORK_DEPENDS), "depends");
	cr_expect_str_eq(rt_work_name(RT_WORK_FAILS), "fails");
}

Test(analyze, add_column_forms)
{
	const rt_stmt_analysis *r;
	r = one("ALTER TABLE t ADD COLUMN c int"); /* R13 */
	FACTS(r, RT_LOCK_ACCESS_EXCLUSIVE, RT_WORK_CATALOG, true, false);
	cr_expect_eq(r->findings.len, 0);
	cr_expect(r->blocks_reads && r->blocks_writes);
	r = one("ALTER TABLE t ADD COLUMN c int DEFAULT 0 NOT NULL"); /* R17 */
	FACTS(r, RT_LOCK_ACCESS_EXCLUSIVE, RT_WORK_CATALOG, true, false);
	r = one("ALTER TABLE t ADD COLUMN c timestamptz DEFAULT now()");
	cr_expect_eq(r->work, RT_WORK_CATALOG); /* now() is stable */
	r = one("ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid()");
	cr_expect_eq(r->work, RT_WORK_REWRITE); /* R15 */
	cr_expect(has(r, "adding-field-with-default"));
	r = one("ALTER TABLE t ADD COLUMN c int NOT NULL"); /* R16 */
	cr_expect_eq(r->work, RT_WORK_FAILS);
	cr_expect(has(r, "adding-required-field"));
	r = one("ALTER TABLE t ADD COLUMN c serial"); /* R19 */
	cr_expect_eq(r->work, RT_WORK_REWRITE);
	cr_expect(has(r, "adding-auto-increment-field"));
	r = one("ALTER TABLE t ADD COLUMN c bigint GENERATED ALWAYS AS "
		"IDENTITY");
	cr_expect_eq(r->work, RT_WORK_REWRITE);
	r = one("ALTER TABLE t ADD COLUMN c int GENERATED ALWAYS AS (k * 2) "
		"STORED"); /* R18 */
	cr_expect(has(r, "adding-generated-field"));
	r = one("ALTER TABLE t ADD COLUMN c int UNIQUE"); /* R21 */
	cr_expect_eq(r->work, RT_WORK_INDEX);
	cr_expect(has(r, "disallowed-unique-constraint"));
}

Test(analyze, fast_default_is_pg11)
{
	rt_analyze_opts o = {.server_version = 100000};
	rt_vec v =
	    run_opts(base_sql, "ALTER TABLE t ADD COLUMN c int DEFAULT 0", &o);
	const rt_stmt_analysis *r = v.items[0];
	cr_expect_eq(r->work, RT_WORK_REWRITE);
	cr_expect(has(r, "adding-field-with-default"));
}

Test(analyze, type_changes_use_the_current_type)
{
	const rt_stmt_analysis *r;
	/* R24, R25: catalog only, no finding */
	r = one("ALTER TABLE t ALTER COLUMN name TYPE varchar(50)");
	FACTS(r, RT_LOCK_ACCESS_EXCLUSIVE, RT_WORK_CATALOG, true, false);
	cr_expect_eq(r->findings.len, 0);
	r = one("ALTER TABLE t ALTER COLUMN name TYPE text");
	FACTS(r, RT_LOCK_ACCESS_EXCLUSIVE, RT_WORK_CATALOG, true, false);
	cr_expect_eq(r->findings.len, 0);
	r = one("ALTER TABLE t ALTER COLUMN n TYPE numeric(14,2)");
	FACTS(r, RT_LOCK_ACCESS_EXCLUSIVE, RT_WORK_CATALOG, true, false);
	cr_expect_eq(r->findings.len, 0);
	/* R28: rewrites; narrowing loses */
	r = one("ALTER TABLE t ALTER COLUMN k TYPE bigint");
	FACTS(r, RT_LOCK_ACCESS_EXCLUSIVE, RT_WORK_REWRITE, true, false);
	cr_expect(has(r, "changing-column-type"));
	r = one("ALTER TABLE t ALTER COLUMN name TYPE varchar(10)");
	FACTS(r, RT_LOCK_ACCESS_EXCLUSIVE, RT_WORK_REWRITE, true, true);
	r = one("ALTER TABLE t ALTER COLUMN n TYPE numeric(10,3)");
	cr_expect_eq(r->work, RT_WORK_REWRITE); /* scale changed */
	/* R26: depends on the session's TimeZone */
	r = one("ALTER TABLE t ALTER COLUMN ts TYPE timestamptz");
	cr_expect_eq(r->work, RT_WORK_DEPENDS);
	/* the type the statements before left: widened twice */
	rt_vec v = run("ALTER TABLE t ALTER COLUMN name TYPE varchar(50);\n"
		       "ALTER TABLE t ALTER COLUMN name TYPE varchar(40);");
	cr_expect_eq(((rt_stmt_analysis *)v.items[1])->work, RT_WORK_REWRITE);
	/* a table retort does not know: the worst case */
	r = one("ALTER TABLE nope ALTER COLUMN a TYPE text");
	cr_expect_eq(r->work, RT_WORK_REWRITE);
	cr_expect(!r->table_known);
}

Test(analyze, set_not_null_through_a_check)
{
	rt_vec v;
	const rt_stmt_analysis *r = one("ALTER TABLE t ALTER COLUMN k SET "
					"NOT NULL"); /* R30 */
	FACTS(r, RT_LOCK_ACCESS_EXCLUSIVE, RT_WORK_SCAN, true, false);
	cr_expect(has(r, "adding-not-nullable-field"));
	/* R31: a valid CHECK proves it */
	v = run("ALTER TABLE t ADD CONSTRAINT k_nn CHECK (k IS NOT NULL) NOT "
		"VALID;\n"
		"ALTER TABLE t VALIDATE CONSTRAINT k_nn;\n"
		"ALTER TABLE t ALTER COLUMN k SET NOT NULL;\n");
	cr_assert_eq(v.len, 3);
	r = v.items[0];
	FACTS(r, RT_LOCK_ACCESS_EXCLUSIVE, RT_WORK_CATALOG, true, false);
	cr_expect_eq(r->findings.len, 0);
	r = v.items[1];
	FACTS(r, RT_LOCK_SHARE_UPDATE_EXCLUSIVE, RT_WORK_SCAN, true, false);
	r = v.items[2];
	FACTS(r, RT_LOCK_ACCESS_EXCLUSIVE, RT_WORK_CATALOG, true, false);
	cr_expect_eq(r->findings.len, 0);
	/* a NOT VALID check does not help */
	v = run("ALTER TABLE t ADD CONSTRAINT k_nn CHECK (k IS NOT NULL) NOT "
		"VALID;\n"
		"ALTER TABLE t ALTER COLUMN k SET NOT NULL;\n");
	cr_expect_eq(((rt_stmt_analysis *)v.items[1])->work, RT_WORK_SCAN);
	/* before 12 the scan always runs */
	rt_analyze_opts o = {.server_version = 110000};
	v = run_opts(base_sql,
		     "ALTER TABLE t ADD CONSTRAINT k_nn CHECK (k IS NOT NULL);"
		     "\nALTER TABLE t ALTER COLUMN k SET NOT NULL;\n",
		     &o);
	cr_expect_eq(((rt_stmt_analysis *)v.items[1])->work, RT_WORK_SCAN);
}

Test(analyze, constraints)
{
	const rt_stmt_analysis *r;
	r = one("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (k) REFERENCES "
		"p (id)"); /* R40 */
	FACTS(r, RT_LOCK_SHARE_ROW_EXCLUSIVE, RT_WORK_SCAN, true, false);
	cr_expect(has(r, "adding-foreign-key-constraint"));
	cr_expect(!r->blocks_reads && r->blocks_writes);
	r = one("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (k) REFERENCES "
		"p (id) NOT VALID"); /* R41 */
	FACTS(r, RT_LOCK_SHARE_ROW_EXCLUSIVE, RT_WORK_CATALOG, true, false);
	cr_expect_eq(r->findings.len, 0);
	r = one("ALTER TABLE t ADD CONSTRAINT c CHECK (k > 0)"); /* R37 */
	cr_expect_eq(r->work, RT_WORK_SCAN);
	cr_expect(has(r, "constraint-missing-not-valid"));
	r = one("ALTER TABLE t ADD CONSTRAINT u UNIQUE (k)"); /* R43 */
	FACTS(r, RT_LOCK_ACCESS_EXCLUSIVE, RT_WORK_INDEX, true, false);
	cr_expect(has(r, "disallowed-unique-constraint"));
	r = one("ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX t_name");
	FACTS(r, RT_LOCK_ACCESS_EXCLUSIVE, RT_WORK_CATALOG, true, false);
	cr_expect_eq(r->findings.len, 0);
	/* VALIDATE in the transaction that added it NOT VALID */
	rt_vec v =
	    run("BEGIN;\n"
		"ALTER TABLE t ADD CONSTRAINT c CHECK (k > 0) NOT VALID;\n"
		"ALTER TABLE t VALIDATE CONSTRAINT c;\nCOMMIT;\n");
	cr_assert_eq(v.len, 4);
	cr_expect(has(v.items[2], "constraint-missing-not-valid"));
	v = run("ALTER TABLE t ADD CONSTRAINT c CHECK (k > 0) NOT VALID;\n"
		"ALTER TABLE t VALIDATE CONSTRAINT c;\n");
	cr_expect(!has(v.items[1], "constraint-missing-not-valid"));
}

Test(analyze, indexes_and_transactions)
{
	const rt_stmt_analysis *r;
	r = one("CREATE INDEX i ON t (k)"); /* R49 */
	FACTS(r, RT_LOCK_SHARE, RT_WORK_INDEX, true, false);
	cr_expect(has(r, "require-concurrent-index-creation"));
	cr_expect(!r->blocks_reads && r->blocks_writes);
	r = one("CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (k)"); /* R50 */
	FACTS(r, RT_LOCK_SHARE_UPDATE_EXCLUSIVE, RT_WORK_INDEX, false, false);
	cr_expect_eq(r->findings.len, 0);
	cr_expect(!r->blocks_writes);
	r = one("CREATE INDEX CONCURRENTLY i ON t (k)");
	cr_expect(has(r, "prefer-robust-stmts"));
	rt_vec v = run("BEGIN;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS i ON "
		       "t (k);\nCOMMIT;");
	cr_expect(
	    has(v.items[1], "ban-concurrent-index-creation-in-transaction"));
	rt_analyze_opts o = {.assume_in_transaction = true};
	v = run_opts(base_sql,
		     "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON "
		     "t (k);",
		     &o);
	cr_expect(
	    has(v.items[0], "ban-concurrent-index-creation-in-transaction"));
	r = one("DROP INDEX t_name"); /* R51 */
	FACTS(r, RT_LOCK_ACCESS_EXCLUSIVE, RT_WORK_CATALOG, true, false);
	cr_expect_str_eq(r->table.name, "t");
	cr_expect(has(r, "require-concurrent-index-deletion"));
	r = one("DROP INDEX CONCURRENTLY IF EXISTS t_name"); /* R52 */
	FACTS(r, RT_LOCK_SHARE_UPDATE_EXCLUSIVE, RT_WORK_CATALOG, false, false);
	r = one("REINDEX INDEX t_name"); /* R53 */
	FACTS(r, RT_LOCK_SHARE, RT_WORK_INDEX, true, false);
	cr_expect(has(r, "require-concurrent-reindex"));
	r = one("REINDEX INDEX CONCURRENTLY t_name"); /* R54 */
	FACTS(r, RT_LOCK_SHARE_UPDATE_EXCLUSIVE, RT_WORK_INDEX, false, false);
	v = run("BEGIN;\nSELECT 1;");
	cr_expect(has(v.items[0], "ban-uncommitted-transaction"));
	v = run("BEGIN;\nBEGIN;\nCOMMIT;");
	cr_expect(has(v.items[1], "transaction-nesting"));
}

Test(analyze, new_tables_have_no_hazard)
{
	rt_vec v = run_opts(NULL,
			    "CREATE TABLE n (id int, a text);\n"
			    "CREATE INDEX n_a ON n (a);\n"
			    "ALTER TABLE n ADD COLUMN b int NOT NULL;\n"
			    "ALTER TABLE n ALTER COLUMN id TYPE bigint;\n",
			    NULL);
	cr_assert_eq(v.len, 4);
	for (size_t i = 0; i < v.len; i++) {
		const rt_stmt_analysis *r = v.items[i];
		cr_expect(r->new_table, "%s", r->sql);
		cr_expect_eq(r->findings.len, 0, "%s", r->sql);
	}
	/* the facts stay: a plain index build on it takes SHARE */
	cr_expect_eq(((rt_stmt_analysis *)v.items[1])->lock, RT_LOCK_SHARE);
}

Test(analyze, emptying_and_rewriting)
{
	const rt_stmt_analysis *r;
	r = one("TRUNCATE t"); /* R06 */
	FACTS(r, RT_LOCK_ACCESS_EXCLUSIVE, RT_WORK_CATALOG, true, true);
	cr_expect(has(r, "ban-truncate"));
	r = one("TRUNCATE t CASCADE");
	cr_expect(has(r, "ban-truncate-cascade"));
	r = one("VACUUM FULL t"); /* R11 */
	FACTS(r, RT_LOCK_ACCESS_EXCLUSIVE, RT_WORK_REWRITE, false, false);
	cr_expect(has(r, "table-rewrite"));
	r = one("VACUUM t"); /* R82 */
	FACTS(r, RT_LOCK_SHARE_UPDATE_EXCLUSIVE, RT_WORK_SCAN, false, false);
	cr_expect_eq(r->findings.len, 0);
	r = one("CLUSTER t USING t_name");
	FACTS(r, RT_LOCK_ACCESS_EXCLUSIVE, RT_WORK_REWRITE, true, false);
	r = one("ALTER TABLE t SET LOGGED"); /* R10 */
	FACTS(r, RT_LOCK_ACCESS_EXCLUSIVE, RT_WORK_REWRITE, true, false);
	cr_expect(has(r, "table-rewrite"));
	r = one("ALTER TABLE t DROP COLUMN note"); /* R22 */
	FACTS(r, RT_LOCK_ACCESS_EXCLUSIVE, RT_WORK_CATALOG, true, true);
	cr_expect(has(r, "ban-drop-column"));
	r = one("DROP TABLE t"); /* R05 */
	cr_expect(r->data_loss && has(r, "ban-drop-table"));
}

Test(analyze, dml_and_others)
{
	const rt_stmt_analysis *r;
	r = one("DELETE FROM t");
	FACTS(r, RT_LOCK_ROW_EXCLUSIVE, RT_WORK_DEPENDS, true, true);
	cr_expect(has(r, "delete-without-where"));
	cr_expect(!r->blocks_writes);
	r = one("UPDATE t SET k = 1");
	FACTS(r, RT_LOCK_ROW_EXCLUSIVE, RT_WORK_DEPENDS, true, false);
	cr_expect(has(r, "update-without-where"));
	r = one("UPDATE t SET k = 1 WHERE id < 1000");
	cr_expect_eq(r->findings.len, 0);
	r = one("COMMENT ON TABLE t IS 'x'"); /* R70 */
	FACTS(r, RT_LOCK_SHARE_UPDATE_EXCLUSIVE, RT_WORK_CATALOG, true, false);
	r = one("GRANT SELECT ON t TO PUBLIC"); /* R84 */
	FACTS(r, RT_LOCK_NONE, RT_WORK_CATALOG, true, false);
	r = one("CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE "
		"FUNCTION f()"); /* R75 */
	FACTS(r, RT_LOCK_SHARE_ROW_EXCLUSIVE, RT_WORK_CATALOG, true, false);
	r = one("CREATE VIEW v AS SELECT id FROM t"); /* R71 */
	cr_expect(r->new_table && r->findings.len == 0);
	r = one("ALTER TABLE t RENAME COLUMN k TO k2"); /* R23 */
	cr_expect(has(r, "renaming-column"));
	r = one("ALTER TABLE t RENAME TO t2"); /* R07 */
	cr_expect(has(r, "renaming-table"));
	/* R61: a transaction is fine from 12 on, not before */
	r = one("ALTER TYPE mood ADD VALUE 'c'");
	FACTS(r, RT_LOCK_NONE, RT_WORK_CATALOG, true, false);
	rt_analyze_opts o = {.server_version = 110000};
	rt_vec v = run_opts(base_sql, "ALTER TYPE mood ADD VALUE 'c'", &o);
	cr_expect(!((rt_stmt_analysis *)v.items[0])->in_transaction);
	/* what retort cannot see into: the worst case */
	r = one("DO $$ BEGIN PERFORM 1; END $$");
	FACTS(r, RT_LOCK_ACCESS_EXCLUSIVE, RT_WORK_DEPENDS, true, false);
	cr_expect(has(r, "unknown-statement"));
}

Test(analyze, ignore_comments)
{
	rt_vec v =
	    run("-- retort:ignore require-concurrent-index-creation\n"
		"CREATE INDEX i ON t (k);\n"
		"CREATE INDEX i2 ON t (k); -- retort:ignore all\n"
		"ALTER TABLE t ADD COLUMN c int NOT NULL; "
		"-- retort:ignore ban-drop-column, adding-required-field\n"
		"CREATE INDEX i3 ON t (k);\n");
	cr_assert_eq(v.len, 4);
	for (size_t i = 0; i < 3; i++) {
		const rt_stmt_analysis *r = v.items[i];
		cr_expect_eq(r->findings.len, 0, "%s", r->sql);
		cr_expect_eq(r->ignored.len, 1, "%s", r->sql);
	}
	cr_expect(has(v.items[3], "require-concurrent-index-creation"));
	rt_vec ex = {0};
	rt_vec_push(&ex, arena, (void *)"require-concurrent-index-creation");
	rt_analyze_opts o = {.exclude = &ex};
	v = run_opts(base_sql, "CREATE INDEX i ON t (k)", &o);
	cr_expect_eq(((rt_stmt_analysis *)v.items[0])->findings.len, 0);
}

Test(analyze, places_and_text)
{
	rt_vec v = run("\n-- a comment\n  CREATE INDEX i ON t (k);\n"
		       "/* x */ SELECT 1;\nSELECT\n 2");
	cr_assert_eq(v.len, 3);
	const rt_stmt_analysis *r = v.items[0];
	cr_expect_eq(r->line, 3);
	cr_expect_eq(r->col, 3);
	cr_expect_str_eq(r->sql, "CREATE INDEX i ON t (k)");
	cr_expect_str_eq(r->file, "m.sql");
	r = v.items[1];
	cr_expect_eq(r->line, 4);
	cr_expect_eq(r->col, 9);
	cr_expect_str_eq(r->sql, "SELECT 1");
	r = v.items[2];
	cr_expect_eq(r->line, 5);
	cr_expect_str_eq(r->sql, "SELECT\n 2");
}

Test(analyze, parse_errors_have_their_place)
{
	rt_analyzer *z = NULL;
	rt_error err = RT_ERROR_INIT;
	rt_vec out = {0};
	const char *sql = "SELECT 1;\nALTER TABLE t ADD COLUMN ,;\n";
	cr_assert(rt_analyzer_new(&z, arena, NULL, NULL, &err) == 0);
	cr_expect(
	    rt_analyze_text(z, &out, "bad.sql", 1, sql, strlen(sql), &err) < 0);
	cr_expect_eq(err.code, RT_EINPUT);
	cr_expect_str_eq(err.file, "bad.sql");
	cr_expect_eq(err.line, 2);
	cr_expect_eq(err.col, 26);
	cr_expect_eq(out.len, 1); /* the statement before it */
	/* first_line shifts every place */
	out.len = 0;
	cr_expect(rt_analyze_text(z, &out, "bad.sql", 10, sql, strlen(sql),
				  &err) < 0);
	cr_expect_eq(err.line, 11);
}

Test(analyze, against_is_not_changed)
{
	rt_schema *s = NULL;
	rt_analyzer *z = NULL;
	rt_error err = RT_ERROR_INIT;
	rt_vec out = {0};
	const char *sql = "ALTER TABLE t ALTER COLUMN name TYPE text;\n"
			  "DROP TABLE p;";
	cr_assert(rt_load_sql_text(&s, arena, "b.sql", base_sql, &err) == 0);
	cr_assert(rt_analyzer_new(&z, arena, s, NULL, &err) == 0);
	cr_assert(
	    rt_analyze_text(z, &out, "m.sql", 1, sql, strlen(sql), &err) == 0);
	cr_expect_not_null(rt_schema_find_table(s, "public", "p"));
	cr_expect_null(
	    rt_schema_find_table(rt_analyzer_schema(z), "public", "p"));
	const rt_table *t = rt_schema_find_table(s, "public", "t");
	cr_expect_str_eq(rt_table_find_column(t, "name")->type.name,
			 "character varying(20)");
}

Test(analyze, search_path)
{
	rt_vec v = run_opts("CREATE SCHEMA app;\n"
			    "CREATE TABLE app.t (id int, a varchar(10));\n",
			    "SET search_path TO app, public;\n"
			    "ALTER TABLE t ALTER COLUMN a TYPE varchar(20);\n"
			    "CREATE INDEX ON t (a);\n"
			    "RESET search_path;\n"
			    "ALTER TABLE t ALTER COLUMN a TYPE varchar(30);\n",
			    NULL);
	cr_assert_eq(v.len, 5);
	const rt_stmt_analysis *r = v.items[1];
	cr_expect_str_eq(r->table.schema, "app");
	cr_expect(r->table_known);
	cr_expect_eq(r->work, RT_WORK_CATALOG); /* from the known type */
	r = v.items[2];
	cr_expect_str_eq(r->table.schema, "app");
	/* back to public, where no t is: the worst case */
	r = v.items[4];
	cr_expect_str_eq(r->table.schema, "public");
	cr_expect(!r->table_known);
	cr_expect_eq(r->work, RT_WORK_REWRITE);
}

Test(analyze, new_means_the_same_file)
{
	rt_analyzer *z = NULL;
	rt_error err = RT_ERROR_INIT;
	rt_vec out = {0};
	const char *a = "CREATE TABLE n (id int);\nCREATE INDEX ON n (id);\n";
	const char *b = "CREATE INDEX ON n (id);\n";
	cr_assert(rt_analyzer_new(&z, arena, NULL, NULL, &err) == 0);
	cr_assert(rt_analyze_text(z, &out, "0001.sql", 1, a, strlen(a), &err) ==
		  0);
	rt_analyze_end_file(z);
	cr_assert(rt_analyze_text(z, &out, "0002.sql", 1, b, strlen(b), &err) ==
		  0);
	cr_assert_eq(out.len, 3);
	cr_expect(((rt_stmt_analysis *)out.items[1])->new_table);
	/* a later migration: the table may hold rows by then */
	const rt_stmt_analysis *r = out.items[2];
	cr_expect(!r->new_table && r->table_known);
	cr_expect(has(r, "require-concurrent-index-creation"));
}

/* rt_analyze_opts.is_empty: a table the database holds without a row. */
static bool only_p_empty(void *ctx, const char *schema, const char *name)
{
	(void)ctx;
	return !strcmp(schema, "public") && !strcmp(name, "p");
}

Test(analyze, empty_tables_have_no_hazard)
{
	rt_analyze_opts o = {.is_empty = only_p_empty};
	rt_vec out = run_opts(base_sql,
			      "CREATE INDEX p_id2 ON p (id);\n"
			      "ALTER TABLE p ADD COLUMN x int NOT NULL;\n"
			      "CREATE INDEX t_k ON t (k);\n"
			      "CREATE TABLE q (id int);\n"
			      "CREATE INDEX q_id ON q (id);\n",
			      &o);
	cr_assert_eq(out.len, 5);
	const rt_stmt_analysis *pidx = out.items[0], *padd = out.items[1];
	const rt_stmt_analysis *tidx = out.items[2], *qidx = out.items[4];
	/* the facts stay; the findings go */
	cr_assert(pidx->empty_table && !pidx->new_table);
	cr_assert_eq(pidx->work, RT_WORK_INDEX);
	cr_assert_eq(pidx->findings.len, 0);
	cr_assert(padd->empty_table);
	cr_assert_eq(padd->findings.len, 0);
	/* a table with rows, and a new one (new, not empty) */
	cr_assert(!tidx->empty_table);
	cr_assert_gt(tidx->findings.len, 0);
	cr_assert(qidx->new_table && !qidx->empty_table);
	cr_assert_eq(qidx->findings.len, 0);
}
