/* ts_segment.c - UAX #29 word and sentence boundaries over a span.
 *
 * Rule numbers (WB*, SB*) are those of UAX #29 revision 41 (Unicode
 * 15.0.0).  Each function walks forward from a boundary, keeping the
 * last two properties that are not ignored by WB4/SB5, and looks ahead
 * where a rule needs the character after the next one. */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "ts_segment.h"
#include "ts_unicode.h"

/* Decode the unit at p[i] and return its packed properties. */
static inline uint16_t
prop_at(const uint8_t *p, size_t len, size_t i, size_t *n)
{
	int32_t cp;

	if (p[i] < 0x80) {
		*n = 1;
		return ts_break_stage2[p[i]];
	}
	*n = ts_next(p + i, p + len, &cp);
	return ts_break_prop(cp);
}

static inline bool
is_ah(int w)
{
	return w == TS_WB_ALETTER || w == TS_WB_HL;
}

static inline bool
is_midnumletq(int w)
{
	return w == TS_WB_MIDNUMLET || w == TS_WB_SQ;
}

static inline bool
wb_ignored(int w)
{
	return w == TS_WB_EXTEND || w == TS_WB_FORMAT || w == TS_WB_ZWJ;
}

/* The first word property at or after p[i] that WB4 does not ignore,
 * or Other at the end of the span. */
static int
wb_ahead(const uint8_t *p, size_t len, size_t i)
{
	size_t n;
	int w;

	while (i < len) {
		w = TS_BREAK_WB(prop_at(p, len, i, &n));
		if (!wb_ignored(w))
			return w;
		i += n;
	}
	return TS_WB_OTHER;
}

static inline bool
ascii_alnum(uint8_t c)
{
	int w = TS_BREAK_WB(ts_break_stage2[c]);

	return c < 0x80 && (w == TS_WB_ALETTER || w == TS_WB_NUMERIC);
}

size_t
ts_word_next(const uint8_t *p, size_t len)
{
	size_t i, n;
	uint16_t v;
	int w, prev, prev2 = TS_WB_OTHER, raw, ri = 0, join;

	if (len == 0)
		return 0;
	v = prop_at(p, len, 0, &n);
	prev = raw = TS_BREAK_WB(v);
	i = n;
	if (prev == TS_WB_CR)				/* WB3 */
		return i < len && p[i] == '\n' ? i + 1 : i;
	if (prev == TS_WB_LF || prev == TS_WB_NEWLINE)	/* WB3a */
		return i;
	if (prev == TS_WB_RI)
		ri = 1;
	for (;;) {
		/* ASCII letters and digits join (WB5, WB8, WB9, WB10). */
		if (prev == TS_WB_ALETTER || prev == TS_WB_NUMERIC) {
			size_t i0 = i;

			while (i < len && ascii_alnum(p[i])) {
				prev2 = prev;
				prev = TS_BREAK_WB(ts_break_stage2[p[i]]);
				i++;
			}
			if (i > i0)
				raw = prev, ri = 0;
		}
		if (i >= len)
			return i;
		v = prop_at(p, len, i, &n);
		w = TS_BREAK_WB(v);
		if (w == TS_WB_CR || w == TS_WB_LF || w == TS_WB_NEWLINE)
			return i;			/* WB3b */
		if (raw == TS_WB_ZWJ && (v & TS_BREAK_EP)) {	/* WB3c */
			join = 1;
		} else if (raw == TS_WB_WSEGSPACE && w == TS_WB_WSEGSPACE) {
			join = 1;			/* WB3d */
		} else if (wb_ignored(w)) {		/* WB4 */
			raw = w;
			i += n;
			continue;
		} else if (is_ah(prev) && is_ah(w)) {	/* WB5 */
			join = 1;
		} else if (is_ah(prev) && (w == TS_WB_MIDLETTER ||
		    is_midnumletq(w))) {		/* WB6 */
			join = is_ah(wb_ahead(p, len, i + n)) ||
			    (prev == TS_WB_HL && w == TS_WB_SQ);	/* WB7a */
		} else if (is_ah(prev2) && (prev == TS_WB_MIDLETTER ||
		    is_midnumletq(prev)) && is_ah(w)) {	/* WB7 */
			join = 1;
		} else if (prev == TS_WB_HL && w == TS_WB_SQ) {	/* WB7a */
			join = 1;
		} else if (prev == TS_WB_HL && w == TS_WB_DQ) {	/* WB7b */
			join = wb_ahead(p, len, i + n) == TS_WB_HL;
		} else if (prev2 == TS_WB_HL && prev == TS_WB_DQ &&
		    w == TS_WB_HL) {			/* WB7c */
			join = 1;
		} else if (prev == TS_WB_NUMERIC && w == TS_WB_NUMERIC) {
			join = 1;			/* WB8 */
		} else if (is_ah(prev) && w == TS_WB_NUMERIC) {	/* WB9 */
			join = 1;
		} else if (prev == TS_WB_NUMERIC && is_ah(w)) {	/* WB10 */
			join = 1;
		} else if (prev2 == TS_WB_NUMERIC && (prev == TS_WB_MIDNUM ||
		    is_midnumletq(prev)) && w == TS_WB_NUMERIC) {	/* WB11 */
			join = 1;
		} else if (prev == TS_WB_NUMERIC && (w == TS_WB_MIDNUM ||
		    is_midnumletq(w))) {		/* WB12 */
			join = wb_ahead(p, len, i + n) == TS_WB_NUMERIC;
		} else if (prev == TS_WB_KATAKANA && w == TS_WB_KATAKANA) {
			join = 1;			/* WB13 */
		} else if ((is_ah(prev) || prev == TS_WB_NUMERIC ||
		    prev == TS_WB_KATAKANA || prev == TS_WB_EXTENDNUMLET) &&
		    w == TS_WB_EXTENDNUMLET) {		/* WB13a */
			join = 1;
		} else if (prev == TS_WB_EXTENDNUMLET && (is_ah(w) ||
		    w == TS_WB_NUMERIC || w == TS_WB_KATAKANA)) {	/* WB13b */
			join = 1;
		} else if (prev == TS_WB_RI && w == TS_WB_RI) {	/* WB15, WB16 */
			join = ri & 1;
		} else
			join = 0;			/* WB999 */
		if (!join)
			return i;
		ri = w == TS_WB_RI ? ri + 1 : 0;
		prev2 = prev;
		prev = raw = w;
		i += n;
	}
}

static inline bool
sb_parasep(int s)
{
	return s == TS_SB_SEP || s == TS_SB_CR || s == TS_SB_LF;
}

static inline bool
sb_saterm(int s)
{
	return s == TS_SB_STERM || s == TS_SB_ATERM;
}

/* SB8's lookahead from p[i]: ( ¬(OLetter | Upper | Lower | ParaSep |
 * SATerm) )* Lower. */
static bool
sb8_ahead(const uint8_t *p, size_t len, size_t i)
{
	size_t n;
	int s;

	while (i < len) {
		s = TS_BREAK_SB(prop_at(p, len, i, &n));
		if (s == TS_SB_LOWER)
			return true;
		if (s == TS_SB_OLETTER || s == TS_SB_UPPER || sb_parasep(s) ||
		    sb_saterm(s))
			return false;
		i += n;
	}
	return false;
}

/* End of the paragraph separator at p[i] (SB3: CR × LF). */
static inline size_t
sb_sep_end(const uint8_t *p, size_t len, size_t i, size_t n, int s)
{
	if (s == TS_SB_CR && i + n < len && p[i + n] == '\n')
		return i + n + 1;
	return i + n;
}

/* Bytes that never change the sentence state when no terminator is
 * pending: ASCII other than . ! ? CR LF, and letters do need tracking
 * only for SB7, which looks at the last one before ATerm. */
static inline bool
sb_plain_ascii(uint8_t c)
{
	return c >= 0x20 && c < 0x80 && c != '.' && c != '!' && c != '?';
}

/* Length of the leading run of p where sb_plain_ascii() holds, eight
 * bytes at a time: a byte below 0x20, at or above 0x80, or equal to
 * '.', '!' or '?' ends it. */
static inline size_t
plain_span(const uint8_t *p, size_t len)
{
	const uint64_t ones = 0x0101010101010101ULL, high = ones * 0x80;
	size_t i = 0;
	uint64_t x, t;

#ifdef __SSE2__
	/* Sixteen at a time: bytes below 0x20 or above 0x7F compare less
	 * than 0x20 as signed bytes. */
	const __m128i lo = _mm_set1_epi8(0x20), dot = _mm_set1_epi8('.'),
	    bang = _mm_set1_epi8('!'), qm = _mm_set1_epi8('?');

	for (; i + 16 <= len; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(p + i));
		__m128i m = _mm_or_si128(_mm_cmplt_epi8(v, lo),
		    _mm_or_si128(_mm_cmpeq_epi8(v, dot),
		    _mm_or_si128(_mm_cmpeq_epi8(v, bang),
		    _mm_cmpeq_epi8(v, qm))));
		int bits = _mm_movemask_epi8(m);

		if (bits != 0)
			return i + (size_t)__builtin_ctz((unsigned)bits);
	}
#endif
	for (; i + 8 <= len; i += 8) {
		memcpy(&x, p + i, 8);
		t = (x - ones * 0x20) & ~x;		/* < 0x20 (or >= 0x80) */
		t |= x;					/* >= 0x80 */
		t |= ((x ^ (ones * '.')) - ones) & ~(x ^ (ones * '.'));
		t |= ((x ^ (ones * '!')) - ones) & ~(x ^ (ones * '!'));
		t |= ((x ^ (ones * '?')) - ones) & ~(x ^ (ones * '?'));
		if (t & high)
			break;
	}
	while (i < len && sb_plain_ascii(p[i]))
		i++;
	return i;
}

enum { PH_NONE, PH_TERM, PH_CLOSE, PH_SP };

size_t
ts_sentence_next(const uint8_t *p, size_t len)
{
	size_t i = 0, n;
	int s, prev = TS_SB_OTHER, term = 0, phase = PH_NONE, before = 0;
	int join;

	while (i < len) {
		if (phase == PH_NONE) {
			/* Fast path: nothing pending. */
			i += plain_span(p + i, len - i);
			if (i > 0 && i < len + 1 && p[i - 1] < 0x80)
				prev = TS_BREAK_SB(ts_break_stage2[p[i - 1]]);
			if (i >= len)
				return len;
		}
		s = TS_BREAK_SB(prop_at(p, len, i, &n));
		if (sb_parasep(s))			/* SB4 (SB9, SB10) */
			return sb_sep_end(p, len, i, n, s);
		if ((s == TS_SB_EXTEND || s == TS_SB_FORMAT) && i > 0) {
			i += n;				/* SB5 */
			continue;
		}
		if (phase == PH_NONE) {
			if (sb_saterm(s)) {
				term = s, phase = PH_TERM, before = prev;
			}
			prev = s;
			i += n;
			continue;
		}
		/* After SATerm Close* Sp*. */
		if (term == TS_SB_ATERM && phase == PH_TERM &&
		    s == TS_SB_NUMERIC)
			join = 1;			/* SB6 */
		else if (term == TS_SB_ATERM && phase == PH_TERM &&
		    (before == TS_SB_UPPER || before == TS_SB_LOWER) &&
		    s == TS_SB_UPPER)
			join = 1;			/* SB7 */
		else if (term == TS_SB_ATERM && sb8_ahead(p, len, i))
			join = 1;			/* SB8 */
		else if (s == TS_SB_SCONTINUE || sb_saterm(s))
			join = 1;			/* SB8a */
		else if ((phase == PH_TERM || phase == PH_CLOSE) &&
		    s == TS_SB_CLOSE)
			join = 1;			/* SB9 */
		else if (s == TS_SB_SP)
			join = 1;			/* SB9, SB10 */
		else
			join = 0;			/* SB11 */
		if (!join)
			return i;
		if (sb_saterm(s))
			term = s, phase = PH_TERM, before = prev;
		else if (s == TS_SB_CLOSE && phase != PH_SP)
			phase = PH_CLOSE;
		else if (s == TS_SB_SP)
			phase = PH_SP;
		else
			phase = PH_NONE, term = 0;
		prev = s;
		i += n;
	}
	return len;
}

bool
ts_segment_is_word(const uint8_t *p, size_t len)
{
	const uint8_t *end = p + len;
	int32_t cp;
	size_t n;

	while (p < end) {
		if (*p < 0x80) {
			if ((unsigned)((*p | 0x20) - 'a') < 26 || (unsigned)(*p - '0') < 10)
				return true;
			p++;
			continue;
		}
		n = ts_next(p, end, &cp);
		if (cp >= 0 && (ts_is_letter(cp) || ts_is_number(cp)))
			return true;
		p += n;
	}
	return false;
}
