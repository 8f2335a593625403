# SPDX-License-Identifier: MIT
"""`retort verify` end to end (issue 8 item 7): the example app's three
versions (examples/taskapp) written into migrations by `retort revision`,
then verified on a scratch database, on PostgreSQL (a database created
on the session server through --dev-url) and on SQLite (a temporary
file). A good project passes; a down that forgets a statement, a down
that rewrites a column's values, models that moved on, and an up that
fails each fail naming the migration (or the models) and what differed;
bad input is exit 2 and a server that cannot give a scratch database
exit 3. The scratch database is gone after every run."""

import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import REPO, RETORT
from test_lifecycle import clean_env

EXAMPLE = REPO / "examples" / "taskapp"
FILES = ["0001_users_projects_and_tasks.sql",
         "0002_task_status_priority_and_assignee.sql",
         "0003_tags_and_due_dates.sql"]


def pyproject(dialect):
    return ('[project]\nname = "taskapp"\n\n[tool.retort]\n'
            'models = "models.py"\nmigrations = "migrations"\n'
            f'dialect = "{dialect}"\n')


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The example's migrations as `retort revision` writes them, once
    per dialect: {dialect: folder}."""
    out = {}
    for dialect in ("postgresql", "sqlite"):
        root = tmp_path_factory.mktemp(f"taskapp_{dialect}")
        (root / "pyproject.toml").write_text(pyproject(dialect))
        (root / "migrations").mkdir()
        for version, msg in (("v1", "users projects and tasks"),
                             ("v2", "task status priority and assignee"),
                             ("v3", "tags and due dates")):
            shutil.copy(EXAMPLE / version / "models.py", root / "models.py")
            r = subprocess.run([RETORT, "revision", "-m", msg], cwd=root,
                               capture_output=True, text=True,
                               env=clean_env(), timeout=120)
            assert r.returncode == 0, r.stderr
        out[dialect] = root
    return out


class App:
    """A copy of the generated project, verified on a scratch database."""

    def __init__(self, dialect, template, root, pg=None):
        self.dialect, self.pg = dialect, pg
        self.ns = "public" if dialect == "postgresql" else "main"
        self.root = Path(root) / "app"
        shutil.copytree(template, self.root)
        self.mig = self.root / "migrations"
        self.tmp = Path(root) / "tmp"  # TMPDIR: where SQLite's file goes
        self.tmp.mkdir()

    def run(self, *args, dev_url=True):
        if dev_url and self.dialect == "postgresql":
            args = ("--dev-url", self.pg.url("postgres")) + args
        return subprocess.run([RETORT, "verify", *args], cwd=self.root,
                              capture_output=True, text=True,
                              env=clean_env(TMPDIR=str(self.tmp)),
                              timeout=300)

    def scratch_left(self):
        """Scratch databases still there (none, once verify returned)."""
        if self.dialect == "sqlite":
            return sorted(p.name for p in self.tmp.iterdir())
        out = self.pg.psql("postgres", "SELECT datname FROM pg_database "
                           "WHERE datname LIKE 'retort_verify_%'")
        return out.split()

    def edit(self, name, old, new):
        path = self.mig / name
        text = path.read_text()
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1))

    def add(self, name, text):
        (self.mig / name).write_text(text)


@pytest.fixture(params=["postgresql", "sqlite"])
def app(request, generated, tmp_path):
    pg = (request.getfixturevalue("pg")
          if request.param == "postgresql" else None)
    a = App(request.param, generated[request.param], tmp_path, pg)
    yield a
    assert a.scratch_left() == []


def report(stdout):
    """{name: (status line, [indented lines])} of verify's report."""
    out, cur = {}, None
    for line in stdout.splitlines():
        if line.startswith("  ") and cur:
            out[cur][1].append(line.strip())
            continue
        m = re.match(r"([\w.]+): (.*)", line)
        if m:
            cur = m.group(1)
            out[cur] = (m.group(2), [])
    return out


def test_good_project_passes(app):
    r = app.run()
    assert r.returncode == 0, (r.stdout, r.stderr)
    rep = report(r.stdout)
    for name in FILES:
        assert rep[name][0] == "ok", r.stdout
    assert rep["models"][0].startswith("ok"), r.stdout
    m = re.search(r"verify: 3 migrations, 0 failures; (\d+) rows seeded, "
                  r"(\d+) compared \(\d+ ms\)\n$", r.stdout)
    assert m, r.stdout
    # rows went into every table after each up, and were compared at
    # every step after the first
    assert int(m.group(1)) > 0 and int(m.group(2)) > 0
    # no table the example has was left without rows
    assert "cannot seed" not in r.stdout, r.stdout
    # the same report again, but for the time
    again = app.run()
    assert again.returncode == 0
    strip = re.compile(r"\(\d+ ms\)")
    assert strip.sub("", again.stdout) == strip.sub("", r.stdout)


def test_a_down_that_forgets_a_statement_fails(app):
    app.edit(FILES[2], f"ALTER TABLE {app.ns}.task DROP COLUMN due_on;\n",
             "")
    r = app.run()
    assert r.returncode == 1, (r.stdout, r.stderr)
    rep = report(r.stdout)
    status, lines = rep[FILES[2]]
    assert status == "FAILED", r.stdout
    assert lines[0].startswith("down: the schema differs from the one "
                               f"recorded at {FILES[1]}"), lines
    assert f"drop column {app.ns}.task.due_on" in lines, lines
    assert f"the first: {FILES[2]}" in r.stdout.splitlines()[-1]


# a migration that changes no schema, whose down rewrites task titles
LOSSY_DOWN = {
    "postgresql": (
        "ALTER TABLE public.task ALTER COLUMN title TYPE varchar(200);",
        "ALTER TABLE public.task ALTER COLUMN title TYPE varchar(200) "
        "USING upper(title);"),
    "sqlite": ("SELECT 1;", "UPDATE main.task SET title = upper(title);"),
}


def test_a_down_that_loses_values_fails(app):
    up, down = LOSSY_DOWN[app.dialect]
    name = "0004_title_again.sql"
    app.add(name, f"-- +up\n{up}\n\n-- +down\n{down}\n")
    r = app.run()
    assert r.returncode == 1, (r.stdout, r.stderr)
    rep = report(r.stdout)
    status, lines = rep[name]
    assert status == "FAILED", r.stdout
    assert any(l.startswith(f"down: rows did not survive: "
                            f"{app.ns}.task.title: ") for l in lines), lines
    # the others are fine, and so are the models
    for f in FILES:
        assert rep[f][0] == "ok", r.stdout
    assert rep["models"][0].startswith("ok")

    # declared in its header, the loss is reported, not a failure
    app.add(name, f"-- Rewrites titles.\n--\n-- Hazards:\n--   data loss: "
            f"rewrites {app.ns}.task.title\n\n-- +up\n{up}\n\n"
            f"-- +down\n{down}\n")
    r = app.run()
    assert r.returncode == 0, (r.stdout, r.stderr)
    status, lines = report(r.stdout)[name]
    assert status == ("ok; irreversible for data, as its header declares "
                      f"(rewrites {app.ns}.task.title):"), r.stdout
    assert any(f"{app.ns}.task.title" in l for l in lines), lines


def test_a_retyped_column_keeps_its_values(pg, generated, tmp_path):
    """A type change respells values ('3' as numeric(6,2) is '3.00', a
    timestamp given a time zone gains '+00'): compared through the
    database's cast, that is no loss, both ways."""
    a = App("postgresql", generated["postgresql"], tmp_path, pg)
    name = "0004_retype.sql"
    a.add(name, "-- +up\nALTER TABLE public.users ALTER COLUMN created_at "
          "TYPE timestamptz;\nALTER TABLE public.task ALTER COLUMN "
          "priority TYPE numeric(6,2);\n\n-- +down\nALTER TABLE "
          "public.users ALTER COLUMN created_at TYPE timestamp;\nALTER "
          "TABLE public.task ALTER COLUMN priority TYPE integer;\n")
    r = a.run()
    rep = report(r.stdout)
    assert rep[name] == ("ok", []), r.stdout
    # the models still say integer and timestamp: that is drift
    assert rep["models"][0].startswith("FAILED"), r.stdout
    assert r.returncode == 1
    # a retype whose USING changes the values is still seen
    a.add(name, "-- +up\nALTER TABLE public.task ALTER COLUMN priority "
          "TYPE numeric(6,2);\n\n-- +down\nALTER TABLE public.task ALTER "
          "COLUMN priority TYPE integer USING 1;\n")
    r = a.run()
    status, lines = report(r.stdout)[name]
    assert status == "FAILED", r.stdout
    assert lines[0].startswith("down: rows did not survive: "
                               "public.task.priority: "), lines
    assert a.scratch_left() == []


TYPES_UP = """-- +up
CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN app.posint AS integer CHECK (VALUE > 0);
CREATE TABLE app.person (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uid uuid NOT NULL UNIQUE,
    name varchar(3) NOT NULL,
    mood app.mood NOT NULL,
    moods app.mood[] NOT NULL DEFAULT '{}',
    tags text[],
    born date,
    seen timestamptz,
    at time,
    span interval,
    score numeric(5,2) NOT NULL CHECK (score >= 0),
    ratio double precision,
    small smallint NOT NULL,
    flag boolean NOT NULL,
    doc jsonb NOT NULL,
    raw bytea,
    ip inet,
    net cidr,
    level app.posint NOT NULL,
    manager_id bigint REFERENCES app.person (id),
    upper_name text GENERATED ALWAYS AS (upper(name)) STORED
);
CREATE TABLE app.pair (
    a bigint NOT NULL REFERENCES app.person (id),
    b bigint NOT NULL REFERENCES app.person (id),
    note text,
    PRIMARY KEY (a, b)
);

-- +down
DROP TABLE app.pair;
DROP TABLE app.person;
DROP DOMAIN app.posint;
DROP TYPE app.mood;
DROP SCHEMA app;
"""


def test_rows_of_every_type_are_seeded(pg, tmp_path):
    """Hand-written migrations without models: a row goes into tables
    of many types (an enum and its array, a domain, an identity, a
    generated column, a self reference, a key over two foreign keys to
    one table) at every round, and survives the walk; a down that
    forgets an enum's new label fails."""
    root = tmp_path / "types"
    (root / "migrations").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.retort]\ndialect = "postgresql"\n')
    (root / "migrations" / "0001_types.sql").write_text(TYPES_UP)
    (root / "migrations" / "0002_nick.sql").write_text(
        "-- +up\nALTER TABLE app.person ADD COLUMN nick text DEFAULT 'x' "
        "NOT NULL;\n\n-- +down\nALTER TABLE app.person DROP COLUMN nick;\n")

    def verify():
        return subprocess.run(
            [RETORT, "verify", "--dev-url", pg.url("postgres")], cwd=root,
            capture_output=True, text=True, env=clean_env(), timeout=300)

    r = verify()
    assert r.returncode == 0, (r.stdout, r.stderr)
    rep = report(r.stdout)
    assert rep["0001_types.sql"] == ("ok", [])
    assert rep["0002_nick.sql"] == ("ok", [])
    assert rep["models"][0] == "not configured; the drift check was skipped"
    assert "note:" not in r.stdout, r.stdout
    # two rows per table after each of the four ups: person's 8, and at
    # least one of pair's at each (a pair of people may come again
    # while there are few)
    m = re.search(r"; (\d+) rows seeded, \d+ compared", r.stdout)
    assert m and 12 <= int(m.group(1)) <= 16, r.stdout

    (root / "migrations" / "0003_meh.sql").write_text(
        "-- +up\nALTER TYPE app.mood ADD VALUE 'meh';\n\n-- +down\n"
        "SELECT 1;\n")
    r = verify()
    assert r.returncode == 1, (r.stdout, r.stderr)
    status, lines = report(r.stdout)["0003_meh.sql"]
    assert status == "FAILED"
    assert lines[1].startswith("replace enum app.mood ('sad', 'ok', "
                               "'happy', 'meh') with ('sad', 'ok', "
                               "'happy')"), lines


def test_models_that_differ_from_the_migrations_fail(app):
    models = app.root / "models.py"
    text = models.read_text()
    old = "    label: str = Field(max_length=50, unique=True)\n"
    assert old in text
    models.write_text(text.replace(
        old, old + "    color: Optional[str] = Field(default=None, "
        "max_length=20)\n"))
    r = app.run()
    assert r.returncode == 1, (r.stdout, r.stderr)
    rep = report(r.stdout)
    for f in FILES:
        assert rep[f][0] == "ok", r.stdout
    status, lines = rep["models"]
    assert status.startswith("FAILED"), r.stdout
    assert any(l.startswith(f"add column {app.ns}.tag.color") for l in
               lines), lines
    assert "the first: models" in r.stdout.splitlines()[-1]


def test_an_up_that_fails_names_its_line(app):
    name = "0004_broken.sql"
    app.add(name, "-- +up\nSELECT 1;\n\nALTER TABLE nope ADD COLUMN x "
            "integer;\n\n-- +down\nSELECT 1;\n")
    r = app.run()
    assert r.returncode == 1, (r.stdout, r.stderr)
    rep = report(r.stdout)
    status, lines = rep[name]
    assert status == "FAILED"
    assert lines[0].startswith(f"up: migrations/{name}:4: "), lines
    assert "nope" in lines[0]
    # the walk stopped there: the others were applied, never walked back
    assert rep[FILES[0]][0].startswith("not verified"), r.stdout


def test_no_down_section_fails(app):
    name = "0004_one_way.sql"
    app.add(name, "-- +up\nSELECT 1;\n")
    r = app.run()
    assert r.returncode == 1, (r.stdout, r.stderr)
    status, lines = report(r.stdout)[name]
    assert status == "FAILED"
    assert lines == ["down: no -- +down section: it cannot be rolled "
                     "back"], lines


def test_bad_input(app):
    r = app.run("extra")
    assert r.returncode == 2 and "takes no arguments" in r.stderr, r.stderr
    if app.dialect == "postgresql":
        r = app.run(dev_url=False)
        assert r.returncode == 2, r.stderr
        assert r.stderr.startswith("retort: verify needs --dev-url for a "
                                   "PostgreSQL project\n"), r.stderr
        r = app.run("--dev-url", "mysql://x/y", dev_url=False)
        assert r.returncode == 2, r.stderr
        assert "postgres:// or postgresql://" in r.stderr
    else:
        r = app.run("--dev-url", "postgresql://x@127.0.0.1/postgres")
        assert r.returncode == 2, r.stderr
        assert r.stderr.startswith("retort: --dev-url is for PostgreSQL "
                                   "projects\n"), r.stderr
    (app.mig / FILES[1]).write_text("-- +up\nSELECT 1;\n-- +sideways\n")
    r = app.run()
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(f"retort: migrations/{FILES[1]}:3:"), \
        r.stderr
    shutil.rmtree(app.mig)
    r = app.run()
    assert r.returncode == 2, r.stderr
    assert "no migrations folder" in r.stderr


def test_database_failures(pg, generated, tmp_path):
    a = App("postgresql", generated["postgresql"], tmp_path, pg)
    r = a.run("--dev-url", "postgresql://harness@127.0.0.1:1/postgres",
              dev_url=False)
    assert r.returncode == 3, (r.stdout, r.stderr)
    assert r.stderr.startswith("retort: cannot connect to"), r.stderr
    pg.psql("postgres", "DROP ROLE IF EXISTS verify_nocreate; "
            "CREATE ROLE verify_nocreate LOGIN")
    try:
        r = a.run("--dev-url", f"postgresql://verify_nocreate@127.0.0.1:"
                  f"{pg.port}/postgres", dev_url=False)
    finally:
        pg.psql("postgres", "DROP ROLE verify_nocreate")
    assert r.returncode == 3, (r.stdout, r.stderr)
    assert r.stderr.startswith("retort: cannot create a scratch database "
                               "on"), r.stderr
    assert "hint: the role of --dev-url needs CREATEDB" in r.stderr
    assert a.scratch_left() == []


def test_sigterm_drops_the_scratch_database(pg, generated, tmp_path):
    """SIGTERM (or ^C) while a migration runs: the step finishes, the
    walk stops, the scratch database is dropped, exit 128 + 15."""
    a = App("postgresql", generated["postgresql"], tmp_path, pg)
    a.add("0004_slow.sql", "-- +up\nSELECT pg_sleep(3);\n\n-- +down\n"
          "SELECT 1;\n")
    p = subprocess.Popen([RETORT, "verify", "--dev-url", pg.url("postgres")],
                         cwd=a.root, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True,
                         env=clean_env(TMPDIR=str(a.tmp)))
    # wait until the scratch database exists and the slow step runs
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        busy = pg.psql("postgres", "SELECT count(*) FROM pg_stat_activity "
                       "WHERE query LIKE 'SELECT pg_sleep(3)%' AND "
                       "datname LIKE 'retort_verify_%'").strip()
        if busy == "1":
            break
        time.sleep(0.05)
    else:
        p.kill()
        pytest.fail("the slow migration never ran")
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 128 + signal.SIGTERM, (out, err)
    assert err == "retort: interrupted; the scratch database was dropped\n"
    assert a.scratch_left() == []
