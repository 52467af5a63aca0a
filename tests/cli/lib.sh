# shellcheck shell=bash
# Helpers for the scenario scripts of tests/cli/cases (sourced by run-case.sh):
#   ct ARGS...     the claimtrack under test
#   try CMD...     print "$ CMD", then its stdout and stderr together, then "[exit N]";
#                  the fixtures' and the work directory's paths show as FIXTURES, SAMPLES, PWD
#   mark           remember the ledger's HEAD;   unchanged: say whether it is still there
ct() { "$CT" "$@"; }
scrub() { sed -e "s|$FIXTURES|FIXTURES|g" -e "s|$SAMPLES|SAMPLES|g" -e "s|$PWD|PWD|g"; }
# Print a command line, quoting only the words that need it.
quote() {
	local a out=
	for a in "$@"; do
		if [[ $a =~ ^[A-Za-z0-9_./@:=,+%-]+$ ]]; then
			out+=" $a"
		else
			out+=" '${a//\'/\'\\\'\'}'"
		fi
	done
	printf '%s\n' "${out# }"
}
try() {
	local rc
	printf '$ '
	quote "$@" | scrub
	"$@" >"$CASE_TMP/try.out" 2>&1
	rc=$?
	scrub <"$CASE_TMP/try.out"
	echo "[exit $rc]"
}
head_of() { git --git-dir="${1:-.}/.claimtrack" rev-parse -q --verify HEAD; }
mark() { MARK=$(head_of "$@"); }
unchanged() { if [[ $(head_of "$@") == "$MARK" ]]; then echo "[history unchanged]"; else echo "[HISTORY CHANGED]"; fi; }
