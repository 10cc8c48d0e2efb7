/* test_hash - ts_hash64/128: determinism, seeds, and the regressions
 * fuzz/fuzz_hash.c found. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "ts_hash.h"

/* wyhash's secret S1 as little-endian bytes: data equal to it (or to it
 * ^ 1) made one operand of the multiply-fold 0 (or 1), which erased the
 * seed; fuzz_hash found the ^ 1 case after a first fix. */
static const uint8_t S1_LE[8] = { 0xdb, 0x28, 0xb4, 0xa0, 0xd1, 0x7e, 0x03, 0xe7 };

static void
seed_blinding(void)
{
	uint8_t key[64];
	size_t len;

	memset(key, 'B', sizeof key);
	memcpy(key, S1_LE, 8);
	memcpy(key + 48, S1_LE, 8);
	for (len = 17; len <= sizeof key; len++) {
		ts_hash128_t h = ts_hash128(key, len, 3);

		CHECK(ts_hash64(key, len, 3) != ts_hash64(key, len, 4));
		CHECK(ts_hash64(key, len, 3) != ts_hash64(key, len, 1ULL << 63));
		CHECK(h.lo != h.hi);
	}
	/* The same with S1 ^ 1, in a middle block and in the final fold. */
	memset(key, 'B', sizeof key);
	memcpy(key + 16, S1_LE, 8);
	key[16] ^= 1;
	for (len = 25; len <= 40; len++)
		CHECK(ts_hash64(key, len, 3) != ts_hash64(key, len, 4));
	for (len = 4; len <= 16; len++) {
		memset(key, 0, sizeof key);
		memcpy(key, S1_LE + 4, 4);	/* a = rd4(p) << 32 | rd4(p + q) */
		memcpy(key + (len >> 3 << 2), S1_LE, 4);
		CHECK(ts_hash64(key, len, 5) != ts_hash64(key, len, 6));
		key[len >> 3 << 2] ^= 1;
		CHECK(ts_hash64(key, len, 5) != ts_hash64(key, len, 6));
	}
}

int
main(void)
{
	const char *s = "The quick brown fox jumps over the lazy dog, twice over.";
	uint8_t buf[80];
	uint64_t h[64];
	size_t n, i, j;

	/* Deterministic, alignment-independent. */
	for (n = 0; n < 57; n++) {
		uint64_t a = ts_hash64(s, n, 42);

		CHECK(ts_hash64(s, n, 42) == a);
		memcpy(buf + 3, s, n);
		CHECK(ts_hash64(buf + 3, n, 42) == a);
		CHECK(ts_hash128(s, n, 42).lo == a);
	}
	/* Every length from 0 to 56 gives a different hash. */
	for (n = 0; n < 57; n++)
		h[n] = ts_hash64(s, n, 7);
	for (i = 0, n = 0; i < 57; i++)
		for (j = i + 1; j < 57; j++)
			n += h[i] == h[j];
	CHECK_INT(n, 0);
	/* The seed matters, for short and long keys. */
	CHECK(ts_hash64("", 0, 1) != ts_hash64("", 0, 2));
	CHECK(ts_hash64("a", 1, 1) != ts_hash64("a", 1, 2));
	CHECK(ts_hash64(s, 56, 1) != ts_hash64(s, 56, 2));
	CHECK(ts_hash_seed() != ts_hash_seed());

	seed_blinding();
	return check_done("test_hash");
}
