# SPDX-License-Identifier: MIT
"""retort's own real-world acceptance cases (tests/cases/<case>/{a,b}.sql).

Every case is run in both directions by the project's own harness
(tests/e2e/harness.py) against the fixture's server, two at a time, then:
  - every case passes both ways, except the ones listed in
    tests/cases/KNOWN_FAILURES, which must still fail (so a fix shows up);
  - fidelity: for each file, the database the harness built from it
    compares equal to the file (`retort diff FILE URL` and `retort diff URL
    FILE` print nothing); these diffs, and the migration from that
    database to the other file, print the same bytes twice.
KNOWN_FAILURES lines: "case direction -- reason", direction one of
forward, reverse (harness), fidelity-a, fidelity-b (file a.sql / b.sql).
Nothing outside the repository is needed."""

import concurrent.futures
import os
import re

import pytest

import harness
from conftest import REPO, sql_only

CASES = REPO / "tests" / "cases"
DIRECTIONS = harness.DIRECTIONS
PREFIX = "rtcase"


def known_failures():
    """{(case, direction): reason} from tests/cases/KNOWN_FAILURES."""
    known = {}
    path = CASES / "KNOWN_FAILURES"
    if not path.exists():
        return known
    text = path.read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r"(\S+)\s+(forward|reverse|fidelity-a|fidelity-b)"
                         r"\s+--\s+(.+)", line)
        assert m, f"KNOWN_FAILURES:{n}: not 'case direction -- reason'"
        assert (CASES / m.group(1)).is_dir(), \
            f"KNOWN_FAILURES:{n}: no case {m.group(1)}"
        known[(m.group(1), m.group(2))] = m.group(3)
    return known


def case_names():
    """Every case folder, sorted; each must hold a.sql and b.sql."""
    names = sorted(p.name for p in CASES.iterdir() if p.is_dir())
    incomplete = [n for n in names if not (CASES / n / "a.sql").is_file()
                  or not (CASES / n / "b.sql").is_file()]
    assert not incomplete, "cases without a.sql or b.sql: " \
        + ", ".join(incomplete)
    return names


def fidelity_of(pg, retort, case, side, url):
    """The problems ("" for none) of the database at url, which the harness
    built from tests/cases/<case>/<side>.sql."""
    path = CASES / case / f"{side}.sql"
    problems = []
    for args in ((path, url), (url, path)):
        r1 = retort.run(["diff", *args])
        r2 = retort.run(["diff", *args])
        body = sql_only(r1.stdout)
        if r1.returncode != 0 or body:
            problems.append(f"diff {args[0]} {args[1]}: exit "
                            f"{r1.returncode}\n{body}{r1.stderr}")
        if r1.stdout != r2.stdout:
            problems.append(f"diff {args[0]} {args[1]}: not deterministic")
    # a real migration (to the other file) prints the same bytes twice too
    other = CASES / case / ("a.sql" if side == "b" else "b.sql")
    r1 = retort.run(["diff", url, other])
    r2 = retort.run(["diff", url, other])
    if r1.stdout != r2.stdout or r1.stderr != r2.stderr:
        problems.append(f"diff {url} {other}: not deterministic")
    return "\n".join(problems)


def check(known, key, ok, detail, failing, fixed):
    if not ok and key not in known:
        failing.append(f"{key[0]} {key[1]}{detail}")
    elif ok and key in known:
        fixed.append(f"{key[0]} {key[1]}")


def verdict(failing, fixed):
    msg = []
    if failing:
        msg.append("failing (not in KNOWN_FAILURES):\n  "
                   + "\n  ".join(failing))
    if fixed:
        msg.append("passing now, remove from KNOWN_FAILURES: "
                   + ", ".join(fixed))
    return "\n".join(msg)


@pytest.fixture(scope="module")
def results(pg, retort):
    """Runs every case both ways, two cases at a time; returns (status,
    fidelity): status is {(case, direction): harness.Result}, fidelity
    {(case, "fidelity-a" or "fidelity-b"): problem or ""}, checked on the
    databases the harness built from a.sql and b.sql before it changes
    them."""
    cases = case_names()
    assert cases, f"no cases in {CASES}"

    def tool(from_url, to_file):
        return retort.run(["diff", from_url, to_file], timeout=60)

    def work(item):
        idx, case = item
        dbs = [f"{PREFIX}_{os.getpid()}_{idx}_{side}" for side in "ab"]
        fidelity = {(case, f"fidelity-{side}"): "not checked: the harness "
                    f"built no database from {side}.sql" for side in "ab"}

        def built(db_a, db_b):
            for side, db in (("a", db_a), ("b", db_b)):
                fidelity[(case, f"fidelity-{side}")] = fidelity_of(
                    pg, retort, case, side, pg.url(db))

        try:
            res = harness.run_case(pg.env, tool, CASES / case, *dbs, built)
            return case, res, fidelity
        finally:
            harness.drop_databases(pg.env, dbs)

    status, fidelity = {}, {}
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        for case, res, fid in ex.map(work, enumerate(cases)):
            fidelity.update(fid)
            for direction, r in res.items():
                status[(case, direction)] = r
                print(f"{r.status} {case} {direction}"
                      + (f"  -- {r.detail}" if r.detail else ""))
    return status, fidelity


def indented(text, limit=80):
    lines = text.split("\n")
    if len(lines) > limit:
        lines = lines[:limit] + [f"... ({len(lines) - limit} more lines)"]
    return "\n    " + "\n    ".join(lines)


def test_own_cases(results):
    status, _ = results
    known = known_failures()
    missing = [f"{c} {d}" for c in case_names() for d in DIRECTIONS
               if (c, d) not in status]
    assert not missing, "cases the harness did not run: " + ", ".join(missing)
    failing, fixed = [], []
    for key, res in sorted(status.items()):
        detail = f"  -- {res.detail}" + (indented(res.diff) if res.diff
                                         else "")
        check(known, key, res.status == "PASS", detail, failing, fixed)
    for key in sorted(known):
        if key[1] in DIRECTIONS and key not in status:
            failing.append(f"{key[0]} {key[1]} (listed, not run)")
    msg = verdict(failing, fixed)
    assert not msg, msg


def test_own_cases_fidelity(results):
    _, fidelity = results
    known = known_failures()
    failing, fixed = [], []
    for key, problem in sorted(fidelity.items()):
        detail = ":" + indented(problem) if problem else ""
        check(known, key, not problem, detail, failing, fixed)
    msg = verdict(failing, fixed)
    assert not msg, msg
