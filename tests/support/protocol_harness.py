"""Shared harness for the protocol, client and CLI tests (imported by them; holds no tests).

- ``MemoryStream``: the ``usb_cdc.data`` surface the server uses, in memory,
  recording every byte the token sends.
- ``TokenContext``: the context ``Server`` needs, over a real ``Store`` on a
  bytearray and a settable clock.
- ``PtyToken``: a real pseudo-terminal with a thread running ``Server.poll``
  on the master side, so the host client talks to it like to a board.
"""

import fcntl
import json
import os
import select
import struct
import termios
import threading
import time
import tty

from totp.protocol.server import Server
from totp.store import Store

SERIAL = "E66138935F3A1C2B"
NOW = 1_760_000_000  # the clock of the `pty_token` and `direct_token` fixtures
NVM_BYTES = 4096


class MemoryStream:
    """In-memory stand-in for ``usb_cdc.data`` (timeout 0): in_waiting, read, write."""

    def __init__(self):
        self.incoming = bytearray()
        self.sent = bytearray()

    def feed(self, data):
        self.incoming += data

    @property
    def in_waiting(self):
        return len(self.incoming)

    def read(self, count):
        data = bytes(self.incoming[:count])
        del self.incoming[:count]
        return data

    def write(self, data):
        self.sent += data
        return len(data)

    def responses(self):
        """Every complete response line sent so far, decoded, then forgotten."""
        lines = bytes(self.sent).split(b"\n")
        self.sent = bytearray(lines.pop())
        return [json.loads(line) for line in lines]


class SettableClock:
    """The clock seam: ``now()`` is None until ``set()``, like a DS3231 that lost power."""

    def __init__(self, unix=None):
        self.unix = unix

    def now(self):
        return self.unix

    def set(self, unix):
        self.unix = unix


class TokenContext:
    def __init__(self, nvm=None, unix=None, port="rp2040", require_press=True, button="B"):
        self.nvm = bytearray(b"\xff" * NVM_BYTES) if nvm is None else nvm
        self.store = Store(self.nvm, port=port)
        self.clock = SettableClock(unix)
        self.changes = 0
        self.require_press = require_press
        self.button = button  # None: a token with no button wired

    def press_button(self):
        return self.button

    def info(self):
        return {"board": "test_board", "serial": SERIAL, "name": "test-token"}

    def changed(self):
        self.changes += 1


class DirectToken:
    """A Server over a MemoryStream: send request dicts or raw bytes, get responses."""

    def __init__(self, unix=None, context=None, ticks_ms=None):
        self.context = context or TokenContext(unix=unix)
        self.server = Server(self.context, ticks_ms)
        self.stream = MemoryStream()

    def raw(self, data):
        self.stream.feed(data)
        self.drain()
        return self.stream.responses()

    def drain(self):
        """Poll like the app loop does, step after step, until the input is used up."""
        while self.stream.in_waiting:
            self.server.poll(self.stream)

    def ask(self, op, **fields):
        fields["op"] = op
        fields.setdefault("id", 1)
        (response,) = self.raw(json.dumps(fields).encode() + b"\n")
        return response

    def press(self, yes=True):
        """The owner answers the waiting request on the token: the responses that follow."""
        self.server.resolve(yes)
        return self.stream.responses()

    def ask_pressed(self, op, **fields):
        """A request that waits for the press, then the press: its final answer."""
        waiting = self.ask(op, **fields)
        assert waiting.get("waiting") == "press", waiting
        (response,) = self.press()
        assert response["id"] == waiting["id"]
        return response


class _FdStream:
    """The master side of a pty as a non-blocking usb_cdc-like stream."""

    def __init__(self, fd):
        self.fd = fd
        self.sent = bytearray()

    @property
    def in_waiting(self):
        try:
            return struct.unpack("i", fcntl.ioctl(self.fd, termios.FIONREAD, b"\0\0\0\0"))[0]
        except OSError:
            return 0

    def read(self, count):
        try:
            return os.read(self.fd, count)
        except OSError:
            return b""

    def write(self, data):
        self.sent += data
        view = memoryview(data)
        while view:
            select.select([], [self.fd], [], 1.0)
            written = os.write(self.fd, view)
            view = view[written:]
        return len(data)


class PtyToken:
    """A token on a real pseudo-terminal: ``path`` is what the host opens."""

    def __init__(self, unix=None, context=None):
        self.context = context or TokenContext(unix=unix)
        self.server = Server(self.context)
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self.stream = _FdStream(self.master)
        self.lock = threading.Lock()
        self.died = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.close()

    def _run(self):
        try:
            while not self._stop.is_set():
                select.select([self.master], [], [], 0.02)
                with self.lock:
                    self.server.poll(self.stream)
        except BaseException as exc:  # a simulated power cut: the board and its USB vanish
            self.died = exc
            master, self.master = self.master, None
            os.close(master)

    def close(self):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(2)
        for fd in (self.master, self.slave):
            if fd is not None:
                os.close(fd)

    def sent_bytes(self):
        return bytes(self.stream.sent)

    def waiting(self):
        """True while a request waits for the owner's press."""
        return self.server.pending is not None

    def press(self, yes=True):
        with self.lock:
            self.server.resolve(yes)


def wait_until(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False
