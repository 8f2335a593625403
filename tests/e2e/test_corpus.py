# SPDX-License-Identifier: MIT
"""The acceptance corpus: runs /work/shared/corpus/run_corpus.py over the
migra cases in both directions against the fixture's server, twice: with
static normalisation, and with --dev-url naming the same server (SQL
applied to a scratch database and read back). Prints the whole table and
asserts that every case passes except the known failures listed below
(reported, not asserted; a known failure that passes is reported too, so
the list is kept short). A case the harness skips (its case.json says
skip, or a file does not load) is a missing prerequisite: a failure under
RETORT_STRICT=1."""

import json
import re
import subprocess
import sys

import pytest

from conftest import find_corpus, require

CORPUS = find_corpus()
# cases (both directions) allowed to fail: none today
KNOWN = set()


@pytest.mark.parametrize("mode", ["static", "dev-url"])
def test_migra_corpus(pg, retort, capsys, mode):
    require((CORPUS / "run_corpus.py").exists(), f"no corpus at {CORPUS}")
    dev = f"--dev-url {pg.url()} " if mode == "dev-url" else ""
    tool = f"{retort.path} diff {dev}{{from_url}} {{to_file}} {{flags}}"
    cmd = [sys.executable, str(CORPUS / "run_corpus.py"),
           str(CORPUS / "migra"), "--both", "--jobs", "2",
           "--tool", tool,
           "--flag", "exclude_schema=--exclude-schema {value}",
           "--flag", "schema=--schema {value}",
           "--timeout", "120"]
    r = subprocess.run(cmd, capture_output=True, text=True, env=pg.env,
                       timeout=1200)
    with capsys.disabled():  # the table belongs in the CI log
        print("\n" + r.stdout + r.stderr, end="")
    last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
    assert re.fullmatch(r"\d+ passed, \d+ failed", last), r.stdout + r.stderr
    status = {}
    for line in r.stdout.splitlines():
        m = re.match(r"\s*(PASS|FAIL|SKIP)\s+(\S+)( \(reverse\))?", line)
        if m:
            status[(m.group(2), bool(m.group(3)))] = m.group(1)
    missing = [f"{c}{' (reverse)' if rev else ''}"
               for (c, rev), st in sorted(status.items())
               if c not in KNOWN and st != "PASS"]
    assert not missing, "required cases not passing: " + ", ".join(missing)
    skipped = sorted(f"{c}{' (reverse)' if rev else ''}"
                     for (c, rev), s in status.items() if s == "SKIP")
    require(not skipped, "corpus cases the harness skipped: "
            + ", ".join(skipped))


def test_migra_corpus_fidelity(pg, retort):
    """Every corpus file (views and functions included) compares equal to
    the database built from it, both ways, with static normalisation:
    retort prints nothing, not even a note."""
    require((CORPUS / "migra").is_dir(), f"no corpus at {CORPUS}")
    bad = []
    for case in sorted(p for p in (CORPUS / "migra").iterdir()
                       if p.is_dir()):
        meta = case / "case.json"
        if meta.exists():
            pg.ensure_roles(json.loads(meta.read_text()).get("roles") or [])
        for side in ("a", "b"):
            f = case / f"{side}.sql"
            db = f"fid_{case.name}_{side}"
            url = pg.createdb(db, f.read_text())
            for args in ([str(f), url], [url, str(f)]):
                r = retort.run(["diff"] + args)
                if r.returncode != 0 or r.stdout:
                    bad.append(f"{case.name}/{side}.sql {args[0] == url}: "
                               + (r.stdout or r.stderr)[:300])
            pg.dropdb(db)
    assert not bad, "\n".join(bad)
