"""Simulated `usb_cdc` for one firmware run: `Serial` over the pipes in `usb_host.serial_pty`.

`data` exists only if boot.py enabled it, like on the board; timeouts are real
seconds (the host on the other end of the pty lives in real time).
"""

import functools
import time
import types

from ._bind import bound
from ._usb import boot_only

POLL_SECONDS = 0.05


class Serial:
    """Bound per run with `_ctx`; the firmware gets `console` and `data`, never makes one."""

    __slots__ = ("_pipe", "_timeout", "_write_timeout")
    _ctx = None

    def __init__(self, pipe=None):
        if pipe is None:
            raise NotImplementedError("usb_cdc.Serial cannot be created: use usb_cdc.data")
        self._pipe = pipe
        self._timeout = None
        self._write_timeout = None

    def _wait_for(self, ready):
        """Wait per `timeout` (None: forever) until ready() is true."""
        stop_check = self._ctx.machine.scheduler.check_stop
        deadline = None if self._timeout is None else time.monotonic() + self._timeout
        while True:
            self._pipe.pump()
            if ready():
                return
            stop_check()
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return
            else:
                left = POLL_SECONDS
            self._pipe.wait_readable(min(left, POLL_SECONDS))

    def read(self, size=-1):
        pipe = self._pipe
        if size is None or size < 0:
            self._wait_for(lambda: pipe.available() > 0)
            return pipe.take(pipe.available())
        self._wait_for(lambda: pipe.available() >= size)
        return pipe.take(size)

    def readinto(self, buf):
        data = self.read(len(buf))
        buf[:len(data)] = data
        return len(data)

    def readline(self, size=-1):
        pipe = self._pipe

        def line_ready():
            newline = pipe.find(b"\n")
            return newline >= 0 or (0 <= size <= pipe.available())

        self._wait_for(line_ready)
        newline = pipe.find(b"\n")
        count = pipe.available() if newline < 0 else newline + 1
        if size is not None and size >= 0:
            count = min(count, size)
        return pipe.take(count)

    def readlines(self):
        lines = []
        while True:
            line = self.readline()
            if not line:
                return lines
            lines.append(line)

    def write(self, buf):
        deadline = (None if self._write_timeout is None
                    else time.monotonic() + self._write_timeout)
        return self._pipe.write_some(bytes(buf), deadline, self._ctx.machine.scheduler.check_stop)

    def flush(self):
        pass

    def reset_input_buffer(self):
        self._pipe.clear_input()

    def reset_output_buffer(self):
        self._pipe.clear_output()

    connected = property(lambda self: self._ctx.machine.usb_connected)
    in_waiting = property(lambda self: self._pipe.available())
    out_waiting = property(lambda self: 0)

    @property
    def timeout(self):
        return self._timeout

    @timeout.setter
    def timeout(self, value):
        if value is not None and value < 0:
            raise ValueError("timeout must be >= 0.0")
        self._timeout = value

    @property
    def write_timeout(self):
        return self._write_timeout

    @write_timeout.setter
    def write_timeout(self, value):
        if value is not None and value < 0:
            raise ValueError("write_timeout must be >= 0.0")
        self._write_timeout = value


def enable(ctx, *, console=True, data=False):
    boot_only(ctx, "usb_cdc.enable", (), {"console": console, "data": data})
    ctx.usb.console = bool(console)
    ctx.usb.data = bool(data)


def disable(ctx):
    boot_only(ctx, "usb_cdc.disable")
    ctx.usb.console = ctx.usb.data = False


def build(ctx):
    module = types.ModuleType("usb_cdc", "Simulated usb_cdc")
    usb = ctx.usb
    live = not ctx.booting
    serial = bound(Serial, ctx)
    module.Serial = serial
    module.enable = functools.partial(enable, ctx)
    module.disable = functools.partial(disable, ctx)
    module.console = serial(ctx.console_pipe) if usb.console or not live else None
    module.data = serial(ctx.machine.serial) if usb.data and live else None
    return module
