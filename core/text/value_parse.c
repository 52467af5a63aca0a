/* core/text/value_parse.c: reading the value a passage asserts (value.h; tables in value_words.c). */
#include "value.h"
#include "error.h"
#include "token.h"
#include "utf8.h"
#include "util.h"
#include "value_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/*
 * How it works: the text is cut into tokens (words, figures, symbols), then
 * read left to right. At each token we try a date, then a quantity (its
 * qualifiers, figure, range, unit and trailing qualifier). The first quantity
 * wins; the first date is kept in case no quantity follows. Only the value
 * finally chosen allocates its strings.
 */

#define NO_TOK ((size_t)-1)

/* ---------------------------------------------------------------- helpers */

/* Every power of ten up to 1e22 is exact in a double. */
static const double pow10_table[] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/*
 * mant * 10^(scale - dp), rounded once: "1.2m" is 12 * 10^5 exactly, where
 * 1.2 * 1e6 would carry the error of 1.2.
 */
static double scaled(double mant, int dp, int scale)
{
	int e = scale - dp;

	if (e >= 0)
		return e <= 22 ? mant * pow10_table[e] : mant * pow(10, e);
	return -e <= 22 ? mant / pow10_table[-e] : mant / pow(10, -e);
}

/* ----------------------------------------------------------------- tokens */

enum { TOK_WORD, TOK_NUM, TOK_SYM };

/* Symbols are stored normalised: dashes as '-' (the em dash and the
 * horizontal bar as SYM_EMDASH), single quotes and apostrophes as '\'',
 * double quotes and guillemets as '"'. */
#define SYM_EMDASH 0x2014

struct tok {
	int kind;
	size_t start, end; /* the token's bytes: text[start, end) */
	int space;         /* whitespace comes before it */
	int line;          /* a line break comes before it (or it is the first) */
	int cap;           /* WORD: begins with an uppercase letter */
	int32_t sym;       /* SYM: the normalised code point */
	double mant;       /* NUM: all its digits as one integer */
	int dp;            /* NUM: how many of those digits follow the decimal point */
	int intdigits;     /* NUM: how many come before it (separators aside) */
	int grouped;       /* NUM: written with thousands separators */
	int dotted;        /* NUM: two points or more ("2.5.1", "10.06.2024") */
};

struct lexed {
	const char *text;
	struct tok *tok;
	size_t n, cap;
	int other_decimal; /* the text has a decimal that is not "d.ddd" */
};

/*
 * Whether the text has a decimal figure with other than three digits after
 * its point, which makes a lone "d.ddd" a decimal too. Dotted sequences
 * ("1.234.567", "10.06.2024") are not decimals.
 */
static int find_other_decimal(const char *s, size_t len)
{
	size_t i, k, b;

	for (i = 1; i + 1 < len; i++) {
		if (s[i] != '.' || !is_digit(s[i - 1]) || !is_digit(s[i + 1]))
			continue;
		for (k = i + 1; k < len && is_digit(s[k]); k++)
			;
		for (b = i; b > 0 && is_digit(s[b - 1]); b--)
			;
		if (k + 1 < len && s[k] == '.' && is_digit(s[k + 1]))
			continue;
		if (b >= 2 && s[b - 1] == '.' && is_digit(s[b - 2]))
			continue;
		if (k - i - 1 != 3)
			return 1;
	}
	return 0;
}

/* A separator `sep` then exactly three digits at s[p]. */
static int group_at(const char *s, size_t p, size_t len, char sep)
{
	return p + 3 < len && s[p] == sep && is_digit(s[p + 1]) && is_digit(s[p + 2]) &&
	       is_digit(s[p + 3]) && (p + 4 >= len || !is_digit(s[p + 4]));
}

/* One space (ASCII, no-break, thin or narrow no-break) then exactly three
 * digits at s[p]: the width of the space, or 0. */
static size_t space_group_at(const char *s, size_t p, size_t len)
{
	size_t w = 0;

	if (p < len && s[p] == ' ')
		w = 1;
	else if (p + 1 < len && !memcmp(s + p, "\xC2\xA0", 2))
		w = 2;
	else if (p + 2 < len &&
	         (!memcmp(s + p, "\xE2\x80\x89", 3) || !memcmp(s + p, "\xE2\x80\xAF", 3)))
		w = 3;
	if (!w || p + w + 3 > len)
		return 0;
	s += p + w;
	len -= p + w;
	if (!is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[2]) || (len > 3 && is_digit(s[3])))
		return 0;
	return w;
}

/*
 * A decimal comma at s[p]: one or two digits, then a scale or a percent sign
 * ("1,5 million", "2,5%"). Without those, "1,5" is a list and "1,50" a price
 * we cannot tell from one, so a comma is a decimal point only here.
 */
static int decimal_comma_at(const char *s, size_t p, size_t len)
{
	static const char *const after[] = {"million", "billion", "trillion", "bn", "mn",
	                                    "%",       "percent", "per cent", NULL};
	size_t q, n, i;

	if (p + 1 >= len || s[p] != ',' || !is_digit(s[p + 1]))
		return 0;
	for (q = p + 1; q < len && is_digit(s[q]); q++)
		;
	if (q - p - 1 > 2)
		return 0;
	if (q < len && s[q] == ' ')
		q++;
	for (i = 0; after[i]; i++) {
		n = strlen(after[i]);
		if (q + n <= len && !strncmp(s + q, after[i], n) &&
		    (q + n == len || !is_alpha((unsigned char)s[q + n])))
			return 1;
	}
	return 0;
}

static void add_digits(struct tok *t, const char *s, size_t n, int decimals)
{
	size_t i;

	for (i = 0; i < n; i++) {
		t->mant = t->mant * 10 + (s[i] - '0');
		if (decimals)
			t->dp++;
		else
			t->intdigits++;
	}
}

/* Read a figure starting at text[pos] into t; return the end. */
static size_t lex_number(const struct lexed *lx, size_t pos, size_t len, int space_groups,
                         struct tok *t)
{
	const char *s = lx->text;
	size_t p = pos, w;
	int dot_grouped = 0;

	while (p < len && is_digit(s[p]))
		p++;
	add_digits(t, s + pos, p - pos, 0);
	if (t->intdigits <= 3) {
		if (group_at(s, p, len, ',')) {
			for (; group_at(s, p, len, ','); p += 4)
				add_digits(t, s + p + 1, 3, 0);
			t->grouped = 1;
		} else if (group_at(s, p, len, '.') &&
		           (group_at(s, p + 4, len, '.') || !lx->other_decimal)) {
			for (; group_at(s, p, len, '.'); p += 4)
				add_digits(t, s + p + 1, 3, 0);
			t->grouped = dot_grouped = 1;
		} else if (space_groups && space_group_at(s, p, len)) {
			while ((w = space_group_at(s, p, len)) > 0) {
				add_digits(t, s + p + w, 3, 0);
				p += w + 3;
			}
			t->grouped = 1;
		}
	}
	if (!t->grouped && t->intdigits <= 3 && decimal_comma_at(s, p, len)) {
		size_t q = ++p; /* "1,5 million", "2,5%" */

		while (p < len && is_digit(s[p]))
			p++;
		add_digits(t, s + q, p - q, 1);
		return p;
	}
	if (!dot_grouped && p + 1 < len && s[p] == '.' && is_digit(s[p + 1])) {
		size_t q = ++p;

		while (p < len && is_digit(s[p]))
			p++;
		add_digits(t, s + q, p - q, 1);
		while (p + 1 < len && s[p] == '.' && is_digit(s[p + 1])) {
			t->dotted = 1;
			for (p++; p < len && is_digit(s[p]); p++)
				;
		}
	}
	return p;
}

static int word_eq(const struct lexed *lx, size_t i, const char *w, size_t wlen)
{
	const struct tok *t;
	size_t k;

	if (i >= lx->n || lx->tok[i].kind != TOK_WORD)
		return 0;
	t = &lx->tok[i];
	if (t->end - t->start != wlen)
		return 0;
	for (k = 0; k < wlen; k++)
		if (to_lower((unsigned char)lx->text[t->start + k]) != w[k])
			return 0;
	return 1;
}

/* Token i is the word w (lowercase ASCII), in any case. */
static int is_word(const struct lexed *lx, size_t i, const char *w)
{
	return word_eq(lx, i, w, strlen(w));
}

static int is_sym(const struct lexed *lx, size_t i, int32_t c)
{
	return i < lx->n && lx->tok[i].kind == TOK_SYM && lx->tok[i].sym == c;
}

static int is_num(const struct lexed *lx, size_t i)
{
	return i < lx->n && lx->tok[i].kind == TOK_NUM;
}

static int is_kind(const struct lexed *lx, size_t i, int kind)
{
	return i < lx->n && lx->tok[i].kind == kind;
}

/* Token i exists and touches the token before it. */
static int adjacent(const struct lexed *lx, size_t i)
{
	return i > 0 && i < lx->n && !lx->tok[i].space;
}

/* The index in a NULL-terminated list of the word at token i, or -1. */
static int word_in(const struct lexed *lx, size_t i, const char *const *list)
{
	int k;

	if (i >= lx->n || lx->tok[i].kind != TOK_WORD)
		return -1;
	for (k = 0; list[k]; k++)
		if (is_word(lx, i, list[k]))
			return k;
	return -1;
}

static int32_t normalise_sym(int32_t cp)
{
	switch (cp) {
	case 0x2010:
	case 0x2011:
	case 0x2012:
	case 0x2013:
	case 0x2212:
	case 0xFE63:
	case 0xFF0D:
		return '-';
	case 0x2014:
	case 0x2015:
		return SYM_EMDASH;
	case 0x2018:
	case 0x2019:
	case 0x201A:
	case 0x201B:
	case 0x2032:
	case '`':
		return '\'';
	case 0x201C:
	case 0x201D:
	case 0x201E:
	case 0x201F:
	case 0x00AB:
	case 0x00BB:
	case 0x2033:
		return '"';
	default:
		return cp;
	}
}

static int is_month(const struct lexed *lx, size_t i);
static int may_space_group(const struct lexed *lx);

/* Cut the text into tokens. Returns 0 or CT_ERROR (out of memory). */
static int lex(struct lexed *lx, const char *text)
{
	size_t len = strlen(text), pos = 0;
	int space = 1, line = 1;

	lx->text = text;
	lx->other_decimal = find_other_decimal(text, len);
	while (pos < len) {
		struct tok t;
		int32_t cp;
		size_t n = ct_utf8_decode(&cp, text + pos, len - pos); /* an invalid byte: a symbol */
		utf8proc_category_t cat;

		cat = utf8proc_category(cp);
		if (cp == ' ' || (cp >= '\t' && cp <= '\r') || cat == UTF8PROC_CATEGORY_ZS ||
		    cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP) {
			space = 1;
			if (cp != ' ' && cp != '\t' && cat != UTF8PROC_CATEGORY_ZS)
				line = 1;
			pos += (size_t)n;
			continue;
		}
		if (cat == UTF8PROC_CATEGORY_CF) { /* soft hyphen, zero-width space: invisible */
			pos += (size_t)n;
			continue;
		}
		memset(&t, 0, sizeof(t));
		t.start = pos;
		t.space = space;
		t.line = line;
		if (is_digit(cp)) {
			t.kind = TOK_NUM;
			pos = lex_number(lx, pos, len, may_space_group(lx), &t);
		} else if (ct_token_classify(cp, CT_TOKEN_VALUE) == CT_TOKEN_WORD) {
			t.kind = TOK_WORD;
			t.cap = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
			pos = ct_token_word_end(text, pos, len, CT_TOKEN_VALUE);
		} else {
			t.kind = TOK_SYM;
			t.sym = normalise_sym(cp);
			pos += (size_t)n;
		}
		t.end = pos;
		if (CT_ARRAY_GROW(lx->tok, lx->n, lx->cap, 32) < 0)
			return CT_ERROR;
		lx->tok[lx->n++] = t;
		space = line = 0;
	}
	return 0;
}

/* ------------------------------------------------------------ words */

static const struct numword *numword_at(const struct lexed *lx, size_t i)
{
	const struct numword *w;

	if (!is_kind(lx, i, TOK_WORD))
		return NULL;
	for (w = ct_value_numwords; w->word; w++)
		if (is_word(lx, i, w->word))
			return w;
	return NULL;
}

static int scale_in(const struct lexed *lx, size_t i, const struct scale *list)
{
	for (; list->word; list++)
		if (is_word(lx, i, list->word))
			return list->power;
	return 0;
}

/* The unit of a currency sign, or NULL. */
static const char *currency_sign(int32_t sym)
{
	const struct currency_sign *c;

	for (c = ct_value_currency_signs; c->unit; c++)
		if (c->sym == sym)
			return c->unit;
	return NULL;
}

/*
 * Match a phrase at token i. Its pieces must be consecutive tokens on one
 * line; a piece of letters matches that word in any case, any other piece
 * one symbol ("-" any dash but the em dash). On a match, *next is the token
 * after it.
 */
static int match_phrase(const struct lexed *lx, size_t i, const char *phrase, size_t *next)
{
	const char *p = phrase;
	size_t k = i;

	while (*p) {
		size_t n = strcspn(p, " ");

		if (k >= lx->n || (k > i && lx->tok[k].line))
			return 0;
		if (is_alpha(p[0]) ? !word_eq(lx, k, p, n) : (n != 1 || !is_sym(lx, k, p[0])))
			return 0;
		k++;
		p += n;
		while (*p == ' ')
			p++;
	}
	*next = k;
	return 1;
}

/* The longest phrase of a table at token i: its qualifier, or Q_NONE. */
static enum qual match_table(const struct lexed *lx, size_t i, const struct phrase *table,
                             size_t *next)
{
	enum qual best = Q_NONE;
	size_t end = i, k;
	int32_t first = -1; /* what the first word of a phrase must begin with */

	if (i < lx->n && lx->tok[i].kind == TOK_WORD)
		first = to_lower((unsigned char)lx->text[lx->tok[i].start]);
	else if (i < lx->n && lx->tok[i].kind == TOK_SYM)
		first = lx->tok[i].sym;
	for (; table->words; table++)
		if ((unsigned char)table->words[0] == first && match_phrase(lx, i, table->words, &k) && k > end) {
			best = table->q;
			end = k;
		}
	*next = end;
	return best;
}

static int is_month(const struct lexed *lx, size_t i)
{
	int m;

	if (!is_kind(lx, i, TOK_WORD) || !lx->tok[i].cap)
		return 0;
	if ((m = word_in(lx, i, ct_value_months)) >= 0 || (m = word_in(lx, i, ct_value_month_abbrevs)) >= 0)
		return m + 1;
	if (is_word(lx, i, "sept"))
		return 9;
	return 0;
}

static int is_weekday(const struct lexed *lx, size_t i)
{
	return is_kind(lx, i, TOK_WORD) && lx->tok[i].cap && word_in(lx, i, ct_value_weekdays) >= 0;
}

/* Whether the figure lexed next may take "20 000" groups: not after a month ("June 10 500"). */
static int may_space_group(const struct lexed *lx)
{
	const struct tok *p;

	if (!lx->n)
		return 1;
	p = &lx->tok[lx->n - 1];
	if (p->kind == TOK_NUM || (p->kind == TOK_SYM && (p->sym == '-' || p->sym == ':')))
		return 0;
	return !is_month(lx, lx->n - 1);
}

/* Token i begins a sentence, a line, a quotation or a parenthesis. */
static int sentence_start(const struct lexed *lx, size_t i)
{
	int32_t c;

	if (i == 0 || lx->tok[i].line)
		return 1;
	if (lx->tok[i - 1].kind != TOK_SYM)
		return 0;
	c = lx->tok[i - 1].sym;
	return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '"' || c == '(' ||
	       c == '[' || c == '\'' || c == SYM_EMDASH || c == '-' || c == '*';
}

/* The token after a word and the hyphenated words joined to it ("year-old"). */
static size_t compound_end(const struct lexed *lx, size_t i)
{
	size_t e = i + 1;

	while (is_sym(lx, e, '-') && adjacent(lx, e) && is_kind(lx, e + 1, TOK_WORD) &&
	       adjacent(lx, e + 1))
		e += 2;
	return e;
}

/* ---------------------------------------------------------------- figures */

struct figure {
	size_t t0, t1;        /* its tokens: [t0, t1) */
	double mant;          /* the figure is mant / 10^dp ... */
	int dp;               /* (its digits after the point) ... */
	int scale;            /* ... times 10^scale (a scale word or suffix) ... */
	double mult;          /* ... times mult (a dozen, half a) */
	double value;         /* the result */
	int percent;          /* 1: percent; 2: percentage points */
	const char *currency; /* the unit a sign or a code gives, or NULL */
	size_t unit_tok;      /* a unit written against it ("5km"), or NO_TOK */
	int digits;           /* written in digits */
	int intdigits;        /* digits: how many before the point */
	int yearish;          /* four plain digits from 1000 to 2999 */
	int one;              /* the word "one" alone */
	const char *vague;    /* the qualifier of a plural that states no figure ("dozens") */
	double lo, hi;        /* a vague figure's interval [lo, hi) */
};

static void figure_value(struct figure *f)
{
	f->value = scaled(f->mant, f->dp, f->scale) * f->mult;
}

/* "%", "percent", "per cent", "pct", "percentage points" at token j. */
static int read_percent(const struct lexed *lx, size_t j, int *percent, size_t *next)
{
	if (is_sym(lx, j, '%') || is_word(lx, j, "percent") || is_word(lx, j, "pct")) {
		*percent = 1;
		*next = j + 1;
	} else if (is_word(lx, j, "per") && is_word(lx, j + 1, "cent")) {
		*percent = 1;
		*next = j + 2;
	} else if (is_word(lx, j, "percentage") &&
	           (is_word(lx, j + 1, "point") || is_word(lx, j + 1, "points"))) {
		*percent = 2;
		*next = j + 2;
	} else {
		return 0;
	}
	return 1;
}

/* Capitalised words that may stand before a figure without naming it. */
static int known_capital(const struct lexed *lx, size_t i)
{
	size_t next;

	return is_month(lx, i) || is_weekday(lx, i) || word_in(lx, i, ct_value_date_preps) >= 0 ||
	       numword_at(lx, i) || match_table(lx, i, ct_value_pre_qualifiers, &next) != Q_NONE;
}

/*
 * Whether the digits at token k belong to a name or a label rather than count
 * anything: "A320", "COVID-19", "#3", "Article 5", "No. 10", and a plain
 * integer after a capitalised word inside a sentence ("Boeing 737").
 */
static int name_before(const struct lexed *lx, size_t k)
{
	const struct tok *p, *t = &lx->tok[k];

	if (k == 0)
		return 0;
	p = &lx->tok[k - 1];
	if (adjacent(lx, k)) {
		if (p->kind == TOK_WORD)
			return 1;
		if (p->kind == TOK_SYM && (p->sym == '#' || p->sym == 0x2116))
			return 1;
		if (p->kind == TOK_SYM && p->sym == '-' && k >= 2 && adjacent(lx, k - 1) &&
		    lx->tok[k - 2].kind == TOK_WORD && !numword_at(lx, k - 2))
			return 1;
	}
	if (word_in(lx, k - 1, ct_value_labels) >= 0)
		return 1;
	if (p->kind == TOK_SYM && p->sym == '.' && k >= 2 && adjacent(lx, k - 1) &&
	    (word_in(lx, k - 2, ct_value_labels) >= 0 || is_word(lx, k - 2, "no")))
		return 1;
	return p->kind == TOK_WORD && p->cap && !t->grouped && t->dp == 0 &&
	       !sentence_start(lx, k - 1) && !known_capital(lx, k - 1);
}

/* Token c, a figure, is followed by a dash and another figure, all touching. */
static int dash_link_at(const struct lexed *lx, size_t c)
{
	return is_sym(lx, c + 1, '-') && adjacent(lx, c + 1) && is_num(lx, c + 2) &&
	       adjacent(lx, c + 2);
}

/*
 * Read a figure written in digits at token k. Returns 1, or 0 when there is
 * none; *skip is then moved past tokens that must not be read again (the
 * rest of a time, a slashed date, a name).
 */
static int read_digits(const struct lexed *lx, size_t k, struct figure *f, size_t *skip,
                       int after_sign)
{
	const struct tok *t = &lx->tok[k];
	size_t j = k + 1, c;
	int power, links;

	if (t->dotted || !isfinite(t->mant)) { /* a version, a dotted date, a digit string */
		*skip = k + 1;
		return 0;
	}
	if (is_sym(lx, j, ':') && adjacent(lx, j) && is_num(lx, j + 1) && adjacent(lx, j + 1)) {
		*skip = j + 2; /* a time: 10:30 */
		return 0;
	}
	if ((is_sym(lx, j, '/') && adjacent(lx, j) && is_num(lx, j + 1) && adjacent(lx, j + 1)) ||
	    (k > 0 && is_sym(lx, k - 1, '/') && adjacent(lx, k))) {
		while (is_sym(lx, j, '/') && adjacent(lx, j) && is_num(lx, j + 1))
			j += 2; /* 24/7, 10/06/2024, 1/3 */
		*skip = j;
		return 0;
	}
	if (!after_sign && name_before(lx, k)) {
		*skip = k + 1;
		return 0;
	}
	/* three figures joined by dashes or more: a phone number, a code */
	for (c = k, links = 0; dash_link_at(lx, c); c += 2)
		links++;
	if (links >= 2) {
		*skip = c + 1;
		return 0;
	}
	f->digits = 1;
	f->mant = t->mant;
	f->dp = t->dp;
	f->intdigits = t->intdigits;
	f->mult = 1;
	f->yearish =
	    !t->grouped && t->dp == 0 && t->intdigits == 4 && t->mant >= 1000 && t->mant <= 2999;
	if (is_kind(lx, j, TOK_WORD) && adjacent(lx, j)) {
		/* a suffix written against the figure */
		const struct tok *s = &lx->tok[j];

		if (is_word(lx, j, "st") || is_word(lx, j, "nd") || is_word(lx, j, "rd") ||
		    is_word(lx, j, "th") || is_word(lx, j, "s") || is_word(lx, j, "am") ||
		    is_word(lx, j, "pm")) {
			*skip = j + 1; /* an ordinal, a decade, a time */
			return 0;
		}
		if ((power = scale_in(lx, j, ct_value_scale_suffixes)) > 0) {
			f->scale = power;
		} else if (is_word(lx, j, "pc")) {
			f->percent = 1;
		} else if (word_in(lx, j, ct_value_attached_units) >= 0 ||
		           ((is_word(lx, j, "g") || is_word(lx, j, "l")) && !s->cap)) {
			f->unit_tok = j;
		} else {
			*skip = j + 1; /* a name: 4G, 3D */
			return 0;
		}
		j++;
	} else if (((is_word(lx, j, "a") || is_word(lx, j, "p")) && is_sym(lx, j + 1, '.') &&
	            is_word(lx, j + 2, "m")) ||
	           ((is_word(lx, j, "am") || is_word(lx, j, "pm")) && !lx->tok[j].cap &&
	            t->dp == 0 && t->mant <= 12 && !is_kind(lx, j + 1, TOK_WORD))) {
		*skip = j + 1; /* 9 a.m., 9 pm */
		return 0;
	} else if (is_word(lx, j, "hundred")) {
		f->scale = 2;
		j++;
		if ((power = scale_in(lx, j, ct_value_scale_words)) > 0) {
			f->scale += power;
			j++;
		}
	} else if ((power = scale_in(lx, j, ct_value_scale_words)) > 0) {
		f->scale = power;
		j++;
	} else if (is_word(lx, j, "dozen")) {
		f->mult = 12;
		j++;
	}
	figure_value(f);
	if (!f->percent)
		read_percent(lx, j, &f->percent, &j);
	if (!f->currency && is_kind(lx, j, TOK_SYM) && currency_sign(lx->tok[j].sym) &&
	    lx->tok[j].sym != '$') {
		f->currency = currency_sign(lx->tok[j].sym); /* 5 € */
		j++;
	}
	f->t1 = j;
	return 1;
}

static int read_vague(const struct lexed *lx, size_t k, struct figure *f)
{
	const struct vague *v;
	size_t j;

	for (v = ct_value_vagues; v->first; v++)
		if (is_word(lx, k, v->first) &&
		    (v->second ? is_word(lx, k + 1, "of") && is_word(lx, k + 2, v->second)
		               : !v->before_of || is_word(lx, k + 1, "of")))
			break;
	f->t1 = k + (v->second ? 3 : 1);
	if (!v->first) {
		if (is_word(lx, k, "several"))
			j = k + 1;
		else if (is_word(lx, k, "a") && is_word(lx, k + 1, "few"))
			j = k + 2;
		else
			return 0;
		for (v = ct_value_several; v->first && !is_word(lx, j, v->first); v++)
			;
		if (!v->first)
			return 0;
		f->t1 = j + 1;
	}
	f->vague = v->name;
	f->lo = f->mant = f->value = v->lo;
	f->hi = v->hi;
	f->mult = 1;
	return 1;
}

/* Read a figure in words at token k: "twenty-five", "a million", "half a dozen", "dozens". */
static int read_words(const struct lexed *lx, size_t k, struct figure *f)
{
	const struct numword *w;
	double total = 0, cur = 0, last_scale = INFINITY;
	int last = W_NONE;
	size_t j = k, end = k;

	if (read_vague(lx, k, f))
		return 1;
	f->mult = 1;
	if ((is_word(lx, k, "a") || is_word(lx, k, "an")) && (w = numword_at(lx, k + 1)) &&
	    w->cls >= W_HUNDRED) {
		last = W_A;
		cur = 1;
		j = k + 1;
	} else if (is_word(lx, k, "half") && is_word(lx, k + 1, "a") &&
	           (w = numword_at(lx, k + 2)) && w->cls >= W_HUNDRED) {
		last = W_A;
		cur = 1;
		f->mult = 0.5;
		j = k + 2;
	}
	while ((w = numword_at(lx, j)) != NULL && (j == k || !lx->tok[j].line)) {
		int ok;

		switch (w->cls) {
		case W_UNIT:
			ok = last == W_NONE || (last == W_TENS && w->value > 0) ||
			     last == W_HUNDRED || last == W_SCALE;
			break;
		case W_TEEN:
		case W_TENS:
			ok = last == W_NONE || last == W_HUNDRED || last == W_SCALE;
			break;
		case W_HUNDRED:
			ok = last == W_A || last == W_UNIT || last == W_TEEN;
			break;
		case W_SCALE:
			ok = last != W_NONE && last != W_SCALE && last != W_DOZEN &&
			     w->value < last_scale;
			break;
		default: /* W_DOZEN */
			ok = last == W_A || last == W_UNIT || last == W_TEEN || last == W_TENS;
			break;
		}
		if (!ok || (w->value == 0 && last != W_NONE))
			break;
		if (w->cls == W_HUNDRED || w->cls == W_DOZEN) {
			cur = (cur ? cur : 1) * w->value;
		} else if (w->cls == W_SCALE) {
			total += (cur ? cur : 1) * w->value;
			cur = 0;
			last_scale = w->value;
		} else {
			cur += w->value;
		}
		last = w->cls;
		end = j + 1;
		if (w->value == 0)
			break;
		/* what may join the next word: a hyphen ("twenty-five"), "and" after a hundred */
		if (is_sym(lx, end, '-') && adjacent(lx, end) && adjacent(lx, end + 1) &&
		    numword_at(lx, end + 1))
			j = end + 1;
		else if (is_word(lx, end, "and") && (last == W_HUNDRED || last == W_SCALE) &&
		         (w = numword_at(lx, end + 1)) != NULL && w->cls <= W_TENS && w->value > 0)
			j = end + 1;
		else
			j = end;
	}
	if (last == W_NONE || last == W_A)
		return 0;
	f->mant = total + cur;
	f->value = f->mant * f->mult;
	f->one = end == k + 1 && f->value == 1;
	f->t1 = end;
	read_percent(lx, end, &f->percent, &f->t1);
	return 1;
}

/* A currency sign or code at token k: its unit, and the token after it in *next. */
static const char *currency_prefix(const struct lexed *lx, size_t k, size_t *next)
{
	const struct currency *c;

	if (is_kind(lx, k, TOK_SYM) && currency_sign(lx->tok[k].sym)) {
		*next = k + 1;
		return currency_sign(lx->tok[k].sym);
	}
	if (word_in(lx, k, ct_value_dollar_prefixes) >= 0 && lx->tok[k].cap && is_sym(lx, k + 1, '$') &&
	    adjacent(lx, k + 1)) {
		*next = k + 2;
		return "dollars";
	}
	for (c = ct_value_currency_codes; c->code; c++)
		if (is_word(lx, k, c->code) && lx->tok[k].cap && is_num(lx, k + 1)) {
			*next = k + 1;
			return c->unit;
		}
	return NULL;
}

/* Read a figure at token k: money, digits or words. See read_digits for *skip. */
static int read_figure(const struct lexed *lx, size_t k, struct figure *f, size_t *skip)
{
	const char *currency;
	size_t j;

	memset(f, 0, sizeof(*f));
	f->t0 = k;
	f->unit_tok = NO_TOK;
	if (k >= lx->n)
		return 0;
	if ((currency = currency_prefix(lx, k, &j)) != NULL) {
		if (!is_num(lx, j) || !read_digits(lx, j, f, skip, 1))
			return 0;
		f->t0 = k;
		f->currency = currency;
		f->yearish = 0;
		return 1;
	}
	if (lx->tok[k].kind == TOK_NUM)
		return read_digits(lx, k, f, skip, 0);
	if (lx->tok[k].kind == TOK_WORD)
		return read_words(lx, k, f);
	return 0;
}

/* Token i begins a figure (used to tell "or more" from "or more than 20"). */
static int figure_starts(const struct lexed *lx, size_t i)
{
	size_t j;

	return is_num(lx, i) || numword_at(lx, i) || currency_prefix(lx, i, &j) ||
	       ((is_word(lx, i, "a") || is_word(lx, i, "an")) && numword_at(lx, i + 1));
}

/* A post qualifier at token k, when what follows does not make it a comparison. */
static enum qual match_post(const struct lexed *lx, size_t k, size_t *next)
{
	enum qual q = match_table(lx, k, ct_value_post_qualifiers, next);

	if (q == Q_NONE || figure_starts(lx, *next) || is_word(lx, *next, "than") ||
	    is_word(lx, *next, "of"))
		return Q_NONE;
	if ((is_word(lx, k, "plus") || is_word(lx, k, "odd")) && is_kind(lx, *next, TOK_WORD) &&
	    lx->tok[*next].cap)
		return Q_NONE; /* "5m plus VAT" */
	if (is_sym(lx, k, '+') && !adjacent(lx, k))
		return Q_NONE;
	return q;
}

/* "possibly even more" further on in the clause that starts at token k. */
static int match_remote(const struct lexed *lx, size_t k, size_t *next)
{
	size_t j;

	for (j = k; j < lx->n && j < k + 8; j++) {
		const struct tok *t = &lx->tok[j];

		if (j > k && t->line)
			return 0;
		if (t->kind == TOK_NUM || numword_at(lx, j))
			return 0;
		if (t->kind == TOK_SYM && t->sym != ',' && t->sym != '-' && t->sym != SYM_EMDASH)
			return 0;
		if (match_table(lx, j, ct_value_remote_qualifiers, next) != Q_NONE &&
		    !is_word(lx, *next, "than"))
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ units */

enum { U_STOP, U_NOUN, U_CAP, U_ADJ, U_FRACTION };

static int ends_with(const struct lexed *lx, size_t i, const char *suffix, size_t min_len)
{
	const struct tok *t = &lx->tok[i];
	size_t n = strlen(suffix), len = t->end - t->start, k;

	if (len < min_len || len < n)
		return 0;
	for (k = 0; k < n; k++)
		if (to_lower((unsigned char)lx->text[t->end - n + k]) != suffix[k])
			return 0;
	return 1;
}

static int unit_class(const struct lexed *lx, size_t i)
{
	if (word_in(lx, i, ct_value_fraction_words) >= 0)
		return U_FRACTION;
	if (numword_at(lx, i) || is_month(lx, i) || is_weekday(lx, i) ||
	    word_in(lx, i, ct_value_unit_stops) >= 0 || scale_in(lx, i, ct_value_scale_words))
		return U_STOP;
	if (word_in(lx, i, ct_value_unit_adjectives) >= 0)
		return U_ADJ;
	if (lx->tok[i].cap)
		return U_CAP;
	if (ends_with(lx, i, "ed", 4) || ends_with(lx, i, "ing", 5) || ends_with(lx, i, "ly", 4))
		return U_ADJ;
	return U_NOUN;
}

/* The unit ending at token `last` is a plural noun ("people", "households"). */
static int looks_plural(const struct lexed *lx, size_t last)
{
	return word_in(lx, last, ct_value_irregular_plurals) >= 0 ||
	       (ends_with(lx, last, "s", 3) && !ends_with(lx, last, "ss", 3));
}

/*
 * Find what a figure counts, from token k: the first noun, past adjectives
 * and capitalised words ("dozens of Western governments"); a capitalised word
 * is the unit when no noun follows it ("20,000 Americans"). `of_ok` lets a
 * vague figure skip "of" ("dozens of"); `plural` (the figure is not 1) lets a
 * noun before a plural noun give way to it. Returns 1 with [*u0, *u1), 0 when
 * there is none, -1 when the figure is a fraction ("two thirds").
 */
static int find_unit(const struct lexed *lx, size_t k, int of_ok, int plural, size_t *u0,
                     size_t *u1)
{
	size_t j = k, c0 = 0, c1 = 0, e;
	int step, have = 0;

	if (of_ok && is_word(lx, j, "of") && !lx->tok[j].line)
		j += is_word(lx, j + 1, "the") ? 2 : 1;
	for (step = 0; step < 4 && is_kind(lx, j, TOK_WORD) && !lx->tok[j].line; step++) {
		e = compound_end(lx, j);
		switch (unit_class(lx, j)) {
		case U_FRACTION:
			return step == 0 && j == k ? -1 : (have ? (*u0 = c0, *u1 = c1, 1) : 0);
		case U_STOP:
			step = 4;
			continue;
		case U_NOUN:
			/* a noun before a plural noun qualifies it: "intelligence agencies" */
			while (plural && !ends_with(lx, e - 1, "s", 1) &&
			       is_kind(lx, e, TOK_WORD) && !lx->tok[e].line &&
			       unit_class(lx, e) == U_NOUN && looks_plural(lx, e)) {
				j = e;
				e = compound_end(lx, e);
			}
			*u0 = j;
			*u1 = e;
			return 1;
		case U_CAP:
			c0 = j;
			c1 = e;
			have = 1;
			break;
		default:
			break;
		}
		j = e;
	}
	if (!have)
		return 0;
	*u0 = c0;
	*u1 = c1;
	return 1;
}

/* -------------------------------------------------------------- readings */

/* What was read at one place of the text, before it becomes a ct_value. */
struct reading {
	int kind;
	size_t t0, t1;         /* the tokens of its text: [t0, t1) */
	const char *qualifier; /* normalised, static */
	const char *unit;      /* a unit by name, or NULL ... */
	size_t u0, u1;         /* ... its tokens (u0 == u1: no unit) */
	double number, min, max;
	int min_open, max_open;
	int year, month, day;
	size_t next; /* where reading resumes */
};

/* A bound of a qualifier's interval around x (struct qualifier). */
static double bound(int tenths, double x)
{
	if (tenths == BOUND_INF)
		return INFINITY;
	if (tenths == 10)
		return x; /* not x * 10 / 10, which may round */
	if (tenths == 0)
		return 0;
	return x * tenths / 10;
}

/* The interval that qualifier q gives around the figure x (see value.h). */
static void qualify(enum qual q, double x, double *lo, int *lo_open, double *hi, int *hi_open)
{
	const struct qualifier *t = &ct_value_qualifiers[q];

	*lo = bound(t->lo, x);
	*lo_open = t->lo_open;
	*hi = bound(t->hi, x);
	*hi_open = t->hi_open;
}

/*
 * Whether figure b can close a range opened by a ("2 to 3 million", "10-12%",
 * "£2m-£3m"); a takes b's scale, percent and currency when it has none.
 */
static int range_fits(struct figure *a, struct figure *b)
{
	struct figure t = *a;

	if (a->vague || b->vague)
		return 0;
	if (!t.scale && b->scale && t.mant / pow10_table[t.dp] <= b->mant / pow10_table[b->dp]) {
		t.scale = b->scale;
		figure_value(&t);
	}
	if (!t.percent)
		t.percent = b->percent;
	if (!t.currency)
		t.currency = b->currency;
	if (!b->currency)
		b->currency = t.currency;
	if (t.value > b->value)
		return 0;
	*a = t;
	return 1;
}

/*
 * Read a quantity at token i: qualifiers, figure, range, unit, trailing
 * qualifier. Returns 1 with r filled; 0 when there is none, with *skip the
 * token to go on from.
 */
static int quantity_at(const struct lexed *lx, size_t i, struct reading *r, size_t *skip)
{
	struct figure a, b;
	enum qual q = Q_NONE, got, post = Q_NONE;
	size_t j = i, k, t0, t1, next, u0 = 0, u1 = 0, ignored;
	int between = 0, from = 0, range = 0, hyphen = 0, yearspan = 0, n, found;
	const char *unit = NULL;
	double lo, hi, lo2, hi2;
	int lo_open, hi_open, lo2_open, hi2_open;

	*skip = i + 1;
	memset(&b, 0, sizeof(b));
	for (n = 0; n < 3 && (got = match_table(lx, j, ct_value_pre_qualifiers, &next)) != Q_NONE; n++) {
		if (got == Q_BETWEEN)
			between = 1;
		else if (got == Q_FROM)
			from = 1;
		else if (q == Q_NONE || q == Q_EXACT)
			q = got;
		j = next;
	}
	/* an article before a hyphenated figure: "a 50-person unit" */
	if (j == i && (is_word(lx, j, "a") || is_word(lx, j, "an")) && is_num(lx, j + 1))
		j++;
	if (!read_figure(lx, j, &a, skip)) {
		if (*skip <= i)
			*skip = i + 1;
		return 0;
	}
	t0 = j > i && (q != Q_NONE || between || from) ? i : a.t0;
	t1 = k = a.t1;

	/* "50-person", "20,000-plus", "60-odd" */
	if (a.digits && !a.percent && !a.currency && a.unit_tok == NO_TOK && is_sym(lx, k, '-') &&
	    adjacent(lx, k) && is_kind(lx, k + 1, TOK_WORD) && adjacent(lx, k + 1) &&
	    !numword_at(lx, k + 1) && !is_month(lx, k + 1)) {
		if (is_word(lx, k + 1, "plus") || is_word(lx, k + 1, "odd")) {
			post = is_word(lx, k + 1, "plus") ? Q_AT_LEAST : Q_ABOUT;
			t1 = k = k + 2;
		} else {
			size_t e = compound_end(lx, k + 1);

			if (word_in(lx, k + 1, ct_value_fraction_words) >= 0) {
				*skip = e;
				return 0;
			}
			u0 = k + 1;
			u1 = t1 = k = e;
			hyphen = 1;
		}
	}
	if (!hyphen && post == Q_NONE && (got = match_post(lx, k, &next)) != Q_NONE) {
		post = got;
		t1 = k = next;
	}
	/* a range: "between two and six", "10 to 12", "10-12", "two or three" */
	if (!hyphen && post == Q_NONE && !a.vague) {
		int conn = is_word(lx, k, "to") ||
		           (is_sym(lx, k, '-') && !is_sym(lx, k + 1, '-')) ||
		           (is_sym(lx, k, SYM_EMDASH) && adjacent(lx, k) && adjacent(lx, k + 1)) ||
		           (between ? is_word(lx, k, "and") : (!from && is_word(lx, k, "or")));

		if (conn && read_figure(lx, k + 1, &b, &ignored)) {
			if (range_fits(&a, &b)) {
				range = 1;
				t1 = k = b.t1;
			} else if (a.yearish && b.digits && b.intdigits <= 2 &&
			           is_sym(lx, k, '-')) {
				yearspan = 1; /* "2019-20" */
				k = b.t1;
			} else if (is_sym(lx, k, '-') && a.digits && b.digits && !a.currency &&
			           !a.percent) {
				*skip = b.t1; /* a score: "won 3-2" */
				return 0;
			}
		}
	}
	if (between && !range)
		return 0;
	if (from && !range && q == Q_NONE)
		t0 = a.t0; /* "from 4,500 households": a preposition */
	/* a ratio: "one in five", "4 out of 10" */
	if (!range &&
	    (is_word(lx, k, "in") || (is_word(lx, k, "out") && is_word(lx, k + 1, "of")))) {
		size_t c = is_word(lx, k, "in") ? k + 1 : k + 2;

		if (read_figure(lx, c, &b, &ignored) && !b.vague && !b.yearish && !b.currency) {
			*skip = b.t1;
			return 0;
		}
	}
	/* the unit */
	if (a.percent) {
		unit = a.percent == 2 ? "percentage points" : "percent";
	} else if (range && b.percent) {
		unit = b.percent == 2 ? "percentage points" : "percent";
	} else if (a.currency) {
		unit = a.currency;
	} else if (hyphen) {
		/* read above */
	} else if (a.unit_tok != NO_TOK || (range && b.unit_tok != NO_TOK)) {
		u0 = range && b.unit_tok != NO_TOK ? b.unit_tok : a.unit_tok;
		u1 = u0 + 1;
	} else if (word_in(lx, k, ct_value_currency_words) >= 0 && !lx->tok[k].line) {
		u0 = k; /* "300,000 pounds": part of the text */
		u1 = t1 = k = k + 1;
	} else if (!yearspan) {
		found = find_unit(lx, k, a.vague != NULL, a.value != 1, &u0, &u1);
		if (found < 0) {
			*skip = k + 1;
			return 0;
		}
		if (found > 0)
			k = u1;
		else
			u0 = u1 = 0;
	}
	/* "20,000 victims or more" */
	if (post == Q_NONE && u1 > u0 && u1 == k && (got = match_post(lx, k, &next)) != Q_NONE) {
		post = got;
		t1 = k = next;
	}
	/* "..., possibly even more" */
	if ((post == Q_NONE || post == Q_AT_LEAST) && !yearspan && match_remote(lx, k, &next)) {
		if (post == Q_NONE)
			post = Q_AT_LEAST;
		t1 = k = next;
	}
	if ((q == Q_NONE || q == Q_EXACT) && post != Q_NONE)
		q = post;

	/* a year is not a quantity, unless it counts something plural ("2000 people") */
	if (a.yearish && (!range || b.yearish) && q == Q_NONE && !unit && a.scale == 0 &&
	    a.mant >= 1900 && a.mant <= 2099 &&
	    (yearspan || u0 == u1 || !looks_plural(lx, u1 - 1) ||
	     (a.t0 > 0 && (word_in(lx, a.t0 - 1, ct_value_determiners) >= 0 ||
	                   word_in(lx, a.t0 - 1, ct_value_date_preps) >= 0)))) {
		*skip = a.t0 == i ? k : i + 1;
		return 0;
	}
	/* "one" as a pronoun ("one of them", "no one"), or with nothing counted */
	if (a.one && !range && q == Q_NONE) {
		static const char *const one_after[] = {
		    "no",   "any",   "every", "each",    "the", "this",
		    "that", "which", "such",  "another", NULL,
		};
		static const char *const one_units[] = {
		    "day",  "time",    "point",   "way",   "thing",   "side",
		    "hand", "morning", "evening", "night", "another", NULL,
		};

		if (u0 == u1 || (a.t0 > 0 && word_in(lx, a.t0 - 1, one_after) >= 0) ||
		    word_in(lx, u0, one_units) >= 0)
			return 0;
	}

	memset(r, 0, sizeof(*r));
	r->kind = CT_VALUE_QUANTITY;
	r->t0 = t0;
	r->t1 = t1;
	r->unit = unit;
	r->u0 = u0;
	r->u1 = u1;
	r->next = k;
	r->number = a.value;
	if (a.vague) {
		r->qualifier = a.vague;
		r->min = a.lo;
		r->max = a.hi;
		r->max_open = 1;
		return 1;
	}
	qualify(q, a.value, &lo, &lo_open, &hi, &hi_open);
	if (range) {
		qualify(q, b.value, &lo2, &lo2_open, &hi2, &hi2_open);
		hi = hi2;
		hi_open = hi2_open;
	}
	r->qualifier =
	    range && (q == Q_NONE || q == Q_EXACT) ? ct_value_qualifiers[Q_BETWEEN].name
	                                          : ct_value_qualifiers[q].name;
	r->min = lo;
	r->min_open = lo_open;
	r->max = hi;
	r->max_open = hi_open;
	return 1;
}

/* A day of the month at token k ("12", "12th"): its value, and *next. */
static int read_day(const struct lexed *lx, size_t k, size_t *next)
{
	const struct tok *t;

	if (!is_num(lx, k))
		return 0;
	t = &lx->tok[k];
	if (t->grouped || t->dp || t->dotted || t->intdigits > 2 || t->mant < 1 || t->mant > 31)
		return 0;
	*next = k + 1;
	if (adjacent(lx, k + 1) && (is_word(lx, k + 1, "st") || is_word(lx, k + 1, "nd") ||
	                            is_word(lx, k + 1, "rd") || is_word(lx, k + 1, "th")))
		*next = k + 2;
	else if (adjacent(lx, k + 1) && (is_kind(lx, k + 1, TOK_WORD) || is_sym(lx, k + 1, ':')))
		return 0;
	return (int)t->mant;
}

/* A year at token k: four plain digits, nothing written against them. */
static int read_year(const struct lexed *lx, size_t k)
{
	const struct tok *t;

	if (!is_num(lx, k))
		return 0;
	t = &lx->tok[k];
	if (t->grouped || t->dp || t->dotted || t->intdigits != 4 || t->mant < 1000 ||
	    t->mant > 2999)
		return 0;
	if (adjacent(lx, k + 1) &&
	    (is_kind(lx, k + 1, TOK_WORD) || is_sym(lx, k + 1, ':') || is_sym(lx, k + 1, '/')))
		return 0;
	return (int)t->mant;
}

/* A month name at token k, with the point of an abbreviation: its number, and *next. */
static int read_month(const struct lexed *lx, size_t k, size_t *next)
{
	int m = is_month(lx, k);

	if (!m)
		return 0;
	*next = k + 1;
	if (word_in(lx, k, ct_value_months) < 0 && is_sym(lx, k + 1, '.') && adjacent(lx, k + 1))
		*next = k + 2;
	return m;
}

/* "-12", " to 12", " and 12" after a day or a year: the token after it, or k. */
static size_t span_tail(const struct lexed *lx, size_t k, int year)
{
	if ((is_sym(lx, k, '-') || is_word(lx, k, "to") || is_word(lx, k, "and")) &&
	    is_num(lx, k + 1)) {
		const struct tok *t = &lx->tok[k + 1];

		if (!t->grouped && !t->dp &&
		    (year ? (t->intdigits == 2 || t->intdigits == 4)
		          : (t->intdigits <= 2 && t->mant <= 31)))
			return k + 2;
	}
	return k;
}

/*
 * Read the body of a date at token k ("12 August 2025", "June 10, 2024",
 * "2024-06-10", "August 2025"). Returns 1 with the fields and *end; 0 when
 * there is none; -1 for a "YYYY-MM-DD" that does not exist (*end past it).
 */
static int read_date_body(const struct lexed *lx, size_t k, int *y, int *m, int *d, size_t *end)
{
	size_t j, after;
	int day, month, year;

	*y = *m = *d = 0;
	/* 2024-06-10 */
	if (is_num(lx, k) && lx->tok[k].intdigits == 4 && !lx->tok[k].grouped && !lx->tok[k].dp &&
	    is_sym(lx, k + 1, '-') && adjacent(lx, k + 1) && is_num(lx, k + 2) &&
	    adjacent(lx, k + 2) && lx->tok[k + 2].intdigits == 2 && is_sym(lx, k + 3, '-') &&
	    adjacent(lx, k + 3) && is_num(lx, k + 4) && adjacent(lx, k + 4) &&
	    lx->tok[k + 4].intdigits == 2 && !lx->tok[k + 2].dp && !lx->tok[k + 4].dp) {
		year = (int)lx->tok[k].mant;
		month = (int)lx->tok[k + 2].mant;
		day = (int)lx->tok[k + 4].mant;
		*end = k + 5;
		if (year < 1 || day < 1 || day > ct_value_days_in_month(month, year))
			return -1;
		*y = year;
		*m = month;
		*d = day;
		return 1;
	}
	/* 12 August, 12th of August, 10-12 June, then maybe the year */
	if ((day = read_day(lx, k, &j)) > 0) {
		j = span_tail(lx, j, 0);
		if (is_word(lx, j, "of"))
			j++;
		if (!(month = read_month(lx, j, &j)) || day > ct_value_days_in_month(month, 0))
			return 0;
		*m = month;
		*d = day;
	} else if ((month = read_month(lx, k, &j)) > 0) {
		/* August 12, August 12th, June 10-12, August 2025 */
		if ((year = read_year(lx, j)) > 0) {
			*y = year;
			*m = month;
			*end = j + 1;
			return 1;
		}
		if ((day = read_day(lx, j, &j)) <= 0 || day > ct_value_days_in_month(month, 0))
			return 0;
		j = span_tail(lx, j, 0);
		*m = month;
		*d = day;
	} else {
		return 0;
	}
	after = is_sym(lx, j, ',') ? j + 1 : j;
	if ((year = read_year(lx, after)) > 0 && !lx->tok[after].line &&
	    day <= ct_value_days_in_month(*m, year)) {
		*y = year;
		j = after + 1;
	}
	*end = j;
	return 1;
}

/*
 * Read a date at token i. Returns 1 with r filled; 0 when there is none;
 * -1 when tokens up to *skip must not be read (an impossible ISO date).
 */
static int date_at(const struct lexed *lx, size_t i, struct reading *r, size_t *skip)
{
	size_t k = i, end, t0 = i;
	int y, m, d, rc, paren = 0, weekday = 0;

	if (is_weekday(lx, k)) {
		weekday = 1;
		k++;
		if (is_sym(lx, k, '.') && adjacent(lx, k))
			k++;
		if (is_sym(lx, k, ','))
			k++;
		if (is_sym(lx, k, '(')) {
			paren = 1;
			k++;
		}
	}
	rc = read_date_body(lx, k, &y, &m, &d, &end);
	if (rc < 0) {
		*skip = end;
		return -1;
	}
	if (rc == 0 && !weekday && (y = read_year(lx, i)) > 0 && i > 0 &&
	    !(adjacent(lx, i) && lx->tok[i - 1].kind == TOK_WORD)) {
		/* a year after a word that makes it a date */
		int context = word_in(lx, i - 1, ct_value_date_preps) >= 0 ||
		              (is_word(lx, i - 1, "of") && i >= 2 &&
		               word_in(lx, i - 2, ct_value_before_of_year) >= 0) ||
		              (is_sym(lx, i - 1, '-') && adjacent(lx, i) && i >= 2 &&
		               adjacent(lx, i - 1) && word_in(lx, i - 2, ct_value_year_prefixes) >= 0);

		if (context) {
			m = d = 0;
			end = span_tail(lx, i + 1, 1);
			rc = 1;
		}
	}
	if (rc == 0)
		return 0;
	if (paren && is_sym(lx, end, ')'))
		end++;
	else if (paren)
		t0 = k; /* no closing parenthesis: leave the weekday out */
	memset(r, 0, sizeof(*r));
	r->kind = CT_VALUE_DATE;
	r->t0 = t0;
	r->t1 = end;
	r->year = y;
	r->month = m;
	r->day = d;
	r->next = end;
	return 1;
}

/* The value a tokenised text asserts: the first quantity, else the first date. */
static void read_text(const struct lexed *lx, struct reading *out)
{
	struct reading r;
	size_t i = 0, skip;
	int have_date = 0, rc;

	memset(out, 0, sizeof(*out));
	while (i < lx->n) {
		skip = i + 1;
		if ((rc = date_at(lx, i, &r, &skip)) > 0) {
			if (!have_date) {
				*out = r;
				have_date = 1;
			}
			i = r.next;
			continue;
		}
		if (rc == 0 && quantity_at(lx, i, &r, &skip)) {
			*out = r;
			return;
		}
		i = skip > i ? skip : i + 1;
	}
}

/* ------------------------------------------------------------- the values */

/* The unit's tokens, lowercased, dashes as '-'. */
static char *unit_string(const struct lexed *lx, size_t u0, size_t u1)
{
	ct_buf b = CT_BUF_INIT;
	size_t i, k;

	for (i = u0; i < u1; i++) {
		const struct tok *t = &lx->tok[i];

		if (t->kind == TOK_SYM) {
			if (ct_buf_putc(&b, '-') < 0)
				goto oom;
			continue;
		}
		for (k = t->start; k < t->end; k++)
			if (ct_buf_putc(&b, (char)to_lower((unsigned char)lx->text[k])) < 0)
				goto oom;
	}
	return ct_buf_detach(&b, NULL);
oom:
	ct_buf_release(&b);
	return NULL;
}

/* Fill out from a reading; out was initialised. Returns 0 or CT_ERROR (out of memory). */
static int fill_value(ct_value *out, const struct lexed *lx, const struct reading *r)
{
	const char *s = lx->text;

	if (r->kind == CT_VALUE_NONE)
		return 0;
	out->kind = r->kind;
	out->text =
	    ct_memdup(s + lx->tok[r->t0].start, lx->tok[r->t1 - 1].end - lx->tok[r->t0].start);
	out->qualifier =
	    ct_memdup(r->qualifier ? r->qualifier : "", r->qualifier ? strlen(r->qualifier) : 0);
	if (r->unit)
		out->unit = ct_memdup(r->unit, strlen(r->unit));
	else if (r->u1 > r->u0)
		out->unit = unit_string(lx, r->u0, r->u1);
	else
		out->unit = ct_memdup("", 0);
	if (!out->text || !out->qualifier || !out->unit) {
		ct_value_release(out);
		return ct_error_oom();
	}
	out->number = r->number;
	out->min = r->min;
	out->max = r->max;
	out->min_open = r->min_open;
	out->max_open = r->max_open;
	out->year = r->year;
	out->month = r->month;
	out->day = r->day;
	return 0;
}

int ct_value_parse(ct_value *out, const char *text)
{
	struct lexed lx;
	struct reading r;
	int error;

	ct_value_init(out);
	memset(&lx, 0, sizeof(lx));
	if ((error = lex(&lx, text ? text : "")) < 0)
		goto done;
	read_text(&lx, &r);
	error = fill_value(out, &lx, &r);
done:
	free(lx.tok);
	return error;
}

int ct_value_parse_strict(ct_value *out, const char *s)
{
	size_t b, e;
	int y, m, d, rc, error;

	ct_value_init(out);
	if (!s)
		s = "";
	for (b = 0; s[b] == ' ' || (s[b] >= '\t' && s[b] <= '\r'); b++)
		;
	for (e = strlen(s); e > b && (s[e - 1] == ' ' || (s[e - 1] >= '\t' && s[e - 1] <= '\r'));
	     e--)
		;
	rc = ct_value_read_date(s + b, e - b, 1000, &y, &m, &d);
	if (rc < 0)
		return ct_error_set(CT_EINVALID, "invalid value '%s'", s);
	if (rc > 0) {
		out->kind = CT_VALUE_DATE;
		out->text = ct_memdup(s + b, e - b);
		out->qualifier = ct_memdup("", 0);
		out->unit = ct_memdup("", 0);
		if (!out->text || !out->qualifier || !out->unit) {
			ct_value_release(out);
			return ct_error_oom();
		}
		out->year = y;
		out->month = m;
		out->day = d;
		return 0;
	}
	if ((error = ct_value_parse(out, s)) < 0)
		return error;
	if (out->kind == CT_VALUE_NONE)
		return ct_error_set(CT_EINVALID, "invalid value '%s'", s);
	return 0;
}

