/* ts_speaker.h - who said a quotation: rule-based attribution for English
 * news text.
 *
 * The scanner (ts_quote.h) hands over the text right after a closing
 * mark ("after": `, the memo said.`) and the text between the previous
 * quotation (or the paragraph start) and an opening mark ("before":
 * `Smith told reporters:`).  Patterns, with a list of speech verbs:
 *
 *	"...," Name said.	"...," said Name.	"...," according to Name.
 *	Name said: "..."	According to Name, "..."
 *
 * Name is a pronoun (he, she, they, ...), a capitalized name (Mr. John
 * Smith) or a noun phrase led by a determiner (the memo, a senior
 * official).  Precision over recall: anything else finds nothing.
 * Spans are offsets into the text given; nothing is copied. */
#ifndef TS_SPEAKER_H
#define TS_SPEAKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
	size_t	spk_off, spk_len;	/* the speaker as written */
	size_t	cue_off, cue_len;	/* the verb: "said", "according to" */
	size_t	used;		/* bytes of the text the attribution spans */
} ts_attrib;

/* Attribution in the text after a closing mark.  last is the last code
 * point of the quotation's text (',' in "...," he said), or -1.  Returns
 * true and fills *a when one is found. */
bool	ts_speaker_after(const uint8_t *p, size_t n, int32_t last,
	    ts_attrib *a);

/* Attribution in the text before an opening mark (same paragraph). */
bool	ts_speaker_before(const uint8_t *p, size_t n, ts_attrib *a);

/* Does p hold nothing but white space and punctuation? */
bool	ts_speaker_blank(const uint8_t *p, size_t n);

/* Is the word p[0..n) (any case) a speech verb of the list? */
bool	ts_speaker_verb(const uint8_t *p, size_t n);

#endif
