"""Buttons: short and long presses to actions for 1, 2 and 3 buttons, long presses
firing while held, timing across the ticks_ms wrap, and a cancelled (waking) press."""

import pytest
from support.device_fakes import Event, Keys, Ticks

from totp import buttons as btn

LONG_MS = 600


def run(count, script, start=0):
    """script: (name, held ms) presses; returns the actions polled every 10 ms."""
    keys = Keys()
    ticks = Ticks(start)
    buttons = btn.Buttons(keys, count, ticks, LONG_MS)
    names = [entry[0] for entry in btn.LAYOUTS[count]]
    actions = []
    for name, held_ms in script:
        key = names.index(name)
        keys.events.queued.append(Event(key, True))
        for _ in range(held_ms // 10):
            actions.append(buttons.poll())
            ticks.ms = (ticks.ms + 10) % (1 << 29)
        keys.events.queued.append(Event(key, False))
        for _ in range(5):
            actions.append(buttons.poll())
            ticks.ms = (ticks.ms + 10) % (1 << 29)
    return [a for a in actions if a not in (btn.NOTHING, btn.PRESSED)]


@pytest.mark.parametrize("count, name, held_ms, action", [
    (3, "A", 100, btn.PREVIOUS), (3, "A", 900, btn.PREVIOUS),
    (3, "B", 100, btn.TYPE), (3, "B", 900, btn.TYPE_ENTER),
    (3, "C", 100, btn.NEXT), (3, "C", 900, btn.NEXT),
    (2, "A", 100, btn.NEXT), (2, "A", 900, btn.PREVIOUS),
    (2, "B", 100, btn.TYPE), (2, "B", 900, btn.TYPE_ENTER),
    (1, "A", 100, btn.NEXT), (1, "A", 900, btn.TYPE),
])
def test_layouts(count, name, held_ms, action):
    assert run(count, [(name, held_ms)]) == [action]


def test_a_long_press_acts_once_while_still_held():
    keys = Keys()
    ticks = Ticks(0)
    buttons = btn.Buttons(keys, 3, ticks, LONG_MS)
    keys.events.queued.append(Event(1, True))
    assert buttons.poll() == btn.PRESSED
    ticks.ms = LONG_MS - 1
    assert buttons.poll() == btn.NOTHING
    ticks.ms = LONG_MS
    assert buttons.poll() == btn.TYPE_ENTER  # before the release
    ticks.ms = 5000
    assert buttons.poll() == btn.NOTHING
    keys.events.queued.append(Event(1, False))
    assert buttons.poll() == btn.NOTHING  # the release adds nothing


def test_long_press_timing_survives_the_ticks_wrap():
    assert run(3, [("B", 300), ("B", 700)], start=(1 << 29) - 350) == [btn.TYPE, btn.TYPE_ENTER]


def test_a_cancelled_press_does_nothing():
    keys = Keys()
    buttons = btn.Buttons(keys, 3, Ticks(0), LONG_MS)
    keys.events.queued.extend([Event(2, True), Event(2, False)])
    assert buttons.poll() == btn.PRESSED
    assert buttons.held()
    buttons.cancel()
    assert buttons.poll() == btn.NOTHING
    assert not buttons.held()


def test_keys_beyond_the_layout_are_ignored():
    keys = Keys()
    buttons = btn.Buttons(keys, 1, Ticks(0), LONG_MS)
    keys.events.queued.extend([Event(2, True), Event(2, False)])
    assert [buttons.poll(), buttons.poll()] == [btn.NOTHING, btn.NOTHING]


@pytest.mark.parametrize("count, hint", [(3, "B"), (2, "B"), (1, "hold A")])
def test_type_button_hint(count, hint):
    assert btn.type_button(count) == hint
