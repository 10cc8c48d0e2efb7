/* ts_set.h - a set of byte-string keys, or of their 128-bit hashes.
 *
 * An open-addressing table of 16-byte slots {tag, ref}: tag is the key's
 * seeded 64-bit hash (ts_hash64), ref points to the key, stored once in
 * an arena as a LEB128 length and the bytes.  Probing compares tags
 * first, so a key's bytes are read only when its full 64-bit hash
 * matches.  The home slot of a tag is (tag * cap) >> 64 and each run of
 * slots is kept sorted by tag (Amble and Knuth's ordered hash table): a
 * miss stops at the first larger tag, the table can grow by a quarter
 * (not only double), and growing is one sequential pass that gives the old table's
 * pages back to the system behind it, so the peak is about the new
 * table, not old plus new.
 *
 * With TS_SET_HASH_ONLY the key bytes are not kept: a slot holds the
 * 128-bit hash (ts_hash128) of the key, so memory does not depend on key
 * length; two different keys collide with probability about n^2 / 2^128
 * for n keys.
 *
 * Each key may carry value_size bytes of caller data (zeroed when the
 * key is added), kept with the key in the arena, 8-byte aligned.
 *
 * Narrow mode (keys, no values, not TS_SET_HASH_ONLY): 8-byte slots,
 * {upper 32 bits of the tag, 32-bit offset of the key in one store
 * mapped for the purpose}, half the table of the wide {tag, pointer}
 * slots.  Tags are compared on 32 bits, so a 32-bit collision costs a
 * key comparison, never a wrong answer.  When the store would pass
 * store_max (4 GiB, the reach of an offset), the set turns wide once:
 * the stored keys are hashed again into a wide table, and later keys go
 * to the arena.
 *
 * Memory is counted honestly: table pages that can be touched plus
 * arena bytes handed out (block headers and abandoned block tails
 * included).  max_memory bounds that sum; reaching it gives TS_EFULL. */
#ifndef TS_SET_H
#define TS_SET_H

#include <stddef.h>
#include <stdint.h>

#include "ts_arena.h"
#include "ts_hash.h"

#define TS_SET_HASH_ONLY	0x01

typedef struct {
	uint64_t	*slots;		/* wide: nslots pairs {tag, ref}; ref 0:
					 * empty; narrow: nslots words
					 * tag32 << 32 | offset; 0: empty */
	size_t		 cap;		/* homes are 0 .. cap-1 */
	size_t		 nslots;	/* mapped: cap + room for overflow */
	size_t		 hiwater;	/* 1 + highest slot ever written */
	size_t		 count;		/* keys */
	size_t		 value_size;	/* rounded up to 8 */
	uint64_t	 seed;
	uint64_t	 max_memory;	/* 0: no bound */
	int		 flags;
	int		 narrow;	/* slots are narrow (see above) */
	uint8_t		*store;		/* narrow keys: LEB128 length, bytes */
	size_t		 store_used;	/* bytes used (offset 0 is not a key) */
	size_t		 store_size;	/* bytes mapped */
	size_t		 store_max;	/* narrow up to this (tests lower it) */
	ts_arena	 arena;
} ts_set;

/* 0, TS_ENOMEM, or TS_EFULL if max_memory cannot hold an empty table. */
int	ts_set_init(ts_set *s, uint64_t seed, int flags, size_t value_size,
	    uint64_t max_memory);
void	ts_set_free(ts_set *s);

/* Add key p[0..len).  Returns 1 if it was new, 0 if it was there (in
 * either case *value, if value is not NULL, points to its value bytes,
 * or is NULL when value_size is 0), or TS_EFULL (max_memory reached:
 * the key was not added, the set is unchanged and still usable) or
 * TS_ENOMEM. */
int	ts_set_add(ts_set *s, const void *p, size_t len, void **value);

/* The same in two steps, so that a caller can hash a batch of keys and
 * prefetch their slots before adding any: ts_set_add() is
 * ts_set_hash() then ts_set_add_hashed(). */
typedef struct {
	uint64_t	tag, hi;
} ts_set_hash_t;

/* (inline: it is called for every record) */
static inline ts_set_hash_t
ts_set_hash(const ts_set *s, const void *p, size_t len)
{
	ts_set_hash_t h;
	ts_hash128_t x;

	if (s->flags & TS_SET_HASH_ONLY) {
		x = ts_hash128(p, len, s->seed);
		h.tag = x.lo;
		h.hi = x.hi != 0 ? x.hi : 1;	/* ref 0 means empty */
	} else {
		h.tag = ts_hash64(p, len, s->seed);
		h.hi = 0;
	}
	return h;
}
void	ts_set_prefetch(const ts_set *s, ts_set_hash_t h);
/* Then, once the slots are in cache: prefetch the stored key whose tag
 * matches, if any (the bytes a duplicate is compared with). */
void	ts_set_prefetch_key(const ts_set *s, ts_set_hash_t h);
int	ts_set_add_hashed(ts_set *s, const void *p, size_t len,
	    ts_set_hash_t h, void **value);

/* Is key p[0..len) in the set?  1 or 0; *value as for ts_set_add. */
int	ts_set_find(const ts_set *s, const void *p, size_t len, void **value);

/* A copy of p[0..n) in the set's arena, counted against max_memory, in
 * *out.  0, TS_EFULL or TS_ENOMEM. */
int	ts_set_store(ts_set *s, const void *p, size_t n, const uint8_t **out);

/* Bytes of memory held: the table (touched part) and the arena. */
uint64_t ts_set_memory(const ts_set *s);
uint64_t ts_set_table_memory(const ts_set *s);
uint64_t ts_set_arena_memory(const ts_set *s);

/* Longest probe sequence (slots scanned) over all keys; for tests. */
size_t	ts_set_max_probe(const ts_set *s);

#endif
