/* prop_dedupe-lines - dedupe-lines' own properties for tool_main.c.
 *
 * With no key options, a record's key is its bytes without the
 * delimiter.  Active now (skeleton and real tool):
 *  - the output is a subsequence of the input records, byte for byte;
 *  - every distinct key of the input appears in the output.
 * Active once src/dedupe-lines.c is no longer the skeleton:
 *  - no key appears twice in the output, and the output is exactly the
 *    first occurrence of each key (compared with a reference computed
 *    here by brute force).
 *
 * With the real tool's option sets (flags below):
 *  - plain (no key option), --hash-only (on fuzzer-sized inputs a
 *    128-bit collision would be a finding), a roomy --max-memory: the
 *    exact check above;
 *  - -i (FOLDKEY): the exact check with the key computed here by a
 *    reference walk: each code point case-folded on its own by
 *    ts_casefold (full case folding maps code point by code point),
 *    each ill-formed unit (fuzz.h's decoder) copied;
 *  - every keyed option (KEYED: fields, chars, --normalize, ...), whose
 *    keys are not recomputed here: the output is a subsequence of the
 *    input; no two output records share a key: dedupe(out) == out; every
 *    key of the input is in the output: dedupe(out + in) == out (out
 *    completed with a delimiter) -- both with the same options;
 *  - --keep=last (LAST): the same three checks as KEYED (the last
 *    check run with --keep=first);
 *  - --keep-blank (BLANKS): the first two only (blank records pass
 *    again by design);
 *  - -c (COUNT): the counts sum to the number of input records, and the
 *    lines after the count prefix are the plain output;
 *  - -d and -u (REPEATED, UNIQUE): the plain output split in two: each
 *    is a subsequence of it, and together they are all of it (with the
 *    key-occurs-once test done here on exact keys);
 *  - --on-full=pass with a tiny --max-memory (PASS): nothing lost: every
 *    distinct record of the input is in the output, a subsequence. */
#include "tool_main.h"

#include "ts_buf.h"
#include "ts_unicode.h"

#ifndef TS_SKELETON
#define TS_SKELETON 0
#endif

#define KEYED	0x100	/* keys are not the plain record bytes */
#define FOLDKEY	0x200	/* -i: key = reference case fold */
#define LAST	0x400	/* --keep=last */
#define COUNT	0x800	/* -c */
#define REPEATED 0x1000	/* -d */
#define UNIQUE	0x2000	/* -u */
#define PASS	0x4000	/* --on-full=pass */
#define BLANKS	0x8000	/* --keep-blank: blank records always pass */

const char tool_name[] = "dedupe-lines";

const struct tool_optset tool_optsets[] = {
	{ { NULL }, 0 },
	{ { "-z", NULL }, 0 },
	{ { "--null", NULL }, 0 },
	{ { "-", NULL }, 0 },
	{ { "--", "-", NULL }, 0 },
	{ { "--hash-only", NULL }, 0 },
	{ { "--hash-only", "-z", NULL }, 0 },
	{ { "--max-memory=64M", NULL }, 0 },
	{ { "-i", NULL }, FOLDKEY },
	{ { "--ignore-case", "-z", NULL }, FOLDKEY },
	{ { "-i", "--hash-only", NULL }, FOLDKEY },
	{ { "--normalize", NULL }, KEYED },
	{ { "-f", "1", NULL }, KEYED },
	{ { "-s", "2", NULL }, KEYED },
	{ { "-w", "3", NULL }, KEYED },
	{ { "-s", "1", "-w", "2", "-i", NULL }, KEYED },
	{ { "-k", "2", "-t", ",", NULL }, KEYED },
	{ { "--key=1,3-", "-z", NULL }, KEYED },
	{ { "--keep-blank", NULL }, KEYED | BLANKS },
	{ { "--normalize", "--keep-blank", "--hash-only", NULL }, KEYED | BLANKS },
	{ { "--keep=last", NULL }, LAST },
	{ { "--keep=last", "-i", NULL }, LAST | KEYED },
	{ { "-c", NULL }, COUNT },
	{ { "--count", "-z", NULL }, COUNT },
	{ { "-d", NULL }, REPEATED },
	{ { "-u", NULL }, UNIQUE },
	{ { "--unique", "-z", NULL }, UNIQUE },
	{ { "--max-memory=17K", "--on-full=pass", NULL }, PASS },
	{ { "--max-memory=17K", NULL }, 0 },
};
const size_t tool_noptsets = sizeof tool_optsets / sizeof tool_optsets[0];

static size_t
keylen(const uint8_t *p, size_t len, uint8_t delim)
{
	return len > 0 && p[len - 1] == delim ? len - 1 : len;
}

static int
same_key(const uint8_t *a, size_t al, const uint8_t *b, size_t bl,
    uint8_t delim)
{
	al = keylen(a, al, delim), bl = keylen(b, bl, delim);
	return al == bl && memcmp(a, b, al) == 0;
}

static int
same_rec(const uint8_t *a, size_t al, const uint8_t *b, size_t bl,
    uint8_t delim)
{
	return same_key(a, al, b, bl, delim);
}

/* The reference case fold of p[0..len) (without the delimiter). */
static uint8_t *
ref_fold(ts_unicode *u, const uint8_t *p, size_t len, size_t *olen)
{
	ts_buf out = TS_BUF_INIT;
	size_t i = 0, n;
	int32_t cp;

	while (i < len) {
		n = ref_unit(p + i, len - i, &cp);
		if (cp < 0)
			FZ_CHECK(ts_buf_append(&out, p + i, n) == 0);
		else
			FZ_CHECK(ts_casefold(u, p + i, n, &out) == 0);
		i += n;
	}
	FZ_CHECK(ts_buf_append(&out, "", 1) == 0);	/* never NULL */
	*olen = out.len - 1;
	return out.p;
}

/* Run the tool with o on a ++ b (a completed with delim). */
static void
run_cat(const struct tool_optset *o, const uint8_t *a, size_t al,
    const uint8_t *b, size_t bl, uint8_t delim, struct tool_run *r)
{
	uint8_t *c = malloc(al + bl + 2);
	size_t n = 0;

	FZ_CHECK(c != NULL);
	if (al > 0)
		memcpy(c, a, al);
	n = al;
	if (al > 0 && a[al - 1] != delim)
		c[n++] = delim;
	if (bl > 0)
		memcpy(c + n, b, bl);
	n += bl;
	tool_run_input(o, c, n, r);
	free(c);
}

static void
must_equal(const struct tool_run *x, const uint8_t *p, size_t len)
{
	FZ_CHECK(x->status == 0);
	FZ_CHECK(x->outlen == len && memcmp(x->out, p, len) == 0);
}

static int
is_subsequence(const uint8_t **in, const size_t *inl, size_t ni,
    const uint8_t **out, const size_t *outl, size_t no, uint8_t delim)
{
	size_t i = 0, j;

	for (j = 0; j < no; j++) {
		while (i < ni && !same_rec(in[i], inl[i], out[j], outl[j], delim))
			i++;
		if (i == ni)
			return 0;
		i++;
	}
	return 1;
}

static const struct tool_optset plain = { { NULL }, 0 };
static const struct tool_optset plainz = { { "-z", NULL }, 0 };

void
tool_prop(const struct tool_run *r)
{
	uint8_t delim = tool_has_arg(r, "-z") || tool_has_arg(r, "--null") ?
	    '\0' : '\n';
	unsigned fl = r->opts->flags;
	const struct tool_optset *po = delim ? &plain : &plainz;
	size_t max = r->inlen + 1, ni = 0, no, i, j, k;
	const uint8_t **in = malloc(max * sizeof *in);
	const uint8_t **out = malloc((r->outlen + 1) * sizeof *out);
	size_t *inl = malloc(max * sizeof *inl);
	size_t *outl = malloc((r->outlen + 1) * sizeof *outl);
	uint8_t **keys = NULL;
	size_t *keyl = NULL;
	struct tool_run x, y;
	ts_unicode u = TS_UNICODE_INIT;

	FZ_CHECK(in && out && inl && outl);
	if (r->status != 0)
		goto done;
	ni = tool_records(r->in, r->inlen, delim, in, inl, max);
	no = tool_records(r->out, r->outlen, delim, out, outl, r->outlen + 1);
	if (TS_SKELETON)
		goto skeleton;

	if (fl & COUNT) {
		/* "%7llu " then the record; the counts sum to ni. */
		uint64_t sum = 0;
		ts_buf rest = TS_BUF_INIT;

		for (j = 0; j < no; j++) {
			uint64_t c = 0;

			FZ_CHECK(outl[j] >= 8);
			for (i = 0; i < 7; i++) {
				uint8_t b = out[j][i];

				FZ_CHECK(b == ' ' || (b >= '0' && b <= '9'));
				if (b != ' ')
					c = c * 10 + (b - '0');
			}
			FZ_CHECK(out[j][7] == ' ' && c >= 1);
			sum += c;
			FZ_CHECK(ts_buf_append(&rest, out[j] + 8, outl[j] - 8) == 0);
		}
		FZ_CHECK(sum == ni);
		tool_run_input(po, r->in, r->inlen, &x);
		FZ_CHECK(rest.len == x.outlen &&
		    (x.outlen == 0 || memcmp(rest.p, x.out, x.outlen) == 0));
		tool_run_free(&x);
		ts_buf_free(&rest);
		goto done;
	}
	if (fl & (REPEATED | UNIQUE)) {
		/* Each output record: is its key's count here right? */
		const uint8_t **po_rec;
		size_t *po_l, np, a = 0;

		for (j = 0; j < no; j++) {
			size_t c = 0;

			for (i = 0; i < ni; i++)
				c += same_key(in[i], inl[i], out[j], outl[j], delim);
			FZ_CHECK(c >= 1);
			FZ_CHECK((fl & REPEATED) ? c > 1 : c == 1);
		}
		/* And every first occurrence with such a count is there. */
		tool_run_input(po, r->in, r->inlen, &x);
		po_rec = malloc((x.outlen + 1) * sizeof *po_rec);
		po_l = malloc((x.outlen + 1) * sizeof *po_l);
		FZ_CHECK(po_rec && po_l);
		np = tool_records(x.out, x.outlen, delim, po_rec, po_l, x.outlen + 1);
		for (k = 0; k < np; k++) {
			size_t c = 0;

			for (i = 0; i < ni; i++)
				c += same_key(in[i], inl[i], po_rec[k], po_l[k], delim);
			if ((fl & REPEATED) ? c > 1 : c == 1) {
				FZ_CHECK(a < no && same_key(out[a], outl[a],
				    po_rec[k], po_l[k], delim));
				a++;
			}
		}
		FZ_CHECK(a == no);
		free(po_rec), free(po_l);
		tool_run_free(&x);
		goto done;
	}
	FZ_CHECK(is_subsequence(in, inl, ni, out, outl, no, delim));
	if (fl & PASS) {
		for (i = 0; i < ni; i++) {
			for (j = 0; j < no; j++)
				if (same_key(in[i], inl[i], out[j], outl[j], delim))
					break;
			FZ_CHECK(j < no);
		}
		goto done;
	}
	if (fl & (KEYED | LAST)) {
		struct tool_optset first = *r->opts;

		/* No two output records share a key. */
		tool_run_input(r->opts, r->out, r->outlen, &x);
		must_equal(&x, r->out, r->outlen);
		tool_run_free(&x);
		/* Every input key is in the output (keep first); blank
		 * records with --keep-blank pass again, by design. */
		if (fl & BLANKS)
			goto done;
		for (i = 0; i < TOOL_MAXARGS && first.args[i]; i++)
			if (strcmp(first.args[i], "--keep=last") == 0)
				first.args[i] = "--keep=first";
		run_cat(&first, r->out, r->outlen, r->in, r->inlen, delim, &x);
		run_cat(&first, r->out, r->outlen, NULL, 0, delim, &y);
		must_equal(&x, y.out, y.outlen);
		tool_run_free(&x), tool_run_free(&y);
		goto done;
	}
	if (fl & FOLDKEY) {
		keys = malloc(max * sizeof *keys);
		keyl = malloc(max * sizeof *keyl);
		FZ_CHECK(keys && keyl);
		for (i = 0; i < ni; i++)
			keys[i] = ref_fold(&u, in[i], keylen(in[i], inl[i], delim),
			    &keyl[i]);
	}
	/* Exactly the first occurrences, in order. */
	for (i = 0, k = 0; i < ni; i++) {
		for (j = 0; j < i; j++)
			if (keys ? keyl[i] == keyl[j] &&
			    memcmp(keys[i], keys[j], keyl[i]) == 0 :
			    same_key(in[i], inl[i], in[j], inl[j], delim))
				break;
		if (j < i)
			continue;	/* not a first occurrence */
		FZ_CHECK(k < no && outl[k] == inl[i] &&
		    memcmp(out[k], in[i], inl[i]) == 0);
		k++;
	}
	FZ_CHECK(k == no);
	goto done;
skeleton:
	FZ_CHECK(is_subsequence(in, inl, ni, out, outl, no, delim));
	for (i = 0; i < ni; i++) {
		for (j = 0; j < no; j++)
			if (same_key(in[i], inl[i], out[j], outl[j], delim))
				break;
		FZ_CHECK(j < no);
	}
done:
	if (keys)
		for (i = 0; i < ni; i++)
			free(keys[i]);
	free(keys), free(keyl);
	ts_unicode_free(&u);
	free(in), free(out), free(inl), free(outl);
}
