#!/usr/bin/env bash
# A throwaway PostgreSQL from Debian's packages, on loopback, for database tests.
#   postgres.sh start   initialise (once) and start; prints the connection string
#   postgres.sh stop
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PGPORT="${SLIPWAY_PG_PORT:-54329}"
DATA="$ROOT/.cache/postgres/data"
LOG="$ROOT/.cache/postgres/server.log"

pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$dir" ] || [ ! -x "$dir/postgres" ]; then
    echo "postgres.sh: installing PostgreSQL from Debian's packages" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    dir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  echo "$dir"
}

# PostgreSQL refuses to run as root: as root, run it as Debian's postgres user.
as_db_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    BIN="$(pg_bin)"
    mkdir -p "$(dirname "$DATA")"
    if [ "$(id -u)" = 0 ]; then chown postgres "$(dirname "$DATA")"; fi
    if [ ! -f "$DATA/PG_VERSION" ]; then
      as_db_user "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --no-sync >/dev/null
    fi
    if ! as_db_user "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      as_db_user "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k /tmp -c fsync=off -c full_page_writes=off" >/dev/null
    fi
    echo "postgresql://postgres@127.0.0.1:$PGPORT"
    ;;
  stop)
    BIN="$(pg_bin)"
    if [ -f "$DATA/PG_VERSION" ]; then
      as_db_user "$BIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
