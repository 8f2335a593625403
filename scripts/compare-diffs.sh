#!/bin/bash
# SPDX-License-Identifier: MIT
# Compares the output (stdout, stderr, exit status) of two retort builds:
# `retort diff` of every pair in tests/cases, tests/data and a migra corpus
# (CORPUS, default /work/shared/corpus/migra), both ways, with --down, and
# each file against itself; plus the 1,000-table files of
# bench/bench_scale.py (diff both ways, inspect --json). For changes that
# must not change any output (speed work).
#   scripts/compare-diffs.sh OLD_RETORT NEW_RETORT
set -u
OLD=${1:?usage: compare-diffs.sh OLD_RETORT NEW_RETORT}
NEW=${2:?usage: compare-diffs.sh OLD_RETORT NEW_RETORT}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${CORPUS:-/work/shared/corpus/migra}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pairs=()
for d in "$ROOT"/tests/cases/*/; do
	[ -f "$d/a.sql" ] && pairs+=("$d/a.sql $d/b.sql")
done
for d in "$ROOT"/tests/data/*/; do
	[ -f "$d/from.sql" ] && pairs+=("$d/from.sql $d/to.sql")
done
for d in "$CORPUS"/*/; do
	[ -f "$d/a.sql" ] && pairs+=("$d/a.sql $d/b.sql")
done
/usr/bin/python3 - "$ROOT" "$TMP" <<'PY'
import sys
sys.path.insert(0, sys.argv[1] + "/bench")
sys.path.insert(0, sys.argv[1] + "/tests/e2e")
import bench_scale as b
for v in ("A", "B"):
    open(f"{sys.argv[2]}/{v.lower()}1000.sql", "w").write(b.schema_sql(1000, v))
PY
pairs+=("$TMP/a1000.sql $TMP/b1000.sql")
n=0
bad=0
run() { # command line: compared between the builds
	n=$((n + 1))
	if ! cmp -s <("$OLD" "$@" 2>&1; echo "rc=$?") \
		<("$NEW" "$@" 2>&1; echo "rc=$?"); then
		bad=$((bad + 1))
		echo "differs: retort $*"
	fi
}
for p in "${pairs[@]}"; do
	set -- $p
	run diff "$1" "$2"
	run diff "$2" "$1"
	run diff --down "$1" "$2"
	run diff --down "$2" "$1"
	run diff "$1" "$1"
done
run inspect --json "$TMP/a1000.sql"
echo "compared $n, differing $bad"
[ "$bad" -eq 0 ]
