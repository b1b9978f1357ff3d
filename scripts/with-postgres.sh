#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 server of its own: a fresh cluster in a
# temporary folder, reachable only through a Unix socket there, stopped and removed on exit
# (also when the command fails). As root, the server runs as the `postgres` user, since
# initdb refuses root.
set -euo pipefail

pg_bin=/usr/lib/postgresql/15/bin
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL 15 not found in $pg_bin (make system-packages)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/trustfund-pg.XXXXXX")
as_server=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$tmp"
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
# Durability is not needed for a throwaway test server; speed is.
"${as_server[@]}" "$pg_bin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -o \
  "-k $tmp -p $port -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$tmp/server.log" >&2; exit 1; }

"$pg_bin/createdb" -h "$tmp" -p "$port" -U postgres trustfund

socket_dir=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$tmp")
export DATABASE_URL="postgres://postgres@${socket_dir}:${port}/trustfund"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on socket $tmp port $port"
set +e
"$@"
status=$?
set -e
exit $status
