#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Live-load benchmark: where the time of one `retort inspect --json URL`
goes on a database of N tables (default 1,000, bench_scale.py's schema A).

Starts a throwaway PostgreSQL 15 (the test fixture's, with
pg_stat_statements; always stopped), or uses --url, builds the database,
loads it once to warm the server's shared buffers, then prints:

  wall                median of --runs loads (each a new process and a
                      new connection, so the server's catalog caches are
                      cold, as for a user)
  client CPU          median user+sys time of the retort process: the
                      conversion of the results (canonical keys, model,
                      graph) plus the JSON output
  server CPU          mean CPU time of the server's processes per load
                      (the postmaster's reaped children: the two backends
                      that planned and ran the queries; needs /proc and
                      the server on this machine)
  per query           pg_stat_statements mean execution time of each
                      statement of the batch over the runs (wall time on
                      the server, planning excluded), and the count; the
                      last query of each connection is never finished
                      (the connection closes with its read-only
                      transaction open), so it is not recorded: the
                      output names it

then, on its own server (or with --url-b), the database-to-database diff:
builds schema B (one table of ten differs) and prints the median wall time
of `retort diff A B` beside the two loads one after the other (A's and B's
medians added): the diff loads its two sides at once, on two threads, each
with its own connection. Last, for comparison, Alembic's autogenerate
(SQLAlchemy reflection of database A plus compare_metadata, one run, as
bench_scale.py does); migra cannot be run here (no Debian package, not on
npm, no PyPI access), which the output says.

    /usr/bin/python3 bench/bench_load.py [--tables 1000] [--runs 11]
        [--url postgresql://... [--url-b postgresql://...]]
        [--no-alembic] [--timeout 300]
RETORT=path selects the binary (default build/retort). With --url the
database must exist (build it with bench_scale.schema_sql) and
pg_stat_statements must be loaded for the per-query figures.
"""

import argparse
import os
import resource
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
from bench_scale import (alembic_seconds, build_db, fmt,  # noqa: E402
                         schema_sql, start_server)

# Each statement of the batch, by a piece of its text.
LABELS = [
    ("BEGIN", "BEGIN"),
    ("COMMIT", "COMMIT"),
    ("SET TRANSACTION SNAPSHOT", "snapshot import"),
    ("pg_export_snapshot", "snapshot, schemas, ext., colls"),
    ("SELECT n.nspname, dsc.description", "schemas"),
    ("SELECT x.extname", "extensions"),
    ("c.collprovider", "collations"),
    ("e.enumlabel", "enums"),
    ("format_type(s.seqtypid", "sequences"),
    ("pg_get_partkeydef", "tables"),
    ("i.indexrelid, i.indrelid", "indexes"),
    ("a.attrelid, a.attname", "columns"),
    ("ad.adrelid, ad.adnum", "column defaults"),
    ("co.conrelid, co.conname", "constraints"),
    ("pg_get_indexdef(x.oid)", "printed (index defs, checks)"),
    ("AS ord", "definitions"),
    ("vn.nspname, v.relname", "depends"),
    ("pg_foreign_data_wrapper", "unmanaged"),
]


# The queries of the current load, by label (BEGIN aside).
LOAD = ["snapshot, schemas, ext., colls", "snapshot import",
        "enums", "tables", "columns", "indexes", "constraints", "sequences",
        "printed (index defs, checks)", "column defaults", "definitions",
        "depends", "unmanaged"]


def label(query):
    for piece, name in LABELS:
        if piece in query:
            return name
    return " ".join(query.split())[:40]


def psql(url, sql):
    r = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v",
                        "ON_ERROR_STOP=1", "-F", "\t", "-d", url],
                       input=sql, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"bench: psql failed:\n{r.stderr}")
    return r.stdout


def children_cpu(pid):
    """CPU seconds of the reaped children of pid (/proc/pid/stat cutime +
    cstime), or None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[13]) + int(fields[14])) / ticks


def postmaster_pid(url):
    """The server's postmaster pid when its data directory is readable
    here, else None."""
    datadir = psql(url, "SHOW data_directory").strip()
    try:
        with open(os.path.join(datadir, "postmaster.pid"),
                  encoding="ascii") as f:
            return int(f.readline())
    except (OSError, ValueError):
        return None


def run_once(args):
    """(wall seconds, client CPU seconds) of one retort command; exit
    status 0 or 2 (diff found differences) is success."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run([RETORT] + args,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode not in (0, 2):
        sys.exit(f"bench: retort {args[0]} failed:\n{r.stderr}")
    return wall, (r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime)


def load_once(url):
    """(wall seconds, client CPU seconds) of one inspect --json."""
    return run_once(["inspect", "--json", url])


def measure_diff(url_a, url_b, runs):
    """Median walls of diff A B and of the loads of A and of B, the three
    interleaved."""
    diff, load_a, load_b = [], [], []
    for _ in range(runs):
        diff.append(run_once(["diff", url_a, url_b])[0])
        load_a.append(load_once(url_a)[0])
        load_b.append(load_once(url_b)[0])
    return {"diff": statistics.median(diff),
            "load_a": statistics.median(load_a),
            "load_b": statistics.median(load_b)}


def measure(url, dbname, runs):
    load_once(url)  # warm the shared buffers, not the backend caches
    pm = postmaster_pid(url)
    # pg_stat_statements is created in the postgres database (as the
    # test fixture does)
    admin = url.rsplit("/", 1)[0] + "/postgres"
    have_pgss = psql(admin, "SELECT count(*) FROM pg_extension "
                     "WHERE extname = 'pg_stat_statements'").strip() == "1"
    if have_pgss:
        psql(admin, "SELECT pg_stat_statements_reset()")
    cpu0 = children_cpu(pm) if pm else None
    walls, clients = [], []
    for _ in range(runs):
        w, c = load_once(url)
        walls.append(w)
        clients.append(c)
    cpu1 = children_cpu(pm) if pm else None
    per_query = []
    if have_pgss:
        out = psql(admin, f"""
            SELECT s.calls, s.mean_exec_time, s.query
            FROM pg_stat_statements s
            JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = '{dbname}'
              AND s.query NOT LIKE '%pg_stat_statements%'
            ORDER BY s.mean_exec_time DESC""")
        rec = []
        for line in out.split("\n"):
            # the query text spans lines: a record starts with the calls
            parts = line.split("\t", 2)
            if len(parts) == 3 and parts[0].isdigit():
                rec.append([int(parts[0]), float(parts[1]), parts[2]])
            elif rec:
                rec[-1][2] += "\n" + line
        # one row per label (each run's snapshot import has its own text)
        merged = {}
        for calls, ms, q in rec:
            n, total = merged.get(label(q), (0, 0.0))
            merged[label(q)] = (n + calls, total + calls * ms)
        per_query = sorted(((name, n / runs, total / n)
                            for name, (n, total) in merged.items()),
                           key=lambda r: -r[2])
    return {
        "wall": statistics.median(walls),
        "wall_min": min(walls),
        "client": statistics.median(clients),
        "server_cpu": ((cpu1 - cpu0) / runs
                       if cpu0 is not None and cpu1 is not None else None),
        "per_query": per_query,
    }


def report(res, ntables, runs):
    print(f"\nretort live load benchmark: {ntables:,} tables, "
          f"median of {runs} runs")
    print(f"  wall (inspect --json URL)          {res['wall'] * 1e3:8.1f} ms"
          f"   (min {res['wall_min'] * 1e3:.1f})")
    print(f"  client CPU (conversion + JSON)     {res['client'] * 1e3:8.1f} ms")
    if res["server_cpu"] is not None:
        print(f"  server CPU per load                "
              f"{res['server_cpu'] * 1e3:8.1f} ms")
    if res["per_query"]:
        total = sum(ms for _, _, ms in res["per_query"])
        stmts = sum(n for _, n, _ in res["per_query"])
        print(f"  server time per query (pg_stat_statements mean), "
              f"{stmts:g} statements recorded, {total:.1f} ms in all:")
        for name, _, ms in res["per_query"]:
            print(f"    {name:<30}   {ms:8.1f} ms")
        seen = {name for name, _, _ in res["per_query"]}
        unseen = [name for name in LOAD if name not in seen]
        if unseen:
            # the last query of each connection: its portal is never
            # closed (no COMMIT), so pg_stat_statements never records it
            print(f"    not recorded (the last query of each connection, "
                  f"never finished): {', '.join(unseen)}")


def report_diff(dd, runs):
    print(f"\ndatabase-to-database diff, median of {runs} runs:")
    print(f"  diff db A vs db B                  {dd['diff'] * 1e3:8.1f} ms")
    print(f"  load A, then load B (inspect)      "
          f"{(dd['load_a'] + dd['load_b']) * 1e3:8.1f} ms"
          f"   ({dd['load_a'] * 1e3:.1f} + {dd['load_b'] * 1e3:.1f})")


def report_others(url, args):
    print("\nother tools on database A:")
    print("  migra                              not available here "
          "(no Debian package, not on npm, no PyPI access)")
    if args.no_alembic:
        return
    print(f"bench: running alembic on {url.rsplit('/', 1)[1]} ...",
          file=sys.stderr, flush=True)
    secs = alembic_seconds(url, args.timeout)
    print(f"  alembic reflect + compare_metadata {fmt(secs, args.timeout):>11}"
          "   (one run)")
    if isinstance(secs, str):
        print(f"  (alembic could not run: {secs})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tables", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--url", help="an existing database to load instead")
    ap.add_argument("--url-b", help="with --url: a second database, for "
                    "the database-to-database diff")
    ap.add_argument("--no-alembic", action="store_true",
                    help="do not run Alembic's autogenerate")
    ap.add_argument("--timeout", type=float, default=300,
                    help="seconds Alembic may take (default 300)")
    args = ap.parse_args()
    if not os.access(RETORT, os.X_OK):
        sys.exit(f"bench: {RETORT} not found; run make first")
    if args.url:
        dbname = args.url.rsplit("/", 1)[1].split("?")[0]
        res = measure(args.url, dbname, args.runs)
        report(res, int(psql(args.url, "SELECT count(*) FROM pg_class "
                             "WHERE relkind IN ('r', 'p') AND "
                             "relnamespace = 'public'::regnamespace")),
               args.runs)
        if args.url_b:
            report_diff(measure_diff(args.url, args.url_b, args.runs),
                        args.runs)
        report_others(args.url, args)
        return
    pg = None
    with tempfile.TemporaryDirectory(prefix="retort-load-") as d:
        try:
            pg = start_server()
            urls = {}
            for v in ("A", "B"):
                path = Path(d) / f"{v.lower()}.sql"
                path.write_text(schema_sql(args.tables, v), encoding="utf-8")
                dbname = f"load{args.tables}{v.lower()}"
                print(f"bench: building {args.tables:,} tables ({v}) ...",
                      file=sys.stderr, flush=True)
                build_db(pg, dbname, path)
                urls[v] = (pg.url(dbname), dbname)
            res = measure(urls["A"][0], urls["A"][1], args.runs)
            report(res, args.tables, args.runs)
            report_diff(measure_diff(urls["A"][0], urls["B"][0], args.runs),
                        args.runs)
            report_others(urls["A"][0], args)
        finally:
            if pg:
                pg.stop()


if __name__ == "__main__":
    main()
