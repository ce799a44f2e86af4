"""Accounts in ``microcontroller.nvm``, safe against a power cut at any byte.

The store keeps the account list and checks every request; where the bytes
go is the job of the port's layout over one record codec (``totp.records``):
an append-only log on RP2040/RP2350 (``totp.store_log``), snapshot copies on
nRF52840 and ESP32 (``totp.store_copies``). Either way a change is one record
applied by the same replay code that runs at boot, so the state after a
change is exactly what a reboot reads back.
"""

from totp import records as rec
from totp.account import HOTP
from totp.replay import MAX_ID, with_fields
from totp.store_copies import CopiesLayout
from totp.store_errors import NoSuchSlot, StoreDamaged, StoreError, StoreFull
from totp.store_log import LOG_RESERVE, LogLayout

# port -> (nvm bytes, bytes per snapshot copy or 0 for the append-only log)
PORTS = {"rp2040": (4096, 0), "rp2350": (4096, 0), "nrf52840": (8192, 4096),
         "esp32": (8192, 8192), "esp32s2": (8192, 8192), "esp32s3": (8192, 8192)}
# CircuitPython on ESP32 reads an nvm that was never written (no NVS blob) as zeros
ZERO_WHEN_FRESH = ("esp32", "esp32s2", "esp32s3")
TYPICAL_BYTES = 68  # record of a TOTP account with a 20-byte secret and 32 bytes of labels

# the names callers import from here
__all__ = ["Store", "StoreError", "StoreFull", "StoreDamaged", "NoSuchSlot", "PORTS",
           "LOG_RESERVE", "TYPICAL_BYTES"]


class Store:
    def __init__(self, nvm, port="rp2040"):
        if port not in PORTS:
            raise ValueError("unknown port %r: use rp2040, nrf52840 or esp32" % (port,))
        self._nvm = nvm
        self._port = port
        self._size, copy_size = PORTS[port]
        # the port's layout: both offer the same load/append/wipe methods
        self._layout = (CopiesLayout(nvm, self._size, copy_size, port in ZERO_WHEN_FRESH)
                        if copy_size else LogLayout(nvm, self._size))
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
        acct = entry[0]
        if acct.kind == HOTP and not self._counters_trusted:
            raise StoreDamaged("HOTP counter may be out of date: %s" % self.problem)
        return with_fields(acct, counter=acct.counter + entry[3])

    def public(self, slot):
        entry = self._entry(slot)
        return with_fields(entry[0], counter=entry[0].counter + entry[3]).describe()

    def used_bytes(self):
        return self._layout.used

    def total_bytes(self):
        return self._layout.total_bytes()

    def capacity_estimate(self):
        """How many more typical accounts (TOTP, 20-byte secret, 32-byte label) fit."""
        return self._layout.free(True) // TYPICAL_BYTES

    # ---- changing ------------------------------------------------------

    def _check_writable(self):
        if not self._writable:
            raise StoreDamaged(self.problem)

    def _persist(self, record, for_add=False):
        """Make one record durable, then apply it to the live state."""
        self._check_writable()
        # parse the record back, so a change is applied exactly as a reboot replays it
        outcome, rtype, payload, end = rec.read(record, 0, len(record))
        fields = rec.parse(rtype, payload)
        run = rec.run_length(rtype, fields)
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
        ident = 0
        while ident in self._entries:
            ident += 1
        if ident > MAX_ID:
            raise StoreFull(0, 0, "the token holds at most %d accounts" % (MAX_ID + 1))
        run = self._layout.run if account.kind == HOTP else 0
        self._persist(rec.account(ident, account, run), True)
        return len(self._order) - 1

    def replace(self, slot, account):
        """Put ``account`` in ``slot`` instead of what is there (same position)."""
        self._check_writable()
        account.validate()
        self._entry(slot)
        run = self._layout.run if account.kind == HOTP else 0
        self._persist(rec.account(self._order[slot], account, run))

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
        with_fields(entry[0], issuer, name)  # validates the labels before anything is written
        self._persist(rec.rename(self._order[slot], issuer, name))

    def set_counter(self, slot, counter):
        """Make an HOTP counter durable; call before showing the code it unlocks."""
        self._check_writable()
        entry = self._entry(slot)
        acct = entry[0]
        if acct.kind != HOTP:
            raise StoreError("slot %d holds a %s account, which has no counter" % (slot, acct.kind))
        with_fields(acct, counter=counter)  # validates the range
        current = acct.counter + entry[3]
        if counter == current:
            return
        if counter == current + 1:
            try:
                if self._layout.press(entry):
                    return
            except Exception:
                self._load()
                raise
        self._persist(rec.counter(self._order[slot], counter, self._layout.run))

    def wipe(self):
        """Erase every account; a power cut during it leaves either all or none."""
        if len(self._nvm) != self._size:
            raise StoreDamaged(self.problem)
        self._layout.wipe()
        self._reset()
