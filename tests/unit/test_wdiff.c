/* tests/unit/test_wdiff.c: the word diff of two revisions (core/text/wdiff.h). */
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
#include "seqdiff.h"
#include "term.h"
#include "wdiff.h"

/* Diff old against new and render it with `flags` and `context`; the caller frees the text. */
static char *render(const char *old, const char *new, unsigned flags, unsigned context)
{
	ct_wdiff *d = NULL;
	ct_buf out = CT_BUF_INIT;

	assert_int_equal(ct_wdiff_compute(&d, old, strlen(old), new, strlen(new)), 0);
	assert_int_equal(
	    ct_term_wdiff(&out, d, old, strlen(old), new, strlen(new), flags, context), 0);
	ct_wdiff_free(d);
	return ct_buf_detach(&out, NULL);
}

static void assert_render(const char *old, const char *new, unsigned flags, unsigned context,
                          const char *expect)
{
	char *got = render(old, new, flags, context);

	assert_string_equal(got, expect);
	free(got);
}

/*
 * Check the invariants of a diff: segments tile both texts in order, '='
 * segments hold equal bytes, no two '=' are adjacent, and the texts rebuild.
 */
static void check_tiling(const ct_wdiff *d, const char *old, size_t oldlen, const char *new,
                         size_t newlen)
{
	size_t i, po = 0, pn = 0;

	for (i = 0; i < d->nsegs; i++) {
		const ct_wdiff_seg *s = &d->segs[i];

		assert_int_equal(s->old_start, po);
		assert_int_equal(s->new_start, pn);
		if (s->op == '=') {
			assert_int_equal(s->old_end - s->old_start, s->new_end - s->new_start);
			assert_memory_equal(old + s->old_start, new + s->new_start,
			                    s->old_end - s->old_start);
			if (i)
				assert_int_not_equal(d->segs[i - 1].op, '=');
		} else if (s->op == '-') {
			assert_int_equal(s->new_end, s->new_start);
			assert_true(s->old_end > s->old_start);
		} else {
			assert_int_equal(s->op, '+');
			assert_int_equal(s->old_end, s->old_start);
			assert_true(s->new_end > s->new_start);
		}
		po = s->old_end;
		pn = s->new_end;
	}
	assert_int_equal(po, oldlen);
	assert_int_equal(pn, newlen);
}

/* wdiff-1: one number of a sentence revised. */
static void test_number_changed(void **state)
{
	const char *old = "The festival drew 4,500 visitors on Saturday.\n";
	const char *new = "The festival drew 6,200 visitors on Saturday.\n";
	ct_wdiff *d = NULL;

	(void)state;
	assert_render(old, new, 0, 0,
	              "@@ paragraph 1 @@\n"
	              "The festival drew [-4,500-]{+6,200+} visitors on Saturday.\n");
	assert_int_equal(ct_wdiff_compute(&d, old, strlen(old), new, strlen(new)), 0);
	assert_int_equal(d->nsegs, 4);
	assert_int_equal(d->segs[1].op, '-');
	assert_int_equal(d->segs[1].old_start, 18);
	assert_int_equal(d->segs[1].old_end, 23);
	assert_int_equal(d->segs[1].new_start, 18);
	assert_int_equal(d->segs[1].new_end, 18);
	assert_int_equal(d->segs[2].op, '+');
	assert_int_equal(d->segs[2].new_start, 18);
	assert_int_equal(d->segs[2].new_end, 23);
	assert_false(d->segs[1].trivial);
	assert_int_equal(d->words_removed, 1);
	assert_int_equal(d->words_added, 1);
	assert_int_equal(d->changes, 1);
	assert_int_equal(d->trivial_changes, 0);
	assert_int_equal(d->paragraphs_changed, 1);
	ct_wdiff_free(d);
}

/* wdiff-2: words are whole: a contraction and a decimal are one token each. */
static void test_tokens(void **state)
{
	(void)state;
	assert_render("We don't know if the rate is 2.5 now.",
	              "We do not know if the rate is 2.6 now.", 0, 0,
	              "@@ paragraph 1 @@\n"
	              "We [-don't-]{+do not+} know if the rate is [-2.5-]{+2.6+} now.\n");
	/* A hyphen is punctuation of its own. */
	assert_render("A long-awaited road.", "A long-delayed road.", 0, 0,
	              "@@ paragraph 1 @@\nA long-[-awaited-]{+delayed+} road.\n");
}

/* wdiff-3: a literal backslash-n is not a newline (the token lines are escaped). */
static void test_escaping(void **state)
{
	(void)state;
	assert_render("Open C:\\new files.", "Open C:\nnew files.", 0, 0,
	              "@@ paragraph 1 @@\nOpen C:[-\\-]{+\n+}new files.\n");
}

/* wdiff-4: only the changed paragraphs are shown; context adds neighbours. */
static void test_elision(void **state)
{
	const char *old = "First paragraph stays.\n\n"
	                  "Second paragraph stays.\n\n"
	                  "Third paragraph stays.\n\n"
	                  "The fourth paragraph counts 12 boats.\n\n"
	                  "Fifth paragraph stays.\n\n"
	                  "Sixth paragraph stays.\n";
	const char *new = "First paragraph stays.\n\n"
	                  "Second paragraph stays.\n\n"
	                  "Third paragraph stays.\n\n"
	                  "The fourth paragraph counts 15 boats.\n\n"
	                  "Fifth paragraph stays.\n\n"
	                  "Sixth paragraph stays.\n";

	(void)state;
	assert_render(old, new, 0, 0,
	              "@@ paragraph 4 @@\nThe fourth paragraph counts [-12-]{+15+} boats.\n");
	assert_render(old, new, 0, 1,
	              "@@ paragraph 3 @@\nThird paragraph stays.\n"
	              "@@ paragraph 4 @@\nThe fourth paragraph counts [-12-]{+15+} boats.\n"
	              "@@ paragraph 5 @@\nFifth paragraph stays.\n");
	assert_render(old, old, 0, 1, "");
}

/* wdiff-5: a paragraph deleted whole and one added whole; numbering on each side. */
static void test_whole_paragraphs(void **state)
{
	const char *old = "Opening line of the story.\n\n"
	                  "A paragraph that the editor cut.\n\n"
	                  "The closing words.\n";
	const char *new = "Opening line of the story.\n\n"
	                  "The closing words.\n\n"
	                  "A postscript added later.\n";
	ct_wdiff *d = NULL;

	(void)state;
	assert_render(old, new, 0, 0,
	              "@@ old paragraph 2 @@\n[-A paragraph that the editor cut.-]\n"
	              "@@ paragraph 3 @@\n{+A postscript added later.+}\n");
	assert_int_equal(ct_wdiff_compute(&d, old, strlen(old), new, strlen(new)), 0);
	check_tiling(d, old, strlen(old), new, strlen(new));
	assert_int_equal(d->paragraphs_changed, 2);
	assert_int_equal(d->words_removed, 6);
	assert_int_equal(d->words_added, 4);
	ct_wdiff_free(d);
}

/* wdiff-6: a paragraph split in two, and two joined, are shown as one. */
static void test_split_and_join(void **state)
{
	(void)state;
	assert_render("One. Two.\n\nThree.\n", "One.\n\nTwo. Three.\n", 0, 0,
	              "@@ paragraph 1 @@\nOne.[- -]{+\n\n+}Two.[-\n\n-]{+ +}Three.\n");
}

/* wdiff-7: changes of white space, punctuation and case only are trivial. */
static void test_trivial(void **state)
{
	const char *old =
	    "The \xe2\x80\x9cMayor\xe2\x80\x9d said:  no.\n\nFees rise by 3 percent.\n";
	const char *new = "The \"mayor\" said, no.\n\nFees rise by 4 percent.\n";
	ct_wdiff *d = NULL;
	size_t i;

	(void)state;
	assert_int_equal(ct_wdiff_compute(&d, old, strlen(old), new, strlen(new)), 0);
	check_tiling(d, old, strlen(old), new, strlen(new));
	assert_int_equal(d->changes, 3);
	assert_int_equal(d->trivial_changes, 2);
	for (i = 0; i < d->nsegs; i++)
		if (d->segs[i].op != '=')
			assert_int_equal(d->segs[i].trivial,
			                 d->segs[i].old_start < 30 || d->segs[i].new_start < 25);
	ct_wdiff_free(d);
	assert_render(old, new, 0, 0,
	              "@@ paragraph 1 @@\n"
	              "The [-\xe2\x80\x9cMayor\xe2\x80\x9d-]{+\"mayor\"+} said[-:  -]{+, +}no.\n"
	              "@@ paragraph 2 @@\n"
	              "Fees rise by [-3-]{+4+} percent.\n");
	/* Ignored: the first paragraph is unchanged, and so not shown. */
	assert_render(old, new, CT_WDIFF_IGNORE_TRIVIAL, 0,
	              "@@ paragraph 2 @@\nFees rise by [-3-]{+4+} percent.\n");
	/* In a paragraph shown for another change, trivial changes are the new text. */
	assert_render("The Mayor said: 3 ships.", "The mayor said, 4 ships.",
	              CT_WDIFF_IGNORE_TRIVIAL, 0,
	              "@@ paragraph 1 @@\nThe mayor said, [-3-]{+4+} ships.\n");
	/* A word added is not trivial, nor a number reformatted. */
	assert_render("Costs 4500 euros.", "Costs 4,500 euros.", CT_WDIFF_IGNORE_TRIVIAL, 0,
	              "@@ paragraph 1 @@\nCosts [-4500-]{+4,500+} euros.\n");
}

/* wdiff-8: colours instead of markers, closed before every newline. */
static void test_color(void **state)
{
	(void)state;
	assert_render("Ships: 3.\n", "Ships: 4.\n", CT_WDIFF_COLOR, 0,
	              "\033[36m@@ paragraph 1 @@\033[m\n"
	              "Ships: \033[31m3\033[m\033[32m4\033[m.\n");
	assert_render("One. Two.", "One.\n\nTwo.", CT_WDIFF_COLOR, 0,
	              "\033[36m@@ paragraph 1 @@\033[m\n"
	              "One.\033[31m \033[m\n\nTwo.\n");
}

/* wdiff-9: the JSON form lists only changed paragraphs, with the stat. */
static void test_json(void **state)
{
	const char *old = "Kept paragraph.\n\nThe Mayor said: 3 ships.\n\nA cut paragraph.\n";
	const char *new = "Kept paragraph.\n\nThe mayor said: 4 ships.\n";
	ct_wdiff *d = NULL;
	json_t *j;
	char *s;

	(void)state;
	assert_int_equal(ct_wdiff_compute(&d, old, strlen(old), new, strlen(new)), 0);
	j = ct_wdiff_to_json(d, old, strlen(old), new, strlen(new), 0);
	assert_non_null(j);
	s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(
	    s, "{\"paragraphs\":["
	       "{\"new\":2,\"old\":2,\"segments\":["
	       "{\"op\":\"=\",\"text\":\"The \"},"
	       "{\"op\":\"-\",\"text\":\"Mayor\",\"trivial\":true},"
	       "{\"op\":\"+\",\"text\":\"mayor\",\"trivial\":true},"
	       "{\"op\":\"=\",\"text\":\" said: \"},"
	       "{\"op\":\"-\",\"text\":\"3\",\"trivial\":false},"
	       "{\"op\":\"+\",\"text\":\"4\",\"trivial\":false},"
	       "{\"op\":\"=\",\"text\":\" ships.\"}]},"
	       "{\"new\":null,\"old\":3,\"segments\":["
	       "{\"op\":\"-\",\"text\":\"A cut paragraph.\",\"trivial\":false}]}],"
	       "\"stat\":{\"changes\":3,\"paragraphs_changed\":2,\"trivial_changes\":1,"
	       "\"words_added\":2,\"words_removed\":5}}");
	free(s);
	json_decref(j);
	j = ct_wdiff_to_json(d, old, strlen(old), new, strlen(new), CT_WDIFF_IGNORE_TRIVIAL);
	assert_non_null(j);
	s = json_dumps(
	    json_object_get(json_array_get(json_object_get(j, "paragraphs"), 0), "segments"),
	    JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(s, "[{\"op\":\"=\",\"text\":\"The mayor said: \"},"
	                       "{\"op\":\"-\",\"text\":\"3\",\"trivial\":false},"
	                       "{\"op\":\"+\",\"text\":\"4\",\"trivial\":false},"
	                       "{\"op\":\"=\",\"text\":\" ships.\"}]");
	free(s);
	json_decref(j);
	ct_wdiff_free(d);
}

/* wdiff-10: identical, empty and wholly new texts. */
static void test_edges(void **state)
{
	ct_wdiff *d = NULL;

	(void)state;
	assert_int_equal(ct_wdiff_compute(&d, "Same.", 5, "Same.", 5), 0);
	assert_int_equal(d->nsegs, 1);
	assert_int_equal(d->segs[0].op, '=');
	assert_int_equal(d->changes + d->paragraphs_changed, 0);
	ct_wdiff_free(d);
	assert_int_equal(ct_wdiff_compute(&d, "", 0, "", 0), 0);
	assert_int_equal(d->nsegs, 0);
	ct_wdiff_free(d);
	assert_render("", "Brand new text.", 0, 0, "@@ paragraph 1 @@\n{+Brand new text.+}\n");
	assert_render("Old text gone.\n", "", 0, 0, "@@ old paragraph 1 @@\n[-Old text gone.-]\n");
	assert_render("Tail.", "Tail. More words.", 0, 0,
	              "@@ paragraph 1 @@\nTail.{+ More words.+}\n");
	ct_wdiff_free(NULL);
}

/* wdiff-11: a text of single newlines has one paragraph a line. */
static void test_line_paragraphs(void **state)
{
	(void)state;
	assert_render("Line one.\nLine two.\nLine three.\n", "Line one.\nLine 2.\nLine three.\n", 0,
	              0, "@@ paragraph 2 @@\nLine [-two-]{+2+}.\n");
}

/* wdiff-12: the line diff building block. */
static void test_lines(void **state)
{
	ct_seqdiff_hunk *h = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(ct_seqdiff_lines(&h, &n, "a\nb\nc\n", 6, "x\na\nc\nd\n", 8, 1), 0);
	assert_int_equal(n, 3);
	assert_int_equal(h[0].old_start, 0);
	assert_int_equal(h[0].old_end, 0);
	assert_int_equal(h[0].new_start, 0);
	assert_int_equal(h[0].new_end, 1);
	assert_int_equal(h[1].old_start, 1);
	assert_int_equal(h[1].old_end, 2);
	assert_int_equal(h[1].new_start, 2);
	assert_int_equal(h[1].new_end, 2);
	assert_int_equal(h[2].old_start, 3);
	assert_int_equal(h[2].old_end, 3);
	assert_int_equal(h[2].new_start, 3);
	assert_int_equal(h[2].new_end, 4);
	free(h);
	assert_int_equal(ct_seqdiff_lines(&h, &n, "a\n", 2, "a\n", 2, 0), 0);
	assert_null(h);
	assert_int_equal(n, 0);
}

/* A deterministic generator for the long texts. */
static uint32_t rng(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

/* wdiff-13: a 50,000-word article with 2% of its words replaced (correctness only). */
static void test_long_article(void **state)
{
	static const char *const words[] = {
	    "river", "council", "budget", "ferry",   "the", "of",     "and",  "a",   "harbour",
	    "said",  "on",      "report", "figures", "in",  "school", "road", "new", "station",
	};
	ct_buf old = CT_BUF_INIT, new = CT_BUF_INIT, out = CT_BUF_INIT;
	uint32_t seed = 42;
	size_t w, replaced = 0, marks = 0;
	ct_wdiff *d = NULL;
	const char *p;

	(void)state;
	for (w = 0; w < 50000; w++) {
		const char *word = words[rng(&seed) % (sizeof(words) / sizeof(words[0]))];
		const char *sep = w % 100 == 99 ? ".\n\n" : w % 17 == 16 ? ". " : " ";

		assert_int_equal(ct_buf_puts(&old, word), 0);
		/* Every 50th word is replaced, so no two changes touch. */
		if (w % 50 == 25) {
			assert_int_equal(ct_buf_printf(&new, "changed%zu", w), 0);
			replaced++;
		} else {
			assert_int_equal(ct_buf_puts(&new, word), 0);
		}
		assert_int_equal(ct_buf_puts(&old, sep), 0);
		assert_int_equal(ct_buf_puts(&new, sep), 0);
	}
	assert_int_equal(ct_wdiff_compute(&d, old.ptr, old.len, new.ptr, new.len), 0);
	check_tiling(d, old.ptr, old.len, new.ptr, new.len);
	assert_int_equal(d->words_removed, replaced);
	assert_int_equal(d->words_added, replaced);
	assert_int_equal(d->changes, replaced);
	assert_int_equal(d->trivial_changes, 0);
	assert_int_equal(d->paragraphs_changed, 500);
	assert_int_equal(d->nsegs, 3 * replaced + 1);
	assert_int_equal(ct_term_wdiff(&out, d, old.ptr, old.len, new.ptr, new.len, 0, 0), 0);
	for (p = out.ptr; (p = strstr(p, "{+changed")); p++)
		marks++;
	assert_int_equal(marks, replaced);
	ct_wdiff_free(d);
	ct_buf_release(&old);
	ct_buf_release(&new);
	ct_buf_release(&out);
}

/* wdiff-14: paragraphs inserted and deleted in a long text keep the rest aligned. */
static void test_long_moves(void **state)
{
	ct_buf old = CT_BUF_INIT, new = CT_BUF_INIT;
	ct_wdiff *d = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < 2000; i++) {
		assert_int_equal(
		    ct_buf_printf(&old, "Paragraph %zu says %zu things.\n\n", i, i * 7), 0);
		if (i % 100 == 3)
			continue; /* deleted */
		if (i % 100 == 50)
			assert_int_equal(ct_buf_printf(&new, "Inserted before %zu.\n\n", i), 0);
		assert_int_equal(
		    ct_buf_printf(&new, "Paragraph %zu says %zu things.\n\n", i, i * 7), 0);
	}
	assert_int_equal(ct_wdiff_compute(&d, old.ptr, old.len, new.ptr, new.len), 0);
	check_tiling(d, old.ptr, old.len, new.ptr, new.len);
	assert_int_equal(d->changes, 40);
	assert_int_equal(d->paragraphs_changed, 40);
	assert_int_equal(d->words_removed, 20 * 5);
	assert_int_equal(d->words_added, 20 * 3);
	ct_wdiff_free(d);
	ct_buf_release(&old);
	ct_buf_release(&new);
}

/* wdiff-15: a change slid down past the part of a region that was tokenized first. */
static void test_slide_past_part(void **state)
{
	(void)state;
	/*
	 * Only "in the north" and "on the north and south" are tokenized at
	 * first (the rest is the same bytes); the insertion lands at the end of
	 * that part, " and south", and slides on into "and south " only once the
	 * rest is tokenized too.
	 */
	assert_render("Rain fell in the north all day.",
	              "Rain fell on the north and south all day.", 0, 0,
	              "@@ paragraph 1 @@\n"
	              "Rain fell [-in-]{+on+} the north {+and south +}all day.\n");
}

/*
 * Check hunks h[0, n) of a diff of a (na keys) against b (nb keys): in
 * order, apart, and the elements outside them equal pair by pair. Returns
 * how many elements of a are outside the hunks.
 */
static size_t check_hunks(const ct_seqdiff_hunk *h, size_t n, const uint64_t *a, size_t na,
                          const uint64_t *b, size_t nb)
{
	size_t i, k, pa = 0, pb = 0, kept = 0;

	for (i = 0; i <= n; i++) {
		size_t ea = i < n ? h[i].old_start : na, eb = i < n ? h[i].new_start : nb;

		assert_int_equal(ea - pa, eb - pb);
		assert_true(i == 0 || i == n || ea > pa); /* two hunks never touch */
		for (k = 0; k < ea - pa; k++)
			assert_true(a[pa + k] == b[pb + k]);
		kept += ea - pa;
		if (i == n)
			break;
		assert_true(h[i].old_end >= h[i].old_start && h[i].new_end >= h[i].new_start);
		assert_true(h[i].old_end > h[i].old_start || h[i].new_end > h[i].new_start);
		pa = h[i].old_end;
		pb = h[i].new_end;
	}
	return kept;
}

/* The length of a longest common subsequence, by dynamic programming. */
static size_t lcs_length(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	size_t row[64], i, j;

	assert_true(nb < 64);
	memset(row, 0, sizeof(row));
	for (i = 0; i < na; i++) {
		size_t diag = 0;

		for (j = 0; j < nb; j++) {
			size_t up = row[j + 1];

			row[j + 1] = a[i] == b[j] ? diag + 1 : up > row[j] ? up : row[j];
			diag = up;
		}
	}
	return row[nb];
}

/* wdiff-16: minimal mode keeps a longest common subsequence; both modes give valid hunks. */
static void test_hashes_lcs(void **state)
{
	uint64_t a[60], b[60];
	uint32_t seed = 99;
	size_t round, i;

	(void)state;
	for (round = 0; round < 600; round++) {
		size_t na = rng(&seed) % 60, nb = rng(&seed) % 60, alphabet = 2 + rng(&seed) % 6;
		/* A third of the rounds: mostly keys found once, among a few frequent ones. */
		unsigned unique = round % 3 ? 0 : 70;
		ct_seqdiff_hunk *h = NULL;
		size_t n = 0;

		for (i = 0; i < na; i++)
			a[i] = rng(&seed) % 100 < unique
			           ? 1000 + round * 200 + i
			           : 0x9E3779B97F4A7C15u * (rng(&seed) % alphabet);
		/* Half the rounds: b is an edited copy of a, the others unrelated. */
		for (i = 0; i < nb; i++)
			b[i] = round % 2 && i < na && rng(&seed) % 4 ? a[i]
			       : rng(&seed) % 100 < unique
			           ? 1000 + round * 200 + 100 + i
			           : 0x9E3779B97F4A7C15u * (rng(&seed) % alphabet);
		assert_int_equal(ct_seqdiff_hashes(&h, &n, a, na, b, nb, 1), 0);
		assert_int_equal(check_hunks(h, n, a, na, b, nb), lcs_length(a, na, b, nb));
		free(h);
		assert_int_equal(ct_seqdiff_hashes(&h, &n, a, na, b, nb, 0), 0);
		assert_true(check_hunks(h, n, a, na, b, nb) <= lcs_length(a, na, b, nb));
		free(h);
	}
}

/* Diff two key strings, one character a key, and render the hunks as "[-x-]{+y+}" around the rest.
 */
static void assert_key_diff(const char *a, const char *b, int minimal, const char *expect)
{
	uint64_t ka[32], kb[32];
	size_t na = strlen(a), nb = strlen(b), n = 0, i, pa = 0;
	ct_seqdiff_hunk *h = NULL;
	char got[128];
	size_t len = 0;

	for (i = 0; i < na; i++)
		ka[i] = (uint64_t)(unsigned char)a[i] << 40;
	for (i = 0; i < nb; i++)
		kb[i] = (uint64_t)(unsigned char)b[i] << 40;
	assert_int_equal(ct_seqdiff_hashes(&h, &n, ka, na, kb, nb, minimal), 0);
	for (i = 0; i <= n; i++) {
		size_t end = i < n ? h[i].old_start : na;

		memcpy(got + len, a + pa, end - pa);
		len += end - pa;
		if (i == n)
			break;
		len += (size_t)sprintf(got + len, "[-%.*s-]{+%.*s+}",
		                       (int)(h[i].old_end - h[i].old_start), a + h[i].old_start,
		                       (int)(h[i].new_end - h[i].new_start), b + h[i].new_start);
		pa = h[i].old_end;
	}
	got[len] = '\0';
	assert_string_equal(got, expect);
	free(h);
}

/* wdiff-17: the sequence diff's edges, and where it puts a change that could go elsewhere. */
static void test_hashes_readable(void **state)
{
	ct_seqdiff_hunk *h = NULL;
	size_t n = 7;

	(void)state;
	assert_int_equal(ct_seqdiff_hashes(&h, &n, NULL, 0, NULL, 0, 1), 0);
	assert_null(h);
	assert_int_equal(n, 0);
	assert_key_diff("abc", "abc", 0, "abc");
	assert_key_diff("", "xy", 0, "[--]{+xy+}");
	assert_key_diff("xy", "", 1, "[-xy-]{++}");
	/* A removal slides down as far as equal elements allow, as in git. */
	assert_key_diff("x.y.", "x.", 0, "x.[-y.-]{++}");
	assert_key_diff("aaab", "aab", 1, "aa[-a-]{++}b");
	assert_key_diff("abcabc", "abc", 0, "abc[-abc-]{++}");
	assert_key_diff("bxab", "xab", 0, "[-b-]{++}xab");
	/* Replacements pair up where they face each other. */
	assert_key_diff("ab.cd", "AB.cd", 0, "[-ab-]{+AB+}.cd");
	assert_key_diff("kitten", "sitting", 1, "[-k-]{+s+}itt[-e-]{+i+}n[--]{+g+}");
}

/* wdiff-18: long sequences that share little stay fast and valid (not minimal). */
static void test_hashes_unrelated(void **state)
{
	static uint64_t a[6000], b[6000];
	uint32_t seed = 5;
	ct_seqdiff_hunk *h = NULL;
	size_t n = 0, i;

	(void)state;
	/* Four keys in random order: every key is frequent, nothing is set aside. */
	for (i = 0; i < 6000; i++) {
		a[i] = rng(&seed) % 4;
		b[i] = rng(&seed) % 4;
	}
	assert_int_equal(ct_seqdiff_hashes(&h, &n, a, 6000, b, 6000, 0), 0);
	check_hunks(h, n, a, 6000, b, 6000);
	free(h);
}

/* Append one run as "op:text|" to a buffer. */
static int collect_run(const ct_wdiff_run *r, void *payload)
{
	return ct_buf_printf(payload, "%c%s:%.*s|", r->op, r->trivial ? "t" : "", (int)r->len, r->text);
}

/* wdiff-display: the display paragraphs and their runs, which every rendering shares. */
static void test_display(void **state)
{
	const char *old = "One two.\n\nSame here.\n\nGone para!\n\nKeep, this.\n";
	const char *new = "One three.\n\nSame here.\n\nKeep; this.\n";
	ct_wdiff *d = NULL;
	ct_wdiff_display *disp = NULL;
	ct_wdiff_para p;
	ct_buf b = CT_BUF_INIT;
	size_t i;

	(void)state;
	assert_int_equal(ct_wdiff_compute(&d, old, strlen(old), new, strlen(new)), 0);
	assert_int_equal(ct_wdiff_display_new(&disp, d, old, strlen(old), new, strlen(new), 0), 0);
	assert_int_equal(ct_wdiff_display_count(disp), 4);
	for (i = 0; i < ct_wdiff_display_count(disp); i++) {
		ct_wdiff_display_para(&p, disp, i);
		assert_int_equal(ct_buf_printf(&b, "[%d %d %d %s] ",
		                               p.old_para == CT_WDIFF_NONE ? -1 : (int)p.old_para,
		                               p.new_para == CT_WDIFF_NONE ? -1 : (int)p.new_para,
		                               p.changed,
		                               ct_wdiff_display_size(disp, i) ? "sized" : "empty"),
		                 0);
		assert_int_equal(ct_wdiff_display_runs(disp, i, collect_run, &b), 0);
		assert_int_equal(ct_buf_putc(&b, '\n'), 0);
	}
	assert_string_equal(b.ptr, "[0 0 1 sized] =:One |-:two|+:three|=:.|\n"
	                           "[1 1 0 sized] =:Same here.|\n"
	                           "[2 -1 1 sized] -:Gone para!|\n"
	                           "[3 2 1 sized] =:Keep|-t:,|+t:;|=: this.|\n");
	ct_wdiff_display_free(disp);
	/* With IGNORE_TRIVIAL, the trivial change is the new text and the paragraph unchanged. */
	assert_int_equal(ct_wdiff_display_new(&disp, d, old, strlen(old), new, strlen(new),
	                                      CT_WDIFF_IGNORE_TRIVIAL),
	                 0);
	ct_buf_reset(&b);
	ct_wdiff_display_para(&p, disp, 3);
	assert_int_equal(p.changed, 0);
	assert_int_equal(ct_wdiff_display_runs(disp, 3, collect_run, &b), 0);
	assert_string_equal(b.ptr, "=:Keep; this.|");
	ct_wdiff_display_free(disp);
	ct_wdiff_display_free(NULL);
	ct_buf_release(&b);
	ct_wdiff_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_number_changed),
	    cmocka_unit_test(test_tokens),
	    cmocka_unit_test(test_escaping),
	    cmocka_unit_test(test_elision),
	    cmocka_unit_test(test_whole_paragraphs),
	    cmocka_unit_test(test_split_and_join),
	    cmocka_unit_test(test_trivial),
	    cmocka_unit_test(test_color),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_display),
	    cmocka_unit_test(test_edges),
	    cmocka_unit_test(test_line_paragraphs),
	    cmocka_unit_test(test_lines),
	    cmocka_unit_test(test_long_article),
	    cmocka_unit_test(test_long_moves),
	    cmocka_unit_test(test_slide_past_part),
	    cmocka_unit_test(test_hashes_lcs),
	    cmocka_unit_test(test_hashes_readable),
	    cmocka_unit_test(test_hashes_unrelated),
	};

	/* No git_libgit2_init(): the word diff needs no libgit2. */
	return cmocka_run_group_tests_name("wdiff", tests, NULL, NULL);
}
