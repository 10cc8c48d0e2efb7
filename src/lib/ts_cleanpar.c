/* ts_cleanpar.c - ts_clean on worker threads (see ts_cleanpar.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_cleanpar.h"
#include "ts_err.h"
#include "ts_reader.h"
#include "ts_ring.h"

#define NSLOTS	4

/* What a slot holds.  WHOLE: records that start after a delimiter (or at
 * the start of the file) and end with one (or at the end of the file),
 * cleaned by a worker.  LONG, LONG_END: a piece of a record longer than
 * a chunk, cleaned by the caller's thread in order (LONG_END ends it). */
enum kind { WHOLE, LONG, LONG_END };

struct slot {
	ts_buf		 in, out;
	enum kind	 kind;
	int		 first;		/* the file starts with it */
	int		 err, err_errno;	/* read error after it */
	int		 r;		/* what cleaning it returned */
	int		 pass;		/* the output is in itself */
};

struct par {
	int		 fd;
	size_t		 chunk;
	/* fill(): one at a time, in order */
	ts_buf		 carry;		/* the start of the next record */
	int		 at_first, in_long;
	struct slot	 slot[NSLOTS];
	ts_clean	 worker[TS_RING_MAXWORKERS + 1];	/* + the caller */
};

static void
init_like(ts_clean *c, const ts_clean *tmpl)
{
	ts_clean_init(c, tmpl->form, tmpl->nflags, tmpl->opts,
	    tmpl->invalid, tmpl->delim);
}

/* The chunk when the caller leaves it to us.  The output of the chunks
 * in flight is held until its turn, so memory follows the output: at
 * most 3 times the input in the forms NFC and NFD (U+FFFD for a byte,
 * NFD of U+1D160, a full case folding), 11 times in NFKC and NFKD (U+FDFA,
 * 3 bytes, is 33).  A quarter of the chunk there keeps the peak where
 * the other forms have it. */
static size_t
default_chunk(const ts_clean *tmpl)
{
	return tmpl->form == TS_NFKC || tmpl->form == TS_NFKD ?
	    TS_CLEANPAR_CHUNK / 4 : TS_CLEANPAR_CHUNK;
}

int
ts_cleanpar_ok(const ts_clean *c)
{
	return c->delim == '\n' && c->report == NULL;
}

/* Read into s: the carry, then at least a chunk (or to the end of the
 * file), into room for two chunks; cut after the last delimiter (or, in a
 * long record, after the first), the rest is the next slot's carry. */
static int
fill(void *arg, unsigned i)
{
	struct par *pp = arg;
	struct slot *s = &pp->slot[i];
	size_t cap = 2 * pp->chunk, cut;
	const uint8_t *q;
	ssize_t n;
	int last = 0;		/* the file ends with this chunk */

	s->in.len = s->out.len = 0;
	s->err = s->err_errno = s->r = s->pass = 0;
	s->first = pp->at_first;
	pp->at_first = 0;
	if (ts_buf_reserve(&s->in, cap) != 0) {
		s->err = TS_ENOMEM;
		s->kind = pp->in_long ? LONG_END : WHOLE;
		return 1;
	}
	if (pp->carry.len > 0)		/* carry < cap */
		memcpy(s->in.p, pp->carry.p, pp->carry.len);
	s->in.len = pp->carry.len;
	pp->carry.len = 0;
	while (s->in.len < pp->chunk) {
		n = ts_read(pp->fd, s->in.p + s->in.len, cap - s->in.len);
		if (n > 0) {
			s->in.len += (size_t)n;
			continue;
		}
		if (n < 0) {
			s->err = TS_EIO;
			s->err_errno = errno;
		}
		last = 1;
		break;
	}
	if (last) {
		s->kind = pp->in_long ? LONG_END : WHOLE;
		return 1;
	}
	if (pp->in_long) {
		q = memchr(s->in.p, '\n', s->in.len);
		cut = q == NULL ? 0 : (size_t)(q - s->in.p) + 1;
	} else
		for (cut = s->in.len; cut > 0 && s->in.p[cut - 1] != '\n';
		    cut--)
			;
	if (cut == 0) {		/* no delimiter: part of a long record */
		s->kind = LONG;
		pp->in_long = 1;
		return 0;
	}
	s->kind = pp->in_long ? LONG_END : WHOLE;
	pp->in_long = 0;
	if (ts_buf_append(&pp->carry, s->in.p + cut, s->in.len - cut) != 0) {
		s->err = TS_ENOMEM;	/* the records up to cut still go */
		last = 1;
	}
	s->in.len = cut;
	return last;
}

static void
work(void *arg, unsigned w, unsigned i)
{
	struct par *pp = arg;
	struct slot *s = &pp->slot[i];
	ts_clean *c = &pp->worker[w];

	if (s->kind != WHOLE || s->in.len == 0)
		return;
	if (s->first)
		ts_clean_reset(c);
	else
		ts_clean_resume(c);
	if ((s->r = ts_clean_feed_pass(c, s->in.p, s->in.len, 1,
	    &s->out)) == 1) {
		s->r = 0;
		s->pass = 1;	/* no copy of text already clean */
	}
}

/* Output of the file so far, for --squeeze-blank across the joins. */
struct join {
	int	 squeeze;
	int	 bol;		/* it ends with '\n' (or is empty) */
	int	 blank;		/* its last line is empty */
	int	 fresh;		/* a new unit: nothing of it out yet */
	ts_cleanpar_out out;
	void	*arg;
};

static int
put(struct join *j, const uint8_t *p, size_t n)
{
	if (n == 0)
		return 0;
	/* A unit starts with the previous line taken as not blank, so
	 * keeps one empty line that the whole file would squeeze. */
	if (j->fresh && j->squeeze && j->blank && p[0] == '\n') {
		j->fresh = 0;
		if (--n == 0)
			return 0;
		p++;
	}
	j->fresh = 0;
	j->blank = n >= 2 ? p[n - 1] == '\n' && p[n - 2] == '\n' :
	    p[0] == '\n' && j->bol;
	j->bol = p[n - 1] == '\n';
	return j->out(j->arg, p, n);
}

int
ts_cleanpar_run(const ts_clean *tmpl, int fd, size_t chunk,
    unsigned nworkers, ts_cleanpar_out out, void *arg)
{
	struct par *pp;
	struct join j;
	ts_ring ring;
	ts_clean own;		/* long records */
	ts_buf buf = TS_BUF_INIT;
	struct slot *s;
	unsigned i, slot;
	int r = 0, own_used = 0, in_long = 0, err_errno = 0;

	if (nworkers > TS_RING_MAXWORKERS)
		nworkers = TS_RING_MAXWORKERS;
	if ((pp = calloc(1, sizeof *pp)) == NULL)
		return TS_ENOMEM;
	pp->fd = fd;
	pp->chunk = chunk > 0 ? chunk : default_chunk(tmpl);
	pp->at_first = 1;
	for (i = 0; i <= nworkers; i++)
		init_like(&pp->worker[i], tmpl);
	memset(&j, 0, sizeof j);
	j.squeeze = (tmpl->opts & TS_CL_BLANK) != 0;
	j.bol = 1;
	j.out = out;
	j.arg = arg;
	if (ts_ring_start(&ring, nworkers, NSLOTS, fill, work, pp) != 0) {
		r = 1;
		goto done;
	}
	while (r == 0 && ts_ring_next(&ring, &slot) == 1) {
		s = &pp->slot[slot];
		if (s->kind == WHOLE) {
			j.fresh = 1;
			if ((r = s->r) == 0)
				r = s->pass ? put(&j, s->in.p, s->in.len) :
				    put(&j, s->out.p, s->out.len);
		} else {
			if (!own_used) {
				init_like(&own, tmpl);
				own_used = 1;
			}
			if (!in_long) {		/* a long record starts */
				if (s->first)
					ts_clean_reset(&own);
				else
					ts_clean_resume(&own);
				j.fresh = 1;
				in_long = 1;
			}
			buf.len = 0;
			r = ts_clean_feed(&own, s->in.p, s->in.len,
			    s->kind == LONG_END, &buf);
			if (r == 0)
				r = put(&j, buf.p, buf.len);
			in_long = s->kind == LONG;
		}
		if (r == 0 && s->err != 0) {
			r = s->err;
			err_errno = s->err_errno;
		}
		ts_ring_release(&ring);
	}
	ts_ring_stop(&ring);
done:
	for (i = 0; i <= nworkers; i++)
		ts_clean_free(&pp->worker[i]);
	for (i = 0; i < NSLOTS; i++) {
		ts_buf_free(&pp->slot[i].in);
		ts_buf_free(&pp->slot[i].out);
	}
	ts_buf_free(&pp->carry);
	free(pp);
	if (own_used)
		ts_clean_free(&own);
	ts_buf_free(&buf);
	if (r == TS_EIO)
		errno = err_errno;
	return r;
}
