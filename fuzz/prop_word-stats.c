/* prop_word-stats - word-stats' own properties for tool_main.c.
 *
 * Besides the generic properties of tool_main.c (no crash, status,
 * messages, chunking invariance, re-entrancy: a word-stats that orders
 * equal counts by a randomly seeded hash fails the latter):
 *  - --tokens --no-fold (TOKENS|NOFOLD): the tokens are exactly the word
 *    segments of a reference walk over the input, line by line, with
 *    ts_word_next + ts_segment_is_word (the header's contract); and
 *    tokens put back with the non-word gaps between them give back the
 *    input byte for byte (each token is found at the walk's position,
 *    each gap holds no word);
 *  - --tokens (folded): as many tokens as the walk has words;
 *  - --format=tsv (TSV): "bytes" is the input size and "words" the
 *    number of words of the walk (so = the token count);
 *  - --sentences (SENT): as many records out as "sentences" in tsv;
 *  - --partial (PARTIAL): --merge of it gives what a plain run gives
 *    (same options minus --partial, plus --merge).
 * Not yet: json validity, permutation invariance of the totals. */
#include "tool_main.h"

#include "ts_segment.h"

const char tool_name[] = "word-stats";

#define TOKENS	0x100
#define NOFOLD	0x200
#define TSV	0x400
#define SENT	0x800
#define PARTIAL	0x1000

const struct tool_optset tool_optsets[] = {
	{ { NULL }, 0 },
	{ { "-t", "-z", NULL }, TOKENS },
	{ { "-t", "--no-fold", NULL }, TOKENS | NOFOLD },
	{ { "-", "--tokens", NULL }, TOKENS },
	{ { "--", "-", NULL }, 0 },
	{ { "--tokens", "-z", "--no-fold", NULL }, TOKENS | NOFOLD },
	{ { "-f", "tsv", NULL }, TSV },
	{ { "--format=tsv", "--no-fold", "-n", "0", NULL }, TSV },
	{ { "-f", "json", NULL }, 0 },
	{ { "-f", "json", "-r", "-n", "3", NULL }, 0 },
	{ { "--stopwords=en", "--min-length=3", "-f", "tsv", NULL }, TSV },
	{ { "--ngrams=2", "-f", "tsv", NULL }, TSV },
	{ { "--ngrams=16", "-n", "0", NULL }, 0 },
	{ { "-r", NULL }, 0 },
	{ { "-s", NULL }, SENT },
	{ { "--sentences", "-z", NULL }, SENT },
	{ { "--partial", NULL }, PARTIAL },
	{ { "--partial", "--ngrams=3", "--no-fold", NULL }, PARTIAL },
};
const size_t tool_noptsets = sizeof tool_optsets / sizeof tool_optsets[0];

/* The reference walk: word segments of each line. */
static size_t
ref_words(const uint8_t *p, size_t len, const uint8_t **w, size_t *wl)
{
	size_t at = 0, end, k, n = 0;
	const uint8_t *nl;

	while (at < len) {
		nl = memchr(p + at, '\n', len - at);
		end = nl ? (size_t)(nl - p) + 1 : len;
		while (at < end) {
			k = ts_word_next(p + at, end - at);
			FZ_CHECK(k >= 1);
			if (ts_segment_is_word(p + at, k)) {
				w[n] = p + at;
				wl[n++] = k;
			}
			at += k;
		}
	}
	return n;
}

/* The value of "key\tN\n" in tsv output, or -1. */
static long long
tsv_value(const struct tool_run *r, const char *key)
{
	size_t kl = strlen(key), i = 0;

	while (i < r->outlen) {
		const uint8_t *e = memchr(r->out + i, '\n', r->outlen - i);
		size_t l = e ? (size_t)(e - (r->out + i)) : r->outlen - i;

		if (l > kl && memcmp(r->out + i, key, kl) == 0 &&
		    r->out[i + kl] == '\t') {
			char num[32];
			size_t nl = l - kl - 1;

			FZ_CHECK(nl > 0 && nl < sizeof num);
			memcpy(num, r->out + i + kl + 1, nl);
			num[nl] = 0;
			return strtoll(num, NULL, 10);
		}
		i += l + 1;
	}
	return -1;
}

void
tool_prop(const struct tool_run *r)
{
	unsigned fl = r->opts->flags;
	uint8_t delim = tool_has_arg(r, "-z") ? '\0' : '\n';
	size_t max = r->inlen + 1, nw, nt, i, at;
	const uint8_t **w = malloc(max * sizeof *w);
	const uint8_t **t = malloc((r->outlen + 1) * sizeof *t);
	size_t *wl = malloc(max * sizeof *wl);
	size_t *tl = malloc((r->outlen + 1) * sizeof *tl);
	struct tool_run x;

	FZ_CHECK(w && t && wl && tl);
	if (r->status != 0)
		goto done;
	nw = ref_words(r->in, r->inlen, w, wl);
	nt = tool_records(r->out, r->outlen, delim, t, tl, r->outlen + 1);
	if (fl & TOKENS) {
		FZ_CHECK(nt == nw);
		FZ_CHECK(r->outlen == 0 || r->out[r->outlen - 1] == delim);
	}
	if ((fl & TOKENS) && (fl & NOFOLD)) {
		/* Tokens = the walk's words; tokens + gaps = the input. */
		for (i = 0, at = 0; i < nt; i++) {
			size_t gap = (size_t)(w[i] - r->in) - at, g, k;

			FZ_CHECK(tl[i] - 1 == wl[i] &&
			    memcmp(t[i], r->in + (size_t)(w[i] - r->in), wl[i]) == 0);
			for (g = at; g < at + gap; g += k) {
				k = ts_word_next(r->in + g, at + gap - g);
				FZ_CHECK(!ts_segment_is_word(r->in + g, k));
			}
			at += gap + wl[i];
		}
	}
	if (fl & TSV) {
		FZ_CHECK(tsv_value(r, "bytes") == (long long)r->inlen);
		FZ_CHECK(tsv_value(r, "words") == (long long)nw);
	}
	if ((fl & SENT) && !(delim == 0 && memchr(r->in, 0, r->inlen))) {
		/* (With -z a NUL inside a sentence splits its record: the
		 * output cannot say where sentences end then.) */
		static const struct tool_optset tsv = { { "-f", "tsv", NULL }, 0 };

		tool_run_input(&tsv, r->in, r->inlen, &x);
		FZ_CHECK(x.status == 0);
		FZ_CHECK(tsv_value(&x, "sentences") == (long long)nt);
		tool_run_free(&x);
	}
	if (fl & PARTIAL) {
		struct tool_optset plain = *r->opts, merge = { { "--merge", NULL }, 0 };
		struct tool_run y;
		size_t j = 0;

		for (i = 0; i < TOOL_MAXARGS && r->opts->args[i]; i++)
			if (strcmp(r->opts->args[i], "--partial") != 0)
				plain.args[j++] = r->opts->args[i];
		plain.args[j] = NULL;
		tool_run_input(&plain, r->in, r->inlen, &x);
		tool_run_input(&merge, r->out, r->outlen, &y);
		FZ_CHECK(x.status == 0 && y.status == 0);
		FZ_CHECK(x.outlen == y.outlen &&
		    memcmp(x.out, y.out, x.outlen) == 0);
		tool_run_free(&x), tool_run_free(&y);
	}
done:
	free(w), free(t), free(wl), free(tl);
}
