#!/usr/bin/env bash
# Vendors the dashboard's browser libraries (Leaflet, leaflet.markercluster, Bootstrap) from npm into
# src/Central/Fleet.Central/wwwroot/lib (git-ignored). The dashboard never loads anything from a CDN.
# Run before building Fleet.Central (static web assets are collected at build time):
#   scripts/vendor-assets.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
project="$root/src/Central/Fleet.Central"
lib="$project/wwwroot/lib"

command -v npm >/dev/null || { echo "vendor-assets.sh: npm is not installed (apt-get install -y npm)" >&2; exit 1; }

cd "$project"
# package-lock.json pins exact versions and integrity hashes; --ignore-scripts: nothing runs at install.
if [ -f package-lock.json ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
else
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error
fi

copy() { # copy SRC DEST: one dist file or folder
  mkdir -p "$(dirname "$lib/$2")"
  rm -rf "${lib:?}/$2"
  cp -R "node_modules/$1" "$lib/$2"
}

copy leaflet/dist/leaflet.js                                  leaflet/leaflet.js
copy leaflet/dist/leaflet.js.map                              leaflet/leaflet.js.map
copy leaflet/dist/leaflet.css                                 leaflet/leaflet.css
copy leaflet/dist/images                                      leaflet/images
copy leaflet/LICENSE                                          leaflet/LICENSE
copy leaflet.markercluster/dist/leaflet.markercluster.js      leaflet.markercluster/leaflet.markercluster.js
copy leaflet.markercluster/dist/leaflet.markercluster.js.map  leaflet.markercluster/leaflet.markercluster.js.map
copy leaflet.markercluster/dist/MarkerCluster.css             leaflet.markercluster/MarkerCluster.css
copy leaflet.markercluster/dist/MarkerCluster.Default.css     leaflet.markercluster/MarkerCluster.Default.css
copy leaflet.markercluster/MIT-LICENCE.txt                    leaflet.markercluster/LICENSE
copy bootstrap/dist/css/bootstrap.min.css                     bootstrap/css/bootstrap.min.css
copy bootstrap/dist/css/bootstrap.min.css.map                 bootstrap/css/bootstrap.min.css.map
copy bootstrap/LICENSE                                        bootstrap/LICENSE

echo "vendor-assets.sh: vendored into ${lib#"$root"/}:"
(cd "$lib" && find . -type f | sort | sed 's|^\./|  |')
