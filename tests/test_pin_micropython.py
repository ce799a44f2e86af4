"""The PIN wheel and the lock under real MicroPython 1.27: the same PIN entered with 1, 2
and 3 buttons' actions, a wrong PIN counted, the right one unlocking, the idle lock with
ticks that wrap, and the maintenance mark, over the vault stand-in."""

import json

from support.mpy import run_micropython

SCRIPT = r"""
import json, sys
sys.path.append("/tests/support")
from pin_store import PinStore
from totp import buttons as btn
from totp import lock as lk
from totp import maintenance
from totp import pin_entry as pe
from totp.store import Store

results = {}


class Ticks:
    def __init__(self):
        self.ms = (1 << 29) - 500  # wraps during the idle time


def type_pin(lock, pin):
    for char in pin + "K":
        target = pe.CHOICE_OK if char == "K" else int(char)
        while lock.entry.choice != target:
            lock.handle(btn.PREVIOUS)
        lock.handle(btn.TYPE_ENTER)


def finish(lock):
    for _ in range(50):
        result = lock.step()
        if result != lk.QUIET:
            return result
    return -1


ticks = Ticks()
power = [True]
store = PinStore(Store(bytearray(b"\xff" * 4096), port="rp2040"), pin=b"86420975")
class Bag:
    pass


app = Bag()
app.store = store
app._ticks_ms = lambda: ticks.ms
app.devices = Bag()
app.devices.usb_connected = lambda: power[0]
app.settings = Bag()
app.settings.lock_minutes = 1
lock = lk.Lock(app)
results["entering"] = lock.entering()
type_pin(lock, "11111111")
results["wrong"] = finish(lock)
results["left"] = lock.tries_left()
results["lines"] = lock.lines(None, None, 3)
type_pin(lock, "86420975")
results["right"] = finish(lock)
results["digits_left"] = list(lock.entry._digits)
ticks.ms = (ticks.ms + 59999) & ((1 << 29) - 1)
results["early"] = lock.watch(ticks.ms)
ticks.ms = (ticks.ms + 1) & ((1 << 29) - 1)
results["idle"] = lock.watch(ticks.ms)
results["checked"] = [bytes(pin).decode() for pin in store.checked]

memory = bytearray(256)
maintenance.request(memory)
results["mark"] = [maintenance.take(memory), maintenance.take(memory)]
print(json.dumps(results))
"""


def test_the_lock_and_the_wheel_under_micropython():
    output = run_micropython(SCRIPT, files=("totp", "tests/support/pin_store.py"))
    results = json.loads(output.strip().splitlines()[-1])
    assert results["entering"] is True
    assert results["wrong"] == 2 and results["left"] == 9
    assert results["lines"][0] == "Wrong PIN"
    assert results["right"] == 1
    assert results["digits_left"] == [0] * 12
    assert results["early"] is False and results["idle"] is True
    assert results["checked"] == ["11111111", "86420975"]
    assert results["mark"] == [True, False]


ATTACH = r"""
import json, sys
sys.path.append("/tests/support")
from pin_store import PinStore
from totp import buttons as btn
from totp import lock as lk
from totp.store import Store


class Bag:
    pass


class FakeApp:
    # the surface totp.lock.attach wraps: methods called through self, like totp.app.App
    def __init__(self):
        self.calls = []
        self.store = PinStore(Store(bytearray(b"\xff" * 4096), port="rp2040"), pin=b"11223344")
        self._ticks_ms = lambda: 1000
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
        self._handle(btn.NEXT, 1000)
        self._render(SCREEN, 1000)

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


class Screen:
    def __init__(self):
        self.shown = []

    def message(self, lines):
        self.shown.append(list(lines))


SCREEN = Screen()
app = FakeApp()
lock = lk.attach(app)
app.step()  # locked: the wheel takes the press and the lock draws (no screen here)
before = lock.entry.choice
print(json.dumps({"calls": app.calls, "choice": before, "is_lock": app.lock is lock,
                  "shown": SCREEN.shown}))
"""


def test_attach_puts_the_lock_in_front_of_the_apps_methods_under_micropython():
    output = run_micropython(ATTACH, files=("totp", "tests/support/pin_store.py"))
    results = json.loads(output.strip().splitlines()[-1])
    assert results["is_lock"] is True
    assert results["calls"] == ["step"]  # the press went to the wheel, not the app
    assert results["choice"] == 1
    assert results["shown"][0][0].startswith("Enter PIN")  # the lock drew, not the app
