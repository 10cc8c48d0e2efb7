/* replay - a main() for the harnesses without libFuzzer: runs
 * LLVMFuzzerTestOneInput over every file named on the command line (a
 * directory means every file in it), so the harnesses build with gcc and
 * `make check` replays the committed corpus.  Exit 0 when all ran; a
 * failed property aborts, as under libFuzzer. */
#include "fuzz.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int
run_file(const char *path)
{
	struct stat st;
	uint8_t *buf;
	size_t got = 0;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &st) != 0) {
		perror(path);
		return 1;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		perror("malloc");
		close(fd);
		return 1;
	}
	while ((n = read(fd, buf + got, (size_t)st.st_size - got)) > 0)
		got += (size_t)n;
	close(fd);
	if (getenv("REPLAY_VERBOSE") != NULL)
		fprintf(stderr, "replay %s (%zu bytes)\n", path, got);
	/* A private copy of exactly got bytes, so ASan sees overreads. */
	uint8_t *copy = malloc(got ? got : 1);
	if (copy == NULL) {
		free(buf);
		return 1;
	}
	memcpy(copy, buf, got);
	free(buf);
	LLVMFuzzerTestOneInput(copy, got);
	free(copy);
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char *argv[])
{
	int i, bad = 0, count = 0;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			DIR *d = opendir(argv[i]);
			struct dirent *e;
			char **names = NULL;
			size_t n = 0, k;

			if (d == NULL) {
				perror(argv[i]);
				bad = 1;
				continue;
			}
			while ((e = readdir(d)) != NULL) {
				if (e->d_name[0] == '.')
					continue;
				names = realloc(names, (n + 1) * sizeof *names);
				if (names == NULL)
					abort();
				if (asprintf(&names[n++], "%s/%s", argv[i],
				    e->d_name) < 0)
					abort();
			}
			closedir(d);
			qsort(names, n, sizeof *names, cmp);
			for (k = 0; k < n; k++) {
				bad |= run_file(names[k]);
				count++;
				free(names[k]);
			}
			free(names);
		} else {
			bad |= run_file(argv[i]);
			count++;
		}
	}
	fprintf(stderr, "%s: %d inputs replayed\n", argv[0], count);
	return bad;
}
