"""Fuzz the token's request handler: 10,000 seeded hostile inputs, then a valid request each time.

Inputs mix random bytes, modem probes, long lines, truncated and mutated valid
requests and well-formed requests with wrong types. After every input the
token must still answer a valid request, keep its line buffer bounded, send
only well-formed JSON lines, never send the stored secret, and keep its store whole.
"""

import base64
import json
import random

from test_protocol_harness import DirectToken

from totp import base32, wire

SEED = 20260101
INPUTS = 10_000
SECRET = bytes(range(1, 21))
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


def _long_line(rng):
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


GENERATORS = (_random_bytes, _probe, _long_line, _mutated, _wrong_types, _truncated)


def test_ten_thousand_hostile_inputs_never_break_the_token():
    rng = random.Random(SEED)
    token = DirectToken(unix=1_700_000_000)
    kept = token.ask("add", issuer="Kept", account="first",
                     secret=base32.encode(SECRET))
    assert kept["ok"]
    forms = [SECRET, SECRET.hex().encode(), SECRET.hex().upper().encode(),
             base32.encode(SECRET).encode(), base64.b64encode(SECRET)]
    for number in range(INPUTS):
        garbage = GENERATORS[number % len(GENERATORS)](rng)
        token.stream.feed(garbage)
        token.drain()
        if token.server.pending is not None:
            token.server.resolve(False)  # the owner refuses what the garbage asked for
        assert token.server.reader.pending < wire.MAX_REQUEST_LINE
        # the valid request a client sends: newline first, to end any half line
        token.stream.feed(b'\n{"id":"probe%d","op":"time"}\n' % number)
        token.drain()
        sent = bytes(token.stream.sent)
        assert not any(form in sent for form in forms)
        responses = token.stream.responses()
        assert all(len(json.dumps(response)) <= wire.MAX_RESPONSE_LINE for response in responses)
        assert responses[-1] == {"id": "probe%d" % number, "ok": True,
                                 "time": token.context.clock.unix, "clock_valid": True}
    # fuzzed requests may validly add (changes wait for a press): the store stays whole
    hello = token.ask("hello")
    assert hello["storage_ok"] is True
    for slot in range(hello["accounts"]):
        assert token.ask_pressed("code", slot=slot)["ok"]
