/* ts_reader.c - buffered record and chunk input over read(2). */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_err.h"
#include "ts_reader.h"

ssize_t
ts_read(int fd, void *p, size_t n)
{
	ssize_t got;

	for (;;) {
		if ((got = read(fd, p, n)) >= 0)
			return got;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			struct pollfd pfd = { fd, POLLIN, 0 };

			if (poll(&pfd, 1, -1) >= 0 || errno == EINTR)
				continue;
		}
		return -1;
	}
}

int
ts_reader_init(ts_reader *r, int fd, uint8_t delim, ts_writer *flush)
{
	memset(r, 0, sizeof *r);
	r->fd = fd;
	r->delim = delim;
	r->flush = flush;
	r->cap = TS_READER_SIZE;
	if ((r->buf = malloc(r->cap)) == NULL)
		return TS_ENOMEM;
	return 0;
}

void
ts_reader_reset(ts_reader *r, int fd)
{
	r->fd = fd;
	r->eof = 0;
	r->start = r->end = r->scanned = 0;
	r->offset = 0;
}

void
ts_reader_free(ts_reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

/* Read more after buf[end], first moving unconsumed bytes to the front
 * and growing the buffer if it is full.  Returns bytes read, 0 at EOF. */
static ssize_t
fill(ts_reader *r)
{
	size_t keep = r->end - r->start;
	ssize_t n;
	uint8_t *p;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, keep);
		r->scanned -= r->start;
		r->start = 0;
		r->end = keep;
	}
	if (r->cap - r->end < r->cap / 4) {	/* a long record: grow */
		if (r->cap > SIZE_MAX / 2 || (p = realloc(r->buf, r->cap * 2)) == NULL)
			return TS_ENOMEM;
		r->buf = p;
		r->cap *= 2;
	}
	/* Whoever waits for our output gets it before we wait for input.
	 * A failed flush is not a read error: it stays in the writer
	 * (sticky), and the caller meets it at its next write or at
	 * ts_finish as "write error" (flush_error_not_read_error in
	 * tests/reliability.bats and test_reader_fault). */
	if (r->flush != NULL)
		(void)ts_flush(r->flush);
	n = ts_read(r->fd, r->buf + r->end, r->cap - r->end);
	if (n < 0)
		return TS_EIO;
	if (n == 0)
		r->eof = 1;
	r->end += (size_t)n;
	return n;
}

int
ts_reader_record(ts_reader *r, const uint8_t **rec, size_t *len)
{
	uint8_t *hit;
	size_t n;
	ssize_t got;

	for (;;) {
		hit = memchr(r->buf + r->scanned, r->delim, r->end - r->scanned);
		if (hit != NULL) {
			n = (size_t)(hit - (r->buf + r->start)) + 1;
			break;
		}
		r->scanned = r->end;
		if (r->eof) {
			n = r->end - r->start;
			if (n == 0)
				return 0;
			break;
		}
		if ((got = fill(r)) < 0)
			return (int)got;
	}
	*rec = r->buf + r->start;
	*len = n;
	r->start += n;
	r->scanned = r->start;
	r->offset += n;
	return 1;
}

int
ts_reader_chunk(ts_reader *r, const uint8_t **p, size_t *len)
{
	ssize_t got;

	if (r->start == r->end) {
		if (r->eof)
			return 0;
		r->start = r->end = r->scanned = 0;
		if ((got = fill(r)) < 0)
			return (int)got;
		if (got == 0)
			return 0;
	}
	*p = r->buf + r->start;
	*len = r->end - r->start;
	r->offset += *len;
	r->start = r->end = r->scanned = 0;
	return 1;
}
