#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL server on loopback for the tests.
# Usage: pg_server.sh start|stop STATE_DIR   (start writes STATE_DIR/url)
set -euo pipefail
command=$1
state=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x $bin/initdb ]] || { echo "pg_server: no PostgreSQL server found; install postgresql-15" >&2; exit 1; }

# PostgreSQL refuses to run as root: run it as the postgres user, in a directory that user owns.
as_server=()
if [[ $(id -u) -eq 0 ]]; then as_server=(runuser -u postgres --); fi

stop() {
  [[ -f $state/data_dir ]] || return 0
  local data
  data=$(cat "$state/data_dir")
  "${as_server[@]}" "$bin/pg_ctl" -D "$data/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$data"
  rm -f "$state/data_dir" "$state/url"
}

case $command in
  start)
    mkdir -p "$state"
    stop
    data=$(mktemp -d /tmp/migrate-pg.XXXXXX)
    chmod 755 "$data"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$data"
    echo "$data" >"$state/data_dir"
    "${as_server[@]}" "$bin/initdb" -D "$data/data" -U migrate --auth=trust -E UTF8 >"$data/initdb.log" 2>&1 ||
      { cat "$data/initdb.log" >&2; exit 1; }
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${as_server[@]}" "$bin/pg_ctl" -D "$data/data" -l "$data/server.log" -w -t 60 \
      -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100" start >/dev/null ||
      { cat "$data/server.log" >&2; exit 1; }
    echo "postgresql://migrate@127.0.0.1:$port/postgres" >"$state/url"
    echo "pg_server: PostgreSQL on 127.0.0.1:$port"
    ;;
  stop) stop ;;
  *) echo "usage: pg_server.sh start|stop STATE_DIR" >&2; exit 2 ;;
esac
