"""The FRAM layout of the store: immutable account records plus a two-copy index.

FRAM (MB85RC256V, 32 KiB) is byte-writable with no erase. The first
``2 * INDEX_BYTES`` bytes hold two index copies; the rest holds account
records (the ``totp.store.records`` frame, id 0, no counter run) anywhere in it.
An index copy is ``commit | version | seq (u32) | length (u16) | entries |
crc32``; ``commit`` is MAGIC when the copy is meant to be read and anything
else when it is not (never written, or invalidated). Each entry, in display
order, is the record's offset in 4-byte units (u16) with the top bit set for
an HOTP account, whose counter follows as a varint. The valid copy with the
higher seq is the store; account ids exist only in RAM.

A change, in this order:
1. invalidate the target copy (the one not holding the newest index) with a
   one-byte write of its commit byte;
2. write any new record into record space the newest index does not use;
3. write the target copy's bytes after the commit byte (only those that differ);
4. write its commit byte: one byte, so the copy becomes valid all at once.
A cut before step 4 completes leaves the target invalid and the newest copy,
untouched and pointing at untouched records, loads: the state before. After
step 4 the target is the newest valid copy: the state after. The order in
which the bytes of steps 2 and 3 land does not matter. Since records are
written only where no valid copy points (the target was invalidated first,
the other copy is the one avoided), every valid copy's records are intact.

When a change leaves records no longer used (delete, replace, rename), two
more steps make it final: 5. invalidate the older copy (one byte), the last
index that points at them; 6. zero those records. From step 5 on no valid
index refers to them, so step 6 may be cut anywhere. A delete is thus gone
from the FRAM when the change returns. A load zeroes any non-zero byte in free
record space (what a cut step 2, 6 or wipe left; on a chip that comes new with
other bytes than zeros, everything once), after invalidating the older copy
(the steps above already did, unless the FRAM was changed behind the store).
HOTP presses rewrite only the index.
Wipe invalidates the older copy, then the newest (one byte each: all or none),
then zeroes every record byte not already zero.

A copy whose commit byte is MAGIC but whose CRC or records do not read back is
damage (these steps never leave one): the other valid copy loads with a
notice, or, with none, the store reports the damage.
"""

from totp.account import HOTP
from totp.const import const
from totp.store import records as rec
from totp.store.crc import crc32_bytes, crc32_split
from totp.store.errors import StoreFull
from totp.store.layout import Layout
from totp.store.replay import ENTRY_ACCOUNT, ENTRY_AT, ENTRY_LENGTH, apply, with_fields

INDEX_BYTES = 1024  # per index copy: 506 TOTP entries, fewer with HOTP counters
MAGIC = 0x49  # the commit byte of a valid index copy
VERSION = 1
VAULT_VERSION = 2  # an index that lists a PIN vault (totp.store.vault) first
HEAD = 8  # commit, version, seq (4), length (2)
AT_COMMIT = const(0)  # byte offsets in an index copy
AT_VERSION = const(1)
AT_SEQ = const(2)
AT_LENGTH = const(6)
CRC = 4
HOTP_FLAG = 0x8000
RESERVE = 256  # record bytes add() leaves free, so renames and replaces still fit
MAX_FRAM_ID = 0xFFFE
ROOM_ADVICE = "delete an account to make room"
WIPE_CHUNK = 256  # record bytes wipe() reads and compares at a time
TYPICAL_ENTRY = 2  # index bytes of a TOTP account
DAMAGED_COPY = ("one copy of the account index is damaged; the other loaded, "
                "and the next change rewrites it")


def _reference(image, at, counter):
    """Append an index entry: the record's offset, and a counter where there is one."""
    ref = at // rec.ALIGN
    if counter is not None:
        ref |= HOTP_FLAG
    image.append(ref & 0xFF)
    image.append(ref >> 8)
    if counter is not None:
        _varint(counter, image)


def _varint(value, out):
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


class FramLayout(Layout):
    # counters live in the index (no run of press bytes, a press rewrites the index);
    # records go into any free gap (nothing to compact); a delete zeroes the record
    max_id = MAX_FRAM_ID

    def __init__(self, nvm, size):
        self._nvm = nvm
        self._size = size
        self._start = 2 * INDEX_BYTES  # where record space begins
        self.reset()

    def reset(self):
        self.used = 0  # record bytes in use
        self._seq = 0
        self._newest = -1  # index copy holding the newest index
        self._index_used = HEAD + CRC

    def total_bytes(self):
        return self._size - self._start

    def _gaps(self, entries):
        """Free record space as sorted ``[(start, stop)]``, around the records of the
        ``entries`` given (a list of entries)."""
        spans = sorted((entry[ENTRY_AT], entry[ENTRY_AT] + entry[ENTRY_LENGTH])
                       for entry in entries)
        gaps = []
        pos = self._start
        for start, stop in spans:
            if start > pos:
                gaps.append((pos, start))
            pos = max(pos, stop)
        if pos < self._size:
            gaps.append((pos, self._size))
        return gaps

    def free(self, for_add=False):
        free = self.total_bytes() - self.used
        if for_add:
            free -= RESERVE
            # the index must have room too: in typical (TOTP) entries
            entries = (INDEX_BYTES - self._index_used) // TYPICAL_ENTRY
            free = min(free, entries * 68)
        return max(0, free)

    # ---- loading ---------------------------------------------------------

    def _check(self, buf, base):
        """``(seq, length)`` of a committed copy whose CRC reads back, else None."""
        length = buf[base + AT_LENGTH] | buf[base + AT_LENGTH + 1] << 8
        end = base + HEAD + length
        if HEAD + length + CRC > INDEX_BYTES:
            return None
        high, low = crc32_split(buf[base:end])
        if low != buf[end] | buf[end + 1] << 8 or high != buf[end + 2] | buf[end + 3] << 8:
            return None
        at = base + AT_SEQ
        seq = buf[at] | buf[at + 1] << 8 | buf[at + 2] << 16 | buf[at + 3] << 24
        return seq, length

    def _read(self, buf, base, length):
        """The accounts an index copy lists: ``(order, entries)``; raises ValueError."""
        order = []  # type: list[int]
        entries = {}  # type: dict[int, list]
        view = memoryview(buf)
        pos = base + HEAD
        stop = pos + length
        while pos < stop:
            ref = buf[pos] | buf[pos + 1] << 8
            pos += 2
            counter = None
            if ref & HOTP_FLAG:
                counter = 0
                shift = 0
                while True:
                    byte = buf[pos]
                    pos += 1
                    counter |= (byte & 0x7F) << shift
                    if byte < 0x80:
                        break
                    shift += 7
                    if shift > 56:
                        raise rec.RecordError("counter too long")
            at = (ref & 0x7FFF) * rec.ALIGN
            if at < self._start:
                raise rec.RecordError("record in the index area")
            outcome, rtype, payload, end = rec.read(view, at, self._size)
            if outcome != rec.OK or (rtype != rec.ACCOUNT and rtype != rec.VAULT):
                raise rec.RecordError("bad account record")
            fields = rec.parse(rtype, payload)
            if rtype == rec.VAULT:  # listed first, its attempt counter in the index
                if counter is None:
                    raise rec.RecordError("vault without its attempt counter")
                apply(order, entries, rtype, fields, at, b"")
                entry = entries[rec.VAULT_ID]
                entry[ENTRY_ACCOUNT] = entry[ENTRY_ACCOUNT].with_attempts(counter)
                entry[ENTRY_LENGTH] = end - at
                continue
            ident = len(order)
            fields[rec.FIELD_ID] = ident
            apply(order, entries, rtype, fields, at, b"", MAX_FRAM_ID)
            entry = entries[ident]
            if (counter is None) == (entry[ENTRY_ACCOUNT].kind == HOTP):
                raise rec.RecordError("counter does not match the account type")
            if counter is not None:
                entry[ENTRY_ACCOUNT] = with_fields(entry[ENTRY_ACCOUNT], counter=counter)
            entry[ENTRY_LENGTH] = end - at
        if pos != stop:
            raise rec.RecordError("index entry runs past the end")
        return order, entries

    def load(self, buf):
        """The newest valid index copy: ``(order, entries, problem, notice)``."""
        found = []
        damaged = None
        for copy in (0, 1):
            base = copy * INDEX_BYTES
            if buf[base + AT_COMMIT] != MAGIC:
                continue  # never written, invalidated, or cut off before its commit
            if buf[base + AT_VERSION] != VERSION and buf[base + AT_VERSION] != VAULT_VERSION:
                self._newest = copy
                from totp.store.damage import future_format  # only when it is needed

                return [], {}, future_format(buf[base + AT_VERSION]), None
            checked = self._check(buf, base)
            if checked is None:
                damaged = base
            else:
                seq, length = checked
                found.append((seq, copy, length))
        found.sort()
        notice = None if damaged is None else DAMAGED_COPY
        while found:
            seq, copy, length = found.pop()
            try:
                order, entries = self._read(buf, copy * INDEX_BYTES, length)
            except (ValueError, IndexError):  # RecordError, AccountError, bad UTF-8
                damaged = copy * INDEX_BYTES
                notice = DAMAGED_COPY
                continue
            self._seq = seq
            self._newest = copy
            self._index_used = HEAD + length + CRC
            self.used = sum(entry[ENTRY_LENGTH] for entry in entries.values())
            self._tidy(buf, entries, 1 - copy)
            return order, entries, None, notice
        if damaged is not None:
            from totp.store.damage import load_failure

            return [], {}, load_failure(buf, damaged), None
        self._tidy(buf, {}, None)  # no index at all: a wipe cut while zeroing, or a new chip
        return [], {}, None, None

    def _tidy(self, buf, entries, other):
        """Zero what a cut change left in free record space (a record written for a
        change that never committed, or one step 6 had not finished zeroing)."""
        zeros = bytes(WIPE_CHUNK)
        for start, stop in self._gaps(entries.values()):
            for pos in range(start, stop, WIPE_CHUNK):
                end = min(stop, pos + WIPE_CHUNK)
                if buf[pos:end] != zeros[:end - pos]:
                    if other is not None:
                        self._invalidate(other)  # no valid index may point here
                    self._write_changed(pos, zeros[:end - pos])

    # ---- changing --------------------------------------------------------

    def _index(self, order, entries):
        image = bytearray(HEAD)
        image[AT_COMMIT] = MAGIC
        vault = entries.get(rec.VAULT_ID)
        image[AT_VERSION] = VERSION if vault is None else VAULT_VERSION
        seq = self._seq + 1
        image[AT_SEQ:AT_LENGTH] = bytes((seq & 0xFF, seq >> 8 & 0xFF, seq >> 16 & 0xFF,
                                         seq >> 24 & 0xFF))
        if vault is not None:
            _reference(image, vault[ENTRY_AT], vault[ENTRY_ACCOUNT].attempts)
        for ident in order:
            entry = entries[ident]
            acct = entry[ENTRY_ACCOUNT]
            _reference(image, entry[ENTRY_AT], acct.counter if acct.kind == HOTP else None)
        length = len(image) - HEAD
        image[AT_LENGTH] = length & 0xFF
        image[AT_LENGTH + 1] = length >> 8
        return image + crc32_bytes(image)

    def _place(self, size, entries, for_add):
        """Where a record of ``size`` bytes goes: the first gap it fits."""
        free = self.total_bytes() - self.used
        if for_add and free - size < RESERVE:
            raise StoreFull(size + RESERVE, free, ROOM_ADVICE)
        for start, stop in self._gaps(entries):
            if stop - start >= size:
                return start
        raise StoreFull(size, free, ROOM_ADVICE if free < size else
                        "free space is split between records: delete an account to make room")

    def _invalidate(self, copy):
        base = copy * INDEX_BYTES
        if self._nvm[base] == MAGIC:
            self._nvm[base:base + 1] = b"\x00"

    def write(self, record, rtype, fields, run, order, entries, for_add):
        """Apply one change and make it durable (steps 1-6 above); returns (order, entries)."""
        new_order = list(order)
        new_entries = dict(entries)
        apply(new_order, new_entries, rtype, fields, 0, b"", MAX_FRAM_ID)
        ident = fields[rec.FIELD_ID]
        fresh = []  # ids whose record is written anew
        if rtype == rec.ACCOUNT or rtype == rec.RENAME or rtype == rec.VAULT:
            fresh.append(ident)
        elif rtype == rec.COUNTER or rtype == rec.ATTEMPTS:
            old = entries[ident]
            new_entries[ident] = [new_entries[ident][ENTRY_ACCOUNT], old[ENTRY_AT],
                                  old[ENTRY_LENGTH], 0]
        return self._commit(entries, new_order, new_entries, fresh,
                            for_add and ident not in entries)

    def rewrite(self, order, entries, new_entries):
        """Every record anew in free space, then one index (steps 1-6 above)."""
        new_entries = dict(new_entries)
        order, new_entries = self._commit(entries, list(order), new_entries,
                                          list(new_entries), False)
        return order, new_entries, None, None

    def _commit(self, entries, new_order, new_entries, fresh, for_add):
        """Write the records of the ids in ``fresh`` where no valid index points, then
        the index of ``new_entries`` (steps 1-6 above); returns (order, entries)."""
        taken = list(entries.values())
        stored = []
        for ident in fresh:
            item = new_entries[ident][ENTRY_ACCOUNT]
            data = item.record(0, 0) if ident == rec.VAULT_ID else rec.account(0, item, 0)
            entry = [item, self._place(len(data), taken, for_add), len(data), 0]
            new_entries[ident] = entry
            taken.append(entry)
            stored.append((entry[ENTRY_AT], data))
        image = self._index(new_order, new_entries)
        if len(image) > INDEX_BYTES:
            raise StoreFull(len(image) - self._index_used, INDEX_BYTES - self._index_used,
                            ROOM_ADVICE)
        target = 1 - self._newest if self._newest >= 0 else 0
        base = target * INDEX_BYTES
        nvm = self._nvm
        self._invalidate(target)  # step 1
        for at, data in stored:  # step 2
            nvm[at:at + len(data)] = data
        self._write_changed(base + AT_VERSION, image[AT_VERSION:])  # step 3
        nvm[base:base + 1] = image[AT_COMMIT:AT_VERSION]  # step 4: the commit
        self._seq += 1
        self._newest = target
        self._index_used = len(image)
        self.used = sum(entry[ENTRY_LENGTH] for entry in new_entries.values())
        dropped = [(entries[old][ENTRY_AT], entries[old][ENTRY_LENGTH]) for old in entries
                   if old not in new_entries
                   or new_entries[old][ENTRY_AT] != entries[old][ENTRY_AT]]
        if dropped:
            self._invalidate(1 - target)  # step 5
            for at, size in dropped:  # step 6
                nvm[at:at + size] = bytes(size)
        return new_order, new_entries

    def _write_changed(self, start, data):
        """Write ``data`` at ``start``, skipping the runs of bytes already there."""
        old = self._nvm[start:start + len(data)]
        pos = 0
        size = len(data)
        while pos < size:
            if old[pos] == data[pos]:
                pos += 1
                continue
            end = pos + 1
            while end < size and old[end] != data[end]:
                end += 1
            self._nvm[start + pos:start + end] = data[pos:end]
            pos = end

    def wipe(self):
        """Invalidate both copies, newest last (all or none), then zero the record space."""
        newest = self._newest if self._newest >= 0 else 0
        self._invalidate(1 - newest)
        self._invalidate(newest)
        zeros = bytes(WIPE_CHUNK)
        for start in range(self._start, self._size, WIPE_CHUNK):
            self._write_changed(start, zeros[:min(WIPE_CHUNK, self._size - start)])
        self.reset()
