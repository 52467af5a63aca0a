#!/bin/sh
# Build claimtrack and run its main job on the sample articles: a ledger of the story's
# sources and claims, each claim pinned to the exact words that state it, then a revised
# article re-anchored, and the history.
# Usage: sh samples/demo.sh [LEDGER_DIR]   (default: a new temporary directory)
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
sh "$root/tests/install-deps.sh"
cmake -S "$root" -B "${CLAIMTRACK_BUILD:-$root/build}" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "${CLAIMTRACK_BUILD:-$root/build}" -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
ct="${CLAIMTRACK_BUILD:-$root/build}/claimtrack"
s="$root/samples"
dir=${1:-$(mktemp -d "${TMPDIR:-/tmp}/claimtrack-demo.XXXXXX")}

# A reproducible history: a fixed author, clock and id seed for every change.
export CLAIMTRACK_ID_SEED=demo
export CLAIMTRACK_AUTHOR="${CLAIMTRACK_AUTHOR:-Demo Desk <desk@example.org>}"
export CLAIMTRACK_DATE=2024-06-11T09:00:00Z
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then bold=$(printf '\033[1m') off=$(printf '\033[0m'); else bold= off=; fi
step() { printf '\n%s$ claimtrack %s%s\n' "$bold" "$*" "$off"; "$ct" -C "$dir" "$@"; }

"$ct" init "$dir"
step source add "$s/april-report.txt" --id april --kind secondary --published 2024-04-19 \
	--url https://news.example/2024/04/mivd-annual-report --title "China spies on Dutch industry, MIVD says" \
	--publisher "Example News"
step source add "$s/june-report.txt" --id june --cites april --kind secondary --published 2024-06-10 \
	--url https://news.example/2024/06/mivd-20000-victims --title "Chinese hackers hit at least 20,000 systems" \
	--publisher "Example News"
step source list

victims=$("$ct" -C "$dir" claim add "A Chinese state-backed hacking group compromised at least 20,000 victims worldwide" \
	--subject "Chinese state hacking campaign" --property "victims" \
	--source june --quote "at least 20,000 victims around the world within a few months, possibly even more")
targets=$("$ct" -C "$dir" claim add "The targets included dozens of Western governments" \
	--source june --quote "dozens of Western governments")
unit=$("$ct" -C "$dir" claim add "The malware sat on a network of a 50-person army research unit" \
	--source june --quote "a 50-person army research unit")
first=$("$ct" -C "$dir" claim add "February 2024 was the first public Dutch attribution of cyber espionage to China" \
	--source april --quote "In February the Dutch services for the first time publicly named China")
"$ct" -C "$dir" cite "$first" june --quote "It was the first time that the Netherlands had publicly blamed China for cyber espionage" >/dev/null
"$ct" -C "$dir" claim add "Chinese cyber operations grew in scope over the past year" \
	--source april --quote "Chinese cyber operations grew in scope, intensity and technical skill" >/dev/null
spying=$("$ct" -C "$dir" claim add "Chinese intelligence services spy on Dutch companies" --source april \
	--quote "Chinese intelligence services targeted Dutch companies in the semiconductor, aerospace and maritime sectors")
"$ct" -C "$dir" cite "$spying" june --quote "Beijing denies that it conducts cyber espionage" --stance disputes >/dev/null
"$ct" -C "$dir" claim add "China stole Dutch satellite designs" >/dev/null
"$ct" -C "$dir" claim set "$first" --status supported --note "Both reports agree; confirmed against the agency's February statement" >/dev/null

step claim list
step claim show "$victims"
step search espionage

# The June article is revised: a number changes, a sentence goes, another moves.
export CLAIMTRACK_DATE=2024-06-12T08:30:00Z
step source update june "$s/june-report-revised.txt"
step diff june
step diff june april
step report contradictions
step report unsourced
"$ct" -C "$dir" report source june --html "$dir/june.html"
step log "$first" -p
step verify
printf '\nThe ledger is in %s/.claimtrack (a bare git repository: try git --git-dir=%s/.claimtrack log --stat);\n' "$dir" "$dir"
printf 'the June article with its cited passages marked is the page %s/june.html.\n' "$dir"
