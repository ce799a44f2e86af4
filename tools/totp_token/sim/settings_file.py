"""settings.toml the way CircuitPython 10.2+ reads it, with each problem named by file and line.

CircuitPython scans the file byte by byte for ``KEY =`` and stops at the first match;
`os.getenv` returns the value as ``str`` (a double-quoted string unescaped, anything
else as written, without a trailing ``# comment``) and returns the default when the
value is broken. The board shows nothing about such a line, so the simulator says
what is wrong, where, and what the board does with it. Messages name keys, never
values (settings.toml may hold passwords).
"""

import re

from totp.settings_keys import unknown_key_note

FILE_NAME = "settings.toml"
BOM = b"\xef\xbb\xbf"
BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")
SIMPLE_ESCAPES = {"b": "\b", "r": "\r", "n": "\n", "t": "\t", "v": "\v", "f": "\f"}
UNICODE_ESCAPES = {"u": 4, "U": 8}
WHITESPACE = " \t\r\f\v"
IGNORED = "CircuitPython ignores this line"
DEFAULT = "CircuitPython's os.getenv(%r) returns the default"
MAX_PROBLEMS = 8  # a binary file would otherwise give one message per line


class _BadValue(ValueError):
    """A value CircuitPython cannot read; the message says why and what to do."""


def read_settings(path):
    """(values, problems) of the settings.toml at `path`; a missing file has neither."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return {}, []
    except OSError as exc:
        return {}, ["%s cannot be read (%s): the token runs with its default settings; "
                    "check the file's permissions" % (path, exc.strerror or exc)]
    return parse_settings(data, path)


def parse_settings_toml(text):
    """The values os.getenv sees in settings.toml text (problems dropped)."""
    return parse_settings(text.encode("utf-8", "surrogateescape"))[0]


def parse_settings(data: bytes, where: str = FILE_NAME) -> tuple[dict[str, str], list[str]]:
    """(values: key -> str as os.getenv returns it, problems: list of messages)."""
    reader = _Reader(where)
    for number, raw in enumerate(reader.readable_part(data).split(b"\n"), 1):
        line = raw.decode("utf-8", "surrogateescape").strip(WHITESPACE)
        if not reader.line(number, line):
            break
    return reader.values, reader.summary()


class _Reader:
    """One pass over settings.toml: the values CircuitPython sees and what is wrong."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.values: dict[str, str] = {}
        # key -> line of its first assignment: the one CircuitPython uses
        self.first_line: dict[str, int] = {}
        self.problems: list[str] = []
        # where a [table] starts: CircuitPython reads no further
        self.table_line: int | None = None

    def problem(self, number: int, text: str) -> None:
        self.problems.append("%s line %d: %s" % (self.where, number, text))

    def readable_part(self, data: bytes) -> bytes:
        """The bytes CircuitPython reads (up to a NUL); a BOM or a NUL is a problem."""
        if data.startswith(BOM):
            self.problem(1, "the file starts with a byte order mark, so CircuitPython does "
                            "not see the key on line 1: save the file as UTF-8 without a BOM")
        nul = data.find(b"\0")
        if nul >= 0:
            self.problem(data.count(b"\n", 0, nul) + 1,
                         "a NUL byte: CircuitPython stops reading settings.toml there, so no "
                         "key after it is seen: remove the binary data")
            data = data[:nul]
        return data

    def line(self, number: int, line: str) -> bool:
        """Read one stripped line; False: stop reading (as CircuitPython does)."""
        if not line or line.startswith("#"):
            if _has_undecodable(line):
                self.problem(number, "a comment that is not UTF-8 text (harmless on the "
                                     "board): save the file as UTF-8")
            return True
        if self.table_line is not None:
            if "=" in line:
                self.problem(number, "after the [table] on line %d, where CircuitPython "
                                     "stops reading: move this key above it" % self.table_line)
                return False
            return True
        if line.startswith("["):
            self.table_line = number
            return True
        key, equals, right = line.partition("=")
        key = key.strip(WHITESPACE)
        if self._assignable(number, key, equals):
            self._assign(number, key, right, line)
        return True

    def _assignable(self, number: int, key: str, equals: str) -> bool:
        """Whether `KEY =` is a key CircuitPython reads here; if not, say why."""
        if not equals:
            self.problem(number, "%sno '=' (expected KEY = value): %s"
                         % ("bytes that are not UTF-8 text and " if _has_undecodable(key)
                            else "", IGNORED))
            return False
        if not BARE_KEY.match(key):
            if _has_undecodable(key):
                self.problem(number, "bytes that are not UTF-8 text before the '=': %s; save "
                                     "the file as UTF-8" % IGNORED)
            elif not (number == 1 and key.startswith("\ufeff")):
                self.problem(number, "%s is not a bare key (letters, digits, _ and - only): %s"
                             % (_shown(key), IGNORED))
            return False
        if key in self.first_line:
            self.problem(number, "%s is set again (first on line %d): CircuitPython uses "
                                 "line %d" % (key, self.first_line[key], self.first_line[key]))
            return False
        return True

    def _assign(self, number: int, key: str, right: str, line: str) -> None:
        self.first_line[key] = number
        unknown = unknown_key_note(key)
        if unknown is not None:
            self.problem(number, unknown)
        try:
            value = self.values[key] = _value(right.lstrip(WHITESPACE), key)
        except _BadValue as bad:
            self.problem(number, "%s: %s" % (key, bad))
            return
        if len(value) >= 2 and value[0] == value[-1] == "'":
            self.problem(number, "%s: single-quoted strings are not supported: "
                                 "CircuitPython's os.getenv returns the quotes too; use double "
                                 "quotes" % key)
        if _has_undecodable(value):
            del self.values[key]
            self.problem(number, "%s: its value is not UTF-8 text: %s; save the file as UTF-8"
                         % (key, DEFAULT % key))
        elif _has_undecodable(line):
            self.problem(number, "%s: a comment is not UTF-8 text (harmless on the board): "
                                 "save the file as UTF-8" % key)

    def summary(self) -> list[str]:
        """The problems, at most MAX_PROBLEMS (the last one then counts the rest)."""
        problems = self.problems
        if len(problems) > MAX_PROBLEMS:
            more = len(problems) - MAX_PROBLEMS + 1
            problems[MAX_PROBLEMS - 1:] = ["%s: %d more problems like these: is it a text "
                                           "file?" % (self.where, more)]
        return problems


def _value(text, key):
    if text.startswith('"'):
        return _quoted(text[1:], key)
    return text.split("#", 1)[0].strip(WHITESPACE)


def _quoted(text, key):
    """The body of a "basic string" up to its closing quote, unescaped like CircuitPython."""
    out = []
    index = 0
    while index < len(text):
        char = text[index]
        index += 1
        if char == '"':
            rest = text[index:].strip(WHITESPACE)
            if rest and not rest.startswith("#"):
                raise _BadValue("text after the closing quote: %s; put a # before a comment"
                                % (DEFAULT % key))
            return "".join(out)
        if char != "\\":
            out.append(char)
            continue
        if index >= len(text):
            break
        escape = text[index]
        index += 1
        if escape in UNICODE_ESCAPES:
            digits = text[index:index + UNICODE_ESCAPES[escape]]
            index += UNICODE_ESCAPES[escape]
            if len(digits) < UNICODE_ESCAPES[escape] or not all(
                    c in "0123456789abcdefABCDEF" for c in digits):
                raise _BadValue("\\%s needs %d hex digits: %s"
                                % (escape, UNICODE_ESCAPES[escape], DEFAULT % key))
            if int(digits, 16) >= 0x110000:
                raise _BadValue("\\%s%s is beyond Unicode: %s" % (escape, digits, DEFAULT % key))
            out.append(chr(int(digits, 16)))
        else:
            out.append(SIMPLE_ESCAPES.get(escape, escape))
    raise _BadValue("the string has no closing quote on this line: %s; close it with \""
                    % (DEFAULT % key))


def _has_undecodable(text):
    return any("\udc80" <= char <= "\udcff" for char in text)


def _shown(text):
    """A key for a message: printable, short, undecodable bytes as \\x escapes."""
    shown = text.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
    return "'%s'" % (shown[:40] + ("..." if len(shown) > 40 else ""))
