/* ts_ring.c - ordered work on threads (see ts_ring.h). */
#ifdef __linux__
#define _GNU_SOURCE	/* sched_getaffinity, CPU_COUNT */
#include <sched.h>
#endif
#include <string.h>
#include <unistd.h>

#include "ts_ring.h"

/* With rd and mu held and a slot free: take the next slot and fill it
 * (mu is let go meanwhile, so the caller can take chunks back).
 * Returns it, with neither lock held. */
static unsigned
claim_fill(ts_ring *r)
{
	unsigned slot = (r->head + r->nclaimed) % r->nslots;
	int last;

	r->nclaimed++;
	r->ready[slot] = 0;
	pthread_mutex_unlock(&r->mu);
	last = r->fill(r->arg, slot);
	if (last) {
		pthread_mutex_lock(&r->mu);
		r->eof = 1;
		pthread_mutex_unlock(&r->mu);
	}
	pthread_mutex_unlock(&r->rd);
	return slot;
}

static void *
worker(void *arg)
{
	struct ts_ring_worker *w = arg;
	ts_ring *r = w->ring;
	unsigned slot;

	for (;;) {
		/* Claim a slot and fill it as one step under rd, so slots
		 * are claimed and filled in input order. */
		pthread_mutex_lock(&r->rd);
		pthread_mutex_lock(&r->mu);
		while (!r->stop && !r->eof && r->nclaimed == r->nslots)
			pthread_cond_wait(&r->free_cv, &r->mu);
		if (r->stop || r->eof) {
			pthread_mutex_unlock(&r->mu);
			pthread_mutex_unlock(&r->rd);
			break;
		}
		slot = claim_fill(r);
		r->work(r->arg, w->index, slot);
		pthread_mutex_lock(&r->mu);
		r->ready[slot] = 1;
		pthread_cond_signal(&r->ready_cv);
		pthread_mutex_unlock(&r->mu);
	}
	return NULL;
}

int
ts_ring_start(ts_ring *r, unsigned nworkers, unsigned nslots,
    ts_ring_fill fill, ts_ring_work work, void *arg)
{
	unsigned i;

	if (nworkers < 1)
		nworkers = 1;
	if (nworkers > TS_RING_MAXWORKERS)
		nworkers = TS_RING_MAXWORKERS;
	if (nslots < nworkers)
		nslots = nworkers;
	if (nslots > TS_RING_MAXSLOTS)
		nslots = TS_RING_MAXSLOTS;
	memset(r, 0, sizeof *r);
	r->fill = fill;
	r->work = work;
	r->arg = arg;
	r->nslots = nslots;
	if (pthread_mutex_init(&r->mu, NULL) != 0)
		return -1;
	if (pthread_mutex_init(&r->rd, NULL) != 0)
		goto fail_rd;
	if (pthread_cond_init(&r->ready_cv, NULL) != 0)
		goto fail_ready;
	if (pthread_cond_init(&r->free_cv, NULL) != 0)
		goto fail_free;
	for (i = 0; i < nworkers; i++) {
		r->w[i].ring = r;
		r->w[i].index = i;
		if (pthread_create(&r->thread[i], NULL, worker, &r->w[i]) != 0)
			break;
		r->nthreads++;
	}
	if (r->nthreads > 0)
		return 0;
	pthread_cond_destroy(&r->free_cv);
fail_free:
	pthread_cond_destroy(&r->ready_cv);
fail_ready:
	pthread_mutex_destroy(&r->rd);
fail_rd:
	pthread_mutex_destroy(&r->mu);
	return -1;
}

/* The caller, instead of waiting for the head chunk: take the next
 * free slot, fill it and work on it as worker number nthreads.  With mu
 * held; returns with it held.  0 if it could not (the ring is full, the
 * input is all claimed, or a worker is filling). */
static int
help(ts_ring *r)
{
	unsigned slot;

	if (r->stop || r->eof || r->nclaimed == r->nslots ||
	    pthread_mutex_trylock(&r->rd) != 0)	/* (order: rd, then mu) */
		return 0;
	slot = claim_fill(r);
	r->work(r->arg, r->nthreads, slot);
	pthread_mutex_lock(&r->mu);
	r->ready[slot] = 1;
	return 1;
}

int
ts_ring_next(ts_ring *r, unsigned *slot)
{
	int got;

	pthread_mutex_lock(&r->mu);
	for (;;) {
		if (r->nclaimed > 0 && r->ready[r->head]) {
			*slot = r->head;
			got = 1;
			break;
		}
		if (r->nclaimed == 0 && r->eof) {
			got = 0;
			break;
		}
		if (help(r))
			continue;
		pthread_cond_wait(&r->ready_cv, &r->mu);
	}
	pthread_mutex_unlock(&r->mu);
	return got;
}

void
ts_ring_release(ts_ring *r)
{
	pthread_mutex_lock(&r->mu);
	r->ready[r->head] = 0;
	r->head = (r->head + 1) % r->nslots;
	r->nclaimed--;
	pthread_cond_signal(&r->free_cv);
	pthread_mutex_unlock(&r->mu);
}

void
ts_ring_stop(ts_ring *r)
{
	unsigned i;

	pthread_mutex_lock(&r->mu);
	r->stop = 1;
	pthread_cond_broadcast(&r->free_cv);
	pthread_mutex_unlock(&r->mu);
	for (i = 0; i < r->nthreads; i++)
		pthread_join(r->thread[i], NULL);
	r->nthreads = 0;
	pthread_cond_destroy(&r->free_cv);
	pthread_cond_destroy(&r->ready_cv);
	pthread_mutex_destroy(&r->rd);
	pthread_mutex_destroy(&r->mu);
}

unsigned
ts_ring_cpus(unsigned max)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
#ifdef __linux__
	cpu_set_t set;

	/* The processors we may run on (taskset, cpusets), if fewer. */
	if (sched_getaffinity(0, sizeof set, &set) == 0 &&
	    CPU_COUNT(&set) < n)
		n = CPU_COUNT(&set);
#endif

	if (n < 1)
		return 1;
	return (unsigned long)n < max ? (unsigned)n : max;
}
