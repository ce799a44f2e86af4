"""Reads files, streams and JSON the user names without letting them hurt the tool.

Only regular files are opened (devices, FIFOs and sockets are refused from their
``stat``, before any ``open``, so a FIFO can't block and ``/dev/zero`` can't fill
memory); every read stops one byte past a size limit; JSON is refused when it
holds absurdly many containers or nests too deeply. Each failure is an
``InputError`` of the form ``NAME: PROBLEM: FIX``; ``fix`` is the caller's advice
(``parse_json`` raises ``JsonRefused``, a ValueError, for callers with their own wording).
"""

import json
import os
import stat
from typing import IO, Any

from .errors import InputError

CHUNK_BYTES = 1 << 20
# Counting brackets is cheap (C speed) and bounds what json.loads may build: each
# account of a real export takes a handful of containers, so a million is generous.
MAX_JSON_CONTAINERS = 1_000_000
_FILE_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def describe_non_file(mode: int) -> str | None:
    """``"a named pipe (FIFO)"``... for a mode that is not a regular file, else None."""
    if stat.S_ISREG(mode):
        return None
    for test, kind in _FILE_KINDS:
        if test(mode):
            return kind
    return "not a regular file"


def read_regular_file(path: str, limit: int, name: str, fix: str) -> bytes:
    """The bytes of the regular file ``path`` (a symlink is judged by its target)."""
    try:
        kind = describe_non_file(os.stat(path).st_mode)
        if kind:
            raise InputError("%s: %s, not a file: %s" % (name, kind, fix))
        # O_NONBLOCK: should the path be swapped for a FIFO after the check, open won't wait
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            kind = describe_non_file(os.fstat(handle.fileno()).st_mode)
            if kind:
                raise InputError("%s: %s, not a file: %s" % (name, kind, fix))
            return read_limited(handle, limit, name, fix)
    except OSError as exc:
        raise InputError("%s: cannot read it (%s): %s"
                         % (name, exc.strerror or exc, fix)) from None


def read_limited(stream: IO[Any], limit: int, name: str, fix: str) -> bytes:
    """Read ``stream`` to its end, refusing it as soon as it passes ``limit`` bytes."""
    chunks = []
    total = 0
    while True:
        chunk = stream.read(min(CHUNK_BYTES, limit + 1 - total))
        if not chunk:
            break
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8")
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise InputError("%s: larger than %s: %s" % (name, size_text(limit), fix))
    return b"".join(chunks)


def size_text(limit: int) -> str:
    if limit >= 1 << 20:
        return "%d MB" % (limit >> 20)
    return "%d KB" % (limit >> 10) if limit >= 1 << 10 else "%d bytes" % limit


class JsonRefused(ValueError):
    """JSON that is invalid or too big to build; ``line`` is where, when known."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason if line is None else "line %d: %s" % (line, reason))
        self.reason = reason
        self.line = line


def parse_json(text: str) -> Any:
    """``json.loads(text)`` bounded in containers and depth; ``JsonRefused`` otherwise."""
    if text.count("[") + text.count("{") > MAX_JSON_CONTAINERS:
        raise JsonRefused("more than %d JSON objects and lists, far more than any export "
                          "holds" % MAX_JSON_CONTAINERS)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonRefused("not valid JSON (%s)" % exc.msg, exc.lineno) from None
    except ValueError:  # a number with thousands of digits (int conversion limit)
        raise JsonRefused("JSON holds a number too long to read") from None
    except RecursionError:
        raise JsonRefused("JSON nested too deeply") from None


def load_json(text: str, name: str, fix: str) -> Any:
    """``parse_json`` for a file the user named: ``InputError`` naming it and the fix."""
    try:
        return parse_json(text)
    except JsonRefused as exc:
        where = name if exc.line is None else "%s line %d" % (name, exc.line)
        raise InputError("%s: %s: %s" % (where, exc.reason, fix)) from None
