#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL cluster on loopback, exported as TEST_DATABASE_URL.
# Usage: scripts/with-postgres.sh COMMAND...   The cluster is removed when the command ends.
set -euo pipefail
bindir=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)")
# A free port, so several runs (or a developer's own server) can coexist.
port=${PGTEST_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
dir=$(mktemp -d /tmp/verity-pg.XXXXXX)
run_as=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root: use the postgres system user.
  chown postgres "$dir"
  run_as=(runuser -u postgres --)
fi
cleanup() { "${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
"${run_as[@]}" "$bindir/initdb" -D "$dir/data" -U verity --auth=trust -E UTF8 --no-locale >/dev/null
"${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
# PostGIS in the template, so every database made from it (one per xdist worker) has it; fails if not installed.
"${run_as[@]}" "$bindir/psql" -q -h 127.0.0.1 -p "$port" -U verity -d template1 -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
"${run_as[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U verity verity_test
export TEST_DATABASE_URL="postgresql+psycopg://verity@127.0.0.1:$port/verity_test"
echo "PostgreSQL test cluster at $TEST_DATABASE_URL"
"$@"
