/* ts_writer.h - one buffered, checked writer per output.
 *
 * Errors are sticky: after a failed write every call returns TS_EIO and
 * w->err keeps the errno of the first failure. */
#ifndef TS_WRITER_H
#define TS_WRITER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define TS_WRITER_SIZE (64 * 1024)

typedef struct {
	int	 fd;
	int	 err;		/* errno of the first failure, or 0 */
	uint8_t	*buf;
	size_t	 len;
	size_t	 cap;
} ts_writer;

/* 0 or TS_ENOMEM. */
int	ts_writer_init(ts_writer *w, int fd, size_t cap);
/* Write out everything buffered: 0 or TS_EIO (errno set). */
int	ts_flush(ts_writer *w);
/* Slow path of ts_write: flush, then buffer or write through. */
int	ts_write_slow(ts_writer *w, const void *p, size_t n);
void	ts_writer_free(ts_writer *w);

static inline int
ts_write(ts_writer *w, const void *p, size_t n)
{
	if (n <= w->cap - w->len) {
		memcpy(w->buf + w->len, p, n);
		w->len += n;
		return 0;
	}
	return ts_write_slow(w, p, n);
}

static inline int
ts_putc(ts_writer *w, uint8_t c)
{
	if (w->len < w->cap) {
		w->buf[w->len++] = c;
		return 0;
	}
	return ts_write_slow(w, &c, 1);
}

static inline int
ts_puts(ts_writer *w, const char *s)
{
	return ts_write(w, s, strlen(s));
}

/* Decimal representation of an unsigned number. */
int	ts_put_u64(ts_writer *w, uint64_t v);

#endif
