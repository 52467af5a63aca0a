/* Unit tests of core/features/check.c: check-worthy sentences, matching them against a ledger, extraction. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <git2.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "error.h"
#include "json.h"
#include "ledger.h"
#include "model.h"
#include "text.h"
#include "util.h"

/* ---- helpers ----------------------------------------------------------------- */

/* Assert that two JSON values are equal, showing both when they are not. */
static void assert_json(const json_t *expected, const json_t *actual)
{
	if (!json_equal(expected, actual)) {
		char *e = json_dumps(expected, JSON_SORT_KEYS | JSON_INDENT(2));
		char *a = actual ? json_dumps(actual, JSON_SORT_KEYS | JSON_INDENT(2)) : NULL;
		print_error("expected:\n%s\nactual:\n%s\n", e ? e : "?", a ? a : "(null)");
		free(e);
		free(a);
		fail();
	}
}

/* The reasons of a sentence, as names joined by ",". */
static char *reasons_of(const char *sentence)
{
	unsigned r = 0, bit;
	ct_buf b = CT_BUF_INIT;

	assert_int_equal(ct_check_reasons(&r, sentence, strlen(sentence)), 0);
	for (bit = CT_CHECK_QUANTITY; bit <= CT_CHECK_ATTRIBUTION; bit <<= 1)
		if (r & bit)
			assert_int_equal(ct_buf_printf(&b, "%s%s", b.len ? "," : "", ct_check_reason_name(bit)), 0);
	return ct_buf_detach(&b, NULL);
}

static void assert_reasons(const char *sentence, const char *expected)
{
	char *got = reasons_of(sentence);

	if (strcmp(got, expected))
		print_error("sentence: %s\n", sentence);
	assert_string_equal(got, expected);
	free(got);
}

/* ---- candidates ---------------------------------------------------------------- */

static void each_reason_is_found(void **state)
{
	(void)state;
	assert_reasons("The library lent 3,400 books in its final month.", "quantity");
	assert_reasons("Fourteen readers signed the letter.", "quantity");
	assert_reasons("Fines rose by 12% last year.", "quantity");
	assert_reasons("The roof cost £2.1m to mend.", "quantity");
	assert_reasons("The reading room reopened on 4 March.", "date");
	assert_reasons("The vote was held on Thursday.", "date");
	assert_reasons("The branch opened in 1884 as a reading society.", "date");
	assert_reasons("The shop will close in May.", "date");
	assert_reasons("It is the oldest lending library in the county.", "superlative");
	assert_reasons("Most readers came on foot.", "superlative");
	assert_reasons("The branch has never closed before.", "first-only-record");
	assert_reasons("It was the first-ever strike by the staff.", "first-only-record");
	assert_reasons("The librarian said the shelves were damp.", "attribution");
	assert_reasons("According to the council, the roof leaks.", "attribution");
	assert_reasons("Officials confirmed the closure.", "attribution");
}

static void a_sentence_has_all_its_reasons(void **state)
{
	(void)state;
	/* A figure and a year: the second value is found once the first is blanked. */
	assert_reasons("Visitor numbers hit a record 12,000 in 2019, the trust announced.",
		       "quantity,date,first-only-record,attribution");
	assert_reasons("The largest branch lent 900 books on 3 June, the council said.",
		       "quantity,date,superlative,attribution");
}

static void sentences_that_state_nothing_are_not_listed(void **state)
{
	(void)state;
	assert_reasons("The sky over the square was grey.", "");
	assert_reasons("Readers were told to return their books.", "");
	assert_reasons("Stories matter to everyone.", "");
	assert_reasons("May we borrow it?", "");
	assert_reasons("The latest figures are out.", "");
	/* "at least" qualifies a figure: a quantity, no superlative. */
	assert_reasons("It cost at least 40 pounds.", "quantity");
	assert_reasons("At least the roof is sound.", "");
	assert_reasons("Volunteers have offered to run a lending service from the church hall.", "");
	assert_reasons("", "");
}

static void candidates_come_with_offsets_in_text_order(void **state)
{
	static const char text[] = "The sky was grey.\n\nThe library lent 3,400 books, the council said. "
				   "Readers cried.\nIt was the oldest branch.\n";
	ct_check_candidate *c = NULL;
	json_t *got, *want;
	size_t n = 99;

	(void)state;
	assert_int_equal(ct_check_candidates(&c, &n, text, strlen(text)), 0);
	assert_int_equal(n, 2);
	assert_int_equal(c[0].reasons, CT_CHECK_QUANTITY | CT_CHECK_ATTRIBUTION);
	assert_int_equal(c[1].reasons, CT_CHECK_SUPERLATIVE);

	got = ct_check_candidate_json(&c[0], text);
	want = json_pack("{s:s, s:i, s:i, s:i, s:[s, s]}", "text", "The library lent 3,400 books, the council said.",
			 "start", 19, "end", 66, "line", 3, "reasons", "quantity", "attribution");
	assert_json(want, got);
	json_decref(got);
	json_decref(want);

	got = ct_check_candidate_json(&c[1], text);
	want = json_pack("{s:s, s:i, s:i, s:i, s:[s]}", "text", "It was the oldest branch.", "start", 82, "end", 107,
			 "line", 4, "reasons", "superlative");
	assert_json(want, got);
	json_decref(got);
	json_decref(want);
	free(c);

	/* Nothing check-worthy: no array at all. */
	assert_int_equal(ct_check_candidates(&c, &n, "The sky was grey.", 17), 0);
	assert_null(c);
	assert_int_equal(n, 0);
	assert_int_equal(ct_check_candidates(&c, &n, "", 0), 0);
	assert_null(c);
	assert_string_equal(ct_check_reason_name(CT_CHECK_DATE | CT_CHECK_QUANTITY), "");
}

/* ---- a small ledger ------------------------------------------------------------- */

static const char article[] =
	"Wrenhaven library to close after 140 years\n\n"
	"The Wrenhaven library lent 3,400 books in its final month, the town council said.\n\n"
	"Its reading room was the oldest in the county.\n\n"
	"The council estimated that repairs would cost 2.1 million pounds.\n\n"
	"Volunteers have offered to run a smaller lending service from the church hall.\n\n"
	"Two other branches remain open in the district.\n\n"
	"The sky over the square was grey on the last day.\n\n"
	"The reading room reopened on 4 March after six weeks of repairs.\n";

struct fixture {
	char *dir;      /* the temporary directory holding .claimtrack */
	ct_ledger *ledger;
	char lent[CT_ID_LEN + 1];       /* supported by the article */
	char repairs[CT_ID_LEN + 1];    /* cited only with "mentions" */
	char oldest[CT_ID_LEN + 1];     /* refuted */
	char volunteers[CT_ID_LEN + 1]; /* only disputed */
	char branches[CT_ID_LEN + 1];   /* with its own value, 2 branches */
	char reopened[CT_ID_LEN + 1];   /* a quote stating a date after a quantity */
};

/* Claim `ref` of the ledger as JSON (json_decref). */
static json_t *claim_json(ct_ledger *l, const char *ref)
{
	ct_claim *claim = NULL;
	json_t *j = NULL;

	assert_int_equal(ct_claim_get(&claim, l, ref), 0);
	assert_int_equal(ct_claim_to_json(&j, claim), 0);
	ct_claim_free(claim);
	return j;
}

static void add_claim(char *id, ct_ledger *l, const char *statement, const char *value, const char *quote,
		      const char *stance)
{
	ct_cite_spec cite = { "wrenhaven", quote, stance, NULL, NULL };
	ct_claim_spec spec = { statement, NULL, NULL, value, &cite };
	ct_claim *cl = NULL;

	assert_int_equal(ct_claim_add(&cl, l, &spec), 0);
	snprintf(id, CT_ID_LEN + 1, "%s", cl->id);
	ct_claim_free(cl);
}

/* A ledger in a new temporary directory, with the article as source "wrenhaven". */
static int ledger_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char tmpl[] = "/tmp/claimtrack-check.XXXXXX", *dir = mkdtemp(tmpl), *gitdir = NULL;
	ct_source_spec spec;
	ct_source *src = NULL;

	if (!f || !dir || ct_ledger_init(dir) < 0 || asprintf(&gitdir, "%s/.claimtrack", dir) < 0)
		return -1;
	f->dir = strdup(dir);
	if (ct_ledger_open(&f->ledger, gitdir) < 0)
		return -1;
	free(gitdir);
	memset(&spec, 0, sizeof(spec));
	spec.id = "wrenhaven";
	spec.url = "https://wrenhaven-herald.example/library";
	if (ct_source_add(&src, f->ledger, &spec, article, strlen(article)) < 0)
		return -1;
	ct_source_free(src);
	*state = f;
	return 0;
}

/* The ledger of ledger_setup with five claims. */
static int claims_setup(void **state)
{
	struct fixture *f;
	ct_claim *cl = NULL;

	if (ledger_setup(state) < 0)
		return -1;
	f = *state;
	add_claim(f->lent, f->ledger, "The library lent 3,400 books in its final month", NULL,
		  "The Wrenhaven library lent 3,400 books in its final month", NULL);
	add_claim(f->repairs, f->ledger, "Repairs would cost 2.1 million pounds", NULL,
		  "repairs would cost 2.1 million pounds", "mentions");
	add_claim(f->oldest, f->ledger, "The reading room was the oldest in the county", NULL,
		  "Its reading room was the oldest in the county", "supports");
	add_claim(f->volunteers, f->ledger, "Volunteers will run a lending service", NULL,
		  "Volunteers have offered to run a smaller lending service", "disputes");
	add_claim(f->branches, f->ledger, "Two branches remain open", "2 branches",
		  "Two other branches remain open in the district", "supports");
	add_claim(f->reopened, f->ledger, "The reading room reopened on 4 March", NULL,
		  "The reading room reopened on 4 March after six weeks of repairs", "supports");
	assert_int_equal(ct_claim_set_status(&cl, f->ledger, f->oldest, "refuted", "the chapel library is older"), 0);
	ct_claim_free(cl);
	return 0;
}

static int ledger_teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[4200];
	int rc;

	ct_ledger_free(f->ledger);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	rc = system(cmd);
	free(f->dir);
	free(f);
	return rc == 0 ? 0 : -1;
}

/* Match a sentence and compare the whole result with `want` (which is released). */
static void assert_match(struct fixture *f, const char *sentence, json_t *want)
{
	json_t *got = NULL;

	assert_non_null(want);
	assert_int_equal(ct_check_sentence(&got, f->ledger, sentence, strlen(sentence)), 0);
	assert_json(want, got);
	json_decref(got);
	json_decref(want);
}

/* The score the header documents: similarity rounded to 3 decimals. */
static double score(const char *a, const char *b)
{
	return round(ct_text_similarity(a, strlen(a), b, strlen(b)) * 1000) / 1000;
}

/*
 * The score of a sentence with no attribution against a claim with one
 * citation, as the header documents it: the best similarity of the sentence
 * with the statement or the quote, or with the part of either most like it,
 * rounded to 3 decimals.
 */
static double part_score(const char *sentence, const char *statement, const char *quote)
{
	const char *passages[] = { statement, quote };
	double best = 0, x;
	size_t i, start, end;

	for (i = 0; i < 2; i++) {
		x = ct_text_similarity(sentence, strlen(sentence), passages[i], strlen(passages[i]));
		best = x > best ? x : best;
		x = ct_text_nearest(&start, &end, passages[i], strlen(passages[i]), sentence);
		best = x > best ? x : best;
	}
	return round(best * 1000) / 1000;
}

/* ---- matching ------------------------------------------------------------------- */

static void a_restatement_with_an_attribution_is_sourced(void **state)
{
	struct fixture *f = *state;

	/* Without ", a spokesman said" the sentence is the quote itself: score 1. */
	assert_match(f, "The Wrenhaven library lent 3,400 books in its final month, a spokesman said.",
		     json_pack("{s:s, s:{s:s, s:s, s:s}, s:f, s:[{s:s, s:i, s:s, s:s}]}", "status", "sourced",
			       "claim", "id", f->lent, "statement", "The library lent 3,400 books in its final month",
			       "status", "unverified", "score", 1.0, "sources", "source", "wrenhaven", "rev", 1,
			       "quote", "The Wrenhaven library lent 3,400 books in its final month", "stance",
			       "supports"));
}

static void a_looser_figure_that_holds_is_sourced(void **state)
{
	struct fixture *f = *state;
	const char *s = "The Wrenhaven library lent about 3,400 books in its final month.";

	assert_match(f, s,
		     json_pack("{s:s, s:{s:s, s:s, s:s}, s:f, s:[{s:s, s:i, s:s, s:s}]}", "status", "sourced",
			       "claim", "id", f->lent, "statement", "The library lent 3,400 books in its final month",
			       "status", "unverified", "score",
			       score(s, "The Wrenhaven library lent 3,400 books in its final month"), "sources", "source",
			       "wrenhaven", "rev", 1, "quote", "The Wrenhaven library lent 3,400 books in its final month",
			       "stance", "supports"));
}

static void another_figure_is_contradicted(void **state)
{
	struct fixture *f = *state;
	const char *s = "The Wrenhaven library lent 5,000 books in its final month.";

	assert_match(f, s,
		     json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:f, s:[{s:s, s:i, s:s, s:s}],"
			       " s:{s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:b, s:b},"
			       " s:{s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:b, s:b}}",
			       "status", "contradicted", "why", "values", "claim", "id", f->lent, "statement",
			       "The library lent 3,400 books in its final month", "status", "unverified", "score",
			       score(s, "The Wrenhaven library lent 3,400 books in its final month"), "sources", "source",
			       "wrenhaven", "rev", 1, "quote", "The Wrenhaven library lent 3,400 books in its final month",
			       "stance", "supports", "value", "kind", "quantity", "text", "5,000", "qualifier", "",
			       "unit", "books", "number", 5000, "min", 5000, "max", 5000, "min_open", 0, "max_open", 0,
			       "ledger_value", "kind", "quantity", "text", "3,400", "qualifier", "", "unit", "books",
			       "number", 3400, "min", 3400, "max", 3400, "min_open", 0, "max_open", 0));
}

static void every_value_of_a_quote_is_compared(void **state)
{
	struct fixture *f = *state;
	const char *quote = "The reading room reopened on 4 March after six weeks of repairs";
	const char *s = "The reading room reopened on 6 March.";

	/* The quote's first value is "six weeks"; its date disagrees with the sentence's. */
	assert_match(f, s,
		     json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:f, s:[{s:s, s:i, s:s, s:s}],"
			       " s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}}",
			       "status", "contradicted", "why", "values", "claim", "id", f->reopened, "statement",
			       "The reading room reopened on 4 March", "status", "unverified", "score",
			       part_score(s, "The reading room reopened on 4 March", quote), "sources", "source", "wrenhaven",
			       "rev", 1, "quote", quote, "stance", "supports", "value", "kind", "date", "text", "6 March",
			       "date", "--03-06", "ledger_value", "kind", "date", "text", "4 March", "date", "--03-04"));
	/* Part of the quote, with its date: sourced. */
	s = "The reading room reopened on 4 March.";
	assert_match(f, s,
		     json_pack("{s:s, s:{s:s, s:s, s:s}, s:f, s:[{s:s, s:i, s:s, s:s}]}", "status", "sourced",
			       "claim", "id", f->reopened, "statement", "The reading room reopened on 4 March", "status",
			       "unverified", "score", part_score(s, "The reading room reopened on 4 March", quote),
			       "sources", "source", "wrenhaven", "rev", 1, "quote", quote, "stance", "supports"));
}

static void more_than_the_ledger_states_is_contradicted(void **state)
{
	struct fixture *f = *state;
	const char *quote = "The Wrenhaven library lent 3,400 books in its final month";
	const char *s = "More than 3,400 books were lent in the final month.";

	assert_match(f, s,
		     json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:f, s:[{s:s, s:i, s:s, s:s}],"
			       " s:{s:s, s:s, s:s, s:s, s:i, s:i, s:n, s:b, s:b},"
			       " s:{s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:b, s:b}}",
			       "status", "contradicted", "why", "values", "claim", "id", f->lent, "statement",
			       "The library lent 3,400 books in its final month", "status", "unverified", "score",
			       part_score(s, "The library lent 3,400 books in its final month", quote), "sources", "source",
			       "wrenhaven", "rev", 1, "quote", quote, "stance", "supports", "value", "kind", "quantity",
			       "text", "More than 3,400", "qualifier", "more than",
			       "unit", "books", "number", 3400, "min", 3400, "max", "min_open", 1, "max_open", 0,
			       "ledger_value", "kind", "quantity", "text", "3,400", "qualifier", "", "unit", "books",
			       "number", 3400, "min", 3400, "max", 3400, "min_open", 0, "max_open", 0));
}

static void a_claim_value_that_disagrees_contradicts(void **state)
{
	struct fixture *f = *state;
	const char *s = "Three other branches remain open in the district.";
	json_t *want = json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:f, s:[{s:s, s:i, s:s, s:s}],"
				 " s:{s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:b, s:b}}",
				 "status", "contradicted", "why", "values", "claim", "id", f->branches, "statement",
				 "Two branches remain open", "status", "unverified", "score",
				 score(s, "Two other branches remain open in the district"), "sources", "source",
				 "wrenhaven", "rev", 1, "quote", "Two other branches remain open in the district",
				 "stance", "supports", "value", "kind", "quantity", "text", "Three", "qualifier", "",
				 "unit", "branches", "number", 3, "min", 3, "max", 3, "min_open", 0, "max_open", 0);
	json_t *claim = claim_json(f->ledger, f->branches);

	/* The ledger's value is the claim's own (--value "2 branches"), as stored. */
	json_object_set(want, "ledger_value", json_object_get(claim, "value"));
	json_decref(claim);
	assert_match(f, s, want);
}

static void a_claim_cited_only_as_a_mention_sources_nothing(void **state)
{
	struct fixture *f = *state;
	const char *s = "Repairs would cost 2.1 million pounds, the council estimated.";

	assert_match(f, s,
		     json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:f}", "status", "unsourced", "why", "not-supported",
			       "claim", "id", f->repairs, "statement", "Repairs would cost 2.1 million pounds", "status",
			       "unverified", "score", 1.0));
}

static void a_refuted_claim_contradicts(void **state)
{
	struct fixture *f = *state;

	const char *s = "Its reading room was the oldest in the county.";

	assert_match(f, s,
		     json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:f, s:[{s:s, s:i, s:s, s:s}]}", "status",
			       "contradicted", "why", "status", "claim", "id", f->oldest, "statement",
			       "The reading room was the oldest in the county", "status", "refuted", "score",
			       score(s, "Its reading room was the oldest in the county"),
			       "sources", "source", "wrenhaven", "rev", 1, "quote",
			       "Its reading room was the oldest in the county", "stance", "supports"));
}

static void a_disputed_claim_contradicts(void **state)
{
	struct fixture *f = *state;
	const char *s = "Volunteers have offered to run a smaller lending service, the vicar said.";

	assert_match(f, s,
		     json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:f, s:[{s:s, s:i, s:s, s:s}]}", "status",
			       "contradicted", "why", "stance", "claim", "id", f->volunteers, "statement",
			       "Volunteers will run a lending service", "status", "unverified", "score", 1.0, "sources",
			       "source", "wrenhaven", "rev", 1, "quote",
			       "Volunteers have offered to run a smaller lending service", "stance", "disputes"));
}

static void a_sentence_nothing_states_is_unsourced(void **state)
{
	struct fixture *f = *state;

	assert_match(f, "The swimming pool will reopen in 2026.",
		     json_pack("{s:s, s:s}", "status", "unsourced", "why", "no-match"));
	/* The same words about another town: the names differ, so nothing matches. */
	assert_match(f, "The Ostby library lent 3,400 books in its final month.",
		     json_pack("{s:s, s:s}", "status", "unsourced", "why", "no-match"));
	/* Only stop words: no query at all. */
	assert_match(f, "It was what they said.", json_pack("{s:s, s:s}", "status", "unsourced", "why", "no-match"));
}

static void a_draft_lists_its_candidates_with_counts(void **state)
{
	struct fixture *f = *state;
	static const char draft[] = "Draft\n\n"
				    "The Wrenhaven library lent 3,400 books in its final month.\n"
				    "The square was quiet.\n"
				    "The swimming pool will reopen in 2026.\n";
	json_t *doc = NULL, *want;

	assert_int_equal(ct_check_draft(&doc, f->ledger, draft, strlen(draft), "draft.txt"), 0);
	want = json_pack("{s:[{s:s, s:i, s:i, s:i, s:[s], s:s, s:{s:s, s:s, s:s}, s:f, s:[{s:s, s:i, s:s, s:s}]},"
			 "    {s:s, s:i, s:i, s:i, s:[s], s:s, s:s}],"
			 " s:{s:i, s:i, s:i}}",
			 "sentences", "text", "The Wrenhaven library lent 3,400 books in its final month.", "start", 7,
			 "end", 65, "line", 3, "reasons", "quantity", "status", "sourced", "claim", "id", f->lent,
			 "statement", "The library lent 3,400 books in its final month", "status", "unverified", "score",
			 score("The Wrenhaven library lent 3,400 books in its final month.",
			       "The Wrenhaven library lent 3,400 books in its final month"),
			 "sources", "source", "wrenhaven", "rev", 1, "quote",
			 "The Wrenhaven library lent 3,400 books in its final month", "stance", "supports",
			 "text", "The swimming pool will reopen in 2026.", "start", 88, "end", 126, "line", 5, "reasons",
			 "date", "status", "unsourced", "why", "no-match",
			 "counts", "sourced", 1, "contradicted", 0, "unsourced", 1);
	assert_json(want, doc);
	json_decref(want);
	json_decref(doc);
}

static void a_draft_must_be_text(void **state)
{
	struct fixture *f = *state;
	json_t *doc = NULL;

	assert_int_equal(ct_check_draft(&doc, f->ledger, " \n\t\n", 4, "draft.txt"), CT_EINVALID);
	assert_string_equal(ct_error_last(), "'draft.txt' is empty");
	assert_int_equal(ct_check_draft(&doc, f->ledger, "caf\xe9 au lait", 12, "draft.txt"), CT_EINVALID);
	assert_string_equal(ct_error_last(), "'draft.txt' is not valid UTF-8 (byte 3)");
	assert_int_equal(ct_check_draft(&doc, f->ledger, "a\0b", 3, "-"), CT_EINVALID);
	assert_string_equal(ct_error_last(), "'-' contains a NUL byte (byte 1)");
	assert_null(doc);
	/* A draft with no check-worthy sentence is no error. */
	assert_int_equal(ct_check_draft(&doc, f->ledger, "The sky was grey.", 17, "draft.txt"), 0);
	assert_int_equal(json_array_size(json_object_get(doc, "sentences")), 0);
	json_decref(doc);
}

/* ---- extraction ------------------------------------------------------------------- */

static void extraction_lists_the_candidates_of_a_source(void **state)
{
	struct fixture *f = *state;
	json_t *doc = NULL, *want;

	assert_int_equal(ct_extract_list(&doc, f->ledger, "wrenhaven@1"), 0);
	want = json_pack("{s:s, s:i, s:["
			 "{s:s, s:i, s:i, s:i, s:[s]},"
			 "{s:s, s:i, s:i, s:i, s:[s, s]},"
			 "{s:s, s:i, s:i, s:i, s:[s]},"
			 "{s:s, s:i, s:i, s:i, s:[s, s]},"
			 "{s:s, s:i, s:i, s:i, s:[s]},"
			 "{s:s, s:i, s:i, s:i, s:[s, s]}]}",
			 "source", "wrenhaven", "rev", 1, "candidates",
			 "text", "Wrenhaven library to close after 140 years", "start", 0, "end", 42, "line", 1,
			 "reasons", "quantity",
			 "text", "The Wrenhaven library lent 3,400 books in its final month, the town council said.",
			 "start", 44, "end", 125, "line", 3, "reasons", "quantity", "attribution",
			 "text", "Its reading room was the oldest in the county.", "start", 127, "end", 173, "line", 5,
			 "reasons", "superlative",
			 "text", "The council estimated that repairs would cost 2.1 million pounds.", "start", 175, "end",
			 240, "line", 7, "reasons", "quantity", "attribution",
			 "text", "Two other branches remain open in the district.", "start", 322, "end", 369, "line", 11,
			 "reasons", "quantity",
			 "text", "The reading room reopened on 4 March after six weeks of repairs.", "start", 422, "end",
			 486, "line", 15, "reasons", "quantity", "date");
	assert_json(want, doc);
	json_decref(want);
	json_decref(doc);

	assert_int_equal(ct_extract_list(&doc, f->ledger, "nowhere"), CT_ENOTFOUND);
	assert_string_equal(ct_error_last(), "no source 'nowhere'");
	assert_int_equal(ct_extract_list(&doc, f->ledger, "wrenhaven@2"), CT_ENOTFOUND);
	assert_int_equal(ct_extract_list(&doc, f->ledger, "wrenhaven@x"), CT_EINVALID);
	assert_null(doc);
}

static void extraction_adds_each_candidate_once(void **state)
{
	struct fixture *f = *state;
	json_t *added = NULL, *doc = NULL, *want, *rec, *cand;
	char head[64];
	size_t i;

	/* A claim cites the reading-room sentence exactly already: it is left out. */
	add_claim(f->oldest, f->ledger, "The reading room was the oldest", NULL,
		  "Its reading room was the oldest in the county.", "supports");
	assert_int_equal(ct_extract_add(&added, f->ledger, "wrenhaven"), 0);
	assert_int_equal(json_array_size(added), 5);

	rec = json_array_get(added, 1);
	want = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[{s:s, s:i, s:s, s:i, s:i, s:s, s:s, s:s, s:s,"
			 " s:{s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:b, s:b}}]}",
			 "id", ct_json_str(rec, "id", ""), "statement",
			 "The Wrenhaven library lent 3,400 books in its final month, the town council said.",
			 "status", "unverified", "created", "2025-01-02T03:04:05Z", "updated", "2025-01-02T03:04:05Z",
			 "citations", "source", "wrenhaven", "rev", 1, "quote",
			 "The Wrenhaven library lent 3,400 books in its final month, the town council said.", "start",
			 44, "end", 125, "prefix", "brary to close after 140 years\n\n", "suffix",
			 "\n\nIts reading room was the oldes", "stance", "mentions", "added", "2025-01-02T03:04:05Z",
			 "value", "kind", "quantity", "text", "3,400", "qualifier", "", "unit", "books", "number",
			 3400, "min", 3400, "max", 3400, "min_open", 0, "max_open", 0);
	assert_json(want, rec);
	json_decref(want);

	/* Every candidate now names its claim; the records are in the ledger. */
	assert_int_equal(ct_extract_list(&doc, f->ledger, "wrenhaven"), 0);
	json_array_foreach(json_object_get(doc, "candidates"), i, cand) {
		json_t *stored;
		assert_non_null(ct_json_str(cand, "claim", NULL));
		if (i == 2) {
			assert_string_equal(ct_json_str(cand, "claim", ""), f->oldest);
			continue;
		}
		stored = claim_json(f->ledger, ct_json_str(cand, "claim", ""));
		assert_json(json_array_get(added, i < 2 ? i : i - 1), stored);
		json_decref(stored);
	}
	json_decref(doc);
	json_decref(added);

	/* The second time, nothing is left to add and nothing is written. */
	snprintf(head, sizeof(head), "%s", ct_ledger_head(f->ledger));
	assert_int_equal(ct_extract_add(&added, f->ledger, "wrenhaven"), 0);
	assert_int_equal(json_array_size(added), 0);
	assert_string_equal(ct_ledger_head(f->ledger), head);
	json_decref(added);

	assert_int_equal(ct_extract_add(&added, f->ledger, "nowhere"), CT_ENOTFOUND);
	assert_null(added);
}

static void a_sentence_repeated_in_a_source_is_added_once(void **state)
{
	struct fixture *f = *state;
	static const char text[] = "The fair drew 800 people.\n\nIt rained.\n\nThe fair drew 800 people.\n";
	ct_source_spec spec;
	ct_source *src = NULL;
	json_t *rec = NULL, *added = NULL;

	memset(&spec, 0, sizeof(spec));
	spec.id = "fair";
	spec.url = "https://wrenhaven-herald.example/fair";
	assert_int_equal(ct_source_add(&src, f->ledger, &spec, text, strlen(text)), 0);
	ct_source_free(src);
	assert_int_equal(ct_extract_add(&added, f->ledger, "fair"), 0);
	assert_int_equal(json_array_size(added), 1);
	/* The prefix and suffix tell the first occurrence from the second. */
	rec = json_array_get(json_object_get(json_array_get(added, 0), "citations"), 0);
	assert_string_equal(ct_json_str(rec, "prefix", NULL), "");
	assert_string_equal(ct_json_str(rec, "suffix", NULL), "\n\nIt rained.\n\nThe fair drew 800 ");
	json_decref(added);
}

int main(void)
{
	const struct CMUnitTest candidates[] = {
		cmocka_unit_test(each_reason_is_found),
		cmocka_unit_test(a_sentence_has_all_its_reasons),
		cmocka_unit_test(sentences_that_state_nothing_are_not_listed),
		cmocka_unit_test(candidates_come_with_offsets_in_text_order),
	};
	const struct CMUnitTest matching[] = {
		cmocka_unit_test(a_restatement_with_an_attribution_is_sourced),
		cmocka_unit_test(a_looser_figure_that_holds_is_sourced),
		cmocka_unit_test(another_figure_is_contradicted),
		cmocka_unit_test(every_value_of_a_quote_is_compared),
		cmocka_unit_test(more_than_the_ledger_states_is_contradicted),
		cmocka_unit_test(a_claim_value_that_disagrees_contradicts),
		cmocka_unit_test(a_claim_cited_only_as_a_mention_sources_nothing),
		cmocka_unit_test(a_refuted_claim_contradicts),
		cmocka_unit_test(a_disputed_claim_contradicts),
		cmocka_unit_test(a_sentence_nothing_states_is_unsourced),
		cmocka_unit_test(a_draft_lists_its_candidates_with_counts),
		cmocka_unit_test(a_draft_must_be_text),
	};
	const struct CMUnitTest extraction[] = {
		cmocka_unit_test_setup_teardown(extraction_lists_the_candidates_of_a_source, ledger_setup, ledger_teardown),
		cmocka_unit_test_setup_teardown(extraction_adds_each_candidate_once, ledger_setup, ledger_teardown),
		cmocka_unit_test_setup_teardown(a_sentence_repeated_in_a_source_is_added_once, ledger_setup,
						ledger_teardown),
	};
	int failed = 0;

	git_libgit2_init();
	setenv("CLAIMTRACK_AUTHOR", "Unit Test <unit@example.org>", 1);
	setenv("CLAIMTRACK_DATE", "2025-01-02T03:04:05Z", 1);
	setenv("CLAIMTRACK_ID_SEED", "check", 1);
	failed += cmocka_run_group_tests_name("check candidates", candidates, NULL, NULL);
	failed += cmocka_run_group_tests_name("check matching", matching, claims_setup, ledger_teardown);
	failed += cmocka_run_group_tests_name("check extraction", extraction, NULL, NULL);
	git_libgit2_shutdown();
	return failed;
}
