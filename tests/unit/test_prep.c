/* test_prep - records keyed and hashed on a producer thread (ts_prep):
 * in order, whole, with the keys and verdicts one thread gives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "ts_err.h"
#include "ts_pack.h"
#include "ts_prep.h"

/* A file of n lines: some longer than a chunk, duplicates, the last
 * without its newline when open_end. */
static FILE *
make_input(size_t n, int open_end, ts_buf *all)
{
	FILE *f = tmpfile();
	size_t i, len;
	char *line = malloc(3 * TS_PREP_CHUNK);

	for (i = 0; i < n; i++) {
		if (i % 997 == 5) {	/* longer than two chunks */
			len = 2 * TS_PREP_CHUNK + i % 7;
			memset(line, 'a' + (int)(i % 3), len);
		} else
			len = (size_t)snprintf(line, 64, "line %zu", i % 500);
		if (i + 1 < n || !open_end)
			line[len++] = '\n';
		fwrite(line, 1, len, f);
		ts_buf_append(all, line, len);
	}
	free(line);
	fflush(f);
	rewind(f);
	return f;
}

static void
test_stream(int open_end, int pack)
{
	ts_buf all = TS_BUF_INIT, got = TS_BUF_INIT;
	FILE *f = make_input(5000, open_end, &all);
	ts_prep pp;
	ts_prep_buf *b;
	ts_key key;
	ts_set set, ref;
	ts_dedupe d;
	int v[TS_DEDUPE_BATCH], chunks = 0, ok = 1, n;
	size_t i, at, nrec = 0, fresh = 0;

	memset(&pp, 0, sizeof pp);
	ts_key_init(&key);
	CHECK_INT(ts_set_init(&set, 42, pack ? 0 : TS_SET_HASH_ONLY, 0, 0), 0);
	CHECK_INT(ts_set_init(&ref, 42, 0, 0, 0), 0);
	ts_dedupe_init(&d, &key, &set, NULL, '\n', 0);
	CHECK_INT(d.pack, pack);
	CHECK_INT(ts_prep_start(&pp, &d, fileno(f), 1), 0);
	while (ts_prep_next(&pp, &b) == 1) {
		chunks++;
		CHECK_INT(b->err, 0);
		for (at = 0; at < b->nrec; at += (size_t)n) {
			n = b->nrec - at < TS_DEDUPE_BATCH ?
			    (int)(b->nrec - at) : TS_DEDUPE_BATCH;
			CHECK_INT(ts_dedupe_decide(&d, b->recs + at, n, v), 0);
			for (i = 0; i < (size_t)n; i++) {
				const ts_prep_rec *r = &b->recs[at + i];
				size_t body = r->len - (r->p[r->len - 1] == '\n');

				ts_buf_append(&got, r->p, r->len);
				/* the verdict a plain set gives the line */
				ok &= v[i] == ts_set_add(&ref, r->p, body, NULL);
				fresh += v[i] == TS_NEW;
			}
			nrec += (size_t)n;
		}
		ts_prep_release(&pp);
	}
	ts_prep_finish(&pp);
	CHECK(ok);
	CHECK_INT(nrec, 5000);
	CHECK_INT(fresh, ref.count);
	CHECK(chunks > TS_PREP_NBUF);	/* many hand-overs through the ring */
	CHECK_MEM(got.p, got.len, all.p, all.len);
	ts_prep_free(&pp);
	ts_set_free(&set);
	ts_set_free(&ref);
	ts_dedupe_free(&d);
	ts_key_free(&key);
	ts_buf_free(&all);
	ts_buf_free(&got);
	fclose(f);
}

/* The consumer stops after one chunk (a write error, the memory bound):
 * the producer is stopped and joined, nothing hangs; the buffers serve
 * the next file. */
static void
test_stop_early(void)
{
	ts_buf all = TS_BUF_INIT;
	FILE *f = make_input(20000, 0, &all);
	ts_prep pp;
	ts_prep_buf *b;
	ts_key key;
	ts_set set;
	ts_dedupe d;

	memset(&pp, 0, sizeof pp);
	ts_key_init(&key);
	CHECK_INT(ts_set_init(&set, 1, 0, 0, 0), 0);
	ts_dedupe_init(&d, &key, &set, NULL, '\n', 0);
	CHECK_INT(ts_prep_start(&pp, &d, fileno(f), 1), 0);
	CHECK_INT(ts_prep_next(&pp, &b), 1);
	CHECK(b->nrec > 0);
	ts_prep_release(&pp);
	ts_prep_finish(&pp);
	/* again on the same file from the start: every record */
	rewind(f);
	lseek(fileno(f), 0, SEEK_SET);
	CHECK_INT(ts_prep_start(&pp, &d, fileno(f), 1), 0);
	{
		size_t bytes = 0, i;

		while (ts_prep_next(&pp, &b) == 1) {
			for (i = 0; i < b->nrec; i++)
				bytes += b->recs[i].len;
			ts_prep_release(&pp);
		}
		CHECK_INT(bytes, all.len);
	}
	ts_prep_finish(&pp);
	ts_prep_free(&pp);
	ts_set_free(&set);
	ts_dedupe_free(&d);
	ts_key_free(&key);
	ts_buf_free(&all);
	fclose(f);
}

/* A read error comes after the records before it (a directory: EISDIR
 * on the first read). */
static void
test_read_error(void)
{
	ts_prep pp;
	ts_prep_buf *b;
	ts_key key;
	ts_set set;
	ts_dedupe d;
	FILE *dir = fopen("/", "r");

	if (dir == NULL)
		return;
	memset(&pp, 0, sizeof pp);
	ts_key_init(&key);
	CHECK_INT(ts_set_init(&set, 1, 0, 0, 0), 0);
	ts_dedupe_init(&d, &key, &set, NULL, '\n', 0);
	CHECK_INT(ts_prep_start(&pp, &d, fileno(dir), 1), 0);
	CHECK_INT(ts_prep_next(&pp, &b), 1);
	CHECK_INT(b->err, TS_EIO);
	CHECK(b->err_errno != 0);
	CHECK_INT(b->nrec, 0);
	CHECK(b->last);
	ts_prep_release(&pp);
	CHECK_INT(ts_prep_next(&pp, &b), 0);
	ts_prep_finish(&pp);
	ts_prep_free(&pp);
	ts_set_free(&set);
	ts_dedupe_free(&d);
	ts_key_free(&key);
	fclose(dir);
}

/* Found by fuzz tool-dedupe-lines under UBSan: with -i --hash-only
 * (keys built in a buffer, not packed) a chunk whose keys were all
 * empty left the keys buffer NULL, and a key pointer was NULL + 0.
 * Fails under make sanitize without the fix. */
static void
test_empty_keys_null_prep(void)
{
	FILE *f = tmpfile();
	ts_prep pp;
	ts_prep_buf *b;
	ts_key key;
	ts_set set;
	ts_dedupe d;
	int v[3];

	fwrite("l\n\n\n", 1, 4, f);
	fflush(f);
	rewind(f);
	memset(&pp, 0, sizeof pp);
	ts_key_init(&key);
	key.flags = TS_KEY_FOLD;
	CHECK_INT(ts_set_init(&set, 1, TS_SET_HASH_ONLY, 0, 0), 0);
	ts_dedupe_init(&d, &key, &set, NULL, '\n', 0);
	CHECK_INT(d.pack, 0);
	CHECK_INT(ts_prep_start(&pp, &d, fileno(f), 1), 0);
	CHECK_INT(ts_prep_next(&pp, &b), 1);
	CHECK_INT(b->nrec, 3);
	CHECK(b->recs[1].k != NULL && b->recs[1].klen == 0);
	CHECK_INT(ts_dedupe_decide(&d, b->recs, 3, v), 0);
	CHECK_INT(v[0], TS_NEW);
	CHECK_INT(v[1], TS_NEW);
	CHECK_INT(v[2], TS_SEEN);
	ts_prep_release(&pp);
	ts_prep_finish(&pp);
	ts_prep_free(&pp);
	ts_set_free(&set);
	ts_dedupe_free(&d);
	ts_key_free(&key);
	fclose(f);
}

/* Several producers, each with its own copy of a folding or normalizing
 * key (ts_key_clone): records in order, each verdict the one a single
 * thread gives (ts_dedupe_batch on the same lines), also after the ring
 * has gone round many times and across two files. */
static void
test_workers(int flags, unsigned nworkers)
{
	static const char *words[] = { "STRASSE", "stra\xC3\x9F" "e",
	    "Stra\xC3\x9F" "e ", "  strasse", "\xEF\xAC\x81le", "FILE",
	    "\xE2\x84\xAB", "\xC3\x85", "A\xCC\x8A", "" };
	ts_buf all = TS_BUF_INIT;
	FILE *f = tmpfile();
	ts_prep pp;
	ts_prep_buf *b;
	ts_key key, key1;
	ts_set set, set1;
	ts_dedupe d, d1;
	ts_record rec;
	int v[TS_DEDUPE_BATCH], v1, n, ok = 1, file;
	size_t i, at, nrec = 0, len;
	char line[160];

	for (i = 0; i < 40000; i++) {
		len = (size_t)snprintf(line, sizeof line, "%s %s %zu\n",
		    words[i % 10], words[(i / 10) % 10], (i * 7919) % 3000);
		if (i % 5 == 0)
			line[0] = (char)(line[0] ^ 0x20);	/* case */
		fwrite(line, 1, len, f);
		ts_buf_append(&all, line, len);
	}
	fflush(f);
	memset(&pp, 0, sizeof pp);
	ts_key_init(&key);
	ts_key_init(&key1);
	key.flags = key1.flags = flags;
	CHECK_INT(ts_set_init(&set, 7, 0, 0, 0), 0);
	CHECK_INT(ts_set_init(&set1, 7, 0, 0, 0), 0);
	ts_dedupe_init(&d, &key, &set, NULL, '\n', 0);
	ts_dedupe_init(&d1, &key1, &set1, NULL, '\n', 0);
	for (file = 0; file < 2; file++) {
		const uint8_t *p = all.p;

		lseek(fileno(f), 0, SEEK_SET);
		CHECK_INT(ts_prep_start(&pp, &d, fileno(f), nworkers), 0);
		while (ts_prep_next(&pp, &b) == 1) {
			CHECK_INT(b->err, 0);
			for (at = 0; at < b->nrec; at += (size_t)n) {
				n = b->nrec - at < TS_DEDUPE_BATCH ?
				    (int)(b->nrec - at) : TS_DEDUPE_BATCH;
				CHECK_INT(ts_dedupe_decide(&d, b->recs + at, n,
				    v), 0);
				for (i = 0; i < (size_t)n; i++) {
					const ts_prep_rec *r = &b->recs[at + i];
					const uint8_t *q = memchr(p, '\n',
					    all.len - (size_t)(p - all.p));

					rec.p = p;
					rec.len = (size_t)(q - p) + 1;
					ok &= r->len == rec.len &&
					    memcmp(r->p, p, rec.len) == 0;
					ok &= ts_dedupe_batch(&d1, &rec, 1,
					    &v1) == 0;
					ok &= v[i] == v1;
					p += rec.len;
				}
				nrec += (size_t)n;
			}
			ts_prep_release(&pp);
		}
		ts_prep_finish(&pp);
	}
	CHECK(ok);
	CHECK_INT(nrec, 80000);
	CHECK_INT(set.count, set1.count);
	CHECK(set.count < 40000);	/* the keys did fold lines together */
	ts_prep_free(&pp);
	ts_set_free(&set);
	ts_set_free(&set1);
	ts_dedupe_free(&d);
	ts_dedupe_free(&d1);
	ts_key_free(&key);
	ts_key_free(&key1);
	ts_buf_free(&all);
	fclose(f);
}

/* ts_prep_write: the consumer leaves the new lines in the chunk and
 * the producers write them, before they read into it again or at
 * ts_prep_finish: all of them, in order, as a plain set decides; a
 * failing emit stops the writing and shows in emit_err. */
static ts_buf emitted;
static int emits_left;

static int
emit_to_buf(void *arg, const uint8_t *p, size_t len)
{
	(void)arg;
	if (emits_left == 0)
		return -1;
	if (emits_left > 0)
		emits_left--;
	return ts_buf_append(&emitted, p, len) != 0 ? -1 : 0;
}

static void
test_write_runs(unsigned nworkers, int fail_after)
{
	ts_buf all = TS_BUF_INIT, want = TS_BUF_INIT;
	FILE *f = make_input(20000, 1, &all);
	ts_prep pp;
	ts_prep_buf *b;
	ts_key key;
	ts_set set, ref;
	ts_dedupe d;
	int v[TS_DEDUPE_BATCH], n, ok = 1;
	size_t i, at;

	memset(&pp, 0, sizeof pp);
	pp.emit = emit_to_buf;
	emitted.len = 0;
	emits_left = fail_after;
	ts_key_init(&key);
	CHECK_INT(ts_set_init(&set, 3, 0, 0, 0), 0);
	CHECK_INT(ts_set_init(&ref, 3, 0, 0, 0), 0);
	ts_dedupe_init(&d, &key, &set, NULL, '\n', 0);
	CHECK_INT(ts_prep_start(&pp, &d, fileno(f), nworkers), 0);
	while (ts_prep_next(&pp, &b) == 1) {
		for (at = 0; at < b->nrec; at += (size_t)n) {
			n = b->nrec - at < TS_DEDUPE_BATCH ?
			    (int)(b->nrec - at) : TS_DEDUPE_BATCH;
			ok &= ts_dedupe_decide(&d, b->recs + at, n, v) == 0;
			for (i = 0; i < (size_t)n; i++) {
				const ts_prep_rec *r = &b->recs[at + i];
				size_t body = r->len - (r->p[r->len - 1] == '\n');

				ok &= v[i] == ts_set_add(&ref, r->p, body, NULL);
				if (v[i] == TS_SEEN)
					continue;
				ts_buf_append(&want, r->p, r->len);
				ok &= ts_prep_write(&pp, b,
				    (size_t)(r->p - b->data), r->len) == 0;
			}
		}
		ts_prep_release(&pp);
		if (atomic_load(&pp.emit_err) != 0)
			break;
	}
	ts_prep_finish(&pp);
	CHECK(ok);
	if (fail_after < 0) {
		CHECK_INT(atomic_load(&pp.emit_err), 0);
		CHECK(want.len > 0 && want.len < all.len);
		CHECK_MEM(emitted.p, emitted.len, want.p, want.len);
	} else {
		/* the runs before the failure, then nothing */
		CHECK_INT(atomic_load(&pp.emit_err), -1);
		CHECK(emitted.len < want.len);
		CHECK(emitted.len == 0 ||
		    memcmp(emitted.p, want.p, emitted.len) == 0);
	}
	ts_prep_free(&pp);
	ts_set_free(&set);
	ts_set_free(&ref);
	ts_dedupe_free(&d);
	ts_key_free(&key);
	ts_buf_free(&all);
	ts_buf_free(&want);
	fclose(f);
}

int
main(void)
{
	test_write_runs(1, -1);
	test_write_runs(2, -1);
	test_write_runs(1, 3);
	test_write_runs(2, 0);
	test_workers(TS_KEY_FOLD, 2);
	test_workers(TS_KEY_NORMALIZE, 2);
	test_workers(TS_KEY_NORMALIZE, 3);
	test_stream(0, 1);
	test_stream(1, 1);
	test_stream(1, 0);
	test_stop_early();
	test_read_error();
	test_empty_keys_null_prep();
	return check_done("test_prep");
}
