"""Google Authenticator exports made by hand: a tiny protocol-buffers writer.

The mirror of the importer's reader, written from the export's field numbers
(MigrationPayload: 1 accounts, 2 version, 3 batch size, 4 batch index, 5 batch
id; OtpParameters: 1 secret, 2 name, 3 issuer, 4 algorithm, 5 digits, 6 type,
7 counter), so tests can build any export, good or broken.
"""

import base64
from urllib.parse import quote

ACCOUNT_NUMBERS = {"algorithm": 4, "digits": 5, "type": 6, "counter": 7}
TYPE_HOTP, TYPE_TOTP = 1, 2
DIGITS_EIGHT = 2


def varint(value: int) -> bytes:
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def field(number: int, value: int | bytes) -> bytes:
    if isinstance(value, int):
        return varint(number << 3) + varint(value)
    return varint(number << 3 | 2) + varint(len(value)) + value


def otp(secret: bytes = b"12345678901234567890", name: str = "alice", issuer: str = "ACME",
        **numbers: int) -> bytes:
    """One OtpParameters message; numbers are algorithm=, digits=, type=, counter= codes."""
    body = field(1, secret) + field(2, name.encode()) + field(3, issuer.encode())
    for key, value in numbers.items():
        body += field(ACCOUNT_NUMBERS[key], value)
    return body


def export_uri(*accounts: bytes, batch: tuple[int, int, int, int] = (1, 1, 0, 7)) -> str:
    """An otpauth-migration:// URI; batch is (version, size, index, id)."""
    version, size, index, batch_id = batch
    payload = b"".join(field(1, account) for account in accounts)
    payload += field(2, version) + field(3, size) + field(4, index) + field(5, batch_id)
    return "otpauth-migration://offline?data=" + quote(base64.b64encode(payload), safe="")


def numbered_secret(number: int) -> bytes:
    return bytes((number * 7 + offset) % 256 for offset in range(20))


def split_export(sizes: tuple[int, ...] = (10, 10, 2), batch_id: int = 251676888,
                 issuer: str = "ACME") -> list[str]:
    """One export split over len(sizes) QR codes, accounts numbered 1.. across the parts."""
    uris, number = [], 0
    for index, size in enumerate(sizes):
        accounts = []
        for _ in range(size):
            number += 1
            accounts.append(otp(numbered_secret(number), "%s:user%d@example.com" % (issuer, number),
                                issuer, type=TYPE_TOTP))
        uris.append(export_uri(*accounts, batch=(1, len(sizes), index, batch_id)))
    return uris


def totp8_and_hotp7() -> str:
    """A two-account export: an 8-digit TOTP and an HOTP at counter 7."""
    return export_uri(otp(name="Test", issuer="Test", type=TYPE_TOTP, digits=DIGITS_EIGHT),
                      otp(name="Example:alice@google.com", issuer="Example", type=TYPE_HOTP,
                          counter=7))
