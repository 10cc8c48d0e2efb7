/* ts_pos.h - where we are in the input: line, column, byte offset.
 *
 * Lines and columns are 1-based; a column counts code points, and an
 * ill-formed unit counts as one.  Offsets are 0-based bytes. */
#ifndef TS_POS_H
#define TS_POS_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint64_t line;
	uint64_t col;
	uint64_t off;
} ts_pos;

static inline void
ts_pos_init(ts_pos *pos)
{
	pos->line = 1, pos->col = 1, pos->off = 0;
}

/* Move past p[0..len), which must hold whole units; nl ends a line. */
void	ts_pos_advance(ts_pos *pos, const uint8_t *p, size_t len, uint8_t nl);

#endif
