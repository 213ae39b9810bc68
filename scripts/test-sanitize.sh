#!/usr/bin/env bash
# The test suite under AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/).
# Leak detection is off: GDAL and PROJ keep process-wide caches that are freed at exit by
# design and would drown real reports; every other ASan/UBSan finding fails the run.
# Left out here, because the README's test command (scripts/test.sh) runs them on the same code
# just before, and under ASan they cost most of CI's time while exercising no code the rest of
# the suite does not: the outside consumers (QGIS, PostgreSQL, the browser, GDAL's GeoPackage
# validator, clang-format), the attack suite (the shipped pipeline run again and attacked) and
# the kill test (54 killed pipeline runs). HOTSPOT_SANITIZE_ALL=1 runs everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# -O1 with line tables only: sanitizer reports keep file:line stacks, and the build (the
# longest part of CI) is a good deal shorter than at -O2 -g.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHOTSPOT_SANITIZE=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" >/dev/null
cmake --build build-asan -j"$(nproc)" --target hotspot hotspot_tests
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd build-asan
if [[ "${HOTSPOT_SANITIZE_ALL:-0}" == 1 ]]; then
  ctest --output-on-failure -j"$(nproc)"
else
  ctest --output-on-failure -j"$(nproc)" \
    -E '^(pg|qgis|gpkg|web|format)\.|^attack: |^cli\.run: a run killed in any phase'
fi
