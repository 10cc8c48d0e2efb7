"""Peer for `normalize`: Python's unicodedata NFC, one line at a time.

    /usr/bin/python3 nfc.py [FILE] > out

What people write instead of a normalizer: read lines, normalize each,
write it.  Line ends are kept as they are (newline=''), invalid UTF-8 is
passed through (surrogateescape), so the output is comparable byte for byte.
"""
import io
import sys
import unicodedata

inp = io.TextIOWrapper(open(sys.argv[1], "rb") if len(sys.argv) > 1
                       else sys.stdin.buffer, encoding="utf-8",
                       errors="surrogateescape", newline="")
out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8",
                       errors="surrogateescape", newline="")
norm = unicodedata.normalize
write = out.write
for line in inp:
    write(norm("NFC", line))
out.flush()
