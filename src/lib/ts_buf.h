/* ts_buf.h - a growable byte buffer.  Contents are bytes, not a C string. */
#ifndef TS_BUF_H
#define TS_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint8_t	*p;
	size_t	 len;
	size_t	 cap;
} ts_buf;

#define TS_BUF_INIT { NULL, 0, 0 }

/* Make room for extra more bytes; 0 or TS_ENOMEM.  Inline: hot loops
 * reserve before every write, and the room is nearly always there. */
int	ts_buf_grow(ts_buf *b, size_t extra);

static inline int
ts_buf_reserve(ts_buf *b, size_t extra)
{
	return extra <= b->cap - b->len ? 0 : ts_buf_grow(b, extra);
}
int	ts_buf_append(ts_buf *b, const void *p, size_t n);
void	ts_buf_free(ts_buf *b);

static inline int
ts_buf_putc(ts_buf *b, uint8_t c)
{
	if (b->len == b->cap && ts_buf_reserve(b, 1) != 0)
		return -1;
	b->p[b->len++] = c;
	return 0;
}

#endif
