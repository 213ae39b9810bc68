#!/usr/bin/env bash
# Benchmark: 200 candidate stops (scored locations over the Deventer centre), 3 teams on foot,
# a 4-hour shift: the value hotspot collects with its default settings, against a simple
# greedy baseline and against a much longer search (50x the iterations), and the time taken.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/lib.sh
need_packages bc
bash scripts/build.sh
W=$PWD/bench-out/route; rm -rf "$W"; mkdir -p "$W"
H=build/hotspot
# 200 stops: a 4 x 4 km square around the centre, scored against the shipped incidents.
awk 'BEGIN{srand(3); print "stop_id,x,y"; for(i=1;i<=200;i++) printf "s%03d,%.1f,%.1f\n", i, 205500+rand()*4000, 472000+rand()*4000}' > "$W/points.csv"
$H score --internal --locations "$W/points.csv" --incidents geodata/deventer_incidents_synth.csv --radius-m 200 --out "$W/stops.csv" -q
t() { local s e; s=$(date +%s.%N); "$@" > "$W/last.log" 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
run() {  # iterations, time limit, out dir
  $H route --internal --stops "$W/stops.csv" --value-col score --incidents geodata/deventer_incidents_synth.csv --category jeugdoverlast \
    --shift 19:00-23:00 --teams 3 --iterations "$1" --time-limit-s "$2" --out "$3"
}
hs=$(t run 2000 1.6 "$W/default")
value=$(awk '/^day 1: value/{print $4}' "$W/last.log"); greedy=$(awk '/^day 1: value/{print $7}' "$W/last.log" | tr -d ')')
long=$(t run 100000 120 "$W/long")
best=$(awk '/^day 1: value/{print $4}' "$W/last.log")
gap=$(echo "scale=4; 100 * ($best - $value) / $best" | bc)
echo "value: hotspot $value in ${hs} s; greedy baseline $greedy; long run $best in ${long} s; gap to the long run ${gap} %"
printf 'peer %.2f s, hotspot %.2f s, ratio %.1f\n' "$long" "$hs" "$(echo "$long / $hs" | bc -l)"
