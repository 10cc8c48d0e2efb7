/* ts_cli.c - the shared command-line contract (see DESIGN.md). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_cli.h"
#include "ts_err.h"
#include "ts_unicode.h"

/* A closed standard descriptor would be reused by the next open(2): an
 * input file would become "stdin" or an output file "stdout".  Fill it
 * with /dev/null opened the wrong way round, so using it still fails
 * with EBADF as the closed descriptor would (closed_std_fd in
 * tests/reliability.bats). */
static void
keep_std_fds(void)
{
	int fd, saved = errno;

	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF &&
		    open("/dev/null", fd == 1 ? O_RDONLY : O_WRONLY) != fd)
			break;		/* nothing better to do */
	errno = saved;
}

void
ts_cli_init(const char *name, char *argv[])
{
	setprogname(name);
	argv[0] = (char *)name;
	signal(SIGPIPE, SIG_DFL);
	keep_std_fds();
}

static void
vmessage(const char *fmt, va_list ap, int with_errno)
{
	int saved = errno;

	fprintf(stderr, "%s: ", getprogname());
	vfprintf(stderr, fmt, ap);
	if (with_errno)
		fprintf(stderr, ": %s", strerror(saved));
	fputc('\n', stderr);
}

void
ts_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap, 0);
	va_end(ap);
}

void
ts_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap, 1);
	va_end(ap);
}

int
ts_usage_hint(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n",
	    getprogname());
	return TS_EXIT_USAGE;
}

int
ts_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap, 0);
	va_end(ap);
	return ts_usage_hint();
}

static int
print_stdout(const char *s)
{
	if (fputs(s, stdout) == EOF || fflush(stdout) == EOF) {
		ts_warn("write error");
		return TS_EXIT_FAIL;
	}
	return TS_EXIT_OK;
}

int
ts_print_help(const char *text)
{
	return print_stdout(text);
}

int
ts_print_version(void)
{
	char text[256];

	snprintf(text, sizeof text,
	    "%s (textsift) %s\nutf8proc %s, Unicode %s\n", getprogname(),
	    TS_VERSION, ts_utf8proc_version(), ts_unicode_version());
	return print_stdout(text);
}

int
ts_parse_number(const char *opt, const char *arg, long long min,
    long long max, long long *out)
{
	const char *errstr;
	long long v = strtonum(arg, min, max, &errstr);

	if (errstr != NULL) {
		ts_usage_error("%s: '%s' is %s (expected %lld to %lld)", opt,
		    arg, errstr, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int
ts_parse_size(const char *opt, const char *arg, uint64_t min, uint64_t max,
    uint64_t *out)
{
	static const char units[] = "KMGT";
	const char *u;
	char *end;
	uint64_t v, mul = 1;

	/* Digits first: strtoumax would skip spaces and take a sign, and
	 * " -5" wrapped around to 2^64 - 5 (size_sign_wraps in test_cli). */
	if (*arg < '0' || *arg > '9')
		goto bad;
	errno = 0;
	v = strtoumax(arg, &end, 10);
	if (errno == ERANGE)
		goto bad;
	if (*end != '\0') {
		int c = end[0] & ~0x20;

		if (c == 0 || (u = strchr(units, c)) == NULL)
			goto bad;
		mul = 1ULL << (10 * (u - units + 1));
		end++;
		if ((*end & ~0x20) == 'I' && (end[1] & ~0x20) == 'B')
			end += 2;	/* KiB, MiB, ... */
		else if ((*end & ~0x20) == 'B')
			end++;
		if (*end != '\0')
			goto bad;
	}
	if (v > UINT64_MAX / mul || v * mul < min || v * mul > max)
		goto bad;
	*out = v * mul;
	return 0;
bad:
	ts_usage_error("%s: '%s' is not a size from %" PRIu64 " to %" PRIu64
	    " bytes (suffixes K, M, G, T)", opt, arg, min, max);
	return -1;
}

const char *
ts_input_name(const char *operand)
{
	return strcmp(operand, "-") == 0 ? "<stdin>" : operand;
}

int
ts_each_input(int argc, char *const argv[], ts_input_fn fn, void *ctx)
{
	static char *const stdin_only[] = { "-", NULL };
	int i, fd, r, rval = 0;

	if (argc == 0) {
		argc = 1;
		argv = stdin_only;
	}
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0)
			fd = STDIN_FILENO;
		else if ((fd = open(argv[i], O_RDONLY | O_CLOEXEC)) < 0) {
			ts_warn("%s", argv[i]);
			rval = 1;
			continue;
		}
		r = fn(fd, ts_input_name(argv[i]), ctx);
		if (fd != STDIN_FILENO)
			close(fd);
		if (r < 0)
			return -1;
		if (r > 0)
			rval = 1;
	}
	return rval;
}

int
ts_input_error(const char *file, int code)
{
	ts_warnx("%s: %s", file, ts_errmsg(code));
	return 1;
}

int
ts_finish(ts_writer *out, int rval)
{
	if (ts_flush(out) != 0) {
		ts_warn("write error");
		return TS_EXIT_FAIL;
	}
	return rval;
}
