/* Unit tests of cli/args.c: options stored where their rows say, and the tables' check. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "cli.h"

struct opts {
	const char *str;
	int flag;
	struct ct_optlist list;
	const char *other;
};

static int run(struct ct_cli *cli, struct ct_args *a)
{
	(void)cli;
	(void)a;
	return 0;
}

static const struct ct_opt good_opts[] = {
	CT_OPT_STRING("str", 's', struct opts, str, "S", "a string"),
	CT_OPT_FLAG("flag", 'f', struct opts, flag, "a flag"),
	CT_OPT_LIST("list", 0, struct opts, list, "L", "a list"),
	CT_OPTS_END,
};

static const struct ct_cmd good = { "good", run, "[ARG]", "a good command", good_opts, sizeof(struct opts), 0, 1, 0, NULL };

/* The number of problems ct_tables_check() finds in cmd; what it printed in out. */
static int problems(const struct ct_cmd *cmd, char *out, size_t size)
{
	FILE *f;
	int n;

	memset(out, 0, size);
	f = fmemopen(out, size, "w");
	assert_non_null(f);
	n = ct_tables_check(f, cmd);
	fclose(f);
	out[size - 1] = '\0';
	return n;
}

/* cmd has exactly one problem, and its line holds `words`. */
static void assert_one_problem(const struct ct_opt *opts, size_t size, const char *words)
{
	const struct ct_cmd cmd = { "bad", run, NULL, "a bad command", opts, size, 0, 0, 0, NULL };
	char out[1024];

	assert_int_equal(problems(&cmd, out, sizeof(out)), 1);
	if (!strstr(out, words))
		fail_msg("'%s' does not say '%s'", out, words);
}

static void good_tables_pass(void **state)
{
	static const struct ct_cmd *const subs[] = { &good, NULL };
	static const struct ct_cmd root = { "top", NULL, NULL, "a group", NULL, 0, 0, -1, 0, subs };
	char out[1024];

	(void)state;
	assert_int_equal(problems(&root, out, sizeof(out)), 0);
	assert_string_equal(out, "");
}

static void duplicate_names_fail(void **state)
{
	static const struct ct_opt twice[] = {
		CT_OPT_STRING("str", 0, struct opts, str, "S", "a string"),
		CT_OPT_FLAG("str", 0, struct opts, flag, "a flag"),
		CT_OPTS_END,
	};
	static const struct ct_opt short_twice[] = {
		CT_OPT_STRING("str", 'x', struct opts, str, "S", "a string"),
		CT_OPT_FLAG("flag", 'x', struct opts, flag, "a flag"),
		CT_OPTS_END,
	};

	(void)state;
	assert_one_problem(twice, sizeof(struct opts), "option '--str' is in the table twice");
	assert_one_problem(short_twice, sizeof(struct opts), "short option '-x' is used twice");
}

static void missing_help_fails(void **state)
{
	static const struct ct_opt empty[] = {
		CT_OPT_FLAG("flag", 0, struct opts, flag, ""),
		CT_OPTS_END,
	};
	static const struct ct_opt none[] = {
		CT_OPT_FLAG("flag", 0, struct opts, flag, NULL),
		CT_OPTS_END,
	};

	(void)state;
	assert_one_problem(empty, sizeof(struct opts), "option '--flag' has no help text");
	assert_one_problem(none, sizeof(struct opts), "option '--flag' has no help text");
}

static void wrong_destinations_fail(void **state)
{
	/* Rows written by hand: the CT_OPT_* macros would not compile these. */
	static const struct ct_opt flag_with_value[] = {
		{ .kind = CT_OPTION_FLAG, .name = "flag", .offset = offsetof(struct opts, flag), .arg = "N",
		  .help = "a flag" },
		CT_OPTS_END,
	};
	static const struct ct_opt string_without_value[] = {
		{ .kind = CT_OPTION_STRING, .name = "str", .offset = offsetof(struct opts, str), .help = "a string" },
		CT_OPTS_END,
	};
	static const struct ct_opt misaligned[] = {
		{ .kind = CT_OPTION_STRING, .name = "str", .offset = 1, .arg = "S", .help = "a string" },
		CT_OPTS_END,
	};
	static const struct ct_opt same_place[] = {
		CT_OPT_STRING("str", 0, struct opts, str, "S", "a string"),
		CT_OPT_STRING("other", 0, struct opts, str, "S", "the same string"),
		CT_OPTS_END,
	};
	static const struct ct_opt unknown_kind[] = {
		{ .kind = (enum ct_option_kind)9, .name = "what", .help = "?" },
		CT_OPTS_END,
	};

	(void)state;
	assert_one_problem(flag_with_value, sizeof(struct opts), "option '--flag' is a flag but names a value");
	assert_one_problem(string_without_value, sizeof(struct opts), "option '--str' takes a value but does not name it");
	assert_one_problem(misaligned, sizeof(struct opts), "option '--str': a destination of");
	/* An options struct too small for its rows (a row pointing into another command's struct). */
	assert_one_problem(good_opts + 2, sizeof(int), "option '--list': a destination of");
	assert_one_problem(same_place, sizeof(struct opts), "options '--str' and '--other' store into the same place");
	assert_one_problem(unknown_kind, sizeof(struct opts), "option '--what' has an unknown kind (9)");
}

static void bad_names_fail(void **state)
{
	static const struct ct_opt help[] = {
		CT_OPT_FLAG("help", 0, struct opts, flag, "my own help"),
		CT_OPTS_END,
	};
	static const struct ct_opt short_h[] = {
		CT_OPT_FLAG("human", 'h', struct opts, flag, "human-readable"),
		CT_OPTS_END,
	};
	static const struct ct_opt dashes[] = {
		CT_OPT_FLAG("--flag", 0, struct opts, flag, "a flag"),
		CT_OPTS_END,
	};
	static const struct ct_opt nameless[] = {
		CT_OPT_FLAG(NULL, 0, struct opts, flag, "a flag"),
		CT_OPTS_END,
	};

	(void)state;
	assert_one_problem(help, sizeof(struct opts), "takes -h or --help");
	assert_one_problem(short_h, sizeof(struct opts), "takes -h or --help");
	assert_one_problem(dashes, sizeof(struct opts), "a long name is a word");
	assert_one_problem(nameless, sizeof(struct opts), "neither a long nor a short name");
}

static void bad_commands_fail(void **state)
{
	static const struct ct_cmd twin = { "good", run, NULL, "the same name", NULL, 0, 0, 0, 0, NULL };
	static const struct ct_cmd *const twins[] = { &good, &twin, NULL };
	static const struct ct_cmd group = { "top", NULL, NULL, "a group", NULL, 0, 0, -1, 0, twins };
	static const struct ct_cmd *const subs[] = { &good, NULL };
	static const struct ct_cmd both = { "both", run, NULL, "runs and has sub-commands", NULL, 0, 0, 0, 0, subs };
	static const struct ct_cmd mute = { "mute", run, NULL, "", NULL, 0, 0, 0, 0, NULL };
	static const struct ct_cmd arity = { "arity", run, "A B", "two, at most one", NULL, 0, 2, 1, 0, NULL };
	char out[1024];

	(void)state;
	assert_int_equal(problems(&group, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "table of 'top': command 'good' is in the table twice"));
	assert_int_equal(problems(&both, out, sizeof(out)), 1);
	assert_int_equal(problems(&mute, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "no summary"));
	assert_int_equal(problems(&arity, out, sizeof(out)), 1);
}

static void values_go_to_their_fields(void **state)
{
	char *argv[] = { "--str", "v", "-f", "--list", "a", "pos", "--flag", "--list=b", NULL };
	struct ct_args a;
	const struct opts *o;

	(void)state;
	assert_int_equal(ct_args_parse(&a, &good, "t good", 8, argv), 0);
	o = a.opts;
	assert_string_equal(o->str, "v");
	assert_int_equal(o->flag, 2);
	assert_int_equal(o->list.n, 2);
	assert_string_equal(o->list.v[0], "a");
	assert_string_equal(o->list.v[1], "b");
	assert_null(o->other);
	assert_int_equal(a.argc, 1);
	assert_string_equal(a.argv[0], "pos");
	ct_args_release(&a);
	assert_null(a.opts);
}

static void usage_errors(void **state)
{
	char *twice[] = { "--str", "a", "-s", "b" };
	char *unknown[] = { "--nope" };
	char *flag_value[] = { "--flag=1" };
	char *no_value[] = { "--str" };
	char *extra[] = { "a", "b" };
	struct ct_args a;

	(void)state;
	assert_int_equal(ct_args_parse(&a, &good, "t good", 4, twice), EXIT_USAGE);
	ct_args_release(&a);
	assert_int_equal(ct_args_parse(&a, &good, "t good", 1, unknown), EXIT_USAGE);
	ct_args_release(&a);
	assert_int_equal(ct_args_parse(&a, &good, "t good", 1, flag_value), EXIT_USAGE);
	ct_args_release(&a);
	assert_int_equal(ct_args_parse(&a, &good, "t good", 1, no_value), EXIT_USAGE);
	ct_args_release(&a);
	assert_int_equal(ct_args_parse(&a, &good, "t good", 2, extra), EXIT_USAGE);
	ct_args_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_tables_pass),
		cmocka_unit_test(duplicate_names_fail),
		cmocka_unit_test(missing_help_fails),
		cmocka_unit_test(wrong_destinations_fail),
		cmocka_unit_test(bad_names_fail),
		cmocka_unit_test(bad_commands_fail),
		cmocka_unit_test(values_go_to_their_fields),
		cmocka_unit_test(usage_errors),
	};

	return cmocka_run_group_tests_name("cli_args", tests, NULL, NULL);
}
