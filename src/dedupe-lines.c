/* dedupe-lines - remove repeated lines, keeping the first, in order.
 *
 * Streams by default: a line is written as soon as it is read if its key
 * is new.  -c, -d, -u and --keep=last need the whole input first.  The
 * keys live in a ts_set (ts_key builds them), the counts in a ts_tally.
 * A regular file is read, keyed and hashed on a second thread (ts_prep)
 * while this one decides and writes; when the keys are split over one
 * set per processor (no memory bound), each thread does all of that for
 * its part of the keys (ts_lanes). */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_atomic.h"
#include "ts_batch.h"
#include "ts_cli.h"
#include "ts_dedupe.h"
#include "ts_err.h"
#include "ts_hash.h"
#include "ts_key.h"
#include "ts_lanes.h"
#include "ts_prep.h"
#include "ts_ring.h"
#include "ts_reader.h"
#include "ts_set.h"
#include "ts_tally.h"
#include "ts_writer.h"

static const char usage[] =
"Usage: dedupe-lines [OPTION]... [FILE]...\n"
"Write the lines of FILEs (or standard input) to standard output, each\n"
"line only the first time its key is seen, in input order.\n"
"\n"
"Keys (default: the whole line, byte for byte):\n"
"  -i, --ignore-case     full Unicode case folding (STRASSE = straße)\n"
"      --normalize       NFKC, case folding, whitespace collapsed and trimmed\n"
"  -f, --skip-fields=N   ignore the first N blank-separated fields\n"
"  -s, --skip-chars=N    ignore the first N characters\n"
"  -w, --check-chars=N   compare at most N characters\n"
"  -k, --key=LIST        compare only fields LIST (1,3 or 2-4 or 3-)\n"
"  -t, --separator=C     field separator for --key (default TAB)\n"
"      --keep-blank      blank lines are never duplicates\n"
"\n"
"Output (these read the whole input before writing):\n"
"  -c, --count           prefix each line with its number of occurrences\n"
"  -d, --repeated        only lines whose key occurs more than once\n"
"  -u, --unique          only lines whose key occurs once\n"
"      --keep=WHICH      keep the first (default) or last occurrence\n"
"\n"
"Memory and state:\n"
"      --hash-only       keep a 128-bit hash of each key, not the key\n"
"      --max-memory=SIZE bound the memory for keys (K, M, G suffixes)\n"
"      --on-full=ACTION  at the bound: fail (default) or pass new lines\n"
"      --seen=FILE       treat the keys of the lines in FILE as seen\n"
"      --save=FILE       append the new lines to FILE (atomically)\n"
"      --stats           counts and memory on standard error at the end\n"
"  -z, --null            records end with NUL, not newline\n"
"      --help            show this help and exit\n"
"      --version         show version information and exit\n";

enum {
	OPT_NORMALIZE = TS_OPT_TOOL, OPT_KEEP_BLANK, OPT_KEEP, OPT_HASH_ONLY,
	OPT_MAX_MEMORY, OPT_ON_FULL, OPT_SEEN, OPT_SAVE, OPT_STATS
};

struct ctx {
	ts_reader	 in;
	ts_batch	 batch;
	ts_dedupe	 dd;
	ts_writer	 out;
	ts_key		 key;
	ts_set		 set[TS_DEDUPE_MAXPARTS];	/* the keys, split */
	unsigned	 nparts;
	ts_tally	 tally;
	ts_atomic	 atomic;
	ts_writer	 save;
	ts_prep		 prep;
	int		 saving, whole, keep_blank, pass, warned;
	int		 count, repeated, unique;
	int		 out_open;	/* the last record lacked delim */
	uint8_t		 delim;
	uint64_t	 max_memory;
	uint64_t	 lines_read, lines_written, bytes_read, loaded;
};

/* Write a record as it was read; if the one before lacked its delimiter
 * (the end of an earlier file), add it first so records never merge. */
static int
put_record(ts_writer *w, int *open, uint8_t delim, const uint8_t *p,
    size_t len)
{
	if (*open && ts_putc(w, delim) != 0)
		return -1;
	*open = len == 0 || p[len - 1] != delim;
	return ts_write(w, p, len);
}

static int
emit(struct ctx *c, const uint8_t *p, size_t len)
{
	c->lines_written++;
	return put_record(&c->out, &c->out_open, c->delim, p, len);
}

/* --save: every record terminated, the last one too. */
static int
save(struct ctx *c, const uint8_t *p, size_t len)
{
	if (!c->saving)
		return 0;
	if (ts_write(&c->save, p, len) != 0)
		return -1;
	return len > 0 && p[len - 1] == c->delim ? 0 :
	    ts_putc(&c->save, c->delim);
}

static int
full(struct ctx *c, const char *name, uint64_t line)
{
	ts_warnx("%s:%" PRIu64 ": memory limit of %" PRIu64 " bytes reached "
	    "(--max-memory)%s", name, line, c->max_memory,
	    c->whole ? "" : "; --on-full=pass passes new lines through");
	return -1;
}

static void
warn_full_once(struct ctx *c, const char *name, uint64_t line)
{
	if (!c->warned)
		ts_warnx("%s:%" PRIu64 ": memory limit of %" PRIu64 " bytes "
		    "reached (--max-memory); from here on new lines are "
		    "passed through without being remembered", name, line,
		    c->max_memory);
	c->warned = 1;
}

/* One record and its verdict: write it if new.  0, or -1 to stop (a
 * message was printed, or ts_finish() will say why). */
static int
decided(struct ctx *c, const char *name, uint64_t line, const uint8_t *p,
    size_t len, int verdict)
{
	c->lines_read++;
	c->bytes_read += len;
	if (verdict == TS_EFULL && (c->whole || !c->pass))
		return full(c, name, line);
	if (verdict == TS_EFULL) {
		warn_full_once(c, name, line);
		verdict = TS_NEW;
	}
	if (c->whole || verdict == TS_SEEN)
		return 0;
	if ((verdict == TS_NEW && save(c, p, len) != 0) ||
	    emit(c, p, len) != 0)
		return -1;
	return 0;
}

/* decided() for a batch in the common case (streaming, no --save, no
 * memory bound): the records to write are left in the chunk for the
 * producer thread to write (ts_prep_write).  0 or -1 (out of memory). */
static int
decided_runs(struct ctx *c, ts_prep_buf *b, size_t at, const int *verdict,
    int n)
{
	const ts_prep_rec *r = b->recs + at;
	int i;

	c->lines_read += (uint64_t)n;
	for (i = 0; i < n; i++) {
		c->bytes_read += r[i].len;
		if (verdict[i] == TS_SEEN)
			continue;
		c->lines_written++;
		if (ts_prep_write(&c->prep, b, (size_t)(r[i].p - b->data),
		    r[i].len) != 0) {
			ts_warnx("%s", ts_errmsg(TS_ENOMEM));
			return -1;
		}
	}
	return 0;
}

/* Where ts_prep writes those records: 0, or -1 (write error, which
 * stays in c->out for ts_finish to report). */
static int
emit_run(void *arg, const uint8_t *p, size_t len)
{
	struct ctx *c = arg;

	return put_record(&c->out, &c->out_open, c->delim, p, len) != 0 ?
	    -1 : 0;
}

/* A regular file, streaming, keys split (ts_lanes).  0, -1 (stop: a
 * message was printed, or ts_finish will report the write error), 2 (an
 * input error was reported), or 1 if it could not start (read the usual
 * way). */
static int
process_lanes(int fd, const char *name, struct ctx *c)
{
	ts_lanes_count n = { 0, 0, 0 };
	int r = ts_lanes_run(&c->prep, &c->dd, fd, &n);

	c->lines_read += n.lines_read;
	c->bytes_read += n.bytes_read;
	c->lines_written += n.lines_written;
	if (r == 1)
		return 1;
	if (r == 0)
		return atomic_load(&c->prep.emit_err) != 0 ? -1 : 0;
	if (r == TS_EIO)
		return (void)ts_input_error(name, r), 2;
	ts_warnx("%s", ts_errmsg(r));
	return -1;
}

/* A regular file, streaming: records come keyed and hashed from the
 * producer thread.  1 if it could not start (read the usual way). */
static int
process_prepared(int fd, const char *name, struct ctx *c)
{
	ts_prep_buf *b;
	int verdict[TS_DEDUPE_BATCH], i, n, r = 0;
	int runs = !c->saving && c->max_memory == 0;	/* no TS_EFULL */
	size_t at;
	uint64_t line = 0;

	/* One producer; this thread helps it while it would wait (keys
	 * that are folded or normalized cost more than the lookups). */
	if (ts_prep_start(&c->prep, &c->dd, fd, 1) != 0)
		return 1;
	while (r == 0 && ts_prep_next(&c->prep, &b) == 1) {
		for (at = 0; r == 0 && at < b->nrec; at += (size_t)n) {
			n = b->nrec - at < TS_DEDUPE_BATCH ? (int)(b->nrec - at) :
			    TS_DEDUPE_BATCH;
			if (ts_dedupe_decide(&c->dd, b->recs + at, n, verdict)) {
				ts_warnx("%s", ts_errmsg(TS_ENOMEM));
				r = -1;
			} else if (runs)
				r = decided_runs(c, b, at, verdict, n);
			else
				for (i = 0; r == 0 && i < n; i++)
					r = decided(c, name, ++line,
					    b->recs[at + i].p, b->recs[at + i].len,
					    verdict[i]);
		}
		if (r == 0 && b->err != 0) {
			errno = b->err_errno;
			r = b->err == TS_ENOMEM ? (ts_warnx("%s",
			    ts_errmsg(TS_ENOMEM)), -1) :
			    ts_input_error(name, b->err);
		}
		ts_prep_release(&c->prep);
		if (r == 0 && atomic_load(&c->prep.emit_err) != 0)
			r = -1;		/* a write error */
	}
	ts_prep_finish(&c->prep);	/* and the last runs */
	if (atomic_load(&c->prep.emit_err) != 0)
		r = -1;
	return r < 0 ? -1 : r == 1 ? 2 : 0;
}

static int
process(int fd, const char *name, void *arg)
{
	struct ctx *c = arg;
	ts_record rec[TS_DEDUPE_BATCH];
	int verdict[TS_DEDUPE_BATCH], i, n, r;
	uint64_t line = 0;
	struct stat st;

	if (!c->whole && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		if (c->nparts > 1 && !c->saving &&
		    (r = process_lanes(fd, name, c)) != 1)
			return r == 2 ? 1 : r;
		if ((r = process_prepared(fd, name, c)) != 1)
			return r == 2 ? 1 : r;
	}
	ts_reader_reset(&c->in, fd);
	ts_batch_init(&c->batch, &c->in);
	while ((n = ts_batch_next(&c->batch, rec, TS_DEDUPE_BATCH)) > 0) {
		if (ts_dedupe_batch(&c->dd, rec, n, verdict) != 0) {
			ts_warnx("%s", ts_errmsg(TS_ENOMEM));
			return -1;
		}
		for (i = 0; i < n; i++)
			if (decided(c, name, ++line, rec[i].p, rec[i].len,
			    verdict[i]) != 0)
				return -1;
	}
	return n < 0 ? ts_input_error(name, n) : 0;
}

/* --seen=FILE: its keys are seen; 0 or 1 (message printed). */
static int
load_seen(struct ctx *c, const char *file)
{
	const uint8_t *p;
	size_t len;
	uint64_t line = 0;
	int fd, r = 0;

	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) < 0) {
		ts_warn("%s", file);
		return 1;
	}
	ts_reader_reset(&c->in, fd);
	while (r >= 0 && (r = ts_reader_record(&c->in, &p, &len)) > 0) {
		line++;
		r = ts_dedupe_preload(&c->dd, p, len);
		c->loaded += r == 1;
	}
	close(fd);
	if (r == TS_EFULL)
		return (void)full(c, file, line), 1;
	return r < 0 ? (ts_input_error(file, r), 1) : 0;
}

static int
write_whole(struct ctx *c)
{
	ts_tally_entry *e;
	uint64_t v;
	size_t n;
	int pad;

	for (e = c->tally.head; e != NULL; e = e->next) {
		n = e->len - (e->len > 0 && e->line[e->len - 1] == c->delim);
		if (!(c->keep_blank && ts_is_blank(e->line, n)) &&
		    save(c, e->line, e->len) != 0)
			return -1;	/* blank lines have no key to save */
		if ((c->repeated && e->count < 2) ||
		    (c->unique && e->count != 1))
			continue;
		if (c->count) {
			if (c->out_open && ts_putc(&c->out, c->delim) != 0)
				return -1;
			c->out_open = 0;
			for (pad = 7, v = e->count; v >= 10; v /= 10)
				pad--;
			while (pad-- > 1)
				ts_putc(&c->out, ' ');
			if (ts_put_u64(&c->out, e->count) != 0 ||
			    ts_putc(&c->out, ' ') != 0)
				return -1;
		}
		if (emit(c, e->line, e->len) != 0)
			return -1;
	}
	return 0;
}

static void
print_stats(const struct ctx *c)
{
	uint64_t table = 0, keys = 0;
	size_t count = 0;
	unsigned i;

	for (i = 0; i < c->nparts; i++) {
		count += c->set[i].count;
		table += ts_set_table_memory(&c->set[i]);
		keys += ts_set_arena_memory(&c->set[i]);
	}
	fprintf(stderr, "lines read: %" PRIu64 "\nlines written: %" PRIu64
	    "\ndistinct keys: %zu\nkeys loaded: %" PRIu64 "\nbytes read: %"
	    PRIu64 "\nmemory: %" PRIu64 " bytes (table %" PRIu64 ", keys %"
	    PRIu64 ")\n", c->lines_read, c->lines_written, count,
	    c->loaded, c->bytes_read, table + keys, table, keys);
}

static int
number(const char *opt, const char *arg, size_t *out)
{
	long long v;

	if (ts_parse_number(opt, arg, 0, LLONG_MAX, &v) != 0)
		return -1;
	*out = (size_t)v;
	return 0;
}

struct opts {
	const char	*seen, *save;
	int		 keep_last, stats, flags;
};

/* Parse the command line into c and o: -1 to go on, or an exit status. */
static int
parse_options(int argc, char *argv[], struct ctx *c, struct opts *o)
{
	static const struct option longopts[] = {
		{ "ignore-case",	no_argument,	   NULL, 'i' },
		{ "normalize",		no_argument,	   NULL, OPT_NORMALIZE },
		{ "skip-fields",	required_argument, NULL, 'f' },
		{ "skip-chars",		required_argument, NULL, 's' },
		{ "check-chars",	required_argument, NULL, 'w' },
		{ "key",		required_argument, NULL, 'k' },
		{ "separator",		required_argument, NULL, 't' },
		{ "keep-blank",		no_argument,	   NULL, OPT_KEEP_BLANK },
		{ "count",		no_argument,	   NULL, 'c' },
		{ "repeated",		no_argument,	   NULL, 'd' },
		{ "unique",		no_argument,	   NULL, 'u' },
		{ "keep",		required_argument, NULL, OPT_KEEP },
		{ "hash-only",		no_argument,	   NULL, OPT_HASH_ONLY },
		{ "max-memory",		required_argument, NULL, OPT_MAX_MEMORY },
		{ "on-full",		required_argument, NULL, OPT_ON_FULL },
		{ "seen",		required_argument, NULL, OPT_SEEN },
		{ "save",		required_argument, NULL, OPT_SAVE },
		{ "stats",		no_argument,	   NULL, OPT_STATS },
		TS_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	int ch, r;

	while ((ch = getopt_long(argc, argv, "icdf:k:s:t:uw:z", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'i':
			c->key.flags |= TS_KEY_FOLD;
			break;
		case OPT_NORMALIZE:
			c->key.flags |= TS_KEY_NORMALIZE;
			break;
		case 'f':
			if (number("--skip-fields", optarg, &c->key.skip_fields))
				return TS_EXIT_USAGE;
			break;
		case 's':
			if (number("--skip-chars", optarg, &c->key.skip_chars))
				return TS_EXIT_USAGE;
			break;
		case 'w':
			if (number("--check-chars", optarg, &c->key.check_chars))
				return TS_EXIT_USAGE;
			break;
		case 'k':
			if ((r = ts_key_fields(&c->key, optarg)) != 0)
				return r == TS_ENOMEM ? (ts_warnx("%s",
				    ts_errmsg(r)), TS_EXIT_FAIL) :
				    ts_usage_error("--key: '%s' is not a field "
				    "list (N, N-M or N-, comma-separated, from 1)",
				    optarg);
			break;
		case 't':
			if (strcmp(optarg, "\\t") == 0)
				c->key.sep = '\t';
			else if (strlen(optarg) == 1)
				c->key.sep = (uint8_t)optarg[0];
			else
				return ts_usage_error("--separator: '%s' is not "
				    "one byte", optarg);
			break;
		case OPT_KEEP_BLANK:
			c->keep_blank = 1;
			break;
		case 'c':
			c->count = 1;
			break;
		case 'd':
			c->repeated = 1;
			break;
		case 'u':
			c->unique = 1;
			break;
		case OPT_KEEP:
			if (strcmp(optarg, "first") == 0)
				o->keep_last = 0;
			else if (strcmp(optarg, "last") == 0)
				o->keep_last = 1;
			else
				return ts_usage_error("--keep: '%s' is not "
				    "'first' or 'last'", optarg);
			break;
		case OPT_HASH_ONLY:
			o->flags |= TS_SET_HASH_ONLY;
			break;
		case OPT_MAX_MEMORY:
			if (ts_parse_size("--max-memory", optarg, 1,
			    UINT64_MAX, &c->max_memory) != 0)
				return TS_EXIT_USAGE;
			break;
		case OPT_ON_FULL:
			if (strcmp(optarg, "fail") == 0)
				c->pass = 0;
			else if (strcmp(optarg, "pass") == 0)
				c->pass = 1;
			else
				return ts_usage_error("--on-full: '%s' is not "
				    "'fail' or 'pass'", optarg);
			break;
		case OPT_SEEN:
			o->seen = optarg;
			break;
		case OPT_SAVE:
			o->save = optarg;
			break;
		case OPT_STATS:
			o->stats = 1;
			break;
		case 'z':
			c->delim = '\0';
			break;
		case TS_OPT_HELP:
			return ts_print_help(usage);
		case TS_OPT_VERSION:
			return ts_print_version();
		default:
			return ts_usage_hint();
		}
	}
	if (c->key.ranges == NULL && c->key.sep != '\t')
		return ts_usage_error("--separator needs --key");
	c->whole = c->count || c->repeated || c->unique || o->keep_last;
	if (c->whole && c->pass)
		return ts_usage_error("--on-full=pass cannot be used with -c, "
		    "-d, -u or --keep=last (they need every key)");

	return -1;
}

int
main(int argc, char *argv[])
{
	struct ctx c;
	struct opts o = { NULL, NULL, 0, 0, 0 };
	uint64_t seed;
	unsigned i, cpus;
	int rval = 0, r;

	memset(&c, 0, sizeof c);
	c.prep.emit = emit_run;
	c.prep.emit_arg = &c;
	c.delim = '\n';
	ts_key_init(&c.key);
	ts_cli_init("dedupe-lines", argv);
	if ((rval = parse_options(argc, argv, &c, &o)) >= 0) {
		ts_key_free(&c.key);
		return rval;
	}
	rval = 0;
	argc -= optind, argv += optind;

	/* Streaming without a memory bound: one set per processor (up to
	 * a power of two), so that threads can look keys up side by side;
	 * a bound stays one bound on one set. */
	cpus = ts_ring_cpus(TS_DEDUPE_MAXPARTS);
	c.nparts = 1;
	while (!c.whole && c.max_memory == 0 && c.nparts * 2 <= cpus)
		c.nparts *= 2;
	seed = ts_hash_seed();
	for (i = 0, r = 0; i < c.nparts && r == 0; i++)
		r = ts_set_init(&c.set[i], seed, o.flags,
		    c.whole ? sizeof(ts_tally_entry) : 0, c.max_memory);
	ts_tally_init(&c.tally, &c.set[0], o.keep_last);
	ts_dedupe_init(&c.dd, &c.key, &c.set[0], c.whole ? &c.tally : NULL,
	    c.delim, c.keep_blank);
	ts_dedupe_split(&c.dd, c.set, c.nparts);
	if (r == TS_EFULL)
		rval = ts_usage_error("--max-memory: %" PRIu64 " bytes is "
		    "too small for an empty table", c.max_memory);
	else if (r != 0 || ts_writer_init(&c.out, STDOUT_FILENO, 0) != 0 ||
	    ts_reader_init(&c.in, STDIN_FILENO, c.delim, &c.out) != 0) {
		ts_warnx("%s", ts_errmsg(TS_ENOMEM));
		rval = TS_EXIT_FAIL;
	} else if (o.save != NULL &&
	    (r = ts_atomic_open(&c.atomic, o.save, 1, c.delim)) != 0) {
		ts_warnx("%s: %s", o.save, ts_errmsg(r));
		rval = TS_EXIT_FAIL;
	} else if (o.save != NULL) {
		c.saving = 1;
		if (ts_writer_init(&c.save, c.atomic.fd, 0) != 0) {
			ts_warnx("%s", ts_errmsg(TS_ENOMEM));
			rval = -1;
		}
	}
	if (rval > 0)
		goto out;

	if (rval == 0 && o.seen != NULL && load_seen(&c, o.seen) != 0)
		rval = -1;
	if (rval == 0)
		rval = ts_each_input(argc, argv, process, &c);
	if (rval >= 0 && c.whole && write_whole(&c) != 0)
		rval = -1;
	rval = ts_finish(&c.out, rval < 0 ? TS_EXIT_FAIL : rval);
	if (c.saving) {
		if (rval != 0) {
			ts_atomic_abort(&c.atomic);
			ts_warnx("%s: not updated because of the errors above",
			    o.save);
		} else if (ts_flush(&c.save) != 0 ||
		    (r = ts_atomic_commit(&c.atomic)) != 0) {
			if (c.save.err != 0)
				ts_atomic_abort(&c.atomic);
			ts_warn("%s", o.save);
			rval = TS_EXIT_FAIL;
		}
		ts_writer_free(&c.save);
	}
	if (o.stats)
		print_stats(&c);
out:
	ts_prep_free(&c.prep);
	ts_batch_free(&c.batch);
	ts_dedupe_free(&c.dd);
	ts_reader_free(&c.in);
	ts_writer_free(&c.out);
	for (i = 0; i < c.nparts; i++)
		ts_set_free(&c.set[i]);
	ts_key_free(&c.key);
	return rval;
}
