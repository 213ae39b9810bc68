#!/usr/bin/env bash
# The PostGIS tests ([pg]) against a private server: started here, stopped afterwards.
# Exit 77 (ctest: skipped) where PostgreSQL or PostGIS is not installed.
set -uo pipefail
TESTS=$1; SRC=$2
W=$(mktemp -d /tmp/hotspot-pg-XXXXXX)
chmod 755 "$W"
trap 'bash "$SRC/scripts/pg-test-server.sh" stop "$W/server"; rm -rf "$W"' EXIT
CONN=$(bash "$SRC/scripts/pg-test-server.sh" start "$W/server")
rc=$?
if [[ $rc -eq 77 ]]; then exit 77; fi
if [[ $rc -ne 0 ]]; then echo "could not start the test server"; cat "$W/server/"*.log 2>/dev/null; exit 1; fi
HOTSPOT_TEST_PG=$CONN "$TESTS" "[pg]"
