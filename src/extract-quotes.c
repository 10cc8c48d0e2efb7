/* extract-quotes - find the quotations in text, with their offsets,
 * nesting, continuation and (optionally) who said them.  The scanner is
 * ts_quote.h; this file parses options and writes the rows. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "ts_cli.h"
#include "ts_err.h"
#include "ts_json.h"
#include "ts_quote.h"
#include "ts_reader.h"
#include "ts_writer.h"

static const char usage[] =
"Usage: extract-quotes [OPTION]... [FILE]...\n"
"Find the quotations in text from FILEs (or standard input): one per line.\n"
"\n"
"  -f, --format=FMT        text (default: the quotation, newlines as \\n),\n"
"                          tsv (with a header) or jsonl (one object a line)\n"
"  -m, --max-length=N      keep at most N code points of a quotation\n"
"                          (default 2000); longer ones are truncated\n"
"  -w, --min-words=N       only quotations of at least N words\n"
"  -t, --top-level         only outermost quotations, not nested ones\n"
"  -s, --single-straight   '...' quotes too (off: apostrophes abound)\n"
"  -S, --speakers          attribute speakers (English news patterns)\n"
"  -z, --null              input documents are separated by NUL bytes\n"
"      --help              show this help and exit\n"
"      --version           show version information and exit\n";

enum format { F_TEXT, F_TSV, F_JSONL };

struct ctx {
	ts_reader	 in;
	ts_writer	 out;
	ts_quote	*scan;
	enum format	 format;
	long long	 min_words;
	int		 top_level;
	int		 with_file;
	const char	*name;
};

/* Text, or TSV when tsv: \\ and \n escaped, and \t \r for TSV.  SSE2:
 * sixteen bytes at a time go straight into the writer's buffer while
 * they are looked at, and only a byte to escape stops the copy (a
 * writer too small for the text escaped takes the byte loop below). */
static int
put_escaped(ts_writer *w, const uint8_t *p, size_t len, int tsv)
{
	static const char esc[256] = { ['\\'] = '\\', ['\n'] = 'n',
	    ['\t'] = 't', ['\r'] = 'r' };
	size_t i = 0, run;
	int rc = 0;

#ifdef __SSE2__
	const __m128i bs = _mm_set1_epi8('\\'), nl = _mm_set1_epi8('\n'),
	    tab = _mm_set1_epi8(tsv ? '\t' : '\n'),
	    cr = _mm_set1_epi8(tsv ? '\r' : '\n');

	/* room for all of it escaped: no check a block */
	if (w->cap - w->len < 2 * len + 16 && (rc = ts_flush(w)) != 0)
		return rc;
	if (w->cap - w->len >= 2 * len + 16) {
		uint8_t *o = w->buf + w->len;

		while (i + 16 <= len) {
			__m128i v = _mm_loadu_si128(
			    (const __m128i *)(const void *)(p + i));
			unsigned m, b;

			_mm_storeu_si128((__m128i *)(void *)o, v);
			m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
			    _mm_or_si128(_mm_cmpeq_epi8(v, bs),
			    _mm_cmpeq_epi8(v, nl)), _mm_or_si128(
			    _mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, cr))));
			if (m == 0) {
				o += 16, i += 16;
				continue;
			}
			b = (unsigned)__builtin_ctz(m);
			o += b;
			*o++ = '\\';
			*o++ = (uint8_t)esc[p[i + b]];
			i += b + 1;
		}
		w->len = (size_t)(o - w->buf);
	}
	if (len >= 16 && i < len && i + 16 > len) {
		/* the rest, from the last 16 bytes: usually nothing to escape */
		__m128i v = _mm_loadu_si128(
		    (const __m128i *)(const void *)(p + len - 16));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, bs), _mm_cmpeq_epi8(v, nl)),
		    _mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, cr))));

		if ((m >> (i - (len - 16))) == 0)
			return ts_write(w, p + i, len - i);
	}
#endif
	for (run = i; i < len; i++)
		if (p[i] == '\\' || p[i] == '\n' ||
		    (tsv && (p[i] == '\t' || p[i] == '\r'))) {
			rc |= ts_write(w, p + run, i - run) | ts_putc(w, '\\') |
			    ts_putc(w, (uint8_t)esc[p[i]]);
			run = i + 1;
		}
	return rc ? rc : ts_write(w, p + run, len - run);
}

static int
put_bool(ts_writer *w, bool b)
{
	return ts_puts(w, b ? "true" : "false");
}

static int
put_tsv(struct ctx *c, const ts_quote_row *r)
{
	ts_writer *w = &c->out;
	const uint64_t nums[] = { r->start, r->end, r->line, r->col, r->depth };
	size_t i;
	int rc = 0;

	if (c->with_file)
		rc |= put_escaped(w, (const uint8_t *)c->name, strlen(c->name), 1) |
		    ts_putc(w, '\t');
	rc |= put_escaped(w, r->text, r->len, 1);
	for (i = 0; i < sizeof nums / sizeof nums[0]; i++)
		rc |= ts_putc(w, '\t') | ts_put_u64(w, nums[i]);
	rc |= ts_putc(w, '\t') | put_escaped(w, r->open, r->open_len, 1);
	rc |= ts_putc(w, '\t') | put_escaped(w, r->close, r->close_len, 1);
	rc |= ts_putc(w, '\t') | ts_put_u64(w, r->words);
	rc |= ts_putc(w, '\t') | put_bool(w, r->unclosed);
	rc |= ts_putc(w, '\t') | put_bool(w, r->continued);
	rc |= ts_putc(w, '\t') | put_bool(w, r->truncated);
	rc |= ts_putc(w, '\t');
	if (r->speaker != NULL)
		rc |= put_escaped(w, r->speaker, r->speaker_len, 1);
	rc |= ts_putc(w, '\t');
	if (r->cue != NULL)
		rc |= put_escaped(w, r->cue, r->cue_len, 1);
	return rc | ts_putc(w, '\n');
}

static int
put_key(ts_writer *w, const char *key, int first)
{
	int rc = first ? ts_putc(w, '{') : ts_putc(w, ',');

	return rc | ts_putc(w, '"') | ts_puts(w, key) | ts_write(w, "\":", 2);
}

static int
put_jstr(ts_writer *w, const uint8_t *p, size_t len)
{
	return p == NULL ? ts_puts(w, "null") : ts_json_string(w, p, len);
}

static int
put_jsonl(struct ctx *c, const ts_quote_row *r)
{
	ts_writer *w = &c->out;
	int rc = 0;

	if (c->with_file)
		rc |= put_key(w, "file", 1) |
		    ts_json_string(w, (const uint8_t *)c->name, strlen(c->name));
	rc |= put_key(w, "text", !c->with_file) |
	    ts_json_string(w, r->text, r->len);
	rc |= put_key(w, "start", 0) | ts_put_u64(w, r->start);
	rc |= put_key(w, "end", 0) | ts_put_u64(w, r->end);
	rc |= put_key(w, "line", 0) | ts_put_u64(w, r->line);
	rc |= put_key(w, "col", 0) | ts_put_u64(w, r->col);
	rc |= put_key(w, "depth", 0) | ts_put_u64(w, r->depth);
	rc |= put_key(w, "open", 0) | put_jstr(w, r->open, r->open_len);
	rc |= put_key(w, "close", 0) |
	    put_jstr(w, r->close_len ? r->close : NULL, r->close_len);
	rc |= put_key(w, "words", 0) | ts_put_u64(w, r->words);
	rc |= put_key(w, "unclosed", 0) | put_bool(w, r->unclosed);
	rc |= put_key(w, "continued", 0) | put_bool(w, r->continued);
	rc |= put_key(w, "truncated", 0) | put_bool(w, r->truncated);
	rc |= put_key(w, "speaker", 0) | put_jstr(w, r->speaker, r->speaker_len);
	rc |= put_key(w, "cue", 0) | put_jstr(w, r->cue, r->cue_len);
	return rc | ts_write(w, "}\n", 2);
}

/* One quotation from the scanner: filter, then write it. */
static int
row(const ts_quote_row *r, void *arg)
{
	struct ctx *c = arg;
	int rc;

	if ((c->top_level && r->depth > 0) ||
	    (long long)r->words < c->min_words)
		return 0;
	switch (c->format) {
	case F_TSV:
		rc = put_tsv(c, r);
		break;
	case F_JSONL:
		rc = put_jsonl(c, r);
		break;
	default:
		rc = put_escaped(&c->out, r->text, r->len, 0) |
		    ts_putc(&c->out, '\n');
	}
	return rc ? TS_EIO : 0;
}

static int
process(int fd, const char *name, void *arg)
{
	struct ctx *c = arg;
	const uint8_t *p;
	size_t len;
	int r, rc = 0, saved;

	c->name = name;
	ts_reader_reset(&c->in, fd);
	while ((r = ts_reader_chunk(&c->in, &p, &len)) > 0)
		if ((rc = ts_quote_feed(c->scan, p, len)) != 0)
			break;
	saved = errno;
	if (rc == 0)
		rc = ts_quote_end(c->scan);
	if (rc == TS_EIO)
		return -1;	/* the output failed: ts_finish says why */
	if (rc != 0) {
		ts_warnx("%s: %s", name, ts_errmsg(rc));
		return -1;
	}
	if (r < 0) {
		errno = saved;
		ts_warn("%s", name);
		return 1;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "format",		required_argument, NULL, 'f' },
		{ "max-length",		required_argument, NULL, 'm' },
		{ "min-words",		required_argument, NULL, 'w' },
		{ "top-level",		no_argument,	   NULL, 't' },
		{ "single-straight",	no_argument,	   NULL, 's' },
		{ "speakers",		no_argument,	   NULL, 'S' },
		TS_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct ctx c = { .format = F_TEXT };
	ts_quote_opts o = { .max_length = TS_QUOTE_MAXLEN };
	long long n;
	int ch, rval;

	ts_cli_init("extract-quotes", argv);
	while ((ch = getopt_long(argc, argv, "f:m:w:tsSz", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				c.format = F_TEXT;
			else if (strcmp(optarg, "tsv") == 0)
				c.format = F_TSV;
			else if (strcmp(optarg, "jsonl") == 0)
				c.format = F_JSONL;
			else
				return ts_usage_error("invalid format '%s' "
				    "(text, tsv or jsonl)", optarg);
			break;
		case 'm':
			if (ts_parse_number("--max-length", optarg, 1,
			    1 << 24, &n) != 0)
				return TS_EXIT_USAGE;
			o.max_length = (size_t)n;
			break;
		case 'w':
			if (ts_parse_number("--min-words", optarg, 0,
			    1 << 24, &c.min_words) != 0)
				return TS_EXIT_USAGE;
			break;
		case 't':
			c.top_level = 1;
			break;
		case 's':
			o.single_straight = true;
			break;
		case 'S':
			o.speakers = true;
			break;
		case 'z':
			o.nul_docs = true;
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
	c.with_file = argc > 1;
	o.words = c.format != F_TEXT || c.min_words > 0;
	o.no_columns = c.format == F_TEXT;	/* text shows only the text */

	if (ts_writer_init(&c.out, STDOUT_FILENO, 0) != 0 ||
	    ts_reader_init(&c.in, STDIN_FILENO, '\n', &c.out) != 0 ||
	    (c.scan = ts_quote_new(&o, row, &c)) == NULL) {
		ts_warnx("%s", ts_errmsg(TS_ENOMEM));
		return TS_EXIT_FAIL;
	}
	if (c.format == F_TSV) {
		if (c.with_file)
			ts_puts(&c.out, "file\t");
		ts_puts(&c.out, "text\tstart\tend\tline\tcol\tdepth\topen\t"
		    "close\twords\tunclosed\tcontinued\ttruncated\tspeaker\t"
		    "cue\n");
	}
	rval = ts_each_input(argc, argv, process, &c);
	rval = ts_finish(&c.out, rval < 0 ? TS_EXIT_FAIL : rval);
	ts_quote_free(c.scan);
	ts_reader_free(&c.in);
	ts_writer_free(&c.out);
	return rval;
}
