/* test_cleanpar.c - ts_cleanpar_run() (a regular file cut into chunks,
 * cleaned on worker threads, joined in order) makes byte for byte what
 * one ts_clean_feed() over the whole file makes: for many random inputs,
 * every option set of interest, chunk sizes from 1 byte up and 1 to 3
 * workers.  The inputs are built so that chunk joins fall on what the
 * join has to get right: runs of blank lines (--squeeze-blank across a
 * join), a BOM right after a newline (--strip-bom only at the start of
 * the file), records longer than a chunk (the LONG path), no final
 * newline, CR/CRLF/NEL/LS/PS, entities, mojibake, marks after a
 * newline, invalid bytes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "clean_pieces.h"
#include "ts_clean.h"
#include "ts_cleanpar.h"
#include "ts_err.h"

struct set {
	enum ts_form	form;
	int		nflags;
	unsigned	opts;
	enum ts_invalid	invalid;
};

/* Pieces random inputs are made of (test_clean.c's pool, and more of
 * what matters where chunks join: newlines, blank and white lines, BOMs). */
static const char *pool[] = {
	CLEAN_PIECES,
	"\xC3\x83\xC2\xA9t\xC3\x83\xC2\xA9", "\xC3\xA2\xE2\x82\xAC\xC5\x93",
	"&#10;", "&NewLine;",
	/* at joins */
	"\n\n", "\n\n\n", "\n\n\n\n\n", "\r\n\r\n", "\n \n", "\n\t\n",
	"\n\xC2\xA0\n", "\n \t\xC2\xA0 \n", "\n\xEF\xBB\xBF", "\n\xEF\xBB\xBF\n",
	"\n\xCC\x81", "\n\xCC\x81\xCC\xA7", "\n\xE2\x80\x8B\n", "\n\xFF\n",
	"\r\r\r", "\xE2\x80\xA8\xE2\x80\xA8", "\n\xC2\x85\n",
	"word ", "the quick ", "caf\xC3\xA9 ", "don\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2t ",
};

#define NPOOL	(sizeof pool / sizeof pool[0])

static void
put_piece(ts_buf *b, const char *s)
{
	ts_buf_append(b, s, s[0] == '\0' ? 1 : strlen(s));
}

/* About `pieces` pieces; now and then a long line (longer than the
 * larger chunk sizes) or a long run of marks. */
static void
gen(ts_buf *b, size_t pieces)
{
	size_t i, j, n;

	b->len = 0;
	if (random() % 4 == 0)
		put_piece(b, "\xEF\xBB\xBF");		/* BOM at the start */
	for (i = 0; i < pieces; i++) {
		switch (random() % 60) {
		case 0:			/* a long line */
			n = 65 + (size_t)(random() % 2000);
			for (j = 0; j < n; j++)
				put_piece(b, j % 7 == 6 ? " " : j % 11 == 3 ?
				    "\xC3\xA9" : "x");
			continue;
		case 1:			/* a long run of marks */
			n = 25 + (size_t)(random() % 50);
			for (j = 0; j < n; j++)
				ts_buf_append(b, j % 3 ? "\xCC\x81" :
				    "\xCC\xA3", 2);
			continue;
		case 2:			/* a run of blank and white lines */
			n = 1 + (size_t)(random() % 12);
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

/* The output of the parallel run, through the callback. */
static int
append(void *arg, const uint8_t *p, size_t n)
{
	return ts_buf_append(arg, p, n) != 0 ? TS_ENOMEM : 0;
}

static int
stop_at_once(void *arg, const uint8_t *p, size_t n)
{
	(*(int *)arg)++;
	return 77;
}

static void
sequential(const struct set *s, const ts_buf *in, ts_buf *o)
{
	ts_clean c;

	ts_clean_init(&c, s->form, s->nflags, s->opts, s->invalid, '\n');
	o->len = 0;
	CHECK_INT(ts_clean_feed(&c, in->p, in->len, 1, o), 0);
	ts_clean_free(&c);
}

static int
same(const ts_buf *a, const ts_buf *b)
{
	return a->len == b->len && (a->len == 0 ||
	    memcmp(a->p, b->p, a->len) == 0);
}

static void
hex(const char *what, const ts_buf *b)
{
	size_t i;

	fprintf(stderr, "  %s (%zu bytes): ", what, b->len);
	for (i = 0; i < b->len && i < 3000; i++)
		fprintf(stderr, "%02x", b->p[i]);
	fputc('\n', stderr);
}

static int fd = -1;
static int bad;

/* Write in to the temp file (from offset 0, truncated). */
static void
to_file(const ts_buf *in)
{
	size_t off = 0;
	ssize_t n;

	CHECK(ftruncate(fd, 0) == 0);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	while (off < in->len) {
		n = write(fd, in->p + off, in->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			CHECK(!"write");
			return;
		}
		off += (size_t)n;
	}
}

/* ts_cleanpar_run over the file with s, chunk, nworkers = want? */
static void
compare(const struct set *s, const ts_buf *in, const ts_buf *want,
    size_t chunk, unsigned nworkers, ts_buf *got)
{
	ts_clean tmpl;
	int r;

	ts_clean_init(&tmpl, s->form, s->nflags, s->opts, s->invalid, '\n');
	CHECK(ts_cleanpar_ok(&tmpl));
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	got->len = 0;
	r = ts_cleanpar_run(&tmpl, fd, chunk, nworkers, append, got);
	ts_clean_free(&tmpl);
	CHECK_AT(r == 0 && same(got, want), __FILE__, __LINE__,
	    "ts_cleanpar_run == ts_clean_feed over the whole file");
	if ((r != 0 || !same(got, want)) && bad++ < 5) {
		fprintf(stderr, "  form %d flags %d opts %#x invalid %d "
		    "chunk %zu workers %u: returned %d\n", s->form,
		    s->nflags, s->opts, s->invalid, chunk, nworkers, r);
		hex("input", in);
		hex("want", want);
		hex("got", got);
	}
}

/* Runs of more slots than this: only now and then (see main). */
#define SLOTS 120
static const size_t chunks[] = { 1, 2, 3, 5, 8, 13, 64, 1000 };

int
main(void)
{
	ts_buf in = TS_BUF_INIT, want = TS_BUF_INIT, got = TS_BUF_INIT;
	struct set sets[200];
	size_t nsets = 0, i, k, ci, n;
	unsigned w, bit;
	int f, calls;
	char path[4096];
	const char *tmp = getenv("TMPDIR");
	ts_clean tmpl;
	FILE *fp;

	snprintf(path, sizeof path, "%s/test_cleanpar.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if ((fd = mkstemp(path)) < 0) {
		perror(path);
		return 1;
	}
	unlink(path);

	/* Each option alone, squeeze-blank with trim, casefold,
	 * strip-marks, ascii, ascii=drop, in every form; --preset=web;
	 * invalid=drop. */
	for (f = 0; f < 5; f++) {
		for (bit = 0; bit < 13; bit++)
			if ((1u << bit) != TS_CL_ASCIIDROP)
				sets[nsets++] = (struct set){ (enum ts_form)f,
				    0, 1u << bit, TS_INV_REPLACE };
		sets[nsets++] = (struct set){ (enum ts_form)f, 0,
		    TS_CL_ASCII | TS_CL_ASCIIDROP, TS_INV_REPLACE };
		sets[nsets++] = (struct set){ (enum ts_form)f, 0,
		    TS_CL_BLANK | TS_CL_TRIM, TS_INV_REPLACE };
		sets[nsets++] = (struct set){ (enum ts_form)f, TS_CASEFOLD,
		    0, TS_INV_REPLACE };
		sets[nsets++] = (struct set){ (enum ts_form)f, TS_STRIPMARK,
		    0, TS_INV_DROP };
		sets[nsets++] = (struct set){ (enum ts_form)f, 0,
		    0x18FF, TS_INV_REPLACE };		/* --preset=web */
	}
	sets[nsets++] = (struct set){ TS_NFC, 0, 0, TS_INV_DROP };
	sets[nsets++] = (struct set){ TS_NFC, 0, 0x18FF, TS_INV_DROP };
	sets[nsets++] = (struct set){ TS_NFKC, TS_CASEFOLD, 0x1FFF,
	    TS_INV_REPLACE };				/* everything */
	sets[nsets++] = (struct set){ TS_NFC, 0, TS_CL_BLANK |
	    TS_CL_NEWLINES, TS_INV_REPLACE };
	sets[nsets++] = (struct set){ TS_NFC, 0, TS_CL_BLANK | TS_CL_TRIM |
	    TS_CL_INVISIBLE | TS_CL_BOM, TS_INV_DROP };

	srandom(20261129);
	/* Fixed inputs first, then random ones. */
	for (k = 0; k < 14 + 40; k++) {
		in.len = 0;
		switch (k) {
		case 0:			/* empty file */
			break;
		case 1:			/* only newlines */
			for (i = 0; i < 40; i++)
				ts_buf_append(&in, "\n", 1);
			break;
		case 2:			/* one newline */
			ts_buf_append(&in, "\n", 1);
			break;
		case 3:			/* no final newline */
			put_piece(&in, "a\n\n\nb\n\n\n\n \n\t\ncaf\xC3\xA9");
			break;
		case 4:			/* BOMs: start, after newlines */
			put_piece(&in, "\xEF\xBB\xBF" "a\n\xEF\xBB\xBF" "b\n"
			    "\xEF\xBB\xBF\n\xEF\xBB\xBF\xEF\xBB\xBF\n\n\n"
			    "\xEF\xBB\xBF");
			break;
		case 5:			/* CR, CRLF, NEL, LS, PS lines */
			put_piece(&in, "a\r\n\r\n\r\nb\r\r\rc\xC2\x85\xC2\x85"
			    "d\xE2\x80\xA8\xE2\x80\xA8\xE2\x80\xA9\n\n\re\r");
			break;
		case 6:			/* white lines */
			put_piece(&in, "x\n  \n\t\n\xC2\xA0\n \xE3\x80\x80 \n"
			    "\n\n y \n\n \n");
			break;
		case 7:			/* marks after newlines */
			put_piece(&in, "e\n\xCC\x81" "a\n\xCC\x81\xCC\xA3\n"
			    "\xCC\x81\n");
			break;
		case 8:			/* one line longer than any chunk */
			for (i = 0; i < 3000; i++)
				put_piece(&in, i % 5 ? "ab" : " \xC3\xA9 ");
			break;
		case 9:			/* long lines between blank runs */
			for (n = 0; n < 4; n++) {
				put_piece(&in, "\n\n\n");
				for (i = 0; i < 700 * (n + 1); i++)
					put_piece(&in, i % 9 ? "z" : "\t ");
				put_piece(&in, "\n");
			}
			put_piece(&in, "\n\n");
			break;
		case 10:		/* a long line of only white space */
			for (i = 0; i < 1500; i++)
				put_piece(&in, i % 3 ? " " : "\xC2\xA0");
			put_piece(&in, "\n\n\n\xCC\x81");
			break;
		case 11:		/* a long CR-only "line": many lines
					 * for --newlines, one for the cut */
			for (i = 0; i < 600; i++)
				put_piece(&in, i % 4 ? "\r" : "w\r");
			put_piece(&in, "\n\n\r\n");
			break;
		case 12:		/* entities and mojibake, line by line */
			for (i = 0; i < 50; i++)
				put_piece(&in, i % 2 ? "&amp;&eacute;&#8217;\n" :
				    "don\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2t "
				    "\xC3\x83\xC2\xA9t\xC3\x83\xC2\xA9\n\n");
			break;
		case 13:		/* the seed article */
			if ((fp = fopen("seeds/article.txt", "r")) != NULL) {
				char line[4096];

				while ((n = fread(line, 1, sizeof line,
				    fp)) > 0)
					ts_buf_append(&in, line, n);
				fclose(fp);
			}
			CHECK(in.len > 1000);
			break;
		default:
			gen(&in, 10 + (size_t)(random() % 150));
			break;
		}
		to_file(&in);
		for (i = 0; i < nsets; i++) {
			sequential(&sets[i], &in, &want);
			for (ci = 0; ci < sizeof chunks / sizeof chunks[0];
			    ci++) {
				/* A slot per chunk, a thread hand-over per
				 * slot: small chunks over long inputs only
				 * now and then, and one worker count of
				 * the three in turn (all three from 64). */
				if (in.len / chunks[ci] > SLOTS &&
				    ((i + k + ci) % 32 != 0 ||
				    in.len / chunks[ci] > 2000))
					continue;
				w = 1 + (unsigned)(i + k + ci) % 3;
				compare(&sets[i], &in, &want, chunks[ci], w,
				    &got);
			}
		}
	}

	/* The default chunk (0: TS_CLEANPAR_CHUNK) on an input several
	 * chunks long, with blank runs at many places. */
	in.len = 0;
	while (in.len < 3 * TS_CLEANPAR_CHUNK + 1000) {
		gen(&want, 200);
		ts_buf_append(&in, want.p, want.len);
		put_piece(&in, "\n\n\n");
	}
	to_file(&in);
	for (i = 0; i < nsets; i += 7) {
		sequential(&sets[i], &in, &want);
		compare(&sets[i], &in, &want, 0, 2, &got);
	}
	{
		struct set web = { TS_NFC, 0, 0x18FF, TS_INV_REPLACE };

		sequential(&web, &in, &want);
		compare(&web, &in, &want, 0, 3, &got);
		ts_clean_init(&tmpl, web.form, web.nflags, web.opts,
		    web.invalid, '\n');
		CHECK(lseek(fd, 0, SEEK_SET) == 0);
		got.len = 0;
		CHECK_INT(ts_cleanpar_run(&tmpl, fd, 4096, 2, append, &got), 0);
		CHECK(same(&got, &want));
		/* Run again without rewinding: at the end, nothing. */
		got.len = 0;
		CHECK_INT(ts_cleanpar_run(&tmpl, fd, 4096, 2, append, &got), 0);
		CHECK_INT(got.len, 0);
		/* From the current offset, as a file of its own (a BOM
		 * there is at the start). */
		{
			ts_buf tail = TS_BUF_INIT, tailwant = TS_BUF_INIT;
			size_t off = in.len / 2;

			ts_buf_append(&tail, "\xEF\xBB\xBF\n\n", 5);
			ts_buf_append(&tail, in.p + off, in.len - off);
			to_file(&tail);
			sequential(&web, &tail, &tailwant);
			to_file(&in);
			ts_buf_append(&in, tail.p, tail.len);
			to_file(&in);
			in.len -= tail.len;
			CHECK(lseek(fd, (off_t)in.len, SEEK_SET) ==
			    (off_t)in.len);
			got.len = 0;
			CHECK_INT(ts_cleanpar_run(&tmpl, fd, 3000, 2, append,
			    &got), 0);
			CHECK(same(&got, &tailwant));
			to_file(&in);
			ts_buf_free(&tail);
			ts_buf_free(&tailwant);
		}
		/* The same template reused many times in a row. */
		for (n = 0; n < 20; n++) {
			CHECK(lseek(fd, 0, SEEK_SET) == 0);
			got.len = 0;
			CHECK_INT(ts_cleanpar_run(&tmpl, fd, 500 + 997 * n,
			    1 + (unsigned)n % 3, append, &got), 0);
			CHECK(same(&got, &want));
		}
		/* out returning nonzero stops the run with that value. */
		CHECK(lseek(fd, 0, SEEK_SET) == 0);
		calls = 0;
		CHECK_INT(ts_cleanpar_run(&tmpl, fd, 1000, 2, stop_at_once,
		    &calls), 77);
		CHECK_INT(calls, 1);
		ts_clean_free(&tmpl);
	}

	close(fd);
	ts_buf_free(&in);
	ts_buf_free(&want);
	ts_buf_free(&got);
	return check_done("test_cleanpar");
}
