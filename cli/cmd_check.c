/* cli/cmd_check.c: claimtrack check (a draft's check-worthy sentences against the ledger) and claimtrack extract. */
#include "cmd_check.h"

#include "check.h"
#include "error.h"
#include "json.h"
#include "util.h"

#include <string.h>

/* Print s with each run of white space (a wrapped line) as one space. */
static void put_flat(FILE *f, const char *s)
{
	int space = 0;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t' || *s == '\v' || *s == '\f') {
			space = 1;
			continue;
		}
		if (space)
			fputc(' ', f);
		space = 0;
		fputc(*s, f);
	}
}

/* Print `label` and the human form of a value object. */
static void print_value(struct ct_cli *cli, const char *label, const json_t *vj)
{
	ct_buf b = CT_BUF_INIT;

	if (ct_value_words(&b, vj))
		fprintf(cli->out, "  %-12s%s\n", label, b.ptr);
	ct_buf_release(&b);
}

/* "quantity, date" */
static void print_reasons(struct ct_cli *cli, const json_t *obj)
{
	const json_t *r;
	size_t i;

	json_array_foreach(json_object_get(obj, "reasons"), i, r)
		fprintf(cli->out, "%s%s", i ? ", " : "", json_string_value(r));
}

/* Why a sentence is contradicted or unsourced, in words. */
static const char *why_text(const json_t *s)
{
	const char *why = ct_json_str(s, "why", "");
	const char *status = ct_json_str(json_object_get(s, "claim"), "status", "");

	if (!strcmp(why, "values"))
		return "the ledger's value does not back the draft's";
	if (!strcmp(why, "status"))
		return !strcmp(status, "retracted") ? "the matching claim is retracted" : "the matching claim is refuted";
	if (!strcmp(why, "stance"))
		return "a source disputes the matching claim";
	if (!strcmp(why, "not-supported"))
		return "no source supports the matching claim";
	return "no claim in the ledger matches";
}

/* One block of the human output of check: the status word first. */
static void print_sentence(struct ct_cli *cli, const json_t *s)
{
	const char *status = ct_json_str(s, "status", "");
	const json_t *claim = json_object_get(s, "claim"), *c;
	size_t i;

	fprintf(cli->out, "%s%-13s%s line %lld: ", ct_c(cli, strcmp(status, "sourced") ? "del" : "add"), status,
		ct_c(cli, "reset"), ct_json_int(s, "line", 0));
	put_flat(cli->out, ct_json_str(s, "text", ""));
	fprintf(cli->out, "\n  %-12s", "reasons");
	print_reasons(cli, s);
	fputc('\n', cli->out);
	if (strcmp(status, "sourced"))
		fprintf(cli->out, "  %-12s%s\n", "why", why_text(s));
	print_value(cli, "draft", json_object_get(s, "value"));
	print_value(cli, "ledger", json_object_get(s, "ledger_value"));
	if (claim) {
		fprintf(cli->out, "  %-12s%s%s%s (%s, score %.2f) ", "claim", ct_c(cli, "id"), ct_json_str(claim, "id", ""),
			ct_c(cli, "reset"), ct_json_str(claim, "status", ""),
			json_number_value(json_object_get(s, "score")));
		put_flat(cli->out, ct_json_str(claim, "statement", ""));
		fputc('\n', cli->out);
	}
	json_array_foreach(json_object_get(s, "sources"), i, c) {
		fprintf(cli->out, "  %-12s%s@%lld %s \"", "source", ct_json_str(c, "source", ""), ct_json_int(c, "rev", 0),
			ct_json_str(c, "stance", ""));
		put_flat(cli->out, ct_json_str(c, "quote", ""));
		fputs("\"\n", cli->out);
	}
}

struct check_options {
	int json, fail_if_unsourced;
};

static const struct ct_opt check_opts[] = {
	CT_OPT_FLAG("json", 0, struct check_options, json,
		    "print {\"sentences\": [...], \"counts\": {\"sourced\", \"contradicted\", \"unsourced\"}}"),
	CT_OPT_FLAG("fail-if-unsourced", 0, struct check_options, fail_if_unsourced,
		    "exit 1 when a sentence is unsourced or contradicted (for pipelines)"),
	CT_OPTS_END,
};

static int run_check(struct ct_cli *cli, struct ct_args *a)
{
	const struct check_options *o = a->opts;
	ct_buf text = CT_BUF_INIT;
	json_t *doc = NULL, *s, *counts;
	const char *name = strcmp(a->argv[0], "-") ? a->argv[0] : "standard input";
	size_t i;
	int error, rc = 0;

	if ((error = ct_file_read(&text, a->argv[0])) < 0 ||
	    (error = ct_check_draft(&doc, cli->ledger, text.ptr, text.len, name)) < 0) {
		rc = ct_fail(error);
		goto done;
	}
	counts = json_object_get(doc, "counts");
	if (o->json) {
		rc = ct_print_json(cli->out, doc);
	} else {
		json_array_foreach(json_object_get(doc, "sentences"), i, s) {
			print_sentence(cli, s);
			fputc('\n', cli->out);
		}
		if (json_array_size(json_object_get(doc, "sentences")))
			fprintf(cli->out, "%zu check-worthy sentence%s: %lld sourced, %lld contradicted, %lld unsourced\n",
				json_array_size(json_object_get(doc, "sentences")),
				json_array_size(json_object_get(doc, "sentences")) == 1 ? "" : "s",
				ct_json_int(counts, "sourced", 0), ct_json_int(counts, "contradicted", 0),
				ct_json_int(counts, "unsourced", 0));
		else
			fprintf(cli->out, "no check-worthy sentence\n");
	}
	/* A contradicted sentence blocks a pipeline as surely as an unsourced one. */
	if (!rc && o->fail_if_unsourced &&
	    (ct_json_int(counts, "unsourced", 0) || ct_json_int(counts, "contradicted", 0)))
		rc = EXIT_NO;
done:
	json_decref(doc);
	ct_buf_release(&text);
	return rc;
}

const struct ct_cmd ct_cmd_check = {
	"check", run_check, "FILE|-",
	"pre-publication check: each check-worthy sentence of a draft, sourced, contradicted or unsourced",
	check_opts, sizeof(struct check_options), 1, 1, CT_CMD_LEDGER, NULL,
};

struct extract_options {
	int add, json;
};

static const struct ct_opt extract_opts[] = {
	CT_OPT_FLAG("add", 0, struct extract_options, add,
		    "record each candidate no claim cites yet as an unverified claim (stance mentions), in one commit"),
	CT_OPT_FLAG("json", 0, struct extract_options, json,
		    "print {\"source\", \"rev\", \"candidates\": [...]} (with --add: the new records)"),
	CT_OPTS_END,
};

static int run_extract(struct ct_cli *cli, struct ct_args *a)
{
	const struct extract_options *o = a->opts;
	json_t *doc = NULL, *c;
	size_t i;
	int error, rc = 0;

	if (o->add) {
		if ((error = ct_extract_add(&doc, cli->ledger, a->argv[0])) < 0)
			return ct_fail(error);
		if (o->json)
			rc = ct_print_json(cli->out, doc);
		else if (!json_array_size(doc))
			fprintf(cli->out, "nothing to add: every candidate of '%s' is a claim already\n", a->argv[0]);
		json_array_foreach(doc, i, c)
			if (!o->json)
				fprintf(cli->out, "%s\n", ct_json_str(c, "id", ""));
		json_decref(doc);
		return rc;
	}
	if ((error = ct_extract_list(&doc, cli->ledger, a->argv[0])) < 0)
		return ct_fail(error);
	if (o->json) {
		rc = ct_print_json(cli->out, doc);
	} else {
		size_t cited = 0, n = json_array_size(json_object_get(doc, "candidates"));
		json_array_foreach(json_object_get(doc, "candidates"), i, c)
			cited += ct_json_str(c, "claim", NULL) != NULL;
		fprintf(cli->out, "%s@%lld: %zu check-worthy sentence%s, %zu cited by a claim\n",
			ct_json_str(doc, "source", ""), ct_json_int(doc, "rev", 0), n, n == 1 ? "" : "s", cited);
		json_array_foreach(json_object_get(doc, "candidates"), i, c) {
			fprintf(cli->out, "line %-4lld ", ct_json_int(c, "line", 0));
			print_reasons(cli, c);
			if (ct_json_str(c, "claim", NULL))
				fprintf(cli->out, "  (claim %s%s%s)", ct_c(cli, "id"), ct_json_str(c, "claim", ""),
					ct_c(cli, "reset"));
			fputs("\n  ", cli->out);
			put_flat(cli->out, ct_json_str(c, "text", ""));
			fputc('\n', cli->out);
		}
	}
	json_decref(doc);
	return rc;
}

const struct ct_cmd ct_cmd_extract = {
	"extract", run_extract, "SOURCE[@N]",
	"list a source revision's check-worthy sentences; --add records them as unverified claims",
	extract_opts, sizeof(struct extract_options), 1, 1, CT_CMD_LEDGER, NULL,
};
