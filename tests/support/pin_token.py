"""The app on stand-in devices with a PIN store, for the lock tests: the real screens on the
real adafruit_framebuf, the real adafruit_hid Keyboard into the host model, the real
protocol server on an in-memory serial stream, and a store with the PIN API."""

import json

from totp_token.sim.usb_host.hid_host import HidHost

from support.device_fakes import Event, Keys
from support.hid_link import HostLink
from support.panels import Panel
from support.protocol_harness import MemoryStream
from totp import app as app_module
from totp import buttons as btn
from totp import clock
from totp import pin_entry as pe
from totp.hardware import board_defaults
from totp.settings import Settings

NOW = 1_800_000_010
STEP_MS = 10


class Clock:
    def __init__(self, unix):
        self.unix = unix
        self.reason = None

    def now(self):
        return self.unix

    def second(self):
        return self.unix % clock.SECOND_WRAP

    def set(self, unix):
        self.unix = unix


class Ticks:
    def __init__(self):
        self.ms = 1000

    def __call__(self):
        return self.ms


class Devices:
    def __init__(self, keyboard, buttons=3, **settings):
        values = {"TOTP_%s" % key.upper(): str(value) for key, value in settings.items()}
        self.settings = Settings(values.get, dict(board_defaults("x"), display_height=32))
        self.clock = Clock(NOW)
        self.display = Panel(32)
        self.keys = Keys()
        self.buttons = tuple(entry[0] for entry in btn.LAYOUTS[buttons])
        self.keyboard = keyboard
        self.serial = MemoryStream()
        self.nvm = None
        self.port = "rp2040"
        self.ticks_ms = Ticks()
        self.connected = True
        self.board_id = "test"
        self.uid = "00"
        self.missing = []
        self.warnings = []
        self.sleep_memory = bytearray(256)
        self.resets = 0

    def usb_connected(self):
        return self.connected

    def reset(self):
        self.resets += 1


class PinToken:
    """The app over ``store`` (a support.pin_store.PinStore), stepped 10 ms at a time."""

    def __init__(self, keyboard_class, store, **options):
        self.host = HidHost("us", True)
        self.devices = Devices(keyboard_class(HostLink(self.host)), **options)
        self.store = store
        self.app = app_module.App(self.devices, store=store)
        self.run(30)

    def run(self, ms):
        for _ in range(ms // STEP_MS):
            self.app.step()
            self.devices.ticks_ms.ms += STEP_MS

    def press(self, name, ms=100):
        key = self.devices.buttons.index(name)
        self.devices.keys.events.queued.append(Event(key, True))
        self.run(ms)
        self.devices.keys.events.queued.append(Event(key, False))
        self.run(60)

    def screen(self):
        return "\n".join(self.devices.display.text())

    def typed(self):
        return self.host.take_text()

    def enter_pin(self, pin, turn="C", pick="B"):
        """Turn the wheel with ``turn`` and pick with ``pick`` (3 buttons), then OK."""
        lock = self.app.lock
        for char in pin + "K":
            target = pe.CHOICE_OK if char == "K" else int(char)
            while lock.entry.choice != target:
                self.press(turn)
            self.press(pick)

    def settle(self, ms=2000):
        self.run(ms)

    def ask(self, op, **fields):
        """Send a request on the data port; the answers that came back by the next step."""
        fields["op"] = op
        fields.setdefault("id", 7)
        self.devices.serial.feed(json.dumps(fields).encode() + b"\n")
        self.run(20)
        return self.devices.serial.responses()

    def answers(self):
        return self.devices.serial.responses()
