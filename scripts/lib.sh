# Shared by the scripts: `source scripts/lib.sh`.

# Install the Debian packages given that are not installed yet (apt-get update first).
need_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Seconds a command takes (its output discarded).
seconds() {
  local s e
  s=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  e=$(date +%s.%N)
  echo "$e - $s" | bc
}

# best_of N CMD...: the shortest wall time of N runs (seconds), for sub-second timings where
# one run is mostly noise. Benchmarks give the peer the same treatment.
best_of() {
  local n=$1 best="" t
  shift
  for _ in $(seq "$n"); do
    t=$(seconds "$@")
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
  done
  echo "$best"
}
