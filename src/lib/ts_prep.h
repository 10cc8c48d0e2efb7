/* ts_prep.h - records of a regular file, keyed and hashed on threads.
 *
 * dedupe-lines spends about a third of its time on work that does not
 * need the set: reading, finding line ends, making, packing and hashing
 * keys (ts_dedupe_prepare).  On a regular file (where a read never waits
 * on a writer), a producer thread does that work a chunk ahead while the
 * caller looks the keys up (ts_dedupe_decide), the way sort(1) uses a
 * second core; the producer also writes the lines the caller decided to
 * keep (ts_prep_write), as the lookups set the pace.  Order and output are unchanged: the
 * caller gets the records in order, each first occurrence is written as
 * it is decided.  Chunks go through a ring of TS_PREP_NBUF buffers
 * (ts_ring: a few hundred hand-overs per 100 MB); memory stays bounded
 * (a chunk grows only for a record longer than it).  The caller helps
 * (ts_ring) when it would wait for a chunk: with -i or --normalize,
 * making keys costs more than looking them up.  Each thread that makes
 * keys has its own ts_key. */
#ifndef TS_PREP_H
#define TS_PREP_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "ts_buf.h"
#include "ts_dedupe.h"
#include "ts_ring.h"

#define TS_PREP_NBUF	4
#define TS_PREP_CHUNK	(64 * 1024)

/* Bytes of a chunk to write out: data[off..off + len). */
typedef struct {
	size_t		 off, len;
} ts_prep_run;

typedef struct {
	uint8_t		*data;		/* the chunk's records, in order */
	size_t		 len, cap;
	ts_prep_rec	*recs;
	size_t		 nrec, reccap;
	/* With by_part: the indices of part i's records, in order, are
	 * order[part_at[i] .. part_at[i + 1]). */
	uint32_t	*order;
	size_t		 ordercap;
	size_t		 part_at[TS_DEDUPE_MAXPARTS + 1];
	ts_buf		 keys;		/* keys that are not slices of data */
	int		 err, err_errno;	/* after these records: TS_E* */
	int		 last;		/* end of input after these */
	/* Left by the consumer (ts_prep_write), written by a producer
	 * before it fills the buffer again, or by ts_prep_finish. */
	ts_prep_run	*runs;
	size_t		 nruns, runcap;
	uint64_t	 seq;		/* chunk number, for that order */
} ts_prep_buf;

/* A producer's own key state (ts_key keeps buffers and a cache). */
struct ts_prep_worker {
	ts_dedupe	 d;		/* *the* d, but with key below */
	ts_key		 key;
	int		 cloned;
};

typedef struct {
	ts_dedupe	*d;
	int		 fd;
	ts_ring		 ring;
	int		 started;
	unsigned	 cur;		/* the slot the consumer holds */
	int		 done;		/* consumer: the last chunk was out */
	ts_prep_buf	 buf[TS_PREP_NBUF];
	struct ts_prep_worker w[TS_RING_MAXWORKERS + 1];	/* + the caller */
	ts_buf		 carry;		/* fill: the start of a record */
	int		 by_part;	/* key: list the records by part */
	uint64_t	 seq;		/* fill: chunks so far */
	/* Where the runs go (ts_prep_write), one call at a time, in order;
	 * nonzero stops: emit_err keeps it and no more is written. */
	int		(*emit)(void *arg, const uint8_t *p, size_t len);
	void		*emit_arg;
	atomic_int	 emit_err;
} ts_prep;

/* Start nworkers producers (1..TS_RING_MAXWORKERS; the caller helps
 * them while it would wait, see ts_ring.h) on fd (a regular file) for d's
 * key and set; pp is zeroed or was used before (ts_prep_finish).  0, or
 * TS_ENOMEM (nothing started: read the file the usual way). */
int	ts_prep_start(ts_prep *pp, ts_dedupe *d, int fd, unsigned nworkers);

/* The next chunk, in order: *out points to it until ts_prep_release().
 * Returns 1, or 0 when the input is done (after the chunk that said
 * last).  A chunk may have no records and an error (err, with the
 * errno to report it with). */
int	ts_prep_next(ts_prep *pp, ts_prep_buf **out);
void	ts_prep_release(ts_prep *pp);

/* With pp->emit set before ts_prep_start: instead of writing the chunk
 * it holds, the consumer leaves b->data[off..off + len) to be written
 * (a run of records, appended to the last if it follows on), and the
 * producer writes it before it reads into b again, in chunk order; the
 * runs left at the end are written by ts_prep_finish().  That moves
 * the copying out of the thread that looks keys up, which is the one
 * that sets the pace.  0 or TS_ENOMEM.  A failed emit shows in
 * pp->emit_err (atomic_load). */
int	ts_prep_write(ts_prep *pp, ts_prep_buf *b, size_t off, size_t len);

/* Stop the producer (at any time) and wait for it, then write the runs
 * still waiting (unless an emit failed); the buffers stay for the next
 * file.  ts_prep_free() frees them (after finish, or on a
 * zeroed ts_prep). */
void	ts_prep_finish(ts_prep *pp);
void	ts_prep_free(ts_prep *pp);

/* The steps, for other schedules (ts_lanes).  Setup: as ts_prep_start
 * without threads; workers 1..nworkers get their own key (worker 0 uses
 * d's); set by_part after it for order and part_at.  0 or TS_ENOMEM.  Then, one at a time and in order, fill b with
 * the next chunk of records (1 if it was the last), and, any number at
 * a time, each on its own buffer, key and hash them as worker w. */
int	ts_prep_setup(ts_prep *pp, ts_dedupe *d, int fd, unsigned nworkers);
int	ts_prep_fill_buf(ts_prep *pp, ts_prep_buf *b);
void	ts_prep_key_buf(ts_prep *pp, unsigned w, ts_prep_buf *b);

#endif
