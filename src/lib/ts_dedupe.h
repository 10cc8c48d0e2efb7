/* ts_dedupe.h - the dedupe decision for batches of records.
 *
 * Given records, builds their keys (ts_key), and adds them to a ts_set
 * (streaming) or counts them in a ts_tally (whole input), saying for
 * each whether its key is new.  In streaming mode the keys of a batch
 * are built and hashed and their table slots prefetched, then the
 * stored keys those slots point to, before the first is looked up: the
 * memory latency of the probes overlaps instead of adding up.  Keys
 * kept in full go into the set packed (ts_pack: about 7/8 of the bytes
 * of text); equal keys have equal packed forms, so nothing else
 * changes. */
#ifndef TS_DEDUPE_H
#define TS_DEDUPE_H

#include <stdint.h>

#include "ts_batch.h"
#include "ts_buf.h"
#include "ts_key.h"
#include "ts_set.h"
#include "ts_tally.h"

#define TS_DEDUPE_BATCH	16	/* most records per ts_dedupe_batch() */
#define TS_DEDUPE_MAXPARTS 4	/* most sets the keys are split over */

/* Verdicts (TS_EFULL too: the key was not added, the bound is hit). */
enum { TS_SEEN = 0, TS_NEW = 1, TS_BLANK = 2 };

typedef struct {
	ts_key		*key;
	ts_set		*set;		/* the keys (with parts: part 0) */
	ts_set		*part[TS_DEDUPE_MAXPARTS];	/* see ts_dedupe_split */
	unsigned	 nparts;
	ts_tally	*tally;		/* NULL: streaming */
	uint8_t		 delim;
	int		 keep_blank;	/* blank lines are never duplicates */
	int		 pack;		/* the set holds keys packed (ts_pack) */
	ts_buf		 keys;		/* the keys of a batch */
} ts_dedupe;

/* Set the fields, then this. */
void	ts_dedupe_init(ts_dedupe *d, ts_key *key, ts_set *set,
	    ts_tally *tally, uint8_t delim, int keep_blank);
void	ts_dedupe_free(ts_dedupe *d);

/* Streaming: split the keys over the n sets set[0..n) (n a power of two
 * up to TS_DEDUPE_MAXPARTS; set[0] is d's set; all with its seed and
 * flags, still empty) by their hash: a key goes to set[tag & (n - 1)].
 * Every call below does that, so the split changes no verdict, and the
 * keys of different parts can be looked up at the same time by
 * different threads (ts_lanes). */
void	ts_dedupe_split(ts_dedupe *d, ts_set *set, unsigned n);

/* The set of a key's part. */
static inline ts_set *
ts_dedupe_set_of(const ts_dedupe *d, ts_set_hash_t h)
{
	return d->part[h.tag & (d->nparts - 1)];
}

/* Decide about n <= TS_DEDUPE_BATCH records: verdict[i] is TS_NEW (its
 * key was added; with a tally, counted), TS_SEEN, TS_BLANK (a blank line
 * under keep_blank; with a tally, listed on its own) or TS_EFULL.
 * Returns 0, or TS_ENOMEM (verdicts undefined). */
int	ts_dedupe_batch(ts_dedupe *d, const ts_record *rec, int n,
	    int *verdict);

/* The same in two halves, for two threads (ts_prep): a record keyed
 * and hashed by ts_dedupe_prepare(), which reads d's key and the set's
 * seed but never the set's table, then decided by ts_dedupe_decide(). */
typedef struct {
	const uint8_t	*p;		/* the record, delimiter included */
	size_t		 len;
	const uint8_t	*k;		/* its key; NULL: in keys at koff */
	size_t		 klen, koff;
	ts_set_hash_t	 h;
	int		 blank;		/* keep_blank and blank: TS_BLANK */
	int		 verdict;	/* ts_dedupe_decide_part */
} ts_prep_rec;

/* Key and hash of p[0..len) in *r; a key that is not a slice of p is
 * appended to keys (r->k NULL, r->koff).  0 or TS_ENOMEM. */
int	ts_dedupe_prepare(ts_dedupe *d, const uint8_t *p, size_t len,
	    ts_buf *keys, ts_prep_rec *r);

/* Once keys has stopped growing: point the k of the records whose keys
 * are in it (k NULL, at koff) there. */
void	ts_dedupe_place_keys(ts_prep_rec *r, size_t n, const ts_buf *keys);

/* Verdicts for n <= TS_DEDUPE_BATCH prepared records (their k set), as
 * ts_dedupe_batch() gives them (streaming only).  0 or TS_ENOMEM. */
int	ts_dedupe_decide(ts_dedupe *d, const ts_prep_rec *r, int n,
	    int *verdict);

/* The verdicts of the records r[order[0]], r[order[1]], ...,
 * r[order[n - 1]], whose keys are all in part, in their verdict fields,
 * in that order.  0, or TS_ENOMEM with *failed the index in r of the
 * record whose key could not be added (the ones before it in order have
 * their verdicts). */
int	ts_dedupe_decide_part(ts_dedupe *d, ts_prep_rec *r,
	    const uint32_t *order, size_t n, unsigned part, size_t *failed);

/* A record whose key is to be taken as seen (--seen): 1 if the key was
 * new, 0 if known or blank, TS_EFULL or TS_ENOMEM. */
int	ts_dedupe_preload(ts_dedupe *d, const uint8_t *p, size_t len);

#endif
