/* core/text/wdiff.c: word diff of two revisions of a text, and its display paragraphs. */
#include "wdiff.h"
#include "error.h"
#include "segment.h"
#include "seqdiff.h"
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

/* The word diff's arrays start at 16 entries (see ct_array_reserve). */
#define RESERVE(p, cap, need) CT_ARRAY_RESERVE(p, cap, need, 16)

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
		if (ascii_word(c) || (c >= 0x80 && ct_token_classify(cp, CT_TOKEN_DIFF) == CT_TOKEN_WORD)) {
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

/* The diff under construction. */
typedef struct builder {
	ct_wdiff *d;
	size_t cap;
	const char *old, *new;
	toks to, tn;           /* the tokens of the current region */
	ct_seqdiff_hunks level1; /* the hunks of the chunk diff */
	ct_seqdiff_hunks hs;     /* the hunks of the current region */
	ct_seqdiff *sd;          /* scratch for the sequence diff */
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
		ct_seqdiff_hunk *h = &b->hs.v[i];
		size_t olim = i + 1 < b->hs.n ? b->hs.v[i + 1].old_start : no;

		if (h->old_start == h->old_end) {
			while (h->new_end < nn && h->old_end < olim &&
			       same_token(&b->tn, b->new, h->new_start, &b->tn, b->new, h->new_end)) {
				h->new_start++, h->new_end++;
				h->old_start++, h->old_end++;
			}
		} else if (h->new_start == h->new_end) {
			while (h->old_end < olim &&
			       same_token(&b->to, b->old, h->old_start, &b->to, b->old, h->old_end)) {
				h->old_start++, h->old_end++;
				h->new_start++, h->new_end++;
			}
		}
		if ((h->old_start == h->old_end || h->new_start == h->new_end) && (h->old_end == no || h->new_end == nn))
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
		ct_seqdiff_hunk *h = &b->hs.v[i];

		if (n) {
			ct_seqdiff_hunk *last = &b->hs.v[n - 1];

			if (!has_word(b, last->old_end, h->old_start, 0, 0) &&
			    has_word(b, last->old_start, last->old_end, last->new_start, last->new_end) &&
			    has_word(b, h->old_start, h->old_end, h->new_start, h->new_end)) {
				last->old_end = h->old_end;
				last->new_end = h->new_end;
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
		    ct_seqdiff_hunks_push(&b->hs, pre, no - suf, pre, nn - suf) < 0)
			return CT_ERROR;
	} else {
		if (ct_seqdiff_strings(&b->hs, b->sd, b->old, to->off.v + pre, no - suf - pre,
		                       b->new, tn->off.v + pre, nn - suf - pre, 0) < 0)
			return CT_ERROR;
		for (i = 0; i < b->hs.n; i++) {
			ct_seqdiff_hunk *h = &b->hs.v[i];

			h->old_start += pre;
			h->old_end += pre;
			h->new_start += pre;
			h->new_end += pre;
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
		const ct_seqdiff_hunk *h = &b->hs.v[i];

		if (emit(b, '=', b->to.off.v[po], b->to.off.v[h->old_start], b->tn.off.v[pn],
		         b->tn.off.v[h->new_start], 0) < 0 ||
		    emit_change(b, h->old_start, h->old_end, h->new_start, h->new_end) < 0)
			return CT_ERROR;
		po = h->old_end;
		pn = h->new_end;
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

	if ((!b->sd && ct_seqdiff_new(&b->sd) < 0) ||
	    ct_seqdiff_strings(&b->level1, b->sd, b->old, co->v, no, b->new, cn->v, nn, 0) < 0)
		return CT_ERROR;
	for (i = 0; i < b->level1.n; i++) {
		const ct_seqdiff_hunk *h = &b->level1.v[i];

		if (emit(b, '=', co->v[po], co->v[h->old_start], cn->v[pn], cn->v[h->new_start], 0) < 0 ||
		    diff_region(b, co->v[h->old_start], co->v[h->old_end], cn->v[h->new_start], cn->v[h->new_end]) < 0)
			return CT_ERROR;
		po = h->old_end;
		pn = h->new_end;
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
	ct_seqdiff_free(b.sd);
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
#define NONE CT_WDIFF_NONE

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

typedef ct_wdiff_run run;
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

struct ct_wdiff_display {
	layout l;
	const char *old, *new; /* the texts, borrowed */
	unsigned flags;
};

int ct_wdiff_display_new(ct_wdiff_display **out, const ct_wdiff *d, const char *old,
                         size_t oldlen, const char *new, size_t newlen, unsigned flags)
{
	ct_wdiff_display *disp;

	*out = NULL;
	if (!(disp = calloc(1, sizeof(*disp))))
		return ct_error_oom();
	if (layout_build(&disp->l, d, old, oldlen, new, newlen, 0) < 0) {
		free(disp);
		return CT_ERROR;
	}
	disp->old = old;
	disp->new = new;
	disp->flags = flags;
	*out = disp;
	return 0;
}

void ct_wdiff_display_free(ct_wdiff_display *disp)
{
	if (!disp)
		return;
	layout_release(&disp->l);
	free(disp);
}

size_t ct_wdiff_display_count(const ct_wdiff_display *disp)
{
	return disp->l.nunits;
}

void ct_wdiff_display_para(ct_wdiff_para *out, const ct_wdiff_display *disp, size_t i)
{
	const unit *u = &disp->l.units[i];

	out->old_para = u->opara;
	out->new_para = u->npara;
	out->changed = unit_changed(u, disp->flags);
}

size_t ct_wdiff_display_size(const ct_wdiff_display *disp, size_t i)
{
	const unit *u = &disp->l.units[i];
	size_t k, size = 0;

	for (k = u->first; k < u->end; k++) {
		const part *p = &disp->l.parts[k];

		size += p->oe - p->os + p->ne - p->ns + 8;
	}
	return size;
}

int ct_wdiff_display_runs(const ct_wdiff_display *disp, size_t i,
                          int (*fn)(const ct_wdiff_run *run, void *payload), void *payload)
{
	return unit_runs(&disp->l, &disp->l.units[i], disp->old, disp->new, disp->flags, fn,
	                 payload);
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
	ct_wdiff_display *disp = NULL;
	json_t *root = NULL, *paras = NULL, *result = NULL;
	size_t i;

	if (ct_wdiff_display_new(&disp, d, old, oldlen, new, newlen, flags) < 0)
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
	for (i = 0; i < ct_wdiff_display_count(disp); i++) {
		ct_wdiff_para u;
		json_t *p, *segs;

		ct_wdiff_display_para(&u, disp, i);
		if (!u.changed)
			continue;
		p = json_pack(
		    "{s:o,s:o,s:[]}", "old",
		    u.old_para == NONE ? json_null() : json_integer((json_int_t)u.old_para + 1), "new",
		    u.new_para == NONE ? json_null() : json_integer((json_int_t)u.new_para + 1),
		    "segments");
		if (!p || json_array_append_new(paras, p) < 0) {
			ct_error_oom();
			goto done;
		}
		segs = json_object_get(p, "segments");
		if (ct_wdiff_display_runs(disp, i, json_run, segs) < 0)
			goto done;
	}
	result = root;
	root = NULL;
done:
	json_decref(root);
	ct_wdiff_display_free(disp);
	return result;
}
