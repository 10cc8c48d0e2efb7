/* ts_counter.h - a counting hash map: byte-string keys to 64-bit counts.
 *
 * Generic (word-stats counts words and n-grams with it; it also serves
 * as a set).  Open addressing with linear probing over seeded
 * ts_hash64() values; keys are copied into an arena, so memory grows
 * with the distinct keys only.  No allocation when a key is already
 * there. */
#ifndef TS_COUNTER_H
#define TS_COUNTER_H

#include <stddef.h>
#include <stdint.h>

#include "ts_arena.h"

typedef struct {
	const uint8_t	*key;	/* not NUL-terminated */
	size_t		 len;
	uint64_t	 hash;
	uint64_t	 count;
} ts_counter_entry;

/* A slot of the table: 16 bytes, so that the table stays small in the
 * cache; the entry (and its key, right after it) lives in the arena. */
typedef struct {
	ts_counter_entry	*e;	/* NULL: empty */
	uint64_t		 hash;
} ts_counter_slot;

typedef struct {
	ts_counter_slot		*slots;
	size_t			 cap;	/* a power of two, or 0 */
	size_t			 n;	/* distinct keys */
	uint64_t		 seed;
	ts_arena		 keys;
} ts_counter;

/* An empty counter hashing with seed (ts_hash_seed() for untrusted
 * input).  Cannot fail: the table is allocated on the first add. */
void	ts_counter_init(ts_counter *c, uint64_t seed);
void	ts_counter_free(ts_counter *c);

/* Add n to the count of key (inserting it with count n).  Returns 1 if
 * the key is new, 0 if it was there, or TS_ENOMEM. */
int	ts_counter_add(ts_counter *c, const uint8_t *key, size_t len,
	    uint64_t n);
/* Like ts_counter_add, but returns the key's entry (valid until
 * ts_counter_free: entries never move), or NULL when out of memory. */
ts_counter_entry *ts_counter_bump(ts_counter *c, const uint8_t *key,
	    size_t len, uint64_t n);
/* The entry of key, or NULL. */
const ts_counter_entry *ts_counter_get(const ts_counter *c,
	    const uint8_t *key, size_t len);

/* Entries in slot order: for (i = 0; ts_counter_next(c, &i, &e); ). */
int	ts_counter_next(const ts_counter *c, size_t *i,
	    const ts_counter_entry **e);

/* A malloc'ed array of the c->n entries, by count descending, then key
 * bytes ascending (memcmp; a prefix first); NULL if out of memory.
 * bykey sorts by key only.  Valid until the next add or free. */
const ts_counter_entry **ts_counter_sorted(const ts_counter *c, int bykey);

/* The n first entries in ts_counter_sorted()'s order (all when n is 0)
 * among those keep(ctx, e) accepts (keep may be NULL), as a malloc'ed
 * array of *len entries; NULL if out of memory.  O(distinct log n): a
 * bounded heap, not a sort of everything. */
const ts_counter_entry **ts_counter_top(const ts_counter *c, size_t n,
	    int (*keep)(void *ctx, const ts_counter_entry *e), void *ctx,
	    size_t *len);

#endif
