/* ts_batch.h - records in batches, for pipelined processing.
 *
 * ts_reader_record() hands out one record at a time, valid until the
 * next call.  A batch holds up to max records that are all valid until
 * the next ts_batch_next(), so a caller can start work on all of them
 * (hash, prefetch) before finishing any.  Records are taken from the
 * reader's chunks without copying; only a record that spans two chunks
 * is assembled in a buffer.  A batch never waits for input once it has
 * a record, so streaming use is unchanged: whatever has arrived is
 * handed out before the next read (which flushes the reader's writer). */
#ifndef TS_BATCH_H
#define TS_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "ts_buf.h"
#include "ts_reader.h"

typedef struct {
	const uint8_t	*p;
	size_t		 len;		/* delimiter included, if any */
} ts_record;

typedef struct {
	ts_reader	*r;
	ts_buf		 carry;		/* a record across chunks */
	int		 carry_out;	/* carry was handed out: clear it */
	const uint8_t	*p;		/* rest of the current chunk */
	size_t		 len;
} ts_batch;

/* Start on the reader (after ts_reader_reset() for each input). */
void	ts_batch_init(ts_batch *b, ts_reader *r);
void	ts_batch_free(ts_batch *b);

/* Up to max records in recs.  Returns their number, 0 at end of input,
 * or TS_EIO / TS_EWRITE / TS_ENOMEM. */
int	ts_batch_next(ts_batch *b, ts_record *recs, size_t max);

#endif
