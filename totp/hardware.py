"""The only module that touches the board: builds the devices bundle the app runs on.

``build()`` reads ``settings.toml`` (through ``totp.settings``) over per-board
defaults, then opens each part on its own: the I2C bus, the DS3231 clock, the
SSD1306 OLED, the buttons (``keypad.Keys``), the USB keyboard, the data serial
port and the nvm. A part that is missing or fails to start is ``None`` and
``devices.missing`` says which and why; the token does what it still can.
All hardware imports happen inside ``build()``, never at import time, so
``board_defaults`` can be used by boot.py and the simulator.
"""

from totp.clock import Clock, NoClock
from totp.settings import Settings

RTC_ADDRESS = 0x68
OLED_ADDRESS = 0x3C
OLED_WIDTH = 128
SETTINGS_PATH = "/settings.toml"
BUTTON_PINS = ("pin_a", "pin_b", "pin_c")

_FEATHERWING = {"buttons": 3, "pin_a": "D9", "pin_b": "D6", "pin_c": "D5",
                "i2c_scl": "SCL", "i2c_sda": "SDA", "display_height": 32}
# A Pico has no OLED wing: three buttons to GND next to the I2C0 pair, a 128x64 panel.
_PICO = {"buttons": 3, "pin_a": "GP13", "pin_b": "GP14", "pin_c": "GP15",
         "i2c_scl": "GP5", "i2c_sda": "GP4", "display_height": 64}

# board.board_id -> (storage port, wiring defaults)
BOARDS = {
    "adafruit_feather_rp2040": ("rp2040", _FEATHERWING),
    "adafruit_feather_rp2350": ("rp2350", _FEATHERWING),
    "raspberry_pi_pico": ("rp2040", _PICO),
    "raspberry_pi_pico_w": ("rp2040", _PICO),
    "raspberry_pi_pico2": ("rp2350", _PICO),
    "feather_nrf52840_express": ("nrf52840", _FEATHERWING),
    "adafruit_feather_esp32s3_4mbflash_2mbpsram": ("esp32s3", _FEATHERWING),
    "adafruit_feather_esp32s3_nopsram": ("esp32s3", _FEATHERWING),
    "adafruit_feather_esp32s2": ("esp32s2", _FEATHERWING),
}
# chip name in os.uname().machine -> storage port, for boards not in BOARDS
CHIP_PORTS = (("RP2350", "rp2350"), ("RP2040", "rp2040"), ("NRF52840", "nrf52840"),
              ("ESP32S3", "esp32s3"), ("ESP32S2", "esp32s2"), ("ESP32", "esp32"))
# Any other chip is refused: the store knows how each port above writes its nvm, and
# keeps accounts power-safe only with that knowledge. SAMD51, for one, rewrites its whole
# 8 KB nvm (one erase block) on every write, so a power cut can lose every account.
UNSUPPORTED = ("this board's storage is not one the token knows how to keep safe: no "
               "accounts are read or written; use a board from docs/boards.md")


def board_defaults(board_id):
    """Wiring defaults (Settings attribute -> value) for ``board_id``; Feather wing otherwise."""
    entry = BOARDS.get(board_id)
    if not entry:
        return dict(_FEATHERWING)
    _port, wiring = entry
    return dict(wiring)


def storage_port(board_id, machine=""):
    """The nvm flash model for the Store: from the board table, else the chip name;
    None for a chip whose nvm the store does not model (the board is refused)."""
    entry = BOARDS.get(board_id)
    if entry:
        port, _wiring = entry
        return port
    text = machine.upper().replace("-", "")
    for chip, port in CHIP_PORTS:
        if chip in text:
            return port
    return None


def _never():
    return None


class Devices:
    """The bundle the app runs on; any part may be ``None`` (see ``missing``)."""

    def __init__(self):
        self.board_id = "unknown"
        self.port = "rp2040"
        self.unsupported = None  # why the board's storage is refused, or None
        self.uid = ""
        self.settings = None
        self.clock = None
        self.display = None
        self.keys = None
        self.buttons = ()
        self.serial = None
        self.nvm = None
        self.ticks_ms = None
        self.usb_connected = _never
        self.sleep_memory = None  # alarm.sleep_memory, with reset: a maintenance request
        self.reset = None  # microcontroller.reset
        self.missing = []
        self.warnings = []  # settings that fell back or are not known (the parts work)
        self._keyboard = None
        self._make_keyboard = _never  # replaced by build() when adafruit_hid is there

    @property
    def keyboard(self):
        """The ``adafruit_hid`` Keyboard, made once USB is up (making it earlier blocks)."""
        if self._keyboard is None and self.usb_connected():
            make = self._make_keyboard
            self._make_keyboard = _never  # one attempt: a failure is reported, not retried
            try:
                self._keyboard = make()
            except (OSError, ValueError) as error:
                self.missing.append("keyboard: %s (is HID enabled in boot.py?)" % (error,))
        return self._keyboard


def build():
    """Open every part the board has, per settings.toml and the board's defaults."""
    import os

    import board
    import microcontroller
    import supervisor

    devices = Devices()
    devices.board_id = getattr(board, "board_id", "unknown")
    try:
        machine = os.uname().machine
    except (AttributeError, OSError):
        machine = ""
    devices.port = storage_port(devices.board_id, machine)
    if devices.port is None:
        devices.unsupported = "%s (%s): %s" % (devices.board_id, machine, UNSUPPORTED)
        devices.missing.append("storage: " + devices.unsupported)
    settings = Settings(os.getenv, board_defaults(devices.board_id))
    devices.settings = settings
    devices.warnings.extend(settings.notes)
    devices.warnings.extend(_unknown_settings())
    devices.ticks_ms = supervisor.ticks_ms

    def usb_connected():
        return supervisor.runtime.usb_connected

    devices.usb_connected = usb_connected
    devices.uid = "".join(["%02x" % byte for byte in microcontroller.cpu.uid])
    devices.reset = microcontroller.reset
    try:
        from alarm import sleep_memory

        devices.sleep_memory = sleep_memory
    except ImportError:  # not on every port: no maintenance by request
        pass
    devices.nvm = microcontroller.nvm
    if devices.nvm is None:
        devices.missing.append("storage: this board has no microcontroller.nvm")
    i2c = _open_i2c(board, settings, devices.missing)
    if getattr(settings, "storage", "nvm") == "fram":
        _open_fram(i2c, devices)
    devices.clock = _open_clock(i2c, devices.ticks_ms, devices.missing)
    devices.display = _open_display(i2c, settings, devices.missing)
    _open_buttons(board, settings, devices)
    _open_usb(devices)
    return devices


def _unknown_settings():
    """Warnings for mistyped keys in settings.toml (os.getenv cannot list the keys)."""
    from totp import settings_keys

    try:
        with open(SETTINGS_PATH) as handle:
            return settings_keys.unknown_key_notes(handle)
    except (OSError, UnicodeError, ValueError):  # no file, or not text: getenv says the rest
        return []
    finally:
        _let_go("settings_keys")  # only boot asks: its code need not stay on the heap


def _let_go(name):
    """Drop the references an import of ``totp.<name>`` left, so gc can free the module."""
    import sys

    import totp

    sys.modules.pop("totp." + name, None)
    if name in totp.__dict__:  # an import sets the submodule on its package too
        delattr(totp, name)


def _pin(board, name, role, missing):
    pin = getattr(board, name, None) if name else None
    if pin is None:
        missing.append("%s: pin %r is not on this board; set it in settings.toml" % (role, name))
    return pin


def _open_i2c(board, settings, missing):
    import busio

    scl = _pin(board, settings.i2c_scl, "I2C SCL", missing)
    sda = _pin(board, settings.i2c_sda, "I2C SDA", missing)
    if scl is None or sda is None:
        return None
    try:
        return busio.I2C(scl, sda, frequency=400000)
    except (RuntimeError, ValueError, OSError) as error:
        missing.append("I2C bus on %s/%s: %s" % (settings.i2c_scl, settings.i2c_sda, error))
        return None


def _open_fram(i2c, devices):
    """Accounts on an I2C FRAM (MB85RC256V) instead of the board's nvm; none if it is absent,
    so a missing chip never makes the token write its accounts somewhere else."""
    devices.nvm = None
    devices.port = "fram"
    if i2c is None:
        devices.missing.append("storage: TOTP_STORAGE is fram but there is no I2C bus")
        return
    try:
        import adafruit_fram

        from totp.store.fram_nvm import FramNvm

        devices.nvm = FramNvm(adafruit_fram.FRAM_I2C(i2c))
    except (ImportError, OSError, ValueError, RuntimeError) as error:
        devices.missing.append("storage: no FRAM at I2C 0x50 (TOTP_STORAGE is fram): %s" % error)


def _open_clock(i2c, ticks_ms, missing):
    reason = "no I2C bus"
    if i2c is not None:
        try:
            import adafruit_ds3231

            return Clock(adafruit_ds3231.DS3231(i2c), ticks_ms)
        except (OSError, ValueError, RuntimeError) as error:
            reason = "no DS3231 at 0x%02x (%s)" % (RTC_ADDRESS, error)
    missing.append("clock: " + reason)
    return NoClock(reason)


def _open_display(i2c, settings, missing):
    if i2c is None:
        missing.append("display: no I2C bus")
        return None
    try:
        import adafruit_ssd1306

        display = adafruit_ssd1306.SSD1306_I2C(OLED_WIDTH, settings.display_height, i2c,
                                               addr=OLED_ADDRESS)
        if settings.display_flip:
            display.rotate(False)  # the panel's own 180 degree turn; drawing is unchanged
        return display
    except (OSError, ValueError, RuntimeError) as error:
        missing.append("display: no SSD1306 at 0x%02x (%s)" % (OLED_ADDRESS, error))
        return None


def _open_buttons(board, settings, devices):
    """keypad.Keys over the configured pins that exist; fewer pins, a smaller layout."""
    import keypad

    from totp.buttons import KEY_NAME, LAYOUTS

    pins = []
    for attribute in BUTTON_PINS[:settings.buttons]:
        pin = _pin(board, getattr(settings, attribute), "button " + attribute[-1].upper(),
                   devices.missing)
        if pin is not None:
            pins.append(pin)
    if not pins:
        return
    try:
        devices.keys = keypad.Keys(pins, value_when_pressed=False, pull=True)
    except (ValueError, RuntimeError) as error:
        devices.missing.append("buttons: %s" % (error,))
        return
    devices.buttons = tuple([entry[KEY_NAME] for entry in LAYOUTS[len(pins)]])


def _open_usb(devices):
    try:
        import usb_cdc

        devices.serial = usb_cdc.data
    except ImportError:
        devices.serial = None
    if devices.serial is None:
        devices.missing.append("serial: the data port is off (boot.py enables it)")
    else:
        devices.serial.timeout = 0  # it defaults to blocking forever
    try:
        import usb_hid
        from adafruit_hid.keyboard import Keyboard

        def make_keyboard():
            return Keyboard(usb_hid.devices, timeout=1)  # returns at once: USB is up

        devices._make_keyboard = make_keyboard
    except ImportError as error:
        devices.missing.append("keyboard: %s" % (error,))
