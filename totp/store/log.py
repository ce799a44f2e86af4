"""The append-only log layout of the store, for RP2040/RP2350 flash, with compaction.

There any write that is not into erased bytes erases the one sector, the only
copy. So changes are records appended into erased space (each in three
programs: size bytes, body, commit byte, so whatever order flash programs the
bytes of a page in, a cut leaves a record a reboot skips as torn); later
records supersede earlier ones; an HOTP press programs one byte of the
account's counter run.

When a change does not fit but the live accounts do, the store compacts: the
live accounts are built in RAM as a base image (a header numbered above 0, the
accounts, an END record counting them) and written with one erase and program
of the sector. That write is the only time the sector holds neither the old
nor the new accounts: a cut inside it loses them (a reboot says so, or finds
the sector erased), which is why the store compacts only when its owner
allows it (on USB power, with a message on the screen). Compaction is also
what removes deleted and replaced secrets from the flash.
"""

from totp.store import LOG_RESERVE
from totp.store import records as rec
from totp.store.errors import WIPE_HINT, StoreDamaged, StoreFull
from totp.store.layout import Layout
from totp.store.replay import (
    ENTRY_AT,
    ENTRY_LENGTH,
    ENTRY_PRESSES,
    FUTURE,
    INTERRUPTED,
    apply,
    scan,
)

COUNTER_RUN = 16  # erased bytes after an HOTP record in the log: one per press
ROOM_ADVICE = "delete an account to make room"


class LogLayout(Layout):
    run = COUNTER_RUN  # counter bytes an HOTP record is given
    compacts = True  # space comes back by compaction (see the module text)
    deletes_at_once = False  # a deleted secret stays in flash until the next compaction

    def __init__(self, nvm, size):
        self._nvm = nvm
        self._size = size
        self.reset()

    def reset(self):
        """Forget the position: the state of an erased sector."""
        self.used = 0  # where the next record goes
        self._has_header = False
        self._generation = 0  # compactions so far (the header's number)

    def total_bytes(self):
        return self._size

    def free(self, for_add=False):
        free = self._size - self.used
        if for_add:
            free -= LOG_RESERVE
        return max(0, free)

    def load(self, buf):
        """Replay the log: ``(order, entries, problem, notice)``."""
        order = []  # type: list[int]
        entries = {}  # type: dict[int, list]
        outcome, where, header, pos = scan(buf, 0, len(buf), order, entries, False)
        self._has_header = header is not None
        self._generation = header if isinstance(header, int) else 0
        self.used = pos
        problem = None
        if outcome != rec.OK:
            from totp.store import damage

            if outcome == FUTURE:
                problem = damage.future_format(header)
            elif outcome == INTERRUPTED:
                problem = damage.COMPACTION_LOST
            else:
                problem = damage.load_failure(buf, where if header is not None else 0)
        return order, entries, problem, None

    def _needed(self, record, run):
        return len(record) + run + (0 if self._has_header else len(rec.header(0)))

    def fits(self, record, run, for_add):
        return self._needed(record, run) <= self.free(for_add)

    def _append(self, record):
        """Program one record into erased space at ``used``, in the three steps."""
        start = self.used
        for offset, piece in rec.write_steps(record):
            self._nvm[start + offset:start + offset + len(piece)] = piece
        self.used = start + len(record)

    def write(self, record, rtype, fields, run, order, entries, for_add):
        """Append ``record`` (parsed as rtype, fields), then apply it; returns (order, entries)."""
        needed = self._needed(record, run)
        free = self.free(for_add)
        if needed > free:
            raise StoreFull(needed, free, ROOM_ADVICE)
        start = self.used
        if rec.first_unerased(self._nvm, start, start + needed) < start + needed:
            # writing here would erase the whole sector, the only copy
            raise StoreDamaged("storage changed behind the store's back at byte %d; %s"
                               % (start, WIPE_HINT))
        if not self._has_header:
            self._append(rec.header(0))
            self._has_header = True
        self._append(record)
        self.used += run
        apply(order, entries, rtype, fields, self.used - run, b"\xff" * run)
        return order, entries

    def press(self, entry):
        """Count one HOTP press by programming the next byte of the entry's counter run.

        Returns False (nothing written) when the run is used up or its next
        byte is not erased; the caller then writes a counter record instead.
        """
        at = entry[ENTRY_AT] + entry[ENTRY_PRESSES]
        if entry[ENTRY_PRESSES] >= entry[ENTRY_LENGTH] or self._nvm[at] != rec.ERASED:
            return False
        self._nvm[at:at + 1] = b"\x00"  # one byte into erased space: a page program
        entry[ENTRY_PRESSES] += 1
        return True

    # ---- compaction (the code is in totp.store.compact, imported when first needed) ----

    def spare_after_compaction(self, order, entries, for_add):
        from totp.store.compact import spare_after_compaction

        return spare_after_compaction(self, order, entries, for_add)

    def compact(self, order, entries):
        """Rewrite the sector with only the live accounts: ``(order, entries, problem, notice)``."""
        from totp.store.compact import compact

        return compact(self, order, entries)

    def rewrite(self, order, entries, new_entries):
        """A compaction that writes ``new_entries`` (see the module text)."""
        from totp.store.compact import compact

        return compact(self, order, new_entries)

    def wipe(self):
        """Erase the sector: one erase, so a cut leaves all or nothing."""
        self._nvm[0:self._size] = b"\xff" * self._size
        self.reset()
