"""Accounts in ``microcontroller.nvm``, safe against a power cut at any byte.

The store keeps the account list and checks every request; where the bytes
go is the job of the port's layout over one record codec (``totp.store.records``):
an append-only log on RP2040/RP2350 (``totp.store.log``), snapshot copies on
nRF52840 and ESP32 (``totp.store.copies``), records and a two-copy index on
an I2C FRAM (``totp.store.fram``). Each way a change is one record
applied by the same replay code that runs at boot, so the state after a
change is exactly what a reboot reads back.

The log reclaims space by compaction (``compact()``), done on its own when a
change does not fit but the live accounts do, and only when ``may_compact()``
allows it (the firmware: on USB power); ``before_compact()`` runs first (the
firmware: a message on the screen). Changes that erase flash draw on a wear
budget (``totp.store.budget``) when the store is given a millisecond clock;
HOTP presses, made by hand, do not.

With a PIN (``set_pin``) every secret is sealed under a data key that the PIN
unlocks (``totp.store.vault``); until ``start_unlock`` has checked the PIN the
store is ``locked``: labels read, secrets neither read nor written.

Heap: a board runs one layout, so only that layout's module is imported, the
wear budget's module only with the first change that draws on it, and the
vault with ``totp.cipher`` only on a store that has one.
"""

from totp.account import HOTP
from totp.store import records as rec
from totp.store.errors import (
    NoSuchSlot,
    StoreBusy,
    StoreDamaged,
    StoreError,
    StoreFull,
    StoreLocked,
)
from totp.store.replay import ENTRY_ACCOUNT, ENTRY_PRESSES, counted, with_fields

# port -> (nvm bytes, bytes per snapshot copy or 0 for the append-only log)
# ("fram": an I2C FRAM chip chosen in the settings instead of the board's nvm)
PORTS = {"rp2040": (4096, 0), "rp2350": (4096, 0), "nrf52840": (8192, 4096),
         "esp32": (8192, 8192), "esp32s2": (8192, 8192), "esp32s3": (8192, 8192),
         "fram": (32768, 0)}
# CircuitPython on ESP32 reads an nvm that was never written (no NVS blob) as zeros;
# a new FRAM holds whatever it was made with (zeros on the ones tested)
ZERO_WHEN_FRESH = ("esp32", "esp32s2", "esp32s3", "fram")
BYTE_WRITABLE = ("fram",)  # no erase: records and a two-copy index (totp.store.fram)
TYPICAL_BYTES = 68  # record of a TOTP account with a 20-byte secret and 32 bytes of labels
SEALED_EXTRA = 24  # bytes a sealed secret adds (totp.cipher.SEAL_OVERHEAD, a test checks)
LOG_RESERVE = 128  # log bytes add() leaves for deletes, renames and HOTP presses

# the names callers import from here
__all__ = ["Store", "StoreError", "StoreFull", "StoreDamaged", "NoSuchSlot", "StoreBusy",
           "StoreLocked", "PORTS", "LOG_RESERVE", "TYPICAL_BYTES"]


def _always():
    return True


def _nothing():
    pass


def _layout(nvm, port, size, copy_size):
    """The port's ``totp.store.layout.Layout``; only its module is imported, so a board
    keeps no heap for the layouts it does not use."""
    if port in BYTE_WRITABLE:
        from totp.store.fram import FramLayout

        return FramLayout(nvm, size)
    if copy_size:
        from totp.store.copies import CopiesLayout

        return CopiesLayout(nvm, size, copy_size, port in ZERO_WHEN_FRESH)
    from totp.store.log import LogLayout

    return LogLayout(nvm, size)


class Store:
    def __init__(self, nvm, port="rp2040", ticks_ms=None):
        if port not in PORTS:
            raise ValueError("unknown port %r: use rp2040, nrf52840, esp32 or fram" % (port,))
        self._nvm = nvm
        self._port = port
        self._size, copy_size = PORTS[port]
        self._layout = _layout(nvm, port, self._size, copy_size)
        self._ticks_ms = ticks_ms
        self._budget = None  # made by the first change that draws on it (see _spend)
        self.may_compact = _always  # the firmware: whether USB power is there
        self.before_compact = _nothing  # the firmware: say so on the screen
        self.compactions = 0
        self._dek = None  # the data key, only while a vault is open or unlocked
        self._load()

    # ---- loading -------------------------------------------------------

    def _reset(self):
        self.problem = None  # damage that stops codes and changes (all but wipe)
        self.notice = None  # damage already survived: the accounts are intact
        self._order = []  # account ids in display order
        self._entries = {}  # id -> [Account, run position, run length, presses in the run]
        self._writable = True
        self._counters_trusted = True
        self._layout.reset()
        self.lock()

    def _refuse(self, problem):
        self.problem = problem
        self._writable = False
        self._counters_trusted = False

    def _load(self):
        self._reset()
        size = len(self._nvm)
        if size != self._size:
            self._refuse("storage is %d bytes but a %s board has %d: check the board setting"
                         % (size, self._port, self._size))
            return
        self._order, self._entries, problem, self.notice = self._layout.load(self._nvm[0:size])
        if problem is not None:
            self._refuse(problem)
        vault = self._entries.get(rec.VAULT_ID)
        if vault is not None and vault[ENTRY_ACCOUNT].lock == rec.VAULT_OPEN:
            self._dek = bytearray(vault[ENTRY_ACCOUNT].secret)

    # ---- the PIN (totp.store.vault) ------------------------------------

    @property
    def has_pin(self):
        """Whether a PIN is set (a vault whose data key is sealed under it)."""
        vault = self._entries.get(rec.VAULT_ID)
        return vault is not None and vault[ENTRY_ACCOUNT].lock == rec.VAULT_LOCKED

    @property
    def locked(self):
        """Whether a PIN is set and its data key is not in RAM."""
        return self._dek is None and self.has_pin

    def pin_tries_left(self):
        """PIN guesses left before the store wipes itself."""
        if not self.has_pin:
            from totp.wire import MAX_PIN_TRIES

            return MAX_PIN_TRIES
        from totp.store.vault import tries_left

        return tries_left(self._entries[rec.VAULT_ID])

    def start_unlock(self, pin):
        """Count one PIN guess durably, then return its job: ``job.step()`` runs a slice
        of the KDF and returns None, then True (unlocked) or False (wrong; at the last
        try the store has wiped itself)."""
        from totp.store.vault import start_unlock

        return start_unlock(self, pin)

    def lock(self):
        """Forget the data key (a store whose PIN was removed keeps it: it is stored)."""
        key = self._dek
        self._dek = None
        if key is not None:
            for index in range(len(key)):
                key[index] = 0
            vault = self._entries.get(rec.VAULT_ID)
            if vault is not None and vault[ENTRY_ACCOUNT].lock == rec.VAULT_OPEN:
                self._dek = bytearray(vault[ENTRY_ACCOUNT].secret)

    def set_pin(self, pin, iterations=None):
        """Set or change the PIN (not while locked); runs one KDF. The first PIN seals
        every secret under a new data key in one change (on the log: a compaction);
        a new PIN reseals the data key alone. ``iterations``: the KDF's, else
        ``totp.cipher.KDF_ITERATIONS``."""
        from totp.store.vault import set_pin

        set_pin(self, pin, iterations)

    def remove_pin(self):
        """Remove the PIN (not while locked): the data key is stored open, in one record."""
        from totp.store.vault import remove_pin

        remove_pin(self)

    def _check_unlocked(self):
        if self.locked:
            raise StoreLocked("the token is locked: enter its PIN on the token")

    def _sealed(self, account):
        """``account`` as it is stored: sealed when there is a vault."""
        if self._dek is None:
            return account
        from totp.store.vault import seal_account

        return seal_account(self._dek, account)

    # ---- reading -------------------------------------------------------

    def __len__(self):
        return len(self._order)

    def _entry(self, slot):
        if not isinstance(slot, int) or not 0 <= slot < len(self._order):
            if not self._order:
                raise NoSuchSlot("no account in slot %r: the token holds no accounts" % (slot,))
            raise NoSuchSlot("no account in slot %r: use 0 to %d" % (slot, len(self._order) - 1))
        return self._entries[self._order[slot]]

    def get(self, slot):
        entry = self._entry(slot)
        if entry[ENTRY_ACCOUNT].kind == HOTP and not self._counters_trusted:
            raise StoreDamaged("HOTP counter may be out of date: %s" % self.problem)
        if rec.VAULT_ID not in self._entries:
            return counted(entry)
        self._check_unlocked()
        from totp.store.vault import open_account

        return open_account(self._dek, counted(entry))

    def public(self, slot):
        return counted(self._entry(slot)).describe()

    def used_bytes(self):
        return self._layout.used

    def total_bytes(self):
        return self._layout.total_bytes()

    def capacity_estimate(self):
        """How many more typical accounts (TOTP, 20-byte secret, 32-byte label) fit."""
        sealed = SEALED_EXTRA if rec.VAULT_ID in self._entries else 0
        return self._layout.free(True) // (TYPICAL_BYTES + sealed)

    # ---- changing ------------------------------------------------------

    def _check_writable(self):
        if not self._writable:
            raise StoreDamaged(self.problem)

    def _spend(self, erases):
        if self._ticks_ms is None:
            return
        if self._budget is None:
            # a budget made now is full, as one made at boot would be by now (it caps)
            from totp.store.budget import WearBudget

            self._budget = WearBudget(self._port, self._ticks_ms)
        self._budget.take(erases)

    def _persist(self, record, for_add=False, by_hand=False):
        """Make one record durable, then apply it to the live state."""
        self._check_writable()
        # parse the record back, so a change is applied exactly as a reboot replays it
        outcome, rtype, payload, end = rec.read(record, 0, len(record))
        fields = rec.parse(rtype, payload)
        run = rec.run_length(rtype, fields)
        layout = self._layout
        if not layout.fits(record, run, for_add):
            if layout.spare_after_compaction(self._order, self._entries, for_add) \
                    >= len(record) + run:
                self._compact(by_hand)
        elif not layout.compacts and not by_hand:
            self._spend(1)
        try:
            self._order, self._entries = self._layout.write(
                record, rtype, fields, run, self._order, self._entries, for_add)
        except StoreError:
            raise
        except Exception:
            self._load()  # the medium failed mid-write: believe only what it holds now
            raise

    def add(self, account):
        """Store a new account after the others; returns its slot."""
        account.validate()
        self._check_writable()
        self._check_unlocked()
        ident = 0
        while ident in self._entries:
            ident += 1
        most = self._layout.max_id
        if ident > most:
            raise StoreFull(0, 0, "the token holds at most %d accounts" % (most + 1))
        run = self._layout.run if account.kind == HOTP else 0
        self._persist(rec.account(ident, self._sealed(account), run), True)
        return len(self._order) - 1

    def replace(self, slot, account):
        """Put ``account`` in ``slot`` instead of what is there (same position)."""
        self._check_writable()
        account.validate()
        self._check_unlocked()
        self._entry(slot)
        run = self._layout.run if account.kind == HOTP else 0
        self._persist(rec.account(self._order[slot], self._sealed(account), run))

    def delete(self, slot):
        self._check_writable()
        self._entry(slot)
        self._persist(rec.delete(self._order[slot]))

    def move(self, slot, new_slot):
        self._check_writable()
        self._entry(slot)
        self._entry(new_slot)
        if slot != new_slot:
            self._persist(rec.move(self._order[slot], new_slot))

    def rename(self, slot, issuer, name):
        self._check_writable()
        entry = self._entry(slot)
        # validates the labels before anything is written
        with_fields(entry[ENTRY_ACCOUNT], issuer, name)
        self._persist(rec.rename(self._order[slot], issuer, name))

    def set_counter(self, slot, counter):
        """Make an HOTP counter durable; call before showing the code it unlocks."""
        self._check_writable()
        entry = self._entry(slot)
        acct = entry[ENTRY_ACCOUNT]
        if acct.kind != HOTP:
            raise StoreError("slot %d holds a %s account, which has no counter" % (slot, acct.kind))
        with_fields(acct, counter=counter)  # validates the range
        current = acct.counter + entry[ENTRY_PRESSES]
        if counter == current:
            return
        by_hand = counter == current + 1  # a press: the owner's hand limits the rate
        if by_hand:
            try:
                if self._layout.press(entry):
                    return
            except Exception:
                self._load()
                raise
        self._persist(rec.counter(self._order[slot], counter, self._layout.run), by_hand=by_hand)

    def deletes_at_once(self):
        """Whether a delete removes the secret from flash at once (else: at the next compaction)."""
        return self._layout.deletes_at_once

    def compact(self):
        """Rewrite the live accounts alone, dropping deleted and superseded records.

        Returns False on layouts that never need it. A power cut inside the one
        erase-and-program write it makes loses the accounts (see totp.store.log).
        """
        self._check_writable()
        if not self._layout.compacts:
            return False
        self._compact(False)
        return True

    def _compact(self, by_hand):
        from totp.store.compact import compact_store  # first needed here: see its module

        compact_store(self, by_hand)

    def wipe(self):
        """Erase every account; a power cut during it leaves either all or none."""
        if len(self._nvm) != self._size:
            raise StoreDamaged(self.problem)
        self._layout.wipe()
        self._reset()
