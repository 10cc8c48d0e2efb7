/* ts_batch.c - records in batches straight from the reader's chunks. */
#include <string.h>

#include "ts_batch.h"
#include "ts_err.h"

void
ts_batch_init(ts_batch *b, ts_reader *r)
{
	ts_buf carry = b->carry;	/* keep the buffer across inputs */

	memset(b, 0, sizeof *b);
	b->r = r;
	b->carry = carry;
	b->carry.len = 0;
}

void
ts_batch_free(ts_batch *b)
{
	ts_buf_free(&b->carry);
}

int
ts_batch_next(ts_batch *b, ts_record *recs, size_t max)
{
	const uint8_t *q;
	size_t n = 0, k;
	int rc;

	if (b->carry_out) {
		b->carry.len = 0;
		b->carry_out = 0;
	}
	while (n < max) {
		if (b->len == 0) {
			if (n > 0)	/* hand these out before reading */
				return (int)n;
			rc = ts_reader_chunk(b->r, &b->p, &b->len);
			if (rc < 0)
				return rc;
			if (rc == 0) {
				if (b->carry.len == 0)
					return 0;
				recs[0].p = b->carry.p;	/* no delimiter */
				recs[0].len = b->carry.len;
				b->carry_out = 1;
				return 1;
			}
		}
		q = memchr(b->p, b->r->delim, b->len);
		k = q == NULL ? b->len : (size_t)(q - b->p) + 1;
		if (q == NULL) {	/* the start of a record */
			if (b->carry_out)	/* carry is in this batch */
				return (int)n;
			if (ts_buf_append(&b->carry, b->p, k) != 0)
				return TS_ENOMEM;
			b->p += k, b->len -= k;
			continue;
		}
		if (b->carry.len > 0 && !b->carry_out) {	/* its end */
			if (ts_buf_append(&b->carry, b->p, k) != 0)
				return TS_ENOMEM;
			b->p += k, b->len -= k;
			recs[n].p = b->carry.p;
			recs[n++].len = b->carry.len;
			b->carry_out = 1;
			continue;
		}
		recs[n].p = b->p;
		recs[n++].len = k;
		b->p += k, b->len -= k;
	}
	return (int)n;
}
