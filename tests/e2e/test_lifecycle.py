# SPDX-License-Identifier: MIT
"""The lifecycle commands end to end (issue 7): init, upgrade, downgrade,
current, history, status, stamp, hash, renumber, --sql and
--allow-data-loss, through the built binary in a project folder with a
pyproject.toml, on PostgreSQL (a fresh database of the session server per
test) and on SQLite (a file in tmp_path). Migrations are written by hand.

On SQLite a statement cannot be held up from outside, so the SIGKILL test
there goes through build/runner-driver, which can kill itself right before
the N-th statement the runner sends (RUNNER_DRIVER_KILL_AT)."""

import hashlib
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from conftest import RETORT, wait_for

DRIVER = os.environ.get("RETORT_RUNNER_DRIVER") or str(
    Path(RETORT).parent / "runner-driver")

# The header line that marks a migration as losing data (as `retort
# revision` will write it); the wording may change: only here.
DATA_LOSS = "-- data loss: {}"


# ---- databases ----------------------------------------------------------

class PgDb:
    kind = "postgresql"

    def __init__(self, pg, name):
        self.pg, self.name = pg, name
        self.url = pg.createdb(name)
        self.conn = None

    def other(self, suffix):
        return PgDb(self.pg, f"{self.name[:50]}_{suffix}")

    def rows(self, sql):
        """The rows as psql -A prints them ('t', '' for NULL), through one
        autocommit connection (no psql process per look)."""
        import psycopg2
        if self.conn is None:
            self.conn = psycopg2.connect(host="127.0.0.1", port=self.pg.port,
                                         user=self.pg.ROLE, dbname=self.name)
            self.conn.autocommit = True
        with self.conn.cursor() as cur:
            cur.execute(sql)
            out = cur.fetchall() if cur.description else []
        return [tuple("" if v is None else {True: "t", False: "f"}.get(v, v)
                      if isinstance(v, bool) else str(v) for v in row)
                for row in out]

    def schema(self):
        r = subprocess.run([RETORT, "inspect", self.url],
                           capture_output=True, text=True, env=clean_env())
        assert r.returncode == 0, r.stderr
        return r.stdout

    def has_tracking(self):
        return self.rows("SELECT to_regclass('retort_version') IS NOT "
                         "NULL") == [("t",)]

    def script(self, text):
        """Applies an SQL script the way a DBA would (psql, stop at the
        first error)."""
        r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                            "-d", self.name], input=text,
                           capture_output=True, text=True, env=self.pg.env)
        assert r.returncode == 0, r.stderr

    def drop(self):
        if self.conn is not None:
            self.conn.close()
        self.pg.dropdb(self.name)


class SqliteDb:
    kind = "sqlite"

    def __init__(self, path):
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"

    def other(self, suffix):
        return SqliteDb(self.path.with_name(f"{self.path.stem}_{suffix}.db"))

    def rows(self, sql):
        c = sqlite3.connect(self.path, timeout=60)
        try:
            return [tuple("" if v is None else str(v) for v in row)
                    for row in c.execute(sql)]
        finally:
            c.close()

    def schema(self):
        return "\n".join(
            "|".join(r) for r in self.rows(
                "SELECT type, name, tbl_name, sql FROM sqlite_master "
                "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"))

    def has_tracking(self):
        return bool(self.rows("SELECT 1 FROM sqlite_master WHERE name = "
                              "'retort_version'"))

    def script(self, text):
        r = subprocess.run(["sqlite3", "-bail", str(self.path)], input=text,
                           capture_output=True, text=True)
        assert r.returncode == 0 and not r.stderr, r.stderr

    def drop(self):
        pass


def db_name(request):
    base = re.sub(r"\W+", "_", request.node.name).lower()
    tag = hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:6]
    return f"lc_{base[:30]}_{tag}"


@pytest.fixture(params=["postgresql", "sqlite"])
def db(request, tmp_path):
    if request.param == "postgresql":
        pg = request.getfixturevalue("pg")
        d = PgDb(pg, db_name(request))
    else:
        d = SqliteDb(tmp_path / "app.db")
    yield d
    d.drop()


def versions(db):
    if not db.has_tracking():
        return []
    return [int(v) for (v,) in
            db.rows("SELECT version FROM retort_version ORDER BY version")]


def tracking(db):
    """The tracking rows that do not depend on the clock."""
    if not db.has_tracking():
        return []
    return db.rows("SELECT version, name, checksum, applied_by FROM "
                   "retort_version ORDER BY version")


def tables(db):
    if db.kind == "postgresql":
        sql = ("SELECT relname FROM pg_class WHERE relkind = 'r' AND "
               "relnamespace = 'public'::regnamespace ORDER BY 1")
    else:
        sql = ("SELECT name FROM sqlite_master WHERE type = 'table' AND "
               "name NOT LIKE 'sqlite_%' ORDER BY 1")
    return [t for (t,) in db.rows(sql) if t != "retort_version"]


# ---- the project --------------------------------------------------------

def clean_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PG") and k != "DATABASE_URL"}
    env["USER"] = "tester"
    env.update(extra)
    return env


class Project:
    def __init__(self, root):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.mig = self.root / "migrations"

    def configure(self, url=None, migrations="migrations"):
        text = f'[project]\nname = "app"\n\n[tool.retort]\n' \
               f'migrations = "{migrations}"\n'
        if url:
            text += f'database_url = "{url}"\n'
        (self.root / "pyproject.toml").write_text(text)
        self.mig.mkdir(exist_ok=True)
        return self

    def run(self, *args, env=None, cwd=None, timeout=120):
        return subprocess.run([RETORT] + [str(a) for a in args],
                              capture_output=True, text=True,
                              env=clean_env(**(env or {})),
                              cwd=cwd or self.root, timeout=timeout)

    def ok(self, *args, **kw):
        r = self.run(*args, **kw)
        assert r.returncode == 0, (args, r.stdout, r.stderr)
        return r

    def write(self, name, text):
        p = self.mig / name
        p.write_text(text)
        return p

    def names(self):
        """The migration files of the folder, by name."""
        return sorted(f.name for f in self.mig.glob("[0-9]*.sql"))

    def write_history(self, kind, upto=4):
        for name, text in history(kind)[:upto]:
            self.write(name, text)


def history(kind):
    """Four migrations: tables, a column, an index, a data migration."""
    if kind == "postgresql":
        index = ("-- +notransaction\n"
                 "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx\n"
                 "  ON users (email);\n")
    else:
        index = "CREATE INDEX users_email_idx ON users (email);\n"
    return [
        ("0001_create.sql",
         "-- Create users and notes.\n\n-- +up\n"
         "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);\n"
         "CREATE TABLE notes (\n"
         "  id integer PRIMARY KEY,\n"
         "  user_id integer NOT NULL REFERENCES users (id),\n"
         "  body text NOT NULL\n);\n\n"
         "-- +down\nDROP TABLE notes;\nDROP TABLE users;\n"),
        ("0002_email.sql",
         "-- Add users.email.\n\n-- +up\n"
         "ALTER TABLE users ADD COLUMN email text;\n\n"
         "-- +down\nALTER TABLE users DROP COLUMN email;\n"),
        ("0003_email_index.sql",
         "-- Index users.email.\n\n-- +up\n" + index +
         "\n-- +down\nDROP INDEX users_email_idx;\n"),
        ("0004_fill_email.sql",
         "-- Fill users.email from the name.\n\n-- +up\n"
         "UPDATE users SET email = lower(name) || '@example.com'\n"
         " WHERE email IS NULL;\n\n"
         "-- +down\nUPDATE users SET email = NULL;\n\n"
         "-- +validate\n-- +expect 0 rows\n"
         "SELECT 1 FROM users WHERE email IS NULL;\n"),
    ]


NAMES = [n for n, _ in history("sqlite")]


@pytest.fixture
def proj(db, tmp_path):
    """A project whose pyproject.toml names db; no migrations yet."""
    return Project(tmp_path / "proj").configure(db.url)


def one_error(r, code):
    """r failed with `code` and said so in one line (hint / detail lines
    may follow); returns that line."""
    assert r.returncode == code, (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.splitlines()
    assert lines and lines[0].startswith("retort: "), r.stderr
    # then hints, or for a usage error the usage and where to read more
    assert all(l.startswith(("hint: ", "detail: ", "usage: ", "Try "))
               or not l for l in lines[1:]), r.stderr
    return lines[0]


# ---- init ---------------------------------------------------------------

def test_init_creates_the_project_and_refuses_a_second_time(db, tmp_path):
    root = tmp_path / "fresh"
    root.mkdir()
    p = Project(root)
    r = p.ok("init", "--database-url", db.url)
    assert r.stdout.splitlines() == [
        "created migrations/ with an empty retort.sum",
        "added [tool.retort] to pyproject.toml"]
    assert (root / "migrations").is_dir()
    assert (root / "migrations" / "retort.sum").read_text() == ""
    conf = (root / "pyproject.toml").read_text()
    assert "[tool.retort]\n" in conf
    assert 'migrations = "migrations"\n' in conf
    assert f'database_url = "{db.url}"\n' in conf

    # the configuration it wrote is the one the commands read
    p.write_history(db.kind, 1)
    p.ok("upgrade")
    assert versions(db) == [1]
    sums = (root / "migrations" / "retort.sum").read_text()
    assert sums.endswith("  0001_create.sql\n")

    r = p.run("init")
    assert "set up already" in one_error(r, 2)
    # and it left everything as it was
    assert (root / "migrations" / "retort.sum").read_text() == sums
    assert (root / "pyproject.toml").read_text() == conf

    # a folder of its own name, into an existing pyproject.toml
    q = Project(tmp_path / "other")
    (q.root / "pyproject.toml").write_text('[project]\nname = "x"\n')
    q.ok("init", "--migrations", "migs")
    conf = (q.root / "pyproject.toml").read_text()
    assert conf.startswith('[project]\nname = "x"\n')
    assert 'migrations = "migs"\n' in conf
    assert (q.root / "migs" / "retort.sum").read_text() == ""
    assert "set up already" in one_error(q.run("init"), 2)

    # from a subfolder of a project whose pyproject.toml has no
    # [tool.retort]: the subfolder becomes the project, and what init made
    # is what the next command finds
    sub = q.root / "svc"
    sub.mkdir()
    (q.root / "pyproject.toml").write_text('[project]\nname = "x"\n')
    q.ok("init", "--database-url", db.url, cwd=sub)
    assert (sub / "migrations" / "retort.sum").exists()
    assert "[tool.retort]" in (sub / "pyproject.toml").read_text()
    assert not (q.root / "migrations").exists()
    (sub / "migrations" / "0001_create.sql").write_text(
        history(db.kind)[0][1])
    assert q.ok("history", cwd=sub).stdout.startswith("0001_create.sql")
    # a [tool.retort] above: its folder, relative to it
    (q.root / "pyproject.toml").write_text(
        '[tool.retort]\nmigrations = "db_migs"\n')
    sub2 = q.root / "web"
    sub2.mkdir()
    r = q.ok("init", cwd=sub2)
    assert r.stdout.splitlines()[1] == \
        f"{q.root}/pyproject.toml already has [tool.retort]"
    assert (q.root / "db_migs" / "retort.sum").exists()
    assert q.ok("history", cwd=sub2).stdout == \
        f"no migrations in {q.root}/db_migs\n"


# ---- a history up and down ----------------------------------------------

def users(db):
    return db.rows("SELECT id, name FROM users ORDER BY id")


def emails(db):
    return db.rows("SELECT id, email FROM users ORDER BY id")


def test_history_up_and_down(db, proj):
    p = proj
    p.write_history(db.kind)

    r = p.ok("history")
    assert r.stdout.splitlines() == [
        "0001_create.sql  Create users and notes.",
        "0002_email.sql  Add users.email.",
        "0003_email_index.sql  Index users.email.",
        "0004_fill_email.sql  Fill users.email from the name.  (head)"]
    if db.kind == "sqlite":
        # no file yet: current, status and downgrade say so rather than
        # create an empty database (a mistyped path would give one)
        for cmd in (["current"], ["status"], ["downgrade"]):
            r = p.run(*cmd)
            assert r.returncode == 3, (cmd, r.stdout, r.stderr)
            assert r.stderr.startswith(
                f"retort: no SQLite database at '{db.path}'\n"), r.stderr
            assert not db.path.exists()
        p.ok("stamp", "base")  # creates it, records nothing
    assert p.ok("current").stdout == "base (4 pending)\n"
    # retort.sum does not know the files yet: a finding
    r = p.run("status")
    assert r.returncode == 1, r.stderr
    out = r.stdout.splitlines()
    assert [l.split() for l in out[:4]] == [[n, "pending"] for n in NAMES]
    assert out[-1] == "0 applied, 4 pending"
    assert "retort.sum: 0003_email_index.sql: not recorded in retort.sum" \
        in out
    assert p.ok("hash").stdout == \
        "recorded 4 files in migrations/retort.sum\n"
    assert p.ok("status").stdout.splitlines()[-1] == "0 applied, 4 pending"

    # step by step, with rows in between
    r = p.ok("upgrade", "+1")
    assert r.stdout.splitlines()[0] == "applied 0001_create.sql"
    assert r.stdout.splitlines()[1].startswith("now at 0001_create.sql (")
    schemas = {1: db.schema()}
    db.script("INSERT INTO users (id, name) VALUES (1, 'Ann');\n"
              "INSERT INTO notes VALUES (1, 1, 'first');\n")
    r = p.ok("upgrade", "0002_email")
    assert r.stdout.splitlines()[0] == "applied 0002_email.sql"
    schemas[2] = db.schema()
    db.script("INSERT INTO users (id, name) VALUES (2, 'Bob');\n")
    r = p.ok("upgrade")
    assert r.stdout.splitlines()[:2] == ["applied 0003_email_index.sql",
                                         "applied 0004_fill_email.sql"]
    assert r.stdout.splitlines()[2].startswith("now at 0004_fill_email.sql")
    schemas[4] = db.schema()
    assert versions(db) == [1, 2, 3, 4]
    assert emails(db) == [("1", "ann@example.com"), ("2", "bob@example.com")]
    assert p.ok("current").stdout == "0004_fill_email.sql (head)\n"
    out = p.ok("status").stdout.splitlines()
    for line, name in zip(out, NAMES):
        assert re.fullmatch(rf"{name} +applied \S.* by \S+", line), line
    assert out[-1] == "4 applied, 0 pending"
    if db.kind == "postgresql":
        assert db.rows("SELECT indisvalid FROM pg_index WHERE indexrelid = "
                       "'users_email_idx'::regclass") == [("t",)]
    rows = db.rows("SELECT version, name, applied_by, duration_ms >= 0 "
                   "FROM retort_version ORDER BY version")
    by = "harness" if db.kind == "postgresql" else "tester"
    true = "t" if db.kind == "postgresql" else "1"
    assert rows == [("1", "create", by, true), ("2", "email", by, true),
                    ("3", "email_index", by, true),
                    ("4", "fill_email", by, true)]

    # again: nothing to do
    r = p.ok("upgrade", "head")
    assert r.stdout == \
        "nothing to apply: the database is at 0004_fill_email.sql\n"
    assert versions(db) == [1, 2, 3, 4]

    # -1 (the default), +1, a version, base
    r = p.ok("downgrade")
    assert r.stdout.splitlines()[0] == "rolled back 0004_fill_email.sql"
    assert r.stdout.splitlines()[1].startswith(
        "now at 0003_email_index.sql (")
    assert emails(db) == [("1", ""), ("2", "")]
    assert p.ok("current").stdout == "0003_email_index.sql (1 pending)\n"
    p.ok("upgrade", "+1")
    assert emails(db) == [("1", "ann@example.com"), ("2", "bob@example.com")]
    assert db.schema() == schemas[4]
    r = p.ok("downgrade", "-2")
    assert r.stdout.splitlines()[:2] == ["rolled back 0004_fill_email.sql",
                                         "rolled back 0003_email_index.sql"]
    assert versions(db) == [1, 2]
    assert db.schema() == schemas[2]
    r = p.ok("downgrade", "1")
    assert r.stdout.splitlines() [0] == "rolled back 0002_email.sql"
    assert versions(db) == [1]
    assert db.schema() == schemas[1]
    assert users(db) == [("1", "Ann"), ("2", "Bob")]
    assert db.rows("SELECT body FROM notes") == [("first",)]
    r = p.ok("downgrade", "0001")
    assert r.stdout == "nothing to roll back: the database is at " \
        "0001_create.sql\n"
    p.ok("downgrade", "base")
    assert versions(db) == [] and tables(db) == []
    assert p.ok("current").stdout == "base (4 pending)\n"

    # up again: the same schema as the first time
    r = p.ok("upgrade", "head")
    assert len(r.stdout.splitlines()) == 5
    assert db.schema() == schemas[4]
    assert versions(db) == [1, 2, 3, 4]
    # every step on the way down and up gave the schema of its version
    p.ok("downgrade", "base")
    for v in (1, 2, 4):
        p.ok("upgrade", str(v))
        assert db.schema() == schemas[v], v


# ---- concurrency --------------------------------------------------------

def test_ten_upgrades_at_once_apply_each_migration_once(db, proj):
    p = proj
    db.script("CREATE TABLE runs (v integer NOT NULL);\n")
    n = 8
    for i in range(1, n + 1):
        # not idempotent: a second run of any of them fails
        p.write(f"{i:04d}_m{i}.sql",
                f"-- m{i}\n\n-- +up\nCREATE TABLE c{i} (x integer);\n"
                f"INSERT INTO runs VALUES ({i});\n")
    if db.kind == "postgresql":
        n += 1
        p.write(f"{n:04d}_idx.sql",
                "-- +up\n-- +notransaction\n"
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS c1_x ON c1 (x);\n"
                f"INSERT INTO runs VALUES ({n});\n")
    procs = [subprocess.Popen([RETORT, "upgrade"], cwd=p.root,
                              env=clean_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for _ in range(10)]
    applied = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        lines = out.splitlines()
        assert lines[-1].startswith(("now at ", "nothing to apply: "))
        # each migration it went through: applied here, or by another
        for l in lines[:-1]:
            assert re.fullmatch(r"applied \d{4}_\w+\.sql|\d{4}_\w+\.sql: "
                                r"applied by another runner meanwhile", l), l
        applied += [l.split()[1] for l in lines if l.startswith("applied ")]
    # every migration applied exactly once, by one of the ten
    assert sorted(applied) == sorted(p.names()), applied
    assert versions(db) == list(range(1, n + 1))
    assert db.rows("SELECT count(*), count(DISTINCT v) FROM runs") == \
        [(str(n), str(n))]
    assert p.ok("current").stdout.endswith(" (head)\n")


# ---- failures -----------------------------------------------------------

def test_a_failure_halfway_leaves_nothing_of_the_migration(db, proj):
    p = proj
    p.write_history(db.kind, 1)
    p.write("0002_ok.sql", "-- +up\nCREATE TABLE ok (x integer);\n"
            "-- +down\nDROP TABLE ok;\n")
    # the state before the failing migration: 0001 and 0002 applied
    p.ok("upgrade")
    db.script("INSERT INTO users (id, name) VALUES (1, 'Ann');\n")
    before, rows_before = db.schema(), tracking(db)
    sums = (p.mig / "retort.sum").read_text()
    p.ok("downgrade")
    (p.mig / "retort.sum").write_text(sums.replace(
        [l for l in sums.splitlines(True) if "0002_ok" in l][0], ""))
    half = p.write("0003_half.sql",
                   "-- Fails at its third statement.\n\n-- +up\n"
                   "CREATE TABLE half_a (x integer);\n"      # 4
                   "INSERT INTO users (id, name) VALUES (2, 'Bob');\n"
                   "INSERT INTO half_a (x)\n"                # 6
                   "  VALUES (nosuch_column);\n"             # 7
                   "CREATE TABLE half_b (x integer);\n"
                   "UPDATE users SET name = 'changed';\n")
    p.write("0004_after.sql", "-- +up\nCREATE TABLE after (x integer);\n")
    # 0002 is applied again, then 0003 fails
    r = p.run("upgrade")
    msg = ('column "nosuch_column" does not exist'
           if db.kind == "postgresql" else "no such column: nosuch_column")
    assert r.returncode == 3
    assert r.stderr.splitlines() == [
        "retort: 1 migration applied before the failure stays",
        "retort: migrations/0003_half.sql:7: migration 3 'half' rolled "
        f"back: statement 'INSERT INTO half_a (x)' failed: {msg}"]
    # each migration is reported as it is done: 0002 was
    assert r.stdout == "applied 0002_ok.sql\n"
    assert db.schema() == before
    assert tracking(db) == rows_before
    assert users(db) == [("1", "Ann")]
    # retort.sum records what was applied, and no file that was not
    assert (p.mig / "retort.sum").read_text() == sums

    # fixed, the next run applies it and the one after
    half.write_text(half.read_text().replace("nosuch_column", "1"))
    p.ok("upgrade")
    assert versions(db) == [1, 2, 3, 4]
    assert users(db) == [("1", "changed"), ("2", "changed")]
    assert p.ok("status").stdout.splitlines()[-1] == "4 applied, 0 pending"


def test_a_failed_validation_rolls_the_migration_back(db, proj):
    p = proj
    p.write_history(db.kind, 1)
    p.ok("upgrade")
    before, rows_before = db.schema(), tracking(db)
    p.write("0002_checked.sql",
            "-- +up\nCREATE TABLE checked (x integer NOT NULL);\n"
            "INSERT INTO checked VALUES (1), (2);\n"
            "INSERT INTO users (id, name) VALUES (7, 'Val');\n\n"
            "-- +validate\n-- +expect 2 rows\nSELECT * FROM checked;\n\n"
            "-- +expect 0 rows\n"
            "SELECT 1 FROM checked WHERE x > 1;\n")       # 11
    r = p.run("upgrade")
    assert one_error(r, 3) == (
        "retort: migrations/0002_checked.sql:11: migration 2 'checked' "
        "rolled back: validation 'SELECT 1 FROM checked WHERE x > 1' "
        "expected 'rows=0', got 'rows=1'")
    assert db.schema() == before
    assert tracking(db) == rows_before
    assert users(db) == []


# ---- the offline script -------------------------------------------------

def test_sql_script_gives_what_upgrade_gives(db, proj):
    p = proj
    p.write_history(db.kind)
    p.ok("upgrade")
    other = db.other("script")
    try:
        r = p.ok("upgrade", "--sql")
        assert r.stdout.count("BEGIN;") == 4
        if db.kind == "postgresql":
            assert ("-- retort: outside a transaction (migrations/"
                    "0003_email_index.sql:5)\nCREATE INDEX CONCURRENTLY") \
                in r.stdout
        other.script(r.stdout)
        assert other.schema() == db.schema()
        assert tracking(other) == tracking(db)
        assert other.rows("SELECT count(*) FROM retort_version WHERE "
                          "duration_ms IS NULL") == [("4",)]
        # the database the script built is at head for retort too
        env = {"DATABASE_URL": other.url}
        assert p.ok("current", env=env).stdout == \
            "0004_fill_email.sql (head)\n"
        assert p.ok("upgrade", env=env).stdout.startswith("nothing to apply")

        # down to 2 and up again in two scripts (FROM:TO)
        other.script(p.ok("downgrade", "--sql", "head:2").stdout)
        p.ok("downgrade", "2")
        assert versions(other) == [1, 2]
        assert other.schema() == db.schema()
        other.script(p.ok("upgrade", "--sql", "2:head").stdout)
        p.ok("upgrade")
        assert other.schema() == db.schema()
        assert tracking(other) == tracking(db)
        other.script(p.ok("downgrade", "--sql", "head:base").stdout)
        assert versions(other) == [] and tables(other) == []
        # --sql never connects: no database needed
        q = Project(p.root.parent / "nodb").configure()
        for name, text in history(db.kind):
            q.write(name, text)
        r = q.ok("upgrade", "--sql", "1:3")
        assert "migration 2 'email'" in r.stdout
        assert "'create'" not in r.stdout and "fill_email" not in r.stdout
    finally:
        other.drop()


def test_a_migration_merged_below_the_current_one(db, proj):
    """0002 arrives (a merge) after 0003 was applied: it is pending, and
    upgrade, +N included, applies it."""
    p = proj
    files = history(db.kind)
    p.write(*files[0])
    p.write("0003_tags.sql", "-- +up\nCREATE TABLE tags (x integer);\n"
            "-- +down\nDROP TABLE tags;\n")
    p.ok("upgrade")
    p.write(*files[1])
    assert p.ok("current").stdout == "0003_tags.sql (1 pending)\n"
    assert re.search(r"^0002_email\.sql +pending$",
                     p.run("status").stdout, re.M)
    r = p.ok("upgrade", "+1")
    assert r.stdout.splitlines()[0] == "applied 0002_email.sql"
    assert r.stdout.splitlines()[1].startswith("now at 0003_tags.sql (")
    assert versions(db) == [1, 2, 3]
    assert "0 migrations pending" in one_error(p.run("upgrade", "+1"), 2)
    r = p.ok("downgrade", "-2")
    assert r.stdout.splitlines()[:2] == ["rolled back 0003_tags.sql",
                                         "rolled back 0002_email.sql"]
    assert versions(db) == [1]


# ---- stamp, edits, numbers, data loss -----------------------------------

def test_stamp_adopts_a_database(db, proj):
    p = proj
    p.write_history(db.kind)
    # the schema of 0001 and 0002 made by hand, as in a database to adopt
    script = "".join(t.split("-- +up\n")[1].split("-- +down")[0]
                     for _, t in history(db.kind)[:2])
    db.script(script)
    before = db.schema()
    r = p.ok("stamp", "0002")
    assert r.stdout == "stamped 0002_email.sql (2 recorded, 0 forgotten)\n"
    assert versions(db) == [1, 2]
    assert db.rows("SELECT count(*) FROM retort_version WHERE duration_ms "
                   "IS NULL") == [("2",)]
    assert tables(db) == ["notes", "users"]
    assert p.ok("current").stdout == "0002_email.sql (2 pending)\n"
    r = p.ok("upgrade")
    assert [l for l in r.stdout.splitlines() if l.startswith("applied")] \
        == ["applied 0003_email_index.sql", "applied 0004_fill_email.sql"]
    after = db.schema()
    r = p.ok("stamp", "1")
    assert r.stdout == "stamped 0001_create.sql (0 recorded, 3 forgotten)\n"
    assert versions(db) == [1]
    assert db.schema() == after
    r = p.ok("stamp", "base")
    assert r.stdout == "stamped base (0 recorded, 1 forgotten)\n"
    assert versions(db) == []
    r = p.ok("stamp", "head")
    assert r.stdout == \
        "stamped 0004_fill_email.sql (4 recorded, 0 forgotten)\n"
    assert versions(db) == [1, 2, 3, 4]
    assert db.schema() == after != before
    assert "no migration numbered 9" in one_error(p.run("stamp", "9"), 2)
    assert versions(db) == [1, 2, 3, 4]


def test_edited_or_missing_applied_migrations_stop_upgrade(db, proj):
    p = proj
    p.write_history(db.kind, 3)
    p.ok("upgrade")
    rows = tracking(db)
    p.write_history(db.kind, 4)             # 0004 pending
    f2 = p.mig / "0002_email.sql"
    text = f2.read_text()
    f2.write_text(text.replace("ADD COLUMN email text",
                               "ADD COLUMN email varchar(200)"))

    r = p.run("status")
    assert r.returncode == 1
    assert re.search(r"^0002_email\.sql +EDITED since it was applied ",
                     r.stdout, re.M), r.stdout
    assert "retort.sum: 0002_email.sql: edited since retort.sum recorded " \
        "it" in r.stdout
    for cmd in (["upgrade"], ["downgrade"], ["upgrade", "--allow-data-loss"]):
        r = p.run(*cmd)
        assert one_error(r, 2) == (
            "retort: migrations/0002_email.sql: migration 0002_email.sql was "
            "edited after it was applied"), cmd
    assert tracking(db) == rows

    f2.write_text(text)
    f3 = p.mig / "0003_email_index.sql"
    saved = f3.read_text()
    f3.unlink()
    r = p.run("status")
    assert r.returncode == 1
    assert re.search(r"^0003_email_index\.sql +MISSING: applied ", r.stdout,
                     re.M), r.stdout
    r = p.run("upgrade")
    assert one_error(r, 2) == (
        "retort: migration 0003 (email_index) is applied but has no file "
        "in migrations")
    assert tracking(db) == rows

    f3.write_text(saved)
    r = p.run("status")
    # only 0004, new and not yet recorded in retort.sum, remains
    assert r.returncode == 1
    assert r.stdout.splitlines()[-2:] == [
        "retort.sum: 0004_fill_email.sql: not recorded in retort.sum",
        "3 applied, 1 pending"]
    assert "EDITED" not in r.stdout and "MISSING" not in r.stdout
    p.ok("upgrade")
    assert versions(db) == [1, 2, 3, 4]


def test_duplicate_numbers_then_renumber(db, proj):
    p = proj
    p.write_history(db.kind, 2)
    # branch B's 0003 reached this database first
    p.write("0003_b_tags.sql", "-- +up\nCREATE TABLE tags (x integer);\n"
            "-- +down\nDROP TABLE tags;\n")
    p.ok("upgrade")
    assert versions(db) == [1, 2, 3]
    # then branch A's 0003 is merged
    p.write("0003_a_likes.sql", "-- +up\nCREATE TABLE likes (x integer);\n"
            "-- +down\nDROP TABLE likes;\n")
    for cmd in ("upgrade", "status", "current"):
        r = p.run(cmd)
        assert one_error(r, 2) == (
            "retort: migrations: two migrations numbered 0003: "
            "'0003_a_likes.sql' and '0003_b_tags.sql'"), cmd
    assert tables(db) == ["notes", "tags", "users"]

    sums = (p.mig / "retort.sum").read_text()
    r = p.ok("renumber")
    # the applied one keeps its number
    assert r.stdout == "renamed 0003_a_likes.sql to 0004_a_likes.sql\n"
    assert sorted(x.name for x in p.mig.iterdir()) == [
        "0001_create.sql", "0002_email.sql", "0003_b_tags.sql",
        "0004_a_likes.sql", "retort.sum"]
    assert (p.mig / "retort.sum").read_text() == sums
    assert p.ok("renumber").stdout == \
        "every migration has a number of its own\n"
    r = p.ok("upgrade")
    assert r.stdout.splitlines()[0] == "applied 0004_a_likes.sql"
    assert versions(db) == [1, 2, 3, 4]
    assert tables(db) == ["likes", "notes", "tags", "users"]
    assert tracking(db)[3][1] == "a_likes"
    assert p.ok("status").returncode == 0


def test_data_loss_needs_allow_data_loss(db, proj):
    p = proj
    p.write_history(db.kind, 3)
    p.ok("upgrade", "2")
    p.write("0005_drop_body.sql",
            "-- Drop notes.body.\n--\n" +
            DATA_LOSS.format("drops column notes.body and what it holds")
            + "\n\n-- +up\nALTER TABLE notes DROP COLUMN body;\n\n"
            "-- +down\nALTER TABLE notes ADD COLUMN body text;\n")
    db.script("INSERT INTO users (id, name) VALUES (1, 'Ann');\n"
              "INSERT INTO notes VALUES (1, 1, 'kept?');\n")
    rows, before = tracking(db), db.schema()
    r = p.run("upgrade")
    assert r.returncode == 1, r.stderr
    assert r.stderr.splitlines() == [
        "retort: migrations/0005_drop_body.sql: would lose data: drops "
        "column notes.body and what it holds",
        "hint: --allow-data-loss applies it; nothing was applied"]
    # nothing: not even 0003, pending before it
    assert tracking(db) == rows and db.schema() == before
    # a target before it needs no permission
    p.ok("upgrade", "3")
    assert versions(db) == [1, 2, 3]
    # the script of it is refused the same way, and printed when allowed
    r = p.run("upgrade", "--sql", "3:head")
    assert r.returncode == 1 and r.stdout == "", r.stdout
    assert "would lose data: drops column notes.body" in r.stderr
    r = p.ok("upgrade", "--sql", "3:head", "--allow-data-loss")
    assert "ALTER TABLE notes DROP COLUMN body" in r.stdout
    r = p.ok("upgrade", "--allow-data-loss")
    assert r.stdout.splitlines()[0] == "applied 0005_drop_body.sql"
    assert versions(db) == [1, 2, 3, 5]
    assert db.rows("SELECT id FROM notes") == [("1",)]


def test_targets_the_wrong_way_are_refused(db, proj):
    p = proj
    p.write_history(db.kind, 3)
    p.ok("upgrade", "2")
    rows, before = tracking(db), db.schema()
    for args, want in (
            (["upgrade", "1"], "retort: target '1' (0001_create.sql) is "
             "before the current version (0002_email.sql)"),
            (["downgrade", "3"], "retort: target '3' (0003_email_index.sql) "
             "is after the current version (0002_email.sql)"),
            (["upgrade", "--sql", "3:1"], "retort: the range '3:1' goes "
             "backwards: 0001_create.sql is before 0003_email_index.sql"),
            (["downgrade", "--sql", "1:3"], "retort: the range '1:3' goes "
             "forwards: 0003_email_index.sql is after 0001_create.sql")):
        r = p.run(*args)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert r.stderr.splitlines()[0] == want, (args, r.stderr)
        assert r.stdout == ""
    assert p.run("upgrade", "1").stderr.splitlines()[1] == \
        "hint: 'retort downgrade 0001_create.sql' goes back"
    assert tracking(db) == rows and db.schema() == before
    # the same place is no move at all, in either direction
    assert p.ok("upgrade", "2").stdout.startswith("nothing to apply")
    assert p.ok("downgrade", "2").stdout.startswith("nothing to roll back")


def test_init_makes_a_nested_migrations_folder(tmp_path):
    r = subprocess.run([RETORT, "init", "--migrations", "db/migrations/app"],
                       cwd=tmp_path, capture_output=True, text=True,
                       env=clean_env())
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "db/migrations/app/retort.sum").read_text() == ""
    assert 'migrations = "db/migrations/app"' in \
        (tmp_path / "pyproject.toml").read_text()


# ---- bad input ----------------------------------------------------------

def test_bad_input_is_one_line_and_applies_nothing(db, proj):
    p = proj
    p.write_history(db.kind, 2)
    p.ok("upgrade", "1")
    rows, before = tracking(db), db.schema()

    def refused(args, code, expect, env=None, cwd=None):
        r = p.run(*args, env=env, cwd=cwd)
        line = one_error(r, code)
        assert expect in line, (args, line)
        assert r.stdout == "", (args, r.stdout)
        assert tracking(db) == rows and db.schema() == before, args
        return line

    # targets
    refused(["upgrade", "nosuch"], 2, "unknown target 'nosuch' (head, "
            "base, a version, +N, -N or a migration's name)")
    refused(["upgrade", "9"], 2, "unknown target '9': no migration "
            "numbered 9")
    refused(["upgrade", "+2"], 2, "target '+2': 1 migration pending")
    refused(["downgrade", "-2"], 2, "target '-2': 1 migration at or "
            "before the current one")
    refused(["upgrade", "1:2"], 2, "a range FROM:TO needs --sql")
    refused(["upgrade", "1", "2"], 2, "takes one TARGET")

    # a migration file that is not there or cannot be read
    gone = p.mig / "0003_gone.sql"
    gone.symlink_to(p.root / "nowhere.sql")
    for cmd in ("upgrade", "history", "status"):
        refused([cmd], 3, "cannot open 'migrations/0003_gone.sql': No such "
                "file or directory")
    gone.unlink()
    unreadable = p.mig / "0003_unreadable.sql"
    if os.geteuid() == 0:               # root reads any file: a folder
        unreadable.mkdir()
        why = "Is a directory"
    else:
        unreadable.write_text("-- +up\nCREATE TABLE x (y integer);\n")
        unreadable.chmod(0)
        why = "Permission denied"
    refused(["upgrade"], 3, f"'migrations/0003_unreadable.sql': {why}")
    if unreadable.is_dir():
        unreadable.rmdir()
    else:
        unreadable.unlink()

    # a section marker typo
    p.write("0003_typo.sql", "-- Typo.\n\n-- +up\nCREATE TABLE typo (x "
            "integer);\n-- +dwon\nDROP TABLE typo;\n")
    refused(["upgrade"], 2, "retort: migrations/0003_typo.sql:5: unknown "
            "marker '-- +dwon' (markers: -- +up, -- +down, -- +validate, "
            "-- +notransaction, -- +expect)")
    (p.mig / "0003_typo.sql").unlink()

    # database URLs
    bad = "mysql://u:secret@h/db"
    for args, env in ((["--database-url", bad], None),
                      ([], {"DATABASE_URL": bad})):
        line = refused(["upgrade"] + args, 2,
                       "unknown database URL scheme", env=env)
        assert "secret" not in line
    conf = p.root / "pyproject.toml"
    good = conf.read_text()
    conf.write_text(good.replace(db.url, bad))
    line = refused(["upgrade"], 2, "unknown database URL scheme")
    assert "pyproject.toml" in line and "secret" not in line
    refused(["upgrade", "--dialect", "oracle"], 2, "unknown dialect "
            "'oracle'", env={"DATABASE_URL": db.url})
    other = "sqlite" if db.kind == "postgresql" else "postgresql"
    refused(["upgrade", "--dialect", other], 2, f"dialect '{other}' but "
            "the database URL is", env={"DATABASE_URL": db.url})

    # a database that cannot be reached: exit 3, no password shown
    if db.kind == "postgresql":
        unreachable = "postgresql://harness:s3cret@127.0.0.1:1/x"
        shown = "postgresql://harness:xxxxx@127.0.0.1:1/x"
    else:
        unreachable = f"sqlite:///{p.root}/no/such/dir/x.db"
        shown = unreachable
    for cmd in (["upgrade"], ["current"], ["stamp", "1"]):
        if db.kind == "sqlite" and cmd == ["current"]:
            # a command that never creates the file says it is not there
            want = f"no SQLite database at '{p.root}/no/such/dir/x.db'"
        elif db.kind == "sqlite":
            want = f"cannot open '{shown}'"
        else:
            want = f"cannot connect to '{shown}'"
        line = refused(cmd + ["--database-url", unreachable], 3, want)
        assert "s3cret" not in line
    (p.root / "junk.db").write_text("not a database\n" * 100)
    refused(["upgrade", "--database-url", f"sqlite:///{p.root}/junk.db"], 3,
            "file is not a database")

    # a malformed pyproject.toml: its line, from the project folder or below
    conf.write_text(good.replace(f'database_url = "{db.url}"',
                                 f'database_url = "{db.url}'))
    sub = p.root / "src" / "app"
    sub.mkdir(parents=True)
    for cwd in (p.root, sub):
        line = refused(["upgrade"], 2, "unterminated string", cwd=cwd)
        assert re.match(rf"retort: {re.escape(str(conf))}:6:\d+: ", line), \
            line
    conf.write_text(good.replace("[tool.retort]\n",
                                 "[tool.retort]\nmigration = 'typo'\n"))
    line = refused(["current"], 2, "unknown setting "
                   "'tool.retort.migration'")
    assert f"{conf}:5: " in line

    # no database anywhere
    conf.write_text(good.replace(f'database_url = "{db.url}"\n', ""))
    for cmd in (["upgrade"], ["downgrade"], ["current"], ["stamp", "1"]):
        refused(cmd, 2, "retort: no database given", cwd=sub)
    # the commands that need none still work
    assert p.ok("history", cwd=sub).stdout.startswith("0001_create.sql")
    assert "(no database)" in p.run("status").stdout
    conf.write_text(good)

    # a migrations folder that is not there
    refused(["upgrade", "--migrations", "nowhere"], 2,
            "no migrations folder 'nowhere'")
    # and after all that, the database is where it was
    assert p.ok("current").stdout == "0001_create.sql (1 pending)\n"


# ---- where the configuration comes from ---------------------------------

def test_flag_beats_environment_beats_pyproject(db, tmp_path):
    a, b, c = db, db.other("env"), db.other("flag")
    try:
        p = Project(tmp_path / "prec")
        if db.kind == "sqlite":
            # relative to the folder of pyproject.toml, wherever retort runs
            a_url = f"sqlite:///{os.path.relpath(a.path, p.root)}"
        else:
            a_url = a.url
        p.configure(a_url)
        p.write_history(db.kind)
        sub = p.root / "pkg"
        sub.mkdir()

        p.ok("upgrade", "1", cwd=sub)
        env = {"DATABASE_URL": b.url}
        p.ok("upgrade", "2", env=env, cwd=sub)
        p.ok("upgrade", "--database-url", c.url, env=env, cwd=sub)
        assert (versions(a), versions(b), versions(c)) == \
            ([1], [1, 2], [1, 2, 3, 4])
        assert p.ok("current", cwd=sub).stdout == \
            "0001_create.sql (3 pending)\n"
        assert p.ok("current", env=env).stdout == \
            "0002_email.sql (2 pending)\n"
        assert p.ok("current", "--database-url", c.url, env=env).stdout == \
            "0004_fill_email.sql (head)\n"
        # an empty DATABASE_URL is no setting
        assert p.ok("current", env={"DATABASE_URL": ""}).stdout == \
            "0001_create.sql (3 pending)\n"
        # SQLAlchemy's driver names are accepted
        sa = c.url.replace("://", "+psycopg2://" if db.kind == "postgresql"
                           else "+pysqlite://", 1)
        assert p.ok("current", "--database-url", sa).stdout == \
            "0004_fill_email.sql (head)\n"
        # the migrations folder: flag over pyproject.toml
        other_dir = p.root / "other_migs"
        other_dir.mkdir()
        r = p.ok("history", "--migrations", other_dir)
        assert r.stdout == f"no migrations in {other_dir}\n"
    finally:
        b.drop()
        c.drop()


# ---- SIGKILL at each statement ------------------------------------------

N_KILL = 20


def twenty(k, gate=False):
    """The 20 statements of the migration to kill; statement k reads the
    table `gate` (held locked by the test on PostgreSQL)."""
    return "".join(f"CREATE TABLE k_{j} AS SELECT {j} AS v"
                   + (" FROM gate" if gate and j == k else "") + ";\n"
                   for j in range(1, N_KILL + 1))


def killed_tables(db):
    return [t for t in tables(db) if t.startswith("k_")]


def test_sigkill_at_each_statement_postgresql(pg, tmp_path, request):
    """`retort upgrade` killed while statement k of a 20-statement
    migration waits on a lock the test holds: nothing of the migration
    stays, and the next upgrade applies all of it."""
    import psycopg2

    db = PgDb(pg, db_name(request))
    try:
        db.script("CREATE TABLE gate (x integer); INSERT INTO gate "
                  "VALUES (1);\n")
        url = db.url + "?application_name=lc_kill"
        p = Project(tmp_path / "kill").configure(url)
        p.write("0001_first.sql", "-- +up\nCREATE TABLE first (x integer);"
                "\n-- +down\nDROP TABLE first;\n")
        down = "".join(f"DROP TABLE k_{j};\n" for j in range(1, N_KILL + 1))

        def write(k):
            p.write("0002_twenty.sql", "-- Twenty tables.\n\n-- +up\n" +
                    twenty(k, gate=True) + "\n-- +down\n" + down)

        write(0)
        p.ok("upgrade", "1")
        gate = psycopg2.connect(host="127.0.0.1", port=pg.port,
                                user=pg.ROLE, dbname=db.name)
        look = psycopg2.connect(host="127.0.0.1", port=pg.port,
                                user=pg.ROLE, dbname=db.name)
        look.autocommit = True
        cur = look.cursor()

        def waiting(k):
            cur.execute("SELECT count(*) FROM pg_stat_activity WHERE "
                        "application_name = 'lc_kill' AND wait_event_type "
                        "= 'Lock' AND query LIKE %s",
                        (f"%TABLE k_{k} AS%",))
            return cur.fetchone()[0] > 0

        try:
            for k in range(1, N_KILL + 1):
                write(k)
                gate.cursor().execute("LOCK TABLE gate IN ACCESS EXCLUSIVE "
                                      "MODE")
                proc = subprocess.Popen([RETORT, "upgrade"], cwd=p.root,
                                        env=clean_env(),
                                        stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)
                assert wait_for(lambda: waiting(k), timeout=30), \
                    f"statement {k} never ran"
                proc.send_signal(signal.SIGKILL)
                proc.communicate(timeout=30)
                assert proc.returncode == -signal.SIGKILL
                gate.rollback()
                assert versions(db) == [1], k
                assert killed_tables(db) == [], k
                r = p.ok("upgrade")
                assert r.stdout.splitlines()[0] == \
                    "applied 0002_twenty.sql", k
                assert versions(db) == [1, 2], k
                assert len(killed_tables(db)) == N_KILL, k
                p.ok("downgrade")
                assert killed_tables(db) == [] and versions(db) == [1], k
        finally:
            gate.close()
            look.close()
    finally:
        db.drop()


def driver_run(url, mdir, *args, env=None):
    e = dict(os.environ)
    e.pop("RUNNER_DRIVER_TRACE", None)
    e.pop("RUNNER_DRIVER_KILL_AT", None)
    e.update(env or {})
    return subprocess.run([DRIVER, url, str(mdir)] + list(args),
                          capture_output=True, text=True, env=e,
                          timeout=120)


def test_sigkill_at_each_statement_sqlite(tmp_path):
    """The runner on SQLite (through build/runner-driver) killed right
    before each statement of a 20-statement migration, and before its
    tracking row and its COMMIT: the rollback journal undoes all of it, and
    the next run applies it whole."""
    if not os.path.exists(DRIVER):
        pytest.fail(f"runner driver not found at {DRIVER} (run make)")
    db = SqliteDb(tmp_path / "kill.db")
    mdir = tmp_path / "m"
    mdir.mkdir()
    (mdir / "0001_first.up.sql").write_text("CREATE TABLE first (x int);\n")
    (mdir / "0001_first.down.sql").write_text("DROP TABLE first;\n")
    (mdir / "0002_twenty.up.sql").write_text(twenty(0))
    (mdir / "0002_twenty.down.sql").write_text(
        "".join(f"DROP TABLE k_{j};\n" for j in range(1, N_KILL + 1)))
    r = driver_run(db.url, mdir, "up", "1")
    assert r.returncode == 0, r.stderr

    # where each statement comes in the runner's sequence, from this state
    r = driver_run(db.url, mdir, "up", env={"RUNNER_DRIVER_TRACE": "1"})
    assert r.returncode == 0, r.stderr
    seq = {}
    for line in r.stderr.splitlines():
        m = re.match(r"stmt (\d+): (.*)", line)
        if m:
            seq[m.group(2).strip()] = int(m.group(1))
    at = [seq[f"CREATE TABLE k_{j} AS SELECT {j} AS v;"]
          for j in range(1, N_KILL + 1)]
    assert at == list(range(at[0], at[0] + N_KILL)), seq
    at.append(at[-1] + 1)                     # the tracking row
    assert [s for s, i in seq.items() if i == at[-1]][0].startswith(
        "INSERT INTO retort_version")
    at.append(at[-1] + 1)                     # COMMIT
    assert [s for s, i in seq.items() if i == at[-1]] == ["COMMIT"]
    r = driver_run(db.url, mdir, "down", "1")
    assert r.returncode == 0, r.stderr

    for k, n in enumerate(at, 1):
        r = driver_run(db.url, mdir, "up",
                       env={"RUNNER_DRIVER_KILL_AT": str(n)})
        assert r.returncode == -signal.SIGKILL, (k, r.stdout, r.stderr)
        assert db.rows("PRAGMA integrity_check") == [("ok",)], k
        assert versions(db) == [1], k
        assert killed_tables(db) == [], k
        r = driver_run(db.url, mdir, "up")
        assert r.returncode == 0, (k, r.stderr)
        assert r.stdout.startswith("done=1 skipped=1 "), k
        assert versions(db) == [1, 2], k
        assert len(killed_tables(db)) == N_KILL, k
        r = driver_run(db.url, mdir, "down", "1")
        assert r.returncode == 0, (k, r.stderr)
        assert killed_tables(db) == [], k
