/* ts_writer.c - buffered checked output over write(2). */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include "ts_err.h"
#include "ts_writer.h"

int
ts_writer_init(ts_writer *w, int fd, size_t cap)
{
	w->fd = fd;
	w->err = 0;
	w->len = 0;
	w->cap = cap ? cap : TS_WRITER_SIZE;
	if ((w->buf = malloc(w->cap)) == NULL) {
		w->cap = 0;
		return TS_ENOMEM;
	}
	return 0;
}

static int
write_all(ts_writer *w, const uint8_t *p, size_t n)
{
	ssize_t r;

	while (n > 0) {
		r = write(w->fd, p, n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			/* A non-blocking stdout (inherited from a parent that
			 * set O_NONBLOCK on a shared pipe): wait, don't fail
			 * (eagain_retried in tests/reliability.bats). */
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				struct pollfd pfd = { w->fd, POLLOUT, 0 };

				if (poll(&pfd, 1, -1) >= 0 || errno == EINTR)
					continue;
			}
			w->err = errno;
			return TS_EIO;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int
ts_flush(ts_writer *w)
{
	size_t n = w->len;

	if (w->err) {
		errno = w->err;
		return TS_EIO;
	}
	w->len = 0;
	return n ? write_all(w, w->buf, n) : 0;
}

int
ts_write_slow(ts_writer *w, const void *p, size_t n)
{
	if (ts_flush(w) != 0)
		return TS_EIO;
	if (n >= w->cap)
		return write_all(w, p, n);
	memcpy(w->buf, p, n);
	w->len = n;
	return 0;
}

int
ts_put_u64(ts_writer *w, uint64_t v)
{
	char tmp[20];
	size_t i = sizeof tmp;

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return ts_write(w, tmp + i, sizeof tmp - i);
}

void
ts_writer_free(ts_writer *w)
{
	free(w->buf);
	w->buf = NULL;
	w->cap = w->len = 0;
}
