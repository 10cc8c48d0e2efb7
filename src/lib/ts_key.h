/* ts_key.h - the comparison key of a line, for dedupe-style tools.
 *
 * Steps, each optional, in this order, on the record without its
 * delimiter:
 *   1. fields: keep the fields listed by ts_key_fields() ("2", "1,3",
 *      "2-4", "3-"), split by one separator byte, joined by it;
 *   2. skip_fields: skip that many blank-separated fields (uniq -f: a
 *      field is blanks, then non-blanks; blanks are space and tab);
 *   3. skip_chars: skip that many characters (uniq -s);
 *   4. check_chars: keep at most that many characters (uniq -w);
 *   5. TS_KEY_FOLD: full Unicode case folding ("STRASSE" = "straße"), or
 *      TS_KEY_NORMALIZE: NFKC, case folding, runs of White_Space made one
 *      space, leading and trailing White_Space removed.
 * Characters are code points; an ill-formed UTF-8 unit counts as one and
 * passes through every step unchanged.  ASCII takes a fast path; the
 * key lives in a buffer reused from line to line (no allocation per
 * line once it has grown). */
#ifndef TS_KEY_H
#define TS_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ts_buf.h"
#include "ts_unicode.h"

#define TS_KEY_FOLD		0x01
#define TS_KEY_NORMALIZE	0x02

#define TS_KEY_ALL	SIZE_MAX	/* check_chars: no limit */

typedef struct {
	size_t	lo, hi;		/* 1-based field numbers, inclusive */
} ts_key_range;

typedef struct {
	int		 flags;
	size_t		 skip_fields;
	size_t		 skip_chars;
	size_t		 check_chars;
	uint8_t		 sep;		/* field separator for ranges */
	ts_key_range	*ranges;	/* NULL: the whole line */
	size_t		 nranges;
	ts_buf		 buf;		/* the key, when it is not a slice */
	ts_buf		 tmp;
	ts_buf		 seg;		/* one normalized segment */
	struct ts_key_cache *cache;	/* segment -> folded/normalized */
	ts_unicode	 u;
} ts_key;

/* Whole line, no folding, separator TAB. */
void	ts_key_init(ts_key *k);
void	ts_key_free(ts_key *k);
/* dst: a key with src's steps and buffers of its own (for another
 * thread).  0 or TS_ENOMEM (dst is then freed). */
int	ts_key_clone(ts_key *dst, const ts_key *src);

/* Parse a field list: comma-separated N, N-M or N- (1-based).  0,
 * TS_EINVAL (malformed, zero, or M < N) or TS_ENOMEM. */
int	ts_key_fields(ts_key *k, const char *spec);

/* Is the key the line itself (no step set)? */
static inline bool
ts_key_is_identity(const ts_key *k)
{
	return k->flags == 0 && k->skip_fields == 0 && k->skip_chars == 0 &&
	    k->check_chars == TS_KEY_ALL && k->ranges == NULL;
}

/* The key of p[0..len) (delimiter already removed) in *key, *klen: a
 * slice of p or k's buffer, valid until the next call.  0 or TS_ENOMEM. */
int	ts_key_make(ts_key *k, const uint8_t *p, size_t len,
	    const uint8_t **key, size_t *klen);

/* Is p[0..len) empty or only White_Space (ASCII or Unicode)? */
bool	ts_is_blank(const uint8_t *p, size_t len);

/* Is cp a White_Space character (Unicode 15 PropList)? */
bool	ts_is_white_space(int32_t cp);

#endif
