# SPDX-License-Identifier: MIT
"""Lock and statement timeouts, retries on a lock timeout, and the
progress line of `retort upgrade` on PostgreSQL 15 (issue 8, items 2 and
8): a second connection holds a lock the migration needs; the migration
waits lock_timeout, is rolled back and run again, and succeeds once the
lock is released between tries, or gives up after its tries with exit 3
and nothing of it applied. A slow index build shows a progress line on
stderr when it is a terminal (or RETORT_PROGRESS=always) and nothing
when it is not."""

import os
import pty
import queue
import select
import subprocess
import threading
import time
from pathlib import Path

import pytest

from conftest import RETORT


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PG", "RETORT_")) and k != "DATABASE_URL"}
    env["USER"] = "tester"
    env.update(extra)
    return env


class Proj:
    def __init__(self, root, url, extra=""):
        self.root = Path(root)
        self.mig = self.root / "migrations"
        self.mig.mkdir(parents=True)
        (self.mig / "retort.sum").write_text("")
        (self.root / "pyproject.toml").write_text(
            f'[tool.retort]\ndatabase_url = "{url}"\n{extra}')

    def write(self, name, up, down="SELECT 1;\n", header="", validate=""):
        text = header + "\n-- +up\n" + up + "\n-- +down\n" + down
        if validate:
            text += "\n-- +validate\n" + validate
        (self.mig / name).write_text(text)

    def argv(self, *args):
        return [RETORT] + [str(a) for a in args]

    def run(self, *args, env=None, timeout=120, raw=False):
        """raw: stdout and stderr as bytes, \r kept."""
        r = subprocess.run(self.argv(*args), capture_output=True,
                           cwd=self.root, timeout=timeout,
                           env=clean_env(**(env or {})))
        if not raw:
            r.stdout = r.stdout.decode().replace("\r\n", "\n")
            r.stderr = r.stderr.decode().replace("\r\n", "\n")
        return r

    def start(self, *args, env=None):
        return subprocess.Popen(self.argv(*args), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True,
                                cwd=self.root, env=clean_env(**(env or {})))


class Db:
    def __init__(self, pg, name, sql=None):
        self.pg, self.name = pg, name
        self.url = pg.createdb(name, sql)

    def connect(self):
        import psycopg2
        c = psycopg2.connect(host="127.0.0.1", port=self.pg.port,
                             user=self.pg.ROLE, dbname=self.name)
        return c

    def one(self, sql):
        return self.pg.psql(self.name, sql).strip()

    def versions(self):
        out = self.one("SELECT string_agg(version::text, ',' ORDER BY "
                       "version) FROM retort_version")
        return [int(v) for v in out.split(",") if v]


TABLE = ("CREATE TABLE t (id int PRIMARY KEY, x int);\n"
         "INSERT INTO t SELECT g, g FROM generate_series(1, 100) g;\n")


@pytest.fixture
def db(pg, request):
    d = Db(pg, "to_" + request.node.name[5:40].lower(), TABLE)
    yield d
    pg.dropdb(d.name)


@pytest.fixture
def proj(db, tmp_path):
    return Proj(tmp_path / "p", db.url)


def lines_of(stream):
    """A queue the lines of stream arrive on (None at its end)."""
    q = queue.Queue()

    def pump():
        for line in stream:
            q.put(line)
        q.put(None)
    threading.Thread(target=pump, daemon=True).start()
    return q


def wait_line(q, seen, pred, timeout=30):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            line = q.get(timeout=0.1)
        except queue.Empty:
            continue
        if line is None:
            break
        seen.append(line)
        if pred(line):
            return line
    pytest.fail("no such line on stderr: " + "".join(seen))


def drain(q, seen):
    while True:
        line = q.get(timeout=30)
        if line is None:
            return "".join(seen)
        seen.append(line)


# ---- timeouts are set ---------------------------------------------------

SHOW = ("-- +expect value {lock}\nSELECT current_setting('lock_timeout');\n"
        "-- +expect value {stmt}\n"
        "SELECT current_setting('statement_timeout');\n")


def test_timeouts_are_set_local_from_flag_config_and_header(db, tmp_path):
    p = Proj(tmp_path / "p", db.url,
             'lock_timeout = "750ms"\nstatement_timeout = 90000\n')
    # the validation queries run in the migration's transaction: they see
    # what it set, and fail it when it is not what the test expects
    p.write("0001_a.sql", "ALTER TABLE t ADD COLUMN a int;\n",
            validate=SHOW.format(lock="750ms", stmt="90s"))
    p.write("0002_b.sql", "ALTER TABLE t ADD COLUMN b int;\n",
            header="-- header override\n-- lock_timeout: 5s\n"
                   "--   statement_timeout:  2min\n",
            validate=SHOW.format(lock="5s", stmt="2min"))
    r = p.run("upgrade")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert db.versions() == [1, 2]
    # the flag beats pyproject.toml; the defaults without either
    p.write("0003_c.sql", "ALTER TABLE t ADD COLUMN c int;\n",
            validate=SHOW.format(lock="300ms", stmt="0"))
    r = p.run("upgrade", "--lock-timeout", "300ms",
              "--statement-timeout", "0")
    assert r.returncode == 0, r.stderr
    (p.root / "pyproject.toml").write_text(
        f'[tool.retort]\ndatabase_url = "{db.url}"\n')
    p.write("0004_d.sql", "ALTER TABLE t ADD COLUMN d int;\n",
            validate=SHOW.format(lock="2s", stmt="1h"))
    r = p.run("upgrade")
    assert r.returncode == 0, r.stderr
    assert db.versions() == [1, 2, 3, 4]


def test_a_transaction_after_a_no_transaction_statement(db, proj):
    # the session SET before the index build (statement_timeout none) does
    # not leak into the transaction after it: that one has its own values
    proj.write("0001_idx.sql",
               "-- +notransaction\n"
               "CREATE INDEX CONCURRENTLY t_x ON t (x);\n"
               "CREATE TABLE seen AS SELECT "
               "current_setting('lock_timeout') AS lock, "
               "current_setting('statement_timeout') AS stmt;\n")
    r = proj.run("upgrade", "--lock-timeout", "400ms")
    assert r.returncode == 0, r.stderr
    assert db.one("SELECT lock || ' ' || stmt FROM seen") == "400ms 1h"
    assert db.one("SELECT indisvalid FROM pg_index WHERE indexrelid = "
                  "'t_x'::regclass") == "t"


def test_bad_timeouts_are_input_errors(db, proj):
    proj.write("0001_a.sql", "ALTER TABLE t ADD COLUMN a int;\n")
    for args, msg in [
            (["--lock-timeout", "2x"], "--lock-timeout '2x': expected a "
                                       "duration"),
            (["--statement-timeout", "-1s"], "--statement-timeout '-1s'"),
            (["--lock-retries", "many"], "--lock-retries 'many'"),
            (["--lock-retries", "101"], "--lock-retries '101'")]:
        r = proj.run("upgrade", *args)
        assert r.returncode == 2, (args, r.stderr)
        assert r.stderr.startswith("retort: " + msg), r.stderr
    (proj.root / "pyproject.toml").write_text(
        f'[tool.retort]\ndatabase_url = "{proj_url(proj)}"\n'
        'lock_timeout = "soon"\n')
    r = proj.run("upgrade")
    assert r.returncode == 2
    assert r.stderr.startswith(
        "retort: " + str(proj.root / "pyproject.toml") + ":3:"), r.stderr
    assert "'tool.retort.lock_timeout' must be a duration" in r.stderr
    (proj.root / "pyproject.toml").write_text(
        f'[tool.retort]\ndatabase_url = "{proj_url(proj)}"\n'
        'lock_retries = -1\n')
    r = proj.run("upgrade")
    assert r.returncode == 2
    assert "'tool.retort.lock_retries' must be from 0 to 100" in r.stderr
    (proj.root / "pyproject.toml").write_text(
        f'[tool.retort]\ndatabase_url = "{proj_url(proj)}"\n')
    proj.write("0001_a.sql", "ALTER TABLE t ADD COLUMN a int;\n",
               header="-- lock_timeout: a while\n")
    r = proj.run("upgrade")
    assert r.returncode == 2
    assert "0001_a.sql's header: 'lock_timeout' is not a duration" \
        in r.stderr
    assert db.one("SELECT to_regclass('retort_version') IS NULL") == "t"


def proj_url(proj):
    text = (proj.root / "pyproject.toml").read_text()
    return text.split('database_url = "')[1].split('"')[0]


def test_statement_timeout_cancels_without_retry(db, proj):
    proj.write("0001_slow.sql", "ALTER TABLE t ADD COLUMN a int;\n"
               "SELECT pg_sleep(2);\n")
    r = proj.run("upgrade", "--statement-timeout", "200ms")
    assert r.returncode == 3, r.stderr
    assert "retort: note" not in r.stderr
    assert "canceling statement due to statement timeout" in r.stderr
    assert "0001_slow.sql:4:" in r.stderr
    assert db.one("SELECT to_regclass('retort_version') IS NULL OR NOT "
                  "EXISTS (SELECT FROM retort_version)") == "t"
    assert db.one("SELECT count(*) FROM pg_attribute WHERE attrelid = "
                  "'t'::regclass AND attname = 'a'") == "0"


# ---- retries --------------------------------------------------------------

def two_migrations(proj):
    proj.write("0001_u.sql", "CREATE TABLE u (id int);\n")
    proj.write("0002_col.sql", "INSERT INTO u VALUES (1);\n"
               "ALTER TABLE t ADD COLUMN y int;\n")


def test_lock_timeout_retries_then_succeeds(db, proj):
    two_migrations(proj)
    holder = db.connect()
    cur = holder.cursor()
    cur.execute("LOCK t IN ACCESS SHARE MODE")  # a long reader of t
    t0 = time.monotonic()
    proc = proj.start("upgrade", "--lock-timeout", "300ms",
                      "--lock-retries", "5")
    err = lines_of(proc.stderr)
    seen = []
    note = wait_line(err, seen, lambda l: l.startswith("retort: note:"))
    assert note.startswith(
        "retort: note: migrations/0002_col.sql:4: canceling statement due "
        "to lock timeout (try 1 of 6); running its transaction again in ")
    # nothing of the migration is there meanwhile, the one before is
    assert db.versions() == [1]
    assert db.one("SELECT count(*) FROM u") == "0"
    holder.rollback()  # the lock goes between two tries
    out, _ = proc.communicate(timeout=60)
    stderr = drain(err, seen)
    assert proc.returncode == 0, stderr
    assert time.monotonic() - t0 >= 0.3
    assert "now at 0002_col.sql" in out
    assert db.versions() == [1, 2]
    # its duration counts the waits and the pause of its tries
    assert int(db.one("SELECT duration_ms FROM retort_version WHERE "
                      "version = 2")) >= 300 + 400
    # the transaction ran once in the end: one row, not one per try
    assert db.one("SELECT count(*) FROM u") == "1"
    assert db.one("SELECT count(*) FROM pg_attribute WHERE attrelid = "
                  "'t'::regclass AND attname = 'y'") == "1"
    holder.close()


def test_lock_timeout_gives_up_after_its_tries(db, proj):
    two_migrations(proj)
    holder = db.connect()
    holder.cursor().execute("LOCK t IN ACCESS SHARE MODE")
    t0 = time.monotonic()
    r = proj.run("upgrade", "--lock-timeout", "200ms", "--lock-retries", "2")
    took = time.monotonic() - t0
    holder.rollback()
    holder.close()
    assert r.returncode == 3, r.stderr
    lines = r.stderr.splitlines()
    notes = [l for l in lines if l.startswith("retort: note:")]
    assert [n.split("(")[1].split(")")[0] for n in notes] == [
        "try 1 of 3", "try 2 of 3"]
    err = [l for l in lines if not l.startswith("retort: note:")]
    assert err[0] == "retort: 1 migration applied before the failure stays"
    assert err[1].startswith(
        "retort: migrations/0002_col.sql:4: migration 2 'col' rolled back: "
        "statement 'ALTER TABLE t ADD COLUMN y int' failed: canceling "
        "statement due to lock timeout"), r.stderr
    assert any(l.startswith("hint: it waited lock_timeout (200 ms) for a "
                            "lock 3 times") for l in err), r.stderr
    # three waits of 200 ms and two pauses of 0.4-0.6 then 0.8-1.2 s
    assert took >= 3 * 0.2 + 0.4 + 0.8
    assert db.versions() == [1]
    assert db.one("SELECT count(*) FROM u") == "0"
    assert db.one("SELECT count(*) FROM pg_attribute WHERE attrelid = "
                  "'t'::regclass AND attname = 'y'") == "0"
    # the next run, with the lock gone, applies it
    r = proj.run("upgrade")
    assert r.returncode == 0, r.stderr
    assert db.versions() == [1, 2]


def test_lock_retries_zero_fails_at_once(db, proj):
    two_migrations(proj)
    holder = db.connect()
    holder.cursor().execute("LOCK t IN ACCESS SHARE MODE")
    r = proj.run("upgrade", "--lock-timeout", "100ms", "--lock-retries", "0")
    holder.rollback()
    holder.close()
    assert r.returncode == 3
    assert "retort: note" not in r.stderr
    assert "for a lock 1 time:" in r.stderr


def test_a_timed_out_concurrent_build_is_rebuilt_not_skipped(db, proj):
    # CREATE INDEX CONCURRENTLY waits for the writers of t after it has
    # made the index (INVALID): a lock timeout there leaves it behind, and
    # IF NOT EXISTS would then skip the rebuild. The runner drops it first.
    proj.write("0001_idx.sql",
               "-- +notransaction\n"
               "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_x ON t (x);\n",
               validate="SELECT indisvalid FROM pg_index WHERE indexrelid "
                        "= 't_x'::regclass;\n")
    writer = db.connect()
    writer.cursor().execute("UPDATE t SET x = x WHERE id = 1")
    proc = proj.start("upgrade", "--lock-timeout", "300ms",
                      "--lock-retries", "5")
    err = lines_of(proc.stderr)
    seen = []
    note = wait_line(err, seen, lambda l: l.startswith("retort: note:"))
    assert "migrations/0001_idx.sql:4: canceling statement due to lock " \
           "timeout (try 1 of 6); running the statement alone again" in note
    # the next try drops the INVALID index it left, then builds it again
    writer.commit()
    out, _ = proc.communicate(timeout=60)
    stderr = drain(err, seen)
    assert proc.returncode == 0, stderr
    assert db.versions() == [1]
    assert db.one("SELECT string_agg(indexrelid::regclass::text || ' ' || "
                  "indisvalid, ',') FROM pg_index WHERE indrelid = "
                  "'t'::regclass AND NOT indisprimary") == "t_x true"
    writer.close()


# ---- progress ---------------------------------------------------------------

SLOW = ("CREATE FUNCTION slow(int) RETURNS int IMMUTABLE LANGUAGE plpgsql "
        "AS $$BEGIN PERFORM pg_sleep(0.001); RETURN $1; END$$;\n")


def slow_index(proj, db):
    db.one(SLOW + "INSERT INTO t SELECT g, g FROM "
           "generate_series(101, 1500) g;")
    proj.write("0001_idx.sql", "-- +notransaction\n"
               "CREATE INDEX CONCURRENTLY t_slow ON t (slow(x));\n")


def test_progress_is_shown_when_forced(db, proj):
    slow_index(proj, db)
    r = proj.run("upgrade", env={"RETORT_PROGRESS": "always"}, raw=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(b"applied 0001_idx.sql\n")
    r.stderr = r.stderr.decode()
    # one line rewritten in place: \r, the line, erase to its end
    shots = [s for s in r.stderr.split("\r") if s]
    assert shots[-1] == "\x1b[K", repr(r.stderr[-200:])  # cleared at end
    lines = [s[:-3] for s in shots[:-1]]
    assert lines and all(s.endswith("\x1b[K") for s in shots[:-1])
    assert all(l.startswith("0001_idx.sql:4 ") for l in lines), lines[:3]
    assert "\n" not in r.stderr
    builds = [l for l in lines if "CREATE INDEX CONCURRENTLY: " in l]
    assert builds, lines
    # a percent of blocks or tuples, from the progress view
    assert any("% " in l and ("blocks" in l or "tuples" in l)
               for l in builds), builds
    assert db.one("SELECT indisvalid FROM pg_index WHERE indexrelid = "
                  "'t_slow'::regclass") == "t"


def test_no_progress_when_stderr_is_not_a_terminal(db, proj):
    slow_index(proj, db)
    r = proj.run("upgrade")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert r.stdout.splitlines()[0] == "applied 0001_idx.sql"
    r = proj.run("downgrade", env={"RETORT_PROGRESS": "never"})
    assert r.returncode == 0 and r.stderr == "", r.stderr


def test_progress_on_a_terminal(db, proj):
    slow_index(proj, db)
    master, slave = pty.openpty()
    proc = subprocess.Popen(proj.argv("upgrade"), stdout=subprocess.PIPE,
                            stderr=slave, text=True, cwd=proj.root,
                            env=clean_env())
    os.close(slave)
    got = b""
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        got += chunk
    out, _ = proc.communicate(timeout=60)
    os.close(master)
    assert proc.returncode == 0, got
    assert out.startswith("applied 0001_idx.sql\n")
    assert b"\r0001_idx.sql:4 " in got, got[:300]
    assert b"CREATE INDEX CONCURRENTLY" in got


def test_bad_progress_setting(db, proj):
    proj.write("0001_a.sql", "ALTER TABLE t ADD COLUMN a int;\n")
    r = proj.run("upgrade", env={"RETORT_PROGRESS": "sometimes"})
    assert r.returncode == 2
    assert r.stderr == ("retort: RETORT_PROGRESS is 'sometimes': expected "
                        "always, never or auto\n")


def test_sql_script_sets_the_timeouts(db, proj):
    proj.write("0001_a.sql", "ALTER TABLE t ADD COLUMN a int;\n")
    proj.write("0002_idx.sql", "-- +notransaction\n"
               "CREATE INDEX CONCURRENTLY t_a ON t (a);\n",
               header="-- lock_timeout: 5s\n")
    r = proj.run("upgrade", "--sql", "--lock-timeout", "300ms")
    assert r.returncode == 0, r.stderr
    body = r.stdout.split("-- retort: migration 1 'a'")[1]
    one, two = body.split("-- retort: migration 2 'idx'")
    assert one.splitlines()[1:4] == [
        "BEGIN;", "SET LOCAL lock_timeout = '300ms';",
        "SET LOCAL statement_timeout = '3600000ms';"]
    assert two.splitlines()[1:5] == [
        "SET lock_timeout = '5000ms';", "SET statement_timeout = '0ms';",
        "-- retort: outside a transaction (migrations/0002_idx.sql:5)",
        "CREATE INDEX CONCURRENTLY t_a ON t (a);"]
    assert two.splitlines()[-1] == \
        "RESET lock_timeout; RESET statement_timeout;"
    # the script runs as it is in psql and leaves what upgrade leaves
    r2 = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d",
                         db.name], input=r.stdout, capture_output=True,
                        text=True, env=db.pg.env)
    assert r2.returncode == 0, r2.stderr
    assert db.versions() == [1, 2]


def test_sqlite_takes_the_flags_and_sets_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    p = Proj(tmp_path / "p", url, 'lock_timeout = "1s"\n')
    p.write("0001_a.sql", "CREATE TABLE a (id integer);\n")
    r = p.run("upgrade", "--sql", "--lock-timeout", "300ms")
    assert r.returncode == 0, r.stderr
    assert "SET" not in r.stdout
    r = p.run("upgrade", "--lock-timeout", "300ms", "--lock-retries", "0",
              env={"RETORT_PROGRESS": "always"})
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert r.stdout.startswith("applied 0001_a.sql\n")
