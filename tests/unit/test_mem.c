/* test_mem - the hash, the arena and the growable buffer. */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "ts_arena.h"
#include "ts_buf.h"
#include "ts_hash.h"

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void
test_hash(void)
{
	enum { N = 1000000 };
	uint64_t *h = malloc(N * sizeof *h), seed = 42;
	char key[32];
	size_t i, dups = 0, len;
	int bit, flips, worst = 64, best = 0;
	uint8_t buf[64] = { 0 };
	ts_hash128_t a, b;

	/* Deterministic for a seed, different across seeds and lengths. */
	CHECK(ts_hash64("abc", 3, seed) == ts_hash64("abc", 3, seed));
	CHECK(ts_hash64("abc", 3, seed) != ts_hash64("abc", 3, seed + 1));
	CHECK(ts_hash64("", 0, seed) != ts_hash64("\0", 1, seed));
	CHECK(ts_hash64("a", 1, seed) != ts_hash64("a\0", 2, seed));
	a = ts_hash128("line", 4, seed), b = ts_hash128("line", 4, seed);
	CHECK(a.lo == b.lo && a.hi == b.hi && a.lo != a.hi);

	/* No 64-bit collisions among a million similar keys. */
	for (i = 0; i < N; i++) {
		len = (size_t)snprintf(key, sizeof key, "line %zu", i);
		h[i] = ts_hash64(key, len, seed);
	}
	qsort(h, N, sizeof *h, cmp_u64);
	for (i = 1; i < N; i++)
		dups += h[i] == h[i - 1];
	CHECK_INT(dups, 0);

	/* Avalanche: flipping one input bit flips about half the output
	 * bits, at every length class (short, mid, striped). */
	for (len = 1; len <= sizeof buf; len += 7) {
		uint64_t base = ts_hash64(buf, len, seed);

		for (bit = 0; bit < (int)len * 8; bit++) {
			buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			flips = __builtin_popcountll(base ^ ts_hash64(buf, len, seed));
			buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			worst = flips < worst ? flips : worst;
			best = flips > best ? flips : best;
		}
	}
	CHECK(worst >= 12 && best <= 52);
	free(h);
}

static void
test_arena(void)
{
	ts_arena a = TS_ARENA_INIT;
	char *p, *q, *big;
	size_t i, bad = 0;

	p = ts_arena_dup(&a, "hello", 5);
	CHECK(p != NULL && memcmp(p, "hello", 5) == 0);
	for (i = 0; i < 100000; i++) {	/* many blocks; all aligned */
		q = ts_arena_alloc(&a, i % 13 + 1);
		if (q == NULL || (uintptr_t)q % _Alignof(max_align_t) != 0) {
			bad++;
			break;
		}
		q[0] = 'x';
	}
	CHECK_INT(bad, 0);
	big = ts_arena_alloc(&a, 100u << 20);	/* larger than a block */
	CHECK(big != NULL);
	if (big)
		big[(100u << 20) - 1] = 1;
	CHECK(memcmp(p, "hello", 5) == 0);	/* earlier pointers stay valid */
	CHECK(a.total >= (100u << 20));
	ts_arena_free(&a);
	CHECK_INT(a.total, 0);
	CHECK(ts_arena_dup(&a, "", 0) != NULL);
	ts_arena_free(&a);
}

static void
test_buf(void)
{
	ts_buf b = TS_BUF_INIT;
	size_t i, bad = 0;

	for (i = 0; i < 10000; i++)
		bad += ts_buf_putc(&b, (uint8_t)i) != 0;
	CHECK_INT(bad, 0);
	CHECK_INT(b.len, 10000);
	CHECK_INT(b.p[9999], (uint8_t)9999);
	CHECK_INT(ts_buf_append(&b, "xyz", 3), 0);
	CHECK_MEM(b.p + 10000, 3, "xyz", 3);
	CHECK(ts_buf_reserve(&b, SIZE_MAX) != 0);	/* overflow refused */
	ts_buf_free(&b);
	CHECK(b.p == NULL && b.len == 0);
}

int
main(void)
{
	test_hash();
	test_arena();
	test_buf();
	return check_done("test_mem");
}
