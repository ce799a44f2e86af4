"""Simulated `time` for one firmware run: where the firmware thread meets simulated time.

`sleep` waits in simulated time through the `clock.Scheduler`; the `time` given to
code.py marks the end of each main-loop step with it (`step_sleep`). `time()` reads the
time source `rtc.set_time_source` chose, else the microcontroller's own clock.
"""

import calendar
import functools
import time as host_time
import types

from ..clock import NS
from .rtc import board_seconds


def now_seconds(ctx):
    if ctx.time_source is not None:
        return calendar.timegm(tuple(ctx.time_source.datetime)[:9])
    return board_seconds(ctx)


def monotonic_ns(ctx):
    return ctx.machine.clock.now_ns() - ctx.boot_ns


def monotonic(ctx):
    return monotonic_ns(ctx) / NS


def sleep(ctx, step_sleep, seconds):
    ctx.machine.scheduler.sleep(seconds, step_end=step_sleep)


def localtime(ctx, secs=None):
    return host_time.gmtime(now_seconds(ctx) if secs is None else secs)


def mktime(t):
    return calendar.timegm(tuple(t)[:9])


def build(ctx, step_sleep=False):
    """`time` as CircuitPython has it. `step_sleep`: this sleep ends a main-loop step."""
    module = types.ModuleType("time", "Simulated time")
    module.struct_time = host_time.struct_time
    module.monotonic_ns = functools.partial(monotonic_ns, ctx)
    module.monotonic = functools.partial(monotonic, ctx)
    module.sleep = functools.partial(sleep, ctx, step_sleep)
    module.time = functools.partial(now_seconds, ctx)
    module.localtime = functools.partial(localtime, ctx)
    module.mktime = mktime
    return module
