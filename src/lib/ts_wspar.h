/* ts_wspar.h - word-stats' counts over a regular file, on threads.
 *
 * A file is cut after line feeds into chunks of about `chunk` bytes;
 * worker threads (ts_ring) count the chunks side by side, each into a
 * ts_wstats of its own, and at the end their totals and word (n-gram)
 * counts are added into the caller's ws.  The result is what ws would
 * count from the file fed to it alone: a line feed ends every word,
 * sentence and n-gram window (ts_wstats.h), so lines are counted on
 * their own, and the one thing a line hands on, "the previous line
 * holds text" for paragraphs, is joined in input order as
 * ts_wstats_merge_line joins partials (para_first, para_last,
 * para_joins).  What is not a run of whole lines goes to ws itself, in
 * order, on the caller's thread: the end of a line ws has open when the
 * file starts (a file without a final line feed goes on into the next),
 * a line longer than two chunks (ws cuts it, so memory stays bounded:
 * about nslots * 2 * chunk of input), and the file's last line when it
 * has no line feed (it stays open in ws, as with ts_wstats_feed).
 *
 * Count mode only: not with TS_WS_TOKENS or TS_WS_SENTENCES, whose
 * output is in input order. */
#ifndef TS_WSPAR_H
#define TS_WSPAR_H

#include <stddef.h>

#include "ts_wstats.h"

#define TS_WSPAR_CHUNK	(256 * 1024)

/* Can ts_wspar_run() count for ws? */
int	ts_wspar_ok(const ts_wstats *ws);

/* Count fd from its current offset to its end into ws, on nworkers
 * threads and the caller's (nworkers >= 1; chunk > 0 is for tests, 0
 * means TS_WSPAR_CHUNK).  Returns 0; 1 if no thread could start
 * (nothing was read: do it the usual way); TS_ENOMEM; TS_EIO with
 * errno set (what came before the error is counted). */
int	ts_wspar_run(ts_wstats *ws, int fd, size_t chunk, unsigned nworkers);

#endif
