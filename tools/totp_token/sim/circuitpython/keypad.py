"""Simulated `keypad` (Keys, Event, EventQueue) for one firmware run.

Buttons change pin levels on the `Machine`; each `Keys` turns a level change into
a timestamped event at once (scanning and debouncing are not modelled).
"""

import collections
import types

from ..machine import Pin
from ._bind import DEINITED, bound


class Event:
    """Bound per run with `_ctx` (a timestamp defaults to the run's `ticks_ms`)."""

    __slots__ = ("_key_number", "_pressed", "_timestamp")
    _ctx = None

    def __init__(self, key_number=0, pressed=True, timestamp=None):
        self._key_number = key_number
        self._pressed = bool(pressed)
        self._timestamp = self._ctx.machine.ticks_ms() if timestamp is None else timestamp

    key_number = property(lambda self: self._key_number)
    pressed = property(lambda self: self._pressed)
    released = property(lambda self: not self._pressed)
    timestamp = property(lambda self: self._timestamp)

    def __eq__(self, other):
        return (isinstance(other, type(self)) and self._key_number == other._key_number
                and self._pressed == other._pressed)

    def __hash__(self):
        return hash((self._key_number, self._pressed))

    def __repr__(self):
        return "<Event: key_number %d %s>" % (
            self._key_number, "pressed" if self._pressed else "released")


class EventQueue:
    __slots__ = ("_events", "_max", "_overflowed")
    _ctx = None

    def __init__(self, max_events):
        self._events = collections.deque()
        self._max = max_events
        self._overflowed = False

    def _put(self, event):
        if len(self._events) >= self._max:
            self._overflowed = True
        else:
            self._events.append(event)

    def get(self):
        return self._events.popleft() if self._events else None

    def get_into(self, event):
        if not self._events:
            return False
        got = self._events.popleft()
        event._key_number, event._pressed, event._timestamp = (
            got._key_number, got._pressed, got._timestamp)
        return True

    def clear(self):
        self._events.clear()
        self._overflowed = False

    def __bool__(self):
        return bool(self._events)

    def __len__(self):
        return len(self._events)

    overflowed = property(lambda self: self._overflowed)


def _check_arguments(pins, max_events, debounce_threshold, interval):
    for pin in pins:
        if not isinstance(pin, Pin):
            raise TypeError("pins must be microcontroller.Pin objects")
    if not 1 <= max_events <= 1024 or not 1 <= debounce_threshold <= 127:
        raise ValueError("max_events or debounce_threshold out of range")
    if not 0 < interval <= 100:
        raise ValueError("interval out of range")


class Keys:
    """Bound per run with `_ctx` and the run's `_Event` and `_EventQueue` classes."""

    __slots__ = ("_pins", "_value_when_pressed", "_pull_up", "_pressed", "_events")
    _ctx = None
    _Event = None
    _EventQueue = None

    def __init__(self, pins, *, value_when_pressed, pull=True, interval=0.020,
                 max_events=64, debounce_threshold=1):
        pins = tuple(pins)
        _check_arguments(pins, max_events, debounce_threshold, interval)
        for index, pin in enumerate(pins):
            try:
                self._ctx.claim(pin)
            except ValueError:
                for claimed in pins[:index]:
                    self._ctx.release(claimed)
                raise
        self._pins = pins
        self._value_when_pressed = bool(value_when_pressed)
        self._pull_up = (not value_when_pressed) if pull else None
        self._events = self._EventQueue(max_events)
        self._pressed = [False] * len(pins)
        self._ctx.machine.pin_listeners.append(self)
        self.pins_changed()

    def pins_changed(self):
        machine = self._ctx.machine
        now = machine.ticks_ms()
        for number, pin in enumerate(self._pins):
            pressed = machine.pin_level(pin, self._pull_up) == self._value_when_pressed
            if pressed != self._pressed[number]:
                self._pressed[number] = pressed
                self._events._put(self._Event(number, pressed, now))

    def _check(self):
        if self._pins is None:
            raise ValueError(DEINITED)

    @property
    def events(self):
        self._check()
        return self._events

    @property
    def key_count(self):
        self._check()
        return len(self._pins)

    def reset(self):
        self._check()
        self._pressed = [False] * len(self._pins)
        self.pins_changed()

    def deinit(self):
        if self._pins is not None:
            for pin in self._pins:
                self._ctx.release(pin)
            self._ctx.machine.pin_listeners.remove(self)
            self._pins = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.deinit()


def build(ctx):
    module = types.ModuleType("keypad", "Simulated keypad (Keys only)")
    module.Event = bound(Event, ctx)
    module.EventQueue = bound(EventQueue, ctx)
    module.Keys = bound(Keys, ctx, _Event=module.Event, _EventQueue=module.EventQueue)
    return module
