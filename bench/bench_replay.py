#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Replay benchmark: a migrations folder as a source (issue 7 item 2).

Generates bench_scale.py's schema A of N tables (default 1,000: a table
with a dozen columns, defaults, a check, a unique key, two foreign keys,
two indexes and two comments each) as migration files, the statements cut
evenly into 1, 10 and 100 files (NNNN_part.sql, a -- +up section each), and
times, as the median of --runs runs, `retort inspect --schema rt_none DIR`
(the folder loaded whole, then every object filtered out, so that printing
the schema is not counted):

  cold              no snapshot: every file parsed and executed, and the
                    snapshot written (DIR/.retort/snapshot)
  warm              the snapshot covers every file: hashed, read back,
                    nothing parsed
  warm + 1 file     the snapshot of the N-table folder, plus one new file
                    (ALTER TABLE t0 ADD COLUMN ...): read back, one file
                    parsed, the snapshot written again

A last column replays a longer history: the N tables in one file, then 99
files that each add a column (with a default and a check) to 100 tables,
index it and drop it again (30,000 more statements, the same final schema).

And, for scale, the same command on the concatenated SQL (A.sql: the parse
work of a cold replay without the files), on the model's JSON (what
`inspect --json` writes: the snapshot's body before it was binary), and
`retort --version` (the process alone: the floor of a warm replay). Wall
and CPU (user + system) milliseconds per cell; the snapshot's size last.

    /usr/bin/python3 bench/bench_replay.py [--tables 1000]
        [--files 1,10,100] [--runs 11] [--keep DIR] [--no-churn]
RETORT=path selects the binary (default build/retort). No server needed.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "e2e"))
sys.path.insert(0, str(HERE))

from conftest import RETORT  # noqa: E402
from bench_scale import schema_sql  # noqa: E402
import harness  # noqa: E402

NEW_FILE = "-- +up\nALTER TABLE t0 ADD COLUMN extra text DEFAULT 'x';\n"


def write_folder(folder, stmts, nfiles, ntables):
    """stmts cut into nfiles files; nfiles 0: one file, then the churn."""
    folder.mkdir(parents=True)
    n = len(stmts)
    parts = nfiles or 1
    for f in range(parts):
        chunk = stmts[f * n // parts:(f + 1) * n // parts]
        (folder / f"{f + 1:04d}_part.sql").write_text(
            "-- +up\n" + "".join(s + ";\n" for s in chunk),
            encoding="utf-8")
    if nfiles:
        return
    for f in range(2, 101):
        out = ["-- +up"]
        for k in range(100):
            t = (f * 7 + k) % ntables
            out += [f"ALTER TABLE t{t} ADD COLUMN c{f} integer DEFAULT {f} "
                    f"CHECK (c{f} > 0);",
                    f"CREATE INDEX t{t}_c{f}_idx ON t{t} (c{f});",
                    f"ALTER TABLE t{t} DROP COLUMN c{f};"]
        (folder / f"{f:04d}_churn.sql").write_text("\n".join(out) + "\n",
                                                   encoding="utf-8")


def timed(cmd, before=None):
    """(wall, cpu) seconds of one run of cmd; before() runs untimed."""
    if before:
        before()
    t0 = time.perf_counter()
    c0 = os.times()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    c1 = os.times()
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"bench: {' '.join(map(str, cmd))} failed "
                 f"({r.returncode}):\n{r.stderr}")
    cpu = (c1.children_user - c0.children_user
           + c1.children_system - c0.children_system)
    return wall, cpu


def median_of(runs, cmd, before=None):
    got = [timed(cmd, before) for _ in range(runs)]
    return (statistics.median(w for w, _ in got),
            statistics.median(c for _, c in got))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tables", type=int, default=1000)
    ap.add_argument("--files", default="1,10,100")
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--keep", help="keep the folders in this directory")
    ap.add_argument("--no-churn", action="store_true",
                    help="leave out the column of the longer history")
    args = ap.parse_args()
    counts = [int(x) for x in args.files.split(",")]
    if not args.no_churn:
        counts.append(0)  # 0: the history with churn

    base = Path(args.keep) if args.keep else Path(
        tempfile.mkdtemp(prefix="retort-replay-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        text = schema_sql(args.tables, "A")
        stmts = harness.split_sql(text)
        a_sql = base / "A.sql"
        a_sql.write_text(text, encoding="utf-8")
        rows = {}
        for nf in counts:
            folder = base / f"files{nf}"
            if folder.exists():
                shutil.rmtree(folder)
            write_folder(folder, stmts, nf, args.tables)
            cmd = [RETORT, "inspect", "--schema", "rt_none", str(folder)]
            snapdir = folder / ".retort"
            cold = median_of(args.runs, cmd,
                             lambda: shutil.rmtree(snapdir,
                                                   ignore_errors=True))
            timed(cmd)  # the snapshot of every file
            warm = median_of(args.runs, cmd)
            saved = (snapdir / "snapshot").read_bytes()
            size = len(saved)
            newf = folder / f"{(nf or 100) + 1:04d}_new.sql"

            def add_one():
                (snapdir / "snapshot").write_bytes(saved)
                newf.write_text(NEW_FILE, encoding="utf-8")

            plus = median_of(args.runs, cmd, add_one)
            newf.unlink()
            (snapdir / "snapshot").write_bytes(saved)
            rows[nf] = (cold, warm, plus, size)
            print(f"bench: {nf} files done", file=sys.stderr, flush=True)
        j = base / "model.json"
        with open(j, "wb") as out:
            subprocess.run([RETORT, "inspect", "--json", str(a_sql)],
                           stdout=out, check=True)
        whole = median_of(args.runs, [RETORT, "inspect", "--schema",
                                      "rt_none", str(a_sql)])
        json_in = median_of(args.runs, [RETORT, "inspect", "--schema",
                                        "rt_none", str(j)])
        floor = median_of(args.runs, [RETORT, "--version"])
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)

    def cell(v):
        return f"{v[0] * 1e3:.0f} / {v[1] * 1e3:.0f} ms"

    w = 20
    print(f"\nretort replay benchmark: {args.tables:,} tables "
          f"({len(stmts):,} statements), median of {args.runs} runs, "
          "wall / CPU")
    heads = [f"{n:,}" if n else "1 + 99 churn" for n in counts]
    print(f"{'files':<36}" + "".join(f"{h:>{w}}" for h in heads))
    labels = ("cold (no snapshot; writes it)", "warm (all from the snapshot)",
              "warm + 1 new file")
    for i, label in enumerate(labels):
        print(f"{label:<36}"
              + "".join(f"{cell(rows[n][i]):>{w}}" for n in counts))
    print(f"{'snapshot size':<36}"
          + "".join(f"{rows[n][3] / 1e6:>{w - 3}.2f} MB" for n in counts))
    print(f"{'for scale: A.sql (one file)':<36}{cell(whole):>{w}}")
    print(f"{'for scale: the model as JSON':<36}{cell(json_in):>{w}}")
    print(f"{'for scale: retort --version':<36}{cell(floor):>{w}}")


if __name__ == "__main__":
    main()
