/* ts_lanes.c - lanes that each look up one part of the keys (see
 * ts_lanes.h). */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "ts_err.h"
#include "ts_lanes.h"

#define NONE	SIZE_MAX	/* no lookup failed */
#define EMIT_FAILED 1		/* err: pp->emit failed (not a TS_E*) */

typedef struct {
	ts_prep		*pp;
	ts_dedupe	*d;
	unsigned	 nlanes;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	/* The rest under mu.  Chunk c is in slot c % TS_PREP_NBUF; chunks
	 * written .. filled-1 hold their slots. */
	uint64_t	 filled, written;
	uint64_t	 total;		/* chunks in all, once the last is read */
	uint64_t	 at[TS_DEDUPE_MAXPARTS];	/* each lane's next chunk */
	unsigned char	 keyed[TS_PREP_NBUF], ndone[TS_PREP_NBUF];
	size_t		 failed[TS_PREP_NBUF];	/* first failed lookup */
	int		 filling;	/* a lane reads a chunk */
	int		 go, stop;
	int		 err, err_errno;	/* what stopped the run */
	ts_lanes_count	 count;		/* by the lane that writes */
} lanes;

/* Write the new records of b, up to the record a lookup failed on if
 * one did, and count them.  0, or the error that ends the run. */
static int
write_chunk(lanes *l, const ts_prep_buf *b, size_t failed)
{
	ts_prep *pp = l->pp;
	const ts_prep_rec *r = b->recs;
	const uint8_t *run = NULL, *end = NULL;
	size_t i, n = failed < b->nrec ? failed : b->nrec;
	int rc = atomic_load(&pp->emit_err);

	for (i = 0; i < n; i++) {
		l->count.bytes_read += r[i].len;
		if (r[i].verdict == TS_SEEN)
			continue;
		l->count.lines_written++;
		if (r[i].p != end) {	/* not the next record: a new run */
			if (run != NULL && rc == 0)
				rc = pp->emit(pp->emit_arg, run,
				    (size_t)(end - run));
			run = r[i].p;
		}
		end = r[i].p + r[i].len;
	}
	l->count.lines_read += n;
	if (run != NULL && rc == 0)
		rc = pp->emit(pp->emit_arg, run, (size_t)(end - run));
	if (rc != 0) {
		atomic_store(&pp->emit_err, rc);
		return EMIT_FAILED;
	}
	if (failed != NONE)
		return TS_ENOMEM;
	l->err_errno = b->err_errno;
	return b->err;
}

/* Lane p's lookups in chunk c (slot s), and the chunk's writing if p is
 * the last lane done with it.  Called and returns with mu held. */
static void
look_up(lanes *l, unsigned p, unsigned s)
{
	ts_prep_buf *b = &l->pp->buf[s];
	size_t failed = NONE;
	int rc;

	pthread_mutex_unlock(&l->mu);
	/* (no records: order may still be NULL, not a base for + 0) */
	rc = b->nrec == 0 ? 0 : ts_dedupe_decide_part(l->d, b->recs,
	    b->order + b->part_at[p], b->part_at[p + 1] - b->part_at[p], p,
	    &failed);
	pthread_mutex_lock(&l->mu);
	if (rc != 0 && failed == NONE)
		failed = 0;	/* (not expected) */
	if (failed < l->failed[s])
		l->failed[s] = failed;
	l->at[p]++;
	if (++l->ndone[s] < l->nlanes)
		return;
	/* The others are done with this chunk and every one before it is
	 * written: no lane can write until this one is back. */
	failed = l->failed[s];
	pthread_mutex_unlock(&l->mu);
	rc = write_chunk(l, b, failed);
	pthread_mutex_lock(&l->mu);
	l->written++;
	if (rc != 0) {
		l->err = rc;
		l->stop = 1;
	}
	pthread_cond_broadcast(&l->cv);
}

/* Read the next chunk and key it, as lane p.  Called and returns with mu
 * held. */
static void
fill_and_key(lanes *l, unsigned p)
{
	uint64_t c = l->filled++;
	unsigned s = (unsigned)(c % TS_PREP_NBUF);
	ts_prep_buf *b = &l->pp->buf[s];
	int last;

	l->keyed[s] = l->ndone[s] = 0;
	l->failed[s] = NONE;
	l->filling = 1;
	pthread_mutex_unlock(&l->mu);
	last = ts_prep_fill_buf(l->pp, b);
	pthread_mutex_lock(&l->mu);
	l->filling = 0;
	if (last)
		l->total = c + 1;
	pthread_cond_broadcast(&l->cv);		/* the next may be read */
	pthread_mutex_unlock(&l->mu);
	ts_prep_key_buf(l->pp, p, b);
	pthread_mutex_lock(&l->mu);
	l->keyed[s] = 1;
	pthread_cond_broadcast(&l->cv);
}

/* Lane p: its lookups when their chunk is keyed, else the next chunk
 * to read and key, else wait. */
static void
lane(lanes *l, unsigned p)
{
	uint64_t c;
	unsigned s;

	pthread_mutex_lock(&l->mu);
	while (!l->go)
		pthread_cond_wait(&l->cv, &l->mu);
	while (!l->stop && (c = l->at[p]) < l->total) {
		s = (unsigned)(c % TS_PREP_NBUF);
		if (c < l->filled && l->keyed[s])
			look_up(l, p, s);
		else if (!l->filling && l->filled < l->total &&
		    l->filled - l->written < TS_PREP_NBUF)
			fill_and_key(l, p);
		else
			pthread_cond_wait(&l->cv, &l->mu);
	}
	pthread_mutex_unlock(&l->mu);
}

struct lane_arg {
	lanes		*l;
	unsigned	 p;
};

static void *
lane_main(void *arg)
{
	struct lane_arg *a = arg;

	lane(a->l, a->p);
	return NULL;
}

int
ts_lanes_run(ts_prep *pp, ts_dedupe *d, int fd, ts_lanes_count *count)
{
	lanes l;
	pthread_t t[TS_DEDUPE_MAXPARTS];
	struct lane_arg a[TS_DEDUPE_MAXPARTS];
	unsigned i, n = d->nparts, started = 1;

	if (n < 1 || n > TS_DEDUPE_MAXPARTS || d->tally != NULL)
		return TS_EINVAL;
	if (ts_prep_setup(pp, d, fd, n - 1) != 0)
		return TS_ENOMEM;
	pp->by_part = 1;
	memset(&l, 0, sizeof l);
	l.pp = pp;
	l.d = d;
	l.nlanes = n;
	l.total = UINT64_MAX;
	if (pthread_mutex_init(&l.mu, NULL) != 0)
		return 1;
	if (pthread_cond_init(&l.cv, NULL) != 0) {
		pthread_mutex_destroy(&l.mu);
		return 1;
	}
	/* Lanes 1.. start held (go), so that nothing is read unless all
	 * of them run: each part needs its lane. */
	for (; started < n; started++) {
		a[started].l = &l;
		a[started].p = started;
		if (pthread_create(&t[started], NULL, lane_main,
		    &a[started]) != 0)
			break;
	}
	pthread_mutex_lock(&l.mu);
	l.stop = started < n;
	l.go = 1;
	pthread_cond_broadcast(&l.cv);
	pthread_mutex_unlock(&l.mu);
	if (started == n)
		lane(&l, 0);
	for (i = 1; i < started; i++)
		pthread_join(t[i], NULL);
	pthread_cond_destroy(&l.cv);
	pthread_mutex_destroy(&l.mu);
	if (started < n)
		return 1;
	count->lines_read += l.count.lines_read;
	count->bytes_read += l.count.bytes_read;
	count->lines_written += l.count.lines_written;
	errno = l.err_errno;
	return l.err == EMIT_FAILED ? 0 : l.err;
}
