#!/bin/sh
# SPDX-License-Identifier: MIT
# retort's main job on the bundled examples: the task tracker's schema as
# SQL and JSON (examples/tasks), the migration from version 1 to version 2
# and back, then the same app as SQLModel models (examples/taskapp), read
# statically, and the migrations between its three versions.
# With DATABASE_URL set it also compares version 2 with that database.
#   scripts/example.sh            uses build/retort (run `make` first)
#   RETORT=path scripts/example.sh
set -eu
cd "$(dirname "$0")/.."
retort=${RETORT:-build/retort}
ex=examples/tasks

if [ ! -x "$retort" ]; then
	echo "example.sh: $retort not found; run make first" >&2
	exit 2
fi

step() {
	printf '\n==> %s\n' "$*"
	"$@"
}

step "$retort" --version
step "$retort" inspect "$ex/schema_v1.sql"
step "$retort" inspect --json "$ex/schema_v1.sql" >/dev/null
echo "(inspect --json: $("$retort" inspect --json "$ex/schema_v1.sql" |
	wc -c) bytes of JSON)"
step "$retort" diff "$ex/schema_v1.sql" "$ex/schema_v2.sql"
step "$retort" diff --down "$ex/schema_v1.sql" "$ex/schema_v2.sql"
app=examples/taskapp
step "$retort" inspect "$app/v1/models.py"
step "$retort" diff "$app/v1/models.py" "$app/v2/models.py"
step "$retort" diff "$app/v2/models.py" "$app/v3/models.py"
if [ -n "${DATABASE_URL:-}" ]; then
	step "$retort" diff "$DATABASE_URL" "$ex/schema_v2.sql"
fi
printf '\nexample.sh: ok\n'
