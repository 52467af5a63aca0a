#!/bin/sh
# tests/bench/reports.sh [CLAIMTRACK] [N]: the reports over a whole ledger.
#
# Builds a ledger of N claims (default 10,000) in one import: claim records
# claimtrack made itself, with other ids, statements and times, a subject
# shared by 20 claims each and one property, over 10 articles. Times
# `report unsourced`, `report contradictions`, `report source` and the
# two-source `diff` against `claim list --json`, which reads every claim as
# they do; prints medians of BENCH_RUNS (9) whole-process runs and the ratios.
# Takes about a minute at N=10,000. Exits 0 unless a step fails.
#
# CLAIMTRACK: the binary to measure (default: $CLAIMTRACK, build/claimtrack, or PATH).
set -e
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/bench.py" reports "${1:-}" "${2:-}"
