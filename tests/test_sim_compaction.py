"""The literal firmware on a simulated Feather RP2040 whose log is full: an HOTP press
compacts the storage (saying so on the screen first), types the next code, and the
counter carries on after a reboot; unplugged from USB it refuses to compact."""

import pytest
from totp_token.sim import Simulator
from totp_token.sim.frontends.screen_text import read_screen

from totp.account import Account
from totp.otp import OTP
from totp.store import Store, StoreFull

SECRET = b"12345678901234567890"
NOW = 1_800_000_010


def full_log_simulator():
    sim = Simulator()
    store = Store(sim.machine.nvm, "rp2040")
    store.may_compact = lambda: False
    store.add(Account(SECRET, "Bank", "me", kind="hotp", counter=100))
    for counter in range(101, 117):  # use up the counter run
        store.set_counter(0, counter)
    number = 0
    try:
        while True:
            store.rename(0, "Bank", "me %d" % (number % 2))
            number += 1
    except StoreFull:
        pass
    return sim, store.get(0).counter


@pytest.fixture
def sim():
    running, counter = full_log_simulator()
    running.start()
    running.set_time(NOW)
    yield running, counter
    running.stop()
    assert running.take_errors() == []


def test_an_hotp_press_on_a_full_log_compacts_then_types_the_next_code(sim):
    sim, counter = sim
    erases = sim.machine.nvm.erases
    sim.press("B")
    assert sim.machine.nvm.erases == erases + 1
    assert "Tidying storage" in read_screen(sim.screen_rows())
    assert sim.typed() == [OTP(SECRET).hotp(counter)]
    sim.reboot()
    sim.press("B")
    assert sim.typed() == [OTP(SECRET).hotp(counter + 1)]
    assert sim.machine.nvm.erases == erases + 1  # room again: no second compaction


def test_no_compaction_without_usb_power(sim):
    sim, counter = sim
    sim.set_usb_connected(False)
    erases = sim.machine.nvm.erases
    sim.press("B")
    assert sim.machine.nvm.erases == erases and sim.typed() == []
    assert "Tidying storage" not in read_screen(sim.screen_rows())
