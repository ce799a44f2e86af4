"""The literal firmware on the simulator, attacked as a program on the laptop would, and used
as its owner would: codes and destructive changes leave only with a press on the token.
"""

import re
import time

import pytest
import serial
from support.presence import call_pressing_sim, sim_asks
from totp_token.cli import main
from totp_token.sim.frontends.screen_text import read_screen

from totp import wire
from totp.base32 import decode
from totp.otp import OTP

NOW = 1_800_000_010
SECRETS = {"GitHub": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "ACME": "JBSWY3DPEHPK3PXP",
           "Bank": "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"}
ACCOUNTS = [
    "otpauth://totp/GitHub:alice?secret=%s&issuer=GitHub" % SECRETS["GitHub"],
    "otpauth://totp/ACME:bob?secret=%s&issuer=ACME&algorithm=SHA256&digits=8&period=60"
    % SECRETS["ACME"],
    "otpauth://hotp/Bank:carol?secret=%s&issuer=Bank&counter=3" % SECRETS["Bank"],
]
DAY = 86400
HOTP_AHEAD = 2000  # HOTP counter values searched past the stored one


def _every_code():
    """Every code of the stored accounts from a day before to a week after NOW."""
    codes = set()
    github = OTP(decode(SECRETS["GitHub"]))
    acme = OTP(decode(SECRETS["ACME"]), algorithm="SHA256", digits=8, period=60)
    for generator, period in ((github, 30), (acme, 60)):
        for step in range((NOW - DAY) // period, (NOW + 7 * DAY) // period + 2):
            codes.add(generator.hotp(step))
    bank = OTP(decode(SECRETS["Bank"]))
    codes.update(bank.hotp(counter) for counter in range(HOTP_AHEAD))
    return codes


class Malware:
    """A program on the laptop with the token's port open, reading every byte it sends."""

    def __init__(self, path):
        self.port = serial.Serial(path, timeout=0.05)
        self.received = bytearray()

    def send(self, line):
        self.port.write(b"\n" + line.encode() + b"\n")

    def read(self, seconds=0.4):
        """Everything received so far (this call's bytes appended)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.received += self.port.read(4096)
        return self.received

    def close(self):
        self.port.close()


def _screen(sim):
    return read_screen(sim.screen_rows())


def test_no_press_no_code_for_any_time_and_no_change(running_sim):
    sim = running_sim(accounts=ACCOUNTS, now=NOW)
    serial_number = main_hello(sim)["serial"]
    malware = Malware(sim.serial_path)
    try:
        for slot in range(3):
            malware.send('{"id":%d,"op":"code","slot":%d}' % (slot, slot))
            malware.read()
            assert sim_asks(sim)
            # everything else is refused while the token asks
            malware.send('{"id":"b%d","op":"wipe","confirm":"%s"}' % (slot, serial_number))
            malware.send('{"id":"c%d","op":"code","slot":%d}' % (slot, (slot + 1) % 3))
            malware.read()
            sim.wait(wire.PRESS_WINDOW_S + 1)  # nobody presses
            malware.read()
        for at in range(NOW - DAY, NOW + 7 * DAY + 1, 3 * 3600):
            malware.send('{"id":"t","op":"code","slot":0,"time":%d}' % at)
        malware.send('{"id":"v","op":"verify","slot":0,"code":"123456"}')
        for request in ('{"id":"d","op":"delete","slot":0}',
                        '{"id":"w","op":"wipe","confirm":"%s"}' % serial_number,
                        '{"id":"r","op":"rename","slot":1,"issuer":"Evil"}',
                        '{"id":"m","op":"move","slot":2,"to":0}'):
            malware.send(request)
            malware.read()
            sim.press("C")  # the owner, asked for something they did not start, says no
            malware.read()
        malware.send('{"id":"x","op":"hello","op":"delete","slot":0}')
        received = bytes(malware.read())
    finally:
        malware.close()
    assert received.count(b'"error": "no_press"') + received.count(b'"error":"no_press"') == 7
    digit_runs = set(re.findall(rb"[0-9]+", received))
    leaked = digit_runs & {code.encode() for code in _every_code()}
    assert not leaked, "codes left the token without a press: %r" % leaked
    hello = main_hello(sim)
    assert hello["accounts"] == 3
    assert [entry["issuer"] for entry in main_list(sim)] == ["GitHub", "ACME", "Bank"]
    assert main_list(sim)[2]["counter"] == 3  # no HOTP code was used up


def main_hello(sim):
    from totp_token.client import Client

    with Client(sim.serial_path) as client:
        return client.hello()


def main_list(sim):
    from totp_token.client import Client

    with Client(sim.serial_path) as client:
        return client.accounts()


def test_with_the_press_code_and_delete_work_and_say_they_wait(running_sim, capsys):
    sim = running_sim(accounts=ACCOUNTS, now=NOW)

    def cli(*argv):
        return main(["--port", sim.serial_path] + list(argv))

    assert call_pressing_sim(sim, lambda: cli("code", "--json", "github")) == 0
    out, err = capsys.readouterr()
    assert "Press B on the token to send the code for GitHub:alice (15 s)..." in err
    github = OTP(decode(SECRETS["GitHub"]))
    assert any(github.totp(at) in out for at in range(NOW, NOW + 120))
    assert call_pressing_sim(sim, lambda: cli("delete", "--yes", "github")) == 0
    out, err = capsys.readouterr()
    assert "Press B on the token to delete GitHub:alice" in err and "deleted slot 0" in out
    assert [entry["issuer"] for entry in main_list(sim)] == ["ACME", "Bank"]


def test_the_screen_names_the_account_and_the_buttons(running_sim):
    sim = running_sim(accounts=ACCOUNTS, now=NOW)
    malware = Malware(sim.serial_path)
    try:
        malware.send('{"id":1,"op":"delete","slot":1}')
        malware.read()
        lines = _screen(sim)
        assert lines[0].startswith("Delete?") and lines[0].endswith("s")
        assert lines[1:] == ["ACME:bob", "B: yes", "A or C: no"]
        sim.press("A")  # refuses; the account on screen does not change either
        assert b"no_press" in malware.read()
    finally:
        malware.close()
    assert len(main_list(sim)) == 3
    assert "1/3" in _screen(sim)[0]


def test_a_one_button_token_confirms_with_a_long_press(running_sim):
    sim = running_sim(accounts=ACCOUNTS, now=NOW, buttons=1, settings={"TOTP_BUTTONS": 1})
    malware = Malware(sim.serial_path)
    try:
        malware.send('{"id":1,"op":"delete","slot":2}')
        malware.read()
        assert _screen(sim)[2:] == ["hold A: yes", "tap A: no"]
        sim.press("A")
        assert b"no_press" in malware.read()
        malware.send('{"id":2,"op":"delete","slot":2}')
        malware.read()
        sim.long("A")
        assert re.search(rb'"slot": ?2, "id": ?2, "ok": ?true', bytes(malware.read()))
    finally:
        malware.close()
    assert len(main_list(sim)) == 2


def test_an_hotp_code_taken_by_wire_is_never_typed_by_the_next_press(running_sim):
    sim = running_sim(accounts=[ACCOUNTS[2]], now=NOW)
    bank = OTP(decode(SECRETS["Bank"]))
    from totp_token.client import Client

    with Client(sim.serial_path, on_wait=lambda op, waiting: None) as client:
        answer = call_pressing_sim(sim, lambda: client.code(0))
    assert answer["code"] == bank.hotp(3) and sim.typed() == []  # the press only said yes
    sim.press("B")
    assert sim.typed() == [bank.hotp(4)]
    assert main_list(sim)[0]["counter"] == 5


@pytest.mark.parametrize("setting", ["false", "0"])
def test_the_setting_lets_codes_out_without_a_press_but_not_deletes(running_sim, setting):
    sim = running_sim(accounts=ACCOUNTS, now=NOW, settings={"TOTP_REQUIRE_PRESS": setting})
    from totp_token.client import Client

    def no_wait(op, waiting):
        raise AssertionError("the token asked for a press for %s" % op)

    with Client(sim.serial_path, on_wait=no_wait) as client:
        answer = client.code(0)
    assert answer["code"] == OTP(decode(SECRETS["GitHub"])).totp(answer["time"])
    malware = Malware(sim.serial_path)
    try:
        malware.send('{"id":1,"op":"delete","slot":0}')
        assert b'"waiting"' in malware.read()
    finally:
        malware.close()


def test_a_question_wakes_the_sleeping_screen(running_sim):
    sim = running_sim(accounts=ACCOUNTS, now=NOW)
    sim.wait(31)  # TOTP_IDLE_SECONDS: the screen is off
    assert _screen(sim) == []
    malware = Malware(sim.serial_path)
    try:
        malware.send('{"id":1,"op":"code","slot":0}')
        malware.read()
        assert _screen(sim)[1] == "GitHub:alice"
        sim.press("B")  # the screen was woken by the question: this press answers it
        assert re.search(rb'"code": ?"[0-9]{6}"', bytes(malware.read()))
    finally:
        malware.close()


def _set_button(sim, name, down):
    with sim.machine.scheduler.between_steps():
        sim.machine.set_button(name, down)
    sim.wait(0.1)


def test_a_press_already_held_when_the_question_comes_does_not_answer_it(running_sim):
    sim = running_sim(accounts=ACCOUNTS, now=NOW)
    malware = Malware(sim.serial_path)
    try:
        _set_button(sim, "B", True)  # the owner is holding B (or it is stuck)
        malware.send('{"id":1,"op":"delete","slot":0}')
        malware.read()
        assert sim_asks(sim)
        _set_button(sim, "B", False)  # releasing it says nothing
        assert sim_asks(sim) and b"no_press" not in malware.read()
        assert b'"slot": 0, "id": 1' not in malware.received
        sim.press("B")  # a press that begins after the question does
        assert re.search(rb'"slot": ?0, "id": ?1, "ok": ?true', bytes(malware.read()))
    finally:
        malware.close()
    assert len(main_list(sim)) == 2
