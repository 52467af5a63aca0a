/* tests/unit/test_html.c: the HTML pages of the reports (core/render/html.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "error.h"

enum page { UNSOURCED, CONTRADICTIONS, DIFF, SOURCE };

static json_t *load(const char *text)
{
	json_error_t e;
	json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &e);

	if (!doc)
		fail_msg("bad test JSON, line %d: %s", e.line, e.text);
	return doc;
}

/* Render a page of `doc` (and `log`, for the source page) into a new string. */
static char *render(enum page page, const char *doc_text, const char *log_text)
{
	json_t *doc = load(doc_text), *log = log_text ? load(log_text) : NULL;
	FILE *f = tmpfile();
	long len;
	char *out;
	int rc = -2;

	assert_non_null(f);
	switch (page) {
	case UNSOURCED: rc = ct_html_unsourced(f, doc); break;
	case CONTRADICTIONS: rc = ct_html_contradictions(f, doc); break;
	case DIFF: rc = ct_html_diff(f, doc); break;
	case SOURCE: rc = ct_html_source(f, doc, log); break;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	rewind(f);
	out = malloc((size_t)len + 1);
	assert_non_null(out);
	assert_int_equal(fread(out, 1, (size_t)len, f), (size_t)len);
	out[len] = '\0';
	fclose(f);
	json_decref(doc);
	json_decref(log);
	return out;
}

/* The part of `page` from the first `from` to the end of the first `to` after it (a new string). */
static char *part(const char *page, const char *from, const char *to)
{
	const char *a = strstr(page, from), *b;
	char *s;

	if (!a)
		fail_msg("'%s' not in the page", from);
	b = strstr(a, to);
	if (!b)
		fail_msg("'%s' not after '%s'", to, from);
	b += strlen(to);
	s = malloc((size_t)(b - a) + 1);
	assert_non_null(s);
	memcpy(s, a, (size_t)(b - a));
	s[b - a] = '\0';
	return s;
}

static void assert_part(const char *page, const char *from, const char *to, const char *expect)
{
	char *got = part(page, from, to);

	assert_string_equal(got, expect);
	free(got);
}

static void assert_has(const char *page, const char *needle)
{
	if (!strstr(page, needle))
		fail_msg("'%s' not in the page", needle);
}

static void assert_lacks(const char *page, const char *needle)
{
	if (strstr(page, needle))
		fail_msg("'%s' in the page", needle);
}

static size_t occurrences(const char *page, const char *needle)
{
	size_t n = 0;

	for (; (page = strstr(page, needle)) != NULL; page++)
		n++;
	return n;
}

/* Whether the element named by the n bytes at `name` has no end tag (of those the pages use). */
static int is_void(const char *name, size_t n)
{
	return (n == 4 && !strncmp(name, "meta", 4)) || (n == 2 && !strncmp(name, "br", 2));
}

/*
 * A start tag [p, end): its attributes are name="value" pairs, with names
 * from the few core/render/html.c writes (no src, no event handler), and a link goes
 * to the page itself or to the web.
 */
static void check_tag(const char *p, const char *end)
{
	static const char *const names[] = { "class", "id", "title", "href", "rel", "lang",
					     "charset", "name", "content", "http-equiv" };

	p += 1 + strcspn(p + 1, " >");
	while (p < end) {
		size_t n, i;

		assert_true(*p == ' ');
		p++;
		n = strcspn(p, "=");
		for (i = 0; i < sizeof(names) / sizeof(*names); i++)
			if (strlen(names[i]) == n && !strncmp(p, names[i], n))
				break;
		if (i == sizeof(names) / sizeof(*names))
			fail_msg("attribute '%.*s'", (int)n, p);
		assert_true(p[n] == '=' && p[n + 1] == '"');
		if (!strncmp(p, "href", n)) {
			const char *v = p + n + 2;
			assert_true(*v == '#' || !strncmp(v, "http://", 7) ||
				    !strncmp(v, "https://", 8) || !strncmp(v, "HTTP://", 7));
		}
		p = strchr(p + n + 2, '"');
		assert_true(p && p < end);
		p++;
	}
}

/*
 * Check what every page must be: one HTML5 document with its CSS inline, a
 * print style, no script, no external resource, and well-formed markup: its
 * elements nest (every end tag closes the innermost open element), no link
 * inside a link, and every '&' starts one of the references the escaping
 * writes. No tag loads anything (src=), and every link goes to a fragment of
 * the page or to an http(s) URL. Void elements are meta and br; the
 * stylesheet is skipped.
 */
static void assert_well_formed(const char *page)
{
	const char *stack[64], *p, *style;
	size_t depth = 0, links = 0;

	assert_true(strncmp(page, "<!doctype html>\n<html lang=\"en\">\n<head>\n"
				  "<meta charset=\"utf-8\">\n",
			    62) == 0);
	assert_has(page, "<title>");
	assert_has(page, "@media print{");
	assert_lacks(page, "<script");
	assert_lacks(page, "<link");
	assert_lacks(page, "url(");
	assert_lacks(page, "@import");
	assert_int_equal(occurrences(page, "<style>"), 1);
	style = strstr(page, "<style>");
	p = page + strlen("<!doctype html>");
	while (*p) {
		const char *end, *name;
		size_t n;

		if (p == style) {
			p = strstr(p, "</style>");
			assert_non_null(p);
			p += strlen("</style>");
			continue;
		}
		if (*p == '&') {
			assert_true(!strncmp(p, "&amp;", 5) || !strncmp(p, "&lt;", 4) ||
				    !strncmp(p, "&gt;", 4) || !strncmp(p, "&quot;", 6) ||
				    !strncmp(p, "&#39;", 5));
		}
		if (*p == '>')
			fail_msg("a bare '>' in text near '%.40s'", p);
		if (*p != '<') {
			p++;
			continue;
		}
		end = strchr(p, '>');
		assert_non_null(end);
		assert_null(memchr(p + 1, '<', (size_t)(end - p - 1)));
		if (p[1] != '/')
			check_tag(p, end);
		name = p + 1 + (p[1] == '/');
		n = strcspn(name, " >");
		if (p[1] == '/') {
			assert_true(depth > 0);
			depth--;
			if (strncmp(stack[depth], name, n) || !strchr(" >", stack[depth][n]))
				fail_msg("</%.*s> closes <%.10s", (int)n, name, stack[depth]);
			if (n == 1 && *name == 'a')
				links--;
		} else if (!is_void(name, n)) {
			assert_true(depth < sizeof(stack) / sizeof(*stack));
			stack[depth++] = name;
			if (n == 1 && *name == 'a' && links++)
				fail_msg("a link inside a link near '%.60s'", p);
		}
		p = end + 1;
	}
	assert_int_equal(depth, 0);
}

/* ---- escaping ---- */

static const char hostile_unsourced[] =
	"{\"claims\": [{\"id\": \"k<1>\", \"statement\": \"<script>alert(1)</script>\","
	" \"status\": \"\\\" onmouseover=\", \"reasons\": [\"<img src=x onerror=alert(8)>\"],"
	" \"citations\": [{\"source\": \"a&b\", \"rev\": 1, \"quote\": \"it's \\\"quoted\\\"\","
	" \"stance\": \"supports\", \"anchored\": true}]}], \"count\": 1}";

static void test_escape_hostile_strings(void **state)
{
	char *page = render(UNSOURCED, hostile_unsourced, NULL);

	(void)state;
	assert_well_formed(page);
	assert_lacks(page, "<img");
	assert_lacks(page, "\" onmouseover");
	assert_part(page, "<tr id=", "</tr>",
		    "<tr id=\"claim-k&lt;1&gt;\">\n"
		    "<td><code class=\"id\">k&lt;1&gt;</code></td>\n"
		    "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>\n"
		    "<td><span class=\"badge status-__onmouseover_\">&quot; onmouseover=</span> "
		    "</td>\n"
		    "<td><span class=\"badge reason-_img_src_x_onerror_alert_8__\">&lt;img src=x "
		    "onerror=alert(8)&gt;</span> </td>\n"
		    "<td><ul class=\"cites\">\n"
		    "<li><code>a&amp;b@1</code> <span class=\"badge stance-supports\">"
		    "supports</span> <br><q>it&#39;s &quot;quoted&quot;</q></li>\n"
		    "</ul></td>\n"
		    "</tr>");
	free(page);
}

/* In the source page, data lands in attributes too: ids, links and titles. */
static void test_escape_hostile_source(void **state)
{
	char *page = render(SOURCE,
			    "{\"source\": {\"id\": \"s\\\" onclick=\\\"x\", \"title\": "
			    "\"<script>alert(1)</script>\"}, \"rev\": 1, \"text\": \"<b>bold</b> & "
			    "'quoted'\", \"passages\": [{\"start\": 3, \"end\": 7,"
			    " \"claim\": \"c\\\" onmouseover=\\\"alert(2)\", \"statement\": \"<img "
			    "src=x onerror=alert(8)>\", \"status\": \"s\", \"stance\": "
			    "\"supports\"}]}",
			    NULL);

	(void)state;
	assert_well_formed(page);
	assert_lacks(page, "<b>");
	assert_has(page, "<title>&lt;script&gt;alert(1)&lt;/script&gt; (s&quot; onclick=&quot;x@1) "
			 "\xC2\xB7 claimtrack</title>");
	assert_part(page, "<div class=\"article\">", "</div>",
		    "<div class=\"article\">\n<p>&lt;b&gt;<mark class=\"cited\" id=\"passage-1\" "
		    "title=\"claim c&quot; onmouseover=&quot;alert(2): &lt;img src=x "
		    "onerror=alert(8)&gt;\"><a href=\"#claim-c&quot; onmouseover=&quot;alert(2)\">"
		    "bold</a></mark>&lt;/b&gt; &amp; &#39;quoted&#39;</p>\n</div>");
	assert_has(page, "<li class=\"claim\" id=\"claim-c&quot; onmouseover=&quot;alert(2)\">");
	free(page);
}

static void test_escape_controls_and_nul(void **state)
{
	char *page = render(SOURCE,
			    "{\"source\": {\"id\": \"s\", \"revisions\": []}, \"rev\": 1,"
			    " \"text\": \"bell\\u0007 and nul\\u0000 and tab\\tend\","
			    " \"passages\": []}",
			    NULL);

	(void)state;
	assert_well_formed(page);
	assert_part(page, "<div class=\"article\">", "</div>",
		    "<div class=\"article\">\n"
		    "<p>bell\xEF\xBF\xBD and nul\xEF\xBF\xBD and tab\tend</p>\n"
		    "</div>");
	free(page);
}

/* ---- report unsourced ---- */

static void test_unsourced_page(void **state)
{
	char *page = render(UNSOURCED,
			    "{\"claims\": [{\"id\": \"c1\", \"statement\": \"The ferry carried 310 "
			    "passengers\", \"status\": \"unverified\", \"reasons\": "
			    "[\"no-citation\"], \"citations\": []},{\"id\": \"c2\","
			    " \"statement\": \"The bridge reopened in May\", \"status\": "
			    "\"disputed\", \"reasons\": [\"mentions-only\", \"no-primary-source\"],"
			    " \"citations\": [{\"source\": \"gazette\", \"rev\": 2,"
			    " \"quote\": \"the bridge, which reopened in May\","
			    " \"stance\": \"mentions\", \"anchored\": false}]}], \"count\": 2}",
			    NULL);

	(void)state;
	assert_well_formed(page);
	assert_has(page, "<title>Unsourced claims \xC2\xB7 claimtrack</title>\n");
	assert_part(page, "<header>", "</header>",
		    "<header>\n<h1>Unsourced claims</h1>\n"
		    "<p class=\"meta\">2 claims are not backed by a source</p>\n</header>");
	assert_part(page, "<h2>Claims</h2>", "</table>",
		    "<h2>Claims</h2>\n"
		    "<table>\n"
		    "<thead><tr><th>Claim</th><th>Statement</th><th>Status</th><th>Reasons</th>"
		    "<th>Citations</th></tr></thead>\n"
		    "<tbody>\n"
		    "<tr id=\"claim-c1\">\n"
		    "<td><code class=\"id\">c1</code></td>\n"
		    "<td>The ferry carried 310 passengers</td>\n"
		    "<td><span class=\"badge status-unverified\">unverified</span> </td>\n"
		    "<td><span class=\"badge reason-no-citation\" title=\"no citation at "
		    "all\">no-citation</span> </td>\n"
		    "<td><span class=\"empty\">none</span></td>\n"
		    "</tr>\n"
		    "<tr id=\"claim-c2\">\n"
		    "<td><code class=\"id\">c2</code></td>\n"
		    "<td>The bridge reopened in May</td>\n"
		    "<td><span class=\"badge status-disputed\">disputed</span> </td>\n"
		    "<td><span class=\"badge reason-mentions-only\" title=\"cited only by sources "
		    "that merely mention it\">mentions-only</span> <span class=\"badge "
		    "reason-no-primary-source\" title=\"no chain of cited sources reaches a "
		    "primary source\">no-primary-source</span> </td>\n"
		    "<td><ul class=\"cites\">\n"
		    "<li><code>gazette@2</code> <span class=\"badge stance-mentions\">"
		    "mentions</span> <span class=\"badge flag-unanchored\" title=\"the quote no "
		    "longer stands in the latest revision\">unanchored</span> <br><q>the bridge,"
		    " which reopened in May</q></li>\n"
		    "</ul></td>\n"
		    "</tr>\n"
		    "</tbody>\n"
		    "</table>");
	free(page);
}

static void test_unsourced_none(void **state)
{
	char *page = render(UNSOURCED, "{\"claims\": [], \"count\": 0}", NULL);

	(void)state;
	assert_well_formed(page);
	assert_has(page, "<p class=\"meta\">Every claim is backed by a source</p>");
	assert_has(page, "<h2>Claims</h2>\n<p class=\"empty\">No unsourced claim.</p>\n</main>");
	assert_lacks(page, "<table>");
	free(page);
}

/* ---- report contradictions ---- */

static void test_contradictions_page(void **state)
{
	char *page = render(CONTRADICTIONS,
			    "{\"contradictions\": [{\"id\": \"k1\", \"statement\": \"The storm cut "
			    "power to 900 homes\", \"other\": \"k2\", \"reason\": \"values\","
			    " \"a\": {\"source\": \"radio\", \"rev\": 1, \"quote\": \"900 homes "
			    "lost power\", \"stance\": \"supports\", \"published\": \"2025-03-02\","
			    " \"value\": {\"kind\": \"quantity\", \"text\": \"900\","
			    " \"qualifier\": \"\", \"unit\": \"homes\", \"number\": 900,"
			    " \"min\": 900, \"max\": 900}}, \"b\": {\"source\": \"paper\","
			    " \"rev\": 3, \"quote\": \"some 2,000 homes\", \"stance\": "
			    "\"supports\", \"published\": \"2025-03-02\"}}], \"updates\": "
			    "[{\"id\": \"k3\", \"statement\": \"Eleven roads were closed\","
			    " \"reason\": \"values\", \"a\": {\"source\": \"radio\", \"rev\": 1,"
			    " \"quote\": \"eleven roads\", \"stance\": \"supports\"},"
			    " \"b\": {\"source\": \"council\", \"rev\": 1, \"quote\": \"four "
			    "roads\", \"stance\": \"disputes\"}}]}",
			    NULL);

	(void)state;
	assert_well_formed(page);
	assert_has(page, "<p class=\"meta\">1 contradiction and 1 update over time</p>");
	assert_part(page, "<h2>Contradictions (1)</h2>", "</article>",
		    "<h2>Contradictions (1)</h2>\n"
		    "<article class=\"pair\">\n"
		    "<h3><code class=\"id\">k1</code> The storm cut power to 900 homes</h3>\n"
		    "<p class=\"meta\">and claim <code class=\"id\">k2</code>,"
		    " on the same subject and property</p>\n"
		    "<p class=\"reason\"><span class=\"badge relation-values\">values "
		    "conflict</span> the values cannot both hold</p>\n"
		    "<div class=\"sides\">\n"
		    "<section class=\"side\">\n"
		    "<h4><code>radio@1</code></h4>\n"
		    "<p class=\"meta\">published 2025-03-02 <span class=\"badge stance-supports\">"
		    "supports</span> </p>\n"
		    "<blockquote>900 homes lost power</blockquote>\n"
		    "<p class=\"value\">value: 900 homes (= 900)</p>\n"
		    "</section>\n"
		    "<section class=\"side\">\n"
		    "<h4><code>paper@3</code></h4>\n"
		    "<p class=\"meta\">published 2025-03-02 <span class=\"badge stance-supports\">"
		    "supports</span> </p>\n"
		    "<blockquote>some 2,000 homes</blockquote>\n"
		    "</section>\n"
		    "</div>\n"
		    "</article>");
	assert_part(page, "<h2>Updates over time (1)</h2>", "</p>\n<div",
		    "<h2>Updates over time (1)</h2>\n"
		    "<p class=\"meta\">Values that cannot both hold, from sources published on "
		    "different dates: the later revises the earlier.</p>\n"
		    "<article class=\"pair\">\n"
		    "<h3><code class=\"id\">k3</code> Eleven roads were closed</h3>\n"
		    "<p class=\"reason\"><span class=\"badge relation-update\">update</span> the "
		    "later source revises the earlier value</p>\n<div");
	free(page);
}

static void test_contradictions_none(void **state)
{
	char *page = render(CONTRADICTIONS, "{\"contradictions\": [], \"updates\": []}", NULL);

	(void)state;
	assert_well_formed(page);
	assert_part(page, "<main>", "</main>",
		    "<main>\n"
		    "<h2>Contradictions (0)</h2>\n"
		    "<p class=\"empty\">No two sources contradict each other.</p>\n"
		    "<h2>Updates over time (0)</h2>\n"
		    "<p class=\"meta\">Values that cannot both hold, from sources published on "
		    "different dates: the later revises the earlier.</p>\n"
		    "<p class=\"empty\">No value was revised by a later source.</p>\n"
		    "</main>");
	free(page);
}

/* ---- diff ---- */

static const char revision_diff[] =
	"{\"source\": \"gazette\", \"from\": 1, \"to\": 2, \"stat\": {\"words_removed\": 1,"
	" \"words_added\": 7, \"changes\": 2, \"trivial_changes\": 1, \"paragraphs_changed\": 2},"
	" \"paragraphs\": [{\"old\": 1, \"new\": 1, \"segments\": [{\"op\": \"=\","
	" \"text\": \"About \"}, {\"op\": \"-\", \"text\": \"40\", \"trivial\": false},"
	" {\"op\": \"+\", \"text\": \"45\", \"trivial\": false}, {\"op\": \"=\","
	" \"text\": \" volunteers <helped>\"}, {\"op\": \"+\", \"text\": \".\","
	" \"trivial\": true}]},{\"old\": null, \"new\": 3, \"segments\": [{\"op\": \"+\","
	" \"text\": \"A new line & more.\", \"trivial\": false}]}], \"claims\": [{\"id\": \"v1\","
	" \"statement\": \"About 40 volunteers helped\", \"change\": \"changed\","
	" \"old\": {\"rev\": 1, \"start\": 0, \"end\": 17, \"quote\": \"About 40 volunteers\","
	" \"value\": {\"kind\": \"quantity\", \"text\": \"About 40\", \"qualifier\": \"about\","
	" \"unit\": \"volunteers\", \"number\": 40, \"min\": 36, \"max\": 44}},"
	" \"new\": {\"rev\": 2, \"start\": 0, \"end\": 17, \"quote\": \"About 45 volunteers\"},"
	" \"similarity\": 0.8, \"diff\": \"About [-40-]{+45+} volunteers\","
	" \"citations\": [{\"seq\": 0, \"change\": \"changed\"}]},{\"id\": \"v2\","
	" \"statement\": \"The hall was full\", \"change\": \"removed\", \"old\": {\"rev\": 1,"
	" \"start\": 30, \"end\": 47, \"quote\": \"the hall was full\"}, \"similarity\": 0.0,"
	" \"citations\": [{\"seq\": 0, \"change\": \"removed\"}]}]}";

static void test_diff_revisions(void **state)
{
	char *page = render(DIFF, revision_diff, NULL);

	(void)state;
	assert_well_formed(page);
	assert_has(page, "<title>Changes to gazette, revision 1 to 2 \xC2\xB7 claimtrack</title>");
	assert_part(page, "<section class=\"stat\">", "</section>",
		    "<section class=\"stat\">\n<h2>Summary</h2>\n"
		    "<p>1 word removed, 7 words added; 2 changes (1 of white space, punctuation or "
		    "case only) in 2 paragraphs.</p>\n</section>");
	assert_part(page, "<h2>Changed paragraphs</h2>", "<h2>Claims",
		    "<h2>Changed paragraphs</h2>\n"
		    "<section class=\"para\">\n<h3>Paragraph 1</h3>\n"
		    "<p class=\"diff\">About <del>40</del><ins>45</ins> volunteers &lt;helped&gt;"
		    "<ins class=\"trivial\">.</ins></p>\n</section>\n"
		    "<section class=\"para\">\n<h3>Paragraph 3, added</h3>\n"
		    "<p class=\"diff\"><ins>A new line &amp; more.</ins></p>\n</section>\n"
		    "<h2>Claims");
	assert_part(page, "<h2>Claims (2)</h2>", "</main>",
		    "<h2>Claims (2)</h2>\n"
		    "<article class=\"claim\" id=\"claim-v1\">\n"
		    "<h3><code class=\"id\">v1</code> About 40 volunteers helped <span "
		    "class=\"badge change-changed\">changed</span> </h3>\n"
		    "<div class=\"sides\">\n"
		    "<section class=\"side\">\n<h4>Before (revision 1)</h4>\n"
		    "<blockquote>About 40 volunteers</blockquote>\n"
		    "<p class=\"value\">value: about 40 volunteers ([36, 44])</p>\n</section>\n"
		    "<section class=\"side\">\n<h4>After (revision 2)</h4>\n"
		    "<blockquote>About 45 volunteers</blockquote>\n</section>\n"
		    "</div>\n"
		    "<p class=\"diff\">About <del>40</del><ins>45</ins> volunteers</p>\n"
		    "<p class=\"meta\">similarity 80%</p>\n"
		    "</article>\n"
		    "<article class=\"claim\" id=\"claim-v2\">\n"
		    "<h3><code class=\"id\">v2</code> The hall was full <span class=\"badge "
		    "change-removed\">removed</span> </h3>\n"
		    "<section class=\"side\">\n<h4>Removed passage (revision 1)</h4>\n"
		    "<blockquote>the hall was full</blockquote>\n</section>\n"
		    "</article>\n"
		    "</main>");
	free(page);
}

static void test_diff_deleted_paragraph_and_same_text(void **state)
{
	char *page = render(DIFF,
			    "{\"source\": \"s\", \"from\": 2, \"to\": 3, \"stat\": {},"
			    " \"paragraphs\": [{\"old\": 4, \"new\": null, \"segments\": [{\"op\": "
			    "\"-\", \"text\": \"Gone [-not a marker-]\", \"trivial\": false}]},"
			    "{\"old\": 6, \"new\": 5, \"segments\": [{\"op\": \"=\","
			    " \"text\": \"Kept\"}]}], \"claims\": [{\"id\": \"x\","
			    " \"statement\": \"s\", \"change\": \"changed\", \"diff\": \"odd "
			    "[-marker without end\"}]}",
			    NULL);
	char *same;

	(void)state;
	assert_well_formed(page);
	assert_has(page, "<h3>Old paragraph 4, deleted</h3>\n"
			 "<p class=\"diff\"><del>Gone [-not a marker-]</del></p>");
	assert_has(page, "<h3>Paragraph 5 (paragraph 6 before)</h3>\n<p class=\"diff\">Kept</p>");
	assert_has(page, "<p class=\"diff\">odd [-marker without end</p>");
	free(page);

	same = render(DIFF,
		      "{\"source\": \"s\", \"from\": 1, \"to\": 2, \"stat\": {\"words_removed\": "
		      "0}, \"paragraphs\": [], \"claims\": []}",
		      NULL);
	assert_well_formed(same);
	assert_has(same, "<h2>Changed paragraphs</h2>\n"
			 "<p class=\"empty\">The two revisions have the same text.</p>\n"
			 "<h2>Claims (0)</h2>\n"
			 "<p class=\"empty\">No claim cites these revisions.</p>\n</main>");
	free(same);
}

static void test_diff_two_sources(void **state)
{
	char *page = render(DIFF,
			    "{\"a\": \"radio\", \"b\": \"paper<b>\", \"contradicting\": [{\"id\": "
			    "\"k1\", \"statement\": \"Rain fell for 3 days\", \"reason\": "
			    "\"stance\", \"a\": {\"source\": \"radio\", \"rev\": 1,"
			    " \"quote\": \"three days of rain\", \"stance\": \"supports\"},"
			    " \"b\": {\"source\": \"paper<b>\", \"rev\": 1, \"quote\": \"it did "
			    "not rain\", \"stance\": \"disputes\"}}], \"agreeing\": [],"
			    " \"updates\": [], \"only_a\": [{\"id\": \"k4\", \"statement\": \"The "
			    "mayor visited\", \"citation\": {\"source\": \"radio\", \"rev\": 2,"
			    " \"quote\": \"the mayor came\", \"stance\": \"supports\","
			    " \"published\": \"2025-01-05\"}}], \"only_b\": []}",
			    NULL);

	(void)state;
	assert_well_formed(page);
	assert_has(page, "<title>radio compared with paper&lt;b&gt; \xC2\xB7 claimtrack</title>");
	assert_has(page, "<h1><code>radio</code> compared with <code>paper&lt;b&gt;</code></h1>");
	assert_has(page, "<h2>Contradicting (1)</h2>\n<article class=\"pair\">\n"
			 "<h3><code class=\"id\">k1</code> Rain fell for 3 days</h3>\n"
			 "<p class=\"reason\"><span class=\"badge relation-stance\">stances "
			 "conflict</span> one source supports the claim, the other disputes "
			 "it</p>");
	assert_has(page, "<h2>Updates over time (0)</h2>");
	assert_has(page, "<h2>Agreeing (0)</h2>\n"
			 "<p class=\"empty\">No claim cited by both sources agrees.</p>");
	assert_part(page, "<h2>Only in <code>radio</code> (1)</h2>", "</main>",
		    "<h2>Only in <code>radio</code> (1)</h2>\n"
		    "<article class=\"claim\">\n"
		    "<h3><code class=\"id\">k4</code> The mayor visited</h3>\n"
		    "<section class=\"side\">\n<h4><code>radio@2</code></h4>\n"
		    "<p class=\"meta\">published 2025-01-05 <span class=\"badge stance-supports\">"
		    "supports</span> </p>\n"
		    "<blockquote>the mayor came</blockquote>\n</section>\n"
		    "</article>\n"
		    "<h2>Only in <code>paper&lt;b&gt;</code> (0)</h2>\n"
		    "<p class=\"empty\">None.</p>\n"
		    "</main>");
	free(page);
}

/* ---- report source ---- */

/*
 * A two-paragraph text; byte offsets:
 *   0 "Heavy rain flooded 12 streets."  30 "\n\n"
 *  32 "The council opened 3 shelters; 80 people slept there."
 */
#define SOURCE_TEXT                                                                                \
	"Heavy rain flooded 12 streets.\\n\\nThe council opened 3 shelters; 80 people slept there."

static char *source_page(const char *passages)
{
	char doc[4096];

	snprintf(doc, sizeof(doc),
		 "{\"source\": {\"id\": \"gazette\", \"title\": \"Floods <live>\","
		 " \"url\": \"https://example.org/floods?a=1&b=2\", \"publisher\": \"The Gazette\","
		 " \"authors\": [\"R. Vale\", \"T. Oduya\"], \"published\": \"2025-02-03\","
		 " \"kind\": \"secondary\", \"cites\": [\"council\"], \"revisions\": [{\"n\": 1,"
		 " \"retrieved\": \"2025-02-03T10:00:00Z\", \"sha256\": \"aa11\", \"bytes\": 80},"
		 "{\"n\": 2, \"retrieved\": \"2025-02-04T10:00:00Z\", \"sha256\": \"bb22\","
		 " \"bytes\": 84}]},"
		 " \"rev\": 2, \"text\": \"" SOURCE_TEXT "\", \"passages\": [%s],"
		 " \"claims_elsewhere\": 0}",
		 passages);
	return render(SOURCE, doc, NULL);
}

static void test_source_page(void **state)
{
	char *page = source_page(
		"{\"start\": 19, \"end\": 29, \"claim\": \"s1\", \"statement\": \"12 streets "
		"flooded\", \"status\": \"supported\", \"stance\": \"supports\", \"unsourced\": [],"
		" \"contradicted\": false},{\"start\": 63, \"end\": 78, \"claim\": \"s2\","
		" \"statement\": \"80 people used the shelters\", \"status\": \"unverified\","
		" \"stance\": \"mentions\", \"unsourced\": [\"mentions-only\"],"
		" \"contradicted\": true}");

	(void)state;
	assert_well_formed(page);
	assert_has(page, "<title>Floods &lt;live&gt; (gazette@2) \xC2\xB7 claimtrack</title>");
	assert_part(page, "<header>", "</header>",
		    "<header>\n<h1>Floods &lt;live&gt;</h1>\n"
		    "<p class=\"meta\"><code class=\"id\">gazette</code> \xC2\xB7 revision 2 of 2 "
		    "\xC2\xB7 The Gazette \xC2\xB7 by R. Vale, T. Oduya \xC2\xB7 published "
		    "2025-02-03 \xC2\xB7 secondary source</p>\n"
		    "<p class=\"meta\"><a href=\"https://example.org/floods?a=1&amp;b=2\" "
		    "rel=\"noreferrer\">https://example.org/floods?a=1&amp;b=2</a></p>\n"
		    "<p class=\"meta\">cites <code class=\"id\">council</code></p>\n"
		    "</header>");
	assert_has(page, "<mark class=\"cited\">passage of a claim</mark> "
			 "<mark class=\"unsourced\">passage of an unsourced claim</mark> "
			 "<mark class=\"contradicted\">passage of a contradicted claim</mark>");
	assert_part(page, "<div class=\"article\">", "</div>",
		    "<div class=\"article\">\n"
		    "<p>Heavy rain flooded <mark class=\"cited\" id=\"passage-1\" title=\"claim "
		    "s1: 12 streets flooded\"><a href=\"#claim-s1\">12 streets</a></mark>.</p>\n"
		    "<p>The council opened 3 shelters; <mark class=\"contradicted unsourced\" "
		    "id=\"passage-2\" title=\"claim s2: 80 people used the shelters\"><a "
		    "href=\"#claim-s2\">80 people slept</a></mark> there.</p>\n"
		    "</div>");
	assert_part(page, "<h2>Claims cited", "</ol>",
		    "<h2>Claims cited in this revision (2)</h2>\n"
		    "<ol class=\"claims\">\n"
		    "<li class=\"claim\" id=\"claim-s1\">\n"
		    "<h3><code class=\"id\">s1</code> 12 streets flooded</h3>\n"
		    "<p><span class=\"badge status-supported\">supported</span> <span "
		    "class=\"badge stance-supports\">supports</span> </p>\n"
		    "<p class=\"meta\">in the text: <a href=\"#passage-1\">passage 1</a></p>\n"
		    "</li>\n"
		    "<li class=\"claim\" id=\"claim-s2\">\n"
		    "<h3><code class=\"id\">s2</code> 80 people used the shelters</h3>\n"
		    "<p><span class=\"badge status-unverified\">unverified</span> <span "
		    "class=\"badge stance-mentions\">mentions</span> <span class=\"badge "
		    "flag-contradicted\" title=\"two sources&#39; citations of it "
		    "conflict\">contradicted</span> <span class=\"badge reason-mentions-only\" "
		    "title=\"cited only by sources that merely mention it\">mentions-only</span> "
		    "</p>\n"
		    "<p class=\"meta\">in the text: <a href=\"#passage-2\">passage 2</a></p>\n"
		    "</li>\n"
		    "</ol>");
	assert_part(page, "<h2>Revision history</h2>", "</table>",
		    "<h2>Revision history</h2>\n<table>\n"
		    "<thead><tr><th>Revision</th><th>Retrieved</th><th>Bytes</th><th>SHA-256</th>"
		    "</tr></thead>\n<tbody>\n"
		    "<tr><td>1</td><td>2025-02-03T10:00:00Z</td><td>80</td><td><code class=\"sha\">"
		    "aa11</code></td></tr>\n"
		    "<tr class=\"current\"><td>2 (shown)</td><td>2025-02-04T10:00:00Z</td>"
		    "<td>84</td><td><code class=\"sha\">bb22</code></td></tr>\n"
		    "</tbody>\n</table>");
	/* No log given: no log section. */
	assert_lacks(page, "<h2>Log</h2>");
	free(page);
}

/* Passages inside passages nest, one mark in the other; links never nest. */
static void test_source_nested_passages(void **state)
{
	char *page = source_page(
		"{\"start\": 0, \"end\": 30, \"claim\": \"out\", \"statement\": \"o\","
		" \"status\": \"s\", \"stance\": \"supports\", \"unsourced\": [],"
		" \"contradicted\": false},{\"start\": 11, \"end\": 29, \"claim\": \"mid\","
		" \"statement\": \"m\", \"status\": \"s\", \"stance\": \"supports\","
		" \"unsourced\": [\"no-primary-source\"], \"contradicted\": false},{\"start\": 19,"
		" \"end\": 21, \"claim\": \"in\", \"statement\": \"i\", \"status\": \"s\","
		" \"stance\": \"supports\", \"unsourced\": [], \"contradicted\": true}");

	(void)state;
	assert_well_formed(page);
	assert_part(page, "<div class=\"article\">\n<p>", "</p>",
		    "<div class=\"article\">\n<p>"
		    "<mark class=\"cited\" id=\"passage-1\" title=\"claim out: o\">"
		    "<a href=\"#claim-out\">Heavy rain </a>"
		    "<mark class=\"unsourced\" id=\"passage-2\" title=\"claim mid: m\">"
		    "<a href=\"#claim-mid\">flooded </a>"
		    "<mark class=\"contradicted\" id=\"passage-3\" title=\"claim in: i\">"
		    "<a href=\"#claim-in\">12</a></mark>"
		    "<a href=\"#claim-mid\"> streets</a></mark>"
		    "<a href=\"#claim-out\">.</a></mark></p>");
	free(page);
}

/*
 * Passages that cross are split: the one that starts later is closed where
 * the other ends and reopened after it (without a second id). Two passages of
 * the same range and one claim cited twice are listed once.
 */
static void test_source_crossing_passages(void **state)
{
	char *page = source_page(
		"{\"start\": 6, \"end\": 21, \"claim\": \"a\", \"statement\": \"A\","
		" \"status\": \"s\", \"stance\": \"supports\", \"unsourced\": [],"
		" \"contradicted\": false},{\"start\": 11, \"end\": 29, \"claim\": \"b\","
		" \"statement\": \"B\", \"status\": \"s\", \"stance\": \"supports\","
		" \"unsourced\": [], \"contradicted\": false},{\"start\": 32, \"end\": 35,"
		" \"claim\": \"a\", \"statement\": \"A\", \"status\": \"s\","
		" \"stance\": \"disputes\", \"unsourced\": [], \"contradicted\": false},"
		"{\"start\": 32, \"end\": 35, \"claim\": \"c\", \"statement\": \"C\","
		" \"status\": \"s\", \"stance\": \"supports\", \"unsourced\": [],"
		" \"contradicted\": false}");

	(void)state;
	assert_well_formed(page);
	assert_part(page, "<div class=\"article\">", "</div>",
		    "<div class=\"article\">\n<p>Heavy <mark class=\"cited\" id=\"passage-1\" "
		    "title=\"claim a: A\"><a href=\"#claim-a\">rain </a><mark class=\"cited\" "
		    "id=\"passage-2\" title=\"claim b: B\"><a href=\"#claim-b\">flooded "
		    "12</a></mark></mark><mark class=\"cited\" title=\"claim b: B\"><a "
		    "href=\"#claim-b\"> streets</a></mark>.</p>\n"
		    "<p><mark class=\"cited\" id=\"passage-3\" title=\"claim a: A\"><mark "
		    "class=\"cited\" id=\"passage-4\" title=\"claim c: C\"><a href=\"#claim-c\">"
		    "The</a></mark></mark> council opened 3 shelters; 80 people slept there.</p>\n"
		    "</div>");
	assert_int_equal(occurrences(page, "<li class=\"claim\""), 3);
	assert_has(page, "<h3><code class=\"id\">a</code> A</h3>\n"
			 "<p><span class=\"badge status-s\">s</span> <span class=\"badge "
			 "stance-supports\">supports</span> <span class=\"badge stance-disputes\">"
			 "disputes</span> </p>\n"
			 "<p class=\"meta\">in the text: <a href=\"#passage-1\">passage 1</a>, "
			 "<a href=\"#passage-3\">passage 3</a></p>");
	free(page);
}

/* A passage over two paragraphs is closed at the end of the first and reopened in the second. */
static void test_source_passage_across_paragraphs(void **state)
{
	char *page = source_page(
		"{\"start\": 22, \"end\": 43, \"claim\": \"x\", \"statement\": \"X\","
		" \"status\": \"s\", \"stance\": \"supports\", \"unsourced\": [],"
		" \"contradicted\": false}");

	(void)state;
	assert_well_formed(page);
	assert_part(page, "<div class=\"article\">", "</div>",
		    "<div class=\"article\">\n<p>Heavy rain flooded 12 <mark class=\"cited\" "
		    "id=\"passage-1\" title=\"claim x: X\"><a href=\"#claim-x\">streets.</a></mark>"
		    "</p>\n"
		    "<p><mark class=\"cited\" title=\"claim x: X\"><a href=\"#claim-x\">The "
		    "council</a></mark> opened 3 shelters; 80 people slept there.</p>\n</div>");
	free(page);
}

/*
 * Offsets outside the text are left out (the claim is still listed);
 * offsets inside a UTF-8 character are widened to the whole character; a
 * passage of the blank line between paragraphs shows nowhere and gets no link.
 */
static void test_source_bad_offsets(void **state)
{
	char *page = render(SOURCE,
			    "{\"source\": {\"id\": \"s\"}, \"rev\": 1, \"text\": \"caf\xC3\xA9 "
			    "cr\xC3\xA8me\\n\\nx\", \"passages\": [{\"start\": 4, \"end\": 9,"
			    " \"claim\": \"u\", \"statement\": \"U\"},{\"start\": 5, \"end\": 99,"
			    " \"claim\": \"far\", \"statement\": \"F\"},{\"start\": -1, \"end\": 2,"
			    " \"claim\": \"neg\", \"statement\": \"N\"},{\"start\": 12,"
			    " \"end\": 14, \"claim\": \"gap\", \"statement\": \"G\"}]}",
			    NULL);

	(void)state;
	assert_well_formed(page);
	assert_part(page, "<div class=\"article\">", "</div>",
		    "<div class=\"article\">\n<p>caf<mark class=\"cited\" id=\"passage-1\" "
		    "title=\"claim u: U\"><a href=\"#claim-u\">\xC3\xA9 cr\xC3\xA8</a></mark>me</p>"
		    "\n"
		    "<p>x</p>\n"
		    "</div>");
	assert_int_equal(occurrences(page, "<li class=\"claim\""), 4);
	assert_lacks(page, "passage-4");
	assert_has(page, "<li class=\"claim\" id=\"claim-far\">\n<h3><code class=\"id\">far</code> "
			 "F</h3>\n<p></p>\n</li>");
	free(page);
}

static void test_source_url_schemes(void **state)
{
	static const struct {
		const char *url, *expect;
	} cases[] = {
		{ "HTTP://example.org/a", "<a href=\"HTTP://example.org/a\" rel=\"noreferrer\">"
					  "HTTP://example.org/a</a>" },
		{ "https://x.example/\\\" onmouseover=\\\"alert(3)",
		  "<a href=\"https://x.example/&quot; onmouseover=&quot;alert(3)\" "
		  "rel=\"noreferrer\">https://x.example/&quot; onmouseover=&quot;alert(3)</a>" },
		{ "javascript:alert(4)", "<p class=\"meta\">javascript:alert(4)</p>" },
		{ "data:text/html,<b>5</b>", "<p class=\"meta\">"
					     "data:text/html,&lt;b&gt;5&lt;/b&gt;</p>" },
		{ "httpx://example.org", "<p class=\"meta\">httpx://example.org</p>" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char doc[512], *page;

		snprintf(doc, sizeof(doc),
			 "{\"source\": {\"id\": \"s\", \"url\": \"%s\"}, \"rev\": 1,"
			 " \"text\": \"t\", \"passages\": []}",
			 cases[i].url);
		page = render(SOURCE, doc, NULL);
		assert_well_formed(page);
		assert_has(page, cases[i].expect);
		assert_int_equal(occurrences(page, " rel=\"noreferrer\""), i < 2);
		free(page);
	}
}

static void test_source_log_and_elsewhere(void **state)
{
	char *page = render(SOURCE,
			    "{\"source\": {\"id\": \"s\", \"revisions\": []}, \"rev\": 1,"
			    " \"text\": \"\", \"passages\": [], \"claims_elsewhere\": 2}",
			    "[{\"commit\": \"0123456789abcdef0123\", \"author\": \"Ann "
			    "<ann@example.org>\", \"date\": \"2025-02-04T10:00:00Z\","
			    " \"message\": \"Update source s\\n\\nA second <line>\\n\"}]");

	(void)state;
	assert_well_formed(page);
	assert_has(page, "<div class=\"article\">\n<p class=\"empty\">The text is empty.</p>\n"
			 "</div>");
	assert_has(page, "<p class=\"empty\">No claim cites this revision.</p>\n"
			 "<p class=\"meta\">2 citations of this source, made on other revisions,"
			 " do not stand in this one.</p>");
	assert_part(page, "<h2>Log</h2>", "</ol>",
		    "<h2>Log</h2>\n<ol class=\"log\">\n<li>\n"
		    "<p class=\"meta\">2025-02-04T10:00:00Z \xC2\xB7 Ann &lt;ann@example.org&gt; "
		    "\xC2\xB7 <code title=\"0123456789abcdef0123\">0123456789ab</code></p>\n"
		    "<p>Update source s</p>\n"
		    "<pre>A second &lt;line&gt;</pre>\n"
		    "</li>\n</ol>");
	free(page);
}

/* ---- writing ---- */

static void test_write_failure(void **state)
{
	json_t *doc = load("{\"claims\": [], \"count\": 0}");
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	if (!f)
		skip();
	assert_int_equal(ct_html_unsourced(f, doc), -1);
	assert_string_equal(ct_error_last(), "cannot write the page: No space left on device");
	fclose(f);
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_hostile_strings),
		cmocka_unit_test(test_escape_hostile_source),
		cmocka_unit_test(test_escape_controls_and_nul),
		cmocka_unit_test(test_unsourced_page),
		cmocka_unit_test(test_unsourced_none),
		cmocka_unit_test(test_contradictions_page),
		cmocka_unit_test(test_contradictions_none),
		cmocka_unit_test(test_diff_revisions),
		cmocka_unit_test(test_diff_deleted_paragraph_and_same_text),
		cmocka_unit_test(test_diff_two_sources),
		cmocka_unit_test(test_source_page),
		cmocka_unit_test(test_source_nested_passages),
		cmocka_unit_test(test_source_crossing_passages),
		cmocka_unit_test(test_source_passage_across_paragraphs),
		cmocka_unit_test(test_source_bad_offsets),
		cmocka_unit_test(test_source_url_schemes),
		cmocka_unit_test(test_source_log_and_elsewhere),
		cmocka_unit_test(test_write_failure),
	};

	return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
