#!/usr/bin/env bash
# The web map in a real browser (ctest web.map_in_a_real_browser): the shipped pipeline's
# out/web/index.html (or one written here) opened from file:// by Debian's Chromium through
# playwright-core. Exit 77 (ctest: Skipped) where no Chromium, Node.js or playwright-core is
# installed; the reason is printed.
set -euo pipefail
hotspot="$1"
src="$2"
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then echo "SKIP: no Chromium at $chromium (apt-get install chromium)"; exit 77; fi
if ! command -v node >/dev/null; then echo "SKIP: no Node.js"; exit 77; fi
if [[ ! -d "$src/scripts/web/node_modules/playwright-core" ]]; then
  echo "SKIP: playwright-core not installed (bash scripts/setup-web.sh)"; exit 77
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$hotspot" run "$src/geodata/deventer.toml" --out "$work/out" -q
test -f "$work/out/web/index.html"
# Every web file is listed in the manifest (the pipeline writes the folder as a whole).
grep -q '"web/index.html"' "$work/out/manifest.json"
grep -q '"web/leaflet/LICENSE"' "$work/out/manifest.json"
NODE_PATH="$src/scripts/web/node_modules" CHROMIUM="$chromium" \
  timeout 180 node "$src/tests/web/check_web.js" "$work/out/web/index.html" "$work/shot.png"
# The screenshot has drawn pixels: more than a tenth of it differs from the background.
/usr/bin/python3 - "$work/shot.png" <<'PY'
import sys
from osgeo import gdal
ds = gdal.Open(sys.argv[1])
r, g, b = (ds.GetRasterBand(i).ReadAsArray() for i in (1, 2, 3))
bg = (r == 244) & (g == 244) & (b == 242)
drawn = 1 - bg.mean()
print(f"screenshot: {drawn:.0%} drawn")
sys.exit(0 if drawn > 0.10 else 1)
PY
