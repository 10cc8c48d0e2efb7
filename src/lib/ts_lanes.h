/* ts_lanes.h - dedupe of a regular file on threads that share the keys
 * out between them.
 *
 * With ts_prep one thread looks every key up, and that thread sets the
 * pace.  Here the keys are split over nlanes sets by their hash
 * (ts_dedupe_split), and lane p (a thread; the caller is lane 0) looks
 * up the keys of part p only, chunk after chunk in input order, so the
 * lookups run side by side and each part sees its keys in the order one
 * thread would.  A lane that has no lookup to do reads the next chunk
 * (ts_prep_fill_buf, one lane at a time, in order) and keys and hashes
 * it (ts_prep_key_buf); the lane that finishes a chunk last writes its
 * new records (pp->emit) before it goes on, which keeps the output in
 * input order and the same as one thread's.  Memory is ts_prep's
 * TS_PREP_NBUF chunks.
 *
 * For streaming without a memory bound (the sets never say TS_EFULL),
 * with no second output (--save). */
#ifndef TS_LANES_H
#define TS_LANES_H

#include <stdint.h>

#include "ts_dedupe.h"
#include "ts_prep.h"

/* What was read and written. */
typedef struct {
	uint64_t	 lines_read, bytes_read, lines_written;
} ts_lanes_count;

/* Dedupe the records of fd (a regular file) into pp->emit, with
 * d->nparts lanes (one thread each; d split, pp zeroed or used before).
 * Returns 0 (and pp->emit_err nonzero if an emit failed: it stopped
 * there); 1 when no thread could start (nothing was read: do it the
 * usual way); TS_ENOMEM; or the error of the read that failed (TS_EIO,
 * with errno) after the records before it.  *count is added to. */
int	ts_lanes_run(ts_prep *pp, ts_dedupe *d, int fd, ts_lanes_count *count);

#endif
