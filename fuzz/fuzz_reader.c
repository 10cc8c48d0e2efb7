/* fuzz_reader - ts_reader over a read(2) that returns random-size
 * pieces, EINTR and, at the end, maybe EIO.
 *
 * The harness is linked with -Wl,--wrap=read: the reader's read() calls
 * on FAKE_FD come to __wrap_read() below, which serves the input in
 * pieces chosen by the input; other descriptors go to the real read.
 *
 * Input: byte 0 mode bits, byte 1 seed of the piece sizes, byte 2 a
 * repeat count (long records cross the buffer size and make it grow),
 * byte 3 where to split the data into two streams read with one reader
 * (ts_reader_reset between), the rest the data.
 *
 * EINTR and EAGAIN are retried.
 *
 * Properties, for records with '\n' and '\0' and for chunks:
 *  - the concatenation of what is returned equals the stream;
 *  - each record ends with the delimiter, except possibly the last, and
 *    holds no other; chunks are 1..TS_READER_SIZE bytes;
 *  - r->offset counts the bytes returned;
 *  - after end of input it keeps returning 0;
 *  - the flush writer is empty whenever read(2) is called;
 *  - an EIO gives TS_EIO after a prefix of the stream;
 *  - memory: the buffer stays TS_READER_SIZE in chunk mode and under
 *    max(TS_READER_SIZE, 3 * longest record) in record mode. */
#include "fuzz.h"

#include <fcntl.h>

#include "ts_err.h"
#include "ts_reader.h"
#include "ts_writer.h"

#define FAKE_FD 987

ssize_t __real_read(int fd, void *buf, size_t n);

static struct {
	const uint8_t	*p;
	size_t		 len, pos;
	uint64_t	 seed;
	int		 eintr, eio, eio_done;
	ts_writer	*flush;
	size_t		 reads;
} src;

ssize_t
__wrap_read(int fd, void *buf, size_t n)
{
	size_t k;

	if (fd != FAKE_FD)
		return __real_read(fd, buf, n);
	src.reads++;
	FZ_CHECK(n > 0);
	if (src.flush != NULL)
		FZ_CHECK(src.flush->len == 0);	/* flushed before reading */
	if (src.eintr && fz_rand(&src.seed) % 4 == 0) {
		/* Both mean "try again" (EAGAIN: a non-blocking stdin; the
		 * reader polls FAKE_FD, which returns at once: POLLNVAL). */
		errno = fz_rand(&src.seed) % 2 ? EINTR : EAGAIN;
		return -1;
	}
	if (src.pos == src.len) {
		if (src.eio && !src.eio_done) {
			src.eio_done = 1;
			errno = EIO;
			return -1;
		}
		return 0;
	}
	switch (fz_rand(&src.seed) % 8) {
	case 0:
		k = n;
		break;
	case 1:
		k = 1 + fz_rand(&src.seed) % 70000;
		break;
	default:
		k = 1 + fz_rand(&src.seed) % 97;
		break;
	}
	if (k > n)
		k = n;
	if (k > src.len - src.pos)
		k = src.len - src.pos;
	memcpy(buf, src.p + src.pos, k);
	src.pos += k;
	return (ssize_t)k;
}

/* Read one stream p[0..len) through r; checks the properties. */
static void
read_stream(ts_reader *r, ts_writer *w, int mode, const uint8_t *p,
    size_t len, int eio)
{
	uint8_t delim = mode == 1 ? '\0' : '\n';
	const uint8_t *q;
	size_t n, got = 0, longest = 0;
	int rc;

	src.p = p, src.len = len, src.pos = 0;
	src.eio = eio, src.eio_done = 0;
	ts_reader_reset(r, FAKE_FD);
	r->delim = delim;
	for (;;) {
		ts_putc(w, 'x');	/* pending output to be flushed */
		if (mode == 2)
			rc = ts_reader_chunk(r, &q, &n);
		else
			rc = ts_reader_record(r, &q, &n);
		if (rc <= 0)
			break;
		FZ_CHECK(rc == 1 && n > 0 && got + n <= len);
		FZ_CHECK(memcmp(q, p + got, n) == 0);
		got += n;
		FZ_CHECK(r->offset == got);
		if (mode == 2) {
			FZ_CHECK(n <= TS_READER_SIZE);
			FZ_CHECK(r->cap == TS_READER_SIZE);
		} else {
			FZ_CHECK(memchr(q, delim, n - 1) == NULL);
			FZ_CHECK(q[n - 1] == delim || got == len);
			if (n > longest)
				longest = n;
			FZ_CHECK(r->cap <= TS_READER_SIZE || r->cap <= 3 * longest);
		}
	}
	if (eio) {
		FZ_CHECK(rc == TS_EIO && errno == EIO);
		return;
	}
	FZ_CHECK(rc == 0);
	FZ_CHECK(got == len);
	/* End of input is sticky. */
	if (mode == 2)
		FZ_CHECK(ts_reader_chunk(r, &q, &n) == 0);
	else
		FZ_CHECK(ts_reader_record(r, &q, &n) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ts_reader r;
	ts_writer w;
	uint8_t *buf;
	size_t len, reps, split, i;
	int mode, devnull;

	if (size < 4)
		return 0;
	mode = data[0] % 3;
	src.eintr = (data[0] >> 2) & 1;
	src.seed = data[1];
	reps = (data[0] & 0x80) ? 1 + data[2] % 64 : 1;
	len = (size - 4) * reps;
	FZ_CHECK((buf = malloc(len + 1)) != NULL);
	for (i = 0; i < reps; i++)
		memcpy(buf + i * (size - 4), data + 4, size - 4);
	split = len ? data[3] * len / 255 : 0;

	FZ_CHECK((devnull = open("/dev/null", O_WRONLY | O_CLOEXEC)) >= 0);
	FZ_CHECK(ts_writer_init(&w, devnull, 1 + data[2]) == 0);
	FZ_CHECK(ts_reader_init(&r, FAKE_FD, '\n', &w) == 0);
	src.flush = &w;
	src.reads = 0;
	read_stream(&r, &w, mode, buf, split, 0);
	read_stream(&r, &w, mode, buf + split, len - split,
	    (data[0] >> 3) & 1);
	ts_reader_free(&r);
	FZ_CHECK(ts_flush(&w) == 0);
	ts_writer_free(&w);
	close(devnull);
	free(buf);
	return 0;
}
