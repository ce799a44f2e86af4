"""The PIN wheel (totp.pin_entry): turning, picking, deleting, OK, masking, and the same
PIN reached with 3, 2 and 1 buttons through the real button layouts."""

import pytest
from support.device_fakes import Event, Keys, Ticks

from totp import buttons as btn
from totp import pin_entry as pe
from totp import wire

LONG_MS = 600


def _turns_to(entry, target):
    """The NEXT/PREVIOUS actions that bring the wheel to ``target`` the short way."""
    forward = (target - entry.choice) % pe.WHEEL_SIZE
    if forward <= pe.WHEEL_SIZE - forward:
        return [btn.NEXT] * forward
    return [btn.PREVIOUS] * (pe.WHEEL_SIZE - forward)


def enter(entry, pin):
    """Pick each digit of ``pin`` and then OK; returns the last handle() result."""
    result = pe.IGNORED
    for char in pin + "K":
        target = pe.CHOICE_OK if char == "K" else int(char)
        for action in _turns_to(entry, target):
            assert entry.handle(action) == pe.MOVED
        result = entry.handle(btn.TYPE)
    return result


def test_the_wheel_holds_ten_digits_delete_and_ok_and_wraps_both_ways():
    entry = pe.PinEntry()
    seen = []
    for _ in range(pe.WHEEL_SIZE):
        seen.append(entry.choice_text())
        entry.handle(btn.NEXT)
    assert seen == list("0123456789") + ["<", "OK"]
    assert entry.choice == 0
    entry.handle(btn.PREVIOUS)
    assert entry.choice_text() == "OK"  # one turn back from 0


def test_a_pin_entered_digit_by_digit_comes_out_as_ascii_and_is_then_forgotten():
    entry = pe.PinEntry()
    assert enter(entry, "4096127") == pe.DONE
    assert entry.take() == b"4096127"
    assert entry.length == 0 and entry.masked() == "" and entry.choice == 0
    assert bytes(entry._digits) == bytes(wire.PIN_MAX)  # overwritten, not just shortened


def test_ok_before_any_digit_says_no_pin_was_given():
    entry = pe.PinEntry()
    entry.handle(btn.PREVIOUS)
    assert entry.handle(btn.TYPE) == pe.EMPTY_OK


def test_ok_needs_at_least_pin_min_digits():
    entry = pe.PinEntry()
    assert enter(entry, "1" * (wire.PIN_MIN - 1)) == pe.IGNORED
    assert entry.length == wire.PIN_MIN - 1
    for action in _turns_to(entry, 1):
        entry.handle(action)
    entry.handle(btn.TYPE)
    for action in _turns_to(entry, pe.CHOICE_OK):
        entry.handle(action)
    assert entry.handle(btn.TYPE) == pe.DONE


def test_no_more_than_pin_max_digits_go_in():
    entry = pe.PinEntry()
    for _ in range(wire.PIN_MAX + 3):
        entry.handle(btn.TYPE)  # picks 0 each time
    assert entry.length == wire.PIN_MAX
    assert entry.masked() == "*" * wire.PIN_MAX


def test_delete_takes_back_the_last_digit_and_does_nothing_on_an_empty_entry():
    entry = pe.PinEntry()
    for action in _turns_to(entry, pe.CHOICE_DELETE):
        entry.handle(action)
    assert entry.choice_text() == "<"
    assert entry.handle(btn.TYPE) == pe.IGNORED
    entry.choice = 7
    entry.handle(btn.TYPE)
    entry.choice = 8
    entry.handle(btn.TYPE)
    entry.choice = pe.CHOICE_DELETE
    assert entry.handle(btn.TYPE) == pe.MOVED
    assert entry.masked() == "*"
    assert enter(entry, "12345") == pe.DONE
    assert entry.take() == b"712345"


def test_the_screen_text_masks_every_entered_digit():
    entry = pe.PinEntry()
    enter(entry, "98")
    assert entry.masked() == "**"
    assert "9" not in entry.masked() + entry.choice_text()  # the wheel sits on OK now


@pytest.mark.parametrize("count", [1, 2, 3])
def test_every_button_count_enters_a_pin_through_the_real_button_layouts(count):
    """Presses on keys, read by totp.buttons like the app does, drive the wheel."""
    keys, ticks = Keys(), Ticks(1000)
    buttons = btn.Buttons(keys, count, ticks, LONG_MS)
    entry = pe.PinEntry()
    layout = btn.LAYOUTS[count]

    def press(key, hold_ms):
        keys.events.queued.append(Event(key, True))
        results = [buttons.poll()]
        ticks.ms += hold_ms
        results.append(buttons.poll())
        keys.events.queued.append(Event(key, False))
        results.append(buttons.poll())
        for action in results:
            entry.handle(action)

    def do(wanted):
        # the first key and press length whose action is the one wanted
        for key, (_name, short, long) in enumerate(layout):
            if short == wanted:
                return press(key, 50)
            if long == wanted:
                return press(key, LONG_MS + 50)
        raise AssertionError("no way to %s with %d buttons" % (wanted, count))

    for char in "271828":
        while entry.choice != int(char):
            do(btn.NEXT)
        do(btn.TYPE)
    while entry.choice != pe.CHOICE_OK:
        do(btn.NEXT)
    do(btn.TYPE)
    assert entry.take() == b"271828"
