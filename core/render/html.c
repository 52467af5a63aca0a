/* core/render/html.c: self-contained HTML pages of the reports (see core/render/html.h). */
#include "html.h"

#include "buf.h"
#include "error.h"
#include "segment.h"
#include "utf8.h"
#include "value.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/*
 * A page is built whole in memory and written with one fwrite(), so that a
 * failed write is seen once, at the end. Appending can only fail for want of
 * memory; rather than test every append, the builder remembers the first
 * failure and drops everything after it, and the page is then not written.
 */
struct html {
	ct_buf buf;
	int failed; /* an append ran out of memory: buf holds part of the page */
};

#define HTML_INIT { CT_BUF_INIT, 0 }

/* Append raw bytes: markup this file writes, never text from the ledger. */
static void putn(struct html *h, const char *s, size_t n)
{
	if (!h->failed && n && ct_buf_put(&h->buf, s, n) < 0)
		h->failed = 1;
}

static void put(struct html *h, const char *s)
{
	putn(h, s, strlen(s));
}

/* Append raw markup pieces, up to a NULL. */
static void putv(struct html *h, ...)
{
	va_list ap;
	const char *s;

	va_start(ap, h);
	while ((s = va_arg(ap, const char *)) != NULL)
		put(h, s);
	va_end(ap);
}

static void put_int(struct html *h, long long n)
{
	char tmp[32];

	snprintf(tmp, sizeof(tmp), "%lld", n);
	put(h, tmp);
}

/*
 * Append `n` bytes of text, escaped for element content and for quoted
 * attribute values alike: & < > " ' become references. NUL and the other
 * C0 controls but TAB, LF and CR are not allowed in HTML text and become
 * U+FFFD.
 */
static void escn(struct html *h, const char *s, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *ref;

		switch (c) {
		case '&': ref = "&amp;"; break;
		case '<': ref = "&lt;"; break;
		case '>': ref = "&gt;"; break;
		case '"': ref = "&quot;"; break;
		case '\'': ref = "&#39;"; break;
		case '\t':
		case '\n':
		case '\r': continue;
		default:
			if (c >= 0x20)
				continue;
			ref = "\xEF\xBF\xBD";
		}
		putn(h, s + run, i - run);
		put(h, ref);
		run = i + 1;
	}
	putn(h, s + run, n - run);
}

static void esc(struct html *h, const char *s)
{
	escn(h, s, strlen(s));
}

/* A string member of `o`, or "" (o may be NULL or not an object). */
static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* An integer member of `o`, or `def`. */
static long long num(const json_t *o, const char *key, long long def)
{
	const json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? (long long)json_integer_value(v) : def;
}

static size_t count(const json_t *o, const char *key)
{
	return json_array_size(json_object_get(o, key));
}

/*
 * Append `s` as a class name: ASCII letters, digits, '-' and '_' stay, any
 * other byte becomes '_', so data ("supported", "no-citation") can pick a
 * style without being able to leave the attribute.
 */
static void put_token(struct html *h, const char *s)
{
	for (; *s; s++) {
		char c = *s;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '-' || c == '_';
		putn(h, ok ? &c : "_", 1);
	}
}

/*
 * <span class="badge KIND-VALUE">LABEL</span> and a space, with an optional
 * tooltip; `label` NULL shows the value. An empty value shows nothing.
 */
static void badge_as(struct html *h, const char *kind, const char *value, const char *label,
		     const char *tip)
{
	if (!*value)
		return;
	putv(h, "<span class=\"badge ", kind, "-", NULL);
	put_token(h, value);
	put(h, "\"");
	if (tip) {
		put(h, " title=\"");
		esc(h, tip);
		put(h, "\"");
	}
	put(h, ">");
	esc(h, label ? label : value);
	put(h, "</span> ");
}

static void badge(struct html *h, const char *kind, const char *value, const char *tip)
{
	badge_as(h, kind, value, NULL, tip);
}

/* <code class="id">ID</code> */
static void put_id(struct html *h, const char *id)
{
	put(h, "<code class=\"id\">");
	esc(h, id);
	put(h, "</code>");
}

/* Whether `url` starts with http:// or https://, in any case. */
static int is_web_url(const char *url)
{
	static const char *const schemes[] = { "http://", "https://" };
	size_t i, j;

	for (i = 0; i < sizeof(schemes) / sizeof(*schemes); i++) {
		for (j = 0; schemes[i][j]; j++) {
			char c = url[j];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != schemes[i][j])
				break;
		}
		if (!schemes[i][j])
			return 1;
	}
	return 0;
}

/*
 * A URL the ledger holds: a link when it is http or https (with
 * rel="noreferrer"), plain text otherwise (javascript:, data:, file:...).
 */
static void put_url(struct html *h, const char *url)
{
	if (!is_web_url(url)) {
		esc(h, url);
		return;
	}
	put(h, "<a href=\"");
	esc(h, url);
	put(h, "\" rel=\"noreferrer\">");
	esc(h, url);
	put(h, "</a>");
}

/*
 * A value of core/text/value.h in its short human form ("at least 20,000 victims
 * (>= 20000)"), or its "text" when the object cannot be read back.
 */
static void put_value(struct html *h, const json_t *jv)
{
	ct_value v;
	ct_buf b = CT_BUF_INIT;

	ct_value_init(&v);
	if (ct_value_from_json(&v, jv) == 0 && v.kind != CT_VALUE_NONE) {
		if (ct_value_format(&b, &v) < 0)
			h->failed = 1;
		esc(h, b.ptr);
	} else {
		ct_error_clear(); /* a malformed value is shown as its words, not an error */
		esc(h, str(jv, "text"));
	}
	ct_value_release(&v);
	ct_buf_release(&b);
}

/* The stylesheet of every page: screen first, then what changes on paper. */
static const char css[] =
	"*{box-sizing:border-box}\n"
	"body{margin:0 auto;max-width:62rem;padding:1.5rem 1.25rem 3rem;color:#1d1d1f;"
	"background:#fff;font:17px/1.6 Georgia,Cambria,\"Times New Roman\",serif}\n"
	"h1,h2,h3,h4,table,.meta,.badge,.legend,footer{"
	"font-family:system-ui,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif}\n"
	"h1{font-size:1.65rem;line-height:1.25;margin:0 0 .4rem}\n"
	"h2{font-size:1.2rem;margin:2.2rem 0 .7rem;padding-bottom:.2rem;"
	"border-bottom:2px solid #1d1d1f}\n"
	"h3{font-size:1rem;line-height:1.4;margin:0 0 .4rem}\n"
	"h4{font-size:.85rem;margin:0 0 .2rem;color:#3c4043}\n"
	".meta{color:#5f6368;font-size:.88rem;margin:.15rem 0}\n"
	"code,pre{font-family:ui-monospace,\"DejaVu Sans Mono\",Menlo,Consolas,monospace;"
	"font-size:.82em}\n"
	"code.id{background:#f1f3f4;border-radius:.2rem;padding:0 .2rem}\n"
	".sha{word-break:break-all}\n"
	"table{border-collapse:collapse;width:100%;font-size:.92rem}\n"
	"th,td{border-bottom:1px solid #d0d4da;padding:.45rem .5rem;text-align:left;"
	"vertical-align:top}\n"
	"th{background:#f5f6f8;font-weight:600}\n"
	"tr.current td{background:#fffbe6}\n"
	"ul.cites{margin:0;padding-left:1.1rem}\n"
	".badge{display:inline-block;padding:0 .45rem;margin:0 .25rem .15rem 0;"
	"border:1px solid #9aa0a6;border-radius:.7rem;font-size:.74rem;line-height:1.5;"
	"white-space:nowrap;background:#f1f3f4;color:#202124;font-weight:500}\n"
	".reason-no-citation,.reason-quote-removed,.change-removed,.status-refuted,"
	".status-retracted,.stance-disputes,.flag-contradicted,.flag-unanchored,"
	".relation-values,.relation-stance{background:#fde8e8;border-color:#c5221f;color:#8c1d18}\n"
	".reason-mentions-only,.reason-no-primary-source,.change-changed,.status-disputed,"
	".status-unverified,.stance-mentions,.relation-update{background:#fef3d7;"
	"border-color:#b06000;color:#6b3a00}\n"
	".change-added,.status-supported,.stance-supports,.relation-agree{background:#e6f4ea;"
	"border-color:#188038;color:#0d652d}\n"
	".change-moved{background:#e8f0fe;border-color:#1967d2;color:#174ea6}\n"
	"blockquote{margin:.35rem 0;padding:.3rem .8rem;border-left:4px solid #c4c9d0;"
	"background:#f5f6f8}\n"
	".pair,.claim,.para{break-inside:avoid;page-break-inside:avoid;border:1px solid #d0d4da;"
	"border-radius:.4rem;padding:.8rem 1rem;margin:.8rem 0}\n"
	".sides{display:grid;grid-template-columns:1fr 1fr;gap:1rem}\n"
	".claim p,.pair p{margin:.35rem 0}\n"
	".value{font-size:.9rem;margin:.2rem 0}\n"
	".empty{font-style:italic;color:#5f6368}\n"
	"del{background:#fde8e8;color:#8c1d18;text-decoration:line-through}\n"
	"ins{background:#e6f4ea;color:#0d652d;text-decoration:underline}\n"
	"del.trivial,ins.trivial{background:none}\n"
	"p.diff{white-space:pre-wrap;margin:0}\n"
	".article p{margin:0 0 1em}\n"
	"ol.claims{padding-left:0;list-style:none}\n"
	"mark{color:inherit;padding:0 .05em;border-bottom:2px solid}\n"
	"mark a{color:inherit;text-decoration:none}\n"
	"mark.cited{background:#fff1a8;border-bottom-color:#a68300}\n"
	"mark.unsourced{background:#ffd8a8;border-bottom:2px dashed #c25e00}\n"
	"mark.contradicted{background:#ffc9c9;border-bottom:3px double #c5221f}\n"
	"mark mark{border-bottom-width:4px}\n"
	".legend mark{margin-right:.8rem}\n"
	"ol.log{padding-left:1.2rem}\n"
	"ol.log pre{white-space:pre-wrap;margin:.2rem 0}\n"
	"footer{margin-top:3rem;color:#5f6368;font-size:.8rem;border-top:1px solid #d0d4da;"
	"padding-top:.5rem}\n"
	"@media (max-width:42rem){.sides{grid-template-columns:1fr}}\n"
	"@media print{\n"
	"@page{margin:16mm}\n"
	"body{max-width:none;padding:0;font-size:10.5pt}\n"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	"a{color:inherit;text-decoration:none}\n"
	"h2,h3{break-after:avoid;page-break-after:avoid}\n"
	"tr{break-inside:avoid;page-break-inside:avoid}\n"
	".pair,.claim,.para{border-color:#999}\n"
	"footer{border-top:none}\n"
	"}\n";

/* The document up to <body>: head, title (text, escaped here) and the stylesheet. */
static void page_open(struct html *h, const char *title)
{
	put(h, "<!doctype html>\n"
	       "<html lang=\"en\">\n"
	       "<head>\n"
	       "<meta charset=\"utf-8\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	       "<meta http-equiv=\"Content-Security-Policy\" "
	       "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
	       "<meta name=\"referrer\" content=\"no-referrer\">\n"
	       "<title>");
	esc(h, title);
	put(h, " \xC2\xB7 claimtrack</title>\n<style>\n");
	put(h, css);
	put(h, "</style>\n</head>\n<body>\n");
}

static void page_close(struct html *h)
{
	put(h, "<footer>Written by claimtrack: one self-contained page, no script, no external "
	       "resource.</footer>\n</body>\n</html>\n");
}

/*
 * Write the page to `f` and release it. Returns 0; CT_ERROR (-1) when out of
 * memory or when writing failed, with the message set.
 */
static int page_write(FILE *f, struct html *h)
{
	int error = 0;

	if (h->failed) {
		error = ct_error_oom();
	} else {
		errno = 0;
		if (fwrite(h->buf.ptr, 1, h->buf.len, f) != h->buf.len || fflush(f) != 0 ||
		    ferror(f))
			error = ct_error_set(CT_ERROR, "cannot write the page: %s",
					     errno ? strerror(errno) : "write error");
	}
	ct_buf_release(&h->buf);
	return error;
}

/* "N thing" or "N things". */
static void put_count(struct html *h, size_t n, const char *one, const char *many)
{
	put_int(h, (long long)n);
	putv(h, " ", n == 1 ? one : many, NULL);
}

/* ---- report unsourced ---- */

static const struct {
	const char *name, *meaning;
} reasons[] = {
	{ "no-citation", "no citation at all" },
	{ "mentions-only", "cited only by sources that merely mention it" },
	{ "quote-removed", "a cited quote no longer stands in the latest revision of its "
			   "source, and no other citation backs the claim" },
	{ "no-primary-source", "no chain of cited sources reaches a primary source" },
};

static const char *reason_meaning(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(reasons) / sizeof(*reasons); i++)
		if (!strcmp(reasons[i].name, name))
			return reasons[i].meaning;
	return NULL;
}

/* A reason badge, explained in its tooltip when the reason is known. */
static void reason_badge(struct html *h, const json_t *r)
{
	if (json_is_string(r))
		badge(h, "reason", json_string_value(r), reason_meaning(json_string_value(r)));
}

/* SOURCE@REV, the revision when the citation names one. */
static void put_source_rev(struct html *h, const json_t *c)
{
	put(h, "<code>");
	esc(h, str(c, "source"));
	if (json_is_integer(json_object_get(c, "rev"))) {
		put(h, "@");
		put_int(h, num(c, "rev", 0));
	}
	put(h, "</code>");
}

static void unsourced_row(struct html *h, const json_t *e)
{
	const json_t *r, *c;
	size_t i;

	put(h, "<tr id=\"claim-");
	esc(h, str(e, "id"));
	put(h, "\">\n<td>");
	put_id(h, str(e, "id"));
	put(h, "</td>\n<td>");
	esc(h, str(e, "statement"));
	put(h, "</td>\n<td>");
	badge(h, "status", str(e, "status"), NULL);
	put(h, "</td>\n<td>");
	json_array_foreach(json_object_get(e, "reasons"), i, r)
		reason_badge(h, r);
	put(h, "</td>\n<td>");
	if (!count(e, "citations"))
		put(h, "<span class=\"empty\">none</span>");
	else
		put(h, "<ul class=\"cites\">\n");
	json_array_foreach(json_object_get(e, "citations"), i, c) {
		put(h, "<li>");
		put_source_rev(h, c);
		put(h, " ");
		badge(h, "stance", str(c, "stance"), NULL);
		if (json_is_false(json_object_get(c, "anchored")))
			badge(h, "flag", "unanchored",
			      "the quote no longer stands in the latest revision");
		put(h, "<br><q>");
		esc(h, str(c, "quote"));
		put(h, "</q></li>\n");
	}
	if (count(e, "citations"))
		put(h, "</ul>");
	put(h, "</td>\n</tr>\n");
}

int ct_html_unsourced(FILE *f, const json_t *doc)
{
	struct html h = HTML_INIT;
	const json_t *claims = json_object_get(doc, "claims"), *e;
	size_t i, n = json_array_size(claims);

	page_open(&h, "Unsourced claims");
	put(&h, "<header>\n<h1>Unsourced claims</h1>\n<p class=\"meta\">");
	if (n) {
		put_count(&h, n, "claim is", "claims are");
		put(&h, " not backed by a source");
	} else {
		put(&h, "Every claim is backed by a source");
	}
	put(&h, "</p>\n</header>\n<main>\n");
	put(&h, "<section class=\"legend\">\n<h2>Reasons</h2>\n<ul>\n");
	for (i = 0; i < sizeof(reasons) / sizeof(*reasons); i++) {
		put(&h, "<li>");
		badge(&h, "reason", reasons[i].name, NULL);
		putv(&h, reasons[i].meaning, "</li>\n", NULL);
	}
	put(&h, "</ul>\n</section>\n<h2>Claims</h2>\n");
	if (!n) {
		put(&h, "<p class=\"empty\">No unsourced claim.</p>\n");
	} else {
		put(&h, "<table>\n<thead><tr><th>Claim</th><th>Statement</th><th>Status</th>"
			"<th>Reasons</th><th>Citations</th></tr></thead>\n<tbody>\n");
		json_array_foreach(claims, i, e)
			unsourced_row(&h, e);
		put(&h, "</tbody>\n</table>\n");
	}
	put(&h, "</main>\n");
	page_close(&h);
	return page_write(f, &h);
}

/* ---- contradictions and comparisons ---- */

#define UPDATE_INTRO                                                                               \
	"Values that cannot both hold, from sources published on different dates: the later "     \
	"revises the earlier."

/* What a pair of citations shows. */
enum relation { REL_CONFLICT, REL_UPDATE, REL_AGREE };

/* One side of a pair: a citation with its source, date, stance, quote and value. */
static void citation_side(struct html *h, const json_t *c)
{
	put(h, "<section class=\"side\">\n<h4>");
	put_source_rev(h, c);
	put(h, "</h4>\n<p class=\"meta\">");
	if (*str(c, "published")) {
		put(h, "published ");
		esc(h, str(c, "published"));
		put(h, " ");
	}
	badge(h, "stance", *str(c, "stance") ? str(c, "stance") : "supports", NULL);
	put(h, "</p>\n<blockquote>");
	esc(h, str(c, "quote"));
	put(h, "</blockquote>\n");
	if (json_is_object(json_object_get(c, "value"))) {
		put(h, "<p class=\"value\">value: ");
		put_value(h, json_object_get(c, "value"));
		put(h, "</p>\n");
	}
	put(h, "</section>\n");
}

/* An entry of ct_contradictions() or ct_compare_sources(): the claim, why, both citations. */
static void pair(struct html *h, const json_t *e, enum relation rel)
{
	const char *reason = str(e, "reason");

	put(h, "<article class=\"pair\">\n<h3>");
	put_id(h, str(e, "id"));
	put(h, " ");
	esc(h, str(e, "statement"));
	put(h, "</h3>\n");
	if (*str(e, "other")) {
		put(h, "<p class=\"meta\">and claim ");
		put_id(h, str(e, "other"));
		put(h, ", on the same subject and property</p>\n");
	}
	put(h, "<p class=\"reason\">");
	if (rel == REL_UPDATE) {
		badge(h, "relation", "update", NULL);
		put(h, "the later source revises the earlier value");
	} else if (rel == REL_AGREE) {
		badge(h, "relation", "agree", NULL);
		put(h, "the sources agree");
	} else if (!strcmp(reason, "values")) {
		badge_as(h, "relation", "values", "values conflict", NULL);
		put(h, "the values cannot both hold");
	} else if (!strcmp(reason, "stance")) {
		badge_as(h, "relation", "stance", "stances conflict", NULL);
		put(h, "one source supports the claim, the other disputes it");
	} else {
		badge(h, "relation", reason, NULL);
	}
	put(h, "</p>\n<div class=\"sides\">\n");
	citation_side(h, json_object_get(e, "a"));
	citation_side(h, json_object_get(e, "b"));
	put(h, "</div>\n</article>\n");
}

/* A titled list of pairs (with an introduction, or NULL), or a line saying there is none. */
static void pairs(struct html *h, const char *title, const char *intro, const json_t *list,
		  enum relation rel, const char *none)
{
	const json_t *e;
	size_t i;

	putv(h, "<h2>", title, " (", NULL);
	put_int(h, (long long)json_array_size(list));
	put(h, ")</h2>\n");
	if (intro)
		putv(h, "<p class=\"meta\">", intro, "</p>\n", NULL);
	if (!json_array_size(list))
		putv(h, "<p class=\"empty\">", none, "</p>\n", NULL);
	json_array_foreach(list, i, e)
		pair(h, e, rel);
}

int ct_html_contradictions(FILE *f, const json_t *doc)
{
	struct html h = HTML_INIT;
	size_t n = count(doc, "contradictions"), u = count(doc, "updates");

	page_open(&h, "Contradictions");
	put(&h, "<header>\n<h1>Contradictions</h1>\n<p class=\"meta\">");
	put_count(&h, n, "contradiction", "contradictions");
	put(&h, " and ");
	put_count(&h, u, "update", "updates");
	put(&h, " over time</p>\n</header>\n<main>\n");
	pairs(&h, "Contradictions", NULL, json_object_get(doc, "contradictions"), REL_CONFLICT,
	      "No two sources contradict each other.");
	pairs(&h, "Updates over time", UPDATE_INTRO, json_object_get(doc, "updates"), REL_UPDATE,
	      "No value was revised by a later source.");
	put(&h, "</main>\n");
	page_close(&h);
	return page_write(f, &h);
}

/* ---- diff ---- */

/* Claims only one source cites: {"id", "statement", "citation"}. */
static void only_in(struct html *h, const char *source, const json_t *list)
{
	const json_t *e;
	size_t i;

	put(h, "<h2>Only in <code>");
	esc(h, source);
	put(h, "</code> (");
	put_int(h, (long long)json_array_size(list));
	put(h, ")</h2>\n");
	if (!json_array_size(list))
		put(h, "<p class=\"empty\">None.</p>\n");
	json_array_foreach(list, i, e) {
		put(h, "<article class=\"claim\">\n<h3>");
		put_id(h, str(e, "id"));
		put(h, " ");
		esc(h, str(e, "statement"));
		put(h, "</h3>\n");
		citation_side(h, json_object_get(e, "citation"));
		put(h, "</article>\n");
	}
}

static void comparison(struct html *h, const json_t *doc)
{
	const char *a = str(doc, "a"), *b = str(doc, "b");
	ct_buf title = CT_BUF_INIT;

	if (ct_buf_puts(&title, a) < 0 || ct_buf_puts(&title, " compared with ") < 0 ||
	    ct_buf_puts(&title, b) < 0)
		h->failed = 1;
	page_open(h, title.ptr);
	ct_buf_release(&title);
	put(h, "<header>\n<h1><code>");
	esc(h, a);
	put(h, "</code> compared with <code>");
	esc(h, b);
	put(h, "</code></h1>\n<p class=\"meta\">the claims both sources cite, and those only one "
	       "cites</p>\n</header>\n<main>\n");
	pairs(h, "Contradicting", NULL, json_object_get(doc, "contradicting"), REL_CONFLICT,
	      "The sources do not contradict each other.");
	pairs(h, "Updates over time", UPDATE_INTRO, json_object_get(doc, "updates"), REL_UPDATE,
	      "No value was revised by the later source.");
	pairs(h, "Agreeing", NULL, json_object_get(doc, "agreeing"), REL_AGREE,
	      "No claim cited by both sources agrees.");
	only_in(h, a, json_object_get(doc, "only_a"));
	only_in(h, b, json_object_get(doc, "only_b"));
	put(h, "</main>\n");
}

/* The segments of one display paragraph of ct_wdiff_to_json(). */
static void diff_paragraph(struct html *h, const json_t *p)
{
	const json_t *old = json_object_get(p, "old"), *new = json_object_get(p, "new"), *s;
	size_t i;

	put(h, "<section class=\"para\">\n<h3>");
	if (json_is_integer(new)) {
		put(h, "Paragraph ");
		put_int(h, (long long)json_integer_value(new));
		if (!json_is_integer(old))
			put(h, ", added");
		else if (json_integer_value(old) != json_integer_value(new)) {
			put(h, " (paragraph ");
			put_int(h, (long long)json_integer_value(old));
			put(h, " before)");
		}
	} else if (json_is_integer(old)) {
		put(h, "Old paragraph ");
		put_int(h, (long long)json_integer_value(old));
		put(h, ", deleted");
	} else {
		put(h, "Paragraph");
	}
	put(h, "</h3>\n<p class=\"diff\">");
	json_array_foreach(json_object_get(p, "segments"), i, s) {
		const char *op = str(s, "op"), *tag = NULL;
		const json_t *text = json_object_get(s, "text");

		if (!strcmp(op, "-") || !strcmp(op, "+")) {
			tag = *op == '-' ? "del" : "ins";
			putv(h, "<", tag, NULL);
			if (json_is_true(json_object_get(s, "trivial")))
				put(h, " class=\"trivial\"");
			put(h, ">");
		}
		escn(h, str(s, "text"), json_string_length(text));
		if (tag)
			putv(h, "</", tag, ">", NULL);
	}
	put(h, "</p>\n</section>\n");
}

/*
 * The claims section's word diff, "[-old-]{+new+} words", as <del> and
 * <ins>. A marker with no end is shown as it stands.
 */
static void marked_diff(struct html *h, const char *s)
{
	while (*s) {
		const char *open = NULL, *close = NULL, *a = strstr(s, "[-"), *b = strstr(s, "{+");
		const char *tag = "del";

		if (a && (!b || a < b)) {
			open = a;
			close = strstr(a + 2, "-]");
			tag = "del";
		} else if (b) {
			open = b;
			close = strstr(b + 2, "+}");
			tag = "ins";
		}
		if (!open || !close) {
			esc(h, s);
			return;
		}
		escn(h, s, (size_t)(open - s));
		putv(h, "<", tag, ">", NULL);
		escn(h, open + 2, (size_t)(close - open - 2));
		putv(h, "</", tag, ">", NULL);
		s = close + 2;
	}
}

/* A passage of a claim diff: {"rev", "start", "end", "quote", "value"}. */
static void passage_side(struct html *h, const char *label, const json_t *p)
{
	putv(h, "<section class=\"side\">\n<h4>", label, " (revision ", NULL);
	put_int(h, num(p, "rev", 0));
	put(h, ")</h4>\n<blockquote>");
	esc(h, str(p, "quote"));
	put(h, "</blockquote>\n");
	if (json_is_object(json_object_get(p, "value"))) {
		put(h, "<p class=\"value\">value: ");
		put_value(h, json_object_get(p, "value"));
		put(h, "</p>\n");
	}
	put(h, "</section>\n");
}

static void claim_change(struct html *h, const json_t *c)
{
	const char *change = str(c, "change");
	const json_t *old = json_object_get(c, "old"), *new = json_object_get(c, "new"), *sim, *x;
	int edited = json_is_object(old) && json_is_object(new) &&
		     strcmp(str(old, "quote"), str(new, "quote")) != 0;
	size_t i;

	put(h, "<article class=\"claim\" id=\"claim-");
	esc(h, str(c, "id"));
	put(h, "\">\n<h3>");
	put_id(h, str(c, "id"));
	put(h, " ");
	esc(h, str(c, "statement"));
	put(h, " ");
	badge(h, "change", change, NULL);
	put(h, "</h3>\n");
	if (edited) {
		put(h, "<div class=\"sides\">\n");
		passage_side(h, "Before", old);
		passage_side(h, "After", new);
		put(h, "</div>\n");
	} else if (json_is_object(new)) {
		passage_side(h, "Passage", new);
	} else if (json_is_object(old)) {
		passage_side(h, "Removed passage", old);
	}
	if (*str(c, "diff")) {
		put(h, "<p class=\"diff\">");
		marked_diff(h, str(c, "diff"));
		put(h, "</p>\n");
	}
	sim = json_object_get(c, "similarity");
	if (!strcmp(change, "changed") && json_is_number(sim)) {
		char tmp[32];
		snprintf(tmp, sizeof(tmp), "%.0f%%", json_number_value(sim) * 100.0);
		putv(h, "<p class=\"meta\">similarity ", tmp, "</p>\n", NULL);
	}
	if (count(c, "citations") > 1) {
		put(h, "<p class=\"meta\">citations:");
		json_array_foreach(json_object_get(c, "citations"), i, x) {
			put(h, i ? ", " : " ");
			put_int(h, num(x, "seq", 0) + 1);
			put(h, " ");
			esc(h, str(x, "change"));
		}
		put(h, "</p>\n");
	}
	put(h, "</article>\n");
}

static void revision_diff(struct html *h, const json_t *doc)
{
	const json_t *stat = json_object_get(doc, "stat"), *p, *c;
	const char *source = str(doc, "source");
	ct_buf title = CT_BUF_INIT;
	size_t i;

	if (ct_buf_puts(&title, "Changes to ") < 0 || ct_buf_puts(&title, source) < 0 ||
	    ct_buf_printf(&title, ", revision %lld to %lld", num(doc, "from", 0),
			  num(doc, "to", 0)) < 0)
		h->failed = 1;
	page_open(h, title.ptr);
	ct_buf_release(&title);
	put(h, "<header>\n<h1>Changes to <code>");
	esc(h, source);
	put(h, "</code></h1>\n<p class=\"meta\">revision ");
	put_int(h, num(doc, "from", 0));
	put(h, " \xE2\x86\x92 revision ");
	put_int(h, num(doc, "to", 0));
	put(h, "</p>\n</header>\n<main>\n<section class=\"stat\">\n<h2>Summary</h2>\n<p>");
	put_count(h, (size_t)num(stat, "words_removed", 0), "word", "words");
	put(h, " removed, ");
	put_count(h, (size_t)num(stat, "words_added", 0), "word", "words");
	put(h, " added; ");
	put_count(h, (size_t)num(stat, "changes", 0), "change", "changes");
	put(h, " (");
	put_int(h, num(stat, "trivial_changes", 0));
	put(h, " of white space, punctuation or case only) in ");
	put_count(h, (size_t)num(stat, "paragraphs_changed", 0), "paragraph", "paragraphs");
	put(h, ".</p>\n</section>\n<h2>Changed paragraphs</h2>\n");
	if (!count(doc, "paragraphs"))
		put(h, "<p class=\"empty\">The two revisions have the same text.</p>\n");
	json_array_foreach(json_object_get(doc, "paragraphs"), i, p)
		diff_paragraph(h, p);
	put(h, "<h2>Claims (");
	put_int(h, (long long)count(doc, "claims"));
	put(h, ")</h2>\n");
	if (!count(doc, "claims"))
		put(h, "<p class=\"empty\">No claim cites these revisions.</p>\n");
	json_array_foreach(json_object_get(doc, "claims"), i, c)
		claim_change(h, c);
	put(h, "</main>\n");
}

int ct_html_diff(FILE *f, const json_t *doc)
{
	struct html h = HTML_INIT;

	if (json_object_get(doc, "agreeing") || json_object_get(doc, "contradicting") ||
	    json_object_get(doc, "only_a"))
		comparison(&h, doc);
	else
		revision_diff(&h, doc);
	page_close(&h);
	return page_write(f, &h);
}

/* ---- report source ---- */

/* A passage of the text, as it is marked. */
struct passage {
	size_t start, end;  /* byte range in the text, on character boundaries */
	size_t n;           /* its number, from 1, in the order of doc.passages */
	const json_t *data; /* the passage object (borrowed from doc) */
	int shown;          /* its first piece, which holds id="passage-N", is written */
};

/* Outer before inner: by start, then the longer first, then by number. */
static int passage_cmp(const void *x, const void *y)
{
	const struct passage *a = x, *b = y;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end > b->end ? -1 : 1;
	return a->n < b->n ? -1 : a->n > b->n;
}

/* The classes of a passage's mark: contradicted, unsourced, or else cited. */
static void mark_classes(struct html *h, const json_t *p)
{
	int contradicted = json_is_true(json_object_get(p, "contradicted"));
	int unsourced = json_array_size(json_object_get(p, "unsourced")) > 0;

	if (contradicted && unsourced)
		put(h, "contradicted unsourced");
	else
		put(h, contradicted ? "contradicted" : unsourced ? "unsourced" : "cited");
}

static void mark_open(struct html *h, struct passage *p)
{
	put(h, "<mark class=\"");
	mark_classes(h, p->data);
	put(h, "\"");
	if (!p->shown) {
		put(h, " id=\"passage-");
		put_int(h, (long long)p->n);
		put(h, "\"");
		p->shown = 1;
	}
	put(h, " title=\"claim ");
	esc(h, str(p->data, "claim"));
	put(h, ": ");
	esc(h, str(p->data, "statement"));
	put(h, "\">");
}

/*
 * Write text[start, end), one paragraph, with its passages marked.
 *
 * Passages may overlap. Within the paragraph, the text is cut wherever a
 * passage starts or ends; over each piece the passages covering it, outer
 * first (passage_cmp), are the marks that must be open. The marks open from
 * the previous piece that are still wanted, in the same order, stay open;
 * the others are closed and the missing ones opened. Passages that nest
 * come out nested; passages that cross are split, the inner one closed and
 * reopened around the end of the outer one. A paragraph end closes every
 * mark. The link to the claim (<a>, which must not nest) is written around
 * each piece's text alone, to the innermost passage's claim.
 *
 * open/want: room for np passage indexes each.
 */
static void marked_paragraph(struct html *h, const char *text, size_t start, size_t end,
			     struct passage *ps, size_t np, size_t *open, size_t *want)
{
	size_t pos = start, nopen = 0, nwant, keep, i;

	put(h, "<p>");
	while (pos < end) {
		size_t next = end;

		nwant = 0;
		for (i = 0; i < np; i++) {
			if (ps[i].start <= pos && pos < ps[i].end) {
				want[nwant++] = i;
				if (ps[i].end < next)
					next = ps[i].end;
			} else if (ps[i].start > pos && ps[i].start < next) {
				next = ps[i].start;
			}
		}
		for (keep = 0; keep < nopen && keep < nwant && open[keep] == want[keep]; keep++)
			;
		for (; nopen > keep; nopen--)
			put(h, "</mark>");
		for (; nopen < nwant; nopen++) {
			open[nopen] = want[nopen];
			mark_open(h, &ps[want[nopen]]);
		}
		if (nopen) {
			put(h, "<a href=\"#claim-");
			esc(h, str(ps[open[nopen - 1]].data, "claim"));
			put(h, "\">");
		}
		escn(h, text + pos, next - pos);
		if (nopen)
			put(h, "</a>");
		pos = next;
	}
	for (; nopen > 0; nopen--)
		put(h, "</mark>");
	put(h, "</p>\n");
}

/*
 * The passages of doc that lie in the text, widened to whole characters and
 * sorted outer first. ps: [out] a new array (free()), NULL when there is
 * none; np: [out] its length. Returns 0, or -1 when out of memory.
 */
static int passages_load(struct passage **ps, size_t *np, const json_t *doc, const char *text,
			 size_t len)
{
	const json_t *list = json_object_get(doc, "passages"), *p;
	struct passage *out;
	size_t i, n = 0;

	*ps = NULL;
	*np = 0;
	if (!json_array_size(list))
		return 0;
	if (!(out = calloc(json_array_size(list), sizeof(*out))))
		return -1;
	json_array_foreach(list, i, p) {
		long long s = num(p, "start", -1), e = num(p, "end", -1);

		if (s < 0 || e <= s || (unsigned long long)e > len)
			continue;
		out[n].start = (size_t)s;
		out[n].end = (size_t)e;
		while (out[n].start > 0 && ct_utf8_is_cont((unsigned char)text[out[n].start]))
			out[n].start--;
		while (out[n].end < len && ct_utf8_is_cont((unsigned char)text[out[n].end]))
			out[n].end++;
		out[n].n = i + 1;
		out[n].data = p;
		n++;
	}
	qsort(out, n, sizeof(*out), passage_cmp);
	*ps = out;
	*np = n;
	return 0;
}

/* The text as paragraphs (core/text/segment.h), with the passages marked. */
static void source_text(struct html *h, const json_t *doc, struct passage *ps, size_t np)
{
	const json_t *jtext = json_object_get(doc, "text");
	const char *text = str(doc, "text");
	size_t len = json_string_length(jtext), npara = 0, i, *open = NULL, *want = NULL;
	ct_segment *paras = NULL;

	if (ct_segment_paragraphs(&paras, &npara, text, len) < 0 ||
	    (np && (!(open = calloc(np, sizeof(*open))) || !(want = calloc(np, sizeof(*want)))))) {
		h->failed = 1;
		goto done;
	}
	put(h, "<div class=\"article\">\n");
	if (!npara)
		put(h, "<p class=\"empty\">The text is empty.</p>\n");
	for (i = 0; i < npara; i++)
		marked_paragraph(h, text, paras[i].start, paras[i].end, ps, np, open, want);
	put(h, "</div>\n");
done:
	free(paras);
	free(open);
	free(want);
}

/*
 * Whether a passage before index `n` of `list` is one of claim `id` (and,
 * when `key` is not NULL, has `value` as its `key`).
 */
static int earlier(const json_t *list, size_t n, const char *id, const char *key,
		   const char *value)
{
	size_t k;

	for (k = 0; k < n; k++) {
		const json_t *p = json_array_get(list, k);
		if (!strcmp(str(p, "claim"), id) && (!key || !strcmp(str(p, key), value)))
			return 1;
	}
	return 0;
}

/* One claim of the source page: `i` is its first passage in doc.passages. */
static void source_claim(struct html *h, const json_t *list, size_t i, const struct passage *ps,
			 size_t np)
{
	const json_t *p = json_array_get(list, i), *q, *r;
	const char *id = str(p, "claim");
	size_t j;
	int links = 0;

	put(h, "<li class=\"claim\" id=\"claim-");
	esc(h, id);
	put(h, "\">\n<h3>");
	put_id(h, id);
	put(h, " ");
	esc(h, str(p, "statement"));
	put(h, "</h3>\n<p>");
	badge(h, "status", str(p, "status"), NULL);
	/* Each of its stances once. */
	for (j = i; (q = json_array_get(list, j)) != NULL; j++) {
		const char *stance = str(q, "stance");
		if (!strcmp(str(q, "claim"), id) && !earlier(list, j, id, "stance", stance))
			badge(h, "stance", stance, NULL);
	}
	if (json_is_true(json_object_get(p, "contradicted")))
		badge(h, "flag", "contradicted", "two sources' citations of it conflict");
	json_array_foreach(json_object_get(p, "unsourced"), j, r)
		reason_badge(h, r);
	put(h, "</p>\n");
	for (j = 0; j < np; j++) {
		if (!ps[j].shown || strcmp(str(ps[j].data, "claim"), id))
			continue; /* not in this claim, or in no paragraph */
		put(h, links++ ? ", " : "<p class=\"meta\">in the text: ");
		put(h, "<a href=\"#passage-");
		put_int(h, (long long)ps[j].n);
		put(h, "\">passage ");
		put_int(h, (long long)ps[j].n);
		put(h, "</a>");
	}
	if (links)
		put(h, "</p>\n");
	put(h, "</li>\n");
}

/*
 * The claims of the passages, one entry each in the order of their first
 * passage, with a link back to each of their passages that the text shows
 * (after source_text()).
 */
static void source_claims(struct html *h, const json_t *doc, const struct passage *ps, size_t np)
{
	const json_t *list = json_object_get(doc, "passages"), *p;
	long long elsewhere = num(doc, "claims_elsewhere", 0);
	size_t i, n = 0;

	json_array_foreach(list, i, p)
		n += !earlier(list, i, str(p, "claim"), NULL, NULL);
	put(h, "<h2>Claims cited in this revision (");
	put_int(h, (long long)n);
	put(h, ")</h2>\n");
	if (!n)
		put(h, "<p class=\"empty\">No claim cites this revision.</p>\n");
	else
		put(h, "<ol class=\"claims\">\n");
	json_array_foreach(list, i, p)
		if (!earlier(list, i, str(p, "claim"), NULL, NULL))
			source_claim(h, list, i, ps, np);
	if (n)
		put(h, "</ol>\n");
	if (elsewhere > 0) {
		put(h, "<p class=\"meta\">");
		put_count(h, (size_t)elsewhere, "citation", "citations");
		put(h, elsewhere == 1 ? " of this source, made on another revision, does not"
				      : " of this source, made on other revisions, do not");
		put(h, " stand in this one.</p>\n");
	}
}

/* The source's metadata under its title. */
static void source_header(struct html *h, const json_t *src, long long rev)
{
	const json_t *x;
	size_t i;

	put(h, "<header>\n<h1>");
	esc(h, *str(src, "title") ? str(src, "title") : str(src, "id"));
	put(h, "</h1>\n<p class=\"meta\">");
	put_id(h, str(src, "id"));
	put(h, " \xC2\xB7 revision ");
	put_int(h, rev);
	put(h, " of ");
	put_int(h, (long long)count(src, "revisions"));
	if (*str(src, "publisher")) {
		put(h, " \xC2\xB7 ");
		esc(h, str(src, "publisher"));
	}
	if (count(src, "authors")) {
		put(h, " \xC2\xB7 by ");
		json_array_foreach(json_object_get(src, "authors"), i, x) {
			put(h, i ? ", " : "");
			esc(h, json_string_value(x) ? json_string_value(x) : "");
		}
	}
	if (*str(src, "published")) {
		put(h, " \xC2\xB7 published ");
		esc(h, str(src, "published"));
	}
	if (*str(src, "kind")) {
		put(h, " \xC2\xB7 ");
		esc(h, str(src, "kind"));
		put(h, " source");
	}
	put(h, "</p>\n");
	if (*str(src, "url")) {
		put(h, "<p class=\"meta\">");
		put_url(h, str(src, "url"));
		put(h, "</p>\n");
	}
	if (count(src, "cites")) {
		put(h, "<p class=\"meta\">cites ");
		json_array_foreach(json_object_get(src, "cites"), i, x) {
			put(h, i ? ", " : "");
			put_id(h, json_string_value(x) ? json_string_value(x) : "");
		}
		put(h, "</p>\n");
	}
	put(h, "</header>\n");
}

/* The revisions of the source, and the log when there is one. */
static void source_history(struct html *h, const json_t *src, long long rev, const json_t *log)
{
	const json_t *r, *e;
	size_t i;

	put(h, "<h2>Revision history</h2>\n<table>\n<thead><tr><th>Revision</th><th>Retrieved</th>"
	       "<th>Bytes</th><th>SHA-256</th></tr></thead>\n<tbody>\n");
	json_array_foreach(json_object_get(src, "revisions"), i, r) {
		put(h, num(r, "n", 0) == rev ? "<tr class=\"current\"><td>" : "<tr><td>");
		put_int(h, num(r, "n", 0));
		if (num(r, "n", 0) == rev)
			put(h, " (shown)");
		put(h, "</td><td>");
		esc(h, str(r, "retrieved"));
		put(h, "</td><td>");
		put_int(h, num(r, "bytes", 0));
		put(h, "</td><td><code class=\"sha\">");
		esc(h, str(r, "sha256"));
		put(h, "</code></td></tr>\n");
	}
	put(h, "</tbody>\n</table>\n");
	if (!json_is_array(log))
		return;
	put(h, "<h2>Log</h2>\n");
	if (!json_array_size(log))
		put(h, "<p class=\"empty\">No change recorded.</p>\n");
	else
		put(h, "<ol class=\"log\">\n");
	json_array_foreach(log, i, e) {
		const char *msg = str(e, "message"), *nl = strchr(msg, '\n'), *body;
		const char *commit = str(e, "commit");
		size_t blen, clen = strlen(commit), slen = nl ? (size_t)(nl - msg) : strlen(msg);

		put(h, "<li>\n<p class=\"meta\">");
		esc(h, str(e, "date"));
		put(h, " \xC2\xB7 ");
		esc(h, str(e, "author"));
		put(h, " \xC2\xB7 <code title=\"");
		esc(h, commit);
		put(h, "\">");
		escn(h, commit, clen < 12 ? clen : 12); /* abbreviated to 12 hex digits */
		put(h, "</code></p>\n<p>");
		escn(h, msg, slen);
		put(h, "</p>\n");
		/* The body, without the blank lines around it. */
		body = nl ? nl : msg + slen;
		while (*body == '\n' || *body == '\r')
			body++;
		blen = strlen(body);
		while (blen && (body[blen - 1] == '\n' || body[blen - 1] == '\r'))
			blen--;
		if (blen) {
			put(h, "<pre>");
			escn(h, body, blen);
			put(h, "</pre>\n");
		}
		put(h, "</li>\n");
	}
	if (json_array_size(log))
		put(h, "</ol>\n");
}

int ct_html_source(FILE *f, const json_t *doc, const json_t *log)
{
	struct html h = HTML_INIT;
	const json_t *src = json_object_get(doc, "source");
	const json_t *text = json_object_get(doc, "text");
	struct passage *ps = NULL;
	ct_buf title = CT_BUF_INIT;
	long long rev = num(doc, "rev", 0);
	size_t np = 0;

	if (passages_load(&ps, &np, doc, str(doc, "text"), json_string_length(text)) < 0)
		h.failed = 1;
	if (ct_buf_puts(&title, *str(src, "title") ? str(src, "title") : str(src, "id")) < 0 ||
	    ct_buf_puts(&title, " (") < 0 || ct_buf_puts(&title, str(src, "id")) < 0 ||
	    ct_buf_printf(&title, "@%lld)", rev) < 0)
		h.failed = 1;
	page_open(&h, title.ptr);
	source_header(&h, src, rev);
	put(&h, "<main>\n<section class=\"legend\">\n<h2>Legend</h2>\n<p>"
		"<mark class=\"cited\">passage of a claim</mark> "
		"<mark class=\"unsourced\">passage of an unsourced claim</mark> "
		"<mark class=\"contradicted\">passage of a contradicted claim</mark></p>\n"
		"<p class=\"meta\">Each passage links to its claim, listed below the text.</p>\n"
		"</section>\n<h2>Text</h2>\n");
	source_text(&h, doc, ps, np);
	source_claims(&h, doc, ps, np);
	source_history(&h, src, rev, log);
	put(&h, "</main>\n");
	page_close(&h);
	free(ps);
	ct_buf_release(&title);
	return page_write(f, &h);
}
