/* fault.so - an LD_PRELOAD shim that injects I/O and memory faults into
 * one command, for tests/reliability.bats.  Configured by environment:
 *
 *   FAULT_READ_AFTER=N    read(2) calls after the first N fail
 *   FAULT_READ_ERRNO=E    ... with errno E (a number or a name such as
 *                         EIO; default EIO)
 *   FAULT_READ_PATH=S     count and fail only reads from descriptors
 *                         opened from a path containing S
 *   FAULT_WRITE_AFTER=N   write(2) calls after the first N fail
 *   FAULT_WRITE_ERRNO=E   default ENOSPC
 *   FAULT_ONCE=1          only the first failing read/write fails, the
 *                         ones after it succeed (EINTR, EAGAIN)
 *   FAULT_OPEN_PATH=S     open(2) of a path containing S fails
 *   FAULT_OPEN_ERRNO=E    default EACCES
 *   FAULT_MALLOC_AFTER=B  malloc/calloc/realloc fail once B bytes in all
 *                         have been requested
 *
 * Only the calls a program makes through the dynamic symbols are seen
 * (stdio's internal writes are not), which is what the tools use for
 * their data: ts_reader, ts_writer, ts_each_input.  Sanitizer builds
 * (static interceptors) and valgrind (its own malloc) bypass the shim;
 * tests probe whether it works first (fault_works in the bats file). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

#define MAXFD 1024

static int		 inited;
static long		 read_after = -1, write_after = -1;
static long		 reads, writes;
static int		 once;
static int		 read_errno = EIO, write_errno = ENOSPC;
static int		 open_errno = EACCES;
static const char	*read_path, *open_path;
static unsigned char	 watched[MAXFD];	/* fds opened from read_path */
static long long	 malloc_after = -1, malloced;

static int
errno_of(const char *s, int dflt)
{
	static const struct { const char *name; int e; } names[] = {
		{ "EIO", EIO }, { "EACCES", EACCES }, { "ENOENT", ENOENT },
		{ "ENOSPC", ENOSPC }, { "EPIPE", EPIPE }, { "EBADF", EBADF },
		{ "ENOMEM", ENOMEM }, { "EISDIR", EISDIR }, { "EINTR", EINTR },
		{ "EAGAIN", EAGAIN }, { "EFBIG", EFBIG }, { "EDQUOT", EDQUOT },
	};
	size_t i;

	if (s == NULL || *s == '\0')
		return dflt;
	if (*s >= '0' && *s <= '9')
		return atoi(s);
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i].name) == 0)
			return names[i].e;
	return dflt;
}

static long
num(const char *s)
{
	return s != NULL && *s != '\0' ? atol(s) : -1;
}

static void
init(void)
{
	if (inited)
		return;
	inited = 1;
	read_after = num(getenv("FAULT_READ_AFTER"));
	write_after = num(getenv("FAULT_WRITE_AFTER"));
	read_errno = errno_of(getenv("FAULT_READ_ERRNO"), EIO);
	write_errno = errno_of(getenv("FAULT_WRITE_ERRNO"), ENOSPC);
	open_errno = errno_of(getenv("FAULT_OPEN_ERRNO"), EACCES);
	once = getenv("FAULT_ONCE") != NULL && *getenv("FAULT_ONCE") == '1';
	read_path = getenv("FAULT_READ_PATH");
	open_path = getenv("FAULT_OPEN_PATH");
	if (getenv("FAULT_MALLOC_AFTER") != NULL)
		malloc_after = atoll(getenv("FAULT_MALLOC_AFTER"));
	if (read_path != NULL && *read_path == '\0')
		read_path = NULL;
	if (open_path != NULL && *open_path == '\0')
		open_path = NULL;
}

static int
do_open(int dirfd, const char *path, int flags, mode_t mode)
{
	int fd;

	init();
	if (open_path != NULL && path != NULL && strstr(path, open_path)) {
		errno = open_errno;
		return -1;
	}
	fd = (int)syscall(SYS_openat, dirfd, path, flags, mode);
	if (fd >= 0 && fd < MAXFD)
		watched[fd] = read_path != NULL && path != NULL &&
		    strstr(path, read_path) != NULL;
	return fd;
}

#define MODE_ARG(flags, mode) do {					\
	if ((flags) & (O_CREAT | O_TMPFILE)) {				\
		va_list ap;						\
		va_start(ap, flags);					\
		mode = (mode_t)va_arg(ap, int);				\
		va_end(ap);						\
	}								\
} while (0)

int
open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	MODE_ARG(flags, mode);
	return do_open(AT_FDCWD, path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	mode_t mode = 0;

	MODE_ARG(flags, mode);
	return do_open(AT_FDCWD, path, flags, mode);
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;

	MODE_ARG(flags, mode);
	return do_open(dirfd, path, flags, mode);
}

ssize_t
read(int fd, void *buf, size_t n)
{
	init();
	if (read_after >= 0 && (read_path == NULL ||
	    (fd >= 0 && fd < MAXFD && watched[fd]))) {
		if (once ? reads++ == read_after : reads++ >= read_after) {
			errno = read_errno;
			return -1;
		}
	}
	return syscall(SYS_read, fd, buf, n);
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	init();
	/* Only the data outputs: stderr stays usable for the messages. */
	if (write_after >= 0 && fd != STDERR_FILENO &&
	    (once ? writes++ == write_after : writes++ >= write_after)) {
		errno = write_errno;
		return -1;
	}
	return syscall(SYS_write, fd, buf, n);
}

static int
over(size_t n)
{
	init();
	if (malloc_after < 0)
		return 0;
	malloced += (long long)n;
	if (malloced > malloc_after) {
		errno = ENOMEM;
		return 1;
	}
	return 0;
}

void *
malloc(size_t n)
{
	return over(n) ? NULL : __libc_malloc(n);
}

void *
calloc(size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		return __libc_calloc(n, size);	/* let libc fail it */
	return over(n * size) ? NULL : __libc_calloc(n, size);
}

void *
realloc(void *p, size_t n)
{
	return over(n) ? NULL : __libc_realloc(p, n);
}

void *
reallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, n * size);
}
