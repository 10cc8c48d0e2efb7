/* test_segment.c - UAX #29 conformance: every case of Debian's
 * WordBreakTest.txt and SentenceBreakTest.txt through ts_word_next() and
 * ts_sentence_next(), the functions word-stats segments with; plus the
 * table's Unicode version and a few word-stats cases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ts_segment.h"
#include "ts_unicode.h"

#define UCD "/usr/share/unicode/auxiliary/"

typedef size_t (*next_fn)(const uint8_t *, size_t);

/* Run one test file; returns the number of cases. */
static int
conformance(const char *path, next_fn next)
{
	char line[4096], *tok, *save, *hash;
	uint8_t text[1024];
	int want[1024], got[1024], cases = 0, lineno = 0, ok;
	size_t len, pos, i;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		CHECK_AT(0, path, 0, "cannot open test file");
		return 0;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		lineno++;
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		len = 0;
		memset(want, 0, sizeof want);
		memset(got, 0, sizeof got);
		for (tok = strtok_r(line, " \t\n", &save); tok != NULL;
		    tok = strtok_r(NULL, " \t\n", &save)) {
			if (strcmp(tok, "\xC3\xB7") == 0)	/* ÷ */
				want[len] = 1;
			else if (strcmp(tok, "\xC3\x97") == 0)	/* × */
				continue;
			else
				len += ts_encode((int32_t)strtol(tok, NULL, 16),
				    text + len);
		}
		if (len == 0)
			continue;
		want[0] = 0;	/* sot: not a boundary we report */
		for (pos = 0; pos < len; ) {
			size_t n = next(text + pos, len - pos);

			if (n == 0 || n > len - pos)
				break;
			pos += n;
			got[pos] = 1;
		}
		ok = pos == len;
		for (i = 0; i <= len; i++)
			if (want[i] != got[i])
				ok = 0;
		CHECK_AT(ok, path, lineno, "boundaries differ");
		cases++;
	}
	fclose(f);
	return cases;
}

static size_t
count_words(const char *s)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t len = strlen(s), pos = 0, n, words = 0;

	while (pos < len) {
		n = ts_word_next(p + pos, len - pos);
		if (ts_segment_is_word(p + pos, n))
			words++;
		pos += n;
	}
	return words;
}

static size_t
count_sentences(const char *s)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t len = strlen(s), pos = 0, n = 0;

	while (pos < len) {
		pos += ts_sentence_next(p + pos, len - pos);
		n++;
	}
	return n;
}

int
main(void)
{
	/* Same Unicode version as utf8proc, checked against the data. */
	CHECK(strcmp(ts_unicode_version(), "15.0.0") == 0);
	CHECK_INT(conformance(UCD "WordBreakTest.txt", ts_word_next), 1823);
	CHECK_INT(conformance(UCD "SentenceBreakTest.txt", ts_sentence_next),
	    502);

	/* The examples: one word each. */
	CHECK_INT(count_words("can't"), 1);
	CHECK_INT(count_words("e.g."), 1);
	CHECK_INT(count_words("3.14"), 1);
	CHECK_INT(count_words("U.S."), 1);
	CHECK_INT(count_words("Hello, world!  -- 42 ..."), 3);
	CHECK_INT(count_words("\xE4\xB8\xAD\xE6\x96\x87"), 2);	/* 中文 */
	/* Invalid UTF-8 is not part of a word and always advances. */
	CHECK_INT(count_words("ab\xFF" "cd\xE2\x82"), 2);
	CHECK_INT(ts_word_next((const uint8_t *)"\xF0\x9F", 2), 2);	/* one unit */
	/* UAX #29 knows no abbreviations: "Mr. " ends a sentence. */
	CHECK_INT(count_sentences("Mr. Smith went. He left! OK"), 4);
	/* SB8: a lower-case letter after ATerm continues the sentence. */
	CHECK_INT(count_sentences("U.S. law. e.g. this"), 1);
	CHECK_INT(count_sentences("etc. and more.\nNext"), 2);
	CHECK_INT(ts_break_prop(TS_INVALID), 0);
	return check_done("test_segment");
}
