/* test_cli - ts_parse_size / ts_parse_number, and the regression
 * fuzz/fuzz_cli.c found. */
#include <stdint.h>
#include <stdio.h>

#include "check.h"
#include "ts_cli.h"

static uint64_t
size_of(const char *arg, uint64_t min, uint64_t max, int *rc)
{
	uint64_t v = 12345;

	*rc = ts_parse_size("--size", arg, min, max, &v);
	return v;
}

/* size_sign_wraps: " -5" (and "+5", " 5") were accepted, the first as
 * 18446744073709551611. */
static void
size_sign_wraps(void)
{
	int rc;

	size_of(" -5", 0, UINT64_MAX, &rc);
	CHECK_INT(rc, -1);
	size_of("-5", 0, UINT64_MAX, &rc);
	CHECK_INT(rc, -1);
	size_of("+5", 0, UINT64_MAX, &rc);
	CHECK_INT(rc, -1);
	size_of(" 5", 0, UINT64_MAX, &rc);
	CHECK_INT(rc, -1);
}

int
main(int argc, char *argv[])
{
	long long n;
	int rc;

	(void)argc;
	ts_cli_init("test_cli", argv);
	freopen("/dev/null", "w", stderr);	/* the usage messages */
	CHECK(size_of("0", 0, 10, &rc) == 0 && rc == 0);
	CHECK(size_of("64K", 0, UINT64_MAX, &rc) == 65536 && rc == 0);
	CHECK(size_of("64kib", 0, UINT64_MAX, &rc) == 65536 && rc == 0);
	CHECK(size_of("2MB", 0, UINT64_MAX, &rc) == 2097152 && rc == 0);
	CHECK(size_of("1T", 0, UINT64_MAX, &rc) == 1ULL << 40 && rc == 0);
	CHECK(size_of("16777216T", 0, UINT64_MAX, &rc) == 12345 && rc == -1);
	CHECK(size_of("16777215T", 0, UINT64_MAX, &rc) ==
	    16777215ULL << 40 && rc == 0);
	CHECK(size_of("18446744073709551616", 0, UINT64_MAX, &rc) == 12345 &&
	    rc == -1);
	CHECK(size_of("11", 0, 10, &rc) == 12345 && rc == -1);
	CHECK(size_of("5KX", 0, UINT64_MAX, &rc) == 12345 && rc == -1);
	CHECK(size_of("", 0, UINT64_MAX, &rc) == 12345 && rc == -1);
	CHECK(size_of("K", 0, UINT64_MAX, &rc) == 12345 && rc == -1);
	size_sign_wraps();
	CHECK_INT(ts_parse_number("-n", "42", 0, 100, &n), 0);
	CHECK_INT(n, 42);
	CHECK_INT(ts_parse_number("-n", "101", 0, 100, &n), -1);
	CHECK_INT(ts_parse_number("-n", "x", 0, 100, &n), -1);
	CHECK_INT(ts_parse_number("-n", "-1", 0, 100, &n), -1);
	CHECK_INT(ts_parse_number("-n", "", 0, 100, &n), -1);
	CHECK(size_of("512M", 1, UINT64_MAX, &rc) == 512ULL << 20 && rc == 0);
	CHECK(size_of("2GiB", 1, UINT64_MAX, &rc) == 2ULL << 30 && rc == 0);
	CHECK(size_of("1t", 1, UINT64_MAX, &rc) == 1ULL << 40 && rc == 0);
	CHECK(size_of("1 K", 1, UINT64_MAX, &rc) == 12345 && rc == -1);
	CHECK(size_of("1X", 1, UINT64_MAX, &rc) == 12345 && rc == -1);
	CHECK(size_of("0", 1, UINT64_MAX, &rc) == 12345 && rc == -1);
	CHECK(strcmp(ts_input_name("-"), "<stdin>") == 0);
	CHECK(strcmp(ts_input_name("a.txt"), "a.txt") == 0);
	return check_done("test_cli");
}
