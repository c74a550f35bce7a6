#!/usr/bin/env bash
# bench/ingest.sh - telemetry ingest and track-query benchmark for central.
#
#   ./fleet bench ingest [--vehicles 8000] [--replay 8000] [--bulk-positions 50000000] [--queries 40] [--grpc-batches 2000] [--workers 4]
#
# Starts its own private PostgreSQL 15 + PostGIS (scripts/postgres.sh, own folder and port; tuned fsync=off,
# full_page_writes=off: a throwaway cluster, so figures are an upper bound for durable storage; the ingest
# transactions themselves commit with synchronous_commit=on), builds bench/Fleet.Bench.Ingest in Release
# and runs it:
#   1. one 10-minute batch per simulated vehicle (GPS 1 Hz, 4 carriers 1 Hz, health every 10 s), encoded
#      as the agent encodes them (delta-encoded TelemetryBatch protobufs), replayed into central's real
#      TelemetryIngestService in process (parse + decode + binary COPY of positions rows and link/health
#      series rows), then a share of them over gRPC; rows_per_s counts the samples stored, read back;
#   2. a bulk of >= 50 million positions loaded server-side (INSERT ... SELECT generate_series into plain
#      tables, bulk index builds, ATTACH PARTITION, VACUUM ANALYZE): not the ingest path, only the data
#      the track query runs against;
#   3. 24-hour track queries for random single vehicles through GET /api/v1/vehicles/{id}/track, p50/p95.
# Output: `name: value` lines on stdout (rows_per_s, realtime_multiple, track_query_p95_ms, the baseline...).
# Env: BI_PGDIR (/tmp/fleet-bench-ingest-pg), BI_PORT (55435), BI_BUILD (/tmp/fleet-bench-ingest-build),
#      BI_KEEP_PG=1 (leave the cluster running afterwards).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PGDIR=${BI_PGDIR:-/tmp/fleet-bench-ingest-pg}
PORT=${BI_PORT:-55435}
BUILD=${BI_BUILD:-/tmp/fleet-bench-ingest-build}
CONFIG=${FLEET_CONFIG:-Release}

log() { echo "[ingest $(date +%T)] $*" >&2; }

case "${1:-}" in -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac

"$ROOT/scripts/postgres.sh" stop "$PGDIR"
rm -rf "$PGDIR"
cleanup() { [ "${BI_KEEP_PG:-0}" = 1 ] || "$ROOT/scripts/postgres.sh" stop "$PGDIR"; }
trap cleanup EXIT
log "private PostgreSQL in $PGDIR on port $PORT"
CS=$("$ROOT/scripts/postgres.sh" start "$PGDIR" "$PORT" | tail -1)

log "building bench/Fleet.Bench.Ingest ($CONFIG)"
dotnet build "$ROOT/bench/Fleet.Bench.Ingest" -c "$CONFIG" --artifacts-path "$BUILD" -v q -nologo >"$BUILD.log" 2>&1 \
    || { tail -30 "$BUILD.log" >&2; exit 1; }
DLL=$(find "$BUILD/bin/Fleet.Bench.Ingest" -name Fleet.Bench.Ingest.dll -path "*${CONFIG,,}*" | head -1)

started=$SECONDS
log "running (about 10-15 minutes on 2 cores)"
dotnet "$DLL" ingest --connection "$CS" "$@"
echo "bench_total_s: $((SECONDS - started))"
