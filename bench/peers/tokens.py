"""Peer for `word-stats --tokens`: print every re.findall(r'\w+') match.

    /usr/bin/python3 tokens.py [FILE] > out

One token per line, case-folded like `word-stats --tokens` (str.casefold).
"""
import io
import re
import sys

WORD = re.compile(r"\w+")
inp = io.TextIOWrapper(open(sys.argv[1], "rb") if len(sys.argv) > 1
                       else sys.stdin.buffer, encoding="utf-8",
                       errors="surrogateescape", newline="")
out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8",
                       errors="surrogateescape", newline="\n")
write = out.write
for line in inp:
    toks = WORD.findall(line.casefold())
    if toks:
        write("\n".join(toks) + "\n")
out.flush()
