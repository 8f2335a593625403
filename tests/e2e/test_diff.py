# SPDX-License-Identifier: MIT
"""`retort diff FROM TO`: the SQL it prints really turns FROM into TO on a
real server, --down really reverses it, output is byte-stable, and the
schema filters and unmanaged reporting work."""

import json

import pytest

from conftest import REPO, find_corpus, require, sql_only

EXAMPLE = REPO / "examples" / "tasks"
V1 = EXAMPLE / "schema_v1.sql"
V2 = EXAMPLE / "schema_v2.sql"


def test_same_schema_prints_nothing(retort):
    r = retort.run(["diff", V1, V1])
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""


def test_diff_files(retort):
    r = retort.run(["diff", V1, V2])
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "ALTER TYPE" in out and "blocked" in out
    assert "CREATE TABLE" in out and "labels" in out
    assert "priority" in out
    assert "CREATE VIEW public.open_tasks" in out


def test_diff_twice_gives_identical_bytes(retort):
    a = retort.run(["diff", V1, V2])
    b = retort.run(["diff", V1, V2])
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    a = retort.run(["diff", "--down", V1, V2])
    b = retort.run(["diff", "--down", V1, V2])
    assert a.stdout == b.stdout


def test_up_then_down_on_a_database(retort, pg):
    """v1 database + up == v2; then + down == v1 again."""
    url = pg.createdb("diff_updown", V1.read_text())
    up = retort.run(["diff", V1, V2])
    assert up.returncode == 0, up.stderr
    pg.psql("diff_updown", "BEGIN;\n" + up.stdout + "\nCOMMIT;\n")
    check = retort.run(["diff", V2, url])
    assert check.returncode == 0, check.stderr
    # the view's "*" lists the columns in the table's order, which differs
    # (columns added by the migration come last): a note, never DDL
    assert sql_only(check.stdout) == "", check.stdout

    down = retort.run(["diff", "--down", V1, V2])
    assert down.returncode == 0, down.stderr
    assert down.stdout != up.stdout
    pg.psql("diff_updown", "BEGIN;\n" + down.stdout + "\nCOMMIT;\n")
    check = retort.run(["diff", V1, url])
    assert check.returncode == 0, check.stderr
    assert check.stdout == "", check.stdout
    pg.dropdb("diff_updown")


def test_diff_database_to_file(retort, pg):
    url = pg.createdb("diff_db_file", V1.read_text())
    r = retort.run(["diff", url, V1])
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    r = retort.run(["diff", url, V2])
    assert r.returncode == 0, r.stderr
    assert "labels" in r.stdout
    pg.psql("diff_db_file", r.stdout)
    r = retort.run(["diff", url, V2])
    assert sql_only(r.stdout) == "", r.stdout
    pg.dropdb("diff_db_file")


def test_down_is_the_reverse_diff(retort, tmp_sql):
    a = tmp_sql("a.sql", "CREATE TABLE t (id int PRIMARY KEY);\n")
    b = tmp_sql("b.sql", "CREATE TABLE t (id int PRIMARY KEY, n text);\n"
                "CREATE TABLE u (x int);\n")
    up = retort.run(["diff", a, b])
    down = retort.run(["diff", "--down", a, b])
    assert up.returncode == 0 and down.returncode == 0
    assert "ADD COLUMN" in up.stdout
    assert "DROP COLUMN" in down.stdout
    assert "DROP TABLE" in down.stdout
    assert "DROP" not in up.stdout


def test_diff_schema_filters(retort, tmp_sql):
    a = tmp_sql("a.sql", "CREATE SCHEMA app;\nCREATE SCHEMA other;\n")
    b = tmp_sql("b.sql", "CREATE SCHEMA app;\nCREATE SCHEMA other;\n"
                "CREATE TABLE app.t (id int);\n"
                "CREATE TABLE other.u (id int);\n")
    r = retort.run(["diff", "--schema", "app", a, b])
    assert r.returncode == 0, r.stderr
    assert "app.t" in r.stdout and "other" not in r.stdout
    r = retort.run(["diff", a, b, "--exclude-schema", "app"])
    assert r.returncode == 0, r.stderr
    assert "other.u" in r.stdout and "app" not in r.stdout


def test_diff_exit_status_is_zero_when_different(retort, tmp_sql):
    a = tmp_sql("a.sql", "")
    b = tmp_sql("b.sql", "CREATE TABLE t (id int);\n")
    r = retort.run(["diff", a, b])
    assert r.returncode == 0, r.stderr
    assert "CREATE TABLE" in r.stdout


# --down on real cases: the corpus cases retort must pass, each reversed
# with the inverse changes (rt_diff_invert) rather than a swapped diff.
DOWN_CASES = [
    "constraints", "enumdefaults", "excludeschema", "generated",
    "generated_added", "identitycols", "inherit", "inherit2",
    "partitioning", "seq", "collations", "extversions",
]


@pytest.mark.parametrize("case", DOWN_CASES)
def test_down_reverses_corpus_case(pg, retort, case):
    """database built from b.sql + `diff --down a.sql b.sql` == a.sql"""
    require((find_corpus() / "migra").is_dir(),
            f"no corpus at {find_corpus()}")
    cdir = find_corpus() / "migra" / case
    meta = json.loads((cdir / "case.json").read_text())
    pg.ensure_roles(meta.get("roles") or [])
    flags = []
    opts = meta.get("options") or {}
    if opts.get("schema"):
        flags += ["--schema", opts["schema"]]
    if opts.get("exclude_schema"):
        flags += ["--exclude-schema", opts["exclude_schema"]]
    db = f"down_{case}"
    pg.dropdb(db)
    pg.psql("postgres", f'CREATE DATABASE "{db}" TEMPLATE template0')
    try:
        pg.psql_file(db, cdir / "b.sql")
        down = retort.run(["diff", "--down", cdir / "a.sql", cdir / "b.sql"]
                          + flags)
        assert down.returncode == 0, down.stderr
        pg.psql(db, "BEGIN;\n" + down.stdout + "\nCOMMIT;\n")
        check = retort.run(["diff", cdir / "a.sql", pg.url(db)] + flags)
        assert check.returncode == 0, check.stderr
        assert sql_only(check.stdout) == "", (
            "after --down the database still differs from a.sql:\n"
            + check.stdout + "\n-- the --down migration was:\n"
            + down.stdout)
    finally:
        pg.dropdb(db)
