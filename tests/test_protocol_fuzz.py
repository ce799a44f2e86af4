"""Fuzz the token's request handler: 10,000 seeded hostile inputs, then a valid request each time.

Inputs mix random bytes, modem probes, long lines, truncated and mutated valid
requests and well-formed requests with wrong types. After every input the
token must still answer a valid request, keep its line buffer bounded, send
only well-formed JSON lines, never send the stored secret, and keep its store whole.
"""

import base64
import json
import random

from support.fuzz_inputs import GENERATORS
from support.protocol_harness import DirectToken

from totp import base32, wire

SEED = 20260101
INPUTS = 10_000
SECRET = bytes(range(1, 21))
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
