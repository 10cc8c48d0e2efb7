/* test_key - comparison keys (ts_key) and atomic file update (ts_atomic). */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "ts_atomic.h"
#include "ts_err.h"
#include "ts_key.h"

/* The key of line under k, compared with want (NUL-terminated here). */
#define KEY_IS(k, line, want) do {					\
	const uint8_t *kp_;						\
	size_t kl_;							\
	CHECK_INT(ts_key_make((k), (const uint8_t *)(line),		\
	    strlen(line), &kp_, &kl_), 0);				\
	CHECK_MEM(kp_, kl_, (want), strlen(want));			\
	if (kl_ != strlen(want) || memcmp(kp_, (want), kl_) != 0)	\
		fprintf(stderr, "\tgot [%.*s] for [%s]\n", (int)kl_,	\
		    (const char *)kp_, (line));				\
} while (0)

static void
test_fold(void)
{
	ts_key k;

	ts_key_init(&k);
	CHECK(ts_key_is_identity(&k));
	KEY_IS(&k, "AbC", "AbC");
	k.flags = TS_KEY_FOLD;
	CHECK(!ts_key_is_identity(&k));
	KEY_IS(&k, "HeLLo, World!", "hello, world!");
	KEY_IS(&k, "STRASSE", "strasse");
	KEY_IS(&k, "stra\xc3\x9f" "e", "strasse");		/* ß */
	KEY_IS(&k, "\xce\xa3\xce\x99\xce\xa3", "\xcf\x83\xce\xb9\xcf\x83");
	KEY_IS(&k, "\xe2\x84\xaa", "k");			/* KELVIN SIGN */
	KEY_IS(&k, "A\xff" "B\xc3", "a\xff" "b\xc3");	/* ill-formed kept */
	KEY_IS(&k, "\xc3\x89T\xc3\x89 \xed\xa0\x80X",
	    "\xc3\xa9t\xc3\xa9 \xed\xa0\x80x");
	KEY_IS(&k, "", "");
	KEY_IS(&k, "a\r", "a\r");	/* -i alone keeps the CR */
	ts_key_free(&k);
}

static void
test_normalize(void)
{
	ts_key k;

	ts_key_init(&k);
	k.flags = TS_KEY_NORMALIZE;
	KEY_IS(&k, "  Caf\xc3\xa9 \t au   LAIT \r", "caf\xc3\xa9 au lait");
	KEY_IS(&k, "CAFE\xcc\x81", "caf\xc3\xa9");	/* e + U+0301 */
	KEY_IS(&k, "cafe\xcc\x81 x", "caf\xc3\xa9 x");
	KEY_IS(&k, "\xef\xac\x81ne", "fine");		/* U+FB01 ligature */
	KEY_IS(&k, "\xef\xbc\xa1\xef\xbc\xa2", "ab");	/* fullwidth AB */
	KEY_IS(&k, "a\xc2\xa0\xe2\x80\x83" "b\xe3\x80\x80", "a b");
	KEY_IS(&k, "x\xe2\x80\xa8y", "x y");		/* LINE SEPARATOR */
	KEY_IS(&k, "STRASSE", "strasse");
	KEY_IS(&k, "Stra\xc3\x9f" "e", "strasse");
	KEY_IS(&k, " \xff  A ", "\xff a");
	KEY_IS(&k, "   ", "");
	KEY_IS(&k, "\xe2\x91\xa0", "1");		/* circled digit one */
	/* Normalized after folding too: capital sharp s + acute folds to
	 * "ss" + U+0301, whose NFC is "s" + U+015B (as Python's
	 * NFKC(casefold(NFKC(x))) gives). */
	KEY_IS(&k, "\xe1\xba\x9e\xcc\x81", "s\xc5\x9b");
	KEY_IS(&k, "\xe2\x84\xab", "\xc3\xa5");	/* ANGSTROM SIGN */
	/* Again, from the segment cache; then the same key folds only. */
	KEY_IS(&k, "CAFE\xcc\x81", "caf\xc3\xa9");
	KEY_IS(&k, "\xef\xac\x81ne", "fine");
	k.flags = TS_KEY_FOLD;
	KEY_IS(&k, "\xef\xac\x81ne", "fine");	/* U+FB01 folds to "fi" */
	KEY_IS(&k, "CAFE\xcc\x81", "cafe\xcc\x81");	/* not composed */
	KEY_IS(&k, "\xe2\x91\xa0", "\xe2\x91\xa0");	/* no NFKC */
	ts_key_free(&k);
}

/* The ASCII whitespace rule against a naive one (lowercase; runs of
 * 9-13 and space made one space; trimmed) on random lines from a small
 * alphabet, so spaces fall on every position of the 8-byte words the
 * fast path reads, next to words, tabs and CRs, and at both ends. */
static size_t
naive_ascii(const char *p, size_t n, char *out)
{
	size_t i, o = 0;
	int ws, pending = 0;

	for (i = 0; i < n; i++) {
		ws = p[i] == ' ' || (p[i] >= 9 && p[i] <= 13);
		if (ws) {
			pending = 1;
			continue;
		}
		if (pending && o > 0)
			out[o++] = ' ';
		pending = 0;
		out[o++] = p[i] >= 'A' && p[i] <= 'Z' ? p[i] | 0x20 : p[i];
	}
	return o;
}

static void
test_normalize_ascii_spaces(void)
{
	static const char alpha[] = "aB  \t\r\x01.";
	uint64_t x = 88172645463325252ULL;
	char line[80], want[80];
	const uint8_t *kp;
	size_t n, i, wl, kl;
	int t, ok = 1;
	ts_key k;

	ts_key_init(&k);
	k.flags = TS_KEY_NORMALIZE;
	for (t = 0; t < 20000; t++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		n = x % 40;
		for (i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			line[i] = alpha[x % (sizeof alpha - 1)];
		}
		wl = naive_ascii(line, n, want);
		ok &= ts_key_make(&k, (const uint8_t *)line, n, &kp, &kl) == 0 &&
		    kl == wl && memcmp(kp, want, wl) == 0;
	}
	CHECK(ok);
	/* A space last in an 8-byte word, then more; a trailing space
	 * after a non-ASCII segment. */
	KEY_IS(&k, "abcdefg hijklmn", "abcdefg hijklmn");
	KEY_IS(&k, "abcdefg  hijklmn ", "abcdefg hijklmn");
	KEY_IS(&k, "Abcdefg\t", "abcdefg");
	KEY_IS(&k, "x \xc3\x89 ", "x \xc3\xa9");
	KEY_IS(&k, "\xc3\x89\xc2\xa0 abcdefgh ", "\xc3\xa9 abcdefgh");
	ts_key_free(&k);
}

static void
test_slices(void)
{
	ts_key k;

	ts_key_init(&k);
	k.skip_fields = 1;
	KEY_IS(&k, "a b  c", " b  c");
	KEY_IS(&k, "  a\tb", "\tb");
	KEY_IS(&k, "a", "");
	k.skip_fields = 2;
	KEY_IS(&k, "a b  c", "  c");
	k.skip_fields = 0;
	k.skip_chars = 2;
	KEY_IS(&k, "\xc3\xa9\xc3\xa9x", "x");
	KEY_IS(&k, "\xff\xc3\xa9x", "x");	/* ill-formed unit counts one */
	KEY_IS(&k, "a", "");
	k.skip_chars = 1;
	k.check_chars = 2;
	KEY_IS(&k, "x\xc3\xa9" "a\xc3\xa9", "\xc3\xa9" "a");
	KEY_IS(&k, "xy", "y");
	k.skip_chars = 0;
	k.check_chars = 0;
	KEY_IS(&k, "anything", "");
	k.check_chars = 3;
	k.flags = TS_KEY_FOLD;
	KEY_IS(&k, "ABCD", "abc");
	ts_key_free(&k);
}

static void
test_fields(void)
{
	ts_key k;

	ts_key_init(&k);
	CHECK_INT(ts_key_fields(&k, "2"), 0);
	KEY_IS(&k, "a\tb\tc", "b");
	KEY_IS(&k, "a\tb", "b");
	KEY_IS(&k, "a", "");
	KEY_IS(&k, "a\t\tc", "");
	ts_key_free(&k);

	ts_key_init(&k);
	CHECK_INT(ts_key_fields(&k, "1,3"), 0);
	KEY_IS(&k, "a\tb\tc\td", "a\tc");
	KEY_IS(&k, "a\tb", "a\t");
	ts_key_free(&k);

	ts_key_init(&k);
	CHECK_INT(ts_key_fields(&k, "2-"), 0);
	k.sep = ',';
	KEY_IS(&k, "a,b,c", "b,c");
	KEY_IS(&k, "a", "");
	ts_key_free(&k);

	ts_key_init(&k);
	CHECK_INT(ts_key_fields(&k, "2-3,1"), 0);
	k.sep = ',';
	k.flags = TS_KEY_FOLD;
	KEY_IS(&k, "A,B,C,D", "b,c,a");
	ts_key_free(&k);

	ts_key_init(&k);
	CHECK_INT(ts_key_fields(&k, "0"), TS_EINVAL);
	CHECK_INT(ts_key_fields(&k, "2-1"), TS_EINVAL);
	CHECK_INT(ts_key_fields(&k, "x"), TS_EINVAL);
	CHECK_INT(ts_key_fields(&k, "1,"), TS_EINVAL);
	CHECK_INT(ts_key_fields(&k, ""), TS_EINVAL);
	CHECK_INT(ts_key_fields(&k, "99999999999999999999999"), TS_EINVAL);
	ts_key_free(&k);
}

static void
test_blank(void)
{
	CHECK(ts_is_blank((const uint8_t *)"", 0));
	CHECK(ts_is_blank((const uint8_t *)" \t\r\f", 4));
	CHECK(ts_is_blank((const uint8_t *)"\xc2\xa0\xe3\x80\x80", 5));
	CHECK(!ts_is_blank((const uint8_t *)" x ", 3));
	CHECK(!ts_is_blank((const uint8_t *)"\xff", 1));
	CHECK(!ts_is_blank((const uint8_t *)"\xe2\x80\x8b", 3)); /* ZWSP */
}

static size_t
slurp(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return (size_t)-1;
	n = read(fd, buf, cap);
	close(fd);
	return n < 0 ? (size_t)-1 : (size_t)n;
}

static void
test_atomic(void)
{
	char dir[] = "/tmp/test_key.XXXXXX", path[64], buf[64], other[80];
	ts_atomic a;
	struct stat st;
	size_t n;
	int fd;

	if (mkdtemp(dir) == NULL) {
		CHECK(!"mkdtemp");
		return;
	}
	snprintf(path, sizeof path, "%s/state", dir);
	/* New file. */
	CHECK_INT(ts_atomic_open(&a, path, 1, '\n'), 0);
	CHECK(write(a.fd, "one\n", 4) == 4);
	CHECK(access(path, F_OK) != 0);		/* not there before commit */
	CHECK_INT(ts_atomic_commit(&a), 0);
	n = slurp(path, buf, sizeof buf);
	CHECK_MEM(buf, n, "one\n", 4);
	/* Append after contents lacking the final newline. */
	fd = open(path, O_WRONLY | O_TRUNC);
	CHECK(write(fd, "one", 3) == 3);
	close(fd);
	chmod(path, 0640);
	CHECK_INT(ts_atomic_open(&a, path, 1, '\n'), 0);
	CHECK(write(a.fd, "two\n", 4) == 4);
	CHECK_INT(ts_atomic_commit(&a), 0);
	n = slurp(path, buf, sizeof buf);
	CHECK_MEM(buf, n, "one\ntwo\n", 8);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0640);
	/* Abort leaves it alone and removes the temporary file. */
	CHECK_INT(ts_atomic_open(&a, path, 1, '\n'), 0);
	snprintf(other, sizeof other, "%s", a.tmp);
	CHECK(write(a.fd, "three\n", 6) == 6);
	ts_atomic_abort(&a);
	n = slurp(path, buf, sizeof buf);
	CHECK_MEM(buf, n, "one\ntwo\n", 8);
	CHECK(access(other, F_OK) != 0);
	/* No directory: an error, nothing created. */
	snprintf(other, sizeof other, "%s/no/such", dir);
	CHECK_INT(ts_atomic_open(&a, other, 1, '\n'), TS_EIO);
	unlink(path);
	rmdir(dir);
}

/* Found by fuzz tool-dedupe-lines (-s 1 -w 2 -i) under UBSan: a key
 * that starts with a non-ASCII byte, folded with a fresh ts_key (its
 * buffer still NULL), computed NULL + 0 for the empty ASCII span.
 * Fails under make sanitize without the fix. */
static void
test_fold_nonascii_first(void)
{
	static const struct { const char *in, *want; } t[] = {
		{ "\xdd" "d", "\xdd" "d" },		/* ill-formed, then ASCII */
		{ "\xc3\x89T\xc3\x89", "\xc3\xa9t\xc3\xa9" },	/* ÉTÉ */
	};
	const uint8_t *key;
	size_t klen, i;
	ts_key k;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		ts_key_init(&k);
		k.flags = TS_KEY_FOLD;
		CHECK(ts_key_make(&k, (const uint8_t *)t[i].in, strlen(t[i].in),
		    &key, &klen) == 0);
		CHECK_MEM(key, klen, t[i].want, strlen(t[i].want));
		ts_key_free(&k);
	}
}

int
main(void)
{
	test_fold();
	test_normalize();
	test_normalize_ascii_spaces();
	test_slices();
	test_fields();
	test_blank();
	test_atomic();
	test_fold_nonascii_first();
	return check_done("test_key");
}
