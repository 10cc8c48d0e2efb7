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

# TS_VALGRIND=1 when the tools run under valgrind (make check-valgrind):
# tests that bound time or memory, or need LD_PRELOAD, skip themselves
# with skip_under_valgrind.  TS_FAULT_SO: the fault-injection shim
# (tests/fault/fault.c, built by make test into $BUILD/fault.so).
: "${TS_VALGRIND:=0}"
: "${TS_FAULT_SO:=$TOP/${BUILD:-build}/fault.so}"
# TS_TSAN=1 under ThreadSanitizer (make tsan), whose shadow memory makes
# bounds on RSS meaningless.
: "${TS_TSAN:=0}"
skip_under_tsan() {
	[ "$TS_TSAN" = 1 ] && skip "${1:-memory bounds are not meaningful under ThreadSanitizer}"
	return 0
}
skip_under_valgrind() {
	[ "$TS_VALGRIND" = 1 ] && skip "${1:-not meaningful under valgrind}"
	return 0
}

# mem_bound_kib KIB [TOOL]: KIB, or 32 MiB when TOOL (default normalize)
# is a sanitizer build, whose allocator, quarantine and per-thread caches
# add megabytes (more with threads): a bound that still tells streaming
# from buffering a 50-256 MiB input.
mem_bound_kib() {
	if grep -q -e __asan_init -e __tsan_init "$(command -v "${2:-normalize}")"; then
		echo 32768
	else
		echo "$1"
	fi
}
