/* fuzz_utf8 - the decoder (ts_utf8.h) and ts_pos against the reference.
 *
 * Properties, for any bytes:
 *  - ts_next() gives exactly the reference's units: length and value, so
 *    every TS_INVALID unit is exactly one maximal subpart;
 *  - valid UTF-8 re-encodes byte-exactly through ts_next + ts_encode;
 *  - ts_ascii_span, ts_valid_span and ts_count_units agree with decoding;
 *  - ts_incomplete_tail is the length of a truncated last unit, and
 *    decoding in two pieces, holding that tail back, gives the same units;
 *  - ts_pos_advance over pieces equals one call and the reference count. */
#include "fuzz.h"

#include "ts_pos.h"
#include "ts_utf8.h"

/* Decode p with the reference; units into len[]/cp[] (n of them). */
static size_t
ref_decode(const uint8_t *p, size_t size, size_t *ulen, int32_t *ucp)
{
	size_t i = 0, n = 0;

	while (i < size) {
		ulen[n] = ref_unit(p + i, size - i, &ucp[n]);
		i += ulen[n++];
	}
	return n;
}

static size_t
expected_tail(const uint8_t *p, size_t size, size_t nunits, const size_t *ulen,
    const int32_t *ucp)
{
	size_t last;
	int32_t cp;

	if (nunits == 0 || ucp[nunits - 1] >= 0)
		return 0;
	last = ulen[nunits - 1];
	/* Truncated by the end, not by a bad byte: the prefix is viable and
	 * shorter than announced, i.e. the reference with more (any valid)
	 * continuation bytes would go on.  ref_unit returns 1 for non-viable
	 * single bytes too, so recheck viability by appending 0x80..0xBF. */
	{
		uint8_t tmp[8];
		size_t k, s = size - last;
		int viable = 0;
		unsigned c;

		memcpy(tmp, p + s, last);
		for (c = 0x80; c <= 0xBF && !viable; c++) {
			tmp[last] = (uint8_t)c;
			for (k = last + 1; k < 8; k++)
				tmp[k] = (uint8_t)c;
			if (ref_unit(tmp, 8, &cp) > last)
				viable = 1;
		}
		return viable ? last : 0;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *end = data + size;
	size_t *ulen = malloc((size + 1) * sizeof *ulen);
	int32_t *ucp = malloc((size + 1) * sizeof *ucp);
	uint8_t *re = malloc(size + 1);
	size_t nunits, i, u, n, relen = 0, first_bad = size, ascii = 0;
	int32_t cp;
	int valid = 1;

	FZ_CHECK(ulen && ucp && re);
	nunits = ref_decode(data, size, ulen, ucp);

	/* ts_next unit by unit, and the re-encoding. */
	for (i = 0, u = 0; i < size; i += n, u++) {
		FZ_CHECK(u < nunits);
		n = ts_next(data + i, end, &cp);
		FZ_CHECK(n >= 1 && n <= 4);
		FZ_CHECK(n == ulen[u]);
		FZ_CHECK(cp == (ucp[u] < 0 ? TS_INVALID : ucp[u]));
		if (cp == TS_INVALID) {
			if (valid)
				first_bad = i;
			valid = 0;
			continue;
		}
		uint8_t enc[4];
		size_t m = ts_encode(cp, enc);
		FZ_CHECK(m == n);
		memcpy(re + relen, enc, m);
		relen += m;
	}
	FZ_CHECK(u == nunits);
	if (valid)
		FZ_CHECK(relen == size && memcmp(re, data, size) == 0);
	FZ_CHECK(valid == ref_valid_utf8(data, size));

	while (ascii < size && data[ascii] < 0x80)
		ascii++;
	FZ_CHECK(ts_ascii_span(data, size) == ascii);
	FZ_CHECK(ts_valid_span(data, size) == first_bad);
	FZ_CHECK(ts_count_units(data, size) == nunits);

	/* Prefixes (all of the first 16, then some): incomplete tail, and
	 * the two-piece decoding holding the tail back. */
	size_t *plen = malloc((size + 1) * sizeof *plen);
	int32_t *pcp = malloc((size + 1) * sizeof *pcp);
	uint64_t rnd = size;

	FZ_CHECK(plen && pcp);
	for (int t = 0; t < 24; t++) {
		size_t cut = t < 16 ? (size_t)t : fz_rand(&rnd) % (size + 1);

		if (cut > size)
			break;
		size_t pu = ref_decode(data, cut, plen, pcp);
		size_t tail = ts_incomplete_tail(data, cut);

		FZ_CHECK(tail <= 3 && tail <= cut);
		FZ_CHECK(tail == expected_tail(data, cut, pu, plen, pcp));
		/* Units of data[0..cut-tail) then of data[cut-tail..size). */
		size_t hold = cut - tail, k = 0;
		int32_t wc;

		for (i = 0; i < hold; i += n, k++) {
			n = ts_next(data + i, data + hold, &wc);
			FZ_CHECK(k < nunits && n == ulen[k]);
			FZ_CHECK(wc == (ucp[k] < 0 ? TS_INVALID : ucp[k]));
		}
		for (; i < size; i += n, k++) {
			n = ts_next(data + i, end, &wc);
			FZ_CHECK(k < nunits && n == ulen[k]);
		}
		FZ_CHECK(k == nunits);
	}
	free(plen);
	free(pcp);

	/* ts_pos: whole, in pieces at unit boundaries, and by reference. */
	for (int d = 0; d < 2; d++) {
		uint8_t nl = d ? '\0' : '\n';
		ts_pos a, b;
		size_t lines = 1, cols = 1;

		ts_pos_init(&a);
		ts_pos_init(&b);
		ts_pos_advance(&a, data, size, nl);
		for (i = 0, u = 0; u < nunits; u++) {
			ts_pos_advance(&b, data + i, ulen[u], nl);
			if (ulen[u] == 1 && data[i] == nl)
				lines++, cols = 1;
			else
				cols++;
			i += ulen[u];
		}
		FZ_CHECK(a.line == lines && a.col == cols && a.off == size);
		FZ_CHECK(b.line == a.line && b.col == a.col && b.off == a.off);
	}

	free(ulen);
	free(ucp);
	free(re);
	return 0;
}
