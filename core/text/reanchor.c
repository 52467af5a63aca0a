/* core/text/reanchor.c: locate the quotes of one revision of a source again in the next. */
#include "reanchor.h"
#include "buf.h"
#include "error.h"
#include "segment.h"
#include "text.h"
#include "seqdiff.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ct_change_name(int change)
{
	switch (change) {
	case CT_CHANGE_UNCHANGED:
		return "unchanged";
	case CT_CHANGE_MOVED:
		return "moved";
	case CT_CHANGE_CHANGED:
		return "changed";
	case CT_CHANGE_REMOVED:
		return "removed";
	case CT_CHANGE_ADDED:
		return "added";
	}
	return NULL;
}

int ct_change_parse(const char *name)
{
	int change;

	for (change = CT_CHANGE_UNCHANGED; change <= CT_CHANGE_ADDED; change++)
		if (!strcmp(ct_change_name(change), name))
			return change;
	return -1;
}

/* How a sentence is paired with one of the other text. */
enum { S_NONE, S_ALIGNED, S_MOVED, S_EDITED };

#define NO_GAP UINT32_MAX

/* A sentence's folded form and its map, made when first needed (sentence_fold()). */
typedef struct folded {
	size_t len;  /* bytes in form */
	size_t *map; /* len + 1 offsets into the text, as ct_text_normalize() maps them */
	char form[]; /* the folded form, NUL-terminated */
} folded;

/*
 * A sentence. There are thousands in an article, each touched at least
 * once: the counts are 32 bits (side_init() refuses more sentences), and
 * the folded form is elsewhere.
 */
typedef struct sent {
	size_t start, end; /* bytes in its text (trimmed) */
	uint64_t hash;     /* a hash of its folded form */
	folded *f;         /* NULL until sentence_fold() makes it */
	uint32_t key;      /* its folded form's number: equal exactly for equal forms */
	uint32_t peer;     /* the counterpart's index, unless S_NONE */
	uint32_t gap;      /* the gap it lies in, or NO_GAP on the common subsequence */
	int state;         /* S_* */
} sent;

/*
 * One text and its sentences. Neither the text nor its sentences are kept
 * folded: each sentence is folded once, for a hash, and again (with its
 * map back to the text) only when a citation or a comparison needs it.
 */
typedef struct side {
	const char *text;
	size_t len;
	sent *s;
	size_t n;
	ct_buf scratch; /* a sentence being folded */
} side;

static void side_release(side *x)
{
	size_t i;

	for (i = 0; i < x->n; i++) {
		if (x->s[i].f)
			free(x->s[i].f->map);
		free(x->s[i].f);
	}
	free(x->s);
	ct_buf_release(&x->scratch);
}

/*
 * Fold the sentence text[start, end) into out (its map into *map unless map
 * is NULL; the caller frees it): the bytes that the fold of the whole text
 * (ct_text_normalize()) has for it, and the same map. A sentence follows
 * white space, which the whole text folds to a space: that space absorbs a
 * space the sentence would begin with (after invisible characters).
 */
static int fold_sentence(ct_buf *out, size_t **map, const char *text, size_t start, size_t end)
{
	size_t i;

	if (ct_text_normalize(out, map, text + start, end - start, 0) < 0)
		return CT_ERROR;
	if (start > 0 && out->len && out->ptr[0] == ' ') {
		memmove(out->ptr, out->ptr + 1, out->len);
		out->len--;
		if (map)
			memmove(*map, *map + 1, (out->len + 1) * sizeof(**map));
	}
	if (map)
		for (i = 0; i <= out->len; i++)
			(*map)[i] += start;
	return 0;
}

/* The folded form of sentence k of x and its map, made on first use; NULL when out of memory. */
static const folded *sentence_fold(side *x, size_t k)
{
	sent *s = &x->s[k];
	size_t *map = NULL;

	if (s->f)
		return s->f;
	if (fold_sentence(&x->scratch, &map, x->text, s->start, s->end) < 0)
		return NULL;
	if (!(s->f = malloc(sizeof(*s->f) + x->scratch.len + 1))) {
		free(map);
		ct_error_oom();
		return NULL;
	}
	s->f->len = x->scratch.len;
	s->f->map = map;
	memcpy(s->f->form, x->scratch.ptr, x->scratch.len + 1);
	return s->f;
}

/*
 * The first byte of the folded form of sentence k that comes from text
 * offset `off` or later (flen when none does), into *out.
 * Returns 0, or CT_ERROR when out of memory.
 */
static int folded_at(size_t *out, side *x, size_t k, size_t off)
{
	const folded *f = sentence_fold(x, k);
	size_t lo = 0, hi;

	if (!f)
		return CT_ERROR;
	hi = f->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->map[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	*out = lo;
	return 0;
}

static int side_init(side *x, const char *text, size_t len)
{
	ct_segment *seg = NULL;
	size_t n = 0, i;
	int error;

	memset(x, 0, sizeof(*x));
	ct_buf_init(&x->scratch);
	x->text = text;
	x->len = len;
	if ((error = ct_segment_sentences(&seg, &n, text, len)) < 0)
		goto done;
	if (n >= NO_GAP) {
		error = ct_error_set(CT_EINVALID, "text has too many sentences (%zu)", n);
		goto done;
	}
	if (n && !(x->s = calloc(n, sizeof(*x->s)))) {
		error = ct_error_oom();
		goto done;
	}
	x->n = n;
	for (i = 0; i < n; i++) {
		sent *s = &x->s[i];

		s->start = seg[i].start;
		s->end = seg[i].end;
		s->state = S_NONE;
		s->gap = NO_GAP;
		if ((error = fold_sentence(&x->scratch, NULL, text, s->start, s->end)) < 0)
			goto done;
		s->hash = ct_seqdiff_hash(x->scratch.ptr, x->scratch.len);
	}
done:
	free(seg);
	return error;
}

/* Whether sentence i of x and sentence j of y fold alike, into *equal. Returns 0 or CT_ERROR. */
static int same_fold(int *equal, side *x, size_t i, side *y, size_t j)
{
	const sent *a = &x->s[i], *b = &y->s[j];
	const folded *fa, *fb;

	/* The same bytes fold alike; others (rarely with the same hash) are folded to see. */
	if (a->end - a->start == b->end - b->start &&
	    !memcmp(x->text + a->start, y->text + b->start, a->end - a->start)) {
		*equal = 1;
		return 0;
	}
	if (!(fa = sentence_fold(x, i)) || !(fb = sentence_fold(y, j)))
		return CT_ERROR;
	*equal = fa->len == fb->len && !memcmp(fa->form, fb->form, fa->len);
	return 0;
}

/* A candidate pair of edited versions. */
typedef struct cand {
	double sim;
	size_t dist; /* how far apart their ranks in the gap are */
	size_t i, j;
} cand;

/* The whole alignment of two texts. */
typedef struct align {
	side o, n;
	size_t *anchor; /* per gap: the new offset where its old sentences were */
	size_t *gap_os; /* per gap: its old sentences are [gap_os, gap_oe), */
	size_t *gap_oe; /* consecutive, */
	size_t *gap_ns; /* and its new ones [gap_ns, gap_ne) */
	size_t *gap_ne;
	unsigned char *edited; /* per gap: 1 once its edited versions are paired (step 3) */
	size_t ngaps;
	size_t *ol, *nl; /* step 3's scratch: the unpaired sentences of one gap, */
	cand *cv;        /* and its candidate pairs */
	size_t ccap;     /* entries allocated in cv */
} align;

static void align_release(align *a)
{
	side_release(&a->o);
	side_release(&a->n);
	free(a->anchor);
	free(a->gap_os);
	free(a->gap_oe);
	free(a->gap_ns);
	free(a->gap_ne);
	free(a->edited);
	free(a->ol);
	free(a->nl);
	free(a->cv);
}

static void pair(align *a, size_t i, size_t j, int state)
{
	a->o.s[i].state = a->n.s[j].state = state;
	a->o.s[i].peer = (uint32_t)j;
	a->n.s[j].peer = (uint32_t)i;
}

/*
 * Number the folded forms of the sentences of both sides (sent.key): an
 * open-addressing table of their hashes, each hash checked by same_fold().
 */
static int sentence_keys(align *a)
{
	size_t n = a->o.n + a->n.n, slots = 16, mask, i, nkeys = 0;
	size_t *who = NULL; /* per slot: 1 + the sentence's index over both sides, or 0 */
	int error = 0;

	while (slots < 2 * n)
		slots *= 2;
	if (!(who = calloc(slots, sizeof(*who))))
		return ct_error_oom();
	mask = slots - 1;
	for (i = 0; i < n; i++) {
		side *x = i < a->o.n ? &a->o : &a->n;
		size_t k = i < a->o.n ? i : i - a->o.n, p;
		sent *s = &x->s[k];

		for (p = (size_t)s->hash & mask;; p = (p + 1) & mask) {
			size_t w = who[p];
			side *y;
			int equal;

			if (!w) {
				who[p] = i + 1;
				s->key = (uint32_t)nkeys++;
				break;
			}
			y = w - 1 < a->o.n ? &a->o : &a->n;
			w = w - 1 < a->o.n ? w - 1 : w - 1 - a->o.n;
			if (y->s[w].hash != s->hash)
				continue;
			if ((error = same_fold(&equal, y, w, x, k)) < 0)
				goto done;
			if (equal) {
				s->key = y->s[w].key;
				break;
			}
		}
	}
done:
	free(who);
	return error;
}

/* Step 1: the longest common subsequence of folded sentences, and the gaps. */
static int align_common(align *a)
{
	ct_seqdiff_hunk *h = NULL;
	uint64_t *keys = NULL;
	size_t nh = 0, g, i = 0, j = 0, k;
	int error;

	if ((error = sentence_keys(a)) < 0)
		goto done;
	if (!(keys = malloc((a->o.n + a->n.n + 1) * sizeof(*keys)))) {
		error = ct_error_oom();
		goto done;
	}
	for (k = 0; k < a->o.n; k++)
		keys[k] = a->o.s[k].key;
	for (k = 0; k < a->n.n; k++)
		keys[a->o.n + k] = a->n.s[k].key;
	if ((error = ct_seqdiff_hashes(&h, &nh, keys, a->o.n, keys + a->o.n, a->n.n, 1)) < 0)
		goto done;
	a->anchor = malloc((nh + 1) * sizeof(*a->anchor));
	a->gap_os = malloc((nh + 1) * sizeof(*a->gap_os));
	a->gap_oe = malloc((nh + 1) * sizeof(*a->gap_oe));
	a->gap_ns = malloc((nh + 1) * sizeof(*a->gap_ns));
	a->gap_ne = malloc((nh + 1) * sizeof(*a->gap_ne));
	a->edited = calloc(nh + 1, 1);
	if (!a->anchor || !a->gap_os || !a->gap_oe || !a->gap_ns || !a->gap_ne || !a->edited) {
		error = ct_error_oom();
		goto done;
	}
	a->ngaps = nh;
	for (g = 0; g <= nh; g++) {
		size_t oe = g < nh ? h[g].old_start : a->o.n;

		for (; i < oe; i++, j++)
			pair(a, i, j, S_ALIGNED);
		if (g == nh)
			break;
		a->anchor[g] = j ? a->n.s[j - 1].end : 0;
		a->gap_os[g] = h[g].old_start;
		a->gap_oe[g] = h[g].old_end;
		a->gap_ns[g] = h[g].new_start;
		a->gap_ne[g] = h[g].new_end;
		for (k = h[g].old_start; k < h[g].old_end; k++)
			a->o.s[k].gap = (uint32_t)g;
		for (k = h[g].new_start; k < h[g].new_end; k++)
			a->n.s[k].gap = (uint32_t)g;
		i = h[g].old_end;
		j = h[g].new_end;
	}
done:
	free(h);
	free(keys);
	return error;
}

/* A new sentence off the subsequence: its folded form's number, and its index. */
typedef struct key {
	size_t key, idx;
} key;

static int key_cmp(const void *x, const void *y)
{
	const key *a = x, *b = y;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Step 2: sentences off the subsequence with an equal one elsewhere are moved. */
static int align_moves(align *a)
{
	key *keys = NULL;
	size_t nk = 0, i;

	if (a->n.n && !(keys = malloc(a->n.n * sizeof(*keys))))
		return ct_error_oom();
	for (i = 0; i < a->n.n; i++) {
		if (a->n.s[i].state != S_NONE)
			continue;
		keys[nk].key = a->n.s[i].key;
		keys[nk].idx = i;
		nk++;
	}
	if (nk)
		qsort(keys, nk, sizeof(*keys), key_cmp);
	for (i = 0; i < a->o.n && nk; i++) {
		const sent *s = &a->o.s[i];
		key want = {s->key, 0};
		size_t lo = 0, hi = nk;

		if (s->state != S_NONE)
			continue;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (key_cmp(&keys[mid], &want) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		/* The first new sentence with that form still unpaired, in text order. */
		for (; lo < nk && keys[lo].key == want.key; lo++) {
			if (a->n.s[keys[lo].idx].state == S_NONE) {
				pair(a, i, keys[lo].idx, S_MOVED);
				break;
			}
		}
	}
	free(keys);
	return 0;
}

static int cand_cmp(const void *x, const void *y)
{
	const cand *a = x, *b = y;

	if (a->sim != b->sim)
		return a->sim > b->sim ? -1 : 1;
	if (a->dist != b->dist)
		return a->dist < b->dist ? -1 : 1;
	if (a->i != b->i)
		return a->i < b->i ? -1 : 1;
	return a->j < b->j ? -1 : a->j > b->j;
}

/* Step 3 for gap g: old sentences ol[0,no) and new nl[0,nn), all unpaired. */
static int align_gap_edits(align *a, const size_t *ol, size_t no, const size_t *nl, size_t nn,
                           cand **cv, size_t *ccap)
{
	size_t nc = 0, r, q, band = 0;
	int all = no <= CT_REANCHOR_MAX_PAIRS / (nn ? nn : 1);

	if (!no || !nn)
		return 0;
	/* A wholesale rewrite: compare each old sentence with the new ones of about its rank. */
	if (!all && !(band = CT_REANCHOR_MAX_PAIRS / (2 * no)))
		band = 1;
	for (r = 0; r < no; r++) {
		const sent *so = &a->o.s[ol[r]];
		size_t at = r * nn / no, q0 = 0, q1 = nn;

		if (!all) {
			q0 = at > band ? at - band : 0;
			q1 = at + band + 1 < nn ? at + band + 1 : nn;
		}
		for (q = q0; q < q1; q++) {
			const sent *sn = &a->n.s[nl[q]];
			double sim = ct_text_similarity(a->o.text + so->start, so->end - so->start,
			                                a->n.text + sn->start, sn->end - sn->start);

			if (sim < 0)
				return CT_ERROR;
			if (sim < CT_REANCHOR_THRESHOLD)
				continue;
			if (CT_ARRAY_GROW(*cv, nc, *ccap, 32) < 0)
				return CT_ERROR;
			(*cv)[nc].sim = sim;
			(*cv)[nc].dist = r > q ? r - q : q - r;
			(*cv)[nc].i = ol[r];
			(*cv)[nc].j = nl[q];
			nc++;
		}
	}
	if (nc)
		qsort(*cv, nc, sizeof(**cv), cand_cmp);
	for (r = 0; r < nc; r++) {
		const cand *c = &(*cv)[r];

		if (a->o.s[c->i].state == S_NONE && a->n.s[c->j].state == S_NONE)
			pair(a, c->i, c->j, S_EDITED);
	}
	return 0;
}

/*
 * Step 3 for gap g, done once and only for the gaps that a citation needs:
 * the pairs of one gap do not depend on any other gap, and comparing every
 * sentence pair of the text (ct_text_similarity() is quadratic in the
 * words) cost more than the rest of the alignment.
 */
static int align_edits(align *a, size_t g)
{
	size_t no = 0, nn = 0, i;

	if (g == NO_GAP || a->edited[g])
		return 0;
	if (!a->ol && !(a->ol = malloc((a->o.n + 1) * sizeof(*a->ol))))
		return ct_error_oom();
	if (!a->nl && !(a->nl = malloc((a->n.n + 1) * sizeof(*a->nl))))
		return ct_error_oom();
	for (i = a->gap_os[g]; i < a->gap_oe[g]; i++)
		if (a->o.s[i].state == S_NONE)
			a->ol[no++] = i;
	for (i = a->gap_ns[g]; i < a->gap_ne[g]; i++)
		if (a->n.s[i].state == S_NONE)
			a->nl[nn++] = i;
	if (align_gap_edits(a, a->ol, no, a->nl, nn, &a->cv, &a->ccap) < 0)
		return CT_ERROR;
	a->edited[g] = 1;
	return 0;
}

static int align_init(align *a, const char *old, size_t oldlen, const char *new, size_t newlen)
{
	int error;

	memset(a, 0, sizeof(*a));
	if ((error = side_init(&a->o, old, oldlen)) < 0 ||
	    (error = side_init(&a->n, new, newlen)) < 0 || (error = align_common(a)) < 0 ||
	    (error = align_moves(a)) < 0)
		return error;
	return 0;
}

/* Where the folded needle f[0,flen) occurs in h[0,hlen) nearest to offset `near`. */
static int find_nearest(size_t *at, const char *h, size_t hlen, const char *f, size_t flen,
                        size_t near)
{
	size_t k, best = SIZE_MAX, bestd = SIZE_MAX;

	if (!flen || flen > hlen)
		return 0;
	for (k = 0; k + flen <= hlen; k++) {
		size_t d;

		if (h[k] != f[0] || memcmp(h + k, f, flen))
			continue;
		d = k > near ? k - near : near - k;
		if (d < bestd) {
			best = k;
			bestd = d;
		}
	}
	if (best == SIZE_MAX)
		return 0;
	*at = best;
	return 1;
}

/* The part of a quote that lies in one old sentence, located in the new text. */
typedef struct piece {
	int change;        /* CT_CHANGE_* */
	size_t start, end; /* in the new text, unless removed */
} piece;

/*
 * Whether the folded part f[0, flen) (of an old sentence) occurs whole in
 * new sentence j; if so (*found set to 1), its byte range in out (the
 * occurrence nearest `near`, a folded offset into the sentence). Returns 0,
 * or CT_ERROR when out of memory.
 */
static int find_in_sentence(piece *out, int *found, align *a, size_t j, const char *f, size_t flen,
                            size_t near)
{
	const folded *fn = sentence_fold(&a->n, j);
	size_t at;

	*found = 0;
	if (!fn)
		return CT_ERROR;
	if (!find_nearest(&at, fn->form, fn->len, f, flen, near))
		return 0;
	out->change = CT_CHANGE_UNCHANGED;
	out->start = fn->map[at];
	out->end = fn->map[at + flen];
	*found = 1;
	return 0;
}

/* Scratch space for locate_piece(). */
typedef struct scratch {
	ct_buf quote; /* the part, NUL-terminated */
	ct_buf fq;    /* the part, folded with case */
	ct_buf fs;    /* a new sentence, folded with case */
} scratch;

/*
 * Whether the part (in s->fq, folded with case) occurs in new sentence j
 * folded with case; if so, its byte range in out, as a changed part.
 */
static int find_folding_case(piece *out, const align *a, size_t j, scratch *s, int *found)
{
	const sent *sn = &a->n.s[j];
	size_t *map = NULL, at;

	*found = 0;
	if (ct_text_normalize(&s->fs, &map, a->n.text + sn->start, sn->end - sn->start, 1) < 0)
		return CT_ERROR;
	if (find_nearest(&at, s->fs.ptr, s->fs.len, s->fq.ptr, s->fq.len, 0)) {
		out->change = CT_CHANGE_CHANGED;
		out->start = sn->start + map[at];
		out->end = sn->start + map[at + s->fq.len];
		*found = 1;
	}
	free(map);
	return 0;
}

/* Whether new sentence j may hold the words of a part of old sentence so. */
static int candidate(const align *a, const sent *so, size_t j)
{
	int st = a->n.s[j].state;

	return (st == S_NONE || st == S_EDITED) && !(so->state == S_EDITED && j == so->peer);
}

/*
 * Locate the part old[ps,pe) of a quote, which lies in old sentence k.
 *
 * A part of an edited sentence, or of one left without a counterpart, whose
 * folded words still occur whole in the sentence's counterpart or in another
 * new sentence of the same gap that is not a moved one (a sentence split in
 * two, or merged into its neighbour) is unchanged: the same words, still at
 * their place among the aligned sentences. When they occur there only once
 * case is folded too ("It holds" in "... and it holds"), the part is changed,
 * to that passage. Otherwise the part of an edited sentence is changed (its
 * nearest passage there), and the part of a sentence without counterpart is
 * removed.
 */
static int locate_piece(piece *out, align *a, size_t k, size_t ps, size_t pe, scratch *s)
{
	const sent *so = &a->o.s[k], *sn;
	const folded *fo, *fn;
	size_t fa, fb, j, g = so->gap;
	size_t rs, re;
	int found;
	double sim;

	out->change = CT_CHANGE_REMOVED;
	out->start = out->end = 0;
	if (folded_at(&fa, &a->o, k, ps) < 0 || folded_at(&fb, &a->o, k, pe) < 0)
		return CT_ERROR;
	fo = so->f;
	if (so->state == S_ALIGNED || so->state == S_MOVED) {
		/* Equal folded sentences: the part sits at the same folded offsets. */
		if (!(fn = sentence_fold(&a->n, so->peer)))
			return CT_ERROR;
		out->change = so->state == S_ALIGNED ? CT_CHANGE_UNCHANGED : CT_CHANGE_MOVED;
		out->start = fn->map[fa];
		out->end = fn->map[fb];
		return 0;
	}
	/* Only now that a citation needs the gap are its edited versions paired. */
	if (align_edits(a, g) < 0)
		return CT_ERROR;
	if (so->state == S_EDITED) {
		if (find_in_sentence(out, &found, a, so->peer, fo->form + fa, fb - fa, fa) < 0)
			return CT_ERROR;
		if (found)
			return 0;
	}
	for (j = a->gap_ns[g]; j < a->gap_ne[g]; j++) {
		if (!candidate(a, so, j))
			continue;
		if (find_in_sentence(out, &found, a, j, fo->form + fa, fb - fa, 0) < 0)
			return CT_ERROR;
		if (found)
			return 0;
	}
	ct_buf_reset(&s->quote);
	if (ct_buf_put(&s->quote, a->o.text + ps, pe - ps) < 0 ||
	    ct_text_normalize(&s->fq, NULL, a->o.text + ps, pe - ps, 1) < 0)
		return CT_ERROR;
	if (so->state == S_EDITED) {
		if (find_folding_case(out, a, so->peer, s, &found) < 0)
			return CT_ERROR;
		if (found)
			return 0;
	}
	for (j = a->gap_ns[g]; j < a->gap_ne[g]; j++) {
		if (!candidate(a, so, j))
			continue;
		if (find_folding_case(out, a, j, s, &found) < 0)
			return CT_ERROR;
		if (found)
			return 0;
	}
	if (so->state != S_EDITED)
		return 0;
	sn = &a->n.s[so->peer];
	sim = ct_text_nearest(&rs, &re, a->n.text + sn->start, sn->end - sn->start, s->quote.ptr);
	if (sim < 0)
		return CT_ERROR;
	out->change = CT_CHANGE_CHANGED;
	out->start = sn->start + rs;
	out->end = sn->start + re;
	if (rs == re) {
		out->start = sn->start;
		out->end = sn->end;
	}
	return 0;
}

/*
 * The folded form of text[s, e) of side x as the fold of the whole text has
 * it (the bytes from offsets s to e), into out; s and e lie within
 * sentences (s on a character of one, e after one): the sentences' folded
 * forms, cut at s and e, with a space for the white space between two.
 */
static int fold_range(ct_buf *out, side *x, size_t s, size_t e)
{
	size_t lo = 0, hi = x->n, k;

	ct_buf_reset(out);
	/* The first sentence that ends after s. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->s[mid].end <= s)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = lo; k < x->n && x->s[k].start < e; k++) {
		const sent *t = &x->s[k];
		const folded *f = sentence_fold(x, k);
		size_t a = 0, b;

		if (!f)
			return CT_ERROR;
		b = f->len;
		if (s > t->start && folded_at(&a, x, k, s) < 0)
			return CT_ERROR;
		if (e < t->end && folded_at(&b, x, k, e) < 0)
			return CT_ERROR;
		if (k > lo && !(out->len && out->ptr[out->len - 1] == ' ') &&
		    ct_buf_putc(out, ' ') < 0)
			return CT_ERROR;
		if (ct_buf_put(out, f->form + a, b - a) < 0)
			return CT_ERROR;
	}
	return 0;
}

/* Whether old[os,oe) and new[ns,ne) fold alike, into *equal. Returns 0 or CT_ERROR. */
static int fold_equal(int *equal, align *a, size_t os, size_t oe, size_t ns, size_t ne, scratch *sc)
{
	*equal = 0;
	if (fold_range(&sc->fq, &a->o, os, oe) < 0 || fold_range(&sc->fs, &a->n, ns, ne) < 0)
		return CT_ERROR;
	*equal = sc->fq.len == sc->fs.len && !memcmp(sc->fq.ptr, sc->fs.ptr, sc->fq.len);
	return 0;
}

/* Trim [*s,*e) of text to its first and last non-space characters; 0 when blank. */
static int trim(const char *text, size_t *s, size_t *e)
{
	size_t a = *s, b = *e, k;

	while (a < b && (k = ct_segment_space_len(text + a, b - a)))
		a += k;
	b = ct_segment_space_start(text, a, b);
	*s = a;
	*e = b;
	return a < b;
}

/* Classify one citation whose quote is old[qs,qe) (trimmed). */
static int reanchor_one(ct_reanchor_out *out, align *a, size_t qs, size_t qe, scratch *sc)
{
	size_t lo = 0, hi = a->o.n, k, first = SIZE_MAX;
	size_t counts[CT_CHANGE_ADDED] = {0, 0, 0, 0}, nparts = 0;
	size_t rs = SIZE_MAX, re = 0, fs = 0, le = 0;
	int ordered = 1, equal = 0;
	double sim;

	out->change = CT_CHANGE_REMOVED;
	out->start = out->end = 0;
	out->similarity = 0;
	/* The first sentence that ends after the quote starts. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->o.s[mid].end <= qs)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = lo; k < a->o.n && a->o.s[k].start < qe; k++) {
		const sent *s = &a->o.s[k];
		size_t ps = qs > s->start ? qs : s->start, pe = qe < s->end ? qe : s->end;
		piece p;

		if (locate_piece(&p, a, k, ps, pe, sc) < 0)
			return CT_ERROR;
		if (first == SIZE_MAX)
			first = k;
		counts[p.change]++;
		nparts++;
		if (p.change == CT_CHANGE_REMOVED)
			continue;
		if (rs != SIZE_MAX && p.start < le)
			ordered = 0;
		if (rs == SIZE_MAX)
			fs = p.start;
		rs = rs == SIZE_MAX || p.start < rs ? p.start : rs;
		re = p.end > re ? p.end : re;
		le = p.end;
	}
	if (first == SIZE_MAX || counts[CT_CHANGE_REMOVED] == nparts) {
		/* Nothing left: point at the place of the first sentence. */
		if (first != SIZE_MAX && a->o.s[first].gap != NO_GAP)
			out->start = out->end = a->anchor[a->o.s[first].gap];
		return 0;
	}
	if (ordered &&
	    (counts[CT_CHANGE_UNCHANGED] == nparts || counts[CT_CHANGE_MOVED] == nparts)) {
		if (fold_equal(&equal, a, qs, qe, fs, re, sc) < 0)
			return CT_ERROR;
	}
	if (equal) {
		out->change = counts[CT_CHANGE_MOVED] ? CT_CHANGE_MOVED : CT_CHANGE_UNCHANGED;
		out->start = fs;
		out->end = re;
		out->similarity = 1;
		return 0;
	}
	sim = ct_text_similarity(a->o.text + qs, qe - qs, a->n.text + rs, re - rs);
	if (sim < 0)
		return CT_ERROR;
	out->change = CT_CHANGE_CHANGED;
	out->start = rs;
	out->end = re;
	out->similarity = sim;
	return 0;
}

/*
 * The range of citation i in the old text: its own, or where `exact` is when
 * the range does not hold it.
 */
static int citation_range(size_t *qs, size_t *qe, const char *old, size_t oldlen,
                          const ct_reanchor_in *c, size_t i)
{
	ct_anchor found;
	char name[64];
	int error;

	if (c->start > c->end || c->end > oldlen)
		return ct_error_set(
		    CT_EINVALID,
		    "citation %zu: range %zu-%zu lies outside the old text (%zu bytes)", i,
		    c->start, c->end, oldlen);
	*qs = c->start;
	*qe = c->end;
	if (c->exact && (strlen(c->exact) != c->end - c->start ||
	                 memcmp(c->exact, old + c->start, c->end - c->start))) {
		snprintf(name, sizeof(name), "old revision of citation %zu", i);
		if ((error = ct_anchor_find(&found, old, oldlen, c->exact, c->prefix, c->suffix,
		                            c->start, name)) < 0)
			return error;
		*qs = found.start;
		*qe = found.end;
		ct_anchor_release(&found);
	}
	if (!trim(old, qs, qe))
		return ct_error_set(CT_EINVALID, "citation %zu: quote is blank", i);
	return 0;
}

int ct_reanchor(ct_reanchor_out *out, const char *old, size_t oldlen, const char *new,
                size_t newlen, const ct_reanchor_in *cites, size_t n)
{
	align a;
	scratch sc = {CT_BUF_INIT, CT_BUF_INIT, CT_BUF_INIT};
	size_t i, qs = 0, qe = 0;
	int error = 0, same = oldlen == newlen && (!oldlen || !memcmp(old, new, oldlen));

	memset(&a, 0, sizeof(a));
	if (!n)
		return 0;
	if (!same && (error = align_init(&a, old, oldlen, new, newlen)) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		if ((error = citation_range(&qs, &qe, old, oldlen, &cites[i], i)) < 0)
			goto done;
		if (same) {
			out[i].change = CT_CHANGE_UNCHANGED;
			out[i].start = qs;
			out[i].end = qe;
			out[i].similarity = 1;
			continue;
		}
		if ((error = reanchor_one(&out[i], &a, qs, qe, &sc)) < 0)
			goto done;
	}
done:
	align_release(&a);
	ct_buf_release(&sc.quote);
	ct_buf_release(&sc.fq);
	ct_buf_release(&sc.fs);
	return error;
}
