#!/usr/bin/env bats
# dedupe-lines: awk-identical default, streaming, Unicode keys, counting
# modes, memory bounds, --seen/--save.  Expected outputs are worked out by
# hand or by an independent program (mawk, gawk, sort | uniq -c).

load helper

# Random records (seed, count, terminator): bytes that matter (CR, tab,
# ill-formed UTF-8, é, case), few distinct values so duplicates abound,
# and half the time no terminator after the last record.
random_records() {
	perl -e '
		my ($seed, $n, $t) = @ARGV;
		$t = $t eq "nul" ? "\0" : "\n";
		srand($seed);
		my @a = ("a", "b", "A", " ", "\r", "\t", "\xff", "\xc3\xa9",
		    "\xc3", "\xed\xa0\x80");
		push @a, "\n" if $t eq "\0";
		for my $i (1 .. $n) {
			my $l = "";
			$l .= $a[int rand @a] for 1 .. int rand 4;
			print $l;
			print $t if $i < $n || rand() < 0.5;
		}' "$1" "$2" "${3:-nl}"
}

# Add the terminator awk adds after a last record that lacked one.
awk_terminated() {	# awk_terminated FILE TERM(0a|00)
	if [ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -tx1 | tr -d ' ')" != "$2" ]; then
		printf "\\x$2" >> "$1"
	fi
}

@test "default output is mawk's '!seen[\$0]++' on random input (modulo the last newline)" {
	for seed in 1 2 3 4 5 6 7 8; do
		in="$BATS_TEST_TMPDIR/in.$seed"
		random_records "$seed" 3000 > "$in"
		dedupe-lines "$in" > "$BATS_TEST_TMPDIR/got"
		mawk '!s[$0]++' "$in" > "$BATS_TEST_TMPDIR/want"
		awk_terminated "$BATS_TEST_TMPDIR/got" 0a
		cmp "$BATS_TEST_TMPDIR/got" "$BATS_TEST_TMPDIR/want" || fail "seed $seed"
	done
}

@test "input of many chunks, lines up to 300 KB long: mawk's output, with every key option" {
	perl -e '
		srand(4);
		my @pool = map { ("w" . int(rand 50)) x (1 + int(rand 3)) } 1 .. 40;
		push @pool, "L" x 300000, ("M" x 150000) . "\xc3\xa9", "Caf\xc3\xa9  ", "CAFE\xcc\x81";
		for (1 .. 30000) { print $pool[int rand @pool], " ", int(rand 400), "\n" }' > "$BATS_TEST_TMPDIR/in"
	[ "$(wc -c < "$BATS_TEST_TMPDIR/in")" -gt 1000000 ]
	dedupe-lines "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/got"
	mawk '!s[$0]++' "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/want"
	cmp "$BATS_TEST_TMPDIR/got" "$BATS_TEST_TMPDIR/want"
	# keys that are slices or built in a buffer take the same pipeline:
	# compare with mawk on the same key (the line without its last field)
	dedupe-lines -k 1 -t ' ' "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/got"
	mawk '!s[$1]++' "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/want"
	cmp "$BATS_TEST_TMPDIR/got" "$BATS_TEST_TMPDIR/want"
	dedupe-lines -i -k 1 -t ' ' "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/got"
	LC_ALL=C mawk '!s[tolower($1)]++' "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/want"
	cmp "$BATS_TEST_TMPDIR/got" "$BATS_TEST_TMPDIR/want"
}

@test "-z output is gawk's with RS=ORS=NUL on random input (modulo the last NUL)" {
	for seed in 11 12 13 14; do
		in="$BATS_TEST_TMPDIR/in.$seed"
		random_records "$seed" 3000 nul > "$in"
		dedupe-lines -z "$in" > "$BATS_TEST_TMPDIR/got"
		LC_ALL=C gawk -v RS='\0' -v ORS='\0' '!s[$0]++' "$in" > "$BATS_TEST_TMPDIR/want"
		awk_terminated "$BATS_TEST_TMPDIR/got" 00
		cmp "$BATS_TEST_TMPDIR/got" "$BATS_TEST_TMPDIR/want" || fail "seed $seed"
	done
}

@test "--hash-only gives the same output as exact keys" {
	random_records 21 5000 > "$BATS_TEST_TMPDIR/in"
	dedupe-lines "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/want"
	dedupe-lines --hash-only "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/got"
	cmp "$BATS_TEST_TMPDIR/got" "$BATS_TEST_TMPDIR/want"
}

@test "the last record stays as it is: no newline added, CR kept" {
	run --separate-stderr dedupe-lines < <(printf 'a\r\nb\na\na\r\nc')
	assert_success
	[ "$output" = $'a\r\nb\na\nc' ] || fail "got: $(printf %q "$output")"
	printf 'a\nb\nc' | dedupe-lines | od -An -c | tr -s ' ' > "$BATS_TEST_TMPDIR/got"
	[ "$(cat "$BATS_TEST_TMPDIR/got")" = " a \n b \n c" ]
	# a duplicate last line without newline is dropped like any other
	[ "$(printf 'a\nb\na' | dedupe-lines | od -An -c | tr -s ' ')" = " a \n b \n" ]
	[ "$(printf 'x\0y\0x' | dedupe-lines -z | od -An -c | tr -s ' ')" = " x \0 y \0" ]
}

@test "a regular file (read on a second thread) gives what a pipe gives, in every streaming mode" {
	# chunks of 64 KiB: lines across chunk ends, lines longer than a
	# chunk (300 KB), CRLF, blank lines, and no newline at the end
	perl -e '
		srand(7);
		my @pool = map { ("W" . int(rand 60)) x (1 + int(rand 3)) } 1 .. 50;
		push @pool, "L" x 300000, "x\r", "", " \t ", "Caf\xc3\xa9  ", "CAFE\xcc\x81";
		for (1 .. 40000) { print $pool[int rand @pool], " ", int(rand 300), "\n" }
		print "last";' > "$BATS_TEST_TMPDIR/in"
	for opts in "" "--keep-blank" "-i" "--normalize" "--hash-only" "-k 1 -t x"; do
		dedupe-lines $opts "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/file"
		cat "$BATS_TEST_TMPDIR/in" | dedupe-lines $opts > "$BATS_TEST_TMPDIR/pipe"
		cmp "$BATS_TEST_TMPDIR/file" "$BATS_TEST_TMPDIR/pipe" || fail "[$opts] file and pipe differ"
	done
	# and the default is mawk's (whose last line gets a newline)
	mawk '!s[$0]++' "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/want"
	dedupe-lines "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/got"
	awk_terminated "$BATS_TEST_TMPDIR/got" 0a
	cmp "$BATS_TEST_TMPDIR/got" "$BATS_TEST_TMPDIR/want"
	# -z on the same bytes with NULs for newlines, file = pipe
	tr '\n' '\0' < "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/inz"
	dedupe-lines -z "$BATS_TEST_TMPDIR/inz" > "$BATS_TEST_TMPDIR/file"
	cat "$BATS_TEST_TMPDIR/inz" | dedupe-lines -z > "$BATS_TEST_TMPDIR/pipe"
	cmp "$BATS_TEST_TMPDIR/file" "$BATS_TEST_TMPDIR/pipe"
}

@test "keys split over threads (a set per processor): the same as one thread, across files, pipes, --seen, --save, --stats" {
	command -v taskset > /dev/null || skip "no taskset"
	d=$BATS_TEST_TMPDIR
	perl -e '
		srand(11);
		my @pool = map { "k" . int(rand 5000) } 1 .. 3000;
		push @pool, "L" x 200000, "", "Stra\xc3\x9fe", "STRASSE";
		for my $f (1 .. 3) {
			open my $o, ">", "'"$d"'/f$f" or die;
			print $o $pool[int rand @pool], "\n" for 1 .. 30000;
		}
		open my $o, ">", "'"$d"'/seen" or die;
		print $o $pool[int rand @pool], "\n" for 1 .. 500;'
	for opts in "" "-i" "--hash-only" "--keep-blank"; do
		# two processors (split keys) and one (taskset: one set)
		dedupe-lines $opts --stats "$d/f1" - "$d/f2" < "$d/f3" > "$d/two" 2> "$d/two.stats"
		taskset -c 0 dedupe-lines $opts --stats "$d/f1" - "$d/f2" < "$d/f3" > "$d/one" 2> "$d/one.stats"
		cat "$d/f1" "$d/f3" "$d/f2" | dedupe-lines $opts > "$d/pipe"
		cmp "$d/two" "$d/one" || fail "[$opts] two processors and one differ"
		cmp "$d/two" "$d/pipe" || fail "[$opts] files and a pipe differ"
		# the counts; memory differs (two tables)
		diff <(head -n 5 "$d/two.stats") <(head -n 5 "$d/one.stats") ||
			fail "[$opts] --stats differ"
	done
	# the default is mawk's, with one key per line written
	dedupe-lines --stats "$d/f1" - "$d/f2" < "$d/f3" > "$d/two" 2> "$d/two.stats"
	mawk '!s[$0]++' "$d/f1" "$d/f3" "$d/f2" | cmp - "$d/two"
	grep -qx "distinct keys: $(wc -l < "$d/two")" "$d/two.stats"
	# --seen: its keys are in the split sets before the files are read
	dedupe-lines --seen="$d/seen" "$d/f1" "$d/f2" > "$d/two"
	taskset -c 0 dedupe-lines --seen="$d/seen" "$d/f1" "$d/f2" > "$d/one"
	cmp "$d/two" "$d/one"
	mawk 'NR == FNR { s[$0]++; next } !s[$0]++' "$d/seen" "$d/f1" "$d/f2" | cmp - "$d/two"
	# --save (one thread looks up, keys still split): the same lines saved
	dedupe-lines --save="$d/s2" "$d/f1" "$d/f2" > "$d/two"
	taskset -c 0 dedupe-lines --save="$d/s1" "$d/f1" "$d/f2" > "$d/one"
	cmp "$d/two" "$d/one"
	cmp "$d/s2" "$d/s1"
	cmp "$d/s2" "$d/two"
}

@test "files are one stream; a file without final newline does not merge with the next" {
	printf 'a\nb' > "$BATS_TEST_TMPDIR/1"
	printf 'b\nc\na\n' > "$BATS_TEST_TMPDIR/2"
	run --separate-stderr dedupe-lines "$BATS_TEST_TMPDIR/1" "$BATS_TEST_TMPDIR/2"
	assert_success
	assert_output $'a\nb\nc'
	[ "$(dedupe-lines "$BATS_TEST_TMPDIR/1" - < "$BATS_TEST_TMPDIR/2" | od -An -c | tr -s ' ')" = " a \n b \n c \n" ]
}

@test "streaming: a new line comes out before the input ends" {
	fifo="$BATS_TEST_TMPDIR/fifo" out="$BATS_TEST_TMPDIR/out"
	mkfifo "$fifo"
	dedupe-lines < "$fifo" > "$out" &
	pid=$!
	exec 8> "$fifo"
	printf 'one\none\ntwo\n' >&8
	for _ in $(seq 1 100); do [ "$(cat "$out")" = $'one\ntwo' ] && break; sleep 0.05; done
	got=$(cat "$out")
	printf 'two\nthree\n' >&8
	exec 8>&-
	wait "$pid"
	[ "$got" = $'one\ntwo' ] || fail "before EOF: $(printf %q "$got")"
	[ "$(cat "$out")" = $'one\ntwo\nthree' ]
}

@test "-i: full case folding, the first spelling is kept" {
	run --separate-stderr dedupe-lines -i < <(printf 'Stra\xc3\x9fe\nSTRASSE\nstrasse\n\xce\xa3\xce\x99\xce\xa3\n\xcf\x83\xce\xb9\xcf\x82\n\xcf\x83\xce\xb9\xcf\x83\nHello\nhELLO\nhello\r\n')
	assert_success
	# ΣΙΣ and σισ fold alike; final sigma ς folds to σ as well
	assert_output "$(printf 'Stra\xc3\x9fe\n\xce\xa3\xce\x99\xce\xa3\nHello\nhello\r')"
	run --separate-stderr dedupe-lines --ignore-case < <(printf 'A\xffb\na\xffB\na\xfeb\n')
	assert_output "$(printf 'A\xffb\na\xfeb')"
}

@test "--normalize: NFKC, case folding, whitespace collapsed and trimmed" {
	printf 'Caf\xc3\xa9 au lait\nCAFE\xcc\x81  AU\tLAIT\n  caf\xc3\xa9 au lait \r\n\xef\xac\x81ne\nFINE\n\xef\xbc\xa1\xc2\xa0B\na b\nab\n' > "$BATS_TEST_TMPDIR/in"
	run --separate-stderr dedupe-lines --normalize "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_output "$(printf 'Caf\xc3\xa9 au lait\n\xef\xac\x81ne\n\xef\xbc\xa1\xc2\xa0B\nab')"
	# without it, all eight lines differ
	[ "$(dedupe-lines "$BATS_TEST_TMPDIR/in" | wc -l)" -eq 8 ]
}

@test "--normalize: a Hangul syllable followed by U+11A7 is no duplicate of the syllable" {
	# utf8proc 2.8.0 composed LV + U+11A7 and dropped the U+11A7: the
	# second line was taken for a duplicate of the first and lost.
	printf '\xea\xb0\x80\n\xea\xb0\x80\xe1\x86\xa7\n\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa7\n' > "$BATS_TEST_TMPDIR/in"
	run --separate-stderr dedupe-lines --normalize "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_output "$(printf '\xea\xb0\x80\n\xea\xb0\x80\xe1\x86\xa7')"
}

@test "-f, -s, -w compare parts of the line, in code points" {
	run --separate-stderr dedupe-lines -f 1 < <(printf '1 apple\n2 apple\n3  apple\n4 pear\n')
	assert_output $'1 apple\n3  apple\n4 pear'
	run --separate-stderr dedupe-lines --skip-fields=1 -s 1 < <(printf '1 apple\n2 apple\n3  apple\n')
	assert_output $'1 apple\n3  apple'
	run --separate-stderr dedupe-lines -s 2 < <(printf '\xc3\xa9\xc3\xa9x\nabx\nab\xff\n\xff\xffx\n')
	assert_output "$(printf '\xc3\xa9\xc3\xa9x\nab\xff')"
	run --separate-stderr dedupe-lines -w 2 < <(printf '\xc3\xa9ab\n\xc3\xa9ac\n\xc3\xa9b\n')
	assert_output "$(printf '\xc3\xa9ab\n\xc3\xa9b')"
	run --separate-stderr dedupe-lines --check-chars=1 -i < <(printf 'Ab\nac\nb\n')
	assert_output $'Ab\nb'
}

@test "-k and -t pick fields" {
	printf 'id1\turl-a\tx\nid2\turl-b\tx\nid3\turl-a\ty\nid4\turl-a\tx\nid5\n' > "$BATS_TEST_TMPDIR/in"
	run --separate-stderr dedupe-lines -k 2 "$BATS_TEST_TMPDIR/in"
	assert_output $'id1\turl-a\tx\nid2\turl-b\tx\nid5'
	run --separate-stderr dedupe-lines --key=2,3 "$BATS_TEST_TMPDIR/in"
	assert_output $'id1\turl-a\tx\nid2\turl-b\tx\nid3\turl-a\ty\nid5'
	run --separate-stderr dedupe-lines -k 2- "$BATS_TEST_TMPDIR/in"
	assert_output $'id1\turl-a\tx\nid2\turl-b\tx\nid3\turl-a\ty\nid5'
	run --separate-stderr dedupe-lines -t , -k 1 < <(printf 'a,1\nb,2\na,3\n')
	assert_output $'a,1\nb,2'
	run --separate-stderr dedupe-lines --separator=, --key=2 -i < <(printf '1,X\n2,x\n3,y\n')
	assert_output $'1,X\n3,y'
}

@test "--keep-blank keeps every blank line" {
	in='title\n\npara\n\ntitle\n \npara\n\n'
	[ "$(printf "$in" | dedupe-lines --keep-blank | od -An -c | tr -s ' ')" = " t i t l e \n \n p a r a \n \n \n \n" ]
	[ "$(printf "$in" | dedupe-lines | od -An -c | tr -s ' ')" = " t i t l e \n \n p a r a \n \n" ]
	run --separate-stderr dedupe-lines --keep-blank -c < <(printf 'a\n\na\n\n')
	assert_output "$(printf '      2 a\n      1 \n      1 ')"
}

@test "-c counts like sort | uniq -c, in first-seen order" {
	printf 'b\na\nb\nc\nb\na\n' > "$BATS_TEST_TMPDIR/in"
	run --separate-stderr dedupe-lines -c "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_output "$(printf '      3 b\n      2 a\n      1 c')"
	# independent check on random input: same counts as sort | uniq -c
	perl -e 'srand(5); print int(rand 300), "\n" for 1..20000' > "$BATS_TEST_TMPDIR/big"
	for i in $(seq 1 12); do echo "$i"; done >> "$BATS_TEST_TMPDIR/big"
	dedupe-lines --count "$BATS_TEST_TMPDIR/big" | LC_ALL=C sort > "$BATS_TEST_TMPDIR/got"
	LC_ALL=C sort "$BATS_TEST_TMPDIR/big" | uniq -c | LC_ALL=C sort > "$BATS_TEST_TMPDIR/want"
	cmp "$BATS_TEST_TMPDIR/got" "$BATS_TEST_TMPDIR/want"
	# first-seen order: the same lines as the default output
	[ "$(dedupe-lines -c "$BATS_TEST_TMPDIR/big" | sed 's/^ *[0-9]* //')" = "$(mawk '!s[$0]++' "$BATS_TEST_TMPDIR/big")" ]
	run --separate-stderr dedupe-lines -c -i < <(printf 'x\nX\n')
	assert_output '      2 x'
}

@test "-d, -u and --keep=last" {
	printf 'b\na\nB\nc\nb\na\nd' > "$BATS_TEST_TMPDIR/in"
	run --separate-stderr dedupe-lines -d "$BATS_TEST_TMPDIR/in"
	assert_output $'b\na'
	run --separate-stderr dedupe-lines --unique "$BATS_TEST_TMPDIR/in"
	assert_output $'B\nc\nd'
	run --separate-stderr dedupe-lines --repeated -i "$BATS_TEST_TMPDIR/in"
	assert_output $'b\na'
	run --separate-stderr dedupe-lines -d -u "$BATS_TEST_TMPDIR/in"
	assert_output ''
	run --separate-stderr dedupe-lines --keep=last "$BATS_TEST_TMPDIR/in"
	assert_output $'B\nc\nb\na\nd'
	run --separate-stderr dedupe-lines --keep=last -i -c "$BATS_TEST_TMPDIR/in"
	assert_output "$(printf '      1 c\n      3 b\n      2 a\n      1 d')"
	# keep=last is tac | dedupe | tac on newline-terminated input
	perl -e 'srand(9); print int(rand 50), "\n" for 1..3000' > "$BATS_TEST_TMPDIR/r"
	[ "$(dedupe-lines --keep=last "$BATS_TEST_TMPDIR/r")" = "$(tac "$BATS_TEST_TMPDIR/r" | mawk '!s[$0]++' | tac)" ]
	run --separate-stderr dedupe-lines --keep=first "$BATS_TEST_TMPDIR/in"
	assert_output $'b\na\nB\nc\nd'
}

@test "--stats on stderr: lines, keys, bytes, memory" {
	run --separate-stderr dedupe-lines --stats < <(printf 'a\nbb\na\nc')
	assert_success
	assert_output $'a\nbb\nc'
	[ "${stderr_lines[0]}" = "lines read: 4" ]
	[ "${stderr_lines[1]}" = "lines written: 3" ]
	[ "${stderr_lines[2]}" = "distinct keys: 3" ]
	[ "${stderr_lines[3]}" = "keys loaded: 0" ]
	[ "${stderr_lines[4]}" = "bytes read: 8" ]
	[[ "${stderr_lines[5]}" =~ ^memory:\ ([0-9]+)\ bytes\ \(table\ ([0-9]+),\ keys\ ([0-9]+)\)$ ]]
	[ "${BASH_REMATCH[1]}" -eq $((BASH_REMATCH[2] + BASH_REMATCH[3])) ]
	[ "${BASH_REMATCH[2]}" -ge 48 ] && [ "${BASH_REMATCH[3]}" -ge 7 ]
	[ "${#stderr_lines[@]}" -eq 6 ]
}

@test "1M lines that collide under Java's String.hashCode stay linear" {
	# 2^20 distinct strings of "Aa"/"BB" blocks: one bucket for a fixed
	# weak hash, quadratic for a table built on it.
	perl -e '
		my @h = (""); @h = map { ($_ . "Aa", $_ . "BB") } @h for 1 .. 10;
		for my $x (@h) { print "$x$_\n" for @h }' > "$BATS_TEST_TMPDIR/coll"
	head -n 1000 "$BATS_TEST_TMPDIR/coll" >> "$BATS_TEST_TMPDIR/coll"
	run --separate-stderr timeout 120 dedupe-lines --stats "$BATS_TEST_TMPDIR/coll"
	assert_success
	[ "${#lines[@]}" -eq 1048576 ]
	[ "${stderr_lines[0]}" = "lines read: 1049576" ]
	[ "${stderr_lines[2]}" = "distinct keys: 1048576" ]
}

@test "--max-memory fails with a clear error by default" {
	seq 1 200000 > "$BATS_TEST_TMPDIR/in"
	run --separate-stderr dedupe-lines --max-memory=256K "$BATS_TEST_TMPDIR/in"
	assert_failure 1
	[[ "$stderr" =~ ^dedupe-lines:\ .*/in:([0-9]+):\ memory\ limit\ of\ 262144\ bytes\ reached\ \(--max-memory\)\;\ --on-full=pass\ passes\ new\ lines\ through$ ]] ||
		fail "stderr: $stderr"
	n=${BASH_REMATCH[1]}
	# everything before the failing line was written, nothing after
	[ "${#lines[@]}" -eq $((n - 1)) ]
	[ "${lines[-1]}" -eq $((n - 1)) ]
	run --separate-stderr dedupe-lines --max-memory=100 /dev/null
	assert_failure 2
}

@test "--on-full=pass never drops a line that is not a duplicate" {
	perl -e 'srand(3); print int(rand 60000), "\n" for 1..150000' > "$BATS_TEST_TMPDIR/in"
	run --separate-stderr dedupe-lines --max-memory=300K --on-full=pass --stats "$BATS_TEST_TMPDIR/in"
	assert_success
	[[ "${stderr_lines[0]}" =~ ^dedupe-lines:\ .*/in:[0-9]+:\ memory\ limit\ of\ 307200\ bytes\ reached\ \(--max-memory\)\;\ from\ here\ on\ new\ lines\ are\ passed\ through\ without\ being\ remembered$ ]] ||
		fail "stderr: $stderr"
	[[ "${stderr_lines[6]}" =~ ^memory:\ ([0-9]+)\  ]] && [ "${BASH_REMATCH[1]}" -le 307200 ]
	printf '%s\n' "${lines[@]}" > "$BATS_TEST_TMPDIR/got"
	# some duplicates got through, but deduping again gives the exact answer
	[ "$(wc -l < "$BATS_TEST_TMPDIR/got")" -gt "$(mawk '!s[$0]++' "$BATS_TEST_TMPDIR/in" | wc -l)" ]
	[ "$(dedupe-lines "$BATS_TEST_TMPDIR/got")" = "$(mawk '!s[$0]++' "$BATS_TEST_TMPDIR/in")" ]
}

@test "--hash-only: memory does not depend on line length" {
	skip_under_tsan
	# 60000 distinct 400-byte lines (24 MB), each twice
	gen() { perl -e 'my $p = "x" x 390; for my $r (1, 2) { printf "%s%09d\n", $p, $_ for 1..60000 }'; }
	hash=$(gen | peak_rss_kib dedupe-lines --hash-only)
	exact=$(gen | peak_rss_kib dedupe-lines)
	# exact keeps the 24 MB of keys, packed to 7/8 (21 MB; ts_pack),
	# hash-only 16-24 bytes a key (the bounds leave room for a
	# sanitizer's overhead)
	[ "$exact" -gt 20500 ] || fail "exact peak RSS $exact KiB"
	[ $((exact - hash)) -gt 17000 ] || fail "hash-only $hash KiB, exact $exact KiB"
	[ "$hash" -lt 10000 ] || fail "hash-only peak RSS $hash KiB"
	[ "$(gen | dedupe-lines --hash-only | wc -l)" -eq 60000 ]
}

@test "--seen and --save remember lines across runs" {
	state="$BATS_TEST_TMPDIR/state"
	printf 'old\nOld two' > "$state"
	run --separate-stderr dedupe-lines --seen="$state" --save="$state" < <(printf 'new\nold\nnew\nOLD TWO\nlast')
	assert_success
	assert_output $'new\nOLD TWO\nlast'
	[ "$(cat "$state")" = $'old\nOld two\nnew\nOLD TWO\nlast' ]
	[ "$(tail -c 1 "$state" | od -An -c | tr -d ' ')" = '\n' ]
	# second run: nothing new but "more"; with -i, "OLD TWO" matches "Old two"
	run --separate-stderr dedupe-lines -i --seen="$state" --save="$state" < <(printf 'NEW\nmore\nold two\n')
	assert_output 'more'
	[ "$(cat "$state")" = $'old\nOld two\nnew\nOLD TWO\nlast\nmore' ]
	ls "$BATS_TEST_TMPDIR" > "$BATS_TEST_TMPDIR/ls"
	[ "$(grep -c state "$BATS_TEST_TMPDIR/ls")" -eq 1 ]	# no temporary left
	# counting modes leave seen keys out and save the new ones
	run --separate-stderr dedupe-lines -c --seen="$state" --save="$state" < <(printf 'more\nz\nz\nold\n')
	assert_output '      2 z'
	[ "$(tail -n 1 "$state")" = z ]
	# blank lines under --keep-blank are not keys: never saved
	printf 'x\n' > "$state"
	printf 'a\n\nb\n\n' | dedupe-lines --keep-blank --save="$state" > /dev/null
	printf 'a\n\nc\n' | dedupe-lines --keep-blank -u --seen="$state" --save="$state" > /dev/null
	[ "$(cat "$state")" = $'x\na\nb\nc' ]
	# a missing --seen file is an error
	run --separate-stderr dedupe-lines --seen="$BATS_TEST_TMPDIR/none" < /dev/null
	assert_failure 1
	assert_equal "$stderr" "dedupe-lines: $BATS_TEST_TMPDIR/none: No such file or directory"
}

@test "--save creates the file, with -z too" {
	printf 'a\0b\0a\0c' | dedupe-lines -z --save="$BATS_TEST_TMPDIR/s" > "$BATS_TEST_TMPDIR/out"
	[ "$(od -An -c "$BATS_TEST_TMPDIR/out" | tr -s ' ')" = " a \0 b \0 c" ]
	[ "$(od -An -c "$BATS_TEST_TMPDIR/s" | tr -s ' ')" = " a \0 b \0 c \0" ]
}

@test "--save in a read-only directory fails first and changes nothing" {
	dir=$(mktemp -d /tmp/dedupe-ro.XXXXXX)
	printf 'keep\n' > "$dir/state"
	chmod 755 "$dir"; chmod 644 "$dir/state"; chmod 555 "$dir"
	as_user=
	[ "$(id -u)" -eq 0 ] && as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
	run --separate-stderr $as_user "$TS_BIN/dedupe-lines" --save="$dir/state" <<< $'keep\nnew\n'
	chmod 755 "$dir"
	ls -A "$dir" > "$BATS_TEST_TMPDIR/ls"
	state=$(cat "$dir/state")
	rm -rf "$dir"
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "dedupe-lines: $dir/state: Permission denied"
	[ "$state" = keep ]
	[ "$(cat "$BATS_TEST_TMPDIR/ls")" = state ]
}

@test "--save: a write error leaves the old file intact" {
	state="$BATS_TEST_TMPDIR/state"
	head -c 3000 /dev/zero | tr '\0' 'o' > "$state"
	echo >> "$state"
	# the file size limit (ulimit -f, 1 KiB blocks) makes writes fail
	run --separate-stderr bash -c 'trap "" XFSZ; ulimit -f 2; dedupe-lines --save="$1" <<< new' _ "$state"
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "dedupe-lines: $state: File too large"
	[ "$(wc -c < "$state")" -eq 3001 ]
	[ "$(ls "$BATS_TEST_TMPDIR" | grep -c state)" -eq 1 ]
	# an error while reading: the output is written, the state kept
	printf 'x\n' > "$state"
	run --separate-stderr dedupe-lines --save="$state" - "$BATS_TEST_TMPDIR/missing" <<< y
	assert_failure 1
	assert_output y
	assert_equal "${stderr_lines[1]}" "dedupe-lines: $state: not updated because of the errors above"
	[ "$(cat "$state")" = x ]
}

@test "usage errors name the option" {
	for args in "--keep=middle" "--on-full=drop" "-k 0" "--key=2-1" "-t ab -k 1" \
	    "-t ," "--max-memory=lots" "-f -1" "--skip-chars=x" "-w" "-c --on-full=pass"; do
		run --separate-stderr dedupe-lines $args /dev/null
		[ "$status" -eq 2 ] || fail "$args: status $status"
		[ -z "$output" ] || fail "$args: output"
		[ "${stderr_lines[-1]}" = "Try 'dedupe-lines --help' for more information." ] || fail "$args: $stderr"
	done
	run --separate-stderr dedupe-lines --keep=middle
	assert_equal "${stderr_lines[0]}" "dedupe-lines: --keep: 'middle' is not 'first' or 'last'"
	run --separate-stderr dedupe-lines --max-memory=lots
	assert_equal "${stderr_lines[0]}" "dedupe-lines: --max-memory: 'lots' is not a size from 1 to 18446744073709551615 bytes (suffixes K, M, G, T)"
}

@test "no allocation per line: heap allocations do not grow with the input" {
	skip_under_tsan
	bin=$(command -v dedupe-lines)
	command -v valgrind > /dev/null || skip "no valgrind"
	head -c 4 "$bin" | grep -q ELF || skip "dedupe-lines is a wrapper"
	grep -q __asan_init "$bin" && skip "sanitizer build"
	allocs() {	# allocs N OPTIONS...: heap allocations for N lines
		local n=$1; shift
		perl -e 'srand(1); for (1..$ARGV[0]) { print "Line \xc3\xa9 ", int(rand($ARGV[0] / 2)), "  x\n" }' "$n" |
			valgrind dedupe-lines "$@" 2>&1 >/dev/null |
			sed -nE 's/.*total heap usage: ([0-9,]+) allocs.*/\1/p' | tr -d ,
	}
	for opts in "" "--normalize -c" "-i --keep=last"; do
		small=$(allocs 2000 $opts) big=$(allocs 40000 $opts)
		[ -n "$small" ] && [ -n "$big" ] || fail "no valgrind summary"
		[ $((big - small)) -le 8 ] || fail "[$opts] $small allocations for 2000 lines, $big for 40000"
	done
}
