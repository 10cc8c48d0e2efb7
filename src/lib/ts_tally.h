/* ts_tally.h - keys with a count and a kept line, in first- or
 * last-seen order: what `uniq -c` does, without sorting first.
 *
 * Built over a ts_set whose value_size is sizeof(ts_tally_entry).  The
 * entries form a list in the order their kept line appeared: the first
 * occurrence, or with keep_last the last one (an entry moves to the end
 * when its key comes again).  Lines are copied into the set's arena, so
 * they count against its memory bound. */
#ifndef TS_TALLY_H
#define TS_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "ts_set.h"

typedef struct ts_tally_entry {
	struct ts_tally_entry	*prev, *next;
	uint64_t		 count;
	const uint8_t		*line;
	size_t			 len;
	int			 preloaded;	/* never listed */
} ts_tally_entry;

typedef struct {
	ts_set		*set;
	ts_tally_entry	*head, *tail;
	int		 keep_last;
} ts_tally;

void	ts_tally_init(ts_tally *t, ts_set *set, int keep_last);

/* One occurrence of key with its line (delimiter included, if any).
 * 1 if the key is new, 0 if not, TS_EFULL or TS_ENOMEM. */
int	ts_tally_add(ts_tally *t, const void *key, size_t klen,
	    const uint8_t *line, size_t len);
/* A key known from before (never listed): 1, 0, TS_EFULL, TS_ENOMEM. */
int	ts_tally_preload(ts_tally *t, const void *key, size_t klen);
/* A line that is its own key, never equal to another (blank lines
 * under --keep-blank).  0, TS_EFULL or TS_ENOMEM. */
int	ts_tally_add_unique(ts_tally *t, const uint8_t *line, size_t len);

#endif
