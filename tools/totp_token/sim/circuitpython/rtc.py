"""Simulated `rtc` for one firmware run: the microcontroller's own clock, not the DS3231.

It reads 2000-01-01 at power-on and runs with simulated time; setting it, or
`set_time_source`, changes what `time.time()` and `time.localtime()` read.
"""

import calendar
import functools
import time as host_time
import types

from ..clock import NS
from ._bind import bound

EPOCH_2000 = 946684800
CALIBRATION_LIMIT = 127


def board_seconds(ctx):
    """The microcontroller's own clock: 2000-01-01 at power-on unless rtc sets it."""
    since_boot = (ctx.machine.clock.now_ns() - ctx.boot_ns) // NS
    return EPOCH_2000 + since_boot + ctx.internal_rtc_offset


class RTC:
    """Bound per run with `_ctx`."""

    __slots__ = ()
    _ctx = None

    @property
    def datetime(self):
        return host_time.gmtime(board_seconds(self._ctx))

    @datetime.setter
    def datetime(self, value):
        ctx = self._ctx
        ctx.internal_rtc_offset += calendar.timegm(tuple(value)[:9]) - board_seconds(ctx)

    @property
    def calibration(self):
        return self._ctx.rtc_calibration

    @calibration.setter
    def calibration(self, value):
        if not -CALIBRATION_LIMIT <= value <= CALIBRATION_LIMIT:
            raise ValueError("calibration must be -127 to 127")
        self._ctx.rtc_calibration = value


def set_time_source(ctx, rtc):
    ctx.time_source = rtc


def build(ctx):
    module = types.ModuleType("rtc", "Simulated rtc (the microcontroller's own clock)")
    module.RTC = bound(RTC, ctx)
    module.set_time_source = functools.partial(set_time_source, ctx)
    return module
