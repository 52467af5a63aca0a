/* core/text/wdiff.h: word diff of two revisions of a text, and its display paragraphs. */
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
 *	word		a word of core/text/token.h's DIFF mode: letters, marks
 *			and digits, with an apostrophe between two letters and a
 *			'.' or ',' between two digits inside it, so "don't",
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

/* Flags of ct_wdiff_to_json(), the display, and ct_term_wdiff() (core/render/term.h). */
enum {
	CT_WDIFF_COLOR = 1 << 0,          /* ANSI colours instead of markers (ct_term_wdiff only) */
	CT_WDIFF_IGNORE_TRIVIAL = 1 << 1, /* show trivial changes as the new text, unmarked */
};

/* The context the command line shows by default: none (see ct_term_wdiff). */
#define CT_WDIFF_DEFAULT_CONTEXT 0u

/*
 * The display of a diff, which its renderings share (ct_wdiff_to_json()
 * here, ct_term_wdiff() for the terminal, the HTML page through the JSON):
 * the paragraphs (core/text/segment.h) of the new text and the old
 * paragraphs that were deleted whole, in text order. A display paragraph
 * gathers the pieces of the diff that lie in one new paragraph or one old
 * paragraph; when an edit joins or splits paragraphs, the paragraphs it
 * touches are one display paragraph, numbered by the first. It is changed
 * when it holds a '-' or '+' piece (with CT_WDIFF_IGNORE_TRIVIAL: a piece
 * not flagged trivial).
 */
typedef struct ct_wdiff_display ct_wdiff_display;

/* No paragraph (ct_wdiff_para). */
#define CT_WDIFF_NONE ((size_t)-1)

/* One display paragraph. */
typedef struct ct_wdiff_para {
	size_t old_para; /* the first old paragraph it holds, from 0, or CT_WDIFF_NONE */
	size_t new_para; /* the first new paragraph it holds, from 0, or CT_WDIFF_NONE */
	int changed;     /* holds a change, as the display's flags see changes */
} ct_wdiff_para;

/*
 * A run of a display paragraph: op '=' (text of new), '-' (of old) or '+'
 * (of new), after CT_WDIFF_IGNORE_TRIVIAL has folded trivial pieces away
 * (trivial '-' left out, trivial '+' shown as '='); adjacent pieces shown
 * alike are one run.
 */
typedef struct ct_wdiff_run {
	char op;
	int trivial;      /* for '-' and '+': the change is trivial; 0 for '=' */
	const char *text; /* borrowed from the texts given to the display */
	size_t len;
} ct_wdiff_run;

/*
 * The display of diff `d` of exactly these texts, under `flags`
 * (CT_WDIFF_IGNORE_TRIVIAL; CT_WDIFF_COLOR is ignored).
 *
 * out: [out] set to NULL on entry; on success a new display, which borrows
 *      the texts (not d) and is freed with ct_wdiff_display_free().
 * Returns 0, or CT_ERROR (out of memory; message set).
 */
int ct_wdiff_display_new(ct_wdiff_display **out, const ct_wdiff *d, const char *old,
                         size_t oldlen, const char *new, size_t newlen, unsigned flags);

/* Free a display. Accepts NULL. */
void ct_wdiff_display_free(ct_wdiff_display *disp);

/* The number of display paragraphs. */
size_t ct_wdiff_display_count(const ct_wdiff_display *disp);

/* Display paragraph i (i < ct_wdiff_display_count()) into *out. */
void ct_wdiff_display_para(ct_wdiff_para *out, const ct_wdiff_display *disp, size_t i);

/*
 * The bytes of display paragraph i's pieces, old and new, and 8 a piece:
 * room enough to show it with markers.
 */
size_t ct_wdiff_display_size(const ct_wdiff_display *disp, size_t i);

/*
 * Call fn for each run of display paragraph i, in order, with `payload`.
 * Returns 0, or the first negative value fn returned (fn sets the message).
 */
int ct_wdiff_display_runs(const ct_wdiff_display *disp, size_t i,
                          int (*fn)(const ct_wdiff_run *run, void *payload), void *payload);

/*
 * The diff as JSON for scripts: its changed display paragraphs (the ones
 * ct_term_wdiff() shows with no context):
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
