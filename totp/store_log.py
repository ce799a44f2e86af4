"""The append-only log layout of the store, for RP2040/RP2350 flash.

There any write that is not into erased bytes erases the one sector, the only
copy, so nothing is ever rewritten: a header, then records appended into
erased space; later records supersede earlier ones; an HOTP press programs one
byte of the account's counter run. Only a wipe gives space back, so deleted
or replaced secrets stay in flash until then (a documented limit).
"""

from totp import records as rec
from totp.replay import FUTURE, apply, scan
from totp.store_errors import WIPE_HINT, StoreDamaged, StoreFull, future_format, load_failure

COUNTER_RUN = 16  # erased bytes after an HOTP record in the log: one per press
LOG_RESERVE = 128  # log bytes add() leaves for deletes, renames and HOTP presses


class LogLayout:
    run = COUNTER_RUN  # counter bytes an HOTP record is given

    def __init__(self, nvm, size):
        self._nvm = nvm
        self._size = size
        self.reset()

    def reset(self):
        """Forget the position: the state of an erased sector."""
        self.used = 0  # where the next record goes
        self._has_header = False

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
        self.used = pos
        problem = None
        if outcome == FUTURE:
            problem = future_format(header)
        elif outcome != rec.OK:
            problem = load_failure(buf, where if header is not None else 0)
        return order, entries, problem, None

    def write(self, record, rtype, fields, run, order, entries, for_add):
        """Append ``record`` (parsed as rtype, fields), then apply it; returns (order, entries)."""
        if not self._has_header:
            record = rec.header(0) + record
        needed = len(record) + run
        free = self.free(for_add)
        if needed > free:
            raise StoreFull(needed, free, "on this board space used by deleted or changed "
                            "accounts comes back only with a wipe: " + WIPE_HINT)
        start = self.used
        if rec.first_unerased(self._nvm, start, start + needed) < start + needed:
            # writing here would erase the whole sector, the only copy
            raise StoreDamaged("storage changed behind the store's back at byte %d; %s"
                               % (start, WIPE_HINT))
        self._nvm[start:start + len(record)] = record
        self._has_header = True
        self.used = start + needed
        apply(order, entries, rtype, fields, self.used - run, b"\xff" * run)
        return order, entries

    def press(self, entry):
        """Count one HOTP press by programming the next byte of the entry's counter run.

        Returns False (nothing written) when the run is used up or its next
        byte is not erased; the caller then writes a counter record instead.
        """
        at = entry[1] + entry[3]
        if entry[3] >= entry[2] or self._nvm[at] != rec.ERASED:
            return False
        self._nvm[at:at + 1] = b"\x00"  # one byte into erased space: a page program
        entry[3] += 1
        return True

    def wipe(self):
        """Erase the sector: one erase, so a cut leaves all or nothing."""
        self._nvm[0:self._size] = b"\xff" * self._size
        self.reset()
