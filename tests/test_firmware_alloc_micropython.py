"""The token's memory budget under real MicroPython 1.27: two minutes of steady state
(display on, one TOTP account, no presses) with the real adafruit_ds3231 driver (and
adafruit_register, adafruit_bus_device) reading a DS3231 answered by a register-level
fake I2C bus. gc.mem_alloc counts every byte (this port frees nothing while running).

The budget (for a short label and for one that scrolls): a second allocates nothing
unless the code changes in it (one HOTP computation: the next step's code) or the clock
read the chip's date in it (a resync: the driver builds a struct_time per read). The
chip's date is read at boot and then only every ``clock.RESYNC_MS``, a few reads each
time until its second changes.
"""

import json
from pathlib import Path

import adafruit_bus_device
import adafruit_ds3231
import adafruit_register
import pytest
from support.mpy import run_micropython
from totp_token.sim.frontends.screen_text import group, read_screen, rows_from_buffer

from totp import clock
from totp.otp import OTP

SECRET = b"12345678901234567890"
START = (2027, 1, 15, 12, 0, 5)  # a time step starts at :00 and :30
PHASE_MS = 370  # the chip's second turns over this far into each simulated second
SECONDS = 120
NEW_CODES = SECONDS // 30
RESYNCS = SECONDS * 1000 // clock.RESYNC_MS + 1
# Measured on MicroPython 1.27 (wasm32, small ints below 2**30 like a board): a new code
# 160 bytes (the HOTP's code string and a few small objects: the step's code is the
# previous step's next code), a resync about 1400 bytes over its two seconds (five reads:
# each a struct_time and its field tuple, the UTC seconds as a heap int).
NEW_CODE_BYTES = 256
RESYNC_BYTES = 5 * 320
LIBS = (Path(adafruit_ds3231.__file__), Path(adafruit_register.__file__).parent,
        Path(adafruit_bus_device.__file__).parent)

FILES = ("totp", "tests/support/device_fakes.py")  # device_fakes: the shared Panel, Keys, Ticks

SCRIPT = r"""
import gc, json, sys, time
sys.path.append("/tests/support")
from device_fakes import Keys, Panel, Ticks
from collections import namedtuple
from totp.account import Account
from totp.app import App
from totp.clock import Clock
from totp.hardware import board_defaults
from totp.settings import Settings
from totp.store import Store

# CircuitPython's time.struct_time (this port has none): a 9-field tuple per call
_Stamp = namedtuple("struct_time", ("tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min",
                                    "tm_sec", "tm_wday", "tm_yday", "tm_isdst"))
def struct_time(fields):
    return _Stamp(*fields)
time.struct_time = struct_time

def bcd(value):
    return (value // 10) << 4 | value % 10

class DS3231Bus:
    # busio.I2C with one DS3231 at 0x68: registers 0-6 BCD time, 0x0F status (OSF bit 7)
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
        # one second on (within the hour: the run is two minutes long)
        for reg, limit in ((0, 60), (1, 60)):
            value = (self.regs[reg] >> 4) * 10 + (self.regs[reg] & 15) + 1
            if value < limit:
                self.regs[reg] = bcd(value)
                return
            self.regs[reg] = 0

class Devices:
    pass

import adafruit_ds3231
ticks = Ticks((1 << 29) - 30000)  # supervisor.ticks_ms wraps during the run
bus = DS3231Bus(@START@)
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
Store(devices.nvm).add(Account(b"12345678901234567890", issuer=@ISSUER@, name="alice"))
app = App(devices)

def run_second():
    # 100 steps of 10 ms; the chip's second turns over part way into it
    for step in range(100):
        if step * 10 == @PHASE_MS@:
            bus.tick()
        app.step()
        ticks.ms = (ticks.ms + 10) & ((1 << 29) - 1)

for _ in range(3):  # boot: the first reading, the lock onto the chip's second, a code
    run_second()
seconds = []
shows = devices.display.shows
gc.collect()
for _ in range(@SECONDS@):
    reads = bus.date_reads
    before = gc.mem_alloc()
    run_second()
    seconds.append([gc.mem_alloc() - before, bus.date_reads - reads,
                    (bus.regs[0] >> 4) * 10 + (bus.regs[0] & 15)])
print(json.dumps({"seconds": seconds, "redraws": devices.display.shows - shows,
                  "screen": bytes(devices.display.buf).hex()}))
""".replace("@START@", repr(START)).replace("@PHASE_MS@", str(PHASE_MS)).replace(
    "@SECONDS@", str(SECONDS))


@pytest.fixture(scope="module", params=["GitHub", "Yoyodyne Propulsion Systems"],
                ids=["short-label", "scrolling-label"])
def run(request):
    script = SCRIPT.replace("@ISSUER@", repr(request.param))
    output = run_micropython(script, files=FILES, libs=LIBS)
    return json.loads(output.strip().splitlines()[-1])


def test_seconds_without_a_new_code_or_a_clock_read_allocate_nothing(run):
    quiet = [alloc for alloc, reads, chip_second in run["seconds"]
             if not reads and chip_second % 30 != 0]
    assert len(quiet) >= SECONDS - NEW_CODES - 2 * RESYNCS  # a resync spans two seconds at most
    assert quiet == [0] * len(quiet)
    assert run["redraws"] >= SECONDS  # every second, and as a long label scrolls


def test_the_chip_date_is_read_rarely(run):
    reads = sum(entry[1] for entry in run["seconds"])
    assert 0 < reads <= RESYNCS * 5  # each resync reads until the chip's second changes


def test_two_minutes_allocate_a_small_bounded_total(run):
    new_codes = [entry[0] for entry in run["seconds"] if entry[2] % 30 == 0 and not entry[1]]
    resync_seconds = [entry[0] for entry in run["seconds"] if entry[1]]
    total = sum(entry[0] for entry in run["seconds"])
    print("allocated over %d s: %d bytes; per new code %s; per resync second %s"
          % (SECONDS, total, new_codes, resync_seconds))
    assert len(new_codes) == NEW_CODES and max(new_codes) <= NEW_CODE_BYTES
    assert total <= NEW_CODES * NEW_CODE_BYTES + RESYNCS * RESYNC_BYTES  # 5824 bytes


def test_the_screen_still_shows_the_right_code_and_seconds(run):
    start = clock.unix_from_fields(*START)
    now = start + 3 + SECONDS  # boot seconds, then the measured ones
    lines = read_screen(rows_from_buffer(bytes.fromhex(run["screen"]), 128, 32))
    assert group(OTP(SECRET).totp(now)) in lines
    assert "%ds" % (30 - now % 30) in lines[-1]
