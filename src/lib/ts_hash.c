/* ts_hash.c - wyhash-style seeded hashing (after Wang Yi's public-domain
 * wyhash final version 4: 48-byte stripes, 128-bit multiply-fold). */
#include <stdlib.h>
#include <string.h>

#include "ts_hash.h"

static const uint64_t S0 = 0xa0761d6478bd642fULL, S1 = 0xe7037ed1a0b428dbULL,
    S2 = 0x8ebc6af09c88c6e3ULL, S3 = 0x589965cc75374cc3ULL;

/* mix() folds a 128-bit product, which is 0 (or a copy of the other
 * operand) when one operand is 0 (or 1).  In wyhash one operand is data
 * ^ a public constant, so a key holding that constant erased the seed or
 * the other 8 bytes, and such keys collided for every seed.  Here that
 * operand is keyed with the seed too (k1..k3), so nobody who does not
 * know the seed can zero it (seed_blinding in tests/unit/test_hash.c). */
static inline uint64_t
mix(uint64_t a, uint64_t b)
{
	__uint128_t r = (__uint128_t)a * b;

	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t
rd8(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static inline uint64_t
rd4(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

uint64_t
ts_hash64(const void *key, size_t len, uint64_t seed)
{
	const uint8_t *p = key;
	uint64_t a, b, see1, see2, k1, k2, k3;
	size_t i = len;
	__uint128_t r;

	seed ^= mix(seed ^ S0, S1);
	k1 = seed ^ S1, k2 = seed ^ S2, k3 = seed ^ S3;
	if (len <= 16) {
		if (len >= 4) {
			size_t q = (len >> 3) << 2;

			a = (rd4(p) << 32) | rd4(p + q);
			b = (rd4(p + len - 4) << 32) | rd4(p + len - 4 - q);
		} else if (len > 0) {
			a = ((uint64_t)p[0] << 16) | ((uint64_t)p[len >> 1] << 8) |
			    p[len - 1];
			b = 0;
		} else
			a = b = 0;
	} else {
		if (i > 48) {
			see1 = see2 = seed;
			do {
				seed = mix(rd8(p) ^ k1, rd8(p + 8) ^ seed);
				see1 = mix(rd8(p + 16) ^ k2, rd8(p + 24) ^ see1);
				see2 = mix(rd8(p + 32) ^ k3, rd8(p + 40) ^ see2);
				p += 48, i -= 48;
			} while (i > 48);
			seed ^= see1 ^ see2;
		}
		while (i > 16) {
			seed = mix(rd8(p) ^ k1, rd8(p + 8) ^ seed);
			p += 16, i -= 16;
		}
		a = rd8(p + i - 16);
		b = rd8(p + i - 8);
	}
	a ^= k1, b ^= seed;
	r = (__uint128_t)a * b;
	a = (uint64_t)r, b = (uint64_t)(r >> 64);
	return mix(a ^ S0 ^ len, b ^ S1);
}

ts_hash128_t
ts_hash128(const void *p, size_t len, uint64_t seed)
{
	ts_hash128_t h;

	h.lo = ts_hash64(p, len, seed);
	h.hi = ts_hash64(p, len, seed ^ 0x9e3779b97f4a7c15ULL);
	return h;
}

uint64_t
ts_hash_seed(void)
{
	uint64_t s;

	arc4random_buf(&s, sizeof s);
	return s;
}
