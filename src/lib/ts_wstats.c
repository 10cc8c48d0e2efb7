/* ts_wstats.c - word-stats' engine: see ts_wstats.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "ts_err.h"
#include "ts_hash.h"
#include "ts_json.h"
#include "ts_segment.h"
#include "ts_utf8.h"
#include "ts_wstats.h"

#define CUT_MIN		(1u << 20)
#define PARTIAL_MAGIC	"word-stats-partial"

int
ts_wstats_init(ts_wstats *ws, int flags, int ngrams, ts_ws_emit_fn emit,
    void *ctx)
{
	memset(ws, 0, sizeof *ws);
	if (ngrams < 1 || ngrams > TS_WS_MAX_NGRAMS)
		return TS_EINVAL;
	ws->flags = flags;
	ws->ngrams = ngrams;
	ws->para_first = ws->para_last = -1;
	ws->emit = emit;
	ws->ctx = ctx;
	ws->cut_min = ws->cut_limit = CUT_MIN;
	ws->u = (ts_unicode)TS_UNICODE_INIT;
	ts_counter_init(&ws->words, ts_hash_seed());
	ts_counter_init(&ws->grams, ts_hash_seed());
	ws->sseed[0] = ts_hash_seed() | 1;
	ws->sseed[1] = ts_hash_seed() | 1;
	return 0;
}

void
ts_wstats_free(ts_wstats *ws)
{
	ts_counter_free(&ws->words);
	ts_counter_free(&ws->grams);
	free(ws->stab);
	ws->stab = NULL;
	ts_buf_free(&ws->carry);
	ts_buf_free(&ws->key);
	ts_buf_free(&ws->window);
	ts_unicode_free(&ws->u);
}

static inline bool
ascii_space(uint8_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Is the unit with packed properties v white space (Sp or a separator)? */
static inline bool
prop_space(uint16_t v)
{
	int s = TS_BREAK_SB(v);

	return s == TS_SB_SP || s == TS_SB_SEP || s == TS_SB_CR ||
	    s == TS_SB_LF;
}

/* Length of the leading run of ASCII bytes of p[0..len), sixteen at a
 * time (ts_ascii_span, inlined for the per-line loop). */
static inline size_t
ascii_run(const uint8_t *p, size_t len)
{
	size_t i = 0;
	uint64_t x;

#ifdef __SSE2__
	for (; i + 16 <= len; i += 16) {
		int bits = _mm_movemask_epi8(_mm_loadu_si128(
		    (const __m128i *)(p + i)));

		if (bits != 0)
			return i + (size_t)__builtin_ctz((unsigned)bits);
	}
#endif
	for (; i + 8 <= len; i += 8) {
		memcpy(&x, p + i, 8);
		if (x & 0x8080808080808080ULL)
			return i + (size_t)__builtin_ctzll(x &
			    0x8080808080808080ULL) / 8;
	}
	while (i < len && p[i] < 0x80)
		i++;
	return i;
}

/* Does p[0..len) (ASCII) hold a byte other than white space? */
static inline bool
ascii_text(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!ascii_space(p[i]))
			return true;
	return false;
}

/* chars, graphemes, and whether the piece holds text.  A piece holds a
 * line feed only as its last byte.  Runs of ASCII after an ASCII unit
 * (or at the start) are counted whole: between two ASCII units there
 * is a grapheme break except in CR LF (GB3, GB4, GB5, GB999). */
static void
count_units(ts_wstats *ws, const uint8_t *p, size_t len)
{
	const uint8_t *end = p + len;
	int32_t cp, prev = TS_INVALID, state = 0;
	size_t n;

	while (p < end) {
		if (*p < 0x80 && prev < 0x80) {
			n = ascii_run(p, (size_t)(end - p));
			ws->t.chars += n;
			ws->t.graphemes += n;
			if (p + n == end && end[-1] == '\n' &&
			    (n >= 2 ? end[-2] : prev) == '\r')
				ws->t.graphemes--;	/* GB3 */
			if (!ws->line_text && ascii_text(p, n))
				ws->line_text = 1;
			prev = p[n - 1];
			state = 0;
			p += n;
			continue;
		}
		n = ts_next(p, end, &cp);
		ws->t.chars++;
		if (cp < 0) {			/* a cluster of its own */
			ws->t.graphemes++;
			ws->line_text = 1;
			state = 0;
		} else if (prev < 0) {
			ws->t.graphemes++;
			state = 0;
		} else if (ts_grapheme_break(prev, cp, &state))
			ws->t.graphemes++;
		if (!ws->line_text && (cp < 0x80 ? !ascii_space((uint8_t)cp) :
		    !prop_space(ts_break_prop(cp))))
			ws->line_text = 1;
		prev = cp;
		p += n;
	}
}

/* Trim white space: the leading end if lead, the trailing if trail. */
static void
trim(const uint8_t **pp, size_t *lenp, int lead, int trail)
{
	const uint8_t *p = *pp, *end = p + *lenp, *last = p;
	int32_t cp;
	size_t n;
	bool sp;

	for (; p < end; p += n) {
		n = ts_next(p, end, &cp);
		sp = cp >= 0 && (cp < 0x80 ? ascii_space((uint8_t)cp) :
		    prop_space(ts_break_prop(cp)));
		if (!sp)
			break;
	}
	if (!lead)
		p = *pp;
	if (trail) {
		const uint8_t *q;

		for (q = last = p; q < end; q += n) {
			n = ts_next(q, end, &cp);
			sp = cp >= 0 && (cp < 0x80 ? ascii_space((uint8_t)cp) :
			    prop_space(ts_break_prop(cp)));
			if (!sp)
				last = q + n;
		}
		end = last;
	}
	*pp = p;
	*lenp = (size_t)(end - p);
}

static int
close_sentence(ts_wstats *ws, const uint8_t *p, size_t len, int end)
{
	int r = 0;

	if (ws->sent_words > 0) {
		if (end)
			ws->t.sentences++;
		if (ws->flags & TS_WS_SENTENCES) {
			trim(&p, &len, !ws->sent_open, end);
			r = ws->emit(ws->ctx, p, len, end);
		}
	}
	if (end) {
		ws->sent_words = 0;
		ws->sent_open = 0;
		ws->nwin = 0;
		ws->window.len = 0;
	} else
		ws->sent_open = ws->sent_words > 0;
	return r;
}

static int
add_gram(ts_wstats *ws, const uint8_t *k, size_t n)
{
	ts_buf *b = &ws->window;
	size_t skip;
	int i;

	if ((ws->nwin > 0 && ts_buf_putc(b, ' ') != 0) ||
	    ts_buf_append(b, k, n) != 0)
		return TS_ENOMEM;
	ws->winlens[ws->nwin] = n;
	if (ws->nwin + 1 < ws->ngrams) {
		ws->nwin++;
		return 0;
	}
	if (ts_counter_add(&ws->grams, b->p, b->len, 1) < 0)
		return TS_ENOMEM;
	skip = ws->winlens[0] + 1;
	memmove(b->p, b->p + skip, b->len - skip);
	b->len -= skip;
	for (i = 0; i + 1 < ws->ngrams; i++)
		ws->winlens[i] = ws->winlens[i + 1];
	return 0;
}

/* Lower-case the ASCII letters of 8 ASCII bytes. */
static inline uint64_t
lower8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t up = ((x + ones * (0x80 - 'A')) ^ (x + ones * (0x80 - 'Z' - 1)))
	    & ~x & (ones * 0x80);

	return x | (up >> 2);
}

#define SHORT_MAX 12	/* bytes of a word in the short table */

/* The hash of a short word; its slot is the low bits. */
static inline uint64_t
short_hash(const ts_wstats *ws, uint64_t k0, uint64_t k1)
{
	__uint128_t m = (__uint128_t)(k0 ^ ws->sseed[0]) * (k1 ^ ws->sseed[1]);

	return (uint64_t)m ^ (uint64_t)(m >> 64);
}

static inline size_t
short_slot(const ts_wstats *ws, uint64_t k0, uint64_t k1)
{
	return (size_t)(short_hash(ws, k0, k1) & (ws->scap - 1));
}

static int
short_grow(ts_wstats *ws)
{
	size_t cap = ws->scap ? ws->scap * 2 : 4096, i, j;
	struct ts_ws_short *t, *old = ws->stab;

	if ((t = calloc(cap, sizeof *t)) == NULL)
		return TS_ENOMEM;
	ws->stab = t;
	ws->scap = cap;
	ws->sgrow = cap / 4 * 3;
	for (i = 0; old != NULL && i < cap / 2; i++) {
		if (old[i].count == 0)
			continue;
		for (j = short_slot(ws, old[i].k0, old[i].k1); t[j].count != 0;
		    j = (j + 1) & (cap - 1))
			;
		t[j] = old[i];
	}
	free(old);
	return 0;
}

static int
short_unpack(const struct ts_ws_short *e, uint8_t b[SHORT_MAX])
{
	int n;

	for (n = 0; n < SHORT_MAX; n++)
		if ((b[n] = (uint8_t)(n < 8 ? e->k0 >> (8 * n) :
		    e->k1 >> (8 * (n - 8)))) == 0)
			break;
	return n;
}

/* Add one to the short word packed in x[0], x[1] (no NUL byte in it;
 * its first byte is not 0, so an empty slot is the one with k0 0),
 * whose short_hash() is x[2]. */
static inline int
short_add(ts_wstats *ws, const uint64_t *x)
{
	struct ts_ws_short *e;
	uint8_t b[SHORT_MAX];
	size_t j;

	if (ws->sn >= ws->sgrow && short_grow(ws) != 0)
		return TS_ENOMEM;
	for (j = (size_t)x[2] & (ws->scap - 1);; j = (j + 1) & (ws->scap - 1)) {
		e = &ws->stab[j];
		if (e->k0 == x[0] && e->k1 == x[1]) {
			if (++e->count == UINT32_MAX) {	/* spill */
				if (ts_counter_add(&ws->words, b,
				    (size_t)short_unpack(e, b), e->count - 1) < 0)
					return TS_ENOMEM;
				e->count = 1;
			}
			return 0;
		}
		if (e->k0 == 0) {
			e->k0 = x[0], e->k1 = (uint32_t)x[1];
			e->count = 1;
			ws->sn++;
			return 0;
		}
	}
}

/* Move the short words into ws->words. */
static int
short_flush(ts_wstats *ws)
{
	uint8_t b[SHORT_MAX];
	size_t i;
	int k;

	for (i = 0; i < ws->scap; i++) {
		if (ws->stab[i].count == 0)
			continue;
		if ((k = ts_counter_add(&ws->words, b,
		    (size_t)short_unpack(&ws->stab[i], b),
		    ws->stab[i].count)) < 0)
			return k;
	}
	free(ws->stab);
	ws->stab = NULL;
	ws->scap = ws->sn = ws->sgrow = 0;
	return 0;
}

/* Count a short word (packed into k0, k1): it waits in the ring while
 * its slot is prefetched, and the word that waited longest is added.
 * A ring entry with k0 0 is empty.  The table must be there
 * (scap > 0). */
static inline __attribute__((always_inline)) int
count_short(ts_wstats *ws, uint64_t k0, uint64_t k1)
{
	uint64_t *r = ws->ring[ws->ring_at++ & 7], h;

	h = short_hash(ws, k0, k1);
	__builtin_prefetch(&ws->stab[h & (ws->scap - 1)], 1);
	if (r[0] != 0 && short_add(ws, r) != 0)
		return TS_ENOMEM;
	r[0] = k0, r[1] = k1, r[2] = h;
	return 0;
}

/* Count the key k (a folded or as-is word, kn bytes; x: packed, if it
 * has at most SHORT_MAX bytes), then its n-grams. */
static int
count(ts_wstats *ws, const uint8_t *k, size_t kn, const uint64_t *x)
{
	if (x != NULL) {
		if ((ws->scap == 0 && short_grow(ws) != 0) ||
		    count_short(ws, x[0], x[1]) != 0)
			return TS_ENOMEM;
	} else if (ts_counter_add(&ws->words, k, kn, 1) < 0)
		return TS_ENOMEM;
	return ws->ngrams > 1 ? add_gram(ws, k, kn) : 0;
}

static inline uint64_t
load64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/* A word p[0..n) of ASCII letters and digits; the line has avail
 * bytes from p on; w, when not NULL, holds the 16 bytes from p (zero
 * past the line, maybe folded).  Kept in registers (a, b) on the
 * common path. */
static int
word_ascii(ts_wstats *ws, const uint8_t *p, size_t n, size_t avail,
    const uint64_t *w)
{
	uint64_t a = 0, b = 0, x[2];
	const uint8_t *k = p;
	bool fold = !(ws->flags & TS_WS_NOFOLD);
	size_t i;
	int r;

	ws->t.words++;
	ws->sent_words++;
	ws->t.word_chars += n;
	if (n <= 16) {
		if (w != NULL || avail >= 16) {
			if (w != NULL)
				a = w[0], b = w[1];
			else
				a = load64(p), b = load64(p + 8);
			if (n < 8)
				a &= (1ULL << (8 * n)) - 1, b = 0;
			else if (n < 16)
				b &= (1ULL << (8 * (n - 8))) - 1;
		} else
			for (i = 0; i < n; i++) {
				if (i < 8)
					a |= (uint64_t)p[i] << (8 * i);
				else
					b |= (uint64_t)p[i] << (8 * (i - 8));
			}
		if (fold)
			a = lower8(a), b = lower8(b);
		if (n <= SHORT_MAX && (ws->flags & TS_WS_COUNT) &&
		    !(ws->flags & TS_WS_TOKENS) && ws->ngrams == 1)
			return count_short(ws, a, b);	/* the usual case */
		x[0] = a, x[1] = b;
		if (fold)
			k = (const uint8_t *)x;
	} else if (fold) {
		if (n > ws->key.cap && ts_buf_reserve(&ws->key, n) != 0)
			return TS_ENOMEM;
		for (i = 0; i < n; i++)
			ws->key.p[i] = (uint8_t)(p[i] |
			    ((unsigned)(p[i] - 'A') < 26 ? 0x20 : 0));
		k = ws->key.p;
	}
	if ((ws->flags & TS_WS_TOKENS) && (r = ws->emit(ws->ctx, k, n, 1)) != 0)
		return r;
	if (ws->flags & TS_WS_COUNT)
		return count(ws, k, n, n <= SHORT_MAX ? x : NULL);
	return 0;
}

/* Any other word. */
static int
word(ts_wstats *ws, const uint8_t *p, size_t n)
{
	const uint8_t *k = p;
	size_t kn = n;
	int r;

	ws->t.words++;
	ws->sent_words++;
	ws->t.word_chars += ts_count_units(p, n);
	if (!(ws->flags & TS_WS_NOFOLD)) {
		ws->key.len = 0;
		if ((r = ts_casefold(&ws->u, p, n, &ws->key)) != 0) {
			if (r == TS_ENOMEM)
				return r;
			ws->key.len = 0;	/* not valid: keep as is */
			if (ts_buf_append(&ws->key, p, n) != 0)
				return TS_ENOMEM;
		}
		k = ws->key.p, kn = ws->key.len;
	}
	if ((ws->flags & TS_WS_TOKENS) &&
	    (r = ws->emit(ws->ctx, k, kn, 1)) != 0)
		return r;
	if (ws->flags & TS_WS_COUNT) {
		uint64_t x[2] = { 0, 0 };
		size_t i;

		if (kn > SHORT_MAX)
			return count(ws, k, kn, NULL);
		for (i = 0; i < kn; i++) {
			if (k[i] == 0 || k[i] >= 0x80)
				return count(ws, k, kn, NULL);
			x[i >> 3] |= (uint64_t)k[i] << (8 * (i & 7));
		}
		return count(ws, k, kn, x);
	}
	return 0;
}

/* ASCII classes for the fast path of piece(). */
#define A_ALNUM	1	/* A-Z a-z 0-9 */
#define A_SKIP	2	/* never joins a following letter or digit */
#define A_END	4	/* ends a run of letters and digits */

static const uint8_t aclass[256] = {
#define S (A_SKIP | A_END)
	S,S,S,S,S,S,S,S,S,S,S,S,S,S,S,S, S,S,S,S,S,S,S,S,S,S,S,S,S,S,S,S,
	/*   !  "  #  $  %  &  '       (  )  *  +  ,       -  .       / */
	S,S,S,S,S,S,S,A_SKIP, S,S,S,S,A_SKIP, S,A_SKIP, S,
	1,1,1,1,1,1,1,1,1,1, A_SKIP,A_SKIP, S,S,S,S,	/* 0-9 : ; < = > ? */
	S,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1, S,S,S,S,0,
	S,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1, S,S,S,S,S,
#undef S
};

/* Leading ASCII letters and digits among the 8 bytes of x (the first
 * byte in the low bits), word-at-a-time. */
static inline unsigned
alnum_prefix8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ULL, high = ones * 0x80;
	uint64_t a = x & ~high, l = a | (ones * 0x20), m;

	m = (l + ones * (0x80 - 'a')) & ~(l + ones * (0x80 - 'z' - 1));
	m |= (a + ones * (0x80 - '0')) & ~(a + ones * (0x80 - '9' - 1));
	m = ~(m & ~x) & high;		/* bytes that are not alnum */
	return m ? (unsigned)__builtin_ctzll(m) / 8 : 8;
}

/* The 16 bytes at p in *wa, *wb (the first byte in the low bits),
 * ASCII upper case lowered if fold; returns a mask with bit i set when
 * byte i is not an ASCII letter or digit. */
static inline unsigned
alnum_mask16(const uint8_t *p, bool fold, uint64_t *wa, uint64_t *wb)
{
#if defined(__SSE2__) && defined(__x86_64__)
	/* x + c lands in [-128, -128 + k) as a signed byte exactly when x
	 * is in [0x80 - c, 0x80 - c + k): one compare a range. */
	__m128i v = _mm_loadu_si128((const __m128i *)p);
	__m128i l = _mm_or_si128(v, _mm_set1_epi8(0x20));
	__m128i al = _mm_cmplt_epi8(_mm_add_epi8(l, _mm_set1_epi8(0x80 - 'a')),
	    _mm_set1_epi8(-128 + 26));
	__m128i dg = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(0x80 - '0')),
	    _mm_set1_epi8(-128 + 10));
	__m128i up = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(0x80 - 'A')),
	    _mm_set1_epi8(-128 + 26));
	unsigned m = ~(unsigned)_mm_movemask_epi8(_mm_or_si128(al, dg));

	v = _mm_or_si128(v, _mm_and_si128(up, _mm_set1_epi8(fold ? 0x20 : 0)));
	*wa = (uint64_t)_mm_cvtsi128_si64(v);
	*wb = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(v, v));
	return m & 0xFFFF;
#else
	uint64_t a = load64(p), b = load64(p + 8);
	unsigned m = 0, i;

	for (i = 0; i < 16; i++)
		if (!(aclass[p[i]] & A_ALNUM))
			m |= 1u << i;
	*wa = fold ? lower8(a) : a;
	*wb = fold ? lower8(b) : b;
	return m;
#endif
}

/* The leading ASCII letters and digits of p[pos..len) (16 if there are
 * that many), and the 16 bytes from p + pos as alnum_mask16() gives
 * them, zero past len.  The line must have at least 16 bytes: near its
 * end the 16 bytes ending at len are loaded and shifted. */
static inline unsigned
alnum_at(const uint8_t *p, size_t pos, size_t len, bool fold, uint64_t *wa,
    uint64_t *wb)
{
	unsigned m, d;
	__uint128_t v;

	if (len - pos >= 16)
		m = alnum_mask16(p + pos, fold, wa, wb);
	else {
		d = (unsigned)(16 - (len - pos));	/* 1..15 */
		m = alnum_mask16(p + len - 16, fold, wa, wb) >> d |
		    0xFFFFu << (16 - d);
		v = ((__uint128_t)*wb << 64 | *wa) >> (8 * d);
		*wa = (uint64_t)v;
		*wb = (uint64_t)(v >> 64);
	}
	return (unsigned)__builtin_ctz(m | 0x10000);
}

/* A piece of a line: the whole line (line_end) or a cut part of it.
 * Words are found by ts_word_next(), except that runs of ASCII letters
 * and digits ended by a byte that cannot continue a word (A_END) are
 * taken whole, and bytes that cannot join the next word (A_SKIP) are
 * stepped over: both give the segments UAX #29 gives (WB5-WB13b are
 * the only rules that join a letter or digit to what precedes it). */
static int
piece(ts_wstats *ws, const uint8_t *p, size_t len, int line_end)
{
	/* Masks keeping the first n bytes of a word loaded 16 bytes at a
	 * time (n <= SHORT_MAX). */
	static const uint64_t mlo[SHORT_MAX + 1] = {
		0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF, 0xFFFFFFFFFFULL,
		0xFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFULL, ~0ULL, ~0ULL, ~0ULL,
		~0ULL, ~0ULL,
	}, mhi[SHORT_MAX + 1] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF,
	};
	size_t pos = 0, start, n, sstart = 0, send = len;
	int r, sent = ws->flags & (TS_WS_COUNT | TS_WS_SENTENCES);
	/* The usual case: short ASCII words go straight to the table. */
	bool fast = (ws->flags & (TS_WS_COUNT | TS_WS_TOKENS)) ==
	    TS_WS_COUNT && ws->ngrams == 1;
	bool fold = !(ws->flags & TS_WS_NOFOLD), ascii, loaded;
	uint64_t wa = 0, wb = 0;

	if (ws->flags & TS_WS_COUNT) {
		ws->t.bytes += len;
		if (len > 0 && p[len - 1] == '\n')
			ws->t.lines++;
		count_units(ws, p, len);
	}
	if (fast && ws->scap == 0 && short_grow(ws) != 0)
		return TS_ENOMEM;
	if (sent)
		send = ts_sentence_next(p, len);
	while (pos < len) {
		/* The usual case in a loop of its own: white space and
		 * punctuation (A_SKIP), and short words of letters and digits
		 * ended by a byte that ends them for certain, all inside the
		 * open sentence.  Anything else goes to the general code
		 * below (a word from its first byte on again). */
		while (fast && len >= 16 && pos < len) {
			uint8_t c = aclass[p[pos]], e;
			unsigned k;

			if (c & A_SKIP) {
				pos++;
				continue;
			}
			if (!(c & A_ALNUM) || pos >= send)
				break;
			if ((k = alnum_at(p, pos, len, fold, &wa, &wb)) >
			    SHORT_MAX)
				break;
			if (pos + k < len && !((e = aclass[p[pos + k]]) &
			    A_END) && !((e & A_SKIP) && (pos + k + 1 == len ||
			    (aclass[p[pos + k + 1]] & A_SKIP))))
				break;			/* as below */
			ws->t.words++;
			ws->sent_words++;
			ws->t.word_chars += k;
			if ((r = count_short(ws, wa & mlo[k], wb & mhi[k])) != 0)
				return r;
			pos += k;
		}
		if (pos >= len)
			break;
		uint8_t c = aclass[p[pos]];

		if (c & A_SKIP) {
			pos++;
			continue;
		}
		start = pos;
		loaded = false;
		if (c & A_ALNUM) {
			unsigned k = 8;

			if (len >= 16) {
				/* Most words end within 16 bytes: load them
				 * once, for the scan and for the key (wa, wb:
				 * folded unless TS_WS_NOFOLD). */
				k = alnum_at(p, pos, len, fold, &wa, &wb);
				loaded = true;
				pos += k;
				k = k == 16 ? 8 : 0;
			} else
				pos++;
			for (; k == 8 && pos + 8 <= len; pos += k)
				k = alnum_prefix8(load64(p + pos));
			if (k == 8)
				while (pos < len && (aclass[p[pos]] & A_ALNUM))
					pos++;
			/* "word." "word," "can't": a Mid letter or number
			 * joins only when a letter or digit follows it
			 * (WB6, WB7, WB11, WB12). */
			if (pos < len && !(aclass[p[pos]] & A_END) &&
			    !((aclass[p[pos]] & A_SKIP) && (pos + 1 == len ||
			    (aclass[p[pos + 1]] & A_SKIP))))
				pos = start;	/* maybe more: the rules */
		}
		if (pos > start) {
			n = pos - start;
			ascii = true;
		} else {
			n = ts_word_next(p + pos, len - pos);
			pos += n;
			if (!ts_segment_is_word(p + start, n))
				continue;
			ascii = ts_ascii_span(p + start, n) == n;
		}
		while (sent && start >= send) {
			if ((r = close_sentence(ws, p + sstart, send - sstart,
			    1)) != 0)
				return r;
			sstart = send;
			send += ts_sentence_next(p + send, len - send);
		}
		if (ascii && loaded && fast && n <= SHORT_MAX) {
			ws->t.words++;
			ws->sent_words++;
			ws->t.word_chars += n;
			if ((r = count_short(ws, wa & mlo[n], wb & mhi[n])) != 0)
				return r;
			continue;
		}
		if (ascii) {
			const uint64_t wv[2] = { wa, wb };

			r = word_ascii(ws, p + start, n, len - start,
			    loaded ? wv : NULL);
		} else
			r = word(ws, p + start, n);
		if (r != 0)
			return r;
	}
	/* The sentences after the last word hold none: they end here
	 * too, each on its own (not glued to the one before). */
	while (sent && send < len) {
		if ((r = close_sentence(ws, p + sstart, send - sstart, 1)) != 0)
			return r;
		sstart = send;
		send += ts_sentence_next(p + send, len - send);
	}
	if (sent && (r = close_sentence(ws, p + sstart, len - sstart,
	    line_end)) != 0)
		return r;
	if (line_end && (ws->flags & TS_WS_COUNT)) {
		if (ws->line_text && ws->para_last != 1)
			ws->t.paragraphs++;
		if (ws->para_first < 0)
			ws->para_first = ws->line_text;
		ws->para_last = ws->line_text;
		ws->line_text = 0;
	}
	return 0;
}
/* Sentence rules that reach forward: after a terminator and its
 * Close* Sp* chain (SB9-SB11), SB8a and SB11 decide at the first other
 * character, except after ATerm, where SB8 looks on for a lower-case
 * letter past anything but letters, separators and terminators. */
enum { SB_DONE, SB_ATERM, SB_STERM, SB_LOOK };

static int
sb_step(int st, unsigned sb, bool *chain_sp)
{
	switch (sb) {
	case TS_SB_ATERM:
	case TS_SB_STERM:
		*chain_sp = false;
		return sb == TS_SB_ATERM ? SB_ATERM : SB_STERM;
	case TS_SB_EXTEND:
	case TS_SB_FORMAT:
		return st;			/* SB5 */
	case TS_SB_LOWER:
	case TS_SB_UPPER:
	case TS_SB_OLETTER:
	case TS_SB_SEP:
	case TS_SB_CR:
	case TS_SB_LF:
		return SB_DONE;
	case TS_SB_SP:
		if (st == SB_ATERM || st == SB_STERM)
			*chain_sp = true;
		return st;
	case TS_SB_CLOSE:
		if ((st == SB_ATERM || st == SB_STERM) && *chain_sp)
			return st == SB_ATERM ? SB_LOOK : SB_DONE;
		return st;
	case TS_SB_SCONTINUE:
		return st == SB_LOOK ? SB_LOOK : SB_DONE;	/* SB8a */
	default:				/* Other, Numeric */
		return st == SB_ATERM || st == SB_LOOK ? SB_LOOK : SB_DONE;
	}
}

/* A cut point in a line without "lower SP lower" (spaces, punctuation,
 * ill-formed bytes): the last unit boundary where the units on both
 * sides are ASCII of Word_Break Other or WSegSpace, or ill-formed, and
 * no sentence rule waits for what follows (sb_step()).  No word rule
 * reaches over such a point (WB4-WB16 need other classes beside it;
 * WB3d keeps two spaces together, but both halves are still no word),
 * no grapheme rule (GB9-GB13 need marks, ZWJ, RI), and no sentence rule,
 * and the sentence goes on across it.  The open sentence may have no
 * word yet, so --sentences, which must print its start, does not cut
 * here.  The units are those of the whole line: a truncated one at the
 * end is left alone.  0 when there is none. */
static size_t
neutral_cut(const uint8_t *p, size_t len)
{
	const uint8_t *s = p, *end = p + len - ts_incomplete_tail(p, len);
	size_t best = 0, n;
	bool prev = false, here, chain_sp = false;
	int st = SB_DONE;
	int32_t cp;
	uint16_t v;

	for (; s < end; s += n) {
		n = ts_next(s, end, &cp);
		v = ts_break_prop(cp);
		here = cp < 0x80 && (TS_BREAK_WB(v) == TS_WB_OTHER ||
		    TS_BREAK_WB(v) == TS_WB_WSEGSPACE);
		if (prev && here && st == SB_DONE)
			best = (size_t)(s - p);
		st = sb_step(st, TS_BREAK_SB(v), &chain_sp);
		prev = here;
	}
	return best;
}

static int
cut(ts_wstats *ws)
{
	uint8_t *p = ws->carry.p;
	size_t len = ws->carry.len, i;
	int r;

	for (i = len - 1; i >= 2; i--)
		if (p[i - 1] == ' ' && (unsigned)(p[i] - 'a') < 26 &&
		    (unsigned)(p[i - 2] - 'a') < 26)
			break;
	if (i < 2 && !(ws->flags & TS_WS_SENTENCES))
		i = neutral_cut(p, len);
	if (i < 2) {
		ws->cut_limit = len * 2;	/* try again later */
		return 0;
	}
	if ((r = piece(ws, p, i, 0)) != 0)
		return r;
	memmove(p, p + i, len - i);
	ws->carry.len = len - i;
	ws->cut_limit = ws->carry.len * 2 > ws->cut_min ?
	    ws->carry.len * 2 : ws->cut_min;
	return 0;
}

int
ts_wstats_feed(ts_wstats *ws, const uint8_t *p, size_t len)
{
	const uint8_t *q;
	size_t n;
	int r;

	while (len > 0) {
		if ((q = memchr(p, '\n', len)) == NULL) {
			if (ts_buf_append(&ws->carry, p, len) != 0)
				return TS_ENOMEM;
			if (ws->carry.len >= ws->cut_limit)
				return cut(ws);
			return 0;
		}
		n = (size_t)(q - p) + 1;
		if (ws->carry.len > 0) {
			if (ts_buf_append(&ws->carry, p, n) != 0)
				return TS_ENOMEM;
			r = piece(ws, ws->carry.p, ws->carry.len, 1);
			ws->carry.len = 0;
			ws->cut_limit = ws->cut_min;
		} else
			r = piece(ws, p, n, 1);
		if (r != 0)
			return r;
		p += n, len -= n;
	}
	return 0;
}

int
ts_wstats_end(ts_wstats *ws)
{
	unsigned i;
	int r = 0;

	if (ws->carry.len > 0 || ws->sent_open)
		r = piece(ws, ws->carry.p != NULL ? ws->carry.p :
		    (const uint8_t *)"", ws->carry.len, 1);
	ws->carry.len = 0;
	for (i = 0; r == 0 && i < 8; i++) {
		uint64_t *e = ws->ring[(ws->ring_at + i) & 7];

		if (e[0] != 0 && (r = short_add(ws, e)) == 0)
			e[0] = 0;
	}
	if (r == 0 && ws->stab != NULL)
		r = short_flush(ws);
	return r;
}

unsigned
ts_syllables(const uint8_t *p, size_t len)
{
	unsigned n = 0;
	size_t i;
	bool in = false, v;
	uint8_t c;

	for (i = 0; i < len; i++) {
		c = p[i] | 0x20;
		v = p[i] < 0x80 && (c == 'a' || c == 'e' || c == 'i' ||
		    c == 'o' || c == 'u' || c == 'y');
		if (v && !in)
			n++;
		in = v;
	}
	/* A final e is silent ("make"), but not in "-le" ("table"). */
	if (n > 1 && len >= 2 && (p[len - 1] | 0x20) == 'e' &&
	    (p[len - 2] | 0x20) != 'l')
		n--;
	return n ? n : 1;
}

static int
put_double(ts_writer *w, double d)
{
	char s[64];
	int n = snprintf(s, sizeof s, "%.4f", d);

	return ts_write(w, s, (size_t)n);
}

static double
ratio(uint64_t a, uint64_t b)
{
	return b ? (double)a / (double)b : 0.0;
}

/* Should key (a word, or words joined by spaces) stay out of top? */
static bool
filtered(const ts_ws_report *r, const uint8_t *p, size_t len, bool gram)
{
	const uint8_t *end = p + len, *sp;
	size_t n;

	if (r->stop == NULL && r->min_length == 0)
		return false;
	for (; p <= end; p = sp + 1) {
		sp = gram ? memchr(p, ' ', (size_t)(end - p)) : NULL;
		if (sp == NULL)
			sp = end;
		n = (size_t)(sp - p);
		if (r->stop != NULL && ts_counter_get(r->stop, p, n) != NULL)
			return true;
		if (r->min_length > 0 && ts_count_units(p, n) < r->min_length)
			return true;
	}
	return false;
}

struct filter_ctx {
	const ts_ws_report	*r;
	bool			 gram;
};

static int
keep(void *ctx, const ts_counter_entry *e)
{
	const struct filter_ctx *f = ctx;

	return !filtered(f->r, e->key, e->len, f->gram);
}

/* One "key value" of the report. */
static int
field(ts_writer *w, enum ts_ws_format f, const char *key, bool first)
{
	int r = 0;

	switch (f) {
	case TS_WS_TEXT:
		r |= ts_puts(w, key);
		r |= ts_write(w, "                      ", 22 - strlen(key));
		break;
	case TS_WS_TSV:
		r |= ts_puts(w, key);
		r |= ts_putc(w, '\t');
		break;
	case TS_WS_JSON:
		r |= ts_puts(w, first ? "{\"" : ",\"");
		r |= ts_puts(w, key);
		r |= ts_puts(w, "\":");
		break;
	}
	return r;
}

static int
end_field(ts_writer *w, enum ts_ws_format f)
{
	return f == TS_WS_JSON ? 0 : ts_putc(w, '\n');
}

int
ts_wstats_report(const ts_wstats *ws, const ts_ws_report *r, ts_writer *w)
{
	const ts_counter_entry **v, *e;
	const ts_counter *top = ws->ngrams > 1 ? &ws->grams : &ws->words;
	const ts_ws_totals *t = &ws->t;
	enum ts_ws_format f = r->format;
	uint64_t hapax = 0, syl = 0, shown = 0, paras;
	struct filter_ctx fc = { r, ws->ngrams > 1 };
	double wps, spw;
	size_t i = 0, nv;
	int rc = 0;

	while (ts_counter_next(&ws->words, &i, &e)) {
		hapax += e->count == 1;
		if (r->readability)
			syl += e->count * ts_syllables(e->key, e->len);
	}
	paras = t->paragraphs - ws->para_joins;
	const struct { const char *k; uint64_t v; } ints[] = {
		{ "bytes", t->bytes }, { "chars", t->chars },
		{ "graphemes", t->graphemes }, { "lines", t->lines },
		{ "words", t->words }, { "distinct", ws->words.n },
		{ "sentences", t->sentences }, { "paragraphs", paras },
	};
	for (i = 0; i < sizeof ints / sizeof ints[0]; i++) {
		rc |= field(w, f, ints[i].k, i == 0);
		rc |= ts_put_u64(w, ints[i].v);
		rc |= end_field(w, f);
	}
	rc |= field(w, f, "mean_word_length", false);
	rc |= put_double(w, ratio(t->word_chars, t->words));
	rc |= end_field(w, f);
	rc |= field(w, f, "mean_sentence_words", false);
	rc |= put_double(w, ratio(t->words, t->sentences));
	rc |= end_field(w, f);
	rc |= field(w, f, "type_token_ratio", false);
	rc |= put_double(w, ratio(ws->words.n, t->words));
	rc |= end_field(w, f);
	rc |= field(w, f, "hapax", false);
	rc |= ts_put_u64(w, hapax);
	rc |= end_field(w, f);
	if (r->readability) {
		wps = ratio(t->words, t->sentences);
		spw = ratio(syl, t->words);
		rc |= field(w, f, "syllables", false);
		rc |= ts_put_u64(w, syl);
		rc |= end_field(w, f);
		rc |= field(w, f, "flesch_reading_ease", false);
		rc |= put_double(w, t->words && t->sentences ?
		    206.835 - 1.015 * wps - 84.6 * spw : 0.0);
		rc |= end_field(w, f);
		rc |= field(w, f, "flesch_kincaid_grade", false);
		rc |= put_double(w, t->words && t->sentences ?
		    0.39 * wps + 11.8 * spw - 15.59 : 0.0);
		rc |= end_field(w, f);
	}
	if ((v = ts_counter_top(top, r->top, keep, (void *)&fc, &nv)) == NULL)
		return TS_ENOMEM;
	if (f == TS_WS_JSON)
		rc |= ts_puts(w, ",\"top\":[");
	else if (f == TS_WS_TEXT)
		rc |= ts_puts(w, "top\n");
	for (i = 0; i < nv; i++) {
		switch (f) {
		case TS_WS_TEXT:
			rc |= ts_puts(w, "  ");
			rc |= ts_put_u64(w, v[i]->count);
			rc |= ts_putc(w, '\t');
			rc |= ts_write(w, v[i]->key, v[i]->len);
			rc |= ts_putc(w, '\n');
			break;
		case TS_WS_TSV:
			rc |= ts_puts(w, "top\t");
			rc |= ts_write(w, v[i]->key, v[i]->len);
			rc |= ts_putc(w, '\t');
			rc |= ts_put_u64(w, v[i]->count);
			rc |= ts_putc(w, '\n');
			break;
		case TS_WS_JSON:
			rc |= ts_puts(w, shown ? ",{\"word\":" : "{\"word\":");
			rc |= ts_json_string(w, v[i]->key, v[i]->len);
			rc |= ts_puts(w, ",\"count\":");
			rc |= ts_put_u64(w, v[i]->count);
			rc |= ts_putc(w, '}');
			break;
		}
		shown++;
	}
	free(v);
	if (f == TS_WS_JSON)
		rc |= ts_puts(w, "]}\n");
	return rc ? TS_EIO : 0;
}

/* The built-in English stop words: short and common. */
static const char *const stop_en[] = {
	"a", "about", "after", "all", "also", "an", "and", "any", "are", "as",
	"at", "be", "been", "but", "by", "can", "could", "did", "do", "does",
	"for", "from", "had", "has", "have", "he", "her", "his", "how", "i",
	"if", "in", "into", "is", "it", "its", "more", "my", "no", "not",
	"of", "on", "one", "or", "other", "our", "out", "over", "said", "she",
	"so", "some", "than", "that", "the", "their", "them", "then", "there",
	"these", "they", "this", "to", "up", "was", "we", "were", "what",
	"when", "which", "who", "will", "with", "would", "you", "your",
};

int
ts_wstats_stopwords(ts_counter *set, const uint8_t *p, size_t len,
    bool nofold)
{
	const uint8_t *end, *nl;
	ts_unicode u = TS_UNICODE_INIT;
	ts_buf b = TS_BUF_INIT;
	size_t i, n;
	int r = 0;

	if (p == NULL) {
		for (i = 0; i < sizeof stop_en / sizeof stop_en[0]; i++)
			if (ts_counter_add(set, (const uint8_t *)stop_en[i],
			    strlen(stop_en[i]), 1) < 0)
				return TS_ENOMEM;
		return 0;
	}
	for (end = p + len; p < end && r == 0; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n == 0 || p[0] == '#')
			continue;
		b.len = 0;
		if (nofold || ts_casefold(&u, p, n, &b) != 0) {
			b.len = 0;
			r = ts_buf_append(&b, p, n);
		}
		if (r == 0 && ts_counter_add(set, b.p, b.len, 1) < 0)
			r = TS_ENOMEM;
	}
	ts_buf_free(&b);
	ts_unicode_free(&u);
	return r;
}

static const char *const total_names[] = {
	"bytes", "chars", "graphemes", "lines", "words", "word_chars",
	"sentences", "paragraphs",
};

static uint64_t *
total_field(ts_wstats *ws, size_t i)
{
	uint64_t *f[] = { &ws->t.bytes, &ws->t.chars, &ws->t.graphemes,
	    &ws->t.lines, &ws->t.words, &ws->t.word_chars, &ws->t.sentences,
	    &ws->t.paragraphs };

	return f[i];
}

static int
partial_map(const ts_counter *c, char tag, ts_writer *w)
{
	const ts_counter_entry **v;
	char pre[3] = { tag, '\t', 0 };
	size_t i;
	int rc = 0;

	if ((v = ts_counter_sorted(c, 1)) == NULL)
		return TS_ENOMEM;
	for (i = 0; i < c->n; i++) {
		rc |= ts_write(w, pre, 2);
		rc |= ts_put_u64(w, v[i]->count);
		rc |= ts_putc(w, '\t');
		rc |= ts_write(w, v[i]->key, v[i]->len);
		rc |= ts_putc(w, '\n');
	}
	free(v);
	return rc ? TS_EIO : 0;
}

int
ts_wstats_partial(const ts_wstats *ws, ts_writer *w)
{
	ts_wstats *m = (ts_wstats *)ws;	/* total_field() only reads here */
	char head[96];
	size_t i;
	int rc = 0, n;

	n = snprintf(head, sizeof head, PARTIAL_MAGIC "\t1\tfold=%d\tngrams=%d\n",
	    !(ws->flags & TS_WS_NOFOLD), ws->ngrams);
	rc |= ts_write(w, head, (size_t)n);
	for (i = 0; i < sizeof total_names / sizeof total_names[0]; i++) {
		rc |= ts_puts(w, "total\t");
		rc |= ts_puts(w, total_names[i]);
		rc |= ts_putc(w, '\t');
		rc |= ts_put_u64(w, *total_field(m, i) -
		    (i == 7 ? ws->para_joins : 0));
		rc |= ts_putc(w, '\n');
	}
	if (ws->para_first >= 0) {
		rc |= ts_puts(w, ws->para_first ? "para\t1\t" : "para\t0\t");
		rc |= ts_puts(w, ws->para_last ? "1\n" : "0\n");
	}
	if (rc)
		return TS_EIO;
	if ((rc = partial_map(&ws->words, 'w', w)) != 0)
		return rc;
	return ws->ngrams > 1 ? partial_map(&ws->grams, 'g', w) : 0;
}

/* Parse a decimal uint64 field ending at end or a tab; advance *pp. */
static int
parse_u64(const uint8_t **pp, const uint8_t *end, uint64_t *out)
{
	const uint8_t *p = *pp;
	uint64_t v = 0;

	if (p >= end || (unsigned)(*p - '0') >= 10)
		return -1;
	for (; p < end && (unsigned)(*p - '0') < 10; p++) {
		if (v > (UINT64_MAX - (*p - '0')) / 10)
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (p < end && *p != '\t')
		return -1;
	*pp = p < end ? p + 1 : p;
	*out = v;
	return 0;
}

static bool
starts(const uint8_t *p, size_t len, const char *s)
{
	size_t n = strlen(s);

	return len >= n && memcmp(p, s, n) == 0;
}

int
ts_wstats_merge_line(ts_wstats *ws, const uint8_t *p, size_t len,
    const char **why)
{
	const uint8_t *end = p + len;
	uint64_t n, fold, ngrams;
	size_t i, k;

	*why = "not a word-stats partial line";
	if (len >= 2 && (p[0] == 'w' || p[0] == 'g') && p[1] == '\t') {
		ts_counter *c = p[0] == 'w' ? &ws->words : &ws->grams;

		p += 2;
		if (parse_u64(&p, end, &n) != 0 || p == end)
			return TS_EINVAL;
		if (p[-1] != '\t')
			return TS_EINVAL;
		return ts_counter_add(c, p, (size_t)(end - p), n) < 0 ?
		    TS_ENOMEM : 0;
	}
	if (starts(p, len, "total\t")) {
		p += 6;
		for (i = 0; i < sizeof total_names / sizeof total_names[0]; i++) {
			k = strlen(total_names[i]);
			if ((size_t)(end - p) > k && memcmp(p, total_names[i],
			    k) == 0 && p[k] == '\t')
				break;
		}
		if (i == sizeof total_names / sizeof total_names[0])
			return TS_EINVAL;
		p += k + 1;
		if (parse_u64(&p, end, &n) != 0 || p != end)
			return TS_EINVAL;
		*total_field(ws, i) += n;
		return 0;
	}
	if (len == 8 && starts(p, len, "para\t") && (p[5] == '0' ||
	    p[5] == '1') && p[6] == '\t' && (p[7] == '0' || p[7] == '1')) {
		if (ws->para_first < 0)
			ws->para_first = p[5] - '0';
		else if (ws->para_last == 1 && p[5] == '1')
			ws->para_joins++;	/* one paragraph, split */
		ws->para_last = p[7] - '0';
		return 0;
	}
	if (starts(p, len, PARTIAL_MAGIC "\t")) {
		p += sizeof PARTIAL_MAGIC;
		if (!starts(p, (size_t)(end - p), "1\tfold=")) {
			*why = "unsupported partial format version";
			return TS_EINVAL;
		}
		p += 7;
		if (parse_u64(&p, end, &fold) != 0 || fold > 1 ||
		    !starts(p, (size_t)(end - p), "ngrams="))
			return TS_EINVAL;
		p += 7;
		if (parse_u64(&p, end, &ngrams) != 0 || p != end ||
		    ngrams < 1 || ngrams > TS_WS_MAX_NGRAMS)
			return TS_EINVAL;
		if (!ws->merged) {
			ws->merged = 1;
			ws->ngrams = (int)ngrams;
			if (fold)
				ws->flags &= ~TS_WS_NOFOLD;
			else
				ws->flags |= TS_WS_NOFOLD;
		} else if (ws->ngrams != (int)ngrams ||
		    (uint64_t)!(ws->flags & TS_WS_NOFOLD) != fold) {
			*why = "partials made with different options";
			return TS_EINVAL;
		}
		return 0;
	}
	return TS_EINVAL;
}
