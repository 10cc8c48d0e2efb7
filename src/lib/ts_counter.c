/* ts_counter.c - open addressing, linear probing, grown at 3/4 load. */
#include <stdlib.h>
#include <string.h>

#include "ts_counter.h"
#include "ts_err.h"
#include "ts_hash.h"

void
ts_counter_init(ts_counter *c, uint64_t seed)
{
	c->slots = NULL;
	c->cap = c->n = 0;
	c->seed = seed;
	c->keys = (ts_arena)TS_ARENA_INIT;
}

void
ts_counter_free(ts_counter *c)
{
	free(c->slots);
	ts_arena_free(&c->keys);
	ts_counter_init(c, c->seed);
}

static int
grow(ts_counter *c)
{
	size_t cap = c->cap ? c->cap * 2 : 1024, i, j;
	ts_counter_entry *s;

	if ((s = calloc(cap, sizeof *s)) == NULL)
		return TS_ENOMEM;
	for (i = 0; i < c->cap; i++) {
		if (c->slots[i].key == NULL)
			continue;
		for (j = c->slots[i].hash & (cap - 1); s[j].key != NULL;
		    j = (j + 1) & (cap - 1))
			;
		s[j] = c->slots[i];
	}
	free(c->slots);
	c->slots = s;
	c->cap = cap;
	return 0;
}

/* The slot of key, or the empty slot where it belongs. */
static inline ts_counter_entry *
find(const ts_counter *c, const uint8_t *key, size_t len, uint64_t h)
{
	ts_counter_entry *e;
	size_t j;

	for (j = h & (c->cap - 1);; j = (j + 1) & (c->cap - 1)) {
		e = &c->slots[j];
		if (e->key == NULL || (e->hash == h && e->len == len &&
		    memcmp(e->key, key, len) == 0))
			return e;
	}
}

int
ts_counter_add(ts_counter *c, const uint8_t *key, size_t len, uint64_t n)
{
	uint64_t h = ts_hash64(key, len, c->seed);
	ts_counter_entry *e;

	if (c->cap == 0 && grow(c) != 0)
		return TS_ENOMEM;
	e = find(c, key, len, h);
	if (e->key != NULL) {
		e->count += n;
		return 0;
	}
	if ((c->n + 1) * 4 > c->cap * 3) {
		if (grow(c) != 0)
			return TS_ENOMEM;
		e = find(c, key, len, h);
	}
	if ((e->key = ts_arena_dup(&c->keys, key, len)) == NULL)
		return TS_ENOMEM;
	e->len = len;
	e->hash = h;
	e->count = n;
	c->n++;
	return 1;
}

const ts_counter_entry *
ts_counter_get(const ts_counter *c, const uint8_t *key, size_t len)
{
	const ts_counter_entry *e;

	if (c->cap == 0)
		return NULL;
	e = find(c, key, len, ts_hash64(key, len, c->seed));
	return e->key != NULL ? e : NULL;
}

int
ts_counter_next(const ts_counter *c, size_t *i, const ts_counter_entry **e)
{
	for (; *i < c->cap; (*i)++)
		if (c->slots[*i].key != NULL) {
			*e = &c->slots[(*i)++];
			return 1;
		}
	return 0;
}

static int
cmp_key(const ts_counter_entry *a, const ts_counter_entry *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int r = memcmp(a->key, b->key, n);

	if (r != 0)
		return r;
	return a->len < b->len ? -1 : a->len > b->len;
}

static int
by_count(const void *x, const void *y)
{
	const ts_counter_entry *a = *(const ts_counter_entry *const *)x;
	const ts_counter_entry *b = *(const ts_counter_entry *const *)y;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return cmp_key(a, b);
}

static int
by_key(const void *x, const void *y)
{
	return cmp_key(*(const ts_counter_entry *const *)x,
	    *(const ts_counter_entry *const *)y);
}

const ts_counter_entry **
ts_counter_sorted(const ts_counter *c, int bykey)
{
	const ts_counter_entry **v, *e;
	size_t i = 0, k = 0;

	if ((v = reallocarray(NULL, c->n ? c->n : 1, sizeof *v)) == NULL)
		return NULL;
	while (ts_counter_next(c, &i, &e))
		v[k++] = e;
	qsort(v, k, sizeof *v, bykey ? by_key : by_count);
	return v;
}
