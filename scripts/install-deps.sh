#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs everything retort needs to build and test, from Debian 12 packages.
# Safe to run twice: apt-get install skips what is already there.
#   scripts/install-deps.sh          build + run dependencies
#   scripts/install-deps.sh --test   also PostgreSQL 15 server, the test oracles,
#                                    clang-format (14, for make format-check) and
#                                    clang-14 for make fuzz (libclang-rt-14-dev
#                                    holds the libFuzzer runtime -fsanitize=fuzzer uses),
#                                    and squawk-cli 2.66 from npm into build/tools
#                                    (tests/e2e/test_lint.py compares retort lint with it)
set -eu

build_pkgs="build-essential pkg-config libpq-dev libsqlite3-dev sqlite3
	libpg-query-dev libprotobuf-c-dev libjansson-dev libssl-dev"
test_pkgs="libcriterion-dev postgresql-15 postgresql-client-15
	python3-pytest python3-psycopg python3-sqlmodel python3-sqlalchemy
	python3-alembic python3-psycopg2 libclang-rt-14-dev valgrind
	clang-format clang-14"

pkgs=$build_pkgs
[ "${1:-}" = "--test" ] && pkgs="$pkgs $test_pkgs"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
# npm for squawk: Debian's, unless one is installed already
[ "${1:-}" = "--test" ] && ! command -v npm >/dev/null && missing="$missing npm"

if [ -n "$missing" ]; then
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# squawk 2.66 (the PostgreSQL migration linter retort lint is compared
# with), project-local: no root, nothing global
if [ "${1:-}" = "--test" ]; then
	tools="$(cd "$(dirname "$0")/.." && pwd)/build/tools"
	squawk="$tools/node_modules/.bin/squawk"
	if ! { [ -x "$squawk" ] && "$squawk" --version | grep -q ' 2\.66\.0$'; }; then
		mkdir -p "$tools"
		npm install --prefix "$tools" --no-save --no-audit --no-fund \
			--loglevel=error squawk-cli@2.66.0 >/dev/null
	fi
fi
exit 0
