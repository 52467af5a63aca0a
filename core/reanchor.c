/* core/reanchor.c: locate the quotes of one revision of a source again in the next. */
#include "reanchor.h"
#include "buf.h"
#include "error.h"
#include "segment.h"
#include "text.h"
#include "wdiff.h"

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

/* How a sentence is paired with one of the other text. */
enum { S_NONE, S_ALIGNED, S_MOVED, S_EDITED };

#define NO_GAP SIZE_MAX

typedef struct sent {
	size_t start, end; /* bytes in its text (trimmed) */
	size_t fs, fe;     /* the same sentence in the text's folded form */
	int state;         /* S_* */
	size_t peer;       /* the counterpart's index, unless S_NONE */
	size_t gap;        /* the gap it lies in, or NO_GAP on the common subsequence */
} sent;

/* One text, its sentences and its folded form. */
typedef struct side {
	const char *text;
	size_t len;
	sent *s;
	size_t n;
	ct_buf fold;
	size_t *map; /* fold.len + 1 entries: see ct_text_normalize() */
} side;

static void side_release(side *x)
{
	free(x->s);
	ct_buf_release(&x->fold);
	free(x->map);
}

/* The first folded byte that comes from text offset `off` or later. */
static size_t folded_at(const side *x, size_t off)
{
	size_t lo = 0, hi = x->fold.len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->map[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int side_init(side *x, const char *text, size_t len)
{
	ct_segment *seg = NULL;
	size_t n = 0, i;
	int error;

	memset(x, 0, sizeof(*x));
	ct_buf_init(&x->fold);
	x->text = text;
	x->len = len;
	if ((error = ct_segment_sentences(&seg, &n, text, len)) < 0 ||
	    (error = ct_text_normalize(&x->fold, &x->map, text, len, 0)) < 0)
		goto done;
	if (n && !(x->s = calloc(n, sizeof(*x->s)))) {
		error = ct_error_oom();
		goto done;
	}
	x->n = n;
	for (i = 0; i < n; i++) {
		x->s[i].start = seg[i].start;
		x->s[i].end = seg[i].end;
		x->s[i].fs = folded_at(x, seg[i].start);
		x->s[i].fe = folded_at(x, seg[i].end);
		x->s[i].state = S_NONE;
		x->s[i].gap = NO_GAP;
	}
done:
	free(seg);
	return error;
}

/* The folded sentences of a side, one a line. */
static int sentence_lines(ct_buf *out, const side *x)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		if (ct_buf_put(out, x->fold.ptr + x->s[i].fs, x->s[i].fe - x->s[i].fs) < 0 ||
		    ct_buf_putc(out, '\n') < 0)
			return CT_ERROR;
	return 0;
}

/* The whole alignment of two texts. */
typedef struct align {
	side o, n;
	size_t *anchor; /* per gap: the new offset where its old sentences were */
	size_t *gap_ns; /* per gap: its new sentences are [gap_ns, gap_ne) */
	size_t *gap_ne;
	size_t ngaps;
} align;

static void align_release(align *a)
{
	side_release(&a->o);
	side_release(&a->n);
	free(a->anchor);
	free(a->gap_ns);
	free(a->gap_ne);
}

static void pair(align *a, size_t i, size_t j, int state)
{
	a->o.s[i].state = a->n.s[j].state = state;
	a->o.s[i].peer = j;
	a->n.s[j].peer = i;
}

/* Step 1: the longest common subsequence of folded sentences, and the gaps. */
static int align_common(align *a)
{
	ct_buf lo = CT_BUF_INIT, ln = CT_BUF_INIT;
	ct_wdiff_hunk *h = NULL;
	size_t nh = 0, g, i = 0, j = 0, k;
	int error;

	if ((error = sentence_lines(&lo, &a->o)) < 0 || (error = sentence_lines(&ln, &a->n)) < 0 ||
	    (error = ct_wdiff_lines(&h, &nh, lo.ptr, lo.len, ln.ptr, ln.len, 1)) < 0)
		goto done;
	a->anchor = malloc((nh + 1) * sizeof(*a->anchor));
	a->gap_ns = malloc((nh + 1) * sizeof(*a->gap_ns));
	a->gap_ne = malloc((nh + 1) * sizeof(*a->gap_ne));
	if (!a->anchor || !a->gap_ns || !a->gap_ne) {
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
		a->gap_ns[g] = h[g].new_start;
		a->gap_ne[g] = h[g].new_end;
		for (k = h[g].old_start; k < h[g].old_end; k++)
			a->o.s[k].gap = g;
		for (k = h[g].new_start; k < h[g].new_end; k++)
			a->n.s[k].gap = g;
		i = h[g].old_end;
		j = h[g].new_end;
	}
done:
	free(h);
	ct_buf_release(&lo);
	ct_buf_release(&ln);
	return error;
}

/* A new sentence off the subsequence, keyed by its folded text. */
typedef struct key {
	const char *p;
	size_t len, idx;
} key;

static int key_cmp(const void *x, const void *y)
{
	const key *a = x, *b = y;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->p, b->p, n);

	if (c)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
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
		const sent *s = &a->n.s[i];

		if (s->state != S_NONE)
			continue;
		keys[nk].p = a->n.fold.ptr + s->fs;
		keys[nk].len = s->fe - s->fs;
		keys[nk].idx = i;
		nk++;
	}
	if (nk)
		qsort(keys, nk, sizeof(*keys), key_cmp);
	for (i = 0; i < a->o.n && nk; i++) {
		const sent *s = &a->o.s[i];
		key want = {a->o.fold.ptr + s->fs, s->fe - s->fs, 0};
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
		for (; lo < nk && keys[lo].len == want.len && !memcmp(keys[lo].p, want.p, want.len);
		     lo++) {
			if (a->n.s[keys[lo].idx].state == S_NONE) {
				pair(a, i, keys[lo].idx, S_MOVED);
				break;
			}
		}
	}
	free(keys);
	return 0;
}

/* A candidate pair of edited versions. */
typedef struct cand {
	double sim;
	size_t dist; /* how far apart their ranks in the gap are */
	size_t i, j;
} cand;

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
			if (nc == *ccap) {
				size_t cap = *ccap ? *ccap * 2 : 32;
				cand *v = realloc(*cv, cap * sizeof(*v));

				if (!v)
					return ct_error_oom();
				*cv = v;
				*ccap = cap;
			}
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

/* Step 3: pair edited versions within each gap. */
static int align_edits(align *a)
{
	size_t *ol = NULL, *nl = NULL, i = 0, j = 0, g;
	cand *cv = NULL;
	size_t ccap = 0;
	int error = 0;

	if (!a->ngaps)
		return 0;
	ol = malloc((a->o.n + 1) * sizeof(*ol));
	nl = malloc((a->n.n + 1) * sizeof(*nl));
	if (!ol || !nl) {
		error = ct_error_oom();
		goto done;
	}
	/* Sentences of one gap are consecutive, and gaps come in order on both sides. */
	for (g = 0; g < a->ngaps; g++) {
		size_t no = 0, nn = 0;

		while (i < a->o.n && (a->o.s[i].gap == NO_GAP || a->o.s[i].gap < g))
			i++;
		for (; i < a->o.n && a->o.s[i].gap == g; i++)
			if (a->o.s[i].state == S_NONE)
				ol[no++] = i;
		while (j < a->n.n && (a->n.s[j].gap == NO_GAP || a->n.s[j].gap < g))
			j++;
		for (; j < a->n.n && a->n.s[j].gap == g; j++)
			if (a->n.s[j].state == S_NONE)
				nl[nn++] = j;
		if ((error = align_gap_edits(a, ol, no, nl, nn, &cv, &ccap)) < 0)
			goto done;
	}
done:
	free(ol);
	free(nl);
	free(cv);
	return error;
}

static int align_init(align *a, const char *old, size_t oldlen, const char *new, size_t newlen)
{
	int error;

	memset(a, 0, sizeof(*a));
	if ((error = side_init(&a->o, old, oldlen)) < 0 ||
	    (error = side_init(&a->n, new, newlen)) < 0 || (error = align_common(a)) < 0 ||
	    (error = align_moves(a)) < 0 || (error = align_edits(a)) < 0)
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
 * Whether the folded part fold_o[fa,fb) occurs whole in new sentence j; if
 * so, its byte range in out (the occurrence nearest `near`, a folded offset
 * into the sentence).
 */
static int find_in_sentence(piece *out, const align *a, size_t j, size_t fa, size_t fb, size_t near)
{
	const sent *sn = &a->n.s[j];
	size_t at;

	if (!find_nearest(&at, a->n.fold.ptr + sn->fs, sn->fe - sn->fs, a->o.fold.ptr + fa, fb - fa,
	                  near))
		return 0;
	out->change = CT_CHANGE_UNCHANGED;
	out->start = a->n.map[sn->fs + at];
	out->end = a->n.map[sn->fs + at + (fb - fa)];
	return 1;
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
static int locate_piece(piece *out, const align *a, size_t k, size_t ps, size_t pe, scratch *s)
{
	const sent *so = &a->o.s[k], *sn;
	size_t fa = folded_at(&a->o, ps), fb = folded_at(&a->o, pe), j, g = so->gap;
	size_t rs, re;
	int found;
	double sim;

	out->change = CT_CHANGE_REMOVED;
	out->start = out->end = 0;
	if (so->state == S_ALIGNED || so->state == S_MOVED) {
		/* Equal folded sentences: the part sits at the same folded offsets. */
		sn = &a->n.s[so->peer];
		out->change = so->state == S_ALIGNED ? CT_CHANGE_UNCHANGED : CT_CHANGE_MOVED;
		out->start = a->n.map[sn->fs + (fa - so->fs)];
		out->end = a->n.map[sn->fs + (fb - so->fs)];
		return 0;
	}
	if (so->state == S_EDITED && find_in_sentence(out, a, so->peer, fa, fb, fa - so->fs))
		return 0;
	for (j = a->gap_ns[g]; j < a->gap_ne[g]; j++)
		if (candidate(a, so, j) && find_in_sentence(out, a, j, fa, fb, 0))
			return 0;
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

/* Whether old[os,oe) and new[ns,ne) fold alike. */
static int fold_equal(const align *a, size_t os, size_t oe, size_t ns, size_t ne)
{
	size_t oa = folded_at(&a->o, os), ob = folded_at(&a->o, oe);
	size_t na = folded_at(&a->n, ns), nb = folded_at(&a->n, ne);

	return ob - oa == nb - na && !memcmp(a->o.fold.ptr + oa, a->n.fold.ptr + na, ob - oa);
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
static int reanchor_one(ct_reanchor_out *out, const align *a, size_t qs, size_t qe, scratch *sc)
{
	size_t lo = 0, hi = a->o.n, k, first = SIZE_MAX;
	size_t counts[CT_CHANGE_ADDED] = {0, 0, 0, 0}, nparts = 0;
	size_t rs = SIZE_MAX, re = 0, fs = 0, le = 0;
	int ordered = 1;
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
	    (counts[CT_CHANGE_UNCHANGED] == nparts || counts[CT_CHANGE_MOVED] == nparts) &&
	    fold_equal(a, qs, qe, fs, re)) {
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
