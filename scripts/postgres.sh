#!/usr/bin/env bash
# A private, throwaway PostgreSQL 15 + PostGIS cluster for tests, benchmarks and the demo.
# Never touches the system cluster: its own data folder, port and socket directory.
#   scripts/postgres.sh start [DIR] [PORT]   initdb if needed, start, create database "fleet" with postgis
#   scripts/postgres.sh stop  [DIR]
#   scripts/postgres.sh url   [DIR] [PORT]   print the Npgsql connection string
set -euo pipefail

cmd=${1:-}
dir=${2:-${FLEET_PG_DIR:-/tmp/fleet-pg}}
port=${3:-${FLEET_PG_PORT:-55432}}
bin=/usr/lib/postgresql/15/bin
run_as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

url() { echo "Host=127.0.0.1;Port=$port;Database=fleet;Username=fleet;Password=fleet;Include Error Detail=true"; }

case "$cmd" in
  start)
    [ -x "$bin/initdb" ] || { echo "postgres.sh: PostgreSQL 15 is not installed (scripts/install-deps.sh)" >&2; exit 1; }
    [ -f /usr/share/postgresql/15/extension/postgis.control ] || { echo "postgres.sh: PostGIS is not installed (postgresql-15-postgis-3)" >&2; exit 1; }
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      run_as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
      cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 1GB
max_wal_size = 8GB
checkpoint_timeout = 30min
max_connections = 200
CONF
    fi
    if ! run_as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      run_as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
        || { tail -20 "$dir/server.log" >&2; exit 1; }
    fi
    psql() { run_as_pg /usr/bin/psql -X -q -h "$dir" -p "$port" -U postgres "$@"; }
    psql -tc "select 1 from pg_roles where rolname='fleet'" | grep -q 1 \
      || psql -c "create role fleet login superuser password 'fleet'"
    psql -tc "select 1 from pg_database where datname='fleet'" | grep -q 1 \
      || psql -c "create database fleet owner fleet"
    psql -d fleet -c "create extension if not exists postgis"
    url
    ;;
  stop)
    if [ -f "$dir/data/PG_VERSION" ]; then
      run_as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    ;;
  url) url ;;
  *) echo "usage: $0 start|stop|url [DIR] [PORT]" >&2; exit 2 ;;
esac
