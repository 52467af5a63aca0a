/* tests/unit/test_text.c: UTF-8 checks, folding, similarity and quote anchoring. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "error.h"
#include "text.h"

/* Assert a whole anchor. */
static void check_anchor(const ct_anchor *a, size_t start, size_t end, const char *exact,
                         const char *prefix, const char *suffix)
{
	assert_int_equal(a->start, start);
	assert_int_equal(a->end, end);
	assert_string_equal(a->exact, exact);
	assert_string_equal(a->prefix, prefix);
	assert_string_equal(a->suffix, suffix);
}

/* Anchor `quote` in NUL-terminated `text` with no context; expect success. */
static void find_ok(ct_anchor *a, const char *text, const char *quote)
{
	int error =
	    ct_anchor_find(a, text, strlen(text), quote, NULL, NULL, CT_ANCHOR_NO_HINT, "test@1");

	if (error)
		fail_msg("ct_anchor_find: %d %s", error, ct_error_last());
}

/* Anchor `quote` in `text`; expect the error `code` with the message `msg`. */
static void find_fails(const char *text, size_t len, const char *quote, const char *prefix,
                       const char *suffix, size_t hint, int code, const char *msg)
{
	ct_anchor a;

	ct_error_clear();
	assert_int_equal(ct_anchor_find(&a, text, len, quote, prefix, suffix, hint, "test@1"),
	                 code);
	assert_string_equal(ct_error_last(), msg);
	assert_null(a.exact);
	assert_null(a.prefix);
	assert_null(a.suffix);
}

/* text-validate-1: well-formed UTF-8 of every length passes. */
static void test_validate_ok(void **state)
{
	const char *s = "a \xC3\xA9 \xE2\x80\x94 \xF0\x9F\x8C\x8A \xF4\x8F\xBF\xBF";

	(void)state;
	assert_int_equal(ct_text_validate(s, strlen(s), "t"), 0);
	assert_int_equal(ct_text_validate("", 0, "t"), 0);
}

/* text-validate-2: each kind of malformed input, with its offset. */
static void test_validate_bad(void **state)
{
	static const struct {
		const char *text;
		size_t len;
		const char *msg;
	} cases[] = {
	    {"ab\xC0\xAF", 4, "'src' is not valid UTF-8 (byte 2)"},      /* overlong '/' */
	    {"abc\xE0\x80\xAF", 6, "'src' is not valid UTF-8 (byte 3)"}, /* overlong, 3 bytes */
	    {"x\x80y", 3, "'src' is not valid UTF-8 (byte 1)"},          /* lone continuation */
	    {"\xC3\xA9\xED\xA0\x80", 5, "'src' is not valid UTF-8 (byte 2)"}, /* surrogate D800 */
	    {"ok \xE2\x80", 5, "'src' is not valid UTF-8 (byte 3)"},          /* cut short at end */
	    {"\xF4\x90\x80\x80", 4, "'src' is not valid UTF-8 (byte 0)"},     /* above U+10FFFF */
	    {"\xFF", 1, "'src' is not valid UTF-8 (byte 0)"},
	    {"one\0two", 7, "'src' contains a NUL byte (byte 3)"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ct_error_clear();
		assert_int_equal(ct_text_validate(cases[i].text, cases[i].len, "src"), CT_EINVALID);
		assert_string_equal(ct_error_last(), cases[i].msg);
	}
}

/* text-blank-1: white space of any kind and invisible characters are blank. */
static void test_is_blank(void **state)
{
	(void)state;
	assert_true(ct_text_is_blank("", 0));
	assert_true(ct_text_is_blank(" \t\r\n", 4));
	assert_true(ct_text_is_blank("\xC2\xA0\xE3\x80\x80\xC2\xAD", 7)); /* NBSP, U+3000, SHY */
	assert_false(ct_text_is_blank("  .", 3));
	assert_false(ct_text_is_blank(" \xFF", 2));
}

/* text-normalize-1: spaces, quotes, dashes fold; the map points back into the text. */
static void test_normalize_map(void **state)
{
	/* "\t‘Hi’  —\n “x”" */
	static const char text[] =
	    "\t\xE2\x80\x98Hi\xE2\x80\x99  \xE2\x80\x94\n \xE2\x80\x9Cx\xE2\x80\x9D";
	static const size_t want[] = {0, 1, 4, 5, 6, 9, 11, 14, 16, 19, 20, 23};
	ct_buf out = CT_BUF_INIT;
	size_t *map = NULL;

	(void)state;
	assert_int_equal(ct_text_normalize(&out, &map, text, strlen(text), 0), 0);
	assert_string_equal(out.ptr, " 'Hi' - \"x\"");
	assert_int_equal(out.len, 11);
	assert_memory_equal(map, want, sizeof(want));
	free(map);
	ct_buf_release(&out);
}

/* text-normalize-2: NFC and NFD fold alike; case folding is optional; invisibles go. */
static void test_normalize_forms(void **state)
{
	ct_buf a = CT_BUF_INIT, b = CT_BUF_INIT;
	size_t *map = NULL;

	(void)state;
	/* "Café" precomposed and decomposed. */
	assert_int_equal(ct_text_normalize(&a, NULL, "Caf\xC3\xA9", 5, 0), 0);
	assert_int_equal(ct_text_normalize(&b, NULL, "Cafe\xCC\x81", 6, 0), 0);
	assert_string_equal(a.ptr, b.ptr);
	assert_string_equal(a.ptr, "Cafe\xCC\x81");
	/* Marks in either order fold to canonical order: dot below (220) before acute (230). */
	assert_int_equal(ct_text_normalize(&a, &map, "e\xCC\x81\xCC\xA3!", 6, 0), 0);
	assert_string_equal(a.ptr, "e\xCC\xA3\xCC\x81!");
	assert_int_equal(map[1], 1);
	assert_int_equal(map[3], 1);
	assert_int_equal(map[5], 5);
	assert_int_equal(map[6], 6);
	free(map);
	/* Full case folding; a soft hyphen vanishes. */
	assert_int_equal(ct_text_normalize(&a, NULL,
	                                   "STRA\xC3\x9F"
	                                   "E Wa\xC2\xADter",
	                                   15, 1),
	                 0);
	assert_string_equal(a.ptr, "strasse water");
	/* An empty text still gets its final map entry. */
	assert_int_equal(ct_text_normalize(&a, &map, "", 0, 0), 0);
	assert_int_equal(a.len, 0);
	assert_int_equal(map[0], 0);
	free(map);
	ct_buf_release(&a);
	ct_buf_release(&b);
}

/* text-anchor-1: an exact match, with its context. */
static void test_anchor_exact(void **state)
{
	static const char text[] =
	    "Ferries to the island were cancelled on Monday after the storm.";
	ct_anchor a;

	(void)state;
	find_ok(&a, text, "cancelled on Monday");
	check_anchor(&a, 27, 46, "cancelled on Monday", "Ferries to the island were ",
	             " after the storm.");
	ct_anchor_release(&a);
	assert_int_equal(a.start, 0);
	assert_int_equal(a.end, 0);
	assert_null(a.exact);
	assert_null(a.prefix);
	assert_null(a.suffix);
	ct_anchor_release(&a); /* a zeroed anchor */
	ct_anchor_release(NULL);
}

/* text-anchor-2: a line break and a double space match single spaces; exact is the source's. */
static void test_anchor_whitespace(void **state)
{
	static const char text[] = "Officials said more than  4,500\nhouseholds lost water.";
	ct_anchor a;

	(void)state;
	find_ok(&a, text, "  more than 4,500 households ");
	check_anchor(&a, 15, 42, "more than  4,500\nhouseholds", "Officials said ", " lost water.");
	ct_anchor_release(&a);
	find_ok(&a, "a\xC2\xA0tidal\xE2\x80\x83surge", "a tidal surge"); /* NBSP, em space */
	check_anchor(&a, 0, 16, "a\xC2\xA0tidal\xE2\x80\x83surge", "", "");
	ct_anchor_release(&a);
}

/* text-anchor-3: curly and straight apostrophes and quotation marks, both ways. */
static void test_anchor_quotes(void **state)
{
	/* The mayor’s office said “no”. */
	static const char curly[] =
	    "The mayor\xE2\x80\x99s office said \xE2\x80\x9Cno\xE2\x80\x9D.";
	static const char straight[] = "The mayor's office said \"no\" twice.";
	ct_anchor a;

	(void)state;
	find_ok(&a, curly, "mayor's office said \"no\"");
	check_anchor(&a, 4, 34, "mayor\xE2\x80\x99s office said \xE2\x80\x9Cno\xE2\x80\x9D", "The ",
	             ".");
	ct_anchor_release(&a);
	find_ok(&a, straight, "mayor\xE2\x80\x99s office said \xC2\xABno\xC2\xBB");
	check_anchor(&a, 4, 28, "mayor's office said \"no\"", "The ", " twice.");
	ct_anchor_release(&a);
	find_ok(&a, straight, "mayor`s office");
	check_anchor(&a, 4, 18, "mayor's office", "The ", " said \"no\" twice.");
	ct_anchor_release(&a);
}

/* text-anchor-4: en and em dashes and minus signs match hyphens, and back. */
static void test_anchor_dashes(void **state)
{
	static const char text[] = "Open 9\xE2\x80\x93"
	                           "17 daily \xE2\x80\x94 except Sunday.";
	ct_anchor a;

	(void)state;
	find_ok(&a, text, "9-17 daily - except");
	check_anchor(&a, 5, 28,
	             "9\xE2\x80\x93"
	             "17 daily \xE2\x80\x94 except",
	             "Open ", " Sunday.");
	ct_anchor_release(&a);
	find_ok(&a, "a well-known fact", "well\xE2\x80\x91known"); /* non-breaking hyphen */
	check_anchor(&a, 2, 12, "well-known", "a ", " fact");
	ct_anchor_release(&a);
	find_ok(&a, "fell to -4 degrees",
	        "to \xE2\x88\x92"
	        "4"); /* minus sign */
	check_anchor(&a, 5, 10, "to -4", "fell ", " degrees");
	ct_anchor_release(&a);
}

/* text-anchor-5: NFD text and an NFC quote, and the other way round. */
static void test_anchor_normalisation(void **state)
{
	static const char nfd[] = "The cafe\xCC\x81 reopened.";
	static const char nfc[] = "The caf\xC3\xA9 reopened.";
	ct_anchor a;

	(void)state;
	find_ok(&a, nfd, "caf\xC3\xA9 reopened");
	check_anchor(&a, 4, 19, "cafe\xCC\x81 reopened", "The ", ".");
	ct_anchor_release(&a);
	find_ok(&a, nfc, "cafe\xCC\x81 reopened");
	check_anchor(&a, 4, 18, "caf\xC3\xA9 reopened", "The ", ".");
	ct_anchor_release(&a);
	/* "cafe" must not match the first letters of "café". */
	find_fails(nfd, strlen(nfd), "The cafe", NULL, NULL, CT_ANCHOR_NO_HINT, CT_ENOTFOUND,
	           "quote not found in 'test@1'; nearest passage: 'The cafe\xCC\x81'");
}

/* text-anchor-6: case-insensitive only when the case-sensitive pass finds nothing. */
static void test_anchor_case(void **state)
{
	static const char text[] = "The Water Board met. Later the water board voted.";
	ct_anchor a;

	(void)state;
	find_ok(&a, text, "water board");
	check_anchor(&a, 31, 42, "water board", "The Water Board met. Later the ", " voted.");
	ct_anchor_release(&a);
	find_ok(&a, text, "the WATER board met");
	check_anchor(&a, 0, 19, "The Water Board met", "", ". Later the water board voted.");
	ct_anchor_release(&a);
	/* ß folds to ss, but only a whole ß matches. */
	find_ok(&a,
	        "Hauptstra\xC3\x9F"
	        "e 5",
	        "HAUPTSTRASSE");
	check_anchor(&a, 0, 12,
	             "Hauptstra\xC3\x9F"
	             "e",
	             "", " 5");
	ct_anchor_release(&a);
}

/* text-anchor-7: a repeated quote is ambiguous unless the prefix, the suffix or the hint picks one.
 */
static void test_anchor_repeated(void **state)
{
	static const char text[] = "In May the pool closed for repair. "
	                           "In June the pool closed for good.";
	size_t len = strlen(text);
	ct_anchor a;

	(void)state;
	find_fails(text, len, "the pool\nclosed ", NULL, NULL, CT_ANCHOR_NO_HINT, CT_EAMBIGUOUS,
	           "quote 'the pool closed' occurs 2 times in 'test@1'; give context to pick one");
	/* A hint alone does not pick. */
	find_fails(text, len, "the pool closed", NULL, NULL, 40, CT_EAMBIGUOUS,
	           "quote 'the pool closed' occurs 2 times in 'test@1'; give context to pick one");

	assert_int_equal(ct_anchor_find(&a, text, len, "the pool closed", "In June ", NULL,
	                                CT_ANCHOR_NO_HINT, "t"),
	                 0);
	check_anchor(&a, 43, 58, "the pool closed", "pool closed for repair. In June ",
	             " for good.");
	ct_anchor_release(&a);
	assert_int_equal(ct_anchor_find(&a, text, len, "the pool closed", NULL, "for repair",
	                                CT_ANCHOR_NO_HINT, "t"),
	                 0);
	check_anchor(&a, 7, 22, "the pool closed", "In May ", " for repair. In June the pool cl");
	ct_anchor_release(&a);
	/*
	 * A hint is folded like the text (a no-break space is a space), in the
	 * case mode of the pass that found the quote: here case-sensitive.
	 */
	assert_int_equal(ct_anchor_find(&a, text, len, "the pool closed", "IN\xC2\xA0MAY", NULL,
	                                CT_ANCHOR_NO_HINT, "t"),
	                 -5);
	assert_int_equal(ct_anchor_find(&a, text, len, "the pool closed", "In\xC2\xA0May", NULL,
	                                CT_ANCHOR_NO_HINT, "t"),
	                 0);
	assert_int_equal(a.start, 7);
	ct_anchor_release(&a);

	/* A prefix agreeing equally with both: the hint breaks the tie... */
	assert_int_equal(ct_anchor_find(&a, text, len, "the pool closed", "xx", NULL, 50, "t"), 0);
	assert_int_equal(a.start, 43);
	ct_anchor_release(&a);
	/* ...but not when it is as near to both. */
	find_fails(text, len, "the pool closed", "xx", NULL, 25, CT_EAMBIGUOUS,
	           "quote 'the pool closed' occurs 2 times in 'test@1'; give context to pick one");
	/* Without a hint, an uninformative prefix leaves it ambiguous. */
	find_fails(text, len, "the pool closed", "xx", "yy", CT_ANCHOR_NO_HINT, CT_EAMBIGUOUS,
	           "quote 'the pool closed' occurs 2 times in 'test@1'; give context to pick one");
}

/* text-anchor-8: "" as prefix or suffix means the start or the end of the text. */
static void test_anchor_edge_hints(void **state)
{
	static const char text[] = "tap water is safe, they said; tap water is safe";
	size_t len = strlen(text);
	ct_anchor a;

	(void)state;
	assert_int_equal(
	    ct_anchor_find(&a, text, len, "tap water is safe", "", NULL, CT_ANCHOR_NO_HINT, "t"),
	    0);
	check_anchor(&a, 0, 17, "tap water is safe", "", ", they said; tap water is safe");
	ct_anchor_release(&a);
	assert_int_equal(
	    ct_anchor_find(&a, text, len, "tap water is safe", NULL, "", CT_ANCHOR_NO_HINT, "t"),
	    0);
	check_anchor(&a, 30, 47, "tap water is safe", "tap water is safe, they said; ", "");
	ct_anchor_release(&a);
}

/* text-anchor-9: not found, with the nearest passage; no match inside a word or number. */
static void test_anchor_not_found(void **state)
{
	static const char text[] = "Ferries to the island were cancelled on Monday.\n"
	                           "The harbour master said 40 sailings\nwould be lost this week. "
	                           "Repairs to the pier will take a month.";

	(void)state;
	find_fails(text, strlen(text), "the harbour master said 45 sailings would be lost", NULL,
	           NULL, CT_ANCHOR_NO_HINT, CT_ENOTFOUND,
	           "quote not found in 'test@1'; nearest passage: "
	           "'The harbour master said 40 sailings would be lost'");
	find_fails(text, strlen(text), "0 sailings", NULL, NULL, CT_ANCHOR_NO_HINT, CT_ENOTFOUND,
	           "quote not found in 'test@1'; nearest passage: '40 sailings'");
	find_fails(text, strlen(text), "arbour", NULL, NULL, CT_ANCHOR_NO_HINT, CT_ENOTFOUND,
	           "quote not found in 'test@1'; nearest passage: 'Ferries'");
	find_fails("", 0, "anything", NULL, NULL, CT_ANCHOR_NO_HINT, CT_ENOTFOUND,
	           "quote not found in 'test@1'; nearest passage: ''");
}

/* text-anchor-10: context is 32 characters, cut between characters of multibyte text. */
static void test_anchor_context_multibyte(void **state)
{
	/* 40 two-byte characters, the quote, then 40 three-byte characters. */
	ct_buf text = CT_BUF_INIT, want_pre = CT_BUF_INIT, want_suf = CT_BUF_INIT;
	ct_anchor a;
	int i;

	(void)state;
	for (i = 0; i < 40; i++)
		assert_int_equal(ct_buf_puts(&text, "\xC3\xA9"), 0); /* é */
	assert_int_equal(ct_buf_puts(&text, " de r\xC3\xA9union "), 0);
	for (i = 0; i < 40; i++)
		assert_int_equal(ct_buf_puts(&text, "\xE2\x82\xAC"), 0); /* € */
	for (i = 0; i < 31; i++)
		assert_int_equal(ct_buf_puts(&want_pre, "\xC3\xA9"), 0);
	assert_int_equal(ct_buf_puts(&want_pre, " "), 0);
	assert_int_equal(ct_buf_puts(&want_suf, " "), 0);
	for (i = 0; i < 31; i++)
		assert_int_equal(ct_buf_puts(&want_suf, "\xE2\x82\xAC"), 0);

	find_ok(&a, text.ptr, "de r\xC3\xA9union");
	check_anchor(&a, 81, 92, "de r\xC3\xA9union", want_pre.ptr, want_suf.ptr);
	ct_anchor_release(&a);
	ct_buf_release(&text);
	ct_buf_release(&want_pre);
	ct_buf_release(&want_suf);
}

/* text-anchor-11: a quote at the very start and at the very end of the text. */
static void test_anchor_text_edges(void **state)
{
	static const char text[] = "Rain fell all night\n";
	ct_anchor a;

	(void)state;
	find_ok(&a, text, "Rain fell");
	check_anchor(&a, 0, 9, "Rain fell", "", " all night\n");
	ct_anchor_release(&a);
	find_ok(&a, text, "all night");
	check_anchor(&a, 10, 19, "all night", "Rain fell ", "\n");
	ct_anchor_release(&a);
	find_ok(&a, "all night", "all night");
	check_anchor(&a, 0, 9, "all night", "", "");
	ct_anchor_release(&a);
}

/* text-anchor-12: empty, blank and malformed input is refused. */
static void test_anchor_invalid(void **state)
{
	static const char text[] = "Some text.";

	(void)state;
	find_fails(text, 10, "", NULL, NULL, CT_ANCHOR_NO_HINT, CT_EINVALID, "quote is empty");
	find_fails(text, 10, " \n\t\xC2\xA0", NULL, NULL, CT_ANCHOR_NO_HINT, CT_EINVALID,
	           "quote is blank");
	find_fails("bad \xED\xA0\x80", 7, "bad", NULL, NULL, CT_ANCHOR_NO_HINT, CT_EINVALID,
	           "'test@1' is not valid UTF-8 (byte 4)");
	find_fails("a\0b", 3, "a", NULL, NULL, CT_ANCHOR_NO_HINT, CT_EINVALID,
	           "'test@1' contains a NUL byte (byte 1)");
	find_fails(text, 10, "Some \xC0\xAF", NULL, NULL, CT_ANCHOR_NO_HINT, CT_EINVALID,
	           "'quote' is not valid UTF-8 (byte 5)");
	find_fails(text, 10, "Some", "\x80", NULL, CT_ANCHOR_NO_HINT, CT_EINVALID,
	           "'prefix' is not valid UTF-8 (byte 0)");
}

/* text-similarity-1: 1 for equal after folding, symmetric, lower for edits. */
static void test_similarity(void **state)
{
	static const char a[] = "at least 20,000 victims worldwide";
	static const char b[] = "At  least 20,000\nvictims worldwide";
	static const char c[] = "at least 14,000 victims worldwide";
	static const char d[] = "Officials said at least 14,000 victims worldwide";
	static const char e[] = "\xE2\x80\x9CIt\xE2\x80\x99s over\xE2\x80\x9D \xE2\x80\x94 he said";

	(void)state;
	assert_true(ct_text_similarity(a, strlen(a), b, strlen(b)) == 1.0);
	assert_true(ct_text_similarity(e, strlen(e), "\"it's over\" - he said", 21) == 1.0);
	/* One token of five replaced: 2 * 4 / 10. */
	assert_true(ct_text_similarity(a, strlen(a), c, strlen(c)) == 0.8);
	assert_true(ct_text_similarity(c, strlen(c), a, strlen(a)) == 0.8);
	/* Two more tokens: 2 * 4 / 12, and symmetric. */
	assert_true(ct_text_similarity(a, strlen(a), d, strlen(d)) ==
	            ct_text_similarity(d, strlen(d), a, strlen(a)));
	assert_true(ct_text_similarity(a, strlen(a), d, strlen(d)) == 2.0 * 4 / 12);
	/* Order counts: a reversed sentence keeps one word in order of three. */
	assert_true(ct_text_similarity("one two three", 13, "three two one", 13) == 2.0 / 6);
	assert_true(ct_text_similarity("", 0, " ", 1) == 1.0);
	assert_true(ct_text_similarity("", 0, "x", 1) == 0.0);
	assert_true(ct_text_similarity("alpha", 5, "beta", 4) == 0.0);
}

/* text-nearest-1: the passage found widens over an edited last word. */
static void test_nearest_short(void **state)
{
	static const char text[] = "The agency counted at least 20,000 victims globally, it said.";
	size_t start = 1, end = 1;
	double score;

	(void)state;
	score =
	    ct_text_nearest(&start, &end, text, strlen(text), "at least 20,000 victims worldwide");
	assert_int_equal(start, 19);
	assert_int_equal(end, 51);
	assert_true(score == 0.8);
	assert_true(ct_text_nearest(&start, &end, "", 0, "x") == 0.0);
	assert_int_equal(start, 0);
	assert_int_equal(end, 0);
}

/* Append n words of generated filler to `b`, in sentences, from a fixed seed. */
static void generate(ct_buf *b, uint32_t *seed, int n)
{
	static const char *const words[] = {
	    "river",  "council", "budget", "north",   "spring", "market", "bridge", "school",
	    "green",  "report",  "later",  "several", "most",   "under",  "across", "quiet",
	    "rail",   "station", "hall",   "village", "winter", "summer", "plan",   "road",
	    "houses", "ferry",   "pupils", "the",     "a",      "of",     "and",    "to",
	};
	int i, inword = 0;

	for (i = 0; i < n; i++) {
		*seed = *seed * 1103515245u + 12345u;
		assert_int_equal(ct_buf_puts(b, words[(*seed >> 16) % 32]), 0);
		inword++;
		if (inword >= 8 + (int)((*seed >> 8) % 8)) {
			assert_int_equal(ct_buf_puts(b, ". "), 0);
			inword = 0;
		} else {
			assert_int_equal(ct_buf_putc(b, ' '), 0);
		}
	}
}

/* text-nearest-2: a 50,000-word text; the edited sentence is found. */
static void test_nearest_long(void **state)
{
	static const char sentence[] = "Inspectors counted 317 cracked valves along the "
	                               "eastern pipeline during February.";
	static const char quote[] = "inspectors counted 371 cracked valves along the "
	                            "eastern pipeline during February.";
	ct_buf text = CT_BUF_INIT;
	uint32_t seed = 7;
	size_t at, start, end;
	double score;

	(void)state;
	generate(&text, &seed, 31000);
	at = text.len;
	assert_int_equal(ct_buf_puts(&text, sentence), 0);
	assert_int_equal(ct_buf_putc(&text, ' '), 0);
	generate(&text, &seed, 19000);

	score = ct_text_nearest(&start, &end, text.ptr, text.len, quote);
	assert_int_equal(start, at);
	assert_int_equal(end, at + strlen(sentence));
	/* 11 of 12 tokens in order. */
	assert_true(score == 2.0 * 11 / 24);
	assert_true(score ==
	            ct_text_similarity(quote, strlen(quote), text.ptr + start, end - start));
	ct_buf_release(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_validate_ok),
	    cmocka_unit_test(test_validate_bad),
	    cmocka_unit_test(test_is_blank),
	    cmocka_unit_test(test_normalize_map),
	    cmocka_unit_test(test_normalize_forms),
	    cmocka_unit_test(test_anchor_exact),
	    cmocka_unit_test(test_anchor_whitespace),
	    cmocka_unit_test(test_anchor_quotes),
	    cmocka_unit_test(test_anchor_dashes),
	    cmocka_unit_test(test_anchor_normalisation),
	    cmocka_unit_test(test_anchor_case),
	    cmocka_unit_test(test_anchor_repeated),
	    cmocka_unit_test(test_anchor_edge_hints),
	    cmocka_unit_test(test_anchor_not_found),
	    cmocka_unit_test(test_anchor_context_multibyte),
	    cmocka_unit_test(test_anchor_text_edges),
	    cmocka_unit_test(test_anchor_invalid),
	    cmocka_unit_test(test_similarity),
	    cmocka_unit_test(test_nearest_short),
	    cmocka_unit_test(test_nearest_long),
	};

	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
