# SPDX-License-Identifier: MIT
"""`retort plan` end to end (issue 8 items 3 and 4): the review of the
pending migrations as Markdown and JSON, on a PostgreSQL project whose
table has rows (estimates from its statistics and a throughput measured
on the server), a table never analyzed (no figure, said so), a project
without a database URL, a SQLite project, and the error paths."""

import json
import re

import pytest

from test_lifecycle import PgDb, Project, SqliteDb, db_name, one_error

SECTIONS = ["## Overview", "## Schema changes", "## Forward SQL",
            "## Rollback SQL", "## Validation SQL", "## Risk assessment",
            "## Testing checklist"]

CREATE = ("0001_create.sql",
          "-- Create the items.\n\n-- +up\n"
          "CREATE TABLE items (id integer PRIMARY KEY, n integer,"
          " pad text);\n\n-- +down\nDROP TABLE items;\n")

WIDEN = ("0002_widen.sql",
         "-- Widen items.n and index it.\n\n-- +up\n"
         "ALTER TABLE items ALTER COLUMN n TYPE bigint;\n\n"
         "CREATE INDEX items_n ON items (n);\n\n"
         "ALTER TABLE items ADD COLUMN note text;\n\n"
         "-- +down\nALTER TABLE items DROP COLUMN note;\n\n"
         "DROP INDEX items_n;\n\n"
         "ALTER TABLE items ALTER COLUMN n TYPE integer;\n\n"
         "-- +validate\n-- +expect 0 rows\n"
         "SELECT 1 FROM items WHERE n IS NULL;\n")


@pytest.fixture
def pgdb(request, pg):
    d = PgDb(pg, db_name(request))
    yield d
    d.drop()


def pg_project(tmp_path, db, rows=20000, analyze=True):
    p = Project(tmp_path / "proj").configure(db.url)
    p.write(*CREATE)
    p.ok("upgrade")
    db.rows("ALTER TABLE items SET (autovacuum_enabled = off)")
    db.rows(f"INSERT INTO items SELECT g, g, md5(g::text)"
            f" FROM generate_series(1, {rows}) g")
    if analyze:
        db.rows("ANALYZE items")
    p.write(*WIDEN)
    return p


def test_plan_markdown_and_json_with_estimates(pgdb, tmp_path):
    p = pg_project(tmp_path, pgdb)
    md = p.ok("plan").stdout
    assert md.startswith("# Migration plan: 0002_widen.sql\n"), md
    pos = [md.index(s) for s in SECTIONS]
    assert pos == sorted(pos), md
    assert "| Purpose | Widen items.n and index it. |" in md
    assert re.search(r"\| Estimated duration \| [0-9.]+ (ms|s) \|", md), md
    assert re.search(r"\| Downtime \| (yes|no)", md), md
    assert "| Risk level | " in md
    assert "change type of public.items.n from integer to bigint" in md
    assert "0001_create.sql" not in md.split("## Schema changes")[1]
    # forward, rollback and validation SQL as written
    assert "ALTER TABLE items ALTER COLUMN n TYPE bigint;" in md
    assert "ALTER TABLE items ALTER COLUMN n TYPE integer;" in md
    assert "-- expect 0 rows\nSELECT 1 FROM items WHERE n IS NULL;" in md
    assert "- [ ] roll back with `retort downgrade 0001`" in md

    d = json.loads(p.ok("plan", "--json").stdout)
    assert d["dialect"] == "postgresql" and d["database"] is True
    assert d["current"] == 1
    assert d["risk"] in ("medium", "high")
    est = d["estimate"]
    assert est["available"] is True and est["total_ms"] > 0
    assert est["downtime"] in ("yes", "no")
    assert est["downtime_threshold_ms"] == 1000
    cal = est["calibration"]
    assert cal["scan_mb_s"] > 0 and cal["rewrite_mb_s"] > 0
    assert [m["name"] for m in d["migrations"]] == ["0002_widen.sql"]
    m = d["migrations"][0]
    assert m["purpose"] == "Widen items.n and index it."
    st = m["statements"]
    assert [s["work"] for s in st] == ["rewrite", "index", "catalog"]
    assert [s["lock"] for s in st] == ["AccessExclusive", "Share",
                                        "AccessExclusive"]
    assert [s["line"] for s in st] == [4, 6, 8]
    assert all(s["in_transaction"] for s in st)
    for s in st:
        assert s["estimate"]["duration_ms"] > 0, s
        assert s["estimate"]["unknown_because"] is None
    assert "rewrite of" in st[0]["estimate"]["basis"]
    # the rewrite's ACCESS EXCLUSIVE lock is held to the commit: through
    # the index build and the catalog change after it
    assert st[0]["estimate"]["lock_ms"] >= sum(
        s["estimate"]["duration_ms"] for s in st) - 0.5
    assert st[0]["findings"], st[0]
    assert {"rule", "message", "fix"} <= set(st[0]["findings"][0])
    kinds = {c["kind"] for c in d["changes"]}
    assert {"alter_column_type", "create_index", "add_column"} <= kinds
    assert m["rollback"][0] == "ALTER TABLE items DROP COLUMN note"
    assert m["validate"] == [{"sql": "SELECT 1 FROM items WHERE n IS NULL",
                              "expect": "0 rows"}]
    assert d["checklist"]


def test_plan_leaves_nothing_behind(pgdb, tmp_path):
    p = pg_project(tmp_path, pgdb, rows=100)
    before = pgdb.rows("SELECT relname FROM pg_class WHERE relname LIKE "
                       "'retort_calibration%'")
    p.ok("plan")
    assert before == [] and pgdb.rows(
        "SELECT relname FROM pg_class WHERE relname LIKE "
        "'retort_calibration%'") == []
    assert pgdb.rows("SELECT count(*) FROM items") == [("100",)]


def test_plan_reads_statistics_in_a_fixed_number_of_statements(pgdb,
                                                               tmp_path):
    p = pg_project(tmp_path, pgdb, rows=100)
    d = json.loads(p.ok("plan", "--json").stdout)
    sent = d["estimate"]["calibration"]["statements_sent"]
    pgdb.rows("DO $$ BEGIN FOR i IN 1..60 LOOP EXECUTE format("
              "'CREATE TABLE extra_%s (id int PRIMARY KEY, t text)', i);"
              " END LOOP; END $$")
    d = json.loads(p.ok("plan", "--json").stdout)
    assert d["estimate"]["calibration"]["statements_sent"] == sent


def test_plan_without_statistics_says_so(pgdb, tmp_path):
    p = pg_project(tmp_path, pgdb, rows=5000, analyze=False)
    md = p.ok("plan").stdout
    assert "no statistics for public.items: run ANALYZE" in md, md
    d = json.loads(p.ok("plan", "--json").stdout)
    st = d["migrations"][0]["statements"]
    assert st[0]["estimate"]["duration_ms"] is None
    assert st[0]["estimate"]["unknown_because"] == \
        "no statistics for public.items: run ANALYZE"
    assert d["estimate"]["statements_without_estimate"] >= 2
    assert d["estimate"]["downtime"] == "unknown"
    assert any("run ANALYZE" in c for c in d["checklist"])


def test_plan_without_a_database(tmp_path):
    p = Project(tmp_path / "proj").configure(None)
    p.write(*CREATE)
    p.write(*WIDEN)
    md = p.ok("plan").stdout
    assert "# Migration plan: 0001_create.sql to 0002_widen.sql" in md
    assert "not estimated (no database URL" in md
    d = json.loads(p.ok("plan", "--json").stdout)
    assert d["database"] is False and d["estimate"]["available"] is False
    assert d["estimate"]["total_ms"] is None
    assert [m["version"] for m in d["migrations"]] == [1, 2]
    # a table created earlier in the same plan: new, blocks nothing
    st = d["migrations"][1]["statements"][0]
    assert st["work"] == "rewrite" and st["blocks_reads"] is False
    # deterministic without a database
    assert p.ok("plan").stdout == md
    # a target stops the list
    d = json.loads(p.ok("plan", "1", "--json").stdout)
    assert [m["version"] for m in d["migrations"]] == [1]


def test_plan_sqlite(tmp_path):
    db = SqliteDb(tmp_path / "app.db")
    p = Project(tmp_path / "proj").configure(db.url)
    p.write("0001_create.sql",
            "-- Create the items.\n\n-- +up\n"
            "CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER);\n\n"
            "-- +down\nDROP TABLE items;\n")
    p.write("0002_index.sql",
            "-- Index n.\n\n-- +up\nCREATE INDEX items_n ON items (n);\n\n"
            "-- +down\nDROP INDEX items_n;\n")
    md = p.ok("plan").stdout
    assert "| Database | SQLite |" in md
    assert "no per-table lock analysis" in md
    assert "SQLite: no table statistics" in md
    p.ok("upgrade", "1")
    d = json.loads(p.ok("plan", "--json").stdout)
    assert d["dialect"] == "sqlite" and d["current"] == 1
    assert [m["name"] for m in d["migrations"]] == ["0002_index.sql"]
    st = d["migrations"][0]["statements"][0]
    assert st["work"] is None and st["lock"] is None
    assert st["estimate"]["unknown_because"] == "SQLite: no table statistics"
    assert [c["kind"] for c in d["changes"]] == ["create_index"]
    p.ok("upgrade")
    assert p.ok("plan").stdout == "nothing pending up to head\n"


def test_plan_errors(pgdb, tmp_path):
    p = pg_project(tmp_path, pgdb, rows=10)
    line = one_error(p.run("plan", "nope"), 2)
    assert "nope" in line
    one_error(p.run("plan", "1", "2"), 2)
    bad = Project(tmp_path / "bad").configure(
        "postgresql://harness@127.0.0.1:1/nowhere")
    bad.write(*CREATE)
    line = one_error(bad.run("plan"), 3)
    assert "cannot connect" in line
    broken = Project(tmp_path / "broken").configure(None)
    broken.write("0001_bad.sql", "-- +up\nALTER TABLE nowhere ADD x int;\n")
    one_error(broken.run("plan"), 2)
