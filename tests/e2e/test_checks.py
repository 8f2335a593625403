# SPDX-License-Identifier: MIT
"""The validation queries of a migration file (render.h rt_render_checks)
on a real PostgreSQL 15, through build/migration-driver
(RETORT_MIGRATION_DRIVER=path picks another build).

For each of retort's own cases (tests/cases/<case>/{a,b}.sql), both
directions: a database is built from the first file; the driver plans the
migration from that database to the second file and prints the up
statements and the checks; the checks that are about objects the up
creates are run first and must each FAIL (the negative); then the up
statements are applied and EVERY check must give its expected value. The
runs tests/cases/KNOWN_FAILURES lists (their migration does not reach the
target) are left out.

By hand, against a server named by PG* (see the README's Tests section):
    /usr/bin/python3 tests/e2e/test_checks.py build/migration-driver [CASE-RE]
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "tests" / "cases"
PREFIX = "rtchecks"

# a spread of the cases (every run takes about a second and a half on two
# shared cores; RETORT_CHECKS_ALL=1 runs all of them): the four framework
# styles, type changes with and without a cast, enums replaced, swapped
# and extended, collations, keys, checks, NOT VALID, NOT NULL, indexes of
# every kind, identities and serials, partitions, views, schemas,
# sequences, domains, triggers, policies, quoted and reserved names, many
# tables, drops
SPREAD = (
    "alembic_style", "django_style", "rails_structure", "pgdump_style",
    "type_changes", "type_nocast", "text_to_int_using",
    "enum_reorder_remove", "enum_type_swap", "enum_add_values",
    "column_collation_change", "collation_redefine", "not_valid_validate",
    "notnull_toggle", "fks", "checks", "unique_index_to_constraint",
    "idxkinds", "identity", "serials", "partitioned_fk", "part_range",
    "views_change", "schemas", "sequences", "quoted_idents",
    "reserved_words", "many_tables", "column_drop_add_many",
    "domains_change", "exclusion_change", "triggers_change", "rls_policies",
)


def known_failures():
    """{(case, direction)} of tests/cases/KNOWN_FAILURES (harness
    directions only)."""
    out = set()
    path = CASES / "KNOWN_FAILURES"
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"(\S+)\s+(forward|reverse)\s+--", line.strip())
        if m:
            out.add((m.group(1), m.group(2)))
    return out


def runs(pattern=None, spread=False):
    """(case, direction, from_file, to_file) of every case (or of SPREAD)
    both ways."""
    known = known_failures()
    out = []
    for case in sorted(p.name for p in CASES.iterdir() if p.is_dir()):
        if pattern and not re.search(pattern, case):
            continue
        if spread and case not in SPREAD:
            continue
        for direction, first, second in (("forward", "a", "b"),
                                         ("reverse", "b", "a")):
            if (case, direction) in known:
                continue
            out.append((case, direction, CASES / case / f"{first}.sql",
                        CASES / case / f"{second}.sql"))
    return out


def run_check(conn, check):
    """(ok, what the query gave) of one check on conn (autocommit)."""
    import psycopg2
    cur = conn.cursor()
    try:
        cur.execute(check["sql"])
        rows = cur.fetchall()
    except psycopg2.Error as e:
        return False, "error: " + str(e).strip().splitlines()[0]
    finally:
        cur.close()
    got = repr(rows[:3]) + (f" ({len(rows)} rows)" if len(rows) > 3 else "")
    if check["expect"] == "rows":
        return len(rows) == check["rows"], got
    one = len(rows) == 1 and len(rows[0]) == 1
    if check["expect"] == "true":
        return one and rows[0][0] is True, got
    return one and rows[0][0] is not None \
        and str(rows[0][0]) == check["value"], got


def apply_up(conn, stmts):
    """Runs the up statements in one transaction, the ones marked
    notransaction each on its own (autocommit)."""
    cur = conn.cursor()
    pending = False
    try:
        for s in stmts:
            if s["notransaction"]:
                if pending:
                    cur.execute("COMMIT")
                    pending = False
                cur.execute(s["sql"])
                continue
            if not pending:
                cur.execute("BEGIN")
                pending = True
            cur.execute(s["sql"])
        if pending:
            cur.execute("COMMIT")
    except Exception:
        if pending:
            cur.execute("ROLLBACK")
        raise
    finally:
        cur.close()


def run_one(env, driver, case, direction, from_file, to_file, db):
    """Checks one direction of one case on database db (created and left
    for the caller to drop). Returns (problems, number of checks, number
    of negatives)."""
    import psycopg2
    harness.create_database(env, db)
    r = harness.psql(env, db, path=from_file)
    if r.returncode != 0:
        return [f"{from_file.name} does not load: {r.stderr.strip()}"], 0, 0
    url = harness.db_url(env, db)
    p = subprocess.run([driver, url, str(to_file), "--json"],
                       capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        return [f"driver exit {p.returncode}: {p.stderr.strip()}"], 0, 0
    out = json.loads(p.stdout)
    problems, negatives = [], 0
    # every drop of a table or column is named as a data loss
    for s in out["up"]:
        m = re.match(r"(DROP TABLE|ALTER TABLE \S+ DROP COLUMN) ", s["sql"])
        if m and not any(d.startswith("drops table" if m.group(1)
                                      == "DROP TABLE" else "drops column")
                         for d in out["data_loss"]):
            problems.append(f"no data-loss line for: {s['sql']}")
    conn = psycopg2.connect(url)
    conn.autocommit = True
    try:
        for k in out["checks"]:
            if not k["creates"]:
                continue
            ok, got = run_check(conn, k)
            negatives += 1
            if ok:
                problems.append(f"passes BEFORE the up: {k['what']}: "
                                f"{k['sql']} -> {got}")
        try:
            apply_up(conn, out["up"])
        except psycopg2.Error as e:
            return problems + [f"up fails: {str(e).strip()}"], 0, negatives
        for k in out["checks"]:
            ok, got = run_check(conn, k)
            if not ok:
                want = (k["value"] if k["expect"] == "value"
                        else f"{k['rows']} rows" if k["expect"] == "rows"
                        else "true")
                problems.append(f"fails after the up: {k['what']}: "
                                f"{k['sql']} -> {got}, expected {want}")
    finally:
        conn.close()
    return problems, len(out["checks"]), negatives


def run_all(env, driver, pattern=None, spread=False):
    """{(case, direction): (problems, checks, negatives)}, one run at a
    time."""
    results = {}
    for i, (case, direction, f, t) in enumerate(runs(pattern, spread)):
        db = f"{PREFIX}_{os.getpid()}_{i}"
        try:
            results[(case, direction)] = run_one(env, driver, case,
                                                 direction, f, t, db)
        finally:
            harness.drop_databases(env, [db])
    return results


@pytest.fixture(scope="module")
def driver():
    from conftest import RETORT
    path = os.environ.get("RETORT_MIGRATION_DRIVER") or str(
        Path(RETORT).parent / "migration-driver")
    if not os.path.exists(path):
        pytest.fail(f"migration driver not found at {path} (run make)")
    return path


def test_checks_hold_after_up_and_fail_before(pg, driver):
    from conftest import require
    try:
        import psycopg2  # noqa: F401
        have = True
    except ImportError:
        have = False
    require(have, "/usr/bin/python3 cannot import psycopg2")
    assert all((CASES / c).is_dir() for c in SPREAD)
    results = run_all(pg.env, driver,
                      spread=os.environ.get("RETORT_CHECKS_ALL") != "1")
    failing = {k: v[0] for k, v in results.items() if v[0]}
    checks = sum(v[1] for v in results.values())
    negatives = sum(v[2] for v in results.values())
    with_checks = sum(1 for v in results.values() if v[1])
    print(f"{len(results)} runs, {with_checks} with checks, {checks} checks "
          f"passed after the up, {negatives} failed before it")
    assert not failing, "\n".join(
        f"{case} {direction}: " + "\n    ".join(p)
        for (case, direction), p in sorted(failing.items()))
    # the proof is not empty: most runs have checks, and the creates
    # are seen failing before the up
    assert with_checks >= 30 and checks >= 200 and negatives >= 40


def test_migration_files_read_back(driver):
    """Every case both ways as a migration file: rt_migdir_write accepts
    the header lines and checks, and the file reads back (the driver
    exits 3 otherwise); a file with statements has its Changes."""
    bad = []
    for case, direction, f, t in runs():
        p = subprocess.run([driver, str(f), str(t)], capture_output=True,
                           text=True, timeout=60)
        if p.returncode != 0:
            bad.append(f"{case} {direction}: exit {p.returncode}: "
                       f"{p.stderr.strip()}")
        elif re.search(r"^-- \+up\n[A-Z]", p.stdout, re.M) \
                and "-- Changes:\n" not in p.stdout:
            bad.append(f"{case} {direction}: statements but no Changes")
    assert not bad, "\n".join(bad)


def main():
    driver = sys.argv[1]
    pattern = sys.argv[2] if len(sys.argv) > 2 else None
    env = dict(os.environ)
    results = run_all(env, driver, pattern)
    bad = 0
    for (case, direction), (problems, n, neg) in sorted(results.items()):
        print(f"{'FAIL' if problems else 'PASS'} {case} {direction} "
              f"({n} checks, {neg} negatives)")
        for p in problems:
            print("    " + p)
        bad += bool(problems)
    print(f"{len(results) - bad} of {len(results)} pass")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
