#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 server of its own: a fresh cluster in a
# temporary folder, reachable only through a Unix socket there, stopped and removed on exit
# (also when the command fails). As root, the server runs as the `postgres` user, since
# initdb refuses root.
#
# The database and its two roles are made by deploy/roles.sql and deploy/database.sql, as in
# production: the
# command gets DATABASE_URL as the runtime role (rows only) and MIGRATION_DATABASE_URL as
# the owner role (migrations), and POSTGRES_ADMIN_URL for tests that need a superuser
# (restoring a backup into a new database).
#
# WARNING: this server runs with fsync=off, synchronous_commit=off and full_page_writes=off.
# That is right for a throwaway test server and wrong anywhere else: a crash loses
# acknowledged transactions. Never copy these settings to a server that keeps data.
set -euo pipefail

pg_bin=/usr/lib/postgresql/15/bin
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL 15 not found in $pg_bin (make system-packages)" >&2; exit 1; }
here=$(cd "$(dirname "$0")/.." && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/trustfund-pg.XXXXXX")
as_server=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$tmp"
  chmod 755 "$tmp"
  as_server=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  "${as_server[@]}" "$pg_bin/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap stop EXIT

"${as_server[@]}" "$pg_bin/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 \
  || { cat "$tmp/initdb.log" >&2; exit 1; }
# Durability is not needed for a throwaway test server; speed is (see the warning above).
"${as_server[@]}" "$pg_bin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -o \
  "-k $tmp -p $port -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$tmp/server.log" >&2; exit 1; }

for script in roles database; do
  "$pg_bin/psql" -q -h "$tmp" -p "$port" -U postgres -d postgres -v owner=trustfund_owner \
    -v runtime=trustfund -v database=trustfund -f "$here/deploy/$script.sql" >/dev/null
done

socket_dir=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$tmp")
export DATABASE_URL="postgres://trustfund@${socket_dir}:${port}/trustfund"
export MIGRATION_DATABASE_URL="postgres://trustfund_owner@${socket_dir}:${port}/trustfund"
export POSTGRES_ADMIN_URL="postgres://postgres@${socket_dir}:${port}/postgres"
export PG_BIN="$pg_bin"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on socket $tmp port $port"
set +e
"$@"
status=$?
set -e
exit $status
