/* word-stats - count words, sentences and frequent words (UAX #29). */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ts_buf.h"
#include "ts_cli.h"
#include "ts_counter.h"
#include "ts_err.h"
#include "ts_reader.h"
#include "ts_ring.h"
#include "ts_wspar.h"
#include "ts_wstats.h"
#include "ts_writer.h"

static const char usage[] =
"Usage: word-stats [OPTION]... [FILE]...\n"
"Count words, sentences and frequent words in FILEs (or standard input,\n"
"read as one text) with Unicode (UAX #29) word and sentence boundaries.\n"
"\n"
"  -f, --format=FMT     text (default), tsv (key TAB value) or json\n"
"  -n, --top=N          list the N most frequent words (default 10; 0: all)\n"
"  -r, --readability    add syllables and Flesch scores (English heuristic)\n"
"      --no-fold        count words as written (default: case-folded)\n"
"      --stopwords=LIST leave the words of file LIST, or of the built-in\n"
"                       English list if LIST is 'en', out of top\n"
"      --min-length=N   leave words of fewer than N characters out of top\n"
"      --ngrams=N       top lists word N-grams within sentences (1-16)\n"
"  -t, --tokens         print each word on a line instead (case-folded\n"
"                       unless --no-fold)\n"
"  -s, --sentences      print each sentence on a line instead\n"
"  -z, --null           with --tokens/--sentences, end each with NUL\n"
"      --partial        print mergeable counts instead (see --merge)\n"
"      --merge          read --partial outputs and report their sum\n"
"      --help           show this help and exit\n"
"      --version        show version information and exit\n";

enum { OPT_NOFOLD = TS_OPT_TOOL, OPT_STOP, OPT_MINLEN, OPT_NGRAMS,
	OPT_PARTIAL, OPT_MERGE };

struct ctx {
	ts_reader	 in;
	ts_writer	 out;
	ts_wstats	 ws;
	uint8_t		 delim;
	int		 merge;
	unsigned	 workers;	/* processors for a regular file */
};

/* Each token or sentence on its own line. */
static int
emit(void *arg, const uint8_t *p, size_t len, int end)
{
	struct ctx *c = arg;

	if (ts_write(&c->out, p, len) != 0 ||
	    (end && ts_putc(&c->out, c->delim) != 0))
		return TS_EIO;
	return 0;
}

static int
process(int fd, const char *name, void *arg)
{
	struct ctx *c = arg;
	const uint8_t *p;
	const char *why;
	size_t len;
	uint64_t line = 0;
	int r = 1;
	struct stat st;

	/* Counts of a regular file on threads (ts_wspar.h), from a few
	 * chunks on. */
	if (!c->merge && c->workers > 1 && ts_wspar_ok(&c->ws) &&
	    fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > 4 * TS_WSPAR_CHUNK)
		r = ts_wspar_run(&c->ws, fd, 0, c->workers - 1);
	ts_reader_reset(&c->in, fd);
	if (r != 1) {
		/* done on threads (or could not start: r is 1) */
	} else if (c->merge) {
		while ((r = ts_reader_record(&c->in, &p, &len)) > 0) {
			line++;
			if (len > 0 && p[len - 1] == '\n')
				len--;
			if ((r = ts_wstats_merge_line(&c->ws, p, len,
			    &why)) == TS_EINVAL) {
				ts_warnx("%s:%llu:1: %s", name,
				    (unsigned long long)line, why);
				return -1;
			} else if (r < 0)
				break;
		}
	} else {
		while ((r = ts_reader_chunk(&c->in, &p, &len)) > 0)
			if ((r = ts_wstats_feed(&c->ws, p, len)) < 0)
				break;
	}
	if (r == TS_EIO && c->out.err != 0)
		return -1;		/* a write error: ts_finish says so */
	if (r < 0) {
		ts_warnx("%s: %s", name, ts_errmsg(r));
		return r == TS_EIO ? 1 : -1;
	}
	return 0;
}

/* Load the stop words of --stopwords=LIST into set. */
static int
load_stopwords(const char *list, bool nofold, ts_counter *set)
{
	ts_buf b = TS_BUF_INIT;
	ts_reader in;
	const uint8_t *p;
	size_t len;
	int fd, r;

	if (strcmp(list, "en") == 0)
		return ts_wstats_stopwords(set, NULL, 0, nofold);
	if ((fd = open(list, O_RDONLY | O_CLOEXEC)) < 0) {
		ts_warn("%s", list);
		return -1;
	}
	if ((r = ts_reader_init(&in, fd, '\n', NULL)) == 0) {
		while ((r = ts_reader_chunk(&in, &p, &len)) > 0)
			if ((r = ts_buf_append(&b, p, len)) != 0)
				break;
		ts_reader_free(&in);
	}
	if (r == 0)
		r = ts_wstats_stopwords(set, b.p, b.len, nofold);
	if (r != 0)
		ts_warnx("%s: %s", list, ts_errmsg(r));
	close(fd);
	ts_buf_free(&b);
	return r != 0 ? -1 : 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		TS_COMMON_LONGOPTS,
		{ "format",	 required_argument, NULL, 'f' },
		{ "top",	 required_argument, NULL, 'n' },
		{ "readability", no_argument,	    NULL, 'r' },
		{ "tokens",	 no_argument,	    NULL, 't' },
		{ "sentences",	 no_argument,	    NULL, 's' },
		{ "no-fold",	 no_argument,	    NULL, OPT_NOFOLD },
		{ "stopwords",	 required_argument, NULL, OPT_STOP },
		{ "min-length",	 required_argument, NULL, OPT_MINLEN },
		{ "ngrams",	 required_argument, NULL, OPT_NGRAMS },
		{ "partial",	 no_argument,	    NULL, OPT_PARTIAL },
		{ "merge",	 no_argument,	    NULL, OPT_MERGE },
		{ NULL, 0, NULL, 0 }
	};
	ts_ws_report rep = { TS_WS_TEXT, 10, false, NULL, 0 };
	ts_counter stop;
	const char *stoplist = NULL;
	struct ctx c;
	long long num;
	int ch, flags = TS_WS_COUNT, ngrams = 1, partial = 0, rval, r;

	ts_cli_init("word-stats", argv);
	memset(&c, 0, sizeof c);
	c.delim = '\n';
	c.workers = ts_ring_cpus(2);
	while ((ch = getopt_long(argc, argv, "f:n:rstz", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				rep.format = TS_WS_TEXT;
			else if (strcmp(optarg, "tsv") == 0)
				rep.format = TS_WS_TSV;
			else if (strcmp(optarg, "json") == 0)
				rep.format = TS_WS_JSON;
			else
				return ts_usage_error("unknown format '%s' "
				    "(text, tsv or json)", optarg);
			break;
		case 'n':
			if (ts_parse_number("--top", optarg, 0, UINT32_MAX,
			    &num) != 0)
				return TS_EXIT_USAGE;
			rep.top = (uint64_t)num;
			break;
		case 'r':
			rep.readability = true;
			break;
		case 't':
			flags = (flags & TS_WS_NOFOLD) | TS_WS_TOKENS;
			break;
		case 's':
			flags = (flags & TS_WS_NOFOLD) | TS_WS_SENTENCES;
			break;
		case 'z':
			c.delim = '\0';
			break;
		case OPT_NOFOLD:
			flags |= TS_WS_NOFOLD;
			break;
		case OPT_STOP:
			stoplist = optarg;
			break;
		case OPT_MINLEN:
			if (ts_parse_number("--min-length", optarg, 0,
			    UINT32_MAX, &num) != 0)
				return TS_EXIT_USAGE;
			rep.min_length = (uint64_t)num;
			break;
		case OPT_NGRAMS:
			if (ts_parse_number("--ngrams", optarg, 1,
			    TS_WS_MAX_NGRAMS, &num) != 0)
				return TS_EXIT_USAGE;
			ngrams = (int)num;
			break;
		case OPT_PARTIAL:
			partial = 1;
			break;
		case OPT_MERGE:
			c.merge = 1;
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
	if (!(flags & TS_WS_COUNT) && (partial || c.merge))
		return ts_usage_error("--tokens and --sentences cannot be "
		    "used with --partial or --merge");

	ts_counter_init(&stop, 0);
	if (ts_writer_init(&c.out, STDOUT_FILENO, 0) != 0 ||
	    ts_reader_init(&c.in, STDIN_FILENO, '\n', &c.out) != 0 ||
	    ts_wstats_init(&c.ws, flags, ngrams, emit, &c) != 0) {
		ts_warnx("%s", ts_errmsg(TS_ENOMEM));
		return TS_EXIT_FAIL;
	}
	rval = ts_each_input(argc, argv, process, &c);
	if (rval >= 0 && !c.merge && (r = ts_wstats_end(&c.ws)) < 0) {
		if (c.out.err == 0)
			ts_warnx("%s", ts_errmsg(r));
		rval = -1;
	}
	/* Stop words are folded like the counts (for --merge, like the
	 * partials were). */
	if (rval >= 0 && stoplist != NULL &&
	    load_stopwords(stoplist, c.ws.flags & TS_WS_NOFOLD, &stop) != 0)
		rval = -1;
	rep.stop = stoplist != NULL ? &stop : NULL;
	if (rval >= 0 && (flags & TS_WS_COUNT)) {
		r = partial ? ts_wstats_partial(&c.ws, &c.out) :
		    ts_wstats_report(&c.ws, &rep, &c.out);
		if (r == TS_ENOMEM) {
			ts_warnx("%s", ts_errmsg(r));
			rval = -1;
		}
	}
	rval = ts_finish(&c.out, rval < 0 ? TS_EXIT_FAIL : rval);
	ts_counter_free(&stop);
	ts_wstats_free(&c.ws);
	ts_reader_free(&c.in);
	ts_writer_free(&c.out);
	return rval;
}
