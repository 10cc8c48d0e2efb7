/* test_text - JSON escaping, positions and the utf8proc layer. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "ts_buf.h"
#include "ts_err.h"
#include "ts_json.h"
#include "ts_pos.h"
#include "ts_unicode.h"
#include "ts_writer.h"

/* JSON of s through a pipe, into out. */
static size_t
json(const char *s, size_t len, char *out, size_t cap)
{
	int fds[2];
	ts_writer w;
	ssize_t n;

	if (pipe(fds) != 0)
		abort();
	ts_writer_init(&w, fds[1], 0);
	CHECK_INT(ts_json_string(&w, (const uint8_t *)s, len), 0);
	CHECK_INT(ts_flush(&w), 0);
	ts_writer_free(&w);
	close(fds[1]);
	n = read(fds[0], out, cap);
	close(fds[0]);
	return n < 0 ? 0 : (size_t)n;
}

#define JSON_IS(in, want) do {						\
	char out_[256];							\
	size_t n_ = json(in, sizeof(in) - 1, out_, sizeof out_);	\
	CHECK_MEM(out_, n_, want, sizeof(want) - 1);			\
	if (n_ != sizeof(want) - 1 || memcmp(out_, want, n_))		\
		fprintf(stderr, "\tgot %.*s\n", (int)n_, out_);		\
} while (0)

static void
test_json(void)
{
	JSON_IS("", "\"\"");
	JSON_IS("plain text", "\"plain text\"");
	JSON_IS("q\"b\\s/", "\"q\\\"b\\\\s/\"");
	JSON_IS("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	JSON_IS("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	JSON_IS("nul\0in", "\"nul\\u0000in\"");
	JSON_IS("caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d \xf0\x9f\x98\x80",
	    "\"caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d \xf0\x9f\x98\x80\"");
	JSON_IS("bad\xff\xe2\x82z", "\"bad\\ufffd\\ufffdz\"");
	JSON_IS("\xe2\x80\xa8\xe2\x80\xa9", "\"\\u2028\\u2029\"");
}

static void
test_pos(void)
{
	ts_pos p;

	ts_pos_init(&p);
	CHECK_INT(p.line, 1); CHECK_INT(p.col, 1); CHECK_INT(p.off, 0);
	ts_pos_advance(&p, (const uint8_t *)"ab\xc3\xa9", 4, '\n');
	CHECK_INT(p.line, 1); CHECK_INT(p.col, 4); CHECK_INT(p.off, 4);
	ts_pos_advance(&p, (const uint8_t *)"x\ny\xff\xe0\x80z", 7, '\n');
	CHECK_INT(p.line, 2); CHECK_INT(p.col, 6); CHECK_INT(p.off, 11);
	ts_pos_advance(&p, (const uint8_t *)"\n\n", 2, '\n');
	CHECK_INT(p.line, 4); CHECK_INT(p.col, 1);
	ts_pos_advance(&p, (const uint8_t *)"a\0b", 3, '\0');
	CHECK_INT(p.line, 5); CHECK_INT(p.col, 2);
}

#define XFORM_IS(form, flags, in, want) do {				\
	ts_buf b_ = TS_BUF_INIT;					\
	CHECK_INT(ts_transform(&u, (const uint8_t *)in, sizeof(in) - 1,	\
	    form, flags, &b_), 0);					\
	CHECK_MEM(b_.p, b_.len, want, sizeof(want) - 1);		\
	ts_buf_free(&b_);						\
} while (0)

static void
test_unicode(void)
{
	ts_unicode u = TS_UNICODE_INIT;
	ts_buf b = TS_BUF_INIT;
	char big[5000];
	size_t i;
	int32_t state = 0;

	/* The versions the tools report; DESIGN pins unicode-data to it. */
	CHECK(strcmp(ts_unicode_version(), "15.0.0") == 0);
	CHECK(strncmp(ts_utf8proc_version(), "2.", 2) == 0);

	XFORM_IS(TS_NFC, 0, "e\xcc\x81", "\xc3\xa9");
	XFORM_IS(TS_NFD, 0, "\xc3\xa9", "e\xcc\x81");
	XFORM_IS(TS_NFKC, 0, "\xef\xac\x81", "fi");		/* ligature */
	XFORM_IS(TS_NFKD, 0, "\xe2\x91\xa0", "1");		/* circled 1 */
	XFORM_IS(TS_NFC, 0, "\xe1\x84\x80\xe1\x85\xa1", "\xea\xb0\x80");	/* Hangul */
	/* Marks reordered by combining class. */
	XFORM_IS(TS_NFD, 0, "a\xcc\x81\xcc\xa3", "a\xcc\xa3\xcc\x81");
	XFORM_IS(TS_FORM_NONE, TS_CASEFOLD, "STRASSE Stra\xc3\x9f" "e", "strasse strasse");
	XFORM_IS(TS_NFC, TS_CASEFOLD, "\xc3\x89T\xc3\x89", "\xc3\xa9t\xc3\xa9");
	XFORM_IS(TS_NFC, TS_STRIPMARK, "\xc3\xa9t\xc3\xa9 na\xc3\xafve", "ete naive");
	XFORM_IS(TS_FORM_NONE, 0, "as is", "as is");

	/* Invalid input is refused, not half-converted. */
	CHECK_INT(ts_normalize(&u, (const uint8_t *)"a\xff", 2, TS_NFC, &b), TS_EUTF8);

	/* The scratch buffer grows for long spans. */
	for (i = 0; i + 3 <= sizeof big; i += 3)
		memcpy(big + i, "e\xcc\x81", 3);
	b.len = 0;
	CHECK_INT(ts_normalize(&u, (const uint8_t *)big, i, TS_NFC, &b), 0);
	CHECK_INT(b.len, i / 3 * 2);

	CHECK_INT(ts_form_parse("nfc"), TS_NFC);
	CHECK_INT(ts_form_parse("NFKD"), TS_NFKD);
	CHECK_INT(ts_form_parse("none"), TS_FORM_NONE);
	CHECK_INT(ts_form_parse("nfx"), -1);

	CHECK(ts_is_letter('a') && ts_is_letter(0x4e00) && !ts_is_letter('1'));
	CHECK(ts_is_number('7') && ts_is_number(0x0663) && !ts_is_number('x'));
	CHECK(ts_is_mark(0x301) && !ts_is_mark('a'));
	CHECK_INT(ts_combining_class(0x301), 230);
	CHECK_INT(ts_combining_class('a'), 0);
	CHECK(!ts_grapheme_break('e', 0x301, &state));
	state = 0;
	CHECK(ts_grapheme_break('a', 'b', &state));
	state = 0;
	CHECK(!ts_grapheme_break(0x1f1eb, 0x1f1f7, &state));	/* flag pair */

	ts_buf_free(&b);
	ts_unicode_free(&u);
}

int
main(void)
{
	test_json();
	test_pos();
	test_unicode();
	return check_done("test_text");
}
