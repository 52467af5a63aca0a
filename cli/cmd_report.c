/* cli/cmd_report.c: claimtrack report contradictions|... */
#include "cli.h"
#include "compare.h"
#include "html.h"
#include "error.h"
#include "json.h"
#include "model.h"
#include "report.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Adapters from core/render/html.h's page writers to ct_write_page. */
static int page_unsourced(FILE *f, const json_t *doc, const json_t *extra)
{
	(void)extra;
	return ct_html_unsourced(f, doc);
}

static int page_contradictions(FILE *f, const json_t *doc, const json_t *extra)
{
	(void)extra;
	return ct_html_contradictions(f, doc);
}

static void print_side(struct ct_cli *cli, const json_t *c)
{
	ct_buf b = CT_BUF_INIT;

	ct_value_words(&b, json_object_get(c, "value"));
	fprintf(cli->out, "      %s@%lld%s%s %s: \"%s\"%s%s%s\n", ct_json_str(c, "source", ""), ct_json_int(c, "rev", 0),
		ct_json_str(c, "published", NULL) ? " of " : "", ct_json_str(c, "published", ""),
		ct_json_str(c, "stance", ""), ct_json_str(c, "quote", ""), b.len ? " (" : "", b.ptr, b.len ? ")" : "");
	ct_buf_release(&b);
}

static void print_list(struct ct_cli *cli, const char *title, const json_t *list)
{
	const json_t *e;
	size_t i;

	fprintf(cli->out, "%s%s: %zu%s\n", ct_c(cli, "bold"), title, json_array_size(list), ct_c(cli, "reset"));
	json_array_foreach(list, i, e) {
		fprintf(cli->out, "  %s%s%s  %s", ct_c(cli, "id"), ct_json_str(e, "id", ""), ct_c(cli, "reset"),
			ct_json_str(e, "statement", ""));
		if (ct_json_str(e, "other", NULL))
			fprintf(cli->out, "  (and claim %s)", ct_json_str(e, "other", ""));
		fprintf(cli->out, "\n    %s\n", !strcmp(ct_json_str(e, "reason", ""), "stance")
						      ? "one source supports, the other disputes"
						      : "the values cannot both hold");
		print_side(cli, json_object_get(e, "a"));
		print_side(cli, json_object_get(e, "b"));
	}
}

struct contradictions_options {
	int json, fail_if_any;
	const char *html;
};

static const struct ct_opt contradictions_opts[] = {
	CT_OPT_FLAG("json", 0, struct contradictions_options, json,
		    "print {\"contradictions\": [...], \"updates\": [...]}"),
	CT_OPT_STRING("html", 0, struct contradictions_options, html, "FILE",
		      "write a self-contained HTML page to FILE"),
	CT_OPT_FLAG("fail-if-any", 0, struct contradictions_options, fail_if_any,
		    "exit 1 when there is a contradiction"),
	CT_OPTS_END,
};

static int run_contradictions(struct ct_cli *cli, struct ct_args *a)
{
	const struct contradictions_options *o = a->opts;
	json_t *doc = NULL;
	int error, rc = 0;

	if ((error = ct_contradictions(&doc, cli->ledger)) < 0)
		return ct_fail(error);
	if (o->html) {
		rc = ct_write_page(o->html, page_contradictions, doc, NULL);
	} else if (o->json) {
		rc = ct_print_json(cli->out, doc);
	} else {
		print_list(cli, "contradictions", json_object_get(doc, "contradictions"));
		print_list(cli, "updates over time (a later source revises an earlier value)", json_object_get(doc, "updates"));
	}
	if (!rc && o->fail_if_any && json_array_size(json_object_get(doc, "contradictions")))
		rc = EXIT_NO;
	json_decref(doc);
	return rc;
}

static const struct ct_cmd cmd_contradictions = {
	"contradictions", run_contradictions, NULL,
	"claims whose sources' values cannot both hold, or that one source supports and another disputes",
	contradictions_opts, sizeof(struct contradictions_options), 0, 0, CT_CMD_LEDGER, NULL,
};

/* A CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
static void csv_field(FILE *f, const char *s, int last)
{
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
	fputc(last ? '\n' : ',', f);
}

struct unsourced_options {
	const char *source, *html;
	int json, csv, fail_if_any;
};

static const struct ct_opt unsourced_opts[] = {
	CT_OPT_STRING("source", 0, struct unsourced_options, source, "SOURCE", "only claims that cite this source"),
	CT_OPT_FLAG("json", 0, struct unsourced_options, json,
		    "print {\"claims\": [{\"id\", \"reasons\": [...]}...], \"count\": N}"),
	CT_OPT_FLAG("csv", 0, struct unsourced_options, csv,
		    "print CSV: id, status, reasons (;-separated), statement"),
	CT_OPT_STRING("html", 0, struct unsourced_options, html, "FILE", "write a self-contained HTML page to FILE"),
	CT_OPT_FLAG("fail-if-any", 0, struct unsourced_options, fail_if_any,
		    "exit 1 when any claim is listed (for pipelines)"),
	CT_OPTS_END,
};

static int run_unsourced(struct ct_cli *cli, struct ct_args *a)
{
	const struct unsourced_options *o = a->opts;
	json_t *doc = NULL, *e, *r;
	size_t i, j;
	int error, rc = 0;

	if (o->json + o->csv + !!o->html > 1)
		return ct_usage_error(a, "give one of --json, --csv and --html");
	if ((error = ct_report_unsourced(&doc, cli->ledger, o->source)) < 0)
		return ct_fail(error);
	if (o->html) {
		rc = ct_write_page(o->html, page_unsourced, doc, NULL);
	} else if (o->json) {
		rc = ct_print_json(cli->out, doc);
	} else if (o->csv) {
		fputs("id,status,reasons,statement\n", cli->out);
		json_array_foreach(json_object_get(doc, "claims"), i, e) {
			ct_buf reasons = CT_BUF_INIT;
			json_array_foreach(json_object_get(e, "reasons"), j, r)
				ct_buf_printf(&reasons, "%s%s", j ? ";" : "", json_string_value(r));
			csv_field(cli->out, ct_json_str(e, "id", ""), 0);
			csv_field(cli->out, ct_json_str(e, "status", ""), 0);
			csv_field(cli->out, reasons.ptr, 0);
			csv_field(cli->out, ct_json_str(e, "statement", ""), 1);
			ct_buf_release(&reasons);
		}
	} else {
		fprintf(cli->out, "%sunsourced claims: %zu%s\n", ct_c(cli, "bold"),
			json_array_size(json_object_get(doc, "claims")), ct_c(cli, "reset"));
		json_array_foreach(json_object_get(doc, "claims"), i, e) {
			fprintf(cli->out, "  %s%s%s  %-10s  ", ct_c(cli, "id"), ct_json_str(e, "id", ""), ct_c(cli, "reset"),
				ct_json_str(e, "status", ""));
			json_array_foreach(json_object_get(e, "reasons"), j, r)
				fprintf(cli->out, "%s%s", j ? ", " : "", json_string_value(r));
			fprintf(cli->out, "\n      %s\n", ct_json_str(e, "statement", ""));
		}
	}
	if (!rc && o->fail_if_any && json_array_size(json_object_get(doc, "claims")))
		rc = EXIT_NO;
	json_decref(doc);
	return rc;
}

static const struct ct_cmd cmd_unsourced = {
	"unsourced", run_unsourced, NULL,
	"claims nothing backs: no-citation, mentions-only, quote-removed, no-primary-source", unsourced_opts,
	sizeof(struct unsourced_options), 0, 0, CT_CMD_LEDGER, NULL,
};

static void print_node(struct ct_cli *cli, const json_t *node, int depth)
{
	const json_t *kid, *st;
	size_t i;

	fprintf(cli->out, "%*s%s%s%s (%s)", 2 + 4 * depth, "", ct_c(cli, "id"), ct_json_str(node, "source", ""),
		ct_c(cli, "reset"), ct_json_str(node, "kind", "unknown"));
	if (json_array_size(json_object_get(node, "stances"))) {
		fputs(" ", cli->out);
		json_array_foreach(json_object_get(node, "stances"), i, st)
			fprintf(cli->out, "%s%s", i ? "," : "", json_string_value(st));
	}
	if (json_is_true(json_object_get(node, "primary")))
		fputs("  [primary]", cli->out);
	if (json_is_true(json_object_get(node, "cycle")))
		fputs("  [cycle: already on this chain]", cli->out);
	else if (json_is_true(json_object_get(node, "missing")))
		fputs("  [missing: not in the ledger]", cli->out);
	else if (json_is_true(json_object_get(node, "dead_end")))
		fputs("  [dead end: cites nothing]", cli->out);
	fputc('\n', cli->out);
	json_array_foreach(json_object_get(node, "cites"), i, kid)
		print_node(cli, kid, depth + 1);
}

static const struct ct_opt provenance_opts[] = {
	CT_OPT_FLAG("json", 0, struct ct_json_options, json, "print the tree as JSON"),
	CT_OPTS_END,
};

static int run_provenance(struct ct_cli *cli, struct ct_args *a)
{
	const struct ct_json_options *o = a->opts;
	json_t *doc = NULL, *node;
	size_t i;
	int error, rc = 0;

	if ((error = ct_report_provenance(&doc, cli->ledger, a->argv[0])) < 0)
		return ct_fail(error);
	if (o->json) {
		rc = ct_print_json(cli->out, doc);
	} else {
		fprintf(cli->out, "%sclaim %s%s  %s\n", ct_c(cli, "id"), ct_json_str(doc, "id", ""), ct_c(cli, "reset"),
			ct_json_str(doc, "statement", ""));
		json_array_foreach(json_object_get(doc, "sources"), i, node)
			print_node(cli, node, 0);
		if (!json_array_size(json_object_get(doc, "sources")))
			fputs("  no citation\n", cli->out);
		fprintf(cli->out, "%s\n", json_is_true(json_object_get(doc, "reaches_primary"))
						  ? "reaches a primary source"
						  : "no chain reaches a primary source");
	}
	json_decref(doc);
	return rc;
}

static const struct ct_cmd cmd_provenance = {
	"provenance", run_provenance, "CLAIM",
	"the chain from each citing source through its --cites links to primary sources", provenance_opts,
	sizeof(struct ct_json_options), 1, 1, CT_CMD_LEDGER, NULL,
};

struct source_options {
	int json;
	const char *html;
};

static const struct ct_opt source_opts[] = {
	CT_OPT_FLAG("json", 0, struct source_options, json, "print the text and its cited passages as JSON"),
	CT_OPT_STRING("html", 0, struct source_options, html, "FILE",
		      "write a self-contained HTML page to FILE, with the revision history"),
	CT_OPTS_END,
};

static int collect_log(const ct_log_entry *e, void *payload)
{
	char date[32];

	ct_time_format(date, e->time);
	return json_array_append_new(payload, json_pack("{s:s, s:s, s:s, s:s}", "commit", e->commit, "author",
							e->author, "date", date, "message", e->message)) < 0
		       ? ct_error_oom()
		       : 0;
}

static int page_source(FILE *f, const json_t *doc, const json_t *log)
{
	return ct_html_source(f, doc, log);
}

/* The page of a source: its report and the history of its record. */
static int write_source_page(struct ct_cli *cli, const char *file, const char *id, const json_t *doc)
{
	ct_buf path = CT_BUF_INIT;
	json_t *log = json_array();
	int error, rc;

	if (!log || (error = ct_path_source(&path, id)) < 0 ||
	    (error = ct_ledger_log(cli->ledger, path.ptr, collect_log, log)) < 0)
		rc = ct_fail(log ? error : ct_error_oom());
	else
		rc = ct_write_page(file, page_source, doc, log);
	json_decref(log);
	ct_buf_release(&path);
	return rc;
}

static int run_source(struct ct_cli *cli, struct ct_args *a)
{
	const struct source_options *o = a->opts;
	json_t *doc = NULL, *p;
	char *id = NULL;
	const char *text;
	size_t i, at = 0;
	int rev, error, rc = 0;

	if ((error = ct_source_ref(&id, &rev, cli->ledger, a->argv[0])) < 0 ||
	    (error = ct_report_source(&doc, cli->ledger, id, rev)) < 0) {
		free(id);
		return ct_fail(error);
	}
	if (o->html) {
		rc = write_source_page(cli, o->html, id, doc);
		goto done;
	}
	if (o->json) {
		rc = ct_print_json(cli->out, doc);
		goto done;
	}
	/* The text with each cited passage in [[...]] and its claims' numbers after it. */
	text = ct_json_str(doc, "text", "");
	fprintf(cli->out, "%s%s@%d%s\n\n", ct_c(cli, "bold"), id, rev, ct_c(cli, "reset"));
	json_array_foreach(json_object_get(doc, "passages"), i, p) {
		size_t s = (size_t)ct_json_int(p, "start", 0), e = (size_t)ct_json_int(p, "end", 0);
		if (s < at)
			continue; /* overlapping passages: the list below still names the claim */
		fprintf(cli->out, "%.*s[[%s%.*s%s]]<%zu>", (int)(s - at), text + at, ct_c(cli, "add"), (int)(e - s),
			text + s, ct_c(cli, "reset"), i + 1);
		at = e;
	}
	fprintf(cli->out, "%s%s", text + at, *text && text[strlen(text) - 1] != '\n' ? "\n" : "");
	fputc('\n', cli->out);
	json_array_foreach(json_object_get(doc, "passages"), i, p) {
		const json_t *r;
		size_t j;
		fprintf(cli->out, "<%zu> %s%s%s %s %s", i + 1, ct_c(cli, "id"), ct_json_str(p, "claim", ""), ct_c(cli, "reset"),
			ct_json_str(p, "status", ""), ct_json_str(p, "stance", ""));
		if (json_is_true(json_object_get(p, "contradicted")))
			fputs(" CONTRADICTED", cli->out);
		json_array_foreach(json_object_get(p, "unsourced"), j, r)
			fprintf(cli->out, "%s%s", j ? "," : " unsourced:", json_string_value(r));
		fprintf(cli->out, "\n    %s\n", ct_json_str(p, "statement", ""));
	}
done:
	free(id);
	json_decref(doc);
	return rc;
}

static const struct ct_cmd cmd_source = {
	"source", run_source, "SOURCE[@N]",
	"a source's text with every cited passage marked and its claims listed", source_opts,
	sizeof(struct source_options), 1, 1, CT_CMD_LEDGER, NULL,
};

static const struct ct_cmd *const subs[] = { &cmd_unsourced, &cmd_contradictions, &cmd_provenance, &cmd_source, NULL };

const struct ct_cmd ct_cmd_report = {
	"report", NULL, NULL, "reports: unsourced claims, contradictions, provenance, a source's cited passages", NULL,
	0, 0, 0, 0, subs,
};
