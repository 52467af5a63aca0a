/* core/text/wdiff.h: word diff of two revisions of a text, and its rendering. */
#ifndef CT_WDIFF_H
#define CT_WDIFF_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * Articles are prose: paragraphs of long lines. A line diff would mark whole
 * paragraphs; this module diffs words, with the sequence diff of
 * core/text/seqdiff.h (Myers, refined as git's xdiff does it, not minimal). It
 * needs no library but utf8proc, so that a read-only command can diff
 * without initialising libgit2.
 *
 * Tokens. A text is cut into tokens that cover it entirely:
 *	word		a run of letters, marks and digits (Unicode L*, M*, N*);
 *			an apostrophe (' or U+2019) between two letters and a '.'
 *			or ',' between two digits stay inside it, so "don't",
 *			"4,500" and "2.5" are one word each
 *	space		a run of white space (as core/text/segment.h defines it)
 *	punctuation	any other character, one a token ("-", ",", "%", "€")
 * Two tokens are equal when their bytes are.
 *
 * Two passes, as git's own word diff does it: the texts are first diffed as
 * sequences of sentence-sized chunks (a chunk starts with the white space
 * after a sentence terminator, or with white space holding a newline), and
 * only the chunks that differ are then diffed token by token. On prose the
 * first pass leaves small regions to the second: a 50,000-word article with
 * 2% of its words changed diffs in about 1.5 ms on the project's machines.
 * In a region, the tokens both sides start and end with are equal; a run of
 * removed or added tokens alone is slid as far down as equal tokens allow,
 * as xdiff does ("x.[- More.-]", not "x[-. More-]."); two change groups that
 * both change words and have only white space and punctuation between them
 * are one group ("[-editor cut-]{+closing words+}").
 *
 * Texts are UTF-8 (see ct_text_validate in core/text/text.h); they need not be
 * NUL-terminated. Offsets are byte offsets from 0.
 */

/* One piece of the diff: a run of equal, removed or added text. */
typedef struct ct_wdiff_seg {
	char op;                   /* '=' same, '-' only in old, '+' only in new */
	size_t old_start, old_end; /* byte range in old ('=' and '-'); for '+', the
	                              empty range at the point of insertion */
	size_t new_start, new_end; /* byte range in new ('=' and '+'); for '-', the
	                              empty range at the point of removal */
	int trivial;               /* '-' and '+' only: 1 when the change group it belongs
	                              to touches only white space, punctuation or letter
	                              case (its words, compared after core/text/text.h's folding
	                              with case folding, are the same on both sides) */
} ct_wdiff_seg;

/*
 * A word diff. segs are in text order and cover both texts entirely: the
 * old ranges of '=' and '-' segments, in order, tile [0, oldlen), the new
 * ranges of '=' and '+' segments tile [0, newlen). A change group is a
 * maximal run of '-'/'+' segments; in one group the '-' segment (if any)
 * comes before the '+' segment (if any). Two '=' segments are never adjacent.
 */
typedef struct ct_wdiff {
	ct_wdiff_seg *segs; /* nsegs segments, owned */
	size_t nsegs;
	size_t words_removed;      /* word tokens in '-' segments */
	size_t words_added;        /* word tokens in '+' segments */
	size_t trivial_changes;    /* change groups flagged trivial */
	size_t changes;            /* all change groups, trivial ones included */
	size_t paragraphs_changed; /* paragraphs shown by ct_wdiff_to_json() with flags 0 */
} ct_wdiff;

/*
 * Diff `old` (oldlen bytes) against `new` (newlen bytes).
 *
 * out: [out] set to NULL on entry; on success a new diff, which the caller
 *      frees with ct_wdiff_free(). The diff does not refer to the texts.
 * Returns 0, or CT_ERROR (out of memory; message set).
 */
int ct_wdiff_compute(ct_wdiff **out, const char *old, size_t oldlen, const char *new,
                     size_t newlen);

/* Free a diff and its segments. Accepts NULL. */
void ct_wdiff_free(ct_wdiff *d);

/* Flags of ct_wdiff_render() and ct_wdiff_to_json(). */
enum {
	CT_WDIFF_COLOR = 1 << 0,          /* ANSI colours instead of markers (render only) */
	CT_WDIFF_IGNORE_TRIVIAL = 1 << 1, /* show trivial changes as the new text, unmarked */
};

/* The context the command line shows by default: none (see ct_wdiff_render). */
#define CT_WDIFF_DEFAULT_CONTEXT 0u

/*
 * Render a diff for a reader, appending to `out`.
 *
 * The display is made of the paragraphs (core/text/segment.h) of the new text,
 * and of the old paragraphs that were deleted whole, in text order. A display
 * paragraph gathers the pieces of the diff that lie in one new paragraph or
 * one old paragraph; when an edit joins or splits paragraphs, the paragraphs
 * it touches are shown as one, numbered by the first. A paragraph is changed
 * when it holds a '-' or '+' piece (with CT_WDIFF_IGNORE_TRIVIAL: a piece not
 * flagged trivial). Only changed paragraphs are printed, and `context`
 * unchanged paragraphs before and after each (CT_WDIFF_DEFAULT_CONTEXT is 0:
 * paragraphs of prose are long, and the headers say where a change is); runs
 * of other paragraphs are not printed at all. Each printed paragraph is one
 * header line and the paragraph, whole, ended by a newline:
 *
 *	@@ paragraph 3 @@
 *	More than [-4,500-]{+6,200+} households must boil their water.
 *	@@ old paragraph 4 @@
 *	[-The whole paragraph that was deleted.-]
 *
 * N counts the paragraphs of the new text from 1; "old paragraph N" (a
 * paragraph deleted whole) counts those of the old text. Removed text is
 * written [-...-] and added text {+...+}; with CT_WDIFF_COLOR, removed text is
 * red (ESC[31m), added text green (ESC[32m), headers cyan (ESC[36m), each
 * closed by ESC[m before a newline. With CT_WDIFF_IGNORE_TRIVIAL, trivial
 * removed text is left out and trivial added text is shown unmarked.
 * Identical texts render as nothing.
 *
 * d must be the diff of exactly these texts; they are borrowed.
 * Returns 0, or CT_ERROR (out of memory; `out` then holds part of the text).
 */
int ct_wdiff_render(ct_buf *out, const ct_wdiff *d, const char *old, size_t oldlen, const char *new,
                    size_t newlen, unsigned flags, unsigned context);

/*
 * The diff as JSON for scripts, with the changed paragraphs chosen as
 * ct_wdiff_render() chooses them with no context:
 *
 *	{"stat": {"words_removed": N, "words_added": N, "changes": N,
 *	          "trivial_changes": N, "paragraphs_changed": N},
 *	 "paragraphs": [{"old": N|null, "new": N|null,
 *	                 "segments": [{"op": "=", "text": "..."},
 *	                              {"op": "-", "text": "...", "trivial": false},
 *	                              {"op": "+", "text": "...", "trivial": false}]}]}
 *
 * "old" and "new" number (from 1) the first old and new paragraph the display
 * paragraph holds; null when it holds none (an added or a deleted paragraph).
 * Adjacent pieces with the same op and flag are merged. "stat" is the diff's
 * own count, whatever the flags. With CT_WDIFF_IGNORE_TRIVIAL, trivial pieces
 * are left out ('-') or given as "=" ('+'); CT_WDIFF_COLOR is ignored.
 *
 * d must be the diff of exactly these texts; they are borrowed.
 * Returns a new reference (json_decref() it), or NULL with the message set:
 * out of memory, or a text that is not valid UTF-8.
 */
json_t *ct_wdiff_to_json(const ct_wdiff *d, const char *old, size_t oldlen, const char *new,
                         size_t newlen, unsigned flags);

#endif
