"""Reads Google Authenticator exports: ``otpauth-migration://offline?data=BASE64``.

``data`` is a base64 ``MigrationPayload`` protocol-buffers message (read with the
small reader in ``protobuf.py``)::

    1 otp_parameters (repeated): 1 secret, 2 name, 3 issuer, 4 algorithm,
                                 5 digits, 6 type, 7 counter
    2 version, 3 batch_size, 4 batch_index, 5 batch_id

An export too big for one QR code is split into ``batch_size`` parts sharing a
``batch_id``; ``parse_migration`` returns one part and the caller checks all came.
"""

import base64
import binascii
from urllib.parse import unquote_to_bytes

from totp.account import HOTP, STEAM, TOTP, Account

from ..errors import InputError
from . import protobuf
from .fields import (
    account_where,
    build_account,
    is_steam_issuer,
    split_label,
    weak_secret_warning,
)

SCHEME = "otpauth-migration"
# enum values of the export's schema; 0 (UNSPECIFIED) means the default
ALGORITHMS = {0: "SHA1", 1: "SHA1", 2: "SHA256", 3: "SHA512"}
ALGORITHM_MD5 = 4
DIGITS = {0: 6, 1: 6, 2: 8}
KINDS = {0: TOTP, 1: HOTP, 2: TOTP}
PERIOD = 30  # the format has no period field: Google Authenticator always uses 30 s

# MigrationPayload and OtpParameters field numbers
PAYLOAD_ACCOUNTS, PAYLOAD_VERSION, BATCH_SIZE, BATCH_INDEX, BATCH_ID = 1, 2, 3, 4, 5
SECRET, NAME, ISSUER, ALGORITHM, DIGIT_COUNT, KIND, COUNTER = 1, 2, 3, 4, 5, 6, 7


class MigrationPart:
    """One decoded QR code of an export: accounts, warnings, per-account errors, batch."""

    def __init__(self, batch_id: int, batch_size: int, batch_index: int) -> None:
        self.accounts: list[Account] = []
        self.warnings: list[str] = []
        self.errors: list[str] = []
        self.batch_id = batch_id
        self.batch_size = batch_size
        self.batch_index = batch_index


def is_migration_uri(text: str) -> bool:
    return text[:len(SCHEME) + 3].lower() == SCHEME + "://"


def parse_migration(text: str, where: str = "URI") -> MigrationPart:
    """One ``otpauth-migration://`` URI -> ``MigrationPart``; ``InputError`` if unreadable."""
    payload = _payload_bytes(text.strip(), where)
    try:
        fields = protobuf.read_message(payload)
        part = MigrationPart(
            protobuf.signed(_number(fields, BATCH_ID, 0), 32),
            _number(fields, BATCH_SIZE, 1),
            _number(fields, BATCH_INDEX, 0))
        entries = fields.get(PAYLOAD_ACCOUNTS, [])
        if not entries:
            raise InputError("%s: the export holds no accounts" % where)
        for position, entry in enumerate(entries, 1):
            if not isinstance(entry, bytes):
                raise protobuf.WireError("account %d is not a message" % position)
            entry_where = "%s account %d" % (where, position)
            try:
                _read_account(protobuf.read_message(entry), entry_where, part)
            except InputError as exc:
                part.errors.append(str(exc))
    except protobuf.WireError as exc:
        raise InputError("%s: invalid migration data (%s): copy or scan the whole "
                         "otpauth-migration:// URI again" % (where, exc)) from None
    return part


def _payload_bytes(text, where):
    if not is_migration_uri(text):
        raise InputError("%s: not an otpauth-migration:// URI" % where)
    _, _, query = text.partition("?")
    values = [pair[5:] for pair in query.split("&") if pair.lower().startswith("data=")]
    if not values or not values[0]:
        raise InputError("%s: the export has no data= parameter: copy the whole URI" % where)
    if len(values) > 1:
        raise InputError("%s: the data= parameter is given twice: keep one" % where)
    # percent-decode only: a literal '+' is base64, not a space; a space is a '+'
    # that something form-decoded on the way
    data = unquote_to_bytes(values[0]).decode("latin-1").strip().replace(" ", "+")
    data = data.replace("-", "+").replace("_", "/").rstrip("=")  # URL-safe alphabet too
    data += "=" * (-len(data) % 4)
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise InputError("%s: invalid migration data: data= is not base64: copy or scan "
                         "the whole otpauth-migration:// URI again" % where) from None


def _number(fields, number, default):
    values = fields.get(number)
    if not values:
        return default
    if not isinstance(values[-1], int):
        raise protobuf.WireError("field %d should be a number" % number)
    return values[-1]


def _text(fields, number, where):
    values = fields.get(number)
    if not values:
        return ""
    if not isinstance(values[-1], bytes):
        raise protobuf.WireError("field %d should be text" % number)
    try:
        return values[-1].decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("%s: a name or issuer is not UTF-8 text" % where) from None


def _read_account(fields, where, part):
    secrets = fields.get(SECRET) or [b""]
    if not isinstance(secrets[-1], bytes):
        raise protobuf.WireError("the secret should be bytes")
    secret = secrets[-1]
    raw_name = _text(fields, NAME, where)
    issuer = _text(fields, ISSUER, where)
    if not issuer or raw_name.startswith(issuer + ":"):
        name_issuer, name = split_label(raw_name, issuer)
        issuer = issuer or name_issuer
    else:
        name = raw_name
    where = account_where(where, issuer, name)

    algorithm_code = _number(fields, ALGORITHM, 0)
    if algorithm_code == ALGORITHM_MD5:
        raise InputError("%s: algorithm MD5 is not supported: the token computes SHA1, "
                         "SHA256 and SHA512 only" % where)
    if algorithm_code not in ALGORITHMS:
        raise InputError("%s: unknown algorithm code %d" % (where, algorithm_code))
    digit_code = _number(fields, DIGIT_COUNT, 0)
    if digit_code not in DIGITS:
        raise InputError("%s: unknown digit count code %d" % (where, digit_code))
    kind_code = _number(fields, KIND, 0)
    if kind_code not in KINDS:
        raise InputError("%s: unknown OTP type code %d" % (where, kind_code))
    kind = KINDS[kind_code]
    if kind == TOTP and is_steam_issuer(issuer):
        kind = STEAM
    counter = protobuf.signed(_number(fields, COUNTER, 0), 64)

    account = build_account(where, secret, issuer, name, kind=kind,
                            algorithm=ALGORITHMS[algorithm_code], digits=DIGITS[digit_code],
                            period=PERIOD, counter=counter)
    weak = weak_secret_warning(secret, where)
    if weak:
        part.warnings.append(weak)
    part.accounts.append(account)
