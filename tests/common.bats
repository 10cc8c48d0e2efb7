#!/usr/bin/env bats
# The shared CLI contract (DESIGN.md "Command line", "Records and I/O"),
# checked for every tool.  Each test loops over all four tools and names
# the tool in its failure message.

load helper

# Tools whose default output copies records: they must keep bytes exact.
COPIERS="normalize dedupe-lines"

fail_for() {	# fail_for TOOL MESSAGE
	fail "$1: $2 (status $status)
stdout: $output
stderr: $stderr"
}

@test "--help prints usage with every option to stdout and exits 0" {
	for t in $TOOLS; do
		run --separate-stderr "$t" --help
		[ "$status" -eq 0 ] || fail_for "$t" "--help status"
		[ "${lines[0]}" = "Usage: $t [OPTION]... [FILE]..." ] || fail_for "$t" "usage line"
		[[ "$output" == *"--help"* && "$output" == *"--version"* && "$output" == *"-z, --null"* ]] ||
			fail_for "$t" "common options missing from --help"
		[ -z "$stderr" ] || fail_for "$t" "stderr not empty"
	done
}

@test "--version names the tool, textsift, utf8proc and the Unicode version" {
	for t in $TOOLS; do
		run --separate-stderr "$t" --version
		[ "$status" -eq 0 ] || fail_for "$t" "--version status"
		[[ "${lines[0]}" =~ ^$t\ \(textsift\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || fail_for "$t" "first line"
		[ "${lines[1]}" = "utf8proc 2.8.0, Unicode 15.0.0" ] || fail_for "$t" "versions line"
		[ -z "$stderr" ] || fail_for "$t" "stderr not empty"
	done
}

@test "an unknown option is a usage error: message, hint, exit 2, no output" {
	for t in $TOOLS; do
		run --separate-stderr "$t" --no-such-option
		[ "$status" -eq 2 ] || fail_for "$t" "status"
		[ -z "$output" ] || fail_for "$t" "stdout not empty"
		[ "${stderr_lines[0]}" = "$t: unrecognized option '--no-such-option'" ] || fail_for "$t" "message"
		[ "${stderr_lines[1]}" = "Try '$t --help' for more information." ] || fail_for "$t" "hint"
		run --separate-stderr "$t" -Q
		[ "$status" -eq 2 ] || fail_for "$t" "short option status"
		[ "${stderr_lines[1]}" = "Try '$t --help' for more information." ] || fail_for "$t" "short hint"
	done
}

@test "a missing file is reported, the other files are processed, exit 1" {
	for t in $TOOLS; do
		want=$("$t" "$SEED")
		run --separate-stderr "$t" "$BATS_TEST_TMPDIR/nosuch" "$SEED"
		[ "$status" -eq 1 ] || fail_for "$t" "status"
		[ "$stderr" = "$t: $BATS_TEST_TMPDIR/nosuch: No such file or directory" ] || fail_for "$t" "message"
		[ -n "$output" ] || fail_for "$t" "the readable file was not processed"
		if [ "$t" = extract-quotes ]; then
			[[ "$output" == *"Sensitive But Unclassified,"* ]] || fail_for "$t" "seed quotes missing"
		else
			[ "$output" = "$want" ] || fail_for "$t" "output differs from the seed alone"
		fi
	done
}

@test "a directory operand is a read error: message, go on, exit 1" {
	for t in $TOOLS; do
		run --separate-stderr "$t" "$BATS_TEST_TMPDIR" "$SEED"
		[ "$status" -eq 1 ] || fail_for "$t" "status"
		[ "$stderr" = "$t: $BATS_TEST_TMPDIR: Is a directory" ] || fail_for "$t" "message"
		[ -n "$output" ] || fail_for "$t" "the file after it was not processed"
	done
}

@test "'-' is standard input, also between files, and -- ends options" {
	printf 'x y\n' > "$BATS_TEST_TMPDIR/-n"
	for t in $TOOLS; do
		a=$("$t" < "$SEED")
		b=$("$t" - < "$SEED")
		[ "$a" = "$b" ] || fail "$t: '-' differs from no operand"
		run --separate-stderr "$t" -- "$BATS_TEST_TMPDIR/-n"
		[ "$status" -eq 0 ] || fail_for "$t" "-- did not end options"
		cd "$BATS_TEST_TMPDIR"
		run --separate-stderr "$t" -- -n
		[ "$status" -eq 0 ] || fail_for "$t" "a file named -n after --"
		cd - >/dev/null
	done
}

@test "empty input: exit 0, nothing on stderr" {
	for t in $TOOLS; do
		run --separate-stderr "$t" < /dev/null
		[ "$status" -eq 0 ] || fail_for "$t" "status"
		[ -z "$stderr" ] || fail_for "$t" "stderr"
	done
	for t in $COPIERS extract-quotes; do
		run --separate-stderr "$t" < /dev/null
		[ -z "$output" ] || fail_for "$t" "output from empty input"
	done
}

@test "a last line without newline stays without one" {
	for t in $COPIERS; do
		printf 'first\nlast' | "$t" > "$BATS_TEST_TMPDIR/out"
		[ "$(od -An -c "$BATS_TEST_TMPDIR/out" | tr -d ' \n')" = 'first\nlast' ] ||
			fail "$t: got $(od -c "$BATS_TEST_TMPDIR/out")"
	done
	run --separate-stderr extract-quotes < <(printf 'She said \xe2\x80\x9cend\xe2\x80\x9d')
	assert_output 'end'
}

@test "CRLF input is kept byte-exact by tools that do not change newlines" {
	printf 'one\r\ntwo\r\n\r\nthree\r\n' > "$BATS_TEST_TMPDIR/crlf"
	for t in $COPIERS; do
		"$t" "$BATS_TEST_TMPDIR/crlf" > "$BATS_TEST_TMPDIR/out"
		cmp "$BATS_TEST_TMPDIR/crlf" "$BATS_TEST_TMPDIR/out" || fail "$t changed CRLF input"
	done
}

@test "-z reads NUL-terminated records" {
	for t in $TOOLS; do
		run --separate-stderr "$t" -z < <(printf 'a b\0c\nd\0')
		[ "$status" -eq 0 ] || fail_for "$t" "status"
		[ -z "$stderr" ] || fail_for "$t" "stderr"
	done
	for t in $COPIERS; do
		printf 'a b\0c\nd\0' | "$t" -z | cmp - <(printf 'a b\0c\nd\0') || fail "$t -z changed records"
	done
}

@test "invalid UTF-8 never crashes or hangs" {
	# Every byte value, Table 3-7 traps, NULs, long garbage lines.
	{
		for i in $(seq 0 255); do printf "\\x$(printf %02x "$i")"; done
		printf '\n\xc0\xaf\xe0\x80\xaf\xed\xa0\x80\xf4\x90\x80\x80\xf0\x9f\x98\n'
		printf '\xe2\x80\x9c\xff unclosed \xe2\x80\x9d\xfe\n\0\0\n'
		head -c 300000 /dev/urandom
	} > "$BATS_TEST_TMPDIR/bad"
	for t in $TOOLS; do
		run --separate-stderr timeout 20 "$t" "$BATS_TEST_TMPDIR/bad"
		[ "$status" -eq 0 ] || fail_for "$t" "status on invalid input"
	done
}

@test "writing to /dev/full: exit 1 with a message" {
	[ -w /dev/full ] || skip "no /dev/full"
	for t in $TOOLS; do
		# run captures stdout itself: redirect inside a shell
		run --separate-stderr sh -c "exec \"$t\" \"$SEED\" > /dev/full"
		[ "$status" -eq 1 ] || fail_for "$t" "status"
		[ "$stderr" = "$t: write error: No space left on device" ] || fail_for "$t" "message"
	done
}

@test "a reader that stops early ends the tool quietly (SIGPIPE)" {
	seq 1 200000 | sed 's/.*/"Quote number &," she said, on line &./' > "$BATS_TEST_TMPDIR/big"
	for t in $TOOLS; do
		run --separate-stderr bash -c "\"$t\" \"$BATS_TEST_TMPDIR/big\" | head -n 1; echo \"\${PIPESTATUS[0]}\""
		[ "$status" -eq 0 ] || fail_for "$t" "pipeline status"
		code=${lines[1]}
		[ "$code" -eq 0 ] || [ "$code" -eq 141 ] || fail_for "$t" "exit $code"
		[ -z "$stderr" ] || fail_for "$t" "stderr not quiet"
	done
}

@test "output does not depend on the locale" {
	for t in $TOOLS; do
		want=$(LC_ALL=C.UTF-8 "$t" "$SEED" | od -c)
		for loc in C POSIX en_US.UTF-8 xx_YY.nonexistent; do
			got=$(LC_ALL=$loc LANG=$loc "$t" "$SEED" 2>/dev/null | od -c)
			[ "$got" = "$want" ] || fail "$t: output under LC_ALL=$loc differs"
		done
	done
}

@test "interactive use: a line written into a FIFO is answered before EOF" {
	for t in $TOOLS; do
		args=
		[ "$t" = word-stats ] && args=--tokens
		fifo="$BATS_TEST_TMPDIR/fifo.$t" out="$BATS_TEST_TMPDIR/out.$t"
		mkfifo "$fifo"
		"$t" $args < "$fifo" > "$out" &
		pid=$!
		exec 8> "$fifo"
		printf '\xe2\x80\x9cHello there,\xe2\x80\x9d she said.\n\n' >&8
		for _ in $(seq 1 100); do [ -s "$out" ] && break; sleep 0.05; done
		got=$(cat "$out")
		exec 8>&-
		wait "$pid"
		[ -n "$got" ] || fail "$t: no output before EOF"
	done
}

@test "every long option in --help is documented in the man page" {
	for t in $TOOLS; do
		man=$(mandoc -Tascii "$TOP/man/$t.1" | col -bx)
		for opt in $("$t" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u); do
			grep -qF -- "$opt" <<< "$man" || fail "$t: $opt is in --help but not in man/$t.1"
		done
	done
}
