# SPDX-License-Identifier: MIT
"""The migrations folder as a source (DIR, DIR@VERSION): its files' -- +up
sections applied with psql to a real PostgreSQL and the folder replayed
symbolically by retort compare equal (`diff URL DIR` and `diff DIR URL`
print nothing), from scratch, from the snapshot in DIR/.retort, after a
new file (a prefix of the snapshot) and after an edit (a rebuild); DIR@N
stops at migration N; every tests/cases/*/b.sql cut into migration files
compares equal to the file, twice (the second time from the snapshot);
errors name the migration file's line:col."""

import shutil
import subprocess

import pytest

from conftest import REPO, sql_only
import harness

CASES = REPO / "tests" / "cases"

FILES = {
    "0001_users.sql": """-- Create users.
-- +up
CREATE TABLE users (
    id serial PRIMARY KEY,
    email text NOT NULL UNIQUE,
    name text
);
CREATE TYPE mood AS ENUM ('happy', 'sad');

-- +down
DROP TABLE users;
DROP TYPE mood;
""",
    "0002_projects.sql": """-- +up
CREATE TABLE projects (
    id bigserial PRIMARY KEY,
    owner_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title varchar(200) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX projects_owner ON projects (owner_id);
INSERT INTO users (email) VALUES ('a@example.com');
-- +down
DROP TABLE projects;
""",
    "0003_tasks.sql": """-- +up
CREATE TABLE tasks (id bigserial PRIMARY KEY, project_id bigint
    REFERENCES projects, title text NOT NULL, done boolean DEFAULT false,
    mood mood);
  ALTER TABLE users ADD COLUMN age integer CHECK (age >= 0);
-- +down
DROP TABLE tasks;
ALTER TABLE users DROP COLUMN age;
-- +validate
SELECT count(*) = 0 FROM tasks;
""",
    "0004_rename.sql": """-- +up
ALTER TABLE tasks RENAME COLUMN title TO name;
ALTER TABLE users RENAME TO accounts;
ALTER TYPE mood ADD VALUE 'calm';
CREATE VIEW open_tasks AS SELECT id, name FROM tasks WHERE NOT done;
-- +down
DROP VIEW open_tasks;
""",
    "0005_functions.sql": """-- +up
CREATE FUNCTION task_count(p bigint) RETURNS bigint LANGUAGE sql STABLE
AS $$ SELECT count(*) FROM tasks WHERE project_id = p $$;
CREATE SCHEMA audit;
SET search_path = audit, public;
CREATE TABLE log (id bigint GENERATED ALWAYS AS IDENTITY, at timestamptz);
COMMENT ON TABLE log IS 'in audit: this file set search_path';
-- +down
DROP SCHEMA audit CASCADE;
""",
    "0006_drop.sql": """-- +up
DROP INDEX projects_owner;
ALTER TABLE projects DROP COLUMN created_at;
CREATE TABLE settings (k text PRIMARY KEY, v jsonb);
-- +down
""",
}


def up_section(text):
    """The -- +up section of a migration file, as psql runs it."""
    out, on = [], False
    for line in text.splitlines(keepends=True):
        if line.strip() == "-- +up":
            on = True
        elif line.strip() in ("-- +down", "-- +validate"):
            on = False
        elif on:
            out.append(line)
    return "".join(out)


def apply_files(pg, db, folder, names):
    for name in names:
        path = folder / name
        up = path.with_suffix(".up")
        up.write_text(up_section(path.read_text(encoding="utf-8")),
                      encoding="utf-8")
        pg.psql_file(db, up)
        up.unlink()


def diff_empty(retort, a, b, cwd):
    r = retort.run(["diff", a, b], cwd=cwd)
    assert r.returncode == 0, r.stderr
    assert sql_only(r.stdout) == "", f"diff {a} {b}:\n{r.stdout}"
    return r


def snapshot_files(folder):
    """The files the snapshot lists, [] when there is none."""
    snap = folder / ".retort" / "snapshot"
    if not snap.exists():
        return []
    head = snap.read_bytes().partition(b"\nschema ")[0].decode()
    return [line.split()[2] for line in head.splitlines()
            if line.startswith("file ")]


@pytest.fixture(autouse=True)
def snapshot_always(monkeypatch):
    """These tests are about the snapshot's rules, so retort is told to use
    it always (the default, auto, uses it too unless it were more than 4
    times the files' SQL: test_snapshot_modes)."""
    monkeypatch.setenv("RETORT_SNAPSHOT", "always")


@pytest.fixture
def folder(tmp_path):
    mig = tmp_path / "migrations"
    mig.mkdir()
    for name, text in FILES.items():
        (mig / name).write_text(text, encoding="utf-8")
    return mig


def test_folder_equals_the_database_it_built(pg, retort, folder):
    db = "rt_migsrc_full"
    url = pg.createdb(db)
    try:
        apply_files(pg, db, folder, sorted(FILES))
        cwd = folder.parent
        # from scratch: writes the snapshot
        cold = diff_empty(retort, url, "migrations/", cwd)
        assert snapshot_files(folder) == sorted(FILES)
        # from the snapshot alone, both ways, the same bytes
        warm = diff_empty(retort, url, "migrations/", cwd)
        assert (warm.stdout, warm.stderr) == (cold.stdout, cold.stderr)
        diff_empty(retort, "migrations", url, cwd)
        # inspect prints the same from the snapshot and from scratch
        for form in ([], ["--json"]):
            a = retort.run(["inspect", *form, "migrations"], cwd=cwd)
            shutil.rmtree(folder / ".retort")
            b = retort.run(["inspect", *form, "migrations"], cwd=cwd)
            assert a.returncode == 0 and b.returncode == 0, a.stderr
            assert (a.stdout, a.stderr) == (b.stdout, b.stderr)
            assert "audit.log" in a.stdout or '"log"' in a.stdout
        # a new file: the snapshot is a prefix, the new file replayed
        (folder / "0007_more.sql").write_text(
            "-- +up\nALTER TABLE settings ADD COLUMN note text;\n",
            encoding="utf-8")
        diff = retort.run(["diff", url, "migrations/"], cwd=cwd)
        assert "ADD COLUMN note text" in diff.stdout
        apply_files(pg, db, folder, ["0007_more.sql"])
        diff_empty(retort, url, "migrations/", cwd)
        assert snapshot_files(folder) == sorted(FILES) + ["0007_more.sql"]
        # an edit, even a comment: rebuilt, never trusted
        p = folder / "0002_projects.sql"
        p.write_text("-- edited\n" + p.read_text(), encoding="utf-8")
        diff_empty(retort, url, "migrations/", cwd)
        # a snapshot that is no longer the schema's is caught (its hash)
        snap = folder / ".retort" / "snapshot"
        raw = snap.read_bytes()
        assert raw.count(b"settings\0") == 1
        snap.write_bytes(raw.replace(b"settings\0", b"settingz\0"))
        diff_empty(retort, url, "migrations/", cwd)
    finally:
        pg.dropdb(db)


def test_dir_at_version(pg, retort, folder):
    db = "rt_migsrc_v3"
    url = pg.createdb(db)
    try:
        apply_files(pg, db, folder, sorted(FILES)[:3])
        cwd = folder.parent
        diff_empty(retort, url, "migrations@3", cwd)
        diff_empty(retort, "migrations/@0003", url, cwd)
        r = retort.run(["diff", url, "migrations"], cwd=cwd)
        assert r.returncode == 0 and "accounts" in r.stdout, r.stderr
        # with a snapshot of the whole folder in place
        diff_empty(retort, url, "migrations@3", cwd)
        r = retort.run(["inspect", "migrations@9"], cwd=cwd)
        assert r.returncode == 2
        assert r.stderr == ("retort: migrations: no migration numbered "
                            "0009 in 'migrations'\n")
        r = retort.run(["inspect", "migrations@head"], cwd=cwd)
        assert r.returncode == 2
        assert "bad version 'head' in 'migrations@head'" in r.stderr
    finally:
        pg.dropdb(db)


def test_errors_name_the_migration_file(retort, folder):
    cwd = folder.parent
    (folder / "0008_bad.sql").write_text(
        "-- +up\nCREATE TABLE ok (id int);\n"
        "CREATE TABLE b (id int);  ALTER TABLE missing ADD x int;\n",
        encoding="utf-8")
    r = retort.run(["inspect", "migrations"], cwd=cwd)
    assert r.returncode == 2
    assert r.stderr.splitlines()[-1] == (
        "retort: migrations/0008_bad.sql:3:27: relation 'public.missing' "
        "does not exist")
    (folder / "0008_bad.sql").write_text(
        "-- +up\nCREATE TABLE ok (id int);\n-- +dwon\n", encoding="utf-8")
    r = retort.run(["diff", "migrations", "migrations"], cwd=cwd)
    assert r.returncode == 2
    assert r.stderr.startswith("retort: migrations/0008_bad.sql:3:")


def case_folder(tmp_path, case, text):
    """tests/cases/<case>/b.sql as migration files: three of them, or one
    when a session setting must stay with what follows it."""
    stmts = harness.split_sql(text)
    parts = 1 if ("search_path" in text or "REVOKE ALL" in text) else 3
    mig = tmp_path / case
    mig.mkdir()
    n = len(stmts)
    for p in range(parts):
        chunk = stmts[p * n // parts:(p + 1) * n // parts]
        body = "".join(s + ";\n" for s in chunk)
        (mig / f"{p + 1:04d}_part.sql").write_text("-- +up\n" + body,
                                                   encoding="utf-8")
    return mig


def test_every_case_as_migrations(retort, tmp_path):
    cases = sorted(p.name for p in CASES.iterdir() if p.is_dir())
    assert len(cases) > 100
    failed = []
    for case in cases:
        b = CASES / case / "b.sql"
        mig = case_folder(tmp_path, case, b.read_text(encoding="utf-8"))
        for attempt in ("cold", "snapshot"):
            r = retort.run(["diff", b, mig])
            if r.returncode != 0 or sql_only(r.stdout):
                failed.append(f"{case} ({attempt}): exit {r.returncode}\n"
                              f"{r.stdout[:400]}{r.stderr[:400]}")
                break
        shutil.rmtree(mig)
    assert failed == [], "\n".join(failed)


LIVE = ["app_objects", "views_complex", "part_range", "identity_opts",
        "rules_change", "domains_change", "triggers_change", "enums",
        "privileges_change"]


@pytest.mark.parametrize("case", LIVE)
def test_case_migrations_applied_with_psql(pg, retort, tmp_path, case):
    b = CASES / case / "b.sql"
    assert b.exists(), b
    mig = case_folder(tmp_path, case, b.read_text(encoding="utf-8"))
    pg.ensure_roles(["app_reader", "reader", "writer"])
    db = f"rt_migsrc_{case}"
    url = pg.createdb(db)
    try:
        apply_files(pg, db, mig, sorted(p.name for p in mig.glob("*.sql")))
        for _ in range(2):  # from scratch, then from the snapshot
            diff_empty(retort, url, mig, tmp_path)
            diff_empty(retort, mig, url, tmp_path)
    finally:
        pg.dropdb(db)


def test_concurrent_runs_leave_one_whole_snapshot(retort, folder):
    """Runs writing the snapshot at once each rename a whole file over it:
    every run prints the same, and one valid snapshot is left, no
    temporary file."""
    cmd = [retort.path, "inspect", "--json", "migrations"]
    procs = [subprocess.Popen(cmd, cwd=folder.parent, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for _ in range(6)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs[0][1]
    assert len({o for o, _ in outs}) == 1
    assert sorted(p.name for p in (folder / ".retort").iterdir()) == \
        [".gitignore", "snapshot"]
    assert snapshot_files(folder) == sorted(FILES)
    again = retort.run(["inspect", "--json", "migrations"], cwd=folder.parent)
    assert again.stdout == outs[0][0]


def test_snapshot_modes(retort, folder, monkeypatch):
    """auto: the binary snapshot is written and read (within 4 times the
    SQL, so cheaper to read than the files are to replay); never:
    none, and an old one is left alone; always: written, then read; a bad
    value is refused."""
    cwd = folder.parent
    snap = folder / ".retort" / "snapshot"
    monkeypatch.setenv("RETORT_SNAPSHOT", "never")
    want = retort.run(["inspect", "migrations"], cwd=cwd).stdout
    assert snapshot_files(folder) == []
    monkeypatch.setenv("RETORT_SNAPSHOT", "auto")
    r = retort.run(["inspect", "migrations"], cwd=cwd)
    assert r.returncode == 0 and r.stdout == want, r.stderr
    assert snapshot_files(folder) == sorted(FILES)
    sql = sum((folder / f).stat().st_size for f in FILES)
    body = snap.read_bytes().partition(b"\nschema ")[2].partition(b"\n")[2]
    assert 0 < len(body) < 4 * sql, (len(body), sql)
    st = snap.stat()
    assert retort.run(["inspect", "migrations"], cwd=cwd).stdout == want
    assert snap.stat().st_mtime_ns == st.st_mtime_ns  # a hit: not rewritten
    monkeypatch.setenv("RETORT_SNAPSHOT", "never")
    assert retort.run(["inspect", "migrations"], cwd=cwd).stdout == want
    assert snap.stat().st_mtime_ns == st.st_mtime_ns
    shutil.rmtree(folder / ".retort")
    monkeypatch.setenv("RETORT_SNAPSHOT", "always")
    assert retort.run(["inspect", "migrations"], cwd=cwd).stdout == want
    assert snapshot_files(folder) == sorted(FILES)
    monkeypatch.setenv("RETORT_SNAPSHOT", "sometimes")
    r = retort.run(["inspect", "migrations"], cwd=cwd)
    assert r.returncode == 2
    assert r.stderr == "retort: RETORT_SNAPSHOT is 'sometimes': expected " \
        "auto, always or never\n"
