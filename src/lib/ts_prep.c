/* ts_prep.c - a producer thread that reads, keys and hashes records. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_err.h"
#include "ts_prep.h"

static int
grow_data(ts_prep_buf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : TS_PREP_CHUNK;
	uint8_t *p;

	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			return TS_ENOMEM;
		cap *= 2;
	}
	if (cap == b->cap)
		return 0;
	if ((p = realloc(b->data, cap)) == NULL)
		return TS_ENOMEM;
	b->data = p;
	b->cap = cap;
	return 0;
}

/* Read into b: what the last chunk left (carry), then up to a chunk of
 * complete records; the start of the next record goes back to carry. */
static int
fill_data(ts_prep *pp, ts_prep_buf *b)
{
	uint8_t delim = pp->d->delim;
	size_t end;
	ssize_t n;

	if (grow_data(b, pp->carry.len + TS_PREP_CHUNK) != 0)
		return TS_ENOMEM;
	if (pp->carry.len > 0)
		memcpy(b->data, pp->carry.p, pp->carry.len);
	b->len = pp->carry.len;
	pp->carry.len = 0;
	for (;;) {
		if (b->len == b->cap) {
			for (end = b->len; end > 0 && b->data[end - 1] != delim;
			    end--)
				;
			if (end > 0)
				break;		/* full, with a record in it */
			if (grow_data(b, b->cap + 1) != 0)	/* a long one */
				return TS_ENOMEM;
		}
		n = read(pp->fd, b->data + b->len, b->cap - b->len);
		if (n < 0 && errno == EINTR)
			continue;
		/* Non-blocking: wait (as ts_reader does; eagain_retried). */
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd pfd = { pp->fd, POLLIN, 0 };

			if (poll(&pfd, 1, -1) >= 0 || errno == EINTR)
				continue;
		}
		if (n < 0) {
			b->err = TS_EIO;
			b->err_errno = errno;
			b->last = 1;
			break;
		}
		if (n == 0) {
			b->last = 1;
			break;
		}
		b->len += (size_t)n;
	}
	if (b->last && b->err == 0)
		return 0;	/* a last record may lack its delimiter */
	for (end = b->len; end > 0 && b->data[end - 1] != delim; end--)
		;
	if (b->err == 0 && ts_buf_append(&pp->carry, b->data + end,
	    b->len - end) != 0)
		return TS_ENOMEM;
	b->len = end;	/* after an error, an unfinished record is lost */
	return 0;
}

/* Fill b: records, keys, hashes. */
static void
fill(ts_prep *pp, ts_prep_buf *b)
{
	const uint8_t *p, *q, *end;
	size_t i;
	int rc;

	b->nrec = 0;
	b->keys.len = 0;
	b->err = b->err_errno = b->last = 0;
	if ((rc = fill_data(pp, b)) != 0)
		goto fail;
	for (p = b->data, end = b->data + b->len; p < end; p = q) {
		q = memchr(p, pp->d->delim, (size_t)(end - p));
		q = q == NULL ? end : q + 1;
		if (b->nrec == b->reccap) {
			size_t ncap = b->reccap ? 2 * b->reccap : 1024;
			ts_prep_rec *r = reallocarray(b->recs, ncap, sizeof *r);

			if (r == NULL) {
				rc = TS_ENOMEM;
				goto fail;
			}
			b->recs = r;
			b->reccap = ncap;
		}
		if ((rc = ts_dedupe_prepare(pp->d, p, (size_t)(q - p), &b->keys,
		    &b->recs[b->nrec])) != 0)
			goto fail;
		b->nrec++;
	}
	for (i = 0; i < b->nrec; i++)	/* keys has stopped moving */
		if (b->recs[i].k == NULL)	/* keys.p is NULL while all */
			b->recs[i].k = b->recs[i].klen == 0 ?	/* are empty */
			    (const uint8_t *)"" : b->keys.p + b->recs[i].koff;
			    /* (empty_keys_null_prep) */
	return;
fail:
	b->nrec = 0;	/* nothing of this chunk: no key of it is known */
	b->err = rc;
	b->err_errno = 0;
	b->last = 1;
}

static void *
producer(void *arg)
{
	ts_prep *pp = arg;
	ts_prep_buf *b;
	int last;

	do {
		pthread_mutex_lock(&pp->mu);
		while (!pp->stop && pp->nfilled == TS_PREP_NBUF)
			pthread_cond_wait(&pp->free_cv, &pp->mu);
		if (pp->stop) {
			pthread_mutex_unlock(&pp->mu);
			break;
		}
		b = &pp->buf[(pp->head + pp->nfilled) % TS_PREP_NBUF];
		pthread_mutex_unlock(&pp->mu);

		fill(pp, b);	/* b is ours: not in [head, head + nfilled) */
		last = b->last;

		pthread_mutex_lock(&pp->mu);
		pp->nfilled++;
		pthread_cond_signal(&pp->filled_cv);
		pthread_mutex_unlock(&pp->mu);
	} while (!last);
	return NULL;
}

int
ts_prep_start(ts_prep *pp, ts_dedupe *d, int fd)
{
	ts_buf carry = pp->carry;	/* kept across files, like the rest */
	ts_prep_buf buf[TS_PREP_NBUF];

	memcpy(buf, pp->buf, sizeof buf);
	memset(pp, 0, sizeof *pp);
	memcpy(pp->buf, buf, sizeof buf);
	pp->carry = carry;
	pp->carry.len = 0;
	pp->d = d;
	pp->fd = fd;
	if (pthread_mutex_init(&pp->mu, NULL) != 0)
		return TS_ENOMEM;
	if (pthread_cond_init(&pp->filled_cv, NULL) != 0) {
		pthread_mutex_destroy(&pp->mu);
		return TS_ENOMEM;
	}
	if (pthread_cond_init(&pp->free_cv, NULL) != 0) {
		pthread_cond_destroy(&pp->filled_cv);
		pthread_mutex_destroy(&pp->mu);
		return TS_ENOMEM;
	}
	if (pthread_create(&pp->thread, NULL, producer, pp) != 0) {
		pthread_cond_destroy(&pp->free_cv);
		pthread_cond_destroy(&pp->filled_cv);
		pthread_mutex_destroy(&pp->mu);
		return TS_ENOMEM;
	}
	pp->started = 1;
	return 0;
}

int
ts_prep_next(ts_prep *pp, ts_prep_buf **out)
{
	if (pp->done)
		return 0;
	pthread_mutex_lock(&pp->mu);
	while (pp->nfilled == 0)
		pthread_cond_wait(&pp->filled_cv, &pp->mu);
	*out = &pp->buf[pp->head];
	pthread_mutex_unlock(&pp->mu);
	pp->done = (*out)->last;
	return 1;
}

void
ts_prep_release(ts_prep *pp)
{
	pthread_mutex_lock(&pp->mu);
	pp->head = (pp->head + 1) % TS_PREP_NBUF;
	pp->nfilled--;
	pthread_cond_signal(&pp->free_cv);
	pthread_mutex_unlock(&pp->mu);
}

void
ts_prep_finish(ts_prep *pp)
{
	if (pp->started) {
		pthread_mutex_lock(&pp->mu);
		pp->stop = 1;
		pthread_cond_signal(&pp->free_cv);
		pthread_mutex_unlock(&pp->mu);
		pthread_join(pp->thread, NULL);
		pthread_cond_destroy(&pp->free_cv);
		pthread_cond_destroy(&pp->filled_cv);
		pthread_mutex_destroy(&pp->mu);
		pp->started = 0;
	}
}

void
ts_prep_free(ts_prep *pp)
{
	size_t i;

	ts_prep_finish(pp);
	for (i = 0; i < TS_PREP_NBUF; i++) {
		free(pp->buf[i].data);
		free(pp->buf[i].recs);
		ts_buf_free(&pp->buf[i].keys);
	}
	ts_buf_free(&pp->carry);
	memset(pp, 0, sizeof *pp);
}
