# SPDX-License-Identifier: MIT
"""Loader fidelity: the SQL loader and the database loader must agree.
For every migra corpus case and for both of its files, a database built
from the file must compare equal to the file itself: `retort diff FILE
postgres://thatdb` prints nothing and exits 0. Every file must load into
PostgreSQL as is (all of migra's do); one that does not is a failure. A
case whose case.json says skip (none does today) is a missing prerequisite:
a skip, or a failure under RETORT_STRICT=1."""

import json

import pytest

from conftest import find_corpus, require, sql_only

CORPUS = find_corpus() / "migra"


def cases():
    if not CORPUS.is_dir():  # one test that reports the missing corpus
        return [pytest.param(None, None, id="no-corpus")]
    out = []
    for case in sorted(p.name for p in CORPUS.iterdir() if p.is_dir()):
        for side in ("a", "b"):
            if (CORPUS / case / f"{side}.sql").exists():
                out.append(pytest.param(case, side, id=f"{case}-{side}"))
    return out


def case_meta(case):
    p = CORPUS / case / "case.json"
    if p.exists():
        return json.loads(p.read_text(encoding="utf-8"))
    return {}


@pytest.mark.parametrize("case,side", cases())
def test_file_and_database_agree(pg, retort, case, side):
    require(CORPUS.is_dir(), f"no corpus at {CORPUS}")
    meta = case_meta(case)
    require(not meta.get("skip"),
            f"{case}/case.json says skip: {meta.get('skip')}")
    pg.ensure_roles(meta.get("roles") or [])
    sql_file = CORPUS / case / f"{side}.sql"
    dbname = f"fid_{case}_{side}"
    pg.dropdb(dbname)
    pg.psql("postgres", f'CREATE DATABASE "{dbname}" TEMPLATE template0')
    try:
        try:
            pg.psql_file(dbname, sql_file)
        except RuntimeError as e:
            pytest.fail(f"{case}/{side}.sql does not load as is: {e}")
        r = retort.run(["diff", sql_file, pg.url(dbname)])
        assert r.returncode == 0, r.stderr
        assert sql_only(r.stdout) == "", (
            f"{case}/{side}.sql and the database built from it differ:\n"
            + r.stdout)
        # and the other way round
        r = retort.run(["diff", pg.url(dbname), sql_file])
        assert r.returncode == 0, r.stderr
        assert sql_only(r.stdout) == "", r.stdout
    finally:
        pg.dropdb(dbname)
