#!/bin/sh
# tests/bench/diff.sh [CLAIMTRACK]: claimtrack's revision diff against git's word diff.
#
# Generates a 5,000-word and a 50,000-word article and a revision of each with
# about 2% of the words changed (tests/bench/gen.py), cites 50 passages of each
# in a fresh ledger, records the revision, then times `claimtrack diff A@1 A@2`
# (word diff and claims section) and `--json`, in the same rounds as
# `git diff --no-index --word-diff` and `--word-diff=porcelain` on the same two
# files: medians of BENCH_RUNS (15) whole-process runs, and their ratio.
# Prints "goal met" or "goal missed" per size (goal: ratio <= 1); exits 0 either
# way: it reports, it does not gate.
#
# CLAIMTRACK: the binary to measure (default: $CLAIMTRACK, build/claimtrack, or PATH).
# Build it Release first: cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build
set -e
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/bench.py" diff "${1:-}"
