/* test_utf8 - the decoder against Unicode 15 §3.9 (Tables 3-7 and 3-8),
 * every scalar value, and sequences cut at buffer boundaries. */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "ts_utf8.h"

/* Decode all of s; write code points (TS_INVALID for units) and unit
 * lengths; return the number of units. */
static size_t
decode_all(const char *s, size_t len, int32_t *cps, size_t *lens)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + len;
	size_t n = 0, k;

	while (p < end) {
		k = ts_next(p, end, &cps[n]);
		lens[n++] = k;
		p += k;
	}
	return n;
}

struct decode_case {
	const char *name;
	const char *in;
	size_t len;
	int32_t want[16];	/* code points, -1 for an ill-formed unit */
	size_t nwant;
};

#define S(x) x, sizeof(x) - 1
#define BAD TS_INVALID

static const struct decode_case cases[] = {
	/* Table 3-7 boundaries: first and last of each row. */
	{ "ascii", S("\x00\x7f"), { 0, 0x7f }, 2 },
	{ "C2..DF", S("\xc2\x80\xdf\xbf"), { 0x80, 0x7ff }, 2 },
	{ "E0 A0..BF", S("\xe0\xa0\x80\xe0\xbf\xbf"), { 0x800, 0xfff }, 2 },
	{ "E1..EC", S("\xe1\x80\x80\xec\xbf\xbf"), { 0x1000, 0xcfff }, 2 },
	{ "ED 80..9F", S("\xed\x80\x80\xed\x9f\xbf"), { 0xd000, 0xd7ff }, 2 },
	{ "EE..EF", S("\xee\x80\x80\xef\xbf\xbf"), { 0xe000, 0xffff }, 2 },
	{ "F0 90..BF", S("\xf0\x90\x80\x80\xf0\xbf\xbf\xbf"), { 0x10000, 0x3ffff }, 2 },
	{ "F1..F3", S("\xf1\x80\x80\x80\xf3\xbf\xbf\xbf"), { 0x40000, 0xfffff }, 2 },
	{ "F4 80..8F", S("\xf4\x80\x80\x80\xf4\x8f\xbf\xbf"), { 0x100000, 0x10ffff }, 2 },
	/* Table 3-8: U+FFFD for maximal subparts. */
	{ "table 3-8", S("\x61\xf1\x80\x80\xe1\x80\xc2\x62\x80\x63\x80\xbf\x64"),
	  { 'a', BAD, BAD, BAD, 'b', BAD, 'c', BAD, BAD, 'd' }, 10 },
	/* Lead bytes that never start a sequence. */
	{ "C0 C1", S("\xc0\xaf\xc1\xbf"), { BAD, BAD, BAD, BAD }, 4 },
	{ "F5..FF", S("\xf5\xf8\xfc\xfe\xff"), { BAD, BAD, BAD, BAD, BAD }, 5 },
	{ "lone continuation", S("\x80\xbf"), { BAD, BAD }, 2 },
	/* Overlongs. */
	{ "overlong 2", S("\xc1\x81"), { BAD, BAD }, 2 },
	{ "overlong 3", S("\xe0\x80\xaf"), { BAD, BAD, BAD }, 3 },
	{ "overlong 3 max", S("\xe0\x9f\xbf"), { BAD, BAD, BAD }, 3 },
	{ "overlong 4", S("\xf0\x80\x80\xaf"), { BAD, BAD, BAD, BAD }, 4 },
	{ "overlong 4 max", S("\xf0\x8f\xbf\xbf"), { BAD, BAD, BAD, BAD }, 4 },
	/* Surrogates (CESU-8 pairs too). */
	{ "surrogate lo", S("\xed\xa0\x80"), { BAD, BAD, BAD }, 3 },
	{ "surrogate hi", S("\xed\xbf\xbf"), { BAD, BAD, BAD }, 3 },
	{ "cesu pair", S("\xed\xa0\xbd\xed\xb8\x80"), { BAD, BAD, BAD, BAD, BAD, BAD }, 6 },
	/* Above U+10FFFF. */
	{ "110000", S("\xf4\x90\x80\x80"), { BAD, BAD, BAD, BAD }, 4 },
	{ "13FFFF", S("\xf4\xbf\xbf\xbf"), { BAD, BAD, BAD, BAD }, 4 },
	/* Truncated sequences followed by other text: one unit each. */
	{ "trunc 2 of 3", S("\xe2\x82x"), { BAD, 'x' }, 2 },
	{ "trunc 3 of 4", S("\xf0\x9f\x98y"), { BAD, 'y' }, 2 },
	{ "trunc 2 of 4", S("\xf0\x9f "), { BAD, ' ' }, 2 },
	{ "trunc then lead", S("\xe2\x82\xe2\x82\xac"), { BAD, 0x20ac }, 2 },
	{ "trunc at end", S("ok\xf0\x9f\x98"), { 'o', 'k', BAD }, 3 },
	{ "nul inside", S("a\0b"), { 'a', 0, 'b' }, 3 },
	{ "noncharacters are valid", S("\xef\xbf\xbe\xef\xbf\xbf"), { 0xfffe, 0xffff }, 2 },
	{ "bom is a character", S("\xef\xbb\xbf"), { 0xfeff }, 1 },
};

static void
test_cases(void)
{
	int32_t cps[64];
	size_t lens[64], n, i, j, total;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct decode_case *c = &cases[i];

		n = decode_all(c->in, c->len, cps, lens);
		CHECK_INT(n, c->nwant);
		if (n != c->nwant) {
			fprintf(stderr, "\tcase %s\n", c->name);
			continue;
		}
		for (j = total = 0; j < n; j++) {
			CHECK_INT(cps[j], c->want[j]);
			total += lens[j];
		}
		CHECK_INT(total, c->len);	/* every byte belongs to a unit */
	}
}

/* Every scalar value encodes and decodes back, with the right length. */
static void
test_all_scalars(void)
{
	uint8_t buf[4];
	int32_t cp, got;
	size_t n, bad = 0;

	for (cp = 0; cp <= 0x10ffff; cp++) {
		n = ts_encode(cp, buf);
		if (cp >= 0xd800 && cp <= 0xdfff) {
			bad += n != 0;
			continue;
		}
		if (n != (cp < 0x80 ? 1u : cp < 0x800 ? 2u : cp < 0x10000 ? 3u : 4u) ||
		    ts_next(buf, buf + n, &got) != n || got != cp)
			bad++;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(ts_encode(0x110000, buf), 0);
	CHECK_INT(ts_encode(-1, buf), 0);
}

/* A sequence cut by the end of the buffer is one unit of the bytes
 * present, and ts_incomplete_tail() says to wait for more. */
static void
test_boundaries(void)
{
	static const char *seqs[] = { "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80" };
	uint8_t buf[8];
	int32_t cp;
	size_t i, cut, n;

	for (i = 0; i < 3; i++) {
		n = strlen(seqs[i]);
		for (cut = 1; cut < n; cut++) {
			memcpy(buf, "ab", 2);
			memcpy(buf + 2, seqs[i], cut);
			CHECK_INT(ts_next(buf + 2, buf + 2 + cut, &cp), cut);
			CHECK_INT(cp, TS_INVALID);
			CHECK_INT(ts_incomplete_tail(buf, 2 + cut), cut);
		}
		memcpy(buf + 2, seqs[i], n);
		CHECK_INT(ts_incomplete_tail(buf, 2 + n), 0);
	}
	/* Ill-formed tails are not "incomplete": no point waiting. */
	CHECK_INT(ts_incomplete_tail((const uint8_t *)"a\xe0\x80", 3), 0);
	CHECK_INT(ts_incomplete_tail((const uint8_t *)"a\xed\xa0", 3), 0);
	CHECK_INT(ts_incomplete_tail((const uint8_t *)"a\xf4\x90", 3), 0);
	CHECK_INT(ts_incomplete_tail((const uint8_t *)"a\x80\x80", 3), 0);
	CHECK_INT(ts_incomplete_tail((const uint8_t *)"\xc0", 1), 0);
	CHECK_INT(ts_incomplete_tail((const uint8_t *)"\xf5", 1), 0);
	CHECK_INT(ts_incomplete_tail((const uint8_t *)"", 0), 0);
	CHECK_INT(ts_incomplete_tail((const uint8_t *)"\xf0\x9f\x98", 3), 3);
	CHECK_INT(ts_incomplete_tail((const uint8_t *)"\xe2\x82\xac\xe2", 4), 1);
}

static void
test_spans(void)
{
	uint8_t buf[80];
	size_t i, at;

	memset(buf, 'a', sizeof buf);
	CHECK_INT(ts_ascii_span(buf, sizeof buf), sizeof buf);
	for (at = 0; at < 40; at++) {	/* every alignment of the word scan */
		memset(buf, 'a', sizeof buf);
		buf[at] = 0xc3;
		for (i = 0; i < 8; i++)
			CHECK_INT(ts_ascii_span(buf + i, sizeof buf - i),
			    at >= i ? at - i : sizeof buf - i);
	}
	CHECK_INT(ts_valid_span((const uint8_t *)"abc\xc3\xa9x\xffyz", 9), 6);
	CHECK_INT(ts_valid_span((const uint8_t *)"\xe2\x82", 2), 0);
	CHECK_INT(ts_count_units((const uint8_t *)"a\xc3\xa9\xe0\x80z", 6), 5);
	CHECK_INT(ts_count_units((const uint8_t *)"", 0), 0);
}

int
main(void)
{
	test_cases();
	test_all_scalars();
	test_boundaries();
	test_spans();
	return check_done("test_utf8");
}
