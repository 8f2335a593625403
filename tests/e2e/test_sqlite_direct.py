# SPDX-License-Identifier: MIT
"""SQLModel models read for SQLite without the SQLite round trip (issue 7
item 9): the schema built from the rows worked out of the DDL text
(load_sqlite.c, rt_load__sqlite_direct) is the one the round trip through
an in-memory SQLite database gives, for every model source under
tests/models and examples/taskapp and for bench_models.py's 1,000-table
package: `inspect --json --dialect sqlite` (stdout, stderr, exit status)
is byte-identical with RETORT_SQLITE_ROUNDTRIP=1, which forces the round
trip. (Which texts the direct read takes and which it refuses is
tests/unit/load/test_sqlite_rows.c's.)
"""

import json
import os
import subprocess

import pytest

from conftest import REPO

PY = "/usr/bin/python3"


def _sources():
    out = []
    for d in sorted((REPO / "tests" / "models").iterdir()):
        c = d / "case.json"
        if c.exists():
            src = json.loads(c.read_text(encoding="utf-8"))["source"]
            out.append((f"models/{d.name}", d, src))
    for d in sorted((REPO / "examples" / "taskapp").iterdir()):
        if (d / "models.py").exists():
            out.append((f"taskapp/{d.name}", d, "models.py"))
    return out


SOURCES = _sources()


def both(retort, cwd, src):
    """inspect --json --dialect sqlite of src: direct, then round trip."""
    env = {k: v for k, v in os.environ.items()
           if k != "RETORT_SQLITE_ROUNDTRIP"}
    args = ["inspect", "--json", "--dialect", "sqlite", src]
    d = retort.run(args, env=env, cwd=cwd)
    r = retort.run(args, env=dict(env, RETORT_SQLITE_ROUNDTRIP="1"), cwd=cwd)
    return d, r


def test_sources_are_found():
    assert len(SOURCES) > 40


@pytest.mark.parametrize("name,cwd,src", SOURCES,
                         ids=[s[0] for s in SOURCES])
def test_direct_is_the_round_trip(retort, name, cwd, src):
    d, r = both(retort, cwd, src)
    assert (d.returncode, d.stdout, d.stderr) == \
        (r.returncode, r.stdout, r.stderr), name


def test_direct_is_the_round_trip_on_the_bench_package(retort, tmp_path):
    subprocess.run([PY, str(REPO / "bench" / "bench_models.py"), "--sizes",
                    "1000", "--runs", "1", "--retort", retort.path,
                    "--python", "/usr/bin/false", "--keep", str(tmp_path)],
                   check=True, capture_output=True, timeout=300)
    d, r = both(retort, tmp_path / "1000", "pkg.models")
    assert d.returncode == 0, d.stderr
    assert len(json.loads(d.stdout)["tables"]) == 1000
    assert (d.stdout, d.stderr) == (r.stdout, r.stderr)
