"""The snapshot-copies layout of the store, for nRF52840 and ESP32 storage.

nRF52840: two 4 KiB pages, each write erases the page it touches. ESP32: one
blob replaced atomically. (FRAM has its own layout: ``totp.store.fram``.)

Every change writes a whole snapshot (header with a sequence number, accounts
in display order, end) into the copy that does not hold the newest valid
snapshot; the newest valid snapshot is what loads.
When a change drops a secret (delete, replace), the older copy that still
holds it is erased once the new snapshot is durable.

Flash may program the bytes of a page in any order, so no marker can tell a
snapshot cut off mid-write from a damaged one. A copy that does not read back
and is newer than every intact copy (or the only copy ever written) is taken
as the change that was cut off: the intact copy loads, and ``notice`` says the
last change was rolled back. Only when no copy reads back at all is the
storage reported damaged.
"""

from totp.store import records as rec
from totp.store.errors import StoreFull
from totp.store.layout import Layout
from totp.store.replay import ENTRY_ACCOUNT, FUTURE, apply, counted, scan


def _newer(seq, than):
    """Whether a copy with ``seq`` is to be believed over one with ``than``;
    None (a header that did not read) counts as newest: nothing can be ruled out."""
    return seq is None or (than is not None and seq > than)


def _drops_a_secret(before, after):
    for ident in before:
        entry = after.get(ident)
        if entry is None or entry[ENTRY_ACCOUNT].secret != before[ident][ENTRY_ACCOUNT].secret:
            return True
    return False


BEST_SEQ = 0  # in load()'s best copy: (seq, index, order, entries, used)
ROLLED_BACK = ("the last change was cut off by a power failure and rolled back; "
               "check the accounts and repeat it if it is missing")
UNREADABLE_ONLY_COPY = ("the only copy of the accounts does not read back (a first change cut "
                        "off by a power failure, or damage), so the token holds no accounts")


class CopiesLayout(Layout):
    # snapshots hold the counter itself (no run of press bytes) and only the live
    # accounts (nothing to compact); a dropped secret's older copy is erased at once

    def __init__(self, nvm, size, copy_size, zero_when_fresh):
        self._nvm = nvm
        self._size = size
        self._copy_size = copy_size
        self._copies = size // copy_size
        self._zero_when_fresh = zero_when_fresh
        self.reset()

    def reset(self):
        """Forget the snapshots: the state of erased copies."""
        self.used = 0  # bytes of the newest snapshot
        self._seq = 0
        self._newest = -1
        self._erase_last = 0  # the copy wipe() erases last: the one a reboot believes

    def total_bytes(self):
        return self._copy_size

    def free(self, for_add=False):
        return max(0, self._copy_size - self.used)

    def _blank(self, buf, start):
        stop = start + self._copy_size
        if rec.first_unerased(buf, start, stop) == stop:
            return True
        # CircuitPython on ESP32 reads an nvm that was never written (no NVS blob) as zeros
        return self._zero_when_fresh and not any(buf[start:stop])

    def load(self, buf):
        """Find the newest valid snapshot: ``(order, entries, problem, notice)``."""
        size = self._copy_size
        best = None
        bad = []
        problem = notice = None
        last = -1  # the copy wipe() erases last, and its seq
        last_seq = None
        keys = []  # (copy, stored data key or None) of each copy that reads back
        for index in range(self._copies):
            start = index * size
            if self._blank(buf, start):
                continue
            order = []  # type: list[int]
            entries = {}  # type: dict[int, list]
            outcome, where, seq, pos = scan(buf, start, start + size, order, entries, True)
            if outcome == FUTURE:
                from totp.store.damage import future_format

                self._erase_last = index
                return [], {}, future_format(seq), None
            if last < 0 or _newer(seq, last_seq):
                last = index
                last_seq = seq
            if outcome == rec.OK:
                vault = entries.get(rec.VAULT_ID)
                keys.append((index, None if vault is None else vault[ENTRY_ACCOUNT].secret))
            if outcome == rec.OK and (best is None or seq > best[BEST_SEQ]):
                best = (seq, index, order, entries, pos - start)
            elif outcome == rec.DAMAGED:
                bad.append((seq, where))
        self._erase_last = max(0, last)
        order = []
        entries = {}
        if best is not None:
            self._seq, self._newest, order, entries, self.used = best
            vault = entries.get(rec.VAULT_ID)
            for index, key in keys:
                if vault is not None and key != vault[ENTRY_ACCOUNT].secret:
                    # a cut came between a vault's first (or new) snapshot and the erase
                    # after it: an older copy in the open, or under another key, goes now
                    self._erase(index)
        for seq, where in bad:
            if best is not None and seq is not None and seq < best[BEST_SEQ]:
                notice = ("the older copy of the accounts is damaged at byte %d; "
                          "the next change rewrites it" % where)
            elif best is not None:
                notice = ROLLED_BACK
            elif len(bad) == 1 and self._first_write(buf):
                notice = UNREADABLE_ONLY_COPY
            else:
                from totp.store.damage import load_failure

                problem = load_failure(buf, where if seq is not None else 0)
        return order, entries, problem, notice

    def _first_write(self, buf):
        """Whether every copy but one is blank: the only write ever made may be the cut one."""
        blank = 0
        for index in range(self._copies):
            blank += self._blank(buf, index * self._copy_size)
        return self._copies > 1 and blank == self._copies - 1

    def write(self, record, rtype, fields, run, order, entries, for_add):
        """Write the snapshot after the change into the older copy; returns (order, entries)."""
        new_order = list(order)
        new_entries = dict(entries)
        apply(new_order, new_entries, rtype, fields, 0, b"")
        return self._write_snapshot(entries, new_order, new_entries,
                                    _drops_a_secret(entries, new_entries))

    def rewrite(self, order, entries, new_entries):
        """One snapshot of ``new_entries``; every other copy is erased after it."""
        order, new_entries = self._write_snapshot(entries, order, new_entries, True)
        return order, new_entries, None, None

    def _write_snapshot(self, entries, new_order, new_entries, erase_others):
        vault = new_entries.get(rec.VAULT_ID)
        if vault is None:
            image = rec.header(self._seq + 1)
        else:  # the vault first: the accounts after it replay as sealed
            image = rec.header(self._seq + 1, rec.VAULT_FORMAT_VERSION)
            image += vault[ENTRY_ACCOUNT].record(vault[ENTRY_ACCOUNT].attempts, 0)
        for ident in new_order:
            image += rec.account(ident, counted(new_entries[ident]), 0)
        image += rec.end(len(new_order))
        size = self._copy_size
        if len(image) > size:
            raise StoreFull(len(image) - self.used, size - self.used,
                            "delete an account to make room")
        target = (self._newest + 1) % self._copies if self._newest >= 0 else 0
        self._nvm[target * size:(target + 1) * size] = image + b"\xff" * (size - len(image))
        self._seq += 1
        self._newest = target
        self._erase_last = target
        self.used = len(image)
        if erase_others:
            self._erase_others(target)
        return new_order, new_entries

    def _erase(self, index):
        size = self._copy_size
        start = index * size
        if rec.first_unerased(self._nvm, start, start + size) < start + size:
            self._nvm[start:start + size] = b"\xff" * size

    def _erase_others(self, keep):
        for index in range(self._copies):
            if index != keep:
                self._erase(index)

    def wipe(self):
        """Erase every copy, the believed one last, so a cut never uncovers an older one."""
        last = self._erase_last
        self._erase_others(last)
        size = self._copy_size
        self._nvm[last * size:(last + 1) * size] = b"\xff" * size
        self.reset()
