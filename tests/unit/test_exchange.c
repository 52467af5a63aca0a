/* tests/unit/test_exchange.c: formats, rating tables, strict parsing, export and import. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <ftw.h>
#include <unistd.h>

#include "buf.h"
#include "claimreview.h"
#include "csl.h"
#include "error.h"
#include "exchange.h"
#include "json.h"
#include "jsonl.h"
#include "ledger.h"
#include "model.h"

/* ---- helpers ------------------------------------------------------------- */

/* Parse a JSON literal of a test; fail the test when it does not parse. */
static json_t *J(const char *text)
{
	json_error_t err;
	json_t *v = json_loads(text, 0, &err);

	if (!v)
		fail_msg("bad JSON in the test, line %d: %s", err.line, err.text);
	return v;
}

/* Assert that two JSON values are equal; show both when they are not. */
static void assert_json_equal(const json_t *got, const json_t *want)
{
	if (!json_equal(got, want)) {
		char *g = json_dumps(got, JSON_INDENT(2) | JSON_SORT_KEYS);
		char *w = json_dumps(want, JSON_INDENT(2) | JSON_SORT_KEYS);
		print_error("got:\n%s\nwant:\n%s\n", g ? g : "(null)", w ? w : "(null)");
		free(g);
		free(w);
		fail();
	}
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* A temporary directory holding one or two ledgers. */
struct fixture {
	char dir[64];
	char path[2][160]; /* the .claimtrack directories */
	ct_ledger *l[2];
};

static int fixture_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	int i;

	if (!f)
		return -1;
	setenv("CLAIMTRACK_AUTHOR", "Unit Test <unit@example.org>", 1);
	setenv("CLAIMTRACK_DATE", "2025-01-02T03:04:05Z", 1);
	setenv("CLAIMTRACK_ID_SEED", "exchange", 1);
	snprintf(f->dir, sizeof(f->dir), "/tmp/ct-exchange-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	for (i = 0; i < 2; i++) {
		char d[128];
		snprintf(d, sizeof(d), "%s/l%d", f->dir, i);
		snprintf(f->path[i], sizeof(f->path[i]), "%s/.claimtrack", d);
		if (ct_ledger_init(d) < 0 || ct_ledger_open(&f->l[i], f->path[i]) < 0) {
			fprintf(stderr, "setup: %s\n", ct_error_last());
			return -1;
		}
	}
	*state = f;
	return 0;
}

static int fixture_teardown(void **state)
{
	struct fixture *f = *state;

	ct_ledger_free(f->l[0]);
	ct_ledger_free(f->l[1]);
	nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

static const char courier_v1[] =
    "Ferry timetable changes for the spring\n\n"
    "The Lindqvist ferry will run every 20 minutes from 1 April, the operator said.\n\n"
    "About 3,000 passengers use the crossing on a weekday.\n";
static const char courier_v2[] =
    "Ferry timetable changes for the spring\n\n"
    "About 3,000 passengers use the crossing on a weekday.\n\n"
    "The Lindqvist ferry will run every 20 minutes from 1 April, the operator said.\n";
static const char notice[] =
    "Notice: from 1 April, sailings leave every 20 minutes between 6am and 10pm.\n";

/* Fill ledger 0: two sources (one updated, so that an anchors record exists), three claims. */
static void fill_ledger(ct_ledger *l, char *claim_id)
{
	const char *authors[] = {"Ada Lind"};
	const char *cites[] = {"notice"};
	ct_source_spec s1 = {.id = "notice",
	                     .url = "https://ferries.example/notice",
	                     .title = "Spring sailings",
	                     .publisher = "Lindqvist Ferries",
	                     .published = "2025-03-01",
	                     .kind = "primary"};
	ct_source_spec s2 = {.id = "courier",
	                     .url = "https://courier.example/ferry",
	                     .title = "Ferry timetable",
	                     .publisher = "The Courier",
	                     .published = "2025-03-03",
	                     .kind = "secondary",
	                     .authors = authors,
	                     .nauthors = 1,
	                     .cites = cites,
	                     .ncites = 1};
	ct_cite_spec cite = {.source = "courier", .quote = "every 20 minutes from 1 April"};
	ct_claim_spec c1 = {.statement = "The ferry runs every 20 minutes from April",
	                    .cite = &cite};
	ct_claim_spec c2 = {.statement = "The ferry runs all night"};
	ct_source *src = NULL;
	ct_claim *cl = NULL;
	int rev;

	assert_int_equal(ct_source_add(&src, l, &s1, notice, strlen(notice)), 0);
	ct_source_free(src);
	assert_int_equal(ct_source_add(&src, l, &s2, courier_v1, strlen(courier_v1)), 0);
	ct_source_free(src);
	assert_int_equal(ct_claim_add(&cl, l, &c1), 0);
	strcpy(claim_id, cl->id);
	ct_claim_free(cl);
	assert_int_equal(ct_claim_add(&cl, l, &c2), 0);
	ct_claim_free(cl);
	assert_int_equal(
	    ct_claim_set_status(&cl, l, claim_id, "supported", "the operator's notice agrees"), 0);
	ct_claim_free(cl);
	assert_int_equal(
	    ct_source_update(&src, &rev, l, "courier", courier_v2, strlen(courier_v2), NULL), 0);
	assert_int_equal(rev, 2);
	ct_source_free(src);
}

/* The whole jsonl export of a ledger, as a string (free()). */
static char *export_string(ct_ledger *l)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(ct_export_jsonl(f, l), 0);
	assert_int_equal(fclose(f), 0);
	return text;
}

/* Import `text` as jsonl and expect the error `msg`, with nothing written. */
static void import_fails(ct_ledger *l, const char *text, const char *msg)
{
	ct_import_stats stats;
	char head[64];

	snprintf(head, sizeof(head), "%s", ct_ledger_head(l));
	ct_error_clear();
	assert_int_equal(ct_import_jsonl(&stats, l, text, strlen(text), "in.jsonl"), CT_EINVALID);
	assert_string_equal(ct_error_last(), msg);
	assert_int_equal(stats.committed, 0);
	assert_string_equal(ct_ledger_head(l), head);
}

/* ---- formats and tables -------------------------------------------------- */

/* exchange-format-1: the three format names, and the error that lists them. */
static void test_format_parse(void **state)
{
	ct_format f;

	(void)state;
	assert_int_equal(ct_format_parse(&f, "jsonl"), 0);
	assert_int_equal(f, CT_FORMAT_JSONL);
	assert_int_equal(ct_format_parse(&f, "claimreview"), 0);
	assert_int_equal(f, CT_FORMAT_CLAIMREVIEW);
	assert_int_equal(ct_format_parse(&f, "csl"), 0);
	assert_int_equal(f, CT_FORMAT_CSL);
	assert_int_equal(ct_format_parse(&f, "JSONL"), CT_EINVALID);
	assert_int_equal(f, 0);
	assert_string_equal(ct_error_last(),
	                    "unknown format 'JSONL' (expected jsonl, claimreview or csl)");
}

/* exchange-rating-1: ratings as fact-checkers write them, mapped to statuses. */
static void test_rating_status(void **state)
{
	static const struct {
		const char *rating;
		const char *status;
	} cases[] = {
	    {"False", "refuted"},
	    {"  FALSE  ", "refuted"},
	    {"Incorrect", "refuted"},
	    {"really_false", "refuted"},
	    {"Pants on Fire!", "refuted"},
	    {"pants-on-fire", "refuted"},
	    {"Falso", "refuted"},
	    {"\xc2\xa1"
	     "Falso!",
	     "refuted"}, /* ¡Falso! */
	    {"Bulo", "refuted"},
	    {"Misleading", "disputed"},
	    {"Enga\xc3\xb1oso", "disputed"}, /* Engañoso */
	    {"ENGA\xc3\x91OSO", "disputed"}, /* ENGAÑOSO */
	    {"Enga&ntilde;osa", "disputed"},
	    {"Half-True", "disputed"},
	    {"half_true", "disputed"},
	    {"Mostly False", "disputed"},
	    {"Verdad a medias", "disputed"},
	    {"Missing context", "disputed"},
	    {"Mostly True", "supported"},
	    {"True", "supported"},
	    {"Verdadero", "supported"},
	    {"Retracted", "retracted"},
	    {"False: the crossing opened in 1964", "refuted"},
	    {"Falso - el puente abri\xc3\xb3 en 1964", "refuted"},
	    {"Misleading \xe2\x80\x94 the figure is from 2019", "disputed"},
	    {"The timetable shows one sailing an hour after 10pm", NULL},
	    {"Unproven", NULL},
	    {"Four Pinocchios", NULL},
	    {"Truest", NULL},
	    {"", NULL},
	    {"   ", NULL},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = ct_claimreview_status(cases[i].rating);
		if (!got != !cases[i].status || (got && strcmp(got, cases[i].status)))
			fail_msg("rating '%s': got %s, want %s", cases[i].rating,
			         got ? got : "NULL", cases[i].status ? cases[i].status : "NULL");
	}
	assert_null(ct_claimreview_status(NULL));
}

/* exchange-rating-2: statuses as ClaimReview ratings, and back. */
static void test_rating_names(void **state)
{
	static const char *const statuses[] = {"supported", "disputed", "refuted", "retracted"};
	static const char *const names[] = {"True", "Disputed", "False", "Retracted"};
	static const int values[] = {5, 3, 1, 0};
	size_t i;
	int v;

	(void)state;
	for (i = 0; i < 4; i++) {
		assert_string_equal(ct_claimreview_rating(statuses[i], &v), names[i]);
		assert_int_equal(v, values[i]);
		/* An export read back gives the same status. */
		assert_string_equal(ct_claimreview_status(names[i]), statuses[i]);
	}
	assert_null(ct_claimreview_rating("unverified", &v));
	assert_int_equal(v, 0);
	assert_null(ct_claimreview_rating("maybe", &v));
}

/* exchange-text-1: entities, line ends and white space of published text. */
static void test_text(void **state)
{
	static const struct {
		const char *in;
		int one_line;
		const char *out;
	} cases[] = {
	    {"The council&#039;s toll", 1, "The council's toll"},
	    {"it&#x27;s &amp; &lt;b&gt; &quot;q&quot; &apos;a&apos;", 1, "it's & <b> \"q\" 'a'"},
	    {"a&nbsp;b &ndash; c&hellip;", 1,
	     "a\xc2\xa0"
	     "b \xe2\x80\x93 c\xe2\x80\xa6"},
	    {"cerrar&aacute; un a&ntilde;o", 1, "cerrar\xc3\xa1 un a\xc3\xb1o"},
	    {"line one\r\nline two\rthree", 0, "line one\nline two\nthree"},
	    {"line one\r\n  line two", 1, "line one line two"},
	    {"  stray  spaces \t\n", 0, "stray  spaces"},
	    {"&amp;#039; decodes once", 1, "&#039; decodes once"},
	    {"&bogus; &#; &#x; &#0; &#xD800; &#1114112; &amp", 1,
	     "&bogus; &#; &#x; &#0; &#xD800; &#1114112; &amp"},
	    {"&#128169;", 1, "\xf0\x9f\x92\xa9"},
	    {"", 1, ""},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ct_buf b = CT_BUF_INIT;
		assert_int_equal(
		    ct_claimreview_text(&b, cases[i].in, strlen(cases[i].in), cases[i].one_line),
		    0);
		assert_string_equal(b.ptr, cases[i].out);
		ct_buf_release(&b);
	}
}

/* exchange-parse-1: the strict parser's refusals (ct_json_parse), each with its line and column. */
static void test_parse_strict(void **state)
{
	static const struct {
		const char *text;
		size_t len;
		size_t line;
		const char *msg;
	} cases[] = {
	    {"{\"id\": 1, \"id\": 2}", 0, 3,
	     "'x.jsonl' line 3 column 14: duplicate object key 'id'"},
	    {"{\"a\\\"b\": 1, \"a\\\"b\": 2}", 0, 1,
	     "'x.jsonl' line 1 column 18: duplicate object key 'a\"b'"},
	    {"{\n  \"k\": {\"x\": 1,\n    \"x\": 2}}", 0, 1,
	     "'x.jsonl' line 3 column 7: duplicate object key 'x'"},
	    {"{\"a\": \"caf\xe9\"}", 0, 1, "'x.jsonl' line 1 column 11: invalid UTF-8 (byte 0xe9)"},
	    {"{\"\xc3\xa9\": \"\xed\xa0\x80\"}", 0, 2,
	     "'x.jsonl' line 2 column 8: invalid UTF-8 (byte 0xed)"},
	    {"{\"a\": \"\xc0\xaf\"}", 0, 1, "'x.jsonl' line 1 column 8: invalid UTF-8 (byte 0xc0)"},
	    {"{\"a\":\n \"b\0\"}", 11, 1, "'x.jsonl' line 2 column 4: NUL byte"},
	    {"{\"a\": 1} {\"b\": 2}", 0, 5,
	     "'x.jsonl' line 5 column 10: end of file expected near '{'"},
	    {"{\"a\": \"\\u0000\"}", 0, 1,
	     "'x.jsonl' line 1 column 14: \\u0000 is not allowed without JSON_ALLOW_NUL near "
	     "'\"\\u0000\"'"},
	    {"{\"a\": 1", 0, 1, "'x.jsonl' line 1 column 7: '}' expected near end of file"},
	};
	json_t *doc, *want;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
		ct_error_clear();
		assert_int_equal(
		    ct_json_parse(&doc, cases[i].text, len, "x.jsonl", cases[i].line),
		    CT_EINVALID);
		assert_null(doc);
		assert_string_equal(ct_error_last(), cases[i].msg);
	}
	/* CR LF is white space; a byte order mark is no part of JSON (the imports skip it). */
	assert_int_equal(ct_json_parse(&doc, "\xef\xbb\xbf{}", 5, "x", 1), CT_EINVALID);
	assert_int_equal(ct_json_parse(&doc, "{\"a\": [1]}\r\n", 12, "x", 1), 0);
	want = J("{\"a\": [1]}");
	assert_json_equal(doc, want);
	json_decref(want);
	json_decref(doc);
}

/* ---- jsonl --------------------------------------------------------------- */

/* Lists a and b of records of type t (arrays of their structs) are both n long and equal field by field. */
static void assert_same_records(const ct_record_type *t, const void *a, size_t na, const void *b, size_t nb,
				size_t n)
{
	size_t i;

	assert_int_equal(na, n);
	assert_int_equal(nb, n);
	for (i = 0; i < n; i++)
		assert_int_equal(ct_record_diff(t, (const char *)a + i * t->size, (const char *)b + i * t->size), 0);
}

/* exchange-jsonl-1: an export imported into a fresh ledger gives equal lists, and re-importing
 * writes nothing. */
static void test_jsonl_round_trip(void **state)
{
	struct fixture *f = *state;
	ct_import_stats stats;
	ct_claims ca, cb;
	ct_sources sa, sb;
	char id[16], *text, *again;
	size_t lines = 0;
	const char *p;

	fill_ledger(f->l[0], id);
	text = export_string(f->l[0]);
	for (p = text; *p; p++)
		lines += *p == '\n';
	/* 2 sources, 3 texts, 2 claims, 1 anchors record. */
	assert_int_equal(lines, 8);
	assert_memory_equal(text, "{\"type\":\"source\",\"record\":{", 27);
	assert_int_equal(ct_import_jsonl(&stats, f->l[1], text, strlen(text), "all.jsonl"), 0);
	assert_int_equal(stats.committed, 1);
	assert_int_equal(stats.sources, 2);
	assert_int_equal(stats.texts, 3);
	assert_int_equal(stats.claims, 2);
	assert_int_equal(stats.anchors, 1);
	assert_int_equal(stats.unchanged, 0);

	/* The records are the same, field by field. */
	assert_int_equal(ct_claim_list(&ca, f->l[0], NULL, NULL), 0);
	assert_int_equal(ct_claim_list(&cb, f->l[1], NULL, NULL), 0);
	assert_same_records(&ct_claim_type, ca.v, ca.n, cb.v, cb.n, 2);
	ct_claims_release(&ca);
	ct_claims_release(&cb);
	assert_int_equal(ct_source_list(&sa, f->l[0]), 0);
	assert_int_equal(ct_source_list(&sb, f->l[1]), 0);
	assert_same_records(&ct_source_type, sa.v, sa.n, sb.v, sb.n, 2);
	ct_sources_release(&sa);
	ct_sources_release(&sb);
	/* The restored ledger exports the same bytes. */
	again = export_string(f->l[1]);
	assert_string_equal(again, text);
	free(again);

	/* Everything is there already: nothing is written. */
	assert_int_equal(ct_import_jsonl(&stats, f->l[1], text, strlen(text), "all.jsonl"), 0);
	assert_int_equal(stats.committed, 0);
	assert_int_equal(stats.unchanged, 8);
	assert_int_equal(stats.sources + stats.texts + stats.claims + stats.anchors, 0);
	free(text);
}

/* Replace the first occurrence of `from` in `text` by `to` (a new string). */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	char *out;

	assert_non_null(at);
	out = malloc(strlen(text) + strlen(to) + 1);
	assert_non_null(out);
	sprintf(out, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	return out;
}

/* The line of `text` that starts with `prefix`, with its newline (a new string). */
static char *line_of(const char *text, const char *prefix)
{
	const char *p = text;

	while (p && strncmp(p, prefix, strlen(prefix)))
		p = (p = strchr(p, '\n')) ? p + 1 : NULL;
	assert_non_null(p);
	return strndup(p, strcspn(p, "\n") + 1);
}

/* exchange-jsonl-2: bad lines and bad records are refused with their line and column; nothing is
 * written. */
static void test_jsonl_refused(void **state)
{
	struct fixture *f = *state;
	char id[16], msg[256], *text, *bad, *s, *c, *t;

	fill_ledger(f->l[0], id);
	text = export_string(f->l[0]);

	import_fails(f->l[1], "{\"type\":\"claim\",\"type\":\"claim\"}\n",
	             "'in.jsonl' line 1 column 22: duplicate object key 'type'");
	import_fails(f->l[1], "{\"type\":\"source\",\"record\":{}}\n\n",
	             "'in.jsonl' line 2 column 1: empty line");
	import_fails(f->l[1], "{\"type\":\"source\",\"record\":{}} x\n",
	             "'in.jsonl' line 1 column 31: end of file expected near 'x'");
	import_fails(f->l[1], "[{\"type\":\"source\"}]\n",
	             "'in.jsonl' line 1 column 1: expected an object, one record a line");
	import_fails(f->l[1], "{\"type\":\"note\",\"record\":{}}\n",
	             "'in.jsonl' line 1 column 9: unknown record type 'note' (expected source, "
	             "text, claim or anchors)");
	import_fails(f->l[1], "{\"type\":\"claim\",\"record\":{},\"extra\":1}\n",
	             "'in.jsonl' line 1 column 37: unknown key 'extra' in a claim line");
	import_fails(f->l[1], "{\"record\":{}}\n",
	             "'in.jsonl' line 1 column 1: a record needs a \"type\"");

	/* A text that does not match its revision record. */
	bad = replace(text, "\"text\":\"Ferry timetable", "\"text\":\"Ferry Timetable");
	import_fails(f->l[1], bad,
	             "'in.jsonl' line 2 column 50: the text of 'courier' revision 1 does not match "
	             "the SHA-256 of its revision record");
	free(bad);

	/* A claim citing a source that is in neither the ledger nor the file. */
	c = line_of(text, "{\"type\":\"claim\",\"record\":{\"citations\":[{");
	bad = replace(c, "\"source\":\"courier\"", "\"source\":\"nowhere\"");
	snprintf(msg, sizeof(msg),
	         "'in.jsonl' line 1 column 184: claim '%s' cites source 'nowhere', which is "
	         "neither in the ledger"
	         " nor in the file",
	         id);
	import_fails(f->l[1], bad, msg);
	free(bad);

	/* A source citing a source that is in neither. */
	s = line_of(text, "{\"type\":\"source\",\"record\":{\"authors\"");
	snprintf(msg, sizeof(msg),
	         "'in.jsonl' line 1 column %zu: source 'courier' cites 'notice', which is neither "
	         "in the ledger nor in"
	         " the file",
	         (size_t)(strstr(s, "[\"notice\"]") - s) + 2);
	import_fails(f->l[1], s, msg);

	/* A source whose revision has no text. */
	t = line_of(text, "{\"type\":\"source\",\"record\":{\"created\"");
	snprintf(
	    msg, sizeof(msg),
	    "'in.jsonl' line 1 column %zu: revision 1 of source 'notice' has no text in the file",
	    (size_t)(strstr(t, "\"revisions\":[") - t) + 14);
	import_fails(f->l[1], t, msg);
	/* After a byte order mark, which is skipped: columns count from after it. */
	bad = malloc(strlen(t) + 4);
	sprintf(bad, "\xef\xbb\xbf%s", t);
	import_fails(f->l[1], bad, msg);
	free(bad);

	/* The same source twice. */
	bad = malloc(2 * strlen(t) + 1);
	sprintf(bad, "%s%s", t, t);
	snprintf(msg, sizeof(msg),
	         "'in.jsonl' line 2 column %zu: source 'notice' appears twice (first on line 1)",
	         (size_t)(strstr(t, "\"id\":") - t) + 6);
	import_fails(f->l[1], bad, msg);
	free(bad);

	/* A record the ledger holds with other content. */
	bad = replace(c, "\"status\":\"supported\"", "\"status\":\"refuted\"");
	snprintf(msg, sizeof(msg),
	         "'in.jsonl' line 1 column %zu: claim '%s' is in the ledger already, with "
	         "different content",
	         (size_t)(strstr(c, id) - c), id);
	import_fails(f->l[0], bad, msg);
	free(bad);
	free(s);
	free(t);
	free(c);
	free(text);
}

/* ---- ClaimReview and CSL ------------------------------------------------- */

/* exchange-claimreview-1: a verdict exported as ClaimReview, compared whole; unverified claims left
 * out. */
static void test_claimreview_export(void **state)
{
	struct fixture *f = *state;
	json_t *doc = NULL, *want;
	char id[16], buf[4096];

	fill_ledger(f->l[0], id);
	assert_int_equal(
	    ct_export_claimreview(&doc, f->l[0], "Ferry Desk", "https://desk.example/c/"), 0);
	snprintf(buf, sizeof(buf),
	         "{\"@context\": \"https://schema.org\", \"@graph\": [{"
	         "\"@type\": \"ClaimReview\", \"url\": \"https://desk.example/c/%s\","
	         "\"claimReviewed\": \"The ferry runs every 20 minutes from April\","
	         "\"datePublished\": \"2025-01-02\","
	         "\"author\": {\"@type\": \"Organization\", \"name\": \"Ferry Desk\"},"
	         "\"reviewRating\": {\"@type\": \"Rating\", \"alternateName\": \"True\", "
	         "\"ratingValue\": 5,"
	         " \"bestRating\": 5, \"worstRating\": 1},"
	         "\"itemReviewed\": {\"@type\": \"Claim\","
	         " \"appearance\": [{\"@type\": \"CreativeWork\", \"url\": "
	         "\"https://courier.example/ferry\","
	         "  \"name\": \"Ferry timetable\", \"datePublished\": \"2025-03-03\"}],"
	         " \"firstAppearance\": {\"@type\": \"CreativeWork\", \"url\": "
	         "\"https://courier.example/ferry\","
	         "  \"name\": \"Ferry timetable\", \"datePublished\": \"2025-03-03\"},"
	         " \"author\": {\"@type\": \"Person\", \"name\": \"Ada Lind\"},"
	         " \"datePublished\": \"2025-03-03\"}}]}",
	         id);
	want = J(buf);
	assert_json_equal(doc, want);
	json_decref(want);
	json_decref(doc);
	/* The defaults. */
	assert_int_equal(ct_export_claimreview(&doc, f->l[0], NULL, NULL), 0);
	snprintf(buf, sizeof(buf), "urn:claimtrack:claim:%s", id);
	assert_string_equal(
	    ct_json_str(json_array_get(json_object_get(doc, "@graph"), 0), "url", ""), buf);
	assert_string_equal(
	    ct_json_str(
	        json_object_get(json_array_get(json_object_get(doc, "@graph"), 0), "author"),
	        "name", ""),
	    "claimtrack");
	json_decref(doc);
}

/* exchange-csl-1: sources as CSL-JSON, compared whole. */
static void test_csl_export(void **state)
{
	struct fixture *f = *state;
	json_t *doc = NULL, *want;
	char id[16];

	fill_ledger(f->l[0], id);
	assert_int_equal(ct_export_csl(&doc, f->l[0]), 0);
	want =
	    J("[{\"id\": \"courier\", \"type\": \"article-newspaper\", \"title\": \"Ferry "
	      "timetable\","
	      " \"URL\": \"https://courier.example/ferry\", \"container-title\": \"The Courier\","
	      " \"author\": [{\"literal\": \"Ada Lind\"}], \"issued\": {\"date-parts\": [[2025, 3, "
	      "3]]},"
	      " \"accessed\": {\"date-parts\": [[2025, 1, 2]]}},"
	      " {\"id\": \"notice\", \"type\": \"report\", \"title\": \"Spring sailings\","
	      " \"URL\": \"https://ferries.example/notice\", \"publisher\": \"Lindqvist Ferries\","
	      " \"issued\": {\"date-parts\": [[2025, 3, 1]]}, \"accessed\": {\"date-parts\": "
	      "[[2025, 1, 2]]}}]");
	assert_json_equal(doc, want);
	json_decref(want);
	json_decref(doc);
}

/* exchange-claimreview-2: published ClaimReview records imported as claims, in one commit. */
static void test_claimreview_import(void **state)
{
	struct fixture *f = *state;
	static const char doc[] =
	    "{\"@context\": \"https://schema.org\", \"@graph\": [\r\n"
	    " {\"@type\": \"WebSite\", \"name\": \"Sound Checks\"},\r\n"
	    " {\"@type\": \"ClaimReview\", \"url\": \"https://soundchecks.example/1\",\r\n"
	    "  \"datePublished\": \"2025-04-02\", \"author\": {\"@type\": \"Organization\", "
	    "\"name\": \"Sound Checks\"},\r\n"
	    "  \"claimReviewed\": \"The ferry&#039;s fares double in May\",\r\n"
	    "  \"reviewRating\": {\"@type\": \"Rating\", \"alternateName\": \" Enga\xc3\xb1oso "
	    "\"}},\r\n"
	    " {\"@type\": [\"ClaimReview\"], \"claimReviewed\": [\"Sailings stop at 8pm\", \"No "
	    "ferry after 8pm\"],\r\n"
	    "  \"reviewRating\": {\"@type\": \"Rating\", \"alternateName\": \"We found no "
	    "timetable that says so\"}}\r\n"
	    "]}\r\n";
	static const char none[] = "[{\"@type\": \"WebPage\"}]";
	static const char blank[] =
	    "[{\"@type\": \"ClaimReview\", \"claimReviewed\": \"ok\"},\n"
	    " {\"@type\": \"ClaimReview\",\n  \"claimReviewed\": \" &#32; \"}]";
	static const char dup[] = "{\"@type\": \"ClaimReview\", \"url\": \"a\", \"url\": \"b\"}";
	json_t *claims = NULL, *want;
	ct_import_stats stats;
	char head[64];

	assert_int_equal(
	    ct_import_claimreview(&claims, &stats, f->l[0], doc, strlen(doc), "cr.json"), 0);
	assert_int_equal(stats.claims, 2);
	assert_int_equal(stats.committed, 1);
	want =
	    J("[{\"id\": \"\", \"statement\": \"The ferry's fares double in May\", \"status\": "
	      "\"disputed\","
	      " \"created\": \"2025-01-02T03:04:05Z\", \"updated\": \"2025-01-02T03:04:05Z\", "
	      "\"citations\": [],"
	      " \"notes\": [{\"date\": \"2025-04-02T00:00:00Z\", \"author\": \"Unit Test "
	      "<unit@example.org>\","
	      "  \"status\": \"disputed\", \"text\": \"ClaimReview by Sound Checks on 2025-04-02:"
	      " https://soundchecks.example/1; rating: Enga\xc3\xb1oso\"}]},"
	      " {\"id\": \"\", \"statement\": \"Sailings stop at 8pm\", \"status\": \"unverified\","
	      " \"created\": \"2025-01-02T03:04:05Z\", \"updated\": \"2025-01-02T03:04:05Z\", "
	      "\"citations\": [],"
	      " \"notes\": [{\"date\": \"2025-01-02T03:04:05Z\", \"author\": \"Unit Test "
	      "<unit@example.org>\","
	      "  \"status\": \"unverified\", \"text\": \"ClaimReview; rating: We found no "
	      "timetable that says so;"
	      " also reviewed as: No ferry after 8pm\"}]}]");
	/* The ids are random: compare them apart. */
	assert_int_equal(json_array_size(claims), 2);
	json_object_set(json_array_get(want, 0), "id",
	                json_object_get(json_array_get(claims, 0), "id"));
	json_object_set(json_array_get(want, 1), "id",
	                json_object_get(json_array_get(claims, 1), "id"));
	assert_json_equal(claims, want);
	json_decref(want);
	json_decref(claims);

	/* Refusals: nothing is written. */
	snprintf(head, sizeof(head), "%s", ct_ledger_head(f->l[0]));
	assert_int_equal(
	    ct_import_claimreview(&claims, &stats, f->l[0], none, strlen(none), "cr.json"),
	    CT_EINVALID);
	assert_string_equal(ct_error_last(), "'cr.json' holds no ClaimReview");
	assert_null(claims);
	assert_int_equal(
	    ct_import_claimreview(&claims, &stats, f->l[0], blank, strlen(blank), "cr.json"),
	    CT_EINVALID);
	assert_string_equal(ct_error_last(),
	                    "'cr.json' line 3 column 20: a ClaimReview without a claimReviewed");
	assert_int_equal(
	    ct_import_claimreview(&claims, &stats, f->l[0], dup, strlen(dup), "cr.json"),
	    CT_EINVALID);
	assert_string_equal(ct_error_last(),
	                    "'cr.json' line 1 column 42: duplicate object key 'url'");
	assert_string_equal(ct_ledger_head(f->l[0]), head);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format_parse),
	    cmocka_unit_test(test_rating_status),
	    cmocka_unit_test(test_rating_names),
	    cmocka_unit_test(test_text),
	    cmocka_unit_test(test_parse_strict),
	    cmocka_unit_test_setup_teardown(test_jsonl_round_trip, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_jsonl_refused, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_claimreview_export, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_csl_export, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_claimreview_import, fixture_setup,
	                                    fixture_teardown),
	};

	return cmocka_run_group_tests_name("exchange", tests, NULL, NULL);
}
