# Reliability contract shared by all four tools (DESIGN.md "Records and
# I/O", issue 8): output faults, SIGPIPE, closed descriptors, unreadable
# and failing inputs, memory exhaustion, locale independence.  Faults are
# injected with tests/fault/fault.c (LD_PRELOAD), see fault_works.
load helper
bats_require_minimum_version 1.5.0

setup_file() {
	# One input shared by the tests: the article, some invalid bytes,
	# NULs, CRLF and a last line without a newline.
	local f="$BATS_FILE_TMPDIR/input.txt"
	{ cat "$SEED"; printf 'bad \xff\xc0\xe2\x82 x\r\nnul\0in\tline\n'
	  printf 'caf\xc3\xa9 e\xcc\x81 \xef\xac\x81 last'; } > "$f"
	# About 2 MiB of short lines, for SIGPIPE.
	local i; for i in 1 2 3 4 5 6 7 8; do cat "$SEED"; done > "$BATS_FILE_TMPDIR/s8"
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 \
	    21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 \
	    41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 \
	    61 62 63 64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80 \
	    81 82 83 84 85 86 87 88 89 90 91 92 93 94 95 96; do
		cat "$BATS_FILE_TMPDIR/s8"
	done > "$BATS_FILE_TMPDIR/big.txt"
}

INPUT() { echo "$BATS_FILE_TMPDIR/input.txt"; }

# The shim works for this build?  Not under valgrind (its own malloc,
# and its launcher) nor under ASan (static interceptors come first).
fault_works() {
	[ "$TS_VALGRIND" = 1 ] && return 1
	[ -f "$TS_FAULT_SO" ] || return 1
	local out
	out=$(printf 'x\n' | LD_PRELOAD="$TS_FAULT_SO" FAULT_WRITE_AFTER=0 \
	    normalize 2>&1 >/dev/null)
	[ "$out" = "normalize: write error: No space left on device" ]
}

need_fault() {
	fault_works || skip "fault shim not effective with this build (TS_BIN=$TS_BIN)"
}

# Runs "$@" with the shim and the FAULT_* settings in FAULTS.
faulty() {
	env LD_PRELOAD="$TS_FAULT_SO" $FAULTS "$@"
}

@test "reliability: output to /dev/full: exit 1, one write error message" {
	local t
	for t in $TOOLS; do
		# bats' run captures stdout itself, so redirect inside a shell.
		run --separate-stderr bash -c '"$1" "$2" >/dev/full' _ "$t" "$(INPUT)"
		assert_equal "$t status=$status" "$t status=1"
		assert_equal "$stderr" "$t: write error: No space left on device"
		assert_equal "$output" ""
	done
}

@test "reliability: /dev/full with a large input stops early and says write error once" {
	local t
	for t in $TOOLS; do
		run --separate-stderr bash -c '"$1" < "$2" >/dev/full' _ "$t" \
		    "$BATS_FILE_TMPDIR/big.txt"
		assert_equal "$t status=$status" "$t status=1"
		assert_equal "$stderr" "$t: write error: No space left on device"
	done
}

@test "reliability: SIGPIPE: tool < big | head -1 ends quietly" {
	local t
	for t in $TOOLS; do
		run --separate-stderr bash -c \
		    '"$1" < "$2" | head -n 1 >/dev/null; echo "${PIPESTATUS[0]}"' \
		    _ "$t" "$BATS_FILE_TMPDIR/big.txt"
		assert_equal "$stderr" ""
		[ "$output" = 141 ] || [ "$output" = 0 ] ||
			fail "$t: status $output, want 141 or 0"
	done
}

@test "reliability: SIGPIPE ignored by the parent: still quiet" {
	local t
	for t in $TOOLS; do
		run --separate-stderr bash -c \
		    'trap "" PIPE; "$1" < "$2" | head -n 1 >/dev/null; echo "${PIPESTATUS[0]}"' \
		    _ "$t" "$BATS_FILE_TMPDIR/big.txt"
		assert_equal "$stderr" ""
		[ "$output" = 141 ] || [ "$output" = 0 ] ||
			fail "$t: status $output, want 141 or 0"
	done
}

@test "reliability: stdout a closed descriptor: exit 1 and a message" {
	local t
	for t in $TOOLS; do
		run --separate-stderr bash -c '"$1" < "$2" >&-' _ "$t" "$(INPUT)"
		assert_equal "$t status=$status" "$t status=1"
		assert_equal "$stderr" "$t: write error: Bad file descriptor"
	done
}

@test "reliability: stdin a closed descriptor: a clean error, no crash" {
	local t
	for t in $TOOLS; do
		run --separate-stderr bash -c '"$1" <&-' _ "$t"
		assert_equal "$t status=$status" "$t status=1"
		assert_equal "$stderr" "$t: <stdin>: Bad file descriptor"
	done
}

@test "reliability: a directory operand: message, the other files go on, exit 1" {
	local t want
	for t in $TOOLS; do
		want=$("$t" "$(INPUT)" "$SEED")
		run --separate-stderr "$t" "$(INPUT)" "$BATS_TEST_TMPDIR" "$SEED"
		assert_equal "$t status=$status" "$t status=1"
		assert_equal "$stderr" "$t: $BATS_TEST_TMPDIR: Is a directory"
		assert_equal "$output" "$want"
	done
}

@test "reliability: a missing file mid-list: message, go on, exit 1" {
	local t want
	for t in $TOOLS; do
		want=$("$t" "$(INPUT)" "$SEED")
		run --separate-stderr "$t" "$(INPUT)" "$BATS_TEST_TMPDIR/gone" "$SEED"
		assert_equal "$t status=$status" "$t status=1"
		assert_equal "$stderr" "$t: $BATS_TEST_TMPDIR/gone: No such file or directory"
		assert_equal "$output" "$want"
	done
}

@test "reliability: open fails with EACCES (injected): message, go on, exit 1" {
	need_fault
	local t want
	cp "$SEED" "$BATS_TEST_TMPDIR/locked.txt"
	for t in $TOOLS; do
		want=$("$t" "$(INPUT)" "$SEED")
		FAULTS="FAULT_OPEN_PATH=locked.txt"
		run --separate-stderr faulty "$t" "$(INPUT)" \
		    "$BATS_TEST_TMPDIR/locked.txt" "$SEED"
		assert_equal "$t status=$status" "$t status=1"
		assert_equal "$stderr" "$t: $BATS_TEST_TMPDIR/locked.txt: Permission denied"
		assert_equal "$output" "$want"
	done
}

@test "reliability: read fails with EIO at once: message with the file name, go on, exit 1" {
	need_fault
	local t want
	cp "$SEED" "$BATS_TEST_TMPDIR/eio.txt"
	for t in $TOOLS; do
		want=$("$t" "$(INPUT)" "$SEED")
		FAULTS="FAULT_READ_PATH=eio.txt FAULT_READ_AFTER=0"
		run --separate-stderr faulty "$t" "$(INPUT)" \
		    "$BATS_TEST_TMPDIR/eio.txt" "$SEED"
		assert_equal "$t status=$status" "$t status=1"
		assert_equal "$stderr" "$t: $BATS_TEST_TMPDIR/eio.txt: Input/output error"
		assert_equal "$output" "$want"
	done
}

@test "reliability: read fails with EIO mid-stream: message with the file name, go on, exit 1" {
	need_fault
	local t
	# Longer than one read buffer, so the second read(2) fails.
	cat "$BATS_FILE_TMPDIR/s8" "$BATS_FILE_TMPDIR/s8" > "$BATS_TEST_TMPDIR/eio.txt"
	for t in $TOOLS; do
		FAULTS="FAULT_READ_PATH=eio.txt FAULT_READ_AFTER=1"
		run --separate-stderr faulty "$t" "$BATS_TEST_TMPDIR/eio.txt" "$(INPUT)"
		assert_equal "$t status=$status" "$t status=1"
		assert_equal "$stderr" "$t: $BATS_TEST_TMPDIR/eio.txt: Input/output error"
		# What a tool makes of the part it read differs; it went on.
		[ -n "$output" ] || fail "$t: no output at all"
	done
}

@test "reliability: read fails with EIO on stdin: message names <stdin>, exit 1" {
	need_fault
	local t
	for t in $TOOLS; do
		FAULTS="FAULT_READ_AFTER=0"
		run --separate-stderr faulty "$t" < "$(INPUT)"
		assert_equal "$t status=$status" "$t status=1"
		assert_equal "$stderr" "$t: <stdin>: Input/output error"
		# word-stats reports over what it could read: here nothing.
		if [ "$t" = word-stats ]; then
			assert_equal "$output" "$(word-stats < /dev/null)"
		else
			assert_equal "$output" ""
		fi
	done
}

@test "reliability: write fails mid-stream (EIO, injected): exit 1, write error" {
	need_fault
	local t
	for t in $TOOLS; do
		FAULTS="FAULT_WRITE_AFTER=1 FAULT_WRITE_ERRNO=EIO"
		run --separate-stderr faulty "$t" "$BATS_FILE_TMPDIR/big.txt" "$(INPUT)"
		# A tool whose output fits one buffer writes once: then exit 0.
		if [ "$status" -ne 0 ]; then
			assert_equal "$t status=$status" "$t status=1"
			assert_equal "$stderr" "$t: write error: Input/output error"
		else
			assert_equal "$stderr" ""
		fi
	done
}

@test "reliability: malloc fails (injected): out-of-memory message, exit 1, no crash" {
	need_fault
	local t limit
	# ASan's malloc comes before the shim's: then nothing fails at all.
	if LD_PRELOAD="$TS_FAULT_SO" FAULT_MALLOC_AFTER=0 normalize \
	    </dev/null >/dev/null 2>&1; then
		skip "the shim cannot fail malloc in this build (TS_BIN=$TS_BIN)"
	fi
	for t in $TOOLS; do
		# Nothing can be done without any memory.
		FAULTS="FAULT_MALLOC_AFTER=0"
		run --separate-stderr faulty "$t" "$(INPUT)"
		assert_equal "$t status=$status" "$t status=1"
		for limit in 0 1000 70000 200000 1000000 4000000; do
			FAULTS="FAULT_MALLOC_AFTER=$limit"
			run --separate-stderr faulty "$t" "$(INPUT)" "$BATS_FILE_TMPDIR/s8"
			case $status in
			0)	assert_equal "$t@$limit stderr=$stderr" "$t@$limit stderr=" ;;
			1)	[[ "$stderr" == "$t: "*"out of memory"* ||
				   "$stderr" == "$t: "*"Cannot allocate memory"* ]] ||
					fail "$t@$limit: stderr '$stderr'"
				# Nothing after the message: it is the last line.
				assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 1 ;;
			*)	fail "$t@$limit: status $status, stderr '$stderr'" ;;
			esac
		done
	done
}

@test "reliability: same output under LC_ALL=C, C.UTF-8, POSIX, an unknown locale, LANG" {
	local t loc d="$BATS_TEST_TMPDIR"
	for t in $TOOLS; do
		LC_ALL=C.UTF-8 "$t" "$(INPUT)" > "$d/ref"
		for loc in C POSIX xx_XX.UTF-8 en_US.ISO-8859-1 tr_TR.UTF-8; do
			run --separate-stderr bash -c \
			    'LC_ALL="$1" "$2" "$3" > "$4"' _ "$loc" "$t" "$(INPUT)" "$d/out"
			assert_equal "$t $loc status=$status stderr=$stderr" \
			    "$t $loc status=0 stderr="
			cmp "$d/ref" "$d/out" || fail "$t: output differs under LC_ALL=$loc"
		done
		env -u LC_ALL LANG=tr_TR.UTF-8 LC_CTYPE=C "$t" "$(INPUT)" > "$d/out"
		cmp "$d/ref" "$d/out" || fail "$t: output differs under LANG=tr_TR.UTF-8"
	done
}

@test "reliability: -z input with NULs and newlines: no crash, status 0" {
	local t
	for t in $TOOLS; do
		run --separate-stderr bash -c 'printf "a\0b\nc\0\0d" | "$1" -z' _ "$t"
		assert_equal "$t status=$status" "$t status=0"
		assert_equal "$stderr" ""
	done
}

@test "reliability: closed_std_fd: a file opened with stdin closed is not read as stdin" {
	# Before ts_cli_init kept fds 0-2 taken, FILE got descriptor 0 and
	# the "-" operand then read it again (empty), exit 0, no message.
	local t want
	for t in $TOOLS; do
		want=$("$t" "$SEED")
		run --separate-stderr bash -c '"$1" "$2" - <&-' _ "$t" "$SEED"
		assert_equal "$t status=$status" "$t status=1"
		assert_equal "$stderr" "$t: <stdin>: Bad file descriptor"
		assert_equal "$output" "$want"
	done
}

@test "reliability: closed_std_fd: stdout closed with file operands: exit 1, write error" {
	local t
	for t in $TOOLS; do
		run --separate-stderr bash -c '"$1" "$2" "$2" >&-' _ "$t" "$SEED"
		assert_equal "$t status=$status" "$t status=1"
		assert_equal "$stderr" "$t: write error: Bad file descriptor"
	done
}

@test "reliability: eagain_retried: EINTR or EAGAIN once on read or write loses nothing" {
	# EAGAIN comes from a non-blocking stdin/stdout inherited from the
	# parent; the core used to give up ("write error: Resource
	# temporarily unavailable").
	need_fault
	local t e d="$BATS_TEST_TMPDIR"
	cat "$BATS_FILE_TMPDIR/s8" "$(INPUT)" > "$d/in"
	for t in $TOOLS; do
		"$t" < "$d/in" > "$d/want"
		for e in EINTR EAGAIN; do
			run --separate-stderr bash -c 'env LD_PRELOAD="$1" FAULT_ONCE=1 \
			    FAULT_READ_AFTER=1 FAULT_READ_ERRNO="$2" "$3" < "$4" > "$5"' \
			    _ "$TS_FAULT_SO" "$e" "$t" "$d/in" "$d/out"
			assert_equal "$t read $e status=$status stderr=$stderr" \
			    "$t read $e status=0 stderr="
			cmp "$d/want" "$d/out" || fail "$t: read $e lost data"
			run --separate-stderr bash -c 'env LD_PRELOAD="$1" FAULT_ONCE=1 \
			    FAULT_WRITE_AFTER=0 FAULT_WRITE_ERRNO="$2" "$3" < "$4" > "$5"' \
			    _ "$TS_FAULT_SO" "$e" "$t" "$d/in" "$d/out"
			assert_equal "$t write $e status=$status stderr=$stderr" \
			    "$t write $e status=0 stderr="
			cmp "$d/want" "$d/out" || fail "$t: write $e lost data"
		done
	done
}

@test "reliability: --help and --version to /dev/full or a closed stdout: exit 1, write error" {
	local t opt
	for t in $TOOLS; do
		for opt in --help --version; do
			run --separate-stderr bash -c '"$1" "$2" >/dev/full' _ "$t" "$opt"
			assert_equal "$t $opt status=$status" "$t $opt status=1"
			assert_equal "$stderr" "$t: write error: No space left on device"
			run --separate-stderr bash -c '"$1" "$2" >&-' _ "$t" "$opt"
			assert_equal "$t $opt status=$status" "$t $opt status=1"
			assert_equal "$stderr" "$t: write error: Bad file descriptor"
		done
	done
}
