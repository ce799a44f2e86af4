"""Simulated `microcontroller` for one firmware run, and the reset it asks the runner for.

Holds only the real CircuitPython API surface; anything else raises AttributeError, as
on a board.
"""

import functools
import types

from ..machine import Pin
from ._bind import bound, enum_class

RUN_MODES = ("NORMAL", "SAFE_MODE", "UF2", "BOOTLOADER")
RESET_REASONS = ("POWER_ON", "BROWNOUT", "SOFTWARE", "DEEP_SLEEP_ALARM", "RESET_PIN",
                 "WATCHDOG", "UNKNOWN", "RESCUE_DEBUG")


class ResetRequested(BaseException):
    """microcontroller.reset() was called: the runner reboots the firmware."""

    def __init__(self, run_mode):
        super().__init__("microcontroller.reset()")
        self.run_mode = run_mode


class Processor:
    """`microcontroller.cpu`; bound per run with `uid` and the run's `_ResetReason` enum."""

    __slots__ = ()
    _ctx = None
    _ResetReason = None
    frequency = 125_000_000
    temperature = 27.0
    voltage = 3.3
    uid = None

    @property
    def reset_reason(self):
        return getattr(self._ResetReason, self._ctx.reset_reason)


class NextReset:
    """One run's `on_next_reset` and `reset`: the mode the next reset starts in."""

    __slots__ = ("_run_mode", "_mode")

    def __init__(self, run_mode):
        self._run_mode = run_mode
        self._mode = run_mode.NORMAL

    def on_next_reset(self, mode):
        if not isinstance(mode, self._run_mode):
            raise TypeError("run_mode must be a microcontroller.RunMode")
        self._mode = mode

    def reset(self):
        raise ResetRequested(self._mode._name)


def delay_us(ctx, delay):
    ctx.machine.scheduler.sleep(delay / 1_000_000)


def _nothing():
    return None


def build(ctx):
    machine = ctx.machine
    module = types.ModuleType("microcontroller", "Simulated microcontroller core module")
    pin_module = types.ModuleType("microcontroller.pin")
    for name, pin in machine.mcu_pins.items():
        setattr(pin_module, name, pin)
    run_mode = enum_class("RunMode", RUN_MODES)
    reset_reason = enum_class("ResetReason", RESET_REASONS)
    processor = bound(Processor, ctx, uid=bytearray(ctx.uid), _ResetReason=reset_reason)
    next_reset = NextReset(run_mode)
    module.Pin = Pin
    module.Processor = processor
    module.RunMode = run_mode
    module.ResetReason = reset_reason
    module.pin = pin_module
    module.cpu = processor()
    module.nvm = machine.nvm
    module.watchdog = None  # the simulator has no watchdog timer
    module.on_next_reset = next_reset.on_next_reset
    module.reset = next_reset.reset
    module.delay_us = functools.partial(delay_us, ctx)
    module.disable_interrupts = _nothing
    module.enable_interrupts = _nothing
    return module
