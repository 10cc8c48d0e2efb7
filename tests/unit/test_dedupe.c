/* test_dedupe - verdicts for batches of records (ts_dedupe). */
#include <string.h>

#include "check.h"
#include "ts_dedupe.h"
#include "ts_err.h"

static void
fill(ts_record *rec, const char *const *lines, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		rec[i].p = (const uint8_t *)lines[i];
		rec[i].len = strlen(lines[i]);
	}
}

/* Found by fuzz tool-dedupe-lines under UBSan: a batch whose keys are
 * all empty and built in the key buffer (here folded) left that buffer
 * NULL, and the key pointer was NULL + 0.  Fails under make sanitize
 * without the fix. */
static void
test_empty_keys_null(void)
{
	static const char *const in[] = { "\n", "", "\n" };
	ts_record rec[3];
	int v[TS_DEDUPE_BATCH];
	ts_key key;
	ts_set set;
	ts_dedupe d;

	fill(rec, in, 3);
	ts_key_init(&key);
	key.flags = TS_KEY_FOLD;
	CHECK_INT(ts_set_init(&set, 9, 0, 0, 0), 0);
	ts_dedupe_init(&d, &key, &set, NULL, '\n', 0);
	CHECK_INT(ts_dedupe_batch(&d, rec, 3, v), 0);
	CHECK(v[0] == TS_NEW && v[1] == TS_SEEN && v[2] == TS_SEEN);
	ts_dedupe_free(&d);
	ts_set_free(&set);
	ts_key_free(&key);
}

int
main(void)
{
	static const char *const in[] = { "a\n", "b\n", "a\n", "\n", " \n",
	    "A", "b" };
	ts_record rec[7];
	int v[TS_DEDUPE_BATCH], i;
	ts_key key;
	ts_set set;
	ts_tally tally;
	ts_dedupe d;
	ts_tally_entry *e;

	fill(rec, in, 7);
	/* Plain keys: duplicates within one batch, blank lines apart. */
	ts_key_init(&key);
	CHECK_INT(ts_set_init(&set, 9, 0, 0, 0), 0);
	ts_dedupe_init(&d, &key, &set, NULL, '\n', 1);
	CHECK_INT(ts_dedupe_batch(&d, rec, 7, v), 0);
	CHECK(v[0] == TS_NEW && v[1] == TS_NEW && v[2] == TS_SEEN);
	CHECK(v[3] == TS_BLANK && v[4] == TS_BLANK);
	CHECK(v[5] == TS_NEW && v[6] == TS_SEEN);	/* "b" = "b\n" */
	CHECK_INT(ts_dedupe_batch(&d, rec, 2, v), 0);	/* a later batch */
	CHECK(v[0] == TS_SEEN && v[1] == TS_SEEN);
	CHECK_INT(ts_dedupe_batch(&d, rec, TS_DEDUPE_BATCH + 1, v), TS_EINVAL);
	ts_dedupe_free(&d);
	ts_set_free(&set);

	/* Folded keys (built in a buffer, copied per batch), preloaded. */
	key.flags = TS_KEY_FOLD;
	CHECK_INT(ts_set_init(&set, 9, 0, 0, 0), 0);
	ts_dedupe_init(&d, &key, &set, NULL, '\n', 0);
	CHECK_INT(ts_dedupe_preload(&d, (const uint8_t *)"B\n", 2), 1);
	CHECK_INT(ts_dedupe_preload(&d, (const uint8_t *)"b", 1), 0);
	CHECK_INT(ts_dedupe_batch(&d, rec, 7, v), 0);
	CHECK(v[0] == TS_NEW && v[1] == TS_SEEN && v[2] == TS_SEEN);
	CHECK(v[3] == TS_NEW && v[4] == TS_NEW && v[5] == TS_SEEN);
	ts_dedupe_free(&d);
	ts_set_free(&set);

	/* With a tally: counts in first-seen order. */
	CHECK_INT(ts_set_init(&set, 9, 0, sizeof(ts_tally_entry), 0), 0);
	ts_tally_init(&tally, &set, 0);
	ts_dedupe_init(&d, &key, &set, &tally, '\n', 1);
	CHECK_INT(ts_dedupe_batch(&d, rec, 7, v), 0);
	CHECK(v[3] == TS_BLANK && v[5] == TS_SEEN);
	i = 0;
	for (e = tally.head; e != NULL; e = e->next, i++)
		if (i == 0)
			CHECK(e->count == 3 && e->len == 2 && e->line[0] == 'a');
		else if (i == 1)
			CHECK(e->count == 2 && e->line[0] == 'b');
		else
			CHECK(e->count == 1 && e->line[e->len - 1] == '\n');
	CHECK_INT(i, 4);
	ts_dedupe_free(&d);
	ts_set_free(&set);
	ts_key_free(&key);
	test_empty_keys_null();
	return check_done("test_dedupe");
}
