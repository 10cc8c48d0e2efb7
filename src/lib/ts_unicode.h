/* ts_unicode.h - the thin layer over utf8proc.
 *
 * utf8proc works on whole strings and rejects one with a bad byte; these
 * functions take a span of valid UTF-8 (split input into valid runs
 * first) and reuse one scratch buffer, so no allocation per call once
 * it has grown.  Keep an ASCII fast path in front of them. */
#ifndef TS_UNICODE_H
#define TS_UNICODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ts_buf.h"

enum ts_form { TS_FORM_NONE, TS_NFC, TS_NFD, TS_NFKC, TS_NFKD };

/* Bits for ts_transform(). */
#define TS_CASEFOLD	0x01	/* full Unicode case folding */
#define TS_STRIPMARK	0x02	/* drop combining marks (Mn, Mc, Me) */

typedef struct {
	int32_t	*cps;	/* scratch code points */
	size_t	 cap;
} ts_unicode;

#define TS_UNICODE_INIT { NULL, 0 }

/* Append the form of valid UTF-8 span p to out, with flags applied.
 * Returns 0, TS_EUTF8 if p is not valid, or TS_ENOMEM. */
int	ts_transform(ts_unicode *u, const uint8_t *p, size_t len,
	    enum ts_form form, int flags, ts_buf *out);
int	ts_normalize(ts_unicode *u, const uint8_t *p, size_t len,
	    enum ts_form form, ts_buf *out);
int	ts_casefold(ts_unicode *u, const uint8_t *p, size_t len, ts_buf *out);
void	ts_unicode_free(ts_unicode *u);

/* Form by name ("nfc", ...; "none"), or -1. */
int	ts_form_parse(const char *name);

/* General category (utf8proc's UTF8PROC_CATEGORY_* values). */
int	ts_category(int32_t cp);
/* Canonical combining class. */
int	ts_combining_class(int32_t cp);
bool	ts_is_letter(int32_t cp);
bool	ts_is_number(int32_t cp);
bool	ts_is_mark(int32_t cp);
/* Is there a grapheme cluster boundary between a and b?  state starts at
 * 0 for each text and carries across calls (UAX #29 with emoji rules). */
bool	ts_grapheme_break(int32_t a, int32_t b, int32_t *state);

/* "15.0.0": the Unicode version of the linked utf8proc. */
const char *ts_unicode_version(void);
/* "2.8.0": the linked utf8proc. */
const char *ts_utf8proc_version(void);

#endif
