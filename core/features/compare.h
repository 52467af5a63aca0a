/* core/features/compare.h: claim diffs of two revisions, comparisons of two sources, contradictions. */
#ifndef CT_COMPARE_H
#define CT_COMPARE_H

#include <jansson.h>
#include <stddef.h>

#include "ledger.h"
#include "record.h"

/*
 * The claims section of a revision diff: every citation of `source` that
 * stands in revision `a` (made on it, or made earlier and still anchored in
 * it) is located again in revision `b` (core/text/reanchor.h), and citations made
 * on revisions after `a` up to `b` are "added". Each claim gets one change,
 * its most telling citation's: removed, then changed, moved, unchanged; a
 * claim whose only citations are new is added.
 *
 * old/new are the texts of revisions a and b (borrowed).
 * out: [out] NULL on entry; a new array, in the order of the claims' passages
 * in the old text (added claims last), of
 *   {"id", "statement", "change",
 *    "old": {"rev", "start", "end", "quote", "value"} (absent for added),
 *    "new": {"rev", "start", "end", "quote", "value"} (absent for removed),
 *    "similarity", "diff": "[-old-]{+new+} words" (changed only),
 *    "citations": [{"seq", "change"}...]}
 * "value" objects are those of core/text/value.h (absent when the passage states none).
 * flags: 0, or CT_COMPARE_BRIEF for what a summary shows: no "citations";
 * passages and values in full for changed claims, only the quote of the old
 * passage for removed and moved ones and of the new one for added ones, no
 * passage for unchanged ones (their values are neither read nor parsed).
 * Returns 0, or CT_ERROR.
 */
#define CT_COMPARE_BRIEF 1u
int ct_compare_revisions(json_t **out, ct_ledger *ledger, const char *source, int a, const char *old,
			 size_t oldlen, int b, const char *new, size_t newlen, unsigned flags);

/*
 * How two citations of one claim (or of two claims with the same subject and
 * property) relate. `ca`/`cb` are the citations, `sa`/`sb` their sources (for
 * the publication dates; NULL when the ledger has no such source), all borrowed.
 * Returns CT_RELATION_AGREE, CT_RELATION_CONFLICT (values that cannot both
 * hold, or one supports and the other disputes), CT_RELATION_UPDATE (values
 * that cannot both hold from sources published on different dates: the later
 * revises the earlier), or CT_RELATION_NONE (nothing to compare: no values,
 * different units, a mention).
 * `why`: [out] a static string naming the reason ("values", "stance").
 */
enum { CT_RELATION_NONE = 0, CT_RELATION_AGREE, CT_RELATION_CONFLICT, CT_RELATION_UPDATE };
int ct_compare_citations(const ct_citation *ca, const ct_source *sa, const ct_citation *cb, const ct_source *sb,
			 const char **why);

/*
 * Compare two sources: the claims both cite, split into agreeing and
 * contradicting (and updates), and the claims only one of them cites.
 * out: [out] NULL on entry; a new object
 *   {"a": ID, "b": ID, "agreeing": [...], "contradicting": [...], "updates": [...],
 *    "only_a": [...], "only_b": [...]}
 * whose entries are {"id", "statement", "a": citation, "b": citation, "reason"}
 * (only_*: {"id", "statement", "citation"}).
 * Returns 0, CT_ENOTFOUND (an unknown source), CT_ERROR.
 */
int ct_compare_sources(json_t **out, ct_ledger *ledger, const char *a, const char *b);

/*
 * Every contradiction in the ledger: pairs of citations from different
 * sources of one claim, or of two claims with the same subject and property,
 * that conflict; and, apart, the updates over time.
 * out: [out] NULL on entry; a new object {"contradictions": [...], "updates": [...]}
 * of {"id", "statement", "other" (the second claim's id when two claims),
 *     "reason": "values" | "stance",
 *     "a": {"source", "rev", "quote", "stance", "value", "published"},
 *     "b": {...}}.
 * Returns 0 or CT_ERROR.
 */
int ct_contradictions(json_t **out, ct_ledger *ledger);

#endif
