#!/usr/bin/env bash
# bench/dashboard.sh - the fleet map in a real browser with a large fleet.
#
#   ./fleet bench dashboard [--vehicles 8000] [--interval 5] [--observe 30]
#
# Starts its own private PostgreSQL 15 + PostGIS (scripts/postgres.sh, own folder and port), builds central and
# bench/Fleet.Bench.Dashboard in Release into their own artifacts folder, starts central (real process, loopback),
# seeds the vehicles straight into its database, moves every vehicle every --interval seconds (as uploads would
# leave them), and opens the fleet map in headless Debian Chromium (Playwright; /usr/bin/chromium or FLEET_CHROMIUM).
# Output: `name: value` lines: map_ready_ms (navigation start to every vehicle on the map), longest_task_ms and
# long_tasks_over_200ms (PerformanceObserver 'longtask' after the map was ready, while updates arrive),
# input_delay_p95_ms (how late a 100 ms timer fires: what a click would wait), map_updates_received, vehicles.
# Env: BD_PGDIR (/tmp/fleet-bench-dashboard-pg), BD_PORT (55437), BD_BUILD (/tmp/fleet-bench-dashboard-build),
# BD_SCREENSHOT (save a PNG of the map at the end; none when unset).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PGDIR=${BD_PGDIR:-/tmp/fleet-bench-dashboard-pg}
PORT=${BD_PORT:-55437}
BUILD=${BD_BUILD:-/tmp/fleet-bench-dashboard-build}
CONFIG=${FLEET_CONFIG:-Release}

log() { echo "[dashboard $(date +%T)] $*" >&2; }

case "${1:-}" in -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac

[ -f "$ROOT/src/Central/Fleet.Central/wwwroot/lib/leaflet/leaflet.js" ] || "$ROOT/scripts/vendor-assets.sh"

"$ROOT/scripts/postgres.sh" stop "$PGDIR"
rm -rf "$PGDIR"
trap '"$ROOT/scripts/postgres.sh" stop "$PGDIR"' EXIT
log "private PostgreSQL in $PGDIR on port $PORT"
CS=$("$ROOT/scripts/postgres.sh" start "$PGDIR" "$PORT" | tail -1)

log "building central and bench/Fleet.Bench.Dashboard ($CONFIG)"
for project in src/Central/Fleet.Central bench/Fleet.Bench.Dashboard; do
  dotnet build "$ROOT/$project" -c "$CONFIG" --artifacts-path "$BUILD" -v q -nologo >"$BUILD.log" 2>&1 \
    || { tail -30 "$BUILD.log" >&2; exit 1; }
done
CENTRAL=$(find "$BUILD/bin/Fleet.Central" -name Fleet.Central.dll -path "*${CONFIG,,}*" | head -1)
DLL=$(find "$BUILD/bin/Fleet.Bench.Dashboard" -name Fleet.Bench.Dashboard.dll -path "*${CONFIG,,}*" | head -1)

dotnet "$DLL" --connection "$CS" --central "$CENTRAL" "$@"
