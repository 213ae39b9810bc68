#!/usr/bin/env bash
# Opens an exported GeoPackage with GDAL's validator and the project with headless QGIS.
# Exit 77 (ctest: skipped) when QGIS or GDAL's Python tools are not installed.
set -euo pipefail
HOTSPOT=$1; SRC=$2; MODE=${3:-qgis}   # "validate": GDAL's GeoPackage validator only
PY=/usr/bin/python3
if ! "$PY" -c "import osgeo_utils" 2>/dev/null; then
  echo "SKIPPED: GDAL's Python tools (python3-gdal) are not installed"; exit 77
fi
if [[ $MODE == qgis ]] && ! QT_QPA_PLATFORM=offscreen "$PY" -c "import qgis.core" 2>/dev/null; then
  echo "SKIPPED: QGIS (python3-qgis) is not installed"; exit 77
fi
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
G=$SRC/geodata; I=$G/deventer_incidents_synth.csv
"$HOTSPOT" join --areas "$G/deventer_buurten.geojson" --incidents "$I" --out "$W/buurten.geojson" -q
"$HOTSPOT" density --incidents "$I" --category jeugdoverlast --bandwidth-m 300 --cell-m 100 --geodata "$G" --out "$W/overlast.tif" -q
"$HOTSPOT" stats --incidents "$I" --grid-m 500 --extent 203500,471000,223000,481750 --method gistar --weights distance:1000 --out "$W/gistar.geojson" -q
"$HOTSPOT" stats --incidents "$I" --areas "$G/deventer_buurten.geojson" --method lisa --permutations 99 --out "$W/lisa.geojson" -q
"$HOTSPOT" route --stops "$G/deventer_locaties.geojson" --shift 19:00-23:00 --iterations 20 --out "$W/routes" -q
mkdir "$W/pub"
"$HOTSPOT" export --gpkg "$W/pub/deventer.gpkg" "$W/buurten.geojson" "$W/overlast.tif" "$W/gistar.geojson" "$W/lisa.geojson" \
  "$W/routes/routes.geojson" "$W/routes/stops.geojson" "$G/deventer_locaties.geojson" -q
"$PY" -m osgeo_utils.samples.validate_gpkg "$W/pub/deventer.gpkg"
echo "GDAL validate_gpkg: OK"
[[ $MODE == validate ]] && exit 0
QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=$W "$PY" "$SRC/tests/qgis/check_project.py" "$W/pub/deventer.qgs" \
  buurten=graduatedSymbol overlast=singlebandpseudocolor gistar=categorizedSymbol lisa=categorizedSymbol \
  routes=categorizedSymbol stops=singleSymbol deventer_locaties=singleSymbol
# The shipped pipeline's project: all of its 13 layers, as QGIS reads it.
"$HOTSPOT" run "$G/deventer.toml" --out "$W/run" -q >/dev/null 2>&1
QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=$W "$PY" "$SRC/tests/qgis/check_project.py" "$W/run/deventer.qgs" layers=13
