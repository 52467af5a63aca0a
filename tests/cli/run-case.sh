#!/bin/bash
# Run one command-line scenario: tests/cli/run-case.sh CLAIMTRACK CASEDIR
#
# A case is a folder holding `script` (bash, run in a fresh temporary directory with
# `ct` meaning the claimtrack under test) and the expected `stdout`, `stderr` and
# `status` (the script's exit code) of that script, compared whole. The environment is
# fixed: HOME, LC_ALL=C, TZ=UTC, the author, the clock and the id seed.
# With UPDATE=1 the expected files are (re)written from the run instead.
set -u
ct_bin=$1 case=$(cd "$2" && pwd) || exit 99
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/claimtrack-case.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

for v in $(compgen -e); do
	case $v in GIT_*|CLAIMTRACK_*|XDG_*|LANG|LANGUAGE|LC_*) unset "$v" ;; esac
done
export HOME=$tmp/home LC_ALL=C TZ=UTC NO_COLOR=1
export CLAIMTRACK_AUTHOR="Test Author <author@example.org>"
export CLAIMTRACK_DATE=2025-01-02T03:04:05Z
export CLAIMTRACK_ID_SEED=scenario
export CT=$ct_bin FIXTURES=$here/fixtures SAMPLES=$here/../../samples
mkdir -p "$HOME" "$tmp/work"

cd "$tmp/work" || exit 99
export CASE_TMP=$tmp
# The script runs with the helpers of lib.sh (ct, try, mark, unchanged, ...).
bash -c '. "$1" && . "$2"' case "$here/lib.sh" "$case/script" </dev/null >"$tmp/stdout" 2>"$tmp/stderr"
echo $? >"$tmp/status"

if [[ ${UPDATE:-} == 1 ]]; then
	cp "$tmp/stdout" "$tmp/stderr" "$tmp/status" "$case/"
	exit 0
fi
fail=0
for f in stdout stderr status; do
	if ! diff -u --label "expected $f" --label "actual $f" "$case/$f" "$tmp/$f"; then
		fail=1
	fi
done
exit $fail
