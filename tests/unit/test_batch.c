/* test_batch - records in batches across the reader's chunks (ts_batch). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "ts_batch.h"
#include "ts_buf.h"
#include "ts_reader.h"

/* Read file fd in batches of max; rebuild the input from the records,
 * each record checked to end with delim (all but maybe the last). */
static void
roundtrip(const uint8_t *data, size_t len, uint8_t delim, size_t max)
{
	char path[] = "/tmp/test_batch.XXXXXX";
	ts_reader r;
	ts_batch b;
	ts_record rec[64];
	ts_buf got = TS_BUF_INIT;
	size_t i, count = 0, want = 0;
	int fd, n, ok = 1, last_open = 0;

	for (i = 0; i < len; i++)
		want += data[i] == delim;
	want += len > 0 && data[len - 1] != delim;
	fd = mkstemp(path);
	CHECK(fd >= 0 && write(fd, data, len) == (ssize_t)len);
	lseek(fd, 0, SEEK_SET);
	unlink(path);
	CHECK_INT(ts_reader_init(&r, fd, delim, NULL), 0);
	memset(&b, 0, sizeof b);
	ts_batch_init(&b, &r);
	while ((n = ts_batch_next(&b, rec, max)) > 0) {
		ok &= (size_t)n <= max && !last_open;
		/* all records of a batch are valid together: copy at the end */
		for (i = 0; i < (size_t)n; i++) {
			ok &= rec[i].len > 0;
			if (rec[i].p[rec[i].len - 1] != delim)
				last_open = 1;
		}
		for (i = 0; i < (size_t)n; i++)
			ts_buf_append(&got, rec[i].p, rec[i].len);
		count += (size_t)n;
	}
	CHECK_INT(n, 0);
	CHECK(ok);
	CHECK_INT(count, want);
	if (len > 0)
		CHECK_MEM(got.p, got.len, data, len);
	else
		CHECK_INT(got.len, 0);
	ts_buf_free(&got);
	ts_batch_free(&b);
	ts_reader_free(&r);
	close(fd);
}

int
main(void)
{
	size_t len = 3 * TS_READER_SIZE + 777, i;
	uint8_t *data = malloc(len);
	unsigned seed = 1;

	/* Short and long (multi-chunk) records, newline and NUL. */
	for (i = 0; i < len; i++) {
		seed = seed * 1103515245 + 12345;
		data[i] = (seed >> 16) % 97 == 0 ? '\n' : 'a' + (seed >> 16) % 26;
	}
	memset(data + 1000, 'x', TS_READER_SIZE + 10);	/* spans a chunk */
	roundtrip(data, len, '\n', 16);
	roundtrip(data, len, '\n', 1);
	data[len - 1] = '\n';
	roundtrip(data, len, '\n', 64);
	roundtrip(data, len, '\0', 16);		/* one long record */
	/* 100 KB records: a chunk ends a record begun in the one before and
	 * starts one it cannot finish, in the same batch. */
	memset(data, 'y', len);
	for (i = 99999; i < len; i += 100000)
		data[i] = '\n';
	roundtrip(data, len, '\n', 16);
	roundtrip(data, len - 5, '\n', 3);
	roundtrip((const uint8_t *)"", 0, '\n', 16);
	roundtrip((const uint8_t *)"a", 1, '\n', 16);
	roundtrip((const uint8_t *)"\n\n\n", 3, '\n', 2);
	roundtrip((const uint8_t *)"a\0b\0c", 5, '\0', 16);
	free(data);
	return check_done("test_batch");
}
