/* ts_dedupe.c - keys, set and tally for batches of records. */
#include <string.h>

#include "ts_dedupe.h"
#include "ts_err.h"
#include "ts_pack.h"

void
ts_dedupe_init(ts_dedupe *d, ts_key *key, ts_set *set, ts_tally *tally,
    uint8_t delim, int keep_blank)
{
	memset(d, 0, sizeof *d);
	d->key = key;
	d->set = set;
	d->part[0] = set;
	d->nparts = 1;
	d->tally = tally;
	d->delim = delim;
	d->keep_blank = keep_blank;
	d->pack = tally == NULL && !(set->flags & TS_SET_HASH_ONLY);
}

void
ts_dedupe_free(ts_dedupe *d)
{
	ts_buf_free(&d->keys);
}

void
ts_dedupe_split(ts_dedupe *d, ts_set *set, unsigned n)
{
	unsigned i;

	d->set = set;
	d->nparts = n;
	for (i = 0; i < n; i++)
		d->part[i] = &set[i];
}

static inline size_t
body(const ts_dedupe *d, const uint8_t *p, size_t len)
{
	return len - (len > 0 && p[len - 1] == d->delim);
}

/* The key of p[0..len): a slice of p or the key's buffer. */
static inline int
key_of(ts_dedupe *d, const uint8_t *p, size_t len, const uint8_t **k,
    size_t *klen)
{
	*k = p;
	*klen = body(d, p, len);
	if (ts_key_is_identity(d->key))
		return 0;
	return ts_key_make(d->key, p, *klen, k, klen);
}

/* The packed form of k[0..klen) appended to keys. */
static inline int
pack_key(ts_buf *keys, const uint8_t *k, size_t klen)
{
	if (ts_buf_reserve(keys, ts_pack_bound(klen)) != 0)
		return TS_ENOMEM;
	keys->len += ts_pack(k, klen, keys->p + keys->len);
	return 0;
}

static inline int
blank(const ts_dedupe *d, const uint8_t *p, size_t len)
{
	return d->keep_blank && ts_is_blank(p, body(d, p, len));
}

static int
tally_batch(ts_dedupe *d, const ts_record *rec, int n, int *verdict)
{
	const uint8_t *k;
	size_t klen;
	int i, r;

	for (i = 0; i < n; i++) {
		if (blank(d, rec[i].p, rec[i].len)) {
			r = ts_tally_add_unique(d->tally, rec[i].p, rec[i].len);
			verdict[i] = r == 0 ? TS_BLANK : r;
		} else if ((r = key_of(d, rec[i].p, rec[i].len, &k, &klen)) != 0)
			return r;
		else
			verdict[i] = ts_tally_add(d->tally, k, klen, rec[i].p,
			    rec[i].len);
		if (verdict[i] == TS_ENOMEM)
			return TS_ENOMEM;
	}
	return 0;
}

/* The streaming batch is the two halves on one thread: prepare each
 * record (its key into d->keys), then decide. */
int
ts_dedupe_batch(ts_dedupe *d, const ts_record *rec, int n, int *verdict)
{
	ts_prep_rec r[TS_DEDUPE_BATCH];
	int i, rc;

	if (n > TS_DEDUPE_BATCH)
		return TS_EINVAL;
	if (d->tally != NULL)
		return tally_batch(d, rec, n, verdict);
	d->keys.len = 0;
	for (i = 0; i < n; i++)
		if ((rc = ts_dedupe_prepare(d, rec[i].p, rec[i].len, &d->keys,
		    &r[i])) != 0)
			return rc;
	ts_dedupe_place_keys(r, (size_t)n, &d->keys);
	return ts_dedupe_decide(d, r, n, verdict);
}

int
ts_dedupe_prepare(ts_dedupe *d, const uint8_t *p, size_t len, ts_buf *keys,
    ts_prep_rec *r)
{
	const uint8_t *k;
	size_t klen;
	int rc;

	r->p = p;
	r->len = len;
	r->blank = blank(d, p, len);
	if ((rc = key_of(d, p, len, &k, &klen)) != 0)
		return rc;
	if (!d->pack && k >= p && k + klen <= p + len) {
		r->k = klen == 0 ? (const uint8_t *)"" : k;
		r->klen = klen;
	} else {
		r->k = NULL;
		r->koff = keys->len;
		if ((d->pack ? pack_key(keys, k, klen) :
		    ts_buf_append(keys, k, klen)) != 0)
			return TS_ENOMEM;
		r->klen = keys->len - r->koff;
		k = r->klen == 0 ? (const uint8_t *)"" : keys->p + r->koff;
	}
	r->h = ts_set_hash(d->set, r->k != NULL ? r->k : k, r->klen);
	return 0;
}

void
ts_dedupe_place_keys(ts_prep_rec *r, size_t n, const ts_buf *keys)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (r[i].k == NULL)	/* keys->p is NULL while all are */
			r[i].k = r[i].klen == 0 ? (const uint8_t *)"" :
			    keys->p + r[i].koff;	/* empty (empty_keys_null) */
}

int
ts_dedupe_decide(ts_dedupe *d, const ts_prep_rec *r, int n, int *verdict)
{
	int i;

	if (n > TS_DEDUPE_BATCH || d->tally != NULL)
		return TS_EINVAL;
	for (i = 0; i < n; i++)
		ts_set_prefetch(ts_dedupe_set_of(d, r[i].h), r[i].h);
	for (i = 0; i < n; i++)
		ts_set_prefetch_key(ts_dedupe_set_of(d, r[i].h), r[i].h);
	for (i = 0; i < n; i++) {
		if (r[i].blank)
			verdict[i] = TS_BLANK;
		else if ((verdict[i] = ts_set_add_hashed(ts_dedupe_set_of(d,
		    r[i].h), r[i].k, r[i].klen, r[i].h, NULL)) == TS_ENOMEM)
			return TS_ENOMEM;
	}
	return 0;
}

/* The keys are looked up TS_DEDUPE_BATCH at a time, in a pipeline: the
 * table slots of the batch after next are fetched, then the stored keys
 * of the next batch (their slots are in cache by then), while this batch
 * is looked up, so that the memory latency of both overlaps the work. */
int
ts_dedupe_decide_part(ts_dedupe *d, ts_prep_rec *r, const uint32_t *order,
    size_t n, unsigned part, size_t *failed)
{
	const size_t B = TS_DEDUPE_BATCH;
	ts_set *s;
	size_t i, j;

	if (d->tally != NULL || part >= d->nparts)
		return TS_EINVAL;
	s = d->part[part];
	for (j = 0; j < n && j < 2 * B; j++)
		ts_set_prefetch(s, r[order[j]].h);
	for (j = 0; j < n && j < B; j++)
		ts_set_prefetch_key(s, r[order[j]].h);
	for (i = 0; i < n; i++) {
		ts_prep_rec *x = &r[order[i]];

		if (i % B == 0) {	/* a batch starts: the next ones */
			for (j = i + 2 * B; j < n && j < i + 3 * B; j++)
				ts_set_prefetch(s, r[order[j]].h);
			for (j = i + B; j < n && j < i + 2 * B; j++)
				ts_set_prefetch_key(s, r[order[j]].h);
		}
		if (x->blank)
			x->verdict = TS_BLANK;
		else if ((x->verdict = ts_set_add_hashed(s, x->k, x->klen,
		    x->h, NULL)) == TS_ENOMEM) {
			*failed = order[i];
			return TS_ENOMEM;
		}
	}
	return 0;
}

int
ts_dedupe_preload(ts_dedupe *d, const uint8_t *p, size_t len)
{
	const uint8_t *k;
	size_t klen;
	ts_set_hash_t h;
	int r;

	if (blank(d, p, len))
		return 0;
	if ((r = key_of(d, p, len, &k, &klen)) != 0)
		return r;
	if (d->tally != NULL)
		return ts_tally_preload(d->tally, k, klen);
	if (d->pack) {
		d->keys.len = 0;
		if (pack_key(&d->keys, k, klen) != 0)
			return TS_ENOMEM;
		k = d->keys.p, klen = d->keys.len;
	}
	h = ts_set_hash(d->set, k, klen);
	return ts_set_add_hashed(ts_dedupe_set_of(d, h), k, klen, h, NULL);
}
