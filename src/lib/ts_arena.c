/* ts_arena.c - bump allocation in blocks that double up to 64 MiB. */
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ts_arena.h"

#define MIN_BLOCK (64 * 1024)
#define MAX_BLOCK (64 * 1024 * 1024)
#define ALIGN alignof(max_align_t)

struct ts_arena_block {
	struct ts_arena_block	*next;
	alignas(max_align_t) unsigned char data[];
};

void *
ts_arena_alloc(ts_arena *a, size_t n)
{
	return ts_arena_alloc_align(a, n, ALIGN);
}

void *
ts_arena_alloc_align(ts_arena *a, size_t n, size_t align)
{
	struct ts_arena_block *b;
	size_t size, at;

	if (align == 0 || align > ALIGN || (align & (align - 1)) != 0)
		return NULL;
	at = (a->used + align - 1) & ~(align - 1);

	if (a->head == NULL || at > a->size || n > a->size - at) {
		size = a->size ? a->size * 2 : MIN_BLOCK;
		if (size > MAX_BLOCK)
			size = MAX_BLOCK;
		if (n > size)
			size = n;
		if (size > SIZE_MAX - sizeof *b ||
		    (b = malloc(sizeof *b + size)) == NULL)
			return NULL;
		b->next = a->head;
		a->head = b;
		a->size = size;
		a->total += sizeof *b + size;
		at = 0;
	}
	a->used = at + n;
	return a->head->data + at;
}

size_t
ts_arena_cost(const ts_arena *a, size_t n, size_t align)
{
	size_t at;

	if (align == 0 || align > ALIGN || (align & (align - 1)) != 0)
		align = ALIGN;
	at = (a->used + align - 1) & ~(align - 1);
	if (a->head == NULL || at > a->size || n > a->size - at)
		return (a->size - a->used) + sizeof(struct ts_arena_block) + n;
	return at - a->used + n;
}

void *
ts_arena_dup(ts_arena *a, const void *p, size_t n)
{
	void *q = ts_arena_alloc(a, n ? n : 1);

	if (q != NULL && n > 0)
		memcpy(q, p, n);
	return q;
}

void
ts_arena_free(ts_arena *a)
{
	struct ts_arena_block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
	a->used = a->size = a->total = 0;
}
