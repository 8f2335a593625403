# SPDX-License-Identifier: MIT
"""The database loader prints an index definition or a check expression
once per group of rows that must print the same (same tree, same names of
the columns used, ...) and hands that text to the whole group. Every text
it loads must still be what pg_get_indexdef / pg_get_expr print for that
very row: these tables share attribute numbers but not names, names but not
types or collations, trees with and without whole-row references, unique
and plain, partitioned and not, quoted names and other schemas."""

import json

from conftest import sql_only

SCHEMA = r'''
CREATE TABLE a (x int, y text, z varchar(10), CHECK (x > 0),
    CHECK (length(y) < 5));
CREATE TABLE b (y int, x text, z text, CHECK (y > 0),
    CHECK (length(x) < 5));
CREATE TABLE c (x int, y text, z varchar(10), CHECK (x > 0),
    CHECK (length(y) < 5));
CREATE TABLE d (x bigint, y text COLLATE "C", z varchar(10),
    CHECK (x > 0));
CREATE INDEX a_x ON a (x);
CREATE INDEX b_x ON b (y);
CREATE INDEX c_x ON c (x);
CREATE INDEX d_x ON d (x);
CREATE INDEX a_y ON a (y);
CREATE INDEX d_y ON d (y);
CREATE INDEX a_yc ON a (y COLLATE "C");
CREATE INDEX d_yc ON d (y COLLATE "C");
CREATE INDEX a_z ON a (z text_pattern_ops);
CREATE INDEX c_z ON c (z text_pattern_ops);
CREATE INDEX b_z ON b (z text_pattern_ops);
CREATE INDEX a_row ON a ((a IS NOT NULL));
CREATE INDEX c_row ON c ((c IS NOT NULL));
CREATE INDEX a_lower ON a (lower(y)) WHERE x > 1;
CREATE INDEX b_lower ON b (lower(x)) WHERE y > 1;
CREATE INDEX c_lower ON c (lower(y)) WHERE x > 1;
CREATE INDEX a_pred ON a (x) WHERE a IS NOT NULL;
CREATE INDEX c_pred ON c (x) WHERE c IS NOT NULL;
CREATE INDEX a_desc ON a (x DESC);
CREATE INDEX c_desc ON c (x DESC NULLS LAST);
CREATE UNIQUE INDEX a_u ON a (x) INCLUDE (y);
CREATE INDEX c_u ON c (x) INCLUDE (y);
CREATE INDEX a_f ON a (x) WITH (fillfactor = 70);
CREATE INDEX c_f ON c (x) WITH (fillfactor = 80);
CREATE INDEX a_h ON a USING hash (x);
CREATE INDEX c_h ON c USING hash (x);
CREATE TABLE p (x int, y text) PARTITION BY RANGE (x);
CREATE INDEX p_x ON p (x);
CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);
CREATE TABLE q (x int, y text) PARTITION BY RANGE (x);
CREATE INDEX q_x ON q (x);
CREATE TABLE "Odd ""t""" ("X y" int CHECK ("X y" > 0), x int);
CREATE INDEX "odd i" ON "Odd ""t""" ("X y");
CREATE INDEX "odd x" ON "Odd ""t""" (x);
CREATE SCHEMA s2;
CREATE TABLE s2.a (x int, y text, z varchar(10), CHECK (x > 0));
CREATE INDEX a_x ON s2.a (x);
CREATE INDEX a_lower ON s2.a (lower(y)) WHERE x > 1;
'''

TRUTH_INDEXES = """
SET search_path = public;
SELECT n.nspname || '.' || ic.relname, pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
WHERE n.nspname IN ('public', 's2')
"""

TRUTH_CHECKS = """
SET search_path = public;
SELECT n.nspname || '.' || c.relname || '.' || co.conname,
       pg_get_expr(co.conbin, co.conrelid)
FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE co.contype = 'c' AND n.nspname IN ('public', 's2')
"""


def rows(out):
    return dict(line.split("|", 1) for line in out.splitlines() if line)


def test_each_row_gets_its_own_text(pg, retort):
    url = pg.createdb("shared_text", SCHEMA)
    r = retort.run(["inspect", "--json", url])
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)

    truth = rows(pg.psql("shared_text", TRUTH_INDEXES))
    got = {f"{x['schema']}.{x['name']}": x["definition"]
           for x in doc["indexes"]}
    assert len(got) >= 30
    for name, text in got.items():
        # the model keeps an index on a partitioned table without ONLY
        assert text == truth[name].replace(" ON ONLY ", " ON "), name

    truth = rows(pg.psql("shared_text", TRUTH_CHECKS))
    got = {f"{t['schema']}.{t['name']}.{c['name']}": c["expr"]
           for t in doc["tables"] for c in t["constraints"]
           if c["type"] == "check"}
    assert len(got) == len(truth) >= 9
    for name, text in got.items():
        assert text == truth[name], name
    pg.dropdb("shared_text")


# Tables whose index keys spell the table without a parse (lowercase names
# that are no keyword) and with one (keywords, reserved or not, capitals,
# spaces, quotes), in public and in other schemas.
NAMES = r'''
CREATE SCHEMA "Weird";
CREATE SCHEMA "select";
CREATE SCHEMA s3;
CREATE TABLE plain_t (id int PRIMARY KEY, v int);
CREATE TABLE "user" (id int PRIMARY KEY, v int);
CREATE TABLE name (id int PRIMARY KEY, v int);
CREATE TABLE "T1" (id int PRIMARY KEY, v int);
CREATE TABLE "a b" (id int PRIMARY KEY, v int);
CREATE TABLE "Weird".x1 (id int PRIMARY KEY, v int);
CREATE TABLE "select".x2 (id int PRIMARY KEY, v int);
CREATE TABLE s3.x3 (id int PRIMARY KEY, v int);
CREATE TABLE s3."order" (id int PRIMARY KEY, v int);
CREATE TABLE s3._t (id int PRIMARY KEY, v int UNIQUE);
'''
INDEXED = ["plain_t", '"user"', "name", '"T1"', '"a b"', '"Weird".x1',
           '"select".x2', "s3.x3", 's3."order"', "s3._t"]


def test_index_keys_spell_every_table(pg, retort, tmp_sql):
    # the same index on every table (one shape, whose key is parsed for
    # one table and spelled for the others) and one of its own on each
    sql = NAMES + "".join(
        f"CREATE INDEX ON {t} (v);\nCREATE INDEX ON {t} ((v + {i}));\n"
        for i, t in enumerate(INDEXED))
    url = pg.createdb("index_names", sql)
    same = retort.run(["diff", url, str(tmp_sql("same.sql", sql))])
    assert same.returncode == 0, same.stderr
    assert sql_only(same.stdout) == "", same.stdout
    # one index changed: only it is replaced, every other key matched
    changed = sql.replace('"T1" ((v + 3))', '"T1" ((v + 30))')
    assert changed != sql
    one = retort.run(["diff", url, str(tmp_sql("one.sql", changed))])
    assert one.returncode == 0, one.stderr
    out = sql_only(one.stdout)
    assert '"T1_expr_idx"' in out, out
    assert out.count("CREATE INDEX") == 1, out
    pg.dropdb("index_names")
