#!/usr/bin/env bash
# Set up, build, and run the main job on the shipped Deventer data; results land in out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
H=build/hotspot
INC=geodata/deventer_incidents_synth.csv
mkdir -p out
$H join --areas geodata/deventer_buurten.geojson --incidents "$INC" --by year \
  --out out/buurten_counts.geojson --out out/buurten_counts.csv --out out/buurten_counts.gpkg
$H join --areas geodata/deventer_wijken.geojson --incidents "$INC" --by year \
  --out out/wijken_counts.geojson --out out/wijken_counts.csv --out out/wijken_counts.gpkg
$H join --areas geodata/deventer_locaties.geojson --incidents "$INC" --by year \
  --out out/locaties_counts.geojson --out out/locaties_counts.csv --out out/locaties_counts.gpkg
echo "results in out/:"; ls -1 out
