"""totp.lock.attach on an app with a PIN (the vault stand-in, tests/support/pin_store.py):
the lock goes in front of the app's step, button and drawing methods, so while locked a
press turns the wheel and the lock draws, not the app.

Inputs: ``pin`` (the stand-in's PIN). Results: ``calls`` (the app's own methods that
ran), ``choice`` (the wheel's choice after the press), ``is_lock`` (app.lock is what
attach returned), ``shown`` (the lines drawn).
"""

from pin_store import PinStore
from scenario import emit, inputs

from totp import buttons as btn
from totp import lock as lk
from totp.store import Store

NOW_MS = 1000


class Bag:
    pass


class Screen:
    def __init__(self):
        self.shown = []

    def message(self, lines):
        self.shown.append(list(lines))


class FakeApp:
    """The surface totp.lock.attach wraps: methods called through self, like totp.app.App."""

    def __init__(self, pin):
        self.calls = []
        self.store = PinStore(Store(bytearray(b"\xff" * 4096), port="rp2040"), pin=pin)
        self._ticks_ms = lambda: NOW_MS
        self.devices = Bag()
        self.devices.usb_connected = lambda: True
        self.devices.buttons = ("A", "B", "C")
        self.settings = Bag()
        self.settings.lock_minutes = 10
        self._asked = None
        self.server = None
        self._showing = 0

    def step(self):
        self._step()
        self._handle(btn.NEXT, NOW_MS)
        self._render(SCREEN, NOW_MS)

    def _step(self):
        self.calls.append("step")

    def _handle(self, action, ticks):
        self.calls.append("handle")

    def _render(self, screen, ticks):
        self.calls.append("render")

    def _forget_account(self):
        pass

    def _follow_request(self, ticks):
        pass


SCREEN = Screen()
app = FakeApp(inputs()["pin"].encode())
lock = lk.attach(app)
app.step()  # locked: the wheel takes the press and the lock draws
emit({"calls": app.calls, "choice": lock.entry.choice, "is_lock": app.lock is lock,
      "shown": SCREEN.shown})
