/* core/text/token.c: what a word is, for each reader of words in the library. */
#include "token.h"
#include "utf8.h"

#include <utf8proc.h>

/* Sets of utf8proc categories, one bit each. */
#define CAT(c) (1u << UTF8PROC_CATEGORY_##c)
#define LETTERS (CAT(LU) | CAT(LL) | CAT(LT) | CAT(LM) | CAT(LO))
#define MARKS (CAT(MN) | CAT(MC) | CAT(ME))
#define NUMBERS (CAT(ND) | CAT(NL) | CAT(NO))

/* Joiners: a character that stays inside a word between two parts of it. */
#define JOIN_APOSTROPHE 1u /* ' or ’ between two letters */
#define JOIN_DECIMAL 2u    /* . or , between two decimal digits */
#define JOIN_INNER 4u      /* ' . , - before a character that starts a word */
/* Wide East Asian letters and numbers are tokens of their own. */
#define WIDE_SOLO 8u

/* A mode's word: the table of token.h. */
static const struct rules {
	uint32_t start; /* categories that start a word (and continue one) */
	uint32_t cont;  /* categories that only continue one */
	unsigned flags; /* JOIN_*, WIDE_SOLO */
} rules[] = {
    [CT_TOKEN_DIFF] = {LETTERS | MARKS | NUMBERS, 0, JOIN_APOSTROPHE | JOIN_DECIMAL},
    [CT_TOKEN_SIMILARITY] = {LETTERS | NUMBERS, MARKS, JOIN_INNER | WIDE_SOLO},
    [CT_TOKEN_CHECK] = {LETTERS | MARKS | NUMBERS, 0, 0},
    [CT_TOKEN_VALUE] = {LETTERS, MARKS, 0},
};

static int ascii_letter(int32_t c)
{
	return (unsigned)((c | 0x20) - 'a') < 26u;
}

static int ascii_digit(int32_t c)
{
	return (unsigned)(c - '0') < 10u;
}

ct_token_class ct_token_classify(int32_t cp, ct_token_mode mode)
{
	const struct rules *r = &rules[mode];
	const utf8proc_property_t *p;
	uint32_t cat;

	if (cp < 0x80) {
		if (ascii_letter(cp) || (ascii_digit(cp) && (r->start & CAT(ND))))
			return CT_TOKEN_WORD;
		return ct_utf8_is_space(cp) ? CT_TOKEN_SPACE : CT_TOKEN_OTHER;
	}
	p = utf8proc_get_property(cp);
	cat = 1u << p->category;
	if (r->start & cat) {
		/* Hangul is wide too, but written with spaces between words. */
		if ((r->flags & WIDE_SOLO) && utf8proc_charwidth(cp) == 2 &&
		    !(p->boundclass >= UTF8PROC_BOUNDCLASS_L && p->boundclass <= UTF8PROC_BOUNDCLASS_LVT))
			return CT_TOKEN_SOLO;
		return CT_TOKEN_WORD;
	}
	if (r->cont & cat)
		return CT_TOKEN_MARK;
	return ct_utf8_is_space(cp) ? CT_TOKEN_SPACE : CT_TOKEN_OTHER;
}

/* Whether cp is a letter, or a decimal digit. */
static int is_letter(int32_t cp)
{
	return cp < 0x80 ? ascii_letter(cp) : (int)((LETTERS >> utf8proc_category(cp)) & 1u);
}

static int is_digit(int32_t cp)
{
	return cp < 0x80 ? ascii_digit(cp) : utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

/* Whether the joiner cp between `last` and `next` keeps a word of the mode's rules whole. */
static int joins(const struct rules *r, ct_token_mode mode, int32_t last, int32_t cp, int32_t next)
{
	if ((r->flags & JOIN_APOSTROPHE) && (cp == '\'' || cp == 0x2019) && is_letter(last) &&
	    is_letter(next))
		return 1;
	if ((r->flags & JOIN_DECIMAL) && (cp == '.' || cp == ',') && is_digit(last) &&
	    is_digit(next))
		return 1;
	if ((r->flags & JOIN_INNER) && (cp == '\'' || cp == '.' || cp == ',' || cp == '-') &&
	    ct_token_classify(next, mode) == CT_TOKEN_WORD)
		return 1;
	return 0;
}

size_t ct_token_word_end(const char *s, size_t pos, size_t len, ct_token_mode mode)
{
	const struct rules *r = &rules[mode];
	int digits = (r->start & CAT(ND)) != 0;
	int32_t last, cp, next;
	size_t k, k2;

	pos += ct_utf8_decode(&last, s + pos, len - pos);
	while (pos < len) {
		unsigned char c = (unsigned char)s[pos];
		ct_token_class cls;

		/* Runs of ASCII letters and digits, most of any word, without a call. */
		if (ascii_letter(c) || (digits && ascii_digit(c))) {
			pos++;
			last = c;
			continue;
		}
		k = ct_utf8_decode(&cp, s + pos, len - pos);
		/* Other ASCII (white space, punctuation) ends a word or joins it. */
		cls = c < 0x80 ? CT_TOKEN_OTHER : ct_token_classify(cp, mode);
		if (cls == CT_TOKEN_WORD || cls == CT_TOKEN_MARK) {
			last = cp;
			pos += k;
			continue;
		}
		if (!r->flags || pos + k >= len)
			break;
		k2 = ct_utf8_decode(&next, s + pos + k, len - pos - k);
		if (!joins(r, mode, last, cp, next))
			break;
		last = next;
		pos += k + k2;
	}
	return pos;
}

int ct_token_next_word(size_t *start, size_t *end, const char *s, size_t *pos, size_t len,
                       ct_token_mode mode)
{
	size_t i = *pos;

	while (i < len) {
		int32_t cp;
		size_t n = ct_utf8_decode(&cp, s + i, len - i);

		if (ct_token_classify(cp, mode) == CT_TOKEN_WORD) {
			*start = i;
			*end = *pos = ct_token_word_end(s, i, len, mode);
			return 1;
		}
		i += n;
	}
	*pos = len;
	return 0;
}
