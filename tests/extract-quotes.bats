#!/usr/bin/env bats
# extract-quotes: marks, nesting, apostrophes, paragraphs, options,
# formats, speakers, the seed article, memory bounds.
bats_require_minimum_version 1.5.0
load helper

# q TEXT [OPTION...]: run extract-quotes on TEXT (printf %b, so \n and
# \0 work) given as a file.
q() {
	printf '%b' "$1" >"$BATS_TEST_TMPDIR/in"
	shift
	run --separate-stderr extract-quotes "$@" "$BATS_TEST_TMPDIR/in"
}

# Fields 1-3 and 6-14 of the TSV rows (text start end depth open close
# words unclosed continued truncated speaker cue), header dropped.
rows() {
	printf '%s\n' "$output" | tail -n +2 | cut -f1-3,6-14
}

# ---- the seed article ----

@test "seed: exactly its 7 quotations" {
	run --separate-stderr extract-quotes "$SEED"
	assert_success
	[ -z "$stderr" ]
	# The texts, found independently: every “...” span in the file.
	expected=$(grep -o '“[^”]*”' "$SEED" | sed 's/^“//; s/”$//')
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 7 ]
	assert_equal "$output" "$expected"
	assert_line --index 0 'Sensitive But Unclassified,'
	assert_line --index 1 'dissent channel'
	assert_line --index 3 'more muscular military posture under U.S. leadership'
	assert_line --index 4 'consequences'
	assert_line --index 6 'Rather, we are calling for a credible threat of targeted U.S. military responses'
}

@test "seed: byte offsets, lines and columns" {
	run --separate-stderr extract-quotes --format=tsv "$SEED"
	assert_success
	# Offsets worked out with grep -bo (offset of “ plus its 3 bytes;
	# end = start + the text's bytes), lines with grep -n.
	got=$(printf '%s\n' "$output" | tail -n +2 | cut -f2-4 | tr '\t\n' ' :')
	assert_equal "$got" "615 642 10:685 700 10:1938 2276 18:2326 2378 20:2424 2436 20:2509 2602 22:2624 2704 22:"
	# and input[start:end] is the text, checked with dd
	while IFS=$'\t' read -r text start end _; do
		[ "$text" = text ] && continue
		slice=$(dd if="$SEED" bs=1 skip="$start" count=$((end - start)) 2>/dev/null)
		assert_equal "$slice" "$text"
	done <<<"$output"
	# columns count code points: “dissent channel” is the 84th on line 10
	line10=$(sed -n 10p "$SEED")
	prefix=${line10%%“dissent*}
	assert_equal "$(printf '%s\n' "$output" | sed -n 3p | cut -f5)" $((${#prefix} + 1))
}

@test "seed: no apostrophe is taken for a quotation" {
	run --separate-stderr extract-quotes --format=tsv "$SEED"
	assert_success
	refute_output --partial '’'
	run --separate-stderr extract-quotes --single-straight "$SEED"
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 7 ]
}

@test "seed --speakers: the memo said/stated, and the quotation after it" {
	run --separate-stderr extract-quotes --speakers --format=tsv "$SEED"
	assert_success
	got=$(printf '%s\n' "$output" | tail -n +2 | cut -f13,14 | tr '\t\n' '|;')
	assert_equal "$got" "|;|;the memo|stated;|;|;the memo|said;the memo|said;"
}

# ---- marks ----

@test "marks: every style" {
	q '“en” ‘single’ „de“ ‚de‘ «fr» ‹fr› ”sv” »da« 「ja」 『ja』 ``tex'"''"' "straight"\n' --format=tsv
	assert_success
	got=$(printf '%s\n' "$output" | tail -n +2 | cut -f1,7,8 | tr '\t\n' ' |')
	assert_equal "$got" "en “ ”|single ‘ ’|de „ “|de ‚ ‘|fr « »|fr ‹ ›|sv ” ”|da » «|ja 「 」|ja 『 』|tex \`\` ''|straight \" \"|"
}

@test "marks: „...” and »...« and German nesting" {
	q '„Er sagte ‚nein‘.“ — „Tak”'
	assert_success
	assert_output "$(printf 'Er sagte ‚nein‘.\nnein\nTak')"
}

@test "marks: straight quotes open after space or punctuation, close before" {
	q '"Yes," he said, ("it is") so.\n'
	assert_success
	assert_output "$(printf 'Yes,\nit is')"
	# an opening straight quote while one is open: the first was unclosed
	q '"Hello, he said. "How are you?"\n' --format=tsv
	assert_equal "$(rows | cut -f1,8)" "$(printf 'Hello, he said.\ttrue\nHow are you?\tfalse')"
}

@test "marks: a straight quote between letters or spaces is not a quote" {
	q 'a"b and " alone'
	assert_success
	assert_output ''
}

@test "marks: guillemet padding (NBSP, narrow NBSP) is not text, spaces are" {
	q '« oui »' --format=tsv
	assert_equal "$(rows | cut -f1-3)" "$(printf ' oui \t2\t7')"
	q '«\u00a0Bonjour\u00a0» et «\u202fSalut\u202f»' --format=tsv
	assert_success
	# « is 2 bytes, NBSP 2: Bonjour starts at 4; “ et ” and the rest by hand
	assert_equal "$(rows)" "$(printf 'Bonjour\t4\t11\t0\t«\t»\t1\tfalse\tfalse\tfalse\t\t\nSalut\t24\t29\t0\t«\t»\t1\tfalse\tfalse\tfalse\t\t')"
}

@test "marks: CJK text and columns in code points" {
	q 'é “x” 「日本」' --format=tsv
	assert_success
	assert_equal "$(printf '%s\n' "$output" | tail -n +2 | cut -f1,4,5)" "$(printf 'x\t1\t3\n日本\t1\t7')"
}

# ---- nesting ----

@test "nesting: outer before inner, with depth" {
	q '“He said ‘no’ twice.”' --format=tsv
	assert_success
	assert_equal "$(rows)" "$(printf 'He said ‘no’ twice.\t3\t26\t0\t“\t”\t4\tfalse\tfalse\tfalse\t\t\nno\t14\t16\t1\t‘\t’\t1\tfalse\tfalse\tfalse\t\t')"
}

@test "nesting: --top-level keeps depth 0 only" {
	q '“He said ‘no’ twice.” and “ok”'
	run --separate-stderr extract-quotes --top-level "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_output "$(printf 'He said ‘no’ twice.\nok')"
	run --separate-stderr extract-quotes -t "$BATS_TEST_TMPDIR/in"
	assert_output "$(printf 'He said ‘no’ twice.\nok')"
}

@test "nesting: an inner quotation never closed ends with its outer one" {
	q '“He said ‘no.” Then left.' --format=tsv
	assert_success
	assert_equal "$(rows | cut -f1,4,6,8)" "$(printf 'He said ‘no.\t0\t”\tfalse\nno.\t1\t\ttrue')"
}

# ---- apostrophes and primes: none is a quotation ----

@test "apostrophe: memo’s" {
	q 'the memo’s 51 signatories'
	assert_success
	assert_output ''
	q '“the memo’s view”'
	assert_output 'the memo’s view'
}

@test "apostrophe: ’90s" {
	q 'in the ’90s and ‘90s'
	assert_success
	assert_output ''
	q "the '90s" --single-straight
	assert_output ''
}

@test "apostrophe: rock ’n’ roll" {
	q 'rock ’n’ roll and rock ‘n’ roll'
	assert_success
	assert_output ''
	q "rock 'n' roll" --single-straight
	assert_output ''
	q '“rock ’n’ roll”'
	assert_output 'rock ’n’ roll'
}

@test "prime: 5′ 10″ (and 5' 10\")" {
	q 'he is 5′ 10″ tall'
	assert_success
	assert_output ''
	q "he is 5' 10\" tall" --single-straight
	assert_output ''
	# inside a quotation the inch mark does not close it
	q "\"He is 6'2\" tall,\" she said."
	assert_output "He is 6'2\" tall,"
}

@test "apostrophe: don't" {
	q "don't, can't, don’t" --single-straight
	assert_success
	assert_output ''
}

@test "apostrophe: 'tis" {
	q "'tis the season, ’tis true, ‘tis" --single-straight
	assert_success
	assert_output ''
}

@test "apostrophe: O’Brien" {
	q 'O’Brien and O‘Neil met O'"'"'Hara' --single-straight
	assert_success
	assert_output ''
}

@test "apostrophe: a plural before a function word ends the quotation" {
	q 'built on ‘maybes’ and guesses'
	assert_success
	assert_output 'maybes'
}

@test "apostrophe: the students’ union" {
	q 'the students’ union met'
	assert_success
	assert_output ''
	q '‘Join the students’ union,’ he said.'
	assert_output 'Join the students’ union,'
	q "'Join the students' union,' he said." --single-straight
	assert_output "Join the students' union,"
}

@test "--single-straight: '...' quotations, off by default" {
	q "He said 'hello there' and left."
	assert_success
	assert_output ''
	q "He said 'hello there' and left." --single-straight
	assert_output 'hello there'
	q "He said 'hello there' and left." -s
	assert_output 'hello there'
}

# ---- paragraphs ----

@test "paragraphs: an unclosed quotation ends at its paragraph" {
	q '“Never closed, runs on  \n\nNext “closed”.\n' --format=tsv
	assert_success
	assert_equal "$(rows | cut -f1-3,8)" "$(printf 'Never closed, runs on\t3\t24\ttrue\nclosed\t36\t42\tfalse')"
}

@test "paragraphs: a quotation may span lines of one paragraph" {
	q 'He said “one\ntwo” and\nleft.\n'
	assert_success
	assert_output 'one\ntwo'
}

@test "paragraphs: a blank line of spaces ends a paragraph too" {
	q '“open\n \t \n“other”\n'
	assert_success
	# same mark opens the next paragraph: the quotation continues
	assert_output 'open\nother'
	q '“open\n \t \nplain “other”\n'
	assert_output "$(printf 'open\nother')"
}

@test "continuation: the same mark opens the next paragraph" {
	q '“First part,\n\n“second part,\n\n“and the end.” said Smith.\n' --format=tsv
	assert_success
	assert_equal "$(rows | cut -f1-3,8,9)" "$(printf 'First part,\\nsecond part,\\nand the end.\t3\t48\tfalse\ttrue')"
}

@test "continuation: a different mark does not continue" {
	q '“First\n\n«Second»\n' --format=tsv
	assert_success
	assert_equal "$(rows | cut -f1,8,9)" "$(printf 'First\ttrue\tfalse\nSecond\tfalse\tfalse')"
}

# ---- options ----

@test "--max-length: cut to N code points, truncated, offsets of the kept text" {
	q '“ééé abc” “ok”' --format=tsv --max-length=4
	assert_success
	assert_equal "$(rows | cut -f1-3,10)" "$(printf 'ééé \t3\t10\ttrue\nok\t20\t22\tfalse')"
	q '“abcdef”' -m 2
	assert_output 'ab'
	q '“abc”' --max-length=0
	assert_failure 2
	assert_equal "$stderr" "$(printf "extract-quotes: --max-length: '0' is too small (expected 1 to 16777216)\nTry 'extract-quotes --help' for more information.")"
}

@test "--max-length: default 2000 code points" {
	printf '“%s”' "$(head -c 2500 /dev/zero | tr '\0' a)" >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr extract-quotes --format=tsv "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_equal "$(printf '%s\n' "$output" | tail -n +2 | cut -f2,3,12)" "$(printf '3\t2003\ttrue')"
}

@test "--max-length: a code point across the scanner's window edge counts once" {
	# 40000 é (2 bytes each) from offset 1: one straddles byte 65504,
	# where the scanner's first 64 KiB window stops; the cut must still
	# keep exactly 39000 code points (it kept 38999).
	awk 'BEGIN { printf "\""; for (i = 0; i < 40000; i++) printf "\303\251"
	    printf "\"\n" }' >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr extract-quotes -m 39000 --format=tsv "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_equal "$(printf '%s\n' "$output" | tail -n +2 | cut -f2,3,12)" "$(printf '1\t78001\ttrue')"
	run --separate-stderr extract-quotes -m 39000 "$BATS_TEST_TMPDIR/in"
	assert_equal "$(printf '%s' "$output" | LC_ALL=C wc -c)" 78000
}

@test "--min-words: drop short quotations" {
	q '“one” and “two words” and “three short words”'
	run --separate-stderr extract-quotes --min-words 2 "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_output "$(printf 'two words\nthree short words')"
	run --separate-stderr extract-quotes -w 3 "$BATS_TEST_TMPDIR/in"
	assert_output 'three short words'
	run --separate-stderr extract-quotes --min-words=x "$BATS_TEST_TMPDIR/in"
	assert_failure 2
}

@test "words: joiners inside words do not split them" {
	q '“don’t stop, 400,000 well-known U.S. people”' --format=tsv
	# don’t stop 400,000 well-known U.S people
	assert_equal "$(rows | cut -f7)" 6
}

@test "-z: NUL ends a document, and an unclosed quotation with it" {
	q 'a “open\0“doc two” x' -z --format=tsv
	assert_success
	assert_equal "$(rows | cut -f1-3,8)" "$(printf 'open\t5\t9\ttrue\ndoc two\t13\t20\tfalse')"
	q 'a “open\0“doc two” x' --null
	assert_output "$(printf 'open\ndoc two')"
}

# ---- formats ----

@test "--format=tsv: header, escapes, booleans, empty speaker" {
	q '“a\\\\b\ttab”'
	run --separate-stderr extract-quotes -f tsv "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_line --index 0 "$(printf 'text\tstart\tend\tline\tcol\tdepth\topen\tclose\twords\tunclosed\tcontinued\ttruncated\tspeaker\tcue')"
	# the text is a, two backslashes, b, a tab, tab: 3 words
	assert_line --index 1 "$(printf '%s\t3\t11\t1\t1\t0\t“\t”\t3\tfalse\tfalse\tfalse\t\t' 'a\\\\b\ttab')"
}

@test "--format=text: newlines and backslashes escaped" {
	q '“a\\\\b\nc”'
	assert_success
	assert_output 'a\\\\b\nc'
}

@test "--format=jsonl: keys, nulls, UTF-8" {
	q '“x,” she said. “y'
	run --separate-stderr extract-quotes --format=jsonl --speakers "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_line --index 0 '{"text":"x,","start":3,"end":5,"line":1,"col":1,"depth":0,"open":"“","close":"”","words":1,"unclosed":false,"continued":false,"truncated":false,"speaker":"she","cue":"said"}'
	assert_line --index 1 '{"text":"y","start":22,"end":23,"line":1,"col":16,"depth":0,"open":"“","close":null,"words":1,"unclosed":true,"continued":false,"truncated":false,"speaker":"she","cue":"said"}'
	q '“bad \377 byte”' --format=jsonl
	assert_output '{"text":"bad \ufffd byte","start":3,"end":13,"line":1,"col":1,"depth":0,"open":"“","close":"”","words":2,"unclosed":false,"continued":false,"truncated":false,"speaker":null,"cue":null}'
}

@test "several files: a file column first" {
	printf '“one”' >"$BATS_TEST_TMPDIR/a"
	printf 'x “two”' >"$BATS_TEST_TMPDIR/b"
	cd "$BATS_TEST_TMPDIR"
	run --separate-stderr extract-quotes --format=tsv a b
	assert_success
	assert_equal "$(printf '%s\n' "$output" | cut -f1-4)" "$(printf 'file\ttext\tstart\tend\na\tone\t3\t6\nb\ttwo\t5\t8')"
	run --separate-stderr extract-quotes --format=jsonl a - <b
	assert_line --index 1 --partial '{"file":"<stdin>","text":"two","start":5,'
}

@test "property: input[start:end] is the text of every non-continued quotation" {
	{
		cat "$SEED"
		printf '\n„Er sagte ‚nein‘.“ «\u00a0Oui\u00a0» 「日本」 ``tex'"''"'\n'
		printf '"Yes," he said, "it (is) so." “He said ‘no’.”\n\n“open  \n\n'
		printf '“a\tb” “ééé” ”sv” »da«\n'
	} >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr extract-quotes --format=tsv "$BATS_TEST_TMPDIR/in"
	assert_success
	n=0
	while IFS= read -r row; do
		text=$(cut -f1 <<<"$row")
		start=$(cut -f2 <<<"$row")
		end=$(cut -f3 <<<"$row")
		slice=$(tail -c +$((start + 1)) "$BATS_TEST_TMPDIR/in" | head -c $((end - start)))
		assert_equal "$slice" "$(printf '%b' "$text")"
		n=$((n + 1))
	done < <(printf '%s\n' "$output" | tail -n +2 | awk -F'\t' '$11 == "false"')
	[ "$n" -eq 19 ]
}

# ---- speakers ----

@test "speakers: “…,” Name said. / “…,” said Name. / Name said: “…”" {
	q '“We won,” Smith said.\n\n“We lost,” said Mr. John Kerry on Tuesday.\n\nThe mayor told reporters: “It rains.”\n' --speakers --format=tsv
	assert_success
	assert_equal "$(rows | cut -f1,11,12)" "$(printf 'We won,\tSmith\tsaid\nWe lost,\tMr. John Kerry\tsaid\nIt rains.\tThe mayor\ttold')"
}

@test "speakers: “…,” the memo stated. / according to / pronouns" {
	q '“Go,” the memo stated.\n\n“Stop,” according to the official.\n\n“Why?” she asked.\n\nHe added, “Fine.”\n' --speakers --format=tsv
	assert_success
	assert_equal "$(rows | cut -f1,11,12)" "$(printf 'Go,\tthe memo\tstated\nStop,\tthe official\taccording to\nWhy?\tshe\tasked\nFine.\the\tadded' | sed 's/\the\t/\tHe\t/')"
}

@test "speakers: a following quotation continues the statement" {
	q '“Yes,” she said, “it is.” “And more.”\n\n“A,” Jones said. Smith disagreed. “B.”\n' --speakers --format=tsv
	assert_success
	assert_equal "$(rows | cut -f1,11)" "$(printf 'Yes,\tshe\nit is.\tshe\nAnd more.\tshe\nA,\tJones\nB.\t')"
}

@test "speakers: noun phrases, bare nouns, more verbs, two speakers" {
	q '“Why?” asked one reporter.\n\n“No arrests,” police said. “More later.”\n\n“Done,” the review found.\n\n“Tomorrow,” Adams said, while Baker insisted: “Next week.”\n\n“Go,” Jane Smith, the chief executive, said.\n' --speakers --format=tsv
	assert_success
	assert_equal "$(rows | cut -f1,11)" "$(printf 'Why?\tone reporter\nNo arrests,\tpolice\nMore later.\tpolice\nDone,\tthe review\nTomorrow,\tAdams\nNext week.\tBaker\nGo,\tJane Smith')"
}

@test "speakers: unknown stays null, nested ones too" {
	q 'The so-called “dissent channel” was used. “He said ‘no’,” Smith said.\n' --speakers --format=tsv
	assert_success
	assert_equal "$(rows | cut -f1,11,12)" "$(printf 'dissent channel\t\t\nHe said ‘no’,\tSmith\tsaid\nno\t\t')"
	q '“Go,” Smith said.' -S --format=tsv
	assert_equal "$(rows | cut -f11)" Smith
	q '“Go,” Smith said.' --format=tsv
	assert_equal "$(rows | cut -f11)" ''
}

# ---- errors and the contract ----

@test "errors: unreadable file, bad option, bad format, write error" {
	printf '“ok”' >"$BATS_TEST_TMPDIR/a"
	run --separate-stderr extract-quotes "$BATS_TEST_TMPDIR/nope" "$BATS_TEST_TMPDIR/a"
	assert_failure 1
	assert_output 'ok'
	assert_equal "$stderr" "extract-quotes: $BATS_TEST_TMPDIR/nope: No such file or directory"
	run --separate-stderr extract-quotes --format=xml
	assert_failure 2
	assert_equal "$stderr" "$(printf "extract-quotes: invalid format 'xml' (text, tsv or jsonl)\nTry 'extract-quotes --help' for more information.")"
	run --separate-stderr extract-quotes --bogus
	assert_failure 2
	run --separate-stderr sh -c 'extract-quotes "$1" >/dev/full' sh "$SEED"
	assert_failure 1
	assert_equal "$stderr" "extract-quotes: write error: No space left on device"
}

@test "invalid UTF-8 and stray marks never crash or hang" {
	printf '\xe2\x80 “\xff\xfe” \xe2\x80\x9c\n\n\xc2 ” » 」 \x27\x27 ``\n' >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr extract-quotes --format=tsv "$BATS_TEST_TMPDIR/in"
	assert_success
	# “ at bytes 3-5, then \xff \xfe: the text is bytes 6 and 7
	assert_equal "$(printf '%s\n' "$output" | tail -n +2 | cut -f2,3)" "$(printf '6\t8')"
}

@test "--help lists every option, and the man page documents each" {
	run --separate-stderr extract-quotes --help
	assert_success
	for o in format max-length min-words top-level single-straight speakers null help version; do
		assert_output --partial -- "--$o"
		grep -q -- "Fl \\\\-$o" "$TOP/man/extract-quotes.1"
	done
}

# ---- memory ----

@test "memory: bounded on 100 MB without a newline" {
	rss=$(peak_rss_kib extract-quotes < <(head -c 100000000 /dev/zero | tr '\0' 'a'))
	[ "$rss" -lt 8192 ]
}

@test "memory: bounded on 100 MB inside one unclosed quotation" {
	gen() { printf '“'; yes 'words and “more” words, memo’s' | head -c 100000000; }
	rss=$(peak_rss_kib extract-quotes --format=tsv --speakers < <(gen))
	[ "$rss" -lt 8192 ]
	# the outer one: truncated at 2000 code points, start right: a line
	# is 31 code points in 37 bytes, 64 lines and “words and “more”” (16
	# code points, 20 bytes) make 2000: 3 + 64 * 37 + 20 = 2391
	run --separate-stderr extract-quotes --format=tsv -t < <(gen | head -c 20000000)
	assert_success
	assert_equal "$(printf '%s\n' "$output" | tail -n +2 | cut -f2,3,10,12)" "$(printf '3\t2391\ttrue\ttrue')"
}

@test "output does not depend on the locale; - is standard input" {
	run --separate-stderr extract-quotes --format=tsv --speakers "$SEED"
	want=$output
	LC_ALL=C run --separate-stderr extract-quotes --format=tsv --speakers - <"$SEED"
	assert_success
	assert_equal "$output" "$want"
	LC_ALL=POSIX LANG=de_DE.UTF-8 run --separate-stderr extract-quotes --format=tsv --speakers <"$SEED"
	assert_equal "$output" "$want"
}
