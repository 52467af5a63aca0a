/* core/render/term.h: the terminal rendering of word diffs, with markers or ANSI colour. */
#ifndef CT_TERM_H
#define CT_TERM_H

#include <stddef.h>

#include "buf.h"
#include "wdiff.h"

/*
 * Render a diff for a reader, appending to `out`.
 *
 * The display paragraphs (ct_wdiff_display_new() of core/text/wdiff.h) that
 * are changed are printed, and `context` unchanged paragraphs before and
 * after each (CT_WDIFF_DEFAULT_CONTEXT is 0: paragraphs of prose are long,
 * and the headers say where a change is); runs of other paragraphs are not
 * printed at all. Each printed paragraph is one header line and the
 * paragraph, whole, ended by a newline:
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
int ct_term_wdiff(ct_buf *out, const ct_wdiff *d, const char *old, size_t oldlen, const char *new,
                  size_t newlen, unsigned flags, unsigned context);

#endif
