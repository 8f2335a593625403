#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Benchmark: loading a 300-table database (and the same schema as SQL).

Starts a throwaway PostgreSQL 15 (the test fixture's), creates a database
with 300 tables (columns, PKs, FKs, unique and check constraints, two
indexes each, an enum, a sequence, comments), then prints:
  - wall time of `retort inspect --json postgres://...` (median of N runs),
  - statements the server received for one load (pg_stat_statements),
  - wall time of `retort inspect --json schema.sql` on the same schema,
  - wall time of `retort diff postgres://... schema.sql`.

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
        os.unlink(sql_file)
    finally:
        pg.stop()


if __name__ == "__main__":
    main()
