/* test_wspar.c - ts_wspar_run() (a regular file cut after line feeds,
 * counted on worker threads, joined in order) leaves a ts_wstats with
 * exactly what one ts_wstats fed the whole file has: the full report
 * (every statistic, all top words, readability) and the partial (every
 * word and n-gram, totals, the para line) are byte for byte the same,
 * for many random inputs, folded or not, n-grams 1-3, chunk sizes from
 * 1 byte up and 1 to 3 workers.  The inputs put at chunk joins what
 * the join has to get right: paragraphs going on across a join, blank
 * and white lines, CR LF, ill-formed bytes, NULs, lines longer than a
 * chunk, no final line feed, an empty file; and around the file, a
 * line open before it (a previous file without a final line feed) and
 * text after it.  Then lines longer than 1 MiB, which ts_wstats cuts
 * itself, at chunk sizes below and above them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "ts_err.h"
#include "ts_wspar.h"
#include "ts_wstats.h"
#include "ts_writer.h"

static const char *pool[] = {
	"word ", "the quick brown fox ", "The cat sat. ", "Dog! ", "Why? ",
	"can't ", "e.g. ", "U.S. ", "3.14 ", "Mr. Smith went. ", "\"Quoted.\" ",
	"caf\xC3\xA9 ", "STRA\303\237E ", "e\xCC\x81t\xC3\xA9 ",
	"\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97 ", "\xD0\x9F\xD1\x80\xD0\xB8 ",
	"\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9 ", "\xFF", "\xC3",
	"\xE2\x80", "\xED\xA0\x80", "", "\t", " , ; ", "...", "\xC2\xA0",
	"\xE2\x80\x83", "Hello, world.", "antidisestablishmentarianism ",
	"ABCDEFGHIJKL ", "abcdefghijklm ", "x",
	/* at joins */
	"\n", "\n", "\n", "\n\n", "\n\n\n", "\r\n", "\r\n\r\n", "\n \n",
	"\n\t\n", "\n\xC2\xA0\n", "\n\xCC\x81", "\r", "\n\xFF\n",
	"\xE2\x80\xA8", "\xC2\x85",
};

#define NPOOL	(sizeof pool / sizeof pool[0])

static void
put_piece(ts_buf *b, const char *s)
{
	ts_buf_append(b, s, s[0] == '\0' ? 1 : strlen(s));	/* "": NUL */
}

/* About `pieces` pieces; now and then a long line or a run of blank
 * lines. */
static void
gen(ts_buf *b, size_t pieces)
{
	size_t i, j, n;

	b->len = 0;
	for (i = 0; i < pieces; i++) {
		switch (random() % 50) {
		case 0:			/* a long line */
			n = 65 + (size_t)(random() % 3000);
			for (j = 0; j < n; j++)
				put_piece(b, j % 7 == 6 ? " " : j % 11 == 3 ?
				    "\xC3\xA9" : j % 13 == 5 ? ". " : "x");
			continue;
		case 1:			/* a run of blank and white lines */
			n = 1 + (size_t)(random() % 8);
			for (j = 0; j < n; j++)
				put_piece(b, random() % 3 ? "\n" :
				    random() % 2 ? " \n" : "\xC2\xA0\t\n");
			continue;
		}
		put_piece(b, pool[(size_t)random() % NPOOL]);
	}
	if (random() % 3 == 0)
		ts_buf_append(b, "\n", 1);
}

static int infd = -1, outfd = -1;
static int bad;

/* Write in to file fd (from offset 0, truncated). */
static void
to_file(int fd, const uint8_t *p, size_t len)
{
	size_t off = 0;
	ssize_t n;

	CHECK(ftruncate(fd, 0) == 0);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	while (off < len) {
		n = write(fd, p + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			CHECK(!"write");
			return;
		}
		off += (size_t)n;
	}
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
}

/* The report (all top words, readability, JSON) and the partial of ws,
 * after ts_wstats_end, as text in out. */
static void
report(ts_wstats *ws, ts_buf *out)
{
	ts_ws_report rep = { TS_WS_JSON, 0, true, NULL, 0 };
	ts_writer w;
	off_t end;
	ssize_t n;

	CHECK_INT(ts_wstats_end(ws), 0);
	CHECK(ftruncate(outfd, 0) == 0);
	CHECK(lseek(outfd, 0, SEEK_SET) == 0);
	CHECK_INT(ts_writer_init(&w, outfd, 0), 0);
	CHECK_INT(ts_wstats_report(ws, &rep, &w), 0);
	CHECK_INT(ts_wstats_partial(ws, &w), 0);
	CHECK_INT(ts_flush(&w), 0);
	ts_writer_free(&w);
	end = lseek(outfd, 0, SEEK_CUR);
	out->len = 0;
	CHECK(end >= 0 && ts_buf_reserve(out, (size_t)end) == 0);
	n = pread(outfd, out->p, (size_t)end, 0);
	CHECK(n == (ssize_t)end);
	out->len = n > 0 ? (size_t)n : 0;
}

/* One ts_wstats fed pre, the file's bytes in pieces of `piece`, post. */
static void
sequential(int flags, int ngrams, const ts_buf *pre, const ts_buf *in,
    const ts_buf *post, size_t piece, ts_buf *want)
{
	ts_wstats ws;
	size_t i, n;

	CHECK_INT(ts_wstats_init(&ws, flags, ngrams, NULL, NULL), 0);
	CHECK_INT(ts_wstats_feed(&ws, pre->p, pre->len), 0);
	for (i = 0; i < in->len; i += n) {
		n = in->len - i < piece ? in->len - i : piece;
		CHECK_INT(ts_wstats_feed(&ws, in->p + i, n), 0);
	}
	CHECK_INT(ts_wstats_feed(&ws, post->p, post->len), 0);
	report(&ws, want);
	ts_wstats_free(&ws);
}

static int
same(const ts_buf *a, const ts_buf *b)
{
	return a->len == b->len && (a->len == 0 ||
	    memcmp(a->p, b->p, a->len) == 0);
}

static void
show(const char *what, const ts_buf *b)
{
	fprintf(stderr, "  %s (%zu bytes): %.*s\n", what, b->len,
	    (int)(b->len < 2000 ? b->len : 2000), (const char *)b->p);
}

/* The same, with the file (written to infd) counted by ts_wspar_run. */
static void
compare(int flags, int ngrams, const ts_buf *pre, const ts_buf *in,
    const ts_buf *post, const ts_buf *want, size_t chunk,
    unsigned nworkers, ts_buf *got)
{
	ts_wstats ws;
	int r;

	CHECK_INT(ts_wstats_init(&ws, flags, ngrams, NULL, NULL), 0);
	CHECK(ts_wspar_ok(&ws));
	CHECK_INT(ts_wstats_feed(&ws, pre->p, pre->len), 0);
	CHECK(lseek(infd, 0, SEEK_SET) == 0);
	r = ts_wspar_run(&ws, infd, chunk, nworkers);
	CHECK_INT(ts_wstats_feed(&ws, post->p, post->len), 0);
	report(&ws, got);
	ts_wstats_free(&ws);
	CHECK_AT(r == 0 && same(got, want), __FILE__, __LINE__,
	    "ts_wspar_run == one ts_wstats over the whole input");
	if ((r != 0 || !same(got, want)) && bad++ < 3) {
		fprintf(stderr, "  flags %#x ngrams %d chunk %zu workers %u "
		    "pre %zu post %zu: returned %d\n", (unsigned)flags, ngrams,
		    chunk, nworkers, pre->len, post->len, r);
		show("input", in);
		show("want", want);
		show("got", got);
	}
}

static const struct { int flags, ngrams; } sets[] = {
	{ TS_WS_COUNT, 1 }, { TS_WS_COUNT | TS_WS_NOFOLD, 1 },
	{ TS_WS_COUNT, 2 }, { TS_WS_COUNT | TS_WS_NOFOLD, 3 },
};
#define NSETS	(sizeof sets / sizeof sets[0])

static const size_t chunks[] = { 1, 2, 3, 5, 8, 13, 64, 700, 4096 };
#define NCHUNKS	(sizeof chunks / sizeof chunks[0])

/* Lines of more than 1 MiB, cut by ts_wstats: of words, of
 * punctuation and spaces only (neutral cuts), one word without a cut
 * point, and text without a final line feed. */
static void
long_lines(ts_buf *in)
{
	size_t j;

	in->len = 0;
	put_piece(in, "First line.\n\n");
	for (j = 0; in->len < (3u << 19); j++)	/* 1.5 MiB */
		put_piece(in, j % 9 == 8 ? "End. Caf\xC3\xA9 " : j % 5 == 1 ?
		    "quick brown " : "the fox ");
	put_piece(in, "\nnext\n");
	for (j = 0; in->len < (5u << 19); j++)
		put_piece(in, j % 3 ? ", " : "...");
	put_piece(in, "\n\n");
	for (j = 0; j < (1u << 20) + 5000; j++)
		put_piece(in, "a");
	put_piece(in, "\nlast words\n");
	for (j = 0; j < 100000; j++)
		put_piece(in, j % 4 ? "word " : "Stop. ");
}

int
main(void)
{
	ts_buf in = TS_BUF_INIT, want = TS_BUF_INIT, got = TS_BUF_INIT,
	    pre = TS_BUF_INIT, post = TS_BUF_INIT;
	char path[4096];
	const char *tmp = getenv("TMPDIR");
	static const char nul[] = "a\0b\n\0\n\xFF\xFE\n\n\xC3\n\0";
	ts_wstats ws;
	size_t k, s, ci;
	unsigned w;

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(path, sizeof path, "%s/test_wspar.XXXXXX", tmp);
	if ((infd = mkstemp(path)) < 0) {
		perror(path);
		return 1;
	}
	unlink(path);
	snprintf(path, sizeof path, "%s/test_wspar.XXXXXX", tmp);
	if ((outfd = mkstemp(path)) < 0) {
		perror(path);
		return 1;
	}
	unlink(path);

	/* Only in count mode. */
	ts_wstats_init(&ws, TS_WS_TOKENS, 1, NULL, NULL);
	CHECK(!ts_wspar_ok(&ws));
	ts_wstats_free(&ws);
	ts_wstats_init(&ws, TS_WS_SENTENCES, 1, NULL, NULL);
	CHECK(!ts_wspar_ok(&ws));
	ts_wstats_free(&ws);

	srandom(20261129);
	/* Fixed inputs first, then random ones. */
	for (k = 0; k < 6 + 60; k++) {
		in.len = 0;
		switch (k) {
		case 0:			/* empty file */
			break;
		case 1:			/* only line feeds */
			for (s = 0; s < 30; s++)
				put_piece(&in, "\n");
			break;
		case 2:			/* no final line feed */
			put_piece(&in, "a b\n\n\nc\n\n \n\t\ncaf\xC3\xA9 d");
			break;
		case 3:			/* one paragraph over many lines */
			for (s = 0; s < 40; s++)
				put_piece(&in, s % 2 ? "Line one.\n" : "x\r\n");
			break;
		case 4:			/* blank lines between paragraphs */
			for (s = 0; s < 30; s++)
				put_piece(&in, s % 3 ? "w v\n" : "\n \n");
			break;
		case 5:			/* NULs, ill-formed bytes */
			ts_buf_append(&in, nul, sizeof nul - 1);
			break;
		default:
			gen(&in, 40 + (size_t)(random() % 400));
			break;
		}
		to_file(infd, in.p, in.len);
		/* Nothing before and after, a line open before the file
		 * and text after it, or a whole line before it. */
		pre.len = post.len = 0;
		if (k % 3 == 1)
			put_piece(&pre, "open line "), put_piece(&post, "tail\n");
		else if (k % 3 == 2)
			put_piece(&pre, "Before.\n"), put_piece(&post, "after");
		for (s = 0; s < NSETS; s++) {
			sequential(sets[s].flags, sets[s].ngrams, &pre, &in,
			    &post, 1 + (size_t)(random() % 5000), &want);
			/* Each chunk size for each set now and then
			 * (every one with the fixed inputs; the tiniest,
			 * a thread hand-over a byte, on short ones). */
			for (ci = 0; ci < NCHUNKS; ci++)
				for (w = 1; w <= 3; w++)
					if (k < 6 || (random() % 4 == 0 &&
					    (chunks[ci] >= 8 || in.len < 1500)))
						compare(sets[s].flags,
						    sets[s].ngrams, &pre, &in,
						    &post, &want, chunks[ci],
						    w, &got);
		}
	}

	/* Lines over 1 MiB: ts_wstats cuts them where it pleases; chunks
	 * smaller than the lines (the caller feeds them to ws), and
	 * larger (a worker counts them whole, uncut). */
	long_lines(&in);
	to_file(infd, in.p, in.len);
	pre.len = post.len = 0;
	put_piece(&pre, "open ");
	for (s = 0; s < NSETS; s += 2) {
		sequential(sets[s].flags, sets[s].ngrams, &pre, &in, &post,
		    65536, &want);
		compare(sets[s].flags, sets[s].ngrams, &pre, &in, &post, &want,
		    4096, 2, &got);
		compare(sets[s].flags, sets[s].ngrams, &pre, &in, &post, &want,
		    300000, 1, &got);
		compare(sets[s].flags, sets[s].ngrams, &pre, &in, &post, &want,
		    2u << 20, 2, &got);
		compare(sets[s].flags, sets[s].ngrams, &pre, &in, &post, &want,
		    4u << 20, 3, &got);
	}

	close(infd);
	close(outfd);
	ts_buf_free(&in);
	ts_buf_free(&want);
	ts_buf_free(&got);
	ts_buf_free(&pre);
	ts_buf_free(&post);
	return check_done("test_wspar");
}
