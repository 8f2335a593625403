#!/bin/sh
# SPDX-License-Identifier: MIT
# retort's main job on the bundled example, on SQLite (no server needed):
# the SQLModel app examples/taskapp (users, projects, tasks, tags) in its
# three versions. For each version retort writes the migration from the
# models (read statically, never imported) and applies it; then it shows
# history and current, rolls one step back and forward again, and checks
# that models, migrations and database agree.
#   scripts/example.sh                 uses build/retort (run `make` first)
#   RETORT=path scripts/example.sh
#   EXAMPLE_DIR=dir scripts/example.sh works in dir (default
#                                      build/example, emptied first)
set -eu
cd "$(dirname "$0")/.."
repo=$(pwd)
retort=${RETORT:-build/retort}
case $retort in
/*) ;;
*) retort=$repo/$retort ;;
esac
work=${EXAMPLE_DIR:-build/example}

if [ ! -x "$retort" ]; then
	echo "example.sh: $retort not found; run make first" >&2
	exit 2
fi

step() {
	printf '\n==> retort %s\n' "$*"
	"$retort" "$@"
}

rm -rf "$work"
mkdir -p "$work/app"
cd "$work"
# the example's database is this project's own: no DATABASE_URL from the
# environment
unset DATABASE_URL

cp "$repo/examples/taskapp/v1/models.py" app/models.py
step init --models app/models.py --database-url sqlite:///app.db

version() {
	cp "$repo/examples/taskapp/$1/models.py" app/models.py
	printf '\n==> the models are now examples/taskapp/%s\n' "$1"
	step revision -m "$2"
	step upgrade
}
version v1 "users projects and tasks"
version v2 "task status priority and assignee"
version v3 "tags and due dates"

printf '\n==> cat migrations/0002_*.sql\n'
cat migrations/0002_*.sql

step history
step current
step downgrade -1
step current
step upgrade
step check
step status
# the round trip on a scratch database (a temporary SQLite file): every
# migration applied from empty, compared with the models, walked down and
# up again with seeded rows
step verify

printf '\nexample.sh: ok: the migrations are in %s/migrations, the database is %s/app.db\n' \
	"$work" "$work"
