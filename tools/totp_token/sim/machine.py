"""The simulated hardware that outlives a firmware run: pins, buttons, chips, USB host, nvm.

A reboot throws away the firmware and its simulated core modules, not this: the RTC
keeps time, nvm keeps its bytes, the pseudo-terminal keeps its path.
"""

from . import boards
from .chips.ds3231 import DS3231Model
from .chips.fram import FramModel
from .chips.ssd1306 import SSD1306Model
from .circuitpython import alarm
from .clock import Scheduler, SimClock
from .usb_host.hid_host import HidHost

PART_RTC = "rtc"
PART_OLED = "oled"
PART_FRAM = "fram"  # an optional MB85RC256V FRAM breakout (TOTP_STORAGE = "fram")
PARTS = (PART_RTC, PART_OLED)
ALL_PARTS = PARTS + (PART_FRAM,)


class Pin:
    """A microcontroller pin (``microcontroller.Pin``): identity only, like the real one."""

    __slots__ = ("_mcu_name", "_board_name")

    def __init__(self, mcu_name, board_name):
        self._mcu_name = mcu_name
        self._board_name = board_name

    def __repr__(self):
        if self._board_name:
            return "board.%s" % self._board_name
        return "microcontroller.pin.%s" % self._mcu_name

    def __hash__(self):
        return id(self)


class Machine:
    def __init__(self, profile, buttons=None, parts=PARTS, layout="us", numlock=True,
                 nvm=None, oled_size=None):
        self.profile = profile
        self.clock = SimClock()
        self.boot_ns = self.clock.now_ns()  # last power-on: ticks_ms counts from here
        self.scheduler = Scheduler(self.clock)
        self.mcu_pins = {}
        for mcu_name in profile.mcu_pin_names():
            board_names = sorted(n for n, m in profile.pins.items() if m == mcu_name)
            self.mcu_pins[mcu_name] = Pin(mcu_name, board_names[0] if board_names else None)
        self.board_pins = {name: self.mcu_pins[mcu] for name, mcu in profile.pins.items()}
        count = 3 if buttons is None else buttons
        if not 0 <= count <= 3:
            raise ValueError("buttons must be 1, 2 or 3, not %r" % (buttons,))
        # button name -> pin; fewer buttons means A, then B, are the ones wired
        self.button_pins = {name: self.board_pins[profile.buttons[name]]
                            for name in boards.BUTTON_NAMES[:count]}
        self.buttons_down = set()
        self.pin_listeners = []      # objects with .pins_changed() (keypad.Keys)
        unknown = set(parts) - set(ALL_PARTS)
        if unknown:
            raise ValueError("unknown parts %s: choose from %s"
                             % (sorted(unknown), ", ".join(ALL_PARTS)))
        self.parts = tuple(parts)
        width, height = oled_size or profile.oled_size
        self.rtc = DS3231Model(self.clock)
        self.oled = SSD1306Model(width, height)
        scl, sda = profile.i2c_pins
        self.i2c_wiring = (self.board_pins[scl], self.board_pins[sda])
        self.i2c_targets = {}
        if PART_RTC in parts:
            self.i2c_targets[self.rtc.address] = self.rtc
        if PART_OLED in parts:
            self.i2c_targets[self.oled.address] = self.oled
        self.fram = FramModel()
        if PART_FRAM in parts:
            self.i2c_targets[self.fram.address] = self.fram
            self.i2c_targets[self.fram.id_endpoint.address] = self.fram.id_endpoint
        self.host = HidHost(layout, numlock)
        self.nvm = nvm
        self.sleep_memory = alarm.new_sleep_memory()  # kept across resets, not power-ons
        self.uid = bytes(8)          # microcontroller.cpu.uid; the runner gives each its own
        self.usb_connected = True
        self.serial = None           # the pseudo-terminal, opened by the runner
        self.console_lines = []      # what the firmware printed (REPL console)
        self.typed_log = []          # decoded texts, one per burst

    def button_pin(self, name):
        try:
            return self.button_pins[name]
        except KeyError:
            wired = ", ".join(sorted(self.button_pins)) or "none"
            raise ValueError("no button %r on this board (wired: %s)" % (name, wired)) from None

    def pin_level(self, pin, pull_up):
        """Logic level of an input pin: buttons pull to GND when pressed."""
        for name, button_pin in self.button_pins.items():
            if button_pin is pin and name in self.buttons_down:
                return False
        return pull_up is not False

    def set_button(self, name, pressed):
        self.button_pin(name)
        if pressed:
            self.buttons_down.add(name)
        else:
            self.buttons_down.discard(name)
        for listener in list(self.pin_listeners):
            listener.pins_changed()

    def ticks_ms(self):
        since_boot_ms = (self.clock.now_ns() - self.boot_ns) // 1_000_000
        return (since_boot_ms + TICKS_START) % TICKS_PERIOD


TICKS_PERIOD = 1 << 29
# like CircuitPython: the first wrap comes about 65 s after power-on
TICKS_START = TICKS_PERIOD - 65_000
