"""Extract the sentence pools from the nlp-corpus npm package.

Usage: /usr/bin/python3 pools.py PACKAGE_DIR OUT_DIR

Reads PACKAGE_DIR/builds/doc-0.json .. doc-99.json (arrays of strings, in
file order), turns CR/LF inside a sentence into a space, strips surrounding
whitespace, drops empty strings and exact repeats (first one kept), and
writes, one sentence per line, UTF-8:
  OUT_DIR/sentences.txt   every sentence
  OUT_DIR/ascii.txt       the sentences made only of printable ASCII (0x20-0x7E)
Runs once per cache; the per-byte work happens in gen.awk.
"""
import json
import os
import sys


def main():
    pkg, out = sys.argv[1], sys.argv[2]
    seen = set()
    every, ascii_only = [], []
    for i in range(100):
        path = os.path.join(pkg, "builds", "doc-%d.json" % i)
        with open(path, encoding="utf-8") as f:
            for s in json.load(f):
                s = s.replace("\r", " ").replace("\n", " ").strip()
                if not s or s in seen:
                    continue
                seen.add(s)
                every.append(s)
                if all(0x20 <= ord(c) <= 0x7E for c in s):
                    ascii_only.append(s)
    for name, lines in (("sentences.txt", every), ("ascii.txt", ascii_only)):
        tmp = os.path.join(out, name + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")
        os.replace(tmp, os.path.join(out, name))


if __name__ == "__main__":
    main()
