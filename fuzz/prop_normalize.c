/* prop_normalize - normalize's own properties for fuzz/tool_main.c.
 *
 * Active now (they hold for the skeleton and for the real tool):
 *  - nothing lost: as many records out as in (delimiters counted), and
 *    the last record ends with the delimiter exactly when the input's
 *    does, for option sets without stripping (all of those below);
 *  - idempotent: normalize(normalize(x)) == normalize(x).
 * Active once src/normalize.c is no longer the skeleton (the Makefile
 * passes TS_SKELETON=1 while it still says "Foundation skeleton"):
 *  - the output is valid UTF-8 with the default --invalid=replace.
 *
 * TODO(lead, after merging normalize): add the real option sets below
 * (--invalid=replace|drop|fail, every form, the cleanup options), flag
 * the stripping ones with NO_KEEP_LINES, and add:
 *  - --invalid=replace: every ill-formed unit of the input (fuzz.h's
 *    ref_unit) becomes exactly one U+FFFD; --invalid=drop: output
 *    valid UTF-8; --invalid=fail: exit 1 with "normalize: <stdin>:L:C:
 *    invalid UTF-8" naming the first bad unit (ref_unit gives L:C);
 *  - chunk-size invariance is already checked by tool_main.c. */
#include "tool_main.h"

#ifndef TS_SKELETON
#define TS_SKELETON 0
#endif

#define NO_KEEP_LINES	0x100	/* the options may remove records */
#define NOT_REPLACE	0x200	/* --invalid other than replace */

const char tool_name[] = "normalize";

const struct tool_optset tool_optsets[] = {
	{ { NULL }, 0 },
	{ { "-z", NULL }, 0 },
	{ { "--null", NULL }, 0 },
	{ { "-", NULL }, 0 },
	{ { "--", "-", NULL }, 0 },
};
const size_t tool_noptsets = sizeof tool_optsets / sizeof tool_optsets[0];

static size_t
count_byte(const uint8_t *p, size_t len, uint8_t c)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += p[i] == c;
	return n;
}

void
tool_prop(const struct tool_run *r)
{
	uint8_t delim = tool_has_arg(r, "-z") || tool_has_arg(r, "--null") ?
	    '\0' : '\n';
	struct tool_run again;

	if (r->status != 0)
		return;
	if (!(r->opts->flags & NO_KEEP_LINES)) {
		FZ_CHECK(count_byte(r->out, r->outlen, delim) ==
		    count_byte(r->in, r->inlen, delim));
		if (r->inlen > 0)
			FZ_CHECK(r->outlen > 0 && (r->out[r->outlen - 1] == delim) ==
			    (r->in[r->inlen - 1] == delim));
	}
	if (!TS_SKELETON && !(r->opts->flags & NOT_REPLACE))
		FZ_CHECK(ref_valid_utf8(r->out, r->outlen));

	tool_run_input(r->opts, r->out, r->outlen, &again);
	FZ_CHECK(again.status == 0);
	FZ_CHECK(again.outlen == r->outlen &&
	    memcmp(again.out, r->out, r->outlen) == 0);
	tool_run_free(&again);
}
