/* test_quote.c - the quotation scanner (ts_quote) and speaker rules
 * (ts_speaker): rows, offsets across window boundaries, chunking. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ts_buf.h"
#include "ts_quote.h"
#include "ts_speaker.h"
#include "ts_utf8.h"

/* Rows as "text|start|end|line|col|depth|open|close|u c t|speaker\n". */
static int
collect(const ts_quote_row *r, void *arg)
{
	ts_buf *b = arg;
	char num[160];

	ts_buf_append(b, r->text, r->len);
	snprintf(num, sizeof num, "|%llu|%llu|%llu|%llu|%u|",
	    (unsigned long long)r->start, (unsigned long long)r->end,
	    (unsigned long long)r->line, (unsigned long long)r->col, r->depth);
	ts_buf_append(b, num, strlen(num));
	ts_buf_append(b, r->open, r->open_len);
	ts_buf_putc(b, '|');
	ts_buf_append(b, r->close, r->close_len);
	snprintf(num, sizeof num, "|%d%d%d|", r->unclosed, r->continued,
	    r->truncated);
	ts_buf_append(b, num, strlen(num));
	if (r->speaker != NULL)
		ts_buf_append(b, r->speaker, r->speaker_len);
	ts_buf_putc(b, '\n');
	return 0;
}

/* Scan in in pieces of step bytes (0: at once); rows in out. */
static void
scan(const char *in, size_t len, const ts_quote_opts *o, size_t step,
    ts_buf *out)
{
	ts_quote *q = ts_quote_new(o, collect, out);
	size_t i, n;

	out->len = 0;
	if (step == 0)
		step = len ? len : 1;
	for (i = 0; i < len; i += n) {
		n = len - i < step ? len - i : step;
		ts_quote_feed(q, (const uint8_t *)in + i, n);
	}
	ts_quote_end(q);
	ts_quote_free(q);
	ts_buf_putc(out, '\0');
}

static void
expect(const char *in, const ts_quote_opts *o, const char *want,
    const char *file, int line)
{
	ts_buf out = TS_BUF_INIT;

	scan(in, strlen(in), o, 0, &out);
	CHECK_AT(strcmp((char *)out.p, want) == 0, file, line, in);
	if (strcmp((char *)out.p, want) != 0)
		fprintf(stderr, "\tgot:  %s\twant: %s", (char *)out.p, want);
	/* the same, a byte at a time */
	scan(in, strlen(in), o, 1, &out);
	CHECK_AT(strcmp((char *)out.p, want) == 0, file, line, "bytewise");
	ts_buf_free(&out);
}

/* The same with a length: input with NUL bytes. */
static void
expectn(const char *in, size_t len, const ts_quote_opts *o, const char *want,
    int line)
{
	ts_buf out = TS_BUF_INIT;

	scan(in, len, o, 0, &out);
	CHECK_AT(strcmp((char *)out.p, want) == 0, __FILE__, line, in);
	if (strcmp((char *)out.p, want) != 0)
		fprintf(stderr, "\tgot:  %s\twant: %s", (char *)out.p, want);
	ts_buf_free(&out);
}

#define EXPECT(in, o, want) expect((in), (o), (want), __FILE__, __LINE__)

static void
test_rows(void)
{
	ts_quote_opts o = { .max_length = 2000 }, s = o, sp = o;

	s.single_straight = true;
	sp.speakers = true;
	EXPECT("a “b” c", &o, "b|5|6|1|3|0|“|”|000|\n");
	EXPECT("“He said ‘no’.”", &o,
	    "He said ‘no’.|3|20|1|1|0|“|”|000|\nno|14|16|1|10|1|‘|’|000|\n");
	EXPECT("memo’s ’90s rock ’n’ roll 5′ 10″ O’Brien students’ union",
	    &o, "");
	EXPECT("don't 'tis rock 'n' roll students' union '90s", &s, "");
	EXPECT("'hi' there", &s, "hi|1|3|1|1|0|'|'|000|\n");
	EXPECT("'hi' there", &o, "");
	EXPECT("\"a\" b \"c\"", &o, "a|1|2|1|1|0|\"|\"|000|\nc|7|8|1|7|0|\"|\"|000|\n");
	EXPECT("“open  \n\nnext", &o, "open|3|7|1|1|0|“||100|\n");
	EXPECT("“one\n\n“two”", &o, "one\ntwo|3|14|1|1|0|“|”|010|\n");
	EXPECT("«\xc2\xa0oui\xc2\xa0»", &o, "oui|4|7|1|1|0|«|»|000|\n");
	EXPECT("``tex''", &o, "tex|2|5|1|1|0|``|''|000|\n");
	EXPECT("x\n  “y”", &o, "y|7|8|2|3|0|“|”|000|\n");
	EXPECT("“Go,” she said.", &sp, "Go,|3|6|1|1|0|“|”|000|she\n");
	EXPECT("“A,” he said. “B.”", &sp,
	    "A,|3|5|1|1|0|“|”|000|he\nB.|21|23|1|15|0|“|”|000|he\n");
	EXPECT("“A,” he said. Then “B.”", &sp,
	    "A,|3|5|1|1|0|“|”|000|he\nB.|26|28|1|20|0|“|”|000|\n");
	{
		/* the speaker context keeps the last bytes of a long gap:
		 * 400 + 2 + 22 bytes before “ */
		char in[700], want[64];

		memset(in, 'x', 400);
		for (size_t i = 5; i < 400; i += 6)
			in[i] = ' ';
		strcpy(in + 400, ". Smith told reporters: “Go.”");
		snprintf(want, sizeof want, "Go.|%zu|%zu|1|%zu|0|“|”|000|Smith\n",
		    (size_t)427, (size_t)430, (size_t)425);
		EXPECT(in, &sp, want);
	}
	{
		ts_quote_opts m = o;

		m.max_length = 3;
		EXPECT("“abcdef” “x”", &m,
		    "abc|3|6|1|1|0|“|”|001|\nx|16|17|1|10|0|“|”|000|\n");
	}
	{
		ts_quote_opts z = o;

		z.nul_docs = true;
		expectn("“a\0b “c”", 14, &z,
		    "a|3|4|1|1|0|“||100|\nc|10|11|1|6|0|“|”|000|\n",
		    __LINE__);
	}
}

/* Marks and multi-byte text placed across every window boundary. */
static void
test_boundaries(void)
{
	ts_quote_opts o = { .max_length = 2000 };
	ts_buf out = TS_BUF_INIT, ref = TS_BUF_INIT;
	const char *tail = " “ab ‘c’ memo’s” «\xc2\xa0" "d\xc2\xa0» \"e\"\n\n“f";
	size_t pad, base = 64 * 1024, len, i, bad = 0, adj;
	char *in, want[512];

	in = malloc(base + 200);
	for (pad = base - 48; pad < base + 8; pad++) {
		for (i = 0; i < pad; i++)
			in[i] = i % 3 == 2 ? ' ' : 'x';
		adj = pad % 2 == 0;	/* a 2-byte letter at the end */
		if (adj)
			memcpy(in + pad - 2, "\xc3\xa9", 2);
		len = pad + strlen(tail);
		memcpy(in + pad, tail, strlen(tail));
		scan(in, len, &o, 0, &out);
		snprintf(want, sizeof want,
		    "ab ‘c’ memo’s|%zu|%zu|1|%zu|0|“|”|000|\n"
		    "c|%zu|%zu|1|%zu|1|‘|’|000|\n"
		    "d|%zu|%zu|1|%zu|0|«|»|000|\n"
		    "e|%zu|%zu|1|%zu|0|\"|\"|000|\n"
		    "f|%zu|%zu|3|1|0|“||100|\n",
		    pad + 4, pad + 23, pad - adj + 2,
		    pad + 10, pad + 11, pad - adj + 6,
		    pad + 31, pad + 32, pad - adj + 18,
		    pad + 38, pad + 39, pad - adj + 24,
		    pad + 45, pad + 46);
		if (strcmp((char *)out.p, want) != 0) {
			if (bad++ == 0)
				fprintf(stderr, "pad %zu\n got: %s want: %s",
				    pad, (char *)out.p, want);
		}
		/* odd chunk sizes give the same rows */
		scan(in, len, &o, 4093, &ref);
		if (strcmp((char *)out.p, (char *)ref.p) != 0)
			bad++;
	}
	CHECK_INT(bad, 0);
	free(in);
	ts_buf_free(&out);
	ts_buf_free(&ref);
}

static void
test_words(void)
{
	const char *s = "don’t stop, 400,000 well-known — “x” 日本";

	CHECK_INT(ts_quote_words((const uint8_t *)s, strlen(s)), 6);
	CHECK_INT(ts_quote_words((const uint8_t *)"", 0), 0);
	CHECK_INT(ts_quote_words((const uint8_t *)" ,. ", 4), 0);
}

static void
speaker(bool after, const char *text, int32_t last, const char *spk,
    const char *cue, int line)
{
	ts_attrib a;
	bool ok = after ?
	    ts_speaker_after((const uint8_t *)text, strlen(text), last, &a) :
	    ts_speaker_before((const uint8_t *)text, strlen(text), &a);

	if (spk == NULL) {
		CHECK_AT(!ok, __FILE__, line, text);
		return;
	}
	CHECK_AT(ok && a.spk_len == strlen(spk) &&
	    memcmp(text + a.spk_off, spk, a.spk_len) == 0 &&
	    a.cue_len == strlen(cue) &&
	    memcmp(text + a.cue_off, cue, a.cue_len) == 0, __FILE__, line, text);
}

static void
test_speakers(void)
{
	speaker(true, " the memo said. More", ',', "the memo", "said", __LINE__);
	speaker(true, " said Mr. John Smith on Tuesday.", ',', "Mr. John Smith",
	    "said", __LINE__);
	speaker(true, " she added.", '?', "she", "added", __LINE__);
	speaker(true, " according to the report.", ',', "the report",
	    "according to", __LINE__);
	speaker(true, " the memo also stated.", ',', "the memo", "stated",
	    __LINE__);
	speaker(true, " Jane Smith, the chief executive, said.", ',',
	    "Jane Smith", "said", __LINE__);
	speaker(true, " Smith, 45, also told CNN.", ',', "Smith", "told",
	    __LINE__);
	speaker(true, " a spokesman for the ministry said.", ',',
	    "a spokesman for the ministry", "said", __LINE__);
	speaker(true, " said the head of the union.", ',',
	    "the head of the union", "said", __LINE__);
	speaker(true, " said Smith for the third time.", ',', "Smith", "said",
	    __LINE__);
	speaker(true, " was posted last week", ',', NULL, NULL, __LINE__);
	speaker(true, " would assert the willingness", 'p', NULL, NULL,
	    __LINE__);
	speaker(true, " He said the talks failed.", '.', NULL, NULL, __LINE__);
	speaker(true, " in a statement, Smith said", ',', NULL, NULL, __LINE__);
	speaker(false, "Smith told reporters: ", 0, "Smith", "told", __LINE__);
	speaker(false, "It rained. Then she said, ", 0, "she", "said",
	    __LINE__);
	speaker(false, "In a statement, the company wrote: ", 0, "the company",
	    "wrote", __LINE__);
	speaker(false, "According to Jones, ", 0, "Jones", "According to",
	    __LINE__);
	speaker(false, "The memo contends that a ", 0, NULL, NULL, __LINE__);
	speaker(false, "He said that ", 0, NULL, NULL, __LINE__);
	speaker(false, "The sign on the door read ", 0, NULL, NULL, __LINE__);
	speaker(false, "The sign on the door read: ", 0, "The sign on the door",
	    "read", __LINE__);
	CHECK(ts_speaker_blank((const uint8_t *)" , . ", 5));
	CHECK(!ts_speaker_blank((const uint8_t *)" he said", 8));
	CHECK(ts_speaker_verb((const uint8_t *)"Said", 4));
	CHECK(!ts_speaker_verb((const uint8_t *)"sail", 4));
}

/* ts_quote_units() against ts_count_units(): random strings built from
 * pieces of well-formed and ill-formed UTF-8, so that blocks of sixteen
 * bytes start and end everywhere inside sequences. */
static void
test_units(void)
{
	static const char *const pieces[] = { "a", "bcdefgh ", "\n",
	    "\xc3\xa9", "\xe2\x80\x99", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
	    "\xe2\x80", "\xe2", "\xc3", "\x80", "\xbf", "\xc0\xaf", "\xc1",
	    "\xe0\x80\x80", "\xe0\xa0\x80", "\xed\xa0\x80", "\xed\x9f\xbf",
	    "\xf4\x90\x80\x80", "\xf5", "\xff", "\xef\xbf\xbd", "\xdf\xbf",
	    "\xc2\xa0" };
	const size_t npieces = sizeof pieces / sizeof pieces[0];
	uint8_t buf[256];
	uint32_t seed = 12345;
	size_t len, k, round;

	CHECK_INT(ts_quote_units((const uint8_t *)"", 0), 0);
	CHECK_INT(ts_quote_units((const uint8_t *)
	    "0123456789abcdef\xc3\xa9\xe2\x80\x99", 21), 18);
	for (round = 0; round < 20000; round++) {
		len = 0;
		for (k = 0; k < 40; k++) {
			const char *p;

			seed = seed * 1103515245u + 12345u;
			/* well-formed pieces, and (but for every fourth
			 * string) one ill-formed one among them */
			p = pieces[(seed >> 16) % 7];
			if (k == round % 40 && round % 4 != 0)
				p = pieces[7 + (seed >> 8) % (npieces - 7)];
			if (len + strlen(p) > sizeof buf)
				break;
			memcpy(buf + len, p, strlen(p));
			len += strlen(p);
		}
		for (k = 0; k < len; k += 7)
			if (ts_quote_units(buf + k, len - k) !=
			    ts_count_units(buf + k, len - k)) {
				CHECK_INT(ts_quote_units(buf + k, len - k),
				    ts_count_units(buf + k, len - k));
				return;
			}
	}
	CHECK(1);
}

/* Rows do not depend on how the input is cut: large pieces are scanned
 * where they are (not copied into the window), small ones are copied;
 * cuts fall next to marks, inside code points and in long lines. */
static void
test_chunking(void)
{
	static const char *const pieces[] = { "word ", "“", "”", "‘", "’",
	    "\"", "'", "``", "''", "«\xc2\xa0", "\xc2\xa0»", "„", "“",
	    "é", "memo’s ", "rock ’n’ roll ", "\n", "\n\n", "\r\n", "said ",
	    "\xe2\x80\x94", "\xe2\x82\xac", "\xff", "「", "」", " " };
	const size_t npieces = sizeof pieces / sizeof pieces[0];
	ts_quote_opts o = { .max_length = 300, .speakers = true };
	ts_buf in = TS_BUF_INIT, ref = TS_BUF_INIT, out = TS_BUF_INIT;
	uint32_t seed = 7;
	size_t k, i, n, bad = 0, round;

	while (in.len < 300 * 1024) {
		seed = seed * 1103515245u + 12345u;
		k = (seed >> 16) % (npieces + 8);
		if (k >= npieces)	/* mostly plain words, long lines */
			ts_buf_append(&in, "plain text ", 11);
		else
			ts_buf_append(&in, pieces[k], strlen(pieces[k]));
	}
	for (round = 0; round < 2; round++) {
		o.no_columns = round == 1;
		scan((const char *)in.p, in.len, &o, 0, &ref);
		scan((const char *)in.p, in.len, &o, 1000, &out);
		bad += strcmp((char *)ref.p, (char *)out.p) != 0;
		for (k = 0; k < 6; k++) {
			ts_quote *q = ts_quote_new(&o, collect, &out);

			out.len = 0;
			for (i = 0; i < in.len; i += n) {
				seed = seed * 1103515245u + 12345u;
				/* around the in-place threshold, or tiny */
				n = k % 2 ? 16 * 1024 - 64 + (seed >> 16) % 256 :
				    (seed >> 16) % 3 == 0 ? (seed >> 8) % 64 + 1 :
				    (seed >> 8) % (70 * 1024) + 1;
				if (n > in.len - i)
					n = in.len - i;
				ts_quote_feed(q, in.p + i, n);
			}
			ts_quote_end(q);
			ts_quote_free(q);
			ts_buf_putc(&out, '\0');
			bad += strcmp((char *)ref.p, (char *)out.p) != 0;
		}
	}
	CHECK(ref.len > 10000);
	CHECK_INT(bad, 0);
	ts_buf_free(&in);
	ts_buf_free(&ref);
	ts_buf_free(&out);
}

int
main(void)
{
	test_chunking();
	test_units();
	test_rows();
	test_boundaries();
	test_words();
	test_speakers();
	return check_done("test_quote");
}
