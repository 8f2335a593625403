# SPDX-License-Identifier: MIT
"""The runner (src/runner) on PostgreSQL 15, through build/runner-driver
(tests/drivers/runner_driver.c) until upgrade / downgrade exist: apply,
status, roll back, a failure halfway, validation, the offline script, ten
concurrent runners, and SIGKILL at each statement of a 20-statement
migration followed by a run that completes."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import RETORT, wait_for

DRIVER = os.environ.get("RETORT_RUNNER_DRIVER") or str(
    Path(RETORT).parent / "runner-driver")


@pytest.fixture(scope="module")
def driver():
    if not os.path.exists(DRIVER):
        pytest.fail(f"runner driver not found at {DRIVER} (run make)")
    return DRIVER


def run(driver, url, mdir, *args, timeout=120):
    return subprocess.run([driver, url, str(mdir)] + [str(a) for a in args],
                          capture_output=True, text=True, timeout=timeout)


def write_migs(mdir, migs):
    """migs: {"0001_name": (up_text, down_text or None)}."""
    mdir.mkdir(parents=True, exist_ok=True)
    for base, (up, down) in migs.items():
        (mdir / f"{base}.up.sql").write_text(up, encoding="utf-8")
        if down is not None:
            (mdir / f"{base}.down.sql").write_text(down, encoding="utf-8")
    return mdir


def counts(out):
    """{"done": n, "skipped": n, "calls": n} from the driver's stdout."""
    line = [l for l in out.splitlines() if l.startswith("done=")][-1]
    return {k: int(v) for k, v in (p.split("=") for p in line.split())}


def tables(pg, db, like="%"):
    out = pg.psql(db, "SELECT string_agg(relname, ',' ORDER BY relname) "
                  "FROM pg_class WHERE relkind = 'r' AND relnamespace = "
                  f"'public'::regnamespace AND relname LIKE '{like}'")
    return [t for t in out.strip().split(",") if t]


def versions(pg, db):
    out = pg.psql(db, "SELECT string_agg(version::text, ',' ORDER BY "
                  "version) FROM retort_version")
    return [int(v) for v in out.strip().split(",") if v]


BASIC = {
    "0001_users": (
        "CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);\n"
        "INSERT INTO users VALUES (1, 'ann');\n"
        "-- @expect t\n"
        "SELECT EXISTS (SELECT FROM users WHERE name = 'ann');\n",
        "DROP TABLE users;\n"),
    "0002_users_name": (
        "-- @no-transaction\n"
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_name\n"
        "  ON users (name);\n",
        "DROP INDEX users_name;\n"),
    "0003_tasks": (
        "CREATE TABLE tasks (id int PRIMARY KEY,\n"
        "  owner int REFERENCES users);\n",
        "DROP TABLE tasks;\n"),
}


def test_apply_status_rollback(pg, driver, tmp_path):
    url = pg.createdb("runner_basic")
    mdir = write_migs(tmp_path / "m", BASIC)

    r = run(driver, url, mdir, "up")
    assert r.returncode == 0, r.stderr
    # lock 1 + tracking table 1 + unlock 1; migration 1: 2 statements,
    # 1 validation, BEGIN, INSERT+COMMIT; 2: the index, BEGIN,
    # INSERT+COMMIT; 3: 1 statement, BEGIN, INSERT+COMMIT
    assert counts(r.stdout) == {"done": 3, "skipped": 0,
                                "calls": 3 + 5 + 3 + 3}
    assert tables(pg, "runner_basic") == ["retort_version", "tasks",
                                          "users"]
    assert pg.psql("runner_basic", "SELECT indisvalid FROM pg_index WHERE "
                   "indexrelid = 'users_name'::regclass").strip() == "t"
    rows = pg.psql("runner_basic", "SELECT version, name, length(checksum), "
                   "applied_by, duration_ms >= 0, applied_at <= now() "
                   "FROM retort_version ORDER BY 1").split()
    assert rows == ["1|users|16|harness|t|t", "2|users_name|16|harness|t|t",
                    "3|tasks|16|harness|t|t"]

    st = run(driver, url, mdir, "status")
    assert st.returncode == 0, st.stderr
    assert st.stdout.splitlines() == [
        "0001 applied users by=harness", "0002 applied users_name by=harness",
        "0003 applied tasks by=harness"]
    # an edited file is reported as such
    p = mdir / "0003_tasks.up.sql"
    p.write_text(p.read_text() + "-- edited\n")
    st = run(driver, url, mdir, "status")
    assert "0003 edited tasks by=harness" in st.stdout

    r = run(driver, url, mdir, "up")
    assert r.returncode == 0, r.stderr
    assert counts(r.stdout)["done"] == 0
    assert counts(r.stdout)["skipped"] == 3

    r = run(driver, url, mdir, "down", "1")
    assert r.returncode == 0, r.stderr
    assert counts(r.stdout)["done"] == 2
    assert versions(pg, "runner_basic") == [1]
    assert tables(pg, "runner_basic") == ["retort_version", "users"]
    assert pg.psql("runner_basic", "SELECT count(*) FROM pg_class WHERE "
                   "relname = 'users_name'").strip() == "0"
    r = run(driver, url, mdir, "down", "base")
    assert r.returncode == 0, r.stderr
    assert versions(pg, "runner_basic") == []
    assert tables(pg, "runner_basic") == ["retort_version"]


def test_failure_halfway_leaves_nothing_of_it(pg, driver, tmp_path):
    url = pg.createdb("runner_fail")
    mdir = write_migs(tmp_path / "m", {
        "0001_users": BASIC["0001_users"],
        "0002_half": (
            "CREATE TABLE half (x int);\n"
            "INSERT INTO users VALUES (2, 'bob');\n"
            "UPDATE users\n"
            "  SET name = nosuch_column;\n"
            "CREATE TABLE never (x int);\n", None),
        "0003_after": ("CREATE TABLE after (x int);\n", None),
    })
    r = run(driver, url, mdir, "up")
    assert r.returncode == 3, r.stdout + r.stderr
    assert counts(r.stdout)["done"] == 1
    err = r.stderr.splitlines()[0]
    # the file, the line of the failing part of the statement, its first
    # line and the server's message
    assert err == (f"runner-driver: {mdir}/0002_half.up.sql:4: migration 2 "
                   "'half' rolled back: statement 'UPDATE users' "
                   "failed: column \"nosuch_column\" does not exist"), err
    assert tables(pg, "runner_fail") == ["retort_version", "users"]
    assert pg.psql("runner_fail", "SELECT string_agg(name, ',') FROM "
                   "users").strip() == "ann"
    assert versions(pg, "runner_fail") == [1]

    # fixed, the next run applies 2 and 3
    (mdir / "0002_half.up.sql").write_text(
        "CREATE TABLE half (x int);\nCREATE TABLE never (x int);\n")
    r = run(driver, url, mdir, "up")
    assert r.returncode == 0, r.stderr
    assert counts(r.stdout)["done"] == 2
    assert versions(pg, "runner_fail") == [1, 2, 3]


def test_failed_validation_rolls_back(pg, driver, tmp_path):
    url = pg.createdb("runner_check")
    mdir = write_migs(tmp_path / "m", {
        "0001_t": ("CREATE TABLE t (x int NOT NULL);\n"
                   "INSERT INTO t VALUES (1), (2);\n"
                   "-- @expect rows=2\n"
                   "SELECT * FROM t;\n"
                   "-- @expect YES\n"
                   "SELECT is_nullable FROM information_schema.columns\n"
                   " WHERE table_name = 't' AND column_name = 'x';\n",
                   None)})
    r = run(driver, url, mdir, "up")
    assert r.returncode == 3
    assert r.stderr.splitlines()[0] == (
        f"runner-driver: {mdir}/0001_t.up.sql:6: migration 1 't' rolled "
        "back: validation 'SELECT is_nullable FROM "
        "information_schema.columns' expected 'YES', got 'NO'")
    assert tables(pg, "runner_check") == ["retort_version"]
    assert versions(pg, "runner_check") == []


def test_offline_script_applies_like_the_runner(pg, driver, tmp_path):
    url = pg.createdb("runner_sql")
    mdir = write_migs(tmp_path / "m", BASIC)
    r = run(driver, url, mdir, "sql-up")
    assert r.returncode == 0, r.stderr
    script = r.stdout
    # the index of migration 2 outside any transaction, its tracking row
    # in one of its own
    assert ("COMMIT;\n\n-- retort: migration 2 'users_name' "
            f"({mdir}/0002_users_name.up.sql)\n"
            "-- retort: outside a transaction "
            f"({mdir}/0002_users_name.up.sql:2)\n"
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_name\n"
            "  ON users (name);\nBEGIN;\nINSERT INTO retort_version") \
        in script, script
    assert script.count("BEGIN;") == 3 and script.count("COMMIT;") == 3
    pg.psql("runner_sql", script)
    assert tables(pg, "runner_sql") == ["retort_version", "tasks", "users"]
    assert versions(pg, "runner_sql") == [1, 2, 3]
    r = run(driver, url, mdir, "up")
    assert counts(r.stdout)["skipped"] == 3

    r = run(driver, url, mdir, "sql-down", "base")
    assert r.returncode == 0, r.stderr
    pg.psql("runner_sql", r.stdout)
    assert tables(pg, "runner_sql") == ["retort_version"]
    assert versions(pg, "runner_sql") == []


def test_stamp_and_unstamp(pg, driver, tmp_path):
    url = pg.createdb("runner_stamp")
    mdir = write_migs(tmp_path / "m", BASIC)
    r = run(driver, url, mdir, "stamp", "2")
    assert r.returncode == 0, r.stderr
    assert counts(r.stdout)["done"] == 2
    assert tables(pg, "runner_stamp") == ["retort_version"]
    assert pg.psql("runner_stamp", "SELECT count(*) FROM retort_version "
                   "WHERE duration_ms IS NULL").strip() == "2"
    r = run(driver, url, mdir, "unstamp", "1")
    assert r.returncode == 0, r.stderr
    assert versions(pg, "runner_stamp") == [1]


def test_bad_urls(driver, tmp_path):
    mdir = write_migs(tmp_path / "m", BASIC)
    r = run(driver, "mysql://u:secret@h/db", mdir, "up")
    assert r.returncode == 2
    assert r.stderr.strip() == (
        "runner-driver: unknown database URL scheme 'mysql' in "
        "'mysql://u:xxxxx@h/db': expected postgresql://, postgres:// or "
        "sqlite:///")
    r = run(driver, "postgresql://u:secret@127.0.0.1:1/db", mdir, "up")
    assert r.returncode == 3
    assert "secret" not in r.stderr
    assert "postgresql://u:xxxxx@127.0.0.1:1/db" in r.stderr


def test_ten_concurrent_runners_apply_each_migration_once(pg, driver,
                                                          tmp_path):
    url = pg.createdb("runner_conc", "CREATE TABLE runs (v int, pid int)")
    migs = {}
    for i in range(1, 9):
        # not idempotent: a second run of any of them fails
        migs[f"{i:04d}_m{i}"] = (
            f"CREATE TABLE c{i} (x int);\n"
            f"INSERT INTO runs VALUES ({i}, pg_backend_pid());\n"
            "SELECT pg_sleep(0.02);\n", None)
    # CREATE INDEX CONCURRENTLY waits for older snapshots: runners that
    # wait for the lock must not hold one
    migs["0009_idx"] = ("-- @no-transaction\n"
                        "CREATE INDEX CONCURRENTLY c1_x ON c1 (x);\n"
                        "INSERT INTO runs VALUES (9, pg_backend_pid());\n",
                        None)
    mdir = write_migs(tmp_path / "m", migs)
    procs = [subprocess.Popen([driver, url, str(mdir), "up"],
                              stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for _ in range(10)]
    done = 0
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        c = counts(out)
        assert c["done"] + c["skipped"] == 9
        done += c["done"]
    assert done == 9
    assert pg.psql("runner_conc", "SELECT count(*), count(DISTINCT v) FROM "
                   "runs").strip() == "9|9"
    assert versions(pg, "runner_conc") == list(range(1, 10))


def test_sigkill_at_each_statement_then_rerun_completes(pg, driver,
                                                        tmp_path):
    """A 20-statement migration; for each k the runner is killed with
    SIGKILL while statement k waits on a lock the test holds. Nothing of
    the migration may remain, and the next run applies all of it."""
    import psycopg2

    db = "runner_kill"
    url = pg.createdb(db, "CREATE TABLE gate (x int); "
                      "INSERT INTO gate VALUES (1)")
    url += "?application_name=runner_kill"
    n = 20
    mdir = tmp_path / "m"

    def write(k):
        up = "".join(f"CREATE TABLE k_{j} AS SELECT {j} AS v"
                     + (" FROM gate" if j == k else "") + ";\n"
                     for j in range(1, n + 1))
        down = "".join(f"DROP TABLE k_{j};\n" for j in range(1, n + 1))
        write_migs(mdir, {"0001_first": ("CREATE TABLE first (x int);\n",
                                         "DROP TABLE first;\n"),
                          "0002_twenty": (up, down)})

    write(0)
    r = run(driver, url, mdir, "up", "1")
    assert r.returncode == 0, r.stderr

    gate = psycopg2.connect(host="127.0.0.1", port=pg.port, user=pg.ROLE,
                            dbname=db)
    look = psycopg2.connect(host="127.0.0.1", port=pg.port, user=pg.ROLE,
                            dbname=db)
    look.autocommit = True
    cur = look.cursor()

    def waiting(k):
        cur.execute("SELECT count(*) FROM pg_stat_activity WHERE "
                    "application_name = 'runner_kill' AND wait_event_type "
                    "= 'Lock' AND query LIKE %s", (f"%TABLE k_{k} AS%",))
        return cur.fetchone()[0] > 0

    try:
        for k in range(1, n + 1):
            write(k)
            gate.cursor().execute("LOCK TABLE gate IN ACCESS EXCLUSIVE MODE")
            p = subprocess.Popen([driver, url, str(mdir), "up"],
                                 stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
            assert wait_for(lambda: waiting(k), timeout=30), \
                f"statement {k} never ran"
            p.send_signal(signal.SIGKILL)
            p.wait(timeout=30)
            assert p.returncode == -signal.SIGKILL
            gate.rollback()  # the dead runner's server session goes on
            # what is committed: migration 1 and nothing of migration 2
            assert versions(pg, db) == [1], k
            assert tables(pg, db, "k\\_%") == [], k
            # the next run completes (waiting for the dead session's lock
            # if it is still there)
            r = run(driver, url, mdir, "up")
            assert r.returncode == 0, (k, r.stderr)
            assert counts(r.stdout)["done"] == 1
            assert versions(pg, db) == [1, 2]
            assert len(tables(pg, db, "k\\_%")) == n
            r = run(driver, url, mdir, "down", "1")
            assert r.returncode == 0, (k, r.stderr)
            assert tables(pg, db, "k\\_%") == []
    finally:
        gate.close()
        look.close()


def test_copy_statements_are_refused_and_the_connection_goes_on(
        pg, driver, tmp_path):
    url = pg.createdb("runner_copy")
    for i, copy in enumerate(["COPY cp FROM STDIN;",
                              "COPY (SELECT 1) TO STDOUT;"]):
        mdir = write_migs(tmp_path / f"m{i}", {
            "0001_cp": (f"CREATE TABLE cp (x int);\n{copy}\n", None)})
        r = run(driver, url, mdir, "up")
        assert r.returncode == 3
        assert r.stderr.splitlines()[0] == (
            f"runner-driver: {mdir}/0001_cp.up.sql:2: migration 1 'cp' "
            f"rolled back: statement '{copy}' failed: statements that "
            "copy data (COPY FROM STDIN / TO STDOUT) are not supported")
        # rolled back, and the lock released on the same connection
        assert tables(pg, "runner_copy") == ["retort_version"]
        assert pg.psql("runner_copy", "SELECT count(*) FROM pg_locks "
                       "WHERE locktype = 'advisory'").strip() == "0"
