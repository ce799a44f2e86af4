"""Reference OTP values for the tests, straight from the RFCs on CPython's ``hmac``.

Also loads the shared known-answer corpus. Independent of ``totp.otp`` so
the tests compare two implementations, not one with itself.
"""

import hmac
import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "vectors.json"
STEAM_ALPHABET = "23456789BCDFGHJKMNPQRTVWXY"


def load_vectors():
    """The corpus: {"hotp": [...], "totp": [...], "steam": [...]} (fails loudly if missing)."""
    with open(CORPUS, encoding="utf-8") as corpus:
        return json.load(corpus)


def truncated(secret, counter, algorithm):
    """RFC 4226 dynamic truncation of HMAC(secret, counter): a 31-bit int."""
    digest = hmac.new(secret, counter.to_bytes(8, "big"), algorithm.lower()).digest()
    offset = digest[-1] & 0x0F
    return int.from_bytes(digest[offset:offset + 4], "big") & 0x7FFFFFFF


def hotp(secret, counter, digits=6, algorithm="SHA1"):
    return str(truncated(secret, counter, algorithm) % 10 ** digits).rjust(digits, "0")


def totp(secret, unix_time, digits=6, period=30, algorithm="SHA1"):
    return hotp(secret, unix_time // period, digits, algorithm)


def steam(secret, unix_time):
    value = truncated(secret, unix_time // 30, "SHA1")
    characters = []
    for _ in range(5):
        value, index = divmod(value, len(STEAM_ALPHABET))
        characters.append(STEAM_ALPHABET[index])
    return "".join(characters)
