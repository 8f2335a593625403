# SPDX-License-Identifier: MIT
"""retort's own real-world acceptance cases (tests/cases/<case>/{a,b}.sql):
runs /work/shared/corpus/run_corpus.py over them in both directions against
the fixture's server and asserts that every case passes, except the ones
listed in tests/cases/KNOWN_FAILURES ("case direction -- reason", direction
"forward" or "reverse"), which must still fail so that a fix shows up."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, find_corpus

CORPUS = find_corpus()
CASES = REPO / "tests" / "cases"
DIRECTIONS = ("forward", "reverse")


def known_failures():
    """{(case, direction): reason} from tests/cases/KNOWN_FAILURES."""
    known = {}
    path = CASES / "KNOWN_FAILURES"
    if not path.exists():
        return known
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(),
                             1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r"(\S+)\s+(forward|reverse)\s+--\s+(.+)", line)
        assert m, f"KNOWN_FAILURES:{n}: not 'case direction -- reason'"
        assert (CASES / m.group(1)).is_dir(), \
            f"KNOWN_FAILURES:{n}: no case {m.group(1)}"
        known[(m.group(1), m.group(2))] = m.group(3)
    return known


def parse_status(stdout):
    """{(case, direction): PASS|FAIL|SKIP} from the harness output."""
    status = {}
    for line in stdout.splitlines():
        m = re.match(r"\s*(PASS|FAIL|SKIP)\s+(\S+)( \(reverse\))?", line)
        if m:
            d = "reverse" if m.group(3) else "forward"
            status[(m.group(2), d)] = m.group(1)
    return status


@pytest.mark.skipif(not (CORPUS / "run_corpus.py").exists(),
                    reason=f"no corpus harness at {CORPUS}")
def test_own_cases(pg, retort):
    known = known_failures()
    cases = sorted(p.name for p in CASES.iterdir()
                   if p.is_dir() and ((p / "a.sql").exists()
                                      or (p / "b.sql").exists()))
    assert cases, f"no cases in {CASES}"
    tool = f"{retort.path} diff {{from_url}} {{to_file}}"
    cmd = [sys.executable, str(CORPUS / "run_corpus.py"), str(CASES),
           "--both", "--jobs", "2", "--tool", tool, "--timeout", "60"]
    r = subprocess.run(cmd, capture_output=True, text=True, env=pg.env,
                       timeout=600)
    print(r.stdout)
    print(r.stderr, file=sys.stderr)
    last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
    assert re.fullmatch(r"\d+ passed, \d+ failed", last), r.stdout + r.stderr
    status = parse_status(r.stdout)
    missing = [f"{c} {d}" for c in cases for d in DIRECTIONS
               if (c, d) not in status]
    assert not missing, "cases the harness did not run: " + ", ".join(missing)
    failing = [f"{c} {d}" for (c, d), s in sorted(status.items())
               if s != "PASS" and (c, d) not in known]
    fixed = [f"{c} {d}" for (c, d) in sorted(known)
             if status.get((c, d)) == "PASS"]
    msg = []
    if failing:
        msg.append("failing (not in KNOWN_FAILURES): " + ", ".join(failing))
    if fixed:
        msg.append("passing now, remove from KNOWN_FAILURES: "
                   + ", ".join(fixed))
    assert not msg, "\n".join(msg)
