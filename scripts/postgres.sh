#!/usr/bin/env bash
# A throw-away PostgreSQL server for the demo: `postgres.sh start DIR PORT` (initdb + start on
# 127.0.0.1:PORT, as the postgres user when run as root), `postgres.sh stop DIR`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/prerequisites.sh"
require_postgres

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    dir=$2 port=$3
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    [ -f "$dir/data/PG_VERSION" ] || as_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=300" start >/dev/null
    ;;
  stop)
    dir=$2
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: postgres.sh start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
