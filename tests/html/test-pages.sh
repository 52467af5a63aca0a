#!/bin/bash
# The four HTML pages (report unsourced, report contradictions, diff, report source) as a
# browser shows them: a small ledger is built, each page is written with --html and opened
# in headless Chromium, and the DOM it parsed is checked: the statements and quotes show,
# the passages are marked and linked, removed and added words are <del> and <ins>, no
# script exists and hostile text from the ledger shows as text. One line per check, then
# "N passed, M failed". Exits 0 when all pass, 1 when one fails, and 77 (skipped) without
# Chromium: this script installs nothing (the test command installs Debian's chromium).
# Usage: test-pages.sh CLAIMTRACK
#   CLAIMTRACK_SCREENSHOT=FILE  keep the PNG of the source page there (default: discarded)
#   CHROMIUM=PROGRAM            the browser (default: chromium)
set -u
ct=${1:?usage: test-pages.sh CLAIMTRACK}
browser=${CHROMIUM:-chromium}
if ! command -v "$browser" >/dev/null 2>&1; then
	echo "skip: $browser is not installed (Debian: apt-get install chromium)"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/claimtrack-pages.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home LC_ALL=C TZ=UTC CLAIMTRACK_AUTHOR="Page Test <pages@example.org>"
export CLAIMTRACK_DATE=2025-03-01T12:00:00Z CLAIMTRACK_ID_SEED=pages
unset CLAIMTRACK_DIR
mkdir -p "$HOME" "$tmp/ledger"
cd "$tmp" || exit 99

passed=0 failed=0
# check NAME COMMAND...: run the command quietly, print one line, count it.
check() {
	local name=$1
	shift
	if "$@" >/dev/null 2>&1; then
		echo "ok: $name"
		passed=$((passed + 1))
	else
		echo "FAIL: $name"
		failed=$((failed + 1))
	fi
}
# Each file check fails when the file is missing or empty.
has() { [ -s "$1" ] && grep -qF -- "$2" "$1"; }
has_all() {
	local f=$1 s
	shift
	for s in "$@"; do has "$f" "$s" || return 1; done
}
lacks() { [ -s "$1" ] && ! grep -qF -- "$2" "$1"; }
matches() { [ -s "$1" ] && grep -qE -- "$2" "$1"; }
# times FILE REGEX N: the extended regex matches exactly N times (N+: at least N).
times() {
	local n
	[ -s "$1" ] || return 1
	n=$(grep -oE -- "$2" "$1" | wc -l)
	case $3 in
	*+) [ "$n" -ge "${3%+}" ] ;;
	*) [ "$n" -eq "$3" ] ;;
	esac
}
# row FILE ID: the lines of the table row of claim ID.
row() { sed -n "/<tr id=\"claim-$2\">/,/<\/tr>/p" "$1" 2>/dev/null; }
# No tag is a script or loads anything, and none has an event handler.
inert_tags() {
	[ -s "$1" ] && ! grep -oE '<[a-zA-Z][^>]*>' "$1" |
		grep -qiE '^<(script|link|img|iframe|object|embed|base)|[[:space:]](src|on[a-z]+)='
}
# Every href goes to a fragment of the page or to an http(s) URL.
safe_links() { [ -s "$1" ] && ! grep -oE ' href="[^"]*"' "$1" | grep -vqE '^ href="(#|https?://)'; }
dom_ok() { has "$1" '<body>' && lacks "$1" '<script'; }
is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }

# browse dom PAGE: the DOM Chromium parsed from file://PAGE, in PAGE.dom.
# browse shot PAGE PNG: a 1200x1600 screenshot of it.
# The browser's own chatter (D-Bus, GPU) goes to PAGE.log.
browse() {
	local mode=$1 page=$2 profile
	local -a flags
	[ -s "$page" ] || return 1
	profile=$(mktemp -d "$tmp/profile.XXXXXX") || return 1
	flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
		--disable-background-networking --disable-component-update --disable-sync
		--user-data-dir="$profile")
	if [ "$mode" = dom ]; then
		timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$page" >"$page.dom" 2>"$page.log" &&
			[ -s "$page.dom" ]
	else
		rm -f "$3"
		timeout 120 "$browser" "${flags[@]}" --screenshot="$3" --window-size=1200,1600 \
			--hide-scrollbars "file://$page" >"$page.log" 2>&1 && is_png "$3"
	fi
}

# ---- the ledger: two sources, claims, a revised source, a contradiction ----
hostile_statement='<script>alert(1)</script> " onmouseover=alert(2) x="'
printf '%s\n' \
	"The river rose 2.4 metres overnight in Millbrook." "" \
	"About 300 residents left their homes, the fire service said." "" \
	"Volunteers filled 5,000 sandbags before dawn. <img src=x onerror=alert(8)>" >desk-1.txt
printf '%s\n' \
	"The river rose 2.4 metres overnight in Millbrook." "" \
	"About 350 residents left their homes, the fire service said." "" \
	"Volunteers filled 5,000 sandbags before dawn. <img src=x onerror=alert(8)>" "" \
	"Schools will stay closed on Monday." >desk-2.txt
printf '%s\n' \
	"The council counted 180 residents in its shelters." "" \
	"Engineers confirmed that the river rose 2.4 metres." >council.txt

L=(-C "$tmp/ledger")
claim() { "$ct" "${L[@]}" claim add "$@"; }
# The desk's article cites the council's primary report; a claim cited by both with
# values that cannot both hold (300 and 180 residents, same day) is a contradiction.
setup() {
	"$ct" init -q "$tmp/ledger" &&
		"$ct" "${L[@]}" source add council.txt --id council --kind primary \
			--published 2025-02-27 --url https://council.example/floods \
			--title "Shelter count" >/dev/null &&
		"$ct" "${L[@]}" source add desk-1.txt --id desk --kind secondary --published 2025-02-27 \
			--url 'https://news.example/floods?day=1&"x"' \
			--title 'Millbrook floods <script>alert(1)</script>' --cites council >/dev/null &&
		residents=$(claim "About 300 residents left their homes" --source desk \
			--quote "About 300 residents left their homes") &&
		homes=$(claim "Residents left their homes" --source desk \
			--quote "300 residents left their homes") &&
		river=$(claim "The river rose 2.4 metres" --source desk \
			--quote "The river rose 2.4 metres overnight") &&
		claim "Volunteers filled 5,000 sandbags" --source desk \
			--quote "Volunteers filled 5,000 sandbags before dawn" >/dev/null &&
		tag=$(claim "The article holds an image tag" --source desk \
			--quote "<img src=x onerror=alert(8)>" --stance mentions) &&
		hostile=$(claim "$hostile_statement") &&
		"$ct" "${L[@]}" cite "$residents" council --quote "180 residents" >/dev/null &&
		"$ct" "${L[@]}" cite "$river" council --quote "the river rose 2.4 metres" >/dev/null &&
		CLAIMTRACK_DATE=2025-03-02T08:00:00Z "$ct" "${L[@]}" source update desk desk-2.txt \
			>/dev/null
}
residents='' homes='' river='' tag='' hostile=''
check "a ledger with two sources, six claims, a revision and a contradiction" setup

# ---- the pages ----
check "report unsourced --html writes a page" \
	"$ct" "${L[@]}" report unsourced --html "$tmp/unsourced.html"
check "report contradictions --html writes a page" \
	"$ct" "${L[@]}" report contradictions --html "$tmp/contradictions.html"
check "diff --html writes a page" "$ct" "${L[@]}" diff desk --html "$tmp/diff.html"
check "report source --html writes a page" \
	"$ct" "${L[@]}" report source desk --html "$tmp/source.html"

# The files as written, then the DOM Chromium makes of them.
for page in unsourced contradictions diff source; do
	f=$tmp/$page.html
	check "$page: the file is an HTML5 page with its charset" \
		has_all "$f" '<!doctype html>' '<meta charset="utf-8">'
	check "$page: the file has its CSS inline, with a print style" \
		has_all "$f" '<style>' '@media print{'
	check "$page: no tag in the file is a script, loads something or has a handler" \
		inert_tags "$f"
	check "$page: every link goes to the page itself or to an http(s) URL" safe_links "$f"
	check "$page: Chromium opens it" browse dom "$f"
	check "$page: the DOM has a body and no script element" dom_ok "$f.dom"
	check "$page: no element of the DOM has an event handler" inert_tags "$f.dom"
done

u=$tmp/unsourced.html.dom
row "$u" "$hostile" >"$u.hostile"
row "$u" "$tag" >"$u.tag"
check "unsourced: the hostile statement shows as text" \
	has "$u" '<td>&lt;script&gt;alert(1)&lt;/script&gt; " onmouseover=alert(2) x="</td>'
check "unsourced: the uncited claim is a row with the reason no-citation" \
	has "$u.hostile" '<span class="badge reason-no-citation"'
check "unsourced: the claim only mentioned has the reason mentions-only" \
	has "$u.tag" '<span class="badge reason-mentions-only"'
check "unsourced: its quote shows as text" \
	has "$u.tag" '<q>&lt;img src=x onerror=alert(8)&gt;</q>'
check "unsourced: a backed claim is not listed" lacks "$u" "id=\"claim-$river\""

c=$tmp/contradictions.html.dom
check "contradictions: the claim's statement shows" \
	has "$c" 'About 300 residents left their homes</h3>'
check "contradictions: both quotes show" has_all "$c" \
	'<blockquote>About 300 residents left their homes</blockquote>' \
	'<blockquote>180 residents</blockquote>'
check "contradictions: the reason is the values" has "$c" 'the values cannot both hold'
check "contradictions: both publication dates show" times "$c" 'published 2025-02-27' 2
check "contradictions: the updates over time have their own section" \
	has "$c" '<h2>Updates over time (0)</h2>'

d=$tmp/diff.html.dom
check "diff: the removed number is in <del>" has "$d" '<del>300</del>'
check "diff: the added number is in <ins>" has "$d" '<ins>350</ins>'
check "diff: the added paragraph is in <ins>" \
	has "$d" '<ins>Schools will stay closed on Monday.</ins>'
check "diff: the stat shows" matches "$d" '[0-9]+ words? removed, [0-9]+ words? added'
check "diff: the changed claim has its badge" \
	has "$d" '<span class="badge change-changed">changed</span>'
check "diff: the changed claim shows its old and new passage" has_all "$d" \
	'<h4>Before (revision 1)</h4>' '<h4>After (revision 2)</h4>'
check "diff: the article's own markup shows as text" has "$d" '&lt;img src=x onerror=alert(8)&gt;'

s=$tmp/source.html.dom
check "source: the title shows as text" \
	has "$s" '<h1>Millbrook floods &lt;script&gt;alert(1)&lt;/script&gt;</h1>'
check "source: the URL is a link that sends no referrer" \
	has "$s" '<a href="https://news.example/floods?day=1&amp;&quot;x&quot;" rel="noreferrer">'
check "source: each paragraph of the text is a <p>" \
	has_all "$s" '<p>Schools will stay closed on Monday.</p>' '<div class="article">'
check "source: each cited passage is a <mark> with an id" \
	times "$s" '<mark class="[a-z ]+" id="passage-[0-9]+"' 5
check "source: a passage links to its claim" \
	has "$s" "<a href=\"#claim-$river\">The river rose 2.4 metres overnight</a>"
check "source: the claim it links to is listed below the text" \
	has "$s" "<li class=\"claim\" id=\"claim-$river\">"
outer="<mark [^>]*><a href=\"#claim-$residents\">[^<]*</a>"
inner="<mark [^>]*><a href=\"#claim-$homes\">"
check "source: a passage within a passage is a mark within a mark" matches "$s" "$outer$inner"
check "source: the contradicted claim's passage is marked contradicted" \
	matches "$s" "<mark class=\"contradicted[a-z ]*\"[^>]*><a href=\"#claim-$residents\">"
check "source: the passage of a claim only mentioned is marked unsourced, as text" \
	has "$s" "<a href=\"#claim-$tag\">&lt;img src=x onerror=alert(8)&gt;</a></mark>"
check "source: the legend shows the three kinds of mark" has_all "$s" \
	'<mark class="cited">' '<mark class="unsourced">' '<mark class="contradicted">'
check "source: both revisions show with their SHA-256" \
	times "$s" '<code class="sha">[0-9a-f]{64}</code>' 2

shot=${CLAIMTRACK_SCREENSHOT:-$tmp/source.png}
check "source: Chromium takes a PNG screenshot of it" browse shot "$tmp/source.html" "$shot"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
