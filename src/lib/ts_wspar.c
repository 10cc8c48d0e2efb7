/* ts_wspar.c - ts_wstats counts on worker threads (see ts_wspar.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ts_err.h"
#include "ts_ring.h"
#include "ts_wspar.h"

#define NSLOTS	4

/* A slot: the range [off, off + chunk) of the file (from base).  The
 * lines that start in it are the worker's, [start, end), except the
 * last one if it goes on past the range for more than two chunks or
 * to the end of the file without a line feed: the caller feeds what is
 * between the workers' lines to ws, in order. */
struct slot {
	ts_buf		 in;
	off_t		 off;
	off_t		 start, end;	/* start < 0: no line starts here */
	int		 err, err_errno;	/* read error */
	int		 r;		/* what counting it returned */
	int		 pf, pl;	/* para_first, para_last of the lines */
};

struct par {
	int		 fd;
	off_t		 base, size;	/* the file from base: size bytes */
	size_t		 chunk;
	int		 in_long;	/* the file goes on a line open in ws */
	off_t		 next;		/* fill(): the next range */
	struct slot	 slot[NSLOTS];
	/* + the caller's.  Apart by more than a cache line: the counters
	 * at the start of one and the word ring at the end of another are
	 * written at every word, by different threads. */
	struct {
		uint8_t		 pad[128];
		ts_wstats	 ws;
	}		 w[TS_RING_MAXWORKERS + 1];
	uint8_t		 pad[128];
};

int
ts_wspar_ok(const ts_wstats *ws)
{
	return (ws->flags & (TS_WS_COUNT | TS_WS_TOKENS | TS_WS_SENTENCES)) ==
	    TS_WS_COUNT && !ws->merged;
}

/* Read up to n bytes at off into p: how many (fewer at the end of the
 * file), or -1 with errno set. */
static ssize_t
read_at(int fd, uint8_t *p, size_t n, off_t off)
{
	size_t got = 0;
	ssize_t k;

	while (got < n) {
		k = pread(fd, p + got, n - got, off + (off_t)got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

/* The next range: no reading here, so the ring's reader lock is held
 * for no time and the caller can always help. */
static int
fill(void *arg, unsigned i)
{
	struct par *pp = arg;
	struct slot *s = &pp->slot[i];

	s->off = pp->next;
	pp->next += (off_t)pp->chunk;
	return pp->next >= pp->size;
}

/* Read the range of slot s (and the byte before it, and up to two
 * chunks after it to end its last line), find its lines and count
 * them, paragraphs as if they started the input; where its first and
 * last lines hold text goes to the caller. */
static void
work(void *arg, unsigned w, unsigned i)
{
	struct par *pp = arg;
	struct slot *s = &pp->slot[i];
	ts_wstats *ws = &pp->w[w].ws;
	size_t chunk = pp->chunk, want, cap, got, first, rend, k, more;
	off_t lo = s->off > 0 ? s->off - 1 : 0;
	const uint8_t *q;
	ssize_t n;
	int eof;

	s->start = s->end = -1;
	s->err = s->err_errno = s->r = 0;
	s->pf = s->pl = -1;
	want = (size_t)(s->off + (off_t)chunk - lo);	/* to the range end */
	cap = want + 2 * chunk;
	if (ts_buf_reserve(&s->in, cap) != 0) {
		s->err = TS_ENOMEM;
		return;
	}
	if ((n = read_at(pp->fd, s->in.p, want, pp->base + lo)) < 0)
		goto fail;
	got = (size_t)n;
	/* The first line start in the range: p is one when p - 1 is a
	 * line feed (p = 0 when the file does not go on a line). */
	if (s->off == 0 && !pp->in_long)
		first = 0;
	else {
		k = s->off == 0 ? chunk - 1 : chunk;	/* bytes p - 1 can be */
		if (k > got)
			k = got;
		if ((q = memchr(s->in.p, '\n', k)) == NULL)
			return;				/* none */
		first = (size_t)(q - s->in.p) + 1;
	}
	if (first >= got)
		return;			/* at the end of the file: no line */
	/* Its last line ends at the first line feed from the range's last
	 * byte (rend) on, if that comes within two chunks. */
	rend = want - 1;
	eof = got < want;
	k = rend < got ? rend : got;
	q = got > k ? memchr(s->in.p + k, '\n', got - k) : NULL;
	for (more = 4096; q == NULL && !eof && got < cap; more *= 2) {
		if (more > cap - got)	/* a few KiB usually end the line */
			more = cap - got;
		if ((n = read_at(pp->fd, s->in.p + got, more, pp->base + lo +
		    (off_t)got)) < 0)
			goto fail;
		eof = (size_t)n < more;
		k = got;
		got += (size_t)n;
		q = got > k ? memchr(s->in.p + k, '\n', got - k) : NULL;
	}
	if (q != NULL)
		k = (size_t)(q - s->in.p) + 1;
	else			/* the last line is the caller's */
		for (k = rend < got ? rend : got; k > first &&
		    s->in.p[k - 1] != '\n'; k--)
			;
	s->start = lo + (off_t)first;
	s->end = lo + (off_t)k;
	if (k == first)
		return;
	ws->para_first = ws->para_last = -1;
	s->r = ts_wstats_feed(ws, s->in.p + first, k - first);
	s->pf = ws->para_first;
	s->pl = ws->para_last;
	return;
fail:
	s->err = TS_EIO;
	s->err_errno = errno;
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

/* Feed ws the file from *pos to stop (to its end when stop < 0), a
 * chunk at a time through buf. */
static int
feed_to(struct par *pp, ts_wstats *ws, ts_buf *buf, off_t *pos, off_t stop,
    int *err_errno)
{
	size_t n;
	ssize_t k;
	int r;

	while (stop < 0 || *pos < stop) {
		n = pp->chunk;
		if (stop >= 0 && (off_t)n > stop - *pos)
			n = (size_t)(stop - *pos);
		if ((k = read_at(pp->fd, buf->p, n, pp->base + *pos)) < 0) {
			*err_errno = errno;
			return TS_EIO;
		}
		if (k == 0)
			break;
		*pos += k;
		if ((r = ts_wstats_feed(ws, buf->p, (size_t)k)) != 0)
			return r;
	}
	return 0;
}

int
ts_wspar_run(ts_wstats *ws, int fd, size_t chunk, unsigned nworkers)
{
	struct par *pp;
	struct stat st;
	ts_ring ring;
	ts_buf buf = TS_BUF_INIT;
	struct slot *s;
	unsigned i, slot;
	off_t base, pos = 0;
	int r = 0, r2, err_errno = 0;

	if ((base = lseek(fd, 0, SEEK_CUR)) < 0 || fstat(fd, &st) != 0)
		return 1;
	if (nworkers < 1)
		nworkers = 1;
	if (nworkers > TS_RING_MAXWORKERS)
		nworkers = TS_RING_MAXWORKERS;
	if ((pp = calloc(1, sizeof *pp)) == NULL)
		return TS_ENOMEM;
	pp->fd = fd;
	pp->base = base;
	pp->size = st.st_size > base ? st.st_size - base : 0;
	pp->chunk = chunk > 0 ? chunk : TS_WSPAR_CHUNK;
	/* A line ws has open goes on in this file. */
	pp->in_long = ws->carry.len > 0 || ws->sent_open;
	for (i = 0; i <= nworkers; i++)
		if ((r = ts_wstats_init(&pp->w[i].ws, ws->flags, ws->ngrams,
		    NULL, NULL)) != 0) {
			while (i-- > 0)
				ts_wstats_free(&pp->w[i].ws);
			free(pp);
			return r;
		}
	if (ts_buf_reserve(&buf, pp->chunk) != 0) {
		r = TS_ENOMEM;
		goto done;
	}
	if (pp->size > 0 &&
	    ts_ring_start(&ring, nworkers, NSLOTS, fill, work, pp) != 0) {
		r = 1;
		goto done;
	}
	while (pp->size > 0 && r == 0 && ts_ring_next(&ring, &slot) == 1) {
		s = &pp->slot[slot];
		if ((r = s->err) != 0)
			err_errno = s->err_errno;
		else if (s->start >= 0) {
			/* what is between the workers' lines, then theirs */
			r = feed_to(pp, ws, &buf, &pos, s->start, &err_errno);
			if (r == 0 && (r = s->r) == 0) {
				join(ws, s->pf, s->pl);
				pos = s->end;
			}
		}
		ts_ring_release(&ring);
	}
	if (pp->size > 0)
		ts_ring_stop(&ring);
	if (r == 0)		/* the last line without a line feed */
		r = feed_to(pp, ws, &buf, &pos, -1, &err_errno);
	(void)lseek(fd, base + pos, SEEK_SET);	/* where a read would be */
	/* What the workers counted (after an input error, what was read). */
	for (i = 0; i <= nworkers && r != TS_ENOMEM; i++)
		if ((r2 = add(ws, &pp->w[i].ws)) != 0)
			r = r2;
done:
	for (i = 0; i <= nworkers; i++)
		ts_wstats_free(&pp->w[i].ws);
	for (i = 0; i < NSLOTS; i++)
		ts_buf_free(&pp->slot[i].in);
	ts_buf_free(&buf);
	free(pp);
	if (r == TS_EIO)
		errno = err_errno;
	return r;
}
