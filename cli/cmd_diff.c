/* cli/cmd_diff.c: claimtrack diff: two revisions of a source as a word diff and a claim diff, or two sources compared. */
#include "cli.h"
#include "compare.h"
#include "error.h"
#include "html.h"
#include "json.h"
#include "model.h"
#include "term.h"
#include "wdiff.h"

#include <stdlib.h>
#include <string.h>

struct diff_options {
	int stat, ignore_trivial, json;
	const char *context, *html;
};

static const struct ct_opt diff_opts[] = {
	CT_OPT_FLAG("stat", 0, struct diff_options, stat,
		    "only the counts: words and paragraphs changed, claims by change"),
	CT_OPT_FLAG("ignore-trivial", 0, struct diff_options, ignore_trivial,
		    "hide changes of whitespace, punctuation or letter case only"),
	CT_OPT_STRING("context", 'U', struct diff_options, context, "N",
		      "show N unchanged paragraphs around each change (0)"),
	CT_OPT_FLAG("json", 0, struct diff_options, json, "print the diff as JSON"),
	CT_OPT_STRING("html", 0, struct diff_options, html, "FILE", "write a self-contained HTML page to FILE"),
	CT_OPTS_END,
};

static int page_diff(FILE *f, const json_t *doc, const json_t *extra)
{
	(void)extra;
	return ct_html_diff(f, doc);
}

/* A value object in words, or "no value". */
static void value_words(ct_buf *out, const json_t *vj)
{
	if (!ct_value_words(out, vj))
		ct_buf_puts(out, "no value");
}

static const char *const change_order[] = { "changed", "removed", "moved", "added", "unchanged", NULL };

/* The claims section: a count by change, then (unless only_counts) each claim. */
static void print_claims(struct ct_cli *cli, const json_t *claims, int only_counts)
{
	const json_t *e;
	size_t i, k;

	fprintf(cli->out, "%sclaims:", ct_c(cli, "bold"));
	for (k = 0; change_order[k]; k++) {
		size_t n = 0;
		json_array_foreach(claims, i, e)
			n += !strcmp(ct_json_str(e, "change", ""), change_order[k]);
		if (n)
			fprintf(cli->out, " %zu %s%s", n, change_order[k], change_order[k + 1] ? "," : "");
	}
	fprintf(cli->out, "%s%s\n", json_array_size(claims) ? "" : " none cite these revisions", ct_c(cli, "reset"));
	for (k = 0; !only_counts && change_order[k]; k++) {
		json_array_foreach(claims, i, e) {
			const char *ch = ct_json_str(e, "change", "");
			const json_t *o = json_object_get(e, "old"), *n = json_object_get(e, "new");
			if (strcmp(ch, change_order[k]))
				continue;
			fprintf(cli->out, "  %-10s %s%.10s%s  %s\n", ch, ct_c(cli, "id"), ct_json_str(e, "id", ""),
				ct_c(cli, "reset"), ct_json_str(e, "statement", ""));
			if (!strcmp(ch, "changed")) {
				ct_buf a = CT_BUF_INIT, b = CT_BUF_INIT;
				value_words(&a, json_object_get(o, "value"));
				value_words(&b, json_object_get(n, "value"));
				fprintf(cli->out, "%23s\"%s\"\n%23svalue: %s -> %s\n", "", ct_json_str(e, "diff", ""), "", a.ptr, b.ptr);
				ct_buf_release(&a);
				ct_buf_release(&b);
			} else if (!strcmp(ch, "removed") || !strcmp(ch, "added") || !strcmp(ch, "moved")) {
				fprintf(cli->out, "%23s\"%s\"\n", "", ct_json_str(o ? o : n, "quote", ""));
			}
		}
	}
}

static int diff_revisions(struct ct_cli *cli, struct ct_args *args, const char *id, int a, int b)
{
	ct_buf old = CT_BUF_INIT, new = CT_BUF_INIT, out = CT_BUF_INIT;
	ct_wdiff *d = NULL;
	json_t *claims = NULL, *doc = NULL;
	const struct diff_options *o = args->opts;
	unsigned flags = o->ignore_trivial ? CT_WDIFF_IGNORE_TRIVIAL : 0;
	const char *ctx = o->context;
	long context = CT_WDIFF_DEFAULT_CONTEXT;
	int error, rc = 0;

	if (ctx) {
		char *end;
		context = strtol(ctx, &end, 10);
		if (!*ctx || *end || context < 0)
			return ct_usage_error(args, "invalid count '%s' for --context", ctx);
	}
	if ((error = ct_ledger_text(&old, cli->ledger, id, a)) < 0 || (error = ct_ledger_text(&new, cli->ledger, id, b)) < 0 ||
	    (error = ct_wdiff_compute(&d, old.ptr, old.len, new.ptr, new.len)) < 0 ||
	    (error = ct_compare_revisions(&claims, cli->ledger, id, a, old.ptr, old.len, b, new.ptr, new.len,
					  o->json || o->html ? 0 : CT_COMPARE_BRIEF)) < 0) {
		rc = ct_fail(error);
		goto done;
	}
	if (o->json || o->html) {
		doc = ct_wdiff_to_json(d, old.ptr, old.len, new.ptr, new.len, flags);
		if (!doc) {
			rc = ct_fail(CT_ERROR);
			goto done;
		}
		json_object_set_new(doc, "source", json_string(id));
		json_object_set_new(doc, "from", json_integer(a));
		json_object_set_new(doc, "to", json_integer(b));
		json_object_set(doc, "claims", claims);
		if (o->html) {
			rc = ct_write_page(o->html, page_diff, doc, NULL);
			goto done;
		}
		if (o->stat)
			json_object_del(doc, "paragraphs");
		rc = ct_print_json(cli->out, doc);
		goto done;
	}
	fprintf(cli->out, "%sdiff %s@%d %s@%d%s\n", ct_c(cli, "bold"), id, a, id, b, ct_c(cli, "reset"));
	if (o->stat) {
		fprintf(cli->out, "%zu words removed, %zu added, in %zu changes (%zu trivial), %zu paragraphs changed\n",
			d->words_removed, d->words_added, d->changes, d->trivial_changes, d->paragraphs_changed);
	} else {
		if (cli->color)
			flags |= CT_WDIFF_COLOR;
		if ((error = ct_term_wdiff(&out, d, old.ptr, old.len, new.ptr, new.len, flags, (unsigned)context)) < 0) {
			rc = ct_fail(error);
			goto done;
		}
		fputs(out.len ? out.ptr
			       : d->changes ? "(only changes of whitespace, punctuation or letter case)\n"
					    : "(the texts are the same)\n",
		      cli->out);
	}
	fputc('\n', cli->out);
	print_claims(cli, claims, o->stat);
done:
	json_decref(doc);
	json_decref(claims);
	ct_wdiff_free(d);
	ct_buf_release(&old);
	ct_buf_release(&new);
	ct_buf_release(&out);
	return rc;
}

static void print_pairs(struct ct_cli *cli, const char *title, const json_t *list)
{
	const json_t *e;
	size_t i;

	fprintf(cli->out, "%s%s (%zu)%s\n", ct_c(cli, "bold"), title, json_array_size(list), ct_c(cli, "reset"));
	json_array_foreach(list, i, e) {
		const char *sides[] = { "a", "b", "citation" };
		size_t k;
		const char *other = ct_json_str(e, "other", NULL);
		fprintf(cli->out, "  %s%.10s%s  %s%s%s%s\n", ct_c(cli, "id"), ct_json_str(e, "id", ""), ct_c(cli, "reset"),
			ct_json_str(e, "statement", ""), other ? "  (with claim " : "", other ? other : "",
			other ? ")" : "");
		for (k = 0; k < 3; k++) {
			const json_t *c = json_object_get(e, sides[k]);
			ct_buf v = CT_BUF_INIT;
			if (!c)
				continue;
			value_words(&v, json_object_get(c, "value"));
			fprintf(cli->out, "      %s@%lld %s: \"%s\" (%s)\n", ct_json_str(c, "source", ""),
				ct_json_int(c, "rev", 0), ct_json_str(c, "stance", ""), ct_json_str(c, "quote", ""), v.ptr);
			ct_buf_release(&v);
		}
	}
}

static int diff_sources(struct ct_cli *cli, struct ct_args *args, const char *a, const char *b)
{
	const struct diff_options *o = args->opts;
	json_t *doc = NULL;
	char title[300];
	int error, rc = 0;

	if ((error = ct_compare_sources(&doc, cli->ledger, a, b)) < 0)
		return ct_fail(error);
	if (o->html) {
		rc = ct_write_page(o->html, page_diff, doc, NULL);
	} else if (o->json) {
		rc = ct_print_json(cli->out, doc);
	} else {
		fprintf(cli->out, "%scompare %s and %s%s\n", ct_c(cli, "bold"), a, b, ct_c(cli, "reset"));
		print_pairs(cli, "contradicting", json_object_get(doc, "contradicting"));
		print_pairs(cli, "updated over time", json_object_get(doc, "updates"));
		print_pairs(cli, "agreeing", json_object_get(doc, "agreeing"));
		snprintf(title, sizeof(title), "only in %s", a);
		print_pairs(cli, title, json_object_get(doc, "only_a"));
		snprintf(title, sizeof(title), "only in %s", b);
		print_pairs(cli, title, json_object_get(doc, "only_b"));
	}
	json_decref(doc);
	return rc;
}

static int run_diff(struct ct_cli *cli, struct ct_args *args)
{
	char *ida = NULL, *idb = NULL;
	int a, b, error, rc;

	if ((error = ct_source_ref(&ida, &a, cli->ledger, args->argv[0])) < 0) {
		rc = ct_fail(error);
		goto done;
	}
	if (args->argc == 1) {
		if (strchr(args->argv[0], '@')) {
			rc = ct_usage_error(args, "give two revisions ('%s@1 %s@2') or a source without '@'", ida, ida);
			goto done;
		}
		if (a < 2) {
			rc = ct_fail(ct_error_set(CT_ENOTFOUND, "source '%s' has only one revision", ida));
			goto done;
		}
		rc = diff_revisions(cli, args, ida, a - 1, a);
		goto done;
	}
	if ((error = ct_source_ref(&idb, &b, cli->ledger, args->argv[1])) < 0) {
		rc = ct_fail(error);
		goto done;
	}
	if (!strcmp(ida, idb))
		rc = diff_revisions(cli, args, ida, a, b);
	else
		rc = diff_sources(cli, args, ida, idb);
done:
	free(ida);
	free(idb);
	return rc;
}

const struct ct_cmd ct_cmd_diff = {
	"diff", run_diff, "SOURCE[@N] [SOURCE[@M] | OTHER_SOURCE]",
	"word and claim diff of two revisions (default: the last two), or two sources compared", diff_opts,
	sizeof(struct diff_options), 1, 2, CT_CMD_LEDGER, NULL,
};
