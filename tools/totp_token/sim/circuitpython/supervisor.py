"""Simulated `supervisor` for one firmware run.

`ticks_ms` counts from the last power-on like CircuitPython's (first wrap after about
65 s); `get_setting` answers from settings.toml as `settings_file` read it; USB
identification may change only while boot.py runs.
"""

import functools
import types

from ._bind import bound
from .microcontroller import ResetRequested

RUN_REASONS = ("STARTUP", "AUTO_RELOAD", "SUPERVISOR_RELOAD", "REPL_RELOAD")
SAFE_MODE_REASONS = ("NONE", "USB_TOO_MANY_ENDPOINTS")


def _names(class_name, names):
    """A class whose attributes are `names`, each its own name (a string)."""
    return type(class_name, (), {name: name for name in names})


class Runtime:
    """Bound per run with `_ctx` and the run's `_RunReason`, `_SafeModeReason` classes."""

    __slots__ = ("autoreload", "rgb_status_brightness")
    _ctx = None
    _RunReason = None
    _SafeModeReason = None

    def __init__(self):
        self.autoreload = True
        self.rgb_status_brightness = 255

    usb_connected = property(lambda self: self._ctx.machine.usb_connected)
    serial_connected = property(
        lambda self: self._ctx.machine.usb_connected and self._ctx.usb.console)
    serial_bytes_available = property(lambda self: 0)
    run_reason = property(lambda self: self._RunReason.STARTUP)
    safe_mode_reason = property(lambda self: self._SafeModeReason.NONE)


class StatusBar:
    __slots__ = ("console", "display")
    _ctx = None

    def __init__(self):
        self.console = True
        self.display = True


def set_usb_identification(ctx, manufacturer=None, product=None, vid=-1, pid=-1):
    if not ctx.booting:
        raise RuntimeError("Cannot change USB devices now")
    ctx.boot_calls.append(("supervisor.set_usb_identification", (),
                           {"manufacturer": manufacturer, "product": product,
                            "vid": vid, "pid": pid}))


def reload():
    raise ResetRequested("RELOAD")


def get_setting(ctx, key, default=None):
    value = ctx.settings.get(key)
    return default if value is None else value


def get_previous_traceback():
    return None


def set_next_code_file(filename, working_directory=None, **kwargs):
    return None


def reset_terminal(x_pixels, y_pixels):
    return None


def build(ctx):
    module = types.ModuleType("supervisor", "Simulated supervisor")
    module.RunReason = _names("RunReason", RUN_REASONS)
    module.SafeModeReason = _names("SafeModeReason", SAFE_MODE_REASONS)
    module.Runtime = bound(Runtime, ctx, _RunReason=module.RunReason,
                           _SafeModeReason=module.SafeModeReason)
    module.StatusBar = bound(StatusBar, ctx)
    module.runtime = module.Runtime()
    module.status_bar = module.StatusBar()
    module.ticks_ms = ctx.machine.ticks_ms
    module.reload = reload
    module.set_usb_identification = functools.partial(set_usb_identification, ctx)
    module.get_setting = functools.partial(get_setting, ctx)
    module.get_previous_traceback = get_previous_traceback
    module.set_next_code_file = set_next_code_file
    module.reset_terminal = reset_terminal
    return module
