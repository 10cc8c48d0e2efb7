/* ts_clean.h - the normalize pipeline: raw bytes in, clean text out.
 *
 * Passes, in this order (each off unless asked for):
 *   1. decode: ill-formed UTF-8 -> U+FFFD, dropped, or an error;
 *      --strip-bom (a U+FEFF first in the input)
 *   2. html-entities (ts_entity.h)
 *   3. fix-mojibake (ts_mojibake.h), on NFC text: text that only NFC
 *      makes look like mojibake ("A" U+030A "’" -> "Å’") is then repaired
 *      the first time, not on a second run
 *   4. newlines: CRLF, CR, NEL, LS, PS -> LF (inside pass 5 when both run)
 *   5. per code point: strip-controls, strip-invisible, spaces, ascii-punct
 *      (with fix-mojibake, NFC and fix-mojibake again after them: what
 *      they remove may have kept mojibake apart, "Å" U+200B "“"; when the
 *      form is NFC this second look comes after pass 6, re-normalizing
 *      only the runs it repairs)
 *   6. normalization form, casefold, strip-marks (ts_norm.h)
 *   7. ascii: transliterate to ASCII
 *   8. per line: squeeze-spaces, trim, squeeze-blank; a U+FEFF that is
 *      still first in the output goes with --strip-bom
 * When normalization is the first pass and no positions are needed, it
 * validates the input itself (ts_norm_feed_raw).
 * Every pass streams with a bounded look-ahead, so the output does not
 * depend on how the input is cut into pieces. */
#ifndef TS_CLEAN_H
#define TS_CLEAN_H

#include <stddef.h>
#include <stdint.h>

#include "ts_buf.h"
#include "ts_norm.h"
#include "ts_pos.h"

/* Option bits. */
#define TS_CL_NEWLINES	0x0001
#define TS_CL_BOM	0x0002
#define TS_CL_CONTROLS	0x0004
#define TS_CL_INVISIBLE	0x0008
#define TS_CL_SPACES	0x0010
#define TS_CL_SQUEEZE	0x0020
#define TS_CL_TRIM	0x0040
#define TS_CL_BLANK	0x0080
#define TS_CL_PUNCT	0x0100
#define TS_CL_ASCII	0x0200	/* transliterate, '?' for the rest */
#define TS_CL_ASCIIDROP	0x0400	/* with TS_CL_ASCII: drop the rest */
#define TS_CL_ENTITIES	0x0800	/* decode HTML character references */
#define TS_CL_MOJIBAKE	0x1000	/* repair UTF-8 read as Windows-1252 */
#define TS_CL_MOJIBAKE_RUN (64 * 1024)	/* split longer non-ASCII runs */

enum ts_invalid { TS_INV_REPLACE, TS_INV_DROP, TS_INV_FAIL };

/* Called for each ill-formed unit (the maximal subpart unit[0..len)) at
 * pos in the input; return nonzero to stop (ts_clean_feed then returns
 * TS_EUTF8). */
typedef int (*ts_clean_report)(void *arg, const ts_pos *pos,
    const uint8_t *unit, size_t len);

typedef struct {
	unsigned	 opts;
	enum ts_invalid	 invalid;
	enum ts_form	 form;		/* as given to ts_clean_init */
	int		 nflags;
	uint8_t		 delim;
	ts_clean_report	 report;
	void		*report_arg;
	ts_norm		 norm;
	ts_norm		 pre, pre2;	/* NFC before fix-mojibake */
	ts_buf		 tmp[2];
	/* decode */
	uint8_t		 tail[4];
	size_t		 ntail;
	int		 at_start;	/* nothing decoded yet */
	int		 out_start;	/* nothing written yet */
	size_t		 out_base;	/* out->len when this feed began */
	ts_pos		 pos;
	/* entities, mojibake: what waits for more input */
	ts_buf		 ent, ent2, moj, moj2, mojb, mojb2;
	/* newlines */
	int		 after_cr;
	/* lines */
	int		 bol, prev_blank, last_space;
	uint8_t		 lclass[256];	/* byte classes of the line pass */
	uint8_t		 mclass[256];	/* bytes the charmap pass looks at */
	uint8_t		 mlead[6];	/* those >= 0x80 (0xFF: none) */
	int		 mwide;		/* mlead holds them all */
	ts_buf		 ws;
	ts_buf		 scratch;
	ts_buf		 mojfix;	/* a run fix_runs() repairs */
} ts_clean;

void	ts_clean_init(ts_clean *c, enum ts_form form, int nflags,
	    unsigned opts, enum ts_invalid invalid, uint8_t delim);
/* A new input starts. */
void	ts_clean_reset(ts_clean *c);
/* Go on after a record delimiter as if fresh, but not at the start of
 * an input (no BOM to strip) and with the previous line taken as not
 * blank (for --squeeze-blank, the caller fixes that up: ts_cleanpar.c). */
void	ts_clean_resume(ts_clean *c);
/* Append the clean form of raw bytes p[0..len) to out; at_end says the
 * input ends there.  0, TS_ENOMEM, or TS_EUTF8 when report stopped. */
int	ts_clean_feed(ts_clean *c, const uint8_t *p, size_t len, int at_end,
	    ts_buf *out);
/* ts_clean_feed(), but when p[0..len) comes out unchanged (only a
 * normalization form is asked for, and the text is already in it) it
 * appends nothing and returns 1: the caller writes p itself. */
int	ts_clean_feed_pass(ts_clean *c, const uint8_t *p, size_t len,
	    int at_end, ts_buf *out);
void	ts_clean_free(ts_clean *c);

/* --check: compare the input with the output as both stream by.
 * Feed the input first, then the output made from it. */
typedef struct {
	ts_buf	 pend;		/* input not yet matched by output */
	size_t	 start;		/* pend.p[start..len) is pending */
	size_t	 part;		/* bytes of pend.p[start] matched */
	ts_pos	 pos;		/* where pend.p[start] is in the input */
	uint8_t	 delim;
	int	 differ;	/* a difference was found at pos */
} ts_cmp;

void	ts_cmp_init(ts_cmp *k, uint8_t delim);
void	ts_cmp_reset(ts_cmp *k);
int	ts_cmp_input(ts_cmp *k, const uint8_t *p, size_t len);
/* 0 while they agree, 1 at the first difference (k->pos says where). */
int	ts_cmp_output(ts_cmp *k, const uint8_t *p, size_t len);
/* At the end of an input: 1 if input remains that output never matched. */
int	ts_cmp_end(ts_cmp *k);
void	ts_cmp_free(ts_cmp *k);

#endif
