"""Storage errors and the damage messages shared by the store and its two layouts.

Every message names the problem and the fix, and never holds a secret.
"""

from totp.records import FORMAT_VERSION

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


def load_failure(buf, where):
    """The problem text for storage that does not read back; ``where`` 0: not ours at all."""
    if not any(buf):
        return "storage holds only zero bytes, no accounts: " + WIPE_HINT
    if where == 0:
        return "storage holds data that is not a totp-token store: " + WIPE_HINT
    return ("storage is damaged at byte %d: accounts after it may be missing or out of date "
            "and HOTP codes are blocked; %s" % (where, WIPE_HINT))


def future_format(version):
    return ("storage was written in format %d by other firmware (this one reads format %d): "
            "update the firmware, or %s" % (version, FORMAT_VERSION, WIPE_HINT))


COMPACTION_LOST = ("storage compaction was cut off by a power failure (or its data is damaged), "
                   "which lost the accounts: %s from your backup token or saved QR codes"
                   % WIPE_HINT)


class StoreBusy(StoreError):
    """Too many changes in a short time: refused to protect the flash from wear."""
