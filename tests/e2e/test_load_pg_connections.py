# SPDX-License-Identifier: MIT
"""The live loader's two connections: two backends work at once, the second
reading the first one's snapshot (pg_export_snapshot, SET TRANSACTION
SNAPSHOT); when only one can connect (a connection limit), that one runs
every query and the model is the same."""

import json
import os
import re

SCHEMA = """
CREATE TYPE mood AS ENUM ('calm', 'busy');
CREATE SEQUENCE ticket_seq START 1000;
CREATE TABLE parent (
    id serial PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (name <> ''),
    mood mood NOT NULL DEFAULT 'calm'
);
CREATE TABLE child (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id integer REFERENCES parent (id) ON DELETE CASCADE,
    ticket bigint DEFAULT nextval('ticket_seq'),
    note text
);
CREATE INDEX child_note_idx ON child (lower(note)) WHERE note IS NOT NULL;
CREATE VIEW named AS SELECT p.name, c.note FROM parent p JOIN child c
    ON c.parent_id = p.id;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS
    $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER child_touch BEFORE UPDATE ON child
    FOR EACH ROW EXECUTE FUNCTION touch();
COMMENT ON TABLE parent IS 'the parents';
"""

# a statement the server logs, with the backend's pid (log_line_prefix
# '%m [%p] ')
LOGGED = re.compile(r"\[(\d+)\] LOG:  (?:statement|execute [^:]*): (.*)")


def logged(pg, dbname, run):
    """(pid, statement's first line) of each statement the server logged
    for dbname while run() ran."""
    log = os.path.join(pg.dir, "log")
    pg.psql("postgres", f"ALTER DATABASE {dbname} SET log_statement = 'all'")
    start = os.path.getsize(log)
    try:
        out = run()
    finally:
        pg.psql("postgres", f"ALTER DATABASE {dbname} RESET log_statement")
    with open(log, encoding="utf-8", errors="replace") as f:
        f.seek(start)
        found = [m.groups() for m in map(LOGGED.search, f) if m]
    return found, out


def inspect(retort, url):
    r = retort.run(["inspect", "--json", url])
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    doc.pop("source", None)
    return doc


def test_two_backends_read_one_snapshot(pg, retort):
    pg.createdb("conn2", SCHEMA)
    try:
        found, doc = logged(pg, "conn2",
                            lambda: inspect(retort, pg.url("conn2")))
        pids = {pid for pid, _ in found}
        assert len(pids) == 2, found
        exports = [pid for pid, sql in found if "pg_export_snapshot" in sql]
        imports = [(pid, sql) for pid, sql in found
                   if sql.startswith("SET TRANSACTION SNAPSHOT '")]
        assert len(exports) == 1 and len(imports) == 1, found
        # the other backend imports what the first exported
        assert imports[0][0] != exports[0]
        assert len(found) == 15
        assert len(doc["tables"]) == 2
    finally:
        pg.dropdb("conn2")


def test_one_connection_allowed_loads_the_same(pg, retort):
    pg.createdb("conn1", SCHEMA)
    pg.psql("postgres", "DROP ROLE IF EXISTS one_conn; "
            "CREATE ROLE one_conn LOGIN CONNECTION LIMIT 1")
    try:
        both = inspect(retort, pg.url("conn1"))
        url = pg.url("conn1").replace(f"{pg.ROLE}@", "one_conn@")
        found, one = logged(pg, "conn1", lambda: inspect(retort, url))
        assert one == both
        assert len({pid for pid, _ in found}) == 1
        # no second BEGIN nor import: 13 statements
        assert len(found) == 13, found
        assert not any(sql.startswith("SET TRANSACTION SNAPSHOT")
                       for _, sql in found)
        # no connection at all: one line, a database error
        pg.psql("postgres", "ALTER ROLE one_conn CONNECTION LIMIT 0")
        r = retort.run(["inspect", "--json", url])
        assert r.returncode == 3
        assert r.stderr.startswith("retort: cannot connect to '")
        assert "too many connections" in r.stderr
    finally:
        pg.dropdb("conn1")
        pg.psql("postgres", "DROP ROLE IF EXISTS one_conn")


def test_a_failed_query_is_the_error_not_the_snapshot(pg, retort):
    """A statement timeout that cancels the first connection's query ends
    its transaction, and the second connection cannot import the snapshot
    any more: the error says what failed first (the timeout), whichever
    statement it hit, in one line and its detail."""
    pg.createdb("conn_to", SCHEMA + "\n".join(
        f"CREATE TABLE t{i} (id int PRIMARY KEY, a text DEFAULT 'x', "
        f"b int CHECK (b > 0));" for i in range(200)))
    failed = 0
    try:
        # which query the timeout hits first, and whether the second
        # connection has imported the snapshot by then, depends on
        # timing: try several
        for ms in (2, 3, 4, 5, 6, 8, 12, 20) * 4:
            url = (pg.url("conn_to") +
                   f"?options=-c%20statement_timeout%3D{ms}")
            r = retort.run(["inspect", "--json", url])
            if r.returncode == 0:
                continue  # fast enough: nothing to see at this timeout
            failed += 1
            assert r.returncode == 3, r.stderr
            lines = r.stderr.splitlines()
            assert lines[0].startswith("retort: cannot read "), r.stderr
            assert "statement timeout" in lines[1], r.stderr
            # not the second connection's import (the first one's
            # export, its first statement, may be what timed out)
            assert "the exported snapshot" not in r.stderr, r.stderr
        assert failed > 0
    finally:
        pg.dropdb("conn_to")
