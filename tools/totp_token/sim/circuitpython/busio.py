"""Simulated `busio` (I2C only) for one firmware run; chip models answer on the bus.

Behaves like the CircuitPython one where drivers notice: the lock protocol, an absent
address raising OSError (errno 19, ENODEV), pins checked like the port checks them.
The chips are `chips.i2c_target.I2CTarget`s, found by address on the machine's bus.
"""

import errno
import sys
import types

from ..boards import PORT_RP2040, rp2040_i2c_unit
from ..machine import Pin
from ._bind import DEINITED, bound


def _window(buffer, start, end):
    end = min(end, len(buffer))
    return start, max(start, end)


def _check_pins(machine, scl, sda):
    if not isinstance(scl, Pin) or not isinstance(sda, Pin):
        raise TypeError("scl and sda must be microcontroller.Pin objects")
    if scl is sda:
        raise ValueError("Invalid pins")
    if machine.profile.port == PORT_RP2040:
        scl_gpio = int(scl._mcu_name[4:])
        sda_gpio = int(sda._mcu_name[4:])
        if rp2040_i2c_unit(scl_gpio, sda_gpio) is None:
            raise ValueError("Invalid pins")


class I2C:
    """Bound per run with `_ctx`; only the bus on the parts' pins reaches the chips."""

    __slots__ = ("_scl", "_sda", "_locked", "_targets", "frequency_hz")
    _ctx = None

    def __init__(self, scl, sda, *, frequency=100000, timeout=255):
        ctx = self._ctx
        machine = ctx.machine
        _check_pins(machine, scl, sda)
        ctx.claim(scl)
        try:
            ctx.claim(sda)
        except ValueError:
            ctx.release(scl)
            raise
        self._scl = scl
        self._sda = sda
        self._locked = False
        self.frequency_hz = frequency
        wired = (scl, sda) == machine.i2c_wiring
        self._targets = machine.i2c_targets if wired else {}

    @property
    def deinited(self):
        return self._scl is None

    def _check(self):
        if self._scl is None:
            raise ValueError(DEINITED)

    def _check_lock(self):
        self._check()
        if not self._locked:
            raise RuntimeError("Function requires lock")

    def _target(self, address):
        target = self._targets.get(address)
        if target is None:
            raise OSError(errno.ENODEV, "No such device")
        return target

    def deinit(self):
        if self._scl is not None:
            self._ctx.release(self._scl)
            self._ctx.release(self._sda)
            self._scl = self._sda = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.deinit()

    def try_lock(self):
        self._check()
        if self._locked:
            return False
        self._locked = True
        return True

    def unlock(self):
        self._check()
        self._locked = False

    def probe(self, address):
        self._check_lock()
        return address in self._targets

    def scan(self):
        self._check_lock()
        return sorted(self._targets)

    def writeto(self, address, buffer, *, start=0, end=sys.maxsize):
        self._check_lock()
        start, end = _window(buffer, start, end)
        target = self._target(address)
        # copy: drivers pass the same buffer for out and in
        target.i2c_write(bytes(buffer[start:end]))

    def readfrom_into(self, address, buffer, *, start=0, end=sys.maxsize):
        self._check_lock()
        start, end = _window(buffer, start, end)
        if end <= start:
            raise ValueError("Buffer must be at least length 1")
        data = self._target(address).i2c_read(end - start)
        buffer[start:end] = data

    def writeto_then_readfrom(self, address, out_buffer, in_buffer, *, out_start=0,
                              out_end=sys.maxsize, in_start=0, in_end=sys.maxsize):
        self._check_lock()
        out_start, out_end = _window(out_buffer, out_start, out_end)
        in_start, in_end = _window(in_buffer, in_start, in_end)
        if in_end <= in_start:
            raise ValueError("Buffer must be at least length 1")
        target = self._target(address)
        target.i2c_write(bytes(out_buffer[out_start:out_end]))
        data = target.i2c_read(in_end - in_start)
        in_buffer[in_start:in_end] = data


class Unavailable:
    """A peripheral class the simulator lacks: making one raises NotImplementedError."""

    __slots__ = ()

    def __init__(self, *args, **kwargs):
        raise NotImplementedError("the simulator has no %s peripheral" % type(self).__name__)


class SPI(Unavailable):
    __slots__ = ()


class UART(Unavailable):
    __slots__ = ()


def build(ctx):
    module = types.ModuleType("busio", "Simulated busio (I2C)")
    module.I2C = bound(I2C, ctx)
    module.SPI = bound(SPI, ctx)
    module.UART = bound(UART, ctx)
    return module
