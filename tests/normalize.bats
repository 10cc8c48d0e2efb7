#!/usr/bin/env bats
# normalize: forms, invalid input, every cleanup option, --check, streaming
# and memory.  Expected bytes are written out by hand from the Unicode
# tables (or computed by Python's unicodedata, an independent implementation).
load helper
bats_require_minimum_version 1.5.0

@test "NFC composes e + COMBINING ACUTE into U+00E9" {
	run --separate-stderr normalize <<<$'caf\x65\xcc\x81'
	assert_success
	assert_output $'caf\xc3\xa9'
	[ -z "$stderr" ]
}

@test "-f nfd decomposes, --form=nfkc folds the fi ligature, nfkd both" {
	run --separate-stderr normalize -f nfd <<<$'\xc3\xa9'
	assert_output $'e\xcc\x81'
	run --separate-stderr normalize --form=nfkc <<<$'\xef\xac\x81\xc3\xa9'
	assert_output $'fi\xc3\xa9'
	run --separate-stderr normalize --form=NFKD <<<$'\xef\xac\x81\xc3\xa9'
	assert_output $'fie\xcc\x81'
	assert_success
}

@test "-f none leaves decomposed text alone" {
	run --separate-stderr normalize -f none <<<$'e\xcc\x81'
	assert_success
	assert_output $'e\xcc\x81'
}

@test "canonical reordering: marks sorted by combining class" {
	# U+0301 (ccc 230) before U+0323 (ccc 220): NFD puts 0323 first,
	# NFC gives U+1EB9 (e with dot below) + U+0301.
	run --separate-stderr normalize -f nfd <<<$'e\xcc\x81\xcc\xa3'
	assert_output $'e\xcc\xa3\xcc\x81'
	run --separate-stderr normalize <<<$'e\xcc\x81\xcc\xa3'
	assert_output $'\xe1\xba\xb9\xcc\x81'
}

@test "a bad --form is a usage error" {
	run --separate-stderr normalize --form=nfx
	assert_failure 2
	assert_output ''
	[ "$stderr" = "normalize: invalid --form: 'nfx'
Try 'normalize --help' for more information." ]
}

@test "text that needs no change is byte-identical, last line without newline kept" {
	run normalize "$SEED"
	assert_success
	normalize "$SEED" | cmp - "$SEED"
	printf 'abc\ndef' | normalize | cmp - <(printf 'abc\ndef')
}

@test "NFC agrees with Python unicodedata over 300 KiB across read boundaries" {
	python3 -c 'import unicodedata' 2>/dev/null || skip "no python3"
	python3 - "$BATS_TEST_TMPDIR/in" <<'PY'
import random, sys
random.seed(4)
pieces = ["e\u0301", "A\u030a", "\u212b", "\u1100\u1161\u11a8", "\uac00\u11a8",
          "o\u0308\u0304", "\u1e9b\u0323", "a\u0323\u0302", "x", " ", "\n",
          "\u0915\u093c", "\u00e9", "\u0041\u0327\u0301", "\u2126"]
s = "".join(random.choice(pieces) for _ in range(60000))
open(sys.argv[1], "w", encoding="utf-8").write(s)
PY
	python3 -c 'import sys, unicodedata as u
for form in ("NFC", "NFD", "NFKC", "NFKD"):
    t = open(sys.argv[1], encoding="utf-8").read()
    open(sys.argv[1] + "." + form, "w", encoding="utf-8").write(u.normalize(form, t))' "$BATS_TEST_TMPDIR/in"
	for f in nfc nfd nfkc nfkd; do
		normalize -f $f "$BATS_TEST_TMPDIR/in" |
		    cmp - "$BATS_TEST_TMPDIR/in.${f^^}"
	done
}

@test "--invalid=replace (default): one U+FFFD per maximal subpart" {
	# E2 82 is one truncated sequence; F0 80 80 is three units (F0 needs 90..BF).
	run --separate-stderr normalize <<<$'a\xe2\x82b\xf0\x80\x80c\xff'
	assert_success
	assert_output $'a\xef\xbf\xbdb\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdc\xef\xbf\xbd'
	[ -z "$stderr" ]
}

@test "--invalid=drop removes ill-formed units" {
	run --separate-stderr normalize --invalid=drop <<<$'a\xe2\x82b\xc0\xafc'
	assert_success
	assert_output 'abc'
}

@test "-v reports each ill-formed unit with FILE:LINE:COL (code points)" {
	printf 'ok\n\xc3\xa9\xff x\xe2\x82\n' > "$BATS_TEST_TMPDIR/bad.txt"
	run --separate-stderr normalize -v "$BATS_TEST_TMPDIR/bad.txt"
	assert_success
	assert_output $'ok\n\xc3\xa9\xef\xbf\xbd x\xef\xbf\xbd'
	[ "$stderr" = "normalize: $BATS_TEST_TMPDIR/bad.txt:2:2: invalid UTF-8 byte 0xFF
normalize: $BATS_TEST_TMPDIR/bad.txt:2:5: invalid UTF-8 byte 0xE2" ]
}

@test "--invalid=fail stops the file with FILE:LINE:COL, goes on, exits 1" {
	printf 'fine\n\xff\n' > "$BATS_TEST_TMPDIR/a"
	printf 'second\n' > "$BATS_TEST_TMPDIR/b"
	run --separate-stderr normalize --invalid=fail "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	assert_failure 1
	assert_output $'fine\nsecond'
	[ "$stderr" = "normalize: $BATS_TEST_TMPDIR/a:2:1: invalid UTF-8 byte 0xFF" ]
	run --separate-stderr normalize --invalid=maybe
	assert_failure 2
}

@test "an unreadable file: message, the others still done, exit 1" {
	run --separate-stderr normalize "$BATS_TEST_TMPDIR/none" - <<<'x'
	assert_failure 1
	assert_output 'x'
	[ "$stderr" = "normalize: $BATS_TEST_TMPDIR/none: No such file or directory" ]
}

@test "a write error gives a message and exit 1" {
	[ -w /dev/full ] || skip "no /dev/full"
	run --separate-stderr sh -c 'normalize "$1" >/dev/full' sh "$SEED"
	assert_failure 1
	[ "$stderr" = "normalize: write error: No space left on device" ]
}

@test "--newlines: CRLF, CR, NEL, LS, PS become LF" {
	printf 'a\r\nb\rc\xc2\x85d\xe2\x80\xa8e\xe2\x80\xa9f\r\n\r\n' | normalize --newlines |
	    cmp - <(printf 'a\nb\nc\nd\ne\nf\n\n')
}

@test "--strip-bom: a BOM at the start of each file goes, one inside stays" {
	printf '\xef\xbb\xbfone\xef\xbb\xbf\n' > "$BATS_TEST_TMPDIR/a"
	printf '\xef\xbb\xbftwo\n' > "$BATS_TEST_TMPDIR/b"
	normalize --strip-bom "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b" |
	    cmp - <(printf 'one\xef\xbb\xbf\ntwo\n')
	normalize "$BATS_TEST_TMPDIR/b" | cmp - "$BATS_TEST_TMPDIR/b"
}

@test "--strip-controls drops C0 and C1 controls but TAB and LF" {
	printf 'a\x01b\tc\x7f\xc2\x80d\xc2\x9fe\r\n' | normalize --strip-controls |
	    cmp - <(printf 'ab\tcde\n')
}

@test "--strip-invisible drops ZWSP, SHY, WJ, LRM, bidi, U+FEFF; keeps ZWJ, ZWNJ, VS16" {
	printf 'a\xe2\x80\x8bb\xc2\xadc\xe2\x81\xa0d\xe2\x80\x8ee\xe2\x80\xaaf\xef\xbb\xbfg\n' |
	    normalize --strip-invisible | cmp - <(printf 'abcdefg\n')
	keep=$(printf '\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x94\xac \xd9\x85\xe2\x80\x8c\xd8\xaa \xe2\x9d\xa4\xef\xb8\x8f')
	run --separate-stderr normalize --strip-invisible <<<"$keep"
	assert_output "$keep"
}

@test "--spaces: NBSP, EM SPACE, IDEOGRAPHIC SPACE become U+0020" {
	printf 'a\xc2\xa0b\xe2\x80\x83c\xe3\x80\x80d\n' | normalize --spaces |
	    cmp - <(printf 'a b c d\n')
}

@test "--squeeze-spaces: runs of spaces become one, tabs stay" {
	run --separate-stderr normalize --squeeze-spaces <<<$'a   b  c\t\td '
	assert_output $'a b c\t\td '
}

@test "--trim: white space at both ends of each line goes" {
	printf '  a b \t\n\tc\xc2\xa0\n   \nd  ' | normalize --trim |
	    cmp - <(printf 'a b\nc\n\nd')
}

@test "--squeeze-blank: runs of empty lines become one" {
	printf 'a\n\n\n\nb\n\nc\n\n\n' | normalize --squeeze-blank |
	    cmp - <(printf 'a\n\nb\n\nc\n\n')
}

@test "--ascii-punct: the documented table" {
	printf '\xe2\x80\x98x\xe2\x80\x99 \xe2\x80\x9cy\xe2\x80\x9d \xc2\xabz\xc2\xbb \xe2\x80\x93 \xe2\x80\x94 \xe2\x80\xa6 \xe2\x80\xa2 \xe2\x80\xb2 \xe2\x80\xb3 \xef\xbc\xa1\xef\xbc\x81\n' |
	    normalize --ascii-punct | cmp - <(printf "'x' \"y\" \"z\" - - ... * ' \" A!\n")
}

@test "--casefold: full case folding" {
	run --separate-stderr normalize --casefold <<<$'Stra\xc3\x9fe \xce\xa3\xce\x91\xce\xa3 \xc3\x89T\xc3\x89'
	assert_output $'strasse \xcf\x83\xce\xb1\xcf\x83 \xc3\xa9t\xc3\xa9'
}

@test "--strip-marks: decompose, drop marks, recompose" {
	run --separate-stderr normalize --strip-marks <<<$'caf\xc3\xa9 na\xc3\xafve \xc3\x85ngstr\xc3\xb6m \xea\xb0\x80'
	assert_output $'cafe naive Angstrom \xea\xb0\x80'
}

@test "--ascii transliterates or writes ?, --ascii=drop drops" {
	in=$'\xc3\x86r\xc3\xb8sk\xc3\xb8bing \xe2\x80\x93 \xe2\x80\x9cZo\xc3\xab\xe2\x80\x9d Stra\xc3\x9fe \xe6\x97\xa5!'
	run --separate-stderr normalize --ascii <<<"$in"
	assert_output 'AEroskobing - "Zoe" Strasse ?!'
	run --separate-stderr normalize --ascii=drop <<<"$in"
	assert_output 'AEroskobing - "Zoe" Strasse !'
	run --separate-stderr normalize --ascii=maybe
	assert_failure 2
}

@test "--html-entities: named (legacy forms too), numeric, invalid numbers, unknown names" {
	printf '&amp; &lt;p&gt; &eacute;t&eacute; &#8217;&#x2019; &notit; &copy 2024 &unknown; &#0; &#x110000; &#150; &nbsp;x &\n' |
	    normalize --html-entities |
	    cmp - <(printf '& <p> \xc3\xa9t\xc3\xa9 \xe2\x80\x99\xe2\x80\x99 \xc2\xacit; \xc2\xa9 2024 &unknown; \xef\xbf\xbd \xef\xbf\xbd \xe2\x80\x93 \xc2\xa0x &\n')
	# without the option, references stay
	printf '&amp;\n' | normalize | cmp - <(printf '&amp;\n')
}

@test "--html-entities: a reference cut by the read buffer (128 KiB) still decodes" {
	{ head -c 131070 /dev/zero | tr '\0' x; printf '&eacute;\n'; } | normalize --html-entities |
	    tail -c 3 | cmp - <(printf '\xc3\xa9\n')
}

# The sentences are garbled by Python's own codecs (an independent
# implementation): UTF-8 bytes read as Windows-1252 or Latin-1, once or twice.
garble() {
	python3 -c 'import sys
S = ["L’été dernier, François a mangé une crème brûlée à Noël — c’était « délicieux » ; coût : 12 €.",
     "Größere Übungen für Schüler: „Äpfel“ kosten 3,50 € – naïve Grüße aus München.",
     "¿Dónde está el niño? ¡Mañana iremos a Peñíscola con José y Begoña!",
     "She said “don’t worry” — the café’s crêpes cost £4.50… © 2024 Résumé™."]
def w(b):
    return "".join(chr(x) if x in (0x81, 0x8d, 0x8f, 0x90, 0x9d) else bytes([x]).decode("cp1252") for x in b)
m = sys.argv[1]
for s in S:
    t = {"clean": s, "w1252": w(s.encode()), "latin1": s.encode().decode("latin-1"),
         "double": w(w(s.encode()).encode())}[m]
    sys.stdout.write(t + "\n")' "$1"
}

@test "--fix-mojibake: the issue's examples" {
	run --separate-stderr normalize --fix-mojibake <<<$'don\xc3\xa2\xe2\x82\xac\xe2\x84\xa2t \xc3\x83\xc2\xa9t\xc3\x83\xc2\xa9'
	assert_success
	assert_output $'don\xe2\x80\x99t \xc3\xa9t\xc3\xa9'
}

@test "--fix-mojibake: real sentences pass unchanged, garbled ones come back exactly" {
	python3 -c 1 2>/dev/null || skip "no python3"
	garble clean > "$BATS_TEST_TMPDIR/clean"
	normalize --fix-mojibake "$BATS_TEST_TMPDIR/clean" | cmp - "$BATS_TEST_TMPDIR/clean"
	normalize --preset=web "$BATS_TEST_TMPDIR/clean" | cmp - "$BATS_TEST_TMPDIR/clean"
	for how in w1252 latin1 double; do
		garble $how > "$BATS_TEST_TMPDIR/$how"
		! cmp -s "$BATS_TEST_TMPDIR/$how" "$BATS_TEST_TMPDIR/clean"
		normalize --fix-mojibake "$BATS_TEST_TMPDIR/$how" | cmp - "$BATS_TEST_TMPDIR/clean"
		normalize --preset=web "$BATS_TEST_TMPDIR/$how" | cmp - "$BATS_TEST_TMPDIR/clean"
	done
	normalize --fix-mojibake "$SEED" | cmp - "$SEED"
}

@test "--preset=web is exactly its documented list" {
	in=$'\xef\xbb\xbf  Hello\xc2\xa0\xc2\xa0 w\xe2\x80\x8borld \x01 \r\n\r\n\r\n caf\x65\xcc\x81 \xe2\x80\x9cq\xe2\x80\x9d &amp;&nbsp; don\xc3\xa2\xe2\x82\xac\xe2\x84\xa2t \n'
	run --separate-stderr normalize --preset=web <<<"$in"
	assert_success
	assert_output $'Hello world\n\ncaf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d & don\xe2\x80\x99t'
	diff <(normalize --preset=web <<<"$in") \
	    <(normalize --newlines --strip-bom --strip-controls --strip-invisible \
	      --html-entities --fix-mojibake \
	      --spaces --squeeze-spaces --trim --squeeze-blank -f nfc <<<"$in")
	run --separate-stderr normalize --preset=print
	assert_failure 2
}

@test "--check: silent, exit 0 when normalized, 1 when not; -v says where" {
	run --separate-stderr normalize --check "$SEED"
	assert_success
	assert_output ''
	run --separate-stderr normalize -c <<<$'ab\ncd e\xcc\x81t'
	assert_failure 1
	assert_output ''
	[ -z "$stderr" ]
	run --separate-stderr normalize -c -v <<<$'ab\ncd e\xcc\x81t'
	assert_failure 1
	[ "$stderr" = "normalize: <stdin>:2:4: not normalized" ]
	run --separate-stderr normalize --check -v --trim <<<$'ok\nend  '
	assert_failure 1
	[ "$stderr" = "normalize: <stdin>:2:4: not normalized" ]
	run --separate-stderr normalize --check --trim <<<$'ok\nend'
	assert_success
}

@test "Stream-Safe Text Format: CGJ after 30 non-starters" {
	marks=$(printf '\xcc\x81%.0s' $(seq 40))
	first=$(printf '\xcc\x81%.0s' $(seq 30))
	rest=$(printf '\xcc\x81%.0s' $(seq 10))
	run --separate-stderr normalize -f nfd <<<"x$marks"
	assert_output "x$first"$'\xcd\x8f'"$rest"
	run --separate-stderr normalize -f nfd <<<"x$first$rest"
	normalize -f nfd <<<"x$marks" | normalize -f nfd --check
}

@test "interactive: a line comes out before the next one is typed" {
	for opts in "" "--preset=web" "--preset=web --ascii --casefold" "-f nfd --strip-marks"; do
		rm -f "$BATS_TEST_TMPDIR/fifo" "$BATS_TEST_TMPDIR/out"
		mkfifo "$BATS_TEST_TMPDIR/fifo"
		normalize $opts < "$BATS_TEST_TMPDIR/fifo" > "$BATS_TEST_TMPDIR/out" &
		exec 5> "$BATS_TEST_TMPDIR/fifo"
		printf 'h\xc3\xa9llo\n' >&5
		# the whole line, newline included, while the input stays open
		for i in $(seq 50); do
			[ "$(tail -c 1 "$BATS_TEST_TMPDIR/out" | od -An -tx1)" = " 0a" ] && break
			sleep 0.1
		done
		got=$(od -An -tx1 "$BATS_TEST_TMPDIR/out")
		exec 5>&-
		wait
		case $got in
		*0a) ;;
		*) echo "with '$opts' only: $got"; false ;;
		esac
	done
}

@test "-z: records end with NUL for --trim and --squeeze-blank" {
	printf ' a \0\0\0b\n \0' | normalize -z --trim --squeeze-blank |
	    cmp - <(printf 'a\0\0b\n\0')
}

@test "idempotent: normalize X | normalize X == normalize X" {
	python3 -c 'import random, sys
random.seed(7)
p = ["a", "E", " ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u200b", "\u00ad", "\ufeff", "\u0301",
     "\u0323", "\u00e9", "\u212b", "\u00df", "\u03a3", "\ufb01", "\u2019", "\u201c", "\u2014",
     "\u2026", "\uff21", "\u1100", "\u1161", "\uac00", "\u0344", "\u0f73", "\u65e5", "\x01", "\x85"]
s = "".join(random.choice(p) for _ in range(20000))
sys.stdout.buffer.write(s.encode() + b"\xff\xc3(\xe2\x82")' > "$BATS_TEST_TMPDIR/rand"
	for opts in "" "-f nfd" "-f nfkc" "-f nfkd" "--preset=web" "--casefold" \
	    "--strip-marks" "--ascii" "--ascii=drop -f nfkc" "--ascii-punct --spaces" \
	    "--trim --squeeze-spaces" "--newlines --strip-controls --squeeze-blank" "--fix-mojibake -f nfd" \
	    "--strip-invisible --strip-bom" "--invalid=drop --casefold --strip-marks -f nfkd"; do
		for f in "$SEED" "$BATS_TEST_TMPDIR/rand"; do
			normalize $opts "$f" > "$BATS_TEST_TMPDIR/once"
			normalize $opts "$BATS_TEST_TMPDIR/once" | cmp - "$BATS_TEST_TMPDIR/once"
			normalize $opts --check "$BATS_TEST_TMPDIR/once"
		done
	done
}

# Memory: the buffers are fixed (128 KiB read, 64 KiB write, segments cut
# every 30 marks or at 64 KiB), so peak RSS does not grow with the input.
# We check it on 200 MB streamed through a pipe (fast) and check it is the
# same as on 20 MB: a bound that does not move between 20 and 200 MB holds
# for 1 GiB too.
@test "memory: < 8 MiB on a 200 MB single line, same as on 20 MB" {
	skip_under_tsan
	line() { yes 'abcdefghij klmnopqr' | tr -d '\n' | head -c "$1"; }
	small=$(peak_rss_kib normalize < <(line 20000000))
	big=$(peak_rss_kib normalize < <(line 200000000))
	echo "rss: $small KiB (20 MB), $big KiB (200 MB)"
	[ "$big" -lt 8192 ]
	[ "$big" -le $((small + 512)) ]
}

@test "memory: < 8 MiB on 100 MB of combining marks after one base" {
	skip_under_tsan
	marks() { printf a; yes $'\xcc\x81' | tr -d '\n' | head -c "$1"; }
	small=$(peak_rss_kib normalize < <(marks 10000000))
	big=$(peak_rss_kib normalize < <(marks 100000000))
	echo "rss: $small KiB (10 MB), $big KiB (100 MB)"
	[ "$big" -lt 8192 ]
	[ "$big" -le $((small + 512)) ]
	# and the output is stream-safe: never more than 30 marks in a row
	marks 100000 | normalize -f nfd | normalize -f nfd --check
}

@test "--help lists every option, and the man page documents each" {
	run --separate-stderr normalize --help
	assert_success
	for o in $(grep -o -- '--[a-z-]*' <<<"$output" | sort -u); do
		grep -q -- "Fl \\\\-${o#--}" "$TOP/man/normalize.1" || { echo "man lacks $o"; false; }
	done
	[ -z "$stderr" ]
}

# The threaded path (ts_cleanpar): a regular file named on the command line
# is cut into chunks and cleaned on worker threads when there are 2 or more
# CPUs; a pipe takes the one-thread path.  The two must agree byte for byte.
# (With one CPU both are the one-thread path and these tests prove nothing:
# they say so and skip.)
need_threads() {
	[ "$(getconf _NPROCESSORS_ONLN)" -ge 2 ] ||
		skip "one CPU: normalize FILE takes the one-thread path too"
}

# same_as_pipe FILE OPTS...: normalize OPTS FILE = cat FILE | normalize OPTS
same_as_pipe() {
	local f=$1
	shift
	normalize "$@" "$f" > "$BATS_TEST_TMPDIR/par" ||
		fail "normalize $* FILE: exit $?"
	cat "$f" | normalize "$@" > "$BATS_TEST_TMPDIR/seq" ||
		fail "cat FILE | normalize $*: exit $?"
	cmp "$BATS_TEST_TMPDIR/seq" "$BATS_TEST_TMPDIR/par" ||
		fail "normalize $* FILE differs from the pipe"
}

# ~3 MB: the seed article again and again with what the joins of chunks
# must get right (blank-line runs, white lines, CRLF and CR, a BOM after a
# newline, entities, mojibake, marks after a newline, invalid bytes), a
# 400 KB line (longer than a chunk: the LONG path) in the middle, runs of
# 300 KB of blank lines, white lines, CRLF blank lines and of CRs (a
# record longer than a chunk that --newlines makes blank lines), and no
# final newline.
mixed_input() {
	local d=$BATS_TEST_TMPDIR i
	{
		cat "$SEED"
		printf '\n\n\n\n  \n\t\n\xc2\xa0\n\n'
		printf 'a\r\nb\r\n\r\n\r\nc\r\r\rd\xc2\x85\xe2\x80\xa8e\n'
		printf '&amp;&eacute;&#8217;&nbsp;&copy x&#10;y\n'
		printf 'don\xc3\xa2\xe2\x82\xac\xe2\x84\xa2t \xc3\x83\xc2\xa9t\xc3\x83\xc2\xa9\n'
		printf '\xef\xbb\xbfmid BOM\n\xef\xbb\xbf\n'
		printf 'e\n\xcc\x81\xcc\xa3 marks\n\xcc\x81\n'
		printf 'bad \xff \xe2\x82 \xc0\xaf\n\n\n'
		printf '\xef\xac\x81 \xe2\x80\x9cq\xe2\x80\x9d \xe2\x80\x8b\xc2\xad \xe3\x80\x80x\n'
	} > "$d/block"
	for i in 1 2 3 4 5 6 7 8 9; do	# 2^9 blocks, ~1.6 MB
		cat "$d/block" "$d/block" > "$d/block2"
		mv "$d/block2" "$d/block"
	done
	{
		cat "$d/block"
		yes $'ab c\xc3\xa9 e\xcc\x81 &amp; ' | tr -d '\n' | head -c 400000
		printf '\n\n\n'
		cat "$d/block"
		# blank runs longer than a chunk (64 KiB): joins fall in them
		head -c 300000 /dev/zero | tr '\0' '\n'
		printf 'x\n'
		yes ' ' | head -c 300000
		yes $'\r' | tr -d '\n' | head -c 300000	# one record, many CR lines
		printf '\ny\n'
		yes $'\r' | head -c 300000
		cat "$d/block"
		printf 'no final newline \xc3\xa9'
	} > "$d/mixed.txt"
}

@test "threads: normalize FILE = cat FILE | normalize, seed article, every option set" {
	need_threads
	for opts in "" "--preset=web" "--squeeze-blank --trim" \
	    "-f nfkd --casefold" "--ascii=drop" "--strip-marks" \
	    "--html-entities --fix-mojibake" "--squeeze-blank" "-f none"; do
		same_as_pipe "$SEED" $opts
	done
	# and the pipe itself is right: the seed needs no NFC change
	cat "$SEED" | normalize | cmp - "$SEED"
}

@test "threads: normalize FILE = cat FILE | normalize on 4 MB with blank runs, CRLF, a 400 KB line" {
	skip_under_valgrind
	need_threads
	mixed_input
	f=$BATS_TEST_TMPDIR/mixed.txt
	size=$(stat -c %s "$f")
	[ "$size" -gt 3000000 ] || fail "input is only $size bytes"
	for opts in "" "--preset=web" "--squeeze-blank --trim" \
	    "-f nfkd --casefold" "--ascii=drop" "--strip-marks" \
	    "--html-entities --fix-mojibake" "--squeeze-blank" \
	    "--newlines --squeeze-blank --strip-bom" "--invalid=drop"; do
		same_as_pipe "$f" $opts
	done
	# Standard input that is a regular file takes the threaded path too,
	# from where its offset is (bash's read leaves it after line 1).
	normalize --preset=web < "$f" > "$BATS_TEST_TMPDIR/par"
	cat "$f" | normalize --preset=web | cmp - "$BATS_TEST_TMPDIR/par"
	{ read -r first; normalize --squeeze-blank --strip-bom; } < "$f" > "$BATS_TEST_TMPDIR/par"
	tail -n +2 "$f" | normalize --squeeze-blank --strip-bom | cmp - "$BATS_TEST_TMPDIR/par"
	# Not vacuous: the options change this input, and --squeeze-blank
	# leaves no two blank lines in a row (checked with awk).
	normalize --preset=web "$f" | cmp -s - "$f" && fail "--preset=web changed nothing"
	run awk 'prev == "" && $0 == "" && NR > 1 { bad++ } { prev = $0 } END { print bad + 0 }' \
	    < <(normalize --squeeze-blank "$f")
	assert_output 0
}

@test "threads: normalize A B = each file through its own pipe (BOM stripped per file)" {
	need_threads
	d=$BATS_TEST_TMPDIR
	printf '\xef\xbb\xbfone\n\n\n\n' > "$d/a"
	cat "$SEED" >> "$d/a"
	{ printf '\xef\xbb\xbf\n\n\ntwo\n'; cat "$SEED"; printf '\n\n\nend'; } > "$d/b"
	for opts in "--strip-bom" "--preset=web" "--squeeze-blank --strip-bom"; do
		normalize $opts "$d/a" "$d/b" > "$d/par"
		{ cat "$d/a" | normalize $opts; cat "$d/b" | normalize $opts; } > "$d/seq"
		cmp "$d/seq" "$d/par" || fail "normalize $opts A B"
	done
	# By hand: each file's BOM goes, the second file starts its own
	# squeeze (its first blank line is kept after A's last line).
	printf 'x\n\n\n' > "$d/c"
	printf '\xef\xbb\xbf\n\n\ny' > "$d/e"
	run --separate-stderr normalize --strip-bom --squeeze-blank "$d/c" "$d/e"
	assert_success
	assert_output $'x\n\n\ny'
	[ -z "$stderr" ]
}

@test "threads: normalize --preset=web FILE (50 MB, blank runs and a long line) < 8 MiB" {
	skip_under_valgrind
	need_threads
	d=$BATS_TEST_TMPDIR
	mixed_input
	# 16 x 3 MB, plus a 2 MB line: many chunks on the threads
	for i in 1 2 3 4; do
		cat "$d/mixed.txt" "$d/mixed.txt" > "$d/big2"
		mv "$d/big2" "$d/mixed.txt"
	done
	yes 'lorem ipsum ' | tr -d '\n' | head -c 2000000 >> "$d/mixed.txt"
	size=$(stat -c %s "$d/mixed.txt")
	[ "$size" -gt 50000000 ] || fail "input is only $size bytes"
	kib=$(peak_rss_kib normalize --preset=web "$d/mixed.txt")
	echo "rss: $kib KiB"
	[ "$kib" -lt "$(mem_bound_kib 8192)" ]
}
