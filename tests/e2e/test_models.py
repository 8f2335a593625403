# SPDX-License-Identifier: MIT
"""SQLModel models as a source: the differential proof of issue 6 item 4.

Every case under tests/models/<case>/ (see tests/models/README.md) is a
model file or package with a case.json. For each, a reference database is
built the way an application builds it: SQLModel.metadata.create_all with
Debian's SQLModel 0.0.8 under /usr/bin/python3 (cwd = the case directory),
or, for constructs only the latest SQLModel has (case.json "latest_only"),
from expected.sql, the DDL latest's create_all emits. Then:

  (a) the static reader: `retort diff postgres://REF SOURCE` prints
      nothing, or exactly expected_static_diff.sql where the case records
      a difference between 0.0.8 and latest (the reader follows latest);
  (b) the import bridge: `retort diff --python=/usr/bin/python3
      postgres://REF SOURCE` prints nothing (it runs 0.0.8, so REF is the
      create_all database); latest-only models fail to import: exit 2;
  (c) static against bridge: `retort inspect --json SOURCE` and
      `retort inspect --json --python=PY SOURCE` written to files, then
      `retort diff BRIDGE.json STATIC.json` prints what (a) prints: the
      same direction, from 0.0.8 to current;
  (d) from empty: `retort diff postgres://EMPTY SOURCE` applied to the
      empty database (psql -1, ON_ERROR_STOP) makes it compare equal to
      the database the static reader should match (expected.sql's where
      there is one, else create_all's).

Bad inputs (tests/models/bad_*): `retort inspect SOURCE` exits 2 with
exactly expected_error.txt on stderr, run with no python3 on PATH so that
no fallback to the bridge can happen; and Python itself rejects the input
(or accepts it, where case.json says so).

(a) to (d) fail until the static reader and the bridge exist; the
create_all / expected.sql checks and the recorded 0.0.8 -> latest
differences are verified today.
"""

import json
import os
import subprocess

import pytest

from conftest import REPO, require

MODELS = REPO / "tests" / "models"
CREATE_ALL = MODELS / "create_all.py"
PY = "/usr/bin/python3"


def _cases(bad):
    out = []
    for d in sorted(MODELS.iterdir()):
        if (d / "case.json").exists() and d.name.startswith("bad_") == bad:
            out.append(d.name)
    return out


GOOD = _cases(False)
BAD = _cases(True)


def case_info(name):
    d = MODELS / name
    info = json.loads((d / "case.json").read_text(encoding="utf-8"))
    info["dir"] = d
    info.setdefault("schemas", [])
    info.setdefault("latest_only", False)
    info.setdefault("version_specific", False)
    return info


def expected_diff(info):
    """expected_static_diff.sql without its header (the comment lines up
    to the first blank line), or "" when the case has none."""
    p = info["dir"] / "expected_static_diff.sql"
    if not p.exists():
        return ""
    text = p.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n\n")
    assert sep and all(l.startswith("--") for l in head.splitlines()), \
        f"{p}: a comment header, a blank line, then retort's output"
    return body


def run_create_all(pg, info, dbname, ddl=False):
    args = [PY, str(CREATE_ALL), pg.url(dbname), info["source"]]
    for s in info["schemas"]:
        args += ["--schema", s]
    if ddl:
        args.append("--ddl")
    env = dict(pg.env, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(args, cwd=info["dir"], capture_output=True,
                          text=True, env=env, timeout=120)


def tables(pg, dbname):
    out = pg.psql(dbname, "SELECT schemaname || '.' || tablename FROM "
                  "pg_tables WHERE schemaname NOT IN ('pg_catalog', "
                  "'information_schema') ORDER BY 1")
    return sorted(l for l in out.splitlines() if l)


_built = {}


def reference_dbs(pg, name):
    """Builds (once per session) the case's databases: "create_all"
    (SQLModel 0.0.8) unless latest_only, "expected" (expected.sql) where
    the case has one. Returns {kind: dbname}."""
    if name in _built:
        return _built[name]
    info = case_info(name)
    dbs = {}
    if not info["latest_only"]:
        db = f"mc_{name}"
        pg.createdb(db)
        r = run_create_all(pg, info, db)
        assert r.returncode == 0, f"create_all failed:\n{r.stderr}"
        dbs["create_all"] = db
    if (info["dir"] / "expected.sql").exists():
        db = f"mx_{name}"
        pg.createdb(db)
        for s in info["schemas"]:
            pg.psql(db, f'CREATE SCHEMA "{s}"')
        pg.psql_file(db, info["dir"] / "expected.sql")
        dbs["expected"] = db
    _built[name] = dbs
    return dbs


def static_target(dbs):
    """The database the static reader (current SQLModel) must match."""
    return dbs.get("expected") or dbs["create_all"]


def test_corpus_shape():
    """Issue 6 item 4: at least 40 cases; every case names an existing
    source and its tables; version-specific cases carry both expected
    files and quote the mapping reference; bad cases their error."""
    assert len(GOOD) >= 40, GOOD
    assert len(BAD) >= 8, BAD
    for name in GOOD:
        info = case_info(name)
        src = info["source"]
        d = info["dir"]
        assert (d / src).exists() or (
            d / src.replace(".", "/")).is_dir() or (
            d / (src.replace(".", "/") + ".py")).exists(), (name, src)
        assert info["tables"] and info["notes"], name
        has_x = (d / "expected.sql").exists()
        has_diff = (d / "expected_static_diff.sql").exists()
        if info["version_specific"]:
            assert has_x and has_diff, name
            head = (d / "expected_static_diff.sql").read_text().split(
                "\n\n")[0]
            assert "sqlmodel-mapping.md section" in head, name
        elif info["latest_only"]:
            assert has_x and not has_diff and info.get("bridge_error"), name
        else:
            assert not has_x and not has_diff, name
    for name in BAD:
        d = MODELS / name
        err = (d / "expected_error.txt").read_text(encoding="utf-8")
        assert err.startswith("retort: ") and err.count("\n") == 1, name


@pytest.mark.parametrize("name", GOOD)
def test_reference_databases(pg, name):
    """create_all on SQLModel 0.0.8 makes exactly the tables the case
    names (latest-only models fail to import on 0.0.8 as the case says),
    and expected.sql, where there is one, makes the same tables."""
    info = case_info(name)
    if info["latest_only"]:
        r = run_create_all(pg, info, "unused", ddl=True)
        assert r.returncode != 0
        assert info["bridge_error"] in r.stderr, r.stderr
    dbs = reference_dbs(pg, name)
    for kind, db in dbs.items():
        assert tables(pg, db) == sorted(info["tables"]), kind


VERSION_SPECIFIC = [n for n in GOOD if case_info(n)["version_specific"]]


@pytest.mark.parametrize("name", VERSION_SPECIFIC)
def test_recorded_version_difference(pg, retort, name):
    """The 0.0.8 create_all database and latest's DDL (expected.sql)
    differ by exactly expected_static_diff.sql: the recorded difference
    is real, and is what (a) expects the static reader to print."""
    info = case_info(name)
    dbs = reference_dbs(pg, name)
    r = retort.run(["diff", pg.url(dbs["create_all"]),
                    pg.url(dbs["expected"])])
    assert r.returncode == 0, r.stderr
    assert r.stdout == expected_diff(info)
    assert expected_diff(info) != ""


@pytest.mark.parametrize("name", GOOD)
def test_static_reader(pg, retort, name):
    """(a) the static reader gives the schema create_all gives (or the
    recorded current-version difference)."""
    info = case_info(name)
    dbs = reference_dbs(pg, name)
    ref = dbs.get("create_all") or dbs["expected"]
    r = retort.run(["diff", pg.url(ref), info["source"]], cwd=info["dir"],
                   env=pg.env)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert r.stdout == ("" if info["latest_only"] else expected_diff(info))
    if "expected" in dbs and "create_all" in dbs:
        r = retort.run(["diff", pg.url(dbs["expected"]), info["source"]],
                       cwd=info["dir"], env=pg.env)
        assert r.returncode == 0, r.stderr
        assert r.stdout == ""


@pytest.mark.parametrize("name", GOOD)
def test_bridge(pg, retort, name):
    """(b) the import bridge (SQLModel 0.0.8 here) gives the create_all
    schema; models it cannot import are an error, exit 2."""
    info = case_info(name)
    dbs = reference_dbs(pg, name)
    if info["latest_only"]:
        r = retort.run(["diff", f"--python={PY}", pg.url(dbs["expected"]),
                        info["source"]], cwd=info["dir"], env=pg.env)
        assert r.returncode == 2, r.stdout + r.stderr
        assert r.stdout == ""
        assert info["bridge_error"] in r.stderr
        return
    r = retort.run(["diff", f"--python={PY}", pg.url(dbs["create_all"]),
                    info["source"]], cwd=info["dir"], env=pg.env)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""


@pytest.mark.parametrize("name", [n for n in GOOD
                                  if not case_info(n)["latest_only"]])
def test_static_against_bridge(retort, tmp_path, name):
    """(c) static reader and bridge, through their JSON dumps: they agree,
    or differ exactly as expected_static_diff.sql says (bridge = 0.0.8 is
    FROM, static = current is TO, as in (a))."""
    info = case_info(name)
    static = tmp_path / "static.json"
    bridge = tmp_path / "bridge.json"
    r = retort.run(["inspect", "--json", info["source"]], cwd=info["dir"])
    assert r.returncode == 0, r.stderr
    static.write_text(r.stdout, encoding="utf-8")
    r = retort.run(["inspect", "--json", f"--python={PY}", info["source"]],
                   cwd=info["dir"])
    assert r.returncode == 0, r.stderr
    bridge.write_text(r.stdout, encoding="utf-8")
    r = retort.run(["diff", bridge, static])
    assert r.returncode == 0, r.stderr
    assert r.stdout == expected_diff(info)


@pytest.mark.parametrize("name", GOOD)
def test_from_empty(pg, retort, tmp_path, name):
    """(d) retort diff from an empty database creates every table: applied,
    the database compares equal to the one the reader must match."""
    info = case_info(name)
    target = static_target(reference_dbs(pg, name))
    empty = f"me_{name}"
    pg.createdb(empty)
    r = retort.run(["diff", pg.url(empty), info["source"]], cwd=info["dir"],
                   env=pg.env)
    assert r.returncode == 0, r.stderr
    assert "CREATE TABLE" in r.stdout
    script = tmp_path / "from_empty.sql"
    script.write_text(r.stdout, encoding="utf-8")
    a = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-1",
                        "-d", empty, "-f", str(script)],
                       capture_output=True, text=True, env=pg.env)
    assert a.returncode == 0, a.stderr
    assert tables(pg, empty) == sorted(info["tables"])
    r = retort.run(["diff", pg.url(empty), pg.url(target)])
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    pg.dropdb(empty)


def no_python_env(tmp_path):
    """An environment whose PATH has no python3: the static reader's
    refusal cannot fall back to the bridge."""
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["PATH"] = str(empty)
    return env


@pytest.mark.parametrize("name", BAD)
def test_bad_input(retort, tmp_path, name):
    """Issue 6 items 2 and 6: one line on stderr with the place, exit 2."""
    d = MODELS / name
    info = json.loads((d / "case.json").read_text(encoding="utf-8"))
    want = (d / "expected_error.txt").read_text(encoding="utf-8")
    r = retort.run(["inspect", info["source"]], cwd=d,
                   env=no_python_env(tmp_path), timeout=60)
    assert r.returncode == 2, r.stderr
    assert r.stdout == ""
    assert r.stderr == want


@pytest.mark.parametrize("name", BAD)
def test_bad_input_in_python(name):
    """What Python makes of each bad case is what case.json says: the
    refusal is not the static reader's invention (or, python_accepts,
    the case is one where current SQLModel or the no-guessing rule is
    stricter than 0.0.8)."""
    require(os.path.exists(PY), f"{PY} not found")
    d = MODELS / name
    info = json.loads((d / "case.json").read_text(encoding="utf-8"))
    r = subprocess.run([PY, str(CREATE_ALL), "unused", info["source"],
                        "--ddl"], cwd=d, capture_output=True, text=True,
                       timeout=120,
                       env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    if info.get("python_accepts"):
        assert r.returncode == 0, r.stderr
        assert "CREATE TABLE" in r.stdout
    else:
        assert r.returncode != 0
        assert info["python_error"] in r.stderr, r.stderr
