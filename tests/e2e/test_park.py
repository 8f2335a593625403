# SPDX-License-Identifier: MIT
"""Lossless rollback (issue 8 item 5): `retort revision` parks the tables
and columns the models drop instead of destroying them, `upgrade` runs it
without --allow-data-loss, `downgrade` restores every value, `retort
purge` lists and deletes what is parked, and `downgrade` then refuses,
naming what is gone. On a real PostgreSQL 15 (the session server), with
100,000 rows: a table loses two columns (one NOT NULL with a default, one
nullable with NULLs and 4-decimal numbers) and another table, referenced
by a third one's foreign key, is dropped. Values are compared exactly:
each table's rows as PostgreSQL prints them, in key order.
"""

import re
import subprocess
import time
from pathlib import Path

import pytest

from conftest import RETORT
from test_lifecycle import PgDb, clean_env, db_name, one_error, versions

ROWS = 100_000

MODELS_V1 = '''\
from decimal import Decimal
from typing import Optional

from sqlmodel import Field, SQLModel


class Account(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=60)
    note: str = Field(default="none", sa_column_kwargs={"server_default": "none"})
    score: Optional[Decimal] = Field(default=None, max_digits=12, decimal_places=4)


class Ledger(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    amount: Decimal = Field(max_digits=14, decimal_places=2)
    memo: Optional[str] = None


class Receipt(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    ledger_id: Optional[int] = Field(default=None, foreign_key="ledger.id")
'''

MODELS_V2 = '''\
from typing import Optional

from sqlmodel import Field, SQLModel


class Account(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=60)


class Receipt(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    ledger_id: Optional[int] = None
'''

FILL = f"""
INSERT INTO account (name, note, score)
SELECT 'acct ' || i, md5(i::text) || E'\\n\\'' || i,
       CASE WHEN i % 7 = 0 THEN NULL
            ELSE ((i::bigint * 7919) % 100000000)::numeric / 10000 - 5000 END
FROM generate_series(1, {ROWS}) AS i;
INSERT INTO ledger (account_id, amount, memo)
SELECT (i * 31) % {ROWS} + 1, (i::bigint * 104729 % 1000000)::numeric / 100,
       CASE WHEN i % 5 = 0 THEN NULL ELSE 'memo ' || md5(i::text) END
FROM generate_series(1, {ROWS}) AS i;
INSERT INTO receipt (ledger_id) SELECT i * 3 FROM generate_series(1, 1000) i;
"""


class App:
    def __init__(self, root, db):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.db = db
        (self.root / "pyproject.toml").write_text(
            '[tool.retort]\nmodels = "models.py"\n'
            f'migrations = "migrations"\ndatabase_url = "{db.url}"\n')

    def models(self, text):
        (self.root / "models.py").write_text(text)

    def run(self, *args):
        t0 = time.monotonic()
        r = subprocess.run([RETORT] + list(args), capture_output=True,
                           text=True, env=clean_env(), cwd=self.root,
                           timeout=600)
        r.seconds = time.monotonic() - t0
        return r

    def ok(self, *args):
        r = self.run(*args)
        assert r.returncode == 0, (args, r.stdout, r.stderr)
        return r

    def file(self, version):
        (f,) = (self.root / "migrations").glob(f"{version:04d}_*.sql")
        return f


def dump(db, table, cols):
    """Every row of table, columns cols, as text, in key order."""
    return db.rows(f"SELECT {cols} FROM {table} ORDER BY id")


def schema(db):
    """The database's schema but the archive's catalog schema, which
    stays once something was parked (it holds the purge history)."""
    r = subprocess.run([RETORT, "inspect", "--exclude-schema",
                        "retort_archive", db.url], capture_output=True,
                       text=True, env=clean_env())
    assert r.returncode == 0, r.stderr
    return r.stdout


def fkeys(db):
    return db.rows("SELECT conrelid::regclass::text, conname FROM "
                   "pg_constraint WHERE contype = 'f' ORDER BY 1, 2")


@pytest.fixture
def db(request):
    d = PgDb(request.getfixturevalue("pg"), db_name(request))
    yield d
    d.drop()


def test_park_100k_rows(db, tmp_path):
    app = App(tmp_path / "app", db)
    app.models(MODELS_V1)
    app.ok("init")
    app.ok("revision", "-m", "create")
    app.ok("upgrade")
    db.script(FILL)
    accounts = dump(db, "account", "id, name, note, score")
    ledger = dump(db, "ledger", "id, account_id, amount, memo")
    receipts = dump(db, "receipt", "id, ledger_id")
    assert len(accounts) == ROWS and len(ledger) == ROWS
    assert sum(1 for r in accounts if r[3] == "") == ROWS // 7
    keys_before = fkeys(db)
    schema_before = schema(db)

    # the revision parks: no data-loss line, a Parked: section
    app.models(MODELS_V2)
    app.ok("revision", "-m", "drop ledger and account extras")
    text = app.file(2).read_text()
    header = text.split("-- +up")[0]
    assert "data loss" not in header, header
    assert ("--   parks table public.ledger as retort_park_0002.ledger;"
            in header), header
    for col in ("note", "score"):
        assert (f"--   parks column public.account.{col} as "
                f"retort_park_0002.account__{col} ") in header, header
    assert "DROP TABLE" not in text.split("-- +down")[0], text

    # upgrade needs no --allow-data-loss
    up = app.ok("upgrade")
    assert versions(db) == [1, 2]
    assert db.rows("SELECT to_regclass('public.ledger') IS NULL") == [("t",)]
    assert db.rows("SELECT count(*) FROM retort_park_0002.ledger") == \
        [(str(ROWS),)]
    assert db.rows("SELECT count(*) FROM retort_park_0002.account__score") \
        == [(str(ROWS),)]
    # models, migrations and database agree (the archive is not drift)
    r = app.ok("check")
    assert r.stdout.startswith("ok: the models match the migrations, and "
                               "the database matches"), r.stdout

    # an account created after the upgrade gets the default back
    db.script("INSERT INTO account (name) VALUES ('late');")

    down = app.ok("downgrade")
    assert versions(db) == [1]
    after = dump(db, "account", "id, name, note, score")
    assert after[:ROWS] == accounts
    assert after[ROWS] == (str(ROWS + 1), "late", "none", "")
    assert dump(db, "ledger", "id, account_id, amount, memo") == ledger
    assert dump(db, "receipt", "id, ledger_id") == receipts
    assert fkeys(db) == keys_before
    db.script("DELETE FROM account WHERE name = 'late';")
    assert schema(db) == schema_before
    # the ledger's sequence came back with it: a new row does not collide
    db.script("INSERT INTO ledger (account_id, amount) VALUES (1, 1);")
    assert db.rows("SELECT max(id) FROM ledger") == [(str(ROWS + 1),)]
    db.script(f"DELETE FROM ledger WHERE id = {ROWS + 1};")
    assert db.rows("SELECT count(*) FROM retort_archive.parked") == [("0",)]
    assert db.rows("SELECT to_regnamespace('retort_park_0002') IS NULL") \
        == [("t",)]

    # again up, then purge: listed, deleted only with --yes
    app.ok("upgrade")
    r = app.run("purge")
    assert r.returncode == 1, (r.stdout, r.stderr)
    lines = r.stdout.splitlines()
    assert lines[0].startswith("parked by 0002_drop_ledger_and_account_"
                               "extras.sql at "), lines
    assert re.fullmatch(r"  table public\.ledger as retort_park_0002\.ledger"
                        r", [\d.]+ MB", lines[3]), lines
    assert lines[-1].startswith("would purge 3 parked objects ("), lines
    assert db.rows("SELECT count(*) FROM retort_park_0002.ledger") == \
        [(str(ROWS),)]
    assert app.ok("purge", "--older-than", "2").stdout == \
        "nothing parked by the migrations before it\n"
    r = app.ok("purge", "--yes")
    assert r.stdout.splitlines()[-1].startswith("purged 3 parked objects"), \
        r.stdout
    assert db.rows("SELECT to_regnamespace('retort_park_0002') IS NULL") \
        == [("t",)]
    assert app.ok("purge").stdout == "nothing parked\n"

    # downgrade refuses, naming what was purged, and runs nothing
    before_refusal = db.schema()
    r = app.run("downgrade")
    line = one_error(r, 1)
    assert "0002_drop_ledger_and_account_extras.sql: cannot roll back" in \
        line, line
    assert "public.account.note" in line or "public.ledger" in line, line
    assert "was purged at" in line, line
    assert versions(db) == [1, 2]
    assert db.schema() == before_refusal
    print(f"\n{ROWS} rows: upgrade {up.seconds:.2f} s, downgrade "
          f"{down.seconds:.2f} s")


def test_no_park_keeps_the_plain_drop(db, tmp_path):
    app = App(tmp_path / "app", db)
    app.models(MODELS_V1)
    app.ok("init")
    app.ok("revision", "-m", "create")
    app.models(MODELS_V2)
    app.ok("revision", "-m", "drop", "--no-park")
    text = app.file(2).read_text()
    assert "-- Parked:" not in text and "retort_park" not in text, text
    assert "--   data loss: drops table public.ledger" in text, text
    assert "DROP TABLE public.ledger;" in text, text
    app.ok("upgrade", "1")
    r = app.run("upgrade")
    assert "--allow-data-loss" in r.stderr and r.returncode == 1, r.stderr


def test_purge_errors(db, tmp_path):
    app = App(tmp_path / "app", db)
    app.models(MODELS_V1)
    app.ok("init")
    # nothing ever parked: no catalog
    assert app.ok("purge").stdout == "nothing parked\n"
    r = app.run("purge", "--older-than", "soon")
    assert "--older-than needs a migration number, not 'soon'" in \
        one_error(r, 2)
    r = app.run("purge", "extra")
    assert "purge takes no arguments" in one_error(r, 2)
    # a server that is not there: exit 3
    (app.root / "pyproject.toml").write_text(
        '[tool.retort]\nmodels = "models.py"\ndatabase_url = '
        '"postgresql://nobody@127.0.0.1:1/none"\n')
    r = app.run("purge")
    assert r.returncode == 3, (r.stdout, r.stderr)
    assert r.stderr.startswith("retort: cannot connect"), r.stderr
