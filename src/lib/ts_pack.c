/* ts_pack.c - 7-bit packing with a sparse high-bit map (see ts_pack.h). */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "ts_pack.h"

/* GCC and Clang on x86-64 compile the AVX-512 path with a target
 * attribute; it runs where the processor has it. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PACK_AVX512	1
#include <immintrin.h>
#endif

#define HIGHS	0x8080808080808080ULL
#define LOWS	0x7F7F7F7F7F7F7F7FULL

static inline uint64_t
rd8(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static inline void
wr8(uint8_t *p, uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	memcpy(p, &v, 8);
}

/* Bytes 0-6 of v keep their low 7 bits; the low 7 bits of byte 7 go
 * to their high bits (bit j of byte 7 -> bit 7 of byte j).  The
 * multiply places bit j at 8j + 7 and the other products elsewhere
 * (j + 7k = j' + 7k' has no other solution in 0..6), without carries. */
static inline uint64_t
fold8(uint64_t v)
{
	return (v & 0x007F7F7F7F7F7F7FULL) | ((((v >> 56) & 0x7F) *
	    0x0002040810204080ULL) & 0x0080808080808080ULL);
}

/* The high bits of v's bytes as an 8-bit mask (bit i: byte i). */
static inline unsigned
high_mask(uint64_t v)
{
	return (unsigned)((((v & HIGHS) >> 7) * 0x0102040810204080ULL) >> 56);
}

#ifdef __SSE2__
/* The high bits of p[0..64): bit k is p[k]'s, so byte j is
 * high_mask() of word j (x86 is little-endian). */
static inline uint64_t
block_highs(const uint8_t *p)
{
#define HI16(k) ((uint64_t)(unsigned)_mm_movemask_epi8(_mm_loadu_si128( \
	(const __m128i *)(const void *)(p + 16 * (k)))) << (16 * (k)))
	return HI16(0) | HI16(1) | HI16(2) | HI16(3);
#undef HI16
}
#endif

static inline uint64_t
unfold8(uint64_t x)
{
	return (x & 0x007F7F7F7F7F7F7FULL) |
	    ((uint64_t)(high_mask(x & 0x0080808080808080ULL)) << 56);
}

static size_t
varint_put(uint8_t *q, size_t v)
{
	size_t k = 0;

	while (v >= 0x80) {
		q[k++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	q[k++] = (uint8_t)v;
	return k;
}

static inline size_t
low7_len(size_t n)
{
	return n / 8 * 7 + n % 8;
}

size_t
ts_pack_generic(const uint8_t *p, size_t n, uint8_t *out)
{
	uint8_t hdr[10], *w, *map, *masks, *m0;
	uint64_t v, tail = 0;
	size_t i, g, k, r = n % 8, nmap = (n + 63) / 64;
	unsigned m, bits;

	/* 2n and 2n + 1 have LEB128 forms of the same length. */
	k = varint_put(hdr, 2 * n);
	w = out + k;
	map = w + low7_len(n);
	m0 = masks = map + nmap;
	/* The last n % 8 bytes first, as one word (its spare bytes land
	 * on the map, cleared next); groups before never write there. */
	if (r > 0) {
		if (n >= 8)
			tail = rd8(p + n - 8) >> (8 * (8 - r));
		else
			for (i = 0; i < r; i++)
				tail |= (uint64_t)p[i] << (8 * i);
		wr8(map - r, tail & LOWS);
	}
	if (nmap <= 8)	/* (inside the bound: the tail's word was too) */
		wr8(map, 0);
	else
		memset(map, 0, nmap);
	/* A block of 64 bytes (words q[0..7]) goes in 7 words: word j has
	 * the low 7 bits of q[j]'s bytes, and in their high bits bit j of
	 * q[7]'s bytes (bit j of byte l lands on bit 8l + 7 after the
	 * shift; no other bit of q[7] does).  Shifts and masks only. */
	for (i = 0, g = 0; i + 64 <= n; i += 64, g += 8, w += 56) {
		uint64_t q[8], any, x;
#ifndef __SSE2__
		size_t j;
#endif

		q[7] = rd8(p + i + 56);
		x = q[7] & LOWS;
		any = q[7];
#ifdef __SSE2__
#define ANY(j)
#else
#define ANY(j) (any |= q[j])
#endif
		/* Unrolled: constant shifts, words in registers. */
#define BLOCK_WORD(j) do {						\
		q[j] = rd8(p + i + 8 * (j));				\
		ANY(j);							\
		wr8(w + 8 * (j), (q[j] & LOWS) | ((x << (7 - (j))) & HIGHS)); \
	} while (0)
		BLOCK_WORD(0); BLOCK_WORD(1); BLOCK_WORD(2); BLOCK_WORD(3);
		BLOCK_WORD(4); BLOCK_WORD(5); BLOCK_WORD(6);
#undef BLOCK_WORD
#undef ANY
		/* Without branches (high bytes come and go in text): a mask
		 * byte is written for every word and kept if not zero.  The
		 * block's 8 groups are one map byte (g is a multiple of 8). */
#ifdef __SSE2__
		if ((any = block_highs(p + i)) == 0)
			continue;
		/* high bit of each byte of any: that byte is not zero */
		bits = high_mask(any | ((any & LOWS) + LOWS));
#define KEEP(j) (*masks = (uint8_t)(any >> (8 * (j))), \
	masks += (bits >> (j)) & 1)
		KEEP(0); KEEP(1); KEEP(2); KEEP(3);
		KEEP(4); KEEP(5); KEEP(6); KEEP(7);
#undef KEEP
#else
		if ((any & HIGHS) == 0)
			continue;
		for (j = 0, bits = 0; j < 8; j++) {
			m = high_mask(q[j]);
			*masks = (uint8_t)m;
			masks += m != 0;
			bits |= (unsigned)(m != 0) << j;
		}
#endif
		map[g / 8] |= (uint8_t)bits;
	}
	/* The groups after the blocks (at most 7, and the tail: all in one
	 * map byte, g / 8, as g is a multiple of 8 here). */
	for (bits = 0; i + 8 <= n; i += 8, g++, w += 7) {
		v = rd8(p + i);
		if (i + 16 <= n)	/* its 8th byte is rewritten next */
			wr8(w, fold8(v));
		else {		/* the last group: the tail or map follows */
			uint8_t t[8];

			wr8(t, fold8(v));
			memcpy(w, t, 7);
		}
		m = high_mask(v);
		*masks = (uint8_t)m;
		masks += m != 0;
		bits |= (unsigned)(m != 0) << (g % 8);
	}
	if (r > 0) {
		m = high_mask(tail);
		*masks = (uint8_t)m;
		masks += m != 0;
		bits |= (unsigned)(m != 0) << (g % 8);
	}
	if (bits != 0)
		map[g / 8] |= (uint8_t)bits;
	varint_put(out, 2 * n + (masks != m0));
	return masks != m0 ? (size_t)(masks - out) : (size_t)(map - out);
}

#ifdef PACK_AVX512
/* For the bytes after the blocks: bytes 0-6 of each group next to each
 * other (byte t of the result is byte 8 (t / 7) + t % 7). */
static const uint8_t group_bytes[64] = {
	0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 16, 17,
	18, 19, 20, 21, 22, 24, 25, 26, 27, 28, 29, 30, 32, 33, 34, 35,
	36, 37, 38, 40, 41, 42, 43, 44, 45, 46, 48, 49, 50, 51, 52, 53,
	54, 56, 57, 58, 59, 60, 61, 62, 64, 65, 66, 67, 68, 69, 70, 72,
};

/* The same bytes as ts_pack_generic(), 64 input bytes per step, with
 * AVX-512 (BW for byte masks, VBMI for the byte permutation, VBMI2 to
 * compress the masks): a block's
 * 7 words in 5 instructions, and the bytes after the blocks in one
 * masked load, fold and permutation, with no loop over groups and no
 * branch on their number.  Nothing is read or written outside p[0..n)
 * and the packed form (masked loads and stores). */
__attribute__((target("avx512f,avx512bw,avx512vbmi,avx512vbmi2,popcnt")))
static size_t
pack_avx512(const uint8_t *p, size_t n, uint8_t *out)
{
	const __m512i lows = _mm512_set1_epi8(0x7F);
	const __m512i highs = _mm512_set1_epi8((char)0x80);
	/* block: lane j's share of word 7 shifted by 7 - j */
	const __m512i shift = _mm512_set_epi64(0, 1, 2, 3, 4, 5, 6, 7);
	const __m512i word7 = _mm512_set1_epi64(7);
	/* groups: byte 7 of each word in all its bytes (a shuffle within
	 * 16-byte lanes), and the bit that byte j takes from it */
	const __m512i byte7 = _mm512_set_epi64(
	    0x0F0F0F0F0F0F0F0FLL, 0x0707070707070707LL,
	    0x0F0F0F0F0F0F0F0FLL, 0x0707070707070707LL,
	    0x0F0F0F0F0F0F0F0FLL, 0x0707070707070707LL,
	    0x0F0F0F0F0F0F0F0FLL, 0x0707070707070707LL);
	const __m512i bit_of = _mm512_set1_epi64(0x0040201008040201LL);
	const __m512i pick = _mm512_loadu_si512(group_bytes);
	__m512i v, f;
	uint8_t *w, *map, *masks;
	uint64_t hm, any = 0;
	size_t i, k, g, m, l7;
	unsigned bits;

	k = varint_put(out, 2 * n);
	w = out + k;
	map = w + low7_len(n);
	masks = map + (n + 63) / 64;
	for (i = 0, g = 0;; i += 64, g++) {
		if (i + 64 <= n) {
			v = _mm512_loadu_si512(p + i);
			f = _mm512_or_si512(_mm512_and_si512(v, lows),
			    _mm512_and_si512(_mm512_sllv_epi64(_mm512_and_si512(
			    _mm512_permutexvar_epi64(word7, v), lows), shift),
			    highs));
			_mm512_mask_storeu_epi64(w, 0x7F, f);
			w += 56;
		} else if ((m = n - i) > 0) {
			v = _mm512_maskz_loadu_epi8(((uint64_t)1 << m) - 1, p + i);
			f = _mm512_and_si512(v, lows);
			f = _mm512_mask_mov_epi8(f, _mm512_test_epi8_mask(
			    _mm512_shuffle_epi8(v, byte7), bit_of),
			    _mm512_or_si512(f, highs));
			l7 = low7_len(m);
			_mm512_mask_storeu_epi8(w, ((uint64_t)1 << l7) - 1,
			    _mm512_permutexvar_epi8(pick, f));
			w += l7;
		} else
			break;
		hm = _mm512_movepi8_mask(v);
		any |= hm;
		/* high bit of each byte of hm: that byte is not zero */
		bits = high_mask(hm | ((hm & LOWS) + LOWS));
		map[g] = (uint8_t)bits;
		/* the masks: the bytes of hm that are not zero */
		_mm512_mask_storeu_epi8(masks, ((uint64_t)1 <<
		    __builtin_popcount(bits)) - 1, _mm512_maskz_compress_epi8(
		    bits, _mm512_castsi128_si512(_mm_cvtsi64_si128(
		    (long long)hm))));
		masks += __builtin_popcount(bits);
		if (i + 64 >= n)
			break;
	}
	if (any == 0)
		return (size_t)(w - out);
	varint_put(out, 2 * n + 1);
	return (size_t)(masks - out);
}

static int have_avx512;

__attribute__((constructor))
static void
detect(void)
{
	__builtin_cpu_init();
	have_avx512 = __builtin_cpu_supports("avx512f") &&
	    __builtin_cpu_supports("avx512bw") &&
	    __builtin_cpu_supports("avx512vbmi") &&
	    __builtin_cpu_supports("avx512vbmi2") &&
	    __builtin_cpu_supports("popcnt");
}
#endif

int
ts_pack_simd(void)
{
#ifdef PACK_AVX512
	return have_avx512;
#else
	return 0;
#endif
}

size_t
ts_pack(const uint8_t *p, size_t n, uint8_t *out)
{
#ifdef PACK_AVX512
	if (have_avx512)
		return pack_avx512(p, n, out);
#endif
	return ts_pack_generic(p, n, out);
}

/* Parse the header: n, h and where low7 starts; 0 if malformed. */
static size_t
header(const uint8_t *q, size_t m, size_t *n, int *h)
{
	size_t v = 0, k = 0;
	int shift = 0;

	do {
		if (k == m || shift > 63)
			return 0;
		v |= (size_t)(q[k] & 0x7F) << shift;
		shift += 7;
	} while (q[k++] & 0x80);
	*n = v / 2;
	*h = (int)(v & 1);
	return k;
}

size_t
ts_unpack_len(const uint8_t *q, size_t m)
{
	size_t n = 0, k, l7, nmap, i, sets = 0;
	int h = 0;

	if ((k = header(q, m, &n, &h)) == 0 || n > m * 2)
		return (size_t)-1;
	l7 = low7_len(n);
	if (m - k < l7)
		return (size_t)-1;
	if (!h)
		return m - k == l7 ? n : (size_t)-1;
	nmap = (n + 63) / 64;
	if (m - k - l7 < nmap)
		return (size_t)-1;
	for (i = 0; i < nmap; i++)
		sets += (size_t)__builtin_popcount(q[k + l7 + i]);
	return m - k - l7 - nmap == sets && sets > 0 ? n : (size_t)-1;
}

size_t
ts_unpack(const uint8_t *q, size_t m, uint8_t *out)
{
	const uint8_t *r, *map, *masks;
	size_t n = 0, k, i, g, len;
	uint64_t v;
	int h = 0;

	if ((len = ts_unpack_len(q, m)) == (size_t)-1)
		return len;
	k = header(q, m, &n, &h);
	r = q + k;
	for (i = 0; i + 64 <= n; i += 64, r += 56) {
		uint64_t x = 0, o;

		for (g = 0; g < 7; g++) {
			o = rd8(r + 8 * g);
			wr8(out + i + 8 * g, o & LOWS);
			x |= (o & HIGHS) >> (7 - g);
		}
		wr8(out + i + 56, x);
	}
	for (; i + 8 <= n; i += 8, r += 7) {
		v = 0;
		for (g = 0; g < 7; g++)
			v |= (uint64_t)r[g] << (8 * g);
		wr8(out + i, unfold8(v));
	}
	for (g = 0; i + g < n; g++)
		out[i + g] = r[g];
	if (!h)
		return n;
	map = q + k + low7_len(n);
	masks = map + (n + 63) / 64;
	for (g = 0; g * 8 < n; g++)
		if (map[g / 8] & (1u << (g % 8)))
			for (i = 0, v = *masks++; i < 8; i++)
				if (v & (1u << i))
					out[8 * g + i] |= 0x80;
	return n;
}
