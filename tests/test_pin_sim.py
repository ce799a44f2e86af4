"""The literal firmware with a PIN on the simulator (real store, real KDF, real drivers):
a freshly booted token shows, types and answers nothing before the PIN; the PIN on the
buttons unlocks it (1, 2 and 3 buttons); wrong PINs show the tries left and the tenth
wipes; unplugging locks it; no byte the token sends holds the PIN or its vault; maintenance
mode only on request from the unlocked token, for one boot."""

import base64
import binascii

import pytest
from support.pin_sim import enter_pin, screen
from support.presence import call_pressing, call_pressing_sim, sim_asks
from totp_token.client import Client
from totp_token.errors import TokenRefused

from totp import wire
from totp.base32 import decode
from totp.otp import OTP

NOW = 1_800_000_010
SECRET = "JBSWY3DPEHPK3PXP"
ACCOUNTS = ["otpauth://totp/ACME:bob?secret=%s&issuer=ACME" % SECRET]
PIN = "20461357"
MAINTENANCE_CDC = ("usb_cdc.enable", {"console": True, "data": True})


def code_at(unix):
    return OTP(decode(SECRET)).totp(unix)


def codes_near():
    return {code_at(NOW + offset) for offset in range(-60, 600, 30)}


def client(sim):
    made = Client(sim.serial_path, timeout=5.0, on_wait=lambda op, answer: None)
    made.hello()
    return made


def set_pin(sim, pin=PIN, buttons=3):
    """`set_pin` from the host, allowed on the token (a one-button token: hold A)."""
    yes = (lambda: sim.long("A")) if buttons == 1 else (lambda: sim.press("B"))
    with client(sim) as host:
        call_pressing(lambda: host.set_pin(pin), lambda: sim_asks(sim), yes)


@pytest.fixture
def pinned(running_sim):
    """A token holding ACME:bob with PIN set, just powered on again (locked)."""
    def make(**options):
        sim = running_sim(accounts=ACCOUNTS, now=NOW, **options)
        set_pin(sim, buttons=options.get("buttons", 3))
        sim.reboot()
        sim.wait(1)
        return sim
    return make


def test_a_freshly_booted_token_shows_types_and_answers_nothing_before_the_pin(pinned):
    sim = pinned()
    assert "Enter PIN" in screen(sim)
    sim.press("B")
    sim.long("B")
    sim.wait(3)
    assert sim.typed() == []
    shown = screen(sim).replace(" ", "")
    assert not any(code in shown for code in codes_near())
    with client(sim) as host:
        assert host.hello_info["locked"] is True and host.hello_info["pin"] is True
        for call in (host.accounts, lambda: host.code(0), lambda: host.verify(0, "000000"),
                     host.maintenance, host.remove_pin):
            with pytest.raises(TokenRefused) as refused:
                call()
            assert refused.value.code == wire.ERR_LOCKED
            assert "enter the PIN on the token, then run this again" in str(refused.value)


@pytest.mark.parametrize("buttons", [3, 2, 1])
def test_the_right_pin_on_the_buttons_unlocks_it(pinned, buttons):
    sim = pinned(buttons=buttons)
    enter_pin(sim, PIN, buttons)
    shown = screen(sim)
    assert "ACME:bob" in shown
    with client(sim) as host:
        assert host.hello_info["locked"] is False
        assert host.accounts()[0]["issuer"] == "ACME"


def test_wrong_pins_show_the_tries_left_and_ten_wipe_the_token(pinned):
    sim = pinned()
    for wrong in range(1, wire.MAX_PIN_TRIES):
        enter_pin(sim, "000000")
        left = wire.MAX_PIN_TRIES - wrong
        assert "Wrong PIN" in screen(sim)
        assert "%d tr%s left" % (left, "y" if left == 1 else "ies") in screen(sim)
    sim.reboot()  # a power cut does not give tries back
    sim.wait(1)
    assert "1 left" in screen(sim)
    enter_pin(sim, "000000")
    assert "Token wiped" in screen(sim)
    with client(sim) as host:
        assert host.hello_info["accounts"] == 0 and host.hello_info["pin"] is False


def test_unplugging_locks_it(pinned):
    sim = pinned()
    enter_pin(sim, PIN)
    sim.set_usb_connected(False)
    sim.wait(1)
    sim.set_usb_connected(True)
    sim.wait(1)
    assert "Enter PIN" in screen(sim)


def test_idle_minutes_lock_it(pinned):
    sim = pinned(settings={"TOTP_LOCK_MINUTES": "1"})
    enter_pin(sim, PIN)
    sim.wait(50)
    with client(sim) as host:
        assert host.hello_info["locked"] is False
    sim.wait(15)
    with client(sim) as host:
        assert host.hello_info["locked"] is True


def _encodings(window):
    return (window, window.hex().encode(), window.hex().upper().encode(),
            base64.b64encode(window), base64.b32encode(window), binascii.b2a_base64(window))


def test_no_byte_the_token_sends_holds_the_pin_or_its_vault(running_sim):
    sim = running_sim(accounts=ACCOUNTS, now=NOW)
    before = sim.machine.nvm.dump()
    sent = bytearray()

    def keep(op, answer):
        sent.extend(repr(answer).encode())

    with Client(sim.serial_path, timeout=5.0, on_wait=keep) as host:
        sent.extend(repr(host.hello()).encode())
        call_pressing_sim(sim, lambda: sent.extend(repr(host.set_pin(PIN)).encode()))
        sent.extend(repr(host.hello()).encode())
        sent.extend(repr(host.accounts()).encode())
        for op in (wire.OP_SET_PIN, wire.OP_REMOVE_PIN):
            with pytest.raises(TokenRefused) as refused:
                call_pressing(lambda op=op: host.request(op, pin="99999999"),
                              lambda: "PIN to" in screen(sim),
                              lambda: enter_pin(sim, "99999999"))
            assert refused.value.code == wire.ERR_WRONG_PIN
            sent.extend(repr(refused.value.response).encode())
        sent.extend(repr(host.hello()).encode())
    after = sim.machine.nvm.dump()
    vault = [index for index in range(len(after)) if after[index] != before[index]]
    assert vault, "setting the PIN changed nothing in the nvm"
    text = bytes(sent)
    assert PIN.encode() not in text
    changed = bytes(after[index] for index in vault)
    for size in (6, 9, 10):
        for start in range(0, len(changed) - size):
            for form in _encodings(changed[start:start + size]):
                assert form not in text


def test_holding_a_on_a_pin_protected_token_boots_normal_mode(pinned):
    sim = pinned()
    sim.machine.set_button("A", True)
    sim.reboot()
    sim.wait(1)
    sim.machine.set_button("A", False)
    assert MAINTENANCE_CDC not in [(name, kwargs) for name, _, kwargs in sim.boot_calls]
    assert ("storage.disable_usb_drive", (), {}) in sim.boot_calls


def test_maintenance_from_the_unlocked_token_holds_for_one_boot(pinned):
    sim = pinned()
    enter_pin(sim, PIN)
    with client(sim) as host:
        answer = call_pressing_sim(sim, host.maintenance)
    assert answer["restarting"] is True
    sim.wait(3)
    assert MAINTENANCE_CDC in [(name, kwargs) for name, _, kwargs in sim.boot_calls]
    sim.reboot()
    sim.wait(1)
    assert MAINTENANCE_CDC not in [(name, kwargs) for name, _, kwargs in sim.boot_calls]
