/* ts_wspar.h - word-stats' counts over a regular file, on threads.
 *
 * The file is split into ranges of `chunk` bytes; worker threads
 * (ts_ring) each read a range with pread() and count the lines that
 * start in it, into a ts_wstats of their own, side by side; at the end
 * their totals and word (n-gram) counts are added into the caller's ws.
 * The result is what ws would count from the file fed to it alone: a
 * line feed ends every word, sentence and n-gram window (ts_wstats.h),
 * so lines are counted on their own, and the one thing a line hands
 * on, "the previous line holds text" for paragraphs, is joined in input
 * order as ts_wstats_merge_line joins partials (para_first, para_last,
 * para_joins).  Whatever lies between the workers' lines the caller
 * reads and feeds to ws itself, in order: the end of a line ws has open
 * when the file starts (a file without a final line feed goes on into
 * the next), a line that goes on for more than two chunks past its
 * range (ws cuts it, so memory stays bounded: about nslots * 3 * chunk
 * of input), and the file's last line when it has no line feed (it
 * stays open in ws, as with ts_wstats_feed).  The ring hands out ranges
 * without reading, so the caller can always help.
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
 * means TS_WSPAR_CHUNK); the offset is left where a read stopped.
 * Returns 0; 1 if fd cannot seek or no thread could start (nothing was
 * read: do it the usual way); TS_ENOMEM; TS_EIO with errno set (the
 * counts hold what was read). */
int	ts_wspar_run(ts_wstats *ws, int fd, size_t chunk, unsigned nworkers);

#endif
