/* ts_mojibake.h - repair UTF-8 that was decoded as Windows-1252 or
 * Latin-1 and encoded again ("donâ€™t" -> "don’t", "Ã©tÃ©" -> "été").
 *
 * A candidate is a span of characters from U+0080-U+00FF and the 27
 * characters Windows-1252 puts at 0x80-0x9F (its 5 undefined bytes count
 * as the C1 controls U+0081 U+008D U+008F U+0090 U+009D, as browsers and
 * Latin-1 produce them) whose bytes form one well-formed multi-byte UTF-8
 * sequence of an assigned, non-private-use code point.
 *
 * Zero false positives on correct text come first.  A candidate is
 * repaired when it is unmistakable: its lead is Â or Ã (real text never
 * has them directly before a symbol), a continuation is a C1 control, or
 * it does not look like what real text has: a letter followed by closing
 * punctuation, list marks or letters ("CAFÉ”", "PERCHÉ…", "Straße«",
 * "daß…", "été\u00A0»", "não…»", "está»—", "Tomáš\u00A0", "VÝŠE",
 * "T•Ø•R"; the tables in ts_mojibake.c say exactly which).  Ambiguous
 * candidates are repaired only when their whole non-ASCII run consists
 * of two or more candidates and nothing else ("Ù…Ø­Ù…Ø¯" -> "محمد").
 * Decisions are made per run of non-ASCII characters; up to three rounds
 * per run repair text encoded twice or three times (also Latin-1 then
 * Windows-1252, which yields C1 controls in the middle round).
 *
 * Known limits: an isolated mojibake character whose run is one ambiguous
 * candidate stays as it is (a lone Arabic "Ù…", CJK "æ—¥", Kannada "à²¶",
 * Polish "Å»" (Ż), Vietnamese "á»—" (ỗ)); a word in capitals ending in
 * "Ã" right before a closing quote ("AMANHÔ), or "Å" right before an
 * NBSP ("PÅ\u00A0"), would be taken as mojibake ("Ô", "Š": Š is far more
 * common); mojibake whose NBSP became a space ("Ã " for "à") stays.
 *
 * Measured: no change to 1.13 million translated strings (all .mo files
 * of this Debian system, every language) except the 210 that really are
 * mojibake; a 100000-string sample garbled once (Windows-1252) comes back
 * exactly in 99.0% of strings (also when garbled twice), through Latin-1
 * in 99.9%. */
#ifndef TS_MOJIBAKE_H
#define TS_MOJIBAKE_H

#include <stddef.h>
#include <stdint.h>

#include "ts_buf.h"

/* Append valid UTF-8 p[0..len) to out with mojibake repaired (UTF-8
 * mis-decoded as Windows-1252 or Latin-1 and re-encoded, once or twice).
 * Returns repairs made (>= 0) or TS_ENOMEM.  Stateless; mojibake never
 * contains ASCII, so a caller may split input at any ASCII byte.  (A split
 * inside a run of non-ASCII characters can change the result for that run
 * only: split there only when a run is longer than the caller's buffer.)
 * Ill-formed UTF-8 is copied unchanged and never repaired. */
long	ts_mojibake_fix(const uint8_t *p, size_t len, ts_buf *out);

#endif
