# SPDX-License-Identifier: MIT
"""The JSON source: `retort inspect --json F > F.json` reads back as the
same model. For every tests/cases/*/{a,b}.sql and every corpus file
(migra/*/{a,b}.sql): `diff F F.json` and `diff F.json F` print nothing, and
`inspect --json F.json` is byte-identical to `inspect --json F` but for
the "source" field. The same from live databases (the JSON of a URL diffs
empty against the URL, both ways), and the errors of bad JSON."""

import json
from pathlib import Path

import pytest

from conftest import REPO, find_corpus, require

CASES = REPO / "tests" / "cases"
CORPUS = find_corpus() / "migra"

CASE_FILES = sorted(str(p.relative_to(REPO)) for p in CASES.glob("*/[ab].sql"))


def without_source(text):
    doc = json.loads(text)
    doc.pop("source")
    return doc, [line for line in text.splitlines()
                 if not line.startswith('  "source": ')]


def round_trip(retort, src, tmp_path):
    """inspect --json src > src.json, then the three checks."""
    out = tmp_path / (Path(src).parent.name + "-" + Path(src).stem + ".json")
    r = retort.run(["inspect", "--json", src], cwd=REPO)
    assert r.returncode == 0, r.stderr
    out.write_text(r.stdout, encoding="utf-8")
    for a, b in ((src, out), (out, src)):
        d = retort.run(["diff", a, b], cwd=REPO)
        assert d.returncode == 0, d.stderr
        assert d.stdout == "", f"diff {a} {b}:\n{d.stdout}"
    again = retort.run(["inspect", "--json", out], cwd=REPO)
    assert again.returncode == 0, again.stderr
    first, lines1 = without_source(r.stdout)
    second, lines2 = without_source(again.stdout)
    assert lines2 == lines1
    assert second == first
    return first


@pytest.mark.parametrize("src", CASE_FILES)
def test_case_file_round_trips(retort, tmp_path, src):
    round_trip(retort, src, tmp_path)


def test_every_case_is_covered():
    # tests/cases holds 130-odd cases: the glob found them all
    assert len(CASE_FILES) >= 2 * (len([p for p in CASES.iterdir()
                                        if p.is_dir()]))


def test_corpus_files_round_trip(retort, tmp_path):
    require(CORPUS.is_dir(), f"no corpus at {CORPUS}")
    files = sorted(CORPUS.glob("*/[ab].sql"))
    assert len(files) >= 50
    failed = []
    for f in files:
        try:
            round_trip(retort, str(f), tmp_path)
        except AssertionError as e:
            failed.append(f"{f}: {str(e)[:300]}")
    assert failed == [], "\n".join(failed)


LIVE = ["app_objects", "views_complex", "part_range", "identity_opts",
        "rules_change", "domains_change", "triggers_change", "rls_policies",
        "enums", "privileges_change"]


@pytest.mark.parametrize("case", LIVE)
def test_live_database_round_trips(pg, retort, tmp_path, case):
    src = CASES / case / "b.sql"
    assert src.exists(), src
    pg.ensure_roles(["app_reader", "reader", "writer"])
    url = pg.createdb("json_" + case)
    pg.psql_file("json_" + case, src)
    r = retort.run(["inspect", "--json", url])
    assert r.returncode == 0, r.stderr
    j = tmp_path / "live.json"
    j.write_text(r.stdout, encoding="utf-8")
    assert json.loads(r.stdout)["tables"], "the case made no table"
    for a, b in ((url, j), (j, url)):
        d = retort.run(["diff", a, b])
        assert d.returncode == 0, d.stderr
        assert d.stdout == "", f"diff {a} {b}:\n{d.stdout}"
    again = retort.run(["inspect", "--json", j])
    assert again.returncode == 0, again.stderr
    assert without_source(again.stdout)[1] == without_source(r.stdout)[1]
    pg.dropdb("json_" + case)


def test_json_source_changes_show(retort, tmp_path):
    """Not a no-op: a JSON model that differs gives the DDL."""
    a = tmp_path / "a.sql"
    a.write_text("create table t (id int primary key, n text);\n")
    r = retort.run(["inspect", "--json", a])
    doc = json.loads(r.stdout)
    doc["tables"][0]["columns"][1]["not_null"] = True
    doc["tables"][0]["comment"] = "tee"
    j = tmp_path / "b.json"
    j.write_text(json.dumps(doc))
    d = retort.run(["diff", a, j])
    assert d.returncode == 0, d.stderr
    assert "ALTER COLUMN n SET NOT NULL" in d.stdout
    assert "COMMENT ON TABLE public.t IS 'tee'" in d.stdout


def test_malformed_json_has_its_place(retort, tmp_path):
    j = tmp_path / "bad.json"
    j.write_text('{\n  "source": "x",\n  "tables": [}\n}\n')
    r = retort.run(["inspect", j])
    assert r.returncode == 2
    assert r.stderr.startswith(f"retort: {j}:3:"), r.stderr


def test_missing_field_names_object_and_field(retort, tmp_path):
    a = tmp_path / "a.sql"
    a.write_text("create table t (id int primary key);\n")
    doc = json.loads(retort.run(["inspect", "--json", a]).stdout)
    del doc["tables"][0]["columns"][0]["type"]
    j = tmp_path / "m.json"
    j.write_text(json.dumps(doc))
    r = retort.run(["diff", a, j])
    assert r.returncode == 2
    assert r.stderr == (f"retort: {j}: column public.t.id: field 'type' "
                        "is missing\n")
    doc["tables"][0]["columns"][0]["type"] = "integer"
    j.write_text(json.dumps(doc))
    r = retort.run(["diff", a, j])
    assert r.returncode == 2
    assert r.stderr == (f"retort: {j}: column public.t.id: field 'type' "
                        "must be an object\n")


def test_missing_file(retort, tmp_path):
    r = retort.run(["inspect", tmp_path / "nope.json"])
    assert r.returncode == 3
    assert "cannot read" in r.stderr


SEARCH_PATH_SQL = """create schema app;
set search_path = app;
create table t (id int, n text);
create view v as select * from t where n <> 'x';
"""


def test_view_read_under_its_schema(retort, tmp_path):
    """A file's view in a schema it set search_path to names its tables
    unqualified: read back, they are still that schema's."""
    f = tmp_path / "sp.sql"
    f.write_text(SEARCH_PATH_SQL)
    round_trip(retort, str(f), tmp_path)


def test_live_view_on_public_table_beside_same_name(pg, retort, tmp_path):
    """A database prints public tables unqualified: a view in app over
    public.t stays over public.t when app.t exists too."""
    url = pg.createdb("json_sp", SEARCH_PATH_SQL.replace(
        "set search_path = app;", "set search_path = app, public;")
        + "create table public.t (x int);\n"
        "create view app.w as select * from public.t;\n")
    r = retort.run(["inspect", "--json", url])
    assert r.returncode == 0, r.stderr
    assert '"query": "SELECT t.x FROM t"' in r.stdout
    j = tmp_path / "sp.json"
    j.write_text(r.stdout)
    for a, b in ((url, j), (j, url)):
        d = retort.run(["diff", a, b])
        assert d.returncode == 0, d.stderr
        assert d.stdout == "", d.stdout
    pg.dropdb("json_sp")
