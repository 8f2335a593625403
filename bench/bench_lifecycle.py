#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The migration lifecycle's speed (issue 7 item 9): `retort revision
--autogenerate` and `retort check` against Alembic, and the runner's cost.

For each number of tables N (--sizes) and of migration files M (--files)
it builds, in a temporary directory, the SQLModel package of
bench/bench_models.py with N tables and a migrations folder of M files
written by `retort revision --autogenerate` itself: the tables arrive in
M chunks; when M > N, the later files each add a column to every table
(through a mixin). Then, with the models at the last file's state:

  check           retort check                       (no difference; warm
                                                      snapshot cache)
  check cold      retort check after removing the cache
  revision        retort revision --autogenerate with one column added to
                  the models (the file is removed after each run)
  alembic rev     alembic revision --autogenerate, same models, against a
                  SQLite database at head (Debian's Alembic 1.8)
  alembic cmp     python3 importing the models and running
                  alembic.autogenerate.compare_metadata (what `alembic
                  check`, absent from 1.8, wraps)
  upgrade / mig   retort upgrade of the M files on a new SQLite file,
                  divided by M; the calls line gives the database calls of
                  one upgrade of the M files (statements + runner's)

retort runs with --dialect given by --dialect (sqlite: the replay runs in
an in-memory SQLite; postgresql: the replay is symbolic, in C; both need
no server). Alembic needs a database: it is given a SQLite file built by
create_all. Medians of --runs runs. Targets (issue 7): autogenerate and
check under 100 ms at 1,000 tables; the runner at most two round trips per
migration beyond its statements.

usage: bench_lifecycle.py [--sizes 10,100,1000] [--files 1,10,100]
                          [--runs 3] [--dialect sqlite] [--no-alembic]
                          [--retort build/retort] [--keep DIR]
"""

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
import bench_models  # noqa: E402

PY = "/usr/bin/python3"

ENV_PY = '''\
import sys
sys.path.insert(0, ".")
from alembic import context
from sqlalchemy import engine_from_config, pool
import pkg.models  # noqa: F401
from sqlmodel import SQLModel
config = context.config
target_metadata = SQLModel.metadata
connectable = engine_from_config(config.get_section(config.config_ini_section),
                                 prefix="sqlalchemy.", poolclass=pool.NullPool)
with connectable.connect() as connection:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
'''

SCRIPT_MAKO = '''\
"""${message}"""
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = None
depends_on = None
from alembic import op
import sqlalchemy as sa
import sqlmodel


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
'''

ALEMBIC_INI = '''\
[alembic]
script_location = alembic
sqlalchemy.url = sqlite:///alembic.db
'''

COMPARE = '''\
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, ".")
import pkg.models  # noqa: F401
from sqlmodel import SQLModel
from sqlalchemy import create_engine
from alembic.migration import MigrationContext
from alembic.autogenerate import compare_metadata
engine = create_engine("sqlite:///alembic.db")
with engine.connect() as conn:
    diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
print(len(diff))
'''

CREATE_ALL = '''\
import sys
sys.path.insert(0, ".")
import pkg.models  # noqa: F401
from sqlmodel import SQLModel
from sqlalchemy import create_engine
SQLModel.metadata.create_all(create_engine("sqlite:///alembic.db"))
'''


def run(argv, cwd, check=True):
    r = subprocess.run([str(a) for a in argv], cwd=cwd, capture_output=True,
                       text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))} (in {cwd}): exit "
                           f"{r.returncode}\n{r.stderr}{r.stdout}")
    return r


CPU = []  # CPU ms (user + system) of each timed command, in order


def children_cpu():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (ru.ru_utime + ru.ru_stime) * 1000.0


def timed(argv, cwd, ok=(0,)):
    c0 = children_cpu()
    t0 = time.perf_counter()
    r = subprocess.run([str(a) for a in argv], cwd=cwd, capture_output=True,
                       text=True)
    ms = (time.perf_counter() - t0) * 1000.0
    CPU.append(children_cpu() - c0)
    if r.returncode not in ok:
        lines = (r.stderr or r.stdout).strip().splitlines()
        # a Python traceback says what went wrong last, retort first
        shown = lines[-1] if lines and lines[0].startswith("Traceback") \
            else (lines[0] if lines else "")
        raise RuntimeError(f"{argv[0]} {argv[1]}: exit {r.returncode}: "
                           + shown)
    return ms, r


def stage_models(d, tables, extra_cols):
    """The package at a stage: `tables` tables and `extra_cols` columns
    added to every table through the WithId mixin."""
    pkg = d / "pkg"
    if pkg.exists():
        shutil.rmtree(pkg)
    bench_models.generate(d, tables)
    common = pkg / "models" / "common.py"
    text = common.read_text()
    extra = "".join(f"    x{k:03d}: Optional[int] = None\n"
                    for k in range(extra_cols))
    text = text.replace(
        "    id: Optional[int] = Field(default=None, primary_key=True)\n",
        "    id: Optional[int] = Field(default=None, primary_key=True)\n"
        + extra)
    common.write_text(text)


def build(d, n, m, retort, dialect):
    """Models and M migration files; returns the final stage."""
    d.mkdir(parents=True)
    (d / "pyproject.toml").write_text(
        "[tool.retort]\nmodels = \"pkg.models\"\nmigrations = "
        f"\"migrations\"\ndialect = \"{dialect}\"\n")
    run([retort, "init"], d)
    chunks = min(m, n)
    for k in range(m):
        if k < chunks:
            stage = (n * (k + 1) // chunks, 0)
        else:
            stage = (n, k - chunks + 1)
        stage_models(d, *stage)
        run([retort, "revision", "-m", f"step {k + 1}"], d)
    return stage


def cache_dirs(d):
    return [p for p in (d / "migrations").glob(".*") if p.is_dir()] + \
        [p for p in (d / "migrations").glob(".*") if p.is_file()
         and p.name != ".gitkeep"]


def median(fn, runs):
    """Median wall ms of fn over runs; LAST_CPU gets the median CPU ms of
    the commands it timed."""
    global LAST_CPU
    walls, cpus = [], []
    for _ in range(runs):
        n = len(CPU)
        walls.append(fn())
        cpus.append(sum(CPU[n:]))
    LAST_CPU = statistics.median(cpus)
    return statistics.median(walls)


LAST_CPU = 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--files", default="1,10,100")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--dialect", default="sqlite",
                    choices=["sqlite", "postgresql"])
    ap.add_argument("--no-alembic", action="store_true")
    ap.add_argument("--retort", default=os.environ.get("RETORT") or
                    str(REPO / "build" / "retort"))
    ap.add_argument("--keep")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    files = [int(s) for s in args.files.split(",")]
    retort = os.path.abspath(args.retort)
    base = Path(args.keep) if args.keep else Path(
        tempfile.mkdtemp(prefix="retort-bench-life-"))
    rows, errors = [], []
    try:
        for n in sizes:
            for m in files:
                d = base / f"{n}_{m}"
                if d.exists():
                    shutil.rmtree(d)
                print(f"building {n} tables in {m} files ...", flush=True,
                      file=sys.stderr)
                t0 = time.perf_counter()
                tables, extra = build(d, n, m, retort, args.dialect)
                setup_s = time.perf_counter() - t0
                row = {"n": n, "m": m, "setup": setup_s}
                # check, warm: one run fills the cache first
                run([retort, "check"], d)
                row["check"] = median(
                    lambda: timed([retort, "check"], d)[0], args.runs)
                row["check cpu"] = LAST_CPU

                def cold():
                    for c in cache_dirs(d):
                        shutil.rmtree(c) if c.is_dir() else c.unlink()
                    return timed([retort, "check"], d)[0]
                row["check cold"] = median(cold, args.runs)
                run([retort, "check"], d)
                # revision: one more column
                stage_models(d, tables, extra + 1)
                mig = d / "migrations"
                sums = (mig / "retort.sum").read_text()
                before = set(mig.glob("*.sql"))

                def revision():
                    ms, _ = timed([retort, "revision", "-m", "bench"], d)
                    for f in set(mig.glob("*.sql")) - before:
                        f.unlink()
                    (mig / "retort.sum").write_text(sums)
                    return ms
                row["revision"] = median(revision, args.runs)
                row["revision cpu"] = LAST_CPU
                # alembic on the same models, against a database at head
                if not args.no_alembic:
                    (d / "alembic" / "versions").mkdir(parents=True)
                    (d / "alembic" / "env.py").write_text(ENV_PY)
                    (d / "alembic" / "script.py.mako").write_text(
                        SCRIPT_MAKO)
                    (d / "alembic.ini").write_text(ALEMBIC_INI)
                    stage_models(d, tables, extra)
                    run([PY, "-c", CREATE_ALL], d)
                    stage_models(d, tables, extra + 1)
                    vers = d / "alembic" / "versions"

                    def alembic_rev():
                        ms, _ = timed([PY, "-m", "alembic", "revision",
                                       "--autogenerate", "-m", "bench"], d)
                        for f in vers.glob("*.py"):
                            f.unlink()
                        return ms
                    # Alembic may fail where retort does not (1,000 tables
                    # in a chain of foreign keys: RecursionError): the
                    # cell says error and the reason is printed below
                    try:
                        row["alembic rev"] = median(alembic_rev, args.runs)
                        row["alembic cpu"] = LAST_CPU
                    except RuntimeError as e:
                        errors.append(f"alembic revision, {n} tables, {m} "
                                      f"files: {e}")
                    try:
                        row["alembic cmp"] = median(
                            lambda: timed([PY, "-c", COMPARE], d)[0],
                            args.runs)
                    except RuntimeError as e:
                        errors.append(f"compare_metadata, {n} tables, {m} "
                                      f"files: {e}")
                stage_models(d, tables, extra)
                # the runner: upgrade the M files on a new SQLite file
                if args.dialect == "sqlite":
                    def upgrade():
                        db = d / "bench.db"
                        if db.exists():
                            db.unlink()
                        ms, r = timed([retort, "upgrade", "--database-url",
                                       "sqlite:///bench.db"], d)
                        mm = re.search(r"(\d+) database calls", r.stdout)
                        row["calls"] = int(mm.group(1)) if mm else None
                        return ms / m
                    row["upgrade / mig"] = median(upgrade, args.runs)
                rows.append(row)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    cols = ["check", "check cpu", "check cold", "revision", "revision cpu",
            "alembic rev", "alembic cpu", "alembic cmp", "upgrade / mig"]
    cols = [c for c in cols if any(c in r for r in rows)]
    print(f"retort lifecycle benchmark ({args.dialect}): median of "
          f"{args.runs} runs, ms (wall, and CPU where it says cpu)")
    print(f"{'tables':>7} {'files':>6}" + "".join(f"{c:>14}" for c in cols)
          + f"{'calls':>8}")
    for r in rows:
        cells = "".join(f"{r[c]:>14.1f}" if r.get(c) is not None
                        else f"{'-':>14}" for c in cols)
        calls = r.get("calls")
        print(f"{r['n']:>7,} {r['m']:>6}" + cells +
              f"{calls if calls is not None else '-':>8}")
    for e in errors:
        print("  " + e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
