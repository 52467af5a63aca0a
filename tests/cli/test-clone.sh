#!/bin/bash
# The history alone is the ledger: a stock git clone answers the same, and the index
# catches up with commits that arrive from outside (a git fetch) or a crash.
# Usage: test-clone.sh CLAIMTRACK
set -u
ct=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/claimtrack-clone.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp LC_ALL=C TZ=UTC CLAIMTRACK_AUTHOR="Test Author <author@example.org>"
export CLAIMTRACK_DATE=2025-01-02T03:04:05Z CLAIMTRACK_ID_SEED=clone
unset CLAIMTRACK_DIR
fail=0
check() { if eval "$2"; then :; else echo "FAIL: $1"; fail=1; fi; }
cd "$tmp"
mkdir a && "$ct" -C a init -q && "$ct" -C a source add "$here/fixtures/bridge-v1.txt" --url https://c.example/b --id courier >/dev/null
"$ct" -C a claim add "The bridge closes for 14 weeks" --source courier --quote "14 weeks" >/dev/null
git clone -q --bare a/.claimtrack b/.claimtrack
check "a bare clone answers claim list the same" '[[ "$("$ct" -C a claim list --json)" == "$("$ct" -C b claim list --json)" ]]'
check "a bare clone answers source list the same" '[[ "$("$ct" -C a source list --json)" == "$("$ct" -C b source list --json)" ]]'
# New claims in a; b fetches them: b's index catches up on the next command.
"$ct" -C a claim add "Buses take the Mill Road crossing" >/dev/null
git --git-dir=b/.claimtrack fetch -q "$tmp/a/.claimtrack" main:main
check "after a fetch the index catches up" '[[ "$("$ct" -C a claim list --json)" == "$("$ct" -C b claim list --json)" ]]'
check "verify after the catch-up" '"$ct" -C b verify >/dev/null'
# History rewritten under the index (a reset): the index rebuilds.
git --git-dir=b/.claimtrack update-ref refs/heads/main main~1
check "after a reset the index follows the history" '[[ $("$ct" -C b claim list | wc -l) == 1 ]]'
check "verify after the reset" '"$ct" -C b verify >/dev/null'
# A crash between the commit and the index update: simulated by an index left behind.
cp b/.claimtrack/index.sqlite old-index
git --git-dir=b/.claimtrack fetch -q "$tmp/a/.claimtrack" +main:main
rm -f b/.claimtrack/index.sqlite-wal b/.claimtrack/index.sqlite-shm && cp old-index b/.claimtrack/index.sqlite
check "an index left behind catches up" '[[ $("$ct" -C b claim list | wc -l) == 2 ]]'
# git log and git show read the ledger.
check "git log reads the history" 'git --git-dir=b/.claimtrack log --oneline | grep -q "Add claim"'
check "git show reads a record" 'git --git-dir=b/.claimtrack show HEAD --stat | grep -q "claims/"'
[[ $fail == 0 ]] && echo "ok: clone, fetch, reset and a stale index all answer the same"
exit $fail
