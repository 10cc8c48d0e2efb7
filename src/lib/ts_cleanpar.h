/* ts_cleanpar.h - the normalize pipeline over a regular file, on threads.
 *
 * A file is cut after record delimiters into chunks of about `chunk`
 * bytes; worker threads (ts_ring) clean the chunks side by side, each
 * with its own ts_clean that starts at the chunk as after a delimiter
 * (ts_clean_resume), and the output is written in order.  The result is
 * byte for byte what one ts_clean makes of the whole file: every pass
 * ends a record with nothing held back, and the one state a record hands
 * on, "the previous line was blank" for --squeeze-blank, is applied when
 * the chunks are joined.  A record longer than a chunk is cleaned by the
 * caller's thread as it streams by, so memory stays bounded: about
 * nslots * 2 * chunk of input plus the output of the chunks in flight.
 *
 * Not for --check or positions (report): those need the input in one
 * stream.  The delimiter must be '\n'. */
#ifndef TS_CLEANPAR_H
#define TS_CLEANPAR_H

#include <stddef.h>
#include <stdint.h>

#include "ts_clean.h"

#define TS_CLEANPAR_CHUNK	(64 * 1024)

/* Where output goes, in order: 0, or nonzero to stop (returned). */
typedef int	(*ts_cleanpar_out)(void *arg, const uint8_t *p, size_t n);

/* Can ts_cleanpar_run() do what c would do? */
int	ts_cleanpar_ok(const ts_clean *c);

/* Clean fd from its current offset to its end, with the options of tmpl,
 * on nworkers threads and the caller's (nworkers >= 1; chunk > 0 is for tests, 0 means
 * TS_CLEANPAR_CHUNK, a quarter of it in NFKC and NFKD, whose output can
 * be 11 times the input).  Returns 0; 1 if no thread could start (nothing
 * was read: do it the usual way); TS_ENOMEM; TS_EIO with errno set (what
 * came before the error is out); or what out returned. */
int	ts_cleanpar_run(const ts_clean *tmpl, int fd, size_t chunk,
	    unsigned nworkers, ts_cleanpar_out out, void *arg);

#endif
