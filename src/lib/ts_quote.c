/* ts_quote.c - the quotation scanner: a window over the input, a fast
 * skip to the next byte that can start a quote mark or a newline, and a
 * small stack of open quotations.
 *
 * The window keeps LOOK bytes of lookahead after the bytes it scans (a
 * mark is decided by the characters on both sides of it) and HIST bytes
 * of history before them, so no code point is ever split across calls. */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#if defined(__SSE2__) && !defined(TS_NO_SIMD)
#define TS_SSE2 1
#include <emmintrin.h>
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define TS_AVX2 1	/* a second skip() for CPUs that have it */
#include <immintrin.h>
#endif
#endif

#include "ts_buf.h"
#include "ts_err.h"
#include "ts_quote.h"
#include "ts_speaker.h"
#include "ts_unicode.h"
#include "ts_utf8.h"

#define WIN	(64 * 1024)
#define LOOK	32	/* lookahead kept after the scanned bytes */
#define HIST	8	/* history kept before them */
#define CTX	256	/* speaker context kept around a quotation */
#define SPK	160	/* longest speaker kept */
#define CUE	32

enum cls { C_SPACE, C_ALNUM, C_OPEN, C_PUNCT };

/* skip_avx2()'s constants: the byte each vk[] row repeats. */
enum { K_NL, K_DQ, K_SQ, K_BQ, K_SP, K_TAB, K_FOUR, K_C2, K_E2, K_E3, K_X80,
    K_X10, K_XBB, K_XD8, K_X98, K_NUL, K_SQANY, K_N };

struct tq {
	ts_buf		 text;		/* text.len bytes at TEXT(q) */
	const uint8_t	*vp;		/* with virt: the text in the window */
	bool		 virt;		/* text still in the window, not copied */
	uint64_t	 start, end, keep_end, line, col;
	size_t		 keep_len;	/* text.len without trailing space */
	size_t		 ncp;		/* code points in text, but for */
	size_t		 raw;		/* its last raw bytes, not counted */
	uint8_t		 open[4], close[4];
	uint8_t		 open_n, close_n;
	int32_t		 open_cp;
	unsigned	 depth;
	bool		 unclosed, continued, truncated;
	bool		 pad;		/* guillemets: padding is not text */
	bool		 lead;		/* still skipping leading padding */
	/* speakers, for depth 0 */
	uint8_t		 pre[CTX];
	size_t		 pre_len;
	bool		 inherit;	/* may take the previous speaker */
	uint8_t		 spk[SPK], cue[CUE];
	size_t		 spk_len, cue_len;
	bool		 has_spk;
};

struct ts_quote {
	ts_quote_opts	 o;
	ts_quote_fn	 fn;
	void		*arg;
	uint8_t		 hot[256];	/* bytes that stop the fast skip */
	bool		 avx2;		/* skip() may use AVX2, with: */
	uint8_t		 vk[K_N][32];	/* its constants */
	const uint8_t	*win;		/* buf, or the caller's input */
	uint8_t		*buf;		/* the window's own WIN bytes */
	size_t		 wlen, pos;
	uint64_t	 base;		/* stream offset of win[0] */
	uint64_t	 line, col;	/* col of win[col_pos] */
	size_t		 col_pos;
	bool		 line_blank;	/* only white space since the newline */
	bool		 held;		/* paragraph ended inside a quotation */
	struct tq	*pool;		/* the group being built, in order */
	size_t		 npend;
	size_t		 stack[TS_QUOTE_MAXDEPTH];	/* pool index or GHOST */
	int32_t		 stack_cp[TS_QUOTE_MAXDEPTH];	/* their opening marks */
	size_t		 depth;
	bool		 await;		/* group waits for text after it */
	/* depth-0 text since the last quotation or paragraph start */
	uint8_t		 gap[CTX], ring[CTX];
	uint64_t	 gap_len;
	/* the previous depth-0 quotation of this paragraph */
	bool		 prev_has;
	uint8_t		 prev_spk[SPK], prev_cue[CUE];
	size_t		 prev_spk_len, prev_cue_len, prev_used;
	int		 rc;
};

/* ---- characters ---- */

static bool
is_space(int32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0 ||
	    cp == 0xA0 || cp == 0x202F || (cp >= 0x2000 && cp <= 0x200A) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x3000 || cp == 0x85;
}

static enum cls
classify(int32_t cp)
{
	if (cp < 0x80 && cp >= 0) {
		if (is_space(cp))
			return C_SPACE;
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9'))
			return C_ALNUM;
		switch (cp) {
		case '(': case '[': case '{': case '<': case '"': case '\'':
		case '`': case '-': case '/':
			return C_OPEN;
		}
		return C_PUNCT;
	}
	if (cp == TS_INVALID)
		return C_PUNCT;
	if (is_space(cp))
		return C_SPACE;
	switch (ts_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return C_ALNUM;
	case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PI:
	case UTF8PROC_CATEGORY_PD:
		return C_OPEN;
	case UTF8PROC_CATEGORY_ZS:
		return C_SPACE;
	}
	return C_PUNCT;
}

/* Does an opening mark accept this closing mark? */
static bool
accepts(int32_t open, int32_t close)
{
	switch (open) {
	case '"':	return close == '"';
	case '\'':	return close == '\'';
	case 0x201C:	return close == 0x201D;
	case 0x2018:	return close == 0x2019;
	case 0x201E:	return close == 0x201C || close == 0x201D;
	case 0x201A:	return close == 0x2018 || close == 0x2019;
	case 0x00AB:	return close == 0x00BB;
	case 0x2039:	return close == 0x203A;
	case 0x00BB:	return close == 0x00AB;
	case 0x203A:	return close == 0x2039;
	case 0x201D:	return close == 0x201D;
	case 0x300C:	return close == 0x300D;
	case 0x300E:	return close == 0x300F;
	}
	return false;
}

/* TeX marks stand for themselves with these pseudo code points. */
#define TEX_OPEN	0x110000
#define TEX_CLOSE	0x110001

static bool
accepts_any(int32_t open, int32_t close)
{
	if (open == TEX_OPEN)
		return close == TEX_CLOSE;
	return accepts(open, close);
}

/* Guillemet padding: NBSP or narrow NBSP at p (its length in *len). */
static bool
is_pad_at(const uint8_t *p, size_t n, size_t *len)
{
	if (n >= 2 && p[0] == 0xC2 && p[1] == 0xA0) {
		*len = 2;
		return true;
	}
	if (n >= 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xAF) {
		*len = 3;
		return true;
	}
	return false;
}

/* Bytes of padding at the end of p. */
static size_t
trailing_pad(const uint8_t *p, size_t n)
{
	size_t t = 0;

	for (;;) {
		if (n - t >= 2 && p[n - t - 2] == 0xC2 && p[n - t - 1] == 0xA0)
			t += 2;
		else if (n - t >= 3 && p[n - t - 3] == 0xE2 &&
		    p[n - t - 2] == 0x80 && p[n - t - 1] == 0xAF)
			t += 3;
		else
			return t;
	}
}

/* Bytes of white space (padding included) at the end of p. */
static size_t
trailing_space(const uint8_t *p, size_t n)
{
	size_t t = 0;

	while (t < n) {
		uint8_t c = p[n - t - 1];

		if (c == ' ' || (c >= '\t' && c <= '\r'))
			t++;
		else if (c == 0xA0 && n - t >= 2 && p[n - t - 2] == 0xC2)
			t += 2;
		else if ((c == 0xAF || c == 0x89 || c == 0x8A) && n - t >= 3 &&
		    p[n - t - 3] == 0xE2 && p[n - t - 2] == 0x80)
			t += 3;
		else
			break;
	}
	return t;
}

/* ---- counting ---- */

#ifdef TS_SSE2
/* Bits set in x < 2^16 (no popcnt instruction in the base x86-64 set). */
static unsigned
ones16(unsigned x)
{
	x -= (x >> 1) & 0x5555;
	x = (x & 0x3333) + ((x >> 2) & 0x3333);
	x = (x + (x >> 4)) & 0x0F0F;
	return (x + (x >> 8)) & 0x1F;
}
#endif

size_t
ts_quote_units(const uint8_t *p, size_t len)
{
	size_t i = 0, c = 0, e;
	int32_t cp;
#ifdef TS_SSE2
	const __m128i m64 = _mm_set1_epi8(-64), m63 = _mm_set1_epi8(-63),
	    m32 = _mm_set1_epi8(-32), m16 = _mm_set1_epi8(-16),
	    xed = _mm_set1_epi8((char)0xED);

	while (i + 16 <= len) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		unsigned hi = (unsigned)_mm_movemask_epi8(v), cont, l2, l3, tail;
		unsigned n = 16, keep;

		if (hi == 0) {
			c += 16, i += 16;
			continue;
		}
		/* signed: 80..BF continuation bytes, C2..DF two-byte leads,
		 * E1..EF but ED three-byte leads, any continuation */
		cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, m64));
		l2 = (unsigned)_mm_movemask_epi8(_mm_and_si128(
		    _mm_cmpgt_epi8(v, m63), _mm_cmplt_epi8(v, m32)));
		l3 = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(
		    _mm_cmpeq_epi8(v, xed), _mm_and_si128(
		    _mm_cmpgt_epi8(v, m32), _mm_cmplt_epi8(v, m16))));
		/* a sequence that ends past the block: stop before it */
		if ((tail = (l2 & 0x8000) | (l3 & 0xC000)) != 0)
			n = (unsigned)__builtin_ctz(tail);
		keep = (1u << n) - 1;
		if ((cont | l2 | l3) == hi &&
		    (cont & keep) == ((l2 << 1 | l3 << 1 | l3 << 2) & keep)) {
			/* well-formed: a unit per byte that continues none */
			c += n - ones16(cont & keep);
			i += n;
			continue;
		}
		for (e = i + 16; i < e; c++)
			i += ts_next(p + i, p + len, &cp);
	}
#endif
	for (; i < len; c++) {
		e = ts_ascii_span(p + i, len - i);
		i += e, c += e;
		if (i == len)
			break;
		i += ts_next(p + i, p + len, &cp);
	}
	return c;
}

/* ---- the window ---- */

static int32_t
prev_cp(const ts_quote *s, size_t i)
{
	size_t j = i, k = 0;
	int32_t cp;

	if (s->base + i == 0)
		return ' ';
	if (i == 0)
		return TS_INVALID;
	do
		j--, k++;
	while (j > 0 && k < 4 && (s->win[j] & 0xC0) == 0x80);
	if (j + ts_next(s->win + j, s->win + i, &cp) != i)
		return TS_INVALID;
	return cp;
}

/* Code point at win[j]; the end of the input counts as a space. */
static int32_t
cp_at(const ts_quote *s, size_t j, size_t *len)
{
	int32_t cp;

	if (j >= s->wlen) {
		*len = 0;
		return ' ';
	}
	*len = ts_next(s->win + j, s->win + s->wlen, &cp);
	return cp;
}

static size_t
ascii_word(const ts_quote *s, size_t j, char *w, size_t max)
{
	size_t k = 0;

	while (j + k < s->wlen && k < max) {
		uint8_t c = s->win[j + k];

		if (c >= 'A' && c <= 'Z')
			c = (uint8_t)(c - 'A' + 'a');
		if (c < 'a' || c > 'z')
			break;
		w[k++] = (char)c;
	}
	w[k] = '\0';
	return k;
}

/* At win[j], right after an opening-looking ‘ or ': an elided word
 * ('tis, 'n', 'em, '90s) makes the mark an apostrophe. */
static bool
elision(const ts_quote *s, size_t j)
{
	static const char *const words[] = { "tis", "twas", "twere",
	    "twill", "em", "n", "cause", "til", "till", "bout", "nuff",
	    "cept", "gainst", "ello", "kay", "sup", "neath", "ere", NULL };
	const char *const *w;
	char buf[8];
	size_t k, len;
	int32_t cp;

	if (j + 2 <= s->wlen && s->win[j] >= '0' && s->win[j] <= '9' &&
	    s->win[j + 1] >= '0' && s->win[j + 1] <= '9') {
		k = j + 2;
		if (k < s->wlen && s->win[k] == 's')
			k++;
		return classify(cp_at(s, k, &len)) != C_ALNUM;
	}
	k = ascii_word(s, j, buf, sizeof buf - 1);
	if (k == 0 || k == sizeof buf - 1)
		return false;
	cp = cp_at(s, j + k, &len);
	if (classify(cp) == C_ALNUM)
		return false;
	for (w = words; *w != NULL; w++)
		if (strcmp(buf, *w) == 0)
			return true;
	return false;
}

/* Words that never follow a plural possessive: after "‘maybes’ and" the
 * mark closes a quotation. */
static bool
function_word(const char *w)
{
	static const char *const words[] = { "a", "about", "after", "again",
	    "also", "an", "and", "are", "as", "at", "be", "because", "been",
	    "before", "but", "by", "can", "could", "did", "do", "does", "for",
	    "from", "had", "has", "have", "he", "her", "his", "i", "if", "in",
	    "into", "is", "it", "its", "may", "might", "must", "nor", "not",
	    "of", "on", "onto", "or", "over", "she", "should", "so", "than",
	    "that", "the", "their", "them", "then", "they", "this", "to",
	    "too", "under", "until", "was", "we", "were", "when", "which",
	    "while", "who", "will", "with", "would", "yet", "you", NULL };
	const char *const *p;

	for (p = words; *p != NULL; p++)
		if (strcmp(w, *p) == 0)
			return true;
	return false;
}

/* A closing-looking ’ or ' at win[i] (n bytes) after an s, before a
 * space and a lower-case word that is not a speech verb or a function
 * word: the plural possessive ("the students’ union"), not the end of a
 * quotation. */
static bool
possessive(const ts_quote *s, size_t i, size_t n)
{
	char w[16];
	size_t j = i + n, k;

	if (i == 0 || (s->win[i - 1] != 's' && s->win[i - 1] != 'S'))
		return false;
	if (j >= s->wlen || s->win[j] != ' ')
		return false;
	j++;
	if (j >= s->wlen || s->win[j] < 'a' || s->win[j] > 'z')
		return false;
	k = ascii_word(s, j, w, sizeof w - 1);
	return !ts_speaker_verb((const uint8_t *)w, k) && !function_word(w);
}

/* A " at win[i] after feet and inches (6'2", 5' 10", 5′ 10"): a
 * double prime, not a quote mark. */
static bool
inches(const ts_quote *s, size_t i)
{
	size_t j = i;

	while (j > 0 && i - j < 3 && s->win[j - 1] >= '0' && s->win[j - 1] <= '9')
		j--;
	if (j == i || j == 0)
		return false;
	if (s->win[j - 1] == ' ' && j > 1)
		j--;
	if (s->win[j - 1] == '\'')
		return j > 1 && s->win[j - 2] >= '0' && s->win[j - 2] <= '9';
	/* ′ is E2 80 B2 */
	return j > 3 && s->win[j - 1] == 0xB2 && s->win[j - 2] == 0x80 &&
	    s->win[j - 3] == 0xE2 && s->win[j - 4] >= '0' && s->win[j - 4] <= '9';
}

/* ---- quotations ---- */

/* The text of a quotation: in the window while a scan() runs, as long
 * as it is one run there (most are); copied into q->text when it is not,
 * and at the end of each scan(), before the window moves. */
#define TEXT(q)	((q)->virt ? (q)->vp : (q)->text.p)

static int
materialize(struct tq *q)
{
	size_t n = q->text.len;

	if (!q->virt)
		return 0;
	q->virt = false;
	q->text.len = 0;
	return ts_buf_append(&q->text, q->vp, n) != 0 ? TS_ENOMEM : 0;
}

/* Append p[0..n) to q's text: only a length while it continues the run
 * in the window. */
static int
q_put(struct tq *q, const uint8_t *p, size_t n)
{
	if (q->virt) {
		if (q->text.len == 0)
			q->vp = p;
		if (p == q->vp + q->text.len) {
			q->text.len += n;
			return 0;
		}
		if (materialize(q) != 0)
			return TS_ENOMEM;
	}
	return ts_buf_append(&q->text, p, n) != 0 ? TS_ENOMEM : 0;
}

/* Count the code points of the raw bytes at the end of q's text. */
static void
settle(struct tq *q)
{
	if (q->raw > 0) {
		q->ncp += ts_quote_units(TEXT(q) + q->text.len - q->raw,
		    q->raw);
		q->raw = 0;
	}
}

static int
q_append(ts_quote *s, struct tq *q, const uint8_t *p, size_t n, uint64_t off)
{
	size_t take, units, room, t, pl;

	if (q->truncated || n == 0)
		return 0;
	if (q->lead) {
		while (n > 0 && is_pad_at(p, n, &pl))
			p += pl, n -= pl, off += pl;
		if (n == 0)
			return 0;
		q->lead = false;
		if (!q->continued)
			q->start = q->end = q->keep_end = off;
	}
	take = n;
	if (q->ncp + q->raw + n <= s->o.max_length) {
		/* a byte is at most a code point: no need to count yet */
		units = 0;
		q->raw += n;
	} else {
		settle(q);
		units = ts_ascii_span(p, n) == n ? n : ts_quote_units(p, n);
	}
	room = s->o.max_length - q->ncp;
	if (units > room) {
		const uint8_t *e = p + n;
		size_t k;
		int32_t cp;

		/* take room units: ASCII runs at once (n has more units) */
		for (take = 0, k = 0; k < room;) {
			size_t a = ts_ascii_span(p + take, room - k);

			take += a, k += a;
			if (k < room)
				take += ts_next(p + take, e, &cp), k++;
		}
		units = room;
		q->truncated = true;
	}
	if (q_put(q, p, take) != 0)
		return TS_ENOMEM;
	q->ncp += units;
	q->end = off + take;
	t = trailing_space(p, take);
	if (t < take) {
		q->keep_len = q->text.len - t;
		q->keep_end = q->end - t;
	}
	return 0;
}

#define GHOST	SIZE_MAX	/* on the stack, never reported */

static struct tq *
at(ts_quote *s, size_t d)
{
	return s->stack[d] == GHOST ? NULL : &s->pool[s->stack[d]];
}

/* Text p[0..n) at win offset i: into every open quotation, or into the
 * speaker context at depth 0. */
static int resolve_and_emit(ts_quote *s, bool post);

static int
text(ts_quote *s, size_t i, size_t n)
{
	const uint8_t *p = s->win + i;
	size_t d;
	int rc;

	if (n == 0 || s->held)
		return 0;
	if (s->depth > 0) {
		for (d = 0; d < s->depth; d++)
			if (s->stack[d] != GHOST && (rc = q_append(s,
			    &s->pool[s->stack[d]], p, n, s->base + i)) != 0)
				return rc;
		return 0;
	}
	if (!s->o.speakers)
		return 0;
	if (s->gap_len < CTX)
		memcpy(s->gap + s->gap_len, p,
		    n < CTX - s->gap_len ? n : CTX - s->gap_len);
	{
		/* the ring holds the last CTX bytes; byte number x of the
		 * gap is at ring[x % CTX] */
		size_t from = n > CTX ? n - CTX : 0, m = n - from, k;
		size_t pos = (size_t)((s->gap_len + from) % CTX);

		k = m < CTX - pos ? m : CTX - pos;
		memcpy(s->ring + pos, p + from, k);
		memcpy(s->ring, p + from + k, m - k);
		s->gap_len += n;
	}
	if (s->await && s->gap_len >= CTX)
		return resolve_and_emit(s, true);
	return 0;
}

static void
finish(struct tq *q, const uint8_t *close, size_t close_n)
{
	size_t k;

	if (q == NULL)
		return;
	if (close != NULL) {
		for (k = 0; k < close_n; k++)	/* 1-3 bytes */
			q->close[k] = close[k];
		q->close_n = (uint8_t)close_n;
		q->unclosed = false;
		if (q->pad && !q->truncated) {
			size_t t = trailing_pad(TEXT(q), q->text.len);

			q->text.len -= t;
			q->end -= t;
		}
		return;
	} else
		q->unclosed = true;
	if (!q->truncated) {
		q->text.len = q->keep_len;
		q->end = q->keep_end;
	}
}

static void
para_reset(ts_quote *s)
{
	s->gap_len = 0;
	s->prev_has = false;
	s->prev_spk_len = s->prev_cue_len = s->prev_used = 0;
}

static int32_t
last_cp(const struct tq *q)
{
	size_t j = q->text.len, k = 0;
	int32_t cp;

	if (j == 0)
		return -1;
	do
		j--, k++;
	while (j > 0 && k < 4 && (TEXT(q)[j] & 0xC0) == 0x80);
	ts_next(TEXT(q) + j, TEXT(q) + q->text.len, &cp);
	return cp;
}

static void
copy_span(uint8_t *dst, size_t *dlen, size_t max, const uint8_t *p,
    size_t off, size_t len)
{
	if (len > max)
		len = max;
	memcpy(dst, p + off, len);
	*dlen = len;
}

/* Speaker of the group's outer quotation, then report the group. */
static int
resolve_and_emit(ts_quote *s, bool post)
{
	struct tq *q = &s->pool[0];
	ts_quote_row row;
	ts_attrib a;
	size_t i, used = 0, n;
	int rc;

	s->await = false;
	if (s->npend == 0)
		return 0;
	if (s->o.speakers) {
		n = s->gap_len < CTX ? (size_t)s->gap_len : CTX;
		q->has_spk = false;
		if (post && !q->unclosed &&
		    ts_speaker_after(s->gap, n, last_cp(q), &a)) {
			copy_span(q->spk, &q->spk_len, SPK, s->gap, a.spk_off,
			    a.spk_len);
			copy_span(q->cue, &q->cue_len, CUE, s->gap, a.cue_off,
			    a.cue_len);
			q->has_spk = true;
			used = a.used;
		} else if (ts_speaker_before(q->pre, q->pre_len, &a)) {
			copy_span(q->spk, &q->spk_len, SPK, q->pre, a.spk_off,
			    a.spk_len);
			copy_span(q->cue, &q->cue_len, CUE, q->pre, a.cue_off,
			    a.cue_len);
			q->has_spk = true;
		} else if (q->inherit) {
			memcpy(q->spk, s->prev_spk, s->prev_spk_len);
			q->spk_len = s->prev_spk_len;
			memcpy(q->cue, s->prev_cue, s->prev_cue_len);
			q->cue_len = s->prev_cue_len;
			q->has_spk = true;
		}
		s->prev_has = q->has_spk;
		if (q->has_spk) {
			memcpy(s->prev_spk, q->spk, q->spk_len);
			s->prev_spk_len = q->spk_len;
			memcpy(s->prev_cue, q->cue, q->cue_len);
			s->prev_cue_len = q->cue_len;
		}
		s->prev_used = used;
	}
	for (i = 0; i < s->npend; i++) {
		q = &s->pool[i];
		if (q->text.len == 0)
			continue;
		/* every field set, no memset: a row a quotation */
		row.words = 0;
		row.speaker = row.cue = NULL;
		row.speaker_len = row.cue_len = 0;
		row.text = TEXT(q);
		row.len = q->text.len;
		row.start = q->start;
		row.end = q->end;
		row.line = q->line;
		row.col = q->col;
		row.depth = q->depth;
		row.open = q->open;
		row.open_len = q->open_n;
		row.close = q->close;
		row.close_len = q->unclosed ? 0 : q->close_n;
		if (s->o.words)
			row.words = ts_quote_words(TEXT(q), q->text.len);
		row.unclosed = q->unclosed;
		row.continued = q->continued;
		row.truncated = q->truncated;
		if (i == 0 && s->o.speakers && q->has_spk) {
			row.speaker = q->spk;
			row.speaker_len = q->spk_len;
			row.cue = q->cue;
			row.cue_len = q->cue_len;
		}
		if ((rc = s->fn(&row, s->arg)) != 0) {
			s->npend = 0;
			return rc;
		}
	}
	s->npend = 0;
	return 0;
}

/* The outermost quotation is done: report now, or after the text that
 * follows it when that may name the speaker. */
static int
group_done(ts_quote *s, bool closed)
{
	if (closed && s->o.speakers) {
		s->await = true;
		s->gap_len = 0;
		return 0;
	}
	return resolve_and_emit(s, false);
}

/* Close stack[k] with the mark at win[i..i+n); the ones above it were
 * never closed. */
static int
close_at(ts_quote *s, size_t k, size_t i, size_t n)
{
	size_t d;
	int rc;

	for (d = s->depth; d-- > k + 1;)
		finish(at(s, d), NULL, 0);
	finish(at(s, k), s->win + i, n);
	s->depth = k;
	if ((rc = text(s, i, n)) != 0)
		return rc;
	if (k == 0)
		return group_done(s, true);
	return 0;
}

/* Everything open ends unclosed (paragraph or document end). */
static int
close_all(ts_quote *s)
{
	size_t d;

	if (s->depth == 0)
		return 0;
	for (d = s->depth; d-- > 0;)
		finish(at(s, d), NULL, 0);
	s->depth = 0;
	return group_done(s, false);
}

static int
open_at(ts_quote *s, size_t i, size_t n, int32_t cp)
{
	struct tq *q;
	uint64_t col;
	size_t k;
	int rc;

	if (s->depth == TS_QUOTE_MAXDEPTH)
		return text(s, i, n);
	if (s->npend == TS_QUOTE_MAXPEND) {	/* matched, not reported */
		if ((rc = text(s, i, n)) != 0)
			return rc;
		s->stack_cp[s->depth] = cp;
		s->stack[s->depth++] = GHOST;
		return 0;
	}
	if (s->o.no_columns)
		col = 0;
	else {
		col = s->col + ts_quote_units(s->win + s->col_pos,
		    i - s->col_pos);
		s->col = col;
		s->col_pos = i;
	}
	if (s->depth == 0) {
		if (s->await && (rc = resolve_and_emit(s, true)) != 0)
			return rc;
	} else if ((rc = text(s, i, n)) != 0)
		return rc;
	q = &s->pool[s->npend];
	q->text.len = 0;
	q->virt = true;
	q->start = q->end = q->keep_end = s->base + i + n;
	q->line = s->line;
	q->col = col;
	q->keep_len = q->ncp = q->raw = 0;
	for (k = 0; k < n; k++)		/* 1-3 bytes */
		q->open[k] = s->win[i + k];
	q->open_n = (uint8_t)n;
	q->open_cp = cp;
	q->close_n = 0;
	q->depth = (unsigned)s->depth;
	q->unclosed = q->continued = q->truncated = false;
	q->pad = cp == 0xAB || cp == 0xBB || cp == 0x2039 || cp == 0x203A;
	q->lead = q->pad;
	q->has_spk = q->inherit = false;
	q->pre_len = 0;
	if (s->depth == 0 && s->o.speakers) {
		if (s->gap_len <= CTX) {
			memcpy(q->pre, s->gap, (size_t)s->gap_len);
			q->pre_len = (size_t)s->gap_len;
			q->inherit = s->prev_has && q->pre_len >= s->prev_used &&
			    ts_speaker_blank(q->pre + s->prev_used,
			    q->pre_len - s->prev_used);
		} else {
			size_t pos = (size_t)(s->gap_len % CTX);

			memcpy(q->pre, s->ring + pos, CTX - pos);
			memcpy(q->pre + CTX - pos, s->ring, pos);
			q->pre_len = CTX;
		}
		s->gap_len = 0;
	}
	s->stack_cp[s->depth] = cp;
	s->stack[s->depth++] = s->npend++;
	return 0;
}

static int32_t
top_open(const ts_quote *s)
{
	return s->depth ? s->stack_cp[s->depth - 1] : -1;
}

static long
find_opener(const ts_quote *s, int32_t close)
{
	size_t d;

	for (d = s->depth; d-- > 0;)
		if (accepts_any(s->stack_cp[d], close))
			return (long)d;
	return -1;
}

/* A straight mark that opens while the same mark is open on top: the
 * one on top was never closed. */
static int
reopen(ts_quote *s, size_t i, size_t n, int32_t cp)
{
	size_t d = s->depth - 1;
	int rc;

	finish(&s->pool[s->stack[d]], NULL, 0);
	s->depth = d;
	if (d == 0 && (rc = group_done(s, false)) != 0)
		return rc;
	return open_at(s, i, n, cp);
}

/* What the mark cp at win[i..i+n) does: open (with *ocp), close
 * stack[*kp], reopen (with *ocp) or nothing (plain text).  Decides
 * only: the caller acts, so plain text stays one run with the text
 * around it. */
enum act { A_TEXT, A_OPEN, A_CLOSE, A_REOPEN };

#define OPEN(c)		(*ocp = (c), A_OPEN)
#define REOPEN(c)	(*ocp = (c), A_REOPEN)
#define CLOSE(d)	(*kp = (size_t)(d), A_CLOSE)

static enum act
decide(const ts_quote *s, size_t i, size_t *np, int32_t cp, size_t *kp,
    int32_t *ocp)
{
	size_t n = *np, nl;
	int32_t pc, nc;
	enum cls P, N;
	bool L, R;
	long k;

	if (cp == '\'' && !s->o.single_straight) {
		/* an apostrophe, or the TeX closing '' */
		if (i + 1 < s->wlen && s->win[i + 1] == '\'') {
			*np = 2;
			k = find_opener(s, TEX_CLOSE);
			return k >= 0 ? CLOSE(k) : A_TEXT;
		}
		return A_TEXT;
	}
	if (cp == 0x2019 && (s->depth == 0 || !accepts(top_open(s), cp)))
		return A_TEXT;	/* an apostrophe: nothing it could close */
	pc = prev_cp(s, i), nc = cp_at(s, i + n, &nl);
	P = classify(pc), N = classify(nc);
	L = (P == C_SPACE || P == C_OPEN) && N != C_SPACE;
	R = P != C_SPACE && N != C_ALNUM;

	switch (cp) {
	case '"':
	case '\'':
		if (cp == '\'' && nc == '\'' && nl == 1) {	/* TeX '' */
			*np = 2;
			if ((k = find_opener(s, TEX_CLOSE)) >= 0)
				return CLOSE(k);
			return A_TEXT;
		}
		if (cp == '\'') {
			if (!s->o.single_straight ||
			    (P == C_ALNUM && N == C_ALNUM))
				return A_TEXT;
			if (L && !R && elision(s, i + n))
				return A_TEXT;
			if (R && !L && top_open(s) == '\'' &&
			    possessive(s, i, n))
				return A_TEXT;
		}
		if (cp == '"' && inches(s, i))
			return A_TEXT;
		k = find_opener(s, cp);
		if (L && !R)
			return top_open(s) == cp ? REOPEN(cp) : OPEN(cp);
		if (R && !L)
			return k >= 0 ? CLOSE(k) : A_TEXT;
		if ((L && R) || (P == C_PUNCT && N == C_ALNUM))
			return k >= 0 ? CLOSE(k) : OPEN(cp);
		return A_TEXT;
	case '`':
		if (nc == '`' && nl == 1) {
			size_t l2;

			*np = 2;
			if (classify(cp_at(s, i + 2, &l2)) == C_SPACE)
				return A_TEXT;
			return OPEN(TEX_OPEN);
		}
		return A_TEXT;
	case 0x201C:	/* “ */
		if ((k = find_opener(s, cp)) >= 0 && (R || !L))
			return CLOSE(k);
		if (top_open(s) == 0x201C && R && !L)
			return CLOSE(s->depth - 1);
		return OPEN(cp);
	case 0x201D:	/* ” */
		if ((k = find_opener(s, cp)) >= 0) {
			if (L && !R && s->stack_cp[k] == cp &&
			    (size_t)k == s->depth - 1)
				return REOPEN(cp);
			return CLOSE(k);
		}
		if (L && !R)
			return OPEN(cp);
		return A_TEXT;
	case 0x2018:	/* ‘ */
		if (top_open(s) == 0x201A && (R || !L))
			return CLOSE(s->depth - 1);
		if (L && !elision(s, i + n))
			return OPEN(cp);
		return A_TEXT;
	case 0x2019:	/* ’ */
		if (s->depth && accepts(top_open(s), cp) && R &&
		    !(P == C_ALNUM && N == C_ALNUM) && !possessive(s, i, n))
			return CLOSE(s->depth - 1);
		return A_TEXT;
	case 0x201E:	/* „ */
		if (N != C_SPACE)
			return OPEN(cp);
		return A_TEXT;
	case 0x201A:	/* ‚ */
		if (L)
			return OPEN(cp);
		return A_TEXT;
	case 0x00AB:	/* « */
	case 0x2039:	/* ‹ */
		if ((k = find_opener(s, cp)) >= 0 && !(P == C_SPACE && N != C_SPACE))
			return CLOSE(k);
		return OPEN(cp);
	case 0x00BB:	/* » */
	case 0x203A:	/* › */
		if ((k = find_opener(s, cp)) >= 0)
			return CLOSE(k);
		if (L && !R)
			return OPEN(cp);
		return A_TEXT;
	case 0x300C:	/* 「 */
	case 0x300E:	/* 『 */
		return OPEN(cp);
	case 0x300D:	/* 」 */
	case 0x300F:	/* 』 */
		if ((k = find_opener(s, cp)) >= 0)
			return CLOSE(k);
		return A_TEXT;
	}
	return A_TEXT;
}

#undef OPEN
#undef REOPEN
#undef CLOSE

static bool
is_mark(int32_t cp)
{
	switch (cp) {
	case '"': case '\'': case '`':
	case 0x201C: case 0x201D: case 0x2018: case 0x2019: case 0x201E:
	case 0x201A: case 0x00AB: case 0x00BB: case 0x2039: case 0x203A:
	case 0x300C: case 0x300D: case 0x300E: case 0x300F:
		return true;
	}
	return false;
}

/* Paragraph end (a blank line): an open quotation waits to see whether
 * the next paragraph continues it. */
static int
para_break(ts_quote *s)
{
	int rc = 0;

	if (s->depth > 0) {
		s->held = true;
		return 0;
	}
	if (s->await)
		rc = resolve_and_emit(s, true);
	para_reset(s);
	return rc;
}

/* First character of the paragraph after one that ended inside a
 * quotation: the same opening mark continues it. */
static int
held_decide(ts_quote *s, size_t i, size_t *used)
{
	struct tq *q = &s->pool[s->stack[0]];
	size_t n, nl, d;
	int32_t cp = -1, nc;
	int rc;

	*used = 0;
	s->held = false;
	n = ts_next(s->win + i, s->win + s->wlen, &cp);
	if (q->open_cp == TEX_OPEN) {
		if (i + 1 < s->wlen && s->win[i] == '`' && s->win[i + 1] == '`')
			cp = TEX_OPEN, n = 2;
	}
	nc = cp_at(s, i + n, &nl);
	if (cp != q->open_cp || classify(nc) == C_SPACE) {
		rc = close_all(s);
		para_reset(s);
		return rc;
	}
	for (d = s->depth; d-- > 1;)
		finish(at(s, d), NULL, 0);
	s->depth = 1;
	if (!q->truncated) {
		settle(q);	/* trimmed space still counts, as it always has */
		q->text.len = q->keep_len;
		q->end = q->keep_end;
		if (q->ncp < s->o.max_length) {
			if (materialize(q) != 0 ||
			    ts_buf_putc(&q->text, '\n') != 0)
				return TS_ENOMEM;
			q->ncp++;
		} else
			q->truncated = true;
	}
	q->continued = true;
	q->lead = q->pad;
	para_reset(s);
	*used = n;
	return 0;
}

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL
/* Non-zero when a byte of x is zero. */
#define HAS_ZERO(x)	(((x) - ONES) & ~(x) & HIGHS)
#define HAS_BYTE(x, b)	HAS_ZERO((x) ^ (ONES * (uint8_t)(b)))

#ifdef TS_SSE2
/* Bytes that keep a line blank (see scan()), \n included. */
static const uint8_t blank[256] = { [' '] = 1, ['\t'] = 1, ['\n'] = 1,
	['\v'] = 1, ['\f'] = 1, ['\r'] = 1 };

/* A newline at win[j] that scan() needs not see: the line it ends was
 * not blank and the next one starts with text (not white space, another
 * newline or a document end), so all it does is start a line.  Counted
 * here, it costs no trip through scan(). */
static bool
plain_newline(ts_quote *s, size_t j, size_t limit)
{
	uint8_t c;

	if (s->line_blank || j + 1 >= limit)
		return false;
	c = s->win[j + 1];
	if (blank[c] || (c == 0 && s->o.nul_docs))
		return false;
	s->line++;
	s->col = 1;
	s->col_pos = j + 1;
	return true;
}

/* Can a ’ close something now?  Else it is an apostrophe: text. */
static bool
want_rsquo(const ts_quote *s)
{
	int32_t top = s->depth > 0 ? s->stack_cp[s->depth - 1] : -1;

	return top == 0x2018 || top == 0x201A;	/* accepts(top, ’) */
}
#endif	/* TS_SSE2 */

#ifdef TS_AVX2
/* skip() 32 bytes at a time, for blocks that end before limit and at
 * most at end: the stop in *ip and true, or false and *ip where the
 * blocks ended.  The newlines plain_newline() would take are counted a
 * block at a time, without a branch for them; the others (before white
 * space or a NUL document end) are stops.  (A newline at the end of a
 * blank line is always the first stop: scan() calls skip() on it.) */
__attribute__((target("avx2,popcnt"))) static bool
skip_avx2(ts_quote *s, size_t *ip, size_t limit, size_t end)
{
	const uint8_t *w = s->win;
	bool want = want_rsquo(s);
	/* the constants from s->vk: loads the compiler keeps in registers
	 * or uses in place, not three instructions each to rebuild */
#define K(k)	_mm256_loadu_si256((const __m256i *)(const void *)s->vk[k])
	const __m256i nl = K(K_NL), dq = K(K_DQ), sq = K(K_SQ), bq = K(K_BQ),
	    sp = K(K_SP), tab = K(K_TAB), four = K(K_FOUR), c2 = K(K_C2),
	    e2 = K(K_E2), e3 = K(K_E3), x80 = K(K_X80), x10 = K(K_X10),
	    xbb = K(K_XBB), xd8 = K(K_XD8), x98 = K(K_X98), nul = K(K_NUL),
	    sqany = K(K_SQANY), rsq = _mm256_set1_epi8(want ? 0 : (char)0x99);
#undef K
	size_t i = *ip, col_pos = s->col_pos, mask;
	uint64_t line = s->line;
	unsigned stops = 0, nls = 0, below;
	bool found = false, newcol = false;

	if (s->line_blank)	/* w[i] is \n (or a NUL document end) */
		return true;
	if (limit < end + 1)
		end = limit - 1;	/* a newline's next byte: before limit */
	for (;; i += 32) {
		{
			__m256i v, v1, vnl, t, m;

			if (i + 32 > end)
				break;
			v = _mm256_loadu_si256((const __m256i *)(const void *)(w + i));
			v1 = _mm256_loadu_si256(
			    (const __m256i *)(const void *)(w + i + 1));
			vnl = _mm256_cmpeq_epi8(v, nl);
			/* ' only before another ' ('') unless single_straight */
			m = _mm256_or_si256(_mm256_or_si256(
			    _mm256_cmpeq_epi8(v, dq), _mm256_cmpeq_epi8(v, bq)),
			    _mm256_or_si256(_mm256_cmpeq_epi8(v, nul),
			    _mm256_and_si256(_mm256_cmpeq_epi8(v, sq),
			    _mm256_or_si256(_mm256_cmpeq_epi8(v1, sq), sqany))));
			if (_mm256_movemask_epi8(v) != 0) {
				/* C2 AB/BB; E2 80 98..9F/B8..BF but ’ unless
				 * wanted; E3 80 (CJK brackets, among others) */
				__m256i v2 = _mm256_loadu_si256(
				    (const __m256i *)(const void *)(w + i + 2));
				__m256i g = _mm256_and_si256(
				    _mm256_cmpeq_epi8(v, c2), _mm256_cmpeq_epi8(
				    _mm256_or_si256(v1, x10), xbb));
				__m256i q = _mm256_and_si256(
				    _mm256_cmpeq_epi8(v, e2), _mm256_andnot_si256(
				    _mm256_cmpeq_epi8(v2, rsq), _mm256_cmpeq_epi8(
				    _mm256_and_si256(v2, xd8), x98)));

				q = _mm256_or_si256(q, _mm256_cmpeq_epi8(v, e3));
				m = _mm256_or_si256(_mm256_or_si256(m, g),
				    _mm256_and_si256(q,
				    _mm256_cmpeq_epi8(v1, x80)));
			}
			/* newlines before white space (\t..\r, space) or,
			 * with nul_docs, a NUL: scan() must see them */
			t = _mm256_sub_epi8(v1, tab);
			t = _mm256_or_si256(_mm256_cmpeq_epi8(v1, sp),
			    _mm256_cmpeq_epi8(t, _mm256_min_epu8(t, four)));
			if (s->o.nul_docs)
				t = _mm256_or_si256(t, _mm256_cmpeq_epi8(v1,
				    _mm256_setzero_si256()));
			m = _mm256_or_si256(m, _mm256_and_si256(vnl, t));
			stops = (unsigned)_mm256_movemask_epi8(m);
			nls = (unsigned)_mm256_movemask_epi8(vnl);
		}
		if (stops != 0) {
			found = true;
			nls &= (1u << __builtin_ctz(stops)) - 1;
		}
		/* branch-free: a block has a newline or not at random */
		line += (unsigned)__builtin_popcount(nls);
		below = (unsigned)__builtin_clz(nls | 1);
		mask = (size_t)0 - (nls != 0);
		col_pos = (col_pos & ~mask) | ((i + 32 - below) & mask);
		newcol |= nls != 0;
		if (found)
			break;
	}
	s->line = line;
	if (newcol) {
		s->col = 1;
		s->col_pos = col_pos;
	}
	*ip = found ? i + (unsigned)__builtin_ctz(stops) : i;
	return found;
}
#endif

/* The first byte in win[i..limit) that can start a mark, a newline or
 * (nul_docs) a NUL, past the newlines plain_newline() takes.  SSE2:
 * sixteen bytes at a time; a block with non-ASCII bytes stops only at
 * the lead bytes of marks: C2 AB, C2 BB (guillemets), E2 80 98..9F,
 * E2 80 B8..BF (curly quotes, single guillemets) and E3 80 8C..8F (CJK
 * brackets), so dashes, NBSPs, euro signs and the like cost nothing.
 * Elsewhere eight at a time, stopping at every byte of s->hot (a
 * superset: scan() treats a stop that is no mark as text). */
static size_t
skip(ts_quote *s, size_t i, size_t limit)
{
	const uint8_t *w = s->win;
	size_t e;
#ifdef TS_SSE2
	/* the filter reads two bytes past the block */
	size_t end = limit + 2 <= s->wlen ? limit :
	    s->wlen >= 2 ? s->wlen - 2 : 0;

#ifdef TS_AVX2
	/* (false: less than 32 bytes left, for the loop below) */
	if (s->avx2 && skip_avx2(s, &i, limit, end))
		return i;
#endif
	const __m128i nl = _mm_set1_epi8('\n'), dq = _mm_set1_epi8('"'),
	    sq = _mm_set1_epi8('\''), bq = _mm_set1_epi8('`'),
	    nul = _mm_set1_epi8(s->o.nul_docs ? 0 : '\n'),
	    c2 = _mm_set1_epi8((char)0xC2), e2 = _mm_set1_epi8((char)0xE2),
	    e3 = _mm_set1_epi8((char)0xE3), x80 = _mm_set1_epi8((char)0x80),
	    x10 = _mm_set1_epi8(0x10), xbb = _mm_set1_epi8((char)0xBB),
	    xd8 = _mm_set1_epi8((char)0xD8), x98 = _mm_set1_epi8((char)0x98),
	    xfc = _mm_set1_epi8((char)0xFC), x8c = _mm_set1_epi8((char)0x8C),
	    sqany = _mm_set1_epi8(s->o.single_straight ? -1 : 0),
	    rsq = _mm_set1_epi8(want_rsquo(s) ? 0 : (char)0x99);

	for (; i + 16 <= end; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(w + i));
		__m128i v1 = _mm_loadu_si128(
		    (const __m128i *)(const void *)(w + i + 1));
		/* ' only before another one ('') unless single_straight */
		__m128i m = _mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, dq)),
		    _mm_or_si128(_mm_and_si128(_mm_cmpeq_epi8(v, sq),
		    _mm_or_si128(_mm_cmpeq_epi8(v1, sq), sqany)),
		    _mm_cmpeq_epi8(v, bq)));
		unsigned bits;

		m = _mm_or_si128(m, _mm_cmpeq_epi8(v, nul));
		if (_mm_movemask_epi8(v) != 0) {
			__m128i v2 = _mm_loadu_si128(
			    (const __m128i *)(const void *)(w + i + 2));
			__m128i n80 = _mm_cmpeq_epi8(v1, x80);
			__m128i g = _mm_and_si128(_mm_cmpeq_epi8(v, c2),
			    _mm_cmpeq_epi8(_mm_or_si128(v1, x10), xbb));
			/* ’ only when it may close the innermost quotation */
			__m128i q = _mm_and_si128(_mm_cmpeq_epi8(v, e2),
			    _mm_andnot_si128(_mm_cmpeq_epi8(v2, rsq),
			    _mm_cmpeq_epi8(_mm_and_si128(v2, xd8), x98)));
			__m128i k = _mm_and_si128(_mm_cmpeq_epi8(v, e3),
			    _mm_cmpeq_epi8(_mm_and_si128(v2, xfc), x8c));

			m = _mm_or_si128(_mm_or_si128(m, g),
			    _mm_and_si128(_mm_or_si128(q, k), n80));
		}
		bits = (unsigned)_mm_movemask_epi8(m);
		while (bits != 0) {
			size_t j = i + (unsigned)__builtin_ctz(bits);

			if (w[j] != '\n' || !plain_newline(s, j, limit))
				return j;
			bits &= bits - 1;
		}
	}
#else
	uint64_t x, nul = s->o.nul_docs ? HIGHS : 0;

	while (i + 8 <= limit) {
		memcpy(&x, w + i, 8);
		if (!((x & HIGHS) || HAS_BYTE(x, '\n') || HAS_BYTE(x, '"') ||
		    HAS_BYTE(x, '\'') || HAS_BYTE(x, '`') || (HAS_ZERO(x) & nul))) {
			i += 8;
			continue;
		}
		for (e = i + 8; i < e; i++)
			if (s->hot[w[i]])
				return i;
	}
#endif
	for (e = limit; i < e; i++)
		if (s->hot[w[i]])
			return i;
	return limit;
}

/* Act on a mark that decide() did not find plain. */
static int
act(ts_quote *s, enum act a, size_t i, size_t n, size_t k, int32_t cp)
{
	switch (a) {
	case A_OPEN:
		return open_at(s, i, n, cp);
	case A_REOPEN:
		return reopen(s, i, n, cp);
	case A_CLOSE:
		return close_at(s, k, i, n);
	case A_TEXT:
		break;
	}
	return 0;
}

/* Scan the units that start in win[pos..limit).  Plain text goes to
 * text() in runs: win[t..pos) waits until something that is not plain
 * text (a mark that opens or closes, a paragraph or document end). */
static int
scan(ts_quote *s, size_t limit)
{
	const uint8_t *w = s->win;
	size_t i, n, k, used, t = s->pos;
	int32_t cp, ocp;
	enum act a;
	int rc = 0;

#define FLUSH(to)	do {						\
	if ((rc = text(s, t, (to) - t)) != 0)				\
		return rc;						\
} while (0)
	while (s->pos < limit) {
		if (s->line_blank) {
			for (i = s->pos; i < limit && (w[i] == ' ' ||
			    w[i] == '\t' || w[i] == '\r' || w[i] == '\f' ||
			    w[i] == '\v'); i++)
				;
			s->pos = i;
			if (i >= limit)
				break;
			if (w[i] != '\n' && !(w[i] == 0 && s->o.nul_docs)) {
				s->line_blank = false;
				if (s->held) {
					FLUSH(i);
					if ((rc = held_decide(s, i, &used)) != 0)
						return rc;
					s->pos += used;
					t = s->pos;
					continue;
				}
			}
		}
		i = skip(s, s->pos, limit);
		if (i >= limit) {
			/* never split a code point between two scans */
			while (i < s->wlen && (w[i] & 0xC0) == 0x80 &&
			    i - limit < 3)
				i++;
			s->pos = i;
			break;
		}
		if (w[i] == '\n') {
			if (s->line_blank) {
				FLUSH(i);
				rc = para_break(s);
				t = i + 1;
			}	/* else the newline is text */
			s->line++;
			s->col = 1;
			s->col_pos = i + 1;
			s->pos = i + 1;
			s->line_blank = true;
		} else if (w[i] == 0 && s->o.nul_docs) {
			FLUSH(i);
			if ((rc = close_all(s)) == 0 && s->await)
				rc = resolve_and_emit(s, true);
			s->held = false;
			para_reset(s);
			t = s->pos = i + 1;
			s->line_blank = true;
		} else {
			n = ts_next(w + i, w + s->wlen, &cp);
			/* TeX marks: decide() makes n 2 */
			if (is_mark(cp) && (a = decide(s, i, &n, cp, &k,
			    &ocp)) != A_TEXT) {
				FLUSH(i);
				rc = act(s, a, i, n, k, ocp);
				t = i + n;
			}
			s->pos = i + n;
		}
		if (rc != 0)
			return rc;
	}
	FLUSH(s->pos);
#undef FLUSH
	/* the window moves after a scan: copy what is still in it */
	for (k = 0; k < s->npend; k++)
		if ((rc = materialize(&s->pool[k])) != 0)
			return rc;
	return 0;
}

/* Count the columns up to pos: no byte before it is needed for them. */
static void
settle_col(ts_quote *s)
{
	if (!s->o.no_columns)
		s->col += ts_quote_units(s->win + s->col_pos,
		    s->pos - s->col_pos);
	s->col_pos = s->pos;
}

/* Keep HIST bytes before pos and the unscanned rest; drop the others. */
static void
shift(ts_quote *s)
{
	size_t from;

	settle_col(s);
	if (s->pos <= HIST)
		return;
	from = s->pos - HIST;
	memmove(s->buf, s->buf + from, s->wlen - from);
	s->wlen -= from;
	s->pos -= from;
	s->col_pos -= from;
	s->base += from;
}

static void
start_input(ts_quote *s)
{
	s->wlen = s->pos = 0;
	s->base = 0;
	s->line = 1;
	s->col = 1;
	s->col_pos = 0;
	s->line_blank = true;	/* the input starts a paragraph */
	s->held = false;
	s->depth = s->npend = 0;
	s->await = false;
	para_reset(s);
}

ts_quote *
ts_quote_new(const ts_quote_opts *opts, ts_quote_fn fn, void *arg)
{
	static const uint8_t hot[] = { '\n', '"', '\'', '`', 0xC2, 0xE2, 0xE3 };
	ts_quote *s;
	size_t i;

	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	s->o = *opts;
	if (s->o.max_length == 0)
		s->o.max_length = TS_QUOTE_MAXLEN;
	s->fn = fn;
	s->arg = arg;
#ifdef TS_AVX2
	__builtin_cpu_init();
	s->avx2 = __builtin_cpu_supports("avx2") &&
	    __builtin_cpu_supports("popcnt");
	{
		static const uint8_t k[K_N] = { [K_NL] = '\n', [K_DQ] = '"',
		    [K_SQ] = '\'', [K_BQ] = '`', [K_SP] = ' ', [K_TAB] = '\t',
		    [K_FOUR] = '\r' - '\t', [K_C2] = 0xC2, [K_E2] = 0xE2,
		    [K_E3] = 0xE3, [K_X80] = 0x80, [K_X10] = 0x10,
		    [K_XBB] = 0xBB, [K_XD8] = 0xD8, [K_X98] = 0x98 };

		for (i = 0; i < K_N; i++)
			memset(s->vk[i], k[i], 32);
		/* a NUL stops only with nul_docs (else: " again) */
		memset(s->vk[K_NUL], s->o.nul_docs ? 0 : '"', 32);
		memset(s->vk[K_SQANY], s->o.single_straight ? 0xFF : 0, 32);
	}
#endif
	for (i = 0; i < sizeof hot; i++)
		s->hot[hot[i]] = 1;
	if (s->o.nul_docs)
		s->hot[0] = 1;
	s->win = s->buf = malloc(WIN);
	s->pool = calloc(TS_QUOTE_MAXPEND, sizeof *s->pool);
	if (s->buf == NULL || s->pool == NULL) {
		ts_quote_free(s);
		return NULL;
	}
	start_input(s);
	return s;
}

void
ts_quote_free(ts_quote *s)
{
	size_t i;

	if (s == NULL)
		return;
	if (s->pool != NULL)
		for (i = 0; i < TS_QUOTE_MAXPEND; i++)
			ts_buf_free(&s->pool[i].text);
	free(s->pool);
	free(s->buf);
	free(s);
}

/* One past the last blank line wholly in the unscanned part of the
 * window (a paragraph end), or 0. */
static size_t
last_para_end(const ts_quote *s)
{
	const uint8_t *w = s->win;
	size_t end = s->wlen, b, nl;

	for (;;) {
		for (nl = end; nl > s->pos && w[nl - 1] != '\n'; nl--)
			;
		if (nl == s->pos)
			return 0;
		b = --nl;
		while (b > s->pos && (w[b - 1] == ' ' || w[b - 1] == '\t' ||
		    w[b - 1] == '\r' || w[b - 1] == '\f' || w[b - 1] == '\v'))
			b--;
		if (b > s->pos && w[b - 1] == '\n')
			return nl + 1;
		end = b;	/* that line was not blank: look before it */
	}
}

/* Scan p[0..len) where it is, not copied into the window: the window's
 * unscanned bytes first, with the first bytes of p after them as their
 * lookahead, then p up to its last LOOK bytes, which go to the window
 * with HIST bytes of history, as shift() would keep them.  Decisions
 * see the same bytes around them either way. */
#define INPLACE_MIN	(16 * 1024)

static int
feed_inplace(ts_quote *s, const uint8_t *p, size_t len)
{
	size_t off, from;
	int rc;

	memcpy(s->buf + s->wlen, p, LOOK + HIST);
	s->wlen += LOOK + HIST;
	if ((rc = scan(s, s->wlen - LOOK)) != 0)
		return rc;
	settle_col(s);
	/* pos is now at least HIST bytes into p */
	off = s->wlen - (LOOK + HIST);
	s->win = p;
	s->wlen = len;
	s->base += off;
	s->pos -= off;
	s->col_pos -= off;
	if ((rc = scan(s, len - LOOK)) != 0) {
		/* the scanner is done for (s->rc): just drop p */
		s->win = s->buf;
		s->wlen = s->pos = s->col_pos = 0;
		return rc;
	}
	settle_col(s);
	from = s->pos - HIST;
	memcpy(s->buf, p + from, len - from);
	s->win = s->buf;
	s->wlen = len - from;
	s->pos -= from;
	s->col_pos -= from;
	s->base += from;
	return 0;
}

int
ts_quote_feed(ts_quote *s, const uint8_t *p, size_t len)
{
	size_t n;
	int rc;

	if (s->rc != 0)
		return s->rc;
	while (len > 0) {
		if (len >= INPLACE_MIN && s->wlen + LOOK + HIST <= WIN) {
			if ((rc = feed_inplace(s, p, len)) != 0)
				return s->rc = rc;
			break;
		}
		n = WIN - s->wlen;
		if (n > len)
			n = len;
		memcpy(s->buf + s->wlen, p, n);
		s->wlen += n;
		p += n;
		len -= n;
		if (s->wlen == WIN) {
			if ((rc = scan(s, WIN - LOOK)) != 0)
				return s->rc = rc;
			shift(s);
		}
	}
	/* A finished paragraph goes out now, not when the window fills, so
	 * interactive use gets answers: no decision looks past a blank line,
	 * so this scan decides exactly what a scan with more input would. */
	if ((n = last_para_end(s)) > s->pos) {
		if ((rc = scan(s, n)) != 0)
			return s->rc = rc;
		shift(s);
	}
	return 0;
}

int
ts_quote_end(ts_quote *s)
{
	int rc;

	if (s->rc != 0)
		return s->rc;
	if ((rc = scan(s, s->wlen)) == 0) {
		s->held = false;
		if ((rc = close_all(s)) == 0 && s->await)
			rc = resolve_and_emit(s, true);
	}
	start_input(s);
	return s->rc = rc;
}

static bool
word_cp(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9');
	return cp != TS_INVALID && classify(cp) == C_ALNUM;
}

/* ASCII classes for ts_quote_words: 1 letter or digit, 2 joiner. */
static const uint8_t word_class[128] = {
	['0'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['A'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	    1, 1, 1, 1, 1,
	['a'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	    1, 1, 1, 1, 1,
	['\''] = 2, ['-'] = 2, ['.'] = 2, [','] = 2,
};

size_t
ts_quote_words(const uint8_t *p, size_t len)
{
	const uint8_t *end = p + len;
	size_t words = 0;
	int32_t cp, nc;
	int c;
	bool in = false;

	while (p < end) {
		if (*p < 0x80) {
			c = word_class[*p++];
		} else {
			p += ts_next(p, end, &cp);
			c = word_cp(cp) ? 1 : cp == 0x2019 || cp == 0x2011 ? 2 : 0;
		}
		if (c == 1) {
			words += !in;
			in = true;
			continue;
		}
		/* joiners inside a word: don't, well-known, 400,000 */
		if (in && c == 2 && p < end) {
			if (*p < 0x80)
				nc = word_class[*p] == 1 ? 'a' : ' ';
			else
				ts_next(p, end, &nc);
			if (word_cp(nc))
				continue;
		}
		in = false;
	}
	return words;
}
