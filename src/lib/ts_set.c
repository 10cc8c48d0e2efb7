/* ts_set.c - ordered open addressing over arena-stored keys (see ts_set.h).
 *
 * Invariants: every key sits at or after its home slot, with no empty
 * slot between; occupied slots are sorted by tag over the whole table
 * (homes are monotonic in the tag and nothing wraps around).  So a key
 * at home h is at most count slots after h, and 2 * cap + SLACK mapped
 * slots always leave room; the part past the last key is never touched
 * and costs no memory. */
#include <string.h>
#include <sys/mman.h>

#include "ts_err.h"
#include "ts_hash.h"
#include "ts_set.h"

#define MIN_CAP		1024
#define SLACK		64
#define RELEASE_HUGE	131072		/* slots (2 MiB) given back at a time */
#define RELEASE_SMALL	4096		/* slots (64 KiB), without huge pages */
#ifdef MAP_NORESERVE
#define NORESERVE	MAP_NORESERVE
#else
#define NORESERVE	0
#endif
#define HUGE_MIN	(8u << 20)	/* bytes of table worth huge pages */

static inline size_t
home(uint64_t tag, size_t cap)
{
	return (size_t)(((__uint128_t)tag * cap) >> 64);
}

/* Grow beyond 85% full; when the memory bound forbids growing, go on
 * up to 97% (a run gets long, but the set keeps working). */
static inline size_t
grow_at(size_t cap)
{
	return cap - cap / 8 - cap / 40;
}

static inline size_t
full_at(size_t cap)
{
	return cap - cap / 32;
}

static uint64_t *
map_slots(size_t n)
{
	void *p;

	if (n > SIZE_MAX / 16)
		return NULL;
	/* Half the slots are overflow room that is never touched: do not
	 * ask the system to reserve memory for it. */
	p = mmap(NULL, n * 16, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_HUGEPAGE
	/* Probes land anywhere in the table: fewer TLB misses. */
	if (n * 16 >= HUGE_MIN)
		madvise(p, n * 16, MADV_HUGEPAGE);
#endif
	return p;
}

static uint64_t
table_bytes(size_t cap, size_t hiwater)
{
	return (uint64_t)(hiwater > cap ? hiwater : cap) * 16;
}

uint64_t
ts_set_table_memory(const ts_set *s)
{
	return s->slots == NULL ? 0 : table_bytes(s->cap, s->hiwater);
}

uint64_t
ts_set_arena_memory(const ts_set *s)
{
	const ts_arena *a = &s->arena;

	return a->head == NULL ? 0 : a->total - (a->size - a->used);
}

uint64_t
ts_set_memory(const ts_set *s)
{
	return ts_set_table_memory(s) + ts_set_arena_memory(s);
}

int
ts_set_init(ts_set *s, uint64_t seed, int flags, size_t value_size,
    uint64_t max_memory)
{
	memset(s, 0, sizeof *s);
	s->seed = seed;
	s->flags = flags;
	s->value_size = (value_size + 7) & ~(size_t)7;
	s->max_memory = max_memory;
	s->cap = MIN_CAP;
	if (max_memory != 0 && table_bytes(s->cap, 0) > max_memory)
		return TS_EFULL;
	s->nslots = 2 * s->cap + SLACK;
	if ((s->slots = map_slots(s->nslots)) == NULL)
		return TS_ENOMEM;
	return 0;
}

void
ts_set_free(ts_set *s)
{
	if (s->slots != NULL)
		munmap(s->slots, s->nslots * 16);
	s->slots = NULL;
	ts_arena_free(&s->arena);
}

static inline void
hash_key(const ts_set *s, const void *p, size_t len, uint64_t *tag,
    uint64_t *hi)
{
	ts_hash128_t h;

	if (s->flags & TS_SET_HASH_ONLY) {
		h = ts_hash128(p, len, s->seed);
		*tag = h.lo;
		*hi = h.hi != 0 ? h.hi : 1;	/* ref 0 means empty */
	} else {
		*tag = ts_hash64(p, len, s->seed);
		*hi = 0;
	}
}

static inline int
matches(const ts_set *s, uint64_t ref, uint64_t hi, const uint8_t *p,
    size_t len)
{
	const uint8_t *r;
	size_t n = 0;
	int shift = 0;

	if (s->flags & TS_SET_HASH_ONLY) {
		if (s->value_size == 0)
			return ref == hi;
		return memcmp((const uint8_t *)(uintptr_t)ref + s->value_size,
		    &hi, 8) == 0;
	}
	r = (const uint8_t *)(uintptr_t)ref + s->value_size;
	do {
		n |= (size_t)(*r & 0x7f) << shift;
		shift += 7;
	} while (*r++ & 0x80);
	/* p may be NULL for an empty key (empty_key_null) */
	return n == len && (len == 0 || memcmp(r, p, len) == 0);
}

static inline void *
value_of(const ts_set *s, uint64_t ref)
{
	if (s->value_size == 0)
		return NULL;
	return (void *)(uintptr_t)ref;
}

/* 1 and *pos = the key's slot, or 0 and *pos = where it would go. */
static inline int
locate(const ts_set *s, uint64_t tag, uint64_t hi, const uint8_t *p,
    size_t len, size_t *pos)
{
	const uint64_t *sl = s->slots;
	size_t i;

	for (i = home(tag, s->cap); i < s->nslots; i++) {
		if (sl[2 * i + 1] == 0 || sl[2 * i] > tag)
			break;
		if (sl[2 * i] == tag && matches(s, sl[2 * i + 1], hi, p, len)) {
			*pos = i;
			return 1;
		}
	}
	*pos = i;
	return 0;
}

/* Rebuild into more homes, reading the old table in order (it
 * is sorted by tag) and placing each key at max(its home, next free).
 * The old pages are given back as the pass goes by. */
static int
grow(ts_set *s)
{
	/* Small tables double; big ones grow by a quarter, which keeps
	 * them 68-85% full (a pass is sequential and cheap). */
	size_t ncap = s->cap < 65536 ? 2 * s->cap : s->cap + s->cap / 4;
	size_t nslots = 2 * ncap + SLACK;
	size_t i, j = 0, at, done = 0;
	size_t release = s->nslots * 16 >= HUGE_MIN ? RELEASE_HUGE :
	    RELEASE_SMALL;
	uint64_t *old = s->slots, *sl;

	if (s->max_memory != 0 &&
	    table_bytes(ncap, 0) + ts_set_arena_memory(s) > s->max_memory)
		return TS_EFULL;
	if ((sl = map_slots(nslots)) == NULL)
		return TS_ENOMEM;
	for (i = 0; i < s->hiwater; i++) {
		if (old[2 * i + 1] != 0) {
			at = home(old[2 * i], ncap);
			if (at < j)
				at = j;
			sl[2 * at] = old[2 * i];
			sl[2 * at + 1] = old[2 * i + 1];
			j = at + 1;
		}
#ifdef MADV_DONTNEED
		if (i + 1 - done == release) {
			madvise(old + 2 * done, release * 16, MADV_DONTNEED);
			done = i + 1;
		}
#endif
	}
	munmap(old, s->nslots * 16);
	s->slots = sl;
	s->cap = ncap;
	s->nslots = nslots;
	s->hiwater = j;
	return 0;
}

static size_t
leb_len(size_t n)
{
	size_t k = 1;

	while (n >= 0x80) {
		n >>= 7;
		k++;
	}
	return k;
}

ts_set_hash_t
ts_set_hash(const ts_set *s, const void *p, size_t len)
{
	ts_set_hash_t h;

	hash_key(s, p, len, &h.tag, &h.hi);
	return h;
}

void
ts_set_prefetch(const ts_set *s, ts_set_hash_t h)
{
	__builtin_prefetch(s->slots + 2 * home(h.tag, s->cap));
}

void
ts_set_prefetch_key(const ts_set *s, ts_set_hash_t h)
{
	const uint64_t *sl = s->slots;
	size_t i;

	if ((s->flags & TS_SET_HASH_ONLY) && s->value_size == 0)
		return;
	for (i = home(h.tag, s->cap); i < s->nslots; i++) {
		if (sl[2 * i + 1] == 0 || sl[2 * i] > h.tag)
			return;
		if (sl[2 * i] == h.tag) {
			__builtin_prefetch((const void *)(uintptr_t)sl[2 * i + 1]);
			return;
		}
	}
}

int
ts_set_add(ts_set *s, const void *key, size_t len, void **value)
{
	return ts_set_add_hashed(s, key, len, ts_set_hash(s, key, len), value);
}

int
ts_set_add_hashed(ts_set *s, const void *key, size_t len, ts_set_hash_t h,
    void **value)
{
	const uint8_t *p = key;
	uint64_t tag = h.tag, hi = h.hi, ref, *sl;
	size_t pos, e, need;
	uint8_t *r;
	int rc;

	if (locate(s, tag, hi, p, len, &pos)) {
		if (value != NULL)
			*value = value_of(s, s->slots[2 * pos + 1]);
		return 0;
	}
	if (s->count >= grow_at(s->cap)) {
		if ((rc = grow(s)) == TS_ENOMEM)
			return rc;
		if (rc == TS_EFULL && s->count >= full_at(s->cap))
			return TS_EFULL;
		if (rc == 0)
			locate(s, tag, hi, p, len, &pos);
	}
	sl = s->slots;
	for (e = pos; e < s->nslots && sl[2 * e + 1] != 0; e++)
		;
	if (e == s->nslots)	/* cannot happen (see the top); be safe */
		return TS_EFULL;

	if ((s->flags & TS_SET_HASH_ONLY) && s->value_size == 0)
		need = 0;
	else if (s->flags & TS_SET_HASH_ONLY)
		need = s->value_size + 8;
	else
		need = s->value_size + leb_len(len) + len;
	/* The arena's cost counts padding, and a new block's header and
	 * the old block's abandoned tail (max_memory_counts_arena_cost). */
	if (s->max_memory != 0 && table_bytes(s->cap, e + 1 > s->hiwater ?
	    e + 1 : s->hiwater) + ts_set_arena_memory(s) + (need == 0 ? 0 :
	    ts_arena_cost(&s->arena, need, s->value_size ? 8 : 1)) >
	    s->max_memory)
		return TS_EFULL;

	if (need == 0)
		ref = hi;
	else {
		r = ts_arena_alloc_align(&s->arena, need,
		    s->value_size ? 8 : 1);
		if (r == NULL)
			return TS_ENOMEM;
		ref = (uint64_t)(uintptr_t)r;
		memset(r, 0, s->value_size);
		r += s->value_size;
		if (s->flags & TS_SET_HASH_ONLY)
			memcpy(r, &hi, 8);
		else {
			size_t n = len;

			while (n >= 0x80) {
				*r++ = (uint8_t)(n | 0x80);
				n >>= 7;
			}
			*r++ = (uint8_t)n;
			if (len > 0)
				memcpy(r, p, len);
		}
	}
	if (e > pos)
		memmove(sl + 2 * (pos + 1), sl + 2 * pos, (e - pos) * 16);
	sl[2 * pos] = tag;
	sl[2 * pos + 1] = ref;
	if (e + 1 > s->hiwater)
		s->hiwater = e + 1;
	s->count++;
	if (value != NULL)
		*value = value_of(s, ref);
	return 1;
}

int
ts_set_find(const ts_set *s, const void *key, size_t len, void **value)
{
	uint64_t tag, hi;
	size_t pos;

	hash_key(s, key, len, &tag, &hi);
	if (!locate(s, tag, hi, key, len, &pos))
		return 0;
	if (value != NULL)
		*value = value_of(s, s->slots[2 * pos + 1]);
	return 1;
}

int
ts_set_store(ts_set *s, const void *p, size_t n, const uint8_t **out)
{
	uint8_t *q;

	if (s->max_memory != 0 && ts_set_memory(s) +
	    ts_arena_cost(&s->arena, n ? n : 1, 1) > s->max_memory)
		return TS_EFULL;
	if ((q = ts_arena_alloc_align(&s->arena, n ? n : 1, 1)) == NULL)
		return TS_ENOMEM;
	if (n > 0)
		memcpy(q, p, n);
	*out = q;
	return 0;
}

size_t
ts_set_max_probe(const ts_set *s)
{
	size_t i, d, max = 0;

	for (i = 0; i < s->hiwater; i++) {
		if (s->slots[2 * i + 1] == 0)
			continue;
		d = i - home(s->slots[2 * i], s->cap) + 1;
		if (d > max)
			max = d;
	}
	return max;
}
