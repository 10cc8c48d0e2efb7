/* fuzz_json - ts_json_string (and the writer under it, with a small
 * random buffer so every write takes the slow path sometimes).
 *
 * Properties: the output is exactly one valid JSON string per RFC 8259,
 * checked by the small validating parser below (which also decodes it);
 * the decoded string equals the input with each ill-formed unit (per the
 * reference decoder) replaced by U+FFFD; the output is valid UTF-8 and
 * holds no raw U+2028/U+2029.  Also ts_put_u64 against snprintf. */
#include "fuzz.h"

#include <inttypes.h>

#include "ts_json.h"
#include "ts_utf8.h"
#include "ts_writer.h"

static int
hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
hex4(const uint8_t *p, const uint8_t *end, uint32_t *v)
{
	int i, h;

	if (end - p < 4)
		return 0;
	for (*v = 0, i = 0; i < 4; i++) {
		if ((h = hexval(p[i])) < 0)
			return 0;
		*v = *v << 4 | (uint32_t)h;
	}
	return 1;
}

/* Parse one JSON string at p; decoded into out (*olen).  Returns bytes
 * consumed, or 0 if it is not a valid JSON string. */
size_t
json_parse_string(const uint8_t *p, size_t len, uint8_t *out, size_t *olen)
{
	const uint8_t *s = p, *end = p + len;
	uint32_t v, lo;
	int32_t cp;
	size_t n;

	*olen = 0;
	if (p == end || *p++ != '"')
		return 0;
	while (p < end) {
		if (*p == '"')
			return (size_t)(p + 1 - s);
		if (*p < 0x20)
			return 0;
		if (*p != '\\') {
			n = ref_unit(p, (size_t)(end - p), &cp);
			if (cp < 0)
				return 0;	/* raw ill-formed UTF-8 */
			memcpy(out + *olen, p, n);
			*olen += n, p += n;
			continue;
		}
		if (++p == end)
			return 0;
		switch (*p++) {
		case '"':  out[(*olen)++] = '"'; continue;
		case '\\': out[(*olen)++] = '\\'; continue;
		case '/':  out[(*olen)++] = '/'; continue;
		case 'b':  out[(*olen)++] = '\b'; continue;
		case 'f':  out[(*olen)++] = '\f'; continue;
		case 'n':  out[(*olen)++] = '\n'; continue;
		case 'r':  out[(*olen)++] = '\r'; continue;
		case 't':  out[(*olen)++] = '\t'; continue;
		case 'u':  break;
		default:   return 0;
		}
		if (!hex4(p, end, &v))
			return 0;
		p += 4;
		if (v >= 0xDC00 && v <= 0xDFFF)
			return 0;		/* lone low surrogate */
		if (v >= 0xD800 && v <= 0xDBFF) {
			if (end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
			    !hex4(p + 2, end, &lo) || lo < 0xDC00 || lo > 0xDFFF)
				return 0;
			p += 6;
			v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
		}
		*olen += ts_encode((int32_t)v, out + *olen);
	}
	return 0;			/* unterminated */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ts_writer w;
	int fd;
	uint8_t *out, *dec, *want;
	size_t outlen, declen, wantlen = 0, i, n;
	int32_t cp;

	if (size < 1)
		return 0;
	fd = fz_memfd("", 0);
	FZ_CHECK(ts_writer_init(&w, fd, 1 + data[0] % 64) == 0);
	FZ_CHECK(ts_json_string(&w, data + 1, size - 1) == 0);
	FZ_CHECK(ts_flush(&w) == 0);
	ts_writer_free(&w);
	out = fz_slurp(fd, &outlen);
	close(fd);

	/* Expected: the input with U+FFFD for each ill-formed unit. */
	FZ_CHECK((want = malloc(3 * size + 1)) != NULL);
	for (i = 1; i < size; i += n) {
		n = ref_unit(data + i, size - i, &cp);
		if (cp < 0) {
			memcpy(want + wantlen, TS_REPLACEMENT_UTF8, 3);
			wantlen += 3;
		} else {
			memcpy(want + wantlen, data + i, n);
			wantlen += n;
		}
	}
	FZ_CHECK((dec = malloc(outlen + 1)) != NULL);
	FZ_CHECK(json_parse_string(out, outlen, dec, &declen) == outlen);
	FZ_CHECK(declen == wantlen && memcmp(dec, want, wantlen) == 0);
	FZ_CHECK(ref_valid_utf8(out, outlen));
	for (i = 0; i + 3 <= outlen; i++)
		FZ_CHECK(!(out[i] == 0xE2 && out[i + 1] == 0x80 &&
		    (out[i + 2] == 0xA8 || out[i + 2] == 0xA9)));
	free(out), free(dec), free(want);

	/* ts_put_u64 against snprintf. */
	if (size >= 9) {
		uint64_t v;
		char ref[32];

		memcpy(&v, data + 1, 8);
		v >>= data[0] % 64;
		fd = fz_memfd("", 0);
		FZ_CHECK(ts_writer_init(&w, fd, 1 + data[0] % 32) == 0);
		FZ_CHECK(ts_put_u64(&w, v) == 0 && ts_flush(&w) == 0);
		ts_writer_free(&w);
		out = fz_slurp(fd, &outlen);
		close(fd);
		n = (size_t)snprintf(ref, sizeof ref, "%" PRIu64, v);
		FZ_CHECK(outlen == n && memcmp(out, ref, n) == 0);
		free(out);
	}
	return 0;
}
