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
  per statement       backend CPU of each statement of one load, as
                      /proc/PID/schedstat counts it: the statements
                      that load sends, with their connection, read from
                      the server's log (that load's URL adds `options=-c
                      log_statement=all`: its lines give each backend's
                      pid), then each connection's statements run again
                      in order in a fresh backend with retort's session
                      settings (SESSION_OPTIONS, read from
                      src/load/load_pg.c) in a REPEATABLE READ READ ONLY
                      transaction, cold then warm (the same statements
                      again in the same backend), median of --runs; each
                      connection's total with its backend's start (its
                      CPU when connected). The second connection's
                      snapshot import cannot be run again (the exported
                      snapshot is gone): its statements run in a plain
                      transaction. Needs the server's log (with the pid
                      in each line: the default log_line_prefix) and its
                      processes on this machine, as with the bench's own
                      server; with --url the log is pg_current_logfile()
                      when it is readable here, else the output says the
                      figures need the bench's own server; and psycopg
                      (Debian's python3-psycopg)

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
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import (parse_qsl, quote, urlencode, urlsplit,
                          urlunsplit)

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "e2e"))
sys.path.insert(0, str(HERE))

from conftest import RETORT  # noqa: E402
from bench_scale import (alembic_seconds, build_db, fmt,  # noqa: E402
                         schema_sql, start_server)

# Each statement of the batch, by a piece of its text (as the server logs
# it, or as pg_stat_statements shows it, its constants $1, $2, ...).
LABELS = [
    ("BEGIN", "BEGIN"),
    ("COMMIT", "COMMIT"),
    ("SET TRANSACTION SNAPSHOT", "snapshot import"),
    ("SELECT pg_export_snapshot()", "snapshot export"),
    ("pg_export_snapshot", "snapshot, schemas, ext., colls"),
    ("n.nspname::text AS a, dsc.description",
     "first (schemas, ..., probes)"),
    ("SELECT n.nspname, dsc.description", "schemas"),
    ("SELECT x.extname", "extensions"),
    ("c.collprovider", "collations"),
    ("e.enumlabel", "enums"),
    ("format_type(s.seqtypid", "sequences"),
    ("s.seqstart, s.seqincrement", "sequences"),
    ("pg_get_partkeydef", "tables"),
    ("i.indexrelid, i.indrelid", "indexes"),
    ("a.attrelid, a.attname", "columns"),
    ("ad.adrelid, ad.adnum", "column defaults"),
    ("co.conrelid, co.conname", "constraints"),
    ("pg_get_indexdef(x.oid)", "printed (index defs, checks)"),
    ("AS ord", "definitions"),
    ("g.sch, g.nam, nullif(", "definitions"),
    ("vn.nspname, v.relname", "depends"),
    ("::name WHERE", "depends"),  # none: NULLs (pg_stat_statements: $n)
    ("pg_foreign_data_wrapper", "unmanaged"),
    ("::text WHERE", "unmanaged"),
]


# The queries of the current load, by label (BEGIN aside).
LOAD = ["snapshot export", "first (schemas, ..., probes)",
        "snapshot import", "enums", "tables", "columns", "indexes",
        "constraints", "sequences",
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
    print(f"  client CPU (conversion + JSON)     "
          f"{res['client'] * 1e3:8.1f} ms")
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


# -- backend CPU per statement ------------------------------------------

# A statement in the server's log (log_statement = all; the default
# log_line_prefix '%m [%p] ' gives the backend's pid): simple protocol, or
# a pipeline's execute; the lines after the first start with a tab.
LOGGED = re.compile(r"\[(\d+)\] LOG:  (?:statement|execute [^:]*): (.*)")
# The statements that are not replayed: a connection's own BEGIN (the
# replay opens its own) and the snapshot's import (the exported snapshot
# is gone)
NOT_REPLAYED = ("BEGIN", "SET TRANSACTION SNAPSHOT")
BEGIN_RR = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"


def session_options():
    """The options retort's connections run with (SESSION_OPTIONS in
    src/load/load_pg.c: search_path, jit=off, ...), read from the
    source."""
    src = (HERE.parent / "src" / "load" / "load_pg.c").read_text(
        encoding="utf-8")
    m = re.search(r"#define SESSION_OPTIONS[^\n]*\n((?:[^\n]*\\\n)*[^\n]*)",
                  src)
    if not m:
        sys.exit("bench: src/load/load_pg.c: no SESSION_OPTIONS")
    # the C literals, concatenated, their escapes read ("\\ " -> "\ ")
    text = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)))
    return text.encode("ascii").decode("unicode_escape")


def with_options(url, opts):
    """url with opts added to its libpq options (after the user's)."""
    if "://" not in url:
        return f"{url} options='{opts}'"
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    old = [v for k, v in query if k == "options"]
    query = [(k, v) for k, v in query if k != "options"]
    query.append(("options", " ".join(old + [opts])))
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote)))


def server_log(url):
    """The server's log file as a path readable here, with the backends'
    pids in its lines, or None."""
    prefix = psql(url, "SHOW log_line_prefix").strip()
    name = psql(url, "SELECT pg_current_logfile('stderr')").strip()
    if "%p" not in prefix or not name:
        return None
    path = os.path.join(psql(url, "SHOW data_directory").strip(), name)
    return path if os.access(path, os.R_OK) else None


def parse_log(text):
    """[(pid, statement)] of the log lines LOGGED matches, in order."""
    out, cur = [], None
    for line in text.split("\n"):
        m = LOGGED.search(line)
        if m:
            cur = [int(m.group(1)), m.group(2)]
            out.append(cur)
        elif cur is not None and line.startswith("\t"):
            # the server puts a tab after each newline of a message
            cur[1] += "\n" + line[1:]
        else:
            cur = None
    return [tuple(s) for s in out]


def capture(url, log):
    """Each connection's statements of one inspect --json URL, from the
    server's log: [[statement, ...], ...], the connection that exports
    the snapshot first, the others in the order they started."""
    start = os.path.getsize(log)
    # log_statement is a superuser's setting
    r = subprocess.run([RETORT, "inspect", "--json",
                        with_options(url, "-c log_statement=all")],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    if r.returncode != 0:
        raise OSError("retort inspect with log_statement=all: "
                      + r.stderr.strip().split("\n")[0])
    # the backends log before they answer, and retort has exited
    with open(log, encoding="utf-8", errors="replace") as f:
        f.seek(start)
        logged = parse_log(f.read())
    conns = {}
    for pid, sql in logged:
        conns.setdefault(pid, []).append(sql)
    return sorted(conns.values(),
                  key=lambda s: not any("pg_export_snapshot" in q
                                        for q in s))


def backend_cpu(pid):
    """ms of CPU the process has run (/proc/pid/schedstat)."""
    with open(f"/proc/{pid}/schedstat", encoding="ascii") as f:
        return int(f.read().split()[0]) / 1e6


def replay(url, conns, runs):
    """Each connection's statements in order in a fresh backend with
    retort's session settings, in a REPEATABLE READ READ ONLY
    transaction, cold then warm (the same again, in the same backend):
    {(conn, i): (cold ms, warm ms)} and {conn: backend start ms}, medians
    of runs."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(url)
    opts = [params.get("options"), session_options()]
    params["options"] = " ".join(o for o in opts if o)
    params.update(client_encoding="UTF8", application_name="retort")
    cold, warm, start = {}, {}, {}
    for _ in range(runs):
        for c, stmts in enumerate(conns):
            with psycopg.connect(autocommit=True, **params) as con:
                pid = con.info.backend_pid
                start.setdefault(c, []).append(backend_cpu(pid))
                cur = con.cursor()
                cur.execute(BEGIN_RR)
                for times in (cold, warm):
                    for i, sql in enumerate(stmts):
                        if sql.lstrip().upper().startswith(NOT_REPLAYED):
                            continue
                        b = backend_cpu(pid)
                        cur.execute(sql)
                        if cur.description is not None:
                            cur.fetchall()
                        times.setdefault((c, i), []).append(
                            backend_cpu(pid) - b)
    med = statistics.median
    return ({k: (med(v), med(warm[k])) for k, v in cold.items()},
            {c: med(v) for c, v in start.items()})


def measure_statements(url, log, runs):
    """(each connection's statements, replay's figures), or (None, why
    there are none)."""
    if not log:
        return None, ("needs the bench's own server (or one whose log "
                      "file, with each line's backend pid, is readable "
                      "here): no figures")
    try:
        conns = capture(url, log)
    except OSError as e:
        return None, f"cannot log the statements ({e}): no figures"
    if not conns:
        return None, f"no statement logged in {log}: no figures"
    try:
        return conns, replay(url, conns, runs)
    except (ImportError, OSError) as e:
        return None, f"cannot replay the statements ({e}): no figures"


def report_statements(conns, res, runs):
    print("\nbackend CPU per statement (each connection's statements of one "
          "load, from the\nserver's log, replayed in order in a fresh "
          "backend with retort's session\nsettings, the second's in a "
          f"plain REPEATABLE READ READ ONLY transaction;\n/proc/PID/schedstat,"
          f" cold then warm, median of {runs} runs):")
    if conns is None:
        print(f"  {res}")
        return
    figs, start = res
    print(f"  {'statement':<32} conn  cold ms  warm ms")
    total = 0.0
    for c, stmts in enumerate(conns):
        print(f"  {'backend start':<32} {c + 1:4} {start[c]:8.1f}")
        cold = start[c]
        for i, sql in enumerate(stmts):
            if (c, i) not in figs:
                print(f"  {label(sql):<32} {c + 1:4}      (not replayed)")
                continue
            ms, wms = figs[(c, i)]
            cold += ms
            print(f"  {label(sql):<32} {c + 1:4} {ms:8.1f} {wms:8.1f}")
        total += cold
        print(f"  {'connection %d, start included' % (c + 1):<32} "
              f"{'':4} {cold:8.1f}")
    print(f"  {'all connections':<32} {'':4} {total:8.1f}")


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
        report_statements(*measure_statements(
            args.url, server_log(args.url), args.runs), args.runs)
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
            report_statements(*measure_statements(
                urls["A"][0], os.path.join(pg.dir, "log"), args.runs),
                args.runs)
            report_diff(measure_diff(urls["A"][0], urls["B"][0], args.runs),
                        args.runs)
            report_others(urls["A"][0], args)
        finally:
            if pg:
                pg.stop()


if __name__ == "__main__":
    main()
