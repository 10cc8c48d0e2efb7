/* prop_extract-quotes - extract-quotes' own properties for tool_main.c.
 *
 * Besides the generic ones (no crash, status, messages, chunking
 * invariance, re-entrancy), on the real tool (not the skeleton):
 *  - --format=tsv (TSV; parsed here, \\ \n \t \r unescaped): a header
 *    line, then 14 fields a row; 0 <= start <= end <= input size; for a
 *    quotation neither continued nor truncated, input[start:end] is its
 *    text, byte for byte;
 *  - ranges nest: a quotation of depth d > 0 lies inside the nearest
 *    earlier one of depth d - 1 (rows come outer first), and two
 *    quotations' ranges never overlap partially (unless one is
 *    truncated: its end is then where its kept text stops);
 *  - no quotation that is not continued crosses a paragraph break (an
 *    empty line: "\n\n" inside input[start:end]);
 *  - --top-level: only depth 0;
 *  - an ASCII input without ", ' or ` has no quotation;
 *  - --format=jsonl (JSONL): one {...} object a line, as many as tsv rows
 *    (the JSON strings themselves are checked by the json harness). */
#include "tool_main.h"

#ifndef TS_SKELETON
#define TS_SKELETON 0
#endif

#define TSV	0x100
#define JSONL	0x200
#define TOP	0x400

const char tool_name[] = "extract-quotes";

const struct tool_optset tool_optsets[] = {
	{ { NULL }, 0 },
	{ { "-z", NULL }, 0 },
	{ { "--null", NULL }, 0 },
	{ { "-", NULL }, 0 },
	{ { "--", "-", NULL }, 0 },
#if !TS_SKELETON
	{ { "-f", "tsv", NULL }, TSV },
	{ { "--format=tsv", "-s", NULL }, TSV },
	{ { "-f", "tsv", "-S", NULL }, TSV },
	{ { "-f", "tsv", "-t", NULL }, TSV | TOP },
	{ { "-f", "tsv", "-m", "5", NULL }, TSV },
	{ { "-f", "tsv", "-w", "2", "-s", "-S", NULL }, TSV },
	{ { "-f", "tsv", "-z", NULL }, TSV },
	{ { "-f", "jsonl", NULL }, JSONL },
	{ { "--format=jsonl", "-s", "-S", NULL }, JSONL },
	{ { "-s", NULL }, 0 },
	{ { "-S", "-m", "1", NULL }, 0 },
	{ { "--top-level", "--single-straight", NULL }, 0 },
#endif
};
const size_t tool_noptsets = sizeof tool_optsets / sizeof tool_optsets[0];

#define NFIELDS 14

struct row {
	uint8_t		*text;
	size_t		 len;
	unsigned long long start, end, depth;
	int		 continued, truncated;
};

/* Unescape s[0..n) (\\ \n \t \r) into a new buffer. */
static uint8_t *
unescape(const uint8_t *s, size_t n, size_t *len)
{
	uint8_t *o = malloc(n + 1);
	size_t i, k = 0;

	FZ_CHECK(o != NULL);
	for (i = 0; i < n; i++) {
		if (s[i] == '\\') {
			FZ_CHECK(i + 1 < n);
			switch (s[++i]) {
			case '\\': o[k++] = '\\'; break;
			case 'n': o[k++] = '\n'; break;
			case 't': o[k++] = '\t'; break;
			case 'r': o[k++] = '\r'; break;
			default: FZ_CHECK(!"bad escape");
			}
		} else
			o[k++] = s[i];
	}
	*len = k;
	return o;
}

static unsigned long long
number(const uint8_t *s, size_t n)
{
	unsigned long long v = 0;

	FZ_CHECK(n > 0 && n < 20);
	for (size_t i = 0; i < n; i++) {
		FZ_CHECK(s[i] >= '0' && s[i] <= '9');
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	return v;
}

static int
is_true(const uint8_t *s, size_t n)
{
	FZ_CHECK((n == 4 && memcmp(s, "true", 4) == 0) ||
	    (n == 5 && memcmp(s, "false", 5) == 0));
	return n == 4;
}

/* Parse the tsv output into rows; returns their number. */
static size_t
parse_tsv(const struct tool_run *r, struct row *rows, size_t max)
{
	const uint8_t *p = r->out, *end = r->out + r->outlen, *nl;
	const uint8_t *f[NFIELDS + 1];
	size_t fl[NFIELDS + 1], n = 0, k;

	nl = memchr(p, '\n', (size_t)(end - p));
	FZ_CHECK(nl != NULL);
	FZ_CHECK((size_t)(nl - p) == strlen("text\tstart\tend\tline\tcol\tdepth\t"
	    "open\tclose\twords\tunclosed\tcontinued\ttruncated\tspeaker\tcue"));
	for (p = nl + 1; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		FZ_CHECK(nl != NULL && n < max);
		for (k = 0; k < NFIELDS; k++) {
			const uint8_t *t = memchr(p, '\t', (size_t)(nl - p));

			f[k] = p;
			if (t == NULL) {
				fl[k] = (size_t)(nl - p);
				p = nl;
				break;
			}
			fl[k] = (size_t)(t - p);
			p = t + 1;
		}
		FZ_CHECK(k == NFIELDS - 1);
		rows[n].text = unescape(f[0], fl[0], &rows[n].len);
		rows[n].start = number(f[1], fl[1]);
		rows[n].end = number(f[2], fl[2]);
		rows[n].depth = number(f[5], fl[5]);
		rows[n].continued = is_true(f[10], fl[10]);
		rows[n].truncated = is_true(f[11], fl[11]);
		n++;
	}
	return n;
}

static void
check_rows(const struct tool_run *r, const struct row *rows, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct row *w = &rows[i];

		FZ_CHECK(w->start <= w->end && w->end <= r->inlen);
		if (tool_has_arg(r, "-t"))
			FZ_CHECK(w->depth == 0);
		if (!w->continued && !w->truncated)
			FZ_CHECK(w->len == w->end - w->start &&
			    memcmp(r->in + w->start, w->text, w->len) == 0);
		if (!w->continued && w->end - w->start >= 2)
			FZ_CHECK(memmem(r->in + w->start, w->end - w->start,
			    "\n\n", 2) == NULL);
		if (w->depth > 0) {
			/* The nearest earlier row one level up holds it. */
			for (j = i; j-- > 0;)
				if (rows[j].depth == w->depth - 1)
					break;
			FZ_CHECK(j < i);
			/* (A truncated row's end is where its text stops.) */
			if (!rows[j].truncated)
				FZ_CHECK(rows[j].start <= w->start &&
				    w->end <= rows[j].end);
		}
		for (j = 0; j < i; j++) {
			const struct row *v = &rows[j];
			int disjoint = v->end <= w->start || w->end <= v->start;
			int nested = (v->start <= w->start && w->end <= v->end) ||
			    (w->start <= v->start && v->end <= w->end);

			FZ_CHECK(disjoint || nested || v->truncated ||
			    w->truncated);
		}
	}
}

void
tool_prop(const struct tool_run *r)
{
	unsigned fl = r->opts->flags;
	size_t max = r->outlen / 2 + 1, n, i, plain = 1;
	struct row *rows;

	if (TS_SKELETON || r->status != 0)
		return;
	for (i = 0; i < r->inlen; i++)
		if (r->in[i] >= 0x80 || r->in[i] == '"' || r->in[i] == '\'' ||
		    r->in[i] == '`')
			plain = 0;
	if (plain && !(fl & TSV))
		FZ_CHECK(r->outlen == 0);
	if (fl & JSONL) {
		static const struct tool_optset tsv = { { "-f", "tsv", NULL }, 0 };
		struct tool_optset t = tsv;
		struct tool_run x;
		size_t lines = 0, k;

		for (i = 0; i < r->outlen; i = k + 1) {
			const uint8_t *nl = memchr(r->out + i, '\n', r->outlen - i);

			FZ_CHECK(nl != NULL);
			k = (size_t)(nl - r->out);
			FZ_CHECK(k > i + 1 && r->out[i] == '{' && r->out[k - 1] == '}');
			lines++;
		}
		/* The same options in tsv: as many rows. */
		for (i = 0, k = 2; i < TOOL_MAXARGS && r->opts->args[i] &&
		    k + 1 < TOOL_MAXARGS; i++)
			if (strncmp(r->opts->args[i], "--format", 8) != 0 &&
			    strcmp(r->opts->args[i], "-f") != 0 &&
			    strcmp(r->opts->args[i], "jsonl") != 0)
				t.args[k++] = r->opts->args[i];
		t.args[k] = NULL;
		tool_run_input(&t, r->in, r->inlen, &x);
		FZ_CHECK(x.status == 0);
		for (i = 0, k = 0; i < x.outlen; i++)
			k += x.out[i] == '\n';
		FZ_CHECK(k == lines + 1);	/* + the header */
		tool_run_free(&x);
	}
	if (!(fl & TSV))
		return;
	rows = calloc(max, sizeof *rows);
	FZ_CHECK(rows != NULL);
	n = parse_tsv(r, rows, max);
	if (plain)
		FZ_CHECK(n == 0);
	/* With -z, offsets are those of the whole input only while there
	 * is one document; the checks need one. */
	if (!(tool_has_arg(r, "-z") && memchr(r->in, 0, r->inlen) != NULL))
		check_rows(r, rows, n);
	for (i = 0; i < n; i++)
		free(rows[i].text);
	free(rows);
}
