#!/usr/bin/env bash
# Benchmark: 100,000 locations against 1,000,000 incidents, 250 m radius, end to end (load,
# count per location and category, write the result), hotspot against PostGIS (ST_DWithin
# with GiST indexes) on the same CSV files in one run. PostGIS runs in a private cluster on
# loopback, started and stopped by this script.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DEBIAN_FRONTEND=noninteractive
PGIS=$(apt-cache search --names-only '^postgresql-[0-9]+-postgis-3$' | awk '{print $1}' | sort -V | tail -1)
need=()
for p in postgresql "${PGIS:-postgresql-15-postgis-3}" bc; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})) || [[ -z "$PGIS" ]]; then apt-get update -qq
  PGIS=$(apt-cache search --names-only '^postgresql-[0-9]+-postgis-3$' | awk '{print $1}' | sort -V | tail -1)
  need=(postgresql "$PGIS" bc)
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; fi
bash scripts/build.sh
W=$PWD/bench-out/score; rm -rf "$W"; mkdir -p "$W"; chmod 777 "$W"
H=build/hotspot
$H synth --seed 1 --total 1000000 --out "$W/incidents.csv" -q
# 100,000 locations: points on the synthetic incidents' area, deterministic.
awk 'BEGIN{srand(7); print "loc_id,x,y"; for(i=1;i<=100000;i++) printf "%d,%.2f,%.2f\n", i, 203700+rand()*19000, 471100+rand()*10600}' > "$W/locations.csv"
source scripts/lib.sh

PGBIN=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
PGD="$W/pg"; PORT=55432
su postgres -s /bin/sh -c "$PGBIN/initdb -D $PGD -A trust" >/dev/null
su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $PGD -o '-p $PORT -k $W -c listen_addresses=127.0.0.1' -l $W/pg.log start -w" >/dev/null
trap 'su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $PGD stop -m fast" >/dev/null 2>&1 || true' EXIT
PSQL="psql -h 127.0.0.1 -p $PORT -U postgres -q -v ON_ERROR_STOP=1"
$PSQL -c "CREATE EXTENSION postgis" >/dev/null
cat > "$W/peer.sql" <<SQL
CREATE TABLE inc (id bigint, x float8, y float8, category text, ts text);
\copy inc FROM '$W/incidents.csv' CSV HEADER
CREATE TABLE loc (loc_id bigint, x float8, y float8);
\copy loc FROM '$W/locations.csv' CSV HEADER
ALTER TABLE inc ADD COLUMN geom geometry(Point, 28992);
UPDATE inc SET geom = ST_SetSRID(ST_MakePoint(x, y), 28992);
ALTER TABLE loc ADD COLUMN geom geometry(Point, 28992);
UPDATE loc SET geom = ST_SetSRID(ST_MakePoint(x, y), 28992);
CREATE INDEX ON inc USING gist (geom);
CREATE INDEX ON loc USING gist (geom);
ANALYZE inc; ANALYZE loc;
\copy (SELECT l.loc_id, count(i.id) AS n_incidents, count(i.id) FILTER (WHERE i.category = 'jeugdoverlast') AS n_jeugdoverlast, count(i.id) FILTER (WHERE i.category = 'woninginbraak') AS n_woninginbraak FROM loc l LEFT JOIN inc i ON ST_DWithin(l.geom, i.geom, 250) GROUP BY l.loc_id ORDER BY n_incidents DESC) TO '$W/peer.csv' CSV HEADER
SQL
peer=$(seconds $PSQL -f "$W/peer.sql")
hs=$(seconds $H score --internal --locations "$W/locations.csv" --incidents "$W/incidents.csv" --radius-m 250 --out "$W/scores.csv" -q)
# Agreement: the same n_incidents per location.
diff=$(join -t, <(tail -n +2 "$W/peer.csv" | cut -d, -f1,2 | sort) \
               <(awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i=="n_incidents") c=i; next} {print $1","$c}' "$W/scores.csv" | sort) | \
       awk -F, '$2!=$3{n++} END{print n+0}')
echo "locations whose n_incidents differ between PostGIS and hotspot: $diff"
printf 'peer %.2f s, hotspot %.2f s, ratio %.1f\n' "$peer" "$hs" "$(echo "$peer / $hs" | bc -l)"
