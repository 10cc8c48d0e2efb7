/* ts_speaker.c - speech-verb patterns around a quotation. */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "ts_speaker.h"
#include "ts_unicode.h"
#include "ts_utf8.h"

#define MAXTOK	64
#define MAXNP	7	/* words in a speaker */
#define MAXOBJ	5	/* words between the verb and ':' (told reporters) */

typedef struct {
	size_t	off, len;
	bool	word;
	bool	cap;	/* starts with an upper-case letter */
	int32_t	cp;	/* punctuation: its code point */
} tok;

static const char *const verbs[] = {	/* sorted */
	"acknowledged", "acknowledges", "added", "adds", "admits",
	"admitted", "affirmed", "agreed", "alleged", "allowed",
	"announced", "announces", "answered", "answers", "argued",
	"argues", "asked", "asks", "asserted", "assured", "barked",
	"begged", "bellowed", "blurted", "boasted", "breathed",
	"called", "cautioned", "chanted", "chants", "cheered",
	"chimed", "claimed", "claims", "commented", "comments",
	"complained", "conceded", "concedes", "concluded", "concludes",
	"confirmed", "confirms", "contended", "contends", "continued",
	"continues", "countered", "cried", "cries", "declared",
	"declares", "demanded", "disclosed", "echoed", "emailed",
	"emphasised", "emphasized", "estimated", "exclaimed",
	"explained", "explains", "finds", "found", "gasped", "groaned",
	"growled", "hinted", "hissed", "insisted", "insists",
	"interjected", "joked", "lamented", "laughed", "maintained",
	"maintains", "mentioned", "murmured", "mused", "muttered",
	"noted", "notes", "objected", "observed", "observes",
	"offered", "pleaded", "pointed", "posted", "predicted",
	"proclaimed", "promised", "protested", "quipped", "read",
	"reads", "recalled", "recalls", "recited", "recounted",
	"reiterated", "remarked", "repeated", "replied", "replies",
	"reported", "responded", "responds", "retorted", "revealed",
	"ruled", "said", "sang", "say", "says", "screamed", "shouted",
	"shouts", "sighed", "signaled", "signalled", "snapped",
	"snarled", "stammered", "stated", "states", "stressed",
	"stuttered", "suggested", "suggests", "tells", "testified",
	"texted", "told", "tweeted", "tweets", "urged", "ventured",
	"vowed", "warned", "warns", "whispered", "whispers",
	"wondered", "writes", "wrote", "yelled"
};

static const char *const pronouns[] = {	/* sorted */
	"he", "i", "it", "one", "she", "they", "we", "you"
};

static const char *const determiners[] = {	/* sorted */
	"a", "an", "another", "both", "each", "her", "his", "its",
	"many", "my", "no", "one", "our", "several", "some", "that",
	"the", "their", "these", "this", "those", "three", "two",
	"your"
};

/* Words that never belong to a speaker's name. */
static const char *const stops[] = {	/* sorted */
	"about", "adding", "after", "again", "against", "are", "as",
	"at", "be", "because", "been", "before", "being", "but", "by",
	"can", "could", "did", "do", "does", "during", "earlier",
	"for", "friday", "from", "had", "has", "have", "here", "how",
	"if", "in", "into", "is", "it's", "last", "later", "may",
	"might", "monday", "must", "next", "not", "on", "once", "or",
	"over", "recently", "saturday", "saying", "should", "since",
	"so", "sunday", "than", "that", "then", "there", "through",
	"thursday", "to", "today", "tomorrow", "tonight", "tuesday",
	"under", "until", "was", "wednesday", "were", "what", "when",
	"where", "which", "while", "who", "whom", "whose", "why",
	"will", "with", "without", "would", "yesterday", "yet"
};

/* Skipped between a speaker and its verb: "the memo also said". */
static const char *const adverbs[] = {	/* sorted */
	"again", "also", "earlier", "further", "had", "has", "have",
	"just", "later", "often", "once", "only", "previously",
	"repeatedly", "simply", "then"
};

/* Dropped from the start of a clause: "Then he said:". */
static const char *const leads[] = {	/* sorted */
	"after", "afterwards", "again", "also", "although", "and",
	"as", "because", "before", "but", "finally", "here", "however",
	"if", "instead", "later", "meanwhile", "nor", "now", "once",
	"or", "since", "so", "still", "then", "there", "though",
	"thus", "today", "ultimately", "unless", "until", "when",
	"where", "whereas", "while", "whilst", "yesterday", "yet"
};

/* Words that keep a following '.' ("Mr. Smith"). */
static const char *const abbrevs[] = {	/* sorted */
	"capt", "col", "dr", "gen", "gov", "jr", "lt", "maj", "mr",
	"mrs", "ms", "mt", "mx", "prof", "rep", "rev", "sen", "sgt",
	"sr", "st"
};

static bool
word_is(const uint8_t *p, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint8_t c = p[i];

		if (w[i] == '\0')
			return false;
		if (c >= 'A' && c <= 'Z')
			c = (uint8_t)(c - 'A' + 'a');
		if (c != (uint8_t)w[i])
			return false;
	}
	return w[n] == '\0';
}

static int
cmp_word(const void *key, const void *elt)
{
	return strcmp(key, *(const char *const *)elt);
}

/* Is p[0..n), ASCII-lowered, in the sorted list? */
static bool
lookup(const uint8_t *p, size_t n, const char *const *list, size_t count)
{
	char w[24];
	size_t i;

	if (n == 0 || n >= sizeof w)
		return false;
	for (i = 0; i < n; i++) {
		uint8_t c = p[i];

		if (c >= 'A' && c <= 'Z')
			c = (uint8_t)(c - 'A' + 'a');
		else if (c >= 0x80)
			return false;
		w[i] = (char)c;
	}
	w[n] = '\0';
	return bsearch(w, list, count, sizeof *list, cmp_word) != NULL;
}

#define in_list(p, n, list) lookup((p), (n), (list), \
	sizeof(list) / sizeof(list)[0])

bool
ts_speaker_verb(const uint8_t *p, size_t n)
{
	return in_list(p, n, verbs);
}

static inline bool
is_word_cp(int32_t cp)
{
	if (cp < 0x80)
		return ((uint32_t)cp | 0x20) - 'a' < 26 ||
		    (uint32_t)cp - '0' < 10;
	if (cp == TS_INVALID)
		return false;
	return ts_is_letter(cp) || ts_is_number(cp) || ts_is_mark(cp);
}

static bool
is_space_cp(int32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 ||
	    cp == 0x202F || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x3000;
}

static bool
is_upper_cp(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	return ts_category(cp) == UTF8PROC_CATEGORY_LU ||
	    ts_category(cp) == UTF8PROC_CATEGORY_LT;
}

/* Split p into words and punctuation.  A word may hold ' ’ - and . when
 * a word character follows them ("O’Brien", "U.S"), and keeps a final
 * '.' after an abbreviation or an initial ("Mr.", "J.", "U.S."). */
static size_t
tokenize(const uint8_t *p, size_t n, tok *t, size_t max)
{
	const uint8_t *end = p + n;
	size_t i = 0, k = 0, len, len2;
	int32_t cp, cp2;

	while (i < n && k < max) {
		len = ts_next(p + i, end, &cp);
		if (is_space_cp(cp)) {
			i += len;
			continue;
		}
		if (!is_word_cp(cp)) {
			t[k++] = (tok){ i, len, false, false, cp };
			i += len;
			continue;
		}
		t[k] = (tok){ i, 0, true, is_upper_cp(cp), 0 };
		bool dots = false;
		for (;;) {
			i += len;
			if (i >= n)
				break;
			len = ts_next(p + i, end, &cp);
			if (is_word_cp(cp))
				continue;
			if (cp != '\'' && cp != 0x2019 && cp != '-' &&
			    cp != 0x2010 && cp != 0x2011 && cp != '.')
				break;
			if (i + len < n) {
				len2 = ts_next(p + i + len, end, &cp2);
				(void)len2;
				if (is_word_cp(cp2)) {
					dots |= cp == '.';
					continue;
				}
			}
			if (cp == '.') {
				size_t wl = i - t[k].off;

				if (dots || wl == 1 ||
				    in_list(p + t[k].off, wl, abbrevs))
					i += len;
			}
			break;
		}
		t[k].len = i - t[k].off;
		k++;
	}
	return k;
}

#define tok_in(p, t, list) \
	((t)->word && in_list((p) + (t)->off, (t)->len, list))

static bool
tok_is(const uint8_t *p, const tok *t, const char *w)
{
	return t->word && word_is(p + t->off, t->len, w);
}

static bool
is_verb(const uint8_t *p, const tok *t)
{
	return tok_in(p, t, verbs);
}

/* Inside a speaker: "a spokesman for the ministry", "the head of". */
static const char *const preps[] = {	/* sorted */
	"at", "for", "from", "in", "of", "on", "with"
};

/* Is t[a..b) a speaker?  A lone pronoun, or a name/noun phrase; with
 * bare, also a short lower-case one ("police said"). */
static bool
np_ok(const uint8_t *p, const tok *t, size_t a, size_t b, bool bare)
{
	size_t i;

	if (b <= a || b - a > MAXNP)
		return false;
	for (i = a; i < b; i++)
		if (!t[i].word || is_verb(p, &t[i]) || (tok_in(p, &t[i], stops) &&
		    !(i > a && i + 1 < b && tok_in(p, &t[i], preps))))
			return false;
	if (tok_in(p, &t[a], determiners) && b - a >= 2)
		return true;	/* the memo, one reporter */
	if (tok_in(p, &t[a], pronouns))
		return b - a == 1;
	if (tok_in(p, &t[a], determiners))
		return false;
	return t[a].cap || (bare && b - a <= 3);
}

static bool
is_punct(const tok *t, int32_t cp)
{
	return !t->word && t->cp == cp;
}

/* Fill a from token spans. */
static void
set_attrib(ts_attrib *a, const tok *t, size_t np_a, size_t np_b,
    size_t cue_a, size_t cue_b, size_t used)
{
	a->spk_off = t[np_a].off;
	a->spk_len = t[np_b - 1].off + t[np_b - 1].len - a->spk_off;
	a->cue_off = t[cue_a].off;
	a->cue_len = t[cue_b - 1].off + t[cue_b - 1].len - a->cue_off;
	a->used = used;
}

/* End of a speaker read forward from t[a]: up to punctuation or a word
 * that cannot be part of a name ("said Kerry on Tuesday"). */
static size_t
np_forward(const uint8_t *p, const tok *t, size_t a, size_t k)
{
	size_t b = a;

	while (b < k && b - a < MAXNP && t[b].word && !is_verb(p, &t[b])) {
		/* "of"/"for" go on a phrase led by a determiner: said the
		 * head of the union, said a spokesman for the ministry */
		if (tok_in(p, &t[b], stops) && !(b > a + 1 &&
		    tok_in(p, &t[a], determiners) && (tok_is(p, &t[b], "of") ||
		    tok_is(p, &t[b], "for")) && b + 1 < k && t[b + 1].word &&
		    !tok_in(p, &t[b + 1], stops)))
			break;
		b++;
	}
	return b;
}

/* Does the attribution end here: punctuation ending a clause, or the
 * end of the text? */
static bool
clause_end(const tok *t, size_t i, size_t k)
{
	return i >= k || is_punct(&t[i], '.') || is_punct(&t[i], ',') ||
	    is_punct(&t[i], ';') || is_punct(&t[i], ':') ||
	    is_punct(&t[i], '!') || is_punct(&t[i], '?');
}

/* The attribution's sentence runs to . ! ? : ; or the end of the text
 * ("said Kerry on Tuesday."), n being where tokens stopped: a quotation
 * after it, with nothing else between, goes on with the same statement. */
static size_t
used_to(const uint8_t *p, const tok *t, size_t i, size_t k, size_t n)
{
	for (; i < k; i++)
		if (is_verb(p, &t[i]))	/* "while Baker insisted:" */
			return t[i].off;
		else if (is_punct(&t[i], '.') || is_punct(&t[i], '!') ||
		    is_punct(&t[i], '?') || is_punct(&t[i], ':') ||
		    is_punct(&t[i], ';'))
			return t[i].off + t[i].len;
	return n;
}

bool
ts_speaker_after(const uint8_t *p, size_t n, int32_t last, ts_attrib *a)
{
	tok t[MAXTOK];
	/* an attribution is in the first words after the mark */
	size_t k = tokenize(p, n, t, 3 * MAXNP), i = 0, v, b, e;
	size_t seen = k == 3 * MAXNP ? t[k - 1].off + t[k - 1].len : n;
	bool led;

	/* "...," he said: the quotation ends its clause with , ? ! or a
	 * dash; ",” he said" (British) puts the comma outside. */
	led = last == ',' || last == '?' || last == '!' || last == 0x2014 ||
	    last == 0x2013 || last == '-' || last == 0x2026;
	if (k > 0 && (is_punct(&t[0], ',') || is_punct(&t[0], 0x2014) ||
	    is_punct(&t[0], 0x2013))) {
		led = true;
		i = 1;
	}
	if (i >= k || !t[i].word)
		return false;
	/* according to Name */
	if (i + 2 < k && tok_is(p, &t[i], "according") &&
	    tok_is(p, &t[i + 1], "to")) {
		e = np_forward(p, t, i + 2, k);
		if (!np_ok(p, t, i + 2, e, led) || (!led && !clause_end(t, e, k)))
			return false;
		set_attrib(a, t, i + 2, e, i, i + 2, used_to(p, t, e, k, seen));
		return true;
	}
	/* said Name */
	if (is_verb(p, &t[i])) {
		e = np_forward(p, t, i + 1, k);
		if (!np_ok(p, t, i + 1, e, led) || (!led && !clause_end(t, e, k)))
			return false;
		set_attrib(a, t, i + 1, e, i, i + 1, used_to(p, t, e, k, seen));
		return true;
	}
	/* Name said */
	for (v = i; v < k && v - i <= MAXNP + 2 && t[v].word; v++)
		if (is_verb(p, &t[v]))
			break;
	b = v;
	if (v + 1 < k && is_punct(&t[v], ',')) {
		/* Name, an apposition, said */
		size_t c;

		for (c = v + 1; c < k && c - v <= MAXNP + 1 && t[c].word; c++)
			;
		if (c < k && c > v + 1 && is_punct(&t[c], ','))
			for (v = c + 1; v < k && tok_in(p, &t[v], adverbs); v++)
				;
	}
	if (v >= k || !t[v].word || !is_verb(p, &t[v]))
		return false;
	if (b == v)
		while (b > i && tok_in(p, &t[b - 1], adverbs))
			b--;
	if (!np_ok(p, t, i, b, led))
		return false;
	if (!led && !clause_end(t, v + 1, k))
		return false;
	set_attrib(a, t, i, b, v, v + 1, used_to(p, t, v + 1, k, seen));
	return true;
}

/* ts_speaker_before on the tail p[0..n); cut: its first word may be a
 * piece of one. */
static bool
before_tail(const uint8_t *p, size_t n, bool cut, ts_attrib *a)
{
	tok t[MAXTOK];
	size_t k, s, v, b, e, i, all, drop;

	all = tokenize(p, n, t, MAXTOK);
	drop = cut && all > 0;
	k = all - drop;
	memmove(t, t + drop, k * sizeof *t);
	if (k == 0)
		return false;
	/* Name said: "..." and Name said, "..." (without the colon or
	 * comma the quotation is a phrase of the sentence) */
	if (is_punct(&t[k - 1], ':') || is_punct(&t[k - 1], ','))
		k--;
	else
		return false;
	/* The clause: after the last sentence end, comma or dash. */
	for (s = k; s > 0; s--) {
		const tok *x = &t[s - 1];

		if (!x->word)
			break;
	}
	while (s < k && tok_in(p, &t[s], leads))
		s++;
	if (s >= k)
		return false;
	/* According to Name, */
	if (k - s >= 3 && tok_is(p, &t[s], "according") &&
	    tok_is(p, &t[s + 1], "to")) {
		if (!np_ok(p, t, s + 2, k, false))
			return false;
		set_attrib(a, t, s + 2, k, s, s + 2, n);
		return true;
	}
	/* said Name: */
	if (is_verb(p, &t[s])) {
		e = np_forward(p, t, s + 1, k);
		if (e != k || !np_ok(p, t, s + 1, e, false))
			return false;
		set_attrib(a, t, s + 1, e, s, s + 1, n);
		return true;
	}
	/* Name said [object]: */
	for (v = s; v < k; v++)
		if (is_verb(p, &t[v]))
			break;
	if (v >= k || k - (v + 1) > MAXOBJ)
		return false;
	for (i = v + 1; i < k; i++)
		if (is_verb(p, &t[i]) || tok_is(p, &t[i], "that"))
			return false;
	for (b = v; b > s && tok_in(p, &t[b - 1], adverbs); b--)
		;
	if (!np_ok(p, t, s, b, false))
		return false;
	set_attrib(a, t, s, b, v, v + 1, n);
	(void)all;
	return true;
}

bool
ts_speaker_before(const uint8_t *p, size_t n, ts_attrib *a)
{
	/* Only the last clause matters: look at the tail. */
	size_t shift = n > 160 ? n - 160 : 0;

	if (!before_tail(p + shift, n - shift, shift > 0, a))
		return false;
	a->spk_off += shift;
	a->cue_off += shift;
	a->used += shift;
	return true;
}

bool
ts_speaker_blank(const uint8_t *p, size_t n)
{
	const uint8_t *end = p + n;
	int32_t cp;

	while (p < end) {
		p += ts_next(p, end, &cp);
		if (is_word_cp(cp))
			return false;
	}
	return true;
}
