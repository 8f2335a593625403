# SPDX-License-Identifier: MIT
"""`retort lint FILE...|-` (issue 8 item 6): the 44 typical statements of
tests/data/lint/typical.sql judged against a real PostgreSQL 15 holding
rows (setup.sql): the lock retort names is the one pg_locks shows, a
rewrite is a new relfilenode, a statement that fails on rows fails; the
comparison with squawk 2.66 (which raises timeout and idempotency rules
on nearly every statement, misses the four that rewrite or empty a table
and flags three type changes that only touch the catalog); each output
format, ignore comments, exit codes and parse errors."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest

from conftest import REPO, require

DATA = REPO / "tests" / "data" / "lint"
SETUP = DATA / "setup.sql"
TYPICAL = DATA / "typical.sql"
SQUAWK = Path(os.environ.get("RETORT_SQUAWK") or
              REPO / "build" / "tools" / "node_modules" / ".bin" / "squawk")

# what squawk misses (issue 8 item 6): statements that rewrite or empty a
# table; and the three type changes that only touch the catalog
MISSED_BY_SQUAWK = {
    "ALTER TABLE accounts ADD COLUMN seq_no serial": "rewrite",
    "TRUNCATE sessions": "empties",
    "VACUUM FULL accounts": "rewrite",
    "ALTER TABLE sessions SET LOGGED": "rewrite",
}
CATALOG_TYPE_CHANGES = [
    "ALTER TABLE accounts ALTER COLUMN email TYPE varchar(200)",
    "ALTER TABLE accounts ALTER COLUMN note TYPE text",
    "ALTER TABLE accounts ALTER COLUMN balance TYPE numeric(14,2)",
]
# squawk's rules about how a migration is written rather than what a
# statement does to a live table (timeouts, IF NOT EXISTS, type advice)
SQUAWK_STYLE = {
    "require-lock-timeout", "require-statement-timeout",
    "require-timeout-settings", "prefer-robust-stmts",
    "prefer-bigint-over-int", "prefer-bigint-over-smallint",
    "prefer-identity", "prefer-text-field", "prefer-timestamptz",
    "ban-char-field", "require-table-schema", "identifier-too-long",
    "require-enum-value-ordering",
}
LOCK_ORDER = ["AccessShare", "RowShare", "RowExclusive",
              "ShareUpdateExclusive", "Share", "ShareRowExclusive",
              "Exclusive", "AccessExclusive"]


def typical_statements():
    out = []
    for line in TYPICAL.read_text().splitlines():
        if line and not line.startswith("--"):
            out.append(line.rstrip(";"))
    return out


def lint_json(retort, args, stdin=None):
    r = subprocess.run([retort.path, "lint", "--format", "json"] +
                       [str(a) for a in args], input=stdin,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode in (0, 1), r.stderr
    return r.returncode, json.loads(r.stdout)


@pytest.fixture(scope="module")
def lintdb(pg):
    url = pg.createdb("lint_typical", SETUP.read_text())
    yield url
    pg.dropdb("lint_typical")


def test_typical_statements_against_the_database(retort, lintdb):
    stmts = typical_statements()
    assert len(stmts) == 44
    rc, res = lint_json(retort, ["--database-url", lintdb, TYPICAL])
    assert rc == 1
    assert [r["statement"] for r in res] == stmts
    by = {r["statement"]: r for r in res}
    for r in res:
        assert set(r) >= {"file", "line", "statement", "lock", "work",
                          "in_transaction", "data_loss", "findings"}
        assert r["file"] == str(TYPICAL)
        assert r["work"] in ("catalog", "scan", "rewrite", "index", "fails",
                             "depends")
        for f in r["findings"]:
            assert set(f) >= {"rule", "message"} and f["message"]
    # the four squawk misses: found, with what they do
    for s, what in MISSED_BY_SQUAWK.items():
        r = by[s]
        assert r["findings"], s
        assert r["lock"] == "AccessExclusive", s
        if what == "rewrite":
            assert r["work"] == "rewrite", s
        else:
            assert r["data_loss"], s
    # the three catalog-only type changes: not flagged
    for s in CATALOG_TYPE_CHANGES:
        assert by[s]["work"] == "catalog", s
        assert by[s]["findings"] == [], s
        assert not by[s]["data_loss"], s
    # a few more facts from the reference
    assert by["ALTER TABLE accounts ADD COLUMN region text NOT NULL"][
        "work"] == "fails"
    assert by["ALTER TABLE orders ALTER COLUMN quantity TYPE bigint"][
        "work"] == "rewrite"
    assert by["ALTER TABLE accounts ALTER COLUMN code SET NOT NULL"][
        "work"] == "catalog"  # a validated CHECK proves it (R31)
    assert by["ALTER TABLE accounts ALTER COLUMN status SET NOT NULL"][
        "work"] == "scan"
    cic = by["CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "
             "accounts_code_idx ON accounts (code)"]
    assert not cic["in_transaction"] and cic["lock"] == \
        "ShareUpdateExclusive" and cic["findings"] == []
    created = by["CREATE INDEX audit_log_at_idx ON audit_log (at)"]
    assert created["new_table"] and created["findings"] == []
    # the same answers from the schema as SQL (--against) and, for the
    # tables it creates itself, from nothing
    rc2, res2 = lint_json(retort, ["--against", SETUP, TYPICAL])
    assert [(r["lock"], r["work"], r["data_loss"],
             [f["rule"] for f in r["findings"]]) for r in res2] == \
        [(r["lock"], r["work"], r["data_loss"],
          [f["rule"] for f in r["findings"]]) for r in res]


def test_empty_tables_from_the_database(retort, pg, tmp_path):
    """With --database-url, a table the database holds without a row has
    nothing to scan, rewrite or index: no hazard (empty_table), while the
    same statements on a table with rows, or against the schema alone
    (--against: no row counts), are flagged."""
    url = pg.createdb("lint_empty", """
        create table empty (id int primary key, n int);
        create table full_ (id int primary key, n int);
        insert into full_ select g, g from generate_series(1, 1000) g;
        """)
    try:
        sql = tmp_path / "m.sql"
        sql.write_text(
            "CREATE INDEX empty_n ON empty (n);\n"
            "ALTER TABLE empty ALTER COLUMN n TYPE bigint;\n"
            "CREATE INDEX full_n ON full_ (n);\n"
            "ALTER TABLE full_ ALTER COLUMN n TYPE bigint;\n")
        rc, res = lint_json(retort, ["--database-url", url, sql])
        assert rc == 1
        empty, empty_type, full, full_type = res
        for r in (empty, empty_type):
            assert r["empty_table"] and not r["new_table"], r
            assert r["findings"] == [], r
        # the facts stay what the statement does; only the hazard goes
        assert empty_type["work"] == "rewrite"
        assert empty_type["lock"] == "AccessExclusive"
        for r in (full, full_type):
            assert not r["empty_table"] and r["findings"], r
        rc, res = lint_json(retort, ["--against", url, sql])
        assert rc == 1 and all(r["findings"] for r in res), res
        assert not any(r["empty_table"] for r in res)
    finally:
        pg.dropdb("lint_empty")


def strongest(modes):
    modes = [m[:-len("Lock")] for m in modes]
    return max(modes, key=LOCK_ORDER.index) if modes else None


def test_facts_match_postgres(retort, pg):
    """Runs the statements one by one on a database with rows: the lock
    retort names is the strongest pg_locks shows on its table, a rewrite
    gets the table a new relfilenode and a catalog-only ALTER does not,
    and what retort says fails on rows fails."""
    url = pg.createdb("lint_facts", SETUP.read_text())
    try:
        _, res = lint_json(retort, ["--database-url", url, TYPICAL])
        checked_locks = rewrites = 0
        with psycopg.connect(url, autocommit=True) as conn:
            for r in res:
                sql, table = r["statement"], r["table"]
                oid = None
                if table:
                    row = conn.execute(
                        "SELECT c.oid, pg_relation_filenode(c.oid) "
                        "FROM pg_class c JOIN pg_namespace n "
                        "ON n.oid = c.relnamespace "
                        "WHERE n.nspname = %s AND c.relname = %s",
                        (table["schema"], table["name"])).fetchone()
                    if row:
                        oid, before = row
                failed = None
                modes = []
                try:
                    if r["in_transaction"]:
                        conn.execute("BEGIN")
                        conn.execute(sql)
                        if oid:
                            modes = [m for (m,) in conn.execute(
                                "SELECT mode FROM pg_locks WHERE "
                                "locktype = 'relation' AND relation = %s "
                                "AND pid = pg_backend_pid()", (oid,))]
                        conn.execute("COMMIT")
                    else:
                        conn.execute(sql)
                except psycopg.Error as e:
                    failed = str(e)
                    conn.execute("ROLLBACK")
                if r["work"] == "fails":
                    assert failed and "contains null values" in failed, sql
                    continue
                assert failed is None, f"{sql}: {failed}"
                if oid and r["in_transaction"] and r["lock"]:
                    assert strongest(modes) == r["lock"], (sql, modes)
                    checked_locks += 1
                if oid:
                    after = conn.execute("SELECT pg_relation_filenode(%s)",
                                         (oid,)).fetchone()[0]
                    if r["work"] == "rewrite":
                        assert after != before, f"{sql}: no rewrite"
                        rewrites += 1
                    elif r["kind"] == "ALTER TABLE" and \
                            r["work"] in ("catalog", "scan"):
                        assert after == before, f"{sql}: rewrote"
        assert checked_locks >= 30
        assert rewrites >= 7
    finally:
        pg.dropdb("lint_facts")


def squawk_rules(path):
    """{line: [rule, ...]} of squawk's findings on path (1-based lines)."""
    r = subprocess.run([str(SQUAWK), "--reporter", "json", str(path)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode in (0, 1), r.stderr
    out = {}
    for v in json.loads(r.stdout):
        out.setdefault(v["line"] + 1, []).append(v["rule_name"])
    return out


def test_compared_with_squawk(retort):
    require(SQUAWK.exists(),
            f"squawk not installed at {SQUAWK} (scripts/install-deps.sh "
            "--test installs squawk-cli 2.66 from npm)")
    ver = subprocess.run([str(SQUAWK), "--version"], capture_output=True,
                         text=True).stdout
    assert "2.66" in ver, ver
    _, res = lint_json(retort, ["--against", SETUP, TYPICAL])
    sq = squawk_rules(TYPICAL)
    by_line = {r["line"]: r for r in res}
    for line, r in by_line.items():
        hazards = [x for x in sq.get(line, []) if x not in SQUAWK_STYLE]
        if r["statement"] in MISSED_BY_SQUAWK:
            assert hazards == [], (r["statement"], sq.get(line))
            assert r["findings"]
        if r["statement"] in CATALOG_TYPE_CHANGES:
            assert "changing-column-type" in sq.get(line, [])
            assert r["findings"] == []
    # squawk's style rules fire on most statements; retort's findings
    # are on the statements with a hazard only
    styled = sum(1 for r in res if sq.get(r["line"]))
    assert styled >= 30
    assert sum(1 for r in res if r["findings"]) < styled


def test_formats(retort, tmp_path):
    f = tmp_path / "m.sql"
    f.write_text("SELECT 1;\nALTER TABLE t ADD COLUMN c int NOT NULL;\n")
    against = tmp_path / "s.sql"
    against.write_text("CREATE TABLE t (id int);\n")
    r = retort.run(["lint", "--against", against, f])
    assert r.returncode == 1
    assert f"{f}:2:1: adding-required-field: ADD COLUMN c NOT NULL " \
        "without a default fails on t when it has rows" in r.stdout
    assert "  fix: add it nullable" in r.stdout
    assert "ALTER TABLE: lock AccessExclusive on public.t, work fails" \
        in r.stdout
    assert r.stdout.endswith("1 finding in 1 of 2 statements\n")
    r = retort.run(["lint", "--format", "github", "--against", against, f])
    assert r.returncode == 1
    assert r.stdout.startswith(f"::warning file={f},line=2::"
                               "adding-required-field: ADD COLUMN c")
    assert "%0Afix: add it nullable" in r.stdout
    assert len(r.stdout.splitlines()) == 1
    rc, res = lint_json(retort, ["--against", against, f])
    assert rc == 1 and len(res) == 2
    assert res[0]["lock"] is None and res[0]["findings"] == []
    assert res[1]["lock"] == "AccessExclusive" and res[1]["line"] == 2
    # deterministic
    assert retort.run(["lint", "--format", "json", "--against", against,
                       f]).stdout == retort.run(
        ["lint", "--format", "json", "--against", against, f]).stdout
    r = retort.run(["lint", "--format", "yaml", f])
    assert r.returncode == 2 and "unknown format 'yaml'" in r.stderr


def test_ignore_comments_and_exit_codes(retort, tmp_path):
    against = tmp_path / "s.sql"
    against.write_text("CREATE TABLE t (id int, a text);\n")
    f = tmp_path / "m.sql"
    f.write_text("-- retort:ignore require-concurrent-index-creation\n"
                 "CREATE INDEX i ON t (a);\n"
                 "ALTER TABLE t DROP COLUMN a; -- retort:ignore "
                 "ban-drop-column\n")
    r = retort.run(["lint", "--against", against, f])
    assert r.returncode == 0, r.stdout
    assert r.stdout == "0 findings in 0 of 2 statements\n"
    rc, res = lint_json(retort, ["--against", against, f])
    assert res[0]["ignored"] == ["require-concurrent-index-creation"]
    assert res[1]["ignored"] == ["ban-drop-column"]
    # --exclude does the same for every statement; an unknown rule is a
    # usage error
    f.write_text("CREATE INDEX i ON t (a);\n")
    r = retort.run(["lint", "--against", against, "--exclude",
                    "require-concurrent-index-creation", f])
    assert r.returncode == 0
    r = retort.run(["lint", "--exclude", "no-such-rule", f])
    assert r.returncode == 2 and "unknown rule 'no-such-rule'" in r.stderr
    # a statement on a table created in the same input has no hazard
    r = subprocess.run(
        [retort.path, "lint", "-"], capture_output=True, text=True,
        input="CREATE TABLE n (id int);\nCREATE INDEX ON n (id);\n"
        "ALTER TABLE n ADD COLUMN b int NOT NULL;\n")
    assert r.returncode == 0, r.stdout
    # stdin is named <stdin>
    r = subprocess.run([retort.path, "lint", "-"], capture_output=True,
                       text=True, input="TRUNCATE t;\n")
    assert r.returncode == 1 and r.stdout.startswith(
        "<stdin>:1:1: ban-truncate:")


def test_parse_errors_and_failures(retort, tmp_path):
    f = tmp_path / "bad.sql"
    f.write_text("SELECT 1;\n\nALTER TABLE t ADD COLUMN ,;\n")
    r = retort.run(["lint", f])
    assert r.returncode == 2
    assert r.stderr == f'retort: {f}:3:26: syntax error at or near ","\n'
    assert r.stdout == ""
    r = retort.run(["lint", tmp_path / "missing.sql"])
    assert r.returncode == 3 and "cannot read" in r.stderr
    r = retort.run(["lint", "--database-url",
                    "postgresql://nobody@127.0.0.1:1/x", f])
    assert r.returncode == 3 and "cannot connect" in r.stderr
    r = retort.run(["lint"])
    assert r.returncode == 2 and "lint needs a FILE" in r.stderr
    r = retort.run(["lint", "--list-rules"])
    assert r.returncode == 0 and "adding-required-field" in r.stdout
