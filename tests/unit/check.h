/* check.h - the smallest unit-test harness: CHECK counts, check_done()
 * prints "name: N passed, M failed" and gives the exit status. */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK_AT(cond, file, line, what) do {				\
	if (cond)							\
		check_passed++;						\
	else {								\
		check_failed++;						\
		fprintf(stderr, "%s:%d: failed: %s\n", file, line, what); \
	}								\
} while (0)

#define CHECK(cond) CHECK_AT((cond), __FILE__, __LINE__, #cond)

#define CHECK_INT(got, want) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	CHECK_AT(g_ == w_, __FILE__, __LINE__, #got " == " #want);	\
	if (g_ != w_)							\
		fprintf(stderr, "\tgot %lld, want %lld\n", g_, w_);	\
} while (0)

/* Byte strings with lengths (may contain NUL). */
#define CHECK_MEM(got, glen, want, wlen) do {				\
	size_t gl_ = (glen), wl_ = (wlen);				\
	CHECK_AT(gl_ == wl_ && memcmp((got), (want), gl_) == 0,		\
	    __FILE__, __LINE__, #got " equals " #want);			\
} while (0)

static inline int
check_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
