/* test_normconf.c - Unicode NormalizationTest.txt, every part, every
 * column, every form, through ts_clean_feed(): the code path of the
 * normalize binary (decode, quick check, safe split points, utf8proc).
 * Each string is also fed one byte at a time, to cover the streaming,
 * and given whole to ts_transform() (dedupe-lines' keys use it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ts_clean.h"
#include "ts_normprops.h"
#include "ts_unicode.h"
#include "ts_utf8.h"

#define TESTFILE "/usr/share/unicode/NormalizationTest.txt.bz2"

static ts_clean cl[4];		/* nfc, nfd, nfkc, nfkd */
static ts_clean slow[4];	/* the same with positions: no fast path */

static int
noreport(void *arg, const ts_pos *pos, const uint8_t *u, size_t n)
{
	return 0;
}
static ts_buf out;
static long lines_failed;

static const char *fname[] = { "NFC", "NFD", "NFKC", "NFKD" };

/* The form of s[0..n) by form f (0..3), in out; bytewise: 1 byte per
 * feed; 2: whole, by the path that tracks positions (for -v); 3: whole,
 * by ts_transform() alone. */
static const uint8_t *
norm(int f, const uint8_t *s, size_t n, int bytewise, size_t *olen)
{
	size_t i;

	if (bytewise == 3) {
		/* ts_transform() on the whole string: what dedupe-lines
		 * keys and the cleanup passes call. */
		static ts_unicode u = TS_UNICODE_INIT;

		out.len = 0;
		if (ts_transform(&u, s, n, (enum ts_form)(TS_NFC + f), 0,
		    &out) != 0)
			return NULL;
		*olen = out.len;
		return out.p;
	}
	if (bytewise == 2) {
		out.len = 0;
		ts_clean_reset(&slow[f]);
		if (ts_clean_feed(&slow[f], s, n, 1, &out) != 0)
			return NULL;
		*olen = out.len;
		return out.p;
	}
	out.len = 0;
	ts_clean_reset(&cl[f]);
	if (bytewise) {
		for (i = 0; i < n; i++)
			if (ts_clean_feed(&cl[f], s + i, 1, 0, &out) != 0)
				return NULL;
		if (ts_clean_feed(&cl[f], s, 0, 1, &out) != 0)
			return NULL;
	} else if (ts_clean_feed(&cl[f], s, n, 1, &out) != 0)
		return NULL;
	*olen = out.len;
	return out.p;
}

/* Does form f map column from to column to? */
static int
expect(int f, const ts_buf *from, const ts_buf *to, int bytewise)
{
	const uint8_t *r;
	size_t n;

	r = norm(f, from->p, from->len, bytewise, &n);
	return r != NULL && n == to->len && memcmp(r, to->p, n) == 0;
}

static int
parse_col(const char *s, ts_buf *b, int32_t *first, int *count)
{
	char *end;
	long v;
	uint8_t u[4];

	b->len = 0;
	*count = 0;
	for (;;) {
		while (*s == ' ')
			s++;
		if (*s == ';' || *s == '\0')
			return 0;
		v = strtol(s, &end, 16);
		if (end == s)
			return -1;
		if (*count == 0)
			*first = (int32_t)v;
		++*count;
		if (ts_buf_append(b, u, ts_encode((int32_t)v, u)) != 0)
			return -1;
		s = end;
	}
}

int
main(void)
{
	static uint8_t in_part1[0x110000];
	/* c[1..5]: columns; the identities of the file's header. */
	static const int nfc[6] = { 0, 2, 2, 2, 4, 4 };
	static const int nfd[6] = { 0, 3, 3, 3, 5, 5 };
	static const int nfkc[6] = { 0, 4, 4, 4, 4, 4 };
	static const int nfkd[6] = { 0, 5, 5, 5, 5, 5 };
	const int *want[4] = { nfc, nfd, nfkc, nfkd };
	ts_buf col[6] = { TS_BUF_INIT };
	char line[4096], *s;
	int part = -1, f, i, cnt, ok, nlines = 0;
	int32_t first = 0, cp;
	long part1_checked = 0;
	uint8_t u[4];
	FILE *fp;

	CHECK(strcmp(ts_normprops_unicode, ts_unicode_version()) == 0);
	for (f = 0; f < 4; f++) {
		ts_clean_init(&cl[f], (enum ts_form)(TS_NFC + f), 0, 0,
		    TS_INV_REPLACE, '\n');
		ts_clean_init(&slow[f], (enum ts_form)(TS_NFC + f), 0, 0,
		    TS_INV_REPLACE, '\n');
		slow[f].report = noreport;
	}
	if ((fp = popen("bzcat " TESTFILE, "r")) == NULL) {
		perror("bzcat");
		return 1;
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (line[0] == '@') {
			part = atoi(line + 5);
			continue;
		}
		s = line;
		ok = 1;
		for (i = 1; i <= 5; i++) {
			if (parse_col(s, &col[i], &first, &cnt) != 0)
				ok = 0;
			if (i == 1 && part == 1 && cnt == 1)
				in_part1[first] = 1;
			s = strchr(s, ';');
			if (s == NULL) {
				ok = 0;
				break;
			}
			s++;
		}
		CHECK_AT(ok, __FILE__, __LINE__, "parse");
		if (!ok)
			continue;
		nlines++;
		ok = 1;
		for (f = 0; f < 4; f++)
			for (i = 1; i <= 5; i++) {
				if (!expect(f, &col[i], &col[want[f][i]], 0) ||
				    !expect(f, &col[i], &col[want[f][i]], 1) ||
				    !expect(f, &col[i], &col[want[f][i]], 2) ||
				    !expect(f, &col[i], &col[want[f][i]], 3)) {
					ok = 0;
					if (lines_failed < 10)
						fprintf(stderr, "%s(c%d) wrong: %s",
						    fname[f], i, line);
				}
			}
		if (!ok)
			lines_failed++;
	}
	CHECK_INT(pclose(fp), 0);
	CHECK(nlines > 19000);
	CHECK_INT(lines_failed, 0);
	/* Part 1: every code point not listed is left alone by every form. */
	for (cp = 0; cp < 0x110000; cp++) {
		if ((cp >= 0xD800 && cp <= 0xDFFF) || in_part1[cp])
			continue;
		col[1].len = 0;
		ts_buf_append(&col[1], u, ts_encode(cp, u));
		for (f = 0; f < 4; f++)
			if (!expect(f, &col[1], &col[1], 0)) {
				if (lines_failed++ < 20)
					fprintf(stderr, "%s changes U+%04X\n",
					    fname[f], (unsigned)cp);
			}
		part1_checked++;
	}
	CHECK_INT(lines_failed, 0);
	CHECK(part1_checked > 1000000);
	printf("NormalizationTest: %d lines, %ld other code points\n", nlines,
	    part1_checked);
	for (f = 0; f < 4; f++) {
		ts_clean_free(&cl[f]);
		ts_clean_free(&slow[f]);
	}
	for (i = 0; i < 6; i++)
		ts_buf_free(&col[i]);
	ts_buf_free(&out);

	/* ts_normprops_blockfast (generated) says of a block of 64 code
	 * points exactly whether every one is a starter in the form with a
	 * boundary before it and nothing else to look at (ts_norm.c skips
	 * such blocks by it). */
	for (first = 0; first < 0x110000; first += 64) {
		unsigned bits = ts_normprops_blockfast[
		    ts_normprops_index[first >> 6]], all = 0xF;

		for (cp = first; cp < first + 64; cp++)
			for (f = 0; f < 4; f++)
				if (ts_normprops(cp) & (TS_NP_FASTMASK |
				    (unsigned)TS_NP_NOTYES << f |
				    (unsigned)TS_NP_NOBOUND << f))
					all &= ~(1u << f);
		if (bits != all) {
			CHECK_INT(bits, all);
			break;
		}
	}
	CHECK_INT(ts_normprops_blockfast[ts_normprops_index[0x4E00 >> 6]], 0xF);
	CHECK_INT(ts_normprops_blockfast[ts_normprops_index[0x0300 >> 6]], 0);
	return check_done("test_normconf");
}
