"""CRC-32 (the zlib / binascii polynomial) for storage records.

Uses ``binascii.crc32`` where the port has it (CircuitPython builds it only
together with zlib) and otherwise a table-driven fallback that keeps the
running CRC as two 16-bit halves, so no int ever reaches 2**30 inside the loop
(those are heap objects on 32-bit builds).
"""

try:
    import binascii

    _native_crc32 = getattr(binascii, "crc32", None)  # binascii can come without it
except ImportError:  # pragma: no cover - depends on the port
    _native_crc32 = None

# the fallback's table of 256 CRCs, split into high and low 16 bits; filled on first use
_table_hi = []  # type: list[int]
_table_lo = []  # type: list[int]


def _build_tables():
    high = _table_hi
    low = _table_lo
    for index in range(256):
        hi = 0
        lo = index
        for _ in range(8):
            if lo & 1:
                # shift the 32-bit value right by one, then xor 0xEDB88320
                lo = ((lo >> 1) | ((hi & 1) << 15)) ^ 0x8320
                hi = (hi >> 1) ^ 0xEDB8
            else:
                lo = (lo >> 1) | ((hi & 1) << 15)
                hi = hi >> 1
        high.append(hi)
        low.append(lo)


def crc32_halves(data):
    """CRC-32 of ``data`` as ``(high16, low16)``, pure Python, small ints only."""
    if not _table_hi:
        _build_tables()
    high = _table_hi
    low = _table_lo
    hi = 0xFFFF
    lo = 0xFFFF
    for byte in data:
        index = (lo ^ byte) & 0xFF
        lo = ((lo >> 8) | ((hi & 0xFF) << 8)) ^ low[index]
        hi = (hi >> 8) ^ high[index]
    return hi ^ 0xFFFF, lo ^ 0xFFFF


def crc32_pure(data):
    """CRC-32 of ``data`` as an int, computed by the pure fallback."""
    hi, lo = crc32_halves(data)
    return (hi << 16) | lo


def crc32_split(data):
    """CRC-32 of ``data`` as ``(high16, low16)``, natively where the port can."""
    if _native_crc32 is not None:
        value = _native_crc32(data)
        return (value >> 16) & 0xFFFF, value & 0xFFFF
    return crc32_halves(data)


def crc32_bytes(data):
    """CRC-32 of ``data`` as 4 little-endian bytes (the form stored in records)."""
    if _native_crc32 is not None:
        value = _native_crc32(data) & 0xFFFFFFFF
        return bytes((value & 0xFF, (value >> 8) & 0xFF, (value >> 16) & 0xFF, value >> 24))
    hi, lo = crc32_halves(data)
    return bytes((lo & 0xFF, lo >> 8, hi & 0xFF, hi >> 8))


def crc32(data):
    """CRC-32 of ``data`` as an int, equal to ``binascii.crc32(data)``."""
    if _native_crc32 is not None:
        return _native_crc32(data) & 0xFFFFFFFF
    return crc32_pure(data)
