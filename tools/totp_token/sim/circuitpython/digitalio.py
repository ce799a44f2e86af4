"""Simulated `digitalio` for one firmware run: a pin as input (buttons) or output.

An input reads the level the `Machine` gives the pin (a pressed button pulls it to
GND); pins are claimed like the port claims them, so a pin in use raises ValueError.
"""

import types

from ..machine import Pin
from ._bind import DEINITED, bound, enum_class

_PUSH_PULL = object()  # switch_to_output's default: this run's DriveMode.PUSH_PULL


class DigitalInOut:
    """Bound per run with `_ctx` and the run's `_Direction`, `_Pull`, `_DriveMode` enums."""

    __slots__ = ("_pin", "_direction", "_pull", "_out_value", "_drive_mode")
    _ctx = None
    _Direction = None
    _Pull = None
    _DriveMode = None

    def __init__(self, pin):
        if not isinstance(pin, Pin):
            raise TypeError("pin must be a microcontroller.Pin, not %s" % type(pin).__name__)
        self._ctx.claim(pin)
        self._pin = pin
        self._direction = self._Direction.INPUT
        self._pull = None
        self._out_value = False
        self._drive_mode = self._DriveMode.PUSH_PULL

    def _check(self):
        if self._pin is None:
            raise ValueError(DEINITED)

    def deinit(self):
        if self._pin is not None:
            self._ctx.release(self._pin)
            self._pin = None

    def deinited(self):
        return self._pin is None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.deinit()

    def switch_to_output(self, value=False, drive_mode=_PUSH_PULL):
        self._check()
        self._direction = self._Direction.OUTPUT
        self._out_value = bool(value)
        self._drive_mode = self._DriveMode.PUSH_PULL if drive_mode is _PUSH_PULL else drive_mode
        self._pull = None

    def switch_to_input(self, pull=None):
        self._check()
        self._direction = self._Direction.INPUT
        self.pull = pull

    @property
    def direction(self):
        self._check()
        return self._direction

    @direction.setter
    def direction(self, value):
        if value is self._Direction.OUTPUT:
            self.switch_to_output()
        elif value is self._Direction.INPUT:
            self.switch_to_input()
        else:
            raise ValueError("Invalid direction.")

    @property
    def value(self):
        self._check()
        if self._direction is self._Direction.OUTPUT:
            return self._out_value
        pull_up = None if self._pull is None else self._pull is self._Pull.UP
        return self._ctx.machine.pin_level(self._pin, pull_up)

    @value.setter
    def value(self, value):
        self._check()
        if self._direction is not self._Direction.OUTPUT:
            raise AttributeError("Cannot set value when direction is input.")
        self._out_value = bool(value)

    @property
    def pull(self):
        self._check()
        return self._pull

    @pull.setter
    def pull(self, value):
        self._check()
        if self._direction is self._Direction.OUTPUT:
            raise AttributeError("Pull not used when direction is output.")
        if value is not None and not isinstance(value, self._Pull):
            raise TypeError("pull must be a digitalio.Pull or None")
        self._pull = value

    @property
    def drive_mode(self):
        self._check()
        if self._direction is self._Direction.INPUT:
            raise AttributeError("Drive mode not used when direction is input.")
        return self._drive_mode

    @drive_mode.setter
    def drive_mode(self, value):
        self._check()
        if self._direction is self._Direction.INPUT:
            raise AttributeError("Drive mode not used when direction is input.")
        self._drive_mode = value


def build(ctx):
    module = types.ModuleType("digitalio", "Simulated digitalio")
    module.Direction = enum_class("Direction", ("INPUT", "OUTPUT"))
    module.Pull = enum_class("Pull", ("UP", "DOWN"))
    module.DriveMode = enum_class("DriveMode", ("PUSH_PULL", "OPEN_DRAIN"))
    module.DigitalInOut = bound(DigitalInOut, ctx, _Direction=module.Direction,
                                _Pull=module.Pull, _DriveMode=module.DriveMode)
    return module
