"""Peer for `extract-quotes`: the Python regex one-liner people write.

    /usr/bin/python3 quotes.py [FILE] > out

Prints the text of every straight "..." or curly \u201c...\u201d / \u2018...\u2019
or guillemet \u00ab...\u00bb quotation found by one regular expression over the
whole input, one per line.  It does less than extract-quotes (no offsets,
nesting, apostrophe handling, multi-paragraph quotes or speakers).
"""
import re
import sys

QUOTE = re.compile(r'"([^"\n]+)"|\u201c([^\u201d\n]+)\u201d'
                   r'|\u2018([^\u2019\n]+)\u2019|\u00ab([^\u00bb\n]+)\u00bb')
src = open(sys.argv[1], "rb") if len(sys.argv) > 1 else sys.stdin.buffer
text = src.read().decode("utf-8", "surrogateescape")
out = [next(g for g in m.groups() if g is not None)
       for m in QUOTE.finditer(text)]
sys.stdout.buffer.write(
    "".join(q + "\n" for q in out).encode("utf-8", "surrogateescape"))
