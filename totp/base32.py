"""RFC 4648 base32, as people paste secrets: any case, spaces, hyphens, optional padding."""

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_IGNORED = " -=\t\r\n"


class Base32Error(ValueError):
    """Invalid base32 text; the message names the character and its position."""


def decode(text):
    """Decode a base32 secret to bytes, ignoring case, spaces, hyphens and ``=``."""
    if isinstance(text, (bytes, bytearray)):
        # byte by byte, so a non-ASCII byte is reported like any bad character
        text = "".join(chr(byte) for byte in text)
    elif not isinstance(text, str):
        raise Base32Error("a base32 secret is text, not %s" % type(text).__name__)
    out = bytearray()
    acc = 0
    bits = 0
    position = 0
    for ch in text:
        position += 1
        if ch in _IGNORED:
            continue
        value = _ALPHABET.find(ch.upper())
        if value < 0:
            raise Base32Error(
                "invalid base32 character %r at position %d: secrets use only A-Z and 2-7"
                % (ch, position))
        acc = ((acc << 5) | value) & 0xFFF  # at most 12 live bits: small ints only
        bits += 5
        if bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 0xFF)
    if bits >= 5:
        # a 5-bit remainder cannot come from whole bytes: the secret was truncated
        raise Base32Error("base32 text has a stray trailing character: the secret looks truncated")
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
