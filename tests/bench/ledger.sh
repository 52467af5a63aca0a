#!/bin/sh
# tests/bench/ledger.sh [CLAIMTRACK] [N]: the cost of the history's scale.
#
# Grows a ledger to N claims (default 10,000; measured at 0, N/10 and N) the way
# `claim add` leaves it on disk: loose objects written directly, one commit per
# claim in the documented tree layout, and every 200th claim a real
# `claimtrack claim add` that catches the index up and packs (see bench.py's
# LedgerBuilder for why not 10,000 processes). At each size, times one
# `claim add`, `claim list --json | wc -c`, `search`, `rebuild`, and as the
# baseline `git add` + `git commit` of one file in a work tree of the same files;
# prints medians of BENCH_RUNS (9) whole-process runs with their ratio to the
# baseline, and the disk use of .claimtrack (goal: under 20 MB at 10,000 claims).
# Takes about two minutes at N=10,000 on two cores. Exits 0 unless a step fails.
#
# CLAIMTRACK: the binary to measure (default: $CLAIMTRACK, build/claimtrack, or PATH).
set -e
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/bench.py" ledger "${1:-}" "${2:-}"
