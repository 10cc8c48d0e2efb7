/* ts_buf.c - growable byte buffer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ts_buf.h"
#include "ts_err.h"

int
ts_buf_grow(ts_buf *b, size_t extra)
{
	size_t need, cap;
	uint8_t *p;

	if (extra > SIZE_MAX - b->len)
		return TS_ENOMEM;
	need = b->len + extra;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if ((p = realloc(b->p, cap)) == NULL)
		return TS_ENOMEM;
	b->p = p;
	b->cap = cap;
	return 0;
}

int
ts_buf_append(ts_buf *b, const void *p, size_t n)
{
	if (n == 0)
		return 0;
	if (ts_buf_reserve(b, n) != 0)
		return TS_ENOMEM;
	memcpy(b->p + b->len, p, n);
	b->len += n;
	return 0;
}

void
ts_buf_free(ts_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
