/* test_set - the ordered hash set (ts_set) and the tally over it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ts_err.h"
#include "ts_set.h"
#include "ts_tally.h"

/* The invariants of ts_set.c: tags sorted, each key at or after its
 * home with no empty slot between; in narrow mode on the upper 32 bits
 * of the tag. */
static int
invariants(const ts_set *s)
{
	size_t i, j, h, n = 0;
	uint64_t last = 0, t;

	for (i = 0; i < s->nslots; i++) {
		if (s->narrow ? s->slots[i] == 0 : s->slots[2 * i + 1] == 0)
			continue;
		n++;
		t = s->narrow ? s->slots[i] >> 32 : s->slots[2 * i];
		if (t < last)
			return 0;
		last = t;
		h = s->narrow ? (size_t)((t * s->cap) >> 32) :
		    (size_t)(((__uint128_t)t * s->cap) >> 64);
		if (h > i)
			return 0;
		for (j = h; j < i; j++)
			if (s->narrow ? s->slots[j] == 0 :
			    s->slots[2 * j + 1] == 0)
				return 0;
	}
	return n == s->count;
}

static void
test_basic(int flags)
{
	enum { N = 200000 };
	ts_set s;
	char key[64];
	size_t i, len;
	int ok_new = 1, ok_old = 1, ok_find = 1;
	uint8_t big[20000];

	CHECK_INT(ts_set_init(&s, 1234, flags, 0, 0), 0);
	CHECK_INT(ts_set_add(&s, "", 0, NULL), 1);
	CHECK_INT(ts_set_add(&s, "", 0, NULL), 0);
	CHECK_INT(ts_set_add(&s, "a\0b", 3, NULL), 1);
	CHECK_INT(ts_set_add(&s, "a\0c", 3, NULL), 1);
	CHECK_INT(ts_set_add(&s, "a", 1, NULL), 1);
	CHECK_INT(ts_set_add(&s, "a\0b", 3, NULL), 0);
	memset(big, 'x', sizeof big);
	CHECK_INT(ts_set_add(&s, big, sizeof big, NULL), 1);
	CHECK_INT(ts_set_add(&s, big, sizeof big - 1, NULL), 1);
	CHECK_INT(ts_set_add(&s, big, 200, NULL), 1);	/* 2-byte length */
	CHECK_INT(ts_set_add(&s, big, sizeof big, NULL), 0);
	CHECK_INT(ts_set_add(&s, big, 200, NULL), 0);
	CHECK_INT(s.count, 7);
	for (i = 0; i < N; i++) {
		len = (size_t)snprintf(key, sizeof key, "key number %zu", i);
		ok_new &= ts_set_add(&s, key, len, NULL) == 1;
	}
	for (i = 0; i < N; i++) {
		len = (size_t)snprintf(key, sizeof key, "key number %zu", i);
		ok_old &= ts_set_add(&s, key, len, NULL) == 0;
		ok_find &= ts_set_find(&s, key, len, NULL) == 1;
	}
	CHECK(ok_new && ok_old && ok_find);
	CHECK_INT(ts_set_find(&s, "key number x", 12, NULL), 0);
	CHECK_INT(s.count, N + 7);
	CHECK(invariants(&s));
	CHECK(s.cap > N);	/* it grew */
	/* Honest memory: at least the slots and the stored keys. */
	CHECK(ts_set_table_memory(&s) >= (uint64_t)s.count *
	    (s.narrow ? 8 : 16));
	CHECK(s.narrow == !(flags & TS_SET_HASH_ONLY));
	if (!(flags & TS_SET_HASH_ONLY))
		CHECK(ts_set_arena_memory(&s) >= (uint64_t)N * 13);
	else
		CHECK_INT(ts_set_arena_memory(&s), 0);
	CHECK(ts_set_memory(&s) == ts_set_table_memory(&s) +
	    ts_set_arena_memory(&s));
	ts_set_free(&s);
}

static void
test_values(void)
{
	enum { N = 50000 };
	ts_set s;
	char key[32];
	size_t i, len;
	void *v;
	uint64_t x;
	int ok = 1;

	CHECK_INT(ts_set_init(&s, 7, 0, 12, 0), 0);
	CHECK_INT(s.value_size, 16);
	for (i = 0; i < N; i++) {
		len = (size_t)snprintf(key, sizeof key, "%zu", i);
		ok &= ts_set_add(&s, key, len, &v) == 1;
		memcpy(&x, v, 8);
		ok &= x == 0 && ((uintptr_t)v & 7) == 0;
		x = i * 3;
		memcpy(v, &x, 8);
	}
	for (i = 0; i < N; i++) {
		len = (size_t)snprintf(key, sizeof key, "%zu", i);
		ok &= ts_set_add(&s, key, len, &v) == 0;
		memcpy(&x, v, 8);
		ok &= x == i * 3;
	}
	CHECK(ok);
	ts_set_free(&s);

	/* Values with hash-only keys. */
	CHECK_INT(ts_set_init(&s, 7, TS_SET_HASH_ONLY, 8, 0), 0);
	CHECK_INT(ts_set_add(&s, "k", 1, &v), 1);
	memcpy(v, "12345678", 8);
	CHECK_INT(ts_set_add(&s, "k", 1, &v), 0);
	CHECK(memcmp(v, "12345678", 8) == 0);
	CHECK_INT(ts_set_add(&s, "K", 1, &v), 1);
	ts_set_free(&s);
}

static void
test_max_memory(void)
{
	ts_set s;
	char key[64];
	size_t i, len, added = 0;
	int r = 0, ok = 1;

	CHECK_INT(ts_set_init(&s, 1, 0, 0, 100), TS_EFULL);
	CHECK_INT(ts_set_init(&s, 1, 0, 0, 1 << 20), 0);
	for (i = 0; i < 1000000; i++) {
		len = (size_t)snprintf(key, sizeof key, "a fairly long key %zu",
		    i);
		if ((r = ts_set_add(&s, key, len, NULL)) != 1)
			break;
		added++;
	}
	CHECK_INT(r, TS_EFULL);
	CHECK(added > 10000);
	CHECK(ts_set_memory(&s) <= 1 << 20);
	/* Still usable: old keys found, new ones refused, nothing changed. */
	for (i = 0; i < added; i++) {
		len = (size_t)snprintf(key, sizeof key, "a fairly long key %zu",
		    i);
		ok &= ts_set_add(&s, key, len, NULL) == 0;
	}
	CHECK(ok);
	CHECK_INT(ts_set_add(&s, "new", 3, NULL), TS_EFULL);
	CHECK_INT(s.count, added);
	CHECK(invariants(&s));
	ts_set_free(&s);
}

/* Found by fuzz/fuzz_set.c: the bound checked "arena bytes + key bytes"
 * but the arena also counts a new block's header (and an old block's
 * abandoned tail, and padding), so ts_set_memory() went past
 * max_memory by 16 bytes when the first key opened the first block.
 * After every add, with each kind of slot, memory stays in bound. */
static void
test_max_memory_counts_arena_cost(void)
{
	static const int kinds[3][2] = { { 0, 0 }, { TS_SET_HASH_ONLY, 8 },
	    { 0, 8 } };
	ts_set s;
	char key[64];
	size_t i, k, len;
	int r, ok;
	uint64_t max;

	for (k = 0; k < 3; k++) {
		for (max = 16384; max < 16384 + 200; max += 7) {
			CHECK_INT(ts_set_init(&s, 3, kinds[k][0],
			    (size_t)kinds[k][1], max), 0);
			ok = 1;
			for (i = 0; i < 100000; i++) {
				len = (size_t)snprintf(key, sizeof key, "k%zu", i);
				r = ts_set_add(&s, key, len, NULL);
				ok &= ts_set_memory(&s) <= max;
				if (r != 1)
					break;
			}
			CHECK(ok);
			CHECK(ts_set_memory(&s) <= max);
			r = ts_set_store(&s, "0123456789", 10, &(const uint8_t *){ 0 });
			CHECK(ts_set_memory(&s) <= max);
			(void)r;
			ts_set_free(&s);
		}
	}
}

/* Found by fuzz tool-dedupe-lines (--keep=last -i) under UBSan: an
 * empty key given as (NULL, 0) reached memcmp(stored, NULL, 0), which
 * is undefined.  Fails under make sanitize without the fix. */
static void
test_empty_key_null(void)
{
	ts_set s;
	int k;

	for (k = 0; k < 2; k++) {
		CHECK_INT(ts_set_init(&s, 5, k ? TS_SET_HASH_ONLY : 0, 0, 0), 0);
		CHECK_INT(ts_set_add(&s, NULL, 0, NULL), 1);
		CHECK_INT(ts_set_add(&s, NULL, 0, NULL), 0);
		CHECK_INT(ts_set_add(&s, "", 0, NULL), 0);
		CHECK_INT(ts_set_find(&s, NULL, 0, NULL), 1);
		ts_set_free(&s);
	}
}

/* Keys that all collide under Java's String.hashCode ("Aa" and "BB"
 * hash alike): with the seeded hash they spread, probes stay short. */
static void
test_collisions(void)
{
	enum { BLOCKS = 16 };
	ts_set s;
	char key[2 * BLOCKS];
	size_t i, b;
	int ok = 1;

	CHECK_INT(ts_set_init(&s, 0, 0, 0, 0), 0);
	for (i = 0; i < (1u << BLOCKS); i++) {
		for (b = 0; b < BLOCKS; b++)
			memcpy(key + 2 * b, (i >> b) & 1 ? "BB" : "Aa", 2);
		ok &= ts_set_add(&s, key, sizeof key, NULL) == 1;
	}
	CHECK(ok);
	CHECK(ts_set_max_probe(&s) < 64);
	CHECK(invariants(&s));
	ts_set_free(&s);
}

static void
test_tally(void)
{
	ts_set s;
	ts_tally t;
	ts_tally_entry *e;
	char out[256];
	size_t n = 0;

	CHECK_INT(ts_set_init(&s, 3, 0, sizeof(ts_tally_entry), 0), 0);
	ts_tally_init(&t, &s, 0);
	CHECK_INT(ts_tally_preload(&t, "old", 3), 1);
	CHECK_INT(ts_tally_add(&t, "b", 1, (const uint8_t *)"B1\n", 3), 1);
	CHECK_INT(ts_tally_add(&t, "a", 1, (const uint8_t *)"A1\n", 3), 1);
	CHECK_INT(ts_tally_add(&t, "old", 3, (const uint8_t *)"OLD\n", 4), 0);
	CHECK_INT(ts_tally_add(&t, "b", 1, (const uint8_t *)"B2\n", 3), 0);
	CHECK_INT(ts_tally_add_unique(&t, (const uint8_t *)"\n", 1), 0);
	for (e = t.head; e != NULL; e = e->next)
		n += (size_t)snprintf(out + n, sizeof out - n, "%d %.*s",
		    (int)e->count, (int)e->len, e->line);
	CHECK_MEM(out, n, "2 B1\n1 A1\n1 \n", 13);
	ts_set_free(&s);

	CHECK_INT(ts_set_init(&s, 3, TS_SET_HASH_ONLY,
	    sizeof(ts_tally_entry), 0), 0);
	ts_tally_init(&t, &s, 1);
	CHECK_INT(ts_tally_add(&t, "b", 1, (const uint8_t *)"B1\n", 3), 1);
	CHECK_INT(ts_tally_add(&t, "a", 1, (const uint8_t *)"A1\n", 3), 1);
	CHECK_INT(ts_tally_add(&t, "c", 1, (const uint8_t *)"C1\n", 3), 1);
	CHECK_INT(ts_tally_add(&t, "b", 1, (const uint8_t *)"B2\n", 3), 0);
	CHECK_INT(ts_tally_add(&t, "c", 1, (const uint8_t *)"C2", 2), 0);
	n = 0;
	for (e = t.head; e != NULL; e = e->next)
		n += (size_t)snprintf(out + n, sizeof out - n, "%d %.*s|",
		    (int)e->count, (int)e->len, e->line);
	CHECK_MEM(out, n, "1 A1\n|2 B2\n|2 C2|", 17);
	ts_set_free(&s);
}

/* Narrow mode turns wide when its store is full (at 4 GiB; here at a
 * lowered store_max): every key is still found, none is added twice,
 * later keys go to the arena, and memory stays counted. */
static void
test_widen(void)
{
	enum { N = 30000 };
	ts_set s;
	char key[64];
	size_t i, len;
	int ok_new = 1, ok_old = 1, before;
	uint64_t arena;

	CHECK_INT(ts_set_init(&s, 99, 0, 0, 0), 0);
	CHECK(s.narrow);
	s.store_max = 100000;
	for (i = 0; i < N; i++) {
		len = (size_t)snprintf(key, sizeof key, "key %zu", i);
		if (i == N / 2)
			ok_old &= ts_set_add(&s, "", 0, NULL) == 1;
		ok_new &= ts_set_add(&s, key, len, NULL) == 1;
		if (i == 12000)	/* 12000 keys of about 10 bytes: 120 KB */
			CHECK(!s.narrow);
	}
	before = ts_set_add(&s, "", 0, NULL);
	CHECK_INT(before, 0);
	for (i = 0; i < N; i++) {
		len = (size_t)snprintf(key, sizeof key, "key %zu", i);
		ok_old &= ts_set_add(&s, key, len, NULL) == 0;
		ok_old &= ts_set_find(&s, key, len, NULL) == 1;
	}
	CHECK(ok_new && ok_old);
	CHECK_INT(s.count, N + 1);
	CHECK(!s.narrow);
	CHECK(invariants(&s));
	arena = ts_set_arena_memory(&s);
	CHECK(arena >= s.store_used + (N - 10000) * 8);
	CHECK(s.store_used <= 100000);
	ts_set_free(&s);

	/* With a bound, turning wide may not fit (a wide table of 1024 slots
	 * is 16 KiB): TS_EFULL, set unchanged. */
	CHECK_INT(ts_set_init(&s, 99, 0, 0, 18000), 0);
	s.store_max = 3000;
	for (i = 0; i < N; i++) {
		len = (size_t)snprintf(key, sizeof key, "key %zu", i);
		if ((before = ts_set_add(&s, key, len, NULL)) != 1)
			break;
	}
	CHECK_INT(before, TS_EFULL);
	CHECK(s.narrow);
	CHECK_INT(s.count, i);
	CHECK(ts_set_memory(&s) <= 18000);
	CHECK_INT(ts_set_find(&s, "key 1", 5, NULL), 1);
	CHECK(invariants(&s));
	ts_set_free(&s);
}

int
main(void)
{
	test_basic(0);
	test_basic(TS_SET_HASH_ONLY);
	test_values();
	test_max_memory();
	test_max_memory_counts_arena_cost();
	test_empty_key_null();
	test_collisions();
	test_tally();
	test_widen();
	return check_done("test_set");
}
