"""Hostile text: labels and names that would drive a terminal if printed raw, and the check
that none of it reached one."""

import unicodedata

# an OSC title change ended by BEL, a right-to-left override, a C1 CSI and NEL, an isolate
ISSUER = "\x1b]0;owned\x07Bank\u202e"
NAME = "\x9b2J\x85alice\u2066\x1b[31m"
# what a hostile file name or URI may carry
FILE_NAME = "evil\x1b[2J\u202e.txt"


def raw_controls(text):
    """The characters of ``text`` a terminal could act on: controls (C0 but newline, C1),
    format characters (bidi overrides, isolates, zero-width) and line separators."""
    return sorted({ch for ch in text if ch != "\n" and unicodedata.category(ch) in
                   ("Cc", "Cf", "Zl", "Zp", "Cs")})
