"""Reference word tokenizer for the word-stats gate on pure-ASCII text.

    /usr/bin/python3 ascii_words.py < ascii.txt > tokens

On text made only of ASCII characters, the UAX #29 word segments that
contain a letter or a digit (word-stats' definition of a word) are exactly
the matches of WORD below, so this prints, one per line and lower-cased
(= full case folding on ASCII), the tokens `word-stats --tokens` must print.

Derivation (Unicode 15.0 WordBreakProperty, ASCII only): ALetter = A-Z a-z,
Numeric = 0-9, ExtendNumLet = '_', MidLetter = ':', MidNum = ',' ';',
MidNumLet = '.', Single_Quote = "'" (MidNumLetQ = '.' "'"); no ASCII
character is Extend, Format, ZWJ, Katakana or Hebrew_Letter.  Rules that
keep a segment together: WB5/8/9/10 (letters and digits in any order),
WB13a/b ('_' next to letters, digits or '_'), WB6/7 (letter, then one of
: . ', then letter) and WB11/12 (digit, then one of , ; . ', then digit).
Every other position between two of these is a break (WB999), and spaces,
punctuation and line ends form segments without a letter or digit.
"""
import re
import sys

WORD = re.compile(rb"[A-Za-z0-9_]+(?:(?:(?<=[A-Za-z])[:.'](?=[A-Za-z])"
                  rb"|(?<=[0-9])[,.;'](?=[0-9]))[A-Za-z0-9_]+)*")
HAS_ALNUM = re.compile(rb"[A-Za-z0-9]")

NON_ASCII = re.compile(rb"[\x80-\xff]")

# Line by line: no word contains a line end (LF and CR are breaks).
out = sys.stdout.buffer
for n, line in enumerate(sys.stdin.buffer, 1):
    if NON_ASCII.search(line):
        sys.exit("ascii_words.py: line %d is not pure ASCII" % n)
    words = [w.lower() for w in WORD.findall(line) if HAS_ALNUM.search(w)]
    if words:
        out.write(b"\n".join(words) + b"\n")
