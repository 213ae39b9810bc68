#!/usr/bin/env bash
# A private PostgreSQL/PostGIS server for the tests, on loopback, in a folder of its own.
#   scripts/pg-test-server.sh start DIR   prints the connection string ("PG:host=127.0.0.1 port=...")
#   scripts/pg-test-server.sh stop DIR
# Databases: hotspot_test (PostGIS), nopostgis (without the extension); roles: hotspot
# (owner, password hotspot) and reader (password reader, may connect and read, not create).
# Exit 77 when PostgreSQL or PostGIS is not installed (the tests report themselves skipped).
set -euo pipefail
CMD=$1; DIR=$(realpath -m "$2")
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z $BIN || ! -x $BIN/initdb ]]; then echo "SKIPPED: PostgreSQL is not installed" >&2; exit 77; fi
if ! ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1; then echo "SKIPPED: PostGIS is not installed" >&2; exit 77; fi
as_pg() {  # initdb and the server refuse to run as root: run them as postgres then
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case $CMD in
  start)
    mkdir -p "$DIR"
    [[ $(id -u) -eq 0 ]] && chown postgres "$DIR"
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    echo hotspot > "$DIR/pw"; [[ $(id -u) -eq 0 ]] && chown postgres "$DIR/pw"
    as_pg "$BIN/initdb" -D "$DIR/data" -U hotspot --pwfile="$DIR/pw" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >"$DIR/initdb.log" 2>&1
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    echo "$PORT" > "$DIR/port"
    psql() { as_pg "$BIN/psql" -q -h "$DIR" -p "$PORT" -U hotspot -v ON_ERROR_STOP=1 "$@"; }
    psql -d postgres -c "CREATE DATABASE hotspot_test" -c "CREATE DATABASE nopostgis" \
         -c "CREATE ROLE reader LOGIN PASSWORD 'reader'" >/dev/null
    psql -d hotspot_test -c "CREATE EXTENSION postgis" -c "REVOKE CREATE ON SCHEMA public FROM PUBLIC" \
         -c "GRANT USAGE ON SCHEMA public TO reader" >/dev/null
    echo "PG:host=127.0.0.1 port=$PORT dbname=hotspot_test user=hotspot password=hotspot"
    ;;
  stop)
    [[ -d $DIR/data ]] && as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
