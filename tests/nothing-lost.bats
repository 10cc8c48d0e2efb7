#!/usr/bin/env bats
# Nothing lost (issue 8, item 4): property tests over random inputs,
# against independent references (Python's UTF-8 decoder, mawk).
#
# "--invalid=replace maps every input byte", precisely: the output is
# the normalization of the input decoded with each maximal subpart of an
# ill-formed sequence (Unicode 15, section 3.9, "U+FFFD substitution of
# maximal subparts") replaced by one U+FFFD.  Python 3's decoder with
# errors='replace' follows that same practice, so:
#   normalize -f none X        == X.decode('utf-8', 'replace')
#   normalize X (NFC)          == NFC(X.decode('utf-8', 'replace'))
# byte for byte, and the U+FFFD count of the output is the input's own
# plus one per ill-formed unit (Python's count).  Every valid byte is
# thus kept (up to normalization) and every invalid byte is accounted
# for by exactly one U+FFFD per unit.
load helper

# gen SEED LINES: random lines over a repertoire of hard cases: ASCII,
# precomposed and decomposed letters, ß, CJK, emoji, U+2028, U+FFFD,
# CR, TAB, NUL, and ill-formed bytes (lone continuation, truncated 2-,
# 3-, 4-byte sequences, overlong, surrogate, > U+10FFFF, 0xFF); some
# lines repeat earlier ones; the last line may lack its newline.
gen() {
	perl -e '
		srand($ARGV[0]);
		my @rep = ("a", "b", "Z", " ", "  ", "\t", "word", ".", "\r",
		    "\xc3\xa9", "e\xcc\x81", "\xc3\x9f", "\xe6\x97\xa5",
		    "\xf0\x9f\x98\x80", "\xe2\x80\xa8", "\xef\xbf\xbd",
		    "\xef\xac\x81", "\xcc\x81\xcc\xa3", "\x00",
		    "\x80", "\xc3", "\xe2\x82", "\xf0\x9f\x98", "\xc0\xaf",
		    "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xff", "\xfe\xfe");
		my @lines;
		for my $i (1 .. $ARGV[1]) {
			my $l = "";
			if (@lines && rand() < 0.3) {
				$l = $lines[int(rand(@lines))];
			} else {
				$l .= $rep[int(rand(@rep))] for 1 .. int(rand(12));
			}
			push @lines, $l;
		}
		print join("\n", @lines);
		print "\n" if rand() < 0.7;
	' "$1" "$2"
}

# Python references (Debian 12: Unicode 14 in unicodedata; the
# repertoire above has nothing new in Unicode 15).
py_replace() {
	python3 -c 'import sys; sys.stdout.buffer.write(sys.stdin.buffer.read().decode("utf-8", "replace").encode())'
}
py_nfc() {
	python3 -c 'import sys, unicodedata; sys.stdout.buffer.write(unicodedata.normalize("NFC", sys.stdin.buffer.read().decode("utf-8", "replace")).encode())'
}
py_units() {	# ill-formed units: the U+FFFD Python adds
	python3 -c 'import sys; b = sys.stdin.buffer.read(); print(b.decode("utf-8", "replace").count("\ufffd") - b.count(b"\xef\xbf\xbd"))'
}
fffd() {
	perl -0777 -ne 'print scalar(() = /\xef\xbf\xbd/g), "\n"'
}

last_nl() {	# does the file end with a newline? yes/no
	[ "$(tail -c 1 "$1" | od -An -tx1 | tr -d ' ')" = 0a ] && echo yes || echo no
}

SEEDS="1 2 3 4 5 6 7 8"
[ "$TS_VALGRIND" = 1 ] && SEEDS="1 2"	# each run costs a second there

@test "nothing lost: normalize -f none == Python's maximal-subpart decoding, byte for byte" {
	local s
	for s in $SEEDS; do
		gen "$s" 400 > "$BATS_TEST_TMPDIR/in"
		normalize -f none "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
		py_replace < "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/want"
		cmp "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/want" ||
			fail "seed $s: differs from Python"
	done
}

@test "nothing lost: normalize (NFC) == NFC of Python's decoding; one U+FFFD per ill-formed unit" {
	local s units
	for s in $SEEDS; do
		gen "$s" 400 > "$BATS_TEST_TMPDIR/in"
		normalize "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
		py_nfc < "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/want"
		cmp "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/want" ||
			fail "seed $s: differs from Python's NFC"
		units=$(py_units < "$BATS_TEST_TMPDIR/in")
		[ "$units" -gt 0 ] || fail "seed $s: the generator made no ill-formed unit"
		[ "$(fffd < "$BATS_TEST_TMPDIR/out")" -eq \
		  $(( $(fffd < "$BATS_TEST_TMPDIR/in") + units )) ] ||
			fail "seed $s: U+FFFD count is not input's + $units"
	done
}

@test "nothing lost: normalize without stripping options keeps the line count and the last line's ending" {
	local s o in_l out_l
	for s in $SEEDS; do
		gen "$s" 300 > "$BATS_TEST_TMPDIR/in"
		in_l=$(wc -l < "$BATS_TEST_TMPDIR/in")
		for o in "" "-f nfd" "-f nfkc" "-f nfkd" "-f none" "--casefold" \
		    "--strip-marks" "--invalid=drop" "--strip-bom" "--strip-controls" \
		    "--strip-invisible" "--spaces" "--squeeze-spaces" "--trim" \
		    "--ascii-punct" "--ascii" "--ascii=drop" "--fix-mojibake"; do
			normalize $o "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
			out_l=$(wc -l < "$BATS_TEST_TMPDIR/out")
			[ "$out_l" -eq "$in_l" ] || fail "seed $s, '$o': $in_l lines in, $out_l out"
			[ "$(last_nl "$BATS_TEST_TMPDIR/in")" = "$(last_nl "$BATS_TEST_TMPDIR/out")" ] ||
				fail "seed $s, '$o': last line ending changed"
		done
	done
}

@test "nothing lost: normalize -z keeps the record count with NULs as delimiters" {
	local s
	for s in $SEEDS; do
		gen "$s" 300 > "$BATS_TEST_TMPDIR/in"
		[ "$(normalize -z "$BATS_TEST_TMPDIR/in" | tr -cd '\0' | wc -c)" -eq \
		  "$(tr -cd '\0' < "$BATS_TEST_TMPDIR/in" | wc -c)" ] ||
			fail "seed $s: NUL count changed"
	done
}

@test "nothing lost: dedupe-lines writes every first occurrence (= mawk '!seen[\$0]++')" {
	local s
	for s in $SEEDS; do
		# mawk adds a newline to a last line without one, and stops at
		# NUL on some builds: compare on NUL-free, newline-ended input.
		{ gen "$s" 3000 | tr -d '\0'; echo; } > "$BATS_TEST_TMPDIR/in"
		dedupe-lines "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
		LC_ALL=C mawk '!seen[$0]++' "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/want"
		cmp "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/want" ||
			fail "seed $s: not mawk's first occurrences"
		dedupe-lines --hash-only "$BATS_TEST_TMPDIR/in" | cmp - "$BATS_TEST_TMPDIR/want" ||
			fail "seed $s: --hash-only differs"
	done
}

@test "nothing lost: dedupe-lines with NULs and no final newline = a Perl reference" {
	local s
	for s in $SEEDS; do
		gen "$s" 3000 > "$BATS_TEST_TMPDIR/in"
		dedupe-lines "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
		perl -ne '($k = $_) =~ s/\n\z//; print unless $s{$k}++' \
			"$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/want"
		cmp "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/want" ||
			fail "seed $s: not the first occurrences"
	done
}
