# SPDX-License-Identifier: MIT
"""--dev-url: SQL sources applied to a scratch database, read back exactly,
and the scratch database dropped on every path (success, a failing
statement, an unreachable server, a role that cannot create databases,
SIGINT and SIGTERM)."""

import signal
import subprocess
import time

from conftest import wait_for

FILE = """
CREATE TABLE labels (
    id int PRIMARY KEY,
    color char(7) DEFAULT '#888888' NOT NULL CHECK (color ~ '^#[0-9a-f]{6}$'),
    prio int CHECK (prio BETWEEN 1 AND 5)
);
CREATE INDEX labels_open ON labels (prio) WHERE color IS NOT NULL;
"""


def scratch_dbs(pg):
    return pg.psql("postgres", "SELECT datname FROM pg_database WHERE "
                   "datname LIKE 'retort_scratch%'").split()


def test_scratch_read_back_matches_the_database(pg, retort, tmp_sql):
    """A file and the database built from it compare equal through the
    scratch database, spelled as PostgreSQL prints it."""
    f = tmp_sql("labels.sql", FILE)
    url = pg.createdb("devurl_same", FILE)
    r = retort.run(["diff", "--dev-url", pg.url(), url, f])
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    r = retort.run(["inspect", "--dev-url", pg.url(), f])
    assert r.returncode == 0, r.stderr
    assert "CHECK (((prio >= 1) AND (prio <= 5)))" in r.stdout
    assert "DEFAULT '#888888'::bpchar" in r.stdout
    assert scratch_dbs(pg) == []


def test_scratch_diff_applies(pg, retort, tmp_sql):
    a = tmp_sql("a.sql", "CREATE TABLE t (id int PRIMARY KEY);")
    b = tmp_sql("b.sql", FILE + "CREATE TABLE t (id int PRIMARY KEY, "
                "note text DEFAULT (now() AT TIME ZONE 'utc'));")
    url = pg.createdb("devurl_apply", a.read_text())
    r = retort.run(["diff", "--dev-url", pg.url(), url, b])
    assert r.returncode == 0, r.stderr
    pg.psql("devurl_apply", r.stdout)
    r = retort.run(["diff", "--dev-url", pg.url(), url, b])
    assert r.returncode == 0 and r.stdout == "", r.stdout + r.stderr
    assert scratch_dbs(pg) == []


def test_failing_statement_names_the_file_and_cleans_up(pg, retort, tmp_sql):
    f = tmp_sql("bad.sql", "CREATE TABLE a (id int);\n"
                "CREATE TABLE b (id int REFERENCES nope);\n")
    r = retort.run(["inspect", "--dev-url", pg.url(), f])
    assert r.returncode == 2
    assert r.stderr.startswith(f"retort: {f}")
    assert 'relation "nope" does not exist' in r.stderr
    assert scratch_dbs(pg) == []


def test_syntax_error_has_its_line_and_column(pg, retort, tmp_sql):
    f = tmp_sql("syntax.sql", "CREATE TABLE a (id int);\n\n"
                "CREATE TABLE b (id int,, x int);\n")
    r = retort.run(["inspect", "--dev-url", pg.url(), f])
    assert r.returncode == 2
    assert r.stderr.startswith(f"retort: {f}:3:24: syntax error"), r.stderr
    assert scratch_dbs(pg) == []


def test_unreachable_dev_url(retort, tmp_sql):
    f = tmp_sql("a.sql", "CREATE TABLE a (id int);")
    r = retort.run(["inspect", "--dev-url",
                    "postgresql://someone:secret@127.0.0.1:1/postgres", f])
    assert r.returncode == 3
    assert r.stderr.startswith("retort: cannot connect to "
                               "'postgresql://someone:xxxxx@127.0.0.1:1/")
    assert "secret" not in r.stderr


def test_role_without_createdb(pg, retort, tmp_sql):
    pg.psql("postgres", "DROP ROLE IF EXISTS retort_nocreate; "
            "CREATE ROLE retort_nocreate LOGIN")
    f = tmp_sql("a.sql", "CREATE TABLE a (id int);")
    url = pg.url().replace(f"{pg.ROLE}@", "retort_nocreate@")
    r = retort.run(["inspect", "--dev-url", url, f])
    assert r.returncode == 3
    assert "cannot create a scratch database" in r.stderr
    assert "hint: the role of --dev-url needs CREATEDB" in r.stderr
    assert scratch_dbs(pg) == []


def run_and_signal(pg, retort, tmp_sql, signum):
    f = tmp_sql("slow.sql", "CREATE TABLE a (id int);\n"
                "SELECT pg_sleep(60);\n")
    p = subprocess.Popen([retort.path, "inspect", "--dev-url", pg.url(),
                          str(f)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: scratch_dbs(pg) != [], timeout=30)
        # the statement is running once the table exists in the scratch
        time.sleep(0.5)
        p.send_signal(signum)
        out, err = p.communicate(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
    return p.returncode, err


def test_sigint_drops_the_scratch_database(pg, retort, tmp_sql):
    rc, err = run_and_signal(pg, retort, tmp_sql, signal.SIGINT)
    assert rc == 130, err
    assert "interrupted" in err
    assert scratch_dbs(pg) == []


def test_sigterm_drops_the_scratch_database(pg, retort, tmp_sql):
    rc, err = run_and_signal(pg, retort, tmp_sql, signal.SIGTERM)
    assert rc == 143, err
    assert scratch_dbs(pg) == []


def test_sigint_during_two_scratch_loads(pg, retort, tmp_sql):
    """diff loads its two sides at once: both scratch databases go."""
    f = tmp_sql("slow.sql", "CREATE TABLE a (id int);\n"
                "SELECT pg_sleep(60);\n")
    p = subprocess.Popen([retort.path, "diff", "--dev-url", pg.url(),
                          str(f), str(f)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: len(scratch_dbs(pg)) == 2, timeout=30)
        time.sleep(0.5)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == 130, err
    assert scratch_dbs(pg) == []


def test_statements_run_one_by_one(pg, retort, tmp_sql):
    """Each statement on its own: CREATE INDEX CONCURRENTLY runs, psql
    meta-commands (as pg_dump writes them) are skipped, and an error
    names its statement's line even without a server position."""
    f = tmp_sql("dump.sql", "\\set ON_ERROR_STOP on\n"
                "CREATE TABLE a (id int);\n"
                "-- a comment only\n"
                "CREATE INDEX CONCURRENTLY a_id ON a (id);\n")
    r = retort.run(["inspect", "--dev-url", pg.url(), f])
    assert r.returncode == 0, r.stderr
    assert "CREATE INDEX a_id ON public.a USING btree (id)" in r.stdout
    g = tmp_sql("late.sql", "CREATE TABLE a (id int);\n\n"
                "  CREATE TABLE b (id int REFERENCES nope);\n")
    r = retort.run(["inspect", "--dev-url", pg.url(), g])
    assert r.returncode == 2
    assert r.stderr.startswith(f"retort: {g}:3:3: "), r.stderr
    assert scratch_dbs(pg) == []


def test_stdin_through_the_scratch(pg, retort):
    r = subprocess.run([retort.path, "inspect", "--dev-url", pg.url(), "-"],
                       input="CREATE TABLE s (id int PRIMARY KEY);",
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "CREATE TABLE public.s" in r.stdout
    assert scratch_dbs(pg) == []
