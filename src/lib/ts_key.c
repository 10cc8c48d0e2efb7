/* ts_key.c - comparison keys: field/char slicing, folding, normalizing. */
#include <stdlib.h>
#include <string.h>

#include "ts_err.h"
#include "ts_key.h"
#include "ts_utf8.h"

void
ts_key_init(ts_key *k)
{
	memset(k, 0, sizeof *k);
	k->check_chars = TS_KEY_ALL;
	k->sep = '\t';
}

void
ts_key_free(ts_key *k)
{
	free(k->ranges);
	k->ranges = NULL;
	k->nranges = 0;
	ts_buf_free(&k->buf);
	ts_buf_free(&k->tmp);
	ts_buf_free(&k->seg);
	ts_unicode_free(&k->u);
	free(k->cache);
	k->cache = NULL;
}

int
ts_key_clone(ts_key *dst, const ts_key *src)
{
	ts_key_init(dst);
	dst->flags = src->flags;
	dst->skip_fields = src->skip_fields;
	dst->skip_chars = src->skip_chars;
	dst->check_chars = src->check_chars;
	dst->sep = src->sep;
	if (src->nranges > 0) {
		if ((dst->ranges = reallocarray(NULL, src->nranges,
		    sizeof *dst->ranges)) == NULL)
			return TS_ENOMEM;
		memcpy(dst->ranges, src->ranges,
		    src->nranges * sizeof *dst->ranges);
		dst->nranges = src->nranges;
	}
	return 0;
}

static const char *
parse_field(const char *s, size_t *out)
{
	size_t v = 0;

	if (*s < '0' || *s > '9')
		return NULL;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (SIZE_MAX - 9) / 10)
			return NULL;
		v = v * 10 + (size_t)(*s - '0');
	}
	if (v == 0)
		return NULL;
	*out = v;
	return s;
}

int
ts_key_fields(ts_key *k, const char *spec)
{
	ts_key_range r, *p;
	const char *s = spec;

	for (;;) {
		if ((s = parse_field(s, &r.lo)) == NULL)
			return TS_EINVAL;
		r.hi = r.lo;
		if (*s == '-') {
			s++;
			if (*s == ',' || *s == '\0')
				r.hi = SIZE_MAX;
			else if ((s = parse_field(s, &r.hi)) == NULL ||
			    r.hi < r.lo)
				return TS_EINVAL;
		}
		p = reallocarray(k->ranges, k->nranges + 1, sizeof *p);
		if (p == NULL)
			return TS_ENOMEM;
		k->ranges = p;
		k->ranges[k->nranges++] = r;
		if (*s == '\0')
			return 0;
		if (*s++ != ',')
			return TS_EINVAL;
	}
}

bool
ts_is_white_space(int32_t cp)
{
	if (cp < 0x80)
		return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
	return cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
	    (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static inline bool
ascii_space(uint8_t c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0D);
}

static inline uint8_t
ascii_lower(uint8_t c)
{
	return (uint8_t)(c - 'A') < 26 ? c | 0x20 : c;
}

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/* Can the 8 ASCII bytes at p go out as they are, lowercased?  Yes when
 * the only bytes <= ' ' are single spaces, and the first is not a space
 * when a space went out just before (after_space). */
static inline bool
regular8(const uint8_t *p, int after_space)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t low7 = 0x7F * ONES;
	uint64_t v, le, t, sp;

	memcpy(&v, p, 8);
	le = ~(v + 0x5F * ONES) & HIGHS;		/* bytes <= ' ' */
	if (le == 0)
		return true;
	t = v ^ (0x20 * ONES);
	sp = ~(((t & low7) + low7) | t | low7);		/* bytes == ' ' */
	if (le != sp || (sp & (sp >> 8)) != 0)
		return false;
	return !(sp & 0x80) || !after_space;
#else
	(void)p, (void)after_space;
	return false;
#endif
}

/* Copy ASCII p[0..n) to w lowercased, 8 bytes at a time. */
static inline void
lower_copy(uint8_t *w, const uint8_t *p, size_t n)
{
	size_t i = 0;
	uint64_t v, up;

	for (; i + 8 <= n; i += 8) {
		memcpy(&v, p + i, 8);
		/* 'A' <= b <= 'Z': b + 0x3F has the high bit, b + 0x25 not */
		up = (v + 0x3F * ONES) & ~(v + 0x25 * ONES) & HIGHS;
		v |= up >> 2;
		memcpy(w + i, &v, 8);
	}
	for (; i < n; i++)
		w[i] = ascii_lower(p[i]);
}

bool
ts_is_blank(const uint8_t *p, size_t len)
{
	const uint8_t *end = p + len;
	int32_t cp;

	while (p < end) {
		if (*p < 0x80) {
			if (!ascii_space(*p))
				return false;
			p++;
			continue;
		}
		p += ts_next(p, end, &cp);
		if (!ts_is_white_space(cp))
			return false;
	}
	return true;
}

/* Bytes spanned by the first n units of p (all of p if it has fewer). */
static size_t
skip_units(const uint8_t *p, size_t len, size_t n)
{
	size_t i = 0, a;
	int32_t cp;

	while (n > 0 && i < len) {
		a = ts_ascii_span(p + i, len - i < n ? len - i : n);
		i += a;
		n -= a;
		if (n == 0 || i == len)
			break;
		if (p[i] < 0x80)
			continue;
		i += ts_next(p + i, p + len, &cp);
		n--;
	}
	return i;
}

/* Start of field f (1-based) of p, or len if there are fewer fields. */
static size_t
field_start(const uint8_t *p, size_t len, uint8_t sep, size_t f, size_t from)
{
	const uint8_t *q;

	while (--f > 0) {
		if ((q = memchr(p + from, sep, len - from)) == NULL)
			return len + 1;
		from = (size_t)(q - p) + 1;
	}
	return from;
}

/* Byte range [*a, *b) of fields r->lo .. r->hi; *a > len if none. */
static void
field_span(const uint8_t *p, size_t len, uint8_t sep, const ts_key_range *r,
    size_t *a, size_t *b)
{
	const uint8_t *q;
	size_t f, end;

	*a = field_start(p, len, sep, r->lo, 0);
	if (*a > len) {
		*b = *a;
		return;
	}
	end = *a;
	for (f = r->lo; ; f++) {
		q = memchr(p + end, sep, len - end);
		if (q == NULL) {
			end = len;
			break;
		}
		end = (size_t)(q - p);
		if (f == r->hi)
			break;
		end++;
	}
	*b = end;
}

static int
select_fields(ts_key *k, const uint8_t **p, size_t *len)
{
	size_t i, a, b;
	int first = 1;

	if (k->nranges == 1) {
		field_span(*p, *len, k->sep, &k->ranges[0], &a, &b);
		if (a > *len)
			a = b = *len;
		*p += a;
		*len = b - a;
		return 0;
	}
	k->tmp.len = 0;
	for (i = 0; i < k->nranges; i++) {
		field_span(*p, *len, k->sep, &k->ranges[i], &a, &b);
		if (!first && ts_buf_putc(&k->tmp, k->sep) != 0)
			return TS_ENOMEM;
		first = 0;
		if (a <= *len && ts_buf_append(&k->tmp, *p + a, b - a) != 0)
			return TS_ENOMEM;
	}
	*p = k->tmp.p;
	*len = k->tmp.len;
	return 0;
}

/* uniq -f: skip n fields, each blanks then non-blanks. */
static size_t
skip_fields(const uint8_t *p, size_t len, size_t n)
{
	size_t i = 0;

	while (n-- > 0 && i < len) {
		while (i < len && (p[i] == ' ' || p[i] == '\t'))
			i++;
		while (i < len && p[i] != ' ' && p[i] != '\t')
			i++;
	}
	return i;
}

/* End of the run of valid non-ASCII characters at p[i]. */
static size_t
nonascii_run(const uint8_t *p, size_t i, size_t len)
{
	int32_t cp;
	size_t n;

	while (i < len && p[i] >= 0x80) {
		n = ts_next(p + i, p + len, &cp);
		if (cp == TS_INVALID)
			break;
		i += n;
	}
	return i;
}

/* A direct-mapped cache of short non-ASCII segments and their fold or
 * normalized form: real text repeats the same few accented letters, and
 * a call into utf8proc costs far more than a lookup.  The forms depend
 * only on the segment, so the cache never changes a key. */
#define CACHE_SLOTS	1024
#define CACHE_IN	14
#define CACHE_OUT	48

struct ts_key_cache {
	int	mode;
	struct {
		uint8_t	inlen, outlen;
		uint8_t	in[CACHE_IN];
		uint8_t	out[CACHE_OUT];
	} e[CACHE_SLOTS];
};

static inline size_t
cache_slot(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return (h ^ (h >> 15)) & (CACHE_SLOTS - 1);
}

/* The case fold (or with normalize, NFKC + case fold) of valid p[0..n)
 * in *o, *olen: in the cache or in k->seg.  0 or TS_ENOMEM. */
static int
transform(ts_key *k, const uint8_t *p, size_t n, int normalize,
    const uint8_t **o, size_t *olen)
{
	struct ts_key_cache *c = k->cache;
	size_t h = 0;
	int rc;

	if (c == NULL && (c = k->cache = calloc(1, sizeof *c)) != NULL)
		c->mode = normalize;
	if (c != NULL && c->mode != normalize) {
		memset(c, 0, sizeof *c);
		c->mode = normalize;
	}
	if (c != NULL && n <= CACHE_IN) {
		h = cache_slot(p, n);
		if (c->e[h].inlen == n && memcmp(c->e[h].in, p, n) == 0) {
			*o = c->e[h].out;
			*olen = c->e[h].outlen;
			return 0;
		}
	}
	k->seg.len = 0;
	rc = ts_transform(&k->u, p, n, normalize ? TS_NFKC : TS_FORM_NONE,
	    TS_CASEFOLD, &k->seg);
	if (rc != 0)
		return rc == TS_EUTF8 ? TS_ENOMEM : rc;	/* p is valid */
	if (c != NULL && n <= CACHE_IN && k->seg.len <= CACHE_OUT) {
		c->e[h].inlen = (uint8_t)n;
		c->e[h].outlen = (uint8_t)k->seg.len;
		memcpy(c->e[h].in, p, n);
		memcpy(c->e[h].out, k->seg.p, k->seg.len);
	}
	*o = k->seg.p;
	*olen = k->seg.len;
	return 0;
}

static int
fold(ts_key *k, const uint8_t *p, size_t len, ts_buf *out)
{
	size_t i = 0, a, s, olen;
	const uint8_t *o;
	int32_t cp;
	int rc;

	out->len = 0;
	while (i < len) {
		a = ts_ascii_span(p + i, len - i);
		if (a > 0) {	/* out->p may still be NULL (fold_nonascii_first) */
			if (ts_buf_reserve(out, a) != 0)
				return TS_ENOMEM;
			lower_copy(out->p + out->len, p + i, a);
			out->len += a;
			i += a;
		}
		if (i == len)
			break;
		s = i;
		i = nonascii_run(p, i, len);
		if (i > s) {
			if ((rc = transform(k, p + s, i - s, 0, &o, &olen)) != 0)
				return rc;
			if (ts_buf_append(out, o, olen) != 0)
				return TS_ENOMEM;
		}
		if (i < len && p[i] >= 0x80) {	/* an ill-formed unit */
			a = ts_next(p + i, p + len, &cp);
			if (ts_buf_append(out, p + i, a) != 0)
				return TS_ENOMEM;
			i += a;
		}
	}
	return 0;
}

/* The whitespace rule, applied as bytes go out: a White_Space
 * character goes out as one space unless nothing went out yet or a
 * space went out last (only the rule puts out spaces); the one trailing
 * space this may leave is dropped at the end. */
static inline int
after_space(const ts_buf *out)
{
	return out->len == 0 || out->p[out->len - 1] == ' ';
}

/* Feed valid (already normalized) text through the whitespace rule. */
static int
ws_feed(ts_buf *out, const uint8_t *p, size_t len)
{
	const uint8_t *end = p + len;
	size_t n;
	int32_t cp;

	while (p < end) {
		n = ts_next(p, end, &cp);
		if (!ts_is_white_space(cp)) {
			if (ts_buf_append(out, p, n) != 0)
				return TS_ENOMEM;
		} else if (!after_space(out) && ts_buf_putc(out, ' ') != 0)
			return TS_ENOMEM;
		p += n;
	}
	return 0;
}

/* Bits 9-13 and 32: the ASCII White_Space characters. */
#define ASCII_WS_BITS	0x100003E00ULL

static int
normalize(ts_key *k, const uint8_t *p, size_t len, ts_buf *out)
{
	size_t i = 0, e, s, n, olen;
	const uint8_t *o;
	int32_t cp;
	uint8_t c, *w;
	int rc, ws, sp;

	out->len = 0;
	while (i < len) {
		e = i + ts_ascii_span(p + i, len - i);
		/* A combining mark after the run may compose with its last
		 * character: that one goes with the non-ASCII segment. */
		if (e < len && e > i) {
			ts_next(p + e, p + len, &cp);
			if (cp != TS_INVALID)
				e--;
		}
		/* Output is at most the run; one more byte is scratch. */
		if (ts_buf_reserve(out, e - i + 1) != 0)
			return TS_ENOMEM;
		sp = after_space(out);
		w = out->p + out->len;
		while (i < e) {
			if (i + 8 <= e && regular8(p + i, sp)) {
				lower_copy(w, p + i, 8);
				sp = w[7] == ' ';
				w += 8, i += 8;
				continue;
			}
			/* One byte, without branches (spaces between words
			 * defeat prediction). */
			c = p[i++];
			ws = (c <= ' ') & (int)(ASCII_WS_BITS >> (c & 63));
			*w = ws ? ' ' : ascii_lower(c);
			w += !(ws & sp);
			sp = ws;
		}
		out->len = (size_t)(w - out->p);
		if (i == len)
			break;
		s = i;
		if (p[i] < 0x80)
			i++;
		i = nonascii_run(p, i, len);
		if (i > s) {
			if ((rc = transform(k, p + s, i - s, 1, &o, &olen)) != 0)
				return rc;
			if (ws_feed(out, o, olen) != 0)
				return TS_ENOMEM;
			continue;
		}
		n = ts_next(p + i, p + len, &cp);	/* ill-formed */
		if (ts_buf_append(out, p + i, n) != 0)
			return TS_ENOMEM;
		i += n;
	}
	if (out->len > 0 && out->p[out->len - 1] == ' ')
		out->len--;	/* the trailing space */
	return 0;
}

int
ts_key_make(ts_key *k, const uint8_t *p, size_t len, const uint8_t **key,
    size_t *klen)
{
	size_t n;
	int rc;

	if (k->ranges != NULL && (rc = select_fields(k, &p, &len)) != 0)
		return rc;
	if (k->skip_fields > 0) {
		n = skip_fields(p, len, k->skip_fields);
		p += n, len -= n;
	}
	if (k->skip_chars > 0) {
		n = skip_units(p, len, k->skip_chars);
		p += n, len -= n;
	}
	if (k->check_chars != TS_KEY_ALL)
		len = skip_units(p, len, k->check_chars);
	if (k->flags & TS_KEY_NORMALIZE) {
		if ((rc = normalize(k, p, len, &k->buf)) != 0)
			return rc;
		p = k->buf.p, len = k->buf.len;
	} else if (k->flags & TS_KEY_FOLD) {
		if ((rc = fold(k, p, len, &k->buf)) != 0)
			return rc;
		p = k->buf.p, len = k->buf.len;
	}
	*key = p;
	*klen = len;
	return 0;
}
