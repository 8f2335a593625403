#!/bin/bash
# SPDX-License-Identifier: MIT
# Compares what two retort builds read from SQLModel sources: `inspect
# --json` (stdout, stderr, exit status) of every case in tests/models (its
# case.json's source, from the case directory), of examples/taskapp's
# versions, and of bench/bench_models.py's generated packages (10, 100
# and 1,000 tables), each for PostgreSQL and for SQLite. For speed work
# on the static reader, which must not change any schema or error.
#   scripts/compare-models.sh OLD_RETORT NEW_RETORT
set -u
OLD=$(realpath "${1:?usage: compare-models.sh OLD_RETORT NEW_RETORT}")
NEW=$(realpath "${2:?usage: compare-models.sh OLD_RETORT NEW_RETORT}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
/usr/bin/python3 "$ROOT/bench/bench_models.py" --sizes 10,100,1000 --runs 1 \
	--retort "$NEW" --python /usr/bin/false --keep "$TMP/bench" \
	>/dev/null 2>&1
n=0
bad=0
run() { # DIR SOURCE: inspect --json in DIR, both dialects, both builds
	local dir=$1 src=$2 d
	for d in postgresql sqlite; do
		n=$((n + 1))
		if ! cmp -s <(cd "$dir" && "$OLD" inspect --json --dialect "$d" \
			"$src" 2>&1; echo "rc=$?") \
			<(cd "$dir" && "$NEW" inspect --json --dialect "$d" \
				"$src" 2>&1; echo "rc=$?"); then
			bad=$((bad + 1))
			echo "DIFFERS: ($dir) inspect --json --dialect $d $src"
		fi
	done
}
for c in "$ROOT"/tests/models/*/; do
	[ -f "$c/case.json" ] || continue
	src=$(/usr/bin/python3 -c 'import json,sys
print(json.load(open(sys.argv[1]))["source"])' "$c/case.json")
	run "$c" "$src"
done
for v in "$ROOT"/examples/taskapp/*/; do
	run "$v" models.py
done
for s in 10 100 1000; do
	[ -d "$TMP/bench/$s" ] && run "$TMP/bench/$s" pkg.models
done
echo "compare-models: $n runs, $bad differ"
[ "$bad" -eq 0 ]
