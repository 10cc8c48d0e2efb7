/* ts_atomic.h - replace a file atomically: write a temporary file in
 * the same directory, fsync it, rename it over the target.  Until
 * ts_atomic_commit() succeeds the target is untouched, whatever fails.
 * Where the system allows (Linux O_TMPFILE, /proc mounted) the temporary
 * file has no name until the commit links it, so a process killed while
 * writing leaves nothing behind (save_killed_leaves_no_temp). */
#ifndef TS_ATOMIC_H
#define TS_ATOMIC_H

typedef struct {
	int	 fd;		/* the temporary file, write to it */
	char	*path;		/* the target */
	char	*tmp;		/* the temporary file's name */
	int	 unnamed;	/* tmp not created yet: fd is an O_TMPFILE */
} ts_atomic;

/* Create the temporary file next to path, with path's permissions (or
 * 0666 less the umask when path does not exist).  With keep, copy
 * path's current contents first (none if it does not exist) and, when
 * they do not end with the byte term (term >= 0), add term, so that
 * what is written next starts a new record.  0, TS_EIO (errno says
 * why; nothing is left behind) or TS_ENOMEM. */
int	ts_atomic_open(ts_atomic *a, const char *path, int keep, int term);
/* fsync, close and rename over the target, then fsync the directory.
 * 0 or TS_EIO (errno set; the temporary file is removed). */
int	ts_atomic_commit(ts_atomic *a);
/* Close and remove the temporary file; the target stays as it was. */
void	ts_atomic_abort(ts_atomic *a);

#endif
