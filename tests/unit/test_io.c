/* test_io - the reader (records of any length, both delimiters, chunks,
 * flush before blocking) and the checked writer. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "ts_err.h"
#include "ts_reader.h"
#include "ts_writer.h"

/* A pipe whose read end gets data, written by a child in small pieces
 * of `step` bytes so records straddle reads. */
static int
feed(const uint8_t *data, size_t len, size_t step)
{
	int fds[2];
	size_t i, n;

	if (pipe(fds) != 0)
		abort();
	switch (fork()) {
	case -1:
		abort();
	case 0:
		close(fds[0]);
		for (i = 0; i < len; i += n) {
			n = len - i < step ? len - i : step;
			if (write(fds[1], data + i, n) != (ssize_t)n)
				_exit(1);
		}
		_exit(0);
	}
	close(fds[1]);
	return fds[0];
}

static void
reap(void)
{
	while (wait(NULL) > 0)
		;
}

/* Records come back with their delimiters, concatenating to the input. */
static void
test_records(uint8_t delim, size_t step)
{
	static const uint8_t in[] = "one\0two\n\nthree\r\n\0last";
	ts_reader r;
	const uint8_t *rec;
	size_t len, got = 0, count = 0;
	uint8_t out[sizeof in];
	int rc;

	CHECK_INT(ts_reader_init(&r, feed(in, sizeof in - 1, step), delim, NULL), 0);
	while ((rc = ts_reader_record(&r, &rec, &len)) == 1) {
		CHECK(len > 0);
		if (got + len < sizeof in - 1)	/* all but the last end in delim */
			CHECK_INT(rec[len - 1], delim);
		memcpy(out + got, rec, len);
		got += len, count++;
	}
	CHECK_INT(rc, 0);
	CHECK_MEM(out, got, in, sizeof in - 1);
	CHECK_INT(count, delim == '\n' ? 4 : 3);
	CHECK_INT(r.offset, sizeof in - 1);
	close(r.fd);
	ts_reader_free(&r);
	reap();
}

/* A record far longer than the buffer, then a short one. */
static void
test_long_record(void)
{
	size_t big = 3 * TS_READER_SIZE + 17, len;
	uint8_t *in = malloc(big + 3);
	const uint8_t *rec;
	ts_reader r;

	memset(in, 'x', big);
	memcpy(in + big, "\nab", 3);
	CHECK_INT(ts_reader_init(&r, feed(in, big + 3, 4096), '\n', NULL), 0);
	CHECK_INT(ts_reader_record(&r, &rec, &len), 1);
	CHECK_MEM(rec, len, in, big + 1);
	CHECK_INT(ts_reader_record(&r, &rec, &len), 1);
	CHECK_MEM(rec, len, "ab", 2);
	CHECK_INT(ts_reader_record(&r, &rec, &len), 0);
	CHECK_INT(ts_reader_record(&r, &rec, &len), 0);	/* EOF is sticky */
	close(r.fd);
	ts_reader_free(&r);
	free(in);
	reap();
}

/* Chunks concatenate to the input and never exceed the buffer. */
static void
test_chunks(void)
{
	size_t big = 5 * TS_READER_SIZE + 3, got = 0, len;
	uint8_t *in = malloc(big), *out = malloc(big);
	const uint8_t *p;
	ts_reader r;
	size_t i;

	for (i = 0; i < big; i++)
		in[i] = (uint8_t)(i * 7);
	CHECK_INT(ts_reader_init(&r, feed(in, big, 10000), '\n', NULL), 0);
	while (ts_reader_record(&r, &p, &len) == 1 && got < 10) {
		memcpy(out + got, p, len);	/* start in record mode... */
		got += len;
	}
	memcpy(out + got, p, len);
	got += len;
	while (ts_reader_chunk(&r, &p, &len) == 1) {	/* ...go on in chunks */
		CHECK(len <= r.cap);
		memcpy(out + got, p, len);
		got += len;
	}
	CHECK_MEM(out, got, in, big);
	CHECK(r.cap <= TS_READER_SIZE);
	close(r.fd);
	ts_reader_free(&r);
	free(in), free(out);
	reap();
}

/* Output waiting in the writer goes out before the reader blocks. */
static void
test_flush_before_read(void)
{
	int out[2], in[2];
	ts_writer w;
	ts_reader r;
	const uint8_t *rec;
	size_t len;
	char buf[16];

	if (pipe(out) != 0 || pipe(in) != 0)
		abort();
	CHECK_INT(ts_writer_init(&w, out[1], 0), 0);
	CHECK_INT(ts_reader_init(&r, in[0], '\n', &w), 0);
	CHECK_INT(ts_write(&w, "hello\n", 6), 0);
	CHECK_INT(write(in[1], "x\n", 2), 2);
	CHECK_INT(ts_reader_record(&r, &rec, &len), 1);
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	CHECK_INT(read(out[0], buf, sizeof buf), 6);
	close(in[1]);
	CHECK_INT(ts_reader_record(&r, &rec, &len), 0);
	ts_reader_free(&r);
	ts_writer_free(&w);
	close(out[0]), close(out[1]), close(in[0]);
}

static void
test_writer(void)
{
	ts_writer w;
	int fds[2], full;
	char buf[64];
	uint8_t *big;
	size_t i;

	if (pipe(fds) != 0)
		abort();
	CHECK_INT(ts_writer_init(&w, fds[1], 8), 0);
	CHECK_INT(ts_write(&w, "abc", 3), 0);
	CHECK_INT(ts_put_u64(&w, 0), 0);
	CHECK_INT(ts_putc(&w, ' '), 0);
	CHECK_INT(ts_put_u64(&w, 18446744073709551615ULL), 0);
	CHECK_INT(ts_puts(&w, "|"), 0);
	CHECK_INT(ts_flush(&w), 0);
	CHECK_INT(read(fds[0], buf, sizeof buf), 26);
	CHECK_MEM(buf, 26, "abc0 18446744073709551615|", 26);
	ts_writer_free(&w);
	close(fds[0]), close(fds[1]);

	/* /dev/full: the error is reported and stays. */
	if ((full = open("/dev/full", O_WRONLY)) < 0)
		return;
	CHECK_INT(ts_writer_init(&w, full, 0), 0);
	big = calloc(1, 3 * TS_WRITER_SIZE);
	CHECK_INT(ts_write(&w, "x", 1), 0);		/* buffered */
	CHECK_INT(ts_write(&w, big, 3 * TS_WRITER_SIZE), TS_EIO);
	CHECK_INT(w.err, ENOSPC);
	for (i = 0; i < 3; i++)
		CHECK_INT(ts_flush(&w), TS_EIO);
	CHECK_INT(errno, ENOSPC);
	ts_writer_free(&w);
	free(big);
	close(full);
}

int
main(void)
{
	size_t steps[] = { 1, 2, 3, 7, 4096 }, i;

	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		test_records('\n', steps[i]);
		test_records('\0', steps[i]);
	}
	test_long_record();
	test_chunks();
	test_flush_before_read();
	test_writer();
	return check_done("test_io");
}
