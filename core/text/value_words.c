/* core/text/value_words.c: the value parser's word tables (number words, qualifiers, units). */
#include "value_int.h"

#include <stddef.h>

const char *const ct_value_months[] = {
    "january", "february",  "march",   "april",    "may",      "june", "july",
    "august",  "september", "october", "november", "december", NULL,
};
const char *const ct_value_month_abbrevs[] = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", NULL,
};
const char *const ct_value_weekdays[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
    "tues",   "wed",     "thu",       "thur",     "thurs",  "fri",      "sat",    "sun", NULL,
};

/* Words after which a year is a date ("in 2023", "since 1987", "the year 2000"). */
const char *const ct_value_date_preps[] = {
    "in",     "since",   "by",      "until",      "till",   "from",  "during", "before",
    "after",  "between", "through", "throughout", "year",   "early", "late",   "mid",
    "spring", "summer",  "autumn",  "fall",       "winter", NULL,
};
/* "the end of 2023", "the summer of 1987" */
const char *const ct_value_before_of_year[] = {
    "end",    "start",  "beginning", "middle", "close", "spring",
    "summer", "autumn", "fall",      "winter", NULL,
};
/* "mid-2023", "pre-2020" */
const char *const ct_value_year_prefixes[] = {"mid", "pre", "post", "early", "late", NULL};

/* Words that make the figure after them a label: "Article 5", "page 12". */
const char *const ct_value_labels[] = {
    "page",     "pages",      "pp",         "p",         "chapter",    "section", "sections",
    "article",  "articles",   "art",        "paragraph", "para",       "clause",  "number",
    "nos",      "route",      "platform",   "flight",    "room",       "level",   "stage",
    "phase",    "tier",       "category",   "grade",     "version",    "vol",     "volume",
    "item",     "rule",       "figure",     "fig",       "table",      "annex",   "appendix",
    "gate",     "bus",        "line",       "term",      "episode",    "series",  "part",
    "schedule", "regulation", "resolution", "amendment", "row",        "seat",    "model",
    "type",     "class",      "division",   "district",  "ward",       "block",   "floor",
    "channel",  "terminal",   "top",        "highway",   "interstate", NULL,
};

const struct numword ct_value_numwords[] = {
    {"zero", 0, W_UNIT},
    {"one", 1, W_UNIT},
    {"two", 2, W_UNIT},
    {"three", 3, W_UNIT},
    {"four", 4, W_UNIT},
    {"five", 5, W_UNIT},
    {"six", 6, W_UNIT},
    {"seven", 7, W_UNIT},
    {"eight", 8, W_UNIT},
    {"nine", 9, W_UNIT},
    {"ten", 10, W_TEEN},
    {"eleven", 11, W_TEEN},
    {"twelve", 12, W_TEEN},
    {"thirteen", 13, W_TEEN},
    {"fourteen", 14, W_TEEN},
    {"fifteen", 15, W_TEEN},
    {"sixteen", 16, W_TEEN},
    {"seventeen", 17, W_TEEN},
    {"eighteen", 18, W_TEEN},
    {"nineteen", 19, W_TEEN},
    {"twenty", 20, W_TENS},
    {"thirty", 30, W_TENS},
    {"forty", 40, W_TENS},
    {"fifty", 50, W_TENS},
    {"sixty", 60, W_TENS},
    {"seventy", 70, W_TENS},
    {"eighty", 80, W_TENS},
    {"ninety", 90, W_TENS},
    {"hundred", 100, W_HUNDRED},
    {"thousand", 1e3, W_SCALE},
    {"million", 1e6, W_SCALE},
    {"billion", 1e9, W_SCALE},
    {"trillion", 1e12, W_SCALE},
    {"dozen", 12, W_DOZEN},
    {NULL, 0, 0},
};

const struct scale ct_value_scale_words[] = {
    {"thousand", 3}, {"million", 6}, {"billion", 9}, {"trillion", 12},
    {"bn", 9},       {"mn", 6},      {"tn", 12},     {NULL, 0},
};
const struct scale ct_value_scale_suffixes[] = {
    {"k", 3}, {"m", 6}, {"mn", 6}, {"bn", 9}, {"b", 9}, {"tn", 12}, {"trn", 12}, {NULL, 0},
};

/* Units written against a figure ("5km"); one letter only in lowercase. */
const char *const ct_value_attached_units[] = {
    "km",  "kg",  "mg", "cm", "mm", "ml", "mph", "kph", "kmh", "ft",
    "lb",  "lbs", "oz", "ha", "kw", "mw", "gw",  "kwh", "mwh", "gwh",
    "twh", "gb",  "mb", "tb", "kb", "hz", "khz", "mhz", "ghz", NULL,
};

const struct currency ct_value_currency_codes[] = {
    {"usd", "dollars"}, {"eur", "euros"}, {"gbp", "pounds"}, {"jpy", "yen"}, {NULL, NULL},
};
/* "US$5m", "A$2bn" */
const char *const ct_value_dollar_prefixes[] = {"us", "a", "c", "hk", "nz", "s", "au", "ca", NULL};
/* Currency words after a figure are its unit, and part of its text. */
const char *const ct_value_currency_words[] = {
    "pounds", "pound", "euros",   "euro",   "dollars", "dollar", "pence",  "cents",
    "yen",    "yuan",  "rupees",  "rupee",  "francs",  "franc",  "kronor", "krona",
    "kroner", "krone", "roubles", "rubles", "rouble",  "ruble",  NULL,
};

/* Currency signs before or after a figure. */
const struct currency_sign ct_value_currency_signs[] = {
    {0x00A3, "pounds"}, {'$', "dollars"}, {0x20AC, "euros"}, {0x00A5, "yen"}, {0, NULL},
};

/*
 * The qualifiers' names and intervals, value.h's table as data: each row is
 * the name, the lower bound and whether it is open, the upper bound and
 * whether it is open, the bounds in tenths of the figure (struct qualifier).
 */
const struct qualifier ct_value_qualifiers[] = {
    [Q_NONE] = {"", 10, 0, 10, 0},
    [Q_EXACT] = {"", 10, 0, 10, 0},
    [Q_AT_LEAST] = {"at least", 10, 0, BOUND_INF, 0},
    [Q_MORE] = {"more than", 10, 1, BOUND_INF, 0},
    [Q_WELL_OVER] = {"well over", 12, 0, BOUND_INF, 0},
    [Q_JUST_OVER] = {"just over", 10, 1, 11, 0},
    [Q_AT_MOST] = {"at most", 0, 0, 10, 0},
    [Q_LESS] = {"less than", 0, 0, 10, 1},
    [Q_WELL_UNDER] = {"well under", 0, 0, 8, 0},
    [Q_ABOUT] = {"about", 9, 0, 11, 0},
    [Q_NEARLY] = {"nearly", 9, 0, 10, 1},
    [Q_BETWEEN] = {"between", 10, 0, 10, 0},
    [Q_FROM] = {"", 10, 0, 10, 0},
};

const struct phrase ct_value_pre_qualifiers[] = {
    {"only", Q_EXACT},
    {"exactly", Q_EXACT},
    {"just", Q_EXACT},
    {"precisely", Q_EXACT},
    {"a total of", Q_EXACT},
    {"at least", Q_AT_LEAST},
    {"at the least", Q_AT_LEAST},
    {"at the very least", Q_AT_LEAST},
    {"no fewer than", Q_AT_LEAST},
    {"no less than", Q_AT_LEAST},
    {"not fewer than", Q_AT_LEAST},
    {"not less than", Q_AT_LEAST},
    {"a minimum of", Q_AT_LEAST},
    {"at a minimum", Q_AT_LEAST},
    {"more than", Q_MORE},
    {"over", Q_MORE},
    {"above", Q_MORE},
    {"in excess of", Q_MORE},
    {"upwards of", Q_MORE},
    {"greater than", Q_MORE},
    {"higher than", Q_MORE},
    {"exceeding", Q_MORE},
    {"north of", Q_MORE},
    {"well over", Q_WELL_OVER},
    {"well above", Q_WELL_OVER},
    {"well in excess of", Q_WELL_OVER},
    {"far more than", Q_WELL_OVER},
    {"far above", Q_WELL_OVER},
    {"far over", Q_WELL_OVER},
    {"much more than", Q_WELL_OVER},
    {"many more than", Q_WELL_OVER},
    {"considerably more than", Q_WELL_OVER},
    {"significantly more than", Q_WELL_OVER},
    {"just over", Q_JUST_OVER},
    {"just above", Q_JUST_OVER},
    {"just more than", Q_JUST_OVER},
    {"slightly more than", Q_JUST_OVER},
    {"slightly over", Q_JUST_OVER},
    {"slightly above", Q_JUST_OVER},
    {"a little over", Q_JUST_OVER},
    {"a little more than", Q_JUST_OVER},
    {"a shade over", Q_JUST_OVER},
    {"at most", Q_AT_MOST},
    {"at the most", Q_AT_MOST},
    {"up to", Q_AT_MOST},
    {"no more than", Q_AT_MOST},
    {"not more than", Q_AT_MOST},
    {"a maximum of", Q_AT_MOST},
    {"as many as", Q_AT_MOST},
    {"as much as", Q_AT_MOST},
    {"as high as", Q_AT_MOST},
    {"less than", Q_LESS},
    {"fewer than", Q_LESS},
    {"under", Q_LESS},
    {"below", Q_LESS},
    {"lower than", Q_LESS},
    {"short of", Q_LESS},
    {"well under", Q_WELL_UNDER},
    {"well below", Q_WELL_UNDER},
    {"well short of", Q_WELL_UNDER},
    {"far fewer than", Q_WELL_UNDER},
    {"far less than", Q_WELL_UNDER},
    {"far below", Q_WELL_UNDER},
    {"far under", Q_WELL_UNDER},
    {"far short of", Q_WELL_UNDER},
    {"much less than", Q_WELL_UNDER},
    {"much fewer than", Q_WELL_UNDER},
    {"many fewer than", Q_WELL_UNDER},
    {"considerably less than", Q_WELL_UNDER},
    {"considerably fewer than", Q_WELL_UNDER},
    {"significantly less than", Q_WELL_UNDER},
    {"significantly fewer than", Q_WELL_UNDER},
    {"about", Q_ABOUT},
    {"round about", Q_ABOUT},
    {"around", Q_ABOUT},
    {"roughly", Q_ABOUT},
    {"approximately", Q_ABOUT},
    {"approx", Q_ABOUT},
    {"approx .", Q_ABOUT},
    {"some", Q_ABOUT},
    {"an estimated", Q_ABOUT},
    {"estimated", Q_ABOUT},
    {"an approximate", Q_ABOUT},
    {"circa", Q_ABOUT},
    {"c .", Q_ABOUT},
    {"ca .", Q_ABOUT},
    {"in the region of", Q_ABOUT},
    {"of the order of", Q_ABOUT},
    {"on the order of", Q_ABOUT},
    {"something like", Q_ABOUT},
    {"more or less", Q_ABOUT},
    {"give or take", Q_ABOUT},
    {"nearly", Q_NEARLY},
    {"very nearly", Q_NEARLY},
    {"almost", Q_NEARLY},
    {"just under", Q_NEARLY},
    {"just below", Q_NEARLY},
    {"just short of", Q_NEARLY},
    {"just shy of", Q_NEARLY},
    {"close to", Q_NEARLY},
    {"close on", Q_NEARLY},
    {"not quite", Q_NEARLY},
    {"approaching", Q_NEARLY},
    {"slightly less than", Q_NEARLY},
    {"slightly fewer than", Q_NEARLY},
    {"slightly under", Q_NEARLY},
    {"slightly below", Q_NEARLY},
    {"a little under", Q_NEARLY},
    {"a little less than", Q_NEARLY},
    {"a shade under", Q_NEARLY},
    {"between", Q_BETWEEN},
    {"from", Q_FROM},
    {NULL, Q_NONE},
};

/* Right after the figure, or after its unit ("20,000 or more", "60 people or so"). */
const struct phrase ct_value_post_qualifiers[] = {
    {"or more", Q_AT_LEAST},
    {"or over", Q_AT_LEAST},
    {"or above", Q_AT_LEAST},
    {"or higher", Q_AT_LEAST},
    {"or greater", Q_AT_LEAST},
    {"or upwards", Q_AT_LEAST},
    {"and more", Q_AT_LEAST},
    {"and over", Q_AT_LEAST},
    {"and above", Q_AT_LEAST},
    {"and up", Q_AT_LEAST},
    {"and upwards", Q_AT_LEAST},
    {"at least", Q_AT_LEAST},
    {"at the least", Q_AT_LEAST},
    {"at the very least", Q_AT_LEAST},
    {"at a minimum", Q_AT_LEAST},
    {"- plus", Q_AT_LEAST},
    {"plus", Q_AT_LEAST},
    {"+", Q_AT_LEAST},
    {"or fewer", Q_AT_MOST},
    {"or less", Q_AT_MOST},
    {"or under", Q_AT_MOST},
    {"or below", Q_AT_MOST},
    {"at most", Q_AT_MOST},
    {"at the most", Q_AT_MOST},
    {"at a maximum", Q_AT_MOST},
    {"or so", Q_ABOUT},
    {"- odd", Q_ABOUT},
    {"odd", Q_ABOUT},
    {"or thereabouts", Q_ABOUT},
    {"give or take", Q_ABOUT},
    {NULL, Q_NONE},
};

/* Further on in the clause: "at least 20,000 victims worldwide, possibly even more". */
const struct phrase ct_value_remote_qualifiers[] = {
    {"possibly even more", Q_AT_LEAST}, {"possibly more", Q_AT_LEAST},
    {"perhaps even more", Q_AT_LEAST},  {"perhaps more", Q_AT_LEAST},
    {"maybe even more", Q_AT_LEAST},    {"maybe more", Q_AT_LEAST},
    {"probably more", Q_AT_LEAST},      {"likely more", Q_AT_LEAST},
    {"if not more", Q_AT_LEAST},        {"or even more", Q_AT_LEAST},
    {"and possibly more", Q_AT_LEAST},  {"or possibly more", Q_AT_LEAST},
    {"and perhaps more", Q_AT_LEAST},   {"or perhaps more", Q_AT_LEAST},
    {"possibly higher", Q_AT_LEAST},    {"perhaps higher", Q_AT_LEAST},
    {"if not higher", Q_AT_LEAST},      {NULL, Q_NONE},
};

/*
 * Words after a figure that are not what it counts: function words, common
 * verbs, adverbs of place. The unit search stops at them.
 */
const char *const ct_value_unit_stops[] = {
    "a",         "an",         "the",       "and",        "or",      "but",
    "nor",       "of",         "to",        "in",         "on",      "at",
    "by",        "for",        "with",      "from",       "as",      "into",
    "onto",      "upon",       "about",     "around",     "over",    "under",
    "than",      "then",       "that",      "this",       "these",   "those",
    "it",        "its",        "their",     "them",       "they",    "he",
    "she",       "his",        "her",       "we",         "our",     "us",
    "you",       "your",       "i",         "me",         "my",      "is",
    "are",       "was",        "were",      "be",         "been",    "being",
    "am",        "have",       "has",       "had",        "do",      "does",
    "did",       "will",       "would",     "shall",      "should",  "can",
    "could",     "may",        "might",     "must",       "not",     "no",
    "so",        "such",       "there",     "here",       "where",   "when",
    "which",     "who",        "whom",      "whose",      "what",    "why",
    "how",       "if",         "while",     "also",       "too",     "very",
    "just",      "only",       "even",      "still",      "yet",     "already",
    "most",      "least",      "each",      "every",      "per",     "apiece",
    "worldwide", "nationwide", "overall",   "altogether", "total",   "respectively",
    "alone",     "ago",        "before",    "after",      "since",   "until",
    "till",      "during",     "across",    "among",      "amid",    "between",
    "within",    "without",    "through",   "throughout", "via",     "against",
    "toward",    "towards",    "said",      "say",        "says",    "told",
    "tell",      "according",  "got",       "get",        "gets",    "took",
    "take",      "takes",      "came",      "come",       "comes",   "went",
    "go",        "goes",       "fell",      "fall",       "falls",   "rose",
    "rise",      "rises",      "made",      "make",       "makes",   "became",
    "become",    "left",       "leave",     "lost",       "lose",    "saw",
    "see",       "sees",       "remain",    "remains",    "stay",    "stays",
    "need",      "needs",      "held",      "hold",       "holds",   "gave",
    "give",      "gives",      "paid",      "pay",        "pays",    "spent",
    "spend",     "ran",        "run",       "won",        "win",     "felt",
    "feel",      "kept",       "keep",      "met",        "meet",    "sent",
    "send",      "put",        "set",       "cut",        "hit",     "let",
    "began",     "begin",      "knew",      "know",       "found",   "find",
    "include",   "includes",   "including", "plus",       "minus",   "either",
    "neither",   "both",       "all",       "some",       "any",     "many",
    "much",      "several",    "few",       "own",        "same",    "instead",
    "however",   "though",     "although",  "because",    "whether", "unless",
    "like",      "unlike",     "versus",    "vs",         "whereas", "yesterday",
    "today",     "tomorrow",   "now",       "last",       "next",    "again",
    "out",       "up",         "down",      "off",        "away",    "back",
    "odd",       "or",         NULL,
};

/* Adjectives between a figure and what it counts ("20,000 new cases"). */
const char *const ct_value_unit_adjectives[] = {
    "new",       "more",       "fewer",    "less",      "other",       "additional",
    "extra",     "further",    "old",      "young",     "older",       "younger",
    "elderly",   "local",      "small",    "large",     "big",         "major",
    "minor",     "senior",     "junior",   "full",      "former",      "current",
    "active",    "individual", "separate", "different", "foreign",     "international",
    "national",  "domestic",   "civilian", "military",  "innocent",    "vulnerable",
    "potential", "possible",   "fresh",    "key",       "low",         "high",
    "poor",      "rich",       "private",  "public",    "independent", "real",
    "actual",    "main",       "single",   "whole",     "entire",      "regular",
    "official",  "unofficial", "rural",    "urban",     "western",     "eastern",
    "northern",  "southern",   "global",   "federal",   "legal",       "illegal",
    "direct",    "indirect",   "serious",  "sick",      "ill",         "dead",
    "missing",   "homeless",   "jobless",  "unpaid",    "average",     "annual",
    "weekly",    "various",    "numerous", "multiple",  "similar",     "typical",
    "usual",     "same",       NULL,
};

/* A figure followed by these is a fraction ("two thirds"), not a count. */
const char *const ct_value_fraction_words[] = {
    "half",  "halves", "third",     "thirds",     "quarter",    "quarters",    "fifth", "fifths",
    "sixth", "sixths", "seventh",   "sevenths",   "eighth",     "eighths",     "ninth", "ninths",
    "tenth", "tenths", "hundredth", "hundredths", "thousandth", "thousandths", NULL,
};

const char *const ct_value_irregular_plurals[] = {
    "people", "children", "men",  "women", "staff", "police", "personnel", "cattle", "sheep",
    "deer",   "fish",     "crew", "mice",  "geese", "feet",   "teeth",     NULL,
};

const char *const ct_value_determiners[] = {
    "the", "a",   "an",  "this", "that", "these", "those", "its", "their",
    "his", "her", "our", "your", "my",   "whose", "s",     NULL,
};

/* Plurals that state no figure; the first match wins, so longer ones come first. */
const struct vague ct_value_vagues[] = {
    {"tens", "thousands", 0, "tens of thousands", 2e4, 1e5},
    {"tens", "millions", 0, "tens of millions", 2e7, 1e8},
    {"tens", "billions", 0, "tens of billions", 2e10, 1e11},
    {"hundreds", "thousands", 0, "hundreds of thousands", 2e5, 1e6},
    {"hundreds", "millions", 0, "hundreds of millions", 2e8, 1e9},
    {"hundreds", "billions", 0, "hundreds of billions", 2e11, 1e12},
    {"tens", NULL, 1, "tens", 20, 100},
    {"dozens", NULL, 0, "dozens", 24, 144},
    {"hundreds", NULL, 0, "hundreds", 200, 1e3},
    {"thousands", NULL, 0, "thousands", 2e3, 1e6},
    {"millions", NULL, 0, "millions", 2e6, 1e9},
    {"billions", NULL, 0, "billions", 2e9, 1e12},
    {NULL, NULL, 0, NULL, 0, 0},
};

/* "several" or "a few" and a scale S: [2S, 10S). */
const struct vague ct_value_several[] = {
    {"hundred", NULL, 0, "several hundred", 2e2, 1e3},
    {"thousand", NULL, 0, "several thousand", 2e3, 1e4},
    {"million", NULL, 0, "several million", 2e6, 1e7},
    {"billion", NULL, 0, "several billion", 2e9, 1e10},
    {"dozen", NULL, 0, "dozens", 24, 144},
    {NULL, NULL, 0, NULL, 0, 0},
};
