/* cli/cmd_exchange.c: claimtrack export --format F [-o FILE], claimtrack import FILE|- --format F.
 */
#include "cmd_exchange.h"
#include "claimreview.h"
#include "csl.h"
#include "error.h"
#include "exchange.h"
#include "json.h"
#include "jsonl.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The --format of a command (name): required, one of the known names. Returns 0 or EXIT_USAGE. */
static int format_arg(ct_format *out, const struct ct_args *a, const char *name, int can_csl)
{
	*out = 0;
	if (!name)
		return ct_usage_error(a, "'%s' needs --format (%s)", a->path,
		                      can_csl ? "jsonl, claimreview or csl"
		                              : "jsonl or claimreview");
	if (ct_format_parse(out, name) < 0 || (!can_csl && *out == CT_FORMAT_CSL))
		return ct_usage_error(a, "unknown format '%s' (expected %s)", name,
		                      can_csl ? "jsonl, claimreview or csl"
		                              : "jsonl or claimreview");
	return 0;
}

struct export_options {
	const char *format, *output, *publisher, *base_url;
};

static const struct ct_opt export_opts[] = {
    CT_OPT_STRING("format", 0, struct export_options, format, "jsonl|claimreview|csl",
                  "what to write (required): the whole ledger, verdicts, sources"),
    CT_OPT_STRING("output", 'o', struct export_options, output, "FILE",
                  "write FILE instead of standard output"),
    CT_OPT_STRING("publisher", 0, struct export_options, publisher, "NAME",
                  "claimreview: the reviewing organisation (claimtrack)"),
    CT_OPT_STRING("base-url", 0, struct export_options, base_url, "URL",
                  "claimreview: each review's url is URL followed by the claim id"),
    CT_OPTS_END,
};

static int run_export(struct ct_cli *cli, struct ct_args *a)
{
	const struct export_options *o = a->opts;
	const char *path = o->output;
	json_t *doc = NULL;
	ct_format format;
	FILE *f = cli->out;
	int rc, error = 0;

	if ((rc = format_arg(&format, a, o->format, 1)) != 0)
		return rc;
	if (format != CT_FORMAT_CLAIMREVIEW && (o->publisher || o->base_url))
		return ct_usage_error(a, "--publisher and --base-url go with --format claimreview");
	if (path && !(f = fopen(path, "w")))
		return ct_fail(
		    ct_error_set(CT_ERROR, "cannot write '%s': %s", path, strerror(errno)));
	if (format == CT_FORMAT_JSONL)
		error = ct_export_jsonl(f, cli->ledger);
	else if (format == CT_FORMAT_CLAIMREVIEW)
		error = ct_export_claimreview(&doc, cli->ledger, o->publisher, o->base_url);
	else
		error = ct_export_csl(&doc, cli->ledger);
	if (error < 0)
		rc = ct_fail(error);
	else if (doc)
		rc = ct_print_json(f, doc);
	if (path) {
		if (fclose(f) != 0 && !rc)
			rc = ct_fail(
			    ct_error_set(CT_ERROR, "cannot write '%s': %s", path, strerror(errno)));
		/* No half-written export is left behind. */
		if (rc)
			unlink(path);
	}
	json_decref(doc);
	return rc;
}

const struct ct_cmd ct_cmd_export = {
    "export",
    run_export,
    "--format jsonl|claimreview|csl",
    "write the ledger as jsonl, its verdicts as ClaimReview, its sources as CSL-JSON",
    export_opts,
    sizeof(struct export_options),
    0,
    0,
    CT_CMD_LEDGER,
    NULL,
};

struct import_options {
	const char *format;
	int json;
};

static const struct ct_opt import_opts[] = {
    CT_OPT_STRING("format", 0, struct import_options, format, "jsonl|claimreview",
                  "what FILE holds (required): a jsonl export, or ClaimReview records"),
    CT_OPT_FLAG("json", 0, struct import_options, json, "print what was imported as JSON"),
    CT_OPTS_END,
};

/* What a jsonl import did, in words or (json) as JSON. */
static int print_stats(struct ct_cli *cli, int json, const ct_import_stats *s, const char *name)
{
	json_t *o;
	int rc;

	if (json) {
		o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:b}", "sources", (json_int_t)s->sources,
		              "texts", (json_int_t)s->texts, "claims", (json_int_t)s->claims,
		              "anchors", (json_int_t)s->anchors, "unchanged",
		              (json_int_t)s->unchanged, "committed", s->committed);
		rc = o ? ct_print_json(cli->out, o) : ct_fail(ct_error_oom());
		json_decref(o);
		return rc;
	}
	if (!s->committed && !s->unchanged) {
		fprintf(cli->out, "nothing to import: '%s' holds no records\n", name);
		return 0;
	}
	if (!s->committed) {
		fprintf(cli->out, "nothing to import: the ledger holds every record of '%s'\n",
		        name);
		return 0;
	}
	fprintf(cli->out,
	        "imported %zu source%s, %zu text%s, %zu claim%s and %zu anchors record%s from '%s'",
	        s->sources, s->sources == 1 ? "" : "s", s->texts, s->texts == 1 ? "" : "s",
	        s->claims, s->claims == 1 ? "" : "s", s->anchors, s->anchors == 1 ? "" : "s", name);
	if (s->unchanged)
		fprintf(cli->out, " (%zu more already in the ledger)", s->unchanged);
	fputc('\n', cli->out);
	return 0;
}

static int run_import(struct ct_cli *cli, struct ct_args *a)
{
	const struct import_options *o = a->opts;
	const char *path = a->argv[0], *name = strcmp(path, "-") ? path : "stdin";
	ct_import_stats stats;
	ct_buf data = CT_BUF_INIT;
	json_t *claims = NULL, *rec;
	ct_format format;
	size_t i;
	int rc, error;

	if ((rc = format_arg(&format, a, o->format, 0)) != 0)
		return rc;
	if ((error = ct_file_read(&data, path)) < 0)
		return ct_fail(error);
	if (format == CT_FORMAT_JSONL)
		error = ct_import_jsonl(&stats, cli->ledger, data.ptr, data.len, name);
	else
		error =
		    ct_import_claimreview(&claims, &stats, cli->ledger, data.ptr, data.len, name);
	if (error < 0)
		rc = ct_fail(error);
	else if (format == CT_FORMAT_JSONL)
		rc = print_stats(cli, o->json, &stats, name);
	else if (o->json)
		rc = ct_print_json(cli->out, claims);
	else {
		json_array_foreach(claims, i, rec) {
			fprintf(cli->out, "%s  %-10s  %s\n", ct_json_str(rec, "id", ""),
			        ct_json_str(rec, "status", ""), ct_json_str(rec, "statement", ""));
		}
		if (!stats.committed)
			fprintf(cli->out, "nothing to import: the ledger holds every ClaimReview of '%s'\n",
			        name);
		else if (stats.unchanged)
			fprintf(cli->out, "(%zu more already in the ledger)\n", stats.unchanged);
	}
	json_decref(claims);
	ct_buf_release(&data);
	return rc;
}

const struct ct_cmd ct_cmd_import = {
    "import",
    run_import,
    "FILE|- --format jsonl|claimreview",
    "add the records of a jsonl export, or ClaimReview records, in one commit",
    import_opts,
    sizeof(struct import_options),
    1,
    1,
    CT_CMD_LEDGER,
    NULL,
};
