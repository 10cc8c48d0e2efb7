/* ts_mojibake.c - repair Windows-1252/Latin-1 mojibake; see ts_mojibake.h. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "ts_err.h"
#include "ts_mojibake.h"
#include "ts_unicode.h"
#include "ts_utf8.h"

#define B(x)	(UINT64_C(1) << ((x) - 0x80))

/* Continuation characters that real text puts right after a letter:
 * … ‘ ’ “ ” – — NBSP « », ´ (misused as an apostrophe), • · (lists). */
#define T_CLOSE	(B(0x85) | B(0x91) | B(0x92) | B(0x93) | B(0x94) | B(0x95) | \
		 B(0x96) | B(0x97) | B(0xA0) | B(0xAB) | B(0xB4) | B(0xB7) | \
		 B(0xBB))
/* ... and after a capital letter, the capitals Š Œ Ž Ÿ ("VÝŠE", "ÚŽASNÝ"). */
#define T_CAPS	(T_CLOSE | B(0x8A) | B(0x8C) | B(0x8E) | B(0x9F))
/* ... and symbols and marks: € ‚ „ † ‡ ‹ • ™ › ¢ £ ¥ § © ® ° ² ³ ¶ · ¹
 * (not the ordinals ª º: they follow digits, never "á" as in "áº£"). */
#define T_SYM	(T_CLOSE | B(0x80) | B(0x82) | B(0x84) | B(0x86) | B(0x87) | \
		 B(0x8B) | B(0x95) | B(0x99) | B(0x9B) | B(0xA2) | B(0xA3) | \
		 B(0xA5) | B(0xA7) | B(0xA9) | B(0xAE) | B(0xB0) | B(0xB2) | \
		 B(0xB3) | B(0xB6) | B(0xB7) | B(0xB9))
/* What real text puts right after a closing mark: … ’ ” – — NBSP » and
 * ° ¹ ² ³ ("está»—", "«no»¹"); not opening quotes or list marks, so
 * Vietnamese "sá»‘" (số) and "sá»•" (sổ) are repaired. */
#define T_AFTER	(B(0x85) | B(0x92) | B(0x94) | B(0x96) | B(0x97) | B(0xA0) | \
		 B(0xBB) | B(0xB0) | B(0xB2) | B(0xB3) | B(0xB9))
/* ... and the letters š ž œ Š Ž Œ, which follow á é í in real words
 * ("Tomáš\u00A0", "též…"), and ¿ ¡ (after a dash).  With the lead à-ï
 * or ð-ô, a candidate made of these only is ambiguous. */
#define T_WORD	(T_SYM | B(0x8A) | B(0x8C) | B(0x8E) | B(0x9A) | B(0x9C) | \
		 B(0x9E) | B(0xA1) | B(0xBF))
/* After these, anything of T_WORD may follow ("été—“non”", "dijo—¿qué?"). */
#define T_OPEN	(B(0x96) | B(0x97) | B(0xA0))

/* Two-byte candidates: for lead 0xC2 + i, the continuations that make
 * it ambiguous.  Capital letters that end words in real text (Æ È É Ê Ë
 * Ì Í Ò Ó Ô Õ Ö Ø Ù Ú Ü Ý; Å Ä Ð before some closing marks: "PÅ”",
 * "VIÐ“", but "Ð’" "Ð—" "Ð·" are the one-letter words "В" "З" "з"), and
 * ß, which ends many German words.  Â and Ã never end words before a
 * symbol. */
static const uint64_t amb2[30] = {
	[0xC4 - 0xC2] = B(0x94) | B(0xBB) | B(0xA0),
	[0xC5 - 0xC2] = B(0x94) | B(0x85) | B(0x96) | B(0x97) | B(0xBB),
	[0xC6 - 0xC2] = T_CAPS,
	[0xC8 - 0xC2] = T_CAPS, [0xC9 - 0xC2] = T_CAPS, [0xCA - 0xC2] = T_CAPS,
	[0xCB - 0xC2] = T_CAPS, [0xCC - 0xC2] = T_CAPS, [0xCD - 0xC2] = T_CAPS,
	[0xD0 - 0xC2] = T_CLOSE & ~(B(0x92) | B(0x95) | B(0x97) | B(0xB4) | B(0xB7)),
	[0xD2 - 0xC2] = T_CAPS, [0xD3 - 0xC2] = T_CAPS, [0xD4 - 0xC2] = T_CAPS,
	[0xD5 - 0xC2] = T_CAPS, [0xD6 - 0xC2] = T_CAPS, [0xD8 - 0xC2] = T_CAPS,
	[0xD9 - 0xC2] = T_CAPS, [0xDA - 0xC2] = T_CAPS, [0xDC - 0xC2] = T_CAPS,
	[0xDD - 0xC2] = T_CAPS,
	[0xDF - 0xC2] = ~UINT64_C(0),
};

/* The byte Windows-1252 or Latin-1 decodes to the character at p, or -1
 * (ASCII, not in either, or ill-formed); *n = the character's length. */
static int
to_byte(const uint8_t *p, const uint8_t *end, size_t *n)
{
	int32_t cp;

	if ((p[0] == 0xC2 || p[0] == 0xC3) && end - p >= 2 &&
	    (p[1] & 0xC0) == 0x80) {
		*n = 2;
		return (p[0] & 3) << 6 | (p[1] & 0x3F);
	}
	*n = ts_next(p, end, &cp);
	switch (cp) {
	case 0x20AC: return 0x80;
	case 0x201A: return 0x82;
	case 0x0192: return 0x83;
	case 0x201E: return 0x84;
	case 0x2026: return 0x85;
	case 0x2020: return 0x86;
	case 0x2021: return 0x87;
	case 0x02C6: return 0x88;
	case 0x2030: return 0x89;
	case 0x0160: return 0x8A;
	case 0x2039: return 0x8B;
	case 0x0152: return 0x8C;
	case 0x017D: return 0x8E;
	case 0x2018: return 0x91;
	case 0x2019: return 0x92;
	case 0x201C: return 0x93;
	case 0x201D: return 0x94;
	case 0x2022: return 0x95;
	case 0x2013: return 0x96;
	case 0x2014: return 0x97;
	case 0x02DC: return 0x98;
	case 0x2122: return 0x99;
	case 0x0161: return 0x9A;
	case 0x203A: return 0x9B;
	case 0x0153: return 0x9C;
	case 0x017E: return 0x9E;
	case 0x0178: return 0x9F;
	default: return -1;
	}
}

struct cand {
	size_t	 src;	/* bytes of p it spans */
	int32_t	 cp;	/* the code point it stands for */
	int	 sure;	/* unmistakable */
};

/* Is there a candidate at p?  1 and *c, or 0. */
static int
candidate(const uint8_t *p, const uint8_t *end, struct cand *c)
{
	size_t n, src;
	int lead = to_byte(p, end, &n), k, i, cat;
	uint8_t lo = 0x80, hi = 0xBF;
	uint32_t v;
	uint64_t conts = 0, first = 0, last = 0;

	if (lead < 0xC2 || lead > 0xF4)
		return 0;
	k = ts_seq_len((uint8_t)lead);
	if (lead == 0xE0)
		lo = 0xA0;
	else if (lead == 0xED)
		hi = 0x9F;
	else if (lead == 0xF0)
		lo = 0x90;
	else if (lead == 0xF4)
		hi = 0x8F;
	v = (uint32_t)lead & (k == 2 ? 0x1F : k == 3 ? 0x0F : 0x07);
	c->sure = k == 2 && lead <= 0xC3;
	for (src = n, i = 1; i < k; i++, src += n) {
		int b;

		if (p + src >= end)
			return 0;
		b = to_byte(p + src, end, &n);
		if (b < lo || b > hi)
			return 0;
		if (p[src] == 0xC2 && p[src + 1] < 0xA0)
			c->sure = 1;	/* a C1 control: never in real text */
		conts |= B(b);
		last = B(b);
		if (i == 1)
			first = last;
		v = v << 6 | ((uint32_t)b & 0x3F);
		lo = 0x80, hi = 0xBF;
	}
	cat = ts_category((int32_t)v);
	if (cat == UTF8PROC_CATEGORY_CN || cat == UTF8PROC_CATEGORY_CO)
		return 0;	/* C1 controls stay: Latin-1 then 1252 makes them */
	if (!c->sure) {
		if (k == 2)
			c->sure = (conts & amb2[lead - 0xC2]) == 0;
		else if (lead == 0xE2)
			c->sure = (conts & ~T_CLOSE) != 0;
		else if (k == 3 && (first & T_CLOSE & ~T_OPEN))	/* "está»—" */
			c->sure = (last & T_AFTER) == 0;
		else
			c->sure = (conts & ~T_WORD) != 0;
	}
	c->src = src;
	c->cp = (int32_t)v;
	return 1;
}

static size_t
char_len(const uint8_t *p, const uint8_t *end)
{
	int32_t cp;

	return ts_next(p, end, &cp);
}

/* One round over a run of non-ASCII characters. */
static long
fix_run(const uint8_t *p, size_t len, ts_buf *out)
{
	const uint8_t *end = p + len;
	struct cand c;
	size_t j, ncand = 0;
	int all = 1;
	long fixed = 0;

	for (j = 0; j < len;) {
		if (candidate(p + j, end, &c))
			ncand++, j += c.src;
		else
			all = 0, j += char_len(p + j, end);
	}
	if (ncand == 0)
		return ts_buf_append(out, p, len) ? TS_ENOMEM : 0;
	all = all && ncand >= 2;
	if (ts_buf_reserve(out, len) != 0)
		return TS_ENOMEM;
	for (j = 0; j < len;) {
		if (candidate(p + j, end, &c) && (c.sure || all)) {
			out->len += ts_encode(c.cp, out->p + out->len);
			fixed++;
			j += c.src;
		} else {
			size_t n = char_len(p + j, end);

			memcpy(out->p + out->len, p + j, n);
			out->len += n;
			j += n;
		}
	}
	return fixed;
}

#define ROUNDS 3

/* Can a candidate start at c (C3 82..C3 B4, then C2 C5 C6 CB or E2)? */
static inline int
may_start(const uint8_t *c, const uint8_t *end)
{
	return end - c >= 3 && c[0] == 0xC3 && c[1] >= 0x82 && c[1] <= 0xB4 &&
	    (c[2] == 0xC2 || c[2] == 0xC5 || c[2] == 0xC6 || c[2] == 0xCB ||
	    c[2] == 0xE2);
}

static int
may_have(const uint8_t *p, size_t len)
{
	const uint8_t *c, *end = p + len;

	for (c = p; (c = memchr(c, 0xC3, (size_t)(end - c))) != NULL; c++)
		if (may_start(c, end))
			return 1;
	return 0;
}

/* Repair one run p[0..len), in up to ROUNDS rounds. */
static long
fix_rounds(const uint8_t *p, size_t len, ts_buf *out)
{
	size_t start = out->len, rlen;
	long total = 0, r;
	int round;
	uint8_t small[256], *tmp;

	r = fix_run(p, len, out);
	for (round = 1; r > 0 && round < ROUNDS; round++) {
		total += r;
		rlen = out->len - start;
		if (!may_have(out->p + start, rlen))
			return total;
		tmp = rlen <= sizeof small ? small : malloc(rlen);
		if (tmp == NULL)
			return TS_ENOMEM;
		memcpy(tmp, out->p + start, rlen);
		out->len = start;
		r = fix_run(tmp, rlen, out);
		if (tmp != small)
			free(tmp);
	}
	return r < 0 ? r : total + r;
}

long
ts_mojibake_fix(const uint8_t *p, size_t len, ts_buf *out)
{
	size_t i = 0, a, s, e, done = 0;
	const uint8_t *c;
	long total = 0, r;

	if (len == 0)	/* p may be NULL: no NULL + 0 (fix_empty_null) */
		return 0;
	/* A candidate starts with one of Â..ô (C3 82..C3 B4) before a
	 * continuation character: U+0080..U+00BF (C2) or a Windows-1252 one
	 * (C5 C6 CB E2).  Only the runs of non-ASCII bytes around such a
	 * place are looked at; the rest is copied as it is. */
	while (i < len && (c = memchr(p + i, 0xC3, len - i)) != NULL) {
		a = (size_t)(c - p);
		if (!may_start(c, p + len)) {
			i = a + 1;
			continue;
		}
		for (s = a; s > done && p[s - 1] >= 0x80; s--)
			;
		for (e = a; e < len && p[e] >= 0x80; e++)
			;
		if (ts_buf_append(out, p + done, s - done) != 0)
			return TS_ENOMEM;
		if ((r = fix_rounds(p + s, e - s, out)) < 0)
			return r;
		total += r;
		done = i = e;
	}
	if (ts_buf_append(out, p + done, len - done) != 0)
		return TS_ENOMEM;
	return total;
}
