/* core/text/text.h: the folded form of text, similarity, and quote anchoring. */
#ifndef CT_TEXT_H
#define CT_TEXT_H

#include <stddef.h>

#include "buf.h"

/*
 * A citation pins a claim to the exact words of one revision of a source.
 * The user types a quote; ct_anchor_find() locates it in the source's text
 * and records it the way the W3C Web Annotation TextQuoteSelector does: the
 * source's own bytes, their offsets, and some context on either side.
 *
 * Matching compares the *folded* form of both texts (ct_text_normalize):
 *
 *	whitespace	a run of white space (ct_utf8_is_space: Zs, Zl, Zp,
 *			TAB, LF, VT, FF, CR, NEL) becomes one ' '
 *	quotes		' ` ‘ ’ ‚ ‛ ′ ‵ ‹ › ʼ ＇ become '
 *			" “ ” „ ‟ ″ ‶ « » 〝 〞 〟 ＂ become "
 *	dashes		every dash punctuation (category Pd: ‐ ‑ ‒ – — ― ...)
 *			and − (U+2212 MINUS SIGN) become -
 *	invisibles	default-ignorable code points (soft hyphen, zero-width
 *			space and joiners, BOM...) are dropped
 *	normalisation	canonical decomposition with canonical ordering (NFD),
 *			so NFC and NFD spellings of a text fold alike
 *	case		optionally, Unicode full case folding (ß and ss fold alike)
 *
 * Compatibility folding (NFKC) is deliberately not applied: it would make
 * "10²" match "102" and "½" match "1⁄2", a wrong anchor for a figure.
 *
 * Offsets are byte offsets, counted from 0, everywhere in this module,
 * error messages included.
 */

/*
 * ct_utf8_validate() (core/text/utf8.h), under the name the modules above
 * the text layer call it by: valid UTF-8 with no NUL byte, or CT_EINVALID
 * with the message '<name>' is not valid UTF-8 (byte N) or '<name>' contains
 * a NUL byte (byte N).
 */
int ct_text_validate(const char *text, size_t len, const char *name);

/*
 * True (1) when `text` holds nothing but white space and default-ignorable
 * code points (invisible characters such as the soft hyphen), or is empty;
 * 0 otherwise, and 0 when it is not valid UTF-8.
 */
int ct_text_is_blank(const char *text, size_t len);

/*
 * Fill `out` with the folded form of `text` described at the top of this
 * header (whitespace runs kept as one ' ', also at either end); `fold_case`
 * non-zero adds case folding. `out` is emptied first. Bytes that are not
 * valid UTF-8 fold to U+FFFD, one per byte, so any input can be folded.
 *
 * map: when not NULL, *map is set to NULL on entry and, on success, to a new
 *      array of out->len + 1 entries, which the caller frees with free():
 *      map[i] is the offset in `text` of the character that folded byte i
 *      came from, and map[out->len] == len. The map never decreases. A space
 *      maps to the first character of its whitespace run; the combining
 *      marks after one base character all map to the first of them when
 *      canonical ordering moved any.
 *
 * This is the one definition of the folded form, and it is fast: runs of
 * ASCII, most of an article, are folded without utf8proc, eight bytes at a
 * time where they fold to themselves. Re-anchoring folds every sentence of
 * both revisions with it.
 *
 * Returns 0, or CT_ERROR when out of memory (`out` then holds a partial
 * result and *map is NULL).
 */
int ct_text_normalize(ct_buf *out, size_t **map, const char *text, size_t len, int fold_case);

/*
 * Similarity of two passages, in [0,1]: 2 * LCS / (|a| + |b|), where |a| and
 * |b| count the tokens of the case-folded forms of the passages, and LCS is
 * the length of their longest common subsequence of tokens. A token is a
 * word of core/text/token.h's SIMILARITY mode (letters, digits and marks, with
 * ' . , - before a word character inside it, so "20,000" and "don't" are one
 * token), one wide East Asian character, or one other non-space character
 * (punctuation, symbols) with its marks.
 *
 * So it is symmetric, order-aware, and 1 when the passages are equal after
 * folding (or differ only in white space next to punctuation); two blank
 * passages score 1, a blank and a non-blank one 0. It costs O(|a| * |b|):
 * meant for passages, not whole articles.
 *
 * Returns -1 when out of memory (message set).
 */
double ct_text_similarity(const char *a, size_t alen, const char *b, size_t blen);

/*
 * Find the passage of `text` most similar to `quote`: a run of whole tokens
 * (see ct_text_similarity) maximising ct_text_similarity(quote, passage).
 * Windows of the quote's length in tokens are ranked by the tokens they share
 * with the quote; the best 8 (apart from each other) are refined by moving
 * their ends, and scored by similarity. When quote tokens at either end of
 * the quote are missing from the best window, the window is widened by as
 * many tokens on that side, so that an edited first or last word is shown.
 * Ties go to the earlier, then the shorter passage.
 *
 * start, end: [out] set to 0 on entry; on return the byte offsets [start,end)
 *             of the passage, which begins and ends on a non-space character.
 * Returns the similarity of the passage, in [0,1]; 0 (with start == end == 0)
 * when `text` or `quote` is blank; -1 when out of memory (message set).
 * A 50,000-word text (300 kB) and a 20-word quote take about 10 ms here.
 */
double ct_text_nearest(size_t *start, size_t *end, const char *text, size_t len, const char *quote);

/*
 * Where a quote sits in one text, after the TextQuoteSelector: the source's
 * own words and up to 32 characters (code points, never a split UTF-8
 * sequence) of context taken from the source on either side.
 */
typedef struct ct_anchor {
	size_t start; /* offset of the first byte of the match in the text */
	size_t end;   /* one past its last byte; start < end */
	char *exact;  /* text[start,end), NUL-terminated, owned; begins and ends
	                 on a non-space character */
	char *prefix; /* up to 32 characters before start, owned ("" at the start) */
	char *suffix; /* up to 32 characters after end, owned ("" at the end) */
} ct_anchor;

/* No position hint for ct_anchor_find(). */
#define CT_ANCHOR_NO_HINT ((size_t)-1)

/* Free what an anchor owns and zero it. Accepts NULL and a zeroed anchor. */
void ct_anchor_release(ct_anchor *a);

/*
 * Find `quote` in `text` and anchor it.
 *
 * text:   len bytes of UTF-8, need not be NUL-terminated; borrowed.
 * quote:  NUL-terminated UTF-8; white space at either end is ignored.
 * prefix, suffix: NUL-terminated context hints (either may be NULL), as an
 *         earlier anchor stored them. "" is a hint too: the quote was at the
 *         start (prefix) or the end (suffix) of its text.
 * hint:   a byte offset where the quote was expected, or CT_ANCHOR_NO_HINT.
 * name:   labels the text in messages (e.g. "courier@1").
 *
 * The folded quote (see the top of this header) is searched in the folded
 * text, first case-sensitively, then, when that finds nothing, with case
 * folding. An occurrence must start and end on whole characters, and must not
 * start or end inside a word: when the character at its edge and the one
 * beside it outside are both letters of a cased script (Lu, Ll, Lt, Lm) or
 * digits, it is no match ("20,000" is not found in "120,000"). Scripts
 * without case (Lo: CJK, Thai, Arabic...) are not checked, since some of them
 * are written without spaces.
 *
 * When the quote occurs more than once and `prefix` or `suffix` is given,
 * each occurrence is scored by how many characters of the folded prefix agree
 * with the folded text before it, compared backwards from the match, plus how
 * many of the folded suffix agree with the text after it, compared forwards
 * (white space next to the match is skipped on both sides; a hint that agrees
 * in full where the text also ends scores one more). The single best
 * occurrence wins. When several tie for best and `hint` is given, the one
 * whose start is strictly nearest to `hint` wins. Otherwise (no context
 * given, or a tie that `hint` does not break) the quote is ambiguous: `hint`
 * alone never picks an occurrence.
 *
 * out: [out] zeroed on entry; filled on success, released by the caller with
 *      ct_anchor_release().
 * Returns 0, or:
 *	CT_EINVALID	the text, quote or a hint is not valid UTF-8 or holds a
 *			NUL byte (see ct_text_validate; the quote and the hints
 *			are named 'quote', 'prefix', 'suffix'), or the quote is
 *			empty ("quote is empty") or blank ("quote is blank")
 *	CT_ENOTFOUND	quote not found in '<name>'; nearest passage: '<passage>'
 *	CT_EAMBIGUOUS	quote '<quote>' occurs N times in '<name>'; give context to pick one
 *	CT_ERROR	out of memory
 * In messages, a passage or quote has each run of white space shown as one
 * space and is cut after at most 200 bytes, on a character boundary, with
 * "..." added. The nearest passage is the one ct_text_nearest() finds.
 */
int ct_anchor_find(ct_anchor *out, const char *text, size_t len, const char *quote,
                   const char *prefix, const char *suffix, size_t hint, const char *name);

#endif
