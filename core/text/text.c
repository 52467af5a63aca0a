/* core/text/text.c: the folded form of text, similarity, and quote anchoring. */
#include "text.h"
#include "token.h"
#include "error.h"
#include "utf8.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Context kept on either side of an anchor, in code points. */
#define CONTEXT_CHARS 32
/* Longest quote or passage shown in a message, in bytes. */
#define DISPLAY_MAX 200
/* Windows that ct_text_nearest() refines. */
#define NEAREST_CANDIDATES 8

/*
 * The fold of quotation marks and dashes, or 0 for any other code point.
 * Dashes come from their Unicode category. Quotation marks need a table:
 * Unicode classes them as initial or final punctuation (and the low-9 ones
 * as opening punctuation) but has no property that tells single from double,
 * which is the fold's target.
 */
static int32_t fold_punct(int32_t cp)
{
	switch (cp) {
	case '`':
	case 0x02BC: /* modifier letter apostrophe */
	case 0x2018:
	case 0x2019:
	case 0x201A:
	case 0x201B:
	case 0x2032: /* prime */
	case 0x2035: /* reversed prime */
	case 0x2039:
	case 0x203A:
	case 0xFF07:
		return '\'';
	case 0x00AB:
	case 0x00BB:
	case 0x201C:
	case 0x201D:
	case 0x201E:
	case 0x201F:
	case 0x2033: /* double prime */
	case 0x2036: /* reversed double prime */
	case 0x301D:
	case 0x301E:
	case 0x301F:
	case 0xFF02:
		return '"';
	case 0x2212: /* minus sign, a math symbol (Sm), not a dash */
		return '-';
	}
	if (cp != '-' && utf8proc_category(cp) == UTF8PROC_CATEGORY_PD)
		return '-';
	return 0;
}

/*
 * Folding state. Combining marks are held back until the next starter (or
 * the end), because canonical ordering sorts each run of them by combining
 * class before it is written.
 */
struct mark {
	int32_t cp;
	int ccc; /* canonical combining class, > 0 */
};

struct folder {
	ct_buf *out;
	size_t *map;   /* NULL when the caller wants no map */
	size_t mapcap; /* entries allocated in map */
	int want_map;
	struct mark *marks; /* the pending run of combining marks */
	size_t nmarks;
	size_t markcap;
	size_t markoff; /* offset in the text of the run's first mark */
};

static int map_reserve(struct folder *f, size_t need)
{
	return CT_ARRAY_RESERVE(f->map, f->mapcap, need, 64);
}

static int put_cp(struct folder *f, int32_t cp, size_t off)
{
	utf8proc_uint8_t enc[4];
	size_t n = (size_t)utf8proc_encode_char(cp, enc), i;

	if (f->want_map) {
		/* One more entry than the bytes, for the final map[len]. */
		if (map_reserve(f, f->out->len + n + 1) < 0)
			return CT_ERROR;
		for (i = 0; i < n; i++)
			f->map[f->out->len + i] = off;
	}
	return ct_buf_put(f->out, enc, n);
}

static int flush_marks(struct folder *f)
{
	size_t i, j;

	if (!f->nmarks)
		return 0;

	/* Canonical ordering: a stable insertion sort by combining class. */
	for (i = 1; i < f->nmarks; i++) {
		struct mark m = f->marks[i];

		for (j = i; j > 0 && f->marks[j - 1].ccc > m.ccc; j--)
			f->marks[j] = f->marks[j - 1];
		f->marks[j] = m;
	}
	for (i = 0; i < f->nmarks; i++)
		if (put_cp(f, f->marks[i].cp, f->markoff) < 0)
			return CT_ERROR;
	f->nmarks = 0;
	return 0;
}

static int push_mark(struct folder *f, int32_t cp, int ccc, size_t off)
{
	if (CT_ARRAY_GROW(f->marks, f->nmarks, f->markcap, 8) < 0)
		return CT_ERROR;
	if (!f->nmarks)
		f->markoff = off;
	f->marks[f->nmarks].cp = cp;
	f->marks[f->nmarks].ccc = ccc;
	f->nmarks++;
	return 0;
}

static int fold_cp(struct folder *f, int32_t cp, size_t off, utf8proc_option_t options)
{
	/* 32 holds any canonical decomposition with case folding (at most 4 or so). */
	utf8proc_int32_t dec[32];
	utf8proc_ssize_t n, i;
	int boundclass = 0;
	int32_t p;

	if (cp < 0x80 && cp != ' ' && (cp < '\t' || cp > '\r')) {
		/* ASCII, most of any text, has no decomposition and no mark. */
		if (cp == '`')
			cp = '\'';
		else if ((options & UTF8PROC_CASEFOLD) && cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (flush_marks(f) < 0)
			return CT_ERROR;
		return put_cp(f, cp, off);
	}
	if (ct_utf8_is_space(cp)) {
		if (flush_marks(f) < 0)
			return CT_ERROR;
		if (f->out->len && f->out->ptr[f->out->len - 1] == ' ')
			return 0;
		return put_cp(f, ' ', off);
	}
	if ((p = fold_punct(cp))) {
		dec[0] = p;
		n = 1;
	} else {
		n = utf8proc_decompose_char(cp, dec, 32, options, &boundclass);
		if (n < 0 || n > 32) {
			dec[0] = 0xFFFD;
			n = 1;
		}
	}
	for (i = 0; i < n; i++) {
		int ccc = utf8proc_get_property(dec[i])->combining_class;

		if (ccc) {
			if (push_mark(f, dec[i], ccc, off) < 0)
				return CT_ERROR;
			continue;
		}
		if (flush_marks(f) < 0 || put_cp(f, dec[i], off) < 0)
			return CT_ERROR;
	}
	return 0;
}

/*
 * Whether the eight ASCII bytes w fold to themselves wherever they stand
 * but after a space: no control character or white space but single
 * spaces, no '`', and with fold_case no capital letter.
 */
static int folds_to_itself(uint64_t w, int fold_case)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	uint64_t spaces = ct_utf8_zero_bytes(w ^ (ones * ' '));
	uint64_t odd = (~(w + ones * 0x60) & high) /* below 0x20 */ |
	               ct_utf8_zero_bytes(w ^ (ones * '`')) | (spaces & (spaces >> 8));

	if (fold_case)
		odd |= (w + ones * 0x3F) & ~(w + ones * 0x25) & high; /* 'A' to 'Z' */
	return !odd;
}

/*
 * Fold the ASCII bytes from text[*at] (no marks pending) as fold_cp() would,
 * up to the first byte that is not ASCII, and advance *at past them. Prose
 * is mostly runs of letters and single spaces, which fold to themselves:
 * those go eight bytes at a time.
 */
static int fold_ascii(struct folder *f, const char *text, size_t *at, size_t len, int fold_case)
{
	size_t i = *at, *m;
	char *base, *p;

	/* Room for the rest of the text, which ASCII never outgrows. */
	if (ct_buf_grow(f->out, len - i) < 0 ||
	    (f->want_map && map_reserve(f, f->out->len + (len - i) + 1) < 0))
		return CT_ERROR;
	base = f->out->ptr;
	p = base + f->out->len;
	m = f->want_map ? f->map : NULL;
	while (i < len) {
		unsigned char c;

		while (len - i >= 8) {
			uint64_t w;
			size_t k;

			memcpy(&w, text + i, 8);
			if ((w & 0x8080808080808080u) || !folds_to_itself(w, fold_case) ||
			    (text[i] == ' ' && p > base && p[-1] == ' '))
				break;
			memcpy(p, &w, 8);
			if (m)
				for (k = 0; k < 8; k++)
					m[(size_t)(p - base) + k] = i + k;
			p += 8;
			i += 8;
		}
		if (i == len || (c = (unsigned char)text[i]) >= 0x80)
			break;
		if (c == ' ' || (unsigned)(c - '\t') < 5u) {
			/* A run of white space is one space, mapped to the run's first character. */
			if (p > base && p[-1] == ' ') {
				i++;
				continue;
			}
			c = ' ';
		} else if (c == '`') {
			c = '\'';
		} else if (fold_case && c >= 'A' && c <= 'Z') {
			c = (unsigned char)(c + ('a' - 'A'));
		}
		if (m)
			m[p - base] = i;
		*p++ = (char)c;
		i++;
	}
	*p = '\0';
	f->out->len = (size_t)(p - base);
	*at = i;
	return 0;
}

int ct_text_normalize(ct_buf *out, size_t **map, const char *text, size_t len, int fold_case)
{
	struct folder f = {out, NULL, 0, map != NULL, NULL, 0, 0, 0};
	utf8proc_option_t options = UTF8PROC_DECOMPOSE | UTF8PROC_IGNORE;
	size_t i = 0, n;
	int32_t cp;
	int error = 0;

	if (map)
		*map = NULL;
	if (fold_case)
		options |= UTF8PROC_CASEFOLD;
	ct_buf_reset(out);
	while (i < len) {
		if (!f.nmarks && (unsigned char)text[i] < 0x80) {
			if ((error = fold_ascii(&f, text, &i, len, fold_case)) < 0)
				goto done;
			continue;
		}
		n = ct_utf8_decode(&cp, text + i, len - i);
		if ((error = fold_cp(&f, cp, i, options)) < 0)
			goto done;
		i += n;
	}
	if ((error = flush_marks(&f)) < 0)
		goto done;
	if (map) {
		if ((error = map_reserve(&f, out->len + 1)) < 0)
			goto done;
		f.map[out->len] = len;
		*map = f.map;
		f.map = NULL;
	}
done:
	free(f.map);
	free(f.marks);
	return error;
}

int ct_text_validate(const char *text, size_t len, const char *name)
{
	return ct_utf8_validate(text, len, name);
}

int ct_text_is_blank(const char *text, size_t len)
{
	size_t i = 0;

	/* An invalid byte decodes as U+FFFD, which is neither. */
	while (i < len) {
		int32_t c;
		size_t n = ct_utf8_decode(&c, text + i, len - i);

		if (!(ct_utf8_is_space(c) || ct_utf8_is_ignorable(c)))
			return 0;
		i += n;
	}
	return 1;
}

/*
 * Tokens, for similarity: a word of token.h's SIMILARITY mode, one wide
 * East Asian character, or one other non-space character with its marks.
 * Offsets are into a folded text.
 */
struct tok {
	size_t start;
	size_t end;
	uint64_t hash; /* FNV-1a of the token's bytes */
};

struct toks {
	struct tok *v;
	size_t n;
	size_t cap;
};

static int push_tok(struct toks *t, const char *s, size_t start, size_t end)
{
	uint64_t h = 14695981039346656037u;
	size_t i;

	if (CT_ARRAY_GROW(t->v, t->n, t->cap, 64) < 0)
		return CT_ERROR;
	for (i = start; i < end; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	t->v[t->n].start = start;
	t->v[t->n].end = end;
	t->v[t->n].hash = h;
	t->n++;
	return 0;
}

static int tokenize(struct toks *t, const char *s, size_t len)
{
	size_t i = 0, start, n;
	int32_t cp;

	while (i < len) {
		ct_token_class cls;

		n = ct_utf8_decode(&cp, s + i, len - i);
		cls = ct_token_classify(cp, CT_TOKEN_SIMILARITY);
		start = i;
		if (cls == CT_TOKEN_SPACE) {
			i += n;
			continue;
		}
		if (cls == CT_TOKEN_WORD) {
			i = ct_token_word_end(s, i, len, CT_TOKEN_SIMILARITY);
		} else {
			/* One other character (or marks with no base) and the marks after it. */
			for (i += n; i < len; i += n) {
				n = ct_utf8_decode(&cp, s + i, len - i);
				if (ct_token_classify(cp, CT_TOKEN_SIMILARITY) != CT_TOKEN_MARK)
					break;
			}
		}
		if (push_tok(t, s, start, i) < 0)
			return CT_ERROR;
	}
	return 0;
}

/*
 * Dense ids for distinct tokens, so that sequences of tokens compare as
 * arrays of ints. Open addressing; the table is at least twice as large as
 * the number of tokens inserted, so probing always ends.
 */
struct slot {
	const char *p; /* NULL: an empty slot */
	size_t len;
	uint64_t hash;
	int id;
};

struct idtab {
	struct slot *slots;
	size_t mask;
	int next;
};

static int idtab_init(struct idtab *t, size_t n)
{
	size_t cap = 16;

	while (cap < 2 * n)
		cap *= 2;
	if (!(t->slots = calloc(cap, sizeof(*t->slots))))
		return ct_error_oom();
	t->mask = cap - 1;
	t->next = 0;
	return 0;
}

/* The id of a token; new tokens get the next id when `insert`, else -1. */
static int idtab_id(struct idtab *t, const char *s, const struct tok *k, int insert)
{
	size_t i = (size_t)k->hash & t->mask, len = k->end - k->start;

	for (;; i = (i + 1) & t->mask) {
		struct slot *sl = &t->slots[i];

		if (!sl->p) {
			if (!insert)
				return -1;
			sl->p = s + k->start;
			sl->len = len;
			sl->hash = k->hash;
			sl->id = t->next++;
			return sl->id;
		}
		if (sl->hash == k->hash && sl->len == len && !memcmp(sl->p, s + k->start, len))
			return sl->id;
	}
}

/* Fold `s` with case folding and split it into tokens; `map` may be NULL. */
static int fold_tokens(ct_buf *folded, size_t **map, struct toks *t, const char *s, size_t len)
{
	if (ct_text_normalize(folded, map, s, len, 1) < 0)
		return CT_ERROR;
	return tokenize(t, folded->ptr, folded->len);
}

/*
 * Length of the longest common subsequence of a[0..na) and b[0..nb),
 * in O(na * nb) time; `row` has room for nb + 1 entries. Ids below 0 match
 * nothing.
 */
static size_t lcs(const int *a, size_t na, const int *b, size_t nb, size_t *row)
{
	size_t i, j;

	memset(row, 0, (nb + 1) * sizeof(*row));
	for (i = 0; i < na; i++) {
		size_t diag = 0; /* row[j - 1] of the previous line */

		for (j = 1; j <= nb; j++) {
			size_t up = row[j];

			if (a[i] >= 0 && a[i] == b[j - 1])
				row[j] = diag + 1;
			else if (row[j - 1] > row[j])
				row[j] = row[j - 1];
			diag = up;
		}
	}
	return row[nb];
}

double ct_text_similarity(const char *a, size_t alen, const char *b, size_t blen)
{
	ct_buf fa = CT_BUF_INIT, fb = CT_BUF_INIT;
	struct toks ta = {NULL, 0, 0}, tb = {NULL, 0, 0};
	struct idtab tab = {NULL, 0, 0};
	int *ia = NULL, *ib = NULL;
	size_t *row = NULL, i;
	double score = -1;

	if (fold_tokens(&fa, NULL, &ta, a, alen) < 0 || fold_tokens(&fb, NULL, &tb, b, blen) < 0)
		goto done;
	if (!ta.n || !tb.n) {
		score = ta.n == tb.n ? 1 : 0;
		goto done;
	}
	if (idtab_init(&tab, ta.n + tb.n) < 0)
		goto done;
	ia = malloc(ta.n * sizeof(*ia));
	ib = malloc(tb.n * sizeof(*ib));
	/* The row runs along the shorter passage. */
	row = malloc(((ta.n < tb.n ? ta.n : tb.n) + 1) * sizeof(*row));
	if (!ia || !ib || !row) {
		ct_error_oom();
		goto done;
	}
	for (i = 0; i < ta.n; i++)
		ia[i] = idtab_id(&tab, fa.ptr, &ta.v[i], 1);
	for (i = 0; i < tb.n; i++)
		ib[i] = idtab_id(&tab, fb.ptr, &tb.v[i], 1);
	if (ta.n < tb.n)
		score = 2.0 * (double)lcs(ib, tb.n, ia, ta.n, row) / (double)(ta.n + tb.n);
	else
		score = 2.0 * (double)lcs(ia, ta.n, ib, tb.n, row) / (double)(ta.n + tb.n);
done:
	ct_buf_release(&fa);
	ct_buf_release(&fb);
	free(ta.v);
	free(tb.v);
	free(tab.slots);
	free(ia);
	free(ib);
	free(row);
	return score;
}

/*
 * The end in the text of a folded range that ends at folded offset `fend`
 * (> 0) on a whole character: map[fend], less any invisible characters
 * (dropped by folding) between the last folded character and it.
 */
static size_t source_end(const char *text, const size_t *map, size_t fend)
{
	size_t e = map[fend];

	while (e > map[fend - 1]) {
		size_t b = ct_utf8_prev(text, 0, e);
		int32_t cp;

		ct_utf8_decode(&cp, text + b, e - b);
		if (!ct_utf8_is_ignorable(cp))
			break;
		e = b;
	}
	return e;
}

/*
 * One step of the LCS of the quote against a growing window of the text:
 * col[k] is LCS(quote[0..k), window); append text token `id` to the window.
 */
static void lcs_step(size_t *col, const int *qid, size_t n, int id)
{
	size_t k, diag = 0;

	for (k = 1; k <= n; k++) {
		size_t up = col[k];

		if (id >= 0 && qid[k - 1] == id)
			col[k] = diag + 1;
		else if (col[k - 1] > col[k])
			col[k] = col[k - 1];
		diag = up;
	}
}

/*
 * Is the window of `len` tokens at token `s` with LCS `l` more similar to a
 * quote of `n` tokens than the window (bs, blen, bl)? Compared in integers,
 * so that equal scores are equal; ties go to the earlier, then the shorter.
 */
static int better(size_t l, size_t s, size_t len, size_t bl, size_t bs, size_t blen, size_t n)
{
	size_t x = l * (n + blen), y = bl * (n + len);

	if (x != y)
		return x > y;
	return s != bs ? s < bs : len < blen;
}

struct window {
	size_t s;   /* first token */
	size_t len; /* tokens */
	size_t l;   /* LCS with the quote */
};

/*
 * Refine a candidate window starting at token i: try the starts within r
 * tokens of i and, for each, every length within r of w (one LCS pass per
 * start gives all the lengths), keeping the best in *best.
 */
static void refine(struct window *best, const int *tid, size_t T, const int *qid, size_t n,
                   size_t i, size_t w, size_t r, size_t *col)
{
	size_t s = i > r ? i - r : 0, s_hi = i + r < T ? i + r : T - 1;
	size_t minlen = w > r ? w - r : 1;

	for (; s <= s_hi; s++) {
		size_t j, jmax = s + w + r < T ? s + w + r : T;

		memset(col, 0, (n + 1) * sizeof(*col));
		for (j = s; j < jmax; j++) {
			size_t len = j + 1 - s;

			lcs_step(col, qid, n, tid[j]);
			if (len >= minlen && (!best->len || better(col[n], s, len, best->l, best->s,
			                                           best->len, n))) {
				best->s = s;
				best->len = len;
				best->l = col[n];
			}
		}
	}
}

/*
 * How many quote tokens lie outside the best alignment of the quote with
 * window tid[s..s+len): *tail after its last matched token, *head before its
 * first. The smallest prefix (suffix) of the quote that still reaches the
 * full LCS tells where that alignment can end (start).
 */
static void unmatched_ends(size_t *head, size_t *tail, const int *tid, size_t s, size_t len,
                           const int *qid, size_t n, size_t *col, int *rev)
{
	size_t j, k, l;

	memset(col, 0, (n + 1) * sizeof(*col));
	for (j = s; j < s + len; j++)
		lcs_step(col, qid, n, tid[j]);
	l = col[n];
	for (k = 0; col[k] < l; k++)
		;
	*tail = n - k;
	for (k = 0; k < n; k++)
		rev[k] = qid[n - 1 - k];
	memset(col, 0, (n + 1) * sizeof(*col));
	for (j = s + len; j > s; j--)
		lcs_step(col, rev, n, tid[j - 1]);
	for (k = 0; col[k] < l; k++)
		;
	*head = n - k;
}

double ct_text_nearest(size_t *start, size_t *end, const char *text, size_t len, const char *quote)
{
	ct_buf ft = CT_BUF_INIT, fq = CT_BUF_INIT;
	size_t *map = NULL, *qcount = NULL, *wcount = NULL, *shared = NULL, *col = NULL;
	struct toks tt = {NULL, 0, 0}, tq = {NULL, 0, 0};
	struct idtab tab = {NULL, 0, 0};
	int *qid = NULL, *tid = NULL, *rev = NULL;
	size_t chosen[NEAREST_CANDIDATES], nchosen = 0;
	struct window best = {0, 0, 0};
	size_t n, T, w, r, radius, i, k, nwin, sh, head, tail;
	double score = -1;

	*start = 0;
	*end = 0;
	if (fold_tokens(&ft, &map, &tt, text, len) < 0 ||
	    fold_tokens(&fq, NULL, &tq, quote, strlen(quote)) < 0)
		goto done;
	if (!tt.n || !tq.n) {
		score = 0;
		goto done;
	}
	n = tq.n;
	T = tt.n;
	w = n < T ? n : T;
	nwin = T - w + 1;
	if (idtab_init(&tab, n) < 0)
		goto done;
	qid = malloc(n * sizeof(*qid));
	rev = malloc(n * sizeof(*rev));
	tid = malloc(T * sizeof(*tid));
	qcount = calloc(n, sizeof(*qcount));
	wcount = calloc(n, sizeof(*wcount));
	shared = malloc(nwin * sizeof(*shared));
	col = malloc((n + 1) * sizeof(*col));
	if (!qid || !rev || !tid || !qcount || !wcount || !shared || !col) {
		ct_error_oom();
		goto done;
	}
	for (k = 0; k < n; k++)
		qcount[qid[k] = idtab_id(&tab, fq.ptr, &tq.v[k], 1)]++;
	for (i = 0; i < T; i++)
		tid[i] = idtab_id(&tab, ft.ptr, &tt.v[i], 0);

	/* Rank every window of w tokens by the tokens it shares with the quote. */
	for (i = 0, sh = 0; i < T; i++) {
		if (tid[i] >= 0 && wcount[tid[i]]++ < qcount[tid[i]])
			sh++;
		if (i >= w && tid[i - w] >= 0 && --wcount[tid[i - w]] < qcount[tid[i - w]])
			sh--;
		if (i + 1 >= w)
			shared[i + 1 - w] = sh;
	}
	/* Keep the best few, each at least half a window from the others. */
	radius = w / 2 ? w / 2 : 1;
	while (nchosen < NEAREST_CANDIDATES) {
		size_t pick = nwin;

		for (i = 0; i < nwin; i++) {
			for (k = 0; k < nchosen; k++)
				if ((i > chosen[k] ? i - chosen[k] : chosen[k] - i) < radius)
					break;
			if (k == nchosen && (pick == nwin || shared[i] > shared[pick]))
				pick = i;
		}
		if (pick == nwin || (nchosen && !shared[pick]))
			break;
		chosen[nchosen++] = pick;
	}

	r = w / 4 < 2 ? 2 : w / 4 > 16 ? 16 : w / 4;
	for (k = 0; k < nchosen; k++)
		refine(&best, tid, T, qid, n, chosen[k], w, r, col);
	if (!best.l) {
		/* Nothing in common: show the opening window. */
		best.s = 0;
		best.len = w;
	} else {
		/* Widen over an edited first or last word of the quote. */
		unmatched_ends(&head, &tail, tid, best.s, best.len, qid, n, col, rev);
		head = head < best.s ? head : best.s;
		tail = tail < T - best.s - best.len ? tail : T - best.s - best.len;
		best.s -= head;
		best.len += head + tail;
		memset(col, 0, (n + 1) * sizeof(*col));
		for (i = best.s; i < best.s + best.len; i++)
			lcs_step(col, qid, n, tid[i]);
		best.l = col[n];
	}
	*start = map[tt.v[best.s].start];
	*end = source_end(text, map, tt.v[best.s + best.len - 1].end);
	score = 2.0 * (double)best.l / (double)(n + best.len);
done:
	ct_buf_release(&ft);
	ct_buf_release(&fq);
	free(map);
	free(tt.v);
	free(tq.v);
	free(tab.slots);
	free(qid);
	free(rev);
	free(tid);
	free(qcount);
	free(wcount);
	free(shared);
	free(col);
	return score;
}

void ct_anchor_release(ct_anchor *a)
{
	if (!a)
		return;
	free(a->exact);
	free(a->prefix);
	free(a->suffix);
	memset(a, 0, sizeof(*a));
}

/*
 * Append `s` as messages show it: each run of white space as one space,
 * none at either end, cut after at most DISPLAY_MAX bytes on a character
 * boundary with "..." added.
 */
static int put_display(ct_buf *b, const char *s, size_t len)
{
	size_t i = 0, n, shown = 0;
	int space = 0;
	int32_t cp;

	while (i < len) {
		n = ct_utf8_decode(&cp, s + i, len - i);
		if (ct_utf8_is_space(cp)) {
			space = shown > 0;
		} else {
			if (shown + space + n > DISPLAY_MAX)
				return ct_buf_puts(b, "...");
			if (space && ct_buf_putc(b, ' ') < 0)
				return CT_ERROR;
			if (ct_buf_put(b, s + i, n) < 0)
				return CT_ERROR;
			shown += space + n;
			space = 0;
		}
		i += n;
	}
	return 0;
}

/*
 * The code point before offset i of folded text s, skipping combining marks
 * back to their base; 0 when there is none after offset `lo`.
 */
static int32_t base_before(const char *s, size_t i, size_t lo)
{
	int32_t cp = 0;

	while (i > lo) {
		size_t b = ct_utf8_prev(s, 0, i);

		ct_utf8_decode(&cp, s + b, i - b);
		if (!ct_utf8_is_mark(cp))
			return cp;
		i = b;
	}
	return 0;
}

/* Letters of a cased script and digits: a match may not cut through a run of them. */
static int is_cased_word(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

/*
 * May folded text t[p,q) be an occurrence? Both ends must fall between two
 * characters of the text (not inside the fold of one, as in the "ss" of "ß"),
 * not before a combining mark, and not inside a word (see ct_anchor_find).
 */
static int is_occurrence(const char *t, size_t tlen, const size_t *map, size_t p, size_t q)
{
	int32_t first, after;

	if (p > 0 && map[p - 1] == map[p])
		return 0;
	if (q < tlen && map[q - 1] == map[q])
		return 0;
	ct_utf8_decode(&first, t + p, tlen - p);
	if (ct_utf8_is_mark(first) || (is_cased_word(first) && is_cased_word(base_before(t, p, 0))))
		return 0;
	if (q < tlen) {
		ct_utf8_decode(&after, t + q, tlen - q);
		if (ct_utf8_is_mark(after) || (is_cased_word(after) && is_cased_word(base_before(t, q, p))))
			return 0;
	}
	return 1;
}

/*
 * Agreement of a folded context hint with the folded text, in characters:
 * backwards from t[0,p) for a prefix, forwards from t[q,tlen) for a suffix,
 * skipping the space next to the match. One more when the whole hint agrees
 * and the text ends there too.
 */
static size_t agree_before(const char *t, size_t p, const char *h, size_t hlen)
{
	size_t score = 0;

	if (p && t[p - 1] == ' ')
		p--;
	while (hlen && p) {
		size_t hb = ct_utf8_prev(h, 0, hlen), tb = ct_utf8_prev(t, 0, p);

		if (hlen - hb != p - tb || memcmp(h + hb, t + tb, hlen - hb))
			return score;
		hlen = hb;
		p = tb;
		score++;
	}
	return score + (!hlen && !p);
}

static size_t agree_after(const char *t, size_t q, size_t tlen, const char *h, size_t hlen)
{
	size_t score = 0, i = 0;
	int32_t cp;

	if (q < tlen && t[q] == ' ')
		q++;
	while (i < hlen && q < tlen) {
		size_t n = ct_utf8_decode(&cp, h + i, hlen - i);

		if (n > tlen - q || memcmp(h + i, t + q, n))
			return score;
		i += n;
		q += n;
		score++;
	}
	return score + (i == hlen && q == tlen);
}

/* Fold `s` and drop the space at its start (`lead`) and/or its end (`trail`). */
static int fold_trimmed(ct_buf *out, const char *s, int fold_case, int lead, int trail)
{
	if (ct_text_normalize(out, NULL, s, strlen(s), fold_case) < 0)
		return CT_ERROR;
	if (trail && out->len && out->ptr[out->len - 1] == ' ')
		out->ptr[--out->len] = '\0';
	if (lead && out->len && out->ptr[0] == ' ') {
		memmove(out->ptr, out->ptr + 1, out->len);
		out->len--;
	}
	return 0;
}

/*
 * Pick one of the `n` occurrences at folded offsets occ[] (each `qlen` bytes
 * long), as ct_anchor_find() documents. Returns its index, or n when the
 * context does not single one out.
 */
static size_t pick_occurrence(const ct_buf *ft, const size_t *map, const size_t *occ, size_t n,
                              size_t qlen, const ct_buf *pre, const ct_buf *suf, size_t hint,
                              size_t *score)
{
	size_t i, best = 0, ties = 0, pick = n, dist = 0;

	if (!pre && !suf)
		return n;
	for (i = 0; i < n; i++) {
		score[i] =
		    (pre ? agree_before(ft->ptr, occ[i], pre->ptr, pre->len) : 0) +
		    (suf ? agree_after(ft->ptr, occ[i] + qlen, ft->len, suf->ptr, suf->len) : 0);
		if (!i || score[i] > best) {
			best = score[i];
			ties = 0;
		}
		if (score[i] == best)
			ties++;
	}
	for (i = 0; i < n; i++) {
		size_t d;

		if (score[i] != best)
			continue;
		if (ties == 1)
			return i;
		if (hint == CT_ANCHOR_NO_HINT)
			return n;
		d = map[occ[i]] > hint ? map[occ[i]] - hint : hint - map[occ[i]];
		if (pick == n || d < dist) {
			pick = i;
			dist = d;
		} else if (d == dist) {
			pick = n + 1; /* equally near: no winner unless a nearer one follows */
		}
	}
	return pick > n ? n : pick;
}

/* Append to occ[] (grown as needed) the folded offsets where fq occurs in ft. */
static int find_occurrences(size_t **occ, size_t *n, const ct_buf *ft, const size_t *map,
                            const ct_buf *fq)
{
	size_t cap = 0, p = 0;
	const char *hit;

	*n = 0;
	while (p + fq->len <= ft->len &&
	       (hit = memchr(ft->ptr + p, fq->ptr[0], ft->len - fq->len - p + 1))) {
		p = (size_t)(hit - ft->ptr);
		if (!memcmp(hit, fq->ptr, fq->len) &&
		    is_occurrence(ft->ptr, ft->len, map, p, p + fq->len)) {
			if (CT_ARRAY_GROW(*occ, *n, cap, 8) < 0)
				return CT_ERROR;
			(*occ)[(*n)++] = p;
		}
		p++;
	}
	return 0;
}

/* Set the CT_ENOTFOUND message, naming the nearest passage. */
static int not_found(const char *text, size_t len, const char *quote, const char *name)
{
	ct_buf msg = CT_BUF_INIT;
	size_t start, end;
	int error;

	if (ct_text_nearest(&start, &end, text, len, quote) < 0)
		return CT_ERROR;
	if ((error = put_display(&msg, text + start, end - start)) == 0)
		error = ct_error_set(CT_ENOTFOUND, "quote not found in '%s'; nearest passage: '%s'",
		                     name, msg.ptr);
	ct_buf_release(&msg);
	return error;
}

static int ambiguous(const char *quote, size_t n, const char *name)
{
	ct_buf msg = CT_BUF_INIT;
	int error;

	if ((error = put_display(&msg, quote, strlen(quote))) == 0)
		error = ct_error_set(
		    CT_EAMBIGUOUS, "quote '%s' occurs %zu times in '%s'; give context to pick one",
		    msg.ptr, n, name);
	ct_buf_release(&msg);
	return error;
}

int ct_anchor_find(ct_anchor *out, const char *text, size_t len, const char *quote,
                   const char *prefix, const char *suffix, size_t hint, const char *name)
{
	ct_buf ft = CT_BUF_INIT, fq = CT_BUF_INIT, fpre = CT_BUF_INIT, fsuf = CT_BUF_INIT;
	size_t *map = NULL, *occ = NULL, *score = NULL;
	size_t nocc = 0, pick = 0, start, end, b, e, i;
	int fold_case, error;
	int32_t cp;

	memset(out, 0, sizeof(*out));
	if ((error = ct_text_validate(text, len, name)) < 0 ||
	    (error = ct_text_validate(quote, strlen(quote), "quote")) < 0 ||
	    (prefix && (error = ct_text_validate(prefix, strlen(prefix), "prefix")) < 0) ||
	    (suffix && (error = ct_text_validate(suffix, strlen(suffix), "suffix")) < 0))
		goto done;
	if (!*quote) {
		error = ct_error_set(CT_EINVALID, "quote is empty");
		goto done;
	}
	if (ct_text_is_blank(quote, strlen(quote))) {
		error = ct_error_set(CT_EINVALID, "quote is blank");
		goto done;
	}

	/* Case-sensitive first; case folding only when that finds nothing. */
	for (fold_case = 0; fold_case < 2; fold_case++) {
		free(map);
		map = NULL;
		if ((error = ct_text_normalize(&ft, &map, text, len, fold_case)) < 0 ||
		    (error = fold_trimmed(&fq, quote, fold_case, 1, 1)) < 0 ||
		    (error = find_occurrences(&occ, &nocc, &ft, map, &fq)) < 0)
			goto done;
		if (nocc)
			break;
	}
	if (!nocc) {
		error = not_found(text, len, quote, name);
		goto done;
	}
	if (nocc > 1) {
		if ((prefix && (error = fold_trimmed(&fpre, prefix, fold_case, 0, 1)) < 0) ||
		    (suffix && (error = fold_trimmed(&fsuf, suffix, fold_case, 1, 0)) < 0))
			goto done;
		if (!(score = malloc(nocc * sizeof(*score)))) {
			error = ct_error_oom();
			goto done;
		}
		pick = pick_occurrence(&ft, map, occ, nocc, fq.len, prefix ? &fpre : NULL,
		                       suffix ? &fsuf : NULL, hint, score);
		if (pick == nocc) {
			error = ambiguous(quote, nocc, name);
			goto done;
		}
	}

	start = map[occ[pick]];
	end = source_end(text, map, occ[pick] + fq.len);
	for (b = start, i = 0; b > 0 && i < CONTEXT_CHARS; i++)
		b = ct_utf8_prev(text, 0, b);
	for (e = end, i = 0; e < len && i < CONTEXT_CHARS; i++)
		e += ct_utf8_decode(&cp, text + e, len - e);
	out->prefix = ct_memdup(text + b, start - b);
	out->suffix = ct_memdup(text + end, e - end);
	out->exact = ct_memdup(text + start, end - start);
	if (!out->prefix || !out->suffix || !out->exact) {
		ct_anchor_release(out);
		error = ct_error_oom();
		goto done;
	}
	out->start = start;
	out->end = end;
done:
	ct_buf_release(&ft);
	ct_buf_release(&fq);
	ct_buf_release(&fpre);
	ct_buf_release(&fsuf);
	free(map);
	free(occ);
	free(score);
	return error;
}
