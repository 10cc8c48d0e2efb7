/* fuzz_hash - ts_hash64 / ts_hash128.
 *
 * Properties: deterministic (same bytes, same seed, same hash, whatever
 * the buffer's alignment); hash128's low lane is hash64 with the same
 * seed; seed sensitivity: changing one bit of the seed changes the hash
 * (a hash whose state can be zeroed by the data, making it independent
 * of the seed, fails this; see test_hash's seed_blinding); key
 * sensitivity: flipping one bit of the key or dropping its last byte
 * changes the hash.  Failing by chance has probability ~2^-64 per check. */
#include "fuzz.h"

#include "ts_hash.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t seed = 0, h, s2;
	ts_hash128_t h128;
	uint8_t *copy;
	size_t len, i;

	if (size < 9)
		return 0;
	memcpy(&seed, data, 8);
	data += 8, len = size - 8;

	h = ts_hash64(data, len, seed);
	FZ_CHECK(ts_hash64(data, len, seed) == h);
	FZ_CHECK((copy = malloc(len + 8)) != NULL);
	for (i = 1; i < 8; i++) {
		memcpy(copy + i, data, len);
		FZ_CHECK(ts_hash64(copy + i, len, seed) == h);
	}
	h128 = ts_hash128(data, len, seed);
	FZ_CHECK(h128.lo == h);
	FZ_CHECK(h128.hi != h128.lo);

	for (i = 0; i < 64; i++) {
		s2 = seed ^ (1ULL << i);
		FZ_CHECK(ts_hash64(data, len, s2) != h);
	}
	memcpy(copy, data, len);
	for (i = 0; i < len * 8 && i < 512; i++) {
		copy[i / 8] ^= (uint8_t)(1u << (i % 8));
		FZ_CHECK(ts_hash64(copy, len, seed) != h);
		copy[i / 8] ^= (uint8_t)(1u << (i % 8));
	}
	if (len > 0)
		FZ_CHECK(ts_hash64(data, len - 1, seed) != h);
	free(copy);
	return 0;
}
