/* test_lanes - dedupe of a regular file on lanes that each look up one
 * part of the keys (ts_lanes): the bytes emitted are exactly those one
 * plain ts_set gives line by line (first occurrence kept, in order, each
 * record as read, a last one without its delimiter too), for 1, 2 and 4
 * lanes, with the counts right; a failing emit and a failing read stop
 * the run cleanly.  Each multi-lane case runs several times (the
 * threads' timing differs from run to run) and with a different seed
 * (a different split of the keys); TEST_LANES_REPS=N runs more. */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "ts_err.h"
#include "ts_lanes.h"

static unsigned reps = 3;	/* runs of each multi-lane case */

/* xorshift64*: inputs that are the same on every run. */
static uint64_t rng = 88172645463325252ULL;

static uint64_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static size_t
rnd_below(size_t n)
{
	return (size_t)(rnd() % n);
}

/* An input file's bytes; the file is written for each case. */
typedef struct {
	ts_buf	b;
} input;

static void
put(input *in, const void *p, size_t n)
{
	if (ts_buf_append(&in->b, p, n) != 0)
		abort();
}

static void
puts_(input *in, const char *s)
{
	put(in, s, strlen(s));
}

static void
putc_(input *in, uint8_t c)
{
	put(in, &c, 1);
}

/* A buffer's bytes, "" while it has none (memcmp wants a pointer). */
static const uint8_t *
bytes(const ts_buf *b)
{
	return b->p != NULL ? b->p : (const uint8_t *)"";
}

static FILE *
to_file(const input *in)
{
	FILE *f = tmpfile();

	if (f == NULL || (in->b.len > 0 &&
	    fwrite(in->b.p, 1, in->b.len, f) != in->b.len) || fflush(f) != 0)
		abort();
	return f;
}

/* The reference: one plain set (keys in full, whatever the lanes'
 * set flags), line by line, in one thread. */
typedef struct {
	ts_key		 key;
	ts_set		 set;
	uint8_t		 delim;
	int		 keep_blank;
	ts_buf		 out;
	uint64_t	 lines, bytes, written;
} ref;

static void
ref_init(ref *r, int keyflags, uint8_t delim, int keep_blank)
{
	memset(r, 0, sizeof *r);
	ts_key_init(&r->key);
	r->key.flags = keyflags;
	if (ts_set_init(&r->set, 99, 0, 0, 0) != 0)
		abort();
	r->delim = delim;
	r->keep_blank = keep_blank;
}

static void
ref_free(ref *r)
{
	ts_key_free(&r->key);
	ts_set_free(&r->set);
	ts_buf_free(&r->out);
}

static void
ref_feed(ref *r, const input *in)
{
	const uint8_t *p = in->b.p, *end, *e, *k;
	size_t len, body, klen;
	int keep;

	if (p == NULL)
		return;		/* the empty file */
	end = p + in->b.len;
	for (; p < end; p += len) {
		e = memchr(p, r->delim, (size_t)(end - p));
		body = e != NULL ? (size_t)(e - p) : (size_t)(end - p);
		len = body + (e != NULL);
		r->lines++;
		r->bytes += len;
		if (r->keep_blank && ts_is_blank(p, body))
			keep = 1;
		else {
			if (ts_key_make(&r->key, p, body, &k, &klen) != 0)
				abort();
			if (klen == 0)
				k = (const uint8_t *)"";
			keep = ts_set_add(&r->set, k, klen, NULL);
			if (keep < 0)
				abort();
		}
		if (keep) {
			r->written++;
			if (ts_buf_append(&r->out, p, len) != 0)
				abort();
		}
	}
}

/* Where the lanes write: a buffer, with an emit that fails after
 * `left` calls (-1: never), and checks that calls never overlap and
 * are never empty. */
typedef struct {
	ts_buf		 out;
	long		 left;
	unsigned	 calls;
	atomic_int	 inside, overlap;
	unsigned	 empty;
} sink;

static int
emit(void *arg, const uint8_t *p, size_t len)
{
	sink *s = arg;
	int rc = 0;

	if (atomic_fetch_add(&s->inside, 1) != 0)
		atomic_store(&s->overlap, 1);
	s->calls++;
	if (len == 0)
		s->empty++;
	if (s->left == 0)
		rc = -1;
	else {
		if (s->left > 0)
			s->left--;
		if (ts_buf_append(&s->out, p, len) != 0)
			rc = -2;
	}
	atomic_fetch_sub(&s->inside, 1);
	return rc;
}

static void
sink_init(sink *s, long left)
{
	memset(s, 0, sizeof *s);
	s->left = left;
	atomic_init(&s->inside, 0);
	atomic_init(&s->overlap, 0);
}

/* The lanes' side: n sets, split, one ts_prep for all the files. */
typedef struct {
	ts_prep		 pp;
	ts_key		 key;
	ts_set		 set[TS_DEDUPE_MAXPARTS];
	ts_dedupe	 d;
	unsigned	 n;
} fx;

static void
fx_init(fx *x, unsigned n, int keyflags, int setflags, uint8_t delim,
    int keep_blank, uint64_t seed, sink *s)
{
	unsigned i;

	memset(x, 0, sizeof *x);
	x->n = n;
	ts_key_init(&x->key);
	x->key.flags = keyflags;
	for (i = 0; i < n; i++)
		if (ts_set_init(&x->set[i], seed, setflags, 0, 0) != 0)
			abort();
	ts_dedupe_init(&x->d, &x->key, &x->set[0], NULL, delim, keep_blank);
	ts_dedupe_split(&x->d, x->set, n);
	x->pp.emit = emit;
	x->pp.emit_arg = s;
}

static size_t
fx_count(const fx *x)
{
	size_t c = 0;
	unsigned i;

	for (i = 0; i < x->n; i++)
		c += x->set[i].count;
	return c;
}

static void
fx_free(fx *x)
{
	unsigned i;

	ts_prep_free(&x->pp);
	for (i = 0; i < x->n; i++)
		ts_set_free(&x->set[i]);
	ts_dedupe_free(&x->d);
	ts_key_free(&x->key);
}

static const unsigned nlanes[] = { 1, 2, 4 };

/* The files in[0..nin) in sequence through the same lanes and sets:
 * the output, the counts and the sets' keys as the reference's; with
 * at least min_chunks chunks read in all (the ring goes round). */
static void
same_as_ref(const char *what, const input *in, size_t nin, int keyflags,
    int setflags, uint8_t delim, int keep_blank, uint64_t min_chunks)
{
	ref r;
	FILE *f[8];
	size_t i, li;
	unsigned rep;

	if (nin > 8)
		abort();
	ref_init(&r, keyflags, delim, keep_blank);
	for (i = 0; i < nin; i++) {
		ref_feed(&r, &in[i]);
		f[i] = to_file(&in[i]);
	}
	for (li = 0; li < sizeof nlanes / sizeof nlanes[0]; li++) {
		unsigned n = nlanes[li];

		for (rep = 0; rep < (n == 1 ? 1 : reps); rep++) {
			int before = check_failed, rc = 0;
			uint64_t chunks = 0;
			ts_lanes_count c = { 7, 11, 13 };	/* added to */
			sink s;
			fx x;

			sink_init(&s, -1);
			fx_init(&x, n, keyflags, setflags, delim, keep_blank,
			    1000 + rep, &s);
			for (i = 0; i < nin && rc == 0; i++) {
				if (lseek(fileno(f[i]), 0, SEEK_SET) != 0)
					abort();
				rc = ts_lanes_run(&x.pp, &x.d, fileno(f[i]), &c);
				chunks += x.pp.seq;
			}
			CHECK_INT(rc, 0);
			CHECK_INT(atomic_load(&x.pp.emit_err), 0);
			CHECK_MEM(bytes(&s.out), s.out.len, bytes(&r.out), r.out.len);
			CHECK_INT(c.lines_read, r.lines + 7);
			CHECK_INT(c.bytes_read, r.bytes + 11);
			CHECK_INT(c.lines_written, r.written + 13);
			CHECK_INT(fx_count(&x), r.set.count);
			CHECK_INT(atomic_load(&s.overlap), 0);
			CHECK_INT(s.empty, 0);
			CHECK(s.calls <= r.written);
			CHECK(chunks >= min_chunks);
			if (check_failed != before)
				fprintf(stderr, "\t(in %s: %u lanes, run %u, "
				    "%zu of %zu bytes out)\n", what, n, rep,
				    s.out.len, r.out.len);
			fx_free(&x);
			ts_buf_free(&s.out);
		}
	}
	for (i = 0; i < nin; i++)
		fclose(f[i]);
	ref_free(&r);
}

/* Many short lines, about half of them repeats, of many lengths. */
static void
gen_short(input *in, size_t nlines, uint8_t delim)
{
	char line[64];
	size_t i, len;

	for (i = 0; i < nlines; i++) {
		size_t v = rnd_below(nlines / 2 + 1);

		len = (size_t)snprintf(line, sizeof line, "%zu:%.*s", v,
		    (int)(v % 23), "abcdefghijklmnopqrstuvwxyz");
		line[len++] = (char)delim;
		put(in, line, len);
	}
}

static void
test_short(void)
{
	input in = { TS_BUF_INIT };

	gen_short(&in, 90000, '\n');	/* about 1.4 MB, 20 chunks */
	same_as_ref("short, packed", &in, 1, 0, 0, '\n', 0,
	    3 * TS_PREP_NBUF);
	same_as_ref("short, hash only", &in, 1, 0, TS_SET_HASH_ONLY, '\n', 0,
	    3 * TS_PREP_NBUF);
	in.b.len--;			/* the last without its newline */
	same_as_ref("short, open end", &in, 1, 0, 0, '\n', 0, 0);
	ts_buf_free(&in.b);
}

/* Lines that are one key folded: "STRASSE" = "straße", "ﬁle" = "FILE",
 * "Å" (U+212B) = "å"; ASCII letters in random case. */
static void
test_fold(void)
{
	static const char *w[] = { "STRASSE", "stra\xC3\x9F" "e",
	    "Stra\xC3\x9F" "e", "\xEF\xAC\x81le", "FILE", "\xE2\x84\xAB",
	    "\xC3\x85", "\xCE\xA3\xCE\x8A\xCE\xA3\xCE\xA5\xCE\xA6\xCE\x9F\xCE\xA3",
	    "\xCF\x83\xCE\xAF\xCF\x83\xCF\x85\xCF\x86\xCE\xBF\xCF\x82", "" };
	input in = { TS_BUF_INIT };
	char line[96];
	size_t i, j, len;

	for (i = 0; i < 70000; i++) {
		len = (size_t)snprintf(line, sizeof line, "%s %zu word\n",
		    w[rnd_below(10)], rnd_below(3000));
		for (j = 0; j < len; j++)
			if ((line[j] | 0x20) >= 'a' && (line[j] | 0x20) <= 'z' &&
			    rnd() & 1)
				line[j] ^= 0x20;
		put(&in, line, len);
	}
	same_as_ref("fold", &in, 1, TS_KEY_FOLD, 0, '\n', 0, 2 * TS_PREP_NBUF);
	same_as_ref("fold, hash only", &in, 1, TS_KEY_FOLD, TS_SET_HASH_ONLY,
	    '\n', 0, 2 * TS_PREP_NBUF);
	ts_buf_free(&in.b);
}

/* Blank lines (empty, spaces and tabs, CR, NBSP, U+3000) among short
 * ones: with keep_blank each is written, without, each once. */
static void
test_blank(void)
{
	static const char *blank[] = { "", " ", "\t \t", "\r", "\xC2\xA0",
	    "\xE3\x80\x80", "  \xE3\x80\x80 " };
	input in = { TS_BUF_INIT };
	size_t i;

	for (i = 0; i < 40; i++) {
		gen_short(&in, 1000 + rnd_below(2000), '\n');
		puts_(&in, blank[rnd_below(7)]);
		putc_(&in, '\n');
	}
	puts_(&in, " ");		/* a blank last line, open */
	same_as_ref("keep blank", &in, 1, 0, 0, '\n', 1, 2 * TS_PREP_NBUF);
	same_as_ref("keep blank, fold", &in, 1, TS_KEY_FOLD, TS_SET_HASH_ONLY,
	    '\n', 1, 2 * TS_PREP_NBUF);
	same_as_ref("blank, not kept", &in, 1, 0, 0, '\n', 0,
	    2 * TS_PREP_NBUF);
	ts_buf_free(&in.b);
}

/* Lines longer than a chunk and than two, repeated and nearly
 * repeated (differing only in the last byte), among short lines; the
 * last one long and open. */
static void
test_long(void)
{
	static const size_t lens[] = { TS_PREP_CHUNK - 1, TS_PREP_CHUNK,
	    TS_PREP_CHUNK + 1, 2 * TS_PREP_CHUNK + 5, 3 * TS_PREP_CHUNK + 17 };
	input in = { TS_BUF_INIT };
	uint8_t *l = malloc(4 * TS_PREP_CHUNK);
	size_t i, len;

	if (l == NULL)
		abort();
	for (i = 0; i < 24; i++) {
		len = lens[rnd_below(5)];
		memset(l, 'a' + (int)rnd_below(2), len);
		l[len - 1] = (uint8_t)('x' + rnd_below(2));
		put(&in, l, len);
		putc_(&in, '\n');
		gen_short(&in, rnd_below(400), '\n');
	}
	len = 2 * TS_PREP_CHUNK + 3;
	memset(l, 'z', len);
	put(&in, l, len);
	same_as_ref("long lines", &in, 1, 0, 0, '\n', 0, 4 * TS_PREP_NBUF);
	same_as_ref("long lines, hash only", &in, 1, 0, TS_SET_HASH_ONLY,
	    '\n', 0, 4 * TS_PREP_NBUF);
	free(l);
	ts_buf_free(&in.b);
}

/* Small inputs whose output is known by hand, and the empty file and
 * one of only newlines. */
static void
test_small(void)
{
	static const struct {
		const char	*in, *want;
		int		 keep_blank;
	} t[] = {
		{ "a\n\nb\n\na\nb", "a\n\nb\n", 0 },
		{ "x\n\ny\n\nx\nz", "x\n\ny\nz", 0 },
		{ "x\n\ny\n \nx\n", "x\n\ny\n \n", 1 },
		{ "\n\n\n", "\n", 0 },
		{ "\n\n\n", "\n\n\n", 1 },
		{ "same\nsame\nsame", "same\n", 0 },
		{ "", "", 0 },
	};
	size_t i, li;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		input in = { TS_BUF_INIT };
		ref r;

		puts_(&in, t[i].in);
		ref_init(&r, 0, '\n', t[i].keep_blank);	/* the reference */
		ref_feed(&r, &in);			/* agrees */
		CHECK_MEM(bytes(&r.out), r.out.len, t[i].want, strlen(t[i].want));
		ref_free(&r);
		for (li = 0; li < sizeof nlanes / sizeof nlanes[0]; li++) {
			FILE *f = to_file(&in);
			ts_lanes_count c = { 0, 0, 0 };
			sink s;
			fx x;

			sink_init(&s, -1);
			fx_init(&x, nlanes[li], 0, 0, '\n', t[i].keep_blank,
			    5, &s);
			rewind(f);
			CHECK_INT(ts_lanes_run(&x.pp, &x.d, fileno(f), &c), 0);
			CHECK_MEM(bytes(&s.out), s.out.len, t[i].want,
			    strlen(t[i].want));
			CHECK_INT(c.bytes_read, strlen(t[i].in));
			if (t[i].in[0] == '\0') {
				CHECK_INT(c.lines_read, 0);
				CHECK_INT(c.lines_written, 0);
				CHECK_INT(s.calls, 0);
			}
			fx_free(&x);
			ts_buf_free(&s.out);
			fclose(f);
		}
		ts_buf_free(&in.b);
	}
}

static void
test_newlines(void)
{
	input in = { TS_BUF_INIT };

	if (ts_buf_reserve(&in.b, 300000) != 0)
		abort();
	memset(in.b.p, '\n', 300000);	/* 4.6 chunks */
	in.b.len = 300000;
	same_as_ref("only newlines", &in, 1, 0, 0, '\n', 0, TS_PREP_NBUF);
	same_as_ref("only newlines, kept", &in, 1, 0, 0, '\n', 1,
	    TS_PREP_NBUF);
	same_as_ref("only newlines, hash only", &in, 1, 0, TS_SET_HASH_ONLY,
	    '\n', 0, TS_PREP_NBUF);
	ts_buf_free(&in.b);
}

/* Any bytes: lines from a pool of random byte strings (NULs, invalid
 * UTF-8, CR), then random bytes with a newline now and then, the last
 * line open; and the same records split by NUL instead (-z), newlines
 * inside them. */
static void
gen_bytes(input *in, uint8_t delim, uint8_t other)
{
	static uint8_t pool[2000][48];
	static size_t plen[2000];
	size_t i, j;

	for (i = 0; i < 2000; i++) {
		plen[i] = rnd_below(48);
		for (j = 0; j < plen[i]; j++) {
			pool[i][j] = (uint8_t)rnd();
			if (pool[i][j] == delim)
				pool[i][j] = other;
		}
	}
	for (i = 0; i < 40000; i++) {
		j = rnd_below(2000);
		put(in, pool[j], plen[j]);
		putc_(in, delim);
	}
	for (i = 0; i < 200000; i++) {
		uint8_t c = (uint8_t)rnd();

		putc_(in, c == other && rnd_below(4) == 0 ? delim : c);
	}
	if (in->b.p[in->b.len - 1] == delim)
		in->b.len--;
}

static void
test_bytes(void)
{
	input in = { TS_BUF_INIT };

	gen_bytes(&in, '\n', 0);
	same_as_ref("random bytes", &in, 1, 0, 0, '\n', 0, 2 * TS_PREP_NBUF);
	same_as_ref("random bytes, fold", &in, 1, TS_KEY_FOLD, 0, '\n', 0,
	    2 * TS_PREP_NBUF);
	in.b.len = 0;
	gen_bytes(&in, 0, '\n');
	same_as_ref("NUL-delimited", &in, 1, 0, 0, 0, 0, 2 * TS_PREP_NBUF);
	same_as_ref("NUL-delimited, hash only", &in, 1, 0, TS_SET_HASH_ONLY,
	    0, 0, 2 * TS_PREP_NBUF);
	same_as_ref("NUL-delimited, keep blank", &in, 1, 0, 0, 0, 1,
	    2 * TS_PREP_NBUF);
	ts_buf_free(&in.b);
}

/* Files in sequence through the same lanes: a line of an earlier file
 * is not written again; files cut anywhere (a record without its
 * newline at the end of one, the rest of it a record of the next), an
 * empty file among them. */
static void
test_files(void)
{
	input all = { TS_BUF_INIT }, in[5];
	size_t i, cut[6];

	gen_short(&all, 60000, '\n');
	cut[0] = 0;
	cut[1] = all.b.len / 3 + 5;
	cut[2] = cut[1];
	cut[3] = all.b.len / 2 + 1;
	cut[4] = all.b.len - 100;
	cut[5] = all.b.len;
	for (i = 0; i < 5; i++) {
		in[i].b = (ts_buf)TS_BUF_INIT;
		put(&in[i], all.b.p + cut[i], cut[i + 1] - cut[i]);
	}
	put(&in[4], all.b.p, all.b.len / 4);	/* all repeats */
	CHECK_INT(in[1].b.len, 0);
	same_as_ref("five files", in, 5, 0, 0, '\n', 0, 3 * TS_PREP_NBUF);
	same_as_ref("five files, fold, hash only", in, 5, TS_KEY_FOLD,
	    TS_SET_HASH_ONLY, '\n', 0, 3 * TS_PREP_NBUF);
	for (i = 0; i < 5; i++)
		ts_buf_free(&in[i].b);
	ts_buf_free(&all.b);
}

/* An emit that fails after k calls: 0 with emit_err set (TS_ENOMEM is
 * -1 too: a failed write must not look like it), no call after the
 * failing one, what came out before is a prefix of the whole output. */
static void
test_emit_fails(void)
{
	static const long ks[] = { 0, 1, 3, 40 };
	input in = { TS_BUF_INIT };
	FILE *f;
	ref r;
	size_t li, ki;
	unsigned rep;

	gen_short(&in, 60000, '\n');
	ref_init(&r, 0, '\n', 0);
	ref_feed(&r, &in);
	f = to_file(&in);
	for (ki = 0; ki < sizeof ks / sizeof ks[0]; ki++)
	for (li = 0; li < sizeof nlanes / sizeof nlanes[0]; li++)
	for (rep = 0; rep < (nlanes[li] == 1 ? 1 : reps); rep++) {
		int before = check_failed;
		ts_lanes_count c = { 0, 0, 0 };
		sink s;
		fx x;

		sink_init(&s, ks[ki]);
		fx_init(&x, nlanes[li], 0, 0, '\n', 0, 77 + rep, &s);
		lseek(fileno(f), 0, SEEK_SET);
		CHECK_INT(ts_lanes_run(&x.pp, &x.d, fileno(f), &c), 0);
		CHECK_INT(atomic_load(&x.pp.emit_err), -1);
		CHECK_INT(s.calls, ks[ki] + 1);
		CHECK(s.out.len < r.out.len);
		CHECK(s.out.len == 0 ||
		    memcmp(s.out.p, r.out.p, s.out.len) == 0);
		CHECK(ks[ki] == 0 || s.out.len > 0);
		CHECK(c.lines_read <= r.lines);
		if (check_failed != before)
			fprintf(stderr, "\t(emit failing after %ld calls: "
			    "%u lanes, run %u)\n", ks[ki], nlanes[li], rep);
		fx_free(&x);
		ts_buf_free(&s.out);
	}
	fclose(f);
	ref_free(&r);
	ts_buf_free(&in.b);
}

/* A read error (a directory: EISDIR on the first read) is TS_EIO with
 * errno, nothing out; the same lanes then do the next file right. */
static void
test_read_error(void)
{
	input in = { TS_BUF_INIT };
	FILE *f;
	ref r;
	size_t li;
	int dir = open("/", O_RDONLY);

	CHECK(dir >= 0);
	if (dir < 0)
		return;
	gen_short(&in, 20000, '\n');
	ref_init(&r, 0, '\n', 0);
	ref_feed(&r, &in);
	f = to_file(&in);
	for (li = 0; li < sizeof nlanes / sizeof nlanes[0]; li++) {
		ts_lanes_count c = { 0, 0, 0 };
		sink s;
		fx x;

		sink_init(&s, -1);
		fx_init(&x, nlanes[li], 0, 0, '\n', 0, 3, &s);
		errno = 0;
		CHECK_INT(ts_lanes_run(&x.pp, &x.d, dir, &c), TS_EIO);
		CHECK_INT(errno, EISDIR);
		CHECK_INT(s.calls, 0);
		CHECK_INT(c.lines_read, 0);
		CHECK_INT(c.bytes_read, 0);
		CHECK_INT(c.lines_written, 0);
		CHECK_INT(fx_count(&x), 0);
		lseek(fileno(f), 0, SEEK_SET);
		CHECK_INT(ts_lanes_run(&x.pp, &x.d, fileno(f), &c), 0);
		CHECK_MEM(bytes(&s.out), s.out.len, bytes(&r.out), r.out.len);
		CHECK_INT(c.lines_written, r.written);
		errno = 0;
		CHECK_INT(ts_lanes_run(&x.pp, &x.d, dir, &c), TS_EIO);
		CHECK_INT(errno, EISDIR);
		CHECK_INT(s.out.len, r.out.len);
		fx_free(&x);
		ts_buf_free(&s.out);
	}
	close(dir);
	fclose(f);
	ref_free(&r);
	ts_buf_free(&in.b);
}

/* Lane counts out of range and a tally are refused, nothing read. */
static void
test_invalid(void)
{
	ts_lanes_count c = { 0, 0, 0 };
	sink s;
	fx x;

	sink_init(&s, -1);
	fx_init(&x, 1, 0, 0, '\n', 0, 1, &s);
	x.d.nparts = 0;
	CHECK_INT(ts_lanes_run(&x.pp, &x.d, 0, &c), TS_EINVAL);
	x.d.nparts = TS_DEDUPE_MAXPARTS + 1;
	CHECK_INT(ts_lanes_run(&x.pp, &x.d, 0, &c), TS_EINVAL);
	x.d.nparts = 1;
	x.d.tally = (ts_tally *)&s;	/* only compared with NULL */
	CHECK_INT(ts_lanes_run(&x.pp, &x.d, 0, &c), TS_EINVAL);
	x.d.tally = NULL;
	CHECK_INT(s.calls, 0);
	fx_free(&x);
}

int
main(void)
{
	const char *e = getenv("TEST_LANES_REPS");

	if (e != NULL && atoi(e) > 0)
		reps = (unsigned)atoi(e);
	test_invalid();
	test_small();
	test_short();
	test_fold();
	test_blank();
	test_long();
	test_newlines();
	test_bytes();
	test_files();
	test_emit_fails();
	test_read_error();
	return check_done("test_lanes");
}
