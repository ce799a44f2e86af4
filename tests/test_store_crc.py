"""CRC-32 for storage records: known answers, the pure fallback equal to zlib's,
and a fallback that keeps every number small (no heap ints on a board)."""

import random
import zlib

import pytest

from totp.store import crc

# (data, CRC-32): the check value from the CRC catalogue, and other known answers
KNOWN = [
    (b"", 0x00000000),
    (b"a", 0xE8B7BE43),
    (b"123456789", 0xCBF43926),
    (b"The quick brown fox jumps over the lazy dog", 0x414FA339),
    (b"\x00" * 32, 0x190A55AD),
    (b"\xff" * 32, 0xFF6CAB0B),
]


@pytest.mark.parametrize("function", [crc.crc32, crc.crc32_pure])
@pytest.mark.parametrize("data, expected", KNOWN)
def test_known_answers(function, data, expected):
    assert function(data) == expected


@pytest.mark.parametrize("data, expected", KNOWN)
def test_record_form_is_four_little_endian_bytes_on_both_paths(monkeypatch, data, expected):
    wanted = expected.to_bytes(4, "little")
    assert crc.crc32_bytes(data) == wanted
    monkeypatch.setattr(crc, "_native_crc32", None)
    assert crc.crc32_bytes(data) == wanted
    assert crc.crc32(bytearray(data)) == expected


def test_pure_fallback_matches_zlib_on_random_data():
    rng = random.Random(32)
    for length in list(range(0, 70)) + [255, 1000, 4096]:
        data = rng.randbytes(length)
        assert crc.crc32_pure(data) == zlib.crc32(data)
        assert crc.crc32_pure(memoryview(data)) == zlib.crc32(data)


def test_fallback_tables_hold_only_16_bit_numbers():
    crc.crc32_halves(b"x")
    assert len(crc._table_hi) == len(crc._table_lo) == 256
    assert max(crc._table_hi + crc._table_lo) < 2**16
    high, low = crc.crc32_halves(b"123456789")
    assert (high, low) == (0xCBF4, 0x3926)


@pytest.mark.parametrize("data, expected", KNOWN)
def test_split_form_is_two_16_bit_halves_on_both_paths(monkeypatch, data, expected):
    # the form records are checked in at boot: no 32-bit int to compare
    wanted = (expected >> 16, expected & 0xFFFF)
    assert crc.crc32_split(memoryview(data)) == wanted
    monkeypatch.setattr(crc, "_native_crc32", None)
    assert crc.crc32_split(memoryview(data)) == wanted
