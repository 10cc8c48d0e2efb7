# Shared by every tests/*.bats: loads bats-assert, puts the tools under test
# first in PATH (TS_BIN: bin/, a sanitizer build or a valgrind wrapper
# directory) and pins the locale.  Call the tools by name, never by path.
bats_require_minimum_version 1.5.0
load /usr/lib/bats/bats-support/load.bash
load /usr/lib/bats/bats-assert/load.bash

TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
: "${TS_BIN:=$TOP/bin}"
PATH="$TS_BIN:$PATH"
SEED="$TOP/seeds/article.txt"
TOOLS="normalize dedupe-lines extract-quotes word-stats"
export LC_ALL=C.UTF-8
unset LANG LANGUAGE

# Peak RSS in KiB of a command (GNU time), for memory-bound tests.
peak_rss_kib() {
	/usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss" "$@" >/dev/null 2>&1
	local rc=$?
	cat "$BATS_TEST_TMPDIR/rss" | tail -n 1
	return $rc
}
