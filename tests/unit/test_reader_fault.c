/* test_reader_fault - the reader under output faults.
 *
 * flush_error_not_read_error: the reader flushes its writer before each
 * read(2); when that flush failed (stdout /dev/full or closed) it used
 * to return TS_EIO as if the read had failed, so tools printed
 * "tool: <stdin>: No space left on device" before "write error". */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "check.h"
#include "ts_err.h"
#include "ts_reader.h"
#include "ts_writer.h"

static void
flush_error_not_read_error(void)
{
	ts_writer w;
	ts_reader r;
	const uint8_t *rec;
	size_t len;
	int p[2], full = open("/dev/full", O_WRONLY);

	CHECK(full >= 0);
	CHECK(pipe(p) == 0);
	CHECK(write(p[1], "one\ntwo\n", 8) == 8);
	close(p[1]);
	CHECK_INT(ts_writer_init(&w, full, 16), 0);
	CHECK_INT(ts_reader_init(&r, p[0], '\n', &w), 0);
	CHECK_INT(ts_write(&w, "pending", 7), 0);
	CHECK_INT(ts_reader_record(&r, &rec, &len), 1);
	CHECK_MEM(rec, len, "one\n", 4);
	CHECK_INT(w.err, ENOSPC);		/* the writer keeps the error */
	CHECK_INT(ts_reader_record(&r, &rec, &len), 1);
	CHECK_MEM(rec, len, "two\n", 4);
	CHECK_INT(ts_reader_record(&r, &rec, &len), 0);
	CHECK_INT(ts_flush(&w), TS_EIO);	/* and reports it on flush */
	CHECK_INT(errno, ENOSPC);
	ts_reader_free(&r);
	ts_writer_free(&w);
	close(p[0]);
	close(full);
}

/* A read error is still a read error, with errno. */
static void
read_error(void)
{
	ts_reader r;
	const uint8_t *p;
	size_t len;
	int fd = open("/dev/null", O_WRONLY);	/* not readable: EBADF */

	CHECK(fd >= 0);
	CHECK_INT(ts_reader_init(&r, fd, '\n', NULL), 0);
	CHECK_INT(ts_reader_chunk(&r, &p, &len), TS_EIO);
	CHECK_INT(errno, EBADF);
	ts_reader_free(&r);
	close(fd);
}

int
main(void)
{
	flush_error_not_read_error();
	read_error();
	return check_done("test_reader_fault");
}
