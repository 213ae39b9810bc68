#!/usr/bin/env bash
# Set up, build, and run the main job: the shipped Deventer pipeline on the shipped
# (synthetic) incidents. Results, the styled GeoPackage, the QGIS project, the PNG map and
# manifest.json land in out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
build/hotspot run geodata/deventer.toml "$@"
echo "results in out/: open out/deventer.qgs in QGIS, or look at out/deventer.png"
