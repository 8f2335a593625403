# SPDX-License-Identifier: MIT
"""SQLite migrations on real files: `retort diff sqlite:///a.db
sqlite:///b.db` applied to a copy of a.db holding rows, in one transaction
as the runner applies it (each validation query must return no rows, or
the whole migration is rolled back), then `retort diff` of the migrated
file and b.db must print nothing, the rows must be there, and the down
script (`diff b a`) must bring the file back to a's schema."""

import shutil
import sqlite3

import pytest

CHECK = "-- retort: validation, must return no rows"


def make(path, ddl):
    con = sqlite3.connect(path)
    con.executescript(ddl)
    con.close()


def statements(script):
    """(sql, is_check) of a script, split as sqlite3 would."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            body = buf.strip()
            check = body.startswith(CHECK)
            lines = [ln for ln in body.splitlines()
                     if not ln.startswith("--")]
            if lines:
                out.append(("\n".join(lines), check))
            buf = ""
    assert not buf.strip() or all(
        ln.startswith("--") for ln in buf.strip().splitlines()), buf
    return out


def apply(path, script):
    """Runs script as the runner does; returns None or the failure."""
    con = sqlite3.connect(path, isolation_level=None)
    stmts = statements(script)
    try:
        con.execute("BEGIN IMMEDIATE")
        for sql, check in stmts:
            if not check:
                con.execute(sql)
        for sql, check in stmts:
            if check:
                rows = con.execute(sql).fetchall()
                if rows:
                    raise sqlite3.DatabaseError(f"{sql}: {rows}")
        con.execute("COMMIT")
        return None
    except sqlite3.DatabaseError as e:
        con.execute("ROLLBACK")
        return str(e)
    finally:
        con.close()


def rows(path, sql):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def diff(retort, a, b, *extra):
    r = retort.run(["diff", *extra, f"sqlite:///{a}", f"sqlite:///{b}"])
    assert r.returncode == 0, r.stderr
    return r.stdout


def roundtrip(retort, tmp_path, before, after, data, *extra):
    """a.db (before + data), b.db (after); returns the migrated file and
    the up script, after checking the re-diff and the down way."""
    a, b, m = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "m.db"
    make(a, before + data)
    make(b, after)
    up = diff(retort, a, b, *extra)
    assert up, "no difference found"
    shutil.copy(a, m)
    assert apply(m, up) is None, up
    assert diff(retort, m, b) == "", up
    assert rows(m, "PRAGMA foreign_key_check") == []
    assert rows(m, "PRAGMA integrity_check") == [("ok",)]
    return m, up


PARENT_CHILD = """
CREATE TABLE parent (id INTEGER PRIMARY KEY AUTOINCREMENT,
                     name TEXT NOT NULL UNIQUE);
CREATE TABLE child (id INTEGER PRIMARY KEY,
                    parent_id INTEGER REFERENCES parent ON DELETE CASCADE,
                    note VARCHAR(20) DEFAULT 'n/a',
                    qty INTEGER CHECK (qty >= 0));
CREATE INDEX child_note ON child (note);
"""
ROWS = """
INSERT INTO parent (name) VALUES ('one'), ('two'), ('three');
DELETE FROM parent WHERE id = 3;
INSERT INTO child VALUES (10, 1, 'a', 1), (11, 2, 'b', 2), (12, NULL, 'c', 0);
"""
CHILD_ROWS = [(10, 1, "a", 1), (11, 2, "b", 2), (12, None, "c", 0)]


def test_columns_added_and_dropped_in_place(tmp_path, retort):
    before = PARENT_CHILD + "CREATE TABLE log (id INTEGER, msg TEXT, old TEXT);"
    after = PARENT_CHILD + """
        CREATE TABLE log (id INTEGER, msg TEXT,
                          level INTEGER NOT NULL DEFAULT 0,
                          tag TEXT DEFAULT 'x');"""
    m, up = roundtrip(retort, tmp_path, before, after,
                      ROWS + "INSERT INTO log VALUES (1, 'hi', 'o');")
    assert "_retort_new_" not in up
    assert "ALTER TABLE main.log DROP COLUMN old" in up
    assert rows(m, "SELECT * FROM log") == [(1, "hi", 0, "x")]


def test_rebuild_keeps_rows_views_triggers_indexes(tmp_path, retort):
    extra = """
        CREATE TABLE audit (msg TEXT);
        CREATE VIEW names AS SELECT c.id, p.name FROM child c
            JOIN parent p ON p.id = c.parent_id;
        CREATE VIEW counted AS SELECT count(*) AS n FROM names;
        CREATE TRIGGER child_ins AFTER INSERT ON child BEGIN
            INSERT INTO audit VALUES ('child ' || new.id); END;
    """
    after = PARENT_CHILD.replace(
        "qty INTEGER CHECK (qty >= 0)",
        "qty REAL NOT NULL DEFAULT 0 CHECK (qty >= 0 AND qty < 100)"
    ).replace("name TEXT NOT NULL UNIQUE", "name VARCHAR(40) NOT NULL UNIQUE")
    m, up = roundtrip(retort, tmp_path, PARENT_CHILD + extra, after + extra,
                      ROWS)
    # one rebuild per table however many changes it has
    assert up.count("CREATE TABLE main._retort_new_child") == 1
    assert up.count("CREATE TABLE main._retort_new_parent") == 1
    assert rows(m, "SELECT * FROM child ORDER BY id") == [
        (10, 1, "a", 1.0), (11, 2, "b", 2.0), (12, None, "c", 0.0)]
    # the AUTOINCREMENT counter did not go back to 2
    assert rows(m, "SELECT seq FROM sqlite_sequence") == [(3,)]
    con = sqlite3.connect(m)
    con.execute("INSERT INTO child (id, parent_id) VALUES (13, 1)")
    con.commit()
    con.close()
    assert rows(m, "SELECT * FROM audit") == [
        ("child 10",), ("child 11",), ("child 12",), ("child 13",)]
    assert rows(m, "SELECT n FROM counted") == [(3,)]
    assert rows(m, "SELECT name FROM sqlite_schema WHERE type = 'index' "
                   "AND sql IS NOT NULL") == [("child_note",)]
    # and back
    down = diff(retort, tmp_path / "b.db", tmp_path / "a.db")
    assert apply(m, down) is None, down
    assert diff(retort, m, tmp_path / "a.db") == ""
    assert rows(m, "SELECT id, qty FROM child ORDER BY id") == [
        (10, 1), (11, 2), (12, 0), (13, 0)]


def test_foreign_key_added_is_checked(tmp_path, retort):
    before = PARENT_CHILD + "CREATE TABLE item (id INTEGER, owner INTEGER);"
    after = PARENT_CHILD + """CREATE TABLE item (id INTEGER,
        owner INTEGER REFERENCES parent (id));"""
    roundtrip(retort, tmp_path, before, after,
              ROWS + "INSERT INTO item VALUES (1, 2);")
    # an owner no parent has: the check fails, nothing changes
    bad = tmp_path / "bad"
    bad.mkdir()
    a, b = bad / "a.db", bad / "b.db"
    make(a, before + ROWS + "INSERT INTO item VALUES (1, 99);")
    make(b, after)
    up = diff(retort, a, b)
    why = apply(a, up)
    assert why and "foreign_key_check(item)" in why
    assert "REFERENCES" not in rows(
        a, "SELECT sql FROM sqlite_schema WHERE name = 'item'")[0][0]


def test_not_null_over_nulls_fails_whole(tmp_path, retort):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    make(a, PARENT_CHILD + ROWS)
    make(b, PARENT_CHILD.replace("parent_id INTEGER",
                                 "parent_id INTEGER NOT NULL"))
    why = apply(a, diff(retort, a, b))
    assert why and "NOT NULL" in why
    assert rows(a, "SELECT * FROM child ORDER BY id") == CHILD_ROWS
    assert rows(a, "SELECT name FROM sqlite_schema WHERE name LIKE "
                   "'%retort%'") == []


def test_table_options_and_renames(tmp_path, retort):
    before = PARENT_CHILD + "CREATE TABLE kv (k TEXT PRIMARY KEY, v INT);"
    after = PARENT_CHILD.replace("TABLE parent", "TABLE mother").replace(
        "REFERENCES parent", "REFERENCES mother") + \
        "CREATE TABLE kv (k TEXT PRIMARY KEY, v INT) WITHOUT ROWID, STRICT;"
    m, up = roundtrip(retort, tmp_path, before, after,
                      ROWS + "INSERT INTO kv VALUES ('a', 1);",
                      "--rename", "main.parent=mother")
    assert "ALTER TABLE main.parent RENAME TO mother" in up
    assert rows(m, "SELECT * FROM mother ORDER BY id") == [(1, "one"),
                                                           (2, "two")]
    assert rows(m, "SELECT * FROM child ORDER BY id") == CHILD_ROWS
    assert rows(m, "SELECT * FROM kv") == [("a", 1)]


@pytest.mark.parametrize("what", ["sequence", "schema"])
def test_what_sqlite_cannot_do_is_an_error(tmp_path, retort, what):
    """A PostgreSQL source against SQLite is refused before any SQL."""
    a = tmp_path / "a.db"
    make(a, "CREATE TABLE t (a INT);")
    sql = tmp_path / "b.sql"
    sql.write_text("CREATE SEQUENCE s;" if what == "sequence"
                   else "CREATE SCHEMA x; CREATE TABLE x.t (a int);")
    r = retort.run(["diff", f"sqlite:///{a}", sql])
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
