"""Simulated `board` for one firmware run: the profile's pin names and its default bus.

`board.I2C()` hands out one `busio.I2C` of this run on the pins the parts hang on,
made on first use and again after it was deinitialised, like CircuitPython's.
"""

import functools
import types


class BoardI2C:
    """One run's `board.I2C()` / `board.STEMMA_I2C()`."""

    __slots__ = ("_machine", "_i2c_class", "_bus")

    def __init__(self, machine, i2c_class):
        self._machine = machine
        self._i2c_class = i2c_class
        self._bus = None

    def get(self):
        if self._bus is None or self._bus.deinited:
            scl, sda = self._machine.i2c_wiring
            self._bus = self._i2c_class(scl, sda)
        return self._bus


def no_bus(kind, board_name):
    raise NotImplementedError("the simulator has no %s bus on %s" % (kind, board_name))


def build(ctx):
    """The module; this run's `busio` (in `ctx.modules`) must be built already."""
    machine = ctx.machine
    profile = machine.profile
    module = types.ModuleType("board", "Simulated board pins for %s" % profile.board_id)
    module.board_id = profile.board_id
    for name, pin in machine.board_pins.items():
        setattr(module, name, pin)
    if profile.board_i2c:
        board_i2c = BoardI2C(machine, ctx.modules["busio"].I2C).get
        module.I2C = board_i2c
        module.STEMMA_I2C = board_i2c
    if "SCK" in machine.board_pins:
        module.SPI = functools.partial(no_bus, "SPI", profile.name)
    if "TX" in machine.board_pins:
        module.UART = functools.partial(no_bus, "UART", profile.name)
    return module
