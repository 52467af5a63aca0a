/* core/features/check.c: check-worthy sentences, matching them against the ledger, extraction from sources. */
#include "check.h"
#include "error.h"
#include "index.h"
#include "json.h"
#include "model.h"
#include "record.h"
#include "segment.h"
#include "text.h"
#include "token.h"
#include "utf8.h"
#include "util.h"
#include "value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* At most this many values are read from one sentence. */
#define MAX_VALUES 8
/* At most this many words make the full-text query of one sentence. */
#define MAX_TERMS 24
/* The words of a query are chosen so that together they match at most this many claims. */
#define ROW_BUDGET 2000
/* At most this many claims are scored for one sentence. */
#define MAX_CLAIMS 20
/* An attribution clause (", the mayor said.") holds at most this many words. */
#define MAX_CLAUSE_WORDS 12
/* A leading attribution ("Mayor Ruth Okafor said ...") has its verb among the first words. */
#define MAX_LEAD_WORDS 8
/* A sentence without its attribution keeps at least this many words. */
#define MIN_CORE_WORDS 4
/* A sentence is compared with part of a passage only when it has this many words (not counting its attribution). */
#define MIN_PART_WORDS 5

/* ---- words ----------------------------------------------------------------- */

/*
 * A word: a word of core/text/token.h's CHECK mode, a run of letters,
 * digits and marks (Unicode categories L, N, M). Every other character
 * separates words, so "first-ever" is two words and "4,500" is "4" and
 * "500", as SQLite's unicode61 tokenizer cuts them.
 */
typedef struct word {
	size_t start, end;
} word;

/* The code point at s[*i] (an invalid byte reads as U+FFFD); advances *i. */
static int32_t next_cp(const char *s, size_t len, size_t *i)
{
	int32_t cp;

	*i += ct_utf8_decode(&cp, s + *i, len - *i);
	return cp;
}

/* Find the next word of s[*pos, len); advance *pos past it. Returns 0 when there is none. */
static int next_word(word *w, const char *s, size_t len, size_t *pos)
{
	return ct_token_next_word(&w->start, &w->end, s, pos, len, CT_TOKEN_CHECK);
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* True when a[0,n) and b[0,n) are equal, ASCII letters compared without case. */
static int same_nocase(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ascii_lower(a[i]) != ascii_lower(b[i]))
			return 0;
	return 1;
}

/* True when word w of s is `lower` (an ASCII lowercase word), compared without case. */
static int word_is(const char *s, const word *w, const char *lower)
{
	size_t n = w->end - w->start;

	return strlen(lower) == n && same_nocase(s + w->start, lower, n);
}

/* True when word w is one of `list` (NULL-terminated), compared without case. */
static int word_in(const char *s, const word *w, const char *const *list)
{
	for (; *list; list++)
		if (word_is(s, w, *list))
			return 1;
	return 0;
}

static const char *const superlatives[] = {
	"most", "least", "fewest", "largest", "biggest", "highest", "lowest", "smallest", "greatest",
	"best", "worst", "oldest", "youngest", "newest", "longest", "shortest", "fastest", "slowest",
	"deadliest", "costliest", "richest", "poorest", "wealthiest", "busiest", "strongest",
	"weakest", "heaviest", "hottest", "coldest", "warmest", "wettest", "driest", "tallest",
	"deepest", "earliest", "cheapest", "safest", "widest", NULL,
};

static const char *const first_only_record[] = { "first", "only", "record", "never", "every", NULL };

/* Verbs that attribute a statement to someone ("according" goes with "to"). */
static const char *const attribution_verbs[] = {
	"said", "says", "say", "told", "tells", "reported", "announced", "confirmed", "estimated",
	"stated", "claimed", NULL,
};

static const char *const weekdays[] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", NULL,
};

static const char *const months[] = {
	"January", "February", "April", "June", "July", "August", "September", "October",
	"November", "December", NULL,
};

/* Months that are also common words ("May I", "the March on Rome"): dates only in context. */
static const char *const ambiguous_months[] = { "May", "March", NULL };

static const char *const time_prepositions[] = {
	"in", "on", "since", "by", "until", "till", "from", "during", "before", "after", "early",
	"late", "mid", "last", "next", "this", "of", NULL,
};

/* True when word w of s is exactly (with case) one of `list`. */
static int word_exact(const char *s, const word *w, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == w->end - w->start && !memcmp(s + w->start, *list, w->end - w->start))
			return 1;
	return 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* True when word w is "told" followed by "to": an instruction ("were told to boil"), not an attribution. */
static int told_to(const char *s, size_t len, const word *w)
{
	size_t pos = w->end;
	word next;

	return word_is(s, w, "told") && next_word(&next, s, len, &pos) && word_is(s, &next, "to");
}

/* The reasons given by the words of a sentence (all but quantity; date by name only). */
static unsigned word_reasons(const char *s, size_t len)
{
	unsigned r = 0;
	size_t pos = 0, i;
	word w, prev = { 0, 0 };
	int have_prev = 0;

	while (next_word(&w, s, len, &pos)) {
		/* "at least" and "at most" qualify a figure; they are no superlative. */
		if (word_in(s, &w, superlatives) &&
		    !(have_prev && word_is(s, &prev, "at") && (word_is(s, &w, "least") || word_is(s, &w, "most"))))
			r |= CT_CHECK_SUPERLATIVE;
		if (word_in(s, &w, first_only_record))
			r |= CT_CHECK_FIRST_ONLY_RECORD;
		if (word_in(s, &w, attribution_verbs) && !told_to(s, len, &w))
			r |= CT_CHECK_ATTRIBUTION;
		if (have_prev && word_is(s, &prev, "according") && word_is(s, &w, "to"))
			r |= CT_CHECK_ATTRIBUTION;
		if (word_exact(s, &w, weekdays) || word_exact(s, &w, months))
			r |= CT_CHECK_DATE;
		if (word_exact(s, &w, ambiguous_months)) {
			for (i = w.end; i < len && s[i] == ' '; i++)
				;
			if ((have_prev && word_in(s, &prev, time_prepositions)) || (i < len && is_digit(s[i])))
				r |= CT_CHECK_DATE;
		}
		prev = w;
		have_prev = 1;
	}
	return r;
}

/* ---- values ---------------------------------------------------------------- */

static int is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The first occurrence of `needle` in `hay` that is not inside a word, or NULL. */
static char *find_whole(char *hay, const char *needle)
{
	size_t n = strlen(needle);
	char *p = hay;

	if (!n)
		return NULL;
	while ((p = strstr(p, needle))) {
		if ((p == hay || !is_alnum(p[-1]) || !is_alnum(needle[0])) &&
		    (!is_alnum(p[n]) || !is_alnum(needle[n - 1])))
			return p;
		p++;
	}
	return NULL;
}

/* Release the first n values of vals. */
static void values_release(ct_value *vals, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ct_value_release(&vals[i]);
}

/*
 * Read every value s[0,len) states (at most MAX_VALUES): the first that
 * ct_value_parse() finds, then again with its words blanked.
 * vals: [out] *n filled values; release them with values_release().
 * Returns 0, or CT_ERROR when out of memory (nothing is left to release).
 */
static int read_values(ct_value *vals, size_t *n, const char *s, size_t len)
{
	char *copy = ct_memdup(s, len), *at;
	int error = 0;

	*n = 0;
	if (!copy)
		return CT_ERROR;
	/* A NUL byte would end the text early: read it as a space. */
	for (at = copy; at < copy + len; at++)
		if (!*at)
			*at = ' ';
	while (*n < MAX_VALUES) {
		ct_value *v = &vals[*n];
		if ((error = ct_value_parse(v, copy)) < 0)
			break;
		if (v->kind == CT_VALUE_NONE)
			break;
		(*n)++;
		if (!(at = find_whole(copy, v->text)))
			break;
		memset(at, ' ', strlen(v->text));
	}
	free(copy);
	if (error) {
		values_release(vals, *n);
		*n = 0;
	}
	return error;
}

int ct_check_reasons(unsigned *out, const char *sentence, size_t len)
{
	ct_value vals[MAX_VALUES];
	unsigned r;
	size_t n, i;
	int error;

	*out = 0;
	r = word_reasons(sentence, len);
	if ((error = read_values(vals, &n, sentence, len)) < 0)
		return error;
	for (i = 0; i < n; i++)
		r |= vals[i].kind == CT_VALUE_QUANTITY ? CT_CHECK_QUANTITY : CT_CHECK_DATE;
	values_release(vals, n);
	*out = r;
	return 0;
}

int ct_check_candidates(ct_check_candidate **out, size_t *count, const char *text, size_t len)
{
	ct_segment *sent = NULL;
	ct_check_candidate *c = NULL;
	size_t nsent = 0, i, n = 0;
	unsigned r;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = ct_segment_sentences(&sent, &nsent, text, len)) < 0)
		return error;
	if (nsent && !(c = calloc(nsent, sizeof(*c)))) {
		error = ct_error_oom();
		goto done;
	}
	for (i = 0; i < nsent; i++) {
		if ((error = ct_check_reasons(&r, text + sent[i].start, sent[i].end - sent[i].start)) < 0)
			goto done;
		if (!r)
			continue;
		c[n].start = sent[i].start;
		c[n].end = sent[i].end;
		c[n].reasons = r;
		n++;
	}
	if (n) {
		*out = c;
		*count = n;
		c = NULL;
	}
done:
	free(c);
	free(sent);
	return error;
}

const char *ct_check_reason_name(unsigned reason)
{
	switch (reason) {
	case CT_CHECK_QUANTITY:
		return "quantity";
	case CT_CHECK_DATE:
		return "date";
	case CT_CHECK_SUPERLATIVE:
		return "superlative";
	case CT_CHECK_FIRST_ONLY_RECORD:
		return "first-only-record";
	case CT_CHECK_ATTRIBUTION:
		return "attribution";
	default:
		return "";
	}
}

json_t *ct_check_candidate_json(const ct_check_candidate *c, const char *text)
{
	json_t *obj = NULL, *reasons;
	char *s = ct_memdup(text + c->start, c->end - c->start);
	size_t line = 1, i;
	unsigned bit;

	for (i = 0; i < c->start; i++)
		line += text[i] == '\n';
	if (s)
		obj = json_pack("{s:s, s:I, s:I, s:I, s:[]}", "text", s, "start", (json_int_t)c->start, "end",
				(json_int_t)c->end, "line", (json_int_t)line, "reasons");
	free(s);
	if (!obj) {
		ct_error_oom();
		return NULL;
	}
	reasons = json_object_get(obj, "reasons");
	for (bit = CT_CHECK_QUANTITY; bit <= CT_CHECK_ATTRIBUTION; bit <<= 1)
		if ((c->reasons & bit) && json_array_append_new(reasons, json_string(ct_check_reason_name(bit))) < 0) {
			json_decref(obj);
			ct_error_oom();
			return NULL;
		}
	return obj;
}

/* ---- matching ---------------------------------------------------------------- */

/* Words that say nothing about what a sentence is about: left out of the full-text query. */
static const char *const stop_words[] = {
	"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "from", "by",
	"with", "as", "into", "onto", "over", "under", "after", "before", "about", "than", "then", "so",
	"such", "also", "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had",
	"do", "does", "did", "not", "no", "it", "its", "this", "that", "these", "those", "there",
	"their", "they", "them", "he", "she", "his", "her", "him", "we", "our", "us", "you", "your",
	"me", "my", "who", "whom", "whose", "which", "what", "when", "where", "why", "how", "can",
	"could", "will", "would", "should", "may", "might", "must", "shall", "said", "says", "say",
	"told", "tells", "according", "reported", "announced", "confirmed", "estimated", "stated",
	"claimed", "just", "very", "all", "any", "some", "each", "other", "while", "during", "since",
	"until", "per", "via", "if", "because", "more", "most", "up", "out", "only", "still", "yet",
	"one", NULL,
};

/* What a sentence is matched with: an open ledger's index and the claims read so far. */
struct matcher {
	ct_ledger *ledger;
	ct_index_fts *fts;   /* the best claims of a query, how many claims a query matches */
	json_t *cache;       /* claim id -> its place in claims */
	ct_claim **claims;   /* the claims read, each once */
	size_t nclaims, cap;
	json_t *df;          /* one-term query -> how many claims it matches */
};

static int matcher_init(struct matcher *m, ct_ledger *ledger)
{
	memset(m, 0, sizeof(*m));
	m->ledger = ledger;
	if (!(m->cache = json_object()) || !(m->df = json_object()))
		return ct_error_oom();
	return ct_index_fts_new(&m->fts, ledger);
}

static void matcher_release(struct matcher *m)
{
	size_t i;

	ct_index_fts_free(m->fts);
	json_decref(m->cache);
	for (i = 0; i < m->nclaims; i++)
		ct_claim_free(m->claims[i]);
	free(m->claims);
	json_decref(m->df);
	memset(m, 0, sizeof(*m));
}

/* One word of the full-text query: its FTS5 string and how many claims hold it. */
struct term {
	ct_buf fts;
	long long df;
};

/* Set t->fts to word w of s as an FTS5 string: a prefix query for a long word, less its ending. */
static int put_term(struct term *t, const char *s, const word *w)
{
	static const char *const endings[] = { "ing", "ed", "es", "ly", "s", NULL };
	size_t n = w->end - w->start, i, cut = 0;
	const char *const *e;
	int ascii = 1;

	for (i = w->start; i < w->end; i++)
		ascii &= (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z');
	if (ascii && n >= 6)
		for (e = endings; *e && !cut; e++) {
			size_t k = strlen(*e);
			if (n - k >= 4 && same_nocase(s + w->end - k, *e, k) &&
			    !(k == 1 && ascii_lower(s[w->end - 2]) == 's'))
				cut = k;
		}
	if (ct_buf_putc(&t->fts, '"') < 0)
		return CT_ERROR;
	for (i = w->start; i < w->end - cut; i++) {
		char c = ascii_lower(s[i]);
		/* A word holds no '"', but double it as FTS5 wants should that change. */
		if ((c == '"' && ct_buf_putc(&t->fts, '"') < 0) || ct_buf_putc(&t->fts, c) < 0)
			return CT_ERROR;
	}
	return ct_buf_puts(&t->fts, cut ? "\"*" : "\"");
}

/* How many claims the one-term query `fts` matches; remembered for the matcher's life. */
static int term_df(long long *out, struct matcher *m, const char *fts)
{
	json_t *known = json_object_get(m->df, fts);
	int error;

	*out = 0;
	if (known) {
		*out = json_integer_value(known);
		return 0;
	}
	if ((error = ct_index_fts_count(out, m->fts, fts)) < 0)
		return error;
	/* The key need not be checked: it is only ever looked up again. */
	if (json_object_set_new_nocheck(m->df, fts, json_integer(*out)) < 0)
		return ct_error_oom();
	return 0;
}

static int by_df(const void *a, const void *b)
{
	const struct term *x = a, *y = b;

	return (x->df > y->df) - (x->df < y->df);
}

/*
 * The full-text query of a sentence: its significant words, rarest first,
 * while together they hold at most ROW_BUDGET claims (at least the two
 * rarest), OR-ed. Empty when no word of it is in any claim.
 */
static int build_query(ct_buf *q, struct matcher *m, const char *s, size_t len)
{
	struct term terms[MAX_TERMS];
	word w;
	size_t pos = 0, n = 0, i, kept = 0;
	long long rows = 0;
	int error = 0;

	while (n < MAX_TERMS && next_word(&w, s, len, &pos)) {
		int dup = 0;
		if (w.end - w.start < 2 || word_in(s, &w, stop_words))
			continue;
		ct_buf_init(&terms[n].fts);
		terms[n].df = 0;
		if ((error = put_term(&terms[n++], s, &w)) < 0)
			goto done;
		for (i = 0; i + 1 < n && !dup; i++)
			dup = !strcmp(terms[i].fts.ptr, terms[n - 1].fts.ptr);
		if (dup || (error = term_df(&terms[n - 1].df, m, terms[n - 1].fts.ptr)) < 0 || !terms[n - 1].df)
			ct_buf_release(&terms[--n].fts);
		if (error < 0)
			goto done;
	}
	/* qsort is not stable: ties go to the earlier word, by its position folded into the key. */
	for (i = 0; i < n; i++)
		terms[i].df = terms[i].df * MAX_TERMS + (long long)i;
	qsort(terms, n, sizeof(*terms), by_df);
	for (i = 0; i < n; i++) {
		long long df = terms[i].df / MAX_TERMS;
		if (kept >= 2 && rows + df > ROW_BUDGET)
			break;
		rows += df;
		kept++;
		if ((error = ct_buf_puts(q, q->len ? " OR " : "")) < 0 || (error = ct_buf_puts(q, terms[i].fts.ptr)) < 0)
			goto done;
	}
done:
	for (i = 0; i < n; i++)
		ct_buf_release(&terms[i].fts);
	return error;
}

static size_t count_words(const char *s, size_t len)
{
	size_t pos = 0, n = 0;
	word w;

	while (next_word(&w, s, len, &pos))
		n++;
	return n;
}

/*
 * The sentence without its attribution, as [*start, *end): a trailing clause
 * after the last comma that holds an attribution verb (", the mayor said."),
 * a leading "According to X," and a leading "X said (that)" whose verb is
 * among the first words. Unchanged when there is none.
 */
static void strip_attribution(size_t *start, size_t *end, const char *s, size_t len)
{
	size_t pos, comma = len, i, nwords = 0;
	word w, first;
	int found = 0;

	*start = 0;
	*end = len;
	for (i = len; i > 0; i--)
		if (s[i - 1] == ',') {
			comma = i - 1;
			break;
		}
	if (comma < len) {
		for (pos = comma; next_word(&w, s, len, &pos);) {
			nwords++;
			found |= word_in(s, &w, attribution_verbs) || word_is(s, &w, "according");
		}
		if (found && nwords <= MAX_CLAUSE_WORDS)
			*end = comma;
	}
	pos = 0;
	if (!next_word(&first, s, *end, &pos))
		return;
	if (word_is(s, &first, "according")) {
		const char *c = memchr(s, ',', *end);
		if (c)
			*start = (size_t)(c - s) + 1;
	} else {
		size_t prev_end = first.start;
		for (nwords = 1, w = first; nwords <= MAX_LEAD_WORDS; nwords++) {
			if (memchr(s + prev_end, ',', w.start - prev_end))
				break;
			if (word_in(s, &w, attribution_verbs)) {
				size_t after = w.end;
				word t;
				if (next_word(&t, s, *end, &after) && word_is(s, &t, "that"))
					*start = t.end;
				else
					*start = w.end;
				break;
			}
			prev_end = w.end;
			if (!next_word(&w, s, *end, &pos))
				break;
		}
	}
	while (*start < *end && ct_segment_space_len(s + *start, *end - *start))
		*start += ct_segment_space_len(s + *start, *end - *start);
	/* What is left must still say something ("Three people said they were ill" keeps its subject). */
	if (count_words(s + *start, *end - *start) < MIN_CORE_WORDS)
		*start = 0;
	if (count_words(s + *start, *end - *start) < MIN_CORE_WORDS)
		*end = len;
}

/* A sentence prepared for matching: its text, the same without attribution, its values. */
struct sentence {
	const char *s;
	size_t len;
	size_t core_start, core_end;
	char *core; /* s[core_start, core_end), NUL-terminated, owned */
	size_t core_words;
	ct_value vals[MAX_VALUES];
	size_t nvals;
};

/*
 * The best similarity of the sentence with `passage` (a statement or a
 * quote): of the whole sentence, of the sentence without its attribution, and
 * of the latter with the part of the passage most like it, since a draft may
 * state only part of what a source says (when it has MIN_PART_WORDS words:
 * "The council said." is part of too many passages). -1 when out of memory.
 */
static double score_with(const struct sentence *st, const char *passage)
{
	size_t plen = strlen(passage), start, end;
	double best = ct_text_similarity(st->s, st->len, passage, plen), x;

	if (best >= 0 && (st->core_start != 0 || st->core_end != st->len)) {
		x = ct_text_similarity(st->s + st->core_start, st->core_end - st->core_start, passage, plen);
		best = x < 0 || x > best ? x : best;
	}
	if (best >= 0 && st->core_words >= MIN_PART_WORDS) {
		x = ct_text_nearest(&start, &end, passage, plen, st->core);
		best = x < 0 || x > best ? x : best;
	}
	return best;
}

/* A claim's score: the best over its statement and its citations' quotes. */
static double score_claim(const struct sentence *st, const ct_claim *rec)
{
	double best = score_with(st, rec->statement), x;
	size_t i;

	for (i = 0; i < rec->citations.n && best >= 0; i++) {
		x = score_with(st, rec->citations.v[i].quote);
		best = x < 0 ? x : x > best ? x : best;
	}
	return best;
}

/* True when word w of s is a name: a capitalised word other than "I", a weekday or a month. */
static int is_name(const char *s, size_t len, const word *w)
{
	size_t i = w->start;
	utf8proc_propval_t cat = utf8proc_category(next_cp(s, len, &i));

	if ((cat != UTF8PROC_CATEGORY_LU && cat != UTF8PROC_CATEGORY_LT) || i == w->end)
		return 0;
	return !word_exact(s, w, weekdays) && !word_exact(s, w, months) && !word_exact(s, w, ambiguous_months);
}

/*
 * True when two names name the same thing: the same word, with its case, or
 * a country and its adjective as news writes them ("China", "Chinese";
 * "Germany", "German"): the shorter, of five bytes or more, is all but its
 * last byte at the start of the longer ("Iran" and "Iraq", "Maria" and
 * "Mario", "Austria" and "Australia" stay apart).
 */
static int same_name(const char *a, size_t n, const char *b, size_t m)
{
	size_t shorter = n < m ? n : m;

	if (n == m)
		return !memcmp(a, b, n);
	return shorter >= 5 && !memcmp(a, b, shorter - 1);
}

/* True when s[0,len) holds the name name[0,n) (see same_name). */
static int holds_name(const char *s, size_t len, const char *name, size_t n)
{
	size_t pos = 0;
	word w;

	while (next_word(&w, s, len, &pos))
		if (same_name(s + w.start, w.end - w.start, name, n))
			return 1;
	return 0;
}

/*
 * Whether the names of a[0,alen) (its first word left out, as it may be
 * capitalised only by the sentence) occur in b: 1 when one does, -1 when a
 * has names and none does, 0 when a has none.
 */
static int names_in(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t pos = 0;
	word w;
	int first = 1, named = 0;

	while (next_word(&w, a, alen, &pos)) {
		if (first || !is_name(a, alen, &w)) {
			first = 0;
			continue;
		}
		named = 1;
		if (holds_name(b, blen, a + w.start, w.end - w.start))
			return 1;
	}
	return named ? -1 : 0;
}

/*
 * True when the sentence and a claim name different people or places: the
 * sentence (without its attribution) has names, the claim's statement and
 * quotes have names, and no name of either occurs in the other.
 */
static int names_conflict(const struct sentence *st, const ct_claim *rec)
{
	const char *core = st->s + st->core_start;
	size_t core_len = st->core_end - st->core_start, i, n = rec->citations.n;
	int sentence_named = 0, claim_named = 0, r;

	for (i = 0; i <= n; i++) {
		const char *t = i == n ? rec->statement : rec->citations.v[i].quote;
		if ((r = names_in(core, core_len, t, strlen(t))) == 1)
			return 0;
		sentence_named |= r != 0;
		if ((r = names_in(t, strlen(t), st->s, st->len)) == 1)
			return 0;
		claim_named |= r != 0;
	}
	return sentence_named && claim_named;
}

/* True when the ledger's value l backs the draft's value d (see the top of check.h); both compatible. */
static int backs(const ct_value *d, const ct_value *l)
{
	int lower, upper;

	if (d->kind != CT_VALUE_QUANTITY)
		return 1;
	if ((l->number > d->min || (l->number == d->min && !d->min_open)) &&
	    (l->number < d->max || (l->number == d->max && !d->max_open)))
		return 1;
	lower = l->min > d->min || (l->min == d->min && (isinf(l->min) || !d->min_open || l->min_open));
	upper = l->max < d->max || (l->max == d->max && (isinf(l->max) || !d->max_open || l->max_open));
	return lower && upper;
}

enum { JUDGE_NEUTRAL = -1, JUDGE_DISAGREE = 0, JUDGE_AGREE = 1 };

/*
 * Judge one ledger value against the sentence's values: JUDGE_NEUTRAL when
 * none is comparable with it, JUDGE_AGREE when a comparable one agrees,
 * JUDGE_DISAGREE otherwise, with *which the first comparable sentence value.
 */
static int judge_value(size_t *which, const struct sentence *st, const ct_value *l)
{
	size_t i;
	int out = JUDGE_NEUTRAL, c;

	*which = 0;
	for (i = 0; i < st->nvals && out != JUDGE_AGREE; i++) {
		if ((c = ct_value_compatible(&st->vals[i], l)) < 0)
			continue;
		if (out == JUDGE_NEUTRAL)
			*which = i;
		out = c == 1 && backs(&st->vals[i], l) ? JUDGE_AGREE : JUDGE_DISAGREE;
	}
	return out;
}

/* Judge a stored value (none: neutral). Returns JUDGE_*; which: [out] as judge_value. */
static int judge_stored(size_t *which, const struct sentence *st, const ct_value *l)
{
	*which = 0;
	if (l->kind == CT_VALUE_NONE || !st->nvals)
		return JUDGE_NEUTRAL;
	return judge_value(which, st, l);
}

/*
 * Judge a citation by every value its quote states (the stored "value" is
 * only the first; "reopened on 12 March after eight months" also states a
 * date): it disagrees when one of them disagrees, agrees when one agrees and
 * none disagrees. A quote that states none is judged by its stored value.
 * out: [out] JUDGE_*; which: [out] as judge_value; lv: [out] on
 * JUDGE_DISAGREE, the disagreeing ledger value as a new object, else NULL.
 * Returns 0 or CT_ERROR (out of memory).
 */
static int judge_citation(int *out, size_t *which, json_t **lv, const struct sentence *st, const ct_citation *c)
{
	const char *quote = c->quote;
	ct_value vals[MAX_VALUES];
	size_t n = 0, i, w;
	int error, j;

	*out = JUDGE_NEUTRAL;
	*which = 0;
	*lv = NULL;
	if (!st->nvals)
		return 0;
	if ((error = read_values(vals, &n, quote, strlen(quote))) < 0)
		return error;
	if (!n) {
		if ((*out = judge_stored(which, st, &c->value)) == JUDGE_DISAGREE && !(*lv = ct_value_to_json(&c->value)))
			return CT_ERROR;
		return 0;
	}
	for (i = 0; i < n && *out != JUDGE_DISAGREE; i++) {
		if ((j = judge_value(&w, st, &vals[i])) == JUDGE_NEUTRAL)
			continue;
		*out = j;
		*which = w;
		if (j == JUDGE_DISAGREE && !(*lv = ct_value_to_json(&vals[i])))
			error = CT_ERROR;
	}
	values_release(vals, n);
	return error;
}

/* Append {source, rev, quote, stance} of citation c to arr. */
static int add_source(json_t *arr, const ct_citation *c)
{
	json_t *o = json_pack("{s:s, s:I, s:s, s:s}", "source", c->source, "rev", (json_int_t)c->rev, "quote",
			      c->quote, "stance", ct_stance_names[c->stance]);

	if (!o || json_array_append_new(arr, o) < 0)
		return ct_error_oom();
	return 0;
}

/* Set res's "value" (the sentence's value `which`) and "ledger_value" (lv, stolen) for a disagreement. */
static int set_values(json_t *res, const struct sentence *st, size_t which, json_t *lv)
{
	json_t *v = ct_value_to_json(&st->vals[which]);

	if (!lv || json_object_set_new(res, "ledger_value", lv) < 0) {
		json_decref(v);
		return ct_error_oom();
	}
	if (!v || json_object_set_new(res, "value", v) < 0)
		return ct_error_oom();
	return 0;
}

/*
 * The verdict of one matching claim (see the top of check.h).
 * out: [out] NULL on entry; a new object {"status", "why"?, "claim", "score", "sources", ...}.
 */
static int verdict(json_t **out, const struct sentence *st, const ct_claim *rec, double score)
{
	json_t *res, *sources, *backing = NULL, *disagreeing = NULL, *disputing = NULL, *dis_value = NULL, *lv = NULL;
	const ct_citation *c;
	size_t i, which = 0, dis_which = 0;
	int error = 0, j;

	*out = NULL;
	res = json_pack("{s:s, s:{s:s, s:s, s:s}, s:f, s:[]}", "status", "unsourced", "claim", "id", rec->id,
			"statement", rec->statement, "status", ct_status_names[rec->status], "score",
			round(score * 1000) / 1000, "sources");
	backing = json_array();
	disagreeing = json_array();
	disputing = json_array();
	if (!res || !backing || !disagreeing || !disputing) {
		error = ct_error_oom();
		goto done;
	}
	sources = json_object_get(res, "sources");
	if (rec->status == CT_STATUS_REFUTED || rec->status == CT_STATUS_RETRACTED) {
		for (i = 0; i < rec->citations.n; i++)
			if ((error = add_source(sources, &rec->citations.v[i])) < 0)
				goto done;
		if (ct_json_set_str(res, "status", "contradicted") < 0 || ct_json_set_str(res, "why", "status") < 0)
			error = ct_error_oom();
		goto finish;
	}
	if (judge_stored(&which, st, &rec->value) == JUDGE_DISAGREE) {
		for (i = 0; i < rec->citations.n; i++)
			if (rec->citations.v[i].stance == CT_STANCE_SUPPORTS &&
			    (error = add_source(sources, &rec->citations.v[i])) < 0)
				goto done;
		if ((error = set_values(res, st, which, ct_value_to_json(&rec->value))) < 0)
			goto done;
		if (ct_json_set_str(res, "status", "contradicted") < 0 || ct_json_set_str(res, "why", "values") < 0)
			error = ct_error_oom();
		goto finish;
	}
	for (i = 0; i < rec->citations.n; i++) {
		c = &rec->citations.v[i];
		if (c->stance == CT_STANCE_DISPUTES) {
			if ((error = add_source(disputing, c)) < 0)
				goto done;
			continue;
		}
		if (c->stance != CT_STANCE_SUPPORTS)
			continue;
		if ((error = judge_citation(&j, &which, &lv, st, c)) < 0)
			goto done;
		if (j != JUDGE_DISAGREE) {
			error = add_source(backing, c);
		} else {
			if (!dis_value) {
				dis_value = lv;
				lv = NULL;
				dis_which = which;
			}
			json_decref(lv);
			lv = NULL;
			error = add_source(disagreeing, c);
		}
		if (error < 0)
			goto done;
	}
	if (json_array_size(backing)) {
		error = json_array_extend(sources, backing) < 0 || ct_json_set_str(res, "status", "sourced") < 0;
	} else if (json_array_size(disagreeing)) {
		error = set_values(res, st, dis_which, dis_value);
		dis_value = NULL;
		if (error < 0)
			goto done;
		error = json_array_extend(sources, disagreeing) < 0 || ct_json_set_str(res, "status", "contradicted") < 0 ||
			ct_json_set_str(res, "why", "values") < 0;
	} else if (json_array_size(disputing)) {
		error = json_array_extend(sources, disputing) < 0 || ct_json_set_str(res, "status", "contradicted") < 0 ||
			ct_json_set_str(res, "why", "stance") < 0;
	} else {
		error = ct_json_set_str(res, "why", "not-supported") < 0;
	}
	if (error)
		error = ct_error_oom();
finish:
	if (!error) {
		*out = res;
		res = NULL;
	}
done:
	json_decref(res);
	json_decref(backing);
	json_decref(disagreeing);
	json_decref(disputing);
	json_decref(dis_value);
	json_decref(lv);
	return error;
}

static int status_rank(const json_t *res)
{
	const char *s = ct_json_str(res, "status", "");

	return !strcmp(s, "sourced") ? 2 : !strcmp(s, "contradicted") ? 1 : 0;
}

/* True when verdict a is better than verdict b (b may be NULL): status, then score, then id. */
static int better(const json_t *a, const json_t *b)
{
	double sa, sb;

	if (!b)
		return 1;
	if (status_rank(a) != status_rank(b))
		return status_rank(a) > status_rank(b);
	sa = json_real_value(json_object_get(a, "score"));
	sb = json_real_value(json_object_get(b, "score"));
	if (sa != sb)
		return sa > sb;
	return strcmp(ct_json_str(json_object_get(a, "claim"), "id", ""),
		      ct_json_str(json_object_get(b, "claim"), "id", "")) < 0;
}

/* The records find_claims() gathers. */
struct found {
	struct matcher *m;
	const ct_claim **recs; /* MAX_CLAIMS of them */
	size_t n;
};

/* Read the index's record of claim `id` into the matcher's claims, at m->claims[m->nclaims]. */
static int read_claim(struct matcher *m, const char *id, const char *data, size_t len)
{
	json_t *j = NULL;
	int error;

	if (CT_ARRAY_GROW(m->claims, m->nclaims, m->cap, 16) < 0)
		return CT_ERROR;
	if ((error = ct_json_parse(&j, data, len, "index record", 0)) == 0)
		error = ct_claim_from_json(&m->claims[m->nclaims], j, NULL);
	json_decref(j);
	if (error < 0)
		return error;
	if (json_object_set_new(m->cache, id, json_integer((json_int_t)m->nclaims)) < 0) {
		ct_claim_free(m->claims[m->nclaims]);
		return ct_error_oom();
	}
	m->nclaims++;
	return 0;
}

static int found_claim(const char *id, const char *data, size_t len, void *payload)
{
	struct found *f = payload;
	json_t *at = json_object_get(f->m->cache, id);
	int error;

	if (f->n == MAX_CLAIMS)
		return 0; /* the query's limit: never reached */
	if (!at) {
		if ((error = read_claim(f->m, id, data, len)) < 0)
			return error;
		f->recs[f->n++] = f->m->claims[f->m->nclaims - 1];
		return 0;
	}
	f->recs[f->n++] = f->m->claims[json_integer_value(at)];
	return 0;
}

/*
 * The claims the full-text query of a sentence finds, best rank first, as
 * records borrowed from m->claims (valid until matcher_release).
 */
static int find_claims(const ct_claim **recs, size_t *n, struct matcher *m, const char *query)
{
	struct found f = { m, recs, 0 };
	int error = ct_index_fts_claims(m->fts, query, MAX_CLAIMS, found_claim, &f);

	*n = f.n;
	return error;
}

/* Match one sentence with an initialised matcher: ct_check_sentence's object. */
static int match_sentence(json_t **out, struct matcher *m, const char *s, size_t len)
{
	struct sentence st;
	ct_buf query = CT_BUF_INIT;
	const ct_claim *recs[MAX_CLAIMS];
	json_t *best = NULL, *res = NULL;
	size_t n = 0, i;
	double score;
	int error;

	*out = NULL;
	memset(&st, 0, sizeof(st));
	st.s = s;
	st.len = len;
	strip_attribution(&st.core_start, &st.core_end, s, len);
	if (!(st.core = ct_memdup(s + st.core_start, st.core_end - st.core_start)))
		return ct_error_oom();
	st.core_words = count_words(st.core, st.core_end - st.core_start);
	if ((error = read_values(st.vals, &st.nvals, s, len)) < 0) {
		free(st.core);
		return error;
	}
	if ((error = build_query(&query, m, s, len)) < 0)
		goto done;
	if (query.len && (error = find_claims(recs, &n, m, query.ptr)) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		if ((score = score_claim(&st, recs[i])) < 0) {
			error = CT_ERROR;
			goto done;
		}
		if (score < CT_CHECK_THRESHOLD || names_conflict(&st, recs[i]))
			continue;
		if ((error = verdict(&res, &st, recs[i], score)) < 0)
			goto done;
		if (better(res, best)) {
			json_decref(best);
			best = res;
		} else {
			json_decref(res);
		}
		res = NULL;
	}
	if (!best && !(best = json_pack("{s:s, s:s}", "status", "unsourced", "why", "no-match"))) {
		error = ct_error_oom();
		goto done;
	}
	if (!strcmp(ct_json_str(best, "status", ""), "unsourced"))
		json_object_del(best, "sources");
	*out = best;
	best = NULL;
done:
	json_decref(best);
	free(st.core);
	values_release(st.vals, st.nvals);
	ct_buf_release(&query);
	return error;
}

int ct_check_sentence(json_t **out, ct_ledger *ledger, const char *sentence, size_t len)
{
	struct matcher m;
	int error;

	*out = NULL;
	if ((error = matcher_init(&m, ledger)) == 0)
		error = match_sentence(out, &m, sentence, len);
	matcher_release(&m);
	return error;
}

int ct_check_draft(json_t **out, ct_ledger *ledger, const char *text, size_t len, const char *name)
{
	struct matcher m;
	ct_check_candidate *cand = NULL;
	json_t *doc = NULL, *sentences, *counts, *obj = NULL, *res = NULL;
	size_t n = 0, i;
	int error;

	*out = NULL;
	memset(&m, 0, sizeof(m));
	if ((error = ct_text_validate(text, len, name)) < 0)
		return error;
	if (ct_text_is_blank(text, len))
		return ct_error_set(CT_EINVALID, "'%s' is empty", name);
	if ((error = matcher_init(&m, ledger)) < 0 || (error = ct_check_candidates(&cand, &n, text, len)) < 0)
		goto done;
	doc = json_pack("{s:[], s:{s:i, s:i, s:i}}", "sentences", "counts", "sourced", 0, "contradicted", 0,
			"unsourced", 0);
	if (!doc) {
		error = ct_error_oom();
		goto done;
	}
	sentences = json_object_get(doc, "sentences");
	counts = json_object_get(doc, "counts");
	for (i = 0; i < n; i++) {
		const char *status;
		if (!(obj = ct_check_candidate_json(&cand[i], text))) {
			error = CT_ERROR;
			goto done;
		}
		if ((error = match_sentence(&res, &m, text + cand[i].start, cand[i].end - cand[i].start)) < 0)
			goto done;
		status = ct_json_str(res, "status", "");
		if (json_object_update(obj, res) < 0 ||
		    json_object_set_new(counts, status, json_integer(ct_json_int(counts, status, 0) + 1)) < 0 ||
		    json_array_append(sentences, obj) < 0) {
			error = ct_error_oom();
			goto done;
		}
		json_decref(obj);
		json_decref(res);
		obj = res = NULL;
	}
	*out = doc;
	doc = NULL;
done:
	json_decref(doc);
	json_decref(obj);
	json_decref(res);
	free(cand);
	matcher_release(&m);
	return error;
}

/* ---- extraction -------------------------------------------------------------- */

/*
 * A source's revision and its candidates, each as JSON with "claim" set when
 * a claim cites that passage already.
 */
struct extraction {
	char *id;
	int rev;
	ct_buf text;
	json_t *doc; /* {"source", "rev", "candidates"} */
};

static void extraction_release(struct extraction *x)
{
	free(x->id);
	ct_buf_release(&x->text);
	json_decref(x->doc);
	memset(x, 0, sizeof(*x));
}

static int cite_passage(const char *quote, const char *claim, void *payload)
{
	json_t *id = json_string(claim);

	return id && json_object_set_new_nocheck(payload, quote, id) == 0 ? 0 : ct_error_oom();
}

/*
 * The passages of source `id` that claims cite: quote -> the first claim id
 * (by id) citing it, read in one pass over the source's citations.
 */
static int cited_passages(json_t **out, ct_ledger *ledger, const char *id)
{
	json_t *map = NULL;
	int error;

	*out = NULL;
	if (!(map = json_object()))
		return ct_error_oom();
	/* Descending, so that the smallest id is set last and stays. */
	if ((error = ct_index_source_quotes(ledger, id, cite_passage, map)) < 0) {
		json_decref(map);
		return error;
	}
	*out = map;
	return 0;
}

static int extract(struct extraction *x, ct_ledger *ledger, const char *ref)
{
	ct_check_candidate *cand = NULL;
	json_t *list, *obj = NULL, *cited = NULL, *claim;
	size_t n = 0, i;
	int error;

	memset(x, 0, sizeof(*x));
	ct_buf_init(&x->text);
	if ((error = ct_source_ref(&x->id, &x->rev, ledger, ref)) < 0 ||
	    (error = ct_ledger_text(&x->text, ledger, x->id, x->rev)) < 0 ||
	    (error = ct_check_candidates(&cand, &n, x->text.ptr, x->text.len)) < 0 ||
	    (error = cited_passages(&cited, ledger, x->id)) < 0)
		goto done;
	if (!(x->doc = json_pack("{s:s, s:i, s:[]}", "source", x->id, "rev", x->rev, "candidates"))) {
		error = ct_error_oom();
		goto done;
	}
	list = json_object_get(x->doc, "candidates");
	for (i = 0; i < n; i++) {
		if (!(obj = ct_check_candidate_json(&cand[i], x->text.ptr))) {
			error = CT_ERROR;
			goto done;
		}
		claim = json_object_get(cited, ct_json_str(obj, "text", ""));
		if ((claim && json_object_set(obj, "claim", claim) < 0) || json_array_append(list, obj) < 0) {
			error = ct_error_oom();
			goto done;
		}
		json_decref(obj);
		obj = NULL;
	}
done:
	json_decref(obj);
	json_decref(cited);
	free(cand);
	if (error)
		extraction_release(x);
	return error;
}

int ct_extract_list(json_t **out, ct_ledger *ledger, const char *ref)
{
	struct extraction x;
	int error;

	*out = NULL;
	if ((error = extract(&x, ledger, ref)) < 0)
		return error;
	*out = json_incref(x.doc);
	extraction_release(&x);
	return 0;
}

/* Up to 32 characters of context before (dir < 0) or after [start,end) in text. */
static char *context(const char *text, size_t len, size_t start, size_t end, int dir)
{
	size_t i, p;

	if (dir < 0) {
		for (p = start, i = 0; p > 0 && i < 32; i++)
			p = ct_utf8_prev(text, 0, p);
		return ct_memdup(text + p, start - p);
	}
	for (p = end, i = 0; p < len && i < 32; i++)
		do
			p++;
		while (p < len && ct_utf8_is_cont((unsigned char)text[p]));
	return ct_memdup(text + end, p - end);
}

/* The statement of a sentence: its text with each run of white space as one space. */
static char *statement_of(const char *s, size_t len)
{
	ct_buf b = CT_BUF_INIT;
	size_t i = 0, sp;

	while (i < len) {
		if ((sp = ct_segment_space_len(s + i, len - i))) {
			while (i < len && (sp = ct_segment_space_len(s + i, len - i)))
				i += sp;
			if (ct_buf_putc(&b, ' ') < 0)
				break;
			continue;
		}
		if (ct_buf_putc(&b, s[i++]) < 0)
			break;
	}
	if (i < len) {
		ct_buf_release(&b);
		ct_error_oom();
		return NULL;
	}
	return ct_buf_detach(&b, NULL);
}

/*
 * The claim a candidate makes: its statement, cited by the passage [start, end)
 * with stance "mentions", the quote as it stands. out: [out] ct_claim_free().
 */
static int mention(ct_claim **out, const struct extraction *x, const char *id, const char *statement,
		   size_t start, size_t end, const char *when)
{
	char *quote = ct_memdup(x->text.ptr + start, end - start);
	char *prefix = context(x->text.ptr, x->text.len, start, end, -1);
	char *suffix = context(x->text.ptr, x->text.len, start, end, 1);
	ct_citation c;
	int error;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	if (!quote || !prefix || !suffix)
		error = ct_error_oom();
	else if ((error = ct_citation_init(&c, x->id, x->rev, quote, start, end, prefix, suffix,
					   CT_STANCE_MENTIONS, when)) == 0 &&
		 (error = ct_claim_new(out, id, statement, when)) == 0 &&
		 (error = ct_claim_add_citation(*out, &c)) < 0) {
		ct_claim_free(*out);
		*out = NULL;
	}
	ct_record_release(&c, &ct_citation_type);
	free(quote);
	free(prefix);
	free(suffix);
	return error;
}

/* Whether claim id `id` is in the index or among the new records. */
static int id_taken(int *taken, ct_ledger *ledger, const json_t *added, const char *id)
{
	const json_t *rec;
	size_t i;

	*taken = 1;
	json_array_foreach(added, i, rec)
		if (!strcmp(ct_json_str(rec, "id", ""), id))
			return 0;
	return ct_index_claim_exists(taken, ledger, id);
}

int ct_extract_add(json_t **out, ct_ledger *ledger, const char *ref)
{
	struct extraction x;
	json_t *added = NULL, *rec = NULL, *cand, *r;
	ct_claim *claim = NULL;
	ct_buf msg = CT_BUF_INIT, path = CT_BUF_INIT;
	char when[32], id[CT_ID_LEN + 1], *statement = NULL;
	time_t now;
	size_t i, j;
	int error, attempt = 0, taken;

	*out = NULL;
	memset(&x, 0, sizeof(x));
	if ((error = ct_ledger_begin(ledger)) < 0)
		return error;
	/* Under the lock, so that what is already cited is current. */
	if ((error = extract(&x, ledger, ref)) < 0 || (error = ct_clock_now(&now)) < 0)
		goto done;
	ct_time_format(when, now);
	if (!(added = json_array())) {
		error = ct_error_oom();
		goto done;
	}
	json_array_foreach(json_object_get(x.doc, "candidates"), i, cand) {
		size_t start = (size_t)ct_json_int(cand, "start", 0), end = (size_t)ct_json_int(cand, "end", 0);
		const char *text = ct_json_str(cand, "text", "");
		int dup = 0;
		if (ct_json_str(cand, "claim", NULL))
			continue;
		json_array_foreach(added, j, r)
			dup |= !strcmp(ct_json_str(json_array_get(json_object_get(r, "citations"), 0), "quote", ""), text);
		if (dup)
			continue;
		free(statement);
		if (!(statement = statement_of(text, strlen(text)))) {
			error = CT_ERROR;
			goto done;
		}
		/* The id as ct_claim_add makes it; the counter keeps seeded ids apart within the batch. */
		do {
			if ((error = ct_claim_make_id(id, ct_ledger_head(ledger), statement, when, attempt++)) < 0 ||
			    (error = id_taken(&taken, ledger, added, id)) < 0)
				goto done;
		} while (taken);
		ct_claim_free(claim);
		claim = NULL;
		if ((error = mention(&claim, &x, id, statement, start, end, when)) < 0 ||
		    (error = ct_claim_to_json(&rec, claim)) < 0)
			goto done;
		ct_buf_reset(&path);
		if ((error = ct_path_claim(&path, id)) < 0 || (error = ct_ledger_stage_json(ledger, path.ptr, rec)) < 0)
			goto done;
		if (json_array_append(added, rec) < 0) {
			error = ct_error_oom();
			goto done;
		}
		json_decref(rec);
		rec = NULL;
	}
	if (json_array_size(added)) {
		if ((error = ct_buf_printf(&msg, "Extract %zu claim%s from %s@%d\n\n", json_array_size(added),
					   json_array_size(added) == 1 ? "" : "s", x.id, x.rev)) < 0)
			goto done;
		json_array_foreach(added, i, r) {
			if ((error = ct_buf_printf(&msg, "%s: ", ct_json_str(r, "id", ""))) < 0 ||
			    (error = ct_claim_summary(&msg, ct_json_str(r, "statement", ""))) < 0 ||
			    (error = ct_buf_putc(&msg, '\n')) < 0)
				goto done;
		}
		if ((error = ct_ledger_commit(ledger, msg.ptr, NULL)) < 0)
			goto done;
	}
	*out = added;
	added = NULL;
done:
	ct_ledger_abort(ledger);
	json_decref(added);
	json_decref(rec);
	ct_claim_free(claim);
	free(statement);
	extraction_release(&x);
	ct_buf_release(&msg);
	ct_buf_release(&path);
	return error;
}
