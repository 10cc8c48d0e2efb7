/* ts_clean.c - the normalize pipeline (see ts_clean.h for the order). */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "ts_clean.h"
#include "ts_entity.h"
#include "ts_err.h"
#include "ts_mojibake.h"
#include "ts_utf8.h"

#define ANY_CHARMAP (TS_CL_CONTROLS | TS_CL_INVISIBLE | TS_CL_SPACES | \
	TS_CL_PUNCT)
#define ANY_LINES (TS_CL_SQUEEZE | TS_CL_TRIM | TS_CL_BLANK)

/* Byte classes for the line pass: ordinary (continuation bytes too),
 * space, tab or record end, lead byte of a possible space separator. */
enum { LC_ORD, LC_SPACE, LC_STOP, LC_ZSLEAD };

static void	charmap_classes(ts_clean *);

/* A pass that would copy its input unchanged returns PASS instead. */
#define PASS 1

void
ts_clean_init(ts_clean *c, enum ts_form form, int nflags, unsigned opts,
    enum ts_invalid invalid, uint8_t delim)
{
	int i;

	memset(c, 0, sizeof *c);
	c->opts = opts;
	c->invalid = invalid;
	c->form = form;
	c->nflags = nflags;
	c->delim = delim;
	for (i = 0; i < 256; i++)
		c->lclass[i] = i == ' ' ? LC_SPACE : i == '\t' || i == delim ?
		    LC_STOP : i == 0xC2 || (i >= 0xE1 && i <= 0xE3) ||
		    (i == 0xEF && (opts & TS_CL_BOM)) ? LC_ZSLEAD : LC_ORD;
	charmap_classes(c);
	/* Mojibake is looked for in NFC text, which then stays NFC: with
	 * "none", a second run would compose what the first left alone. */
	if ((opts & TS_CL_MOJIBAKE) && form == TS_FORM_NONE)
		form = TS_NFC;
	ts_norm_init(&c->norm, form, nflags);
	ts_norm_init(&c->pre, TS_NFC, 0);
	ts_norm_init(&c->pre2, form == TS_NFKD ? TS_NFKC : TS_NFC, nflags);
	ts_clean_reset(c);
}

void
ts_clean_reset(ts_clean *c)
{
	ts_norm_reset(&c->norm);
	ts_norm_reset(&c->pre);
	ts_norm_reset(&c->pre2);
	c->ntail = 0;
	c->at_start = 1;
	c->out_start = 1;
	ts_pos_init(&c->pos);
	c->ent.len = 0;
	c->moj.len = 0;
	c->mojb.len = 0;
	c->after_cr = 0;
	c->bol = 1;
	c->prev_blank = 0;
	c->last_space = 0;
	c->ws.len = 0;
}

void
ts_clean_resume(ts_clean *c)
{
	ts_clean_reset(c);
	c->at_start = 0;
	c->out_start = 0;
}

void
ts_clean_free(ts_clean *c)
{
	ts_norm_free(&c->norm);
	ts_norm_free(&c->pre);
	ts_norm_free(&c->pre2);
	ts_buf_free(&c->tmp[0]);
	ts_buf_free(&c->tmp[1]);
	ts_buf_free(&c->ws);
	ts_buf_free(&c->scratch);
	ts_buf_free(&c->mojfix);
	ts_buf_free(&c->ent);
	ts_buf_free(&c->ent2);
	ts_buf_free(&c->moj);
	ts_buf_free(&c->moj2);
	ts_buf_free(&c->mojb);
	ts_buf_free(&c->mojb2);
}

/* 1. Decoding. */

/* One unit u[0..k): valid (cp >= 0) or not.  0, TS_ENOMEM or TS_EUTF8. */
static int
unit(ts_clean *c, const uint8_t *u, size_t k, int32_t cp, ts_buf *dst)
{
	if (cp >= 0) {
		if (c->report != NULL)
			ts_pos_advance(&c->pos, u, k, c->delim);
		return ts_buf_append(dst, u, k);
	}
	if (c->report != NULL) {
		if (c->report(c->report_arg, &c->pos, u, k) != 0)
			return TS_EUTF8;
		c->pos.col++;
		c->pos.off += k;
	}
	if (c->invalid == TS_INV_FAIL)
		return TS_EUTF8;
	if (c->invalid == TS_INV_REPLACE)
		return ts_buf_append(dst, TS_REPLACEMENT_UTF8, 3);
	return 0;
}


/* Valid UTF-8 from p[0..len) in *rp, *rlen: p itself when it is all
 * valid, else dst.  An incomplete sequence at the end waits in c->tail. */
static int
decode(ts_clean *c, const uint8_t *p, size_t len, int at_end,
    const uint8_t **rp, size_t *rlen, ts_buf *dst)
{
	uint8_t t[8];
	size_t i = 0, k, tl, add, hold, end, v;
	int32_t cp;
	int r;

	dst->len = 0;
	if (c->ntail > 0) {
		/* The unit that starts in the tail. */
		add = len < 4 - c->ntail ? len : 4 - c->ntail;
		memcpy(t, c->tail, c->ntail);
		memcpy(t + c->ntail, p, add);
		tl = c->ntail + add;
		k = ts_next(t, t + tl, &cp);
		if (cp < 0 && k == tl && !at_end &&
		    (size_t)ts_seq_len(t[0]) > tl) {
			memcpy(c->tail, t, tl);	/* still incomplete */
			c->ntail = tl;
			*rp = dst->p, *rlen = 0;
			return 0;
		}
		if ((r = unit(c, t, k, cp, dst)) != 0)
			return r;
		i = k - c->ntail;
		c->ntail = 0;
	}
	hold = at_end ? 0 : ts_incomplete_tail(p + i, len - i);
	end = len - hold;
	if (dst->len == 0 && (v = ts_valid_span(p + i, end - i)) == end - i) {
		if (c->report != NULL)
			ts_pos_advance(&c->pos, p + i, v, c->delim);
		*rp = p + i, *rlen = v;
	} else {
		while (i < end) {
			v = ts_valid_span(p + i, end - i);
			if (c->report != NULL)
				ts_pos_advance(&c->pos, p + i, v, c->delim);
			if (ts_buf_append(dst, p + i, v) != 0)
				return TS_ENOMEM;
			i += v;
			if (i < end) {
				k = ts_next(p + i, p + end, &cp);
				if ((r = unit(c, p + i, k, cp, dst)) != 0) {
					*rp = dst->p, *rlen = dst->len;
					return r;	/* what came before goes on */
				}
				i += k;
			}
		}
		*rp = dst->p, *rlen = dst->len;
	}
	memcpy(c->tail, p + end, hold);
	c->ntail = hold;
	return 0;
}

/* Prepend what *carry held to p[0..n): the joined text is in *spare,
 * which swaps with *carry (left empty). */
static int
join(ts_buf *carry, ts_buf *spare, const uint8_t **p, size_t *n)
{
	ts_buf t;

	if (carry->len == 0)
		return 0;
	if (ts_buf_append(carry, *p, *n) != 0)
		return TS_ENOMEM;
	t = *spare, *spare = *carry, *carry = t;
	carry->len = 0;
	*p = spare->p, *n = spare->len;
	return 0;
}

/* 2. HTML character references; an '&' near the end waits for more. */
static int
entities(ts_clean *c, const uint8_t *p, size_t n, int at_end, ts_buf *out)
{
	const uint8_t *amp;
	size_t i = 0;
	long r;

	if (c->ent.len == 0 && memchr(p, '&', n) == NULL)
		return PASS;
	if (join(&c->ent, &c->ent2, &p, &n) != 0)
		return TS_ENOMEM;
	while (i < n) {
		amp = memchr(p + i, '&', n - i);
		if (amp == NULL)
			return ts_buf_append(out, p + i, n - i);
		if (ts_buf_append(out, p + i, (size_t)(amp - (p + i))) != 0)
			return TS_ENOMEM;
		i = (size_t)(amp - p);
		r = ts_entity_decode(p + i, n - i, at_end, out);
		if (r == TS_ENTITY_MORE)
			return ts_buf_append(&c->ent, p + i, n - i);
		if (r < 0)
			return TS_ENOMEM;
		if (r == 0) {
			if (ts_buf_putc(out, '&') != 0)
				return TS_ENOMEM;
			r = 1;
		}
		i += (size_t)r;
	}
	return 0;
}

/* ts_mojibake_fix() on the runs of non-ASCII characters that hold a
 * byte C3: mojibake starts with one of U+00C2..U+00F4 (a UTF-8 lead byte
 * read as Windows-1252), all encoded C3 xx; other runs are copied.
 * With nfc (the text is normalized, composed), a repaired run is
 * normalized again with the ASCII letter before it, the only neighbour it
 * can interact with.  Text is copied to out only from the first repair
 * on: PASS (out untouched) when there is none. */
static int
fix_runs(ts_clean *c, int nfc, const uint8_t *p, size_t n, ts_buf *out)
{
	const uint8_t *q, *rs, *re, *base = p, *end = p + n, *from = p;
	ts_buf *fix = &c->mojfix;
	long r;

	while ((q = memchr(p, 0xC3, (size_t)(end - p))) != NULL) {
		for (rs = q; rs > p && rs[-1] >= 0x80; rs--)
			;
		for (re = q; re < end && *re >= 0x80; re++)
			;
		p = re;
		fix->len = 0;
		if ((r = ts_mojibake_fix(rs, (size_t)(re - rs), fix)) < 0)
			return TS_ENOMEM;
		if (r == 0)
			continue;	/* unchanged: copied later */
		if (ts_buf_append(out, from, (size_t)(rs - from)) != 0)
			return TS_ENOMEM;
		from = re;
		if (!nfc) {
			if (ts_buf_append(out, fix->p, fix->len) != 0)
				return TS_ENOMEM;
			continue;
		}
		c->scratch.len = 0;
		if (rs > base && ts_norm_ascii_composes(rs[-1])) {
			out->len--;	/* it is rs[-1] */
			if (ts_buf_putc(&c->scratch, rs[-1]) != 0)
				return TS_ENOMEM;
		}
		if (ts_buf_append(&c->scratch, fix->p, fix->len) != 0 ||
		    ts_transform(&c->norm.u, c->scratch.p, c->scratch.len,
		    c->norm.tform, c->norm.flags, out) != 0)
			return TS_ENOMEM;
	}
	if (from == base)
		return PASS;
	return ts_buf_append(out, from, (size_t)(end - from));
}

/* 3. Mojibake, decided per run of non-ASCII characters: the run at the
 * end waits for more, unless it grows past TS_CL_MOJIBAKE_RUN; with nfc
 * so does an ASCII letter before it. */
static int
mojibake(ts_clean *c, int nfc, ts_buf *carry, ts_buf *spare,
    const uint8_t *p, size_t n, int at_end, ts_buf *out)
{
	size_t cut = n;
	int joined = carry->len > 0, r;

	if (carry->len == 0 && n > 0 && p[n - 1] < 0x80 &&
	    !(nfc && ts_norm_ascii_composes(p[n - 1])) &&
	    memchr(p, 0xC3, n) == NULL)
		return PASS;	/* nothing to repair, nothing to hold */
	if (join(carry, spare, &p, &n) != 0)
		return TS_ENOMEM;
	if (!at_end) {
		cut = n;
		while (cut > 0 && p[cut - 1] >= 0x80)
			cut--;
		if (n - cut > TS_CL_MOJIBAKE_RUN)
			cut = n;	/* p holds whole code points */
		else if (nfc && cut > 0 && ts_norm_ascii_composes(p[cut - 1]))
			cut--;
	} else
		cut = n;
	if ((r = fix_runs(c, nfc, p, cut, out)) < 0)
		return r;
	if (r == PASS) {
		if (!joined && cut == n)
			return PASS;	/* p is the input, unchanged */
		if (ts_buf_append(out, p, cut) != 0)
			return TS_ENOMEM;
	}
	if (ts_buf_append(carry, p + cut, n - cut) != 0)
		return TS_ENOMEM;
	return 0;
}

#define HIGH 0x8080808080808080ULL
#define ONES 0x0101010101010101ULL

/* 4. Newlines: CRLF, CR, NEL, LS, PS -> LF. */
static int
newlines(ts_clean *c, const uint8_t *p, size_t n, ts_buf *out)
{
	size_t i = 0, run;
	uint8_t b;

	if (n == 0)
		return 0;	/* a CR at the end still waits for its LF */
	if (ts_buf_reserve(out, n) != 0)
		return TS_ENOMEM;
	if (c->after_cr && p[0] == '\n')
		i = 1;
	c->after_cr = 0;
	run = i;
	while (i < n) {
		b = p[i];
		if (b != '\r' && b != 0xC2 && b != 0xE2) {
			i++;
			/* 8 bytes at a time while none is CR, C2 or E2 */
			while (i + 8 <= n) {
				uint64_t w, x, y, z;

				memcpy(&w, p + i, 8);
				x = w ^ (0x0D * ONES);
				y = w ^ (0xC2 * ONES);
				z = w ^ (0xE2 * ONES);
				if ((((x - ONES) & ~x) | ((y - ONES) & ~y) |
				    ((z - ONES) & ~z)) & HIGH)
					break;
				i += 8;
			}
			continue;
		}
		if (b == '\r') {
			memcpy(out->p + out->len, p + run, i - run);
			out->len += i - run;
			out->p[out->len++] = '\n';
			i++;
			if (i < n && p[i] == '\n')
				i++;
			else if (i == n)
				c->after_cr = 1;
			run = i;
		} else if ((b == 0xC2 && p[i + 1] == 0x85) || (b == 0xE2 &&
		    p[i + 1] == 0x80 && (p[i + 2] == 0xA8 || p[i + 2] == 0xA9))) {
			memcpy(out->p + out->len, p + run, i - run);
			out->len += i - run;
			out->p[out->len++] = '\n';
			i += b == 0xC2 ? 2 : 3;
			run = i;
		} else
			i++;
	}
	if (run == 0)
		return PASS;
	memcpy(out->p + out->len, p + run, n - run);
	out->len += n - run;
	return 0;
}

/* 5. Per code point maps. */

static int
is_space_sep(int32_t cp)	/* general category Zs, but U+0020 */
{
	return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
	    cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Is there a space separator (Zs) other than U+0020 at p (valid UTF-8)? */
static inline int
zs_at(const uint8_t *p)
{
	switch (p[0]) {
	case 0xC2:
		return p[1] == 0xA0;
	case 0xE1:
		return p[1] == 0x9A && p[2] == 0x80;
	case 0xE2:
		return (p[1] == 0x80 && (p[2] <= 0x8A || p[2] == 0xAF)) ||
		    (p[1] == 0x81 && p[2] == 0x9F);
	case 0xE3:
		return p[1] == 0x80 && p[2] == 0x80;
	}
	return 0;
}

static int
is_invisible(int32_t cp)
{
	return cp == 0xAD || cp == 0x61C || cp == 0x180E || cp == 0x200B ||
	    cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	    (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0xFEFF;
}

/* --ascii-punct: the documented table. */
static const char *
punct(int32_t cp)
{
	switch (cp) {
	case 0x2018: case 0x2019: case 0x201A: case 0x201B:
	case 0x2032: case 0x2035: case 0x2039: case 0x203A:
		return "'";
	case 0x201C: case 0x201D: case 0x201E: case 0x201F:
	case 0x2033: case 0x2036: case 0xAB: case 0xBB:
		return "\"";
	case 0x2034: case 0x2037:
		return "'''";
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212: case 0xFE58: case 0xFE63:
		return "-";
	case 0x2026:
		return "...";
	case 0x2022: case 0x2023: case 0x2043: case 0x2219: case 0x25E6:
		return "*";
	}
	return NULL;
}

/* Replacement for cp under opts: -1 keeps it, else rep[0..n). */
static int
charmap_cp(unsigned opts, int32_t cp, const char **rep, char fw[1])
{
	const char *s;

	/* Most scripts need no look at the tables below. */
	if ((cp >= 0x100 && cp < 0x600) || (cp >= 0x700 && cp < 0x1680) ||
	    (cp > 0x3000 && cp < 0xFE58))
		return -1;
	if (cp < 0xA0) {
		if ((opts & TS_CL_CONTROLS) && cp >= 0x80)
			return 0;
		return -1;
	}
	if ((opts & TS_CL_INVISIBLE) && is_invisible(cp))
		return 0;
	if ((opts & TS_CL_SPACES) && is_space_sep(cp)) {
		*rep = " ";
		return 1;
	}
	if (opts & TS_CL_PUNCT) {
		if (cp >= 0xFF01 && cp <= 0xFF5E) {
			fw[0] = (char)(cp - 0xFEE0);
			*rep = fw;
			return 1;
		}
		if ((s = punct(cp)) != NULL) {
			*rep = s;
			return (int)strlen(s);
		}
	}
	return -1;
}


/* Which bytes the per-code-point pass must look at: the ASCII controls it
 * may drop or turn into LF, and the lead bytes of what it may map. */
static void
charmap_classes(ts_clean *c)
{
	unsigned o = c->opts;
	size_t n;
	int b;

	for (b = 0; b < 256; b++) {
		c->mclass[b] = 0;
		if ((o & TS_CL_CONTROLS) && (b < 0x20 || b == 0x7F) &&
		    b != '\t' && b != '\n' && b != c->delim)
			c->mclass[b] = 1;
		if ((o & TS_CL_NEWLINES) && (b == '\r' || b == 0xC2 || b == 0xE2))
			c->mclass[b] = 1;
		if ((o & TS_CL_CONTROLS) && b == 0xC2)
			c->mclass[b] = 1;
		if ((o & TS_CL_INVISIBLE) && (b == 0xC2 || b == 0xD8 ||
		    b == 0xE1 || b == 0xE2 || b == 0xEF))
			c->mclass[b] = 1;
		if ((o & TS_CL_SPACES) && (b == 0xC2 || (b >= 0xE1 && b <= 0xE3)))
			c->mclass[b] = 1;
		if ((o & TS_CL_PUNCT) && (b == 0xC2 || b == 0xE2 || b == 0xEF))
			c->mclass[b] = 1;
	}
	/* The lead bytes among them, for charmap(); 0xFF (never in
	 * valid UTF-8) fills the rest. */
	memset(c->mlead, 0xFF, sizeof c->mlead);
	c->mwide = 1;
	for (b = 0x80, n = 0; b < 256; b++)
		if (c->mclass[b]) {
			if (n == sizeof c->mlead) {
				c->mwide = 0;	/* more than it compares */
				break;
			}
			c->mlead[n++] = (uint8_t)b;
		}
}

/* 4 and 5: newlines (when asked for) and the per-code-point maps, in one
 * pass.  A CR at the end of a piece waits for a LF in the next. */
static int
charmap(ts_clean *c, const uint8_t *p, size_t n, ts_buf *out)
{
	const uint8_t *m = c->mclass;
	unsigned opts = c->opts;
	int nl = (opts & TS_CL_NEWLINES) != 0, r;
	size_t i = 0, run = 0, k;
	const char *rep = "";
	char fw[1];
	int32_t cp;
	uint8_t b;

#ifdef __SSE2__
	const __m128i l0 = _mm_set1_epi8((char)c->mlead[0]);
	const __m128i l1 = _mm_set1_epi8((char)c->mlead[1]);
	const __m128i l2 = _mm_set1_epi8((char)c->mlead[2]);
	const __m128i l3 = _mm_set1_epi8((char)c->mlead[3]);
	const __m128i l4 = _mm_set1_epi8((char)c->mlead[4]);
	const __m128i l5 = _mm_set1_epi8((char)c->mlead[5]);
#endif

	if (n == 0)
		return 0;
	if (nl && c->after_cr && p[0] == '\n')
		i = run = 1;
	c->after_cr = 0;
	while (i < n) {
#ifdef __SSE2__
		/* 16 bytes at a time while none may be a byte this pass
		 * looks at (charmap_classes): C0 controls but TAB and LF,
		 * DEL, and the lead bytes in c->mlead */
		while (c->mwide && i + 16 <= n) {
			__m128i v = _mm_loadu_si128((const __m128i *)(p + i));
			__m128i hit = _mm_andnot_si128(_mm_or_si128(
			    _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
			    _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
			    _mm_cmplt_epi8(_mm_xor_si128(v,
			    _mm_set1_epi8((char)0x80)), _mm_set1_epi8((char)0xA0)));
			unsigned mask;

			hit = _mm_or_si128(hit, _mm_or_si128(
			    _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)),
			    _mm_cmpeq_epi8(v, l0)));
			hit = _mm_or_si128(hit, _mm_or_si128(
			    _mm_cmpeq_epi8(v, l1), _mm_cmpeq_epi8(v, l2)));
			hit = _mm_or_si128(hit, _mm_or_si128(
			    _mm_cmpeq_epi8(v, l3), _mm_cmpeq_epi8(v, l4)));
			hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, l5));
			if ((mask = (unsigned)_mm_movemask_epi8(hit)) != 0) {
				i += (size_t)__builtin_ctz(mask);
				break;
			}
			i += 16;
		}
		if (i + 16 > n || !c->mwide)
#endif
			while (i < n && !m[p[i]])
				i++;
		if (i >= n)
			break;
		b = p[i];
		if (!m[b]) {
			i++;
			continue;
		}
		if (b < 0x80) {
			if (ts_buf_append(out, p + run, i - run) != 0)
				return TS_ENOMEM;
			if (nl && b == '\r') {
				if (ts_buf_putc(out, '\n') != 0)
					return TS_ENOMEM;
				if (++i < n && p[i] == '\n')
					i++;
				else if (i == n)
					c->after_cr = 1;
			} else
				i++;	/* a control dropped */
			run = i;
			continue;
		}
		/* Most characters behind these leads map to nothing: tell
		 * by the second byte (see charmap_cp() for what maps). */
		if ((b == 0xE3 && (p[i + 1] != 0x80 || p[i + 2] != 0x80)) ||
		    (b == 0xE1 && p[i + 1] != 0x9A && p[i + 1] != 0xA0) ||
		    (b == 0xE2 && p[i + 1] > 0x81 && p[i + 1] != 0x88 &&
		    p[i + 1] != 0x97) ||
		    (b == 0xEF && (p[i + 1] < 0xB9 || p[i + 1] == 0xBA ||
		    p[i + 1] > 0xBD))) {
			i += 3;
			continue;
		}
		if (b == 0xD8 && p[i + 1] != 0x9C) {
			i += 2;
			continue;
		}
		k = ts_decode_valid(p + i, &cp);
		if (nl && (cp == 0x85 || cp == 0x2028 || cp == 0x2029))
			rep = "\n", r = 1;
		else
			r = charmap_cp(opts, cp, &rep, fw);
		if (r >= 0) {
			if (ts_buf_append(out, p + run, i - run) != 0 ||
			    ts_buf_append(out, rep, (size_t)r) != 0)
				return TS_ENOMEM;
			run = i + k;
		}
		i += k;
	}
	if (run == 0)
		return PASS;
	return ts_buf_append(out, p + run, n - run);
}

/* 7. --ascii.  Letters that have no decomposition but an obvious form. */
static const char *
translit(int32_t cp)
{
	switch (cp) {
	case 0xC6: return "AE";
	case 0xE6: return "ae";
	case 0xD0: case 0x110: return "D";
	case 0xF0: case 0x111: return "d";
	case 0xD8: return "O";
	case 0xF8: return "o";
	case 0xDE: return "Th";
	case 0xFE: return "th";
	case 0xDF: return "ss";
	case 0x1E9E: return "SS";
	case 0x131: return "i";
	case 0x141: return "L";
	case 0x142: return "l";
	case 0x152: return "OE";
	case 0x153: return "oe";
	case 0x166: return "T";
	case 0x167: return "t";
	case 0xD7: return "x";
	case 0xF7: return "/";
	case 0x2044: return "/";
	}
	return punct(cp);
}

/* ASCII for one code point c[0..k) into out; 0 if none, 1 if some. */
static int
ascii_one(ts_clean *c, const uint8_t *u, size_t k, int32_t cp, ts_buf *out)
{
	const uint8_t *s, *e;
	const char *t;
	size_t mark = out->len, j;
	int32_t d;

	if ((t = translit(cp)) != NULL)
		return ts_buf_append(out, t, strlen(t)) != 0 ? TS_ENOMEM : 1;
	if (is_space_sep(cp))
		return ts_buf_append(out, " ", 1) != 0 ? TS_ENOMEM : 1;
	c->scratch.len = 0;
	if (ts_transform(&c->norm.u, u, k, TS_NFKD, TS_STRIPMARK,
	    &c->scratch) != 0)
		return TS_ENOMEM;
	if (c->scratch.len == 0)
		return 1;		/* a mark alone: nothing */
	s = c->scratch.p, e = s + c->scratch.len;
	while (s < e) {
		j = ts_next(s, e, &d);
		if (d < 0x80) {
			if (ts_buf_putc(out, (uint8_t)d) != 0)
				return TS_ENOMEM;
		} else if ((t = translit(d)) != NULL) {
			if (ts_buf_append(out, t, strlen(t)) != 0)
				return TS_ENOMEM;
		} else {
			out->len = mark;
			return 0;
		}
		s += j;
	}
	return 1;
}

static int
ascii(ts_clean *c, const uint8_t *p, size_t n, ts_buf *out)
{
	size_t i = 0, k, a;
	int32_t cp;
	int r;

	while (i < n) {
		a = ts_ascii_span(p + i, n - i);
		if (ts_buf_append(out, p + i, a) != 0)
			return TS_ENOMEM;
		if ((i += a) == n)
			break;
		k = ts_next(p + i, p + n, &cp);
		a = out->len;
		if ((r = ascii_one(c, p + i, k, cp, out)) < 0)
			return r;
		if (c->norm.flags & TS_CASEFOLD)	/* "™" gave "TM" */
			for (; a < out->len; a++)
				if ((unsigned)(out->p[a] - 'A') < 26u)
					out->p[a] |= 0x20;
		if (r == 0 && !(c->opts & TS_CL_ASCIIDROP) &&
		    ts_buf_putc(out, '?') != 0)
			return TS_ENOMEM;
		i += k;
	}
	return 0;
}

/* Is there white space (TAB, U+0020, Zs) at p, or ending at p[len-1]? */
static int
ws_first(const uint8_t *p)
{
	return p[0] == ' ' || p[0] == '\t' || zs_at(p);
}

static int
ws_last(const uint8_t *p, size_t len)
{
	size_t j = len - 1;

	if (p[j] < 0x80)
		return p[j] == ' ' || p[j] == '\t';
	while (j > 0 && (p[j] & 0xC0) == 0x80)
		j--;
	return zs_at(p + j);
}

/* Are there two spaces in a row in p[0..len)?  Eight bytes at a time. */
static int
double_space(const uint8_t *p, size_t len)
{
	const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL;
	uint64_t w, t, eq;
	size_t i = 0;
	int prev = 0;		/* the byte before p[i] is a space */

#ifdef __SSE2__
	{
		const __m128i sp = _mm_set1_epi8(' ');
		unsigned m, carry = 0;

		for (; i + 16 <= len; i += 16) {
			m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
			    _mm_loadu_si128((const __m128i *)(p + i)), sp));
			if ((m & (m >> 1)) || (carry & m & 1))
				return 1;
			carry = m >> 15;
		}
		prev = carry != 0;
	}
#endif
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		t = w ^ (0x20 * ONES);
		eq = ~(((t & low7) + low7) | t) & HIGH;	/* exact: byte == ' ' */
		if ((eq & (eq >> 8)) || (prev && (eq & 0x80)))
			return 1;
		prev = p[i + 7] == ' ';
	}
	for (; i < len; i++) {
		if (p[i] == ' ' && prev)
			return 1;
		prev = p[i] == ' ';
	}
	return 0;
}

/* Does the line p[0..len) (without its end, not empty) come out of the
 * line pass unchanged?  Only its ends (--trim) and double spaces
 * (--squeeze-spaces) matter. */
static int
line_clean(const ts_clean *c, const uint8_t *p, size_t len)
{
	if ((c->opts & TS_CL_TRIM) && (ws_first(p) || ws_last(p, len)))
		return 0;
	if ((c->opts & TS_CL_SQUEEZE) && double_space(p, len))
		return 0;
	return 1;
}

/* The line p[0..len) with its end e[0..1), when line_clean() said no
 * only for its double spaces: the line pass then makes one space of each
 * run of U+0020 (tabs and other spaces end a run; with --trim its ends
 * hold no white space, so all that --trim holds back is written). */
/* Where the first two spaces in a row start in p[0..len), or len. */
static size_t
double_at(const uint8_t *p, size_t len)
{
	size_t i = 0;

#ifdef __SSE2__
	const __m128i sp = _mm_set1_epi8(' ');
	unsigned m;

	/* 15 pairs per load: the loads overlap by one byte */
	for (; i + 16 <= len; i += 15) {
		m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    _mm_loadu_si128((const __m128i *)(p + i)), sp));
		if ((m &= m >> 1) != 0)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	for (; i + 1 < len; i++)
		if (p[i] == ' ' && p[i + 1] == ' ')
			return i;
	return len;
}

static int
squeeze_line(const uint8_t *p, size_t len, uint8_t delim, ts_buf *out)
{
	uint8_t *w;
	size_t i = 0, j;

	if (ts_buf_reserve(out, len + 1) != 0)
		return TS_ENOMEM;
	w = out->p + out->len;
	while (i < len) {
		j = i + double_at(p + i, len - i);
		if (j == len) {
			memcpy(w, p + i, len - i);
			w += len - i;
			break;
		}
		memcpy(w, p + i, j + 1 - i);	/* with one space */
		w += j + 1 - i;
		for (i = j + 1; i < len && p[i] == ' '; i++)
			;
	}
	*w++ = delim;
	out->len = (size_t)(w - out->p);
	return 0;
}

/* What the line pass makes of the whole line p[0..len) (without its end,
 * not empty) when it starts a line with nothing held: with --trim, white
 * space at its ends goes; with --squeeze-spaces, runs of U+0020 become
 * one (tabs and other spaces end a run).  Appends it and its end to out
 * and returns 1; 0 if it is all white space (the per-byte pass decides
 * about blank lines); (size_t)-1 for TS_ENOMEM. */
static size_t
line_fast(const ts_clean *c, const uint8_t *p, size_t len, ts_buf *out)
{
	size_t a = 0, b = len;

	if (c->opts & TS_CL_TRIM) {
		while (a < b && ws_first(p + a))
			a += p[a] < 0x80 ? 1 : (size_t)ts_seq_len(p[a]);
		while (b > a && ws_last(p + a, b - a)) {
			b--;
			while (b > a && (p[b] & 0xC0) == 0x80)
				b--;
		}
		if (a >= b)
			return 0;
	}
	if ((c->opts & TS_CL_SQUEEZE) && double_space(p + a, b - a)) {
		if (squeeze_line(p + a, b - a, c->delim, out) != 0)
			return (size_t)-1;
	} else if (ts_buf_append(out, p + a, b - a) != 0 ||
	    ts_buf_putc(out, c->delim) != 0)
		return (size_t)-1;
	return 1;
}

/* How many bytes of p[0..n) are whole lines that line_clean() passes,
 * not empty: found 16 bytes at a time, delimiters and pairs of spaces
 * together, so that such lines are copied in one piece. */
static size_t
clean_lines(const ts_clean *c, const uint8_t *p, size_t n)
{
	size_t ls = 0;		/* where the current line starts */
#ifdef __SSE2__
	const __m128i dl = _mm_set1_epi8((char)c->delim);
	const __m128i sp = _mm_set1_epi8(' ');
	int trim = (c->opts & TS_CL_TRIM) != 0;
	unsigned sq = (c->opts & TS_CL_SQUEEZE) ? 0xFFFFu : 0, prev = 0;
	unsigned lf, s, dbl, j, from;
	size_t i, f;

	for (i = 0; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(p + i));

		lf = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, dl));
		s = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, sp));
		/* bit j: p[i + j] is a space after a space */
		dbl = s & (s << 1 | prev) & sq;
		prev = s >> 15;
		for (; lf != 0; lf &= lf - 1) {
			j = (unsigned)__builtin_ctz(lf);
			f = i + j;
			if ((dbl & ((1u << j) - 1)) != 0 || f == ls ||
			    (trim && (ws_first(p + ls) ||
			    ws_last(p + ls, f - ls))))
				return ls;
			dbl &= ~((1u << j) - 1);
			ls = f + 1;
		}
		from = ls > i ? (unsigned)(ls - i) : 0;
		if (from < 16 && (dbl >> from) != 0)
			return ls;	/* the line goes on with two spaces */
	}
#else
	const uint8_t *q;

	while ((q = memchr(p + ls, c->delim, n - ls)) != NULL &&
	    q > p + ls && line_clean(c, p + ls, (size_t)(q - (p + ls))))
		ls = (size_t)(q - p) + 1;
#endif
	return ls;
}

/* 8. Lines: squeeze-spaces, trim, squeeze-blank. */
static int
lines(ts_clean *c, const uint8_t *p, size_t n, int at_end, ts_buf *out)
{
	unsigned o = c->opts;
	size_t i = 0, run, k;
	int32_t cp;
	uint8_t b;

	while (i < n) {
		/* A whole line that no option changes, found with memchr and
		 * memmem: the common case, copied in one piece. */
		if (c->bol && c->ws.len == 0 && !c->last_space &&
		    !((o & TS_CL_BOM) && c->out_start && out->len == c->out_base)) {
			const uint8_t *q;

			if ((k = clean_lines(c, p + i, n - i)) > 0) {
				if (ts_buf_append(out, p + i, k) != 0)
					return TS_ENOMEM;
				c->prev_blank = 0;
				if ((i += k) == n)
					break;
			}
			q = memchr(p + i, c->delim, n - i);

			if (q != NULL && q > p + i &&
			    line_clean(c, p + i, (size_t)(q - (p + i)))) {
				k = (size_t)(q - (p + i)) + 1;
				if (ts_buf_append(out, p + i, k) != 0)
					return TS_ENOMEM;
				c->prev_blank = 0;
				i += k;
				continue;
			}
			/* Else, unless it is all white space (a blank line),
			 * trimmed and squeezed in one go. */
			if (q != NULL && q > p + i &&
			    (k = line_fast(c, p + i, (size_t)(q - (p + i)),
			    out)) != 0) {
				if (k == (size_t)-1)
					return TS_ENOMEM;
				c->prev_blank = 0;
				i = (size_t)(q - p) + 1;
				continue;
			}
		}
		/* Ordinary ASCII: copied as a run, with the single spaces
		 * between words, which no option changes. */
		run = i;
		while (i < n) {
			/* 4 ordinary bytes at a time */
			while (i + 4 <= n && !(c->lclass[p[i]] |
			    c->lclass[p[i + 1]] | c->lclass[p[i + 2]] |
			    c->lclass[p[i + 3]]))
				i += 4;
			if (i >= n)
				break;
			b = p[i];
			switch (c->lclass[b]) {
			case LC_ORD:
				i++;
				continue;
			case LC_SPACE:	/* one space before an ordinary byte */
				if (i + 1 < n && c->lclass[p[i + 1]] == LC_ORD &&
				    (i > run || !(c->ws.len > 0 || c->last_space ||
				    (c->bol && (o & TS_CL_TRIM))))) {
					i += 2;
					continue;
				}
				break;
			case LC_ZSLEAD:
				if (zs_at(p + i) || (b == 0xEF && p[i + 1] == 0xBB &&
				    p[i + 2] == 0xBF && i == run && c->out_start &&
				    out->len == c->out_base))
					break;
				i += (size_t)ts_seq_len(b);
				continue;
			}
			break;
		}
		if (i > run) {
			if ((c->ws.len > 0 && ts_buf_append(out, c->ws.p,
			    c->ws.len) != 0) ||
			    ts_buf_append(out, p + run, i - run) != 0)
				return TS_ENOMEM;
			c->ws.len = 0;
			c->bol = c->prev_blank = c->last_space = 0;
			continue;
		}
		if (i == n)
			break;
		k = ts_next(p + i, p + n, &cp);
		if (cp == 0xFEFF && (o & TS_CL_BOM) && c->out_start &&
		    out->len == c->out_base) {
			i += k;		/* a BOM first in the output */
			continue;
		}
		if (cp == c->delim) {
			c->ws.len = 0;		/* trailing: trimmed */
			c->last_space = 0;
			if ((o & TS_CL_BLANK) && c->bol && c->prev_blank) {
				i++;
				continue;
			}
			c->prev_blank = c->bol;
			c->bol = 1;
			if (ts_buf_putc(out, cp) != 0)
				return TS_ENOMEM;
		} else if (cp == ' ' || cp == '\t' || is_space_sep(cp)) {
			if ((o & TS_CL_SQUEEZE) && cp == ' ' && (c->last_space ||
			    (c->ws.len > 0 && c->ws.p[c->ws.len - 1] == ' '))) {
				/* squeezed */
			} else if (o & TS_CL_TRIM) {
				if (!c->bol && ts_buf_append(&c->ws, p + i, k) != 0)
					return TS_ENOMEM;
			} else {
				if (ts_buf_append(out, p + i, k) != 0)
					return TS_ENOMEM;
				c->last_space = cp == ' ';
				c->bol = c->prev_blank = 0;
			}
		} else {
			if ((c->ws.len > 0 && ts_buf_append(out, c->ws.p,
			    c->ws.len) != 0) ||
			    ts_buf_append(out, p + i, k) != 0)
				return TS_ENOMEM;
			c->ws.len = 0;
			c->bol = c->prev_blank = c->last_space = 0;
		}
		i += k;
	}
	if (at_end)
		c->ws.len = 0;
	return 0;
}

/* The pipeline. */

/* The passes after decoding, in order (see ts_clean.h). */
enum { P_ENT, P_PRE, P_MOJ, P_NL, P_MAP, P_PRE2, P_MOJ2, P_NORM, P_ASCII,
	P_MOJ2N };

static int
plan(const ts_clean *c, int stages[10])
{
	unsigned o = c->opts;
	int ns = 0;

	if (o & TS_CL_ENTITIES)
		stages[ns++] = P_ENT;
	if (o & TS_CL_MOJIBAKE) {
		stages[ns++] = P_PRE;
		stages[ns++] = P_MOJ;
	}
	if ((o & TS_CL_NEWLINES) && !(o & ANY_CHARMAP))
		stages[ns++] = P_NL;	/* else the charmap pass does it */
	if (o & ANY_CHARMAP)
		stages[ns++] = P_MAP;
	/* A second look for mojibake, on text as the per-character maps,
	 * --casefold and --strip-marks left it (they can bring mojibake
	 * together or make it), composed: a second run would see the
	 * same.  With a composed form it follows the normalization and
	 * re-normalizes the runs it repairs; else it looks at an NFC copy
	 * first. */
	if ((o & TS_CL_MOJIBAKE) && ((o & ANY_CHARMAP) || c->norm.flags)) {
		if (c->norm.form == TS_NFC || c->norm.form == TS_NFKC) {
			stages[ns++] = P_NORM;
			stages[ns++] = P_MOJ2N;
			goto after_norm;
		}
		stages[ns++] = P_PRE2;
		stages[ns++] = P_MOJ2;
	}
	if (c->norm.form != TS_FORM_NONE || c->norm.flags != 0)
		stages[ns++] = P_NORM;
after_norm:
	if (o & TS_CL_ASCII)
		stages[ns++] = P_ASCII;
	return ns;
}

/* Run the passes from stages[j] on valid text s[0..n); w: the scratch
 * buffer that s is not in. */
static int
passes(ts_clean *c, const int *stages, int ns, int j, const uint8_t *s,
    size_t n, int at_end, int w, ts_buf *out)
{
	unsigned o = c->opts;
	ts_buf *dst;
	int r = 0;

	for (; j < ns; j++) {
		dst = (j == ns - 1 && !(o & ANY_LINES)) ? out : &c->tmp[w];
		if (dst != out)
			dst->len = 0;
		switch (stages[j]) {
		case P_NL: r = newlines(c, s, n, dst); break;
		case P_MAP: r = charmap(c, s, n, dst); break;
		case P_NORM: r = ts_norm_feed_pass(&c->norm, s, n, at_end, dst); break;
		case P_ENT: r = entities(c, s, n, at_end, dst); break;
		case P_MOJ: r = mojibake(c, 0, &c->moj, &c->moj2, s, n, at_end, dst); break;
		case P_PRE: r = ts_norm_feed_pass(&c->pre, s, n, at_end, dst); break;
		case P_MOJ2: r = mojibake(c, 0, &c->mojb, &c->mojb2, s, n, at_end, dst); break;
		case P_MOJ2N: r = mojibake(c, 1, &c->mojb, &c->mojb2, s, n, at_end, dst); break;
		case P_PRE2: r = ts_norm_feed_pass(&c->pre2, s, n, at_end, dst); break;
		default: r = ascii(c, s, n, dst); break;
		}
		if (r == PASS) {	/* s goes on as it is */
			if (dst == out && ts_buf_append(out, s, n) != 0)
				return TS_ENOMEM;
			continue;
		}
		if (r != 0)
			return r;
		if (dst != out) {
			s = dst->p != NULL ? dst->p : (const uint8_t *)"";
			n = dst->len;
			w ^= 1;
		}
	}
	if (o & ANY_LINES)
		return lines(c, s, n, at_end, out);
	if (ns == 0)
		return ts_buf_append(out, s, n);
	return 0;
}

/* Decode, then every pass. */
static int
slow(ts_clean *c, const uint8_t *p, size_t len, int at_end, ts_buf *out)
{
	int stages[10], ns = plan(c, stages), r, stop = 0;
	const uint8_t *s = p;
	size_t n = 0;

	if ((r = decode(c, p, len, at_end, &s, &n, &c->tmp[0])) != 0) {
		if (r != TS_EUTF8)
			return r;
		stop = r;	/* the text before the bad unit, then stop */
		at_end = 1;
	}
	if (s == NULL)
		s = p;		/* an empty buffer */
	if (c->at_start && n > 0) {
		c->at_start = 0;
		if ((c->opts & TS_CL_BOM) && n >= 3 &&
		    memcmp(s, "\xEF\xBB\xBF", 3) == 0)
			s += 3, n -= 3;
	}
	r = passes(c, stages, ns, 0, s, n, at_end, 1, out);
	return r != 0 ? r : stop;
}

static int
feed(ts_clean *c, const uint8_t *p, size_t len, int at_end, ts_buf *out)
{
	int stages[10], ns = plan(c, stages), r;
	size_t k, hold, end, done;
	ts_buf *dst;

	if (p == NULL)
		p = (const uint8_t *)"";
	/* When normalization comes first and no positions are needed, it
	 * validates as it goes: one pass less.  What it cannot take (an
	 * ill-formed unit, a sequence cut by the chunk) goes the slow way;
	 * cutting the input there changes nothing. */
	if (ns == 0 || stages[0] != P_NORM || c->report != NULL ||
	    (c->at_start && (c->opts & TS_CL_BOM)))
		return slow(c, p, len, at_end, out);
	while (c->ntail > 0) {	/* may leave a new tail: a bad unit */
		k = (size_t)ts_seq_len(c->tail[0]) - c->ntail;
		if (k >= len)
			return slow(c, p, len, at_end, out);
		if ((r = slow(c, p, k, 0, out)) != 0)
			return r;
		p += k, len -= k;
	}
	hold = at_end ? 0 : ts_incomplete_tail(p, len);
	end = len - hold;
	dst = ns == 1 && !(c->opts & ANY_LINES) ? out : &c->tmp[0];
	if (dst != out)
		dst->len = 0;
	if ((r = ts_norm_feed_raw(&c->norm, p, end, at_end, dst, &done)) != 0)
		return r;
	if (done > 0)
		c->at_start = 0;
	if (dst != out && (r = passes(c, stages, ns, 1, dst->p != NULL ?
	    dst->p : p, dst->len, at_end && done == end, 1, out)) != 0)
		return r;
	if (done < end)
		return slow(c, p + done, len - done, at_end, out);
	memcpy(c->tail, p + end, hold);
	c->ntail = hold;
	return 0;
}

/* feed() on p cut after its first and its last LF: in between, whole
 * lines, which every pass starts with nothing held back from before and
 * ends with nothing to hold back, so the passes that change nothing there
 * hand the text on uncopied (PASS).  Cutting changes nothing else: every
 * pass streams. */
static int
feed_lines(ts_clean *c, const uint8_t *p, size_t len, int at_end,
    ts_buf *out)
{
	const uint8_t *first, *last;
	size_t a, b;
	int r;

	if (len < 4096 || (first = memchr(p, '\n', len)) == NULL)
		return feed(c, p, len, at_end, out);
	for (last = p + len - 1; *last != '\n'; last--)
		;
	a = (size_t)(first - p) + 1;
	b = (size_t)(last - p) + 1;
	if ((r = feed(c, p, a, 0, out)) != 0 ||
	    (b > a && (r = feed(c, p + a, b - a, 0, out)) != 0))
		return r;
	return feed(c, p + b, len - b, at_end, out);
}

int
ts_clean_feed(ts_clean *c, const uint8_t *p, size_t len, int at_end,
    ts_buf *out)
{
	size_t base = out->len, skip;
	int r;

	c->out_base = base;
	r = feed_lines(c, p, len, at_end, out);
	/* --strip-bom: a U+FEFF that the other passes left first in the
	 * output goes too, or a second run would remove it.  (The line pass
	 * does this itself, before it trims.) */
	if ((c->opts & TS_CL_BOM) && c->out_start && !(c->opts & ANY_LINES)) {
		skip = 0;
		while (out->len - base - skip >= 3 &&
		    memcmp(out->p + base + skip, "\xEF\xBB\xBF", 3) == 0)
			skip += 3;
		if (skip > 0) {
			memmove(out->p + base, out->p + base + skip,
			    out->len - base - skip);
			out->len -= skip;
		}
	}
	if (out->len > base)
		c->out_start = 0;
	return r;
}

int
ts_clean_feed_pass(ts_clean *c, const uint8_t *p, size_t len, int at_end,
    ts_buf *out)
{
	size_t done;
	int r;

	/* Only normalization (or none: then nothing is done and all goes
	 * to slow()), the last piece, no positions: what feed() does, with
	 * ts_norm_feed_raw_pass() in place of ts_norm_feed_raw(). */
	if (c->opts != 0 || c->report != NULL || c->ntail != 0 || !at_end ||
	    len == 0)
		return ts_clean_feed(c, p, len, at_end, out);
	c->out_base = out->len;
	if ((r = ts_norm_feed_raw_pass(&c->norm, p, len, 1, out, &done)) < 0)
		return r;
	if (done > 0)
		c->at_start = 0;
	if (r == 1 && done == len) {
		c->out_start = 0;
		return 1;
	}
	if (r == 1 && ts_buf_append(out, p, done) != 0)
		return TS_ENOMEM;
	if (done < len && (r = slow(c, p + done, len - done, 1, out)) != 0)
		return r;
	if (out->len > c->out_base)
		c->out_start = 0;
	return 0;
}

/* --check. */

void
ts_cmp_init(ts_cmp *k, uint8_t delim)
{
	memset(k, 0, sizeof *k);
	k->delim = delim;
	ts_cmp_reset(k);
}

void
ts_cmp_reset(ts_cmp *k)
{
	k->pend.len = 0;
	k->start = 0;
	k->part = 0;
	k->differ = 0;
	ts_pos_init(&k->pos);
}

void
ts_cmp_free(ts_cmp *k)
{
	ts_buf_free(&k->pend);
}

int
ts_cmp_input(ts_cmp *k, const uint8_t *p, size_t len)
{
	if (k->start > 0 && k->start >= k->pend.len / 2) {
		memmove(k->pend.p, k->pend.p + k->start, k->pend.len - k->start);
		k->pend.len -= k->start;
		k->start = 0;
	}
	return ts_buf_append(&k->pend, p, len);
}

int
ts_cmp_output(ts_cmp *k, const uint8_t *p, size_t len)
{
	const uint8_t *base = k->pend.p != NULL ? k->pend.p : (const uint8_t *)"";
	const uint8_t *in = base + k->start, *end = base + k->pend.len;
	size_t avail = (size_t)(end - in), m = k->part, total, u;
	int32_t cp;
	int bad;

	if (k->differ)
		return 1;
	/* p[j] is compared with in[part + j]. */
	total = k->part + len;
	while (m < total && m < avail && p[m - k->part] == in[m])
		m++;
	bad = m < total;
	/* Move pos past the whole units that matched. */
	while (in < end) {
		u = ts_next(in, end, &cp);
		if (u > m)
			break;
		ts_pos_advance(&k->pos, in, u, k->delim);
		in += u, m -= u, k->start += u;
	}
	k->part = m;
	if (bad)
		k->differ = 1;
	return bad;
}

int
ts_cmp_end(ts_cmp *k)
{
	if (!k->differ && k->start < k->pend.len)
		k->differ = 1;
	return k->differ;
}
