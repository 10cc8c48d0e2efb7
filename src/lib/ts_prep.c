/* ts_prep.c - producer threads that read, key and hash records. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_err.h"
#include "ts_prep.h"
#include "ts_reader.h"

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
		n = ts_read(pp->fd, b->data + b->len, b->cap - b->len);
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

/* What the consumer left in b to write, out (one thread at a time). */
static void
write_runs(ts_prep *pp, ts_prep_buf *b)
{
	size_t j;
	int rc = atomic_load(&pp->emit_err);

	for (j = 0; rc == 0 && j < b->nruns; j++)
		rc = pp->emit(pp->emit_arg, b->data + b->runs[j].off,
		    b->runs[j].len);
	if (rc != 0 && atomic_load(&pp->emit_err) == 0)
		atomic_store(&pp->emit_err, rc);
	b->nruns = 0;
}

int
ts_prep_write(ts_prep *pp, ts_prep_buf *b, size_t off, size_t len)
{
	ts_prep_run *r;

	if (b->nruns > 0) {
		r = &b->runs[b->nruns - 1];
		if (r->off + r->len == off) {	/* the next record */
			r->len += len;
			return 0;
		}
	}
	if (b->nruns == b->runcap) {
		size_t ncap = b->runcap ? 2 * b->runcap : 256;

		if ((r = reallocarray(b->runs, ncap, sizeof *r)) == NULL)
			return TS_ENOMEM;
		b->runs = r;
		b->runcap = ncap;
	}
	b->runs[b->nruns].off = off;
	b->runs[b->nruns++].len = len;
	return 0;
}

int
ts_prep_fill_buf(ts_prep *pp, ts_prep_buf *b)
{
	int rc;

	b->seq = pp->seq++;
	b->nrec = 0;
	b->keys.len = 0;
	b->len = 0;
	b->err = b->err_errno = b->last = 0;
	if ((rc = fill_data(pp, b)) != 0) {
		b->len = 0;	/* nothing of this chunk: no key is known */
		b->err = rc;
		b->last = 1;
	}
	return b->last;
}

/* fill (ts_ring): the next chunk of records into slot i, in order. */
static int
fill(void *arg, unsigned i)
{
	ts_prep *pp = arg;

	write_runs(pp, &pp->buf[i]);
	return ts_prep_fill_buf(pp, &pp->buf[i]);
}

/* b->order: the records of each part, in order (counting sort). */
static int
sort_parts(const ts_dedupe *d, ts_prep_buf *b)
{
	uint64_t mask = d->nparts - 1;
	size_t at[TS_DEDUPE_MAXPARTS] = { 0 }, j;
	unsigned i;

	if (b->nrec > b->ordercap) {
		uint32_t *o = reallocarray(b->order, b->reccap, sizeof *o);

		if (o == NULL)
			return TS_ENOMEM;
		b->order = o;
		b->ordercap = b->reccap;
	}
	for (j = 0; j < b->nrec; j++)
		at[b->recs[j].h.tag & mask]++;
	for (i = 0, j = 0; i < d->nparts; i++) {
		b->part_at[i] = j;
		j += at[i];
		at[i] = b->part_at[i];
	}
	b->part_at[d->nparts] = j;
	for (j = 0; j < b->nrec; j++)
		b->order[at[b->recs[j].h.tag & mask]++] = (uint32_t)j;
	return 0;
}

void
ts_prep_key_buf(ts_prep *pp, unsigned w, ts_prep_buf *b)
{
	ts_dedupe *d = pp->w[w].cloned ? &pp->w[w].d : pp->d;
	const uint8_t *p, *q, *end;
	int rc;

	for (p = b->data, end = b->data + b->len; p < end; p = q) {
		q = memchr(p, d->delim, (size_t)(end - p));
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
		if ((rc = ts_dedupe_prepare(d, p, (size_t)(q - p), &b->keys,
		    &b->recs[b->nrec])) != 0)
			goto fail;
		b->nrec++;
	}
	/* (empty_keys_null_prep) */
	ts_dedupe_place_keys(b->recs, b->nrec, &b->keys);
	if (pp->by_part && (rc = sort_parts(d, b)) != 0)
		goto fail;
	return;
fail:
	memset(b->part_at, 0, sizeof b->part_at);
	b->nrec = 0;	/* nothing of this chunk: no key of it is known */
	b->err = rc;	/* the consumer stops here */
	b->err_errno = 0;
}

/* work (ts_ring): the records of slot i, their keys and hashes. */
static void
work(void *arg, unsigned w, unsigned i)
{
	ts_prep *pp = arg;

	ts_prep_key_buf(pp, w, &pp->buf[i]);
}

int
ts_prep_setup(ts_prep *pp, ts_dedupe *d, int fd, unsigned nworkers)
{
	unsigned i;

	pp->d = d;
	pp->fd = fd;
	pp->done = 0;
	pp->carry.len = 0;
	pp->seq = 0;
	pp->by_part = 0;
	atomic_init(&pp->emit_err, 0);
	for (i = 0; i < TS_PREP_NBUF; i++)
		pp->buf[i].nruns = 0;
	/* Producers after the first, and the caller, which helps (as
	 * number nworkers, or fewer if threads fail to start), get their
	 * own copy of the key. */
	for (i = 1; i <= nworkers; i++) {
		if (!pp->w[i].cloned) {
			if (ts_key_clone(&pp->w[i].key, d->key) != 0)
				return TS_ENOMEM;
			pp->w[i].cloned = 1;
		}
		pp->w[i].d = *d;
		pp->w[i].d.key = &pp->w[i].key;
	}
	return 0;
}

int
ts_prep_start(ts_prep *pp, ts_dedupe *d, int fd, unsigned nworkers)
{
	if (nworkers < 1)
		nworkers = 1;
	if (nworkers > TS_RING_MAXWORKERS)
		nworkers = TS_RING_MAXWORKERS;
	if (ts_prep_setup(pp, d, fd, nworkers) != 0)
		return TS_ENOMEM;
	if (ts_ring_start(&pp->ring, nworkers, TS_PREP_NBUF, fill, work,
	    pp) != 0)
		return TS_ENOMEM;
	pp->started = 1;
	return 0;
}

int
ts_prep_next(ts_prep *pp, ts_prep_buf **out)
{
	if (pp->done || ts_ring_next(&pp->ring, &pp->cur) == 0)
		return 0;
	*out = &pp->buf[pp->cur];
	pp->done = (*out)->last;
	return 1;
}

void
ts_prep_release(ts_prep *pp)
{
	ts_ring_release(&pp->ring);
}

void
ts_prep_finish(ts_prep *pp)
{
	ts_prep_buf *b;
	size_t i;

	if (!pp->started)
		return;
	ts_ring_stop(&pp->ring);
	pp->started = 0;
	/* The runs no producer came back for, oldest chunk first. */
	for (;;) {
		for (b = NULL, i = 0; i < TS_PREP_NBUF; i++)
			if (pp->buf[i].nruns > 0 &&
			    (b == NULL || pp->buf[i].seq < b->seq))
				b = &pp->buf[i];
		if (b == NULL)
			break;
		write_runs(pp, b);
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
		free(pp->buf[i].order);
		free(pp->buf[i].runs);
		ts_buf_free(&pp->buf[i].keys);
	}
	for (i = 0; i <= TS_RING_MAXWORKERS; i++)
		if (pp->w[i].cloned)
			ts_key_free(&pp->w[i].key);
	ts_buf_free(&pp->carry);
	memset(pp, 0, sizeof *pp);
}
