#!/bin/sh
# Build claimtrack and run the whole test suite: a warnings-as-errors build, then the
# same suite again under AddressSanitizer and UndefinedBehaviorSanitizer.
# Usage: sh tests/run.sh   (from the project's root; installs missing packages as root)
set -e
cd "$(dirname "$0")/.."
# chromium: the HTML reports are checked in a headless browser.
sh tests/install-deps.sh chromium
jobs=$(nproc 2>/dev/null || echo 2)

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCLAIMTRACK_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCLAIMTRACK_WERROR=ON -DCLAIMTRACK_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
cd build-asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --output-on-failure -j"$jobs"
