/* ts_ring.h - chunks of input read in order, worked on by threads, taken
 * in order.
 *
 * A ring of nslots slots.  Each worker thread takes the next free slot,
 * fills it from the input (fill, one worker at a time, so chunks are
 * read in order), then works on it (work, in parallel with the other
 * workers).  The caller takes the slots back in input order
 * (ts_ring_next), uses the result and gives the slot back
 * (ts_ring_release).  Memory is what the slots hold; nothing else grows.
 * One mutex and condition variable hand-over per chunk: chunks should be
 * large (tens of KiB or more). */
#ifndef TS_RING_H
#define TS_RING_H

#include <pthread.h>
#include <stddef.h>

#define TS_RING_MAXSLOTS	8
#define TS_RING_MAXWORKERS	4

/* Fill slot with the next chunk of input; 1 if it was the last (end of
 * input or an error, which the slot records), else 0. */
typedef int	(*ts_ring_fill)(void *arg, unsigned slot);
/* Work on a filled slot; worker is 0..nthreads, nthreads being the
 * caller (for per-thread state). */
typedef void	(*ts_ring_work)(void *arg, unsigned worker, unsigned slot);

typedef struct {
	ts_ring_fill	 fill;
	ts_ring_work	 work;
	void		*arg;
	unsigned	 nslots, nthreads;
	pthread_t	 thread[TS_RING_MAXWORKERS];
	pthread_mutex_t	 mu;		/* the ring state below */
	pthread_mutex_t	 rd;		/* one fill at a time, in order */
	pthread_cond_t	 ready_cv, free_cv;
	/* Under mu: slots head, head + 1, ... (mod nslots), nclaimed of
	 * them, are taken by workers in input order; ready[s] once worked
	 * on.  eof: the last chunk is claimed. */
	unsigned	 head, nclaimed;
	unsigned char	 ready[TS_RING_MAXSLOTS];
	int		 eof, stop;
	struct ts_ring_worker {
		void	*ring;
		unsigned index;
	} w[TS_RING_MAXWORKERS];
} ts_ring;

/* Start nworkers threads (1..TS_RING_MAXWORKERS) over nslots slots
 * (nworkers..TS_RING_MAXSLOTS).  The caller, rather than wait in
 * ts_ring_next() for the chunk it wants, fills and works on the next
 * one itself as worker number r->nthreads (the threads that started
 * are 0..r->nthreads-1): one thread fewer for the same cores, and
 * nobody idle.  0, or -1 when no thread could start (nothing runs; do
 * the work the usual way). */
int	ts_ring_start(ts_ring *r, unsigned nworkers, unsigned nslots,
	    ts_ring_fill fill, ts_ring_work work, void *arg);
/* The next slot in input order, once worked on: 1 and *slot, or 0 after
 * the last chunk. */
int	ts_ring_next(ts_ring *r, unsigned *slot);
/* Give back the slot ts_ring_next returned. */
void	ts_ring_release(ts_ring *r);
/* Stop the workers (what they fill or work on now is finished first) and
 * wait for them.  At any point after ts_ring_start. */
void	ts_ring_stop(ts_ring *r);

/* How many workers are worth starting on this machine: the number of
 * processors this process may run on, at most max; 1 means "do not
 * bother". */
unsigned ts_ring_cpus(unsigned max);

#endif
