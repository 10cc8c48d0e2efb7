/* fuzz_set - ts_set against a naive reference set (a list of keys).
 *
 * Input: byte 0 picks the mode (bit 0 TS_SET_HASH_ONLY, bit 1 a value of
 * 8 bytes per key, bit 2 a small max_memory, bits 3-4 the seed, bits
 * 5-7 the separator of keys among a few; with seed 3 a narrow set's
 * store is made small, so it turns wide halfway); the rest is a list
 * of keys.
 * Keys are short and from a small alphabet at times, so repeats are
 * frequent.  Properties:
 *  - ts_set_add says 1 exactly for a key not seen before, 0 for a
 *    repeat (in hash-only mode too: 128-bit collisions of fuzzer keys
 *    would be a finding);
 *  - TS_EFULL only with a max_memory, and it leaves the set unchanged:
 *    the key stays absent, the count is the same, later adds still
 *    work; ts_set_memory() never exceeds max_memory;
 *  - value bytes start zeroed, stay attached to their key (a counter
 *    written at each add is read back) across growth;
 *  - ts_set_find agrees with the reference for every key and for keys
 *    not added; the hashed two-step path gives what ts_set_add gives;
 *  - ts_set_store copies bytes intact. */
#include "fuzz.h"

#include "ts_err.h"
#include "ts_set.h"

struct ref {
	const uint8_t	*p;
	size_t		 len;
	uint64_t	 adds;
};

static long
ref_find(const struct ref *r, size_t n, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (r[i].len == len && (len == 0 || memcmp(r[i].p, p, len) == 0))
			return (long)i;
	return -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t seps[8] = { '\n', ' ', 0, 'a', '\n', ',', 0xFF, 'e' };
	ts_set s;
	struct ref *ref;
	size_t nref = 0, i, at, end, vsize;
	int flags, rc, full = 0;
	uint64_t maxmem;
	uint8_t mode, sep;
	void *v;

	if (size < 1)
		return 0;
	mode = data[0];
	flags = mode & 1 ? TS_SET_HASH_ONLY : 0;
	vsize = mode & 2 ? 8 : 0;
	maxmem = mode & 4 ? 4096 + (uint64_t)size * 24 : 0;
	sep = seps[mode >> 5];
	data++, size--;
	rc = ts_set_init(&s, (uint64_t)((mode >> 3) & 3) * 0x9E3779B97F4A7C15ULL,
	    flags, vsize, maxmem);
	if (rc == TS_EFULL) {
		FZ_CHECK(maxmem != 0);
		return 0;
	}
	FZ_CHECK(rc == 0);
	FZ_CHECK(s.narrow == (!(flags & TS_SET_HASH_ONLY) && vsize == 0));
	if (((mode >> 3) & 3) == 3 && s.narrow)
		s.store_max = 1 + size / 2;
	ref = malloc((size + 1) * sizeof *ref);
	FZ_CHECK(ref != NULL);

	for (at = 0; at <= size; at = end + 1) {
		const uint8_t *q = memchr(data + at, sep, size - at);
		long k;

		end = q ? (size_t)(q - data) : size;
		k = ref_find(ref, nref, data + at, end - at);
		if (at & 1) {	/* the two-step path now and then */
			ts_set_hash_t h = ts_set_hash(&s, data + at, end - at);

			ts_set_prefetch(&s, h);
			ts_set_prefetch_key(&s, h);
			rc = ts_set_add_hashed(&s, data + at, end - at, h, &v);
		} else
			rc = ts_set_add(&s, data + at, end - at, &v);
		if (rc == TS_EFULL) {
			FZ_CHECK(maxmem != 0 && k < 0);
			FZ_CHECK(ts_set_find(&s, data + at, end - at, NULL) == 0);
			FZ_CHECK(s.count == nref);
			full = 1;
		} else {
			FZ_CHECK(rc == (k < 0));
			if (k < 0) {
				ref[nref].p = data + at;
				ref[nref].len = end - at;
				ref[nref].adds = 0;
				k = (long)nref++;
			}
			ref[k].adds++;
			if (vsize) {
				uint64_t c;

				FZ_CHECK(v != NULL && ((uintptr_t)v & 7) == 0);
				memcpy(&c, v, 8);
				FZ_CHECK(c == ref[k].adds - 1);
				c++;
				memcpy(v, &c, 8);
			} else
				FZ_CHECK(v == NULL);
		}
		FZ_CHECK(s.count == nref);
		if (maxmem)
			FZ_CHECK(ts_set_memory(&s) <= maxmem);
		if (end == size)
			break;
	}
	for (i = 0; i < nref; i++) {
		FZ_CHECK(ts_set_find(&s, ref[i].p, ref[i].len, &v) == 1);
		if (vsize) {
			uint64_t c;

			memcpy(&c, v, 8);
			FZ_CHECK(c == ref[i].adds);
		}
	}
	/* Keys never added: each key with a byte appended. */
	for (i = 0; i < nref && i < 64; i++) {
		uint8_t k2[64];
		size_t l = ref[i].len < 63 ? ref[i].len : 63;

		memcpy(k2, ref[i].p, l);
		k2[l] = sep;	/* a key never holds the separator */
		FZ_CHECK(ts_set_find(&s, k2, l + 1, NULL) == 0);
	}
	if (!full) {
		const uint8_t *copy;

		rc = ts_set_store(&s, data, size, &copy);
		FZ_CHECK(rc == 0 || (rc == TS_EFULL && maxmem));
		if (rc == 0)
			FZ_CHECK(size == 0 || memcmp(copy, data, size) == 0);
	}
	ts_set_free(&s);
	free(ref);
	return 0;
}
