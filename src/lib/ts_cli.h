/* ts_cli.h - what every tool's main() shares: messages in the contract's
 * format, --help/--version, numeric options, the file loop.
 *
 * The one core module that writes to stderr, since its job is the CLI
 * contract; like every core module it never exits: functions return the
 * exit status for main() to return. */
#ifndef TS_CLI_H
#define TS_CLI_H

#include <getopt.h>
#include <stdint.h>

#include "ts_writer.h"

#define TS_VERSION	"0.1.0"

enum { TS_EXIT_OK = 0, TS_EXIT_FAIL = 1, TS_EXIT_USAGE = 2 };

/* getopt_long values of the options every tool has; tools number their
 * own long-only options from TS_OPT_TOOL up. */
enum { TS_OPT_HELP = 0x7f00, TS_OPT_VERSION, TS_OPT_TOOL = 0x100 };

#define TS_COMMON_LONGOPTS \
	{ "help",    no_argument, NULL, TS_OPT_HELP }, \
	{ "version", no_argument, NULL, TS_OPT_VERSION }, \
	{ "null",    no_argument, NULL, 'z' }

/* Name for messages ("normalize"), also given to getopt's messages
 * through argv[0]; SIGPIPE back to its default so `tool | head -1` ends
 * quietly whatever the parent ignored; a closed stdin, stdout or stderr
 * is reopened on /dev/null so that files opened later never take its
 * number (reading the closed stdin or writing the closed stdout still
 * fails with EBADF). */
void	ts_cli_init(const char *name, char *argv[]);

/* "name: message" on stderr. */
void	ts_warnx(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
/* "name: message: strerror(errno)" on stderr. */
void	ts_warn(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

/* Message, then "Try 'name --help' ..." on stderr; returns 2. */
int	ts_usage_error(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
/* Unknown option or missing argument (getopt printed why); returns 2. */
int	ts_usage_hint(void);

/* Write text (the usage) to stdout; returns the exit status. */
int	ts_print_help(const char *text);
/* "name (textsift) X.Y.Z" and the utf8proc/Unicode versions; exit status. */
int	ts_print_version(void);

/* Parse a decimal option argument within [min, max].  On error prints a
 * usage message naming opt and returns -1. */
int	ts_parse_number(const char *opt, const char *arg, long long min,
	    long long max, long long *out);
/* Like ts_parse_number, with an optional K/M/G/T suffix (powers of 1024). */
int	ts_parse_size(const char *opt, const char *arg, uint64_t min,
	    uint64_t max, uint64_t *out);

/* Name to show for an input operand: "-" is "<stdin>". */
const char *ts_input_name(const char *operand);

/* Called once per input with an open descriptor.  Returns 0 when all
 * went well, 1 when this input failed but the others may go on (the
 * function printed why), or -1 to stop now (a fatal error, printed). */
typedef int (*ts_input_fn)(int fd, const char *name, void *ctx);

/* Run fn over the operands (none means stdin; "-" is stdin).  A file
 * that cannot be opened gives "name: FILE: reason" and the loop goes on.
 * Returns 0, 1 if any input failed, or -1 if fn stopped the loop. */
int	ts_each_input(int argc, char *const argv[], ts_input_fn fn, void *ctx);

/* For a ts_input_fn whose reader failed with code: "name: FILE: reason";
 * returns 1 (this input failed, the others go on). */
int	ts_input_error(const char *file, int code);

/* Flush out; on failure "name: write error: reason".  Returns the exit
 * status: rval, or 1 when the output could not be written. */
int	ts_finish(ts_writer *out, int rval);

#endif
