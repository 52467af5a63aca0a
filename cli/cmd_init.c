/* cli/cmd_init.c: claimtrack init [DIR], rebuild, pack, verify: the ledger as a whole. */
#define _GNU_SOURCE
#include "cli.h"
#include "error.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const struct ct_opt init_opts[] = {
	{ "quiet", 'q', NULL, 0, "print nothing" },
	CT_OPTS_END,
};

static int run_init(struct ct_cli *cli, struct ct_args *a)
{
	const char *dir = a->argc ? a->argv[0] : cli->dir ? cli->dir : ".";
	char real[PATH_MAX];
	int error;

	if ((error = ct_ledger_init(dir)) < 0)
		return ct_fail(error);
	if (!ct_arg_flag(a, "quiet"))
		fprintf(cli->out, "Created an empty claimtrack ledger in %s/%s\n",
			realpath(dir, real) ? real : dir, CT_LEDGER_DIRNAME);
	return 0;
}

const struct ct_cmd ct_cmd_init = {
	"init", run_init, "[DIR]", "create a ledger in DIR/.claimtrack (DIR: the current directory)",
	init_opts, 0, 1, 0, NULL,
};

static const struct ct_opt rebuild_opts[] = {
	{ "quiet", 'q', NULL, 0, "print nothing" },
	CT_OPTS_END,
};

static int run_rebuild(struct ct_cli *cli, struct ct_args *a)
{
	int error;

	if ((error = ct_ledger_rebuild(cli->ledger)) < 0)
		return ct_fail(error);
	if (!ct_arg_flag(a, "quiet"))
		fprintf(cli->out, "Rebuilt the index at commit %s\n", ct_ledger_head(cli->ledger));
	return 0;
}

const struct ct_cmd ct_cmd_rebuild = {
	"rebuild", run_rebuild, NULL, "recreate the SQLite index from the history", rebuild_opts, 0, 0,
	CT_CMD_LEDGER, NULL,
};

static const struct ct_opt pack_opts[] = {
	{ "all", 0, NULL, 0, "every object into one pack (as git repack -ad), not only the loose ones" },
	{ "auto", 0, NULL, 0, "only when there are many loose objects (what runs after a write)" },
	CT_OPTS_END,
};

static int run_pack(struct ct_cli *cli, struct ct_args *a)
{
	ct_pack_mode mode = CT_PACK_NOW;
	int error;

	if (ct_arg_flag(a, "all") && ct_arg_flag(a, "auto"))
		return ct_usage_error(a, "--all and --auto cannot go together");
	if (ct_arg_flag(a, "all"))
		mode = CT_PACK_ALL;
	else if (ct_arg_flag(a, "auto"))
		mode = CT_PACK_AUTO;
	if ((error = ct_ledger_pack(cli->ledger, mode)) < 0)
		return ct_fail(error);
	return 0;
}

const struct ct_cmd ct_cmd_pack = {
	"pack", run_pack, NULL,
	"pack the history's loose objects now, as writes do by themselves (git gc --auto)", pack_opts,
	0, 0, CT_CMD_LEDGER, NULL,
};

static const struct ct_opt verify_opts[] = {
	{ "json", 0, NULL, 0, "print {\"ok\": bool, \"problems\": [...]}" },
	CT_OPTS_END,
};

static int run_verify(struct ct_cli *cli, struct ct_args *a)
{
	ct_buf problems = CT_BUF_INIT;
	int error, rc = 0;

	if ((error = ct_ledger_verify(&problems, cli->ledger)) < 0) {
		ct_buf_release(&problems);
		return ct_fail(error);
	}
	if (ct_arg_flag(a, "json")) {
		json_t *doc = json_pack("{s:b, s:[]}", "ok", problems.len == 0, "problems");
		char *line = problems.ptr, *nl;
		while (problems.len && *line && (nl = strchr(line, '\n'))) {
			json_array_append_new(json_object_get(doc, "problems"), json_stringn(line, (size_t)(nl - line)));
			line = nl + 1;
		}
		rc = ct_print_json(cli->out, doc);
		json_decref(doc);
	} else if (problems.len) {
		fputs(problems.ptr, cli->out);
	} else {
		fprintf(cli->out, "ok: history, records and index agree at %s\n", ct_ledger_head(cli->ledger));
	}
	if (!rc && problems.len)
		rc = EXIT_NO;
	ct_buf_release(&problems);
	return rc;
}

const struct ct_cmd ct_cmd_verify = {
	"verify", run_verify, NULL,
	"check the history's objects, the records' format, and that the index matches (exit 1 on problems)",
	verify_opts, 0, 0, CT_CMD_LEDGER | CT_CMD_AS_IS, NULL,
};
