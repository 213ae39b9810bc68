#!/usr/bin/env bash
# The web map's library: Leaflet from the npm registry (and playwright-core, which drives the
# browser test), installed from scripts/web/package-lock.json into scripts/web/node_modules.
# hotspot copies Leaflet from there into every web map it writes. Installs Node.js and npm
# from Debian when missing. Safe to rerun: it does nothing when the lock file is satisfied.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
web="$here/web"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
if ! command -v npm >/dev/null 2>&1; then
  echo "setup-web: installing nodejs npm" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if [[ -f "$web/node_modules/leaflet/dist/leaflet.js" && -f "$web/node_modules/.package-lock.json" ]] &&
   cmp -s <(grep -o '"version": "[^"]*"' "$web/node_modules/leaflet/package.json" | head -1) \
          <(echo '"version": "1.9.4"'); then
  echo "setup-web: leaflet present" >&2
  exit 0
fi
echo "setup-web: npm ci in scripts/web" >&2
(cd "$web" && npm ci --no-audit --no-fund --loglevel=error >&2)
test -f "$web/node_modules/leaflet/dist/leaflet.js"
