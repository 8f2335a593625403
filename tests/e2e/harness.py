# SPDX-License-Identifier: MIT
"""retort's own acceptance harness, for the cases in tests/cases/.

A case is a folder holding a.sql and b.sql. One direction of a case
(forward: a.sql -> b.sql; reverse: b.sql -> a.sql) is run like this:

  1. database FROM is built from the first file and TO from the second,
     each with `psql -f` stopping at the first error (a case file that does
     not load as is is a failure: the cases are ours);
  2. the tool prints the SQL that turns FROM into TO (for retort:
     `retort diff FROM_URL TO_FILE`), which must exit 0;
  3. that SQL is applied to FROM in one transaction (psql
     --single-transaction; without one when a statement says CONCURRENTLY,
     which cannot run in a transaction block);
  4. FROM and TO are compared by a normalised `pg_dump --schema-only`
     (no owners, privileges, tablespaces, security labels, subscriptions;
     comments, SET lines and psql meta-commands removed; statements sorted;
     the order of the lines inside CREATE TABLE ignored) plus the installed
     extensions with their versions and schemas. PASS when equal.

These are the rules of the shared corpus harness (run_corpus.py, used for
migra's cases in test_corpus.py), so a result here means the same thing.
Standard library only, plus the psql and pg_dump programs; the server is
the one the PG* variables of `env` name.

test_cases.py imports it. By hand, against a server named by PG*:
    /usr/bin/python3 tests/e2e/harness.py build/retort [--case REGEX] [-v]
"""

import argparse
import concurrent.futures
import difflib
import os
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

def pg_program(name):
    """PostgreSQL 15's own program (not Debian's version-picking wrapper,
    which costs a Perl start per call), else name from $PATH."""
    bindir = os.environ.get("RETORT_PG_BIN") or "/usr/lib/postgresql/15/bin"
    path = os.path.join(bindir, name)
    return path if os.access(path, os.X_OK) else name


PSQL = pg_program("psql")
PG_DUMP = [pg_program("pg_dump"), "--schema-only", "--no-owner",
           "--no-privileges", "--no-tablespaces", "--no-security-labels",
           "--no-subscriptions"]
EXTENSIONS = ("SELECT e.extname || ' VERSION ' || e.extversion || ' SCHEMA '"
              " || n.nspname FROM pg_extension e JOIN pg_namespace n ON"
              " n.oid = e.extnamespace WHERE e.extname <> 'plpgsql'"
              " ORDER BY 1")


class Result:
    """One direction of one case: status PASS or FAIL, a one-line detail,
    and the schema diff and migration when they help (else "")."""

    def __init__(self, status, detail="", diff=""):
        self.status, self.detail, self.diff = status, detail, diff


# -- PostgreSQL ----------------------------------------------------------
def db_url(env, dbname):
    """postgresql:// URL of dbname on the server env's PG* variables name
    (host, port, user; a TCP host, as the e2e fixture gives)."""
    user = urllib.parse.quote(env.get("PGUSER", ""), safe="")
    host = env.get("PGHOST", "127.0.0.1")
    port = env.get("PGPORT", "5432")
    return (f"postgresql://{user}@{host}:{port}/"
            + urllib.parse.quote(dbname, safe=""))


def ident(name):
    return '"' + name.replace('"', '""') + '"'


def psql(env, dbname, sql=None, path=None, single_transaction=False,
         timeout=300):
    """Runs sql (or the file at path) on dbname, stopping at the first
    error; returns the CompletedProcess."""
    cmd = [PSQL, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
           "-d", dbname]
    if single_transaction:
        cmd.append("--single-transaction")
    cmd += ["-f", str(path) if path else "-"]
    return subprocess.run(cmd, input=sql, capture_output=True, text=True,
                          env=env, timeout=timeout)


def create_database(env, dbname):
    # FILE_COPY: twice as fast as the default WAL_LOG for a small template
    r = psql(env, "postgres", f"CREATE DATABASE {ident(dbname)} "
             "TEMPLATE template0 STRATEGY FILE_COPY")
    if r.returncode != 0:
        raise RuntimeError(f"cannot create database {dbname}: "
                           + one_line(r.stderr))


def drop_databases(env, names):
    sql = "".join(f"DROP DATABASE IF EXISTS {ident(n)} WITH (FORCE);\n"
                  for n in names)
    if sql:
        psql(env, "postgres", sql)


# -- normalised schema dump ----------------------------------------------
DOLLAR_TAG = re.compile(r"\$([A-Za-z_\x80-\uffff][A-Za-z_0-9\x80-\uffff]*)?\$")


def quoted_end(text, i):
    """End of the string literal, quoted identifier or dollar-quoted body
    starting at text[i], or i when none starts there."""
    c, n = text[i], len(text)
    word_before = i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")
    if c == "'":
        # E'...' takes backslash escapes; '' is a quote in both forms
        escapes = (i > 0 and text[i - 1] in "Ee"
                   and not (i > 1 and (text[i - 2].isalnum()
                                       or text[i - 2] == "_")))
        j = i + 1
        while j < n:
            if escapes and text[j] == "\\":
                j += 2
            elif text.startswith("''", j):
                j += 2
            elif text[j] == "'":
                return j + 1
            else:
                j += 1
        return n
    if c == '"':
        j = i + 1
        while j < n:
            if text.startswith('""', j):
                j += 2
            elif text[j] == '"':
                return j + 1
            else:
                j += 1
        return n
    if c == "$" and not word_before:
        m = DOLLAR_TAG.match(text, i)
        if m:
            j = text.find(m.group(0), m.end())
            return n if j < 0 else j + len(m.group(0))
    return i


def split_sql(text):
    """The statements of SQL text, stripped, without their semicolons,
    comments, and psql meta-command lines (pg_dump writes `\\restrict KEY`
    with a random key)."""
    stmts, cur = [], []
    i, n = 0, len(text)
    at_start = True  # nothing but blanks and comments since the last ';'
    while i < n:
        c = text[i]
        if text.startswith("--", i) or (c == "\\" and at_start):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):  # block comments nest in PostgreSQL
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
            continue
        if c == ";":
            stmt = "".join(cur).strip()
            if stmt:
                stmts.append(stmt)
            cur, at_start, i = [], True, i + 1
            continue
        j = quoted_end(text, i)
        if j == i:
            j = i + 1
        if not c.isspace():
            at_start = False
        cur.append(text[i:j])
        i = j
    stmt = "".join(cur).strip()
    if stmt:
        stmts.append(stmt)
    return stmts


def normalise(stmt):
    """A dumped statement without blank lines or trailing blanks; in CREATE
    TABLE, the lines between the parentheses (columns, inline checks)
    sorted, without their commas."""
    lines = [l.rstrip() for l in stmt.split("\n") if l.strip()]
    if (re.match(r"CREATE (UNLOGGED )?TABLE ", lines[0])
            and lines[0].endswith("(")):
        close = next((k for k in range(1, len(lines))
                      if lines[k].startswith(")")), None)
        if close is not None:
            body = sorted(l.strip().rstrip(",") for l in lines[1:close])
            lines = lines[:1] + ["    " + l for l in body] + lines[close:]
    return "\n".join(lines)


def schema_of(env, dbname):
    """The sorted, normalised schema of dbname: its statements as pg_dump
    prints them, then one "EXTENSION name VERSION v SCHEMA s" line each."""
    r = subprocess.run(PG_DUMP + ["-d", dbname], capture_output=True,
                       text=True, env=env, timeout=300)
    if r.returncode != 0:
        raise RuntimeError(f"pg_dump {dbname} failed: " + one_line(r.stderr))
    out = [normalise(s) for s in split_sql(r.stdout)
           if not s.startswith(("SET ", "SELECT pg_catalog.set_config("))]
    r = psql(env, dbname, EXTENSIONS)
    if r.returncode != 0:
        raise RuntimeError(f"cannot list the extensions of {dbname}: "
                           + one_line(r.stderr))
    out += ["EXTENSION " + l for l in r.stdout.splitlines() if l]
    return sorted(out)


def one_line(text, limit=300):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "..."


# -- one case, both directions -------------------------------------------
DIRECTIONS = ("forward", "reverse")


def run_case(env, tool, case_dir, db_a, db_b, built=None):
    """Runs the case in case_dir both ways; returns {"forward": Result,
    "reverse": Result}. Databases db_a and db_b, which must not exist, are
    built from a.sql and b.sql; the caller drops them (drop_databases)
    whatever happens. built(db_a, db_b), when given, is called once both
    are built, before anything changes them. tool(from_url, to_file) runs
    the tool under test and returns its CompletedProcess (it may raise
    TimeoutExpired); both directions ask it while both databases are as
    built, then each migration is applied and compared with the schema
    the other database had as built."""
    case_dir = Path(case_dir)
    files = {db_a: case_dir / "a.sql", db_b: case_dir / "b.sql"}
    runs = {"forward": (db_a, db_b), "reverse": (db_b, db_a)}
    results = {}
    try:
        for db, path in files.items():
            create_database(env, db)
            r = psql(env, db, path=path)
            if r.returncode != 0:
                fail = Result("FAIL", f"{path.name} does not load: "
                              + one_line(r.stderr))
                return {d: fail for d in DIRECTIONS}
        if built:
            built(db_a, db_b)
        as_built = {db: schema_of(env, db) for db in files}
        migrations = {}
        for d, (from_db, to_db) in runs.items():
            try:
                r = tool(db_url(env, from_db), str(files[to_db]))
            except subprocess.TimeoutExpired as e:
                results[d] = Result("FAIL", f"tool timed out after "
                                    f"{e.timeout}s")
                continue
            if r.returncode != 0:
                results[d] = Result("FAIL", f"tool exited {r.returncode}: "
                                    + one_line(r.stderr or r.stdout))
                continue
            migrations[d] = r.stdout
        for d, migration in migrations.items():
            from_db, to_db = runs[d]
            results[d] = apply_and_compare(env, migration, from_db,
                                           as_built[to_db])
        return {d: results[d] for d in DIRECTIONS}
    except (RuntimeError, OSError, subprocess.SubprocessError) as e:
        fail = Result("FAIL", "harness error: " + one_line(str(e)))
        return {d: results.get(d, fail) for d in DIRECTIONS}


def apply_and_compare(env, migration, from_db, want):
    """Applies migration to from_db and compares its schema with want."""
    shown = "-- migration:\n" + migration
    if migration.strip():
        in_txn = not any(re.search(r"\bCONCURRENTLY\b", s, re.I)
                         for s in split_sql(migration))
        r = psql(env, from_db, migration, single_transaction=in_txn)
        if r.returncode != 0:
            return Result("FAIL", "migration failed to apply: "
                          + one_line(r.stderr), shown)
    got = schema_of(env, from_db)
    if got == want:
        return Result("PASS")
    diff = list(difflib.unified_diff(
        "\n\n".join(want).split("\n"), "\n\n".join(got).split("\n"),
        "expected (to)", "after migration (from)", lineterm="", n=2))
    changed = sum(1 for l in diff if l[:1] in "+-"
                  and not l.startswith(("+++", "---")))
    return Result("FAIL", f"schemas differ ({changed} diff lines)",
                  "\n".join(diff) + "\n" + shown)


# -- by hand -------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(
        description="Runs retort's own cases (tests/cases) both ways "
        "against the server the PG* variables name.")
    ap.add_argument("retort", help="the retort binary")
    ap.add_argument("--cases", default=str(Path(__file__).resolve()
                                           .parents[1] / "cases"))
    ap.add_argument("--case", metavar="REGEX", help="only matching cases")
    ap.add_argument("--jobs", "-j", type=int, default=2)
    ap.add_argument("--verbose", "-v", action="store_true",
                    help="print the diff and migration of failing runs")
    args = ap.parse_args()
    env = dict(os.environ)
    cases = sorted(p for p in Path(args.cases).iterdir() if p.is_dir()
                   and (not args.case or re.search(args.case, p.name)))

    def tool(from_url, to_file):
        return subprocess.run([args.retort, "diff", from_url, to_file],
                              capture_output=True, text=True, timeout=60)

    def work(item):
        idx, case = item
        dbs = [f"rthand_{os.getpid()}_{idx}_{side}" for side in "ab"]
        try:
            return case, run_case(env, tool, case, *dbs)
        finally:
            drop_databases(env, dbs)

    failed = 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        for case, results in ex.map(work, enumerate(cases)):
            for d, res in results.items():
                failed += res.status != "PASS"
                print(f"{res.status} {case.name} {d}"
                      + (f"  -- {res.detail}" if res.detail else ""),
                      flush=True)
                if args.verbose and res.diff:
                    print("\n".join("     | " + l
                                     for l in res.diff.split("\n")))
    print(f"{2 * len(cases) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
