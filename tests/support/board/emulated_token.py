"""A token of real parts: a CircuitPython UF2 running in rp2040py, wired like the Pico profile.

The board: the UF2 in flash, the CIRCUITPY drive image at CircuitPython's drive
offset, the simulator's DS3231 (clocked by emulated time) and SSD1306 (128x64) on
I2C0 at GP4/GP5 (block and pin level, with pull-ups), buttons A/B/C on GP13/14/15
to GND, and a USB host (``UsbHost``). Calls from the test thread that touch the
emulator go through ``on_emulator`` so they run between instruction batches.
"""

import re
import time

from rp2040py.boards import BoardSpec, FlashLayout
from rp2040py.device.base_device import BaseDevice
from rp2040py.external.key_mock import KeyMock
from totp_token.sim.chips.ds3231 import DS3231Model
from totp_token.sim.chips.ssd1306 import SSD1306Model

from . import drive_image
from .i2c_devices import I2CBlockBus, PinLevelTarget
from .usb_host import UsbHost

# where CircuitPython for raspberry_pi_pico keeps its drive in the emulator's flash
DRIVE_OFFSET = 0x100000
DRIVE_LAYOUT = FlashLayout(fs_start=DRIVE_OFFSET, fs_blockcount=drive_image.IMAGE_SIZE // 4096,
                           fs_blocksize=4096)
# the Pico profile of totp/hardware.py
SDA_PIN = 4
SCL_PIN = 5
BUTTON_PINS = {"A": 13, "B": 14, "C": 15}
OLED_HEIGHT = 64
NS = 1_000_000_000
BANNER = re.compile(rb"Adafruit CircuitPython (\d+\.\d+\.\d+[\w.+-]*) on (\d{4}-\d\d-\d\d)")


def uf2_version(path):
    """(version, build date) from the banner string inside a CircuitPython UF2, or None."""
    data = bytearray()
    raw = path.read_bytes()
    for start in range(0, len(raw) - 511, 512):  # the payloads of the 512-byte UF2 blocks
        size = int.from_bytes(raw[start + 16:start + 20], "little")
        data += raw[start + 32:start + 32 + size]
    found = BANNER.search(bytes(data))
    if found is None:
        return None
    return found.group(1).decode(), found.group(2).decode()


class EmulatedClock:
    """Emulated time, in the shape the chip models read (``now_ns``)."""

    def __init__(self, mcu_clock):
        self._clock = mcu_clock

    def now_ns(self):
        return int(self._clock.nanos)


class EmulatedToken:
    def __init__(self, uf2, image):
        self.device = BaseDevice(board=BoardSpec(image=str(uf2), layout=DRIVE_LAYOUT))
        self.mcu = self.device.mcu
        self.mcu.flash[DRIVE_OFFSET:DRIVE_OFFSET + len(image)] = image
        self.clock = EmulatedClock(self.mcu.clock)
        self.rtc = DS3231Model(self.clock)
        self.oled = SSD1306Model(width=128, height=OLED_HEIGHT)
        models = (self.rtc, self.oled)
        self.i2c_bus = I2CBlockBus(self.mcu.i2c[0], models)
        self.pins = PinLevelTarget(self.mcu, SDA_PIN, SCL_PIN, models)
        self.buttons = {name: KeyMock(gpio=pin, active_high=False)
                        for name, pin in BUTTON_PINS.items()}
        for button in self.buttons.values():
            button.attach(self.mcu)
        self.usb = UsbHost(self.device)

    # -- life cycle -----------------------------------------------------------------

    def power_on(self, timeout):
        """Boot from reset until the board enumerates on USB."""
        self.device.start_async(timeout).result(timeout + 5)

    def replug(self, timeout):
        """Unplug and plug in again, until the board enumerates: RAM and the OLED lose power,
        flash (drive and nvm) and the DS3231 (on its coin cell) keep what they hold."""
        self.on_emulator(self.oled.power_on_reset)
        self.device.hard_reset_async(timeout).result(timeout + 5)

    def close(self):
        self.device.stop()
        self.usb.close()

    # -- reading and touching the board ---------------------------------------------

    def on_emulator(self, function, timeout=60):
        async def run():
            return function()

        return self.device.simulator.call(run(), timeout)

    def press(self, name):
        self.on_emulator(self.buttons[name].press)

    def release(self, name):
        self.on_emulator(self.buttons[name].release)

    def emulated_seconds(self):
        return self.clock.now_ns() / NS

    def run_for(self, emulated_seconds, timeout):
        """Let the firmware run for a span of emulated time (a press must last a while)."""
        end = self.emulated_seconds() + emulated_seconds
        wait_until(lambda: self.emulated_seconds() >= end, timeout, "emulated time to pass")

    def screen_rows(self):
        return self.on_emulator(self.oled.pixel_rows)

    def drive_image(self):
        """The drive as it is in flash now (what the firmware wrote included)."""
        return self.on_emulator(
            lambda: bytes(self.mcu.flash[DRIVE_OFFSET:DRIVE_OFFSET + drive_image.IMAGE_SIZE]))


def wait_until(condition, timeout, what, poll=0.5):
    """Poll ``condition`` (wall time) until it holds; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError("waited %d s (wall) for %s" % (timeout, what))
        time.sleep(poll)

