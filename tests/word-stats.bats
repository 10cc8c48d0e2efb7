#!/usr/bin/env bats
# word-stats: segmentation, statistics, formats, options, partial/merge.
# Expected numbers were worked out by hand or by an independent check
# (a regex-based reimplementation of the UAX #29 rules the text needs),
# not copied from the tool.

load helper
bats_require_minimum_version 1.5.0

# The seed article: 425 words, 221 distinct, 161 hapax, 18 sentences,
# 21 lines, 11 paragraphs, 2744 bytes, 2706 code points; top words
# counted independently (Python collections.Counter over a regex that
# joins letters around . : ' ’ and digits around . , ; ' ’).
@test "seed article: counts and top words pinned (json)" {
	run --separate-stderr word-stats --format=json -n 5 "$SEED"
	assert_success
	assert_output '{"bytes":2744,"chars":2706,"graphemes":2706,"lines":21,"words":425,"distinct":221,"sentences":18,"paragraphs":11,"mean_word_length":5.2165,"mean_sentence_words":23.6111,"type_token_ratio":0.5200,"hapax":161,"top":[{"word":"the","count":34},{"word":"of","count":15},{"word":"a","count":14},{"word":"and","count":13},{"word":"to","count":10}]}'
	[ -z "$stderr" ]
}

@test "seed article: top 10 in tsv, ties by byte order" {
	run --separate-stderr sh -c 'word-stats -f tsv "$1" | grep "^top"' sh "$SEED"
	assert_success
	assert_output "$(printf 'top\tthe\t34\ntop\tof\t15\ntop\ta\t14\ntop\tand\t13\ntop\tto\t10\ntop\tfor\t9\ntop\tin\t8\ntop\tmilitary\t8\ntop\tare\t6\ntop\tdiplomats\t6')"
}

@test "words: can't, e.g., 3.14 and U.S. are one word each" {
	run --separate-stderr word-stats --tokens <<<"I can't, e.g. 3.14 or 1,000.5 -- U.S. \"quoted\" x_y"
	assert_success
	assert_output "$(printf 'i\ncan'"'"'t\ne.g\n3.14\nor\n1,000.5\nu.s\nquoted\nx_y')"
}

@test "words: Unicode letters, full case folding, --no-fold" {
	run --separate-stderr word-stats -t <<<"Straße STRASSE Ǆemal 中文 ｶﾀｶﾅ café"
	assert_success
	assert_output "$(printf 'strasse\nstrasse\nǆemal\n中\n文\nｶﾀｶﾅ\ncafé')"
	run --separate-stderr word-stats -t --no-fold <<<"Straße ÉTÉ"
	assert_output "$(printf 'Straße\nÉTÉ')"
}

@test "--tokens -z ends each word with NUL" {
	run --separate-stderr sh -c 'printf "One two" | word-stats -t -z | od -An -c | tr -s " "'
	assert_success
	assert_output " o n e \\0 t w o \\0"
}

@test "--sentences: UAX #29 sentences, trimmed, one a line" {
	run --separate-stderr word-stats --sentences <<<"  Hello there. It costs 3.50 dollars, e.g. less! Why? (Yes.) etc. and more. (No.) Fine"
	assert_success
	assert_output "$(printf 'Hello there.\nIt costs 3.50 dollars, e.g. less!\nWhy?\n(Yes.) etc. and more.\n(No.)\nFine')"
}

@test "--sentences: a wordless sentence after the last word is not glued to it" {
	# SB11 breaks before ")" (Close after "Hello. "): ")" is a sentence
	# without a word, so it is not printed (it was printed as "Hello. )").
	run --separate-stderr word-stats --sentences <<<"Hello. )"
	assert_success
	assert_output "Hello."
	# After "!" it breaks at once; after "." SB8 looks on for a
	# lower-case letter, which joins.
	run --separate-stderr word-stats --sentences <<<"Hello! ) (x"
	assert_output "$(printf 'Hello!\n) (x')"
	run --separate-stderr word-stats --sentences <<<"Hello. ) (x"
	assert_output "Hello. ) (x"
}

@test "text format: every key, then the top list" {
	run --separate-stderr word-stats -n 2 <<<"b a b"
	assert_success
	assert_output "$(printf 'bytes                 6\nchars                 6\ngraphemes             6\nlines                 1\nwords                 3\ndistinct              2\nsentences             1\nparagraphs            1\nmean_word_length      1.0000\nmean_sentence_words   3.0000\ntype_token_ratio      0.6667\nhapax                 1\ntop\n  2\tb\n  1\ta')"
}

@test "chars and graphemes: combining marks, emoji ZWJ, CRLF" {
	# e + U+0301 (1 cluster), family emoji of 3 code points + 2 ZWJ
	# (1 cluster), CR LF (1 cluster): 5+... counted by hand.
	run --separate-stderr sh -c 'printf "e\314\201 \360\237\221\250\342\200\215\360\237\221\251\342\200\215\360\237\221\247\r\n" | word-stats -f tsv -n 0 | head -n 3'
	assert_success
	assert_output "$(printf 'bytes\t24\nchars\t10\ngraphemes\t4')"
}

@test "-n 0 lists every word; ties broken by byte order" {
	run --separate-stderr sh -c 'echo "b B a c ä A" | word-stats -f tsv -n 0 | grep ^top'
	assert_success
	assert_output "$(printf 'top\ta\t2\ntop\tb\t2\ntop\tc\t1\ntop\tä\t1')"
}

@test "--stopwords=en and --stopwords=FILE leave words out of top only" {
	run --separate-stderr sh -c 'echo "The cat and the hat and THE bat" | word-stats -f tsv --stopwords=en -n 2 | grep -E "^(words|top)"'
	assert_success
	assert_output "$(printf 'words\t8\ntop\tbat\t1\ntop\tcat\t1')"
	printf '# comment\nCat\n\nbat\n' > "$BATS_TEST_TMPDIR/stop"
	run --separate-stderr sh -c 'echo "The cat and the hat and THE bat" | word-stats -f tsv --stopwords="$1" -n 3 | grep ^top' sh "$BATS_TEST_TMPDIR/stop"
	assert_output "$(printf 'top\tthe\t3\ntop\tand\t2\ntop\that\t1')"
}

@test "--min-length counts characters, not bytes" {
	run --separate-stderr sh -c 'echo "ab élan a élan abc" | word-stats -f tsv --min-length=3 -n 0 | grep ^top'
	assert_success
	assert_output "$(printf 'top\télan\t2\ntop\tabc\t1')"
}

@test "--ngrams 2: bigrams within sentences only" {
	run --separate-stderr sh -c 'printf "a b c. D a b!\nc d\n" | word-stats -f tsv --ngrams=2 -n 0 | grep ^top'
	assert_success
	assert_output "$(printf 'top\ta b\t2\ntop\tb c\t1\ntop\tc d\t1\ntop\td a\t1')"
}

@test "--readability: syllables and Flesch scores" {
	# 7 words, 2 sentences, syllables 1+1+1+1+1+1+2 = 8:
	# 206.835 - 1.015 * 3.5 - 84.6 * 8/7 = 106.596786
	# 0.39 * 3.5 + 11.8 * 8/7 - 15.59 = -0.739286
	run --separate-stderr sh -c 'echo "The cat sat. The dog ran away!" | word-stats -f tsv -r | grep -E "^(syllables|flesch)"'
	assert_success
	assert_output "$(printf 'syllables\t8\nflesch_reading_ease\t106.5968\nflesch_kincaid_grade\t-0.7393')"
}

@test "invalid UTF-8 passes as non-word characters" {
	run --separate-stderr sh -c 'printf "ab\377cd \342\202 x\355\240\200y\n" | word-stats -t'
	assert_success
	assert_output "$(printf 'ab\ncd\nx\ny')"
	run --separate-stderr sh -c 'printf "\377\376\n\300" | word-stats -f tsv | head -n 5'
	assert_output "$(printf 'bytes\t4\nchars\t4\ngraphemes\t4\nlines\t1\nwords\t0')"
}

@test "files are one text; an unreadable file is reported, exit 1" {
	printf 'one two' > "$BATS_TEST_TMPDIR/a"
	printf 'three\n' > "$BATS_TEST_TMPDIR/b"
	run --separate-stderr word-stats -t "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/none" "$BATS_TEST_TMPDIR/b"
	assert_failure 1
	assert_output "$(printf 'one\ntwothree')"
	[ "$stderr" = "word-stats: $BATS_TEST_TMPDIR/none: No such file or directory" ]
}

@test "usage errors exit 2 with a hint" {
	run --separate-stderr word-stats --top=x
	assert_failure 2
	[ "$stderr" = "$(printf "word-stats: --top: 'x' is invalid (expected 0 to 4294967295)\nTry 'word-stats --help' for more information.")" ]
	run --separate-stderr word-stats --format=xml
	assert_failure 2
	[ "$stderr" = "$(printf "word-stats: unknown format 'xml' (text, tsv or json)\nTry 'word-stats --help' for more information.")" ]
	run --separate-stderr word-stats --tokens --partial
	assert_failure 2
	[ "$stderr" = "$(printf "word-stats: --tokens and --sentences cannot be used with --partial or --merge\nTry 'word-stats --help' for more information.")" ]
	run --separate-stderr word-stats --stopwords="$BATS_TEST_TMPDIR/none" </dev/null
	assert_failure 1
	[ "$stderr" = "word-stats: $BATS_TEST_TMPDIR/none: No such file or directory" ]
}

@test "a write error gives exit 1 and a message" {
	run --separate-stderr sh -c 'word-stats "$1" > /dev/full' sh "$SEED"
	assert_failure 1
	[ "$stderr" = "word-stats: write error: No space left on device" ]
}

@test "--help lists every option; the man page documents each" {
	run --separate-stderr word-stats --help
	assert_success
	for o in $(printf '%s\n' "$output" | grep -o -- '--[a-z-]*' | sort -u); do
		grep -q -- "Fl \\\\-${o#--}" "$TOP/man/word-stats.1" ||
			{ echo "man page lacks $o"; return 1; }
	done
}

@test "--partial: versioned line format" {
	run --separate-stderr sh -c 'printf "b a b\n\nc" | word-stats --partial'
	assert_success
	assert_output "$(printf 'word-stats-partial\t1\tfold=1\tngrams=1\ntotal\tbytes\t8\ntotal\tchars\t8\ntotal\tgraphemes\t8\ntotal\tlines\t2\ntotal\twords\t4\ntotal\tword_chars\t4\ntotal\tsentences\t2\ntotal\tparagraphs\t2\npara\t1\t1\nw\t1\ta\nw\t2\tb\nw\t1\tc')"
}

# A corpus with Unicode, paragraphs that the split cuts, no final newline.
make_corpus() {
	{
		cat "$SEED" "$SEED"
		printf 'Ünïcödé wörds, 中文 and ｶﾀｶﾅ. Straße!\nSecond line of a paragraph.\n\n'
		cat "$SEED"
		printf 'Last line without newline.'
	} > "$BATS_TEST_TMPDIR/corpus"
}

@test "--merge of parts run with parallel equals one run (json)" {
	make_corpus
	cd "$BATS_TEST_TMPDIR"
	for opts in "-n 0" "-n 0 --ngrams=3 -r" "-n 20 --no-fold"; do
		word-stats -f json $opts corpus > single
		rm -f part.*
		split -n l/5 corpus part.
		parallel -k word-stats --partial $opts ::: part.* > partials
		run --separate-stderr word-stats --merge -f json $opts partials
		assert_success
		[ "$output" = "$(cat single)" ] || { echo "differs for $opts"; return 1; }
		# pipe blocks of lines, as in the README recipe
		run --separate-stderr sh -c 'parallel --pipe -k --block 2k word-stats --partial $1 < corpus | word-stats --merge -f json $1' sh "$opts"
		assert_success
		[ "$output" = "$(cat single)" ] || { echo "pipe differs for $opts"; return 1; }
	done
}

@test "--merge --partial re-merges; partials in any order change only paragraphs" {
	make_corpus
	cd "$BATS_TEST_TMPDIR"
	word-stats -f tsv -n 0 corpus > single
	split -l 7 corpus part.
	for f in part.*; do word-stats --partial "$f" > "$f.p"; done
	word-stats --merge --partial part.aa.p part.ab.p part.ac.p > first
	run --separate-stderr sh -c 'word-stats --merge --partial first part.a[d-z].p | word-stats --merge -f tsv -n 0'
	assert_success
	[ "$output" = "$(cat single)" ]
	# Hadoop's shuffle sorts the lines: all but paragraphs stay exact.
	run --separate-stderr sh -c 'cat part.*.p | LC_ALL=C sort | word-stats --merge -f tsv -n 0 | grep -v ^paragraphs'
	assert_success
	[ "$output" = "$(grep -v ^paragraphs single)" ]
}

@test "--merge rejects bad lines and mixed options" {
	printf 'word-stats-partial\t1\tfold=1\tngrams=1\nw\tx\tword\n' > "$BATS_TEST_TMPDIR/bad"
	run --separate-stderr word-stats --merge "$BATS_TEST_TMPDIR/bad"
	assert_failure 1
	assert_output ""
	[ "$stderr" = "word-stats: $BATS_TEST_TMPDIR/bad:2:1: not a word-stats partial line" ]
	run --separate-stderr sh -c 'echo a | word-stats --partial; echo a | word-stats --partial --ngrams=2' 
	printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/mixed"
	run --separate-stderr word-stats --merge "$BATS_TEST_TMPDIR/mixed"
	assert_failure 1
	[ "$stderr" = "word-stats: $BATS_TEST_TMPDIR/mixed:12:1: partials made with different options" ]
}

@test "memory grows with distinct words, not with input or line length" {
	# 24 MB of text with few distinct words, in lines and as one line,
	# against a tiny input (relative, so sanitizer builds pass too).
	base=$(peak_rss_kib sh -c 'echo The quick brown fox. | word-stats')
	rss=$(peak_rss_kib sh -c 'yes "The quick brown fox jumps over the lazy dog." | head -c 24000000 | word-stats')
	[ $((rss - base)) -lt 8000 ] || { echo "lines: $rss KiB, base $base"; return 1; }
	rss=$(peak_rss_kib sh -c 'yes "the quick brown fox jumps over the lazy dog" | tr "\n" " " | head -c 24000000 | word-stats')
	[ $((rss - base)) -lt 8000 ] || { echo "one line: $rss KiB, base $base"; return 1; }
	run --separate-stderr sh -c 'yes "the quick brown fox jumps over the lazy dog" | tr "\n" " " | head -c 4400000 | word-stats -f tsv | grep -E "^(words|sentences|distinct)"'
	assert_output "$(printf 'words\t900000\ndistinct\t8\nsentences\t1')"
}

@test "a line longer than the 1 MiB cut keeps its sentences whole" {
	# 3000000 = 13 * 230769 + 3: that many "The cat sat." and a "The".
	run --separate-stderr sh -c 'yes "The cat sat. " | tr -d "\n" | head -c 3000000 | word-stats -s | sort | uniq -c'
	assert_success
	assert_output "$(printf '      1 The\n 230769 The cat sat.')"
	run --separate-stderr sh -c 'yes "The cat sat. " | tr -d "\n" | head -c 3000000 | word-stats -f tsv | grep -E "^(lines|words|sentences)"'
	assert_output "$(printf 'lines\t0\nwords\t692308\nsentences\t230770')"
}

# The threaded path (ts_wspar): a regular file of more than 1 MiB is
# counted on worker threads when 2 or more processors may run us; a pipe,
# and taskset -c 0, take the one-thread path.  All three must agree byte
# for byte.  (With one processor they are all one thread and prove
# nothing: the tests say so and skip.)
need_threads() {
	[ "$(nproc)" -ge 2 ] ||
		skip "one processor: word-stats FILE takes the one-thread path too"
}

# ~7 MB: the seed article again and again with paragraphs and blank-line
# runs that chunk joins (256 KiB) fall in, white lines, CRLF, NULs,
# ill-formed bytes, marks after a line feed, a 1.5 MB line (longer than
# two chunks and than the 1 MiB cut), 300 KB of line feeds, and no
# final line feed.
ws_mixed_input() {
	local d=$BATS_TEST_TMPDIR i
	{
		cat "$SEED"
		printf '\n\n\n  \n\t\n\xc2\xa0\nNext para\ngoes on.\n'
		printf 'a\r\nb\r\n\r\n\r\nc\rd\n'
		printf 'nul\0in\0line\n\0\n'
		printf 'bad \xff \xe2\x82 \xc0\xaf word\n\n'
		printf 'e\n\xcc\x81\xcc\xa3 marks caf\xc3\xa9 CAF\xc3\x89 Stra\xc3\x9fe\n'
		printf 'U.S. e.g. 3.14 can'"'"'t \xe4\xb8\xad\xe6\x96\x87\n'
	} > "$d/block"
	for i in 1 2 3 4 5 6 7 8 9 10; do	# 2^10 blocks, ~3.2 MB
		cat "$d/block" "$d/block" > "$d/block2"
		mv "$d/block2" "$d/block"
	done
	{
		cat "$d/block"
		yes 'The end. Of a very long line ' | tr -d '\n' | head -c 1500000
		printf '\n\n'
		head -c 300000 /dev/zero | tr '\0' '\n'
		cat "$d/block"
		printf 'no final line feed caf\xc3\xa9'
	} > "$d/mixed.txt"
}

@test "threads: word-stats FILE = pipe on 1.4 MB (also under valgrind and tsan)" {
	need_threads
	d=$BATS_TEST_TMPDIR
	# 512 seeds, folded so that paragraphs go on over lines (and across
	# chunk joins), each going on into "and on", no final line feed
	fold -s -w 50 "$SEED" > "$d/seed"
	{ for i in $(seq 512); do cat "$d/seed"; printf 'and on\n\n'; done
	  printf 'last'; } > "$d/small"
	[ "$(stat -c %s "$d/small")" -gt 1048576 ]
	for opts in "-f json -n 0 -r" "--partial --ngrams=2"; do
		word-stats $opts "$d/small" > "$d/par"
		cat "$d/small" | word-stats $opts > "$d/seq"
		cmp "$d/seq" "$d/par" || fail "word-stats $opts FILE differs"
	done
	# 11 paragraphs a seed (the last one going on into "and on"), and
	# "last"; 425 + 1 words a seed (fold -s cuts at spaces only, and the
	# seed ends "negotiations." without a line feed: "negotiations.and"
	# is one word, WB6/WB7)
	run --separate-stderr sh -c 'word-stats -f tsv "$1" | grep -E "^(words|paragraphs)"' sh "$d/small"
	assert_output "$(printf 'words\t%d\nparagraphs\t%d' $((512 * 426 + 1)) $((512 * 11 + 1)))"
}

@test "threads: word-stats FILE = pipe = taskset -c 0, every output option" {
	skip_under_valgrind
	need_threads
	ws_mixed_input
	f=$BATS_TEST_TMPDIR/mixed.txt
	size=$(stat -c %s "$f")
	[ "$size" -gt 6000000 ] || fail "input is only $size bytes"
	for opts in "" "-f json -n 0 -r" "-f tsv --no-fold -n 40" \
	    "--ngrams=2 -n 50" "--ngrams=3 --no-fold -f json" \
	    "--stopwords=en --min-length=3 -n 30" "--partial" \
	    "--partial --ngrams=2 --no-fold"; do
		word-stats $opts "$f" > "$BATS_TEST_TMPDIR/par" ||
			fail "word-stats $opts FILE: exit $?"
		cat "$f" | word-stats $opts > "$BATS_TEST_TMPDIR/seq" ||
			fail "cat FILE | word-stats $opts: exit $?"
		taskset -c 0 word-stats $opts "$f" > "$BATS_TEST_TMPDIR/one" ||
			fail "taskset -c 0 word-stats $opts FILE: exit $?"
		cmp "$BATS_TEST_TMPDIR/seq" "$BATS_TEST_TMPDIR/par" ||
			fail "word-stats $opts FILE differs from the pipe"
		cmp "$BATS_TEST_TMPDIR/seq" "$BATS_TEST_TMPDIR/one" ||
			fail "word-stats $opts FILE differs under taskset -c 0"
	done
	# Not vacuous: bytes and lines as wc counts them, and many paragraphs
	# (the seed alone has 11; each block adds 4 more).
	run --separate-stderr word-stats -f tsv "$f"
	assert_success
	[ "${lines[0]}" = "bytes	$size" ]
	[ "${lines[3]}" = "lines	$(wc -l < "$f")" ]
	paras=$(printf '%s\n' "${lines[@]}" | awk -F '\t' '$1 == "paragraphs" { print $2 }')
	[ "$paras" -gt 10000 ] || fail "paragraphs: $paras"
	# Standard input that is a regular file takes the threads too, from
	# its offset (bash's read leaves it after line 1).
	{ read -r first; word-stats -f json; } < "$f" > "$BATS_TEST_TMPDIR/par"
	tail -n +2 "$f" | word-stats -f json | cmp - "$BATS_TEST_TMPDIR/par"
}

@test "threads: files are one text across threaded files (no final line feed goes on)" {
	skip_under_valgrind
	need_threads
	ws_mixed_input
	d=$BATS_TEST_TMPDIR
	# big files ending in the middle of a line, of a word and of a
	# paragraph, and a small one between them
	head -c 2500001 "$d/mixed.txt" > "$d/a"
	printf 'tail words\n\nnew para' > "$d/b"
	tail -c 2000000 "$d/mixed.txt" > "$d/c"
	for opts in "-f json -n 0" "--partial --ngrams=2"; do
		word-stats $opts "$d/a" "$d/b" "$d/c" "$d/a" > "$d/par"
		cat "$d/a" "$d/b" "$d/c" "$d/a" | word-stats $opts > "$d/seq"
		cmp "$d/seq" "$d/par" || fail "word-stats $opts A B C A"
	done
	# By hand: "ab" + "cd" is one word across two threaded files.
	{ head -c 2000000 "$d/mixed.txt" | tr -c 'a-z\n' ' '; printf ' zzab'; } > "$d/x"
	{ printf 'cdqq\n'; head -c 2000000 "$d/mixed.txt" | tr -c 'a-z\n' ' '; } > "$d/y"
	run --separate-stderr sh -c 'word-stats -n 0 -f tsv "$1" "$2" | grep -E "zz|qq"' sh "$d/x" "$d/y"
	assert_output "$(printf 'top\tzzabcdqq\t1')"
}

@test "threads: word-stats FILE (60 MB, few distinct words, a 3 MB line) < 16 MiB" {
	skip_under_valgrind
	skip_under_tsan
	need_threads
	d=$BATS_TEST_TMPDIR
	yes 'The quick brown fox jumps over the lazy dog. And then' | head -c 30000000 > "$d/big"
	yes 'the lazy dog ' | tr -d '\n' | head -c 3000000 >> "$d/big"
	yes 'The quick brown fox jumps over the lazy dog. And then' | head -c 30000000 >> "$d/big"
	kib=$(peak_rss_kib word-stats "$d/big")
	echo "rss: $kib KiB"
	[ "$kib" -lt "$(mem_bound_kib 16384 word-stats)" ]
}
