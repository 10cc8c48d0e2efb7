/* ts_tally.c - counted keys in first- or last-seen order. */
#include <string.h>

#include "ts_arena.h"
#include "ts_err.h"
#include "ts_tally.h"

void
ts_tally_init(ts_tally *t, ts_set *set, int keep_last)
{
	memset(t, 0, sizeof *t);
	t->set = set;
	t->keep_last = keep_last;
}

static void
unlink_entry(ts_tally *t, ts_tally_entry *e)
{
	if (e->prev != NULL)
		e->prev->next = e->next;
	else
		t->head = e->next;
	if (e->next != NULL)
		e->next->prev = e->prev;
	else
		t->tail = e->prev;
	e->prev = e->next = NULL;
}

static void
append(ts_tally *t, ts_tally_entry *e)
{
	e->prev = t->tail;
	e->next = NULL;
	if (t->tail != NULL)
		t->tail->next = e;
	else
		t->head = e;
	t->tail = e;
}

int
ts_tally_add(ts_tally *t, const void *key, size_t klen, const uint8_t *line,
    size_t len)
{
	ts_tally_entry *e;
	void *v;
	int rc, isnew;

	if ((isnew = ts_set_add(t->set, key, klen, &v)) < 0)
		return isnew;
	e = v;
	e->count++;
	if (e->preloaded)
		return 0;
	if (isnew || (t->keep_last && (e->len != len ||
	    memcmp(e->line, line, len) != 0))) {
		if ((rc = ts_set_store(t->set, line, len, &e->line)) != 0) {
			if (isnew)	/* keep the set and list consistent */
				e->preloaded = 1;
			return rc;
		}
		e->len = len;
	}
	if (isnew)
		append(t, e);
	else if (t->keep_last && e != t->tail) {
		unlink_entry(t, e);
		append(t, e);
	}
	return isnew;
}

int
ts_tally_preload(ts_tally *t, const void *key, size_t klen)
{
	void *v;
	int rc;

	if ((rc = ts_set_add(t->set, key, klen, &v)) == 1)
		((ts_tally_entry *)v)->preloaded = 1;
	return rc;
}

int
ts_tally_add_unique(ts_tally *t, const uint8_t *line, size_t len)
{
	ts_tally_entry *e;
	int rc;

	if (t->set->max_memory != 0 && ts_set_memory(t->set) + sizeof *e >
	    t->set->max_memory)
		return TS_EFULL;
	e = ts_arena_alloc(&t->set->arena, sizeof *e);
	if (e == NULL)
		return TS_ENOMEM;
	memset(e, 0, sizeof *e);
	e->count = 1;
	if ((rc = ts_set_store(t->set, line, len, &e->line)) != 0)
		return rc;
	e->len = len;
	append(t, e);
	return 0;
}
