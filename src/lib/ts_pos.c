/* ts_pos.c - line/column/offset tracking. */
#include <string.h>

#include "ts_pos.h"
#include "ts_utf8.h"

void
ts_pos_advance(ts_pos *pos, const uint8_t *p, size_t len, uint8_t nl)
{
	const uint8_t *nlp;
	size_t rest;

	pos->off += len;
	/* Only the part after the last line end matters for the column. */
	while ((nlp = memchr(p, nl, len)) != NULL) {
		pos->line++;
		pos->col = 1;
		rest = (size_t)(nlp - p) + 1;
		p += rest, len -= rest;
	}
	pos->col += ts_count_units(p, len);
}
