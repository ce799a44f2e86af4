"""Byte pipes behind `usb_cdc`: the data port is a real pseudo-terminal, the console a log.

The pty outlives firmware runs (its path is what the host tool opens). The token side
reads the master end without blocking; the slave end is put in raw mode (no echo,
no line editing), as a USB CDC port is.
"""

import errno
import os
import select
import termios
import time
import tty

CHUNK = 4096


class PtyPipe:
    def __init__(self):
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        tty.setraw(self.master)
        os.set_blocking(self.master, False)
        self.path = os.ttyname(self.slave)
        self._inbox = bytearray()

    def pump(self):
        """Move whatever the host wrote into the token's receive buffer."""
        while True:
            try:
                chunk = os.read(self.master, CHUNK)
            except BlockingIOError:
                return
            except OSError as exc:
                if exc.errno == errno.EIO:  # no host side open
                    return
                raise
            if not chunk:
                return
            self._inbox += chunk

    def available(self):
        self.pump()
        return len(self._inbox)

    def take(self, count):
        data = bytes(self._inbox[:count])
        del self._inbox[:count]
        return data

    def find(self, byte):
        return self._inbox.find(byte)

    def wait_readable(self, seconds):
        if self._inbox:
            return
        select.select([self.master], [], [], max(0.0, seconds))

    def write_some(self, data, deadline, stop_check):
        """Write until done or `deadline` (monotonic seconds, None: never) passes."""
        written = 0
        view = memoryview(data)
        while written < len(view):
            stop_check()
            try:
                written += os.write(self.master, view[written:])
                continue
            except BlockingIOError:
                pass
            if deadline is not None and time.monotonic() >= deadline:
                break
            select.select([], [self.master], [], 0.05)
        return written

    def clear_input(self):
        self.pump()
        self._inbox.clear()

    def clear_output(self):
        termios.tcflush(self.slave, termios.TCIFLUSH)

    def close(self):
        for fd in (self.master, self.slave):
            try:
                os.close(fd)
            except OSError:
                pass


class ConsolePipe:
    """The REPL console: what the firmware writes is logged; nobody types into it."""

    def __init__(self, sink):
        self._sink = sink
        self._inbox = bytearray()

    def pump(self):
        pass

    def available(self):
        return 0

    def take(self, count):
        return b""

    def find(self, byte):
        return -1

    def wait_readable(self, seconds):
        time.sleep(min(seconds, 0.05))

    def write_some(self, data, deadline, stop_check):
        self._sink(bytes(data).decode("utf-8", "replace"))
        return len(data)

    def clear_input(self):
        pass

    def clear_output(self):
        pass
