/* test_counter.c - ts_counter: counts, growth, order of ts_counter_sorted. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "ts_counter.h"

#define S(s) (const uint8_t *)(s), sizeof(s) - 1

static int
not_b(void *ctx, const ts_counter_entry *e)
{
	(void)ctx;
	return !(e->len == 1 && e->key[0] == 'b');
}

int
main(void)
{
	ts_counter c;
	const ts_counter_entry **v, *e;
	char key[32];
	size_t i, n;
	uint64_t total;

	ts_counter_init(&c, 42);
	CHECK(ts_counter_get(&c, S("x")) == NULL);
	CHECK_INT(ts_counter_add(&c, S("b"), 1), 1);
	CHECK_INT(ts_counter_add(&c, S("a"), 1), 1);
	CHECK_INT(ts_counter_add(&c, S("b"), 2), 0);
	CHECK_INT(ts_counter_add(&c, S("ab"), 1), 1);
	CHECK_INT(ts_counter_add(&c, S("a\0b"), 3), 1);	/* bytes, not C strings */
	CHECK_INT(c.n, 4);
	CHECK_INT(ts_counter_get(&c, S("b"))->count, 3);
	CHECK_INT(ts_counter_get(&c, S("a\0b"))->count, 3);
	v = ts_counter_sorted(&c, 0);
	CHECK(v != NULL);
	/* count descending, then bytes: "a\0b" < "b" at 3; "a" < "ab" at 1 */
	CHECK_MEM(v[0]->key, v[0]->len, "a\0b", 3);
	CHECK_MEM(v[1]->key, v[1]->len, "b", 1);
	CHECK_MEM(v[2]->key, v[2]->len, "a", 1);
	CHECK_MEM(v[3]->key, v[3]->len, "ab", 2);
	free(v);
	v = ts_counter_sorted(&c, 1);
	CHECK_MEM(v[0]->key, v[0]->len, "a", 1);
	CHECK_MEM(v[1]->key, v[1]->len, "a\0b", 3);
	CHECK_MEM(v[3]->key, v[3]->len, "b", 1);
	free(v);

	/* Top n by a bounded heap: same order, filter applied. */
	{
		size_t nt;

		v = ts_counter_top(&c, 2, NULL, NULL, &nt);
		CHECK_INT(nt, 2);
		CHECK_MEM(v[0]->key, v[0]->len, "a\0b", 3);
		CHECK_MEM(v[1]->key, v[1]->len, "b", 1);
		free(v);
		v = ts_counter_top(&c, 2, not_b, NULL, &nt);
		CHECK_INT(nt, 2);
		CHECK_MEM(v[0]->key, v[0]->len, "a\0b", 3);
		CHECK_MEM(v[1]->key, v[1]->len, "a", 1);
		free(v);
		v = ts_counter_top(&c, 0, not_b, NULL, &nt);
		CHECK_INT(nt, 3);
		CHECK_MEM(v[2]->key, v[2]->len, "ab", 2);
		free(v);
	}

	/* Growth keeps every key and count. */
	for (i = 0; i < 100000; i++) {
		n = (size_t)snprintf(key, sizeof key, "k%zu", i % 50000);
		ts_counter_add(&c, (const uint8_t *)key, n, 1);
	}
	CHECK_INT(c.n, 50004);
	CHECK_INT(ts_counter_get(&c, S("k49999"))->count, 2);
	total = 0;
	for (i = 0; ts_counter_next(&c, &i, &e); )
		total += e->count;
	CHECK_INT(total, 100000 + 8);
	ts_counter_free(&c);
	CHECK_INT(c.n, 0);
	return check_done("test_counter");
}
