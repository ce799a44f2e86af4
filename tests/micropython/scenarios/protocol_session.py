"""The protocol server: a session of requests (each press granted), then hostile input
(each press refused) with a time request after every piece to prove the link still
works, then idle polls.

Inputs: ``session`` (request lines, text), ``inputs`` ([["raw", hex] or ["long", length
of a "{xxx..." line], ...]). Results: ``session`` (the answers to each request),
``lost`` (time requests not answered after hostile input), ``bounded`` (the line buffer
is the one allocated at start, never outgrown), ``longest`` (the most bytes the reader
held), ``accounts``. Heap (MicroPython only): ``idle``, bytes 1000 idle polls allocated.
"""

import gc
import json
from binascii import unhexlify

from scenario import emit, inputs, mem_alloc

from totp import wire
from totp.protocol.server import Server
from totp.store import Store


class Stream:
    def __init__(self):
        self.incoming = b""
        self.sent = []

    @property
    def in_waiting(self):
        return len(self.incoming)

    def read(self, n):
        data = self.incoming[:n]
        self.incoming = self.incoming[n:]
        return data

    def write(self, data):
        self.sent.append(data)
        return len(data)


class Clock:
    def __init__(self):
        self.unix = None

    def now(self):
        return self.unix

    def set(self, unix):
        self.unix = unix


class Context:
    def __init__(self):
        self.store = Store(bytearray(b"\xff" * 4096))
        self.clock = Clock()

    def info(self):
        return {"board": "mpy", "serial": "S1"}

    def changed(self):
        pass

    def press_button(self):
        return "B"


given = inputs()
server = Server(Context())
stream = Stream()


def drain():
    while stream.in_waiting:
        server.poll(stream)


def ask(line, press=True):
    stream.incoming += line + b"\n"
    drain()
    if press and server.pending is not None:
        server.resolve(True)  # the owner presses the type button
    answers = [json.loads(part) for chunk in stream.sent for part in chunk.split(b"\n") if part]
    stream.sent = []
    return answers


session = [ask(line.encode()) for line in given["session"]]

lost = 0
buffer = server.reader._line
longest = 0
for kind, value in given["inputs"]:
    stream.incoming += unhexlify(value) if kind == "raw" else b"{" + b"x" * value + b"\n"
    drain()
    if server.pending is not None:
        server.resolve(False)  # the owner refuses whatever the garbage asked for
    stream.sent = []
    longest = max(longest, server.reader.pending)
    answer = ask(b'\n{"id":"p","op":"time"}', press=False)
    if not answer or answer[-1].get("id") != "p" or not answer[-1].get("ok"):
        lost += 1
bounded = server.reader._line is buffer and len(buffer) == wire.MAX_REQUEST_LINE



def idle_polls(count):
    """Bytes ``count`` polls of an idle link allocate (in a function: a new global name
    would count the module's dict growing)."""
    idle = Stream()
    server.poll(idle)
    gc.collect()
    start = mem_alloc()
    for _ in range(count):
        server.poll(idle)
    return mem_alloc() - start


emit({"session": session, "lost": lost, "bounded": bounded, "longest": longest,
      "accounts": len(server.context.store)}, {"idle": idle_polls(1000)})
