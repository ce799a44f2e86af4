"""Simulated `supervisor`, `rtc`, `time`, `os` and `gc` for one firmware run.

`time.sleep` is where the firmware thread meets simulated time; the `time` given to
code.py marks the end of each main-loop step with it. `os.getenv` answers from
settings.toml as `settings_file` read it (str values, like CircuitPython 10.2+);
`os` sees the drive as `/`.
"""

import calendar
import errno
import os as host_os
import time as host_time
import types

EPOCH_2000 = 946684800
NS = 1_000_000_000
HEAP_BYTES = {"rp2040": 192_000, "nrf52840": 160_000, "esp32": 2_000_000}


def build_supervisor(ctx):
    machine = ctx.machine
    module = types.ModuleType("supervisor", "Simulated supervisor")
    run_reason = type("RunReason", (), {n: n for n in (
        "STARTUP", "AUTO_RELOAD", "SUPERVISOR_RELOAD", "REPL_RELOAD")})
    safe_reason = type("SafeModeReason", (), {"NONE": "NONE",
                                              "USB_TOO_MANY_ENDPOINTS": "USB_TOO_MANY_ENDPOINTS"})

    class Runtime:
        __slots__ = ("autoreload", "rgb_status_brightness")

        def __init__(self):
            self.autoreload = True
            self.rgb_status_brightness = 255

        usb_connected = property(lambda self: machine.usb_connected)
        serial_connected = property(lambda self: machine.usb_connected and ctx.usb.console)
        serial_bytes_available = property(lambda self: 0)
        run_reason = property(lambda self: run_reason.STARTUP)
        safe_mode_reason = property(lambda self: safe_reason.NONE)

    class StatusBar:
        __slots__ = ("console", "display")

        def __init__(self):
            self.console = True
            self.display = True

    def set_usb_identification(manufacturer=None, product=None, vid=-1, pid=-1):
        if ctx.phase != "boot":
            raise RuntimeError("Cannot change USB devices now")
        ctx.boot_calls.append(("supervisor.set_usb_identification", (),
                               {"manufacturer": manufacturer, "product": product,
                                "vid": vid, "pid": pid}))

    def reload():
        from .microcontroller import ResetRequested
        raise ResetRequested("RELOAD")

    def get_setting(key, default=None):
        value = ctx.settings.get(key)
        return default if value is None else value

    module.RunReason = run_reason
    module.SafeModeReason = safe_reason
    module.Runtime = Runtime
    module.StatusBar = StatusBar
    module.runtime = Runtime()
    module.status_bar = StatusBar()
    module.ticks_ms = machine.ticks_ms
    module.reload = reload
    module.set_usb_identification = set_usb_identification
    module.get_setting = get_setting
    module.get_previous_traceback = lambda: None
    module.set_next_code_file = lambda filename, working_directory=None, **kwargs: None
    module.reset_terminal = lambda x_pixels, y_pixels: None
    return module


def _board_seconds(ctx):
    """The microcontroller's own clock: 2000-01-01 at power-on unless rtc sets it."""
    since_boot = (ctx.machine.clock.now_ns() - ctx.boot_ns) // NS
    return EPOCH_2000 + since_boot + ctx.internal_rtc_offset


def build_rtc(ctx):
    module = types.ModuleType("rtc", "Simulated rtc (the microcontroller's own clock)")

    class RTC:
        __slots__ = ()

        @property
        def datetime(self):
            return host_time.gmtime(_board_seconds(ctx))

        @datetime.setter
        def datetime(self, value):
            ctx.internal_rtc_offset += calendar.timegm(tuple(value)[:9]) - _board_seconds(ctx)

        @property
        def calibration(self):
            return ctx.rtc_calibration

        @calibration.setter
        def calibration(self, value):
            if not -127 <= value <= 127:
                raise ValueError("calibration must be -127 to 127")
            ctx.rtc_calibration = value

    def set_time_source(rtc):
        ctx.time_source = rtc

    module.RTC = RTC
    module.set_time_source = set_time_source
    return module


def build_time(ctx, step_sleep):
    """`time` as CircuitPython has it. `step_sleep`: this sleep ends a main-loop step."""
    scheduler = ctx.machine.scheduler
    module = types.ModuleType("time", "Simulated time")

    def now_seconds():
        if ctx.time_source is not None:
            return calendar.timegm(tuple(ctx.time_source.datetime)[:9])
        return _board_seconds(ctx)

    def monotonic_ns():
        return ctx.machine.clock.now_ns() - ctx.boot_ns

    def sleep(seconds):
        scheduler.sleep(seconds, step_end=step_sleep)

    def localtime(secs=None):
        return host_time.gmtime(now_seconds() if secs is None else secs)

    def mktime(t):
        return calendar.timegm(tuple(t)[:9])

    module.struct_time = host_time.struct_time
    module.monotonic_ns = monotonic_ns
    module.monotonic = lambda: monotonic_ns() / NS
    module.sleep = sleep
    module.time = now_seconds
    module.localtime = localtime
    module.mktime = mktime
    return module


def build_os(ctx):
    module = types.ModuleType("os", "Simulated os (CircuitPython subset; / is the drive)")
    root = ctx.drive_root

    def host_path(path):
        path = str(path)
        joined = host_os.path.normpath(host_os.path.join(ctx.cwd, path))
        return host_os.path.join(root, joined.lstrip("/"))

    def read_only(*args, **kwargs):
        if not ctx.usb.drive_writable_by_code:
            raise OSError(errno.EROFS, "Read-only filesystem")
        raise OSError(errno.EPERM, "the simulator does not write to the drive")

    def getenv(key, default=None):
        return ctx.settings.get(key, default)

    def chdir(path):
        target = host_os.path.normpath(host_os.path.join(ctx.cwd, path))
        if not host_os.path.isdir(host_path(target)):
            raise OSError(errno.ENOENT, "No such file/directory")
        ctx.cwd = target

    def uname():
        profile = ctx.machine.profile
        chip = profile.machine.rpartition(" with ")[2]
        return host_os.uname_result((chip, chip, "10.0.0", "10.0.0 (simulated totp-token)",
                                     profile.machine))

    def statvfs(path):
        return (512, 512, 2048, 1024, 1024, 0, 0, 0, 0, 255)

    module.getenv = getenv
    module.listdir = lambda path=".": sorted(host_os.listdir(host_path(path)))
    module.stat = lambda path: tuple(host_os.stat(host_path(path)))[:10]
    module.statvfs = statvfs
    module.getcwd = lambda: ctx.cwd
    module.chdir = chdir
    module.sync = lambda: None
    module.urandom = host_os.urandom
    module.uname = uname
    module.sep = "/"
    module.mkdir = module.remove = module.rmdir = module.rename = read_only
    ctx.host_path = host_path
    return module


def build_gc(ctx):
    import gc as host_gc

    module = types.ModuleType("gc", "Simulated gc (CircuitPython API)")
    heap = HEAP_BYTES.get(ctx.machine.profile.port, 192_000)
    module.collect = host_gc.collect
    module.enable = host_gc.enable
    module.disable = host_gc.disable
    module.isenabled = host_gc.isenabled
    module.mem_alloc = lambda: heap // 4
    module.mem_free = lambda: heap - heap // 4
    module.threshold = lambda amount=None: -1 if amount is None else None
    return module
