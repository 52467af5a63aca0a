/* cli/cmd_claim.c: claimtrack claim add|show|list|set, and claimtrack cite. */
#include "cli.h"
#include "error.h"
#include "json.h"
#include "model.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Print a value object in its human form after `label` ("value      " or "      value: "). */
static void print_value(struct ct_cli *cli, const char *label, const json_t *vj)
{
	ct_buf b = CT_BUF_INIT;

	if (ct_value_words(&b, vj))
		fprintf(cli->out, "%s%s\n", label, b.ptr);
	ct_buf_release(&b);
}

/* The human form of a claim record. */
void ct_print_claim(struct ct_cli *cli, const json_t *rec);
void ct_print_claim(struct ct_cli *cli, const json_t *rec)
{
	json_t *c, *n;
	size_t i;

	fprintf(cli->out, "%sclaim      %s%s\n", ct_c(cli, "id"), ct_json_str(rec, "id", ""), ct_c(cli, "reset"));
	fprintf(cli->out, "statement  %s\n", ct_json_str(rec, "statement", ""));
	fprintf(cli->out, "status     %s\n", ct_json_str(rec, "status", ""));
	if (ct_json_str(rec, "subject", NULL))
		fprintf(cli->out, "subject    %s\n", ct_json_str(rec, "subject", NULL));
	if (ct_json_str(rec, "property", NULL))
		fprintf(cli->out, "property   %s\n", ct_json_str(rec, "property", NULL));
	if (json_object_get(rec, "value"))
		print_value(cli, "value      ", json_object_get(rec, "value"));
	fprintf(cli->out, "created    %s\n", ct_json_str(rec, "created", ""));
	if (strcmp(ct_json_str(rec, "updated", ""), ct_json_str(rec, "created", "")))
		fprintf(cli->out, "updated    %s\n", ct_json_str(rec, "updated", ""));
	json_array_foreach(json_object_get(rec, "citations"), i, c) {
		if (i == 0)
			fprintf(cli->out, "citations\n");
		fprintf(cli->out, "  [%zu] %s@%lld %s\n      \"%s\"\n", i + 1, ct_json_str(c, "source", ""),
			ct_json_int(c, "rev", 0), ct_json_str(c, "stance", ""), ct_json_str(c, "quote", ""));
		print_value(cli, "      value: ", json_object_get(c, "value"));
	}
	json_array_foreach(json_object_get(rec, "notes"), i, n) {
		if (i == 0)
			fprintf(cli->out, "notes\n");
		fprintf(cli->out, "  %s  %s  %s%s%s\n", ct_json_str(n, "date", ""), ct_json_str(n, "status", ""),
			ct_json_str(n, "author", ""), ct_json_str(n, "text", NULL) ? ": " : "",
			ct_json_str(n, "text", ""));
	}
}

/* The options of a citation, shared by claim add and cite. */
struct cite_options {
	const char *quote, *stance, *prefix, *suffix;
};

/* The rows of a citation's options, stored in the field `cite` of `type`. */
#define CITE_OPTS(type, quote_help)                                                                \
	CT_OPT_STRING("quote", 0, type, cite.quote, "QUOTE", quote_help),                          \
	CT_OPT_STRING("stance", 0, type, cite.stance, "supports|disputes|mentions",                \
		      "how the source relates to the claim (supports)"),                           \
	CT_OPT_STRING("prefix", 0, type, cite.prefix, "TEXT",                                      \
		      "text just before the quote, to pick one of several occurrences"),           \
	CT_OPT_STRING("suffix", 0, type, cite.suffix, "TEXT",                                      \
		      "text just after the quote, to pick one of several occurrences")

struct add_options {
	const char *subject, *property, *value, *source;
	struct cite_options cite;
	int json;
};

static const struct ct_opt add_opts[] = {
	CT_OPT_STRING("subject", 0, struct add_options, subject, "S",
		      "what the claim is about (for comparing claims)"),
	CT_OPT_STRING("property", 0, struct add_options, property, "P", "which property of the subject it states"),
	CT_OPT_STRING("value", 0, struct add_options, value, "V",
		      "the claim's value (\"at least 20,000\", \"2024-06-10\")"),
	CT_OPT_STRING("source", 0, struct add_options, source, "SOURCE[@N]", "cite this source revision (with --quote)"),
	CITE_OPTS(struct add_options, "the exact words of the source"),
	CT_OPT_FLAG("json", 0, struct add_options, json, "print the new record as JSON"),
	CT_OPTS_END,
};

static int cite_spec(ct_cite_spec *c, struct ct_args *a, const struct cite_options *o, const char *source)
{
	memset(c, 0, sizeof(*c));
	c->source = source;
	c->quote = o->quote;
	c->stance = o->stance;
	c->prefix = o->prefix;
	c->suffix = o->suffix;
	if (!c->quote)
		return ct_usage_error(a, "a citation needs --quote QUOTE");
	return 0;
}

static int run_add(struct ct_cli *cli, struct ct_args *a)
{
	const struct add_options *o = a->opts;
	ct_claim_spec spec;
	ct_cite_spec cite;
	json_t *rec = NULL;
	int rc, error;

	memset(&spec, 0, sizeof(spec));
	spec.statement = a->argv[0];
	spec.subject = o->subject;
	spec.property = o->property;
	spec.value = o->value;
	if (o->source) {
		if ((rc = cite_spec(&cite, a, &o->cite, o->source)) != 0)
			return rc;
		spec.cite = &cite;
	} else if (o->cite.quote || o->cite.stance || o->cite.prefix || o->cite.suffix) {
		return ct_usage_error(a, "--quote, --stance, --prefix and --suffix need --source");
	}
	if ((error = ct_claim_add(&rec, cli->ledger, &spec)) < 0)
		return ct_fail(error);
	if (o->json)
		rc = ct_print_json(cli->out, rec);
	else
		rc = fprintf(cli->out, "%s\n", ct_json_str(rec, "id", "")) < 0;
	json_decref(rec);
	return rc;
}

struct show_options {
	const char *at;
	int json;
};

static const struct ct_opt show_opts[] = {
	CT_OPT_STRING("at", 0, struct show_options, at, "DATE|COMMIT", "show the claim as it stood at a date or commit"),
	CT_OPT_FLAG("json", 0, struct show_options, json, "print the record as JSON"),
	CT_OPTS_END,
};

static int run_show(struct ct_cli *cli, struct ct_args *a)
{
	const struct show_options *o = a->opts;
	json_t *rec = NULL;
	const char *at = o->at;
	char id[CT_ID_LEN + 1], commit[64];
	int error, rc = 0;

	if ((error = ct_claim_resolve(id, cli->ledger, a->argv[0])) < 0)
		return ct_fail(error);
	if (at) {
		time_t when;
		/* A date, else a commit. */
		if (ct_time_parse(&when, at) == 0)
			error = ct_ledger_commit_at(commit, cli->ledger, when);
		else
			error = ct_ledger_resolve_commit(commit, cli->ledger, at);
		if (error == 0)
			error = ct_claim_get_at(&rec, cli->ledger, id, commit);
	} else {
		error = ct_claim_get(&rec, cli->ledger, id);
	}
	if (error < 0)
		return ct_fail(error);
	if (o->json)
		rc = ct_print_json(cli->out, rec);
	else
		ct_print_claim(cli, rec);
	json_decref(rec);
	return rc;
}

struct list_options {
	const char *status, *source;
	int json;
};

static const struct ct_opt list_opts[] = {
	CT_OPT_STRING("status", 0, struct list_options, status, "S", "only claims with this status"),
	CT_OPT_STRING("source", 0, struct list_options, source, "SOURCE", "only claims that cite this source"),
	CT_OPT_FLAG("json", 0, struct list_options, json, "print the records as a JSON array"),
	CT_OPTS_END,
};

static int run_list(struct ct_cli *cli, struct ct_args *a)
{
	const struct list_options *o = a->opts;
	json_t *arr = NULL, *rec;
	size_t i;
	int error, rc = 0;

	if ((error = ct_claim_list(&arr, cli->ledger, o->status, o->source)) < 0)
		return ct_fail(error);
	if (o->json) {
		rc = ct_print_json(cli->out, arr);
	} else {
		json_array_foreach(arr, i, rec)
			fprintf(cli->out, "%s%s%s  %-10s  %zu  %s\n", ct_c(cli, "id"), ct_json_str(rec, "id", ""),
				ct_c(cli, "reset"), ct_json_str(rec, "status", ""),
				json_array_size(json_object_get(rec, "citations")), ct_json_str(rec, "statement", ""));
	}
	json_decref(arr);
	return rc;
}

struct set_options {
	const char *status, *note;
	int json;
};

static const struct ct_opt set_opts[] = {
	CT_OPT_STRING("status", 0, struct set_options, status, "unverified|supported|disputed|refuted|retracted",
		      "the verdict (required)"),
	CT_OPT_STRING("note", 0, struct set_options, note, "TEXT", "why: kept in the claim's notes"),
	CT_OPT_FLAG("json", 0, struct set_options, json, "print the updated record as JSON"),
	CT_OPTS_END,
};

static int run_set(struct ct_cli *cli, struct ct_args *a)
{
	const struct set_options *o = a->opts;
	json_t *rec = NULL;
	int error, rc = 0;

	if (!o->status)
		return ct_usage_error(a, "'%s' needs --status S", a->path);
	if ((error = ct_claim_set_status(&rec, cli->ledger, a->argv[0], o->status, o->note)) < 0)
		return ct_fail(error);
	if (o->json)
		rc = ct_print_json(cli->out, rec);
	else
		fprintf(cli->out, "%s %s\n", ct_json_str(rec, "id", ""), ct_json_str(rec, "status", ""));
	json_decref(rec);
	return rc;
}

static const struct ct_cmd cmd_add = { "add", run_add, "STATEMENT", "add a claim (and cite a source); prints the new claim's id", add_opts,
	  sizeof(struct add_options), 1, 1, CT_CMD_LEDGER, NULL };
static const struct ct_cmd cmd_show = { "show", run_show, "CLAIM", "show a claim with its citations and notes", show_opts,
	  sizeof(struct show_options), 1, 1, CT_CMD_LEDGER, NULL };
static const struct ct_cmd cmd_list = { "list", run_list, NULL, "list claims", list_opts,
	  sizeof(struct list_options), 0, 0, CT_CMD_LEDGER, NULL };
static const struct ct_cmd cmd_set = { "set", run_set, "CLAIM --status S", "set a claim's status, with a note", set_opts,
	  sizeof(struct set_options), 1, 1, CT_CMD_LEDGER, NULL };

static const struct ct_cmd *const subs[] = { &cmd_add, &cmd_show, &cmd_list, &cmd_set, NULL };

const struct ct_cmd ct_cmd_claim = {
	"claim", NULL, NULL, "add, show and list claims, and set their status", NULL, 0, 0, 0, 0, subs,
};

struct cite_command_options {
	struct cite_options cite;
	int json;
};

static const struct ct_opt cite_opts[] = {
	CITE_OPTS(struct cite_command_options, "the exact words of the source (required)"),
	CT_OPT_FLAG("json", 0, struct cite_command_options, json, "print the updated claim as JSON"),
	CT_OPTS_END,
};

static int run_cite(struct ct_cli *cli, struct ct_args *a)
{
	const struct cite_command_options *o = a->opts;
	ct_cite_spec cite;
	json_t *rec = NULL;
	int error, rc;

	if ((rc = cite_spec(&cite, a, &o->cite, a->argv[1])) != 0)
		return rc;
	if ((error = ct_claim_cite(&rec, cli->ledger, a->argv[0], &cite)) < 0)
		return ct_fail(error);
	if (o->json)
		rc = ct_print_json(cli->out, rec);
	else
		fprintf(cli->out, "%s\n", ct_json_str(rec, "id", ""));
	json_decref(rec);
	return rc;
}

const struct ct_cmd ct_cmd_cite = {
	"cite", run_cite, "CLAIM SOURCE[@N] --quote QUOTE", "cite a source's exact words for a claim", cite_opts,
	sizeof(struct cite_command_options), 2, 2, CT_CMD_LEDGER, NULL,
};
