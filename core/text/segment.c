/* core/text/segment.c: paragraphs and sentences of a text, as byte ranges. */
#include "segment.h"
#include "buf.h"
#include "error.h"
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* A growable array of segments. */
typedef struct seglist {
	ct_segment *v;
	size_t n, cap;
} seglist;

static int seglist_push(seglist *l, size_t start, size_t end, size_t paragraph)
{
	if (CT_ARRAY_GROW(l->v, l->n, l->cap, 32) < 0)
		return CT_ERROR;
	l->v[l->n].start = start;
	l->v[l->n].end = end;
	l->v[l->n].paragraph = paragraph;
	l->n++;
	return 0;
}

/* ASCII white space: space, tab, and the line and page breaks. */
static int ascii_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

size_t ct_segment_space_len(const char *s, size_t len)
{
	int32_t cp;
	size_t n;

	if (!len)
		return 0;
	if ((unsigned char)s[0] < 0x80)
		return ascii_space((unsigned char)s[0]);
	n = ct_utf8_decode(&cp, s, len);
	return ct_utf8_is_space(cp) ? n : 0;
}

size_t ct_segment_space_start(const char *text, size_t lo, size_t end)
{
	while (end > lo) {
		size_t c = end - 1;

		if ((unsigned char)text[c] < 0x80) {
			if (!ascii_space((unsigned char)text[c]))
				break;
			end = c;
			continue;
		}
		c = ct_utf8_prev(text, lo, end);
		if (ct_segment_space_len(text + c, end - c) != end - c)
			break;
		end = c;
	}
	return end;
}

/* Bit 7 of each byte of x set when that byte is 0, and maybe of a few bytes after one that is. */
static uint64_t zero_bytes(uint64_t x)
{
	return (x - 0x0101010101010101u) & ~x & 0x8080808080808080u;
}

size_t ct_segment_skip(const char *text, size_t pos, size_t end)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;

	/* Eight bytes at a time while none of them can be one of those looked for. */
	while (end - pos >= 8) {
		uint64_t w, below;

		memcpy(&w, text + pos, 8);
		if (w & high)
			break;
		/* Mostly letters and spaces: no byte below '@' but spaces, nothing to look at. */
		below = ~(w + ones * 0x40) & high;
		if (below & ~ct_utf8_zero_bytes(w ^ (ones * ' ')) &&
		    (zero_bytes(w ^ (ones * '.')) | zero_bytes(w ^ (ones * '!')) |
		     zero_bytes(w ^ (ones * '?')) | zero_bytes(w ^ (ones * '\n'))) &
		        high)
			break;
		pos += 8;
	}
	for (; pos < end; pos++) {
		unsigned char c = (unsigned char)text[pos];

		if (c >= 0x80 || c == '.' || c == '!' || c == '?' || c == '\n')
			break;
	}
	return pos;
}

/*
 * Trim the line text[pos, lend): its first non-space offset in *first and
 * the end of its last non-space character in *last_end. Returns 0 when the
 * line is blank. Only the white space at either end is read.
 */
static int line_bounds(size_t *first, size_t *last_end, const char *text, size_t pos, size_t lend)
{
	size_t sp, end = lend;

	while (pos < lend) {
		if ((unsigned char)text[pos] < 0x80) {
			if (!ascii_space((unsigned char)text[pos]))
				break;
			pos++;
		} else if ((sp = ct_segment_space_len(text + pos, lend - pos))) {
			pos += sp;
		} else {
			break;
		}
	}
	if (pos == lend)
		return 0;
	end = ct_segment_space_start(text, pos, end);
	*first = pos;
	*last_end = end;
	return 1;
}

/* The end of the line that starts at pos: the offset of its '\n', or len. */
static size_t line_end(const char *text, size_t len, size_t pos)
{
	const char *nl = memchr(text + pos, '\n', len - pos);

	return nl ? (size_t)(nl - text) : len;
}

/*
 * One pass over the lines collects the trimmed non-blank ones (the
 * paragraphs of a text without blank lines), and whether each follows a
 * blank line; a second pass over that list joins them when the text has a
 * blank line between two non-blank ones.
 */
static int paragraphs(seglist *l, const char *text, size_t len)
{
	seglist lines = {NULL, 0, 0};
	size_t pos = 0, i;
	int blank = 0, blank_mode = 0, error = 0;

	while (pos <= len) {
		size_t lend = line_end(text, len, pos), a, b;

		if (line_bounds(&a, &b, text, pos, lend)) {
			/* The paragraph field marks a line that follows a blank line. */
			if ((error = seglist_push(&lines, a, b, (size_t)blank)) < 0)
				goto done;
			blank_mode |= blank && lines.n > 1;
			blank = 0;
		} else {
			blank = 1;
		}
		if (lend == len)
			break;
		pos = lend + 1;
	}
	for (i = 0; i < lines.n; i++) {
		if (blank_mode && i > 0 && !lines.v[i].paragraph) {
			l->v[l->n - 1].end = lines.v[i].end;
			continue;
		}
		if ((error = seglist_push(l, lines.v[i].start, lines.v[i].end, l->n)) < 0)
			goto done;
	}
done:
	free(lines.v);
	return error;
}

int ct_segment_paragraphs(ct_segment **out, size_t *count, const char *text, size_t len)
{
	seglist l = {NULL, 0, 0};

	*out = NULL;
	*count = 0;
	if (paragraphs(&l, text, len) < 0) {
		free(l.v);
		return CT_ERROR;
	}
	*out = l.v;
	*count = l.n;
	return 0;
}

static int is_terminator(int32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == 0x203C ||
	       (cp >= 0x2047 && cp <= 0x2049);
}

/* Closing quotes and brackets that may follow a terminator within its sentence. */
static int is_closer(int32_t cp)
{
	switch (cp) {
	case '"':
	case '\'':
	case ')':
	case ']':
	case '}':
	case 0x2019:
	case 0x201D:
	case 0x2018:
	case 0x201C:
	case 0x00BB:
	case 0x203A:
		return 1;
	}
	return 0;
}

/* Opening quotes and brackets that may precede the first word of a sentence. */
static int is_opener(int32_t cp)
{
	switch (cp) {
	case '"':
	case '\'':
	case '(':
	case '[':
	case '{':
	case 0x2018:
	case 0x201C:
	case 0x201E:
	case 0x201A:
	case 0x00AB:
	case 0x2039:
	case 0x00BF:
	case 0x00A1:
		return 1;
	}
	return 0;
}

/* Abbreviations after which a '.' never ends a sentence (lowercase, dots kept). */
static const char *const titles[] = {
    "mr",   "mrs",  "ms",   "mx",   "dr",  "prof", "rev",    "hon",    "gen", "col",
    "lt",   "maj",  "capt", "cmdr", "adm", "sgt",  "cpl",    "gov",    "sen", "rep",
    "pres", "supt", "insp", "det",  "fr",  "st",   "mt",     "messrs", "mme", "mlle",
    "e.g",  "i.e",  "cf",   "vs",   "viz", "al",   "approx", "ca",
};

/* Abbreviations after which a '.' does not end a sentence when a digit follows. */
static const char *const numbered[] = {
    "no",  "nos", "nr",  "vol", "vols", "fig", "figs", "p",   "pp",   "art", "sec", "ch",  "para",
    "jan", "feb", "mar", "apr", "jun",  "jul", "aug",  "sep", "sept", "oct", "nov", "dec",
};

static int in_list(const char *const *list, size_t n, const char *w)
{
	size_t i;

	/* The first letters first: this runs at every full stop. */
	for (i = 0; i < n; i++)
		if (list[i][0] == w[0] && !strcmp(list[i], w))
			return 1;
	return 0;
}

static int is_ascii_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* "U.S", "E.U", "A": capitals, each alone between dots. */
static int dotted_capitals(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i % 2 == 0 && !(w[i] >= 'A' && w[i] <= 'Z'))
			return 0;
		if (i % 2 == 1 && w[i] != '.')
			return 0;
	}
	return n % 2 == 1;
}

/*
 * Whether the single '.' at `dot` closes an abbreviation that keeps the
 * sentence going; `next` is the first character of the following word.
 */
static int abbreviation_holds(const char *text, size_t pstart, size_t dot, int32_t next)
{
	char w[16];
	size_t b = dot, n, i;

	while (b > pstart && (is_ascii_alpha((unsigned char)text[b - 1]) || text[b - 1] == '.'))
		b--;
	n = dot - b;
	if (!n || n >= sizeof(w))
		return 0;
	/* A word that goes on in a non-ASCII letter or digit before is no abbreviation. */
	if (b > pstart &&
	    ((unsigned char)text[b - 1] >= 0x80 || (text[b - 1] >= '0' && text[b - 1] <= '9')))
		return 0;
	if (dotted_capitals(text + b, n))
		return 1;
	for (i = 0; i < n; i++) {
		char c = text[b + i];

		w[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	w[n] = '\0';
	if (in_list(titles, sizeof(titles) / sizeof(titles[0]), w))
		return 1;
	if (next >= 0 && utf8proc_category(next) == UTF8PROC_CATEGORY_ND &&
	    in_list(numbered, sizeof(numbered) / sizeof(numbered[0]), w))
		return 1;
	return 0;
}

/*
 * The first character of the word at text[r, pe), after any opening quotes
 * or brackets; -1 when there is none.
 */
static int32_t next_word_start(const char *text, size_t r, size_t pe)
{
	int32_t cp;

	while (r < pe) {
		r += ct_utf8_decode(&cp, text + r, pe - r);
		if (!is_opener(cp))
			return cp;
	}
	return -1;
}

/* Sentences of the paragraph text[ps, pe) (trimmed), appended to l. */
static int paragraph_sentences(seglist *l, const char *text, size_t ps, size_t pe, size_t para)
{
	size_t s = ps, pos = ps;

	while ((pos = ct_segment_skip(text, pos, pe)) < pe) {
		int32_t cp, next;
		size_t clen = ct_utf8_decode(&cp, text + pos, pe - pos), q, r, nterm = 0;

		if (!is_terminator(cp)) {
			pos += clen;
			continue;
		}
		q = pos;
		while (q < pe) {
			size_t k = ct_utf8_decode(&cp, text + q, pe - q);

			if (!is_terminator(cp))
				break;
			q += k;
			nterm++;
		}
		while (q < pe) {
			size_t k = ct_utf8_decode(&cp, text + q, pe - q);

			if (!is_closer(cp))
				break;
			q += k;
		}
		if (q == pe)
			break;
		if (!ct_segment_space_len(text + q, pe - q)) {
			pos = q;
			continue;
		}
		/* The paragraph is trimmed, so a non-space character follows. */
		r = q;
		while (r < pe) {
			size_t sp = ct_segment_space_len(text + r, pe - r);

			if (!sp)
				break;
			r += sp;
		}
		next = next_word_start(text, r, pe);
		if ((next >= 0 && utf8proc_category(next) == UTF8PROC_CATEGORY_LL) ||
		    (nterm == 1 && text[pos] == '.' && abbreviation_holds(text, s, pos, next))) {
			pos = q;
			continue;
		}
		if (seglist_push(l, s, q, para) < 0)
			return CT_ERROR;
		s = pos = r;
	}
	if (s < pe && seglist_push(l, s, pe, para) < 0)
		return CT_ERROR;
	return 0;
}

int ct_segment_sentences(ct_segment **out, size_t *count, const char *text, size_t len)
{
	seglist paras = {NULL, 0, 0}, l = {NULL, 0, 0};
	size_t i;
	int error = 0;

	*out = NULL;
	*count = 0;
	if ((error = paragraphs(&paras, text, len)) < 0)
		goto done;
	for (i = 0; i < paras.n; i++)
		if ((error = paragraph_sentences(&l, text, paras.v[i].start, paras.v[i].end, i)) <
		    0)
			goto done;
	*out = l.v;
	*count = l.n;
	l.v = NULL;
done:
	free(paras.v);
	free(l.v);
	return error;
}
