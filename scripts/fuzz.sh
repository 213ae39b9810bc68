#!/usr/bin/env bash
# Fuzz each input parser with libFuzzer (clang + ASan/UBSan) for SECONDS each (default 60),
# starting from the seed corpora in tests/fuzz/corpus/. Crashes land in build-fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
bash scripts/setup.sh
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || { apt-get update -qq; apt-get install -y -qq --no-install-recommends "$p" >/dev/null; }
done
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHOTSPOT_FUZZ=ON -DHOTSPOT_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz_csv fuzz_geojson fuzz_pipeline
rm -rf build-fuzz/crashes
mkdir -p build-fuzz/crashes
export ASAN_OPTIONS=detect_leaks=0
failed=0
for t in csv geojson pipeline; do
  work=build-fuzz/corpus-$t; mkdir -p "$work"; cp -n tests/fuzz/corpus/$t/* "$work/" 2>/dev/null || true
  echo "fuzz_$t: ${SECONDS_EACH} s"
  # The kept regressions first (each must pass), then the bounded search.
  if [[ -d tests/fuzz/regressions ]] && ls tests/fuzz/regressions/"$t"-* >/dev/null 2>&1; then
    build-fuzz/fuzz_$t tests/fuzz/regressions/"$t"-* >/dev/null 2>&1 || { echo "fuzz_$t: a kept regression fails again"; failed=1; }
  fi
  rc=0
  build-fuzz/fuzz_$t "$work" -max_total_time="$SECONDS_EACH" -max_len=8192 -timeout=20 -rss_limit_mb=3072 \
    -artifact_prefix=build-fuzz/crashes/$t- -print_final_stats=1 > build-fuzz/fuzz_$t.log 2>&1 || rc=$?
  grep -E "^(stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY|Done)" build-fuzz/fuzz_$t.log || true
  if [[ $rc -ne 0 ]]; then
    echo "fuzz_$t: FINDING (exit $rc); the input is in build-fuzz/crashes/, the log in build-fuzz/fuzz_$t.log"
    tail -n 40 build-fuzz/fuzz_$t.log
    failed=1
  fi
done
ls build-fuzz/crashes
if [[ $failed -ne 0 ]]; then echo "fuzz: findings above"; exit 1; fi
echo "fuzz: every parser ran ${SECONDS_EACH} s without a finding"
