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
 * With the real tool's option sets (flags below say which apply):
 *  - --invalid=replace, options that neither make nor remove U+FFFD
 *    (FFFD_KEPT): nothing lost, precisely: the output holds one U+FFFD
 *    per ill-formed unit of the input (fuzz.h's reference decoder) plus
 *    the input's own U+FFFD;
 *  - --invalid=drop, plain forms (DROP_EQ): valid UTF-8 out, no U+FFFD
 *    made (the count is the input's), and the output is what the same
 *    options make of the replace run's output with its U+FFFD removed
 *    (when the input has none of its own);
 *  - --invalid=fail: exit 1 exactly when the input has an ill-formed
 *    unit, with "normalize: <stdin>:L:C: invalid UTF-8 byte 0xXX" for
 *    the first one (L:C computed here: records, code points, a unit
 *    counting as one); status 0 output = the replace run's;
 *  - --check: exit 0 exactly when the same options without --check
 *    give back the input unchanged, and writes nothing;
 *  - idempotent for the option sets not flagged NOT_IDEMP (decoding
 *    entities "&amp;lt;" and repairing mojibake garbled many times are
 *    not, by design);
 *  - chunk-size invariance is checked by tool_main.c. */
#include "tool_main.h"

#ifndef TS_SKELETON
#define TS_SKELETON 0
#endif

#define NO_KEEP_LINES	0x100	/* the options may remove records */
#define NOT_REPLACE	0x200	/* --invalid other than replace */
#define FFFD_KEPT	0x400	/* no option makes or removes U+FFFD */
#define NOT_IDEMP	0x800	/* a second run may change more */
#define DROP_EQ		0x1000	/* --invalid=drop: replace run minus U+FFFD */
#define CHECK		0x2000	/* --check */
#define FAIL		0x4000	/* --invalid=fail */
#define MAY_EMPTY	0x8000	/* may empty a record: a last record without
				   delimiter may vanish (its lines are kept) */

const char tool_name[] = "normalize";

const struct tool_optset tool_optsets[] = {
	{ { NULL }, FFFD_KEPT },
	{ { "-z", NULL }, FFFD_KEPT },
	{ { "--null", "-f", "nfkc", NULL }, FFFD_KEPT },
	{ { "-", NULL }, FFFD_KEPT },
	{ { "--", "-", NULL }, FFFD_KEPT },
	{ { "-f", "nfd", NULL }, FFFD_KEPT },
	{ { "--form=nfkc", NULL }, FFFD_KEPT },
	{ { "-f", "nfkd", NULL }, FFFD_KEPT },
	{ { "-f", "none", NULL }, FFFD_KEPT },
	{ { "--invalid=drop", NULL }, NOT_REPLACE | DROP_EQ | MAY_EMPTY },
	{ { "--invalid=drop", "-f", "nfkd", "-z", NULL }, NOT_REPLACE | DROP_EQ | MAY_EMPTY },
	{ { "--invalid=fail", NULL }, NOT_REPLACE | FAIL },
	{ { "--invalid=fail", "-z", "-f", "nfd", NULL }, NOT_REPLACE | FAIL },
	{ { "-v", NULL }, FFFD_KEPT | OPT_MAY_WARN },
	{ { "-c", NULL }, CHECK | OPT_QUIET_FAIL },
	{ { "--check", "--casefold", "-f", "nfkc", NULL }, CHECK | OPT_QUIET_FAIL },
	{ { "--casefold", NULL }, FFFD_KEPT },
	{ { "--casefold", "-f", "nfkc", "-z", NULL }, FFFD_KEPT },
	{ { "--strip-marks", NULL }, FFFD_KEPT | MAY_EMPTY },
	{ { "--strip-marks", "-f", "nfd", NULL }, FFFD_KEPT | MAY_EMPTY },
	{ { "--html-entities", NULL }, NO_KEEP_LINES | NOT_IDEMP },
	{ { "--fix-mojibake", NULL }, NOT_IDEMP },
	{ { "--newlines", NULL }, NO_KEEP_LINES | FFFD_KEPT },
	{ { "--strip-bom", NULL }, FFFD_KEPT | MAY_EMPTY },
	{ { "--strip-controls", NULL }, FFFD_KEPT | MAY_EMPTY },
	{ { "--strip-controls", "-z", NULL }, FFFD_KEPT | MAY_EMPTY },
	{ { "--strip-invisible", NULL }, FFFD_KEPT | MAY_EMPTY },
	{ { "--spaces", "--squeeze-spaces", NULL }, FFFD_KEPT },
	{ { "--trim", NULL }, FFFD_KEPT | MAY_EMPTY },
	{ { "--trim", "--squeeze-spaces", "-z", NULL }, FFFD_KEPT | MAY_EMPTY },
	{ { "--squeeze-blank", NULL }, NO_KEEP_LINES | FFFD_KEPT },
	{ { "--ascii-punct", NULL }, 0 },
	{ { "--ascii", NULL }, MAY_EMPTY },	/* a lone mark goes */
	{ { "--ascii=drop", "--casefold", NULL }, MAY_EMPTY },
	{ { "--preset=web", NULL }, NO_KEEP_LINES | NOT_IDEMP },
	{ { "--preset=web", "--invalid=drop", "-z", NULL },
	    NO_KEEP_LINES | NOT_IDEMP | NOT_REPLACE },
	{ { "--html-entities", "--fix-mojibake", "--strip-invisible",
	    "--casefold", "--strip-marks", "--ascii-punct", NULL },
	    NO_KEEP_LINES | NOT_IDEMP },
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

static size_t
count_fffd(const uint8_t *p, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i + 2 < len; i++)
		n += p[i] == 0xEF && p[i + 1] == 0xBF && p[i + 2] == 0xBD;
	return n;
}

/* Ill-formed units of p; *line, *col of the first one (0 if none). */
static size_t
bad_units(const uint8_t *p, size_t len, uint8_t delim, uint64_t *line,
    uint64_t *col, uint8_t *byte)
{
	uint64_t l = 1, c = 1;
	size_t i = 0, u, n = 0;
	int32_t cp;

	*line = *col = 0;
	while (i < len) {
		u = ref_unit(p + i, len - i, &cp);
		if (cp < 0 && n++ == 0)
			*line = l, *col = c, *byte = p[i];
		if (cp == delim)
			l++, c = 1;
		else
			c++;
		i += u;
	}
	return n;
}

/* The same options without the one that starts with "without". */
static void
minus(const struct tool_optset *o, const char *without,
    struct tool_optset *to)
{
	size_t i, j = 0;

	memset(to, 0, sizeof *to);
	for (i = 0; i < TOOL_MAXARGS && o->args[i]; i++)
		if (strncmp(o->args[i], without, strlen(without)) != 0)
			to->args[j++] = o->args[i];
	to->args[j] = NULL;
}

void
tool_prop(const struct tool_run *r)
{
	uint8_t delim = tool_has_arg(r, "-z") || tool_has_arg(r, "--null") ?
	    '\0' : '\n', byte = 0;
	unsigned fl = r->opts->flags;
	struct tool_run again;
	struct tool_optset o2;
	uint64_t line, col;
	size_t bad = bad_units(r->in, r->inlen, delim, &line, &col, &byte);

	if (TS_SKELETON)
		goto skeleton;
	if (fl & CHECK) {
		/* Status 0 exactly when the output would be the input. */
		FZ_CHECK(r->outlen == 0);
		struct tool_optset o1;

		minus(r->opts, "-c", &o1);
		minus(&o1, "--check", &o2);
		tool_run_input(&o2, r->in, r->inlen, &again);
		FZ_CHECK(again.status == 0);
		FZ_CHECK((r->status == 0) == (again.outlen == r->inlen &&
		    memcmp(again.out, r->in, r->inlen) == 0));
		tool_run_free(&again);
		return;
	}
	if (fl & FAIL) {
		char want[96];

		FZ_CHECK(r->status == (bad > 0));
		if (bad > 0) {
			snprintf(want, sizeof want,
			    "normalize: <stdin>:%llu:%llu: invalid UTF-8 byte 0x%02X\n",
			    (unsigned long long)line, (unsigned long long)col,
			    byte);
			FZ_CHECK(r->errlen == strlen(want) &&
			    memcmp(r->err, want, r->errlen) == 0);
		}
	}
	if (r->status != 0)
		return;
	FZ_CHECK(ref_valid_utf8(r->out, r->outlen));
	if (!(fl & NOT_REPLACE) && (fl & FFFD_KEPT))
		FZ_CHECK(count_fffd(r->out, r->outlen) ==
		    count_fffd(r->in, r->inlen) + bad);
	if ((fl & FAIL) || ((fl & DROP_EQ) && count_fffd(r->in, r->inlen) == 0)) {
		/* Drop: the replace run with its U+FFFD removed, normalized
		 * again under the same options (the forms are closed under
		 * concatenation of normalized pieces: NFC(NFC(a) NFC(b)) ==
		 * NFC(ab)).  Fail with no ill-formed unit: the replace run. */
		struct tool_run third;
		uint8_t *q;
		size_t i, n = 0;

		minus(r->opts, "--invalid", &o2);
		tool_run_input(&o2, r->in, r->inlen, &again);
		FZ_CHECK(again.status == 0);
		q = malloc(again.outlen + 1);
		FZ_CHECK(q != NULL);
		for (i = 0; i < again.outlen; i++) {
			if (i + 2 < again.outlen && again.out[i] == 0xEF &&
			    again.out[i + 1] == 0xBF && again.out[i + 2] == 0xBD) {
				i += 2;
				continue;
			}
			q[n++] = again.out[i];
		}
		if (fl & FAIL)
			FZ_CHECK(again.outlen == r->outlen &&
			    memcmp(again.out, r->out, r->outlen) == 0);
		else {
			tool_run_input(r->opts, q, n, &third);
			FZ_CHECK(third.status == 0);
			FZ_CHECK(third.outlen == r->outlen &&
			    memcmp(third.out, r->out, r->outlen) == 0);
			tool_run_free(&third);
		}
		free(q);
		tool_run_free(&again);
	}
	if (fl & DROP_EQ)
		FZ_CHECK(count_fffd(r->out, r->outlen) ==
		    count_fffd(r->in, r->inlen));
skeleton:
	if (r->status != 0)
		return;
	if (!(fl & NO_KEEP_LINES)) {
		FZ_CHECK(count_byte(r->out, r->outlen, delim) ==
		    count_byte(r->in, r->inlen, delim));
		/* A terminator is never lost; none is added unless the
		 * last, unterminated record was emptied (MAY_EMPTY). */
		if (r->inlen > 0 && r->in[r->inlen - 1] == delim)
			FZ_CHECK(r->outlen > 0 && r->out[r->outlen - 1] == delim);
		if (r->inlen > 0 && r->in[r->inlen - 1] != delim &&
		    !(fl & MAY_EMPTY))
			FZ_CHECK(r->outlen > 0 && r->out[r->outlen - 1] != delim);
	}
	if (fl & NOT_IDEMP)
		return;
	tool_run_input(r->opts, r->out, r->outlen, &again);
	FZ_CHECK(again.status == 0);
	FZ_CHECK(again.outlen == r->outlen &&
	    memcmp(again.out, r->out, r->outlen) == 0);
	tool_run_free(&again);
}
