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
 * TODO(lead, after merging dedupe-lines): add its option sets (key
 * options such as field/ignore-case/normalize, counting, --save/--load
 * with a file under /tmp, memory bounds) flagged with KEYED so the exact
 * check below is skipped for them, and add for them: output a
 * subsequence of the input, no duplicate keys (key computed here the
 * way the option says). */
#include "tool_main.h"

#ifndef TS_SKELETON
#define TS_SKELETON 0
#endif

#define KEYED	0x100	/* keys are not the plain record bytes */

const char tool_name[] = "dedupe-lines";

const struct tool_optset tool_optsets[] = {
	{ { NULL }, 0 },
	{ { "-z", NULL }, 0 },
	{ { "--null", NULL }, 0 },
	{ { "-", NULL }, 0 },
	{ { "--", "-", NULL }, 0 },
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

void
tool_prop(const struct tool_run *r)
{
	uint8_t delim = tool_has_arg(r, "-z") || tool_has_arg(r, "--null") ?
	    '\0' : '\n';
	size_t max = r->inlen + 1, ni, no, i, j, k;
	const uint8_t **in = malloc(max * sizeof *in);
	const uint8_t **out = malloc((r->outlen + 1) * sizeof *out);
	size_t *inl = malloc(max * sizeof *inl);
	size_t *outl = malloc((r->outlen + 1) * sizeof *outl);

	FZ_CHECK(in && out && inl && outl);
	if (r->status != 0 || (r->opts->flags & KEYED))
		goto done;
	ni = tool_records(r->in, r->inlen, delim, in, inl, max);
	no = tool_records(r->out, r->outlen, delim, out, outl, r->outlen + 1);

	/* Subsequence. */
	for (i = 0, j = 0; j < no; j++) {
		while (i < ni && !(inl[i] == outl[j] &&
		    memcmp(in[i], out[j], inl[i]) == 0))
			i++;
		FZ_CHECK(i < ni);
		i++;
	}
	/* Every key present. */
	for (i = 0; i < ni; i++) {
		for (j = 0; j < no; j++)
			if (same_key(in[i], inl[i], out[j], outl[j], delim))
				break;
		FZ_CHECK(j < no);
	}
	if (TS_SKELETON)
		goto done;
	/* Exactly the first occurrences, in order. */
	for (i = 0, k = 0; i < ni; i++) {
		for (j = 0; j < i; j++)
			if (same_key(in[i], inl[i], in[j], inl[j], delim))
				break;
		if (j < i)
			continue;	/* not a first occurrence */
		FZ_CHECK(k < no && outl[k] == inl[i] &&
		    memcmp(out[k], in[i], inl[i]) == 0);
		k++;
	}
	FZ_CHECK(k == no);
done:
	free(in), free(out), free(inl), free(outl);
}
