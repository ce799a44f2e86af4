"""The PIN wheel and the lock over the vault stand-in (tests/support/pin_store.py): a
wrong PIN entered and counted, the right one unlocking and the entry wiped, the idle
lock with ticks that wrap, and the maintenance mark taken once.

Inputs: ``pin`` (the stand-in's PIN), ``wrong`` (another PIN), ``lock_minutes``.
Results: ``entering``, ``wrong`` and ``right`` (lock.step() results), ``left`` (tries
left), ``lines`` (what the lock draws after the wrong PIN), ``digits_left`` (the entry's
digits after unlocking), ``early`` and ``idle`` (lock.watch() a millisecond before and
at the idle time), ``checked`` (the PINs the store was asked), ``mark`` (two takes of
a requested maintenance mark).
"""

from pin_store import PinStore
from scenario import emit, inputs

from totp import buttons as btn
from totp import lock as lk
from totp import maintenance
from totp import pin_entry as pe
from totp.store import Store

TICKS_PERIOD = 1 << 29  # CircuitPython's ticks_ms wraps here
ATTEMPT_STEPS = 50  # more lock.step() calls than the stand-in's check takes


class Ticks:
    def __init__(self):
        self.ms = TICKS_PERIOD - 500  # wraps during the idle time


class Bag:
    pass


def type_pin(lock, pin):
    """Enter ``pin`` on the wheel (PREVIOUS until the digit, then TYPE_ENTER), then OK."""
    for char in pin + "K":
        target = pe.CHOICE_OK if char == "K" else int(char)
        while lock.entry.choice != target:
            lock.handle(btn.PREVIOUS)
        lock.handle(btn.TYPE_ENTER)


def finish(lock):
    for _ in range(ATTEMPT_STEPS):
        result = lock.step()
        if result != lk.QUIET:
            return result
    return -1


def main():
    given = inputs()
    ticks = Ticks()
    store = PinStore(Store(bytearray(b"\xff" * 4096), port="rp2040"), pin=given["pin"].encode())
    app = Bag()
    app.store = store
    app._ticks_ms = lambda: ticks.ms
    app.devices = Bag()
    app.devices.usb_connected = lambda: True
    app.settings = Bag()
    app.settings.lock_minutes = given["lock_minutes"]
    lock = lk.Lock(app)
    results = {"entering": lock.entering()}
    type_pin(lock, given["wrong"])
    results["wrong"] = finish(lock)
    results["left"] = lock.tries_left()
    results["lines"] = list(lock.lines(None, None, 3))
    type_pin(lock, given["pin"])
    results["right"] = finish(lock)
    results["digits_left"] = list(lock.entry._digits)
    idle_ms = given["lock_minutes"] * 60000
    ticks.ms = (ticks.ms + idle_ms - 1) % TICKS_PERIOD
    results["early"] = lock.watch(ticks.ms)
    ticks.ms = (ticks.ms + 1) % TICKS_PERIOD
    results["idle"] = lock.watch(ticks.ms)
    results["checked"] = [bytes(pin).decode() for pin in store.checked]
    memory = bytearray(256)
    maintenance.request(memory)
    results["mark"] = [maintenance.take(memory), maintenance.take(memory)]
    emit(results)


main()
