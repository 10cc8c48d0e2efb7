"""Peer for `word-stats` (default summary): Counter over re.findall(r'\w+').

    /usr/bin/python3 wordfreq.py [FILE]

Prints the number of words, the number of distinct words and the 10 most
frequent (lower-cased) words with their counts.
"""
import collections
import io
import re
import sys

WORD = re.compile(r"\w+")
counts = collections.Counter()
inp = io.TextIOWrapper(open(sys.argv[1], "rb") if len(sys.argv) > 1
                       else sys.stdin.buffer, encoding="utf-8",
                       errors="surrogateescape", newline="")
for line in inp:
    counts.update(WORD.findall(line.lower()))
print("words", sum(counts.values()))
print("distinct", len(counts))
for word, n in counts.most_common(10):
    print(n, word.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
