#!/usr/bin/env bash
# The consumers the tests open outputs in: QGIS (headless, with its Python API) and a
# PostgreSQL server with PostGIS; and a real OpenStreetMap extract for the route tests (West
# Oakland, as OSMnx ships it for its own tests in python-osmnx-doc). Not fatal: a test whose consumer cannot be installed reports
# itself as skipped (ctest "Skipped"), and says why.
set -uo pipefail
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
want=()
for p in qgis python3-qgis postgresql postgresql-postgis chromium python-osmnx-doc; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || want+=("$p")
done
if ((${#want[@]})); then
  echo "setup-optional: installing ${want[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # A server package must not start a system cluster here: the tests start their own.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null && $SUDO chmod +x /usr/sbin/policy-rc.d
    trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  $SUDO apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null 2>&1 ||
    echo "setup-optional: could not install ${want[*]}: the QGIS, PostGIS, browser and OSM tests will be skipped" >&2
fi
exit 0
