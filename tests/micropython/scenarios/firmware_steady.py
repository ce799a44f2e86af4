"""The token's steady state: the app with one TOTP account, display on, no presses,
second by second, with the real adafruit_ds3231 driver (and adafruit_register,
adafruit_bus_device, copied into lib/) reading a DS3231 answered by a register-level
fake I2C bus whose second turns over part way into each simulated second.

Inputs: ``start`` [year, month, day, hour, minute, second] on the chip, ``phase_ms``
(when in each second the chip's second turns over), ``seconds`` (how many to measure),
``issuer`` (the account's label). Results: ``seconds`` ([date reads, the chip's second]
for each measured second), ``redraws``, ``screen`` (the panel buffer, hex). Heap
(MicroPython only): ``seconds``, the bytes each measured second allocated.
"""

import time
from collections import namedtuple

import adafruit_ds3231
from device_fakes import Keys, Panel, Ticks
from scenario import emit, inputs, mem_alloc

from totp.account import Account
from totp.app import App
from totp.clock import Clock
from totp.hardware import board_defaults
from totp.settings import Settings
from totp.store import Store

if not hasattr(time, "struct_time"):  # CircuitPython's (this MicroPython port has none)
    _Stamp = namedtuple("struct_time", ("tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min",
                                        "tm_sec", "tm_wday", "tm_yday", "tm_isdst"))

    def struct_time(fields):
        return _Stamp(*fields)  # a 9-field tuple per call, as on a board

    time.struct_time = struct_time


def bcd(value):
    return (value // 10) << 4 | value % 10


class DS3231Bus:
    """busio.I2C with one DS3231 at 0x68: registers 0-6 BCD time, 0x0F status."""

    def __init__(self, fields):
        self.regs = bytearray(0x13)
        year, month, day, hour, minute, second = fields
        for reg, value in ((0, second), (1, minute), (2, hour), (3, 5), (4, day),
                           (5, month), (6, year - 2000)):
            self.regs[reg] = bcd(value)
        self.date_reads = 0

    def try_lock(self):
        return True

    def unlock(self):
        pass

    def writeto(self, address, buffer, *, start=0, end=None):
        if address != 0x68:
            raise OSError(19)

    def readfrom_into(self, address, buffer, *, start=0, end=None):
        raise OSError(19)

    def writeto_then_readfrom(self, address, out_buffer, in_buffer, *, out_start=0,
                              out_end=None, in_start=0, in_end=None):
        pointer = out_buffer[out_start]
        if pointer == 0 and in_end - in_start >= 7:  # the whole date, not the seconds byte
            self.date_reads += 1
        for index in range(in_start, in_end):
            in_buffer[index] = self.regs[pointer]
            pointer += 1

    def tick(self):
        """One second on (within the hour: a run is a few minutes long)."""
        for reg, limit in ((0, 60), (1, 60)):
            value = (self.regs[reg] >> 4) * 10 + (self.regs[reg] & 15) + 1
            if value < limit:
                self.regs[reg] = bcd(value)
                return
            self.regs[reg] = 0

    def chip_second(self):
        return (self.regs[0] >> 4) * 10 + (self.regs[0] & 15)


class Devices:
    pass


given = inputs()
ticks = Ticks((1 << 29) - 30000)  # supervisor.ticks_ms wraps during the run
bus = DS3231Bus(given["start"])
devices = Devices()
devices.settings = Settings({"TOTP_IDLE_SECONDS": "0"}.get, board_defaults("x"))
devices.clock = Clock(adafruit_ds3231.DS3231(bus), ticks)
devices.display = Panel(32)
devices.keys = Keys()
devices.buttons = ("A", "B", "C")
devices.keyboard = None
devices.serial = None
devices.nvm = bytearray(b"\xff" * 4096)
devices.port = "rp2040"
devices.ticks_ms = ticks
devices.usb_connected = lambda: True
devices.board_id = "mpy"
devices.uid = "00"
devices.missing = []
devices.warnings = []
Store(devices.nvm).add(Account(b"12345678901234567890", issuer=given["issuer"], name="alice"))
app = App(devices)


def run_second(phase_ms):
    """100 steps of 10 ms; the chip's second turns over ``phase_ms`` into it."""
    for step in range(100):
        if step * 10 == phase_ms:
            bus.tick()
        app.step()
        ticks.ms = (ticks.ms + 10) & ((1 << 29) - 1)


def measure(count, phase_ms):
    seconds, allocated = [], []
    for _ in range(count):
        reads = bus.date_reads
        before = mem_alloc()
        run_second(phase_ms)
        allocated.append(mem_alloc() - before)
        seconds.append([bus.date_reads - reads, bus.chip_second()])
    return seconds, allocated


for _ in range(3):  # boot: the first reading, the lock onto the chip's second, a code
    run_second(given["phase_ms"])
shows = devices.display.shows
seconds, allocated = measure(given["seconds"], given["phase_ms"])
emit({"seconds": seconds, "redraws": devices.display.shows - shows,
      "screen": bytes(devices.display.buf).hex()}, {"seconds": allocated})
