#!/bin/bash
# SPDX-License-Identifier: MIT
# Compares the output (stdout, stderr, exit status) of two retort builds on
# live databases, for changes to the live loader that must not change any
# output: builds one database per SQL file of tests/cases and of a migra
# corpus (CORPUS, default /work/shared/corpus/migra; files that do not apply
# are left out) plus bench/bench_scale.py's 1,000-table schemas A and B, on
# the server the PG* variables name (a superuser), then compares
# `inspect --json DB`, `diff DB_A DB_B` both ways, `diff DB_A b.sql` and
# `diff --down DB_B a.sql`. The databases (cmplive_*) are dropped at the end.
#   PGHOST=... PGPORT=... PGUSER=... scripts/compare-live.sh OLD NEW
set -u
OLD=${1:?usage: compare-live.sh OLD_RETORT NEW_RETORT}
NEW=${2:?usage: compare-live.sh OLD_RETORT NEW_RETORT}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${CORPUS:-/work/shared/corpus/migra}
TMP=$(mktemp -d)
export PGDATABASE=${PGDATABASE:-postgres}
URL="postgresql://${PGUSER:-$USER}@${PGHOST:-127.0.0.1}:${PGPORT:-5432}"
declare -A DB
cleanup() {
	for db in "${DB[@]}"; do
		psql -X -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" \
			>/dev/null 2>&1
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
/usr/bin/python3 - "$ROOT" "$TMP" <<'PY'
import sys
sys.path.insert(0, sys.argv[1] + "/bench")
sys.path.insert(0, sys.argv[1] + "/tests/e2e")
import bench_scale as b
for v in ("A", "B"):
    open(f"{sys.argv[2]}/{v.lower()}.sql", "w").write(b.schema_sql(1000, v))
PY
i=0
for f in "$ROOT"/tests/cases/*/[ab].sql "$CORPUS"/*/[ab].sql \
	"$TMP"/a.sql "$TMP"/b.sql; do
	[ -f "$f" ] || continue
	i=$((i + 1))
	db=cmplive_$i
	psql -X -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" \
		>/dev/null 2>&1 &&
		psql -X -q -c "CREATE DATABASE $db" >/dev/null || exit 3
	DB[$f]=$db
	if ! psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$f" >/dev/null 2>&1; then
		echo "left out (does not apply): $f"
		psql -X -q -c "DROP DATABASE $db WITH (FORCE)" >/dev/null
		unset "DB[$f]"
	fi
done
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
for f in "${!DB[@]}"; do
	run inspect --json "$URL/${DB[$f]}"
	case $f in
	*/a.sql)
		g=${f%a.sql}b.sql
		[ -n "${DB[$g]:-}" ] || continue
		run diff "$URL/${DB[$f]}" "$URL/${DB[$g]}"
		run diff "$URL/${DB[$g]}" "$URL/${DB[$f]}"
		run diff "$URL/${DB[$f]}" "$g"
		run diff --down "$URL/${DB[$g]}" "$f"
		;;
	esac
done
echo "compared $n on ${#DB[@]} databases, differing $bad"
[ "$bad" -eq 0 ]
