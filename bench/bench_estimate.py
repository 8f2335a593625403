#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Duration estimates against measured times (issue 8 item 3).

Starts a throwaway PostgreSQL 15 as the end-to-end tests do (fsync off,
the tests' settings), and for each size N (--sizes, default 1,000,000 and
5,000,000 rows) fills a table

    CREATE TABLE bench_N (id int PRIMARY KEY, a int, pad text)

with N rows (a scrambled, pad a 32-character md5), VACUUM ANALYZE. Then,
one statement at a time, in a retort project whose migrations folder gets
one file per statement:

  1. `retort plan --json` for the pending file: the estimate (the
     database's statistics read, its throughput measured: the CLI's own
     calibration, cached by nothing, so each plan measures again);
  2. `retort upgrade`: runs it; the measured time is the tracking table's
     duration_ms (the runner's clock around the migration);
  3. ANALYZE (not timed), so the next plan reads fresh statistics.

Statements (work as the analyzer classifies them):
  catalog  ADD COLUMN nullable
  scan     ADD CHECK; ADD CHECK NOT VALID then VALIDATE (the VALIDATE
           timed); SET NOT NULL
  index    CREATE INDEX (int, then text); CREATE INDEX CONCURRENTLY
           (-- +notransaction)
  rewrite  ALTER COLUMN TYPE int -> bigint; ADD COLUMN ... DEFAULT
           random() (volatile default)

Prints a table per size: statement, work, estimate, measured, ratio
(estimate / measured). Target: every ratio within [0.5, 2] for the
statements that do work proportional to the table (catalog statements take
a few milliseconds both ways and are listed for completeness; their ratio
is not held to the target).

usage: bench_estimate.py [--sizes 1000000,5000000] [--retort build/retort]
                         [--keep]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "e2e"))
from conftest import Postgres  # noqa: E402

STATEMENTS = [
    # (label, SQL with {t}, notransaction, held to the target)
    ("add column nullable", "ALTER TABLE {t} ADD COLUMN note text", False,
     False),
    ("add check", "ALTER TABLE {t} ADD CONSTRAINT {t}_a_check "
     "CHECK (a >= 0)", False, True),
    ("add check not valid", "ALTER TABLE {t} ADD CONSTRAINT {t}_a_max "
     "CHECK (a < 2000000000) NOT VALID", False, False),
    ("validate", "ALTER TABLE {t} VALIDATE CONSTRAINT {t}_a_max", False,
     True),
    ("set not null", "ALTER TABLE {t} ALTER COLUMN pad SET NOT NULL",
     False, True),
    ("create index", "CREATE INDEX {t}_a ON {t} (a)", False, True),
    ("create index on text", "CREATE INDEX {t}_pad ON {t} (pad)", False,
     True),
    ("create index concurrently",
     "CREATE INDEX CONCURRENTLY {t}_a2 ON {t} (a)", True, True),
    ("alter type int->bigint",
     "ALTER TABLE {t} ALTER COLUMN a TYPE bigint", False, True),
    ("add column volatile default",
     "ALTER TABLE {t} ADD COLUMN r float8 DEFAULT random()", False, True),
]


def run(argv, env, cwd, check=True):
    r = subprocess.run(argv, env=env, cwd=cwd, capture_output=True,
                       text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({r.returncode}):\n"
                           f"{r.stdout}\n{r.stderr}")
    return r


def bench_size(pg, retort, n, root):
    db = f"est{n}"
    t = f"bench_{n}"
    pg.createdb(db)
    proj = Path(root) / db
    (proj / "migrations").mkdir(parents=True)
    env = pg.env
    env["DATABASE_URL"] = pg.url(db)
    # the table is the first migration's, so that the plan's replay of
    # the folder knows it; its rows come from outside
    (proj / "migrations" / "0001_table.sql").write_text(
        f"-- +up\nCREATE TABLE {t} (id int PRIMARY KEY, a int, pad text);\n",
        encoding="utf-8")
    run([retort, "upgrade"], env, proj)
    pg.psql(db, f"INSERT INTO {t} SELECT g, (g::int8 * 7919 % {n})::int,"
            f" md5(g::text) FROM generate_series(1, {n}) g;"
            f"VACUUM ANALYZE {t};")
    rows = []
    for i, (label, sql, notx, held) in enumerate(STATEMENTS, 2):
        stmt = sql.format(t=t)
        mark = "-- +notransaction\n" if notx else ""
        name = f"{i:04d}_step.sql"
        (proj / "migrations" / name).write_text(
            f"-- {label}\n-- +up\n{mark}{stmt};\n", encoding="utf-8")
        plan = json.loads(run([retort, "plan", "--json"], env,
                              proj).stdout)
        st = plan["migrations"][0]["statements"][0]
        est = st["estimate"]["duration_ms"]
        run([retort, "upgrade"], env, proj)
        measured = float(pg.psql(
            db, f"SELECT duration_ms FROM retort_version "
            f"WHERE version = {i}").strip())
        pg.psql(db, f"ANALYZE {t}")
        rows.append((label, st["work"], est, measured, held,
                     st["estimate"]["basis"] or
                     st["estimate"]["unknown_because"]))
    cal = plan["estimate"].get("calibration", {})
    pg.psql("postgres", f"DROP DATABASE {db}")
    return rows, cal


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000000,5000000")
    ap.add_argument("--retort", default=str(HERE.parent / "build" /
                                             "retort"))
    ap.add_argument("--keep", action="store_true",
                    help="keep the projects' folder (printed)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    pg = Postgres()
    pg.start()
    root = tempfile.mkdtemp(prefix="retort-bench-estimate-")
    worst = 1.0
    misses = 0
    try:
        for n in sizes:
            rows, cal = bench_size(pg, os.path.abspath(args.retort), n,
                                   root)
            print(f"\n{n:,} rows (calibration: scan "
                  f"{cal.get('scan_mb_s')} MB/s, rewrite "
                  f"{cal.get('rewrite_mb_s')} MB/s, "
                  f"took {cal.get('took_ms')} ms)")
            print(f"{'statement':30} {'work':8} {'estimate':>10} "
                  f"{'measured':>10} {'ratio':>6}  basis")
            for label, work, est, measured, held, basis in rows:
                if est is None:
                    ratio = "-"
                    if held:
                        misses += 1
                else:
                    r = est / measured if measured > 0 else float("inf")
                    ratio = f"{r:.2f}"
                    if held:
                        dev = max(r, 1 / r) if r > 0 else float("inf")
                        worst = max(worst, dev)
                        if dev > 2:
                            misses += 1
                est_s = "-" if est is None else f"{est:.0f} ms"
                print(f"{label:30} {work or '-':8} {est_s:>10} "
                      f"{measured:>7.0f} ms {ratio:>6}  {basis}"
                      f"{'' if held else '  (catalog: not held)'}")
        print(f"\nworst factor (held statements): {worst:.2f}; "
              f"outside a factor of two: {misses}")
    finally:
        pg.stop()
        if args.keep:
            print(f"projects kept in {root}")
        else:
            subprocess.run(["rm", "-rf", root])
    return 0 if misses == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
