/* fuzz_segment - ts_word_next / ts_sentence_next / ts_segment_is_word.
 *
 * Properties, on raw bytes (ill-formed units included):
 *  - word segments and sentences tile the input exactly: each call
 *    returns 1..remaining bytes (0 only for an empty span), the pieces
 *    concatenate to the input;
 *  - every boundary falls between units of the reference decoder
 *    (fuzz.h), never inside a code point or a maximal subpart;
 *  - a word boundary comes before every ill-formed unit, and a segment
 *    holding one is not a word (an ill-formed unit is Other);
 *  - ts_segment_is_word == "holds a letter or number" by a reference
 *    walk (ref_unit + ts_is_letter/ts_is_number);
 *  - a line feed ends a word segment and a sentence: segmenting each
 *    line on its own (the tools' way) gives the boundaries of
 *    segmenting the whole text;
 *  - a sentence holds at most one line feed, at its end. */
#include "fuzz.h"

#include "ts_segment.h"
#include "ts_unicode.h"

typedef size_t (*segfn)(const uint8_t *, size_t);

/* Boundaries of p[0..len) by fn into b (b[0] = 0 ... b[n] = len). */
static size_t
bounds(segfn fn, const uint8_t *p, size_t len, size_t *b)
{
	size_t n = 0, at = 0, k;

	b[n++] = 0;
	while (at < len) {
		k = fn(p + at, len - at);
		FZ_CHECK(k >= 1 && k <= len - at);
		at += k;
		b[n++] = at;
	}
	FZ_CHECK(fn(p + len, 0) == 0);
	return n;
}

/* The same, line by line (each line with its '\n'). */
static size_t
bounds_lines(segfn fn, const uint8_t *p, size_t len, size_t *b)
{
	size_t n = 1, at = 0, end, m, i;
	const uint8_t *nl;

	b[0] = 0;
	while (at < len) {
		nl = memchr(p + at, '\n', len - at);
		end = nl ? (size_t)(nl - p) + 1 : len;
		m = bounds(fn, p + at, end - at, b + n - 1);
		for (i = n - 1; i < n - 1 + m; i++)
			b[i] += at;
		n += m - 1;
		at = end;
	}
	return n;
}

static int
ref_is_word(const uint8_t *p, size_t len)
{
	size_t i = 0;
	int32_t cp;

	while (i < len) {
		i += ref_unit(p + i, len - i, &cp);
		if (cp >= 0 && (ts_is_letter(cp) || ts_is_number(cp)))
			return 1;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t *wb = malloc((size + 2) * sizeof *wb);
	size_t *sb = malloc((size + 2) * sizeof *sb);
	size_t *lb = malloc((size + 2) * sizeof *lb);
	uint8_t *unitstart = calloc(size + 1, 1);
	uint8_t *bad = calloc(size + 1, 1);
	uint8_t *p = malloc(size ? size : 1);	/* exact size for ASan */
	size_t nw, ns, nl, i, j, u;
	int32_t cp;

	FZ_CHECK(wb && sb && lb && unitstart && bad && p);
	memcpy(p, data, size);
	for (i = 0; i < size; i += u) {
		u = ref_unit(p + i, size - i, &cp);
		unitstart[i] = 1;
		bad[i] = cp < 0;
	}
	unitstart[size] = 1;

	nw = bounds(ts_word_next, p, size, wb);
	for (i = 0; i < nw; i++)
		FZ_CHECK(unitstart[wb[i]]);
	for (i = 0, j = 0; i < size; i++) {
		while (wb[j] < i)
			j++;
		if (bad[i])
			FZ_CHECK(wb[j] == i);	/* a boundary before it */
	}
	for (i = 0; i + 1 < nw; i++) {
		const uint8_t *s = p + wb[i];
		size_t l = wb[i + 1] - wb[i];
		int w = ts_segment_is_word(s, l);

		FZ_CHECK(w == ref_is_word(s, l));
		if (bad[wb[i]])
			FZ_CHECK(!w);
		/* '\n' is a segment of its own (or ends "\r\n"). */
		if (memchr(s, '\n', l) != NULL)
			FZ_CHECK((l == 1 && s[0] == '\n') ||
			    (l == 2 && s[0] == '\r' && s[1] == '\n'));
	}
	nl = bounds_lines(ts_word_next, p, size, lb);
	FZ_CHECK(nl == nw && memcmp(lb, wb, nw * sizeof *wb) == 0);

	ns = bounds(ts_sentence_next, p, size, sb);
	for (i = 0; i < ns; i++)
		FZ_CHECK(unitstart[sb[i]]);
	for (i = 0; i + 1 < ns; i++) {
		const uint8_t *nlp = memchr(p + sb[i], '\n', sb[i + 1] - sb[i]);
		/* A line feed ends its sentence. */
		FZ_CHECK(nlp == NULL || (size_t)(nlp - p) + 1 == sb[i + 1]);
	}
	nl = bounds_lines(ts_sentence_next, p, size, lb);
	FZ_CHECK(nl == ns && memcmp(lb, sb, ns * sizeof *sb) == 0);

	free(wb), free(sb), free(lb), free(unitstart), free(bad), free(p);
	return 0;
}
