/* core/text/segment.h: paragraphs and sentences of a text, as byte ranges. */
#ifndef CT_SEGMENT_H
#define CT_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

/*
 * An article body is prose: paragraphs separated by blank lines, each one
 * long line or several wrapped ones. This module cuts a text into
 * paragraphs and sentences, for the word diff (which elides unchanged
 * paragraphs), for re-anchoring (which aligns the sentences of two
 * revisions) and for the pre-publication check (which lists sentences).
 *
 * White space is what core/text/text.h folds as white space: TAB, LF, VT, FF,
 * CR, NEL (U+0085) and the Unicode separators (categories Zs, Zl, Zp).
 *
 * Paragraphs. A blank line is a line holding only white space. When a blank
 * line stands between two non-blank lines, the paragraphs are the runs of
 * non-blank lines between blank lines (a paragraph may be wrapped over
 * several lines). When there is none (a text of single newlines), every
 * non-blank line is a paragraph.
 *
 * Sentences never cross a paragraph. A sentence ends after a run of
 * terminators (. ! ? and the ellipsis U+2026) and any closing quotes or
 * brackets after it (" ' ) ] and the curly and angle quotes), when white
 * space or the end of the paragraph follows. It does not end there:
 *   - when the next word starts with a lowercase letter (opening quotes or
 *     brackets before it skipped): "approx. five", "'Why?' she asked";
 *   - after a single '.' that closes a title or an abbreviation that is not
 *     written at the end of a sentence: Mr, Mrs, Ms, Dr, Prof, St, Gen, Sen,
 *     Rev, e.g, i.e, cf, vs, et al and the like (compared without case);
 *   - after a single '.' that closes No, Fig, Vol, p, pp, Art, Sec or a
 *     month's abbreviation (Jan, Feb, ... Sept, Oct, Nov, Dec) when a digit
 *     follows: "No. 7", "Jan. 12";
 *   - after a single '.' that closes one capital letter (an initial, as in
 *     "J. R. Tolkien") or a dotted run of capitals ("U.S.", "U.K."), since
 *     neither tells whether the sentence ended.
 * A terminator with no space after it never ends a sentence, so decimals
 * ("2.5"), numbers ("1.250.000"), times and URLs stay whole.
 *
 * Every range is trimmed of white space at both ends and non-empty; ranges
 * come in text order and do not overlap. Offsets are byte offsets from 0.
 * The text need not be NUL-terminated; bytes that are not valid UTF-8 are
 * taken as single non-space characters, so any input can be segmented.
 */

typedef struct ct_segment {
	size_t start;     /* offset of the first byte; text[start] is not white space */
	size_t end;       /* one past the last byte; start < end */
	size_t paragraph; /* index (from 0) of the paragraph holding it; a
	                     paragraph's own index for ct_segment_paragraphs() */
} ct_segment;

/*
 * Cut `text` (len bytes) into paragraphs.
 *
 * out:   [out] set to NULL on entry; on success a new array of *count
 *        segments, which the caller frees with free(); NULL when the text is
 *        blank (no paragraph).
 * count: [out] set to 0 on entry; the number of paragraphs on success.
 * Returns 0, or CT_ERROR when out of memory.
 */
int ct_segment_paragraphs(ct_segment **out, size_t *count, const char *text, size_t len);

/*
 * Cut `text` (len bytes) into sentences, as described at the top of this
 * header. Each sentence records the index of its paragraph, numbered as
 * ct_segment_paragraphs() numbers them.
 *
 * out:   [out] set to NULL on entry; on success a new array of *count
 *        segments, which the caller frees with free(); NULL when the text is
 *        blank.
 * count: [out] set to 0 on entry; the number of sentences on success.
 * Returns 0, or CT_ERROR when out of memory.
 */
int ct_segment_sentences(ct_segment **out, size_t *count, const char *text, size_t len);

/*
 * The first offset from pos (pos <= end) where text holds '.', '!', '?',
 * '\n' or a byte that is not ASCII; end when there is none. Sentences and
 * lines can end only there: a scan of prose (here, or the word diff's) skips
 * the rest eight bytes at a time.
 */
size_t ct_segment_skip(const char *text, size_t pos, size_t end);

/*
 * The length in bytes of the white-space character at `s` (at most len
 * bytes are read), or 0 when `s` does not start with one (or len is 0).
 */
size_t ct_segment_space_len(const char *s, size_t len);

/*
 * The start of the run of white space that ends at `end` in `text`, not
 * before `lo` (end itself when text[end - 1] is not white space). Reads
 * backwards over UTF-8 sequences; lo <= end.
 */
size_t ct_segment_space_start(const char *text, size_t lo, size_t end);

#endif
