"""The protocol server under real MicroPython 1.27 and CPython, from one scenario file
(tests/micropython/scenarios/protocol_session.py): a session, hostile input, bounded
memory."""

import json
import random

from support.fuzz_inputs import GENERATORS, long_line
from support.mpy import MICROPYTHON, run_scenario

SEED = 1027
INPUTS = 600

SESSION = [
    {"id": 1, "op": "hello"},
    {"id": 2, "op": "set_time", "time": 1111111109},
    {"id": 3, "op": "add", "issuer": "RFC", "account": "sha1", "digits": 8,
     "secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"},
    {"id": 4, "op": "code", "slot": 0},
    {"id": "v", "op": "verify", "slot": 0, "code": "07081804"},
    {"id": 5, "op": "add", "issuer": "RFC", "account": "sha1",
     "secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"},
    {"id": 6, "op": "add", "issuer": "Ünï\u202e", "account": "\U0001f600", "type": "hotp",
     "secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "counter": 1},
    {"id": 7, "op": "code", "slot": 1},
    {"id": 8, "op": "list"},
    {"id": 9, "op": "code", "slot": 2 ** 70},
    {"id": 10, "op": "move", "slot": 1, "to": 0},
    {"id": 11, "op": "rename", "slot": 0, "issuer": "New", "account": "name"},
    {"id": 12, "op": "delete", "slot": 1},
    {"id": 13, "op": "wipe", "confirm": "S1"},
    {"id": 14, "op": "list"},
]
# MicroPython's json decodes a \\ud83d\\ude00 escape pair as two lone surrogates, not one
# character: the token refuses them (clients send UTF-8), rather than store broken text;
# CPython's json (the simulator) decodes the pair as the one character it stands for
ESCAPED_PAIR = '{"id":15,"op":"add","issuer":"\\ud83d\\ude00","secret":"GEZDGNBV"}'
# MicroPython's json, like CPython's, keeps the last of repeated keys: the token refuses them
REPEATED_KEY = '{"id":16,"op":"hello","op":"delete","slot":0}'



def _inputs():
    rng = random.Random(SEED)
    inputs = []
    for number in range(INPUTS):
        generator = GENERATORS[number % len(GENERATORS)]
        if generator is long_line:
            inputs.append(("long", rng.randrange(1000, 20_000)))
        else:
            inputs.append(("raw", generator(rng).hex()))
    return inputs


def test_the_protocol_server_under_each_interpreter(interpreter):
    given = {"session": [json.dumps(line, ensure_ascii=False) for line in SESSION]
             + [ESCAPED_PAIR, REPEATED_KEY], "inputs": _inputs()}
    outcome = run_scenario("protocol_session", given, interpreter)
    result = outcome.results
    # a request that waited for the press has two answers: "waiting", then the final one
    waited = {answers[0]["id"] for answers in result["session"] if len(answers) == 2}
    answers = {answers[-1]["id"]: answers[-1] for answers in result["session"]}
    assert waited == {4, 7, 10, 11, 12, 13}
    assert answers[1]["protocol"] == 1 and answers[1]["clock_valid"] is False
    assert answers[4]["code"] == "07081804"  # RFC 6238 SHA1 at 1111111109
    assert answers[5]["error"] == "exists"
    assert answers["v"]["match"] is True
    assert answers[7]["code"] == "287082" and answers[7]["counter"] == 1  # RFC 4226
    assert [entry["account"] for entry in answers[8]["accounts"]] == ["sha1", "\U0001f600"]
    assert answers[8]["accounts"][1]["counter"] == 2  # advanced before the code left
    assert answers[9]["error"] == "bad_request"
    assert all(answers[number]["ok"] for number in (10, 11, 12, 13))
    assert answers[14]["accounts"] == []
    if interpreter == MICROPYTHON:
        assert answers[15]["error"] == "bad_account" and "UTF-8" in answers[15]["message"]
    else:  # CPython's json makes the pair one character: a proper label, stored
        assert answers[15]["ok"] is True and answers[15]["slot"] == 0
    assert answers[None]["error"] == "bad_json" and "twice" in answers[None]["message"]
    assert result["lost"] == 0
    # one line buffer, allocated once, never outgrown (this port's gc.collect() frees nothing
    # within a run, so residency cannot be measured here; allocation can)
    assert result["bounded"] is True and result["longest"] < 1024
    if interpreter == MICROPYTHON:
        idle = outcome.heap["idle"]
        assert idle == 0, "an idle poll allocated %d bytes" % idle
    else:  # no count of bytes allocated under CPython
        assert outcome.heap == {"idle": None}
