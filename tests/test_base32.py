"""Base32 secrets as people paste them (totp.base32)."""

import base64
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from totp.base32 import Base32Error, decode, encode


@pytest.mark.parametrize(("pasted", "secret"), [
    ("GEZDGNBVGY3TQOJQ", b"1234567890"),
    ("gezdgnbvgy3tqojq", b"1234567890"),             # lower case
    ("GEZD GNBV GY3T QOJQ", b"1234567890"),          # groups of four, as sites show them
    ("gezd-gnbv-gy3t-qojq", b"1234567890"),          # hyphens
    ("  GEZDGNBVGY3TQOJQ\n", b"1234567890"),         # copied with surrounding whitespace
    ("JBSWY3DP", b"Hello"),
    ("NBUQ", b"hi"),                                 # padding missing
    ("NBUQ====", b"hi"),                             # padding present
    ("nb uq==", b"hi"),
    ("MZXW6===", b"foo"),
    ("MZXW6", b"foo"),
    ("MZXW6YQ=", b"foob"),
    ("MZXW6YTBOI======", b"foobar"),
    (b"GEZDGNBV", b"12345"),                          # bytes in, too
    ("", b""),
])
def test_base32_decodes_pasted_secrets(pasted, secret):
    assert decode(pasted) == secret


@pytest.mark.parametrize(("pasted", "character", "position"), [
    ("GEZD1NBV", "'1'", 5),       # 1 is not in the alphabet (I is)
    ("gezd gnb0", "'0'", 9),      # position counts the spaces people typed
    ("JBSW Y3DP!", "'!'", 10),
    ("JBSWY3D8", "'8'", 8),
    ("JBSWé3DP", "'é'", 5),
    ("JBSW_Y3DP", "'_'", 5),
    (b"JB\xffSWY3DP", "'\xff'", 3),  # bytes: a non-ASCII byte is named, not a decode crash
])
def test_base32_invalid_character_says_the_fix_and_tells_nothing_of_the_secret(
        pasted, character, position):
    with pytest.raises(Base32Error) as error:
        decode(pasted)
    message = str(error.value)
    assert character not in message and character.strip("'") not in message
    assert not re.search(r"\b%d\b" % position, message) and "position" not in message
    assert "letters A-Z and digits 2-7" in message and "copied whole" in message


@pytest.mark.parametrize("truncated", ["A", "ABC", "ABCDEF", "GEZDGNBVG"])
def test_base32_truncated_secret_is_reported(truncated):
    with pytest.raises(Base32Error, match="part of it is missing") as error:
        decode(truncated)
    assert not re.search(r"\b%d\b" % len(truncated), str(error.value))  # not even its length


def test_base32_error_is_a_value_error():
    assert issubclass(Base32Error, ValueError)


def test_base32_rejects_what_is_not_text():
    with pytest.raises(Base32Error, match="text, not int"):
        decode(12345)


@pytest.mark.parametrize(("data", "padding", "text"), [
    (b"", False, ""),
    (b"f", False, "MY"),
    (b"f", True, "MY======"),
    (b"foobar", False, "MZXW6YTBOI"),
    (b"foobar", True, "MZXW6YTBOI======"),
    (b"12345678901234567890", False, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
])
def test_base32_encodes(data, padding, text):
    assert encode(data, padding=padding) == text


@given(st.binary(max_size=200))
def test_base32_matches_the_standard_library(data):
    standard = base64.b32encode(data).decode("ascii")
    assert encode(data, padding=True) == standard
    assert encode(data) == standard.rstrip("=")
    assert decode(standard) == data
    assert decode(standard.lower().rstrip("=")) == data
