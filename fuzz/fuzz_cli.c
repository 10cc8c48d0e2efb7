/* fuzz_cli - ts_parse_size against a reference written from its
 * documentation: decimal digits, then optionally one of K M G T (any
 * case, powers of 1024) and optionally "B" or "iB" (any case); the value
 * within [min, max] and without overflow.  Nothing else is accepted (no
 * sign, no space).  Input: 16 bytes of min and max, then the argument. */
#include "fuzz.h"

#include "ts_cli.h"

static int
ref_size(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	static const char units[] = "KMGT";
	unsigned __int128 v = 0, mul = 1;
	const char *u;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (unsigned)(*s - '0');
		if (v > UINT64_MAX)
			return -1;
	}
	if (*s != '\0') {
		if ((u = memchr(units, *s & ~0x20, 4)) == NULL || *s == 0)
			return -1;
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
			return -1;
		mul = (unsigned __int128)1 << (10 * (u - units + 1));
		s++;
		if ((s[0] == 'i' || s[0] == 'I') && (s[1] == 'b' || s[1] == 'B'))
			s += 2;
		else if (s[0] == 'b' || s[0] == 'B')
			s++;
		if (*s != '\0')
			return -1;
	}
	v *= mul;
	if (v > UINT64_MAX || v < min || v > max)
		return -1;
	*out = (uint64_t)v;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	uint64_t min, max, got = 0, want = 0;
	char *arg;
	int r1, r2;

	if (size < 16 || size > 100)
		return 0;
	if (devnull == NULL)
		FZ_CHECK((devnull = fopen("/dev/null", "w")) != NULL);
	memcpy(&min, data, 8);
	memcpy(&max, data + 8, 8);
	if (data[0] & 1)
		min >>= data[1] % 64;
	if (data[8] & 1)
		max = UINT64_MAX;
	FZ_CHECK((arg = malloc(size - 16 + 1)) != NULL);
	memcpy(arg, data + 16, size - 16);
	arg[size - 16] = '\0';

	FILE *saved = stderr;
	stderr = devnull;		/* the usage message */
	r1 = ts_parse_size("--size", arg, min, max, &got);
	stderr = saved;
	r2 = ref_size(arg, min, max, &want);
	if (r1 != r2)
		fprintf(stderr, "'%s' min %llu max %llu: got %d, want %d\n", arg,
		    (unsigned long long)min, (unsigned long long)max, r1, r2);
	FZ_CHECK(r1 == r2);
	if (r1 == 0)
		FZ_CHECK(got == want);
	free(arg);
	return 0;
}
