# SPDX-License-Identifier: MIT
"""retort's own real-world acceptance cases (tests/cases/<case>/{a,b}.sql).

One run of /work/shared/corpus/run_corpus.py over them in both directions
against the fixture's server (databases kept), then:
  - every case passes both ways, except the ones listed in
    tests/cases/KNOWN_FAILURES, which must still fail (so a fix shows up);
  - fidelity: for each file, the database the harness built from it
    compares equal to the file (`retort diff FILE URL` and `retort diff URL
    FILE` print nothing); these diffs, and the migration from that
    database to the other file, print the same bytes twice.
KNOWN_FAILURES lines: "case direction -- reason", direction one of
forward, reverse (harness), fidelity-a, fidelity-b (file a.sql / b.sql)."""

import concurrent.futures
import re
import subprocess
import sys

import pytest

from conftest import REPO, find_corpus, require, sql_only

CORPUS = find_corpus()
CASES = REPO / "tests" / "cases"
DIRECTIONS = ("forward", "reverse")
FIDELITY = ("fidelity-a", "fidelity-b")
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
    """The cases in the harness's order (sorted folder names)."""
    return sorted(p.name for p in CASES.iterdir()
                  if p.is_dir() and ((p / "a.sql").exists()
                                     or (p / "b.sql").exists()))


def parse_status(stdout):
    """{(case, direction): PASS|FAIL|SKIP} from the harness output."""
    status = {}
    for line in stdout.splitlines():
        m = re.match(r"\s*(PASS|FAIL|SKIP)\s+(\S+)( \(reverse\))?", line)
        if m:
            d = "reverse" if m.group(3) else "forward"
            status[(m.group(2), d)] = m.group(1)
    return status


def drop_databases(pg, pid):
    names = pg.psql("postgres", "SELECT datname FROM pg_database WHERE "
                    f"datname LIKE '{PREFIX}\\_{pid}\\_%'").split()
    if names:
        pg.psql("postgres", "".join(
            f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE);\n' for n in names))


def fidelity_of(pg, retort, pid, case, side, idx):
    """((case, "fidelity-<side>"), problem or "") for the database the
    harness built from <side>.sql as job idx."""
    path = CASES / case / f"{side}.sql"
    url = pg.url(f"{PREFIX}_{pid}_{idx}_to")
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
    if other.exists():
        r1 = retort.run(["diff", url, other])
        r2 = retort.run(["diff", url, other])
        if r1.stdout != r2.stdout or r1.stderr != r2.stderr:
            problems.append(f"diff {url} {other}: not deterministic")
    return (case, f"fidelity-{side}"), "\n".join(problems)


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
def harness(pg, retort):
    """Runs the harness once (databases kept); yields (status, fidelity)
    where fidelity is {(case, "fidelity-a"|"fidelity-b"): problem or ""}."""
    require((CORPUS / "run_corpus.py").exists(),
            f"no corpus harness at {CORPUS}")
    cases = case_names()
    assert cases, f"no cases in {CASES}"
    tool = f"{retort.path} diff {{from_url}} {{to_file}}"
    cmd = [sys.executable, str(CORPUS / "run_corpus.py"), str(CASES),
           "--both", "--jobs", "2", "--tool", tool, "--timeout", "60",
           "--keep-dbs", "--db-prefix", PREFIX]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=pg.env)
    try:
        out, err = proc.communicate(timeout=600)
        print(out)
        print(err, file=sys.stderr)
        last = out.strip().splitlines()[-1] if out.strip() else ""
        assert re.fullmatch(r"\d+ passed, \d+ failed", last), out + err
        status = parse_status(out)
        # the harness numbers its jobs case by case, forward then reverse;
        # job 2k's "to" database is built from b.sql, 2k+1's from a.sql
        jobs = []
        for k, case in enumerate(cases):
            for idx, side in ((2 * k, "b"), (2 * k + 1, "a")):
                if (CASES / case / f"{side}.sql").exists():
                    jobs.append((case, side, idx))
        with concurrent.futures.ThreadPoolExecutor(2) as ex:
            fidelity = dict(ex.map(
                lambda j: fidelity_of(pg, retort, proc.pid, *j), jobs))
        yield status, fidelity
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        drop_databases(pg, proc.pid)


def test_own_cases(harness):
    status, _ = harness
    known = known_failures()
    missing = [f"{c} {d}" for c in case_names() for d in DIRECTIONS
               if (c, d) not in status]
    assert not missing, "cases the harness did not run: " + ", ".join(missing)
    failing, fixed = [], []
    for key, s in sorted(status.items()):
        check(known, key, s == "PASS", "", failing, fixed)
    for key in sorted(known):
        if key[1] in DIRECTIONS and key not in status:
            failing.append(f"{key[0]} {key[1]} (listed, not run)")
    msg = verdict(failing, fixed)
    assert not msg, msg


def test_own_cases_fidelity(harness):
    _, fidelity = harness
    known = known_failures()
    failing, fixed = [], []
    for key, problem in sorted(fidelity.items()):
        detail = ":\n    " + problem.replace("\n", "\n    ") if problem \
            else ""
        check(known, key, not problem, detail, failing, fixed)
    msg = verdict(failing, fixed)
    assert not msg, msg
