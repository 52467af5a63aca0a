/* core/text/value_int.h: what the value modules share: the word tables, the canonical dates. */
#ifndef CT_VALUE_INT_H
#define CT_VALUE_INT_H

#include <stddef.h>
#include <stdint.h>

/*
 * The value of a passage (value.h, which documents what is read and what is
 * given) is three modules, and this header, private to the text layer, is
 * what they share:
 *
 *	value.c		the value type: init and release, JSON, comparison,
 *			formatting, and the canonical date forms
 *	value_parse.c	the parser: tokens, figures, units, qualifiers, dates
 *	value_words.c	the parser's word tables: number words, qualifiers,
 *			units, dates, and the words that stop a reading
 *
 * Every table of words is NULL-terminated (a row of zeros for the structs).
 * Words are lowercase ASCII; the parser compares them without case.
 */

/* Number words: what each adds to a figure written in words. */
enum { W_NONE, W_A, W_UNIT, W_TEEN, W_TENS, W_HUNDRED, W_SCALE, W_DOZEN };

struct numword {
	const char *word;
	double value;
	int cls;
};

/* Scale words after a figure, and suffixes written against it, as powers of ten. */
struct scale {
	const char *word;
	int power;
};

/* A currency code ("usd") or sign ("£", as its code point) and its unit. */
struct currency {
	const char *code;
	const char *unit;
};
struct currency_sign {
	int32_t sym;
	const char *unit;
};

/* Qualifiers, normalised. */
enum qual {
	Q_NONE,
	Q_EXACT,
	Q_AT_LEAST,
	Q_MORE,
	Q_WELL_OVER,
	Q_JUST_OVER,
	Q_AT_MOST,
	Q_LESS,
	Q_WELL_UNDER,
	Q_ABOUT,
	Q_NEARLY,
	Q_BETWEEN, /* a range follows */
	Q_FROM,    /* a range may follow ("from 10 to 12"); else a plain preposition */
};

/*
 * The interval a qualifier gives around a stated figure X (the table of
 * value.h): each bound is X * tenths / 10, where 10 is X itself, 0 is 0 and
 * BOUND_INF is unbounded; *_open excludes the bound.
 */
#define BOUND_INF (-1)
struct qualifier {
	const char *name; /* normalised, as ct_value.qualifier holds it */
	int lo, lo_open;
	int hi, hi_open;
};

/* A phrase: pieces separated by one space; a piece that is not a word is a symbol. */
struct phrase {
	const char *words;
	enum qual q;
};

/* A plural that states no figure ("tens of thousands") and its interval. */
struct vague {
	const char *first, *second; /* "hundreds", then "of" and `second` when not NULL */
	int before_of;              /* a figure only before "of" ("tens of people") */
	const char *name;           /* the qualifier it gives */
	double lo, hi;              /* the interval [lo, hi) */
};

extern const char *const ct_value_months[];
extern const char *const ct_value_month_abbrevs[];
extern const char *const ct_value_weekdays[];
extern const char *const ct_value_date_preps[];
extern const char *const ct_value_before_of_year[];
extern const char *const ct_value_year_prefixes[];
extern const char *const ct_value_labels[];
extern const struct numword ct_value_numwords[];
extern const struct scale ct_value_scale_words[];
extern const struct scale ct_value_scale_suffixes[];
extern const char *const ct_value_attached_units[];
extern const struct currency ct_value_currency_codes[];
extern const char *const ct_value_dollar_prefixes[];
extern const char *const ct_value_currency_words[];
extern const struct currency_sign ct_value_currency_signs[];
extern const struct qualifier ct_value_qualifiers[]; /* indexed by enum qual */
extern const struct phrase ct_value_pre_qualifiers[];
extern const struct phrase ct_value_post_qualifiers[];
extern const struct phrase ct_value_remote_qualifiers[];
extern const char *const ct_value_unit_stops[];
extern const char *const ct_value_unit_adjectives[];
extern const char *const ct_value_fraction_words[];
extern const char *const ct_value_irregular_plurals[];
extern const char *const ct_value_determiners[];
extern const struct vague ct_value_vagues[];
extern const struct vague ct_value_several[];

/* ASCII digits and letters, and the lowercase of an ASCII letter. */
static inline int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int to_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* The days of `month` (1 to 12; 0 for any other) in `year`; 29 for February when year is 0. */
int ct_value_days_in_month(int month, int year);

/*
 * One of the canonical date forms that ct_value_to_json() writes, the whole
 * of s[0, len): "YYYY-MM-DD", "YYYY-MM", "YYYY" (min_year and up) or
 * "--MM-DD". Returns 1 with the fields (0 for those not stated), 0 when s has
 * none of these shapes, -1 when it has one but names a date that does not
 * exist.
 */
int ct_value_read_date(const char *s, size_t len, int min_year, int *y, int *m, int *d);

#endif
