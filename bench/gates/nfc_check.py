"""NFC gate: normalize's output against Python and ICU (uconv).

    /usr/bin/python3 nfc_check.py INPUT TOOL_OUT PYTHON_OUT UCONV_OUT

Exit 0 when TOOL_OUT is byte-identical to PYTHON_OUT (unicodedata NFC per
line) and to UCONV_OUT (`uconv -x any-nfc`), except on lines where uconv
itself is wrong in the known way explained below; exit 1 otherwise, naming
the first line that differs.  Prints one summary line.

uconv 72 cuts its input into chunks at paragraph ends and transliterates
each chunk alone, but its test for U+2028 is `(c & 0x2028) == 0x2028`, so
it also cuts after any UTF-16 unit with those bits set (e.g. U+3068 HIRAGANA
LETTER TO, U+2241, U+30AB...).  A combining mark that follows such a
character is then never composed with it: `と` + U+3099 stays decomposed
instead of becoming `ど`.  A line where TOOL_OUT differs from UCONV_OUT is
excused only when UCONV_OUT equals the exact model of that defect (NFC of
each piece, pieces cut after every such unit) and TOOL_OUT equals Python's.
"""
import sys
import unicodedata


def lines(path):
    with open(path, "rb") as f:
        return f.read().split(b"\n")


def uconv_model(line):
    """NFC as uconv -x any-nfc computes it: per chunk, cut after units
    that match its paragraph-end test."""
    text = line.decode("utf-8", "surrogateescape")
    out, start = [], 0
    for i, c in enumerate(text):
        u = ord(c)
        if u in (0x0A, 0x0D, 0x85) or (u < 0x10000 and u & 0x2028 == 0x2028):
            out.append(unicodedata.normalize("NFC", text[start:i + 1]))
            start = i + 1
    out.append(unicodedata.normalize("NFC", text[start:]))
    return "".join(out).encode("utf-8", "surrogateescape")


def show(b):
    """Text with marks, controls and non-BMP characters as \\uXXXX."""
    out = []
    for c in b.decode("utf-8", "backslashreplace"):
        if c.isprintable() and not unicodedata.combining(c) \
                and ord(c) < 0x10000 and c != "|":
            out.append(c)
        else:
            out.append("\\u%04X" % ord(c))
    return "'" + "".join(out) + "'"


def around(a, b):
    """a and b around their first difference."""
    k = first_diff(a, b)
    lo = max(0, k - 24)
    return "byte %d: %s vs %s" % (k + 1, show(a[lo:k + 24]), show(b[lo:k + 24]))


def first_diff(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def main():
    src, tool, py, uc = (lines(p) for p in sys.argv[1:5])
    if tool != py:
        i = first_diff(tool, py)
        if len(tool) != len(py) and i == min(len(tool), len(py)):
            print("FAIL: normalize wrote %d lines, Python NFC %d"
                  % (len(tool) - 1, len(py) - 1))
        else:
            print("FAIL: line %d differs from Python NFC (normalize vs "
                  "Python) at %s" % (i + 1, around(tool[i], py[i])))
        return 1
    if len(uc) != len(tool):
        print("FAIL: uconv wrote %d lines, normalize %d"
              % (len(uc) - 1, len(tool) - 1))
        return 1
    excused = 0
    for i, (t, u) in enumerate(zip(tool, uc)):
        if t == u:
            continue
        if uconv_model(src[i]) == u:
            excused += 1
            continue
        print("FAIL: line %d differs from uconv, not explained by uconv's "
              "chunk defect (normalize vs uconv) at %s" % (i + 1, around(t, u)))
        return 1
    print("PASS: byte-identical to Python NFC (%d lines) and to uconv%s"
          % (len(tool) - 1, "" if not excused else
             " except %d line%s where uconv leaves marks uncomposed "
             "(its chunk-split defect, modelled exactly)"
             % (excused, "" if excused == 1 else "s")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
