#!/bin/sh
# SPDX-License-Identifier: MIT
# Fills directory $1 with the fuzzer's seeds: every .sql file of the
# project, and each case's two sides joined by a "----" line (the
# fuzzer's separator between the two sources of a diff).
set -eu
out=$1
mkdir -p "$out"
n=0
for f in tests/cases/*/*.sql tests/data/*/*.sql examples/*/*.sql; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	cp "$f" "$out/file-$n.sql"
done
for d in tests/cases/*/ tests/data/*/ examples/*/; do
	for pair in "a.sql b.sql" "from.sql to.sql" "schema_v1.sql schema_v2.sql"; do
		set -- $pair
		[ -f "$d$1" ] && [ -f "$d$2" ] || continue
		n=$((n + 1))
		{ cat "$d$1"; printf '\n----\n'; cat "$d$2"; } >"$out/pair-$n.sql"
	done
done
echo "fuzz seeds: $n files in $out"
