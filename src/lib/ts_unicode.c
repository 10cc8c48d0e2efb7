/* ts_unicode.c - normalization, case folding and properties via utf8proc. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "ts_err.h"
#include "ts_unicode.h"
#include "ts_utf8.h"

static utf8proc_option_t
options(enum ts_form form, int flags)
{
	utf8proc_option_t o = 0;

	switch (form) {
	case TS_NFC:	o = UTF8PROC_STABLE | UTF8PROC_COMPOSE; break;
	case TS_NFD:	o = UTF8PROC_STABLE | UTF8PROC_DECOMPOSE; break;
	case TS_NFKC:	o = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT; break;
	case TS_NFKD:	o = UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT; break;
	case TS_FORM_NONE: break;
	}
	if (flags & TS_CASEFOLD)
		o |= UTF8PROC_CASEFOLD;
	if (flags & TS_STRIPMARK)
		o |= UTF8PROC_STRIPMARK;
	return o;
}

static int
grow(ts_unicode *u, size_t need)
{
	size_t cap = u->cap ? u->cap : 256;
	int32_t *p;

	while (cap < need)
		cap *= 2;
	if ((p = reallocarray(u->cps, cap, sizeof *p)) == NULL)
		return TS_ENOMEM;
	u->cps = p;
	u->cap = cap;
	return 0;
}

/* utf8proc_normalize_utf32() composing, with a workaround: utf8proc
 * 2.8.0 takes U+11A7 (TBase, no trailing consonant) as one after a
 * Hangul LV syllable, adds its index 0 and drops it, so NFC of "\uAC00
 * \u11A7" lost a character.  U+11A7 is a starter that composes with
 * nothing, so composing what precedes it and what follows from it on
 * separately is exact. */
#define HANGUL_TBASE	0x11A7

static utf8proc_ssize_t
compose(int32_t *cps, utf8proc_ssize_t n, utf8proc_option_t o)
{
	utf8proc_ssize_t i, start = 0, out = 0, k;

	for (i = 1; i <= n; i++) {
		if (i < n && cps[i] != HANGUL_TBASE)
			continue;
		if ((k = utf8proc_normalize_utf32(cps + start, i - start,
		    o)) < 0)
			return k;
		memmove(cps + out, cps + start, (size_t)k * sizeof *cps);
		out += k;
		start = i;
	}
	return out;
}

int
ts_transform(ts_unicode *u, const uint8_t *p, size_t len, enum ts_form form,
    int flags, ts_buf *out)
{
	utf8proc_option_t o = options(form, flags);
	utf8proc_ssize_t n;
	size_t i;
	uint8_t *w;

	if (o == 0)
		return ts_buf_append(out, p, len);
	/* STRIPMARK needs a decomposition to find the marks. */
	if ((flags & TS_STRIPMARK) && !(o & (UTF8PROC_COMPOSE | UTF8PROC_DECOMPOSE)))
		o |= UTF8PROC_DECOMPOSE | UTF8PROC_STABLE;
	for (;;) {
		n = utf8proc_decompose(p, (utf8proc_ssize_t)len, u->cps,
		    (utf8proc_ssize_t)u->cap, o);
		if (n < 0)
			return n == UTF8PROC_ERROR_NOMEM ? TS_ENOMEM : TS_EUTF8;
		if ((size_t)n <= u->cap)
			break;
		if (grow(u, (size_t)n) != 0)
			return TS_ENOMEM;
	}
	/* Decompose already reordered marks; composing is the rest. */
	if (o & UTF8PROC_COMPOSE) {
		n = compose(u->cps, n, o);
		if (n < 0)
			return TS_EUTF8;
	}
	if (n == 0)
		return 0;	/* e.g. only marks, stripped */
	if (ts_buf_reserve(out, (size_t)n * 4) != 0)
		return TS_ENOMEM;
	w = out->p + out->len;
	for (i = 0; i < (size_t)n; i++)
		w += ts_encode(u->cps[i], w);
	out->len = (size_t)(w - out->p);
	return 0;
}

int
ts_normalize(ts_unicode *u, const uint8_t *p, size_t len, enum ts_form form,
    ts_buf *out)
{
	return ts_transform(u, p, len, form, 0, out);
}

int
ts_casefold(ts_unicode *u, const uint8_t *p, size_t len, ts_buf *out)
{
	return ts_transform(u, p, len, TS_FORM_NONE, TS_CASEFOLD, out);
}

void
ts_unicode_free(ts_unicode *u)
{
	free(u->cps);
	u->cps = NULL;
	u->cap = 0;
}

int
ts_form_parse(const char *name)
{
	static const char *names[] = { "none", "nfc", "nfd", "nfkc", "nfkd" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}

int
ts_category(int32_t cp)
{
	return utf8proc_category(cp);
}

int
ts_combining_class(int32_t cp)
{
	return utf8proc_get_property(cp)->combining_class;
}

bool
ts_is_letter(int32_t cp)
{
	int c = utf8proc_category(cp);

	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

bool
ts_is_number(int32_t cp)
{
	int c = utf8proc_category(cp);

	return c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO;
}

bool
ts_is_mark(int32_t cp)
{
	int c = utf8proc_category(cp);

	return c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME;
}

bool
ts_grapheme_break(int32_t a, int32_t b, int32_t *state)
{
	return utf8proc_grapheme_break_stateful(a, b, state);
}

const char *
ts_unicode_version(void)
{
	return utf8proc_unicode_version();
}

const char *
ts_utf8proc_version(void)
{
	return utf8proc_version();
}
