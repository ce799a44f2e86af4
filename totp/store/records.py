"""Storage record codec: how one record is framed, checked and parsed.

A record is ``size | ~size | type | payload | zero pad | crc32 | commit``
where ``size`` is the whole length in 4-byte units (never 0xFF, so an erased
byte means "no record here") and ``~size`` its complement (a flipped size bit
is damage, not a torn write), the CRC covers everything before it, and the
last byte is always 0x00. Flash may program the bytes of one write in any
order, so the log writes a record in three steps: the two size bytes, then
the body, then the commit byte. A record whose commit byte still reads 0xFF
(or whose size survives in only one of the two size bytes, the rest erased)
was cut off by a power failure (torn), while a committed record with a bad
CRC is damage. HOTP account and counter records are followed by a run of
erased bytes; each HOTP press programs the next one.

Account ids and move positions take one byte up to 254, the most the flash
ports hold; 0xFF (never an id there) escapes a two-byte little-endian value,
which only the FRAM layout's larger stores use (``totp.store.fram``).

A store with a PIN vault (``totp.store.vault``) has one VAULT record (salt,
iterations, the data key sealed under the PIN, the attempt counter) and
ATTEMPTS records that move its counter on, like COUNTER records an HOTP
counter; its header says format 2, so firmware without vaults refuses it
plainly instead of misreading it.
"""

from totp.account import ALGORITHMS, KINDS
from totp.const import const
from totp.store.crc import crc32_bytes, crc32_split

FORMAT_VERSION = 1
VAULT_FORMAT_VERSION = 2  # a store holding a vault record
MAGIC = b"TOTP"
ERASED = 0xFF
ALIGN = 4
MAX_UNITS = 254
WIDE = 0xFF  # an id or position byte that escapes a two-byte value
OVERHEAD = 8  # size, ~size, type, crc32, commit

HEADER = 0x48
ACCOUNT = 0x41
DELETE = 0x44
RENAME = 0x52
MOVE = 0x4D
COUNTER = 0x43
END = 0x45
VAULT = 0x56
ATTEMPTS = 0x54
VAULT_ID = const(-1)  # the FIELD_ID of VAULT and ATTEMPTS records: the vault's key in entries
VAULT_OPEN = const(0)  # a vault's lock byte: the data key is stored as it is (no PIN)
VAULT_LOCKED = const(1)  # the data key is sealed under the PIN

# byte offsets in a record's frame
AT_SIZE = const(0)
AT_CHECK = const(1)  # ~size
AT_TYPE = const(2)
AT_PAYLOAD = const(3)
CRC_BYTES = const(4)

# outcomes of read()
OK = 0
BLANK = 1
TORN = 2
DAMAGED = 3

# positions in the field list parse() returns, per record type
FIELD_ID = const(0)  # every type but HEADER and END: the account id
HEADER_VERSION = const(0)
HEADER_SEQ = const(1)
ACCOUNT_KIND = const(1)
ACCOUNT_ALGORITHM = const(2)
ACCOUNT_DIGITS = const(3)
ACCOUNT_PERIOD = const(4)
ACCOUNT_COUNTER = const(5)
ACCOUNT_RUN = const(6)  # erased counter bytes after the record (HOTP in the log)
ACCOUNT_SECRET = const(7)
ACCOUNT_ISSUER = const(8)
ACCOUNT_NAME = const(9)
RENAME_ISSUER = const(1)
RENAME_NAME = const(2)
MOVE_TO = const(1)
COUNTER_VALUE = const(1)  # ATTEMPTS records share the COUNTER positions
COUNTER_RUN = const(2)
END_COUNT = const(0)
VAULT_LOCK = const(1)  # how the data key is kept: sealed under the PIN, or open
VAULT_ITERATIONS = const(2)
VAULT_ATTEMPTS = const(3)
VAULT_RUN = const(4)
VAULT_SALT = const(5)
VAULT_KEY = const(6)


_ERASED_BLOCK = b"\xff" * 256


def first_unerased(buf, start, stop):
    """Index of the first byte in ``buf[start:stop]`` that is not 0xFF, or ``stop``."""
    pos = start
    block = len(_ERASED_BLOCK)
    while pos < stop:
        if stop - pos < block:
            block = stop - pos
        if buf[pos:pos + block] != _ERASED_BLOCK[:block]:  # a block per compare, at boot
            while buf[pos] == ERASED:
                pos += 1
            return pos
        pos += block
    return stop


class RecordError(ValueError):
    """A record's payload does not parse; the store reports it as damage."""


def write_steps(record):
    """``(offset, bytes)`` pieces the log programs one after another: size bytes,
    body, commit byte, so whatever order flash programs a piece in, a cut leaves
    a record that reads as torn."""
    return ((AT_SIZE, record[AT_SIZE:AT_TYPE]), (AT_TYPE, record[AT_TYPE:-1]),
            (len(record) - 1, record[-1:]))


def frame(rtype, payload):
    """The bytes of one complete record."""
    length = len(payload) + OVERHEAD
    pad = (-length) % ALIGN
    units = (length + pad) // ALIGN
    if units > MAX_UNITS:
        raise RecordError("record of %d bytes is too large" % (length + pad))
    body = bytes((units, units ^ 0xFF, rtype)) + bytes(payload) + bytes(pad)
    return body + crc32_bytes(body) + b"\x00"


def read(buf, pos, limit):
    """Look at the record starting at ``pos``: ``(outcome, rtype, payload, end)``.

    ``payload`` (a slice of ``buf``: pass a memoryview to read without
    copying) still carries the zero pad; ``end`` is where the record's own
    bytes stop (a following run of counter bytes is the caller's business).
    """
    units = buf[pos + AT_SIZE]
    check = buf[pos + AT_CHECK] if pos + AT_CHECK < limit else ERASED
    if units == ERASED:
        if check == ERASED:
            return BLANK, 0, None, pos
        units = check ^ 0xFF  # cut while the size bytes went in: only ~size landed
        end = pos + units * ALIGN
        if units < 2 or end > limit:
            return DAMAGED, 0, None, pos
        for index in range(pos + AT_TYPE, end):  # byte by byte: buf may be a memoryview
            if buf[index] != ERASED:
                return DAMAGED, 0, None, pos
        return TORN, 0, None, end
    end = pos + units * ALIGN
    if units < 2 or end > limit:
        return DAMAGED, 0, None, pos
    if check != ERASED and check != units ^ 0xFF:
        return DAMAGED, 0, None, pos
    commit = buf[end - 1]
    if commit == ERASED:
        # a cut after the size byte alone leaves the rest erased; anything else
        # with an unset check byte is damage, not a torn write to skip over
        if check == ERASED:
            for index in range(pos + AT_TYPE, end):  # byte by byte: buf may be a memoryview
                if buf[index] != ERASED:
                    return DAMAGED, 0, None, pos
        return TORN, 0, None, end
    if commit != 0 or check == ERASED:
        return DAMAGED, 0, None, pos
    # compared as 16-bit halves: at boot this runs per record, so no copies, no big ints
    at = end - 1 - CRC_BYTES
    high, low = crc32_split(buf[pos:at])
    if low != buf[at] | buf[at + 1] << 8 or high != buf[at + 2] | buf[at + 3] << 8:
        return DAMAGED, 0, None, pos
    return OK, buf[pos + AT_TYPE], buf[pos + AT_PAYLOAD:at], end


class Reader:
    """Reads fields from a payload; checks that only the zero pad is left."""

    def __init__(self, payload):
        self.data = payload
        self.pos = 0

    def u8(self):
        if self.pos >= len(self.data):
            raise RecordError("record ends early")
        value = self.data[self.pos]
        self.pos += 1
        return value

    def ident(self):
        """An account id or position: one byte, or WIDE and two more."""
        value = self.u8()
        if value == WIDE:
            value = self.u8() | self.u8() << 8
        return value

    def varint(self):
        value = 0
        shift = 0
        while True:
            byte = self.u8()
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7
            if shift > 56:
                raise RecordError("number too long")

    def blob(self):
        size = self.u8()
        start = self.pos
        self.pos += size
        if self.pos > len(self.data):
            raise RecordError("field runs past the record")
        return bytes(self.data[start:self.pos])

    def text(self):
        return self.blob().decode("utf-8")

    def finish(self):
        rest = self.data[self.pos:]
        if len(rest) >= ALIGN or any(rest):
            raise RecordError("unexpected bytes at the end of a record")


def _varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return out


def _ident(value):
    if value < WIDE:
        return bytes((value,))
    return bytes((WIDE, value & 0xFF, value >> 8))


def _blob(data):
    return bytes((len(data),)) + data


def header(seq, version=FORMAT_VERSION):
    return frame(HEADER, MAGIC + bytes((version,)) + _varint(seq))


def account(ident, acct, run):
    # one byte: kind (2 bits), algorithm (2 bits), digits - 5 (4 bits)
    kind = KINDS.index(acct.kind) * 64 + ALGORITHMS.index(acct.algorithm) * 16 + acct.digits - 5
    payload = (_ident(ident) + bytes((kind,)) + _varint(acct.period) + _varint(acct.counter)
               + bytes((run,)) + _blob(acct.secret) + _blob(acct.issuer.encode("utf-8"))
               + _blob(acct.name.encode("utf-8")))
    return frame(ACCOUNT, payload)


def delete(ident):
    return frame(DELETE, _ident(ident))


def rename(ident, issuer, name):
    return frame(RENAME, _ident(ident) + _blob(issuer.encode("utf-8"))
                 + _blob(name.encode("utf-8")))


def move(ident, index):
    return frame(MOVE, _ident(ident) + _ident(index))


def counter(ident, value, run):
    return frame(COUNTER, _ident(ident) + _varint(value) + bytes((run,)))


def end(count):
    return frame(END, bytes((count,)))


def vault(lock, iterations, attempts, run, salt, key):
    return frame(VAULT, bytes((lock,)) + _varint(iterations) + _varint(attempts)
                 + bytes((run,)) + _blob(salt) + _blob(key))


def attempts(value, run):
    return frame(ATTEMPTS, _varint(value) + bytes((run,)))


def run_length(rtype, fields):
    """Erased counter bytes that follow a parsed record in the log."""
    if rtype == ACCOUNT:
        return fields[ACCOUNT_RUN]
    if rtype == COUNTER or rtype == ATTEMPTS:
        return fields[COUNTER_RUN]
    if rtype == VAULT:
        return fields[VAULT_RUN]
    return 0


def parse(rtype, payload):
    """The fields of a record as a list; raises RecordError on anything unexpected.

    HEADER: [version, seq] (magic checked)   ACCOUNT: [id, kind, algorithm, digits,
    period, counter, run, secret, issuer, name]   DELETE: [id]   RENAME: [id, issuer,
    name]   MOVE: [id, index]   COUNTER: [id, value, run]   END: [count]
    VAULT: [VAULT_ID, lock, iterations, attempts, run, salt, key]
    ATTEMPTS: [VAULT_ID, value, run]
    (the positions are the FIELD_ID, HEADER_*, ACCOUNT_* ... constants above)
    """
    r = Reader(payload)
    if rtype == HEADER:
        if bytes(payload[:len(MAGIC)]) != MAGIC:
            raise RecordError("not a totp-token header")
        r.pos = len(MAGIC)
        version = r.u8()
        if version != FORMAT_VERSION and version != VAULT_FORMAT_VERSION:
            return [version, None]  # another format: the rest is not ours to parse
        fields = [version, r.varint()]
    elif rtype == ACCOUNT:
        ident = r.ident()
        kind = r.u8()
        if kind // 64 >= len(KINDS) or kind // 16 % 4 >= len(ALGORITHMS):
            raise RecordError("unknown account type")
        fields = [ident, KINDS[kind // 64], ALGORITHMS[kind // 16 % 4], kind % 16 + 5,
                  r.varint(), r.varint(), r.u8(), r.blob(), r.text(), r.text()]
    elif rtype == DELETE:
        fields = [r.ident()]
    elif rtype == RENAME:
        fields = [r.ident(), r.text(), r.text()]
    elif rtype == MOVE:
        fields = [r.ident(), r.ident()]
    elif rtype == COUNTER:
        fields = [r.ident(), r.varint(), r.u8()]
    elif rtype == END:
        fields = [r.u8()]
    elif rtype == VAULT:
        fields = [VAULT_ID, r.u8(), r.varint(), r.varint(), r.u8(), r.blob(), r.blob()]
    elif rtype == ATTEMPTS:
        fields = [VAULT_ID, r.varint(), r.u8()]
    else:
        raise RecordError("unknown record type 0x%02x" % rtype)
    r.finish()
    return fields
