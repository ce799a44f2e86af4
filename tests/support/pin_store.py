"""A stand-in for the store's PIN vault (docs/internals.md, the Store's PIN API) over a real
Store, for the lock and app tests: the same calls and answers, with the check taking a
set number of ``step()`` slices instead of a KDF. Written in the subset MicroPython runs.

It records what the app did with it (``tries`` started, ``checked`` PINs as bytes) so
tests can see that a try counts before it is checked and that nothing else asks.
"""

MAX_PIN_TRIES = 10


class StoreLocked(ValueError):
    pass


class Unlocking:
    def __init__(self, vault, pin, slices):
        self._vault = vault
        self._pin = pin
        self._slices = slices

    def step(self):
        if self._slices > 0:
            self._slices -= 1
            return None
        return self._vault.finish(self._pin)


class PinStore:
    """Delegates to ``store`` (a totp.store.Store); adds has_pin/locked and the vault calls."""

    def __init__(self, store, pin=None, slices=3):
        self._store = store
        self.pin = pin  # bytes, or None: no PIN
        self.slices = slices
        self.open = pin is None
        self.wrong = 0
        self.tries = 0
        self.checked = []
        self.locks = 0

    def __getattr__(self, name):
        return getattr(self._store, name)

    def __len__(self):
        return len(self._store)

    @property
    def has_pin(self):
        return self.pin is not None

    @property
    def locked(self):
        return self.pin is not None and not self.open

    def pin_tries_left(self):
        return MAX_PIN_TRIES - self.wrong

    def start_unlock(self, pin):
        self.tries += 1  # counted before the check begins, like the vault's durable A += 1
        return Unlocking(self, pin, self.slices)

    def finish(self, pin):
        self.checked.append(pin)
        if pin == self.pin:
            self.wrong = 0
            self.open = True
            return True
        self.wrong += 1
        if self.wrong >= MAX_PIN_TRIES:
            self._store.wipe()
            self.pin = None
            self.open = True
            self.wrong = 0
        return False

    def lock(self):
        self.locks += 1
        if self.pin is not None:
            self.open = False

    def set_pin(self, pin):
        if self.locked:
            raise StoreLocked("locked")
        self.pin = bytes(pin)
        self.open = True

    def remove_pin(self):
        if self.locked:
            raise StoreLocked("locked")
        self.pin = None
        self.open = True

    def get(self, slot):
        if self.locked:
            raise StoreLocked("locked")
        return self._store.get(slot)
