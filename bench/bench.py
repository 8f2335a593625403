#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Benchmark: loading a 300-table database (and the same schema as SQL).

Starts a throwaway PostgreSQL 15 (the test fixture's), creates a database
with 300 tables (columns, PKs, FKs, unique and check constraints, two
indexes each, an enum, a sequence, comments), then prints:
  - wall time of `retort inspect --json postgres://...` (median of N runs),
  - statements the server received for one load (pg_stat_statements),
  - wall time of `retort inspect --json schema.sql` on the same schema,
  - wall time of `retort diff postgres://... schema.sql`,
  - for comparison, Alembic autogenerate's work on the same database
    (SQLAlchemy reflection of every table, then compare_metadata), its wall
    time and the statements it sends (needs python3-alembic and
    python3-psycopg2, installed by scripts/install-deps.sh --test).

    /usr/bin/python3 bench/bench.py [--tables 300] [--runs 5]
RETORT=path selects the binary (default build/retort).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "e2e"))

from conftest import RETORT, Postgres  # noqa: E402
from test_query_count import schema_sql  # noqa: E402


def timed(cmd, env=None):
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed ({r.returncode}):\n"
                 f"{r.stderr}")
    return dt, r


def median_ms(cmd, runs):
    return statistics.median(timed(cmd)[0] for _ in range(runs)) * 1e3


ALEMBIC = r"""
import sys, time
sys.setrecursionlimit(20000)  # a 300-table FK chain is reflected recursively
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.autogenerate import compare_metadata
t0 = time.perf_counter()
engine = sa.create_engine(sys.argv[1])
with engine.connect() as conn:
    md = sa.MetaData()
    md.reflect(conn)
    diffs = compare_metadata(MigrationContext.configure(conn), md)
print(time.perf_counter() - t0, len(md.tables), len(diffs))
"""


def alembic_figures(pg, url):
    """(seconds, statements) of Alembic's reflect + compare, or None when
    SQLAlchemy/Alembic/psycopg2 are missing."""
    sa_url = url.replace("postgresql://", "postgresql+psycopg2://", 1)
    pg.psql("postgres", "SELECT pg_stat_statements_reset()")
    r = subprocess.run(["/usr/bin/python3", "-c", ALEMBIC, sa_url],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print("  (alembic comparison skipped: "
              + (r.stderr.strip().splitlines() or ["?"])[-1] + ")")
        return None
    secs = float(r.stdout.split()[0])
    stmts = int(pg.psql("postgres", """
        SELECT coalesce(sum(s.calls), 0) FROM pg_stat_statements s
        JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname = 'bench'""").strip())
    return secs, stmts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tables", type=int, default=300)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if not os.access(RETORT, os.X_OK):
        sys.exit(f"bench: {RETORT} not found; run make first")

    pg = Postgres()
    try:
        pg.start()
        sql = schema_sql(args.tables)
        t0 = time.perf_counter()
        url = pg.createdb("bench", sql)
        create_s = time.perf_counter() - t0
        with tempfile.NamedTemporaryFile("w", suffix=".sql",
                                         delete=False) as f:
            f.write(sql)
            sql_file = f.name

        pg.psql("postgres", "SELECT pg_stat_statements_reset()")
        _, r = timed([RETORT, "inspect", "--json", url])
        stmts = int(pg.psql("postgres", """
            SELECT coalesce(sum(s.calls), 0) FROM pg_stat_statements s
            JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = 'bench'""").strip())
        json_bytes = len(r.stdout)

        db_ms = median_ms([RETORT, "inspect", "--json", url], args.runs)
        file_ms = median_ms([RETORT, "inspect", "--json", sql_file],
                            args.runs)
        diff_ms = median_ms([RETORT, "diff", url, sql_file], args.runs)
        _, d = timed([RETORT, "diff", url, sql_file])

        print(f"retort benchmark: {args.tables} tables, "
              f"{2 * args.tables} indexes, median of {args.runs} runs")
        print(f"  (database created by psql in {create_s:.2f} s)")
        print(f"  load live database (inspect --json)  {db_ms:8.1f} ms")
        print(f"  statements sent for one load         {stmts:8d}")
        print(f"  load SQL file (inspect --json)       {file_ms:8.1f} ms")
        print(f"  diff database vs SQL file            {diff_ms:8.1f} ms")
        print(f"  JSON size                            {json_bytes:8d} bytes")
        print(f"  diff output (should be empty)        "
              f"{len(d.stdout):8d} bytes")
        alembic = alembic_figures(pg, url)
        if alembic:
            print(f"  alembic reflect + compare_metadata   "
                  f"{alembic[0] * 1e3:8.1f} ms")
            print(f"  statements alembic sent              {alembic[1]:8d}")
        os.unlink(sql_file)
    finally:
        pg.stop()


if __name__ == "__main__":
    main()
