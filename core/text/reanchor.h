/* core/text/reanchor.h: locate the quotes of one revision of a source again in the next. */
#ifndef CT_REANCHOR_H
#define CT_REANCHOR_H

#include <stddef.h>

/*
 * When a source gets a new revision, every citation made on the old one is
 * located again, and its claim gets one change (DESIGN.md, "What each claim
 * change means"). The decision is made over the whole text, sentence by
 * sentence (core/text/segment.h), never over the quoted passages alone:
 *
 * 1. Alignment. Both texts are cut into sentences and each sentence folded
 *    (core/text/text.h: white space, quote and dash styles, Unicode forms; case is
 *    kept). The longest common subsequence of the folded sentences (a minimal
 *    ct_seqdiff_hashes() of core/text/seqdiff.h, each folded form numbered)
 *    pairs the unchanged sentences, in place. Between two consecutive pairs lies a gap:
 *    the old and the new sentences off the subsequence there.
 * 2. Moves. An old sentence off the subsequence whose folded text equals that
 *    of a new sentence off the subsequence is paired with it as moved; one to
 *    one, in text order.
 * 3. Edits. The old and new sentences still unpaired in the same gap are
 *    paired as edited versions when ct_text_similarity() of the two is at
 *    least CT_REANCHOR_THRESHOLD: best similarity first, then the nearest
 *    pair, one to one. Only within a gap: a sentence that was edited and also
 *    moved elsewhere, or a near-identical sentence elsewhere in the new text,
 *    is never taken for the edited version ("changed at the original place,
 *    or removed"). A gap with more than CT_REANCHOR_MAX_PAIRS candidate pairs
 *    (a wholesale rewrite) compares each old sentence only with the new
 *    sentences at about the same rank in the gap. Since no pair crosses a
 *    gap, this step is taken only for the gaps that hold a part of a quote:
 *    the cost of re-anchoring grows with the citations and what changed
 *    around them, not with the length of the text.
 * 4. Every sentence of the new text has at most one old counterpart, so a
 *    sentence that is the unchanged counterpart of one old sentence is never
 *    the edited version of another.
 *
 * A citation is then classified by the sentences its quote covers. For each
 * covered sentence, the part of the quote in it is:
 *	unchanged	its sentence is on the subsequence (the part is at the
 *			same place in the counterpart); or the part's folded
 *			words still occur whole in its sentence's edited version
 *			(the edit touched other words of the sentence), or else
 *			in another new sentence of the same gap that is not a
 *			moved one (a sentence split in two, or merged into its
 *			neighbour);
 *	moved		its sentence is a moved one;
 *	changed		those words occur there only with case folded: the new
 *			range is that passage; or else its sentence has an edited
 *			version that lost some of the part's words: the new range
 *			is the passage of that sentence nearest to the part
 *			(ct_text_nearest());
 *	removed		none of the above.
 * The citation is unchanged (or moved) when all its parts are, and the new
 * text between the first part's start and the last part's end, folded, is
 * the folded quote (no sentence was inserted in between); removed when all
 * its parts are removed; changed otherwise, with the new range spanning the
 * parts that remain and the similarity of the quote to that range.
 */

/* A citation's change between two revisions. */
enum {
	CT_CHANGE_UNCHANGED = 0, /* the same words, in the same place */
	CT_CHANGE_MOVED,         /* the same words, reordered */
	CT_CHANGE_CHANGED,       /* edited words at the original place */
	CT_CHANGE_REMOVED,       /* nothing left at the original place */
	CT_CHANGE_ADDED,         /* made on the newer revision (set by the caller) */
};

/* The similarity from which two sentences of one gap are taken as edited versions. */
#define CT_REANCHOR_THRESHOLD 0.5

/* The most sentence pairs compared in one gap before comparing by rank only. */
#define CT_REANCHOR_MAX_PAIRS 10000

/*
 * The name of a change: "unchanged", "moved", "changed", "removed",
 * "added"; NULL for any other value. A static string.
 */
const char *ct_change_name(int change);

/* The change a name of ct_change_name() stands for, or -1 for any other string. */
int ct_change_parse(const char *name);

/* A citation made on the old revision (after core/text/text.h's ct_anchor). */
typedef struct ct_reanchor_in {
	size_t start, end;  /* the quote's byte range in the old text */
	const char *exact;  /* the quote: old[start,end), NUL-terminated, or NULL */
	const char *prefix; /* context before and after it, or NULL; used only when */
	const char *suffix; /* old[start,end) is not `exact` (see ct_reanchor) */
} ct_reanchor_in;

/* Where a citation stands in the new revision. */
typedef struct ct_reanchor_out {
	int change;        /* CT_CHANGE_UNCHANGED, _MOVED, _CHANGED or _REMOVED */
	size_t start, end; /* the passage's byte range in the new text; for a removed
	                      one, the empty range where its sentence was */
	double similarity; /* of the quote to the new passage, in [0,1]: 1 when
	                      unchanged or moved, 0 when removed */
} ct_reanchor_out;

/*
 * Locate each of the n citations `cites`, made on `old` (oldlen bytes), in
 * `new` (newlen bytes). Both texts need not be NUL-terminated; everything is
 * borrowed for the call only.
 *
 * A citation's range is authoritative when old[start,end) is `exact`, or
 * `exact` is NULL. Otherwise `exact` is looked up in the old text with
 * ct_anchor_find() (prefix, suffix, and start as the hint), as it would be
 * for offsets from another copy of the text.
 *
 * out: caller-provided array of n entries, all written on success (their
 *      content is unspecified on failure). n may be 0 (cites and out may then
 *      be NULL); identical texts give every citation unchanged, in place.
 * Returns 0; CT_EINVALID when a citation's range lies outside the old text
 * or is blank (the message names the citation by its index from 0); the error
 * of ct_anchor_find() (CT_ENOTFOUND, CT_EAMBIGUOUS, CT_EINVALID, with its
 * message, the text named 'old revision of citation N') when `exact` had to
 * be looked up and was not found; CT_ERROR when out of memory.
 */
int ct_reanchor(ct_reanchor_out *out, const char *old, size_t oldlen, const char *new,
                size_t newlen, const ct_reanchor_in *cites, size_t n);

#endif
