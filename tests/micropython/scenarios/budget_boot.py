# The firmware's devices as code.py builds them, on fakes: a DS3231 (2027-01-15
# 12:00:05) and an SSD1306 on one fake I2C bus with the real Adafruit drivers, and
# adafruit_hid's Keyboard on a fake boot-keyboard device. Runs after heap_baseline.py
# (it uses its ``nvm``); budget_phases.py then boots the app.
#
# Globals left for later scenarios: ``devices``, ``ticks``, ``mem_alloc``, ``App``,
# ``Store``.
# (Comments, not a docstring: MicroPython keeps a script's docstring as ``__doc__``,
# heap this measurement would count.)

import sys
import time
from collections import namedtuple

if sys.implementation.name == "cpython":
    class _UsbHid:
        """usb_hid as adafruit_hid imports it, for CPython only: Blinka's usb_hid needs a
        Linux USB gadget, and MicroPython has none (adafruit_hid's ImportError path)."""

        class Device:
            pass

    sys.modules["usb_hid"] = _UsbHid

import adafruit_ds3231  # noqa: E402
import adafruit_ssd1306  # noqa: E402
from adafruit_hid.keyboard import Keyboard  # noqa: E402
from device_fakes import Keys, Ticks  # noqa: E402
from scenario import mem_alloc  # noqa: E402, F401 - for budget_phases

from totp.app import App  # noqa: E402, F401 - imported with the devices, for budget_phases
from totp.clock import Clock  # noqa: E402
from totp.hardware import board_defaults  # noqa: E402
from totp.settings import Settings  # noqa: E402
from totp.store import Store  # noqa: E402, F401 - imported with the devices, for budget_phases

if not hasattr(time, "struct_time"):  # CircuitPython's (this MicroPython port has none)
    _Stamp = namedtuple("struct_time", ("tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min",
                                        "tm_sec", "tm_wday", "tm_yday", "tm_isdst"))
    time.struct_time = lambda fields: _Stamp(*fields)


# comments, not docstrings, in what the measurement keeps: a docstring could be heap
class Bus:
    # busio.I2C with a DS3231 at 0x68 (2027-01-15 12:00:05) and an SSD1306 at 0x3C

    def __init__(self):
        self.regs = bytearray(b"\x05\x00\x12\x05\x15\x01\x27" + bytes(12))

    def try_lock(self):
        return True

    def unlock(self):
        pass

    def writeto(self, address, buffer, *, start=0, end=None):
        if address not in (0x68, 0x3C):
            raise OSError(19)

    def readfrom_into(self, address, buffer, *, start=0, end=None):
        raise OSError(19)

    def writeto_then_readfrom(self, address, out_buffer, in_buffer, *, out_start=0,
                              out_end=None, in_start=0, in_end=None):
        pointer = out_buffer[out_start]
        for index in range(in_start, in_end):
            in_buffer[index] = self.regs[pointer % len(self.regs)]
            pointer += 1


class Hid:
    # usb_hid.Device's surface for adafruit_hid: a boot keyboard

    usage_page = 1
    usage = 6

    def send_report(self, report, report_id=None):
        pass


class Devices:
    pass


ticks = Ticks(1000)
bus = Bus()
devices = Devices()
devices.settings = Settings({"TOTP_IDLE_SECONDS": "0"}.get, board_defaults("x"))
devices.clock = Clock(adafruit_ds3231.DS3231(bus), ticks)
devices.display = adafruit_ssd1306.SSD1306_I2C(128, 32, bus)
devices.keys = Keys()
devices.buttons = ("A", "B", "C")
devices.keyboard = Keyboard([Hid()])
devices.serial = None
devices.nvm = nvm  # noqa: F821 - heap_baseline.py's
devices.port = "rp2040"
devices.ticks_ms = ticks
devices.usb_connected = lambda: True
devices.board_id = "budget"
devices.uid = "00"
devices.missing = []
