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
	ts_counter_slot *s;

	if ((s = calloc(cap, sizeof *s)) == NULL)
		return TS_ENOMEM;
	for (i = 0; i < c->cap; i++) {
		if (c->slots[i].e == NULL)
			continue;
		for (j = c->slots[i].hash & (cap - 1); s[j].e != NULL;
		    j = (j + 1) & (cap - 1))
			;
		s[j] = c->slots[i];
	}
	free(c->slots);
	c->slots = s;
	c->cap = cap;
	return 0;
}

/* Keys are mostly short words: no call for them. */
static inline int
same(const uint8_t *a, const uint8_t *b, size_t len)
{
	size_t i;

	if (len > 32)
		return memcmp(a, b, len) == 0;
	for (i = 0; i < len; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* The slot of key, or the empty slot where it belongs. */
static inline ts_counter_slot *
find(const ts_counter *c, const uint8_t *key, size_t len, uint64_t h)
{
	ts_counter_slot *s;
	size_t j;

	for (j = h & (c->cap - 1);; j = (j + 1) & (c->cap - 1)) {
		s = &c->slots[j];
		if (s->e == NULL || (s->hash == h && s->e->len == len &&
		    same(s->e->key, key, len)))
			return s;
	}
}

ts_counter_entry *
ts_counter_bump(ts_counter *c, const uint8_t *key, size_t len, uint64_t n)
{
	uint64_t h = ts_hash64(key, len, c->seed);
	ts_counter_slot *s;
	ts_counter_entry *e;

	if (c->cap == 0 && grow(c) != 0)
		return NULL;
	s = find(c, key, len, h);
	if (s->e != NULL) {
		s->e->count += n;
		return s->e;
	}
	if ((c->n + 1) * 4 > c->cap * 3) {
		if (grow(c) != 0)
			return NULL;
		s = find(c, key, len, h);
	}
	if (len > SIZE_MAX - sizeof *e ||
	    (e = ts_arena_alloc(&c->keys, sizeof *e + len)) == NULL)
		return NULL;
	memcpy(e + 1, key, len);
	e->key = (const uint8_t *)(e + 1);
	e->len = len;
	e->hash = h;
	e->count = 0;
	s->e = e;
	s->hash = h;
	c->n++;
	e->count = n;
	return e;
}

int
ts_counter_add(ts_counter *c, const uint8_t *key, size_t len, uint64_t n)
{
	size_t before = c->n;

	if (ts_counter_bump(c, key, len, n) == NULL)
		return TS_ENOMEM;
	return c->n > before;
}

const ts_counter_entry *
ts_counter_get(const ts_counter *c, const uint8_t *key, size_t len)
{
	if (c->cap == 0)
		return NULL;
	return find(c, key, len, ts_hash64(key, len, c->seed))->e;
}

int
ts_counter_next(const ts_counter *c, size_t *i, const ts_counter_entry **e)
{
	for (; *i < c->cap; (*i)++)
		if (c->slots[*i].e != NULL) {
			*e = c->slots[(*i)++].e;
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

/* Heap of the n best so far, the worst at the root. */
static void
sift_down(const ts_counter_entry **h, size_t n, size_t i)
{
	const ts_counter_entry *t;
	size_t c;

	for (; (c = 2 * i + 1) < n; i = c) {
		/* the worse child: larger in by_count order */
		if (c + 1 < n && by_count(&h[c + 1], &h[c]) > 0)
			c++;
		if (by_count(&h[c], &h[i]) <= 0)
			break;
		t = h[c], h[c] = h[i], h[i] = t;
	}
}

const ts_counter_entry **
ts_counter_top(const ts_counter *c, size_t n,
    int (*keep)(void *ctx, const ts_counter_entry *e), void *ctx,
    size_t *len)
{
	const ts_counter_entry **h, *e;
	size_t i = 0, k = 0, j;

	if (n == 0 || n > c->n)
		n = c->n;
	if ((h = reallocarray(NULL, n ? n : 1, sizeof *h)) == NULL)
		return NULL;
	while (ts_counter_next(c, &i, &e)) {
		if (keep != NULL && !keep(ctx, e))
			continue;
		if (k < n) {
			h[k++] = e;
			if (k == n)	/* heapify */
				for (j = n / 2; j-- > 0; )
					sift_down(h, n, j);
		} else if (n > 0 && by_count(&e, &h[0]) < 0) {
			h[0] = e;
			sift_down(h, n, 0);
		}
	}
	qsort(h, k, sizeof *h, by_count);
	*len = k;
	return h;
}
