"""Seeded hostile inputs for the protocol fuzz tests: random bytes, modem probes, long lines,
mutated and truncated valid requests, well-formed requests with wrong types.

Each generator takes a ``random.Random`` and returns the bytes to feed the token.
"""

import json

from totp import wire

OPS = ("hello", "list", "code", "add", "delete", "rename", "move", "time", "set_time", "wipe",
       "HELLO", "", "code\x00", "\u00e9")
ODD_VALUES = (None, True, False, 0, -1, 1, 2 ** 31, 2 ** 64, -(2 ** 63), 10 ** 400, 1.5, 1e308,
              "", "0", "x" * 300, "\u202e", "\U0001f600", [], {}, [1, [2, [3]]], {"a": None})
VALID = (
    {"op": "hello"}, {"op": "list", "start": 0}, {"op": "code", "slot": 0, "time": 59},
    {"op": "add", "issuer": "F", "account": "z", "secret": "JBSWY3DPEHPK3PXP"},
    {"op": "rename", "slot": 0, "issuer": "I", "account": "a"}, {"op": "time"},
)


def _random_bytes(rng):
    return bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 200)))


def _probe(rng):
    return rng.choice((b"AT\r", b"ATZ\r\n", b"AT+CGMI\r", b"+++", b"\x1b[A", b"\x03\x04"))


def long_line(rng):
    return b"{" + b"\"" * rng.randrange(wire.MAX_REQUEST_LINE - 10, 70_000) + b"\n"


def _mutated(rng):
    line = bytearray(json.dumps(rng.choice(VALID)).encode())
    for _ in range(rng.randrange(1, 5)):
        position = rng.randrange(len(line))
        action = rng.randrange(3)
        if action == 0:
            line[position] = rng.getrandbits(8)
        elif action == 1:
            del line[position]
        else:
            line.insert(position, rng.choice(b'{}[]":,\\0e-'))
    return bytes(line) + rng.choice((b"\n", b"", b"\r"))


def _wrong_types(rng):
    request = {"id": rng.choice((1, "s", None) + ODD_VALUES), "op": rng.choice(OPS)}
    for key in rng.sample(("slot", "to", "time", "start", "issuer", "account", "secret",
                           "digits", "period", "counter", "type", "algorithm", "replace",
                           "confirm"), rng.randrange(0, 5)):
        request[key] = rng.choice(ODD_VALUES)
    return json.dumps(request).encode() + b"\n"


def _truncated(rng):
    line = json.dumps(rng.choice(VALID)).encode()
    return line[:rng.randrange(len(line))]


GENERATORS = (_random_bytes, _probe, long_line, _mutated, _wrong_types, _truncated)
