/* test_clean.c - properties of the normalize pipeline (ts_clean_feed, the
 * binary's code path): the output does not depend on how the input is cut
 * (every chunk size 1..64), running it twice changes nothing
 * (idempotence), text needing no change comes out byte-identical, and the
 * Stream-Safe Text Format bound holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "clean_pieces.h"
#include "ts_clean.h"
#include "ts_entity.h"
#include "ts_norm.h"
#include "ts_utf8.h"

struct set {
	enum ts_form	form;
	int		nflags;
	unsigned	opts;
	enum ts_invalid	invalid;
	uint8_t		delim;
};

/* Pieces random inputs are made of: what each pass acts on. */
static const char *pool[] = {
	CLEAN_PIECES,
	"\xC3\x83\xC6\x92\xC3\x82\xC2\xA9", "\xC3\xA2\xE2\x82\xAC\xC5\x93",
};

static ts_buf out;
static int slowpath;	/* set a report callback: no fast path */

static int
noreport(void *arg, const ts_pos *pos, const uint8_t *u, size_t n)
{
	return 0;
}

static void
run(const struct set *s, const uint8_t *p, size_t len, size_t chunk,
    ts_buf *o)
{
	ts_clean c;
	size_t i, n;

	ts_clean_init(&c, s->form, s->nflags, s->opts, s->invalid, s->delim);
	if (slowpath)
		c.report = noreport;
	o->len = 0;
	for (i = 0; i < len; i += n) {
		n = chunk == 0 || len - i < chunk ? len - i : chunk;
		if (ts_clean_feed(&c, p + i, n, 0, o) != 0)
			CHECK(!"feed");
	}
	if (ts_clean_feed(&c, p, 0, 1, o) != 0)
		CHECK(!"feed at end");
	ts_clean_free(&c);
}

static void
gen(ts_buf *b, size_t pieces)
{
	size_t i, j, n;
	const char *s;

	b->len = 0;
	for (i = 0; i < pieces; i++) {
		if (random() % 50 == 0) {	/* a long run of marks */
			n = 25 + (size_t)(random() % 50);
			for (j = 0; j < n; j++)
				ts_buf_append(b, j % 3 ? "\xCC\x81" : "\xCC\xA3", 2);
			continue;
		}
		j = (size_t)random() % (sizeof pool / sizeof pool[0]);
		s = pool[j];
		ts_buf_append(b, s, s[0] == '\0' ? 1 : strlen(s));
	}
}

static struct set
random_set(void)
{
	struct set s;

	s.form = (enum ts_form)(random() % 5);
	s.nflags = (int)(random() % 4);
	s.opts = (unsigned)random() & 0x1FFF;
	s.invalid = random() % 2 ? TS_INV_REPLACE : TS_INV_DROP;
	s.delim = random() % 4 ? '\n' : '\0';
	return s;
}

/* Does b hold a character reference?  Then decoding it again is right:
 * "&amp;lt;" is "&lt;" after one run, "<" after two. */
static int
has_reference(const ts_buf *b)
{
	ts_buf tmp = TS_BUF_INIT;
	size_t i;
	int found = 0;

	for (i = 0; i < b->len && !found; i++)
		if (b->p[i] == '&' &&
		    ts_entity_decode(b->p + i, b->len - i, 1, &tmp) > 0)
			found = 1;
	ts_buf_free(&tmp);
	return found;
}

static int
same(const ts_buf *a, const ts_buf *b)
{
	return a->len == b->len && (a->len == 0 || memcmp(a->p, b->p, a->len) == 0);
}

static void
describe(const char *what, const struct set *s, const ts_buf *in)
{
	size_t i;

	fprintf(stderr, "%s: form %d flags %d opts %#x invalid %d delim %d: ",
	    what, s->form, s->nflags, s->opts, s->invalid, s->delim);
	for (i = 0; i < in->len && i < 8000; i++)
		fprintf(stderr, "%02x", in->p[i]);
	fputc('\n', stderr);
}

/* Run-of-non-starters bound in valid UTF-8 output. */
static size_t
longest_nonstarter_run(const ts_buf *b)
{
	const uint8_t *p = b->p, *e = b->p + b->len;
	size_t run = 0, best = 0;
	int32_t cp;

	while (p < e) {
		p += ts_next(p, e, &cp);
		if (cp >= 0 && ts_combining_class(cp) != 0) {
			if (++run > best)
				best = run;
		} else
			run = 0;
	}
	return best;
}

int
main(void)
{
	ts_buf in = TS_BUF_INIT, whole = TS_BUF_INIT, part = TS_BUF_INIT,
	    again = TS_BUF_INIT, article = TS_BUF_INIT;
	struct set sets[400], s;
	size_t nsets = 0, chunk, i, k;
	int f, bit, bad = 0, skipped = 0;
	char line[4096];
	FILE *fp;

	srandom(20261128);
	for (f = 0; f < 5; f++) {
		for (bit = 0; bit < 13; bit++)
			sets[nsets++] = (struct set){ (enum ts_form)f, 0,
			    1u << bit, TS_INV_REPLACE, '\n' };
		sets[nsets++] = (struct set){ (enum ts_form)f, TS_CASEFOLD, 0,
		    TS_INV_REPLACE, '\n' };
		sets[nsets++] = (struct set){ (enum ts_form)f, TS_STRIPMARK, 0,
		    TS_INV_DROP, '\n' };
		sets[nsets++] = (struct set){ (enum ts_form)f, 3, 0x1FFF,
		    TS_INV_REPLACE, '\n' };
	}
	/* --preset=web, and with --ascii-punct, and in NFD */
	sets[nsets++] = (struct set){ TS_NFC, 0, 0x18FF, TS_INV_REPLACE, '\n' };
	sets[nsets++] = (struct set){ TS_NFC, 0, 0x19FF, TS_INV_REPLACE, '\n' };
	sets[nsets++] = (struct set){ TS_NFD, 0, 0x18FF, TS_INV_DROP, '\n' };
	while (nsets < sizeof sets / sizeof sets[0])
		sets[nsets++] = random_set();

	if ((fp = fopen("seeds/article.txt", "r")) != NULL) {
		while ((k = fread(line, 1, sizeof line, fp)) > 0)
			ts_buf_append(&article, line, k);
		fclose(fp);
	}
	CHECK(article.len > 1000);

	/* Chunk-size invariance and idempotence. */
	for (i = 0; i < nsets; i++) {
		s = sets[i];
		for (k = 0; k < 4; k++) {
			if (k == 0)
				ts_buf_append(&in, "", 0), in.len = 0,
				ts_buf_append(&in, article.p, article.len);
			else
				gen(&in, 40 + (size_t)(random() % 200));
			run(&s, in.p, in.len, 0, &whole);
			for (chunk = 1; chunk <= 64; chunk++) {
				if (k == 0 && chunk % 8 != 1)
					continue;	/* the long one: fewer */
				slowpath = chunk % 2 == 0;	/* both paths agree */
				run(&s, in.p, in.len, chunk, &part);
				slowpath = 0;
				if (!same(&whole, &part)) {
					if (bad++ < 5)
						describe("chunk size matters", &s, &in);
					break;
				}
			}
			CHECK_AT(chunk > 64, __FILE__, __LINE__, "chunk invariance");
			if ((s.opts & TS_CL_ENTITIES) && has_reference(&whole)) {
				skipped++;
				continue;
			}
			run(&s, whole.p, whole.len, 0, &again);
			if (!same(&whole, &again) && bad++ < 10) {
				describe("not idempotent", &s, &in);
				describe(" once", &s, &whole);
				describe(" twice", &s, &again);
			}
			CHECK_AT(same(&whole, &again), __FILE__, __LINE__,
			    "idempotence");
			if (s.form != TS_FORM_NONE || s.nflags != 0)
				CHECK(longest_nonstarter_run(&whole) <= 30);
		}
	}

	CHECK(skipped < 250);	/* most --html-entities runs were checked */

	/* Text that needs no change is copied byte for byte. */
	s = (struct set){ TS_NFC, 0, 0, TS_INV_REPLACE, '\n' };
	run(&s, article.p, article.len, 0, &whole);
	CHECK(same(&whole, &article));
	s.opts = 0xEF;		/* every pass but --spaces (NBSP in it) */
	run(&s, article.p, article.len, 7, &whole);
	CHECK(same(&whole, &article));

	/* Stream-Safe: 100 marks after one base: CGJ after every 30. */
	in.len = 0;
	ts_buf_append(&in, "a", 1);
	for (i = 0; i < 100; i++)
		ts_buf_append(&in, "\xCC\x81", 2);
	s = (struct set){ TS_NFD, 0, 0, TS_INV_REPLACE, '\n' };
	run(&s, in.p, in.len, 0, &whole);
	CHECK_INT(whole.len, 1 + 200 + 3 * 2);
	CHECK(whole.len > 63 && memcmp(whole.p + 61, "\xCD\x8F", 2) == 0);
	CHECK(longest_nonstarter_run(&whole) == 30);
	s.form = TS_NFC;	/* a + acute composes; 99 remain */
	run(&s, in.p, in.len, 3, &whole);
	CHECK(whole.len >= 2 && memcmp(whole.p, "\xC3\xA1", 2) == 0);
	CHECK(longest_nonstarter_run(&whole) == 30);

	/* Regression (fuzz tool-normalize): the NFC loop over 2- and 3-byte
	 * starters read one byte past a piece that ends in one.  Each piece
	 * is a heap block of its exact size, so ASan (make sanitize) sees
	 * any over-read. */
	{
		static const char *ends[] = { "x\xC3\xA9", "\xC3\xA9",
		    "\xE6\x97\xA5", "a\xD0\x96\xE6\x97\xA5",
		    "\xE6\x97\xA5\xC3\xA9" };
		ts_norm n;

		ts_norm_init(&n, TS_NFC, 0);
		for (i = 0; i < sizeof ends / sizeof ends[0]; i++) {
			size_t len = strlen(ends[i]);
			uint8_t *p = malloc(len);

			if (p == NULL)
				abort();
			memcpy(p, ends[i], len);
			for (k = 0; k < 2; k++) {
				out.len = 0;
				ts_norm_reset(&n);
				CHECK_INT(ts_norm_feed(&n, p, len, 1, &out),
				    0);
				CHECK_MEM(out.p, out.len, ends[i], len);
			}
			free(p);
		}
		ts_norm_free(&n);
	}

	/* Pieces of 4096 bytes and more are cut after their first and
	 * last LF (feed_lines), and the passes in between may hand text on
	 * uncopied (ts_norm_feed_pass, PASS), the SSE2 loops of charmap()
	 * and clean_lines() run over whole 16-byte blocks: the same output
	 * as in pieces too small for any of that, for every fixed set. */
	for (i = 0; i < 68; i++) {
		static const size_t big[] = { 0, 1, 13, 4099, 8192, 20000 };

		s = sets[i];
		in.len = 0;
		while (in.len < 30000) {
			gen(&part, 60);
			ts_buf_append(&in, part.p, part.len);
			ts_buf_append(&in, random() % 3 ? "\n" : "\r\n",
			    random() % 3 ? 1 : 2);
			if (random() % 4 == 0)	/* lines that no pass changes */
				for (k = random() % 40; k > 0; k--)
					ts_buf_append(&in, "plain text, nothing "
					    "to do here\n", 32);
		}
		run(&s, in.p, in.len, 1, &whole);
		for (k = 0; k < sizeof big / sizeof big[0]; k++) {
			run(&s, in.p, in.len, big[k], &part);
			if (!same(&whole, &part) && bad++ < 5)
				describe("big pieces differ", &s, &in);
			CHECK_AT(same(&whole, &part), __FILE__, __LINE__,
			    "big pieces");
		}
	}

	/* ts_norm_feed_pass: PASS (1, nothing appended) exactly when the
	 * output would be the input: nothing to change, nothing held back
	 * for what follows. */
	{
		static const struct {
			const char *in;
			int at_end, pass;
			const char *out;
		} pc[] = {
			{ "caf\xC3\xA9 \xE6\x97\xA5\n", 0, 1, "" },
			{ "caf\xC3\xA9", 1, 1, "" },
			{ "caf\xC3\xA9", 0, 0, "caf" },	/* é waits */
			{ "cafe", 0, 0, "caf" },	/* e may compose */
			{ "cafe\xCC\x81 x\n", 0, 0, "caf\xC3\xA9 x\n" },
			{ "\xE1\x84\x80\xE1\x85\xA1!\n", 0, 0,
			    "\xEA\xB0\x80!\n" },
			{ "", 1, 1, "" },
		};
		ts_norm n;
		int r;

		ts_norm_init(&n, TS_NFC, 0);
		for (i = 0; i < sizeof pc / sizeof pc[0]; i++) {
			out.len = 0;
			ts_norm_reset(&n);
			r = ts_norm_feed_pass(&n, (const uint8_t *)pc[i].in,
			    strlen(pc[i].in), pc[i].at_end, &out);
			CHECK_INT(r, pc[i].pass);
			CHECK_MEM(out.p, out.len, pc[i].out, strlen(pc[i].out));
		}
		ts_norm_free(&n);
	}

	/* The segment caches (keys of up to 8 bytes, and up to 32): far
	 * more distinct segments than slots, each segment in a heap block
	 * of its exact size (ASan sees a key read past it), then again in
	 * one text (keys read as whole words, masked): always what
	 * ts_transform makes of it. */
	{
		static const char *marks[] = { "\xCC\x80", "\xCC\x81",
		    "\xCC\x82", "\xCC\x83", "\xCC\x88", "\xCC\x8A",
		    "\xCC\xA3", "\xCC\xA7", "\xCC\xA8", "\xCD\x85" };
		static const int forms[] = { TS_NFC, TS_NFD, TS_NFKC, TS_NFKD };
		ts_buf seg = TS_BUF_INIT, want = TS_BUF_INIT, text = TS_BUF_INIT;
		ts_unicode u = TS_UNICODE_INIT;
		ts_norm n;
		size_t m1, m2, pass, c1;
		int fi;

		for (fi = 0; fi < 4; fi++) {
			ts_norm_init(&n, (enum ts_form)forms[fi], 0);
			text.len = 0;
			for (pass = 0; pass < 2; pass++)
			for (c1 = 0; c1 < 26 * 2 + 40; c1++)
			for (m1 = 0; m1 < 10; m1++)
			for (m2 = 0; m2 < 11; m2++) {
				uint8_t *p;

				seg.len = 0;
				if (c1 < 52)
					ts_buf_putc(&seg, (uint8_t)(c1 < 26 ?
					    'a' + c1 : 'A' + c1 - 26));
				else {	/* a Hangul LV or LVT in jamo */
					uint8_t jam[9] = { 0xE1, 0x84,
					    (uint8_t)(0x80 + (c1 - 52) % 19),
					    0xE1, 0x85, (uint8_t)(0xA1 + m1),
					    0xE1, 0x86, (uint8_t)(0xA8 + m2) };
					ts_buf_append(&seg, jam,
					    m2 == 10 ? 6 : 9);
				}
				ts_buf_append(&seg, marks[m1], 2);
				if (m2 < 10)
					ts_buf_append(&seg, marks[m2], 2);
				if (pass == 1 && c1 % 7 == 0)	/* longer keys */
					for (k = 0; k < 8; k++)
						ts_buf_append(&seg, marks[(k +
						    m1) % 10], 2);
				want.len = 0;
				CHECK_INT(ts_transform(&u, seg.p, seg.len,
				    (enum ts_form)forms[fi], 0, &want), 0);
				if ((p = malloc(seg.len)) == NULL)
					abort();
				memcpy(p, seg.p, seg.len);
				out.len = 0;
				ts_norm_reset(&n);
				CHECK_INT(ts_norm_feed(&n, p, seg.len, 1, &out),
				    0);
				if (out.len != want.len || memcmp(out.p, want.p,
				    want.len) != 0) {
					CHECK(!"segment cache");
					bad++;
				}
				free(p);
				ts_buf_append(&text, seg.p, seg.len);
				ts_buf_append(&text, " ", 1);
			}
			want.len = 0;
			CHECK_INT(ts_transform(&u, text.p, text.len,
			    (enum ts_form)forms[fi], 0, &want), 0);
			out.len = 0;
			ts_norm_reset(&n);
			CHECK_INT(ts_norm_feed(&n, text.p, text.len, 1, &out), 0);
			CHECK_MEM(out.p, out.len, want.p, want.len);
			ts_norm_free(&n);
		}
		ts_buf_free(&seg), ts_buf_free(&want), ts_buf_free(&text);
		ts_unicode_free(&u);
	}

	ts_buf_free(&in), ts_buf_free(&whole), ts_buf_free(&part);
	ts_buf_free(&again), ts_buf_free(&article), ts_buf_free(&out);
	return check_done("test_clean");
}
