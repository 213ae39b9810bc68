#!/usr/bin/env bash
# Benchmark: 1,000,000 synthetic incidents joined to the 69 Deventer buurten, end to end
# (read CSV, join, write per-buurt counts), hotspot against GeoPandas sjoin on the same
# files in the same run. Prints both times, hotspot's peak memory, and the ratio.
# Usage: scripts/bench-join.sh [N]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
bash scripts/setup.sh
source scripts/lib.sh
need_packages python3-geopandas python3-rtree time bc
bash scripts/build.sh
W=bench-out/join; rm -rf "$W"; mkdir -p "$W"
H=build/hotspot
$H synth --seed 1 --total "$N" --out "$W/incidents.csv" -q
echo "incidents: $(($(wc -l < "$W/incidents.csv") - 1)) rows"

cat > "$W/peer.py" <<'PY'
import sys, time
import pandas as pd, geopandas as gpd
t0 = time.time()
df = pd.read_csv(sys.argv[1])
pts = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df.x, df.y), crs="EPSG:28992")
areas = gpd.read_file(sys.argv[2])
j = gpd.sjoin(pts, areas[["buurtcode", "geometry"]], how="left", predicate="intersects")
counts = j.groupby(["buurtcode", "category"]).size().unstack(fill_value=0)
out = areas.merge(counts, left_on="buurtcode", right_index=True, how="left")
out.to_file(sys.argv[3], driver="GPKG")
print(f"peer joined {int(j.buurtcode.notna().sum())} of {len(df)}", file=sys.stderr)
PY

t() { local s e; s=$(date +%s.%N); "$@"; e=$(date +%s.%N); echo "$e - $s" | bc; }
peer=$(seconds /usr/bin/python3 "$W/peer.py" "$W/incidents.csv" geodata/deventer_buurten.geojson "$W/peer.gpkg")
hs=$(seconds /usr/bin/time -f "%M" -o "$W/mem.txt" $H join --internal --areas geodata/deventer_buurten.geojson \
  --incidents "$W/incidents.csv" --out "$W/counts.gpkg" --out "$W/counts.csv" -q)
mem_mb=$(( $(cat "$W/mem.txt") / 1024 ))
echo "hotspot peak memory: ${mem_mb} MB"
printf 'peer %.2f s, hotspot %.2f s, ratio %.1f\n' "$peer" "$hs" "$(echo "$peer / $hs" | bc -l)"
