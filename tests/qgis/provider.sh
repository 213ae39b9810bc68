#!/usr/bin/env bash
# The QGIS Processing provider in headless QGIS (tests/qgis/check_provider.py).
# Exit 77 (ctest: skipped) when QGIS is not installed.
set -euo pipefail
HOTSPOT=$1; SRC=$2
PY=/usr/bin/python3
if ! QT_QPA_PLATFORM=offscreen "$PY" -c "import qgis.core" 2>/dev/null; then
  echo "SKIPPED: QGIS (python3-qgis) is not installed"; exit 77
fi
if [[ ! -d /usr/share/qgis/python/plugins/processing ]]; then
  echo "SKIPPED: QGIS's Processing plugin is not installed"; exit 77
fi
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
# The plugin as users install it: the zip the packaging script builds, unpacked into a plugins folder.
bash "$SRC/scripts/qgis-plugin.sh" "$W/hotspot_provider.zip" >/dev/null
mkdir -p "$W/plugins" && "$PY" -c "import zipfile, sys; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])" "$W/hotspot_provider.zip" "$W/plugins"
QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=$W HOME=$W "$PY" "$SRC/tests/qgis/check_provider.py" "$W/plugins" "$HOTSPOT" "$W" "$SRC"
