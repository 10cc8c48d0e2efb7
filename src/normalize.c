/* normalize - Unicode normalization and cleanup of scraped text.
 * The passes live in src/lib/ts_clean.c (pipeline) and ts_norm.c
 * (streaming normalization); this file is options and the loop. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ts_buf.h"
#include "ts_clean.h"
#include "ts_cleanpar.h"
#include "ts_cli.h"
#include "ts_err.h"
#include "ts_reader.h"
#include "ts_ring.h"
#include "ts_writer.h"

static const char usage[] =
"Usage: normalize [OPTION]... [FILE]...\n"
"Normalize Unicode text from FILEs (or standard input) to standard output.\n"
"\n"
"  -f, --form=FORM       nfc (default), nfd, nfkc, nfkd or none\n"
"      --invalid=MODE    ill-formed UTF-8: replace (with U+FFFD, default),\n"
"                        drop, or fail (stop with an error)\n"
"  -v, --verbose         report each ill-formed unit, and with --check where\n"
"                        the input first differs\n"
"  -c, --check           write nothing; exit 0 if the input is already\n"
"                        normalized under the options, 1 if not\n"
"      --html-entities   decode HTML character references (&amp; &#8217;)\n"
"      --fix-mojibake    repair UTF-8 that was decoded as Windows-1252 or\n"
"                        Latin-1 and encoded again (donâ€™t -> don’t)\n"
"      --newlines        CRLF, CR, NEL, LS and PS become LF\n"
"      --strip-bom       drop a byte order mark at the start of each input\n"
"      --strip-controls  drop C0 and C1 controls except TAB and LF\n"
"      --strip-invisible drop invisible format characters (ZWSP, soft hyphen,\n"
"                        word joiner, bidi controls, U+FEFF); keep ZWJ, ZWNJ\n"
"                        and variation selectors\n"
"      --spaces          every Unicode space separator becomes U+0020\n"
"      --squeeze-spaces  runs of spaces become one space\n"
"      --trim            drop white space at the start and end of each line\n"
"      --squeeze-blank   runs of empty lines become one\n"
"      --ascii-punct     curly quotes, primes, dashes, ellipsis, bullets and\n"
"                        fullwidth ASCII become ASCII\n"
"      --casefold        full Unicode case folding\n"
"      --strip-marks     remove combining marks (decompose, strip, recompose)\n"
"      --ascii[=MODE]    transliterate to ASCII; what has no ASCII form\n"
"                        becomes '?' (MODE replace, default) or is dropped\n"
"                        (MODE drop)\n"
"      --preset=web      newlines, strip-bom, strip-controls, strip-invisible,\n"
"                        html-entities, fix-mojibake, spaces, squeeze-spaces,\n"
"                        trim, squeeze-blank, NFC\n"
"  -z, --null            records end with NUL, not newline\n"
"      --help            show this help and exit\n"
"      --version         show version information and exit\n";

enum {
	OPT_INVALID = TS_OPT_TOOL, OPT_NEWLINES, OPT_BOM, OPT_CONTROLS,
	OPT_INVISIBLE, OPT_SPACES, OPT_SQUEEZE, OPT_TRIM, OPT_BLANK, OPT_PUNCT,
	OPT_CASEFOLD, OPT_MARKS, OPT_ASCII, OPT_PRESET, OPT_ENTITIES, OPT_MOJIBAKE
};

#define PRESET_WEB (TS_CL_NEWLINES | TS_CL_BOM | TS_CL_CONTROLS | \
	TS_CL_INVISIBLE | TS_CL_SPACES | TS_CL_SQUEEZE | TS_CL_TRIM | \
	TS_CL_BLANK | TS_CL_ENTITIES | TS_CL_MOJIBAKE)

struct ctx {
	ts_reader	 in;
	ts_writer	 out;
	ts_clean	 clean;
	ts_cmp		 cmp;
	ts_buf		 buf;
	int		 check, verbose;
	unsigned	 workers;	/* processors for a regular file */
	enum ts_invalid	 invalid;
	const char	*name;
};

static void
where(const char *name, const ts_pos *pos, const char *what)
{
	ts_warnx("%s:%llu:%llu: %s", name, (unsigned long long)pos->line,
	    (unsigned long long)pos->col, what);
}

static int
report(void *arg, const ts_pos *pos, const uint8_t *unit, size_t len)
{
	struct ctx *c = arg;

	char what[32];

	if (c->verbose || c->invalid == TS_INV_FAIL) {
		snprintf(what, sizeof what, "invalid UTF-8 byte 0x%02X", unit[0]);
		where(c->name, pos, what);
	}
	return c->invalid == TS_INV_FAIL;
}

/* Hand what the pipeline made to the output, or compare it (--check). */
static int
put(struct ctx *c)
{
	int r = 0;

	if (c->buf.len == 0)
		return 0;
	if (c->check)
		r = ts_cmp_output(&c->cmp, c->buf.p, c->buf.len);
	else if (ts_write(&c->out, c->buf.p, c->buf.len) != 0)
		r = -1;
	c->buf.len = 0;
	return r;
}

static int
write_out(void *arg, const uint8_t *p, size_t n)
{
	struct ctx *c = arg;

	return ts_write(&c->out, p, n) != 0 ? TS_EIO : 0;
}

/* What process() returns for an input that ended in error r (< 0). */
static int
failed(struct ctx *c, const char *name, int r)
{
	if (r == TS_EIO && c->out.err != 0)
		return -1;		/* write error: ts_finish says it */
	if (r == TS_EUTF8)
		return 1;		/* report() said where */
	ts_warnx("%s: %s", name, r == TS_EIO ? strerror(errno) :
	    ts_errmsg(r));
	return r == TS_ENOMEM ? -1 : 1;
}

/* A regular file, on threads (ts_cleanpar.h); 2 if it could not start. */
static int
process_parallel(int fd, const char *name, struct ctx *c)
{
	int r;

	if ((r = ts_cleanpar_run(&c->clean, fd, 0, c->workers - 1, write_out,
	    c)) == 1)
		return 2;
	return r < 0 ? failed(c, name, r) : 0;
}

static int
process(int fd, const char *name, void *arg)
{
	struct ctx *c = arg;
	const uint8_t *p;
	size_t len;
	int r, differ = 0;
	struct stat st;

	c->name = name;
	/* Threads pay from two chunks on. */
	if (c->workers > 1 && !c->check && ts_cleanpar_ok(&c->clean) &&
	    fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > TS_CLEANPAR_CHUNK &&
	    (r = process_parallel(fd, name, c)) != 2)
		return r;
	ts_reader_reset(&c->in, fd);
	ts_clean_reset(&c->clean);
	ts_cmp_reset(&c->cmp);
	while ((r = ts_reader_chunk(&c->in, &p, &len)) > 0) {
		if (c->check && ts_cmp_input(&c->cmp, p, len) != 0)
			r = TS_ENOMEM;
		else
			r = ts_clean_feed(&c->clean, p, len, 0, &c->buf);
		if ((r < 0 && r != TS_EUTF8) || (differ = put(c)) != 0 || r < 0)
			break;
	}
	if (r == 0) {
		r = ts_clean_feed(&c->clean, NULL, 0, 1, &c->buf);
		if (r == 0 && (differ = put(c)) == 0 && c->check)
			differ = ts_cmp_end(&c->cmp);
	}
	if (differ < 0)
		return -1;		/* write error: ts_finish says it */
	if (r < 0)
		return failed(c, name, r);
	if (differ && c->verbose)
		where(name, &c->cmp.pos, "not normalized");
	return differ;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		TS_COMMON_LONGOPTS,
		{ "form",		required_argument, NULL, 'f' },
		{ "invalid",		required_argument, NULL, OPT_INVALID },
		{ "verbose",		no_argument, NULL, 'v' },
		{ "check",		no_argument, NULL, 'c' },
		{ "html-entities",	no_argument, NULL, OPT_ENTITIES },
		{ "fix-mojibake",	no_argument, NULL, OPT_MOJIBAKE },
		{ "newlines",		no_argument, NULL, OPT_NEWLINES },
		{ "strip-bom",		no_argument, NULL, OPT_BOM },
		{ "strip-controls",	no_argument, NULL, OPT_CONTROLS },
		{ "strip-invisible",	no_argument, NULL, OPT_INVISIBLE },
		{ "spaces",		no_argument, NULL, OPT_SPACES },
		{ "squeeze-spaces",	no_argument, NULL, OPT_SQUEEZE },
		{ "trim",		no_argument, NULL, OPT_TRIM },
		{ "squeeze-blank",	no_argument, NULL, OPT_BLANK },
		{ "ascii-punct",	no_argument, NULL, OPT_PUNCT },
		{ "casefold",		no_argument, NULL, OPT_CASEFOLD },
		{ "strip-marks",	no_argument, NULL, OPT_MARKS },
		{ "ascii",		optional_argument, NULL, OPT_ASCII },
		{ "preset",		required_argument, NULL, OPT_PRESET },
		{ NULL, 0, NULL, 0 }
	};
	struct ctx c;
	int ch, delim = '\n', rval, form = TS_NFC, nflags = 0;
	unsigned opts = 0;

	ts_cli_init("normalize", argv);
	memset(&c, 0, sizeof c);
	c.invalid = TS_INV_REPLACE;
	while ((ch = getopt_long(argc, argv, "cf:vz", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			c.check = 1;
			break;
		case 'f':
			if ((form = ts_form_parse(optarg)) < 0)
				return ts_usage_error("invalid --form: '%s'", optarg);
			break;
		case 'v':
			c.verbose = 1;
			break;
		case 'z':
			delim = '\0';
			break;
		case OPT_INVALID:
			if (strcmp(optarg, "replace") == 0)
				c.invalid = TS_INV_REPLACE;
			else if (strcmp(optarg, "drop") == 0)
				c.invalid = TS_INV_DROP;
			else if (strcmp(optarg, "fail") == 0)
				c.invalid = TS_INV_FAIL;
			else
				return ts_usage_error("invalid --invalid: '%s'",
				    optarg);
			break;
		case OPT_ENTITIES:	opts |= TS_CL_ENTITIES; break;
		case OPT_MOJIBAKE:	opts |= TS_CL_MOJIBAKE; break;
		case OPT_NEWLINES:	opts |= TS_CL_NEWLINES; break;
		case OPT_BOM:		opts |= TS_CL_BOM; break;
		case OPT_CONTROLS:	opts |= TS_CL_CONTROLS; break;
		case OPT_INVISIBLE:	opts |= TS_CL_INVISIBLE; break;
		case OPT_SPACES:	opts |= TS_CL_SPACES; break;
		case OPT_SQUEEZE:	opts |= TS_CL_SQUEEZE; break;
		case OPT_TRIM:		opts |= TS_CL_TRIM; break;
		case OPT_BLANK:		opts |= TS_CL_BLANK; break;
		case OPT_PUNCT:		opts |= TS_CL_PUNCT; break;
		case OPT_CASEFOLD:	nflags |= TS_CASEFOLD; break;
		case OPT_MARKS:		nflags |= TS_STRIPMARK; break;
		case OPT_ASCII:
			opts |= TS_CL_ASCII;
			if (optarg == NULL || strcmp(optarg, "replace") == 0)
				opts &= ~(unsigned)TS_CL_ASCIIDROP;
			else if (strcmp(optarg, "drop") == 0)
				opts |= TS_CL_ASCIIDROP;
			else
				return ts_usage_error("invalid --ascii: '%s'",
				    optarg);
			break;
		case OPT_PRESET:
			if (strcmp(optarg, "web") != 0)
				return ts_usage_error("invalid --preset: '%s'",
				    optarg);
			opts |= PRESET_WEB;
			form = TS_NFC;
			break;
		case TS_OPT_HELP:
			return ts_print_help(usage);
		case TS_OPT_VERSION:
			return ts_print_version();
		default:
			return ts_usage_hint();
		}
	}
	argc -= optind, argv += optind;

	ts_clean_init(&c.clean, (enum ts_form)form, nflags, opts, c.invalid,
	    (uint8_t)delim);
	c.clean.report = report;
	c.clean.report_arg = &c;
	if (!c.verbose && c.invalid != TS_INV_FAIL)
		c.clean.report = NULL;	/* no positions to track */
	ts_cmp_init(&c.cmp, (uint8_t)delim);
	c.workers = ts_ring_cpus(2);
	if (ts_writer_init(&c.out, STDOUT_FILENO, 0) != 0 ||
	    ts_reader_init(&c.in, STDIN_FILENO, (uint8_t)delim, &c.out) != 0) {
		ts_warnx("%s", ts_errmsg(TS_ENOMEM));
		return TS_EXIT_FAIL;
	}
	rval = ts_each_input(argc, argv, process, &c);
	rval = ts_finish(&c.out, rval < 0 ? TS_EXIT_FAIL : rval);
	ts_reader_free(&c.in);
	ts_writer_free(&c.out);
	ts_clean_free(&c.clean);
	ts_cmp_free(&c.cmp);
	ts_buf_free(&c.buf);
	return rval;
}
