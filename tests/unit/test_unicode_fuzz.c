/* test_unicode_fuzz - regressions fuzz/fuzz_unicode.c found in
 * ts_unicode.c (run under `make sanitize` to see the UB ones). */
#include "check.h"
#include "ts_buf.h"
#include "ts_unicode.h"

/* transform_empty_null: an empty span into an empty buffer computed
 * NULL + 0 (undefined behaviour) before the encoding loop. */
static void
transform_empty_null(void)
{
	ts_unicode u = TS_UNICODE_INIT;
	ts_buf out = TS_BUF_INIT;

	CHECK_INT(ts_transform(&u, (const uint8_t *)"", 0, TS_NFC, 0, &out), 0);
	CHECK_INT(out.len, 0);
	CHECK_INT(ts_transform(&u, (const uint8_t *)"", 0, TS_NFKD,
	    TS_CASEFOLD | TS_STRIPMARK, &out), 0);
	CHECK_INT(out.len, 0);
	/* A lone mark stripped to nothing. */
	CHECK_INT(ts_transform(&u, (const uint8_t *)"\xCC\x81", 2, TS_NFC,
	    TS_STRIPMARK, &out), 0);
	CHECK_INT(out.len, 0);
	ts_buf_free(&out);
	ts_unicode_free(&u);
}

/* hangul_lv_tbase (fuzz_unicode, NFD(NFC(x)) != NFD(x)): utf8proc
 * 2.8.0 composed a Hangul LV syllable with U+11A7, which is no trailing
 * consonant, and dropped the U+11A7. */
static void
hangul_lv_tbase(void)
{
	static const struct {
		const char *in, *want;
		enum ts_form form;
		int flags;
	} cases[] = {
		{ "\xEA\xB0\x80\xE1\x86\xA7", "\xEA\xB0\x80\xE1\x86\xA7",
		    TS_NFC, 0 },
		{ "\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA7",
		    "\xEA\xB0\x80\xE1\x86\xA7", TS_NFKC, TS_CASEFOLD },
		{ "\xEA\xB0\x80\xE1\x86\xA7\xE1\x86\xA7\xEA\xB0\x80\xE1\x86\xA8",
		    "\xEA\xB0\x80\xE1\x86\xA7\xE1\x86\xA7\xEA\xB0\x81", TS_NFC,
		    0 },	/* U+11A8 is a T: 가 + ᆨ = 각 */
		{ "\xE1\x86\xA7\xCC\x81", "\xE1\x86\xA7\xCC\x81", TS_NFC, 0 },
	};
	ts_unicode u = TS_UNICODE_INIT;
	ts_buf out = TS_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		out.len = 0;
		CHECK_INT(ts_transform(&u, (const uint8_t *)cases[i].in,
		    strlen(cases[i].in), cases[i].form, cases[i].flags, &out),
		    0);
		CHECK_MEM(out.p, out.len, cases[i].want, strlen(cases[i].want));
	}
	ts_buf_free(&out);
	ts_unicode_free(&u);
}

int
main(void)
{
	transform_empty_null();
	hangul_lv_tbase();
	return check_done("test_unicode_fuzz");
}
