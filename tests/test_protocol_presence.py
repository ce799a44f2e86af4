"""Codes and changes leave the token only with the owner's press; `verify` is no code oracle.

The server called directly (``DirectToken``): the press is ``server.resolve``, the
window's clock a fake ``ticks_ms`` the tests move.
"""

import json

import pytest
from support import otp_reference as reference
from support.protocol_harness import SERIAL, DirectToken, TokenContext
from totp_token.sim.chips.nvm import PowerCut, for_port

from totp import wire
from totp.base32 import decode
from totp.store import Store

NOW = 1_760_000_000
SECRET = "JBSWY3DPEHPK3PXP"
ACME = {"issuer": "ACME", "account": "bob", "secret": SECRET}
BANK = {"issuer": "Bank", "account": "bob", "type": "hotp", "secret": SECRET, "counter": 5}


class Ticks:
    """A ``ticks_ms`` the test moves on."""

    def __init__(self):
        self.ms = 1000

    def __call__(self):
        return self.ms


@pytest.fixture
def ticks():
    return Ticks()


@pytest.fixture
def acme_token(ticks):
    """A token whose slot 0 holds ACME, its presence window timed by ``ticks``."""
    token = DirectToken(unix=NOW, ticks_ms=ticks)
    assert token.ask("add", **ACME)["ok"]
    return token


def _codes_of(secret, around, steps=3):
    return {reference.totp(decode(secret), around + offset * 30) for offset in range(-steps,
                                                                                     steps + 1)}


def test_a_code_waits_for_the_press_and_says_for_which_account(acme_token):
    waiting = acme_token.ask("code", slot=0, id=7)
    assert waiting == {"id": 7, "ok": True, "waiting": "press", "action": "code",
                       "label": "ACME:bob", "button": "B", "seconds": wire.PRESS_WINDOW_S}
    (answer,) = acme_token.press()
    assert answer["id"] == 7 and answer["code"] == reference.totp(decode(SECRET), NOW)


def test_another_button_refuses_and_no_code_leaves(acme_token):
    acme_token.ask("code", slot=0)
    (answer,) = acme_token.press(yes=False)
    assert answer["ok"] is False and answer["error"] == wire.ERR_NO_PRESS
    assert not any(code.encode() in acme_token.stream.sent + bytes(json.dumps(answer), "utf-8")
                   for code in _codes_of(SECRET, NOW))


def test_the_window_closes_after_its_seconds(acme_token, ticks):
    acme_token.ask("code", slot=0)
    ticks.ms += wire.PRESS_WINDOW_S * 1000 - 1
    assert acme_token.raw(b"") == [] and acme_token.server.pending is not None
    ticks.ms += 1
    acme_token.server.poll(acme_token.stream)
    (answer,) = acme_token.stream.responses()
    assert answer["error"] == wire.ERR_NO_PRESS and "within 15 s" in answer["message"]
    assert acme_token.press() == []  # a late press answers nothing


def test_while_one_request_waits_reads_answer_and_everything_else_is_busy(acme_token):
    acme_token.ask("delete", slot=0)
    assert acme_token.ask("hello")["accounts"] == 1
    assert acme_token.ask("list")["total"] == 1
    for op, fields in (("code", {"slot": 0}), ("delete", {"slot": 0}),
                       ("add", dict(ACME, issuer="Other")), ("set_time", {"time": NOW})):
        assert acme_token.ask(op, **fields)["error"] == wire.ERR_BUSY
    (deleted,) = acme_token.press()
    assert deleted["ok"] and acme_token.ask("hello")["accounts"] == 0


def test_a_press_begun_for_one_request_cannot_answer_a_swapped_one(acme_token):
    acme_token.ask("code", slot=0, id=1)
    refused = acme_token.ask("wipe", confirm=SERIAL, id=2)  # malware trying to swap the question
    assert refused["error"] == wire.ERR_BUSY
    (answer,) = acme_token.press()
    assert answer["id"] == 1 and "code" in answer
    assert acme_token.ask("hello")["accounts"] == 1


@pytest.mark.parametrize("at", [0, NOW - 30, NOW, NOW + 30, 4102444799])
def test_a_time_from_the_host_is_refused(acme_token, at):
    answer = acme_token.ask("code", slot=0, time=at)
    assert answer["error"] == wire.ERR_BAD_REQUEST and acme_token.server.pending is None


def test_without_a_clock_a_totp_code_is_refused_before_asking_for_the_press(acme_token):
    acme_token.context.clock.unix = None
    assert acme_token.ask("code", slot=0)["error"] == wire.ERR_CLOCK
    assert acme_token.server.pending is None


def test_the_setting_off_lets_codes_out_at_once_but_changes_still_wait():
    token = DirectToken(context=TokenContext(unix=NOW, require_press=False))
    token.ask("add", **ACME)
    assert token.ask("code", slot=0)["code"] == reference.totp(decode(SECRET), NOW)
    assert token.ask("delete", slot=0)["waiting"] == "press"
    assert token.ask("hello")["press_codes"] is False


def test_a_token_without_a_button_gives_no_code_and_makes_no_change():
    token = DirectToken(context=TokenContext(unix=NOW, button=None))
    token.ask("add", **ACME)
    for op, fields in (("code", {"slot": 0}), ("delete", {"slot": 0}),
                       ("wipe", {"confirm": SERIAL})):
        answer = token.ask(op, **fields)
        assert answer["error"] == wire.ERR_NO_PRESS and "no button" in answer["message"]
    assert token.ask("hello")["accounts"] == 1


@pytest.mark.parametrize(("op", "fields"), [
    ("delete", {"slot": 0}), ("wipe", {"confirm": SERIAL}), ("move", {"slot": 0, "to": 1}),
    ("rename", {"slot": 0, "issuer": "X"}), ("add", dict(ACME, replace=True, digits=8))])
def test_every_destructive_change_waits_and_a_refusal_changes_nothing(acme_token, op, fields):
    acme_token.ask("add", **dict(ACME, account="second"))
    before = bytes(acme_token.context.nvm)
    waiting = acme_token.ask(op, **fields)
    assert waiting["waiting"] == "press" and bytes(acme_token.context.nvm) == before
    (refused,) = acme_token.press(yes=False)
    assert refused["error"] == wire.ERR_NO_PRESS and bytes(acme_token.context.nvm) == before
    acme_token.ask(op, **fields)
    (done,) = acme_token.press()
    assert done["ok"] and bytes(acme_token.context.nvm) != before


def test_adding_a_new_account_needs_no_press(acme_token):
    assert acme_token.ask("add", **dict(ACME, issuer="New"))["slot"] == 1


# -- HOTP ---------------------------------------------------------------------------------

def test_an_hotp_code_by_wire_uses_up_its_counter_before_it_leaves(acme_token):
    acme_token.ask("add", **BANK)
    answer = acme_token.ask_pressed("code", slot=1)
    assert answer["code"] == reference.hotp(decode(SECRET), 5) and answer["counter"] == 5
    assert acme_token.ask("list")["accounts"][1]["counter"] == 6
    assert acme_token.context.changes >= 2  # the screen reloads the counter it would type next


def _hotp_token(nvm, port):
    return DirectToken(context=TokenContext(nvm=nvm, unix=NOW, port=port))


def _cut_points(steps):
    if steps <= 64:
        return list(range(steps))
    return sorted(set(range(0, steps, steps // 40)) | {1, 2, steps - 2, steps - 1})


@pytest.mark.parametrize("port", ["rp2040", "nrf52840", "esp32"])
def test_a_power_cut_while_an_hotp_code_leaves_never_lets_a_code_out_twice(port):
    measure = for_port(port)
    token = _hotp_token(measure, port)
    token.ask("add", **BANK)
    before = measure.steps
    token.ask_pressed("code", slot=0)
    steps = measure.steps - before
    for cut in _cut_points(steps):
        nvm = for_port(port)
        token = _hotp_token(nvm, port)
        token.ask("add", **BANK)
        given = [token.ask_pressed("code", slot=0)["code"]]
        token.ask("code", slot=0)
        nvm.arm_power_cut(cut)
        sent = len(token.stream.sent)
        with pytest.raises(PowerCut):
            token.press()
        assert len(token.stream.sent) == sent, "something left the token before the cut"
        nvm.disarm()
        rebooted = _hotp_token(nvm, port)
        assert Store(nvm, port=port).problem is None
        given += [rebooted.ask_pressed("code", slot=0)["code"] for _ in range(3)]
        assert len(set(given)) == len(given), "cut at step %d of %d gave %r" % (cut, steps, given)


# -- verify ---------------------------------------------------------------------------------

def test_verify_answers_match_or_not_for_a_new_account_only(acme_token):
    code = reference.totp(decode(SECRET), NOW)
    wrong = "%06d" % ((int(code) + 1) % 10 ** 6)
    assert acme_token.ask("verify", slot=0, code=wrong) == {"id": 1, "ok": True, "slot": 0,
                                                       "match": False}
    assert acme_token.ask("verify", slot=0, code=code)["match"] is True
    # a match ends the check: nothing more to learn from this account
    assert acme_token.ask("verify", slot=0, code=code)["error"] == wire.ERR_NO_VERIFY


def test_verify_takes_the_hosts_time_so_a_token_without_a_clock_can_be_checked(acme_token):
    acme_token.context.clock.unix = None
    acme_token.ask("add", **dict(ACME, issuer="Clockless"))
    code = reference.totp(decode(SECRET), NOW + 31)
    assert acme_token.ask("verify", slot=1, code=code, time=NOW + 31)["match"] is True


def test_verify_allows_a_few_tries_then_refuses(acme_token):
    for _ in range(wire.VERIFY_TRIES):
        assert acme_token.ask("verify", slot=0, code="000000")["ok"]
    refused = acme_token.ask("verify", slot=0, code=reference.totp(decode(SECRET), NOW))
    assert refused["error"] == wire.ERR_NO_VERIFY and "code" not in refused


def test_verify_closes_minutes_after_the_add(acme_token, ticks):
    ticks.ms += wire.VERIFY_WINDOW_S * 1000 + 1
    answer = acme_token.ask("verify", slot=0, code=reference.totp(decode(SECRET), NOW))
    assert answer["error"] == wire.ERR_NO_VERIFY


def test_verify_never_checks_an_account_stored_before_this_session(acme_token):
    rebooted = DirectToken(context=TokenContext(nvm=acme_token.context.nvm, unix=NOW))
    answer = rebooted.ask("verify", slot=0, code=reference.totp(decode(SECRET), NOW))
    assert answer["error"] == wire.ERR_NO_VERIFY


def test_verify_of_an_hotp_account_does_not_advance_it(acme_token):
    acme_token.ask("add", **BANK)
    assert acme_token.ask("verify", slot=1, code=reference.hotp(decode(SECRET), 5))["match"]
    assert acme_token.ask("list")["accounts"][1]["counter"] == 5


# -- the protocol findings of issue 10 ------------------------------------------------------

MARKER = "QQMARKERQQ"


@pytest.mark.parametrize("fields", [
    {"type": MARKER}, {"algorithm": MARKER}, {"type": "steam", "algorithm": "SHA256"},
    {"secret": MARKER + "1"}, {"secret": "A" * 300}, {"digits": 11}, {"period": 0},
    {"issuer": MARKER * 7}, {"issuer": MARKER + "\n"}, {"counter": -1}])
def test_token_errors_never_quote_a_request_field(acme_token, fields):
    request = dict(ACME, issuer="Q", **{key: value for key, value in fields.items()
                                        if key != "issuer"})
    if "issuer" in fields:
        request["issuer"] = fields["issuer"]
    answer = acme_token.ask("add", **request)
    assert answer["ok"] is False and answer["message"]
    text = json.dumps(answer)
    for value in request.values():
        if isinstance(value, str) and len(value) > 3 and value not in ("ACME", "totp"):
            assert value not in text and value.rstrip("1") not in text, answer


@pytest.mark.parametrize("line", [
    b'{"id":1,"op":"hello","op":"delete","slot":0}',
    b'{"id":1,"op":"hello","\\u006fp":"delete","slot":0}',
    b'{"id":1,"op":"delete","slot":5,"slot":0}'])
def test_a_repeated_key_is_refused_and_changes_nothing(acme_token, line):
    before = bytes(acme_token.context.nvm)
    (answer,) = acme_token.raw(line + b"\n")
    assert answer["error"] == wire.ERR_BAD_JSON and "twice" in answer["message"]
    assert acme_token.server.pending is None and bytes(acme_token.context.nvm) == before


def test_rename_changes_only_the_fields_given(acme_token):
    assert acme_token.ask_pressed("rename", slot=0, issuer="NewCo")["ok"]
    assert acme_token.ask_pressed("rename", slot=0, account="alice")["ok"]
    (entry,) = acme_token.ask("list")["accounts"]
    assert (entry["issuer"], entry["account"]) == ("NewCo", "alice")
