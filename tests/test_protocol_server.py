"""The token side of the wire protocol, called directly: requests in, responses out."""

import json

import pytest
from support import otp_reference as reference
from support.otp_vectors import VECTORS
from support.protocol_harness import NOW, SERIAL, DirectToken

from totp import VERSION, wire
from totp.base32 import decode

SECRET = "JBSWY3DPEHPK3PXP"
ACME = {"issuer": "ACME", "account": "bob@example.com", "secret": SECRET, "digits": 8,
        "algorithm": "SHA256", "period": 60}


def test_hello_reports_versions_board_capacity_clock_and_storage(direct_token):
    direct_token.ask("add", **ACME)
    hello = direct_token.ask("hello", id="h")
    assert hello["ok"] is True and hello["id"] == "h"
    assert hello["protocol"] == wire.PROTOCOL_VERSION
    assert hello["firmware"] == VERSION
    assert hello["board"] == "test_board" and hello["serial"] == SERIAL
    assert hello["accounts"] == 1 and hello["max_accounts"] > 20
    assert 0 < hello["used_bytes"] <= hello["total_bytes"]
    assert hello["clock_valid"] is True and hello["time"] == NOW
    assert hello["storage_ok"] is True and hello["storage_problem"] is None
    assert hello["max_line"] == wire.MAX_REQUEST_LINE


def test_hello_with_clock_not_set():
    hello = DirectToken(unix=None).ask("hello")
    assert hello["clock_valid"] is False and hello["time"] is None


def _vector_cases():
    cases = []
    for vector in VECTORS["totp"]:
        cases.append(pytest.param(
            {"type": "totp", "secret": vector["secret_base32"], "algorithm": vector["algorithm"],
             "digits": vector["digits"], "period": vector["period"]},
            vector["time"], vector["code"],
            id="totp-%s-%d" % (vector["algorithm"], vector["time"])))
    for vector in VECTORS["hotp"][:3]:
        cases.append(pytest.param(
            {"type": "hotp", "secret": vector["secret_base32"], "algorithm": vector["algorithm"],
             "digits": vector["digits"], "counter": vector["counter"]},
            0, vector["code"], id="hotp-%d" % vector["counter"]))
    for vector in VECTORS["steam"]:
        cases.append(pytest.param(
            {"type": "steam", "secret": vector["secret_base32"], "period": vector["period"]},
            vector["time"], vector["code"], id="steam-%d" % vector["time"]))
    return cases


@pytest.mark.parametrize(("fields", "at", "expected"), _vector_cases())
def test_code_at_the_token_clock_matches_published_answers(direct_token, fields, at, expected):
    added = direct_token.ask("add", issuer="Vec", account="x", **fields)
    assert added["ok"], added
    direct_token.context.clock.unix = at
    answer = direct_token.ask_pressed("code", slot=added["slot"])
    assert answer["code"] == expected


def test_code_uses_the_token_clock_after_the_press(direct_token):
    direct_token.ask("add", **ACME)
    now = direct_token.ask_pressed("code", slot=0)
    assert now["code"] == reference.totp(decode(SECRET), NOW, 8, 60, "SHA256")
    assert now["time"] == NOW
    assert now["seconds_left"] == 60 - NOW % 60
    assert (now["issuer"], now["account"]) == ("ACME", "bob@example.com")


def test_an_hotp_code_over_the_wire_advances_the_stored_counter_first(direct_token):
    direct_token.ask("add", issuer="H", account="h", type="hotp", secret=SECRET, counter=7)
    first = direct_token.ask_pressed("code", slot=0)
    second = direct_token.ask_pressed("code", slot=0)
    assert first["code"] == reference.hotp(decode(SECRET), 7) and first["counter"] == 7
    assert second["code"] == reference.hotp(decode(SECRET), 8) and second["counter"] == 8
    assert direct_token.ask("list")["accounts"][0]["counter"] == 9


def test_list_pages_public_fields_only(direct_token):
    for number in range(wire.LIST_PAGE + 2):
        assert direct_token.ask("add", issuer="I%d" % number, account="a", secret=SECRET)["ok"]
    first = direct_token.ask("list")
    assert first["total"] == wire.LIST_PAGE + 2 and first["next"] == wire.LIST_PAGE
    second = direct_token.ask("list", start=first["next"])
    assert second["next"] is None
    entries = first["accounts"] + second["accounts"]
    assert [entry["slot"] for entry in entries] == list(range(wire.LIST_PAGE + 2))
    assert set(entries[0]) == {"slot", "issuer", "account", "type", "algorithm", "digits",
                               "period", "counter"}


def test_same_issuer_and_name_refused_unless_replace(direct_token):
    direct_token.ask("add", **ACME)
    clash = dict(ACME, issuer="acme", digits=6)
    refused = direct_token.ask("add", **clash)
    assert (refused["ok"], refused["error"], refused["slot"]) == (False, wire.ERR_EXISTS, 0)
    assert direct_token.ask("list")["accounts"][0]["digits"] == 8
    replaced = direct_token.ask_pressed("add", replace=True, **clash)
    assert replaced["replaced"] is True and replaced["slot"] == 0
    entries = direct_token.ask("list")["accounts"]
    assert len(entries) == 1 and entries[0]["digits"] == 6


def test_storage_full_is_an_error_with_numbers_and_keeps_what_is_stored(direct_token):
    count = 0
    while True:
        answer = direct_token.ask("add", issuer="Filler%03d" % count, account="x" * 60,
                           secret="A" * 200)
        if not answer["ok"]:
            break
        count += 1
        assert count < 1000, "the store never filled"
    assert answer["error"] == wire.ERR_FULL
    assert answer["needed"] > answer["free"] >= 0
    assert 0 < answer["used_bytes"] <= answer["total_bytes"]
    assert direct_token.ask("hello")["accounts"] == count
    assert direct_token.ask_pressed("code", slot=count - 1)["ok"]


def test_rename_move_delete_and_wipe(direct_token):
    for name in ("a", "b", "c"):
        direct_token.ask("add", issuer="I", account=name, secret=SECRET)
    assert direct_token.ask_pressed("rename", slot=0, issuer="New", account="name")["ok"]
    assert direct_token.ask_pressed("move", slot=0, to=2)["ok"]
    names = [entry["account"] for entry in direct_token.ask("list")["accounts"]]
    assert names == ["b", "c", "name"]
    assert direct_token.ask_pressed("delete", slot=1)["ok"]
    assert [entry["account"] for entry in direct_token.ask("list")["accounts"]] == ["b", "name"]
    refused = direct_token.ask("wipe", confirm="not-the-serial")
    assert refused["error"] == wire.ERR_CONFIRM
    assert direct_token.ask("hello")["accounts"] == 2
    assert direct_token.ask_pressed("wipe", confirm=SERIAL)["ok"]
    assert direct_token.ask("list")["accounts"] == []
    assert direct_token.context.changes == 7  # 3 adds, rename, move, delete, wipe; not the refusal


def test_set_time_sets_the_clock_and_makes_it_valid():
    token = DirectToken(unix=None)
    assert token.ask("code", slot=0)["error"] == wire.ERR_NO_SLOT
    token.ask("add", **ACME)
    assert token.ask("code", slot=0)["error"] == wire.ERR_CLOCK
    assert token.ask("set_time", time=NOW)["time"] == NOW
    assert token.ask("time") == {"id": 1, "ok": True, "time": NOW, "clock_valid": True}
    assert token.ask("code", slot=0)["waiting"] == "press"


@pytest.mark.parametrize(("request_fields", "error"), [
    ({"op": "frobnicate"}, wire.ERR_UNKNOWN_OP),
    ({"op": 7}, wire.ERR_UNKNOWN_OP),
    ({}, wire.ERR_UNKNOWN_OP),
    ({"op": "code"}, wire.ERR_BAD_REQUEST),
    ({"op": "code", "slot": "0"}, wire.ERR_BAD_REQUEST),
    ({"op": "code", "slot": True}, wire.ERR_BAD_REQUEST),
    ({"op": "code", "slot": 0.0}, wire.ERR_BAD_REQUEST),
    ({"op": "code", "slot": -1}, wire.ERR_BAD_REQUEST),
    ({"op": "code", "slot": 1}, wire.ERR_NO_SLOT),
    ({"op": "code", "slot": 10 ** 40}, wire.ERR_BAD_REQUEST),
    ({"op": "code", "slot": 0, "time": -5}, wire.ERR_BAD_REQUEST),
    ({"op": "code", "slot": 0, "time": 1e300}, wire.ERR_BAD_REQUEST),
    ({"op": "code", "slot": 0, "time": 2 ** 64}, wire.ERR_BAD_REQUEST),
    ({"op": "list", "start": None}, wire.ERR_BAD_REQUEST),
    ({"op": "add", "issuer": "X"}, wire.ERR_BAD_REQUEST),
    ({"op": "add", "issuer": "X", "secret": "not base32!"}, wire.ERR_BAD_ACCOUNT),
    ({"op": "add", "issuer": "X", "secret": ""}, wire.ERR_BAD_ACCOUNT),
    ({"op": "add", "issuer": "X", "secret": SECRET, "algorithm": "MD5"}, wire.ERR_BAD_ACCOUNT),
    ({"op": "add", "issuer": "X", "secret": SECRET, "digits": 11}, wire.ERR_BAD_ACCOUNT),
    ({"op": "add", "issuer": "X", "secret": SECRET, "digits": "6"}, wire.ERR_BAD_REQUEST),
    ({"op": "add", "issuer": "X", "secret": SECRET, "type": "motp"}, wire.ERR_BAD_ACCOUNT),
    ({"op": "add", "issuer": "X", "secret": SECRET, "period": 0}, wire.ERR_BAD_REQUEST),
    ({"op": "add", "issuer": "X", "secret": SECRET, "replace": "yes"}, wire.ERR_BAD_REQUEST),
    ({"op": "add", "issuer": "X" * 65, "secret": SECRET}, wire.ERR_BAD_ACCOUNT),
    ({"op": "add", "issuer": "a\nb", "secret": SECRET}, wire.ERR_BAD_ACCOUNT),
    ({"op": "add", "issuer": "\ud800", "secret": SECRET}, wire.ERR_BAD_ACCOUNT),
    ({"op": "add", "issuer": ["X"], "secret": SECRET}, wire.ERR_BAD_REQUEST),
    ({"op": "rename", "slot": 0}, wire.ERR_BAD_REQUEST),
    ({"op": "rename", "slot": 0, "issuer": "", "account": ""}, wire.ERR_BAD_ACCOUNT),
    ({"op": "code", "slot": 0, "time": NOW}, wire.ERR_BAD_REQUEST),
    ({"op": "rename", "slot": 0, "issuer": "é" * 33}, wire.ERR_BAD_ACCOUNT),
    ({"op": "move", "slot": 0, "to": 1}, wire.ERR_NO_SLOT),
    ({"op": "set_time", "time": 5}, wire.ERR_BAD_REQUEST),
    ({"op": "set_time", "time": "now"}, wire.ERR_BAD_REQUEST),
    ({"op": "wipe"}, wire.ERR_CONFIRM),
    ({"op": "hello", "id": [1]}, wire.ERR_BAD_REQUEST),
    ({"op": "hello", "id": "x" * 33}, wire.ERR_BAD_REQUEST),
    ({"op": "hello", "id": 2 ** 60}, wire.ERR_BAD_REQUEST),
])
def test_bad_requests_get_a_named_error_and_change_nothing(direct_token, request_fields, error):
    direct_token.ask("add", **ACME)
    before = bytes(direct_token.context.nvm)
    request_fields.setdefault("id", 5)
    (answer,) = direct_token.raw(json.dumps(request_fields).encode() + b"\n")
    assert answer["ok"] is False and answer["error"] == error
    assert answer["message"]
    assert bytes(direct_token.context.nvm) == before
    assert direct_token.ask("hello")["ok"]


def test_odd_unicode_names_round_trip(direct_token):
    names = ["Ünïcødé", "日本語", "emoji \U0001f600", "\u202eRTL", "zero\u200bwidth"]
    for name in names:
        assert direct_token.ask("add", issuer="U", account=name, secret=SECRET)["ok"]
    listed = [entry["account"] for entry in direct_token.ask("list", start=0)["accounts"]]
    assert listed == names[:wire.LIST_PAGE]


def test_responses_fit_the_response_line_even_with_worst_case_names(direct_token):
    # the longest escapes: 2-byte UTF-8 becomes 6-byte \uXXXX, quotes and backslashes double
    for number in range(wire.LIST_PAGE):
        added = direct_token.ask("add", issuer="é" * 31 + str(number), account='"\\' * 32,
                                 secret=SECRET)
        assert added["ok"]
    direct_token.stream.sent.clear()
    direct_token.ask("list")
    assert len(direct_token.stream.sent) <= wire.MAX_RESPONSE_LINE


@pytest.mark.parametrize("refusal", [
    ValueError("the DS3231 holds years 2026 to 2099, not 2025"),
    OSError("no clock chip found (I2C 0x68 absent): check the DS3231 wiring"),
])
def test_a_clock_that_refuses_the_time_is_a_clock_error_in_its_own_words(direct_token, refusal):
    def refuse(unix):
        raise refusal

    direct_token.context.clock.set = refuse
    answer = direct_token.ask("set_time", time=NOW)
    assert answer["error"] == wire.ERR_CLOCK and str(refusal) in answer["message"]
    assert direct_token.ask("time")["time"] == NOW
