/* tests/unit/test_reanchor.c: sentences (core/text/segment.h) and re-anchoring (core/text/reanchor.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "reanchor.h"
#include "segment.h"
#include "text.h"

/* The segments of text, one per line, as "[paragraph] text". */
static char *list(int sentences, const char *text)
{
	ct_segment *s = NULL;
	ct_buf out = CT_BUF_INIT;
	size_t n = 0, i;

	if (sentences)
		assert_int_equal(ct_segment_sentences(&s, &n, text, strlen(text)), 0);
	else
		assert_int_equal(ct_segment_paragraphs(&s, &n, text, strlen(text)), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(ct_buf_printf(&out, "[%zu] %.*s\n", s[i].paragraph,
		                               (int)(s[i].end - s[i].start), text + s[i].start),
		                 0);
	free(s);
	return ct_buf_detach(&out, NULL);
}

static void assert_list(int sentences, const char *text, const char *expect)
{
	char *got = list(sentences, text);

	assert_string_equal(got, expect);
	free(got);
}

/* segment-1: titles, initials, dotted capitals and dated abbreviations keep a sentence going. */
static void test_abbreviations(void **state)
{
	(void)state;
	assert_list(1,
	            "Mr. Ward met Dr. Okonjo at 5 p.m. on Friday. They discussed the U.S. "
	            "budget and E.U. rules. Fees rose in Jan. 2024, said J. R. Hollis. "
	            "See No. 4 and Fig. 2 for details. It ended at 9 p.m. The hall emptied.",
	            "[0] Mr. Ward met Dr. Okonjo at 5 p.m. on Friday.\n"
	            "[0] They discussed the U.S. budget and E.U. rules.\n"
	            "[0] Fees rose in Jan. 2024, said J. R. Hollis.\n"
	            "[0] See No. 4 and Fig. 2 for details.\n"
	            "[0] It ended at 9 p.m.\n"
	            "[0] The hall emptied.\n");
}

/* segment-2: decimals and numbers with dots stay whole; ! ? and ellipses end sentences. */
static void test_numbers_and_marks(void **state)
{
	(void)state;
	assert_list(1,
	            "The rate is 3.75 percent. Output was 1.250.000 units? Yes! "
	            "Then... Nothing more. Version 2.0.1 shipped",
	            "[0] The rate is 3.75 percent.\n"
	            "[0] Output was 1.250.000 units?\n"
	            "[0] Yes!\n"
	            "[0] Then...\n"
	            "[0] Nothing more.\n"
	            "[0] Version 2.0.1 shipped\n");
}

/* segment-3: closing quotes go with their sentence; a lowercase word continues it. */
static void test_quotes(void **state)
{
	(void)state;
	assert_list(
	    1,
	    "\"We leave now,\" she said. \"Why?\" he asked. \xe2\x80\x9cIt is over.\xe2\x80\x9d "
	    "The crowd (mostly locals.) went home.",
	    "[0] \"We leave now,\" she said.\n"
	    "[0] \"Why?\" he asked.\n"
	    "[0] \xe2\x80\x9cIt is over.\xe2\x80\x9d\n"
	    "[0] The crowd (mostly locals.) went home.\n");
}

/* segment-4: paragraphs by blank lines (wrapped lines kept), or one a line. */
static void test_paragraphs(void **state)
{
	(void)state;
	assert_list(0,
	            "Title line\n\nFirst paragraph wraps\nonto a second line.\n "
	            "\t\n\xc2\xa0Last.\xc2\xa0\n",
	            "[0] Title line\n"
	            "[1] First paragraph wraps\nonto a second line.\n"
	            "[2] Last.\n");
	assert_list(1, "Headline\n\nOne. Two.\n", "[0] Headline\n[1] One.\n[1] Two.\n");
	assert_list(0, "One line.\r\nTwo line.\nThree.\n\n",
	            "[0] One line.\n[1] Two line.\n[2] Three.\n");
	assert_list(0, " \n\t\n", "");
	assert_int_equal(ct_segment_space_len("\xe2\x80\x83x", 4), 3);
	assert_int_equal(ct_segment_space_len("x", 1), 0);
}

/*
 * The fold one byte at a time, for reference: each ASCII byte folded here,
 * each run of other bytes by ct_text_normalize() alone (which, meeting no
 * ASCII, then takes no fast path), a space that begins a run left out when
 * the fold already ends with one. Returns the map; the caller frees it.
 */
static size_t *slow_fold(ct_buf *out, const char *text, size_t len, int fold_case)
{
	ct_buf run = CT_BUF_INIT;
	size_t *m = malloc((len + 1) * sizeof(*m)), *rmap = NULL, i = 0, j, k;

	assert_non_null(m);
	ct_buf_reset(out);
	while (i < len) {
		char c = text[i];

		if ((unsigned char)c >= 0x80) {
			for (j = i; j < len && (unsigned char)text[j] >= 0x80; j++)
				;
			assert_int_equal(ct_text_normalize(&run, &rmap, text + i, j - i, fold_case), 0);
			k = run.len && run.ptr[0] == ' ' && out->len && out->ptr[out->len - 1] == ' ';
			assert_non_null(m = realloc(m, (out->len + run.len + len + 1) * sizeof(*m)));
			for (; k < run.len; k++) {
				m[out->len] = rmap[k] + i;
				assert_int_equal(ct_buf_putc(out, run.ptr[k]), 0);
			}
			free(rmap);
			i = j;
			continue;
		}
		if (c == ' ' || (c >= '\t' && c <= '\r')) {
			c = ' ';
			if (out->len && out->ptr[out->len - 1] == ' ') {
				i++;
				continue;
			}
		} else if (c == '`') {
			c = '\'';
		} else if (fold_case && c >= 'A' && c <= 'Z') {
			c = (char)(c - 'A' + 'a');
		}
		m[out->len] = i++;
		assert_int_equal(ct_buf_putc(out, c), 0);
	}
	m[out->len] = len;
	ct_buf_release(&run);
	return m;
}

/* Fold fast and slowly and compare the folded bytes and the maps, whole. */
static void assert_fold_equal(const char *text, size_t len, int fold_case)
{
	ct_buf a = CT_BUF_INIT, b = CT_BUF_INIT;
	size_t *ma = NULL, *mb;

	assert_int_equal(ct_text_normalize(&a, &ma, text, len, fold_case), 0);
	mb = slow_fold(&b, text, len, fold_case);
	assert_int_equal(b.len, a.len);
	assert_memory_equal(b.ptr, a.ptr, a.len + 1);
	assert_memory_equal(mb, ma, (a.len + 1) * sizeof(*ma));
	/* Without a map, the same bytes. */
	assert_int_equal(ct_text_normalize(&a, NULL, text, len, fold_case), 0);
	assert_int_equal(b.len, a.len);
	assert_memory_equal(b.ptr, a.ptr, a.len + 1);
	free(ma);
	free(mb);
	ct_buf_release(&a);
	ct_buf_release(&b);
}

/* segment-5: the fast fold is the fold one byte at a time, byte for byte and map for map. */
static void test_fold(void **state)
{
	static const char *const texts[] = {
	    "",
	    "Plain ASCII: the Harbour TRUST paid 4,500 `pounds' on 2.5 days.",
	    "  Tabs\tand\r\nnewlines \v\f  collapse;\n\n\nleading and trailing  \n",
	    "Controls \x01\x1f\x7f stay, as do ~^{|}.",
	    "Curly \xe2\x80\x9cquotes\xe2\x80\x9d and \xe2\x80\x98single\xe2\x80\x99 ones, "
	    "a dash \xe2\x80\x94 and a minus \xe2\x88\x92"
	    "5.",
	    "No-break space after a space: a \xc2\xa0"
	    "b, before one: a\xc2\xa0 b.",
	    "Invisibles: soft\xc2\xadhyphen, zero\xe2\x80\x8bwidth, \xe2\x80\x8b lead, trail "
	    "\xe2\x80\x8b\n",
	    "Marks out of order: e\xcc\xa3\xcc\x81 and q\xcc\x81\xcc\xa3 then x.",
	    "Precomposed \xc3\xa9t\xc3\xa9 and \xc3\x85ngstr\xc3\xb6m, STRASSE and Stra\xc3\x9f"
	    "e.",
	    "Bad bytes \xff\xfe, cut \xe2\x80 short, lone \x80 continuation.",
	    "\xe2\x80\x83"
	    "Em space first, em space last\xe2\x80\x83",
	    "\xcc\x81 a mark first, then text.",
	};
	static const char *const pieces[] = {
	    "a",        "Z",        " ",        "  ",           "\t",
	    "\n",       "`",        ".",        "\xc2\xa0",     "\xe2\x80\x8b",
	    "\xcc\x81", "\xcc\xa3", "\xc3\xa9", "\xe2\x80\x9c", "\xe2\x80\x94",
	    "\xff",     "\xe2\x80", "ss",       "\xc3\x9f",     "\xe2\x80\xa8",
	    "harbour ", "Ferry ",   "quay",     " 4,500 ",      "\x01",
	};
	char buf[16 * 64];
	uint32_t seed = 7;
	size_t i, k;
	int fc;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		for (fc = 0; fc <= 1; fc++)
			assert_fold_equal(texts[i], strlen(texts[i]), fc);
	/* A NUL byte is a character like any other. */
	assert_fold_equal("nul\0byte", 8, 0);
	/* Random strings of awkward pieces, short and long (prose goes eight bytes at a time). */
	for (i = 0; i < 3000; i++) {
		size_t len = 0, n;

		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % (i % 3 ? 12 : 64);
		for (k = 0; k < n; k++) {
			const char *p;

			seed = seed * 1103515245u + 12345u;
			p = pieces[(seed >> 16) % (sizeof(pieces) / sizeof(pieces[0]))];
			memcpy(buf + len, p, strlen(p));
			len += strlen(p);
		}
		assert_fold_equal(buf, len, (int)(i & 1));
	}
}

/* A deterministic generator for random strings. */
static uint32_t rng_next(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

/* segment-6: the scan for what may end a sentence or a line. */
static void test_skip(void **state)
{
	static const char bytes[] = "  aZ@?!.\n,0!\x80\xc3\x01\x21 ";
	const char *s = "Boats and barges moored along the quay, forty in all. Then";
	char buf[40];
	uint32_t seed = 3;
	size_t round;

	(void)state;
	assert_int_equal(ct_segment_skip(s, 0, strlen(s)), 52);
	assert_int_equal(ct_segment_skip(s, 53, strlen(s)), strlen(s));
	assert_int_equal(ct_segment_skip(s, 0, 40), 40);
	assert_int_equal(ct_segment_skip("long line without a stop\nnext", 0, 30), 24);
	assert_int_equal(ct_segment_skip("eight b!", 0, 8), 7);
	assert_int_equal(ct_segment_skip("sixteen bytes?..", 0, 16), 13);
	assert_int_equal(ct_segment_skip("plain \xc2\xa0space", 0, 14), 6);
	assert_int_equal(ct_segment_skip("", 0, 0), 0);
	/* A '!' right after a space, where borrows make naive eight-byte tests miss it. */
	assert_int_equal(ct_segment_skip("Go now !ok, go", 0, 14), 7);
	/* Against the plain byte loop, from every offset of random strings. */
	for (round = 0; round < 400; round++) {
		size_t len = (size_t)(rng_next(&seed) % 40), pos, k;

		for (k = 0; k < len; k++)
			buf[k] = bytes[rng_next(&seed) % (sizeof(bytes) - 1)];
		for (pos = 0; pos <= len; pos++) {
			size_t want = pos;

			while (want < len && !strchr(".!?\n", buf[want] ? buf[want] : 'x') &&
			       (unsigned char)buf[want] < 0x80)
				want++;
			assert_int_equal(ct_segment_skip(buf, pos, len), want);
		}
	}
}

/* Old and new revisions of a seven-paragraph article. */
static const char *const old_article =
    "Ferry service to Wenlow Island suspended after hull damage\n"
    "\n"
    "Brackwater Lines withdrew its only ferry on Monday after inspectors found a crack "
    "in the hull, the operator said.\n"
    "\n"
    "About 1,200 passengers use the crossing each day.\n"
    "\n"
    "It is the second suspension this year. Repairs are expected to take three weeks.\n"
    "\n"
    "Councillor Amira Lund said a replacement vessel had been requested from the mainland.\n"
    "\n"
    "Shops on the island reported a fall in trade of nearly 40 percent.\n"
    "\n"
    "The operator will pay for water taxis until the ferry returns, a spokesperson said.\n";

static const char *const new_article =
    "Ferry service to Wenlow Island suspended after hull damage\n"
    "\n"
    "Brackwater Lines withdrew its only ferry on Monday after inspectors found a crack "
    "in the hull, the operator said.\n"
    "\n"
    "About 1,900 passengers use the crossing each day.\n"
    "\n"
    "Repairs are expected to take three weeks.\n"
    "\n"
    "Shops on the island reported a fall in trade of nearly 40 percent.\n"
    "\n"
    "The operator will pay for water taxis until the ferry returns, a spokesperson said.\n"
    "\n"
    "Councillor Amira Lund said a replacement vessel had been requested from the mainland.\n";

/* A citation of the first occurrence of `quote` in `text`. */
static ct_reanchor_in cite(const char *text, const char *quote)
{
	const char *at = strstr(text, quote);
	ct_reanchor_in in;

	assert_non_null(at);
	in.start = (size_t)(at - text);
	in.end = in.start + strlen(quote);
	in.exact = quote;
	in.prefix = NULL;
	in.suffix = NULL;
	return in;
}

/* Re-anchor the quotes of old in new. */
static void reanchor(ct_reanchor_out *out, const char *old, const char *new,
                     const char *const *quotes, size_t n)
{
	ct_reanchor_in in[16];
	size_t i;

	assert_true(n <= 16);
	for (i = 0; i < n; i++)
		in[i] = cite(old, quotes[i]);
	assert_int_equal(ct_reanchor(out, old, strlen(old), new, strlen(new), in, n), 0);
}

/* Check one result whole: its change, the new passage's text and the similarity. */
static void assert_result(const ct_reanchor_out *r, const char *new, int change,
                          const char *passage, double similarity)
{
	char got[256];

	assert_string_equal(ct_change_name(r->change), ct_change_name(change));
	assert_true(r->end - r->start < sizeof(got));
	memcpy(got, new + r->start, r->end - r->start);
	got[r->end - r->start] = '\0';
	assert_string_equal(got, passage);
	assert_true(r->similarity == similarity);
}

/* The similarity the module must report for a changed passage. */
static double sim(const char *a, const char *b)
{
	return ct_text_similarity(a, strlen(a), b, strlen(b));
}

/* reanchor-1: the article: changed, removed, moved, and unchanged before and after. */
static void test_article(void **state)
{
	static const char *const quotes[] = {
	    "About 1,200 passengers use the crossing each day",
	    "It is the second suspension this year",
	    "Councillor Amira Lund said a replacement vessel had been requested",
	    "Repairs are expected to take three weeks",
	    "Shops on the island reported a fall in trade of nearly 40 percent",
	    "Wenlow Island",
	    "It is the second suspension this year. Repairs are expected",
	    "fall in trade of nearly 40 percent.\n\nThe operator will pay",
	    "in the hull, the operator said.\n\nAbout 1,200 passengers",
	};
	ct_reanchor_out out[9];
	const char *after = strstr(new_article, "the operator said.") + 18;

	(void)state;
	reanchor(out, old_article, new_article, quotes, 9);
	assert_result(&out[0], new_article, CT_CHANGE_CHANGED,
	              "About 1,900 passengers use the crossing each day",
	              sim(quotes[0], "About 1,900 passengers use the crossing each day"));
	assert_true(out[0].similarity > 0.5 && out[0].similarity < 1);
	assert_result(&out[1], new_article, CT_CHANGE_REMOVED, "", 0);
	assert_int_equal(out[1].start, (size_t)(after - new_article));
	assert_result(&out[2], new_article, CT_CHANGE_MOVED, quotes[2], 1);
	assert_result(&out[3], new_article, CT_CHANGE_UNCHANGED, quotes[3], 1);
	assert_result(&out[4], new_article, CT_CHANGE_UNCHANGED, quotes[4], 1);
	assert_result(&out[5], new_article, CT_CHANGE_UNCHANGED, quotes[5], 1);
	/* Across sentences: one removed, one left; both unchanged; one unchanged, one edited. */
	assert_result(&out[6], new_article, CT_CHANGE_CHANGED, "Repairs are expected",
	              sim(quotes[6], "Repairs are expected"));
	assert_result(&out[7], new_article, CT_CHANGE_UNCHANGED, quotes[7], 1);
	assert_result(&out[8], new_article, CT_CHANGE_CHANGED,
	              "in the hull, the operator said.\n\nAbout 1,900 passengers",
	              sim(quotes[8], "in the hull, the operator said.\n\nAbout 1,900 passengers"));
}

/* reanchor-2: two quoted sentences swap places; the unquoted text around them decides. */
static void test_swap(void **state)
{
	static const char *const quotes[] = {"Turnout reached 61 percent",
	                                     "The count finished after midnight"};
	const char *old = "The vote was held on Tuesday. Turnout reached 61 percent. Observers "
	                  "saw no problems. The result is due next week. The count finished after "
	                  "midnight. Campaigners plan a rally.";
	const char *swapped = "The vote was held on Tuesday. The count finished after midnight. "
	                      "Observers saw no problems. The result is due next week. Turnout "
	                      "reached 61 percent. Campaigners plan a rally.";
	const char *old2 = "The vote was held on Tuesday. Turnout reached 61 percent. The count "
	                   "finished after midnight. Observers saw no problems. The result is due "
	                   "next week. Campaigners plan a rally.";
	const char *new2 = "The vote was held on Tuesday. The count finished after midnight. "
	                   "Observers saw no problems. The result is due next week. Turnout "
	                   "reached 61 percent. Campaigners plan a rally.";
	ct_reanchor_out out[2];

	(void)state;
	/* Both left the unquoted sentences they sat between: both moved. */
	reanchor(out, old, swapped, quotes, 2);
	assert_result(&out[0], swapped, CT_CHANGE_MOVED, quotes[0], 1);
	assert_result(&out[1], swapped, CT_CHANGE_MOVED, quotes[1], 1);
	/* Adjacent ones traded order, but only the first left the text around it. */
	reanchor(out, old2, new2, quotes, 2);
	assert_result(&out[0], new2, CT_CHANGE_MOVED, quotes[0], 1);
	assert_result(&out[1], new2, CT_CHANGE_UNCHANGED, quotes[1], 1);
}

/* reanchor-3: a lookalike elsewhere is never the deleted or edited sentence. */
static void test_lookalike(void **state)
{
	static const char *const quotes[] = {"the bridge toll rose to 4 pounds in March"};
	const char *old = "The county said the bridge toll rose to 4 pounds in March.\n\n"
	                  "Drivers queued for an hour on the first day.\n\n"
	                  "Later the county said the bridge toll rose to 4 pounds in May.\n";
	const char *deleted = "Drivers queued for an hour on the first day.\n\n"
	                      "Later the county said the bridge toll rose to 4 pounds in May.\n";
	const char *edited = "The county said the bridge toll rose to 5 pounds in March.\n\n"
	                     "Drivers queued for an hour on the first day.\n\n"
	                     "Later the county said the bridge toll rose to 4 pounds in May.\n";
	const char *old2 = "The county said the bridge toll rose to 4 pounds in March.\n\n"
	                   "Drivers queued for an hour on the first day.\n";
	const char *added = "Drivers queued for an hour on the first day.\n\n"
	                    "The county said the bridge toll rose to 4 pounds in May.\n";
	ct_reanchor_out out[1];

	(void)state;
	/* The lookalike is in both revisions: it is its own sentence's counterpart. */
	reanchor(out, old, deleted, quotes, 1);
	assert_result(&out[0], deleted, CT_CHANGE_REMOVED, "", 0);
	/* Edited in place: changed there, not re-anchored to the lookalike. */
	reanchor(out, old, edited, quotes, 1);
	assert_result(&out[0], edited, CT_CHANGE_CHANGED,
	              "the bridge toll rose to 5 pounds in March",
	              sim(quotes[0], "the bridge toll rose to 5 pounds in March"));
	/* A near-identical sentence added elsewhere is not the deleted one either. */
	reanchor(out, old2, added, quotes, 1);
	assert_result(&out[0], added, CT_CHANGE_REMOVED, "", 0);
}

/* reanchor-4: an edit elsewhere in the quoted sentence leaves the quote unchanged. */
static void test_edit_beside_quote(void **state)
{
	static const char *const quotes[] = {"carries 300 people", "built in 1998",
	                                     "The ferry, built in 1998, carries 300 people."};
	const char *old = "Intro. The ferry, built in 1998, carries 300 people. Outro.";
	const char *new = "Intro. The  ferry, built in 1997, carries 300 people. Outro.";
	ct_reanchor_out out[3];

	(void)state;
	reanchor(out, old, new, quotes, 3);
	assert_result(&out[0], new, CT_CHANGE_UNCHANGED, "carries 300 people", 1);
	assert_result(&out[1], new, CT_CHANGE_CHANGED, "built in 1997",
	              sim("built in 1998", "built in 1997"));
	assert_result(&out[2], new, CT_CHANGE_CHANGED,
	              "The  ferry, built in 1997, carries 300 people.",
	              sim(quotes[2], "The  ferry, built in 1997, carries 300 people."));
}

/* reanchor-5: sentences merged and split keep the words they still hold. */
static void test_merge_split(void **state)
{
	static const char *const quotes[] = {"It holds 40 million litres", "40 million litres",
	                                     "Walkers use its path"};
	static const char *const quotes2[] = {"it holds 40 million litres", "40 million litres"};
	const char *split = "Dam news\n\nThe dam was finished in 1962. It holds 40 million "
	                    "litres. Walkers use its path.\n";
	const char *merged = "Dam news\n\nThe dam was finished in 1962 and it holds 40 million "
	                     "litres. Walkers use its path.\n";
	ct_reanchor_out out[3];

	(void)state;
	reanchor(out, split, merged, quotes, 3);
	assert_result(&out[0], merged, CT_CHANGE_CHANGED, "it holds 40 million litres", 1);
	assert_result(&out[1], merged, CT_CHANGE_UNCHANGED, "40 million litres", 1);
	assert_result(&out[2], merged, CT_CHANGE_UNCHANGED, "Walkers use its path", 1);
	reanchor(out, merged, split, quotes2, 2);
	assert_result(&out[0], split, CT_CHANGE_CHANGED, "It holds 40 million litres", 1);
	assert_result(&out[1], split, CT_CHANGE_UNCHANGED, "40 million litres", 1);
}

/* reanchor-6: white space, quote and dash styles do not change a passage. */
static void test_folding(void **state)
{
	static const char *const quotes[] = {"the \"final\" offer - for now"};
	const char *old =
	    "Pay talks\n\nStaff rejected the \"final\" offer - for now. Talks resume.";
	const char *new = "Pay talks\n\nStaff rejected the \xe2\x80\x9c"
	                  "final\xe2\x80\x9d\n offer "
	                  "\xe2\x80\x94 for now. Talks resume.";
	ct_reanchor_out out[1];

	(void)state;
	reanchor(out, old, new, quotes, 1);
	assert_result(&out[0], new, CT_CHANGE_UNCHANGED,
	              "the \xe2\x80\x9c"
	              "final\xe2\x80\x9d\n offer \xe2\x80\x94 for now",
	              1);
}

/* reanchor-7: no citations, identical texts, stale offsets, bad input. */
static void test_edges(void **state)
{
	const char *text = "One sentence. Another sentence.", *new;
	ct_reanchor_in in = {0, 3, "One", NULL, NULL};
	ct_reanchor_out out;

	(void)state;
	assert_int_equal(ct_reanchor(NULL, text, strlen(text), "Else.", 5, NULL, 0), 0);
	assert_int_equal(ct_reanchor(&out, text, strlen(text), text, strlen(text), &in, 1), 0);
	assert_result(&out, text, CT_CHANGE_UNCHANGED, "One", 1);
	/* Offsets from another copy: the exact text is looked up, near them. */
	in.start = 1;
	in.end = 12;
	in.exact = "Another";
	new = "Intro. One sentence. Another sentence.";
	assert_int_equal(ct_reanchor(&out, text, strlen(text), new, strlen(new), &in, 1), 0);
	assert_int_equal(out.change, CT_CHANGE_UNCHANGED);
	assert_int_equal(out.start, 21);
	assert_int_equal(out.end, 28);
	in.exact = NULL;
	in.start = 10;
	in.end = 99;
	assert_int_equal(ct_reanchor(&out, text, strlen(text), "x", 1, &in, 1), CT_EINVALID);
	assert_string_equal(ct_error_last(),
	                    "citation 0: range 10-99 lies outside the old text (31 bytes)");
	in.start = 13;
	in.end = 14;
	assert_int_equal(ct_reanchor(&out, text, strlen(text), "x", 1, &in, 1), CT_EINVALID);
	assert_string_equal(ct_error_last(), "citation 0: quote is blank");
	/* Everything removed, down to an empty text. */
	in.start = 0;
	in.end = 3;
	assert_int_equal(ct_reanchor(&out, text, strlen(text), "", 0, &in, 1), 0);
	assert_result(&out, "", CT_CHANGE_REMOVED, "", 0);
}

/* reanchor-8: the names of the changes. */
static void test_names(void **state)
{
	(void)state;
	assert_string_equal(ct_change_name(CT_CHANGE_UNCHANGED), "unchanged");
	assert_string_equal(ct_change_name(CT_CHANGE_MOVED), "moved");
	assert_string_equal(ct_change_name(CT_CHANGE_CHANGED), "changed");
	assert_string_equal(ct_change_name(CT_CHANGE_REMOVED), "removed");
	assert_string_equal(ct_change_name(CT_CHANGE_ADDED), "added");
	assert_null(ct_change_name(99));
}

/* reanchor-9: a long article with a few edits (correctness only). */
static void test_long(void **state)
{
	ct_buf old = CT_BUF_INIT, new = CT_BUF_INIT;
	ct_reanchor_in in[4];
	ct_reanchor_out out[4];
	size_t i;

	(void)state;
	for (i = 0; i < 3000; i++) {
		assert_int_equal(ct_buf_printf(&old, "Sentence %zu reports %zu cases. ", i, i * 3),
		                 0);
		if (i % 10 == 9)
			assert_int_equal(ct_buf_puts(&old, "\n\n"), 0);
		if (i == 1000)
			continue; /* deleted */
		if (i == 2000)
			assert_int_equal(ct_buf_printf(&new, "Sentence %zu reports 7 cases. ", i),
			                 0);
		else
			assert_int_equal(
			    ct_buf_printf(&new, "Sentence %zu reports %zu cases. ", i, i * 3), 0);
		if (i % 10 == 9)
			assert_int_equal(ct_buf_puts(&new, "\n\n"), 0);
	}
	in[0] = cite(old.ptr, "Sentence 1000 reports 3000 cases");
	in[1] = cite(old.ptr, "Sentence 2000 reports 6000 cases");
	in[2] = cite(old.ptr, "Sentence 2999 reports 8997 cases");
	in[3] = cite(old.ptr, "Sentence 5 reports 15 cases");
	assert_int_equal(ct_reanchor(out, old.ptr, old.len, new.ptr, new.len, in, 4), 0);
	assert_int_equal(out[0].change, CT_CHANGE_REMOVED);
	assert_result(&out[1], new.ptr, CT_CHANGE_CHANGED, "Sentence 2000 reports 7 cases",
	              sim("Sentence 2000 reports 6000 cases", "Sentence 2000 reports 7 cases"));
	assert_result(&out[2], new.ptr, CT_CHANGE_UNCHANGED, "Sentence 2999 reports 8997 cases", 1);
	assert_result(&out[3], new.ptr, CT_CHANGE_UNCHANGED, "Sentence 5 reports 15 cases", 1);
	ct_buf_release(&old);
	ct_buf_release(&new);
}

/* reanchor-10: edits all over a long text; each citation is judged in its own gap. */
static void test_many_gaps(void **state)
{
	ct_buf old = CT_BUF_INIT, new = CT_BUF_INIT;
	ct_reanchor_in in[4];
	ct_reanchor_out out[4];
	size_t i;

	(void)state;
	for (i = 0; i < 600; i++) {
		assert_int_equal(ct_buf_printf(&old, "Pier %zu holds %zu boats. ", i, i + 40), 0);
		if (i % 10 == 9)
			assert_int_equal(ct_buf_puts(&old, "\n\n"), 0);
		if (i % 7 == 3)
			continue; /* deleted */
		/* Every third sentence edited: a gap of its own each. */
		assert_int_equal(ct_buf_printf(&new, "Pier %zu holds %zu boats. ", i,
		                               i % 3 == 1 ? i + 90 : i + 40),
		                 0);
		if (i % 10 == 9)
			assert_int_equal(ct_buf_puts(&new, "\n\n"), 0);
	}
	in[0] = cite(old.ptr, "Pier 301 holds 341 boats");
	in[1] = cite(old.ptr, "Pier 305 holds 345 boats");
	in[2] = cite(old.ptr, "Pier 311 holds 351 boats");
	in[3] = cite(old.ptr, "holds 342 boats. Pier 303 holds");
	assert_int_equal(ct_reanchor(out, old.ptr, old.len, new.ptr, new.len, in, 4), 0);
	assert_result(&out[0], new.ptr, CT_CHANGE_CHANGED, "Pier 301 holds 391 boats",
	              sim("Pier 301 holds 341 boats", "Pier 301 holds 391 boats"));
	assert_result(&out[1], new.ptr, CT_CHANGE_UNCHANGED, "Pier 305 holds 345 boats", 1);
	assert_int_equal(out[2].change, CT_CHANGE_REMOVED);
	assert_result(&out[3], new.ptr, CT_CHANGE_UNCHANGED, "holds 342 boats. Pier 303 holds", 1);
	ct_buf_release(&old);
	ct_buf_release(&new);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_abbreviations), cmocka_unit_test(test_numbers_and_marks),
	    cmocka_unit_test(test_quotes),        cmocka_unit_test(test_paragraphs),
	    cmocka_unit_test(test_fold),          cmocka_unit_test(test_skip),
	    cmocka_unit_test(test_article),       cmocka_unit_test(test_swap),
	    cmocka_unit_test(test_lookalike),     cmocka_unit_test(test_edit_beside_quote),
	    cmocka_unit_test(test_merge_split),   cmocka_unit_test(test_folding),
	    cmocka_unit_test(test_edges),         cmocka_unit_test(test_names),
	    cmocka_unit_test(test_long),          cmocka_unit_test(test_many_gaps),
	};

	/* No git_libgit2_init(): re-anchoring needs no libgit2. */
	return cmocka_run_group_tests_name("reanchor", tests, NULL, NULL);
}
