/* core/text/seqdiff.c: the diff of two sequences of hashed items (Myers, refined as xdiff). */
#include "seqdiff.h"
#include "buf.h"
#include "error.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

uint64_t ct_seqdiff_hash(const char *s, size_t len)
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

int ct_seqdiff_hunks_push(ct_seqdiff_hunks *hs, size_t old_start, size_t old_end, size_t new_start,
                          size_t new_end)
{
	ct_seqdiff_hunk *h;

	if (CT_ARRAY_GROW(hs->v, hs->n, hs->cap, 64) < 0)
		return CT_ERROR;
	h = &hs->v[hs->n++];
	h->old_start = old_start;
	h->old_end = old_end;
	h->new_start = new_start;
	h->new_end = new_end;
	return 0;
}

/* A box of the search: elements [off1, lim1) of a against [off2, lim2) of b. */
typedef struct box {
	ptrdiff_t off1, lim1, off2, lim2;
	int minimal;
} box;

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

/*
 * The scratch space of the sequence diff, kept from one call to the next
 * (the word diff makes one call per changed region). Zeroed, it is empty;
 * seqdiff_release() frees what it holds.
 */
struct ct_seqdiff {
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
	interner strings;      /* the keys of ct_seqdiff_strings() */
	uint64_t *keys;        /* those keys: a's, then b's */
	size_t keys_cap;       /* entries allocated in keys */
};
typedef struct ct_seqdiff seqdiff;

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
	free(sd->strings.slots);
	free(sd->strings.str);
	free(sd->strings.len);
	free(sd->keys);
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
 * Diff a (na keys) against b (nb keys): the hunks go to out (emptied
 * first). Equal keys are equal elements; nkeys > 0 says that all keys are
 * below it (as an interner's are). Returns 0, or CT_ERROR when out of memory
 * (or the sequences are longer than the class numbers allow).
 */
static int seq_diff(ct_seqdiff_hunks *out, seqdiff *sd, const uint64_t *a, size_t na,
                    const uint64_t *b, size_t nb, size_t nkeys, int minimal)
{
	size_t pre = 0, suf = 0, nra, nrb, i, j;
	const uint32_t *cla, *clb;
	unsigned char *chga, *chgb, *kinda, *kindb;

	out->n = 0;
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
			if (ct_seqdiff_hunks_push(out, i0, i, j0, j) < 0)
				return CT_ERROR;
		}
		i += i < na;
		j += j < nb;
	}
	return 0;
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
	uint64_t h = ct_seqdiff_hash(s, len);
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

/* Hand the hunks of hs to the caller of a one-shot diff: *out and *count, or NULL and 0. */
static void export_hunks(ct_seqdiff_hunk **out, size_t *count, ct_seqdiff_hunks *hs)
{
	if (hs->n) {
		*out = hs->v;
		*count = hs->n;
	} else {
		free(hs->v);
	}
	hs->v = NULL;
}

int ct_seqdiff_hashes(ct_seqdiff_hunk **out, size_t *count, const uint64_t *old, size_t nold,
                      const uint64_t *new, size_t nnew, int minimal)
{
	ct_seqdiff_hunks hs = {NULL, 0, 0};
	seqdiff sd;
	int error;

	*out = NULL;
	*count = 0;
	memset(&sd, 0, sizeof(sd));
	if ((error = seq_diff(&hs, &sd, old, nold, new, nnew, 0, minimal)) == 0)
		export_hunks(out, count, &hs);
	free(hs.v);
	seqdiff_release(&sd);
	return error;
}

int ct_seqdiff_new(ct_seqdiff **out)
{
	if (!(*out = calloc(1, sizeof(**out))))
		return ct_error_oom();
	return 0;
}

void ct_seqdiff_free(ct_seqdiff *sd)
{
	if (!sd)
		return;
	seqdiff_release(sd);
	free(sd);
}

int ct_seqdiff_strings(ct_seqdiff_hunks *out, ct_seqdiff *sd, const char *a, const size_t *aoff,
                       size_t na, const char *b, const size_t *boff, size_t nb, int minimal)
{
	out->n = 0;
	if (RESERVE(sd->keys, sd->keys_cap, na + nb + 1) < 0 ||
	    interner_reset(&sd->strings, na + nb) < 0)
		return CT_ERROR;
	intern_all(&sd->strings, sd->keys, a, aoff, na);
	intern_all(&sd->strings, sd->keys + na, b, boff, nb);
	return seq_diff(out, sd, sd->keys, na, sd->keys + na, nb, sd->strings.n, minimal);
}

/* A growable array of offsets. */
typedef struct offsets {
	size_t *v;
	size_t n, cap;
} offsets;

/* The line boundaries of s (len bytes) into o: line i is [o->v[i], o->v[i + 1]). */
static int split_lines(offsets *o, const char *s, size_t len)
{
	size_t pos = 0;
	const char *nl;

	o->n = 0;
	for (;;) {
		if (CT_ARRAY_GROW(o->v, o->n, o->cap, 256) < 0)
			return CT_ERROR;
		o->v[o->n++] = pos;
		if (pos == len)
			return 0;
		nl = memchr(s + pos, '\n', len - pos);
		pos = nl ? (size_t)(nl - s) + 1 : len;
	}
}

int ct_seqdiff_lines(ct_seqdiff_hunk **out, size_t *count, const char *old, size_t oldlen,
                     const char *new, size_t newlen, int minimal)
{
	offsets lo = {NULL, 0, 0}, ln = {NULL, 0, 0};
	ct_seqdiff_hunks hs = {NULL, 0, 0};
	seqdiff sd;
	int error;

	*out = NULL;
	*count = 0;
	memset(&sd, 0, sizeof(sd));
	if ((error = split_lines(&lo, old, oldlen)) < 0 ||
	    (error = split_lines(&ln, new, newlen)) < 0 ||
	    (error = ct_seqdiff_strings(&hs, &sd, old, lo.v, lo.n - 1, new, ln.v, ln.n - 1,
	                                minimal)) < 0)
		goto done;
	export_hunks(out, count, &hs);
done:
	free(lo.v);
	free(ln.v);
	free(hs.v);
	seqdiff_release(&sd);
	return error;
}

