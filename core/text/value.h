/* core/text/value.h: the value a quote asserts (a quantity with its interval, or a date). */
/*
 * The header of value.c (the type, JSON, comparison, formatting) and of
 * value_parse.c (ct_value_parse, ct_value_parse_strict), whose word tables
 * are value_words.c; value_int.h is what the three share.
 */
#ifndef CT_VALUE_H
#define CT_VALUE_H

#include <jansson.h>

#include "buf.h"

/*
 * A claim's citation stores the value that its quote asserts, read from the
 * quote's own words ("More than 4,500 households", "on 12 August") or from a
 * user's --value string. A quantity is kept as the figure that was stated and
 * as the interval that the words allow, so that two sources can be compared:
 * "at least 20,000" and "about 25,000" can both hold, "14,000" and "at least
 * 20,000" cannot.
 *
 * What the parser reads
 * ---------------------
 * Figures: 4500, 4,500, 20 000 (a space, no-break space or thin space between
 * groups of three), 2.5, 1.234.567 (several dot groups are thousands). One
 * "d.ddd" group with exactly three digits after the point ("20.000") is read as
 * thousands unless the text holds a decimal with another number of digits
 * ("2.5"), in which case it is a decimal too. A comma is a decimal point only
 * before a scale or a percent ("1,5 million", "2,5%"). Words: "twelve",
 * "twenty-five", "one hundred and twenty", "a million", "a dozen", "half a
 * million". Scales: "3 million", "2.5 billion", "20 thousand", and the suffixes
 * k, m, mn, bn, b, tn written against the figure ("1.2m", "£2bn"). Units: "%",
 * "percent", "per cent", "pc" give "percent"; a sign or code before the figure
 * gives the currency ("£" "pounds", "$" "dollars", "€" "euros", "¥" "yen"); a
 * currency word after it is kept as written ("pounds", "euro"); otherwise the
 * unit is the noun counted ("households"), found past adjectives ("new",
 * "armed", "Western", words in -ed, -ing, -ly), or the noun of a hyphenated
 * adjective ("a 50-person unit": "person"). Units are lowercased.
 *
 * Qualifiers and the interval each gives around a stated figure X (the
 * qualifier may also follow the figure: "20,000 or more", "20,000-plus",
 * "20,000+", "60-odd", "60 or so", "..., possibly even more"):
 *
 *   qualifier    words                                         interval
 *   ""           (none), only, exactly, just, a total of       [X, X]
 *   "at least"   at least, no fewer than, X or more, X+        [X, +inf)
 *   "more than"  more than, over, above, in excess of          (X, +inf)
 *   "well over"  well over, far more than, well above          [1.2X, +inf)
 *   "just over"  just over, slightly more than                 (X, 1.1X]
 *   "at most"    at most, up to, no more than, as many as      [0, X]
 *   "less than"  under, less than, fewer than, below           [0, X)
 *   "well under" well under, far fewer than, well below        [0, 0.8X]
 *   "about"      about, around, roughly, approximately, some,  [0.9X, 1.1X]
 *                an estimated, X or so, X-odd
 *   "nearly"     nearly, almost, just under, close to          [0.9X, X)
 *   "between"    between X and Y, X to Y, X-Y, X–Y, X or Y     [X, Y]
 *
 * The lower bound of "at most" and "less than" is 0: values are counts,
 * amounts and percentages, never negative. The factors are fixed, so that
 * "roughly 60" and "about 60" agree ([54, 66]) while "nearly 2 million" and
 * "under 300,000" do not. With a range, the qualifier's lower bound is taken
 * from the lower figure and its upper bound from the higher one.
 *
 * Plurals that state no figure get a fixed interval; the qualifier names them
 * and `number` is the lower bound:
 *
 *   "tens"      [20, 100)          "tens of thousands"     [20,000, 100,000)
 *   "dozens"    [24, 144)          "hundreds of thousands" [200,000, 1,000,000)
 *   "hundreds"  [200, 1,000)       "millions"              [2e6, 1e9)
 *   "thousands" [2,000, 1,000,000) "tens/hundreds of millions", "billions" alike
 *   "several hundred" (and thousand, million, billion) [2S, 10S) for "several"
 *               or "a few" before the scale S; "several dozen" is "dozens"
 *
 * Dates: "12 August", "12th of August", "August 12", "12 August 2025", "June
 * 10, 2024", "August 2025" (year and month), "2024-06-10", "10-12 June" (its
 * first day), a weekday before any of them ("Monday (June 10)"), and a year
 * after a word that makes it a date: in, since, by, until, till, from, during,
 * before, after, between, through, throughout, the year, a season, early, late,
 * mid ("mid-2023"). Month names must be capitalised ("may" is a verb).
 *
 * What is not a quantity: ordinals ("first", "2nd"); a figure that is part of a
 * word or a name ("COVID-19", "A320", "4G", "Boeing 737" after a capitalised
 * word inside a sentence, "Article 5", "No. 10", "#3"); times ("10:30", "9am");
 * decades ("1990s"); slashed figures ("24/7", "10/06/2024"); version numbers
 * ("2.5.1"); three figures or more joined by dashes (a phone number); scores
 * ("won 3-2": a dash between a higher and a lower figure); ratios ("one in
 * five", "4 out of 10"); fractions ("two thirds"); a plain four-digit figure
 * from 1900 to 2099 that reads as a year ("the 2023 report"), unless it is
 * qualified ("about 2000"), scaled, a percentage, money, or counts a plural
 * noun ("2000 people"); "one" as a pronoun ("one of them", "no one"), and a
 * bare "one" with no unit.
 *
 * Which value a text asserts when it has several: the first quantity; when
 * there is none, the first date; else none.
 *
 * Known limits: the words are English; a year after "in" is a date even in
 * "in 2000 homes"; "from 10 to 12" is a range even when it reports a change;
 * a capitalised headline ("Storm Leaves 300 Without Power") hides its figure
 * behind the name rule; "1.2m" is a million, never metres; "1,50 euros" is 1;
 * the unit is a guess at the head noun made without a dictionary of English
 * verbs ("60 people attend" gives "people", "60 attend" gives "attend").
 */

enum { CT_VALUE_NONE = 0, CT_VALUE_QUANTITY, CT_VALUE_DATE };

/*
 * A value. Strings are owned by the value and freed by ct_value_release().
 * For CT_VALUE_NONE every pointer is NULL and every number 0; for the other
 * kinds text, qualifier and unit are never NULL (qualifier and unit are ""
 * for a date).
 */
typedef struct ct_value {
	int kind;        /* CT_VALUE_* */
	char *text;      /* the words the value was read from, as they stand ("More than 4,500") */
	char *qualifier; /* normalised qualifier ("more than", "at least", "about", "" for exact) */
	char *unit;      /* "households", "percent", "pounds", "" when none */
	double number;   /* the stated figure (for a range: its lower figure); 0 for a date */
	double min, max; /* the interval; -INFINITY / INFINITY when unbounded; min <= max */
	int min_open, max_open; /* 1 when that bound is excluded */
	int year, month, day;   /* for dates; 0 when not stated (and for quantities) */
} ct_value;

/* Zero a value (no allocation): kind CT_VALUE_NONE, NULL strings. */
void ct_value_init(ct_value *v);

/* Free what a value owns and zero it. Accepts a zeroed value and NULL. */
void ct_value_release(ct_value *v);

/*
 * Read the value a text asserts (see the rules above).
 *
 * out:     [out] initialised on entry (whatever it held is not freed: release
 *          it first); on success filled, and kind may be CT_VALUE_NONE when
 *          the text states no value (that is success, not an error). Release
 *          it with ct_value_release().
 * text:    borrowed, UTF-8; NULL reads as "".
 * Returns: 0, or CT_ERROR when out of memory (out is then zeroed).
 */
int ct_value_parse(ct_value *out, const char *text);

/*
 * Parse a user's --value string. Besides what ct_value_parse reads, the whole
 * string may be one of the canonical date forms that ct_value_to_json writes:
 * "YYYY-MM-DD", "YYYY-MM", "YYYY" (so "--value 1987" is a year; write
 * "exactly 1500" or "1500 people" for a count) or "--MM-DD".
 *
 * out:     [out] initialised on entry, filled on success; release it with
 *          ct_value_release().
 * s:       borrowed; NULL reads as "".
 * Returns: 0; CT_EINVALID "invalid value '<s>'" when the string states no
 *          value, or gives a date that does not exist ("2025-02-30");
 *          CT_ERROR when out of memory. On failure out is zeroed.
 */
int ct_value_parse_strict(ct_value *out, const char *s);

/*
 * The value as a new JSON object (a new reference: the caller json_decref()s it).
 *
 * Quantity: {"kind":"quantity","text":...,"qualifier":...,"unit":...,"number":N,
 *            "min":N|null,"max":N|null,"min_open":bool,"max_open":bool}
 *           (null = unbounded; numbers are JSON integers when they are whole
 *           and within +-2^53, else reals)
 * Date:     {"kind":"date","text":...,"date":"YYYY-MM-DD" | "YYYY-MM" | "YYYY" | "--MM-DD"}
 * None:     json_null().
 *
 * Returns NULL, with the message set, when out of memory (CT_ERROR) or when a
 * string of the value is not valid UTF-8 (CT_EINVALID).
 */
json_t *ct_value_to_json(const ct_value *v);

/*
 * Read back what ct_value_to_json wrote. json null gives CT_VALUE_NONE.
 * "qualifier" and "unit" may be missing (""), and so may "min_open" and
 * "max_open" (false); everything else is required.
 *
 * out:     [out] initialised on entry, filled on success; release it with
 *          ct_value_release().
 * j:       borrowed.
 * Returns: 0; CT_EINVALID for a malformed object (wrong or missing field,
 *          min > max, a date that does not exist), with a message naming
 *          the field; CT_ERROR when out of memory. On failure out is zeroed.
 */
int ct_value_from_json(ct_value *out, const json_t *j);

/*
 * Compare two asserted values.
 *
 * Returns 1 when they can both hold (same kind and the intervals overlap, or
 * dates agree on every field both state), 0 when they cannot (disjoint
 * intervals, different dates), -1 when they are not comparable (different
 * kinds, either NONE, or different non-empty units that are not synonyms,
 * e.g. "households" vs "pounds"; a unit and no unit are comparable). Units are
 * compared singular ("household" = "households", "person" = "people") and
 * currency signs match their words ("£" = "pounds" = "pound").
 * Both values are borrowed; NULL counts as NONE.
 */
int ct_value_compatible(const ct_value *a, const ct_value *b);

/*
 * Append a short human form of the value to out:
 *   "more than 4,500 households (> 4500)", "about 60 people ([54, 66])",
 *   "between 2 and 6 ([2, 6])", "12 August (--08-12)", "no value".
 * The interval is written "= X", ">= X", "> X", "<= X", "< X" when it has that
 * shape, else as "[a, b)" with "(" / ")" for an excluded bound.
 * Returns 0, or CT_ERROR when out of memory (out may then hold part of it).
 */
int ct_value_format(ct_buf *out, const ct_value *v);

#endif
