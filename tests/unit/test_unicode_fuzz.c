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

int
main(void)
{
	transform_empty_null();
	return check_done("test_unicode_fuzz");
}
