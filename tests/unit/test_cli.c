/* test_cli - option number and size parsing (messages go to stderr,
 * which this test silences). */
#include <stdio.h>

#include "check.h"
#include "ts_cli.h"

int
main(int argc, char *argv[])
{
	long long n;
	uint64_t s;

	ts_cli_init("test_cli", argv);
	if (freopen("/dev/null", "w", stderr) == NULL)
		return 1;

	CHECK_INT(ts_parse_number("--top", "10", 0, 100, &n), 0);
	CHECK_INT(n, 10);
	CHECK_INT(ts_parse_number("--top", "101", 0, 100, &n), -1);
	CHECK_INT(ts_parse_number("--top", "-1", 0, 100, &n), -1);
	CHECK_INT(ts_parse_number("--top", "x", 0, 100, &n), -1);
	CHECK_INT(ts_parse_number("--top", "", 0, 100, &n), -1);

	CHECK_INT(ts_parse_size("--max-memory", "512", 1, UINT64_MAX, &s), 0);
	CHECK_INT(s, 512);
	CHECK_INT(ts_parse_size("--max-memory", "4K", 1, UINT64_MAX, &s), 0);
	CHECK_INT(s, 4096);
	CHECK_INT(ts_parse_size("--max-memory", "512M", 1, UINT64_MAX, &s), 0);
	CHECK_INT(s, 512ULL << 20);
	CHECK_INT(ts_parse_size("--max-memory", "2GiB", 1, UINT64_MAX, &s), 0);
	CHECK_INT(s, 2ULL << 30);
	CHECK_INT(ts_parse_size("--max-memory", "1t", 1, UINT64_MAX, &s), 0);
	CHECK_INT(s, 1ULL << 40);
	CHECK_INT(ts_parse_size("--max-memory", "1 K", 1, UINT64_MAX, &s), -1);
	CHECK_INT(ts_parse_size("--max-memory", "1X", 1, UINT64_MAX, &s), -1);
	CHECK_INT(ts_parse_size("--max-memory", "-1", 1, UINT64_MAX, &s), -1);
	CHECK_INT(ts_parse_size("--max-memory", "M", 1, UINT64_MAX, &s), -1);
	CHECK_INT(ts_parse_size("--max-memory", "0", 1, UINT64_MAX, &s), -1);
	CHECK_INT(ts_parse_size("--max-memory", "99999999999T", 1, UINT64_MAX, &s), -1);

	CHECK(strcmp(ts_input_name("-"), "<stdin>") == 0);
	CHECK(strcmp(ts_input_name("a.txt"), "a.txt") == 0);
	(void)argc;
	return check_done("test_cli");
}
