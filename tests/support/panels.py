"""The OLED panel the CPython tests draw on: the real adafruit_framebuf surface, read back as text.

device_fakes.Panel is the other panel: a plain stand-in without adafruit_framebuf, for the
MicroPython runs (which copy that file in). The two are kept apart on purpose: this one
proves the screens on the real library, that one lets MicroPython count allocations.
"""

import adafruit_framebuf
from totp_token.sim.frontends import screen_text


class Panel(adafruit_framebuf.FrameBuffer):
    """The drawing surface of adafruit_ssd1306.SSD1306_I2C: an MVLSB FrameBuffer over
    ``buffer[1:]`` (byte 0 is the I2C data prefix), plus show/poweroff/poweron."""

    def __init__(self, height):
        self.buffer = bytearray(128 * height // 8 + 1)
        self.buffer[0] = 0x40
        super().__init__(memoryview(self.buffer)[1:], 128, height, adafruit_framebuf.MVLSB)
        self.shows = 0
        self.powered = True

    def show(self):
        self.shows += 1

    def poweroff(self):
        self.powered = False

    def poweron(self):
        self.powered = True

    def text(self):
        return screen_text.read_screen(screen_text.rows_from_buffer(self.buf, 128, self.height))
