/* fuzz_mem - ts_buf and ts_arena against a model, driven by the input
 * as a list of operations.
 *
 * Properties: ts_buf_append/putc/reserve keep the contents equal to a
 * plain reference copy and cap >= len; ts_arena_alloc returns aligned,
 * non-overlapping blocks whose contents (filled at allocation) survive
 * every later allocation; ts_arena_dup copies exactly; total counts what
 * was obtained. */
#include "fuzz.h"

#include <stdalign.h>

#include "ts_arena.h"
#include "ts_buf.h"

#define MAXBLK 512

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ts_buf b = TS_BUF_INIT;
	ts_arena a = TS_ARENA_INIT;
	uint8_t *model = malloc(size * 2 + 16);
	size_t mlen = 0, nblk = 0, i = 0, j, k;
	struct { uint8_t *p; size_t n; uint8_t fill; } blk[MAXBLK];

	FZ_CHECK(model != NULL);
	while (i + 2 <= size) {
		uint8_t op = data[i], arg = data[i + 1];
		size_t n;

		i += 2;
		switch (op % 5) {
		case 0:		/* append the next arg bytes of the input */
			n = arg;
			if (n > size - i)
				n = size - i;
			FZ_CHECK(ts_buf_append(&b, data + i, n) == 0);
			memcpy(model + mlen, data + i, n);
			mlen += n, i += n;
			break;
		case 1:		/* putc */
			FZ_CHECK(ts_buf_putc(&b, arg) == 0);
			model[mlen++] = arg;
			break;
		case 2:		/* reserve, maybe large */
			FZ_CHECK(ts_buf_reserve(&b, (size_t)arg * 97) == 0);
			FZ_CHECK(b.cap >= b.len + (size_t)arg * 97);
			break;
		case 3:		/* arena allocation, maybe large */
		case 4:
			if (nblk == MAXBLK)
				break;
			n = op % 5 == 3 ? arg : (size_t)arg << (op >> 5 & 3) * 3;
			if (op & 0x80) {
				uint8_t tmp[256];

				memset(tmp, arg, sizeof tmp);
				blk[nblk].p = ts_arena_dup(&a, tmp, n < 256 ? n : 256);
				n = n < 256 ? n : 256;
			} else
				blk[nblk].p = ts_arena_alloc(&a, n);
			FZ_CHECK(blk[nblk].p != NULL || n == 0);
			FZ_CHECK((uintptr_t)blk[nblk].p % alignof(max_align_t) == 0);
			blk[nblk].n = n;
			blk[nblk].fill = arg;
			if (n > 0)
				memset(blk[nblk].p, arg, n);
			nblk++;
			break;
		}
		FZ_CHECK(b.len == mlen && b.cap >= b.len);
		FZ_CHECK(mlen == 0 || memcmp(b.p, model, mlen) == 0);
	}
	/* Arena blocks: disjoint, contents intact. */
	for (j = 0; j < nblk; j++) {
		for (k = 0; k < blk[j].n; k++)
			FZ_CHECK(blk[j].p[k] == blk[j].fill);
		for (k = j + 1; k < nblk; k++)
			FZ_CHECK(blk[j].n == 0 || blk[k].n == 0 ||
			    blk[j].p + blk[j].n <= blk[k].p ||
			    blk[k].p + blk[k].n <= blk[j].p);
	}
	ts_arena_free(&a);
	FZ_CHECK(a.head == NULL && a.total == 0);
	ts_buf_free(&b);
	free(model);
	return 0;
}
