/* core/features/check.h: the pre-publication check of a draft, and candidate claims extracted from a source. */
#ifndef CT_CHECK_H
#define CT_CHECK_H

#include <jansson.h>
#include <stddef.h>

#include "ledger.h"

/*
 * Check-worthy sentences
 * ----------------------
 * A text is cut into sentences (core/text/segment.h). A sentence is check-worthy,
 * a *candidate*, when it states something that can be checked, for one or
 * more of these reasons (words are compared without case unless said):
 *
 *   reason              what the sentence holds
 *   ------------------  --------------------------------------------------------
 *   quantity            a figure or number words that ct_value_parse() reads as a
 *                       quantity: "4,500 households", "twelve", "£2bn", "12%",
 *                       "hundreds of"; not ordinals, years as names, versions...
 *   date                a date that ct_value_parse() reads ("12 August", "in 1987",
 *                       "2024-06-10"), or a capitalised weekday (Monday ... Sunday)
 *                       or month name; "May" and "March" only after a preposition
 *                       of time (in, on, since, by, until, from, during, before,
 *                       after, early, late, mid, last, next, this, of) or before a
 *                       figure, since they are also a verb and a name
 *   superlative         most, least (not after "at"), fewest, or an -est adjective
 *                       of a fixed list:
 *                       largest, biggest, highest, lowest, smallest, greatest, best,
 *                       worst, oldest, youngest, newest, longest, shortest, fastest,
 *                       slowest, deadliest, costliest, richest, poorest, wealthiest,
 *                       busiest, strongest, weakest, heaviest, hottest, coldest,
 *                       warmest, wettest, driest, tallest, deepest, earliest,
 *                       cheapest, safest, widest ("latest" is not one: "the latest
 *                       figures" states nothing)
 *   first-only-record   first, only, record, never, every
 *   attribution         "according to", said, says, say, told, tells, reported,
 *                       announced, confirmed, estimated, stated, claimed ("told to"
 *                       is an instruction: "residents were told to boil water")
 *
 * A word is a run of letters, digits and marks (Unicode categories L, N, M),
 * so "first-ever" holds "first" and "world's" holds "world". Every value of
 * the sentence is found by reading it with ct_value_parse(), blanking the
 * words of the value found, and reading again (up to 8 values), so that a
 * sentence with a figure and a date has both reasons. A sentence with no
 * reason ("The sky was grey.") is not a candidate.
 *
 * Matching a sentence against the ledger
 * --------------------------------------
 * 1. Candidate claims: an FTS5 query on the index (claims_fts: statements and
 *    quotes) that ORs the sentence's significant words (stop words and
 *    one-letter words skipped, at most 24 words; a word of 6 letters or more
 *    loses an ending -s, -es, -ed, -ing or -ly and is matched as a prefix, so
 *    "boiling" finds "boil" and "boiled"). Only the rarest words are kept:
 *    taken by how few claims hold each, while together they hold at most
 *    2,000 claims (the two rarest are always kept), so that a query's cost is
 *    bounded whatever the size of the ledger. The 20 best by bm25 are scored.
 * 2. Score: the best ct_text_similarity() of the sentence with the claim's
 *    statement or with any citation's quote. The sentence is also scored
 *    without its attribution (", the mayor said", "According to X, ",
 *    "X said that "), since a draft names the speaker and the ledger's claim
 *    usually does not (what is left keeps at least 4 words); and, so scored
 *    and when it has 5 words or more, against the part of the statement or
 *    quote most like it (ct_text_nearest), since a draft may state only part
 *    of what a source says (never the other way round: a sentence that adds
 *    to a quote scores lower). A claim *matches* when its score is at least
 *    CT_CHECK_THRESHOLD (0.5: a restatement with one figure or a few words
 *    changed scores 0.6 to 0.9; sentences sharing only function words and a
 *    topic word score 0.1 to 0.35), unless the two name different people or
 *    places: the sentence (without its attribution) and the claim's statement
 *    and quotes both hold names (capitalised words other than the first, "I",
 *    weekdays and months) and no name of either occurs in the other ("300
 *    households in Dunmere" is not "300 households in Kestrelford"). Two
 *    names of different lengths are one when the shorter, of 5 bytes or more,
 *    is all but its last byte at the start of the longer: a country and its
 *    adjective ("China", "Chinese"; "Germany", "German"), not "Iran" and
 *    "Iraq".
 * 3. Verdict of one matching claim:
 *    - contradicted ("status"): the claim is refuted or retracted;
 *    - the sentence's values are compared with the claim's own value and with
 *      the values of each supporting citation. A ledger value *disagrees* when
 *      some value of the sentence is comparable with it (ct_value_compatible
 *      is not -1) and none agrees. A sentence value agrees with a ledger value
 *      when they are compatible and, for quantities, the ledger's stated figure
 *      lies within the interval the sentence's words allow (or the ledger's
 *      whole interval does): "more than 7,000" is not backed by "more than
 *      4,500", nor "more than 20,000" by "about 20,000"; "about 60" is backed
 *      by "roughly 60" and by "60". The ledger's values of a citation are all
 *      those its quote states ("reopened on 12 March after eight months" states
 *      a date and a quantity), read as the sentence's are;
 *    - contradicted ("values"): the claim's own value disagrees, or no
 *      supporting citation backs the sentence and one disagrees (a citation
 *      disagrees when one of its values does);
 *    - sourced: a citation with the stance "supports" whose value does not
 *      disagree (a claim cited only with "mentions" sources nothing);
 *    - contradicted ("stance"): no supporting citation, one that disputes;
 *    - otherwise unsourced ("not-supported"), with the claim shown.
 * 4. The sentence takes the best verdict among the matching claims: sourced,
 *    then contradicted, then unsourced; among equals the highest score, then
 *    the smallest claim id. With no matching claim it is unsourced ("no-match").
 */

/* The similarity at or above which a claim matches a sentence. */
#define CT_CHECK_THRESHOLD 0.5

/* Reasons a sentence is check-worthy: bits of ct_check_candidate.reasons. */
enum {
	CT_CHECK_QUANTITY = 1u << 0,
	CT_CHECK_DATE = 1u << 1,
	CT_CHECK_SUPERLATIVE = 1u << 2,
	CT_CHECK_FIRST_ONLY_RECORD = 1u << 3,
	CT_CHECK_ATTRIBUTION = 1u << 4,
};

/* A check-worthy sentence of a text. */
typedef struct ct_check_candidate {
	size_t start;     /* offset of its first byte in the text; not white space */
	size_t end;       /* one past its last byte; start < end */
	unsigned reasons; /* CT_CHECK_* bits; never 0 */
} ct_check_candidate;

/*
 * The reasons of one sentence (any text: it is not cut into sentences).
 * out: [out] 0 on entry; the CT_CHECK_* bits, 0 when it is not check-worthy.
 * sentence: len bytes of UTF-8, need not be NUL-terminated; borrowed.
 * Returns 0, or CT_ERROR when out of memory.
 */
int ct_check_reasons(unsigned *out, const char *sentence, size_t len);

/*
 * The check-worthy sentences of `text` (len bytes, UTF-8, need not be
 * NUL-terminated), in text order.
 * out:   [out] NULL on entry; a new array of *count candidates (free()), NULL
 *        when there is none.
 * count: [out] 0 on entry; the number of candidates.
 * Returns 0, or CT_ERROR when out of memory.
 */
int ct_check_candidates(ct_check_candidate **out, size_t *count, const char *text, size_t len);

/*
 * The name of one reason bit ("quantity", "date", "superlative",
 * "first-only-record", "attribution"); a static string, "" for anything else.
 */
const char *ct_check_reason_name(unsigned reason);

/*
 * A candidate as a new JSON object (json_decref):
 *   {"text", "start", "end", "line", "reasons": ["quantity", ...]}
 * "text" is text[start,end) as it stands; "line" the 1-based line of start;
 * reasons come in the order of the table above.
 * text: the text the candidate was found in (borrowed).
 * Returns NULL (message set) when out of memory.
 */
json_t *ct_check_candidate_json(const ct_check_candidate *c, const char *text);

/*
 * Match one sentence against the ledger's claims, as described at the top.
 * out: [out] NULL on entry; a new object
 *   {"status": "sourced" | "contradicted" | "unsourced",
 *    "why": "values" | "status" | "stance" (contradicted),
 *           "no-match" | "not-supported" (unsourced); absent when sourced,
 *    "claim": {"id", "statement", "status"}, "score": 0.0-1.0 (both when a
 *           claim matched, scores rounded to 3 decimals),
 *    "sources": [{"source", "rev", "quote", "stance"}] (sourced: the
 *           supporting citations that back it; contradicted: the citations
 *           that disagree or dispute, or all of them for "status"),
 *    "value", "ledger_value": value objects of core/text/value.h (contradicted
 *           by "values": the sentence's value and the ledger's)}
 * sentence: len bytes of UTF-8; borrowed.
 * Returns 0, or CT_ERROR (out of memory, an index failure). Reads only.
 */
int ct_check_sentence(json_t **out, ct_ledger *ledger, const char *sentence, size_t len);

/*
 * The pre-publication check of a draft: every candidate of `text`, matched
 * (ct_check_sentence) against the ledger. Nothing is written.
 * out:  [out] NULL on entry; a new object
 *   {"sentences": [candidate (ct_check_candidate_json) + the fields of
 *                  ct_check_sentence],
 *    "counts": {"sourced": N, "contradicted": N, "unsourced": N}}
 * name: labels the draft in messages (a file name).
 * Returns 0; CT_EINVALID when the text is not UTF-8, holds a NUL byte
 * (ct_text_validate), or is blank ("'<name>' is empty"); CT_ERROR.
 * A draft of 5,000 words (236 candidates) against 20,000 claims takes under
 * a second here (an optimised build).
 */
int ct_check_draft(json_t **out, ct_ledger *ledger, const char *text, size_t len, const char *name);

/*
 * The candidates of a source already in the ledger.
 * ref: "SOURCE" (its latest revision) or "SOURCE@N".
 * out: [out] NULL on entry; a new object
 *   {"source": ID, "rev": N,
 *    "candidates": [candidate (ct_check_candidate_json) + "claim": ID when a
 *                   claim already cites that exact passage]}
 * A claim cites a passage when one of its citations is of the same source and
 * its quote is the sentence's text, byte for byte, made on any revision (the
 * same words in a later revision are the same passage).
 * Returns 0, CT_ENOTFOUND ("no source 'x'", no such revision), CT_EINVALID
 * (a malformed SOURCE@N), CT_ERROR.
 */
int ct_extract_list(json_t **out, ct_ledger *ledger, const char *ref);

/*
 * Record every candidate of a source that no claim cites yet (as
 * ct_extract_list tells) as a new claim, all in one commit: status
 * "unverified", statement the sentence with each run of white space written
 * as one space, one citation with the stance "mentions" whose quote is the
 * sentence exactly as it stands (with its offsets, 32 characters of context
 * on either side and the value it states: the record of core/domain/model.h). A
 * sentence that occurs twice in the source is recorded once. When nothing is
 * left to add, nothing is written and *out is an empty array.
 * out: [out] NULL on entry; a new array of the new claim records.
 * Returns 0, CT_ENOTFOUND, CT_EINVALID, CT_EBUSY (the writer lock),
 * CT_ECONFLICT, CT_ERROR; on failure nothing is written.
 */
int ct_extract_add(json_t **out, ct_ledger *ledger, const char *ref);

#endif
