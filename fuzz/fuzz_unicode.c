/* fuzz_unicode - ts_transform / ts_normalize / ts_casefold (utf8proc).
 *
 * The input is made valid first (each ill-formed unit, per the reference
 * decoder, becomes U+FFFD); the raw input checks the error path.
 * Properties:
 *  - valid input is accepted (0) for every form and flag; invalid input
 *    gives TS_EUTF8 and appends nothing; the output is valid UTF-8;
 *  - each form is idempotent: f(f(x)) == f(x);
 *  - UAX #15 invariants: NFC(NFD(x)) == NFC(x), NFD(NFC(x)) == NFD(x),
 *    NFKC(x) == NFC(NFKD(x)) == NFKC(NFC(x)) == NFKC(NFD(x)),
 *    NFKD(x) == NFD(NFKD(x)) == NFKD(NFC(x));
 *  - TS_STRIPMARK leaves no combining mark (Mn, Mc, Me);
 *  - casefolding then NFC is stable under a second casefold+NFC when
 *    the input is already NFKC (the closure the tools rely on);
 *  - ASCII input is unchanged by every form (the fast path's premise);
 *  - one ts_unicode scratch reused across calls gives the results of a
 *    fresh one. */
#include "fuzz.h"

#include "ts_buf.h"
#include "ts_err.h"
#include "ts_unicode.h"
#include "ts_utf8.h"

static ts_unicode U = TS_UNICODE_INIT;	/* reused across inputs */

static void
xf(const uint8_t *p, size_t len, enum ts_form f, int flags, ts_buf *out)
{
	out->len = 0;
	FZ_CHECK(ts_transform(&U, p, len, f, flags, out) == 0);
	FZ_CHECK(ref_valid_utf8(out->p, out->len));
}

static int
same(const ts_buf *a, const ts_buf *b)
{
	return a->len == b->len && (a->len == 0 || memcmp(a->p, b->p, a->len) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ts_buf x = TS_BUF_INIT, nfc = TS_BUF_INIT, nfd = TS_BUF_INIT,
	    nfkc = TS_BUF_INIT, nfkd = TS_BUF_INIT, t = TS_BUF_INIT,
	    t2 = TS_BUF_INIT;
	ts_unicode fresh = TS_UNICODE_INIT;
	size_t i, n, before;
	int32_t cp;
	int valid = ref_valid_utf8(data, size), rc;

	/* The error path on the raw input. */
	FZ_CHECK(ts_buf_append(&t, "ab", 2) == 0);
	before = t.len;
	rc = ts_transform(&U, data, size, TS_NFC, 0, &t);
	if (valid)
		FZ_CHECK(rc == 0);
	else
		FZ_CHECK(rc == TS_EUTF8 && t.len == before);

	/* Valid text: ill-formed units become U+FFFD. */
	for (i = 0; i < size; i += n) {
		n = ref_unit(data + i, size - i, &cp);
		if (cp < 0)
			FZ_CHECK(ts_buf_append(&x, TS_REPLACEMENT_UTF8, 3) == 0);
		else
			FZ_CHECK(ts_buf_append(&x, data + i, n) == 0);
	}
	xf(x.p, x.len, TS_NFC, 0, &nfc);
	xf(x.p, x.len, TS_NFD, 0, &nfd);
	xf(x.p, x.len, TS_NFKC, 0, &nfkc);
	xf(x.p, x.len, TS_NFKD, 0, &nfkd);

	/* Idempotence. */
	xf(nfc.p, nfc.len, TS_NFC, 0, &t);	FZ_CHECK(same(&t, &nfc));
	xf(nfd.p, nfd.len, TS_NFD, 0, &t);	FZ_CHECK(same(&t, &nfd));
	xf(nfkc.p, nfkc.len, TS_NFKC, 0, &t);	FZ_CHECK(same(&t, &nfkc));
	xf(nfkd.p, nfkd.len, TS_NFKD, 0, &t);	FZ_CHECK(same(&t, &nfkd));
	/* UAX #15 invariants. */
	xf(nfd.p, nfd.len, TS_NFC, 0, &t);	FZ_CHECK(same(&t, &nfc));
	xf(nfc.p, nfc.len, TS_NFD, 0, &t);	FZ_CHECK(same(&t, &nfd));
	xf(nfkd.p, nfkd.len, TS_NFC, 0, &t);	FZ_CHECK(same(&t, &nfkc));
	xf(nfc.p, nfc.len, TS_NFKC, 0, &t);	FZ_CHECK(same(&t, &nfkc));
	xf(nfd.p, nfd.len, TS_NFKC, 0, &t);	FZ_CHECK(same(&t, &nfkc));
	xf(nfkd.p, nfkd.len, TS_NFD, 0, &t);	FZ_CHECK(same(&t, &nfkd));
	xf(nfc.p, nfc.len, TS_NFKD, 0, &t);	FZ_CHECK(same(&t, &nfkd));

	/* No marks left by STRIPMARK, whatever the form. */
	for (int f = TS_FORM_NONE; f <= TS_NFKD; f++) {
		const uint8_t *p, *end;

		xf(x.p, x.len, (enum ts_form)f, TS_STRIPMARK, &t);
		for (p = t.p, end = t.p + t.len; p < end; p += n) {
			n = ts_next(p, end, &cp);
			FZ_CHECK(cp != TS_INVALID && !ts_is_mark(cp));
		}
		xf(x.p, x.len, (enum ts_form)f, TS_CASEFOLD, &t);
	}
	/* Casefold + NFC over NFKC text is stable. */
	xf(nfkc.p, nfkc.len, TS_NFC, TS_CASEFOLD, &t);
	xf(t.p, t.len, TS_NFC, TS_CASEFOLD, &t2);
	FZ_CHECK(same(&t, &t2));

	/* ASCII is unchanged. */
	if (ts_ascii_span(data, size) == size)
		for (int f = TS_NFC; f <= TS_NFKD; f++) {
			xf(data, size, (enum ts_form)f, 0, &t);
			FZ_CHECK(t.len == size &&
			    (size == 0 || memcmp(t.p, data, size) == 0));
		}

	/* A fresh scratch gives the same as the reused one. */
	t.len = 0;
	FZ_CHECK(ts_transform(&fresh, x.p, x.len, TS_NFC, 0, &t) == 0);
	FZ_CHECK(same(&t, &nfc));
	ts_unicode_free(&fresh);

	ts_buf_free(&x), ts_buf_free(&nfc), ts_buf_free(&nfd);
	ts_buf_free(&nfkc), ts_buf_free(&nfkd), ts_buf_free(&t);
	ts_buf_free(&t2);
	return 0;
}
