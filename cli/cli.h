/* cli/cli.h: the claimtrack command: command and option tables, parsed arguments, output. */
#ifndef CT_CLI_H
#define CT_CLI_H

#include <jansson.h>
#include <stdio.h>

#include "buf.h"
#include "ledger.h"

/* Exit codes: documented in the README and the man page (see exit_codes in main.c). */
enum {
	EXIT_OK = 0,
	EXIT_NO = 1,        /* the command ran and its answer is no: problems found, --fail-if-* */
	EXIT_USAGE = 2,     /* unknown command or option, missing or extra argument */
	EXIT_NOTFOUND = 3,  /* unknown id, revision, file, or a quote not in the source */
	EXIT_INVALID = 4,   /* invalid input: text, date, status, value, record */
	EXIT_AMBIGUOUS = 5, /* an id prefix or quote matching more than one */
	EXIT_EXISTS = 6,    /* the id or ledger exists already */
	EXIT_NOLEDGER = 7,  /* no ledger found, or not a ledger */
	EXIT_BUSY = 8,      /* the ledger stayed locked by another writer */
	EXIT_FAILURE_ = 9,  /* I/O, corrupt history, out of memory, internal error */
};

/* An option of a command: one row of its table. */
struct ct_opt {
	const char *name;   /* long name, without "--" */
	char shortname;     /* one letter, or 0 */
	const char *arg;    /* the argument's name in help ("URL"); NULL for a flag */
	unsigned flags;     /* CT_OPT_* */
	const char *help;   /* one line */
};
#define CT_OPT_MULTI 1u     /* may be given more than once */
#define CT_OPTS_END { NULL, 0, NULL, 0, NULL }

struct ct_cli;
struct ct_args;

/* A command: one row of a table. A command with `subs` dispatches on its first argument. */
struct ct_cmd {
	const char *name;
	int (*run)(struct ct_cli *cli, struct ct_args *args);
	const char *synopsis;  /* positional part of the usage line, man-page style */
	const char *summary;   /* one line */
	const struct ct_opt *opts;
	int min_args, max_args; /* positional arguments; max -1: any number */
	unsigned flags;        /* CT_CMD_* */
	const struct ct_cmd *const *subs; /* NULL-terminated sub-command table, or NULL */
};
#define CT_CMD_LEDGER 1u   /* needs an open ledger (cli->ledger) */
#define CT_CMD_HIDDEN 2u   /* not listed in help */
#define CT_CMD_AS_IS 4u    /* with CT_CMD_LEDGER: open even when a record stops the index catch-up */

#define CT_MAX_OPTS 32

/* Parsed arguments of one command. Strings are borrowed from argv. */
struct ct_args {
	const struct ct_cmd *cmd;
	const char *path;      /* "claimtrack source add", for messages */
	int argc;
	char **argv;           /* positional arguments */
	int count[CT_MAX_OPTS];       /* times each option of cmd->opts was given */
	const char **vals[CT_MAX_OPTS]; /* their values, in order (NULL for flags) */
};

/* What every command gets. */
struct ct_cli {
	ct_ledger *ledger;     /* open for CT_CMD_LEDGER commands */
	const char *dir;       /* -C DIR, or NULL */
	int color;             /* stdout is a terminal and NO_COLOR is unset */
	FILE *out;
};

/* Option access, by long name (the name must be in the command's table). */
const char *ct_arg_str(const struct ct_args *a, const char *name);
int ct_arg_flag(const struct ct_args *a, const char *name);
const char **ct_arg_list(const struct ct_args *a, const char *name, size_t *n);

/*
 * Parse argv for `cmd` into a (a's arrays are allocated: free with ct_args_release).
 * Returns 0; EXIT_USAGE with the message printed to stderr; or -1 when --help was
 * given (the help was printed).
 */
int ct_args_parse(struct ct_args *a, const struct ct_cmd *cmd, const char *path, int argc, char **argv);
void ct_args_release(struct ct_args *a);

/* Print a command's help (usage, options, sub-commands) to f. */
void ct_help_print(FILE *f, const struct ct_cmd *cmd, const char *path);

/* Print the man page (troff) of the whole command table to f. */
void ct_man_print(FILE *f, const struct ct_cmd *root);

/* Report a library error on stderr ("claimtrack: MESSAGE") and map its code to an exit code. */
int ct_fail(int error);

/* Print an error for a usage problem and return EXIT_USAGE. */
int ct_usage_error(const struct ct_args *a, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Print a JSON document (pretty, sorted keys) and a newline to f. Returns 0 or EXIT_FAILURE_. */
int ct_print_json(FILE *f, const json_t *doc);

/*
 * Write an HTML page to `path` with `write` (one of core/render/html.h's functions,
 * given doc and extra): into a temporary file renamed over `path` when whole,
 * so that a failure leaves no half page. Returns 0 or an exit code (message printed).
 */
int ct_write_page(const char *path, int (*write)(FILE *, const json_t *, const json_t *), const json_t *doc,
		  const json_t *extra);

/* Colour helpers: the escape when cli->color, else "". */
const char *ct_c(const struct ct_cli *cli, const char *what);

/* The commands, in cli/cmd_*.c. */
extern const struct ct_cmd ct_cmd_init, ct_cmd_source, ct_cmd_claim, ct_cmd_cite, ct_cmd_log, ct_cmd_search,
	ct_cmd_verify, ct_cmd_rebuild, ct_cmd_pack, ct_cmd_diff, ct_cmd_report;

#endif
