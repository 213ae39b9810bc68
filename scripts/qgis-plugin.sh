#!/usr/bin/env bash
# Build the QGIS plugin zip (dist/hotspot_provider.zip) from qgis/hotspot_provider/, ready for
# QGIS's Plugins > Manage and Install Plugins > Install from ZIP. Usage: scripts/qgis-plugin.sh [OUT.zip]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-dist/hotspot_provider.zip}
mkdir -p "$(dirname "$OUT")"
python3 - "$OUT" <<'PY'
import os, sys, zipfile
out = sys.argv[1]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for root, dirs, files in os.walk("qgis/hotspot_provider"):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for f in sorted(files):
            if f.endswith(".pyc"):
                continue
            path = os.path.join(root, f)
            z.write(path, os.path.relpath(path, "qgis"))
print(out)
PY
