/* fuzz_norm - the streaming normalizer (ts_norm) and the normalize
 * pipeline (ts_clean): the output does not depend on how the input is
 * cut into pieces.
 *
 * Input: bytes 0-1 the ts_clean option bits, byte 2 the form (bits
 * 0-2), TS_CASEFOLD/TS_STRIPMARK (bits 3-4), --invalid (bits 5-6), NUL
 * records (bit 7); byte 3 seeds the cuts; the rest is the text.
 * Properties:
 *  - ts_clean: fed whole, or in random pieces (cut anywhere, also inside
 *    a code point), after a ts_clean_reset of a used object: the same
 *    output, the same result, the same ill-formed units reported at the
 *    same line:column; with replace or drop the output is valid UTF-8;
 *    with fail, TS_EUTF8 exactly when the input has an ill-formed unit;
 *  - with no cleanup options and --invalid=replace, the U+FFFD count of
 *    the output is the input's plus its ill-formed units (each unit one
 *    U+FFFD: nothing dropped silently, nothing invented);
 *  - ts_norm on valid text, fed in pieces cut at code point boundaries:
 *    the same as fed whole, and the same as ts_transform on the whole
 *    when no run of non-starters is longer than TS_NORM_SAFE_MAX (the
 *    only place where the Stream-Safe format inserts U+034F). */
#include "fuzz.h"

#include "ts_buf.h"
#include "ts_clean.h"
#include "ts_err.h"
#include "ts_norm.h"
#include "ts_unicode.h"

struct rep {
	uint64_t	 line[64], col[64];
	size_t		 n;
	int		 stop;
};

static int
report(void *arg, const ts_pos *pos, const uint8_t *unit, size_t len)
{
	struct rep *r = arg;
	int32_t cp;

	/* The unit is one maximal subpart. */
	FZ_CHECK(len >= 1 && ref_unit(unit, len, &cp) == len && cp < 0);
	if (r->n < 64) {
		r->line[r->n] = pos->line;
		r->col[r->n] = pos->col;
	}
	r->n++;
	return r->stop;
}

static int
run_clean(ts_clean *c, struct rep *rep, const uint8_t *p, size_t len,
    uint64_t *seed, ts_buf *out)
{
	size_t at = 0, n;
	int rc = 0;

	ts_clean_reset(c);
	memset(rep->line, 0, sizeof rep->line);
	memset(rep->col, 0, sizeof rep->col);
	rep->n = 0;
	c->report = report;
	c->report_arg = rep;
	out->len = 0;
	while (at < len) {
		n = seed ? 1 + fz_rand(seed) % 13 : len;
		if (n > len - at)
			n = len - at;
		rc = ts_clean_feed(c, p + at, n, 0, out);
		if (rc != 0)
			return rc;
		at += n;
	}
	return ts_clean_feed(c, NULL, 0, 1, out);
}

static size_t
count_fffd(const uint8_t *p, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i + 2 < len; i++)
		n += p[i] == 0xEF && p[i + 1] == 0xBF && p[i + 2] == 0xBD;
	return n;
}

static int
same(const ts_buf *a, const ts_buf *b)
{
	return a->len == b->len && (a->len == 0 || memcmp(a->p, b->p, a->len) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ts_clean c;
	ts_norm nm;
	ts_unicode u = TS_UNICODE_INIT;
	ts_buf o1 = TS_BUF_INIT, o2 = TS_BUF_INIT, v = TS_BUF_INIT;
	struct rep r1, r2;
	unsigned opts;
	int form, nflags, rc1, rc2, bad = 0;
	enum ts_invalid inv;
	uint8_t delim;
	uint64_t seed;
	size_t i, u8, run, maxrun;
	int32_t cp;

	if (size < 4)
		return 0;
	opts = ((unsigned)data[0] | (unsigned)data[1] << 8) & 0x1FFF;
	form = data[2] & 7;
	if (form > TS_NFKD)
		form = TS_NFC;
	nflags = (data[2] >> 3) & 3;
	inv = (enum ts_invalid)((data[2] >> 5) & 3);
	if (inv > TS_INV_FAIL)
		inv = TS_INV_REPLACE;
	delim = data[2] & 0x80 ? 0 : '\n';
	seed = data[3];
	data += 4, size -= 4;
	for (i = 0; i < size; i += ref_unit(data + i, size - i, &cp))
		if ((void)ref_unit(data + i, size - i, &cp), cp < 0)
			bad++;

	ts_clean_init(&c, (enum ts_form)form, nflags, opts, inv, delim);
	r1.stop = r2.stop = inv == TS_INV_FAIL;
	rc1 = run_clean(&c, &r1, data, size, NULL, &o1);
	rc2 = run_clean(&c, &r2, data, size, &seed, &o2);
	FZ_CHECK(rc1 == rc2);
	FZ_CHECK(rc1 == 0 || rc1 == TS_EUTF8);
	FZ_CHECK((rc1 == TS_EUTF8) == (inv == TS_INV_FAIL && bad > 0));
	FZ_CHECK(r1.n == r2.n);
	FZ_CHECK(memcmp(r1.line, r2.line, sizeof r1.line) == 0);
	FZ_CHECK(memcmp(r1.col, r2.col, sizeof r1.col) == 0);
	if (rc1 == 0) {
		FZ_CHECK(same(&o1, &o2));
		FZ_CHECK(r1.n == (size_t)bad);
		FZ_CHECK(ref_valid_utf8(o1.p, o1.len));
		if (opts == 0 && inv == TS_INV_REPLACE)
			FZ_CHECK(count_fffd(o1.p, o1.len) ==
			    count_fffd(data, size) + (size_t)bad);
	} else
		FZ_CHECK(r1.n == 1);
	ts_clean_free(&c);

	/* ts_norm on valid text. */
	for (i = 0; i < size; i += u8) {
		u8 = ref_unit(data + i, size - i, &cp);
		FZ_CHECK(ts_buf_append(&v, cp < 0 ? (const uint8_t *)"\xEF\xBF\xBD" :
		    data + i, cp < 0 ? 3 : u8) == 0);
	}
	ts_norm_init(&nm, (enum ts_form)form, nflags);
	o1.len = o2.len = 0;
	FZ_CHECK(ts_norm_feed(&nm, v.p, v.len, 1, &o1) == 0);
	FZ_CHECK(ref_valid_utf8(o1.p, o1.len));
	ts_norm_reset(&nm);
	for (i = 0; i < v.len; ) {
		size_t end = i + 1 + fz_rand(&seed) % 11;

		if (end > v.len)
			end = v.len;
		while (end < v.len && (v.p[end] & 0xC0) == 0x80)
			end++;
		FZ_CHECK(ts_norm_feed(&nm, v.p + i, end - i, 0, &o2) == 0);
		i = end;
	}
	FZ_CHECK(ts_norm_feed(&nm, NULL, 0, 1, &o2) == 0);
	FZ_CHECK(same(&o1, &o2));
	ts_norm_free(&nm);

	/* Runs of non-starters counted in the NFKD form: a starter such
	 * as U+04C1 decomposes to a starter and a non-starter, which
	 * Stream-Safe counts (UAX #15, section 13). */
	o2.len = 0;
	FZ_CHECK(ts_transform(&u, v.p, v.len, TS_NFKD, 0, &o2) == 0);
	maxrun = run = 0;
	for (i = 0; i < o2.len; i += u8) {
		u8 = ref_unit(o2.p + i, o2.len - i, &cp);
		run = ts_combining_class(cp) != 0 ? run + 1 : 0;
		if (run > maxrun)
			maxrun = run;
	}
	if (maxrun <= TS_NORM_SAFE_MAX && (form != TS_FORM_NONE || nflags)) {
		int tf = form == TS_FORM_NONE ? TS_NFC : form;

		if (form == TS_FORM_NONE && !(nflags & TS_STRIPMARK))
			tf = TS_FORM_NONE;
		o2.len = 0;
		FZ_CHECK(ts_transform(&u, v.p, v.len, (enum ts_form)tf, nflags,
		    &o2) == 0);
		FZ_CHECK(same(&o1, &o2));
	}
	ts_unicode_free(&u);
	ts_buf_free(&o1), ts_buf_free(&o2), ts_buf_free(&v);
	return 0;
}
