/* ts_norm.c - streaming normalization: quick check, safe split points,
 * utf8proc on the segments that may change. */
#include <stdlib.h>
#include <string.h>

#include "ts_err.h"
#include "ts_norm.h"
#include "ts_normprops.h"
#include "ts_utf8.h"

void
ts_norm_init(ts_norm *n, enum ts_form form, int flags)
{
	int32_t cp;
	int shift;

	memset(n, 0, sizeof *n);
	if ((flags & TS_STRIPMARK) && form == TS_FORM_NONE)
		form = TS_NFC;
	n->form = form;
	n->flags = flags;
	n->tform = form;
	switch (form) {
	case TS_NFD:	shift = 1; break;
	case TS_NFKC:	shift = 2; break;
	case TS_NFKD:	shift = 3; break;
	default:	shift = 0; break;	/* none: NFC boundaries */
	}
	n->notyes = form == TS_FORM_NONE ? 0 : TS_NP_NOTYES << shift;
	n->nobound = TS_NP_NOBOUND << shift;
	n->slow = n->notyes | n->nobound | (0xFFu << 8) | (3u << 16) |
	    TS_NP_ALLNS;
	for (cp = 0x80; cp < 0x800; cp++) {
		uint32_t v = ts_normprops(cp);

		n->fast2[cp] = (v & n->slow) ? 0 :
		    (uint8_t)(1 | TS_NP_TRAIL(v) << 1);
	}
	for (cp = 0; cp < 1024; cp++)
		n->fast3[cp] = form == TS_FORM_NONE ? 0 :
		    (ts_normprops_blockfast[ts_normprops_index[cp]] >> shift) & 1;
}

void
ts_norm_reset(ts_norm *n)
{
	n->carry.len = 0;
	n->dirty = 0;
	n->lastccc = 0;
	n->nonstarters = 0;
}

void
ts_norm_free(ts_norm *n)
{
	ts_unicode_free(&n->u);
	ts_buf_free(&n->carry);
	ts_buf_free(&n->tmp);
	free(n->cache);
	free(n->small);
	n->cache = NULL;
	n->small = NULL;
}

/* ts_buf_append(), inline while there is room: it runs for every
 * segment. */
static inline int
put(ts_buf *b, const uint8_t *p, size_t n)
{
	if (n == 0)
		return 0;
	if (b->cap - b->len >= n) {
		memcpy(b->p + b->len, p, n);
		b->len += n;
		return 0;
	}
	return ts_buf_append(b, p, n);
}

/* The key of a cache entry: p[0..len) (len <= TS_NORM_CACHE_KEY) in
 * words, zero-padded.  avail bytes from p may be read: with at least a
 * key's worth, whole words are loaded and the bytes past len masked off. */
static inline void
cache_key(const uint8_t *p, size_t len, size_t avail, uint64_t w[4])
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* from keep + 32 - len: len bytes 0xFF, then zeros */
	static const uint8_t keep[2 * TS_NORM_CACHE_KEY] = {
		0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
		0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
		0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
		0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	};
	uint64_t m[4];
	size_t i;

	if (avail >= TS_NORM_CACHE_KEY) {
		memcpy(w, p, TS_NORM_CACHE_KEY);
		memcpy(m, keep + TS_NORM_CACHE_KEY - len, TS_NORM_CACHE_KEY);
		for (i = 0; i < 4; i++)
			w[i] &= m[i];
		return;
	}
#else
	(void)avail;
#endif
	memset(w, 0, TS_NORM_CACHE_KEY);
	memcpy(w, p, len);
}

static inline uint64_t
small_key(const uint8_t *p, size_t len, size_t avail)
{
	uint64_t k = 0;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (avail >= 8) {
		memcpy(&k, p, 8);
		return len == 8 ? k : k & ((UINT64_C(1) << (8 * len)) - 1);
	}
#else
	(void)avail;
#endif
	memcpy(&k, p, len);
	return k;
}

static inline struct ts_norm_small *
small_slot(ts_norm *n, uint64_t k)
{
	return &n->small[((k ^ k >> 29) * UINT64_C(0x9E3779B97F4A7C15)) >>
	    40 & (TS_NORM_SMALL_N - 1)];
}

/* ts_transform() with the form and flags of n, through the caches: the
 * result depends on nothing but the bytes.  p[0..avail) may be read. */
static int
transform_slow(ts_norm *n, const uint8_t *p, size_t len, size_t avail,
    ts_buf *out)
{
	struct ts_norm_cent *e;
	struct ts_norm_small *sm;
	uint64_t w[4], h;
	size_t mark;
	int r;

	if (len > TS_NORM_CACHE_KEY || len == 0 || n->nocache)
		return ts_transform(&n->u, p, len, n->tform, n->flags, out);
	if (n->cache == NULL &&
	    ((n->cache = calloc(TS_NORM_CACHE_N, sizeof *n->cache)) == NULL ||
	    (n->small = calloc(TS_NORM_SMALL_N, sizeof *n->small)) == NULL)) {
		n->nocache = 1;
		return ts_transform(&n->u, p, len, n->tform, n->flags, out);
	}
	mark = out->len;
	cache_key(p, len, avail, w);
	h = (w[0] * UINT64_C(0x9E3779B97F4A7C15)) ^
	    (w[1] * UINT64_C(0xC2B2AE3D27D4EB4F)) ^
	    (w[2] * UINT64_C(0x165667B19E3779F9)) ^
	    (w[3] * UINT64_C(0xD6E8FEB86659FD93)) ^ len;
	h ^= h >> 32;
	h *= UINT64_C(0x9E3779B97F4A7C15);
	e = &n->cache[(h >> 40) & (TS_NORM_CACHE_N - 1)];
	if (e->klen == len && ((e->key[0] ^ w[0]) | (e->key[1] ^ w[1]) |
	    (e->key[2] ^ w[2]) | (e->key[3] ^ w[3])) == 0) {
		if (ts_buf_append(out, e->val, e->vlen) != 0)
			return TS_ENOMEM;
	} else {
		if ((r = ts_transform(&n->u, p, len, n->tform, n->flags,
		    out)) != 0)
			return r;
		if (out->len - mark <= TS_NORM_CACHE_VAL) {
			e->klen = (uint8_t)len;
			e->vlen = (uint8_t)(out->len - mark);
			memcpy(e->key, w, sizeof e->key);
			if (e->vlen > 0)	/* out->p may be NULL */
				memcpy(e->val, out->p + mark, e->vlen);
		}
	}
	if (len <= 8 && out->len - mark <= 6) {
		sm = small_slot(n, w[0]);
		sm->key = w[0];
		memset(sm->v, 0, sizeof sm->v);
		if (out->len > mark)
			memcpy(sm->v, out->p + mark, out->len - mark);
		sm->v[6] = (uint8_t)len;
		sm->v[7] = (uint8_t)(out->len - mark);
	}
	return 0;
}

/* The same, inline for the shortest segments found in the small cache. */
static inline int
transform(ts_norm *n, const uint8_t *p, size_t len, size_t avail,
    ts_buf *out)
{
	struct ts_norm_small *sm;
	uint64_t k;

	if (len <= 8 && n->small != NULL) {
		k = small_key(p, len, avail);
		sm = small_slot(n, k);
		if (sm->key == k && sm->v[6] == len &&
		    out->cap - out->len >= 8) {
			memcpy(out->p + out->len, sm->v, 8);
			out->len += sm->v[7];
			return 0;
		}
	}
	return transform_slow(n, p, len, avail, out);
}

static int
emit(ts_norm *n, const uint8_t *p, size_t len, size_t avail, int dirty,
    ts_buf *out)
{
	if (len == 0)
		return 0;
	if (!dirty)
		return put(out, p, len);
	return transform(n, p, len, avail, out);
}

/* Where we are in the current piece. */
struct cur {
	const uint8_t	*p;
	size_t		 len;	/* of the piece */
	size_t		 copy;	/* p[copy..seg) is clean and not yet out */
	size_t		 seg;	/* start of the current segment in p */
	size_t		 cfrom;	/* with a carry: it goes on at p[cfrom] */
};

/* End the current segment before p[pos]: write it, normalized if it may
 * change (or always with force). */
static int
finish(ts_norm *n, struct cur *c, size_t pos, int force, ts_buf *out)
{
	int r = 0;

	if (n->carry.len > 0) {
		if (ts_buf_append(&n->carry, c->p + c->cfrom, pos - c->cfrom) != 0)
			return TS_ENOMEM;
		r = emit(n, n->carry.p, n->carry.len, n->carry.len, n->dirty,
		    out);
		n->carry.len = 0;
		c->copy = pos;
	} else if (n->dirty || force) {
		if (put(out, c->p + c->copy, c->seg - c->copy) != 0)
			return TS_ENOMEM;
		r = emit(n, c->p + c->seg, pos - c->seg, c->len - c->seg,
		    n->dirty, out);
		c->copy = pos;
	}
	c->seg = pos;
	n->dirty = 0;
	n->lastccc = 0;
	return r;
}

/* --strip-marks: instead of cutting the segment before p[pos] (30 marks,
 * or TS_NORM_SEG_MAX bytes), replace it by its transform, which has no
 * marks left, and go on: what follows may still compose with its last
 * starter once the marks between are gone.  0, 1 if that would not
 * shrink it (cut instead), or TS_ENOMEM. */
static int
compact(ts_norm *n, struct cur *c, size_t pos, ts_buf *out)
{
	ts_buf t;

	if (n->carry.len == 0) {
		if (ts_buf_append(out, c->p + c->copy, c->seg - c->copy) != 0 ||
		    ts_buf_append(&n->carry, c->p + c->seg, pos - c->seg) != 0)
			return TS_ENOMEM;
	} else if (ts_buf_append(&n->carry, c->p + c->cfrom,
	    pos - c->cfrom) != 0)
		return TS_ENOMEM;
	n->tmp.len = 0;
	if (ts_transform(&n->u, n->carry.p, n->carry.len, n->tform, n->flags,
	    &n->tmp) != 0)
		return TS_ENOMEM;
	t = n->carry, n->carry = n->tmp, n->tmp = t;
	c->cfrom = c->copy = c->seg = pos;
	n->dirty = 1;
	n->lastccc = 0;
	return n->carry.len >= TS_NORM_SEG_MAX / 2;
}

/* Emit what precedes a dirty segment as it is, and the segment
 * p[seg..pos) rewritten.  0 or -1 (out of memory). */
static inline int
emit_dirty(ts_norm *n, const uint8_t *p, size_t copy, size_t seg, size_t pos,
    size_t len, ts_buf *out)
{
	return put(out, p + copy, seg - copy) != 0 ||
	    transform(n, p + seg, pos - seg, len - seg, out) != 0 ? -1 : 0;
}

/* The common case in one loop, with no carry and no flags: ASCII, the
 * 2- and 3-byte characters that are starters in the form with a boundary
 * before them (by table, most without a look at their properties), and
 * the short segments that need normalizing in between (a letter and its
 * marks, a syllable in jamo), written through the cache.  It stops at
 * *pos before anything else (4-byte, ill-formed or cut sequences, the
 * Stream-Safe Text Format limit, a segment too long), with the state in
 * c and n as the loop in feed() keeps it.  0 or TS_ENOMEM. */
static int
scan(ts_norm *n, struct cur *c, size_t *ppos, ts_buf *out)
{
	const uint8_t *p = c->p, *f2 = n->fast2, *f3 = n->fast3;
	size_t len = c->len, pos = *ppos, seg = c->seg, copy = c->copy, k;
	unsigned dirty = (unsigned)n->dirty, lastccc = n->lastccc;
	unsigned ns = n->nonstarters, trail, ccc, lead;
	uint32_t props, slow = n->slow;
	int r = 0;
	uint8_t b, b1;

	while (pos < len) {
		b = p[pos];
		if (b < 0x80) {
			if (dirty) {
				if (emit_dirty(n, p, copy, seg, pos, len,
				    out) != 0)
					goto nomem;
				copy = pos;
				dirty = 0;
			}
			pos += ts_ascii_span(p + pos, len - pos);
			seg = ts_norm_ascii_composes(p[pos - 1]) ? pos - 1 : pos;
			ns = 0;
			lastccc = 0;
			continue;
		}
		if (pos + 1 >= len || ((b1 = p[pos + 1]) & 0xC0) != 0x80)
			break;
		if (b < 0xE0) {
			if (b < 0xC2)
				break;
			k = 2;
			trail = f2[(b & 0x1Fu) << 6 | (b1 & 0x3Fu)];
			if (trail != 0) {
				trail >>= 1;
				goto starter;
			}
			props = ts_normprops((int32_t)((b & 0x1Fu) << 6 |
			    (b1 & 0x3Fu)));
		} else if (b < 0xF0) {
			if (pos + 2 >= len || (p[pos + 2] & 0xC0) != 0x80 ||
			    (b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 > 0x9F))
				break;	/* overlong, surrogate */
			k = 3;
			if (f3[(b & 0x0Fu) << 6 | (b1 & 0x3Fu)]) {
				trail = 0;
				goto starter;
			}
			props = ts_normprops((int32_t)((b & 0x0Fu) << 12 |
			    (b1 & 0x3Fu) << 6 | (p[pos + 2] & 0x3Fu)));
		} else {
			if (b > 0xF4 || pos + 3 >= len ||
			    (p[pos + 2] & 0xC0) != 0x80 ||
			    (p[pos + 3] & 0xC0) != 0x80 ||
			    (b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 > 0x8F))
				break;	/* overlong, above U+10FFFF */
			k = 4;
			props = ts_normprops((int32_t)((b & 0x07u) << 18 |
			    (b1 & 0x3Fu) << 12 | (p[pos + 2] & 0x3Fu) << 6 |
			    (p[pos + 3] & 0x3Fu)));
		}
		if (!(props & slow)) {
			trail = TS_NP_TRAIL(props);
			goto starter;
		}
		/* as in feed(), without flags */
		ccc = TS_NP_CCC(props);
		if (!(props & n->nobound)) {
			if (dirty) {
				if (emit_dirty(n, p, copy, seg, pos, len,
				    out) != 0)
					goto nomem;
				copy = pos;
				dirty = 0;
			}
			seg = pos;
			lastccc = 0;
		} else if (ccc == 0 && pos - seg >= TS_NORM_SEG_MAX)
			break;
		lead = TS_NP_LEAD(props);
		if (lead > 0 && ns + lead > TS_NORM_SAFE_MAX)
			break;
		if (props & TS_NP_ALLNS)
			ns += lead;
		else
			ns = TS_NP_TRAIL(props);
		if (ccc != 0) {
			if (ccc < lastccc)
				dirty = 1;
			lastccc = ccc;
		} else
			lastccc = 0;
		if (props & n->notyes)
			dirty = 1;
		pos += k;
		continue;
starter:
		if (dirty) {
			if (emit_dirty(n, p, copy, seg, pos, len, out) != 0)
				goto nomem;
			copy = pos;
			dirty = 0;
		}
		seg = pos;
		ns = trail;
		lastccc = 0;
		pos += k;
	}
	if (0) {
nomem:
		r = TS_ENOMEM;
	}
	*ppos = pos;
	c->seg = seg;
	c->copy = copy;
	n->dirty = (int)dirty;
	n->lastccc = lastccc;
	n->nonstarters = ns;
	return r;
}

static int
feed(ts_norm *n, const uint8_t *p, size_t len, int at_end, ts_buf *out,
    size_t *done, int *pass)
{
	struct cur c;
	int r, carry_in;
	size_t pos = 0, k, i, span, base;
	unsigned props, ccc, lead;
	uint8_t b;
	int32_t cp;

	if (p == NULL)
		p = (const uint8_t *)"";
	if (n->form == TS_FORM_NONE && n->flags == 0) {
		if (pass != NULL) {
			*pass = 1;
			return 0;
		}
		return ts_buf_append(out, p, len);
	}
	carry_in = n->carry.len > 0;
	base = out->len;
	c.p = p, c.len = len, c.copy = c.seg = c.cfrom = 0;
	while (pos < len) {
		if (n->carry.len == 0 && n->flags == 0) {
			/* the common case; it stops before what it leaves to
			 * the code below, which takes at least one code
			 * point */
			if (scan(n, &c, &pos, out) != 0)
				return TS_ENOMEM;
			if (pos >= len)
				break;
		}
		if (p[pos] < 0x80) {
			if (n->dirty || n->carry.len > 0) {
				if (finish(n, &c, pos, 0, out) != 0)
					return TS_ENOMEM;
			}
			span = ts_ascii_span(p + pos, len - pos);
			if (n->flags & TS_CASEFOLD) {
				/* Fold all but a last letter that may yet
				 * compose: it starts a dirty segment. */
				size_t keep = ts_norm_ascii_composes(p[pos + span - 1]);

				if (ts_buf_append(out, p + c.copy,
				    pos - c.copy) != 0 ||
				    ts_buf_reserve(out, span) != 0)
					return TS_ENOMEM;
				for (i = 0; i + keep < span; i++) {
					uint8_t a = p[pos + i];
					out->p[out->len++] =
					    (unsigned)(a - 'A') < 26u ? a | 0x20 : a;
				}
				pos += span;
				c.copy = c.seg = pos - keep;
				n->dirty = keep != 0;
			} else {
				pos += span;
				c.seg = ts_norm_ascii_composes(p[pos - 1]) ? pos - 1 :
				    pos;
			}
			n->nonstarters = 0;
			n->lastccc = 0;
			continue;
		}
		b = p[pos];
		if (done == NULL || (b >= 0xC2 && b < 0xE0 && pos + 1 < len &&
		    (p[pos + 1] & 0xC0) == 0x80) || (b > 0xE0 && b < 0xF0 &&
		    b != 0xED && pos + 2 < len && (p[pos + 1] & 0xC0) == 0x80 &&
		    (p[pos + 2] & 0xC0) == 0x80))
			k = ts_decode_valid(p + pos, &cp);	/* common leads */
		else
			k = ts_next(p + pos, p + len, &cp);
		if (cp < 0 && done != NULL) {
			len = pos;	/* stop before it, as if p ended here */
			at_end = 0;
			break;
		}
		props = ts_normprops(cp);
		if (!(props & n->slow) && n->flags == 0) {
			/* A starter in the form, with a boundary before it
			 * and no non-starter in its NFKD at the start. */
			if (n->dirty || n->carry.len > 0) {
				if (finish(n, &c, pos, 0, out) != 0)
					return TS_ENOMEM;
			} else
				c.seg = pos;
			n->nonstarters = TS_NP_TRAIL(props);
			n->lastccc = 0;
			pos += k;
			continue;
		}
		ccc = TS_NP_CCC(props);
		if (!(props & n->nobound) && !((n->flags & TS_STRIPMARK) &&
		    ts_is_mark(cp))) {
			/* (a mark --strip-marks removes is no boundary) */
			if (n->dirty || n->carry.len > 0) {
				if (finish(n, &c, pos, 0, out) != 0)
					return TS_ENOMEM;
			} else
				c.seg = pos;	/* a clean segment: goes on */
		} else if (ccc == 0 &&
		    n->carry.len + (pos - c.seg) >= TS_NORM_SEG_MAX) {
			r = (n->flags & TS_STRIPMARK) ? compact(n, &c, pos, out) : 1;
			if (r < 0 || (r > 0 && finish(n, &c, pos, 1, out) != 0))
				return TS_ENOMEM;
		}
		/* Stream-Safe Text Format: a CGJ (a starter that combines
		 * with nothing) before the non-starter past the 30th, counted
		 * in NFKD; it ends the segment.  Marks that --strip-marks
		 * removes need no CGJ: the segment is compacted instead. */
		lead = TS_NP_LEAD(props);
		if (lead > 0 && n->nonstarters + lead > TS_NORM_SAFE_MAX) {
			if (n->flags & TS_STRIPMARK) {
				r = compact(n, &c, pos, out);
				if (r < 0 || (r > 0 &&
				    finish(n, &c, pos, 1, out) != 0))
					return TS_ENOMEM;
			} else if (finish(n, &c, pos, 1, out) != 0 ||
			    ts_buf_append(out, TS_CGJ_UTF8, 2) != 0)
				return TS_ENOMEM;
			n->nonstarters = 0;
		}
		if (props & TS_NP_ALLNS)
			n->nonstarters += lead;
		else
			n->nonstarters = TS_NP_TRAIL(props);
		if (ccc != 0) {
			if (ccc < n->lastccc)
				n->dirty = 1;
			n->lastccc = ccc;
		} else
			n->lastccc = 0;
		if ((props & n->notyes) || n->flags)
			n->dirty = 1;
		pos += k;
	}
	if (n->carry.len > 0) {
		if (ts_buf_append(&n->carry, p + c.cfrom, len - c.cfrom) != 0)
			return TS_ENOMEM;
		c.copy = c.seg = len;
	}
	if (pass != NULL && !carry_in && n->carry.len == 0 && c.copy == 0 &&
	    out->len == base && (at_end ? !n->dirty : c.seg == len)) {
		/* nothing changed, nothing held back: p itself goes on */
		if (at_end)
			ts_norm_reset(n);
		if (done != NULL)
			*done = len;
		*pass = 1;
		return 0;
	}
	if (ts_buf_append(out, p + c.copy, c.seg - c.copy) != 0)
		return TS_ENOMEM;
	if (at_end) {
		if (n->carry.len > 0) {
			if (emit(n, n->carry.p, n->carry.len, n->carry.len,
			    n->dirty, out) != 0)
				return TS_ENOMEM;
		} else if (emit(n, p + c.seg, len - c.seg, len - c.seg,
		    n->dirty, out) != 0)
			return TS_ENOMEM;
		ts_norm_reset(n);
	} else if (c.seg < len && n->carry.len == 0) {
		if (ts_buf_append(&n->carry, p + c.seg, len - c.seg) != 0)
			return TS_ENOMEM;
	}
	if (done != NULL)
		*done = len;
	return 0;
}

int
ts_norm_feed(ts_norm *n, const uint8_t *p, size_t len, int at_end,
    ts_buf *out)
{
	return feed(n, p, len, at_end, out, NULL, NULL);
}

int
ts_norm_feed_pass(ts_norm *n, const uint8_t *p, size_t len, int at_end,
    ts_buf *out)
{
	int pass = 0, r;

	if ((r = feed(n, p, len, at_end, out, NULL, &pass)) != 0)
		return r;
	return pass;
}

/* ts_norm_feed_raw(), and with pass the ts_norm_feed_pass() answer. */
static int
feed_raw(ts_norm *n, const uint8_t *p, size_t len, int at_end, ts_buf *out,
    size_t *done, int *pass)
{
	size_t d = 0;
	int r;

	if (p == NULL)
		p = (const uint8_t *)"";
	if (n->form == TS_FORM_NONE && n->flags == 0) {
		/* Nothing decodes here: the caller validates. */
		*done = 0;
		return 0;
	}
	r = feed(n, p, len, at_end, out, &d, pass);
	*done = d;
	return r;
}

int
ts_norm_feed_raw(ts_norm *n, const uint8_t *p, size_t len, int at_end,
    ts_buf *out, size_t *done)
{
	return feed_raw(n, p, len, at_end, out, done, NULL);
}

int
ts_norm_feed_raw_pass(ts_norm *n, const uint8_t *p, size_t len, int at_end,
    ts_buf *out, size_t *done)
{
	int pass = 0, r;

	if ((r = feed_raw(n, p, len, at_end, out, done, &pass)) != 0)
		return r;
	return pass;
}
