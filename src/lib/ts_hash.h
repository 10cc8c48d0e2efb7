/* ts_hash.h - seeded 64- and 128-bit hashes of byte strings.
 *
 * A wyhash-style multiply-mix hash: fast on short keys (lines, words)
 * and keyed by a seed, so an attacker who does not know the seed cannot
 * craft colliding input.  Not a cryptographic hash. */
#ifndef TS_HASH_H
#define TS_HASH_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint64_t lo;
	uint64_t hi;
} ts_hash128_t;

uint64_t	ts_hash64(const void *p, size_t len, uint64_t seed);
/* Two independently seeded 64-bit lanes. */
ts_hash128_t	ts_hash128(const void *p, size_t len, uint64_t seed);
/* A random seed from arc4random(3). */
uint64_t	ts_hash_seed(void);

#endif
