/* tool_main.c - runs a tool's main() in-process on the fuzz input; see
 * tool_main.h for the input layout.
 *
 * Properties every tool has, whatever its options (DESIGN.md):
 *  - no crash, no sanitizer report, no hang;
 *  - exit status 0 or 1 (the option sets are valid, so never 2);
 *  - every line on stderr starts with "tool: ";
 *  - exit 1 comes with a message (unless OPT_QUIET_FAIL) and exit 0
 *    without one (unless OPT_MAY_WARN);
 *  - the output does not depend on how the input was chunked by read(2)
 *    or on earlier runs in the same process: both runs give the same
 *    stdout, stderr and status. */
#include "tool_main.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <sys/socket.h>

int	tool_main(int argc, char *argv[]);

static jmp_buf	exit_jmp;
static int	exit_status;
static int	in_tool;

/* The tool's exit(3) and err(3) family come here (see the Makefile). */
__attribute__((noreturn)) void
tool_exit(int status)
{
	if (!in_tool)
		exit(status);
	fflush(stderr);
	exit_status = status;
	longjmp(exit_jmp, 1);
}

static void
vmsg(const char *fmt, va_list ap, int e, int with_errno)
{
	fprintf(stderr, "%s: ", tool_name);
	if (fmt != NULL) {
		vfprintf(stderr, fmt, ap);
		if (with_errno)
			fputs(": ", stderr);
	}
	if (with_errno)
		fputs(strerror(e), stderr);
	fputc('\n', stderr);
}

__attribute__((noreturn)) void
tool_verr(int status, const char *fmt, va_list ap)
{
	vmsg(fmt, ap, errno, 1);
	tool_exit(status);
}

__attribute__((noreturn)) void
tool_verrx(int status, const char *fmt, va_list ap)
{
	vmsg(fmt, ap, 0, 0);
	tool_exit(status);
}

__attribute__((noreturn)) void
tool_verrc(int status, int code, const char *fmt, va_list ap)
{
	vmsg(fmt, ap, code, 1);
	tool_exit(status);
}

__attribute__((noreturn)) void
tool_err(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tool_verr(status, fmt, ap);
}

__attribute__((noreturn)) void
tool_errx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tool_verrx(status, fmt, ap);
}

__attribute__((noreturn)) void
tool_errc(int status, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tool_verrc(status, code, fmt, ap);
}

int
tool_has_arg(const struct tool_run *r, const char *arg)
{
	for (size_t i = 0; i < TOOL_MAXARGS && r->opts->args[i]; i++)
		if (strcmp(r->opts->args[i], arg) == 0)
			return 1;
	return 0;
}

size_t
tool_records(const uint8_t *p, size_t len, uint8_t delim,
    const uint8_t **rec, size_t *reclen, size_t max)
{
	size_t n = 0;
	const uint8_t *end = p + len, *q;

	while (p < end && n < max) {
		q = memchr(p, delim, (size_t)(end - p));
		q = q ? q + 1 : end;
		rec[n] = p;
		reclen[n++] = (size_t)(q - p);
		p = q;
	}
	return n;
}

struct feeder {
	int		 fd;
	const uint8_t	*p;
	size_t		 len;
	uint64_t	 seed;
};

static void *
feed(void *arg)
{
	struct feeder *f = arg;
	size_t n;
	ssize_t w;

	while (f->len > 0) {
		n = 1 + fz_rand(&f->seed) % 97;
		if (fz_rand(&f->seed) % 8 == 0)
			n = 1 + fz_rand(&f->seed) % 5000;
		if (n > f->len)
			n = f->len;
		w = send(f->fd, f->p, n, MSG_NOSIGNAL);
		if (w <= 0)
			break;		/* the tool stopped reading */
		f->p += w, f->len -= (size_t)w;
		if (fz_rand(&f->seed) % 4 == 0)
			sched_yield();
	}
	shutdown(f->fd, SHUT_WR);
	return NULL;
}

/* Run the tool once with stdin from fd_in; fills r. */
static void
run_once(struct tool_run *r, int fd_in)
{
	static int saved_in = -1, saved_out = -1;
	char *argv[TOOL_MAXARGS + 2];
	int argc = 0, fd_out = fz_memfd("", 0);
	FILE *saved_err = stderr, *mem;
	char *ebuf = NULL;
	size_t elen = 0;

	if (saved_in < 0) {
		FZ_CHECK((saved_in = dup(0)) >= 0);
		FZ_CHECK((saved_out = dup(1)) >= 0);
	}
	argv[argc++] = (char *)tool_name;
	for (size_t i = 0; i < TOOL_MAXARGS && r->opts->args[i]; i++)
		argv[argc++] = (char *)r->opts->args[i];
	argv[argc] = NULL;

	FZ_CHECK(dup2(fd_in, 0) == 0);
	FZ_CHECK(dup2(fd_out, 1) == 1);
	FZ_CHECK((mem = open_memstream(&ebuf, &elen)) != NULL);
	stderr = mem;
	optind = 0;		/* glibc: full getopt reinitialization */
	opterr = 1;
	in_tool = 1;
	r->exited = 0;
	if (setjmp(exit_jmp) == 0)
		r->status = tool_main(argc, argv);
	else {
		r->status = exit_status;
		r->exited = 1;
	}
	in_tool = 0;
	fflush(stdout);		/* in case a tool used stdio after all */
	stderr = saved_err;
	fclose(mem);
	FZ_CHECK(dup2(saved_in, 0) == 0);
	FZ_CHECK(dup2(saved_out, 1) == 1);
	r->out = fz_slurp(fd_out, &r->outlen);
	close(fd_out);
	r->err = ebuf;
	r->errlen = elen;
}

void
tool_run_input(const struct tool_optset *o, const uint8_t *in, size_t len,
    struct tool_run *r)
{
	int fd = fz_memfd(in, len);

	memset(r, 0, sizeof *r);
	r->opts = o;
	r->in = in;
	r->inlen = len;
	run_once(r, fd);
	close(fd);
}

void
tool_run_free(struct tool_run *r)
{
	free(r->out);
	free(r->err);
	r->out = NULL;
	r->err = NULL;
}

static void
check_generic(const struct tool_run *r)
{
	size_t nlen = strlen(tool_name);

	if (r->status != 0 && r->status != 1)
		fprintf(stderr, "%s: status %d, stderr: %.*s\n", tool_name,
		    r->status, (int)r->errlen, r->err);
	FZ_CHECK(r->status == 0 || r->status == 1);
	for (size_t i = 0; i < r->errlen;) {
		FZ_CHECK(r->errlen - i > nlen + 2 &&
		    memcmp(r->err + i, tool_name, nlen) == 0 &&
		    memcmp(r->err + i + nlen, ": ", 2) == 0);
		const char *nl = memchr(r->err + i, '\n', r->errlen - i);
		FZ_CHECK(nl != NULL);	/* messages end with a newline */
		i = (size_t)(nl - r->err) + 1;
	}
	if (r->status == 1 && !(r->opts->flags & OPT_QUIET_FAIL))
		FZ_CHECK(r->errlen > 0);
	if (r->status == 0 && !(r->opts->flags & OPT_MAY_WARN))
		FZ_CHECK(r->errlen == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tool_run a, b;
	struct feeder f;
	pthread_t th;
	int sv[2];

	if (size < 2)
		return 0;
	tool_run_input(&tool_optsets[data[0] % tool_noptsets], data + 2,
	    size - 2, &a);
	b = a;
	b.out = NULL, b.err = NULL;
	check_generic(&a);
	tool_prop(&a);

	FZ_CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
	f.fd = sv[1], f.p = b.in, f.len = b.inlen, f.seed = data[1] + 1;
	FZ_CHECK(pthread_create(&th, NULL, feed, &f) == 0);
	run_once(&b, sv[0]);
	shutdown(sv[0], SHUT_RDWR);	/* unblock the feeder if need be */
	pthread_join(th, NULL);
	close(sv[0]);
	close(sv[1]);

	FZ_CHECK(b.status == a.status);
	FZ_CHECK(b.outlen == a.outlen && memcmp(b.out, a.out, a.outlen) == 0);
	FZ_CHECK(b.errlen == a.errlen && memcmp(b.err, a.err, a.errlen) == 0);

	tool_run_free(&a);
	tool_run_free(&b);
	return 0;
}
