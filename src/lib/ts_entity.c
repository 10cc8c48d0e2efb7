/* ts_entity.c - HTML5 character references; see ts_entity.h. */
#include <string.h>

#include "ts_entity.h"
#include "ts_err.h"
#include "ts_entity_table.h"

/* HTML5 13.2.5.80: numeric references to 0x80-0x9F (0: keep). */
static const uint16_t c1_1252[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static int
put_cp(ts_buf *out, uint32_t c)
{
	uint8_t u[4];
	size_t n;

	if (c < 0x80)
		u[0] = (uint8_t)c, n = 1;
	else if (c < 0x800)
		u[0] = (uint8_t)(0xC0 | c >> 6), u[1] = (uint8_t)(0x80 | (c & 0x3F)), n = 2;
	else if (c < 0x10000) {
		u[0] = (uint8_t)(0xE0 | c >> 12);
		u[1] = (uint8_t)(0x80 | (c >> 6 & 0x3F));
		u[2] = (uint8_t)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		u[0] = (uint8_t)(0xF0 | c >> 18);
		u[1] = (uint8_t)(0x80 | (c >> 12 & 0x3F));
		u[2] = (uint8_t)(0x80 | (c >> 6 & 0x3F));
		u[3] = (uint8_t)(0x80 | (c & 0x3F));
		n = 4;
	}
	return ts_buf_append(out, u, n) == 0 ? 0 : TS_ENOMEM;
}

/* Row of the exact name s[0..n), or -1. */
static long
find(const uint8_t *s, size_t n)
{
	size_t lo, hi, k;

	if (n == 0)
		return -1;
	if (s[0] >= 'A' && s[0] <= 'Z')
		k = s[0] - 'A';
	else if (s[0] >= 'a' && s[0] <= 'z')
		k = s[0] - 'a' + 26;
	else
		return -1;
	lo = ts_entity_first[k];
	hi = ts_entity_first[k + 1];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct ts_entity_row *r = &ts_entity_rows[mid];
		size_t m = r->len < n ? r->len : n;
		int c = memcmp(ts_entity_pool + r->off, s, m);

		if (c == 0)
			c = (r->len > n) - (r->len < n);
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int
isalnum_ascii(uint8_t c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static int
digit_val(uint8_t c, int hex)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

static long
numeric(const uint8_t *p, size_t len, int at_end, ts_buf *out)
{
	size_t w = len < TS_ENTITY_MAX ? len : TS_ENTITY_MAX, i = 2, start;
	int hex = 0, d;
	uint32_t v = 0;

	if (i == len)
		return at_end ? 0 : TS_ENTITY_MORE;
	if (p[i] == 'x' || p[i] == 'X') {
		hex = 1;
		if (++i == len)
			return at_end ? 0 : TS_ENTITY_MORE;
	}
	start = i;
	while (i < w && (d = digit_val(p[i], hex)) >= 0) {
		v = v > 0x10FFFF ? v : v * (hex ? 16 : 10) + (uint32_t)d;
		i++;
	}
	if (i == start)
		return i < w ? 0 : (at_end || len >= TS_ENTITY_MAX ? 0 : TS_ENTITY_MORE);
	/* Digits up to the window's end: never a reference, even when the
	 * input ends right there (digits_to_window_end_at_end). */
	if (i == w && w == TS_ENTITY_MAX)
		return 0;
	if (i == w && !at_end)
		return TS_ENTITY_MORE;
	if (i < len && p[i] == ';')
		i++;
	if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		v = 0xFFFD;
	else if (v >= 0x80 && v <= 0x9F && c1_1252[v - 0x80] != 0)
		v = c1_1252[v - 0x80];
	return put_cp(out, v) ? TS_ENOMEM : (long)i;
}

long
ts_entity_decode(const uint8_t *p, size_t len, int at_end, ts_buf *out)
{
	size_t w, i, n;
	long row = -1;
	const struct ts_entity_row *r;

	if (len < 2)
		return at_end || len == 0 ? 0 : TS_ENTITY_MORE;
	if (p[1] == '#')
		return numeric(p, len, at_end, out);
	w = len < TS_ENTITY_MAX ? len : TS_ENTITY_MAX;
	for (i = 1; i < w && isalnum_ascii(p[i]); i++)
		;
	if (i == w && !at_end && len < TS_ENTITY_MAX)
		return TS_ENTITY_MORE;	/* the name or its ';' may follow */
	n = i - 1;	/* name characters at p + 1 */
	if (n == 0)
		return 0;
	/* Only a name with ';' can match the whole run; without one, only
	 * the legacy names, all short. */
	if (i < len && p[i] == ';' && n < TS_ENTITY_NAME_MAX)
		row = find(p + 1, n + 1);
	for (n = n < TS_ENTITY_LEGACY_MAX ? n : TS_ENTITY_LEGACY_MAX;
	    row < 0 && n > 0; n--)
		row = find(p + 1, n);
	if (row < 0)
		return 0;
	r = &ts_entity_rows[row];
	if (put_cp(out, r->cp1) || (r->cp2 && put_cp(out, ts_entity_cp2[r->cp2])))
		return TS_ENOMEM;
	return 1 + (long)r->len;
}

size_t
ts_entity_count(void)
{
	return TS_ENTITY_COUNT;
}

int
ts_entity_lookup(const char *name, size_t n, uint32_t cp[2])
{
	long row = find((const uint8_t *)name, n);

	if (row < 0)
		return 0;
	cp[0] = ts_entity_rows[row].cp1;
	cp[1] = ts_entity_cp2[ts_entity_rows[row].cp2];
	return cp[1] ? 2 : 1;
}
