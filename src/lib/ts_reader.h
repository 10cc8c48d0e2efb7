/* ts_reader.h - buffered input: raw chunks, or records of any length.
 *
 * A record ends with the delimiter ('\n', or '\0' for -z) or at end of
 * input; it is returned with its delimiter, so output can keep a last
 * record that had none.  Records have no length limit: the buffer grows
 * to hold the longest one.  Tools that must stream in bounded memory use
 * ts_reader_chunk() instead. */
#ifndef TS_READER_H
#define TS_READER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ts_writer.h"

#define TS_READER_SIZE (128 * 1024)

typedef struct {
	int		 fd;
	int		 eof;
	uint8_t		 delim;
	uint8_t		*buf;
	size_t		 cap;
	size_t		 start;		/* first unconsumed byte */
	size_t		 end;		/* one past the last byte read */
	size_t		 scanned;	/* buf[start..scanned) has no delim */
	uint64_t	 offset;	/* stream offset of buf[start] */
	ts_writer	*flush;		/* flushed before each read(2) */
} ts_reader;

/* read(2), retried after EINTR, and after EAGAIN once poll(2) says
 * there is input (a non-blocking descriptor; eagain_retried in
 * tests/reliability.bats).  Bytes read, 0 at end of input, or -1 with
 * errno set. */
ssize_t	ts_read(int fd, void *p, size_t n);

/* 0 or TS_ENOMEM.  flush may be NULL. */
int	ts_reader_init(ts_reader *r, int fd, uint8_t delim, ts_writer *flush);
/* Start over on another descriptor, keeping the buffer. */
void	ts_reader_reset(ts_reader *r, int fd);
void	ts_reader_free(ts_reader *r);

/* Next record in *rec, *len (delimiter included if present), valid until
 * the next call.  Returns 1, 0 at end of input, or TS_EIO / TS_ENOMEM.
 * A failed flush of r->flush is not reported here: it stays in the
 * writer (sticky) for the next write or ts_finish(). */
int	ts_reader_record(ts_reader *r, const uint8_t **rec, size_t *len);

/* Next chunk of at most the buffer's size.  Returns 1, 0 at end of
 * input, or TS_EIO.  Bounded memory whatever the input. */
int	ts_reader_chunk(ts_reader *r, const uint8_t **p, size_t *len);

#endif
