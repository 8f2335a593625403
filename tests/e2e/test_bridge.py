# SPDX-License-Identifier: MIT
"""The import bridge (--python): for each model set under
tests/models/bridge_*/, SQLModel.metadata.create_all() on the test
PostgreSQL (Debian's SQLModel 0.0.8, SQLAlchemy 1.4, psycopg2, run by
/usr/bin/python3) makes a database that `retort diff --python` finds equal
to the models, both ways; and the DDL `retort diff` prints from an empty
database to the models, applied, makes the same schema. Also the bridge's
errors: the user's exception with its file:line, a python without
sqlmodel, a missing interpreter."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, require

PY = "/usr/bin/python3"
MODELS = REPO / "tests" / "models"

# name -> (the source retort is given, the modules create_all imports,
#          schemas created first: create_all does not create them)
SETS = {
    "bridge_types": ("models.py", ["models"], []),
    "bridge_enums": ("models.py", ["models"], []),
    "bridge_fks": ("models.py", ["models"], []),
    "bridge_indexes": ("models.py", ["models"], []),
    "bridge_constraints": ("models.py", ["models"], []),
    "bridge_schemas": ("models.py", ["models"], ["app", "billing"]),
    "bridge_naming": ("models.py", ["models"], []),
    "bridge_server_default": (".", ["models"], []),
    "bridge_sa_column": ("models.py", ["models"], []),
    "bridge_comments": ("models.py", ["models"], []),
    "bridge_long_names": ("models.py", ["models"], []),
    "bridge_reserved": ("models.py", ["models"], []),
    "bridge_package": ("shop", ["shop.catalog", "shop.orders"], []),
    "bridge_declarative": ("models.py", ["models"], []),
}


def have_sqlmodel():
    return subprocess.run([PY, "-c", "import sqlmodel, psycopg2"],
                          capture_output=True).returncode == 0


def create_all(pg, db, name, modules):
    code = ("import sys, importlib\nsys.path.insert(0, '.')\n"
            + "".join(f"importlib.import_module({m!r})\n" for m in modules)
            + "from sqlmodel import SQLModel, create_engine\n"
            + f"e = create_engine({pg.url(db)!r})\n"
            + "SQLModel.metadata.create_all(e)\n"
            # a plain declarative base's tables too
            + "for m in list(sys.modules.values()):\n"
            + "    b = getattr(m, 'Base', None)\n"
            + "    if getattr(m, '__file__', '') and "
            + "str(getattr(m, '__file__', '')).startswith("
            + "__import__('os').getcwd()) and hasattr(b, 'metadata'):\n"
            + "        b.metadata.create_all(e)\n")
    r = subprocess.run([PY, "-B", "-c", code], cwd=MODELS / name,
                       capture_output=True, text=True, env=pg.env)
    assert r.returncode == 0, r.stderr


def test_every_set_is_listed():
    found = sorted(p.name for p in MODELS.glob("bridge_*") if p.is_dir())
    assert found == sorted(SETS)
    assert len(found) >= 12


@pytest.mark.parametrize("name", sorted(SETS))
def test_bridge_matches_create_all(pg, retort, name):
    require(have_sqlmodel(), f"{PY} cannot import sqlmodel and psycopg2")
    source, modules, schemas = SETS[name]
    cwd = MODELS / name
    db = "br_" + name
    pg.createdb(db, "".join(f"CREATE SCHEMA {s};\n" for s in schemas)
                or None)
    create_all(pg, db, name, modules)
    url = pg.url(db)
    # the models against what create_all made: nothing, both ways
    for args in (["diff", f"--python={PY}", url, source],
                 ["diff", url, source, f"--python={PY}"],
                 ["diff", "--python", source, url]):
        r = retort.run(args, cwd=cwd, env=pg.env)
        assert r.returncode == 0, r.stderr
        assert r.stdout == "", f"retort {' '.join(args)}:\n{r.stdout}"
    # the models hold what the database holds (not an empty model)
    j = retort.run(["inspect", "--json", f"--python={PY}", source],
                   cwd=cwd)
    assert j.returncode == 0, j.stderr
    live = retort.run(["inspect", "--json", url])
    import json
    tables = sorted(t["name"] for t in json.loads(j.stdout)["tables"])
    assert tables == sorted(t["name"]
                            for t in json.loads(live.stdout)["tables"])
    assert tables
    # from an empty database: the DDL creates the same schema
    empty = "br_empty_" + name
    pg.createdb(empty)
    ddl = retort.run(["diff", pg.url(empty), source, f"--python={PY}"],
                     cwd=cwd)
    assert ddl.returncode == 0, ddl.stderr
    assert "CREATE TABLE" in ddl.stdout
    pg.psql(empty, ddl.stdout)
    for a, b in ((pg.url(empty), url), (url, pg.url(empty))):
        r = retort.run(["diff", a, b])
        assert r.returncode == 0, r.stderr
        assert r.stdout == "", f"applied DDL differs:\n{r.stdout}"
    pg.dropdb(empty)
    pg.dropdb(db)


def test_dotted_module_name(retort, tmp_path):
    require(have_sqlmodel(), f"{PY} cannot import sqlmodel")
    cwd = MODELS / "bridge_package"
    a = retort.run(["inspect", "--json", f"--python={PY}", "shop"], cwd=cwd)
    b = retort.run(["inspect", "--json", f"--python={PY}", "shop.catalog"],
                   cwd=cwd)
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    import json
    names = [t["name"] for t in json.loads(b.stdout)["tables"]]
    assert names == ["category", "product"]
    names = [t["name"] for t in json.loads(a.stdout)["tables"]]
    assert names == ["category", "product", "purchase"]


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_user_error_names_file_and_line(retort, tmp_path):
    require(have_sqlmodel(), f"{PY} cannot import sqlmodel")
    write(tmp_path, "helper.py", "X = 1\n\ndef f():\n    return undefined_name\n")
    write(tmp_path, "models.py",
          "from sqlmodel import SQLModel, Field\nimport helper\n"
          "helper.f()\n")
    r = retort.run(["inspect", f"--python={PY}", "models.py"], cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr == ("retort: helper.py:4: NameError: name "
                        "'undefined_name' is not defined\n"), r.stderr


def test_import_error_and_syntax_error(retort, tmp_path):
    require(have_sqlmodel(), f"{PY} cannot import sqlmodel")
    write(tmp_path, "a.py", "import no_such_module_here\n")
    r = retort.run(["inspect", f"--python={PY}", "a.py"], cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr == ("retort: a.py:1: ModuleNotFoundError: No module "
                        "named 'no_such_module_here'\n"), r.stderr
    write(tmp_path, "b.py", "class X(:\n    pass\n")
    r = retort.run(["inspect", f"--python={PY}", "b.py"], cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.startswith("retort: b.py:1: SyntaxError: "), r.stderr


def test_sqlalchemy_error_in_models(retort, tmp_path):
    """An error raised inside SQLAlchemy is placed at the user's line."""
    require(have_sqlmodel(), f"{PY} cannot import sqlmodel")
    write(tmp_path, "m.py",
          "from sqlmodel import SQLModel, Field\n\n"
          "class NoKey(SQLModel, table=True):\n    name: str\n")
    r = retort.run(["inspect", f"--python={PY}", "m.py"], cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.startswith("retort: m.py:3: "), r.stderr
    assert "primary key" in r.stderr


def test_python_without_sqlmodel(retort, tmp_path):
    # -S: no site-packages, so no sqlmodel
    py = write(tmp_path, "py", f"#!/bin/sh\nexec {PY} -S \"$@\"\n")
    py.chmod(0o755)
    write(tmp_path, "m.py", "x = 1\n")
    r = retort.run(["inspect", f"--python={py}", "m.py"], cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.startswith("retort: "), r.stderr
    assert "cannot import sqlmodel" in r.stderr
    assert "No module named" in r.stderr


def test_missing_interpreter(retort, tmp_path):
    write(tmp_path, "m.py", "x = 1\n")
    r = retort.run(["inspect", f"--python={tmp_path}/nope", "m.py"],
                   cwd=tmp_path)
    assert r.returncode == 2
    assert "cannot run the Python interpreter" in r.stderr


def test_missing_source(retort, tmp_path):
    require(have_sqlmodel(), f"{PY} cannot import sqlmodel")
    r = retort.run(["inspect", f"--python={PY}", "nope.py"], cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr == "retort: nope.py: no such file or directory\n"


def test_changed_models_give_the_ddl(pg, retort, tmp_path):
    """Not a no-op: models that differ from the database give the DDL."""
    require(have_sqlmodel(), f"{PY} cannot import sqlmodel and psycopg2")
    src = (MODELS / "bridge_comments" / "models.py").read_text()
    write(tmp_path, "models.py", src)
    db = "br_changed"
    pg.createdb(db)
    r = subprocess.run(
        [PY, "-B", "-c", "import models\nfrom sqlmodel import SQLModel, "
         f"create_engine\nSQLModel.metadata.create_all(create_engine("
         f"{pg.url(db)!r}))\n"], cwd=tmp_path, capture_output=True,
        text=True, env=pg.env)
    assert r.returncode == 0, r.stderr
    write(tmp_path, "models.py", src.replace(
        'comment="free text, it\'s quoted"', 'comment="changed"').replace(
        "    total: int", "    extra: str = Field(index=True)\n"
        "    total: int"))
    d = retort.run(["diff", f"--python={PY}", pg.url(db), "models.py"],
                   cwd=tmp_path)
    assert d.returncode == 0, d.stderr
    assert "ADD COLUMN extra character varying NOT NULL" in d.stdout
    assert "CREATE INDEX ix_invoice_extra ON public.invoice" in d.stdout
    assert "COMMENT ON COLUMN public.invoice.note IS 'changed'" in d.stdout
    pg.dropdb(db)
