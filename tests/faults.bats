#!/usr/bin/env bats
# Faults not in reliability.bats (issue 8, item 3): --save killed while
# saving, a small `ulimit -v`, an input file deleted while the tool is
# busy with an earlier operand.
load helper

@test "faults: dedupe-lines --save killed by SIGINT/SIGTERM at random moments: old or new file, never torn" {
	skip_under_valgrind "timing of signals"
	local d="$BATS_TEST_TMPDIR" i sig delay old new got torn=0 olds=0 news=0 left=0
	seq 1 200000 > "$d/old"
	seq 100001 600000 > "$d/in"
	old=$(cksum < "$d/old")
	# What a complete run leaves: the old lines, then the new ones.
	{ cat "$d/old"; seq 200001 600000; } > "$d/new"
	new=$(cksum < "$d/new")
	cp "$d/old" "$d/state"
	dedupe-lines --seen="$d/state" --save="$d/state" "$d/in" > /dev/null
	[ "$(cksum < "$d/state")" = "$new" ] || fail "an uninterrupted run does not give old + new"
	for i in $(seq 1 24); do
		cp "$d/old" "$d/state"
		sig=TERM; [ $((i % 2)) -eq 0 ] && sig=INT
		delay=$(awk -v i="$i" 'BEGIN { srand(i); printf "%.3f", rand() * 0.25 }')
		dedupe-lines --seen="$d/state" --save="$d/state" "$d/in" > /dev/null 2>&1 &
		sleep "$delay"
		kill -s "$sig" $! 2>/dev/null || true
		wait $! || true
		got=$(cksum < "$d/state")
		if [ "$got" = "$old" ]; then olds=$((olds + 1))
		elif [ "$got" = "$new" ]; then news=$((news + 1))
		else torn=$((torn + 1)); fi
		# save_killed_leaves_no_temp: the temporary file has no name
		# until the commit links it (ts_atomic.c, O_TMPFILE), so a
		# killed run leaves no state.XXXXXX behind.
		ls "$d"/state.?????? > /dev/null 2>&1 && left=$((left + 1))
		rm -f "$d"/state.??????
	done
	[ "$torn" -eq 0 ] || fail "$torn torn files (old $olds, new $news)"
	[ "$left" -eq 0 ] || fail "$left killed runs left a temporary file"
	echo "# old $olds, new $news" >&3
}

@test "faults: ulimit -v small: clean 'out of memory', exit 1, output a prefix of the real one" {
	skip_under_valgrind
	# ASan reserves terabytes of shadow memory: no run fits a ulimit.
	bash -c 'ulimit -v 200000; normalize < /dev/null' 2>/dev/null ||
		skip "this build cannot run under ulimit -v (sanitizers)"
	local d="$BATS_TEST_TMPDIR" t v full oom
	seq 1000000 > "$d/in"
	for t in $TOOLS; do
		"$t" "$d/in" > "$d/full"
		full=$(wc -c < "$d/full")
		oom=0
		for v in 4000 5000 8000 12000 20000 40000; do
			run --separate-stderr bash -c "ulimit -v $v; exec $t \"\$1\" > \"\$2\"" _ "$d/in" "$d/out"
			case $status in
			0)	cmp -s "$d/out" "$d/full" || fail "$t@$v: exit 0 with a wrong output";;
			1)	oom=$((oom + 1))
				# One message, the last thing written; no garbage on
				# stdout: what was written is a prefix of the output.
				[[ "$stderr" =~ ^$t:\ ([^:]*:\ )?out\ of\ memory$ ]] ||
					fail "$t@$v: stderr '$stderr'"
				cmp -s -n "$(wc -c < "$d/out")" "$d/out" "$d/full" ||
					fail "$t@$v: output is not a prefix of the real one"
				[ "$(wc -c < "$d/out")" -lt "$full" ] || fail "$t@$v: full output and exit 1";;
			127)	[[ "$stderr" == *"error while loading shared libraries"* ]] ||
					fail "$t@$v: status 127, '$stderr'";;
			*)	fail "$t@$v: status $status, stderr '$stderr'";;
			esac
		done
		# dedupe-lines and word-stats keep 1M keys: some limit must hit.
		# (normalize and extract-quotes stream in bounded memory.)
		case $t in dedupe-lines|word-stats)
			[ "$oom" -gt 0 ] || fail "$t: never ran out of memory";;
		esac
	done
}

@test "faults: dedupe-lines under ulimit -v, on two processors and one: all or a prefix and one message; 200 MB is plenty" {
	skip_under_valgrind
	bash -c 'ulimit -v 200000; normalize < /dev/null' 2>/dev/null ||
		skip "this build cannot run under ulimit -v (sanitizers)"
	command -v taskset > /dev/null || skip "no taskset"
	local d="$BATS_TEST_TMPDIR" v run1 full
	seq 1000000 > "$d/in"
	full=$(wc -c < "$d/in")
	for run1 in "" "taskset -c 0"; do
		for v in 20000 30000 40000 60000 80000 100000 200000; do
			run --separate-stderr bash -c "ulimit -v $v; exec $run1 dedupe-lines \"\$1\" > \"\$2\"" _ "$d/in" "$d/out"
			case $status in
			# all of it, and not a word on stderr (an out-of-memory
			# that went on regardless would show here)
			0)	assert_equal "[$run1] @$v stderr='$stderr'" "[$run1] @$v stderr=''"
				cmp -s "$d/out" "$d/in" || fail "[$run1] @$v: exit 0, wrong output";;
			1)	[[ "$stderr" =~ ^dedupe-lines:\ out\ of\ memory$ ]] ||
					fail "[$run1] @$v: stderr '$stderr'"
				cmp -s -n "$(wc -c < "$d/out")" "$d/out" "$d/in" ||
					fail "[$run1] @$v: output is not a prefix";;
			*)	fail "[$run1] @$v: status $status, stderr '$stderr'";;
			esac
		done
		# 1M keys of 7 bytes: 200 MB of address space is plenty (a set's
		# store must not reserve most of it: there is one per processor)
		[ "$status" -eq 0 ] || fail "[$run1] out of memory at 200 MB"
		[ "$(wc -c < "$d/out")" -eq "$full" ]
	done
}

@test "faults: an input file deleted while the tool reads an earlier operand: message, go on, exit 1" {
	local d="$BATS_TEST_TMPDIR" t rc
	for t in $TOOLS; do
		rm -f "$d/fifo"
		mkfifo "$d/fifo"
		printf 'b\n' > "$d/second"
		printf 'c\n' > "$d/third"
		"$t" "$d/fifo" "$d/second" "$d/third" > "$d/out" 2> "$d/err" &
		exec 8> "$d/fifo"		# the tool is now reading the fifo
		rm "$d/second"			# ... and the next operand goes
		printf 'a\n' >&8
		exec 8>&-
		rc=0
		wait $! || rc=$?
		[ "$rc" -eq 1 ] || fail "$t: exit $rc"
		run cat "$d/err"
		assert_output "$t: $d/second: No such file or directory"
		# The others were read: the same output as without the gone one.
		printf 'a\n' > "$d/first"
		run cmp "$d/out" <("$t" "$d/first" "$d/third")
		assert_success
	done
}
