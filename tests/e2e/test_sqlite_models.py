# SPDX-License-Identifier: MIT
"""SQLModel models read for SQLite (issue 7 item 6): the differential proof
of test_models.py, on SQLite.

For every model case under tests/models/<case>/ that SQLite can hold, a
reference SQLite file is built the way an application builds it:
SQLModel.metadata.create_all with Debian's SQLModel 0.0.8 under
/usr/bin/python3 (create_all.py with a sqlite:/// URL, which applies
current SQLAlchemy's server-default rule: mapping section 3.6); where
0.0.8 differs from current SQLModel on SQLite, from expected_sqlite.sql,
the DDL current create_all emits on SQLite (as test_models.py uses
expected.sql). Then

  (a) `retort diff sqlite:///REF SOURCE` prints nothing, and so does
      `retort diff SOURCE sqlite:///REF` (the models are read for SQLite
      because the other side is SQLite);
  (b) `retort inspect --json sqlite:///REF` and
      `retort inspect --json --dialect sqlite SOURCE` are equal but for
      their "source" and the order of columns (0.0.8 puts sa_column
      fields first: mapping section 1.6, tests/models/README.md).

The cases SQLite cannot hold are listed in CANNOT with the reason, and the
test checks the reason: create_all fails on SQLite, and retort refuses the
models for SQLite (exit 2) with a message saying why. No case is left out
otherwise: test_every_case_is_covered fails on a new case that is neither
checked nor listed.
"""

import json
import subprocess

import pytest

from conftest import REPO

MODELS = REPO / "tests" / "models"
CREATE_ALL = MODELS / "create_all.py"
PY = "/usr/bin/python3"

# case -> (why SQLite cannot hold it, a piece of retort's error)
CANNOT = {
    "indexes": ("ARRAY and JSONB columns (GIN indexes on them): SQLAlchemy's "
                "SQLite compiler cannot render ARRAY",
                "type VARCHAR[] has no SQLite spelling"),
    "sa_column_types": ("PostgreSQL-only types (JSONB, INET, ...): SQLAlchemy's "
                        "SQLite compiler cannot render JSONB",
                        "type JSONB has no SQLite spelling"),
    "latest_field_options": ("an ARRAY column (sa_type=ARRAY(String)); "
                             "latest only, and 0.0.8 cannot import it",
                             "type VARCHAR[] has no SQLite spelling"),
    "package_dir": ("tables in schema 'inventory': SQLite has no schemas "
                    "(create_all: unknown database inventory)",
                    "SQLite has no schema 'inventory'"),
    "schemas": ("tables in schemas 'app' and 'audit'",
                "SQLite has no schema 'app'"),
    "table_args_dict": ("a table in schema 'archive'",
                        "SQLite has no schema 'archive'"),
}

# version-specific cases whose 0.0.8 / current difference does not reach
# SQLite, so that 0.0.8's create_all is current's there too
SAME_ON_SQLITE = {
    "enum_alias": "SQLAlchemy 1.4 keeps the alias ROUND among the labels, "
                  "2.0 drops it, but on SQLite the column is VARCHAR(6) "
                  "either way (SQUARE, CIRCLE: the longest is 6)",
}


def _cases():
    return sorted(d.name for d in MODELS.iterdir()
                  if (d / "case.json").exists()
                  and not d.name.startswith("bad_"))


CASES = _cases()
HELD = [c for c in CASES if c not in CANNOT]


def case_info(name):
    d = MODELS / name
    info = json.loads((d / "case.json").read_text(encoding="utf-8"))
    info["dir"] = d
    info.setdefault("latest_only", False)
    info.setdefault("version_specific", False)
    return info


def create_all(info, db):
    return subprocess.run([PY, str(CREATE_ALL), f"sqlite:///{db}",
                           info["source"]],
                          cwd=info["dir"], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin",
                               "PYTHONDONTWRITEBYTECODE": "1"},
                          timeout=120)


def reference(tmp_path, info):
    """The reference SQLite file of a case (see the module's docstring)."""
    db = tmp_path / "ref.db"
    x = info["dir"] / "expected_sqlite.sql"
    if x.exists():
        import sqlite3
        con = sqlite3.connect(db)
        con.executescript(x.read_text(encoding="utf-8"))
        con.close()
    else:
        r = create_all(info, db)
        assert r.returncode == 0, f"create_all failed:\n{r.stderr}"
    return db


def tables_of(db):
    import sqlite3
    con = sqlite3.connect(db)
    rows = con.execute("SELECT name FROM sqlite_schema WHERE type = 'table' "
                       "AND name NOT LIKE 'sqlite_%'").fetchall()
    con.close()
    return sorted(r[0] for r in rows)


def test_every_case_is_covered():
    """Each case is held (checked below) or listed in CANNOT with why;
    a version-specific or latest-only held case has expected_sqlite.sql
    (current's SQLite DDL) or says why 0.0.8 agrees on SQLite."""
    assert len(CASES) >= 40
    assert set(CANNOT) <= set(CASES), set(CANNOT) - set(CASES)
    for name in HELD:
        info = case_info(name)
        x = (info["dir"] / "expected_sqlite.sql").exists()
        if info["latest_only"]:
            assert x, name
        elif info["version_specific"]:
            assert x or name in SAME_ON_SQLITE, name
        else:
            assert not x, name
    assert len(HELD) >= 35, HELD


@pytest.mark.parametrize("name", HELD)
def test_models_match_create_all_on_sqlite(tmp_path, retort, name):
    """(a) and (b) for a case SQLite holds."""
    info = case_info(name)
    db = reference(tmp_path, info)
    want = sorted(t.split(".", 1)[1] for t in info["tables"])
    assert tables_of(db) == want
    url = f"sqlite:///{db}"
    src = info["source"]
    for args in (["diff", url, src], ["diff", src, url]):
        r = retort.run(args, cwd=info["dir"])
        assert r.returncode == 0, r.stderr
        assert r.stdout == "", f"{args}:\n{r.stdout}"
        assert r.stderr == ""
    live = retort.run(["inspect", "--json", url], cwd=info["dir"])
    models = retort.run(["inspect", "--json", "--dialect", "sqlite", src],
                        cwd=info["dir"])
    assert live.returncode == 0 and models.returncode == 0, (
        live.stderr + models.stderr)
    a, b = json.loads(live.stdout), json.loads(models.stdout)
    assert a.pop("source") == url
    assert b.pop("source") == src
    # column order is not compared (nor by diff): 0.0.8 puts sa_column
    # fields first (mapping section 1.6), as tests/models/README.md says
    for doc in (a, b):
        for t in doc["tables"]:
            t["columns"].sort(key=lambda c: c["name"])
    assert a == b
    assert [t["schema"] for t in a["tables"]] == ["main"] * len(want)


@pytest.mark.parametrize("name", sorted(CANNOT))
def test_cases_sqlite_cannot_hold(tmp_path, retort, name):
    """The listed reason is real: create_all fails on SQLite (or 0.0.8
    cannot import the models at all), and retort refuses to read the
    models for SQLite: exit 2, one line saying why."""
    info = case_info(name)
    r = create_all(info, tmp_path / "x.db")
    assert r.returncode != 0
    r = retort.run(["inspect", "--dialect", "sqlite", info["source"]],
                   cwd=info["dir"])
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.startswith("retort: ") and r.stderr.count("\n") == 1
    assert CANNOT[name][1] in r.stderr, r.stderr


def test_dialect_option(retort, tmp_path):
    """--dialect takes postgresql or sqlite; anything else is a usage
    error. The same models read for PostgreSQL and for SQLite differ as
    the mapping says (SERIAL / INTEGER, enum type / VARCHAR(n))."""
    d = MODELS / "enums"
    r = retort.run(["inspect", "--dialect", "mysql", "models.py"], cwd=d)
    assert r.returncode == 2
    assert "unknown dialect 'mysql'" in r.stderr
    pg = json.loads(retort.run(["inspect", "--json", "models.py"],
                               cwd=d).stdout)
    lite = json.loads(retort.run(["inspect", "--json", "--dialect",
                                  "sqlite", "models.py"], cwd=d).stdout)
    assert [n["name"] for n in pg["namespaces"]] == ["public"]
    assert [n["name"] for n in lite["namespaces"]] == ["main"]
    assert pg["enums"] and not lite["enums"]
    types = {c["type"]["name"] for t in lite["tables"] for c in t["columns"]}
    assert "INTEGER" in types
    assert any(t.startswith("VARCHAR(") for t in types)
    same = json.loads(retort.run(["inspect", "--json", "--dialect",
                                  "postgresql", "models.py"], cwd=d).stdout)
    assert same == pg


def test_postgresql_against_sqlite_is_a_usage_error(retort, tmp_path):
    """Two schemas of different dialects cannot be compared: exit 2, one
    line naming both dialects and both sources."""
    import sqlite3
    db = tmp_path / "x.db"
    sqlite3.connect(db).execute("CREATE TABLE t (a INT)").connection.close()
    sql = tmp_path / "x.sql"
    sql.write_text("CREATE TABLE t (a int);\n")
    r = retort.run(["diff", sql, f"sqlite:///{db}"])
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr == (f"retort: cannot compare a PostgreSQL schema "
                        f"('{sql}') with a SQLite one ('sqlite:///{db}')\n")
    r = retort.run(["diff", f"sqlite:///{db}", sql])
    assert r.returncode == 2
    assert "a SQLite schema" in r.stderr and "a PostgreSQL one" in r.stderr


def test_bridge_is_postgresql_only(retort):
    d = MODELS / "basic_hero"
    r = retort.run(["inspect", "--dialect", "sqlite", "--python=" + PY,
                    "models.py"], cwd=d)
    assert r.returncode == 2
    assert "PostgreSQL only" in r.stderr
