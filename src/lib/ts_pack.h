/* ts_pack.h - a cheap lossless packing of byte strings for stored keys.
 *
 * Text is mostly ASCII, whose bytes use 7 bits: a key is stored as the
 * low 7 bits of each byte (8 bytes in 7) plus a sparse map of the bytes
 * whose high bit is set.  Packed form of p[0..n):
 *
 *   varint (2n + h)	h = 1 if any byte of p is >= 0x80
 *   low7		56 bytes per 64-byte block: 7 words, word j the low
 *			7 bits of input word j, with bit j of each byte of
 *			input word 7 in the high bits; then 7 bytes per
 *			8-byte group left: bytes 0-6 low 7 bits, with the
 *			low 7 bits of byte 7 in their high bits; then the
 *			n % 8 last bytes, low 7 bits each (words are
 *			little-endian)
 *   (only if h)	ceil(n / 64) bytes: bit g set if group g (bytes
 *			8g..8g+7) has a high byte; then one byte per set
 *			bit, in order: which bytes of that group are high
 *
 * Packing is a function of the bytes and unpacking inverts it, so two
 * keys are equal exactly when their packed forms are (same length and
 * bytes): a set can store and compare packed keys only.  English text
 * packs to about 0.88 of its size; a key of mostly non-ASCII bytes can
 * grow by up to 1/64 + 1/8 (ts_pack_bound).  Word at a time, no table. */
#ifndef TS_PACK_H
#define TS_PACK_H

#include <stddef.h>
#include <stdint.h>

/* Bytes ts_pack() may write for n input bytes (it may write one byte
 * past the packed length, inside this bound). */
static inline size_t
ts_pack_bound(size_t n)
{
	return 10 + n - n / 8 + (n + 63) / 64 + (n + 7) / 8 + 8;
}

/* Pack p[0..n) into out (ts_pack_bound(n) bytes); returns the length.
 * With AVX-512 where the processor has it; ts_pack_generic() is the
 * same in portable C (the two give the same bytes; tests compare). */
size_t	ts_pack(const uint8_t *p, size_t n, uint8_t *out);
size_t	ts_pack_generic(const uint8_t *p, size_t n, uint8_t *out);
/* 1 if ts_pack() uses AVX-512 on this processor (for tests). */
int	ts_pack_simd(void);

/* The unpacked length of packed q[0..m), or (size_t)-1 if it is not a
 * packed form ts_pack() can give. */
size_t	ts_unpack_len(const uint8_t *q, size_t m);

/* Unpack q[0..m) into out (ts_unpack_len() bytes); returns that length
 * or (size_t)-1. */
size_t	ts_unpack(const uint8_t *q, size_t m, uint8_t *out);

#endif
