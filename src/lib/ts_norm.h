/* ts_norm.h - streaming Unicode normalization in bounded memory.
 *
 * Feed valid UTF-8 in pieces of any size (cut at code point boundaries);
 * the output is the same whatever the cuts.  Text is split only before a
 * code point where splitting cannot change the result (a starter whose
 * decomposition cannot interact with what precedes), so utf8proc only
 * ever sees short segments, and only the segments that may change: a
 * quick check (ts_normprops.h) copies text already in the form untouched.
 *
 * Stream-Safe Text Format (UAX #15, section 13): after 30 non-starters
 * (combining class != 0) in a row, U+034F COMBINING GRAPHEME JOINER is
 * inserted before the next one.  With that, and segments cut at a starter
 * once they pass TS_NORM_SEG_MAX bytes, memory stays bounded. */
#ifndef TS_NORM_H
#define TS_NORM_H

#include <stddef.h>
#include <stdint.h>

#include "ts_buf.h"
#include "ts_unicode.h"

#define TS_NORM_SAFE_MAX	30	/* non-starters in a row (UAX #15) */
#define TS_NORM_SEG_MAX		(64 * 1024)
#define TS_CGJ_UTF8		"\xCD\x8F"	/* U+034F */

/* Can a mark that follows ASCII byte c compose with it?  (Letters, and
 * '<', '=', '>' before U+0338.)  No other ASCII byte starts a canonical
 * composition, so text may be cut after one. */
static inline int
ts_norm_ascii_composes(uint8_t c)
{
	return (unsigned)((c | 0x20) - 'a') < 26u || (c >= '<' && c <= '>');
}

/* Results of ts_transform() on short segments, which repeat in real text
 * (the same decomposed letters, again and again): a direct-mapped cache,
 * allocated on first use. */
#define TS_NORM_CACHE_N		2048
#define TS_NORM_CACHE_KEY	32
#define TS_NORM_CACHE_VAL	64
struct ts_norm_cent {
	uint64_t key[TS_NORM_CACHE_KEY / 8];	/* zero-padded */
	uint8_t	 klen, vlen;		/* klen 0: empty */
	uint8_t	 val[TS_NORM_CACHE_VAL];
};

/* The same for the shortest segments (a letter and a mark, a syllable in
 * jamo): keys of up to 8 bytes, results of up to 6, in 16 bytes each. */
#define TS_NORM_SMALL_N		1024
struct ts_norm_small {
	uint64_t key;		/* zero-padded */
	uint8_t	 v[8];		/* the result, then its length at v[7]
				 * and the key's at v[6] (0: empty) */
};

typedef struct {
	enum ts_form	 form;
	int		 flags;		/* TS_CASEFOLD | TS_STRIPMARK */
	int		 tform;		/* form passed to ts_transform */
	unsigned	 notyes;	/* quick-check mask for the form */
	unsigned	 nobound;	/* boundary mask for the form */
	uint32_t	 slow;		/* props that need the full look */
	ts_unicode	 u;
	ts_buf		 carry;		/* a segment not finished yet */
	ts_buf		 tmp;
	int		 dirty;		/* the current segment may change */
	unsigned	 lastccc;
	unsigned	 nonstarters;
	/* U+0080..U+07FF: 0 if the character needs the full look, else 1
	 * plus TS_NP_TRAIL() << 1 (see feed() in ts_norm.c) */
	uint8_t		 fast2[2048];
	/* 3-byte characters by their first two bytes, ((b0 & 0x0F) << 6 |
	 * (b1 & 0x3F)), that is U+0000..U+FFFF by blocks of 64: 1 if every
	 * character of the block is a starter in the form with a boundary
	 * before it and none of the props in n->slow (trail 0) */
	uint8_t		 fast3[1024];
	struct ts_norm_cent *cache;
	struct ts_norm_small *small;
	int		 nocache;	/* its allocation failed */
} ts_norm;

/* form TS_FORM_NONE with no flags copies.  --strip-marks must recompose:
 * TS_STRIPMARK with TS_FORM_NONE means NFC. */
void	ts_norm_init(ts_norm *n, enum ts_form form, int flags);
/* Forget any state (a new input starts). */
void	ts_norm_reset(ts_norm *n);
/* Append the normalization of p[0..len) (valid UTF-8, whole code points)
 * to out, holding back what may still combine with what follows; at_end
 * says no more input follows and flushes everything.  0 or TS_ENOMEM. */
int	ts_norm_feed(ts_norm *n, const uint8_t *p, size_t len, int at_end,
	    ts_buf *out);
/* The same, but when the output is exactly p[0..len) (nothing changes,
 * nothing is held back) it appends nothing and returns 1: the caller uses
 * p itself.  0, 1 or TS_ENOMEM. */
int	ts_norm_feed_pass(ts_norm *n, const uint8_t *p, size_t len,
	    int at_end, ts_buf *out);
/* The same on raw bytes that end at a code point boundary: stops before
 * the first ill-formed unit, as if the input ended there, and sets *done
 * to the bytes consumed (len when all are well-formed).  This saves a
 * separate validation pass.  With TS_FORM_NONE and no flags it consumes
 * nothing. */
int	ts_norm_feed_raw(ts_norm *n, const uint8_t *p, size_t len, int at_end,
	    ts_buf *out, size_t *done);
/* Both: returns 1, appending nothing, when the output is exactly
 * p[0..*done) (the well-formed part); 0, 1 or TS_ENOMEM. */
int	ts_norm_feed_raw_pass(ts_norm *n, const uint8_t *p, size_t len,
	    int at_end, ts_buf *out, size_t *done);
void	ts_norm_free(ts_norm *n);

#endif
