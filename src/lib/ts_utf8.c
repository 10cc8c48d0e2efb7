/* ts_utf8.c - UTF-8 scanning helpers around ts_next(). */
#include <string.h>

#include "ts_utf8.h"

size_t
ts_valid_span(const uint8_t *p, size_t len)
{
	const uint8_t *end = p + len;
	size_t i = 0, n;
	int32_t cp;

	while (i < len) {
		if (p[i] < 0x80) {
			i += 1 + ts_ascii_span(p + i + 1, len - i - 1);
			continue;
		}
		/* The common 2- and 3-byte leads inline; the rest by ts_next(). */
		if (p[i] >= 0xC2 && p[i] < 0xE0 && i + 1 < len &&
		    (p[i + 1] & 0xC0) == 0x80) {
			i += 2;
			continue;
		}
		if (p[i] > 0xE0 && p[i] < 0xF0 && p[i] != 0xED && i + 2 < len &&
		    (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		n = ts_next(p + i, end, &cp);
		if (cp == TS_INVALID)
			break;
		i += n;
	}
	return i;
}

size_t
ts_incomplete_tail(const uint8_t *p, size_t len)
{
	size_t k, start, n;
	int32_t cp;

	for (k = 1; k <= 3 && k <= len; k++) {
		start = len - k;
		if (p[start] < 0x80)
			return 0;
		if (p[start] >= 0xC0)
			break;		/* a lead byte (or a non-starter) */
	}
	if (k > 3 || k > len)
		return 0;
	n = ts_next(p + start, p + len, &cp);
	if (cp == TS_INVALID && n == k && (size_t)ts_seq_len(p[start]) > k)
		return k;
	return 0;
}

size_t
ts_encode(int32_t cp, uint8_t out[4])
{
	uint32_t c = (uint32_t)cp;

	if (cp < 0)
		return 0;
	if (c < 0x80) {
		out[0] = (uint8_t)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (uint8_t)(0xC0 | (c >> 6));
		out[1] = (uint8_t)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		if (c >= 0xD800 && c <= 0xDFFF)
			return 0;
		out[0] = (uint8_t)(0xE0 | (c >> 12));
		out[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (uint8_t)(0x80 | (c & 0x3F));
		return 3;
	}
	if (c < 0x110000) {
		out[0] = (uint8_t)(0xF0 | (c >> 18));
		out[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
		out[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
		out[3] = (uint8_t)(0x80 | (c & 0x3F));
		return 4;
	}
	return 0;
}

size_t
ts_count_units(const uint8_t *p, size_t len)
{
	const uint8_t *end = p + len;
	size_t i = 0, count = 0, a;
	int32_t cp;

	while (i < len) {
		a = ts_ascii_span(p + i, len - i);
		i += a, count += a;
		if (i < len) {
			i += ts_next(p + i, end, &cp);
			count++;
		}
	}
	return count;
}
