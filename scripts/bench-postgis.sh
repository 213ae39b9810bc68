#!/usr/bin/env bash
# Benchmark: inputs in PostGIS. join (N incidents to the 69 buurten) and score (100,000
# locations, 250 m) by hotspot reading the tables and writing its result table back, against
# the same work as SQL inside PostGIS (ST_Contains / ST_DWithin with GiST indexes, result into
# a table), in one run on a private server (scripts/pg-test-server.sh).
# Usage: scripts/bench-postgis.sh [N]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
bash scripts/setup.sh
bash scripts/setup-optional.sh
source scripts/lib.sh
need_packages bc
bash scripts/build.sh
W=$(mktemp -d /tmp/hotspot-bench-pg-XXXXXX); chmod 755 "$W"
trap 'bash scripts/pg-test-server.sh stop "$W/server"; rm -rf "$W"' EXIT
PG=$(bash scripts/pg-test-server.sh start "$W/server")
PORT=$(cat "$W/server/port")
export PGPASSWORD=hotspot
PSQL="psql -h 127.0.0.1 -p $PORT -U hotspot -d hotspot_test -q -v ON_ERROR_STOP=1"
H=build/hotspot
$H synth --seed 1 --total "$N" --out "$W/incidents.csv" -q
awk 'BEGIN{srand(7); print "loc_id,x,y"; for(i=1;i<=100000;i++) printf "%d,%.2f,%.2f\n", i, 203700+rand()*19000, 471100+rand()*10600}' >"$W/locations.csv"
# The inputs in PostGIS, indexed, as a GIS team keeps them.
$PSQL <<SQL
CREATE TABLE inc (id bigint, x float8, y float8, category text, timestamp text);
\copy inc FROM '$W/incidents.csv' CSV HEADER
ALTER TABLE inc ADD COLUMN geom geometry(Point, 28992);
UPDATE inc SET geom = ST_SetSRID(ST_MakePoint(x, y), 28992);
CREATE INDEX ON inc USING gist (geom);
CREATE TABLE loc (loc_id bigint, x float8, y float8);
\copy loc FROM '$W/locations.csv' CSV HEADER
ALTER TABLE loc ADD COLUMN geom geometry(Point, 28992);
UPDATE loc SET geom = ST_SetSRID(ST_MakePoint(x, y), 28992);
CREATE INDEX ON loc USING gist (geom);
ANALYZE;
SQL
ogr2ogr -f PostgreSQL "$PG" geodata/deventer_buurten.geojson -nln buurten -t_srs EPSG:28992 -lco GEOMETRY_NAME=geom -nlt MULTIPOLYGON
$PSQL -c "CREATE INDEX ON buurten USING gist (geom); ANALYZE buurten;"
echo "incidents: $($PSQL -At -c 'SELECT count(*) FROM inc') rows in PostGIS"

peer_join=$(seconds $PSQL -c "CREATE TABLE join_sql AS SELECT b.buurtcode, i.category, count(i.id) AS n
  FROM buurten b LEFT JOIN inc i ON ST_Contains(b.geom, i.geom) GROUP BY b.buurtcode, i.category")
hs_join=$(seconds $H join --internal --areas "$PG" --areas-layer buurten --incidents "$PG" --incidents-layer inc \
  --out "$PG" --out-layer join_hotspot -q)
sql_n=$($PSQL -At -c "SELECT sum(n) FROM join_sql")
hs_n=$($PSQL -At -c "SELECT sum(n_incidents) FROM join_hotspot")
echo "join: incidents in buurten, SQL $sql_n, hotspot $hs_n"
printf 'join: peer %.2f s, hotspot %.2f s, ratio %.1f\n' "$peer_join" "$hs_join" "$(echo "$peer_join / $hs_join" | bc -l)"

peer_score=$(seconds $PSQL -c "CREATE TABLE score_sql AS SELECT l.loc_id, i.category, count(i.id) AS n
  FROM loc l LEFT JOIN inc i ON ST_DWithin(l.geom, i.geom, 250) GROUP BY l.loc_id, i.category")
hs_score=$(seconds $H score --internal --locations "$PG" --locations-layer loc --incidents "$PG" --incidents-layer inc \
  --radius-m 250 --out "$PG" --out-layer score_hotspot -q)
sql_s=$($PSQL -At -c "SELECT sum(n) FROM score_sql")
hs_s=$($PSQL -At -c "SELECT sum(n_incidents) FROM score_hotspot")
echo "score: incident-location pairs within 250 m, SQL $sql_s, hotspot $hs_s"
printf 'score: peer %.2f s, hotspot %.2f s, ratio %.1f\n' "$peer_score" "$hs_score" "$(echo "$peer_score / $hs_score" | bc -l)"
printf 'peer %.2f s, hotspot %.2f s, ratio %.1f\n' "$(echo "$peer_join + $peer_score" | bc -l)" "$(echo "$hs_join + $hs_score" | bc -l)" \
  "$(echo "($peer_join + $peer_score) / ($hs_join + $hs_score)" | bc -l)"
