/* ts_quote.h - find quotations in a stream of text.
 *
 * A streaming state machine over paragraphs (blank-line separated) with
 * a small explicit stack of open quotations.  Feed it chunks of any size
 * with ts_quote_feed() and call ts_quote_end() at the end of each input;
 * it calls back once per quotation, in the order of the opening marks
 * (an outer quotation before the ones nested in it).  Memory is bounded
 * whatever the input: a quotation keeps at most max_length code points
 * of its text (then it is reported truncated), the stack holds at most
 * TS_QUOTE_MAXDEPTH quotations and at most TS_QUOTE_MAXPEND wait to be
 * reported inside one outer quotation; openers beyond those are text.
 *
 * Marks: "..." (open or close decided by the characters around them),
 * “...”, ‘...’ (never an apostrophe: memo’s, ’90s, rock ’n’ roll,
 * the students’ union), „...“ „...” ‚...‘, «...» ‹...› (padding
 * spaces inside are not text), »...« ›...‹, ”...” (Swedish),
 * 「...」 『...』, ``...'' and, with single_straight, '...'. */
#ifndef TS_QUOTE_H
#define TS_QUOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TS_QUOTE_MAXDEPTH	16
#define TS_QUOTE_MAXPEND	256
#define TS_QUOTE_MAXLEN		2000	/* default max_length */

typedef struct {
	const uint8_t	*text;		/* the quotation, without its marks */
	size_t		 len;
	uint64_t	 start, end;	/* byte offsets of the text in the input */
	uint64_t	 line, col;	/* of the opening mark (col: code points;
					 * 0 with opts.no_columns) */
	unsigned	 depth;		/* 0 outermost */
	const uint8_t	*open, *close;	/* the marks as written; close_len 0 */
	size_t		 open_len, close_len;	/* when unclosed */
	size_t		 words;		/* when opts.words, else 0 */
	bool		 unclosed, continued, truncated;
	const uint8_t	*speaker, *cue;	/* NULL when unknown */
	size_t		 speaker_len, cue_len;
} ts_quote_row;

/* Called per quotation; a non-zero return stops the scan and is
 * returned by ts_quote_feed()/ts_quote_end(). */
typedef int (*ts_quote_fn)(const ts_quote_row *row, void *arg);

typedef struct {
	size_t	max_length;	/* code points kept per quotation, >= 1 */
	bool	single_straight;	/* '...' is a quotation too */
	bool	speakers;	/* attribute speakers (English) */
	bool	nul_docs;	/* NUL bytes separate documents */
	bool	words;		/* count the words of each quotation */
	bool	no_columns;	/* leave col 0: the caller shows none */
} ts_quote_opts;

typedef struct ts_quote ts_quote;

/* A new scanner, or NULL when out of memory. */
ts_quote *ts_quote_new(const ts_quote_opts *opts, ts_quote_fn fn, void *arg);
/* Scan p[0..len).  Returns 0, TS_ENOMEM, or what fn returned. */
int	ts_quote_feed(ts_quote *q, const uint8_t *p, size_t len);
/* End of one input: report what is still open; offsets and lines
 * start over for the next input.  Returns like ts_quote_feed(). */
int	ts_quote_end(ts_quote *q);
void	ts_quote_free(ts_quote *q);

/* Words in a quotation's text: runs of letters and digits, where
 * ' ’ - . , between two of them do not split ("don't", "400,000"). */
size_t	ts_quote_words(const uint8_t *p, size_t len);

/* ts_count_units(p, len) (ts_utf8.h), sixteen bytes at a time where
 * the text is well-formed, ASCII or not. */
size_t	ts_quote_units(const uint8_t *p, size_t len);

#endif
