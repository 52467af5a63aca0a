#!/bin/bash
# Two writers adding claims at the same time both succeed and nothing is lost.
# Usage: test-concurrent.sh CLAIMTRACK
set -u
ct=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/claimtrack-concurrent.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp LC_ALL=C TZ=UTC CLAIMTRACK_AUTHOR="Test Author <author@example.org>"
unset CLAIMTRACK_DIR CLAIMTRACK_DATE CLAIMTRACK_ID_SEED
cd "$tmp" && "$ct" init -q . || exit 1
for w in p q; do
	(for i in $(seq 1 25); do "$ct" claim add "writer $w claim $i" >/dev/null 2>>"err-$w" || echo "$w $i" >>lost; done) &
done
wait
fail=0
if [[ -e lost ]]; then echo "FAIL: commands failed:"; cat lost err-*; fail=1; fi
n=$("$ct" claim list | wc -l)
[[ $n == 50 ]] || { echo "FAIL: expected 50 claims, found $n"; fail=1; }
c=$(git --git-dir=.claimtrack rev-list --count HEAD)
[[ $c == 51 ]] || { echo "FAIL: expected 51 commits, found $c"; fail=1; }
git --git-dir=.claimtrack fsck --strict >fsck.txt 2>&1 && [[ ! -s fsck.txt ]] || { echo "FAIL: fsck"; cat fsck.txt; fail=1; }
"$ct" verify >/dev/null || { echo "FAIL: verify"; "$ct" verify; fail=1; }
[[ $fail == 0 ]] && echo "ok: 2 writers, 50 claims, 51 commits, nothing lost"
exit $fail
