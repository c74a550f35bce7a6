#!/usr/bin/env bash
# Installs what Fleet's tests, benchmarks and demo need on a Debian 12 machine, skipping what is there.
# Usage: scripts/install-deps.sh [test|demo|bench]   (all three need the same base set today)
set -euo pipefail

packages=(
  postgresql-15 postgresql-client-15 postgresql-15-postgis-3   # central's database (private cluster)
  python3-grpcio                                               # gRPC interop peer
  chromium chromium-driver                                     # dashboard browser tests
  iproute2 nftables iperf3 mptcpd ethtool jq iputils-ping      # netns data-plane tests and benchmarks
  sqlite3 gpsd gpsd-clients curl
)
# npm vendors the dashboard's Leaflet/chart assets; use the machine's Node.js when it has one.
command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "install-deps: missing packages (run as root to install): ${missing[*]}" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "install-deps: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
