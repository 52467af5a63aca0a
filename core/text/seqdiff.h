/* core/text/seqdiff.h: the diff of two sequences of hashed items: words, sentences, lines. */
#ifndef CT_SEQDIFF_H
#define CT_SEQDIFF_H

#include <stddef.h>
#include <stdint.h>

/*
 * The sequence diff under the word diff (core/text/wdiff.h) and under
 * re-anchoring (core/text/reanchor.h, which aligns the sentences of two
 * revisions with a minimal diff). It needs no library: a read-only command
 * diffs without initialising libgit2.
 */

/* A hunk of a sequence diff: old elements [old_start, old_end) became new [new_start, new_end). */
typedef struct ct_seqdiff_hunk {
	size_t old_start, old_end; /* counted from 0; an empty range sits where the */
	size_t new_start, new_end; /* other side's elements are in the other sequence */
} ct_seqdiff_hunk;

/*
 * The diff of two sequences of keys, `old` (nold of them) and `new`
 * (nnew), where two elements are equal exactly when their keys are (make the
 * keys exact, or accept that two 64-bit hashes may collide). Hunks come in order, with
 * equal elements between any two and none outside them.
 *
 * The algorithm is Myers' O(ND) difference algorithm in linear space (the
 * middle snake, divide and conquer), refined as git's xdiff refines it, so
 * that word diffs read as git's do: the common prefix and suffix are
 * trimmed; elements that do not occur on the other side are set aside
 * before the search (on prose, most changed words and sentences); each run
 * of changes is slid down as far as equal elements allow ("x.[- More.-]",
 * not "x[-. More-].") unless sliding it back up lines it up with a change
 * on the other side. Histogram and patience diffs were not chosen: they
 * anchor on elements unique to both sides, which prose has few of at the
 * word level (they then fall back to Myers region by region), and on the
 * sentence level the set-aside step already makes Myers cheap.
 *
 * minimal: 0 for git's default behaviour: the search of a costly region (an
 * edit cost above 256) is cut short by heuristics, and elements whose key
 * is frequent on the other side (about the square root of its length)
 * standing among elements with no match at all are set aside too, so that
 * a stray space or "the" does not tie two rewritten passages together; the
 * diff may then be longer than minimal. Non-zero: neither, so that the
 * elements outside the hunks are a longest common subsequence; cheap when
 * most elements are unique to one side or shared in place (the sentences
 * of two revisions), up to O((nold + nnew) * D) for D changes otherwise.
 *
 * out:   [out] set to NULL on entry; on success a new array of *count hunks,
 *        which the caller frees with free() (NULL when there is none).
 * count: [out] set to 0 on entry.
 * Returns 0, or CT_ERROR (out of memory, or a sequence of 2^31 elements or
 * more; message set).
 */
int ct_seqdiff_hashes(ct_seqdiff_hunk **out, size_t *count, const uint64_t *old, size_t nold,
                      const uint64_t *new, size_t nnew, int minimal);

/* A growable array of hunks: free(v) releases it; zeroed, it is empty. */
typedef struct ct_seqdiff_hunks {
	ct_seqdiff_hunk *v;
	size_t n, cap;
} ct_seqdiff_hunks;

/* Append a hunk to hs. Returns 0, or CT_ERROR when out of memory. */
int ct_seqdiff_hunks_push(ct_seqdiff_hunks *hs, size_t old_start, size_t old_end, size_t new_start,
                          size_t new_end);

/*
 * The scratch space of the sequence diff, for a caller that diffs many
 * times (the word diff diffs the chunks of two texts, then each region that
 * differs): its arrays and tables are kept from one call to the next.
 */
typedef struct ct_seqdiff ct_seqdiff;

/* A new, empty scratch space in *out. Returns 0, or CT_ERROR when out of memory. */
int ct_seqdiff_new(ct_seqdiff **out);

/* Free a scratch space and all it holds. Accepts NULL. */
void ct_seqdiff_free(ct_seqdiff *sd);

/*
 * ct_seqdiff_hashes() over byte strings, with the scratch space sd: the na
 * strings of `a` (string i is a[aoff[i], aoff[i + 1])) against the nb of
 * `b`; two strings are equal when their bytes are, and none is copied.
 *
 * out: emptied first; the hunks, in order (its array is kept and grown).
 * Returns 0, or CT_ERROR (out of memory, or too many strings; message set).
 */
int ct_seqdiff_strings(ct_seqdiff_hunks *out, ct_seqdiff *sd, const char *a, const size_t *aoff,
                       size_t na, const char *b, const size_t *boff, size_t nb, int minimal);

/*
 * ct_seqdiff_hashes() over lines: `old` and `new` are cut after each '\n' (a
 * last line need not end with one, and then differs from the same line with
 * one); two lines are equal when their bytes are. Hunks count lines from 0.
 *
 * out:   [out] set to NULL on entry; on success a new array of *count hunks in
 *        order, which the caller frees with free() (NULL when there is none).
 * count: [out] set to 0 on entry.
 * Returns 0, or CT_ERROR (out of memory; message set).
 */
int ct_seqdiff_lines(ct_seqdiff_hunk **out, size_t *count, const char *old, size_t oldlen,
                     const char *new, size_t newlen, int minimal);

/*
 * A 64-bit hash of s[0, len), read eight bytes at a time: the keys of the
 * diff's chunks and tokens, and of re-anchoring's sentences. Equal bytes give
 * equal hashes; callers that need equality check the bytes on a match.
 */
uint64_t ct_seqdiff_hash(const char *s, size_t len);

#endif
