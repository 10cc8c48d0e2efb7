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
#include <sys/resource.h>

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
#define POPULATE_SHIFT	20
#define POPULATE_MASK	(((size_t)1 << POPULATE_SHIFT) - 1)
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
map_slots(size_t n, size_t w)
{
	void *p;

	if (n > SIZE_MAX / 16)
		return NULL;
	/* Half the slots are overflow room that is never touched: do not
	 * ask the system to reserve memory for it. */
	p = mmap(NULL, n * w, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_HUGEPAGE
	/* Probes land anywhere in the table: fewer TLB misses. */
	if (n * w >= HUGE_MIN)
		madvise(p, n * w, MADV_HUGEPAGE);
#endif
	return p;
}

static uint64_t
table_bytes_w(size_t cap, size_t hiwater, size_t width)
{
	return (uint64_t)(hiwater > cap ? hiwater : cap) * width;
}

static inline size_t
width(const ts_set *s)
{
	return s->narrow ? 8 : 16;
}

static uint64_t
table_bytes(const ts_set *s, size_t cap, size_t hiwater)
{
	return table_bytes_w(cap, hiwater, width(s));
}

uint64_t
ts_set_table_memory(const ts_set *s)
{
	return s->slots == NULL ? 0 : table_bytes(s, s->cap, s->hiwater);
}

uint64_t
ts_set_arena_memory(const ts_set *s)
{
	const ts_arena *a = &s->arena;

	return (a->head == NULL ? 0 : a->total - (a->size - a->used)) +
	    s->store_used;
}

uint64_t
ts_set_memory(const ts_set *s)
{
	return ts_set_table_memory(s) + ts_set_arena_memory(s);
}

/* The store of narrow mode: one mapping as large as an offset reaches
 * (less if the system refuses), touched only as keys are added.  Under
 * a limit on address space (ulimit -v) it takes at most an eighth of
 * it, so that other sets, tables, threads and the arena (where keys go
 * once the store is full) still fit. */
static void
map_store(ts_set *s)
{
	size_t want = sizeof(size_t) > 4 ? (size_t)UINT32_MAX + 1 :
	    (size_t)1 << 28;
	struct rlimit rl;
	void *p;

	if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		while (want > ((size_t)1 << 20) && want > rl.rlim_cur / 8)
			want /= 2;

	for (; want >= ((size_t)1 << 20); want /= 2) {
		p = mmap(NULL, want, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | NORESERVE, -1, 0);
		if (p != MAP_FAILED) {
			s->store = p;
			s->store_size = want;
			s->store_max = want - 1 < UINT32_MAX ? want - 1 :
			    UINT32_MAX;
			s->store_used = 1;	/* offset 0: empty slot */
			s->narrow = 1;
			return;
		}
	}
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
	if (max_memory != 0 && table_bytes_w(s->cap, 0, 8) > max_memory)
		return TS_EFULL;
	if (!(flags & TS_SET_HASH_ONLY) && s->value_size == 0)
		map_store(s);
	if (max_memory != 0 && table_bytes(s, s->cap, 0) > max_memory) {
		ts_set_free(s);
		return TS_EFULL;
	}
	s->nslots = 2 * s->cap + SLACK;
	if ((s->slots = map_slots(s->nslots, width(s))) == NULL) {
		ts_set_free(s);
		return TS_ENOMEM;
	}
	return 0;
}

void
ts_set_free(ts_set *s)
{
	if (s->slots != NULL)
		munmap(s->slots, s->nslots * width(s));
	s->slots = NULL;
	if (s->store != NULL)
		munmap(s->store, s->store_size);
	s->store = NULL;
	s->store_used = s->store_size = 0;
	ts_arena_free(&s->arena);
}

/* Does the stored key at r (LEB128 length, bytes) equal p[0..len)? */
static inline int
same_key(const uint8_t *r, const uint8_t *p, size_t len)
{
	size_t n = 0;
	int shift = 0;

	do {
		n |= (size_t)(*r & 0x7f) << shift;
		shift += 7;
	} while (*r++ & 0x80);
	/* p may be NULL for an empty key (empty_key_null) */
	return n == len && (len == 0 || memcmp(r, p, len) == 0);
}

static inline int
matches(const ts_set *s, uint64_t ref, uint64_t hi, const uint8_t *p,
    size_t len)
{
	if (s->flags & TS_SET_HASH_ONLY) {
		if (s->value_size == 0)
			return ref == hi;
		return memcmp((const uint8_t *)(uintptr_t)ref + s->value_size,
		    &hi, 8) == 0;
	}
	return same_key((const uint8_t *)(uintptr_t)ref + s->value_size, p,
	    len);
}

static inline void *
value_of(const ts_set *s, uint64_t ref)
{
	if (s->value_size == 0)
		return NULL;
	return (void *)(uintptr_t)ref;
}

/* Narrow slots: home from the upper 32 bits of the tag. */
static inline uint32_t
tag32(uint64_t tag)
{
	return (uint32_t)(tag >> 32);
}

static inline size_t
home32(uint32_t t, size_t cap)
{
	return (size_t)(((uint64_t)t * cap) >> 32);
}

/* 1 and *pos = the key's slot, or 0 and *pos = where it would go. */
static inline int
locate(const ts_set *s, uint64_t tag, uint64_t hi, const uint8_t *p,
    size_t len, size_t *pos)
{
	const uint64_t *sl = s->slots;
	size_t i;

	if (s->narrow) {
		uint32_t t = tag32(tag);

		for (i = home32(t, s->cap); i < s->nslots; i++) {
			if (sl[i] == 0 || (uint32_t)(sl[i] >> 32) > t)
				break;
			if ((uint32_t)(sl[i] >> 32) == t && same_key(s->store +
			    (uint32_t)sl[i], p, len)) {
				*pos = i;
				return 1;
			}
		}
		*pos = i;
		return 0;
	}
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
	size_t nslots = 2 * ncap + SLACK, w = width(s);
	size_t i, j = 0, at, done = 0;
	size_t release = (s->nslots * w >= HUGE_MIN ? RELEASE_HUGE :
	    RELEASE_SMALL) * 16 / w;
	uint64_t *old = s->slots, *sl;

	if (s->max_memory != 0 &&
	    table_bytes(s, ncap, 0) + ts_set_arena_memory(s) > s->max_memory)
		return TS_EFULL;
	if (s->narrow && ncap > UINT32_MAX)	/* cannot happen: 4 GiB of */
		return TS_EFULL;		/* keys are fewer */
	if ((sl = map_slots(nslots, w)) == NULL)
		return TS_ENOMEM;
	for (i = 0; i < s->hiwater; i++) {
		if (s->narrow && old[i] != 0) {
			at = home32((uint32_t)(old[i] >> 32), ncap);
			if (at < j)
				at = j;
			sl[at] = old[i];
			j = at + 1;
		} else if (!s->narrow && old[2 * i + 1] != 0) {
			at = home(old[2 * i], ncap);
			if (at < j)
				at = j;
			sl[2 * at] = old[2 * i];
			sl[2 * at + 1] = old[2 * i + 1];
			j = at + 1;
		}
#ifdef MADV_DONTNEED
		if (i + 1 - done == release) {
			madvise((char *)old + done * w, release * w,
			    MADV_DONTNEED);
			done = i + 1;
		}
#endif
	}
	munmap(old, s->nslots * w);
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

static uint8_t *
leb_put(uint8_t *r, size_t n)
{
	while (n >= 0x80) {
		*r++ = (uint8_t)(n | 0x80);
		n >>= 7;
	}
	*r++ = (uint8_t)n;
	return r;
}

/* {tag, ref} into wide slot i, the slots from i to the first free one,
 * e, moved up one. */
static inline void
shift_in_wide(uint64_t *sl, size_t i, size_t e, uint64_t tag, uint64_t ref)
{
	if (e > i)
		memmove(sl + 2 * (i + 1), sl + 2 * i, (e - i) * 16);
	sl[2 * i] = tag;
	sl[2 * i + 1] = ref;
}

/* Put {tag, ref} into a wide table at its place in the tag order. */
static void
wide_insert(ts_set *s, uint64_t *sl, uint64_t tag, uint64_t ref)
{
	size_t i, e;

	for (i = home(tag, s->cap); sl[2 * i + 1] != 0 && sl[2 * i] <= tag;
	    i++)
		;
	for (e = i; sl[2 * e + 1] != 0; e++)
		;
	shift_in_wide(sl, i, e, tag, ref);
	if (e + 1 > s->hiwater)
		s->hiwater = e + 1;
}

/* The store is full: turn wide.  Every stored key is hashed again for
 * its full tag; the store stays (wide refs point into it). */
static int
widen(ts_set *s)
{
	const uint8_t *r, *end = s->store + s->store_used;
	size_t n, shift, nslots = 2 * s->cap + SLACK;
	uint64_t *sl;

	if (s->max_memory != 0 && table_bytes_w(s->cap, s->hiwater, 16) +
	    ts_set_arena_memory(s) > s->max_memory)
		return TS_EFULL;
	if ((sl = map_slots(nslots, 16)) == NULL)
		return TS_ENOMEM;
	munmap(s->slots, s->nslots * 8);
	s->slots = sl;
	s->nslots = nslots;
	s->hiwater = 0;
	s->narrow = 0;
	for (r = s->store + 1; r < end; r += n) {
		const uint8_t *k = r;

		n = 0, shift = 0;
		do {
			n |= (size_t)(*k & 0x7f) << shift;
			shift += 7;
		} while (*k++ & 0x80);
		wide_insert(s, sl, ts_hash64(k, n, s->seed),
		    (uint64_t)(uintptr_t)r);
		n += (size_t)(k - r);
	}
	return 0;
}

void
ts_set_prefetch(const ts_set *s, ts_set_hash_t h)
{
	if (s->narrow)
		__builtin_prefetch(s->slots + home32(tag32(h.tag), s->cap));
	else
		__builtin_prefetch(s->slots + 2 * home(h.tag, s->cap));
}

void
ts_set_prefetch_key(const ts_set *s, ts_set_hash_t h)
{
	const uint64_t *sl = s->slots;
	size_t i;

	if ((s->flags & TS_SET_HASH_ONLY) && s->value_size == 0)
		return;
	if (s->narrow) {
		uint32_t t = tag32(h.tag);

		for (i = home32(t, s->cap); i < s->nslots; i++) {
			if (sl[i] == 0 || (uint32_t)(sl[i] >> 32) > t)
				return;
			if ((uint32_t)(sl[i] >> 32) == t) {
				__builtin_prefetch(s->store + (uint32_t)sl[i]);
				return;
			}
		}
		return;
	}
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

static inline int
occupied(const ts_set *s, size_t i)
{
	return s->narrow ? s->slots[i] != 0 : s->slots[2 * i + 1] != 0;
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
			*value = s->narrow ? NULL :
			    value_of(s, s->slots[2 * pos + 1]);
		return 0;
	}
	if (s->narrow && (len > s->store_max ||
	    s->store_used > s->store_max - len - leb_len(len))) {
		if ((rc = widen(s)) != 0)
			return rc;
		locate(s, tag, hi, p, len, &pos);
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
	for (e = pos; e < s->nslots && occupied(s, e); e++)
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
	if (s->max_memory != 0 && table_bytes(s, s->cap, e + 1 > s->hiwater ?
	    e + 1 : s->hiwater) + ts_set_arena_memory(s) + (need == 0 ||
	    s->narrow ? need : ts_arena_cost(&s->arena, need,
	    s->value_size ? 8 : 1)) > s->max_memory)
		return TS_EFULL;

	if (s->narrow) {
		ref = s->store_used;
#ifdef MADV_POPULATE_WRITE
		/* Fault the store in 1 MiB at a time, in one call, not page by
		 * page as keys are copied in (where the kernel has it). */
		if (((ref + need - 1) ^ (ref - 1)) >> POPULATE_SHIFT != 0 &&
		    s->store_size - ((ref + need - 1) & ~POPULATE_MASK) >=
		    POPULATE_MASK + 1)
			(void)madvise(s->store + ((ref + need - 1) &
			    ~POPULATE_MASK), POPULATE_MASK + 1,
			    MADV_POPULATE_WRITE);
#endif
		r = leb_put(s->store + ref, len);
		if (len > 0)
			memcpy(r, p, len);
		s->store_used += need;

		if (e > pos)
			memmove(sl + pos + 1, sl + pos, (e - pos) * 8);
		sl[pos] = (uint64_t)tag32(tag) << 32 | ref;
	} else {
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
				r = leb_put(r, len);
				if (len > 0)
					memcpy(r, p, len);
			}
		}

		shift_in_wide(sl, pos, e, tag, ref);
	}

	if (e + 1 > s->hiwater)
		s->hiwater = e + 1;
	s->count++;
	if (value != NULL)
		*value = s->narrow ? NULL : value_of(s, ref);
	return 1;
}

int
ts_set_find(const ts_set *s, const void *key, size_t len, void **value)
{
	ts_set_hash_t h = ts_set_hash(s, key, len);
	size_t pos;

	if (!locate(s, h.tag, h.hi, key, len, &pos))
		return 0;
	if (value != NULL)
		*value = s->narrow ? NULL : value_of(s, s->slots[2 * pos + 1]);
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
		if (!occupied(s, i))
			continue;
		d = i - (s->narrow ? home32((uint32_t)(s->slots[i] >> 32),
		    s->cap) : home(s->slots[2 * i], s->cap)) + 1;
		if (d > max)
			max = d;
	}
	return max;
}
