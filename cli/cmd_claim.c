/* cli/cmd_claim.c: claimtrack claim add|show|list|set, and claimtrack cite. */
#include "cli.h"
#include "error.h"
#include "json.h"
#include "model.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Print a value in its human form after `label` ("value      " or "      value: "). */
static void print_value(struct ct_cli *cli, const char *label, const ct_value *v)
{
	ct_buf b = CT_BUF_INIT;

	if (ct_value_text(&b, v))
		fprintf(cli->out, "%s%s\n", label, b.ptr);
	ct_buf_release(&b);
}

/* The human form of a claim record. */
static void print_claim(struct ct_cli *cli, const ct_claim *claim)
{
	size_t i;

	fprintf(cli->out, "%sclaim      %s%s\n", ct_c(cli, "id"), claim->id, ct_c(cli, "reset"));
	fprintf(cli->out, "statement  %s\n", claim->statement);
	fprintf(cli->out, "status     %s\n", ct_status_names[claim->status]);
	if (claim->subject)
		fprintf(cli->out, "subject    %s\n", claim->subject);
	if (claim->property)
		fprintf(cli->out, "property   %s\n", claim->property);
	print_value(cli, "value      ", &claim->value);
	fprintf(cli->out, "created    %s\n", claim->created);
	if (strcmp(claim->updated, claim->created))
		fprintf(cli->out, "updated    %s\n", claim->updated);
	for (i = 0; i < claim->citations.n; i++) {
		const ct_citation *c = &claim->citations.v[i];
		if (i == 0)
			fprintf(cli->out, "citations\n");
		fprintf(cli->out, "  [%zu] %s@%lld %s\n      \"%s\"\n", i + 1, c->source, c->rev,
			ct_stance_names[c->stance], c->quote);
		print_value(cli, "      value: ", &c->value);
	}
	for (i = 0; i < claim->notes.n; i++) {
		const ct_note *n = &claim->notes.v[i];
		if (i == 0)
			fprintf(cli->out, "notes\n");
		fprintf(cli->out, "  %s  %s  %s%s%s\n", n->date, ct_status_names[n->status], n->author,
			n->text ? ": " : "", n->text ? n->text : "");
	}
}

/* Print a claim as JSON when `json`, else its id (and after it `tail`, when not NULL). */
static int print_claim_or_id(struct ct_cli *cli, int json, const ct_claim *claim, const char *tail)
{
	if (json)
		return ct_print_record(cli->out, &ct_claim_type, claim);
	fprintf(cli->out, "%s%s%s\n", claim->id, tail ? " " : "", tail ? tail : "");
	return 0;
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
	ct_claim *claim = NULL;
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
	if ((error = ct_claim_add(&claim, cli->ledger, &spec)) < 0)
		return ct_fail(error);
	rc = print_claim_or_id(cli, o->json, claim, NULL);
	ct_claim_free(claim);
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
	ct_claim *claim = NULL;
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
			error = ct_claim_get_at(&claim, cli->ledger, id, commit);
	} else {
		error = ct_claim_get(&claim, cli->ledger, id);
	}
	if (error < 0)
		return ct_fail(error);
	if (o->json)
		rc = ct_print_record(cli->out, &ct_claim_type, claim);
	else
		print_claim(cli, claim);
	ct_claim_free(claim);
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
	ct_claims claims;
	size_t i;
	int error, rc = 0;

	if ((error = ct_claim_list(&claims, cli->ledger, o->status, o->source)) < 0)
		return ct_fail(error);
	if (o->json) {
		rc = ct_print_json_new(cli->out, ct_claims_json(&claims));
	} else {
		for (i = 0; i < claims.n; i++) {
			const ct_claim *c = &claims.v[i];
			fprintf(cli->out, "%s%s%s  %-10s  %zu  %s\n", ct_c(cli, "id"), c->id, ct_c(cli, "reset"),
				ct_status_names[c->status], c->citations.n, c->statement);
		}
	}
	ct_claims_release(&claims);
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
	ct_claim *claim = NULL;
	int error, rc;

	if (!o->status)
		return ct_usage_error(a, "'%s' needs --status S", a->path);
	if ((error = ct_claim_set_status(&claim, cli->ledger, a->argv[0], o->status, o->note)) < 0)
		return ct_fail(error);
	rc = print_claim_or_id(cli, o->json, claim, ct_status_names[claim->status]);
	ct_claim_free(claim);
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
	ct_claim *claim = NULL;
	int error, rc;

	if ((rc = cite_spec(&cite, a, &o->cite, a->argv[1])) != 0)
		return rc;
	if ((error = ct_claim_cite(&claim, cli->ledger, a->argv[0], &cite)) < 0)
		return ct_fail(error);
	rc = print_claim_or_id(cli, o->json, claim, NULL);
	ct_claim_free(claim);
	return rc;
}

const struct ct_cmd ct_cmd_cite = {
	"cite", run_cite, "CLAIM SOURCE[@N] --quote QUOTE", "cite a source's exact words for a claim", cite_opts,
	sizeof(struct cite_command_options), 2, 2, CT_CMD_LEDGER, NULL,
};
