/* ts_arena.h - a growable arena: many small allocations, freed at once.
 * Pointers stay valid until ts_arena_free(). */
#ifndef TS_ARENA_H
#define TS_ARENA_H

#include <stddef.h>

struct ts_arena_block;

typedef struct {
	struct ts_arena_block	*head;
	size_t			 used;	/* bytes used in head */
	size_t			 size;	/* bytes usable in head */
	size_t			 total;	/* bytes obtained from malloc */
} ts_arena;

#define TS_ARENA_INIT { NULL, 0, 0, 0 }

/* n bytes aligned for any type, or NULL when out of memory. */
void	*ts_arena_alloc(ts_arena *a, size_t n);
/* A copy of p[0..n) (not NUL-terminated), or NULL. */
void	*ts_arena_dup(ts_arena *a, const void *p, size_t n);
/* n bytes aligned to align (a power of two up to alignof(max_align_t);
 * 1 packs byte strings with no padding), or NULL. */
void	*ts_arena_alloc_align(ts_arena *a, size_t n, size_t align);
void	 ts_arena_free(ts_arena *a);
/* How much ts_arena_alloc_align(a, n, align) would add to the bytes
 * handed out (total - (size - used)): n plus the alignment padding, or,
 * when a new block is needed, n plus the old block's abandoned tail and
 * the new block's header.  For callers that bound their memory. */
size_t	 ts_arena_cost(const ts_arena *a, size_t n, size_t align);

#endif
