# SPDX-License-Identifier: MIT
"""scripts/example.sh (the README's first command) runs the migration
lifecycle of the bundled SQLModel app on SQLite, with no server: three
versions written and applied, history, current, one step down and up, and
models, migrations and database agreeing at the end."""

import os
import sqlite3
import subprocess

from conftest import REPO, RETORT


def run_example(work, env_extra=None):
    env = dict(os.environ, RETORT=RETORT, EXAMPLE_DIR=str(work))
    env.update(env_extra or {})
    return subprocess.run([str(REPO / "scripts" / "example.sh")],
                          capture_output=True, text=True, env=env,
                          timeout=120)


def test_example_script(retort, tmp_path):
    work = tmp_path / "example"
    r = run_example(work)
    assert r.returncode == 0, r.stdout + r.stderr
    out = r.stdout
    assert out.rstrip().endswith(
        f"the database is {work}/app.db"), out[-300:]
    names = sorted(p.name for p in (work / "migrations").glob("*.sql"))
    assert names == ["0001_users_projects_and_tasks.sql",
                     "0002_task_status_priority_and_assignee.sql",
                     "0003_tags_and_due_dates.sql"]
    # version 1 creates the tables; version 2 rebuilds task (a CHECK and
    # a foreign key cannot be added in place on SQLite); version 3 tags
    mig = work / "migrations"
    assert "CREATE TABLE main.users" in (mig / names[0]).read_text()
    assert "CREATE TABLE main._retort_new_task" in out  # 0002, shown
    assert "CREATE TABLE main.tasktag" in (mig / names[2]).read_text()
    assert "rolled back 0003_tags_and_due_dates.sql" in out
    assert "ok: the models match the migrations, and the database " \
        "matches the migrations it applied" in out
    # verify's round trip on a scratch database: each migration ok
    for n in names:
        assert f"{n}: ok\n" in out, out
    assert "verify: 3 migrations, 0 failures;" in out
    # the database holds what the last models say, and the tracking rows
    db = sqlite3.connect(work / "app.db")
    tables = {row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"users", "project", "task", "tag", "tasktag",
            "retort_version"} <= tables
    assert [v for (v,) in db.execute(
        "SELECT version FROM retort_version ORDER BY version")] == [1, 2, 3]
    # the server defaults work on SQLite: created_at is filled in
    db.execute("INSERT INTO users (email, name) VALUES ('a@b.c', 'Ann')")
    (created,) = db.execute("SELECT created_at FROM users").fetchone()
    assert created and created.startswith("20"), created
    db.close()
    d = retort.run(["diff", f"sqlite:///{work}/app.db",
                    str(REPO / "examples/taskapp/v3/models.py")])
    assert d.returncode == 0 and d.stdout == "", d.stdout + d.stderr


def test_example_script_ignores_database_url(retort, tmp_path):
    """The example works on its own SQLite file even when the shell has a
    DATABASE_URL for something else."""
    work = tmp_path / "example"
    r = run_example(work, {"DATABASE_URL": "postgresql://nobody@127.0.0.1:"
                           "1/none"})
    assert r.returncode == 0, r.stdout + r.stderr
    assert (work / "app.db").exists()
