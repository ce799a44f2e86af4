"""Typing codes through the real adafruit_hid Keyboard into a model of the host
(the simulator's HidHost: US and French layouts, NumLock on and off): the host
receives exactly the code, NumLock ends as it was, and typing never blocks."""

import pytest
from support.hid_link import HostLink
from totp_token.sim.usb_host.hid_host import HidHost

from totp import keyboard as kbd


class Ticks:
    def __init__(self):
        self.ms = 0

    def __call__(self):
        return self.ms


def type_text(keyboard_class, text, mode, layout, numlock, enter=False):
    host = HidHost(layout, numlock)
    device = keyboard_class(HostLink(host))
    ticks = Ticks()
    typist = kbd.Typist(lambda: device, lambda: True, ticks, mode, 5000)
    typist.start(text, enter)
    states = []
    for _ in range(200):
        states.append(typist.step())
        ticks.ms += 10
        if states[-1] == kbd.DONE:
            break
    return host, states


CASES = [
    # mode, host layout, NumLock before, text
    ("toprow", "us", True, "1234567890"),
    ("toprow", "us", False, "287082"),
    ("keypad", "us", True, "1234567890"),
    ("keypad", "us", False, "1234567890"),
    ("keypad", "fr", True, "1234567890"),
    ("keypad", "fr", False, "287082"),
    ("azerty", "fr", True, "1234567890"),
    ("azerty", "fr", False, "287082"),
    ("toprow", "us", True, "4BXK9"),  # Steam
    ("keypad", "us", False, "CDFGH"),
    ("azerty", "fr", True, "QWMAZ2"),  # the letters AZERTY moves
    ("azerty", "fr", True, "23456789BCDFGHJKMNPQRTVWXY"),
]


@pytest.mark.parametrize("mode, layout, numlock, text", CASES)
@pytest.mark.parametrize("enter", [False, True])
def test_the_host_receives_the_code_and_numlock_is_restored(
        keyboard_class, mode, layout, numlock, text, enter):
    host, states = type_text(keyboard_class, text, mode, layout, numlock, enter)
    assert host.take_text() == text + ("\n" if enter else "")
    assert host.numlock == numlock
    assert not host.keys_down
    assert states[-1] == kbd.DONE and states.count(kbd.DONE) == 1
    # one report per step: press and release for each key (+2 NumLock presses when off)
    toggles = 2 if mode == "keypad" and not numlock else 0
    assert host.reports == 2 * (len(text) + enter + toggles)


@pytest.mark.parametrize("mode, layout, typed", [
    ("toprow", "fr", "&é\"'(-è_çà"),  # why AZERTY hosts need the azerty or keypad mode
    ("azerty", "us", "!@#$%^&*()"),
])
def test_a_mode_on_the_wrong_layout_types_symbols(keyboard_class, mode, layout, typed):
    host, _ = type_text(keyboard_class, "1234567890", mode, layout, True)
    assert host.take_text() == typed


def test_waits_for_usb_then_gives_up_without_typing():
    ticks = Ticks()
    made = []
    typist = kbd.Typist(lambda: made.append(1), lambda: False, ticks, "toprow", 5000)
    typist.start("123456", False)
    states = []
    while ticks.ms <= 6000:
        states.append(typist.step())
        ticks.ms += 20
    assert states[:200] == [kbd.WAITING] * 200  # never blocks: each step returns
    assert states.count(kbd.NO_USB) == 1
    assert states[-1] == kbd.IDLE
    assert made == []  # never even asked for the keyboard


def test_usb_arriving_late_still_types(keyboard_class):
    host = HidHost("us", True)
    device = keyboard_class(HostLink(host))
    ticks = Ticks()
    connected = [False]
    typist = kbd.Typist(lambda: device, lambda: connected[0], ticks, "toprow", 5000)
    typist.start("42", False)
    for step in range(300):
        connected[0] = step > 100
        ticks.ms += 20
        if typist.step() == kbd.DONE:
            break
    assert host.take_text() == "42"


def test_a_host_gone_mid_code_ends_typing():
    class Vanishing:
        def press(self, *keys):
            raise OSError("USB busy")

        def release_all(self):
            raise OSError("USB busy")

    typist = kbd.Typist(lambda: Vanishing(), lambda: True, Ticks(), "toprow", 5000)
    typist.start("123456", True)
    assert [typist.step() for _ in range(3)] == [kbd.TYPING, kbd.NO_USB, kbd.IDLE]


@pytest.mark.parametrize("char", [" ", "-", "é"])
def test_characters_a_code_never_holds_are_refused(char):
    with pytest.raises(ValueError, match="only digits and letters"):
        kbd.key_sequence("12" + char, "toprow")


def test_unknown_mode_names_the_choices():
    with pytest.raises(ValueError, match="toprow, keypad, azerty"):
        kbd.key_sequence("12", "dvorak")
