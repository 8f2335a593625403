# SPDX-License-Identifier: MIT
"""scripts/example.sh (the README's first command) runs cleanly on the
bundled example, with and without a database to compare against."""

import os
import subprocess

from conftest import REPO, RETORT


def run_example(env_extra=None):
    env = dict(os.environ, RETORT=RETORT)
    env.update(env_extra or {})
    return subprocess.run([str(REPO / "scripts" / "example.sh")],
                          capture_output=True, text=True, env=env,
                          timeout=120)


def test_example_script(retort):
    r = run_example()
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.rstrip().endswith("example.sh: ok")
    assert "CREATE TABLE public.tasks" in r.stdout
    assert "ADD VALUE 'blocked'" in r.stdout
    assert "CREATE VIEW public.open_tasks" in r.stdout
    # the SQLModel app, read statically, version to version
    assert "CREATE TABLE public.users" in r.stdout
    assert "ALTER TABLE public.task ADD COLUMN priority integer" in r.stdout
    assert "CREATE TABLE public.tasktag" in r.stdout


def test_example_script_against_a_database(retort, pg):
    url = pg.createdb("example_v1",
                      (REPO / "examples/tasks/schema_v1.sql").read_text())
    r = run_example({"DATABASE_URL": url})
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"diff {url}" in r.stdout
    pg.dropdb("example_v1")
