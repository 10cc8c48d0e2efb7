/* test_entity.c - ts_entity_decode: the table, named and numeric rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ts_buf.h"
#include "ts_entity.h"
#include "ts_err.h"

/* Decode s (at_end) and compare the result and the output. */
#define DEC(s, want_r, want_out) dec_at((s), sizeof(s) - 1, 1, (want_r), \
	(want_out), sizeof(want_out) - 1, __LINE__)
#define DEC_MORE(s) dec_at((s), sizeof(s) - 1, 0, TS_ENTITY_MORE, "", 0, __LINE__)

static void
dec_at(const char *s, size_t n, int at_end, long want_r, const char *want,
    size_t wlen, int line)
{
	ts_buf out = TS_BUF_INIT;
	long r = ts_entity_decode((const uint8_t *)s, n, at_end, &out);

	CHECK_AT(r == want_r, __FILE__, line, s);
	if (r != want_r)
		fprintf(stderr, "\tgot %ld, want %ld\n", r, want_r);
	CHECK_AT(out.len == (r > 0 ? wlen : 0) &&
	    (out.len == 0 || memcmp(out.p, want, wlen) == 0), __FILE__, line, s);
	ts_buf_free(&out);
}

static void
utf8(uint32_t c, char *u, size_t *n)
{
	if (c < 0x80)
		u[(*n)++] = (char)c;
	else if (c < 0x800) {
		u[(*n)++] = (char)(0xC0 | c >> 6);
		u[(*n)++] = (char)(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		u[(*n)++] = (char)(0xE0 | c >> 12);
		u[(*n)++] = (char)(0x80 | (c >> 6 & 0x3F));
		u[(*n)++] = (char)(0x80 | (c & 0x3F));
	} else {
		u[(*n)++] = (char)(0xF0 | c >> 18);
		u[(*n)++] = (char)(0x80 | (c >> 12 & 0x3F));
		u[(*n)++] = (char)(0x80 | (c >> 6 & 0x3F));
		u[(*n)++] = (char)(0x80 | (c & 0x3F));
	}
}

/* Every row of the committed data file decodes through the generated
 * table to its code points, followed by "!" so nothing longer matches. */
static void
whole_table(void)
{
	FILE *f = fopen("tools/data/html5-entities.tsv", "r");
	char line[256], in[64], want[16];
	size_t rows = 0, bad = 0;

	CHECK(f != NULL);
	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		char *tab = strchr(line, '\t'), *q;
		size_t wn = 0, nl;
		ts_buf out = TS_BUF_INIT;
		long r;

		if (line[0] == '#' || tab == NULL)
			continue;
		*tab = '\0';
		nl = strlen(line);
		for (q = tab + 1; *q != '\n' && *q != '\0';)
			utf8((uint32_t)strtoul(q, &q, 16), want, &wn);
		snprintf(in, sizeof in, "&%s!", line);
		r = ts_entity_decode((const uint8_t *)in, nl + 2, 1, &out);
		if (r != (long)nl + 1 || out.len != wn || memcmp(out.p, want, wn) != 0) {
			if (bad++ < 5)
				fprintf(stderr, "\ttable row %s: got %ld\n", line, r);
		}
		rows++;
		ts_buf_free(&out);
	}
	fclose(f);
	CHECK_INT(rows, 2231);
	CHECK_INT(bad, 0);
}

/* Whatever prefix of s is passed, an answer other than MORE is the
 * final answer: the same as with all of s. */
static void
prefixes(const char *s)
{
	size_t n = strlen(s), l;
	ts_buf full = TS_BUF_INIT;
	long want = ts_entity_decode((const uint8_t *)s, n, 1, &full);

	for (l = 1; l <= n; l++) {
		ts_buf out = TS_BUF_INIT;
		long r = ts_entity_decode((const uint8_t *)s, l, l == n, &out);

		if (r != TS_ENTITY_MORE) {
			CHECK_AT(r == want && out.len == full.len &&
			    (out.len == 0 || memcmp(out.p, full.p, out.len) == 0),
			    __FILE__, __LINE__, s);
			ts_buf_free(&out);
			break;
		}
		CHECK_AT(l < TS_ENTITY_MAX, __FILE__, __LINE__, s);
		ts_buf_free(&out);
	}
	ts_buf_free(&full);
}

/* Found by fuzz/fuzz_entity.c: "&#x" and 61 zeros (64 bytes) with
 * at_end gave U+FFFD, without at_end 0: digits that reach byte
 * TS_ENTITY_MAX are no reference "whatever follows" (ts_entity.h),
 * nothing following included, so a streaming caller's result does not
 * depend on whether it knew the input ended there. */
static void
test_digits_to_window_end_at_end(void)
{
	char s[TS_ENTITY_MAX];
	size_t i;

	memcpy(s, "&#x", 3);
	for (i = 3; i < TS_ENTITY_MAX; i++)
		s[i] = '0';
	dec_at(s, TS_ENTITY_MAX, 1, 0, "", 0, __LINE__);
	dec_at(s, TS_ENTITY_MAX, 0, 0, "", 0, __LINE__);
	s[1] = '#', s[2] = '0';		/* decimal too */
	dec_at(s, TS_ENTITY_MAX, 1, 0, "", 0, __LINE__);
	/* One digit less: within the window, a reference at the end. */
	dec_at(s, TS_ENTITY_MAX - 1, 1, TS_ENTITY_MAX - 1, "\xEF\xBF\xBD", 3,
	    __LINE__);
}

int
main(void)
{
	uint32_t cp[2];
	char big[200];
	static const char *const pre[] = {
		"&amp;x", "&ampx", "&notin;", "&notit;", "&copyright", "&#8217;",
		"&#x2019x", "&#", "&#x", "&#;", "&foo;bar", "&CounterClockwiseContourIntegral;",
		"&Counter", "&a", "&", "&#0000000000000000000000000000000000000000000000000000000000000065;",
		"&#00000000000000000000000000000000000000000000000000000000000065;",
		"&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;",
	};
	size_t i;

	/* The table: size and spot values (checked against the WHATWG list). */
	CHECK_INT(ts_entity_count(), 2231);
	CHECK_INT(ts_entity_lookup("amp;", 4, cp), 1);
	CHECK_INT(cp[0], 0x26);
	CHECK_INT(ts_entity_lookup("amp", 3, cp), 1);
	CHECK_INT(ts_entity_lookup("copy", 4, cp), 1);
	CHECK_INT(cp[0], 0xA9);
	CHECK_INT(ts_entity_lookup("eacute", 6, cp), 1);
	CHECK_INT(cp[0], 0xE9);
	CHECK_INT(ts_entity_lookup("rsquo;", 6, cp), 1);
	CHECK_INT(cp[0], 0x2019);
	CHECK_INT(ts_entity_lookup("rsquo", 5, cp), 0);	/* no legacy form */
	CHECK_INT(ts_entity_lookup("fjlig;", 6, cp), 2);
	CHECK_INT(cp[0], 0x66);
	CHECK_INT(cp[1], 0x6A);
	CHECK_INT(ts_entity_lookup("NotEqualTilde;", 14, cp), 2);
	CHECK_INT(cp[0], 0x2242);
	CHECK_INT(cp[1], 0x338);
	CHECK_INT(ts_entity_lookup("Afr;", 4, cp), 1);
	CHECK_INT(cp[0], 0x1D504);
	CHECK_INT(ts_entity_lookup("zwnj;", 5, cp), 1);
	CHECK_INT(cp[0], 0x200C);
	CHECK_INT(ts_entity_lookup("Amp;", 4, cp), 0);
	whole_table();

	/* Named references. */
	DEC("&amp;", 5, "&");
	DEC("&amp", 4, "&");
	DEC("&AMP;", 5, "&");
	DEC("&ampx", 4, "&");
	DEC("&amp x", 4, "&");
	DEC("&copyright", 5, "\xC2\xA9");
	DEC("&notit;", 4, "\xC2\xAC");
	DEC("&notin;", 7, "\xE2\x88\x89");
	DEC("&noti", 4, "\xC2\xAC");
	DEC("&eacute;t", 8, "\xC3\xA9");
	DEC("&eacutet", 7, "\xC3\xA9");
	DEC("&hellip;", 8, "\xE2\x80\xA6");
	DEC("&hellip", 0, "");
	DEC("&nbsp;", 6, "\xC2\xA0");
	DEC("&CounterClockwiseContourIntegral;", 33, "\xE2\x88\xB3");
	DEC("&NotEqualTilde;", 15, "\xE2\x89\x82\xCC\xB8");
	DEC("&fjlig;", 7, "fj");
	DEC("&Afr;", 5, "\xF0\x9D\x94\x84");
	DEC("&foo;", 0, "");
	DEC("&Amp;", 0, "");
	DEC("&;", 0, "");
	DEC("& x", 0, "");
	DEC("&", 0, "");
	DEC_MORE("&");
	DEC_MORE("&amp");
	DEC_MORE("&noti");
	DEC_MORE("&a");

	/* Numeric references. */
	DEC("&#8217;", 7, "\xE2\x80\x99");
	DEC("&#x2019;", 8, "\xE2\x80\x99");
	DEC("&#X2019;", 8, "\xE2\x80\x99");
	DEC("&#8217", 6, "\xE2\x80\x99");
	DEC("&#8217 ", 6, "\xE2\x80\x99");
	DEC("&#65x", 4, "A");
	DEC("&#x41g;", 5, "A");
	DEC("&#x1F600;", 9, "\xF0\x9F\x98\x80");
	DEC("&#;", 0, "");
	DEC("&#x;", 0, "");
	DEC("&#xg", 0, "");
	DEC("&#a", 0, "");
	DEC("&#", 0, "");
	DEC("&#x", 0, "");
	DEC_MORE("&#");
	DEC_MORE("&#x");
	DEC_MORE("&#82");
	DEC_MORE("&#x20");
	DEC("&#0;", 4, "\xEF\xBF\xBD");
	DEC("&#xD800;", 8, "\xEF\xBF\xBD");
	DEC("&#xDFFF;", 8, "\xEF\xBF\xBD");
	DEC("&#x110000;", 10, "\xEF\xBF\xBD");
	DEC("&#x10FFFF;", 10, "\xF4\x8F\xBF\xBF");
	DEC("&#99999999999999999999;", 23, "\xEF\xBF\xBD");
	DEC("&#x80;", 6, "\xE2\x82\xAC");
	DEC("&#150;", 6, "\xE2\x80\x93");
	DEC("&#x81;", 6, "\xC2\x81");
	DEC("&#x8D;", 6, "\xC2\x8D");
	DEC("&#x9F;", 6, "\xC5\xB8");
	DEC("&#xA0;", 6, "\xC2\xA0");
	DEC("&#xFFFF;", 8, "\xEF\xBF\xBF");
	DEC("&#1;", 4, "\x01");
	DEC("&#13;", 5, "\r");
	DEC("&#x7F;", 6, "\x7F");

	/* The 64-byte window. */
	DEC("&#00000000000000000000000000000000000000000000000000065;", 56, "A");
	DEC("&#0000000000000000000000000000000000000000000000000000000000065;", 64, "A");
	DEC("&#00000000000000000000000000000000000000000000000000000000000065;", 0, "");
	memset(big, '0', sizeof big);
	big[0] = '&', big[1] = '#';
	{
		ts_buf out = TS_BUF_INIT;

		CHECK_INT(ts_entity_decode((uint8_t *)big, 64, 0, &out), 0);
		CHECK_INT(ts_entity_decode((uint8_t *)big, 63, 0, &out), TS_ENTITY_MORE);
		CHECK_INT(ts_entity_decode((uint8_t *)big, sizeof big, 1, &out), 0);
		memset(big + 1, 'a', sizeof big - 1);
		CHECK_INT(ts_entity_decode((uint8_t *)big, 64, 0, &out), 0);
		CHECK_INT(ts_entity_decode((uint8_t *)big, sizeof big, 0, &out), 0);
		memcpy(big + 1, "amp", 3);
		CHECK_INT(ts_entity_decode((uint8_t *)big, 64, 0, &out), 4);
		CHECK_INT(out.len, 1);
		ts_buf_free(&out);
	}
	for (i = 0; i < sizeof pre / sizeof pre[0]; i++)
		prefixes(pre[i]);
	test_digits_to_window_end_at_end();
	return check_done("test_entity");
}
