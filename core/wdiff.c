/* core/wdiff.c: word diff of two revisions of a text, and its rendering. */
#include "wdiff.h"
#include "error.h"
#include "segment.h"
#include "text.h"

#include <git2.h>
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
 * 2. libgit2 diffs the two sequences of chunks, one hash of a chunk a line.
 * 3. Every hunk of that diff (a region of old chunks against a region of new
 *    chunks) is tokenised and, past the tokens both sides start and end
 *    with, diffed again, one escaped token a line. Its hunks are slid and
 *    joined (slide_down, merge_hunks); each is then one change group, and the
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

static size_t decode(const char *s, size_t len, int32_t *cp)
{
	utf8proc_ssize_t n;

	if ((unsigned char)s[0] < 0x80) {
		*cp = (unsigned char)s[0];
		return 1;
	}
	n = utf8proc_iterate((const utf8proc_uint8_t *)s, len > 4 ? 4 : (utf8proc_ssize_t)len, cp);
	if (n <= 0) {
		*cp = -1;
		return 1;
	}
	return (size_t)n;
}

/* The length of the white-space character at s[0, len), or 0. */
static size_t space_len(const char *s, size_t len)
{
	if ((unsigned char)s[0] < 0x80)
		return ascii_space((unsigned char)s[0]);
	return ct_segment_space_len(s, len);
}

static int is_word_cp(int32_t cp)
{
	utf8proc_category_t c;

	if (cp < 0x80)
		return cp >= 0 && ascii_word((unsigned char)cp);
	c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

static int is_letter_cp(int32_t cp)
{
	utf8proc_category_t c;

	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static int is_digit_cp(int32_t cp)
{
	if (cp < 0x80)
		return cp >= '0' && cp <= '9';
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
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
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 256;
		size_t *v = realloc(o->v, cap * sizeof(*v));

		if (!v)
			return ct_error_oom();
		o->v = v;
		o->cap = cap;
	}
	o->v[o->n++] = x;
	return 0;
}

/* Copy s[0,len) escaped ('\\' -> "\\\\", '\n' -> "\\n") to dst; return the end. */
static char *escape(char *dst, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\\' || s[i] == '\n') {
			*dst++ = '\\';
			*dst++ = s[i] == '\n' ? 'n' : '\\';
		} else {
			*dst++ = s[i];
		}
	}
	return dst;
}

/* A 64-bit hash of s[0, len), eight bytes at a time. */
static uint64_t hash64(const char *s, size_t len)
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
 * Step 1: the chunk boundaries of s (len bytes), as offsets into `out`:
 * chunk i is s[out->v[i], out->v[i+1]); the last entry is len. A chunk
 * begins with the white space before it: a sentence that is followed by a
 * paragraph break in one text and by nothing in the other (a paragraph added
 * after it) is still the same chunk. The lines form goes to *lines (a new
 * buffer of *lines_len bytes, freed by the caller): not the chunk itself but
 * a 64-bit hash of it, in hex, one a line. libgit2 hashes every buffer it
 * diffs (SHA-1, for the delta's ids) and xdiff hashes every line: this keeps
 * both to a few bytes a sentence. Equal hashes are checked byte for byte
 * afterwards (see diff_chunks).
 */
static int chunk(offsets *out, char **lines, size_t *lines_len, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t pos = 0, i;
	char *p;

	*lines = NULL;
	*lines_len = 0;
	out->n = 0;
	if (offsets_push(out, 0) < 0)
		return CT_ERROR;
	/*
	 * Only terminators, newlines and non-ASCII characters (which may be
	 * terminators or closing quotes) can start a chunk boundary: skip the
	 * rest a byte at a time, with one well-predicted test.
	 */
	while (pos < len) {
		unsigned char c = (unsigned char)s[pos];
		int32_t cp;
		size_t q, k, start;

		if (c < 0x80 && c != '.' && c != '!' && c != '?' && c != '\n') {
			pos++;
			continue;
		}
		if (c == '\n') {
			q = start = ct_segment_space_start(s, out->v[out->n - 1], pos);
		} else {
			k = decode(s + pos, len - pos, &cp);
			if (!is_terminator_cp(cp)) {
				pos += k;
				continue;
			}
			/* Terminators, closing quotes, then white space to start a chunk. */
			for (q = pos + k; q < len; q += k) {
				k = decode(s + q, len - q, &cp);
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
	if (!(p = *lines = malloc(17 * out->n + 1)))
		return ct_error_oom();
	for (i = 0; i + 1 < out->n; i++) {
		uint64_t h = hash64(s + out->v[i], out->v[i + 1] - out->v[i]);
		int k;

		for (k = 60; k >= 0; k -= 4)
			*p++ = hex[(h >> k) & 15];
		*p++ = '\n';
	}
	*lines_len = (size_t)(p - *lines);
	return 0;
}

/*
 * The tokens of one region of a text, with their lines form. Reused from one
 * region to the next.
 */
typedef struct toks {
	offsets off;         /* n + 1 offsets into the text: token i is [off[i], off[i+1]) */
	unsigned char *kind; /* n kinds (TK_*) */
	size_t kcap;
	char *lines; /* some of the tokens, escaped, one a line */
	size_t lines_cap;
} toks;

static void toks_release(toks *t)
{
	free(t->off.v);
	free(t->kind);
	free(t->lines);
}

/* The number of tokens. */
static size_t ntoks(const toks *t)
{
	return t->off.n ? t->off.n - 1 : 0;
}

static int toks_push(toks *t, size_t start, unsigned char kind)
{
	if (t->off.n == t->kcap) {
		size_t cap = t->kcap ? t->kcap * 2 : 256;
		unsigned char *k = realloc(t->kind, cap);

		if (!k)
			return ct_error_oom();
		t->kind = k;
		t->kcap = cap;
	}
	t->kind[t->off.n] = kind;
	return offsets_push(&t->off, start);
}

/* The end of the word token that starts at pos with the word character cp. */
static size_t word_end(const char *s, size_t len, size_t pos, int32_t cp)
{
	int32_t last = cp;

	pos += decode(s + pos, len - pos, &cp);
	while (pos < len) {
		size_t k, k2;
		int32_t next;

		if (ascii_word((unsigned char)s[pos])) {
			while (pos < len && ascii_word((unsigned char)s[pos]))
				pos++;
			last = (unsigned char)s[pos - 1];
			continue;
		}
		k = decode(s + pos, len - pos, &cp);
		if (is_word_cp(cp)) {
			last = cp;
			pos += k;
			continue;
		}
		if (pos + k >= len)
			break;
		k2 = decode(s + pos + k, len - pos - k, &next);
		if (((cp == '\'' || cp == 0x2019) && is_letter_cp(last) && is_letter_cp(next)) ||
		    ((cp == '.' || cp == ',') && is_digit_cp(last) && is_digit_cp(next))) {
			last = next;
			pos += k + k2;
			continue;
		}
		break;
	}
	return pos;
}

/*
 * Step 3: cut s[a, z) (a and z on chunk boundaries) into tokens. Offsets
 * stay those of the whole text.
 */
static int tokenize(toks *t, const char *s, size_t a, size_t z)
{
	size_t pos = a;

	t->off.n = 0;
	while (pos < z) {
		size_t start = pos, sp;
		int32_t cp;

		if ((sp = space_len(s + pos, z - pos))) {
			while (sp) {
				pos += sp;
				sp = pos < z ? space_len(s + pos, z - pos) : 0;
			}
			if (toks_push(t, start, TK_SPACE) < 0)
				return CT_ERROR;
			continue;
		}
		decode(s + pos, z - pos, &cp);
		if (is_word_cp(cp)) {
			pos = word_end(s, z, pos, cp);
			if (toks_push(t, start, TK_WORD) < 0)
				return CT_ERROR;
			continue;
		}
		pos += decode(s + pos, z - pos, &cp);
		if (toks_push(t, start, TK_PUNCT) < 0)
			return CT_ERROR;
	}
	return offsets_push(&t->off, z);
}

/* Write tokens [a, z) of t in the lines form; return its length in *len. */
static int write_lines(toks *t, size_t *len, const char *s, size_t a, size_t z)
{
	size_t need = 2 * (t->off.v[z] - t->off.v[a]) + (z - a) + 1, i;
	char *p;

	if (need > t->lines_cap) {
		free(t->lines);
		if (!(t->lines = malloc(need))) {
			t->lines_cap = 0;
			return ct_error_oom();
		}
		t->lines_cap = need;
	}
	p = t->lines;
	for (i = a; i < z; i++) {
		p = escape(p, s + t->off.v[i], t->off.v[i + 1] - t->off.v[i]);
		*p++ = '\n';
	}
	*len = (size_t)(p - t->lines);
	return 0;
}

/* Whether token i of t (in s) and token j of u (in r) are the same bytes. */
static int same_token(const toks *t, const char *s, size_t i, const toks *u, const char *r,
                      size_t j)
{
	size_t n = t->off.v[i + 1] - t->off.v[i];

	return n == u->off.v[j + 1] - u->off.v[j] && !memcmp(s + t->off.v[i], r + u->off.v[j], n);
}

/* Hunks of one libgit2 diff, as 0-based half-open line ranges. */
typedef struct hunk {
	size_t os, oe, ns, ne;
} hunk;

typedef struct hunks {
	hunk *v;
	size_t n, cap;
	int error;
} hunks;

static int hunk_cb(const git_diff_delta *delta, const git_diff_hunk *h, void *payload)
{
	hunks *hs = payload;
	hunk *x;

	(void)delta;
	if (hs->n == hs->cap) {
		size_t cap = hs->cap ? hs->cap * 2 : 64;
		hunk *v = realloc(hs->v, cap * sizeof(*v));

		if (!v) {
			hs->error = ct_error_oom();
			return -1;
		}
		hs->v = v;
		hs->cap = cap;
	}
	x = &hs->v[hs->n++];
	/* An empty side names the line after which the other side's lines go. */
	x->os = h->old_lines ? (size_t)h->old_start - 1 : (size_t)h->old_start;
	x->oe = x->os + (size_t)h->old_lines;
	x->ns = h->new_lines ? (size_t)h->new_start - 1 : (size_t)h->new_start;
	x->ne = x->ns + (size_t)h->new_lines;
	return 0;
}

/* Diff two buffers of lines into hs (emptied first), with no context. */
static int diff_lines(hunks *hs, const char *a, size_t alen, const char *b, size_t blen,
                      int minimal)
{
	git_diff_options opts;
	int error;

	hs->n = 0;
	hs->error = 0;
	/* Not GIT_DIFF_OPTIONS_INIT: it leaves fields out, which -Wextra rejects. */
	if ((error = git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION)) < 0)
		return ct_error_git(error, "cannot diff texts");
	opts.context_lines = 0;
	opts.interhunk_lines = 0;
	opts.flags = GIT_DIFF_FORCE_TEXT | (minimal ? GIT_DIFF_MINIMAL : 0);
	error =
	    git_diff_buffers(a, alen, NULL, b, blen, NULL, &opts, NULL, NULL, hunk_cb, NULL, hs);
	if (hs->error)
		return hs->error;
	if (error < 0)
		return ct_error_git(error, "cannot diff texts");
	return 0;
}

int ct_wdiff_lines(ct_wdiff_hunk **out, size_t *count, const char *old, size_t oldlen,
                   const char *new, size_t newlen, int minimal)
{
	hunks hs = {NULL, 0, 0, 0};
	ct_wdiff_hunk *v = NULL;
	size_t i;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = diff_lines(&hs, old, oldlen, new, newlen, minimal)) < 0)
		goto done;
	if (hs.n && !(v = malloc(hs.n * sizeof(*v)))) {
		error = ct_error_oom();
		goto done;
	}
	for (i = 0; i < hs.n; i++) {
		v[i].old_start = hs.v[i].os;
		v[i].old_end = hs.v[i].oe;
		v[i].new_start = hs.v[i].ns;
		v[i].new_end = hs.v[i].ne;
	}
	*out = v;
	*count = hs.n;
done:
	free(hs.v);
	return error;
}

/* The diff under construction. */
typedef struct builder {
	ct_wdiff *d;
	size_t cap;
	const char *old, *new;
	toks to, tn;           /* the tokens of the current region */
	hunks hs;              /* the hunks of the current region */
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
	if (d->nsegs == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		ct_wdiff_seg *v = realloc(d->segs, cap * sizeof(*v));

		if (!v)
			return ct_error_oom();
		d->segs = v;
		b->cap = cap;
	}
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
 */
static void slide_down(builder *b, size_t no, size_t nn)
{
	size_t i;

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
	}
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
 * Step 3: diff old[oa, oz) against new[na, nz) token by token. The tokens
 * both sides begin and end with are equal; libgit2 diffs those in between
 * (xdiff would trim them too, but only after hashing every line).
 */
static int diff_region(builder *b, size_t oa, size_t oz, size_t na, size_t nz)
{
	toks *to = &b->to, *tn = &b->tn;
	size_t i, lo, ln, pre = 0, suf = 0, no, nn, po, pn;

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
		hunk h = {pre, no - suf, pre, nn - suf};

		b->hs.n = 0;
		if (h.os == h.oe && h.ns == h.ne)
			return emit(b, '=', oa, oz, na, nz, 0);
		if (!b->hs.cap) {
			if (!(b->hs.v = malloc(64 * sizeof(*b->hs.v))))
				return ct_error_oom();
			b->hs.cap = 64;
		}
		b->hs.v[b->hs.n++] = h;
	} else {
		if (write_lines(to, &lo, b->old, pre, no - suf) < 0 ||
		    write_lines(tn, &ln, b->new, pre, nn - suf) < 0 ||
		    diff_lines(&b->hs, to->lines, lo, tn->lines, ln, 0) < 0)
			return CT_ERROR;
		for (i = 0; i < b->hs.n; i++) {
			b->hs.v[i].os += pre;
			b->hs.v[i].oe += pre;
			b->hs.v[i].ns += pre;
			b->hs.v[i].ne += pre;
		}
	}
	slide_down(b, no, nn);
	merge_hunks(b);
	po = pn = 0;
	for (i = 0; i < b->hs.n; i++) {
		const hunk *h = &b->hs.v[i];

		if (emit(b, '=', to->off.v[po], to->off.v[h->os], tn->off.v[pn], tn->off.v[h->ns],
		         0) < 0 ||
		    emit_change(b, h->os, h->oe, h->ns, h->ne) < 0)
			return CT_ERROR;
		po = h->oe;
		pn = h->ne;
	}
	return emit(b, '=', to->off.v[po], oz, tn->off.v[pn], nz, 0);
}

/* Whether old chunk i and new chunk j hold the same bytes. */
static int same_chunk(const builder *b, const offsets *co, const offsets *cn, size_t i, size_t j)
{
	size_t n = co->v[i + 1] - co->v[i];

	return n == cn->v[j + 1] - cn->v[j] && !memcmp(b->old + co->v[i], b->new + cn->v[j], n);
}

/*
 * Steps 2 and 3 over the chunk diff. The chunks the diff left equal are
 * checked byte for byte: a pair that differs (two hashes collided) is diffed
 * token by token, in one region with any such pairs and hunks next to it, so
 * that two change groups are always apart.
 */
static int diff_chunks(builder *b, const offsets *co, const offsets *cn, const hunks *level1)
{
	size_t i, k, po = 0, pn = 0, ro = 0, rn = 0;
	int open = 0;

	for (i = 0; i <= level1->n; i++) {
		/* The equal chunks before hunk i (or after the last one). */
		size_t oe = i < level1->n ? level1->v[i].os : co->n - 1;

		for (k = po; k < oe; k++) {
			size_t j = pn + (k - po);

			if (!same_chunk(b, co, cn, k, j)) {
				if (!open) {
					ro = k;
					rn = j;
					open = 1;
				}
				continue;
			}
			if (open && diff_region(b, co->v[ro], co->v[k], cn->v[rn], cn->v[j]) < 0)
				return CT_ERROR;
			open = 0;
			if (emit(b, '=', co->v[k], co->v[k + 1], cn->v[j], cn->v[j + 1], 0) < 0)
				return CT_ERROR;
		}
		if (i == level1->n)
			break;
		if (!open) {
			ro = level1->v[i].os;
			rn = level1->v[i].ns;
			open = 1;
		}
		po = level1->v[i].oe;
		pn = level1->v[i].ne;
	}
	if (open && diff_region(b, co->v[ro], co->v[co->n - 1], cn->v[rn], cn->v[cn->n - 1]) < 0)
		return CT_ERROR;
	return 0;
}

static int paragraphs_changed(size_t *out, const ct_wdiff *d, const char *old, size_t oldlen,
                              const char *new, size_t newlen);

int ct_wdiff_compute(ct_wdiff **out, const char *old, size_t oldlen, const char *new, size_t newlen)
{
	offsets co = {NULL, 0, 0}, cn = {NULL, 0, 0};
	char *lo = NULL, *ln = NULL;
	size_t lolen, lnlen;
	hunks level1 = {NULL, 0, 0, 0};
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
	if ((error = chunk(&co, &lo, &lolen, old, oldlen)) < 0 ||
	    (error = chunk(&cn, &ln, &lnlen, new, newlen)) < 0 ||
	    (error = diff_lines(&level1, lo, lolen, ln, lnlen, 0)) < 0)
		goto done;
	if ((error = diff_chunks(&b, &co, &cn, &level1)) < 0)
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
	free(lo);
	free(ln);
	free(level1.v);
	toks_release(&b.to);
	toks_release(&b.tn);
	free(b.hs.v);
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

typedef struct layout {
	part *parts;
	size_t nparts, pcap;
	unit *units;
	size_t nunits, ucap;
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

static int push_part(layout *l, const ct_wdiff_seg *s, size_t os, size_t oe, size_t ns, size_t ne,
                     size_t opara, size_t npara)
{
	part *p;

	if (l->nparts == l->pcap) {
		size_t cap = l->pcap ? l->pcap * 2 : 64;
		part *v = realloc(l->parts, cap * sizeof(*v));

		if (!v)
			return ct_error_oom();
		l->parts = v;
		l->pcap = cap;
	}
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
	size_t i, last_o = NONE, last_n = NONE, pending = NONE;
	unit *u = NULL;

	for (i = 0; i < l->nparts; i++) {
		const part *p = &l->parts[i];

		if (p->opara == NONE && p->npara == NONE) {
			if (pending == NONE)
				pending = i;
			continue;
		}
		if (u && ((p->npara != NONE && p->npara == last_n) ||
		          (p->opara != NONE && p->opara == last_o))) {
			u->end = i + 1;
		} else {
			if (l->nunits == l->ucap) {
				size_t cap = l->ucap ? l->ucap * 2 : 32;
				unit *v = realloc(l->units, cap * sizeof(*v));

				if (!v)
					return ct_error_oom();
				l->units = v;
				l->ucap = cap;
			}
			u = &l->units[l->nunits++];
			u->first = i;
			u->end = i + 1;
			u->opara = u->npara = NONE;
			last_o = last_n = NONE;
		}
		pending = NONE;
		if (p->opara != NONE) {
			last_o = p->opara;
			if (u->opara == NONE)
				u->opara = p->opara;
		}
		if (p->npara != NONE) {
			last_n = p->npara;
			if (u->npara == NONE)
				u->npara = p->npara;
		}
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

static int layout_build(layout *l, const ct_wdiff *d, const char *old, size_t oldlen,
                        const char *new, size_t newlen)
{
	ct_segment *po = NULL, *pn = NULL;
	size_t npo = 0, npn = 0;
	cursor co, cn;
	int error;

	memset(l, 0, sizeof(*l));
	if ((error = ct_segment_paragraphs(&po, &npo, old, oldlen)) < 0 ||
	    (error = ct_segment_paragraphs(&pn, &npn, new, newlen)) < 0)
		goto done;
	co.p = po;
	co.n = npo;
	co.i = 0;
	cn.p = pn;
	cn.n = npn;
	cn.i = 0;
	if ((error = split_parts(l, d, &co, &cn)) < 0 || (error = gather_units(l)) < 0)
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
	size_t i;

	*out = 0;
	if (layout_build(&l, d, old, oldlen, new, newlen) < 0)
		return CT_ERROR;
	for (i = 0; i < l.nunits; i++)
		*out += (size_t)l.units[i].changed;
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
	size_t i, k;
	int error = 0;

	if (layout_build(&l, d, old, oldlen, new, newlen) < 0)
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

	if (!(text = json_stringn(r->text, r->len)))
		return ct_error_set(CT_EINVALID, "text is not valid UTF-8");
	o = r->op == '=' ? json_pack("{s:s,s:o}", "op", "=", "text", text)
	                 : json_pack("{s:s%,s:o,s:b}", "op", &r->op, (size_t)1, "text", text,
	                             "trivial", r->trivial);
	if (!o || json_array_append_new(segs, o) < 0)
		return ct_error_oom();
	return 0;
}

json_t *ct_wdiff_to_json(const ct_wdiff *d, const char *old, size_t oldlen, const char *new,
                         size_t newlen, unsigned flags)
{
	layout l;
	json_t *root = NULL, *paras = NULL, *result = NULL;
	size_t i;

	if (layout_build(&l, d, old, oldlen, new, newlen) < 0)
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
