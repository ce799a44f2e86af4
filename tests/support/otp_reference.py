"""Reference OTP values for the tests, straight from the RFCs on CPython's ``hmac``.

Independent of ``totp.otp`` so the tests compare two implementations, not one
with itself. The published known answers are in support/otp_vectors.py.
"""

import hmac

STEAM_ALPHABET = "23456789BCDFGHJKMNPQRTVWXY"


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
