# SPDX-License-Identifier: MIT
"""The SQL loader against PostgreSQL itself: for every scenario in
tests/data/load_sql/, the model retort builds from the file must equal the
model of a database that ran the file (`retort diff FILE DB` prints no
statement), and so must the model of that database's pg_dump. Errors name
file:line:col and exit 2."""

import subprocess

import pytest

from conftest import REPO, sql_only

DATA = REPO / "tests" / "data" / "load_sql"
SCENARIOS = sorted(p.name for p in DATA.glob("*.sql"))


def build(pg, name, path):
    pg.dropdb(name)
    pg.psql("postgres", f'CREATE DATABASE "{name}" TEMPLATE template0')
    pg.psql_file(name, path)
    return pg.url(name)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_file_equals_database(pg, retort, scenario, tmp_path):
    db = "lsql_" + scenario[:-4]
    url = build(pg, db, DATA / scenario)
    try:
        r = retort.run(["diff", DATA / scenario, url])
        assert r.returncode == 0, r.stderr
        assert sql_only(r.stdout) == "", r.stdout
        dump = tmp_path / "dump.sql"
        d = subprocess.run(["pg_dump", "-s", "-d", db], env=pg.env,
                           capture_output=True, text=True, check=True)
        dump.write_text(d.stdout, encoding="utf-8")
        r = retort.run(["diff", dump, url])
        assert r.returncode == 0, r.stderr
        assert sql_only(r.stdout) == "", r.stdout
    finally:
        pg.dropdb(db)


def test_syntax_error_names_the_place(retort, tmp_sql):
    f = tmp_sql("bad.sql", "create table t (a int);\n\n  create tabel u ();\n")
    r = retort.run(["inspect", f])
    assert r.returncode == 2
    assert f"{f}:3:10: syntax error at or near" in r.stderr


def test_semantic_error_names_the_place(retort, tmp_sql):
    f = tmp_sql("bad.sql", "create table t (a int);\n"
                "alter table nope add column b int;\n")
    r = retort.run(["inspect", f])
    assert r.returncode == 2
    assert f"{f}:2:1: relation 'public.nope' does not exist" in r.stderr


def test_unreadable_file(retort, tmp_path):
    r = retort.run(["inspect", tmp_path / "missing.sql"])
    assert r.returncode == 3
    assert "missing.sql" in r.stderr
