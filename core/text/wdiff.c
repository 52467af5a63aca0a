/* core/text/wdiff.c: word diff of two revisions of a text, and its rendering. */
#include "wdiff.h"
#include "error.h"
#include "segment.h"
#include "text.h"
#include "token.h"
#include "utf8.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/*
 * How the diff is computed (see also the top of wdiff.h):
 *
 * 1. Each text is cut into chunks, sentence-sized: a chunk starts with a run
 *    of white space that holds a newline or follows a sentence terminator
 *    (and any closing quotes after it). Chunk boundaries are token
 *    boundaries.
 * 2. The two sequences of chunks are diffed by the sequence diff below,
 *    each chunk a key equal to another exactly when their bytes are.
 * 3. Every hunk of that diff (a region of old chunks against a region of new
 *    chunks) is tokenised and, past the tokens both sides start and end
 *    with, diffed again token by token. Its hunks are slid and joined
 *    (slide_down, merge_hunks); each is then one change group, and the
 *    tokens between them are equal.
 *
 * Only the regions that differ are tokenised, in buffers reused from one
 * region to the next: the cost is a scan of both texts plus work in
 * proportion to the changes.
 */

enum { TK_WORD, TK_SPACE, TK_PUNCT };

/* ASCII letters and digits. */
static int ascii_word(unsigned char c)
{
	return (unsigned)((c | 0x20) - 'a') < 26u || (unsigned)(c - '0') < 10u;
}

/* ASCII white space: space, TAB, LF, VT, FF, CR. */
static int ascii_space(unsigned char c)
{
	return c == ' ' || (unsigned)(c - '\t') < 5u;
}

/* The length of the white-space character at s[0, len), or 0. */
static size_t space_len(const char *s, size_t len)
{
	if ((unsigned char)s[0] < 0x80)
		return ascii_space((unsigned char)s[0]);
	return ct_segment_space_len(s, len);
}

static int is_terminator_cp(int32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
}

static int is_closer_cp(int32_t cp)
{
	return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x2019 || cp == 0x201D ||
	       cp == 0x00BB;
}

/* A growable array of offsets. */
typedef struct offsets {
	size_t *v;
	size_t n, cap;
} offsets;

static int offsets_push(offsets *o, size_t x)
{
	if (CT_ARRAY_GROW(o->v, o->n, o->cap, 256) < 0)
		return CT_ERROR;
	o->v[o->n++] = x;
	return 0;
}

uint64_t ct_wdiff_hash(const char *s, size_t len)
{
	uint64_t h = 0x243F6A8885A308D3u ^ (uint64_t)len, w;

	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15u;
		h ^= h >> 31;
	}
	w = 0;
	memcpy(&w, s, len);
	h = (h ^ w) * 0x9E3779B97F4A7C15u;
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9u;
	return h ^ (h >> 32);
}

/*
 * The sequence diff: two arrays of keys, equal elements having equal keys.
 *
 * 1. Classes. Every distinct key gets a class number, and each class counts
 *    its elements on either side.
 * 2. Trimming. The elements both sequences begin and end with are equal.
 * 3. Discards. Between them, an element whose key does not occur on the
 *    other side at all cannot be on a common subsequence: it is marked
 *    changed and left out of the search, which on prose leaves little to
 *    search (a rewritten sentence, a new word, is usually unique). Outside
 *    minimal mode, an element whose key is frequent on the other side (a
 *    space, "the") is left out too when it stands among such unmatched
 *    elements, with few frequent ones around it: it would otherwise tie
 *    two rewritten passages together by a stray space.
 * 4. Search. Myers' O(ND) algorithm in linear space: the middle snake of
 *    the forward and backward searches splits each box in two, and the
 *    halves are searched in turn (an explicit stack, not recursion). In
 *    minimal mode that is all, and the unchanged elements are a longest
 *    common subsequence. Otherwise, as xdiff does, a search that is costly
 *    (an edit cost above HEUR_MIN_COST) is cut at a diagonal that reached
 *    far after a long snake, and one above max_cost at the furthest
 *    reaching diagonal: the diff may then be longer than minimal, but its
 *    cost stays near linear on texts that share little.
 * 5. Compaction. Each run of changed elements is slid as far up, then as far
 *    down as equal elements allow, merging with the runs it meets; it stays
 *    at the bottom ("x.[- More.-]" rather than "x[-. More-].") unless
 *    sliding it back up lines it up with a run of changes on the other side.
 *    This is xdiff's rule, so that our diffs read like git's.
 * 6. Hunks: the runs of changed elements, in order, one per place where
 *    either side changed.
 */

enum {
	SNAKE_MIN = 20,      /* the run of equal elements that makes a snake worth taking */
	HEUR_MIN_COST = 256, /* edit cost from which good snakes are taken early */
	HEUR_FACTOR = 4,     /* how far (in units of the cost) such a snake must have reached */
	MAX_COST_MIN = 256,  /* the least edit cost after which a search is cut */
	FREQUENT_MAX = 1024, /* the count from which a key is frequent, at most */
	SCAN_WINDOW = 100,   /* elements looked at around a frequent one */
	NOISE_RATIO = 4,     /* frequent ones discarded when under 1 in 4 of their run */
};

/* Hunks of a diff, as half-open element ranges counted from 0. */
typedef struct hunk {
	size_t os, oe, ns, ne;
} hunk;

typedef struct hunks {
	hunk *v;
	size_t n, cap;
} hunks;

static int hunks_push(hunks *hs, size_t os, size_t oe, size_t ns, size_t ne)
{
	hunk *h;

	if (CT_ARRAY_GROW(hs->v, hs->n, hs->cap, 64) < 0)
		return CT_ERROR;
	h = &hs->v[hs->n++];
	h->os = os;
	h->oe = oe;
	h->ns = ns;
	h->ne = ne;
	return 0;
}

/* Copy the hunks of `from` to `to`. Returns 0 or CT_ERROR. */
static int hunks_copy(hunks *to, const hunks *from)
{
	size_t i;

	to->n = 0;
	for (i = 0; i < from->n; i++)
		if (hunks_push(to, from->v[i].os, from->v[i].oe, from->v[i].ns, from->v[i].ne) < 0)
			return CT_ERROR;
	return 0;
}

/* A box of the search: elements [off1, lim1) of a against [off2, lim2) of b. */
typedef struct box {
	ptrdiff_t off1, lim1, off2, lim2;
	int minimal;
} box;

/*
 * The scratch space of the sequence diff, kept from one call to the next
 * (the word diff makes one call per changed region). Zero it to initialise;
 * seqdiff_release() frees it.
 */
typedef struct seqdiff {
	struct slot {
		uint64_t key;
		uint32_t cls1; /* its class + 1; 0 for an empty slot */
	} * slots;             /* the class table, open addressing */
	size_t slots_cap;      /* slots allocated */
	size_t *count;         /* per class: elements in a (2c), in b (2c + 1) */
	size_t count_cap;      /* entries allocated in count */
	uint32_t *cls;         /* the class of each element: a's, then b's */
	size_t cls_cap;        /* entries allocated in cls */
	unsigned char *chg;    /* changed flags: a's na and a 0, b's nb and a 0 (where
	                          group_next() stops); then a's and b's discard kinds */
	size_t chg_cap;        /* bytes allocated in chg */
	uint32_t *red;         /* the classes searched: a's kept ones, then b's */
	size_t red_cap;        /* entries allocated in red */
	size_t *ridx;          /* the index of each in its sequence */
	size_t ridx_cap;       /* entries allocated in ridx */
	ptrdiff_t *kv;         /* the forward and backward furthest points per diagonal */
	size_t kv_cap;         /* entries allocated in kv */
	box *stack;            /* boxes left to search */
	size_t stack_cap;      /* entries allocated in stack */
	hunks hs;              /* the result of the last call */
} seqdiff;

static void seqdiff_release(seqdiff *sd)
{
	free(sd->slots);
	free(sd->count);
	free(sd->cls);
	free(sd->chg);
	free(sd->red);
	free(sd->ridx);
	free(sd->kv);
	free(sd->stack);
	free(sd->hs.v);
	memset(sd, 0, sizeof(*sd));
}

/* The sequence diff's arrays start at 16 entries (see ct_array_reserve). */
#define RESERVE(p, cap, need) CT_ARRAY_RESERVE(p, cap, need, 16)

/*
 * Step 1: the classes of a (na keys) then b (nb keys) into sd->cls and
 * sd->count. Keys known to be below nkeys (nkeys > 0) are their own classes.
 */
static int classify(seqdiff *sd, const uint64_t *a, size_t na, const uint64_t *b, size_t nb,
                    size_t nkeys)
{
	size_t n = na + nb, nslots = 16, mask, i, nclasses = 0;

	if (nkeys) {
		if (RESERVE(sd->cls, sd->cls_cap, n + 1) < 0 ||
		    RESERVE(sd->count, sd->count_cap, 2 * nkeys) < 0)
			return CT_ERROR;
		memset(sd->count, 0, 2 * nkeys * sizeof(*sd->count));
		for (i = 0; i < n; i++) {
			uint32_t k = (uint32_t)(i < na ? a[i] : b[i - na]);

			sd->cls[i] = k;
			sd->count[2 * (size_t)k + (i >= na)]++;
		}
		return 0;
	}

	while (nslots < 2 * n)
		nslots *= 2;
	if (RESERVE(sd->slots, sd->slots_cap, nslots) < 0 ||
	    RESERVE(sd->cls, sd->cls_cap, n + 1) < 0 ||
	    RESERVE(sd->count, sd->count_cap, 2 * n + 2) < 0)
		return CT_ERROR;
	/* A table left bigger by an earlier call is used in part: only that part is cleared. */
	memset(sd->slots, 0, nslots * sizeof(*sd->slots));
	mask = nslots - 1;
	for (i = 0; i < n; i++) {
		uint64_t key = i < na ? a[i] : b[i - na];
		size_t s = (size_t)((key * 0x9E3779B97F4A7C15u) >> 32) & mask;
		size_t c;

		while (sd->slots[s].cls1 && sd->slots[s].key != key)
			s = (s + 1) & mask;
		if (!sd->slots[s].cls1) {
			sd->slots[s].key = key;
			sd->slots[s].cls1 = (uint32_t)++nclasses;
			sd->count[2 * nclasses - 2] = 0;
			sd->count[2 * nclasses - 1] = 0;
		}
		c = sd->slots[s].cls1 - 1;
		sd->cls[i] = (uint32_t)c;
		sd->count[2 * c + (i >= na)]++;
	}
	return 0;
}

/* A rough square root: the power of two with about half the bits of n. */
static size_t rough_sqrt(size_t n)
{
	size_t r = 1;

	for (; n; n >>= 2)
		r <<= 1;
	return r;
}

/*
 * Whether the frequent element i (kind 2 in `kind`) stands among unmatched
 * elements (kind 0) on both sides, within [lo, hi], with frequent elements
 * making less than 1 in NOISE_RATIO of the runs around it: a stray match.
 * The runs end at the first element with a single match (kind 1).
 */
static int stray_match(const unsigned char *kind, size_t i, size_t lo, size_t hi)
{
	size_t r, unmatched_before = 0, unmatched_after = 0, frequent = 1;

	if (i - lo > SCAN_WINDOW)
		lo = i - SCAN_WINDOW;
	if (hi - i > SCAN_WINDOW)
		hi = i + SCAN_WINDOW;
	for (r = i; r > lo && kind[r - 1] != 1; r--) {
		if (kind[r - 1] == 0)
			unmatched_before++;
		else
			frequent++;
	}
	if (!unmatched_before)
		return 0;
	frequent++; /* the element itself is counted once on each side */
	for (r = i + 1; r <= hi && kind[r] != 1; r++) {
		if (kind[r] == 0)
			unmatched_after++;
		else
			frequent++;
	}
	if (!unmatched_after)
		return 0;
	return frequent * NOISE_RATIO < frequent + unmatched_before + unmatched_after;
}

/*
 * Step 3 for one side: of its elements [lo, hi) (classes cls, n elements in
 * all; side 0 for a, 1 for b), the ones kept for the search go to red and
 * their indices to ridx (*nred of them); the others are marked changed in
 * chg. kind is scratch space of n bytes.
 */
static void discard(const seqdiff *sd, const uint32_t *cls, size_t n, size_t lo, size_t hi,
                    int side, unsigned char *chg, unsigned char *kind, uint32_t *red, size_t *ridx,
                    size_t *nred, int minimal)
{
	size_t limit = rough_sqrt(n), i, k = 0;

	if (limit > FREQUENT_MAX)
		limit = FREQUENT_MAX;
	for (i = lo; i < hi; i++) {
		/* How many elements of the other side share its class. */
		size_t matches = sd->count[2 * (size_t)cls[i] + (size_t)(1 - side)];

		kind[i] = !matches ? 0 : matches >= limit ? 2 : 1;
	}
	for (i = lo; i < hi; i++) {
		if (kind[i] == 1 ||
		    (kind[i] == 2 && (minimal || !stray_match(kind, i, lo, hi - 1)))) {
			red[k] = cls[i];
			ridx[k++] = i;
		} else {
			chg[i] = 1;
		}
	}
	*nred = k;
}

/* Where split() cuts a box, and whether each half must be searched minimally. */
typedef struct cut {
	ptrdiff_t i1, i2;
	int minimal_lo, minimal_hi;
} cut;

/*
 * A heuristic of step 4, past HEUR_MIN_COST: a diagonal of either search
 * that has come far (its progress, less its distance from the middle
 * diagonal, above HEUR_FACTOR times the cost) and ends a snake of at least
 * SNAKE_MIN equal elements is taken as the cut. Returns 1 when there is one
 * (the best such, in *out), else 0.
 */
static int good_snake(cut *out, const uint32_t *a, const uint32_t *b, const box *bx,
                      const ptrdiff_t *kvf, const ptrdiff_t *kvb, ptrdiff_t cost, ptrdiff_t fmin,
                      ptrdiff_t fmax, ptrdiff_t bmin, ptrdiff_t bmax)
{
	const ptrdiff_t off1 = bx->off1, lim1 = bx->lim1, off2 = bx->off2, lim2 = bx->lim2;
	const ptrdiff_t fmid = off1 - off2, bmid = lim1 - lim2;
	ptrdiff_t best = 0, d, k;

	for (d = fmax; d >= fmin; d -= 2) {
		ptrdiff_t i1 = kvf[d], i2 = i1 - d;
		ptrdiff_t v = (i1 - off1) + (i2 - off2) - (d > fmid ? d - fmid : fmid - d);

		if (v <= HEUR_FACTOR * cost || v <= best || i1 < off1 + SNAKE_MIN || i1 >= lim1 ||
		    i2 < off2 + SNAKE_MIN || i2 >= lim2)
			continue;
		for (k = 1; k <= SNAKE_MIN && a[i1 - k] == b[i2 - k]; k++)
			;
		if (k > SNAKE_MIN) {
			best = v;
			out->i1 = i1;
			out->i2 = i2;
		}
	}
	if (best > 0) {
		/* The part before the cut was searched to the end: it is minimal. */
		out->minimal_lo = 1;
		out->minimal_hi = 0;
		return 1;
	}
	for (d = bmax; d >= bmin; d -= 2) {
		ptrdiff_t i1 = kvb[d], i2 = i1 - d;
		ptrdiff_t v = (lim1 - i1) + (lim2 - i2) - (d > bmid ? d - bmid : bmid - d);

		if (v <= HEUR_FACTOR * cost || v <= best || i1 <= off1 || i1 > lim1 - SNAKE_MIN ||
		    i2 <= off2 || i2 > lim2 - SNAKE_MIN)
			continue;
		for (k = 0; k < SNAKE_MIN && a[i1 + k] == b[i2 + k]; k++)
			;
		if (k == SNAKE_MIN) {
			best = v;
			out->i1 = i1;
			out->i2 = i2;
		}
	}
	if (best > 0) {
		out->minimal_lo = 0;
		out->minimal_hi = 1;
		return 1;
	}
	return 0;
}

/*
 * The last resort of step 4, once the cost reaches max_cost: cut at the
 * point that either search has brought furthest from its corner.
 */
static void furthest(cut *out, const box *bx, const ptrdiff_t *kvf, const ptrdiff_t *kvb,
                     ptrdiff_t fmin, ptrdiff_t fmax, ptrdiff_t bmin, ptrdiff_t bmax)
{
	const ptrdiff_t off1 = bx->off1, lim1 = bx->lim1, off2 = bx->off2, lim2 = bx->lim2;
	ptrdiff_t fbest = -1, fbest1 = -1, bbest = PTRDIFF_MAX, bbest1 = PTRDIFF_MAX, d;

	for (d = fmax; d >= fmin; d -= 2) {
		ptrdiff_t i1 = kvf[d] < lim1 ? kvf[d] : lim1, i2 = i1 - d;

		if (i2 > lim2) {
			i1 = lim2 + d;
			i2 = lim2;
		}
		if (i1 + i2 > fbest) {
			fbest = i1 + i2;
			fbest1 = i1;
		}
	}
	for (d = bmax; d >= bmin; d -= 2) {
		ptrdiff_t i1 = kvb[d] > off1 ? kvb[d] : off1, i2 = i1 - d;

		if (i2 < off2) {
			i1 = off2 + d;
			i2 = off2;
		}
		if (i1 + i2 < bbest) {
			bbest = i1 + i2;
			bbest1 = i1;
		}
	}
	if ((lim1 + lim2) - bbest < fbest - (off1 + off2)) {
		out->i1 = fbest1;
		out->i2 = fbest - fbest1;
		out->minimal_lo = 1;
		out->minimal_hi = 0;
	} else {
		out->i1 = bbest1;
		out->i2 = bbest - bbest1;
		out->minimal_lo = 0;
		out->minimal_hi = 1;
	}
}

/*
 * Step 4: find where to cut box bx of a against b: the middle snake of an
 * optimal path, or (not minimal) a point that the heuristics accept. kvf
 * and kvb are indexed by diagonal (i1 - i2) and hold, for the forward
 * search, the furthest i1 reached on each diagonal and, for the backward
 * search, the least. The box is not empty on either side, and does not
 * start or end with equal elements.
 */
static void split(cut *out, const uint32_t *a, const uint32_t *b, const box *bx, ptrdiff_t *kvf,
                  ptrdiff_t *kvb, ptrdiff_t max_cost)
{
	const ptrdiff_t off1 = bx->off1, lim1 = bx->lim1, off2 = bx->off2, lim2 = bx->lim2;
	const ptrdiff_t dmin = off1 - lim2, dmax = lim1 - off2;
	const ptrdiff_t fmid = off1 - off2, bmid = lim1 - lim2;
	const int odd = (int)((fmid - bmid) & 1);
	ptrdiff_t fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid, cost, d, i1, i2;

	kvf[fmid] = off1;
	kvb[bmid] = lim1;
	for (cost = 1;; cost++) {
		int snake = 0;

		/*
		 * Widen the band of diagonals by one on each side while it stays
		 * in the box (else narrow it: the diagonals searched alternate in
		 * parity), with a value just outside it that never wins.
		 */
		if (fmin > dmin)
			kvf[--fmin - 1] = -1;
		else
			++fmin;
		if (fmax < dmax)
			kvf[++fmax + 1] = -1;
		else
			--fmax;
		for (d = fmax; d >= fmin; d -= 2) {
			ptrdiff_t start;

			/* One step from the better neighbour, then along the snake. */
			i1 = kvf[d - 1] >= kvf[d + 1] ? kvf[d - 1] + 1 : kvf[d + 1];
			start = i1;
			for (i2 = i1 - d; i1 < lim1 && i2 < lim2 && a[i1] == b[i2]; i1++, i2++)
				;
			if (i1 - start > SNAKE_MIN)
				snake = 1;
			kvf[d] = i1;
			if (odd && bmin <= d && d <= bmax && kvb[d] <= i1) {
				out->i1 = i1;
				out->i2 = i2;
				out->minimal_lo = out->minimal_hi = 1;
				return;
			}
		}
		if (bmin > dmin)
			kvb[--bmin - 1] = PTRDIFF_MAX;
		else
			++bmin;
		if (bmax < dmax)
			kvb[++bmax + 1] = PTRDIFF_MAX;
		else
			--bmax;
		for (d = bmax; d >= bmin; d -= 2) {
			ptrdiff_t start;

			i1 = kvb[d - 1] < kvb[d + 1] ? kvb[d - 1] : kvb[d + 1] - 1;
			start = i1;
			for (i2 = i1 - d; i1 > off1 && i2 > off2 && a[i1 - 1] == b[i2 - 1];
			     i1--, i2--)
				;
			if (start - i1 > SNAKE_MIN)
				snake = 1;
			kvb[d] = i1;
			if (!odd && fmin <= d && d <= fmax && i1 <= kvf[d]) {
				out->i1 = i1;
				out->i2 = i2;
				out->minimal_lo = out->minimal_hi = 1;
				return;
			}
		}
		if (bx->minimal)
			continue;
		if (snake && cost > HEUR_MIN_COST &&
		    good_snake(out, a, b, bx, kvf, kvb, cost, fmin, fmax, bmin, bmax))
			return;
		if (cost >= max_cost) {
			furthest(out, bx, kvf, kvb, fmin, fmax, bmin, bmax);
			return;
		}
	}
}

/*
 * Step 4 over the elements kept by step 3: a (na classes, at indices ia of
 * their side) against b; mark the changed ones in chga and chgb.
 */
static int search(seqdiff *sd, const uint32_t *a, const size_t *ia, size_t na, const uint32_t *b,
                  const size_t *ib, size_t nb, unsigned char *chga, unsigned char *chgb,
                  int minimal)
{
	size_t ndiags = na + nb + 3, nstack = 0;
	ptrdiff_t *kvf, *kvb, max_cost = (ptrdiff_t)rough_sqrt(ndiags);

	if (max_cost < MAX_COST_MIN)
		max_cost = MAX_COST_MIN;
	if (RESERVE(sd->kv, sd->kv_cap, 2 * ndiags) < 0 || RESERVE(sd->stack, sd->stack_cap, 2) < 0)
		return CT_ERROR;
	/* Diagonals run from -(nb + 1) to na + 1. */
	kvf = sd->kv + nb + 1;
	kvb = sd->kv + ndiags + nb + 1;
	sd->stack[nstack].off1 = 0;
	sd->stack[nstack].lim1 = (ptrdiff_t)na;
	sd->stack[nstack].off2 = 0;
	sd->stack[nstack].lim2 = (ptrdiff_t)nb;
	sd->stack[nstack++].minimal = minimal;
	while (nstack) {
		box bx = sd->stack[--nstack];
		cut c;

		while (bx.off1 < bx.lim1 && bx.off2 < bx.lim2 && a[bx.off1] == b[bx.off2])
			bx.off1++, bx.off2++;
		while (bx.off1 < bx.lim1 && bx.off2 < bx.lim2 && a[bx.lim1 - 1] == b[bx.lim2 - 1])
			bx.lim1--, bx.lim2--;
		if (bx.off1 == bx.lim1) {
			for (; bx.off2 < bx.lim2; bx.off2++)
				chgb[ib[bx.off2]] = 1;
			continue;
		}
		if (bx.off2 == bx.lim2) {
			for (; bx.off1 < bx.lim1; bx.off1++)
				chga[ia[bx.off1]] = 1;
			continue;
		}
		split(&c, a, b, &bx, kvf, kvb, max_cost);
		if (RESERVE(sd->stack, sd->stack_cap, nstack + 2) < 0)
			return CT_ERROR;
		/* The upper half goes first onto the stack, so that the lower one is searched
		 * first. */
		sd->stack[nstack].off1 = c.i1;
		sd->stack[nstack].lim1 = bx.lim1;
		sd->stack[nstack].off2 = c.i2;
		sd->stack[nstack].lim2 = bx.lim2;
		sd->stack[nstack++].minimal = c.minimal_hi;
		sd->stack[nstack].off1 = bx.off1;
		sd->stack[nstack].lim1 = c.i1;
		sd->stack[nstack].off2 = bx.off2;
		sd->stack[nstack].lim2 = c.i2;
		sd->stack[nstack++].minimal = c.minimal_lo;
	}
	return 0;
}

/* A run [start, end) of changed elements of one side, maybe empty (step 5). */
typedef struct group {
	size_t start, end;
} group;

/* The first group of a side whose changed flags are chg (chg[n] is 0). */
static void group_first(group *g, const unsigned char *chg)
{
	g->start = 0;
	for (g->end = 0; chg[g->end]; g->end++)
		;
}

/* Move to the next group; 0 when g is the last one. */
static int group_next(group *g, const unsigned char *chg, size_t n)
{
	if (g->end == n)
		return 0;
	g->start = g->end + 1;
	for (g->end = g->start; chg[g->end]; g->end++)
		;
	return 1;
}

/* Move to the previous group; 0 when g is the first one. */
static int group_prev(group *g, const unsigned char *chg)
{
	if (g->start == 0)
		return 0;
	g->end = g->start - 1;
	for (g->start = g->end; g->start && chg[g->start - 1]; g->start--)
		;
	return 1;
}

/*
 * Slide g one element down (its first element equals the one after it),
 * taking in the group it then touches. Returns 0 when it cannot.
 */
static int slide_group_down(group *g, unsigned char *chg, const uint32_t *cls, size_t n)
{
	if (g->end == n || cls[g->start] != cls[g->end])
		return 0;
	chg[g->start++] = 0;
	chg[g->end++] = 1;
	while (chg[g->end])
		g->end++;
	return 1;
}

/* Slide g one element up, taking in the group it then touches. Returns 0 when it cannot. */
static int slide_group_up(group *g, unsigned char *chg, const uint32_t *cls)
{
	if (g->start == 0 || cls[g->start - 1] != cls[g->end - 1])
		return 0;
	chg[--g->start] = 1;
	chg[--g->end] = 0;
	while (g->start && chg[g->start - 1])
		g->start--;
	return 1;
}

/*
 * Step 5 for one side (chg, cls, n elements), the other side's groups
 * (ochg, on elements) followed in step: the k-th group of one side faces
 * the k-th of the other, since every unchanged element pairs with one.
 */
static void compact(unsigned char *chg, const uint32_t *cls, size_t n, const unsigned char *ochg,
                    size_t on)
{
	group g, go;

	group_first(&g, chg);
	group_first(&go, ochg);
	for (;;) {
		if (g.end > g.start) {
			size_t size, earliest_end, facing_end;

			/* Slide up, then down, as far as it goes, until it takes in no other group.
			 */
			do {
				size = g.end - g.start;
				facing_end = SIZE_MAX;
				while (slide_group_up(&g, chg, cls))
					group_prev(&go, ochg);
				earliest_end = g.end;
				if (go.end > go.start)
					facing_end = g.end;
				while (slide_group_down(&g, chg, cls, n)) {
					group_next(&go, ochg, on);
					if (go.end > go.start)
						facing_end = g.end;
				}
			} while (size != g.end - g.start);
			/* Back up to the last place that faces a change of the other side. */
			if (g.end != earliest_end && facing_end != SIZE_MAX) {
				while (go.end == go.start) {
					slide_group_up(&g, chg, cls);
					group_prev(&go, ochg);
				}
			}
		}
		if (!group_next(&g, chg, n))
			break;
		group_next(&go, ochg, on);
	}
}

/*
 * Diff a (na keys) against b (nb keys): the hunks go to sd->hs (emptied
 * first). Equal keys are equal elements; nkeys > 0 says that all keys are
 * below it (as an interner's are). Returns 0, or CT_ERROR when out of memory
 * (or the sequences are longer than the class numbers allow).
 */
static int seq_diff(seqdiff *sd, const uint64_t *a, size_t na, const uint64_t *b, size_t nb,
                    size_t nkeys, int minimal)
{
	size_t pre = 0, suf = 0, nra, nrb, i, j;
	const uint32_t *cla, *clb;
	unsigned char *chga, *chgb, *kinda, *kindb;

	sd->hs.n = 0;
	if (na >= UINT32_MAX / 2 || nb >= UINT32_MAX / 2)
		return ct_error_set(CT_ERROR, "texts of %zu and %zu tokens are too long to diff",
		                    na, nb);
	if (classify(sd, a, na, b, nb, nkeys) < 0)
		return CT_ERROR;
	cla = sd->cls;
	clb = sd->cls + na;
	/* Step 2. */
	while (pre < na && pre < nb && cla[pre] == clb[pre])
		pre++;
	while (suf < na - pre && suf < nb - pre && cla[na - 1 - suf] == clb[nb - 1 - suf])
		suf++;
	if (RESERVE(sd->chg, sd->chg_cap, 2 * (na + nb) + 4) < 0 ||
	    RESERVE(sd->red, sd->red_cap, na + nb + 1) < 0 ||
	    RESERVE(sd->ridx, sd->ridx_cap, na + nb + 1) < 0)
		return CT_ERROR;
	/* a's flags, a 0, b's flags, a 0, then the discard kinds. */
	chga = sd->chg;
	chgb = chga + na + 1;
	kinda = chgb + nb + 1;
	kindb = kinda + na;
	memset(sd->chg, 0, na + nb + 2);
	discard(sd, cla, na, pre, na - suf, 0, chga, kinda, sd->red, sd->ridx, &nra, minimal);
	discard(sd, clb, nb, pre, nb - suf, 1, chgb, kindb, sd->red + nra, sd->ridx + nra, &nrb,
	        minimal);
	if (search(sd, sd->red, sd->ridx, nra, sd->red + nra, sd->ridx + nra, nrb, chga, chgb,
	           minimal) < 0)
		return CT_ERROR;
	compact(chga, cla, na, chgb, nb);
	compact(chgb, clb, nb, chga, na);
	/* Step 6: unchanged elements pair off in order; a hunk is whatever lies between two pairs.
	 */
	for (i = j = 0; i < na || j < nb;) {
		size_t i0 = i, j0 = j;

		if ((i < na && chga[i]) || (j < nb && chgb[j])) {
			while (i < na && chga[i])
				i++;
			while (j < nb && chgb[j])
				j++;
			if (hunks_push(&sd->hs, i0, i, j0, j) < 0)
				return CT_ERROR;
		}
		i += i < na;
		j += j < nb;
	}
	return 0;
}

/*
 * Keys for byte strings, equal exactly when the bytes are: each distinct
 * string gets the next number, from 0. An open-addressing table of hashes;
 * the bytes are compared whenever the hashes agree. The strings are
 * borrowed.
 */
typedef struct interner {
	struct slot32 {
		uint32_t hash; /* the high half of the string's hash */
		uint32_t key1; /* its key + 1; 0 for an empty slot */
	} * slots;
	size_t slots_cap; /* slots allocated */
	size_t mask;      /* slots in use, less 1 (a power of two, less 1) */
	const char **str; /* per key: the first string that got it, */
	size_t *len;      /* and its length */
	size_t str_cap;   /* entries allocated in str, */
	size_t len_cap;   /* and in len */
	uint32_t n;       /* keys handed out */
} interner;

static void interner_release(interner *t)
{
	free(t->slots);
	free(t->str);
	free(t->len);
}

/* Empty the table, with room for up to n strings. Returns 0 or CT_ERROR. */
static int interner_reset(interner *t, size_t n)
{
	size_t slots = 16;

	while (slots < 2 * n)
		slots *= 2;
	if (n >= UINT32_MAX)
		return ct_error_set(CT_ERROR, "%zu tokens are too many to diff", n);
	if (RESERVE(t->slots, t->slots_cap, slots) < 0 || RESERVE(t->str, t->str_cap, n + 1) < 0 ||
	    RESERVE(t->len, t->len_cap, n + 1) < 0)
		return CT_ERROR;
	memset(t->slots, 0, slots * sizeof(*t->slots));
	t->mask = slots - 1;
	t->n = 0;
	return 0;
}

/* The key of s[0, len). At most the n of interner_reset() strings in all. */
static uint64_t intern(interner *t, const char *s, size_t len)
{
	uint64_t h = ct_wdiff_hash(s, len);
	uint32_t high = (uint32_t)(h >> 32);
	size_t i = (size_t)h & t->mask;

	for (;; i = (i + 1) & t->mask) {
		struct slot32 *e = &t->slots[i];
		uint32_t k;

		if (!e->key1) {
			k = t->n++;
			e->hash = high;
			e->key1 = k + 1;
			t->str[k] = s;
			t->len[k] = len;
			return k;
		}
		k = e->key1 - 1;
		if (e->hash == high && t->len[k] == len && !memcmp(t->str[k], s, len))
			return k;
	}
}

/* The keys of the n strings s + off[i], off[i + 1] - off[i] bytes long, into keys. */
static void intern_all(interner *t, uint64_t *keys, const char *s, const size_t *off, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		keys[i] = intern(t, s + off[i], off[i + 1] - off[i]);
}

/*
 * Step 1: the chunk boundaries of s (len bytes), as offsets into `out`:
 * chunk i is s[out->v[i], out->v[i+1]); the last entry is len. A chunk
 * begins with the white space before it: a sentence that is followed by a
 * paragraph break in one text and by nothing in the other (a paragraph added
 * after it) is still the same chunk.
 */
static int chunk(offsets *out, const char *s, size_t len)
{
	size_t pos = 0;

	out->n = 0;
	if (offsets_push(out, 0) < 0)
		return CT_ERROR;
	/*
	 * Only terminators, newlines and non-ASCII characters (which may be
	 * terminators or closing quotes) can start a chunk boundary: skip the
	 * rest, eight bytes at a time.
	 */
	while ((pos = ct_segment_skip(s, pos, len)) < len) {
		int32_t cp;
		size_t q, k, start;

		if (s[pos] == '\n') {
			q = start = ct_segment_space_start(s, out->v[out->n - 1], pos);
		} else {
			k = ct_utf8_decode(&cp, s + pos, len - pos);
			if (!is_terminator_cp(cp)) {
				pos += k;
				continue;
			}
			/* Terminators, closing quotes, then white space to start a chunk. */
			for (q = pos + k; q < len; q += k) {
				k = ct_utf8_decode(&cp, s + q, len - q);
				if (!is_terminator_cp(cp) && !is_closer_cp(cp))
					break;
			}
			if (q == len || !space_len(s + q, len - q)) {
				pos = q;
				continue;
			}
			start = q;
		}
		while (q < len && (k = space_len(s + q, len - q)))
			q += k;
		if (start > out->v[out->n - 1] && offsets_push(out, start) < 0)
			return CT_ERROR;
		pos = q > pos ? q : pos + 1;
	}
	if (len && offsets_push(out, len) < 0)
		return CT_ERROR;
	return 0;
}

/* The tokens of one region of a text. Reused from one region to the next. */
typedef struct toks {
	offsets off;         /* n + 1 offsets into the text: token i is [off[i], off[i+1]) */
	unsigned char *kind; /* n kinds (TK_*) */
	size_t kcap;
} toks;

static void toks_release(toks *t)
{
	free(t->off.v);
	free(t->kind);
}

/* The number of tokens. */
static size_t ntoks(const toks *t)
{
	return t->off.n ? t->off.n - 1 : 0;
}

/* Append a token; tokenize() has made room for it. */
static void toks_push(toks *t, size_t start, unsigned char kind)
{
	t->kind[t->off.n] = kind;
	t->off.v[t->off.n++] = start;
}

/*
 * Step 3: cut s[a, z) (a and z on chunk boundaries) into tokens. Offsets
 * stay those of the whole text.
 */
static int tokenize(toks *t, const char *s, size_t a, size_t z)
{
	size_t pos = a;

	/* Room for the most tokens there can be: one a byte, and the end. */
	t->off.n = 0;
	if (RESERVE(t->off.v, t->off.cap, z - a + 1) < 0 ||
	    RESERVE(t->kind, t->kcap, z - a + 1) < 0)
		return CT_ERROR;
	while (pos < z) {
		size_t start = pos, sp;
		unsigned char c = (unsigned char)s[pos];
		int32_t cp;

		if (c == ' ' && (pos + 1 == z || ascii_word((unsigned char)s[pos + 1]))) {
			/* The commonest token: one space before a word. */
			pos++;
			toks_push(t, start, TK_SPACE);
			continue;
		}
		if ((sp = space_len(s + pos, z - pos))) {
			while (sp) {
				pos += sp;
				sp = pos < z ? space_len(s + pos, z - pos) : 0;
			}
			toks_push(t, start, TK_SPACE);
			continue;
		}
		ct_utf8_decode(&cp, s + pos, z - pos);
		if (ct_token_classify(cp, CT_TOKEN_DIFF) == CT_TOKEN_WORD) {
			pos = ct_token_word_end(s, pos, z, CT_TOKEN_DIFF);
			toks_push(t, start, TK_WORD);
			continue;
		}
		pos += ct_utf8_decode(&cp, s + pos, z - pos);
		toks_push(t, start, TK_PUNCT);
	}
	t->off.v[t->off.n++] = z;
	return 0;
}

/* Whether token i of t (in s) and token j of u (in r) are the same bytes. */
static int same_token(const toks *t, const char *s, size_t i, const toks *u, const char *r,
                      size_t j)
{
	size_t n = t->off.v[i + 1] - t->off.v[i];

	return n == u->off.v[j + 1] - u->off.v[j] && !memcmp(s + t->off.v[i], r + u->off.v[j], n);
}

/* Copy the hunks of sd to a new array for the caller of the public API. */
static int export_hunks(ct_wdiff_hunk **out, size_t *count, const seqdiff *sd)
{
	ct_wdiff_hunk *v = NULL;
	size_t i;

	if (sd->hs.n && !(v = malloc(sd->hs.n * sizeof(*v))))
		return ct_error_oom();
	for (i = 0; i < sd->hs.n; i++) {
		v[i].old_start = sd->hs.v[i].os;
		v[i].old_end = sd->hs.v[i].oe;
		v[i].new_start = sd->hs.v[i].ns;
		v[i].new_end = sd->hs.v[i].ne;
	}
	*out = v;
	*count = sd->hs.n;
	return 0;
}

int ct_wdiff_hashes(ct_wdiff_hunk **out, size_t *count, const uint64_t *old, size_t nold,
                    const uint64_t *new, size_t nnew, int minimal)
{
	seqdiff sd;
	int error;

	*out = NULL;
	*count = 0;
	memset(&sd, 0, sizeof(sd));
	if ((error = seq_diff(&sd, old, nold, new, nnew, 0, minimal)) == 0)
		error = export_hunks(out, count, &sd);
	seqdiff_release(&sd);
	return error;
}

/* The line boundaries of s (len bytes) into o: line i is [o->v[i], o->v[i + 1]). */
static int split_lines(offsets *o, const char *s, size_t len)
{
	size_t pos = 0;

	o->n = 0;
	if (offsets_push(o, 0) < 0)
		return CT_ERROR;
	while (pos < len) {
		const char *nl = memchr(s + pos, '\n', len - pos);

		pos = nl ? (size_t)(nl - s) + 1 : len;
		if (offsets_push(o, pos) < 0)
			return CT_ERROR;
	}
	return 0;
}

int ct_wdiff_lines(ct_wdiff_hunk **out, size_t *count, const char *old, size_t oldlen,
                   const char *new, size_t newlen, int minimal)
{
	offsets lo = {NULL, 0, 0}, ln = {NULL, 0, 0};
	interner t;
	seqdiff sd;
	uint64_t *keys = NULL;
	size_t no, nn;
	int error;

	*out = NULL;
	*count = 0;
	memset(&t, 0, sizeof(t));
	memset(&sd, 0, sizeof(sd));
	if ((error = split_lines(&lo, old, oldlen)) < 0 ||
	    (error = split_lines(&ln, new, newlen)) < 0)
		goto done;
	no = lo.n - 1;
	nn = ln.n - 1;
	if ((error = interner_reset(&t, no + nn)) < 0)
		goto done;
	if (!(keys = malloc((no + nn + 1) * sizeof(*keys)))) {
		error = ct_error_oom();
		goto done;
	}
	intern_all(&t, keys, old, lo.v, no);
	intern_all(&t, keys + no, new, ln.v, nn);
	if ((error = seq_diff(&sd, keys, no, keys + no, nn, t.n, minimal)) == 0)
		error = export_hunks(out, count, &sd);
done:
	free(lo.v);
	free(ln.v);
	interner_release(&t);
	seqdiff_release(&sd);
	free(keys);
	return error;
}

/* The diff under construction. */
typedef struct builder {
	ct_wdiff *d;
	size_t cap;
	const char *old, *new;
	toks to, tn;           /* the tokens of the current region */
	hunks level1;          /* the hunks of the chunk diff */
	hunks hs;              /* the hunks of the current region */
	seqdiff sd;            /* scratch for the sequence diff */
	interner tokens;       /* the keys of the chunks, then of each region's tokens */
	uint64_t *keys;        /* the keys of the old ones, then of the new ones */
	size_t keys_cap;       /* entries allocated in keys */
	ct_buf wa, wb, fa, fb; /* scratch for the trivial test */
} builder;

static int emit(builder *b, char op, size_t os, size_t oe, size_t ns, size_t ne, int trivial)
{
	ct_wdiff *d = b->d;
	ct_wdiff_seg *s;

	if (os == oe && ns == ne)
		return 0;
	if (op == '=' && d->nsegs && d->segs[d->nsegs - 1].op == '=') {
		d->segs[d->nsegs - 1].old_end = oe;
		d->segs[d->nsegs - 1].new_end = ne;
		return 0;
	}
	if (CT_ARRAY_GROW(d->segs, d->nsegs, b->cap, 64) < 0)
		return CT_ERROR;
	s = &d->segs[d->nsegs++];
	s->op = op;
	s->old_start = os;
	s->old_end = oe;
	s->new_start = ns;
	s->new_end = ne;
	s->trivial = op == '=' ? 0 : trivial;
	return 0;
}

/* The words of tokens [a, z) of t, separated by single spaces, into out. */
static int gather_words(ct_buf *out, size_t *nwords, const toks *t, const char *s, size_t a,
                        size_t z)
{
	size_t i;

	ct_buf_reset(out);
	*nwords = 0;
	for (i = a; i < z; i++) {
		if (t->kind[i] != TK_WORD)
			continue;
		if ((*nwords)++ && ct_buf_putc(out, ' ') < 0)
			return CT_ERROR;
		if (ct_buf_put(out, s + t->off.v[i], t->off.v[i + 1] - t->off.v[i]) < 0)
			return CT_ERROR;
	}
	return 0;
}

/*
 * Record one change group: old tokens [a, z) replaced by new tokens [c, e)
 * of the current region. It is trivial when both sides hold the same words
 * once folded (case included), so that only white space, punctuation and
 * letter case differ.
 */
static int emit_change(builder *b, size_t a, size_t z, size_t c, size_t e)
{
	const size_t *oo = b->to.off.v, *no = b->tn.off.v;
	size_t na, nb;
	int trivial = 0;

	if (gather_words(&b->wa, &na, &b->to, b->old, a, z) < 0 ||
	    gather_words(&b->wb, &nb, &b->tn, b->new, c, e) < 0)
		return CT_ERROR;
	if (na == nb) {
		if (b->wa.len == b->wb.len && !memcmp(b->wa.ptr, b->wb.ptr, b->wa.len)) {
			trivial = 1;
		} else {
			if (ct_text_normalize(&b->fa, NULL, b->wa.ptr, b->wa.len, 1) < 0 ||
			    ct_text_normalize(&b->fb, NULL, b->wb.ptr, b->wb.len, 1) < 0)
				return CT_ERROR;
			trivial =
			    b->fa.len == b->fb.len && !memcmp(b->fa.ptr, b->fb.ptr, b->fa.len);
		}
	}
	b->d->words_removed += na;
	b->d->words_added += nb;
	b->d->changes++;
	b->d->trivial_changes += (size_t)trivial;
	if (emit(b, '-', oo[a], oo[z], no[c], no[c], trivial) < 0 ||
	    emit(b, '+', oo[z], oo[z], no[c], no[e], trivial) < 0)
		return CT_ERROR;
	return 0;
}

/*
 * Slide each hunk that only removes or only adds tokens down as far as the
 * equal tokens after it allow (while its first token equals the token after
 * it), as xdiff does: the trimming in diff_region() would otherwise leave
 * "[-. Deleted sentence-]." where xdiff gives ".[- Deleted sentence.-]".
 * Returns 1 when such a hunk ends at the last token (no or nn): had there
 * been more tokens, it might have slid further.
 */
static int slide_down(builder *b, size_t no, size_t nn)
{
	size_t i;
	int at_end = 0;

	for (i = 0; i < b->hs.n; i++) {
		hunk *h = &b->hs.v[i];
		size_t olim = i + 1 < b->hs.n ? b->hs.v[i + 1].os : no;

		if (h->os == h->oe) {
			while (h->ne < nn && h->oe < olim &&
			       same_token(&b->tn, b->new, h->ns, &b->tn, b->new, h->ne)) {
				h->ns++, h->ne++;
				h->os++, h->oe++;
			}
		} else if (h->ns == h->ne) {
			while (h->oe < olim &&
			       same_token(&b->to, b->old, h->os, &b->to, b->old, h->oe)) {
				h->os++, h->oe++;
				h->ns++, h->ne++;
			}
		}
		if ((h->os == h->oe || h->ns == h->ne) && (h->oe == no || h->ne == nn))
			at_end = 1;
	}
	return at_end;
}

/* Whether old tokens [a, z) or new tokens [c, e) of the region hold a word. */
static int has_word(const builder *b, size_t a, size_t z, size_t c, size_t e)
{
	for (; a < z; a++)
		if (b->to.kind[a] == TK_WORD)
			return 1;
	for (; c < e; c++)
		if (b->tn.kind[c] == TK_WORD)
			return 1;
	return 0;
}

/*
 * Join two hunks that both change words when the tokens between them hold
 * no word: a diff that keeps only spaces and commas between rewritten words
 * ("{+The+} [-editor-]{+closing+}") reads better as one change
 * ("[-editor-]{+The closing+}"). A hunk of punctuation alone stays apart,
 * so that it can be told trivial.
 */
static void merge_hunks(builder *b)
{
	size_t i, n = 0;

	for (i = 0; i < b->hs.n; i++) {
		hunk *h = &b->hs.v[i];

		if (n) {
			hunk *last = &b->hs.v[n - 1];

			if (!has_word(b, last->oe, h->os, 0, 0) &&
			    has_word(b, last->os, last->oe, last->ns, last->ne) &&
			    has_word(b, h->os, h->oe, h->ns, h->ne)) {
				last->oe = h->oe;
				last->ne = h->ne;
				continue;
			}
		}
		b->hs.v[n++] = *h;
	}
	b->hs.n = n;
}

/*
 * Step 3 over old[oa, oz) and new[na, nz): tokenize both into b->to and
 * b->tn and find their change groups, in b->hs. The tokens both sides begin
 * and end with are equal; the sequence diff takes those in between, so that
 * its counts of frequent tokens are those of the part that changed. *at_end
 * is set as slide_down() says.
 */
static int region_hunks(builder *b, size_t oa, size_t oz, size_t na, size_t nz, int *at_end)
{
	toks *to = &b->to, *tn = &b->tn;
	size_t i, pre = 0, suf = 0, no, nn;

	b->hs.n = 0;
	if (tokenize(to, b->old, oa, oz) < 0 || tokenize(tn, b->new, na, nz) < 0)
		return CT_ERROR;
	no = ntoks(to);
	nn = ntoks(tn);
	while (pre < no && pre < nn && same_token(to, b->old, pre, tn, b->new, pre))
		pre++;
	while (suf < no - pre && suf < nn - pre &&
	       same_token(to, b->old, no - 1 - suf, tn, b->new, nn - 1 - suf))
		suf++;
	if (pre == no - suf || pre == nn - suf) {
		if ((pre != no - suf || pre != nn - suf) &&
		    hunks_push(&b->hs, pre, no - suf, pre, nn - suf) < 0)
			return CT_ERROR;
	} else {
		size_t mo = no - suf - pre, mn = nn - suf - pre;

		if (RESERVE(b->keys, b->keys_cap, mo + mn) < 0 ||
		    interner_reset(&b->tokens, mo + mn) < 0)
			return CT_ERROR;
		intern_all(&b->tokens, b->keys, b->old, to->off.v + pre, mo);
		intern_all(&b->tokens, b->keys + mo, b->new, tn->off.v + pre, mn);
		if (seq_diff(&b->sd, b->keys, mo, b->keys + mo, mn, b->tokens.n, 0) < 0)
			return CT_ERROR;
		for (i = 0; i < b->sd.hs.n; i++) {
			const hunk *h = &b->sd.hs.v[i];

			if (hunks_push(&b->hs, h->os + pre, h->oe + pre, h->ns + pre, h->ne + pre) <
			    0)
				return CT_ERROR;
		}
	}
	*at_end = slide_down(b, no, nn);
	merge_hunks(b);
	return 0;
}

/* The length of the common prefix of a and b, n bytes each at most. */
static size_t common_prefix(const char *a, const char *b, size_t n)
{
	size_t i = 0;

	for (; n - i >= 8; i += 8) {
		uint64_t x, y;

		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			break;
	}
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

/* The length of the common suffix of a[0, na) and b[0, nb), n bytes at most. */
static size_t common_suffix(const char *a, size_t na, const char *b, size_t nb, size_t n)
{
	size_t i = 0;

	while (i < n && a[na - 1 - i] == b[nb - 1 - i])
		i++;
	return i;
}

/*
 * Whether every tokenization has a token start at s[i] (i > 0): an ASCII
 * space or newline after a visible ASCII character begins a space token,
 * and the token before cannot go on into it.
 */
static int token_starts(const char *s, size_t i)
{
	unsigned char c = (unsigned char)s[i], prev = (unsigned char)s[i - 1];

	return (c == ' ' || c == '\n') && prev > ' ' && prev < 0x80;
}

/*
 * Step 3: diff old[oa, oz) against new[na, nz) token by token. Most of a
 * region is the same bytes on both sides, around a few changed words: only
 * the part between the last sure token start in the common prefix and the
 * first one in the common suffix is tokenized, since the tokens outside are
 * equal and (before) never touched by the diff. A change slid down to the
 * end of the part might slide further: the part then runs to the end.
 */
static int diff_region(builder *b, size_t oa, size_t oz, size_t na, size_t nz)
{
	const char *o = b->old + oa, *n = b->new + na;
	size_t lo = oz - oa, ln = nz - na, shorter = lo < ln ? lo : ln;
	size_t pre = common_prefix(o, n, shorter);
	size_t suf = common_suffix(o, lo, n, ln, shorter - pre);
	size_t from = 0, to = lo, i, po, pn;
	int at_end;

	for (i = pre; i-- > 1;)
		if (token_starts(o, i)) {
			from = i;
			break;
		}
	for (i = lo - suf + 1; i < lo; i++)
		if (token_starts(o, i)) {
			to = i;
			break;
		}
	if (region_hunks(b, oa + from, oa + to, na + from, nz - (lo - to), &at_end) < 0)
		return CT_ERROR;
	if (at_end && to < lo && region_hunks(b, oa + from, oz, na + from, nz, &at_end) < 0)
		return CT_ERROR;
	if (emit(b, '=', oa, oa + from, na, na + from, 0) < 0)
		return CT_ERROR;
	po = pn = 0;
	for (i = 0; i < b->hs.n; i++) {
		const hunk *h = &b->hs.v[i];

		if (emit(b, '=', b->to.off.v[po], b->to.off.v[h->os], b->tn.off.v[pn],
		         b->tn.off.v[h->ns], 0) < 0 ||
		    emit_change(b, h->os, h->oe, h->ns, h->ne) < 0)
			return CT_ERROR;
		po = h->oe;
		pn = h->ne;
	}
	return emit(b, '=', b->to.off.v[po], oz, b->tn.off.v[pn], nz, 0);
}

/*
 * Steps 2 and 3: diff the chunks co of the old text against cn of the new
 * one, then each region of chunks that differ token by token.
 */
static int diff_chunks(builder *b, const offsets *co, const offsets *cn)
{
	size_t no = co->n - 1, nn = cn->n - 1, i, po = 0, pn = 0;

	if (RESERVE(b->keys, b->keys_cap, no + nn) < 0 || interner_reset(&b->tokens, no + nn) < 0)
		return CT_ERROR;
	intern_all(&b->tokens, b->keys, b->old, co->v, no);
	intern_all(&b->tokens, b->keys + no, b->new, cn->v, nn);
	if (seq_diff(&b->sd, b->keys, no, b->keys + no, nn, b->tokens.n, 0) < 0 ||
	    hunks_copy(&b->level1, &b->sd.hs) < 0)
		return CT_ERROR;
	for (i = 0; i < b->level1.n; i++) {
		const hunk *h = &b->level1.v[i];

		if (emit(b, '=', co->v[po], co->v[h->os], cn->v[pn], cn->v[h->ns], 0) < 0 ||
		    diff_region(b, co->v[h->os], co->v[h->oe], cn->v[h->ns], cn->v[h->ne]) < 0)
			return CT_ERROR;
		po = h->oe;
		pn = h->ne;
	}
	return emit(b, '=', co->v[po], co->v[no], cn->v[pn], cn->v[nn], 0);
}

static int paragraphs_changed(size_t *out, const ct_wdiff *d, const char *old, size_t oldlen,
                              const char *new, size_t newlen);

int ct_wdiff_compute(ct_wdiff **out, const char *old, size_t oldlen, const char *new, size_t newlen)
{
	offsets co = {NULL, 0, 0}, cn = {NULL, 0, 0};
	builder b;
	int error = 0;

	*out = NULL;
	memset(&b, 0, sizeof(b));
	ct_buf_init(&b.wa);
	ct_buf_init(&b.wb);
	ct_buf_init(&b.fa);
	ct_buf_init(&b.fb);
	if (!(b.d = calloc(1, sizeof(*b.d)))) {
		error = ct_error_oom();
		goto done;
	}
	b.old = old;
	b.new = new;
	if (oldlen == newlen && (!oldlen || !memcmp(old, new, oldlen))) {
		if ((error = emit(&b, '=', 0, oldlen, 0, newlen, 0)) < 0)
			goto done;
		goto finish;
	}
	if ((error = chunk(&co, old, oldlen)) < 0 || (error = chunk(&cn, new, newlen)) < 0 ||
	    (error = diff_chunks(&b, &co, &cn)) < 0)
		goto done;
finish:
	if ((error = paragraphs_changed(&b.d->paragraphs_changed, b.d, old, oldlen, new, newlen)) <
	    0)
		goto done;
	*out = b.d;
	b.d = NULL;
done:
	ct_wdiff_free(b.d);
	free(co.v);
	free(cn.v);
	toks_release(&b.to);
	toks_release(&b.tn);
	free(b.hs.v);
	free(b.level1.v);
	seqdiff_release(&b.sd);
	interner_release(&b.tokens);
	free(b.keys);
	ct_buf_release(&b.wa);
	ct_buf_release(&b.wb);
	ct_buf_release(&b.fa);
	ct_buf_release(&b.fb);
	return error;
}

void ct_wdiff_free(ct_wdiff *d)
{
	if (!d)
		return;
	free(d->segs);
	free(d);
}

/*
 * The display: the diff's segments cut at paragraph boundaries into parts,
 * and the parts gathered into display paragraphs ("units").
 *
 * A part lies within one paragraph of each text it belongs to, or within the
 * white space between paragraphs (or before the first, after the last): it
 * is then neutral. Walking the parts in order, a part joins the current unit
 * when it shares the unit's latest new paragraph or its latest old paragraph;
 * otherwise it starts a new unit. Neutral parts join the unit only when the
 * parts on both sides of them do (a paragraph break that an edit added or
 * removed inside the unit); else they are the break between two units and
 * are not shown.
 */
#define NONE SIZE_MAX

typedef struct part {
	char op;
	int trivial;
	size_t os, oe, ns, ne;
	size_t opara, npara; /* paragraph of old/new holding the part, or NONE */
} part;

typedef struct unit {
	size_t first, end;   /* parts [first, end) */
	size_t opara, npara; /* first old/new paragraph it holds, or NONE */
	int changed;         /* holds a '-' or '+' part */
	int substantive;     /* holds a '-' or '+' part that is not trivial */
} unit;

/*
 * Where the walk over the parts stands (see gather_units): the latest old
 * and new paragraphs of the open unit, NONE when none is open.
 */
typedef struct grouping {
	size_t last_o, last_n;
} grouping;

typedef struct layout {
	part *parts;
	size_t nparts, pcap;
	unit *units;
	size_t nunits, ucap;
	int count_only;  /* parts are not kept, only the changed units counted: */
	grouping g;      /* where the walk stands, */
	int open;        /* whether a unit is open, */
	int changed;     /* whether it holds a change, */
	int waiting;     /* whether neutral parts that hold a change wait to join it, */
	size_t nchanged; /* and how many changed units were closed */
} layout;

static void layout_release(layout *l)
{
	free(l->parts);
	free(l->units);
	memset(l, 0, sizeof(*l));
}

/* A walk over the paragraphs of one text, at offsets that never decrease. */
typedef struct cursor {
	const ct_segment *p;
	size_t n, i;
} cursor;

/* The paragraph holding pos (or NONE), and in *limit where that answer changes. */
static size_t cursor_at(cursor *c, size_t pos, size_t *limit)
{
	while (c->i < c->n && c->p[c->i].end <= pos)
		c->i++;
	if (c->i < c->n && c->p[c->i].start <= pos) {
		*limit = c->p[c->i].end;
		return c->i;
	}
	*limit = c->i < c->n ? c->p[c->i].start : SIZE_MAX;
	return NONE;
}

/*
 * The walk's step for a part in opara and npara: 1 when it starts a unit, 0
 * when it joins the open one, -1 when it is neutral (it joins the open unit
 * only if the next part that is not neutral does).
 */
static int group_step(grouping *g, size_t opara, size_t npara)
{
	int starts;

	if (opara == NONE && npara == NONE)
		return -1;
	starts = !((npara != NONE && npara == g->last_n) || (opara != NONE && opara == g->last_o));
	if (starts)
		g->last_o = g->last_n = NONE;
	if (opara != NONE)
		g->last_o = opara;
	if (npara != NONE)
		g->last_n = npara;
	return starts;
}

/* A part for a layout that only counts the changed units: step the walk. */
static void count_part(layout *l, char op, size_t opara, size_t npara)
{
	int step = group_step(&l->g, opara, npara);

	if (step < 0) {
		l->waiting |= op != '=';
		return;
	}
	if (step) {
		l->nchanged += (size_t)(l->open && l->changed);
		l->open = 1;
		l->changed = 0;
	} else {
		l->changed |= l->waiting;
	}
	l->changed |= op != '=';
	l->waiting = 0;
}

static int push_part(layout *l, const ct_wdiff_seg *s, size_t os, size_t oe, size_t ns, size_t ne,
                     size_t opara, size_t npara)
{
	part *p;

	if (l->count_only) {
		count_part(l, s->op, opara, npara);
		return 0;
	}
	if (CT_ARRAY_GROW(l->parts, l->nparts, l->pcap, 64) < 0)
		return CT_ERROR;
	p = &l->parts[l->nparts++];
	p->op = s->op;
	p->trivial = s->trivial;
	p->os = os;
	p->oe = oe;
	p->ns = ns;
	p->ne = ne;
	p->opara = opara;
	p->npara = npara;
	return 0;
}

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

static int split_parts(layout *l, const ct_wdiff *d, cursor *co, cursor *cn)
{
	size_t i;

	for (i = 0; i < d->nsegs; i++) {
		const ct_wdiff_seg *s = &d->segs[i];
		size_t pos, lo, ln, a, b, end;

		if (s->op == '=') {
			for (pos = s->old_start; pos < s->old_end; pos = end) {
				size_t npos = s->new_start + (pos - s->old_start);

				a = cursor_at(co, pos, &lo);
				b = cursor_at(cn, npos, &ln);
				end = pos + min3(s->old_end - pos, lo - pos, ln - npos);
				if (push_part(l, s, pos, end, npos, npos + (end - pos), a, b) < 0)
					return CT_ERROR;
			}
		} else if (s->op == '-') {
			for (pos = s->old_start; pos < s->old_end; pos = end) {
				a = cursor_at(co, pos, &lo);
				end = lo < s->old_end ? lo : s->old_end;
				if (push_part(l, s, pos, end, s->new_start, s->new_start, a, NONE) <
				    0)
					return CT_ERROR;
			}
		} else {
			for (pos = s->new_start; pos < s->new_end; pos = end) {
				b = cursor_at(cn, pos, &ln);
				end = ln < s->new_end ? ln : s->new_end;
				if (push_part(l, s, s->old_start, s->old_start, pos, end, NONE, b) <
				    0)
					return CT_ERROR;
			}
		}
	}
	return 0;
}

static int gather_units(layout *l)
{
	grouping g = {NONE, NONE};
	size_t i;
	unit *u = NULL;

	for (i = 0; i < l->nparts; i++) {
		const part *p = &l->parts[i];
		int step = group_step(&g, p->opara, p->npara);

		if (step < 0)
			continue;
		if (!step) {
			u->end = i + 1;
		} else {
			if (CT_ARRAY_GROW(l->units, l->nunits, l->ucap, 32) < 0)
				return CT_ERROR;
			u = &l->units[l->nunits++];
			u->first = i;
			u->end = i + 1;
			u->opara = u->npara = NONE;
		}
		if (u->opara == NONE)
			u->opara = p->opara;
		if (u->npara == NONE)
			u->npara = p->npara;
	}
	for (i = 0; i < l->nunits; i++) {
		size_t k;

		u = &l->units[i];
		u->changed = u->substantive = 0;
		for (k = u->first; k < u->end; k++) {
			if (l->parts[k].op == '=')
				continue;
			u->changed = 1;
			if (!l->parts[k].trivial)
				u->substantive = 1;
		}
	}
	return 0;
}

/*
 * Lay out the diff d of old and new. With count_only, only l->nchanged is
 * set: the number of units that hold a change (no part is kept).
 */
static int layout_build(layout *l, const ct_wdiff *d, const char *old, size_t oldlen,
                        const char *new, size_t newlen, int count_only)
{
	ct_segment *po = NULL, *pn = NULL;
	size_t npo = 0, npn = 0;
	cursor co, cn;
	int error;

	memset(l, 0, sizeof(*l));
	l->count_only = count_only;
	l->g.last_o = l->g.last_n = NONE;
	if ((error = ct_segment_paragraphs(&po, &npo, old, oldlen)) < 0 ||
	    (error = ct_segment_paragraphs(&pn, &npn, new, newlen)) < 0)
		goto done;
	co.p = po;
	co.n = npo;
	co.i = 0;
	cn.p = pn;
	cn.n = npn;
	cn.i = 0;
	if ((error = split_parts(l, d, &co, &cn)) < 0)
		goto done;
	if (count_only)
		l->nchanged += (size_t)(l->open && l->changed);
	else if ((error = gather_units(l)) < 0)
		goto done;
done:
	if (error < 0)
		layout_release(l);
	free(po);
	free(pn);
	return error;
}

static int paragraphs_changed(size_t *out, const ct_wdiff *d, const char *old, size_t oldlen,
                              const char *new, size_t newlen)
{
	layout l;

	*out = 0;
	if (layout_build(&l, d, old, oldlen, new, newlen, 1) < 0)
		return CT_ERROR;
	*out = l.nchanged;
	layout_release(&l);
	return 0;
}

/* Whether a unit is shown as changed under `flags`. */
static int unit_changed(const unit *u, unsigned flags)
{
	return (flags & CT_WDIFF_IGNORE_TRIVIAL) ? u->substantive : u->changed;
}

/*
 * A run of text as shown: op '=' (text of new), '-' (of old) or '+' (of
 * new), after CT_WDIFF_IGNORE_TRIVIAL has folded trivial pieces away.
 */
typedef struct run {
	char op;
	int trivial;
	const char *text;
	size_t len;
} run;

typedef int (*run_fn)(const run *r, void *payload);

/* Call fn for each run of unit u, merging adjacent parts shown alike. */
static int unit_runs(const layout *l, const unit *u, const char *old, const char *new,
                     unsigned flags, run_fn fn, void *payload)
{
	run cur = {0, 0, NULL, 0};
	size_t k;

	for (k = u->first; k < u->end; k++) {
		const part *p = &l->parts[k];
		run r;

		r.op = p->op;
		r.trivial = p->trivial;
		if ((flags & CT_WDIFF_IGNORE_TRIVIAL) && p->trivial) {
			if (p->op == '-')
				continue;
			r.op = '=';
		}
		if (r.op == '=')
			r.trivial = 0;
		r.text = p->op == '-' ? old + p->os : new + p->ns;
		r.len = p->op == '-' ? p->oe - p->os : p->ne - p->ns;
		if (cur.op == r.op && cur.trivial == r.trivial && cur.text + cur.len == r.text) {
			cur.len += r.len;
			continue;
		}
		if (cur.op && fn(&cur, payload) < 0)
			return CT_ERROR;
		cur = r;
	}
	if (cur.op && fn(&cur, payload) < 0)
		return CT_ERROR;
	return 0;
}

typedef struct render_state {
	ct_buf *out;
	unsigned flags;
} render_state;

/* Append text, closing and reopening the colour `sgr` around each newline. */
static int put_colored(ct_buf *out, const char *sgr, const char *text, size_t len)
{
	size_t i = 0;

	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t k = nl ? (size_t)(nl - text) - i : len - i;

		if (k && (ct_buf_puts(out, sgr) < 0 || ct_buf_put(out, text + i, k) < 0 ||
		          ct_buf_puts(out, "\033[m") < 0))
			return CT_ERROR;
		i += k;
		if (nl) {
			if (ct_buf_putc(out, '\n') < 0)
				return CT_ERROR;
			i++;
		}
	}
	return 0;
}

static int render_run(const run *r, void *payload)
{
	render_state *st = payload;
	ct_buf *out = st->out;

	if (r->op == '=')
		return ct_buf_put(out, r->text, r->len);
	if (st->flags & CT_WDIFF_COLOR)
		return put_colored(out, r->op == '-' ? "\033[31m" : "\033[32m", r->text, r->len);
	if (ct_buf_puts(out, r->op == '-' ? "[-" : "{+") < 0 ||
	    ct_buf_put(out, r->text, r->len) < 0 ||
	    ct_buf_puts(out, r->op == '-' ? "-]" : "+}") < 0)
		return CT_ERROR;
	return 0;
}

int ct_wdiff_render(ct_buf *out, const ct_wdiff *d, const char *old, size_t oldlen, const char *new,
                    size_t newlen, unsigned flags, unsigned context)
{
	layout l;
	unsigned char *shown = NULL;
	render_state st = {out, flags};
	size_t i, k, size;
	int error = 0;

	if (layout_build(&l, d, old, oldlen, new, newlen, 0) < 0)
		return CT_ERROR;
	if (l.nunits && !(shown = calloc(l.nunits, 1))) {
		error = ct_error_oom();
		goto done;
	}
	for (i = 0; i < l.nunits; i++) {
		if (!unit_changed(&l.units[i], flags))
			continue;
		for (k = i >= context ? i - context : 0; k < l.nunits && k <= i + context; k++)
			shown[k] = 1;
	}
	/*
	 * Room for what is shown, about, at once: long texts make long
	 * outputs, which would otherwise be copied at every doubling.
	 */
	for (i = 0, size = 0; i < l.nunits; i++)
		for (k = l.units[i].first; shown[i] && k < l.units[i].end; k++)
			size += l.parts[k].oe - l.parts[k].os + l.parts[k].ne - l.parts[k].ns + 8;
	if ((error = ct_buf_grow(out, size)) < 0)
		goto done;
	for (i = 0; i < l.nunits; i++) {
		const unit *u = &l.units[i];
		const char *color = (flags & CT_WDIFF_COLOR) ? "\033[36m" : "";
		const char *reset = (flags & CT_WDIFF_COLOR) ? "\033[m" : "";

		if (!shown[i])
			continue;
		if (u->npara != NONE)
			error = ct_buf_printf(out, "%s@@ paragraph %zu @@%s\n", color, u->npara + 1,
			                      reset);
		else
			error = ct_buf_printf(out, "%s@@ old paragraph %zu @@%s\n", color,
			                      u->opara + 1, reset);
		if (error < 0 || (error = unit_runs(&l, u, old, new, flags, render_run, &st)) < 0 ||
		    (error = ct_buf_putc(out, '\n')) < 0)
			goto done;
	}
done:
	free(shown);
	layout_release(&l);
	return error;
}

/* Append one run to a JSON array of segments. */
static int json_run(const run *r, void *payload)
{
	json_t *segs = payload, *o, *text;
	char op[2] = {r->op, '\0'};

	if (!(text = json_stringn(r->text, r->len)))
		return ct_error_set(CT_EINVALID, "text is not valid UTF-8");
	/* Built by hand: json_pack() costs several times as much, on thousands of runs. */
	if (!(o = json_object())) {
		json_decref(text);
		return ct_error_oom();
	}
	/* "text" first: a failed set frees the value it was given, and only that one. */
	if (json_object_set_new_nocheck(o, "text", text) < 0 ||
	    json_object_set_new_nocheck(o, "op", json_string_nocheck(op)) < 0 ||
	    (r->op != '=' &&
	     json_object_set_new_nocheck(o, "trivial", json_boolean(r->trivial)) < 0)) {
		json_decref(o);
		return ct_error_oom();
	}
	if (json_array_append_new(segs, o) < 0)
		return ct_error_oom();
	return 0;
}

json_t *ct_wdiff_to_json(const ct_wdiff *d, const char *old, size_t oldlen, const char *new,
                         size_t newlen, unsigned flags)
{
	layout l;
	json_t *root = NULL, *paras = NULL, *result = NULL;
	size_t i;

	if (layout_build(&l, d, old, oldlen, new, newlen, 0) < 0)
		return NULL;
	root = json_pack("{s:{s:I,s:I,s:I,s:I,s:I},s:[]}", "stat", "words_removed",
	                 (json_int_t)d->words_removed, "words_added", (json_int_t)d->words_added,
	                 "changes", (json_int_t)d->changes, "trivial_changes",
	                 (json_int_t)d->trivial_changes, "paragraphs_changed",
	                 (json_int_t)d->paragraphs_changed, "paragraphs");
	if (!root) {
		ct_error_oom();
		goto done;
	}
	paras = json_object_get(root, "paragraphs");
	for (i = 0; i < l.nunits; i++) {
		const unit *u = &l.units[i];
		json_t *p, *segs;

		if (!unit_changed(u, flags))
			continue;
		p = json_pack(
		    "{s:o,s:o,s:[]}", "old",
		    u->opara == NONE ? json_null() : json_integer((json_int_t)u->opara + 1), "new",
		    u->npara == NONE ? json_null() : json_integer((json_int_t)u->npara + 1),
		    "segments");
		if (!p || json_array_append_new(paras, p) < 0) {
			ct_error_oom();
			goto done;
		}
		segs = json_object_get(p, "segments");
		if (unit_runs(&l, u, old, new, flags, json_run, segs) < 0)
			goto done;
	}
	result = root;
	root = NULL;
done:
	json_decref(root);
	layout_release(&l);
	return result;
}
