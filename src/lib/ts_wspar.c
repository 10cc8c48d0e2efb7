/* ts_wspar.c - ts_wstats counts on worker threads (see ts_wspar.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_err.h"
#include "ts_reader.h"
#include "ts_ring.h"
#include "ts_wspar.h"

#define NSLOTS	4

/* A slot: in[0..wlen) whole lines for a worker, then in[wlen..len) for
 * the caller to feed to ws in order (the end of a line open before, a
 * piece of a line longer than two chunks, the last line of the file
 * without a line feed). */
struct slot {
	ts_buf		 in;
	size_t		 wlen;
	int		 err, err_errno;	/* read error after it */
	int		 r;		/* what counting it returned */
	int		 pf, pl;	/* para_first, para_last of in[0..wlen) */
};

struct par {
	int		 fd;
	size_t		 chunk;
	/* fill(): one at a time, in order */
	ts_buf		 carry;		/* the start of the next line */
	int		 in_long;	/* the carry goes on a line open before */
	struct slot	 slot[NSLOTS];
	ts_wstats	 ws[TS_RING_MAXWORKERS + 1];	/* + the caller */
};

int
ts_wspar_ok(const ts_wstats *ws)
{
	return (ws->flags & (TS_WS_COUNT | TS_WS_TOKENS | TS_WS_SENTENCES)) ==
	    TS_WS_COUNT && !ws->merged;
}

/* Read into s: the carry, then at least a chunk (or to the end of the
 * file), into room for two chunks.  Whole lines, up to the last line
 * feed, are the worker's; the rest is the next slot's carry.  In a line
 * open before (in_long), everything up to its line feed is the
 * caller's, and so is all of a slot without a line feed. */
static int
fill(void *arg, unsigned i)
{
	struct par *pp = arg;
	struct slot *s = &pp->slot[i];
	size_t cap = 2 * pp->chunk, cut;
	const uint8_t *q;
	ssize_t n;
	int last = 0;		/* the file ends with this chunk */

	s->in.len = s->wlen = 0;
	s->err = s->err_errno = s->r = 0;
	s->pf = s->pl = -1;
	if (ts_buf_reserve(&s->in, cap) != 0) {
		s->err = TS_ENOMEM;
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
	if (pp->in_long) {
		q = memchr(s->in.p, '\n', s->in.len);
		cut = q == NULL ? 0 : (size_t)(q - s->in.p) + 1;
	} else
		for (cut = s->in.len; cut > 0 && s->in.p[cut - 1] != '\n';
		    cut--)
			;
	if (last) {		/* the rest is the caller's */
		if (!pp->in_long)
			s->wlen = cut;
		return 1;
	}
	if (cut == 0) {		/* no line feed: part of a long line */
		pp->in_long = 1;
		return 0;
	}
	if (!pp->in_long)
		s->wlen = cut;
	pp->in_long = 0;
	if (ts_buf_append(&pp->carry, s->in.p + cut, s->in.len - cut) != 0) {
		s->err = TS_ENOMEM;	/* the lines up to cut still go */
		last = 1;
	}
	s->in.len = cut;
	return last;
}

/* Count the whole lines of a slot, paragraphs as if they started the
 * input; where its first and last lines hold text goes to the caller. */
static void
work(void *arg, unsigned w, unsigned i)
{
	struct par *pp = arg;
	struct slot *s = &pp->slot[i];
	ts_wstats *ws = &pp->ws[w];

	if (s->wlen == 0)
		return;
	ws->para_first = ws->para_last = -1;
	s->r = ts_wstats_feed(ws, s->in.p, s->wlen);
	s->pf = ws->para_first;
	s->pl = ws->para_last;
}

/* Lines counted elsewhere follow what ws has seen: a paragraph that
 * goes on across the join was counted twice. */
static void
join(ts_wstats *ws, int first, int last)
{
	if (first < 0)
		return;			/* no line */
	if (ws->para_first < 0)
		ws->para_first = first;
	else if (ws->para_last == 1 && first == 1)
		ws->para_joins++;
	ws->para_last = last;
}

static int
add_counter(ts_counter *to, const ts_counter *from)
{
	const ts_counter_entry *e;
	size_t i = 0;

	while (ts_counter_next(from, &i, &e))
		if (ts_counter_add(to, e->key, e->len, e->count) < 0)
			return TS_ENOMEM;
	return 0;
}

static void
swap(ts_counter *a, ts_counter *b)
{
	ts_counter t = *a;

	*a = *b;
	*b = t;
}

/* Add what worker w counted into ws.  Into empty counts of ws (the
 * usual case, once), w's are moved rather than added. */
static int
add(ts_wstats *ws, ts_wstats *w)
{
	int r;

	if ((r = ts_wstats_end(w)) != 0)	/* its short-word table */
		return r;
	if (ws->words.n == 0)
		swap(&ws->words, &w->words);
	if (ws->grams.n == 0)
		swap(&ws->grams, &w->grams);
	ws->t.bytes += w->t.bytes;
	ws->t.chars += w->t.chars;
	ws->t.graphemes += w->t.graphemes;
	ws->t.lines += w->t.lines;
	ws->t.words += w->t.words;
	ws->t.word_chars += w->t.word_chars;
	ws->t.sentences += w->t.sentences;
	ws->t.paragraphs += w->t.paragraphs;
	if ((r = add_counter(&ws->words, &w->words)) != 0)
		return r;
	return ws->ngrams > 1 ? add_counter(&ws->grams, &w->grams) : 0;
}

int
ts_wspar_run(ts_wstats *ws, int fd, size_t chunk, unsigned nworkers)
{
	struct par *pp;
	ts_ring ring;
	struct slot *s;
	unsigned i, slot;
	int r = 0, r2, err_errno = 0;

	if (nworkers < 1)
		nworkers = 1;
	if (nworkers > TS_RING_MAXWORKERS)
		nworkers = TS_RING_MAXWORKERS;
	if ((pp = calloc(1, sizeof *pp)) == NULL)
		return TS_ENOMEM;
	pp->fd = fd;
	pp->chunk = chunk > 0 ? chunk : TS_WSPAR_CHUNK;
	/* A line ws has open goes on in this file. */
	pp->in_long = ws->carry.len > 0 || ws->sent_open;
	for (i = 0; i <= nworkers; i++)
		if ((r = ts_wstats_init(&pp->ws[i], ws->flags, ws->ngrams,
		    NULL, NULL)) != 0) {
			while (i-- > 0)
				ts_wstats_free(&pp->ws[i]);
			free(pp);
			return r;
		}
	if (ts_ring_start(&ring, nworkers, NSLOTS, fill, work, pp) != 0) {
		r = 1;
		goto done;
	}
	while (r == 0 && ts_ring_next(&ring, &slot) == 1) {
		s = &pp->slot[slot];
		if ((r = s->r) == 0) {
			join(ws, s->pf, s->pl);
			if (s->in.len > s->wlen)
				r = ts_wstats_feed(ws, s->in.p + s->wlen,
				    s->in.len - s->wlen);
		}
		if (r == 0 && s->err != 0) {
			r = s->err;
			err_errno = s->err_errno;
		}
		ts_ring_release(&ring);
	}
	ts_ring_stop(&ring);
	/* What the workers counted, also before an input error. */
	for (i = 0; i <= nworkers && r != TS_ENOMEM; i++)
		if ((r2 = add(ws, &pp->ws[i])) != 0)
			r = r2;
done:
	for (i = 0; i <= nworkers; i++)
		ts_wstats_free(&pp->ws[i]);
	for (i = 0; i < NSLOTS; i++)
		ts_buf_free(&pp->slot[i].in);
	ts_buf_free(&pp->carry);
	free(pp);
	if (r == TS_EIO)
		errno = err_errno;
	return r;
}
