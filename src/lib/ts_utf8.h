/* ts_utf8.h - UTF-8 decoding by the Unicode "maximal subpart" rule.
 *
 * Text is "conventionally UTF-8": ts_next() always advances at least one
 * byte and reports an ill-formed unit as TS_INVALID instead of inventing
 * U+FFFD, so callers keep the original bytes (Unicode 15, section 3.9,
 * Table 3-7; U+FFFD substitution of maximal subparts). */
#ifndef TS_UTF8_H
#define TS_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define TS_INVALID	(-1)		/* *cp for an ill-formed unit */
#define TS_REPLACEMENT	0xFFFD
#define TS_REPLACEMENT_UTF8 "\xEF\xBF\xBD"

/* Length of the sequence a lead byte announces (1-4), 0 if it can
 * never start a well-formed sequence (80..C1, F5..FF). */
static inline int
ts_seq_len(uint8_t b)
{
	if (b < 0x80)
		return 1;
	if (b < 0xC2)
		return 0;
	if (b < 0xE0)
		return 2;
	if (b < 0xF0)
		return 3;
	if (b < 0xF5)
		return 4;
	return 0;
}

/* Decode one unit at p (p < end).  Returns the bytes it spans (1-4) and
 * sets *cp to the code point, or to TS_INVALID for an ill-formed unit:
 * the maximal subpart of a sequence, or one byte that cannot start one.
 * Overlongs, surrogates and values above U+10FFFF are ill-formed. */
static inline size_t
ts_next(const uint8_t *p, const uint8_t *end, int32_t *cp)
{
	uint8_t b = p[0], lo = 0x80, hi = 0xBF;
	size_t n, avail = (size_t)(end - p), i;
	uint32_t c;

	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	switch (ts_seq_len(b)) {
	case 2:
		n = 2, c = b & 0x1F;
		break;
	case 3:
		n = 3, c = b & 0x0F;
		if (b == 0xE0)
			lo = 0xA0;	/* overlong */
		else if (b == 0xED)
			hi = 0x9F;	/* surrogates */
		break;
	case 4:
		n = 4, c = b & 0x07;
		if (b == 0xF0)
			lo = 0x90;	/* overlong */
		else if (b == 0xF4)
			hi = 0x8F;	/* > U+10FFFF */
		break;
	default:
		*cp = TS_INVALID;
		return 1;
	}
	for (i = 1; i < n; i++) {
		if (i >= avail || p[i] < lo || p[i] > hi) {
			*cp = TS_INVALID;
			return i;
		}
		c = (c << 6) | (p[i] & 0x3F);
		lo = 0x80, hi = 0xBF;
	}
	*cp = (int32_t)c;
	return n;
}

/* Decode one code point of text already known to be well-formed, whose
 * lead byte is >= 0x80: no checks, for hot loops behind a validator. */
static inline size_t
ts_decode_valid(const uint8_t *p, int32_t *cp)
{
	if (p[0] < 0xE0) {
		*cp = (int32_t)((p[0] & 0x1Fu) << 6 | (p[1] & 0x3Fu));
		return 2;
	}
	if (p[0] < 0xF0) {
		*cp = (int32_t)((p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 |
		    (p[2] & 0x3Fu));
		return 3;
	}
	*cp = (int32_t)((p[0] & 0x07u) << 18 | (p[1] & 0x3Fu) << 12 |
	    (p[2] & 0x3Fu) << 6 | (p[3] & 0x3Fu));
	return 4;
}

/* Number of leading ASCII bytes of p: 16 bytes at a time with SSE2, else
 * a word at a time.  Inline, as hot loops call it once per ASCII run. */
static inline size_t
ts_ascii_span(const uint8_t *p, size_t len)
{
	size_t i = 0;
	uint64_t w;

#if defined(__SSE2__)
	while (i + 16 <= len) {
		int m = _mm_movemask_epi8(_mm_loadu_si128(
		    (const __m128i *)(const void *)(p + i)));

		if (m != 0)
			return i + (size_t)__builtin_ctz((unsigned)m);
		i += 16;
	}
#endif
	while (i + 8 <= len) {
		memcpy(&w, p + i, 8);
		if (w & 0x8080808080808080ULL)
			break;
		i += 8;
	}
	while (i < len && p[i] < 0x80)
		i++;
	return i;
}

/* Number of leading bytes of p that are well-formed UTF-8. */
size_t ts_valid_span(const uint8_t *p, size_t len);

/* Bytes at the end of p that start a sequence more input could still
 * complete (0-3).  A streaming caller holds them back until more input
 * arrives or the input ends. */
size_t ts_incomplete_tail(const uint8_t *p, size_t len);

/* Encode cp (a scalar value) into out; returns 1-4, or 0 if cp is a
 * surrogate, negative or above U+10FFFF. */
size_t ts_encode(int32_t cp, uint8_t out[4]);

/* Units in p: code points plus ill-formed units (each counts once). */
size_t ts_count_units(const uint8_t *p, size_t len);

#endif
