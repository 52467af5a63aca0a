/* tests/unit/test_value.c: reading, storing and comparing asserted values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "value.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* What a value should be, field by field. */
struct want {
	int kind;
	const char *text, *qualifier, *unit;
	double number, min, max;
	int min_open, max_open;
	int year, month, day;
};

/*
 * Every field of a value on one line, so that a failure shows the whole of
 * what was read beside the whole of what was expected. Returns a new string.
 */
static char *describe(const struct want *w)
{
	static const char *const kinds[] = {"none", "quantity", "date"};
	ct_buf b = CT_BUF_INIT;

	assert_true(w->kind >= 0 && w->kind <= 2);
	assert_int_equal(ct_buf_printf(&b,
	                               "%s text='%s' qualifier='%s' unit='%s' number=%.17g "
	                               "interval=%c%.17g, %.17g%c date=%d-%d-%d",
	                               kinds[w->kind], w->text ? w->text : "(null)",
	                               w->qualifier ? w->qualifier : "(null)",
	                               w->unit ? w->unit : "(null)", w->number,
	                               w->min_open ? '(' : '[', w->min, w->max,
	                               w->max_open ? ')' : ']', w->year, w->month, w->day),
	                 0);
	return ct_buf_detach(&b, NULL);
}

static void assert_value(const ct_value *v, const struct want *expected)
{
	struct want got = {
	    v->kind, v->text,     v->qualifier, v->unit, v->number, v->min,
	    v->max,  v->min_open, v->max_open,  v->year, v->month,  v->day,
	};
	char *a = describe(&got), *b = describe(expected);

	assert_string_equal(a, b);
	free(a);
	free(b);
}

/* ------------------------------------------------------ ct_value_parse */

struct parse_case {
	const char *name;
	const char *input;
	struct want want;
};

#define QTY(name, input, text, qual, unit, number, min, max, min_open, max_open)                   \
	{                                                                                          \
		name, input,                                                                       \
		{                                                                                  \
			CT_VALUE_QUANTITY, text, qual, unit, number, min, max, min_open, max_open, \
			    0, 0, 0                                                                \
		}                                                                                  \
	}
#define DATE(name, input, text, y, m, d)                                                           \
	{                                                                                          \
		name, input,                                                                       \
		{                                                                                  \
			CT_VALUE_DATE, text, "", "", 0, 0, 0, 0, 0, y, m, d                        \
		}                                                                                  \
	}
#define NONE(name, input)                                                                          \
	{                                                                                          \
		name, input,                                                                       \
		{                                                                                  \
			CT_VALUE_NONE, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0, 0, 0                    \
		}                                                                                  \
	}

#define INF INFINITY

static const struct parse_case parse_cases[] = {
    /* figures */
    QTY("parse: thousands comma", "The storm left 4,500 homes without power.", "4,500", "", "homes",
        4500, 4500, 4500, 0, 0),
    QTY("parse: thousands space", "Organisers counted 20 000 marchers on the bridge.", "20 000", "",
        "marchers", 20000, 20000, 20000, 0, 0),
    QTY("parse: thousands no-break space", "Organisers counted 20\u00a0000 marchers.",
        "20\u00a0000", "", "marchers", 20000, 20000, 20000, 0, 0),
    QTY("parse: thousands dot, no other decimal", "The museum welcomed 20.000 visitors.", "20.000",
        "", "visitors", 20000, 20000, 20000, 0, 0),
    QTY("parse: d.ddd is a decimal beside another decimal",
        "The tank holds 1.250 litres, the jug 2.5 litres.", "1.250", "", "litres", 1.25, 1.25, 1.25,
        0, 0),
    QTY("parse: several dot groups", "The fund holds 1.234.567 euros.", "1.234.567 euros", "",
        "euros", 1234567, 1234567, 1234567, 0, 0),
    QTY("parse: decimal", "Inflation eased to 2.5 percent in May.", "2.5 percent", "", "percent",
        2.5, 2.5, 2.5, 0, 0),
    QTY("parse: decimal comma before a scale", "The roof cost 1,5 million euros.",
        "1,5 million euros", "", "euros", 1500000, 1500000, 1500000, 0, 0),
    QTY("parse: scale word", "The app now has 3 million users.", "3 million", "", "users", 3e6, 3e6,
        3e6, 0, 0),
    QTY("parse: decimal with scale word", "The dam cost 2.5 billion dollars.",
        "2.5 billion dollars", "", "dollars", 2.5e9, 2.5e9, 2.5e9, 0, 0),
    QTY("parse: scale suffix", "The charity raised 1.2m last year.", "1.2m", "", "", 1.2e6, 1.2e6,
        1.2e6, 0, 0),
    QTY("parse: a million", "The petition gathered a million signatures.", "a million", "",
        "signatures", 1e6, 1e6, 1e6, 0, 0),
    QTY("parse: half a million", "Nearly half a million people voted.", "Nearly half a million",
        "nearly", "people", 5e5, 4.5e5, 5e5, 0, 1),
    QTY("parse: word number", "Twelve jurors heard the case.", "Twelve", "", "jurors", 12, 12, 12,
        0, 0),
    QTY("parse: hyphenated word number", "The choir has twenty-five singers.", "twenty-five", "",
        "singers", 25, 25, 25, 0, 0),
    QTY("parse: word number with hundred and", "One hundred and twenty families moved.",
        "One hundred and twenty", "", "families", 120, 120, 120, 0, 0),
    QTY("parse: a dozen", "A dozen lanterns hung over the gate.", "A dozen", "", "lanterns", 12, 12,
        12, 0, 0),
    QTY("parse: dozens", "Dozens of governments signed the pledge.", "Dozens", "dozens",
        "governments", 24, 24, 144, 0, 1),
    QTY("parse: dozens past an adjective", "It angered dozens of Western governments.", "dozens",
        "dozens", "governments", 24, 24, 144, 0, 1),
    QTY("parse: hundreds", "Hundreds of volunteers cleared the beach.", "Hundreds", "hundreds",
        "volunteers", 200, 200, 1000, 0, 1),
    QTY("parse: thousands", "Thousands of commuters were stranded.", "Thousands", "thousands",
        "commuters", 2000, 2000, 1e6, 0, 1),
    QTY("parse: tens of thousands", "Tens of thousands of fans sang.", "Tens of thousands",
        "tens of thousands", "fans", 2e4, 2e4, 1e5, 0, 1),
    QTY("parse: several hundred", "Several hundred people queued.", "Several hundred",
        "several hundred", "people", 200, 200, 1000, 0, 1),
    QTY("parse: hyphenated adjective", "A 50-person unit guards the port.", "50-person", "",
        "person", 50, 50, 50, 0, 0),
    QTY("parse: hyphenated adjective after a", "She signed up for a 12-week course.", "12-week", "",
        "week", 12, 12, 12, 0, 0),
    QTY("parse: noun before a plural noun", "The two survey teams reported back.", "two", "",
        "teams", 2, 2, 2, 0, 0),

    /* units */
    QTY("parse: percent sign", "Rents rose 12% this year.", "12%", "", "percent", 12, 12, 12, 0, 0),
    QTY("parse: percent in words", "Rents rose twelve percent this year.", "twelve percent", "",
        "percent", 12, 12, 12, 0, 0),
    QTY("parse: per cent", "Rents rose 12 per cent this year.", "12 per cent", "", "percent", 12,
        12, 12, 0, 0),
    QTY("parse: percentage points", "Turnout fell 3 percentage points.", "3 percentage points", "",
        "percentage points", 3, 3, 3, 0, 0),
    QTY("parse: pound sign and suffix", "The council set aside \u00a32m for repairs.", "\u00a32m",
        "", "pounds", 2e6, 2e6, 2e6, 0, 0),
    QTY("parse: dollar sign", "The studio paid $300,000 in fines.", "$300,000", "", "dollars",
        300000, 300000, 300000, 0, 0),
    QTY("parse: euro sign after", "A ticket costs 5 \u20ac.", "5 \u20ac", "", "euros", 5, 5, 5, 0,
        0),
    QTY("parse: pounds word", "The estate sold for 300,000 pounds.", "300,000 pounds", "", "pounds",
        300000, 300000, 300000, 0, 0),
    QTY("parse: euros word", "The grant was worth 40,000 euros.", "40,000 euros", "", "euros",
        40000, 40000, 40000, 0, 0),
    QTY("parse: unit past adjectives", "The clinic logged 4,500 new confirmed cases.", "4,500", "",
        "cases", 4500, 4500, 4500, 0, 0),

    /* ranges */
    QTY("parse: between two and six", "Between two and six inspectors visit each site.",
        "Between two and six", "between", "inspectors", 2, 2, 6, 0, 0),
    QTY("parse: range with to", "We expect 10 to 12 arrivals.", "10 to 12", "between", "arrivals",
        10, 10, 12, 0, 0),
    QTY("parse: range with hyphen", "We expect 10-12 arrivals.", "10-12", "between", "arrivals", 10,
        10, 12, 0, 0),
    QTY("parse: range with en dash", "We expect 10\u201312 arrivals.", "10\u201312", "between",
        "arrivals", 10, 10, 12, 0, 0),
    QTY("parse: range sharing its scale", "It will cost 2 to 3 million pounds.",
        "2 to 3 million pounds", "between", "pounds", 2e6, 2e6, 3e6, 0, 0),
    QTY("parse: range sharing its percent", "Support rose 10-12%.", "10-12%", "between", "percent",
        10, 10, 12, 0, 0),
    QTY("parse: about a range", "Around 60 or 70 people came.", "Around 60 or 70", "about",
        "people", 60, 54, 77, 0, 0),

    /* qualifiers */
    QTY("parse: more than", "More than 4,500 households lost their gas supply.", "More than 4,500",
        "more than", "households", 4500, 4500, INF, 1, 0),
    QTY("parse: over", "The survey reached over 900 farms.", "over 900", "more than", "farms", 900,
        900, INF, 1, 0),
    QTY("parse: above", "Readings above 900 units were discarded.", "above 900", "more than",
        "units", 900, 900, INF, 1, 0),
    QTY("parse: in excess of", "Claims in excess of 900 pounds need a receipt.",
        "in excess of 900 pounds", "more than", "pounds", 900, 900, INF, 1, 0),
    QTY("parse: at least, possibly even more",
        "The worm infected at least 20,000 laptops worldwide, possibly even more.",
        "at least 20,000 laptops worldwide, possibly even more", "at least", "laptops", 20000,
        20000, INF, 0, 0),
    QTY("parse: no fewer than", "No fewer than 300 boats joined.", "No fewer than 300", "at least",
        "boats", 300, 300, INF, 0, 0),
    QTY("parse: or more", "It drew 20,000 or more visitors.", "20,000 or more", "at least",
        "visitors", 20000, 20000, INF, 0, 0),
    QTY("parse: or more after the unit", "It drew 20,000 visitors or more.",
        "20,000 visitors or more", "at least", "visitors", 20000, 20000, INF, 0, 0),
    QTY("parse: -plus", "It drew 20,000-plus visitors.", "20,000-plus", "at least", "visitors",
        20000, 20000, INF, 0, 0),
    QTY("parse: plus sign", "It drew 20,000+ visitors.", "20,000+", "at least", "visitors", 20000,
        20000, INF, 0, 0),
    QTY("parse: possibly more after no qualifier", "They found 30 wrecks, possibly more.",
        "30 wrecks, possibly more", "at least", "wrecks", 30, 30, INF, 0, 0),
    QTY("parse: at most", "At most 40 seats remain.", "At most 40", "at most", "seats", 40, 0, 40,
        0, 0),
    QTY("parse: up to", "Up to 40 seats remain.", "Up to 40", "at most", "seats", 40, 0, 40, 0, 0),
    QTY("parse: no more than", "No more than 40 seats remain.", "No more than 40", "at most",
        "seats", 40, 0, 40, 0, 0),
    QTY("parse: under", "The firm spent under 300,000 pounds on it.", "under 300,000 pounds",
        "less than", "pounds", 300000, 0, 300000, 0, 1),
    QTY("parse: less than", "Less than 300 pupils attended.", "Less than 300", "less than",
        "pupils", 300, 0, 300, 0, 1),
    QTY("parse: fewer than", "Fewer than 300 pupils attended.", "Fewer than 300", "less than",
        "pupils", 300, 0, 300, 0, 1),
    QTY("parse: below", "Below 300 pupils attended.", "Below 300", "less than", "pupils", 300, 0,
        300, 0, 1),
    QTY("parse: well under", "Well under 500 applicants were accepted.", "Well under 500",
        "well under", "applicants", 500, 0, 400, 0, 0),
    QTY("parse: far fewer than", "Far fewer than 500 applicants were accepted.",
        "Far fewer than 500", "well under", "applicants", 500, 0, 400, 0, 0),
    QTY("parse: only", "Only 3 lifeboats launched.", "Only 3", "", "lifeboats", 3, 3, 3, 0, 0),
    QTY("parse: exactly", "Exactly 3 lifeboats launched.", "Exactly 3", "", "lifeboats", 3, 3, 3, 0,
        0),
    QTY("parse: about", "About 60 people fell ill.", "About 60", "about", "people", 60, 54, 66, 0,
        0),
    QTY("parse: around", "Around 60 people fell ill.", "Around 60", "about", "people", 60, 54, 66,
        0, 0),
    QTY("parse: roughly", "Roughly 60 people fell ill.", "Roughly 60", "about", "people", 60, 54,
        66, 0, 0),
    QTY("parse: approximately", "Approximately 60 people fell ill.", "Approximately 60", "about",
        "people", 60, 54, 66, 0, 0),
    QTY("parse: some", "Some 60 people fell ill.", "Some 60", "about", "people", 60, 54, 66, 0, 0),
    QTY("parse: an estimated", "An estimated 60 people fell ill.", "An estimated 60", "about",
        "people", 60, 54, 66, 0, 0),
    QTY("parse: or so", "We saw 60 or so deer.", "60 or so", "about", "deer", 60, 54, 66, 0, 0),
    QTY("parse: nearly 2 million pounds", "Repairs to the pier will cost nearly 2 million pounds.",
        "nearly 2 million pounds", "nearly", "pounds", 2e6, 1.8e6, 2e6, 0, 1),
    QTY("parse: almost", "Almost 80 stalls opened.", "Almost 80", "nearly", "stalls", 80, 72, 80, 0,
        1),
    QTY("parse: just under", "Just under 80 stalls opened.", "Just under 80", "nearly", "stalls",
        80, 72, 80, 0, 1),
    QTY("parse: close to", "Close to 80 stalls opened.", "Close to 80", "nearly", "stalls", 80, 72,
        80, 0, 1),
    QTY("parse: well over", "Well over 100 runners finished.", "Well over 100", "well over",
        "runners", 100, 120, INF, 0, 0),
    QTY("parse: just over", "Just over 100 runners finished.", "Just over 100", "just over",
        "runners", 100, 100, 110, 1, 0),

    /* dates */
    DATE("parse: day month", "The permit was signed on 12 August, after a delay.", "12 August", 0,
         8, 12),
    DATE("parse: month day", "The permit was signed on August 12.", "August 12", 0, 8, 12),
    DATE("parse: day month year", "The permit was signed on 12 August 2025.", "12 August 2025",
         2025, 8, 12),
    DATE("parse: month day, year", "The permit was signed on June 10, 2024.", "June 10, 2024", 2024,
         6, 10),
    DATE("parse: ISO date", "The permit was signed on 2024-06-10.", "2024-06-10", 2024, 6, 10),
    DATE("parse: weekday and date in parentheses",
         "The ministry said on Monday (June 10) that it agreed.", "Monday (June 10)", 0, 6, 10),
    DATE("parse: ordinal day", "Pay day is the 12th of August.", "12th of August", 0, 8, 12),
    DATE("parse: month and year", "The plant opens in August 2025.", "August 2025", 2025, 8, 0),
    DATE("parse: in a year", "The rules changed in 2023.", "2023", 2023, 0, 0),
    DATE("parse: since a year", "Nobody has swum here since the lido opened in 1987.", "1987", 1987,
         0, 0),
    DATE("parse: mid-year", "Output fell in mid-2023.", "2023", 2023, 0, 0),

    /* which value, and what is not one */
    QTY("parse: a quantity before a year", "In 2019, 4,500 homes flooded.", "4,500", "", "homes",
        4500, 4500, 4500, 0, 0),
    QTY("parse: a quantity after a date", "On June 10 the club sold 14 tickets.", "14", "",
        "tickets", 14, 14, 14, 0, 0),
    QTY("parse: a quantity after a year used as a name", "The 2023 report counted 80 wells.", "80",
        "", "wells", 80, 80, 80, 0, 0),
    QTY("parse: a plain year counting people", "2000 people marched.", "2000", "", "people", 2000,
        2000, 2000, 0, 0),
    QTY("parse: one with a unit", "Only one bridge survived.", "Only one", "", "bridge", 1, 1, 1, 0,
        0),
    NONE("parse: ordinal word", "It was the first time the council met in the library."),
    NONE("parse: ordinal digits", "She came 2nd in the race."),
    NONE("parse: name with a dash", "COVID-19 cases fell sharply."),
    NONE("parse: name after a capitalised word", "The Boeing 737 landed safely."),
    NONE("parse: label", "Under Article 5, members must respond."),
    NONE("parse: time", "The meeting starts at 10:30."),
    NONE("parse: slashed figures", "The helpline runs 24/7."),
    NONE("parse: decade", "Music from the 1990s played."),
    NONE("parse: ratio", "One in five adults walks to work."),
    NONE("parse: fraction", "Two thirds of voters agreed."),
    NONE("parse: one as a pronoun", "One of the managers resigned."),
    NONE("parse: phone number", "Call 1-800-555-0199 to book."),
    NONE("parse: score", "They won 3-2 last night."),
    NONE("parse: impossible ISO date", "The form was dated 2025-02-30 by mistake."),
    NONE("parse: no figure", "Tap water is safe for washing."),
    NONE("parse: empty", ""),
};

static void run_parse_case(void **state)
{
	const struct parse_case *c = *state;
	ct_value v;

	assert_int_equal(ct_value_parse(&v, c->input), 0);
	assert_value(&v, &c->want);
	ct_value_release(&v);
}

static void test_parse_null(void **state)
{
	static const struct want none = {0};
	ct_value v;

	(void)state;
	assert_int_equal(ct_value_parse(&v, NULL), 0);
	assert_value(&v, &none);
	ct_value_release(&v);
}

static void test_init_release(void **state)
{
	static const struct want none = {0};
	ct_value v;

	(void)state;
	ct_value_init(&v);
	assert_value(&v, &none);
	ct_value_release(&v); /* a zeroed value */
	ct_value_release(NULL);
	assert_int_equal(ct_value_parse(&v, "Up to 40 seats."), 0);
	ct_value_release(&v);
	assert_value(&v, &none);
}

/* -------------------------------------------------------------- strict */

static void test_strict_ok(void **state)
{
	static const struct want at_least = {
	    CT_VALUE_QUANTITY, "at least 20000", "at least", "", 20000, 20000, INF, 0, 0, 0, 0, 0};
	static const struct want iso = {
	    CT_VALUE_DATE, "2025-08-12", "", "", 0, 0, 0, 0, 0, 2025, 8, 12};
	static const struct want month_day = {
	    CT_VALUE_DATE, "--08-12", "", "", 0, 0, 0, 0, 0, 0, 8, 12};
	static const struct want year = {CT_VALUE_DATE, "1987", "", "", 0, 0, 0, 0, 0, 1987, 0, 0};
	static const struct want leap = {
	    CT_VALUE_DATE, "2024-02-29", "", "", 0, 0, 0, 0, 0, 2024, 2, 29};
	ct_value v;

	(void)state;
	assert_int_equal(ct_value_parse_strict(&v, "at least 20000"), 0);
	assert_value(&v, &at_least);
	ct_value_release(&v);
	assert_int_equal(ct_value_parse_strict(&v, " 2025-08-12\n"), 0);
	assert_value(&v, &iso);
	ct_value_release(&v);
	assert_int_equal(ct_value_parse_strict(&v, "--08-12"), 0);
	assert_value(&v, &month_day);
	ct_value_release(&v);
	assert_int_equal(ct_value_parse_strict(&v, "1987"), 0);
	assert_value(&v, &year);
	ct_value_release(&v);
	assert_int_equal(ct_value_parse_strict(&v, "2024-02-29"), 0);
	assert_value(&v, &leap);
	ct_value_release(&v);
}

static void test_strict_errors(void **state)
{
	static const char *const bad[] = {
	    "", "hello", "first", "2025-02-30", "2023-02-29", "2025-13", "--02-30", "2025-00-10",
	};
	static const struct want none = {0};
	char expect[64];
	ct_value v;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ct_error_clear();
		assert_int_equal(ct_value_parse_strict(&v, bad[i]), CT_EINVALID);
		snprintf(expect, sizeof(expect), "invalid value '%s'", bad[i]);
		assert_string_equal(ct_error_last(), expect);
		assert_value(&v, &none);
	}
	assert_int_equal(ct_value_parse_strict(&v, NULL), CT_EINVALID);
	assert_string_equal(ct_error_last(), "invalid value ''");
}

/* ---------------------------------------------------------------- JSON */

static char *to_json_text(const ct_value *v)
{
	json_t *j = ct_value_to_json(v);
	char *s;

	assert_non_null(j);
	s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(j);
	assert_non_null(s);
	return s;
}

static void assert_json(const char *input, const char *expect)
{
	ct_value v;
	char *s;

	assert_int_equal(ct_value_parse(&v, input), 0);
	s = to_json_text(&v);
	assert_string_equal(s, expect);
	free(s);
	ct_value_release(&v);
}

static void test_json_output(void **state)
{
	(void)state;
	assert_json("More than 4,500 households lost power.",
	            "{\"kind\":\"quantity\",\"text\":\"More than 4,500\","
	            "\"qualifier\":\"more than\",\"unit\":\"households\","
	            "\"number\":4500,\"min\":4500,\"max\":null,"
	            "\"min_open\":true,\"max_open\":false}");
	assert_json("Inflation eased to 2.5 percent.",
	            "{\"kind\":\"quantity\",\"text\":\"2.5 percent\","
	            "\"qualifier\":\"\",\"unit\":\"percent\","
	            "\"number\":2.5,\"min\":2.5,\"max\":2.5,"
	            "\"min_open\":false,\"max_open\":false}");
	assert_json("It was signed on 12 August.",
	            "{\"kind\":\"date\",\"text\":\"12 August\",\"date\":\"--08-12\"}");
	assert_json("It was signed on 12 August 2025.",
	            "{\"kind\":\"date\",\"text\":\"12 August 2025\",\"date\":\"2025-08-12\"}");
	assert_json("The plant opens in August 2025.",
	            "{\"kind\":\"date\",\"text\":\"August 2025\",\"date\":\"2025-08\"}");
	assert_json("since 1987", "{\"kind\":\"date\",\"text\":\"1987\",\"date\":\"1987\"}");
	assert_json("nothing here", "null");
}

static void test_json_round_trip(void **state)
{
	static const char *const inputs[] = {
	    "More than 4,500 households lost power.",
	    "Repairs will cost nearly 2 million pounds.",
	    "Dozens of governments signed.",
	    "Inflation eased to 2.5 percent.",
	    "Between two and six inspectors came.",
	    "Around 60 or 70 people came.",
	    "It was signed on 12 August.",
	    "It was signed on June 10, 2024.",
	    "The plant opens in August 2025.",
	    "since 1987",
	    "nothing here",
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(inputs); i++) {
		ct_value v, back;
		json_t *j;
		char *s;

		assert_int_equal(ct_value_parse(&v, inputs[i]), 0);
		j = ct_value_to_json(&v);
		assert_non_null(j);
		/* through text, as a record on disk would go */
		s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
		json_decref(j);
		j = json_loads(s, JSON_DECODE_ANY, NULL);
		assert_non_null(j);
		assert_int_equal(ct_value_from_json(&back, j), 0);
		{
			struct want w = {v.kind, v.text,     v.qualifier, v.unit, v.number, v.min,
			                 v.max,  v.min_open, v.max_open,  v.year, v.month,  v.day};
			assert_value(&back, &w);
		}
		free(s);
		json_decref(j);
		ct_value_release(&back);
		ct_value_release(&v);
	}
}

static void assert_json_rejected(const char *record, const char *message)
{
	static const struct want none = {0};
	json_t *j = json_loads(record, JSON_DECODE_ANY, NULL);
	ct_value v;

	assert_non_null(j);
	assert_int_equal(ct_value_from_json(&v, j), CT_EINVALID);
	assert_string_equal(ct_error_last(), message);
	assert_value(&v, &none);
	json_decref(j);
}

static void test_json_malformed(void **state)
{
	(void)state;
	assert_json_rejected("[1]", "invalid value record: not an object");
	assert_json_rejected("{\"text\":\"x\"}", "invalid value record: 'kind' is not a string");
	assert_json_rejected("{\"kind\":\"colour\",\"text\":\"x\"}",
	                     "invalid value record: unknown 'kind' 'colour'");
	assert_json_rejected("{\"kind\":\"quantity\",\"number\":1,\"min\":1,\"max\":1}",
	                     "invalid value record: 'text' is not a string");
	assert_json_rejected("{\"kind\":\"quantity\",\"text\":\"x\",\"min\":1,\"max\":1}",
	                     "invalid value record: 'number' is not a number");
	assert_json_rejected(
	    "{\"kind\":\"quantity\",\"text\":\"x\",\"number\":1,\"min\":\"1\",\"max\":1}",
	    "invalid value record: 'min' is not a number");
	assert_json_rejected("{\"kind\":\"quantity\",\"text\":\"x\",\"number\":1,"
	                     "\"min\":1,\"max\":1,\"min_open\":1}",
	                     "invalid value record: 'min_open' is not a boolean");
	assert_json_rejected(
	    "{\"kind\":\"quantity\",\"text\":\"x\",\"number\":5,\"min\":9,\"max\":2}",
	    "invalid value record: 'min' 9 is above 'max' 2");
	assert_json_rejected("{\"kind\":\"date\",\"text\":\"x\",\"date\":\"2025-02-30\"}",
	                     "invalid value record: bad 'date' '2025-02-30'");
	assert_json_rejected("{\"kind\":\"date\",\"text\":\"x\"}",
	                     "invalid value record: bad 'date' ''");
}

static void test_json_bad_utf8(void **state)
{
	ct_value v;

	(void)state;
	assert_int_equal(ct_value_parse(&v, "Up to 40 seats."), 0);
	memcpy(v.text, "40\xff", 4); /* "Up to 40" becomes "40" and a stray byte */
	assert_null(ct_value_to_json(&v));
	assert_string_equal(ct_error_last(), "value text '40\xff' is not valid utf-8");
	ct_value_release(&v);
}

/* ---------------------------------------------------------- compatible */

static int compatible(const char *a, const char *b)
{
	ct_value va, vb;
	int rc;

	assert_int_equal(ct_value_parse(&va, a), 0);
	assert_int_equal(ct_value_parse(&vb, b), 0);
	rc = ct_value_compatible(&va, &vb);
	assert_int_equal(ct_value_compatible(&vb, &va), rc); /* symmetric */
	ct_value_release(&va);
	ct_value_release(&vb);
	return rc;
}

static void test_compatible_overlap(void **state)
{
	(void)state;
	assert_int_equal(compatible("Roughly 60 people fell ill.", "About 60 people fell ill."), 1);
	assert_int_equal(compatible("at least 20,000 victims", "about 25,000 victims"), 1);
	assert_int_equal(compatible("dozens of councils", "40 councils"), 1);
	assert_int_equal(compatible("between two and six inspectors", "six inspectors"), 1);
	assert_int_equal(compatible("at least 100 boats", "100 boats"), 1);
	assert_int_equal(compatible("\u00a32m", "2 million pounds"), 1); /* sign and word */
	assert_int_equal(compatible("one person", "about 1 people"), 1); /* singular */
	assert_int_equal(compatible("4,500 households", "4,500"), 1);    /* unit and none */
	assert_int_equal(compatible("12%", "twelve per cent"), 1);
	assert_int_equal(compatible("on 12 August", "on 12 August 2025"), 1);
	assert_int_equal(compatible("since 2025", "on 12 August 2025"), 1);
}

static void test_compatible_disjoint(void **state)
{
	(void)state;
	assert_int_equal(compatible("More than 4,500 households", "2,800 households"), 0);
	assert_int_equal(compatible("nearly 2 million pounds", "under 300,000 pounds"), 0);
	assert_int_equal(compatible("14,000 victims", "at least 20,000 victims"), 0);
	assert_int_equal(compatible("more than 100 boats", "100 boats"), 0);
	assert_int_equal(compatible("under 100 boats", "100 boats"), 0);
	assert_int_equal(compatible("nearly 100 boats", "100 boats"), 0);
	assert_int_equal(compatible("on 12 August", "on 13 August"), 0);
	assert_int_equal(compatible("in 1987", "in 1988"), 0);
}

static void test_compatible_not_comparable(void **state)
{
	ct_value v;

	(void)state;
	assert_int_equal(compatible("4,500 households", "4,500 pounds"), -1);
	assert_int_equal(compatible("12%", "12 households"), -1);
	assert_int_equal(compatible("4,500 households", "on 12 August"), -1);
	assert_int_equal(compatible("4,500 households", "no figure at all"), -1);
	assert_int_equal(compatible("nothing", "nothing either"), -1);
	assert_int_equal(ct_value_parse(&v, "4,500 households"), 0);
	assert_int_equal(ct_value_compatible(&v, NULL), -1);
	ct_value_release(&v);
}

/* -------------------------------------------------------------- format */

static void assert_format(const char *input, const char *expect)
{
	ct_buf b = CT_BUF_INIT;
	ct_value v;

	assert_int_equal(ct_value_parse(&v, input), 0);
	assert_int_equal(ct_value_format(&b, &v), 0);
	assert_string_equal(b.ptr, expect);
	ct_buf_release(&b);
	ct_value_release(&v);
}

static void test_format(void **state)
{
	(void)state;
	assert_format("More than 4,500 households", "more than 4,500 households (> 4500)");
	assert_format("at least 20,000 victims", "at least 20,000 victims (>= 20000)");
	assert_format("About 60 people", "about 60 people ([54, 66])");
	assert_format("nearly 2 million pounds", "nearly 2,000,000 pounds ([1800000, 2000000))");
	assert_format("under 300,000 pounds", "less than 300,000 pounds (< 300000)");
	assert_format("up to 40 seats", "at most 40 seats (<= 40)");
	assert_format("Only 3 lifeboats", "3 lifeboats (= 3)");
	assert_format("Between two and six inspectors", "between 2 and 6 inspectors ([2, 6])");
	assert_format("Dozens of governments", "dozens of governments ([24, 144))");
	assert_format("Several hundred people", "several hundred people ([200, 1000))");
	assert_format("Rates are 2.5 percent", "2.5 percent (= 2.5)");
	assert_format("The notice was dated 12 August", "12 August (--08-12)");
	assert_format("since 1987", "1987 (1987)");
	assert_format("no figure", "no value");
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
	    cmocka_unit_test(test_parse_null),
	    cmocka_unit_test(test_init_release),
	    cmocka_unit_test(test_strict_ok),
	    cmocka_unit_test(test_strict_errors),
	    cmocka_unit_test(test_json_output),
	    cmocka_unit_test(test_json_round_trip),
	    cmocka_unit_test(test_json_malformed),
	    cmocka_unit_test(test_json_bad_utf8),
	    cmocka_unit_test(test_compatible_overlap),
	    cmocka_unit_test(test_compatible_disjoint),
	    cmocka_unit_test(test_compatible_not_comparable),
	    cmocka_unit_test(test_format),
	};
	/* one named test per row of parse_cases, then the others */
	struct CMUnitTest tests[ARRAY_SIZE(parse_cases) + ARRAY_SIZE(fixed)];
	size_t i;

	memset(tests, 0, sizeof(tests));
	for (i = 0; i < ARRAY_SIZE(parse_cases); i++) {
		tests[i].name = parse_cases[i].name;
		tests[i].test_func = run_parse_case;
		tests[i].initial_state = (void *)(uintptr_t)&parse_cases[i];
	}
	for (i = 0; i < ARRAY_SIZE(fixed); i++)
		tests[ARRAY_SIZE(parse_cases) + i] = fixed[i];
	return cmocka_run_group_tests_name("value", tests, NULL, NULL);
}
