"""Bytes from the data port into bounded request lines. Portable.

``LineReader`` keeps at most one line in a buffer allocated once; ``\\r`` and
``\\n`` both end a line (modem probes send ``AT\\r``), and a line that outgrows
the buffer is dropped as it arrives, never stored.
"""

from totp import wire


class LineReader:
    def __init__(self, limit=wire.MAX_REQUEST_LINE):
        self._line = bytearray(limit)
        self._limit = limit
        self._length = 0
        self._overflow = False

    @property
    def pending(self):
        """Bytes of an unfinished line held now (always below the limit)."""
        return self._length

    def feed(self, chunk, on_line):
        """Cut ``chunk`` into lines: ``on_line(bytes)`` per complete non-empty line,
        ``on_line(None)`` per line dropped for being too long."""
        start = 0
        size = len(chunk)
        while start < size:
            end = chunk.find(b"\n", start)
            cr = chunk.find(b"\r", start)
            if end < 0 or 0 <= cr < end:
                end = cr
            if end < 0:
                self._append(chunk, start, size)
                return
            self._append(chunk, start, end)
            self._end_line(on_line)
            start = end + 1

    def _append(self, chunk, start, end):
        if self._overflow or start == end:
            return
        count = end - start
        # the terminator must fit too: a line of `limit` bytes is too long
        if self._length + count >= self._limit:
            self._overflow = True
            self._length = 0
            return
        self._line[self._length:self._length + count] = chunk[start:end]
        self._length += count

    def _end_line(self, on_line):
        if self._overflow:
            self._overflow = False
            on_line(None)
        elif self._length:
            line = bytes(self._line[:self._length])
            self._length = 0
            on_line(line)
