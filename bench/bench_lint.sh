#!/bin/sh
# SPDX-License-Identifier: MIT
# retort lint against squawk 2.66 on one 16,000-statement file (issue 8
# item 6: lint at least twice as fast). The file is the 44 typical
# statements of tests/data/lint/typical.sql repeated on copies of its
# tables (accounts_N, orders_N, ...), run against the schema of as many
# copies of tests/data/lint/setup.sql (--against, loaded in the timed run)
# and, second, against nothing (the SQL seen so far). Best of RUNS runs
# (default 5) of wall time each. The machine is shared: CPU time (user +
# system) is printed beside the wall time.
#   bench/bench_lint.sh [STATEMENTS]       (default 16000)
# Needs build/retort and squawk (scripts/install-deps.sh --test puts it in
# build/tools; RETORT_SQUAWK=path overrides).
set -eu
cd "$(dirname "$0")/.."
N=${1:-16000}
RUNS=${RUNS:-5}
RETORT=${RETORT:-build/retort}
SQUAWK=${RETORT_SQUAWK:-build/tools/node_modules/.bin/squawk}
[ -x "$RETORT" ] || { echo "bench_lint: build $RETORT first (make)" >&2; exit 2; }
[ -x "$SQUAWK" ] || { echo "bench_lint: squawk not found at $SQUAWK (scripts/install-deps.sh --test)" >&2; exit 2; }
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT

/usr/bin/python3 - "$N" "$DIR" <<'PY'
import re, sys
n, out = int(sys.argv[1]), sys.argv[2]
stmts = [l.rstrip() for l in open("tests/data/lint/typical.sql")
         if l.strip() and not l.startswith("--")]
setup = open("tests/data/lint/setup.sql").read()
setup = setup[:setup.index("INSERT INTO")]  # the schema, no rows
names = ["accounts_code_idx", "accounts_code_nn", "accounts_code_key",
         "accounts_email_key", "accounts_balance_check", "accounts_touch",
         "orders_account_fk", "orders_total_check", "orders_placed_at_idx",
         "orders_total_idx", "orders_pkey", "audit_log_at_idx",
         "account_totals", "order_state", "events_2023", "events_2024",
         "audit_log", "accounts", "orders", "sessions", "events", "touch"]
word = re.compile(r"\b(" + "|".join(names) + r")\b")
copies = (n + len(stmts) - 1) // len(stmts)
with open(f"{out}/setup.sql", "w") as f:
    for i in range(copies):
        f.write(word.sub(lambda m: f"{m.group(1)}_{i}", setup))
with open(f"{out}/bench.sql", "w") as f:
    done = 0
    for i in range(copies):
        for s in stmts:
            if done == n:
                break
            f.write(word.sub(lambda m: f"{m.group(1)}_{i}", s) + "\n")
            done += 1
PY

# best wall time (s) and its CPU time of RUNS runs of a command
best() {
	/usr/bin/python3 - "$RUNS" "$@" <<'PY'
import os, resource, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
best = None
for _ in range(runs):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode not in (0, 1):
        sys.exit(f"{cmd[0]} failed: {p.stderr.decode()}")
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    if best is None or wall < best[0]:
        best = (wall, cpu)
print(f"{best[0]:.3f} {best[1]:.3f}")
PY
}

stmts=$(grep -c ';' "$DIR/bench.sql")
echo "statements: $stmts ($(wc -c < "$DIR/bench.sql") bytes); runs: $RUNS, best wall time"
set -- $(best "$SQUAWK" "$DIR/bench.sql"); sq_wall=$1 sq_cpu=$2
set -- $(best "$RETORT" lint --against "$DIR/setup.sql" "$DIR/bench.sql"); ra_wall=$1 ra_cpu=$2
set -- $(best "$RETORT" lint "$DIR/bench.sql"); rn_wall=$1 rn_cpu=$2
printf '%-44s %8s s  (cpu %s s)\n' "squawk 2.66" "$sq_wall" "$sq_cpu"
printf '%-44s %8s s  (cpu %s s)  %sx faster\n' "retort lint --against (schema loaded too)" "$ra_wall" "$ra_cpu" \
	"$(/usr/bin/python3 -c "print(f'{$sq_wall/$ra_wall:.1f}')")"
printf '%-44s %8s s  (cpu %s s)  %sx faster\n' "retort lint (the SQL seen so far)" "$rn_wall" "$rn_cpu" \
	"$(/usr/bin/python3 -c "print(f'{$sq_wall/$rn_wall:.1f}')")"
