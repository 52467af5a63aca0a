/* cli/main.c: the claimtrack command: global options, the command table, exit codes. */
#define _GNU_SOURCE
#include "cli.h"
#include "cmd_check.h"
#include "cmd_exchange.h"
#include "error.h"
#include "value.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef CLAIMTRACK_VERSION
#define CLAIMTRACK_VERSION "0.1.0"
#endif

static int cmd_man(struct ct_cli *cli, struct ct_args *args);
static int cmd_version(struct ct_cli *cli, struct ct_args *args);

static const struct ct_cmd version = { "version", cmd_version, NULL, "print the version", NULL, 0, 0, 0, 0, NULL };
static const struct ct_cmd man = { "man", cmd_man, NULL, "print the man page (troff)", NULL, 0, 0, 0, CT_CMD_HIDDEN, NULL };

static const struct ct_cmd *const commands[] = {
	&ct_cmd_init,
	&ct_cmd_source,
	&ct_cmd_claim,
	&ct_cmd_cite,
	&ct_cmd_log,
	&ct_cmd_diff,
	&ct_cmd_report,
	&ct_cmd_check,
	&ct_cmd_extract,
	&ct_cmd_search,
	&ct_cmd_export,
	&ct_cmd_import,
	&ct_cmd_verify,
	&ct_cmd_rebuild,
	&ct_cmd_pack,
	&version,
	&man,
	NULL,
};

/* The global options, given before the command. */
struct global_options {
	const char *dir;
	int no_color, version;
};

static const struct ct_opt global_opts[] = {
	/* -C alone, as git's; its message when DIR is missing is the one it always had. */
	{ .kind = CT_OPTION_STRING, .shortname = 'C',
	  .offset = CT_OPT_DEST_(struct global_options, dir, const char *), .arg = "DIR",
	  .help = "use the ledger of DIR (also CLAIMTRACK_DIR)", .flags = CT_OPT_LAST,
	  .missing = "option '-C' needs a directory" },
	CT_OPT_FLAG("no-color", 0, struct global_options, no_color, "turn colour off (also NO_COLOR)"),
	CT_OPT_FLAG("version", 0, struct global_options, version, "print the version"),
	CT_OPTS_END,
};

static const struct ct_cmd root = {
	"claimtrack", NULL, NULL,
	"Track factual claims, the exact words of the sources that state them, and their history.",
	global_opts, sizeof(struct global_options), 0, -1, 0, commands,
};

static int cmd_man(struct ct_cli *cli, struct ct_args *args)
{
	(void)args;
	ct_man_print(cli->out, &root);
	return 0;
}

static int cmd_version(struct ct_cli *cli, struct ct_args *args)
{
	(void)args;
	fprintf(cli->out, "claimtrack %s\n", CLAIMTRACK_VERSION);
	return 0;
}

int ct_fail(int error)
{
	const char *msg = ct_error_last();

	fprintf(stderr, "claimtrack: %s\n", *msg ? msg : "unknown error");
	switch (error) {
	case CT_ENOTFOUND:
		return EXIT_NOTFOUND;
	case CT_EINVALID:
		return EXIT_INVALID;
	case CT_EAMBIGUOUS:
		return EXIT_AMBIGUOUS;
	case CT_EEXISTS:
		return EXIT_EXISTS;
	case CT_ENOLEDGER:
		return EXIT_NOLEDGER;
	case CT_EBUSY:
	case CT_ECONFLICT:
		return EXIT_BUSY;
	default:
		return EXIT_FAILURE_;
	}
}

int ct_print_json(FILE *f, const json_t *doc)
{
	if (json_dumpf(doc, f, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(15)) < 0 || fputc('\n', f) == EOF) {
		/* A failed write of standard output is reported once, with its reason, at exit. */
		if (f != stdout || !ferror(stdout))
			fprintf(stderr, "claimtrack: cannot write the output\n");
		return EXIT_FAILURE_;
	}
	return 0;
}

int ct_write_page(const char *path, int (*write)(FILE *, const json_t *, const json_t *), const json_t *doc,
		  const json_t *extra)
{
	char tmp[4096];
	FILE *f;
	int ok;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", path, (long)getpid()) >= (int)sizeof(tmp)) {
		fprintf(stderr, "claimtrack: the path '%s' is too long\n", path);
		return EXIT_INVALID;
	}
	if (!(f = fopen(tmp, "w"))) {
		fprintf(stderr, "claimtrack: cannot write '%s': %s\n", path, strerror(errno));
		return EXIT_FAILURE_;
	}
	ok = write(f, doc, extra) == 0;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp, path) < 0) {
		fprintf(stderr, "claimtrack: cannot write '%s': %s\n", path, *ct_error_last() ? ct_error_last() : strerror(errno));
		unlink(tmp);
		return EXIT_FAILURE_;
	}
	return 0;
}

int ct_value_text(ct_buf *out, const ct_value *v)
{
	ct_buf_reset(out);
	if (v->kind != CT_VALUE_NONE && ct_value_format(out, v) == 0)
		return 1;
	ct_buf_reset(out);
	return 0;
}

int ct_value_words(ct_buf *out, const json_t *vj)
{
	ct_value v;
	int ok;

	ct_buf_reset(out);
	ct_value_init(&v);
	ok = vj && ct_value_from_json(&v, vj) == 0 && ct_value_text(out, &v);
	ct_value_release(&v);
	return ok;
}

int ct_print_record(FILE *f, const ct_record_type *t, const void *rec)
{
	json_t *j = NULL;
	int rc, error = ct_record_to_json(&j, t, rec);

	rc = error < 0 ? ct_fail(error) : ct_print_json(f, j);
	json_decref(j);
	return rc;
}

int ct_print_json_new(FILE *f, json_t *doc)
{
	int rc = ct_print_json(f, doc);

	json_decref(doc);
	return rc;
}

const char *ct_c(const struct ct_cli *cli, const char *what)
{
	if (!cli->color)
		return "";
	if (!strcmp(what, "id"))
		return "\033[33m";
	if (!strcmp(what, "del"))
		return "\033[31m";
	if (!strcmp(what, "add"))
		return "\033[32m";
	if (!strcmp(what, "dim"))
		return "\033[2m";
	if (!strcmp(what, "bold"))
		return "\033[1m";
	return "\033[m";
}

/* Progress of long work, on a terminal only: one line rewritten in place on stderr. */
static void show_progress(const char *what, size_t done, int finished, void *payload)
{
	(void)payload;
	fprintf(stderr, "\r%s: %zu records%s", what, done, finished ? ", done\n" : "");
	fflush(stderr);
}

/* Find and open the ledger for a command that needs one (as is: see CT_CMD_AS_IS). */
static int open_ledger(struct ct_cli *cli, int as_is)
{
	const char *dir = cli->dir ? cli->dir : getenv("CLAIMTRACK_DIR");
	char *gitdir = NULL;
	int error;

	if (!dir || !*dir)
		dir = ".";
	if ((error = ct_ledger_discover(&gitdir, dir)) == 0)
		error = (as_is ? ct_ledger_open_as_is : ct_ledger_open_with)(
		    &cli->ledger, gitdir, isatty(STDERR_FILENO) ? show_progress : NULL, NULL);
	free(gitdir);
	if (error == 0)
		ct_ledger_defer_packing(cli->ledger); /* see pack_after() */
	return error;
}

/* Start `claimtrack -C GITDIR pack --auto` in a session of its own, its output discarded. */
static int spawn_pack(const char *gitdir)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	pid_t pid;
	int fd;

	if (n <= 0 || (size_t)n >= sizeof(self) - 1)
		return -1;
	self[n] = '\0';
	if ((pid = fork()) < 0)
		return -1;
	if (pid > 0)
		return 0;
	if ((fd = open("/dev/null", O_RDWR)) >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
	setsid();
	execl(self, "claimtrack", "-C", gitdir, "pack", "--auto", (char *)NULL);
	_exit(127);
}

/*
 * A write that left many loose objects is followed by packing, as git follows
 * a command with `gc --auto`: in a detached `claimtrack pack --auto`, so that
 * the command returns at once (packing can take seconds when it merges the
 * whole history), or here when the ledger's gc.autoDetach is false or no
 * process can be started. The pack takes the writers' lock, so the next
 * write waits for it. A failed pack is a warning: the write is done.
 */
static void pack_after(ct_ledger *l)
{
	fflush(stdout);
	if (ct_ledger_pack_detached(l) && spawn_pack(ct_ledger_path(l)) == 0)
		return;
	if (ct_ledger_pack(l, CT_PACK_AUTO) < 0)
		fprintf(stderr, "claimtrack: warning: the write is done, but packing failed: %s\n",
		        ct_error_last());
}

/* Run the command named by argv[0] in `table`, descending into sub-command tables. */
static int dispatch(struct ct_cli *cli, const struct ct_cmd *parent, const char *path, int argc, char **argv)
{
	const struct ct_cmd *cmd = NULL;
	struct ct_args args;
	char sub[128];
	int i, rc, error;

	if (argc == 0 || !strcmp(argv[0], "--help") || !strcmp(argv[0], "-h") || !strcmp(argv[0], "help")) {
		if (argc >= 2 && !strcmp(argv[0], "help"))
			return dispatch(cli, parent, path, 2, (char *[]){ argv[1], "--help" });
		ct_help_print(argc ? stdout : stderr, parent, path);
		return argc ? 0 : EXIT_USAGE;
	}
	for (i = 0; parent->subs[i]; i++)
		if (!strcmp(parent->subs[i]->name, argv[0]))
			cmd = parent->subs[i];
	if (!cmd) {
		fprintf(stderr, "claimtrack: unknown command '%s' (see '%s --help')\n", argv[0], path);
		return EXIT_USAGE;
	}
	snprintf(sub, sizeof(sub), "%s %s", path, cmd->name);
	if (cmd->subs)
		return dispatch(cli, cmd, sub, argc - 1, argv + 1);
	rc = ct_args_parse(&args, cmd, sub, argc - 1, argv + 1);
	if (rc) {
		ct_args_release(&args);
		return rc < 0 ? 0 : rc;
	}
	if (cmd->flags & CT_CMD_LEDGER) {
		if ((error = open_ledger(cli, (cmd->flags & CT_CMD_AS_IS) != 0)) < 0) {
			ct_args_release(&args);
			return ct_fail(error);
		}
	}
	rc = cmd->run(cli, &args);
	ct_args_release(&args);
	/* A write whose index update failed after its commit is done: said, not failed (ledger.h). */
	if (cli->ledger && ct_ledger_warning(cli->ledger))
		fprintf(stderr, "claimtrack: warning: %s\n", ct_ledger_warning(cli->ledger));
	return rc;
}

int main(int argc, char **argv)
{
	struct ct_cli cli;
	struct ct_args top;
	const struct global_options *g;
	const char *nc = getenv("NO_COLOR");
	int rc;

#ifdef CLAIMTRACK_CHECK_TABLES
	/* A test build checks the tables once, before they are used (tests/CMakeLists.txt). */
	if (ct_tables_check(stderr, &root) != 0)
		return EXIT_FAILURE_;
#endif
	memset(&cli, 0, sizeof(cli));
	cli.out = stdout;
	cli.color = isatty(STDOUT_FILENO) && !(nc && *nc) && getenv("TERM") && strcmp(getenv("TERM"), "dumb");
	rc = ct_args_parse(&top, &root, "claimtrack", argc - 1, argv + 1);
	if (rc == 0) {
		g = top.opts;
		cli.dir = g->dir;
		if (g->no_color)
			cli.color = 0;
		/* --version is the version command, whatever follows it. */
		rc = g->version ? cmd_version(&cli, &top) : dispatch(&cli, &root, "claimtrack", top.argc, top.argv);
	} else if (rc < 0) {
		rc = 0; /* --help */
	}
	ct_args_release(&top);
	if (cli.ledger && ct_ledger_pack_due(cli.ledger))
		pack_after(cli.ledger);
	ct_ledger_free(cli.ledger);
	/* As git's run_builtin: a failed write of stdout (a full disk, a closed pipe) is an error. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "claimtrack: cannot write the output: %s\n", strerror(errno));
		return rc ? rc : EXIT_FAILURE_;
	}
	if (fclose(stdout) != 0 && !rc) {
		fprintf(stderr, "claimtrack: cannot write the output: %s\n", strerror(errno));
		return EXIT_FAILURE_;
	}
	return rc;
}
