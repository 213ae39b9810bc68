#!/usr/bin/env bash
# The route tests on a real OpenStreetMap extract ([osm]): West Oakland as OSMnx ships it for its
# own tests (Debian's python-osmnx-doc, installed by scripts/setup-optional.sh; OpenStreetMap
# data, ODbL). Exit 77 (ctest: skipped) where that package is not installed.
set -uo pipefail
TESTS=$1
EXTRACT=${HOTSPOT_OSM_EXTRACT:-/usr/share/doc/python-osmnx-doc/examples/tests/input_data/West-Oakland.osm.bz2}
if [[ ! -f "$EXTRACT" ]]; then
  echo "skipped: no real OSM extract at $EXTRACT (apt-get install python-osmnx-doc)"
  exit 77
fi
HOTSPOT_OSM_EXTRACT=$EXTRACT "$TESTS" "[osm]" -w NoTests
