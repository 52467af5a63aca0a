/* cli/cmd_report.c: claimtrack report contradictions|... */
#include "cli.h"
#include "compare.h"
#include "error.h"
#include "json.h"
#include "value.h"

#include <string.h>

static void print_side(struct ct_cli *cli, const json_t *c)
{
	ct_value v;
	ct_buf b = CT_BUF_INIT;

	ct_value_init(&v);
	if (json_object_get(c, "value") && ct_value_from_json(&v, json_object_get(c, "value")) == 0 &&
	    v.kind != CT_VALUE_NONE)
		ct_value_format(&b, &v);
	fprintf(cli->out, "      %s@%lld%s%s %s: \"%s\"%s%s%s\n", ct_json_str(c, "source", ""), ct_json_int(c, "rev", 0),
		ct_json_str(c, "published", NULL) ? " of " : "", ct_json_str(c, "published", ""),
		ct_json_str(c, "stance", ""), ct_json_str(c, "quote", ""), b.len ? " (" : "", b.ptr, b.len ? ")" : "");
	ct_value_release(&v);
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

static const struct ct_opt contradictions_opts[] = {
	{ "json", 0, NULL, 0, "print {\"contradictions\": [...], \"updates\": [...]}" },
	{ "fail-if-any", 0, NULL, 0, "exit 1 when there is a contradiction" },
	CT_OPTS_END,
};

static int run_contradictions(struct ct_cli *cli, struct ct_args *a)
{
	json_t *doc = NULL;
	int error, rc = 0;

	if ((error = ct_contradictions(&doc, cli->ledger)) < 0)
		return ct_fail(error);
	if (ct_arg_flag(a, "json")) {
		rc = ct_print_json(cli->out, doc);
	} else {
		print_list(cli, "contradictions", json_object_get(doc, "contradictions"));
		print_list(cli, "updates over time (a later source revises an earlier value)", json_object_get(doc, "updates"));
	}
	if (!rc && ct_arg_flag(a, "fail-if-any") && json_array_size(json_object_get(doc, "contradictions")))
		rc = EXIT_NO;
	json_decref(doc);
	return rc;
}

static const struct ct_cmd cmd_contradictions = {
	"contradictions", run_contradictions, NULL,
	"claims whose sources' values cannot both hold, or that one source supports and another disputes",
	contradictions_opts, 0, 0, CT_CMD_LEDGER, NULL,
};

static const struct ct_cmd *const subs[] = { &cmd_contradictions, NULL };

const struct ct_cmd ct_cmd_report = {
	"report", NULL, NULL, "reports: contradictions", NULL, 0, 0, 0, subs,
};
