"""Storage errors shared by the store and its two layouts (the texts for damage found
while loading are in ``totp.store.damage``, imported only when there is some).

Every message names the problem and the fix, and never holds a secret.
"""

WIPE_HINT = "run `totp-token wipe` and add the accounts again"


class StoreError(ValueError):
    """Base of every storage error; the message names the problem and the fix."""


class StoreFull(StoreError):
    def __init__(self, needed, free, advice):
        self.needed = needed
        self.free = free
        # super(): MicroPython's exception classes have no __init__ attribute to call
        super().__init__("not enough room on the token: this needs %d bytes, "
                         "%d are free; %s" % (needed, free, advice))


class StoreDamaged(StoreError):
    """The stored data is damaged or from another format; only wipe() is allowed."""


class NoSuchSlot(StoreError):
    """A slot number outside the stored accounts."""


class StoreLocked(StoreError):
    """A PIN is set and was not entered: secrets cannot be read or sealed."""


class StoreBusy(StoreError):
    """Too many changes in a short time: refused to protect the flash from wear."""
