#!/usr/bin/env bash
# bench/batch.sh - size of one 10-minute telemetry batch for 4 carriers (target <= 40 KB on the wire).
#   ./fleet bench batch [DATA_DIR]     DATA_DIR: the shared data folder (default ../shared/data next to the repo)
# Builds bench/Fleet.Bench.Batch in Release and prints `name: value` lines: batch_bytes_raw, batch_bytes_gzip
# (what gRPC sends), batch_target_bytes and batch_bytes_naive_json (the same samples as plain JSON).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=${FLEET_ROOT:-$(cd "$HERE/.." && pwd)}
DATA=${1:-$ROOT/../shared/data}
OUT=${BB_BUILD:-/tmp/fleet-bench-batch}
dotnet build "$HERE/Fleet.Bench.Batch" -c Release --artifacts-path "$OUT" -v quiet -nologo -clp:ErrorsOnly >&2
exec dotnet "$OUT/bin/Fleet.Bench.Batch/release/Fleet.Bench.Batch.dll" "$(cd "$DATA" && pwd)"
