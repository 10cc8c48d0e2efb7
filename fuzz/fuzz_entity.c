/* fuzz_entity - ts_entity_decode.
 *
 * The input, with an '&' put in front, is passed in a buffer of exactly
 * its size (ASan catches a read past len), whole and as every prefix.
 * Properties:
 *  - the result is TS_ENTITY_MORE, 0, or 1..len (consumed <= len);
 *    TS_ENTITY_MORE only when !at_end and len < TS_ENTITY_MAX;
 *  - 0 and TS_ENTITY_MORE append nothing; a reference appends 1 or 2
 *    code points of valid UTF-8 and consumes at least 3 bytes ("&lt");
 *  - prefix stability: once a prefix with !at_end decides (not MORE),
 *    every longer input, with or without at_end, decides the same
 *    (same result, same bytes appended); with len >= TS_ENTITY_MAX
 *    at_end makes no difference;
 *  - a named reference that consumed n bytes is a name of the table:
 *    ts_entity_lookup(p + 1, n - 1) gives the code points appended. */
#include "fuzz.h"

#include "ts_buf.h"
#include "ts_entity.h"
#include "ts_err.h"
#include "ts_utf8.h"

struct res {
	long	 r;
	uint8_t	 out[16];
	size_t	 outlen;
};

static void
decode(const uint8_t *src, size_t len, int at_end, struct res *res)
{
	uint8_t *p = malloc(len ? len : 1);	/* exactly len bytes */
	ts_buf out = TS_BUF_INIT;

	FZ_CHECK(p != NULL);
	memcpy(p, src, len);
	FZ_CHECK(ts_buf_append(&out, "x", 1) == 0);
	res->r = ts_entity_decode(p, len, at_end, &out);
	FZ_CHECK(res->r == TS_ENTITY_MORE || (res->r >= 0 &&
	    (size_t)res->r <= len));
	if (res->r == TS_ENTITY_MORE)
		FZ_CHECK(!at_end && len < TS_ENTITY_MAX);
	if (res->r <= 0)
		FZ_CHECK(out.len == 1);
	else {
		FZ_CHECK(res->r >= 3);
		FZ_CHECK(out.len >= 2 && out.len - 1 <= 8);
		FZ_CHECK(ref_valid_utf8(out.p + 1, out.len - 1));
		FZ_CHECK(ts_count_units(out.p + 1, out.len - 1) <= 2);
	}
	res->outlen = out.len - 1;
	if (res->outlen)
		memcpy(res->out, out.p + 1, res->outlen);
	ts_buf_free(&out);
	free(p);
}

static int
same(const struct res *a, const struct res *b)
{
	return a->r == b->r && a->outlen == b->outlen &&
	    memcmp(a->out, b->out, a->outlen) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *p;
	size_t len, k;
	struct res whole0, whole1, pre, decided = { 0 };
	int have = 0;

	if (size > 4 * TS_ENTITY_MAX)
		size = 4 * TS_ENTITY_MAX;
	len = size + 1;
	p = malloc(len);
	FZ_CHECK(p != NULL);
	p[0] = '&';
	memcpy(p + 1, data, size);

	decode(p, len, 0, &whole0);
	decode(p, len, 1, &whole1);
	if (whole0.r != TS_ENTITY_MORE)
		FZ_CHECK(same(&whole0, &whole1));
	if (len >= TS_ENTITY_MAX)
		FZ_CHECK(whole0.r != TS_ENTITY_MORE);
	for (k = 1; k <= len; k++) {
		decode(p, k, 0, &pre);
		if (have)
			FZ_CHECK(same(&pre, &decided));
		else if (pre.r != TS_ENTITY_MORE) {
			decided = pre, have = 1;
			FZ_CHECK(same(&pre, &whole1));
		}
		if (k < len && k < 80) {	/* at_end on a prefix: anything valid */
			decode(p, k, 1, &pre);
		}
	}
	/* A named reference is a name of the table. */
	if (whole1.r > 0 && whole1.r >= 2 && p[1] != '#') {
		uint32_t cp[2];
		int n = ts_entity_lookup((const char *)p + 1,
		    (size_t)whole1.r - 1, cp);
		size_t i = 0, u = 0;
		int32_t c;

		FZ_CHECK(n == 1 || n == 2);
		while (i < whole1.outlen) {
			i += ts_next(whole1.out + i, whole1.out + whole1.outlen, &c);
			FZ_CHECK(u < (size_t)n && (uint32_t)c == cp[u]);
			u++;
		}
		FZ_CHECK(u == (size_t)n);
	}
	free(p);
	return 0;
}
