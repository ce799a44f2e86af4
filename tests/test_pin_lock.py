"""The lock (totp.lock) over a vault stand-in: a try counts before it is checked, the check
runs in slices, wrong PINs and the wipe, and locking again when idle or unplugged."""

from types import SimpleNamespace

from support.pin_store import MAX_PIN_TRIES, PinStore

from totp import buttons as btn
from totp import lock as lk
from totp import pin_entry as pe
from totp import wire
from totp.store import Store

PIN = b"20240611"
LOCK_MS = 10 * 60 * 1000


class Power:
    def __init__(self):
        self.on = True

    def __call__(self):
        return self.on


class Clock:
    def __init__(self):
        self.ms = 5000

    def __call__(self):
        return self.ms


def make(pin=PIN, slices=3):
    store = PinStore(Store(bytearray(b"\xff" * 4096), port="rp2040"), pin=pin, slices=slices)
    ticks, power = Clock(), Power()
    app = SimpleNamespace(store=store, _ticks_ms=ticks,
                          devices=SimpleNamespace(usb_connected=power),
                          settings=SimpleNamespace(lock_minutes=LOCK_MS // 60000))
    return lk.Lock(app), store, ticks, power


def type_pin(lock, pin):
    for char in pin.decode() + "K":
        target = pe.CHOICE_OK if char == "K" else int(char)
        while lock.entry.choice != target:
            lock.handle(btn.NEXT)
        lock.handle(btn.TYPE)


def finish(lock, limit=100):
    for _ in range(limit):
        result = lock.step()
        if result != lk.QUIET:
            return result
    raise AssertionError("the check never finished")


def test_a_token_without_a_pin_never_asks_for_one():
    lock, store, ticks, power = make(pin=None)
    assert not lock.entering()
    ticks.ms += LOCK_MS * 2
    power.on = False
    assert lock.watch(ticks.ms) is False
    assert store.locks == 0


def test_the_right_pin_unlocks_after_its_slices_and_counts_the_try_first():
    lock, store, ticks, _ = make(slices=4)
    assert lock.entering()
    type_pin(lock, PIN)
    assert store.tries == 1 and store.checked == []  # counted, not yet checked
    assert lock.checking()
    results = [lock.step() for _ in range(5)]
    assert results == [lk.QUIET] * 4 + [lk.UNLOCKED]
    assert store.checked == [PIN]
    assert not lock.entering() and not store.locked
    assert bytes(lock.entry._digits) == bytes(wire.PIN_MAX)  # the wheel kept no digit


def test_presses_during_the_check_do_nothing():
    lock, store, _, _ = make(slices=5)
    type_pin(lock, PIN)
    assert lock.handle(btn.NEXT) == lk.QUIET
    assert lock.entry.choice == 0
    assert finish(lock) == lk.UNLOCKED


def test_wrong_pins_say_how_many_tries_are_left_and_the_tenth_wipes():
    lock, store, _, _ = make()
    assert lock.tries_left() is None  # nothing to warn of before a wrong try
    for wrong in range(1, MAX_PIN_TRIES):
        type_pin(lock, b"999999")
        assert finish(lock) == lk.WRONG
        assert lock.tries_left() == MAX_PIN_TRIES - wrong
        assert lock.entering()
    type_pin(lock, b"999999")
    assert finish(lock) == lk.WIPED
    assert not store.has_pin and not lock.entering() and len(store) == 0


def test_a_right_pin_after_wrong_ones_starts_the_count_again():
    lock, store, _, _ = make()
    for _ in range(3):
        type_pin(lock, b"000000")
        finish(lock)
    type_pin(lock, PIN)
    assert finish(lock) == lk.UNLOCKED
    assert store.pin_tries_left() == MAX_PIN_TRIES


def test_it_locks_after_the_idle_time_and_not_before():
    lock, store, ticks, _ = make()
    type_pin(lock, PIN)
    finish(lock)
    ticks.ms += LOCK_MS - 1
    assert lock.watch(ticks.ms) is False
    lock.used(ticks.ms)  # a press: the idle time starts again
    ticks.ms += LOCK_MS - 1
    assert lock.watch(ticks.ms) is False and not store.locked
    ticks.ms += 1
    assert lock.watch(ticks.ms) is True
    assert store.locked and lock.entering()


def test_it_locks_when_usb_power_goes():
    lock, store, ticks, power = make()
    type_pin(lock, PIN)
    finish(lock)
    assert lock.watch(ticks.ms) is False
    power.on = False
    assert lock.watch(ticks.ms) is True
    assert store.locked


def test_a_request_for_the_current_pin_uses_the_same_wheel_and_counts_the_same():
    lock, store, _, _ = make()
    type_pin(lock, PIN)
    finish(lock)
    assert not lock.entering()
    lock.begin_request()
    assert lock.entering()
    type_pin(lock, b"123456")
    assert finish(lock) == lk.WRONG
    assert store.pin_tries_left() == MAX_PIN_TRIES - 1
    lock.end_request()
    assert not lock.entering() and lock.entry.length == 0
