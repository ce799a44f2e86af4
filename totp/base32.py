"""RFC 4648 base32, as people paste secrets: any case, spaces, hyphens, optional padding."""

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_IGNORED = " -=\t\r\n"
# the messages say what is wrong and the fix, never a character, position or length:
# any of those would tell part of the secret
BAD_CHARACTER = ("the secret is not valid base32: it may only hold the letters A-Z and "
                 "digits 2-7 (spaces, hyphens and = are ignored); check it was copied whole")
TRUNCATED = ("the secret is not valid base32: it stops part-way through a byte, so part "
             "of it is missing; check it was copied whole")


class Base32Error(ValueError):
    """Invalid base32 text; the message says what is wrong and the fix, never a character."""


def decode(text):
    """Decode a base32 secret to bytes, ignoring case, spaces, hyphens and ``=``."""
    if isinstance(text, (bytes, bytearray)):
        # byte by byte, so a non-ASCII byte is refused like any bad character
        text = "".join(chr(byte) for byte in text)
    elif not isinstance(text, str):
        raise Base32Error("a base32 secret is text, not %s" % type(text).__name__)
    out = bytearray()
    acc = 0
    bits = 0
    for ch in text:
        if ch in _IGNORED:
            continue
        value = _ALPHABET.find(ch.upper())
        if value < 0:
            raise Base32Error(BAD_CHARACTER)
        acc = ((acc << 5) | value) & 0xFFF  # at most 12 live bits: small ints only
        bits += 5
        if bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 0xFF)
    if bits >= 5:
        # a 5-bit remainder cannot come from whole bytes: the secret was truncated
        raise Base32Error(TRUNCATED)
    return bytes(out)


def encode(data, padding=False):
    """Encode bytes as upper-case base32 (no padding unless asked)."""
    out = []
    acc = 0
    bits = 0
    for byte in data:
        acc = ((acc << 8) | byte) & 0xFFF
        bits += 8
        while bits >= 5:
            bits -= 5
            out.append(_ALPHABET[(acc >> bits) & 31])
    if bits:
        out.append(_ALPHABET[(acc << (5 - bits)) & 31])
    if padding:
        while len(out) % 8:
            out.append("=")
    return "".join(out)
