/* test_wstats.c - ts_wstats: the same results whatever the chunking of
 * the input (every chunk size up to 67 bytes, so code points, CR LF and
 * lines fall across every boundary), partial round trip, syllables. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ts_err.h"
#include "ts_segment.h"
#include "ts_wstats.h"

static const char text[] =
    "Kerry met \xE2\x80\x9C" "diplomats\xE2\x80\x9D today. The U.S. can't wait!\r\n"
    "\r\n"
    "Stra\xC3\x9F" "e e\xCC\x81t\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87 3.14 \xFF\xFE bad.\n"
    "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9 family? Yes. etc. and more"
    "\n\n\nLast one";

static void
run(ts_wstats *ws, size_t chunk)
{
	size_t len = sizeof text - 1, i, n;

	ts_wstats_init(ws, TS_WS_COUNT, 2, NULL, NULL);
	for (i = 0; i < len; i += n) {
		n = len - i < chunk ? len - i : chunk;
		CHECK_INT(ts_wstats_feed(ws, (const uint8_t *)text + i, n), 0);
	}
	CHECK_INT(ts_wstats_end(ws), 0);
}

static int
same(const ts_wstats *a, const ts_wstats *b)
{
	const ts_counter_entry *e, *f;
	size_t i = 0;

	if (memcmp(&a->t, &b->t, sizeof a->t) != 0 || a->words.n != b->words.n ||
	    a->grams.n != b->grams.n || a->para_first != b->para_first ||
	    a->para_last != b->para_last)
		return 0;
	while (ts_counter_next(&a->words, &i, &e))
		if ((f = ts_counter_get(&b->words, e->key, e->len)) == NULL ||
		    f->count != e->count)
			return 0;
	for (i = 0; ts_counter_next(&a->grams, &i, &e); )
		if ((f = ts_counter_get(&b->grams, e->key, e->len)) == NULL ||
		    f->count != e->count)
			return 0;
	return 1;
}

/* Random text of pieces (a linear congruential generator on *seed), up
 * to cap bytes: each piece in turn until the next one does not fit.
 * Piece rare, when drawn, is taken only one time in 8 (pieces[0]
 * otherwise).  Returns the length. */
static size_t
random_text(const char *const *pieces, size_t npieces, size_t rare,
    uint8_t *t, size_t cap, uint32_t *seed)
{
	size_t len, k, c;

	for (len = 0; ; len += k) {
		*seed = *seed * 1103515245 + 12345;
		c = (*seed >> 16) % npieces;
		if (c == rare && (*seed >> 8) % 8 != 0)
			c = 0;
		k = strlen(pieces[c]);
		if (len + k > cap)
			return len;
		memcpy(t + len, pieces[c], k);
	}
}

/* Tokens from the engine (its ASCII fast paths) against tokens from
 * ts_word_next() alone, on random strings of tricky pieces. */
static ts_buf got;

static int
collect(void *ctx, const uint8_t *p, size_t len, int end)
{
	(void)ctx, (void)end;
	ts_buf_append(&got, p, len);
	ts_buf_putc(&got, '|');
	return 0;
}

static void
differential(void)
{
	static const char *const pieces[] = {
		"a", "Z", "q", "1", "9", ".", ",", "'", ":", ";", "_", " ",
		"\n", "\r\n", "-", "!", "\"", "\xC3\xA9", "\xCC\x81",
		"\xE2\x80\x99", "\xE4\xB8\xAD", "\xFF", "\xE2\x80\x8D",
		"\xD7\x90", "abcdefghijklmn", "0123456789",
	};
	uint8_t text[200];
	ts_buf want = TS_BUF_INIT;
	ts_wstats ws;
	uint32_t seed = 12345;
	size_t len, pos, n, i;
	int round, bad = 0;

	for (round = 0; round < 3000; round++) {
		len = random_text(pieces, sizeof pieces / sizeof pieces[0],
		    SIZE_MAX, text, sizeof text, &seed);
		want.len = got.len = 0;
		/* Reference: line by line, ts_word_next() only. */
		for (pos = 0; pos < len; ) {
			const uint8_t *nl = memchr(text + pos, '\n', len - pos);
			size_t end = nl ? (size_t)(nl - text) + 1 : len;

			for (; pos < end; pos += n) {
				n = ts_word_next(text + pos, end - pos);
				if (ts_segment_is_word(text + pos, n)) {
					ts_buf_append(&want, text + pos, n);
					ts_buf_putc(&want, '|');
				}
			}
		}
		ts_wstats_init(&ws, TS_WS_TOKENS | TS_WS_NOFOLD, 1, collect,
		    NULL);
		for (i = 0; i < len; i += 7)	/* odd chunks, too */
			ts_wstats_feed(&ws, text + i, len - i < 7 ? len - i : 7);
		ts_wstats_end(&ws);
		ts_wstats_free(&ws);
		if (want.len != got.len || memcmp(want.p, got.p, got.len) != 0)
			bad++;
	}
	CHECK_INT(bad, 0);
	ts_buf_free(&want);
	ts_buf_free(&got);
}

/* Word counts from the counting path (its inner loop for short ASCII
 * words, near line ends too) against the words the --tokens path emits
 * (folded, counted here), on random lines of tricky pieces. */
static int
count_token(void *ctx, const uint8_t *p, size_t len, int end)
{
	(void)end;
	return ts_counter_add(ctx, p, len, 1) < 0 ? TS_ENOMEM : 0;
}

static void
count_differential(void)
{
	static const char *const pieces[] = {
		"a", "Z", "q", "1", ".", ",", "'", ":", " ", " ", " ", "\n",
		"!", "?", "\xC3\xA9", "\xE2\x80\x99", "\xFF", "Hello",
		"WORLD", "don", "abcdefghijkl", "ABCDEFGHIJKLM", "0123456789",
		"Ab1", "e.g", "\r\n", "-",
	};
	uint8_t t[400];
	ts_counter want;
	ts_wstats tok, ws;
	const ts_counter_entry *e, *w;
	uint32_t seed = 4242;
	uint64_t sum;
	size_t len, i;
	int round, bad = 0;

	for (round = 0; round < 2000; round++) {
		len = random_text(pieces, sizeof pieces / sizeof pieces[0],
		    SIZE_MAX, t, sizeof t, &seed);
		ts_counter_init(&want, 1);
		ts_wstats_init(&tok, TS_WS_TOKENS, 1, count_token, &want);
		ts_wstats_feed(&tok, t, len);
		ts_wstats_end(&tok);
		ts_wstats_free(&tok);
		ts_wstats_init(&ws, TS_WS_COUNT, 1, NULL, NULL);
		for (i = 0; i < len; i += 13)	/* odd chunks, too */
			ts_wstats_feed(&ws, t + i, len - i < 13 ? len - i : 13);
		ts_wstats_end(&ws);
		sum = 0;
		for (i = 0; ts_counter_next(&want, &i, &w); )
			sum += w->count;
		if (ws.words.n != want.n || ws.t.words != sum)
			bad++;
		else
			for (i = 0; ts_counter_next(&ws.words, &i, &e); )
				if ((w = ts_counter_get(&want, e->key,
				    e->len)) == NULL || w->count != e->count) {
					bad++;
					break;
				}
		ts_wstats_free(&ws);
		ts_counter_free(&want);
	}
	CHECK_INT(bad, 0);
}

/* Cutting long lines (ts_wstats.h) changes nothing: the same counts,
 * n-grams, tokens and sentences with lines cut every few bytes as with
 * lines held whole, on random text rich in what the cut rules must
 * respect (spaces, punctuation, terminators, ill-formed bytes, marks,
 * non-ASCII letters and terminators). */
static int
collect_sentence(void *ctx, const uint8_t *p, size_t len, int end)
{
	ts_buf *b = ctx;

	ts_buf_append(b, p, len);
	if (end)
		ts_buf_putc(b, '|');
	return 0;
}

static void
run_cut(ts_wstats *ws, int flags, size_t cut_min, const uint8_t *t,
    size_t len, size_t chunk, ts_buf *sink)
{
	size_t i, n;

	ts_wstats_init(ws, flags, 2, flags & TS_WS_COUNT ? NULL :
	    collect_sentence, sink);
	ws->cut_min = ws->cut_limit = cut_min;
	for (i = 0; i < len; i += n) {
		n = len - i < chunk ? len - i : chunk;
		ts_wstats_feed(ws, t + i, n);
	}
	ts_wstats_end(ws);
}

static void
cut_differential(void)
{
	static const char *const pieces[] = {
		" ", " ", "  ", "\t", "-", "--", "*", "#", "/", "(", ")", "\"",
		"'", ".", ". ", "! ", "? ", "...", ",", ":", ";", "_", "a", "b",
		"Hello", "world", "X", "3", "42", "\xFF", "\xE2\x82", "\xC0",
		"\xCC\x81", "\xE2\x80\x8D", "\xC3\xA9", "\xE4\xB8\xAD",
		"\xE3\x80\x82", "\xE2\x80\x99", "\xC2\x85", "\xC2\xA0",
		"\xF0\x9F\x87\xAB", "\r", "\n", "etc.", "U.S.", " x y ",
	};
	static const int flagsets[] = { TS_WS_COUNT, TS_WS_TOKENS,
	    TS_WS_TOKENS | TS_WS_NOFOLD, TS_WS_SENTENCES };
	uint8_t t[600];
	ts_buf a = TS_BUF_INIT, b = TS_BUF_INIT;
	ts_wstats whole, part;
	uint32_t seed = 777;
	size_t len, f;
	int round, bad = 0;

	for (round = 0; round < 1500; round++) {
		/* Mostly one long line: newlines ("\n") are rare. */
		len = random_text(pieces, sizeof pieces / sizeof pieces[0],
		    sizeof pieces / sizeof pieces[0] - 4, t, sizeof t, &seed);
		for (f = 0; f < sizeof flagsets / sizeof flagsets[0]; f++) {
			a.len = b.len = 0;
			run_cut(&whole, flagsets[f], SIZE_MAX, t, len, len, &a);
			run_cut(&part, flagsets[f], 2 + round % 40, t, len,
			    1 + round % 29, &b);
			if (!same(&whole, &part) || a.len != b.len ||
			    (a.len > 0 && memcmp(a.p, b.p, a.len) != 0))
				bad++;
			ts_wstats_free(&whole);
			ts_wstats_free(&part);
		}
	}
	CHECK_INT(bad, 0);
	ts_buf_free(&a);
	ts_buf_free(&b);
}

int
main(void)
{
	ts_wstats whole, part;
	const ts_counter_entry *e;
	const char *why;
	size_t chunk;

	run(&whole, sizeof text);
	/* Counted by hand: words Kerry met diplomats today The U.S can't
	 * wait Straße e\u0301té 中 文 3.14 bad family Yes etc and more
	 * Last one = 21; sentences: "Kerry ... today.", "The U.S. can't
	 * wait!", "Straße ... bad.", "... family?", "Yes. etc. and more"
	 * (SB8: a lower-case word after "Yes. " goes on), "Last one" = 6;
	 * 6 line feeds; paragraphs: line 1, lines 3-4, line 7 = 3. */
	CHECK_INT(whole.t.words, 21);
	CHECK_INT(whole.t.sentences, 6);
	CHECK_INT(whole.t.lines, 6);
	CHECK_INT(whole.t.paragraphs, 3);
	CHECK_INT(whole.t.bytes, sizeof text - 1);
	CHECK((e = ts_counter_get(&whole.words, (const uint8_t *)"strasse", 7))
	    != NULL && e->count == 1);
	CHECK(ts_counter_get(&whole.grams, (const uint8_t *)"today the", 9) ==
	    NULL);	/* not across sentences */
	CHECK(ts_counter_get(&whole.grams, (const uint8_t *)"the u.s", 7) !=
	    NULL);
	for (chunk = 1; chunk < 68; chunk++) {
		run(&part, chunk);
		CHECK_AT(same(&whole, &part), __FILE__, __LINE__, "chunked run");
		ts_wstats_free(&part);
	}

	/* Merging rejects garbage and adds up what it accepts. */
	ts_wstats_init(&part, TS_WS_COUNT, 1, NULL, NULL);
	CHECK_INT(ts_wstats_merge_line(&part, (const uint8_t *)"w\t3\tx", 5,
	    &why), 0);
	CHECK_INT(ts_wstats_merge_line(&part, (const uint8_t *)"w\t2\tx", 5,
	    &why), 0);
	CHECK_INT(ts_counter_get(&part.words, (const uint8_t *)"x", 1)->count,
	    5);
	CHECK_INT(ts_wstats_merge_line(&part, (const uint8_t *)"w\t\tx", 4,
	    &why), TS_EINVAL);
	CHECK_INT(ts_wstats_merge_line(&part, (const uint8_t *)"w\t1", 3,
	    &why), TS_EINVAL);
	CHECK_INT(ts_wstats_merge_line(&part, (const uint8_t *)
	    "total\twords\t99999999999999999999", 32, &why), TS_EINVAL);
	CHECK_INT(ts_wstats_merge_line(&part, (const uint8_t *)"", 0, &why),
	    TS_EINVAL);
	ts_wstats_free(&part);

	CHECK_INT(ts_syllables((const uint8_t *)"make", 4), 1);
	CHECK_INT(ts_syllables((const uint8_t *)"table", 5), 2);
	CHECK_INT(ts_syllables((const uint8_t *)"readability", 11), 5);
	CHECK_INT(ts_syllables((const uint8_t *)"3.14", 4), 1);
	ts_wstats_free(&whole);
	differential();
	count_differential();
	cut_differential();
	return check_done("test_wstats");
}
