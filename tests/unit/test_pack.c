/* test_pack - ts_pack: round trips, exact sizes, and distinct keys give
 * distinct packed forms (the property a set relies on). */
#include <sys/mman.h>

#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ts_pack.h"

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/* Pack, check the bound and the length, unpack, compare. */
static size_t
round_trip(const uint8_t *p, size_t n, uint8_t *packed)
{
	size_t m, bound = ts_pack_bound(n);
	uint8_t *buf = malloc(bound + 16), *back = malloc(n + 8);

	memset(buf, 0xA5, bound + 16);
	m = ts_pack(p, n, buf);
	CHECK(m <= bound);
	/* nothing written past the bound */
	CHECK(buf[bound] == 0xA5 && buf[bound + 15] == 0xA5);
	CHECK_INT(ts_unpack_len(buf, m), n);
	CHECK_INT(ts_unpack(buf, m, back), n);
	CHECK_MEM(back, n, p, n);
	if (packed != NULL)
		memcpy(packed, buf, m);
	free(buf);
	free(back);
	return m;
}

static void
test_sizes(void)
{
	uint8_t p[200], q[400];
	size_t n;

	memset(p, 'a', sizeof p);
	CHECK_INT(round_trip(p, 0, q), 1);		/* varint 0 */
	CHECK_INT(q[0], 0);
	CHECK_INT(round_trip(p, 7, NULL), 1 + 7);
	CHECK_INT(round_trip(p, 8, NULL), 1 + 7);
	CHECK_INT(round_trip(p, 16, NULL), 1 + 14);
	CHECK_INT(round_trip(p, 64, q), 2 + 56);	/* 128 needs 2 bytes */
	CHECK_INT(q[0], 0x80);
	CHECK_INT(q[1], 1);
	/* one high byte at 9 of 16: low7 14, map 1, mask 1 */
	p[9] = 0xC3;
	CHECK_INT(round_trip(p, 16, q), 1 + 14 + 1 + 1);
	CHECK_INT(q[0], 33);				/* 2 * 16 + 1 */
	CHECK_INT(q[15], 0x02);				/* group 1 */
	CHECK_INT(q[16], 0x02);				/* byte 1 of it */
	p[9] = 'a';
	/* worst case: all bytes high */
	memset(q, 0xFF, 200);
	n = round_trip(q, 200, NULL);
	CHECK_INT(n, 2 + 175 + 4 + 25);
	CHECK(n <= ts_pack_bound(200));
	/* 8 bytes packed: 'a' (0x61) x 7 with 'b' (0x62) in their high bits */
	memset(p, 'a', 7);
	p[7] = 'b';
	round_trip(p, 8, q);
	CHECK_INT(q[1], 0x61);			/* bit 0 of 0x62 is 0 */
	CHECK_INT(q[2], 0x61 | 0x80);		/* bit 1 is 1 */
	CHECK_INT(q[6], 0x61 | 0x80);		/* bit 5 is 1 */
	CHECK_INT(q[5], 0x61);			/* bit 4 is 0 */
	CHECK_INT(q[7], 0x61 | 0x80);		/* bit 6 is 1: 0x62 = 1100010 */
}

/* Strings that differ only where packing drops information would
 * collide: trailing NULs, high bits, the 8th byte of a group. */
static void
test_distinct(void)
{
	static const char *const keys[] = {
		"", "\0", "\0\0", "aaaaaaa", "aaaaaaa\0", "aaaaaaa\x80",
		"aaaaaaaa", "\x80", "\x80\0", "\0\x80", "\xff", "\x7f",
		"aaaaaaaa\0", "aaaaaaaaa", "\x80\x80\x80\x80\x80\x80\x80\x80",
		"\0\0\0\0\0\0\0\0", "\0\0\0\0\0\0\0",
	};
	static const size_t lens[] = {
		0, 1, 2, 7, 8, 8, 8, 1, 2, 2, 1, 1, 9, 9, 8, 8, 7,
	};
	uint8_t a[64], b[64];
	size_t i, j, ma, mb;

	for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		ma = round_trip((const uint8_t *)keys[i], lens[i], a);
		for (j = 0; j < i; j++) {
			mb = round_trip((const uint8_t *)keys[j], lens[j], b);
			CHECK(ma != mb || memcmp(a, b, ma) != 0);
		}
	}
}

static void
test_random(void)
{
	uint8_t p[1300], q[1300], a[1600], b[1600];
	size_t n, i, ma, mb, k;

	for (k = 0; k < 20000; k++) {
		n = 1 + rnd() % (k % 4 ? 299 : 1299);
		for (i = 0; i < n; i++)
			p[i] = (uint8_t)(k & 1 ? rnd() : (rnd() % 8 ? 'a' +
			    rnd() % 3 : 0x80 | rnd() % 4));
		ma = round_trip(p, n, a);
		/* change one byte or the length: the packed form differs */
		memcpy(q, p, n);
		if (rnd() % 2) {
			q[rnd() % n] ^= (uint8_t)(1u << (rnd() % 8));
			mb = ts_pack(q, n, b);
		} else
			mb = ts_pack(q, n - 1, b);
		CHECK(ma != mb || memcmp(a, b, ma) != 0);
	}
}

/* ts_pack (AVX-512 where the processor has it) gives the bytes of the
 * portable ts_pack_generic, and reads nothing outside the input nor
 * writes outside ts_pack_bound: the input ends where an unreadable page
 * starts, and the bound ends where an unwritable one does. */
static void
test_same_as_generic(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	size_t page = pg > 0 ? (size_t)pg : 4096, n, i, k, m, mg, bound;
	uint8_t *in, *out, *ref = malloc(4 * page);
	int same = 1, kind;

	in = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	out = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(in != MAP_FAILED && out != MAP_FAILED && ref != NULL);
	if (in == MAP_FAILED || out == MAP_FAILED || ref == NULL)
		return;
	CHECK_INT(mprotect(in + page, page, PROT_NONE), 0);
	CHECK_INT(mprotect(out + 2 * page, page, PROT_NONE), 0);
	for (k = 0; k < 60000; k++) {
		n = k < 700 ? k : rnd() % (k % 8 ? 300 : 1400);
		kind = (int)(k % 5);
		uint8_t *p = in + page - n;	/* ends at the guard page */

		for (i = 0; i < n; i++) {
			uint32_t x = rnd();

			p[i] = (uint8_t)(kind == 0 ? x & 0x7F : kind == 1 ? x :
			    kind == 2 ? (x % 23 ? x & 0x7F : 0x80 | x) :
			    kind == 3 ? (x & 1 ? 0xFF : 0) : 0x80);
		}
		bound = ts_pack_bound(n);
		m = ts_pack(p, n, out + 2 * page - bound);
		mg = ts_pack_generic(p, n, ref);
		if (m != mg || memcmp(out + 2 * page - bound, ref, m) != 0) {
			if (same)
				fprintf(stderr, "test_pack: ts_pack and "
				    "ts_pack_generic differ, n %zu kind %d\n",
				    n, kind);
			same = 0;
		}
	}
	CHECK(same);
	fprintf(stderr, "test_pack: ts_pack %s\n", ts_pack_simd() ?
	    "uses AVX-512 here, compared with the portable code" :
	    "is the portable code here (no AVX-512)");
	munmap(in, 2 * page);
	munmap(out, 3 * page);
	free(ref);
}

int
main(void)
{
	test_sizes();
	test_distinct();
	test_random();
	test_same_as_generic();
	return check_done("test_pack");
}
