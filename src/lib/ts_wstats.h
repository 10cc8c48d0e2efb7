/* ts_wstats.h - word-stats' engine: streaming word, sentence, line and
 * paragraph statistics, word (and n-gram) counts, reports, and the
 * mergeable partial format.
 *
 * Input is fed in chunks of any size and split at line feeds: a line
 * feed always ends a word and a sentence (UAX #29 WB3a/WB3b, SB4), so
 * each line is segmented on its own.  A line longer than 1 MiB is cut
 * where a space sits between two ASCII lower-case letters, a point that
 * is a word boundary and no sentence boundary whatever comes before or
 * after; failing that, between two ASCII non-letters or ill-formed
 * bytes that no segmentation rule reaches over (see neutral_cut()).
 * Only a line without either point is held whole: one long word, or,
 * with TS_WS_SENTENCES, a sentence start without a word.  So memory
 * grows with the distinct words (and n-grams), not with the input.
 *
 * Definitions (the man page documents them):
 *   word       a UAX #29 word segment holding a letter or number
 *   sentence   a UAX #29 sentence segment holding a word
 *   line       a line feed (as wc -l counts)
 *   paragraph  a run of lines holding something other than white space
 *   chars      code points, each ill-formed UTF-8 unit counting one
 *   graphemes  extended grapheme clusters (ts_grapheme_break); an
 *              ill-formed unit is one cluster of its own */
#ifndef TS_WSTATS_H
#define TS_WSTATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ts_buf.h"
#include "ts_counter.h"
#include "ts_unicode.h"
#include "ts_writer.h"

/* Flags for ts_wstats_init(). */
#define TS_WS_COUNT	0x01	/* all statistics and word counts */
#define TS_WS_TOKENS	0x02	/* emit each word */
#define TS_WS_SENTENCES	0x04	/* emit each sentence */
#define TS_WS_NOFOLD	0x08	/* words as they are, not case-folded */

#define TS_WS_MAX_NGRAMS 16

/* Called with each word (folded unless TS_WS_NOFOLD), or with each
 * sentence without its leading and trailing white space; end is 0 when
 * a sentence goes on in the next call (a cut line).  Return 0, or a
 * negative TS_E* code to stop: feed and end return it. */
typedef int (*ts_ws_emit_fn)(void *ctx, const uint8_t *p, size_t len,
	    int end);

typedef struct {
	uint64_t bytes, chars, graphemes, lines, words, word_chars,
	    sentences, paragraphs;
} ts_ws_totals;

typedef struct {
	int		 flags;
	int		 ngrams;	/* 1: words only */
	ts_ws_totals	 t;
	int		 para_first;	/* first line holds text: 1/0, -1 none */
	int		 para_last;	/* last line holds text */
	uint64_t	 para_joins;	/* merge: paragraphs split by parts */
	ts_counter	 words;
	ts_counter	 grams;		/* when ngrams > 1 */

	/* Streaming state. */
	ts_ws_emit_fn	 emit;
	void		*ctx;
	ts_buf		 carry;		/* an unfinished line */
	size_t		 cut_limit;
	size_t		 cut_min;	/* lines longer than this are cut */
	ts_buf		 key;		/* the folded word */
	ts_buf		 window;	/* last ngrams-1 words, ' '-joined */
	size_t		 winlens[TS_WS_MAX_NGRAMS];
	int		 nwin;
	ts_unicode	 u;
	int		 line_text;	/* this line holds text so far */
	uint64_t	 sent_words;	/* words in the open sentence */
	int		 sent_open;	/* a sentence goes on from a cut */
	int		 merged;	/* merge: options came from a header */
	/* Words of up to 12 ASCII bytes (most words) are counted in a
	 * table of their own, the bytes packed into the 16-byte slot: one
	 * memory access a word.  ts_wstats_end() moves them into words. */
	struct ts_ws_short {
		uint64_t	 k0;	/* bytes 0-7, zero-padded */
		uint32_t	 k1;	/* bytes 8-11 */
		uint32_t	 count;	/* 0: empty */
	}		*stab;
	size_t		 scap;		/* a power of two, or 0 */
	size_t		 sn;
	size_t		 sgrow;		/* grow at sn = scap * 3/4 */
	uint64_t	 sseed[2];
	/* Short words wait here a few words while their slot is
	 * prefetched: the packed word (k0 0: empty) and its hash. */
	uint64_t	 ring[8][3];
	unsigned	 ring_at;	/* next entry, mod 8 */
} ts_wstats;

/* 0 or TS_ENOMEM.  ngrams in 1..TS_WS_MAX_NGRAMS. */
int	ts_wstats_init(ts_wstats *ws, int flags, int ngrams,
	    ts_ws_emit_fn emit, void *ctx);
void	ts_wstats_free(ts_wstats *ws);

/* Feed the next bytes of the input (files are one concatenated
 * stream).  0, TS_ENOMEM, or the emit function's code. */
int	ts_wstats_feed(ts_wstats *ws, const uint8_t *p, size_t len);
/* End of input: the last line (without a line feed) is counted, and
 * the counts are complete (call before a report or partial). */
int	ts_wstats_end(ts_wstats *ws);

enum ts_ws_format { TS_WS_TEXT, TS_WS_TSV, TS_WS_JSON };

typedef struct {
	enum ts_ws_format format;
	uint64_t	 top;		/* entries in top; 0: all */
	bool		 readability;
	const ts_counter *stop;		/* words left out of top, or NULL */
	uint64_t	 min_length;	/* shorter words left out of top */
} ts_ws_report;

/* Write the statistics.  0 or TS_EIO / TS_ENOMEM. */
int	ts_wstats_report(const ts_wstats *ws, const ts_ws_report *r,
	    ts_writer *w);

/* Load a stop-word list into set: one word a line (folded unless
 * nofold; blank lines and lines starting with '#' skipped), or the
 * built-in English list when p is NULL.  0 or TS_ENOMEM. */
int	ts_wstats_stopwords(ts_counter *set, const uint8_t *p, size_t len,
	    bool nofold);

/* The partial format ("word-stats-partial 1"), one record a line:
 *   word-stats-partial TAB 1 TAB fold=0|1 TAB ngrams=N
 *   total TAB NAME TAB N       (bytes chars graphemes lines words
 *                               word_chars sentences paragraphs)
 *   para TAB F TAB L           first/last line holds text (1/0); absent
 *                              when the part had no line at all
 *   w TAB COUNT TAB WORD       every word, by bytes
 *   g TAB COUNT TAB NGRAM      every n-gram (words joined by a space)
 * Totals and counts add up in any order; para lines pair up in the
 * order they are read (see ts_wstats_merge_line). */
int	ts_wstats_partial(const ts_wstats *ws, ts_writer *w);

/* Merge one line of partial output (without its line feed) into ws,
 * which was initialized with TS_WS_COUNT.  Returns 0, TS_ENOMEM, or
 * TS_EINVAL with *why set to what is wrong. */
int	ts_wstats_merge_line(ts_wstats *ws, const uint8_t *p, size_t len,
	    const char **why);

/* English syllable estimate of a word (vowel groups, silent final e;
 * at least 1). */
unsigned ts_syllables(const uint8_t *p, size_t len);

#endif
