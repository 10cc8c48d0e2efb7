/* dedupe-lines - Remove repeated lines.
 * Foundation skeleton: honours the CLI contract and copies its input;
 * the features come with the dedupe-lines issue. */
#include <stdlib.h>
#include <unistd.h>

#include "ts_cli.h"
#include "ts_err.h"
#include "ts_reader.h"
#include "ts_writer.h"

static const char usage[] =
"Usage: dedupe-lines [OPTION]... [FILE]...\n"
"Remove repeated lines in text from FILEs (or standard input) to standard output.\n"
"\n"
"  -z, --null       records end with NUL, not newline\n"
"      --help       show this help and exit\n"
"      --version    show version information and exit\n";

struct ctx {
	ts_reader	in;
	ts_writer	out;
};

static int
process(int fd, const char *name, void *arg)
{
	struct ctx *c = arg;
	const uint8_t *p;
	size_t len;
	int r;

	ts_reader_reset(&c->in, fd);
	while ((r = ts_reader_chunk(&c->in, &p, &len)) > 0)
		if (ts_write(&c->out, p, len) != 0)
			return -1;
	return r < 0 ? ts_input_error(name, r) : 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		TS_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct ctx c;
	int ch, delim = '\n', rval;

	ts_cli_init("dedupe-lines", argv);
	while ((ch = getopt_long(argc, argv, "z", longopts, NULL)) != -1) {
		switch (ch) {
		case 'z':
			delim = '\0';
			break;
		case TS_OPT_HELP:
			return ts_print_help(usage);
		case TS_OPT_VERSION:
			return ts_print_version();
		default:
			return ts_usage_hint();
		}
	}
	argc -= optind, argv += optind;

	if (ts_writer_init(&c.out, STDOUT_FILENO, 0) != 0 ||
	    ts_reader_init(&c.in, STDIN_FILENO, (uint8_t)delim, &c.out) != 0) {
		ts_warnx("%s", ts_errmsg(TS_ENOMEM));
		return TS_EXIT_FAIL;
	}
	rval = ts_each_input(argc, argv, process, &c);
	rval = ts_finish(&c.out, rval < 0 ? TS_EXIT_FAIL : rval);
	ts_reader_free(&c.in);
	ts_writer_free(&c.out);
	return rval;
}
