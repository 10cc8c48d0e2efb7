/* fuzz.h - shared by the harnesses: a property check that aborts, an
 * independent reference UTF-8 decoder, memfd helpers.
 *
 * The reference decoder is written from the definition, not from
 * ts_next(): a lead byte announces n bytes by its leading 1 bits; a
 * prefix of k bytes is "viable" when all of its continuation bytes are
 * 10xxxxxx and the interval of values its completions can take meets the
 * well-formed range for n bytes (no overlong, no surrogate, <= U+10FFFF).
 * The maximal subpart at a position is the longest viable prefix. */
#ifndef FUZZ_H
#define FUZZ_H

#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: property failed: %s\n",		\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

/* One unit at p (avail >= 1 bytes): its length, and *cp the scalar
 * value or -1 for an ill-formed unit. */
static inline size_t
ref_unit(const uint8_t *p, size_t avail, int32_t *cp)
{
	static const uint32_t lo[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	static const uint32_t hi[5] = { 0, 0x7F, 0x7FF, 0xFFFF, 0x10FFFF };
	uint32_t vmin, vmax;
	size_t n, k, good = 0;
	int bits;

	if ((p[0] & 0x80) == 0) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xE0) == 0xC0)
		n = 2;
	else if ((p[0] & 0xF0) == 0xE0)
		n = 3;
	else if ((p[0] & 0xF8) == 0xF0)
		n = 4;
	else {			/* continuation byte or 11111xxx */
		*cp = -1;
		return 1;
	}
	bits = 7 - (int)n;
	vmin = vmax = p[0] & ((1u << bits) - 1);
	for (k = 1; k <= n && k <= avail; k++) {
		if (k > 1) {
			if ((p[k - 1] & 0xC0) != 0x80)
				break;
			vmin = vmin << 6 | (p[k - 1] & 0x3F);
			vmax = vmax << 6 | (p[k - 1] & 0x3F);
		}
		/* The rest (n - k continuation bytes) spans all values. */
		uint32_t lo_k = vmin << (6 * (n - k));
		uint32_t hi_k = (vmax << (6 * (n - k))) | ((1u << (6 * (n - k))) - 1);
		int meets = lo_k <= hi[n] && hi_k >= lo[n];
		/* Only surrogates in range: 3-byte prefixes inside D800..DFFF. */
		if (meets && n == 3 && lo_k >= 0xD800 && hi_k <= 0xDFFF)
			meets = 0;
		if (!meets)
			break;
		good = k;
	}
	if (good == n) {
		*cp = (int32_t)vmin;
		return n;
	}
	*cp = -1;
	return good ? good : 1;
}

static inline int
ref_valid_utf8(const uint8_t *p, size_t len)
{
	size_t i = 0;
	int32_t cp;

	while (i < len) {
		i += ref_unit(p + i, len - i, &cp);
		if (cp < 0)
			return 0;
	}
	return 1;
}

/* A memory file holding p[0..len), positioned at 0; aborts on failure. */
static inline int
fz_memfd(const void *p, size_t len)
{
	int fd = memfd_create("fuzz", MFD_CLOEXEC);
	const uint8_t *q = p;
	ssize_t n;

	FZ_CHECK(fd >= 0);
	while (len > 0) {
		n = write(fd, q, len);
		FZ_CHECK(n > 0);
		q += n, len -= (size_t)n;
	}
	FZ_CHECK(lseek(fd, 0, SEEK_SET) == 0);
	return fd;
}

/* The whole content of fd (from offset 0), malloc'ed; *len its size. */
static inline uint8_t *
fz_slurp(int fd, size_t *len)
{
	off_t size = lseek(fd, 0, SEEK_END);
	uint8_t *p;
	ssize_t n;
	size_t got = 0;

	FZ_CHECK(size >= 0);
	p = malloc((size_t)size + 1);
	FZ_CHECK(p != NULL);
	while (got < (size_t)size) {
		n = pread(fd, p + got, (size_t)size - got, (off_t)got);
		FZ_CHECK(n > 0);
		got += (size_t)n;
	}
	*len = got;
	return p;
}

/* A small deterministic generator for choices driven by the input. */
static inline uint32_t
fz_rand(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*s >> 33);
}

#endif
