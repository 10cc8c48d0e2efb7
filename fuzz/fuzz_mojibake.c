/* fuzz_mojibake - ts_mojibake_fix.
 *
 * Input byte 0 picks how to cut; the rest is made valid UTF-8 first
 * (each ill-formed unit per fuzz.h's reference decoder -> U+FFFD) and
 * the raw rest checks the ill-formed path.  Properties:
 *  - valid in, valid out; the result is >= 0 repairs;
 *  - no repair: the output is the input, byte for byte; ASCII-only
 *    input is never repaired;
 *  - a repair shortens: mojibake is two or more characters of two bytes
 *    or more for one character of at most four, so out <= in;
 *  - cutting the input at ASCII bytes (the header allows it: mojibake
 *    holds no ASCII) and fixing each piece gives the whole's output and
 *    the same number of repairs;
 *  - ASCII bytes pass through in order: the output's ASCII bytes are the
 *    input's;
 *  - ill-formed input: every ill-formed unit reaches the output
 *    unchanged (the output's ill-formed units = the input's).
 * The header does not promise idempotence (up to three rounds per run,
 * so text garbled four times is repaired three times), so it is not
 * checked; a second pass over the output must still give valid output. */
#include "fuzz.h"

#include "ts_buf.h"
#include "ts_mojibake.h"

static void
ascii_of(const uint8_t *p, size_t len, ts_buf *a)
{
	a->len = 0;
	for (size_t i = 0; i < len; i++)
		if (p[i] < 0x80)
			FZ_CHECK(ts_buf_putc(a, p[i]) == 0);
}

static void
bad_units(const uint8_t *p, size_t len, ts_buf *a)
{
	size_t i = 0, u;
	int32_t cp;

	a->len = 0;
	while (i < len) {
		u = ref_unit(p + i, len - i, &cp);
		if (cp < 0)
			FZ_CHECK(ts_buf_append(a, p + i, u) == 0);
		i += u;
	}
}

static int
same(const ts_buf *a, const ts_buf *b)
{
	return a->len == b->len && (a->len == 0 || memcmp(a->p, b->p, a->len) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ts_buf in = TS_BUF_INIT, out = TS_BUF_INIT, part = TS_BUF_INIT,
	    t1 = TS_BUF_INIT, t2 = TS_BUF_INIT;
	size_t i, u, start;
	long n, np;
	int32_t cp;
	uint8_t cut;
	uint64_t seed;

	if (size < 1)
		return 0;
	cut = data[0];
	data++, size--;
	for (i = 0; i < size; i += u) {
		u = ref_unit(data + i, size - i, &cp);
		if (cp < 0)
			FZ_CHECK(ts_buf_append(&in, "\xEF\xBF\xBD", 3) == 0);
		else
			FZ_CHECK(ts_buf_append(&in, data + i, u) == 0);
	}

	n = ts_mojibake_fix(in.p, in.len, &out);
	FZ_CHECK(n >= 0);
	FZ_CHECK(ref_valid_utf8(out.p, out.len));
	FZ_CHECK(out.len <= in.len);
	if (n == 0)
		FZ_CHECK(same(&in, &out));
	ascii_of(in.p, in.len, &t1);
	if (t1.len == in.len)
		FZ_CHECK(n == 0);
	ascii_of(out.p, out.len, &t2);
	FZ_CHECK(same(&t1, &t2));

	/* Cut at ASCII bytes, chosen by the seed. */
	seed = cut;
	np = 0, start = 0;
	for (i = 0; i < in.len; i++) {
		if (in.p[i] < 0x80 && fz_rand(&seed) % 3 == 0) {
			long r = ts_mojibake_fix(in.p + start, i + 1 - start, &part);
			FZ_CHECK(r >= 0);
			np += r;
			start = i + 1;
		}
	}
	{
		long r = in.len == 0 ? 0 :
		    ts_mojibake_fix(in.p + start, in.len - start, &part);

		FZ_CHECK(r >= 0);
		np += r;
	}
	FZ_CHECK(np == n && same(&part, &out));

	/* A second pass stays valid. */
	t1.len = 0;
	FZ_CHECK(ts_mojibake_fix(out.p, out.len, &t1) >= 0);
	FZ_CHECK(ref_valid_utf8(t1.p, t1.len));

	/* The raw input: ill-formed units pass unchanged. */
	t1.len = 0;
	FZ_CHECK(ts_mojibake_fix(data, size, &t1) >= 0);
	bad_units(data, size, &t2);
	bad_units(t1.p, t1.len, &part);
	FZ_CHECK(same(&t2, &part));

	ts_buf_free(&in), ts_buf_free(&out), ts_buf_free(&part);
	ts_buf_free(&t1), ts_buf_free(&t2);
	return 0;
}
