/* ts_atomic.c - temporary file + fsync + rename. */
#define _GNU_SOURCE		/* O_TMPFILE */
#include <sys/stat.h>

#include <stdio.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_atomic.h"
#include "ts_err.h"

static void
cleanup(ts_atomic *a)
{
	int saved = errno;

	if (a->fd >= 0)
		close(a->fd);
	if (a->tmp != NULL && !a->unnamed)
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	a->fd = -1;
	a->tmp = a->path = NULL;
	errno = saved;
}

static int
write_all(int fd, const void *p, size_t n)
{
	const char *q = p;
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, q, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		q += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Copy src into a->fd; the last byte copied in *last (-1 if none). */
static int
copy(ts_atomic *a, int src, int *last)
{
	char buf[65536];
	ssize_t n;

	*last = -1;
	for (;;) {
		if ((n = read(src, buf, sizeof buf)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			return 0;
		if (write_all(a->fd, buf, (size_t)n) != 0)
			return -1;
		*last = (unsigned char)buf[n - 1];
	}
}

/* The directory holding path, as a new string ("." for a bare name), or
 * NULL when out of memory. */
static char *
parent_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return strdup(".");
	return strndup(path, slash == path ? 1 : (size_t)(slash - path));
}

int
ts_atomic_open(ts_atomic *a, const char *path, int keep, int term)
{
	static const char suffix[] = ".XXXXXX";
	struct stat st;
	size_t len = strlen(path);
	mode_t mode, mask;
	int src, last, have;
	char c;

	a->fd = -1;
	a->tmp = NULL;
	a->unnamed = 0;
	if ((a->path = strdup(path)) == NULL ||
	    (a->tmp = malloc(len + sizeof suffix)) == NULL) {
		cleanup(a);
		return TS_ENOMEM;
	}
	memcpy(a->tmp, path, len);
	memcpy(a->tmp + len, suffix, sizeof suffix);
	if ((src = open(path, O_RDONLY | O_CLOEXEC)) < 0 && errno != ENOENT) {
		free(a->tmp);
		a->tmp = NULL;
		cleanup(a);
		return TS_EIO;
	}
	have = src >= 0 && fstat(src, &st) == 0;
	a->unnamed = 0;
#ifdef O_TMPFILE
	/* An unnamed file in the target's directory, linked at the commit:
	 * killed before, the process leaves nothing behind. */
	if (access("/proc/self/fd", X_OK) == 0) {
		char *dir = parent_dir(path);

		if (dir == NULL) {
			if (src >= 0)
				close(src);
			cleanup(a);
			return TS_ENOMEM;
		}
		a->fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
		free(dir);
		if (a->fd >= 0)
			a->unnamed = 1;
	}
#endif
	if (!a->unnamed && (a->fd = mkstemp(a->tmp)) < 0) {
		free(a->tmp);
		a->tmp = NULL;
		goto fail;
	}
	if (have)
		mode = st.st_mode & 07777;
	else {
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	if (fchmod(a->fd, mode) != 0)
		goto fail;
	if (keep && src >= 0) {
		if (copy(a, src, &last) != 0)
			goto fail;
		c = (char)term;
		if (term >= 0 && last >= 0 && last != term &&
		    write_all(a->fd, &c, 1) != 0)
			goto fail;
	}
	if (src >= 0)
		close(src);
	return 0;
fail:
	if (src >= 0)
		close(src);
	cleanup(a);
	return TS_EIO;
}

int
ts_atomic_commit(ts_atomic *a)
{
	char *dir;
	int dfd;

	if (fsync(a->fd) != 0) {
		cleanup(a);
		return TS_EIO;
	}
	if (a->unnamed) {
		/* Give it a name: a fresh one from mkstemp, freed for linkat. */
		char proc[64];
		int fd = mkstemp(a->tmp);

		if (fd < 0) {
			cleanup(a);
			return TS_EIO;
		}
		close(fd);
		unlink(a->tmp);
		snprintf(proc, sizeof proc, "/proc/self/fd/%d", a->fd);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, a->tmp,
		    AT_SYMLINK_FOLLOW) != 0) {
			cleanup(a);	/* unnamed: nothing to unlink */
			return TS_EIO;
		}
		a->unnamed = 0;		/* from now on it has a name */
	}
	if (close(a->fd) != 0) {
		a->fd = -1;
		cleanup(a);
		return TS_EIO;
	}
	a->fd = -1;
	if (rename(a->tmp, a->path) != 0) {
		cleanup(a);
		return TS_EIO;
	}
	free(a->tmp);
	a->tmp = NULL;
	/* Make the rename itself durable; failing here loses nothing. */
	if ((dir = parent_dir(a->path)) != NULL) {
		if ((dfd = open(dir, O_RDONLY | O_CLOEXEC)) >= 0) {
			fsync(dfd);
			close(dfd);
		}
		free(dir);
	}
	cleanup(a);
	return 0;
}

void
ts_atomic_abort(ts_atomic *a)
{
	cleanup(a);
}
